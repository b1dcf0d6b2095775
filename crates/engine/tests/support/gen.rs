//! Inputs generated from kubeplay's own tables: manifests walked from the schema
//! (`engine::model::schema`) for every kind the cluster serves and some it does not, kubectl
//! lines from the interpreter's flag tables, the CLI's simulator lines, and `Action`
//! values. Right and wrong types, missing and unknown fields, extreme values, duplicate
//! keys, odd text.
//!
//! It has no dependency of its own: every choice comes from a `Choices`, which the
//! property tests make from a proptest tape of numbers (`Tape`) and the fuzz targets from
//! `arbitrary::Unstructured`. Choice 0 is always the plainest one, so a tape that runs dry
//! (or shrinks toward zeros) gives a simple, mostly valid input.
//!
//! Included with `#[path]` by `crates/engine/tests/schema_fuzz.rs`, the CLI's script test
//! and the fuzz targets, so it reads the kubectl sources with `include_str!` relative to
//! this file.
#![allow(dead_code)]

use engine::model::schema::{self, Ty};
use engine::yaml::{Node, NodeKind};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Where choices come from. `below(n)` is in `0..n`; 0 when the source is exhausted.
pub trait Choices {
    fn below(&mut self, n: usize) -> usize;
}

/// A fixed list of numbers, read in turn (the property tests' source).
pub struct Tape {
    data: Vec<u32>,
    at: usize,
}

impl Tape {
    pub fn new(data: Vec<u32>) -> Tape {
        Tape { data, at: 0 }
    }
}

impl Choices for Tape {
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 || self.at >= self.data.len() {
            self.at += 1;
            return 0;
        }
        self.at += 1;
        self.data[self.at - 1] as usize % n
    }
}

/// The generator: a source of choices and the dials of one input.
pub struct Gen<'a> {
    src: &'a mut dyn Choices,
    /// Percent chance that a value is wrong (type, range, text) or a field is dropped.
    pub mutate: usize,
    /// Percent chance that an optional field is written, at the top of an object.
    pub optional: usize,
    /// Percent chance that a number or quantity is an extreme one while the document
    /// stays well formed, so that values the API server accepts reach the controllers.
    pub extreme: usize,
    /// Nodes left for this document, so documents stay small.
    budget: usize,
}

impl<'a> Gen<'a> {
    pub fn new(src: &'a mut dyn Choices) -> Gen<'a> {
        Gen { src, mutate: 0, optional: 0, extreme: 0, budget: 0 }
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.src.below(n.max(1))
    }

    /// True with `pct` percent chance; never when the source is exhausted.
    pub fn maybe(&mut self, pct: usize) -> bool {
        pct > 0 && self.below(100) >= 100 - pct.min(100)
    }

    pub fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[self.below(items.len())]
    }

    /// One of `normal`, or with the mutation rate one of `odd`.
    fn choose(&mut self, normal: &[&str], odd: &[&str]) -> String {
        if !odd.is_empty() && (normal.is_empty() || self.maybe(self.mutate)) {
            return self.odd_or(odd);
        }
        self.pick(normal).to_string()
    }

    /// One of `odd`, or one of the shared odd strings.
    fn odd_or(&mut self, odd: &[&str]) -> String {
        if self.maybe(30) {
            return self.odd_string();
        }
        self.pick(odd).to_string()
    }

