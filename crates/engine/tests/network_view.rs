//! What the page draws of Ingresses, NetworkPolicies, ResourceQuotas and namespaces:
//! each Ingress's routes to its Services and its controller's state, the pods each
//! policy selects and those denied all traffic in, each quota's used and hard amounts.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::view::ControllerState;
use engine::{Cluster, Preset};

fn apply(c: &mut Cluster, text: &str) {
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors.iter().map(|e| e.text.clone()).collect::<Vec<_>>());
}

fn app(name: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: c\n        image: gcr.io/google-samples/hello-app:1.0\n        resources:\n          requests: {{cpu: 100m, memory: 64Mi}}\n          limits: {{cpu: 200m, memory: 128Mi}}\n        ports:\n        - containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector: {{app: {name}}}\n  ports:\n  - port: 8080\n"
    )
}

const INGRESS: &str = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  rules:\n  - host: shop.example\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: site\n            port:\n              number: 8080\n      - path: /api\n        pathType: Prefix\n        backend:\n          service:\n            name: api\n            port:\n              number: 8080\n";
const DENY: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-api\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress]\n";
const QUOTA: &str =
    "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\nspec:\n  hard:\n    requests.cpu: \"1\"\n    pods: \"4\"\n";

#[test]
fn an_ingress_lists_its_routes_and_waits_for_a_controller() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &app("site"));
    apply(&mut c, &app("api"));
    apply(&mut c, INGRESS);
    c.advance(60_000);
    let v = engine::view::of(&c);
    assert_eq!(v.ingresses.len(), 1);
    let ing = &v.ingresses[0];
    assert_eq!((ing.name.as_str(), ing.class.as_str(), ing.address.as_str()), ("shop", "<none>", ""));
    let routes: Vec<(String, String, String, usize)> =
        ing.routes.iter().map(|r| (r.host.clone(), r.path.clone(), r.service.clone(), r.endpoints)).collect();
    assert_eq!(
        routes,
        vec![
            ("shop.example".into(), "/".into(), "default/site".into(), 1),
            ("shop.example".into(), "/api".into(), "default/api".into(), 1)
        ]
    );
    assert_eq!(ing.routes[1].backend, "api:8080");
    match &ing.controller {
        ControllerState::Waiting(why) => assert!(why.starts_with("No ingress controller runs in this cluster"), "{why}"),
        other => panic!("no controller is installed: {other:?}"),
    }
    assert!(v.namespaces.is_empty(), "only default holds the student's objects: {:?}", v.namespaces);
}

#[test]
fn an_installed_controller_serves_the_ingress_and_its_namespace_is_named() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &app("site"));
    apply(&mut c, &app("api"));
    apply(&mut c, &INGRESS.replace("spec:\n  rules", "spec:\n  ingressClassName: nginx\n  rules"));
    let o = c.kubectl("kubectl apply -f https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml", &NoFiles);
    assert!(o.stdout.contains("deployment.apps/ingress-nginx-controller created"), "{}", o.stderr);
    c.advance(180_000);
    let v = engine::view::of(&c);
    let ing = &v.ingresses[0];
    assert_eq!(ing.address, "localhost");
    match &ing.controller {
        ControllerState::Serving(pod) => assert!(pod.starts_with("ingress-nginx/ingress-nginx-controller-"), "{pod}"),
        other => panic!("the controller is ready: {other:?}"),
    }
    assert_eq!(v.namespaces, vec!["ingress-nginx".to_string()]);
}

#[test]
fn a_default_deny_policy_marks_the_pods_it_selects_and_an_allow_rule_lifts_the_mark() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &app("site"));
    apply(&mut c, &app("api"));
    apply(&mut c, DENY);
    c.advance(60_000);
    let v = engine::view::of(&c);
    assert_eq!(v.policies.len(), 1);
    let p = &v.policies[0];
    assert_eq!(p.types, vec!["Ingress"]);
    assert_eq!(p.selected.len(), 1);
    assert!(p.selected[0].starts_with("default/api-"), "{:?}", p.selected);
    assert!(p.enforced);
    assert_eq!(v.isolations.len(), 1);
    assert!(v.isolations[0].ingress_denied && !v.isolations[0].egress_denied);
    assert_eq!(v.isolations[0].policies, vec!["deny-api".to_string()]);
    apply(
        &mut c,
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-site\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {app: site}\n",
    );
    let v = engine::view::of(&c);
    assert_eq!(v.isolations.len(), 1);
    assert!(!v.isolations[0].ingress_denied, "an allowing rule lets some traffic in: {:?}", v.isolations);
    assert_eq!(v.isolations[0].policies, vec!["allow-site".to_string(), "deny-api".to_string()]);
}

#[test]
fn policies_on_docker_desktop_are_drawn_as_not_enforced() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    apply(&mut c, &app("api"));
    apply(&mut c, DENY);
    c.advance(60_000);
    let v = engine::view::of(&c);
    assert!(!v.policies[0].enforced);
    assert_eq!(v.isolations.len(), 1, "the pod is still selected");
    assert!(!v.isolations[0].ingress_denied, "nothing is denied where policies are not enforced");
}

#[test]
fn a_quota_shows_used_and_hard_per_resource() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, QUOTA);
    apply(&mut c, &app("site"));
    apply(&mut c, &app("api"));
    c.advance(60_000);
    let v = engine::view::of(&c);
    assert_eq!(v.quotas.len(), 1);
    let items: Vec<(String, String, String)> =
        v.quotas[0].items.iter().map(|i| (i.resource.clone(), i.used.clone(), i.hard.clone())).collect();
    assert_eq!(items, vec![("pods".into(), "2".into(), "4".into()), ("requests.cpu".into(), "200m".into(), "1".into())]);
    assert!((v.quotas[0].items[0].share - 0.5).abs() < 1e-9);
    assert!((v.quotas[0].items[1].share - 0.2).abs() < 1e-9);
}

#[test]
fn objects_in_another_namespace_name_it() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let o = c.kubectl("kubectl create namespace shop", &NoFiles);
    assert_eq!(o.stdout, "namespace/shop created\n");
    let r = c.apply_text(QUOTA, "t.yaml", "shop", Mode::Apply);
    assert!(r.errors.is_empty());
    let v = engine::view::of(&c);
    assert_eq!(v.namespaces, vec!["shop".to_string()]);
    assert_eq!(v.quotas[0].namespace, "shop");
}
