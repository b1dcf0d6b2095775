//! Runs a script of kubectl and simulator commands and writes the transcript.

use engine::kubectl::{Files, Wait};
use engine::time::{parse_duration, Millis, MINUTE};
use engine::Cluster;
use std::path::PathBuf;

/// Reads `-f` files relative to the script's folder.
pub struct DirFiles {
    base: PathBuf,
}

impl DirFiles {
    pub fn new(base: PathBuf) -> DirFiles {
        DirFiles { base }
    }

    fn path(&self, p: &str) -> PathBuf {
        // Windows-style paths from the seed (`.\spring-pod.yaml`) work too.
        let p = p.replace('\\', "/");
        let p = p.trim_start_matches("./");
        self.base.join(p)
    }
}

impl Files for DirFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.path(path);
        match std::fs::read(&full) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| format!("error: error reading {path}: the file is not UTF-8 text")),
            Err(_) => Err(format!("error: the path \"{path}\" does not exist")),
        }
    }

    fn list_dir(&self, path: &str) -> Option<Vec<String>> {
        let full = self.path(path);
        let entries = std::fs::read_dir(&full).ok()?;
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json"))
            .map(|n| format!("{}/{n}", path.trim_end_matches('/')))
            .collect();
        names.sort();
        Some(names)
    }
}

/// Cluster options a script may ask for on its first line: `#! --preset kind --seed 7 --nodes 3`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    pub preset: Option<engine::Preset>,
    pub seed: Option<u64>,
    pub nodes: Option<usize>,
}

pub fn header(text: &str) -> Result<Header, String> {
    let mut h = Header::default();
    let Some(first) = text.lines().next().and_then(|l| l.strip_prefix("#!")) else { return Ok(h) };
    let words: Vec<&str> = first.split_whitespace().collect();
    for pair in words.chunks(2) {
        match pair {
            ["--preset", p] => h.preset = Some(engine::Preset::parse(p).ok_or_else(|| format!("unknown preset {p}"))?),
            ["--seed", s] => h.seed = Some(s.parse().map_err(|_| format!("--seed needs a number, not {s}"))?),
            ["--nodes", n] => h.nodes = Some(n.parse().map_err(|_| format!("--nodes needs a number, not {n}"))?),
            other => return Err(format!("unknown script option {}", other.join(" "))),
        }
    }
    Ok(h)
}

impl engine::docker::Context for DirFiles {
    fn file(&self, path: &str) -> Option<u64> {
        let m = std::fs::metadata(self.path(path)).ok()?;
        m.is_file().then_some(m.len())
    }

    fn dir(&self, path: &str) -> Option<Vec<String>> {
        let entries = std::fs::read_dir(self.path(path)).ok()?;
        let mut names: Vec<String> = entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().to_string()).collect();
        names.sort();
        Some(names)
    }

    fn read(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.path(path)).ok()
    }
}

/// A build context: a folder below the script's.
struct SubDir<'a> {
    files: &'a DirFiles,
    dir: String,
}

impl SubDir<'_> {
    fn join(&self, p: &str) -> String {
        let p = p.trim_start_matches("./");
        if self.dir == "." || self.dir.is_empty() {
            p.to_string()
        } else {
            format!("{}/{p}", self.dir.trim_end_matches('/'))
        }
    }
}

impl engine::docker::Context for SubDir<'_> {
    fn file(&self, path: &str) -> Option<u64> {
        self.files.file(&self.join(path))
    }

    fn dir(&self, path: &str) -> Option<Vec<String>> {
        engine::docker::Context::dir(self.files, &self.join(path))
    }

    fn read(&self, path: &str) -> Option<String> {
        engine::docker::Context::read(self.files, &self.join(path))
    }
}

/// The longest a `kubectl delete` waits for its pods in a script.
const DELETE_WAIT_LIMIT: Millis = 5 * MINUTE;

/// Runs every line and returns the transcript.
pub fn run(c: &mut Cluster, text: &str, files: &DirFiles) -> String {
    let mut out = String::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        out.push_str("$ ");
        out.push_str(line);
        out.push('\n');
        out.push_str(&run_line(c, line, files));
    }
    out
}

