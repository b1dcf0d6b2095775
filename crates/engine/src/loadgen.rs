//! The classroom load generator: a crowd of clients sending requests through a Service at
//! a steady rate, a ramp or a spike. Sending every request one by one would cost the tab
//! its frame budget at hundreds per second, so each simulated second the generator hands
//! each ready endpoint its share at once (what iptables' random choice and IPVS' round
//! robin both converge to). A pod's share costs it CPU; beyond its CPU limit (or its
//! node's cores) it saturates: latency climbs and what it cannot serve fails.

use crate::api::{Api, Wake};
use crate::model::pod_runtime::Stage;
use crate::proxy::Proxy;
use crate::time::Millis;
use std::collections::BTreeMap;

/// How the rate (requests per second) moves over time, from when the load was set.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Steady(f64),
    /// From one rate to another, linearly over `seconds`, then held.
    Ramp {
        from: f64,
        to: f64,
        seconds: u64,
    },
    /// `peak` for `seconds`, then back to `base`.
    Spike {
        base: f64,
        peak: f64,
        seconds: u64,
    },
}

impl Shape {
    pub fn rate_at(&self, elapsed: Millis) -> f64 {
        let secs = elapsed as f64 / 1000.0;
        match *self {
            Shape::Steady(r) => r,
            Shape::Ramp { from, to, seconds } => {
                if seconds == 0 || secs >= seconds as f64 {
                    to
                } else {
                    from + (to - from) * secs / seconds as f64
                }
            }
            Shape::Spike { base, peak, seconds } => {
                if secs < seconds as f64 {
                    peak
                } else {
                    base
                }
            }
        }
    }

    /// The script and share-link spelling: `300`, `ramp 0 300 60`, `spike 20 400 30`.
    pub fn describe(&self) -> String {
        match self {
            Shape::Steady(r) => format!("{r}"),
            Shape::Ramp { from, to, seconds } => format!("ramp {from} {to} {seconds}"),
            Shape::Spike { base, peak, seconds } => format!("spike {base} {peak} {seconds}"),
        }
    }

    pub fn parse(words: &[&str]) -> Option<Shape> {
        let num = |s: &str| s.parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0 && *x <= MAX_RATE);
        match words {
            [r] => Some(Shape::Steady(num(r)?)),
            ["ramp", a, b, s] => Some(Shape::Ramp { from: num(a)?, to: num(b)?, seconds: s.parse().ok()? }),
            ["spike", a, b, s] => Some(Shape::Spike { base: num(a)?, peak: num(b)?, seconds: s.parse().ok()? }),
            _ => None,
        }
    }
}

/// A bound on the dial, so a typo cannot ask for a billion requests a second.
pub const MAX_RATE: f64 = 100_000.0;

/// What the last simulated second of one load looked like.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Second {
    pub rate: f64,
    pub served: u64,
    pub failed: u64,
    /// Mean latency of the served requests, in ms.
    pub latency_ms: f64,
    /// How many endpoints shared the load.
    pub endpoints: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    pub shape: Shape,
    pub since: Millis,
    /// Fractions of a request carried to the next second.
    carry: f64,
    /// Which endpoint gets the remainder first (rotates so no pod is favoured).
    offset: usize,
    pub last: Second,
}

#[derive(Clone, Debug, Default)]
pub struct LoadGen {
    /// By (namespace, service).
    pub loads: BTreeMap<(String, String), Load>,
    ticking: bool,
}

impl LoadGen {
    /// Sets (or with `None` stops) the load on a Service. Returns whether the Service exists.
    pub fn set(&mut self, api: &mut Api, ns: &str, service: &str, shape: Option<Shape>) -> bool {
        let key = (ns.to_string(), service.to_string());
        match shape {
            None => {
                self.loads.remove(&key);
                true
            }
            Some(_) if !api.store.services.contains_key(&key) => false,
            Some(shape) => {
                let last = self.loads.get(&key).map(|l| l.last.clone()).unwrap_or_default();
                self.loads.insert(key, Load { shape, since: api.now, carry: 0.0, offset: 0, last });
                if !self.ticking {
                    self.ticking = true;
                    api.wake_at(api.now + 1000, Wake::LoadTick);
                }
                true
            }
        }
    }

