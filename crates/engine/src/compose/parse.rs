//! A compose file read into the services kompose converts, as compose-go normalizes them:
//! short and long syntaxes of ports and volumes, lists or maps for `environment` and
//! `labels`, strings or lists for `command`. Every error names its line and field.

use crate::yaml::{self, Node, NodeKind, Span};

/// The fields of a service kubeplay's conversion reads; the rest are named in `other`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub name: String,
    pub line: u32,
    pub image: Option<String>,
    pub build: Option<Build>,
    pub ports: Vec<Port>,
    pub expose: Vec<Port>,
    pub environment: Vec<(String, String)>,
    pub env_file: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub command: Option<Vec<String>>,
    pub volumes: Vec<Volume>,
    pub replicas: Option<i64>,
    /// `restart`, or `deploy.restart_policy.condition`, which overrides it.
    pub restart: Option<String>,
    pub depends_on: Vec<String>,
    pub links: Vec<String>,
    pub networks: Vec<String>,
    pub container_name: Option<String>,
    pub labels: Vec<(String, String)>,
    pub working_dir: Option<String>,
    pub hostname: Option<String>,
    pub stdin_open: bool,
    pub tty: bool,
    /// Keys of the compose specification this conversion does not read, in file order.
    pub other: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Build {
    pub context: String,
    pub dockerfile: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Port {
    /// The published (host) port; `None` when only the container's is given.
    pub published: Option<i32>,
    pub target: i32,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    /// A named volume's name, a bind mount's host path, or nothing (anonymous).
    pub source: Option<String>,
    pub bind: bool,
    pub target: String,
    pub read_only: bool,
    /// The text as written, for messages.
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    /// In name order, as kompose converts them.
    pub services: Vec<Service>,
    /// The obsolete top-level `version:`, if present.
    pub version: bool,
    /// Variables `${NAME}` used but not set (kubeplay has no host environment).
    pub unset: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub span: Span,
    pub message: String,
}

impl Error {
    fn at(span: Span, message: impl Into<String>) -> Error {
        Error { span, message: message.into() }
    }
}

const TOP_LEVEL: &[&str] = &["version", "name", "services", "networks", "volumes", "secrets", "configs", "include", "models"];

/// The service properties of the compose specification.
const SERVICE_KEYS: &[&str] = &[
    "annotations",
    "attach",
    "blkio_config",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpu_shares",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "deploy",
    "develop",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "label_file",
    "labels",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "models",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "privileged",
    "profiles",
    "provider",
    "pull_policy",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volumes",
    "volumes_from",
    "working_dir",
];

pub fn parse(text: &str) -> Result<Project, Error> {
    let stream = yaml::parse_stream(text);
    if let Some(e) = stream.error {
        return Err(Error::at(e.span, format!("yaml: {}", e.message)));
    }
    let Some(doc) = stream.docs.first() else {
        return Err(Error::at(Span { line: 1, col: 1 }, "empty compose file"));
    };
    let root = &doc.root;
    let NodeKind::Map(pairs) = &root.kind else {
        return Err(Error::at(root.span, "Top-level object must be a mapping"));
    };
    let mut project = Project::default();
    let mut services = None;
    for (k, v) in pairs {
        let key = k.scalar().unwrap_or_default();
        if key.starts_with("x-") {
            continue;
        }
        if !TOP_LEVEL.contains(&key) {
            return Err(Error::at(k.span, format!("(root) additional properties '{key}' not allowed")));
        }
        match key {
            "version" => project.version = true,
            "services" => services = Some(v),
            _ => {}
        }
    }
    let Some(services) = services else {
        return Err(Error::at(root.span, "no service found in the compose file (it has no `services:` key)"));
    };
    let mut unset = Vec::new();
    match &services.kind {
        NodeKind::Map(list) => {
            for (k, v) in list {
                let name = k.scalar().unwrap_or_default().to_string();
                project.services.push(service(&name, k.span, v, &mut unset)?);
            }
        }
        NodeKind::Null => {}
        _ => return Err(Error::at(services.span, "services must be a mapping")),
    }
    if project.services.is_empty() {
        return Err(Error::at(services.span, "no service found in the compose file"));
    }
    project.services.sort_by(|a, b| a.name.cmp(&b.name));
    unset.dedup();
    project.unset = unset;
    Ok(project)
}

fn service(name: &str, span: Span, node: &Node, unset: &mut Vec<String>) -> Result<Service, Error> {
    let mut s = Service { name: name.to_string(), line: span.line, ..Default::default() };
    let NodeKind::Map(pairs) = &node.kind else {
        return Err(Error::at(node.span, format!("services.{name} must be a mapping")));
    };
    let mut deploy_restart = None;
    for (k, v) in pairs {
        let key = k.scalar().unwrap_or_default();
        let field = format!("services.{name}.{key}");
        if key.starts_with("x-") {
            continue;
        }
        if !SERVICE_KEYS.contains(&key) {
            return Err(Error::at(k.span, format!("services.{name} additional properties '{key}' not allowed")));
        }
        match key {
            "image" => s.image = Some(text(v, &field, unset)?),
            "build" => s.build = Some(build(v, &field, unset)?),
            "ports" => {
                for (i, p) in items(v, &field)?.iter().enumerate() {
                    s.ports.push(port(p, &format!("{field}[{i}]"))?);
                }
            }
            "expose" => {
                for (i, p) in items(v, &field)?.iter().enumerate() {
                    let t = text(p, &field, unset)?;
                    let (num, proto) = t.split_once('/').unwrap_or((&t, "tcp"));
                    let target = num.parse().map_err(|_| Error::at(p.span, format!("{field}[{i}]: invalid port \"{t}\"")))?;
                    s.expose.push(Port { published: None, target, protocol: proto.to_string() });
                }
            }
            "environment" => s.environment = pairs_of(v, &field, true, unset)?,
            "labels" => s.labels = pairs_of(v, &field, false, unset)?,
            "env_file" => {
                s.env_file = match &v.kind {
                    NodeKind::Seq(_) => {
                        let mut files = Vec::new();
                        for f in items(v, &field)? {
                            files.push(match f.get("path") {
                                Some(p) => text(p, &field, unset)?,
                                None => text(f, &field, unset)?,
                            });
                        }
                        files
                    }
                    _ => vec![text(v, &field, unset)?],
                }
            }
            "entrypoint" => s.entrypoint = Some(words(v, &field, unset)?),
            "command" => s.command = Some(words(v, &field, unset)?),
            "volumes" => {
                for (i, item) in items(v, &field)?.iter().enumerate() {
                    s.volumes.push(volume(item, &format!("{field}[{i}]"), unset)?);
                }
            }
            "deploy" => {
                if let Some(r) = v.get("replicas") {
                    let t = text(r, &format!("{field}.replicas"), unset)?;
                    let n = t.parse::<i64>().ok().filter(|n| *n >= 0);
                    s.replicas = Some(n.ok_or_else(|| Error::at(r.span, format!("{field}.replicas must be a number, not \"{t}\"")))?);
                }
                if let Some(c) = v.get("restart_policy").and_then(|p| p.get("condition")) {
                    deploy_restart = Some(text(c, &format!("{field}.restart_policy.condition"), unset)?);
                }
            }
            "restart" => s.restart = Some(text(v, &field, unset)?),
            "depends_on" => s.depends_on = names(v, &field)?,
            "links" => s.links = items(v, &field)?.iter().map(|n| text(n, &field, unset)).collect::<Result<_, _>>()?,
            "networks" => s.networks = names(v, &field)?,
            "container_name" => s.container_name = Some(text(v, &field, unset)?),
            "working_dir" => s.working_dir = Some(text(v, &field, unset)?),
            "hostname" => s.hostname = Some(text(v, &field, unset)?),
            "stdin_open" => s.stdin_open = boolean(v, &field)?,
            "tty" => s.tty = boolean(v, &field)?,
            other => s.other.push(other.to_string()),
        }
    }
    if deploy_restart.is_some() {
        s.restart = deploy_restart;
    }
    if let Some(r) = &s.restart {
        if !["no", "always", "on-failure", "unless-stopped", "any", "none"].contains(&r.split(':').next().unwrap_or_default()) {
            let at = node.locate("restart");
            return Err(Error::at(at, format!("Unknown restart policy {r} for service {name}")));
        }
    }
    if s.image.is_none() && s.build.is_none() {
        return Err(Error::at(
            span,
            format!("service \"{name}\" has neither an image nor a build context specified: invalid compose project"),
        ));
    }
    Ok(s)
}

fn items<'a>(v: &'a Node, field: &str) -> Result<&'a [Node], Error> {
    match &v.kind {
        NodeKind::Seq(items) => Ok(items),
        NodeKind::Null => Ok(&[]),
        _ => Err(Error::at(v.span, format!("{field} must be a list"))),
    }
}

