//! `kubectl get`: tables with kubectl's columns, `-o wide|yaml|json|name`, `-l`,
//! `-n`/`-A`, `--show-labels`, several types at once and `all`.

use super::args::{self, flag, FlagSpec};
use super::tabwriter;
use super::Output;
use crate::model::{Kind, Labels, Object};
use crate::time::{human_duration, Millis};
use crate::value::Value;
use crate::world::World;

pub(super) const FLAGS: &[FlagSpec] = &[
    flag("output", Some('o'), true),
    flag("selector", Some('l'), true),
    flag("all-namespaces", Some('A'), false),
    flag("show-labels", None, false),
    flag("watch", Some('w'), false),
    flag("watch-only", None, false),
    flag("request-timeout", None, true),
    flag("no-headers", None, false),
    flag("field-selector", None, true),
    flag("sort-by", None, true),
    flag("label-columns", Some('L'), true),
    flag("filename", Some('f'), true),
    flag("show-kind", None, false),
    flag("ignore-not-found", None, false),
    flag("template", None, true),
    flag("allow-missing-template-keys", None, false),
];

/// One object to print: its kind, namespace and name.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ObjRef {
    pub kind: Kind,
    pub ns: String,
    pub name: String,
}

pub(super) fn labels_of(c: &World, r: &ObjRef) -> Labels {
    match r.kind {
        Kind::Event => Labels::default(),
        Kind::Endpoints => match crate::store::endpoints::of_service(&c.store, r.kind, &r.ns, &r.name) {
            Some(s) => s.meta.labels.clone(),
            None => written(c, r).map(|g| g.meta.labels.clone()).unwrap_or_default(),
        },
        Kind::EndpointSlice => match slice_service(c, r) {
            Some(s) => {
                let mut l = s.meta.labels.clone();
                l.insert("kubernetes.io/service-name", &s.meta.name);
                l.insert("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
                l
            }
            None => written(c, r).map(|g| g.meta.labels.clone()).unwrap_or_default(),
        },
        k => c.store.meta_of(k, &r.ns, &r.name).map(|m| m.labels.clone()).unwrap_or_default(),
    }
}

/// Objects of a kind in a namespace (`None`: all), in the API's order.
pub(super) fn list(c: &World, kind: Kind, ns: Option<&str>) -> Vec<ObjRef> {
    let mk = |ns: &str, name: &str| ObjRef { kind, ns: ns.to_string(), name: name.to_string() };
    let in_ns = |n: &str| ns.is_none_or(|x| x == n);
    match kind {
        Kind::Pod => {
            c.store.pods_in(ns).into_iter().filter_map(|id| c.store.pod(id)).map(|p| mk(&p.meta.namespace, &p.meta.name)).collect()
        }
        Kind::Service => c.store.services.keys().filter(|(n, _)| in_ns(n)).map(|(n, name)| mk(n, name)).collect(),
        Kind::Endpoints | Kind::EndpointSlice => {
            // The controller's objects (one per Service with a selector) and those
            // written by hand, in the API's namespace/name order.
            let mut keys = std::collections::BTreeSet::new();
            for ((n, name), s) in c.store.services.iter().filter(|((n, _), _)| in_ns(n)) {
                let name = if kind == Kind::Endpoints { name.clone() } else { crate::store::endpoints::slice_name(s) };
                if crate::store::endpoints::of_service(&c.store, kind, n, &name).is_some() {
                    keys.insert((n.clone(), name));
                }
            }
            keys.extend(c.store.objects_of(kind, ns).map(|o| (o.meta().namespace.clone(), o.meta().name.clone())));
            keys.into_iter().map(|(n, name)| mk(&n, &name)).collect()
        }
        Kind::Node => c.store.nodes.keys().map(|n| mk("", n)).collect(),
        Kind::Namespace => c.store.namespaces.keys().map(|n| mk("", n)).collect(),
        Kind::Event => {
            let mut evs: Vec<ObjRef> = c.events.all().filter(|e| in_ns(&event_ns(e))).map(|e| mk(&event_ns(e), &e.name())).collect();
            evs.sort_by(|a, b| (&a.ns, &a.name).cmp(&(&b.ns, &b.name)));
            evs
        }
        _ => c.store.objects_of(kind, ns).map(|o| mk(&o.meta().namespace, &o.meta().name)).collect(),
    }
}

pub(super) fn event_ns(e: &crate::events::Event) -> String {
    e.namespace().to_string()
}

/// The Service an EndpointSlice reference belongs to.
fn slice_service<'a>(c: &'a World, r: &ObjRef) -> Option<&'a crate::model::Service> {
    crate::store::endpoints::of_service(&c.store, Kind::EndpointSlice, &r.ns, &r.name)
}

/// An Endpoints or EndpointSlice object written by hand.
fn written<'a>(c: &'a World, r: &ObjRef) -> Option<&'a crate::model::Generic> {
    c.store.written(r.kind, &r.ns, &r.name)
}

/// One subset of an Endpoints object as kubectl prints it: ready and not-ready
/// addresses, and the ports (name, number, protocol).
pub(super) struct ShownSubset {
    pub ready: Vec<String>,
    pub not_ready: Vec<String>,
    pub ports: Vec<(String, i64, String)>,
}

