//! `kubectl rollout status|history|undo|restart|pause|resume` of a StatefulSet or a
//! DaemonSet, whose history is its ControllerRevisions (`StatefulSetHistoryViewer`,
//! `DaemonSetHistoryViewer`, `printHistory`; the rollbackers' `findHistory`; the
//! status viewers; `defaultObjectRestarter`, `defaultObjectPauser`).

use super::args::Parsed;
use super::get::ObjRef;
use super::{Output, Wait};
use crate::model::controllerrevision as cr;
use crate::model::{Kind, Object};
use crate::value::Value;
use crate::world::World;

/// One revision: its number, the pod template its patch restores, and its change cause
/// (the revision's own annotation, which the controller copied from the set).
struct Revision {
    number: i64,
    template: Value,
    data: Option<Value>,
    cause: String,
}

/// The set's revisions, oldest first (`controlledHistory`: owned by the set).
fn history(c: &World, ns: &str, uid: &str) -> Vec<Revision> {
    let mut out: Vec<Revision> = c
        .store
        .objects_of(Kind::ControllerRevision, Some(ns))
        .filter_map(|o| match o {
            Object::Written(g) if g.meta.controller().is_some_and(|o| *o.uid == *uid) => {
                let mut template = cr::template(g).cloned().unwrap_or(Value::Null);
                template.remove("$patch");
                let cause = g.meta.annotations.get("kubernetes.io/change-cause").unwrap_or("<none>").to_string();
                Some(Revision { number: cr::revision(g), template, data: cr::data(g).cloned(), cause })
            }
            _ => None,
        })
        .collect();
    out.sort_by_key(|r| r.number);
    out
}

/// The set's uid and pod template, if it exists.
fn set_of(c: &World, kind: Kind, ns: &str, name: &str) -> Option<(String, Value)> {
    match c.store.object(kind, ns, name)? {
        Object::StatefulSet(s) => Some((s.meta.uid.clone(), s.spec.template.clone())),
        Object::DaemonSet(d) => Some((d.meta.uid.clone(), d.spec.template.clone())),
        _ => None,
    }
}

fn not_found(kind: Kind, name: &str) -> Output {
    Output::err(format!("Error from server (NotFound): {}.apps \"{name}\" not found", kind.info().plural))
}

/// `statefulset.apps/web`.
fn type_name(kind: Kind, name: &str) -> String {
    format!("{}/{name}", kind.type_name())
}

/// `rollout status` and `rollout history`, which only read.
pub(super) fn read(c: &World, kind: Kind, sub: &str, p: &Parsed, ns: &str, name: &str) -> Output {
    let Some((uid, _)) = set_of(c, kind, ns, name) else { return not_found(kind, name) };
    match sub {
        "status" => {
            let (status, wait) = if kind == Kind::StatefulSet {
                (crate::controllers::statefulset::rollout_status(c, ns, name), Wait::StatefulSetRollout(ns.into(), name.into()))
            } else {
                (crate::controllers::daemon::rollout_status(c, ns, name), Wait::DaemonSetRollout(ns.into(), name.into()))
            };
            match status {
                None => not_found(kind, name),
                Some((msg, Some(true))) => Output::ok(format!("{msg}\n")),
                Some((msg, Some(false))) => Output::err(msg),
                Some((msg, None)) => {
                    let mut o = Output::ok(format!("{msg}\n"));
                    if p.get("watch") != Some("false") {
                        o.wait = Some(super::rollout::timed(wait, p));
                    }
                    o
                }
            }
        }
        "history" => {
            let wanted = match p.get("revision").map(str::parse::<i64>) {
                None => 0,
                Some(Ok(r)) if r >= 0 => r,
                Some(Ok(r)) => return Output::err(format!("error: revision must be a positive integer: {r}")),
                Some(Err(_)) => {
                    let raw = p.get("revision").unwrap_or("");
                    return Output::err(format!(
                        "error: invalid argument \"{raw}\" for \"--revision\" flag: strconv.ParseInt: parsing \"{raw}\": invalid syntax\nSee 'kubectl rollout history --help' for usage."
                    ));
                }
            };
            let revisions = history(c, ns, &uid);
            // The printer's operation is "with revision #N\n<text>" (or "\n<text>").
            let with = if wanted > 0 { format!("with revision #{wanted}") } else { String::new() };
            let text = if revisions.is_empty() {
                "No rollout history found.".to_string()
            } else if wanted > 0 {
                let Some(r) = revisions.iter().find(|r| r.number == wanted) else {
                    return Output::err("error: unable to find the specified revision");
                };
                super::describe::pod_template_text(&r.template)
            } else {
                let mut tw = super::tabwriter::TabWriter::for_describe();
                tw.write("REVISION\tCHANGE-CAUSE\n");
                for r in &revisions {
                    tw.write(&format!("{}\t{}\n", r.number, r.cause));
                }
                tw.finish()
            };
            Output::ok(format!("{} {with}\n{text}\n", type_name(kind, name)))
        }
        _ => Output::err(format!("error: this rollout command changes the {}", kind.info().singular)),
    }
}

