//! The Priority admission plugin (`plugin/pkg/admission/priority`): a new pod's
//! `priorityClassName` is resolved to the class's value and preemption policy, and a pod
//! naming no class gets the `globalDefault` class's (or priority 0, PreemptLowerPriority).

use crate::model::{Generic, Kind, Object};
use crate::store::Store;
use crate::value::Value;

/// What admission computes for a pod: the class name it ends up with, its value and its
/// preemption policy.
struct Established {
    class: String,
    value: i64,
    policy: String,
}

/// `getDefaultPriorityClass`: if a race left several defaults, the lowest value wins.
fn default_class(store: &Store) -> Option<&Generic> {
    let chosen = store.objects.chosen(Kind::PriorityClass, |objects| {
        objects
            .all_of(Kind::PriorityClass)
            .filter(|(_, o)| matches!(o, Object::Written(g) if g.spec.get("globalDefault").and_then(Value::as_bool) == Some(true)))
            .min_by_key(|(_, o)| match o {
                Object::Written(g) => g.spec.get("value").and_then(Value::as_i64).unwrap_or(0),
                _ => 0,
            })
    });
    match chosen? {
        Object::Written(g) => Some(g),
        _ => None,
    }
}

fn policy_of(class: &Generic) -> String {
    class.spec.get("preemptionPolicy").and_then(Value::as_str).unwrap_or("PreemptLowerPriority").to_string()
}

/// `establishPriority`; `Err` carries the Forbidden reason for a class that does not exist.
fn establish(store: &Store, spec: &Value) -> Result<Established, String> {
    let named = spec.get("priorityClassName").and_then(Value::as_str).unwrap_or("");
    if named.is_empty() {
        return Ok(match default_class(store) {
            Some(c) => Established {
                class: c.meta.name.clone(),
                value: c.spec.get("value").and_then(Value::as_i64).unwrap_or(0),
                policy: policy_of(c),
            },
            None => Established { class: String::new(), value: 0, policy: "PreemptLowerPriority".into() },
        });
    }
    match store.written(Kind::PriorityClass, "", named) {
        Some(c) => Ok(Established {
            class: named.to_string(),
            value: c.spec.get("value").and_then(Value::as_i64).unwrap_or(0),
            policy: policy_of(c),
        }),
        None => Err(format!("no PriorityClass with name {named} was found")),
    }
}

/// The mutating half: fills in what the pod does not say. A class that does not exist
/// leaves the spec as it is, for `validate` to refuse.
pub fn mutate(store: &Store, spec: &mut Value) {
    let Ok(e) = establish(store, spec) else { return };
    if !e.class.is_empty() && spec.get("priorityClassName").and_then(Value::as_str).is_none_or(str::is_empty) {
        spec.set("priorityClassName", Value::str(e.class));
    }
    if spec.get("priority").is_none_or(Value::is_null) {
        spec.set("priority", Value::Int(e.value));
    }
    if spec.get("preemptionPolicy").is_none_or(Value::is_null) {
        spec.set("preemptionPolicy", Value::str(e.policy));
    }
}

/// The checks `admitPod` makes: the class exists, and a priority or preemption policy the
/// pod was written with is the one the class gives. `name` is the pod's name (or its
/// `generateName`).
pub fn validate(store: &Store, name: &str, spec: &Value) -> Result<(), String> {
    let forbidden = |e: String| format!("pods \"{name}\" is forbidden: {e}");
    let e = establish(store, spec).map_err(forbidden)?;
    if let Some(p) = spec.get("priority").and_then(Value::as_i64) {
        if p != e.value {
            return Err(forbidden(format!(
                "the integer value of priority ({p}) must not be provided in pod spec; priority admission controller computed {} from the given PriorityClass name",
                e.value
            )));
        }
    }
    if let Some(p) = spec.get("preemptionPolicy").and_then(Value::as_str) {
        if p != e.policy {
            return Err(forbidden(format!(
                "the string value of PreemptionPolicy ({p}) must not be provided in pod spec; priority admission controller computed {} from the given PriorityClass name",
                e.policy
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(classes: &[(&str, i64, bool, &str)]) -> Store {
        let mut store = Store::default();
        for (name, value, global, policy) in classes {
            let meta = crate::model::ObjectMeta { name: name.to_string(), ..Default::default() };
            let body = Value::Map(vec![
                ("globalDefault".into(), Value::Bool(*global)),
                ("preemptionPolicy".into(), Value::str(*policy)),
                ("value".into(), Value::Int(*value)),
            ]);
            let g = Generic { kind: Kind::PriorityClass, meta, spec: body, status: Value::Null };
            store.objects.insert((Kind::PriorityClass, String::new(), name.to_string()), Object::Written(g));
        }
        store
    }

    #[test]
    fn a_named_class_gives_its_value_and_policy() {
        let store = store_with(&[("high", 1_000_000, false, "Never")]);
        let mut spec = Value::Map(vec![("priorityClassName".into(), Value::str("high"))]);
        mutate(&store, &mut spec);
        assert_eq!(spec.get("priority").and_then(Value::as_i64), Some(1_000_000));
        assert_eq!(spec.get("preemptionPolicy").and_then(Value::as_str), Some("Never"));
        assert_eq!(validate(&store, "p", &spec), Ok(()));
    }

    #[test]
    fn the_lowest_global_default_is_taken_when_no_class_is_named() {
        let store = store_with(&[("a", 50, true, "PreemptLowerPriority"), ("b", 7, true, "Never")]);
        let mut spec = Value::Map(vec![]);
        mutate(&store, &mut spec);
        assert_eq!(spec.get("priorityClassName").and_then(Value::as_str), Some("b"));
        assert_eq!(spec.get("priority").and_then(Value::as_i64), Some(7));
    }

    #[test]
    fn a_missing_class_and_a_written_priority_are_forbidden() {
        let store = store_with(&[]);
        let spec = Value::Map(vec![("priorityClassName".into(), Value::str("nope"))]);
        assert_eq!(validate(&store, "p", &spec), Err("pods \"p\" is forbidden: no PriorityClass with name nope was found".into()));
        let mut spec = Value::Map(vec![("priority".into(), Value::Int(5))]);
        mutate(&store, &mut spec);
        assert_eq!(
            validate(&store, "p", &spec),
            Err("pods \"p\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name".into())
        );
    }
}
