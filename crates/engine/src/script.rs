//! Scripts: lines a person would type, run one after another into a transcript. The
//! command line runs script files with it, and a lesson's `kubeplay` blocks are run by
//! the same code, on the page and in the command line's lesson checker.

use crate::files::Files;
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
pub fn run(c: &mut Cluster, text: &str, files: &dyn Files) -> String {
    let mut out = String::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        out.push_str(&line_of(c, line, files));
    }
    out
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
