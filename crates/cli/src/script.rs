//! Runs a script of kubectl and simulator commands and writes the transcript.

use engine::files::{FileError, Files};
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

    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, FileError> {
        if let Some(text) = self.written.borrow().get(&Self::key(path)) {
            return Ok(text.clone().into_bytes());
        }
        std::fs::read(self.path(path)).map_err(|_| FileError::Missing(path.to_string()))
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

// The runner itself lives in the engine, where lessons (and the page) use it too.
pub use engine::script::{header, run, Header};
