//! Two clusters side by side: the variants a class compares, each built from one text as
//! two texts that differ in one thing, the line diff that shows the difference, and how
//! a pod named in one cluster is found in the other.
//!
//! The texts are edited line by line where the field is written (the value replaced, or
//! a line inserted beside its siblings), so the diff shows the one line a person would
//! change, comments and layout kept. kube-proxy's mode is not in any manifest: it is the
//! `mode` of kube-proxy's own configuration (the `kube-proxy` ConfigMap of kubeadm and
//! kind), so that variant's texts are the same and the diff is of that configuration.

use crate::kubectl::unified;
use crate::proxy::Mode;
use crate::yaml::{self, Node, NodeKind};

/// The comparisons offered in one click, and the one a person writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Every container's `imagePullPolicy`: Always (A) vs IfNotPresent (B).
    PullPolicy,
    /// kube-proxy's mode: iptables (A) vs IPVS (B).
    ProxyMode,
    /// Without (A) and with (B) a HorizontalPodAutoscaler for the first Deployment.
    Hpa,
    /// The first Deployment's `strategy.rollingUpdate.maxSurge`: 0 (A) vs 1 (B).
    MaxSurge,
    /// The same text on both sides, B's to be edited by hand.
    Edited,
}

impl Variant {
    pub const ALL: [Variant; 5] = [Variant::PullPolicy, Variant::ProxyMode, Variant::Hpa, Variant::MaxSurge, Variant::Edited];

    /// A short stable name (for tests and the page's `data-test`).
    pub fn id(self) -> &'static str {
        match self {
            Variant::PullPolicy => "pull-policy",
            Variant::ProxyMode => "proxy-mode",
            Variant::Hpa => "hpa",
            Variant::MaxSurge => "max-surge",
            Variant::Edited => "edited",
        }
    }
}

/// One side of a comparison: its label, its manifests and kube-proxy's mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    pub label: String,
    pub text: String,
    pub proxy: Mode,
}

/// The two sides built from one text.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub variant: Variant,
    pub a: Side,
    pub b: Side,
}

/// kube-proxy's configuration as kubeadm and kind write it, with the mode: what the proxy
/// variant's diff shows.
pub fn proxy_config(mode: Mode) -> String {
    let mode = if mode == Mode::Ipvs { "ipvs" } else { "iptables" };
    format!("apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: \"{mode}\"\n")
}

/// Builds the variant's two sides from `text`, or says why it cannot (no Deployment, a
/// flow-style document it cannot edit by line, a Recreate strategy, …).
pub fn build(variant: Variant, text: &str) -> Result<Pair, String> {
    let side = |label: &str, text: String, proxy: Mode| Side { label: label.to_string(), text, proxy };
    let same = |label_a: &str, label_b: &str, a: String, b: String| {
        Ok(Pair { variant, a: side(label_a, a, Mode::Iptables), b: side(label_b, b, Mode::Iptables) })
    };
    match variant {
        Variant::PullPolicy => {
            let a = set_pull_policy(text, "Always")?;
            let b = set_pull_policy(text, "IfNotPresent")?;
            same("imagePullPolicy: Always", "imagePullPolicy: IfNotPresent", a, b)
        }
        Variant::ProxyMode => Ok(Pair {
            variant,
            a: side("kube-proxy mode: iptables", text.to_string(), Mode::Iptables),
            b: side("kube-proxy mode: ipvs", text.to_string(), Mode::Ipvs),
        }),
        Variant::Hpa => {
            let (a, b) = hpa_pair(text)?;
            same("without an HPA", "with an HPA", a, b)
        }
        Variant::MaxSurge => {
            let a = set_max_surge(text, 0)?;
            let b = set_max_surge(text, 1)?;
            same("maxSurge: 0", "maxSurge: 1", a, b)
        }
        Variant::Edited => same("as written", "edited", text.to_string(), text.to_string()),
    }
}