/// The subsets of an Endpoints object, with its labels and creation time: the
/// controller's for a Service with a selector, else those written by hand.
pub(super) fn endpoints_shown(c: &World, ns: &str, name: &str) -> Option<(Labels, Millis, Vec<ShownSubset>)> {
    if let Some(svc) = crate::store::endpoints::of_service(&c.store, Kind::Endpoints, ns, name) {
        let subsets = crate::store::endpoints::of(&c.store, svc).unwrap_or_default();
        let shown = subsets
            .into_iter()
            .filter(|s| !s.addresses.is_empty())
            .map(|s| {
                let ips = |ready: bool| s.addresses.iter().filter(|a| a.ready == ready).map(|a| a.ip.clone()).collect();
                ShownSubset {
                    ready: ips(true),
                    not_ready: ips(false),
                    ports: vec![(s.port_name.clone(), i64::from(s.port), s.protocol.clone())],
                }
            })
            .collect();
        return Some((svc.meta.labels.clone(), svc.meta.creation, shown));
    }
    let g = c.store.written(Kind::Endpoints, ns, name)?;
    let ips = |s: &Value, key: &str| -> Vec<String> {
        s.get(key).map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|a| a.get("ip").and_then(Value::as_str)).map(String::from).collect()
    };
    let shown = g
        .spec
        .get("subsets")
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|s| ShownSubset {
            ready: ips(s, "addresses"),
            not_ready: ips(s, "notReadyAddresses"),
            ports: s
                .get("ports")
                .map(Value::as_seq)
                .unwrap_or(&[])
                .iter()
                .map(|p| {
                    let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    (text("name"), p.get("port").and_then(Value::as_i64).unwrap_or(0), text("protocol"))
                })
                .collect(),
        })
        .collect();
    Some((g.meta.labels.clone(), g.meta.creation, shown))
}

fn slice_value(c: &World, r: &ObjRef) -> Value {
    let Some(svc) = slice_service(c, r) else { return Value::Null };
    let subsets = crate::store::endpoints::of(&c.store, svc).unwrap_or_default();
    let mut endpoints = vec![];
    if let Some(first) = subsets.first() {
        for a in &first.addresses {
            let terminating = false;
            let mut fields = vec![
                ("addresses".into(), Value::Seq(vec![Value::str(a.ip.clone())])),
                (
                    "conditions".into(),
                    Value::Map(vec![
                        ("ready".into(), Value::Bool(a.ready)),
                        ("serving".into(), Value::Bool(a.ready)),
                        ("terminating".into(), Value::Bool(terminating)),
                    ]),
                ),
                ("nodeName".into(), Value::str(a.node.clone())),
                (
                    "targetRef".into(),
                    Value::Map(vec![
                        ("kind".into(), Value::str("Pod")),
                        ("name".into(), Value::str(a.pod.clone())),
                        ("namespace".into(), Value::str(r.ns.clone())),
                    ]),
                ),
            ];
            if let Some(h) = &a.hostname {
                fields.insert(2, ("hostname".into(), Value::str(h.clone())));
            }
            endpoints.push(Value::Map(fields));
        }
    }
    let ports: Vec<Value> = subsets
        .iter()
        .map(|s| {
            let mut m = vec![("port".into(), Value::Int(i64::from(s.port))), ("protocol".into(), Value::str(s.protocol.clone()))];
            m.push(("name".into(), Value::str(s.port_name.clone())));
            Value::Map(m)
        })
        .collect();
    let mut meta = vec![
        ("creationTimestamp".into(), Value::str(crate::time::rfc3339(svc.meta.creation))),
        ("generateName".into(), Value::str(format!("{}-", svc.meta.name))),
        ("labels".into(), labels_of(c, r).to_value()),
        ("name".into(), Value::str(r.name.clone())),
        ("namespace".into(), Value::str(r.ns.clone())),
    ];
    meta.push((
        "ownerReferences".into(),
        Value::Seq(vec![Value::Map(vec![
            ("apiVersion".into(), Value::str("v1")),
            ("blockOwnerDeletion".into(), Value::Bool(true)),
            ("controller".into(), Value::Bool(true)),
            ("kind".into(), Value::str("Service")),
            ("name".into(), Value::str(svc.meta.name.clone())),
            ("uid".into(), Value::str(svc.meta.uid.clone())),
        ])]),
    ));
    Value::Map(vec![
        ("addressType".into(), Value::str("IPv4")),
        ("apiVersion".into(), Value::str("discovery.k8s.io/v1")),
        ("endpoints".into(), Value::Seq(endpoints)),
        ("kind".into(), Value::str("EndpointSlice")),
        ("metadata".into(), Value::Map(meta)),
        ("ports".into(), Value::Seq(ports)),
    ])
}

pub(super) fn exists(c: &World, r: &ObjRef) -> bool {
    match r.kind {
        Kind::Endpoints | Kind::EndpointSlice => {
            crate::store::endpoints::of_service(&c.store, r.kind, &r.ns, &r.name).is_some() || written(c, r).is_some()
        }
        Kind::Event => c.events.by_name(&r.name).is_some(),
        k => c.store.exists(k, &r.ns, &r.name),
    }
}

pub(super) fn to_value(c: &World, r: &ObjRef) -> Value {
    match r.kind {
        Kind::Pod => c.store.pod_id(&r.ns, &r.name).and_then(|id| c.store.pod(id)).map(|p| p.to_value()).unwrap_or(Value::Null),
        Kind::Service => c.store.services.get(&(r.ns.clone(), r.name.clone())).map(|s| s.to_value()).unwrap_or(Value::Null),
        Kind::Node => c.store.nodes.get(&r.name).map(|n| n.to_value(c.now())).unwrap_or(Value::Null),
        Kind::Namespace => c.store.namespaces.get(&r.name).map(|n| n.to_value()).unwrap_or(Value::Null),
        Kind::Endpoints | Kind::EndpointSlice if crate::store::endpoints::of_service(&c.store, r.kind, &r.ns, &r.name).is_none() => {
            written(c, r).map(|g| g.to_value()).unwrap_or(Value::Null)
        }
        Kind::Endpoints => endpoints_value(c, r),
        Kind::EndpointSlice => slice_value(c, r),
        Kind::Event => c.events.by_name(&r.name).map(event_value).unwrap_or(Value::Null),
        Kind::APIService => match c.store.written(Kind::APIService, "", &r.name) {
            Some(g) => {
                let mut v = g.to_value();
                v.set("status", crate::apiserver::aggregator::apiservice_status(&c.store, g));
                v
            }
            None => Value::Null,
        },
        Kind::Ingress => match c.store.written(Kind::Ingress, &r.ns, &r.name) {
            Some(g) => {
                let mut v = g.to_value();
                v.set("status", crate::ingress::status(&c.store, g));
                v
            }
            None => Value::Null,
        },
        Kind::ResourceQuota => match c.store.written(Kind::ResourceQuota, &r.ns, &r.name) {
            Some(g) => {
                let mut v = g.to_value();
                v.set("status", crate::apiserver::resourcequota::status(&c.store, g));
                v
            }
            None => Value::Null,
        },
        k => {
            let mut v = c.store.object(k, &r.ns, &r.name).map(|o| o.to_value()).unwrap_or(Value::Null);
            if matches!(
                k,
                Kind::Deployment
                    | Kind::ReplicaSet
                    | Kind::StatefulSet
                    | Kind::DaemonSet
                    | Kind::Job
                    | Kind::CronJob
                    | Kind::ReplicationController
                    | Kind::PodTemplate
            ) {
                null_template_timestamps(&mut v);
            }
            v
        }
    }
}

