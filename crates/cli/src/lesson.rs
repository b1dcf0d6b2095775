//! `kubeplay lesson`: replays lessons and holds each question's expected answer to the
//! engine, so a lesson never says what the simulation does not do.

use crate::script::DirFiles;
use engine::files::{FileError, Files};
use engine::lesson::{self, LessonFiles};
use std::process::ExitCode;

/// A lesson's own files and the seed's first, then its folder on disk.
struct Both {
    lesson: LessonFiles,
    dir: DirFiles,
}

impl Files for Both {
    fn read(&self, path: &str) -> Result<String, FileError> {
        self.lesson.read(path).or_else(|_| self.dir.read(path))
    }
    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, FileError> {
        self.lesson.read_bytes(path).or_else(|_| self.dir.read_bytes(path))
    }
    fn size(&self, path: &str) -> Option<u64> {
        self.lesson.size(path).or_else(|| self.dir.size(path))
    }
    fn list(&self, path: &str) -> Option<Vec<String>> {
        self.lesson.list(path).or_else(|| self.dir.list(path))
    }
}

/// What a run found, for the summary.
#[derive(Default)]
pub struct Tally {
    pub lessons: usize,
    pub steps: usize,
    pub questions: usize,
    pub failed: usize,
}

/// Checks one lesson's text and prints a line per step (and, with `verbose`, the
/// transcript of each step).
pub fn check_text(name: &str, text: &str, dir: std::path::PathBuf, verbose: bool, out: &mut String, tally: &mut Tally) {
    tally.lessons += 1;
    let l = match lesson::parse(text) {
        Ok(l) => l,
        Err(e) => {
            tally.failed += 1;
            out.push_str(&format!("FAIL {name}: {e}\n"));
            return;
        }
    };
    out.push_str(&format!("{name}: {}\n", l.title));
    let files = Both { lesson: LessonFiles::new(&l.files), dir: DirFiles::new(dir) };
    for (k, r) in lesson::check(&l, &files).iter().enumerate() {
        tally.steps += 1;
        if r.answer.is_some() || l.steps[k].question.is_some() {
            tally.questions += 1;
        }
        let answer = r.answer.as_ref().map(|a| format!(" (answer: {a})")).unwrap_or_default();
        if r.problems.is_empty() {
            out.push_str(&format!("  ok    {}. {}{answer}\n", k + 1, r.title));
        } else {
            tally.failed += 1;
            out.push_str(&format!("  FAIL  {}. {}{answer}\n", k + 1, r.title));
            for p in &r.problems {
                out.push_str(&format!("        {p}\n"));
            }
        }
        if verbose {
            for line in r.transcript.lines() {
                out.push_str(&format!("        | {line}\n"));
            }
            if let Some(q) = &l.steps[k].question {
                out.push_str(&format!("        > {}\n", q.explain));
            }
            for (line, printed) in &r.reveal {
                out.push_str(&format!("        > $ {line}\n"));
                for p in printed.lines() {
                    out.push_str(&format!("        > {p}\n"));
                }
            }
        }
    }
}

/// Checks every bundled lesson in `langs`, and that each lesson's languages do the same.
pub fn check_bundled(langs: &[&str], verbose: bool, out: &mut String, tally: &mut Tally) {
    let text = |id, lang| lesson::bundled(id, lang).unwrap_or_default();
    for b in lesson::BUNDLED {
        for lang in langs {
            check_text(&format!("{lang}/{}", b.id), text(b.id, lang), std::path::PathBuf::new(), verbose, out, tally);
        }
        if let (Ok(en), Ok(ko)) = (lesson::parse(text(b.id, "en")), lesson::parse(text(b.id, "ko"))) {
            if let Err(e) = lesson::same_runs(&en, &ko) {
                tally.failed += 1;
                out.push_str(&format!("FAIL {}: en and ko differ: {e}\n", b.id));
            }
        }
    }
}

pub fn summary(t: &Tally) -> String {
    format!(
        "{} lessons, {} steps, {} questions: {}\n",
        t.lessons,
        t.steps,
        t.questions,
        if t.failed == 0 { "all hold".to_string() } else { format!("{} failed", t.failed) }
    )
}

pub fn run(args: &[String]) -> ExitCode {
    let mut langs: Vec<&str> = vec!["en", "ko"];
    let mut all = false;
    let mut verbose = false;
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--lang" => match args.get(i + 1).map(String::as_str) {
                Some("en") => langs = vec!["en"],
                Some("ko") => langs = vec!["ko"],
                _ => return usage("--lang is en or ko"),
            },
            "--all" => {
                all = true;
                i += 1;
                continue;
            }
            "-v" | "--verbose" => {
                verbose = true;
                i += 1;
                continue;
            }
            a if a.starts_with('-') => return usage(&format!("unknown option {a}")),
            a => {
                file = Some(a.to_string());
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    let mut out = String::new();
    let mut tally = Tally::default();
    match (all, file) {
        (true, None) => check_bundled(&langs, verbose, &mut out, &mut tally),
        (false, Some(path)) => match std::fs::read_to_string(&path) {
            Ok(text) => {
                let dir = std::path::Path::new(&path).parent().map(|p| p.to_path_buf()).unwrap_or_default();
                check_text(&path, &text, dir, verbose, &mut out, &mut tally);
            }
            Err(e) => {
                eprintln!("kubeplay: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
        _ => return usage("kubeplay lesson takes one FILE or --all"),
    }
    out.push_str(&summary(&tally));
    print!("{out}");
    if tally.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("kubeplay: {msg}\nUsage: kubeplay lesson [--lang en|ko] [-v] FILE | --all");
    ExitCode::from(2)
}
