//! Ingresses as the ingress-nginx controller serves them: which controller takes an
//! Ingress (its class, the default IngressClass, `--watch-ingress-without-class`), the
//! address it publishes in the Ingress's status, and how a request is routed by host and
//! path (Exact, Prefix, ImplementationSpecific; longest match; `defaultBackend`) to a
//! Service's ready endpoints, or answered by nginx itself (404 from its default backend,
//! 503 without endpoints). The controller is the one running in the cluster: kubeplay
//! reads its pods' arguments, so nothing routes before it is installed and ready.
//!
//! The status is worked out when read (as the aggregator's APIService condition is): it
//! is what the controller writes once its pod is ready.

use crate::model::{Generic, Kind, Object};
use crate::runtime::network::{nginx_page, Http};
use crate::store::{PodId, Store};
use crate::value::Value;

/// One ingress-nginx controller pod and the flags it runs with.
#[derive(Clone, Debug, PartialEq)]
pub struct Controller {
    pub pod: PodId,
    pub namespace: String,
    pub name: String,
    pub ready: bool,
    /// `--controller-class` (`k8s.io/ingress-nginx`): the IngressClasses it serves.
    pub controller_class: String,
    /// `--ingress-class` (`nginx`): the class name it also answers to.
    pub ingress_class: String,
    pub watch_without_class: bool,
    pub publish_status_address: Option<String>,
    /// `--publish-service=NS/NAME`: the Service whose address it publishes.
    pub publish_service: Option<(String, String)>,
}

/// The image ingress-nginx's controller runs.
fn is_controller_image(image: &str) -> bool {
    image.contains("ingress-nginx/controller")
}

/// The controller pods in the cluster, ready or not, in namespace/name order.
pub fn controllers(store: &Store) -> Vec<Controller> {
    let mut out: Vec<Controller> = store
        .pods()
        .filter(|(_, p)| !p.is_terminating())
        .filter_map(|(id, p)| {
            let c = p.spec.containers.iter().find(|c| is_controller_image(&c.image))?;
            let words: Vec<&String> = c.command.iter().chain(&c.args).collect();
            let flag = |name: &str| -> Option<String> {
                words.iter().find_map(|w| w.strip_prefix(&format!("--{name}="))).map(|v| v.replace("$(POD_NAMESPACE)", &p.meta.namespace))
            };
            Some(Controller {
                pod: id,
                namespace: p.meta.namespace.clone(),
                name: p.meta.name.clone(),
                ready: p.is_ready(),
                controller_class: flag("controller-class").unwrap_or_else(|| "k8s.io/ingress-nginx".into()),
                ingress_class: flag("ingress-class").unwrap_or_else(|| "nginx".into()),
                watch_without_class: flag("watch-ingress-without-class").is_some_and(|v| v == "true"),
                publish_status_address: flag("publish-status-address").filter(|v| !v.is_empty()),
                publish_service: flag("publish-service").and_then(|v| v.split_once('/').map(|(a, b)| (a.to_string(), b.to_string()))),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out
}

fn text<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_str).unwrap_or("")
}

fn ingress_classes(store: &Store) -> impl Iterator<Item = &Generic> {
    store.objects_of(Kind::IngressClass, None).filter_map(|o| match o {
        Object::Written(g) => Some(g),
        _ => None,
    })
}

/// Whether a controller takes an Ingress: by its class (an IngressClass of the
/// controller's `--controller-class`, or the deprecated annotation naming its
/// `--ingress-class`), or, without one, when told to watch those.
pub fn takes(store: &Store, c: &Controller, ing: &Generic) -> bool {
    let class = text(&ing.spec, &["ingressClassName"]);
    if !class.is_empty() {
        return ingress_classes(store).any(|g| g.meta.name == class && text(&g.spec, &["controller"]) == c.controller_class);
    }
    if let Some(a) = ing.meta.annotations.get("kubernetes.io/ingress.class") {
        return a == c.ingress_class;
    }
    c.watch_without_class
}

/// The ready controller that serves an Ingress, if any.
pub fn serving<'a>(store: &Store, controllers: &'a [Controller], ing: &Generic) -> Option<&'a Controller> {
    controllers.iter().find(|c| c.ready && takes(store, c, ing))
}

