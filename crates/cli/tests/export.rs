//! Exporting a scenario to replay on a real cluster: the seed post on Docker Desktop, and
//! a node failure on kind.

use engine::{Cluster, Preset};
use kubeplay::script::{self, DirFiles};
use std::path::Path;

fn exported(script_path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(script_path).expect("script is readable");
    let h = script::header(&text).expect("header");
    let mut c = Cluster::new(h.preset.unwrap_or(Preset::DockerDesktop), h.nodes, h.seed.unwrap_or(1));
    script::run(&mut c, &text, &DirFiles::new(script_path.parent().expect("folder").to_path_buf()));
    engine::export::to_real_cluster(&c).files
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {name} in {:?}", files.iter().map(|(n, _)| n).collect::<Vec<_>>()))
}

#[test]
fn the_seed_exports_for_docker_desktop() {
    let files = exported(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed/seed.kubeplay"));
    assert!(files.iter().all(|(n, _)| n != "kind-config.yaml"), "Docker Desktop needs no kind configuration");
    let script = file(&files, "replay.sh");
    assert!(script.contains("kubectl config use-context docker-desktop\n"));
    for line in [
        "docker build -t spring-server -f Dockerfile .",
        "kubectl apply -f spring-pod-unset.yaml\nsleep 20\n",
        "kubectl apply -f spring-deployment.yaml\nsleep 15\n",
        "kubectl apply -f spring-service.yaml\n",
        "/^spring-deployment-/",
    ] {
        assert!(script.contains(line), "{line:?} missing from:\n{script}");
    }
    let want = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed/spring-deployment.yaml")).unwrap();
    assert_eq!(file(&files, "spring-deployment.yaml"), want, "the manifest as the script read it");
    assert!(!script.contains("/work") && !script.contains(".."), "no path of this machine");
}

#[test]
fn a_node_failure_on_kind_stops_the_nodes_container() {
    let dir = std::env::temp_dir().join(format!("kubeplay-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("k.kubeplay");
    std::fs::write(&path, "#! --preset kind\nkubectl create deployment web --image=nginx --replicas=2\nsleep 10s\nnode kill kind-worker\nproxy ipvs\nsleep 1m\nnode restore kind-worker\n").unwrap();
    let files = exported(&path);
    let config = file(&files, "kind-config.yaml");
    assert_eq!(config.matches("- role: worker").count(), 2);
    assert!(config.contains("kubeProxyMode: ipvs"));
    let script = file(&files, "replay.sh");
    assert!(script.contains("sleep 10\ndocker stop kind-worker"), "{script}");
    assert!(script.contains("sleep 60\ndocker start kind-worker\n"), "{script}");
    std::fs::remove_dir_all(&dir).ok();
}
