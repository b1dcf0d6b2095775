//! What the API server does to a custom resource with its CRD's structural schema
//! (`openAPIV3Schema`): pruning the fields the schema does not declare (whose paths a
//! strict request is refused with), defaulting, and validation worded as
//! `kubeOpenAPIResultToFieldErrors` words kube-openapi's results.

use super::regex::Regex;
use super::validation::{go_quote, Errors};
use crate::value::Value;

fn str_of<'a>(s: &'a Value, key: &str) -> &'a str {
    s.get(key).and_then(Value::as_str).unwrap_or("")
}

fn preserves_unknown(schema: &Value) -> bool {
    schema.get("x-kubernetes-preserve-unknown-fields").and_then(Value::as_bool) == Some(true)
}

/// `structuralpruning.PruneWithOptions`: drops what the schema does not declare and
/// returns the dropped fields' paths (`spec.foo`, `spec.items[0].bar`). At the root,
/// `apiVersion`, `kind` and `metadata` are the server's.
pub fn prune(obj: &mut Value, schema: &Value) -> Vec<String> {
    let mut unknown = Vec::new();
    prune_at(obj, schema, "", true, &mut unknown);
    unknown
}

fn prune_at(v: &mut Value, schema: &Value, path: &str, root: bool, unknown: &mut Vec<String>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match v {
        Value::Map(fields) => {
            let props = schema.get("properties");
            let additional = schema.get("additionalProperties");
            let keep_all = preserves_unknown(schema) || additional.is_some_and(|a| a.as_bool() == Some(true));
            fields.retain(|(k, _)| {
                let known = (root && ["apiVersion", "kind", "metadata"].contains(&k.as_str()))
                    || props.is_some_and(|p| p.get(k).is_some())
                    || additional.is_some_and(|a| a.as_map().is_some())
                    || keep_all;
                if !known {
                    unknown.push(join(k));
                }
                known
            });
            for (k, x) in fields.iter_mut() {
                if root && ["apiVersion", "kind", "metadata"].contains(&k.as_str()) {
                    continue;
                }
                let sub = props.and_then(|p| p.get(k)).or(additional.filter(|a| a.as_map().is_some()));
                if let Some(sub) = sub {
                    prune_at(x, sub, &join(k), false, unknown);
                }
            }
        }
        Value::Seq(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, x) in items.iter_mut().enumerate() {
                    prune_at(x, item_schema, &format!("{path}[{i}]"), false, unknown);
                }
            }
        }
        _ => {}
    }
}

/// `structuraldefaulting.Default`: a property with a `default` that the object lacks
/// gets it, in every object the schema reaches.
pub fn default(v: &mut Value, schema: &Value) {
    match v {
        Value::Map(fields) => {
            if let Some(Value::Map(props)) = schema.get("properties") {
                for (k, sub) in props {
                    if let Some(d) = sub.get("default") {
                        if !fields.iter().any(|(f, _)| f == k) {
                            fields.push((k.clone(), d.clone()));
                        }
                    }
                }
                for (k, x) in fields.iter_mut() {
                    if let Some(sub) = props.iter().find(|(p, _)| p == k).map(|(_, s)| s) {
                        default(x, sub);
                    }
                }
            } else if let Some(sub) = schema.get("additionalProperties").filter(|a| a.as_map().is_some()) {
                for (_, x) in fields.iter_mut() {
                    default(x, sub);
                }
            }
        }
        Value::Seq(items) => {
            if let Some(sub) = schema.get("items") {
                for x in items {
                    default(x, sub);
                }
            }
        }
        _ => {}
    }
}

