//! The container's `/bin/sh -c SCRIPT`, as far as kubeplay runs it: statements joined by
//! `;`, `&&`, `||` and newlines; `while`/`until`/`for`/`if`; variables; `echo`, `printf`,
//! `sleep`, `exit`, `date`, `env`, `touch`, `rm`, `cat`, `test`, redirections into files
//! (which exec probes see), `$((…))` and `$(…)`. What it does not run it says so in the
//! container's log, once per program. A loop that repeats for good is run three turns;
//! what changes between them (a counter, the date) is followed in the turns drawn after.
//! A loop that never waits would print without end: its output is capped at `LOG_CAP`
//! lines, which the log says once.

use super::{exits, external, forever, network, print_env, program, sleep_time, Ctx};
use crate::model::pod_runtime::{FileSpan, Piece, Process, Repeat, Script, LOG_CAP};
use crate::time::Millis;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Programs every image here has (busybox or coreutils) whose effect kubeplay does not
/// simulate: a script that calls one is told so in its log.
const NOT_SIMULATED: &[&str] = &[
    "awk",
    "sed",
    "grep",
    "egrep",
    "cut",
    "sort",
    "uniq",
    "head",
    "wc",
    "tr",
    "nc",
    "netstat",
    "ps",
    "kill",
    "hostname",
    "id",
    "whoami",
    "uname",
    "mount",
    "df",
    "du",
    "find",
    "xargs",
    "stat",
    "tee",
    "md5sum",
    "sha256sum",
    "base64",
    "tar",
    "gzip",
    "gunzip",
    "vi",
    "less",
    "more",
    "expr",
    "dd",
    "nohup",
    "timeout",
    "watch",
    "which",
    "readlink",
    "realpath",
    "ip",
    "ifconfig",
    "route",
    "wget",
    "curl",
    "nslookup",
    "ping",
    "dig",
    "host",
    "apk",
    "apt-get",
    "apt",
    "yum",
    "dnf",
    "pip",
    "npm",
    "top",
    "free",
    "lsof",
    "telnet",
    "openssl",
];

/// The tools that reach the pod's network under `kubectl exec`.
const NETWORK_TOOLS: &[&str] = &["nslookup", "getent", "curl", "wget", "nc", "redis-cli"];

/// Builtins and utilities with no output whose effect does not matter here.
const SILENT: &[&str] =
    &["mkdir", "chmod", "chown", "ln", "set", "trap", "umask", "ulimit", "sync", "wait", "shift", "unset", "source", "."];

/// How kubeplay's own lines in a container's log begin.
const NOTE: &str = "kubeplay: ";

/// What creating or removing a file takes: a probe at the very second a script's
/// `sleep 30; rm …` ends still finds the file, as on a real node.
const FILE_OP: Millis = 1;

/// The most statements one script runs before kubeplay stops following it.
const MAX_STEPS: usize = 20_000;

/// A statement joined to the one before by `;`, `&&` or `||`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Join {
    Seq,
    And,
    Or,
}

#[derive(Clone, Debug)]
enum Node {
    Simple(Simple),
    Loop { until: bool, cond: Vec<(Join, Node)>, body: Vec<(Join, Node)> },
    For { var: String, items: String, body: Vec<(Join, Node)> },
    If { cond: Vec<(Join, Node)>, then: Vec<(Join, Node)>, otherwise: Vec<(Join, Node)> },
}

/// A simple command as written, and its words when it has nothing to expand (no `$`,
/// no backquote): split once when the script is read, not at every run.
#[derive(Clone, Debug)]
struct Simple {
    text: String,
    words: Option<Vec<String>>,
}

impl Simple {
    fn new(text: String) -> Simple {
        let words = if text.contains(['$', '`']) { None } else { crate::words::split(&text).ok() };
        Simple { text, words }
    }
}

/// How a statement ended the script, if it did.
enum Flow {
    Next,
    Break,
    /// `exit N`, or the end of an `exec`'d program.
    Exit(i32),
    /// Runs from here on: the program in the foreground (`exec nginx`, `sleep infinity`).
    Forever(Option<Box<Process>>),
    /// A loop that repeats for good.
    Repeats,
}

