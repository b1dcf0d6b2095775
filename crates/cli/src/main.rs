//! `kubeplay`: the simulated cluster on the command line.
//!
//! ```text
//! kubeplay [--seed N] [--preset docker-desktop|kind|cloud] [--nodes N] [SCRIPT|-]
//! kubeplay bench [--pods N] [--nodes N] [--ladder] [--runs N] [--idle-seconds S] [--mix] [--rewind]
//! kubeplay soak [--runs N] [--days D] [--seed FIRST]
//! kubeplay compose FILE
//! kubeplay lesson [--lang en|ko] [-v] FILE|--all
//! ```

#[global_allocator]
static ALLOC: kubeplay::alloc::Counted = kubeplay::alloc::Counted;

use engine::Preset;
use kubeplay::{bench, compose, lesson, script, soak};
use std::process::ExitCode;

const USAGE: &str = "kubeplay: a simulated Kubernetes cluster (v1.33) on the command line

Usage:
  kubeplay [--seed N] [--preset NAME] [--nodes N] [SCRIPT | -]
      Runs a script (a file, or standard input with - or no argument) and prints a
      transcript: each line after `$ `, then its output.
  kubeplay bench [--pods N] [--nodes N] [--ladder] [--runs N] [--idle-seconds S] [--mix] [--rewind]
      Applies a Deployment of N replicas to a cloud cluster of N nodes until every pod
      is Ready; prints wall time, heap per pod and the cost of an idle simulated second.
      --ladder runs 10 to N pods at 30 pods per node. Then boots a cluster of the same
      nodes with nothing applied and times S idle simulated seconds (60; 0 skips it).
      --mix runs a realistic mix instead (DaemonSets, StatefulSets with claims, Jobs,
      Deployments mounting ConfigMaps and Secrets, Services; 50,000 pods at 30 a node)
      and the plain rollout of as many pods beside it, per pod.
  kubeplay [--seed N] --import DUMP [--keep-secret-values] SCRIPT
      Runs the script on a cluster built from a real one's dump (kubectl get
      nodes,all,cm,secret,pvc,pv,ingress -A -o yaml): its nodes with their capacity,
      labels and taints, its objects, pods on the same nodes; what was imported and left
      out is printed to standard error. Secrets' values are dropped unless kept.
  kubeplay [...] --export DIR SCRIPT
      Runs the script, then writes it as a folder to replay on a real cluster: a kind
      configuration (kind and cloud presets), the manifests and files it read, and
      replay.sh with the same commands.
  kubeplay soak [--runs N] [--days D] [--seed FIRST]
      Random user actions over D simulated days for N seeds; checks Kubernetes'
      invariants after each burst and prints runs, checks and violations.
  kubeplay compose FILE
      Converts a Docker Compose file as kompose 1.38 does: the manifests on standard
      output (pipe them to kubectl apply -f -), what each compose key became and
      kompose's warnings on standard error.
  kubeplay lesson [--lang en|ko] [-v] FILE | --all
      Replays a lesson (or every bundled lesson, in both languages) step by step and
      checks each question's expect: against what the engine answers; prints a line
      per step (-v: each step's transcript too) and exits 1 if a check fails.

Options:
  --seed N        seed of the cluster's random source (default 1)
  --preset NAME   docker-desktop (default), kind or cloud
  --nodes N       worker nodes (kind, cloud)

Script lines:
  kubectl ...                         any kubectl command kubeplay simulates
  sleep 30s                           advance simulated time (ms, s, m, h)
  step                                jump to the next thing that happens
  docker build -t NAME[:TAG] [-f F] DIR   build an image into the local Docker
  docker images | kind load docker-image NAME | registry up|down|slow
  node kill NAME | node restore NAME  stop or restart a node's kubelet
  kill pod NAME                       delete a pod without waiting
  request svc/NAME [-n N] [--via clusterip|nodeport|lb]   send requests to a Service
  proxy iptables|ipvs                 kube-proxy's mode
  load svc/NAME RATE | ramp A B S | spike B P S | off   the load generator (req/s)
  hpa NAME                            the autoscaler's last computation
  why POD | why svc/NAME              the scheduler's verdicts; why a Service is empty
  kompose convert [-f FILE] [-o DIR/|FILE] [--stdout]   convert a compose file; its
                                      manifests are then there for kubectl apply -f
  # text                              a comment, echoed into the transcript
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("bench") {
        return bench::run(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("lesson") {
        return lesson::run(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("soak") {
        return soak::run(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("compose") {
        return compose::run(&args[1..]);
    }
    let mut seed = None;
    let mut preset = None;
    let mut nodes = None;
    let mut script = None;
    let mut export = None;
    let mut import = None;
    let mut keep_secret_values = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let value = |i: usize| args.get(i + 1).cloned();
        match a {
            "-h" | "--help" => {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--seed" => match value(i).and_then(|v| v.parse().ok()) {
                Some(s) => {
                    seed = Some(s);
                    i += 1;
                }
                None => return usage_error("--seed needs a number"),
            },
            "--preset" => match value(i).as_deref().and_then(Preset::parse) {
                Some(p) => {
                    preset = Some(p);
                    i += 1;
                }
                None => return usage_error("--preset is one of docker-desktop, kind, cloud"),
            },
            "--nodes" => match value(i).and_then(|v| v.parse().ok()) {
                Some(n) => {
                    nodes = Some(n);
                    i += 1;
                }
                None => return usage_error("--nodes needs a number"),
            },
            "--export" => match value(i) {
                Some(dir) => {
                    export = Some(dir);
                    i += 1;
                }
                None => return usage_error("--export needs a folder"),
            },
            "--import" => match value(i) {
                Some(dump) => {
                    import = Some(dump);
                    i += 1;
                }
                None => return usage_error("--import needs a dump file"),
            },
            "--keep-secret-values" => keep_secret_values = true,
            _ if a.starts_with("--") => return usage_error(&format!("unknown option {a}")),
            _ => script = Some(a.to_string()),
        }
        i += 1;
    }
    let (text, base) = match script.as_deref() {
        None | Some("-") => {
            let mut s = String::new();
            if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
                eprintln!("kubeplay: cannot read standard input: {e}");
                return ExitCode::from(2);
            }
            (s, std::env::current_dir().unwrap_or_default())
        }
        Some(path) => match std::fs::read_to_string(path) {
            Ok(s) => (s, std::path::Path::new(path).parent().map(|p| p.to_path_buf()).unwrap_or_default()),
            Err(e) => {
                eprintln!("kubeplay: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let h = match script::header(&text) {
        Ok(h) => h,
        Err(e) => return usage_error(&e),
    };
    let preset = preset.or(h.preset).unwrap_or(Preset::DockerDesktop);
    let mut cluster = match import {
        None => engine::Cluster::new(preset, nodes.or(h.nodes), seed.or(h.seed).unwrap_or(1)),
        Some(path) => {
            let dump = match std::fs::read_to_string(&path) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("kubeplay: cannot read {path}: {e}");
                    return ExitCode::from(2);
                }
            };
            match engine::import::into_cluster(&dump, keep_secret_values, seed.or(h.seed).unwrap_or(1)) {
                Ok((c, d)) => {
                    for line in d.report {
                        eprintln!("kubeplay: {line}");
                    }
                    c
                }
                Err(e) => {
                    eprintln!("kubeplay: cannot import {path}: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    };
    let files = script::DirFiles::new(base);
    print!("{}", script::run(&mut cluster, &text, &files));
    if let Some(dir) = export {
        let dir = std::path::Path::new(&dir);
        for (name, contents) in engine::export::to_real_cluster(&cluster).files {
            let path = dir.join(&name);
            let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&path, contents));
            if let Err(e) = written {
                eprintln!("kubeplay: cannot write {}: {e}", path.display());
                return ExitCode::from(1);
            }
        }
        eprintln!("kubeplay: the scenario is in {}: see its README.md, then run replay.sh", dir.display());
    }
    ExitCode::SUCCESS
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("kubeplay: {msg}\nRun 'kubeplay --help' for usage.");
    ExitCode::from(2)
}