/// `status.loadBalancer.ingress` as the controller writes it: `--publish-status-address`,
/// else its published Service's load-balancer address, else its pods' node addresses.
pub fn load_balancer(store: &Store, ing: &Generic) -> Vec<Value> {
    let cs = controllers(store);
    let Some(c) = serving(store, &cs, ing) else { return Vec::new() };
    let addresses: Vec<String> = if let Some(a) = &c.publish_status_address {
        a.split(',').map(str::to_string).collect()
    } else if let Some((ns, name)) = &c.publish_service {
        store.services.get(&(ns.clone(), name.clone())).and_then(|s| s.lb_ingress.clone()).into_iter().collect()
    } else {
        let mut ips: Vec<String> = cs
            .iter()
            .filter(|x| x.ready && takes(store, x, ing))
            .filter_map(|x| store.pod(x.pod))
            .filter_map(|p| store.nodes.get(p.node.as_ref()))
            .map(|n| crate::net::format_ipv4(n.internal_ip))
            .collect();
        ips.sort();
        ips.dedup();
        ips
    };
    addresses
        .into_iter()
        .map(|a| {
            let key = if crate::net::parse_ipv4(&a).is_some() { "ip" } else { "hostname" };
            Value::Map(vec![(key.into(), Value::str(a))])
        })
        .collect()
}

/// The Ingress's status as a reader sees it.
pub fn status(store: &Store, ing: &Generic) -> Value {
    let lb = load_balancer(store, ing);
    let inner = if lb.is_empty() { Value::Map(vec![]) } else { Value::Map(vec![("ingress".into(), Value::Seq(lb))]) };
    Value::Map(vec![("loadBalancer".into(), inner)])
}

/// Why an Ingress has no address yet, in one sentence (for the page and `why`).
pub fn why_no_address(store: &Store, ing: &Generic) -> Option<String> {
    if !load_balancer(store, ing).is_empty() {
        return None;
    }
    let cs = controllers(store);
    let class = text(&ing.spec, &["ingressClassName"]);
    let which = if class.is_empty() { "an ingress controller".to_string() } else { format!("the controller of IngressClass {class:?}") };
    Some(if cs.is_empty() {
        format!(
            "No ingress controller runs in this cluster: an Ingress is only a rule until {which} (ingress-nginx, for example) is installed, so it has no ADDRESS and routes nothing."
        )
    } else if let Some(c) = cs.iter().find(|c| takes(store, c, ing)) {
        format!("The ingress-nginx controller pod {}/{} is not ready yet; the ADDRESS comes when it is.", c.namespace, c.name)
    } else if class.is_empty() {
        "This Ingress names no ingressClassName, there is no default IngressClass, and the ingress-nginx controller here does not watch Ingresses without a class (--watch-ingress-without-class).".to_string()
    } else {
        format!("No ingress controller here serves IngressClass {class:?}: ingress-nginx serves the IngressClasses whose controller is its --controller-class.")
    })
}

/// Where one backend leads: a Service's port and its ready endpoints.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub namespace: String,
    pub service: String,
    /// `name:port` as kubectl prints a backend.
    pub shown: String,
    /// Ready endpoints as (pod, ip, port).
    pub endpoints: Vec<(String, String, i32)>,
    /// Why there is nothing to send to (no Service, no such port).
    pub missing: Option<String>,
}

