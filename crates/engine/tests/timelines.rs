//! The kubelet's timings pinned against the facts (Appendix A): when a crashing container
//! is restarted, when a failing pull is retried, how long a node takes to turn NotReady
//! and to lose its pods, and the STATUS kubectl shows for each state.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn cluster_with(manifest: &str) -> Cluster {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let r = c.apply_text(manifest, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c
}

fn pod(name: &str, image: &str, extra: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra}  containers:\n  - name: app\n    image: {image}\n")
}

/// (time, STATUS, RESTARTS) every `step` ms until `until`, keeping only changes.
fn watch(c: &mut Cluster, name: &str, until: u64, step: u64) -> Vec<(u64, String, String)> {
    let mut seen: Vec<(u64, String, String)> = Vec::new();
    while c.now() < until {
        let p = c.store.pod(c.store.pod_id("default", name).unwrap()).unwrap();
        let s = p.summary(c.now());
        let restarts = s.restarts.split(' ').next().unwrap().to_string();
        if seen.last().is_none_or(|(_, st, r)| *st != s.status || *r != restarts) {
            seen.push((c.now(), s.status, restarts));
        }
        c.advance(step);
    }
    seen
}

#[test]
fn crash_loop_restarts_at_once_then_after_10_20_40_80_160_300_seconds() {
    let mut c = cluster_with(
        &pod("crash", "busybox:1.36", "").replace("image: busybox:1.36", "image: busybox:1.36\n    command: [\"sh\", \"-c\", \"exit 1\"]"),
    );
    c.advance(1);
    let seen = watch(&mut c, "crash", engine::time::BOOT + 16 * 60_000, 100);
    // The times at which RESTARTS goes up, and the gaps between them.
    let mut restarts: Vec<u64> = vec![];
    for w in seen.windows(2) {
        if w[1].2 != w[0].2 {
            restarts.push(w[1].0);
        }
    }
    let gaps: Vec<u64> = restarts.windows(2).map(|w| (w[1] - w[0]) / 1000).collect();
    // First exit: restarted at once (after the status sync). Then each wait, counted from
    // the exit, doubles from 10 s and is capped at 5 min; the process itself runs 0.1 s.
    assert_eq!((restarts[0] - engine::time::BOOT) / 1000, 3, "the first exit is restarted at once: {restarts:?}");
    assert_eq!(gaps[..7], [10, 20, 40, 80, 160, 300, 300], "restarts at {restarts:?}");
    assert!(seen.iter().any(|(_, s, _)| s == "CrashLoopBackOff"));
    assert!(seen.iter().any(|(_, s, _)| s == "Error"), "the exit shows as Error before the back-off: {seen:?}");
}

#[test]
fn failing_pull_flips_between_err_image_pull_and_image_pull_back_off_with_growing_gaps() {
    let mut c = cluster_with(&pod("missing", "nginx:doesnotexist", ""));
    c.advance(1);
    let seen = watch(&mut c, "missing", engine::time::BOOT + 12 * 60_000, 100);
    let pulls: Vec<u64> = seen.iter().filter(|(_, s, _)| s == "ErrImagePull").map(|(t, _, _)| *t).collect();
    let gaps: Vec<u64> = pulls.windows(2).map(|w| (w[1] - w[0]) / 1000).collect();
    assert!(pulls.len() >= 5, "{seen:?}");
    // Retries come no sooner than the back-off window (10, 20, 40, 80, 160 s) and within
    // one sync period (10-15 s) after it.
    for (gap, window) in gaps.iter().zip([10u64, 20, 40, 80, 160]) {
        assert!(*gap >= window && *gap <= window + 16, "gap {gap}s for window {window}s: {gaps:?}");
    }
    assert!(seen.iter().any(|(_, s, _)| s == "ImagePullBackOff"));
    assert!(seen.iter().all(|(_, _, r)| r == "0"), "a pull failure never counts as a restart");
}

