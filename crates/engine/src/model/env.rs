//! A container's environment as written: `env` (literal values and `valueFrom`
//! references) and `envFrom` (whole ConfigMaps and Secrets). The kubelet resolves them
//! when it starts the container.

use crate::value::Value;

/// Where an `env` entry's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueFrom {
    ConfigMapKey {
        name: String,
        key: String,
        optional: bool,
    },
    SecretKey {
        name: String,
        key: String,
        optional: bool,
    },
    /// `fieldRef`: a field of the pod (`metadata.name`, `status.podIP`, …).
    Field {
        path: String,
        api_version: String,
    },
    /// `resourceFieldRef`: a container's request or limit (`limits.cpu`).
    ResourceField {
        resource: String,
        container: String,
        /// The unit the value is given in (`1m`, `1Mi`); empty is 1.
        divisor: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnvVar {
    pub name: String,
    /// The literal `value` (empty when it comes from `value_from`).
    pub value: String,
    pub value_from: Option<ValueFrom>,
}

/// One `envFrom` source: every key of a ConfigMap or Secret, with `prefix` before it.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvFrom {
    pub prefix: String,
    pub secret: bool,
    pub name: String,
    pub optional: bool,
}

fn text(v: Option<&Value>, key: &str) -> String {
    v.and_then(|v| v.get(key)).and_then(Value::as_str).unwrap_or("").to_string()
}

/// A quantity as written (`1m`, or a bare number such as `1`), empty when absent.
pub fn quantity_text(v: Option<&Value>) -> String {
    match v {
        Some(v) => v.as_str().map(String::from).or_else(|| v.as_i64().map(|n| n.to_string())).unwrap_or_default(),
        None => String::new(),
    }
}

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(Value::as_bool).unwrap_or(false)
}

pub fn env_from_value(list: Option<&Value>) -> Vec<EnvVar> {
    list.map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|e| {
            let from = e.get("valueFrom").filter(|f| !f.is_null());
            let value_from = from.and_then(|f| {
                if let Some(r) = f.get("configMapKeyRef").filter(|r| !r.is_null()) {
                    Some(ValueFrom::ConfigMapKey { name: text(Some(r), "name"), key: text(Some(r), "key"), optional: optional(r) })
                } else if let Some(r) = f.get("secretKeyRef").filter(|r| !r.is_null()) {
                    Some(ValueFrom::SecretKey { name: text(Some(r), "name"), key: text(Some(r), "key"), optional: optional(r) })
                } else if let Some(r) = f.get("fieldRef").filter(|r| !r.is_null()) {
                    let api_version = r.get("apiVersion").and_then(Value::as_str).unwrap_or("v1").to_string();
                    Some(ValueFrom::Field { path: text(Some(r), "fieldPath"), api_version })
                } else {
                    f.get("resourceFieldRef").filter(|r| !r.is_null()).map(|r| ValueFrom::ResourceField {
                        resource: text(Some(r), "resource"),
                        container: text(Some(r), "containerName"),
                        divisor: quantity_text(r.get("divisor")),
                    })
                }
            });
            EnvVar { name: text(Some(e), "name"), value: text(Some(e), "value"), value_from }
        })
        .collect()
}

pub fn env_from_sources(list: Option<&Value>) -> Vec<EnvFrom> {
    list.map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| {
            let prefix = text(Some(e), "prefix");
            let (secret, r) = match (e.get("configMapRef").filter(|r| !r.is_null()), e.get("secretRef").filter(|r| !r.is_null())) {
                (Some(r), _) => (false, r),
                (None, Some(r)) => (true, r),
                _ => return None,
            };
            Some(EnvFrom { prefix, secret, name: text(Some(r), "name"), optional: optional(r) })
        })
        .collect()
}

/// `$(VAR)` references in `text`, replaced from `env` as the kubelet's `expansion`
/// package does: `$$` is a literal `$`, and a reference to an unknown variable is kept
/// as written.
pub fn expand(text: &str, env: &[(String, String)]) -> String {
    if !text.contains('$') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(inner) = after.strip_prefix('(') {
            match inner.find(')') {
                Some(end) => {
                    let name = &inner[..end];
                    match env.iter().rev().find(|(n, _)| n == name) {
                        Some((_, v)) => out.push_str(v),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &inner[end + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = inner;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_follows_the_kubelet() {
        let env = vec![("A".to_string(), "1".to_string())];
        assert_eq!(expand("x=$(A) y=$(B) $$(A) $", &env), "x=1 y=$(B) $(A) $");
        assert_eq!(expand("$(A", &env), "$(A");
    }
}
