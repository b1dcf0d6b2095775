//! Ingress routing through the ingress-nginx controller installed from its manifests:
//! which Ingresses it takes, the address it publishes, and how requests are routed by
//! host and path, or answered by nginx itself.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const KIND_URL: &str = "https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml";
const CLOUD_URL: &str =
    "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/cloud/deploy.yaml";

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}{}", o.warnings, o.stdout, o.stderr)
}

fn apply(c: &mut Cluster, text: &str) -> engine::apply::Report {
    let r = c.apply_text(text, "f.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r
}

/// Deployments `NAME` of hello-app (port 8080) with `replicas` pods, and their Services.
fn app(name: &str, replicas: u32) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: c\n        image: gcr.io/google-samples/hello-app:1.0\n        ports:\n        - containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  selector: {{app: {name}}}\n  ports:\n  - port: 8080\n"
    )
}

fn ingress(name: &str, class: Option<&str>, rules: &str) -> String {
    let class = class.map(|c| format!("  ingressClassName: {c}\n")).unwrap_or_default();
    format!("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\nspec:\n{class}  rules:\n{rules}")
}

fn path(p: &str, ty: &str, svc: &str) -> String {
    format!("      - path: {p}\n        pathType: {ty}\n        backend:\n          service:\n            name: {svc}\n            port:\n              number: 8080\n")
}

fn install(c: &mut Cluster, url: &str) {
    assert!(out(c, &format!("kubectl apply -f {url}")).contains("deployment.apps/ingress-nginx-controller created"));
    let waited =
        out(c, "kubectl wait -n ingress-nginx --for=condition=ready pod --selector=app.kubernetes.io/component=controller --timeout=120s");
    assert!(waited.ends_with("condition met\n"), "{waited}");
}

/// What the console's `curl` prints, first line only.
/// All a `curl` from the host prints (the backend's page).
fn page(c: &mut Cluster, args: &str) -> String {
    let o = c.run(&format!("curl {args}"), &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

fn curl(c: &mut Cluster, args: &str) -> String {
    let o = c.run(&format!("curl {args}"), &NoFiles);
    format!("{}{}", o.stdout, o.stderr).lines().next().unwrap_or("").to_string()
}

#[test]
fn without_a_controller_an_ingress_has_no_address_and_says_why() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &app("web", 1));
    let r = apply(&mut c, &ingress("web", None, &format!("  - http:\n      paths:\n{}", path("/", "Prefix", "web"))));
    assert_eq!(
        r.notes[0].text,
        "No ingress controller runs in this cluster: an Ingress is only a rule until an ingress controller (ingress-nginx, for example) is installed, so it has no ADDRESS and routes nothing."
    );
    c.advance(30_000);
    assert_eq!(
        out(&mut c, "kubectl get ingress"),
        "NAME   CLASS    HOSTS   ADDRESS   PORTS   AGE\nweb    <none>   *                 80      30s\n"
    );
    assert_eq!(curl(&mut c, "localhost/"), "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server");
}

#[test]
fn kinds_controller_publishes_localhost_and_routes_by_longest_path() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &app("api", 1));
    apply(&mut c, &app("site", 1));
    let rules = format!(
        "  - http:\n      paths:\n{}{}{}",
        path("/", "Prefix", "site"),
        path("/api", "Prefix", "api"),
        path("/api/health", "Exact", "empty")
    );
    apply(&mut c, &ingress("web", None, &rules));
    apply(&mut c, "apiVersion: v1\nkind: Service\nmetadata:\n  name: empty\nspec:\n  selector: {app: none}\n  ports:\n  - port: 8080\n");
    install(&mut c, KIND_URL);
    let y = out(&mut c, "kubectl get ingress web -o yaml");
    assert!(y.ends_with("status:\n  loadBalancer:\n    ingress:\n    - hostname: localhost\n"), "{y}");
    assert!(page(&mut c, "localhost/api/users").contains("Hostname: api-"));
    assert!(page(&mut c, "localhost/apis").contains("Hostname: site-"), "Prefix matches whole path elements");
    assert!(page(&mut c, "localhost/").contains("Hostname: site-"));
    assert_eq!(curl(&mut c, "-I localhost/api/health"), "HTTP/1.1 503 Service Temporarily Unavailable");
    assert!(page(&mut c, "localhost/api/health/x").contains("Hostname: api-"), "Exact matches only itself");
    // The backend's pods going away leave nginx without upstreams: 503.
    out(&mut c, "kubectl scale deploy api --replicas=0");
    c.advance(40_000);
    assert_eq!(curl(&mut c, "-s -o /dev/null -w %{http_code} localhost/api"), "503");
}

