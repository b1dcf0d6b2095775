//! The browser benchmark's entry point: the engine's bench workload, run in this page's
//! wasm and timed with `performance.now()`. `bench/browser.mjs` calls it through
//! `window.wasmBindings.kubeplay_bench`.

use wasm_bindgen::prelude::*;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Bytes of wasm linear memory: it only grows, so a fresh page measures one run.
fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Applies a Deployment of `pods` replicas to `nodes` nodes, runs until every pod is
/// Ready, then times ten idle simulated seconds. Returns the figures as JSON.
#[wasm_bindgen]
pub fn kubeplay_bench(pods: usize, nodes: usize) -> String {
    let mem0 = memory_bytes();
    let start = now();
    let mut c = engine::bench::cluster(nodes);
    if let Err(e) = engine::bench::apply(&mut c, pods) {
        return format!("{{\"error\":{e:?}}}");
    }
    let apply_ms = now() - start;
    let o = engine::bench::run_until_ready(&mut c, pods, nodes, 3600);
    let ready_ms = now() - start;
    let memory = memory_bytes() - mem0;
    let idle = now();
    for _ in 0..10 {
        c.advance(1000);
    }
    let idle_ms = (now() - idle) / 10.0;
    format!(
        "{{\"pods\":{},\"nodes\":{},\"ready\":{},\"sim_ms\":{},\"apply_ms\":{apply_ms:.3},\"ready_ms\":{ready_ms:.3},\"memory_bytes\":{memory},\"idle_ms\":{idle_ms:.4}}}",
        o.pods, o.nodes, o.ready, o.sim_ms
    )
}

/// The mixed workload (`engine::bench::mix`, about `pods` pods on `nodes` nodes) applied
/// and run until every pod is done: Ready, or Succeeded for a Job's. Returns the figures
/// as JSON; `bench/browser.mjs` runs the plain rollout of as many pods in a fresh page
/// beside it. A cold root (crates/split/cold-roots.txt): the first view never runs it.
#[wasm_bindgen]
pub fn kubeplay_bench_mix(pods: usize, nodes: usize) -> String {
    // Through a pointer: called directly, wasm-opt inlines it into this export (its only
    // caller), and the split then finds no function to cut at.
    let run: fn(usize, usize) -> String = std::hint::black_box(run_mix);
    run(pods, nodes)
}

fn run_mix(pods: usize, nodes: usize) -> String {
    let mix = engine::bench::mix::Mix::of(pods, nodes);
    let mem0 = memory_bytes();
    let start = now();
    let mut c = engine::bench::cluster(nodes);
    if let Err(e) = engine::bench::mix::apply(&mut c, &mix) {
        return format!("{{\"error\":{e:?}}}");
    }
    let apply_ms = now() - start;
    let (done, sim_ms) = engine::bench::mix::run_until_done(&mut c, &mix, 3600);
    let done_ms = now() - start;
    let memory = memory_bytes() - mem0;
    format!(
        "{{\"pods\":{},\"nodes\":{nodes},\"done\":{done},\"sim_ms\":{sim_ms},\"apply_ms\":{apply_ms:.3},\"done_ms\":{done_ms:.3},\"memory_bytes\":{memory}}}",
        mix.pods()
    )
}
