//! One parser for every line a person types, in a script or the page's console: kubectl
//! commands and the simulator's own verbs (time, nodes, images, the registry, traffic,
//! load, explanations). A line becomes a change to the cluster (an `Action`, which the
//! cluster records), a read, or just something to print; the command line and the page
//! are thin callers of `Cluster::run`.

use crate::actions::{Action, Outcome};
use crate::files::Files;
use crate::kubectl::{tabwriter, Output};
use crate::proxy::{Entry, Mode, Outcome as Fate};
use crate::registry::RegistryState;
use crate::time::go_duration;
use crate::world::World;
use std::collections::BTreeMap;

/// What a line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// A change: the cluster records `action` and performs it. `context` is the folder a
    /// `docker build` reads; `echo` is printed before the outcome (the kubectl line a
    /// simulator verb stands for).
    Change { action: Action, context: Option<String>, echo: Option<String> },
    /// `step`: time jumps to the next thing that happens.
    Step,
    /// A read: nothing is recorded.
    Read(Read),
    /// Something to print without touching the cluster (a usage message).
    Print(Output),
}

/// The reads a line can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Read {
    Kubectl(String),
    /// The scheduler's verdict on every node for a pod.
    Why {
        namespace: String,
        pod: String,
    },
    /// Why a Service does not deliver.
    WhyService {
        namespace: String,
        service: String,
    },
    /// An HPA's last computation.
    Hpa {
        namespace: String,
        name: String,
    },
    /// `docker images`.
    DockerImages,
    /// What each load did in its last second.
    Loads,
}

/// The verbs a line may start with, besides kubectl.
pub const VERBS: &[&str] =
    &["sleep", "step", "node", "docker", "kind", "registry", "kill", "request", "load", "hpa", "why", "proxy", "kompose"];

fn print(text: impl Into<String>) -> Command {
    Command::Print(Output::ok(text.into()))
}

fn fail(text: impl Into<String>) -> Command {
    Command::Print(Output::err(text.into()))
}

fn change(action: Action) -> Command {
    Command::Change { action, context: None, echo: None }
}

/// The value of `flag` among the words (`-n 5`, `--via nodeport`).
fn flag<'a>(words: &'a [String], flag: &str) -> Option<&'a str> {
    words.windows(2).find(|w| w[0] == flag).map(|w| w[1].as_str())
}

/// What `line` asks of the cluster. A `docker build` reads its Dockerfile from `files`
/// here; the manifests of `kubectl apply -f` are read when the change runs.
pub fn parse(w: &World, line: &str, files: &dyn Files) -> Command {
    let line = line.trim();
    if line.is_empty() {
        return print("");
    }
    if line.starts_with('#') {
        return print(format!("{line}\n"));
    }
    let words = match crate::words::split(line) {
        Ok(words) => words,
        Err(e) => return fail(format!("kubeplay: {e}")),
    };
    let word = |i: usize| words.get(i).map(String::as_str);
    // `KUBE_EDITOR="…" kubectl edit …`: a shell's assignments before the command.
    let assignments = words.iter().take_while(|w| crate::kubectl::edit::assignment(w).is_some()).count();
    match word(assignments).filter(|_| assignments == 0 || matches!(word(assignments), Some("kubectl" | "k"))) {
        Some("kubectl") | Some("k") => {
            if crate::kubectl::needs_files(line) {
                // A read of the files as they are now: nothing to record.
                Command::Print(crate::kubectl::read_files(w, line, files))
            } else if crate::kubectl::reads_only(line) {
                Command::Read(Read::Kubectl(line.to_string()))
            } else {
                change(Action::Kubectl { line: line.to_string(), files: vec![] })
            }
        }
        Some("sleep") => match word(1).and_then(crate::time::parse_duration) {
            Some(ms) if words.len() == 2 => change(Action::Advance(ms)),
            _ => fail("kubeplay: usage: sleep DURATION (e.g. 30s, 1m30s, 500ms)"),
        },
        Some("step") => Command::Step,
        Some("node") => match (word(1), word(2)) {
            (Some("kill"), Some(name)) => change(Action::KillNode(name.to_string())),
            (Some("restore"), Some(name)) => change(Action::RestoreNode(name.to_string())),
            _ => fail("kubeplay: usage: node kill NAME | node restore NAME"),
        },
        Some("docker") => docker(&words, files),
        Some("kind") => match (word(1), word(2), word(3)) {
            (Some("load"), Some("docker-image"), Some(image)) => {
                if w.preset() != crate::Preset::Kind {
                    return fail("ERROR: no nodes found for cluster \"kind\"");
                }
                change(Action::KindLoad(image.to_string()))
            }
            _ => fail("kubeplay: usage: kind load docker-image NAME[:TAG]"),
        },
        Some("registry") => match word(1) {
            Some("up") => change(Action::Registry(RegistryState::Up)),
            Some("down") => change(Action::Registry(RegistryState::Down)),
            Some("slow") => change(Action::Registry(RegistryState::Slow)),
            Some("private") => match word(2).and_then(crate::registry::private_name) {
                Some(name) if words.len() == 3 => change(Action::RegistryPrivate(name)),
                _ => fail("kubeplay: usage: registry private HOST|NAMESPACE|REPOSITORY (e.g. registry private ghcr.io, registry private acme, registry private acme/app; no tag)"),
            },
            _ => fail("kubeplay: usage: registry up|down|slow|private NAME"),
        },
        Some("why") => why(w, &words),
        Some("kill") => kill(w, &words),
        Some("request") | Some("curl") => request(w, &words),
        Some("load") => load(&words),
        Some("hpa") => match word(1) {
            Some(name) => Command::Read(Read::Hpa { namespace: "default".into(), name: name.to_string() }),
            None => fail("kubeplay: usage: hpa NAME"),
        },
        Some("kompose") => {
            let p = crate::compose::command::run(&words, files);
            // kompose logs while it converts, before it prints any manifest.
            match p.ok {
                true => Command::Print(Output { warnings: p.stderr, stdout: p.stdout, ..Default::default() }),
                false => Command::Print(Output { stdout: p.stdout, stderr: p.stderr, code: 1, ..Default::default() }),
            }
        }
        Some("proxy") => match word(1) {
            Some("iptables") => change(Action::ProxyMode(Mode::Iptables)),
            Some("ipvs") => change(Action::ProxyMode(Mode::Ipvs)),
            _ => fail("kubeplay: usage: proxy iptables|ipvs"),
        },
        Some(other) => fail(format!(
            "kubeplay: {other}: command not found (lines are kubectl commands, sleep, step, node, docker build, kind load, registry, kill pod, request, load, hpa, why, proxy, kompose convert)"
        )),
        None => print(""),
    }
}

