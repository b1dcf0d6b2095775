//! An imported cluster's first entry (the dump's `List`) as a real cluster takes it: kind
//! makes the nodes, so the `Node` objects are not applied but become the kind nodes'
//! labels and taints (`kubectl label`, `kubectl taint`), and pods lose the `nodeName` of a
//! node kind names otherwise (the scheduler places them; their ReplicaSets adopt them).

use crate::model::decode;
use crate::value::Value;
use crate::yaml;

/// Labels the kubelet sets on every node itself.
fn kubelet_label(key: &str) -> bool {
    key.starts_with("beta.kubernetes.io/")
        || key.starts_with("node-role.kubernetes.io/")
        || matches!(key, "kubernetes.io/hostname" | "kubernetes.io/arch" | "kubernetes.io/os")
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = v;
    for p in path {
        v = v.get(p)?;
    }
    v.as_str()
}

/// The kind name of the `i`th worker (kind-worker, kind-worker2, …).
fn kind_worker(i: usize) -> String {
    if i == 0 {
        "kind-worker".into()
    } else {
        format!("kind-worker{}", i + 1)
    }
}

/// The manifest to apply and the script's lines that give kind's workers the imported
/// workers' labels and taints, in the dump's order. `None` when the text is not a List.
pub(super) fn for_kind(list: &str, sh_quote: impl Fn(&str) -> String) -> Option<(String, String)> {
    let stream = yaml::parse_stream(list);
    let mut root = decode::untyped(&stream.docs.first()?.root);
    let Some(Value::Seq(items)) = root.get_mut("items") else { return None };
    let mut lines = String::new();
    let mut workers = 0;
    items.retain_mut(|item| match str_at(item, &["kind"]) {
        Some("Node") => {
            let labels = item.get("metadata").and_then(|m| m.get("labels")).and_then(Value::as_map).cloned().unwrap_or_default();
            if labels.iter().any(|(k, _)| k == "node-role.kubernetes.io/control-plane") {
                return false;
            }
            let kind_name = kind_worker(workers);
            workers += 1;
            let name = str_at(item, &["metadata", "name"]).unwrap_or_default();
            let set: Vec<String> = labels
                .iter()
                .filter(|(k, _)| !kubelet_label(k))
                .map(|(k, v)| sh_quote(&format!("{k}={}", v.as_str().unwrap_or_default())))
                .collect();
            if !set.is_empty() {
                lines.push_str(&format!("kubectl label node {kind_name} {} --overwrite   # {name} in the dump\n", set.join(" ")));
            }
            for t in item.get("spec").and_then(|s| s.get("taints")).map(Value::as_seq).unwrap_or(&[]) {
                let value = str_at(t, &["value"]).map(|v| format!("={v}")).unwrap_or_default();
                let taint = format!("{}{value}:{}", str_at(t, &["key"]).unwrap_or_default(), str_at(t, &["effect"]).unwrap_or_default());
                lines.push_str(&format!("kubectl taint node {kind_name} {}   # {name} in the dump\n", sh_quote(&taint)));
            }
            false
        }
        Some("Pod") => {
            if let Some(spec) = item.get_mut("spec") {
                spec.remove("nodeName");
            }
            true
        }
        _ => true,
    });
    Some((root.to_yaml(), lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_become_label_and_taint_lines_and_pods_lose_their_node() {
        let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: cp-1\n    labels: {node-role.kubernetes.io/control-plane: \"\"}\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: worker-1\n    labels: {kubernetes.io/hostname: worker-1, topology.kubernetes.io/zone: zone-a}\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: worker-2\n  spec:\n    taints:\n    - {key: dedicated, value: batch, effect: NoSchedule}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: web}\n  spec:\n    nodeName: worker-1\n    containers: [{name: c, image: nginx}]\n";
        let (manifest, lines) = for_kind(list, |s| s.to_string()).unwrap();
        assert!(!manifest.contains("kind: Node") && !manifest.contains("nodeName"), "{manifest}");
        assert!(manifest.contains("name: web"), "{manifest}");
        assert_eq!(
            lines,
            "kubectl label node kind-worker topology.kubernetes.io/zone=zone-a --overwrite   # worker-1 in the dump\nkubectl taint node kind-worker2 dedicated=batch:NoSchedule   # worker-2 in the dump\n"
        );
    }
}
