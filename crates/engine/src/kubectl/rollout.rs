//! `kubectl rollout status|history|undo|restart|pause|resume`.

use super::args::{self, flag, FlagSpec};
use super::{Output, Wait};
use crate::controllers::deployment::{self, HASH_LABEL, REVISION};
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

const FLAGS: &[FlagSpec] =
    &[flag("to-revision", None, true), flag("watch", Some('w'), true), flag("timeout", None, true), flag("revision", None, true)];

fn target(c: &World, p: &args::Parsed) -> Result<(String, String), String> {
    let Some(arg) = p.positional.get(1) else {
        return Err("error: required resource not specified".into());
    };
    let (kind, name) = match arg.split_once('/') {
        Some((k, n)) => (k.to_string(), n.to_string()),
        None => (arg.clone(), p.positional.get(2).cloned().ok_or("error: required resource not specified")?),
    };
    match Kind::from_resource_arg(&kind) {
        Some(Kind::Deployment) => {}
        Some(k) => {
            return Err(format!(
                "error: no {} has been implemented for {{\"{}\" \"{}\"}}",
                if p.positional[0] == "status" { "status viewer" } else { "history viewer" },
                k.info().group,
                k.info().name
            ))
        }
        None => return Err(crate::model::served::unknown_resource_type(&kind)),
    }
    let ns = super::namespace(p);
    if !c.store.exists(Kind::Deployment, &ns, &name) {
        return Err(format!("Error from server (NotFound): deployments.apps \"{name}\" not found"));
    }
    Ok((ns, name))
}

