//! Controllers of the control plane, one module each.

pub mod endpoints;
pub mod node_lifecycle;
