//! The part of Go's RE2 syntax a CRD's `pattern` uses: literals, `.`, classes (`[a-z0-9-]`,
//! `[^/]`, `\d \w \s` and their negations), groups with `|`, the quantifiers `* + ? {n}
//! {n,} {n,m}` (greedy and lazy), and the anchors `^ $`. Like Go's `MatchString`, a
//! pattern matches anywhere in the text unless anchored. A pattern outside this subset is
//! refused by `compile`, so the caller can say it does not check it.

use std::cell::Cell;

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, usize, Option<usize>),
}

#[derive(Clone, Debug)]
pub struct Regex {
    alternatives: Vec<Vec<Node>>,
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    _src: &'a str,
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
                // `(?:…)` is a group that captures nothing: the same for matching.
                if self.chars[self.pos..].starts_with(&['?', ':']) {
                    self.pos += 2;
                } else if self.peek() == Some('?') {
                    return Err("unsupported group flags".into());
                }
                let alts = self.alternation()?;
                if self.peek() != Some(')') {
                    return Err("missing closing )".into());
                }
                self.pos += 1;
                Node::Group(alts)
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
        let mut p = Parser { chars: pattern.chars().collect(), pos: 0, _src: pattern };
        let alternatives = p.alternation()?;
        if p.pos != p.chars.len() {
            return Err("unexpected )".into());
        }
        Ok(Regex { alternatives })
    }

    /// Go's `MatchString`: whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let root = [Node::Group(self.alternatives.clone())];
        // Bounds the work on a pathological pattern (then: no match).
        let budget = Cell::new(200_000usize);
        (0..=chars.len()).any(|start| matches_at(&root, &chars, start, &budget, &mut |_| true))
    }
}

/// Matches `seq` at `pos`, then asks `rest` about where it ended; backtracks through every
/// choice.
fn matches_at(seq: &[Node], text: &[char], pos: usize, budget: &Cell<usize>, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    if budget.get() == 0 {
        return false;
    }
    budget.set(budget.get() - 1);
    let Some((first, tail)) = seq.split_first() else {
        return rest(pos);
    };
    match first {
        Node::Char(c) => text.get(pos) == Some(c) && matches_at(tail, text, pos + 1, budget, rest),
        Node::Any => text.get(pos).is_some_and(|c| *c != '\n') && matches_at(tail, text, pos + 1, budget, rest),
        Node::Class(ranges, negated) => {
            let Some(&c) = text.get(pos) else { return false };
            let inside = ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
            inside != *negated && matches_at(tail, text, pos + 1, budget, rest)
        }
        Node::Start => pos == 0 && matches_at(tail, text, pos, budget, rest),
        Node::End => pos == text.len() && matches_at(tail, text, pos, budget, rest),
        Node::Group(alts) => alts.iter().any(|alt| matches_at(alt, text, pos, budget, &mut |p| matches_at(tail, text, p, budget, rest))),
        Node::Repeat(atom, min, max) => repeat(atom, *min, *max, 0, tail, text, pos, budget, rest),
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
    budget: &Cell<usize>,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if budget.get() == 0 {
        return false;
    }
    // Greedy: one more of the atom first (unless it matched nothing), then stop here.
    if max.is_none_or(|m| done < m) {
        let more = matches_at(std::slice::from_ref(atom), text, pos, budget, &mut |p| {
            !(p == pos && done >= min) && repeat(atom, min, max, done + 1, tail, text, p, budget, rest)
        });
        if more {
            return true;
        }
    }
    done >= min && matches_at(tail, text, pos, budget, rest)
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
    fn unsupported_syntax_is_refused_not_misread() {
        assert!(Regex::compile("(?i)abc").is_err());
        assert!(Regex::compile("a(b").is_err());
        assert!(Regex::compile("*a").is_err());
    }
}
