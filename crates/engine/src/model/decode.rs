//! Spanned YAML nodes into wire values, checked against the schema the way the API
//! server's strict JSON decoder checks them: wrong types are `json: cannot unmarshal …`
//! errors, unknown fields are `strict decoding error: unknown field "…"`.
//!
//! A key written twice in one mapping is not an error: kubectl's YAML-to-JSON step is not
//! strict and keeps the last value, so only that one is decoded (and checked).
//! `duplicate_keys` lists them, for kubeplay to point out beside the editor.

use crate::model::schema::{self, Ty};
use crate::value::{Map, Value};
use crate::yaml::{parse_int, resolve_plain, Node, NodeKind, Resolved, Span};
use std::collections::HashMap;

/// Why a document could not be decoded, with the field it concerns.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// The API server refused the body (type mismatch, unknown fields): HTTP 400.
    BadRequest { message: String, span: Span },
}

struct Ctx {
    type_error: Option<(String, Span)>,
    unknown: Vec<(String, Span)>,
}

/// Where a value sits in the document, written out only for an error: a paste of
/// thousands of objects made two strings for every field of every one of them.
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    /// A struct's field: in both paths.
    Field(&'a At<'a>, &'a str),
    /// A map's key: in the strict decoder's path, not in Go's field path.
    Key(&'a At<'a>, &'a str),
    /// A list's item: `[i]` in the strict decoder's path, nothing in Go's.
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    /// With indexes and keys, as strict decoding errors print it (`spec.containers[0].name`).
    fn path(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Field(up, name) | At::Key(up, name) => join(&up.path(), name),
            At::Index(up, i) => format!("{}[{i}]", up.path()),
        }
    }

    /// The JSON path without indexes or keys, as `json: cannot unmarshal` prints it.
    fn go_path(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Field(up, name) => join(&up.go_path(), name),
            At::Key(up, _) | At::Index(up, _) => up.go_path(),
        }
    }
}

/// Converts a node to a value with YAML's own typing only (for `any` subtrees and for
/// reading `apiVersion`/`kind` before the schema is known).
pub fn untyped(node: &Node) -> Value {
    plain_value(node)
}

/// Decodes a whole object of the given kind (a schema type name such as `Deployment`).
pub fn decode(node: &Node, kind: &'static str) -> Result<Value, DecodeError> {
    decode_as(node, kind, kind)
}

/// Decodes a document written in an older served version against that version's schema
/// (`schema`), naming it as its kind in errors, as the API server does before converting.
pub fn decode_as(node: &Node, schema: &'static str, kind: &'static str) -> Result<Value, DecodeError> {
    let mut ctx = Ctx { type_error: None, unknown: Vec::new() };
    let v = typed(node, &Ty::Struct(schema), &At::Root, kind, &mut ctx);
    if let Some((message, span)) = ctx.type_error {
        return Err(DecodeError::BadRequest { message, span });
    }
    if !ctx.unknown.is_empty() {
        let span = ctx.unknown[0].1;
        let list: Vec<String> = ctx.unknown.iter().map(|(p, _)| format!("unknown field \"{p}\"")).collect();
        return Err(DecodeError::BadRequest { message: format!("strict decoding error: {}", list.join(", ")), span });
    }
    Ok(v)
}

/// A key written again in the same mapping: the value at `span` is the one kept, the
/// one at `earlier` is dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    pub key: String,
    pub earlier: Span,
    pub span: Span,
}

