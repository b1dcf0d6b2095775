//! Pods a Service selects that run but are not Ready: they get no requests yet, which the
//! page says beside the buttons that send traffic.

use crate::model::pod::Phase;
use crate::world::World;

/// The names of the Service's pods that are Running, not Ready and not terminating, in
/// name order (empty when there is no such Service).
pub fn unready_endpoints(w: &World, ns: &str, service: &str) -> Vec<String> {
    let Some(sel) = w.store.services.get(&(ns.to_string(), service.to_string())).and_then(|s| s.selector.as_ref()) else {
        return vec![];
    };
    let mut names: Vec<String> = w
        .store
        .pods_matching(ns, sel)
        .into_iter()
        .filter_map(|id| w.store.pod(id))
        .filter(|p| p.status.phase == Phase::Running && !p.is_ready() && !p.is_terminating())
        .map(|p| p.meta.name.clone())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROBED: &str = "apiVersion: v1
kind: Pod
metadata:
  name: slow
  labels: {app: backend-app}
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet: {path: /, port: 80}
      initialDelaySeconds: 40
";

    #[test]
    fn a_running_pod_waiting_for_its_readiness_probe_is_named() {
        let mut c = crate::Cluster::new(crate::Preset::DockerDesktop, None, 1);
        c.apply_text(include_str!("../../../../examples/seed/spring-service.yaml"), "s.yaml", "default", crate::apply::Mode::Apply);
        c.apply_text(PROBED, "p.yaml", "default", crate::apply::Mode::Apply);
        c.advance(15_000);
        let pod = c.store.pod_id("default", "slow").and_then(|id| c.store.pod(id)).expect("the pod");
        assert_eq!(pod.status.phase, Phase::Running);
        assert_eq!(unready_endpoints(&c, "default", "spring-service"), vec!["slow".to_string()]);
        c.advance(60_000);
        assert_eq!(unready_endpoints(&c, "default", "spring-service"), Vec::<String>::new(), "Ready after the probe's delay");
        assert_eq!(unready_endpoints(&c, "default", "nope"), Vec::<String>::new());
    }
}
