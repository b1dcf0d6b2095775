//! API object types as the store keeps them: typed fields for what the simulation acts
//! on, plus the defaulted wire value of the rest so `kubectl get -o yaml` shows every
//! field the user wrote.

pub mod kinds;
pub mod labels;
pub mod meta;
pub mod pod;

pub use kinds::Kind;
pub use labels::{Labels, Selector};
pub use meta::{ObjectMeta, OwnerRef};
pub mod generic;
pub mod node;
pub mod service;

pub use generic::Generic;
pub use node::Node;
pub use pod::Pod;
pub use service::Service;
