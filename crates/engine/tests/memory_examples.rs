//! The documentation's memory examples (tasks/configure-pod-container/assign-memory-
//! resource): polinux/stress holding 150M under a 200Mi limit runs; 250M under 100Mi is
//! OOMKilled and restarted.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn pod(name: &str, limit: &str, bytes: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: {name}-ctr\n    image: polinux/stress\n    resources:\n      requests:\n        memory: \"50Mi\"\n      limits:\n        memory: \"{limit}\"\n    command: [\"stress\"]\n    args: [\"--vm\", \"1\", \"--vm-bytes\", \"{bytes}\", \"--vm-hang\", \"1\"]\n")
}

#[test]
fn stress_within_its_limit_runs_and_past_it_is_oom_killed() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 6);
    for (name, limit, bytes) in [("memory-demo", "200Mi", "150M"), ("memory-demo-2", "100Mi", "250M")] {
        assert!(c.apply_text(&pod(name, limit, bytes), "pod.yaml", "default", Mode::Apply).errors.is_empty());
    }
    c.advance(40_000);
    let get = |c: &mut Cluster, name: &str| c.kubectl(&format!("kubectl get pod {name}"), &NoFiles).stdout;
    assert!(get(&mut c, "memory-demo").contains("1/1     Running   0"), "{}", get(&mut c, "memory-demo"));
    let described = c.kubectl("kubectl describe pod memory-demo-2", &NoFiles).stdout;
    assert!(described.contains("Reason:       OOMKilled") && described.contains("Exit Code:    137"), "{described}");
    assert!(!get(&mut c, "memory-demo-2").contains("   0          "), "restarted: {}", get(&mut c, "memory-demo-2"));
}
