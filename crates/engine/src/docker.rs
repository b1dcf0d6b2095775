//! The student's own Docker: `docker build` reads a Dockerfile with BuildKit's parsing
//! rules (and its error texts), and keeps the image in the local image store. On Docker
//! Desktop that store is the node's; on kind it reaches the nodes only through
//! `kind load docker-image`; no remote registry ever knows these images.

use crate::files::Files;
use crate::registry::{self, Behaviour, ImageRef};
use crate::runtime::ImageConfig;
use std::collections::BTreeMap;

/// An image in the local Docker engine.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalImage {
    pub reference: ImageRef,
    pub id: String,
    pub size: u64,
    pub config: ImageConfig,
}

#[derive(Clone, Debug, Default)]
pub struct DockerEngine {
    /// By full reference (`docker.io/library/spring-server:latest`).
    pub images: BTreeMap<String, LocalImage>,
    /// Docker Desktop's engine, whose buildx builder is `desktop-linux` (a plain Docker
    /// engine's is `default`).
    pub desktop: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct Instruction {
    line: usize,
    word: String,
    rest: String,
}

const INSTRUCTIONS: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];

/// Splits a Dockerfile into instructions: comments and blank lines dropped, `\` joins
/// lines, the instruction word ends at the first whitespace (so `ENTRYPOINT["java",` is
/// one word, as BuildKit reads it).
fn parse(text: &str) -> Result<Vec<Instruction>, (usize, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = raw.trim();
        if pending.is_none() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let (start, mut acc) = pending.take().unwrap_or((line_no, String::new()));
        if let Some(body) = trimmed.strip_suffix('\\') {
            acc.push_str(body);
            acc.push(' ');
            pending = Some((start, acc));
            continue;
        }
        acc.push_str(trimmed);
        let (word, rest) = match acc.find(|c: char| c.is_whitespace()) {
            Some(i) => (acc[..i].to_string(), acc[i..].trim().to_string()),
            None => (acc.clone(), String::new()),
        };
        if !INSTRUCTIONS.contains(&word.to_ascii_uppercase().as_str()) {
            return Err((start, format!("unknown instruction: {word}")));
        }
        out.push(Instruction { line: start, word: word.to_ascii_uppercase(), rest });
    }
    if let Some((start, acc)) = pending {
        out.push(Instruction { line: start, word: acc.split_whitespace().next().unwrap_or("").to_ascii_uppercase(), rest: String::new() });
    }
    Ok(out)
}

/// `["java", "-jar", "/app.jar"]` (exec form) or `java -jar /app.jar` (shell form, run by
/// `/bin/sh -c`).
fn command_form(rest: &str) -> Vec<String> {
    let t = rest.trim();
    if t.starts_with('[') && t.ends_with(']') {
        let inner = &t[1..t.len() - 1];
        let parts: Vec<String> = inner.split(',').map(|p| p.trim().trim_matches('"').to_string()).filter(|p| !p.is_empty()).collect();
        if inner.split(',').all(|p| {
            let p = p.trim();
            p.len() >= 2 && p.starts_with('"') && p.ends_with('"')
        }) {
            return parts;
        }
    }
    vec!["/bin/sh".into(), "-c".into(), t.to_string()]
}

/// The lines around `line` with `>>>` on it, as BuildKit shows a failing instruction.
fn snippet(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = line.saturating_sub(2).max(1);
    let to = (line + 1).min(lines.len());
    let mut out = format!("Dockerfile:{line}\n--------------------\n");
    for n in from..=to {
        let marker = if n == line { ">>>" } else { "   " };
        out.push_str(&format!("{n:>4} | {marker} {}\n", lines.get(n - 1).unwrap_or(&"")));
    }
    out.push_str("--------------------\n");
    out
}

fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((pre, post)) => name.len() >= pre.len() + post.len() && name.starts_with(pre) && name.ends_with(post),
    }
}

/// What `docker build` printed and, if it succeeded, the image.
pub struct BuildResult {
    pub output: String,
    pub image: Option<LocalImage>,
}

fn header(engine: &DockerEngine, steps: usize, done: usize) -> String {
    // The buildx builder shown in the progress header.
    let builder = if engine.desktop { "docker:desktop-linux" } else { "docker:default" };
    format!("[+] Building {:.1}s ({done}/{steps}) FINISHED                                 {builder}\n", 0.4 + done as f64 * 0.3)
}

