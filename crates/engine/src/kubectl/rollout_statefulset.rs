//! `kubectl rollout status|history|undo|restart|pause|resume` of a StatefulSet, whose
//! history is its ControllerRevisions (`StatefulSetHistoryViewer`,
//! `StatefulSetStatusViewer`, the rollbacker's `statefulSetRollbacker`).

use super::args::Parsed;
use super::{Output, Wait};
use crate::model::controllerrevision as cr;
use crate::model::{Kind, Object};
use crate::value::Value;
use crate::world::World;

/// The set's revisions as (number, template, change cause), oldest first.
fn history(c: &World, ns: &str, uid: &str) -> Vec<(i64, Value, String)> {
    let mut out: Vec<(i64, Value, String)> = c
        .store
        .objects_of(Kind::ControllerRevision, Some(ns))
        .filter_map(|o| match o {
            Object::Written(g) if g.meta.controller().is_some_and(|o| *o.uid == *uid) => {
                let mut t = cr::template(g).cloned().unwrap_or(Value::Null);
                t.remove("$patch");
                let cause = g.meta.annotations.get("kubernetes.io/change-cause").unwrap_or("<none>").to_string();
                Some((cr::revision(g), t, cause))
            }
            _ => None,
        })
        .collect();
    out.sort_by_key(|(r, _, _)| *r);
    out
}

/// Changes the set's pod template (a new generation if anything changed).
pub(super) fn patch_template(c: &mut World, ns: &str, name: &str, f: impl FnOnce(&mut Value)) {
    let rv = c.api.store.next_rv();
    if let Some(s) = c.api.store.statefulset_mut(ns, name) {
        if s.spec.edit(|spec| f(spec.entry_map("template"))) {
            s.meta.generation += 1;
            s.meta.resource_version = rv;
        }
    }
    c.api.mark_dirty(Kind::StatefulSet, ns, name);
}

fn not_found(name: &str) -> Output {
    Output::err(format!("Error from server (NotFound): statefulsets.apps \"{name}\" not found"))
}

/// `rollout status` and `rollout history`, which only read.
pub(super) fn read(c: &World, sub: &str, p: &Parsed, ns: &str, name: &str) -> Output {
    let Some(set) = c.store.statefulset(ns, name) else { return not_found(name) };
    match sub {
        "status" => match crate::controllers::statefulset::rollout_status(c, ns, name) {
            None => not_found(name),
            Some((msg, Some(true))) => Output::ok(format!("{msg}\n")),
            Some((msg, Some(false))) => Output::err(msg),
            Some((msg, None)) => {
                let mut o = Output::ok(format!("{msg}\n"));
                if p.get("watch") != Some("false") {
                    o.wait = Some(Wait::StatefulSetRollout(ns.to_string(), name.to_string()));
                }
                o
            }
        },
        "history" => {
            let revisions = history(c, ns, &set.meta.uid);
            if let Some(rev) = p.get("revision") {
                let Some((_, t, _)) = revisions.iter().find(|(r, _, _)| r.to_string() == rev) else {
                    return Output::err(format!("error: unable to find the specified revision {rev}"));
                };
                return Output::ok(format!(
                    "statefulset.apps/{name} with revision #{rev}\nPod Template:\n{}",
                    t.to_yaml().lines().map(|l| format!("  {l}\n")).collect::<String>()
                ));
            }
            let mut tw = super::tabwriter::TabWriter::for_describe();
            tw.write("REVISION\tCHANGE-CAUSE\n");
            for (rev, _, cause) in &revisions {
                tw.write(&format!("{rev}\t{cause}\n"));
            }
            Output::ok(format!("statefulset.apps/{name} \n{}\n", tw.finish()))
        }
        _ => Output::err("error: this rollout command changes the statefulset"),
    }
}

/// `rollout undo|restart|pause|resume`.
pub(super) fn change(c: &mut World, sub: &str, p: &Parsed, ns: &str, name: &str) -> Output {
    let Some(set) = c.store.statefulset(ns, name) else { return not_found(name) };
    match sub {
        "undo" => {
            let revisions = history(c, ns, &set.meta.uid);
            let wanted: Option<i64> = p.get("to-revision").and_then(|r| r.parse().ok()).filter(|r| *r > 0);
            // The revision before the newest, unless one is named.
            let pick = match wanted {
                Some(r) => revisions.iter().find(|(rev, _, _)| *rev == r),
                None if revisions.len() >= 2 => revisions.get(revisions.len() - 2),
                None => None,
            };
            let Some((rev, template, _)) = pick.cloned() else {
                return Output::err(match wanted {
                    Some(r) => format!("error: unable to find specified revision {r} in history"),
                    None => "error: no last revision to roll back to".into(),
                });
            };
            if set.spec.template == template {
                return Output::ok(format!("statefulset.apps/{name} skipped rollback (current template already matches revision {rev})\n"));
            }
            patch_template(c, ns, name, |t| *t = template);
            Output::ok(format!("statefulset.apps/{name} rolled back\n"))
        }
        "restart" => {
            let now = crate::time::rfc3339(c.now());
            patch_template(c, ns, name, |t| {
                t.entry_map("metadata").entry_map("annotations").set("kubectl.kubernetes.io/restartedAt", Value::str(now));
            });
            Output::ok(format!("statefulset.apps/{name} restarted\n"))
        }
        verb => {
            let what = if verb == "pause" { "pausing" } else { "resuming" };
            Output::err(format!("error: statefulsets.apps \"{name}\" {what} is not supported"))
        }
    }
}
