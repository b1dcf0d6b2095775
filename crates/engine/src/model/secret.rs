//! Secrets (v1): `data` (base64 on the wire), `stringData` (write-only text the API
//! server folds into `data`), `type` and `immutable`, kept as written beside `metadata`.

use super::base64;
use super::generic::Generic;
use crate::value::Value;

/// What the v1 → internal conversion and `SetDefaults_Secret` do: each `stringData` key
/// overwrites `data`'s (base64-encoded), `stringData` is dropped so it is never stored or
/// shown, and an empty `type` is `Opaque`.
pub fn fold_string_data(obj: &mut Value) {
    if let Some(Value::Map(strings)) = obj.remove("stringData") {
        let data = obj.entry_map("data");
        for (k, v) in strings {
            data.set(&k, Value::str(base64::encode(v.as_str().unwrap_or("").as_bytes())));
        }
    }
    if obj.get("type").and_then(Value::as_str).is_none_or(str::is_empty) {
        obj.set("type", Value::str("Opaque"));
    }
}

pub fn secret_type(s: &Generic) -> &str {
    s.spec.get("type").and_then(Value::as_str).unwrap_or("Opaque")
}

/// The decoded bytes of `data[key]`.
pub fn bytes(s: &Generic, key: &str) -> Option<Vec<u8>> {
    match s.spec.get("data")?.get(key)? {
        Value::Null => Some(vec![]),
        v => base64::decode(v.as_str()?).ok(),
    }
}

/// `data`'s keys and decoded values, sorted by key.
pub fn data(s: &Generic) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = s
        .spec
        .get("data")
        .and_then(Value::as_map)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().and_then(|t| base64::decode(t).ok()).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

/// kubectl's DATA column: `len(data)`.
pub fn data_count(s: &Generic) -> usize {
    s.spec.get("data").and_then(Value::as_map).map_or(0, Vec::len)
}