    /// Text that breaks assumptions: empty, long, Unicode that changes length when its
    /// case changes, bidi controls, control characters (escaped when rendered).
    pub fn odd_string(&mut self) -> String {
        match self.below(26) {
            0 => String::new(),
            1 => "a".repeat(63),
            2 => "a".repeat(64),
            3 => "a".repeat(253),
            4 => "a".repeat(254),
            5 => "x".repeat(1000 + self.below(3000)),
            6 => "ab".repeat(40_000),
            7 => "nginх".into(),
            8 => "日本語".into(),
            9 => "a\u{202e}b".into(),
            10 => "İstanbul".into(),
            11 => "straße".into(),
            12 => "🚀".into(),
            13 => "e\u{301}".into(),
            14 => "a\0b".into(),
            15 => "\u{1}\u{7f}\u{1b}[31m".into(),
            16 => "line\nbreak".into(),
            17 => "tab\there".into(),
            18 => "cr\rhere".into(),
            19 => "\u{85}\u{2028}\u{2029}".into(),
            20 => "\u{feff}bom".into(),
            21 => "<script>alert(1)</script>".into(),
            22 => " leading and trailing ".into(),
            23 => "-".into(),
            24 => "{{.}}%s%n$(x)`y`".into(),
            _ => "'\"\\".into(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// A document as a tree, rendered to YAML or JSON text.

#[derive(Clone, Debug, PartialEq)]
pub enum Y {
    Null,
    /// A plain scalar written exactly as given (numbers, booleans, `~`, odd spellings).
    Plain(String),
    /// A string, quoted when it has to be (or when the renderer chooses to).
    Str(String),
    Map(Vec<(Y, Y)>),
    Seq(Vec<Y>),
}

impl Y {
    pub fn key(k: &str) -> Y {
        Y::Str(k.to_string())
    }

    pub fn map(pairs: Vec<(&str, Y)>) -> Y {
        Y::Map(pairs.into_iter().map(|(k, v)| (Y::key(k), v)).collect())
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Y> {
        match self {
            Y::Map(pairs) => pairs.iter_mut().rev().find(|(k, _)| *k == Y::key(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Counts the nodes, for size bounds in tests.
    pub fn size(&self) -> usize {
        match self {
            Y::Map(p) => 1 + p.iter().map(|(k, v)| k.size() + v.size()).sum::<usize>(),
            Y::Seq(s) => 1 + s.iter().map(Y::size).sum::<usize>(),
            _ => 1,
        }
    }
}

/// Converts a parsed node (a skeleton) to a tree.
fn from_node(n: &Node) -> Y {
    match &n.kind {
        NodeKind::Null => Y::Null,
        NodeKind::Scalar { text, plain: true } if engine::yaml::resolve_plain(text) != engine::yaml::Resolved::Str => {
            Y::Plain(text.clone())
        }
        NodeKind::Scalar { text, .. } => Y::Str(text.clone()),
        NodeKind::Seq(items) => Y::Seq(items.iter().map(from_node).collect()),
        NodeKind::Map(pairs) => Y::Map(pairs.iter().map(|(k, v)| (from_node(k), from_node(v))).collect()),
    }
}

/// How a string is written: plain when YAML would read it back as the same string.
fn plain_ok(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_alphabetic() || first == '/')
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
        && engine::yaml::resolve_plain(s) == engine::yaml::Resolved::Str
}

/// A double-quoted scalar; `raw` leaves control characters unescaped (so the text holds
/// them as they are, which YAML refuses).
fn double_quoted(s: &str, raw: bool, json: bool) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ if raw => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' if !json => out.push_str("\\0"),
            '\u{85}' if !json => out.push_str("\\N"),
            '\u{2028}' if !json => out.push_str("\\L"),
            '\u{2029}' if !json => out.push_str("\\P"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Style decisions for one rendering.
pub struct Style {
    /// Whole document as JSON.
    pub json: bool,
    /// Percent chance that a block collection is written in flow style instead.
    pub flow: usize,
    /// Lists under a key indented (`ports:\n  - a`) or not (`ports:\n- a`).
    pub indent_seqs: bool,
    /// Strings quoted even when plain would do.
    pub quote_all: bool,
    /// Control characters written raw inside quotes.
    pub raw_controls: bool,
    /// Indentation step.
    pub step: usize,
}

impl Gen<'_> {
    pub fn style(&mut self) -> Style {
        Style {
            json: self.maybe(10),
            flow: *self.pick(&[0, 0, 10, 50]),
            indent_seqs: self.maybe(50),
            quote_all: self.maybe(10),
            raw_controls: self.maybe(3),
            step: if self.maybe(10) { *self.pick(&[1, 4, 8]) } else { 2 },
        }
    }

    pub fn render(&mut self, y: &Y, st: &Style) -> String {
        let mut out = String::new();
        if st.json {
            self.flow_text(y, st, &mut out);
            out.push('\n');
        } else {
            self.block(y, 0, st, &mut out);
        }
        out
    }

    fn scalar_text(&mut self, y: &Y, st: &Style, out: &mut String) {
        match y {
            Y::Null => out.push_str(if st.json { "null" } else { self.pick::<&str>(&["null", "~", "null", "Null"]) }),
            Y::Plain(t) => out.push_str(t),
            Y::Str(s) => {
                if !st.json && !st.quote_all && plain_ok(s) {
                    out.push_str(s)
                } else if !st.json && !s.contains(['\'', '\n', '\r']) && s.chars().all(|c| !c.is_control()) && self.maybe(20) {
                    out.push('\'');
                    out.push_str(s);
                    out.push('\'');
                } else {
                    out.push_str(&double_quoted(s, st.raw_controls, st.json))
                }
            }
            _ => unreachable!("collections are not scalars"),
        }
    }

    fn flow_text(&mut self, y: &Y, st: &Style, out: &mut String) {
        match y {
            Y::Map(pairs) => {
                out.push('{');
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    match k {
                        Y::Str(s) if st.json => out.push_str(&double_quoted(s, false, true)),
                        _ => self.flow_text(k, st, out),
                    }
                    out.push_str(": ");
                    self.flow_text(v, st, out);
                }
                out.push('}');
            }
            Y::Seq(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.flow_text(v, st, out);
                }
                out.push(']');
            }
            Y::Str(s) if !st.json && !plain_ok(s) => out.push_str(&double_quoted(s, st.raw_controls, false)),
            other => self.scalar_text(other, st, out),
        }
    }

    fn key_text(&mut self, k: &Y, st: &Style, out: &mut String) {
        match k {
            Y::Map(_) | Y::Seq(_) => self.flow_text(k, st, out),
            other => self.scalar_text(other, st, out),
        }
    }

    fn is_block(&mut self, y: &Y, st: &Style) -> bool {
        let non_empty = matches!(y, Y::Map(p) if !p.is_empty()) || matches!(y, Y::Seq(s) if !s.is_empty());
        non_empty && !self.maybe(st.flow)
    }

    /// Writes `y` as block YAML whose lines start at column `indent`.
    fn block(&mut self, y: &Y, indent: usize, st: &Style, out: &mut String) {
        match y {
            Y::Map(pairs) if !pairs.is_empty() => {
                for (k, v) in pairs {
                    out.push_str(&" ".repeat(indent));
                    self.key_text(k, st, out);
                    out.push(':');
                    if self.is_block(v, st) {
                        out.push('\n');
                        let child = match v {
                            Y::Seq(_) if !st.indent_seqs => indent,
                            _ => indent + st.step,
                        };
                        self.block(v, child, st, out);
                    } else {
                        out.push(' ');
                        self.flow_text(v, st, out);
                        out.push('\n');
                    }
                }
            }
            Y::Seq(items) if !items.is_empty() => {
                for item in items {
                    out.push_str(&" ".repeat(indent));
                    out.push_str("- ");
                    if self.is_block(item, st) {
                        // The item's first line goes after the dash.
                        let mut inner = String::new();
                        self.block(item, indent + 2, st, &mut inner);
                        out.push_str(&inner[indent + 2..]);
                    } else {
                        self.flow_text(item, st, out);
                        out.push('\n');
                    }
                }
            }
            other => {
                out.push_str(&" ".repeat(indent));
                self.flow_text(other, st, out);
                out.push('\n');
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Kinds: the ones the cluster serves (from `engine::model::kinds::KINDS`) and some it does
// not know yet, with a skeleton that makes a valid object of each.

/// Types of kinds kubeplay does not serve, in the schema's own notation; the types they
/// name (`ObjectMeta`, `PodTemplateSpec`, …) come from the engine's schema.
const EXTRA_SCHEMA: &str = r#"
Widget: apiVersion:str kind:str metadata:ObjectMeta spec:WidgetSpec
WidgetSpec: size:int color:str parts:[str]
"#;

/// Kinds the engine does not serve, with their real apiVersion (`Widget` is a made-up
/// custom resource).
pub const UNKNOWN_KINDS: &[(&str, &str)] = &[("Widget", "example.com/v1")];

fn parse_ty(word: &'static str) -> Ty {
    if let Some(inner) = word.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
        return Ty::Seq(Box::new(parse_ty(inner)));
    }
    match word {
        "str" => Ty::Str,
        "int" => Ty::I32,
        "i64" => Ty::I64,
        "bool" => Ty::Bool,
        "obj" => Ty::Obj,
        "smap" => Ty::StrMap,
        name => Ty::Struct(name),
    }
}

fn extra_fields() -> &'static HashMap<&'static str, Vec<(&'static str, Ty)>> {
    static T: OnceLock<HashMap<&'static str, Vec<(&'static str, Ty)>>> = OnceLock::new();
    T.get_or_init(|| {
        EXTRA_SCHEMA
            .lines()
            .filter_map(|l| l.split_once(": "))
            .map(|(name, rest)| {
                let fields = rest.split_whitespace().filter_map(|f| f.split_once(':')).map(|(f, t)| (f, parse_ty(t))).collect();
                (name, fields)
            })
            .collect()
    })
}

/// The fields of a type: the engine's schema first, then the extra kinds'.
pub fn fields_of(type_name: &str) -> Option<&'static [(&'static str, Ty)]> {
    schema::fields(type_name).map(|f| f.as_slice()).or_else(|| extra_fields().get(type_name).map(Vec::as_slice))
}

/// Every kind the generator writes: (kind, apiVersion, served by kubeplay).
pub fn all_kinds() -> Vec<(&'static str, &'static str, bool)> {
    let mut out: Vec<(&str, &str, bool)> = engine::model::kinds::KINDS.iter().map(|k| (k.name, k.api_version, true)).collect();
    out.push(("HorizontalPodAutoscaler", "autoscaling/v1", true));
    out.extend(UNKNOWN_KINDS.iter().map(|(k, v)| (*k, *v, false)));
    out
}

/// A valid object of each kind, which the generator follows when it is not mutating.
fn skeleton_text(kind: &str) -> &'static str {
    const TEMPLATE: &str = "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n        resources:\n          requests: {cpu: 100m}\n";
    static DEPLOYMENT: OnceLock<String> = OnceLock::new();
    static STATEFUL: OnceLock<String> = OnceLock::new();
    static DAEMONSET: OnceLock<String> = OnceLock::new();
    match kind {
        "Pod" => "metadata:\n  name: pod\n  labels: {app: web}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n",
        "Deployment" | "ReplicaSet" => {
            DEPLOYMENT.get_or_init(|| format!("metadata:\n  name: web\nspec:\n  replicas: 2\n{TEMPLATE}"))
        }
        "DaemonSet" => DAEMONSET.get_or_init(|| format!("metadata:\n  name: agent\nspec:\n{TEMPLATE}")),
        "StatefulSet" => STATEFUL.get_or_init(|| format!("metadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 1\n{TEMPLATE}")),
        "Service" => "metadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: 80\n",
        "HorizontalPodAutoscaler" => "metadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 4\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target: {type: Utilization, averageUtilization: 50}\n",
        "HorizontalPodAutoscalerV1" => "metadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 4\n  targetCPUUtilizationPercentage: 50\n",
        "Endpoints" => "metadata:\n  name: ext\nsubsets:\n- addresses:\n  - ip: 192.0.2.42\n  ports:\n  - port: 80\n",
        "EndpointSlice" => "metadata:\n  name: ext-1\n  labels: {kubernetes.io/service-name: ext}\naddressType: IPv4\nendpoints:\n- addresses: [192.0.2.42]\n  conditions: {ready: true}\nports:\n- port: 80\n",
        "Namespace" => "metadata:\n  name: team\n",
        "Node" => "metadata:\n  name: extra-node\n  labels: {disktype: ssd}\nstatus:\n  capacity: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n",
        "Event" => "metadata:\n  name: ev\ninvolvedObject: {kind: Pod, name: pod}\nreason: Test\n",
        "ConfigMap" => "metadata:\n  name: cfg\ndata:\n  key: value\n",
        "Secret" => "metadata:\n  name: s\ntype: Opaque\nstringData:\n  password: hunter2\n",
        "PersistentVolumeClaim" => "metadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests: {storage: 1Gi}\n",
        "PersistentVolume" => "metadata:\n  name: pv1\nspec:\n  capacity: {storage: 5Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/data}\n",
        "StorageClass" => "metadata:\n  name: fast\nprovisioner: example.com/fast\nvolumeBindingMode: WaitForFirstConsumer\n",
        "Job" => "metadata:\n  name: once\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox:1.36\n",
        "CronJob" => "metadata:\n  name: tick\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: c\n            image: busybox:1.36\n",
        "Ingress" => "metadata:\n  name: web\nspec:\n  rules:\n  - host: example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {service: {name: web, port: {number: 80}}}\n",
        "NetworkPolicy" => "metadata:\n  name: deny\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n",
        "Role" => "metadata:\n  name: reader\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get, list]\n",
        "CustomResourceDefinition" => "metadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              size: {type: integer, minimum: 0, maximum: 100}\n              color: {type: string, enum: [red, green, blue]}\n              parts: {type: array, items: {type: string, pattern: '^[a-z]+$'}}\n",
        "Widget" => "metadata:\n  name: w\nspec:\n  size: 3\n",
        "APIService" => "metadata:\n  name: v1beta1.metrics.k8s.io\nspec:\n  group: metrics.k8s.io\n  version: v1beta1\n  groupPriorityMinimum: 100\n  versionPriority: 100\n  service: {name: metrics-server, namespace: kube-system}\n",
        "ServiceAccount" => "metadata:\n  name: builder\nautomountServiceAccountToken: false\n",
        "RoleBinding" | "ClusterRoleBinding" => "metadata:\n  name: read-pods\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n- {kind: ServiceAccount, name: default, namespace: default}\n",
        "ClusterRole" => "metadata:\n  name: \"system:reader\"\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get, list]\n",
        "PriorityClass" => "metadata:\n  name: high\nvalue: 1000\nglobalDefault: false\ndescription: urgent work\n",
        "Lease" => "metadata:\n  name: leader\nspec:\n  holderIdentity: pod-a\n  leaseDurationSeconds: 15\n",
        "IngressClass" => "metadata:\n  name: nginx\nspec:\n  controller: k8s.io/ingress-nginx\n",
        "RuntimeClass" => "metadata:\n  name: sandboxed\nhandler: runsc\n",
        "ResourceQuota" => "metadata:\n  name: q\nspec:\n  hard: {pods: \"10\", requests.cpu: \"2\"}\n",
        "LimitRange" => "metadata:\n  name: limits\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 500m}\n",
        "ReplicationController" => "metadata:\n  name: old\nspec:\n  replicas: 2\n  selector: {app: old}\n  template:\n    metadata:\n      labels: {app: old}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n",
        "PodDisruptionBudget" => "metadata:\n  name: web\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n",
        "ControllerRevision" => "metadata:\n  name: web-1\ndata:\n  spec: {}\nrevision: 1\n",
        _ => "metadata:\n  name: thing\n",
    }
}

fn skeleton(kind: &str) -> Node {
    let stream = engine::yaml::parse_stream(skeleton_text(kind));
    assert!(stream.error.is_none(), "skeleton of {kind}: {:?}", stream.error);
    stream.docs.into_iter().next().map(|d| d.root).expect("a skeleton has a document")
}

fn hint<'n>(h: Option<&'n Node>, key: &str) -> Option<&'n Node> {
    h.and_then(|n| n.get(key))
}

fn hint_text(h: Option<&Node>) -> Option<&str> {
    h.and_then(Node::scalar)
}

// ---------------------------------------------------------------------------------------
// Values by schema type. Normal values first (valid for the field where the field has a
// known set), then odd ones.

const ODD_INTS: &[&str] = &[
    "-1",
    "0",
    "65535",
    "65536",
    "2147483647",
    "-2147483648",
    "2147483648",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "99999999999999999999",
    "1.5",
    "-0.0",
    "1e3",
    "1e400",
    "0x10",
    "0b11",
    "010",
    "0o17",
    "+5",
    "-0",
    "1_000",
    ".inf",
    "-.inf",
    ".nan",
];

/// Odd numbers for a field: replica counts (and a Job's parallelism and completions)
/// leave out the huge valid ones, which make the cluster create up to `MAX_PODS` pods (seconds per case in a debug build; the corpus
/// tests cover that limit).
fn odd_ints(field: &str) -> &'static [&'static str] {
    match field {
        "replicas" | "minReplicas" | "maxReplicas" | "parallelism" | "completions" => {
            &["-1", "0", "1000", "2147483648", "9223372036854775807", "1.5", "1e3", "0x10", "+5", ".nan"]
        }
        _ => ODD_INTS,
    }
}

const ODD_QUANTITIES: &[&str] = &[
    "0",
    "-1",
    "-100m",
    "1e3",
    "1E1000",
    "1e-9",
    "0.0000000001",
    "9223372036854775807",
    "9223372036854775807k",
    "99999999999999999999Ki",
    "18446744073709551616",
    "1Ei",
    "8Ei",
    "1.5.5",
    "lots",
    "",
    "+1",
    ".5",
    "5.",
    "1m1",
    "0x10",
    "1 Gi",
];

const LABEL_KEYS: &[&str] = &["app", "tier", "app.kubernetes.io/name", "kubernetes.io/service-name", "disktype"];
const ODD_LABEL_KEYS: &[&str] =
    &["", "a/b/c", "UPPER", "-x", "x-", "example.com/", "/x", "ünï", "a b", "a:b", "kubernetes.io/", "a..b/c", "*"];
const LABEL_VALUES: &[&str] = &["web", "front", "", "v1.2-3", "ssd"];

fn str_choices(owner: &str, field: &str) -> &'static [&'static str] {
    match (owner, field) {
        ("ServiceSpec", "type") => &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "Headless"],
        ("DeploymentStrategy", "type") => &["RollingUpdate", "Recreate", "Blue"],
        ("MetricSpec", "type") => &["Resource", "Pods", "Object", "External", "ContainerResource", "Cpu"],
        ("MetricTarget", "type") => &["Utilization", "AverageValue", "Value", "Percent"],
        ("HPAScalingPolicy", "type") => &["Pods", "Percent", "Replicas"],
        ("Secret", "type") => &["Opaque", "kubernetes.io/tls", "bogus"],
        ("ResourceMetricSource", "name") => &["cpu", "memory", "gpu"],
        ("CrossVersionObjectReference", "kind") => &["Deployment", "ReplicaSet", "StatefulSet", "Pod", "Bogus"],
        ("CrossVersionObjectReference", "apiVersion") | ("OwnerReference", "apiVersion") => &["apps/v1", "v1", "apps/v2", ""],
        ("OwnerReference", "kind") | ("ObjectReference", "kind") => &["ReplicaSet", "Deployment", "Pod", "Node"],
        ("ServiceSpec", "clusterIP") => &["None", "", "10.96.0.50", "10.96.0.1", "bogus", "192.168.0.1"],
        ("ServiceSpec", "externalName") => &["example.com", "", "not a host"],
        ("EndpointSlice", "addressType") => &["IPv4", "IPv6", "FQDN", "IPv5"],
        ("ObjectMeta", "namespace") => &["default", "kube-system", "team", "missing", ""],
        ("ObjectMeta", "generateName") => &["web-", "", "x"],
        ("Taint", "key") | ("Toleration", "key") => &["node.kubernetes.io/not-ready", "dedicated", "node-role.kubernetes.io/control-plane"],
        (_, "restartPolicy") => &["Always", "OnFailure", "Never", "Sometimes"],
        (_, "imagePullPolicy") => &["IfNotPresent", "Always", "Never", "Maybe"],
        (_, "dnsPolicy") => &["ClusterFirst", "Default", "None", "ClusterFirstWithHostNet"],
        (_, "protocol") => &["TCP", "UDP", "SCTP", "HTTP"],
        (_, "operator") => &["In", "NotIn", "Exists", "DoesNotExist", "Equal", "Gt", "Lt"],
        (_, "effect") => &["NoSchedule", "PreferNoSchedule", "NoExecute", "Never"],
        (_, "image") => IMAGES,
        (_, "ip") => &["192.0.2.42", "10.1.2.3", "127.0.0.1", "::1", "999.1.1.1", "0.0.0.0", "169.254.169.254", "2001:db8::1"],
        (_, "addresses") => &["192.0.2.42", "10.1.2.3", "fe80::1", "not-an-ip"],
        (_, "sessionAffinity") => &["None", "ClientIP", "Sticky"],
        (_, "externalTrafficPolicy") | (_, "internalTrafficPolicy") => &["Cluster", "Local", "Global"],
        (_, "ipFamilyPolicy") => &["SingleStack", "PreferDualStack", "RequireDualStack", "Triple"],
        (_, "ipFamilies") => &["IPv4", "IPv6", "IPv5"],
        (_, "whenUnsatisfiable") => &["DoNotSchedule", "ScheduleAnyway", "Maybe"],
        (_, "scheme") => &["HTTP", "HTTPS", "GOPHER"],
        (_, "path") | (_, "mountPath") => &["/", "/healthz", "/data", "relative", ""],
        (_, "selectPolicy") => &["Max", "Min", "Disabled", "Avg"],
        (_, "topologyKey") => &["kubernetes.io/hostname", "topology.kubernetes.io/zone", ""],
        (_, "nodeName") => &["kind-worker", "kind-worker2", "kind-control-plane", "missing-node"],
        (_, "schedulerName") => &["default-scheduler", "my-scheduler"],
        (_, "terminationMessagePolicy") => &["File", "FallbackToLogsOnError", "Never"],
        (_, "preemptionPolicy") => &["PreemptLowerPriority", "Never", "Always"],
        (_, "priorityClassName") => &["system-node-critical", "high", ""],
        (_, "name") => &["web", "c", "a", "web-2", "http", "data"],
        (_, "key") => LABEL_KEYS,
        (_, "values") => &["web", "a", "b"],
        (_, "podCIDR") | (_, "podCIDRs") => &["10.244.1.0/24", "bogus"],
        (_, "schedule") => &["*/5 * * * *", "@hourly", "61 * * * *"],
        (_, "stopSignal") => &["SIGTERM", "SIGKILL", "SIGBOGUS"],
        (_, "command") | (_, "args") => COMMANDS,
        (_, "serviceAccountName") | (_, "serviceAccount") => &["default", "robot"],
        (_, "hostname") | (_, "subdomain") => &["web-0", "sub", "Bad_Host"],
        _ => &["web", "value", "a", "x-1"],
    }
}

