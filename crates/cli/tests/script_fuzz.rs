//! Generated script lines (`crates/engine/tests/support/gen.rs`): the simulator's own
//! commands (sleep, step, node kill/restore, docker build/images, kind load, registry,
//! kill pod, request, load, hpa, why, proxy) and kubectl lines, right and wrong, run by
//! `kubeplay::script::run` against the seed's Deployment, Service and HPA with the seed's
//! folder as build context. Nothing panics and every line gets its transcript.

#[path = "../../engine/tests/support/check.rs"]
mod check;
#[path = "../../engine/tests/support/gen.rs"]
mod gen;

use gen::{Gen, Live, Tape};
use kubeplay::script::{run, DirFiles};
use proptest::prelude::*;
use std::path::PathBuf;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, max_shrink_iters: 300, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn generated_script_lines_are_answered(data in prop::collection::vec(any::<u32>(), 0..400)) {
        let files = DirFiles::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed"));
        let mut c = check::seeded();
        let mut src = Tape::new(data);
        let mut g = Gen::new(&mut src);
        let mut transcript = String::new();
        for _ in 0..8 {
            // A script holds one command a line: a line break in a word would split it.
            let line = g.script_line(&Live::of(&c)).replace(['\n', '\r'], " ");
            let out = run(&mut c, &line, &files);
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let echo = if trimmed.starts_with('#') { format!("{trimmed}\n") } else { format!("$ {trimmed}\n") };
                prop_assert!(out.starts_with(&echo), "{line:?} printed {out:?}");
            }
            transcript.push_str(&out);
        }
        for n in ["kind-control-plane", "kind-worker", "kind-worker2"] {
            let _ = c.restore_node(n);
        }
        c.advance(20 * 60_000);
        if let Err(e) = engine::invariants::check(&c).map_err(|v| v.to_string()) {
            prop_assert!(false, "{e}\n{transcript}");
        }
    }
}
