//! Validation as the API server does it, producing field errors worded as
//! `k8s.io/apimachinery/pkg/util/validation/field` words them.

pub mod apps;
pub mod batch;
pub mod config;
pub mod endpoints;
pub mod job_policy;
pub mod names;
pub mod networking;
pub mod node;
pub mod pod;
pub mod rbac;
pub mod scheduling;
pub mod service;
pub mod storage;

use crate::model::Kind;
use crate::value::Value;
use std::fmt::Write;

/// One cause of a 422: `path` locates it in the manifest, `text` is the whole line kubectl
/// prints (`spec.selector: Required value`).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub path: String,
    pub text: String,
}

#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    fn push(&mut self, path: &str, body: String) {
        let text = format!("{path}: {body}");
        if !self.0.iter().any(|e| e.text == text) {
            self.0.push(FieldError { path: path.to_string(), text });
        }
    }

    pub fn required(&mut self, path: &str) {
        self.push(path, "Required value".into());
    }

    pub fn required_with(&mut self, path: &str, detail: &str) {
        self.push(path, format!("Required value: {detail}"));
    }

    pub fn invalid(&mut self, path: &str, value: &Value, detail: &str) {
        self.push(path, format!("Invalid value: {}: {detail}", go_repr(value)));
    }

    pub fn invalid_raw(&mut self, path: &str, repr: &str, detail: &str) {
        self.push(path, format!("Invalid value: {repr}: {detail}"));
    }

    pub fn not_supported(&mut self, path: &str, value: &str, supported: &[&str]) {
        let list: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
        self.push(path, format!("Unsupported value: {value:?}: supported values: {}", list.join(", ")));
    }

    /// `field.Invalid` with `field.OmitValueType{}`: the detail alone.
    pub fn invalid_omit(&mut self, path: &str, detail: &str) {
        self.push(path, format!("Invalid value: {detail}"));
    }

    pub fn too_many(&mut self, path: &str, actual: usize, max: usize) {
        self.push(path, format!("Too many: {actual}: must have at most {max} items"));
    }

    pub fn forbidden(&mut self, path: &str, detail: &str) {
        self.push(path, format!("Forbidden: {detail}"));
    }

    pub fn duplicate(&mut self, path: &str, value: &Value) {
        self.push(path, format!("Duplicate value: {}", go_repr(value)));
    }

    pub fn non_negative(&mut self, path: &str, v: Option<i64>) {
        if let Some(n) = v.filter(|n| *n < 0) {
            self.invalid(path, &Value::Int(n), "must be greater than or equal to 0");
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How `field.Invalid` prints a value: ints and bools plain, strings quoted, maps as Go's
/// `%#v` (`map[string]string{"app":"web"}`).
/// Go's `strconv.Quote`: what `%q` prints in the API server's messages.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\'' => out.push('\''),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            // Printable as Rust judges it (close to Go's unicode.IsPrint).
            c if c.escape_debug().count() == 1 && c != '\u{ad}' => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

pub fn go_repr(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => go_quote(s),
        Value::Map(m) => {
            if m.is_empty() {
                return "map[string]string(nil)".into();
            }
            let mut pairs: Vec<&(String, Value)> = m.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out = String::from("map[string]string{");
            for (i, (k, v)) in pairs.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}:{}", go_quote(k), go_quote(v.as_str().unwrap_or("")));
            }
            out.push('}');
            out
        }
        Value::Seq(_) => "[]string{...}".into(),
    }
}

pub fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// `ValidateObjectMeta`: name rules per kind, labels and annotations.
pub fn object_meta(errs: &mut Errors, meta: Option<&Value>, name_rule: fn(&str) -> Vec<String>, path: &str) {
    let empty = Value::Map(vec![]);
    let meta = meta.unwrap_or(&empty);
    let name = str_at(meta, "name").unwrap_or("");
    let name_path = format!("{path}.name");
    if name.is_empty() {
        if str_at(meta, "generateName").unwrap_or("").is_empty() {
            errs.required_with(&name_path, "name or generateName is required");
        }
    } else {
        for msg in name_rule(name) {
            errs.invalid(&name_path, &Value::str(name), &msg);
        }
    }
    labels(errs, meta.get("labels"), &format!("{path}.labels"));
    if let Some(Value::Map(ann)) = meta.get("annotations") {
        for (k, _) in ann {
            for msg in names::qualified_name(k) {
                errs.invalid(&format!("{path}.annotations"), &Value::str(k.clone()), &msg);
            }
        }
        let total: usize = ann.iter().map(|(k, v)| k.len() + v.as_str().map_or(0, str::len)).sum();
        if total > 256 * 1024 {
            errs.push(&format!("{path}.annotations"), "Too long: must have at most 262144 bytes".into());
        }
    }
}

pub fn labels(errs: &mut Errors, labels: Option<&Value>, path: &str) {
    if let Some(Value::Map(m)) = labels {
        for (k, v) in m {
            for msg in names::qualified_name(k) {
                errs.invalid(path, &Value::str(k.clone()), &msg);
            }
            let text = v.as_str().unwrap_or("");
            for msg in names::label_value(text) {
                errs.invalid(path, &Value::str(text), &msg);
            }
        }
    }
}

