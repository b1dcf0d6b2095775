//! `kubectl apply -f` and `kubectl create -f` over a manifest text: every document is
//! mapped, decoded, defaulted, validated and written on its own, so the good documents
//! of a file apply while the bad ones report kubectl's error, plus where it is.

mod custom;

use crate::api::Api;
use crate::apiserver::authorizer::UserInfo;
use crate::apiserver::{ApiError, Written};
use crate::model::decode::{self, DecodeError};
use crate::model::Kind;
use crate::value::Value;
use crate::yaml::{self, Node, Span};

pub use crate::model::meta::LAST_APPLIED;

/// The word kubectl prints after a written object's name.
fn written_word(mode: Mode, w: Written) -> &'static str {
    match w {
        _ if mode == Mode::Replace => "replaced",
        Written::Created => "created",
        Written::Configured => "configured",
        Written::Unchanged => "unchanged",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Apply,
    Create,
    /// `kubectl replace -f`: the object must exist and is written as the file has it.
    Replace,
}

/// An error for the user, with the place in the text it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// What kubectl prints on stderr for it.
    pub text: String,
    /// 1-based line and column in the whole text.
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// kubectl's stdout lines (`pod/x created`).
    pub out: Vec<String>,
    /// Its stderr, printed after the successes as kubectl does.
    pub errors: Vec<Diagnostic>,
    /// The API server's warnings (`Warning: …`), each once, printed first.
    pub warnings: Vec<String>,
    /// Objects written, as (kind, namespace, name), for the page to highlight.
    pub written: Vec<(Kind, String, String)>,
    /// kubeplay's own remarks on the text, for the page to show beside the editor: a key
    /// written twice in a mapping (kubectl silently keeps the last value). Real kubectl
    /// prints nothing for these, so neither does kubeplay's kubectl.
    pub notes: Vec<Diagnostic>,
}

/// Applies (or creates) every document of `text`. `source` is the file name kubectl
/// would print; `namespace` the one `-n` or the context gives. The caller lets the
/// controllers react.
pub fn apply_text(api: &mut Api, text: &str, source: &str, namespace: &str, mode: Mode) -> Report {
    let crds = crate::apiserver::customresource::served_names(&api.store);
    apply_text_as(api, text, source, namespace, mode, None, &crds)
}

/// `apply_text` for `kubectl --as USER`: each document's requests are authorized first.
/// `crds` are the CRDs whose kinds were served when kubectl read its files: it maps every
/// document to a resource before it sends any, so a kind a CRD of the same command
/// defines is not served to it yet.
pub fn apply_text_as(
    api: &mut Api,
    text: &str,
    source: &str,
    namespace: &str,
    mode: Mode,
    user: Option<&UserInfo>,
    crds: &[String],
) -> Report {
    let mut report = Report::default();
    let stream = yaml::parse_stream(text);
    let mut stopped = false;
    let mut client = Vec::new();
    for doc in &stream.docs {
        for d in decode::duplicate_keys(&doc.root) {
            report.notes.push(Diagnostic {
                text: format!(
                    "key \"{}\" is written twice in this mapping (lines {} and {}): kubectl keeps the last value and ignores the first",
                    d.key, d.earlier.line, d.span.line
                ),
                span: d.span,
            });
        }
        if let Some(d) = type_error(&doc.root, source) {
            // kubectl stops reading the file here; the documents before it still apply.
            client.push(d);
            stopped = true;
            break;
        }
        apply_node(api, &doc.root, source, namespace, mode, &mut report, &mut client, user, crds);
    }
    if let Some(e) = stream.error.filter(|_| !stopped) {
        client.push(Diagnostic {
            text: format!("error: error parsing {source}: error converting YAML to JSON: yaml: {}", e.message),
            span: e.span,
        });
    }
    client.append(&mut report.errors);
    report.errors = client;
    if report.out.is_empty() && report.errors.is_empty() {
        // Empty, or comments only: kubectl refuses before it talks to the server.
        let verb = match mode {
            Mode::Create => "create",
            Mode::Apply => "apply",
            Mode::Replace => "replace",
        };
        report.errors.push(Diagnostic { text: format!("error: no objects passed to {verb}"), span: yaml::Span { line: 1, col: 1 } });
    }
    report
}

