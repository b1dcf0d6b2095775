//! Controllers of the control plane, one module each.

pub mod deployment;
pub mod endpoints;
pub mod garbage_collector;
pub mod horizontal;
pub mod node_lifecycle;
pub mod queue;
pub mod replicaset;
