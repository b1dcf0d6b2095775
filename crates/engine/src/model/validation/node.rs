//! `ValidateRuntimeClass` (pkg/apis/node/validation): the handler names a CRI runtime
//! handler, so it must be a DNS label; an absent one is an empty, invalid label.

use super::{names, Errors};
use crate::value::Value;

pub fn runtime_class(errs: &mut Errors, class: &Value) {
    let handler = class.get("handler").and_then(Value::as_str).unwrap_or("");
    for msg in names::dns1123_label(handler) {
        errs.invalid("handler", &Value::str(handler), &msg);
    }
}
