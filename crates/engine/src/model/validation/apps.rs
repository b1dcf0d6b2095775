//! Deployment, ReplicaSet and HorizontalPodAutoscaler validation (`apps/validation`).

use super::{go_repr, str_at, Errors};
use crate::model::{Labels, Selector};
use crate::value::Value;

const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/// `ValidatePodTemplateSpecForReplicaSet` after the selector checks of the spec.
fn template_for_replicaset(errs: &mut Errors, spec: &Value, selector: Option<&Selector>, kind: &str) {
    template_for_controller(errs, spec, selector, kind, "`selector` does not match template `labels`");
}

/// The template checks every pod controller shares; `mismatch` is the kind's own text
/// for a selector that does not select the template (DaemonSet's has no backquotes).
fn template_for_controller(errs: &mut Errors, spec: &Value, selector: Option<&Selector>, kind: &str, mismatch: &str) {
    let empty = Value::Map(vec![]);
    let template = spec.get("template").unwrap_or(&empty);
    let labels_v = template.get("metadata").and_then(|m| m.get("labels"));
    let labels = Labels::from_value(labels_v);
    let selector_empty = selector.is_some_and(Selector::is_empty);
    if !selector_empty && !selector.is_some_and(|s| s.matches(&labels)) {
        errs.invalid("spec.template.metadata.labels", labels_v.unwrap_or(&Value::Map(vec![])), mismatch);
    }
    super::labels(errs, labels_v, "spec.template.metadata.labels");
    let pod_spec = template.get("spec").unwrap_or(&empty);
    super::pod::pod_spec(errs, pod_spec, "spec.template.spec");
    if !pod_spec.get("ephemeralContainers").map(Value::as_seq).unwrap_or(&[]).is_empty() {
        errs.forbidden("spec.template.spec.ephemeralContainers", "ephemeral containers not allowed in pod template");
    }
    if let Some(rp) = str_at(pod_spec, "restartPolicy") {
        if rp != "Always" {
            errs.not_supported("spec.template.spec.restartPolicy", rp, &["Always"]);
        }
    }
    if pod_spec.get("activeDeadlineSeconds").is_some_and(|v| !v.is_null()) {
        errs.forbidden("spec.template.spec.activeDeadlineSeconds", &format!("activeDeadlineSeconds in {kind} is not Supported"));
    }
}

fn selector_checks(errs: &mut Errors, spec: &Value, what: &str) -> Option<Selector> {
    match spec.get("selector").filter(|s| !s.is_null()) {
        None => {
            errs.required("spec.selector");
            None
        }
        Some(sel) => {
            let ml = sel.get("matchLabels");
            super::labels(errs, ml, "spec.selector.matchLabels");
            let parsed = Selector::from_label_selector(Some(sel));
            if parsed.as_ref().is_some_and(Selector::is_empty) {
                errs.invalid_raw(
                    "spec.selector",
                    "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
                    &format!("empty selector is invalid for {what}"),
                );
            }
            if parsed.is_none() {
                for (i, e) in sel.get("matchExpressions").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
                    let op = str_at(e, "operator").unwrap_or("");
                    if !["In", "NotIn", "Exists", "DoesNotExist"].contains(&op) {
                        errs.invalid(
                            &format!("spec.selector.matchExpressions[{i}].operator"),
                            &Value::str(op),
                            "not a valid selector operator",
                        );
                    }
                }
            }
            parsed
        }
    }
}

fn int_or_percent(errs: &mut Errors, v: Option<&Value>, path: &str) -> Option<(i64, bool)> {
    match v {
        Some(Value::Int(i)) => {
            errs.non_negative(path, Some(*i));
            Some((*i, false))
        }
        Some(Value::Str(s)) => match s.strip_suffix('%').and_then(|n| n.parse::<i64>().ok()) {
            Some(n) => Some((n, true)),
            None => {
                errs.invalid(path, &Value::str(s.clone()), PERCENT_MSG);
                None
            }
        },
        _ => None,
    }
}