/// A scalar's text with `${VAR}` interpolated; kubeplay has no host environment, so a
/// variable is its default or, like an unset one, empty.
fn text(v: &Node, field: &str, unset: &mut Vec<String>) -> Result<String, Error> {
    match &v.kind {
        NodeKind::Scalar { text, .. } => Ok(interpolate(text, unset)),
        NodeKind::Null => Ok(String::new()),
        _ => Err(Error::at(v.span, format!("{field} must be a string"))),
    }
}

fn interpolate(s: &str, unset: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(a) = after.strip_prefix('$') {
            out.push('$');
            rest = a;
        } else if let Some(body) = after.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                out.push_str(&rest[i..]);
                return out;
            };
            let expr = &body[..end];
            let (name, default) = match expr.find([':', '-', '?', '+']) {
                Some(j) => (&expr[..j], Some(expr[j..].trim_start_matches(':').trim_start_matches(['-', '?', '+']))),
                None => (expr, None),
            };
            match default {
                Some(d) if expr[name.len()..].trim_start_matches(':').starts_with('-') => out.push_str(d),
                _ => unset.push(name.to_string()),
            }
            rest = &body[end + 1..];
        } else {
            let n = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            if n == 0 {
                out.push('$');
            } else {
                unset.push(after[..n].to_string());
            }
            rest = &after[n..];
        }
    }
    out.push_str(rest);
    out
}