fn run_line(c: &mut Cluster, line: &str, files: &DirFiles) -> String {
    let words = match engine::kubectl::args::split(line) {
        Ok(w) => w,
        Err(e) => return format!("kubeplay: {e}\n"),
    };
    match words.first().map(String::as_str) {
        Some("kubectl") | Some("k") => {
            let o = c.kubectl(line, files);
            if let Some(Wait::Rollout(ns, name)) = &o.wait {
                return format!("{}{}", o.text(), watch_rollout(c, ns, name));
            }
            if let Some(Wait::PodsGone(pods)) = &o.wait {
                let deadline = c.now() + DELETE_WAIT_LIMIT;
                while pods.iter().any(|(ns, n)| c.store.pod_id(ns, n).is_some()) && c.now() < deadline {
                    match c.next_wake() {
                        Some(t) if t <= deadline => {
                            c.step();
                        }
                        _ => c.advance(deadline - c.now()),
                    }
                }
            }
            o.text()
        }
        Some("sleep") => match words.get(1).and_then(|d| parse_duration(d)) {
            Some(ms) if words.len() == 2 => {
                c.advance(ms);
                String::new()
            }
            _ => "kubeplay: usage: sleep DURATION (e.g. 30s, 1m30s, 500ms)\n".into(),
        },
        Some("step") => match c.step() {
            Some(t) => format!("# t={}\n", engine::time::go_duration(t)),
            None => "# nothing left to happen\n".into(),
        },
        Some("node") => {
            let (Some(verb), Some(name)) = (words.get(1), words.get(2)) else {
                return "kubeplay: usage: node kill NAME | node restore NAME\n".into();
            };
            let result = match verb.as_str() {
                "kill" => c.kill_node(name).map(|_| format!("node/{name} killed (its kubelet stopped)\n")),
                "restore" => c.restore_node(name).map(|_| format!("node/{name} restored (its kubelet started)\n")),
                _ => Err("kubeplay: usage: node kill NAME | node restore NAME".into()),
            };
            match result {
                Ok(s) => s,
                Err(e) => format!("{e}\n"),
            }
        }
        Some("docker") => docker(c, &words, files),
        Some("kind") => match (words.get(1).map(String::as_str), words.get(2).map(String::as_str), words.get(3)) {
            (Some("load"), Some("docker-image"), Some(image)) => {
                if c.preset() != engine::Preset::Kind {
                    return "ERROR: no nodes found for cluster \"kind\"\n".into();
                }
                c.kind_load(image)
            }
            _ => "kubeplay: usage: kind load docker-image NAME[:TAG]\n".into(),
        },
        Some("registry") => match words.get(1).map(String::as_str) {
            Some("up") => {
                c.perform(&engine::Action::Registry(engine::registry::RegistryState::Up), files);
                "registry: up (pulls work)\n".into()
            }
            Some("down") => {
                c.perform(&engine::Action::Registry(engine::registry::RegistryState::Down), files);
                "registry: down (every pull fails)\n".into()
            }
            Some("slow") => {
                c.perform(&engine::Action::Registry(engine::registry::RegistryState::Slow), files);
                "registry: slow (pulls take ten times as long)\n".into()
            }
            _ => "kubeplay: usage: registry up|down|slow\n".into(),
        },
        Some("why") => why(c, &words),
        Some("kill") => kill(c, &words, files),
        Some("request") | Some("curl") => request(c, &words),
        Some("load") => load(c, &words),
        Some("hpa") => hpa(c, &words),
        Some("proxy") => match words.get(1).map(String::as_str) {
            Some("iptables") => {
                c.set_proxy_mode(engine::proxy::Mode::Iptables);
                "kube-proxy: iptables mode (each connection picks an endpoint at random)\n".into()
            }
            Some("ipvs") => {
                c.set_proxy_mode(engine::proxy::Mode::Ipvs);
                "kube-proxy: ipvs mode (round robin)\n".into()
            }
            _ => "kubeplay: usage: proxy iptables|ipvs\n".into(),
        },
        Some(other) => format!("kubeplay: {other}: command not found (lines are kubectl commands, sleep, step, node, docker build, kind load, registry, request, load, hpa)\n"),
        None => String::new(),
    }
}

/// The longest `kubectl rollout status` watches in a script.
const ROLLOUT_WAIT_LIMIT: Millis = 15 * MINUTE;