fn int_choices(owner: &str, field: &str) -> &'static [&'static str] {
    match (owner, field) {
        (_, "replicas") => &["2", "1", "3", "0", "5"],
        (_, "containerPort") | (_, "port") | (_, "targetPort") => &["80", "8080", "443", "9376"],
        (_, "nodePort") => &["30080", "30000", "32767", "30001"],
        (_, "hostPort") => &["8080", "0"],
        (_, "minReplicas") => &["1", "2"],
        (_, "maxReplicas") => &["4", "3", "10"],
        (_, "averageUtilization") => &["50", "80", "10"],
        (_, "weight") => &["1", "50", "100"],
        (_, "maxSkew") | (_, "successThreshold") | (_, "failureThreshold") => &["1", "3"],
        (_, "priority") => &["0", "1000"],
        (_, "terminationGracePeriodSeconds") => &["30", "0", "5"],
        _ => &["1", "0", "5", "30", "10"],
    }
}

fn qty_choices(field: &str) -> &'static [&'static str] {
    match field {
        "memory" => &["64Mi", "128Mi", "1Gi", "500M"],
        "pods" => &["110", "10"],
        "cpu" => &["100m", "250m", "1", "0.5", "2"],
        _ => &["1", "100m", "64Mi"],
    }
}

impl Gen<'_> {
    fn optional_pct(&self, depth: usize) -> usize {
        self.optional >> (depth / 3).min(8)
    }

    /// A value of the wrong shape for `ty`.
    fn wrong(&mut self, ty: &Ty) -> Y {
        let options: Vec<Y> = vec![
            Y::Str("three".into()),
            Y::Plain("42".into()),
            Y::Plain(self.pick(&["true", "yes", "off", "n"]).to_string()),
            Y::Null,
            Y::map(vec![("a", Y::Str("b".into()))]),
            Y::Seq(vec![Y::Str("a".into())]),
            Y::Map(vec![]),
            Y::Seq(vec![]),
            Y::Plain(self.pick(&["1.5", "-1", "1e3", ".nan"]).to_string()),
            Y::Str(String::new()),
        ];
        let mut v = options[self.below(options.len())].clone();
        // A wrong value that happens to be right (a map for a struct) is fine: it is a
        // value of the type with other contents.
        if matches!((ty, &v), (Ty::Struct(_) | Ty::Obj, Y::Map(_))) && self.maybe(50) {
            v = Y::Str("not an object".into());
        }
        v
    }

    /// Nesting of maps or lists, about `levels` deep (the engine refuses beyond 100).
    pub fn deep(&mut self, levels: usize) -> Y {
        let seq = self.maybe(50);
        let mut v = Y::Plain("1".into());
        for _ in 0..levels {
            v = if seq { Y::Seq(vec![v]) } else { Y::map(vec![("a", v)]) };
        }
        v
    }

    fn anything(&mut self, depth: usize) -> Y {
        if self.budget == 0 || depth > 12 {
            return Y::Plain("1".into());
        }
        self.budget -= 1;
        match self.below(8) {
            0 => Y::map(vec![]),
            1 => Y::Str(self.odd_string()),
            2 => Y::Plain(self.pick(ODD_INTS).to_string()),
            3 => Y::Null,
            4 => {
                let n = self.below(4);
                Y::Seq((0..n).map(|_| self.anything(depth + 1)).collect())
            }
            5 => {
                let n = self.below(4);
                let keys = ["a", "b", "name", "spec", "x"];
                Y::Map((0..n).map(|i| (Y::key(keys[i % keys.len()]), self.anything(depth + 1))).collect())
            }
            6 => {
                let levels = *self.pick(&[5, 40, 90, 97, 98, 99, 100, 101, 120]);
                self.deep(levels)
            }
            _ => Y::Str("value".into()),
        }
    }

    /// A value for `field` of struct `owner`, of type `ty`, following `hint` (a node of the
    /// kind's skeleton) unless mutating.
    pub fn value(&mut self, ty: &Ty, owner: &str, field: &str, h: Option<&Node>, depth: usize) -> Y {
        if self.budget == 0 && h.is_none() {
            return Y::Null;
        }
        self.budget = self.budget.saturating_sub(1);
        if self.maybe(self.mutate / 2) {
            return self.wrong(ty);
        }
        match ty {
            Ty::Str | Ty::Time => {
                if *ty == Ty::Time && !self.maybe(self.mutate) {
                    return Y::Str(self.pick(&["2025-05-24T10:00:00Z", "1970-01-01T00:00:00Z"]).to_string());
                }
                match hint_text(h) {
                    Some(t) if !self.maybe(self.mutate) => Y::Str(t.to_string()),
                    _ => {
                        let normal = str_choices(owner, field);
                        let s = self.choose(normal, &["Web", "a_b", "-a", "a.", "..", "web-", "0"]);
                        Y::Str(s)
                    }
                }
            }
            Ty::I32 | Ty::I64 if self.maybe(self.extreme) => Y::Plain(self.pick(odd_ints(field)).to_string()),
            Ty::I32 | Ty::I64 => match hint_text(h) {
                Some(t) if !self.maybe(self.mutate) => Y::Plain(t.to_string()),
                _ => Y::Plain(self.choose(int_choices(owner, field), odd_ints(field))),
            },
            Ty::Bool => Y::Plain(self.choose(&["true", "false"], &["yes", "No", "on", "TRUE", "1", "y"])),
            Ty::Num => Y::Plain(self.choose(&["1.5", "0", "2"], &[".inf", ".nan", "1e308", "-1e-308"])),
            Ty::IntOrStr => match hint_text(h) {
                Some(t) if !self.maybe(self.mutate) => Y::Plain(t.to_string()),
                _ => {
                    if self.maybe(50) {
                        Y::Plain(self.choose(&["80", "8080", "1", "0"], ODD_INTS))
                    } else {
                        Y::Str(self.choose(
                            &["http", "25%", "50%", "1"],
                            &["120%", "-5%", "%", "abc%", "1.5%", "", "HTTP_PORT", "a".repeat(16).as_str()],
                        ))
                    }
                }
            },
            Ty::Quantity => {
                let q = match hint_text(h) {
                    _ if self.maybe(self.extreme) => self.pick(ODD_QUANTITIES).to_string(),
                    Some(t) if !self.maybe(self.mutate) => t.to_string(),
                    _ => self.choose(qty_choices(field), ODD_QUANTITIES),
                };
                if engine::yaml::resolve_plain(&q) == engine::yaml::Resolved::Int && self.maybe(50) {
                    Y::Plain(q)
                } else {
                    Y::Str(q)
                }
            }
            Ty::StrMap => {
                let mut pairs: Vec<(Y, Y)> = match h.map(|n| &n.kind) {
                    Some(NodeKind::Map(p)) => p.iter().map(|(k, v)| (from_node(k), from_node(v))).collect(),
                    _ => vec![],
                };
                let extra = if self.maybe(self.optional_pct(depth) + self.mutate) { 1 + self.below(3) } else { 0 };
                for _ in 0..extra {
                    let k = self.choose(LABEL_KEYS, ODD_LABEL_KEYS);
                    let v = if self.maybe(self.mutate) {
                        match self.below(4) {
                            0 => Y::Plain(self.pick(&["yes", "1", "true", "~"]).to_string()),
                            // A ConfigMap's or Secret's data past the API server's 1 MiB.
                            1 if matches!(owner, "ConfigMap" | "Secret") => Y::Str("x".repeat(*self.pick(&[64, 1_048_577]))),
                            1 => Y::Str("x".repeat(*self.pick(&[63, 64, 300_000]))),
                            _ => Y::Str(self.odd_string()),
                        }
                    } else {
                        Y::Str(self.pick(LABEL_VALUES).to_string())
                    };
                    pairs.push((Y::Str(k), v));
                }
                Y::Map(pairs)
            }
            Ty::BytesMap => {
                let mut pairs: Vec<(Y, Y)> = match h.map(|n| &n.kind) {
                    Some(NodeKind::Map(p)) => p.iter().map(|(k, v)| (from_node(k), from_node(v))).collect(),
                    _ => vec![],
                };
                let extra = if self.maybe(self.optional_pct(depth) + self.mutate) { 1 + self.below(3) } else { 0 };
                for _ in 0..extra {
                    // `app` is also a key the text maps get: a ConfigMap may hold it twice.
                    let k =
                        self.choose(&["password", "tls.crt", "config.json", ".dockerconfigjson", "app"], &["bad key", "..data", "", "a/b"]);
                    let v = if self.maybe(self.mutate) {
                        match self.below(3) {
                            0 => Y::Plain(self.pick(&["1234", "true", "~"]).to_string()),
                            1 => Y::Str(self.pick(&["hunter2", "YQ=", "abc", "YWRtaW4=\n"]).to_string()),
                            _ => Y::Str(self.odd_string()),
                        }
                    } else {
                        Y::Str(self.pick(&["aHVudGVyMg==", "YWRtaW4=", "", "e30="]).to_string())
                    };
                    pairs.push((Y::Str(k), v));
                }
                Y::Map(pairs)
            }
            Ty::QtyMap => {
                let mut pairs: Vec<(Y, Y)> = match h.map(|n| &n.kind) {
                    Some(NodeKind::Map(p)) => p.iter().map(|(k, v)| (from_node(k), from_node(v))).collect(),
                    _ => vec![],
                };
                let extra = if self.maybe(self.optional_pct(depth) + self.mutate) { 1 + self.below(2) } else { 0 };
                for _ in 0..extra {
                    let k = self.choose(&["cpu", "memory", "pods", "ephemeral-storage"], &["nvidia.com/gpu", "hugepages-2Mi", "bogus", ""]);
                    let v = self.value(&Ty::Quantity, owner, &k, None, depth + 1);
                    pairs.push((Y::Str(k), v));
                }
                Y::Map(pairs)
            }
            Ty::Obj => match h {
                Some(n) if !self.maybe(self.mutate) => from_node(n),
                _ if self.maybe(self.mutate) => self.anything(depth),
                _ => Y::map(vec![]),
            },
            Ty::Any => self.anything(depth),
            Ty::Seq(inner) => {
                let mut items = Vec::new();
                if let Some(NodeKind::Seq(hs)) = h.map(|n| &n.kind) {
                    for item in hs {
                        if !self.maybe(self.mutate / 2) {
                            items.push(self.value(inner, owner, field, Some(item), depth + 1));
                        }
                    }
                }
                if self.maybe(self.optional_pct(depth)) {
                    for _ in 0..1 + self.below(3) {
                        let seed = h.and_then(|n| match &n.kind {
                            NodeKind::Seq(hs) => hs.first(),
                            _ => None,
                        });
                        items.push(self.value(inner, owner, field, seed, depth + 1));
                    }
                }
                Y::Seq(items)
            }
            Ty::Struct(name) => self.structure(name, h, depth),
        }
    }

    /// An object of the schema type `name`: the skeleton's fields (each dropped at the
    /// mutation rate), some optional ones, an unknown one or a duplicate key at times.
    pub fn structure(&mut self, name: &str, h: Option<&Node>, depth: usize) -> Y {
        let Some(fields) = fields_of(name) else { return Y::map(vec![]) };
        let mut pairs: Vec<(Y, Y)> = Vec::new();
        for (f, ty) in fields {
            if name == "PodSpec" && *f == "nodeName" {
                // kubeplay has no kubelet admission yet: pods bound by nodeName beyond a
                // node's room overcommit it (a real kubelet fails them as OutOfcpu), which
                // the invariants rightly report. Left out until the kubelet admits pods.
                continue;
            }
            let fh = hint(h, f);
            let include = match fh {
                Some(_) => !self.maybe(self.mutate / 4),
                None => self.budget > 0 && self.maybe(self.optional_pct(depth)),
            };
            if include {
                let v = self.value(ty, name, f, fh, depth + 1);
                pairs.push((Y::key(f), v));
            }
        }
        if self.maybe(self.mutate / 2) {
            let k = self.pick(&["replica", "containers", "spec", "metadata", "x-unknown", "", "ÿ", "kind", "Name", "status"]).to_string();
            let at = self.below(pairs.len() + 1);
            let v = self.anything(depth + 1);
            pairs.insert(at, (Y::Str(k), v));
        }
        if !pairs.is_empty() && self.maybe(self.mutate / 2) {
            // A key twice: kubectl keeps the last value.
            let i = self.below(pairs.len());
            let (k, v) = pairs[i].clone();
            let other = if self.maybe(50) { v } else { self.wrong(&Ty::Any) };
            let at = i + 1 + self.below(pairs.len() - i);
            pairs.insert(at, (k, other));
        }
        if self.maybe(self.mutate / 4) {
            // A key that is not a string.
            let k = match self.below(4) {
                0 => Y::Plain("1".into()),
                1 => Y::Null,
                2 => Y::Plain("true".into()),
                _ => Y::Seq(vec![Y::Str("a".into())]),
            };
            pairs.push((k, Y::Str("v".into())));
        }
        Y::Map(pairs)
    }

    /// One object of `kind` (its schema type, or an extra kind's), as a tree.
    pub fn object(&mut self, kind: &str, api_version: &str) -> Y {
        // An older served version has a schema of its own.
        let schema = if kind == "HorizontalPodAutoscaler" && api_version == "autoscaling/v1" { "HorizontalPodAutoscalerV1" } else { kind };
        let sk = skeleton(schema);
        let mut y = self.structure(schema, Some(&sk), 0);
        if fields_of(schema).is_none() {
            y = from_node(&sk);
        }
        // apiVersion and kind first, as people write them; each may be dropped or wrong.
        let mut head: Vec<(Y, Y)> = Vec::new();
        if !self.maybe(self.mutate / 6) {
            let v = if self.maybe(self.mutate / 4) {
                Y::Str(
                    self.pick(&["v1", "apps/v1", "apps/v1beta1", "v2", "extensions/v1beta1", "example.com/v1", "", "/", "apps/", "v1/v1"])
                        .to_string(),
                )
            } else {
                Y::Str(api_version.to_string())
            };
            head.push((Y::key("apiVersion"), v));
        }
        if !self.maybe(self.mutate / 6) {
            let v = if self.maybe(self.mutate / 4) {
                match self.below(4) {
                    0 => Y::Str(kind.to_ascii_lowercase()),
                    1 => Y::Str(format!("{kind}s")),
                    2 => Y::Plain("42".into()),
                    _ => Y::Str(self.odd_string()),
                }
            } else {
                Y::Str(kind.to_string())
            };
            head.push((Y::key("kind"), v));
        }
        if let Y::Map(pairs) = &mut y {
            pairs.retain(|(k, _)| *k != Y::key("apiVersion") && *k != Y::key("kind"));
            head.append(pairs);
            *pairs = head;
        }
        y
    }

    /// Sets the dials for one document: how wrong and how full it is.
    pub fn dials(&mut self) {
        self.mutate = *self.pick(&[0, 0, 2, 8, 20, 50]);
        self.optional = *self.pick(&[0, 5, 15, 30]);
        self.extreme = *self.pick(&[0, 0, 10, 30]);
        self.budget = *self.pick(&[60, 150, 400]);
    }

    /// A kind to write: mostly one the cluster serves.
    pub fn kind(&mut self) -> (&'static str, &'static str) {
        let kinds = all_kinds();
        let served: Vec<_> = kinds.iter().filter(|k| k.2).collect();
        let (k, v, _) = if self.maybe(75) || self.below(10) == 0 { **self.pick(&served) } else { *self.pick(&kinds) };
        (k, v)
    }

    /// A document tree: an object, or now and then something that is not one.
    pub fn document(&mut self) -> Y {
        self.dials();
        if self.maybe(self.mutate / 4) {
            return match self.below(5) {
                0 => Y::Seq(vec![Y::Str("a".into()), Y::Str("b".into())]),
                1 => Y::Str(self.odd_string()),
                2 => Y::Plain("42".into()),
                3 => Y::Null,
                _ => Y::map(vec![("metadata", Y::map(vec![("name", Y::Str("nokind".into()))]))]),
            };
        }
        let (kind, version) = self.kind();
        self.object(kind, version)
    }

    /// A manifest text: one or more documents, as a stream or a `List`, with odd text
    /// (a BOM, CRLF, a tab, a cut) now and then.
    pub fn manifest(&mut self) -> String {
        let n = 1 + self.below(4);
        let docs: Vec<Y> = (0..n).map(|_| self.document()).collect();
        let mut text = String::new();
        if self.maybe(15) {
            let list = Y::map(vec![
                ("apiVersion", Y::Str(self.pick(&["v1", "v1", "apps/v1", ""]).to_string())),
                ("kind", Y::Str("List".into())),
                ("metadata", Y::map(vec![])),
                ("items", Y::Seq(docs)),
            ]);
            let st = self.style();
            text = self.render(&list, &st);
        } else {
            for (i, d) in docs.iter().enumerate() {
                if i > 0 || self.maybe(20) {
                    text.push_str(self.pick::<&str>(&["---\n", "---\n", "--- # next\n", "...\n---\n"]));
                }
                if self.maybe(10) {
                    text.push_str("# a comment\n");
                }
                let st = self.style();
                let body = self.render(d, &st);
                text.push_str(&body);
            }
            if self.maybe(5) {
                text.push_str("---\n");
            }
        }
        self.text_mutation(text)
    }

    /// Damage to the text itself, rarely.
    fn text_mutation(&mut self, mut text: String) -> String {
        if !self.maybe(8) {
            return text;
        }
        let at = {
            let mut i = self.below(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        match self.below(9) {
            0 => text.truncate(at),
            1 => text.insert(at, '\t'),
            2 => text.insert(at, '\0'),
            3 => text = text.replace('\n', "\r\n"),
            4 => text.insert(0, '\u{feff}'),
            5 => text.insert(at, '\r'),
            6 => text.insert_str(at, "&a *a "),
            7 => text.insert(at, *self.pick(&['[', '{', '"', '\'', ':', '|', '>', '%', '@', '`'])),
            _ => {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
                let line = text[line_start..line_end].to_string();
                text.insert_str(line_end, &line);
            }
        }
        text
    }
}

// ---------------------------------------------------------------------------------------
// kubectl lines, from the interpreter's own tables (read from its source at build time, so
// a new flag or command is generated as soon as it exists).

const KUBECTL_SOURCES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../src/kubectl/mod.rs")),
    ("args.rs", include_str!("../../src/kubectl/args.rs")),
    ("commands.rs", include_str!("../../src/kubectl/commands.rs")),
    ("create.rs", include_str!("../../src/kubectl/create.rs")),
    ("get.rs", include_str!("../../src/kubectl/get.rs")),
    ("describe.rs", include_str!("../../src/kubectl/describe.rs")),
    ("nodes.rs", include_str!("../../src/kubectl/nodes.rs")),
    ("rollout.rs", include_str!("../../src/kubectl/rollout.rs")),
    ("top.rs", include_str!("../../src/kubectl/top.rs")),
    ("run.rs", include_str!("../../src/kubectl/run.rs")),
    ("discovery.rs", include_str!("../../src/kubectl/discovery.rs")),
    ("config.rs", include_str!("../../src/kubectl/config.rs")),
    ("wait.rs", include_str!("../../src/kubectl/wait.rs")),
    ("taint.rs", include_str!("../../src/kubectl/taint.rs")),
    ("annotate.rs", include_str!("../../src/kubectl/annotate.rs")),
    ("patch.rs", include_str!("../../src/kubectl/patch.rs")),
    ("replace.rs", include_str!("../../src/kubectl/replace.rs")),
    ("events.rs", include_str!("../../src/kubectl/events.rs")),
    ("exec.rs", include_str!("../../src/kubectl/exec.rs")),
    ("edit.rs", include_str!("../../src/kubectl/edit.rs")),
    ("auth.rs", include_str!("../../src/kubectl/auth.rs")),
    ("impersonate.rs", include_str!("../../src/kubectl/impersonate.rs")),
    ("create_rbac.rs", include_str!("../../src/kubectl/create_rbac.rs")),
    ("create_service.rs", include_str!("../../src/kubectl/create_service.rs")),
    ("create_ingress.rs", include_str!("../../src/kubectl/create_ingress.rs")),
    ("create_pdb.rs", include_str!("../../src/kubectl/create_pdb.rs")),
    ("create_priorityclass.rs", include_str!("../../src/kubectl/create_priorityclass.rs")),
    ("create_token.rs", include_str!("../../src/kubectl/create_token.rs")),
    ("diff.rs", include_str!("../../src/kubectl/diff.rs")),
    ("port_forward.rs", include_str!("../../src/kubectl/port_forward.rs")),
    ("cp.rs", include_str!("../../src/kubectl/cp.rs")),
    ("explain.rs", include_str!("../../src/kubectl/explain.rs")),
    ("debug.rs", include_str!("../../src/kubectl/debug.rs")),
    ("attach.rs", include_str!("../../src/kubectl/attach.rs")),
    ("set/image.rs", include_str!("../../src/kubectl/set/image.rs")),
    ("set/env.rs", include_str!("../../src/kubectl/set/env.rs")),
    ("set/resources.rs", include_str!("../../src/kubectl/set/resources.rs")),
    ("set/selector.rs", include_str!("../../src/kubectl/set/selector.rs")),
    ("set/serviceaccount.rs", include_str!("../../src/kubectl/set/serviceaccount.rs")),
    ("set/subject.rs", include_str!("../../src/kubectl/set/subject.rs")),
];

