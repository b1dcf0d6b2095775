//! The tunnels `kubectl port-forward` left open, as the page lists them beside the
//! console: a real one is bound to the one pod it chose and ends when that pod goes.

use crate::model::pod::Phase;
use crate::world::World;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortForwardView {
    pub local: u16,
    pub namespace: String,
    pub pod: String,
    pub remote: u16,
    /// The pod it was opened to still runs (one made again under its name is another).
    pub open: bool,
}

/// Every forward by local port.
pub fn port_forwards(w: &World) -> Vec<PortForwardView> {
    w.proxy
        .forwards
        .iter()
        .map(|(local, f)| {
            let pod = w.store.pod_id(&f.namespace, &f.pod).and_then(|id| w.store.pod(id));
            PortForwardView {
                local: *local,
                namespace: f.namespace.clone(),
                pod: f.pod.clone(),
                remote: f.remote,
                open: pod.is_some_and(|p| p.meta.uid == f.uid && p.status.phase == Phase::Running),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::files::NoFiles;
    use crate::{Cluster, Preset};

    #[test]
    fn a_forward_is_listed_open_until_its_pod_goes() {
        let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
        c.run("kubectl run web --image=nginx --port=80", &NoFiles);
        c.advance(60_000);
        assert!(super::port_forwards(&c).is_empty());
        let out = c.run("kubectl port-forward pod/web 8080:80", &NoFiles);
        assert_eq!(out.code, 0, "{}", out.text());
        let listed = super::port_forwards(&c);
        assert_eq!((listed.len(), listed[0].local, listed[0].remote, listed[0].pod.as_str(), listed[0].open), (1, 8080, 80, "web", true));
        c.run("kubectl delete pod web", &NoFiles);
        c.advance(60_000);
        assert!(!super::port_forwards(&c)[0].open);
    }
}
