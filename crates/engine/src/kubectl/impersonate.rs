//! `--as USER` and `--as-group GROUP` on any command: kubectl sends the request as that
//! user (the admin may impersonate anyone) and the authorizer answers for them. Before a
//! command runs, the requests it would make first are checked, and a denied one is
//! printed as the API server's Forbidden error.

use super::args;
use super::Output;
use crate::apiserver::authorizer::{authorize, forbidden, Attributes, UserInfo};
use crate::model::Kind;
use crate::world::World;

/// Takes `--as`/`--as-group` (and `--as-uid`, which RBAC does not read) out of a
/// command's words: the user they name, if any.
pub(super) fn take(rest: &mut Vec<String>) -> Result<Option<UserInfo>, String> {
    let mut user: Option<String> = None;
    let mut groups = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let w = rest[i].clone();
        let (flag, inline) = match w.strip_prefix("--").map(|b| b.split_once('=').map_or((b, None), |(f, v)| (f, Some(v.to_string())))) {
            Some((f @ ("as" | "as-group" | "as-uid"), v)) => (f.to_string(), v),
            _ => {
                i += 1;
                continue;
            }
        };
        rest.remove(i);
        let value = match inline {
            Some(v) => v,
            None if i < rest.len() => rest.remove(i),
            None => return Err(format!("error: flag needs an argument: --{flag}")),
        };
        match flag.as_str() {
            "as" => user = Some(value),
            "as-group" => groups.push(value),
            _ => {}
        }
    }
    match user {
        Some(u) if !u.is_empty() => Ok(Some(UserInfo::impersonated(&u, &groups))),
        _ if !groups.is_empty() => Err("error: requesting uid or groups without impersonating a user".into()),
        _ => Ok(None),
    }
}

/// The commands whose first requests kubeplay knows, and so can check for another user.
pub(super) const CHECKED: &[&str] = &["get", "describe", "delete", "logs", "exec", "run", "apply -f", "create -f", "auth"];

fn denied(c: &World, user: &UserInfo, a: &Attributes) -> Option<String> {
    authorize(&c.store, user, a).err().map(|reason| format!("Error from server (Forbidden): {}", forbidden(user, a, &reason)))
}

/// The first request of `cmd` the user may not make, as kubectl prints it; `None` when
/// every checked request is allowed (the command then runs).
pub(super) fn check(c: &World, cmd: &str, rest: &[String], user: &UserInfo) -> Option<Output> {
    let parsed = match cmd {
        "get" => args::parse(rest, super::get::FLAGS, "get"),
        "describe" => args::parse(rest, super::describe::FLAGS, "describe"),
        "delete" => args::parse(rest, super::commands::DELETE_FLAGS, "delete"),
        "logs" => args::parse(rest, super::nodes::LOGS_FLAGS, "logs"),
        "exec" => args::parse(rest, super::exec::EXEC_FLAGS, "exec"),
        _ => return None,
    };
    // A line kubectl itself refuses is left to the command's own message.
    let p = parsed.ok()?;
    let ns = if p.bool("all-namespaces") { String::new() } else { super::namespace(&p) };
    let mut errors: Vec<String> = Vec::new();
    match cmd {
        "get" | "describe" | "delete" => {
            let groups = super::get::resource_args(&p.positional).ok()?;
            for (kind, names) in groups {
                let verb = match cmd {
                    "delete" if !names.is_empty() => "delete",
                    "delete" => "list",
                    _ if names.is_empty() => "list",
                    _ => "get",
                };
                if names.is_empty() {
                    errors.extend(denied(c, user, &Attributes::resource(verb, kind, "", &ns)));
                }
                for n in &names {
                    errors.extend(denied(c, user, &Attributes::resource(verb, kind, n, &ns)));
                }
            }
        }
        "logs" | "exec" => {
            let target = p.positional.first()?;
            let name = target.strip_prefix("pod/").or_else(|| target.strip_prefix("pods/")).unwrap_or(target);
            if name.contains('/') {
                return None;
            }
            let get = Attributes::resource("get", Kind::Pod, name, &ns);
            let sub = if cmd == "logs" {
                Attributes { subresource: "log".into(), ..get.clone() }
            } else {
                Attributes { verb: "create".into(), subresource: "exec".into(), ..get.clone() }
            };
            errors.extend(denied(c, user, &get).or_else(|| denied(c, user, &sub)));
        }
        _ => {}
    }
    if errors.is_empty() {
        return None;
    }
    Some(Output::err(errors.join("\n")))
}

/// `kubectl run NAME --as USER`: the pod's create.
pub(super) fn check_run(c: &World, ns: &str, user: &UserInfo) -> Option<Output> {
    denied(c, user, &Attributes::resource("create", Kind::Pod, "", ns)).map(Output::err)
}

/// The `-n`/`--namespace` of a command's words, without its flag table.
pub(super) fn namespace_word(rest: &[String]) -> String {
    let mut ns = "default".to_string();
    let mut words = rest.iter();
    while let Some(w) = words.next() {
        if w == "-n" || w == "--namespace" {
            if let Some(v) = words.next() {
                ns = v.clone();
            }
        } else if let Some(v) = w.strip_prefix("--namespace=").or_else(|| w.strip_prefix("-n").filter(|v| !v.is_empty())) {
            ns = v.trim_start_matches('=').to_string();
        }
    }
    ns
}

/// Whether a `create` line builds its object from flags (`create deployment …`) rather
/// than reading `-f`.
pub(super) fn generated(rest: &[String]) -> bool {
    super::commands::subcommand(rest).is_some() && !rest.iter().any(|a| a == "-f" || a.starts_with("--filename") || a.starts_with("-f="))
}
