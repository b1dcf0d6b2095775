//! The chaos soak: seeded random user actions (deploy, scale, delete pods, kill and
//! restore nodes, traffic, load, autoscalers, time) and the other workload controllers
//! (a StatefulSet with claims, Jobs that succeed or fail, a DaemonSet, a disruption
//! budget and drains) over simulated days. After every
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

/// A StatefulSet `db` of `replicas` with a claim per pod.
fn stateful(replicas: u32, parallel: bool) -> String {
    let policy = if parallel { "Parallel" } else { "OrderedReady" };
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: {replicas}\n  podManagementPolicy: {policy}\n  selector:\n    matchLabels: {{app: db}}\n  template:\n    metadata:\n      labels: {{app: db}}\n    spec:\n      containers:\n      - name: db\n        image: redis:7\n        volumeMounts:\n        - {{name: data, mountPath: /data}}\n  volumeClaimTemplates:\n  - metadata: {{name: data}}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests: {{storage: 1Gi}}\n"
    )
}

/// A Job `batch{n}` of `completions`, `parallelism` at a time, whose pods exit 0 or 1.
fn job(n: u32, completions: u32, parallelism: u32, fails: bool) -> String {
    let code = u32::from(fails);
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: batch{n}\nspec:\n  completions: {completions}\n  parallelism: {parallelism}\n  backoffLimit: 3\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: work\n        image: busybox:1.36\n        command: [sh, -c, 'sleep 20; exit {code}']\n"
    )
}

const DAEMON: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: busybox:1.36\n        command: [sleep, '86400']\n";

const BUDGET: &str = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: db\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: db}\n";

/// One action on the other workload controllers, drawn from its own generator so the
/// determinism fingerprint (which replays `act` alone) stays what it was.
fn act_workloads(c: &mut Cluster, rng: &mut Rng) {
    match rng.below(8) {
        0 | 1 => {
            let text = stateful(rng.below(5), rng.below(4) == 0);
            if !c.apply_text(&text, "db.yaml", "default", Mode::Apply).errors.is_empty() {
                // The pod management policy cannot change: the other set goes first.
                c.kubectl("delete statefulset db --wait=false", &NoFiles);
            }
        }
        2 | 3 => {
            let text = job(rng.below(3), 1 + rng.below(5), 1 + rng.below(3), rng.below(3) == 0);
            c.apply_text(&text, "job.yaml", "default", Mode::Apply);
        }
        4 => {
            c.apply_text(DAEMON, "agent.yaml", "default", Mode::Apply);
            c.apply_text(BUDGET, "pdb.yaml", "default", Mode::Apply);
        }
        5 => {
            // A pod of the set: the same name must come back, never a second one.
            c.kubectl(&format!("delete pod db-{} --wait=false", rng.below(4)), &NoFiles);
        }
        6 => {
            let node = NODES[1 + rng.below(2) as usize];
            c.kubectl(&format!("drain {node} --ignore-daemonsets --force --delete-emptydir-data --timeout=60s"), &NoFiles);
            c.kubectl(&format!("uncordon {node}"), &NoFiles);
        }
        _ => {
            c.kubectl(&format!("delete job batch{} --wait=false", rng.below(3)), &NoFiles);
        }
    }
}

/// One seeded run over `simulated` ms of cluster time.
pub fn run(seed: u64, simulated: Millis) -> Run {
    let mut c = Cluster::new(Preset::Kind, None, seed);
    let mut rng = Rng::new(seed ^ 0x5eed_50a4);
    let mut workloads = Rng::new(seed ^ 0x57a7_e5e7);
    let mut out = Run::default();
    while c.now() < simulated {
        for i in 0..BURST {
            act(&mut c, &mut rng);
            out.actions += 1;
            if i % 3 == 0 {
                act_workloads(&mut c, &mut workloads);
                out.actions += 1;
            }
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
