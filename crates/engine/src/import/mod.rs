//! A real cluster's dump (`kubectl get nodes,all,cm,secret,pvc,pv,ingress -A -o yaml`, a `List`)
//! made into what kubeplay applies to an empty cluster: the nodes with their capacity,
//! labels and taints, then the objects in the order their owners adopt them (pods pinned
//! to their nodes, then ReplicaSets, then Deployments). What the API server sets is left
//! for kubeplay's to set again (uid, resourceVersion, managedFields, creation time,
//! ClusterIPs, owner references, status), Secrets' values are dropped unless kept, and
//! what kubeplay does not simulate is left out and named. A dump that is not one is
//! refused whole: nothing is half-imported.

use crate::actions::Action;
use crate::model::decode;
use crate::value::Value;
use crate::yaml;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dump {
    /// A `List` of what to apply, in order.
    pub text: String,
    /// Objects taken, by kind, and what was left out and why: for the user to read.
    pub report: Vec<String>,
    pub nodes: usize,
    /// The same as `report`, as data: what the page lists.
    pub summary: Summary,
}

/// What an import took and left, as data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Objects taken, by kind, in the order they are applied.
    pub kinds: Vec<(String, usize)>,
    pub nodes: Vec<NodeShape>,
    /// Secrets whose values were dropped.
    pub secrets_dropped: usize,
    /// What was left out (`Kind namespace/name`) and why.
    pub left_out: Vec<(String, String)>,
}

/// A node as the dump gave it: its capacity and taints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeShape {
    pub name: String,
    pub cpu: String,
    pub memory: String,
    pub pods: String,
    /// `key=value:Effect`, as kubectl describe writes them.
    pub taints: Vec<String>,
}

/// The source the dump's `List` is applied from: the first entry of an imported
/// cluster's log, which is how a replay knows the log began with an import.
pub const SOURCE: &str = "dump.yaml";

/// Namespaces whose pods the cluster itself runs (CoreDNS, kube-proxy, the CNI, the
/// storage provisioner), which kubeplay does not simulate.
const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "kube-public", "kube-node-lease", "local-path-storage"];

/// The kinds imported, in the order they are applied.
const ORDER: &[&str] = &[
    "Namespace",
    "Node",
    "StorageClass",
    "PersistentVolume",
    "ConfigMap",
    "Secret",
    "PersistentVolumeClaim",
    "Service",
    "Ingress",
    "Pod",
    "ReplicaSet",
    "ReplicationController",
    "Deployment",
    "DaemonSet",
    "StatefulSet",
    "Job",
    "CronJob",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
];

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}