/// The interpreter's files the generator reads its flag tables from.
pub fn kubectl_source_names() -> Vec<&'static str> {
    KUBECTL_SOURCES.iter().map(|(f, _)| *f).collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    pub long: String,
    pub short: Option<char>,
    pub takes_value: bool,
}

/// What the interpreter knows: its commands and each one's flags.
#[derive(Debug, Default)]
pub struct KubectlTables {
    pub commands: Vec<String>,
    pub not_simulated: Vec<String>,
    pub global: Vec<Flag>,
    /// By command (`get`, `create deployment`, `cordon`, …).
    pub flags: Vec<(String, Vec<Flag>)>,
    /// `args::parse` calls whose command the generator could not name.
    pub unresolved: Vec<String>,
}

/// The source without its tests.
fn non_test(src: &str) -> &str {
    src.split("#[cfg(test)]").next().unwrap_or(src)
}

fn string_list(src: &str, header: &str) -> Vec<String> {
    // rustfmt puts a short list on the line after the `=`: match up to the `=` only.
    let header = header.split_once('=').map_or(header, |(h, _)| h);
    let Some(start) = src.find(header) else { return vec![] };
    let body = &src[start + header.len()..];
    let Some(open) = body.find("&[") else { return vec![] };
    let body = &body[open + 2..];
    let body = &body[..body.find("];").unwrap_or(body.len())];
    body.split('"').skip(1).step_by(2).map(String::from).collect()
}

