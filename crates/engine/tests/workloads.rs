//! Deployments, ReplicaSets, Services and traffic: the seed's second half, checked.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::proxy::{Entry, Mode as ProxyMode, Outcome};
use engine::{Cluster, Preset};

fn deployment(name: &str, replicas: u32, image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: app\n        image: {image}\n        ports:\n        - containerPort: 80\n"
    )
}

fn service(name: &str, ty: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  type: {ty}\n  selector: {{app: {name}}}\n  ports:\n  - port: 80\n")
}

fn cluster(preset: Preset, text: &str) -> Cluster {
    let mut c = Cluster::new(preset, None, 5);
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(30_000);
    c
}

fn pods_of(c: &Cluster, app: &str) -> Vec<String> {
    let mut l = engine::model::Labels::default();
    l.insert("app", app);
    c.store
        .pods_matching("default", &l)
        .into_iter()
        .filter_map(|id| c.store.pod(id))
        .filter(|p| p.is_active())
        .map(|p| p.meta.name.clone())
        .collect()
}

#[test]
fn deployment_pods_have_real_shaped_names_and_come_back_in_the_same_sync() {
    let mut c = cluster(Preset::DockerDesktop, &deployment("web", 3, "nginx:1.27"));
    let pods = pods_of(&c, "web");
    assert_eq!(pods.len(), 3);
    for p in &pods {
        let parts: Vec<&str> = p.rsplitn(3, '-').collect();
        assert_eq!(parts.len(), 3, "{p}");
        assert_eq!(parts[0].len(), 5, "{p}");
        assert!(parts[1].chars().all(|ch| "456789bcdf".contains(ch)), "hash part of {p}");
    }
    let out = c.kubectl(&format!("delete pod {} --wait=false", pods[0]), &NoFiles);
    assert_eq!(out.code, 0);
    // The replacement exists before any simulated time passes.
    assert_eq!(pods_of(&c, "web").len(), 3);
    assert!(!pods_of(&c, "web").contains(&pods[0]));
}

#[test]
fn bare_pods_are_never_recreated() {
    let mut c = cluster(
        Preset::DockerDesktop,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lonely\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n",
    );
    c.kubectl("delete pod lonely", &NoFiles);
    c.advance(60_000);
    assert_eq!(c.store.pod_count_in("default"), 0);
}

#[test]
fn iptables_spreads_evenly_and_ipvs_goes_round_robin() {
    let mut c = cluster(Preset::Kind, &format!("{}---\n{}", deployment("web", 3, "nginx:1.27"), service("web", "NodePort")));
    let count = |c: &mut Cluster, n: usize| {
        let mut hits = std::collections::BTreeMap::<String, u64>::new();
        for _ in 0..n {
            let r = c.send_requests("default", "web", None, &Entry::NodePort("kind-worker".into()), "10.0.0.1", 1).remove(0);
            assert_eq!(r.outcome, Outcome::Ok);
            *hits.entry(r.pod.unwrap()).or_default() += 1;
        }
        hits
    };
    let hits = count(&mut c, 3000);
    assert_eq!(hits.len(), 3);
    // Chi-square against a uniform split, 2 degrees of freedom: 13.82 is p = 0.001.
    let chi2: f64 = hits.values().map(|&o| (o as f64 - 1000.0).powi(2) / 1000.0).sum();
    assert!(chi2 < 13.82, "iptables split {hits:?} has chi2 {chi2}");
    c.set_proxy_mode(ProxyMode::Ipvs);
    let hits = count(&mut c, 3000);
    assert!(hits.values().all(|&h| h == 1000), "ipvs split {hits:?}");
}

