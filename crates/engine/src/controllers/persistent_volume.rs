//! The PersistentVolume controller (`pkg/controller/volume/persistentvolume`) with the
//! provisioner each preset runs: claims bind to the smallest volume that fits them
//! (class, access modes, size, selector, `volumeName`), a claim of a class with a known
//! provisioner gets a volume `pvc-<claim uid>` (at once for `Immediate`, once the
//! scheduler has chosen a node for `WaitForFirstConsumer`), and a volume whose claim is
//! gone is `Released` (`Retain`) or deleted (`Delete`).

use crate::api::Api;
use crate::events::EventType;
use crate::model::storage::{self as st};
use crate::model::{Generic, Kind, Object, ObjectMeta};
use crate::time::{Millis, SECOND};
use crate::value::Value;
use std::collections::BTreeMap;

const SOURCE: &str = "persistentvolume-controller";

/// `--pvclaimbinder-sync-period`: every claim is synced again this often, and a claim
/// still waiting says so again (the events count up: `(x4 over 45s)`).
const RESYNC: Millis = 15 * SECOND;

#[derive(Clone, Default)]
pub struct PersistentVolumeController {
    /// The last reason reported for each waiting claim (by uid): between resyncs a
    /// claim's state is reported when it changes, not on every sync.
    reported: BTreeMap<String, String>,
    /// This sync is the periodic one: waiting claims report again.
    resync: bool,
    /// A claim reported waiting in this sync.
    waiting: bool,
    /// When the next periodic resync is asked for, if it is.
    next_resync: Option<Millis>,
}

/// A copy, for the paths that change the store while they read the object.
fn written(api: &Api, kind: Kind, ns: &str, name: &str) -> Option<Generic> {
    api.store.written(kind, ns, name).cloned()
}

fn written_mut<'a>(api: &'a mut Api, kind: Kind, ns: &str, name: &str) -> Option<&'a mut Generic> {
    match api.store.object_mut(kind, ns, name) {
        Some(Object::Written(g)) => Some(g),
        _ => None,
    }
}

fn keys(api: &Api, kind: Kind) -> Vec<(String, String)> {
    api.store.objects_of(kind, None).map(|o| (o.meta().namespace.clone(), o.meta().name.clone())).collect()
}

fn set_phase(g: &mut Generic, phase: &str) {
    if g.status.as_map().is_none() {
        g.status = Value::Map(vec![]);
    }
    g.status.set("phase", Value::str(phase));
}

impl PersistentVolumeController {
    /// The periodic resync's wake-up came.
    pub fn resync_due(&mut self) {
        self.resync = true;
        self.next_resync = None;
    }

    pub fn sync(&mut self, api: &mut Api) {
        self.waiting = false;
        super::pvc_protection::sync(api);
        self.sync_volumes(api);
        for (ns, name) in keys(api, Kind::PersistentVolumeClaim) {
            self.sync_claim(api, &ns, &name);
        }
        // Forget claims that are gone.
        let live: std::collections::BTreeSet<String> =
            api.store.objects_of(Kind::PersistentVolumeClaim, None).map(|o| o.meta().uid.clone()).collect();
        self.reported.retain(|uid, _| live.contains(uid));
        self.resync = false;
        self.resync_while_waiting(api);
    }

    /// One claim's sync, queued by its own change or its pods': its protection, the claim,
    /// and the volume it names.
    pub fn sync_one(&mut self, api: &mut Api, ns: &str, name: &str) {
        self.waiting = false;
        if super::pvc_protection::sync_claim(api, ns, name) {
            // It went: its volume is released or deleted, which every volume's sync sees.
            api.queues.volumes = true;
            return;
        }
        self.sync_claim(api, ns, name);
        let volume = api.store.written(Kind::PersistentVolumeClaim, ns, name).map(|c| st::claim_volume(c).to_string());
        if let Some(v) = volume.filter(|v| !v.is_empty()) {
            Self::sync_volume(api, &v);
        }
        self.resync_while_waiting(api);
    }

