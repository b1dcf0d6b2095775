//! The eviction subresource (`pkg/registry/core/pod/storage/eviction.go`): a pod is
//! deleted only if its PodDisruptionBudget allows one more disruption, which the
//! eviction spends at once; otherwise the API server answers 429 and the client retries.

use super::ApiError;
use crate::api::Api;
use crate::model::pod::Phase;
use crate::model::pod::{ConditionReason, PodCondition};

/// What the API server says when a budget has no disruption left.
pub const VIOLATES_BUDGET: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

/// The budget's healthy pods (Ready, not being deleted) other than `except`.
fn healthy_besides(api: &Api, ns: &str, budget: &str, except: crate::store::PodId) -> i64 {
    let Some(b) = api.store.budgets(Some(ns)).find(|b| b.meta.name == budget) else { return 0 };
    let Some(sel) = &b.spec.selector else { return 0 };
    api.store
        .pods_matching(ns, &sel.match_labels)
        .into_iter()
        .filter(|id| *id != except)
        .filter_map(|id| api.store.pod(id))
        .filter(|p| b.spec.selects(&p.meta.labels) && p.meta.deletion.is_none() && p.is_ready())
        .count() as i64
}

/// Evicts the pod `ns/name`, deleting it with `grace` (the pod's own when `None`).
pub fn evict(api: &mut Api, ns: &str, name: &str, grace: Option<i64>) -> Result<(), ApiError> {
    let not_found = || ApiError::NotFound { resource: "pods".into(), name: name.into() };
    let id = api.store.pod_id(ns, name).ok_or_else(not_found)?;
    let pod = api.store.pod(id).ok_or_else(not_found)?;
    // `canIgnorePDB`: a finished, pending or already deleted pod disrupts nothing.
    let ignore = matches!(pod.status.phase, Phase::Succeeded | Phase::Failed | Phase::Pending) || pod.meta.deletion.is_some();
    if !ignore {
        let labels = pod.meta.labels.clone();
        let ready = pod.is_ready();
        let budgets: Vec<(String, i64, Option<crate::model::poddisruptionbudget::PodDisruptionBudgetStatus>, bool)> = api
            .store
            .budgets(Some(ns))
            .filter(|b| b.spec.selects(&labels))
            .map(|b| (b.meta.name.clone(), b.meta.generation, b.status.clone(), b.spec.always_allow_unhealthy))
            .collect();
        if budgets.len() > 1 {
            return Err(ApiError::Internal(
                "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.".into(),
            ));
        }
        if let Some((budget, generation, status, always_allow_unhealthy)) = budgets.into_iter().next() {
            let Some(st) = status.filter(|s| s.observed_generation >= generation) else {
                return Err(ApiError::TooManyRequests(VIOLATES_BUDGET.into()));
            };
            // An unready pod may go while the budget is met (IfHealthyBudget), or always.
            let unhealthy_ok = !ready && (always_allow_unhealthy || (st.desired_healthy > 0 && st.current_healthy >= st.desired_healthy));
            if !unhealthy_ok {
                if st.disruptions_allowed <= 0 {
                    return Err(ApiError::TooManyRequests(VIOLATES_BUDGET.into()));
                }
                if let Some(b) = api.store.budget_mut(ns, &budget) {
                    if let Some(s) = b.status.as_mut() {
                        s.disruptions_allowed -= 1;
                    }
                }
                // Counted afresh from the pods, not from the status it spends.
                let left = healthy_besides(api, ns, &budget, id);
                if left < st.desired_healthy {
                    api.budget_breaches
                        .push(format!("evicting {ns}/{name} left budget {budget} {left} healthy pods of {} wanted", st.desired_healthy));
                }
            }
        }
    }
    let now = api.now;
    if let Some(p) = api.store.pod_mut(id) {
        if p.meta.deletion.is_none() {
            p.status.set_condition(
                PodCondition::DisruptionTarget,
                true,
                ConditionReason::EvictionByEvictionAPI,
                "Eviction API: evicting",
                now,
            );
        }
    }
    super::delete(api, crate::model::Kind::Pod, ns, name, grace).map(|_| ())
}
