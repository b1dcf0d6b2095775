//! Same seed and same actions give the same cluster, byte for byte; another seed gives
//! other names. This is what lets a run be replayed, shared as a link, and rewound.

use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const MANIFEST: &str = "
apiVersion: v1
kind: Pod
metadata:
  generateName: worker-
  labels: {app: work}
spec:
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  generateName: worker-
  labels: {app: work}
spec:
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, 'sleep 3; exit 1']
---
apiVersion: v1
kind: Pod
metadata:
  name: missing-image
spec:
  containers:
  - name: app
    image: nginx:doesnotexist
---
apiVersion: v1
kind: Service
metadata:
  name: work
spec:
  type: NodePort
  selector: {app: work}
  ports:
  - port: 80
";

/// Applies (pulls, crash loops and pull back-offs included), advances, kills a node, and
/// returns everything observable.
fn run(seed: u64) -> (String, String) {
    let mut c = Cluster::new(Preset::Kind, Some(3), seed);
    let mut transcript = String::new();
    let report = c.apply_text(MANIFEST, "m.yaml", "default", engine::apply::Mode::Create);
    transcript.push_str(&report.out.join("\n"));
    c.advance(5_000);
    for line in ["get pods -o wide", "get svc", "get pods -o yaml"] {
        transcript.push_str(&c.kubectl(line, &NoFiles).text());
    }
    c.kill_node("kind-worker").unwrap();
    c.advance(400_000);
    c.restore_node("kind-worker").unwrap();
    c.advance(10_000);
    for line in ["get pods -o wide", "get nodes", "get events -A"] {
        transcript.push_str(&c.kubectl(line, &NoFiles).text());
    }
    (c.event_log(), transcript)
}

#[test]
fn same_seed_same_actions_same_bytes() {
    let (log_a, out_a) = run(42);
    let (log_b, out_b) = run(42);
    assert!(log_a.lines().count() > 15, "the run should produce events:\n{log_a}");
    assert_eq!(log_a, log_b);
    assert_eq!(out_a, out_b);
}

#[test]
fn another_seed_gives_other_names() {
    let (log_a, out_a) = run(42);
    let (log_c, out_c) = run(43);
    assert_ne!(out_a, out_c, "generated names, uids and ports come from the seed");
    assert_ne!(log_a, log_c);
}

/// The same constant is asserted by the page's wasm tests in headless Chromium
/// (`src/tests.rs`): the native and wasm builds simulate the same bytes.
pub const FINGERPRINT: u64 = 0x6a02_2c38_0c56_8856;

#[test]
fn the_fixed_scenario_has_the_same_fingerprint_everywhere() {
    assert_eq!(engine::soak::fingerprint(), FINGERPRINT);
}

/// A sliced advance, stopped between instants as the page does each frame, replays from
/// its action log to the same cluster as the one that ran it.
#[test]
fn sliced_advances_replay_to_the_same_state() {
    let mut c = engine::bench::cluster(20);
    engine::bench::apply(&mut c, 600).expect("applies");
    let mut calls = 0u32;
    let mut slices = 0;
    let mut advanced = 0;
    while advanced < 30_000 {
        // Stop every other instant, as a frame budget would.
        advanced += c.advance_sliced(30_000 - advanced, || {
            calls += 1;
            calls % 2 == 0
        });
        slices += 1;
    }
    assert!(slices > 2, "the run was sliced ({slices} slices)");
    assert_eq!(engine::bench::ready(&c), 600);
    let mut replayed = engine::Cluster::new(c.preset(), Some(20), c.seed());
    for a in c.log() {
        replayed.perform(a, &engine::kubectl::NoFiles);
    }
    assert_eq!(replayed.event_log(), c.event_log());
    assert_eq!(replayed.now(), c.now());
}

/// A clone of a cluster runs on exactly as the original would: the same random names,
/// events and outputs after the same actions. The fuzz targets and property checks boot
/// a cluster once and clone it for each input.
#[test]
fn a_clone_runs_on_exactly_as_the_original() {
    let mut c = Cluster::new(Preset::Kind, Some(3), 42);
    c.apply_text(MANIFEST, "m.yaml", "default", engine::apply::Mode::Create);
    c.advance(5_000);
    let mut d = c.clone();
    let mut outputs = Vec::new();
    for x in [&mut c, &mut d] {
        // New generated names come from the cluster's random stream after the clone.
        x.kubectl("create deployment web --image=nginx:1.27 --replicas=3", &NoFiles);
        x.kill_node("kind-worker").unwrap();
        x.advance(400_000);
        x.restore_node("kind-worker").unwrap();
        x.advance(10_000);
        outputs.push(x.kubectl("get pods -o wide", &NoFiles).text());
    }
    assert!(outputs[0].contains("web-"), "the Deployment's pods are listed:\n{}", outputs[0]);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(c.event_log(), d.event_log());
    assert_eq!(c.log(), d.log());
}
