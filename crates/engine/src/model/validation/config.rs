//! `ValidateConfigMap`, `ValidateSecret` and their update rules (immutability).

use super::Errors;
use crate::model::base64;
use crate::value::Value;

/// `corev1.MaxSecretSize`, the limit of both kinds' data.
pub const MAX_SIZE: usize = 1024 * 1024;

const CONFIG_KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/// `IsConfigMapKey`.
pub fn config_key(key: &str) -> Vec<String> {
    let mut errs = vec![];
    if key.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if key.is_empty() || !key.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')) {
        errs.push(CONFIG_KEY_MSG.to_string());
    }
    match key {
        "." => errs.push("must not be '.'".into()),
        ".." => errs.push("must not be '..'".into()),
        k if k.starts_with("..") => errs.push("must not start with '..'".into()),
        _ => {}
    }
    errs
}

fn pairs<'a>(obj: &'a Value, field: &str) -> &'a [(String, Value)] {
    obj.get(field).and_then(Value::as_map).map(Vec::as_slice).unwrap_or(&[])
}

fn decoded_len(v: &Value) -> usize {
    v.as_str().and_then(|s| base64::decode(s).ok()).map_or(0, |b| b.len())
}

/// Where in the manifest a `data[key]` error is shown: the key's own line when it was
/// written under `field`.
fn at(field: &str, key: &str) -> String {
    if key.contains(['.', '[', ']']) {
        field.to_string()
    } else {
        format!("{field}.{key}")
    }
}

fn key_errors(errs: &mut Errors, field: &str, shown: &str, key: &str) {
    for msg in config_key(key) {
        errs.0.push(super::FieldError {
            path: at(field, key),
            text: format!("{shown}[{key}]: Invalid value: {}: {msg}", super::go_quote(key)),
        });
    }
}

pub fn configmap(errs: &mut Errors, obj: &Value) {
    let mut total = 0;
    let binary = pairs(obj, "binaryData");
    for (k, v) in pairs(obj, "data") {
        key_errors(errs, "data", "data", k);
        if binary.iter().any(|(b, _)| b == k) {
            errs.0.push(super::FieldError {
                path: at("data", k),
                text: format!("data[{k}]: Invalid value: {}: duplicate of key present in binaryData", super::go_quote(k)),
            });
        }
        total += v.as_str().map_or(0, str::len);
    }
    for (k, v) in binary {
        key_errors(errs, "binaryData", "binaryData", k);
        total += decoded_len(v);
    }
    if total > MAX_SIZE {
        errs.0.push(super::FieldError { path: "data".into(), text: format!("[]: Too long: must have at most {MAX_SIZE} bytes") });
    }
}

