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

/// `getDefaultPriorityClass`: if several were marked (a race), the lowest value wins.
fn default_class(store: &crate::store::Store) -> Option<(&str, i64)> {
    store
        .objects_of(Kind::PriorityClass, None)
        .filter_map(|o| match o {
            Object::Written(g) if g.spec.get("globalDefault").and_then(Value::as_bool) == Some(true) => {
                Some((g.meta.name.as_str(), g.spec.get("value").and_then(Value::as_i64).unwrap_or(0)))
            }
            _ => None,
        })
        .min_by_key(|(_, value)| *value)
}

/// The Priority admission plugin's check of a PriorityClass written (`validatePriorityClass`):
/// only one may be the global default. `creating` is false for an update, which may keep
/// the class that already is.
pub(crate) fn admit(store: &crate::store::Store, name: &str, obj: &Value, creating: bool) -> Result<(), String> {
    if obj.get("globalDefault").and_then(Value::as_bool) != Some(true) {
        return Ok(());
    }
    match default_class(store) {
        Some((existing, _)) if creating || existing != name => Err(format!(
            "priorityclasses.scheduling.k8s.io \"{name}\" is forbidden: PriorityClass {existing} is already marked as default. Only one default can exist"
        )),
        _ => Ok(()),
    }
}
