//! A pod's volumes and a container's mounts, as kubectl describes them and the kubelet
//! mounts them. kubeplay mounts ConfigMap, Secret and projected volumes (they wait for
//! their objects); every other type mounts at once.

use crate::value::Value;

/// One `items` entry: the key a file holds, the file's path in the volume and its mode.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyToPath {
    pub key: String,
    pub path: String,
    pub mode: Option<i64>,
}

/// One downward API file: a pod field (`metadata.labels`) or a container's resource
/// (`limits.cpu`), written at `path`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldFile {
    pub path: String,
    pub field: String,
    /// `resourceFieldRef` (with its container) rather than `fieldRef`.
    pub resource: Option<String>,
    /// The resource's divisor (`1m`, `1Mi`); empty is 1.
    pub divisor: String,
    pub mode: Option<i64>,
}

/// One source of a projected volume.
#[derive(Clone, Debug, PartialEq)]
pub enum Projection {
    Config {
        secret: bool,
        name: String,
        optional: bool,
        items: Vec<KeyToPath>,
    },
    DownwardApi(Vec<FieldFile>),
    ServiceAccountToken {
        path: String,
        expiration_secs: i64,
    },
    /// `clusterTrustBundle`, which kubectl does not describe.
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub enum VolumeSource {
    /// A ConfigMap (`secret: false`) or a Secret, with the keys `items` names.
    Config {
        secret: bool,
        name: String,
        optional: bool,
        items: Vec<KeyToPath>,
        default_mode: Option<i64>,
    },
    Projected {
        sources: Vec<Projection>,
        default_mode: Option<i64>,
    },
    DownwardApi {
        items: Vec<FieldFile>,
        default_mode: Option<i64>,
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
    /// Any other type, by its field name (`nfs`, `csi`, …).
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

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(Value::as_bool).unwrap_or(false)
}

fn mode(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

fn key_paths(s: &Value) -> Vec<KeyToPath> {
    s.get("items")
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|i| KeyToPath { key: text(i, "key"), path: text(i, "path"), mode: mode(i, "mode") })
        .collect()
}

fn field_files(s: &Value) -> Vec<FieldFile> {
    s.get("items")
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|i| {
            let (field, resource, divisor) = match i.get("resourceFieldRef").filter(|r| !r.is_null()) {
                Some(r) => (text(r, "resource"), Some(text(r, "containerName")), super::env::quantity_text(r.get("divisor"))),
                None => (i.get("fieldRef").map(|f| text(f, "fieldPath")).unwrap_or_default(), None, String::new()),
            };
            FieldFile { path: text(i, "path"), field, resource, divisor, mode: mode(i, "mode") }
        })
        .collect()
}

fn projection(s: &Value) -> Projection {
    let field = |k: &str| s.get(k).filter(|v| !v.is_null());
    if let Some(c) = field("configMap") {
        Projection::Config { secret: false, name: text(c, "name"), optional: optional(c), items: key_paths(c) }
    } else if let Some(c) = field("secret") {
        Projection::Config { secret: true, name: text(c, "name"), optional: optional(c), items: key_paths(c) }
    } else if let Some(d) = field("downwardAPI") {
        Projection::DownwardApi(field_files(d))
    } else if let Some(t) = field("serviceAccountToken") {
        Projection::ServiceAccountToken { path: text(t, "path"), expiration_secs: mode(t, "expirationSeconds").unwrap_or(3600) }
    } else {
        Projection::Other
    }
}

pub fn volume_from(v: &Value) -> Volume {
    let name = text(v, "name");
    let field = |k: &str| v.get(k).filter(|s| !s.is_null());
    let config = |s: &Value, secret: bool, key: &str| VolumeSource::Config {
        secret,
        name: text(s, key),
        optional: optional(s),
        items: key_paths(s),
        default_mode: mode(s, "defaultMode"),
    };
    let source = if let Some(s) = field("configMap") {
        config(s, false, "name")
    } else if let Some(s) = field("secret") {
        config(s, true, "secretName")
    } else if let Some(s) = field("projected") {
        VolumeSource::Projected {
            sources: s.get("sources").map(Value::as_seq).unwrap_or(&[]).iter().map(projection).collect(),
            default_mode: mode(s, "defaultMode"),
        }
    } else if let Some(s) = field("downwardAPI") {
        VolumeSource::DownwardApi { items: field_files(s), default_mode: mode(s, "defaultMode") }
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
}

pub fn volumes_from(list: Option<&Value>) -> Vec<Volume> {
    list.map(Value::as_seq).unwrap_or(&[]).iter().map(volume_from).collect()
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

/// One version of one file on a disk.
#[derive(Clone, Debug, PartialEq)]
pub struct HostFile {
    /// Where the volume lives: `node:/host/path`, `pv:NAME` (a network disk) or
    /// `emptydir:UID:VOLUME`.
    pub disk: String,
    /// The file's path inside the volume.
    pub path: String,
    pub from: crate::time::Millis,
    pub until: Option<crate::time::Millis>,
    pub content: String,
    /// The pod that wrote it: its writes stop when it is gone.
    pub writer: String,
}
