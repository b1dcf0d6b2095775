//! Actions: everything a user does to the cluster, as values. The cluster records each one
//! it is given, so a run can be replayed exactly (same seed, same actions, same bytes),
//! put in a share link, and rewound by replaying a prefix.

use crate::proxy::{Entry, Mode};
use crate::time::Millis;
use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Manifests applied (or created) from the editor or a file.
    Apply {
        text: String,
        source: String,
        namespace: String,
        create: bool,
    },
    /// A kubectl command line that changes the cluster, with the files it read (its
    /// `-f` manifests), so that it replays the same wherever the files are gone.
    Kubectl {
        line: String,
        files: Vec<(String, String)>,
    },
    /// Simulated time passing.
    Advance(Millis),
    /// A command that took time (`kubectl wait`, `kubectl drain`) stopped `after` ms in,
    /// as Ctrl-C stops it: what it did up to that instant, nothing later. A rewind into
    /// the middle of a command lands on one.
    Stopped {
        action: Box<Action>,
        after: Millis,
    },
    KillNode(String),
    RestoreNode(String),
    /// `docker build -t TAG` of a Dockerfile (in the host's build context).
    Build {
        dockerfile: String,
        tag: String,
    },
    /// `kind load docker-image NAME`.
    KindLoad(String),
    /// `docker rmi NAME`.
    RemoveImage(String),
    /// Requests sent through a Service.
    Requests {
        namespace: String,
        service: String,
        port: Option<i32>,
        entry: Entry,
        client: String,
        count: usize,
    },
    ProxyMode(Mode),
    Registry(crate::registry::RegistryState),
    /// `registry private NAME`: a host, namespace or repository that wants credentials
    /// (normalized by `registry::private_name`).
    RegistryPrivate(String),
    /// `kubectl patch service NAME -p '{"spec":{"sessionAffinity":"ClientIP"}}'` (or None).
    SessionAffinity {
        namespace: String,
        service: String,
        client_ip: bool,
    },
    /// The load generator's rate on a Service (`None`: off).
    Load {
        namespace: String,
        service: String,
        shape: Option<crate::loadgen::Shape>,
    },
}

/// What performing an action did, for whoever shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// What kubectl printed.
    Kubectl(crate::kubectl::Output),
    /// The editor's manifests, applied.
    Applied(crate::apply::Report),
    /// Each request's fate.
    Requests(Vec<crate::proxy::Request>),
    /// What `docker build` or `kind load` printed.
    Text(String),
    /// A node's kubelet stopped or started, or why not.
    Node(Result<(), crate::apiserver::ApiError>),
    /// Whether the Service (or image) named exists.
    Found(bool),
    /// Time passed, a mode or state was set.
    Done,
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(String::from)
}