/// Builds `dockerfile` (the file's text) in `context`, tagged `tag`.
pub fn build(engine: &DockerEngine, dockerfile: &str, tag: &str, context: &dyn Files) -> BuildResult {
    let fail = |output: String| BuildResult { output, image: None };
    let reference = match ImageRef::parse(tag) {
        Ok(r) => r,
        Err(_) => return fail(format!("ERROR: failed to build: invalid tag \"{tag}\": invalid reference format\n")),
    };
    let load = " => [internal] load build definition from Dockerfile\n";
    let instructions = match parse(dockerfile) {
        Ok(i) => i,
        Err((line, msg)) => {
            let mut out = header(engine, 1, 1);
            out.push_str(load);
            out.push_str(&snippet(dockerfile, line));
            out.push_str(&format!("ERROR: failed to build: failed to solve: dockerfile parse error on line {line}: {msg}\n"));
            return fail(out);
        }
    };
    let Some(from) = instructions.iter().find(|i| i.word == "FROM") else {
        let mut out = header(engine, 1, 1);
        out.push_str(load);
        out.push_str("ERROR: failed to build: failed to solve: no build stage in current context\n");
        return fail(out);
    };
    let base_name = from.rest.split_whitespace().next().unwrap_or("").to_string();
    let base_ref = match ImageRef::parse(&base_name) {
        Ok(r) => r,
        Err(e) => {
            return fail(format!(
                "{}{load}ERROR: failed to build: failed to solve: failed to parse stage name \"{base_name}\": {e}\n",
                header(engine, 1, 1)
            ))
        }
    };
    let (mut config, base_size) = match engine.images.get(&base_ref.full()) {
        Some(local) => (local.config.clone(), local.size),
        None => match registry::lookup(&base_ref) {
            // A build starts from the base's config but sets its own ENTRYPOINT.
            Ok(image) => (ImageConfig { entrypoint: vec![], ..ImageConfig::pulled(&image) }, image.size),
            Err(_) => {
                let mut out = header(engine, 2, 1);
                out.push_str(load);
                out.push_str(&format!(" => ERROR [internal] load metadata for {}\n", base_ref.full()));
                out.push_str(&snippet(dockerfile, from.line));
                out.push_str(&format!(
                    "ERROR: failed to build: failed to solve: {base_name}: failed to resolve source metadata for {}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n",
                    base_ref.full()
                ));
                return fail(out);
            }
        },
    };
    let steps: Vec<&Instruction> = instructions.iter().filter(|i| !matches!(i.word.as_str(), "ARG" | "LABEL" | "MAINTAINER")).collect();
    let n = steps.iter().filter(|i| matches!(i.word.as_str(), "FROM" | "RUN" | "COPY" | "ADD" | "WORKDIR")).count();
    let mut out = String::new();
    let mut log = format!("{load} => [internal] load metadata for {}\n => [internal] load .dockerignore\n", base_ref.full());
    let mut size = base_size;
    let mut k = 0;
    for ins in &steps {
        let numbered = matches!(ins.word.as_str(), "FROM" | "RUN" | "COPY" | "ADD" | "WORKDIR");
        if numbered {
            k += 1;
        }
        match ins.word.as_str() {
            "FROM" => {
                log.push_str(&format!(" => [{k}/{n}] FROM {}@{}\n", base_ref.full(), registry::digest_of(&base_ref.full())));
            }
            "WORKDIR" => {
                let dir = ins.rest.trim();
                config.workdir =
                    if dir.starts_with('/') { dir.to_string() } else { format!("{}/{dir}", config.workdir.trim_end_matches('/')) };
                log.push_str(&format!(" => [{k}/{n}] WORKDIR {dir}\n"));
            }
            "COPY" | "ADD" => {
                let words: Vec<&str> = ins.rest.split_whitespace().filter(|w| !w.starts_with("--")).collect();
                if words.len() < 2 {
                    out.push_str(&header(engine, k + 1, k));
                    out.push_str(&log);
                    out.push_str(&snippet(dockerfile, ins.line));
                    out.push_str(&format!("ERROR: failed to build: failed to solve: dockerfile parse error on line {}: {} requires at least two arguments, but only one was provided. Destination could not be determined\n", ins.line, ins.word));
                    return fail(out);
                }
                let (dest, sources) = words.split_last().expect("two words");
                let mut copied = Vec::new();
                for src in sources {
                    let src = src.trim_start_matches("./");
                    let (dir, pat) = match src.rfind('/') {
                        Some(i) => (&src[..i], &src[i + 1..]),
                        None => ("", src),
                    };
                    if pat.contains('*') {
                        match context.list(if dir.is_empty() { "." } else { dir }) {
                            None => {
                                out.push_str(&header(engine, k + 1, k));
                                out.push_str(&log);
                                out.push_str(&format!(" => ERROR [{k}/{n}] {} {}\n", ins.word, ins.rest));
                                out.push_str(&snippet(dockerfile, ins.line));
                                out.push_str(&format!(
                                    "ERROR: failed to build: failed to solve: lstat /{dir}: no such file or directory\n"
                                ));
                                return fail(out);
                            }
                            Some(entries) => {
                                for e in entries.iter().filter(|e| glob_match(pat, e)) {
                                    size += context.size(&format!("{dir}/{e}")).unwrap_or(0);
                                    copied.push(e.clone());
                                }
                            }
                        }
                    } else {
                        match context.size(src) {
                            Some(s) => {
                                size += s;
                                copied.push(pat.to_string());
                            }
                            None if context.list(src).is_some() => copied.push(pat.to_string()),
                            None => {
                                out.push_str(&header(engine, k + 1, k));
                                out.push_str(&log);
                                out.push_str(&format!(" => ERROR [{k}/{n}] {} {}\n", ins.word, ins.rest));
                                out.push_str(&snippet(dockerfile, ins.line));
                                out.push_str(&format!("ERROR: failed to build: failed to solve: failed to compute cache key: failed to calculate checksum of ref: \"/{src}\": not found\n"));
                                return fail(out);
                            }
                        }
                    }
                }
                let base = if dest.starts_with('/') { String::new() } else { config.workdir.trim_end_matches('/').to_string() };
                if dest.ends_with('/') || copied.len() > 1 {
                    for f in &copied {
                        config.files.push(
                            format!("{base}/{}{f}", dest.trim_start_matches('/').trim_end_matches('/').to_string() + "/")
                                .replace("//", "/"),
                        );
                    }
                } else if !copied.is_empty() {
                    let path = if dest.starts_with('/') { dest.to_string() } else { format!("{base}/{dest}") };
                    config.files.push(path.replace("//", "/"));
                }
                log.push_str(&format!(" => [{k}/{n}] {} {}\n", ins.word, ins.rest));
            }
            "RUN" => log.push_str(&format!(" => [{k}/{n}] RUN {}\n", ins.rest)),
            "ENTRYPOINT" => {
                config.entrypoint = command_form(&ins.rest);
                // Setting ENTRYPOINT resets a CMD inherited from the base image.
                config.cmd.clear();
            }
            "CMD" => config.cmd = command_form(&ins.rest),
            "EXPOSE" => {
                for p in ins.rest.split_whitespace() {
                    if let Ok(port) = p.split('/').next().unwrap_or("").parse() {
                        config.exposed.push(port);
                    }
                }
            }
            _ => {}
        }
    }
    let id = registry::digest_of(&format!("{}{}", reference.full(), dockerfile));
    out.push_str(&header(engine, n + 3, n + 3));
    out.push_str(&log);
    out.push_str(" => exporting to image\n");
    out.push_str(&format!(" => => writing image {id}\n"));
    out.push_str(&format!(" => => naming to {}\n", reference.full()));
    BuildResult { output: out, image: Some(LocalImage { reference, id, size, config }) }
}

