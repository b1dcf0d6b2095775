//! StatefulSets (`apps/v1`): the fields the StatefulSet controller acts on, typed and
//! read from the defaulted spec, which is kept whole for `kubectl get -o yaml`; the
//! status is the controller's and fully typed.

use super::deployment::LabelSelector;
use super::meta::ObjectMeta;
use crate::value::Value;

/// The pod labels the controller sets (`apps.StatefulSetPodNameLabel`,
/// `apps.PodIndexLabel`, `apps.StatefulSetRevisionLabel`).
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const REVISION_LABEL: &str = "controller-revision-hash";

#[derive(Clone, Debug, PartialEq)]
pub struct StatefulSetSpec {
    pub replicas: i64,
    pub selector: LabelSelector,
    pub template: Value,
    pub service_name: String,
    /// `podManagementPolicy: Parallel`: pods start and stop without waiting for each other.
    pub parallel: bool,
    /// `updateStrategy.type: OnDelete`: a template change waits for the user to delete pods.
    pub on_delete: bool,
    /// `updateStrategy.rollingUpdate.partition`: ordinals below it keep the old revision.
    pub partition: i64,
    pub revision_history_limit: i64,
    pub min_ready_seconds: i64,
    /// `ordinals.start`: the first pod's ordinal.
    pub start: i64,
    /// `volumeClaimTemplates`, as defaulted.
    pub claim_templates: Vec<Value>,
    /// The names of the claim templates that have one, in order: read for every pending
    /// pod at every sync.
    claim_names: Vec<String>,
    /// `persistentVolumeClaimRetentionPolicy`: whether claims go with the set, and with a
    /// pod removed by scaling down.
    pub delete_claims_when_deleted: bool,
    pub delete_claims_when_scaled: bool,
    /// The `data` of the revision that restores `template` (`controllerrevision::data_of`),
    /// made once per spec: the controller compares it with the set's revisions on every sync.
    pub revision_data: Value,
    raw: Value,
}

impl StatefulSetSpec {
    pub fn from_value(raw: Value) -> StatefulSetSpec {
        let int = |v: Option<&Value>, d: i64| v.and_then(Value::as_i64).unwrap_or(d);
        let strategy = raw.get("updateStrategy");
        let policy = raw.get("persistentVolumeClaimRetentionPolicy");
        let delete = |k: &str| policy.and_then(|p| p.get(k)).and_then(Value::as_str) == Some("Delete");
        let template = raw.get("template").cloned().unwrap_or(Value::Null);
        StatefulSetSpec {
            replicas: int(raw.get("replicas"), 1),
            selector: LabelSelector::from_value(raw.get("selector")),
            revision_data: super::controllerrevision::data_of(&template),
            template,
            service_name: raw.get("serviceName").and_then(Value::as_str).unwrap_or("").to_string(),
            parallel: raw.get("podManagementPolicy").and_then(Value::as_str) == Some("Parallel"),
            on_delete: strategy.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("OnDelete"),
            partition: int(strategy.and_then(|s| s.get("rollingUpdate")).and_then(|r| r.get("partition")), 0),
            revision_history_limit: int(raw.get("revisionHistoryLimit"), 10),
            min_ready_seconds: int(raw.get("minReadySeconds"), 0),
            start: int(raw.get("ordinals").and_then(|o| o.get("start")), 0),
            claim_names: claim_names(raw.get("volumeClaimTemplates").map(Value::as_seq).unwrap_or(&[])),
            claim_templates: raw.get("volumeClaimTemplates").map(Value::as_seq).unwrap_or(&[]).to_vec(),
            delete_claims_when_deleted: delete("whenDeleted"),
            delete_claims_when_scaled: delete("whenScaled"),
            raw,
        }
    }

    /// The spec as written and defaulted.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Changes the written spec and reads it again; whether anything changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut Value)) -> bool {
        super::edit_written(self, Self::raw, StatefulSetSpec::from_value, f)
    }

    /// The names of the claim templates, in order.
    pub fn claim_template_names(&self) -> &[String] {
        &self.claim_names
    }

    /// The claim templates that have a name, with it, in order.
    pub fn named_claim_templates(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.claim_templates.iter().filter(|t| claim_name(t).is_some()).zip(&self.claim_names).map(|(t, n)| (n.as_str(), t))
    }
}

fn claim_name(t: &Value) -> Option<&str> {
    t.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str)
}

fn claim_names(templates: &[Value]) -> Vec<String> {
    templates.iter().filter_map(claim_name).map(String::from).collect()
}

/// `getPersistentVolumeClaimName`: a stateful pod's claim of a claim template,
/// `<template>-<pod>`, written into `buf` (reused for every pending pod at every sync).
pub fn claim_name_into(buf: &mut String, template: &str, pod_name: &str) {
    buf.clear();
    buf.push_str(template);
    buf.push('-');
    buf.push_str(pod_name);
}

