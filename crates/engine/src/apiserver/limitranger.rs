//! The LimitRanger admission plugin (`plugin/pkg/admission/limitranger`): a namespace's
//! LimitRanges give a pod's containers their default requests and limits (noted in the
//! `kubernetes.io/limit-ranger` annotation), then refuse a pod or claim outside an
//! item's min, max or maxLimitRequestRatio. Also the LimitRange's own defaulting
//! (`SetDefaults_LimitRangeItem`).

use crate::model::{Kind, Object};
use crate::quantity;
use crate::store::Store;
use crate::value::Value;

pub const ANNOTATION: &str = "kubernetes.io/limit-ranger";

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// A resource list (`{cpu: 500m, memory: 1Gi}`) as (name, text) pairs, sorted by name.
pub(crate) fn list(v: Option<&Value>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        v.and_then(Value::as_map).into_iter().flatten().filter_map(|(k, x)| text(x).map(|t| (k.clone(), t))).collect();
    out.sort();
    out
}

fn milli(t: &str) -> i128 {
    quantity::parse(t).unwrap_or(0)
}

/// The canonical text Go prints for a quantity as written (`1.5Gi` → `1536Mi`).
pub(crate) fn show(t: &str) -> String {
    quantity::canonical(milli(t), quantity::is_binary(t))
}

/// A Container item without `default` takes `max`; without `defaultRequest`, `default`,
/// else `min`.
pub(crate) fn default_items(obj: &mut Value) {
    let Some(Value::Seq(items)) = obj.get_mut("spec").and_then(|s| s.get_mut("limits")) else { return };
    for item in items.iter_mut() {
        if item.get("type").and_then(Value::as_str) != Some("Container") {
            continue;
        }
        let mut default: Vec<(String, Value)> = item.get("default").and_then(Value::as_map).cloned().unwrap_or_default();
        for (k, v) in item.get("max").and_then(Value::as_map).into_iter().flatten() {
            if !default.iter().any(|(d, _)| d == k) {
                default.push((k.clone(), v.clone()));
            }
        }
        let mut request: Vec<(String, Value)> = item.get("defaultRequest").and_then(Value::as_map).cloned().unwrap_or_default();
        for (k, v) in default.iter().chain(item.get("min").and_then(Value::as_map).into_iter().flatten()) {
            if !request.iter().any(|(d, _)| d == k) {
                request.push((k.clone(), v.clone()));
            }
        }
        default.sort_by(|a, b| a.0.cmp(&b.0));
        request.sort_by(|a, b| a.0.cmp(&b.0));
        if !default.is_empty() {
            item.set("default", Value::Map(default));
        }
        if !request.is_empty() {
            item.set("defaultRequest", Value::Map(request));
        }
        if let Value::Map(m) = item {
            m.sort_by(|a, b| a.0.cmp(&b.0));
        }
    }
}

