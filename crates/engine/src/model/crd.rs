//! CustomResourceDefinitions as the API server reads them to serve their kinds: names,
//! scope, versions with their schemas and printer columns; and the custom resources
//! themselves, kept as written (after pruning and defaulting).

use super::meta::ObjectMeta;
use super::validation::{names, Errors};
use super::Generic;
use crate::value::Value;

/// One of `additionalPrinterColumns`.
#[derive(Clone, Debug, PartialEq)]
pub struct PrinterColumn {
    pub name: String,
    pub type_: String,
    pub json_path: String,
    pub priority: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub name: String,
    pub served: bool,
    pub storage: bool,
    /// `schema.openAPIV3Schema`.
    pub schema: Value,
    pub columns: Vec<PrinterColumn>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Crd {
    /// `plural.group`, the CRD's own name.
    pub name: String,
    pub group: String,
    pub kind: String,
    pub plural: String,
    pub singular: String,
    pub short: Vec<String>,
    pub categories: Vec<String>,
    pub namespaced: bool,
    pub versions: Vec<Version>,
}

/// A custom resource: its kind's CRD name, the version it was written in, its metadata
/// and every other field (`spec`, `status`, or whatever the schema allows at the top).
#[derive(Clone, Debug, PartialEq)]
pub struct CustomResource {
    pub crd: String,
    pub api_version: String,
    pub kind: String,
    pub meta: ObjectMeta,
    pub body: Value,
}

impl CustomResource {
    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("apiVersion".to_string(), Value::str(self.api_version.clone())),
            ("kind".to_string(), Value::str(self.kind.clone())),
            ("metadata".to_string(), self.meta.to_value()),
        ];
        m.extend(self.body.as_map().into_iter().flatten().cloned());
        Value::Map(m)
    }
}

fn strs(v: Option<&Value>) -> Vec<String> {
    v.map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

impl Crd {
    pub fn from_generic(g: &Generic) -> Crd {
        let s = &g.spec;
        let names = s.get("names").cloned().unwrap_or(Value::Null);
        let versions = s
            .get("versions")
            .map(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .map(|v| Version {
                name: text(v, "name"),
                served: v.get("served").and_then(Value::as_bool).unwrap_or(false),
                storage: v.get("storage").and_then(Value::as_bool).unwrap_or(false),
                schema: v.get("schema").and_then(|x| x.get("openAPIV3Schema")).cloned().unwrap_or(Value::Null),
                columns: v
                    .get("additionalPrinterColumns")
                    .map(Value::as_seq)
                    .unwrap_or(&[])
                    .iter()
                    .map(|c| PrinterColumn {
                        name: text(c, "name"),
                        type_: text(c, "type"),
                        json_path: text(c, "jsonPath"),
                        priority: c.get("priority").and_then(Value::as_i64).unwrap_or(0),
                    })
                    .collect(),
            })
            .collect();
        let kind = text(&names, "kind");
        let singular = match text(&names, "singular") {
            s if s.is_empty() => kind.to_ascii_lowercase(),
            s => s,
        };
        Crd {
            name: g.meta.name.clone(),
            group: text(s, "group"),
            kind,
            plural: text(&names, "plural"),
            singular,
            short: strs(names.get("shortNames")),
            categories: strs(names.get("categories")),
            namespaced: text(s, "scope") != "Cluster",
            versions,
        }
    }

    pub fn served_version(&self, name: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.served && v.name == name)
    }

    /// The version kubectl reads in: the first served one (discovery's preferred version
    /// sorts by Kubernetes' version priority; kubeplay takes the storage version).
    pub fn preferred(&self) -> Option<&Version> {
        self.versions.iter().find(|v| v.served && v.storage).or_else(|| self.versions.iter().find(|v| v.served))
    }

    pub fn api_version(&self, version: &str) -> String {
        format!("{}/{version}", self.group)
    }

    /// `crontab.stable.example.com`, as kubectl names the objects it printed.
    pub fn type_name(&self) -> String {
        format!("{}.{}", self.singular, self.group)
    }

    /// `crontabs.stable.example.com`, as the API server's messages name the resource.
    pub fn resource(&self) -> String {
        format!("{}.{}", self.plural, self.group)
    }

    /// Whether a `kubectl get TYPE` argument names this kind: plural, singular, short name
    /// or kind, alone or with `.group` / `.version.group`, any case.
    pub fn matches_arg(&self, arg: &str) -> bool {
        let a = arg.to_ascii_lowercase();
        let kind = self.kind.to_ascii_lowercase();
        [self.plural.as_str(), self.singular.as_str(), kind.as_str()].iter().any(|n| {
            a == *n
                || a == format!("{n}.{}", self.group)
                || self.versions.iter().any(|v| v.served && a == format!("{n}.{}.{}", v.name, self.group))
        }) || self.short.iter().any(|s| a == s.to_ascii_lowercase())
    }
}

/// Whether the CRD's status says its names are accepted and its kind is served.
pub fn established(g: &Generic) -> bool {
    g.status
        .get("conditions")
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .any(|c| c.get("type").and_then(Value::as_str) == Some("Established") && c.get("status").and_then(Value::as_str) == Some("True"))
}

/// The API server's defaults for a CRD (`SetDefaults_CustomResourceDefinition…`).
pub fn defaults(obj: &mut Value) {
    let spec = obj.entry_map("spec");
    if spec.get("conversion").is_none() {
        spec.set("conversion", Value::Map(vec![("strategy".into(), Value::str("None"))]));
    }
    let names = spec.entry_map("names");
    let kind = text(names, "kind");
    if names.get("listKind").is_none() && !kind.is_empty() {
        names.set("listKind", Value::str(format!("{kind}List")));
    }
    if names.get("singular").is_none() && !kind.is_empty() {
        names.set("singular", Value::str(kind.to_ascii_lowercase()));
    }
}

/// A part of `ValidateCustomResourceDefinition`: the names, the scope, the versions and
/// their schemas, with the API server's texts.
pub fn validate(errs: &mut Errors, obj: &Value) {
    let empty = Value::Map(vec![]);
    let spec = obj.get("spec").unwrap_or(&empty);
    let names_v = spec.get("names").unwrap_or(&empty);
    let group = text(spec, "group");
    if group.is_empty() {
        errs.required("spec.group");
    } else if !group.contains('.') {
        errs.invalid("spec.group", &Value::str(group.clone()), "should be a domain with at least one dot");
    }
    match text(spec, "scope").as_str() {
        "Namespaced" | "Cluster" => {}
        "" => errs.required("spec.scope"),
        other => errs.not_supported("spec.scope", other, &["Cluster", "Namespaced"]),
    }
    for (key, path) in [("plural", "spec.names.plural"), ("kind", "spec.names.kind")] {
        let v = text(names_v, key);
        if v.is_empty() {
            errs.required(path);
        } else if key == "plural" {
            for m in names::dns1123_label(&v) {
                errs.invalid(path, &Value::str(v.clone()), &m);
            }
        }
    }
    let versions = spec.get("versions").map(Value::as_seq).unwrap_or(&[]);
    if versions.is_empty() {
        errs.invalid_omit("spec.versions", "must have exactly one version marked as storage version");
        return;
    }
    let storage = versions.iter().filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true)).count();
    if storage != 1 {
        errs.invalid_omit("spec.versions", "must have exactly one version marked as storage version");
    }
    for (i, v) in versions.iter().enumerate() {
        let path = format!("spec.versions[{i}]");
        if text(v, "name").is_empty() {
            errs.required(&format!("{path}.name"));
        }
        match v.get("schema").and_then(|s| s.get("openAPIV3Schema")) {
            None => errs.required_with(&format!("{path}.schema.openAPIV3Schema"), "schemas are required"),
            Some(schema) => super::openapi::validate_schema(errs, schema, &format!("{path}.schema.openAPIV3Schema")),
        }
    }
}