#[test]
fn classes_hosts_and_the_default_ingress_class() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    apply(&mut c, &app("web", 2));
    install(&mut c, CLOUD_URL);
    // The cloud manifest's controller takes only its class: no class, no address.
    apply(&mut c, &ingress("plain", None, &format!("  - host: plain.example\n    http:\n      paths:\n{}", path("/", "Prefix", "web"))));
    apply(
        &mut c,
        &ingress("other", Some("traefik"), &format!("  - host: other.example\n    http:\n      paths:\n{}", path("/", "Prefix", "web"))),
    );
    apply(
        &mut c,
        &ingress("shop", Some("nginx"), &format!("  - host: \"*.shop.example\"\n    http:\n      paths:\n{}", path("/", "Prefix", "web"))),
    );
    let table = out(&mut c, "kubectl get ingress");
    assert!(table.contains("other   traefik   other.example                80"), "{table}");
    assert!(table.contains("plain   <none>    plain.example                80"), "{table}");
    assert!(table.contains("shop    nginx     *.shop.example   localhost   80"), "{table}");
    assert!(page(&mut c, "-H 'Host: eu.shop.example' localhost").contains("Hostname: web-"));
    assert_eq!(curl(&mut c, "-H 'Host: a.b.shop.example' -s -o /dev/null -w %{http_code} localhost"), "404");
    assert_eq!(curl(&mut c, "-H 'Host: plain.example' -s -o /dev/null -w %{http_code} localhost"), "404");
    // Marked default, the class is given to Ingresses created without one.
    out(&mut c, "kubectl annotate ingressclass nginx ingressclass.kubernetes.io/is-default-class=true");
    apply(&mut c, &ingress("later", None, &format!("  - host: later.example\n    http:\n      paths:\n{}", path("/", "Prefix", "web"))));
    assert_eq!(out(&mut c, "kubectl get ingress later -o jsonpath={.spec.ingressClassName}"), "nginx");
    assert!(page(&mut c, "-H 'Host: later.example' localhost").contains("Hostname: web-"));
}

#[test]
fn from_a_pod_through_the_controllers_service() {
    let mut c = Cluster::new(Preset::Cloud, None, 1);
    apply(&mut c, &app("web", 1));
    apply(
        &mut c,
        &ingress("web", Some("nginx"), &format!("  - host: web.example\n    http:\n      paths:\n{}", path("/", "Prefix", "web"))),
    );
    install(&mut c, CLOUD_URL);
    assert!(out(&mut c, "kubectl get ingress web").contains("203.0.113.20"));
    out(&mut c, "kubectl run client --image=curlimages/curl:8.7.1 --command -- sleep 3600");
    out(&mut c, "kubectl wait --for=condition=ready pod/client --timeout=60s");
    let ok = out(&mut c, "kubectl exec client -- curl -s -H 'Host: web.example' ingress-nginx-controller.ingress-nginx");
    // hello-app's answer, from a pod of the Service the Ingress names.
    assert!(ok.starts_with("Hello, world!\nVersion: 1.0.0\nHostname: web-"), "{ok}");
    let miss = out(&mut c, "kubectl exec client -- curl -s ingress-nginx-controller.ingress-nginx/");
    assert!(miss.starts_with("<html>\n<head><title>404 Not Found</title></head>\n"), "{miss}");
}
