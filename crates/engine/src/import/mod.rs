//! A real cluster's dump (`kubectl get nodes,all,cm,secret,pvc,pv -A -o yaml`, a `List`)
//! made into what kubeplay applies to an empty cluster: the nodes with their capacity,
//! labels and taints, then the objects in the order their owners adopt them (pods pinned
//! to their nodes, then ReplicaSets, then Deployments). What the API server sets is left
//! for kubeplay's to set again (uid, resourceVersion, managedFields, creation time,
//! ClusterIPs, owner references, status), Secrets' values are dropped unless kept, and
//! what kubeplay does not simulate is left out and named. A dump that is not one is
//! refused whole: nothing is half-imported.

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
}

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
    "Pod",
    "ReplicaSet",
    "ReplicationController",
    "Deployment",
    "DaemonSet",
    "Job",
    "CronJob",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
];

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = v;
    for p in path {
        v = v.get(p)?;
    }
    v.as_str()
}

/// Reads a dump; `keep_secret_values` keeps what the Secrets hold.
pub fn read(text: &str, keep_secret_values: bool) -> Result<Dump, String> {
    if text.len() > yaml::MAX_INPUT_BYTES {
        return Err(format!(
            "the dump is {}; kubeplay imports dumps of up to {} (dump fewer namespaces: kubectl get … -n NAMESPACE -o yaml)",
            mb(text.len()),
            mb(yaml::MAX_INPUT_BYTES)
        ));
    }
    let stream = yaml::parse_stream(text);
    if let Some(e) = &stream.error {
        return Err(format!("the dump is not complete YAML or JSON (was it cut short?): {}", e.message));
    }
    let [doc] = stream.docs.as_slice() else {
        return Err(format!(
            "expected one List (kubectl get nodes,all,cm,secret,pvc,pv -A -o yaml), found {} documents",
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
        return Err(format!("this is not a kubectl dump: expected kind: List with items (kubectl get nodes,all,cm,secret,pvc,pv -A -o yaml); the text has {what}"));
    }
    let mut taken: Vec<(usize, Value)> = Vec::new();
    let mut left: Vec<String> = Vec::new();
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
        let skip = if SYSTEM_NAMESPACES.contains(&ns) {
            Some(format!("{kind} {ns}/{name}: the cluster's own namespace, not simulated"))
        } else if (kind == "Service" && ns == "default" && name == "kubernetes")
            || (kind == "ConfigMap" && name == "kube-root-ca.crt")
            || (kind == "Namespace" && name == "default")
        {
            // What every cluster has: kubeplay's own is already there.
            Some(String::new())
        } else if kind == "Secret" && s(item, &["type"]) == Some("kubernetes.io/service-account-token") {
            Some(format!("Secret {ns}/{name}: a service-account token, which kubeplay does not model"))
        } else if kind == "Pod" && !matches!(owner.as_deref(), None | Some("ReplicaSet")) {
            Some(format!("Pod {ns}/{name}: its {} makes it again", owner.unwrap_or_default()))
        } else if !ORDER.contains(&kind) {
            Some(format!(
                "{kind} {}{name}: kubeplay does not import this kind",
                if ns.is_empty() { String::new() } else { format!("{ns}/") }
            ))
        } else {
            None
        };
        if let Some(why) = skip {
            if !why.is_empty() {
                left.push(why);
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
    report.extend(left.into_iter().map(|l| format!("left out: {l}")));
    let list = Value::Map(vec![
        ("apiVersion".into(), Value::str("v1")),
        ("kind".into(), Value::str("List")),
        ("items".into(), Value::Seq(taken.into_iter().map(|(_, o)| o).collect())),
    ]);
    Ok(Dump { text: list.to_yaml(), report, nodes })
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
    let mut c = crate::Cluster::new(crate::Preset::Cloud, Some(0), seed);
    let report = c.apply_text(&dump.text, "dump.yaml", "default", crate::apply::Mode::Apply);
    if !report.errors.is_empty() {
        let errors: Vec<String> = report.errors.iter().map(|e| e.text.clone()).collect();
        return Err(format!("{}\nnothing was imported", errors.join("\n")));
    }
    Ok((c, dump))
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
        assert!(read("kind: List\nitems:\n- kind: Secret\n  metadata: {name: db}\n  data: {password: c2VjcmV0}\n", true)
            .unwrap()
            .text
            .contains("c2VjcmV0"));
    }
}
