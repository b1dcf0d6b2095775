//! The benchmark workload shared by `kubeplay bench` and the page's browser benchmark:
//! a Deployment of N replicas applied to a cloud cluster of M nodes and run until every
//! pod is Ready. Callers hold the stopwatch: the engine has no clock of its own.

pub mod mix;

use crate::apply::Mode;
use crate::time::Millis;
use crate::{Cluster, Preset};

/// The figures of one run that the engine can give; wall times are the caller's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub pods: usize,
    pub nodes: usize,
    /// Pods Ready when the run stopped.
    pub ready: usize,
    /// Simulated time from the apply until the last pod was Ready.
    pub sim_ms: Millis,
}

/// A one-container nginx Deployment, as a user would paste it.
pub fn manifest(replicas: usize) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bench\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: bench\n  template:\n    metadata:\n      labels:\n        app: bench\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n"
    )
}

/// The cluster the workload runs on: the cloud preset with `nodes` workers.
pub fn cluster(nodes: usize) -> Cluster {
    Cluster::new(Preset::Cloud, Some(nodes), 1)
}

/// Applies the Deployment; an error is the apply's own message.
pub fn apply(c: &mut Cluster, replicas: usize) -> Result<(), String> {
    let report = c.apply_text(&manifest(replicas), "bench.yaml", "default", Mode::Apply);
    match report.errors.first() {
        Some(e) => Err(e.text.clone()),
        None => Ok(()),
    }
}

/// Ready pods in the default namespace.
pub fn ready(c: &Cluster) -> usize {
    // Readiness first: it is a flag, and the namespace a comparison of strings.
    c.store.pods().filter(|(_, p)| p.is_ready() && p.meta.namespace == "default").count()
}

/// Advances simulated time a second at a time until `pods` pods are Ready, for at most
/// `max_seconds` of simulated time.
pub fn run_until_ready(c: &mut Cluster, pods: usize, nodes: usize, max_seconds: u32) -> Outcome {
    let start = c.now();
    let mut n = ready(c);
    for _ in 0..max_seconds {
        if n >= pods {
            break;
        }
        c.advance(1000);
        n = ready(c);
    }
    Outcome { pods, nodes, ready: n, sim_ms: c.now() - start }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_workload_becomes_ready() {
        let mut c = cluster(4);
        apply(&mut c, 40).expect("the bench manifest applies");
        let o = run_until_ready(&mut c, 40, 4, 300);
        assert_eq!(o.ready, 40);
        assert!(o.sim_ms > 0 && o.sim_ms < 120_000, "{o:?}");
        crate::invariants::check(&c).expect("invariants hold");
    }
}
