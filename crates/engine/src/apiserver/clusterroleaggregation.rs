//! The ClusterRole aggregation controller: a ClusterRole with an `aggregationRule` gets
//! the rules of every ClusterRole its selectors match (by name, each rule once), which
//! is how `admin`, `edit` and `view` grow when an add-on labels its role
//! `rbac.authorization.k8s.io/aggregate-to-view`. kubeplay runs it at once after each
//! ClusterRole write, where the real controller takes a moment.

use crate::model::{Generic, Kind, Object, Selector};
use crate::store::Store;
use crate::value::Value;

fn selectors(g: &Generic) -> Option<Vec<Selector>> {
    let rule = g.spec.get("aggregationRule").filter(|r| !r.is_null())?;
    let list = rule.get("clusterRoleSelectors").map(Value::as_seq).unwrap_or(&[]);
    Some(list.iter().filter_map(|s| Selector::from_label_selector(Some(s))).collect())
}

/// Recomputes every aggregated ClusterRole until none changes (an aggregated role may
/// itself be selected, as `view` is by `edit`). `bump` gives a changed role a new
/// resource version, as the controller's update does.
pub(crate) fn aggregate(store: &mut Store, bump: bool) {
    for _ in 0..8 {
        let mut changed: Vec<(String, Vec<Value>)> = Vec::new();
        let roles: Vec<&Generic> = store
            .objects_of(Kind::ClusterRole, None)
            .filter_map(|o| match o {
                Object::Written(g) => Some(g),
                _ => None,
            })
            .collect();
        for target in &roles {
            let Some(sels) = selectors(target) else { continue };
            let mut matching: Vec<&&Generic> =
                roles.iter().filter(|r| r.meta.name != target.meta.name && sels.iter().any(|s| s.matches(&r.meta.labels))).collect();
            matching.sort_by(|a, b| a.meta.name.cmp(&b.meta.name));
            let mut rules: Vec<Value> = Vec::new();
            for r in matching {
                for rule in r.spec.get("rules").map(Value::as_seq).unwrap_or(&[]) {
                    if !rules.contains(rule) {
                        rules.push(rule.clone());
                    }
                }
            }
            let current = target.spec.get("rules").map(Value::as_seq).unwrap_or(&[]);
            if current != rules.as_slice() {
                changed.push((target.meta.name.clone(), rules));
            }
        }
        if changed.is_empty() {
            return;
        }
        for (name, rules) in changed {
            let rv = if bump { Some(store.next_rv()) } else { None };
            if let Some(Object::Written(g)) = store.objects.get_mut(Kind::ClusterRole, "", &name) {
                g.spec.set("rules", Value::Seq(rules));
                if let Some(rv) = rv {
                    g.meta.resource_version = rv;
                }
            }
        }
    }
}