    fn resync_while_waiting(&mut self, api: &mut Api) {
        // While a claim waits, the controller's periodic resync comes round every 15 s
        // from its start (the cluster's).
        if self.waiting && self.next_resync.is_none() {
            let at = (api.now / RESYNC + 1).saturating_mul(RESYNC);
            self.next_resync = Some(at);
            api.wake_at(at, crate::api::Wake::PvResync);
        }
    }

    /// Every volume's sync, then the protection controllers'.
    fn sync_volumes(&mut self, api: &mut Api) {
        for (_, name) in keys(api, Kind::PersistentVolume) {
            Self::sync_volume(api, &name);
        }
        // A volume held only by its finalizer goes once it is no longer bound.
        super::pvc_protection::sync(api);
    }

    /// `syncVolume`: a new volume becomes `Available`; one whose claim is gone is
    /// reclaimed by its policy.
    fn sync_volume(api: &mut Api, name: &str) {
        // Read in place: every volume is looked at on every full sync, and most stay as they are.
        let Some(pv) = api.store.written(Kind::PersistentVolume, "", name) else { return };
        let phase = st::volume_phase(pv);
        let next = match st::claim_ref(pv) {
            None => "Available",
            Some((ns, n, uid)) => {
                let live = api.store.written(Kind::PersistentVolumeClaim, ns, n).filter(|c| uid.is_empty() || c.meta.uid == uid);
                match live {
                    // Promised to a claim not written yet, or bound.
                    None if uid.is_empty() => "Available",
                    Some(c) if st::claim_volume(c) == name => "Bound",
                    Some(_) => "Available",
                    None if phase == "Released" => "Released",
                    None => {
                        if st::volume_reclaim(pv) == "Delete" {
                            // The provisioner deletes the volume and its data.
                            api.store.objects.remove(Kind::PersistentVolume, "", name);
                            api.queues.scheduling.claims_changed();
                            return;
                        }
                        "Released"
                    }
                }
            }
        };
        if next != st::volume_phase(api.store.written(Kind::PersistentVolume, "", name).expect("read above")) {
            let rv = api.store.next_rv();
            if let Some(g) = written_mut(api, Kind::PersistentVolume, "", name) {
                set_phase(g, next);
                g.meta.resource_version = rv;
            }
        }
    }

    /// Records an event about a claim; `waits`: the claim stays as it is until something
    /// changes, and the resync says so again.
    fn report(&mut self, api: &mut Api, pvc: &Generic, kind: EventType, reason: &'static str, message: String, waits: bool) {
        let key = format!("{reason}\u{0}{message}");
        self.waiting |= waits;
        if self.reported.get(&pvc.meta.uid) == Some(&key) && !(self.resync && waits) {
            return;
        }
        self.reported.insert(pvc.meta.uid.clone(), key);
        let r = api.object_ref(Kind::PersistentVolumeClaim, &pvc.meta.namespace, &pvc.meta.name);
        api.record(r, kind, SOURCE, None, reason, message);
    }