/// kubectl checks each document's `apiVersion` and `kind` before it decodes it
/// (`GetObjectKind` in kubectl's validation, run whatever `--validate` asks unless it is
/// `ignore`), and an error there ends the file's stream.
fn type_error(node: &Node, source: &str) -> Option<Diagnostic> {
    let untyped = decode::untyped(node);
    let Value::Map(_) = untyped else { return None };
    let mut errors: Vec<String> = Vec::new();
    match untyped.get("apiVersion") {
        None | Some(Value::Null) => errors.push("apiVersion not set".into()),
        Some(Value::Str(v)) if v.matches('/').count() > 1 => errors.push(format!("unexpected GroupVersion string: {v}")),
        Some(Value::Str(_)) => {}
        Some(_) => errors.push("apiVersion isn't string type".into()),
    }
    match untyped.get("kind") {
        None | Some(Value::Null) => errors.push("kind not set".into()),
        Some(Value::Str(_)) => {}
        Some(_) => errors.push("kind isn't string type".into()),
    }
    let what = match errors.len() {
        0 => return None,
        1 => errors.remove(0),
        _ => format!("[{}]", errors.join(", ")),
    };
    let span =
        ["apiVersion", "kind"].iter().find_map(|k| node.get(k).filter(|v| v.scalar().is_none()).map(|v| v.span)).unwrap_or(node.span);
    Some(Diagnostic {
        text: format!(
            "error: error validating \"{source}\": error validating data: {what}; if you choose to ignore these errors, turn validation off with --validate=false"
        ),
        span,
    })
}

