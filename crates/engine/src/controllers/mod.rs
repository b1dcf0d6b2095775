//! Controllers of the control plane, one module each.

pub mod deployment;
pub mod horizontal;
pub mod node_lifecycle;
pub mod podgc;
pub mod replicaset;
