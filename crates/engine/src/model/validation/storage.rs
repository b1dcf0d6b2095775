//! `ValidatePersistentVolumeClaimSpec`, `ValidatePersistentVolumeSpec` and
//! `ValidateStorageClass`: the fields kubeplay acts on, with the API server's texts.

use super::{str_at, Errors};
use crate::model::storage::{quantity_bytes, ACCESS_MODES, SOURCES};
use crate::value::Value;

fn access_modes(errs: &mut Errors, spec: &Value, detail: &str) {
    let modes = spec.get("accessModes").map(Value::as_seq).unwrap_or(&[]);
    if modes.is_empty() {
        if detail.is_empty() {
            errs.required("spec.accessModes");
        } else {
            errs.required_with("spec.accessModes", detail);
        }
    }
    for m in modes.iter().filter_map(Value::as_str) {
        if !ACCESS_MODES.contains(&m) {
            errs.not_supported("spec.accessModes", m, &ACCESS_MODES);
        }
    }
    let has_once_pod = modes.iter().any(|m| m.as_str() == Some("ReadWriteOncePod"));
    if has_once_pod && modes.len() > 1 {
        errs.forbidden("spec.accessModes", "may not use ReadWriteOncePod with other access modes");
    }
}

fn volume_mode(errs: &mut Errors, spec: &Value) {
    if let Some(m) = str_at(spec, "volumeMode").filter(|m| !["Block", "Filesystem"].contains(m)) {
        errs.not_supported("spec.volumeMode", m, &["Block", "Filesystem"]);
    }
}

pub fn claim_spec(errs: &mut Errors, spec: &Value) {
    access_modes(errs, spec, "at least 1 access mode is required");
    match spec.get("resources").and_then(|r| r.get("requests")).and_then(|r| r.get("storage")) {
        None | Some(Value::Null) => errs.required("spec.resources[storage]"),
        Some(q) => {
            if quantity_bytes(q).is_some_and(|b| b <= 0) {
                errs.invalid(
                    "spec.resources[storage]",
                    &Value::str(crate::model::storage::quantity_text(q).unwrap_or_default()),
                    "must be greater than zero",
                );
            }
        }
    }
    volume_mode(errs, spec);
}

pub fn volume_spec(errs: &mut Errors, spec: &Value) {
    access_modes(errs, spec, "");
    match spec.get("capacity").and_then(Value::as_map) {
        None => errs.required("spec.capacity"),
        Some(c) if c.is_empty() => errs.required("spec.capacity"),
        Some(_) => {}
    }
    if let Some(q) = spec.get("capacity").and_then(|c| c.get("storage")) {
        if quantity_bytes(q).is_some_and(|b| b <= 0) {
            errs.invalid(
                "spec.capacity.storage",
                &Value::str(crate::model::storage::quantity_text(q).unwrap_or_default()),
                "must be greater than zero",
            );
        }
    }
    let sources: Vec<&str> = SOURCES.iter().copied().filter(|s| spec.get(s).is_some_and(|v| !v.is_null())).collect();
    match sources.as_slice() {
        [] => errs.required_with("spec", "must specify a volume type"),
        [_] => {}
        [_, rest @ ..] => {
            for s in rest {
                errs.forbidden(&format!("spec.{s}"), "may not specify more than 1 volume type");
            }
        }
    }
    if let Some(hp) = spec.get("hostPath") {
        if str_at(hp, "path").is_none_or(str::is_empty) {
            errs.required("spec.hostPath.path");
        }
    }
    if let Some(p) = str_at(spec, "persistentVolumeReclaimPolicy").filter(|p| !["Delete", "Recycle", "Retain"].contains(p)) {
        errs.not_supported("spec.persistentVolumeReclaimPolicy", p, &["Delete", "Recycle", "Retain"]);
    }
    volume_mode(errs, spec);
}

pub fn class(errs: &mut Errors, obj: &Value) {
    if str_at(obj, "provisioner").is_none_or(str::is_empty) {
        errs.required("provisioner");
    }
    if let Some(p) = str_at(obj, "reclaimPolicy").filter(|p| !["Delete", "Retain"].contains(p)) {
        errs.not_supported("reclaimPolicy", p, &["Delete", "Retain"]);
    }
    if let Some(m) = str_at(obj, "volumeBindingMode").filter(|m| !["Immediate", "WaitForFirstConsumer"].contains(m)) {
        errs.not_supported("volumeBindingMode", m, &["Immediate", "WaitForFirstConsumer"]);
    }
}
