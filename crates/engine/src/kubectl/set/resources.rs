//! `kubectl set resources (TYPE NAME | TYPE/NAME)… --limits=… --requests=…`
//! (`set_resources.go`): requests and limits merged into the selected containers' own.

use super::Send;
use crate::kubectl::args::{self, flag, FlagSpec};
use crate::kubectl::{Files, Output};
use crate::value::Value;
use crate::world::World;

/// kubectl's flags for the command (`--record` is deprecated and hidden, but parsed).
const FLAGS: &[FlagSpec] = &[
    flag("all", None, false),
    flag("allow-missing-template-keys", None, false),
    flag("containers", Some('c'), true),
    flag("dry-run", None, true),
    flag("field-manager", None, true),
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("limits", None, true),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
    flag("requests", None, true),
    flag("selector", Some('l'), true),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
    flag("record", None, false),
];

const FORMAT_WRONG: &str = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// `resource.ParseQuantity`: the quantity as it serializes again, or its error.
pub(super) fn parse_quantity(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err(FORMAT_WRONG.into());
    }
    if let Some(milli) = crate::quantity::parse(text) {
        return Ok(crate::quantity::canonical(milli, crate::quantity::is_binary(text)));
    }
    // kubectl's scanner: a number, suffix letters, then an optional signed exponent; what
    // fits that shape but names no suffix is a suffix error, anything else the format's.
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let number = body.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let letters = number.trim_start_matches(|c: char| "eEinumkKMGTP".contains(c));
    let exponent = letters.strip_prefix(['+', '-']).unwrap_or(letters);
    if exponent.chars().all(|c| c.is_ascii_digit()) {
        return Err("unable to parse quantity's suffix".into());
    }
    Err(FORMAT_WRONG.into())
}

/// `populateResourceListV1`: `name=quantity,…`, in the order of a Go map's JSON (by name).
fn resource_list(spec: &str) -> Result<Vec<(String, Value)>, String> {
    let mut out: Vec<(String, Value)> = Vec::new();
    if spec.is_empty() {
        return Ok(out);
    }
    for statement in spec.split(',') {
        let parts: Vec<&str> = statement.split('=').collect();
        let [name, value] = parts.as_slice() else {
            return Err(format!("Invalid argument syntax {statement}, expected <resource>=<value>"));
        };
        let q = parse_quantity(value)?;
        out.retain(|(n, _)| n != name);
        out.push((name.to_string(), Value::str(q)));
    }
    Ok(out)
}

/// Sets each quantity in the container's `resources.<field>`, keeping the others.
fn merge(ct: &mut Value, field: &str, list: &[(String, Value)]) {
    if list.is_empty() {
        return;
    }
    let target = ct.entry_map("resources").entry_map(field);
    for (k, v) in list {
        target.set(k, v.clone());
    }
    if let Value::Map(m) = target {
        m.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

pub(super) fn run(c: &mut World, rest: &[String], _files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "set resources") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let output = match super::output(&p) {
        Ok(o) => o,
        Err(o) => return *o,
    };
    if let Err(o) = super::refuse_files(&p, "resources") {
        return *o;
    }
    let ns = crate::kubectl::namespace(&p);
    let targets = match super::targets(c, &p, &ns, &p.positional, p.get("selector")) {
        Ok(t) => t,
        Err(o) => return *o,
    };
    if let Err(o) = super::all_and_selector(&p) {
        return *o;
    }
    let (limits, requests) = (p.get("limits").unwrap_or(""), p.get("requests").unwrap_or(""));
    if limits.is_empty() && requests.is_empty() {
        return super::fail("you must specify an update to requests or limits (in the form of --requests/--limits)");
    }
    let (limits, requests) = match (resource_list(limits), resource_list(requests)) {
        (Err(e), _) | (_, Err(e)) => return super::fail(e),
        (Ok(l), Ok(r)) => (l, r),
    };
    let wanted = p.get("containers").unwrap_or("*").to_string();
    let send = Send {
        verb: "resource requirements updated",
        failed: "failed to patch resources update to pod template ",
        skip_unchanged: true,
        output,
        record: super::change_cause(&p, "resources"),
    };
    super::update_each(c, &targets, &send, |r, obj, errs| {
        let spec = super::pod_spec(obj, r.kind)?;
        let mut transformed = false;
        for key in ["containers", "initContainers"] {
            for ct in super::containers_mut(spec, key) {
                if super::select_string(super::container_name(ct), &wanted) {
                    merge(ct, "limits", &limits);
                    merge(ct, "requests", &requests);
                    transformed = true;
                }
            }
        }
        if !transformed {
            errs.push(super::Fail::Plain(format!("error: unable to find container named {wanted}")));
        }
        Ok(transformed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_as_the_api_parses_them() {
        assert_eq!(parse_quantity("200m").unwrap(), "200m");
        assert_eq!(parse_quantity("0.5").unwrap(), "500m");
        assert_eq!(parse_quantity("512Mi").unwrap(), "512Mi");
        assert_eq!(parse_quantity("abc").unwrap_err(), FORMAT_WRONG);
        assert_eq!(parse_quantity("1x").unwrap_err(), FORMAT_WRONG);
        assert_eq!(parse_quantity("1iM").unwrap_err(), "unable to parse quantity's suffix");
    }

    #[test]
    fn lists_are_name_equals_quantity() {
        let l = resource_list("memory=64Mi,cpu=100m").unwrap();
        assert_eq!(l.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), vec!["memory", "cpu"]);
        assert_eq!(resource_list("cpu").unwrap_err(), "Invalid argument syntax cpu, expected <resource>=<value>");
    }
}