/// A short explanation of a failed build, for students, printed after Docker's output.
pub fn hint(output: &str) -> Option<String> {
    if let Some(i) = output.find("unknown instruction: ") {
        let word = output[i + 21..].lines().next().unwrap_or("");
        if let Some(pos) = word.find(['[', '"']) {
            let ins = &word[..pos];
            return Some(format!("hint: Docker reads the instruction word up to the first space, so `{word}` is one unknown word. Put a space after {ins}: `{ins} [...]`."));
        }
        return Some(format!(
            "hint: `{word}` is not a Dockerfile instruction (FROM, RUN, COPY, ADD, WORKDIR, ENV, EXPOSE, CMD, ENTRYPOINT, …)."
        ));
    }
    if output.contains("lstat /") {
        return Some("hint: the COPY source folder is not in the build context (the folder given to docker build). Build the jar first (e.g. ./gradlew build) or fix the path.".into());
    }
    if output.contains("failed to resolve source metadata") {
        return Some("hint: the FROM image is neither a local image nor known to the registry.".into());
    }
    None
}

/// The behaviour of an image nobody knows anything about (never used for pulls; only
/// when a node has an image from outside the catalog).
pub fn unknown_behaviour() -> Behaviour {
    Behaviour {
        ports: &[],
        startup: 1_000,
        exits: None,
        memory: 20 << 20,
        cpu_per_request: 1.0,
        program: "",
        requires_env: &[],
        missing_env_log: "",
        open: true,
        serves_declared: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Ctx(Vec<(&'static str, u64)>);

    impl Files for Ctx {
        fn read(&self, path: &str) -> Result<String, crate::files::FileError> {
            Err(crate::files::FileError::Missing(path.to_string()))
        }
        fn size(&self, path: &str) -> Option<u64> {
            self.0.iter().find(|(p, _)| *p == path).map(|(_, s)| *s)
        }
        fn list(&self, path: &str) -> Option<Vec<String>> {
            let prefix = format!("{}/", path.trim_end_matches('/'));
            let entries: Vec<String> =
                self.0.iter().filter_map(|(p, _)| p.strip_prefix(&prefix)).filter(|r| !r.contains('/')).map(String::from).collect();
            if entries.is_empty() && !self.0.iter().any(|(p, _)| p.starts_with(&prefix)) {
                None
            } else {
                Some(entries)
            }
        }
    }

    const SEED: &str = "FROM openjdk:17-jdk\n\nCOPY build/libs/*SNAPSHOT.jar app.jar\n\nENTRYPOINT[\"java\", \"-jar\",\"/app-jar\"]\n";

    #[test]
    fn the_seed_dockerfile_fails_to_parse_as_buildkit_reads_it() {
        let r = build(
            &DockerEngine { desktop: true, ..Default::default() },
            SEED,
            "spring-server",
            &Ctx(vec![("build/libs/demo-0.0.1-SNAPSHOT.jar", 20_000_000)]),
        );
        assert!(r.image.is_none());
        assert!(
            r.output.contains(
                "ERROR: failed to build: failed to solve: dockerfile parse error on line 5: unknown instruction: ENTRYPOINT[\"java\",\n"
            ),
            "{}",
            r.output
        );
        assert!(r.output.contains("   5 | >>> ENTRYPOINT[\"java\", \"-jar\",\"/app-jar\"]\n"), "{}", r.output);
        assert!(hint(&r.output).unwrap().contains("Put a space after ENTRYPOINT"));
    }

    #[test]
    fn fixed_space_builds_and_copies_the_jar() {
        let text = SEED.replace("ENTRYPOINT[", "ENTRYPOINT [");
        let r = build(
            &DockerEngine { desktop: true, ..Default::default() },
            &text,
            "spring-server",
            &Ctx(vec![("build/libs/demo-0.0.1-SNAPSHOT.jar", 20_000_000)]),
        );
        let img = r.image.expect("builds");
        assert_eq!(img.reference.full(), "docker.io/library/spring-server:latest");
        assert_eq!(img.config.files, vec!["/app.jar".to_string()]);
        assert_eq!(img.config.entrypoint, vec!["java", "-jar", "/app-jar"]);
        assert!(r.output.contains("naming to docker.io/library/spring-server:latest"));
    }

    #[test]
    fn missing_copy_folder_fails_like_buildkit() {
        let text = SEED.replace("ENTRYPOINT[", "ENTRYPOINT [");
        let r = build(&DockerEngine { desktop: true, ..Default::default() }, &text, "spring-server", &Ctx(vec![]));
        assert!(r.output.contains("ERROR: failed to build: failed to solve: lstat /build/libs: no such file or directory"), "{}", r.output);
    }

    #[test]
    fn unknown_base_image_fails() {
        let r = build(&DockerEngine { desktop: true, ..Default::default() }, "FROM my-base\n", "x", &Ctx(vec![]));
        assert!(r.output.contains("failed to resolve source metadata for docker.io/library/my-base:latest"));
    }

    #[test]
    fn shell_and_exec_forms() {
        assert_eq!(command_form("[\"nginx\", \"-g\", \"daemon off;\"]"), vec!["nginx", "-g", "daemon off;"]);
        assert_eq!(command_form("java -jar /app.jar"), vec!["/bin/sh", "-c", "java -jar /app.jar"]);
    }
}