/// `why POD [-n NS]` or `why svc/NAME [-n NS]`.
fn why(w: &World, words: &[String]) -> Command {
    let Some(target) = words.get(1) else { return fail("kubeplay: usage: why POD [-n NAMESPACE] | why svc/NAME | why ingress/NAME") };
    let namespace = flag(words, "-n").unwrap_or("default").to_string();
    if let Some(name) = target.strip_prefix("ingress/").or_else(|| target.strip_prefix("ing/")) {
        return Command::Print(Output::ok(why_ingress(w, &namespace, name)));
    }
    match target.strip_prefix("svc/").or_else(|| target.strip_prefix("service/")) {
        Some(service) => Command::Read(Read::WhyService { namespace, service: service.to_string() }),
        None => Command::Read(Read::Why { namespace, pod: target.trim_start_matches("pod/").to_string() }),
    }
}

/// `kill pod NAME` or `kill pod -l SELECTOR`: deletes one pod (the first by name) the way
/// a student's click on the page does, without waiting for it to go.
fn kill(w: &World, words: &[String]) -> Command {
    if words.get(1).map(String::as_str) != Some("pod") {
        return fail("kubeplay: usage: kill pod NAME | kill pod -l SELECTOR [-n NAMESPACE]");
    }
    let ns = flag(words, "-n").unwrap_or("default");
    let name = match flag(words, "-l") {
        Some(sel) => {
            let Ok(sel) = crate::model::Selector::parse(sel) else { return fail(format!("error: invalid selector {sel}")) };
            let first = w
                .store
                .pods_in(Some(ns))
                .into_iter()
                .filter_map(|id| w.store.pod(id))
                .find(|p| p.meta.deletion.is_none() && sel.matches(&p.meta.labels))
                .map(|p| p.meta.name.clone());
            match first {
                Some(n) => n,
                None => return print(format!("No resources found in {ns} namespace.\n")),
            }
        }
        None => match words.get(2) {
            Some(n) => n.clone(),
            None => return fail("kubeplay: usage: kill pod NAME | kill pod -l SELECTOR"),
        },
    };
    let line = format!("kubectl delete pod {name} -n {ns} --wait=false");
    Command::Change { echo: Some(format!("# {line}\n")), action: Action::Kubectl { line, files: vec![] }, context: None }
}

const REQUEST_USAGE: &str =
    "kubeplay: usage: request svc/NAME [-n COUNT] [--via clusterip|nodeport|lb] [--node NODE] [--port PORT] [--from CLIENT] [--namespace NS]";

