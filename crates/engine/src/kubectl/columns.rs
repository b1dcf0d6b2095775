//! `kubectl get -o custom-columns=HEADER:PATH,…` (kubectl's `CustomColumnsPrinter`): one
//! column per path, its values as Go's `fmt.Sprint` writes them, `<none>` where the path
//! finds nothing.

use super::jsonpath;
use crate::value::Value;

/// The columns of a `custom-columns=` spec, or kubectl's error for a bad one.
pub fn parse(spec: &str) -> Result<Vec<(String, String)>, String> {
    if spec.is_empty() {
        return Err("error: custom-columns format specified but no custom columns given".into());
    }
    spec.split(',')
        .map(|part| match part.split_once(':') {
            Some((h, p)) if !h.is_empty() => Ok((h.to_string(), p.to_string())),
            _ => Err(format!("error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")),
        })
        .collect()
}

/// The table for `objects`, with a header row unless `no_headers`.
pub fn print(columns: &[(String, String)], objects: &[Value], no_headers: bool) -> Result<String, String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !no_headers {
        rows.push(columns.iter().map(|(h, _)| h.clone()).collect());
    }
    for o in objects {
        let mut row = Vec::new();
        for (_, path) in columns {
            let found = jsonpath::find(path, o).map_err(|e| format!("error: {e}"))?;
            let cells: Vec<String> = found.iter().filter(|v| !v.is_null()).map(go_sprint).collect();
            row.push(if cells.is_empty() { "<none>".into() } else { cells.join(",") });
        }
        rows.push(row);
    }
    Ok(super::tabwriter::table(&rows))
}

/// `fmt.Sprint` of a decoded JSON value: maps as `map[k:v]` with sorted keys, lists as
/// `[a b]`.
fn go_sprint(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        Value::Seq(items) => format!("[{}]", items.iter().map(go_sprint).collect::<Vec<_>>().join(" ")),
        Value::Map(m) => {
            let mut pairs: Vec<&(String, Value)> = m.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            format!("map[{}]", pairs.iter().map(|(k, v)| format!("{k}:{}", go_sprint(v))).collect::<Vec<_>>().join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_read_like_kubectl() {
        let pod = crate::yaml::parse_stream(
            "metadata:\n  name: web\n  labels: {app: web, tier: a}\nspec:\n  containers:\n  - image: nginx\n  - image: redis\n",
        );
        let v = crate::model::decode::untyped(&pod.docs[0].root);
        let cols = parse("NAME:.metadata.name,IMAGES:.spec.containers[*].image,NODE:.spec.nodeName,LABELS:.metadata.labels").unwrap();
        let t = print(&cols, &[v], false).unwrap();
        assert_eq!(t, "NAME   IMAGES        NODE     LABELS\nweb    nginx,redis   <none>   map[app:web tier:a]\n");
        assert_eq!(parse("NAME").unwrap_err(), "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>");
    }
}
