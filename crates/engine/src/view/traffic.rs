//! A Service's requests per pod, one column per way kube-proxy spread them (iptables at
//! random, IPVS round robin, ClientIP affinity): what a class compares after trying each.

use crate::world::World;
use std::collections::BTreeMap;

/// The ways requests are spread, in the order the columns are drawn.
pub const SPREADS: [&str; 3] = ["iptables", "ipvs", "ClientIP"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficRow {
    pub pod: String,
    /// Requests per way tried, in the order of `ServiceTraffic::spreads`.
    pub counts: Vec<u64>,
    /// The pod still exists and is not terminating: a dead pod's row is greyed out.
    pub alive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceTraffic {
    /// The ways tried on this Service so far (a column each), from `SPREADS`.
    pub spreads: Vec<&'static str>,
    /// Every pod that answered, and every pod the Service selects now, by name.
    pub rows: Vec<TrafficRow>,
}

impl ServiceTraffic {
    /// Requests per way tried, summed over the pods.
    pub fn totals(&self) -> Vec<u64> {
        (0..self.spreads.len()).map(|i| self.rows.iter().map(|r| r.counts[i]).sum()).collect()
    }
}

pub fn service_traffic(w: &World, ns: &str, service: &str) -> ServiceTraffic {
    let key = format!("{ns}/{service}");
    // The Service's counters are one range of the map, ordered by way then pod.
    let counted: Vec<(&'static str, &str, u64)> = w
        .proxy
        .by_service
        .range((key.clone(), "", String::new())..)
        .take_while(|((k, _, _), _)| *k == key)
        .map(|((_, spread, pod), n)| (*spread, pod.as_str(), *n))
        .collect();
    let spreads: Vec<&'static str> = SPREADS.iter().copied().filter(|s| counted.iter().any(|(c, _, _)| c == s)).collect();
    // Per pod, one pass: the page asks again for every request a frame sends.
    let mut counts: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for (spread, pod, n) in &counted {
        let column = spreads.iter().position(|s| s == spread).expect("a way counted is a column");
        counts.entry(pod).or_insert_with(|| vec![0; spreads.len()])[column] += n;
    }
    let mut pods: Vec<String> = counts.keys().map(|p| p.to_string()).collect();
    if let Some(sel) = w.store.services.get(&(ns.to_string(), service.to_string())).and_then(|s| s.selector.as_ref()) {
        pods.extend(w.store.pods_matching(ns, sel).into_iter().filter_map(|id| w.store.pod(id)).map(|p| p.meta.name.clone()));
    }
    pods.sort();
    pods.dedup();
    let rows = pods
        .into_iter()
        .map(|pod| {
            let counts = counts.get(pod.as_str()).cloned().unwrap_or_else(|| vec![0; spreads.len()]);
            let alive = w.store.pod_id(ns, &pod).and_then(|id| w.store.pod(id)).is_some_and(|p| !p.is_terminating());
            TrafficRow { pod, counts, alive }
        })
        .collect();
    ServiceTraffic { spreads, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::Action;

    #[test]
    fn each_way_tried_is_a_column_and_a_deleted_pod_stays_greyed() {
        let mut c = crate::Cluster::new(crate::Preset::DockerDesktop, None, 1);
        let text = include_str!("../../../../examples/seed/spring-deployment.yaml")
            .replace("image: spring-server", "image: nginx:1.27")
            .replace("8080", "80");
        c.apply_text(&text, "d.yaml", "default", crate::apply::Mode::Apply);
        c.apply_text(
            &include_str!("../../../../examples/seed/spring-service.yaml").replace("targetPort: 8080", "targetPort: 80"),
            "s.yaml",
            "default",
            crate::apply::Mode::Apply,
        );
        c.advance(30_000);
        let empty = service_traffic(&c, "default", "spring-service");
        assert_eq!(empty.spreads, Vec::<&str>::new());
        assert_eq!(empty.rows.len(), 3, "the selected pods, with nothing yet");
        let entry = super::super::service_routing(&c, "default", "spring-service").expect("routing").entry;
        c.send_requests("default", "spring-service", None, &entry, "192.168.1.10", 30);
        c.perform(&Action::ProxyMode(crate::proxy::Mode::Ipvs), &crate::files::NoFiles);
        c.send_requests("default", "spring-service", None, &entry, "192.168.1.10", 30);
        let t = service_traffic(&c, "default", "spring-service");
        assert_eq!(t.spreads, vec!["iptables", "ipvs"]);
        assert_eq!(t.totals(), vec![30, 30]);
        // Round robin: ten each.
        assert!(t.rows.iter().all(|r| r.counts[1] == 10), "{t:?}");
        let victim = t.rows[0].pod.clone();
        c.run(&format!("kubectl delete pod {victim} --wait=false"), &crate::files::NoFiles);
        c.advance(60_000);
        let t = service_traffic(&c, "default", "spring-service");
        assert_eq!(t.rows.len(), 4, "the dead pod and its replacement: {t:?}");
        let dead = t.rows.iter().find(|r| r.pod == victim).expect("kept");
        assert!(!dead.alive);
        assert_eq!(t.totals(), vec![30, 30]);
        assert_eq!(t.rows.iter().filter(|r| r.alive).count(), 3);
    }
}
