//! The API server's handling of CustomResourceDefinitions and their kinds
//! (apiextensions-apiserver): the naming and establishing controllers' status on a CRD,
//! the custom resources' write path (strict decoding against the structural schema,
//! pruning, defaulting, validation), and the removal of a deleted CRD's resources.

use super::{ApiError, Written};
use crate::api::Api;
use crate::model::crd::{self, Crd, CustomResource};
use crate::model::validation::{self, Errors};
use crate::model::{Kind, Labels};
use crate::value::Value;

/// Every CRD whose kind the API server serves (its names accepted), in name order.
pub fn served(store: &crate::store::Store) -> Vec<Crd> {
    store
        .objects_of(Kind::CustomResourceDefinition, None)
        .filter_map(|o| match o {
            crate::model::Object::Written(g) if crd::established(g) => Some(Crd::from_generic(g)),
            _ => None,
        })
        .collect()
}

/// The names of the CRDs whose kinds are served.
pub fn served_names(store: &crate::store::Store) -> Vec<String> {
    served(store).into_iter().map(|c| c.name).collect()
}

/// The served CRD (and version) a manifest's `apiVersion` and `kind` name.
pub fn by_manifest(store: &crate::store::Store, api_version: &str, kind: &str) -> Option<(Crd, String)> {
    let (group, version) = api_version.split_once('/')?;
    served(store)
        .into_iter()
        .find(|c| c.group == group && c.kind == kind && c.served_version(version).is_some())
        .map(|c| (c, version.to_string()))
}

/// The served CRD a `kubectl get TYPE` argument names, when no built-in resource does.
pub fn by_resource_arg(store: &crate::store::Store, arg: &str) -> Option<Crd> {
    if crate::model::served::by_resource_arg(arg).is_some() {
        return None;
    }
    served(store).into_iter().find(|c| c.matches_arg(arg))
}

/// A CRD was written: the naming controller accepts its names unless another CRD of the
/// group holds them, and the establishing controller then serves it.
pub(super) fn crd_written(api: &mut Api, name: &str) {
    let Some(crate::model::Object::Written(g)) = api.store.object(Kind::CustomResourceDefinition, "", name) else { return };
    let group = g.spec.get("group").and_then(Value::as_str).unwrap_or("").to_string();
    let taken: Vec<(String, String)> = api
        .store
        .objects_of(Kind::CustomResourceDefinition, None)
        .filter_map(|o| match o {
            crate::model::Object::Written(other) if other.meta.name != name && crd::established(other) => Some(Crd::from_generic(other)),
            _ => None,
        })
        .filter(|c| c.group == group)
        .map(|c| (c.plural, c.kind))
        .collect();
    let status = crd::status(&g.spec, &taken, api.now, &g.status);
    if let Some(crate::model::Object::Written(g)) = api.store.object_mut(Kind::CustomResourceDefinition, "", name) {
        g.status = status;
    }
}

/// A CRD was deleted: its custom resources go with it (the API server's finalizer
/// `customresourcecleanup.apiextensions.k8s.io` deletes them before the CRD goes).
pub(super) fn crd_deleted(api: &mut Api, name: &str) {
    api.store.custom.retain(|(c, _, _), _| c != name);
}

/// How the API server answers a refused write: `The CronTab "x" is invalid: …`.
pub fn invalid_text(kind: &str, name: &str, errs: &Errors) -> String {
    if errs.0.len() == 1 {
        format!("The {kind} \"{name}\" is invalid: {}", errs.0[0].text)
    } else {
        let mut s = format!("The {kind} \"{name}\" is invalid: ");
        for e in &errs.0 {
            s.push_str("\n* ");
            s.push_str(&e.text);
        }
        s
    }
}

/// Why a custom resource write failed: a status error, or the 422's field errors (their
/// first path locates the error in the manifest).
pub enum WriteError {
    Api(ApiError),
    Invalid { text: String, path: String },
}

/// Creates or replaces a custom resource from its document: strict decoding (unknown
/// fields refused, as kubectl's default `--validate=strict` asks), pruning, defaults,
/// validation, then the store.
pub fn write(api: &mut Api, c: &Crd, version: &str, ns: &str, mut obj: Value, create_only: bool) -> Result<(String, Written), WriteError> {
    let name = obj.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string();
    let schema = c.served_version(version).map(|v| v.schema.clone()).unwrap_or(Value::Null);
    let unknown = crate::model::openapi::prune(&mut obj, &schema);
    if !unknown.is_empty() {
        let list: Vec<String> = unknown.iter().map(|p| format!("unknown field \"{p}\"")).collect();
        return Err(WriteError::Api(ApiError::BadRequest(format!(
            "{kind} in version \"{version}\" cannot be handled as a {kind}: strict decoding error: {}",
            list.join(", "),
            kind = c.kind
        ))));
    }
    crate::model::openapi::default(&mut obj, &schema);
    let mut errs = Errors::default();
    validation::object_meta(&mut errs, obj.get("metadata"), validation::names::dns1123_subdomain, "metadata");
    crate::model::openapi::validate(&mut errs, &obj, &schema);
    if !errs.is_empty() {
        let path = errs.0[0].path.clone();
        return Err(WriteError::Invalid { text: invalid_text(&c.kind, &name, &errs), path });
    }
    let labels = Labels::from_value(obj.get("metadata").and_then(|m| m.get("labels")));
    let annotations = Labels::from_value(obj.get("metadata").and_then(|m| m.get("annotations")));
    let body = Value::Map(
        obj.as_map().into_iter().flatten().filter(|(k, _)| !["apiVersion", "kind", "metadata"].contains(&k.as_str())).cloned().collect(),
    );
    let key = (c.name.clone(), ns.to_string(), name.clone());
    if let Some(old) = api.store.custom.get(&key) {
        if create_only {
            return Err(WriteError::Api(ApiError::AlreadyExists { resource: c.resource(), name }));
        }
        if old.body == body && old.meta.labels == labels && old.meta.annotations == annotations && old.api_version == c.api_version(version)
        {
            return Ok((name, Written::Unchanged));
        }
        let rv = api.store.next_rv();
        let old = api.store.custom.get_mut(&key).expect("found");
        // Without a status subresource every change but metadata's is a new generation.
        if old.body != body {
            old.meta.generation += 1;
        }
        old.body = body;
        old.api_version = c.api_version(version);
        old.meta.labels = labels;
        old.meta.annotations = annotations;
        old.meta.resource_version = rv;
        return Ok((name, Written::Configured));
    }
    let mut meta = api.new_meta(&name, ns);
    meta.labels = labels;
    meta.annotations = annotations;
    meta.generation = 1;
    meta.resource_version = api.store.next_rv();
    api.store
        .custom
        .insert(key, CustomResource { crd: c.name.clone(), api_version: c.api_version(version), kind: c.kind.clone(), meta, body });
    Ok((name, Written::Created))
}

/// Deletes a custom resource; `false` if there was none.
pub fn delete(api: &mut Api, c: &Crd, ns: &str, name: &str) -> bool {
    api.store.custom.remove(&(c.name.clone(), ns.to_string(), name.to_string())).is_some()
}

/// The custom resources of a CRD in a namespace (`None`: all), in namespace/name order.
pub fn list<'a>(store: &'a crate::store::Store, c: &Crd, ns: Option<&str>) -> Vec<&'a CustomResource> {
    store.custom.iter().filter(|((crd, n, _), _)| *crd == c.name && ns.is_none_or(|x| x == n)).map(|(_, o)| o).collect()
}
