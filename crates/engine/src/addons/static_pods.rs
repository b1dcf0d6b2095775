//! The control plane as kubeadm lays it out: etcd, kube-apiserver,
//! kube-controller-manager and kube-scheduler as static pods of the control-plane
//! node's kubelet, each seen through the API as its mirror pod (named `<component>-<node>`,
//! owned by the Node, annotated with the manifest's hash and source).

use crate::api::Api;
use crate::kubelet::mirror::MIRROR_ANNOTATION;
use crate::model::meta::OwnerRef;
use crate::model::pod::PodSpec;
use crate::node_image::{APISERVER, CONTROLLER_MANAGER, ETCD, SCHEDULER};
use crate::value::Value;
use std::rc::Rc;

struct Component {
    name: &'static str,
    image: &'static str,
    cpu: &'static str,
    memory: Option<&'static str>,
    command: Vec<String>,
}

fn components(node: &str, ip: &str, service_cidr: &str, pod_cidr: &str) -> Vec<Component> {
    let flags =
        |program: &str, list: &[String]| -> Vec<String> { std::iter::once(program.to_string()).chain(list.iter().cloned()).collect() };
    let pki = "/etc/kubernetes/pki";
    vec![
        Component {
            name: "etcd",
            image: ETCD,
            cpu: "100m",
            memory: Some("100Mi"),
            command: flags(
                "etcd",
                &[
                    format!("--advertise-client-urls=https://{ip}:2379"),
                    format!("--cert-file={pki}/etcd/server.crt"),
                    "--client-cert-auth=true".into(),
                    "--data-dir=/var/lib/etcd".into(),
                    format!("--initial-advertise-peer-urls=https://{ip}:2380"),
                    format!("--initial-cluster={node}=https://{ip}:2380"),
                    format!("--key-file={pki}/etcd/server.key"),
                    format!("--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379"),
                    "--listen-metrics-urls=http://127.0.0.1:2381".into(),
                    format!("--listen-peer-urls=https://{ip}:2380"),
                    format!("--name={node}"),
                    format!("--peer-cert-file={pki}/etcd/peer.crt"),
                    "--peer-client-cert-auth=true".into(),
                    format!("--peer-key-file={pki}/etcd/peer.key"),
                    format!("--peer-trusted-ca-file={pki}/etcd/ca.crt"),
                    "--snapshot-count=10000".into(),
                    format!("--trusted-ca-file={pki}/etcd/ca.crt"),
                ],
            ),
        },
        Component {
            name: "kube-apiserver",
            image: APISERVER,
            cpu: "250m",
            memory: None,
            command: flags(
                "kube-apiserver",
                &[
                    format!("--advertise-address={ip}"),
                    "--allow-privileged=true".into(),
                    "--authorization-mode=Node,RBAC".into(),
                    format!("--client-ca-file={pki}/ca.crt"),
                    "--enable-admission-plugins=NodeRestriction".into(),
                    "--enable-bootstrap-token-auth=true".into(),
                    format!("--etcd-cafile={pki}/etcd/ca.crt"),
                    format!("--etcd-certfile={pki}/apiserver-etcd-client.crt"),
                    format!("--etcd-keyfile={pki}/apiserver-etcd-client.key"),
                    "--etcd-servers=https://127.0.0.1:2379".into(),
                    "--secure-port=6443".into(),
                    "--service-account-issuer=https://kubernetes.default.svc.cluster.local".into(),
                    format!("--service-account-key-file={pki}/sa.pub"),
                    format!("--service-account-signing-key-file={pki}/sa.key"),
                    format!("--service-cluster-ip-range={service_cidr}"),
                    format!("--tls-cert-file={pki}/apiserver.crt"),
                    format!("--tls-private-key-file={pki}/apiserver.key"),
                ],
            ),
        },
        Component {
            name: "kube-controller-manager",
            image: CONTROLLER_MANAGER,
            cpu: "200m",
            memory: None,
            command: flags(
                "kube-controller-manager",
                &[
                    "--allocate-node-cidrs=true".into(),
                    "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf".into(),
                    "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf".into(),
                    "--bind-address=127.0.0.1".into(),
                    format!("--client-ca-file={pki}/ca.crt"),
                    format!("--cluster-cidr={pod_cidr}"),
                    "--cluster-name=kubernetes".into(),
                    format!("--cluster-signing-cert-file={pki}/ca.crt"),
                    format!("--cluster-signing-key-file={pki}/ca.key"),
                    "--controllers=*,bootstrapsigner,tokencleaner".into(),
                    "--kubeconfig=/etc/kubernetes/controller-manager.conf".into(),
                    "--leader-elect=true".into(),
                    format!("--root-ca-file={pki}/ca.crt"),
                    format!("--service-account-private-key-file={pki}/sa.key"),
                    format!("--service-cluster-ip-range={service_cidr}"),
                    "--use-service-account-credentials=true".into(),
                ],
            ),
        },
        Component {
            name: "kube-scheduler",
            image: SCHEDULER,
            cpu: "100m",
            memory: None,
            command: flags(
                "kube-scheduler",
                &[
                    "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf".into(),
                    "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf".into(),
                    "--bind-address=127.0.0.1".into(),
                    "--kubeconfig=/etc/kubernetes/scheduler.conf".into(),
                    "--leader-elect=true".into(),
                ],
            ),
        },
    ]
}

