//! Golden transcripts: every `*.kubeplay` script under `tests/transcripts/` (and the seed
//! replay in `examples/seed/`) is run and its transcript compared with the `.out` file
//! beside it. `UPDATE_GOLDEN=1 cargo test` rewrites the `.out` files; review the diff.

use engine::{Cluster, Preset};
use kubeplay::script::{self, DirFiles};
use std::path::{Path, PathBuf};

fn cluster_for(text: &str) -> Cluster {
    let h = script::header(text).expect("script header is valid");
    Cluster::new(h.preset.unwrap_or(Preset::DockerDesktop), h.nodes, h.seed.unwrap_or(1))
}

fn run_script(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("script is readable");
    let mut c = cluster_for(&text);
    let files = DirFiles::new(path.parent().expect("script has a folder").to_path_buf());
    script::run(&mut c, &text, &files)
}

fn check(script_path: &Path, expected_path: &Path) -> Result<(), String> {
    let got = run_script(script_path);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(expected_path, &got).expect("golden file is writable");
        return Ok(());
    }
    let want = std::fs::read_to_string(expected_path)
        .map_err(|_| format!("{} has no golden file {}", script_path.display(), expected_path.display()))?;
    if got == want {
        return Ok(());
    }
    let first_diff = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(got.lines().count().min(want.lines().count()));
    Err(format!(
        "{} differs from {} at line {}:\n  got:  {:?}\n  want: {:?}",
        script_path.display(),
        expected_path.display(),
        first_diff + 1,
        got.lines().nth(first_diff).unwrap_or("<end>"),
        want.lines().nth(first_diff).unwrap_or("<end>")
    ))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn transcripts_match_their_golden_files() {
    let dir = root().join("tests/transcripts");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("transcripts folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "kubeplay"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 8, "expected the transcript suite, found {}", scripts.len());
    let failures: Vec<String> = scripts.iter().filter_map(|s| check(s, &s.with_extension("out")).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_seed_replays_as_the_post_describes() {
    let seed = root().join("../../examples/seed/seed.kubeplay");
    check(&seed, &root().join("tests/transcripts/seed.golden")).unwrap();
    let got = run_script(&seed);
    // The post's moment: the Pod is running ten seconds after it was applied.
    assert!(got.contains("spring-pod   1/1     Running   0          10s\n"), "{got}");
}

#[test]
fn the_seed_deployment_autoscales_under_load() {
    let script = root().join("../../examples/seed/autoscale.kubeplay");
    check(&script, &root().join("tests/transcripts/seed-autoscale.golden")).unwrap();
    let got = run_script(&script);
    // Without a CPU request the HPA cannot compute utilization, as a real one cannot.
    assert!(got.contains("missing request for cpu in container spring-container"), "{got}");
    // Up within the scale-up policy, held through the stabilization window, then down.
    assert!(got.contains("→ 7 (ScaleUpLimit"), "{got}");
    assert!(got.contains("spring-deployment   3/3     3            3           7m45s"), "{got}");
}
