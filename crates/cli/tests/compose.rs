//! `kubeplay compose FILE` on the three compose files of the transcripts: the manifests
//! and the explanations are compared with `kubeplay-compose.golden` beside each file.
//! `UPDATE_GOLDEN=1 cargo test` rewrites them; review the diff.

use std::path::Path;

fn check(dir: &str, file: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts/compose").join(dir);
    let text = std::fs::read_to_string(root.join(file)).expect("compose file");
    let (manifests, notes) = kubeplay::compose::render(&text, file).expect("converts");
    let got = format!("$ kubeplay compose {file} 2>&1\n{notes}{manifests}");
    let golden = root.join("kubeplay-compose.golden");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &got).expect("golden is writable");
    }
    let want = std::fs::read_to_string(&golden).expect("golden file");
    assert_eq!(got, want, "{}", golden.display());
    got
}

#[test]
fn the_seed_spring_app_with_its_database() {
    let got = check("spring", "docker-compose.yml");
    assert!(got.contains("#   depends_on: mysql → no equivalent"), "{got}");
    assert!(got.contains("# WARN Service \"mysql\" won't be created because 'ports' is not specified"), "{got}");
    assert!(got.contains("          imagePullPolicy: IfNotPresent\n"), "{got}");
}

#[test]
fn three_services_with_ports_and_volumes() {
    let got = check("shop", "compose.yaml");
    assert!(got.contains("  name: db-claim1\n"), "the anonymous volume, second in db's list: {got}");
    assert!(got.contains("  replicas: 2\n"), "{got}");
    assert!(got.contains("        - args:\n            - -listen=:5678\n"), "{got}");
}

#[test]
fn a_service_with_build() {
    let got = check("build", "compose.yaml");
    assert!(got.contains("kind load docker-image shop-api:1.0"), "{got}");
    assert!(got.contains("          image: shop-api:1.0\n"), "{got}");
}

#[test]
fn a_bad_compose_file_names_its_line() {
    let e =
        kubeplay::compose::render("services:\n  web:\n    image: nginx\n    ports:\n      - \"80:eighty\"\n", "compose.yaml").unwrap_err();
    assert_eq!(e, "compose.yaml: line 5: services.web.ports[0]: invalid port \"eighty\"");
}