fn boolean(v: &Node, field: &str) -> Result<bool, Error> {
    match v.scalar() {
        Some("true" | "True" | "yes") => Ok(true),
        Some("false" | "False" | "no") => Ok(false),
        _ => Err(Error::at(v.span, format!("{field} must be a boolean"))),
    }
}

/// `command` and `entrypoint`: a list as it is, a string split as a shell would.
fn words(v: &Node, field: &str, unset: &mut Vec<String>) -> Result<Vec<String>, Error> {
    match &v.kind {
        NodeKind::Seq(items) => items.iter().map(|i| text(i, field, unset)).collect(),
        NodeKind::Scalar { .. } => {
            let t = text(v, field, unset)?;
            crate::words::split(&t).map_err(|e| Error::at(v.span, format!("{field}: {e}")))
        }
        NodeKind::Null => Ok(vec![]),
        _ => Err(Error::at(v.span, format!("{field} must be a string or a list"))),
    }
}

/// `depends_on` and `networks`: a list of names or a map keyed by them.
fn names(v: &Node, field: &str) -> Result<Vec<String>, Error> {
    match &v.kind {
        NodeKind::Seq(items) => Ok(items.iter().filter_map(|i| i.scalar().map(str::to_string)).collect()),
        NodeKind::Map(pairs) => Ok(pairs.iter().filter_map(|(k, _)| k.scalar().map(str::to_string)).collect()),
        NodeKind::Null => Ok(vec![]),
        _ => Err(Error::at(v.span, format!("{field} must be a list or a mapping"))),
    }
}

/// `environment` and `labels`: `- KEY=VALUE` items or a `KEY: VALUE` map. An environment
/// variable without a value takes the host's, which kubeplay does not have: it is left
/// out, as compose leaves out an unset one.
fn pairs_of(v: &Node, field: &str, env: bool, unset: &mut Vec<String>) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    match &v.kind {
        NodeKind::Seq(items) => {
            for item in items {
                let t = text(item, field, unset)?;
                match t.split_once('=') {
                    Some((k, val)) => out.push((k.to_string(), val.to_string())),
                    None if env => {}
                    None => out.push((t, String::new())),
                }
            }
        }
        NodeKind::Map(pairs) => {
            for (k, val) in pairs {
                let key = k.scalar().unwrap_or_default().to_string();
                match &val.kind {
                    NodeKind::Null if env => {}
                    _ => out.push((key.clone(), text(val, &format!("{field}.{key}"), unset)?)),
                }
            }
        }
        NodeKind::Null => {}
        _ => return Err(Error::at(v.span, format!("{field} must be a list or a mapping"))),
    }
    Ok(out)
}

fn build(v: &Node, field: &str, unset: &mut Vec<String>) -> Result<Build, Error> {
    match &v.kind {
        NodeKind::Map(_) => Ok(Build {
            context: match v.get("context") {
                Some(c) => text(c, &format!("{field}.context"), unset)?,
                None => ".".to_string(),
            },
            dockerfile: v.get("dockerfile").map(|d| text(d, &format!("{field}.dockerfile"), unset)).transpose()?,
        }),
        _ => Ok(Build { context: text(v, field, unset)?, dockerfile: None }),
    }
}

fn number(t: &str, span: Span, field: &str) -> Result<i32, Error> {
    t.parse::<i32>().ok().filter(|p| (1..=65535).contains(p)).ok_or_else(|| Error::at(span, format!("{field}: invalid port \"{t}\"")))
}