/// A quantity as the dump wrote it (`"4"`, `4`, `8029180Ki`).
fn scalar(v: Option<&Value>) -> String {
    match v {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

fn node_shape(node: &Value) -> NodeShape {
    let capacity = node.get("status").and_then(|s| s.get("capacity"));
    let taints = node
        .get("spec")
        .and_then(|s| s.get("taints"))
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .map(|t| {
            let value = s(t, &["value"]).map(|v| format!("={v}")).unwrap_or_default();
            format!("{}{value}:{}", s(t, &["key"]).unwrap_or_default(), s(t, &["effect"]).unwrap_or_default())
        })
        .collect();
    NodeShape {
        name: s(node, &["metadata", "name"]).unwrap_or_default().to_string(),
        cpu: scalar(capacity.and_then(|c| c.get("cpu"))),
        memory: scalar(capacity.and_then(|c| c.get("memory"))),
        pods: scalar(capacity.and_then(|c| c.get("pods"))),
        taints,
    }
}

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = v;
    for p in path {
        v = v.get(p)?;
    }
    v.as_str()
}

/// Why a dump of `bytes` is refused unread, if it is too large: the page asks before
/// reading a file.
pub fn too_large(bytes: usize) -> Option<String> {
    (bytes > yaml::MAX_INPUT_BYTES).then(|| {
        format!(
            "the dump is {}; kubeplay imports dumps of up to {} (dump fewer namespaces: kubectl get … -n NAMESPACE -o yaml)",
            mb(bytes),
            mb(yaml::MAX_INPUT_BYTES)
        )
    })
}

/// Reads a dump; `keep_secret_values` keeps what the Secrets hold.
pub fn read(text: &str, keep_secret_values: bool) -> Result<Dump, String> {
    if let Some(e) = too_large(text.len()) {
        return Err(e);
    }
    let stream = yaml::parse_stream(text);
    if let Some(e) = &stream.error {
        return Err(format!("the dump is not complete YAML or JSON (was it cut short?): {}", e.message));
    }
    let [doc] = stream.docs.as_slice() else {
        return Err(format!(
            "expected one List (kubectl get nodes,all,cm,secret,pvc,pv,ingress -A -o yaml), found {} documents",
            stream.docs.len()
        ));
    };
    let root = decode::untyped(&doc.root);
    if s(&root, &["kind"]) != Some("List") || !matches!(root.get("items"), Some(Value::Seq(_))) {
        let what = match (s(&root, &["kind"]), root.get("services")) {
            (_, Some(_)) => "a Docker Compose file (convert it with kompose convert or kubeplay compose)".to_string(),
            (Some(k), _) => format!("one {k}, not a List"),
            (None, _) => "no kind: List".to_string(),
        };
        return Err(format!("this is not a kubectl dump: expected kind: List with items (kubectl get nodes,all,cm,secret,pvc,pv,ingress -A -o yaml); the text has {what}"));
    }
    let mut taken: Vec<(usize, Value)> = Vec::new();
    let mut left: Vec<(String, String)> = Vec::new();
    let mut secrets_dropped = 0;
    for (i, item) in root.get("items").map(Value::as_seq).unwrap_or(&[]).iter().enumerate() {
        let (Some(kind), Some(name)) = (s(item, &["kind"]), s(item, &["metadata", "name"])) else {
            return Err(format!("item {} of the List has no kind or metadata.name: is this a kubectl dump?", i + 1));
        };
        let ns = s(item, &["metadata", "namespace"]).unwrap_or("");
        let owner = item
            .get("metadata")
            .and_then(|m| m.get("ownerReferences"))
            .map(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .find(|o| o.get("controller").and_then(Value::as_bool) == Some(true))
            .and_then(|o| s(o, &["kind"]))
            .map(str::to_string);
        let what = format!("{kind} {}{name}", if ns.is_empty() { String::new() } else { format!("{ns}/") });
        let skip = if SYSTEM_NAMESPACES.contains(&ns) {
            Some("the cluster's own namespace, not simulated".to_string())
        } else if (kind == "Service" && ns == "default" && name == "kubernetes")
            || (kind == "ConfigMap" && name == "kube-root-ca.crt")
            || (kind == "Namespace" && name == "default")
        {
            // What every cluster has: kubeplay's own is already there.
            Some(String::new())
        } else if kind == "Secret" && s(item, &["type"]) == Some("kubernetes.io/service-account-token") {
            Some("a service-account token, which kubeplay does not model".to_string())
        } else if kind == "Pod" && !matches!(owner.as_deref(), None | Some("ReplicaSet")) {
            Some(format!("its {} makes it again", owner.unwrap_or_default()))
        } else if !ORDER.contains(&kind) {
            Some("kubeplay does not import this kind".to_string())
        } else {
            None
        };
        if let Some(why) = skip {
            if !why.is_empty() {
                left.push((what, why));
            }
            continue;
        }
        let mut obj = item.clone();
        clean(&mut obj, kind);
        if kind == "Secret" && !keep_secret_values {
            for field in ["data", "stringData"] {
                if let Some(Value::Map(m)) = obj.get_mut(field) {
                    for (_, v) in m.iter_mut() {
                        *v = Value::str("");
                    }
                    secrets_dropped += 1;
                }
            }
        }
        let rank = ORDER.iter().position(|k| *k == kind).unwrap_or(ORDER.len());
        taken.push((rank, obj));
    }
    taken.sort_by_key(|(rank, _)| *rank);
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (_, o) in &taken {
        let k = s(o, &["kind"]).unwrap_or_default().to_string();
        match counts.iter_mut().find(|(c, _)| *c == k) {
            Some(c) => c.1 += 1,
            None => counts.push((k, 1)),
        }
    }
    let nodes = counts.iter().find(|(k, _)| k == "Node").map(|(_, n)| *n).unwrap_or(0);
    let shapes = taken.iter().filter(|(_, o)| s(o, &["kind"]) == Some("Node")).map(|(_, o)| node_shape(o)).collect();
    let mut report = vec![format!(
        "imported {}",
        if counts.is_empty() {
            "nothing".to_string()
        } else {
            counts.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ")
        }
    )];
    if secrets_dropped > 0 {
        report.push(format!("Secrets' values dropped ({secrets_dropped} Secret(s) keep their keys with empty values)"));
    }
    report.extend(left.iter().map(|(what, why)| format!("left out: {what}: {why}")));
    let list = Value::Map(vec![
        ("apiVersion".into(), Value::str("v1")),
        ("kind".into(), Value::str("List")),
        ("items".into(), Value::Seq(taken.into_iter().map(|(_, o)| o).collect())),
    ]);
    let summary = Summary { kinds: counts, nodes: shapes, secrets_dropped, left_out: left };
    Ok(Dump { text: list.to_yaml(), report, nodes, summary })
}

/// What the API server and the controllers set, taken out so kubeplay's set it again.
fn clean(obj: &mut Value, kind: &str) {
    if let Some(meta) = obj.get_mut("metadata") {
        for f in ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink", "ownerReferences"] {
            meta.remove(f);
        }
        if let Some(a) = meta.get_mut("annotations") {
            a.remove("kubectl.kubernetes.io/last-applied-configuration");
        }
    }
    // A node's capacity is in its status; every other status is the cluster's to write.
    if kind != "Node" {
        obj.remove("status");
    }
    if kind == "Service" {
        if let Some(spec) = obj.get_mut("spec") {
            for f in ["clusterIP", "clusterIPs"] {
                // A headless Service keeps `None`.
                if spec.get(f).and_then(Value::as_str) != Some("None") {
                    spec.remove(f);
                }
            }
            if let Some(Value::Seq(ports)) = spec.get_mut("ports") {
                for p in ports {
                    p.remove("nodePort");
                }
            }
        }
    }
    if kind == "PersistentVolume" {
        if let Some(r) = obj.get_mut("spec").and_then(|s| s.get_mut("claimRef")) {
            r.remove("uid");
            r.remove("resourceVersion");
        }
    }
    if kind == "Job" {
        // The Job controller's generated selector and labels name the old uid.
        if let Some(spec) = obj.get_mut("spec") {
            spec.remove("selector");
            if let Some(l) = spec.get_mut("template").and_then(|t| t.get_mut("metadata")).and_then(|m| m.get_mut("labels")) {
                for k in ["controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name"] {
                    l.remove(k);
                }
            }
        }
        if let Some(l) = obj.get_mut("metadata").and_then(|m| m.get_mut("labels")) {
            for k in ["controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name"] {
                l.remove(k);
            }
        }
    }
}

/// A cluster built from a dump: an empty one (the cloud preset's behaviour, no nodes of
/// its own) to which the dump's nodes and objects are applied as one List. If anything
/// in it is refused, the errors are returned and no cluster: nothing is half-imported.
pub fn into_cluster(text: &str, keep_secret_values: bool, seed: u64) -> Result<(crate::Cluster, Dump), String> {
    let dump = read(text, keep_secret_values)?;
    let c = start(&dump.text, seed)?;
    Ok((c, dump))
}

/// The cluster a read dump's `List` (`Dump::text`) makes: its log is that one apply, so
/// the same seed and log make it again (a rewind, a share link, a recovery).
pub fn start(list: &str, seed: u64) -> Result<crate::Cluster, String> {
    let mut c = crate::Cluster::new(crate::Preset::Cloud, Some(0), seed);
    let report = c.apply_text(list, SOURCE, "default", crate::apply::Mode::Apply);
    if !report.errors.is_empty() {
        let errors: Vec<String> = report.errors.iter().map(|e| e.text.clone()).collect();
        return Err(format!("{}\nnothing was imported", errors.join("\n")));
    }
    Ok(c)
}

/// When `log` began with an import (its first entry the dump's apply, as `start` records
/// it): the imported `List` and the rest of the log.
pub fn split(log: &[Action]) -> Option<(&str, &[Action])> {
    match log.split_first()? {
        (Action::Apply { text, source, namespace, create: false }, rest) if source == SOURCE && namespace == "default" => {
            Some((text.as_str(), rest))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_dumps_are_refused_whole_with_a_reason() {
        let big = "a".repeat(yaml::MAX_INPUT_BYTES + 1);
        assert!(read(&big, false).unwrap_err().contains("kubeplay imports dumps of up to"));
        assert!(read("apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata: {name: \"a\n", false)
            .unwrap_err()
            .contains("cut short"));
        assert!(read("services:\n  web:\n    image: nginx\n", false).unwrap_err().contains("Docker Compose"));
        assert!(read("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n", false).unwrap_err().contains("one Pod, not a List"));
        assert!(read("kind: List\nitems:\n- kind: Pod\n", false).unwrap_err().contains("item 1"));
    }

    #[test]
    fn server_fields_go_and_secrets_lose_their_values() {
        let d = read(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: db\n    namespace: default\n    uid: 1234\n    resourceVersion: \"99\"\n    managedFields: []\n  data:\n    password: c2VjcmV0\n",
            false,
        )
        .unwrap();
        assert!(!d.text.contains("c2VjcmV0") && !d.text.contains("uid") && !d.text.contains("managedFields"), "{}", d.text);
        assert!(d.text.contains("password: \"\""), "{}", d.text);
        assert_eq!(d.report[0], "imported 1 Secret");
        assert_eq!(d.summary.kinds, vec![("Secret".to_string(), 1)]);
        assert_eq!(d.summary.secrets_dropped, 1);
        assert!(read("kind: List\nitems:\n- kind: Secret\n  metadata: {name: db}\n  data: {password: c2VjcmV0}\n", true)
            .unwrap()
            .text
            .contains("c2VjcmV0"));
    }

    #[test]
    fn the_summary_names_nodes_with_capacity_and_taints_and_what_was_left_out() {
        let d = read(
            "kind: List\nitems:\n- kind: Node\n  metadata: {name: w1}\n  spec:\n    taints:\n    - {key: dedicated, value: batch, effect: NoSchedule}\n    - {key: gpu, effect: NoExecute}\n  status:\n    capacity: {cpu: 2, memory: 4005892Ki, pods: \"110\"}\n- kind: Pod\n  metadata: {name: coredns, namespace: kube-system}\n",
            false,
        )
        .unwrap();
        assert_eq!(
            d.summary.nodes,
            vec![NodeShape {
                name: "w1".into(),
                cpu: "2".into(),
                memory: "4005892Ki".into(),
                pods: "110".into(),
                taints: vec!["dedicated=batch:NoSchedule".into(), "gpu:NoExecute".into()],
            }]
        );
        assert_eq!(
            d.summary.left_out,
            vec![("Pod kube-system/coredns".to_string(), "the cluster's own namespace, not simulated".to_string())]
        );
        assert_eq!(d.report[1], "left out: Pod kube-system/coredns: the cluster's own namespace, not simulated");
    }

    #[test]
    fn an_imported_log_is_known_by_its_first_entry_and_replays_to_the_same_cluster() {
        let (c, dump) = into_cluster(
            "kind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: w1}\n  status:\n    capacity: {cpu: \"2\", memory: 4Gi, pods: \"110\"}\n",
            false,
            7,
        )
        .unwrap();
        let (list, rest) = split(c.log()).expect("the log begins with the import");
        assert_eq!(list, dump.text);
        assert!(rest.is_empty());
        let again = start(list, 7).unwrap();
        assert_eq!(crate::actions::to_json(again.log()), crate::actions::to_json(c.log()));
        assert!(again.store.nodes.iter().any(|(_, n)| n.meta.name == "w1"));
        let plain = crate::Cluster::new(crate::Preset::Cloud, None, 7);
        assert!(split(plain.log()).is_none());
    }

    #[test]
    fn statefulsets_and_ingresses_are_imported() {
        let (c, dump) = into_cluster(
            "kind: List\nitems:\n- apiVersion: networking.k8s.io/v1\n  kind: Ingress\n  metadata: {name: web, namespace: default}\n  spec:\n    rules:\n    - host: web.example\n      http:\n        paths:\n        - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n  status:\n    loadBalancer:\n      ingress:\n      - ip: 203.0.113.9\n- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata: {name: db, namespace: default}\n  spec:\n    serviceName: db\n    replicas: 1\n    selector: {matchLabels: {app: db}}\n    template:\n      metadata: {labels: {app: db}}\n      spec:\n        containers: [{name: db, image: postgres:16}]\n",
            false,
            1,
        )
        .unwrap();
        assert_eq!(dump.summary.kinds, vec![("Ingress".to_string(), 1), ("StatefulSet".to_string(), 1)]);
        assert!(c.read("kubectl get ingress web").text().contains("web.example"));
        assert!(c.read("kubectl get statefulset db").text().contains("db "));
    }
}
