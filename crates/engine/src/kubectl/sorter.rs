//! `kubectl get --sort-by=FIELD`, as kubectl's get/sorter.go sorts: the field read
//! through RelaxedJSONPathExpression, looked up in each object's JSON with missing keys
//! allowed, the first value found compared by `isLess` (natural order for strings,
//! quantities by value, numbers, `null` first), an object without the field first.
//!
//! Tables (kubectl's human-readable output) are sorted one by one, each twice: by the
//! RuntimeSorter of `get`'s Run, then by the SortingPrinter it prints through. The other
//! printers get one List of every object, sorted once.

use super::jsonpath::Template;
use crate::value::Value;

/// RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}`
/// (customcolumn.go's `^\{\.?([^{}]+)\}$|^\.?([^{}]+)$`).
pub fn relaxed(expr: &str) -> Result<String, String> {
    if expr.is_empty() {
        return Ok(String::new());
    }
    let body = match expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')) {
        Some(inner) if !inner.is_empty() && !inner.contains(['{', '}']) => inner,
        _ if !expr.contains(['{', '}']) => expr,
        _ => return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into()),
    };
    // The optional dot is taken only when something is left after it.
    let field = match body.strip_prefix('.') {
        Some(rest) if !rest.is_empty() => rest,
        _ => body,
    };
    Ok(format!("{{.{field}}}"))
}

/// fvbommel/sortorder's NaturalLess: digit runs compare as numbers ("pod-9" before
/// "pod-10"), the fewer leading zeros first on a tie; everything else bytewise.
pub fn natural_less(a: &str, b: &str) -> bool {
    let (s1, s2) = (a.as_bytes(), b.as_bytes());
    let (mut i1, mut i2) = (0, 0);
    while i1 < s1.len() && i2 < s2.len() {
        let (c1, c2) = (s1[i1], s2[i2]);
        let (d1, d2) = (c1.is_ascii_digit(), c2.is_ascii_digit());
        if d1 != d2 {
            return d1;
        }
        if !d1 {
            if c1 != c2 {
                return c1 < c2;
            }
            i1 += 1;
            i2 += 1;
            continue;
        }
        while i1 < s1.len() && s1[i1] == b'0' {
            i1 += 1;
        }
        while i2 < s2.len() && s2[i2] == b'0' {
            i2 += 1;
        }
        let (nz1, nz2) = (i1, i2);
        while i1 < s1.len() && s1[i1].is_ascii_digit() {
            i1 += 1;
        }
        while i2 < s2.len() && s2[i2].is_ascii_digit() {
            i2 += 1;
        }
        if i1 - nz1 != i2 - nz2 {
            return i1 - nz1 < i2 - nz2;
        }
        if s1[nz1..i1] != s2[nz2..i2] {
            return s1[nz1..i1] < s2[nz2..i2];
        }
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    s1.len() < s2.len()
}

/// `isLess` for two values of an object's JSON (`interface{}` in Go): `null` first, two
/// numbers of one type by value, two strings as quantities when both are, else in
/// natural order. Any other pair is kubectl's "unsortable" error.
pub fn is_less(a: &Value, b: &Value) -> Result<bool, String> {
    match (a, b) {
        (Value::Null, Value::Null) => Ok(false),
        (Value::Null, _) => Ok(true),
        (_, Value::Null) => Ok(false),
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::Str(x), Value::Str(y)) => match (crate::quantity::parse(x), crate::quantity::parse(y)) {
            (Some(qx), Some(qy)) => Ok(qx < qy),
            _ => Ok(natural_less(x, y)),
        },
        (Value::Bool(_), _) => Err("unsortable type: bool".into()),
        (Value::Map(_), _) => Err("unsortable type: map[string]interface {}".into()),
        (Value::Seq(_), _) => Err("unsortable type: []interface {}".into()),
        _ => Err("unsortable interface: interface".into()),
    }
}

/// The value an object sorts by: the first of the first action's, if any.
type Key = Option<Value>;

