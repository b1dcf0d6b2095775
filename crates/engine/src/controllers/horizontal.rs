//! The HorizontalPodAutoscaler controller (`pkg/controller/podautoscaler`): every 15 s it
//! reads the target's scale and its pods' CPU from metrics-server, computes
//! `ceil(ready pods × utilization / target)` with the 0.1 tolerance (the replica
//! calculator's treatment of missing and unready pods included), steadies the result
//! through the stabilization windows, limits the step by the scaling policies, clamps it
//! to min/max, and rescales. Only CPU `Resource` metrics are computed; other metric
//! types are stored and reported as unsupported.

use crate::api::{Api, Wake};
use crate::events::EventType;
use crate::model::autoscaler::{AutoscalerSpec, ScalingRules};
use crate::model::condition::{Condition, ConditionStatus};
use crate::model::labels::Selector;
use crate::model::pod::PodCondition;
use crate::model::{Kind, Object};
use crate::time::Millis;
use crate::value::Value;

pub const SYNC_PERIOD: Millis = 15_000;
pub const TOLERANCE: f64 = 0.1;
pub const CPU_INITIALIZATION_PERIOD: Millis = 300_000;
pub const INITIAL_READINESS_DELAY: Millis = 30_000;
const METRIC: &str = "cpu resource utilization (percentage of request)";

/// What the controller remembers of one HPA between syncs.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    uid: String,
    /// (when, recommended replicas), for the stabilization windows.
    recommendations: Vec<(Millis, i64)>,
    /// (when, replicas added) and (when, replicas removed), for the policies' periods.
    ups: Vec<(Millis, i64)>,
    downs: Vec<(Millis, i64)>,
    /// The last computation, written out for the page.
    pub story: Option<Computation>,
    /// One point per sync, for the page's chart.
    pub history: std::collections::VecDeque<Point>,
}

/// The chart's points: replicas after the sync and the utilization it saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub at: Millis,
    pub replicas: i64,
    pub utilization: Option<i64>,
}

/// An hour of syncs.
const HISTORY: usize = 240;

/// One sync's arithmetic, so the page can show it: `3 pods × 140% / 50% = 8.4 → 9`.
#[derive(Clone, Debug, PartialEq)]
pub struct Computation {
    pub at: Millis,
    pub pods: i64,
    pub utilization: i64,
    /// The utilization of the pods with metrics, as `kubectl get hpa` shows it.
    pub measured: i64,
    pub target: i64,
    /// What the metric asks for (tolerance and missing pods applied).
    pub proposed: i64,
    /// After stabilization, policies and min/max: what the target is scaled to.
    pub desired: i64,
    pub current: i64,
    /// Why `desired` differs from `proposed`, when it does.
    pub limited_by: Option<String>,
    /// Why the calculator kept the current count, when it did.
    pub kept: Option<String>,
}

impl Computation {
    pub fn formula(&self) -> String {
        let raw = self.pods as f64 * self.utilization as f64 / self.target.max(1) as f64;
        let pods = if self.pods == 1 { "1 pod".to_string() } else { format!("{} pods", self.pods) };
        let mut s = format!("{pods} × {}% / {}% = {:.1}", self.utilization, self.target, raw);
        if let Some(why) = &self.kept {
            s.push_str(&format!(" → stays {} ({why})", self.current));
        } else {
            s.push_str(&format!(" → {}", self.proposed));
        }
        if self.desired != self.proposed {
            s.push_str(&format!(" → {} ({})", self.desired, self.limited_by.as_deref().unwrap_or("limited")));
        }
        s
    }
}

/// The HorizontalPodAutoscaler controller: what it remembers of each HPA between syncs
/// (recommendations and scale events for the stabilization windows and policies, the
/// last computation and the chart's points). Its work queue is the API server's
/// (`Api::queue_autoscaler`).
#[derive(Clone, Default)]
pub struct HpaController {
    memory: std::collections::BTreeMap<(String, String), Memory>,
}