/// `request svc/NAME [-n COUNT] [--via clusterip|nodeport|lb] [--node NODE] [--port PORT]
/// [--from CLIENT] [--namespace NS]`.
/// The console's `curl [-s] [-I] [-k] [-o FILE] [-w FMT] [-H "Host: NAME"] [--resolve
/// NAME:PORT:ADDRESS] URL` to port 80 or 443 of `localhost` or a load balancer's address:
/// through the ingress controller that address reaches, or `None` when the URL is
/// something else. Over https the URL's name is the TLS server name nginx picks its
/// certificate by, as the Host header picks the rules.
fn curl_from_outside(w: &World, words: &[String]) -> Option<Command> {
    const VALUED: &[&str] =
        &["-o", "--output", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "-H", "--header", "-X", "-d", "-A", "--resolve"];
    let mut url = None;
    let mut i = 1;
    while i < words.len() {
        if VALUED.contains(&words[i].as_str()) {
            i += 2;
            continue;
        }
        if !words[i].starts_with('-') && url.is_none() {
            url = Some(words[i].clone());
        }
        i += 1;
    }
    let url = url?;
    let https = url.starts_with("https://");
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let (hostport, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let (name, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()?),
        None => (hostport, if https { 443 } else { 80 }),
    };
    // `--resolve NAME:PORT:ADDRESS` connects to ADDRESS while the name stays the URL's.
    let resolved = words.windows(2).filter(|x| x[0] == "--resolve").find_map(|x| {
        let mut it = x[1].splitn(3, ':');
        let (h, p, a) = (it.next()?, it.next()?, it.next()?);
        (h.eq_ignore_ascii_case(name) && p.parse::<u16>().ok() == Some(port)).then(|| a.to_string())
    });
    let host: &str = resolved.as_deref().unwrap_or(name);
    let local = matches!(host, "localhost" | "127.0.0.1");
    let balanced = w.store.services.values().any(|s| s.lb_ingress.as_deref() == Some(host));
    if !(port == 80 || port == 443) || !(local || balanced) {
        return None;
    }
    let host_header = words
        .windows(2)
        .filter(|x| x[0] == "-H" || x[0] == "--header")
        .find_map(|x| x[1].split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("host")).map(|(_, v)| v.trim().to_string()))
        .unwrap_or_else(|| name.to_string());
    let head = words.iter().any(|x| x == "-I" || x == "--head");
    let discard = words.windows(2).any(|x| (x[0] == "-o" || x[0] == "--output") && x[1] == "/dev/null");
    let write_out = flag(words, "-w").or(flag(words, "--write-out")).map(str::to_string);
    let Some(c) = crate::ingress::from_outside(&w.store, w.preset, host) else {
        if !local {
            return None;
        }
        let why = match crate::ingress::controllers(&w.store).first() {
            Some(c) => format!("the ingress-nginx controller pod {}/{} is not ready yet", c.namespace, c.name),
            None => "nothing on this machine listens on port 80: no ingress controller is installed in the cluster".to_string(),
        };
        return Some(Command::Print(Output::err(format!(
            "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\nkubeplay: {why}"
        ))));
    };
    // `-k`/`--insecure`, alone or among other short flags (`-sk`).
    let insecure = words.iter().skip(1).any(|x| {
        x == "--insecure"
            || (x.starts_with('-')
                && !x.starts_with("--")
                && x.len() > 1
                && x[1..].chars().all(|ch| ch.is_ascii_alphabetic())
                && x.contains('k'))
    });
    if https && !insecure {
        let served = match crate::ingress::certificate(&w.store, &c, name) {
            crate::ingress::Certificate::Secret { namespace, name } => format!(
                "nginx presented the certificate of Secret {namespace}/{name}; kubeplay does not verify certificates against a CA and answers as curl does for a self-signed one (-k skips the check)"
            ),
            crate::ingress::Certificate::Fake { why: Some(why) } => {
                format!("nginx presented ingress-nginx's default certificate (CN=Kubernetes Ingress Controller Fake Certificate): {why}")
            }
            crate::ingress::Certificate::Fake { why: None } => format!(
                "nginx presented ingress-nginx's default certificate (CN=Kubernetes Ingress Controller Fake Certificate): no Ingress's tls lists {name}, the server name curl sent"
            ),
        };
        return Some(Command::Print(Output::err(format!(
            "curl: (60) SSL certificate problem: self-signed certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\nkubeplay: {served}\n"
        ))));
    }
    let redirect = if https { None } else { crate::ingress::https_redirect(&w.store, &c, &host_header, path) };
    let answer = match redirect {
        Some(location) => Err(crate::runtime::network::Http::Redirect {
            why: format!(
                "ingress-nginx redirects plain HTTP to HTTPS for a host whose Ingress has a tls certificate (ssl-redirect, true by default; the annotation nginx.ingress.kubernetes.io/ssl-redirect: \"false\" turns it off); curl -L would follow it to {location}"
            ),
            location,
        }),
        None => crate::ingress::answer(&w.store, &c, &host_header, path, 0),
    };
    let answer = match answer {
        Err(http) => http,
        Ok((ingress, (pod, _ip, target_port), sent)) => {
            let ns = ingress.split('/').next().unwrap_or("").to_string();
            let connection = crate::ingress::endpoint_answers(&w.store, &ns, &pod, target_port);
            let page = crate::kubectl::served_page(w, &ns, &pod, u16::try_from(target_port).unwrap_or(0), &sent);
            crate::runtime::network::Http::Proxied { ingress, connection, page: page.map(Box::new) }
        }
    };
    let mut lines = crate::runtime::network::curl_http(answer, head, discard, &write_out);
    lines.push(String::new());
    Some(Command::Print(Output::ok(lines.join("\n"))))
}

