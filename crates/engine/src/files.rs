//! The files a command can read: the manifests `kubectl apply -f` names, the Dockerfile
//! and build context of `docker build`. The command line reads a folder on disk, the
//! page its editor; a recorded action carries the files it read, so it replays the same.

/// Why a file could not be read, in kubectl's words when shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Missing(String),
    NotText(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Missing(path) => write!(f, "error: the path \"{path}\" does not exist"),
            FileError::NotText(path) => write!(f, "error: error reading {path}: the file is not UTF-8 text"),
        }
    }
}

impl std::error::Error for FileError {}

/// Where a command reads files from. Paths are relative, with `/` between folders.
pub trait Files {
    /// A file's text, or kubectl's words for why not.
    fn read(&self, path: &str) -> Result<String, FileError>;

    /// A file's bytes, text or not (`kubectl create configmap --from-file` takes any).
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, FileError> {
        self.read(path).map(String::into_bytes)
    }

    /// A file's size, if `path` is a file (a build context's `COPY` sources).
    fn size(&self, path: &str) -> Option<u64> {
        self.read(path).ok().map(|t| t.len() as u64)
    }

    /// A folder's entries, by name and in name order, if `path` is a folder.
    fn list(&self, _path: &str) -> Option<Vec<String>> {
        None
    }

    /// Writes a file (what `kompose convert` writes), where files can be written; false
    /// where they cannot.
    fn write(&self, _path: &str, _text: &str) -> bool {
        false
    }
}

/// No files at all.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, path: &str) -> Result<String, FileError> {
        Err(FileError::Missing(path.to_string()))
    }
}

/// The files of a folder below another's: a `docker build` context.
pub struct Within<'a> {
    pub files: &'a dyn Files,
    pub dir: String,
}

impl Within<'_> {
    fn join(&self, p: &str) -> String {
        let p = p.trim_start_matches("./");
        let dir = self.dir.trim_start_matches("./").trim_end_matches('/');
        if dir == "." || dir.is_empty() {
            p.to_string()
        } else if p == "." || p.is_empty() {
            dir.to_string()
        } else {
            format!("{dir}/{p}")
        }
    }
}

impl Files for Within<'_> {
    fn read(&self, path: &str) -> Result<String, FileError> {
        self.files.read(&self.join(path))
    }

    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, FileError> {
        self.files.read_bytes(&self.join(path))
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.files.size(&self.join(path))
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        self.files.list(&self.join(path))
    }

    fn write(&self, path: &str, text: &str) -> bool {
        self.files.write(&self.join(path), text)
    }
}

/// Named texts as a folder: the page's editor tabs, which `kubectl apply -f NAME`, `-f .`
/// and `docker build .` read as the command line reads a folder on disk. A name may hold
/// `/` (a file in a folder); `./x` and `.\x` (as PowerShell writes it) name `x`.
pub struct Folder<'a>(pub &'a [(String, String)]);

impl Folder<'_> {
    /// The name a path stands for among the folder's files.
    pub fn clean(path: &str) -> String {
        let p = path.replace('\\', "/");
        let mut p = p.as_str();
        while let Some(rest) = p.strip_prefix("./") {
            p = rest;
        }
        p.trim_end_matches('/').to_string()
    }
}

impl Files for Folder<'_> {
    fn read(&self, path: &str) -> Result<String, FileError> {
        let p = Self::clean(path);
        match self.0.iter().find(|(name, _)| Self::clean(name) == p) {
            Some((_, text)) => Ok(text.clone()),
            None => Err(FileError::Missing(path.to_string())),
        }
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let p = Self::clean(path);
        let prefix = if p.is_empty() || p == "." { String::new() } else { format!("{p}/") };
        let mut names: Vec<String> = self
            .0
            .iter()
            .filter_map(|(name, _)| {
                Self::clean(name).strip_prefix(prefix.as_str()).map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
            })
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        (!names.is_empty()).then_some(names)
    }
}