/// A pod (or job) template's metadata is an ObjectMeta whose creationTimestamp is never
/// set: v1.33's apimachinery marshals the zero `metav1.Time` as `null` (`omitzero`
/// dropped it only from v1.34), so the API server's JSON, and kubectl's YAML of it, carry
/// `creationTimestamp: null` there.
fn null_template_timestamps(v: &mut Value) {
    if let Value::Map(m) = v {
        for (k, x) in m.iter_mut() {
            if (k == "template" || k == "jobTemplate") && matches!(x, Value::Map(_)) {
                if let Value::Map(meta) = x.entry_map("metadata") {
                    if !meta.iter().any(|(k, _)| k == "creationTimestamp") {
                        meta.insert(0, ("creationTimestamp".into(), Value::Null));
                    }
                }
            }
            null_template_timestamps(x);
        }
    }
}

pub(super) fn event_value(e: &crate::events::Event) -> Value {
    use crate::time::rfc3339;
    Value::Map(vec![
        ("apiVersion".into(), Value::str("v1")),
        ("count".into(), Value::Int(i64::from(e.count))),
        ("firstTimestamp".into(), Value::str(rfc3339(e.first))),
        (
            "involvedObject".into(),
            Value::Map(vec![
                ("kind".into(), Value::str(e.involved.kind.info().name)),
                ("name".into(), Value::str(e.involved.name())),
                ("namespace".into(), Value::str(e.involved.namespace())),
                ("uid".into(), Value::str(e.involved.uid())),
            ]),
        ),
        ("kind".into(), Value::str("Event")),
        ("lastTimestamp".into(), Value::str(rfc3339(e.last))),
        ("message".into(), Value::str(e.message().into_owned())),
        // The API server stamps an Event when it is created: its first occurrence.
        (
            "metadata".into(),
            Value::Map(vec![
                ("creationTimestamp".into(), Value::str(rfc3339(e.first))),
                ("name".into(), Value::str(e.name())),
                ("namespace".into(), Value::str(event_ns(e))),
            ]),
        ),
        ("reason".into(), Value::str(e.reason)),
        (
            "source".into(),
            Value::Map(
                std::iter::once(("component".into(), Value::str(e.source)))
                    .chain(e.host.as_ref().map(|h| ("host".into(), Value::str(h.to_string()))))
                    .collect(),
            ),
        ),
        ("type".into(), Value::str(e.kind.as_str())),
    ])
}

fn endpoints_value(c: &World, r: &ObjRef) -> Value {
    let Some(svc) = c.store.services.get(&(r.ns.clone(), r.name.clone())) else { return Value::Null };
    let mut meta = svc.meta.to_value();
    meta.remove("annotations");
    let subsets = crate::store::endpoints::of(&c.store, svc).unwrap_or_default();
    let mut out = vec![];
    for s in subsets.iter().filter(|s| !s.addresses.is_empty()) {
        let addr = |ready: bool| -> Value {
            Value::Seq(
                s.addresses
                    .iter()
                    .filter(|a| a.ready == ready)
                    .map(|a| {
                        let mut m = vec![("ip".into(), Value::str(a.ip.clone())), ("nodeName".into(), Value::str(a.node.clone()))];
                        if let Some(h) = &a.hostname {
                            m.insert(0, ("hostname".into(), Value::str(h.clone())));
                        }
                        Value::Map(m)
                    })
                    .collect(),
            )
        };
        let mut m = vec![];
        let ready = addr(true);
        if !ready.as_seq().is_empty() {
            m.push(("addresses".into(), ready));
        }
        let not_ready = addr(false);
        if !not_ready.as_seq().is_empty() {
            m.push(("notReadyAddresses".into(), not_ready));
        }
        let mut port = vec![("port".into(), Value::Int(i64::from(s.port))), ("protocol".into(), Value::str(s.protocol.clone()))];
        if !s.port_name.is_empty() {
            port.push(("name".into(), Value::str(s.port_name.clone())));
        }
        m.push(("ports".into(), Value::Seq(vec![Value::Map(port)])));
        out.push(Value::Map(m));
    }
    let mut v = vec![("apiVersion".into(), Value::str("v1")), ("kind".into(), Value::str("Endpoints")), ("metadata".into(), meta)];
    if !out.is_empty() {
        v.push(("subsets".into(), Value::Seq(out)));
    }
    Value::Map(v)
}

/// `formatEndpoints`: `ip:port` of the ready addresses (just `ip` where a subset has no
/// ports), joined with commas, at most three, then ` + N more...`.
pub(super) fn endpoints_text(c: &World, ns: &str, name: &str) -> String {
    let Some((_, _, subsets)) = endpoints_shown(c, ns, name) else { return "<none>".into() };
    let mut list = Vec::new();
    for s in &subsets {
        if s.ports.is_empty() {
            list.extend(s.ready.iter().cloned());
        }
        for (_, port, _) in &s.ports {
            list.extend(s.ready.iter().map(|ip| format!("{ip}:{port}")));
        }
    }
    if list.is_empty() {
        return "<none>".into();
    }
    let more = list.len().saturating_sub(3);
    let mut s = list.into_iter().take(3).collect::<Vec<_>>().join(",");
    if more > 0 {
        s.push_str(&format!(" + {more} more..."));
    }
    s
}