pub fn deployment_spec(errs: &mut Errors, spec: &Value) {
    errs.non_negative("spec.replicas", spec.get("replicas").and_then(Value::as_i64));
    let selector = selector_checks(errs, spec, "deployment");
    template_for_replicaset(errs, spec, selector.as_ref(), "Deployment");
    if let Some(strategy) = spec.get("strategy") {
        let ty = str_at(strategy, "type").unwrap_or("RollingUpdate");
        match ty {
            "Recreate" => {
                if strategy.get("rollingUpdate").is_some_and(|r| !r.is_null()) {
                    errs.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
                }
            }
            "RollingUpdate" => {
                let ru = strategy.get("rollingUpdate");
                let surge = int_or_percent(errs, ru.and_then(|r| r.get("maxSurge")), "spec.strategy.rollingUpdate.maxSurge");
                let unavail = int_or_percent(errs, ru.and_then(|r| r.get("maxUnavailable")), "spec.strategy.rollingUpdate.maxUnavailable");
                if let Some((n, true)) = unavail {
                    if n > 100 {
                        errs.invalid(
                            "spec.strategy.rollingUpdate.maxUnavailable",
                            &Value::str(format!("{n}%")),
                            "must not be greater than 100%",
                        );
                    }
                }
                if surge.is_some_and(|s| s.0 == 0) && unavail.is_some_and(|u| u.0 == 0) {
                    let v = ru.and_then(|r| r.get("maxUnavailable")).cloned().unwrap_or(Value::Int(0));
                    errs.invalid("spec.strategy.rollingUpdate.maxUnavailable", &v, "may not be 0 when `maxSurge` is 0");
                }
            }
            other => errs.not_supported("spec.strategy.type", other, &["Recreate", "RollingUpdate"]),
        }
    }
    let min_ready = spec.get("minReadySeconds").and_then(Value::as_i64);
    errs.non_negative("spec.minReadySeconds", min_ready);
    errs.non_negative("spec.revisionHistoryLimit", spec.get("revisionHistoryLimit").and_then(Value::as_i64));
    if let Some(pds) = spec.get("progressDeadlineSeconds").and_then(Value::as_i64) {
        errs.non_negative("spec.progressDeadlineSeconds", Some(pds));
        if pds <= min_ready.unwrap_or(0) {
            errs.invalid("spec.progressDeadlineSeconds", &Value::Int(pds), "must be greater than minReadySeconds");
        }
    }
}

pub fn replicaset_spec(errs: &mut Errors, spec: &Value) {
    errs.non_negative("spec.replicas", spec.get("replicas").and_then(Value::as_i64));
    errs.non_negative("spec.minReadySeconds", spec.get("minReadySeconds").and_then(Value::as_i64));
    let selector = selector_checks(errs, spec, "deployment");
    template_for_replicaset(errs, spec, selector.as_ref(), "ReplicaSet");
}

/// `ValidateReplicationControllerSpec`.
pub fn replication_controller_spec(errs: &mut Errors, spec: &Value) {
    errs.non_negative("spec.replicas", spec.get("replicas").and_then(Value::as_i64));
    errs.non_negative("spec.minReadySeconds", spec.get("minReadySeconds").and_then(Value::as_i64));
    let selector_v = spec.get("selector").filter(|s| s.as_map().is_some_and(|m| !m.is_empty()));
    let selector = match selector_v {
        None => {
            errs.required("spec.selector");
            None
        }
        Some(sel) => {
            super::labels(errs, Some(sel), "spec.selector");
            Some(Selector::from_labels(&Labels::from_value(Some(sel))))
        }
    };
    if spec.get("template").is_none_or(Value::is_null) {
        errs.required("spec.template");
        return;
    }
    template_for_controller(errs, spec, selector.as_ref(), "ReplicationController", "selector does not match labels in template");
}