/// How several named texts travel as one (a share link, the browser's storage): this
/// mark, the index of the one open, then each file as its name, its length in bytes and
/// its text. A text a person types never starts with a NUL, so any other text is one file.
const PACKED: &str = "\0files\n";

/// Named texts and the one open, as one text (`unpack` reads it back).
pub fn pack(files: &[(String, String)], open: usize) -> String {
    let mut out = format!("{PACKED}{open}\n");
    for (name, text) in files {
        out.push_str(&format!("{}\n{}\n{text}", name.replace('\n', " "), text.len()));
    }
    out
}

/// What `pack` made, or `None` for any other text (one file, from before files were packed).
pub fn unpack(packed: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut rest = packed.strip_prefix(PACKED)?;
    let line = |rest: &mut &str| -> Option<String> {
        let (head, tail) = rest.split_once('\n')?;
        *rest = tail;
        Some(head.to_string())
    };
    let open: usize = line(&mut rest)?.parse().ok()?;
    let mut files = Vec::new();
    while !rest.is_empty() {
        let name = line(&mut rest)?;
        let len: usize = line(&mut rest)?.parse().ok()?;
        let text = rest.get(..len)?;
        rest = &rest[len..];
        files.push((name, text.to_string()));
    }
    (!files.is_empty()).then(|| (files.clone(), open.min(files.len() - 1)))
}

/// How a recorded file that is not text is kept among the texts: this mark, then its
/// bytes in hex (no text file a person writes starts with two NULs).
const BINARY: &str = "\0\0binary:";

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(hex: &str) -> Vec<u8> {
    hex.as_bytes().chunks(2).filter_map(|p| std::str::from_utf8(p).ok().and_then(|d| u8::from_str_radix(d, 16).ok())).collect()
}

/// The files a command read, as it read them: what its recorded action replays with.
pub struct Snapshot<'a>(pub &'a [(String, String)]);

impl Files for Snapshot<'_> {
    fn read(&self, path: &str) -> Result<String, FileError> {
        match self.0.iter().find(|(p, _)| p == path) {
            Some((_, text)) if text.starts_with(BINARY) => Err(FileError::NotText(path.to_string())),
            Some((_, text)) => Ok(text.clone()),
            None => NoFiles.read(path),
        }
    }

    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, FileError> {
        match self.0.iter().find(|(p, _)| p == path) {
            Some((_, text)) => Ok(match text.strip_prefix(BINARY) {
                Some(hex) => from_hex(hex),
                None => text.clone().into_bytes(),
            }),
            None => NoFiles.read_bytes(path),
        }
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        let names: Vec<String> =
            self.0.iter().filter_map(|(p, _)| p.strip_prefix(&prefix)).filter(|n| !n.contains('/')).map(String::from).collect();
        (!names.is_empty()).then_some(names)
    }
}

/// Records every file read through it, for the action that read them.
pub struct Recorder<'a> {
    pub files: &'a dyn Files,
    pub read: std::cell::RefCell<Vec<(String, String)>>,
}

