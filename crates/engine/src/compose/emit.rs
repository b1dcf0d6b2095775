//! kompose's YAML: keys sorted (its objects go through JSON on the way), two-space
//! indentation with sequences indented under their key (go-yaml v3's encoder with
//! `SetIndent(2)`), scalars quoted by the same rules as kubectl's output.

use crate::value::{write_yaml_string, Map, Value};
use std::fmt::Write;

pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    if let Value::Map(m) = v {
        map(m, &mut out, 0);
    }
    out
}

fn sorted(m: &Map) -> Vec<&(String, Value)> {
    let mut v: Vec<&(String, Value)> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn map(m: &Map, out: &mut String, indent: usize) {
    for (k, v) in sorted(m) {
        pad(out, indent);
        write_yaml_string(k, out, 0, false);
        after_key(v, out, indent);
    }
}

fn after_key(v: &Value, out: &mut String, indent: usize) {
    match v {
        Value::Map(m) if !m.is_empty() => {
            out.push_str(":\n");
            map(m, out, indent + 2);
        }
        Value::Seq(s) if !s.is_empty() => {
            out.push_str(":\n");
            seq(s, out, indent + 2);
        }
        other => {
            out.push_str(": ");
            scalar(other, out, indent + 2);
            out.push('\n');
        }
    }
}

fn seq(s: &[Value], out: &mut String, indent: usize) {
    for item in s {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Value::Map(m) if !m.is_empty() => {
                for (i, (k, v)) in sorted(m).into_iter().enumerate() {
                    if i > 0 {
                        pad(out, indent + 2);
                    }
                    write_yaml_string(k, out, 0, false);
                    after_key(v, out, indent + 2);
                }
            }
            Value::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                seq(inner, out, indent + 2);
            }
            other => {
                scalar(other, out, indent + 2);
                out.push('\n');
            }
        }
    }
}

fn scalar(v: &Value, out: &mut String, indent: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Value::Str(s) => write_yaml_string(s, out, indent, true),
        Value::Seq(_) => out.push_str("[]"),
        Value::Map(_) => out.push_str("{}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pairs: Vec<(&str, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    #[test]
    fn sequences_sit_two_columns_in_from_their_key() {
        let v = m(vec![(
            "spec",
            m(vec![(
                "containers",
                Value::Seq(vec![m(vec![
                    ("name", Value::str("web")),
                    ("env", Value::Seq(vec![m(vec![("name", Value::str("A")), ("value", Value::str("1"))])])),
                ])]),
            )]),
        )]);
        assert_eq!(to_yaml(&v), "spec:\n  containers:\n    - env:\n        - name: A\n          value: \"1\"\n      name: web\n");
    }
}