/// `listWithMoreString`: at most three items, then ` + N more...`; `<unset>` if none.
fn list_with_more(list: Vec<String>) -> String {
    let more = list.len().saturating_sub(3);
    let mut s = list.into_iter().take(3).collect::<Vec<_>>().join(",");
    if more > 0 {
        s.push_str(&format!(" + {more} more..."));
    }
    if s.is_empty() {
        "<unset>".into()
    } else {
        s
    }
}

fn age(now: Millis, then: Millis) -> String {
    human_duration(now as i64 - then as i64)
}

/// The table's columns, from the kinds table.
fn header(kind: Kind, wide: bool) -> Vec<&'static str> {
    let info = kind.info();
    let mut h = info.columns.to_vec();
    if wide {
        h.extend_from_slice(info.wide);
    }
    h
}

fn template_columns(template: &Value, match_labels: &Labels) -> (String, String, String) {
    let containers = template.get("spec").and_then(|s| s.get("containers")).map(Value::as_seq).unwrap_or(&[]);
    let names: Vec<&str> = containers.iter().filter_map(|c| c.get("name").and_then(Value::as_str)).collect();
    let images: Vec<&str> = containers.iter().filter_map(|c| c.get("image").and_then(Value::as_str)).collect();
    let sel = match_labels.to_selector_string();
    (names.join(","), images.join(","), if sel.is_empty() { "<none>".into() } else { sel })
}

