//! `kompose convert`: reads the compose file, writes one manifest per object (or one
//! file with `-o FILE`, or standard output with `--stdout`) and logs what it did the
//! way kompose does (`INFO Kubernetes file "web-service.yaml" created`). The written
//! files are then there for `kubectl apply -f`.

use crate::files::Files;

/// What the command printed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Printed {
    pub stdout: String,
    pub stderr: String,
    pub ok: bool,
}

fn fatal(msg: String) -> Printed {
    Printed { stdout: String::new(), stderr: format!("FATA {msg}\n"), ok: false }
}

/// kompose logs through logrus, which pads each message to 44 columns; the padding is
/// left out here.
fn log(out: &mut String, level: &str, msg: &str) {
    out.push_str(level);
    out.push(' ');
    out.push_str(msg);
    out.push('\n');
}

const USAGE: &str = "kubeplay: kompose convert [-f FILE] [-o FILE|DIR/] [--stdout] [--replicas N] [--with-kompose-annotation=false]";

/// Runs `kompose …` given as words.
pub fn run(words: &[String], files: &dyn Files) -> Printed {
    if words.get(1).map(String::as_str) != Some("convert") {
        return Printed { stderr: format!("{USAGE}\n(kubeplay simulates kompose's convert command only)\n"), ..Default::default() };
    }
    let mut file = None;
    let mut out_path = None;
    let mut stdout = false;
    let mut replicas = 1;
    let mut annotations = true;
    let mut i = 2;
    while i < words.len() {
        let w = words[i].as_str();
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
            _ => (w, None),
        };
        let mut value = || -> Option<String> {
            if inline.is_some() {
                return inline.clone();
            }
            i += 1;
            words.get(i).cloned()
        };
        match flag {
            "-f" | "--file" => file = value(),
            "-o" | "--out" => out_path = value(),
            "--stdout" => stdout = true,
            "--replicas" => match value().and_then(|v| v.parse().ok()) {
                Some(n) => replicas = n,
                None => return fatal("--replicas needs a number".into()),
            },
            "--with-kompose-annotation" => annotations = inline.as_deref() != Some("false"),
            "--build" => {
                if value().as_deref() == Some("local") {
                    return Printed {
                        stderr: "kubeplay: kompose convert --build local is not simulated; build each image first with docker build -t IMAGE CONTEXT, then convert\n".into(),
                        ..Default::default()
                    };
                }
            }
            _ => return Printed { stderr: format!("Error: unknown flag: {flag}\n{USAGE}\n"), ..Default::default() },
        }
        i += 1;
    }
    let (name, text) = match &file {
        Some(f) => match files.read(f) {
            Ok(t) => (f.clone(), t),
            Err(_) => return fatal(format!("Unable to load files: open {f}: no such file or directory")),
        },
        None => match super::DEFAULT_FILES.iter().find_map(|f| files.read(f).ok().map(|t| (f.to_string(), t))) {
            Some(found) => found,
            None => return fatal("Unable to load files: no configuration file provided: not found".into()),
        },
    };
    let cmd = words.join(" ");
    let opt = super::Options { cmd, replicas, annotations };
    let converted = match super::convert(&text, &name, &opt) {
        Ok(c) => c,
        Err(e) => return fatal(format!("Unable to load files: validating {name}: {e}")),
    };
    let mut printed = Printed { ok: true, ..Default::default() };
    for w in &converted.warnings {
        log(&mut printed.stderr, "WARN", w);
    }
    if stdout {
        printed.stdout = super::to_stream(&converted.objects);
        return printed;
    }
    // `-o DIR/` (or an existing folder) gets one file per object; `-o FILE` one file.
    let dir = match &out_path {
        None => Some(String::new()),
        Some(p) if p.ends_with('/') || files.list(p).is_some() => Some(format!("{}/", p.trim_end_matches('/'))),
        Some(_) => None,
    };
    match dir {
        Some(dir) => {
            for o in &converted.objects {
                let path = format!("{dir}{}", super::file_name(o));
                if !files.write(&path, &super::to_yaml(o)) {
                    return cannot_write(printed);
                }
                log(&mut printed.stderr, "INFO", &format!("Kubernetes file \"{path}\" created"));
            }
        }
        None => {
            let path = out_path.unwrap_or_default();
            if !files.write(&path, &super::to_stream(&converted.objects)) {
                return cannot_write(printed);
            }
            log(&mut printed.stderr, "INFO", &format!("Kubernetes file \"{path}\" created"));
        }
    }
    printed
}

fn cannot_write(mut p: Printed) -> Printed {
    p.stderr.push_str("kubeplay: files cannot be written here; use kompose convert --stdout to see the manifests\n");
    p.ok = false;
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FileError;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    struct Mem(RefCell<BTreeMap<String, String>>);

    impl Files for Mem {
        fn read(&self, path: &str) -> Result<String, FileError> {
            self.0.borrow().get(path).cloned().ok_or_else(|| FileError::Missing(path.into()))
        }

        fn write(&self, path: &str, text: &str) -> bool {
            self.0.borrow_mut().insert(path.into(), text.into());
            true
        }
    }

    fn words(line: &str) -> Vec<String> {
        crate::words::split(line).unwrap()
    }

    #[test]
    fn writes_a_file_per_object_and_says_so() {
        let files = Mem(RefCell::new(BTreeMap::new()));
        files.write("docker-compose.yml", "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n");
        let p = run(&words("kompose convert"), &files);
        assert_eq!(p.stderr, "INFO Kubernetes file \"web-service.yaml\" created\nINFO Kubernetes file \"web-deployment.yaml\" created\n");
        let svc = files.read("web-service.yaml").unwrap();
        assert!(svc.contains("    kompose.cmd: kompose convert\n"), "{svc}");
        assert!(svc.contains("    - name: \"8080\"\n      port: 8080\n      targetPort: 80\n"), "{svc}");
        let p = run(&words("kompose convert -f docker-compose.yml -o k8s/"), &files);
        assert!(p.stderr.contains("\"k8s/web-deployment.yaml\" created"), "{}", p.stderr);
        let p = run(&words("kompose convert --stdout --replicas 3"), &files);
        assert!(p.stdout.contains("  replicas: 3\n"), "{}", p.stdout);
        let p = run(&words("kompose convert -f missing.yml"), &files);
        assert!(!p.ok && p.stderr.starts_with("FATA Unable to load files"), "{}", p.stderr);
        let p = run(&words("kompose convert -o all.yaml"), &files);
        assert!(files.read("all.yaml").unwrap().starts_with("---\napiVersion: v1\nkind: Service\n"), "{}", p.stderr);
    }
}
