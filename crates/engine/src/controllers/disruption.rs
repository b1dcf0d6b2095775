//! The disruption controller (`pkg/controller/disruption`): for each
//! PodDisruptionBudget, how many of its pods are healthy, how many must be, and so how
//! many the eviction API may take now.

use crate::api::Api;
use crate::model::deployment::IntOrString;
use crate::model::poddisruptionbudget::{PodDisruptionBudget, PodDisruptionBudgetStatus};
use crate::model::Pod;
use std::collections::BTreeMap;

/// Brings every budget's status up to date with its pods. Run once the other
/// controllers have settled, so the eviction API always reads a current budget.
pub fn sync_all(api: &mut Api) {
    let budgets: Vec<PodDisruptionBudget> = api.store.budgets(None).cloned().collect();
    for b in budgets {
        let st = compute(api, &b);
        if b.status.as_ref() != Some(&st) {
            let rv = api.store.next_rv();
            if let Some(stored) = api.store.budget_mut(&b.meta.namespace, &b.meta.name) {
                stored.status = Some(st);
                stored.meta.resource_version = rv;
            }
        }
    }
}

/// The budget's pods (every one its selector matches in its namespace).
pub fn pods_of<'a>(api: &'a Api, b: &PodDisruptionBudget) -> Vec<&'a Pod> {
    let Some(sel) = &b.spec.selector else { return vec![] };
    api.store
        .pods_matching(&b.meta.namespace, &sel.match_labels)
        .into_iter()
        .filter_map(|id| api.store.pod(id))
        .filter(|p| b.spec.selects(&p.meta.labels))
        .collect()
}

/// `countHealthyPods`: not being deleted, and Ready.
fn healthy(p: &Pod) -> bool {
    p.meta.deletion.is_none() && p.is_ready()
}

/// `getExpectedScale`: the replicas the pods' controllers want, each controller once.
/// A pod whose controller has no scale kubeplay reads (a DaemonSet, a Job, none) counts
/// as itself.
fn expected_scale(api: &Api, pods: &[&Pod]) -> i64 {
    let mut controllers: BTreeMap<String, i64> = BTreeMap::new();
    let mut loose = 0;
    for p in pods {
        let Some(o) = p.meta.controller() else {
            loose += 1;
            continue;
        };
        let ns = p.meta.namespace.as_str();
        let scale = match o.kind {
            "ReplicaSet" => api.store.replicaset(ns, &o.name).map(|rs| match rs.meta.controller().filter(|d| d.kind == "Deployment") {
                Some(d) => match api.store.object(crate::model::Kind::Deployment, ns, &d.name) {
                    Some(crate::model::Object::Deployment(dep)) => (dep.meta.uid.clone(), dep.spec.replicas),
                    _ => (rs.meta.uid.clone(), rs.spec.replicas),
                },
                None => (rs.meta.uid.clone(), rs.spec.replicas),
            }),
            "StatefulSet" => api.store.statefulset(ns, &o.name).map(|s| (s.meta.uid.clone(), s.spec.replicas)),
            _ => None,
        };
        match scale {
            Some((uid, n)) => {
                controllers.insert(uid, n);
            }
            None => loose += 1,
        }
    }
    controllers.values().sum::<i64>() + loose
}

fn compute(api: &Api, b: &PodDisruptionBudget) -> PodDisruptionBudgetStatus {
    let pods = pods_of(api, b);
    let current = pods.iter().filter(|p| healthy(p)).count() as i64;
    let (expected, desired) = match (&b.spec.max_unavailable, &b.spec.min_available) {
        (Some(max), _) => {
            let expected = expected_scale(api, &pods);
            (expected, (expected - max.scaled(expected, true)).max(0))
        }
        (None, Some(IntOrString::Int(n))) => (pods.len() as i64, *n),
        (None, Some(pct)) => {
            let expected = expected_scale(api, &pods);
            (expected, pct.scaled(expected, true))
        }
        (None, None) => (pods.len() as i64, 0),
    };
    let mut allowed = current - desired;
    if expected <= 0 || allowed <= 0 {
        allowed = 0;
    }
    let was = b.status.as_ref();
    let transition = match was {
        Some(s) if (s.disruptions_allowed > 0) == (allowed > 0) => s.transition,
        _ => api.now,
    };
    PodDisruptionBudgetStatus {
        observed_generation: b.meta.generation,
        disruptions_allowed: allowed,
        current_healthy: current,
        desired_healthy: desired,
        expected_pods: expected,
        transition,
    }
}