impl HpaController {
    /// The HPA's last computation, for the page and the CLI.
    pub fn computation(&self, ns: &str, name: &str) -> Option<&Computation> {
        self.memory.get(&(ns.to_string(), name.to_string()))?.story.as_ref()
    }

    /// The HPA's chart points, oldest first.
    pub fn history(&self, ns: &str, name: &str) -> Vec<Point> {
        self.memory.get(&(ns.to_string(), name.to_string())).map(|m| m.history.iter().cloned().collect()).unwrap_or_default()
    }
}

fn event(api: &mut Api, ns: &str, name: &str, kind: EventType, reason: &'static str, message: String) {
    let r = api.object_ref(Kind::HorizontalPodAutoscaler, ns, name);
    api.record(r, kind, "horizontal-pod-autoscaler", None, reason, message);
}

fn set_condition(conds: &mut Vec<Condition>, now: Millis, kind: &str, status: bool, reason: &str, message: &str) {
    let status = ConditionStatus::from(status);
    let fresh = |since: Millis| Condition {
        kind: kind.to_string(),
        status,
        reason: reason.to_string(),
        message: message.to_string(),
        last_transition: since,
        last_update: None,
    };
    match conds.iter_mut().find(|c| c.kind == kind) {
        Some(cond) => {
            let since = if cond.status == status { cond.last_transition } else { now };
            *cond = fresh(since);
        }
        None => conds.push(fresh(now)),
    }
}

/// What the replica calculator got from the pods and the metrics.
struct Sample {
    /// Pods with a usable metric: (cpu millicores used, cpu millicores requested).
    metrics: Vec<(i64, i64)>,
    unready: Vec<i64>,
    missing: Vec<i64>,
}

/// `GetResourceReplicas`: the replicas the CPU metric asks for, or the error kubectl shows.
/// What the replica calculator returns.
struct Calc {
    proposed: i64,
    /// Utilization of the pods with metrics (what status and kubectl show).
    utilization: i64,
    /// Their average use, in millicores.
    raw: i64,
    /// The pods and utilization the proposal was computed from (after the calculator's
    /// assumptions about unready pods and pods without metrics).
    pods: i64,
    used_utilization: i64,
    /// Why the current count was kept, when it was.
    kept: Option<String>,
}