/// A backend's Service and its ready endpoints, as the controller's upstream list has them.
pub fn target(store: &Store, ns: &str, backend: &Value) -> Option<Target> {
    let svc_v = backend.get("service")?;
    let name = text(svc_v, &["name"]).to_string();
    let number = svc_v.get("port").and_then(|p| p.get("number")).and_then(Value::as_i64);
    let port_name = text(svc_v, &["port", "name"]).to_string();
    let shown = format!("{name}:{}", number.map(|n| n.to_string()).unwrap_or_else(|| port_name.clone()));
    let mut t = Target { namespace: ns.to_string(), service: name.clone(), shown, endpoints: Vec::new(), missing: None };
    let Some(svc) = store.services.get(&(ns.to_string(), name.clone())) else {
        t.missing = Some(format!("services \"{name}\" not found"));
        return Some(t);
    };
    let Some(index) =
        svc.ports.iter().position(|p| number.is_some_and(|n| i64::from(p.port) == n) || (!port_name.is_empty() && p.name == port_name))
    else {
        t.missing = Some(format!("service {ns}/{name} has no port {}", t.shown.rsplit(':').next().unwrap_or("")));
        return Some(t);
    };
    let subsets = crate::store::endpoints::of(store, svc).unwrap_or_default();
    if let Some(sub) = subsets.get(index) {
        t.endpoints = sub.addresses.iter().filter(|a| a.ready).map(|a| (a.pod.clone(), a.ip.clone(), sub.port)).collect();
    }
    Some(t)
}

/// Every Ingress a controller takes, oldest first (ingress-nginx lets the oldest win).
fn taken<'a>(store: &'a Store, c: &Controller) -> Vec<&'a Generic> {
    let mut v: Vec<&Generic> = store
        .objects_of(Kind::Ingress, None)
        .filter_map(|o| match o {
            Object::Written(g) if takes(store, c, g) => Some(g),
            _ => None,
        })
        .collect();
    v.sort_by(|a, b| (a.meta.creation, &a.meta.namespace, &a.meta.name).cmp(&(b.meta.creation, &b.meta.namespace, &b.meta.name)));
    v
}

/// Whether a rule's host (`foo.example.com`, `*.example.com`) names the request's host.
fn host_matches(rule: &str, host: &str) -> bool {
    match rule.strip_prefix("*.") {
        Some(suffix) => host.split_once('.').is_some_and(|(first, rest)| !first.is_empty() && rest == suffix),
        None => rule == host,
    }
}

/// How much of `path` a rule's path matches, if it does: Exact only itself, Prefix by
/// whole `/`-separated elements, ImplementationSpecific as nginx's prefix location.
fn path_match(path_type: &str, rule: &str, path: &str) -> Option<usize> {
    let rule = if rule.is_empty() { "/" } else { rule };
    match path_type {
        "Exact" => (rule == path).then_some(rule.len() * 2 + 1),
        "Prefix" => {
            let r = rule.trim_end_matches('/');
            let ok = r.is_empty() || path == r || path.starts_with(&format!("{r}/"));
            ok.then_some(r.len().max(1) * 2)
        }
        _ => path.starts_with(rule).then_some(rule.len() * 2),
    }
}

/// A request's fate at the controller, for curl: nginx's own answer, or the endpoint it
/// sends the request to (pod, ip, port) and the Ingress that chose it.
/// Where an Ingress sent a request: the Ingress (as said), the endpoint (pod, IP, port)
/// and the path the backend gets.
pub type Routed = (String, (String, String, i32), String);

pub fn answer(store: &Store, c: &Controller, host: &str, path: &str, pick: usize) -> Result<Routed, Http> {
    match route(store, c, host, path) {
        Route::NotFound => Err(Http::Status {
            code: 404,
            body: nginx_page(404),
            why: format!(
                "no rule of the Ingresses the controller {}/{} serves matches host {host:?} and path {path:?}, and none of them has a defaultBackend, so nginx's default backend answers 404",
                c.namespace, c.name
            ),
        }),
        Route::Backend { ingress, target, rewritten } => {
            let sent = rewritten.clone().unwrap_or_else(|| path.to_string());
            // Said where the request is said to have gone through the Ingress.
            let ingress = match rewritten {
                Some(to) => format!("{ingress}, which rewrote the path {path} to {to}"),
                None => ingress,
            };
            if let Some(why) = target.missing {
                return Err(Http::Status { code: 503, body: nginx_page(503), why: format!("ingress {ingress} routes to {}, but {why}", target.shown) });
            }
            if target.endpoints.is_empty() {
                return Err(Http::Status {
                    code: 503,
                    body: nginx_page(503),
                    why: format!("ingress {ingress} routes to service {}/{}, which has no ready endpoints", target.namespace, target.service),
                });
            }
            let e = target.endpoints[pick % target.endpoints.len()].clone();
            Ok((ingress, e, sent))
        }
    }
}