#[test]
fn every_status_kubectl_prints() {
    let init = "  initContainers:\n  - name: wait\n    image: busybox:1.36\n    command: [\"sleep\", \"30\"]\n  - name: migrate\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"exit 0\"]\n";
    let bad_init = "  initContainers:\n  - name: check\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"exit 3\"]\n";
    let manifests = [
        pod("running", "nginx:1.27", ""),
        pod("never", "nginx:1.27", "").replace("image: nginx:1.27", "image: nginx:1.27\n    imagePullPolicy: Never"),
        pod("badname", "nginx:1.25:x", ""),
        pod("missing", "nginx:doesnotexist", ""),
        pod("done", "busybox:1.36", "  restartPolicy: Never\n")
            .replace("image: busybox:1.36", "image: busybox:1.36\n    command: [\"true\"]"),
        pod("failed", "busybox:1.36", "  restartPolicy: Never\n")
            .replace("image: busybox:1.36", "image: busybox:1.36\n    command: [\"false\"]"),
        pod("oom", "nginx:1.27", "").replace("image: nginx:1.27", "image: nginx:1.27\n    resources:\n      limits:\n        memory: 1Mi"),
        pod("initing", "nginx:1.27", init),
        pod("initfail", "nginx:1.27", bad_init),
        pod("unschedulable", "nginx:1.27", "  nodeSelector:\n    disk: none\n"),
    ]
    .join("---\n");
    let mut c = cluster_with(&manifests);
    let status = |c: &Cluster, n: &str| c.store.pod(c.store.pod_id("default", n).unwrap()).unwrap().summary(c.now()).status;
    // Scheduling takes no simulated time: the kubelet already creates the sandbox.
    assert_eq!(status(&c, "running"), "ContainerCreating");
    c.advance(500);
    assert_eq!(status(&c, "running"), "ContainerCreating");
    assert_eq!(status(&c, "initing"), "Init:0/2");
    c.advance(3_000);
    assert_eq!(status(&c, "never"), "ErrImageNeverPull");
    assert_eq!(status(&c, "badname"), "InvalidImageName");
    assert_eq!(status(&c, "done"), "Completed");
    assert_eq!(status(&c, "failed"), "Error");
    assert_eq!(status(&c, "unschedulable"), "Pending");
    let missing = status(&c, "missing");
    assert!(missing == "ErrImagePull" || missing == "ImagePullBackOff", "{missing}");
    c.advance(5_000);
    assert_eq!(status(&c, "running"), "Running");
    assert!(["Init:Error", "Init:CrashLoopBackOff"].contains(&status(&c, "initfail").as_str()), "{}", status(&c, "initfail"));
    assert_eq!(status(&c, "initing"), "Init:0/2");
    c.advance(30_000);
    assert_eq!(status(&c, "initing"), "Running");
    let oom_seen = (0..60).any(|_| {
        c.advance(500);
        status(&c, "oom") == "OOMKilled"
    });
    assert!(oom_seen);
    assert!(c.kubectl("delete pod running --wait=false", &NoFiles).stderr.is_empty());
    assert_eq!(status(&c, "running"), "Terminating");
}

#[test]
fn a_dead_node_is_not_ready_after_50_to_60_seconds_and_its_pods_go_after_300_more() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(&pod("p", "nginx:1.27", "  nodeName: kind-worker\n"), "t.yaml", "default", Mode::Apply);
    c.advance(20_000);
    c.kill_node("kind-worker").unwrap();
    let killed = c.now();
    let mut not_ready_at = None;
    let mut evicted_at = None;
    while c.now() < killed + 400_000 {
        c.advance(1_000);
        if not_ready_at.is_none() && !c.store.nodes["kind-worker"].ready {
            not_ready_at = Some(c.now());
        }
        if evicted_at.is_none() && c.store.pod(c.store.pod_id("default", "p").unwrap()).unwrap().meta.deletion.is_some() {
            evicted_at = Some(c.now());
        }
    }
    let nr = (not_ready_at.unwrap() - killed) / 1000;
    assert!((40..=60).contains(&nr), "NotReady {nr}s after the kill");
    let ev = (evicted_at.unwrap() - not_ready_at.unwrap()) / 1000;
    assert!((300..=301).contains(&ev), "evicted {ev}s after NotReady");
}
