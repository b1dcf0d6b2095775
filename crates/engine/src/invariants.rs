//! Kubernetes' invariants over the whole cluster, checked by the chaos tests, the fuzz
//! targets and `kubeplay soak` after the cluster has settled.

use crate::api::Kind;
use crate::cluster::Cluster;

impl Cluster {
    /// Every ReplicaSet runs exactly its replicas, every Service's endpoints are exactly
    /// its ready pods, no node is overcommitted or has a ready pod while NotReady,
    /// NodePorts are unique, and every HPA's target stays within its bounds.
    pub fn check_invariants(&self) -> Result<(), String> {
        let c = self;
        // Each ReplicaSet has exactly its replicas as active pods.
        for ((k, ns, name), rs) in &c.store.generic {
            if *k != Kind::ReplicaSet {
                continue;
            }
            let want = rs.spec.get("replicas").and_then(crate::value::Value::as_i64).unwrap_or(0) as usize;
            let have = c
                .store
                .pods_by_owner
                .get(rs.meta.uid.as_str())
                .map(|s| s.iter().filter(|id| c.store.pod(**id).is_some_and(|p| p.is_active())).count())
                .unwrap_or(0);
            // kubeplay's pod limit stops a scale-up short, as a quota would.
            let capped = have < want && c.store.pod_count() >= crate::apiserver::MAX_PODS;
            if want != have && !capped {
                return Err(format!("replicaset {ns}/{name} wants {want} pods, has {have}"));
            }
        }
        // Endpoints (of the first port, as kubectl shows them) are exactly the ready,
        // non-terminating pods the selector matches on which that port's targetPort
        // resolves: a named port a pod does not declare leaves the pod out.
        for svc in c.store.services.values() {
            let Some(sel) = &svc.selector else { continue };
            let Some(port) = svc.ports.first() else { continue };
            let mut want: Vec<String> = c
                .store
                .pods_matching(&svc.meta.namespace, sel)
                .into_iter()
                .filter_map(|id| c.store.pod(id))
                .filter(|p| p.is_ready() && !p.is_terminating() && !p.status.pod_ip.is_empty())
                .filter(|p| crate::controllers::endpoints::find_port(p, &port.target).is_some())
                .map(|p| p.status.pod_ip.clone())
                .collect();
            want.sort();
            let mut have: Vec<String> = c
                .endpoints(svc)
                .unwrap_or_default()
                .first()
                .map(|s| s.addresses.iter().filter(|a| a.ready).map(|a| a.ip.clone()).collect())
                .unwrap_or_default();
            have.sort();
            if want != have {
                return Err(format!("service {}: endpoints {have:?}, ready pods {want:?}", svc.meta.name));
            }
        }
        // No node over its allocatable or its pod limit; no pod on a dead node counted ready.
        for n in c.store.nodes.values() {
            if n.requested_cpu_m > n.cpu_m || n.pod_count > n.max_pods {
                return Err(format!("node {} overcommitted: {}m of {}m, {} pods", n.meta.name, n.requested_cpu_m, n.cpu_m, n.pod_count));
            }
            if !n.ready {
                for id in c.store.pods_by_node.get(&n.meta.name).into_iter().flatten() {
                    if c.store.pod(*id).is_some_and(|p| p.is_ready()) {
                        return Err(format!("a pod on NotReady node {} is ready", n.meta.name));
                    }
                }
            }
        }
        // NodePorts are unique.
        let mut ports: Vec<u16> = c.store.services.values().flat_map(|s| s.ports.iter().filter_map(|p| p.node_port)).collect();
        let total = ports.len();
        ports.sort();
        ports.dedup();
        if ports.len() != total {
            return Err("a NodePort is allocated twice".into());
        }
        // An HPA never sets its target outside [minReplicas, maxReplicas].
        for ((k, ns, name), hpa) in &c.store.generic {
            if *k != Kind::HorizontalPodAutoscaler {
                continue;
            }
            let (Some(min), Some(max)) = (hpa.spec_i64("minReplicas"), hpa.spec_i64("maxReplicas")) else { continue };
            if let Some(d) = hpa.status.get("desiredReplicas").and_then(crate::value::Value::as_i64) {
                if d != 0 && (d < min || d > max) {
                    return Err(format!("hpa {ns}/{name} wants {d} replicas outside {min}..{max}"));
                }
            }
        }
        Ok(())
    }
}
