//! `kubeplay bench`: how long the engine takes from applying a Deployment of N replicas
//! to every pod Running on M nodes, what the pods cost in heap, and what an idle
//! simulated second costs afterwards. Figures, not pass/fail.

use std::process::ExitCode;
use std::time::Instant;

/// Heap bytes in use: what the program asked for and has not freed (`crate::alloc`).
pub fn live_heap() -> usize {
    crate::alloc::live()
}

fn rss_kib(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok()
}

/// This process's CPU time so far, (user, kernel) in seconds, from `/proc/self/stat`
/// (utime and stime, in the 100 ticks a second Linux reports them in). The kernel's
/// share of a run is mostly zeroing the fresh memory it first touches, which on a
/// virtual machine moves by a third of a run between runs; the user share is the engine.
fn cpu_s() -> Option<(f64, f64)> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command's name, in parentheses, may hold spaces: fields are counted after it.
    let rest = &s[s.rfind(')')? + 2..];
    let mut f = rest.split_whitespace().skip(11);
    let user: f64 = f.next()?.parse().ok()?;
    let kernel: f64 = f.next()?.parse().ok()?;
    Some((user / 100.0, kernel / 100.0))
}

#[derive(Clone)]
struct Figures {
    apply_ms: f64,
    wall_s: f64,
    /// CPU seconds of the timed run, in user mode and in the kernel.
    cpu: Option<(f64, f64)>,
    ready: usize,
    sim_ms: u64,
    heap_per_pod: f64,
    idle_ms: f64,
    view_ms: f64,
}

/// Fastest first, so the median run is the middle one.
fn by_wall(all: &mut [Figures]) {
    all.sort_by(|a, b| a.wall_s.total_cmp(&b.wall_s));
}

fn once(pods: usize, nodes: usize) -> Figures {
    let heap0 = live_heap();
    let cpu0 = cpu_s();
    let start = Instant::now();
    let mut c = engine::bench::cluster(nodes);
    engine::bench::apply(&mut c, pods).expect("the bench manifest applies");
    let apply_ms = start.elapsed().as_secs_f64() * 1e3;
    let outcome = engine::bench::run_until_ready(&mut c, pods, nodes, 3600);
    let wall_s = start.elapsed().as_secs_f64();
    let cpu = cpu0.zip(cpu_s()).map(|((u0, k0), (u, k))| (u - u0, k - k0));
    let heap_per_pod = live_heap().saturating_sub(heap0) as f64 / pods.max(1) as f64;
    // Idle: nothing changes any more, time still passes (probes, metrics, node heartbeats).
    let idle = Instant::now();
    for _ in 0..10 {
        c.advance(1000);
    }
    let idle_ms = idle.elapsed().as_secs_f64() * 1e3 / 10.0;
    // What the page pays to redraw: the aggregated view model above 1,500 pods.
    let view = Instant::now();
    let summary = engine::view::summary(&c);
    let view_ms = view.elapsed().as_secs_f64() * 1e3;
    assert_eq!(summary.pods, pods);
    Figures { apply_ms, wall_s, cpu, ready: outcome.ready, sim_ms: outcome.sim_ms, heap_per_pod, idle_ms, view_ms }
}

/// An idle cluster: booted with its system pods only, then left alone while simulated
/// time passes; what one simulated second costs once nothing changes. Returns the
/// system pods' count and the milliseconds per simulated second.
fn idle_only(nodes: usize, seconds: u32) -> (usize, f64) {
    let mut c = engine::bench::cluster(nodes);
    // The first seconds after boot still carry the boot's own wake-ups.
    c.advance(10_000);
    let start = Instant::now();
    for _ in 0..seconds {
        c.advance(1000);
    }
    let ms = start.elapsed().as_secs_f64() * 1e3 / seconds.max(1) as f64;
    (c.store.pod_count(), ms)
}

