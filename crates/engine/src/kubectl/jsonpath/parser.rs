//! client-go's jsonpath parser (util/jsonpath/parser.go), rune for rune: the same
//! nodes and the same error texts, since kubectl prints them after "error parsing
//! jsonpath".

/// One bound of `[start:end:step]`: `known` is false when the text left it out;
/// `derived` marks the end of a plain index `[i]`, which is `i+1`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Param {
    pub value: i64,
    pub known: bool,
    pub derived: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    List(Vec<Node>),
    Field(String),
    Identifier(String),
    Array([Param; 3]),
    Filter(Vec<Node>, Vec<Node>, String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
}

const EOF: Option<char> = None;

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    width: usize,
}

/// The template's top level: text and `{…}` actions (each a `Node::List`).
/// How deep brackets and ranges may nest: Go's growing stacks take any depth, the page's
/// fixed one does not, so kubeplay stops there with a message instead of overflowing.
const MAX_NESTING: usize = 64;

pub fn parse(text: &str) -> Result<Vec<Node>, String> {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in text.chars() {
        match c {
            '[' | '{' | '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ']' | '}' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_NESTING || text.matches("range").count() > MAX_NESTING {
        return Err(format!("kubeplay: this template nests more than {MAX_NESTING} deep, which kubeplay does not evaluate"));
    }
    let mut p = Parser { input: text, pos: 0, start: 0, width: 0 };
    let mut root = Vec::new();
    p.parse_text(&mut root)?;
    Ok(root)
}

/// The nodes of one action, as `parseAction` reads the pieces of unions, bracket
/// keys and filters.
fn parse_action(text: &str) -> Result<Vec<Node>, String> {
    let root = parse(&format!("{{{text}}}"))?;
    match root.into_iter().next() {
        Some(Node::List(nodes)) => Ok(nodes),
        _ => Ok(Vec::new()),
    }
}

fn is_terminator(r: Option<char>) -> bool {
    match r {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'),
    }
}

fn is_alphanumeric(r: Option<char>) -> bool {
    r.is_some_and(|c| c == '_' || c.is_alphabetic() || c.is_numeric())
}

/// Go's `%#U`: `U+002A '*'`, the character itself only when printable.
fn go_unicode(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    if c.is_control() || c.is_whitespace() && c != ' ' {
        code
    } else {
        format!("{code} '{c}'")
    }
}

