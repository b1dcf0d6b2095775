//! Kubernetes' invariants over the whole cluster, checked by the chaos tests, the fuzz
//! targets and `kubeplay soak` after the cluster has settled.

use crate::world::World;

/// Every ReplicaSet runs exactly its replicas, every Service's endpoints are exactly
/// its ready pods, no node is overcommitted or has a ready pod while NotReady,
/// NodePorts are unique, every HPA's target stays within its bounds, and no Job has
/// more succeeded pods than its completions, bound claims and volumes name each other, no
/// DaemonSet runs two pods on a node, every StatefulSet pod has its ordinal's identity and
/// claims and no two share an ordinal, and no eviction broke a disruption budget.
pub fn check(w: &World) -> Result<(), Violation> {
    check_all(w).map_err(Violation)
}

/// An invariant that does not hold, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation(pub String);

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Violation {}

fn check_all(w: &World) -> Result<(), String> {
    let c = w;
    // Each ReplicaSet has exactly its replicas as active pods.
    for rs in c.store.replicasets(None) {
        let (ns, name) = (&rs.meta.namespace, &rs.meta.name);
        let want = rs.spec.replicas.max(0) as usize;
        let have = c
            .store
            .pods_by_owner
            .get(rs.meta.uid.as_str())
            .map(|s| s.iter().filter(|id| c.store.pod(**id).is_some_and(|p| p.is_active())).count())
            .unwrap_or(0);
        // kubeplay's pod limit stops a scale-up short, as a quota would, and admission
        // refuses pods whose ServiceAccount does not exist, that break a LimitRange or
        // that a ResourceQuota has no room for.
        let mut template = rs.spec.template.get("spec").cloned().unwrap_or(crate::value::Value::Null);
        crate::apiserver::admission::mutate_pod(&c.store, ns, &mut template);
        let refused = crate::apiserver::admission::validate_pod(&c.store, ns, name, &template).is_err();
        let capped = have < want && (c.store.pod_count() >= crate::apiserver::MAX_PODS || refused);
        if want != have && !capped {
            return Err(format!("replicaset {ns}/{name} wants {want} pods, has {have}"));
        }
    }
    // A StatefulSet's pod is NAME-n, labelled with its name and index, and mounts the
    // claims TEMPLATE-NAME-n; no ordinal is held by two of its pods.
    for set in c.store.statefulsets(None) {
        let name = set.meta.name.as_str();
        let mut ordinals: Vec<&str> = c
            .store
            .pods_by_owner
            .get(set.meta.uid.as_str())
            .into_iter()
            .flatten()
            .filter_map(|id| c.store.pod(*id))
            .filter_map(|p| p.meta.labels.get(crate::model::statefulset::POD_INDEX_LABEL))
            .collect();
        ordinals.sort_unstable();
        if let Some(w) = ordinals.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("statefulset {name} runs two pods of ordinal {}", w[0]));
        }
        for p in c.store.pods_by_owner.get(set.meta.uid.as_str()).into_iter().flatten().filter_map(|id| c.store.pod(*id)) {
            let pod = p.meta.name.as_str();
            let Some(ordinal) = crate::model::statefulset::ordinal_of(name, pod) else {
                return Err(format!("statefulset {name} owns pod {pod}"));
            };
            use crate::model::statefulset::{POD_INDEX_LABEL, POD_NAME_LABEL};
            if p.meta.labels.get(POD_NAME_LABEL) != Some(pod) || p.meta.labels.get(POD_INDEX_LABEL) != Some(&ordinal.to_string()) {
                return Err(format!("pod {pod} lacks its statefulset identity labels"));
            }
            for claim in set.spec.claim_template_names() {
                if !p.spec.claims().contains(&format!("{claim}-{pod}").as_str()) {
                    return Err(format!("pod {pod} does not mount its claim {claim}-{pod}"));
                }
            }
        }
    }
    // No eviction took a disruption budget below what it wants.
    if let Some(b) = w.api.budget_breaches.first() {
        return Err(b.clone());
    }
    // A DaemonSet runs at most one live pod per node, or, while it surges, one of each
    // template.
    for ds in c.store.daemonsets(None) {
        let surge = ds.spec.max_surge.scaled(1, true) > 0;
        let mut nodes: Vec<(&str, &str)> = c
            .store
            .pods_by_owner
            .get(ds.meta.uid.as_str())
            .into_iter()
            .flatten()
            .filter_map(|id| c.store.pod(*id))
            .filter(|p| p.is_active() && !p.node.is_empty())
            .map(|p| (p.node.as_ref(), if surge { p.meta.labels.get("controller-revision-hash").unwrap_or("") } else { "" }))
            .collect();
        nodes.sort_unstable();
        if let Some(w) = nodes.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("daemonset {}/{} runs two pods on node {}", ds.meta.namespace, ds.meta.name, w[0].0));
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
            .filter(|p| crate::store::endpoints::find_port(p, &port.target).is_some())
            .map(|p| p.status.pod_ip.to_string())
            .collect();
        want.sort();
        let mut have: Vec<String> = crate::store::endpoints::of(&c.store, svc)
            .unwrap_or_default()
            .first()
            .map(|s| s.addresses.iter().filter(|a| a.ready).map(|a| a.ip.clone()).collect())
            .unwrap_or_default();
        have.sort();
        if want != have {
            return Err(format!("service {}: endpoints {have:?}, ready pods {want:?}", svc.meta.name));
        }
        // Requests are balanced over exactly the ready addresses the endpoints show, in
        // their order, on every port (the proxy resolves them by a shortcut of its own).
        let subsets = crate::store::endpoints::of(&c.store, svc).unwrap_or_default();
        for i in 0..svc.ports.len() {
            let key = |a: &crate::store::endpoints::Address| (a.ip.clone(), a.pod.clone(), a.node.clone());
            let shown: Vec<_> = subsets.get(i).map(|s| s.addresses.iter().filter(|a| a.ready).map(key).collect()).unwrap_or_default();
            let routed: Vec<_> = crate::store::endpoints::ready_addresses(&c.store, svc, i).iter().map(key).collect();
            if shown != routed {
                return Err(format!("service {} port {i}: endpoints {shown:?}, routed to {routed:?}", svc.meta.name));
            }
        }
    }
    // No node over its allocatable or its pod limit; no pod on a dead node counted ready.
    for n in c.store.nodes.values() {
        if n.requested_cpu_m > n.cpu_m || n.pod_count > n.max_pods {
            return Err(format!("node {} overcommitted: {}m of {}m, {} pods", n.meta.name, n.requested_cpu_m, n.cpu_m, n.pod_count));
        }
        if !n.ready {
            for id in c.store.pods_by_node.get(n.meta.name.as_str()).into_iter().flatten() {
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
    for hpa in c.store.autoscalers(None) {
        if !hpa.spec.min_written() {
            continue;
        }
        let (min, max) = (hpa.spec.min, hpa.spec.max);
        if let Some(d) = hpa.status.as_ref().map(|s| s.desired_replicas) {
            if d != 0 && (d < min || d > max) {
                return Err(format!("hpa {}/{} wants {d} replicas outside {min}..{max}", hpa.meta.namespace, hpa.meta.name));
            }
        }
    }
    // A Job never counts more successes than it asked for: it starts no more pods than
    // the completions left.
    for job in c.store.jobs(None) {
        let (Some(want), Some(st)) = (job.spec.completions, job.status.as_ref()) else { continue };
        if st.succeeded > want.max(0) {
            return Err(format!("job {}/{} has {} succeeded pods for {want} completions", job.meta.namespace, job.meta.name, st.succeeded));
        }
    }
    // A Bound claim's volume exists, and a Bound volume's claim does.
    use crate::model::storage as st;
    use crate::model::{Kind, Object};
    for o in c.store.objects_of(Kind::PersistentVolumeClaim, None) {
        let Object::Written(pvc) = o else { continue };
        if st::claim_phase(pvc) == "Bound" && !c.store.exists(Kind::PersistentVolume, "", st::claim_volume(pvc)) {
            return Err(format!("claim {}/{} is Bound to a volume that does not exist", pvc.meta.namespace, pvc.meta.name));
        }
    }
    for o in c.store.objects_of(Kind::PersistentVolume, None) {
        let Object::Written(pv) = o else { continue };
        if st::volume_phase(pv) != "Bound" {
            continue;
        }
        let Some((ns, name, _)) = st::claim_ref(pv) else { return Err(format!("volume {} is Bound to no claim", pv.meta.name)) };
        if !c.store.exists(Kind::PersistentVolumeClaim, ns, name) {
            return Err(format!("volume {} is Bound to {ns}/{name}, which does not exist", pv.meta.name));
        }
    }
    Ok(())
}
