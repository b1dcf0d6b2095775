//! Controllers of the control plane, one module each.

pub mod cronjob;
pub mod daemon;
pub mod daemon_history;
pub mod deployment;
pub mod disruption;
pub mod horizontal;
pub mod job;
pub mod job_policy;
pub mod node_lifecycle;
pub mod persistent_volume;
pub mod podgc;
pub mod pvc_protection;
pub mod replicaset;
pub mod statefulset;
