//! `validatePodFailurePolicy`, `validateSuccessPolicy` and the per-index back-off limits
//! (`pkg/apis/batch/validation`), at `path` (`spec` or a CronJob's job template spec).

use super::{names, str_at, Errors};
use crate::model::job_indexes;
use crate::value::Value;

const MAX_RULES: usize = 20;
const MAX_EXIT_CODES: usize = 255;
const MAX_CONDITION_PATTERNS: usize = 20;
const MAX_FAILED_INDEXES: i64 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i64 = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: i64 = 10_000;
const MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS: i64 = 100_000;

fn set(spec: &Value, key: &str) -> Option<Value> {
    spec.get(key).filter(|v| !v.is_null()).cloned()
}

/// The limits of an Indexed Job's per-index back-off.
pub fn per_index(errs: &mut Errors, spec: &Value, path: &str) {
    let completions = spec.get("completions").and_then(Value::as_i64);
    let max_failed = set(spec, "maxFailedIndexes").and_then(|v| v.as_i64());
    let per_index = set(spec, "backoffLimitPerIndex").is_some();
    if let (Some(c), Some(m)) = (completions, max_failed) {
        if m > c {
            errs.invalid(&format!("{path}.maxFailedIndexes"), &Value::Int(m), "must be less than or equal to completions");
        }
    }
    if let Some(m) = max_failed.filter(|m| *m > MAX_FAILED_INDEXES) {
        errs.invalid(&format!("{path}.maxFailedIndexes"), &Value::Int(m), &format!("must be less than or equal to {MAX_FAILED_INDEXES}"));
    }
    if per_index && completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT) {
        let above = format!("when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index");
        match max_failed {
            None => errs.required_with(
                &format!("{path}.maxFailedIndexes"),
                &format!("must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"),
            ),
            Some(m) if m > MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS => errs.invalid(
                &format!("{path}.maxFailedIndexes"),
                &Value::Int(m),
                &format!("must be less than or equal to {MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS} {above}"),
            ),
            Some(_) => {}
        }
        if let Some(p) = spec.get("parallelism").and_then(Value::as_i64).filter(|p| *p > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
            errs.invalid(
                &format!("{path}.parallelism"),
                &Value::Int(p),
                &format!("must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} {above}"),
            );
        }
    }
}

/// The pod template's container and init container names, which `containerName` must be.
fn container_names(spec: &Value) -> Vec<String> {
    let pod = spec.get("template").and_then(|t| t.get("spec"));
    ["containers", "initContainers"]
        .iter()
        .flat_map(|k| pod.and_then(|p| p.get(k)).map(Value::as_seq).unwrap_or(&[]))
        .filter_map(|c| str_at(c, "name").map(str::to_string))
        .collect()
}

/// How Go prints an `[]int32` in a field error.
fn int32s(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "[]int32(nil)".into(),
        Some(v) => {
            let items: Vec<String> = v.as_seq().iter().map(|i| i.as_i64().map_or_else(|| "0".into(), |n| n.to_string())).collect();
            format!("[]int32{{{}}}", items.join(", "))
        }
    }
}

pub fn pod_failure_policy(errs: &mut Errors, spec: &Value, path: &str) {
    let Some(policy) = set(spec, "podFailurePolicy") else { return };
    let path = format!("{path}.podFailurePolicy");
    let rules = policy.get("rules").map(Value::as_seq).unwrap_or(&[]);
    if rules.len() > MAX_RULES {
        errs.too_many(&format!("{path}.rules"), rules.len(), MAX_RULES);
    }
    let names = container_names(spec);
    let per_index = set(spec, "backoffLimitPerIndex").is_some();
    for (i, rule) in rules.iter().enumerate() {
        let rule_path = format!("{path}.rules[{i}]");
        let action_path = format!("{rule_path}.action");
        const ACTIONS: &[&str] = &["Count", "FailIndex", "FailJob", "Ignore"];
        match str_at(rule, "action").unwrap_or("") {
            "" => errs.required_with(&action_path, "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"),
            "FailIndex" if !per_index => {
                errs.invalid(&action_path, &Value::str("FailIndex"), "requires the backoffLimitPerIndex to be set")
            }
            a if !ACTIONS.contains(&a) => errs.not_supported(&action_path, a, ACTIONS),
            _ => {}
        }
        let exit = rule.get("onExitCodes").filter(|v| !v.is_null());
        let conditions = rule.get("onPodConditions").map(Value::as_seq).unwrap_or(&[]);
        if let Some(e) = exit {
            exit_codes(errs, e, &format!("{rule_path}.onExitCodes"), &names);
        }
        if conditions.len() > MAX_CONDITION_PATTERNS {
            errs.too_many(&format!("{rule_path}.onPodConditions"), conditions.len(), MAX_CONDITION_PATTERNS);
        }
        for (j, pattern) in conditions.iter().enumerate() {
            let pattern_path = format!("{rule_path}.onPodConditions[{j}]");
            let kind = str_at(pattern, "type").unwrap_or("");
            for msg in names::qualified_name(kind) {
                errs.invalid(&format!("{pattern_path}.type"), &Value::str(kind), &msg);
            }
            let statuses = ["False", "True", "Unknown"];
            match str_at(pattern, "status").unwrap_or("") {
                "" => errs.required_with(&format!("{pattern_path}.status"), "valid values: [\"False\" \"True\" \"Unknown\"]"),
                s if !statuses.contains(&s) => errs.not_supported(&format!("{pattern_path}.status"), s, &statuses),
                _ => {}
            }
        }
        if exit.is_some() && !conditions.is_empty() {
            errs.invalid_omit(&rule_path, "specifying both OnExitCodes and OnPodConditions is not supported");
        }
        if exit.is_none() && conditions.is_empty() {
            errs.invalid_omit(&rule_path, "specifying one of OnExitCodes and OnPodConditions is required");
        }
    }
}

