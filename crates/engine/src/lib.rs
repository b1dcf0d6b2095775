//! kubeplay's engine: a deterministic simulated Kubernetes v1.33 cluster. It reads no wall
//! clock, no network and no global random source, so the same seed and actions give the
//! same cluster, byte for byte.
//!
//! The modules are layers; each imports only those below it (a test checks it):
//! - leaves: `time`, `rng`, `hash`, `quantity`, `net`, `value`, `yaml`, `words`, `backoff`,
//!   `cron`
//! - `model`: the API's object types, schema, decoding, defaulting and validation;
//!   `compose`: Docker Compose files converted as kompose converts them
//! - `events`, `store`, `registry`, `docker`, `runtime`, `presets`: what is kept, and
//!   the world around the cluster (registries, the local Docker engine, image processes)
//! - `api`: what every actor shares (store, events, clock, wake-ups, work queues)
//! - `kubelet`, `apiserver` (the write path), `apply`: what acts on the store directly
//! - actors: `scheduler`, `controllers`, `proxy` (with `dns`, `ingress` and `netpol`, how a pod's
//!   traffic is named and filtered), `metrics`, `loadgen`
//! - `world`: every actor driven by the clock; `kubectl`: the kubectl interpreter
//! - `cluster`: the world and the log of what a user did (`actions`)
//! - `view`, `explain`, `invariants`, `bench`, `soak`: readers of a cluster; `compare`:
//!   the variants two clusters side by side differ by; `import`:
//!   a real cluster's dump made into what to apply to an empty one; `script` and
//!   `lesson`: lines and lessons run against one

/// The Kubernetes release kubeplay imitates.
pub const K8S_VERSION: &str = "v1.33.1";

pub mod backoff;
pub mod cron;
pub mod files;
pub(crate) mod hash;
pub mod net;
pub mod patch;
pub mod quantity;
pub mod rng;
pub mod sha256;
pub mod time;
pub mod value;
pub mod words;
pub mod yaml;

pub mod compose;
pub mod kustomize;
pub mod model;

pub mod docker;
pub mod events;
pub mod node_image;
pub mod presets;
pub mod registry;
pub mod runtime;
pub mod store;

pub mod api;

pub mod apiserver;
pub mod apply;
pub mod kubelet;

pub mod controllers;
pub mod dns;
pub mod ingress;
pub mod loadgen;
pub mod metrics;
pub mod netpol;
pub mod proxy;
pub mod scheduler;

pub mod kubectl;
pub mod world;

pub mod actions;
pub mod addons;
pub mod cluster;
pub mod filters;
pub mod shell;
pub mod terminal;

pub mod bench;
pub mod compare;
pub mod explain;
pub mod export;
pub mod import;
pub mod invariants;
pub mod lesson;
pub mod script;
pub mod soak;
pub mod timeline;
pub mod view;

pub use actions::Action;
pub use cluster::{Cluster, TIMED_OUT};
pub use presets::Preset;