/// Every key written twice in a mapping of the document, in text order, each once
/// (a mapping repeated through aliases is reported once).
pub fn duplicate_keys(node: &Node) -> Vec<Duplicate> {
    fn walk(n: &Node, out: &mut Vec<Duplicate>) {
        match &n.kind {
            NodeKind::Seq(items) => items.iter().for_each(|i| walk(i, out)),
            NodeKind::Map(pairs) => {
                if pairs.len() > 1 {
                    let mut seen: HashMap<&str, Span> = HashMap::with_capacity(pairs.len());
                    for (k, _) in pairs {
                        if let Some(earlier) = seen.insert(key_str(k), k.span) {
                            let d = Duplicate { key: key_str(k).to_string(), earlier, span: k.span };
                            if !out.contains(&d) {
                                out.push(d);
                            }
                        }
                    }
                }
                pairs.iter().for_each(|(_, v)| walk(v, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(node, &mut out);
    out.sort_by_key(|d| (d.span.line, d.span.col));
    out
}

fn json_type(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Null => "null",
        NodeKind::Seq(_) => "array",
        NodeKind::Map(_) => "object",
        NodeKind::Scalar { text, plain: true } => match resolve_plain(text) {
            Resolved::Bool(_) => "bool",
            Resolved::Int | Resolved::Float => "number",
            _ => "string",
        },
        NodeKind::Scalar { .. } => "string",
    }
}

fn scalar_value(text: &str, plain: bool) -> Value {
    if !plain {
        return Value::Str(text.to_string());
    }
    match resolve_plain(text) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int => match parse_int(text) {
            Some(i) => Value::Int(i),
            None => Value::Str(text.to_string()),
        },
        Resolved::Float => Value::Float(parse_float(text)),
        Resolved::Str => Value::Str(text.to_string()),
    }
}

fn parse_float(text: &str) -> f64 {
    let t = text.replace('_', "");
    match t.trim_start_matches('+').to_ascii_lowercase().as_str() {
        ".inf" => f64::INFINITY,
        "-.inf" => f64::NEG_INFINITY,
        ".nan" => f64::NAN,
        other => other.parse().unwrap_or(0.0),
    }
}

/// A key as kubectl's YAML-to-JSON step names it, for finding repeats.
fn key_str(k: &Node) -> &str {
    match &k.kind {
        NodeKind::Scalar { text, .. } => text,
        NodeKind::Null => "null",
        _ => "",
    }
}

/// The pairs of a mapping that survive kubectl's YAML-to-JSON step: of a key written more
/// than once, only the last.
fn kept(pairs: &[(Node, Node)]) -> Vec<&(Node, Node)> {
    if pairs.len() < 2 {
        return pairs.iter().collect();
    }
    // A manifest's mappings are small: a repeated key is looked for without a hash map.
    if pairs.len() <= 8 && !(1..pairs.len()).any(|i| (0..i).any(|j| key_str(&pairs[i].0) == key_str(&pairs[j].0))) {
        return pairs.iter().collect();
    }
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(pairs.len());
    for (i, (k, _)) in pairs.iter().enumerate() {
        last.insert(key_str(k), i);
    }
    if last.len() == pairs.len() {
        return pairs.iter().collect();
    }
    pairs.iter().enumerate().filter(|(i, (k, _))| last[key_str(k)] == *i).map(|(_, p)| p).collect()
}

fn key_text(k: &Node) -> String {
    match &k.kind {
        NodeKind::Scalar { text, .. } => text.clone(),
        NodeKind::Null => "null".into(),
        _ => String::new(),
    }
}

fn plain_value(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Scalar { text, plain } => scalar_value(text, *plain),
        NodeKind::Seq(items) => Value::Seq(items.iter().map(plain_value).collect()),
        NodeKind::Map(pairs) => Value::Map(kept(pairs).into_iter().map(|(k, v)| (key_text(k), plain_value(v))).collect()),
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// `owner` is the Go struct holding this field, as `json: cannot unmarshal` prints it;
/// `at` is where the field is.
fn typed(node: &Node, ty: &Ty, at: &At, owner: &str, ctx: &mut Ctx) -> Value {
    let mismatch = |ctx: &mut Ctx, detail: String| {
        if ctx.type_error.is_none() {
            let go_path = at.go_path();
            let what = if go_path.is_empty() {
                format!("Go value of type {}", ty.go_name())
            } else {
                format!("Go struct field {owner}.{go_path} of type {}", ty.go_name())
            };
            ctx.type_error = Some((format!("json: cannot unmarshal {detail} into {what}"), node.span));
        }
        Value::Null
    };
    if matches!(node.kind, NodeKind::Null) {
        return Value::Null;
    }
    let jt = json_type(node);
    match ty {
        Ty::Any => plain_value(node),
        Ty::Obj => match &node.kind {
            NodeKind::Map(_) => plain_value(node),
            _ => mismatch(ctx, jt.into()),
        },
        Ty::Str | Ty::Time => match &node.kind {
            NodeKind::Scalar { text, .. } if jt == "string" => Value::Str(text.clone()),
            _ => mismatch(ctx, jt.into()),
        },
        Ty::Bool => match &node.kind {
            NodeKind::Scalar { text, plain: true } if jt == "bool" => scalar_value(text, true),
            _ => mismatch(ctx, jt.into()),
        },
        Ty::I32 | Ty::I64 => match &node.kind {
            NodeKind::Scalar { text, plain: true } if jt == "number" => {
                let (lo, hi) = if *ty == Ty::I32 { (i32::MIN as i64, i32::MAX as i64) } else { (i64::MIN, i64::MAX) };
                match parse_int(text) {
                    Some(i) if (lo..=hi).contains(&i) => Value::Int(i),
                    _ => mismatch(ctx, format!("number {text}")),
                }
            }
            _ => mismatch(ctx, jt.into()),
        },
        Ty::Num => match &node.kind {
            NodeKind::Scalar { text, plain: true } if jt == "number" => Value::Float(parse_float(text)),
            _ => mismatch(ctx, jt.into()),
        },
        Ty::IntOrStr => match &node.kind {
            NodeKind::Scalar { text, .. } if jt == "string" => Value::Str(text.clone()),
            NodeKind::Scalar { text, plain: true } if jt == "number" => match parse_int(text) {
                Some(i) if i32::try_from(i).is_ok() => Value::Int(i),
                _ => mismatch(ctx, format!("number {text}")),
            },
            _ => mismatch(ctx, jt.into()),
        },
        Ty::Quantity => match &node.kind {
            NodeKind::Scalar { text, .. } if jt == "string" || jt == "number" => {
                if crate::quantity::parse(text).is_some() {
                    Value::Str(text.clone())
                } else if ctx.type_error.is_none() {
                    ctx.type_error = Some((
                        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".into(),
                        node.span,
                    ));
                    Value::Null
                } else {
                    Value::Null
                }
            }
            _ => mismatch(ctx, jt.into()),
        },
        Ty::StrMap | Ty::QtyMap => match &node.kind {
            NodeKind::Map(pairs) => {
                let inner = if *ty == Ty::StrMap { Ty::Str } else { Ty::Quantity };
                let mut m: Map = Vec::with_capacity(pairs.len());
                for (k, v) in kept(pairs) {
                    let key = key_text(k);
                    let item = typed(v, &inner, &At::Key(at, &key), owner, ctx);
                    m.push((key, item));
                }
                Value::Map(m)
            }
            _ => mismatch(ctx, jt.into()),
        },
        Ty::BytesMap => match &node.kind {
            NodeKind::Map(pairs) => {
                let mut m: Map = Vec::with_capacity(pairs.len());
                for (k, v) in kept(pairs) {
                    m.push((key_text(k), bytes_item(v, owner, at, ctx)));
                }
                Value::Map(m)
            }
            _ => mismatch(ctx, jt.into()),
        },
        Ty::Seq(inner) => match &node.kind {
            NodeKind::Seq(items) => {
                Value::Seq(items.iter().enumerate().map(|(i, n)| typed(n, inner, &At::Index(at, i), owner, ctx)).collect())
            }
            _ => mismatch(ctx, jt.into()),
        },
        Ty::Struct(name) => match &node.kind {
            NodeKind::Map(pairs) => {
                // Every type the schema names is defined (a test walks them all); a gap
                // is answered as a server error, never a panic.
                let Some(fields) = schema::fields(name) else {
                    if ctx.type_error.is_none() {
                        ctx.type_error = Some((format!("kubeplay has no schema for {name} yet"), node.span));
                    }
                    return Value::Null;
                };
                let mut m: Map = Vec::with_capacity(pairs.len());
                for (k, v) in kept(pairs) {
                    let key = key_text(k);
                    match fields.iter().find(|(f, _)| *f == key) {
                        Some((_, fty)) => {
                            let item = typed(v, fty, &At::Field(at, &key), name, ctx);
                            m.push((key, item));
                        }
                        None => ctx.unknown.push((At::Field(at, &key).path(), k.span)),
                    }
                }
                Value::Map(m)
            }
            _ => mismatch(ctx, jt.into()),
        },
    }
}

/// One `[]byte` value: a base64 string, stored in its canonical form (Go's decoder skips
/// newlines; the server writes the bytes back without them).
fn bytes_item(node: &Node, owner: &str, at: &At, ctx: &mut Ctx) -> Value {
    let jt = json_type(node);
    match &node.kind {
        // A null `[]byte` is stored, and read back, as no bytes.
        NodeKind::Null => Value::str(""),
        NodeKind::Scalar { text, .. } if jt == "string" => match crate::model::base64::decode(text) {
            Ok(bytes) => Value::Str(crate::model::base64::encode(&bytes)),
            Err(at) => {
                if ctx.type_error.is_none() {
                    ctx.type_error = Some((format!("illegal base64 data at input byte {at}"), node.span));
                }
                Value::Null
            }
        },
        _ => {
            if ctx.type_error.is_none() {
                ctx.type_error =
                    Some((format!("json: cannot unmarshal {jt} into Go struct field {owner}.{} of type []uint8", at.go_path()), node.span));
            }
            Value::Null
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_stream;

    fn dec(text: &str, kind: &'static str) -> Result<Value, DecodeError> {
        let s = parse_stream(text);
        assert!(s.error.is_none(), "{:?}", s.error);
        decode(&s.docs[0].root, kind)
    }

    #[test]
    fn wrong_type_reads_like_the_go_decoder() {
        let e = dec("spec:\n  replicas: three\n", "Deployment").unwrap_err();
        assert_eq!(
            e,
            DecodeError::BadRequest {
                message: "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32".into(),
                span: Span { line: 2, col: 13 }
            }
        );
        let e = dec("spec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: \"80\"\n", "Pod").unwrap_err();
        match e {
            DecodeError::BadRequest { message, .. } => assert_eq!(
                message,
                "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"
            ),
        }
    }

    #[test]
    fn unknown_fields_are_listed_with_indexes() {
        let e = dec(
            "spec:\n  replica: 3\n  template:\n    spec:\n      containers:\n      - name: a\n        imagePullPolicyy: Always\n",
            "Deployment",
        )
        .unwrap_err();
        match e {
            DecodeError::BadRequest { message, span } => {
                assert_eq!(
                    message,
                    "strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagePullPolicyy\""
                );
                assert_eq!(span, Span { line: 2, col: 3 });
            }
        }
    }

    #[test]
    fn fields_kubernetes_has_are_accepted_even_if_not_simulated() {
        let v = dec(
            "spec:\n  volumes:\n  - name: data\n    emptyDir: {}\n  containers:\n  - name: a\n    image: nginx\n    env:\n    - name: X\n      value: \"1\"\n    livenessProbe:\n      httpGet:\n        path: /\n        port: 80\n    resources:\n      requests:\n        cpu: 100m\n        memory: 64Mi\n",
            "Pod",
        )
        .unwrap();
        assert_eq!(v.get("spec").unwrap().get("volumes").unwrap().as_seq().len(), 1);
    }

    #[test]
    fn yes_as_a_label_value_is_a_bool_and_refused() {
        let e = dec("metadata:\n  labels:\n    enabled: yes\n", "Pod").unwrap_err();
        match e {
            DecodeError::BadRequest { message, .. } => {
                assert_eq!(message, "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string")
            }
        }
    }

    #[test]
    fn a_duplicate_key_keeps_the_last_value_and_is_listed() {
        let v = dec("metadata:\n  name: a\n  labels: {x: \"1\"}\n  name: b\n", "Pod").unwrap();
        let meta = v.get("metadata").unwrap();
        assert_eq!(meta.get("name").and_then(Value::as_str), Some("b"));
        assert_eq!(meta.as_map().map(|m| m.len()), Some(2), "{meta:?}");
        // Only the kept value is checked: a wrong type that was overwritten is not an error.
        let v = dec("spec:\n  replicas: three\n  replicas: 3\n", "ReplicaSet").unwrap();
        assert_eq!(v.get("spec").unwrap().get("replicas"), Some(&Value::Int(3)));
        let s = parse_stream("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
        let d = duplicate_keys(&s.docs[0].root);
        assert_eq!(
            d,
            vec![
                Duplicate { key: "c".into(), earlier: Span { line: 3, col: 3 }, span: Span { line: 4, col: 3 } },
                Duplicate { key: "a".into(), earlier: Span { line: 1, col: 1 }, span: Span { line: 5, col: 1 } },
            ]
        );
        assert_eq!(untyped(&s.docs[0].root).get("a"), Some(&Value::Int(3)));
    }

    #[test]
    fn bad_quantity_is_refused() {
        let e = dec("spec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        cpu: lots\n", "Pod").unwrap_err();
        assert!(matches!(e, DecodeError::BadRequest { ref message, .. } if message.starts_with("quantities must match")));
    }

    #[test]
    fn secret_data_is_base64_as_go_reads_it() {
        let v = dec("data:\n  password: aHVudGVyMg==\n", "Secret").unwrap();
        assert_eq!(v.get("data").unwrap().get("password").and_then(Value::as_str), Some("aHVudGVyMg=="));
        let e = dec("data:\n  password: hunter2\n", "Secret").unwrap_err();
        assert_eq!(e, DecodeError::BadRequest { message: "illegal base64 data at input byte 4".into(), span: Span { line: 2, col: 13 } });
        let e = dec("data:\n  n: 1234\n", "Secret").unwrap_err();
        assert!(
            matches!(e, DecodeError::BadRequest { ref message, .. } if message == "json: cannot unmarshal number into Go struct field Secret.data of type []uint8"),
            "{e:?}"
        );
        let e = dec("binaryData: [a]\n", "ConfigMap").unwrap_err();
        assert!(
            matches!(e, DecodeError::BadRequest { ref message, .. } if message == "json: cannot unmarshal array into Go struct field ConfigMap.binaryData of type map[string][]uint8"),
            "{e:?}"
        );
    }
}
