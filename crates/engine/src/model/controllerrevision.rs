//! ControllerRevisions (`apps/v1`): an immutable snapshot of a controller's pod template
//! (`data`, the patch that restores it) and its `revision` number. Kept as written
//! (`Generic`, with the fields beside `metadata`); the StatefulSet controller makes them.

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

/// The pod template a StatefulSet revision's patch restores (`ApplyRevision`).
pub fn template(g: &Generic) -> Option<&Value> {
    data(g)?.get("spec")?.get("template")
}

/// The body of a revision: the patch that restores `template` (`getPatch`: the template
/// replaces the set's), and its number.
pub fn body(template: &Value, revision: i64) -> Value {
    let mut t = template.clone();
    t.set("$patch", Value::str("replace"));
    let data = Value::Map(vec![("spec".into(), Value::Map(vec![("template".into(), t)]))]);
    Value::Map(vec![("data".into(), data), ("revision".into(), Value::Int(revision))])
}
