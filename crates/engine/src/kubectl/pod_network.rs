//! The cluster's network as one pod sees it, for the tools `kubectl exec` runs: its
//! resolv.conf and cluster DNS, and connections through kube-proxy (counted, as any
//! request) when the exec may change the cluster.

use crate::runtime::network::{Connection, Http, Lookup, Network};
use crate::store::PodId;
use crate::world::World;
use std::cell::RefCell;

enum Access<'a> {
    Read(&'a World),
    Write(RefCell<&'a mut World>),
}

pub struct PodNetwork<'a> {
    access: Access<'a>,
    pod: PodId,
    image: String,
}

impl<'a> PodNetwork<'a> {
    pub fn read(w: &'a World, pod: PodId, image: &str) -> PodNetwork<'a> {
        PodNetwork { access: Access::Read(w), pod, image: image.to_string() }
    }

    pub fn write(w: &'a mut World, pod: PodId, image: &str) -> PodNetwork<'a> {
        PodNetwork { access: Access::Write(RefCell::new(w)), pod, image: image.to_string() }
    }

    fn with<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        match &self.access {
            Access::Read(w) => f(w),
            Access::Write(cell) => f(&cell.borrow()),
        }
    }
}

impl Network for PodNetwork<'_> {
    fn resolv_conf(&self) -> Vec<String> {
        self.with(|w| w.api.store.pod(self.pod).map(|p| crate::dns::resolv_conf(&w.api, p).lines()).unwrap_or_default())
    }

    fn server(&self) -> (String, Option<String>) {
        self.with(|w| {
            let Some(p) = w.api.store.pod(self.pod) else { return (String::new(), None) };
            let ip = crate::dns::resolv_conf(&w.api, p).nameservers.first().cloned().unwrap_or_default();
            let name = crate::dns::reverse(&w.api, &ip);
            (ip, name)
        })
    }

    fn lookup(&self, name: &str) -> Lookup {
        // The pod's /etc/hosts (written by the kubelet) names the loopback first.
        if name.trim_end_matches('.').eq_ignore_ascii_case("localhost") {
            return Lookup::Found { name: "localhost".into(), cname: None, ips: vec![("127.0.0.1".into(), Some("localhost".into()))] };
        }
        self.with(|w| {
            let Some(p) = w.api.store.pod(self.pod) else { return Lookup::NotFound };
            match crate::dns::lookup(&w.api, p, name) {
                crate::dns::Lookup::Found { name, cname, ips } => {
                    Lookup::Found { name, cname, ips: ips.into_iter().map(|ip| (ip.clone(), crate::dns::reverse(&w.api, &ip))).collect() }
                }
                crate::dns::Lookup::NotFound => Lookup::NotFound,
                crate::dns::Lookup::NoServer(why) => Lookup::NoServer(why),
                crate::dns::Lookup::Outside { name, cname } => Lookup::Outside { name, cname },
            }
        })
    }

    fn connect(&self, ip: &str, port: u16) -> Connection {
        let Access::Write(cell) = &self.access else {
            return Connection::Unreachable("kubeplay runs connections only in a change (this exec was taken as a read)".into());
        };
        let mut guard = cell.borrow_mut();
        let w: &mut World = &mut guard;
        let r = w.proxy.connect(&mut w.api, self.pod, ip, port);
        match r.outcome {
            crate::proxy::Outcome::Ok => answered(r),
            crate::proxy::Outcome::Refused(why) => Connection::Refused(why),
            crate::proxy::Outcome::Dropped(why) => Connection::Dropped(why),
        }
    }

    fn image(&self) -> String {
        self.image.clone()
    }

    fn hostname(&self) -> String {
        self.with(|w| w.api.store.pod(self.pod).map(|p| p.meta.name.chars().take(63).collect()).unwrap_or_default())
    }

    fn page(&self, namespace: &str, pod: &str, port: u16, path: &str) -> Option<(u16, String)> {
        self.with(|w| served_page(w, namespace, pod, port, path))
    }

    fn http(&self, pod: &str, host: &str, path: &str) -> Option<Http> {
        let Access::Write(cell) = &self.access else { return None };
        let mut guard = cell.borrow_mut();
        let w: &mut World = &mut guard;
        let controllers = crate::ingress::controllers(&w.api.store);
        let c = controllers.into_iter().find(|c| c.name == pod)?;
        // ingress-nginx balances round-robin over the endpoints; kubeplay picks at random.
        let pick = w.api.rng.below(1 << 16) as usize;
        match crate::ingress::answer(&w.api.store, &c, host, path, pick) {
            Err(answer) => Some(answer),
            Ok((ingress, (_pod, ip, port), sent)) => {
                let r = w.proxy.connect(&mut w.api, c.pod, &ip, u16::try_from(port).unwrap_or(0));
                let (connection, page) = match r.outcome {
                    crate::proxy::Outcome::Ok => {
                        let connection = answered(r);
                        let page = match &connection {
                            Connection::Answered { pod, namespace, port, .. } => served_page(w, namespace, pod, *port, &sent),
                            _ => None,
                        };
                        (connection, page)
                    }
                    crate::proxy::Outcome::Refused(why) => (Connection::Refused(why), None),
                    crate::proxy::Outcome::Dropped(why) => (Connection::Dropped(why), None),
                };
                Some(Http::Proxied { ingress, connection, page: page.map(Box::new) })
            }
        }
    }
}

/// A request the proxy saw answered, as the pod's network tools see it.
fn answered(r: crate::proxy::Request) -> Connection {
    let (namespace, port) = r.pod_at.unwrap_or_default();
    Connection::Answered { pod: r.pod.unwrap_or_default(), namespace, port, program: r.server_image }
}

/// The page the pod `pod` in `namespace` serves on `port` for `path`, when kubeplay
/// knows it (`runtime::web`): from inside the cluster, through an Ingress, or from the
/// host.
pub(crate) fn served_page(w: &World, namespace: &str, pod: &str, port: u16, path: &str) -> Option<(u16, String)> {
    let api = &w.api;
    let id = api.store.pod_id(namespace, pod)?;
    let p = api.store.pod(id)?;
    let listens = |run: &crate::model::pod_runtime::ContainerRun| run.process.as_ref().is_some_and(|x| x.ports.contains(&port));
    let (ct, _) = p.spec.containers.iter().zip(&p.runtime.apps).find(|(_, run)| listens(run))?;
    let cx = crate::kubelet::exec_context(api, id, ct)?;
    let mounts: Vec<&str> = ct.mounts.iter().map(|m| m.path.as_str()).collect();
    // The words after the program: a command's after its first, then the args.
    let args: Vec<String> = ct.command.iter().skip(1).chain(&ct.args).cloned().collect();
    let hostname: String = p.meta.name.chars().take(63).collect();
    let server = crate::runtime::web::Server {
        program: cx.config.behaviour.program,
        image: &ct.image,
        args: &args,
        hostname: &hostname,
        files: &cx.files,
        mounts: &mounts,
    };
    crate::runtime::web::page(&server, path)
}