/// `client` collects what kubectl finds while it reads the file (mapping, namespaces),
/// `report.errors` what the server answers; kubectl prints the first kind before the second.
#[allow(clippy::too_many_arguments)]
fn apply_node(
    api: &mut Api,
    node: &Node,
    source: &str,
    namespace: &str,
    mode: Mode,
    report: &mut Report,
    client: &mut Vec<Diagnostic>,
    user: Option<&UserInfo>,
    crds: &[String],
) {
    let untyped = decode::untyped(node);
    if !matches!(untyped, Value::Map(_)) {
        if !untyped.is_null() {
            client.push(Diagnostic {
                text: format!("error: error parsing {source}: error converting YAML to JSON: yaml: cannot unmarshal {} into Go value of type map[string]interface {{}}", untyped_word(&untyped)),
                span: node.span,
            });
        }
        return;
    }
    let api_version = untyped.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind_name = untyped.get("kind").and_then(Value::as_str).unwrap_or("");
    let name = untyped.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
    let doc_ns = untyped.get("metadata").and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("").to_string();
    if kind_name.is_empty() {
        client.push(Diagnostic {
            text: format!("error: unable to decode \"{source}\": Object 'Kind' is missing in '{}'", untyped.to_json()),
            span: node.span,
        });
        return;
    }
    if kind_name == "List" && (api_version == "v1" || api_version.is_empty()) {
        if let Some(items) = node.get("items") {
            if let yaml::NodeKind::Seq(items) = &items.kind {
                for item in items {
                    apply_node(api, item, source, namespace, mode, report, client, user, crds);
                }
            }
        }
        return;
    }
    let Some(kind) = Kind::from_manifest(api_version, kind_name) else {
        let found =
            crate::apiserver::customresource::by_manifest(&api.store, api_version, kind_name).filter(|(c, _)| crds.contains(&c.name));
        if let Some((crd, version)) = found {
            let doc = Document { node, source, namespace, doc_ns: &doc_ns, name: &name };
            return custom::apply(api, &crd, &version, &untyped, &doc, mode, report, client);
        }
        if let Some(served) = crate::model::served::by_manifest(api_version, kind_name) {
            // A real cluster would take this document: say that kubeplay is the one lacking.
            let text = if Kind::from_resource_arg(served.plural).is_some() {
                format!("kubeplay: {} \"{name}\" was not applied: the cluster writes {} itself here; kubeplay does not model creating them from a manifest yet.", served.kind, served.plural)
            } else {
                format!("{} \"{name}\" was not applied.", crate::model::served::not_modelled(served))
            };
            client.push(Diagnostic { text, span: node.get("kind").map(|k| k.span).unwrap_or(node.span) });
            return;
        }
        let what = if api_version.is_empty() {
            "version \"\"".to_string()
        } else if api_version.contains('/') || api_version.starts_with('v') {
            format!("version \"{api_version}\"")
        } else {
            format!("group \"{api_version}\"")
        };
        client.push(Diagnostic {
            text: format!("error: resource mapping not found for name: \"{name}\" namespace: \"{doc_ns}\" from \"{source}\": no matches for kind \"{kind_name}\" in {what}\nensure CRDs are installed first"),
            span: node.get("kind").map(|k| k.span).unwrap_or(node.span),
        });
        return;
    };
    let info = kind.info();
    let ns = if info.namespaced {
        if doc_ns.is_empty() {
            namespace.to_string()
        } else {
            doc_ns.clone()
        }
    } else {
        String::new()
    };
    if info.namespaced && !doc_ns.is_empty() && doc_ns != namespace && namespace != "default" {
        client.push(Diagnostic {
            text: format!("error: the namespace from the provided object \"{doc_ns}\" does not match the namespace \"{namespace}\". You must pass '--namespace={doc_ns}' to perform this operation."),
            span: node.span,
        });
        return;
    }
    let exists = !name.is_empty() && api.store.exists(kind, &ns, &name);
    let verb = match mode {
        Mode::Replace => "replacing",
        Mode::Apply if exists => "patching",
        _ => "creating",
    };
    if mode == Mode::Replace && !exists {
        let e = ApiError::NotFound { resource: kind.resource_name(), name: name.clone() };
        report.errors.push(Diagnostic { text: e.render(Some((verb, source))), span: node.span });
        return;
    }
    if mode == Mode::Apply && name.is_empty() {
        let gvk_group = if info.group.is_empty() { String::new() } else { info.group.to_string() };
        let version = info.api_version.rsplit('/').next().unwrap_or("v1");
        report.errors.push(Diagnostic {
            text: format!(
                "error: error when retrieving current configuration of:\nResource: \"{gvk_group}/{version}, Resource={}\", GroupVersionKind: \"{gvk_group}/{version}, Kind={}\"\nName: \"\", Namespace: \"{ns}\"\nfrom server for: \"{source}\": resource name may not be empty",
                info.plural, info.name
            ),
            span: node.get("metadata").map(|m| m.span).unwrap_or(node.span),
        });
        return;
    }
    if let Some(text) = user.and_then(|u| forbidden_as(api, u, kind, &ns, &name, exists, mode, source)) {
        report.errors.push(Diagnostic { text, span: node.span });
        return;
    }
    if let Some(w) = deprecation_warning(kind) {
        if !report.warnings.iter().any(|x| x == w) {
            report.warnings.push(w.to_string());
        }
    }
    let v1_autoscaler = kind == Kind::HorizontalPodAutoscaler && api_version == "autoscaling/v1";
    let schema = if v1_autoscaler { "HorizontalPodAutoscalerV1" } else { info.name };
    let mut obj = match decode::decode_as(node, schema, info.name) {
        Ok(v) => v,
        Err(DecodeError::BadRequest { message, span }) => {
            let written = if v1_autoscaler { api_version } else { info.api_version };
            let version = written.rsplit('/').next().unwrap_or("v1");
            let e = ApiError::BadRequest(format!("{} in version \"{version}\" cannot be handled as a {}: {message}", info.name, info.name));
            report.errors.push(Diagnostic { text: e.render(Some((verb, source))), span });
            return;
        }
    };
    if v1_autoscaler {
        crate::model::autoscaler::convert_from_v1(&mut obj);
    }
    if mode == Mode::Apply {
        let applied = last_applied_json(&untyped, &ns, info.namespaced);
        let meta = obj.entry_map("metadata");
        let ann = meta.entry_map("annotations");
        ann.set(LAST_APPLIED, Value::str(applied));
    }
    crate::model::defaults::apply(kind, &mut obj);
    let causes = crate::model::validation::validate(kind, &obj);
    if !causes.is_empty() {
        let span = node.locate(&causes[0].path);
        let e = ApiError::Invalid { kind: info.name, name: name.clone(), causes };
        report.errors.push(Diagnostic { text: e.render(None), span });
        return;
    }
    if info.namespaced && !api.store.namespace_exists(&ns) {
        let e = ApiError::NotFound { resource: "namespaces".into(), name: ns.clone() };
        report.errors.push(Diagnostic { text: e.render(Some((verb, source))), span: node.span });
        return;
    }
    if mode == Mode::Replace {
        // replace sends the file's resourceVersion, if it has one, as a precondition.
        let sent = untyped.get("metadata").and_then(|m| m.get("resourceVersion")).and_then(Value::as_str);
        if let Err(e) = crate::apiserver::check_resource_version(api, kind, &ns, &name, sent) {
            report.errors.push(Diagnostic { text: e.render(Some((verb, source))), span: node.span });
            return;
        }
    }
    // kubectl's `warningNoLastAppliedConfigAnnotation`: apply merges against the last
    // applied configuration, and an object made by create, run or a controller has none.
    if exists && mode == Mode::Apply && api.store.last_applied(kind, &ns, &name).is_none() {
        report.warnings.push(format!(
            "Warning: resource {}/{name} is missing the {LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
            info.plural
        ));
    }
    let type_name = kind.type_name();
    let result = if exists && mode != Mode::Create {
        crate::apiserver::update(api, kind, &ns, &name, obj).map(|w| (name.clone(), w))
    } else {
        crate::apiserver::create(api, kind, &ns, obj).map(|n| (n, Written::Created))
    };
    match result {
        Ok((n, w)) => {
            let word = written_word(mode, w);
            report.out.push(format!("{type_name}/{n} {word}"));
            report.written.push((kind, ns.clone(), n.clone()));
            // Policies act where the network plugin enforces them; elsewhere the page says
            // the product's network ignores them.
            let note = match kind {
                // Admission acts on accounts, quotas, limit ranges and priority classes.
                Kind::ServiceAccount | Kind::ResourceQuota | Kind::LimitRange | Kind::PriorityClass => None,
                Kind::NetworkPolicy if crate::netpol::enforced(api) => None,
                Kind::NetworkPolicy => Some(crate::netpol::NOT_ENFORCED.to_string()),
                // An Ingress routes once a controller serves it; until then, why not.
                Kind::Ingress => api.store.written(Kind::Ingress, &ns, &n).and_then(|g| crate::ingress::why_no_address(&api.store, g)),
                k if crate::model::stored::is_stored(k) => Some(crate::model::stored::notice(k)),
                _ => None,
            };
            if let Some(text) = note {
                // Once per kind: the page says kubeplay keeps it and does not act on it.
                if !report.notes.iter().any(|d| d.text == text) {
                    report.notes.push(Diagnostic { text, span: node.get("kind").map(|k| k.span).unwrap_or(node.span) });
                }
            }
        }
        Err(e) => {
            let span = match &e {
                ApiError::Invalid { causes, .. } => causes.first().map(|c| node.locate(&c.path)).unwrap_or(node.span),
                _ => node.span,
            };
            report.errors.push(Diagnostic { text: e.render(Some((verb, source))), span });
        }
    }
}

