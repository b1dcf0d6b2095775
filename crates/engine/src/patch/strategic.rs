//! Strategic merge patch: a partial object whose lists merge item by item on the field
//! Kubernetes' types name as their merge key (`patchMergeKey` in k8s.io/api: containers
//! by `name`, a container's ports by `containerPort`, …), with the `$patch: replace|
//! delete`, `$retainKeys` and `$deleteFromPrimitiveList/…` directives. Lists without a
//! merge strategy (tolerations, args, a selector's expressions) are replaced whole.

use super::PatchError;
use crate::value::{Map, Value};

/// How a list at a path merges.
#[derive(Debug, PartialEq)]
enum ListMerge {
    /// Items are maps matched by this field.
    Key(&'static str),
    /// A set of scalars: the patch's items are added (`finalizers`).
    Union,
    /// The patch's list replaces the original.
    Replace,
}

const CONTAINER_LISTS: &[&str] = &["containers", "initContainers", "ephemeralContainers"];

/// The list strategy of k8s.io/api's types, from the field names leading to the list.
fn list_merge(path: &[String]) -> ListMerge {
    let last = path.last().map(String::as_str).unwrap_or("");
    let parent = path.len().checked_sub(2).map(|i| path[i].as_str()).unwrap_or("");
    match last {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "volumes"
        | "env"
        | "imagePullSecrets"
        | "resourceClaims"
        | "schedulingGates" => ListMerge::Key("name"),
        "ports" if CONTAINER_LISTS.contains(&parent) => ListMerge::Key("containerPort"),
        // ServiceSpec.ports.
        "ports" if path.len() == 2 && parent == "spec" => ListMerge::Key("port"),
        "volumeMounts" => ListMerge::Key("mountPath"),
        "volumeDevices" => ListMerge::Key("devicePath"),
        "hostAliases" => ListMerge::Key("ip"),
        "topologySpreadConstraints" => ListMerge::Key("topologyKey"),
        "ownerReferences" => ListMerge::Key("uid"),
        "conditions" if parent == "status" => ListMerge::Key("type"),
        "addresses" if parent == "status" => ListMerge::Key("type"),
        "finalizers" if parent == "metadata" => ListMerge::Union,
        _ => ListMerge::Replace,
    }
}

/// Applies `patch` to `original`.
pub fn apply(original: &Value, patch: &Value) -> Result<Value, PatchError> {
    let Value::Map(pm) = patch else {
        return Err(PatchError::BadRequest(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            go_type(patch)
        )));
    };
    Ok(merge_map(original, pm, &mut Vec::new())?.unwrap_or(Value::Map(Vec::new())))
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Seq(_) => "array",
        Value::Str(_) => "string",
        Value::Bool(_) => "bool",
        Value::Map(_) => "object",
        _ => "number",
    }
}

/// The merged map, or `None` when the patch deletes it (`$patch: delete`).
fn merge_map(original: &Value, patch: &Map, path: &mut Vec<String>) -> Result<Option<Value>, PatchError> {
    match patch.iter().find(|(k, _)| k == "$patch").map(|(_, v)| v) {
        None => {}
        Some(Value::Str(s)) if s == "replace" => return Ok(Some(strip(&Value::Map(patch.clone())))),
        Some(Value::Str(s)) if s == "delete" => return Ok(None),
        Some(other) => {
            return Err(PatchError::BadRequest(format!("Unknown patch type: {} in map: {}", go_v(other), go_v(&Value::Map(patch.clone())))))
        }
    }
    let mut out = match original {
        Value::Map(_) => original.clone(),
        _ => Value::Map(Vec::new()),
    };
    for (k, pv) in patch {
        if k == "$patch" || k == "$retainKeys" || k.starts_with("$setElementOrder/") {
            continue;
        }
        if let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") {
            if let Some(Value::Seq(items)) = out.get_mut(field) {
                items.retain(|i| !pv.as_seq().contains(i));
            }
            continue;
        }
        if pv.is_null() {
            out.remove(k);
            continue;
        }
        path.push(k.clone());
        let merged = match pv {
            Value::Map(pm) => merge_map(out.get(k).unwrap_or(&Value::Null), pm, path)?,
            Value::Seq(items) => {
                let empty = Vec::new();
                let orig = match out.get(k) {
                    Some(Value::Seq(o)) => o,
                    _ => &empty,
                };
                Some(Value::Seq(merge_list(orig, items, path)?))
            }
            scalar => Some(scalar.clone()),
        };
        path.pop();
        match merged {
            Some(v) => out.set(k, v),
            None => {
                out.remove(k);
            }
        }
    }
    if let Some(Value::Seq(keep)) = patch.iter().find(|(k, _)| k == "$retainKeys").map(|(_, v)| v) {
        if let Value::Map(m) = &mut out {
            m.retain(|(k, _)| keep.iter().any(|x| x.as_str() == Some(k)));
        }
    }
    Ok(Some(out))
}

