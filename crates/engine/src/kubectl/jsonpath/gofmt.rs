//! How Go's fmt shows decoded JSON values in jsonpath's output and messages.

use crate::kubectl::gotemplate::fmt::float_g;
use crate::model::validation::go_quote;
use crate::value::Value;

/// `%v` (`fmt.Print`): maps as `map[k:v]` with sorted keys, lists as `[a b]`.
pub fn sprint(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_g(*f),
        Value::Str(s) => s.clone(),
        Value::Seq(items) => format!("[{}]", items.iter().map(sprint).collect::<Vec<_>>().join(" ")),
        Value::Map(m) => {
            let mut pairs: Vec<&(String, Value)> = m.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            format!("map[{}]", pairs.iter().map(|(k, x)| format!("{k}:{}", sprint(x))).collect::<Vec<_>>().join(" "))
        }
    }
}

/// `%#v` of an `interface{}` holding the value, as kubectl's jsonpath error shows the
/// object it was given.
pub fn sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_g(*f),
        Value::Str(s) => go_quote(s),
        Value::Seq(items) => format!("[]interface {{}}{{{}}}", items.iter().map(sharp_v).collect::<Vec<_>>().join(", ")),
        Value::Map(m) => {
            let mut pairs: Vec<&(String, Value)> = m.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let body: Vec<String> = pairs.iter().map(|(k, x)| format!("{}:{}", go_quote(k), sharp_v(x))).collect();
            format!("map[string]interface {{}}{{{}}}", body.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_go_prints_them() {
        let m = Value::Map(vec![("b".into(), Value::Seq(vec![Value::Int(1), Value::Null])), ("a".into(), Value::str("x\"y"))]);
        assert_eq!(sprint(&m), "map[a:x\"y b:[1 <nil>]]");
        assert_eq!(sharp_v(&m), r#"map[string]interface {}{"a":"x\"y", "b":[]interface {}{1, interface {}(nil)}}"#);
        assert_eq!(sprint(&Value::Float(2.5)), "2.5");
        assert_eq!(sprint(&Value::Float(1e6)), "1e+06");
    }
}
