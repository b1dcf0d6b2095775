//! The editor's files, one tab each: what `kubectl apply -f NAME`, `-f .` and `docker build
//! .` typed in the console read, as a terminal reads the folder it stands in. The open
//! tab's text is the editor's own signal (every panel that sets the editor sets it); the
//! others wait here. A share link, the browser's storage and the recovery record keep them
//! all, packed as one text (`engine::files::pack`).

use crate::examples;
use crate::i18n::Key;
use engine::files::{FileError, Files, Folder};
use leptos::prelude::*;

/// The seed's build context beside the tabs: the jar its Dockerfile copies, as big as a
/// Spring Boot jar.
pub const SEED_JAR: &str = "build/libs/spring-demo-0.0.1-SNAPSHOT.jar";
const SEED_JAR_TEXT: &str = include_str!("../examples/seed/build/libs/spring-demo-0.0.1-SNAPSHOT.jar");
const SEED_JAR_BYTES: u64 = 20_971_520;

/// The first tab: what Apply applied before there were tabs, and what examples replace.
pub const FIRST: &str = "manifest.yaml";

/// The tabs a page opens with: the seed's Deployment and Service (Apply's), then the
/// post's own files under their own names. The Dockerfile is the one the page builds at
/// start, the post's two typos fixed (the docker build panel shows the original failing),
/// so `docker build -t spring-server .` works as the post meant and as the pull-policy lab
/// tells a user to type it.
pub fn seed_files(first: String) -> Vec<(String, String)> {
    vec![
        (FIRST.into(), first),
        ("Dockerfile".into(), examples::SEED_DOCKERFILE_FIXED.into()),
        ("spring-pod.yaml".into(), examples::SEED_POD.into()),
        ("spring-deployment.yaml".into(), examples::SEED_DEPLOYMENT.into()),
        ("spring-service.yaml".into(), examples::SEED_SERVICE.into()),
    ]
}

/// The tabs a saved or shared text stands for: packed tabs as they were, or one text from
/// before tabs (an older link) as the first tab beside the seed's files.
pub fn from_saved(text: Option<String>) -> (Vec<(String, String)>, usize) {
    match text {
        Some(t) => engine::files::unpack(&t).unwrap_or_else(|| (seed_files(t), 0)),
        None => (seed_files(examples::seed_default()), 0),
    }
}

/// Why a name cannot be a tab's, if it cannot: empty, taken, or not a plain relative path.
pub fn name_problem(files: &[(String, String)], name: &str, except: Option<usize>) -> Option<Key> {
    let clean = Folder::clean(name);
    let bad_part = clean.split('/').any(|p| p.is_empty() || p == "." || p == "..");
    if clean.is_empty() || bad_part || name.starts_with('/') || name.chars().any(|c| c.is_control() || c == '\\') || name.trim() != name {
        return Some(Key::TabNameBad);
    }
    let taken = files.iter().enumerate().any(|(i, (n, _))| Some(i) != except && Folder::clean(n) == clean);
    taken.then_some(Key::TabNameTaken)
}

/// The editor's tabs.
#[derive(Clone, Copy)]
pub struct Tabs {
    /// Every tab's name and text; the open tab's text here is stale (the editor has it).
    pub files: RwSignal<Vec<(String, String)>>,
    pub open: RwSignal<usize>,
    editor: RwSignal<String>,
}

impl Tabs {
    pub fn new(editor: RwSignal<String>, files: Vec<(String, String)>, open: usize) -> Tabs {
        Tabs { files: RwSignal::new(files), open: RwSignal::new(open), editor }
    }

    /// A copy of these tabs as they are now, whose open tab's text is `editor`'s (the
    /// other cluster of a comparison reads its own variant and the same other files).
    pub fn fork(&self, editor: RwSignal<String>) -> Tabs {
        Tabs::new(editor, self.all(), self.open.get_untracked())
    }

    /// The open tab's name, followed.
    pub fn open_name(&self) -> String {
        let open = self.open.get();
        self.files.with(|f| f.get(open).map(|(n, _)| n.clone()).unwrap_or_else(|| FIRST.into()))
    }

    /// The open tab's name, once.
    pub fn open_name_untracked(&self) -> String {
        let open = self.open.get_untracked();
        self.files.with_untracked(|f| f.get(open).map(|(n, _)| n.clone()).unwrap_or_else(|| FIRST.into()))
    }

    /// Every tab as it is now, the open one with the editor's text.
    pub fn all(&self) -> Vec<(String, String)> {
        let open = self.open.get_untracked();
        let mut files = self.files.get_untracked();
        if let Some(f) = files.get_mut(open) {
            f.1 = self.editor.get_untracked();
        }
        files
    }

