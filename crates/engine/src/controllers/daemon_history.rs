//! A DaemonSet's ControllerRevisions (`pkg/controller/daemon/update.go`): the revision
//! of its template is found or made at every sync (`constructHistory`), renumbered to
//! be the newest when a rollback brings an older template back, and revisions no pod
//! runs go, oldest first, beyond `revisionHistoryLimit` (`cleanupHistory`).

use crate::api::Api;
use crate::model::controllerrevision as cr;
use crate::model::daemonset::{DaemonSet, REVISION_HASH_LABEL};
use crate::model::meta::OwnerRef;
use crate::model::{Generic, Kind, Labels, Object};
use crate::value::Value;

/// The DaemonSet's revisions, oldest first.
pub fn owned(api: &Api, ds: &DaemonSet) -> Vec<Generic> {
    let mut out: Vec<Generic> = api
        .store
        .objects_of(Kind::ControllerRevision, Some(&ds.meta.namespace))
        .filter_map(|o| match o {
            Object::Written(g) if g.meta.controller().is_some_and(|c| *c.uid == *ds.meta.uid) => Some(g.clone()),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| (cr::revision(a), &a.meta.name).cmp(&(cr::revision(b), &b.meta.name)));
    out
}

/// `constructHistory`: the hash of the current template's revision (the pods'
/// `controller-revision-hash`), making the revision (`snapshot`) if none matches.
pub fn construct(api: &mut Api, ds: &DaemonSet) -> String {
    let ns = ds.meta.namespace.clone();
    let revs = owned(api, ds);
    let data = cr::body(&ds.spec.template, 0).get("data").cloned().unwrap_or(Value::Null);
    let (current, old): (Vec<&Generic>, Vec<&Generic>) = revs.iter().partition(|r| cr::data(r) == Some(&data));
    let next = old.iter().map(|r| cr::revision(r)).max().unwrap_or(0) + 1;
    if let Some(cur) = current.last() {
        // `dedupCurHistories` keeps the newest of equal revisions; a rollback makes the
        // restored template's revision the newest again.
        if cr::revision(cur) < next {
            let rv = api.store.next_rv();
            if let Some(Object::Written(g)) = api.store.object_mut(Kind::ControllerRevision, &ns, &cur.meta.name) {
                g.spec.set("revision", Value::Int(next));
                g.meta.resource_version = rv;
            }
        }
        return hash_of(cur);
    }
    // `snapshot`: named `<ds>-<ComputeHash(template, collisionCount)>`; a name taken by
    // another template is a collision, and the next count is tried.
    let mut collision = 0;
    loop {
        let hash = crate::controllers::deployment::template_hash(&ds.spec.template, collision);
        let name = format!("{}-{hash}", ds.meta.name);
        match api.store.object(Kind::ControllerRevision, &ns, &name) {
            Some(Object::Written(g)) if cr::data(g) == Some(&data) => return hash_of(g),
            Some(_) => collision += 1,
            None => {
                let mut meta = crate::model::ObjectMeta {
                    uid: cr::derived_uid(&ds.meta.uid, &name),
                    name: name.clone(),
                    namespace: ns.clone(),
                    creation: api.now,
                    ..Default::default()
                };
                meta.labels = ds.spec.template.get("metadata").map_or_else(Labels::default, |m| Labels::from_value(m.get("labels")));
                meta.labels.insert(REVISION_HASH_LABEL, &hash);
                meta.annotations = ds.meta.annotations.clone();
                meta.add_owner(OwnerRef {
                    api_version: "apps/v1",
                    kind: "DaemonSet",
                    name: ds.meta.name.as_str().into(),
                    uid: ds.meta.uid.as_str().into(),
                    controller: true,
                });
                meta.resource_version = api.store.next_rv();
                let g = Generic { kind: Kind::ControllerRevision, meta, spec: cr::body(&ds.spec.template, next), status: Value::Null };
                api.store.objects.insert((Kind::ControllerRevision, ns, name), Object::Written(g));
                return hash;
            }
        }
    }
}

/// The revision's hash: its `controller-revision-hash` label, else its name's tail.
fn hash_of(g: &Generic) -> String {
    match g.meta.labels.get(REVISION_HASH_LABEL) {
        Some(h) => h.to_string(),
        None => g.meta.name.rsplit('-').next().unwrap_or("").to_string(),
    }
}

/// `cleanupHistory`: of the revisions other than the current one, as many as exceed
/// `revisionHistoryLimit` go, oldest first, skipping any a pod still runs.
pub fn cleanup(api: &mut Api, ds: &DaemonSet, current_hash: &str) {
    let revs = owned(api, ds);
    let old: Vec<&Generic> = revs.iter().filter(|r| hash_of(r) != current_hash).collect();
    let mut to_kill = old.len() as i64 - ds.spec.revision_history_limit.max(0);
    if to_kill <= 0 {
        return;
    }
    let live: Vec<String> = api
        .store
        .pods_by_owner
        .get(ds.meta.uid.as_str())
        .into_iter()
        .flatten()
        .filter_map(|id| api.store.pod(*id))
        .filter_map(|p| p.meta.labels.get(REVISION_HASH_LABEL).map(String::from))
        .collect();
    for r in old {
        if to_kill <= 0 {
            break;
        }
        if live.iter().any(|h| *h == hash_of(r)) {
            continue;
        }
        api.store.objects.remove(Kind::ControllerRevision, &ds.meta.namespace, &r.meta.name);
        to_kill -= 1;
    }
}