/// The JSON type name kube-openapi reports for a value.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Go's `%v` of a float64 bound: `10`, `0.5`.
fn bound(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// How `field.Invalid` prints an unstructured value.
fn repr(v: &Value) -> String {
    match v {
        Value::Str(s) => go_quote(s),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => bound(*f),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Seq(_) => "[]interface {}{...}".into(),
        Value::Map(_) => "map[string]interface {}{...}".into(),
    }
}

/// Validates `v` (the object without `apiVersion`, `kind`, `metadata`) against the schema.
pub fn validate(errs: &mut Errors, v: &Value, schema: &Value) {
    if let Value::Map(fields) = v {
        let body: Vec<(String, Value)> =
            fields.iter().filter(|(k, _)| !["apiVersion", "kind", "metadata"].contains(&k.as_str())).cloned().collect();
        validate_at(errs, &Value::Map(body), schema, "");
    }
}

fn validate_at(errs: &mut Errors, v: &Value, schema: &Value, path: &str) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    let shown = if path.is_empty() { "." } else { path };
    let ty = str_of(schema, "type");
    let int_or_string = schema.get("x-kubernetes-int-or-string").and_then(Value::as_bool) == Some(true);
    if v.is_null() {
        if schema.get("nullable").and_then(Value::as_bool) != Some(true) && !ty.is_empty() {
            errs.invalid_raw(path, "\"null\"", &format!("{shown} in body must be of type {ty}: \"null\""));
        }
        return;
    }
    let type_ok = match ty {
        _ if int_or_string => matches!(v, Value::Int(_) | Value::Str(_)) || number(v).is_some_and(|f| f.fract() == 0.0),
        "" => true,
        "integer" => matches!(v, Value::Int(_)) || matches!(v, Value::Float(f) if f.fract() == 0.0),
        "number" => number(v).is_some(),
        t => t == type_name(v),
    };
    if !type_ok {
        let want = if int_or_string { "integer,string" } else { ty };
        let got = type_name(v);
        errs.invalid_raw(path, &go_quote(got), &format!("{shown} in body must be of type {want}: \"{got}\""));
        return;
    }
    if let Some(Value::Seq(allowed)) = schema.get("enum") {
        if !allowed.contains(v) {
            let list: Vec<String> =
                allowed.iter().map(|a| if let Value::Str(s) = a { go_quote(s) } else { go_quote(&a.to_json()) }).collect();
            errs.0.push(super::validation::FieldError {
                path: path.to_string(),
                text: format!("{path}: Unsupported value: {}: supported values: {}", repr(v), list.join(", ")),
            });
        }
    }
    match v {
        Value::Str(s) => {
            let len = s.chars().count() as i64;
            if let Some(max) = schema.get("maxLength").and_then(Value::as_i64).filter(|m| len > *m) {
                let unit = if max == 1 { "byte" } else { "bytes" };
                errs.0.push(super::validation::FieldError {
                    path: path.to_string(),
                    text: format!("{path}: Too long: may not be more than {max} {unit}"),
                });
            }
            if let Some(min) = schema.get("minLength").and_then(Value::as_i64).filter(|m| len < *m) {
                errs.invalid(path, v, &format!("{shown} in body should be at least {min} chars long"));
            }
            if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
                // A pattern outside the subset kubeplay reads is not checked (README).
                if Regex::compile(p).is_ok_and(|re| !re.is_match(s)) {
                    errs.invalid(path, v, &format!("{shown} in body should match '{p}'"));
                }
            }
        }
        Value::Int(_) | Value::Float(_) => {
            let n = number(v).unwrap_or(0.0);
            let exclusive = |k: &str| schema.get(k).and_then(Value::as_bool) == Some(true);
            if let Some(min) = schema.get("minimum").and_then(number) {
                if exclusive("exclusiveMinimum") && n <= min {
                    errs.invalid_raw(path, &repr(v), &format!("{shown} in body should be greater than {}", bound(min)));
                } else if n < min {
                    errs.invalid_raw(path, &repr(v), &format!("{shown} in body should be greater than or equal to {}", bound(min)));
                }
            }
            if let Some(max) = schema.get("maximum").and_then(number) {
                if exclusive("exclusiveMaximum") && n >= max {
                    errs.invalid_raw(path, &repr(v), &format!("{shown} in body should be less than {}", bound(max)));
                } else if n > max {
                    errs.invalid_raw(path, &repr(v), &format!("{shown} in body should be less than or equal to {}", bound(max)));
                }
            }
        }
        Value::Seq(items) => {
            let n = items.len() as i64;
            if let Some(max) = schema.get("maxItems").and_then(Value::as_i64).filter(|m| n > *m) {
                errs.too_many(path, n as usize, max as usize);
            }
            if let Some(min) = schema.get("minItems").and_then(Value::as_i64).filter(|m| n < *m) {
                errs.invalid_raw(path, &n.to_string(), &format!("{shown} in body should have at least {min} items"));
            }
            if let Some(sub) = schema.get("items") {
                for (i, x) in items.iter().enumerate() {
                    validate_at(errs, x, sub, &format!("{path}.{i}"));
                }
            }
        }
        Value::Map(fields) => {
            for r in schema.get("required").map(Value::as_seq).unwrap_or(&[]) {
                let key = r.as_str().unwrap_or("");
                if !fields.iter().any(|(k, _)| k == key) {
                    errs.required(&join(key));
                }
            }
            if let Some(Value::Map(props)) = schema.get("properties") {
                for (k, sub) in props {
                    if let Some((_, x)) = fields.iter().find(|(f, _)| f == k) {
                        validate_at(errs, x, sub, &join(k));
                    }
                }
            } else if let Some(sub) = schema.get("additionalProperties").filter(|a| a.as_map().is_some()) {
                for (k, x) in fields {
                    validate_at(errs, x, sub, &join(k));
                }
            }
        }
        _ => {}
    }
}

