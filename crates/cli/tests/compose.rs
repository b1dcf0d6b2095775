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

mod never_panics {
    use proptest::prelude::*;

    const SPRING: &str = include_str!("transcripts/compose/spring/docker-compose.yml");
    const SHOP: &str = include_str!("transcripts/compose/shop/compose.yaml");

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Any text is converted or refused with a line, never a panic.
        #[test]
        fn any_text(text in "\\PC{0,300}") {
            let _ = kubeplay::compose::render(&text, "compose.yaml");
        }

        /// The goldens' files with a stretch cut out or a character changed: truncated and
        /// mistyped compose files.
        #[test]
        fn damaged_compose_files(which in 0..2usize, at in 0..2000usize, len in 0..40usize, c in "[ :\\-\\[\\]{}'\"$#a-z0-9\\n]") {
            let base = if which == 0 { SPRING } else { SHOP };
            let at = base.char_indices().map(|(i, _)| i).nth(at % base.chars().count()).unwrap_or(0);
            let end = base[at..].char_indices().map(|(i, _)| at + i).nth(len).unwrap_or(base.len());
            let cut = format!("{}{}", &base[..at], &base[end..]);
            let changed = format!("{}{c}{}", &base[..at], &base[at..]);
            for text in [cut, changed] {
                if let Err(e) = kubeplay::compose::render(&text, "compose.yaml") {
                    prop_assert!(e.starts_with("compose.yaml: line "), "{e}");
                }
            }
        }
    }
}
