//! `kubectl replace -f FILE [--force]` (kubectl's `pkg/cmd/replace`): the object must
//! exist and becomes what the file says; `--force` deletes it, waits until it is gone and
//! creates it again.

use super::args::{self, flag, FlagSpec};
use super::{Output, World};
use crate::apply::{Mode, Report};
use crate::files::Files;
use crate::model::Kind;
use crate::time::{Millis, SECOND};
use crate::value::Value;

const REPLACE_FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("force", None, false),
    flag("grace-period", None, true),
    flag("cascade", None, true),
    flag("timeout", None, true),
    flag("wait", None, false),
    flag("dry-run", None, true),
    flag("validate", None, true),
    flag("save-config", None, false),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
];

/// How long `--force` waits for the old object to go when `--timeout` is not given.
const FORCE_WAIT: Millis = 5 * 60 * SECOND;

pub fn replace(c: &mut World, rest: &[String], files: &dyn Files) -> Output {
    let p = match args::parse(rest, REPLACE_FLAGS, "replace") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let force = p.bool("force");
    let grace = match p.get("grace-period").map(str::parse::<i64>) {
        None => None,
        Some(Ok(g)) => Some(g),
        Some(Err(_)) => {
            let g = p.get("grace-period").unwrap_or("");
            return Output::err(format!("error: invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax\nSee 'kubectl replace --help' for usage."));
        }
    };
    let names = p.all("filename");
    if names.is_empty() {
        return Output::err("error: must specify --filename to replace");
    }
    if grace.is_some_and(|g| g >= 0) && !force {
        return Output::err("error: --grace-period must have --force specified");
    }
    let timeout = match p.get("timeout") {
        None => None,
        Some(t) => match crate::time::parse_duration(t) {
            Some(ms) => Some(ms),
            None => return Output::err(format!("error: invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\"\nSee 'kubectl replace --help' for usage.")),
        },
    };
    if timeout.is_some_and(|t| t != 0) && !force {
        return Output::err("error: --timeout must have --force specified");
    }
    if p.has("output") {
        return Output::err("kubeplay: kubectl replace -o is not simulated yet; run kubectl get afterwards.");
    }
    if p.get("dry-run").is_some_and(|d| d != "none") {
        return Output::err("kubeplay: --dry-run is not simulated yet.");
    }
    let docs = match super::commands::read_all(files, &names) {
        Ok(d) => d,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let mut out = Output::default();
    for (source, text) in docs {
        let report = if force {
            force_replace(c, &text, &source, &ns, grace, timeout.filter(|t| *t > 0).unwrap_or(FORCE_WAIT), &mut out)
        } else {
            c.apply_text(&text, &source, &ns, Mode::Replace)
        };
        print(&mut out, report);
    }
    out
}

fn print(out: &mut Output, report: Report) {
    for w in report.warnings {
        if !out.warnings.lines().any(|l| l == w) {
            out.warnings.push_str(&w);
            out.warnings.push('\n');
        }
    }
    for line in report.out {
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    for e in &report.errors {
        out.stderr.push_str(&e.text);
        out.stderr.push('\n');
    }
    if !report.errors.is_empty() {
        out.code = 1;
    }
    out.diagnostics.extend(report.errors);
}

/// Deletes every object the file names (those missing are skipped: replace --force
/// creates them), waits until each is gone, then creates them from the file.
fn force_replace(c: &mut World, text: &str, source: &str, ns: &str, grace: Option<i64>, timeout: Millis, out: &mut Output) -> Report {
    let grace = grace.filter(|g| *g >= 0).map(|g| if g == 0 { 1 } else { g });
    let mut deleted = Vec::new();
    let stream = crate::yaml::parse_stream(text);
    for doc in &stream.docs {
        let v = crate::model::decode::untyped(&doc.root);
        let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let Some(kind) = Kind::from_manifest(api_version, v.get("kind").and_then(Value::as_str).unwrap_or("")) else { continue };
        let meta = v.get("metadata");
        let name = meta.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
        let dns = if kind.info().namespaced {
            meta.and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or(ns).to_string()
        } else {
            String::new()
        };
        let cascade = crate::apiserver::cascade::Cascade::Background;
        if crate::apiserver::delete_with(&mut c.api, kind, &dns, &name, grace, cascade).is_ok() {
            out.stdout.push_str(&format!("{} \"{name}\" deleted\n", kind.type_name()));
            deleted.push(super::get::ObjRef { kind, ns: dns, name });
        }
    }
    c.settle();
    // kubectl polls every second until each deleted object is gone.
    let start = c.now();
    while deleted.iter().any(|r| super::get::exists(c, r)) {
        if c.now() - start >= timeout {
            let r = deleted.iter().find(|r| super::get::exists(c, r)).expect("one is left");
            let mut report = Report::default();
            report.errors.push(crate::apply::Diagnostic {
                text: format!("error: timed out waiting for the condition on {}/{}", r.kind.info().plural, r.name),
                span: crate::yaml::Span { line: 1, col: 1 },
            });
            return report;
        }
        c.advance(SECOND);
    }
    let mut report = c.apply_text(text, source, ns, Mode::Create);
    for line in &mut report.out {
        if let Some(head) = line.strip_suffix(" created") {
            *line = format!("{head} replaced");
        }
    }
    report
}
