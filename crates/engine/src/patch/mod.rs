//! The three patch formats the API server accepts (`PATCH` with `application/
//! strategic-merge-patch+json`, `merge-patch+json` or `json-patch+json`), over wire
//! values: what `kubectl patch` sends and `kubectl edit` computes.

pub mod json;
pub mod strategic;

/// The patch formats, named as `kubectl patch --type` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    /// RFC 6902: a list of operations.
    Json,
    /// RFC 7386: a partial object; lists replace, `null` deletes.
    Merge,
    /// Kubernetes' own: a partial object whose lists merge by their merge keys.
    Strategic,
}

impl PatchType {
    pub fn parse(s: &str) -> Option<PatchType> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Some(PatchType::Json),
            "merge" => Some(PatchType::Merge),
            "strategic" => Some(PatchType::Strategic),
            _ => None,
        }
    }
}

/// Why a patch could not be applied, as the API server answers.
#[derive(Clone, Debug, PartialEq)]
pub enum PatchError {
    /// 400: the patch document itself is malformed.
    BadRequest(String),
    /// 422 without details (a JSON patch operation that does not apply).
    Unprocessable,
    /// 500 with the patch library's message (a merge key missing from a list item).
    Internal(String),
}
