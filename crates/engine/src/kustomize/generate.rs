//! `configMapGenerator` and `secretGenerator`: objects made from literals, files and env
//! files, named `NAME-<hash of the contents>` unless the hash is turned off.

use super::join;
use crate::files::Files;
use crate::value::Value;

/// A generated object, and whether its name gets the hash of its contents.
pub struct Generated {
    pub object: Value,
    pub hashed: bool,
}

fn pairs(files: &dyn Files, dir: &str, g: &Value) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = vec![];
    for l in g.get("literals").map(Value::as_seq).unwrap_or(&[]) {
        let text = l.as_str().unwrap_or("");
        let Some((k, v)) = text.split_once('=') else {
            return Err(format!("error: invalid literal source {text}, expected key=value"));
        };
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(v);
        out.push((k.to_string(), v.to_string()));
    }
    for f in g.get("files").map(Value::as_seq).unwrap_or(&[]) {
        let spec = f.as_str().unwrap_or("");
        let (key, path) = match spec.split_once('=') {
            Some((k, p)) => (k.to_string(), p),
            None => (spec.rsplit('/').next().unwrap_or(spec).to_string(), spec),
        };
        let text = files.read(&join(dir, path)).map_err(|_| format!("error: open {}: no such file or directory", join(dir, path)))?;
        out.push((key, text));
    }
    let envs = g.get("envs").map(Value::as_seq).unwrap_or(&[]).iter().chain(g.get("env"));
    for e in envs {
        let path = e.as_str().unwrap_or("");
        let text = files.read(&join(dir, path)).map_err(|_| format!("error: open {}: no such file or directory", join(dir, path)))?;
        for line in text.lines() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('=') {
                Some((k, v)) => out.push((k.to_string(), v.to_string())),
                None => return Err(format!("error: line is not a key=value pair in {path}: {line}")),
            }
        }
    }
    // A later value of a key wins, as the generator's map does.
    let mut merged: Vec<(String, String)> = vec![];
    for (k, v) in out {
        match merged.iter_mut().find(|(mk, _)| *mk == k) {
            Some(entry) => entry.1 = v,
            None => merged.push((k, v)),
        }
    }
    merged.sort();
    Ok(merged)
}

/// Go's `json.Marshal` of a string (HTML characters escaped), which the hash is over.
fn go_json(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", ch as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `hasher.encode`: the first ten hex digits of the SHA-256, with 0 1 3 a e spelled g h k m t.
fn suffix(encoded: &str) -> String {
    crate::sha256::hex(encoded.as_bytes())[..10]
        .chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// The hash suffix of a generated ConfigMap or Secret, from its kind, name, type and data.
pub fn hash(object: &Value) -> String {
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = object.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
    let mut data = String::from("{");
    for (i, (k, v)) in object.get("data").and_then(Value::as_map).map(|m| m.as_slice()).unwrap_or(&[]).iter().enumerate() {
        if i > 0 {
            data.push(',');
        }
        go_json(k, &mut data);
        data.push(':');
        go_json(v.as_str().unwrap_or(""), &mut data);
    }
    data.push('}');
    let mut encoded = String::from("{\"data\":");
    encoded.push_str(&data);
    encoded.push_str(",\"kind\":");
    go_json(kind, &mut encoded);
    encoded.push_str(",\"name\":");
    go_json(name, &mut encoded);
    if kind == "Secret" {
        encoded.push_str(",\"type\":");
        go_json(object.get("type").and_then(Value::as_str).unwrap_or(""), &mut encoded);
    }
    encoded.push('}');
    suffix(&encoded)
}

pub fn all(files: &dyn Files, dir: &str, k: &Value) -> Result<Vec<Generated>, String> {
    let options = k.get("generatorOptions");
    let mut out = vec![];
    for (field, kind) in [("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")] {
        for g in k.get(field).map(Value::as_seq).unwrap_or(&[]) {
            let Some(name) = g.get("name").and_then(Value::as_str) else {
                return Err(format!("error: a {field} entry needs a name"));
            };
            if g.get("behavior").and_then(Value::as_str).is_some_and(|b| b != "create") {
                return Err("kubeplay: generator behaviors merge and replace are not simulated yet.".into());
            }
            let data: Vec<(String, Value)> = pairs(files, dir, g)?
                .into_iter()
                .map(|(key, v)| (key, Value::str(if kind == "Secret" { crate::model::base64::encode(v.as_bytes()) } else { v })))
                .collect();
            let mut meta = vec![("name".to_string(), Value::str(name))];
            if let Some(ns) = g.get("namespace").and_then(Value::as_str) {
                meta.push(("namespace".into(), Value::str(ns)));
            }
            let mut object = Value::Map(vec![
                ("apiVersion".into(), Value::str("v1")),
                ("data".into(), Value::Map(data)),
                ("kind".into(), Value::str(kind)),
            ]);
            object.set("metadata", Value::Map(meta));
            for opts in [options, g.get("options")].into_iter().flatten() {
                for (what, key) in [("labels", "labels"), ("annotations", "annotations")] {
                    if let Some(m) = opts.get(what).and_then(Value::as_map) {
                        let target = object.entry_map("metadata").entry_map(key);
                        for (k, v) in m {
                            target.set(k, v.clone());
                        }
                    }
                }
            }
            if kind == "Secret" {
                object.set("type", Value::str(g.get("type").and_then(Value::as_str).unwrap_or("Opaque")));
            }
            let no_hash = |o: Option<&Value>| o.and_then(|o| o.get("disableNameSuffixHash")).and_then(Value::as_bool);
            let hashed = !no_hash(g.get("options")).or(no_hash(options)).unwrap_or(false);
            out.push(Generated { object, hashed });
        }
    }
    Ok(out)
}