/// The status the API server's naming and establishing controllers give a CRD: its
/// accepted names, and `NamesAccepted`/`Established` (or why not, when another CRD of
/// the group has the plural or the kind). `taken` holds the other CRDs' (plural, kind).
pub fn status(obj_spec: &Value, taken: &[(String, String)], now: crate::time::Millis, old: &Value) -> Value {
    let names_v = obj_spec.get("names").cloned().unwrap_or(Value::Map(vec![]));
    let plural = text(&names_v, "plural");
    let kind = text(&names_v, "kind");
    let conflict = if taken.iter().any(|(p, _)| *p == plural) {
        Some(("PluralConflict", format!("{plural:?} is already in use")))
    } else if taken.iter().any(|(_, k)| *k == kind) {
        Some(("KindConflict", format!("{kind:?} is already in use")))
    } else {
        None
    };
    let when = |ty: &str, status: &str| -> Value {
        // A condition keeps its transition time while its status holds.
        let kept = old
            .get("conditions")
            .map(Value::as_seq)
            .unwrap_or(&[])
            .iter()
            .find(|c| c.get("type").and_then(Value::as_str) == Some(ty) && c.get("status").and_then(Value::as_str) == Some(status));
        kept.and_then(|c| c.get("lastTransitionTime").cloned()).unwrap_or_else(|| Value::str(crate::time::rfc3339(now)))
    };
    let cond = |ty: &str, status: &str, reason: &str, message: &str| {
        Value::Map(vec![
            ("lastTransitionTime".into(), when(ty, status)),
            ("message".into(), Value::str(message)),
            ("reason".into(), Value::str(reason)),
            ("status".into(), Value::str(status)),
            ("type".into(), Value::str(ty)),
        ])
    };
    let mut accepted = names_v.clone();
    accepted.remove("categories");
    let storage: Vec<Value> = obj_spec
        .get("versions")
        .map(Value::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
        .filter_map(|v| v.get("name").cloned())
        .collect();
    let (conditions, accepted) = match conflict {
        None => (
            vec![
                cond("NamesAccepted", "True", "NoConflicts", "no conflicts found"),
                cond("Established", "True", "InitialNamesAccepted", "the initial names have been accepted"),
            ],
            accepted,
        ),
        Some((reason, message)) => (
            vec![
                cond("NamesAccepted", "False", reason, &message),
                cond("Established", "False", "NotAccepted", "not all names are accepted"),
            ],
            Value::Map(vec![("kind".into(), Value::str("")), ("plural".into(), Value::str(""))]),
        ),
    };
    let mut stored = old.get("storedVersions").map(Value::as_seq).unwrap_or(&[]).to_vec();
    for v in storage {
        if !stored.contains(&v) {
            stored.push(v);
        }
    }
    Value::Map(vec![
        ("acceptedNames".into(), accepted),
        ("conditions".into(), Value::Seq(conditions)),
        ("storedVersions".into(), Value::Seq(stored)),
    ])
}
