//! The API server's part in storage: the StorageClass each product installs, the
//! DefaultStorageClass and StorageObjectInUseProtection admission plugins, the fields
//! of claims and volumes only controllers write, and deletion held by a finalizer.

use crate::api::Api;
use crate::model::storage::{self as st, PVC_PROTECTION, PV_PROTECTION};
use crate::model::{Generic, Kind, Object, ObjectMeta};
use crate::value::Value;

/// The product's default StorageClass, as it is there when the cluster starts (kind's
/// `installstorage` action, Docker Desktop's storage-provisioner). Its uid comes from a
/// stream of its own and it shares the last start-up object's resource version, so
/// every other uid, name and version of a session stays as it was before classes were
/// modelled.
pub(crate) fn install_default_class(api: &mut Api) {
    let class = api.preset.storage_class();
    let uid = crate::rng::Rng::new(api.seed ^ 0x0053_544f_5241_4745).uuid();
    let mut meta = ObjectMeta { name: class.name.into(), uid, creation: api.now, ..Default::default() };
    meta.annotations.insert(st::DEFAULT_CLASS, "true");
    meta.resource_version = api.store.revision();
    let mut body = vec![
        ("provisioner".to_string(), Value::str(class.provisioner)),
        ("reclaimPolicy".to_string(), Value::str("Delete")),
        ("volumeBindingMode".to_string(), Value::str(class.binding_mode)),
    ];
    if let Some(expand) = class.allow_expansion {
        body.push(("allowVolumeExpansion".to_string(), Value::Bool(expand)));
    }
    body.sort_by(|a, b| a.0.cmp(&b.0));
    let sc = Generic { kind: Kind::StorageClass, meta, spec: Value::Map(body), status: Value::Null };
    api.store.objects.insert((Kind::StorageClass, String::new(), class.name.to_string()), Object::Written(sc));
}

/// `DefaultStorageClass` admission: a claim without `storageClassName` gets the default
/// class (the newest, if several are marked), when there is one.
pub(crate) fn default_class(api: &Api) -> Option<String> {
    let chosen = api.store.objects.chosen(Kind::StorageClass, |objects| {
        objects
            .all_of(Kind::StorageClass)
            .filter(|(_, o)| matches!(o, Object::Written(g) if st::is_default(g)))
            .max_by(|(_, a), (_, b)| a.meta().creation.cmp(&b.meta().creation).then_with(|| b.meta().name.cmp(&a.meta().name)))
    });
    chosen.map(|o| o.meta().name.clone())
}

/// What admission and the registry's strategy add to a new claim or volume: the default
/// class, the protection finalizer, and the `Pending` phase.
pub(crate) fn prepare_create(api: &Api, kind: Kind, meta: &mut ObjectMeta, obj: &mut Value) {
    match kind {
        Kind::PersistentVolumeClaim => {
            // A claim naming its class by the old beta annotation keeps it.
            let beta = meta.annotations.get(st::BETA_CLASS).is_some();
            let spec = obj.entry_map("spec");
            if !beta && spec.get("storageClassName").is_none_or(Value::is_null) {
                if let Some(class) = default_class(api) {
                    spec.set("storageClassName", Value::str(class));
                }
            }
            add_finalizer(meta, PVC_PROTECTION);
        }
        Kind::PersistentVolume => add_finalizer(meta, PV_PROTECTION),
        _ => {}
    }
}

fn add_finalizer(meta: &mut ObjectMeta, f: &str) {
    if !meta.finalizers.iter().any(|x| x == f) {
        meta.finalizers.push(f.to_string());
    }
}

/// The status a new claim or volume starts with.
pub(crate) fn initial_status(kind: Kind) -> Value {
    match kind {
        Kind::PersistentVolumeClaim | Kind::PersistentVolume => Value::Map(vec![("phase".into(), Value::str("Pending"))]),
        _ => Value::Null,
    }
}

/// A claim or volume written again by `kubectl apply`: the fields its controllers
/// filled in (the bound volume, the default class, the claim reference) stay, as a
/// three-way merge leaves fields the applied text never named.
pub(crate) fn keep_controller_fields(kind: Kind, old: &Value, spec: &mut Value) {
    let fields: &[&str] = match kind {
        Kind::PersistentVolumeClaim => &["volumeName", "storageClassName"],
        Kind::PersistentVolume => &["claimRef"],
        _ => return,
    };
    for f in fields {
        if spec.get(f).is_none() {
            if let Some(v) = old.get(f) {
                spec.set(f, v.clone());
            }
        }
    }
    // In the stored order, so an unchanged text compares equal.
    let order: Vec<&str> = old.as_map().into_iter().flatten().map(|(k, _)| k.as_str()).collect();
    if let Value::Map(m) = spec {
        m.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    }
}

/// Annotations the PV controller, the scheduler and provisioners own: an apply keeps them.
pub(crate) fn controller_annotation(key: &str) -> bool {
    ["pv.kubernetes.io/", "volume.kubernetes.io/", "volume.beta.kubernetes.io/", "local.path.provisioner/"]
        .iter()
        .any(|p| key.starts_with(p))
}

/// A claim or volume written again keeps the annotations its controllers wrote, so
/// applying the same text is `unchanged`.
pub(crate) fn keep_controller_annotations(kind: Kind, old: &crate::model::Labels, new: &mut crate::model::Labels) {
    if !matches!(kind, Kind::PersistentVolumeClaim | Kind::PersistentVolume) {
        return;
    }
    for (k, v) in old.0.iter().filter(|(k, _)| controller_annotation(k)) {
        if new.get(k).is_none() {
            new.insert(k, v);
        }
    }
}

/// Deletes a claim or volume, or marks it for deletion while a finalizer holds it (the
/// protection controllers take theirs off when nothing uses it). Returns whether it is
/// gone already.
pub(crate) fn delete(api: &mut Api, kind: Kind, ns: &str, name: &str) -> Option<bool> {
    let now = api.now;
    let rv = api.store.next_rv();
    let obj = api.store.object_mut(kind, ns, name)?;
    let meta = obj.meta_mut();
    if meta.finalizers.is_empty() {
        api.store.objects.remove(kind, ns, name);
        // A claim's volume is released or deleted: every volume is looked at.
        api.queues.volumes = true;
        return Some(true);
    }
    if meta.deletion.is_none() {
        meta.deletion = Some(now);
        meta.deletion_grace_secs = Some(0);
        meta.resource_version = rv;
    }
    // The protection controllers decide when its finalizer comes off.
    if kind == Kind::PersistentVolumeClaim {
        api.queue_claim(ns, name);
    } else {
        api.queues.volumes = true;
    }
    Some(false)
}
