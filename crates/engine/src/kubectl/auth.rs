//! `kubectl auth can-i` and `kubectl auth whoami`: a SelfSubjectAccessReview (or
//! SelfSubjectRulesReview for `--list`) answered by the authorizer for the admin, or for
//! the user `--as` names.

use super::args::{self, flag, FlagSpec};
use super::tabwriter::TabWriter;
use super::Output;
use crate::apiserver::authorizer::{authorize, bindings_of, Attributes, UserInfo};
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

const CAN_I_FLAGS: &[FlagSpec] = &[
    flag("all-namespaces", Some('A'), false),
    flag("quiet", Some('q'), false),
    flag("subresource", None, true),
    flag("list", None, false),
    flag("no-headers", None, false),
];

const RESOURCE_VERBS: &[&str] = &[
    "get",
    "list",
    "watch",
    "create",
    "update",
    "patch",
    "delete",
    "deletecollection",
    "use",
    "bind",
    "impersonate",
    "*",
    "approve",
    "sign",
    "escalate",
    "attest",
];
const NON_RESOURCE_VERBS: &[&str] = &["get", "put", "post", "head", "options", "delete", "patch", "*"];

pub fn auth(c: &World, rest: &[String], user: Option<&UserInfo>) -> Output {
    let admin = UserInfo::admin();
    let user = user.unwrap_or(&admin);
    let (sub, words): (Option<&String>, Vec<String>) = match rest.iter().position(|w| !w.starts_with('-')) {
        Some(i) => (rest.get(i), rest.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, w)| w.clone()).collect()),
        None => (None, rest.to_vec()),
    };
    match sub.map(String::as_str) {
        Some("can-i") => can_i(c, &words, user),
        Some("whoami") => whoami(&words, user),
        Some(other) if ["reconcile"].contains(&other) => {
            Output::err(format!("kubeplay: \"kubectl auth {other}\" is a real kubectl command that this simulator does not run yet."))
        }
        _ => Output::ok(
            "Inspect authorization.\n\nAvailable Commands:\n  can-i         Check whether an action is allowed\n  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects\n  whoami        Experimental: Check self subject attributes\n\nUsage:\n  kubectl auth [flags] [options]\n\nUse \"kubectl auth <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n".into(),
        ),
    }
}

/// `kubectl auth whoami`: the SelfSubjectReview's user.
fn whoami(words: &[String], user: &UserInfo) -> Output {
    if let Err(e) = args::parse(words, &[flag("output", Some('o'), true)], "auth whoami") {
        return Output::err(e);
    }
    let mut w = TabWriter::for_tables();
    w.write("ATTRIBUTE\tVALUE\n");
    w.write(&format!("Username\t{}\n", user.name));
    w.write(&format!("Groups\t[{}]\n", user.groups.join(" ")));
    Output::ok(w.finish())
}

fn can_i(c: &World, words: &[String], user: &UserInfo) -> Output {
    let p = match args::parse(words, CAN_I_FLAGS, "auth can-i") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let all = p.bool("all-namespaces");
    let ns = if all { String::new() } else { super::namespace(&p) };
    let mut out = Output::default();
    if p.bool("list") {
        if !p.positional.is_empty() {
            return Output::err("error: list option must be specified with no arguments");
        }
        if p.bool("quiet") || all || p.has("subresource") {
            return Output::err("error: list option can't be specified with neither quiet, all-namespaces nor subresource options");
        }
        return list(c, user, &ns, p.bool("no-headers"));
    }
    let [verb, target] = p.positional.as_slice() else {
        return Output::err(
            "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.",
        );
    };
    let mut warn = |w: String| out.warnings.push_str(&format!("Warning: {w}\n"));
    let attrs = if target.starts_with('/') {
        if p.has("subresource") {
            return Output::err("error: --subresource can not be used with NonResourceURL");
        }
        if !NON_RESOURCE_VERBS.contains(&verb.as_str()) {
            warn(format!("verb '{verb}' is not a known verb"));
        }
        Attributes { verb: verb.clone(), path: Some(target.clone()), ..Default::default() }
    } else {
        let (res, name) = target.split_once('/').map_or((target.as_str(), ""), |(r, n)| (r, n));
        let lower = res.to_ascii_lowercase();
        let (group, resource, kind) = match Kind::from_resource_arg(&lower) {
            _ if res == "*" => (String::new(), "*".to_string(), None),
            Some(k) => (k.info().group.to_string(), k.info().plural.to_string(), Some(k)),
            None => {
                let (r, g) = lower.split_once('.').map_or((lower.as_str(), ""), |(r, g)| (r, g));
                if !["users", "groups"].contains(&lower.as_str()) {
                    if g.is_empty() {
                        warn(format!("the server doesn't have a resource type '{r}'"));
                    } else {
                        warn(format!("the server doesn't have a resource type '{r}' in group '{g}'"));
                    }
                }
                (String::new(), res.to_string(), None)
            }
        };
        if let Some(k) = kind.filter(|k| !all && !k.info().namespaced) {
            if group.is_empty() {
                warn(format!("resource '{}' is not namespace scoped", k.info().plural));
            } else {
                warn(format!("resource '{}' is not namespace scoped in group '{group}'", k.info().plural));
            }
        }
        if kind.is_some() && !RESOURCE_VERBS.contains(&verb.as_str()) {
            warn(format!("verb '{verb}' is not a known verb"));
        }
        Attributes {
            verb: verb.clone(),
            group,
            resource,
            subresource: p.get("subresource").unwrap_or("").to_string(),
            name: name.to_string(),
            namespace: ns,
            path: None,
        }
    };
    if p.bool("no-headers") {
        return Output::err("error: --no-headers cannot be set without --list specified");
    }
    let answer = match authorize(&c.store, user, &attrs) {
        Ok(()) => "yes".to_string(),
        Err(reason) if reason.is_empty() => {
            out.code = 1;
            "no".to_string()
        }
        Err(reason) => {
            out.code = 1;
            format!("no - {reason}")
        }
    };
    if !p.bool("quiet") {
        out.stdout = format!("{answer}\n");
    }
    out
}

/// `kubectl auth can-i --list`: the SelfSubjectRulesReview's rules broken down to one
/// group and resource (or URL) each, simple ones with the same resource merged, sorted
/// as kubectl sorts them.
fn list(c: &World, user: &UserInfo, ns: &str, no_headers: bool) -> Output {
    let mut out = Output::default();
    let mut rules: Vec<Value> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for b in bindings_of(&c.store, user, ns) {
        match b {
            Ok(r) => rules.extend(r.iter().cloned()),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        out.warnings.push_str(&format!("Warning: the list may be incomplete: {}\n", errors.join(", ")));
    }
    let mut w = TabWriter::for_tables();
    if !no_headers {
        w.write("Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
    }
    for r in super::policy_rules::printed(&rules) {
        w.write(&format!("{}\n", r.cells()));
    }
    out.stdout = w.finish();
    out
}