impl Parser<'_> {
    fn consume_text(&mut self) -> String {
        let value = self.input[self.start..self.pos].to_string();
        self.start = self.pos;
        value
    }

    fn next(&mut self) -> Option<char> {
        match self.input[self.pos..].chars().next() {
            None => {
                self.width = 0;
                EOF
            }
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                Some(c)
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        let r = self.next();
        self.backup();
        r
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    /// The byte two before the cursor is a backslash: the rune just read is escaped.
    fn escaped(&self) -> bool {
        self.pos >= 2 && self.input.as_bytes()[self.pos - 2] == b'\\'
    }

    fn parse_text(&mut self, root: &mut Vec<Node>) -> Result<(), String> {
        loop {
            if self.input[self.pos..].starts_with('{') {
                if self.pos > self.start {
                    root.push(Node::Text(self.consume_text()));
                }
                self.pos += 1;
                self.consume_text();
                let mut action = Vec::new();
                self.parse_inside_action(&mut action)?;
                root.push(Node::List(action));
                continue;
            }
            if self.next() == EOF {
                break;
            }
        }
        if self.pos > self.start {
            root.push(Node::Text(self.consume_text()));
        }
        Ok(())
    }

    /// Reads an action up to and including its `}`.
    fn parse_inside_action(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            let rest = &self.input[self.pos..];
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume_text();
                return Ok(());
            }
            if rest.starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if rest.starts_with("..") {
                self.parse_recursive(cur)?;
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(' ' | '@' | '$') => {
                    self.consume_text();
                }
                Some('[') => self.parse_array(cur)?,
                Some(q @ ('"' | '\'')) => self.parse_quote(cur, q)?,
                Some('.') => self.parse_field(cur),
                Some(c) if c == '+' || c == '-' || c.is_numeric() => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                r if is_alphanumeric(r) => {
                    self.backup();
                    self.parse_identifier(cur);
                }
                Some(c) => return Err(format!("unrecognized character in action: {}", go_unicode(c))),
            }
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let r = self.next();
            if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        cur.push(match value.as_str() {
            "true" => Node::Bool(true),
            "false" => Node::Bool(false),
            _ => Node::Identifier(value),
        });
    }

    fn parse_recursive(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if cur.last() == Some(&Node::Recursive) {
            return Err("invalid multiple recursive descent".into());
        }
        self.pos += 2;
        self.consume_text();
        cur.push(Node::Recursive);
        if is_alphanumeric(self.peek()) {
            self.parse_field(cur);
        }
        Ok(())
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || c.is_numeric() => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume_text();
        if let Ok(i) = value.parse::<i64>() {
            cur.push(Node::Int(i));
        } else if let Some(f) = go_parse_float(&value) {
            cur.push(Node::Float(f));
        } else {
            return Err(format!("cannot parse number {value}"));
        }
        Ok(())
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                _ => {}
            }
        }
        let text = self.consume_text();
        let mut text = &text[1..text.len() - 1];
        if text == "*" {
            text = ":";
        }
        // A comma makes a union of whole bracket expressions.
        let parts: Vec<&str> = text.split(',').collect();
        if parts.len() > 1 {
            let mut union = Vec::new();
            for part in parts {
                union.push(parse_action(&format!("[{}]", part.trim_matches(' ')))?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        // `['key']` reads as `.key` (so a dot inside still splits it).
        if let Some(key) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).filter(|k| !k.contains('\'')) {
            cur.extend(parse_action(&format!(".{key}"))?);
            return Ok(());
        }
        let groups = slice_groups(text).ok_or_else(|| format!("invalid array index {text}"))?;
        let mut params = [Param::default(); 3];
        for (i, group) in groups.iter().enumerate() {
            match group.filter(|g| !g.is_empty()) {
                Some(g) => {
                    let g = if i > 0 { &g[1..] } else { g };
                    if i > 0 && g.is_empty() {
                        params[i].known = false;
                    } else {
                        params[i].known = true;
                        params[i].value = g.parse().map_err(|_| format!("array index {g} is not a number"))?;
                    }
                }
                None if i == 1 => params[1] = Param { value: params[0].value.wrapping_add(1), known: true, derived: true },
                None => params[i] = Param::default(),
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume_text();
        let (mut begin, mut end) = (false, false);
        let mut pair = '"';
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated filter".into()),
                Some(q @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = q;
                        continue;
                    }
                    if !self.escaped() && q == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let text = self.consume_text();
        let text = &text[..text.len() - 2];
        match split_comparison(text) {
            None => cur.push(Node::Filter(parse_action(text)?, Vec::new(), "exists".into())),
            Some((left, op, right)) => {
                let left = parse_action(left)?;
                let right = parse_action(right)?;
                cur.push(Node::Filter(left, right, op.to_string()));
            }
        }
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == end && !self.escaped() => break,
                _ => {}
            }
        }
        let value = self.consume_text();
        let s = unquote_extend(&value).map_err(|e| format!("unquote string {value} error {e}"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume_text();
        while self.advance() {}
        let value = self.consume_text();
        if value == "*" {
            cur.push(Node::Wildcard);
        } else {
            cur.push(Node::Field(value.replace('\\', "")));
        }
    }

    /// Steps over one rune, or an escaped pair; false at a terminator.
    fn advance(&mut self) -> bool {
        let r = self.next();
        if r == Some('\\') {
            self.next();
        } else if is_terminator(r) {
            self.backup();
            return false;
        }
        true
    }
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`: the three groups of a slice, a missing group
/// as None.
fn slice_groups(text: &str) -> Option<[Option<&str>; 3]> {
    fn part(s: &str, from: usize, colon: bool) -> usize {
        let b = s.as_bytes();
        let mut i = from;
        if colon {
            i += 1;
        }
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    }
    let first = part(text, 0, false);
    let mut groups = [Some(&text[..first]), None, None];
    let mut at = first;
    for g in groups.iter_mut().skip(1) {
        if text[at..].starts_with(':') {
            let end = part(text, at, true);
            *g = Some(&text[at..end]);
            at = end;
        }
    }
    (at == text.len()).then_some(groups)
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$`: left operand, operator, right operand.
fn split_comparison(text: &str) -> Option<(&str, &str, &str)> {
    let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
    let op_start = text.find(is_op)?;
    if op_start == 0 {
        return None;
    }
    let after = &text[op_start..];
    let mut op_end = op_start + after.find(|c| !is_op(c)).unwrap_or(after.len());
    if op_end == text.len() {
        // The right operand needs one character: the regexp gives back the last one.
        if op_end - op_start < 2 {
            return None;
        }
        op_end -= 1;
    }
    Some((&text[..op_start], &text[op_start..op_end], &text[op_end..]))
}

/// `strconv.ParseFloat` on what parseNumber gathers (signs, digits and dots only).
fn go_parse_float(s: &str) -> Option<f64> {
    let digits = s.trim_start_matches(['+', '-']);
    if digits.is_empty() || digits == "." || s.len() - digits.len() > 1 {
        return None;
    }
    s.parse().ok()
}

/// client-go's UnquoteExtend: `strconv.Unquote` that also takes single quotes.
pub fn unquote_extend(s: &str) -> Result<String, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b[b.len() - 1] || !matches!(b[0], b'"' | b'\'') {
        return Err(SYNTAX);
    }
    let quote = b[0];
    let body = &s[1..s.len() - 1];
    if !body.contains('\\') && !body.as_bytes().contains(&quote) {
        return Ok(body.to_string());
    }
    let mut out: Vec<u8> = Vec::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c as u32 == quote as u32 {
            return Err(SYNTAX);
        }
        if c != '\\' {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let mut chars = rest[1..].chars();
        let Some(e) = chars.next() else { return Err(SYNTAX) };
        rest = &rest[1 + e.len_utf8()..];
        let simple = match e {
            'a' => Some(7),
            'b' => Some(8),
            'f' => Some(12),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(11),
            '\\' => Some(b'\\'),
            '\'' | '"' if e as u32 == quote as u32 => Some(e as u8),
            _ => None,
        };
        if let Some(byte) = simple {
            out.push(byte);
            continue;
        }
        match e {
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex = rest.get(..n).filter(|h| h.bytes().all(|d| d.is_ascii_hexdigit())).ok_or(SYNTAX)?;
                let v = u32::from_str_radix(hex, 16).map_err(|_| SYNTAX)?;
                rest = &rest[n..];
                if e == 'x' {
                    out.push(v as u8);
                } else {
                    let c = char::from_u32(v).ok_or(SYNTAX)?;
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
            '0'..='7' => {
                let oct = rest.get(..2).filter(|o| o.bytes().all(|d| (b'0'..=b'7').contains(&d))).ok_or(SYNTAX)?;
                let v = (e as u32 - '0' as u32) * 64 + u32::from_str_radix(oct, 8).map_err(|_| SYNTAX)?;
                if v > 255 {
                    return Err(SYNTAX);
                }
                rest = &rest[2..];
                out.push(v as u8);
            }
            _ => return Err(SYNTAX),
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> Node {
        Node::Field(s.into())
    }
    fn array(p: [(i64, bool, bool); 3]) -> Node {
        Node::Array(p.map(|(value, known, derived)| Param { value, known, derived }))
    }

    // client-go's parser_test.go, its node lists folded back into trees.
    #[test]
    fn parser_test_cases() {
        let l = Node::List;
        assert_eq!(parse("hello jsonpath").unwrap(), vec![Node::Text("hello jsonpath".into())]);
        assert_eq!(parse("hello {.jsonpath}").unwrap(), vec![Node::Text("hello ".into()), l(vec![field("jsonpath")])]);
        assert_eq!(parse("hello {['jsonpath']}").unwrap()[1], l(vec![field("jsonpath")]));
        assert_eq!(parse(r#"{"{"}"#).unwrap(), vec![l(vec![Node::Text("{".into())])]);
        assert_eq!(parse("{[1:3]}").unwrap(), vec![l(vec![array([(1, true, false), (3, true, false), (0, false, false)])])]);
        assert_eq!(parse("{.book[*].author}").unwrap(), vec![l(vec![field("book"), array([(0, false, false); 3]), field("author")])]);
        assert_eq!(parse("{.bicycle.*}").unwrap(), vec![l(vec![field("bicycle"), Node::Wildcard])]);
        assert_eq!(parse("{[?(@.price<3)]}").unwrap(), vec![l(vec![Node::Filter(vec![field("price")], vec![Node::Int(3)], "<".into())])]);
        assert_eq!(parse("{..}").unwrap(), vec![l(vec![Node::Recursive])]);
        assert_eq!(parse("{..price}").unwrap(), vec![l(vec![Node::Recursive, field("price")])]);
        assert_eq!(parse("{['book.price']}").unwrap(), vec![l(vec![field("book"), field("price")])]);
        assert_eq!(
            parse("{['bicycle.price', 3, 'book.price']}").unwrap(),
            vec![l(vec![Node::Union(vec![
                vec![field("bicycle"), field("price")],
                vec![array([(3, true, false), (4, true, true), (0, false, false)])],
                vec![field("book"), field("price")],
            ])])]
        );
        assert_eq!(
            parse("{range .items}{.name},{end}").unwrap(),
            vec![
                l(vec![Node::Identifier("range".into()), field("items")]),
                l(vec![field("name")]),
                Node::Text(",".into()),
                l(vec![Node::Identifier("end".into())]),
            ]
        );
        assert!(parse(r"{\\\}").is_err());
        let os_image = || vec![field("status"), field("nodeInfo"), field("osImage")];
        for (template, text) in [
            (r#"{[?(@.status.nodeInfo.osImage == "()")]}"#, "()"),
            (r#"{[?(@.status.nodeInfo.osImage == "(\"\")")]}"#, "(\"\")"),
            (r#"{[?(@.status.nodeInfo.osImage == 'Linux')]}"#, "Linux"),
            (r#"{[?(@.status.nodeInfo.osImage == "{[()]}")]}"#, "{[()]}"),
            (r#"{[?(@.status.nodeInfo.osImage == "''")]}"#, "''"),
            (r#"{[?(@.status.nodeInfo.osImage == '""')]}"#, "\"\""),
            (r"{[?(@.status.nodeInfo.osImage == '\\\'')]}", "\\'"),
        ] {
            assert_eq!(
                parse(template).unwrap(),
                vec![l(vec![Node::Filter(os_image(), vec![Node::Text(text.into())], "==".into())])],
                "{template}"
            );
        }
        assert_eq!(
            parse(r#"{[?(@.test == "())(")]}"#).unwrap(),
            vec![l(vec![Node::Filter(vec![field("test")], vec![Node::Text("())(".into())], "==".into())])]
        );
        assert_eq!(parse("{[-5:]}").unwrap(), vec![l(vec![array([(-5, true, false), (0, false, false), (0, false, false)])])]);
        assert_eq!(parse("{[-1]}").unwrap(), vec![l(vec![array([(-1, true, false), (0, true, true), (0, false, false)])])]);
        assert_eq!(parse("{[1:-1]}").unwrap(), vec![l(vec![array([(1, true, false), (-1, true, false), (0, false, false)])])]);
    }

    // TestFailParser, plus the other messages parser.go can give.
    #[test]
    fn parser_errors() {
        for (template, err) in [
            ("{.hello", "unclosed action"),
            ("{*}", "unrecognized character in action: U+002A '*'"),
            ("{+12.3.0}", "cannot parse number +12.3.0"),
            ("{[1}", "unterminated array"),
            ("{[?(.price]}", "unterminated filter"),
            ("{........}", "invalid multiple recursive descent"),
            ("{.a[?(@.b==1)}", "unclosed array expect ]"),
            ("{.a[x]}", "invalid array index x"),
            (r#"{.a["x"]}"#, r#"invalid array index "x""#),
            ("{.a[-]}", "array index - is not a number"),
            (r#"{"abc}"#, "unterminated quoted string"),
            (r#"{"\q"}"#, r#"unquote string "\q" error invalid syntax"#),
            ("{\t}", "unrecognized character in action: U+0009"),
        ] {
            assert_eq!(parse(template).unwrap_err(), err, "{template}");
        }
    }

    #[test]
    fn quotes_unescape_as_go_does() {
        assert_eq!(unquote_extend(r#""a\tb\n""#).unwrap(), "a\tb\n");
        assert_eq!(unquote_extend(r"'it\'s'").unwrap(), "it's");
        assert_eq!(unquote_extend(r#""\u00e9\x41\101""#).unwrap(), "éAA");
        assert!(unquote_extend(r#""\'""#).is_err());
    }
}
