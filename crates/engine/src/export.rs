//! A scenario (the preset and the action log) as a folder to replay on a real cluster:
//! a kind configuration with the same nodes, the manifests and files the actions read,
//! and a shell script of the same commands. The simulator's own verbs become their real
//! counterparts where there is one (`node kill` stops the kind node's container) and a
//! comment saying what to do by hand where there is none.

use crate::actions::Action;
use crate::cluster::Cluster;
use crate::loadgen::Shape;
use crate::presets::Preset;
use crate::proxy::Mode;
use crate::time::SECOND;

mod imported;
pub mod tar;

/// The folder's files: (relative path, contents), in the order they are listed.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub files: Vec<(String, String)>,
}

impl Export {
    /// The folder as one `.tar` whose entries sit under `folder/`: what the page offers
    /// to download. replay.sh is executable, as `kubeplay --export` leaves it to be run
    /// with bash.
    pub fn to_tar(&self, folder: &str) -> Vec<u8> {
        let entries: Vec<(String, &[u8], u32)> = self
            .files
            .iter()
            .map(|(name, text)| (format!("{folder}/{name}"), text.as_bytes(), if name.ends_with(".sh") { 0o755 } else { 0o644 }))
            .collect();
        tar::archive(&entries)
    }
}

/// The longest file name the folder uses: a path of the archive stays within ustar's.
const NAME_MAX: usize = 80;

/// A file name the script can use: its last path part, without anything that could climb
/// out of the folder.
fn safe_name(path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let clean: String = base.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    match clean.trim_start_matches('.') {
        "" => "file".into(),
        s => s.chars().take(NAME_MAX).collect(),
    }
}

/// A pod a controller named (`web-7dc6d8cf9c-gjf4n`, `job-x7k2p`) has another name on a
/// real cluster: the line picks the first pod whose name has the same stem when it runs.
fn generated_names(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let Some(i) = words.iter().position(|w| *w == "pod" || *w == "pods" || *w == "po") else { return line.to_string() };
    let Some(name) = words.get(i + 1).filter(|n| !n.starts_with('-')) else { return line.to_string() };
    let suffix = |part: &str, len: usize| part.len() == len && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let parts: Vec<&str> = name.split('-').collect();
    let stem = match parts.as_slice() {
        [head @ .., hash, id] if !head.is_empty() && suffix(hash, 10) && suffix(id, 5) => head.join("-"),
        [head @ .., id] if !head.is_empty() && suffix(id, 5) => head.join("-"),
        _ => return line.to_string(),
    };
    let ns = words.iter().position(|w| *w == "-n").and_then(|j| words.get(j + 1)).map(|n| format!(" -n {n}")).unwrap_or_default();
    let picked = format!("\"$(kubectl get pods{ns} -o name | sed -n 's|^pod/||; /^{stem}-/{{p;q;}}')\"");
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    out[i + 1] = picked;
    format!("{}   # {name} in kubeplay", out.join(" "))
}

/// A word quoted for a POSIX shell.
fn sh_quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn kind_config(preset: Preset, workers: usize, ipvs: bool) -> String {
    let mut s = String::from("# kind create cluster --config kind-config.yaml\nkind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n");
    if ipvs {
        s.push_str("networking:\n  kubeProxyMode: ipvs\n");
    }
    s.push_str("nodes:\n- role: control-plane\n");
    for _ in 0..workers {
        s.push_str("- role: worker\n");
    }
    if preset == Preset::Cloud {
        s.push_str("# kubeplay's cloud preset has no visible control plane; kind adds one.\n");
    }
    s
}

