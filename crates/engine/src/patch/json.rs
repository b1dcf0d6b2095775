//! JSON merge patch (RFC 7386) and JSON patch (RFC 6902) with JSON pointers (RFC 6901).

use super::PatchError;
use crate::value::Value;

/// RFC 7386: maps merge key by key, `null` removes, anything else replaces.
pub fn merge(target: &Value, patch: &Value) -> Value {
    let Value::Map(pm) = patch else { return patch.clone() };
    let mut out = match target {
        Value::Map(_) => target.clone(),
        _ => Value::Map(Vec::new()),
    };
    for (k, v) in pm {
        if v.is_null() {
            out.remove(k);
        } else {
            let merged = merge(out.get(k).unwrap_or(&Value::Null), v);
            out.set(k, merged);
        }
    }
    out
}

/// RFC 7386's inverse: the merge patch that turns `from` into `to` (what `kubectl edit`
/// sends for a kind without a strategic patch schema).
pub fn merge_diff(from: &Value, to: &Value) -> Value {
    let (Value::Map(fm), Value::Map(tm)) = (from, to) else { return to.clone() };
    let mut out = Vec::new();
    for (k, fv) in fm {
        match tm.iter().find(|(tk, _)| tk == k) {
            None => out.push((k.clone(), Value::Null)),
            Some((_, tv)) if tv == fv => {}
            Some((_, tv)) if matches!((fv, tv), (Value::Map(_), Value::Map(_))) => out.push((k.clone(), merge_diff(fv, tv))),
            Some((_, tv)) => out.push((k.clone(), tv.clone())),
        }
    }
    for (k, tv) in tm {
        if !fm.iter().any(|(fk, _)| fk == k) {
            out.push((k.clone(), tv.clone()));
        }
    }
    Value::Map(out)
}

/// RFC 6902: every operation in order, all or nothing. A malformed document is a 400
/// (`json: cannot unmarshal …`), an operation that does not apply a 422.
pub fn apply(target: &Value, patch: &Value) -> Result<Value, PatchError> {
    let Value::Seq(ops) = patch else {
        let what = match patch {
            Value::Map(_) => "object",
            Value::Str(_) => "string",
            Value::Bool(_) => "bool",
            Value::Null => return Ok(target.clone()),
            _ => "number",
        };
        return Err(PatchError::BadRequest(format!("json: cannot unmarshal {what} into Go value of type jsonpatch.Patch")));
    };
    let mut doc = target.clone();
    for op in ops {
        if !matches!(op, Value::Map(_)) {
            return Err(PatchError::BadRequest("json: cannot unmarshal array into Go value of type jsonpatch.Operation".into()));
        }
        apply_op(&mut doc, op).ok_or(PatchError::Unprocessable)?;
    }
    Ok(doc)
}

fn apply_op(doc: &mut Value, op: &Value) -> Option<()> {
    let path = pointer(op.get("path")?.as_str()?)?;
    match op.get("op")?.as_str()? {
        "add" => add(doc, &path, op.get("value")?.clone()),
        "remove" => remove(doc, &path).map(|_| ()),
        "replace" => {
            let value = op.get("value")?.clone();
            let slot = locate(doc, &path)?;
            *slot = value;
            Some(())
        }
        "move" => {
            let from = pointer(op.get("from")?.as_str()?)?;
            let v = remove(doc, &from)?;
            add(doc, &path, v)
        }
        "copy" => {
            let from = pointer(op.get("from")?.as_str()?)?;
            let v = locate(doc, &from)?.clone();
            add(doc, &path, v)
        }
        "test" => (locate(doc, &path)? == op.get("value")?).then_some(()),
        _ => None,
    }
}

/// `/a/b~1c/0` → `["a", "b/c", "0"]`.
fn pointer(p: &str) -> Option<Vec<String>> {
    if p.is_empty() {
        return Some(Vec::new());
    }
    let rest = p.strip_prefix('/')?;
    Some(rest.split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect())
}

fn locate<'a>(doc: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    let mut cur = doc;
    for t in path {
        cur = match cur {
            Value::Map(_) => cur.get_mut(t)?,
            Value::Seq(items) => items.get_mut(index(t)?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn index(t: &str) -> Option<usize> {
    if t.len() > 1 && t.starts_with('0') {
        return None;
    }
    t.parse().ok()
}

fn add(doc: &mut Value, path: &[String], value: Value) -> Option<()> {
    let Some((last, parent)) = path.split_last() else {
        *doc = value;
        return Some(());
    };
    match locate(doc, parent)? {
        m @ Value::Map(_) => {
            m.set(last, value);
            Some(())
        }
        Value::Seq(items) => {
            let i = if last == "-" { items.len() } else { index(last)? };
            if i > items.len() {
                return None;
            }
            items.insert(i, value);
            Some(())
        }
        _ => None,
    }
}

fn remove(doc: &mut Value, path: &[String]) -> Option<Value> {
    let (last, parent) = path.split_last()?;
    match locate(doc, parent)? {
        m @ Value::Map(_) => m.remove(last),
        Value::Seq(items) => {
            let i = index(last)?;
            (i < items.len()).then(|| items.remove(i))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(json: &str) -> Value {
        let s = crate::yaml::parse_stream(json);
        crate::model::decode::untyped(&s.docs[0].root)
    }

    #[test]
    fn merge_patch_replaces_lists_and_deletes_on_null() {
        let doc = v(r#"{"a":{"b":1,"c":[1,2]},"d":"x"}"#);
        let out = merge(&doc, &v(r#"{"a":{"b":null,"c":[3]},"e":true}"#));
        assert_eq!(out, v(r#"{"a":{"c":[3]},"d":"x","e":true}"#));
        assert_eq!(merge(&doc, &merge_diff(&doc, &out)), out);
    }

    #[test]
    fn json_patch_operations() {
        let doc = v(r#"{"spec":{"containers":[{"name":"a","image":"nginx"}],"x~y":1}}"#);
        let ops = v(r#"[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.27"},
            {"op":"add","path":"/spec/containers/-","value":{"name":"b"}},
            {"op":"copy","from":"/spec/x~0y","path":"/spec/z"},
            {"op":"move","from":"/spec/x~0y","path":"/spec/w"},
            {"op":"test","path":"/spec/z","value":1}]"#);
        let out = apply(&doc, &ops).unwrap();
        assert_eq!(out, v(r#"{"spec":{"containers":[{"name":"a","image":"nginx:1.27"},{"name":"b"}],"z":1,"w":1}}"#));
        let bad = v(r#"[{"op":"remove","path":"/spec/missing"}]"#);
        assert_eq!(apply(&doc, &bad), Err(PatchError::Unprocessable));
        let failed_test = v(r#"[{"op":"test","path":"/spec/x~0y","value":2}]"#);
        assert_eq!(apply(&doc, &failed_test), Err(PatchError::Unprocessable));
        assert_eq!(
            apply(&doc, &v(r#"{"op":"add"}"#)),
            Err(PatchError::BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into()))
        );
    }
}