fn keys(t: &Template, objects: &[Value]) -> Result<Vec<Key>, String> {
    objects.iter().map(|o| t.find_results(o).map(|sets| sets.into_iter().next().and_then(|s| s.into_iter().next()))).collect()
}

/// Go's `sort.Sort` on `order` by `Less`: an object without the field is less than
/// anything, itself included, as RuntimeSort and TableSorter have it. Go's pdqsort
/// sorts up to twelve elements by insertion, which this is.
fn go_sort(keys: &[Key], order: &mut [usize], what: &str, field: &str) -> Result<(), String> {
    let less = |i: usize, j: usize| -> Result<bool, String> {
        match (&keys[i], &keys[j]) {
            (None, _) => Ok(true),
            (_, None) => Ok(false),
            (Some(a), Some(b)) => is_less(a, b).map_err(|e| format!("Field {field} in {what} is an unsortable type: interface, err: {e}")),
        }
    };
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && less(order[j], order[j - 1])? {
            order.swap(j, j - 1);
            j -= 1;
        }
    }
    Ok(())
}

fn not_found(field: &str) -> String {
    format!("error: couldn't find any field with path {} in the list of objects", crate::model::validation::go_quote(field))
}

/// The field a table is sorted by: relaxed, or as given when it is not a plain path
/// (`{.a}{.b}`), parsed with NewTableSorter's wording for its errors.
pub fn table_template(sort_by: &str) -> Result<(String, Template), String> {
    let field = relaxed(sort_by).unwrap_or_else(|_| sort_by.to_string());
    let t = Template::parse(&field).map_err(|e| format!("error: sorting error: {e}"))?;
    Ok((field, t))
}