/// The static pods' mirrors on the control-plane node `node`, bound to it at once (a
/// static pod is never scheduled: its kubelet runs it from a manifest file).
pub fn create(api: &mut Api, node: &str) {
    let Some(n) = api.store.nodes.get(node) else { return };
    let ip = crate::net::format_ipv4(n.internal_ip);
    let node_uid: Rc<str> = n.meta.uid.as_str().into();
    let (service_cidr, pod_cidr) = match api.preset {
        crate::presets::Preset::Kind => ("10.96.0.0/16", "10.244.0.0/16"),
        _ => ("10.96.0.0/12", "10.1.0.0/16"),
    };
    for c in components(node, &ip, service_cidr, pod_cidr) {
        let mut requests = vec![("cpu".to_string(), Value::str(c.cpu))];
        if let Some(m) = c.memory {
            requests.push(("memory".into(), Value::str(m)));
        }
        let container = Value::Map(vec![
            ("command".into(), Value::Seq(c.command.iter().map(Value::str).collect())),
            ("image".into(), Value::str(c.image)),
            ("imagePullPolicy".into(), Value::str("IfNotPresent")),
            ("name".into(), Value::str(c.name)),
            ("resources".into(), Value::Map(vec![("requests".into(), Value::Map(requests))])),
        ]);
        let mut raw = Value::Map(vec![
            ("containers".into(), Value::Seq(vec![container])),
            ("hostNetwork".into(), Value::Bool(true)),
            ("nodeName".into(), Value::str(node)),
            ("priority".into(), Value::Int(2_000_001_000)),
            ("priorityClassName".into(), Value::str("system-node-critical")),
            (
                "securityContext".into(),
                Value::Map(vec![("seccompProfile".into(), Value::Map(vec![("type".into(), Value::str("RuntimeDefault"))]))]),
            ),
            (
                "tolerations".into(),
                Value::Seq(vec![Value::Map(vec![("effect".into(), Value::str("NoExecute")), ("operator".into(), Value::str("Exists"))])]),
            ),
        ]);
        crate::model::defaults::pod_spec(&mut raw, true);
        let mut meta = api.new_meta(&format!("{}-{node}", c.name), "kube-system");
        meta.labels.insert("component", c.name);
        meta.labels.insert("tier", "control-plane");
        let hash = format!("{:016x}{:016x}", api.rng.next_u64(), api.rng.next_u64());
        match c.name {
            "etcd" => meta.annotations.insert("kubeadm.kubernetes.io/etcd.advertise-client-urls", &format!("https://{ip}:2379")),
            "kube-apiserver" => {
                meta.annotations.insert("kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", &format!("{ip}:6443"))
            }
            _ => {}
        }
        meta.annotations.insert("kubernetes.io/config.hash", &hash);
        meta.annotations.insert(MIRROR_ANNOTATION, &hash);
        meta.annotations.insert("kubernetes.io/config.seen", &crate::time::rfc3339(api.now).replace('Z', ".000000000Z"));
        meta.annotations.insert("kubernetes.io/config.source", "file");
        meta.add_owner(OwnerRef { api_version: "v1", kind: "Node", name: node.into(), uid: node_uid.clone(), controller: true });
        crate::apiserver::create_pod(api, meta, Rc::new(PodSpec::from_value(raw)));
    }
}