impl Action {
    pub fn to_value(&self) -> Value {
        let m = |kind: &str, fields: Vec<(&str, Value)>| {
            let mut v = vec![("a".to_string(), Value::str(kind))];
            v.extend(fields.into_iter().map(|(k, x)| (k.to_string(), x)));
            Value::Map(v)
        };
        match self {
            Action::Apply { text, source, namespace, create } => m(
                "apply",
                vec![
                    ("text", Value::str(text.clone())),
                    ("source", Value::str(source.clone())),
                    ("ns", Value::str(namespace.clone())),
                    ("create", Value::Bool(*create)),
                ],
            ),
            Action::Kubectl { line, files } => {
                let mut fields = vec![("line", Value::str(line.clone()))];
                if !files.is_empty() {
                    let list = files.iter().map(|(p, t)| Value::Seq(vec![Value::str(p.clone()), Value::str(t.clone())])).collect();
                    fields.push(("files", Value::Seq(list)));
                }
                m("kubectl", fields)
            }
            Action::Advance(ms) => m("advance", vec![("ms", Value::Int(*ms as i64))]),
            Action::Stopped { action, after } => m("stopped", vec![("action", action.to_value()), ("after", Value::Int(*after as i64))]),
            Action::KillNode(n) => m("kill", vec![("node", Value::str(n.clone()))]),
            Action::RestoreNode(n) => m("restore", vec![("node", Value::str(n.clone()))]),
            Action::Build { dockerfile, tag } => {
                m("build", vec![("dockerfile", Value::str(dockerfile.clone())), ("tag", Value::str(tag.clone()))])
            }
            Action::KindLoad(i) => m("kindload", vec![("image", Value::str(i.clone()))]),
            Action::RemoveImage(i) => m("rmi", vec![("image", Value::str(i.clone()))]),
            Action::Requests { namespace, service, port, entry, client, count } => {
                let (via, node) = match entry {
                    Entry::ClusterIp => ("clusterip", String::new()),
                    Entry::NodePort(n) => ("nodeport", n.clone()),
                    Entry::LoadBalancer => ("lb", String::new()),
                };
                m(
                    "requests",
                    vec![
                        ("ns", Value::str(namespace.clone())),
                        ("service", Value::str(service.clone())),
                        ("port", port.map(|p| Value::Int(i64::from(p))).unwrap_or(Value::Null)),
                        ("via", Value::str(via)),
                        ("node", Value::str(node)),
                        ("client", Value::str(client.clone())),
                        ("count", Value::Int(*count as i64)),
                    ],
                )
            }
            Action::SessionAffinity { namespace, service, client_ip } => m(
                "affinity",
                vec![
                    ("ns", Value::str(namespace.clone())),
                    ("service", Value::str(service.clone())),
                    ("clientip", Value::Bool(*client_ip)),
                ],
            ),
            Action::Load { namespace, service, shape } => m(
                "load",
                vec![
                    ("ns", Value::str(namespace.clone())),
                    ("service", Value::str(service.clone())),
                    ("shape", Value::str(shape.as_ref().map_or("off".to_string(), |s| s.describe()))),
                ],
            ),
            Action::ProxyMode(mode) => m("proxy", vec![("mode", Value::str(if *mode == Mode::Ipvs { "ipvs" } else { "iptables" }))]),
            Action::RegistryPrivate(name) => m("registryprivate", vec![("name", Value::str(name.clone()))]),
            Action::Registry(state) => m(
                "registry",
                vec![(
                    "state",
                    Value::str(match state {
                        crate::registry::RegistryState::Up => "up",
                        crate::registry::RegistryState::Down => "down",
                        crate::registry::RegistryState::Slow => "slow",
                    }),
                )],
            ),
        }
    }

    pub fn from_value(v: &Value) -> Option<Action> {
        Some(match v.get("a").and_then(Value::as_str)? {
            "apply" => Action::Apply {
                text: s(v, "text")?,
                source: s(v, "source")?,
                namespace: s(v, "ns")?,
                create: v.get("create").and_then(Value::as_bool)?,
            },
            "kubectl" => Action::Kubectl {
                line: s(v, "line")?,
                files: match v.get("files") {
                    None => vec![],
                    Some(list) => list
                        .as_seq()
                        .iter()
                        .map(|f| Some((f.as_seq().first()?.as_str()?.to_string(), f.as_seq().get(1)?.as_str()?.to_string())))
                        .collect::<Option<Vec<_>>>()?,
                },
            },
            "advance" => Action::Advance(u64::try_from(v.get("ms").and_then(Value::as_i64)?).ok()?),
            "stopped" => {
                let inner = v.get("action")?;
                // Only a command is stopped, once: time, or a stop inside a stop, means
                // nothing (and is refused before it is read, so no nesting runs deep).
                if matches!(inner.get("a").and_then(Value::as_str), Some("advance" | "stopped")) {
                    return None;
                }
                let after = u64::try_from(v.get("after").and_then(Value::as_i64)?).ok()?;
                Action::Stopped { action: Box::new(Action::from_value(inner)?), after }
            }
            "kill" => Action::KillNode(s(v, "node")?),
            "restore" => Action::RestoreNode(s(v, "node")?),
            "build" => Action::Build { dockerfile: s(v, "dockerfile")?, tag: s(v, "tag")? },
            "kindload" => Action::KindLoad(s(v, "image")?),
            "rmi" => Action::RemoveImage(s(v, "image")?),
            "requests" => Action::Requests {
                namespace: s(v, "ns")?,
                service: s(v, "service")?,
                port: v.get("port").and_then(Value::as_i64).and_then(|p| i32::try_from(p).ok()),
                entry: match s(v, "via")?.as_str() {
                    "clusterip" => Entry::ClusterIp,
                    "nodeport" => Entry::NodePort(s(v, "node")?),
                    "lb" => Entry::LoadBalancer,
                    _ => return None,
                },
                client: s(v, "client")?,
                count: usize::try_from(v.get("count").and_then(Value::as_i64)?).ok()?.min(1_000_000),
            },
            "affinity" => Action::SessionAffinity {
                namespace: s(v, "ns")?,
                service: s(v, "service")?,
                client_ip: v.get("clientip").and_then(Value::as_bool)?,
            },
            "load" => Action::Load {
                namespace: s(v, "ns")?,
                service: s(v, "service")?,
                shape: match s(v, "shape")?.as_str() {
                    "off" => None,
                    text => Some(crate::loadgen::Shape::parse(&text.split_whitespace().collect::<Vec<_>>())?),
                },
            },
            "proxy" => Action::ProxyMode(if s(v, "mode")? == "ipvs" { Mode::Ipvs } else { Mode::Iptables }),
            "registryprivate" => Action::RegistryPrivate(s(v, "name")?),
            "registry" => Action::Registry(match s(v, "state")?.as_str() {
                "down" => crate::registry::RegistryState::Down,
                "slow" => crate::registry::RegistryState::Slow,
                _ => crate::registry::RegistryState::Up,
            }),
            _ => return None,
        })
    }
}

