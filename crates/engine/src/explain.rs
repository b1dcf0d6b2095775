//! Facts that explain a pod's state to a student, for the page to put into words in the
//! reader's language: which pull policy applies and why, whether the node and the
//! registry have the image, and when the next retry comes.

use crate::api::Api;
use crate::model::pod::PullPolicy;
use crate::registry::{self, ImageRef};
use crate::time::Millis;

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerStory {
    pub container: String,
    pub image: String,
    pub policy: PullPolicy,
    /// The policy was not written: the API server chose it from the tag.
    pub policy_defaulted: bool,
    /// The image is on the pod's node (or in the Docker engine it shares).
    pub on_node: bool,
    /// The remote registry has the image.
    pub in_registry: bool,
    /// The official image the name is likely a typo of (`ngnix` → `nginx`).
    pub suggestion: Option<String>,
    /// When the kubelet tries again (a pull or a restart), from now.
    pub retry_in: Option<Millis>,
    /// The container's waiting or terminated reason, if any.
    pub reason: String,
    /// The container runs: its image was there when it started, whatever the node or the
    /// registry has now.
    pub running: bool,
}

pub fn container_stories(api: &Api, ns: &str, name: &str) -> Vec<ContainerStory> {
    let Some(pod) = api.store.pod_id(ns, name).and_then(|id| api.store.pod(id)) else { return vec![] };
    // What the user wrote, from kubectl apply's record of it.
    let written = pod.meta.annotations.get(crate::model::meta::LAST_APPLIED).unwrap_or("");
    pod.spec
        .containers
        .iter()
        .enumerate()
        .map(|(i, ct)| {
            let reference = ImageRef::parse(&ct.image).ok();
            let on_node = reference.as_ref().is_some_and(|r| crate::kubelet::images::node_has(api, &pod.node, &r.full()));
            let in_registry =
                reference.as_ref().is_some_and(|r| registry::lookup(r).is_ok()) && api.registry != registry::RegistryState::Down;
            let run = pod.runtime.apps.get(i);
            let status = pod.status.statuses.get(i);
            let reason = match status.map(|s| &s.state) {
                Some(crate::model::pod::ContainerState::Waiting { reason, .. }) => reason.clone(),
                Some(crate::model::pod::ContainerState::Terminated(t)) => t.reason.clone(),
                _ => String::new(),
            };
            let retry_in = run.and_then(|r| {
                let b = if reason.contains("ImagePull") { &r.pull_backoff } else { &r.crash_backoff };
                (b.period() > 0).then(|| (b.last_update() + b.period()).saturating_sub(api.now())).filter(|t| *t > 0)
            });
            ContainerStory {
                container: ct.name.clone(),
                image: ct.image.clone(),
                policy: ct.pull_policy,
                policy_defaulted: !written.is_empty() && !written.contains("\"imagePullPolicy\""),
                on_node,
                in_registry,
                suggestion: reference.as_ref().filter(|_| !in_registry).and_then(registry::suggestion),
                retry_in,
                reason,
                running: matches!(status.map(|s| &s.state), Some(crate::model::pod::ContainerState::Running { .. })),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unset_policy_is_defaulted_and_the_registry_lacks_a_local_image() {
        let mut c = crate::Cluster::new(crate::Preset::DockerDesktop, None, 1);
        let text = include_str!("../../../examples/seed/spring-pod-unset.yaml");
        c.apply_text(text, "p.yaml", "default", crate::apply::Mode::Apply);
        c.advance(5_000);
        let s = &container_stories(&c, "default", "spring-pod")[0];
        assert_eq!(s.policy, PullPolicy::Always);
        assert!(s.policy_defaulted);
        assert!(!s.on_node && !s.in_registry);
        assert!(s.retry_in.is_some_and(|t| t <= 10_000), "{s:?}");
        assert!(s.reason.contains("Image"), "{s:?}");
    }
}