fn row(c: &World, r: &ObjRef, wide: bool) -> Vec<String> {
    let now = c.now();
    match r.kind {
        Kind::Pod => {
            let p = c.store.pod(c.store.pod_id(&r.ns, &r.name).expect("listed")).expect("listed");
            let s = p.summary(now);
            let mut v = vec![r.name.clone(), s.ready, s.status, s.restarts, age(now, p.meta.creation)];
            if wide {
                v.push(if p.status.pod_ip.is_empty() { "<none>".into() } else { p.status.pod_ip.to_string() });
                // spec.nodeName, which a pod bound by hand carries before any kubelet has it.
                let node = if p.node.is_empty() { p.spec.node_name.as_str() } else { &p.node };
                v.push(if node.is_empty() { "<none>".into() } else { node.to_string() });
                let nominated = p.status.nominated_node_name();
                v.push(if nominated.is_empty() { "<none>".into() } else { nominated.to_string() });
                v.push("<none>".into());
            }
            v
        }
        Kind::Service => {
            let s = &c.store.services[&(r.ns.clone(), r.name.clone())];
            let mut v = vec![
                r.name.clone(),
                s.ty.clone(),
                s.cluster_ip_text(),
                s.external_ip_text(wide),
                s.ports_text(),
                age(now, s.meta.creation),
            ];
            if wide {
                v.push(s.selector.as_ref().map(|l| l.to_selector_string()).unwrap_or_else(|| "<none>".into()));
            }
            v
        }
        Kind::Node => {
            let n = &c.store.nodes[&r.name];
            let mut v = vec![r.name.clone(), n.status_text(), n.roles(), age(now, n.meta.creation), crate::K8S_VERSION.into()];
            if wide {
                v.extend([
                    crate::net::format_ipv4(n.internal_ip),
                    "<none>".into(),
                    n.os_image.clone(),
                    n.kernel.clone(),
                    n.runtime.clone(),
                ]);
            }
            v
        }
        Kind::Namespace => {
            let n = &c.store.namespaces[&r.name];
            vec![r.name.clone(), "Active".into(), age(now, n.meta.creation)]
        }
        Kind::Endpoints => {
            let created = endpoints_shown(c, &r.ns, &r.name).map_or(now, |(_, at, _)| at);
            vec![r.name.clone(), endpoints_text(c, &r.ns, &r.name), age(now, created)]
        }
        Kind::EndpointSlice => match slice_service(c, r) {
            Some(s) => {
                let subsets = crate::store::endpoints::of(&c.store, s).unwrap_or_default();
                let ports: Vec<String> = subsets.iter().map(|x| x.port.to_string()).collect();
                let ips: Vec<String> = subsets.first().map(|x| x.addresses.iter().map(|a| a.ip.clone()).collect()).unwrap_or_default();
                vec![r.name.clone(), "IPv4".into(), list_with_more(ports), list_with_more(ips), age(now, s.meta.creation)]
            }
            None => {
                let Some(g) = written(c, r) else { return vec![r.name.clone()] };
                // `formatDiscoveryPorts`: the number, else the name, else `*`.
                let ports: Vec<String> = g
                    .spec
                    .get("ports")
                    .map(Value::as_seq)
                    .unwrap_or(&[])
                    .iter()
                    .map(|p| match (p.get("port").and_then(Value::as_i64), p.get("name").and_then(Value::as_str)) {
                        (Some(n), _) => n.to_string(),
                        (None, Some(name)) => name.to_string(),
                        (None, None) => "*".into(),
                    })
                    .collect();
                let ips: Vec<String> = g
                    .spec
                    .get("endpoints")
                    .map(Value::as_seq)
                    .unwrap_or(&[])
                    .iter()
                    .flat_map(|e| e.get("addresses").map(Value::as_seq).unwrap_or(&[]))
                    .filter_map(|a| a.as_str().map(String::from))
                    .collect();
                let ty = g.spec.get("addressType").and_then(Value::as_str).unwrap_or("").to_string();
                vec![r.name.clone(), ty, list_with_more(ports), list_with_more(ips), age(now, g.meta.creation)]
            }
        },
        Kind::Event => {
            let e = c.events.by_name(&r.name).expect("listed");
            let mut v = vec![
                age(now, e.last),
                e.kind.as_str().into(),
                e.reason.to_string(),
                format!("{}/{}", e.involved.kind.info().singular, e.involved.name()),
                e.message().into_owned(),
            ];
            if wide {
                v.extend([
                    "".into(),
                    format!("{}{}", e.source, e.host.as_ref().map(|h| format!(", {h}")).unwrap_or_default()),
                    age(now, e.first),
                    e.count.to_string(),
                    e.name(),
                ]);
            }
            v
        }
        kind => {
            let Some(o) = c.store.object(kind, &r.ns, &r.name) else { return vec![r.name.clone()] };
            let a = age(now, o.meta().creation);
            match o {
                Object::Deployment(d) => {
                    let st = d.status.clone().unwrap_or_default();
                    let mut v = vec![
                        r.name.clone(),
                        format!("{}/{}", st.ready_replicas, d.spec.replicas),
                        st.updated_replicas.to_string(),
                        st.available_replicas.to_string(),
                        a,
                    ];
                    if wide {
                        let (n, i, s) = template_columns(&d.spec.template, &d.spec.selector.match_labels);
                        v.extend([n, i, s]);
                    }
                    v
                }
                Object::ReplicaSet(rs) => {
                    let st = rs.status.clone().unwrap_or_default();
                    let mut v =
                        vec![r.name.clone(), rs.spec.replicas.to_string(), st.replicas.to_string(), st.ready_replicas.to_string(), a];
                    if wide {
                        let (n, i, s) = template_columns(&rs.spec.template, &rs.spec.selector.match_labels);
                        v.extend([n, i, s]);
                    }
                    v
                }
                Object::ReplicationController(rc) => {
                    let st = rc.rs.status.clone().unwrap_or_default();
                    let mut v =
                        vec![r.name.clone(), rc.rs.spec.replicas.to_string(), st.replicas.to_string(), st.ready_replicas.to_string(), a];
                    if wide {
                        let (n, i, s) = template_columns(&rc.rs.spec.template, &rc.rs.spec.selector.match_labels);
                        v.extend([n, i, s]);
                    }
                    v
                }
                Object::Budget(b) => {
                    let (min, max) = b.bounds_text();
                    let allowed = b.status.as_ref().map_or(0, |s| s.disruptions_allowed);
                    vec![r.name.clone(), min, max, allowed.to_string(), a]
                }
                Object::DaemonSet(ds) => {
                    // `printDaemonSet`.
                    let st = ds.status.clone().unwrap_or_default();
                    let mut v = vec![
                        r.name.clone(),
                        st.desired_number_scheduled.to_string(),
                        st.current_number_scheduled.to_string(),
                        st.number_ready.to_string(),
                        st.updated_number_scheduled.to_string(),
                        st.number_available.to_string(),
                        ds.spec.node_selector_text(),
                        a,
                    ];
                    if wide {
                        let (n, i, s) = template_columns(&ds.spec.template, &ds.spec.selector.match_labels);
                        v.extend([n, i, s]);
                    }
                    v
                }
                Object::StatefulSet(ss) => {
                    // `printStatefulSet`.
                    let ready = ss.status.as_ref().map_or(0, |s| s.ready_replicas);
                    let mut v = vec![r.name.clone(), format!("{ready}/{}", ss.spec.replicas), a];
                    if wide {
                        let (n, i, _) = template_columns(&ss.spec.template, &ss.spec.selector.match_labels);
                        v.extend([n, i]);
                    }
                    v
                }
                Object::Autoscaler(h) => vec![
                    r.name.clone(),
                    format!("{}/{}", h.spec.target_kind, h.spec.target_name),
                    super::top::hpa_targets(h),
                    if h.spec.min_written() { h.spec.min.to_string() } else { "<unset>".into() },
                    h.spec.max.to_string(),
                    h.status.as_ref().map_or(0, |s| s.current_replicas).to_string(),
                    a,
                ],
                Object::Job(j) => {
                    let duration = j.duration(now).map_or(String::new(), |d| human_duration(d as i64));
                    let mut v = vec![r.name.clone(), j.status_text().into(), j.completions_text(), duration, a];
                    if wide {
                        let (n, i, s) = template_columns(&j.spec.template, &j.spec.selector.match_labels);
                        v.extend([n, i, s]);
                    }
                    v
                }
                Object::CronJob(cj) => {
                    let last = cj.status.last_schedule.map_or("<none>".into(), |t| age(now, t));
                    let mut v = vec![
                        r.name.clone(),
                        cj.spec.schedule.clone(),
                        cj.spec.time_zone.clone().unwrap_or_else(|| "<none>".into()),
                        if cj.spec.suspend { "True" } else { "False" }.into(),
                        cj.status.active.len().to_string(),
                        last,
                        a,
                    ];
                    if wide {
                        let job_spec = cj.spec.job_spec();
                        let template = job_spec.get("template").cloned().unwrap_or(Value::Null);
                        let selector = crate::model::deployment::LabelSelector::from_value(job_spec.get("selector"));
                        let (n, i, s) = template_columns(&template, &selector.match_labels);
                        v.extend([n, i, s]);
                    }
                    v
                }
                Object::Written(g) if kind == Kind::ConfigMap => {
                    vec![r.name.clone(), crate::model::configmap::data_count(g).to_string(), a]
                }
                Object::Written(g) if kind == Kind::Secret => vec![
                    r.name.clone(),
                    crate::model::secret::secret_type(g).to_string(),
                    crate::model::secret::data_count(g).to_string(),
                    a,
                ],
                Object::Written(g) if matches!(kind, Kind::PersistentVolumeClaim | Kind::PersistentVolume | Kind::StorageClass) => {
                    let mut v = super::describe_storage::row(g, a);
                    if wide && kind != Kind::StorageClass {
                        v.push(g.spec.get("volumeMode").and_then(Value::as_str).unwrap_or("<unset>").to_string());
                    }
                    v
                }
                Object::Written(g) if kind == Kind::ControllerRevision => {
                    // `printControllerRevision`: the controller as `kind.group/name`.
                    let controller = g.meta.controller().map_or("<none>".to_string(), |o| {
                        let group = o.api_version.split_once('/').map_or("", |(g, _)| g);
                        let kind = o.kind.to_ascii_lowercase();
                        if group.is_empty() {
                            format!("{kind}/{}", o.name)
                        } else {
                            format!("{kind}.{group}/{}", o.name)
                        }
                    });
                    vec![r.name.clone(), controller, crate::model::controllerrevision::revision(g).to_string(), a]
                }
                Object::Written(g) if crate::model::stored::is_stored(kind) => super::stored::row(c, g, a, wide),
                Object::Written(_) => vec![r.name.clone(), a],
            }
        }
    }
}