fn flags_in(text: &str) -> Vec<Flag> {
    let mut out = Vec::new();
    for part in text.split("flag(\"").skip(1) {
        let Some((long, rest)) = part.split_once('"') else { continue };
        let rest = rest.trim_start_matches([',', ' ']);
        let (short, rest) = if let Some(r) = rest.strip_prefix("Some('") {
            (r.chars().next(), r.split_once(')').map_or("", |x| x.1))
        } else {
            (None, rest.strip_prefix("None").unwrap_or(rest))
        };
        let takes_value = rest.trim_start_matches([',', ' ']).starts_with("true");
        out.push(Flag { long: long.to_string(), short, takes_value });
    }
    out
}

/// The `const NAME: &[FlagSpec] = &[ … ];` tables of a file.
fn flag_consts(src: &str) -> HashMap<String, Vec<Flag>> {
    let mut out = HashMap::new();
    for part in src.split("const ").skip(1) {
        let Some((name, rest)) = part.split_once(": &[FlagSpec]") else { continue };
        let body = &rest[..rest.find("];").unwrap_or(rest.len())];
        out.insert(name.trim().to_string(), flags_in(body));
    }
    out
}

/// Splits the arguments of a call at top-level commas.
fn call_args(text: &str) -> Vec<String> {
    let (mut depth, mut cur, mut out) = (0i32, String::new(), Vec::new());
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur.trim().to_string());
    out
}