/// Writes the set with a new pod template, through the API server as kubectl's patch is.
fn write_template(c: &mut World, kind: Kind, ns: &str, name: &str, template: Value) -> Result<(), String> {
    let r = ObjRef { kind, ns: ns.to_string(), name: name.to_string() };
    let mut obj = super::get::to_value(c, &r);
    obj.entry_map("spec").set("template", template);
    super::patch::write(c, &r, obj).map(|_| ()).map_err(|e| super::set::bare(&e))
}

/// `rollout undo|restart|pause|resume`.
pub(super) fn change(c: &mut World, kind: Kind, sub: &str, p: &Parsed, ns: &str, name: &str) -> Output {
    let Some((uid, current)) = set_of(c, kind, ns, name) else { return not_found(kind, name) };
    let who = type_name(kind, name);
    match sub {
        "undo" => {
            let to: i64 = match p.get("to-revision").map(str::parse::<i64>) {
                None => 0,
                Some(Ok(r)) => r,
                Some(Err(_)) => {
                    let raw = p.get("to-revision").unwrap_or("");
                    return Output::err(format!(
                        "error: invalid argument \"{raw}\" for \"--to-revision\" flag: strconv.ParseInt: parsing \"{raw}\": invalid syntax\nSee 'kubectl rollout undo --help' for usage."
                    ));
                }
            };
            let not_in_history = || Output::err(format!("error: unable to find specified revision {to} in history"));
            if to < 0 {
                return not_in_history();
            }
            let revisions = history(c, ns, &uid);
            if to == 0 && revisions.len() <= 1 {
                return Output::err("error: no last revision to roll back to");
            }
            // `findHistory`: the revision named, else the one before the newest.
            let pick = if to == 0 { revisions.get(revisions.len() - 2) } else { revisions.iter().find(|r| r.number == to) };
            let Some(pick) = pick else { return not_in_history() };
            // `statefulsetMatch`/`daemonSetMatch`: the set's own patch against the revision's,
            // and the message names the revision as asked (0 when none was).
            if cr::body(&current, 0).get("data") == pick.data.as_ref() {
                return Output::ok(format!("{who} skipped rollback (current template already matches revision {to})\n"));
            }
            if let Err(e) = write_template(c, kind, ns, name, pick.template.clone()) {
                return Output::err(format!("error: failed restoring revision {to}: {e}"));
            }
            Output::ok(format!("{who} rolled back\n"))
        }
        "restart" => {
            let now = crate::time::rfc3339(c.now());
            let mut template = current;
            template.entry_map("metadata").entry_map("annotations").set("kubectl.kubernetes.io/restartedAt", Value::str(now));
            if let Err(e) = write_template(c, kind, ns, name, template) {
                return Output::err(format!("error: failed to patch: {e}"));
            }
            Output::ok(format!("{who} restarted\n"))
        }
        verb => {
            // Only Deployments pause (`defaultObjectPauser`, `defaultObjectResumer`).
            let what = if verb == "pause" { "pausing" } else { "resuming" };
            Output::err(format!("error: {}.apps \"{name}\" {what} is not supported", kind.info().plural))
        }
    }
}