    /// All tabs as one text (a share link's, the storage's).
    pub fn packed(&self) -> String {
        engine::files::pack(&self.all(), self.open.get_untracked())
    }

    /// Keeps the editor's text in its tab, then shows tab `i`'s.
    pub fn switch(&self, i: usize) {
        let open = self.open.get_untracked();
        if i == open || i >= self.files.with_untracked(Vec::len) {
            return;
        }
        let text = self.editor.get_untracked();
        self.files.update(|f| {
            if let Some(t) = f.get_mut(open) {
                t.1 = text;
            }
        });
        self.open.set(i);
        self.editor.set(self.files.with_untracked(|f| f[i].1.clone()));
    }

    /// Before a panel writes manifests into the editor (an example, a lab, the compose
    /// import): opens a manifest tab if the open one is not (the Dockerfile is kept).
    pub fn open_a_manifest(&self) {
        let is_manifest = |n: &str| [".yaml", ".yml", ".json"].iter().any(|e| n.ends_with(e));
        if is_manifest(&self.open_name_untracked()) {
            return;
        }
        if let Some(i) = self.files.with_untracked(|f| f.iter().position(|(n, _)| is_manifest(n))) {
            self.switch(i);
        }
    }

    /// A new empty tab, opened.
    pub fn add(&self, name: &str) -> Result<(), Key> {
        if let Some(k) = self.files.with_untracked(|f| name_problem(f, name, None)) {
            return Err(k);
        }
        self.files.update(|f| f.push((name.to_string(), String::new())));
        self.switch(self.files.with_untracked(Vec::len) - 1);
        Ok(())
    }

    /// A file a console line wrote (`… > NAME`): its tab's text replaced, or a new tab;
    /// either way opened, since the page has no `cat` to show it.
    pub fn write(&self, name: &str, text: &str) -> bool {
        let name = Folder::clean(name);
        if name.is_empty() || name_problem(&[], &name, None).is_some() {
            return false;
        }
        let at = self.files.with_untracked(|f| f.iter().position(|(n, _)| Folder::clean(n) == name));
        match at {
            Some(i) => {
                self.switch(i);
                self.editor.set(text.to_string());
            }
            None => {
                self.files.update(|f| f.push((name, String::new())));
                self.switch(self.files.with_untracked(Vec::len) - 1);
                self.editor.set(text.to_string());
            }
        }
        true
    }

    pub fn rename(&self, i: usize, name: &str) -> Result<(), Key> {
        if let Some(k) = self.files.with_untracked(|f| name_problem(f, name, Some(i))) {
            return Err(k);
        }
        self.files.update(|f| {
            if let Some(t) = f.get_mut(i) {
                t.0 = name.to_string();
            }
        });
        Ok(())
    }

    /// Closes tab `i` (its text goes with it; the last tab stays), opening its neighbour.
    pub fn close(&self, i: usize) {
        let (len, open) = (self.files.with_untracked(Vec::len), self.open.get_untracked());
        if len <= 1 || i >= len {
            return;
        }
        if i == open {
            let next = if i + 1 < len { i + 1 } else { i - 1 };
            self.switch(next);
        }
        let open = self.open.get_untracked();
        self.files.update(|f| {
            f.remove(i);
        });
        if open > i {
            self.open.set(open - 1);
        }
    }
}

/// What a typed command reads: the tabs (the open one as the editor shows it) and the
/// seed's jar, in one folder. Without tabs (a throwaway cluster), the jar alone.
pub struct PageFiles(pub Option<Tabs>);

impl PageFiles {
    fn with_folder<R>(&self, f: impl FnOnce(&Folder) -> R) -> R {
        let mut files = self.0.map(|t| t.all()).unwrap_or_default();
        if !files.iter().any(|(n, _)| Folder::clean(n) == SEED_JAR) {
            files.push((SEED_JAR.into(), SEED_JAR_TEXT.into()));
        }
        f(&Folder(&files))
    }
}

impl Files for PageFiles {
    fn read(&self, path: &str) -> Result<String, FileError> {
        self.with_folder(|f| f.read(path))
    }

    fn size(&self, path: &str) -> Option<u64> {
        if Folder::clean(path) == SEED_JAR {
            return Some(SEED_JAR_BYTES);
        }
        self.read(path).ok().map(|t| t.len() as u64)
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        self.with_folder(|f| f.list(path))
    }

    fn write(&self, path: &str, text: &str) -> bool {
        self.0.is_some_and(|t| t.write(path, text))
    }
}