/// The API server's checks of a CRD's schema that kubeplay makes (`ValidateCustomResourceDefinition`
/// has many more): the root must be an object, and every `type` one of OpenAPI's.
pub fn validate_schema(errs: &mut Errors, schema: &Value, path: &str) {
    let ty = str_of(schema, "type");
    if path.ends_with("openAPIV3Schema") && ty.is_empty() {
        errs.required_with(&format!("{path}.type"), "must not be empty at the root");
    } else if path.ends_with("openAPIV3Schema") && ty != "object" {
        errs.invalid(&format!("{path}.type"), &Value::str(ty), "must be object at the root");
    }
    if !ty.is_empty() {
        let types = ["array", "boolean", "integer", "number", "object", "string"];
        if !types.contains(&ty) {
            errs.not_supported(&format!("{path}.type"), ty, &types);
        }
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
        if let Err(e) = Regex::compile(p) {
            if p.contains("(?") || e.contains("missing") {
                errs.invalid(&format!("{path}.pattern"), &Value::str(p), &format!("must be a valid regular expression, but isn't: {e}"));
            }
        }
    }
    if let Some(Value::Map(props)) = schema.get("properties") {
        for (k, sub) in props {
            validate_schema(errs, sub, &format!("{path}.properties[{k}]"));
        }
    }
    if let Some(items) = schema.get("items").filter(|i| i.as_map().is_some()) {
        validate_schema(errs, items, &format!("{path}.items"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn schema() -> Value {
        let text = "type: object\nproperties:\n  spec:\n    type: object\n    required: [cronSpec]\n    properties:\n      cronSpec:\n        type: string\n        pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'\n      image:\n        type: string\n      replicas:\n        type: integer\n        minimum: 1\n        maximum: 10\n        default: 1\n      mode:\n        type: string\n        enum: [fast, slow]\n      extra:\n        type: object\n        x-kubernetes-preserve-unknown-fields: true\n";
        crate::model::decode::untyped(&yaml::parse_stream(text).docs[0].root)
    }

    fn obj(spec: &str) -> Value {
        let text = format!("apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: x\nspec:\n{spec}");
        crate::model::decode::untyped(&yaml::parse_stream(&text).docs[0].root)
    }

    fn texts(v: &Value) -> Vec<String> {
        let mut errs = Errors::default();
        validate(&mut errs, v, &schema());
        errs.0.into_iter().map(|e| e.text).collect()
    }

    #[test]
    fn pruning_drops_and_reports_undeclared_fields_but_keeps_preserved_ones() {
        let mut v = obj("  cronSpec: '* * * * */5'\n  colour: red\n  extra:\n    anything: 1\n");
        let unknown = prune(&mut v, &schema());
        assert_eq!(unknown, vec!["spec.colour".to_string()]);
        assert!(v.get("spec").unwrap().get("colour").is_none());
        assert!(v.get("spec").unwrap().get("extra").unwrap().get("anything").is_some());
        assert!(v.get("metadata").is_some());
    }

    #[test]
    fn defaults_fill_missing_fields_only() {
        let mut v = obj("  cronSpec: '* * * * */5'\n");
        default(&mut v, &schema());
        assert_eq!(v.get("spec").unwrap().get("replicas"), Some(&Value::Int(1)));
        let mut v = obj("  cronSpec: '* * * * */5'\n  replicas: 3\n");
        default(&mut v, &schema());
        assert_eq!(v.get("spec").unwrap().get("replicas"), Some(&Value::Int(3)));
    }

    #[test]
    fn errors_are_worded_as_the_api_server_words_them() {
        assert_eq!(
            texts(&obj("  cronSpec: '* * * *'\n  replicas: 15\n")),
            vec![
                r"spec.cronSpec: Invalid value: string: spec.cronSpec in body should match '^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$'"
                    .replace("string", "\"* * * *\""),
                "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10".to_string(),
            ]
        );
        assert_eq!(texts(&obj("  image: x\n")), vec!["spec.cronSpec: Required value".to_string()]);
        assert_eq!(
            texts(&obj("  cronSpec: '* * * * *'\n  replicas: many\n")),
            vec!["spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"".to_string()]
        );
        assert_eq!(
            texts(&obj("  cronSpec: '* * * * *'\n  mode: medium\n")),
            vec!["spec.mode: Unsupported value: \"medium\": supported values: \"fast\", \"slow\"".to_string()]
        );
        assert!(texts(&obj("  cronSpec: '* * * * *'\n  replicas: 5\n  mode: fast\n")).is_empty());
    }
}