/// Splits a script into statements at unquoted `;`, `&`, `&&`, `||` and newlines.
fn statements(script: &str) -> Vec<(Join, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut join = Join::Seq;
    let (mut single, mut double) = (false, false);
    let mut chars = script.chars().peekable();
    let push = |cur: &mut String, join: Join, out: &mut Vec<(Join, String)>| {
        let t = cur.trim().to_string();
        if !t.is_empty() {
            out.push((join, t));
        }
        cur.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '\\' if !single => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                continue;
            }
            '#' if !single && !double && (cur.is_empty() || cur.ends_with(char::is_whitespace)) => {
                // A comment runs to the end of the line.
                while chars.peek().is_some_and(|c| *c != '\n') {
                    chars.next();
                }
                continue;
            }
            ';' | '\n' if !single && !double => {
                push(&mut cur, join, &mut out);
                join = Join::Seq;
                continue;
            }
            '&' | '|' if !single && !double && chars.peek() == Some(&c) => {
                chars.next();
                push(&mut cur, join, &mut out);
                join = if c == '&' { Join::And } else { Join::Or };
                continue;
            }
            '&' if !single && !double && !cur.ends_with('>') && chars.peek() != Some(&'>') => {
                // A background job: kubeplay runs it in turn.
                push(&mut cur, join, &mut out);
                join = Join::Seq;
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    push(&mut cur, join, &mut out);
    out
}

/// The first word of a statement and the rest.
fn keyword(stmt: &str) -> (&str, &str) {
    let stmt = stmt.trim();
    match stmt.find(char::is_whitespace) {
        Some(i) => (&stmt[..i], stmt[i..].trim_start()),
        None => (stmt, ""),
    }
}

/// Builds the statements into nodes until one of `ends` opens a statement; returns the
/// nodes and the ending keyword with the rest of its statement.
fn block(list: &[(Join, String)], i: &mut usize, ends: &[&str]) -> Block {
    let mut out = Vec::new();
    while *i < list.len() {
        let (join, stmt) = (list[*i].0, list[*i].1.clone());
        let (word, rest) = keyword(&stmt);
        if ends.contains(&word) {
            *i += 1;
            return (out, Some((word.to_string(), rest.to_string())));
        }
        *i += 1;
        let node = match word {
            "while" | "until" => {
                let mut sub = vec![(Join::Seq, rest.to_string())];
                let (cond, end) = block_from(&mut sub, list, i, &["do"]);
                let body = match end {
                    Some((_, first)) => block_with_first(first, list, i, &["done"]).0,
                    None => vec![],
                };
                Node::Loop { until: word == "until", cond, body }
            }
            "for" => {
                let (var, items) = keyword(rest);
                let items = items.strip_prefix("in").map(str::trim).unwrap_or("").to_string();
                let (_, end) = block(list, i, &["do"]);
                let body = match end {
                    Some((_, first)) => block_with_first(first, list, i, &["done"]).0,
                    None => vec![],
                };
                Node::For { var: var.to_string(), items, body }
            }
            "if" => if_node(rest.to_string(), list, i),
            _ => Node::Simple(Simple::new(stmt)),
        };
        out.push((join, node));
    }
    (out, None)
}

/// `if COND; then …; [elif …;] [else …;] fi`, after the `if`.
fn if_node(first: String, list: &[(Join, String)], i: &mut usize) -> Node {
    let mut sub = vec![(Join::Seq, first)];
    let (cond, end) = block_from(&mut sub, list, i, &["then"]);
    let (then, end) = match end {
        Some((_, f)) => block_with_first(f, list, i, &["else", "elif", "fi"]),
        None => (vec![], None),
    };
    let otherwise = match end {
        Some((kw, f)) if kw == "else" => block_with_first(f, list, i, &["fi"]).0,
        // `elif` is an `if` inside the `else`, which reads the one `fi`.
        Some((kw, f)) if kw == "elif" => vec![(Join::Seq, if_node(f, list, i))],
        _ => vec![],
    };
    Node::If { cond, then, otherwise }
}

/// `block`, reading first the statements in `sub` (the rest of the opening statement).
fn block_from(sub: &mut Vec<(Join, String)>, list: &[(Join, String)], i: &mut usize, ends: &[&str]) -> Block {
    sub.extend(list[*i..].iter().cloned());
    let mut j = 0;
    let (nodes, end) = block(sub, &mut j, ends);
    // `j` counts the one statement from `sub` as well as those from `list`.
    *i += j.saturating_sub(1);
    (nodes, end)
}

/// `block` whose first statement is `first` (what followed `do`, `then` or `else`).
fn block_with_first(first: String, list: &[(Join, String)], i: &mut usize, ends: &[&str]) -> Block {
    if first.trim().is_empty() {
        return block(list, i, ends);
    }
    let mut sub = vec![(Join::Seq, first)];
    block_from(&mut sub, list, i, ends)
}

/// Statements up to an ending keyword, and that keyword with the rest of its statement.
type Block = (Vec<(Join, Node)>, Option<(String, String)>);

/// A running script's state.
struct Sh<'a, 'b> {
    cx: &'a Ctx<'b>,
    t: Millis,
    lines: Vec<(Millis, String)>,
    files: Vec<FileSpan>,
    vars: Vec<(String, String)>,
    status: i32,
    /// Programs already reported as not simulated.
    told: BTreeSet<String>,
    steps: usize,
    /// The loop that repeats for good, once found.
    repeat: Option<Repeat>,
    /// busybox's wording (`cat: can't open 'x'`) or coreutils' (`cat: x`).
    busybox: bool,
    /// Run by bash, not by the image's `sh` (bash words its errors its own way).
    bash: bool,
    /// The first `mounted` of `files` are the volumes' files, not the script's.
    mounted: usize,
    /// The working directory relative paths are read from (`cd` changes it).
    cwd: String,
    /// `$(…)` being read, one inside another.
    depth: usize,
    /// The line in `lines` whose newline has not been written yet (`echo -n`, `cat` of
    /// a file without a last newline): what is written next goes on with it.
    open: Option<usize>,
}

/// How many turns of a loop that repeats for good are run before the rest is inferred.
const TURNS_READ: usize = 3;

/// One turn of a loop: when it started (from the process's start), how long it took and
/// what it printed (at offsets from its start).
struct Turn {
    start: Millis,
    period: Millis,
    lines: Vec<(Millis, String)>,
}

/// The lines of a loop's turns, from the second on, that change from turn to turn:
/// numbers that grow by the same step each turn and the date as `date` prints it when
/// the line is written. `None` when the turns differ otherwise (in length, timing, text).
fn varying(turns: &[Turn], from: usize, started: Millis) -> Option<Vec<(usize, Vec<Piece>)>> {
    let last = turns.last()?;
    if turns.iter().any(|t| t.period != last.period || t.lines.len() != last.lines.len()) {
        return None;
    }
    let mut out = Vec::new();
    for j in 0..last.lines.len() {
        if turns.iter().all(|t| t.lines[j] == last.lines[j]) {
            continue;
        }
        if turns.iter().any(|t| t.lines[j].0 != last.lines[j].0) || turns.len() < TURNS_READ {
            return None;
        }
        let read: Vec<Vec<Token>> = turns.iter().map(|t| tokens(&t.lines[j].1, started + t.start + t.lines[j].0)).collect();
        if read.iter().any(|r| r.len() != read[0].len()) {
            return None;
        }
        let mut pieces = Vec::new();
        for i in 0..read[0].len() {
            let column: Vec<&Token> = read.iter().map(|r| &r[i]).collect();
            let piece = match column[0] {
                Token::Date => column.iter().all(|t| **t == Token::Date).then_some(Piece::Date { started })?,
                Token::Text(a) => column.iter().all(|t| matches!(t, Token::Text(b) if b == a)).then(|| Piece::Text(a.clone()))?,
                Token::Number(_) => {
                    let n: Vec<i64> =
                        column.iter().map(|t| if let Token::Number(n) = t { Some(*n) } else { None }).collect::<Option<_>>()?;
                    let step = n[1].wrapping_sub(n[0]);
                    if n.windows(2).any(|w| w[1].wrapping_sub(w[0]) != step) {
                        return None;
                    }
                    // The repeat draws the turns from `from` on.
                    Piece::Count { first: *n.get(from)?, step }
                }
            };
            pieces.push(piece);
        }
        out.push((j, pieces));
    }
    Some(out)
}

#[derive(Debug, PartialEq)]
enum Token {
    Text(String),
    Number(i64),
    Date,
}

/// A line as text, runs of digits, and the date `date` would print at `at`.
fn tokens(line: &str, at: Millis) -> Vec<Token> {
    let date = crate::time::date_text(at);
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(date.as_str()) {
            out.push(Token::Date);
            rest = after;
            continue;
        }
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            match rest[..digits].parse::<i64>() {
                Ok(n) => out.push(Token::Number(n)),
                Err(_) => out.push(Token::Text(rest[..digits].to_string())),
            }
            rest = &rest[digits..];
            continue;
        }
        let ch = rest.chars().next().expect("not empty").len_utf8();
        match out.last_mut() {
            Some(Token::Text(t)) => t.push_str(&rest[..ch]),
            _ => out.push(Token::Text(rest[..ch].to_string())),
        }
        rest = &rest[ch..];
    }
    out
}

/// A `$(…)` or `$((…))` nested deeper than this gives nothing (the page's stack is small).
const MAX_SUBSTITUTIONS: usize = 16;