fn request(w: &World, words: &[String]) -> Command {
    if words.first().is_some_and(|x| x == "curl") {
        if let Some(cmd) = curl_from_outside(w, words) {
            return cmd;
        }
    }
    let Some(target) = words.get(1) else { return fail(REQUEST_USAGE) };
    // `curl localhost:8080`: through a `kubectl port-forward` tunnel.
    let url = target.trim_start_matches("http://");
    if let Some(rest) = url.strip_prefix("localhost:").or_else(|| url.strip_prefix("127.0.0.1:")) {
        let port = rest.split('/').next().unwrap_or("");
        return match port.parse::<u16>() {
            Ok(p) => Command::Print(crate::kubectl::port_forward::curl(w, p)),
            Err(_) => fail("curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535"),
        };
    }
    let name = target.trim_start_matches("svc/").trim_start_matches("service/");
    let count: usize = match flag(words, "-n").map(str::parse) {
        None => 1,
        Some(Ok(n)) if n > 0 && n <= 1_000_000 => n,
        _ => return fail(REQUEST_USAGE),
    };
    let namespace = flag(words, "--namespace").unwrap_or("default");
    let Some(svc) = w.store.services.get(&(namespace.to_string(), name.to_string())) else {
        return fail(format!("Error from server (NotFound): services \"{name}\" not found"));
    };
    let from = flag(words, "--from").unwrap_or("192.168.1.10");
    // From pods, requests go by the Service's name through cluster DNS.
    let from_pods = from.split_once('/');
    if let Some((ty, pod)) = from_pods {
        if w.client_pods(namespace, (ty, pod)).is_empty() {
            return fail(format!("kubeplay: no ready pod of {from} in namespace {namespace} to send requests from"));
        }
    }
    let default_via = if from_pods.is_none() && svc.ports.iter().any(|p| p.node_port.is_some()) { "nodeport" } else { "clusterip" };
    let entry = match flag(words, "--via").unwrap_or(default_via) {
        "clusterip" => Entry::ClusterIp,
        "nodeport" => Entry::NodePort(flag(words, "--node").map(String::from).unwrap_or_else(|| first_open_node(w))),
        "lb" | "loadbalancer" => Entry::LoadBalancer,
        _ => return fail(REQUEST_USAGE),
    };
    change(Action::Requests {
        namespace: namespace.to_string(),
        service: name.to_string(),
        port: flag(words, "--port").and_then(|p| p.parse().ok()),
        entry,
        client: from.to_string(),
        count,
    })
}

/// The node a request from outside enters through when none is named: the first without
/// taints (kind's control plane is tainted), else the first.
pub fn first_open_node(w: &World) -> String {
    w.store.nodes.values().find(|n| n.taints.is_empty()).or(w.store.nodes.values().next()).map(|n| n.meta.name.clone()).unwrap_or_default()
}

/// `load svc/NAME RATE | ramp FROM TO SECONDS | spike BASE PEAK SECONDS | off`, or `load`
/// alone for what the last second of each load did.
fn load(words: &[String]) -> Command {
    let usage = "kubeplay: usage: load svc/NAME RATE | load svc/NAME ramp FROM TO SECONDS | load svc/NAME spike BASE PEAK SECONDS | load svc/NAME off | load";
    let Some(target) = words.get(1) else { return Command::Read(Read::Loads) };
    let name = target.trim_start_matches("svc/").trim_start_matches("service/");
    let rest: Vec<&str> = words[2..].iter().map(String::as_str).collect();
    let shape = match rest.as_slice() {
        ["off"] => None,
        r => match crate::loadgen::Shape::parse(r) {
            Some(s) => Some(s),
            None => return fail(usage),
        },
    };
    change(Action::Load { namespace: "default".into(), service: name.to_string(), shape })
}

