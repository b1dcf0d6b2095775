//! `kubectl edit TYPE NAME` (kubectl's `pkg/cmd/util/editor`): the live object as YAML,
//! under kubectl's header, goes through an editor; what comes back is compared with what
//! was shown, and the difference is sent as a patch, so fields nobody touched (status,
//! a count a controller changed meanwhile) are left as they are.
//!
//! The editor is `KUBE_EDITOR` or `EDITOR` from the line (`KUBE_EDITOR="sed -i …"
//! kubectl edit deploy web`, as a script on a real cluster would run it); the page opens
//! `buffer`'s text in its editor pane and saves with `save_line`.

use super::args::{self, flag, FlagSpec};
use super::get::ObjRef;
use super::{Output, World};
use crate::apiserver::ApiError;
use crate::files::Files;
use crate::model::Kind;
use crate::value::Value;

const EDIT_FLAGS: &[FlagSpec] = &[
    flag("output", Some('o'), true),
    flag("output-patch", None, false),
    flag("windows-line-endings", None, false),
    flag("save-config", None, false),
    flag("validate", None, true),
    flag("subresource", None, true),
    flag("filename", Some('f'), true),
    flag("field-manager", None, true),
    flag("show-managed-fields", None, false),
    flag("record", None, false),
];

/// What kubectl writes above the object.
pub const HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// The object `kubectl edit` opens, and the text the editor is given.
#[derive(Clone, Debug, PartialEq)]
pub struct Buffer {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    pub text: String,
}

impl Buffer {
    /// The kubectl line and file that save `edited`: `cp` as the editor, which a real
    /// cluster runs the same way (`KUBE_EDITOR="cp FILE" kubectl edit …`).
    pub fn save_line(&self, edited: &str) -> (String, Vec<(String, String)>) {
        let file = format!("kubectl-edit-{}.yaml", self.name);
        let ns = if self.kind.info().namespaced { format!(" -n {}", self.namespace) } else { String::new() };
        let line = format!("KUBE_EDITOR=\"cp {file}\" kubectl edit {}/{}{ns}", self.kind.type_name(), self.name);
        (line, vec![(file, edited.to_string())])
    }
}

/// The line's leading `NAME=value` words (`KUBE_EDITOR="…" kubectl edit …`).
pub fn environment(line: &str) -> Vec<(String, String)> {
    let words = crate::words::split(line).unwrap_or_default();
    words.iter().map_while(|w| assignment(w)).collect()
}

/// `NAME=value` as a shell reads a word before the command.
pub fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then(|| (name.to_string(), value.to_string()))
}

/// The object a `kubectl edit` line names, and its editor text; or what kubectl prints
/// when it cannot open it. `None` when the line is not `kubectl edit`.
pub fn buffer(c: &World, line: &str) -> Option<Result<Buffer, Box<Output>>> {
    let (cmd, rest) = super::command(line).ok()?;
    (cmd == "edit").then(|| open(c, &rest))
}

fn fail(text: impl Into<String>) -> Box<Output> {
    Box::new(Output::err(text))
}

fn open(c: &World, rest: &[String]) -> Result<Buffer, Box<Output>> {
    let p = args::parse(rest, EDIT_FLAGS, "edit").map_err(fail)?;
    if p.has("filename") {
        return Err(fail("kubeplay: kubectl edit -f is not simulated yet; name the object as TYPE NAME."));
    }
    if p.has("subresource") {
        return Err(fail("kubeplay: kubectl edit --subresource is not simulated yet."));
    }
    if let Some(o) = p.get("output").filter(|o| !["yaml", "json"].contains(o)) {
        return Err(fail(format!("error: the flag 'output' must be one of yaml|json, not {o:?}")));
    }
    if p.positional.is_empty() {
        return Err(fail(super::patch::NO_RESOURCES));
    }
    let groups = super::get::resource_args(&p.positional).map_err(fail)?;
    let ns = super::namespace(&p);
    let mut targets = Vec::new();
    for (kind, names) in groups {
        if names.is_empty() {
            return Err(fail("kubeplay: kubectl edit of every object of a type is not simulated yet; name one object."));
        }
        targets.extend(names.into_iter().map(|n| ObjRef {
            kind,
            ns: if kind.info().namespaced { ns.clone() } else { String::new() },
            name: n,
        }));
    }
    if targets.len() > 1 {
        return Err(fail("kubeplay: kubectl edit of several objects at once is not simulated yet; edit them one by one."));
    }
    let r = targets.remove(0);
    if r.kind == Kind::Event {
        return Err(fail("kubeplay: editing events is not simulated: kubeplay's events are written by its components only."));
    }
    if !super::get::exists(c, &r) {
        return Err(fail(ApiError::NotFound { resource: r.kind.resource_name(), name: r.name.clone() }.render(None)));
    }
    let live = super::get::to_value(c, &r);
    let body = if p.get("output") == Some("json") { live.to_json_pretty() } else { live.to_yaml() };
    let text = format!("{HEADER}{body}");
    Ok(Buffer { kind: r.kind, namespace: r.ns, name: r.name, text })
}

