//! Go values as a template sees them and Go's `fmt` printing of them: `%v` (maps as
//! `map[k:v]` in key order, slices as `[a b]`, float64 as `%g` with Go's exponent rule)
//! and `printf`'s verbs with their `%!d(float64=3)` complaints.

use crate::value::Value;

/// A value in a template: JSON decoded into `interface{}`, plus the template's own
/// integer literals and a missing value.
#[derive(Clone, Debug, PartialEq)]
pub enum G {
    /// No value: a missing key, printed `<no value>`.
    Missing,
    /// JSON null inside a list or map, printed `<nil>`.
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<G>),
    /// Keys sorted, as Go prints and ranges a map.
    Map(Vec<(String, G)>),
}

impl From<&Value> for G {
    fn from(v: &Value) -> G {
        match v {
            Value::Null => G::Nil,
            Value::Bool(b) => G::Bool(*b),
            // JSON numbers decode as float64.
            Value::Int(i) => G::Float(*i as f64),
            Value::Float(f) => G::Float(*f),
            Value::Str(s) => G::Str(s.clone()),
            Value::Seq(items) => G::Seq(items.iter().map(G::from).collect()),
            Value::Map(m) => {
                let mut pairs: Vec<(String, G)> = m.iter().map(|(k, x)| (k.clone(), G::from(x))).collect();
                pairs.sort_by(|a, b| a.0.cmp(&b.0));
                G::Map(pairs)
            }
        }
    }
}

impl G {
    /// Go's `truth`: false, zero, empty and nil are false.
    pub fn truthy(&self) -> bool {
        match self {
            G::Missing | G::Nil => false,
            G::Bool(b) => *b,
            G::Int(i) => *i != 0,
            G::Float(f) => *f != 0.0,
            G::Str(s) => !s.is_empty(),
            G::Seq(s) => !s.is_empty(),
            G::Map(m) => !m.is_empty(),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            G::Missing | G::Nil => "<nil>",
            G::Bool(_) => "bool",
            G::Int(_) => "int",
            G::Float(_) => "float64",
            G::Str(_) => "string",
            G::Seq(_) => "[]interface {}",
            G::Map(_) => "map[string]interface {}",
        }
    }
}

/// What `{{pipeline}}` prints.
pub fn print_value(v: &G) -> String {
    match v {
        G::Missing => "<no value>".into(),
        other => plain(other),
    }
}

/// `%v`.
pub fn plain(v: &G) -> String {
    match v {
        G::Missing | G::Nil => "<nil>".into(),
        G::Bool(b) => b.to_string(),
        G::Int(i) => i.to_string(),
        G::Float(f) => float_g(*f),
        G::Str(s) => s.clone(),
        G::Seq(items) => format!("[{}]", items.iter().map(plain).collect::<Vec<_>>().join(" ")),
        G::Map(m) => format!("map[{}]", m.iter().map(|(k, x)| format!("{k}:{}", plain(x))).collect::<Vec<_>>().join(" ")),
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits, in exponent form when
/// the exponent is below -4 or at least 6 (hence `1e+06`).
pub fn float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("exponent");
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    format!("{f}")
}

/// `fmt.Sprintf` for the verbs templates use.
pub fn sprintf(format: &str, args: &[G]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut minus = false;
        let mut zero = false;
        let mut plus = false;
        while i < chars.len() && matches!(chars[i], '-' | '0' | '+' | ' ' | '#') {
            match chars[i] {
                '-' => minus = true,
                '0' => zero = true,
                '+' => plus = true,
                _ => {}
            }
            i += 1;
        }
        let mut width = None;
        while i < chars.len() && chars[i].is_ascii_digit() {
            width = Some(width.unwrap_or(0) * 10 + chars[i].to_digit(10).expect("digit") as usize);
            i += 1;
        }
        let mut prec = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = 0;
            while i < chars.len() && chars[i].is_ascii_digit() {
                p = p * 10 + chars[i].to_digit(10).expect("digit") as usize;
                i += 1;
            }
            prec = Some(p);
        }
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        let body = match (verb, arg) {
            ('v', _) => plain(arg),
            ('s', G::Str(s)) => match prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.clone(),
            },
            ('q', G::Str(s)) => crate::model::validation::go_quote(s),
            ('d', G::Int(n)) => {
                if plus && *n >= 0 {
                    format!("+{n}")
                } else {
                    n.to_string()
                }
            }
            ('x', G::Int(n)) => format!("{n:x}"),
            ('x', G::Str(s)) => s.bytes().map(|b| format!("{b:02x}")).collect(),
            ('t', G::Bool(b)) => b.to_string(),
            ('f' | 'F', G::Float(f)) => format!("{f:.*}", prec.unwrap_or(6)),
            ('e', G::Float(f)) => {
                let s = format!("{f:.*e}", prec.unwrap_or(6));
                let (m, e) = s.split_once('e').expect("exponent");
                let e: i32 = e.parse().expect("exponent");
                format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
            }
            ('g', G::Float(f)) => float_g(*f),
            ('s', G::Seq(_) | G::Map(_)) => plain(arg),
            (_, G::Missing | G::Nil) => format!("%!{verb}(<nil>)"),
            (_, other) => format!("%!{verb}({}={})", other.type_name(), plain(other)),
        };
        out.push_str(&pad(body, width, minus, zero && !minus && !matches!(arg, G::Str(_))));
    }
    if next < args.len() {
        let extra: Vec<String> = args[next..]
            .iter()
            .map(|a| match a {
                G::Missing | G::Nil => "<nil>".to_string(),
                other => format!("{}={}", other.type_name(), plain(other)),
            })
            .collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

fn pad(body: String, width: Option<usize>, left: bool, zero: bool) -> String {
    let Some(w) = width else { return body };
    let len = body.chars().count();
    if len >= w {
        return body;
    }
    let fill = w - len;
    if left {
        format!("{body}{}", " ".repeat(fill))
    } else if zero {
        match body.strip_prefix('-') {
            Some(rest) => format!("-{}{rest}", "0".repeat(fill)),
            None => format!("{}{body}", "0".repeat(fill)),
        }
    } else {
        format!("{}{body}", " ".repeat(fill))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_go_prints_them() {
        assert_eq!(float_g(3.0), "3");
        assert_eq!(float_g(100000.0), "100000");
        assert_eq!(float_g(1000000.0), "1e+06");
        assert_eq!(float_g(1.5), "1.5");
        assert_eq!(float_g(0.00001), "1e-05");
    }

    #[test]
    fn printf_complains_as_go_does() {
        assert_eq!(sprintf("%d", &[G::Float(3.0)]), "%!d(float64=3)");
        assert_eq!(sprintf("%s-%s", &[G::Str("a".into())]), "a-%!s(MISSING)");
        assert_eq!(sprintf("%-6s|%3d|%05.1f", &[G::Str("ab".into()), G::Int(7), G::Float(2.375)]), "ab    |  7|002.4");
        assert_eq!(sprintf("x", &[G::Int(1)]), "x%!(EXTRA int=1)");
        assert_eq!(plain(&G::Map(vec![("a".into(), G::Seq(vec![G::Float(1.0), G::Str("b".into())]))])), "map[a:[1 b]]");
    }
}
