//! Jobs (`batch/v1`): the fields the Job controller acts on, typed and read from the
//! defaulted spec, which is kept whole for `kubectl get -o yaml`; the status is the
//! controller's and fully typed.

use super::deployment::LabelSelector;
use super::meta::ObjectMeta;
use crate::time::{rfc3339, Millis};
use crate::value::Value;

/// The labels the API server puts on a Job's pod template when it generates the selector
/// (`generateSelector`): the new names and the legacy ones.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";
/// On each pod of an Indexed Job, as an annotation and a label.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";
/// The finalizer that keeps a finished pod until the Job has counted it.
pub const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// On each pod of an Indexed Job with a per-index back-off limit: the failures of its
/// index before it, counted and ignored by the pod failure policy.
pub const INDEX_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-failure-count";
pub const INDEX_IGNORED_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-ignored-failure-count";

#[derive(Clone, Debug, PartialEq)]
pub struct JobSpec {
    pub parallelism: i64,
    /// `None`: any one success completes the Job (a work queue).
    pub completions: Option<i64>,
    pub backoff_limit: i64,
    pub active_deadline_seconds: Option<i64>,
    pub ttl_seconds_after_finished: Option<i64>,
    pub suspend: bool,
    pub indexed: bool,
    /// `podReplacementPolicy: Failed`: a terminating pod is replaced only once it failed.
    pub replace_only_failed: bool,
    /// Indexed Jobs: failures allowed per index, and failed indexes allowed in all.
    pub backoff_limit_per_index: Option<i64>,
    pub max_failed_indexes: Option<i64>,
    pub selector: LabelSelector,
    pub template: Value,
    raw: Value,
}

impl JobSpec {
    pub fn from_value(raw: Value) -> JobSpec {
        let int = |k: &str| raw.get(k).and_then(Value::as_i64);
        let indexed = raw.get("completionMode").and_then(Value::as_str) == Some("Indexed");
        JobSpec {
            parallelism: int("parallelism").unwrap_or(1),
            completions: int("completions"),
            backoff_limit: int("backoffLimit").unwrap_or(6),
            active_deadline_seconds: int("activeDeadlineSeconds"),
            ttl_seconds_after_finished: int("ttlSecondsAfterFinished"),
            suspend: raw.get("suspend").and_then(Value::as_bool).unwrap_or(false),
            indexed,
            replace_only_failed: raw.get("podReplacementPolicy").and_then(Value::as_str) == Some("Failed"),
            backoff_limit_per_index: int("backoffLimitPerIndex").filter(|_| indexed),
            max_failed_indexes: int("maxFailedIndexes").filter(|_| indexed),
            selector: LabelSelector::from_value(raw.get("selector")),
            template: raw.get("template").cloned().unwrap_or(Value::Null),
            raw,
        }
    }

    /// The spec as written and defaulted.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Changes the written spec and reads it again; whether anything changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut Value)) -> bool {
        super::edit_written(self, Self::raw, JobSpec::from_value, f)
    }

    pub fn restart_policy(&self) -> &str {
        self.template.get("spec").and_then(|s| s.get("restartPolicy")).and_then(Value::as_str).unwrap_or("Never")
    }
}

/// A Job condition: `lastProbeTime` and `lastTransitionTime` are both the instant the
/// controller wrote it (`newCondition`).
#[derive(Clone, Debug, PartialEq)]
pub struct JobCondition {
    pub kind: &'static str,
    pub status: bool,
    pub reason: String,
    pub message: String,
    pub at: Millis,
}

impl JobCondition {
    fn to_value(&self) -> Value {
        Value::Map(vec![
            ("lastProbeTime".into(), Value::str(rfc3339(self.at))),
            ("lastTransitionTime".into(), Value::str(rfc3339(self.at))),
            ("message".into(), Value::str(self.message.clone())),
            ("reason".into(), Value::str(self.reason.clone())),
            ("status".into(), Value::str(if self.status { "True" } else { "False" })),
            ("type".into(), Value::str(self.kind)),
        ])
    }
}

/// What the Job controller writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobStatus {
    pub start_time: Option<Millis>,
    pub completion_time: Option<Millis>,
    pub active: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub ready: i64,
    pub terminating: i64,
    /// Indexed Jobs: the succeeded indexes as `1,3-5`.
    pub completed_indexes: String,
    /// Indexed Jobs with a per-index back-off limit: the indexes that failed.
    pub failed_indexes: Option<String>,
    pub conditions: Vec<JobCondition>,
}

impl JobStatus {
    pub fn condition(&self, kind: &str) -> Option<&JobCondition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    pub fn is_true(&self, kind: &str) -> bool {
        self.condition(kind).is_some_and(|c| c.status)
    }

    /// Complete or Failed: the controller is done with it.
    pub fn finished(&self) -> bool {
        self.is_true("Complete") || self.is_true("Failed")
    }

    /// When the Job finished (its terminal condition's time).
    pub fn finished_at(&self) -> Option<Millis> {
        self.conditions.iter().find(|c| c.status && (c.kind == "Complete" || c.kind == "Failed")).map(|c| c.at)
    }

