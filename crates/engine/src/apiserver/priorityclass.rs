//! The PriorityClasses the API server creates at start-up (`AddSystemPriorityClasses`):
//! `system-node-critical` and `system-cluster-critical`, which every cluster has.

use crate::api::Api;
use crate::model::{Generic, Kind, Object, ObjectMeta};
use crate::value::Value;

const SYSTEM: &[(&str, i64, &str)] = &[
    ("system-node-critical", 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
    (
        "system-cluster-critical",
        2_000_000_000,
        "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
    ),
];

/// Installs them as the cluster starts. Their uids come from a stream of their own and
/// they share the last start-up object's resource version, so every other uid and
/// version of a session stays as it was before they were modelled.
pub(crate) fn install_system_classes(api: &mut Api) {
    let mut rng = crate::rng::Rng::new(api.seed ^ 0x5052_494f_5249_5459);
    for (name, value, description) in SYSTEM {
        let meta = ObjectMeta {
            name: name.to_string(),
            uid: rng.uuid(),
            creation: api.now,
            resource_version: api.store.revision(),
            ..Default::default()
        };
        let body = Value::Map(vec![
            ("description".into(), Value::str(*description)),
            ("globalDefault".into(), Value::Bool(false)),
            ("preemptionPolicy".into(), Value::str("PreemptLowerPriority")),
            ("value".into(), Value::Int(*value)),
        ]);
        let pc = Generic { kind: Kind::PriorityClass, meta, spec: body, status: Value::Null };
        api.store.objects.insert((Kind::PriorityClass, String::new(), name.to_string()), Object::Written(pc));
    }
}