/// After `stringData` is folded into `data`: its keys are reported as `data[key]`, as the
/// API server validates the converted object.
pub fn secret(errs: &mut Errors, obj: &Value) {
    let data = pairs(obj, "data");
    let mut total = 0;
    for (k, v) in data {
        key_errors(errs, "data", "data", k);
        total += decoded_len(v);
    }
    if total > MAX_SIZE {
        errs.0.push(super::FieldError { path: "data".into(), text: format!("data: Too long: must have at most {MAX_SIZE} bytes") });
    }
    let has = |k: &str| data.iter().any(|(d, _)| d == k);
    let required =
        |errs: &mut Errors, shown: &str| errs.0.push(super::FieldError { path: "data".into(), text: format!("{shown}: Required value") });
    let json_ok = |k: &str| {
        data.iter()
            .find(|(d, _)| d == k)
            .and_then(|(_, v)| v.as_str())
            .and_then(|s| base64::decode(s).ok())
            .is_some_and(|b| String::from_utf8(b).ok().is_some_and(|t| json_object(&t)))
    };
    match obj.get("type").and_then(Value::as_str).unwrap_or("") {
        "kubernetes.io/service-account-token" => {
            let named = obj
                .get("metadata")
                .and_then(|m| m.get("annotations"))
                .and_then(|a| a.get("kubernetes.io/service-account.name"))
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty());
            if !named {
                errs.0.push(super::FieldError {
                    path: "metadata.annotations".into(),
                    text: "metadata.annotations[kubernetes.io/service-account.name]: Required value".into(),
                });
            }
        }
        "kubernetes.io/dockercfg" | "kubernetes.io/dockerconfigjson" => {
            let key =
                if obj.get("type").and_then(Value::as_str) == Some("kubernetes.io/dockercfg") { ".dockercfg" } else { ".dockerconfigjson" };
            if !has(key) {
                required(errs, &format!("data[{key}]"));
            } else if !json_ok(key) {
                errs.0.push(super::FieldError {
                    path: "data".into(),
                    text: format!(
                        "data[{key}]: Invalid value: \"<secret contents redacted>\": invalid character looking for beginning of value"
                    ),
                });
            }
        }
        // `field.NewPath("data[%s]").Key(…)`: the API server's own path, printed as is.
        "kubernetes.io/basic-auth" if !has("username") && !has("password") => {
            required(errs, "data[%s][username]");
            required(errs, "data[%s][password]");
        }
        "kubernetes.io/ssh-auth" if data.iter().find(|(d, _)| d == "ssh-privatekey").is_none_or(|(_, v)| decoded_len(v) == 0) => {
            required(errs, "data[%s][ssh-privatekey]");
        }
        "kubernetes.io/tls" => {
            for key in ["tls.crt", "tls.key"] {
                if !has(key) {
                    required(errs, &format!("data[{key}]"));
                }
            }
        }
        _ => {}
    }
}

/// Whether the text is a JSON object, as `json.Unmarshal` into a map needs. kubeplay
/// reads it as YAML (JSON's superset) and words every failure as a leading bad character.
fn json_object(text: &str) -> bool {
    let s = crate::yaml::parse_stream(text);
    text.trim_start().starts_with('{')
        && s.error.is_none()
        && s.docs.len() == 1
        && matches!(s.docs[0].root.kind, crate::yaml::NodeKind::Map(_))
}

fn forbidden_immutable(errs: &mut Errors, field: &str) {
    errs.forbidden(field, "field is immutable when `immutable` is set");
}

/// `ValidateConfigMapUpdate`'s and `ValidateSecretUpdate`'s own rules: `old` and `new` are
/// the stored bodies (the fields beside `metadata`).
pub fn update(errs: &mut Errors, secret: bool, old: &Value, new: &Value) {
    if secret {
        let (o, n) = (old.get("type").and_then(Value::as_str).unwrap_or(""), new.get("type").and_then(Value::as_str).unwrap_or(""));
        if o != n {
            errs.invalid("type", &Value::str(n), "field is immutable");
        }
    }
    if old.get("immutable").and_then(Value::as_bool) != Some(true) {
        return;
    }
    if new.get("immutable").and_then(Value::as_bool) != Some(true) {
        forbidden_immutable(errs, "immutable");
    }
    let map = |v: &Value, f: &str| {
        let mut m: Vec<(String, Value)> = pairs(v, f).to_vec();
        m.sort_by(|a, b| a.0.cmp(&b.0));
        m
    };
    if map(old, "data") != map(new, "data") {
        forbidden_immutable(errs, "data");
    }
    if !secret && map(old, "binaryData") != map(new, "binaryData") {
        forbidden_immutable(errs, "binaryData");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_follow_is_config_map_key() {
        assert!(config_key("key.name").is_empty() && config_key("KEY_NAME").is_empty() && config_key(".env").is_empty());
        assert_eq!(config_key("bad key"), vec![CONFIG_KEY_MSG.to_string()]);
        assert_eq!(config_key(".."), vec!["must not be '..'".to_string()]);
        assert_eq!(config_key("..data"), vec!["must not start with '..'".to_string()]);
        assert_eq!(config_key("").len(), 1);
    }
}
