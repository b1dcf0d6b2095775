//! Runs a script of kubectl and simulator commands and writes the transcript.

use engine::files::{FileError, Files};
use std::path::PathBuf;

/// Reads `-f` files relative to the script's folder.
pub struct DirFiles {
    base: PathBuf,
}

impl DirFiles {
    pub fn new(base: PathBuf) -> DirFiles {
        DirFiles { base }
    }

    fn path(&self, p: &str) -> PathBuf {
        // Windows-style paths from the seed (`.\spring-pod.yaml`) work too.
        let p = p.replace('\\', "/");
        let p = p.trim_start_matches("./");
        self.base.join(p)
    }
}

impl Files for DirFiles {
    fn read(&self, path: &str) -> Result<String, FileError> {
        match std::fs::read(self.path(path)) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| FileError::NotText(path.to_string())),
            Err(_) => Err(FileError::Missing(path.to_string())),
        }
    }

    fn size(&self, path: &str) -> Option<u64> {
        let m = std::fs::metadata(self.path(path)).ok()?;
        m.is_file().then_some(m.len())
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let entries = std::fs::read_dir(self.path(path)).ok()?;
        let mut names: Vec<String> = entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().to_string()).collect();
        names.sort();
        Some(names)
    }
}

// The runner itself lives in the engine, where lessons (and the page) use it too.
pub use engine::script::{header, run, Header};