    /// `syncClaim`: a bound claim checks its volume; an unbound one looks for a volume,
    /// or has one provisioned, or says why it waits.
    fn sync_claim(&mut self, api: &mut Api, ns: &str, name: &str) {
        // The common case read in place: a claim bound to a volume that is there.
        match api.store.written(Kind::PersistentVolumeClaim, ns, name) {
            None => return,
            Some(c) if st::claim_phase(c) == "Bound" && api.store.written(Kind::PersistentVolume, "", st::claim_volume(c)).is_some() => {
                return
            }
            Some(_) => {}
        }
        let Some(pvc) = written(api, Kind::PersistentVolumeClaim, ns, name) else { return };
        if st::claim_phase(&pvc) == "Bound" {
            if written(api, Kind::PersistentVolume, "", st::claim_volume(&pvc)).is_none() {
                let rv = api.store.next_rv();
                if let Some(g) = written_mut(api, Kind::PersistentVolumeClaim, ns, name) {
                    set_phase(g, "Lost");
                    g.meta.resource_version = rv;
                }
                let msg = "Bound claim has lost its PersistentVolume. Data on the volume is lost!".to_string();
                self.report(api, &pvc, EventType::Warning, "ClaimLost", msg, false);
            }
            return;
        }
        if st::claim_phase(&pvc) == "Lost" || pvc.meta.deletion.is_some() {
            return;
        }
        let wanted = st::claim_volume(&pvc).to_string();
        if !wanted.is_empty() {
            let Some(pv) = written(api, Kind::PersistentVolume, "", &wanted) else { return };
            let taken =
                st::claim_ref(&pv).is_some_and(|(cns, cname, uid)| cns != ns || cname != name || (!uid.is_empty() && uid != pvc.meta.uid));
            if taken {
                return;
            }
            if let Some(why) = st::mismatch(&pv, &pvc) {
                let msg = format!("Cannot bind to requested volume \"{wanted}\": {why}");
                self.report(api, &pvc, EventType::Warning, "VolumeMismatch", msg, true);
                return;
            }
            bind(api, &pv.meta.name, ns, name);
            return;
        }
        let class_name = st::claim_class(&pvc).unwrap_or("").to_string();
        let class = (!class_name.is_empty()).then(|| api.store.written(Kind::StorageClass, "", &class_name).map(Class::of)).flatten();
        let delayed = class.as_ref().is_some_and(|c| c.delayed);
        let node = pvc.meta.annotations.get(st::SELECTED_NODE).map(String::from);
        if !delayed || node.is_some() {
            if let Some(pv) = best_volume(api, &pvc, node.as_deref()) {
                bind(api, &pv, ns, name);
                return;
            }
        }
        if class_name.is_empty() {
            let msg = "no persistent volumes available for this claim and no storage class is set".to_string();
            self.report(api, &pvc, EventType::Normal, "FailedBinding", msg, true);
            return;
        }
        let Some(class) = class else {
            let msg = format!("storageclass.storage.k8s.io \"{class_name}\" not found");
            self.report(api, &pvc, EventType::Warning, "ProvisioningFailed", msg, true);
            return;
        };
        if delayed && node.is_none() {
            let mut waiting: Vec<String> =
                api.store.pods_using_claim(ns, name).filter(|(_, p)| p.node.is_empty()).map(|(_, p)| p.meta.name.clone()).collect();
            waiting.sort();
            if waiting.is_empty() {
                let msg = "waiting for first consumer to be created before binding".to_string();
                self.report(api, &pvc, EventType::Normal, "WaitForFirstConsumer", msg, true);
            } else {
                let (word, list) = if waiting.len() == 1 { ("pod", waiting[0].clone()) } else { ("pods", waiting.join(",")) };
                let msg = format!("waiting for {word} {list} to be scheduled");
                self.report(api, &pvc, EventType::Normal, "WaitForPodScheduled", msg, true);
            }
            return;
        }
        let provisioner = class.provisioner.clone();
        annotate_provisioner(api, ns, name, &provisioner);
        let msg = format!("Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
        let preset = api.preset.storage_class();
        self.report(api, &pvc, EventType::Normal, "ExternalProvisioning", msg, provisioner != preset.provisioner);
        if provisioner != preset.provisioner {
            // No such provisioner runs in this cluster: the claim waits, as a real one would.
            return;
        }
        let r = api.object_ref(Kind::PersistentVolumeClaim, ns, name);
        let msg = format!("External provisioner is provisioning volume for claim \"{ns}/{name}\"");
        api.record(r.clone(), EventType::Normal, preset.source, None, "Provisioning", msg);
        let Some(pvc) = written(api, Kind::PersistentVolumeClaim, ns, name) else { return };
        let pv = provision(api, &pvc, &class, node.as_deref());
        api.record(r, EventType::Normal, preset.source, None, "ProvisioningSucceeded", format!("Successfully provisioned volume {pv}"));
        self.reported.remove(&pvc.meta.uid);
        bind(api, &pv, ns, name);
    }
}

/// What a claim's sync reads of its StorageClass: the facts, not a copy of the object.
struct Class {
    name: String,
    delayed: bool,
    provisioner: String,
    reclaim: String,
}

impl Class {
    fn of(sc: &Generic) -> Class {
        Class {
            name: sc.meta.name.clone(),
            delayed: st::waits_for_consumer(sc),
            provisioner: st::provisioner(sc).to_string(),
            reclaim: st::reclaim_policy(sc).to_string(),
        }
    }
}

/// `FindMatchingVolume`: the smallest available volume that fits the claim (and the
/// chosen node), a volume promised to this claim first.
fn best_volume(api: &Api, pvc: &Generic, node: Option<&str>) -> Option<String> {
    let none = crate::model::Labels::default();
    let node_labels = node.and_then(|n| api.store.nodes.get(n)).map_or(&none, |n| &n.meta.labels);
    let mut best: Option<(bool, i64, String)> = None;
    for o in api.store.objects.available_volumes() {
        let Object::Written(pv) = o else { continue };
        let promised = match st::claim_ref(pv) {
            None => false,
            Some((ns, n, uid)) if ns == pvc.meta.namespace && n == pvc.meta.name && (uid.is_empty() || uid == pvc.meta.uid) => true,
            Some(_) => continue,
        };
        if !st::volume_matches(pv, pvc) {
            continue;
        }
        if let Some(n) = node {
            if !st::volume_fits_node(pv, n, node_labels) {
                continue;
            }
        }
        let size = st::volume_capacity(pv).and_then(st::quantity_bytes).unwrap_or(0);
        let better = match &best {
            None => true,
            Some((bp, bs, _)) => (promised && !bp) || (promised == *bp && size < *bs),
        };
        if better {
            best = Some((promised, size, pv.meta.name.clone()));
        }
    }
    best.map(|(_, _, n)| n)
}

/// `bindVolumeToClaim` then `bindClaimToVolume`, and both statuses.
fn bind(api: &mut Api, volume: &str, ns: &str, name: &str) {
    // What the two writes need of each other, read before either (no copies of both).
    let Some(pvc) = api.store.written(Kind::PersistentVolumeClaim, ns, name) else { return };
    let reference = claim_ref(pvc);
    let Some(pv) = api.store.written(Kind::PersistentVolume, "", volume) else { return };
    let (unclaimed, promised) = match st::claim_ref(pv) {
        None => (true, true),
        Some((_, _, uid)) => (false, uid.is_empty()),
    };
    let (modes, capacity) = (pv.spec.get("accessModes").cloned(), pv.spec.get("capacity").cloned());
    let rv = api.store.next_rv();
    if let Some(g) = written_mut(api, Kind::PersistentVolume, "", volume) {
        if promised {
            if unclaimed {
                g.meta.annotations.insert(st::BOUND_BY_CONTROLLER, "yes");
            }
            g.spec.set("claimRef", reference);
        }
        set_phase(g, "Bound");
        g.meta.resource_version = rv;
    }
    let rv = api.store.next_rv();
    if let Some(g) = written_mut(api, Kind::PersistentVolumeClaim, ns, name) {
        if st::claim_volume(g).is_empty() {
            g.spec.set("volumeName", Value::str(volume));
            g.meta.annotations.insert(st::BOUND_BY_CONTROLLER, "yes");
        }
        g.meta.annotations.insert(st::BIND_COMPLETED, "yes");
        let mut status = vec![("phase".to_string(), Value::str("Bound"))];
        if let Some(modes) = modes {
            status.push(("accessModes".into(), modes));
        }
        if let Some(cap) = capacity {
            status.push(("capacity".into(), cap));
        }
        status.sort_by(|a, b| a.0.cmp(&b.0));
        g.status = Value::Map(status);
        g.meta.resource_version = rv;
    }
    api.queues.scheduling.claims_changed();
}

fn claim_ref(pvc: &Generic) -> Value {
    Value::Map(vec![
        ("apiVersion".into(), Value::str("v1")),
        ("kind".into(), Value::str("PersistentVolumeClaim")),
        ("name".into(), Value::str(pvc.meta.name.clone())),
        ("namespace".into(), Value::str(pvc.meta.namespace.clone())),
        ("resourceVersion".into(), Value::str(pvc.meta.resource_version.to_string())),
        ("uid".into(), Value::str(pvc.meta.uid.clone())),
    ])
}

/// The annotations the controller writes on a claim it hands to a provisioner.
fn annotate_provisioner(api: &mut Api, ns: &str, name: &str, provisioner: &str) {
    let Some(g) = written_mut(api, Kind::PersistentVolumeClaim, ns, name) else { return };
    if g.meta.annotations.get(st::STORAGE_PROVISIONER) == Some(provisioner) {
        return;
    }
    g.meta.annotations.insert(st::BETA_STORAGE_PROVISIONER, provisioner);
    g.meta.annotations.insert(st::STORAGE_PROVISIONER, provisioner);
    let rv = api.store.next_rv();
    if let Some(g) = written_mut(api, Kind::PersistentVolumeClaim, ns, name) {
        g.meta.resource_version = rv;
    }
}

/// The preset's provisioner makes a volume for the claim: kind's local-path a directory
/// on the chosen node (and the volume is pinned to it), Docker Desktop's hostpath a
/// directory on its one node, the cloud's CSI driver a disk.
fn provision(api: &mut Api, pvc: &Generic, class: &Class, node: Option<&str>) -> String {
    let name = format!("pvc-{}", pvc.meta.uid);
    let provisioner = class.provisioner.clone();
    let mut meta: ObjectMeta = api.new_meta(&name, "");
    meta.annotations.insert(st::PROVISIONED_BY, &provisioner);
    meta.finalizers = vec![st::PV_PROTECTION.to_string()].into();
    let mut spec = vec![
        ("accessModes".to_string(), pvc.spec.get("accessModes").cloned().unwrap_or(Value::Seq(vec![]))),
        ("capacity".to_string(), Value::Map(vec![("storage".into(), st::claim_request(pvc).cloned().unwrap_or(Value::str("0")))])),
        ("claimRef".to_string(), claim_ref(pvc)),
        ("persistentVolumeReclaimPolicy".to_string(), Value::str(class.reclaim.clone())),
        ("storageClassName".to_string(), Value::str(class.name.clone())),
        ("volumeMode".to_string(), Value::str("Filesystem")),
    ];
    let (ns, claim) = (&pvc.meta.namespace, &pvc.meta.name);
    match provisioner.as_str() {
        "rancher.io/local-path" => {
            let node = node.unwrap_or("").to_string();
            meta.annotations.insert("local.path.provisioner/selected-node", &node);
            let path = format!("/var/local-path-provisioner/{name}_{ns}_{claim}");
            spec.push((
                "hostPath".into(),
                Value::Map(vec![("path".into(), Value::str(path)), ("type".into(), Value::str("DirectoryOrCreate"))]),
            ));
            let expr = Value::Map(vec![
                ("key".into(), Value::str("kubernetes.io/hostname")),
                ("operator".into(), Value::str("In")),
                ("values".into(), Value::Seq(vec![Value::str(node)])),
            ]);
            let term = Value::Map(vec![("matchExpressions".into(), Value::Seq(vec![expr]))]);
            let required = Value::Map(vec![("nodeSelectorTerms".into(), Value::Seq(vec![term]))]);
            spec.push(("nodeAffinity".into(), Value::Map(vec![("required".into(), required)])));
        }
        "docker.io/hostpath" => {
            let path = format!("/var/lib/k8s-pvs/{claim}/{name}");
            spec.push(("hostPath".into(), Value::Map(vec![("path".into(), Value::str(path)), ("type".into(), Value::str(""))])));
        }
        _ => {
            let csi = Value::Map(vec![
                ("driver".into(), Value::str(provisioner.clone())),
                ("fsType".into(), Value::str("ext4")),
                ("volumeHandle".into(), Value::str(format!("disks/{name}"))),
            ]);
            spec.push(("csi".into(), csi));
        }
    }
    spec.sort_by(|a, b| a.0.cmp(&b.0));
    meta.resource_version = api.store.next_rv();
    let pv = Generic {
        kind: Kind::PersistentVolume,
        meta,
        spec: Value::Map(spec),
        status: Value::Map(vec![("phase".into(), Value::str("Pending"))]),
    };
    api.store.objects.insert((Kind::PersistentVolume, String::new(), name.clone()), Object::Written(pv));
    name
}
