//! The kubelet's image manager: the pull decision from the policy and the node's images,
//! the pull itself against the registry, and the per-pod, per-image back-off.

use super::pull_secrets;
use crate::api::Api;
use crate::model::pod::{Container, Pod, PullPolicy};
use crate::model::Node;
use crate::registry::{self, ImageRef, PullError, RegistryState};
use crate::time::{Millis, SECOND};

pub const BACKOFF_INITIAL: Millis = 10 * SECOND;
pub const BACKOFF_MAX: Millis = 300 * SECOND;

pub enum Step {
    /// The image is on the node and the policy allows using it.
    Present,
    /// A pull starts now and ends after `duration` with the image's size or an error.
    /// `missing_secrets`: the pod's `imagePullSecrets` that do not exist (the kubelet
    /// warns and pulls anyway).
    Pull { duration: Millis, result: Result<u64, String>, missing_secrets: Vec<String> },
    /// Inside the back-off window of a failed pull.
    InBackoff,
    /// `Never` and the image is not on the node.
    NeverPull,
    /// The reference cannot be parsed.
    Invalid(String),
}

/// Whether `node` has the image: in its own store, or (Docker Desktop) in the Docker
/// engine it shares with the user.
pub fn node_has(api: &Api, node: &str, full: &str) -> bool {
    has_on(api, api.store.nodes.get(node), full)
}

/// `node_has` for a node already found.
fn has_on(api: &Api, node: Option<&Node>, full: &str) -> bool {
    node.is_some_and(|n| n.has_image(full)) || (api.preset.shares_docker_images() && api.docker.images.contains_key(full))
}

/// The runtime's words for a failed pull (containerd's or Docker's).
fn pull_error(docker: bool, r: &ImageRef, e: &PullError) -> String {
    let full = r.full();
    let familiar = r.familiar();
    let repo = familiar.split(':').next().unwrap_or(&familiar).to_string();
    match (docker, e) {
        (true, PullError::NoRepository) => format!("Error response from daemon: pull access denied for {repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"),
        (true, PullError::NoTag) => format!("Error response from daemon: manifest for {familiar} not found: manifest unknown: manifest unknown"),
        (true, PullError::Unreachable) => format!("Error response from daemon: Get \"https://{}/v2/\": dial tcp: lookup {} on 192.168.65.7:53: no such host", r.domain, r.domain),
        (false, PullError::NoRepository) => format!("rpc error: code = Unknown desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"),
        (false, PullError::NoTag) => format!("rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found"),
        (false, PullError::Unreachable) => format!("rpc error: code = Unknown desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": failed to do request: Head \"https://{}/v2/{}/manifests/{}\": dial tcp: lookup {}: no such host", r.domain, r.path, r.tag, r.domain),
    }
}

/// Decides what the kubelet does about a container's image now.
pub fn decide(api: &Api, pod: &Pod, node: Option<&Node>, ct: &Container, backoff: &crate::backoff::Backoff, now: Millis) -> Step {
    let facts = api.image_facts(&ct.image);
    let r = match &facts.reference {
        Ok(r) => r,
        Err(e) => return Step::Invalid(format!("couldn't parse image name \"{}\": {e}", ct.image)),
    };
    let present = has_on(api, node, &facts.full);
    match ct.pull_policy {
        PullPolicy::Never if present => return Step::Present,
        PullPolicy::Never => return Step::NeverPull,
        PullPolicy::IfNotPresent if present => return Step::Present,
        _ => {}
    }
    if backoff.in_backoff_since(backoff.last_update(), now, BACKOFF_MAX) {
        return Step::InBackoff;
    }
    let docker = node.is_some_and(|n| n.runtime.starts_with("docker"));
    let secrets = pull_secrets::of(api, pod);
    let lookup = match facts.lookup() {
        Some(Ok(image)) if api.registry != RegistryState::Down => Ok(image.size),
        Some(Err(e)) if api.registry != RegistryState::Down => Err(e.clone()),
        // The registry is down (a reference that does not parse never gets here).
        _ => Err(PullError::Unreachable),
    };
    // A private repository answers as one that does not exist, unless the pull carries
    // credentials for its registry.
    let lookup = lookup.and_then(|size| {
        if registry::is_private(r, &api.private_repositories) && !secrets.authorize(&r.domain) {
            Err(PullError::NoRepository)
        } else {
            Ok(size)
        }
    });
    let missing_secrets = secrets.missing;
    match lookup {
        Ok(size) => {
            // A re-pull of an image the node already has only checks the manifest.
            let duration = if present { 600 } else { registry::pull_time(size, api.registry) };
            Step::Pull { duration, result: Ok(size), missing_secrets }
        }
        Err(e) => Step::Pull { duration: 800, result: Err(pull_error(docker, r, &e)), missing_secrets },
    }
}
