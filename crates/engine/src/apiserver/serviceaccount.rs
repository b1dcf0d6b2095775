//! The service account controller's `default` account in each namespace, and the
//! ServiceAccount admission plugin's check that a pod's account exists.

use crate::api::Api;
use crate::model::pod::PodSpec;
use crate::model::serviceaccount as sa;
use crate::model::token_volume::TokenVolume;
use crate::model::{Kind, Object, ObjectMeta};
use crate::store::Store;

/// Creates the namespace's `default` account, as the controller does as soon as it sees
/// the namespace. Its uid comes from a stream of its own and it shares the namespace's
/// resource version, so the uids and versions of everything else stay as they were
/// before accounts were modelled.
pub(crate) fn create_default(api: &mut Api, ns: &str) {
    // The resource version tells a recreated account from the one it replaces.
    let salt = ns.bytes().fold(0x5345_5256_4943_4541u64, |h, b| h.rotate_left(7) ^ u64::from(b));
    let uid = crate::rng::Rng::new(api.seed ^ salt ^ api.store.revision().rotate_left(32)).uuid();
    let meta = ObjectMeta {
        name: sa::DEFAULT.into(),
        namespace: ns.into(),
        uid,
        creation: api.now,
        resource_version: api.store.revision(),
        ..Default::default()
    };
    api.store.objects.insert((Kind::ServiceAccount, ns.to_string(), sa::DEFAULT.to_string()), Object::Written(sa::empty(meta)));
}

/// The controller puts `default` back as soon as it is deleted from a namespace that
/// still exists.
pub(crate) fn deleted(api: &mut Api, ns: &str, name: &str) {
    if name == sa::DEFAULT && api.store.namespace_exists(ns) {
        api.store.next_rv();
        create_default(api, ns);
    }
}

/// The ServiceAccount admission plugin: a pod may run only as an account that exists.
/// `name` is the pod's name, or its `generateName` for a controller's pod.
pub fn admit(store: &Store, ns: &str, name: &str, spec: &crate::value::Value) -> Result<(), String> {
    let account = sa::of_pod(spec);
    if store.exists(Kind::ServiceAccount, ns, account) {
        return Ok(());
    }
    Err(format!("pods \"{name}\" is forbidden: error looking up service account {ns}/{account}: serviceaccount \"{account}\" not found"))
}

/// The plugin's token volume for a new pod: none for a static pod's mirror, nor when the
/// pod or else its account turns `automountServiceAccountToken` off.
pub(crate) fn token_volume(store: &Store, meta: &ObjectMeta, spec: &PodSpec) -> Option<TokenVolume> {
    if meta.annotations.get(crate::kubelet::mirror::MIRROR_ANNOTATION).is_some() {
        return None;
    }
    let account = store.written(Kind::ServiceAccount, &meta.namespace, sa::of_pod(&spec.raw)).map(|g| &g.spec);
    crate::model::token_volume::should_automount(&spec.raw, account).then(|| TokenVolume::for_uid(&meta.uid))
}