/// The difference between the two sides as `diff -u` prints it (manifests, then
/// kube-proxy's configuration when the modes differ); empty when there is none.
pub fn diff(a: &Side, b: &Side) -> String {
    let mut out = String::new();
    let mut file = |name: &str, old: &str, new: &str| {
        let hunks = line_diff(old, new);
        if !hunks.is_empty() {
            out.push_str(&format!("--- A/{name}\n+++ B/{name}\n{hunks}"));
        }
    };
    file("manifest.yaml", &a.text, &b.text);
    file("kube-proxy/config.conf", &proxy_config(a.proxy), &proxy_config(b.proxy));
    out
}

/// The hunks of `diff -u` between two texts (the one `kubectl diff` prints).
pub fn line_diff(old: &str, new: &str) -> String {
    unified::hunks(&old.lines().collect::<Vec<_>>(), &new.lines().collect::<Vec<_>>())
}

/// A change to the text: the characters `from..to` of a line replaced, or whole lines
/// inserted before a line.
enum Edit {
    Replace { line: usize, from: usize, to: usize, with: String },
    Insert { before: usize, lines: Vec<String> },
}

impl Edit {
    fn line(&self) -> usize {
        match self {
            Edit::Replace { line, .. } => *line,
            Edit::Insert { before, .. } => *before,
        }
    }
}

/// Applies edits (lines 1-based, columns 1-based in characters), last first so the
/// positions of the earlier ones hold.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.line()));
    for e in edits {
        match e {
            Edit::Replace { line, from, to, with } => {
                if let Some(l) = lines.get_mut(line - 1) {
                    let chars: Vec<char> = l.chars().collect();
                    let from = (from - 1).min(chars.len());
                    let to = (to - 1).min(chars.len()).max(from);
                    *l = chars[..from].iter().collect::<String>() + &with + &chars[to..].iter().collect::<String>();
                }
            }
            Edit::Insert { before, lines: new } => {
                let at = (before - 1).min(lines.len());
                lines.splice(at..at, new);
            }
        }
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The text's documents, or the syntax error that stops it.
fn documents(text: &str) -> Result<Vec<yaml::Document>, String> {
    let stream = yaml::parse_stream(text);
    if let Some(e) = stream.error {
        return Err(format!("line {}: {}", e.span.line, e.message));
    }
    Ok(stream.docs)
}

fn kind_of(root: &Node) -> &str {
    root.get("kind").and_then(Node::scalar).unwrap_or("")
}

fn line_of(text: &str, line: u32) -> Vec<char> {
    text.lines().nth(line as usize - 1).unwrap_or("").chars().collect()
}

/// The edit that writes `with` in place of a scalar value where it is written: a quoted
/// one up to its closing quote, a plain one up to a comment or the end of a flow item.
fn replace_scalar(text: &str, node: &Node, with: &str) -> Edit {
    let chars = line_of(text, node.span.line);
    let start = node.span.col as usize - 1;
    let end = match chars.get(start) {
        Some(&q) if q == '"' || q == '\'' => chars[start + 1..].iter().position(|&c| c == q).map_or(chars.len(), |i| start + i + 2),
        _ => {
            let mut end = chars.len();
            for (i, &c) in chars.iter().enumerate().skip(start) {
                if c == ',' || c == '}' || c == ']' || (c == '#' && i > 0 && chars[i - 1] == ' ') {
                    end = i;
                    break;
                }
            }
            while end > start && chars[end - 1] == ' ' {
                end -= 1;
            }
            end
        }
    };
    Edit::Replace { line: node.span.line as usize, from: start + 1, to: end + 1, with: with.to_string() }
}

/// The line and indentation of a mapping written in block style, where lines can be
/// inserted at its keys' indentation (before its first key). Flow style (`{…}`) is refused
/// by name.
fn block_start(text: &str, map: &Node, what: &str) -> Result<(usize, usize), String> {
    let flow = line_of(text, map.span.line).get(map.span.col as usize - 1) == Some(&'{');
    match &map.kind {
        NodeKind::Map(pairs) if !flow && !pairs.is_empty() => {
            let key = pairs[0].0.span;
            Ok((key.line as usize, key.col as usize - 1))
        }
        _ => {
            Err(format!("line {}: {what} is written in flow style ({{…}}); write it in block style to compare this variant", map.span.line))
        }
    }
}

/// Where a workload kind keeps its pod spec.
fn pod_spec(root: &Node) -> Option<&Node> {
    match kind_of(root) {
        "Pod" => root.get("spec"),
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job" | "ReplicationController" => {
            root.get("spec")?.get("template")?.get("spec")
        }
        "CronJob" => root.get("spec")?.get("jobTemplate")?.get("spec")?.get("template")?.get("spec"),
        _ => None,
    }
}

