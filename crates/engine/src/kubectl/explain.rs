//! `kubectl explain RESOURCE[.field.path] [--recursive] [--api-version=G/V]` (kubectl's
//! `pkg/cmd/explain` with the OpenAPI v3 `plaintext` template): the fields of a kind,
//! walked from the same schema table the API server's decoding checks fields against.
//! Fields are listed in name order, as the template ranges over a map. The schema table
//! holds names and types only; descriptions are carried for the common kinds (see
//! `explain_text`), and every other field says that kubeplay does not carry its text.

use super::args::{self, flag, FlagSpec};
use super::explain_text;
use super::{Output, World};
use crate::model::kinds::{Kind, KINDS};
use crate::model::schema::{self, Ty};

const FLAGS: &[FlagSpec] = &[flag("recursive", None, false), flag("api-version", None, true), flag("output", Some('o'), true)];

/// The schema types whose fields kubeplay accepts without checking them: explain names
/// the type kubectl shows, and says their fields are not carried.
fn object_type(parent: &str, field: &str) -> &'static str {
    match (parent, field) {
        (_, "status") => "",
        ("Volume", "hostPath") => "HostPathVolumeSource",
        ("Volume", "emptyDir") => "EmptyDirVolumeSource",
        ("Volume", "secret") => "SecretVolumeSource",
        ("Volume", "configMap") => "ConfigMapVolumeSource",
        ("Volume", "persistentVolumeClaim") => "PersistentVolumeClaimVolumeSource",
        ("Volume", "projected") => "ProjectedVolumeSource",
        ("Volume", "downwardAPI") => "DownwardAPIVolumeSource",
        ("Volume", "ephemeral") => "EphemeralVolumeSource",
        ("Volume", "csi") => "CSIVolumeSource",
        ("Volume", "nfs") => "NFSVolumeSource",
        ("EnvVarSource", "fieldRef") => "ObjectFieldSelector",
        ("EnvVarSource", "resourceFieldRef") => "ResourceFieldSelector",
        ("EnvVarSource", "configMapKeyRef") => "ConfigMapKeySelector",
        ("EnvVarSource", "secretKeyRef") => "SecretKeySelector",
        ("EnvFromSource", "configMapRef") => "ConfigMapEnvSource",
        ("EnvFromSource", "secretRef") => "SecretEnvSource",
        ("Affinity", "podAffinity") => "PodAffinity",
        ("Affinity", "podAntiAffinity") => "PodAntiAffinity",
        ("SecurityContext", "capabilities") => "Capabilities",
        (_, "seccompProfile") => "SeccompProfile",
        (_, "seLinuxOptions") => "SELinuxOptions",
        (_, "managedFields") => "ManagedFieldsEntry",
        _ => "Object",
    }
}

/// The type kubectl's template prints for a field (`<string>`, `<[]Container>`,
/// `<map[string]string>`, `<ObjectMeta>`).
fn type_name(kind: &str, parent: &str, field: &str, ty: &Ty) -> String {
    match ty {
        Ty::Str | Ty::Time => "string".into(),
        Ty::I32 | Ty::I64 => "integer".into(),
        Ty::Bool => "boolean".into(),
        Ty::Num => "number".into(),
        Ty::IntOrStr => "IntOrString".into(),
        Ty::Quantity => "Quantity".into(),
        Ty::Any => "Object".into(),
        Ty::Obj => match object_type(parent, field) {
            "" if parent == kind => format!("{}Status", real_type(kind)),
            "" => "Object".into(),
            t => t.into(),
        },
        Ty::StrMap | Ty::BytesMap => "map[string]string".into(),
        Ty::QtyMap => "map[string]Quantity".into(),
        Ty::Seq(inner) => format!("[]{}", type_name(kind, parent, field, inner)),
        Ty::Struct(name) => real_type(name).into(),
    }
}

/// The schema table's own names for a few types, as the API names them.
fn real_type(name: &str) -> &str {
    match name {
        "HorizontalPodAutoscalerV1" => "HorizontalPodAutoscaler",
        "HorizontalPodAutoscalerSpecV1" => "HorizontalPodAutoscalerSpec",
        n => n,
    }
}

/// A struct type behind a field, through lists.
fn struct_of(ty: &Ty) -> Option<&'static str> {
    match ty {
        Ty::Struct(n) => Some(n),
        Ty::Seq(inner) => struct_of(inner),
        _ => None,
    }
}