/// `ValidateNonnegativeQuantity`, the part of `ValidateResourceQuantityValue` kubeplay
/// checks: a resource quantity is not negative. (The value is printed as written, where
/// the API server prints its canonical form: `-0.5` is `-500m` there.)
pub(crate) fn quantity_not_negative(errs: &mut Errors, q: &Value, path: &str) {
    if let Some(text) = q.as_str() {
        if crate::quantity::parse(text).is_some_and(|v| v < 0) {
            errs.invalid(path, q, "must be greater than or equal to 0");
        }
    }
}

/// Validates a decoded, defaulted object. The error list is what kubectl prints after
/// `The <Kind> "<name>" is invalid:`.
pub fn validate(kind: Kind, obj: &Value) -> Vec<FieldError> {
    let mut errs = Errors::default();
    let meta = obj.get("metadata");
    let empty = Value::Map(vec![]);
    let spec = obj.get("spec").unwrap_or(&empty);
    match kind {
        Kind::Pod => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            pod::pod_spec(&mut errs, spec, "spec");
            // `ValidatePodCreate`: ephemeral containers are added to a running pod through
            // its subresource (`kubectl debug`), never written with it.
            if !spec.get("ephemeralContainers").map(Value::as_seq).unwrap_or(&[]).is_empty() {
                errs.forbidden("spec.ephemeralContainers", "cannot be set on create");
            }
        }
        Kind::Deployment => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            apps::deployment_spec(&mut errs, spec);
        }
        Kind::ReplicaSet => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            apps::replicaset_spec(&mut errs, spec);
        }
        Kind::ReplicationController => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            apps::replication_controller_spec(&mut errs, spec);
        }
        Kind::PodDisruptionBudget => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            apps::pdb_spec(&mut errs, spec);
        }
        Kind::DaemonSet => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            apps::daemonset_spec(&mut errs, spec);
        }
        Kind::StatefulSet => {
            // `ValidateStatefulSetName`: a DNS label, as its pods' names must be.
            object_meta(&mut errs, meta, names::dns1123_label, "metadata");
            apps::statefulset_spec(&mut errs, spec);
        }
        Kind::ControllerRevision => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            if obj.get("data").is_none_or(Value::is_null) {
                errs.required_with("data", "data is mandatory");
            }
            errs.non_negative("revision", obj.get("revision").and_then(Value::as_i64));
        }
        Kind::Service => {
            object_meta(&mut errs, meta, names::dns1035_label, "metadata");
            service::service_spec(&mut errs, spec);
        }
        Kind::Node => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            // ValidateNode: the resource lists of the status.
            for list in ["capacity", "allocatable"] {
                if let Some(Value::Map(m)) = obj.get("status").and_then(|s| s.get(list)) {
                    for (name, q) in m {
                        quantity_not_negative(&mut errs, q, &format!("status.{list}.{name}"));
                    }
                }
            }
        }
        Kind::Namespace => object_meta(&mut errs, meta, names::dns1123_label, "metadata"),
        Kind::HorizontalPodAutoscaler => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            apps::hpa_spec(&mut errs, spec);
        }
        Kind::Endpoints => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            endpoints::endpoints(&mut errs, obj);
        }
        Kind::EndpointSlice => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            endpoints::endpoint_slice(&mut errs, obj);
        }
        Kind::Job => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            batch::job_spec(&mut errs, spec, "spec");
            // An Indexed Job's pods are named `<job>-<index>` as hostnames.
            let indexed = str_at(spec, "completionMode") == Some("Indexed");
            if let (true, Some(name), Some(n)) =
                (indexed, meta.and_then(|m| str_at(m, "name")), spec.get("completions").and_then(Value::as_i64).filter(|n| *n > 0))
            {
                let host = format!("{name}-{}", n - 1);
                if !names::dns1123_label(&host).is_empty() {
                    errs.invalid(
                        "metadata.name",
                        &Value::str(name),
                        &format!("will not able to create pod with invalid DNS label: {host}"),
                    );
                }
            }
        }
        Kind::CronJob => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            batch::cronjob_spec(&mut errs, spec);
            // The Jobs it creates add 11 characters (`-` and the minutes) to its name.
            if let Some(name) = meta.and_then(|m| str_at(m, "name")).filter(|n| n.len() > 52) {
                errs.invalid("metadata.name", &Value::str(name), "must be no more than 52 characters");
            }
        }
        Kind::ConfigMap => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            config::configmap(&mut errs, obj);
        }
        Kind::Secret => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            config::secret(&mut errs, obj);
        }
        Kind::PersistentVolumeClaim => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            storage::claim_spec(&mut errs, spec);
        }
        Kind::PersistentVolume => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            storage::volume_spec(&mut errs, spec);
        }
        Kind::StorageClass => {
            object_meta(&mut errs, meta, names::dns1123_subdomain, "metadata");
            storage::class(&mut errs, obj);
        }
        Kind::Event => {}
        k => crate::model::stored::validate(&mut errs, k, obj),
    }
    errs.0
}
