//! The kubectl interpreter: one command line in, what kubectl prints out. The page's
//! console and the `kubeplay` CLI both run commands through it.

pub mod args;
mod commands;
mod describe;
mod get;
mod help;
mod jsonpath;
mod nodes;
mod rollout;
pub mod tabwriter;
mod top;

use crate::cluster::{Action, Cluster};

/// Where `-f FILE` reads from: the CLI reads files beside the script, the page reads
/// its editor.
pub trait Files {
    fn read(&self, path: &str) -> Result<String, String>;

    /// The manifest files (`.yaml`, `.yml`, `.json`) of a directory, in name order, if
    /// `path` is one.
    fn list_dir(&self, _path: &str) -> Option<Vec<String>> {
        None
    }
}

/// No files at all.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        Err(format!("error: the path \"{path}\" does not exist"))
    }
}

/// What a command printed, and whether (like `kubectl delete`) it waits for something
/// before returning. A host with its own clock (the page) may ignore the wait.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// Warnings kubectl prints before anything else (`Warning: …`).
    pub warnings: String,
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    pub wait: Option<Wait>,
    /// Where in an applied text each error points (for the page's editor).
    pub diagnostics: Vec<crate::apply::Diagnostic>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Wait {
    /// `kubectl delete` waits until these pods are gone.
    PodsGone(Vec<(String, String)>),
    /// `kubectl rollout status` watches until the rollout completes or fails.
    Rollout(String, String),
}

impl Output {
    pub fn ok(stdout: String) -> Output {
        Output { stdout, ..Default::default() }
    }

    pub fn err(stderr: impl Into<String>) -> Output {
        let mut s: String = stderr.into();
        if !s.ends_with('\n') {
            s.push('\n');
        }
        Output { stderr: s, code: 1, ..Default::default() }
    }

    /// Warnings, stdout, then errors: the order a terminal shows them in.
    pub fn text(&self) -> String {
        format!("{}{}{}", self.warnings, self.stdout, self.stderr)
    }
}

/// kubectl's commands that kubeplay does not simulate (yet): they get an honest message
/// instead of an "unknown command" a real kubectl would never print.
const NOT_SIMULATED: &[&str] = &[
    "annotate",
    "api-resources",
    "api-versions",
    "attach",
    "auth",
    "certificate",
    "completion",
    "config",
    "cp",
    "debug",
    "diff",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "kustomize",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "run",
    "taint",
    "wait",
];

const COMMANDS: &[&str] = &[
    "apply",
    "create",
    "get",
    "describe",
    "delete",
    "scale",
    "autoscale",
    "top",
    "logs",
    "label",
    "cordon",
    "uncordon",
    "drain",
    "cluster-info",
    "version",
    "help",
];

impl Cluster {
    /// Runs one kubectl command line (with or without the leading `kubectl`).
    pub fn kubectl(&mut self, line: &str, files: &dyn Files) -> Output {
        self.record_action(Action::Kubectl(line.to_string()));
        let words = match args::split(line) {
            Ok(w) => w,
            Err(e) => return Output::err(format!("error: {e}")),
        };
        let words: Vec<String> = match words.first().map(String::as_str) {
            Some("kubectl") | Some("k") => words[1..].to_vec(),
            _ => words,
        };
        let out = run(self, &words, files);
        self.settle();
        out
    }
}

fn run(c: &mut Cluster, words: &[String], files: &dyn Files) -> Output {
    // Global flags may come before the command.
    let mut i = 0;
    let mut pre = Vec::new();
    while i < words.len() && words[i].starts_with('-') {
        pre.push(words[i].clone());
        let w = words[i].as_str();
        let takes = args::GLOBAL
            .iter()
            .any(|f| f.takes_value && (w.strip_prefix("--") == Some(f.long) || f.short.is_some_and(|s| w == format!("-{s}"))));
        if takes && i + 1 < words.len() {
            pre.push(words[i + 1].clone());
            i += 1;
        }
        i += 1;
    }
    let Some(cmd) = words.get(i) else {
        if pre.iter().any(|a| a == "--help" || a == "-h") || words.is_empty() {
            return Output::ok(help::root());
        }
        return Output::ok(help::root());
    };
    let mut rest: Vec<String> = pre;
    rest.extend(words[i + 1..].iter().cloned());
    let cmd = cmd.as_str();
    if rest.iter().any(|a| a == "--help" || a == "-h") && COMMANDS.contains(&cmd) {
        return Output::ok(help::command(cmd));
    }
    match cmd {
        "apply" => commands::apply(c, &rest, files, crate::apply::Mode::Apply),
        "create" => commands::apply(c, &rest, files, crate::apply::Mode::Create),
        "get" => get::get(c, &rest),
        "describe" => describe::describe(c, &rest),
        "delete" => commands::delete(c, &rest, files),
        "scale" => commands::scale(c, &rest),
        "top" => top::top(c, &rest),
        "autoscale" => top::autoscale(c, &rest),
        "logs" => nodes::logs(c, &rest),
        "cordon" => nodes::cordon(c, &rest, true),
        "uncordon" => nodes::cordon(c, &rest, false),
        "drain" => nodes::drain(c, &rest),
        "label" => nodes::label(c, &rest),
        "rollout" => rollout::rollout(c, &rest),
        "set" => rollout::set(c, &rest),
        "cluster-info" => commands::cluster_info(c, &rest),
        "version" => commands::version(c, &rest),
        "help" => Output::ok(match rest.first() {
            Some(sub) if COMMANDS.contains(&sub.as_str()) => help::command(sub),
            _ => help::root(),
        }),
        other if NOT_SIMULATED.contains(&other) => Output::err(format!(
            "kubeplay: \"kubectl {other}\" is a real kubectl command that this simulator does not run yet. Simulated: {}.",
            COMMANDS.join(", ")
        )),
        other => {
            let mut msg = format!("error: unknown command \"{other}\" for \"kubectl\"");
            let close: Vec<&str> =
                COMMANDS.iter().chain(NOT_SIMULATED).copied().filter(|k| args::distance(other, k) <= 2 || k.starts_with(other)).collect();
            if !close.is_empty() {
                msg.push_str("\n\nDid you mean this?\n");
                for k in close {
                    msg.push_str(&format!("\t{k}\n"));
                }
                msg.push('\n');
            } else {
                msg.push('\n');
            }
            msg.push_str("Run 'kubectl --help' for usage.");
            Output::err(msg)
        }
    }
}

/// The namespace a command works in: `-n`, else `default`.
fn namespace(p: &args::Parsed) -> String {
    p.get("namespace").unwrap_or("default").to_string()
}