/// The items of every LimitRange in the namespace, by LimitRange name.
fn items(store: &Store, ns: &str) -> Vec<Value> {
    store
        .objects_of(Kind::LimitRange, Some(ns))
        .filter_map(|o| match o {
            Object::Written(g) => Some(g.spec.get("limits").map(Value::as_seq).unwrap_or(&[]).to_vec()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// API defaulting every pod gets (`SetDefaults_Pod`): a container with a limit and no
/// request for a resource requests its limit.
pub(crate) fn requests_from_limits(spec: &mut Value) {
    for key in ["containers", "initContainers"] {
        let Some(Value::Seq(cs)) = spec.get_mut(key) else { continue };
        for c in cs.iter_mut().filter(|c| matches!(c, Value::Map(_))) {
            let limits = list(c.get("resources").and_then(|r| r.get("limits")));
            if limits.is_empty() {
                continue;
            }
            let requests = list(c.get("resources").and_then(|r| r.get("requests")));
            let missing: Vec<(String, String)> = limits.into_iter().filter(|(k, _)| !requests.iter().any(|(r, _)| r == k)).collect();
            if missing.is_empty() {
                continue;
            }
            let res = c.entry_map("resources").entry_map("requests");
            for (k, v) in missing {
                res.set(&k, Value::str(v));
            }
        }
    }
}

/// The mutating half: fills each container's missing requests and limits from the
/// Container items' defaults. Returns the annotation's text when it set anything.
pub fn default_pod(store: &Store, ns: &str, spec: &mut Value) -> Option<String> {
    let items = items(store, ns);
    let containers: Vec<&Value> = items.iter().filter(|i| i.get("type").and_then(Value::as_str) == Some("Container")).collect();
    if containers.is_empty() {
        return None;
    }
    let mut notes: Vec<String> = Vec::new();
    for (key, prefix) in [("containers", "container"), ("initContainers", "init container")] {
        let Some(Value::Seq(cs)) = spec.get_mut(key) else { continue };
        for c in cs.iter_mut().filter(|c| matches!(c, Value::Map(_))) {
            let name = c.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            let (mut set_req, mut set_lim) = (Vec::new(), Vec::new());
            for item in &containers {
                for (field, target, set) in [("default", "limits", &mut set_lim), ("defaultRequest", "requests", &mut set_req)] {
                    for (k, v) in list(item.get(field)) {
                        let res = c.entry_map("resources").entry_map(target);
                        if res.get(&k).is_none() {
                            res.set(&k, Value::str(v));
                            set.push(k);
                        }
                    }
                }
            }
            set_req.sort();
            set_lim.sort();
            if !set_req.is_empty() {
                notes.push(format!("{} request for {prefix} {name}", set_req.join(", ")));
            }
            if !set_lim.is_empty() {
                notes.push(format!("{} limit for {prefix} {name}", set_lim.join(", ")));
            }
        }
    }
    (!notes.is_empty()).then(|| format!("LimitRanger plugin set: {}", notes.join("; ")))
}

fn min_constraint(kind: &str, res: &str, enforced: &str, req: Option<&String>, lim: Option<&String>) -> Option<String> {
    let e = milli(enforced);
    let Some(req) = req else { return Some(format!("minimum {res} usage per {kind} is {}.  No request is specified", show(enforced))) };
    if milli(req) < e {
        return Some(format!("minimum {res} usage per {kind} is {}, but request is {}", show(enforced), show(req)));
    }
    match lim {
        Some(l) if milli(l) < e => Some(format!("minimum {res} usage per {kind} is {}, but limit is {}", show(enforced), show(l))),
        _ => None,
    }
}

fn max_constraint(kind: &str, res: &str, enforced: &str, req: Option<&String>, lim: Option<&String>) -> Option<String> {
    let e = milli(enforced);
    let Some(lim) = lim else { return Some(format!("maximum {res} usage per {kind} is {}.  No limit is specified", show(enforced))) };
    if milli(lim) > e {
        return Some(format!("maximum {res} usage per {kind} is {}, but limit is {}", show(enforced), show(lim)));
    }
    match req {
        Some(r) if milli(r) > e => Some(format!("maximum {res} usage per {kind} is {}, but request is {}", show(enforced), show(r))),
        _ => None,
    }
}

fn ratio_constraint(kind: &str, res: &str, enforced: &str, req: Option<&String>, lim: Option<&String>) -> Option<String> {
    let (r, l) = (req.map(|x| milli(x)).unwrap_or(0), lim.map(|x| milli(x)).unwrap_or(0));
    if r == 0 {
        return Some(format!(
            "{res} max limit to request ratio per {kind} is {}, but no request is specified or request is 0",
            show(enforced)
        ));
    }
    if l == 0 {
        return Some(format!("{res} max limit to request ratio per {kind} is {}, but no limit is specified or limit is 0", show(enforced)));
    }
    let observed = l as f64 / r as f64;
    if observed * 1000.0 > milli(enforced) as f64 {
        return Some(format!("{res} max limit to request ratio per {kind} is {}, but provided ratio is {observed:.6}", show(enforced)));
    }
    None
}

fn check(errs: &mut Vec<String>, kind: &str, item: &Value, req: &[(String, String)], lim: &[(String, String)]) {
    let find = |l: &[(String, String)], k: &str| l.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    for (k, v) in list(item.get("min")) {
        errs.extend(min_constraint(kind, &k, &v, find(req, &k).as_ref(), find(lim, &k).as_ref()));
    }
    for (k, v) in list(item.get("max")) {
        errs.extend(max_constraint(kind, &k, &v, find(req, &k).as_ref(), find(lim, &k).as_ref()));
    }
    for (k, v) in list(item.get("maxLimitRequestRatio")) {
        errs.extend(ratio_constraint(kind, &k, &v, find(req, &k).as_ref(), find(lim, &k).as_ref()));
    }
}

fn sum(lists: &[Vec<(String, String)>]) -> Vec<(String, String)> {
    let mut out: Vec<(String, i128, bool)> = Vec::new();
    for l in lists {
        for (k, v) in l {
            match out.iter_mut().find(|(n, _, _)| n == k) {
                Some(e) => {
                    if e.1 == 0 {
                        e.2 = quantity::is_binary(v);
                    }
                    e.1 += milli(v);
                }
                None => out.push((k.clone(), milli(v), quantity::is_binary(v))),
            }
        }
    }
    out.into_iter().map(|(k, m, b)| (k, quantity::canonical(m, b))).collect()
}

/// The validating half for a pod: every violated constraint, as Go aggregates them.
pub fn validate_pod(store: &Store, ns: &str, spec: &Value) -> Result<(), String> {
    let mut errs = Vec::new();
    let res = |c: &Value, k: &str| list(c.get("resources").and_then(|r| r.get(k)));
    let containers = spec.get("containers").map(Value::as_seq).unwrap_or(&[]);
    let inits = spec.get("initContainers").map(Value::as_seq).unwrap_or(&[]);
    for item in items(store, ns) {
        match item.get("type").and_then(Value::as_str) {
            Some("Container") => {
                for c in containers.iter().chain(inits) {
                    check(&mut errs, "Container", &item, &res(c, "requests"), &res(c, "limits"));
                }
            }
            Some("Pod") => {
                let reqs: Vec<_> = containers.iter().map(|c| res(c, "requests")).collect();
                let lims: Vec<_> = containers.iter().map(|c| res(c, "limits")).collect();
                check(&mut errs, "Pod", &item, &sum(&reqs), &sum(&lims));
            }
            _ => {}
        }
    }
    aggregate(errs)
}

/// The validating half for a claim: its requested storage against min and max.
pub fn validate_claim(store: &Store, ns: &str, spec: &Value) -> Result<(), String> {
    let mut errs = Vec::new();
    let req = list(spec.get("resources").and_then(|r| r.get("requests")));
    for item in items(store, ns) {
        if item.get("type").and_then(Value::as_str) != Some("PersistentVolumeClaim") {
            continue;
        }
        let find = |k: &str| req.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        for (k, v) in list(item.get("min")) {
            errs.extend(min_constraint("PersistentVolumeClaim", &k, &v, find(&k).as_ref(), None));
        }
        for (k, v) in list(item.get("max")) {
            let kind = "PersistentVolumeClaim";
            errs.extend(match find(&k) {
                None => Some(format!("maximum {k} usage per {kind} is {}.  No request is specified", show(&v))),
                Some(r) if milli(&r) > milli(&v) => {
                    Some(format!("maximum {k} usage per {kind} is {}, but request is {}", show(&v), show(&r)))
                }
                _ => None,
            });
        }
    }
    aggregate(errs)
}

/// `utilerrors.NewAggregate(errs).Error()`: one message alone, several in brackets.
fn aggregate(errs: Vec<String>) -> Result<(), String> {
    match errs.len() {
        0 => Ok(()),
        1 => Err(errs.into_iter().next().unwrap_or_default()),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}
