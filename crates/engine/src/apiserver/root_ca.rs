//! kube-controller-manager's root CA certificate publisher: a `kube-root-ca.crt`
//! ConfigMap in every namespace, holding the cluster's CA under `ca.crt`, which every
//! pod's service-account token volume projects. The publisher writes it when a namespace
//! appears, writes it again at once when it is deleted, and puts its data and
//! description back when someone edits them.

use crate::api::Api;
use crate::model::generic::Generic;
use crate::model::{Kind, Labels, Object, ObjectMeta};
use crate::value::Value;

use crate::model::configmap::ROOT_CA_NAME as NAME;
/// The one key it holds.
pub const KEY: &str = "ca.crt";
const DESCRIPTION_ANNOTATION: &str = "kubernetes.io/description";
const DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/// The cluster's CA certificate in PEM, as kubeadm's `ca.crt` looks: one certificate of
/// the usual size. Its bytes come from the seed (each cluster has its own CA) and are not
/// a certificate anything could parse: nothing in kubeplay verifies TLS.
pub fn certificate(seed: u64) -> String {
    let mut rng = crate::rng::Rng::new(seed ^ 0x726f_6f74_2d63_612e);
    // A DER SEQUENCE of 0x2fb bytes (`MIIC+z…`), as a 2048-bit RSA CA's is.
    let mut der = vec![0x30, 0x82, 0x02, 0xfb];
    while der.len() < 0x2fb + 4 {
        der.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    der.truncate(0x2fb + 4);
    let b64 = crate::model::base64::encode(&der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or(""));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

fn body(seed: u64) -> Value {
    Value::Map(vec![("data".into(), Value::Map(vec![(KEY.into(), Value::str(certificate(seed)))]))])
}

/// Publishes the namespace's ConfigMap. As the default ServiceAccount does, it shares the
/// namespace's resource version and takes its uid from a stream of its own, so adding it
/// moved no other object's uid or version.
pub(crate) fn publish(api: &mut Api, ns: &str) {
    let salt = ns.bytes().fold(0x524f_4f54_4341_4352u64, |h, b| h.rotate_left(7) ^ u64::from(b));
    let uid = crate::rng::Rng::new(api.seed ^ salt ^ api.store.revision().rotate_left(32)).uuid();
    let mut annotations = Labels::default();
    annotations.insert(DESCRIPTION_ANNOTATION, DESCRIPTION);
    let meta = ObjectMeta {
        name: NAME.into(),
        namespace: ns.into(),
        uid,
        creation: api.now,
        resource_version: api.store.revision(),
        annotations,
        ..Default::default()
    };
    let cm = Generic { kind: Kind::ConfigMap, meta, spec: body(api.seed), status: Value::Null };
    api.store.objects.insert((Kind::ConfigMap, ns.to_string(), NAME.to_string()), Object::Written(cm));
}

/// The publisher sees its ConfigMap deleted and writes it again, while the namespace
/// exists.
pub(crate) fn deleted(api: &mut Api, ns: &str, name: &str) {
    if name == NAME && api.store.namespace_exists(ns) {
        api.store.next_rv();
        publish(api, ns);
    }
}

/// The publisher sees its ConfigMap changed: data other than the CA, or a missing
/// description, is put back (one more write, one more resource version).
pub(crate) fn updated(api: &mut Api, ns: &str, name: &str) {
    if name != NAME {
        return;
    }
    let seed = api.seed;
    let Some(Object::Written(cm)) = api.store.objects.get(Kind::ConfigMap, ns, NAME) else { return };
    let described = cm.meta.annotations.get(DESCRIPTION_ANNOTATION).is_some_and(|d| !d.is_empty());
    if cm.spec.get("data") == body(seed).get("data") && cm.spec.get("binaryData").is_none() && described {
        return;
    }
    let rv = api.store.next_rv();
    if let Some(Object::Written(cm)) = api.store.objects.get_mut(Kind::ConfigMap, ns, NAME) {
        cm.spec.set("data", body(seed).get("data").cloned().unwrap_or(Value::Null));
        cm.meta.annotations.insert(DESCRIPTION_ANNOTATION, DESCRIPTION);
        cm.meta.resource_version = rv;
    }
}
