//! The part of Go's RE2 syntax a CRD's `pattern` uses: literals, `.`, classes (`[a-z0-9-]`,
//! `[^/]`, `\d \w \s` and their negations), groups with `|`, the quantifiers `* + ? {n}
//! {n,} {n,m}` (greedy and lazy), and the anchors `^ $`. Like Go's `MatchString`, a
//! pattern matches anywhere in the text unless anchored. A pattern outside this subset is
//! refused by `compile`, so the caller can say it does not check it.
//!
//! Groups capture (`(…)`, numbered from 1 by their opening parenthesis; `(?:…)` does
//! not), for ingress-nginx's `rewrite-target`, where nginx (PCRE) matches case-insensitive
//! `~*` locations: `captures` gives the leftmost match's groups as a backtracking engine
//! finds them, which is what PCRE gives for these patterns.

use std::cell::{Cell, RefCell};

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    /// The alternatives, and the group's number when it captures.
    Group(Vec<Vec<Node>>, Option<usize>),
    Repeat(Box<Node>, usize, Option<usize>),
}

#[derive(Clone, Debug)]
pub struct Regex {
    alternatives: Vec<Vec<Node>>,
    groups: usize,
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    _src: &'a str,
    groups: usize,
}

/// What a match carries along: the work left, whether letters match either case, and
/// where each group matched.
struct Cx {
    budget: Cell<usize>,
    fold: bool,
    caps: RefCell<Vec<Option<(usize, usize)>>>,
}

impl Cx {
    fn same(&self, a: char, b: char) -> bool {
        a == b || (self.fold && a.to_lowercase().eq(b.to_lowercase()))
    }
}

const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const SPACE: &[(char, char)] = &[('\t', '\n'), ('\u{c}', '\r'), (' ', ' ')];

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn alternation(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alts = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut seq = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            seq.push(atom);
        }
        Ok(seq)
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let rest: String = self.chars[self.pos..].iter().collect();
                let Some(end) = rest.find('}') else { return Ok(atom) };
                let inner = &rest[1..end];
                let parse = |s: &str| s.trim().parse::<usize>().map_err(|_| format!("unsupported repetition {{{inner}}}"));
                let (min, max) = match inner.split_once(',') {
                    None => {
                        let n = parse(inner)?;
                        (n, Some(n))
                    }
                    Some((a, "")) => (parse(a)?, None),
                    Some((a, b)) => (parse(a)?, Some(parse(b)?)),
                };
                self.pos += inner.chars().count() + 1;
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.pos += 1;
        if matches!(atom, Node::Start | Node::End) {
            return Err("repetition of an anchor".into());
        }
        // A lazy quantifier matches the same texts as a greedy one for a yes/no answer.
        if self.peek() == Some('?') {
            self.pos += 1;
        }
        Ok(Node::Repeat(Box::new(atom), min, max))
    }

    fn escape(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("trailing backslash")?;
        self.pos += 1;
        Ok(match c {
            'd' => Node::Class(DIGIT.to_vec(), false),
            'D' => Node::Class(DIGIT.to_vec(), true),
            'w' => Node::Class(WORD.to_vec(), false),
            'W' => Node::Class(WORD.to_vec(), true),
            's' => Node::Class(SPACE.to_vec(), false),
            'S' => Node::Class(SPACE.to_vec(), true),
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            c if c.is_ascii_punctuation() => Node::Char(c),
            c => return Err(format!("unsupported escape \\{c}")),
        })
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end")?;
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '\\' => self.escape()?,
            '(' => {
                // `(?:…)` is a group that captures nothing.
                let number = if self.chars[self.pos..].starts_with(&['?', ':']) {
                    self.pos += 2;
                    None
                } else if self.peek() == Some('?') {
                    return Err("unsupported group flags".into());
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let alts = self.alternation()?;
                if self.peek() != Some(')') {
                    return Err("missing closing )".into());
                }
                self.pos += 1;
                Node::Group(alts, number)
            }
            '[' => self.class()?,
            '*' | '+' | '?' => return Err(format!("missing argument to repetition operator: `{c}`")),
            c => Node::Char(c),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek().ok_or("missing closing ]")?;
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = if c == '\\' {
                match self.escape()? {
                    Node::Char(x) => x,
                    Node::Class(r, false) => {
                        ranges.extend(r);
                        continue;
                    }
                    _ => return Err("unsupported class escape".into()),
                }
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|n| *n != ']') {
                self.pos += 1;
                let mut hi = self.peek().ok_or("missing closing ]")?;
                self.pos += 1;
                if hi == '\\' {
                    match self.escape()? {
                        Node::Char(x) => hi = x,
                        _ => return Err("unsupported class range".into()),
                    }
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Node::Class(ranges, negated))
    }
}

impl Regex {
    pub fn compile(pattern: &str) -> Result<Regex, String> {
        let mut p = Parser { chars: pattern.chars().collect(), pos: 0, _src: pattern, groups: 0 };
        let alternatives = p.alternation()?;
        if p.pos != p.chars.len() {
            return Err("unexpected )".into());
        }
        Ok(Regex { alternatives, groups: p.groups })
    }

    /// Go's `MatchString`: whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.captures(text, false).is_some()
    }

    /// The leftmost match in `text` (letters of either case when `fold`): the whole
    /// match, then each group's text (`None` for a group that took no part).
    pub fn captures(&self, text: &str, fold: bool) -> Option<Vec<Option<String>>> {
        let chars: Vec<char> = text.chars().collect();
        let root = [Node::Group(self.alternatives.clone(), Some(0))];
        // Bounds the work on a pathological pattern (then: no match).
        let cx = Cx { budget: Cell::new(200_000usize), fold, caps: RefCell::new(vec![None; self.groups + 1]) };
        let found = (0..=chars.len()).any(|start| matches_at(&root, &chars, start, &cx, &mut |_| true));
        found.then(|| cx.caps.borrow().iter().map(|c| c.map(|(a, b)| chars[a..b].iter().collect())).collect())
    }
}

