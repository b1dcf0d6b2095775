//! kompose's YAML: keys sorted (its objects go through JSON on the way), two-space
//! indentation with sequences indented under their key (go-yaml v3's encoder with
//! `SetIndent(2)`), scalars quoted by the same rules as kubectl's output.

use crate::value::Value;

pub fn to_yaml(v: &Value) -> String {
    if matches!(v, Value::Map(_)) {
        v.to_yaml_seq_indent(2)
    } else {
        String::new()
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
