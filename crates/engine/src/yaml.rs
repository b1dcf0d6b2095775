//! YAML (and JSON, which is YAML) into spanned nodes. Every node keeps the line and column
//! where it starts, so errors point into the user's text. Scalars are typed the way
//! kubectl's YAML-to-JSON step types them (YAML 1.1 rules: `yes` is a boolean).
//!
//! Input is bounded: size, nesting depth and alias expansion are capped, so neither a
//! deeply nested document nor a "billion laughs" alias bomb can exhaust the tab.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Largest manifest text accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting of maps and sequences accepted.
pub const MAX_DEPTH: usize = 100;
/// Most nodes a text may expand to once aliases are resolved.
pub const MAX_NODES: usize = 2_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// 1-based line in the whole text.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    /// A scalar with its text; `plain` when unquoted (and so subject to type resolution).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

/// One `---`-separated document.
#[derive(Clone, Debug)]
pub struct Document {
    pub root: Node,
    /// 1-based line at which the document's text begins (after its `---`), which is where
    /// kubectl starts counting lines in its error messages.
    pub first_line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// The message as kubectl prints it after `yaml: `, with a document-relative line.
    pub message: String,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Stream {
    pub docs: Vec<Document>,
    /// A syntax error stops the stream; the documents before it are kept, as kubectl does.
    pub error: Option<SyntaxError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int,
    Float,
    Str,
}

/// How go-yaml v2 (behind kubectl's YAML-to-JSON) types a plain scalar.
pub fn resolve_plain(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => return Resolved::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN" => {
            return Resolved::Float
        }
        _ => {}
    }
    if parse_int(s).is_some() {
        return Resolved::Int;
    }
    if is_float(s) {
        return Resolved::Float;
    }
    Resolved::Str
}

pub fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        // go-yaml resolves by the first byte: a plain scalar that starts with anything else
        // (a letter, `_`) is a string, and most are: no copy without `_` for them.
        b'0'..=b'9' => (false, s),
        _ => return None,
    };
    let body = body.replace('_', "");
    if body.is_empty() {
        return None;
    }
    let v = if let Some(hex) = body.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(bin) = body.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()?
    } else if body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit()) {
        i64::from_str_radix(&body[1..], 8).ok()?
    } else if body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

fn is_float(s: &str) -> bool {
    if !s.as_bytes().first().is_some_and(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')) {
        return false;
    }
    let b = s.trim_start_matches(['+', '-']).replace('_', "");
    if b.is_empty() || !b.bytes().next().is_some_and(|c| c.is_ascii_digit() || c == b'.') {
        return false;
    }
    let (mantissa, exp) = match b.find(['e', 'E']) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (&b[..], None),
    };
    let digits = mantissa.bytes().filter(|c| c.is_ascii_digit()).count();
    let dots = mantissa.bytes().filter(|c| *c == b'.').count();
    if digits == 0 || dots > 1 || mantissa.bytes().any(|c| !(c.is_ascii_digit() || c == b'.')) {
        return false;
    }
    match exp {
        None => dots == 1,
        Some(e) => {
            let e = e.trim_start_matches(['+', '-']);
            !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
        }
    }
}

fn span(m: &Marker) -> Span {
    Span { line: m.line() as u32, col: m.col() as u32 + 1 }
}

enum Frame {
    Seq(Vec<Node>, Span, usize),
    Map(Vec<(Node, Node)>, Option<Node>, Span, usize),
}