/// Sets every container's (and init container's) `imagePullPolicy`.
pub fn set_pull_policy(text: &str, policy: &str) -> Result<String, String> {
    let mut edits = vec![];
    for doc in documents(text)? {
        let Some(spec) = pod_spec(&doc.root) else { continue };
        for list in ["initContainers", "containers"] {
            let Some(NodeKind::Seq(containers)) = spec.get(list).map(|n| &n.kind) else { continue };
            for c in containers {
                match c.get("imagePullPolicy") {
                    Some(v) => edits.push(replace_scalar(text, v, policy)),
                    None => {
                        let (_, indent) = block_start(text, c, "a container")?;
                        // Beside the image, else at the container's end.
                        let after = c.get("image").map_or(c.span.line, |i| i.span.line);
                        edits.push(Edit::Insert {
                            before: after as usize + 1,
                            lines: vec![format!("{}imagePullPolicy: {policy}", " ".repeat(indent))],
                        });
                    }
                }
            }
        }
    }
    if edits.is_empty() {
        return Err("no containers in the text: nothing has an imagePullPolicy to compare".into());
    }
    Ok(apply(text, edits))
}

/// The first Deployment's document.
fn first_deployment(docs: &[yaml::Document]) -> Result<&Node, String> {
    docs.iter().map(|d| &d.root).find(|r| kind_of(r) == "Deployment").ok_or_else(|| "no Deployment in the text to compare".to_string())
}

/// Sets the first Deployment's `spec.strategy.rollingUpdate.maxSurge`, writing the
/// strategy when the text leaves it to the defaults.
pub fn set_max_surge(text: &str, surge: i64) -> Result<String, String> {
    let docs = documents(text)?;
    let deployment = first_deployment(&docs)?;
    let spec = deployment.get("spec").ok_or("the Deployment has no spec")?;
    let edit = match spec.get("strategy") {
        Some(strategy) => {
            if strategy.get("type").and_then(Node::scalar) == Some("Recreate") {
                return Err(format!("line {}: the Deployment's strategy is Recreate, which has no maxSurge", strategy.span.line));
            }
            match strategy.get("rollingUpdate") {
                Some(ru) => match ru.get("maxSurge") {
                    Some(v) => replace_scalar(text, v, &surge.to_string()),
                    None => {
                        let (line, indent) = block_start(text, ru, "rollingUpdate")?;
                        Edit::Insert { before: line, lines: vec![format!("{}maxSurge: {surge}", " ".repeat(indent))] }
                    }
                },
                None => {
                    let (line, indent) = block_start(text, strategy, "strategy")?;
                    let pad = " ".repeat(indent);
                    Edit::Insert { before: line, lines: vec![format!("{pad}rollingUpdate:"), format!("{pad}  maxSurge: {surge}")] }
                }
            }
        }
        None => {
            let (line, indent) = block_start(text, spec, "the Deployment's spec")?;
            let pad = " ".repeat(indent);
            Edit::Insert {
                before: line,
                lines: vec![format!("{pad}strategy:"), format!("{pad}  rollingUpdate:"), format!("{pad}    maxSurge: {surge}")],
            }
        }
    };
    Ok(apply(text, vec![edit]))
}

/// The autoscaler B adds: the Kubernetes walkthrough's 50% CPU target, from the
/// Deployment's replicas (at least one) to ten.
pub fn hpa_for(deployment: &str, min: i64) -> String {
    format!(
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {deployment}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {deployment}\n  minReplicas: {min}\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 50\n"
    )
}