fn exit_codes(errs: &mut Errors, e: &Value, path: &str, names: &[String]) {
    let operator = str_at(e, "operator").unwrap_or("");
    match operator {
        "" => errs.required_with(&format!("{path}.operator"), "valid values: [\"In\" \"NotIn\"]"),
        "In" | "NotIn" => {}
        other => errs.not_supported(&format!("{path}.operator"), other, &["In", "NotIn"]),
    }
    if let Some(name) = str_at(e, "containerName").filter(|n| !names.iter().any(|c| c == n)) {
        errs.invalid(
            &format!("{path}.containerName"),
            &Value::str(name),
            "must be one of the container or initContainer names in the pod template",
        );
    }
    let values_path = format!("{path}.values");
    let raw = e.get("values");
    let values: Vec<i64> = raw.map(Value::as_seq).unwrap_or(&[]).iter().map(|v| v.as_i64().unwrap_or(0)).collect();
    if values.is_empty() {
        errs.invalid_raw(&values_path, &int32s(raw), "at least one value is required");
    } else if values.len() > MAX_EXIT_CODES {
        errs.too_many(&values_path, values.len(), MAX_EXIT_CODES);
    }
    let mut seen = std::collections::BTreeSet::new();
    for (j, v) in values.iter().enumerate() {
        let value_path = format!("{values_path}[{j}]");
        if operator == "In" && *v == 0 {
            errs.invalid(&value_path, &Value::Int(0), "must not be 0 for the In operator");
        }
        if !seen.insert(*v) {
            errs.duplicate(&value_path, &Value::Int(*v));
        }
    }
    if values.windows(2).any(|w| w[0] > w[1]) {
        errs.invalid_raw(&values_path, &int32s(raw), "must be ordered");
    }
}

pub fn success_policy(errs: &mut Errors, spec: &Value, path: &str, indexed: bool) {
    let Some(policy) = set(spec, "successPolicy") else { return };
    let path = format!("{path}.successPolicy");
    if !indexed {
        errs.invalid_raw(&path, "batch.SuccessPolicy{...}", "requires indexed completion mode");
        return;
    }
    let completions = spec.get("completions").and_then(Value::as_i64).unwrap_or(0);
    let rules = policy.get("rules").map(Value::as_seq).unwrap_or(&[]);
    if rules.is_empty() {
        errs.required_with(&format!("{path}.rules"), "at least one rules must be specified when the successPolicy is specified");
    }
    if rules.len() > MAX_RULES {
        errs.too_many(&format!("{path}.rules"), rules.len(), MAX_RULES);
    }
    for (i, rule) in rules.iter().enumerate() {
        let rule_path = format!("{path}.rules[{i}]");
        let indexes = str_at(rule, "succeededIndexes");
        let count = rule.get("succeededCount").and_then(Value::as_i64);
        if indexes.is_none() && count.is_none() {
            errs.required_with(&rule_path, "at least one of succeededCount or succeededIndexes must be specified");
        }
        let mut total = 0;
        if let Some(text) = indexes {
            match job_indexes::validate(text, completions) {
                Ok(n) => total = n,
                Err(e) => errs.invalid(
                    &format!("{rule_path}.succeededIndexes"),
                    &Value::str(text),
                    &format!("error parsing succeededIndexes: {e}"),
                ),
            }
        }
        if let Some(c) = count {
            let count_path = format!("{rule_path}.succeededCount");
            errs.non_negative(&count_path, Some(c));
            if c > completions {
                errs.invalid(
                    &count_path,
                    &Value::Int(c),
                    &format!("must be less than or equal to {completions} (the number of specified completions)"),
                );
            }
            if indexes.is_some() && c > total {
                errs.invalid(
                    &count_path,
                    &Value::Int(c),
                    &format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"),
                );
            }
        }
    }
}