/// `[IP:][HOST:]CONTAINER[/PROTOCOL]`, or the long syntax's `target`, `published`, `protocol`.
fn port(v: &Node, field: &str) -> Result<Port, Error> {
    if let NodeKind::Map(_) = &v.kind {
        let target = v.get("target").and_then(Node::scalar).ok_or_else(|| Error::at(v.span, format!("{field}.target is required")))?;
        let target = number(target, v.span, field)?;
        let published = v.get("published").and_then(Node::scalar).map(|p| number(p, v.span, field)).transpose()?;
        let protocol = v.get("protocol").and_then(Node::scalar).unwrap_or("tcp").to_string();
        return Ok(Port { published, target, protocol });
    }
    let Some(t) = v.scalar() else {
        return Err(Error::at(v.span, format!("{field} must be a string or a number")));
    };
    let (spec, protocol) = t.split_once('/').unwrap_or((t, "tcp"));
    if spec.contains('-') {
        return Err(Error::at(v.span, format!("{field}: kubeplay does not convert port ranges (\"{t}\"); write one port per line")));
    }
    let parts: Vec<&str> = spec.rsplitn(3, ':').collect();
    let target = number(parts[0], v.span, field)?;
    let published = match parts.get(1) {
        Some(p) if !p.is_empty() => Some(number(p, v.span, field)?),
        _ => None,
    };
    Ok(Port { published, target, protocol: protocol.to_string() })
}

/// `[SOURCE:]TARGET[:ro|rw]`: a source that is a path is a bind mount, any other a named
/// volume; the long syntax gives `type`, `source`, `target`, `read_only`.
fn volume(v: &Node, field: &str, unset: &mut Vec<String>) -> Result<Volume, Error> {
    if let NodeKind::Map(_) = &v.kind {
        let target = v.get("target").map(|t| text(t, field, unset)).transpose()?;
        let target = target.ok_or_else(|| Error::at(v.span, format!("{field}.target is required")))?;
        let kind = v.get("type").and_then(Node::scalar).unwrap_or("volume");
        let source = v.get("source").map(|s| text(s, field, unset)).transpose()?.filter(|s| !s.is_empty());
        let read_only = v.get("read_only").map(|r| boolean(r, field)).transpose()?.unwrap_or(false);
        let text = format!("{}:{target}", source.clone().unwrap_or_default());
        return Ok(Volume { bind: kind == "bind", source, target, read_only, text });
    }
    let t = text(v, field, unset)?;
    let parts: Vec<&str> = t.split(':').collect();
    let (source, target, mode) = match parts.as_slice() {
        [target] => (None, *target, ""),
        [source, target] => (Some(*source), *target, ""),
        [source, target, mode] => (Some(*source), *target, *mode),
        _ => return Err(Error::at(v.span, format!("{field}: invalid volume specification: '{t}'"))),
    };
    if !target.starts_with('/') {
        return Err(Error::at(v.span, format!("{field}: invalid volume specification: '{t}': the mount path must be absolute")));
    }
    let bind = source.is_some_and(|s| s.starts_with(['.', '/', '~']));
    Ok(Volume {
        source: source.filter(|s| !s.is_empty()).map(str::to_string),
        bind,
        target: target.to_string(),
        read_only: mode.split(',').any(|m| m == "ro"),
        text: t.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_syntaxes() {
        let p = parse(
            "services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n      - 443\n      - target: 53\n        protocol: udp\n    environment:\n      B: 2\n      A: x\n    command: java -jar \"app one.jar\"\n    volumes:\n      - data:/data\n      - ./html:/usr/share/nginx/html:ro\n",
        )
        .unwrap();
        let w = &p.services[0];
        assert_eq!(w.ports[0], Port { published: Some(8080), target: 80, protocol: "tcp".into() });
        assert_eq!(w.ports[1].published, None);
        assert_eq!(w.ports[2].protocol, "udp");
        assert_eq!(w.environment, vec![("B".to_string(), "2".to_string()), ("A".to_string(), "x".to_string())]);
        assert_eq!(w.command.as_deref(), Some(&["java".to_string(), "-jar".into(), "app one.jar".into()][..]));
        assert!(!w.volumes[0].bind && w.volumes[1].bind && w.volumes[1].read_only);
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let e = parse("services:\n  web:\n    image: nginx\n    ports:\n      - \"80:http\"\n").unwrap_err();
        assert_eq!(e.span.line, 5);
        assert!(e.message.contains("services.web.ports[0]"), "{}", e.message);
        let e = parse("services:\n  web:\n    imgae: nginx\n").unwrap_err();
        assert_eq!((e.span.line, e.message.as_str()), (3, "services.web additional properties 'imgae' not allowed"));
        assert!(parse("").is_err());
        assert!(parse("services:\n  web: [\n").is_err());
        assert!(parse("kind: Pod\n").is_err());
    }

    #[test]
    fn variables_take_their_defaults() {
        let p = parse("services:\n  db:\n    image: \"postgres:${TAG:-16}\"\n    environment:\n      - PASSWORD=${PW}\n").unwrap();
        assert_eq!(p.services[0].image.as_deref(), Some("postgres:16"));
        assert_eq!(p.services[0].environment[0].1, "");
        assert_eq!(p.unset, vec!["PW".to_string()]);
    }
}