/// One table's rows (their objects) in kubectl's order: NewTableSorter, whose rows must
/// show the field at least once, sorted by RuntimeSorter and again, when there is more
/// than one row, by the SortingPrinter.
pub fn sort_table(sort_by: &str, rows: &[Value]) -> Result<Vec<usize>, String> {
    let (field, t) = table_template(sort_by)?;
    let keys = keys(&t, rows).map_err(|e| {
        format!(
            "error: Failed to get values for [][]reflect.Value(nil) using {field} (&errors.errorString{{s:{}}})",
            crate::model::validation::go_quote(&e)
        )
    })?;
    if !rows.is_empty() && keys.iter().all(Option::is_none) {
        return Err(not_found(&field));
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let what = "[][][]reflect.Value";
    go_sort(&keys, &mut order, what, &field)?;
    if rows.len() > 1 {
        go_sort(&keys, &mut order, what, &field)?;
    }
    Ok(order)
}

/// The List the other printers get, in SortObjects' order; an empty List is left be.
pub fn sort_objects(sort_by: &str, objects: &[Value]) -> Result<Vec<usize>, String> {
    let mut order: Vec<usize> = (0..objects.len()).collect();
    if objects.is_empty() {
        return Ok(order);
    }
    let field = relaxed(sort_by).map_err(|e| format!("error: {e}"))?;
    let t = Template::parse(&field).map_err(|e| format!("error: {e}"))?;
    let keys = keys(&t, objects).map_err(|e| format!("error: {e}"))?;
    if keys.iter().all(Option::is_none) {
        return Err(not_found(&field));
    }
    go_sort(&keys, &mut order, "*unstructured.Unstructured", &field)?;
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    #[test]
    fn relaxed_paths_as_custom_columns_read_them() {
        for e in [".metadata.name", "metadata.name", "{.metadata.name}", "{metadata.name}"] {
            assert_eq!(relaxed(e).unwrap(), "{.metadata.name}", "{e}");
        }
        assert_eq!(relaxed(".").unwrap(), "{..}");
        assert_eq!(relaxed("{.a}{.b}").unwrap_err().split(',').next(), Some("unexpected path string"));
        assert_eq!(relaxed("").unwrap(), "");
    }

    #[test]
    fn natural_order_counts_digit_runs_as_numbers() {
        assert!(natural_less("pod-9", "pod-10"));
        assert!(!natural_less("pod-10", "pod-9"));
        assert!(natural_less("a2", "a02"));
        assert!(natural_less("ab1", "abc1"));
        assert!(natural_less("web", "web-0"));
        assert!(!natural_less("x", "x"));
        assert!(natural_less("B", "a"));
    }

    #[test]
    fn strings_compare_as_quantities_when_both_are() {
        assert_eq!(is_less(&s("5Gi"), &s("10Gi")), Ok(true));
        assert_eq!(is_less(&s("1Gi"), &s("900Mi")), Ok(false));
        assert_eq!(is_less(&s("500m"), &s("1")), Ok(true));
        // One is no quantity: natural order ("1" before "a").
        assert_eq!(is_less(&s("10Gi"), &s("abc")), Ok(true));
    }

    #[test]
    fn timestamps_sort_as_times_and_null_first() {
        assert_eq!(is_less(&s("2024-01-01T00:00:09Z"), &s("2024-01-01T00:00:10Z")), Ok(true));
        assert_eq!(is_less(&s("2024-01-01T00:01:00Z"), &s("2024-01-01T00:00:59Z")), Ok(false));
        assert_eq!(is_less(&Value::Null, &s("x")), Ok(true));
        assert_eq!(is_less(&s("x"), &Value::Null), Ok(false));
        assert_eq!(is_less(&Value::Null, &Value::Null), Ok(false));
    }

    #[test]
    fn numbers_of_one_type_and_unsortable_pairs() {
        assert_eq!(is_less(&Value::Int(2), &Value::Int(10)), Ok(true));
        assert_eq!(is_less(&Value::Float(2.5), &Value::Float(2.25)), Ok(false));
        assert_eq!(is_less(&Value::Int(2), &Value::Float(2.5)), Err("unsortable interface: interface".into()));
        assert_eq!(is_less(&Value::Bool(true), &Value::Bool(false)), Err("unsortable type: bool".into()));
        assert_eq!(is_less(&Value::Map(vec![]), &Value::Map(vec![])), Err("unsortable type: map[string]interface {}".into()));
    }

    fn obj(name: &str, restarts: Option<i64>) -> Value {
        let mut m = vec![("metadata".into(), Value::Map(vec![("name".into(), s(name))]))];
        if let Some(r) = restarts {
            m.push(("status".into(), Value::Map(vec![("restarts".into(), Value::Int(r))])));
        }
        Value::Map(m)
    }

    #[test]
    fn objects_without_the_field_come_first_and_a_field_nowhere_is_an_error() {
        let objs = [obj("a", Some(3)), obj("b", None), obj("c", Some(1)), obj("d", None)];
        // One pass (the List): the later object without the field passes the earlier one.
        assert_eq!(sort_objects(".status.restarts", &objs).unwrap(), vec![3, 1, 2, 0]);
        // Two passes (a table): the second turns them back.
        assert_eq!(sort_table(".status.restarts", &objs).unwrap(), vec![1, 3, 2, 0]);
        assert_eq!(
            sort_objects("{.status.nothing}", &objs).unwrap_err(),
            "error: couldn't find any field with path \"{.status.nothing}\" in the list of objects"
        );
        assert_eq!(sort_table("status.nothing", &objs[..1]).unwrap_err(), sort_objects(".status.nothing", &objs).unwrap_err());
        assert_eq!(sort_objects(".x", &[]).unwrap(), Vec::<usize>::new());
        assert_eq!(
            sort_table(".metadata", &objs).unwrap_err(),
            "Field {.metadata} in [][][]reflect.Value is an unsortable type: interface, err: unsortable type: map[string]interface {}"
        );
        assert!(sort_table("{.a[}", &objs).unwrap_err().starts_with("error: sorting error: "));
    }

    #[test]
    fn names_in_natural_order() {
        let objs: Vec<Value> = ["web-10", "web-9", "api", "web-1"].iter().map(|n| obj(n, None)).collect();
        assert_eq!(sort_table(".metadata.name", &objs).unwrap(), vec![2, 3, 1, 0]);
    }
}