/// Parses `kubectl get`'s resource arguments into (kind, names) groups.
pub(super) fn resource_args(positional: &[String]) -> Result<Vec<(Kind, Vec<String>)>, String> {
    let mut groups: Vec<(Kind, Vec<String>)> = Vec::new();
    let push = |groups: &mut Vec<(Kind, Vec<String>)>, k: Kind, name: Option<String>| match groups.iter_mut().find(|(g, _)| *g == k) {
        Some((_, names)) => names.extend(name),
        None => groups.push((k, name.into_iter().collect())),
    };
    let Some(first) = positional.first() else {
        return Err("error: Required resource not specified.".to_string());
    };
    if positional.iter().any(|p| p.contains('/')) {
        for p in positional {
            let Some((t, n)) = p.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
            };
            let k = Kind::from_resource_arg(t).ok_or_else(|| crate::model::served::unknown_resource_type(t))?;
            push(&mut groups, k, Some(n.to_string()));
        }
        return Ok(groups);
    }
    for t in first.split(',') {
        if t == "all" {
            for k in &crate::model::kinds::in_all() {
                push(&mut groups, *k, None);
            }
            continue;
        }
        let k = Kind::from_resource_arg(t).ok_or_else(|| crate::model::served::unknown_resource_type(t))?;
        push(&mut groups, k, None);
    }
    if positional.len() > 1 {
        if groups.len() > 1 {
            return Err("error: arguments in resource/name form must have a single resource and name".into());
        }
        groups[0].1 = positional[1..].to_vec();
    }
    Ok(groups)
}

/// The arguments of a `get` line.
pub(super) fn parse_args(rest: &[String]) -> Result<args::Parsed, String> {
    args::parse(rest, FLAGS, "get")
}

pub fn get(c: &World, rest: &[String]) -> Output {
    get_with_files(c, rest, &super::NoFiles)
}

