//! Cluster DNS and NetworkPolicy as a pod meets them: names through the search list,
//! CoreDNS going away, policies in both directions, namespace selectors, ipBlocks seen
//! from outside through a node, and the preset that does not enforce them.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::proxy::{Entry, Outcome};
use engine::{Cluster, Preset};

const APPS: &str = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - {name: http, containerPort: 80}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  type: NodePort\n  selector: {app: api}\n  ports:\n  - port: 80\n    targetPort: http\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n  labels: {role: probe}\nspec:\n  containers:\n  - name: shell\n    image: busybox:1.36\n    command: [sleep, '3600']\n";

fn cluster(preset: Preset) -> Cluster {
    let mut c = Cluster::new(preset, None, 11);
    let r = c.apply_text(APPS, "apps.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(30_000);
    c
}

fn apply(c: &mut Cluster, text: &str) {
    let r = c.apply_text(text, "p.yaml", "shop", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

fn exec(c: &mut Cluster, cmd: &str) -> (String, i32) {
    let out = c.kubectl(&format!("exec probe -- {cmd}"), &NoFiles);
    (out.stdout, out.code)
}

fn answered(c: &mut Cluster, from: &str, n: usize) -> usize {
    c.send_requests("shop", "api", None, &Entry::ClusterIp, from, n).iter().filter(|r| r.outcome == Outcome::Ok).count()
}

#[test]
fn names_resolve_through_the_search_list_and_fail_without_coredns() {
    let mut c = cluster(Preset::Kind);
    let (out, code) = exec(&mut c, "nslookup api.shop");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Name:\tapi.shop.svc.cluster.local"), "{out}");
    // From the default namespace the short name is not the shop's Service.
    let (out, code) = exec(&mut c, "nslookup api");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("** server can't find api: NXDOMAIN"), "{out}");
    let (out, _) = exec(&mut c, "wget -qO- http://api.shop");
    assert!(out.contains("<title>Welcome to nginx!</title>"), "{out}");
    c.kubectl("scale deployment coredns -n kube-system --replicas=0", &NoFiles);
    c.advance(40_000);
    let (out, code) = exec(&mut c, "wget -qO- http://api.shop");
    assert_eq!(code, 1);
    assert!(out.starts_with("wget: bad address 'api.shop'"), "{out}");
    // An address needs no name.
    let ip = c.store.services.get(&("shop".to_string(), "api".to_string())).unwrap().cluster_ip_text();
    let (out, code) = exec(&mut c, &format!("wget -qO- http://{ip}"));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_policy_admits_only_the_namespaces_and_ports_it_names() {
    let mut c = cluster(Preset::Kind);
    assert_eq!(answered(&mut c, "pod/probe", 1), 0, "probe is in default: api by its short name is not found there");
    let before = c.send_requests("default", "api", None, &Entry::ClusterIp, "pod/probe", 1);
    assert!(matches!(&before[0].outcome, Outcome::Refused(why) if why.contains("Could not resolve host")), "{before:?}");
    let (out, _) = exec(&mut c, "nc -z -v api.shop 80");
    assert!(out.contains("open"), "{out}");
    apply(&mut c, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n");
    let (out, code) = exec(&mut c, "wget -qO- -T 1 http://api.shop");
    assert_eq!(code, 1);
    assert!(out.starts_with("wget: download timed out\nkubeplay: dropped by NetworkPolicy shop/deny"), "{out}");
    // From the default namespace, by the label the API server puts on it, on the named port.
    apply(
        &mut c,
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: from-default\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}\n    ports:\n    - port: http\n",
    );
    let (out, code) = exec(&mut c, "wget -qO- -T 1 http://api.shop");
    assert_eq!(code, 0, "{out}");
    // The api's own pods are in shop, which the rule does not name.
    assert_eq!(answered(&mut c, "deploy/api", 4), 0);
}

#[test]
fn egress_rules_must_let_dns_through_too() {
    let mut c = cluster(Preset::Kind);
    let r = c.apply_text(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: probe-out\nspec:\n  podSelector: {matchLabels: {role: probe}}\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {team: shop}}\n",
        "p.yaml",
        "default",
        Mode::Apply,
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let (out, code) = exec(&mut c, "nslookup api.shop");
    assert_eq!(code, 1, "the query to CoreDNS in kube-system is egress too: {out}");
    assert!(out.contains("no servers could be reached"), "{out}");
}

#[test]
fn from_outside_through_a_node_the_policy_sees_the_nodes_address() {
    let mut c = cluster(Preset::Kind);
    apply(
        &mut c,
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: office\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 192.168.1.0/24}\n",
    );
    let sent = c.send_requests("shop", "api", None, &Entry::NodePort("kind-worker".into()), "192.168.1.10", 5);
    assert!(sent.iter().all(|r| matches!(r.outcome, Outcome::Dropped(_))), "kube-proxy masquerades NodePort traffic: {sent:?}");
    apply(
        &mut c,
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: nodes\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 172.18.0.0/16, except: [172.18.0.4/32]}\n",
    );
    let sent = c.send_requests("shop", "api", None, &Entry::NodePort("kind-worker".into()), "192.168.1.10", 5);
    assert!(sent.iter().all(|r| r.outcome == Outcome::Ok), "{sent:?}");
}

#[test]
fn docker_desktop_stores_policies_and_lets_everything_through() {
    let mut c = cluster(Preset::DockerDesktop);
    apply(&mut c, "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n");
    let (out, code) = exec(&mut c, "wget -qO- -T 1 http://api.shop");
    assert_eq!(code, 0, "{out}");
    let out = c.run("request svc/api --namespace shop --from deploy/api -n 2", &NoFiles);
    assert!(out.stdout.contains("does not enforce NetworkPolicy"), "{}", out.stdout);
}

#[test]
fn statefulset_pods_and_headless_services_answer_with_pod_addresses() {
    let mut c = cluster(Preset::Kind);
    apply(
        &mut c,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports:\n  - port: 80\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 2\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n",
    );
    c.advance(60_000);
    let ip = |c: &Cluster, name: &str| c.store.pod(c.store.pod_id("shop", name).unwrap()).unwrap().status.pod_ip.to_string();
    let (db0, db1) = (ip(&c, "db-0"), ip(&c, "db-1"));
    let (out, code) = exec(&mut c, "nslookup db-1.db.shop.svc.cluster.local");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("Address: {db1}")) && !out.contains(&db0), "{out}");
    let (out, _) = exec(&mut c, "nslookup db.shop");
    assert!(out.contains(&db0) && out.contains(&db1), "{out}");
    // Each pod serves the page written into it: the name reaches db-0 alone.
    for pod in ["db-0", "db-1"] {
        c.kubectl(&format!("kubectl exec -n shop {pod} -- sh -c 'echo {pod} > /usr/share/nginx/html/index.html'"), &NoFiles);
    }
    for _ in 0..4 {
        let (out, code) = exec(&mut c, "wget -qO- http://db-0.db.shop");
        assert_eq!((out.as_str(), code), ("db-0\n", 0));
    }
}

#[test]
fn a_batch_of_requests_is_balanced_as_the_same_requests_sent_one_by_one() {
    let mut c = cluster(Preset::Kind);
    c.kubectl("scale deployment api -n shop --replicas=7", &NoFiles);
    // Mid-rollout: some of the new pods are not ready yet, so the endpoints are a subset.
    c.advance(1_500);
    let mut one_by_one = c.clone();
    let entry = Entry::NodePort("kind-worker".into());
    let batch = c.send_requests("shop", "api", None, &entry, "192.168.1.10", 60);
    let single: Vec<_> = (0..60).flat_map(|_| one_by_one.send_requests("shop", "api", None, &entry, "192.168.1.10", 1)).collect();
    assert_eq!(batch, single);
    let pods: std::collections::BTreeSet<_> = batch.iter().filter_map(|r| r.pod.clone()).collect();
    assert!(pods.len() >= 2, "spread over the ready pods: {pods:?}");
    engine::invariants::check(&c).expect("routed endpoints are the shown ones");
}