pub fn kubectl_tables() -> &'static KubectlTables {
    static T: OnceLock<KubectlTables> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = KubectlTables::default();
        for (file, src) in KUBECTL_SOURCES {
            let src = non_test(src);
            if *file == "mod.rs" {
                t.commands = string_list(src, "const COMMANDS: &[&str] = &[");
                t.not_simulated = string_list(src, "const NOT_SIMULATED: &[&str] = &[");
            }
            let consts = flag_consts(src);
            if *file == "args.rs" {
                t.global = consts.get("GLOBAL").cloned().unwrap_or_default();
                continue;
            }
            for (i, _) in src.match_indices("args::parse(") {
                let args = call_args(&src[i + "args::parse(".len()..]);
                let (Some(specs), Some(cmd)) = (args.get(1), args.get(2)) else { continue };
                let flags = if specs.starts_with("&[") { flags_in(specs) } else { consts.get(specs.as_str()).cloned().unwrap_or_default() };
                // The command is a literal, or a variable named after the function.
                let names: Vec<String> = if let Some(lit) = cmd.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                    vec![lit.to_string()]
                } else {
                    let f = src[..i].rfind("pub fn ").map(|j| &src[j + 7..]).and_then(|s| s.split('(').next()).unwrap_or("");
                    match f {
                        "apply" => vec!["apply".into(), "create".into()],
                        "cordon" => vec!["cordon".into(), "uncordon".into()],
                        other => {
                            t.unresolved.push(format!("{file}: args::parse in fn {other} with command {cmd}"));
                            continue;
                        }
                    }
                };
                for n in names {
                    match t.flags.iter_mut().find(|(c, _)| *c == n) {
                        Some((_, fl)) => fl.extend(flags.iter().filter(|f| !fl.contains(f)).cloned().collect::<Vec<_>>()),
                        None => t.flags.push((n, flags.clone())),
                    }
                }
            }
        }
        t
    })
}

/// Names the cluster has right now, for lines that hit real objects.
#[derive(Clone, Debug, Default)]
pub struct Live {
    pub pods: Vec<String>,
    pub deployments: Vec<String>,
    pub services: Vec<String>,
    pub nodes: Vec<String>,
    pub replicasets: Vec<String>,
    pub hpas: Vec<String>,
}

impl Live {
    pub fn of(c: &engine::Cluster) -> Live {
        use engine::model::Kind;
        let generic = |k: Kind| c.store.objects_of(k, None).map(|o| o.meta().name.clone()).collect();
        Live {
            pods: c.store.pods_in(None).into_iter().filter_map(|id| c.store.pod(id)).map(|p| p.meta.name.clone()).collect(),
            deployments: generic(Kind::Deployment),
            replicasets: generic(Kind::ReplicaSet),
            hpas: generic(Kind::HorizontalPodAutoscaler),
            services: c.store.services.keys().map(|(_, n)| n.clone()).collect(),
            nodes: c.store.nodes.keys().cloned().collect(),
        }
    }
}

const SELECTORS: &[&str] = &[
    "app=backend-app",
    "app=web",
    "app!=web",
    "app in (web,backend-app)",
    "app notin (web)",
    "!app",
    "app",
    "app==web",
    "app=web,tier=front",
    "",
    "=",
    "app in ()",
    "app in (a",
    "(",
    "a=b=c",
    "app=web,",
    ",",
    "UPPER=x",
    "a/b/c=d",
    "app>1",
];

const OUTPUTS: &[&str] = &[
    "yaml",
    "json",
    "wide",
    "name",
    "jsonpath={.items[*].metadata.name}",
    "jsonpath='{.items[0].spec.containers[0].image}'",
    "jsonpath={.metadata.name}",
    "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}",
    "jsonpath={.items[-1].status}",
    "jsonpath={.items[999].x}",
    "jsonpath={..name}",
    "jsonpath={.items[?(@.status.phase==\"Running\")].metadata.name}",
    "jsonpath={.items[0:2].metadata.name}",
    "jsonpath={.items[",
    "jsonpath={",
    "jsonpath=}",
    "jsonpath={.items[*]",
    "jsonpath={.items[a].b}",
    "jsonpath={range .items[*]}",
    "jsonpath={end}",
    "jsonpath=",
    "jsonpath",
    "jsonpath={.items[9223372036854775807]}",
    "jsonpath={.items[-9223372036854775808]}",
    "jsonpath={.items[::-1]}",
    "jsonpath={.items[0:0:0]}",
    "custom-columns=NAME:.metadata.name",
    "go-template={{.metadata.name}}",
    "yaml,json",
    "",
    "YAML",
];

