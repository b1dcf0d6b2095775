//! `kubeplay bench --rewind`: how long the timeline takes to show an earlier moment of a
//! session at 100 and 1,000 pods, and what its snapshots cost. The session is what a
//! class does: a Deployment applied and run in the page's frame-sized slices of time,
//! pods killed, a scale up and down, a node killed and restored. Then rewinds to
//! scattered instants (back and forth), and steps back one event at a time. Figures, not
//! pass/fail.

use crate::bench::live_heap;
use engine::actions::Action;
use engine::kubectl::NoFiles;
use engine::time::{Millis, MINUTE};
use engine::timeline::Timeline;
use std::time::Instant;

/// Simulated time a frame advances (a 60 Hz frame at 15× speed).
const SLICE: Millis = 250;

/// The session at `pods` pods (30 a node), its clock in frame slices.
fn session(pods: usize) -> (Timeline, f64) {
    let nodes = pods.div_ceil(30).max(2);
    let start = Instant::now();
    let mut t = Timeline::new(engine::bench::cluster(nodes));
    let node = t.cluster().store.nodes.keys().find(|n| !n.contains("control")).cloned().expect("a worker");
    let play = |t: &mut Timeline, ms: Millis| {
        for _ in 0..ms / SLICE {
            t.advance_sliced(SLICE, || false, &NoFiles);
        }
    };
    t.change(|c| engine::bench::apply(c, pods)).expect("the bench manifest applies");
    play(&mut t, 2 * MINUTE);
    t.change(|c| c.run("kill pod -l app=bench", &NoFiles));
    play(&mut t, MINUTE);
    t.change(|c| c.run(&format!("kubectl scale deployment bench --replicas={}", pods + pods / 10), &NoFiles));
    play(&mut t, MINUTE);
    t.change(|c| c.run(&format!("kubectl scale deployment bench --replicas={pods}"), &NoFiles));
    play(&mut t, MINUTE);
    t.change(|c| c.perform(&Action::KillNode(node.clone()), &NoFiles));
    play(&mut t, 3 * MINUTE);
    t.change(|c| c.perform(&Action::RestoreNode(node.clone()), &NoFiles));
    play(&mut t, 2 * MINUTE);
    (t, start.elapsed().as_secs_f64())
}

fn ms(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1e3
}

/// Median and worst of `v`, in place.
fn median_worst(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() - 1])
}

/// One row per size: the session, then `rewinds` rewinds and 20 steps back.
pub fn run(sizes: &[usize], rewinds: usize) {
    println!(
        "kubeplay bench --rewind: a 10-minute session (apply, kill pod, scale up and down, kill and restore a node) in {SLICE} ms slices, then rewinds to scattered instants, release={}",
        !cfg!(debug_assertions)
    );
    println!(
        "{:>6} {:>6} {:>11} {:>7} {:>9} {:>11} {:>13} {:>13} {:>13}",
        "pods", "events", "session", "snaps", "spacing", "snap heap", "rewind med", "rewind worst", "step back med"
    );
    for &pods in sizes {
        let (mut t, session_s) = session(pods);
        let heap = live_heap();
        let one = t.cluster().clone();
        let snap_heap = live_heap().saturating_sub(heap);
        drop(one);
        let (from, to) = (t.instant(t.first()), t.instant(t.end()));
        let mut x = 99u64;
        let mut times: Vec<f64> = (0..rewinds)
            .map(|_| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let at = from + (x >> 33) % (to - from + 1);
                ms(|| t.rewind_to_instant(at, &NoFiles))
            })
            .collect();
        t.rewind_to(t.end(), &NoFiles);
        let mut backs: Vec<f64> = (0..20).map(|_| ms(|| t.step_back(&NoFiles))).collect();
        let (med, worst) = median_worst(&mut times);
        let (back_med, _) = median_worst(&mut backs);
        let (snaps, spacing) = t.snapshots();
        println!(
            "{:>6} {:>6} {:>10.2}s {:>7} {:>8}s {:>7.1} MiB {:>10.2} ms {:>10.2} ms {:>10.2} ms",
            pods,
            t.events().len(),
            session_s,
            snaps,
            spacing / 1000,
            (snap_heap * snaps) as f64 / (1 << 20) as f64,
            med,
            worst,
            back_med
        );
    }
    println!("snap heap: the snapshots kept, each counted as a clone of the cluster at the end (the first, at boot, is smaller); rewinds: {rewinds} to instants spread over the session; step back: 20 from the end");
}