/// Where a request from outside the cluster (the console's `curl`) to `address` on port
/// 80 or 443 reaches an ingress controller: on kind, the controller's `hostPort`s behind
/// the cluster's port mappings of `localhost` (kind's ingress guide creates the cluster
/// with them); elsewhere the load balancer of a Service in front of the controller
/// (Docker Desktop's `localhost`, the cloud's address).
pub fn from_outside(store: &Store, preset: crate::presets::Preset, address: &str) -> Option<Controller> {
    let local = matches!(address, "localhost" | "127.0.0.1");
    controllers(store).into_iter().filter(|c| c.ready).find(|c| {
        let Some(p) = store.pod(c.pod) else { return false };
        let host_port = p.spec.raw.get("containers").map(Value::as_seq).unwrap_or(&[]).iter().any(|ct| {
            ct.get("ports").map(Value::as_seq).unwrap_or(&[]).iter().any(|port| port.get("hostPort").and_then(Value::as_i64) == Some(80))
        });
        if local && preset == crate::presets::Preset::Kind && host_port {
            return true;
        }
        store.services.values().any(|s| {
            s.meta.namespace == c.namespace
                && s.lb_ingress.as_deref().is_some_and(|a| a == address || (local && a == "localhost"))
                && s.selector.as_ref().is_some_and(|sel| sel.0.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v.as_str())))
        })
    })
}

/// Whether the pod `name` in `ns` has a process listening on `port`: the controller's
/// connection to an endpoint (read only; NetworkPolicies are not checked on this leg).
pub fn endpoint_answers(store: &Store, ns: &str, name: &str, port: i32) -> crate::runtime::network::Connection {
    use crate::runtime::network::Connection;
    let Some(p) = store.pod_id(ns, name).and_then(|id| store.pod(id)) else {
        return Connection::Unreachable(format!("pod {name} is gone"));
    };
    let listening = p
        .runtime
        .apps
        .iter()
        .filter(|r| matches!(r.stage, crate::model::pod_runtime::Stage::Running { .. }))
        .filter_map(|r| r.process.as_ref())
        .any(|proc_| proc_.ports.iter().any(|x| i32::from(*x) == port));
    if listening {
        Connection::Answered {
            pod: name.to_string(),
            namespace: ns.to_string(),
            port: u16::try_from(port).unwrap_or(0),
            program: p.spec.containers.first().map(|c| c.image.clone()).unwrap_or_default(),
        }
    } else {
        Connection::Refused(format!("connection refused: pod {name} does not listen on port {port}"))
    }
}

/// What the controller does with a request.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// To this backend, chosen by this Ingress; with the path it was rewritten to
    /// (`rewrite-target`), if it was.
    Backend { ingress: String, target: Target, rewritten: Option<String> },
    /// No rule matches and no Ingress has a default backend: nginx's own 404.
    NotFound,
}

