//! Runs a script of kubectl and simulator commands and writes the transcript.

use engine::files::{FileError, Files};
use engine::Cluster;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Reads `-f` files relative to the script's folder. What a script writes (`kompose
/// convert`'s manifests) is kept in memory over that folder, never written to disk.
pub struct DirFiles {
    base: PathBuf,
    written: RefCell<BTreeMap<String, String>>,
}

impl DirFiles {
    pub fn new(base: PathBuf) -> DirFiles {
        DirFiles { base, written: RefCell::new(BTreeMap::new()) }
    }

    fn key(p: &str) -> String {
        // Windows-style paths from the seed (`.\spring-pod.yaml`) work too.
        let p = p.replace('\\', "/");
        p.trim_start_matches("./").trim_end_matches('/').to_string()
    }

    fn path(&self, p: &str) -> PathBuf {
        self.base.join(Self::key(p))
    }
}

impl Files for DirFiles {
    fn read(&self, path: &str) -> Result<String, FileError> {
        if let Some(text) = self.written.borrow().get(&Self::key(path)) {
            return Ok(text.clone());
        }
        match std::fs::read(self.path(path)) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| FileError::NotText(path.to_string())),
            Err(_) => Err(FileError::Missing(path.to_string())),
        }
    }

    fn size(&self, path: &str) -> Option<u64> {
        if let Some(text) = self.written.borrow().get(&Self::key(path)) {
            return Some(text.len() as u64);
        }
        let m = std::fs::metadata(self.path(path)).ok()?;
        m.is_file().then_some(m.len())
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let dir = Self::key(path);
        let dir = if dir == "." { String::new() } else { dir };
        let mut names: Vec<String> = match std::fs::read_dir(self.path(path)) {
            Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().to_string()).collect(),
            Err(_) => Vec::new(),
        };
        let mut found = std::fs::metadata(self.path(path)).is_ok_and(|m| m.is_dir());
        for written in self.written.borrow().keys() {
            let name = match written.rsplit_once('/') {
                Some((parent, name)) if parent == dir => name,
                None if dir.is_empty() => written.as_str(),
                _ => continue,
            };
            found = true;
            if !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        names.sort();
        found.then_some(names)
    }

    fn write(&self, path: &str, text: &str) -> bool {
        self.written.borrow_mut().insert(Self::key(path), text.to_string());
        true
    }
}

/// Cluster options a script may ask for on its first line: `#! --preset kind --seed 7 --nodes 3`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    pub preset: Option<engine::Preset>,
    pub seed: Option<u64>,
    pub nodes: Option<usize>,
}

pub fn header(text: &str) -> Result<Header, String> {
    let mut h = Header::default();
    let Some(first) = text.lines().next().and_then(|l| l.strip_prefix("#!")) else { return Ok(h) };
    let words: Vec<&str> = first.split_whitespace().collect();
    for pair in words.chunks(2) {
        match pair {
            ["--preset", p] => h.preset = Some(engine::Preset::parse(p).ok_or_else(|| format!("unknown preset {p}"))?),
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
pub fn run(c: &mut Cluster, text: &str, files: &DirFiles) -> String {
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
        out.push_str("$ ");
        out.push_str(line);
        out.push('\n');
        let o = c.run(line, files);
        out.push_str(&o.text());
        if let Some(wait) = &o.wait {
            out.push_str(&c.wait(wait));
        }
    }
    out
}