/// `claim_name_into`, as a new string.
pub fn pod_claim_name(template: &str, pod_name: &str) -> String {
    let mut name = String::with_capacity(template.len() + 1 + pod_name.len());
    claim_name_into(&mut name, template, pod_name);
    name
}

/// The ordinal of a member named `<parent>-<n>` (a pod of the set `parent`, or a claim of
/// `<template>-<set>`), as `getParentNameAndOrdinal` reads it: the name must end in `-`
/// and digits (`(.*)-([0-9]+)$`), and the number fit an int32 (`ParseInt(…, 10, 32)`);
/// anything else is not a member.
pub fn ordinal_of(parent: &str, name: &str) -> Option<i64> {
    let digits = name.strip_prefix(parent)?.strip_prefix('-')?;
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(b - b'0');
        if n > i64::from(i32::MAX) {
            return None;
        }
    }
    Some(n)
}

/// What the StatefulSet controller writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatefulSetStatus {
    pub observed_generation: i64,
    pub replicas: i64,
    pub ready_replicas: i64,
    pub current_replicas: i64,
    pub updated_replicas: i64,
    pub available_replicas: i64,
    pub current_revision: String,
    pub update_revision: String,
    pub collision_count: i64,
}

impl StatefulSetStatus {
    fn to_value(&self) -> Value {
        // In the keys' order, as kubectl prints a decoded object; `replicas`,
        // `availableReplicas` and the collision count (a pointer the controller always
        // sets) are written even at zero, the other counts only when set.
        let mut m = vec![("availableReplicas".into(), Value::Int(self.available_replicas))];
        m.push(("collisionCount".into(), Value::Int(self.collision_count)));
        if self.current_replicas > 0 {
            m.push(("currentReplicas".into(), Value::Int(self.current_replicas)));
        }
        if !self.current_revision.is_empty() {
            m.push(("currentRevision".into(), Value::str(self.current_revision.clone())));
        }
        m.push(("observedGeneration".into(), Value::Int(self.observed_generation)));
        if self.ready_replicas > 0 {
            m.push(("readyReplicas".into(), Value::Int(self.ready_replicas)));
        }
        m.push(("replicas".into(), Value::Int(self.replicas)));
        if !self.update_revision.is_empty() {
            m.push(("updateRevision".into(), Value::str(self.update_revision.clone())));
        }
        if self.updated_replicas > 0 {
            m.push(("updatedReplicas".into(), Value::Int(self.updated_replicas)));
        }
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatefulSet {
    pub meta: ObjectMeta,
    /// Shared: the controller works from a copy of the set while it changes the store, on
    /// every change of one of its pods, and the spec holds the pod template twice.
    pub spec: std::rc::Rc<StatefulSetSpec>,
    /// `None` until the controller first writes it.
    pub status: Option<StatefulSetStatus>,
}

impl StatefulSet {
    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("apiVersion".into(), Value::str("apps/v1")),
            ("kind".into(), Value::str("StatefulSet")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), self.spec.raw.clone()),
        ];
        if let Some(s) = &self.status {
            m.push(("status".into(), s.to_value()));
        }
        Value::Map(m)
    }
}

/// `SetDefaults_StatefulSet`, and the claim templates' own defaults
/// (`SetDefaults_PersistentVolumeClaim` and the object's type and empty status, as the
/// API server serves them).
pub fn set_defaults(spec: &mut Value) {
    let default = |v: &mut Value, key: &str, d: Value| {
        if v.get(key).is_none_or(Value::is_null) {
            v.set(key, d);
        }
    };
    default(spec, "podManagementPolicy", Value::str("OrderedReady"));
    let strategy = spec.entry_map("updateStrategy");
    if strategy.get("type").is_none_or(Value::is_null) {
        strategy.set("type", Value::str("RollingUpdate"));
        default(strategy, "rollingUpdate", Value::Map(vec![]));
    }
    if strategy.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
        if let Some(ru) = strategy.get_mut("rollingUpdate").filter(|r| matches!(r, Value::Map(_))) {
            default(ru, "partition", Value::Int(0));
        }
    }
    let policy = spec.entry_map("persistentVolumeClaimRetentionPolicy");
    default(policy, "whenDeleted", Value::str("Retain"));
    default(policy, "whenScaled", Value::str("Retain"));
    default(spec, "replicas", Value::Int(1));
    default(spec, "revisionHistoryLimit", Value::Int(10));
    if let Some(Value::Seq(claims)) = spec.get_mut("volumeClaimTemplates") {
        for c in claims.iter_mut().filter(|c| matches!(c, Value::Map(_))) {
            default(c, "apiVersion", Value::str("v1"));
            default(c, "kind", Value::str("PersistentVolumeClaim"));
            default(c.entry_map("spec"), "volumeMode", Value::str("Filesystem"));
            default(c, "status", Value::Map(vec![("phase".into(), Value::str("Pending"))]));
            if let Value::Map(m) = c {
                m.sort_by(|a, b| a.0.cmp(&b.0));
            }
        }
    }
}