#[test]
fn endpoints_follow_readiness_and_termination() {
    let mut c = cluster(Preset::DockerDesktop, &format!("{}---\n{}", deployment("web", 2, "nginx:1.27"), service("web", "ClusterIP")));
    let ready = |c: &Cluster| {
        let svc = c.store.services[&("default".to_string(), "web".to_string())].clone();
        engine::store::endpoints::of(&c.store, &svc).unwrap()[0].addresses.iter().filter(|a| a.ready).count()
    };
    assert_eq!(ready(&c), 2);
    let victim = pods_of(&c, "web")[0].clone();
    c.kubectl(&format!("delete pod {victim} --wait=false"), &NoFiles);
    // Terminating at once leaves the endpoints; the replacement is not ready yet.
    assert_eq!(ready(&c), 1);
    c.advance(30_000);
    assert_eq!(ready(&c), 2);
    c.kubectl("scale deployment web --replicas=0", &NoFiles);
    assert_eq!(ready(&c), 0);
    let r = c.send_requests("default", "web", None, &Entry::ClusterIp, "10.0.0.1", 1).remove(0);
    assert!(matches!(r.outcome, Outcome::Refused(ref why) if why.contains("has no endpoints")));
}

#[test]
fn load_balancers_per_preset() {
    for (preset, want) in [(Preset::DockerDesktop, "localhost"), (Preset::Kind, "<pending>"), (Preset::Cloud, "203.0.113.20")] {
        let mut c = cluster(preset, &service("web", "LoadBalancer"));
        let out = c.kubectl("get svc web", &NoFiles).stdout;
        assert!(out.contains(want), "{preset:?}: {out}");
    }
}

#[test]
fn scale_down_takes_pods_from_the_doubled_up_node_first() {
    let mut c = Cluster::new(Preset::Kind, None, 5);
    c.kubectl("cordon kind-worker2", &NoFiles);
    c.apply_text(&deployment("web", 4, "nginx:1.27"), "t.yaml", "default", Mode::Apply);
    c.advance(30_000);
    c.kubectl("uncordon kind-worker2", &NoFiles);
    c.kubectl("scale deployment web --replicas=6", &NoFiles);
    c.advance(30_000);
    let per_node = |c: &Cluster| {
        let mut m = std::collections::BTreeMap::<String, usize>::new();
        for p in pods_of(c, "web") {
            *m.entry(c.store.pod(c.store.pod_id("default", &p).unwrap()).unwrap().node.to_string()).or_default() += 1;
        }
        m
    };
    assert_eq!(per_node(&c).get("kind-worker"), Some(&4), "{:?}", per_node(&c));
    c.kubectl("scale deployment web --replicas=4", &NoFiles);
    let after = per_node(&c);
    assert_eq!(after.get("kind-worker"), Some(&2), "{after:?}");
    assert_eq!(after.get("kind-worker2"), Some(&2), "{after:?}");
}

#[test]
fn rolling_update_never_exceeds_surge_nor_drops_below_availability() {
    let mut c = cluster(Preset::Kind, &deployment("web", 4, "nginx:1.27"));
    c.kubectl("set image deployment/web app=nginx:1.28", &NoFiles);
    // desired 4: maxSurge 1, maxUnavailable 1 → at most 5 pods, at least 3 available.
    for _ in 0..200 {
        let pods: Vec<_> =
            c.store.pods_in(Some("default")).into_iter().filter_map(|id| c.store.pod(id)).filter(|p| p.is_active()).collect();
        let available = pods.iter().filter(|p| p.is_ready()).count();
        assert!(pods.len() <= 5, "{} pods", pods.len());
        assert!(available >= 3, "{available} available");
        c.advance(500);
    }
    let out = c.kubectl("rollout status deployment/web", &NoFiles).stdout;
    assert_eq!(out, "deployment \"web\" successfully rolled out\n");
}

