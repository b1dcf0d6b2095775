//! A JSON-like value: what an API object looks like on the wire. Objects are stored as
//! typed structs for speed and turned into a `Value` only to be printed
//! (`kubectl get -o yaml|json`) or to keep fields the simulation does not act on.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Value>),
    Map(Map),
}

/// An object's fields in insertion order. Printing sorts them, as kubectl does (its
/// YAML and JSON both come from a `map[string]interface{}`).
pub type Map = Vec<(String, Value)>;

impl Value {
    /// The value with every map's keys in order: what the API compares is an object's
    /// JSON, whose keys are a struct's fields, not the order a text wrote them in.
    pub fn sorted(&self) -> Value {
        match self {
            Value::Map(m) => {
                let mut m: Vec<(String, Value)> = m.iter().map(|(k, x)| (k.clone(), x.sorted())).collect();
                m.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Map(m)
            }
            Value::Seq(items) => Value::Seq(items.iter().map(Value::sorted).collect()),
            other => other.clone(),
        }
    }

    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        match self {
            Value::Map(m) => m.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> &[Value] {
        match self {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Sets `key` in a map, replacing an existing entry in place.
    pub fn set(&mut self, key: &str, v: Value) {
        if let Value::Map(m) = self {
            if let Some(slot) = m.iter_mut().find(|(k, _)| k == key) {
                slot.1 = v;
            } else {
                m.push((key.to_string(), v));
            }
        }
    }

    /// Whether `self` and `other` are equal once the entry at `path` is removed from both:
    /// `remove` on two copies, compared in place (`EqualIgnoreHash`: a Deployment compares
    /// its template with each ReplicaSet's, hash label aside, on every sync).
    pub fn eq_without(&self, other: &Value, path: &[&str]) -> bool {
        let (Value::Map(a), Value::Map(b), Some((first, rest))) = (self, other, path.split_first()) else { return self == other };
        /// The entries, each with whether it is the one on the path (only the first entry of
        /// a key is what `get_mut` and `remove` reach), the removed one left out.
        fn kept<'a>(m: &'a Map, key: &'a str, removed: bool) -> impl Iterator<Item = (bool, &'a (String, Value))> + 'a {
            let at = m.iter().position(|(k, _)| k == key);
            m.iter().enumerate().filter(move |&(i, _)| !(removed && Some(i) == at)).map(move |(i, kv)| (Some(i) == at, kv))
        }
        let (mut xs, mut ys) = (kept(a, first, rest.is_empty()), kept(b, first, rest.is_empty()));
        loop {
            match (xs.next(), ys.next()) {
                (None, None) => return true,
                (Some((at_a, (ka, va))), Some((at_b, (kb, vb)))) => {
                    let same = ka == kb && if at_a && at_b { va.eq_without(vb, rest) } else { at_a == at_b && va == vb };
                    if !same {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        if let Value::Map(m) = self {
            if let Some(i) = m.iter().position(|(k, _)| k == key) {
                return Some(m.remove(i).1);
            }
        }
        None
    }

    /// The map under `key`, created if absent.
    pub fn entry_map(&mut self, key: &str) -> &mut Value {
        if self.get(key).map(|v| !matches!(v, Value::Map(_))).unwrap_or(true) {
            self.set(key, Value::Map(Vec::new()));
        }
        self.get_mut(key).expect("just inserted")
    }

    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_json(self, &mut out, None, 0);
        out
    }

    /// `kubectl get -o json`: four-space indent, sorted keys.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        write_json(self, &mut out, Some(4), 0);
        out.push('\n');
        out
    }

    /// `kubectl get -o yaml`: go-yaml's block style, sorted keys, sequences not indented
    /// under their key.
    pub fn to_yaml(&self) -> String {
        self.to_yaml_seq_indent(0)
    }

    /// The same with sequences indented `seq_indent` columns under their key (go-yaml v3's
    /// encoder with `SetIndent(2)`, as kompose writes its files).
    pub fn to_yaml_seq_indent(&self, seq_indent: usize) -> String {
        let mut out = String::new();
        match self {
            Value::Map(m) if !m.is_empty() => write_yaml_map(m, &mut out, 0, seq_indent),
            Value::Seq(s) if !s.is_empty() => write_yaml_seq(s, &mut out, 0, seq_indent),
            other => {
                write_yaml_scalar(other, &mut out, 0);
                out.push('\n');
            }
        }
        out
    }
}

fn sorted(m: &Map) -> Vec<&(String, Value)> {
    let mut v: Vec<&(String, Value)> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

pub fn json_string(s: &str, out: &mut String) {
    out.push('"');
    // Runs of bytes that need no escape are copied whole; every escaped character is
    // ASCII, so each cut falls between characters.
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            // Go's encoder escapes these so JSON can sit inside HTML safely.
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            b if b < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.push_str(escaped);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn write_json(v: &Value, out: &mut String, indent: Option<usize>, level: usize) {
    let nl = |out: &mut String, level: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', n * level));
        }
    };
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::Str(s) => json_string(s, out),
        Value::Seq(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                write_json(item, out, indent, level + 1);
            }
            nl(out, level);
            out.push(']');
        }
        Value::Map(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, item)) in sorted(m).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                nl(out, level + 1);
                json_string(k, out);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(item, out, indent, level + 1);
            }
            nl(out, level);
            out.push('}');
        }
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn write_yaml_map(m: &Map, out: &mut String, indent: usize, seq_indent: usize) {
    for (k, v) in sorted(m) {
        pad(out, indent);
        write_yaml_key(k, out);
        write_yaml_after_key(v, out, indent, seq_indent);
    }
}

