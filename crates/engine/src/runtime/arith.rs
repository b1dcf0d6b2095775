//! The shell's arithmetic expansion, `$((EXPR))`, as busybox ash and dash evaluate it:
//! signed 64-bit integers that wrap, decimal literals, variables by name (unset or empty
//! is 0), `+ - * / %`, unary `- + ! ~`, comparisons, `&& ||`, parentheses, and the
//! assignments `= += -= *= /= %=` and `++`/`--` on a name.

/// Nesting beyond this is refused rather than followed (the page's stack is small).
const MAX_DEPTH: usize = 64;

/// Evaluates `expr`; `get` reads a variable, `set` writes one.
pub fn eval(expr: &str, get: &dyn Fn(&str) -> String, set: &mut dyn FnMut(&str, i64)) -> Result<i64, String> {
    let tokens = lex(expr)?;
    let mut p = Parser { tokens, at: 0, get, set, depth: 0 };
    if p.tokens.is_empty() {
        return Ok(0);
    }
    let v = p.assignment()?;
    match p.tokens.get(p.at) {
        None => Ok(v),
        Some(t) => Err(format!("arithmetic syntax error: unexpected '{}'", t.text())),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(i64),
    Name(String),
    Op(&'static str),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Num(n) => n.to_string(),
            Tok::Name(n) => n.clone(),
            Tok::Op(o) => (*o).to_string(),
        }
    }
}

/// Longest first, so `<=` is not read as `<` then `=`.
const OPS: [&str; 27] = [
    "+=", "-=", "*=", "/=", "%=", "++", "--", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "(", ")", "<", ">", "!", "~",
    "=", "?", ":",
];

fn lex(expr: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let b = expr.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let text = &expr[start..i];
            let n = text.parse::<i64>().map_err(|_| format!("arithmetic syntax error: '{text}'"))?;
            out.push(Tok::Num(n));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(Tok::Name(expr[start..i].to_string()));
        } else if c == b'$' {
            // `$i` inside `$(( ))` is the variable, as `i` is.
            i += 1;
        } else {
            let op = OPS.iter().find(|o| expr[i..].starts_with(**o)).ok_or_else(|| {
                let ch = expr[i..].chars().next().unwrap_or(' ');
                format!("arithmetic syntax error: '{ch}'")
            })?;
            out.push(Tok::Op(op));
            i += op.len();
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<Tok>,
    at: usize,
    get: &'a dyn Fn(&str) -> String,
    set: &'a mut dyn FnMut(&str, i64),
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn var(&self, name: &str) -> Result<i64, String> {
        let v = (self.get)(name);
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        v.parse::<i64>().map_err(|_| format!("arithmetic syntax error: '{v}'"))
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("arithmetic expression nested too deeply".into());
        }
        Ok(())
    }

    fn assignment(&mut self) -> Result<i64, String> {
        self.enter()?;
        let r = self.assignment_inner();
        self.depth -= 1;
        r
    }

    fn assignment_inner(&mut self) -> Result<i64, String> {
        if let (Some(Tok::Name(name)), Some(Tok::Op(op))) = (self.tokens.get(self.at).cloned(), self.tokens.get(self.at + 1).cloned()) {
            if matches!(op, "=" | "+=" | "-=" | "*=" | "/=" | "%=") {
                self.at += 2;
                let rhs = self.assignment()?;
                let v = match op {
                    "=" => rhs,
                    _ => binary(&op[..1], self.var(&name)?, rhs)?,
                };
                (self.set)(&name, v);
                return Ok(v);
            }
        }
        self.ternary()
    }

    fn ternary(&mut self) -> Result<i64, String> {
        let c = self.binary(0)?;
        if !self.eat("?") {
            return Ok(c);
        }
        let a = self.assignment()?;
        if !self.eat(":") {
            return Err("arithmetic syntax error: expected ':'".into());
        }
        let b = self.assignment()?;
        Ok(if c != 0 { a } else { b })
    }

    /// Binary operators by precedence, lowest first.
    fn binary(&mut self, level: usize) -> Result<i64, String> {
        const LEVELS: [&[&str]; 6] = [&["||"], &["&&"], &["==", "!="], &["<", ">", "<=", ">="], &["+", "-"], &["*", "/", "%"]];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        while let Some(Tok::Op(op)) = self.peek().cloned() {
            if !LEVELS[level].contains(&op) {
                break;
            }
            self.at += 1;
            // `&&` and `||` still read their right side, as a parse does.
            let right = self.binary(level + 1)?;
            left = binary(op, left, right)?;
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.enter()?;
        let r = self.unary_inner();
        self.depth -= 1;
        r
    }

    fn unary_inner(&mut self) -> Result<i64, String> {
        match self.peek().cloned() {
            Some(Tok::Op(op @ ("++" | "--"))) => {
                self.at += 1;
                let Some(Tok::Name(name)) = self.peek().cloned() else { return Err(format!("arithmetic syntax error: '{op}'")) };
                self.at += 1;
                let v = if op == "++" { self.var(&name)?.wrapping_add(1) } else { self.var(&name)?.wrapping_sub(1) };
                (self.set)(&name, v);
                Ok(v)
            }
            Some(Tok::Op("-")) => {
                self.at += 1;
                Ok(self.unary()?.wrapping_neg())
            }
            Some(Tok::Op("+")) => {
                self.at += 1;
                self.unary()
            }
            Some(Tok::Op("!")) => {
                self.at += 1;
                Ok(i64::from(self.unary()? == 0))
            }
            Some(Tok::Op("~")) => {
                self.at += 1;
                Ok(!self.unary()?)
            }
            Some(Tok::Op("(")) => {
                self.at += 1;
                let v = self.assignment()?;
                if !self.eat(")") {
                    return Err("arithmetic syntax error: missing ')'".into());
                }
                Ok(v)
            }
            Some(Tok::Num(n)) => {
                self.at += 1;
                Ok(n)
            }
            Some(Tok::Name(name)) => {
                self.at += 1;
                let v = self.var(&name)?;
                match self.peek() {
                    Some(Tok::Op("++")) => {
                        self.at += 1;
                        (self.set)(&name, v.wrapping_add(1));
                    }
                    Some(Tok::Op("--")) => {
                        self.at += 1;
                        (self.set)(&name, v.wrapping_sub(1));
                    }
                    _ => {}
                }
                Ok(v)
            }
            Some(t) => Err(format!("arithmetic syntax error: unexpected '{}'", t.text())),
            None => Err("arithmetic syntax error: missing operand".into()),
        }
    }
}

