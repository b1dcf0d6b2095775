//! kubectl's `-l` text read as the API server reads it (apimachinery's `labels.Parse`): a
//! lexer of identifiers and operator symbols, then a descent over the tokens. The error
//! texts are the server's, word for word, because a learner's typo in a selector must get
//! the answer a real cluster gives, not "No resources found".

use super::labels::{Op, Requirement};
use super::validation::go_quote;
use super::validation::names::{label_value, qualified_name};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Error,
    End,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn keyword(s: &[u8]) -> Option<Tok> {
    Some(match s {
        b")" => Tok::ClosedPar,
        b"," => Tok::Comma,
        b"!" => Tok::DoesNotExist,
        b"==" => Tok::DoubleEquals,
        b"=" => Tok::Equals,
        b">" => Tok::GreaterThan,
        b"in" => Tok::In,
        b"<" => Tok::LessThan,
        b"!=" => Tok::NotEquals,
        b"notin" => Tok::NotIn,
        b"(" => Tok::OpenPar,
        _ => return None,
    })
}

fn special(c: u8) -> bool {
    matches!(c, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

fn space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// The lexer works on bytes, as Go's does; a literal is turned back into text lossily only
/// for messages and keys, which validation then refuses if they are not ASCII.
fn lex(s: &[u8]) -> Vec<(Tok, String)> {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < s.len() && space(s[i]) {
            i += 1;
        }
        // Go's reader returns 0 at the end, so a NUL byte in the text also ends it.
        if i >= s.len() || s[i] == 0 {
            out.push((Tok::End, String::new()));
            return out;
        }
        let start = i;
        if special(s[i]) {
            // The longest run of symbols that is still an operator, as scanSpecialSymbol
            // keeps the last token it recognised and stops at the first that breaks it.
            let mut last: Option<(Tok, usize)> = None;
            while i < s.len() && s[i] != 0 && special(s[i]) {
                i += 1;
                match keyword(&s[start..i]) {
                    Some(t) => last = Some((t, i)),
                    None if last.is_some() => {
                        i -= 1;
                        break;
                    }
                    None => {}
                }
            }
            match last {
                Some((t, end)) => {
                    i = end;
                    out.push((t, text(&s[start..end])));
                }
                None => out.push((Tok::Error, format!("error expected: keyword found '{}'", text(&s[start..i])))),
            }
        } else {
            while i < s.len() && s[i] != 0 && !special(s[i]) && !space(s[i]) {
                i += 1;
            }
            let word = &s[start..i];
            out.push((keyword(word).unwrap_or(Tok::Identifier), text(word)));
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    KeyAndOperator,
    Values,
}

struct Parser {
    items: Vec<(Tok, String)>,
    pos: usize,
}

impl Parser {
    fn tok(&self, at: usize, ctx: Ctx) -> (Tok, String) {
        let (t, lit) = self.items[at.min(self.items.len() - 1)].clone();
        // `in` and `notin` are words like any other where a value is expected.
        let t = if ctx == Ctx::Values && matches!(t, Tok::In | Tok::NotIn) { Tok::Identifier } else { t };
        (t, lit)
    }

    fn lookahead(&self, ctx: Ctx) -> (Tok, String) {
        self.tok(self.pos, ctx)
    }

    fn consume(&mut self, ctx: Ctx) -> (Tok, String) {
        self.pos += 1;
        self.tok(self.pos - 1, ctx)
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut reqs = Vec::new();
        loop {
            let (t, lit) = self.lookahead(Ctx::Values);
            match t {
                Tok::Identifier | Tok::DoesNotExist => {
                    reqs.push(self.requirement().map_err(|e| format!("unable to parse requirement: {e}"))?);
                    let (t, l) = self.consume(Ctx::Values);
                    match t {
                        Tok::End => return Ok(reqs),
                        Tok::Comma => {
                            let (t2, l2) = self.lookahead(Ctx::Values);
                            if t2 != Tok::Identifier && t2 != Tok::DoesNotExist {
                                return Err(format!("found '{l2}', expected: identifier after ','"));
                            }
                        }
                        _ => return Err(format!("found '{l}', expected: ',' or 'end of string'")),
                    }
                }
                Tok::End => return Ok(reqs),
                _ => return Err(format!("found '{lit}', expected: !, identifier, or 'end of string'")),
            }
        }
    }

    fn requirement(&mut self) -> Result<Requirement, String> {
        let (key, inferred) = self.key_and_inferred_operator()?;
        if let Some(op) = inferred {
            return new_requirement(key, op, Vec::new());
        }
        let (op, set) = self.operator()?;
        let values = if set { self.values()? } else { self.exact_value()? };
        new_requirement(key, op, values)
    }

    /// The key, and the operator when the key alone implies it (`app`, `!app`).
    fn key_and_inferred_operator(&mut self) -> Result<(String, Option<Op>), String> {
        let (mut t, mut lit) = self.consume(Ctx::Values);
        let negated = t == Tok::DoesNotExist;
        if negated {
            (t, lit) = self.consume(Ctx::Values);
        }
        if t != Tok::Identifier {
            return Err(format!("found '{lit}', expected: identifier"));
        }
        let errs = qualified_name(&lit);
        if !errs.is_empty() {
            return Err(format!("<nil>: Invalid value: {}: {}", go_quote(&lit), errs.join("; ")));
        }
        if negated {
            return Ok((lit, Some(Op::DoesNotExist)));
        }
        let (next, _) = self.lookahead(Ctx::Values);
        Ok((lit, matches!(next, Tok::End | Tok::Comma).then_some(Op::Exists)))
    }

    /// The operator, and whether it takes a set of values in parentheses.
    fn operator(&mut self) -> Result<(Op, bool), String> {
        let (t, lit) = self.consume(Ctx::KeyAndOperator);
        Ok(match t {
            Tok::In => (Op::In, true),
            Tok::NotIn => (Op::NotIn, true),
            Tok::Equals | Tok::DoubleEquals => (Op::In, false),
            Tok::NotEquals => (Op::NotIn, false),
            Tok::GreaterThan => (Op::Gt, false),
            Tok::LessThan => (Op::Lt, false),
            _ => return Err(format!("found '{lit}', expected: in, notin, =, ==, !=, gt, lt")),
        })
    }

    fn values(&mut self) -> Result<Vec<String>, String> {
        let (t, lit) = self.consume(Ctx::Values);
        if t != Tok::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (t, lit) = self.lookahead(Ctx::Values);
        match t {
            Tok::Identifier | Tok::Comma => {
                let set = self.identifiers()?;
                if self.consume(Ctx::Values).0 != Tok::ClosedPar {
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(set)
            }
            Tok::ClosedPar => {
                self.consume(Ctx::Values);
                Ok(vec![String::new()])
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    /// A comma-separated list in which empty entries are the empty value, as a sorted set.
    fn identifiers(&mut self) -> Result<Vec<String>, String> {
        let mut set = std::collections::BTreeSet::new();
        loop {
            let (t, lit) = self.consume(Ctx::Values);
            match t {
                Tok::Identifier => {
                    set.insert(lit);
                    let (t2, l2) = self.lookahead(Ctx::Values);
                    match t2 {
                        Tok::Comma => continue,
                        Tok::ClosedPar => return Ok(set.into_iter().collect()),
                        _ => return Err(format!("found '{l2}', expected: ',' or ')'")),
                    }
                }
                Tok::Comma => {
                    if set.is_empty() {
                        set.insert(String::new());
                    }
                    let (t2, _) = self.lookahead(Ctx::Values);
                    if t2 == Tok::ClosedPar {
                        set.insert(String::new());
                        return Ok(set.into_iter().collect());
                    }
                    if t2 == Tok::Comma {
                        set.insert(String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn exact_value(&mut self) -> Result<Vec<String>, String> {
        let (t, _) = self.lookahead(Ctx::Values);
        if matches!(t, Tok::End | Tok::Comma) {
            return Ok(vec![String::new()]);
        }
        match self.consume(Ctx::Values) {
            (Tok::Identifier, lit) => Ok(vec![lit]),
            (_, lit) => Err(format!("found '{lit}', expected: identifier")),
        }
    }
}

/// `NewRequirement`'s checks, its errors aggregated as apimachinery prints an aggregate
/// (one error alone, several in brackets).
fn new_requirement(key: String, op: Op, values: Vec<String>) -> Result<Requirement, String> {
    let mut errs = Vec::new();
    let list = |v: &[String]| format!("[]string{{{}}}", v.iter().map(|s| go_quote(s)).collect::<Vec<_>>().join(", "));
    if let key_errs @ [_, ..] = qualified_name(&key).as_slice() {
        errs.push(format!("key: Invalid value: {}: {}", go_quote(&key), key_errs.join("; ")));
    }
    match op {
        Op::In | Op::NotIn if values.is_empty() => {
            errs.push(format!("values: Invalid value: {}: for 'in', 'notin' operators, values set can't be empty", list(&values)))
        }
        Op::Gt | Op::Lt => {
            if values.len() != 1 {
                errs.push(format!("values: Invalid value: {}: for 'Gt', 'Lt' operators, exactly one value is required", list(&values)));
            }
            for (i, v) in values.iter().enumerate() {
                if v.parse::<i64>().is_err() {
                    errs.push(format!(
                        "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                        go_quote(v)
                    ));
                }
            }
        }
        _ => {}
    }
    for (i, v) in values.iter().enumerate() {
        let value_errs = label_value(v);
        if !value_errs.is_empty() {
            errs.push(format!("values[{i}][{key}]: Invalid value: {}: {}", go_quote(v), value_errs.join("; ")));
        }
    }
    match errs.len() {
        0 => Ok(Requirement { key, op, values }),
        1 => Err(errs.remove(0)),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}

/// Parses a selector, its requirements sorted by key as the server sorts them.
pub fn parse(text: &str) -> Result<Vec<Requirement>, String> {
    let mut p = Parser { items: lex(text.as_bytes()), pos: 0 };
    let mut reqs = p.parse()?;
    reqs.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(reqs)
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn err(s: &str) -> String {
        parse(s).unwrap_err()
    }

    #[test]
    fn the_servers_texts_for_bad_selectors() {
        assert_eq!(err("((((("), "found '(', expected: !, identifier, or 'end of string'");
        assert_eq!(err("app in"), "unable to parse requirement: found '' expected: '('");
        assert_eq!(err("app in (a"), "unable to parse requirement: found '', expected: ',' or ')'");
        assert_eq!(err("a=b c"), "found 'c', expected: ',' or 'end of string'");
        assert_eq!(err("a=b,"), "found '', expected: identifier after ','");
        assert_eq!(err("a b"), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
        assert_eq!(err("!a=b"), "found '=', expected: ',' or 'end of string'");
        assert_eq!(
            err("-a"),
            "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        );
        assert_eq!(
            err("a>x"),
            "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        assert!(err("a=-x").starts_with("unable to parse requirement: values[0][a]: Invalid value: \"-x\": a valid label must"));
        assert_eq!(err("a=!"), "unable to parse requirement: found '!', expected: identifier");
    }

    #[test]
    fn what_the_server_accepts() {
        let ok = |s: &str| parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(ok("  ").len(), 0);
        assert_eq!(ok("x in (foo,,baz),y,z notin ()").len(), 3);
        assert_eq!(ok("x in (foo,,baz)")[0].values, ["", "baz", "foo"]);
        assert_eq!(ok("a=")[0].values, [""]);
        assert_eq!(ok("value in (in)")[0].values, ["in"]);
        assert_eq!(ok("b=1,a!=2").iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        // `>=` is not an operator: `>` then `=`, which is not a value.
        assert_eq!(err("a>=1"), "unable to parse requirement: found '=', expected: identifier");
    }
}