/// `kubectl rollout status` keeps printing each new state until the rollout ends.
fn watch_rollout(c: &mut Cluster, ns: &str, name: &str) -> String {
    let mut out = String::new();
    let mut last = engine::controllers::deployment::rollout_status(c, ns, name).map(|s| s.0).unwrap_or_default();
    let deadline = c.now() + ROLLOUT_WAIT_LIMIT;
    while c.now() < deadline {
        match c.next_wake() {
            Some(t) if t <= deadline => {
                c.step();
            }
            _ => break,
        }
        match engine::controllers::deployment::rollout_status(c, ns, name) {
            None => return out,
            Some((msg, done)) => {
                if msg != last {
                    out.push_str(&msg);
                    out.push('\n');
                    last = msg;
                }
                if done.is_some() {
                    return out;
                }
            }
        }
    }
    out
}

/// `kill pod NAME` or `kill pod -l SELECTOR`: deletes one pod (the first by name) the
/// way a student's click on the page does, without waiting for it to go.
fn kill(c: &mut Cluster, words: &[String], files: &DirFiles) -> String {
    if words.get(1).map(String::as_str) != Some("pod") {
        return "kubeplay: usage: kill pod NAME | kill pod -l SELECTOR [-n NAMESPACE]\n".into();
    }
    let ns = words.windows(2).find(|w| w[0] == "-n").map(|w| w[1].clone()).unwrap_or_else(|| "default".into());
    let name = match words.windows(2).find(|w| w[0] == "-l") {
        Some(w) => {
            let Ok(sel) = engine::model::Selector::parse(&w[1]) else { return format!("error: invalid selector {}\n", w[1]) };
            let first = c
                .store
                .pods_in(Some(&ns))
                .into_iter()
                .filter_map(|id| c.store.pod(id))
                .filter(|p| p.meta.deletion.is_none() && sel.matches(&p.meta.labels))
                .map(|p| p.meta.name.clone())
                .next();
            match first {
                Some(n) => n,
                None => return format!("No resources found in {ns} namespace.\n"),
            }
        }
        None => match words.get(2) {
            Some(n) => n.clone(),
            None => return "kubeplay: usage: kill pod NAME | kill pod -l SELECTOR\n".into(),
        },
    };
    let cmd = format!("kubectl delete pod {name} -n {ns} --wait=false");
    format!("# {cmd}\n{}", c.kubectl(&cmd, files).text())
}

/// `request svc/NAME [-n COUNT] [--via clusterip|nodeport|lb] [--node NODE] [--port PORT]
/// [--from CLIENT] [--namespace NS]`: sends requests and prints where they went.
/// `load svc/NAME RATE | ramp FROM TO SECONDS | spike BASE PEAK SECONDS | off`, or
/// `load` alone for what the last second of each load did.
fn load(c: &mut Cluster, words: &[String]) -> String {
    let usage = "kubeplay: usage: load svc/NAME RATE | load svc/NAME ramp FROM TO SECONDS | load svc/NAME spike BASE PEAK SECONDS | load svc/NAME off | load\n";
    let Some(target) = words.get(1) else {
        let mut out = String::new();
        for ((ns, name), l) in &c.loadgen.loads {
            let s = &l.last;
            out.push_str(&format!(
                "load {ns}/{name}: {:.0} req/s, last second {} served, {} failed, {:.1} ms mean latency over {} endpoints\n",
                s.rate, s.served, s.failed, s.latency_ms, s.endpoints
            ));
        }
        if out.is_empty() {
            out.push_str("no load\n");
        }
        return out;
    };
    let name = target.trim_start_matches("svc/").trim_start_matches("service/");
    let rest: Vec<&str> = words[2..].iter().map(String::as_str).collect();
    let shape = match rest.as_slice() {
        ["off"] => None,
        r => match engine::loadgen::Shape::parse(r) {
            Some(s) => Some(s),
            None => return usage.into(),
        },
    };
    let text = shape.as_ref().map(|s| s.describe());
    if !c.set_load("default", name, shape) {
        return format!("Error from server (NotFound): services \"{name}\" not found\n");
    }
    match text {
        Some(t) => format!("load svc/{name}: {t} (requests per second)\n"),
        None => format!("load svc/{name}: off\n"),
    }
}

/// `hpa NAME`: the autoscaler's last computation, written out.
fn hpa(c: &mut Cluster, words: &[String]) -> String {
    let Some(name) = words.get(1) else { return "kubeplay: usage: hpa NAME\n".into() };
    match c.autoscalers.computation("default", name) {
        Some(comp) => format!("hpa/{name} at {}: {}\n", engine::time::go_duration(comp.at), comp.formula()),
        None => format!("hpa/{name}: no computation yet (no metrics, or no such HPA)\n"),
    }
}

