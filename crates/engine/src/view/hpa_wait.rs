//! What an autoscaler waits for before its first computation: every pod of its target
//! needs a whole metrics-server window of CPU (15 s, counted from a boundary after the
//! container started), then the controller's next 15 s sync reads them.

use crate::controllers::horizontal::SYNC_PERIOD;
use crate::metrics::RESOLUTION;
use crate::model::pod_runtime::Stage;
use crate::model::Object;
use crate::time::Millis;
use crate::world::World;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HpaWait {
    /// Until every running pod of the target has metrics (zero when all have); `None`
    /// while no pod of the target runs.
    pub metrics_in: Option<Millis>,
    /// Until the controller's next sync.
    pub sync_in: Option<Millis>,
    /// Pods of the target that do not run yet.
    pub not_running: usize,
}

/// When a pod whose newest container started at `started` first has metrics: the end of
/// the first whole window after it started.
fn first_metrics_at(started: Millis) -> Millis {
    started.div_ceil(RESOLUTION) * RESOLUTION + RESOLUTION
}

/// `None` when there is no such autoscaler.
pub fn hpa_wait(w: &World, ns: &str, name: &str) -> Option<HpaWait> {
    let hpa = w.store.autoscaler(ns, name)?;
    let now = w.now();
    let sync_in = w.queues.autoscalers.get(&(ns.to_string(), name.to_string())).map(|at| at.saturating_sub(now).min(SYNC_PERIOD));
    let template = w
        .store
        .objects_of(crate::model::Kind::Deployment, Some(ns))
        .chain(w.store.objects_of(crate::model::Kind::ReplicaSet, Some(ns)))
        .find(|o| o.meta().name == hpa.spec.target_name && o.kind().info().name == hpa.spec.target_kind)
        .and_then(|o| match o {
            Object::Deployment(d) => Some(&d.spec.template),
            Object::ReplicaSet(r) => Some(&r.spec.template),
            _ => None,
        });
    let labels = template.map(|t| crate::model::Labels::from_value(t.get("metadata").and_then(|m| m.get("labels"))));
    let pods: Vec<_> = labels
        .filter(|l| !l.is_empty())
        .map(|l| w.store.pods_matching(ns, &l).into_iter().filter_map(|id| w.store.pod(id)).filter(|p| !p.is_terminating()).collect())
        .unwrap_or_default();
    let started: Vec<Option<Millis>> = pods
        .iter()
        .map(|p| {
            let stages: Vec<Option<Millis>> =
                p.runtime.apps.iter().map(|r| if let Stage::Running { started, .. } = r.stage { Some(started) } else { None }).collect();
            (!stages.is_empty() && stages.iter().all(Option::is_some)).then(|| stages.into_iter().flatten().max().unwrap_or(0))
        })
        .collect();
    let not_running = started.iter().filter(|s| s.is_none()).count();
    let metrics_in = started.iter().flatten().map(|s| first_metrics_at(*s).saturating_sub(now)).max();
    Some(HpaWait { metrics_in, sync_in, not_running })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pod_has_metrics_after_the_first_whole_window_after_it_started() {
        assert_eq!(first_metrics_at(15_000), 30_000);
        assert_eq!(first_metrics_at(15_001), 45_000);
        assert_eq!(first_metrics_at(29_999), 45_000);
    }

    #[test]
    fn the_walkthrough_waits_for_metrics_then_for_a_sync() {
        let mut c = crate::Cluster::new(crate::Preset::Cloud, None, 1);
        c.apply_text(include_str!("../../tests/php-apache.yaml"), "p.yaml", "default", crate::apply::Mode::Apply);
        c.run("kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10", &crate::files::NoFiles);
        c.advance(1_000);
        let w = hpa_wait(&c, "default", "php-apache").expect("the HPA");
        assert_eq!(w.not_running, 1, "{w:?}");
        assert!(w.sync_in.is_some_and(|s| s <= SYNC_PERIOD), "{w:?}");
        c.advance(30_000);
        let w = hpa_wait(&c, "default", "php-apache").expect("the HPA");
        assert_eq!(w.not_running, 0, "{w:?}");
        let wait = w.metrics_in.expect("a running pod");
        assert!(wait <= 2 * RESOLUTION, "{w:?}");
        c.advance(wait);
        assert_eq!(hpa_wait(&c, "default", "php-apache").and_then(|w| w.metrics_in), Some(0));
        assert_eq!(hpa_wait(&c, "default", "nope"), None);
    }
}
