//! A Job's pod failure policy and success policy (`pod_failure_policy.go`,
//! `success_policy.go`): which rule a failed pod matches, and whether the succeeded
//! indexes satisfy a rule. Read from the defaulted spec at each sync: Jobs are few, and
//! the spec is what the user wrote.

use crate::model::job_indexes::{self, Intervals};
use crate::model::pod::{ContainerState, Pod};
use crate::value::Value;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    FailJob,
    FailIndex,
    Ignore,
    Count,
}

impl Action {
    fn of(s: &str) -> Option<Action> {
        match s {
            "FailJob" => Some(Action::FailJob),
            "FailIndex" => Some(Action::FailIndex),
            "Ignore" => Some(Action::Ignore),
            "Count" => Some(Action::Count),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Action::FailJob => "FailJob",
            Action::FailIndex => "FailIndex",
            Action::Ignore => "Ignore",
            Action::Count => "Count",
        }
    }
}

struct ExitCodes {
    container: Option<String>,
    not_in: bool,
    values: Vec<i64>,
}

enum Requirement {
    ExitCodes(ExitCodes),
    /// Condition types with the status they must have (`True`, `False`, `Unknown`).
    Conditions(Vec<(String, String)>),
}

struct Rule {
    action: Action,
    requirement: Requirement,
}

pub struct PodFailurePolicy(Vec<Rule>);

/// What `matchPodFailurePolicy` says of one failed pod.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// A `FailJob` rule matched: the Job's failure message.
    pub fail_message: Option<String>,
    /// Whether the failure counts towards the back-off limits (not for `Ignore`).
    pub counts: bool,
    pub action: Option<Action>,
}

impl Verdict {
    pub const DEFAULT: Verdict = Verdict { fail_message: None, counts: true, action: None };
}

impl PodFailurePolicy {
    /// The policy of a defaulted Job spec; rules the API server would have refused are
    /// skipped rather than trusted.
    pub fn of(spec: &Value) -> Option<PodFailurePolicy> {
        let rules = spec.get("podFailurePolicy")?.get("rules")?.as_seq();
        let mut out = vec![];
        for r in rules {
            let Some(action) = r.get("action").and_then(Value::as_str).and_then(Action::of) else { continue };
            let requirement = if let Some(e) = r.get("onExitCodes").filter(|v| !v.is_null()) {
                Requirement::ExitCodes(ExitCodes {
                    container: e.get("containerName").and_then(Value::as_str).map(str::to_string),
                    not_in: e.get("operator").and_then(Value::as_str) == Some("NotIn"),
                    values: e.get("values").map(|v| v.as_seq().iter().filter_map(Value::as_i64).collect()).unwrap_or_default(),
                })
            } else if let Some(cs) = r.get("onPodConditions").map(Value::as_seq).filter(|cs| !cs.is_empty()) {
                let patterns = cs
                    .iter()
                    .filter_map(|c| {
                        let kind = c.get("type").and_then(Value::as_str)?;
                        Some((kind.to_string(), c.get("status").and_then(Value::as_str).unwrap_or("True").to_string()))
                    })
                    .collect();
                Requirement::Conditions(patterns)
            } else {
                continue;
            };
            out.push(Rule { action, requirement });
        }
        Some(PodFailurePolicy(out))
    }

    /// `matchPodFailurePolicy`: the first rule the failed pod matches.
    pub fn judge(&self, pod: &Pod) -> Verdict {
        for (index, rule) in self.0.iter().enumerate() {
            let matched = match &rule.requirement {
                Requirement::ExitCodes(req) => exit_code_match(pod, req).map(|(name, code)| {
                    format!(
                        "Container {name} for pod {}/{} failed with exit code {code} matching {} rule at index {index}",
                        pod.meta.namespace,
                        pod.meta.name,
                        rule.action.name()
                    )
                }),
                Requirement::Conditions(patterns) => condition_match(pod, patterns).map(|kind| {
                    format!(
                        "Pod {}/{} has condition {kind} matching {} rule at index {index}",
                        pod.meta.namespace,
                        pod.meta.name,
                        rule.action.name()
                    )
                }),
            };
            if let Some(message) = matched {
                return Verdict {
                    fail_message: (rule.action == Action::FailJob).then_some(message),
                    counts: rule.action != Action::Ignore,
                    action: Some(rule.action),
                };
            }
        }
        Verdict::DEFAULT
    }
}