/// Where the first character YAML does not allow (C0/C1 controls, surrogates' stand-ins,
/// U+FFFE/U+FFFF) is, if any.
fn first_control_character(text: &str) -> Option<Span> {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    let (mut line, mut col) = (1u32, 1u32);
    for c in text.chars() {
        if !allowed(c) {
            return Some(Span { line, col });
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    None
}

/// Parses a whole text into documents. Never panics; a syntax error ends the stream.
pub fn parse_stream(text: &str) -> Stream {
    let mut out = Stream::default();
    if text.len() > MAX_INPUT_BYTES {
        out.error = Some(SyntaxError {
            message: format!("the text is {} bytes; kubeplay accepts at most {} bytes", text.len(), MAX_INPUT_BYTES),
            span: Span { line: 1, col: 1 },
        });
        return out;
    }
    // YAML breaks lines at CR, LF and CRLF; the editor (a textarea) counts LF only, so
    // positions are given in LF lines.
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let last_line = text.bytes().filter(|b| *b == b'\n').count() as u32 + 1;
    let mut out = parse_stream_lf(text);
    if let Some(e) = out.error.as_mut() {
        // An error at the end of the stream is reported on the text's last line.
        if e.span.line > last_line {
            e.span = Span { line: last_line, col: text.rsplit('\n').next().map_or(0, |l| l.chars().count() as u32) + 1 };
        }
    }
    out
}

fn parse_stream_lf(text: &str) -> Stream {
    if let Some(span) = first_control_character(text) {
        // kubectl splits the stream on `---` first and go-yaml's reader refuses these in
        // the document that holds one: the documents before it still apply.
        let doc_start = text
            .split_inclusive('\n')
            .take(span.line as usize - 1)
            .enumerate()
            .filter(|(_, l)| l.starts_with("---"))
            .map(|(i, _)| i)
            .last();
        let prefix_len: usize = match doc_start {
            Some(i) => text.split_inclusive('\n').take(i).map(str::len).sum(),
            None => 0,
        };
        let mut out = parse_documents(&text[..prefix_len]);
        if out.error.is_none() {
            out.error = Some(SyntaxError { message: "control characters are not allowed".into(), span });
        }
        return out;
    }
    let out = parse_documents(text);
    if out.error.as_ref().is_some_and(|e| e.message.ends_with("invalid indentation")) {
        if let Some((padded, pads)) = pad_flow_continuations(text) {
            let mut again = parse_documents(&padded);
            if again.error.is_none() {
                for d in &mut again.docs {
                    unpad(&mut d.root, &pads);
                }
                return again;
            }
        }
    }
    out
}

/// libyaml (and so kubectl) reads a flow collection whose lines are indented no further
/// than the block around it (`command: [` in a list item, then `"sh", "-c"` and `]` at
/// the key's column); yaml-rust2 calls that invalid indentation. Lines that begin inside
/// a flow collection are padded to start after its opening bracket, which changes no
/// value (flow lines fold their leading spaces away). Returns the padded text and the
/// spaces added per line (0-based), or None if no line needed any.
fn pad_flow_continuations(text: &str) -> Option<(String, Vec<u32>)> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut pads = Vec::new();
    let (mut depth, mut min_col) = (0u32, 0u32);
    let mut quote: Option<char> = None;
    for line in text.split_inclusive('\n') {
        let mut pad = 0u32;
        if depth > 0 && quote.is_none() {
            let lead = line.chars().take_while(|c| *c == ' ').count() as u32;
            if lead < min_col && !line.trim().is_empty() {
                pad = min_col - lead;
                out.extend(std::iter::repeat_n(' ', pad as usize));
            }
        }
        pads.push(pad);
        out.push_str(line);
        let mut prev = ' ';
        // The last character that was not a space: at the top, only a bracket that opens a
        // value (after `key:`, `-` or nothing) starts a flow collection.
        let mut last = ' ';
        for (col, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some('\''), '\'') | (Some('"'), '"') if !(c == '"' && prev == '\\') => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') if depth > 0 => quote = Some(c),
                (None, '#') if prev == ' ' || prev == '\t' || col == 0 => break,
                (None, '[' | '{') if depth > 0 || matches!(last, ' ' | ':' | '-' | '?') => {
                    if depth == 0 {
                        min_col = col as u32 + 1;
                    }
                    depth += 1;
                }
                (None, ']' | '}') if depth > 0 => depth -= 1,
                _ => {}
            }
            prev = c;
            if c != ' ' {
                last = c;
            }
        }
    }
    pads.iter().any(|p| *p > 0).then_some((out, pads))
}

/// Moves spans back to the columns the user wrote.
fn unpad(node: &mut Node, pads: &[u32]) {
    let pad = pads.get(node.span.line.saturating_sub(1) as usize).copied().unwrap_or(0);
    node.span.col = node.span.col.saturating_sub(pad).max(1);
    match &mut node.kind {
        NodeKind::Seq(items) => items.iter_mut().for_each(|n| unpad(n, pads)),
        NodeKind::Map(pairs) => pairs.iter_mut().for_each(|(k, v)| {
            unpad(k, pads);
            unpad(v, pads);
        }),
        _ => {}
    }
}

