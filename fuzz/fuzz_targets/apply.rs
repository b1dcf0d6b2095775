//! Any bytes as a manifest: parse, decode, validate, apply, run a minute, print. Nothing
//! may panic, and every error must point inside the text.
#![no_main]

// A fifth of a run was glibc malloc and free, mostly cloning and dropping a booted cluster
// per input; with mimalloc the apply target runs 953 inputs a second instead of 713.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};
use libfuzzer_sys::fuzz_target;

thread_local! {
    // Booted once; each input gets a clone, which runs on exactly as a fresh cluster.
    static FRESH: Cluster = Cluster::new(Preset::Kind, None, 1);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut c = FRESH.with(Cluster::clone);
    let report = c.apply_text(&text, "fuzz.yaml", "default", Mode::Apply);
    // The editor (a textarea) turns CR and CRLF into LF: count lines as it does.
    let lines = text.replace("\r\n", "\n").replace('\r', "\n").lines().count() as u32 + 1;
    for e in &report.errors {
        let line = e.span.line;
        assert!(line <= lines, "error points outside the text: {line} > {lines}: {}", e.text);
    }
    c.advance(60_000);
    for cmd in ["get all -A -o wide", "describe pods", "get hpa -o yaml", "top pods"] {
        c.kubectl(cmd, &NoFiles);
    }
    let _ = engine::view::of(&c);
});