/// Splits `deployments.apps.spec.replicas` into the kind and its field path: the longest
/// prefix that names a resource wins, as kubectl's `SplitAndParseResourceRequestWithMatchingPrefix`.
fn split(arg: &str) -> Option<(Kind, Vec<String>)> {
    let parts: Vec<&str> = arg.split('.').collect();
    (1..=parts.len()).rev().find_map(|n| {
        let kind = Kind::from_resource_arg(&parts[..n].join("."))?;
        Some((kind, parts[n..].iter().map(|s| s.to_string()).collect()))
    })
}

pub fn explain(_c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, FLAGS, "explain") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if let Some(o) = p.get("output").filter(|o| !matches!(*o, "plaintext" | "plaintext-openapiv2")) {
        return Output::err(format!("error: unsupported output format: {o}"));
    }
    let arg = match p.positional.as_slice() {
        [] => {
            return Output::err("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n")
        }
        [a] => a,
        _ => return Output::err("error: We accept only this format: explain RESOURCE\n"),
    };
    let Some((kind, path)) = split(arg) else {
        let first = arg.split('.').next().unwrap_or(arg);
        return Output::err(format!("error: the server doesn't have a resource type \"{first}\""));
    };
    let info = kind.info();
    let mut api_version = info.api_version.to_string();
    let mut root = info.name;
    if let Some(asked) = p.get("api-version") {
        let resource = info.plural;
        let (group, version) = asked.split_once('/').unwrap_or(("", asked));
        let gvr = format!("{group}/{version}, Resource={resource}");
        if kind == Kind::HorizontalPodAutoscaler && asked == "autoscaling/v1" {
            root = "HorizontalPodAutoscalerV1";
            api_version = asked.into();
        } else if asked != info.api_version {
            let served = KINDS.iter().any(|k| k.api_version == asked) || asked == "autoscaling/v1";
            return Output::err(if served {
                format!("error: GVR ({gvr}) not found in OpenAPI schema")
            } else {
                format!("error: couldn't find resource for \"{gvr}\"")
            });
        }
    }
    if schema::fields(root).is_none() {
        return Output::err(format!("kubeplay: kubectl explain would print the schema of {}, which kubeplay does not carry.", info.plural));
    }
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version.as_str()));
    let mut out = String::new();
    if !group.is_empty() {
        out.push_str(&format!("GROUP:      {group}\n"));
    }
    out.push_str(&format!("KIND:       {}\nVERSION:    {version}\n\n", info.name));

    // Walk the path: each step is a field of the current struct.
    let mut current = root;
    let mut described = info.name.to_string();
    let mut field_ty: Option<(String, Ty)> = None;
    let mut parent = root;
    for (i, step) in path.iter().enumerate() {
        let Some(fields) = schema::fields(current) else {
            // An unchecked object: kubeplay has no fields to walk into.
            return Output::err(format!("error: field \"{}\" does not exist", path.last().unwrap_or(step)));
        };
        let Some((_, ty)) = fields.iter().find(|(n, _)| *n == step) else {
            return Output::err(format!("error: field \"{}\" does not exist", path.last().unwrap_or(step)));
        };
        if i + 1 == path.len() {
            out.push_str(&format!("FIELD: {step} <{}>\n", type_name(root, current, step, ty)));
            // kubectl's long view lists every enum value on its own line.
            if let Some(values) = explain_text::enum_values(current, step) {
                out.push_str("ENUM:");
                values.iter().for_each(|v| out.push_str(&format!("\n    {v}")));
            }
            out.push_str("\n\n");
        }
        parent = current;
        described = format!("{current}.{step}");
        field_ty = Some((step.clone(), ty.clone()));
        match struct_of(ty) {
            Some(s) => current = s,
            None if i + 1 < path.len() => {
                let last = path.last().unwrap_or(step);
                if matches!(ty, Ty::Obj | Ty::Any | Ty::Seq(_)) {
                    return Output::err(format!(
                        "kubeplay: kubectl explain would show the field \"{last}\" inside {step} <{}>, whose fields kubeplay accepts without carrying their schema.",
                        type_name(root, parent, step, ty)
                    ));
                }
                return Output::err(format!("error: field \"{last}\" does not exist"));
            }
            None => current = "",
        }
    }
    let description = match &field_ty {
        None => explain_text::kind(info.name).map(String::from).unwrap_or_else(|| {
            format!("kubeplay does not carry the description of {}; the fields below are the ones Kubernetes v1.33 defines.", info.name)
        }),
        Some((name, _)) => explain_text::field(root, parent, name)
            .map(String::from)
            .unwrap_or_else(|| format!("kubeplay does not carry the description of {described}.")),
    };
    out.push_str("DESCRIPTION:\n");
    out.push_str(&indent(&wrap(&format!("{description}\n"), 76), 4));
    out.push('\n');
    match schema::fields(current) {
        Some(fields) => {
            out.push_str("FIELDS:\n");
            let mut seen = vec![current];
            field_list(&mut out, root, current, fields, 1, p.bool("recursive"), &mut seen);
        }
        None => {
            if let Some((name, ty @ (Ty::Obj | Ty::Seq(_)))) = &field_ty {
                if type_name(root, parent, name, ty).contains("Object") || matches!(ty, Ty::Obj) {
                    out.push_str(&indent(
                        &wrap(
                            "kubeplay accepts this field as written but does not carry its schema, so its fields are not listed here.\n",
                            76,
                        ),
                        4,
                    ));
                    out.push('\n');
                }
            }
        }
    }
    out.push('\n');
    Output::ok(out)
}

