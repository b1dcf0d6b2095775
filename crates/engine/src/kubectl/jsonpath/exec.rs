//! client-go's JSONPath execution (util/jsonpath/jsonpath.go) over the JSON form of an
//! object, as kubectl hands it over (`map[string]interface{}` with int64 and float64
//! numbers). Ranges work as there: `{range}` and `{end}` are plain actions, and a
//! counter of open ranges decides where each loop body stops.
//!
//! Go visits a map's keys in random order for `*` and `..`; here they come sorted,
//! the order kubectl's JSON shows them in.

use super::compare;
use super::parser::{Node, Param};
use crate::value::Value;

/// An error and the values the failing step handed back with it: an existence filter
/// (`[?(@.x)]`) looks only at those and ignores the error.
pub struct Failed {
    pub partial: Vec<Value>,
    pub msg: String,
}

type Walk = Result<Vec<Value>, Failed>;

fn fail(partial: Vec<Value>, msg: impl Into<String>) -> Failed {
    Failed { partial, msg: msg.into() }
}

pub struct JsonPath<'n> {
    nodes: &'n [Node],
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    last_end: Option<usize>,
    allow_missing_keys: bool,
}

impl<'n> JsonPath<'n> {
    pub fn new(nodes: &'n [Node], allow_missing_keys: bool) -> Self {
        JsonPath { nodes, begin_range: 0, in_range: 0, end_range: 0, last_end: None, allow_missing_keys }
    }

    /// `Execute`: every result set printed, or the first error.
    pub fn execute(&mut self, data: &Value) -> Result<String, String> {
        let results = self.find_results(data.clone(), 0)?;
        let mut out = String::new();
        for set in &results {
            print_results(set, &mut out);
        }
        Ok(out)
    }

    /// `FindResults`: the values of each action from `start` on, a range's body once
    /// per value it yields.
    pub fn find_results(&mut self, data: Value, start: usize) -> Result<Vec<Vec<Value>>, String> {
        let cur = vec![data];
        let mut full = Vec::new();
        let mut i = start;
        while i < self.nodes.len() {
            let results = self.walk(&cur, &self.nodes[i]).map_err(|f| f.msg)?;
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    // Walked once on nothing, so the position still reaches the {end}.
                    self.find_results(Value::Null, i + 1)?;
                } else {
                    for value in results {
                        full.extend(self.find_results(value, i + 1)?);
                    }
                }
                self.in_range -= 1;
                if let Some(end) = self.last_end.filter(|e| *e > i) {
                    i = end;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk(&mut self, input: &[Value], node: &Node) -> Walk {
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(t) => Ok(vec![Value::Str(t.clone())]),
            Node::Field(name) => self.eval_field(input, name),
            Node::Array(params) => eval_array(input, params),
            Node::Filter(left, right, op) => self.eval_filter(input, left, right, op),
            Node::Int(n) => Ok(vec![Value::Int(*n); input.len()]),
            Node::Float(f) => Ok(vec![Value::Float(*f); input.len()]),
            Node::Bool(b) => Ok(vec![Value::Bool(*b); input.len()]),
            Node::Wildcard => Ok(input.iter().flat_map(children).collect()),
            Node::Recursive => Ok(eval_recursive(input)),
            Node::Union(lists) => {
                let mut result = Vec::new();
                for list in lists {
                    match self.eval_list(input, list) {
                        Ok(found) => result.extend(found),
                        Err(f) => return Err(fail(input.to_vec(), f.msg)),
                    }
                }
                Ok(result)
            }
            Node::Identifier(name) => match name.as_str() {
                "range" => {
                    self.begin_range += 1;
                    Ok(input.to_vec())
                }
                "end" if self.in_range > 0 => {
                    self.end_range += 1;
                    Ok(Vec::new())
                }
                "end" => Err(fail(Vec::new(), "not in range, nothing to end")),
                other => Err(fail(input.to_vec(), format!("unrecognized identifier {other}"))),
            },
        }
    }

    fn eval_list(&mut self, input: &[Value], nodes: &[Node]) -> Walk {
        let mut cur = input.to_vec();
        for node in nodes {
            cur = self.walk(&cur, node)?;
        }
        Ok(cur)
    }

    fn eval_field(&self, input: &[Value], name: &str) -> Walk {
        if input.is_empty() {
            return Ok(Vec::new());
        }
        let results: Vec<Value> = input.iter().filter_map(|v| v.get(name)).cloned().collect();
        if results.is_empty() && !self.allow_missing_keys {
            return Err(fail(results, format!("{name} is not found")));
        }
        Ok(results)
    }

    fn eval_filter(&mut self, input: &[Value], left: &[Node], right: &[Node], op: &str) -> Walk {
        let mut results = Vec::new();
        for value in input {
            let Value::Seq(items) = value else {
                let shown = super::gofmt::sprint(value);
                return Err(fail(input.to_vec(), format!("{shown} is not array or slice and cannot be filtered")));
            };
            for item in items {
                let temp = std::slice::from_ref(item);
                let lefts = self.eval_list(temp, left);
                if op == "exists" {
                    let found = match lefts {
                        Ok(v) => v,
                        Err(f) => f.partial,
                    };
                    if !found.is_empty() {
                        results.push(item.clone());
                    }
                    continue;
                }
                let lefts = lefts.map_err(|f| fail(input.to_vec(), f.msg))?;
                match lefts.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err(fail(input.to_vec(), "can only compare one element at a time")),
                }
                let rights = self.eval_list(temp, right).map_err(|f| fail(input.to_vec(), f.msg))?;
                match rights.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err(fail(input.to_vec(), "can only compare one element at a time")),
                }
                let (l, r) = (&lefts[0], &rights[0]);
                let pass = match op {
                    "<" => compare::less(l, r),
                    ">" => compare::greater(l, r),
                    "==" => compare::equal(l, r),
                    "!=" => compare::equal(l, r).map(|e| !e),
                    "<=" => compare::less_equal(l, r),
                    ">=" => compare::less(l, r).map(|lt| !lt),
                    other => return Err(fail(results, format!("unrecognized filter operator {other}"))),
                };
                match pass {
                    Ok(true) => results.push(item.clone()),
                    Ok(false) => {}
                    Err(e) => return Err(fail(results, e)),
                }
            }
        }
        Ok(results)
    }
}