/// A log as JSON text (an array of actions). JSON allows DEL, the C1 controls and
/// U+FFFE/U+FFFF raw inside strings, but `from_json` reads through the YAML reader, which
/// refuses them: they are written as `\uXXXX`, so every log reads back.
pub fn to_json(actions: &[Action]) -> String {
    let json = Value::Seq(actions.iter().map(Action::to_value).collect()).to_json();
    let refused = |c: char| c == '\u{7f}' || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}') || c == '\u{fffe}' || c == '\u{ffff}';
    if !json.contains(refused) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if refused(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Actions back from JSON text; `None` if it is not such a log.
pub fn from_json(text: &str) -> Option<Vec<Action>> {
    let stream = crate::yaml::parse_stream(text);
    if stream.error.is_some() {
        return None;
    }
    let doc = stream.docs.first()?;
    let v = crate::model::decode::untyped(&doc.root);
    v.as_seq().iter().map(Action::from_value).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cluster, Preset};

    #[test]
    fn a_log_replays_to_the_same_cluster_and_survives_json() {
        let mut a = Cluster::new(Preset::Kind, None, 4);
        let web = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n  - port: 80\n";
        a.apply_text(web, "m.yaml", "default", crate::apply::Mode::Apply);
        for _ in 0..50 {
            a.advance(300);
        }
        a.kubectl("scale deployment web --replicas=5", &crate::kubectl::NoFiles);
        a.advance(20_000);
        a.send_requests("default", "web", None, &Entry::NodePort("kind-worker".into()), "10.0.0.1", 100);
        a.kill_node("kind-worker").unwrap();
        a.advance(90_000);
        let json = to_json(a.log());
        let actions = from_json(&json).expect("the log parses back");
        assert_eq!(actions, a.log());
        assert!(actions.len() < 12, "time steps merge: {actions:?}");
        let mut b = Cluster::new(Preset::Kind, None, 4);
        for act in &actions {
            b.perform(act, &crate::kubectl::NoFiles);
        }
        assert_eq!(a.event_log(), b.event_log());
        assert_eq!(
            a.kubectl("get pods -o wide", &crate::kubectl::NoFiles).text(),
            b.kubectl("get pods -o wide", &crate::kubectl::NoFiles).text()
        );
    }

    #[test]
    fn a_stopped_command_survives_json_and_a_stop_in_a_stop_is_refused() {
        let stopped = Action::Stopped {
            action: Box::new(Action::Kubectl { line: "wait --for=condition=Ready pod/x".into(), files: vec![] }),
            after: 1_500,
        };
        assert_eq!(from_json(&to_json(std::slice::from_ref(&stopped))), Some(vec![stopped.clone()]));
        for inner in [Action::Advance(5), stopped] {
            let twice = Action::Stopped { action: Box::new(inner), after: 1 };
            assert!(Action::from_value(&twice.to_value()).is_none(), "{twice:?}");
        }
    }
}
