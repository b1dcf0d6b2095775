//! `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]` (kubectl's
//! `pkg/cmd/patch`): the patch is read as YAML or JSON, applied to the live object as the
//! API server applies it, and the result written through the same path as `apply`, so
//! validation, immutable fields and a Deployment's rollout behave alike.

use super::args::{self, flag, FlagSpec};
use super::get::ObjRef;
use super::{Output, World};
use crate::apiserver::{ApiError, Written};
use crate::files::Files;
use crate::model::Kind;
use crate::patch::{PatchError, PatchType};
use crate::value::Value;

const PATCH_FLAGS: &[FlagSpec] = &[
    flag("patch", Some('p'), true),
    flag("patch-file", None, true),
    flag("type", None, true),
    flag("subresource", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("filename", Some('f'), true),
    flag("local", None, false),
    flag("field-manager", None, true),
    flag("record", None, false),
];

pub(super) const NO_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

pub fn patch(c: &mut World, rest: &[String], files: &dyn Files) -> Output {
    let p = match args::parse(rest, PATCH_FLAGS, "patch") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    // An empty value counts as none, as kubectl checks the length.
    let given = |flag: &str| p.get(flag).filter(|v| !v.is_empty());
    let text = match (given("patch"), given("patch-file")) {
        (Some(_), Some(_)) => return Output::err("error: cannot specify --patch and --patch-file together"),
        (None, None) => return Output::err("error: must specify --patch or --patch-file containing the contents of the patch"),
        (Some(t), None) => t.to_string(),
        (None, Some(path)) => match files.read(path) {
            Ok(t) => t,
            Err(crate::files::FileError::Missing(_)) => {
                return Output::err(format!("error: unable to read patch file: open {path}: no such file or directory"))
            }
            Err(e) => return Output::err(e.to_string()),
        },
    };
    let ty = match p.get("type") {
        None => PatchType::Strategic,
        Some(t) => match PatchType::parse(t) {
            Some(ty) => ty,
            None => return Output::err(format!("error: --type must be one of [json merge strategic], not \"{t}\"")),
        },
    };
    let subresource = p.get("subresource").unwrap_or("");
    if !["", "status", "scale"].contains(&subresource) {
        return Output::err(format!("error: invalid subresource value: \"{subresource}\". Must be one of [status scale]"));
    }
    if p.has("filename") || p.bool("local") {
        return Output::err("kubeplay: kubectl patch -f and --local are not simulated yet; name the object as TYPE NAME.");
    }
    if p.get("dry-run").is_some_and(|d| d != "none") {
        return Output::err("kubeplay: --dry-run is not simulated yet.");
    }
    let output = p.get("output").unwrap_or("");
    const PRINTERS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";
    if !["", "yaml", "json", "name"].contains(&output) {
        let known = PRINTERS.split(',').any(|f| Some(f) == output.split('=').next());
        return Output::err(if known {
            format!("kubeplay: kubectl patch -o {output} is not simulated; -o yaml, json and name are.")
        } else {
            format!("error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: {PRINTERS}")
        });
    }
    let body = match parse_body(&text) {
        Ok(v) => v,
        Err(e) => return Output::err(e),
    };
    if p.positional.is_empty() {
        return Output::err(NO_RESOURCES);
    }
    let groups = match super::get::resource_args(&p.positional) {
        Ok(g) => g,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let mut out = Output::default();
    for (kind, names) in groups {
        if names.is_empty() {
            return Output::err("error: resource(s) were provided, but no name was specified");
        }
        for name in names {
            let r = ObjRef { kind, ns: if kind.info().namespaced { ns.clone() } else { String::new() }, name };
            let result = match subresource {
                "scale" => patch_scale(c, &r, ty, &body),
                "status" => {
                    Err("kubeplay: kubectl patch --subresource=status is not simulated yet (kubeplay's controllers write every status)."
                        .into())
                }
                _ => patch_object(c, &r, ty, &body).map(|changed| match output {
                    "yaml" => super::get::to_value(c, &r).to_yaml().trim_end().to_string(),
                    "json" => super::get::to_value(c, &r).to_json_pretty().trim_end().to_string(),
                    "name" => format!("{}/{}", kind.type_name(), r.name),
                    _ => format!("{}/{} patched{}", kind.type_name(), r.name, if changed { "" } else { " (no change)" }),
                }),
            };
            match result {
                Ok(line) => {
                    out.stdout.push_str(&line);
                    out.stdout.push('\n');
                }
                Err(e) => {
                    out.stderr.push_str(&e);
                    out.stderr.push('\n');
                    out.code = 1;
                }
            }
        }
    }
    out
}

/// The patch's text as a value: kubectl converts YAML (of which JSON is a part) to JSON
/// before it sends it.
pub(super) fn parse_body(text: &str) -> Result<Value, String> {
    let stream = crate::yaml::parse_stream(text);
    let quoted = crate::model::validation::go_quote(text);
    if let Some(e) = stream.error {
        return Err(format!("error: unable to parse {quoted}: error converting YAML to JSON: yaml: {}", e.message));
    }
    Ok(stream.docs.first().map(|d| crate::model::decode::untyped(&d.root)).unwrap_or(Value::Null))
}

/// What the API server answers for a patch it cannot apply, as kubectl prints it.
fn patch_error(e: PatchError) -> String {
    match e {
        PatchError::BadRequest(m) => ApiError::BadRequest(m).render(None),
        PatchError::Unprocessable => "The request is invalid: the server rejected our request due to an error in our request".into(),
        // A plain error on the server is a 500 without a reason.
        PatchError::Internal(m) => format!("Error from server: {m}"),
    }
}

pub(super) fn apply_patch(ty: PatchType, live: &Value, body: &Value) -> Result<Value, String> {
    match ty {
        PatchType::Json => crate::patch::json::apply(live, body),
        PatchType::Merge => Ok(crate::patch::json::merge(live, body)),
        PatchType::Strategic => crate::patch::strategic::apply(live, body),
    }
    .map_err(patch_error)
}

/// Patches one object; whether it changed.
fn patch_object(c: &mut World, r: &ObjRef, ty: PatchType, body: &Value) -> Result<bool, String> {
    if r.kind == Kind::Event {
        return Err("kubeplay: patching events is not simulated: kubeplay's events are written by its components only.".into());
    }
    if !super::get::exists(c, r) {
        return Err(ApiError::NotFound { resource: r.kind.resource_name(), name: r.name.clone() }.render(None));
    }
    let live = super::get::to_value(c, r);
    let patched = apply_patch(ty, &live, body)?;
    if patched == live {
        return Ok(false);
    }
    write(c, r, patched).map(|w| w != Written::Unchanged).map_err(|e| e.render(None))
}

/// Writes a whole object, changed by a patch or an edit, as the API server does after it
/// applied the patch: decoded strictly, defaulted, validated, then updated.
pub(super) fn write(c: &mut World, r: &ObjRef, mut obj: Value) -> Result<Written, ApiError> {
    let info = r.kind.info();
    let meta = obj.get("metadata");
    let name = meta.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
    if name != r.name {
        return Err(ApiError::BadRequest(format!("the name of the object ({name}) does not match the name on the URL ({})", r.name)));
    }
    // An object without a namespace takes the request's.
    let ns = meta.and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("");
    if info.namespaced && !ns.is_empty() && ns != r.ns {
        return Err(ApiError::BadRequest("the namespace of the provided object does not match the namespace sent on the request".into()));
    }
    if info.namespaced && ns.is_empty() {
        obj.entry_map("metadata").set("namespace", Value::str(r.ns.clone()));
    }
    let sent = obj.get("metadata").and_then(|m| m.get("resourceVersion")).and_then(Value::as_str).map(String::from);
    crate::apiserver::check_resource_version(&c.api, r.kind, &r.ns, &r.name, sent.as_deref())?;
    let text = obj.to_json();
    let stream = crate::yaml::parse_stream(&text);
    let Some(doc) = stream.docs.first() else { return Err(ApiError::BadRequest("empty object".into())) };
    let mut typed = match crate::model::decode::decode(&doc.root, info.name) {
        Ok(v) => v,
        Err(crate::model::decode::DecodeError::BadRequest { message, .. }) => {
            let version = info.api_version.rsplit('/').next().unwrap_or("v1");
            return Err(ApiError::BadRequest(format!(
                "{} in version \"{version}\" cannot be handled as a {}: {message}",
                info.name, info.name
            )));
        }
    };
    crate::model::defaults::apply(r.kind, &mut typed);
    // The JSON text had its keys sorted; the stored object keeps the order it was written
    // in, and a template compares equal to its ReplicaSet's only in the same order.
    let live = super::get::to_value(c, r);
    keep_order(&mut typed, &live);
    // A pod's binding and token volume, shown in its spec, are set aside by the API
    // server's update (`apiserver::update`), as for an apply.
    let causes = crate::model::validation::validate(r.kind, &typed);
    if !causes.is_empty() {
        return Err(ApiError::Invalid { kind: info.name, name: r.name.clone(), causes });
    }
    let written = crate::apiserver::update(&mut c.api, r.kind, &r.ns, &r.name, typed)?;
    c.settle();
    Ok(written)
}

/// Orders `v`'s keys as `like` has them, new keys last, all the way down.
fn keep_order(v: &mut Value, like: &Value) {
    match (v, like) {
        (Value::Map(m), Value::Map(l)) => {
            m.sort_by_key(|(k, _)| l.iter().position(|(lk, _)| lk == k).unwrap_or(usize::MAX));
            for (k, x) in m.iter_mut() {
                if let Some((_, lx)) = l.iter().find(|(lk, _)| lk == k) {
                    keep_order(x, lx);
                }
            }
        }
        (Value::Seq(items), Value::Seq(l)) => {
            for (x, lx) in items.iter_mut().zip(l) {
                keep_order(x, lx);
            }
        }
        _ => {}
    }
}

/// `--subresource=scale`: the patch applies to the object's Scale (autoscaling/v1), whose
/// `spec.replicas` is the one field written back.
fn patch_scale(c: &mut World, r: &ObjRef, ty: PatchType, body: &Value) -> Result<String, String> {
    if !matches!(r.kind, Kind::Deployment | Kind::ReplicaSet | Kind::ReplicationController) {
        return Err(ApiError::NoResource.render(None));
    }
    if !super::get::exists(c, r) {
        return Err(ApiError::NotFound { resource: r.kind.resource_name(), name: r.name.clone() }.render(None));
    }
    let live = super::get::to_value(c, r);
    let replicas = live.get("spec").and_then(|s| s.get("replicas")).cloned().unwrap_or(Value::Int(1));
    let scale = Value::Map(vec![
        ("apiVersion".into(), Value::str("autoscaling/v1")),
        ("kind".into(), Value::str("Scale")),
        ("metadata".into(), Value::Map(vec![("name".into(), Value::str(r.name.clone())), ("namespace".into(), Value::str(r.ns.clone()))])),
        ("spec".into(), Value::Map(vec![("replicas".into(), replicas.clone())])),
    ]);
    let patched = apply_patch(ty, &scale, body)?;
    let want = patched.get("spec").and_then(|s| s.get("replicas")).cloned().unwrap_or(Value::Int(0));
    let Some(n) = want.as_i64() else {
        return Err(ApiError::BadRequest(format!(
            "Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal {} into Go struct field ScaleSpec.spec.replicas of type int32",
            match want {
                Value::Str(_) => "string",
                Value::Bool(_) => "bool",
                Value::Seq(_) => "array",
                Value::Map(_) => "object",
                _ => "number",
            }
        ))
        .render(None));
    };
    if want == replicas {
        return Ok(format!("scale.autoscaling/{} patched (no change)", r.name));
    }
    crate::apiserver::scale(&mut c.api, r.kind, &r.ns, &r.name, n).map_err(|e| e.render(None))?;
    c.settle();
    Ok(format!("scale.autoscaling/{} patched", r.name))
}
