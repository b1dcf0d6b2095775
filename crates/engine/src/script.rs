//! Scripts: lines a person would type, run one after another into a transcript. The
//! command line runs script files with it, and a lesson's `kubeplay` blocks are run by
//! the same code, on the page and in the command line's lesson checker.

use crate::files::Files;
use crate::terminal::{Step, Terminal};
use crate::Cluster;

/// Cluster options a script may ask for on its first line: `#! --preset kind --seed 7 --nodes 3`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    pub preset: Option<crate::Preset>,
    pub seed: Option<u64>,
    pub nodes: Option<usize>,
}

/// The options of a script's `#!` first line (none without one).
pub fn header(text: &str) -> Result<Header, String> {
    match text.lines().next().and_then(|l| l.strip_prefix("#!")) {
        Some(first) => options(first),
        None => Ok(Header::default()),
    }
}

/// Options written as on the command line: `--preset kind --seed 7 --nodes 3`.
pub fn options(line: &str) -> Result<Header, String> {
    let mut h = Header::default();
    let words: Vec<&str> = line.split_whitespace().collect();
    for pair in words.chunks(2) {
        match pair {
            ["--preset", p] => h.preset = Some(crate::Preset::parse(p).ok_or_else(|| format!("unknown preset {p}"))?),
            ["--seed", s] => h.seed = Some(s.parse().map_err(|_| format!("--seed needs a number, not {s}"))?),
            ["--nodes", n] => h.nodes = Some(n.parse().map_err(|_| format!("--nodes needs a number, not {n}"))?),
            other => return Err(format!("unknown script option {}", other.join(" "))),
        }
    }
    Ok(h)
}

/// Runs every line and returns the transcript: each line after `$ `, then what it printed.
/// A command that waits (`kubectl delete`, `kubectl rollout status`) lets simulated time
/// pass until it is done, as a terminal would.
///
/// `kubectl exec -it POD -- sh` opens the container's terminal: the lines after it are
/// typed into its shell (`^C` and `^D` stand for Ctrl+C and Ctrl+D) until it exits, and
/// the transcript shows them after the shell's prompt, as a terminal does.
pub fn run(c: &mut Cluster, text: &str, files: &dyn Files) -> String {
    let mut out = String::new();
    let mut term: Option<Terminal> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(t) = term.as_mut() {
            let (shown, open) = typed(c, t, line, files);
            out.push_str(&shown);
            if !open {
                term = None;
            }
            continue;
        }
        if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if crate::terminal::runs_attached(line) {
            out.push_str(&attach_after_run(c, line, files, &mut term));
            continue;
        }
        match crate::terminal::open(c, line) {
            Some(Ok(t)) => {
                out.push_str(&format!("$ {line}\n{}", t.screen()));
                term = Some(t);
            }
            Some(Err(o)) => out.push_str(&format!("$ {line}\n{}", o.text())),
            None => out.push_str(&line_of(c, line, files)),
        }
    }
    if term.is_some() {
        // The script ends with the shell still waiting at its prompt.
        out.push('\n');
    }
    out
}

/// The longest kubectl waits for a `kubectl run -i` pod to run (`--pod-running-timeout`).
const POD_RUNNING_TIMEOUT: crate::time::Millis = crate::time::MINUTE;

/// `kubectl run -i … -- sh`: the pod is created, time passes until its container runs,
/// and the terminal attaches (`term`); the transcript's part for the line.
fn attach_after_run(c: &mut Cluster, line: &str, files: &dyn Files, term: &mut Option<Terminal>) -> String {
    let o = c.run(line, files);
    if let Some(t) = crate::terminal::after_debug(c, line, &o) {
        let shown = format!("$ {line}\n{}", t.screen());
        *term = Some(t);
        return shown;
    }
    let mut shown = format!("$ {line}\n{}", o.text());
    let Some(mut t) = crate::terminal::after_run(c, line).filter(|_| o.code == 0) else { return shown };
    let deadline = c.now() + POD_RUNNING_TIMEOUT;
    while t.is_waiting() && c.now() < deadline {
        if let Some(end) = t.poll(c) {
            shown.push_str(&end.text());
            return shown;
        }
        if t.is_waiting() {
            c.run("sleep 1s", files);
        }
    }
    if t.is_waiting() {
        shown.push_str("error: timed out waiting for the condition\n");
        return shown;
    }
    shown.push_str(t.screen());
    *term = Some(t);
    shown
}

/// A line typed into an open terminal: what the screen shows for it, and whether the
/// session is still open.
pub fn typed(c: &mut Cluster, t: &mut Terminal, line: &str, files: &dyn Files) -> (String, bool) {
    let before = t.screen().len();
    if t.poll(c).is_some() {
        return (t.screen()[before..].to_string(), false);
    }
    let open = match t.input(line) {
        Step::Run(kubectl) => {
            let o = c.run(&kubectl, files);
            t.after(o);
            true
        }
        Step::Shown => true,
        Step::End(_) => {
            let deleted = t.closing_line().map(|l| c.run(&l, files));
            t.closed(deleted);
            false
        }
    };
    (t.screen()[before..].to_string(), open)
}

/// One line's part of a transcript: `$ line`, then what it printed (and, for a command
/// that waits, what it printed while time passed).
pub fn line_of(c: &mut Cluster, line: &str, files: &dyn Files) -> String {
    let mut out = format!("$ {line}\n");
    let o = c.run(line, files);
    out.push_str(&o.text());
    if let Some(wait) = &o.wait {
        out.push_str(&c.wait(wait));
    }
    out
}
