//! The API's objects, one type per kind with Kubernetes' field names, and everything the
//! API server does to a document before it is stored: the schema it is checked against
//! (`schema`), decoding (`decode`), defaulting (`defaults`) and validation
//! (`validation`). Nothing here knows the store, the clock or any actor.

pub mod autoscaler;
pub mod base64;
pub mod condition;
pub mod configmap;
pub mod controllerrevision;
pub mod crd;
pub mod cronjob;
pub mod daemonset;
pub mod decode;
pub mod defaults;
pub mod deployment;
pub mod env;
pub mod few;
pub mod generic;
pub mod job;
pub mod job_indexes;
pub mod kinds;
pub mod labels;
pub mod meta;
pub mod networkpolicy;
pub mod node;
pub mod object;
pub mod openapi;
pub mod pod;
pub mod pod_affinity;
pub mod pod_runtime;
pub mod poddisruptionbudget;
pub mod regex;
pub mod replicationcontroller;
pub mod schema;
pub mod secret;
pub mod selector_syntax;
pub mod served;
pub mod service;
pub mod serviceaccount;
pub mod statefulset;
pub mod storage;
pub mod stored;
pub mod token_volume;
pub mod validation;
pub mod volume;

pub use autoscaler::Autoscaler;
pub use cronjob::CronJob;
pub use daemonset::DaemonSet;
pub use deployment::{Deployment, ReplicaSet};
pub use generic::Generic;
pub use job::Job;
pub use kinds::Kind;
pub use labels::{Labels, Selector};
pub use meta::{ObjectMeta, ObjectRef, OwnerRef};
pub use node::Node;
pub use object::Object;
pub use pod::Pod;
pub use poddisruptionbudget::PodDisruptionBudget;
pub use service::Service;
pub use statefulset::StatefulSet;

/// Changes a spec kept as written (its typed fields read from `raw`) and reads it again;
/// whether anything changed. What every workload spec's `edit` does.
pub(crate) fn edit_written<T>(
    spec: &mut T,
    raw: fn(&T) -> &crate::value::Value,
    parse: fn(crate::value::Value) -> T,
    f: impl FnOnce(&mut crate::value::Value),
) -> bool {
    let mut written = raw(spec).clone();
    f(&mut written);
    if written == *raw(spec) {
        return false;
    }
    *spec = parse(written);
    true
}
