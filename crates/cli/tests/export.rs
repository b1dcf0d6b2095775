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

/// The page's download: the same folder as one `.tar`, which the system's tar lists and
/// unpacks to the same files (skipped where no `tar` is installed).
#[test]
fn the_folder_as_a_tar_is_what_tar_lists_and_unpacks() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n",
        "editor.yaml",
        "default",
        engine::apply::Mode::Apply,
    );
    let export = engine::export::to_real_cluster(&c);
    let bytes = export.to_tar("kubeplay-scenario");
    assert_eq!(bytes.len() % 512, 0);
    let dir = std::env::temp_dir().join(format!("kubeplay-tar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = dir.join("scenario.tar");
    std::fs::write(&archive, &bytes).unwrap();
    let Ok(listed) = std::process::Command::new("tar").arg("-tf").arg(&archive).output() else {
        eprintln!("no tar installed: the archive's listing is not checked");
        return;
    };
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let names: Vec<String> = String::from_utf8(listed.stdout).unwrap().lines().map(str::to_string).collect();
    let want: Vec<String> = export.files.iter().map(|(n, _)| format!("kubeplay-scenario/{n}")).collect();
    assert_eq!(names, want);
    assert!(names.contains(&"kubeplay-scenario/kind-config.yaml".to_string()));
    let out = std::process::Command::new("tar").arg("-xf").arg(&archive).arg("-C").arg(&dir).status().unwrap();
    assert!(out.success());
    for (name, text) in &export.files {
        assert_eq!(&std::fs::read_to_string(dir.join("kubeplay-scenario").join(name)).unwrap(), text, "{name}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("kubeplay-scenario/replay.sh")).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "replay.sh is executable");
    }
    std::fs::remove_dir_all(&dir).ok();
}
