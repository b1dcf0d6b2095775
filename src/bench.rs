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