/// What a `$` form found in a statement reads.
enum Sub<'a> {
    Arith(&'a str),
    Command(&'a str),
}

/// Where the `close` that ends a form opened just before `text` is, counting the
/// parentheses opened and closed on the way.
fn closing(text: &str, close: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if depth == 0 && text[i..].starts_with(close) {
            return Some(i);
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1)?,
            _ => {}
        }
    }
    None
}

/// `sh -c SCRIPT` (`bash -c SCRIPT` when `bash`).
pub(super) fn script(text: &str, cx: &Ctx, bash: bool) -> Process {
    let nodes = parsed(text);
    let mut sh = Sh::new(cx);
    sh.bash = bash;
    let flow = sh.nodes(&nodes);
    sh.finish(flow, true)
}

/// A script read into nodes, shared by every run of its text.
type Nodes = Rc<Vec<(Join, Node)>>;

/// The script's statements as nodes. Reading a script depends on its text alone, and
/// the pods of a Job or a DaemonSet run one script thousands of times: the last few
/// read are kept.
fn parsed(text: &str) -> Nodes {
    const KEEP: usize = 16;
    thread_local! {
        static KEPT: RefCell<Vec<(String, Nodes)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(nodes) = KEPT.with(|k| k.borrow().iter().find(|(t, _)| t == text).map(|(_, n)| n.clone())) {
        return nodes;
    }
    let list = statements(text);
    let mut i = 0;
    let nodes = Rc::new(block(&list, &mut i, &[]).0);
    KEPT.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() == KEEP {
            k.remove(0);
        }
        k.push((text.to_string(), nodes.clone()));
    });
    nodes
}

/// A command run directly as PID 1 (no shell: no variables or redirections).
pub(super) fn command(argv: &[String], cx: &Ctx) -> Process {
    let mut sh = Sh::new(cx);
    match sh.run_words(argv.to_vec(), true) {
        Err(p) => *p,
        Ok(flow) => sh.finish(flow, false),
    }
}

impl<'a, 'b> Sh<'a, 'b> {
    fn new(cx: &'a Ctx<'b>) -> Sh<'a, 'b> {
        let busybox = matches!(cx.image.behaviour.program, "sh" | "/bin/sh");
        Sh {
            cx,
            t: 0,
            lines: vec![],
            files: cx
                .mounted
                .iter()
                .map(|(path, content)| FileSpan { path: path.clone(), from: 0, until: None, content: content.clone() })
                .collect(),
            vars: cx.env.to_vec(),
            status: 0,
            told: BTreeSet::new(),
            steps: 0,
            repeat: None,
            busybox,
            bash: false,
            mounted: cx.mounted.len(),
            cwd: if cx.image.workdir.is_empty() { "/".into() } else { cx.image.workdir.clone() },
            depth: 0,
            open: None,
        }
    }

    /// A whole line written (its newline too).
    fn say(&mut self, line: impl Into<String>) {
        match self.open.take() {
            Some(i) => self.lines[i].1.push_str(&line.into()),
            None => self.lines.push((self.t, line.into())),
        }
    }

    /// Text written as a stream: it goes on with an open line, and its last line stays
    /// open unless the text ends with a newline.
    fn emit(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let (body, closed) = match text.strip_suffix('\n') {
            Some(body) => (body, true),
            None => (text, false),
        };
        let mut pieces = body.split('\n');
        self.say(pieces.next().unwrap_or_default());
        for piece in pieces {
            self.say(piece);
        }
        if !closed {
            self.open = Some(self.lines.len() - 1);
        }
    }

    /// What was written since line `before`, as the text a file or `$(…)` receives: an
    /// open line at its end stays without its newline. The callers set aside the line
    /// open before `before`, which the captured output must not go on with.
    fn take_text(&mut self, before: usize) -> String {
        let open_end = self.open.is_some_and(|i| i >= before);
        if open_end {
            self.open = None;
        }
        let lines: Vec<String> = self.lines.drain(before..).map(|(_, l)| l).collect();
        let mut text = lines.join("\n");
        if !lines.is_empty() && !open_end {
            text.push('\n');
        }
        text
    }

    /// The process the script amounts to.
    fn finish(mut self, flow: Flow, script: bool) -> Process {
        let end = if script { self.t + 100 } else { self.t.max(100) };
        let mut p = match flow {
            Flow::Exit(code) => exits(end, code, vec![]),
            Flow::Next | Flow::Break => exits(end, self.status, vec![]),
            Flow::Repeats => forever(vec![]),
            Flow::Forever(None) => forever(vec![]),
            Flow::Forever(Some(fg)) => {
                let mut fg = *fg;
                // The foreground program's own output follows the script's.
                let at = self.t;
                self.lines.extend(std::mem::take(&mut fg.log).into_iter().map(|l| (at, l)));
                fg.startup += at;
                if let Some(s) = fg.script.as_deref_mut() {
                    s.unhealthy_after = s.unhealthy_after.map(|u| u + at);
                }
                fg
            }
        };
        let mut later = Vec::new();
        for (t, line) in self.lines {
            if t == 0 {
                p.log.push(line);
            } else {
                later.push((t, line));
            }
        }
        // The volumes' files stay the volumes': the process keeps what its script wrote.
        let files = self.files.split_off(self.mounted.min(self.files.len()));
        let cores = p.script.as_deref().map_or(0, |s| s.cores);
        let script = Script { later, repeat: self.repeat, files, unhealthy_after: p.unhealthy_after(), unresolved: vec![], cores };
        p.script = (script != Script::default()).then(|| Box::new(script));
        p
    }

    fn nodes(&mut self, nodes: &[(Join, Node)]) -> Flow {
        for (join, node) in nodes {
            match join {
                Join::And if self.status != 0 => continue,
                Join::Or if self.status == 0 => continue,
                _ => {}
            }
            match self.node(node) {
                Flow::Next => {}
                other => return other,
            }
        }
        Flow::Next
    }