fn request(c: &mut Cluster, words: &[String]) -> String {
    let usage = "kubeplay: usage: request svc/NAME [-n COUNT] [--via clusterip|nodeport|lb] [--node NODE] [--port PORT] [--from CLIENT] [--namespace NS]\n";
    let Some(target) = words.get(1) else { return usage.into() };
    let name = target.trim_start_matches("svc/").trim_start_matches("service/");
    let flag = |f: &str| words.windows(2).find(|w| w[0] == f).map(|w| w[1].clone());
    let count: usize = match flag("-n").map(|n| n.parse()) {
        None => 1,
        Some(Ok(n)) if n > 0 && n <= 1_000_000 => n,
        _ => return usage.into(),
    };
    let ns = flag("--namespace").unwrap_or_else(|| "default".into());
    let Some(svc) = c.store.services.get(&(ns.clone(), name.to_string())).cloned() else {
        return format!("Error from server (NotFound): services \"{name}\" not found\n");
    };
    let port: Option<i32> = flag("--port").and_then(|p| p.parse().ok());
    let default_node = c
        .store
        .nodes
        .values()
        .find(|n| n.taints.is_empty())
        .or(c.store.nodes.values().next())
        .map(|n| n.meta.name.clone())
        .unwrap_or_default();
    let via =
        flag("--via")
            .unwrap_or_else(|| if svc.ports.iter().any(|p| p.node_port.is_some()) { "nodeport".into() } else { "clusterip".into() });
    let entry = match via.as_str() {
        "clusterip" => engine::proxy::Entry::ClusterIp,
        "nodeport" => engine::proxy::Entry::NodePort(flag("--node").unwrap_or(default_node.clone())),
        "lb" | "loadbalancer" => engine::proxy::Entry::LoadBalancer,
        _ => return usage.into(),
    };
    let client = flag("--from").unwrap_or_else(|| "192.168.1.10".into());
    let mut per_pod: std::collections::BTreeMap<String, (String, u64, u64)> = std::collections::BTreeMap::new();
    let mut refused: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut ok = 0u64;
    for r in c.send_requests(&ns, name, port, &entry, &client, count) {
        match (&r.outcome, &r.pod) {
            (engine::proxy::Outcome::Ok, Some(p)) => {
                ok += 1;
                let e = per_pod.entry(p.clone()).or_insert((r.pod_node.clone().unwrap_or_default(), 0, 0));
                e.1 += 1;
            }
            (engine::proxy::Outcome::Refused(why), pod) => {
                if let Some(p) = pod {
                    let e = per_pod.entry(p.clone()).or_insert((r.pod_node.clone().unwrap_or_default(), 0, 0));
                    e.2 += 1;
                }
                *refused.entry(why.clone()).or_default() += 1;
            }
            _ => {}
        }
    }
    let path = match &entry {
        engine::proxy::Entry::ClusterIp => {
            format!("ClusterIP {}:{}", svc.cluster_ip_text(), svc.ports.first().map(|p| p.port).unwrap_or(0))
        }
        engine::proxy::Entry::NodePort(node) => format!(
            "NodePort {} on {node}",
            svc.ports.first().and_then(|p| p.node_port).map(|p| p.to_string()).unwrap_or_else(|| "-".into())
        ),
        engine::proxy::Entry::LoadBalancer => format!("load balancer {}", svc.lb_ingress.clone().unwrap_or_else(|| "<pending>".into())),
    };
    let mode = match c.proxy.mode {
        engine::proxy::Mode::Iptables => "iptables",
        engine::proxy::Mode::Ipvs => "ipvs",
    };
    let failed: u64 = refused.values().sum();
    let mut out = format!("# {count} request(s) to service/{name} through {path} ({mode} mode): {ok} answered, {failed} refused\n");
    if !per_pod.is_empty() {
        let mut rows = vec![vec!["POD".to_string(), "NODE".into(), "ANSWERED".into(), "SHARE".into(), "REFUSED".into()]];
        for (pod, (node, n, e)) in &per_pod {
            rows.push(vec![pod.clone(), node.clone(), n.to_string(), format!("{:.1}%", *n as f64 * 100.0 / count as f64), e.to_string()]);
        }
        out.push_str(&engine::kubectl::tabwriter::table(&rows));
    }
    for (why, n) in refused {
        out.push_str(&format!("refused x{n}: {why}\n"));
    }
    out
}

