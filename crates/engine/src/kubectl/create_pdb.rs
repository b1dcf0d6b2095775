//! `kubectl create poddisruptionbudget|pdb NAME --selector=SELECTOR (--min-available=N |
//! --max-unavailable=N)` (`create_pdb.go`): one of the two bounds, a number or a
//! percentage, and the selector read as `metav1.ParseToLabelSelector` reads it.

use super::args::{self, flag, FlagSpec, Parsed};
use super::create_common::{atoi, map, name_of, send, Sent};
use super::Output;
use crate::model::labels::Op;
use crate::value::Value;
use crate::world::World;

const FLAGS: &[FlagSpec] = &[
    flag("selector", None, true),
    flag("min-available", None, true),
    flag("max-unavailable", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("save-config", None, false),
    flag("validate", None, true),
    flag("field-manager", None, true),
    flag("allow-missing-template-keys", None, false),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
];

pub(super) fn create(c: &mut World, words: &[String]) -> Output {
    let p = match args::parse(words, FLAGS, "create poddisruptionbudget") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let name = match name_of(&p, "poddisruptionbudget") {
        Ok(n) => n,
        Err(o) => return *o,
    };
    let manifest = match validate(&p, &name).and_then(|()| manifest(&p, &name)) {
        Ok(m) => m,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    let ns = super::namespace(&p);
    send(c, words, &p, &manifest, &Sent { noun: "poddisruptionbudgets", ns: &ns })
}

/// `PodDisruptionBudgetOpts.Validate`.
fn validate(p: &Parsed, name: &str) -> Result<(), String> {
    let min = p.get("min-available").unwrap_or("");
    let max = p.get("max-unavailable").unwrap_or("");
    if name.is_empty() {
        return Err("name must be specified".into());
    }
    if p.get("selector").unwrap_or("").is_empty() {
        return Err("a selector must be specified".into());
    }
    if min.is_empty() && max.is_empty() {
        return Err("one of min-available or max-unavailable must be specified".into());
    }
    if !min.is_empty() && !max.is_empty() {
        return Err("min-available and max-unavailable cannot be both specified".into());
    }
    // `^[0-9]+%?$`: a count or a percentage, nothing else.
    let well_formed = |v: &str| {
        let digits = v.strip_suffix('%').unwrap_or(v);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if !min.is_empty() && !well_formed(min) {
        return Err("invalid format specified for min-available".into());
    }
    if !max.is_empty() && !well_formed(max) {
        return Err("invalid format specified for max-unavailable".into());
    }
    Ok(())
}

/// `createPodDisruptionBudgets`.
fn manifest(p: &Parsed, name: &str) -> Result<String, String> {
    let selector = label_selector(p.get("selector").unwrap_or(""))?;
    let mut spec = vec![("selector", selector)];
    for bound in ["min-available", "max-unavailable"] {
        if let Some(v) = p.get(bound).filter(|v| !v.is_empty()) {
            let key = if bound == "min-available" { "minAvailable" } else { "maxUnavailable" };
            // `intstr.Parse`: a whole number is an int, a percentage stays a string.
            spec.push((key, atoi(v).map_or_else(|| Value::str(v), Value::Int)));
            break;
        }
    }
    Ok(map(vec![
        ("apiVersion", Value::str("policy/v1")),
        ("kind", Value::str("PodDisruptionBudget")),
        ("metadata", map(vec![("name", Value::str(name))])),
        ("spec", map(spec)),
    ])
    .to_yaml())
}

/// `metav1.ParseToLabelSelector`: `=`/`==` requirements become match labels, the others
/// match expressions (`!=` a `NotIn`), keyed in order and their values sorted.
fn label_selector(text: &str) -> Result<Value, String> {
    let reqs = crate::model::selector_syntax::parse(text).map_err(|e| format!("couldn't parse the selector string \"{text}\": {e}"))?;
    let mut labels: Vec<(String, Value)> = Vec::new();
    let mut expressions = Vec::new();
    let mut reqs = reqs;
    reqs.sort_by(|a, b| a.key.cmp(&b.key));
    for r in reqs {
        let operator = match r.op {
            Op::In if equality(text, &r.key) => {
                labels.retain(|(k, _)| *k != r.key);
                labels.push((r.key.clone(), Value::str(r.values.first().cloned().unwrap_or_default())));
                continue;
            }
            Op::In => "In",
            Op::NotIn => "NotIn",
            Op::Exists => "Exists",
            Op::DoesNotExist => "DoesNotExist",
            Op::Gt => return Err("\"gt\" is not a valid label selector operator".into()),
            Op::Lt => return Err("\"lt\" is not a valid label selector operator".into()),
        };
        let mut values = r.values.clone();
        values.sort();
        values.dedup();
        let mut e = vec![("key", Value::str(&r.key)), ("operator", Value::str(operator))];
        if !values.is_empty() {
            e.push(("values", Value::Seq(values.into_iter().map(Value::Str).collect())));
        }
        expressions.push(map(e));
    }
    let mut selector = Vec::new();
    if !labels.is_empty() {
        selector.push(("matchLabels", Value::Map(labels)));
    }
    if !expressions.is_empty() {
        selector.push(("matchExpressions", Value::Seq(expressions)));
    }
    Ok(map(selector))
}

/// Whether `key`'s requirement was written `key=value` or `key==value` (both read as an
/// `In` of one value, as `key in (value)` is).
fn equality(text: &str, key: &str) -> bool {
    let mut depth = 0;
    let mut start = 0;
    let mut pieces = Vec::new();
    for (i, ch) in text.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                pieces.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
        .iter()
        .map(|p| p.trim())
        .any(|p| p.split_once('=').is_some_and(|(k, _)| k.trim() == key && !k.ends_with('!')) && !p.contains(" in ") && !p.contains("!="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_split_into_labels_and_expressions() {
        let s = label_selector("app=web,tier notin (b,a),!gone,env!=prod").unwrap();
        assert_eq!(s.get("matchLabels").and_then(|m| m.get("app")).and_then(Value::as_str), Some("web"));
        let exprs = s.get("matchExpressions").map(Value::as_seq).unwrap_or(&[]);
        let ops: Vec<&str> = exprs.iter().filter_map(|e| e.get("operator").and_then(Value::as_str)).collect();
        assert_eq!(ops, ["NotIn", "DoesNotExist", "NotIn"]);
        assert_eq!(exprs[2].get("values").map(|v| v.as_seq().len()), Some(2));
    }

    #[test]
    fn bounds_are_counts_or_percentages() {
        let p =
            |min: &str| Parsed { positional: vec![], values: vec![("selector", "app=a".to_string()), ("min-available", min.to_string())] };
        assert!(validate(&p("2"), "x").is_ok());
        assert!(validate(&p("50%"), "x").is_ok());
        assert_eq!(validate(&p("10Gb"), "x"), Err("invalid format specified for min-available".into()));
        assert_eq!(validate(&p("%"), "x"), Err("invalid format specified for min-available".into()));
    }
}