fn write_yaml_after_key(v: &Value, out: &mut String, indent: usize, seq_indent: usize) {
    match v {
        Value::Map(m) if !m.is_empty() => {
            out.push_str(":\n");
            write_yaml_map(m, out, indent + 2, seq_indent);
        }
        Value::Seq(s) if !s.is_empty() => {
            out.push_str(":\n");
            write_yaml_seq(s, out, indent + seq_indent, seq_indent);
        }
        other => {
            out.push_str(": ");
            write_yaml_scalar(other, out, indent + 2);
            out.push('\n');
        }
    }
}

fn write_yaml_seq(s: &[Value], out: &mut String, indent: usize, seq_indent: usize) {
    for item in s {
        pad(out, indent);
        out.push_str("- ");
        match item {
            Value::Map(m) if !m.is_empty() => {
                for (i, (k, v)) in sorted(m).into_iter().enumerate() {
                    if i > 0 {
                        pad(out, indent + 2);
                    }
                    write_yaml_key(k, out);
                    write_yaml_after_key(v, out, indent + 2, seq_indent);
                }
            }
            Value::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                write_yaml_seq(inner, out, indent + 2, seq_indent);
            }
            other => {
                write_yaml_scalar(other, out, indent + 2);
                out.push('\n');
            }
        }
    }
}

fn write_yaml_key(k: &str, out: &mut String) {
    write_yaml_string(k, out, 0, false);
}

fn write_yaml_scalar(v: &Value, out: &mut String, indent: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::Str(s) => write_yaml_string(s, out, indent, true),
        Value::Seq(_) => out.push_str("[]"),
        Value::Map(_) => out.push_str("{}"),
    }
}

/// go-yaml's choice of style: literal block for multi-line text, plain where the text
/// would read back as the same string, double quotes where it would read back as another
/// type, single quotes where plain is not allowed.
pub(crate) fn write_yaml_string(s: &str, out: &mut String, indent: usize, allow_block: bool) {
    if plain_at_a_glance(s) {
        out.push_str(s);
        return;
    }
    if allow_block && s.contains('\n') && !s.contains('\r') && s.chars().all(|c| c == '\n' || !c.is_control()) {
        out.push('|');
        let trimmed = s.strip_suffix('\n');
        if trimmed.is_none() {
            out.push('-');
        } else if trimmed.is_some_and(|t| t.ends_with('\n')) {
            out.push('+');
        }
        if s.starts_with(' ') {
            let _ = write!(out, "{}", 2);
        }
        let body = trimmed.unwrap_or(s);
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                pad(out, indent);
                out.push_str(line);
            }
        }
        return;
    }
    write_flow_string(s, out);
}

/// A string on one line, by go-yaml's rules.
fn write_flow_string(s: &str, out: &mut String) {
    if crate::yaml::resolve_plain(s) != crate::yaml::Resolved::Str || looks_like_timestamp(s) || s.chars().any(|c| c.is_control()) {
        json_string(s, out);
        return;
    }
    if plain_allowed(s) {
        out.push_str(s);
    } else {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    }
}

/// Most strings a cluster prints (names, images, label values, reasons) start with a letter
/// and hold only letters, digits and `-._/:`: go-yaml writes them plain unless one is a
/// YAML 1.1 word (`yes`, `null`, `on`: none longer than five bytes) or ends in `:`. One pass
/// over the bytes settles those, where the general rules read the text eight times.
fn plain_at_a_glance(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 5
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1] != b':'
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'/' | b':'))
}