/// `docker build -t NAME[:TAG] [-f FILE] DIR` or `docker images`.
fn docker(words: &[String], files: &dyn Files) -> Command {
    match words.get(1).map(String::as_str) {
        Some("build") => {}
        Some("images") | Some("image") => return Command::Read(Read::DockerImages),
        _ => return fail("kubeplay: only `docker build` and `docker images` are simulated"),
    }
    let (mut tag, mut file, mut dir) = (None, None, None);
    let mut i = 2;
    while i < words.len() {
        match words[i].as_str() {
            "-t" | "--tag" => {
                tag = words.get(i + 1).cloned();
                i += 1;
            }
            "-f" | "--file" => {
                file = words.get(i + 1).cloned();
                i += 1;
            }
            w if w.starts_with("--tag=") => tag = Some(w[6..].to_string()),
            w if w.starts_with("-t") && w.len() > 2 => tag = Some(w[2..].to_string()),
            w => dir = Some(w.to_string()),
        }
        i += 1;
    }
    let Some(dir) = dir else {
        return fail("ERROR: docker: 'docker buildx build' requires 1 argument\n\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\n\nStart a build");
    };
    // Without -t the image is built but has no name to run it by.
    let Some(tag) = tag else {
        return fail("kubeplay: give the image a name with -t NAME[:TAG]; a pod can only refer to it by name.");
    };
    // The Dockerfile is in the context, or (`-f`) where the command runs.
    let path = file.unwrap_or_else(|| "Dockerfile".into());
    let context = crate::files::Within { files, dir: dir.clone() };
    let Some(dockerfile) = context.read(&path).or_else(|_| files.read(&path)).ok() else {
        return fail(format!("ERROR: failed to build: failed to solve: failed to read dockerfile: open {path}: no such file or directory"));
    };
    Command::Change { action: Action::Build { dockerfile, tag }, context: Some(dir), echo: None }
}

/// Answers a read.
pub fn read(w: &World, r: &Read) -> Output {
    match r {
        Read::Kubectl(line) => crate::kubectl::read(w, line),
        Read::Why { namespace, pod } => Output::ok(why_pod(w, namespace, pod)),
        Read::WhyService { namespace, service } => {
            let d = crate::proxy::service_diagnosis(w, namespace, service);
            if d.is_empty() {
                return Output::ok(format!("# service/{service} routes to its ready pods; nothing looks wrong.\n"));
            }
            Output::ok(d.into_iter().map(|l| format!("# {l}\n")).collect::<String>())
        }
        Read::Hpa { namespace, name } => Output::ok(match w.autoscalers.computation(namespace, name) {
            Some(comp) => format!("hpa/{name} at {}: {}\n", go_duration(comp.at), comp.formula()),
            None => format!("hpa/{name}: no computation yet (no metrics, or no such HPA)\n"),
        }),
        Read::DockerImages => {
            let mut rows = vec![vec!["REPOSITORY".to_string(), "TAG".into(), "IMAGE ID".into(), "CREATED".into(), "SIZE".into()]];
            for img in w.docker.images.values() {
                let familiar = img.reference.familiar();
                let (repo, tag) = familiar.rsplit_once(':').unwrap_or((&familiar, "latest"));
                let id: String = img.id.trim_start_matches("sha256:").chars().take(12).collect();
                rows.push(vec![
                    repo.to_string(),
                    tag.to_string(),
                    id,
                    "About a minute ago".into(),
                    format!("{:.0}MB", img.size as f64 / 1e6),
                ]);
            }
            Output::ok(tabwriter::table(&rows))
        }
        Read::Loads => {
            let mut out = String::new();
            for ((ns, name), l) in &w.loadgen.loads {
                let s = &l.last;
                out.push_str(&format!(
                    "load {ns}/{name}: {:.0} req/s, last second {} served, {} failed, {:.1} ms mean latency over {} endpoints\n",
                    s.rate, s.served, s.failed, s.latency_ms, s.endpoints
                ));
            }
            if out.is_empty() {
                out.push_str("no load\n");
            }
            Output::ok(out)
        }
    }
}