/// Routes a request for `host` and `path` as the controller's nginx configuration does.
pub fn route(store: &Store, c: &Controller, host: &str, path: &str) -> Route {
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    let path = if path.is_empty() { "/" } else { path };
    let ingresses = taken(store, c);
    // The server: an exact host before a wildcard one, else the catch-all rules.
    let rules_of = |want: &dyn Fn(&str) -> bool| -> Vec<(&Generic, &Value)> {
        ingresses
            .iter()
            .flat_map(|g| g.spec.get("rules").map(Value::as_seq).unwrap_or(&[]).iter().map(move |r| (*g, r)))
            .filter(|(_, r)| want(text(r, &["host"])))
            .collect()
    };
    let mut rules = rules_of(&|h| h == host);
    if rules.is_empty() {
        rules = rules_of(&|h| h.starts_with("*.") && host_matches(h, &host));
    }
    if rules.is_empty() {
        rules = rules_of(&|h| h.is_empty());
    }
    if let Some(found) = regex_route(store, &rules, path) {
        return found;
    }
    let mut best: Option<(usize, &Generic, &Value)> = None;
    for (g, r) in &rules {
        for p in r.get("http").and_then(|h| h.get("paths")).map(Value::as_seq).unwrap_or(&[]) {
            let ty = text(p, &["pathType"]);
            if let Some(score) = path_match(ty, text(p, &["path"]), path) {
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, g, p.get("backend").unwrap_or(&Value::Null)));
                }
            }
        }
    }
    if let Some((_, g, backend)) = best {
        if let Some(target) = target(store, &g.meta.namespace, backend) {
            return Route::Backend { ingress: format!("{}/{}", g.meta.namespace, g.meta.name), target, rewritten: None };
        }
    }
    // Unmatched: the default backend of an Ingress that defines this host (or of any,
    // for the catch-all server), else nginx's.
    let hosts: Vec<&Generic> = rules.iter().map(|(g, _)| *g).collect();
    let fallback = ingresses
        .iter()
        .filter(|g| hosts.is_empty() || hosts.iter().any(|h| h.meta.uid == g.meta.uid) || g.spec.get("rules").is_none())
        .find_map(|g| g.spec.get("defaultBackend").map(|b| (*g, b)));
    if let Some((g, b)) = fallback {
        if let Some(target) = target(store, &g.meta.namespace, b) {
            return Route::Backend { ingress: format!("{}/{}", g.meta.namespace, g.meta.name), target, rewritten: None };
        }
    }
    Route::NotFound
}

fn annotation<'a>(g: &'a Generic, key: &str) -> Option<&'a str> {
    g.meta.annotations.get(&format!("nginx.ingress.kubernetes.io/{key}"))
}

/// `rewrite-target` with each `$N` replaced by the Nth group of the match (`$0` the
/// whole match; a group that took no part is empty), as nginx's `rewrite` fills it.
fn rewrite(target: &str, caps: &[Option<String>]) -> String {
    let chars: Vec<char> = target.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '$' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            let n = chars[i + 1].to_digit(10).unwrap_or(0) as usize;
            out.push_str(caps.get(n).cloned().flatten().as_deref().unwrap_or(""));
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// ingress-nginx's regular-expression locations: when an Ingress of the host sets
/// `use-regex: "true"` or `rewrite-target`, every path of the host becomes a
/// case-insensitive `location ~* "^PATH"`, tried longest path first (nginx takes the
/// first regex that matches), and a `rewrite-target` is filled from the match's groups.
/// `None` when the host's paths are not regular expressions (or none matches).
fn regex_route(store: &Store, rules: &[(&Generic, &Value)], path: &str) -> Option<Route> {
    let regex = rules.iter().any(|(g, _)| annotation(g, "use-regex") == Some("true") || annotation(g, "rewrite-target").is_some());
    if !regex {
        return None;
    }
    let mut locations: Vec<(&Generic, &Value)> = rules
        .iter()
        .flat_map(|(g, r)| r.get("http").and_then(|h| h.get("paths")).map(Value::as_seq).unwrap_or(&[]).iter().map(move |p| (*g, p)))
        .collect();
    locations.sort_by_key(|(_, p)| std::cmp::Reverse(text(p, &["path"]).len()));
    for (g, p) in locations {
        let rule = match text(p, &["path"]) {
            "" => "/",
            r => r,
        };
        let Ok(re) = crate::model::regex::Regex::compile(&format!("^{rule}")) else { continue };
        let Some(caps) = re.captures(path, true) else { continue };
        let target = target(store, &g.meta.namespace, p.get("backend").unwrap_or(&Value::Null))?;
        let rewritten = annotation(g, "rewrite-target").map(|t| rewrite(t, &caps));
        return Some(Route::Backend { ingress: format!("{}/{}", g.meta.namespace, g.meta.name), target, rewritten });
    }
    None
}

/// The certificate the controller's nginx presents for a host.
#[derive(Clone, Debug, PartialEq)]
pub enum Certificate {
    /// The `kubernetes.io/tls` Secret an Ingress's `tls` names for the host.
    Secret { namespace: String, name: String },
    /// ingress-nginx's own self-signed certificate (`CN=Kubernetes Ingress Controller
    /// Fake Certificate`): for a host no `tls` names, and, with the reason, when the
    /// named Secret is missing or holds no certificate (the controller logs that and
    /// falls back to it).
    Fake { why: Option<String> },
}

/// Which certificate the server for `host` has, as the controller builds its servers
/// (`extractTLSSecretName`: a `tls` entry listing the host, oldest Ingress first).
pub fn certificate(store: &Store, c: &Controller, host: &str) -> Certificate {
    let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
    for g in taken(store, c) {
        for t in g.spec.get("tls").map(Value::as_seq).unwrap_or(&[]) {
            let listed =
                t.get("hosts").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).any(|h| h.eq_ignore_ascii_case(&host));
            let secret = text(t, &["secretName"]);
            if !listed || secret.is_empty() {
                continue;
            }
            let ns = g.meta.namespace.as_str();
            let pem = store.written(Kind::Secret, ns, secret).map(|g| crate::model::secret::bytes(g, "tls.crt").unwrap_or_default());
            return match pem {
                None => Certificate::Fake { why: Some(format!("the Secret {ns}/{secret} named in the Ingress's tls was not found")) },
                Some(b) if !String::from_utf8_lossy(&b).contains("-----BEGIN CERTIFICATE-----") => {
                    Certificate::Fake { why: Some(format!("the Secret {ns}/{secret} holds no PEM certificate in tls.crt")) }
                }
                Some(_) => Certificate::Secret { namespace: ns.to_string(), name: secret.to_string() },
            };
        }
    }
    Certificate::Fake { why: None }
}

