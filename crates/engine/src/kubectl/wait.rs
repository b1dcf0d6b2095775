//! `kubectl wait --for=condition=…|delete|jsonpath=…`: simulated time runs until every
//! object named meets the condition or `--timeout` passes, so a script (or a lesson)
//! can wait for a rollout the way a terminal does. It changes the clock, so it is an
//! action and replays exactly.

use super::args::{self, flag, FlagSpec};
use super::get::{exists, list, resource_args, to_value, ObjRef};
use super::{jsonpath, Output, World};
use crate::time::{parse_duration, Millis, MINUTE, SECOND};
use crate::value::Value;

/// The most simulated time one `kubectl wait` runs. A real one waits as long as it is
/// told; here every simulated instant is computed while the page waits for the answer,
/// and a timeout of years would freeze it.
const WAIT_LIMIT: Millis = 60 * MINUTE;

const WAIT_FLAGS: &[FlagSpec] = &[
    flag("for", None, true),
    flag("timeout", None, true),
    flag("all", None, false),
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("filename", Some('f'), true),
    flag("output", Some('o'), true),
];

/// What `--for` asks.
enum For {
    Condition { kind: String, wanted: String },
    Delete,
    Create,
    JsonPath { path: String, wanted: Option<String> },
}

fn parse_for(text: &str) -> Result<For, String> {
    match text.to_ascii_lowercase().as_str() {
        "delete" => return Ok(For::Delete),
        "create" => return Ok(For::Create),
        _ => {}
    }
    if let Some(c) = text.strip_prefix("condition=") {
        let (kind, wanted) = c.split_once('=').unwrap_or((c, "true"));
        if kind.is_empty() {
            return Err("error: invalid condition format".into());
        }
        return Ok(For::Condition { kind: kind.to_string(), wanted: wanted.to_string() });
    }
    if let Some(j) = text.strip_prefix("jsonpath=") {
        // `{.status.phase}=Running`: the path in braces, then the value.
        let (path, wanted) = match j.rfind('}') {
            Some(end) => (&j[..=end], j[end + 1..].strip_prefix('=').map(|w| w.trim_matches(['\'', '"']).to_string())),
            None => return Err(format!("error: unrecognized JSONPath expression: {j}")),
        };
        return Ok(For::JsonPath { path: path.trim_matches('\'').to_string(), wanted });
    }
    Err(format!("error: unrecognized condition: \"{text}\""))
}

fn met(c: &World, r: &ObjRef, f: &For) -> bool {
    match f {
        For::Delete => !exists(c, r),
        For::Create => exists(c, r),
        For::Condition { kind, wanted } => {
            let v = to_value(c, r);
            let conditions = v.get("status").and_then(|s| s.get("conditions")).map(Value::as_seq).unwrap_or(&[]);
            conditions.iter().any(|cond| {
                cond.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case(kind))
                    && cond.get("status").and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case(wanted))
            })
        }
        For::JsonPath { path, wanted } => {
            let v = to_value(c, r);
            let found = jsonpath::find(path, &v).unwrap_or_default();
            match wanted {
                None => !found.is_empty(),
                Some(w) => found.iter().any(|x| match x {
                    Value::Str(s) => s == w,
                    Value::Int(i) => i.to_string() == *w,
                    Value::Bool(b) => b.to_string() == *w,
                    _ => false,
                }),
            }
        }
    }
}

pub fn wait(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, WAIT_FLAGS, "wait") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let f = match parse_for(p.get("for").unwrap_or("")) {
        Ok(f) => f,
        Err(e) => return Output::err(e),
    };
    if p.has("filename") {
        return Output::err("kubeplay: kubectl wait -f is not simulated yet; name the objects (kubectl wait --for=… pod/NAME).");
    }
    let timeout: Millis = match p.get("timeout") {
        None => 30 * SECOND,
        Some(t) => match parse_duration(t) {
            Some(ms) => ms,
            None => return Output::err(format!("error: invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\"")),
        },
    };
    let groups = match resource_args(&p.positional) {
        Ok(g) => g,
        Err(e) => return Output::err(e),
    };
    let selector = match groups.first().map(|(kind, _)| p.selector(*kind)).transpose() {
        Ok(s) => s.flatten(),
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let mut refs: Vec<ObjRef> = Vec::new();
    for (kind, names) in &groups {
        let namespaced = kind.info().namespaced;
        let scope = if namespaced { ns.clone() } else { String::new() };
        if names.is_empty() {
            if !p.bool("all") && selector.is_none() {
                return Output::err("error: resource(s) were provided, but no name was specified");
            }
            let mut found = list(c, *kind, if namespaced && !p.bool("all-namespaces") { Some(ns.as_str()) } else { None });
            if let Some(sel) = &selector {
                found.retain(|r| sel.matches(&super::get::labels_of(c, r)));
            }
            refs.extend(found);
        } else {
            for n in names {
                let r = ObjRef { kind: *kind, ns: scope.clone(), name: n.clone() };
                if !exists(c, &r) {
                    if matches!(f, For::Delete | For::Create) {
                        if matches!(f, For::Create) {
                            refs.push(r);
                        }
                        continue;
                    }
                    return Output::err(format!("Error from server (NotFound): {} \"{n}\" not found", kind.resource_name()));
                }
                refs.push(r);
            }
        }
    }
    if refs.is_empty() {
        return Output::err("error: no matching resources found");
    }
    let capped = timeout > WAIT_LIMIT;
    let deadline = c.now().saturating_add(timeout.min(WAIT_LIMIT));
    let mut out = String::new();
    let mut errors = Vec::new();
    // One object after another, all within the one timeout; once it has passed, the rest
    // are only looked at.
    for r in &refs {
        loop {
            if met(c, r, &f) {
                out.push_str(&format!("{}/{} condition met\n", r.kind.type_name(), r.name));
                break;
            }
            let now = c.now();
            if now >= deadline {
                errors.push(format!("error: timed out waiting for the condition on {}/{}", r.kind.info().plural, r.name));
                break;
            }
            let next = c.until_next_wake().map(|d| now.saturating_add(d)).filter(|at| *at <= deadline);
            c.advance(next.unwrap_or(deadline) - now);
        }
    }
    if capped && !errors.is_empty() {
        errors.push("kubeplay: a kubectl wait runs at most an hour of simulated time here; a real one would still be waiting.".into());
    }
    if errors.is_empty() {
        Output::ok(out)
    } else {
        Output { stdout: out, ..Output::err(errors.join("\n")) }
    }
}