/// The mixed workload (`engine::bench::mix`) on `nodes` nodes, then the plain rollout of
/// as many pods on as many nodes, each from a fresh cluster: per-pod time and heap side
/// by side. With `runs` above one the two alternate, each row is the median run, and the
/// ratio is given per pair too: the machine's speed moves between the two halves of one
/// pair less than between runs minutes apart.
fn mixed(pods: usize, nodes: usize, runs: usize) {
    let mix = engine::bench::mix::Mix::of(pods, nodes);
    println!(
        "kubeplay bench --mix: {} pods on {nodes} nodes: {} DaemonSets on every node, {} StatefulSets of {} with a claim each, {} Jobs of {}, {} Deployments of up to {} mounting a ConfigMap and a Secret, a Service and a NetworkPolicy each under a default deny",
        mix.pods(),
        mix.daemonsets,
        mix.statefulsets.0,
        mix.statefulsets.1,
        mix.jobs.0,
        mix.jobs.1,
        mix.deployments.0,
        mix.deployments.1
    );
    println!(
        "{:>8} {:>8} {:>6} {:>9} {:>10} {:>10} {:>12} {:>9} {:>10}",
        "run", "pods", "nodes", "apply", "to done", "µs/pod", "heap/pod", "done", "sim time"
    );
    let n = mix.pods().max(1) as f64;
    // One run from a fresh cluster: `apply`, then `run` until it reports what is done.
    let timed = |apply: &dyn Fn(&mut engine::Cluster), run: &dyn Fn(&mut engine::Cluster) -> (usize, u64)| {
        let heap0 = live_heap();
        let start = Instant::now();
        let mut c = engine::bench::cluster(nodes);
        apply(&mut c);
        let apply_ms = start.elapsed().as_secs_f64() * 1e3;
        let (ready, sim_ms) = run(&mut c);
        let wall_s = start.elapsed().as_secs_f64();
        let heap_per_pod = live_heap().saturating_sub(heap0) as f64 / n;
        Figures { apply_ms, wall_s, cpu: None, ready, sim_ms, heap_per_pod, idle_ms: 0.0, view_ms: 0.0 }
    };
    let mut mixes: Vec<Figures> = Vec::new();
    let mut plains: Vec<Figures> = Vec::new();
    for _ in 0..runs.max(1) {
        mixes.push(timed(&|c| engine::bench::mix::apply(c, &mix).expect("the mix applies"), &|c| {
            engine::bench::mix::run_until_done(c, &mix, 3600)
        }));
        plains.push(timed(&|c| engine::bench::apply(c, mix.pods()).expect("the bench manifest applies"), &|c| {
            let outcome = engine::bench::run_until_ready(c, mix.pods(), nodes, 3600);
            (outcome.ready, outcome.sim_ms)
        }));
    }
    let mut pairs: Vec<f64> = mixes.iter().zip(&plains).map(|(m, p)| m.wall_s / p.wall_s.max(1e-12)).collect();
    let median = |all: &mut Vec<Figures>| {
        by_wall(all);
        all[all.len() / 2].clone()
    };
    let row = |label: &str, f: &Figures| {
        println!(
            "{label:>8} {:>8} {nodes:>6} {:>7.1}ms {:>9.3}s {:>10.1} {:>8.2} KiB {:>9} {:>8}ms",
            mix.pods(),
            f.apply_ms,
            f.wall_s,
            f.wall_s * 1e6 / n,
            f.heap_per_pod / 1024.0,
            f.ready,
            f.sim_ms
        );
        f.wall_s
    };
    let mixed = row("mix", &median(&mut mixes));
    let plain = row("rollout", &median(&mut plains));
    println!("mix / rollout, per pod: {:.2}×", mixed / plain.max(1e-12));
    if runs > 1 {
        pairs.sort_by(f64::total_cmp);
        let spread: Vec<String> = pairs.iter().map(|r| format!("{r:.2}")).collect();
        println!("medians of {runs} runs each, in turn; the pairs' own ratios, in order: {}×", spread.join(", "));
    }
}