fn merge_list(original: &[Value], patch: &[Value], path: &mut Vec<String>) -> Result<Vec<Value>, PatchError> {
    let key = match list_merge(path) {
        ListMerge::Replace => return Ok(patch.iter().map(strip).collect()),
        ListMerge::Union => {
            let mut out = original.to_vec();
            for item in patch {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            return Ok(out);
        }
        ListMerge::Key(key) => key,
    };
    let directive = |v: &Value| v.get("$patch").and_then(Value::as_str).map(String::from);
    if patch.iter().any(|i| directive(i).as_deref() == Some("replace")) {
        return Ok(patch.iter().filter(|i| directive(i).is_none()).map(strip).collect());
    }
    let mut out = original.to_vec();
    for item in patch {
        let Value::Map(m) = item else {
            out.push(item.clone());
            continue;
        };
        let Some(id) = item.get(key) else {
            return Err(PatchError::Internal(format!("map: {} does not contain declared merge key: {key}", go_v(item))));
        };
        let at = out.iter().position(|o| o.get(key) == Some(id));
        if directive(item).as_deref() == Some("delete") {
            out.retain(|o| o.get(key) != Some(id));
            continue;
        }
        match at {
            Some(i) => match merge_map(&out[i], m, path)? {
                Some(v) => out[i] = v,
                None => {
                    out.remove(i);
                }
            },
            None => out.extend(merge_map(&Value::Null, m, path)?),
        }
    }
    Ok(out)
}

/// A value with its directives removed (a `$patch: replace` body, a new list item).
fn strip(v: &Value) -> Value {
    match v {
        Value::Map(m) => Value::Map(m.iter().filter(|(k, _)| !k.starts_with('$')).map(|(k, v)| (k.clone(), strip(v))).collect()),
        Value::Seq(items) => Value::Seq(items.iter().map(strip).collect()),
        other => other.clone(),
    }
}

/// Go's `%v` of a decoded JSON value: `map[image:nginx name:web]`, keys sorted.
pub fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        Value::Seq(items) => format!("[{}]", items.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Map(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().map(|(k, v)| (k, v)).collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            format!("map[{}]", entries.iter().map(|(k, v)| format!("{k}:{}", go_v(v))).collect::<Vec<_>>().join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(json: &str) -> Value {
        let s = crate::yaml::parse_stream(json);
        crate::model::decode::untyped(&s.docs[0].root)
    }

    const POD_SPEC: &str = r#"{"spec":{"template":{"spec":{
        "containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80,"name":"http"}],
                       "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
                       "volumeMounts":[{"name":"data","mountPath":"/data"}]},
                      {"name":"side","image":"busybox","args":["sleep","3600"]}],
        "tolerations":[{"key":"a","operator":"Exists"}],
        "volumes":[{"name":"data","emptyDir":{}}]}}}}"#;

    #[test]
    fn containers_merge_by_name_and_ports_by_container_port() {
        let patch = v(r#"{"spec":{"template":{"spec":{"containers":[
            {"name":"web","image":"nginx:1.27","ports":[{"containerPort":443,"name":"https"}],"env":[{"name":"B","value":"3"}]},
            {"name":"new","image":"redis"}]}}}}"#);
        let out = apply(&v(POD_SPEC), &patch).unwrap();
        let cs = out.get("spec").unwrap().get("template").unwrap().get("spec").unwrap().get("containers").unwrap().as_seq();
        assert_eq!(cs.len(), 3, "the new container is appended, the others kept");
        assert_eq!(cs[0].get("image"), Some(&Value::str("nginx:1.27")));
        assert_eq!(cs[0].get("ports").unwrap().as_seq().len(), 2, "ports merge by containerPort");
        assert_eq!(cs[0].get("env").unwrap(), &v(r#"[{"name":"A","value":"1"},{"name":"B","value":"3"}]"#));
        assert_eq!(cs[1].get("args").unwrap(), &v(r#"["sleep","3600"]"#));
        assert_eq!(cs[2].get("name"), Some(&Value::str("new")));
    }

    #[test]
    fn atomic_lists_replace_and_directives_delete_or_replace() {
        let patch = v(r#"{"spec":{"template":{"spec":{
            "tolerations":[{"key":"b","operator":"Exists"}],
            "containers":[{"name":"side","$patch":"delete"}],
            "volumes":[{"$patch":"replace"},{"name":"cache","emptyDir":{}}]}}}}"#);
        let out = apply(&v(POD_SPEC), &patch).unwrap();
        let spec = out.get("spec").unwrap().get("template").unwrap().get("spec").unwrap();
        assert_eq!(spec.get("tolerations").unwrap(), &v(r#"[{"key":"b","operator":"Exists"}]"#));
        assert_eq!(spec.get("containers").unwrap().as_seq().len(), 1);
        assert_eq!(spec.get("volumes").unwrap(), &v(r#"[{"name":"cache","emptyDir":{}}]"#));
        let replaced = apply(&v(r#"{"spec":{"a":1,"b":{"c":2}}}"#), &v(r#"{"spec":{"b":{"$patch":"replace","d":3}}}"#)).unwrap();
        assert_eq!(replaced, v(r#"{"spec":{"a":1,"b":{"d":3}}}"#));
        let deleted = apply(&v(r#"{"spec":{"a":1,"b":{"c":2}}}"#), &v(r#"{"spec":{"b":{"$patch":"delete"},"a":null}}"#)).unwrap();
        assert_eq!(deleted, v(r#"{"spec":{}}"#));
    }

    #[test]
    fn service_ports_merge_by_port_and_finalizers_union() {
        let svc = v(r#"{"metadata":{"finalizers":["a"]},"spec":{"ports":[{"port":80,"targetPort":8080}]}}"#);
        let out = apply(&svc, &v(r#"{"metadata":{"finalizers":["b","a"]},"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443}]}}"#))
            .unwrap();
        assert_eq!(out, v(r#"{"metadata":{"finalizers":["a","b"]},"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443}]}}"#));
        let removed = apply(&out, &v(r#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"#)).unwrap();
        assert_eq!(removed.get("metadata").unwrap().get("finalizers").unwrap(), &v(r#"["b"]"#));
    }

    #[test]
    fn an_item_without_its_merge_key_is_refused() {
        let e = apply(&v(POD_SPEC), &v(r#"{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"#)).unwrap_err();
        assert_eq!(e, PatchError::Internal("map: map[image:x] does not contain declared merge key: name".into()));
        assert!(matches!(apply(&v(POD_SPEC), &v("[1]")), Err(PatchError::BadRequest(_))));
    }
}
