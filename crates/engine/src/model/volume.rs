//! A pod's volumes and a container's mounts, as kubectl describes them and the kubelet
//! mounts them. kubeplay mounts ConfigMap and Secret volumes (they wait for their
//! object); every other type mounts at once.

use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum VolumeSource {
    /// A ConfigMap (`secret: false`) or a Secret, with the keys `items` names.
    Config {
        secret: bool,
        name: String,
        optional: bool,
        items: Vec<String>,
    },
    EmptyDir {
        medium: String,
        size_limit: String,
    },
    HostPath {
        path: String,
        ty: String,
    },
    Claim {
        name: String,
        read_only: bool,
    },
    /// Any other type, by its field name (`projected`, `nfs`, …).
    Other(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    pub name: String,
    pub source: VolumeSource,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VolumeMount {
    pub name: String,
    pub path: String,
    pub read_only: bool,
    pub sub_path: String,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

pub fn volumes_from(list: Option<&Value>) -> Vec<Volume> {
    list.map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|v| {
            let name = text(v, "name");
            let field = |k: &str| v.get(k).filter(|s| !s.is_null());
            let config = |s: &Value, secret: bool, key: &str| VolumeSource::Config {
                secret,
                name: text(s, key),
                optional: s.get("optional").and_then(Value::as_bool).unwrap_or(false),
                items: s.get("items").map(Value::as_seq).unwrap_or(&[]).iter().map(|i| text(i, "key")).collect(),
            };
            let source = if let Some(s) = field("configMap") {
                config(s, false, "name")
            } else if let Some(s) = field("secret") {
                config(s, true, "secretName")
            } else if let Some(s) = field("emptyDir") {
                VolumeSource::EmptyDir { medium: text(s, "medium"), size_limit: text(s, "sizeLimit") }
            } else if let Some(s) = field("hostPath") {
                VolumeSource::HostPath { path: text(s, "path"), ty: text(s, "type") }
            } else if let Some(s) = field("persistentVolumeClaim") {
                VolumeSource::Claim { name: text(s, "claimName"), read_only: s.get("readOnly").and_then(Value::as_bool).unwrap_or(false) }
            } else {
                let other = v.as_map().into_iter().flatten().map(|(k, _)| k.as_str()).find(|k| *k != "name").unwrap_or("");
                VolumeSource::Other(other.to_string())
            };
            Volume { name, source }
        })
        .collect()
}

pub fn mounts_from(list: Option<&Value>) -> Vec<VolumeMount> {
    list.map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|m| VolumeMount {
            name: text(m, "name"),
            path: text(m, "mountPath"),
            read_only: m.get("readOnly").and_then(Value::as_bool).unwrap_or(false),
            sub_path: text(m, "subPath"),
        })
        .collect()
}