/// `ValidateDaemonSetSpec`.
pub fn daemonset_spec(errs: &mut Errors, spec: &Value) {
    let selector = selector_checks(errs, spec, "daemonset");
    template_for_controller(errs, spec, selector.as_ref(), "DaemonSet", "selector does not match template labels");
    errs.non_negative("spec.minReadySeconds", spec.get("minReadySeconds").and_then(Value::as_i64));
    errs.non_negative("spec.revisionHistoryLimit", spec.get("revisionHistoryLimit").and_then(Value::as_i64));
    let strategy = spec.get("updateStrategy");
    match strategy.and_then(|s| str_at(s, "type")) {
        None => errs.required("spec.updateStrategy.type"),
        Some("OnDelete") => {}
        Some("RollingUpdate") => {
            let ru = strategy.and_then(|s| s.get("rollingUpdate"));
            let base = "spec.updateStrategy.rollingUpdate";
            let unavail = int_or_percent(errs, ru.and_then(|r| r.get("maxUnavailable")), &format!("{base}.maxUnavailable"));
            let surge = int_or_percent(errs, ru.and_then(|r| r.get("maxSurge")), &format!("{base}.maxSurge"));
            for (v, k) in [(unavail, "maxUnavailable"), (surge, "maxSurge")] {
                if let Some((n, true)) = v.filter(|(n, pct)| *pct && *n > 100) {
                    errs.invalid(&format!("{base}.{k}"), &Value::str(format!("{n}%")), "must not be greater than 100%");
                }
            }
            if unavail.is_some_and(|u| u.0 == 0) && surge.is_some_and(|s| s.0 == 0) {
                let v = ru.and_then(|r| r.get("maxUnavailable")).cloned().unwrap_or(Value::Int(0));
                errs.invalid(&format!("{base}.maxUnavailable"), &v, "may not be 0 when `maxSurge` is 0");
            }
            if unavail.is_some_and(|u| u.0 != 0) && surge.is_some_and(|s| s.0 != 0) {
                let v = ru.and_then(|r| r.get("maxSurge")).cloned().unwrap_or(Value::Int(0));
                errs.invalid(&format!("{base}.maxSurge"), &v, "may not be set when maxUnavailable is non-zero");
            }
        }
        Some(other) => errs.not_supported("spec.updateStrategy.type", other, &["OnDelete", "RollingUpdate"]),
    }
}

/// `ValidatePodDisruptionBudgetSpec`.
pub fn pdb_spec(errs: &mut Errors, spec: &Value) {
    let set = |k: &str| spec.get(k).is_some_and(|v| !v.is_null());
    if set("minAvailable") && set("maxUnavailable") {
        errs.invalid_raw("spec", "policy.PodDisruptionBudgetSpec{…}", "minAvailable and maxUnavailable cannot be both set");
    }
    for k in ["minAvailable", "maxUnavailable"] {
        let path = format!("spec.{k}");
        if let Some((n, true)) = int_or_percent(errs, spec.get(k), &path) {
            if n > 100 {
                errs.invalid(&path, &Value::str(format!("{n}%")), "must not be greater than 100%");
            }
        }
    }
    if let Some(sel) = spec.get("selector").filter(|s| !s.is_null()) {
        super::labels(errs, sel.get("matchLabels"), "spec.selector.matchLabels");
    }
    if let Some(p) = str_at(spec, "unhealthyPodEvictionPolicy") {
        if !["IfHealthyBudget", "AlwaysAllow"].contains(&p) {
            errs.not_supported("spec.unhealthyPodEvictionPolicy", p, &["AlwaysAllow", "IfHealthyBudget"]);
        }
    }
}