    fn node(&mut self, node: &Node) -> Flow {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.note_once("kubeplay", "kubeplay: the simulated shell stopped following this script after 20000 statements");
            return Flow::Forever(None);
        }
        match node {
            Node::Simple(simple) => self.simple(simple),
            Node::If { cond, then, otherwise } => {
                if let f @ (Flow::Exit(_) | Flow::Forever(_) | Flow::Repeats) = self.nodes(cond) {
                    return f;
                }
                if self.status == 0 {
                    self.nodes(then)
                } else {
                    self.status = 0;
                    self.nodes(otherwise)
                }
            }
            Node::For { var, items, body } => {
                let items = crate::words::split(&self.expand(items)).unwrap_or_default();
                for item in items {
                    self.set(var, &item);
                    match self.nodes(body) {
                        Flow::Next => {}
                        Flow::Break => break,
                        other => return other,
                    }
                }
                Flow::Next
            }
            Node::Loop { until, cond, body } => self.looped(*until, cond, body),
        }
    }

    /// A `while`/`until` loop. A condition that is always true (`true`, `:`, `sleep N`)
    /// makes the loop repeat for good after its first turn: its output then repeats.
    fn looped(&mut self, until: bool, cond: &[(Join, Node)], body: &[(Join, Node)]) -> Flow {
        let constant = cond.len() == 1
            && matches!(&cond[0].1, Node::Simple(Simple { text: s, .. }) if matches!(keyword(s).0, "true" | ":" | "sleep") || s == "[ 1 ]" || s == "[ true ]")
            && !until;
        let mut turns = 0;
        // The first turns of a loop that repeats for good: what changes from one to the
        // next (a counter, the date) is followed in the turns after.
        let mut seen: Vec<Turn> = Vec::new();
        loop {
            turns += 1;
            let start = self.t;
            let first_line = self.lines.len();
            if let f @ (Flow::Exit(_) | Flow::Forever(_) | Flow::Repeats) = self.nodes(cond) {
                return f;
            }
            if (self.status == 0) == until {
                self.status = 0;
                return Flow::Next;
            }
            match self.nodes(body) {
                Flow::Next => {}
                Flow::Break => {
                    self.status = 0;
                    return Flow::Next;
                }
                other => return other,
            }
            // A loop waiting on an answer that changes later is followed up to then.
            if self.t > start && self.cx.net.is_some_and(|n| start < n.changes_at()) {
                turns = 0;
            }
            if constant || turns >= 1_000 {
                let period = self.t - start;
                // kubeplay's own notes are said once, not every turn.
                let turn = self.lines[first_line..].iter().filter(|(_, l)| !l.starts_with(NOTE));
                let lines: Vec<(Millis, String)> = turn.map(|(t, l)| (t - start, l.clone())).collect();
                seen.push(Turn { start, period, lines: lines.clone() });
                if constant && period > 0 && seen.len() < TURNS_READ && turns < 1_000 {
                    continue;
                }
                // A first turn unlike the others (it began the output the others go on
                // with, as `echo -en '\n\n'` after an open line) is not part of the repeat.
                let first_apart = seen.len() > 2 && seen[0].lines.len() != seen[1].lines.len();
                let found = if first_apart { varying(&seen[1..], 0, self.cx.started) } else { varying(&seen, 1, self.cx.started) };
                let (repeat_from, lines, varying) = match found {
                    // The turns after the first are the repeat's: drawn from it, not kept twice.
                    Some(v) if seen.len() > 1 => {
                        let from = seen[1].start;
                        let kept: Vec<(Millis, String)> = self.lines.drain(..).filter(|(t, l)| *t < from || l.starts_with(NOTE)).collect();
                        self.lines = kept;
                        (from, seen[1].lines.clone(), v)
                    }
                    Some(v) => (self.t, lines, v),
                    None => {
                        self.note_once("turns", "kubeplay: this loop's lines change from turn to turn in a way the simulation does not follow; its later turns repeat this one");
                        (self.t, lines, vec![])
                    }
                };
                if period == 0 {
                    // It never waits: a real container would print this for good, as fast
                    // as the CPU allows.
                    let notes: Vec<(Millis, String)> = self.lines.drain(first_line..).filter(|(_, l)| l.starts_with(NOTE)).collect();
                    self.lines.extend(notes);
                    self.lines.push((self.t, format!("kubeplay: this loop never waits, so it prints without end and uses a whole CPU; the simulation keeps {LOG_CAP} lines of its output")));
                }
                self.repeat = Some(Repeat { start: repeat_from, period, lines, varying });
                self.open = None;
                return Flow::Repeats;
            }
        }
    }

    fn set(&mut self, name: &str, value: &str) {
        self.vars.retain(|(n, _)| n != name);
        self.vars.push((name.to_string(), value.to_string()));
    }

    /// `$?`, `$NAME` and `${NAME}` replaced (empty when unset), `$((EXPR))` evaluated and
    /// `$(COMMAND)` or `` `COMMAND` `` replaced by what the command prints, left to right.
    fn expand(&mut self, text: &str) -> String {
        let status;
        let text = if text.contains("$?") {
            status = text.replace("$?", &self.status.to_string());
            status.as_str()
        } else {
            text
        };
        if !text.contains("$(") && !text.contains('`') {
            return shell_vars(text, &self.vars);
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find(['$', '`']) {
            let (before, at) = rest.split_at(i);
            out.push_str(&shell_vars(before, &self.vars));
            let found = if let Some(inner) = at.strip_prefix("$((") {
                closing(inner, "))").map(|end| (Sub::Arith(&inner[..end]), &inner[end + 2..]))
            } else if let Some(inner) = at.strip_prefix("$(") {
                closing(inner, ")").map(|end| (Sub::Command(&inner[..end]), &inner[end + 1..]))
            } else if let Some(inner) = at.strip_prefix('`') {
                inner.find('`').map(|end| (Sub::Command(&inner[..end]), &inner[end + 1..]))
            } else {
                None
            };
            match found {
                Some((Sub::Arith(expr), after)) => {
                    let value = self.arith(expr);
                    out.push_str(&value);
                    rest = after;
                }
                Some((Sub::Command(command), after)) => {
                    let printed = self.substitute(command);
                    out.push_str(&printed);
                    rest = after;
                }
                None => {
                    // A lone `$` (or `$NAME`, which the next round reads) or an unclosed form.
                    let ch = at.chars().next().expect("found").len_utf8();
                    let (head, tail) = at.split_at(ch);
                    if head == "$" && (tail.starts_with('{') || tail.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')) {
                        let end = if tail.starts_with('{') {
                            tail.find('}').map_or(tail.len(), |e| e + 1)
                        } else {
                            tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len())
                        };
                        out.push_str(&shell_vars(&at[..1 + end], &self.vars));
                        rest = &tail[end..];
                    } else {
                        out.push_str(head);
                        rest = tail;
                    }
                }
            }
        }
        out.push_str(&shell_vars(rest, &self.vars));
        out
    }

    /// `$((EXPR))`: its value, or the shell's error in the log and nothing.
    fn arith(&mut self, expr: &str) -> String {
        if self.depth >= MAX_SUBSTITUTIONS {
            self.note_once("$((", "kubeplay: the simulated shell stops nesting $((…)) here");
            return String::new();
        }
        self.depth += 1;
        let expr = self.expand(expr);
        self.depth -= 1;
        let vars = self.vars.clone();
        let get = |n: &str| vars.iter().rev().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default();
        let mut writes: Vec<(String, i64)> = Vec::new();
        let mut set = |n: &str, v: i64| writes.push((n.to_string(), v));
        let result = super::arith::eval(&expr, &get, &mut set);
        for (n, v) in writes {
            self.set(&n, &v.to_string());
        }
        match result {
            Ok(v) => v.to_string(),
            Err(e) => {
                self.say(format!("sh: {e}"));
                self.status = 2;
                String::new()
            }
        }
    }

    /// `$(COMMAND)`: what the command prints, trailing newlines dropped; the command runs
    /// in the script's own time, so a `$(date)` in a loop tells each turn's time.
    fn substitute(&mut self, command: &str) -> String {
        if self.depth >= MAX_SUBSTITUTIONS {
            self.note_once("$(", "kubeplay: the simulated shell stops nesting $(…) here");
            return String::new();
        }
        self.depth += 1;
        let text = self.expand(command);
        let before = self.lines.len();
        // The command's output is captured, not written after an open line.
        let open = self.open.take();
        let flow = match crate::words::split(&text) {
            Ok(words) => self.run_words(words, false),
            Err(e) => {
                self.say(format!("sh: syntax error: {e}"));
                Ok(Flow::Exit(2))
            }
        };
        self.depth -= 1;
        let mut joined = self.take_text(before);
        self.open = open;
        if !matches!(flow, Ok(Flow::Next) | Ok(Flow::Exit(_))) {
            self.note_once(
                &format!("$({command})"),
                &format!("kubeplay: the simulated shell does not wait for $({command}) to end; it goes on without its output"),
            );
            return String::new();
        }
        while joined.ends_with('\n') {
            joined.pop();
        }
        joined
    }

    fn note_once(&mut self, what: &str, line: &str) {
        // kubeplay's own line, never part of one the script is writing.
        if self.told.insert(what.to_string()) {
            self.lines.push((self.t, line.to_string()));
        }
    }

    fn simple(&mut self, simple: &Simple) -> Flow {
        let stmt = simple.text.as_str();
        // bash's `NAME=(a b c)`: element i is the variable `NAME[i]`, `$NAME` the first.
        if let Some((name, items)) = stmt.split_once("=(").filter(|(n, i)| is_name(n) && i.ends_with(')')) {
            let text = self.expand(&items[..items.len() - 1]);
            let items = crate::words::split(&text).unwrap_or_default();
            let element = format!("{name}[");
            self.vars.retain(|(n, _)| n != name && !n.starts_with(&element));
            for (i, item) in items.iter().enumerate() {
                self.set(&format!("{name}[{i}]"), item);
            }
            self.set(name, items.first().map_or("", String::as_str));
            self.status = 0;
            return Flow::Next;
        }
        let split = match &simple.words {
            Some(words) => Ok(words.clone()),
            None => crate::words::split(&self.expand(stmt)),
        };
        let mut words = match split {
            Ok(w) => w,
            Err(e) => {
                self.say(format!("sh: syntax error: {e}"));
                return Flow::Exit(2);
            }
        };
        // Redirections: `> FILE`, `>> FILE`, `2>&1`, `>/dev/null` (the output is dropped).
        // The last one of standard output wins, as in a real shell.
        let mut into: Option<(Option<String>, bool)> = None;
        let mut kept = Vec::with_capacity(words.len());
        let mut all = words.into_iter();
        while let Some(w) = all.next() {
            let Some(i) = w.find('>').filter(|&i| w[..i].chars().all(|c| c.is_ascii_digit())) else {
                kept.push(w);
                continue;
            };
            // `2>…`: the operator is the word's start.
            let (stderr, target) = (w.starts_with('2'), &w[i + 1..]);
            let append = target.starts_with('>');
            let target = target.trim_start_matches('>');
            let target = if target.is_empty() { all.next().unwrap_or_default() } else { target.to_string() };
            if !target.starts_with('&') && !stderr {
                into = Some(((target != "/dev/null").then_some(target), append));
            }
        }
        words = kept;
        if let Some(bar) = words.iter().position(|w| w == "|") {
            let first = words[..bar].join(" ");
            self.note_once("|", &format!("kubeplay: the simulated shell does not run pipelines ('|') yet; it ran only '{first}'"));
            words.truncate(bar);
        }
        // `NAME=value` alone sets a variable.
        if !words.is_empty() && words.iter().all(|w| w.split_once('=').is_some_and(|(n, _)| is_name(n))) {
            for w in &words {
                let (n, v) = w.split_once('=').expect("checked");
                self.set(n, v);
            }
            self.status = 0;
            return Flow::Next;
        }
        let before = self.lines.len();
        // Redirected output goes to the file, not after the terminal's open line.
        let open = if into.is_some() { self.open.take() } else { None };
        let flow = match self.run_words(words, false) {
            Ok(flow) => flow,
            Err(p) => Flow::Forever(Some(p)),
        };
        if let Some((path, append)) = into {
            let text = self.take_text(before);
            self.open = open;
            let Some(path) = path else { return flow };
            let mut content = if append { self.file(&path).map(|f| f.content.clone()).unwrap_or_default() } else { String::new() };
            content.push_str(&text);
            self.write(&path, content);
        }
        flow
    }

    /// `path` from the working directory, as an absolute path.
    fn resolve(&self, path: &str) -> String {
        let full = if path.starts_with('/') { path.to_string() } else { format!("{}/{path}", self.cwd.trim_end_matches('/')) };
        let mut parts: Vec<&str> = Vec::new();
        for p in full.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        format!("/{}", parts.join("/"))
    }

    fn file(&self, path: &str) -> Option<&FileSpan> {
        let path = self.resolve(path);
        self.files.iter().rev().find(|f| f.path == path && f.until.is_none())
    }

    /// Whether `path` lies in a directory whose files are all known (a mounted volume's).
    fn in_volume(&self, path: &str) -> bool {
        // A volume's mount point holds the kubelet's `..data` marker.
        let mounted = &self.files[..self.mounted.min(self.files.len())];
        let path = self.resolve(path);
        let mut dir = path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if parent.is_empty() {
                return false;
            }
            if mounted.iter().any(|f| f.path.strip_prefix(parent) == Some("/..data")) {
                return true;
            }
            dir = parent;
        }
        false
    }

    /// What `ls DIR` prints: the names right under `dir` that a file's path goes
    /// through, sorted; names starting with a dot (a volume's `..data`) are hidden.
    fn entries(&self, dir: &str) -> Vec<String> {
        let prefix = format!("{}/", self.resolve(dir).trim_end_matches('/'));
        let mut out: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.until.is_none())
            .filter_map(|f| f.path.strip_prefix(&prefix))
            .filter_map(|rest| rest.split('/').next())
            .filter(|n| !n.is_empty() && !n.starts_with('.'))
            .map(String::from)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn write(&mut self, path: &str, content: String) {
        self.remove(path);
        let path = self.resolve(path);
        self.files.push(FileSpan { path, from: self.t, until: None, content });
    }

    fn remove(&mut self, path: &str) -> bool {
        let t = self.t;
        let path = self.resolve(path);
        let mut found = false;
        for f in self.files.iter_mut().filter(|f| f.path == path && f.until.is_none()) {
            f.until = Some(t);
            found = true;
        }
        found
    }

    fn missing(&self, tool: &str, path: &str) -> String {
        match (self.busybox, tool) {
            (true, "cat") => format!("cat: can't open '{path}': No such file or directory"),
            (true, "rm") => format!("rm: can't remove '{path}': No such file or directory"),
            (true, _) => format!("{tool}: {path}: No such file or directory"),
            (false, "rm") => format!("rm: cannot remove '{path}': No such file or directory"),
            (false, "ls") => format!("ls: cannot access '{path}': No such file or directory"),
            (false, _) => format!("{tool}: {path}: No such file or directory"),
        }
    }

    /// Runs one command. `Err`: a program that cannot start at all (only as PID 1).
    fn run_words(&mut self, words: Vec<String>, pid1: bool) -> Result<Flow, Box<Process>> {
        // Borrowed, not copied: every command of every container's script comes here.
        let Some(first) = words.first() else { return Ok(Flow::Next) };
        let prog = program(first);
        let args = &words[1..];
        let dns_tool = matches!(prog, "nslookup" | "getent");
        if self.cx.net.is_some_and(|n| dns_tool || !n.dns_only()) && NETWORK_TOOLS.contains(&prog) && self.has_tool(prog) {
            let code = self.network_tool(prog, args);
            self.status = code;
            return Ok(Flow::Next);
        }
        if super::own_program(first, self.cx) {
            let p = external(&words, self.cx).expect("the image's own program runs");
            return Ok(self.foreground(p));
        }
        let status = match prog {
            "exec" if !args.is_empty() => {
                return Ok(match self.run_words(args.to_vec(), pid1)? {
                    Flow::Next => Flow::Exit(self.status),
                    other => other,
                })
            }
            "cd" => {
                let to = args.first().map_or("/root", String::as_str);
                self.cwd = self.resolve(to);
                0
            }
            "pwd" => {
                let cwd = self.cwd.clone();
                self.say(cwd);
                0
            }
            "exit" => return Ok(Flow::Exit(args.first().and_then(|c| c.parse().ok()).unwrap_or(self.status))),
            "break" => return Ok(Flow::Break),
            "true" | ":" => 0,
            "false" => 1,
            "sleep" => match sleep_time(args.first()) {
                Some(ms) => {
                    self.t = self.t.saturating_add(ms);
                    0
                }
                None if args.is_empty() => {
                    self.say("sleep: missing operand");
                    1
                }
                None => return Ok(Flow::Forever(None)),
            },
            "echo" => {
                let (mut a, mut escapes, mut newline) = (args, false, true);
                while let Some(flag) = a.first().filter(|f| matches!(f.as_str(), "-n" | "-e" | "-ne" | "-en" | "-E")) {
                    escapes |= flag.contains('e');
                    newline &= !flag.contains('n');
                    a = &a[1..];
                }
                let text = a.join(" ");
                let mut text = if escapes { text.replace("\\n", "\n").replace("\\t", "\t") } else { text };
                if newline {
                    text.push('\n');
                }
                self.emit(&text);
                0
            }
            "printf" => {
                let text = printf(args);
                self.emit(&text);
                0
            }
            "date" => {
                if args.iter().any(|a| a.starts_with('+')) {
                    self.note_once("date+", "kubeplay: the simulated date does not format (+FORMAT) yet; it prints its default form");
                }
                let at = self.cx.started + self.t;
                self.say(crate::time::date_text(at));
                0
            }
            "env" | "printenv" => {
                let vars = self.vars.clone();
                let (lines, code) = print_env(args, &vars);
                lines.into_iter().for_each(|l| self.say(l));
                code
            }
            "export" | "readonly" | "local" => {
                for a in args {
                    if let Some((n, v)) = a.split_once('=') {
                        self.set(n, v);
                    }
                }
                0
            }
            "touch" => {
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    if self.file(f).is_none() {
                        self.write(f, String::new());
                    }
                }
                self.t += FILE_OP;
                0
            }
            "rm" => {
                let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
                let mut code = 0;
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    if !self.remove(f) && !force {
                        let m = self.missing("rm", f);
                        self.say(m);
                        code = 1;
                    }
                }
                self.t += FILE_OP;
                code
            }
            "cat" | "tail" | "head" if !args.iter().any(|a| a == "-f" || a == "-F" || a.starts_with("--follow")) => {
                let mut code = 0;
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    match self.file(f).map(|f| f.content.clone()) {
                        Some(content) => self.emit(&content),
                        None if f == "/etc/resolv.conf" && self.cx.net.is_some() => {
                            let lines = self.cx.net.map(|n| n.resolv_conf()).unwrap_or_default();
                            lines.into_iter().for_each(|l| self.say(l));
                        }
                        // Under a mounted volume kubeplay knows every file there is.
                        None if !self.in_volume(f)
                            && (f.starts_with("/proc/")
                                || f.starts_with("/etc/")
                                || f.starts_with("/sys/")
                                || f.starts_with("/var/run/")) =>
                        {
                            self.note_once(
                                &format!("file {f}"),
                                &format!("kubeplay: the simulated shell does not model the contents of {f}"),
                            );
                        }
                        None => {
                            let m = self.missing("cat", f);
                            self.say(m);
                            code = 1;
                        }
                    }
                }
                code
            }
            "tail" | "yes" if prog == "tail" || args.is_empty() => {
                if prog == "yes" {
                    self.repeat = Some(Repeat { start: self.t, period: 0, lines: vec![(0, "y".into())], varying: vec![] });
                    self.say(format!(
                        "kubeplay: yes prints without end and uses a whole CPU; the simulation keeps {LOG_CAP} lines of its output"
                    ));
                    return Ok(Flow::Repeats);
                }
                return Ok(Flow::Forever(None));
            }
            "ls" => {
                let mut code = 0;
                let here = [".".to_string()];
                let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                let paths = if paths.is_empty() { here.iter().collect() } else { paths };
                for f in paths {
                    let prefix = format!("{}/", self.resolve(f).trim_end_matches('/'));
                    // The image's own tree (`/`, `/bin`, …) is not modelled, only what is
                    // mounted or written: the root would list a few of its directories.
                    let is_dir = prefix != "/" && self.files.iter().any(|x| x.until.is_none() && x.path.starts_with(&prefix));
                    if self.file(f).is_some() {
                        self.say(f.clone());
                    } else if is_dir {
                        let names = self.entries(f);
                        if self.cx.tty {
                            columns(&names, self.busybox).into_iter().for_each(|l| self.say(l));
                        } else {
                            names.into_iter().for_each(|e| self.say(e));
                        }
                    } else if self.resolve(f).starts_with("/tmp/") {
                        let m = self.missing("ls", f);
                        self.say(m);
                        code = if self.busybox { 1 } else { 2 };
                    } else {
                        self.note_once(
                            &format!("ls {f}"),
                            &format!(
                                "kubeplay: the simulated shell does not list {f} (only mounted volumes and files the container wrote)"
                            ),
                        );
                    }
                }
                code
            }
            "test" | "[" | "[[" => self.test(args),
            "cp" | "mv" if args.iter().filter(|a| !a.starts_with('-')).count() == 2 => {
                let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                match self.file(paths[0]).map(|f| f.content.clone()) {
                    Some(content) => {
                        if prog == "mv" {
                            self.remove(paths[0]);
                        }
                        self.write(paths[1], content);
                        0
                    }
                    None => {
                        self.note_once(
                            &format!("{prog} {}", paths[0]),
                            &format!(
                                "kubeplay: the simulated shell does not know {} (only mounted volumes and files the container wrote)",
                                paths[0]
                            ),
                        );
                        0
                    }
                }
            }
            "seq" => {
                let n: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
                let (from, to) = match n.as_slice() {
                    [to] => (1, *to),
                    [from, to, ..] => (*from, *to),
                    _ => (1, 0),
                };
                (from..=to.min(from + LOG_CAP as i64)).for_each(|i| self.say(i.to_string()));
                0
            }
            "rev" if !args.is_empty() => {
                let mut code = 0;
                for f in args.iter().filter(|a| !a.starts_with('-')) {
                    match self.file(f).map(|f| f.content.clone()) {
                        Some(content) => content.lines().for_each(|l| self.say(l.chars().rev().collect::<String>())),
                        None => {
                            let m = self.missing("rev", f);
                            self.say(m);
                            code = 1;
                        }
                    }
                }
                code
            }
            "basename" | "dirname" if !args.is_empty() => {
                let p = args[0].trim_end_matches('/');
                let out = if prog == "basename" {
                    program(p).to_string()
                } else {
                    p.rsplit_once('/').map_or(".".into(), |(d, _)| if d.is_empty() { "/".into() } else { d.to_string() })
                };
                self.say(out);
                0
            }
            p if SILENT.contains(&p) => 0,
            // The kubelet sets the container's UTS host name to the pod's name.
            "hostname" if args.is_empty() && self.cx.net.is_some() => {
                let name = self.cx.net.map(|n| n.hostname()).unwrap_or_default();
                self.say(name);
                0
            }
            p if NOT_SIMULATED.contains(&p) && !(self.cx.net.is_some() && NETWORK_TOOLS.contains(&p)) => {
                self.note_once(p, &format!("kubeplay: the simulated shell does not run '{p}' yet"));
                0
            }
            "sh" | "bash" | "ash" | "dash" => match args.iter().position(|a| a == "-c") {
                Some(i) => {
                    let sub = script(args.get(i + 1).map(String::as_str).unwrap_or(""), self.cx, prog == "bash");
                    return Ok(self.foreground(sub));
                }
                None => 0,
            },
            _ => match external(&words, self.cx) {
                Some(p) => return Ok(self.foreground(p)),
                None if pid1 => {
                    return Err(Box::new(Process {
                        start_error: Some(Box::new(format!("exec: \"{first}\": executable file not found in $PATH"))),
                        ..exits(0, 128, vec![])
                    }))
                }
                None => {
                    let m = if self.bash {
                        format!("bash: line 1: {first}: command not found")
                    } else if self.busybox {
                        format!("sh: {first}: not found")
                    } else {
                        format!("sh: 1: {first}: not found")
                    };
                    self.say(m);
                    127
                }
            },
        };
        self.status = status;
        Ok(Flow::Next)
    }

    /// A program the script waits for: it ends (its output and time join the script's)
    /// or runs for good in the foreground.
    fn foreground(&mut self, p: Process) -> Flow {
        let at = self.t;
        match p.exit {
            Some((after, code)) => {
                p.log.iter().for_each(|l| self.say(l.clone()));
                if !p.later().is_empty() {
                    self.open = None;
                }
                self.lines.extend(p.later().iter().map(|(t, l)| (at + t, l.clone())));
                self.files.extend(p.files().iter().map(|f| FileSpan { from: f.from + at, until: f.until.map(|u| u + at), ..f.clone() }));
                self.t += after;
                self.status = code;
                Flow::Next
            }
            None => {
                if let Some(r) = p.repeat() {
                    self.repeat = Some(Repeat { start: r.start + at, ..r.clone() });
                }
                self.open = None;
                self.lines.extend(p.later().iter().map(|(t, l)| (at + t, l.clone())));
                // What it leaves behind stays its own; what it writes is the script's now.
                let (files, unhealthy_after) = (p.files().to_vec(), p.unhealthy_after());
                let cores = p.script.as_deref().map_or(0, |s| s.cores);
                let script = (!files.is_empty() || unhealthy_after.is_some() || cores > 0)
                    .then(|| Box::new(Script { files, unhealthy_after, cores, ..Script::default() }));
                Flow::Forever(Some(Box::new(Process { script, ..p })))
            }
        }
    }

    /// Runs a network tool against the pod's network; its exit status.
    fn network_tool(&mut self, prog: &str, args: &[String]) -> i32 {
        let net = self.cx.net.expect("checked");
        net.clock(self.t);
        let (lines, code) = match prog {
            "nslookup" => network::nslookup(net, args, self.busybox),
            "getent" => network::getent(net, args),
            "curl" => network::curl(net, args),
            "wget" => network::wget(net, args),
            "redis-cli" => network::redis_cli(net, args),
            _ => match network::nc(net, args) {
                Some(r) => r,
                None => {
                    self.note_once("nc", "kubeplay: the simulated nc only checks whether a port is open (nc -z HOST PORT)");
                    (vec![], 0)
                }
            },
        };
        lines.into_iter().for_each(|l| self.say(l));
        code
    }

    /// Whether the image has the network tool: busybox has nslookup, wget and nc but no
    /// curl or getent; the curl image has curl; glibc distributions have getent; redis
    /// images have redis-cli. Images nobody knows are taken to have what they are asked for.
    fn has_tool(&self, prog: &str) -> bool {
        let own = self.cx.image.behaviour.program;
        let distro = matches!(own, "bash" | "/bin/bash" | "/usr/bin/bash");
        match prog {
            "nslookup" | "wget" | "nc" => self.busybox || own == "/bin/sh" || own == "curl" || self.cx.image.behaviour.open,
            // nginx's images install curl (its Dockerfiles, both Debian and Alpine).
            "curl" => own == "curl" || own.starts_with("nginx") || self.cx.image.behaviour.open || distro,
            "getent" => distro || self.cx.image.behaviour.open,
            "redis-cli" => own.starts_with("redis-server") || own.starts_with("valkey-server") || self.cx.image.behaviour.open,
            _ => false,
        }
    }

    /// `test`/`[ … ]`: files the script wrote, strings and integers.
    fn test(&mut self, args: &[String]) -> i32 {
        let mut a: Vec<&str> = args.iter().map(String::as_str).filter(|w| *w != "]" && *w != "]]").collect();
        let negate = a.first() == Some(&"!");
        if negate {
            a.remove(0);
        }
        let truth = match a.as_slice() {
            [] => false,
            [s] => !s.is_empty(),
            ["-f" | "-e" | "-s" | "-r", path] => self.file(path).is_some_and(|f| a[0] != "-s" || !f.content.is_empty()),
            ["-d", path] => path.starts_with('/') && !path.starts_with("/tmp/"),
            ["-z", s] => s.is_empty(),
            ["-n", s] => !s.is_empty(),
            [x, "=" | "==", y] => x == y,
            [x, "!=", y] => x != y,
            [x, op, y] => {
                let (Ok(x), Ok(y)) = (x.parse::<i64>(), y.parse::<i64>()) else {
                    self.note_once("test", "kubeplay: the simulated shell does not evaluate this test yet");
                    return 0;
                };
                match *op {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    "-ge" => x >= y,
                    _ => false,
                }
            }
            _ => {
                self.note_once("test", "kubeplay: the simulated shell does not evaluate this test yet");
                true
            }
        };
        i32::from(truth == negate)
    }
}

