//! What the page draws of the cluster's networking and admission objects: each Ingress
//! with its class, address, rules (host, path → Service:port) and the state of the
//! controller that serves it; each NetworkPolicy with the pods it selects and whether
//! the preset's network enforces it; each ResourceQuota's used and hard amounts; and the
//! namespaces that hold the student's objects, so the drawing can name them.

use crate::addons::is_system_namespace;
use crate::model::{Kind, Object};
use crate::value::Value;
use crate::world::World;

/// One `host` + `path` of an Ingress and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct IngressRoute {
    /// `*` when the rule names no host, as kubectl prints it.
    pub host: String,
    /// The path, empty for the default backend.
    pub path: String,
    pub path_type: String,
    /// `name:port` as kubectl prints a backend.
    pub backend: String,
    /// The Service it routes to, `namespace/name`.
    pub service: String,
    /// Ready endpoints behind it.
    pub endpoints: usize,
    /// Why nothing answers there (no such Service or port).
    pub missing: Option<String>,
}

/// Where the Ingress stands with its controller.
#[derive(Clone, Debug, PartialEq)]
pub enum ControllerState {
    /// A ready controller pod serves it (`namespace/name` of the pod).
    Serving(String),
    /// No controller serves it yet; the sentence says why.
    Waiting(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct IngressView {
    pub namespace: String,
    pub name: String,
    /// `ingressClassName`, or `<none>`.
    pub class: String,
    /// The published addresses, comma-separated, empty until a controller publishes one.
    pub address: String,
    /// `secretName terminates host,host` per TLS entry, as describe prints it.
    pub tls: Vec<String>,
    pub routes: Vec<IngressRoute>,
    pub controller: ControllerState,
}

/// One NetworkPolicy and the pods it selects.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyView {
    pub namespace: String,
    pub name: String,
    /// `Ingress`, `Egress` or both, defaulted as the API server defaults them.
    pub types: Vec<&'static str>,
    pub ingress_rules: usize,
    pub egress_rules: usize,
    /// The pods it selects, `namespace/name`, in name order.
    pub selected: Vec<String>,
    /// Whether the preset's network plugin enforces it.
    pub enforced: bool,
}

/// A pod no connection may enter: selected for ingress by policies none of which has
/// an ingress rule (a default deny).
#[derive(Clone, Debug, PartialEq)]
pub struct Isolation {
    /// `namespace/name`.
    pub pod: String,
    pub ingress_denied: bool,
    pub egress_denied: bool,
    /// The policies that select it.
    pub policies: Vec<String>,
}

/// One resource of a quota.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaItem {
    pub resource: String,
    pub used: String,
    pub hard: String,
    /// used / hard, 0 to 1 (1 when hard is zero and something is used).
    pub share: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuotaView {
    pub namespace: String,
    pub name: String,
    pub items: Vec<QuotaItem>,
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn written(w: &World, kind: Kind) -> impl Iterator<Item = &crate::model::Generic> {
    w.store.objects_of(kind, None).filter_map(|o| match o {
        Object::Written(g) if !is_system_namespace(&g.meta.namespace) => Some(g),
        _ => None,
    })
}

fn route(w: &World, ns: &str, host: &str, path: &Value) -> Option<IngressRoute> {
    let backend = path.get("backend")?;
    let t = crate::ingress::target(&w.store, ns, backend)?;
    Some(IngressRoute {
        host: if host.is_empty() { "*".into() } else { host.to_string() },
        path: text(path, "path").to_string(),
        path_type: text(path, "pathType").to_string(),
        backend: t.shown,
        service: format!("{}/{}", t.namespace, t.service),
        endpoints: t.endpoints.len(),
        missing: t.missing,
    })
}

/// Every Ingress of the student's namespaces, in namespace then name order.
pub fn ingresses(w: &World) -> Vec<IngressView> {
    let controllers = crate::ingress::controllers(&w.store);
    written(w, Kind::Ingress)
        .map(|g| {
            let ns = g.meta.namespace.as_str();
            let mut routes = Vec::new();
            for rule in g.spec.get("rules").map(Value::as_seq).unwrap_or(&[]) {
                let host = text(rule, "host");
                for p in rule.get("http").and_then(|h| h.get("paths")).map(Value::as_seq).unwrap_or(&[]) {
                    routes.extend(route(w, ns, host, p));
                }
            }
            if let Some(b) = g.spec.get("defaultBackend") {
                let default = Value::Map(vec![("backend".into(), b.clone())]);
                routes.extend(route(w, ns, "", &default));
            }
            let address: Vec<String> = crate::ingress::load_balancer(&w.store, g)
                .iter()
                .map(|i| if i.get("ip").is_some() { text(i, "ip").to_string() } else { text(i, "hostname").to_string() })
                .collect();
            let controller = match crate::ingress::serving(&w.store, &controllers, g) {
                Some(c) => ControllerState::Serving(format!("{}/{}", c.namespace, c.name)),
                None => ControllerState::Waiting(crate::ingress::why_no_address(&w.store, g).unwrap_or_default()),
            };
            let tls = g
                .spec
                .get("tls")
                .map(Value::as_seq)
                .unwrap_or(&[])
                .iter()
                .map(|t| {
                    let hosts: Vec<&str> = t.get("hosts").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
                    match text(t, "secretName") {
                        "" => format!("SNI routes {}", hosts.join(",")),
                        s => format!("{s} terminates {}", hosts.join(",")),
                    }
                })
                .collect();
            let class = text(&g.spec, "ingressClassName");
            IngressView {
                namespace: ns.to_string(),
                name: g.meta.name.clone(),
                class: if class.is_empty() { "<none>".into() } else { class.to_string() },
                address: address.join(","),
                tls,
                routes,
                controller,
            }
        })
        .collect()
}

/// Every NetworkPolicy of the student's namespaces with the pods it selects.
pub fn policies(w: &World) -> Vec<PolicyView> {
    let enforced = crate::netpol::enforced(&w.api);
    let mut namespaces: Vec<String> = written(w, Kind::NetworkPolicy).map(|g| g.meta.namespace.clone()).collect();
    namespaces.dedup();
    let mut out = Vec::new();
    for ns in namespaces {
        let pods: Vec<&crate::model::Pod> = w.store.pods_in(Some(&ns)).into_iter().filter_map(|id| w.store.pod(id)).collect();
        for p in crate::netpol::policies_in(&w.api, &ns) {
            let mut selected: Vec<String> = pods.iter().filter(|pod| p.selects(pod)).map(|pod| format!("{ns}/{}", pod.meta.name)).collect();
            selected.sort();
            let types = [("Ingress", p.ingress), ("Egress", p.egress)].into_iter().filter(|(_, on)| *on).map(|(t, _)| t).collect();
            out.push(PolicyView {
                namespace: ns.clone(),
                name: p.name.clone(),
                types,
                ingress_rules: p.ingress_rules.len(),
                egress_rules: p.egress_rules.len(),
                selected,
                enforced,
            });
        }
    }
    out
}

/// The pods some policy selects, and whether all traffic in (or out) is denied them:
/// isolated in a direction by policies none of which has a rule for it, on a network
/// that enforces policies (on Docker Desktop nothing is denied).
pub fn isolations(policies: &[PolicyView]) -> Vec<Isolation> {
    let mut pods: Vec<&String> = policies.iter().flat_map(|p| &p.selected).collect();
    pods.sort();
    pods.dedup();
    pods.into_iter()
        .map(|pod| {
            let mine: Vec<&PolicyView> = policies.iter().filter(|p| p.selected.contains(pod)).collect();
            let denied = |dir: &str, rules: &dyn Fn(&PolicyView) -> usize| {
                let isolating: Vec<&&PolicyView> = mine.iter().filter(|p| p.types.contains(&dir)).collect();
                !isolating.is_empty() && isolating.iter().all(|p| p.enforced && rules(p) == 0)
            };
            Isolation {
                pod: pod.clone(),
                ingress_denied: denied("Ingress", &|p| p.ingress_rules),
                egress_denied: denied("Egress", &|p| p.egress_rules),
                policies: mine.iter().map(|p| p.name.clone()).collect(),
            }
        })
        .collect()
}

/// Every ResourceQuota of the student's namespaces, with `used` as the quota controller
/// computes it.
pub fn quotas(w: &World) -> Vec<QuotaView> {
    written(w, Kind::ResourceQuota)
        .map(|g| {
            let status = crate::apiserver::resourcequota::status(&w.store, g);
            let field = |which: &str| -> Vec<(String, String)> {
                match status.get(which) {
                    Some(Value::Map(m)) => m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect(),
                    _ => Vec::new(),
                }
            };
            let used = field("used");
            let items = field("hard")
                .into_iter()
                .map(|(resource, hard)| {
                    let now = used.iter().find(|(k, _)| *k == resource).map(|(_, v)| v.clone()).unwrap_or_else(|| "0".into());
                    let (u, h) = (crate::quantity::parse(&now).unwrap_or(0), crate::quantity::parse(&hard).unwrap_or(0));
                    let share = if h > 0 {
                        (u as f64 / h as f64).clamp(0.0, 1.0)
                    } else if u > 0 {
                        1.0
                    } else {
                        0.0
                    };
                    QuotaItem { resource, used: now, hard, share }
                })
                .collect();
            QuotaView { namespace: g.meta.namespace.clone(), name: g.meta.name.clone(), items }
        })
        .collect()
}

/// The student's namespaces other than `default` that hold pods, Services or the kinds
/// above, in name order: when there are any, the drawing names every object's namespace.
pub fn namespaces(w: &World) -> Vec<String> {
    let mut out: Vec<String> = w
        .store
        .pods_in(None)
        .into_iter()
        .filter_map(|id| w.store.pod(id))
        .map(|p| p.meta.namespace.clone())
        .chain(w.store.services.keys().map(|(ns, _)| ns.clone()))
        .chain(
            [Kind::Ingress, Kind::NetworkPolicy, Kind::ResourceQuota]
                .into_iter()
                .flat_map(|k| written(w, k).map(|g| g.meta.namespace.clone()).collect::<Vec<_>>()),
        )
        .filter(|ns| ns != "default" && !is_system_namespace(ns))
        .collect();
    out.sort();
    out.dedup();
    out
}
