//! What became of a pod that is gone: the page's details follow a killed pod to the one
//! its owner created in its place, instead of showing the API server's NotFound.

use crate::world::World;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GonePod {
    /// The newest pod of the same owner created at or after the deletion (its name), if
    /// there is one yet.
    pub replaced_by: Option<String>,
    /// Whether a controller owned it: a bare pod has nothing to replace it.
    pub owned: bool,
    /// How long ago its deletion was asked for, as kubectl writes an age (`12s`).
    pub ago: String,
}

/// `None` while the pod exists, or when the cluster no longer remembers it (the store
/// keeps the last 256 removals).
pub fn gone_pod(w: &World, ns: &str, name: &str) -> Option<GonePod> {
    if w.store.pod_id(ns, name).is_some() {
        return None;
    }
    let gone = w.store.removed.find(ns, name)?;
    let replaced_by = gone.owner.as_ref().and_then(|owner| {
        w.store
            .pods_by_owner
            .get(owner)
            .into_iter()
            .flatten()
            .filter_map(|id| w.store.pod(*id))
            .filter(|p| p.meta.creation >= gone.deleted_at && p.meta.namespace == ns)
            .max_by(|a, b| (a.meta.creation, &a.meta.name).cmp(&(b.meta.creation, &b.meta.name)))
            .map(|p| p.meta.name.clone())
    });
    Some(GonePod { replaced_by, owned: gone.owner.is_some(), ago: crate::time::human_duration(w.now() as i64 - gone.deleted_at as i64) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> crate::Cluster {
        let mut c = crate::Cluster::new(crate::Preset::DockerDesktop, None, 1);
        let text = include_str!("../../../../examples/seed/spring-deployment.yaml").replace("image: spring-server", "image: nginx:1.27");
        c.apply_text(&text, "d.yaml", "default", crate::apply::Mode::Apply);
        c.advance(30_000);
        c
    }

    fn pods(c: &crate::Cluster) -> Vec<String> {
        super::super::of(c).nodes[0].pods.iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn a_killed_pod_points_at_the_pod_its_replicaset_made_in_its_place() {
        let mut c = seed();
        let before = pods(&c);
        assert_eq!(gone_pod(&c, "default", &before[0]), None, "the pod still exists");
        c.run(&format!("kubectl delete pod {} --wait=false", before[0]), &crate::files::NoFiles);
        // Terminating: still there, so not gone.
        assert_eq!(gone_pod(&c, "default", &before[0]), None);
        c.advance(60_000);
        let after = pods(&c);
        assert!(!after.contains(&before[0]), "{after:?}");
        let new: Vec<&String> = after.iter().filter(|p| !before.contains(p)).collect();
        assert_eq!(new.len(), 1, "{after:?}");
        let gone = gone_pod(&c, "default", &before[0]).expect("remembered");
        assert_eq!(gone.replaced_by.as_ref(), Some(new[0]));
        assert!(gone.owned);
        assert_eq!(gone.ago, "60s");
        // The pods that were there before the deletion are not its replacement.
        assert_eq!(gone_pod(&c, "default", "nope"), None);
    }

    #[test]
    fn a_scaled_down_pod_and_a_bare_pod_have_no_replacement() {
        let mut c = seed();
        c.run("kubectl scale deployment spring-deployment --replicas=2", &crate::files::NoFiles);
        c.advance(60_000);
        let left = pods(&c);
        assert_eq!(left.len(), 2, "{left:?}");
        let scaled_away = c
            .events
            .all()
            .filter(|e| e.reason == "SuccessfulDelete")
            .map(|e| e.message().trim_start_matches("Deleted pod: ").to_string())
            .next()
            .expect("the ReplicaSet deleted a pod");
        let g = gone_pod(&c, "default", &scaled_away).expect("remembered");
        assert_eq!(g.replaced_by, None, "a scale-down replaces nothing");
        assert!(g.owned);
        c.run("kubectl run solo --image=nginx:1.27", &crate::files::NoFiles);
        c.advance(20_000);
        c.run("kubectl delete pod solo --wait=false", &crate::files::NoFiles);
        c.advance(60_000);
        let g = gone_pod(&c, "default", "solo").expect("remembered");
        assert_eq!(g, GonePod { replaced_by: None, owned: false, ago: g.ago.clone() });
    }
}