#[test]
fn cascade_and_orphan_deletion() {
    let mut c = cluster(Preset::DockerDesktop, &deployment("web", 2, "nginx:1.27"));
    c.kubectl("delete deployment web --cascade=orphan", &NoFiles);
    assert_eq!(c.kubectl("get rs -o name", &NoFiles).stdout.lines().count(), 1);
    assert_eq!(pods_of(&c, "web").len(), 2);
    c.kubectl("delete rs --all", &NoFiles);
    assert_eq!(pods_of(&c, "web").len(), 0, "background cascade from the ReplicaSet");
}

#[test]
fn image_locality_draws_a_pod_to_the_node_that_has_its_image() {
    let pod = |name: &str, extra: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra}  containers:\n  - name: app\n    image: python:3.12\n    command: [python, -m, http.server]\n")
    };
    let mut c = Cluster::new(Preset::Kind, None, 9);
    c.apply_text(&pod("first", "  nodeName: kind-worker\n"), "t.yaml", "default", Mode::Apply);
    c.advance(60_000);
    assert!(c.store.nodes["kind-worker"].has_image("docker.io/library/python:3.12"));
    c.apply_text(&pod("second", ""), "t.yaml", "default", Mode::Apply);
    let second = c.store.pod(c.store.pod_id("default", "second").unwrap()).unwrap();
    assert_eq!(&*second.node, "kind-worker", "the 1 GB image is already there");
    let why = c.scheduler.placement(&second.meta.uid).unwrap();
    let image_score = |node: &str| match &why.nodes.iter().find(|(n, _)| n == node).unwrap().1 {
        engine::scheduler::Verdict::Scored { parts, .. } => parts.iter().find(|(k, _)| *k == "ImageLocality").unwrap().1,
        other => panic!("{other:?}"),
    };
    assert!(image_score("kind-worker") > 0);
    assert_eq!(image_score("kind-worker2"), 0);
}

#[test]
fn event_objects_name_the_kubelets_host_and_read_their_messages_whole() {
    let mut c = cluster(Preset::DockerDesktop, &deployment("web", 1, "nginx:1.27"));
    // The replacement finds the image its predecessor pulled.
    c.kubectl(&format!("delete pod {} --wait=false", pods_of(&c, "web")[0]), &NoFiles);
    c.advance(30_000);
    let out: String = c.kubectl("get events -o json", &NoFiles).text().lines().map(str::trim).collect();
    let pod = &pods_of(&c, "web")[0];
    // A kubelet event's source names its node; a controller's names no host.
    assert!(out.contains("\"source\": {\"component\": \"kubelet\",\"host\": \"docker-desktop\"}"), "{out}");
    assert!(out.contains("\"source\": {\"component\": \"default-scheduler\"}"), "{out}");
    assert!(out.contains(&format!("\"message\": \"Successfully assigned default/{pod} to docker-desktop\"")), "{out}");
    assert!(out.contains("\"message\": \"Container image \\\"nginx:1.27\\\" already present on machine\""), "{out}");
    assert!(out.contains("\"message\": \"Created container: app\""), "{out}");
    assert!(out.contains("\"message\": \"Started container app\""), "{out}");
    let wide = c.kubectl("get events -o wide", &NoFiles).text();
    assert!(wide.contains("kubelet, docker-desktop"), "{wide}");
}

#[test]
fn rollout_history_of_a_revision_describes_its_replicaset_template() {
    let mut c = cluster(Preset::Kind, &deployment("web", 1, "nginx:1.27"));
    c.kubectl("set image deployment/web app=nginx:1.28", &NoFiles);
    c.advance(30_000);
    // `printTemplate` of the ReplicaSet's own template: its pod-template-hash stays.
    let out = c.kubectl("rollout history deployment/web --revision=2", &NoFiles).text();
    assert!(out.starts_with("deployment.apps/web with revision #2\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash="), "{out}");
    assert!(out.contains("    Image:\tnginx:1.28\n    Port:\t80/TCP\n"), "{out}");
    let missing = c.kubectl("rollout history deployment/web --revision=5", &NoFiles).text();
    assert_eq!(missing, "error: unable to find the specified revision\n");
}
