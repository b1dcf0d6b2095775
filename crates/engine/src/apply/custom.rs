//! `kubectl apply -f` / `create -f` / `replace -f` of a custom resource, once its CRD is
//! established: the namespace kubectl settles on, then the API server's write path
//! (`apiserver::customresource`), with kubectl's texts around its answers.

use super::{Diagnostic, Document, Mode, Report, LAST_APPLIED};
use crate::api::Api;
use crate::apiserver::customresource::{self, WriteError};
use crate::apiserver::ApiError;
use crate::model::crd::Crd;
use crate::value::Value;

#[allow(clippy::too_many_arguments)]
pub(super) fn apply(
    api: &mut Api,
    crd: &Crd,
    version: &str,
    untyped: &Value,
    doc: &Document,
    mode: Mode,
    report: &mut Report,
    client: &mut Vec<Diagnostic>,
) {
    let node = doc.node;
    let name = doc.name.to_string();
    let ns = match (crd.namespaced, doc.doc_ns.is_empty()) {
        (false, _) => String::new(),
        (true, true) => doc.namespace.to_string(),
        (true, false) => doc.doc_ns.to_string(),
    };
    if crd.namespaced && !doc.doc_ns.is_empty() && doc.doc_ns != doc.namespace && doc.namespace != "default" {
        client.push(Diagnostic {
            text: format!("error: the namespace from the provided object \"{0}\" does not match the namespace \"{1}\". You must pass '--namespace={0}' to perform this operation.", doc.doc_ns, doc.namespace),
            span: node.span,
        });
        return;
    }
    let exists = api.store.custom.contains_key(&(crd.name.clone(), ns.clone(), name.clone()));
    let verb = match mode {
        Mode::Replace => "replacing",
        Mode::Apply if exists => "patching",
        _ => "creating",
    };
    if name.is_empty() {
        let text = if mode == Mode::Apply {
            format!(
                "error: error when retrieving current configuration of:\nResource: \"{g}/{version}, Resource={}\", GroupVersionKind: \"{g}/{version}, Kind={}\"\nName: \"\", Namespace: \"{ns}\"\nfrom server for: \"{}\": resource name may not be empty",
                crd.plural,
                crd.kind,
                doc.source,
                g = crd.group
            )
        } else {
            // A generated name is not simulated for custom resources; the server's
            // answer to a nameless create is this.
            format!("The {} \"\" is invalid: metadata.name: Required value: name or generateName is required", crd.kind)
        };
        report.errors.push(Diagnostic { text, span: node.get("metadata").map(|m| m.span).unwrap_or(node.span) });
        return;
    }
    if mode == Mode::Replace && !exists {
        let e = ApiError::NotFound { resource: crd.resource(), name: name.clone() };
        report.errors.push(Diagnostic { text: e.render(Some((verb, doc.source))), span: node.span });
        return;
    }
    if crd.namespaced && !api.store.namespace_exists(&ns) {
        let e = ApiError::NotFound { resource: "namespaces".into(), name: ns.clone() };
        report.errors.push(Diagnostic { text: e.render(Some((verb, doc.source))), span: node.span });
        return;
    }
    let mut obj = untyped.clone();
    {
        let meta = obj.entry_map("metadata");
        if crd.namespaced {
            meta.set("namespace", Value::str(ns.clone()));
        } else {
            meta.remove("namespace");
        }
    }
    if mode == Mode::Apply {
        let applied = super::last_applied_json(untyped, &ns, crd.namespaced);
        obj.entry_map("metadata").entry_map("annotations").set(LAST_APPLIED, Value::str(applied));
    }
    match customresource::write(api, crd, version, &ns, obj, mode == Mode::Create) {
        Ok((n, w)) => {
            let word = super::written_word(mode, w);
            report.out.push(format!("{}/{n} {word}", crd.type_name()));
        }
        Err(WriteError::Api(e)) => report.errors.push(Diagnostic { text: e.render(Some((verb, doc.source))), span: node.span }),
        Err(WriteError::Invalid { text, path }) => report.errors.push(Diagnostic { text, span: node.locate(&path) }),
    }
}