fn cpu_replicas(api: &Api, ns: &str, target_spec: &Value, target: i64, current: i64) -> Result<Calc, String> {
    let now = api.now;
    let scraped = crate::metrics::timestamp(api.now);
    // The metrics client asks before the replica calculator lists any pod.
    if let Some(e) = crate::apiserver::aggregator::metrics_api(&api.store, api.preset).pods_error() {
        return Err(format!(
            "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: {e}"
        ));
    }
    // Candidates through the label index (matchLabels), then the whole selector.
    let selector_v = target_spec.get("selector");
    let selector = Selector::from_label_selector(selector_v).unwrap_or_default();
    let match_labels = crate::model::Labels::from_value(selector_v.and_then(|s| s.get("matchLabels")));
    let ids: Vec<_> = api
        .store
        .pods_matching(ns, &match_labels)
        .into_iter()
        .filter(|id| api.store.pod(*id).is_some_and(|p| selector.matches(&p.meta.labels)))
        .collect();
    if ids.is_empty() {
        return Err("failed to get cpu utilization: no pods returned by selector while calculating replica count".into());
    }
    let mut sample = Sample { metrics: vec![], unready: vec![], missing: vec![] };
    let mut any_metric = false;
    for id in &ids {
        let p = api.store.pod(*id).expect("listed");
        if p.meta.deletion.is_some() || p.status.phase == crate::model::pod::Phase::Failed {
            continue;
        }
        let mut request = 0;
        for ctr in p.spec.containers.iter() {
            match ctr.cpu_request_m {
                Some(r) => request += r,
                None => {
                    return Err(format!(
                        "failed to get cpu utilization: missing request for cpu in container {} of Pod {}",
                        ctr.name, p.meta.name
                    ))
                }
            }
        }
        if p.status.phase == crate::model::pod::Phase::Pending {
            sample.unready.push(request);
            continue;
        }
        let Some(usage) = api.metrics.pod_usage(&api.store, api.now, *id) else {
            sample.missing.push(request);
            continue;
        };
        any_metric = true;
        let ready = p.status.condition(PodCondition::Ready);
        let unready = match (ready, p.status.start_time) {
            (Some(cond), Some(start)) => {
                if start + CPU_INITIALIZATION_PERIOD > now {
                    !cond.status || scraped < cond.since + crate::metrics::RESOLUTION
                } else {
                    !cond.status && start + INITIAL_READINESS_DELAY > cond.since
                }
            }
            _ => true,
        };
        if unready {
            sample.unready.push(request);
        } else {
            sample.metrics.push((usage.cpu_m, request));
        }
    }
    if !any_metric {
        return Err(
            "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API".into()
        );
    }
    if sample.metrics.is_empty() {
        return Err("failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)".into());
    }
    let ratio_of = |m: &[(i64, i64)]| {
        let used: i64 = m.iter().map(|x| x.0).sum();
        let req: i64 = m.iter().map(|x| x.1).sum();
        let utilization = if req > 0 { used * 100 / req } else { 0 };
        (utilization as f64 / target as f64, utilization, used / m.len().max(1) as i64)
    };
    let (ratio, utilization, raw) = ratio_of(&sample.metrics);
    let ready_count = sample.metrics.len() as i64;
    let scale_up_with_unready = !sample.unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && sample.missing.is_empty() {
        if (1.0 - ratio).abs() <= TOLERANCE {
            return Ok(Calc {
                proposed: current,
                utilization,
                raw,
                pods: ready_count,
                used_utilization: utilization,
                kept: Some("within the 10% tolerance".into()),
            });
        }
        let proposed = (ratio * ready_count as f64).ceil() as i64;
        return Ok(Calc { proposed, utilization, raw, pods: ready_count, used_utilization: utilization, kept: None });
    }
    let mut all = sample.metrics.clone();
    if ratio < 1.0 {
        // On a scale-down a pod without metrics counts as using its whole request.
        let fallback = target.max(100);
        all.extend(sample.missing.iter().map(|r| (r * fallback / 100, *r)));
    } else if ratio > 1.0 {
        all.extend(sample.missing.iter().map(|r| (0, *r)));
    }
    if scale_up_with_unready {
        all.extend(sample.unready.iter().map(|r| (0, *r)));
    }
    let (new_ratio, new_utilization, _) = ratio_of(&all);
    let assumed = if ratio > 1.0 {
        format!(
            "{} pods not ready or without metrics yet count as 0%",
            sample.unready.len() * usize::from(scale_up_with_unready) + sample.missing.len()
        )
    } else {
        format!("{} pods without metrics count as using their whole request", sample.missing.len())
    };
    let pods = all.len() as i64;
    let keep = |why: &str| Calc {
        proposed: current,
        utilization,
        raw,
        pods,
        used_utilization: new_utilization,
        kept: Some(format!("{assumed}; {why}")),
    };
    if (1.0 - new_ratio).abs() <= TOLERANCE {
        return Ok(keep("that is within the 10% tolerance"));
    }
    if (ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0) {
        return Ok(keep(&format!("that turns {utilization}% into {new_utilization}%, the other side of the target")));
    }
    let proposed = (new_ratio * pods as f64).ceil() as i64;
    if (new_ratio < 1.0 && proposed > current) || (new_ratio > 1.0 && proposed < current) {
        return Ok(keep("the result would move the other way"));
    }
    Ok(Calc { proposed, utilization, raw, pods, used_utilization: new_utilization, kept: None })
}

fn changed_in(events: &[(Millis, i64)], now: Millis, period_s: i64) -> i64 {
    let since = now.saturating_sub(period_s.max(0) as Millis * 1000);
    events.iter().filter(|(t, _)| *t > since).map(|(_, n)| n).sum()
}