fn owned_rs(c: &World, ns: &str, uid: &str) -> Vec<(i64, String, Value)> {
    let mut out: Vec<(i64, String, Value)> = c
        .store
        .replicasets(Some(ns))
        .filter(|r| r.meta.controller().is_some_and(|o| *o.uid == *uid))
        .map(|r| {
            (
                r.meta.annotations.get(REVISION).and_then(|v| v.parse().ok()).unwrap_or(0),
                r.meta.name.clone(),
                Value::clone(&r.spec.template),
            )
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    out
}

/// Changes the Deployment's pod template (a new generation if anything changed) and
/// queues it for its controller.
fn patch_template(c: &mut World, ns: &str, name: &str, f: impl FnOnce(&mut Value)) {
    let rv = c.api.store.next_rv();
    if let Some(d) = c.api.store.deployment_mut(ns, name) {
        if std::rc::Rc::make_mut(&mut d.spec).edit(|s| f(s.entry_map("template"))) {
            d.meta.generation += 1;
            d.meta.resource_version = rv;
        }
    }
    c.api.mark_dirty(Kind::Deployment, ns, name);
}

/// Whether `kubectl rollout` with these arguments only reads (`status`, `history`, or a
/// line refused before anything changes).
pub fn reads_only(rest: &[String]) -> bool {
    !rest.iter().any(|a| ["undo", "restart", "pause", "resume"].contains(&a.as_str()))
}

/// The rollout's deployment and its uid, or kubectl's error.
fn parsed(c: &World, rest: &[String]) -> Result<(args::Parsed, String, String, String, String), Box<Output>> {
    let p = args::parse(rest, FLAGS, "rollout").map_err(|e| Box::new(Output::err(e)))?;
    let Some(sub) = p.positional.first().cloned() else {
        return Err(Box::new(Output::err("error: Required resource not specified.\nSee 'kubectl rollout -h' for help and examples")));
    };
    if !["status", "history", "undo", "restart", "pause", "resume"].contains(&sub.as_str()) {
        return Err(Box::new(Output::err(format!(
            "error: unknown command \"{sub}\" for \"kubectl rollout\"\nRun 'kubectl rollout --help' for usage."
        ))));
    }
    let (ns, name) = target(c, &p).map_err(|e| Box::new(Output::err(e)))?;
    let Some(d) = c.store.deployment(&ns, &name) else {
        return Err(Box::new(Output::err(format!("Error from server (NotFound): deployments.apps \"{name}\" not found"))));
    };
    let uid = d.meta.uid.clone();
    Ok((p, sub, ns, name, uid))
}

/// The line's kind, subcommand, namespace and name, if it names a StatefulSet or a
/// DaemonSet, whose history is ControllerRevisions rather than ReplicaSets.
fn set_target(rest: &[String]) -> Option<(Kind, args::Parsed, String, String, String)> {
    let p = args::parse(rest, FLAGS, "rollout").ok()?;
    let sub = p.positional.first()?.clone();
    let arg = p.positional.get(1)?;
    let (kind, name) = match arg.split_once('/') {
        Some((k, n)) => (k.to_string(), n.to_string()),
        None => (arg.clone(), p.positional.get(2)?.clone()),
    };
    let kind = Kind::from_resource_arg(&kind).filter(|k| matches!(k, Kind::StatefulSet | Kind::DaemonSet))?;
    let ns = super::namespace(&p);
    Some((kind, p, sub, ns, name))
}

/// A rollout's wait, given up after `--timeout` when it names one other than 0 (kubectl's
/// default: wait for good).
pub(super) fn timed(wait: Wait, p: &args::Parsed) -> Wait {
    match p.get("timeout").and_then(crate::time::parse_duration) {
        Some(t) if t > 0 => Wait::Timed(Box::new(wait), t),
        _ => wait,
    }
}

/// `kubectl rollout status|history`, which only read.
pub fn read(c: &World, rest: &[String]) -> Output {
    if let Some((kind, p, sub, ns, name)) = set_target(rest) {
        return super::rollout_sets::read(c, kind, &sub, &p, &ns, &name);
    }
    let (p, sub, ns, name, uid) = match parsed(c, rest) {
        Ok(x) => x,
        Err(o) => return *o,
    };
    match sub.as_str() {
        "status" => match deployment::rollout_status(c, &ns, &name) {
            Some((msg, Some(true))) => Output::ok(format!("{msg}\n")),
            Some((msg, Some(false))) => Output::err(msg),
            Some((msg, None)) => {
                let mut o = Output::ok(format!("{msg}\n"));
                if p.get("watch") != Some("false") {
                    o.wait = Some(timed(Wait::Rollout(ns, name), &p));
                }
                o
            }
            None => Output::err("error: rollout status unavailable"),
        },
        "history" => {
            if let Some(rev) = p.get("revision") {
                // `printTemplate` of the ReplicaSet's template as it is (its
                // `pod-template-hash` label too), with the ReplicaSet's change cause
                // among the template's annotations.
                let Some(rs) = c
                    .store
                    .replicasets(Some(&ns))
                    .find(|r| r.meta.controller().is_some_and(|o| *o.uid == *uid) && r.meta.annotations.get(REVISION) == Some(rev))
                else {
                    return Output::err("error: unable to find the specified revision");
                };
                let mut t = Value::clone(&rs.spec.template);
                if let Some(cause) = rs.meta.annotations.get("kubernetes.io/change-cause") {
                    t.entry_map("metadata").entry_map("annotations").set("kubernetes.io/change-cause", Value::str(cause));
                }
                return Output::ok(format!("deployment.apps/{name} with revision #{rev}\n{}\n", super::describe::pod_template_text(&t)));
            }
            let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".into()]];
            // The change cause is the ReplicaSet's own annotation (`getChangeCause`), which
            // the Deployment controller copies from the Deployment.
            let causes: Vec<(i64, String)> = c
                .store
                .replicasets(Some(&ns))
                .filter(|r| r.meta.controller().is_some_and(|o| *o.uid == *uid))
                .map(|r| {
                    let rev = r.meta.annotations.get(REVISION).and_then(|v| v.parse().ok()).unwrap_or(0);
                    (rev, r.meta.annotations.get("kubernetes.io/change-cause").unwrap_or("<none>").to_string())
                })
                .collect();
            for (rev, _, _) in owned_rs(c, &ns, &uid) {
                let cause = causes.iter().find(|(r, _)| *r == rev).map_or("<none>", |(_, c)| c.as_str()).to_string();
                rows.push(vec![rev.to_string(), cause]);
            }
            // kubectl's history printer uses padding 2.
            let mut tw = super::tabwriter::TabWriter::for_describe();
            for r in rows {
                tw.write(&format!("{}\t{}\n", r[0], r[1]));
            }
            Output::ok(format!("deployment.apps/{name} \n{}\n", tw.finish()))
        }
        _ => Output::err("error: this rollout command changes the deployment"),
    }
}

/// `kubectl rollout undo|restart|pause|resume` (and the reads).
pub fn rollout(c: &mut World, rest: &[String]) -> Output {
    if reads_only(rest) {
        return read(c, rest);
    }
    if let Some((kind, p, sub, ns, name)) = set_target(rest) {
        return super::rollout_sets::change(c, kind, &sub, &p, &ns, &name);
    }
    let (p, sub, ns, name, uid) = match parsed(c, rest) {
        Ok(x) => x,
        Err(o) => return *o,
    };
    match sub.as_str() {
        "undo" => {
            let revisions = owned_rs(c, &ns, &uid);
            let current = revisions.iter().map(|(r, _, _)| *r).max().unwrap_or(0);
            let wanted: Option<i64> = p.get("to-revision").and_then(|r| r.parse().ok()).filter(|r| *r > 0);
            let pick = match wanted {
                Some(r) => revisions.iter().find(|(rev, _, _)| *rev == r),
                None => revisions.iter().rev().find(|(rev, _, _)| *rev < current),
            };
            let Some((_, _, template)) = pick.cloned() else {
                return Output::err(match wanted {
                    Some(r) => format!("error: unable to find specified revision {r} in history"),
                    None => "error: no rollout history found for deployment \"".to_string() + &name + "\"",
                });
            };
            let mut t = template;
            if let Some(l) = t.get_mut("metadata").and_then(|m| m.get_mut("labels")) {
                l.remove(HASH_LABEL);
            }
            let same = c.store.deployment(&ns, &name).is_some_and(|d| d.spec.template == t);
            if same {
                return Output::ok(format!(
                    "deployment.apps/{name} skipped rollback (current template already matches revision {})\n",
                    pick.map(|p| p.0).unwrap_or(0)
                ));
            }
            patch_template(c, &ns, &name, |tpl| *tpl = t);
            Output::ok(format!("deployment.apps/{name} rolled back\n"))
        }
        "restart" => {
            let now = crate::time::rfc3339(c.now());
            patch_template(c, &ns, &name, |tpl| {
                tpl.entry_map("metadata").entry_map("annotations").set("kubectl.kubernetes.io/restartedAt", Value::str(now));
            });
            Output::ok(format!("deployment.apps/{name} restarted\n"))
        }
        verb => {
            let pause = verb == "pause";
            let already = c.store.deployment(&ns, &name).is_some_and(|d| d.spec.paused == pause);
            if already {
                return Output::err(format!("error: deployments.apps \"{name}\" is already {}", if pause { "paused" } else { "resumed" }));
            }
            let rv = c.api.store.next_rv();
            let Some(d) = c.api.store.deployment_mut(&ns, &name) else { return Output::err("error: the deployment is gone") };
            std::rc::Rc::make_mut(&mut d.spec).edit(|s| {
                if pause {
                    s.set("paused", Value::Bool(true));
                } else {
                    s.remove("paused");
                }
            });
            d.meta.generation += 1;
            d.meta.resource_version = rv;
            c.api.mark_dirty(Kind::Deployment, &ns, &name);
            Output::ok(format!("deployment.apps/{name} {}\n", if pause { "paused" } else { "resumed" }))
        }
    }
}
