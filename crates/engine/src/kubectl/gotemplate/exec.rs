//! Runs a parsed template over an object as Go's text/template runs it over the
//! `map[string]interface{}` kubectl decodes from JSON: every number is a float64 (so
//! `{{.spec.replicas}}` prints `3`, a million prints `1e+06`, and `printf "%d"` of one
//! prints `%!d(float64=3)`), a missing key prints `<no value>`, maps range in key order.

use super::fmt::{self, G};
use super::parse::{Arg, Cmd, Node, Pipe};
use crate::value::Value;

/// Why execution stopped, worded as Go's `ExecError`.
pub struct ExecError(pub String);

enum Flow {
    Normal,
    Break,
    Continue,
}

struct State<'a> {
    src: &'a str,
    vars: Vec<(String, G)>,
    out: String,
}

pub fn execute(src: &str, nodes: &[Node], data: &Value) -> Result<String, (String, ExecError)> {
    let root = G::from(data);
    let mut s = State { src, vars: vec![("$".into(), root.clone())], out: String::new() };
    match s.walk(nodes, &root) {
        Ok(_) => Ok(s.out),
        Err(e) => Err((s.out, e)),
    }
}

impl State<'_> {
    fn fail(&self, cmd: &Cmd, msg: impl std::fmt::Display) -> ExecError {
        let before = &self.src[..cmd.pos.min(self.src.len())];
        let line = 1 + before.matches('\n').count();
        let col = before.len() - before.rfind('\n').map_or(0, |p| p + 1);
        let mut context = cmd.text.clone();
        if context.chars().count() > 20 {
            context = format!("{}...", context.chars().take(20).collect::<String>());
        }
        ExecError(format!("template: output:{line}:{col}: executing \"output\" at <{context}>: {msg}"))
    }

    fn walk(&mut self, nodes: &[Node], dot: &G) -> Result<Flow, ExecError> {
        for n in nodes {
            match n {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipeline(p, dot)?;
                    if p.decl.is_empty() {
                        self.out.push_str(&fmt::print_value(&v));
                    }
                }
                Node::If(p, then, els) | Node::With(p, then, els) => {
                    let mark = self.vars.len();
                    let v = self.pipeline(p, dot)?;
                    let flow = if v.truthy() {
                        let inner = if matches!(n, Node::With(..)) { v } else { dot.clone() };
                        self.walk(then, &inner)?
                    } else {
                        self.walk(els, dot)?
                    };
                    self.vars.truncate(mark);
                    if !matches!(flow, Flow::Normal) {
                        return Ok(flow);
                    }
                }
                Node::Range(p, body, els) => {
                    let mark = self.vars.len();
                    let decl = p.decl.clone();
                    let bare = Pipe { decl: vec![], assign: false, cmds: p.cmds.clone() };
                    let v = self.pipeline(&bare, dot)?;
                    let items: Vec<(G, G)> = match &v {
                        G::Seq(items) => items.iter().enumerate().map(|(i, x)| (G::Int(i as i64), x.clone())).collect(),
                        G::Map(m) => m.iter().map(|(k, x)| (G::Str(k.clone()), x.clone())).collect(),
                        G::Int(n) => (0..*n).map(|i| (G::Int(i), G::Int(i))).collect(),
                        G::Missing | G::Nil => vec![],
                        other => return Err(self.fail(&p.cmds[0], format!("range can't iterate over {}", fmt::print_value(other)))),
                    };
                    if items.is_empty() {
                        self.walk(els, dot)?;
                    }
                    for (k, x) in items {
                        self.vars.truncate(mark);
                        match decl.as_slice() {
                            [e] => self.vars.push((e.clone(), x.clone())),
                            [i, e] => {
                                self.vars.push((i.clone(), k));
                                self.vars.push((e.clone(), x.clone()));
                            }
                            _ => {}
                        }
                        if let Flow::Break = self.walk(body, &x)? {
                            break;
                        }
                    }
                    self.vars.truncate(mark);
                }
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn pipeline(&mut self, p: &Pipe, dot: &G) -> Result<G, ExecError> {
        let mut last: Option<G> = None;
        for cmd in &p.cmds {
            last = Some(self.command(cmd, dot, last.take())?);
        }
        let v = last.unwrap_or(G::Missing);
        for name in &p.decl {
            if p.assign {
                if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    slot.1 = v.clone();
                }
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn var(&self, name: &str) -> G {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or(G::Missing)
    }

    fn fields(&self, cmd: &Cmd, mut v: G, fields: &[String]) -> Result<G, ExecError> {
        for f in fields {
            v = match v {
                G::Map(m) => m.iter().find(|(k, _)| k == f).map(|(_, x)| x.clone()).unwrap_or(G::Missing),
                G::Missing | G::Nil => return Err(self.fail(cmd, format!("nil pointer evaluating interface {{}}.{f}"))),
                other => return Err(self.fail(cmd, format!("can't evaluate field {f} in type {}", other.type_name()))),
            };
        }
        Ok(v)
    }

    fn arg(&mut self, cmd: &Cmd, a: &Arg, dot: &G) -> Result<G, ExecError> {
        Ok(match a {
            Arg::Dot(f) => self.fields(cmd, dot.clone(), f)?,
            Arg::Var(name, f) => self.fields(cmd, self.var(name), f)?,
            Arg::Str(s) => G::Str(s.clone()),
            Arg::Int(i) => G::Int(*i),
            Arg::Float(x) => G::Float(*x),
            Arg::Bool(b) => G::Bool(*b),
            Arg::Nil => return Err(self.fail(cmd, "nil is not a command")),
            Arg::Sub(p, f) => {
                let v = self.pipeline(p, dot)?;
                self.fields(cmd, v, f)?
            }
            Arg::Func(name) => return Err(self.fail(cmd, format!("can't give argument to non-function {name}"))),
        })
    }

    fn command(&mut self, cmd: &Cmd, dot: &G, piped: Option<G>) -> Result<G, ExecError> {
        let Some(first) = cmd.args.first() else { return Ok(G::Missing) };
        let Arg::Func(name) = first else {
            if cmd.args.len() > 1 || piped.is_some() {
                let what = match first {
                    Arg::Dot(f) if f.is_empty() => ".".to_string(),
                    _ => cmd.text.split_whitespace().next().unwrap_or("").to_string(),
                };
                return Err(self.fail(cmd, format!("can't give argument to non-function {what}")));
            }
            return self.arg(cmd, first, dot);
        };
        // `and` and `or` stop at the first argument that decides them.
        if name == "and" || name == "or" {
            let mut last = G::Missing;
            let n = cmd.args.len() - 1 + usize::from(piped.is_some());
            if n == 0 {
                return Err(self.fail(cmd, format!("wrong number of args for {name}: want at least 1 got 0")));
            }
            for a in &cmd.args[1..] {
                last = self.arg(cmd, a, dot)?;
                if last.truthy() != (name == "and") {
                    return Ok(last);
                }
            }
            if let Some(p) = piped {
                last = p;
            }
            return Ok(last);
        }
        let mut args = Vec::new();
        for a in &cmd.args[1..] {
            args.push(self.arg(cmd, a, dot)?);
        }
        if let Some(p) = piped {
            args.push(p);
        }
        super::funcs::call(name, &args).map_err(|e| self.fail(cmd, e))
    }
}