/// What `apply_custom` needs of one document: where it is and what it names.
pub(crate) struct Document<'a> {
    pub node: &'a Node,
    pub source: &'a str,
    /// The namespace `-n` or the context gives.
    pub namespace: &'a str,
    /// The namespace the document names, if any.
    pub doc_ns: &'a str,
    pub name: &'a str,
}

/// The warning the API server sends with every request for a deprecated resource.
pub fn deprecation_warning(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Endpoints => Some("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"),
        _ => None,
    }
}

fn untyped_word(v: &Value) -> &'static str {
    match v {
        Value::Seq(_) => "!!seq",
        Value::Str(_) => "!!str",
        Value::Int(_) | Value::Float(_) => "!!int",
        Value::Bool(_) => "!!bool",
        _ => "!!null",
    }
}

/// What `kubectl apply` records as the last applied configuration: the document as
/// written, with the namespace filled in and an empty `annotations` map, as compact JSON.
pub(crate) fn last_applied_json(doc: &Value, ns: &str, namespaced: bool) -> String {
    let mut v = doc.clone();
    let meta = v.entry_map("metadata");
    let ann = meta.entry_map("annotations");
    ann.remove(LAST_APPLIED);
    if namespaced {
        meta.set("namespace", Value::str(ns));
    }
    let mut s = v.to_json();
    s.push('\n');
    s
}

/// What the API server answers a user who may not make the requests `kubectl apply` or
/// `create` makes for one document: apply reads the object first, then creates it (a
/// patch of an existing one is not checked).
#[allow(clippy::too_many_arguments)]
fn forbidden_as(api: &Api, user: &UserInfo, kind: Kind, ns: &str, name: &str, exists: bool, mode: Mode, source: &str) -> Option<String> {
    use crate::apiserver::authorizer::{authorize, forbidden, Attributes};
    let info = kind.info();
    if mode == Mode::Apply {
        let get = Attributes::resource("get", kind, name, ns);
        if let Err(reason) = authorize(&api.store, user, &get) {
            let version = info.api_version.rsplit('/').next().unwrap_or("v1");
            return Some(format!(
                "Error from server (Forbidden): error when retrieving current configuration of:\nResource: \"{g}/{version}, Resource={}\", GroupVersionKind: \"{g}/{version}, Kind={}\"\nName: \"{name}\", Namespace: \"{ns}\"\nfrom server for: \"{source}\": {}",
                info.plural,
                info.name,
                forbidden(user, &get, &reason),
                g = info.group
            ));
        }
        if exists {
            let patch = Attributes::resource("patch", kind, name, ns);
            return authorize(&api.store, user, &patch).err().map(|_| {
                format!("kubeplay: {} \"{name}\" was not applied: {:?} may not patch it, and kubeplay does not print the patch a refused apply shows yet.", info.name, user.name)
            });
        }
    }
    let create = Attributes::resource("create", kind, "", ns);
    authorize(&api.store, user, &create)
        .err()
        .map(|reason| format!("Error from server (Forbidden): error when creating \"{source}\": {}", forbidden(user, &create, &reason)))
}
