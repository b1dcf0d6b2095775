//! `kubectl set selector (TYPE NAME | TYPE/NAME) EXPRESSIONS [--resource-version=V]`
//! (`set_selector.go`): a Service's selector replaced by the equality requirements
//! given; kubectl sends the patch even when nothing changed, and says so.

use super::{Fail, Send};
use crate::kubectl::args::{self, flag, FlagSpec};
use crate::kubectl::{Files, Output};
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

/// kubectl's flags for the command (`--record` is deprecated and hidden, but parsed).
const FLAGS: &[FlagSpec] = &[
    flag("all", None, false),
    flag("allow-missing-template-keys", None, false),
    flag("dry-run", None, true),
    flag("field-manager", None, true),
    flag("filename", Some('f'), true),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
    flag("resource-version", None, true),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
    flag("record", None, false),
];

/// The selector's requirements split at the commas outside parentheses.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in text.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(text[start..].trim());
    out.into_iter().filter(|p| !p.is_empty()).collect()
}

/// `metav1.ParseToLabelSelector`: `key=value` requirements become match labels, the
/// others match expressions (`Key Operator [values]`, as Go prints them).
/// Match labels and match expressions.
type Parsed = (Vec<(String, String)>, Vec<String>);

fn parse_selector(text: &str) -> Result<Parsed, String> {
    let reqs = crate::model::selector_syntax::parse(text).map_err(|e| format!("couldn't parse the selector string \"{text}\": {e}"))?;
    let mut labels = Vec::new();
    let mut expressions = Vec::new();
    for piece in pieces(text) {
        let equality = !piece.contains("!=") && !piece.starts_with('!') && piece.contains('=');
        let key = piece.split(|c: char| "=! ".contains(c)).find(|k| !k.is_empty()).unwrap_or("").to_string();
        if equality {
            let value = piece.rsplit('=').next().unwrap_or("").trim().to_string();
            labels.retain(|(k, _): &(String, String)| *k != key);
            labels.push((key, value));
        } else if let Some(r) = reqs.iter().find(|r| r.key == key) {
            let op = match r.op {
                crate::model::labels::Op::In => "In",
                crate::model::labels::Op::NotIn => "NotIn",
                crate::model::labels::Op::Exists => "Exists",
                crate::model::labels::Op::DoesNotExist => "DoesNotExist",
                crate::model::labels::Op::Gt | crate::model::labels::Op::Lt => {
                    return Err(format!(
                        "'{}' is not a valid label selector operator",
                        if r.op == crate::model::labels::Op::Gt { "gt" } else { "lt" }
                    ))
                }
            };
            expressions.push(format!("{{{} {op} [{}]}}", r.key, r.values.join(" ")));
        }
    }
    labels.sort();
    Ok((labels, expressions))
}

pub(super) fn run(c: &mut World, rest: &[String], _files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "set selector") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let (resources, selector) = match p.positional.split_last() {
        None => (Vec::new(), None),
        Some((last, resources)) => match parse_selector(last) {
            Ok(s) => (resources.to_vec(), Some(s)),
            Err(e) => return super::fail(e),
        },
    };
    let output = match super::output(&p) {
        Ok(o) => o,
        Err(o) => return *o,
    };
    let Some((labels, expressions)) = selector else {
        return super::fail("one selector is required");
    };
    if let Err(o) = super::refuse_files(&p, "selector") {
        return *o;
    }
    let ns = crate::kubectl::namespace(&p);
    let targets = match super::targets(c, &p, &ns, &resources, None) {
        Ok(t) => t,
        Err(o) => return *o,
    };
    let version = p.get("resource-version").filter(|v| !v.is_empty()).map(String::from);
    // The first object kubectl cannot change ends the command (its visitor stops there).
    let mut stop: Option<String> = None;
    let send = Send { verb: "selector updated", failed: "", skip_unchanged: false, output, record: super::change_cause(&p, "selector") };
    let mut out = super::update_each(c, &targets, &send, |r, obj, _errs: &mut Vec<Fail>| {
        if stop.is_some() {
            return Ok(false);
        }
        let refused = if !expressions.is_empty() {
            Some(format!("match expression [{}] not supported on this object", expressions.join(" ")))
        } else if r.kind != Kind::Service {
            Some("setting a selector is only supported for Services".to_string())
        } else {
            None
        };
        if let Some(e) = refused {
            stop = Some(e);
            return Ok(false);
        }
        if let Some(v) = &version {
            obj.entry_map("metadata").set("resourceVersion", Value::str(v.clone()));
        }
        let spec = obj.entry_map("spec");
        if labels.is_empty() {
            spec.remove("selector");
        } else {
            spec.set("selector", Value::Map(labels.iter().map(|(k, v)| (k.clone(), Value::str(v.clone()))).collect()));
        }
        Ok(true)
    });
    if let Some(e) = stop {
        out = super::finish(out, vec![Fail::Plain(e)]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_requirements_are_match_labels() {
        let (labels, expressions) = parse_selector("tier=web,app==shop").unwrap();
        assert_eq!(labels, vec![("app".to_string(), "shop".to_string()), ("tier".to_string(), "web".to_string())]);
        assert!(expressions.is_empty());
        let (_, expressions) = parse_selector("app in (a,b)").unwrap();
        assert_eq!(expressions, vec!["{app In [a b]}"]);
        assert!(parse_selector("a b").unwrap_err().starts_with("couldn't parse the selector string \"a b\": "));
    }
}