fn parse_documents(text: &str) -> Stream {
    let mut out = Stream::default();
    // The parser places an empty value at the end of the text (`spec:` as the last line,
    // no newline) on the line after it: every position is kept inside the text.
    let end = {
        let last = text.rsplit('\n').next().unwrap_or("");
        Span { line: text.bytes().filter(|b| *b == b'\n').count() as u32 + 1, col: last.chars().count() as u32 + 1 }
    };
    let inside = |s: Span| if (s.line, s.col) > (end.line, end.col) { end } else { s };
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut doc_first_line = 1u32;
    let mut lines: Option<Vec<&str>> = None;
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let fail = |out: &mut Stream, message: String, at: Span, first_line: u32| {
        let rel = at.line.saturating_sub(first_line) + 1;
        out.error = Some(SyntaxError { message: format!("line {rel}: {message}"), span: at });
    };
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => {
                let at = span(e.marker());
                let msg = e.info().to_string();
                fail(&mut out, msg, at, doc_first_line);
                return out;
            }
        };
        let here = inside(span(&mark));
        let (node, anchor) = match event {
            Event::StreamEnd => return out,
            Event::StreamStart | Event::Nothing => continue,
            Event::DocumentStart => {
                // kubectl splits on `---` lines and numbers lines from the one after it.
                // Lines are listed once: finding each document's line by a scan from the
                // top made a 2,000-document paste quadratic.
                let lines = lines.get_or_insert_with(|| text.lines().collect());
                let line_text = lines.get(here.line.saturating_sub(1) as usize).copied().unwrap_or("");
                doc_first_line = if line_text.trim_start().starts_with("---") {
                    here.line + 1
                } else if out.docs.is_empty() {
                    1
                } else {
                    here.line
                };
                root = None;
                anchors.clear();
                continue;
            }
            Event::DocumentEnd => {
                if let Some(r) = root.take() {
                    out.docs.push(Document { root: r, first_line: doc_first_line });
                }
                continue;
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(n) => {
                    let size = count_nodes(n);
                    nodes += size;
                    if nodes > MAX_NODES {
                        fail(&mut out, "document contains excessive aliasing".into(), here, doc_first_line);
                        return out;
                    }
                    (n.clone(), 0)
                }
                None => {
                    fail(&mut out, "unknown anchor referenced".into(), here, doc_first_line);
                    return out;
                }
            },
            Event::Scalar(text, style, anchor, tag) => {
                nodes += 1;
                let plain = style == TScalarStyle::Plain && tag.is_none();
                let kind = if plain && resolve_plain(&text) == Resolved::Null { NodeKind::Null } else { NodeKind::Scalar { text, plain } };
                (Node { kind, span: here }, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    fail(&mut out, format!("nesting deeper than {MAX_DEPTH} levels"), here, doc_first_line);
                    return out;
                }
                stack.push(Frame::Seq(Vec::new(), here, anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    fail(&mut out, format!("nesting deeper than {MAX_DEPTH} levels"), here, doc_first_line);
                    return out;
                }
                stack.push(Frame::Map(Vec::new(), None, here, anchor));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq(items, at, anchor)) => {
                    nodes += 1;
                    (Node { kind: NodeKind::Seq(items), span: at }, anchor)
                }
                _ => {
                    fail(&mut out, "unbalanced sequence".into(), here, doc_first_line);
                    return out;
                }
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map(pairs, _, at, anchor)) => {
                    nodes += 1;
                    (Node { kind: NodeKind::Map(pairs), span: at }, anchor)
                }
                _ => {
                    fail(&mut out, "unbalanced mapping".into(), here, doc_first_line);
                    return out;
                }
            },
        };
        if nodes > MAX_NODES {
            fail(&mut out, "document contains excessive aliasing".into(), here, doc_first_line);
            return out;
        }
        if anchor > 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, _, _)) => items.push(node),
            Some(Frame::Map(pairs, pending, _, _)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => pairs.push((key, node)),
            },
        }
    }
}

fn count_nodes(n: &Node) -> usize {
    match &n.kind {
        NodeKind::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        NodeKind::Map(pairs) => 1 + pairs.iter().map(|(k, v)| count_nodes(k) + count_nodes(v)).sum::<usize>(),
        _ => 1,
    }
}