fn scale_up_limit(mem: &Memory, now: Millis, current: i64, r: &ScalingRules) -> i64 {
    if r.select == "Disabled" {
        return current;
    }
    let proposals = r.policies.iter().map(|(ty, value, period)| {
        let start = current - changed_in(&mem.ups, now, *period) + changed_in(&mem.downs, now, *period);
        if ty == "Percent" {
            (start as f64 * (1.0 + *value as f64 / 100.0)).ceil() as i64
        } else {
            start + value
        }
    });
    if r.select == "Min" {
        proposals.min().unwrap_or(current)
    } else {
        proposals.max().unwrap_or(current)
    }
}

fn scale_down_limit(mem: &Memory, now: Millis, current: i64, r: &ScalingRules) -> i64 {
    if r.select == "Disabled" {
        return current;
    }
    let proposals = r.policies.iter().map(|(ty, value, period)| {
        let start = current + changed_in(&mem.downs, now, *period) - changed_in(&mem.ups, now, *period);
        if ty == "Percent" {
            (start as f64 * (1.0 - *value as f64 / 100.0)) as i64
        } else {
            start - value
        }
    });
    if r.select == "Min" {
        proposals.max().unwrap_or(current)
    } else {
        proposals.min().unwrap_or(current)
    }
}

impl HpaController {
    /// One sync of one HPA, when its timer fires (a stale timer does nothing).
    pub(crate) fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        let key = (ns.to_string(), name.to_string());
        let now = api.now;
        let Some(hpa) = api.store.autoscaler(ns, name) else {
            self.memory.remove(&key);
            api.queues.autoscalers.remove(&key);
            return;
        };
        let uid = hpa.meta.uid.clone();
        let spec = hpa.spec.clone();
        let mut conds: Vec<Condition> = hpa.status.as_ref().map(|s| s.conditions.clone()).unwrap_or_default();
        let mut status_metrics = Value::Null;
        if api.queues.autoscalers.get(&key) != Some(&now) {
            return;
        }
        api.queues.autoscalers.insert(key.clone(), now + SYNC_PERIOD);
        let mem = self.memory.entry(key.clone()).or_default();
        if mem.uid != uid {
            *mem = Memory { uid: uid.clone(), ..Default::default() };
        }
        api.wake_at(now + SYNC_PERIOD, Wake::SyncHpa(crate::api::Named::new(ns, name)));
        let stamp = now;
        let target_kind = match spec.target_kind.as_str() {
            "Deployment" => Some(Kind::Deployment),
            "ReplicaSet" => Some(Kind::ReplicaSet),
            "StatefulSet" => Some(Kind::StatefulSet),
            _ => None,
        };
        let target = target_kind.and_then(|k| match api.store.object(k, ns, &spec.target_name)? {
            Object::Deployment(d) => Some((k, d.spec.replicas, d.spec.raw().clone())),
            Object::ReplicaSet(r) => Some((k, r.spec.replicas, r.spec.raw().clone())),
            Object::StatefulSet(s) => Some((k, s.spec.replicas, s.spec.raw().clone())),
            _ => None,
        });
        let Some((kind, current, target_spec)) = target else {
            let what = if target_kind.is_some() {
                format!("{}.apps \"{}\" not found", spec.target_kind.to_lowercase() + "s", spec.target_name)
            } else {
                format!("no matches for kind \"{}\" in group \"\"", spec.target_kind)
            };
            let msg = format!("the HPA controller was unable to get the target's current scale: {what}");
            event(api, ns, name, EventType::Warning, "FailedGetScale", what);
            set_condition(&mut conds, stamp, "AbleToScale", false, "FailedGetScale", &msg);
            write_status(api, ns, name, None, None, conds, status_metrics, None);
            return;
        };
        let target_spec = &target_spec;
        set_condition(
            &mut conds,
            stamp,
            "AbleToScale",
            true,
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale",
        );
        let desired;
        let mut reason = String::new();
        let mut story: Option<Computation> = None;
        if current == 0 && spec.min != 0 {
            set_condition(
                &mut conds,
                stamp,
                "ScalingActive",
                false,
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero",
            );
            write_status(api, ns, name, Some(current), Some(0), conds, status_metrics, None);
            return;
        } else if current > spec.max {
            desired = spec.max;
            reason = "Current number of replicas above Spec.MaxReplicas".into();
        } else if current < spec.min {
            desired = spec.min;
            reason = "Current number of replicas below Spec.MinReplicas".into();
        } else {
            let Some(cpu_target) = spec.cpu_target else {
                let msg =
                    "the HPA was unable to compute the replica count: only cpu Resource metrics with a Utilization target are simulated";
                set_condition(&mut conds, stamp, "ScalingActive", false, "InvalidMetricSourceType", msg);
                write_status(api, ns, name, Some(current), Some(current), conds, status_metrics, None);
                return;
            };
            match cpu_replicas(api, ns, target_spec, cpu_target, current) {
                Err(e) => {
                    event(api, ns, name, EventType::Warning, "FailedGetResourceMetric", e.clone());
                    event(
                        api,
                        ns,
                        name,
                        EventType::Warning,
                        "FailedComputeMetricsReplicas",
                        format!("invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: {e}"),
                    );
                    set_condition(
                        &mut conds,
                        stamp,
                        "ScalingActive",
                        false,
                        "FailedGetResourceMetric",
                        &format!("the HPA was unable to compute the replica count: {e}"),
                    );
                    write_status(api, ns, name, Some(current), Some(current), conds, status_metrics, None);
                    return;
                }
                Ok(Calc { proposed, utilization, raw, pods, used_utilization, kept }) => {
                    set_condition(
                        &mut conds,
                        stamp,
                        "ScalingActive",
                        true,
                        "ValidMetricFound",
                        &format!("the HPA was able to successfully calculate a replica count from {METRIC}"),
                    );
                    status_metrics = Value::Seq(vec![Value::Map(vec![
                        ("type".into(), Value::str("Resource")),
                        (
                            "resource".into(),
                            Value::Map(vec![
                                ("name".into(), Value::str("cpu")),
                                (
                                    "current".into(),
                                    Value::Map(vec![
                                        ("averageUtilization".into(), Value::Int(utilization)),
                                        ("averageValue".into(), Value::str(format!("{raw}m"))),
                                    ]),
                                ),
                            ]),
                        ),
                    ])]);
                    story = Some(Computation {
                        at: now,
                        pods,
                        utilization: used_utilization,
                        measured: utilization,
                        target: cpu_target,
                        proposed,
                        desired: proposed,
                        current,
                        limited_by: None,
                        kept,
                    });
                    if proposed > current {
                        reason = format!("{METRIC} above target");
                    } else if proposed < current {
                        reason = "All metrics below target".into();
                    }
                    let normalized =
                        normalize(now, self.memory.entry(key.clone()).or_default(), &spec, current, proposed, &mut conds, stamp);
                    if let Some(s) = story.as_mut() {
                        s.desired = normalized.0;
                        s.limited_by = normalized.1;
                    }
                    desired = normalized.0;
                }
            }
        }
        if desired != current {
            let _ = crate::apiserver::scale(api, kind, ns, &spec.target_name, desired);
            event(api, ns, name, EventType::Normal, "SuccessfulRescale", format!("New size: {desired}; reason: {reason}"));
            set_condition(
                &mut conds,
                stamp,
                "AbleToScale",
                true,
                "SucceededRescale",
                &format!("the HPA controller was able to update the target scale to {desired}"),
            );
            let mem = self.memory.entry(key.clone()).or_default();
            if desired > current {
                mem.ups.push((now, desired - current));
            } else {
                mem.downs.push((now, current - desired));
            }
            let keep = now.saturating_sub(3_600_000);
            mem.ups.retain(|(t, _)| *t > keep);
            mem.downs.retain(|(t, _)| *t > keep);
        }
        if let Some(s) = &story {
            self.memory.entry(key.clone()).or_default().story = Some(s.clone());
        }
        let mem = self.memory.entry(key.clone()).or_default();
        if mem.history.len() == HISTORY {
            mem.history.pop_front();
        }
        mem.history.push_back(Point { at: now, replicas: desired, utilization: story.as_ref().map(|s| s.measured) });
        let last_scale = (desired != current).then_some(now);
        write_status(api, ns, name, Some(current), Some(desired), conds, status_metrics, last_scale);
    }
}