/// Runs `kubectl edit` with the editor the line's environment names.
pub fn edit(c: &mut World, rest: &[String], env: &[(String, String)], files: &dyn Files) -> Output {
    let buffer = match open(c, rest) {
        Ok(b) => b,
        Err(out) => return *out,
    };
    let editor = env.iter().rev().find(|(k, _)| k == "KUBE_EDITOR").or_else(|| env.iter().rev().find(|(k, _)| k == "EDITOR"));
    let Some((_, editor)) = editor else {
        return Output::err(
            "kubeplay: kubectl edit opens the object in an editor: on the page, in its editor pane; in a script, name an editor that needs no terminal, as a script on a real cluster would: KUBE_EDITOR=\"sed -i 's/replicas: 1/replicas: 3/'\" kubectl edit deployment web, or KUBE_EDITOR=\"cp edited.yaml\" kubectl edit deployment web.",
        );
    };
    let edited = match super::editor::run(editor, &buffer.text, files) {
        Ok(t) => t,
        Err(e) => return Output::err(e),
    };
    save(c, &buffer, &edited)
}

/// What kubectl does with the editor's text.
fn save(c: &mut World, buffer: &Buffer, edited: &str) -> Output {
    let cancelled = |msg: &str| Output { stderr: format!("{msg}\n"), ..Default::default() };
    // kubectl compares the texts without their comment lines.
    let uncommented = |t: &str| -> String { t.lines().filter(|l| !l.trim_start().starts_with('#')).map(|l| format!("{l}\n")).collect() };
    if uncommented(edited) == uncommented(&buffer.text) {
        return cancelled("Edit cancelled, no changes made.");
    }
    if uncommented(edited).trim().is_empty() {
        return cancelled("Edit cancelled, saved file was empty.");
    }
    let r = ObjRef { kind: buffer.kind, ns: buffer.namespace.clone(), name: buffer.name.clone() };
    let shown = super::patch::parse_body(&buffer.text).unwrap_or(Value::Null);
    let stream = crate::yaml::parse_stream(edited);
    if let Some(e) = stream.error {
        return not_saved(&r, &[format!("error converting YAML to JSON: yaml: {}", e.message)], None);
    }
    let now = stream.docs.first().map(|d| crate::model::decode::untyped(&d.root)).unwrap_or(Value::Null);
    let type_of = |v: &Value, k: &str| v.get(k).cloned();
    if type_of(&now, "kind") != type_of(&shown, "kind") || type_of(&now, "apiVersion") != type_of(&shown, "apiVersion") {
        return not_saved(&r, &["at least one of apiVersion, kind and name was changed".into()], None);
    }
    let name_of = |v: &Value| v.get("metadata").and_then(|m| m.get("name")).cloned();
    if name_of(&now) != name_of(&shown) {
        return not_saved(&r, &["at least one of apiVersion, kind and name was changed".into()], None);
    }
    let label = format!("{}/{}", r.kind.type_name(), r.name);
    if now == shown {
        return Output::ok(format!("{label} skipped\n"));
    }
    // What changed between what was shown and what was saved, applied to the object as it
    // is now (a merge patch: a list that changed is sent whole).
    let diff = crate::patch::json::merge_diff(&shown, &now);
    if !super::get::exists(c, &r) {
        return Output::err(ApiError::NotFound { resource: r.kind.resource_name(), name: r.name.clone() }.render(None));
    }
    let live = super::get::to_value(c, &r);
    let patched = crate::patch::json::merge(&live, &diff);
    match super::patch::write(c, &r, patched) {
        Ok(_) => Output::ok(format!("{label} edited\n")),
        Err(ApiError::Invalid { causes, .. }) => {
            let texts: Vec<String> = causes.iter().map(|c| c.text.clone()).collect();
            not_saved(&r, &texts, Some("is invalid"))
        }
        Err(ApiError::Conflict { resource, name }) => {
            // kubectl keeps the edited text in a temporary file for `replace -f` to retry.
            let message = ApiError::Conflict { resource: resource.clone(), name: name.clone() }.render(None);
            let message = message.trim_start_matches("Error from server (Conflict): ");
            Output::err(format!(
                "error: {resource} \"{name}\" could not be patched: {message}\nYou can run `kubectl replace -f /tmp/kubectl-edit-{name}.yaml` to try this update again.\nkubeplay: that file is not kept; run kubectl edit again to edit the object as it is now."
            ))
        }
        Err(e) => not_saved(&r, &[e.render(None)], None),
    }
}

/// kubectl reopens the editor with the errors on top; an editor that changes nothing
/// the second time (any editor a script runs) ends the edit.
fn not_saved(r: &ObjRef, errors: &[String], what: Option<&str>) -> Output {
    let resource = format!("{} \"{}\"", r.kind.resource_name(), r.name);
    let mut s = String::new();
    if let Some(what) = what {
        s.push_str(&format!("error: {resource} {what}\n"));
    }
    s.push_str(&format!("# {resource} was not valid:\n"));
    for e in errors {
        s.push_str(&format!("# * {e}\n"));
    }
    s.push_str("kubeplay: kubectl reopens the file with these errors on top; as the editor changed nothing more, it stores a copy of the changes in a temporary file (kubeplay keeps none) and stops:\n");
    s.push_str("error: Edit cancelled, no valid changes were saved.\n");
    Output { stderr: s, code: 1, ..Default::default() }
}