/// A without and B with an autoscaler for the first Deployment: when the text has one,
/// A drops that document; else B adds one.
fn hpa_pair(text: &str) -> Result<(String, String), String> {
    let docs = documents(text)?;
    let deployment = first_deployment(&docs)?;
    let name = deployment.get("metadata").and_then(|m| m.get("name")).and_then(Node::scalar).unwrap_or("").to_string();
    let targets = |r: &Node| {
        kind_of(r) == "HorizontalPodAutoscaler"
            && r.get("spec").and_then(|s| s.get("scaleTargetRef")).and_then(|t| t.get("name")).and_then(Node::scalar) == Some(name.as_str())
    };
    match docs.iter().position(|d| targets(&d.root)) {
        Some(i) => Ok((remove_document(text, &docs, i), text.to_string())),
        None => {
            let replicas =
                deployment.get("spec").and_then(|s| s.get("replicas")).and_then(Node::scalar).and_then(yaml::parse_int).unwrap_or(1);
            let mut b = text.trim_end().to_string();
            b.push_str("\n---\n");
            b.push_str(&hpa_for(&name, replicas.max(1)));
            Ok((text.to_string(), b))
        }
    }
}

/// The text without its `i`th document and the `---` that separated it.
fn remove_document(text: &str, docs: &[yaml::Document], i: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let is_sep = |n: usize| lines.get(n.wrapping_sub(1)).is_some_and(|l| l.trim_end() == "---");
    let first = docs[i].first_line as usize;
    let (from, to) = match docs.get(i + 1) {
        // Its lines and the `---` before the next one.
        Some(next) => (first, next.first_line as usize - 1),
        // The last one: its `---` and its lines.
        None if first > 1 && is_sep(first - 1) => (first - 1, lines.len()),
        None => (first, lines.len()),
    };
    let kept: Vec<&str> = lines.iter().enumerate().filter(|(n, _)| *n + 1 < from || *n + 1 > to).map(|(_, l)| *l).collect();
    let mut out = kept.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The pod of `theirs` that stands where `name` stands in `ours`: the same name when it
/// is there, else the one at the same place among the pods of the same name stem (a
/// ReplicaSet's pods differ by its template hash and their random suffix).
pub fn counterpart(name: &str, ours: &[String], theirs: &[String]) -> Option<String> {
    if theirs.iter().any(|t| t == name) {
        return Some(name.to_string());
    }
    let parts: Vec<&str> = name.split('-').collect();
    for drop in 1..=2usize.min(parts.len().saturating_sub(1)) {
        let stem = format!("{}-", parts[..parts.len() - drop].join("-"));
        let like = |n: &&String| n.starts_with(&stem) && n.split('-').count() == parts.len();
        let mut mine: Vec<&String> = ours.iter().filter(like).collect();
        let mut other: Vec<&String> = theirs.iter().filter(like).collect();
        mine.sort();
        other.sort();
        if let (Some(at), false) = (mine.iter().position(|n| *n == name), other.is_empty()) {
            return Some(other[at.min(other.len() - 1)].clone());
        }
    }
    None
}

/// A line typed for one side, its pod names (`NAME` or `pod/NAME`) turned into the other
/// side's.
pub fn map_line(line: &str, ours: &[String], theirs: &[String]) -> String {
    line.split(' ')
        .map(|word| {
            let (prefix, name) = word.strip_prefix("pod/").map_or(("", word), |n| ("pod/", n));
            match ours.iter().any(|o| o == name).then(|| counterpart(name, ours, theirs)).flatten() {
                Some(other) => format!("{prefix}{other}"),
                None => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "# a comment kept\napiVersion : apps/v1\nkind: Deployment\nmetadata:\n  name: spring-deployment\nspec:\n  replicas: 3 # three\n  selector:\n    matchLabels:\n      app: backend-app\n  template:\n    metadata:\n      labels:\n        app: backend-app\n    spec:\n      containers:\n        - name:  spring-container\n          image: spring-server\n          imagePullPolicy : IfNotPresent\n          ports:\n            - containerPort : 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: spring-service\nspec:\n  selector:\n    app: backend-app\n  ports:\n  - port: 8080\n";

    #[test]
    fn pull_policy_changes_the_one_line_written() {
        let p = build(Variant::PullPolicy, SEED).unwrap();
        assert!(p.a.text.contains("          imagePullPolicy : Always\n"));
        assert!(p.b.text.contains("          imagePullPolicy : IfNotPresent\n"));
        assert!(p.a.text.starts_with("# a comment kept\n"), "comments are kept");
        assert_eq!(
            diff(&p.a, &p.b),
            "--- A/manifest.yaml\n+++ B/manifest.yaml\n@@ -16,7 +16,7 @@\n       containers:\n         - name:  spring-container\n           image: spring-server\n-          imagePullPolicy : Always\n+          imagePullPolicy : IfNotPresent\n           ports:\n             - containerPort : 8080\n ---\n"
        );
    }

    #[test]
    fn pull_policy_is_inserted_beside_the_image_when_unwritten() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n  - image: busybox\n    name: b\n";
        let out = set_pull_policy(text, "Always").unwrap();
        assert_eq!(out, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: nginx\n    imagePullPolicy: Always\n  - image: busybox\n    imagePullPolicy: Always\n    name: b\n");
        let quoted =
            set_pull_policy("kind: Pod\nspec:\n  containers:\n  - image: x\n    imagePullPolicy: \"Never\" # why\n", "Always").unwrap();
        assert!(quoted.ends_with("    imagePullPolicy: Always # why\n"), "{quoted}");
    }

    #[test]
    fn a_flow_style_container_or_no_container_is_refused_by_name() {
        let flow = "kind: Pod\nspec:\n  containers: [{name: a, image: nginx}]\n";
        assert!(set_pull_policy(flow, "Always").unwrap_err().contains("flow style"));
        assert!(set_pull_policy("kind: Service\n", "Always").unwrap_err().contains("no containers"));
        assert!(set_pull_policy("a: [\n", "Always").unwrap_err().starts_with("line "));
    }

    #[test]
    fn max_surge_is_written_where_the_strategy_goes() {
        let p = build(Variant::MaxSurge, SEED).unwrap();
        assert!(p.a.text.contains("spec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n  replicas: 3 # three\n"), "{}", p.a.text);
        assert!(p.b.text.contains("      maxSurge: 1\n"));
        assert_eq!(line_diff(&p.a.text, &p.b.text).lines().filter(|l| l.starts_with(['-', '+'])).count(), 2);
        let written = "kind: Deployment\nspec:\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n      maxSurge: 25%\n";
        assert!(set_max_surge(written, 0).unwrap().ends_with("      maxUnavailable: 1\n      maxSurge: 0\n"));
        let no_ru = "kind: Deployment\nspec:\n  strategy:\n    type: RollingUpdate\n";
        assert_eq!(
            set_max_surge(no_ru, 1).unwrap(),
            "kind: Deployment\nspec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 1\n    type: RollingUpdate\n"
        );
        let recreate = "kind: Deployment\nspec:\n  strategy:\n    type: Recreate\n";
        assert!(set_max_surge(recreate, 1).unwrap_err().contains("Recreate"));
        assert!(set_max_surge("kind: Pod\n", 1).unwrap_err().contains("no Deployment"));
    }

    #[test]
    fn the_hpa_is_added_to_b_or_dropped_from_a() {
        let p = build(Variant::Hpa, SEED).unwrap();
        assert_eq!(p.a.text, SEED);
        assert!(p.b.text.ends_with(&format!("  - port: 8080\n---\n{}", hpa_for("spring-deployment", 3))));
        assert!(p.b.text.contains("  minReplicas: 3\n"));
        // A text that has one: A goes without it, B keeps it.
        let q = build(Variant::Hpa, &p.b.text).unwrap();
        assert_eq!(q.a.text, SEED);
        assert_eq!(q.b.text, p.b.text);
        // An autoscaler in the middle takes its `---` with it.
        let middle = format!("{}---\n{}---\nkind: ConfigMap\n", SEED, hpa_for("spring-deployment", 1));
        let r = build(Variant::Hpa, &middle).unwrap();
        assert_eq!(r.a.text, format!("{SEED}---\nkind: ConfigMap\n"));
    }

    #[test]
    fn the_proxy_variant_differs_in_kube_proxy_configuration_only() {
        let p = build(Variant::ProxyMode, SEED).unwrap();
        assert_eq!(p.a.text, p.b.text);
        assert_eq!((p.a.proxy, p.b.proxy), (Mode::Iptables, Mode::Ipvs));
        let d = diff(&p.a, &p.b);
        assert!(d.starts_with("--- A/kube-proxy/config.conf\n"), "{d}");
        assert!(d.contains("-mode: \"iptables\"\n+mode: \"ipvs\"\n"));
        let e = build(Variant::Edited, SEED).unwrap();
        assert_eq!(diff(&e.a, &e.b), "");
    }

    #[test]
    fn a_pod_is_found_by_its_name_stem() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let a = s(&["web-7d9f-abcde", "web-7d9f-fghij", "db-0"]);
        let b = s(&["web-55c4-zzzzz", "web-55c4-kkkkk", "db-0"]);
        assert_eq!(counterpart("web-7d9f-abcde", &a, &b).as_deref(), Some("web-55c4-kkkkk"));
        assert_eq!(counterpart("web-7d9f-fghij", &a, &b).as_deref(), Some("web-55c4-zzzzz"));
        assert_eq!(counterpart("db-0", &a, &b).as_deref(), Some("db-0"));
        assert_eq!(counterpart("lonely", &a, &b), None);
        assert_eq!(map_line("kubectl delete pod web-7d9f-fghij pod/db-0", &a, &b), "kubectl delete pod web-55c4-zzzzz pod/db-0");
        assert_eq!(map_line("kubectl get  pods", &a, &b), "kubectl get  pods");
    }

    /// The comparison the page runs, on two clusters: one built, the other its copy,
    /// each given its side's text; a pod killed on both; the kubelet's events differ.
    #[test]
    fn killed_pods_pull_again_under_always_and_not_under_if_not_present() {
        use crate::files::NoFiles;
        use crate::{Action, Cluster, Preset};
        let mut a = Cluster::new(Preset::DockerDesktop, None, 1);
        let dockerfile = include_str!("../../../examples/seed/Dockerfile.fixed").to_string();
        // The seed's build context (its jar), as lessons have it.
        let context = crate::lesson::LessonFiles::new(&[]);
        a.perform(&Action::Build { dockerfile, tag: "spring-server".into() }, &context);
        let mut b = a.clone();
        let p = build(Variant::PullPolicy, SEED).unwrap();
        for (c, side) in [(&mut a, &p.a), (&mut b, &p.b)] {
            let apply =
                Action::Apply { text: side.text.clone(), source: "manifest.yaml".into(), namespace: "default".into(), create: false };
            c.perform(&apply, &NoFiles);
            c.perform(&Action::Advance(60_000), &NoFiles);
        }
        let pods = |c: &Cluster| {
            c.read("kubectl get pods -o name").text().lines().map(|l| l.trim_start_matches("pod/").to_string()).collect::<Vec<_>>()
        };
        let (pa, pb) = (pods(&a), pods(&b));
        assert_eq!((pa.len(), pb.len()), (3, 3));
        let victim = pa[0].clone();
        let other = counterpart(&victim, &pa, &pb).unwrap();
        let events = |c: &mut Cluster, pod: &str| {
            let before = pods(c);
            c.perform(&Action::Kubectl { line: format!("kubectl delete pod {pod} --wait=false"), files: vec![] }, &NoFiles);
            c.perform(&Action::Advance(30_000), &NoFiles);
            let new = pods(c).into_iter().find(|p| !before.contains(p)).expect("a replacement");
            c.read(&format!("kubectl get events --field-selector involvedObject.name={new}")).text()
        };
        let (ea, eb) = (events(&mut a, &victim), events(&mut b, &other));
        assert!(ea.contains("Pulling image \"spring-server\""), "{ea}");
        assert!(!ea.contains("already present on machine"), "{ea}");
        assert!(eb.contains("Container image \"spring-server\" already present on machine"), "{eb}");
        assert!(!eb.contains("Pulling"), "{eb}");
    }
}