/// The scheduler's verdict on every node for the pod's placement.
/// `why ingress/NAME`: which controller serves it (or why none does), and where each of
/// its rules' paths leads.
fn why_ingress(w: &World, ns: &str, name: &str) -> String {
    let Some(g) = w.store.written(crate::model::Kind::Ingress, ns, name) else {
        return format!("Error from server (NotFound): ingresses.networking.k8s.io \"{name}\" not found\n");
    };
    if let Some(why) = crate::ingress::why_no_address(&w.store, g) {
        return format!("kubeplay: {why}\n");
    }
    let cs = crate::ingress::controllers(&w.store);
    let c = crate::ingress::serving(&w.store, &cs, g).expect("an address means a serving controller");
    let mut out = format!("# ingress {ns}/{name} is served by the ingress-nginx controller pod {}/{}\n", c.namespace, c.name);
    let mut rows = vec![vec!["HOST".to_string(), "PATH".into(), "BACKEND".into(), "READY ENDPOINTS".into()]];
    let empty = crate::value::Value::Null;
    let mut backend_row = |host: &str, path: &str, b: &crate::value::Value| {
        let Some(t) = crate::ingress::target(&w.store, ns, b) else { return };
        let state = match (&t.missing, t.endpoints.len()) {
            (Some(why), _) => format!("none: {why} (503)"),
            (None, 0) => "none (503)".into(),
            (None, n) => {
                t.endpoints.iter().take(3).map(|(p, _, _)| p.clone()).collect::<Vec<_>>().join(",") + if n > 3 { " …" } else { "" }
            }
        };
        rows.push(vec![host.to_string(), path.to_string(), t.shown.clone(), state]);
    };
    for rule in g.spec.get("rules").map(crate::value::Value::as_seq).unwrap_or(&[]) {
        let host = rule.get("host").and_then(crate::value::Value::as_str).unwrap_or("*");
        for p in rule.get("http").and_then(|h| h.get("paths")).map(crate::value::Value::as_seq).unwrap_or(&[]) {
            let path = format!(
                "{} ({})",
                p.get("path").and_then(crate::value::Value::as_str).unwrap_or("/"),
                p.get("pathType").and_then(crate::value::Value::as_str).unwrap_or("")
            );
            backend_row(host, &path, p.get("backend").unwrap_or(&empty));
        }
    }
    if let Some(b) = g.spec.get("defaultBackend") {
        backend_row("*", "(default backend)", b);
    }
    out.push_str(&tabwriter::table(&rows));
    if g.spec.get("defaultBackend").is_none() {
        out.push_str("Requests no rule matches get nginx's 404, unless another Ingress of the controller has a defaultBackend.\n");
    }
    out
}

fn why_pod(w: &World, ns: &str, name: &str) -> String {
    let Some(pod) = w.store.pod_id(ns, name).and_then(|id| w.store.pod(id)) else {
        return format!("Error from server (NotFound): pods \"{name}\" not found\n");
    };
    let Some(p) = w.scheduler.placement(&pod.meta.uid) else {
        return format!("kubeplay: no scheduling record for {ns}/{name} (bound by nodeName, or scheduled long ago)\n");
    };
    let mut rows = vec![vec!["NODE".to_string(), "VERDICT".into(), "SCORE".into(), "DETAIL".into()]];
    for (node, v) in &p.nodes {
        let chosen = p.chosen.as_deref() == Some(node.as_str());
        match v {
            crate::scheduler::Verdict::Filtered(r) => rows.push(vec![node.clone(), "filtered".into(), "-".into(), r.clone()]),
            crate::scheduler::Verdict::NotChecked => rows.push(vec![node.clone(), "not checked".into(), "-".into(), "-".into()]),
            crate::scheduler::Verdict::Scored { total, parts } => {
                let detail = parts.iter().map(|(k, s)| format!("{k}={s}")).collect::<Vec<_>>().join(" ");
                rows.push(vec![node.clone(), if chosen { "chosen".into() } else { "feasible".into() }, total.to_string(), detail]);
            }
        }
    }
    let mut out = format!(
        "# {} at t={}: {}\n",
        p.pod,
        go_duration(p.at),
        p.chosen.as_deref().map(|n| format!("bound to {n}")).unwrap_or_else(|| "unschedulable".into())
    );
    out.push_str(&tabwriter::table(&rows));
    // A near miss of an official image's name: the likely one.
    for ct in pod.spec.containers.iter() {
        let Ok(r) = crate::registry::ImageRef::parse(&ct.image) else { continue };
        if let Some(likely) = crate::registry::lookup(&r).is_err().then(|| crate::registry::suggestion(&r)).flatten() {
            let repo = r.path.trim_start_matches("library/");
            out.push_str(&format!("# kubeplay: Docker Hub has no image {repo}; did you mean {likely}?\n"));
        }
    }
    out
}