/// kubectl's `fieldList`: each field with its type and `-required-`, then (not recursive)
/// its description and a blank line, or (recursive) its own fields indented below it.
fn field_list(
    out: &mut String,
    kind: &str,
    parent: &'static str,
    fields: &schema::Fields,
    level: usize,
    recursive: bool,
    seen: &mut Vec<&'static str>,
) {
    let mut sorted: Vec<&(&'static str, Ty)> = fields.iter().collect();
    sorted.sort_by_key(|(n, _)| *n);
    let pad = " ".repeat(level * 2);
    for (name, ty) in sorted {
        out.push_str(&format!("{pad}{name}\t<{}>", type_name(kind, parent, name, ty)));
        if explain_text::required(parent, name) {
            out.push_str(" -required-");
        }
        // The short view: at most four values, then `, ....`.
        if let Some(values) = explain_text::enum_values(parent, name) {
            let shown: Vec<&str> = values.iter().take(4).copied().collect();
            let more = if values.len() > 4 { ", ...." } else { "" };
            out.push_str(&format!("\n{pad}enum: {}{more}", shown.join(", ")));
        }
        out.push('\n');
        if recursive {
            // A type already being listed above is a cycle: kubectl stops there.
            if let Some(s) = struct_of(ty).filter(|s| !seen.contains(s)) {
                if let Some(inner) = schema::fields(s) {
                    seen.push(s);
                    field_list(out, kind, s, inner, level + 1, true, seen);
                    seen.pop();
                }
            }
        } else {
            let text = explain_text::field(kind, parent, name)
                .map(String::from)
                .unwrap_or_else(|| "(kubeplay does not carry this field's description)".to_string());
            out.push_str(&indent(&wrap(&text, 78 - level * 2), level * 2 + 2));
            out.push_str("\n\n");
        }
    }
}

/// sprig's `indent`: every line, including an empty last one, gets the pad.
fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
}

/// sprig's `wrap` (goutils `WrapCustom` without wrapping long words): break at the last
/// space within `width`; a word longer than `width` (a URL) stays whole on its own line.
fn wrap(text: &str, width: usize) -> String {
    let s = text.as_bytes();
    let mut out = String::new();
    let mut offset = 0;
    while s.len() - offset > width {
        if s[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = (offset + width + 1).min(s.len());
        match text[offset..end].rfind(' ') {
            Some(sp) => {
                out.push_str(&text[offset..offset + sp]);
                out.push('\n');
                offset += sp + 1;
            }
            None => match text[offset + width..].find(' ') {
                Some(sp) => {
                    out.push_str(&text[offset..offset + width + sp]);
                    out.push('\n');
                    offset += width + sp + 1;
                }
                None => {
                    out.push_str(&text[offset..]);
                    offset = s.len();
                }
            },
        }
    }
    out.push_str(&text[offset..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_like_sprig() {
        let text = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
        assert_eq!(
            wrap(text, 76),
            "APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values. More info:\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"
        );
    }

    #[test]
    fn resource_and_path_split_at_the_longest_resource() {
        let (k, path) = split("deployments.apps.spec.replicas").unwrap();
        assert_eq!(k, Kind::Deployment);
        assert_eq!(path, vec!["spec", "replicas"]);
        assert!(split("nosuch.spec").is_none());
    }
}