/// `why POD [-n NS]`: the scheduler's verdict on every node for the pod's placement.
fn why(c: &Cluster, words: &[String]) -> String {
    let Some(name) = words.get(1) else { return "kubeplay: usage: why POD [-n NAMESPACE] | why svc/NAME\n".into() };
    if let Some(svc) = name.strip_prefix("svc/").or_else(|| name.strip_prefix("service/")) {
        let ns = words.windows(2).find(|w| w[0] == "-n").map(|w| w[1].as_str()).unwrap_or("default");
        let d = engine::proxy::service_diagnosis(c, ns, svc);
        if d.is_empty() {
            return format!("# service/{svc} routes to its ready pods; nothing looks wrong.\n");
        }
        return d.into_iter().map(|l| format!("# {l}\n")).collect();
    }
    let name = name.trim_start_matches("pod/");
    let ns = words.windows(2).find(|w| w[0] == "-n").map(|w| w[1].as_str()).unwrap_or("default");
    let Some(pod) = c.store.pod_id(ns, name).and_then(|id| c.store.pod(id)) else {
        return format!("Error from server (NotFound): pods \"{name}\" not found\n");
    };
    let Some(p) = c.scheduler.placement(&pod.meta.uid) else {
        return format!("kubeplay: no scheduling record for {ns}/{name} (bound by nodeName, or scheduled long ago)\n");
    };
    let mut rows = vec![vec!["NODE".to_string(), "VERDICT".into(), "SCORE".into(), "DETAIL".into()]];
    for (node, v) in &p.nodes {
        let chosen = p.chosen.as_deref() == Some(node.as_str());
        match v {
            engine::scheduler::Verdict::Filtered(r) => rows.push(vec![node.clone(), "filtered".into(), "-".into(), r.clone()]),
            engine::scheduler::Verdict::NotChecked => rows.push(vec![node.clone(), "not checked".into(), "-".into(), "-".into()]),
            engine::scheduler::Verdict::Scored { total, parts } => {
                let detail = parts.iter().map(|(k, s)| format!("{k}={s}")).collect::<Vec<_>>().join(" ");
                rows.push(vec![node.clone(), if chosen { "chosen".into() } else { "feasible".into() }, total.to_string(), detail]);
            }
        }
    }
    let mut out = format!(
        "# {} at t={}: {}\n",
        p.pod,
        engine::time::go_duration(p.at),
        p.chosen.as_deref().map(|n| format!("bound to {n}")).unwrap_or_else(|| "unschedulable".into())
    );
    out.push_str(&engine::kubectl::tabwriter::table(&rows));
    out
}

fn docker(c: &mut Cluster, words: &[String], files: &DirFiles) -> String {
    match words.get(1).map(String::as_str) {
        Some("build") => {}
        Some("images") | Some("image") => {
            let mut rows = vec![vec!["REPOSITORY".to_string(), "TAG".into(), "IMAGE ID".into(), "CREATED".into(), "SIZE".into()]];
            for img in c.docker.images.values() {
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
            return engine::kubectl::tabwriter::table(&rows);
        }
        _ => return "kubeplay: only `docker build` and `docker images` are simulated\n".into(),
    }
    let mut tag = None;
    let mut file = None;
    let mut dir = None;
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
        return "ERROR: docker: 'docker buildx build' requires 1 argument\n\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\n\nStart a build\n".into();
    };
    let context = SubDir { files, dir: dir.clone() };
    let dockerfile_path = file.unwrap_or_else(|| "Dockerfile".into());
    let dockerfile = match engine::docker::Context::read(&context, &dockerfile_path)
        .or_else(|| engine::docker::Context::read(files, &dockerfile_path))
    {
        Some(t) => t,
        None => {
            return format!(
                "ERROR: failed to build: failed to solve: failed to read dockerfile: open {dockerfile_path}: no such file or directory\n"
            )
        }
    };
    // Without -t the image is built but has no name to run it by.
    let tag = tag.unwrap_or_else(|| "<none>".into());
    if tag == "<none>" {
        return "kubeplay: give the image a name with -t NAME[:TAG]; a pod can only refer to it by name.\n".into();
    }
    c.docker_build(&dockerfile, &tag, &context)
}