    /// One simulated second of every load.
    pub(crate) fn tick(&mut self, api: &mut Api, proxy: &mut Proxy) {
        if self.loads.is_empty() {
            self.ticking = false;
            return;
        }
        let keys: Vec<(String, String)> = self.loads.keys().cloned().collect();
        for key in keys {
            self.second(api, proxy, &key);
        }
        api.wake_at(api.now + 1000, Wake::LoadTick);
    }

    fn second(&mut self, api: &mut Api, proxy: &mut Proxy, key: &(String, String)) {
        let now = api.now;
        let Some(load) = self.loads.get_mut(key) else { return };
        let rate = load.shape.rate_at(now.saturating_sub(load.since));
        let wanted = rate + load.carry;
        let total = wanted.floor() as u64;
        load.carry = wanted - total as f64;
        let offset = load.offset;
        load.offset = load.offset.wrapping_add(1);
        let ns = &key.0;
        // The ready endpoints and what each can do: cost per request and cores it may use.
        let targets: Vec<(String, f64, f64)> = match api.store.services.get(key) {
            None => vec![],
            Some(svc) => {
                let subsets = crate::store::endpoints::of(&api.store, svc).unwrap_or_default();
                let first =
                    subsets.first().map(|s| s.addresses.iter().filter(|a| a.ready).cloned().collect::<Vec<_>>()).unwrap_or_default();
                first
                    .iter()
                    .filter_map(|a| {
                        let p = api.store.pod_id(ns, &a.pod).and_then(|id| api.store.pod(id))?;
                        let (i, proc_) = p.runtime.apps.iter().enumerate().find_map(|(i, r)| {
                            matches!(r.stage, Stage::Running { .. }).then_some(())?;
                            r.process.as_ref().filter(|x| !x.ports.is_empty()).map(|x| (i, x))
                        })?;
                        let node_cores = api.store.nodes.get(&p.node).map_or(1000, |n| n.cpu_m) as f64;
                        let limit = p.spec.containers.get(i).and_then(|c| c.cpu_limit_m).map_or(node_cores, |l| l as f64);
                        Some((a.pod.clone(), proc_.cpu_per_request, limit))
                    })
                    .collect()
            }
        };
        let mut second = Second { rate, endpoints: targets.len(), ..Default::default() };
        if targets.is_empty() {
            second.failed = total;
        }
        let k = targets.len().max(1) as u64;
        let mut latency_sum = 0.0;
        for (i, (pod, cost, limit)) in targets.iter().enumerate() {
            let extra = u64::from(((i + k as usize - offset % k as usize) % k as usize) < (total % k) as usize);
            let share = total / k + extra;
            // Each request needs `cost` millicore-seconds; the pod has `limit` millicores.
            let capacity = if *cost > 0.0 { (limit / cost).floor() as u64 } else { u64::MAX };
            let served = share.min(capacity);
            let failed = share - served;
            let busy = (served as f64 * cost / limit).min(0.95);
            // A queue in front of a busy server: waiting grows as 1/(1-ρ).
            let latency = (1.0 + cost) / (1.0 - busy);
            latency_sum += latency * served as f64;
            second.served += served;
            second.failed += failed;
            let pod_key = format!("{ns}/{pod}");
            api.metrics.add_cpu(now, &pod_key, served as f64 * cost);
            let stats = proxy.stats.entry(pod_key).or_default();
            stats.requests += share;
            stats.errors += failed;
            stats.latency_ms += latency * served as f64;
            stats.cpu += served as f64 * cost;
        }
        if second.served > 0 {
            second.latency_ms = latency_sum / second.served as f64;
        }
        if let Some(load) = self.loads.get_mut(key) {
            load.last = second;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_move_as_described() {
        assert_eq!(Shape::Steady(5.0).rate_at(99_000), 5.0);
        let ramp = Shape::Ramp { from: 0.0, to: 100.0, seconds: 10 };
        assert_eq!(ramp.rate_at(5_000), 50.0);
        assert_eq!(ramp.rate_at(60_000), 100.0);
        let spike = Shape::Spike { base: 10.0, peak: 400.0, seconds: 30 };
        assert_eq!(spike.rate_at(29_000), 400.0);
        assert_eq!(spike.rate_at(30_000), 10.0);
        assert_eq!(Shape::parse(&["ramp", "0", "300", "60"]), Some(Shape::Ramp { from: 0.0, to: 300.0, seconds: 60 }));
        assert_eq!(Shape::parse(&["-3"]), None);
        assert_eq!(Shape::parse(&["1e9"]), None);
        assert_eq!(Shape::parse(&["NaN"]), None);
    }
}