/// Stabilization, then the policies' rate limits and min/max, as
/// `normalizeDesiredReplicasWithBehaviors` does. Returns the replicas and what limited them.
fn normalize(
    now: Millis,
    mem: &mut Memory,
    spec: &AutoscalerSpec,
    current: i64,
    proposed: i64,
    conds: &mut Vec<Condition>,
    stamp: Millis,
) -> (i64, Option<String>) {
    let up_cutoff = now.saturating_sub(spec.up.window_s.max(0) as Millis * 1000);
    let down_cutoff = now.saturating_sub(spec.down.window_s.max(0) as Millis * 1000);
    let (mut up, mut down) = (proposed, proposed);
    for (t, r) in &mem.recommendations {
        if *t > up_cutoff {
            up = up.min(*r);
        }
        if *t > down_cutoff {
            down = down.max(*r);
        }
    }
    let mut stabilized = current;
    if stabilized < up {
        stabilized = up;
    }
    if stabilized > down {
        stabilized = down;
    }
    let longest = spec.up.window_s.max(spec.down.window_s).max(0) as Millis * 1000;
    mem.recommendations.retain(|(t, _)| *t + longest > now);
    mem.recommendations.push((now, proposed));
    let mut limited: Option<String> = None;
    if stabilized != proposed {
        let (reason, message) = if stabilized > proposed {
            ("ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation")
        } else {
            ("ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation")
        };
        set_condition(conds, stamp, "AbleToScale", true, reason, message);
        let (which, window) = if stabilized > proposed { ("highest", spec.down.window_s) } else { ("lowest", spec.up.window_s) };
        limited = Some(format!("{reason}: the {which} recommendation of the last {window} s"));
    } else {
        set_condition(conds, stamp, "AbleToScale", true, "ReadyForNewScale", "recommended size matches current size");
    }
    let (mut result, mut reason, mut message) = (stabilized, "DesiredWithinRange", "the desired count is within the acceptable range");
    if stabilized > current {
        let limit = scale_up_limit(mem, now, current, &spec.up).max(current);
        let (max_allowed, r, m) = if spec.max > limit {
            (limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
        } else {
            (spec.max, "TooManyReplicas", "the desired replica count is more than the maximum replica count")
        };
        if stabilized > max_allowed {
            (result, reason, message) = (max_allowed, r, m);
        }
    } else if stabilized < current {
        let limit = scale_down_limit(mem, now, current, &spec.down).min(current);
        let (min_allowed, r, m) = if spec.min < limit {
            (limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
        } else {
            (spec.min, "TooFewReplicas", "the desired replica count is less than the minimum replica count")
        };
        if stabilized < min_allowed {
            (result, reason, message) = (min_allowed, r, m);
        }
    }
    set_condition(conds, stamp, "ScalingLimited", result != stabilized, reason, message);
    if result != stabilized {
        limited = Some(format!("{reason}: {message}"));
    }
    (result, limited)
}

#[allow(clippy::too_many_arguments)]
fn write_status(
    api: &mut Api,
    ns: &str,
    name: &str,
    current: Option<i64>,
    desired: Option<i64>,
    conditions: Vec<Condition>,
    metrics: Value,
    last_scale: Option<Millis>,
) {
    let Some(hpa) = api.store.autoscaler(ns, name) else { return };
    let mut st = hpa.status.clone().unwrap_or_default();
    if let Some(t) = last_scale {
        st.last_scale_time = Some(t);
    }
    st.current_replicas = current.unwrap_or(0);
    st.desired_replicas = desired.unwrap_or(0);
    st.current_metrics = (!metrics.is_null()).then_some(metrics);
    st.conditions = conditions;
    if hpa.status.as_ref() == Some(&st) {
        return;
    }
    let rv = api.store.next_rv();
    if let Some(hpa) = api.store.autoscaler_mut(ns, name) {
        hpa.status = Some(st);
        hpa.meta.resource_version = rv;
    }
}