/// `ValidateStatefulSetSpec`. Its pod template is checked only for the selector, the
/// labels, the restart policy and the deadline: the API server leaves the rest to the
/// pods the controller creates (a TODO in the source), whose creation then fails.
pub fn statefulset_spec(errs: &mut Errors, spec: &Value) {
    match str_at(spec, "podManagementPolicy") {
        None | Some("") => errs.required("spec.podManagementPolicy"),
        Some("OrderedReady" | "Parallel") => {}
        Some(other) => errs.invalid("spec.podManagementPolicy", &Value::str(other), "must be 'OrderedReady' or 'Parallel'"),
    }
    let strategy = spec.get("updateStrategy");
    let rolling = strategy.and_then(|s| s.get("rollingUpdate")).filter(|r| !r.is_null());
    match strategy.and_then(|s| str_at(s, "type")) {
        None | Some("") => errs.required("spec.updateStrategy"),
        Some("OnDelete") => {
            if let Some(r) = rolling {
                errs.invalid_raw(
                    "spec.updateStrategy.rollingUpdate",
                    &rolling_update_repr(r),
                    "only allowed for updateStrategy 'RollingUpdate'",
                );
            }
        }
        Some("RollingUpdate") => {
            let partition = rolling.and_then(|r| r.get("partition")).and_then(Value::as_i64);
            errs.non_negative("spec.updateStrategy.rollingUpdate.partition", partition);
        }
        Some(other) => errs.invalid_raw(
            "spec.updateStrategy",
            &format!(
                "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}}",
                go_repr(&Value::str(other))
            ),
            "must be 'RollingUpdate' or 'OnDelete'",
        ),
    }
    if let Some(policy) = spec.get("persistentVolumeClaimRetentionPolicy").filter(|p| !p.is_null()) {
        for k in ["whenDeleted", "whenScaled"] {
            let v = str_at(policy, k).unwrap_or("");
            if !["Retain", "Delete"].contains(&v) {
                errs.not_supported(&format!("spec.persistentVolumeClaimRetentionPolicy.{k}"), v, &["Retain", "Delete"]);
            }
        }
    }
    errs.non_negative("spec.replicas", spec.get("replicas").and_then(Value::as_i64));
    errs.non_negative("spec.minReadySeconds", spec.get("minReadySeconds").and_then(Value::as_i64));
    if let Some(o) = spec.get("ordinals").filter(|o| !o.is_null()) {
        errs.non_negative("spec.ordinals.start", o.get("start").and_then(Value::as_i64));
    }
    let selector = selector_checks(errs, spec, "statefulset");
    let empty = Value::Map(vec![]);
    let template = spec.get("template").unwrap_or(&empty);
    let labels_v = template.get("metadata").and_then(|m| m.get("labels"));
    if let Some(sel) = selector.as_ref().filter(|s| !s.is_empty()) {
        if !sel.matches(&Labels::from_value(labels_v)) {
            errs.invalid("spec.template.metadata.labels", labels_v.unwrap_or(&empty), "`selector` does not match template `labels`");
        }
    }
    super::labels(errs, labels_v, "spec.template.labels");
    let pod_spec = template.get("spec").unwrap_or(&empty);
    let rp = str_at(pod_spec, "restartPolicy").unwrap_or("");
    if rp != "Always" {
        errs.not_supported("spec.template.spec.restartPolicy", rp, &["Always"]);
    }
    if pod_spec.get("activeDeadlineSeconds").is_some_and(|v| !v.is_null()) {
        errs.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported");
    }
}

/// How Go prints a `*apps.RollingUpdateStatefulSetStrategy` in an error (`%#v`).
fn rolling_update_repr(r: &Value) -> String {
    let partition = r.get("partition").and_then(Value::as_i64).unwrap_or(0);
    format!("&apps.RollingUpdateStatefulSetStrategy{{Partition:{partition}, MaxUnavailable:(*intstr.IntOrString)(nil)}}")
}

/// `ValidateStatefulSetUpdate`'s rule: only these fields of the spec may change.
pub fn statefulset_update(errs: &mut Errors, old: &Value, new: &Value) {
    const MUTABLE: [&str; 6] =
        ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];
    let rest = |v: &Value| -> Vec<(String, Value)> {
        v.as_map().into_iter().flatten().filter(|(k, v)| !MUTABLE.contains(&k.as_str()) && !v.is_null()).cloned().collect()
    };
    let (mut a, mut b) = (rest(old), rest(new));
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    if a != b {
        errs.forbidden(
            "spec",
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        );
    }
}

pub fn hpa_spec(errs: &mut Errors, spec: &Value) {
    let target = spec.get("scaleTargetRef");
    if target.and_then(|t| str_at(t, "kind")).unwrap_or("").is_empty() {
        errs.required("spec.scaleTargetRef.kind");
    }
    if target.and_then(|t| str_at(t, "name")).unwrap_or("").is_empty() {
        errs.required("spec.scaleTargetRef.name");
    }
    let min = spec.get("minReplicas").and_then(Value::as_i64).unwrap_or(1);
    if min < 1 {
        errs.invalid("spec.minReplicas", &Value::Int(min), "must be greater than or equal to 1");
    }
    match spec.get("maxReplicas").and_then(Value::as_i64) {
        None => errs.invalid("spec.maxReplicas", &Value::Int(0), "must be greater than or equal to 1"),
        Some(max) if max < min => errs.invalid("spec.maxReplicas", &Value::Int(max), "must be greater than or equal to `minReplicas`"),
        _ => {}
    }
    let _ = go_repr;
}
