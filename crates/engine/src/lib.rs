pub mod docker;
pub mod model;
pub mod net;
pub mod quantity;
pub mod rng;
pub mod time;
pub mod value;
pub mod view;
pub mod words;
pub mod yaml;

/// The Kubernetes release kubeplay imitates.
pub const K8S_VERSION: &str = "v1.33.1";
pub mod actions;
pub mod apiserver;
pub mod apply;
pub mod backoff;
pub mod bench;
pub mod cluster;
pub mod controllers;
pub mod events;
pub mod explain;
pub(crate) mod hash;
pub mod invariants;
pub mod kubectl;
pub mod kubelet;
pub mod loadgen;
pub mod metrics;
pub mod presets;
pub mod proxy;
pub mod registry;
pub mod runtime;
pub mod scheduler;
pub mod soak;
pub mod store;
pub(crate) mod wakes;

pub use cluster::{Action, Cluster};
pub use presets::Preset;