/// Matches `seq` at `pos`, then asks `rest` about where it ended; backtracks through every
/// choice.
fn matches_at(seq: &[Node], text: &[char], pos: usize, cx: &Cx, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    if cx.budget.get() == 0 {
        return false;
    }
    cx.budget.set(cx.budget.get() - 1);
    let Some((first, tail)) = seq.split_first() else {
        return rest(pos);
    };
    match first {
        Node::Char(c) => text.get(pos).is_some_and(|t| cx.same(*t, *c)) && matches_at(tail, text, pos + 1, cx, rest),
        Node::Any => text.get(pos).is_some_and(|c| *c != '\n') && matches_at(tail, text, pos + 1, cx, rest),
        Node::Class(ranges, negated) => {
            let Some(&c) = text.get(pos) else { return false };
            let within = |c: char| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
            let inside = within(c) || (cx.fold && (c.to_lowercase().any(within) || c.to_uppercase().any(within)));
            inside != *negated && matches_at(tail, text, pos + 1, cx, rest)
        }
        Node::Start => pos == 0 && matches_at(tail, text, pos, cx, rest),
        Node::End => pos == text.len() && matches_at(tail, text, pos, cx, rest),
        Node::Group(alts, number) => alts.iter().any(|alt| {
            matches_at(alt, text, pos, cx, &mut |p| {
                // The group's span holds while the rest matches; undone when it does not.
                let before = number.map(|n| cx.caps.borrow_mut()[n].replace((pos, p)));
                let ok = matches_at(tail, text, p, cx, rest);
                if let (false, Some(n), Some(old)) = (ok, number, before) {
                    cx.caps.borrow_mut()[*n] = old;
                }
                ok
            })
        }),
        Node::Repeat(atom, min, max) => repeat(atom, *min, *max, 0, tail, text, pos, cx, rest),
    }
}

#[allow(clippy::too_many_arguments)]
fn repeat(
    atom: &Node,
    min: usize,
    max: Option<usize>,
    done: usize,
    tail: &[Node],
    text: &[char],
    pos: usize,
    cx: &Cx,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if cx.budget.get() == 0 {
        return false;
    }
    // Greedy: one more of the atom first (unless it matched nothing), then stop here.
    if max.is_none_or(|m| done < m) {
        let more = matches_at(std::slice::from_ref(atom), text, pos, cx, &mut |p| {
            !(p == pos && done >= min) && repeat(atom, min, max, done + 1, tail, text, p, cx, rest)
        });
        if more {
            return true;
        }
    }
    done >= min && matches_at(tail, text, pos, cx, rest)
}

#[cfg(test)]
mod tests {
    use super::Regex;

    fn m(p: &str, t: &str) -> bool {
        Regex::compile(p).unwrap().is_match(t)
    }

    #[test]
    fn the_crontab_pattern_of_the_kubernetes_docs() {
        let p = r"^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$";
        assert!(m(p, "* * * * */5"));
        assert!(m(p, "0 */2 * * 1"));
        assert!(!m(p, "* * * *"));
        assert!(!m(p, "* * * * * *"));
        assert!(!m(p, "every minute"));
    }

    #[test]
    fn classes_anchors_and_counts() {
        assert!(m("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "my-app"));
        assert!(!m("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "My-app"));
        assert!(m("b+", "abbbc"), "unanchored finds a match inside");
        assert!(!m("^b+$", "abbbc"));
        assert!(m("^[^/]{2,3}$", "abc"));
        assert!(!m("^[^/]{2,3}$", "a/c"));
        assert!(!m("^[^/]{2,3}$", "abcd"));
        assert!(m(r"^\w+@\w+\.com$", "me@example.com"));
        assert!(m("^(a|ab)c$", "abc"));
    }

    #[test]
    fn groups_capture_as_the_rewrite_example_of_ingress_nginx_needs() {
        let re = Regex::compile("^/something(/|$)(.*)").unwrap();
        let at = |t: &str| re.captures(t, true).map(|c| (c[1].clone().unwrap_or_default(), c[2].clone().unwrap_or_default()));
        assert_eq!(at("/something"), Some((String::new(), String::new())));
        assert_eq!(at("/something/"), Some(("/".into(), String::new())));
        assert_eq!(at("/something/new"), Some(("/".into(), "new".into())));
        assert_eq!(at("/SOMETHING/new"), Some(("/".into(), "new".into())), "~* matches either case");
        assert_eq!(at("/somethingelse"), None);
        assert_eq!(Regex::compile("^/something(/|$)(.*)").unwrap().captures("/SOMETHING", false), None);
        let nested = Regex::compile("^/(?:api)/(v(\\d+))/(.*)$").unwrap().captures("/api/v2/users", false).unwrap();
        assert_eq!(nested, vec![Some("/api/v2/users".into()), Some("v2".into()), Some("2".into()), Some("users".into())]);
        let unused = Regex::compile("^(a)|(b)$").unwrap().captures("b", false).unwrap();
        assert_eq!(unused, vec![Some("b".into()), None, Some("b".into())]);
    }

    #[test]
    fn unsupported_syntax_is_refused_not_misread() {
        assert!(Regex::compile("(?i)abc").is_err());
        assert!(Regex::compile("a(b").is_err());
        assert!(Regex::compile("*a").is_err());
    }
}