/// The scenario `c` has run, for its preset.
pub fn to_real_cluster(c: &Cluster) -> Export {
    let preset = c.preset();
    let on_kind = preset != Preset::DockerDesktop;
    let workers = c.store.nodes.iter().filter(|(_, n)| n.meta.labels.get("node-role.kubernetes.io/control-plane").is_none()).count();
    let ipvs = c.log().iter().any(|a| matches!(a, Action::ProxyMode(Mode::Ipvs)));
    let mut files: Vec<(String, String)> = Vec::new();
    let mut script = String::from(
        "#!/usr/bin/env bash\n# A kubeplay scenario, replayed on a real cluster. Run it from this folder.\nset -euo pipefail\n\n",
    );
    if on_kind {
        script.push_str(
            "# kind create cluster --config kind-config.yaml   (once; needs kind and Docker)\nkubectl config use-context kind-kind\n\n",
        );
        files.push(("kind-config.yaml".into(), kind_config(preset, workers, ipvs)));
    } else {
        script.push_str("# Docker Desktop: turn Kubernetes on in Settings → Kubernetes.\nkubectl config use-context docker-desktop\n\n");
    }
    let add_file = |files: &mut Vec<(String, String)>, wanted: String, text: &str| -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while files.iter().any(|(f, t)| *f == name && t != text) {
            name = format!("{n}-{wanted}");
            n += 1;
        }
        if !files.iter().any(|(f, _)| *f == name) {
            files.push((name.clone(), text.to_string()));
        }
        name
    };
    for (i, a) in c.log().iter().enumerate() {
        match a {
            Action::Apply { text, source, namespace, create } => {
                // An imported cluster's nodes are kind's, given the dump's labels and taints.
                let for_kind =
                    if i == 0 && on_kind && crate::import::split(c.log()).is_some() { imported::for_kind(text, sh_quote) } else { None };
                let text = match &for_kind {
                    Some((manifest, nodes)) => {
                        script.push_str(nodes);
                        manifest
                    }
                    None => text,
                };
                let name = add_file(&mut files, format!("manifests/{:03}-{}", i + 1, safe_name(source)), text);
                let verb = if *create { "create" } else { "apply" };
                let ns = if namespace == "default" { String::new() } else { format!(" -n {}", sh_quote(namespace)) };
                script.push_str(&format!("kubectl {verb} -f {}{ns}\n", sh_quote(&name)));
            }
            Action::Kubectl { line, files: read } => {
                let mut line = line.trim().to_string();
                for (path, text) in read {
                    let name = add_file(&mut files, safe_name(path), text);
                    if name != *path {
                        line = line.replace(path.as_str(), &name);
                    }
                }
                if !line.starts_with("kubectl ") && !line.starts_with("k ") {
                    line = format!("kubectl {line}");
                }
                line = generated_names(&line);
                script.push_str(&line);
                script.push('\n');
            }
            Action::Advance(ms) => script.push_str(&format!("sleep {}\n", ms.div_ceil(SECOND).max(1))),
            Action::KillNode(n) if on_kind => {
                script.push_str(&format!("docker stop {}   # the node's kubelet stops with its container\n", sh_quote(n)))
            }
            Action::RestoreNode(n) if on_kind => script.push_str(&format!("docker start {}\n", sh_quote(n))),
            Action::KillNode(n) | Action::RestoreNode(n) => {
                script.push_str(&format!("# node {n}: Docker Desktop's one node stops and starts with Kubernetes in its Settings.\n"));
            }
            Action::Build { dockerfile, tag } => {
                let name = add_file(&mut files, "Dockerfile".into(), dockerfile);
                script.push_str(&format!(
                    "docker build -t {} -f {} .   # the files it copies must be in this folder\n",
                    sh_quote(tag),
                    sh_quote(&name)
                ));
                if on_kind {
                    script.push_str(&format!("kind load docker-image {}\n", sh_quote(tag)));
                }
            }
            Action::KindLoad(image) => script.push_str(&format!("kind load docker-image {}\n", sh_quote(image))),
            Action::RemoveImage(image) => script.push_str(&format!("docker rmi {}\n", sh_quote(image))),
            Action::Requests { namespace, service, port, count, client, .. } if client.contains('/') => {
                // From the workload's pod, by the Service's short name, as its program would.
                let port = port.map(|p| format!(":{p}")).unwrap_or_default();
                script.push_str(&format!(
                    "kubectl exec -n {} {} -- sh -c {}\n",
                    sh_quote(namespace),
                    sh_quote(client),
                    sh_quote(&format!("for i in $(seq 1 {count}); do curl -s -o /dev/null -w '%{{http_code}}\\n' http://{service}{port}/; done | sort | uniq -c"))
                ));
            }
            Action::Requests { namespace, service, port, count, .. } => {
                let port = port.map(|p| format!(":{p}")).unwrap_or_default();
                script.push_str(&format!(
                    "kubectl run requests-{} --image=curlimages/curl:8.11.1 --restart=Never --rm -i --quiet -- sh -c {}\n",
                    i + 1,
                    sh_quote(&format!("for i in $(seq 1 {count}); do curl -s http://{service}.{namespace}{port}/ >/dev/null && echo ok; done | sort | uniq -c"))
                ));
            }
            Action::ProxyMode(mode) => {
                let m = if *mode == Mode::Ipvs { "ipvs" } else { "iptables" };
                script.push_str(&format!("# kube-proxy mode {m}: set once in kind-config.yaml (networking.kubeProxyMode); it cannot change while the cluster runs.\n"));
            }
            Action::RegistryPrivate(name) => {
                script.push_str(&format!(
                    "# registry private {name}: in a real cluster, pulls from it need an imagePullSecret (kubectl create secret docker-registry).\n"
                ));
            }
            Action::Registry(state) => {
                script
                    .push_str(&format!("# registry {state:?}: kubeplay's simulated registry; a real one cannot be switched from here.\n"));
            }
            Action::SessionAffinity { namespace, service, client_ip } => {
                let affinity = if *client_ip { "ClientIP" } else { "None" };
                script.push_str(&format!(
                    "kubectl patch service {} -n {} -p {}\n",
                    sh_quote(service),
                    sh_quote(namespace),
                    sh_quote(&format!("{{\"spec\":{{\"sessionAffinity\":\"{affinity}\"}}}}"))
                ));
            }
            Action::Load { namespace, service, shape } => match shape {
                None => script.push_str("kubectl delete pod load-generator --ignore-not-found\n"),
                Some(s) => {
                    let rate = match *s {
                        Shape::Steady(r) => r,
                        Shape::Ramp { to, .. } => to,
                        Shape::Spike { peak, .. } => peak,
                    };
                    script.push_str(&format!(
                        "# load on {service}: about {rate} requests/s in kubeplay; a real cluster gets what this loop sends (the HPA walkthrough's load generator).\nkubectl run load-generator -n {} --image=busybox:1.28 --restart=Never -- /bin/sh -c {}\n",
                        sh_quote(namespace),
                        sh_quote(&format!("while sleep 0.01; do wget -q -O- http://{service}; done"))
                    ));
                }
            },
        }
    }
    files.push(("replay.sh".into(), script));
    files.push((
        "README.md".into(),
        format!(
            "# A kubeplay scenario\n\nPreset: {}. {}\n\nThen run `bash replay.sh` from this folder. Output differs from kubeplay's where the real cluster differs: names with random suffixes, ages, IP addresses.\n",
            preset.name(),
            if on_kind {
                "Create the cluster with `kind create cluster --config kind-config.yaml` (kind v0.29, Kubernetes v1.33)."
            } else {
                "Turn Kubernetes on in Docker Desktop (Settings → Kubernetes)."
            }
        ),
    ));
    Export { files }
}