/// Where a plain-HTTP request is sent instead, when ingress-nginx redirects it: the
/// location that matched belongs to an Ingress whose host has a certificate of its own
/// (`ssl-redirect`, true by default), or that forces it (`force-ssl-redirect`).
pub fn https_redirect(store: &Store, c: &Controller, host: &str, path: &str) -> Option<String> {
    let Route::Backend { ingress, .. } = route(store, c, host, path) else { return None };
    let (ns, name) = ingress.split_once('/')?;
    let g = store.written(Kind::Ingress, ns, name)?;
    let forced = annotation(g, "force-ssl-redirect") == Some("true");
    let allowed = annotation(g, "ssl-redirect") != Some("false");
    let has_cert = matches!(certificate(store, c, host), Certificate::Secret { .. });
    let host = host.split(':').next().unwrap_or("");
    (forced || (allowed && has_cert)).then(|| format!("https://{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_matches_whole_path_elements_and_exact_only_itself() {
        assert!(path_match("Prefix", "/foo", "/foo").is_some());
        assert!(path_match("Prefix", "/foo", "/foo/bar").is_some());
        assert!(path_match("Prefix", "/foo/", "/foo").is_some());
        assert!(path_match("Prefix", "/foo", "/foobar").is_none());
        assert!(path_match("Prefix", "/", "/anything").is_some());
        assert!(path_match("Exact", "/foo", "/foo/").is_none());
        assert!(path_match("ImplementationSpecific", "/foo", "/foobar").is_some());
        // The longer rule wins; an Exact rule beats a Prefix one of the same path.
        assert!(path_match("Prefix", "/foo/bar", "/foo/bar/x") > path_match("Prefix", "/foo", "/foo/bar/x"));
        assert!(path_match("Exact", "/foo", "/foo") > path_match("Prefix", "/foo", "/foo"));
    }

    #[test]
    fn wildcard_hosts_cover_one_label() {
        assert!(host_matches("*.example.com", "a.example.com"));
        assert!(!host_matches("*.example.com", "a.b.example.com"));
        assert!(!host_matches("*.example.com", "example.com"));
        assert!(host_matches("example.com", "example.com"));
    }

    #[test]
    fn nginx_pages_are_its_own() {
        assert_eq!(
            crate::runtime::network::nginx_page(404),
            "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>"
        );
        assert!(crate::runtime::network::nginx_page(503).contains("<title>503 Service Temporarily Unavailable</title>"));
    }
}
