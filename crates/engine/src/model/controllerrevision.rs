//! ControllerRevisions (`apps/v1`): an immutable snapshot of a controller's pod template
//! (`data`, the patch that restores it) and its `revision` number. Kept as written
//! (`Generic`, with the fields beside `metadata`); the StatefulSet and DaemonSet
//! controllers make them, and `kubectl rollout history|undo` reads them.

use super::generic::Generic;
use crate::value::Value;

/// The revision's number.
pub fn revision(g: &Generic) -> i64 {
    g.spec.get("revision").and_then(Value::as_i64).unwrap_or(0)
}

/// The revision's snapshot.
pub fn data(g: &Generic) -> Option<&Value> {
    g.spec.get("data")
}

/// The pod template a revision's patch restores (`ApplyRevision`,
/// `applyDaemonSetHistory`), as stored (with its `$patch` directive).
pub fn template(g: &Generic) -> Option<&Value> {
    data(g)?.get("spec")?.get("template")
}

/// The body of a revision: the patch that restores `template` (`getPatch`: the template
/// replaces the set's), and its number. The set is encoded as the API server's apps/v1
/// codec writes it, where a template's unset `metadata.creationTimestamp` is `null`.
pub fn body(template: &Value, revision: i64) -> Value {
    with_data(data_of(template), revision)
}

/// A revision's `data` for `template`: what `body` holds under `data`.
pub fn data_of(template: &Value) -> Value {
    let mut t = template.clone();
    let meta = t.entry_map("metadata");
    if meta.get("creationTimestamp").is_none() {
        meta.set("creationTimestamp", Value::Null);
    }
    t.set("$patch", Value::str("replace"));
    Value::Map(vec![("spec".into(), Value::Map(vec![("template".into(), t)]))])
}

/// The body of a revision whose `data` is already made (`data_of`).
pub fn with_data(data: Value, revision: i64) -> Value {
    Value::Map(vec![("data".into(), data), ("revision".into(), Value::Int(revision))])
}

/// `HashControllerRevision`: FNV-1 (32-bit; not the FNV-1a of `pod-template-hash`) over
/// the revision's raw data, which `getPatch` writes with Go's `json.Marshal` of a map
/// (compact, keys sorted at every level), then the collision count in decimal (the
/// StatefulSet controller always passes one, 0 at first), then `SafeEncodeString` of the
/// sum's decimal digits. The revision is named `<set>-<hash>`.
pub fn hash(data: &Value, collision: i64) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in data.to_json().bytes().chain(collision.to_string().into_bytes()) {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(b);
    }
    let alphabet = crate::rng::K8S_ALPHANUMS;
    h.to_string().bytes().map(|d| alphabet[usize::from(d) % alphabet.len()] as char).collect()
}

/// A revision's uid, drawn from its owner's uid and its name rather than from the
/// cluster's random stream: the presets' DaemonSets each keep a revision from the start,
/// and drawing those would move every generated name after them.
pub fn derived_uid(owner_uid: &str, name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in owner_uid.bytes().chain([b'/']).chain(name.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    crate::rng::Rng::new(h).uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_replaces_the_template_and_nulls_its_creation_timestamp() {
        let t = Value::Map(vec![("spec".into(), Value::Map(vec![]))]);
        let b = body(&t, 3);
        assert_eq!(b.get("revision"), Some(&Value::Int(3)));
        assert_eq!(
            data(&Generic { kind: crate::model::Kind::ControllerRevision, meta: Default::default(), spec: b.clone(), status: Value::Null })
                .map(Value::to_json),
            Some(r#"{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null},"spec":{}}}}"#.to_string())
        );
    }

    #[test]
    fn derived_uids_differ_by_name_and_are_stable() {
        assert_eq!(derived_uid("u", "a"), derived_uid("u", "a"));
        assert_ne!(derived_uid("u", "a"), derived_uid("u", "b"));
        assert_eq!(derived_uid("u", "a").len(), 36);
    }
}
