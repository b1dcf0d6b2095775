//! `kubectl set serviceaccount|sa (TYPE NAME | TYPE/NAME)… SERVICE_ACCOUNT`
//! (`set_serviceaccount.go`): the pod template's `serviceAccountName`. kubectl sends the
//! patch even when the name is already that one, and says so.

use super::Send;
use crate::kubectl::args::{self, flag, FlagSpec};
use crate::kubectl::{Files, Output};
use crate::value::Value;
use crate::world::World;

/// kubectl's flags for the command (`--record` is deprecated and hidden, but parsed).
const FLAGS: &[FlagSpec] = &[
    flag("all", None, false),
    flag("allow-missing-template-keys", None, false),
    flag("dry-run", None, true),
    flag("field-manager", None, true),
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
    flag("record", None, false),
];

pub(super) fn run(c: &mut World, rest: &[String], _files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "set serviceaccount") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if p.bool("local") && p.get("dry-run") == Some("server") {
        return super::fail("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    }
    let output = match super::output(&p) {
        Ok(o) => o,
        Err(o) => return *o,
    };
    let Some((account, resources)) = p.positional.split_last() else {
        return super::fail("serviceaccount is required");
    };
    if let Err(o) = super::refuse_files(&p, "serviceaccount") {
        return *o;
    }
    let ns = crate::kubectl::namespace(&p);
    // This command has no -l: the builder gets no selector.
    let targets = match super::targets(c, &p, &ns, resources, None) {
        Ok(t) => t,
        Err(o) => return *o,
    };
    let send = Send {
        verb: "serviceaccount updated",
        failed: "failed to patch ServiceAccountName ",
        skip_unchanged: false,
        output,
        record: super::change_cause(&p, "serviceaccount"),
    };
    super::update_each(c, &targets, &send, |r, obj, _| {
        let spec = super::pod_spec(obj, r.kind)?;
        spec.set("serviceAccountName", Value::str(account.clone()));
        // The v1 API writes the deprecated field from the current one.
        if spec.get("serviceAccount").is_some() {
            spec.set("serviceAccount", Value::str(account.clone()));
        }
        Ok(true)
    })
}
