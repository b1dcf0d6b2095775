//! The kubectl interpreter: one command line in, what kubectl prints out. The page's
//! console and the `kubeplay` CLI both run commands through it.

mod annotate;
pub mod args;
pub mod attach;
mod auth;
mod columns;
mod commands;
mod config;
mod cp;
mod create;
mod create_common;
mod create_help;
mod create_ingress;
mod create_pdb;
mod create_priorityclass;
mod create_rbac;
mod create_service;
mod create_token;
mod custom;
pub mod debug;
mod describe;
mod describe_endpointslice;
mod describe_ingress;
mod describe_networkpolicy;
mod describe_policy;
mod describe_storage;
mod diff;
mod discovery;
mod dry_run;
pub mod edit;
mod editor;
mod events;
pub mod exec;
mod explain;
mod explain_text;
mod get;
pub(crate) use get::events_all_namespaces;
mod gotemplate;
mod help;
mod impersonate;
mod jsonpath;
pub mod logs_follow;
mod nodes;
mod patch;
mod pod_network;
pub(crate) use pod_network::served_page;
mod policy_rules;
pub mod port_forward;
mod replace;
mod rollout;
mod rollout_sets;
pub mod run;
mod set;
mod sorter;
mod stored;
pub mod tabwriter;
mod taint;
mod top;
pub mod unified;
mod wait;
pub mod watch;

use crate::world::World;

pub use crate::files::{Files, NoFiles};

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
    /// `kubectl delete` waits until these objects, held by a finalizer, are gone.
    ObjectsGone(Vec<(crate::model::Kind, String, String)>),
    /// `kubectl rollout status` watches until the rollout completes or fails.
    Rollout(String, String),
    /// The same for a DaemonSet.
    DaemonSetRollout(String, String),
    /// The same for a StatefulSet.
    StatefulSetRollout(String, String),
    /// A rollout's wait with `--timeout`: after that much time kubectl gives up with
    /// `error: timed out waiting for the condition`.
    Timed(Box<Wait>, crate::time::Millis),
    /// `kubectl get --watch` prints each change.
    Watch(Box<watch::Watch>),
    /// `kubectl logs -f` prints each new line.
    Logs(Box<logs_follow::Follow>),
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
const NOT_SIMULATED: &[&str] = &["certificate", "completion", "plugin", "proxy"];

const COMMANDS: &[&str] = &[
    "apply",
    "create",
    "get",
    "rollout",
    "set",
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
    "run",
    "expose",
    "wait",
    "taint",
    "annotate",
    "patch",
    "replace",
    "edit",
    "events",
    "exec",
    "attach",
    "debug",
    "port-forward",
    "cp",
    "api-resources",
    "api-versions",
    "auth",
    "config",
    "kustomize",
    "diff",
    "explain",
    "version",
    "help",
];

/// A kubectl line split into its command and the rest (global flags included), or what
/// kubectl prints without looking at the cluster (help, a quoting error).
fn command(line: &str) -> Result<(String, Vec<String>), Box<Output>> {
    let words = args::split(line).map_err(|e| Box::new(Output::err(format!("error: {e}"))))?;
    // A shell's `NAME=value` words before the command (`KUBE_EDITOR=… kubectl edit`).
    let env = words.iter().take_while(|w| edit::assignment(w).is_some()).count();
    let words: &[String] = match words.get(env).map(String::as_str) {
        Some("kubectl") | Some("k") => &words[env + 1..],
        _ => &words[env..],
    };
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
    let Some(cmd) = words.get(i) else { return Err(Box::new(Output::ok(help::root()))) };
    let mut rest: Vec<String> = pre;
    rest.extend(words[i + 1..].iter().cloned());
    // Words after `--` belong to the command kubectl runs (`exec … -- redis-cli -h HOST`).
    let own = rest.iter().position(|a| a == "--").map_or(&rest[..], |i| &rest[..i]);
    // `set` answers its own and its subcommands' help.
    if own.iter().any(|a| a == "--help" || a == "-h") && COMMANDS.contains(&cmd.as_str()) && cmd != "set" {
        if let Some(text) =
            (cmd == "create").then(|| commands::subcommand(&rest)).flatten().and_then(|at| create_help::subcommand(&rest[at]))
        {
            return Err(Box::new(Output::ok(text)));
        }
        return Err(Box::new(Output::ok(help::command(cmd))));
    }
    Ok((cmd.clone(), rest))
}