impl Gen<'_> {
    fn live_or<'b>(&mut self, names: &'b [String], fallback: &'b str) -> String {
        if !names.is_empty() && !self.maybe(20) {
            self.pick(names).clone()
        } else {
            fallback.to_string()
        }
    }

    /// A resource argument: a type as kubectl accepts it (plural, singular, short name,
    /// kind, with a group), or a bad one.
    pub fn resource(&mut self) -> String {
        let kinds = engine::model::kinds::KINDS;
        let k = self.pick(kinds);
        match self.below(12) {
            0 | 1 => k.plural.to_string(),
            2 => k.singular.to_string(),
            3 => k.short.first().unwrap_or(&k.plural).to_string(),
            4 => k.name.to_string(),
            5 if !k.group.is_empty() => format!("{}.{}", k.plural, k.group),
            6 => format!("{}.{}", k.singular, k.api_version.replace('/', ".")),
            7 => {
                self.pick(&["all", "po,svc", "deploy,rs,po", "pods,", "foo", "Pods", "", "configmaps", "jobs.batch", "events"]).to_string()
            }
            8 => self.odd_string(),
            _ => k.plural.to_string(),
        }
    }

    /// A type as the user may spell it and the name of a live object of that type.
    fn live_object(&mut self, live: &Live) -> (String, String) {
        use engine::model::Kind;
        let (kind, names) = match self.below(6) {
            0 | 1 => (Kind::Pod, &live.pods),
            2 => (Kind::Deployment, &live.deployments),
            3 => (Kind::Service, &live.services),
            4 => (Kind::Node, &live.nodes),
            _ if self.maybe(50) => (Kind::ReplicaSet, &live.replicasets),
            _ => (Kind::HorizontalPodAutoscaler, &live.hpas),
        };
        let k = kind.info();
        let spelled = match self.below(5) {
            0 => k.singular.to_string(),
            1 => k.short.first().unwrap_or(&k.plural).to_string(),
            2 if !k.group.is_empty() => format!("{}.{}", k.plural, k.group),
            3 => k.name.to_string(),
            _ => k.plural.to_string(),
        };
        (spelled, self.live_or(names, "missing"))
    }

    fn object_name(&mut self, live: &Live) -> String {
        match self.below(8) {
            0 | 1 => self.live_or(&live.pods, "missing"),
            2 => self.live_or(&live.deployments, "web"),
            3 => self.live_or(&live.services, "web"),
            4 => self.live_or(&live.nodes, "kind-worker"),
            5 => self.live_or(&live.replicasets, "web-1"),
            6 => self.pick(&["missing", "", "Web", "a/b", "/", "pod/", "-", "--", "kubernetes", "*"]).to_string(),
            _ => self.odd_string(),
        }
    }

    fn flag_value(&mut self, long: &str, live: &Live) -> String {
        let normal: &[&str] = match long {
            "output" => OUTPUTS,
            "selector" | "pod-selector" => SELECTORS,
            "namespace" => &["default", "kube-system", "missing", "", "kube-public", "team"],
            // Replica counts stay below what makes a test slow (MAX_PODS pods take
            // seconds each); numbers the flags refuse are fine.
            "replicas" | "min" | "max" => &["3", "0", "1", "-1", "10", "abc", "1000", "2147483648", "99999999999999999999", "1.5", ""],
            "cpu-percent" | "tail" | "grace-period" | "to-revision" | "revision" => &[
                "3",
                "0",
                "1",
                "-1",
                "10",
                "abc",
                "2147483647",
                "2147483648",
                "9223372036854775807",
                "99999999999999999999",
                "-9223372036854775808",
                "1.5",
                "",
            ],
            "cpu" => &["50%", "200m", "%", "-1%", "abc"],
            "timeout" | "request-timeout" => &["30s", "0", "1m", "-1s", "abc", "1h"],
            "field-selector" => {
                &["status.phase=Running", "metadata.name=web", "spec.nodeName=kind-worker", "bogus", "a=b=c", "", "status.phase!=Pending"]
            }
            "sort-by" => {
                &[".metadata.name", ".metadata.creationTimestamp", "{.status.startTime}", ".bogus", "", "{", ".spec.replicas", ".items[0]"]
            }
            "label-columns" => &["app", "app,tier", "", ",,"],
            "filename" => &["spring-deployment.yaml", "spring-service.yaml", "missing.yaml", ".", "", "-", "build", "Dockerfile"],
            "image" => &["nginx:1.27", "busybox:1.36", "", ":::", "spring-server"],
            "port" => &["80", "-1", "abc", "65536", "80\n  bad: x"],
            "container" => &["spring-container", "c", "missing", ""],
            "dry-run" => &["none", "client", "server", "bogus"],
            "validate" => &["true", "false", "strict", "warn", "bogus"],
            "watch" => &["false", "true", "maybe"],
            "name" => &["web", "", "UPPER"],
            "v" => &["0", "9", "x"],
            _ => &["x", "", "1"],
        };
        if long == "namespace" && self.maybe(30) {
            return self.live_or(&live.nodes, "default");
        }
        self.choose(normal, &["", "-", "--", "=", "'", "\"", "a b"])
    }

    /// One flag of `flags` (or an unknown one) as its words.
    fn flag_words(&mut self, flags: &[Flag], live: &Live) -> Vec<String> {
        if flags.is_empty() || self.maybe(self.mutate / 2) {
            return vec![self
                .pick(&["--bogus", "-z", "--", "-", "---x", "--=x", "-nx", "--namespace", "-o", "--output=", "--all=maybe", "--help"])
                .to_string()];
        }
        let f = self.pick(flags).clone();
        if !f.takes_value {
            return vec![match (f.short, self.below(4)) {
                (Some(s), 0) => format!("-{s}"),
                (_, 1) if self.maybe(self.mutate) => format!("--{}=maybe", f.long),
                (_, 2) => format!("--{}={}", f.long, self.pick(&["true", "false"])),
                _ => format!("--{}", f.long),
            }];
        }
        let value = self.flag_value(&f.long, live);
        if self.maybe(self.mutate / 3) {
            // The value forgotten.
            return vec![format!("--{}", f.long)];
        }
        match (f.short, self.below(4)) {
            (Some(s), 0) => vec![format!("-{s}"), value],
            (Some(s), 1) => vec![format!("-{s}{value}")],
            (_, 2) => vec![format!("--{}", f.long), value],
            _ => vec![format!("--{}={value}", f.long)],
        }
    }

    fn positional(&mut self, command: &str, live: &Live) -> Vec<String> {
        let mut words = Vec::new();
        match command {
            "get" | "describe" | "delete" | "label" | "scale" | "autoscale" => {
                // Mostly a type and a name of that type that exists; at the mutation rate
                // any type with any name.
                let (r, n) = if self.maybe(self.mutate) { (self.resource(), self.object_name(live)) } else { self.live_object(live) };
                if self.maybe(20) {
                    words.push(format!("{r}/{n}"));
                } else {
                    words.push(r);
                    if !self.maybe(30) {
                        words.push(n);
                    }
                }
                if command == "label" {
                    let kv =
                        self.pick(&["tier=front", "app-", "tier=", "=x", "a/b/c=d", "UPPER=1", "x=y=z", "-", "tier=front-"]).to_string();
                    words.push(kv);
                }
            }
            "logs" => {
                let p = self.live_or(&live.pods, "missing");
                words.push(if self.maybe(20) { format!("deploy/{}", self.live_or(&live.deployments, "web")) } else { p });
            }
            "cordon" | "uncordon" | "drain" => words.push(self.live_or(&live.nodes, "kind-worker")),
            "top" => {
                words.push(self.pick(&["pods", "pod", "nodes", "node", "po", "no", "deployments", ""]).to_string());
                if self.maybe(30) {
                    words.push(self.object_name(live));
                }
            }
            "rollout" => {
                words.push(self.pick(&["status", "history", "undo", "restart", "pause", "resume", "bogus", ""]).to_string());
                let d = self.live_or(&live.deployments, "web");
                words.push(match self.below(4) {
                    0 => format!("deployment/{d}"),
                    1 => format!("deploy/{d}"),
                    2 => "deployment".into(),
                    _ => format!("{}/{d}", self.resource()),
                });
            }
            "set" => {
                words.push(self.pick(&["image", "image", "env", "resources", "selector", "sa", "subject", "bogus"]).to_string());
                let d = self.live_or(&live.deployments, "web");
                words.push(self.pick(&[format!("deployment/{d}"), format!("deploy/{d}"), d.clone(), "pod/x".into()]).clone());
                words.push(
                    self.pick(&["spring-container=nginx:1.28", "*=busybox:1.36", "c=", "=x", "missing=nginx", "c", "KEY-", "app=web"])
                        .to_string(),
                );
            }
            "create" if self.maybe(50) => {
                let sub = self.pick(&["deployment", "deploy", "namespace", "ns", "configmap", "job", ""]).to_string();
                words.push(sub.clone());
                words.push(self.pick(&["web2", "team", "", "UPPER", "a_b", "x".repeat(70).as_str()]).to_string());
                if sub.starts_with("deploy") && !self.maybe(self.mutate) {
                    words.push(format!("--image={}", self.flag_value("image", live)));
                }
            }
            "help" => words.push(self.pick(&["get", "apply", "bogus", ""]).to_string()),
            _ => {}
        }
        if self.maybe(self.mutate / 2) {
            words.push(self.pick(&["extra", "web", "--", "''"]).to_string());
        }
        words
    }

    /// A kubectl command line (without or with the leading `kubectl`).
    pub fn kubectl_line(&mut self, live: &Live) -> String {
        self.mutate = *self.pick(&[0, 5, 20, 50]);
        let t = kubectl_tables();
        let mut words: Vec<String> = Vec::new();
        match self.below(6) {
            0 => {}
            1 => words.push("k".into()),
            _ => words.push("kubectl".into()),
        }
        if self.maybe(10) {
            words.extend(self.flag_words(&t.global, live));
        }
        let mut verbs: Vec<&str> = t.flags.iter().map(|(c, _)| c.split(' ').next().unwrap_or("")).collect();
        verbs.extend(t.commands.iter().map(String::as_str));
        let command: String = match self.below(20) {
            0 => self.pick(&t.not_simulated).clone(),
            1 => self.pick(&["gett", "descibe", "rollout-status", "", "KUBECTL", "--", "apply-f", "lo"]).to_string(),
            _ => self.pick(&verbs).to_string(),
        };
        if !command.is_empty() {
            words.push(command.clone());
        }
        let positional = self.positional(&command, live);
        let sub = positional.first().cloned().unwrap_or_default();
        let specific = format!("{command} {sub}");
        let flags: Vec<Flag> = t
            .flags
            .iter()
            .find(|(c, _)| *c == specific)
            .or_else(|| t.flags.iter().find(|(c, _)| *c == command))
            .map(|(_, f)| f.clone())
            .unwrap_or_default();
        let mut all_flags = flags;
        all_flags.extend(t.global.iter().cloned());
        let mut rest = positional;
        for _ in 0..self.below(4) {
            let fw = self.flag_words(&all_flags, live);
            let at = self.below(rest.len() + 1);
            for (j, w) in fw.into_iter().enumerate() {
                rest.insert(at + j, w);
            }
        }
        words.extend(rest);
        self.join_words(&words)
    }

    /// Joins words into a shell line, quoting where needed (and now and then not, or
    /// leaving a quote open).
    pub fn join_words(&mut self, words: &[String]) -> String {
        let mut line = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                line.push(' ');
            }
            let needs = w.is_empty() || w.contains(|c: char| c.is_whitespace() || "'\"\\#$`(){}[]*?!;&|<>".contains(c));
            if needs && !self.maybe(self.mutate / 4) {
                if !w.contains('\'') {
                    line.push('\'');
                    line.push_str(w);
                    line.push('\'');
                } else {
                    line.push('"');
                    for c in w.chars() {
                        if matches!(c, '"' | '\\' | '$' | '`') {
                            line.push('\\');
                        }
                        line.push(c);
                    }
                    line.push('"');
                }
            } else {
                line.push_str(w);
            }
        }
        if self.maybe(self.mutate / 5) {
            line.push_str(self.pick::<&str>(&[" '", " \"", " \\", " # comment", "\t", " \u{0}"]));
        }
        line
    }

    /// A line of the CLI's scripts: a kubectl line or one of the simulator's own.
    pub fn script_line(&mut self, live: &Live) -> String {
        self.mutate = *self.pick(&[0, 5, 20, 50]);
        let node = self.live_or(&live.nodes, "kind-worker");
        let svc = self.live_or(&live.services, "spring-service");
        let pod = self.live_or(&live.pods, "missing");
        let words: Vec<String> = match self.below(16) {
            0..=3 => return self.kubectl_line(live),
            4 => vec![
                "sleep".into(),
                self.choose(
                    &["1s", "10s", "500ms", "1m30s", "2m"],
                    &["0", "-1s", "abc", "1.5s", "", "1h", "1e3s", "99999999999999999999", "5", "1s 2s"],
                ),
            ],
            5 => vec!["step".into()],
            6 => vec![
                "node".into(),
                self.pick(&["kill", "restore", "kill", "bogus"]).to_string(),
                if self.maybe(self.mutate) { self.odd_string() } else { node },
            ],
            7 => match self.below(3) {
                0 => vec!["docker".into(), "images".into()],
                1 => vec!["docker".into(), self.pick(&["run", "ps", "push", "build"]).to_string()],
                _ => {
                    let mut w = vec!["docker".into(), "build".into()];
                    if !self.maybe(self.mutate) {
                        w.push("-t".into());
                        w.push(self.choose(&["spring-server", "web:1", "local/app:dev"], &["", "UPPER", ":", "a b", "x@y"]));
                    }
                    if self.maybe(40) {
                        w.push("-f".into());
                        w.push(self.pick(&["Dockerfile.fixed", "Dockerfile.space-only", "Dockerfile", "missing", ""]).to_string());
                    }
                    w.push(self.pick(&[".", ".", "build", "missing", "/", "..", ""]).to_string());
                    w
                }
            },
            8 => vec![
                "kind".into(),
                "load".into(),
                "docker-image".into(),
                self.choose(&["spring-server", "web:1", "nginx:1.27"], &["", "missing:1", ":::"]),
            ],
            9 => vec!["registry".into(), self.pick(&["up", "down", "slow", "sideways", ""]).to_string()],
            10 => {
                let mut w = vec!["kill".into(), self.pick(&["pod", "pod", "node", ""]).to_string()];
                if self.maybe(40) {
                    w.push("-l".into());
                    w.push(self.pick(SELECTORS).to_string());
                } else {
                    w.push(pod);
                }
                if self.maybe(20) {
                    w.push("-n".into());
                    w.push(self.pick(&["default", "kube-system", "missing"]).to_string());
                }
                w
            }
            11 => {
                let mut w = vec![
                    self.pick(&["request", "curl"]).to_string(),
                    self.pick(&[format!("svc/{svc}"), svc.clone(), "svc/missing".into(), "".into()]).clone(),
                ];
                if self.maybe(50) {
                    w.push("-n".into());
                    w.push(self.choose(&["1", "10", "100"], &["0", "-1", "abc", "1000001", "999999999999999999999"]));
                }
                if self.maybe(40) {
                    w.push("--via".into());
                    w.push(self.pick(&["clusterip", "nodeport", "lb", "loadbalancer", "tunnel"]).to_string());
                }
                if self.maybe(20) {
                    w.push("--node".into());
                    w.push(self.pick(&[node.clone(), "missing".into()]).clone());
                }
                if self.maybe(20) {
                    w.push("--port".into());
                    w.push(self.choose(&["8080", "80"], &["-1", "0", "99999", "abc"]));
                }
                if self.maybe(20) {
                    w.push("--from".into());
                    w.push(self.pick(&["10.0.0.1", "", "not-an-ip"]).to_string());
                }
                w
            }
            12 => {
                let mut w = vec!["load".into()];
                if !self.maybe(10) {
                    w.push(self.pick(&[format!("svc/{svc}"), "svc/missing".into(), svc.clone()]).clone());
                    let shape: &[&str] = match self.below(5) {
                        0 => &["off"],
                        1 => &["ramp", "0", "300", "60"],
                        2 => &["spike", "20", "400", "30"],
                        3 => &["100000.1"],
                        _ => &["50"],
                    };
                    w.extend(shape.iter().map(|s| s.to_string()));
                    if self.maybe(self.mutate) {
                        let i = self.below(w.len());
                        w[i] = self.pick(&["-1", "NaN", "inf", "1e9", "", "18446744073709551616", "x"]).to_string();
                    }
                }
                w
            }
            13 => vec!["hpa".into(), self.live_or(&live.hpas, "spring-deployment")],
            14 => {
                let mut w = vec![
                    "why".into(),
                    self.pick(&[pod.clone(), format!("pod/{pod}"), format!("svc/{svc}"), "missing".into(), "".into()]).clone(),
                ];
                if self.maybe(20) {
                    w.push("-n".into());
                    w.push("kube-system".into());
                }
                w
            }
            _ => vec![
                self.pick(&["proxy", "proxy", "bogus", "#", "--"]).to_string(),
                self.pick(&["iptables", "ipvs", "nftables", ""]).to_string(),
            ],
        };
        self.join_words(&words)
    }
}

