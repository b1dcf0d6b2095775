//! A status condition as the workload controllers write them (`type`, `status`,
//! `reason`, `message` and when it last changed).

use crate::time::{rfc3339, Millis};
use crate::value::Value;

/// A condition's `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

impl From<bool> for ConditionStatus {
    fn from(b: bool) -> Self {
        if b {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub kind: String,
    pub status: ConditionStatus,
    pub reason: String,
    pub message: String,
    pub last_transition: Millis,
    /// Deployments' conditions also say when they were last written.
    pub last_update: Option<Millis>,
}

impl Condition {
    pub fn status_text(&self) -> &'static str {
        match self.status {
            ConditionStatus::True => "True",
            ConditionStatus::False => "False",
            ConditionStatus::Unknown => "Unknown",
        }
    }

    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("lastTransitionTime".into(), Value::str(rfc3339(self.last_transition))),
            ("message".into(), Value::str(self.message.clone())),
            ("reason".into(), Value::str(self.reason.clone())),
            ("status".into(), Value::str(self.status_text())),
            ("type".into(), Value::str(self.kind.clone())),
        ];
        if let Some(t) = self.last_update {
            m.push(("lastUpdateTime".into(), Value::str(rfc3339(t))));
        }
        Value::Map(m)
    }
}

/// The condition of a type, if there is one.
pub fn find<'a>(conditions: &'a [Condition], kind: &str) -> Option<&'a Condition> {
    conditions.iter().find(|c| c.kind == kind)
}