/// The commands that change the cluster; every other line only reads it.
const CHANGES: &[&str] = &[
    "apply",
    "create",
    "run",
    "expose",
    "wait",
    "delete",
    "scale",
    "autoscale",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "label",
    "annotate",
    "patch",
    "replace",
    "edit",
    "rollout",
    "set",
    "port-forward",
    "debug",
];

/// Whether a kubectl line only reads the cluster (`get`, `describe`, `logs`, `top`,
/// `rollout status`, help, a mistyped command, …): it runs on `&World` and nothing is
/// recorded for it.
pub fn reads_only(line: &str) -> bool {
    match command(line) {
        Err(_) => true,
        Ok((cmd, rest)) => {
            !(CHANGES.contains(&cmd.as_str())
                || cmd == "exec" && (exec::connects(&rest) || exec::writes(&rest))
                || cmd == "cp" && cp::copies_in(&rest))
                || (cmd == "rollout" && rollout::reads_only(&rest))
                || dry_run::requested(&cmd, &rest).is_ok_and(|d| d != dry_run::DryRun::None)
        }
    }
}

/// Runs a kubectl line that only reads (see `reads_only`); a line that would change the
/// cluster is refused.
pub fn read(c: &World, line: &str) -> Output {
    let (cmd, mut rest) = match command(line) {
        Ok(x) => x,
        Err(out) => return *out,
    };
    let user = match checked_user(c, &cmd, &mut rest) {
        Ok(u) => u,
        Err(out) => return *out,
    };
    if needs_files(line) {
        return read_files(c, line, &crate::files::NoFiles);
    }
    if let Some(out) = custom::not_simulated(c, &cmd, &rest) {
        return out;
    }
    match cmd.as_str() {
        "auth" => auth::auth(c, &rest, user.as_ref()),
        "get" => get::get(c, &rest),
        "describe" => describe::describe(c, &rest),
        "top" => top::top(c, &rest),
        "logs" => nodes::logs(c, &rest),
        "events" => events::events(c, &rest),
        "exec" => exec::exec(c, &rest),
        "explain" => explain::explain(c, &rest),
        "attach" => attach::attach(c, &rest),
        "rollout" if rollout::reads_only(&rest) => rollout::read(c, &rest),
        "cluster-info" => commands::cluster_info(c, &rest),
        "version" => commands::version(c, &rest),
        "api-resources" => discovery::api_resources(c, &rest),
        "config" => config::config(c, &rest),
        "api-versions" => discovery::api_versions(c, &rest),
        "help" => Output::ok(match rest.first() {
            Some(sub) if COMMANDS.contains(&sub.as_str()) => help::command(sub),
            _ => help::root(),
        }),
        other if CHANGES.contains(&other) => Output::err(format!("kubeplay: \"kubectl {other}\" changes the cluster; it is not a read")),
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

/// Whether a line only reads the cluster but reads files too (`kustomize`, `diff`, `get
/// -o go-template-file=`): the
/// shell answers it where it has the script's or the page's files.
pub fn needs_files(line: &str) -> bool {
    match command(line) {
        Ok((cmd, rest)) => {
            cmd == "kustomize"
                || cmd == "diff"
                || (cmd == "cp" && !cp::copies_in(&rest))
                || dry_run::requested(&cmd, &rest).is_ok_and(|d| d != dry_run::DryRun::None)
                || (cmd == "get" && rest.iter().any(|a| a.contains("template-file=") || a.contains("templatefile=")))
        }
        Err(_) => false,
    }
}

/// Runs a read that needs files (see `needs_files`).
pub fn read_files(c: &World, line: &str, files: &dyn Files) -> Output {
    match command(line) {
        Ok((cmd, rest)) if dry_run::requested(&cmd, &rest).is_ok_and(|d| d != dry_run::DryRun::None) => {
            let dry = dry_run::requested(&cmd, &rest).unwrap_or(dry_run::DryRun::Client);
            dry_run::run(c, &cmd, &rest, line, files, dry)
        }
        Ok((cmd, rest)) if cmd == "kustomize" => commands::kustomize(&rest, files),
        Ok((cmd, rest)) if cmd == "cp" => cp::cp(c, &rest, files),
        Ok((cmd, rest)) if cmd == "diff" => diff::diff(c, &rest, files),
        Ok((cmd, rest)) if cmd == "get" => get::get_with_files(c, &rest, files),
        _ => read(c, line),
    }
}

/// Runs any kubectl line; one that changes the cluster lets the controllers react before
/// it returns.
pub fn run(c: &mut World, line: &str, files: &dyn Files) -> Output {
    if needs_files(line) {
        return read_files(c, line, files);
    }
    if reads_only(line) {
        return read(c, line);
    }
    let Ok((cmd, mut rest)) = command(line) else { return read(c, line) };
    let user = match checked_user(c, &cmd, &mut rest) {
        Ok(u) => u,
        Err(out) => return *out,
    };
    let out = change(c, &cmd, &rest, line, files, user.as_ref());
    c.settle();
    out
}

/// Runs a command that changes the cluster (on the cluster, or on a dry run's copy), as
/// `user` when run `--as` another user.
fn change(
    c: &mut World,
    cmd: &str,
    rest: &[String],
    line: &str,
    files: &dyn Files,
    user: Option<&crate::apiserver::authorizer::UserInfo>,
) -> Output {
    let rest = rest.to_vec();
    if let Some(out) = custom::not_simulated(c, cmd, &rest) {
        return out;
    }
    match cmd {
        "apply" => commands::apply(c, &rest, files, crate::apply::Mode::Apply, user),
        "create" => commands::apply(c, &rest, files, crate::apply::Mode::Create, user),
        "run" => run::run(c, &rest),
        "expose" => run::expose(c, &rest),
        "wait" => wait::wait(c, &rest),
        "taint" => taint::taint(c, &rest),
        "annotate" => annotate::annotate(c, &rest),
        "patch" => patch::patch(c, &rest, files),
        "replace" => replace::replace(c, &rest, files),
        "edit" => edit::edit(c, &rest, &edit::environment(line), files),
        "delete" => commands::delete(c, &rest, files),
        "scale" => commands::scale(c, &rest),
        "autoscale" => top::autoscale(c, &rest),
        "cordon" => nodes::cordon(c, &rest, true),
        "uncordon" => nodes::cordon(c, &rest, false),
        "drain" => nodes::drain(c, &rest),
        "label" => nodes::label(c, &rest),
        "rollout" => rollout::rollout(c, &rest),
        "set" => set::set(c, &rest, files),
        "port-forward" => port_forward::port_forward(c, &rest),
        "exec" => exec::exec_mut(c, &rest),
        "debug" => debug::debug(c, &rest),
        "cp" => cp::cp_in(c, &rest, files),
        _ => read(c, line),
    }
}

/// What every command checks first: the `--as` user it runs as (taken out of `rest`),
/// whether that user may run it, and a valid `--dry-run`.
fn checked_user(c: &World, cmd: &str, rest: &mut Vec<String>) -> Result<Option<crate::apiserver::authorizer::UserInfo>, Box<Output>> {
    let user = impersonate::take(rest).map_err(|e| Box::new(Output::err(e)))?;
    if let Some(refused) = user.as_ref().and_then(|u| as_user(c, cmd, rest, u)) {
        return Err(Box::new(refused));
    }
    dry_run::requested(cmd, rest).map_err(|e| Box::new(Output::err(e)))?;
    Ok(user)
}

/// What the API server answers a command run `--as` another user when it may not:
/// kubectl's Forbidden error for its first denied request; `None` lets it run. Commands
/// whose requests kubeplay does not check say so instead of running unchecked.
fn as_user(c: &World, cmd: &str, rest: &[String], user: &crate::apiserver::authorizer::UserInfo) -> Option<Output> {
    match cmd {
        "auth" | "help" | "version" | "api-resources" | "api-versions" | "config" | "kustomize" | "explain" => None,
        "run" => impersonate::check_run(c, &impersonate::namespace_word(rest), user),
        // `-f` documents are checked one by one as they are applied; the generated
        // creates are not checked yet.
        "apply" => None,
        "create" if !impersonate::generated(rest) => None,
        _ if impersonate::CHECKED.contains(&cmd) => impersonate::check(c, cmd, rest, user),
        _ => Some(Output::err(format!(
            "kubeplay: --as is simulated for {} and auth can-i; \"kubectl {cmd}\" as another user is not checked yet, so it is not run.",
            impersonate::CHECKED.iter().filter(|c| **c != "auth").copied().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// The namespace a command works in: `-n`, else `default`.
fn namespace(p: &args::Parsed) -> String {
    p.get("namespace").unwrap_or("default").to_string()
}