/// go-yaml resolves `2025-05-24` and `2025-05-24T04:48:00Z` as timestamps, so it quotes
/// such strings to keep them strings.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-`, `?` and `:` may start a plain scalar when followed by a non-space.
        let second = s.chars().nth(1);
        if !("-?:".contains(first) && second.is_some_and(|c| c != ' ')) {
            return false;
        }
    }
    !(s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains(['\t', '\n']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_is_escaped_as_go_escapes_it() {
        // Character by character, as Go's encoder writes it (HTML-safe).
        fn reference(s: &str) -> String {
            let mut out = String::from('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '<' => out.push_str("\\u003c"),
                    '>' => out.push_str("\\u003e"),
                    '&' => out.push_str("\\u0026"),
                    c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        for s in ["", "plain", "a \"quoted\" \\ path", "line\nnext\r\ttab", "\u{1}\u{1f}", "<b>&amp;</b>", "한글 ✓ 🚀", "끝\"", "\u{7f}é"]
        {
            let mut out = String::new();
            json_string(s, &mut out);
            assert_eq!(out, reference(s), "{s:?}");
        }
    }

    fn m(pairs: Vec<(&str, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    #[test]
    fn eq_without_is_remove_then_eq() {
        let doc = |labels: Vec<(&str, Value)>| {
            m(vec![("metadata", m(vec![("labels", m(labels)), ("name", Value::str("a"))])), ("spec", Value::Int(1))])
        };
        let hashed = doc(vec![("app", Value::str("web")), ("pod-template-hash", Value::str("abc"))]);
        let cases = [
            doc(vec![("app", Value::str("web"))]),
            doc(vec![("app", Value::str("api"))]),
            doc(vec![("app", Value::str("web")), ("pod-template-hash", Value::str("abc"))]),
            doc(vec![]),
            m(vec![("metadata", m(vec![("labels", m(vec![("app", Value::str("web"))]))])), ("spec", Value::Int(1))]),
            m(vec![
                ("spec", Value::Int(1)),
                ("metadata", m(vec![("labels", m(vec![("app", Value::str("web"))])), ("name", Value::str("a"))])),
            ]),
            Value::Null,
            m(vec![("metadata", Value::str("x")), ("spec", Value::Int(1))]),
        ];
        let path = ["metadata", "labels", "pod-template-hash"];
        let without = |v: &Value| {
            let mut v = v.clone();
            if let Some(labels) = v.get_mut("metadata").and_then(|m| m.get_mut("labels")) {
                labels.remove("pod-template-hash");
            }
            v
        };
        let other_hash = doc(vec![("app", Value::str("web")), ("pod-template-hash", Value::str("xyz"))]);
        let all: Vec<&Value> = cases.iter().chain([&hashed, &other_hash]).collect();
        for a in &all {
            for b in &all {
                assert_eq!(a.eq_without(b, &path), without(a) == without(b), "{a:?} vs {b:?}, hash aside");
            }
        }
        assert!(hashed.eq_without(&cases[0], &path) && hashed.eq_without(&other_hash, &path));
    }

    #[test]
    fn the_shortcut_writes_what_the_rules_write() {
        // Every string of up to four bytes from an alphabet around the shortcut's edges,
        // padded past five bytes in front and behind, and the YAML words themselves.
        let alphabet = ["a", "Z", "0", "9", "-", ".", "_", "/", ":", " ", "#", "'", "e", "x", "é"];
        let mut cases: Vec<String> =
            ["yes", "null", "Off", "TRUE", "nginx", "nginx:1.27", "kube-system", "a:", "abcdef:"].map(String::from).to_vec();
        let mut words = vec![String::new()];
        for _ in 0..4 {
            words = words.iter().flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}"))).collect();
            for w in &words {
                cases.extend([w.clone(), format!("pod{w}"), format!("{w}suffix"), format!("abcdef{w}")]);
            }
        }
        for s in cases {
            let mut out = String::new();
            write_yaml_string(&s, &mut out, 0, false);
            let mut by_the_rules = String::new();
            write_flow_string(&s, &mut by_the_rules);
            assert_eq!(out, by_the_rules, "{s:?}");
        }
    }

    #[test]
    fn yaml_sorts_keys_and_does_not_indent_sequences() {
        let v = m(vec![
            ("spec", m(vec![("containers", Value::Seq(vec![m(vec![("name", Value::str("a")), ("image", Value::str("nginx"))])]))])),
            ("apiVersion", Value::str("v1")),
        ]);
        assert_eq!(v.to_yaml(), "apiVersion: v1\nspec:\n  containers:\n  - image: nginx\n    name: a\n");
    }

    #[test]
    fn yaml_quotes_what_would_change_type() {
        let v = m(vec![
            ("a", Value::str("8080")),
            ("b", Value::str("true")),
            ("c", Value::str("")),
            ("d", Value::str("*x")),
            ("e", Value::str("a: b")),
            ("f", Value::str("plain text")),
            ("g", Value::str("2025-05-24T04:48:00Z")),
        ]);
        assert_eq!(v.to_yaml(), "a: \"8080\"\nb: \"true\"\nc: \"\"\nd: '*x'\ne: 'a: b'\nf: plain text\ng: \"2025-05-24T04:48:00Z\"\n");
    }

    #[test]
    fn yaml_writes_multiline_as_literal_block() {
        let v = m(vec![("k", m(vec![("x", Value::str("{\"a\":1}\n"))]))]);
        assert_eq!(v.to_yaml(), "k:\n  x: |\n    {\"a\":1}\n");
    }

    #[test]
    fn json_pretty_is_kubectl_shaped() {
        let v = m(vec![("kind", Value::str("Pod")), ("a", Value::Seq(vec![Value::Int(1)])), ("e", m(vec![]))]);
        assert_eq!(v.to_json_pretty(), "{\n    \"a\": [\n        1\n    ],\n    \"e\": {},\n    \"kind\": \"Pod\"\n}\n");
        assert_eq!(Value::str("<b>").to_json(), "\"\\u003cb\\u003e\"");
    }
}
