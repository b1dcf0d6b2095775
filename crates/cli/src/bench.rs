//! `kubeplay bench`: how long the engine takes to take N pods from creation to Running
//! on M nodes, and what they cost in memory. Figures, not pass/fail.

use engine::api::pod::PodSpec;
use engine::{Cluster, Preset};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

/// The resident set, from `/proc/self/status` (Linux); `None` elsewhere.
fn rss_kib(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with(field))?.split_whitespace().nth(1)?.parse().ok()
}

fn pod_spec() -> PodSpec {
    let text = "containers:\n- name: app\n  image: nginx:1.27\n  ports:\n  - containerPort: 80\n";
    let node = &engine::yaml::parse_stream(text).docs[0].root;
    let mut v = engine::decode::decode(node, "PodSpec", 1).expect("bench spec decodes");
    engine::defaults::pod_spec(&mut v, true);
    PodSpec::from_value(v)
}

struct Figures {
    wall_s: f64,
    pods_per_s: f64,
    kib_per_pod: f64,
    running: usize,
    sim_ms: u64,
}

fn once(pods: usize, nodes: usize) -> Figures {
    let before = rss_kib("VmRSS:").unwrap_or(0);
    let start = Instant::now();
    let mut c = Cluster::new(Preset::Cloud, Some(nodes), 1);
    let spec = Rc::new(pod_spec());
    let mut labels = engine::api::Labels::default();
    labels.insert("app", "bench");
    for i in 0..pods {
        let mut meta = engine::api::ObjectMeta { name: format!("bench-{i:06}"), namespace: "default".into(), ..Default::default() };
        meta.labels = labels.clone();
        meta.uid = format!("{i:032x}");
        c.create_pod(meta, spec.clone());
    }
    // Run the clock until every pod is Running (bounded, so a livelock still ends).
    for _ in 0..100 {
        if c.step().is_none() {
            break;
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let running = c.store.pods_in(Some("default")).iter().filter(|id| c.store.pod(**id).is_some_and(|p| p.is_ready())).count();
    let after = rss_kib("VmRSS:").unwrap_or(0);
    let f = Figures {
        wall_s: wall,
        pods_per_s: pods as f64 / wall.max(1e-9),
        kib_per_pod: after.saturating_sub(before) as f64 / pods.max(1) as f64,
        running,
        sim_ms: c.now(),
    };
    drop(c);
    f
}

pub fn run(args: &[String]) -> ExitCode {
    let mut pods = 150_000usize;
    let mut nodes = 5_000usize;
    let mut ladder = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--pods" => {
                pods = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(pods);
                i += 1;
            }
            "--nodes" => {
                nodes = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(nodes);
                i += 1;
            }
            "--ladder" => ladder = true,
            other => {
                eprintln!("kubeplay bench: unknown option {other}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("kubeplay bench: engine natively, {cores} cores, release={}", !cfg!(debug_assertions));
    println!("{:>8} {:>6} {:>10} {:>12} {:>10} {:>9} {:>10}", "pods", "nodes", "wall", "pods/s", "KiB/pod", "running", "sim time");
    let sizes: Vec<(usize, usize)> = if ladder {
        [10, 100, 1_000, 10_000, 100_000, 150_000].iter().map(|&p| (p, (p / 30).clamp(1, nodes))).filter(|(p, _)| *p <= pods).collect()
    } else {
        vec![(pods, nodes)]
    };
    for (p, n) in sizes {
        let f = once(p, n);
        println!("{:>8} {:>6} {:>9.3}s {:>12.0} {:>10.2} {:>9} {:>9}ms", p, n, f.wall_s, f.pods_per_s, f.kib_per_pod, f.running, f.sim_ms);
    }
    if let Some(peak) = rss_kib("VmHWM:") {
        println!("peak resident memory: {:.1} MiB", peak as f64 / 1024.0);
    }
    ExitCode::SUCCESS
}