/// The first terminated container (then init container) whose non-zero exit code the
/// requirement matches.
fn exit_code_match(pod: &Pod, req: &ExitCodes) -> Option<(String, i32)> {
    pod.status.statuses.iter().chain(pod.status.init_statuses.iter()).find_map(|s| {
        let ContainerState::Terminated(t) = &s.state else { return None };
        if t.exit_code == 0 || req.container.as_deref().is_some_and(|c| c != &*s.name) {
            return None;
        }
        let listed = req.values.contains(&i64::from(t.exit_code));
        (listed != req.not_in).then(|| (s.name.to_string(), t.exit_code))
    })
}

fn condition_match(pod: &Pod, patterns: &[(String, String)]) -> Option<&'static str> {
    pod.status.conditions.iter().find_map(|c| {
        let status = if c.status { "True" } else { "False" };
        patterns.iter().any(|(kind, want)| kind == c.kind.as_str() && want == status).then_some(c.kind.as_str())
    })
}

/// An Indexed Job's success policy: rules of `succeededIndexes` and `succeededCount`.
pub struct SuccessPolicy(Vec<(Option<Intervals>, Option<i64>)>);

impl SuccessPolicy {
    pub fn of(spec: &Value, completions: i64) -> Option<SuccessPolicy> {
        let rules = spec.get("successPolicy")?.get("rules")?.as_seq();
        let rules = rules
            .iter()
            .map(|r| {
                let indexes = r.get("succeededIndexes").and_then(Value::as_str).map(|s| job_indexes::parse(s, completions));
                (indexes, r.get("succeededCount").and_then(Value::as_i64))
            })
            .collect();
        Some(SuccessPolicy(rules))
    }

    /// `matchSuccessPolicy`: the message of the first rule the succeeded indexes meet.
    pub fn met(&self, succeeded: &BTreeSet<i64>) -> Option<String> {
        if succeeded.is_empty() {
            return None;
        }
        for (index, (indexes, count)) in self.0.iter().enumerate() {
            let met = match indexes {
                // A rule whose indexes did not parse is passed over.
                Some(list) if list.is_empty() => false,
                Some(list) => {
                    let contains = job_indexes::count_within(list, succeeded);
                    contains == job_indexes::total(list) || count.is_some_and(|c| contains >= c)
                }
                None => count.is_some_and(|c| succeeded.len() as i64 >= c),
            };
            if met {
                return Some(format!("Matched rules at index {index}"));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn spec(text: &str) -> Value {
        let stream = crate::yaml::parse_stream(text);
        crate::model::decode::untyped(&stream.docs[0].root)
    }

    #[test]
    fn success_rules_are_met_by_indexes_or_counts() {
        let s = spec("successPolicy:\n  rules:\n  - succeededIndexes: 0,2-3\n  - succeededCount: 3\n");
        let policy = SuccessPolicy::of(&s, 10).unwrap();
        let set = |v: &[i64]| v.iter().copied().collect::<BTreeSet<i64>>();
        assert_eq!(policy.met(&set(&[0, 2])), None);
        assert_eq!(policy.met(&set(&[0, 2, 3])), Some("Matched rules at index 0".into()));
        assert_eq!(policy.met(&set(&[5, 6, 7])), Some("Matched rules at index 1".into()));
        assert_eq!(policy.met(&set(&[])), None);
    }
}