impl Node {
    /// The text of a scalar key or value, if it is one.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            // The last of a key written twice: the value kubectl keeps.
            NodeKind::Map(pairs) => pairs.iter().rev().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a field path such as `spec.template.spec.containers[0].image` to the node it
    /// names, for pointing an error at its line and column. Stops at the deepest node found.
    pub fn locate(&self, path: &str) -> Span {
        let mut node = self;
        for part in path.split('.') {
            let (name, indexes) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            match node.get(name) {
                Some(n) => node = n,
                None => {
                    // A missing field is reported where its parent is.
                    return node.span;
                }
            }
            for idx in indexes.split('[').filter(|s| !s.is_empty()) {
                let idx = idx.trim_end_matches(']');
                let next = match &node.kind {
                    NodeKind::Seq(items) => idx.parse::<usize>().ok().and_then(|i| items.get(i)),
                    NodeKind::Map(_) => node.get(idx.trim_matches('"')),
                    _ => None,
                };
                match next {
                    Some(n) => node = n,
                    None => return node.span,
                }
            }
        }
        node.span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_and_column_of_fields() {
        let s = parse_stream("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n");
        assert!(s.error.is_none());
        let root = &s.docs[0].root;
        assert_eq!(root.get("metadata").unwrap().get("name").unwrap().span, Span { line: 4, col: 9 });
        assert_eq!(root.locate("metadata.name"), Span { line: 4, col: 9 });
    }

    #[test]
    fn spaces_before_colons_parse() {
        let s = parse_stream("apiVersion : apps/v1\nkind: Deployment\n");
        assert!(s.error.is_none());
        assert_eq!(s.docs[0].root.get("apiVersion").unwrap().scalar(), Some("apps/v1"));
    }

    #[test]
    fn splits_documents_and_counts_lines_per_document() {
        let s = parse_stream("a: 1\n---\nb: 2\n---\nc: [\n");
        assert_eq!(s.docs.len(), 2);
        assert_eq!(s.docs[1].first_line, 3);
        let e = s.error.unwrap();
        assert!(e.message.starts_with("line "), "{}", e.message);
        assert!(e.span.line >= 5, "{:?}", e.span);
    }

    #[test]
    fn resolves_scalars_like_yaml_1_1() {
        assert_eq!(resolve_plain("yes"), Resolved::Bool(true));
        assert_eq!(resolve_plain("Off"), Resolved::Bool(false));
        assert_eq!(resolve_plain("8080"), Resolved::Int);
        assert_eq!(resolve_plain("0x1F"), Resolved::Int);
        assert_eq!(resolve_plain("1.5"), Resolved::Float);
        assert_eq!(resolve_plain("1e3"), Resolved::Float);
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain("nginx:1.25"), Resolved::Str);
        assert_eq!(resolve_plain("1.2.3"), Resolved::Str);
        assert_eq!(resolve_plain("100m"), Resolved::Str);
        // go-yaml looks at the first byte: `_` or a letter starts a string, a sign a number.
        assert_eq!(resolve_plain("_80"), Resolved::Str);
        assert_eq!(resolve_plain("1_000"), Resolved::Int);
        assert_eq!(resolve_plain("-1_000"), Resolved::Int);
        assert_eq!(resolve_plain(".5"), Resolved::Float);
        assert_eq!(resolve_plain("-.5"), Resolved::Float);
        assert_eq!(resolve_plain("_1.5"), Resolved::Str);
    }

    #[test]
    fn quoted_scalars_stay_strings() {
        let s = parse_stream("a: \"8080\"\nb: 8080\n");
        let r = &s.docs[0].root;
        assert_eq!(r.get("a").unwrap().kind, NodeKind::Scalar { text: "8080".into(), plain: false });
        assert_eq!(r.get("b").unwrap().kind, NodeKind::Scalar { text: "8080".into(), plain: true });
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut t = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            t.push_str(&format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 10].join(", ")));
        }
        let s = parse_stream(&t);
        assert!(s.error.unwrap().message.contains("excessive aliasing"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let t = "[".repeat(500) + &"]".repeat(500);
        let s = parse_stream(&t);
        assert!(s.error.is_some());
    }

    #[test]
    fn flow_collections_may_come_back_to_the_blocks_column() {
        // As libyaml reads them (the Kubernetes docs' examples write commands this way).
        let text = "spec:\n  containers:\n  - name: c\n    command: [\n    \"sh\", \"-c\",\n    \"echo hi # not a comment\"\n    ]\n    args: [ \"a\",\n    'b' ]\n    env: [{name: A,\n    value: \"1\"}]\n";
        let s = parse_stream(text);
        assert!(s.error.is_none(), "{:?}", s.error);
        let c = &s.docs[0].root.get("spec").unwrap().get("containers").unwrap();
        let NodeKind::Seq(items) = &c.kind else { panic!("a list") };
        let cmd = items[0].get("command").unwrap();
        let NodeKind::Seq(words) = &cmd.kind else { panic!("a flow list") };
        let texts: Vec<&str> = words.iter().filter_map(Node::scalar).collect();
        assert_eq!(texts, ["sh", "-c", "echo hi # not a comment"]);
        assert_eq!(words[0].span, Span { line: 5, col: 5 }, "spans point at the user's text");
        assert_eq!(items[0].get("args").unwrap().span.line, 8);
        // Block structure is not touched: a real indentation error stays one.
        let bad = parse_stream("a:\n  b: 1\n c: 2\n");
        assert!(bad.error.is_some());
        let unbalanced = parse_stream("a: x [ y\nb:\n- c\n  d\n");
        assert_eq!(unbalanced.error, parse_documents("a: x [ y\nb:\n- c\n  d\n").error);
    }

    #[test]
    fn tabs_in_indentation_are_syntax_errors() {
        let s = parse_stream("a:\n\tb: 1\n");
        assert!(s.error.is_some());
    }
}
