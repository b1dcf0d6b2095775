//! `kubectl set subject (TYPE NAME | TYPE/NAME)… --user=U --group=G
//! --serviceaccount=NS:NAME` (`set_subject.go`): subjects added to RoleBindings and
//! ClusterRoleBindings, each once.

use super::Send;
use crate::kubectl::args::{self, flag, FlagSpec};
use crate::kubectl::{Files, Output};
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

/// kubectl's flags for the command (`--record` is deprecated and hidden, but parsed).
const FLAGS: &[FlagSpec] = &[
    flag("all", None, false),
    flag("allow-missing-template-keys", None, false),
    flag("dry-run", None, true),
    flag("field-manager", None, true),
    flag("filename", Some('f'), true),
    flag("group", None, true),
    flag("kustomize", Some('k'), true),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
    flag("selector", Some('l'), true),
    flag("serviceaccount", None, true),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
    flag("user", None, true),
];

/// A subject with the fields `rbacv1.Subject` writes, in its order.
fn subject(kind: &str, name: &str, namespace: &str) -> Value {
    let mut m = vec![("kind".to_string(), Value::str(kind))];
    if kind == "ServiceAccount" {
        m.push(("name".into(), Value::str(name)));
        m.push(("namespace".into(), Value::str(namespace)));
    } else {
        m.push(("apiGroup".into(), Value::str("rbac.authorization.k8s.io")));
        m.push(("name".into(), Value::str(name)));
    }
    Value::Map(m)
}

/// Sorted and without repeats (`sets.List(sets.New(...))`).
fn unique<'a>(values: &[&'a str]) -> Vec<&'a str> {
    let mut v = values.to_vec();
    v.sort();
    v.dedup();
    v
}

pub(super) fn run(c: &mut World, rest: &[String], _files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "set subject") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let output = match super::output(&p) {
        Ok(o) => o,
        Err(o) => return *o,
    };
    if p.bool("local") && p.get("dry-run") == Some("server") {
        return super::fail("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    }
    if let Err(o) = super::refuse_files(&p, "subject") {
        return *o;
    }
    let ns = crate::kubectl::namespace(&p);
    let targets = match super::targets(c, &p, &ns, &p.positional, p.get("selector")) {
        Ok(t) => t,
        Err(o) => return *o,
    };
    if let Err(o) = super::all_and_selector(&p) {
        return *o;
    }
    let (users, groups, accounts) = (p.all("user"), p.all("group"), p.all("serviceaccount"));
    if users.is_empty() && groups.is_empty() && accounts.is_empty() {
        return super::fail("you must specify at least one value of user, group or serviceaccount");
    }
    for sa in &accounts {
        let tokens: Vec<&str> = sa.split(':').collect();
        if tokens.len() != 2 || tokens[1].is_empty() {
            return super::fail("serviceaccount must be <namespace>:<name>");
        }
        if tokens[0].is_empty() && targets.iter().any(|t| t.kind == Kind::ClusterRoleBinding) {
            return super::fail("serviceaccount must be <namespace>:<name>, namespace must be specified");
        }
    }
    let mut wanted = Vec::new();
    wanted.extend(unique(&users).into_iter().map(|u| subject("User", u, "")));
    wanted.extend(unique(&groups).into_iter().map(|g| subject("Group", g, "")));
    for sa in unique(&accounts) {
        let (n, name) = sa.split_once(':').unwrap_or(("", sa));
        wanted.push(subject("ServiceAccount", name, if n.is_empty() { &ns } else { n }));
    }
    let send =
        Send { verb: "subjects updated", failed: "failed to patch subjects to rolebinding: ", skip_unchanged: true, output, record: None };
    super::update_each(c, &targets, &send, |r, obj, _| {
        if !matches!(r.kind, Kind::RoleBinding | Kind::ClusterRoleBinding) {
            return Err("setting subjects is only supported for RoleBinding/ClusterRoleBinding".into());
        }
        let Value::Map(_) = obj else { return Ok(false) };
        let mut subjects: Vec<Value> = obj.get("subjects").map(Value::as_seq).unwrap_or(&[]).to_vec();
        let existing: Vec<Value> = subjects.iter().map(Value::sorted).collect();
        let mut transformed = false;
        for s in &wanted {
            if !existing.contains(&s.sorted()) {
                subjects.push(s.clone());
                transformed = true;
            }
        }
        obj.set("subjects", Value::Seq(subjects));
        Ok(transformed)
    })
}
