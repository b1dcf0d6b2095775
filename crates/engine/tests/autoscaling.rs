//! The HorizontalPodAutoscaler under the classroom load generator: every sync's arithmetic
//! follows the documented formula, the policies bound each step, and scale-down waits
//! out the stabilization window.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::loadgen::Shape;
use engine::{Cluster, Preset};

const PHP_APACHE: &str = include_str!("php-apache.yaml");
const METRICS_SERVER: &str = include_str!("../../../examples/metrics-server/components.yaml");

/// Docker Desktop ships no metrics-server: install it, and wait until its pod is ready.
fn install_metrics_server(c: &mut Cluster) {
    let r = c.apply_text(METRICS_SERVER, "components.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(45_000);
    let a = c.kubectl("kubectl get apiservice v1beta1.metrics.k8s.io", &NoFiles).stdout;
    assert!(a.contains("kube-system/metrics-server   True"), "{a}");
}

fn replicas(c: &Cluster) -> i64 {
    c.store.deployment("default", "php-apache").map(|d| d.spec.replicas).unwrap()
}

fn setup(seed: u64) -> Cluster {
    let mut c = Cluster::new(Preset::Cloud, None, seed);
    let r = c.apply_text(PHP_APACHE, "php-apache.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let out = c.kubectl("kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10", &NoFiles);
    assert_eq!(out.stdout, "horizontalpodautoscaler.autoscaling/php-apache autoscaled\n", "{}", out.stderr);
    c.advance(60_000);
    c
}

#[test]
fn every_sync_follows_the_formula_and_the_policies() {
    let mut c = setup(3);
    assert!(c.set_load("default", "php-apache", Some(Shape::Steady(8.0))));
    let mut history: Vec<(u64, i64)> = vec![(c.now(), replicas(&c))];
    let mut seen = 0;
    let mut last_at = None;
    for second in 0..900u64 {
        if second == 240 {
            c.set_load("default", "php-apache", None);
        }
        let before = replicas(&c);
        c.advance(1_000);
        let after = replicas(&c);
        let Some(comp) = c.autoscalers.computation("default", "php-apache").cloned() else { continue };
        if last_at == Some(comp.at) {
            continue;
        }
        last_at = Some(comp.at);
        seen += 1;
        // The documented formula, unless the calculator said why it kept the count.
        let raw = comp.pods as f64 * comp.utilization as f64 / comp.target as f64;
        if comp.kept.is_none() {
            assert_eq!(comp.proposed, raw.ceil() as i64, "{}", comp.formula());
            assert!((comp.utilization as f64 / comp.target as f64 - 1.0).abs() > 0.1, "{}", comp.formula());
        } else {
            assert_eq!(comp.proposed, comp.current, "{}", comp.formula());
        }
        assert!((1..=10).contains(&comp.desired), "{}", comp.formula());
        assert_eq!(after, comp.desired, "the target is scaled to what the computation says: {}", comp.formula());
        // Default scale-up policy: at most max(+4 pods, +100%) per 15 s.
        if after > before {
            assert!(after <= (before + 4).max(before * 2), "{before} → {after}");
        }
        history.push((c.now(), after));
    }
    assert!(seen >= 55, "a sync every 15 s: {seen}");
    let peak = history.iter().map(|h| h.1).max().unwrap();
    assert!(peak >= 4, "the load needs several pods: {history:?}");
    // The load stopped at 300 s (60 + 240); the first scale-down waits out 300 s of
    // stabilization after the last high recommendation.
    let first_down = history.windows(2).find(|w| w[1].1 < w[0].1 && w[0].0 > 300_000).map(|w| w[1].0).expect("scaled down");
    assert!(first_down >= 300_000 + 300_000, "scale-down at {first_down}");
    assert_eq!(history.last().unwrap().1, 1, "back to minReplicas");
}

#[test]
fn a_pod_without_a_cpu_request_cannot_be_scaled_on_utilization() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    install_metrics_server(&mut c);
    let text = PHP_APACHE
        .replace("        resources:\n          limits:\n            cpu: 500m\n          requests:\n            cpu: 200m\n", "");
    assert!(c.apply_text(&text, "x.yaml", "default", Mode::Apply).errors.is_empty());
    c.kubectl("kubectl autoscale deployment php-apache --cpu-percent=50 --max=5", &NoFiles);
    c.advance(120_000);
    let out = c.kubectl("kubectl describe hpa php-apache", &NoFiles).stdout;
    assert!(out.contains("ScalingActive  False   FailedGetResourceMetric  the HPA was unable to compute the replica count"), "{out}");
    assert!(out.contains("missing request for cpu in container php-apache of Pod php-apache-"), "{out}");
    let get = c.kubectl("kubectl get hpa", &NoFiles).stdout;
    assert!(get.contains("cpu: <unknown>/50%"), "{get}");
}

#[test]
fn load_is_an_action_that_replays_to_the_same_cluster() {
    let mut a = setup(9);
    a.set_load("default", "php-apache", Some(Shape::Spike { base: 1.0, peak: 9.0, seconds: 60 }));
    a.advance(200_000);
    let json = engine::actions::to_json(a.log());
    let actions = engine::actions::from_json(&json).expect("parses");
    let mut b = Cluster::new(Preset::Cloud, None, 9);
    for act in &actions {
        b.perform(act, &NoFiles);
    }
    assert_eq!(a.event_log(), b.event_log());
    assert_eq!(replicas(&a), replicas(&b));
    assert!(a.event_log().contains("New size:"), "the spike made the HPA act");
}

#[test]
fn top_reports_usage_after_a_metrics_window() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 2);
    assert_eq!(c.kubectl("kubectl top pods", &NoFiles).stderr, "error: Metrics API not available\n");
    install_metrics_server(&mut c);
    assert_eq!(c.kubectl("kubectl top pods", &NoFiles).stderr, "No resources found in default namespace.\n");
    assert!(c.apply_text(PHP_APACHE, "x.yaml", "default", Mode::Apply).errors.is_empty());
    let early = c.kubectl("kubectl top pods", &NoFiles);
    assert_eq!(early.stderr, "error: metrics not available yet\n");
    c.advance(90_000);
    c.set_load("default", "php-apache", Some(Shape::Steady(1.0)));
    c.advance(31_000);
    let top = c.kubectl("kubectl top pods", &NoFiles).stdout;
    // One request a second at 200 millicore-seconds each, plus the idle millicore; the
    // node adds its nine system pods' idle millicore each.
    assert!(top.contains("201m"), "{top}");
    let nodes = c.kubectl("kubectl top nodes", &NoFiles).stdout;
    // The system pods and daemons, php-apache's 201m, and metrics-server's own idle use.
    assert!(nodes.starts_with("NAME             CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)\ndocker-desktop   311m"), "{nodes}");
}