    fn to_value(&self, indexed: bool) -> Value {
        // Counts are `omitempty`, except `ready` and `terminating` (pointers, always
        // written by the v1.33 controller) and the uncounted pods, empty once counted.
        let mut m = vec![];
        if self.active > 0 {
            m.push(("active".into(), Value::Int(self.active)));
        }
        if indexed {
            m.push(("completedIndexes".into(), Value::str(self.completed_indexes.clone())));
        }
        if let Some(t) = self.completion_time {
            m.push(("completionTime".into(), Value::str(rfc3339(t))));
        }
        if !self.conditions.is_empty() {
            m.push(("conditions".into(), Value::Seq(self.conditions.iter().map(JobCondition::to_value).collect())));
        }
        if self.failed > 0 {
            m.push(("failed".into(), Value::Int(self.failed)));
        }
        if let Some(f) = &self.failed_indexes {
            m.push(("failedIndexes".into(), Value::str(f.clone())));
        }
        m.push(("ready".into(), Value::Int(self.ready)));
        if let Some(t) = self.start_time {
            m.push(("startTime".into(), Value::str(rfc3339(t))));
        }
        if self.succeeded > 0 {
            m.push(("succeeded".into(), Value::Int(self.succeeded)));
        }
        m.push(("terminating".into(), Value::Int(self.terminating)));
        m.push(("uncountedTerminatedPods".into(), Value::Map(vec![])));
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub meta: ObjectMeta,
    pub spec: JobSpec,
    /// `None` until the controller first writes it.
    pub status: Option<JobStatus>,
}

impl Job {
    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("apiVersion".into(), Value::str("batch/v1")),
            ("kind".into(), Value::str("Job")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), self.spec.raw.clone()),
        ];
        if let Some(s) = &self.status {
            m.push(("status".into(), s.to_value(self.spec.indexed)));
        }
        Value::Map(m)
    }

    /// `printJob`'s STATUS column, first match: Complete, Failed, Terminating, Suspended,
    /// FailureTarget, Running.
    pub fn status_text(&self) -> &'static str {
        let st = self.status.clone().unwrap_or_default();
        if st.is_true("Complete") {
            "Complete"
        } else if st.is_true("Failed") {
            "Failed"
        } else if self.meta.deletion.is_some() {
            "Terminating"
        } else if st.is_true("Suspended") {
            "Suspended"
        } else if st.is_true("FailureTarget") {
            "FailureTarget"
        } else {
            "Running"
        }
    }

    /// `printJob`'s COMPLETIONS column.
    pub fn completions_text(&self) -> String {
        let succeeded = self.status.as_ref().map_or(0, |s| s.succeeded);
        match self.spec.completions {
            Some(c) => format!("{succeeded}/{c}"),
            None if self.spec.parallelism > 1 => format!("{succeeded}/1 of {}", self.spec.parallelism),
            None => format!("{succeeded}/1"),
        }
    }

    /// `printJob`'s DURATION, in milliseconds: empty before the start, the running time
    /// until it completes (a failed Job's keeps growing).
    pub fn duration(&self, now: Millis) -> Option<Millis> {
        let st = self.status.as_ref()?;
        let start = st.start_time?;
        Some(st.completion_time.unwrap_or(now).saturating_sub(start))
    }
}

/// `generateSelector`: the template's four labels and the selector on the uid, unless
/// the user chose `manualSelector: true`. Run by the API server once the uid is known.
pub fn generate_selector(spec: &mut Value, name: &str, uid: &str) {
    if spec.get("manualSelector").and_then(Value::as_bool) == Some(true) {
        return;
    }
    let labels = spec.entry_map("template").entry_map("metadata").entry_map("labels");
    for (k, v) in [(LEGACY_JOB_NAME_LABEL, name), (JOB_NAME_LABEL, name), (LEGACY_CONTROLLER_UID_LABEL, uid), (CONTROLLER_UID_LABEL, uid)] {
        if labels.get(k).is_none() {
            labels.set(k, Value::str(v));
        }
    }
    sort_map(labels);
    let ml = spec.entry_map("selector").entry_map("matchLabels");
    if ml.get(CONTROLLER_UID_LABEL).is_none() {
        ml.set(CONTROLLER_UID_LABEL, Value::str(uid));
    }
    sort_map(ml);
}

fn sort_map(v: &mut Value) {
    if let Value::Map(m) = v {
        m.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_selector_picks_the_uid_and_labels_the_template() {
        let mut spec = Value::Map(vec![]);
        generate_selector(&mut spec, "pi", "u-1");
        let labels = spec.get("template").and_then(|t| t.get("metadata")).and_then(|m| m.get("labels")).unwrap();
        let keys: Vec<&str> = labels.as_map().unwrap().iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, [CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL]);
        let sel = LabelSelector::from_value(spec.get("selector"));
        assert_eq!(sel.match_labels.get(CONTROLLER_UID_LABEL), Some("u-1"));
        let mut manual = Value::Map(vec![("manualSelector".into(), Value::Bool(true))]);
        generate_selector(&mut manual, "pi", "u-1");
        assert!(manual.get("selector").is_none(), "a manual selector is the user's");
    }

    #[test]
    fn completions_read_as_kubectl_prints_them() {
        let job = |raw: Value| Job { meta: ObjectMeta::default(), spec: JobSpec::from_value(raw), status: None };
        assert_eq!(job(Value::Map(vec![("completions".into(), Value::Int(5))])).completions_text(), "0/5");
        assert_eq!(job(Value::Map(vec![("parallelism".into(), Value::Int(3))])).completions_text(), "0/1 of 3");
        assert_eq!(job(Value::Map(vec![])).completions_text(), "0/1");
        assert_eq!(job(Value::Map(vec![])).status_text(), "Running");
    }
}
