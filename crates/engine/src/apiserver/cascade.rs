//! The garbage collector: when an owner goes, its dependents go too (background
//! cascading deletion), or are left behind without an owner (`--cascade=orphan`).

use crate::api::Api;
use crate::model::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cascade {
    Background,
    Foreground,
    Orphan,
}

impl Cascade {
    pub fn parse(s: &str) -> Option<Cascade> {
        match s {
            "background" | "true" => Some(Cascade::Background),
            "foreground" => Some(Cascade::Foreground),
            "orphan" | "false" => Some(Cascade::Orphan),
            _ => None,
        }
    }
}

/// Deals with the dependents of the object with `uid`, which is being deleted.
pub fn dependents_of(api: &mut Api, ns: &str, uid: &str, cascade: Cascade) {
    let replicasets: Vec<String> =
        api.store.replicasets(Some(ns)).filter(|r| r.meta.owners.iter().any(|o| *o.uid == *uid)).map(|r| r.meta.name.clone()).collect();
    for rs in replicasets {
        match cascade {
            Cascade::Orphan => {
                if let Some(r) = api.store.replicaset_mut(ns, &rs) {
                    r.meta.owners.retain(|o| *o.uid != *uid);
                }
            }
            _ => {
                if let Some(g) = api.store.objects.remove(Kind::ReplicaSet, ns, &rs) {
                    dependents_of(api, ns, &g.meta().uid, cascade);
                }
            }
        }
    }
    // A CronJob's Jobs, and theirs in turn.
    let jobs: Vec<String> =
        api.store.jobs(Some(ns)).filter(|j| j.meta.owners.iter().any(|o| *o.uid == *uid)).map(|j| j.meta.name.clone()).collect();
    for job in jobs {
        match cascade {
            Cascade::Orphan => {
                if let Some(j) = api.store.job_mut(ns, &job) {
                    j.meta.owners.retain(|o| *o.uid != *uid);
                }
            }
            _ => {
                if let Some(g) = api.store.objects.remove(Kind::Job, ns, &job) {
                    api.mark_dirty(Kind::Job, ns, &job);
                    dependents_of(api, ns, &g.meta().uid, cascade);
                }
            }
        }
    }
    // A StatefulSet's revisions, and the claims its retention policy gave it.
    for kind in [Kind::ControllerRevision, Kind::PersistentVolumeClaim] {
        let owned: Vec<String> = api
            .store
            .objects_of(kind, Some(ns))
            .filter(|o| o.meta().owners.iter().any(|o| *o.uid == *uid))
            .map(|o| o.meta().name.clone())
            .collect();
        for name in owned {
            match cascade {
                Cascade::Orphan => {
                    if let Some(o) = api.store.object_mut(kind, ns, &name) {
                        o.meta_mut().owners.retain(|o| *o.uid != *uid);
                    }
                }
                _ if kind == Kind::PersistentVolumeClaim => {
                    super::storage::delete(api, kind, ns, &name);
                }
                _ => {
                    api.store.objects.remove(kind, ns, &name);
                }
            }
        }
    }
    let pods: Vec<_> = api.store.pods_by_owner.get(uid).map(|s| s.iter().copied().collect()).unwrap_or_default();
    for id in pods {
        match cascade {
            Cascade::Orphan => {
                api.store.clear_pod_owner(id);
                // A controller may adopt it.
                api.orphans_may_exist = true;
            }
            _ => {
                let grace = api.store.pod(id).map(|p| p.spec.grace_secs).unwrap_or(30);
                crate::kubelet::terminate(api, id, grace);
            }
        }
    }
}
