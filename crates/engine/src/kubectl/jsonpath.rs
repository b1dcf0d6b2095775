//! kubectl's `-o jsonpath=TEMPLATE` for the common cases: `{.a.b}`, `{.items[0].x}`,
//! `{.items[*].metadata.name}`, `{range .items[*]}…{end}`, `{"\n"}` and literal text.

use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Field(String),
    Index(usize),
    All,
    /// `[?(@.key=="value")]`: the items whose field equals the value.
    Filter(Vec<String>, String),
}

fn parse_path(p: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let body = p.trim();
    let body = body.strip_prefix('$').unwrap_or(body);
    let mut rest = body;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end > 0 {
                steps.push(Step::Field(r[..end].to_string()));
            }
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(|| format!("unterminated array index in {p}"))?;
            let idx = &r[..end];
            if let Some(f) = idx.strip_prefix("?(@.").and_then(|f| f.strip_suffix(')')) {
                let (path, value) = f.split_once("==").ok_or_else(|| format!("unsupported filter {idx}"))?;
                steps.push(Step::Filter(path.split('.').map(String::from).collect(), value.trim_matches(['"', '\'']).to_string()));
            } else if idx == "*" {
                steps.push(Step::All);
            } else {
                steps.push(Step::Index(idx.parse().map_err(|_| format!("invalid array index {idx}"))?));
            }
            rest = &r[end + 1..];
        } else {
            return Err(format!("unrecognized character in action: {rest}"));
        }
    }
    Ok(steps)
}

fn eval<'a>(v: &'a Value, steps: &[Step], out: &mut Vec<&'a Value>) {
    let Some((first, rest)) = steps.split_first() else {
        out.push(v);
        return;
    };
    match first {
        Step::Field(f) => {
            if let Some(x) = v.get(f) {
                eval(x, rest, out);
            }
        }
        Step::Index(i) => {
            if let Some(x) = v.as_seq().get(*i) {
                eval(x, rest, out);
            }
        }
        Step::All => {
            for x in v.as_seq() {
                eval(x, rest, out);
            }
        }
        Step::Filter(path, want) => {
            for x in v.as_seq() {
                let mut cur = Some(x);
                for p in path {
                    cur = cur.and_then(|c| c.get(p));
                }
                if cur.map(text).as_deref() == Some(want.as_str()) {
                    eval(x, rest, out);
                }
            }
        }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        Value::Map(_) | Value::Seq(_) => v.to_json(),
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
    }
}

enum Node {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

fn parse_template(t: &str) -> Result<Vec<Node>, String> {
    let mut stack: Vec<(Vec<Step>, Vec<Node>)> = vec![(vec![], vec![])];
    let mut rest = t;
    while !rest.is_empty() {
        match rest.find('{') {
            None => {
                stack.last_mut().expect("root").1.push(Node::Text(rest.to_string()));
                break;
            }
            Some(i) => {
                if i > 0 {
                    stack.last_mut().expect("root").1.push(Node::Text(rest[..i].to_string()));
                }
                let end = rest[i..].find('}').ok_or("unclosed action")? + i;
                let action = rest[i + 1..end].trim();
                rest = &rest[end + 1..];
                if let Some(path) = action.strip_prefix("range ") {
                    stack.push((parse_path(path)?, vec![]));
                } else if action == "end" {
                    let (path, body) = stack.pop().ok_or("unexpected {end}")?;
                    if stack.is_empty() {
                        return Err("unexpected {end}".into());
                    }
                    stack.last_mut().expect("root").1.push(Node::Range(path, body));
                } else if let Some(lit) = action.strip_prefix('"').and_then(|a| a.strip_suffix('"')) {
                    let lit = lit.replace("\\n", "\n").replace("\\t", "\t");
                    stack.last_mut().expect("root").1.push(Node::Text(lit));
                } else {
                    stack.last_mut().expect("root").1.push(Node::Path(parse_path(action)?));
                }
            }
        }
    }
    if stack.len() != 1 {
        return Err("unclosed range".into());
    }
    Ok(stack.pop().expect("root").1)
}

fn render(nodes: &[Node], v: &Value, out: &mut String) -> Result<(), String> {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let mut found = Vec::new();
                eval(v, steps, &mut found);
                out.push_str(&found.iter().map(|x| text(x)).collect::<Vec<_>>().join(" "));
            }
            Node::Range(steps, body) => {
                let mut found = Vec::new();
                eval(v, steps, &mut found);
                for item in found {
                    render(body, item, out)?;
                }
            }
        }
    }
    Ok(())
}

/// Applies a template to a value; errors read as kubectl's do.
/// The values one path finds (`.metadata.name`, `{.spec.containers[*].image}`), as
/// custom columns read them.
pub fn find(expr: &str, v: &Value) -> Result<Vec<Value>, String> {
    let e = expr.trim();
    let e = e.strip_prefix('{').and_then(|x| x.strip_suffix('}')).unwrap_or(e);
    let steps = parse_path(e)?;
    let mut out = Vec::new();
    eval(v, &steps, &mut out);
    Ok(out.into_iter().cloned().collect())
}

pub fn apply(template: &str, v: &Value) -> Result<String, String> {
    let nodes = parse_template(template).map_err(|e| format!("error: error parsing jsonpath {template}, {e}"))?;
    let mut out = String::new();
    render(&nodes, v, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> Value {
        let node = &crate::yaml::parse_stream(
            "items:\n- metadata: {name: a}\n  spec: {replicas: 3}\n- metadata: {name: b}\n  spec: {replicas: 1}\n",
        )
        .docs[0]
            .root;
        crate::model::decode::untyped(node)
    }

    #[test]
    fn paths_ranges_and_literals() {
        assert_eq!(apply("{.items[0].spec.replicas}", &v()).unwrap(), "3");
        assert_eq!(apply("{.items[*].metadata.name}", &v()).unwrap(), "a b");
        assert_eq!(apply("{range .items[*]}{.metadata.name}={.spec.replicas}{\"\\n\"}{end}", &v()).unwrap(), "a=3\nb=1\n");
        assert!(apply("{.items[", &v()).is_err());
        assert_eq!(apply("{.items[?(@.metadata.name==\"b\")].spec.replicas}", &v()).unwrap(), "1");
    }
}
