//! The chaos soak: seeded random user actions (deploy, scale, delete pods, kill and
//! restore nodes, traffic, load, autoscalers, time) over simulated days. After every
//! burst the cluster is given time to settle (nodes back, twenty minutes) and
//! `check_invariants` must hold. `kubeplay soak` prints the figures.

use crate::apply::Mode;
use crate::cluster::Cluster;
use crate::kubectl::NoFiles;
use crate::loadgen::Shape;
use crate::presets::Preset;
use crate::proxy::Entry;
use crate::rng::Rng;
use crate::time::Millis;

/// The kind preset's nodes.
pub const NODES: [&str; 3] = ["kind-control-plane", "kind-worker", "kind-worker2"];
const IMAGES: [&str; 4] = ["nginx:1.27", "nginx:1.28", "redis:7", "example.invalid/missing:1"];
const BURST: usize = 25;
const SETTLE: Millis = 20 * 60_000;

/// A Deployment `app{app}` (200m CPU request) and its NodePort Service, as the chaos
/// tests, the soak and the fuzz targets apply it.
pub fn manifest(app: u32, replicas: u32, image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{app}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: app{app}}}\n  template:\n    metadata:\n      labels: {{app: app{app}}}\n    spec:\n      containers:\n      - name: c\n        image: {image}\n        resources:\n          requests:\n            cpu: 200m\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app{app}\nspec:\n  type: NodePort\n  selector: {{app: app{app}}}\n  ports:\n  - port: 80\n"
    )
}

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Run {
    pub actions: u64,
    pub checks: u64,
    pub simulated: Millis,
    /// The first invariant that failed, with when.
    pub violation: Option<String>,
}

fn act(c: &mut Cluster, rng: &mut Rng) {
    let app = rng.below(3);
    match rng.below(11) {
        0 | 1 => {
            let image = IMAGES[rng.below(IMAGES.len() as u32) as usize];
            c.apply_text(&manifest(app, rng.below(7), image), "soak.yaml", "default", Mode::Apply);
        }
        2 => {
            c.kubectl(&format!("scale deployment app{app} --replicas={}", rng.below(9)), &NoFiles);
        }
        3 => {
            let pods = c.store.pods_in(Some("default"));
            if !pods.is_empty() {
                let id = pods[rng.below(pods.len() as u32) as usize];
                let name = c.store.pod(id).map(|p| p.meta.name.clone()).unwrap_or_default();
                c.kubectl(&format!("delete pod {name} --wait=false"), &NoFiles);
            }
        }
        4 => {
            let _ = c.kill_node(NODES[rng.below(3) as usize]);
        }
        5 => {
            let _ = c.restore_node(NODES[rng.below(3) as usize]);
        }
        6 => {
            c.send_requests(
                "default",
                &format!("app{app}"),
                None,
                &Entry::NodePort("kind-worker".into()),
                "10.0.0.1",
                rng.below(200) as usize,
            );
        }
        7 => {
            let shape = match rng.below(4) {
                0 => None,
                1 => Some(Shape::Steady(f64::from(rng.below(400)))),
                2 => Some(Shape::Ramp { from: 0.0, to: f64::from(rng.below(400)), seconds: u64::from(rng.below(600)) }),
                _ => Some(Shape::Spike { base: 5.0, peak: f64::from(rng.below(800)), seconds: u64::from(rng.below(300)) }),
            };
            c.set_load("default", &format!("app{app}"), shape);
        }
        8 => {
            c.kubectl(
                &format!("autoscale deployment app{app} --cpu-percent={} --min=1 --max={}", 20 + rng.below(80), 1 + rng.below(8)),
                &NoFiles,
            );
        }
        _ => c.advance(Millis::from(rng.below(1_800_000)) + 1_000),
    }
}

/// One seeded run over `simulated` ms of cluster time.
pub fn run(seed: u64, simulated: Millis) -> Run {
    let mut c = Cluster::new(Preset::Kind, None, seed);
    let mut rng = Rng::new(seed ^ 0x5eed_50a4);
    let mut out = Run::default();
    while c.now() < simulated {
        for _ in 0..BURST {
            act(&mut c, &mut rng);
            out.actions += 1;
        }
        for n in NODES {
            let _ = c.restore_node(n);
        }
        c.advance(SETTLE);
        out.checks += 1;
        if let Err(e) = crate::invariants::check(&c) {
            out.violation = Some(format!("seed {seed} at {}: {e}", crate::time::go_duration(c.now())));
            break;
        }
    }
    out.simulated = c.now();
    out
}

/// A fixed scenario's fingerprint (FNV-1a of its event log and a kubectl transcript):
/// the native tests and the wasm tests in the browser assert the same value, so both
/// builds simulate byte for byte the same cluster.
pub fn fingerprint() -> u64 {
    let mut c = Cluster::new(Preset::Kind, None, 42);
    let mut rng = Rng::new(42);
    let mut transcript = String::new();
    for step in 0..60 {
        act(&mut c, &mut rng);
        if step % 10 == 9 {
            transcript.push_str(&c.kubectl("get pods -o wide", &NoFiles).text());
            transcript.push_str(&c.kubectl("get hpa", &NoFiles).text());
        }
    }
    c.advance(SETTLE);
    let text = c.event_log() + &transcript;
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_short_soak_holds_and_is_deterministic() {
        let a = super::run(7, 6 * 3_600_000);
        assert_eq!(a.violation, None);
        assert!(a.checks >= 3, "{a:?}");
        assert_eq!(a, super::run(7, 6 * 3_600_000));
    }
}