fn binary(op: &str, a: i64, b: i64) -> Result<i64, String> {
    Ok(match op {
        "+" => a.wrapping_add(b),
        "-" => a.wrapping_sub(b),
        "*" => a.wrapping_mul(b),
        "/" | "%" if b == 0 => return Err("divide by zero".into()),
        "/" => a.wrapping_div(b),
        "%" => a.wrapping_rem(b),
        "<" => i64::from(a < b),
        ">" => i64::from(a > b),
        "<=" => i64::from(a <= b),
        ">=" => i64::from(a >= b),
        "==" => i64::from(a == b),
        "!=" => i64::from(a != b),
        "&&" => i64::from(a != 0 && b != 0),
        "||" => i64::from(a != 0 || b != 0),
        _ => return Err(format!("arithmetic syntax error: '{op}'")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn run(expr: &str, vars: &[(&str, &str)]) -> (Result<i64, String>, Vec<(String, i64)>) {
        let vars: Vec<(String, String)> = vars.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let set_calls = RefCell::new(Vec::new());
        let get = |n: &str| vars.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default();
        let mut set = |n: &str, v: i64| set_calls.borrow_mut().push((n.to_string(), v));
        let r = eval(expr, &get, &mut set);
        (r, set_calls.into_inner())
    }

    #[test]
    fn arithmetic_as_the_shell_does_it() {
        assert_eq!(run("i+1", &[("i", "41")]).0, Ok(42));
        assert_eq!(run("$i * 2", &[("i", "21")]).0, Ok(42));
        assert_eq!(run("unset + 1", &[]).0, Ok(1));
        assert_eq!(run("(1 + 2) * 3 - 4 / 2 % 3", &[]).0, Ok(7));
        assert_eq!(run("-3 / 2", &[]).0, Ok(-1));
        assert_eq!(run("7 % -3", &[]).0, Ok(1));
        assert_eq!(run("1 < 2 && 2 <= 2 || 0", &[]).0, Ok(1));
        assert_eq!(run("!0 + ~0", &[]).0, Ok(0));
        assert_eq!(run("i > 3 ? 10 : 20", &[("i", "5")]).0, Ok(10));
        assert_eq!(run("", &[]).0, Ok(0));
        assert_eq!(run("9223372036854775807 + 1", &[]).0, Ok(i64::MIN));
        assert_eq!(run("-9223372036854775807 - 1", &[]).0.map(|v| v.wrapping_div(-1)), Ok(i64::MIN));
    }

    #[test]
    fn assignments_and_increments_write_the_variable() {
        assert_eq!(run("i=i+1", &[("i", "1")]), (Ok(2), vec![("i".into(), 2)]));
        assert_eq!(run("i += 5", &[("i", "1")]), (Ok(6), vec![("i".into(), 6)]));
        assert_eq!(run("i++", &[("i", "1")]), (Ok(1), vec![("i".into(), 2)]));
        assert_eq!(run("++i", &[("i", "1")]), (Ok(2), vec![("i".into(), 2)]));
        assert_eq!(run("i--", &[]), (Ok(0), vec![("i".into(), -1)]));
    }

    #[test]
    fn bad_expressions_are_errors_not_panics() {
        assert_eq!(run("1 / 0", &[]).0, Err("divide by zero".into()));
        assert_eq!(run("5 % 0", &[]).0, Err("divide by zero".into()));
        assert!(run("1 +", &[]).0.is_err());
        assert!(run("(1", &[]).0.is_err());
        assert!(run("1 2", &[]).0.is_err());
        assert!(run("x", &[("x", "abc")]).0.is_err());
        assert!(run("99999999999999999999", &[]).0.is_err());
        assert!(run("1 @ 2", &[]).0.is_err());
        assert!(run(&"(".repeat(10_000), &[]).0.is_err());
        assert!(run(&"-".repeat(10_000), &[]).0.is_err());
        assert_eq!(run("i=j=3", &[]).0, Ok(3));
    }
}