pub fn run(args: &[String]) -> ExitCode {
    crate::alloc::keep_freed_memory();
    let mut pods = 150_000usize;
    let mut nodes = 5_000usize;
    let mut ladder = false;
    let mut runs = 1usize;
    let mut idle_seconds = 60u32;
    let mut mix = false;
    let mut rewind = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--pods" => {
                pods = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(pods);
                i += 1;
            }
            "--nodes" => {
                nodes = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(nodes);
                i += 1;
            }
            "--ladder" => ladder = true,
            "--mix" => mix = true,
            "--rewind" => rewind = true,
            "--runs" => {
                runs = args.get(i + 1).and_then(|v| v.parse().ok()).filter(|&r| r > 0).unwrap_or(runs);
                i += 1;
            }
            "--idle-seconds" => {
                idle_seconds = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(idle_seconds);
                i += 1;
            }
            other => {
                eprintln!("kubeplay bench: unknown option {other}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    if rewind {
        // 100 and 1,000 pods, the figures the README gives, unless told otherwise.
        let sizes = if args.iter().any(|a| a == "--pods") { vec![pods] } else { vec![100, 1_000] };
        crate::rewind::run(&sizes, if args.iter().any(|a| a == "--runs") { runs } else { 15 });
        return ExitCode::SUCCESS;
    }
    if mix {
        // 50,000 pods at 30 a node, the plain benchmark's shape, unless told otherwise.
        let pods = if args.iter().any(|a| a == "--pods") { pods } else { 50_000 };
        let nodes = if args.iter().any(|a| a == "--nodes") { nodes } else { pods.div_ceil(30) };
        mixed(pods, nodes, runs);
        return ExitCode::SUCCESS;
    }
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "kubeplay bench: a Deployment applied until every pod is Ready, engine natively, {cores} cores, release={}",
        !cfg!(debug_assertions)
    );
    println!(
        "{:>8} {:>6} {:>9} {:>10} {:>10} {:>12} {:>9} {:>10} {:>14} {:>10}",
        "pods", "nodes", "apply", "to Ready", "pods/s", "heap/pod", "ready", "sim time", "idle sim s", "view"
    );
    // The ladder keeps 30 pods per node, the shape of the 150,000-pod, 5,000-node limit.
    let sizes: Vec<(usize, usize)> = if ladder {
        [10, 100, 1_000, 10_000, 100_000, 150_000].iter().map(|&p| (p, (p / 30).max(1))).filter(|(p, _)| *p <= pods).collect()
    } else {
        vec![(pods, nodes)]
    };
    for (p, n) in sizes {
        // Repeated runs: the row is the median run by wall time, with the spread below it,
        // since one run on a shared machine moves by ±10%.
        let mut all: Vec<Figures> = (0..runs).map(|_| once(p, n)).collect();
        let in_order: Vec<String> = all.iter().map(|f| format!("{:.3}", f.wall_s)).collect();
        let kernel: Vec<String> = all.iter().filter_map(|f| f.cpu).map(|(_, k)| format!("{k:.2}")).collect();
        by_wall(&mut all);
        let f = &all[all.len() / 2];
        println!(
            "{:>8} {:>6} {:>7.1}ms {:>9.3}s {:>10.0} {:>8.2} KiB {:>9} {:>8}ms {:>11.4} ms {:>7.2} ms",
            p,
            n,
            f.apply_ms,
            f.wall_s,
            p as f64 / f.wall_s.max(1e-9),
            f.heap_per_pod / 1024.0,
            f.ready,
            f.sim_ms,
            f.idle_ms,
            f.view_ms
        );
        if runs > 1 {
            let (lo, hi) = (all[0].wall_s, all[all.len() - 1].wall_s);
            println!("{:>8} {:>6} {:>9} median of {runs} runs, to Ready {lo:.3}–{hi:.3} s; in order {} s", "", "", "", in_order.join(", "));
        }
        if let Some((user, k)) = f.cpu {
            println!(
                "{:>8} {:>6} {:>9} the median run's CPU: {user:.2} s in the engine (user), {k:.2} s in the kernel; the kernel's, in order: {} s (mostly zeroing memory first touched)",
                "",
                "",
                "",
                kernel.join(", ")
            );
        }
    }
    if idle_seconds > 0 {
        let (system_pods, ms) = idle_only(nodes, idle_seconds);
        println!(
            "idle cluster: {nodes} nodes, {system_pods} system pods, nothing applied: {ms:.4} ms per simulated second (over {idle_seconds} s)"
        );
    }
    if let Some(peak) = rss_kib("VmHWM:") {
        println!("peak resident memory: {:.1} MiB", peak as f64 / 1024.0);
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn repeated_runs_are_accepted_and_unknown_options_refused() {
        assert_eq!(run(&args(&["--pods", "30", "--nodes", "3", "--runs", "3"])), ExitCode::SUCCESS);
        assert_eq!(run(&args(&["--pods", "30", "--nodes", "3", "--repeat", "3"])), ExitCode::from(2));
        assert_eq!(run(&args(&["--mix", "--pods", "300", "--nodes", "4"])), ExitCode::SUCCESS);
        assert_eq!(run(&args(&["--rewind", "--pods", "20", "--runs", "3"])), ExitCode::SUCCESS);
    }
}
