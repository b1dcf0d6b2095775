//! What a fresh cluster runs before the student types anything: the kube-system (and,
//! on kind, local-path-storage) workloads each product installs. They go through the
//! same API server and controllers as the student's objects, so they are scheduled, use
//! their nodes' resources and show in `kubectl get pods -A`; the control plane's own
//! components are static pods, which the node's kubelet runs and mirrors (`mirror`).

mod manifests;
mod static_pods;

use crate::api::Api;
use crate::apply::Mode;
use crate::model::Node;
use crate::presets::Preset;

/// Namespaces every cluster has, and the product's own.
pub fn namespaces(preset: Preset) -> &'static [&'static str] {
    match preset {
        Preset::Kind => &["default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage"],
        Preset::DockerDesktop | Preset::Cloud => &["default", "kube-node-lease", "kube-public", "kube-system"],
    }
}

/// Namespaces whose pods are the cluster's own rather than the student's.
pub fn is_system_namespace(ns: &str) -> bool {
    matches!(ns, "kube-system" | "kube-public" | "kube-node-lease" | "local-path-storage")
}

/// Puts the system images in the node's image store, as kind's node image and Docker
/// Desktop's VM ship them: the system pods start without a pull.
pub fn prepull(preset: Preset, node: &mut Node) {
    for (name, size) in crate::node_image::of(preset) {
        if !node.has_image(&name) {
            node.images.push(crate::model::node::CachedImage { name: name.into(), size });
        }
    }
}

/// The control plane's static pods, on each control-plane node: its kubelet starts them
/// before anything else runs.
pub fn install_control_plane(api: &mut Api) {
    let control_planes: Vec<String> = api
        .store
        .nodes
        .values()
        .filter(|n| n.meta.labels.get("node-role.kubernetes.io/control-plane").is_some())
        .map(|n| n.meta.name.clone())
        .collect();
    for node in &control_planes {
        static_pods::create(api, node);
    }
}

/// The add-ons (CoreDNS, kube-proxy, the CNI, the storage provisioner, metrics-server)
/// as their installers create them, one installer after another: each is given to
/// `create` in turn, the controllers reacting in between.
pub fn installers(preset: Preset) -> Vec<(&'static str, String)> {
    manifests::of(preset)
}

/// Creates one installer's objects in `namespace`, as `kubectl create -f` would.
pub fn create(api: &mut Api, namespace: &str, text: &str) {
    let report = crate::apply::apply_text(api, text, "system.yaml", namespace, Mode::Create);
    debug_assert!(report.errors.is_empty(), "{:?}", report.errors);
}
