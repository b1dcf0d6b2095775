//! ConfigMaps (v1): `data` (text), `binaryData` (base64 on the wire) and `immutable`,
//! kept as written beside `metadata` (a `Generic` whose body is those fields). What the
//! kubelet and kubectl read of them is here.

use super::base64;
use super::generic::Generic;
use crate::value::Value;

/// The ConfigMap kube-controller-manager publishes in every namespace with the cluster's
/// CA (`RootCACertConfigMapName`).
pub const ROOT_CA_NAME: &str = "kube-root-ca.crt";

/// The text of `data[key]`: what an environment variable gets. `binaryData` keys are
/// not looked at, as the kubelet's `makeEnvironmentVariables` reads `Data` only.
pub fn text<'a>(cm: &'a Generic, key: &str) -> Option<&'a str> {
    match cm.spec.get("data")?.get(key)? {
        Value::Null => Some(""),
        v => v.as_str(),
    }
}

/// `data`'s keys and texts, sorted by key.
pub fn data(cm: &Generic) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = cm
        .spec
        .get("data")
        .and_then(Value::as_map)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
        .collect();
    out.sort();
    out
}

/// `binaryData`'s keys and decoded sizes, sorted by key.
pub fn binary_sizes(cm: &Generic) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = cm
        .spec
        .get("binaryData")
        .and_then(Value::as_map)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().map_or(0, |s| base64::decode(s).map_or(0, |b| b.len()))))
        .collect();
    out.sort();
    out
}

/// Every key a volume of it would hold as a file (`data` and `binaryData`).
pub fn has_key(cm: &Generic, key: &str) -> bool {
    ["data", "binaryData"].iter().any(|f| cm.spec.get(f).and_then(|d| d.get(key)).is_some())
}

/// kubectl's DATA column: `len(data) + len(binaryData)`.
pub fn data_count(cm: &Generic) -> usize {
    ["data", "binaryData"].iter().map(|f| cm.spec.get(f).and_then(Value::as_map).map_or(0, Vec::len)).sum()
}
