//! Generated input, from kubeplay's own tables (`support/gen.rs`): manifests walked from
//! the schema for every kind (served or not), kubectl lines from the interpreter's flag
//! tables, and sequences of user actions. Whatever they are, the engine answers without a
//! panic, errors point inside the text, and the cluster's invariants hold.
//!
//! The budget is fixed (`CASES`) so the file runs in well under a minute in a debug build;
//! `PROPTEST_CASES=N` runs more.

#[path = "support/check.rs"]
mod check;
#[path = "support/gen.rs"]
mod gen;

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};
use gen::{Gen, Live, Tape};
use proptest::prelude::*;

fn tape() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(any::<u32>(), 0..800)
}

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, max_shrink_iters: 300, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(2000))]

    /// Any generated manifest: no panic, spans inside the text, and after a minute of
    /// simulated time `get all`, `describe` of each written object and the page's view
    /// still answer, with the cluster's invariants holding.
    #[test]
    fn generated_manifests_are_answered(data in tape()) {
        let mut src = Tape::new(data);
        let text = Gen::new(&mut src).manifest();
        if let Err(e) = check::manifest(&text) {
            prop_assert!(false, "{e}\n--- text ---\n{text}");
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// Any generated kubectl line against the seed's Deployment, Service and HPA: exit code
    /// 0 or 1, an error says something, the cluster's invariants hold.
    #[test]
    fn generated_kubectl_lines_are_answered(data in tape()) {
        let mut c = check::seeded();
        let mut src = Tape::new(data);
        let mut g = Gen::new(&mut src);
        for _ in 0..6 {
            let line = g.kubectl_line(&Live::of(&c));
            let out = c.kubectl(&line, &check::SeedFiles);
            if let Err(e) = check::output(&line, &out) {
                prop_assert!(false, "{e}");
            }
            c.advance(2_000);
        }
        if let Err(e) = engine::invariants::check(&c).map_err(|v| v.to_string()) {
            prop_assert!(false, "{e}");
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// Any sequence of actions (manifests, kubectl lines, time, node failures, builds,
    /// traffic, load, proxy and registry changes): after each, the cluster it leads to
    /// settles with its invariants holding; the log survives JSON, and replaying it gives
    /// the same events.
    #[test]
    fn generated_actions_replay(data in tape(), seed in 0u64..4) {
        let mut c = Cluster::new(Preset::Kind, None, seed);
        let mut src = Tape::new(data);
        let mut g = Gen::new(&mut src);
        for step in 0..10 {
            let a = g.action(&Live::of(&c));
            c.perform(&a, &NoFiles);
            if let Err(e) = check::settles(seed, c.log()) {
                prop_assert!(false, "after step {step} ({a:?}): {e}");
            }
        }
        let json = engine::actions::to_json(c.log());
        let back = engine::actions::from_json(&json);
        prop_assert!(back.as_deref() == Some(c.log()), "the log does not survive JSON: {json}");
        let mut replay = Cluster::new(Preset::Kind, None, seed);
        for a in back.unwrap() {
            replay.perform(&a, &NoFiles);
        }
        prop_assert_eq!(c.event_log(), replay.event_log());
    }
}

/// The generator reads every command of the interpreter and each one's flags.
#[test]
fn the_generator_knows_every_kubectl_command_and_flag() {
    let t = gen::kubectl_tables();
    assert!(t.unresolved.is_empty(), "name these commands in gen.rs: {:?}", t.unresolved);
    // Both lists were read (commands move from the second to the first as they land).
    assert!(t.commands.len() >= 15 && t.commands.len() + t.not_simulated.len() >= 40, "{t:?}");
    assert!(t.global.iter().any(|f| f.long == "namespace" && f.short == Some('n') && f.takes_value), "{:?}", t.global);
    for cmd in [
        "apply",
        "create",
        "get",
        "describe",
        "delete",
        "scale",
        "autoscale",
        "top",
        "logs",
        "label",
        "cordon",
        "drain",
        "rollout",
        "set image",
        "set env",
        "set resources",
        "version",
    ] {
        assert!(t.flags.iter().any(|(c, _)| c == cmd), "no flags read for {cmd}: {:?}", t.flags);
    }
    // A command file the generator does not read would never be fuzzed.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kubectl");
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // A command's own folder (set/) is named `set/FILE` in the table.
            paths.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            paths.push(path);
        }
    }
    for path in paths {
        let src = std::fs::read_to_string(&path).unwrap();
        let file = path.strip_prefix(&dir).unwrap().to_str().unwrap().to_string();
        if src.contains("args::parse(") && file != "args.rs" {
            assert!(
                gen::kubectl_source_names().contains(&file.as_str()),
                "add src/kubectl/{file} to KUBECTL_SOURCES in tests/support/gen.rs"
            );
        }
    }
    for cmd in ["run", "expose", "api-resources"] {
        assert!(t.flags.iter().any(|(c, _)| c == cmd), "no flags read for {cmd}");
    }
    let get = &t.flags.iter().find(|(c, _)| c == "get").unwrap().1;
    assert!(get.iter().any(|f| f.long == "output" && f.short == Some('o') && f.takes_value));
    assert!(get.iter().any(|f| f.long == "all-namespaces" && f.short == Some('A') && !f.takes_value));
}

/// Every kind's skeleton is a valid object: with nothing mutated, each served kind
/// applies (the generator's baseline is right, so mutations are what fails).
#[test]
fn unmutated_documents_of_served_kinds_apply() {
    for (kind, version, served) in gen::all_kinds() {
        let mut empty = Tape::new(vec![]);
        let mut g = Gen::new(&mut empty);
        let y = g.object(kind, version);
        let st = g.style();
        let text = g.render(&y, &st);
        let mut c = Cluster::new(Preset::Kind, None, 1);
        let r = c.apply_text(&text, "k.yaml", "default", Mode::Apply);
        if kind == "Event" {
            assert_eq!(r.errors.len(), 1, "{text}");
        } else if served {
            assert!(r.errors.is_empty(), "{kind} {version}:\n{text}\n{:?}", r.errors);
        } else if engine::model::served::by_manifest(version, kind).is_some() {
            // A real cluster serves it: kubeplay says that it is the one lacking it.
            assert!(r.errors[0].text.contains("does not model them yet"), "{kind}: {:?}", r.errors);
        } else {
            assert!(r.errors[0].text.contains("no matches for kind"), "{kind}: {:?}", r.errors);
        }
    }
}

/// A fixed sample of generated manifests, for reading: `cargo test -p kubeplay-engine
/// --test schema_fuzz -- --ignored --nocapture print_samples`.
#[test]
#[ignore]
fn print_samples() {
    for i in 0..12u32 {
        let data: Vec<u32> = (0..800u32).map(|j| j.wrapping_mul(2_654_435_761).wrapping_add(i * 7919) ^ (i << 9)).collect();
        let mut src = Tape::new(data);
        println!("=== sample {i}\n{}", Gen::new(&mut src).manifest());
    }
}

/// What the generated manifests reach, for tuning the generator: `cargo test -p
/// kubeplay-engine --test schema_fuzz -- --ignored --nocapture reach`.
#[test]
#[ignore]
fn reach() {
    use std::collections::BTreeMap;
    let mut written: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        let data: Vec<u32> = (0..800)
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng as u32
            })
            .collect();
        let mut src = Tape::new(data);
        let text = Gen::new(&mut src).manifest();
        let mut c = Cluster::new(Preset::Kind, None, 1);
        let r = c.apply_text(&text, "gen.yaml", "default", Mode::Apply);
        for (k, _, _) in &r.written {
            *written.entry(format!("{k:?}")).or_default() += 1;
        }
        for e in &r.errors {
            let class: String = e.text.split(['"', ':']).take(2).collect::<Vec<_>>().join("|").chars().take(70).collect();
            *errors.entry(class).or_default() += 1;
        }
    }
    println!("written: {written:#?}");
    let mut e: Vec<_> = errors.into_iter().collect();
    e.sort_by_key(|x| std::cmp::Reverse(x.1));
    for (k, n) in e.iter().take(40) {
        println!("{n:6} {k}");
    }
}

fn dict_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/dict").join(name)
}

/// Writes the fuzz targets' dictionaries from the schema and the kubectl tables.
#[test]
#[ignore]
fn write_fuzz_dictionaries() {
    std::fs::write(dict_path("k8s.dict"), gen::manifest_dictionary()).unwrap();
    std::fs::write(dict_path("kubectl.dict"), gen::kubectl_dictionary()).unwrap();
}

/// The committed dictionaries are the ones the tables give: a new field or flag means
/// running `write_fuzz_dictionaries`.
#[test]
fn fuzz_dictionaries_are_current() {
    for (name, want) in [("k8s.dict", gen::manifest_dictionary()), ("kubectl.dict", gen::kubectl_dictionary())] {
        let have = std::fs::read_to_string(dict_path(name)).unwrap_or_default();
        assert!(
            have == want,
            "fuzz/dict/{name} is stale: run `cargo test -p kubeplay-engine --test schema_fuzz -- --ignored write_fuzz_dictionaries`"
        );
    }
}