impl<'a> Recorder<'a> {
    pub fn new(files: &'a dyn Files) -> Recorder<'a> {
        Recorder { files, read: Default::default() }
    }

    /// What was read, each file once, in the order first read.
    pub fn into_read(self) -> Vec<(String, String)> {
        self.read.into_inner()
    }
}

impl Files for Recorder<'_> {
    fn read(&self, path: &str) -> Result<String, FileError> {
        let text = self.files.read(path)?;
        let mut read = self.read.borrow_mut();
        if !read.iter().any(|(p, _)| p == path) {
            read.push((path.to_string(), text.clone()));
        }
        Ok(text)
    }

    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, FileError> {
        let bytes = self.files.read_bytes(path)?;
        let mut read = self.read.borrow_mut();
        if !read.iter().any(|(p, _)| p == path) {
            let kept = match std::str::from_utf8(&bytes) {
                Ok(text) => text.to_string(),
                Err(_) => format!("{BINARY}{}", to_hex(&bytes)),
            };
            read.push((path.to_string(), kept));
        }
        Ok(bytes)
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.files.size(path)
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        self.files.list(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Two;

    impl Files for Two {
        fn read(&self, path: &str) -> Result<String, FileError> {
            match path {
                "app/Dockerfile" => Ok("FROM nginx\n".into()),
                "m.yaml" => Ok("kind: Pod\n".into()),
                _ => NoFiles.read(path),
            }
        }
    }

    #[test]
    fn a_context_reads_below_its_folder_and_a_snapshot_replays_what_was_read() {
        let within = Within { files: &Two, dir: "./app/".into() };
        assert_eq!(within.read("./Dockerfile").as_deref(), Ok("FROM nginx\n"));
        assert_eq!(within.read("m.yaml"), Err(FileError::Missing("app/m.yaml".into())));
        assert_eq!(within.read("m.yaml").unwrap_err().to_string(), "error: the path \"app/m.yaml\" does not exist");
        let recorder = Recorder::new(&Two);
        assert!(recorder.read("m.yaml").is_ok());
        assert!(recorder.read("m.yaml").is_ok());
        assert!(recorder.read("gone.yaml").is_err());
        let read = recorder.into_read();
        assert_eq!(read, vec![("m.yaml".to_string(), "kind: Pod\n".to_string())]);
        assert_eq!(Snapshot(&read).read("m.yaml").as_deref(), Ok("kind: Pod\n"));
        assert!(Snapshot(&read).read("other.yaml").is_err());
    }

    fn tabs() -> Vec<(String, String)> {
        vec![
            ("Dockerfile".into(), "FROM nginx\n".into()),
            ("spring-pod.yaml".into(), "kind: Pod\n".into()),
            ("k8s/web.yaml".into(), "kind: Service\n".into()),
            ("notes.txt".into(), "ünïcode\n---\n".into()),
        ]
    }

    #[test]
    fn a_folder_of_tabs_reads_lists_and_names_a_missing_file_as_kubectl_does() {
        let files = tabs();
        let f = Folder(&files);
        assert_eq!(f.read("spring-pod.yaml").as_deref(), Ok("kind: Pod\n"));
        assert_eq!(f.read("./spring-pod.yaml").as_deref(), Ok("kind: Pod\n"));
        assert_eq!(f.read(".\\spring-pod.yaml").as_deref(), Ok("kind: Pod\n"));
        assert_eq!(f.read("x.yaml").unwrap_err().to_string(), "error: the path \"x.yaml\" does not exist");
        assert_eq!(f.list("."), Some(vec!["Dockerfile".into(), "k8s".into(), "notes.txt".into(), "spring-pod.yaml".into()]));
        assert_eq!(f.list("./k8s/"), Some(vec!["web.yaml".into()]));
        assert_eq!(f.list("spring-pod.yaml"), None);
        assert_eq!(f.list("nowhere"), None);
        let within = Within { files: &f, dir: ".".into() };
        assert_eq!(within.read("Dockerfile").as_deref(), Ok("FROM nginx\n"));
    }

    #[test]
    fn packed_tabs_come_back_whole_and_any_other_text_is_one_file() {
        let files = tabs();
        let packed = pack(&files, 2);
        assert_eq!(unpack(&packed), Some((files.clone(), 2)));
        // An index past the end opens the last file.
        assert_eq!(unpack(&pack(&files, 9)).map(|(_, open)| open), Some(3));
        assert_eq!(unpack("apiVersion: v1\nkind: Pod\n"), None);
        assert_eq!(unpack(&pack(&[], 0)), None);
        // Cut short (a link truncated in a chat): no garbage, nothing.
        assert_eq!(unpack(&packed[..packed.len() - 3]), None);
        let empty = vec![("a.yaml".to_string(), String::new())];
        assert_eq!(unpack(&pack(&empty, 0)), Some((empty, 0)));
    }
}
