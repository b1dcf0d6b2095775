//! `ValidatePriorityClass` (`pkg/apis/scheduling/validation`): the `system-` prefix is
//! kept for the two classes the API server makes, a user's class may not outrank a
//! billion, and the preemption policy is one of two.

use super::{str_at, Errors};
use crate::value::Value;

/// `HighestUserDefinablePriority`.
const HIGHEST_USER_DEFINABLE: i64 = 1_000_000_000;
/// `SystemPriorityClassPrefix`.
const SYSTEM_PREFIX: &str = "system-";
/// The system classes (`SystemPriorityClasses`): name and value; neither is the default.
const SYSTEM: &[(&str, i64)] = &[("system-node-critical", 2_000_001_000), ("system-cluster-critical", 2_000_000_000)];

/// `IsKnownSystemPriorityClass`'s refusal, if any.
fn unknown_system_class(name: &str, value: i64, global_default: bool) -> Option<String> {
    let Some((_, want)) = SYSTEM.iter().find(|(n, _)| *n == name) else {
        return Some(format!("{name} is not a known system priority class"));
    };
    if value != *want {
        return Some(format!("value of {name} PriorityClass must be {want}"));
    }
    global_default.then(|| format!("globalDefault of {name} PriorityClass must be false"))
}

pub fn priority_class(errs: &mut Errors, obj: &Value) {
    let name = obj.get("metadata").and_then(|m| str_at(m, "name")).unwrap_or("");
    let value = obj.get("value").and_then(Value::as_i64).unwrap_or(0);
    let global_default = obj.get("globalDefault").and_then(Value::as_bool).unwrap_or(false);
    if name.starts_with(SYSTEM_PREFIX) {
        if let Some(e) = unknown_system_class(name, value, global_default) {
            errs.forbidden(
                "metadata.name",
                &format!("priority class names with '{SYSTEM_PREFIX}' prefix are reserved for system use only. error: {e}"),
            );
        }
    } else if value > HIGHEST_USER_DEFINABLE {
        errs.forbidden("value", &format!("maximum allowed value of a user defined priority is {HIGHEST_USER_DEFINABLE}"));
    }
    // `ValidatePreemptionPolicy`, when one is set.
    match obj.get("preemptionPolicy") {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_str().unwrap_or("") {
            "PreemptLowerPriority" | "Never" => {}
            "" => errs.required("preemptionPolicy"),
            other => errs.not_supported("preemptionPolicy", other, &["PreemptLowerPriority", "Never"]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(yaml: &str) -> Vec<String> {
        let doc = crate::yaml::parse_stream(yaml);
        let v = crate::model::decode::untyped(&doc.docs[0].root);
        let mut errs = Errors::default();
        priority_class(&mut errs, &v);
        errs.0.into_iter().map(|e| e.text).collect()
    }

    #[test]
    fn refuses_what_the_api_server_refuses() {
        assert!(errors("metadata: {name: high}\nvalue: 1000\npreemptionPolicy: Never\n").is_empty());
        assert_eq!(
            errors("metadata: {name: huge}\nvalue: 1000000001\n"),
            ["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"]
        );
        assert_eq!(
            errors("metadata: {name: system-x}\nvalue: 1\n"),
            ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-x is not a known system priority class"]
        );
        assert_eq!(
            errors("metadata: {name: p}\nvalue: 1\npreemptionPolicy: Sometimes\n"),
            ["preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\""]
        );
    }
}