/// What a change printed, as the terminal shows it.
pub fn show(w: &World, action: &Action, outcome: &Outcome) -> Output {
    match (action, outcome) {
        (_, Outcome::Kubectl(out)) => out.clone(),
        (_, Outcome::Text(text)) => Output::ok(text.clone()),
        (Action::KillNode(name), Outcome::Node(Ok(()))) => Output::ok(format!("node/{name} killed (its kubelet stopped)\n")),
        (Action::RestoreNode(name), Outcome::Node(Ok(()))) => Output::ok(format!("node/{name} restored (its kubelet started)\n")),
        (_, Outcome::Node(Err(e))) => Output::err(e.to_string()),
        (Action::Registry(state), _) => Output::ok(
            match state {
                RegistryState::Up => "registry: up (pulls work)\n",
                RegistryState::Down => "registry: down (every pull fails)\n",
                RegistryState::Slow => "registry: slow (pulls take ten times as long)\n",
            }
            .to_string(),
        ),
        (Action::RegistryPrivate(name), _) => Output::ok(format!(
            "registry: {name} is private (pulls need an imagePullSecret of type kubernetes.io/dockerconfigjson for its registry)\n"
        )),
        (Action::ProxyMode(mode), _) => Output::ok(
            match mode {
                Mode::Iptables => "kube-proxy: iptables mode (each connection picks an endpoint at random)\n",
                Mode::Ipvs => "kube-proxy: ipvs mode (round robin)\n",
            }
            .to_string(),
        ),
        (Action::Load { service, shape, .. }, Outcome::Found(found)) => {
            if !found {
                return Output::err(format!("Error from server (NotFound): services \"{service}\" not found"));
            }
            Output::ok(match shape {
                Some(s) => format!("load svc/{service}: {} (requests per second)\n", s.describe()),
                None => format!("load svc/{service}: off\n"),
            })
        }
        (Action::Requests { namespace, service, client, count, .. }, Outcome::Requests(requests)) if client.contains('/') => {
            Output::ok(pod_requests_summary(w, namespace, service, client, *count, requests))
        }
        (Action::Requests { namespace, service, entry, count, .. }, Outcome::Requests(requests)) => {
            Output::ok(requests_summary(w, namespace, service, entry, *count, requests))
        }
        (Action::Apply { .. }, Outcome::Applied(report)) => {
            let mut out = Output::default();
            for line in &report.warnings {
                out.warnings.push_str(line);
                out.warnings.push('\n');
            }
            for line in &report.out {
                out.stdout.push_str(line);
                out.stdout.push('\n');
            }
            for e in &report.errors {
                out.stderr.push_str(&e.text);
                out.stderr.push('\n');
                out.code = 1;
            }
            out.diagnostics = report.errors.clone();
            out
        }
        _ => Output::default(),
    }
}

/// Where requests went: per pod, and why the others were refused.
fn requests_summary(w: &World, ns: &str, name: &str, entry: &Entry, count: usize, requests: &[crate::proxy::Request]) -> String {
    let Some(svc) = w.store.services.get(&(ns.to_string(), name.to_string())) else {
        return format!("Error from server (NotFound): services \"{name}\" not found\n");
    };
    let mut per_pod: BTreeMap<String, (String, u64, u64)> = BTreeMap::new();
    let mut refused: BTreeMap<String, u64> = BTreeMap::new();
    let mut ok = 0u64;
    for r in requests {
        match (&r.outcome, &r.pod) {
            (Fate::Ok, Some(p)) => {
                ok += 1;
                per_pod.entry(p.clone()).or_insert((r.pod_node.clone().unwrap_or_default(), 0, 0)).1 += 1;
            }
            (Fate::Refused(why) | Fate::Dropped(why), pod) => {
                if let Some(p) = pod {
                    per_pod.entry(p.clone()).or_insert((r.pod_node.clone().unwrap_or_default(), 0, 0)).2 += 1;
                }
                *refused.entry(why.clone()).or_default() += 1;
            }
            _ => {}
        }
    }
    let path = match entry {
        Entry::ClusterIp => format!("ClusterIP {}:{}", svc.cluster_ip_text(), svc.ports.first().map(|p| p.port).unwrap_or(0)),
        Entry::NodePort(node) => {
            format!(
                "NodePort {} on {node}",
                svc.ports.first().and_then(|p| p.node_port).map(|p| p.to_string()).unwrap_or_else(|| "-".into())
            )
        }
        Entry::LoadBalancer => format!("load balancer {}", svc.lb_ingress.clone().unwrap_or_else(|| "<pending>".into())),
    };
    let mode = match w.proxy.mode {
        Mode::Iptables => "iptables",
        Mode::Ipvs => "ipvs",
    };
    let failed: u64 = refused.values().sum();
    let mut out = format!("# {count} request(s) to service/{name} through {path} ({mode} mode): {ok} answered, {failed} refused\n");
    if !per_pod.is_empty() {
        let mut rows = vec![vec!["POD".to_string(), "NODE".into(), "ANSWERED".into(), "SHARE".into(), "REFUSED".into()]];
        for (pod, (node, n, e)) in &per_pod {
            rows.push(vec![pod.clone(), node.clone(), n.to_string(), format!("{:.1}%", *n as f64 * 100.0 / count as f64), e.to_string()]);
        }
        out.push_str(&tabwriter::table(&rows));
    }
    for (why, n) in refused {
        out.push_str(&format!("refused x{n}: {why}\n"));
    }
    out
}