// ---------------------------------------------------------------------------------------
// Actions, as the page and a share link give them.

impl Gen<'_> {
    pub fn action(&mut self, live: &Live) -> engine::Action {
        use engine::loadgen::Shape;
        use engine::proxy::Entry;
        use engine::Action;
        let node = self.live_or(&live.nodes, "kind-worker");
        let svc = self.live_or(&live.services, "web");
        let ns = |g: &mut Gen| g.pick(&["default", "default", "kube-system", "missing", ""]).to_string();
        match self.below(16) {
            0..=2 => {
                let text = self.manifest();
                Action::Apply {
                    text,
                    source: self.pick(&["manifest.yaml", "", "a b.yaml"]).to_string(),
                    namespace: ns(self),
                    create: self.maybe(20),
                }
            }
            3..=5 => Action::Kubectl { line: self.kubectl_line(live), files: vec![] },
            6 | 7 => Action::Advance(*self.pick(&[1_000, 15_000, 60_000, 0, 1, 300_000, 999])),
            8 => Action::KillNode(if self.maybe(10) { "missing".into() } else { node }),
            9 => Action::RestoreNode(if self.maybe(10) { "missing".into() } else { node }),
            10 => Action::Build {
                dockerfile: self
                    .pick(&[
                        "FROM eclipse-temurin:17\nCOPY build/libs/*.jar app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n",
                        "FROM nginx:1.27\n",
                        "",
                        "FROM\n",
                        "RUN echo no base\n",
                        "FROM scratch\nCOPY missing /x\n",
                    ])
                    .to_string(),
                tag: self.choose(&["web:1", "spring-server"], &["", ":", "UPPER", "a b"]),
            },
            11 => {
                if self.maybe(50) {
                    Action::KindLoad(self.choose(&["web:1", "spring-server"], &["", "missing:1"]))
                } else {
                    Action::RemoveImage(self.choose(&["web:1", "nginx:1.27"], &["", "missing:1"]))
                }
            }
            12 => Action::Requests {
                namespace: ns(self),
                service: svc,
                port: *self.pick(&[None, Some(80), Some(8080), Some(-1), Some(0), Some(70_000), Some(i32::MAX)]),
                entry: match self.below(3) {
                    0 => Entry::ClusterIp,
                    1 => Entry::NodePort(if self.maybe(20) { "missing".into() } else { node }),
                    _ => Entry::LoadBalancer,
                },
                client: self.pick(&["10.0.0.1", "192.168.1.10", "", "not-an-ip"]).to_string(),
                count: *self.pick(&[1, 10, 100, 0, 500]),
            },
            13 => {
                let rate = |g: &mut Gen| *g.pick(&[50.0, 0.0, 300.0, 100_000.0, 1.5]);
                let shape = match self.below(4) {
                    0 => None,
                    1 => Some(Shape::Steady(rate(self))),
                    2 => Some(Shape::Ramp { from: rate(self), to: rate(self), seconds: *self.pick(&[60, 0, 1, u64::MAX]) }),
                    _ => Some(Shape::Spike { base: rate(self), peak: rate(self), seconds: *self.pick(&[30, 0, u64::MAX]) }),
                };
                Action::Load { namespace: ns(self), service: svc, shape }
            }
            14 => Action::SessionAffinity { namespace: ns(self), service: svc, client_ip: self.maybe(50) },
            _ => match self.below(2) {
                0 => Action::ProxyMode(if self.maybe(50) { engine::proxy::Mode::Ipvs } else { engine::proxy::Mode::Iptables }),
                _ => Action::Registry(*self.pick(&[
                    engine::registry::RegistryState::Up,
                    engine::registry::RegistryState::Down,
                    engine::registry::RegistryState::Slow,
                ])),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// libFuzzer dictionaries, from the same tables (written by an ignored test in
// `schema_fuzz.rs` into `fuzz/dict/`).

fn dict_entry(s: &str) -> String {
    let mut out = String::from("\"");
    for b in s.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b' '..=b'~' => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02X}")),
        }
    }
    out.push('"');
    out
}

fn dictionary(header: &str, mut entries: Vec<String>) -> String {
    entries.retain(|e| !e.is_empty());
    entries.sort();
    entries.dedup();
    let mut out = String::from(header);
    for e in entries {
        out.push_str(&dict_entry(&e));
        out.push('\n');
    }
    out
}

/// Every type the kinds reach, in the engine's schema and the extra kinds'.
pub fn schema_types() -> Vec<&'static str> {
    fn walk(ty: &Ty, seen: &mut Vec<&'static str>) {
        match ty {
            Ty::Seq(inner) => walk(inner, seen),
            Ty::Struct(name) if !seen.contains(name) => {
                seen.push(name);
                for (_, t) in fields_of(name).unwrap_or(&[]) {
                    walk(t, seen);
                }
            }
            _ => {}
        }
    }
    let mut seen = Vec::new();
    for (kind, _, _) in all_kinds() {
        walk(&Ty::Struct(kind), &mut seen);
    }
    walk(&Ty::Struct("List"), &mut seen);
    seen
}

/// Image references: the documentation's, typos, unreleased tags, private ones and bad ones.
const IMAGES: &[&str] = &[
    "nginx:1.27",
    "busybox:1.36",
    "redis:7",
    "registry.k8s.io/hpa-example",
    "nope/missing:1",
    "spring-server",
    "nginx@sha256:abc",
    ":::",
    "UPPER/Case:tag",
    "nginx:",
    "nginx:1.14.2",
    "docker.io/nginx:1.27",
    "ngnix:1.27",
    "nginx:9.99",
    "registry.k8s.io/busybox:1.27.2",
    "gcr.io/google-samples/gb-frontend:v5",
    "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10",
    "wordpress:6.2.1-apache",
    "mysql:8.0",
    "postgres:16",
    "perl:5.34.0",
    "bitnami/redis:7.2",
    "private/app:1",
    "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0",
    "quay.io/prometheus/prometheus:v2.53.0",
];

/// Commands and shell scripts a container runs, sound and broken.
const COMMANDS: &[&str] = &[
    "sh",
    "-c",
    "sleep 3600",
    "exit 1",
    "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
    "while true; do echo hi; done",
    "echo hello; exit 3",
    "for i in 1 2 3; do echo $i; sleep 1; done",
    "if [ -f /tmp/x ]; then echo yes; elif true; then echo no; else exit 2; fi",
    "until false; do sleep 1; done &",
    "echo a | awk '{print $1}' > /tmp/out; cat /tmp/out",
    "while :; do",
    "fi; done; then",
    "'unterminated",
];

/// Kind names, apiVersions, field names and odd scalars, for the `apply` target.
pub fn manifest_dictionary() -> String {
    let mut e: Vec<String> = Vec::new();
    for (kind, version, _) in all_kinds() {
        e.push(format!("kind: {kind}"));
        e.push(format!("apiVersion: {version}"));
    }
    e.push("kind: List".into());
    for t in schema_types() {
        for (f, _) in fields_of(t).unwrap_or(&[]) {
            e.push(format!("{f}:"));
        }
    }
    e.extend(ODD_INTS.iter().chain(ODD_QUANTITIES).chain(LABEL_KEYS).chain(ODD_LABEL_KEYS).map(|s| s.to_string()));
    e.extend(IMAGES.iter().chain(COMMANDS).map(|s| s.to_string()));
    for tok in [
        "---",
        "...",
        "- ",
        ": ",
        "{}",
        "[]",
        "&a ",
        "*a",
        "<<: *a",
        "!!str ",
        "!!int ",
        "!!binary ",
        "? ",
        "|",
        "|-",
        ">",
        "\"",
        "'",
        " #",
        "%YAML 1.1",
        "~",
        "null",
        "yes",
        "no",
        "on",
        "\t",
        "\r\n",
        "\u{feff}",
        "100m",
        "64Mi",
        "nginx:1.27",
        "IfNotPresent",
        "NodePort",
        "RollingUpdate",
        "Utilization",
    ] {
        e.push(tok.to_string());
    }
    dictionary("# Generated from the schema by `cargo test -p kubeplay-engine --test schema_fuzz -- --ignored write_fuzz_dictionaries`.\n# Kind names, apiVersions, field names and odd scalars for the `apply` target.\n", e)
}

/// Commands, flags, resource names, output formats and selectors, for the `kubectl` target.
pub fn kubectl_dictionary() -> String {
    let t = kubectl_tables();
    let mut e: Vec<String> = Vec::new();
    e.extend(t.commands.iter().chain(&t.not_simulated).cloned());
    for (cmd, flags) in &t.flags {
        e.push(cmd.clone());
        for f in flags.iter().chain(&t.global) {
            e.push(format!("--{}", f.long));
            if f.takes_value {
                e.push(format!("--{}=", f.long));
            }
            if let Some(s) = f.short {
                e.push(format!("-{s}"));
            }
        }
    }
    for k in engine::model::kinds::KINDS {
        e.push(k.plural.into());
        e.push(k.singular.into());
        e.extend(k.short.iter().map(|s| s.to_string()));
    }
    e.extend(OUTPUTS.iter().chain(SELECTORS).map(|s| s.to_string()));
    for w in [
        "status",
        "history",
        "undo",
        "restart",
        "pause",
        "resume",
        "image",
        "deployment",
        "namespace",
        "spring-deployment",
        "spring-service",
        "kind-worker",
        "'",
        "\"",
        "\\",
    ] {
        e.push(w.to_string());
    }
    dictionary("# Generated from the kubectl interpreter's tables by `cargo test -p kubeplay-engine --test schema_fuzz -- --ignored write_fuzz_dictionaries`.\n# Commands, flags, resources, output formats and selectors for the `kubectl` target.\n", e)
}
