//! Controllers of the control plane, one module each.

pub mod node_lifecycle;