/// Where requests sent from pods went: per client and server pod, and why the others
/// failed (as the client saw it, and kubeplay's reason).
fn pod_requests_summary(w: &World, ns: &str, name: &str, from: &str, count: usize, requests: &[crate::proxy::Request]) -> String {
    let mut pairs: BTreeMap<(String, String), (String, u64)> = BTreeMap::new();
    let mut failed: BTreeMap<String, u64> = BTreeMap::new();
    let mut ok = 0u64;
    for r in requests {
        match &r.outcome {
            Fate::Ok => {
                ok += 1;
                let to = r.pod.clone().unwrap_or_default();
                pairs.entry((r.client.clone(), to)).or_insert((r.pod_node.clone().unwrap_or_default(), 0)).1 += 1;
            }
            Fate::Refused(why) => *failed.entry(why.clone()).or_default() += 1,
            Fate::Dropped(why) => *failed.entry(format!("timed out: {why}")).or_default() += 1,
        }
    }
    let ip = w.store.services.get(&(ns.to_string(), name.to_string())).map(|s| s.cluster_ip_text()).unwrap_or_default();
    let mode = match w.proxy.mode {
        Mode::Iptables => "iptables",
        Mode::Ipvs => "ipvs",
    };
    let n_failed: u64 = failed.values().sum();
    let mut out = format!(
        "# {count} request(s) from {from} to {name} (service/{name}, ClusterIP {ip}, {mode} mode): {ok} answered, {n_failed} failed\n"
    );
    if !pairs.is_empty() {
        let mut rows = vec![vec!["FROM".to_string(), "TO".into(), "NODE".into(), "ANSWERED".into()]];
        for ((from, to), (node, n)) in &pairs {
            rows.push(vec![from.clone(), to.clone(), node.clone(), n.to_string()]);
        }
        out.push_str(&tabwriter::table(&rows));
    }
    for (why, n) in failed {
        out.push_str(&format!("failed x{n}: {why}\n"));
    }
    if !crate::netpol::enforced(&w.api) && !crate::netpol::policies_in(&w.api, ns).is_empty() {
        out.push_str(&format!("# kubeplay: {}\n", crate::netpol::NOT_ENFORCED));
    }
    out
}

/// What `step` prints.
pub fn stepped(at: Option<crate::time::Millis>) -> Output {
    Output::ok(match at {
        Some(t) => format!("# t={}\n", go_duration(t)),
        None => "# nothing left to happen\n".into(),
    })
}

/// What a line with `> FILE` leaves on the terminal: its standard output goes to the file
/// (created, or emptied first, even when the command fails, as a shell does; `>>` adds to
/// it), its errors stay. `/dev/null` takes the output and keeps nothing.
pub fn redirected(mut out: Output, to: &crate::words::Redirect, files: &dyn Files) -> Output {
    let stdout = std::mem::take(&mut out.stdout);
    if to.path == "/dev/null" {
        return out;
    }
    let text = if to.append { files.read(&to.path).unwrap_or_default() + &stdout } else { stdout.clone() };
    if !files.write(&to.path, &text) {
        out.stdout = stdout;
        out.stderr.push_str(&format!("kubeplay: cannot write {} here; the output is shown instead\n", to.path));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dockerfile;

    impl Files for Dockerfile {
        fn read(&self, path: &str) -> Result<String, crate::files::FileError> {
            match path {
                "app/Dockerfile" => Ok("FROM nginx:1.27\n".into()),
                _ => crate::files::NoFiles.read(path),
            }
        }
    }

    #[test]
    fn lines_become_changes_reads_or_text() {
        let w = World::new(crate::Preset::Kind, None, 1);
        let p = |line: &str| parse(&w, line, &Dockerfile);
        assert!(matches!(p("kubectl get pods"), Command::Read(Read::Kubectl(_))));
        assert!(matches!(p("kubectl rollout status deploy/web"), Command::Read(Read::Kubectl(_))));
        assert!(matches!(p("kubectl scale deploy web --replicas=2"), Command::Change { action: Action::Kubectl { .. }, .. }));
        assert_eq!(p("sleep 1m30s"), change(Action::Advance(90_000)));
        assert_eq!(p("node kill kind-worker"), change(Action::KillNode("kind-worker".into())));
        assert!(matches!(p("why svc/web"), Command::Read(Read::WhyService { .. })));
        assert!(matches!(p("request svc/missing"), Command::Print(o) if o.code == 1));
        let built = Action::Build { dockerfile: "FROM nginx:1.27\n".into(), tag: "app".into() };
        assert_eq!(p("docker build -t app app"), Command::Change { action: built, context: Some("app".into()), echo: None });
        assert!(matches!(p("docker build -t app ."), Command::Print(o) if o.stderr.contains("failed to read dockerfile")));
        assert!(matches!(p("# a comment"), Command::Print(o) if o.stdout == "# a comment\n"));
        assert!(matches!(p("frobnicate"), Command::Print(o) if o.stderr.contains("command not found")));
    }
}