/// `[start:end:step]` with client-go's bounds: negatives count from the end, a slice
/// asking for nothing is allowed, anything else outside the list is an error.
fn eval_array(input: &[Value], node: &[Param; 3]) -> Walk {
    let mut result = Vec::new();
    for value in input {
        let items = match value {
            Value::Null => continue,
            Value::Seq(items) => items,
            other => return Err(fail(input.to_vec(), format!("{} is not array or slice", go_type(other)))),
        };
        let len = items.len() as i64;
        let mut params = *node;
        if !params[0].known {
            params[0].value = 0;
        }
        if params[0].value < 0 {
            params[0].value = params[0].value.wrapping_add(len);
        }
        if !params[1].known {
            params[1].value = len;
        }
        if params[1].value < 0 || (params[1].value == 0 && params[1].derived) {
            params[1].value = params[1].value.wrapping_add(len);
        }
        let (start, end) = (params[0].value, params[1].value);
        if start == end {
            return Ok(result);
        }
        if start >= len || start < 0 {
            return Err(fail(input.to_vec(), format!("array index out of bounds: index {start}, length {len}")));
        }
        if end > len || end < 0 {
            return Err(fail(input.to_vec(), format!("array index out of bounds: index {}, length {len}", end.wrapping_sub(1))));
        }
        if start > end {
            return Err(fail(input.to_vec(), format!("starting index {start} is greater than ending index {end}")));
        }
        let step = if params[2].known {
            if params[2].value <= 0 {
                return Err(fail(input.to_vec(), "step must be > 0"));
            }
            params[2].value as usize
        } else {
            1
        };
        result.extend(items[start as usize..end as usize].iter().step_by(step).cloned());
    }
    Ok(result)
}

/// What `*` yields of a value: a map's values, a list's items, a string's bytes.
fn children(v: &Value) -> Vec<Value> {
    match v {
        Value::Map(m) => {
            let mut pairs: Vec<&(String, Value)> = m.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            pairs.into_iter().map(|(_, x)| x.clone()).collect()
        }
        Value::Seq(items) => items.clone(),
        Value::Str(s) => s.bytes().map(|b| Value::Int(b.into())).collect(),
        _ => Vec::new(),
    }
}

/// `..`: every value that has children, before its descendants.
fn eval_recursive(input: &[Value]) -> Vec<Value> {
    let mut result = Vec::new();
    for value in input {
        let kids = children(value);
        if !kids.is_empty() {
            result.push(value.clone());
            result.extend(eval_recursive(&kids));
        }
    }
    result
}

/// `reflect.Type` names of decoded JSON values, for "is not array or slice".
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "interface {}",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::Seq(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

/// `PrintResults`: one action's values, space-separated; maps and lists as compact
/// JSON, the rest as `fmt.Print` shows them (null as `null`).
fn print_results(results: &[Value], out: &mut String) {
    for (i, r) in results.iter().enumerate() {
        match r {
            Value::Map(_) | Value::Seq(_) => out.push_str(&r.to_json()),
            Value::Null => out.push_str("null"),
            other => out.push_str(&super::gofmt::sprint(other)),
        }
        if i + 1 != results.len() {
            out.push(' ');
        }
    }
}