/// `$NAME` and `${NAME}` replaced by the variable's value (empty when unset); `$(`
/// (command substitution) and other `$` forms are left as written.
fn shell_vars(script: &str, env: &[(String, String)]) -> String {
    if !script.contains('$') {
        return script.to_string();
    }
    let lookup = |name: &str| env.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(braced) = after.strip_prefix('{') {
            if let Some(end) = braced.find('}').filter(|e| braced[..*e].chars().all(is_name) && *e > 0) {
                out.push_str(lookup(&braced[..end]));
                rest = &braced[end + 1..];
                continue;
            }
            if let Some(value) = braced.find('}').and_then(|end| array_element(&braced[..end], env)) {
                out.push_str(&value);
                rest = &braced[braced.find('}').unwrap_or_default() + 1..];
                continue;
            }
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            let end = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
            out.push_str(lookup(&after[..end]));
            rest = &after[end..];
            continue;
        }
        out.push('$');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// bash's `${NAME[INDEX]}`, `${NAME[@]}` and `${#NAME[@]}`: INDEX a number or a variable
/// (negative from the end); `None` when `inner` is not of that form.
fn array_element(inner: &str, env: &[(String, String)]) -> Option<String> {
    let (count, inner) = match inner.strip_prefix('#') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let (name, index) = inner.strip_suffix(']')?.split_once('[')?;
    if !is_name(name) {
        return None;
    }
    let get = |n: &str| env.iter().rev().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let all: Vec<&str> = (0..).map_while(|i| get(&format!("{name}[{i}]"))).collect();
    if matches!(index, "@" | "*") {
        return Some(if count { all.len().to_string() } else { all.join(" ") });
    }
    let var = index.trim_start_matches('$').trim_start_matches('{').trim_end_matches('}');
    let i: i64 = match index.parse() {
        Ok(i) => i,
        Err(_) if is_name(var) => get(var).unwrap_or("0").trim().parse().ok()?,
        Err(_) => return None,
    };
    let i = if i < 0 { all.len() as i64 + i } else { i };
    let value = usize::try_from(i).ok().and_then(|i| all.get(i)).copied().unwrap_or("");
    Some(if count { value.chars().count().to_string() } else { value.to_string() })
}

/// `ls` on a terminal 80 columns wide: names down the columns, as many columns as fit,
/// two spaces apart. coreutils sizes each column to its longest name; busybox gives
/// every column the longest name's width.
fn columns(names: &[String], busybox: bool) -> Vec<String> {
    const WIDTH: usize = 80;
    let len = |n: &String| n.chars().count();
    let longest = names.iter().map(len).max().unwrap_or(0);
    let layout = |cols: usize| -> Option<(usize, Vec<usize>)> {
        let rows = names.len().div_ceil(cols);
        let widths: Vec<usize> =
            (0..cols).map(|c| if busybox { longest } else { names.iter().skip(c * rows).take(rows).map(len).max().unwrap_or(0) }).collect();
        let total = widths.iter().sum::<usize>() + 2 * (cols - 1);
        (total < WIDTH || cols == 1).then_some((rows, widths))
    };
    let (rows, widths) = (1..=names.len().max(1)).rev().find_map(layout).unwrap_or((names.len(), vec![longest]));
    (0..rows)
        .map(|r| {
            let row: Vec<(usize, &String)> = (0..widths.len()).filter_map(|c| names.get(c * rows + r).map(|n| (c, n))).collect();
            let mut line = String::new();
            for (k, (c, n)) in row.iter().enumerate() {
                line.push_str(n);
                if k + 1 < row.len() {
                    line.push_str(&" ".repeat(widths[*c] - len(n) + 2));
                }
            }
            line
        })
        .collect()
}

fn is_name(n: &str) -> bool {
    !n.is_empty() && !n.starts_with(|c: char| c.is_ascii_digit()) && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `printf FORMAT ARGS…`: `%s`, `%d` and `%%`, `\n` and `\t`; the format repeats while
/// arguments remain.
fn printf(args: &[String]) -> String {
    let Some(format) = args.first() else { return String::new() };
    let mut rest = args[1..].iter();
    let mut out = String::new();
    loop {
        let mut used = false;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '%' => match chars.next() {
                    Some('%') => out.push('%'),
                    Some(_) => {
                        used = true;
                        out.push_str(rest.next().map(String::as_str).unwrap_or(""));
                    }
                    None => out.push('%'),
                },
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(x) => out.push(x),
                    None => out.push('\\'),
                },
                c => out.push(c),
            }
        }
        if !used || rest.len() == 0 {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::columns;

    #[test]
    fn ls_fills_columns_down_then_across_within_80_characters() {
        let names: Vec<String> = (1..=30).map(|i| format!("file-{i:02}")).collect();
        let gnu = columns(&names, false);
        // Nine columns of "file-NN" (7 wide, 2 apart) fit in 80, so four rows; the names
        // fill eight of them.
        assert_eq!(gnu.len(), 4);
        assert_eq!(gnu[0], "file-01  file-05  file-09  file-13  file-17  file-21  file-25  file-29");
        assert_eq!(gnu[3], "file-04  file-08  file-12  file-16  file-20  file-24  file-28");
        let mixed: Vec<String> = ["a", "bbbbbbbbbbbbbbbbbbbb", "c", "d"].iter().map(|s| s.to_string()).collect();
        // coreutils sizes each column alone; busybox gives all the widest one's width.
        assert_eq!(columns(&mixed, false), ["a  bbbbbbbbbbbbbbbbbbbb  c  d"]);
        assert_eq!(columns(&mixed, true), ["a                     c", "bbbbbbbbbbbbbbbbbbbb  d"]);
    }
}