/// `get` with the files a `-o go-template-file=FILE` reads.
pub fn get_with_files(c: &World, rest: &[String], files: &dyn super::Files) -> Output {
    let p = match parse_args(rest) {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if p.positional.is_empty() {
        return Output::err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
    }
    if p.bool("watch") || p.bool("watch-only") {
        if let Some((crd, _)) = super::custom::target(c, &p.positional) {
            return Output::err(format!(
                "kubeplay: kubectl get --watch of custom resources ({}) is not simulated yet; kubectl get lists them.",
                crd.resource()
            ));
        }
        return super::watch::start(c, &p, rest);
    }
    let all_ns = p.bool("all-namespaces");
    let ns = super::namespace(&p);
    // `--template` alone asks for a Go template, as kubectl's print flags read it.
    let output_flag = match (p.get("output"), p.get("template")) {
        (None, Some(_)) => "go-template",
        (o, _) => o.unwrap_or(""),
    };
    let (output, template) = match output_flag.split_once('=') {
        Some(("jsonpath", t)) => ("jsonpath", t.trim_matches('\'').to_string()),
        Some(("go-template" | "template", t)) => ("go-template", t.to_string()),
        Some(("go-template-file" | "templatefile", path)) => match files.read(path) {
            Ok(t) => ("go-template", t),
            Err(crate::files::FileError::Missing(_)) => {
                return Output::err(format!("error: error reading --template {path}, open {path}: no such file or directory"))
            }
            Err(e) => return Output::err(e.to_string()),
        },
        None if matches!(output_flag, "go-template" | "template") => ("go-template", p.get("template").unwrap_or("").to_string()),
        Some(("custom-columns", t)) => ("custom-columns", t.to_string()),
        None if output_flag == "custom-columns" => ("custom-columns", String::new()),
        _ => (output_flag, String::new()),
    };
    if (output == "jsonpath" || output == "go-template") && template.is_empty() {
        return Output::err("error: template format specified but no template given");
    }
    let go_template = match output {
        "go-template" => match super::gotemplate::Template::parse(&template) {
            Ok(t) => Some(t),
            Err(e) => return Output::err(e),
        },
        _ => None,
    };
    let columns = match output {
        "custom-columns" => match super::columns::parse(&template) {
            Ok(c) => c,
            Err(e) => return Output::err(e),
        },
        _ => Vec::new(),
    };
    if !["", "wide", "yaml", "json", "name", "jsonpath", "custom-columns", "go-template"].contains(&output) {
        return Output::err(format!("error: unable to match a printer suitable for the output format \"{output_flag}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"));
    }
    if let Some((crd, names)) = super::custom::target(c, &p.positional) {
        return super::custom::get(c, &p, &crd, &names, &ns, output, &template);
    }
    let groups = match resource_args(&p.positional) {
        Ok(g) => g,
        Err(e) => return Output::err(e),
    };
    let selector = match groups.first().map(|(kind, _)| p.selector(*kind)).transpose() {
        Ok(s) => s.flatten(),
        Err(e) => return Output::err(e),
    };
    let fields = match p.get("field-selector").map(parse_field_selector) {
        None => vec![],
        Some(Ok(f)) => f,
        Some(Err(e)) => return Output::err(e),
    };
    let is_all = p.positional.first().is_some_and(|f| f.split(',').any(|t| t == "all"));
    let Selection { mut found, mut stderr, named } = select(c, &p, &groups, &ns, selector.as_ref(), &fields);
    if let Some(sort_by) = p.get("sort-by").filter(|s| !s.is_empty()) {
        let table = output.is_empty() || output == "wide";
        let single = named && groups.len() == 1 && groups[0].1.len() == 1;
        let sorted = if table { sort_tables(c, sort_by, &groups, found) } else { sort_list(c, sort_by, found, single) };
        found = match sorted {
            Ok(f) => f,
            Err(e) => return Output::err(e),
        };
    }
    let total: usize = found.iter().map(|(_, r)| r.len()).sum();
    let mut out = Output::default();
    if groups.iter().any(|(k, _)| *k == Kind::Endpoints) {
        out.warnings.push_str(crate::apply::deprecation_warning(Kind::Endpoints).unwrap_or_default());
        out.warnings.push('\n');
    }
    if total == 0 && !named {
        if output == "yaml" || output == "json" {
            out.stdout = list_value(vec![], output);
        } else if output == "jsonpath" || output == "go-template" {
        } else if all_ns || groups.iter().all(|(k, _)| !k.info().namespaced) {
            stderr.push_str("No resources found\n");
        } else {
            stderr.push_str(&format!("No resources found in {ns} namespace.\n"));
        }
        out.stderr = stderr;
        return out;
    }
    // One object named and not found: every printer but the table's returns the error
    // alone, with nothing on standard output (get.go's printGeneric, singleItemImplied).
    // With --ignore-not-found there is no error to print, and nothing failed.
    if total == 0 && named && groups.len() == 1 && groups[0].1.len() == 1 && !output.is_empty() && output != "wide" {
        out.code = i32::from(!stderr.is_empty());
        out.stderr = stderr;
        return out;
    }
    match output {
        "jsonpath" | "go-template" => {
            let values: Vec<Value> = found.iter().flat_map(|(_, refs)| refs.iter().map(|r| to_value(c, r))).collect();
            let single = values.len() == 1 && named && groups.len() == 1 && groups[0].1.len() == 1;
            let subject = if single {
                values.into_iter().next().expect("one value")
            } else {
                // kubectl's UnstructuredList, its resourceVersion read back from the
                // v1 List it built: empty.
                Value::Map(vec![
                    ("apiVersion".into(), Value::str("v1")),
                    ("items".into(), Value::Seq(values)),
                    ("kind".into(), Value::str("List")),
                    ("metadata".into(), Value::Map(vec![("resourceVersion".into(), Value::str(""))])),
                ])
            };
            if let Some(t) = &go_template {
                match t.execute(&subject) {
                    Ok(s) => out.stdout = s,
                    Err((stdout, stderr)) => {
                        out.stdout = stdout;
                        out.stderr = format!("{stderr}\n");
                        out.code = 1;
                        return out;
                    }
                }
            } else {
                match super::jsonpath::print(&template, &subject, allow_missing_keys(&p)) {
                    Ok(s) => out.stdout = s,
                    Err(e) => return Output::err(e),
                }
            }
        }
        "custom-columns" => {
            let values: Vec<Value> = found.iter().flat_map(|(_, refs)| refs.iter().map(|r| to_value(c, r))).collect();
            match super::columns::print(&columns, &values, p.bool("no-headers")) {
                Ok(s) => out.stdout = s,
                Err(e) => return Output::err(e),
            }
        }
        "yaml" | "json" => {
            let values: Vec<Value> = found.iter().flat_map(|(_, refs)| refs.iter().map(|r| to_value(c, r))).collect();
            if values.len() == 1 && named && groups.len() == 1 && groups[0].1.len() == 1 {
                out.stdout = if output == "yaml" { values[0].to_yaml() } else { values[0].to_json_pretty() };
            } else {
                out.stdout = list_value(values, output);
            }
        }
        "name" => {
            for (kind, refs) in &found {
                for r in refs {
                    out.stdout.push_str(&format!("{}/{}\n", kind.type_name(), r.name));
                }
            }
        }
        _ => {
            let shape = Shape::of(&p, output == "wide", is_all || groups.len() > 1);
            let mut sections = Vec::new();
            for (kind, refs) in &found {
                if refs.is_empty() {
                    continue;
                }
                let mut rows = Vec::new();
                if !p.bool("no-headers") {
                    rows.push(shape.header(*kind));
                }
                rows.extend(refs.iter().map(|r| shape.cells(c, r)));
                sections.push(tabwriter::table(&rows));
            }
            out.stdout = sections.join("\n");
        }
    }
    out.stderr = stderr;
    if !out.stderr.is_empty() && out.stderr.contains("Error from server") {
        out.code = 1;
    }
    out
}

/// `--sort-by` for tables: kubectl gets one table per kind listed and one per object
/// named, and sorts each by itself (kinds keep their order; named objects theirs).
fn sort_tables(
    c: &World,
    sort_by: &str,
    groups: &[(Kind, Vec<String>)],
    found: Vec<(Kind, Vec<ObjRef>)>,
) -> Result<Vec<(Kind, Vec<ObjRef>)>, String> {
    let mut out = Vec::new();
    for ((kind, names), (_, refs)) in groups.iter().zip(found) {
        let tables: Vec<Vec<ObjRef>> = if names.is_empty() { vec![refs] } else { refs.into_iter().map(|r| vec![r]).collect() };
        let mut sorted = Vec::new();
        for rows in tables {
            let values: Vec<Value> = rows.iter().map(|r| to_value(c, r)).collect();
            let order = super::sorter::sort_table(sort_by, &values)?;
            sorted.extend(order.into_iter().map(|i| rows[i].clone()));
        }
        out.push((*kind, sorted));
    }
    Ok(out)
}

/// `--sort-by` for the other printers: every object, of every kind, in the one List
/// they print, sorted together; one object named is printed alone, unsorted.
fn sort_list(c: &World, sort_by: &str, found: Vec<(Kind, Vec<ObjRef>)>, single: bool) -> Result<Vec<(Kind, Vec<ObjRef>)>, String> {
    let all: Vec<ObjRef> = found.iter().flat_map(|(_, refs)| refs.iter().cloned()).collect();
    if single && all.len() == 1 {
        return Ok(found);
    }
    let values: Vec<Value> = all.iter().map(|r| to_value(c, r)).collect();
    let order = super::sorter::sort_objects(sort_by, &values)?;
    Ok(order.into_iter().map(|i| (all[i].kind, vec![all[i].clone()])).collect())
}

/// The objects a `get` names or lists, and the errors for names not found.
pub(super) struct Selection {
    pub found: Vec<(Kind, Vec<ObjRef>)>,
    pub stderr: String,
    pub named: bool,
}

pub(super) fn select(
    c: &World,
    p: &args::Parsed,
    groups: &[(Kind, Vec<String>)],
    ns: &str,
    selector: Option<&crate::model::Selector>,
    fields: &[(String, String, bool)],
) -> Selection {
    let all_ns = p.bool("all-namespaces");
    let mut sel = Selection { found: Vec::new(), stderr: String::new(), named: false };
    for (kind, names) in groups {
        let namespaced = kind.info().namespaced;
        let mut refs = Vec::new();
        if names.is_empty() {
            let scope = if all_ns || !namespaced { None } else { Some(ns) };
            refs = list(c, *kind, scope);
            if let Some(s) = selector {
                refs.retain(|r| s.matches(&labels_of(c, r)));
            }
            if !fields.is_empty() {
                refs.retain(|r| field_matches(&to_value(c, r), fields));
            }
        } else {
            sel.named = true;
            for n in names {
                let r = ObjRef { kind: *kind, ns: if namespaced { ns.to_string() } else { String::new() }, name: n.clone() };
                if exists(c, &r) {
                    refs.push(r);
                } else if !p.bool("ignore-not-found") {
                    sel.stderr.push_str(&format!("Error from server (NotFound): {} \"{n}\" not found\n", kind.resource_name()));
                }
            }
        }
        sel.found.push((*kind, refs));
    }
    sel
}

/// `kubectl get events -A` without a line to parse: the page's Events tab shows it from
/// the first view on, while the line parser and the rest of kubectl are in the part of
/// the page fetched on first use. The same table, by the same functions.
pub fn events_all_namespaces(c: &World) -> Output {
    let refs = list(c, Kind::Event, None);
    if refs.is_empty() {
        return Output { stderr: "No resources found\n".into(), ..Output::default() };
    }
    let shape = Shape { wide: false, prefix: false, all_ns: true, labels: false };
    let mut rows = vec![shape.header(Kind::Event)];
    rows.extend(refs.iter().map(|r| shape.cells(c, r)));
    Output { stdout: tabwriter::table(&rows), ..Output::default() }
}

/// How a table's rows are shaped by the flags: wide, namespaces, kinds, labels.
pub(super) struct Shape {
    wide: bool,
    /// `MultipleTypesRequested`: kinds are shown when several types were asked for.
    prefix: bool,
    all_ns: bool,
    labels: bool,
}

impl Shape {
    pub fn of(p: &args::Parsed, wide: bool, several: bool) -> Shape {
        Shape { wide, prefix: several || p.bool("show-kind"), all_ns: p.bool("all-namespaces"), labels: p.bool("show-labels") }
    }

    pub fn header(&self, kind: Kind) -> Vec<String> {
        let mut h: Vec<String> = header(kind, self.wide).into_iter().map(String::from).collect();
        if self.all_ns && kind.info().namespaced {
            h.insert(0, "NAMESPACE".into());
        }
        if self.labels {
            h.push("LABELS".into());
        }
        h
    }

    pub fn cells(&self, c: &World, r: &ObjRef) -> Vec<String> {
        let mut cells = row(c, r, self.wide);
        if self.prefix && r.kind != Kind::Event {
            cells[0] = format!("{}/{}", r.kind.type_name(), cells[0]);
        }
        if self.all_ns && r.kind.info().namespaced {
            cells.insert(0, r.ns.clone());
        }
        if self.labels {
            let l = labels_of(c, r).to_selector_string();
            cells.push(if l.is_empty() { "<none>".into() } else { l });
        }
        cells
    }
}

/// `--field-selector a.b=c,d!=e`: (path, wanted, equal?).
pub(super) fn parse_field_selector(text: &str) -> Result<Vec<(String, String, bool)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (path, value, eq) = if let Some((k, v)) = part.split_once("!=") {
            (k, v, false)
        } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
            (k, v, true)
        } else {
            return Err(format!("error: invalid selector: '{text}'; can't understand '{part}'"));
        };
        out.push((path.trim().to_string(), value.trim().to_string(), eq));
    }
    Ok(out)
}

fn field_matches(v: &Value, fields: &[(String, String, bool)]) -> bool {
    fields.iter().all(|(path, want, eq)| {
        let mut cur = Some(v);
        for part in path.split('.') {
            cur = cur.and_then(|x| x.get(part));
        }
        let got = match cur {
            Some(Value::Str(s)) => s.clone(),
            Some(Value::Int(i)) => i.to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            _ => String::new(),
        };
        (got == *want) == *eq
    })
}

/// `--allow-missing-template-keys`, true unless set false.
pub(super) fn allow_missing_keys(p: &args::Parsed) -> bool {
    p.get("allow-missing-template-keys") != Some("false")
}

fn list_value(items: Vec<Value>, output: &str) -> String {
    let v = Value::Map(vec![
        ("apiVersion".into(), Value::str("v1")),
        ("items".into(), Value::Seq(items)),
        ("kind".into(), Value::str("List")),
        ("metadata".into(), Value::Map(vec![("resourceVersion".into(), Value::str(""))])),
    ]);
    if output == "yaml" {
        v.to_yaml()
    } else {
        v.to_json_pretty()
    }
}
