//! Go's text/template parser for the part of the language kubectl users write: text,
//! `{{pipeline}}`, `if`/`else if`/`else`, `range` (with `$i, $e :=`), `with`, `break`,
//! `continue`, variables, comments, `{{-`/`-}}` trimming, parenthesised pipelines and
//! literals. Errors read as Go's: `template: output:LINE: …`.

/// One argument of a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// `.` followed by fields (`.metadata.name`); no fields is dot itself.
    Dot(Vec<String>),
    /// `$x.a.b`; `$` is the data.
    Var(String, Vec<String>),
    Func(String),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Nil,
    /// `(pipeline).a.b`
    Sub(Box<Pipe>, Vec<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cmd {
    pub args: Vec<Arg>,
    /// Byte offset in the template and the command's text, for execution errors.
    pub pos: usize,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pipe {
    /// Variables the pipeline declares (`$x :=`, `$i, $e :=` in a range).
    pub decl: Vec<String>,
    /// `=` rather than `:=`.
    pub assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
    Break,
    Continue,
}

/// Functions a template may call: Go's builtins and the two kubectl adds.
pub const FUNCS: &[&str] = &[
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "print",
    "printf",
    "println",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "html",
    "js",
    "urlquery",
    "call",
    "base64decode",
    "exists",
];

/// A lexed item inside an action.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Field(String),
    Dot,
    Var(String),
    Ident(String),
    Str(String),
    Num(String),
    LParen,
    RParen,
    Pipe,
    Declare,
    Assign,
    Comma,
    Space,
    /// A character no token starts with.
    Char(char),
}

struct Action {
    toks: Vec<(Tok, usize)>,
    line: usize,
}

fn err(line: usize, msg: impl std::fmt::Display) -> String {
    format!("template: output:{line}: {msg}")
}

/// Splits the template into text and actions, applying the trim markers.
fn split(src: &str) -> Result<Vec<Result<String, Action>>, String> {
    let mut out: Vec<Result<String, Action>> = Vec::new();
    let mut i = 0;
    let line_at = |at: usize| 1 + src[..at].matches('\n').count();
    while i < src.len() {
        let Some(open) = src[i..].find("{{").map(|o| o + i) else {
            out.push(Ok(src[i..].to_string()));
            break;
        };
        let mut text = src[i..open].to_string();
        let mut j = open + 2;
        if src[j..].starts_with("- ") || src[j..].starts_with("-\t") || src[j..].starts_with("-\n") {
            text = text.trim_end().to_string();
            j += 1;
        }
        out.push(Ok(text));
        // A comment: `{{/* … */}}`, possibly with trim markers.
        let body_start = j + src[j..].len() - src[j..].trim_start().len();
        if src[body_start..].starts_with("/*") {
            let Some(end) = src[body_start..].find("*/").map(|e| e + body_start + 2) else {
                return Err(err(line_at(open), "unclosed comment"));
            };
            let after = src[end..].trim_start_matches([' ', '\t', '\n', '\r']);
            let (close, trim) = if let Some(r) = after.strip_prefix("-}}") {
                (src.len() - r.len(), true)
            } else if let Some(r) = src[end..].strip_prefix("}}") {
                (src.len() - r.len(), false)
            } else {
                return Err(err(line_at(open), "comment ends before closing delimiter"));
            };
            i = close;
            if trim {
                i = src.len() - src[i..].trim_start().len();
            }
            continue;
        }
        let line = line_at(open);
        let mut toks = Vec::new();
        let b = src.as_bytes();
        let mut k = j;
        let mut trim_after = false;
        loop {
            if k >= src.len() {
                // Go's parser meets a stray character before the lexer's end of input.
                if let Some((Tok::Char(c), _)) = toks.iter().find(|(t, _)| matches!(t, Tok::Char(_))) {
                    return Err(err(line, format!("unexpected \"{c}\" in operand")));
                }
                return Err(err(line, "unclosed action"));
            }
            let rest = &src[k..];
            if rest.starts_with("}}") {
                k += 2;
                break;
            }
            if (rest.starts_with(" -}}") || rest.starts_with("\t-}}") || rest.starts_with("\n-}}")) && !toks.is_empty() {
                trim_after = true;
                k += 4;
                break;
            }
            let c = rest.chars().next().expect("not empty");
            let start = k;
            let tok = match c {
                ' ' | '\t' | '\r' | '\n' => {
                    while k < src.len() && matches!(b[k], b' ' | b'\t' | b'\r' | b'\n') {
                        if src[k..].starts_with(" -}}") || src[k..].starts_with("\t-}}") || src[k..].starts_with("\n-}}") {
                            break;
                        }
                        k += 1;
                    }
                    if k == start {
                        k += 1;
                    }
                    Tok::Space
                }
                '"' => {
                    let mut s = String::new();
                    k += 1;
                    loop {
                        let Some(ch) = src[k..].chars().next() else { return Err(err(line, "unterminated quoted string")) };
                        k += ch.len_utf8();
                        match ch {
                            '"' => break,
                            '\n' => return Err(err(line, "unterminated quoted string")),
                            '\\' => {
                                let Some(e) = src[k..].chars().next() else { return Err(err(line, "unterminated quoted string")) };
                                k += e.len_utf8();
                                s.push(match e {
                                    'n' => '\n',
                                    't' => '\t',
                                    'r' => '\r',
                                    '\\' => '\\',
                                    '"' => '"',
                                    '\'' => '\'',
                                    '0' => '\0',
                                    other => return Err(err(line, format!("invalid syntax: \"\\{other}\""))),
                                });
                            }
                            other => s.push(other),
                        }
                    }
                    Tok::Str(s)
                }
                '`' => {
                    let Some(end) = src[k + 1..].find('`') else { return Err(err(line, "unterminated raw quoted string")) };
                    let s = src[k + 1..k + 1 + end].to_string();
                    k += end + 2;
                    Tok::Str(s)
                }
                '.' if !src[k + 1..].starts_with(|c: char| c.is_ascii_digit()) => {
                    k += 1;
                    let name_end = src[k..].find(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(src.len(), |e| e + k);
                    if name_end == k {
                        Tok::Dot
                    } else {
                        let name = src[k..name_end].to_string();
                        k = name_end;
                        Tok::Field(name)
                    }
                }
                '$' => {
                    k += 1;
                    let end = src[k..].find(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(src.len(), |e| e + k);
                    let name = format!("${}", &src[k..end]);
                    k = end;
                    Tok::Var(name)
                }
                '(' => {
                    k += 1;
                    Tok::LParen
                }
                ')' => {
                    k += 1;
                    Tok::RParen
                }
                '|' => {
                    k += 1;
                    Tok::Pipe
                }
                ',' => {
                    k += 1;
                    Tok::Comma
                }
                '=' => {
                    k += 1;
                    Tok::Assign
                }
                ':' if rest.starts_with(":=") => {
                    k += 2;
                    Tok::Declare
                }
                c if c.is_ascii_digit() || ((c == '-' || c == '+' || c == '.') && rest[1..].starts_with(|d: char| d.is_ascii_digit())) => {
                    k += 1;
                    while k < src.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'.' || b[k] == b'_') {
                        k += 1;
                    }
                    Tok::Num(src[start..k].to_string())
                }
                c if c.is_alphabetic() || c == '_' => {
                    let end = src[k..].find(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(src.len(), |e| e + k);
                    let word = src[k..end].to_string();
                    k = end;
                    Tok::Ident(word)
                }
                other => {
                    k += other.len_utf8();
                    Tok::Char(other)
                }
            };
            toks.push((tok, start));
        }
        out.push(Err(Action { toks, line }));
        i = k;
        if trim_after {
            i = src.len() - src[i..].trim_start().len();
        }
    }
    Ok(out)
}

/// Parses a template into its nodes.
pub fn parse(src: &str) -> Result<Vec<Node>, String> {
    let pieces = split(src)?;
    let mut p = Parser { src, pieces, at: 0, vars: vec![vec!["$".to_string()]], loops: 0 };
    let (nodes, end) = p.list()?;
    match end {
        Stop::Eof => Ok(nodes),
        Stop::End(line) => Err(err(line, "unexpected {{end}}")),
        Stop::Else(line, _) => Err(err(line, "unexpected {{else}}")),
    }
}

enum Stop {
    Eof,
    End(usize),
    /// `{{else}}` or `{{else if …}}` / `{{else with …}}` (the action's rest).
    Else(usize, Vec<(Tok, usize)>),
}

struct Parser<'a> {
    src: &'a str,
    pieces: Vec<Result<String, Action>>,
    at: usize,
    /// Variables in scope, one frame per block.
    vars: Vec<Vec<String>>,
    loops: usize,
}

impl Parser<'_> {
    fn list(&mut self) -> Result<(Vec<Node>, Stop), String> {
        let mut nodes = Vec::new();
        while self.at < self.pieces.len() {
            let piece = std::mem::replace(&mut self.pieces[self.at], Ok(String::new()));
            self.at += 1;
            let action = match piece {
                Ok(text) => {
                    if !text.is_empty() {
                        nodes.push(Node::Text(text));
                    }
                    continue;
                }
                Err(a) => a,
            };
            let line = action.line;
            let toks: Vec<(Tok, usize)> = action.toks;
            let words: Vec<&(Tok, usize)> = toks.iter().filter(|(t, _)| *t != Tok::Space).collect();
            let keyword = match words.first() {
                Some((Tok::Ident(w), _)) => w.as_str(),
                _ => "",
            };
            let rest: Vec<(Tok, usize)> = {
                let skip = toks.iter().position(|(t, _)| *t != Tok::Space).map_or(0, |p| p + 1);
                if keyword.is_empty() {
                    toks.clone()
                } else {
                    toks[skip..].to_vec()
                }
            };
            match keyword {
                "end" => return Ok((nodes, Stop::End(line))),
                "else" => return Ok((nodes, Stop::Else(line, rest))),
                "if" | "range" | "with" => nodes.push(self.block(keyword, rest, line)?),
                "break" | "continue" => {
                    if self.loops == 0 {
                        return Err(err(line, format!("{{{{{keyword}}}}} outside {{{{range}}}}")));
                    }
                    nodes.push(if keyword == "break" { Node::Break } else { Node::Continue });
                }
                "define" | "template" | "block" => {
                    return Err(err(line, format!("kubeplay does not run {{{{{keyword}}}}} (named templates); write the template inline")))
                }
                _ => {
                    let pipe = self.pipeline(&toks, line, false)?;
                    nodes.push(Node::Action(pipe));
                }
            }
        }
        Ok((nodes, Stop::Eof))
    }

    fn block(&mut self, keyword: &str, toks: Vec<(Tok, usize)>, line: usize) -> Result<Node, String> {
        self.vars.push(Vec::new());
        let pipe = self.pipeline(&toks, line, keyword == "range")?;
        if keyword == "range" {
            self.loops += 1;
        }
        let (body, end) = self.list()?;
        if keyword == "range" {
            self.loops -= 1;
        }
        let els = match end {
            Stop::Eof => return Err(err(self.last_line(), "unexpected EOF")),
            Stop::End(_) => Vec::new(),
            Stop::Else(eline, rest) => {
                let words: Vec<&(Tok, usize)> = rest.iter().filter(|(t, _)| *t != Tok::Space).collect();
                match words.first() {
                    None => {
                        let (els, end) = self.list()?;
                        match end {
                            Stop::End(_) => els,
                            Stop::Eof => return Err(err(self.last_line(), "unexpected EOF")),
                            Stop::Else(l, _) => return Err(err(l, "expected end; found {{else}}")),
                        }
                    }
                    Some((Tok::Ident(w), _)) if (w == "if" || w == "with") && keyword == w => {
                        // `{{else if …}}` is an `if` in the else branch that shares the `{{end}}`.
                        let skip = rest.iter().position(|(t, _)| *t != Tok::Space).map_or(0, |p| p + 1);
                        let inner = self.block(w, rest[skip..].to_vec(), eline)?;
                        vec![inner]
                    }
                    _ => return Err(err(eline, "unexpected {{else}}")),
                }
            }
        };
        self.vars.pop();
        Ok(match keyword {
            "if" => Node::If(pipe, body, els),
            "range" => Node::Range(pipe, body, els),
            _ => Node::With(pipe, body, els),
        })
    }

    fn last_line(&self) -> usize {
        1 + self.src.matches('\n').count()
    }

    fn pipeline(&mut self, toks: &[(Tok, usize)], line: usize, range: bool) -> Result<Pipe, String> {
        let mut toks: Vec<(Tok, usize)> = toks.to_vec();
        while toks.first().is_some_and(|(t, _)| *t == Tok::Space) {
            toks.remove(0);
        }
        while toks.last().is_some_and(|(t, _)| *t == Tok::Space) {
            toks.pop();
        }
        // Declarations: `$x :=`, `$x =`, and in a range `$i, $e :=`.
        let mut decl = Vec::new();
        let mut assign = false;
        let words: Vec<(Tok, usize)> = toks.iter().filter(|(t, _)| *t != Tok::Space).cloned().collect();
        let mut consumed = 0;
        if let Some((Tok::Var(v), _)) = words.first() {
            match words.get(1).map(|(t, _)| t) {
                Some(Tok::Declare) | Some(Tok::Assign) => {
                    assign = words[1].0 == Tok::Assign;
                    decl.push(v.clone());
                    consumed = 2;
                }
                Some(Tok::Comma) if range => {
                    if let (Some((Tok::Var(v2), _)), Some((Tok::Declare, _))) = (words.get(2), words.get(3)) {
                        decl.push(v.clone());
                        decl.push(v2.clone());
                        consumed = 4;
                    } else {
                        return Err(err(line, "too many declarations in range"));
                    }
                }
                _ => {}
            }
        }
        if consumed > 0 {
            let cut = words[consumed - 1].1;
            toks.retain(|(_, at)| *at > cut);
            while toks.first().is_some_and(|(t, _)| *t == Tok::Space) {
                toks.remove(0);
            }
        }
        let mut cmds = Vec::new();
        let mut i = 0;
        loop {
            let (cmd, next) = self.command(&toks, i, line)?;
            cmds.push(cmd);
            i = next;
            if i >= toks.len() {
                break;
            }
            // `|` between commands.
            i += 1;
        }
        if cmds.iter().any(|c| c.args.is_empty()) {
            return Err(err(line, "missing value for command"));
        }
        for (n, c) in cmds.iter().enumerate() {
            if n > 0 && !matches!(c.args[0], Arg::Func(_)) {
                return Err(err(line, format!("non executable command in pipeline stage {}", n + 1)));
            }
        }
        if assign {
            for v in &decl {
                if !self.vars.iter().any(|f| f.contains(v)) {
                    return Err(err(line, format!("undefined variable \"{v}\"")));
                }
            }
        } else if let Some(frame) = self.vars.last_mut() {
            frame.extend(decl.iter().cloned());
        }
        Ok(Pipe { decl, assign, cmds })
    }

    /// One command: operands up to a `|`, a `)` or the end.
    fn command(&mut self, toks: &[(Tok, usize)], mut i: usize, line: usize) -> Result<(Cmd, usize), String> {
        let mut args = Vec::new();
        let pos = toks.get(i).map_or(0, |(_, p)| *p);
        while i < toks.len() {
            match &toks[i].0 {
                Tok::Space => {
                    i += 1;
                    continue;
                }
                Tok::Pipe | Tok::RParen => break,
                _ => {}
            }
            let (arg, next) = self.operand(toks, i, line)?;
            // Operands must be separated by space.
            if next < toks.len() && !matches!(toks[next].0, Tok::Space | Tok::Pipe | Tok::RParen) {
                let what = match &toks[next].0 {
                    Tok::Char(c) => format!("\"{c}\""),
                    other => show(other),
                };
                return Err(err(line, format!("unexpected {what} in operand")));
            }
            args.push(arg);
            i = next;
        }
        let end = toks.get(i).map_or(self.action_end(toks), |(_, p)| *p);
        let text = self.src[pos..end.max(pos)].trim().to_string();
        Ok((Cmd { args, pos, text }, i))
    }

    fn action_end(&self, toks: &[(Tok, usize)]) -> usize {
        let Some((last, at)) = toks.last() else { return 0 };
        let len = match last {
            Tok::Field(f) => f.len() + 1,
            Tok::Var(v) | Tok::Ident(v) | Tok::Num(v) => v.len(),
            Tok::Str(_) => self.src[*at..].find("}}").unwrap_or(0),
            Tok::Declare => 2,
            _ => 1,
        };
        at + len
    }

    fn fields(toks: &[(Tok, usize)], mut i: usize) -> (Vec<String>, usize) {
        let mut fields = Vec::new();
        while let Some((Tok::Field(f), _)) = toks.get(i) {
            fields.push(f.clone());
            i += 1;
        }
        (fields, i)
    }

    fn operand(&mut self, toks: &[(Tok, usize)], i: usize, line: usize) -> Result<(Arg, usize), String> {
        let (tok, _) = &toks[i];
        Ok(match tok {
            Tok::Dot => {
                let (f, n) = Self::fields(toks, i + 1);
                (Arg::Dot(f), n)
            }
            Tok::Field(_) => {
                let (f, n) = Self::fields(toks, i);
                (Arg::Dot(f), n)
            }
            Tok::Var(v) => {
                if !self.vars.iter().any(|f| f.contains(v)) {
                    return Err(err(line, format!("undefined variable \"{v}\"")));
                }
                let (f, n) = Self::fields(toks, i + 1);
                (Arg::Var(v.clone(), f), n)
            }
            Tok::Str(s) => (Arg::Str(s.clone()), i + 1),
            Tok::Num(n) => (number(n).ok_or_else(|| err(line, format!("bad number syntax: \"{n}\"")))?, i + 1),
            Tok::Ident(w) => match w.as_str() {
                "true" => (Arg::Bool(true), i + 1),
                "false" => (Arg::Bool(false), i + 1),
                "nil" => (Arg::Nil, i + 1),
                f if FUNCS.contains(&f) => (Arg::Func(f.to_string()), i + 1),
                f => return Err(err(line, format!("function \"{f}\" not defined"))),
            },
            Tok::LParen => {
                let mut depth = 0;
                let mut close = None;
                for (j, (t, _)) in toks.iter().enumerate().skip(i) {
                    match t {
                        Tok::LParen => depth += 1,
                        Tok::RParen => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(close) = close else { return Err(err(line, "unclosed left paren")) };
                let inner = self.pipeline(&toks[i + 1..close], line, false)?;
                let (f, n) = Self::fields(toks, close + 1);
                (Arg::Sub(Box::new(inner), f), n)
            }
            Tok::RParen => return Err(err(line, "unexpected right paren")),
            Tok::Char(c) => return Err(err(line, format!("unexpected \"{c}\" in operand"))),
            other => return Err(err(line, format!("unexpected {} in operand", show(other)))),
        })
    }
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Declare => "\":=\"".into(),
        Tok::Assign => "\"=\"".into(),
        Tok::Comma => "\",\"".into(),
        Tok::Pipe => "\"|\"".into(),
        Tok::LParen => "\"(\"".into(),
        Tok::RParen => "\")\"".into(),
        Tok::Str(s) => format!("quoted string {}", crate::model::validation::go_quote(s)),
        Tok::Num(n) => format!("number {n}"),
        Tok::Ident(w) => format!("identifier {w}"),
        Tok::Field(f) => format!("field .{f}"),
        Tok::Var(v) => format!("variable {v}"),
        Tok::Dot => "<.>".into(),
        Tok::Space => "space".into(),
        Tok::Char(c) => format!("\"{c}\""),
    }
}

fn number(n: &str) -> Option<Arg> {
    if let Ok(i) = n.parse::<i64>() {
        return Some(Arg::Int(i));
    }
    if let Some(h) = n.strip_prefix("0x") {
        return i64::from_str_radix(h, 16).ok().map(Arg::Int);
    }
    n.parse::<f64>().ok().map(Arg::Float)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shapes_learners_write() {
        assert!(parse("{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}").is_ok());
        assert!(parse("{{range $i, $c := .spec.containers}}{{$i}}={{$c.image}} {{end}}").is_ok());
        assert!(parse("{{if eq .status.phase \"Running\"}}up{{else if .x}}x{{else}}down{{end}}").is_ok());
        assert!(parse("{{- /* a comment */ -}}{{ index .metadata.labels \"app\" | printf \"%s\" }}").is_ok());
        assert!(parse("{{(index .items 0).metadata.name}}").is_ok());
    }

    #[test]
    fn errors_read_as_gos() {
        assert_eq!(parse("{{.metadata.name}").unwrap_err(), "template: output:1: unexpected \"}\" in operand");
        assert_eq!(parse("{{.metadata.name").unwrap_err(), "template: output:1: unclosed action");
        assert_eq!(parse("{{range .items}}x").unwrap_err(), "template: output:1: unexpected EOF");
        assert_eq!(parse("x{{end}}").unwrap_err(), "template: output:1: unexpected {{end}}");
        assert_eq!(parse("{{upper .x}}").unwrap_err(), "template: output:1: function \"upper\" not defined");
        assert_eq!(parse("{{}}").unwrap_err(), "template: output:1: missing value for command");
        assert_eq!(parse("a\n{{$x}}").unwrap_err(), "template: output:2: undefined variable \"$x\"");
    }
}
