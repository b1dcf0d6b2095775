//! The kubeplay page: Leptos components that draw the engine's view model and send it
//! actions. No cluster logic lives here.
//!
//! The modules, each using only those listed before it (a test in the command line's
//! crate checks that none use each other in a cycle):
//! - `examples`, `i18n`, `storage`, `bench`, `assets`, `tabs` (the editor's files): leaves
//! - `recovery`: what survives a panic (the journal, the hook's record, the reload)
//! - `state`: `Sim`, the one door to the cluster, and `Page`, what every panel shares
//! - `ticker`: the clock
//! - `panels`: one module per panel
//! - `app`: the panels composed

mod app;
mod assets;
mod bench;
mod examples;
mod i18n;
mod panels;
mod recovery;
mod state;
mod storage;
mod tabs;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
mod ticker;

fn main() {
    // A panic must never take the user's work with it: the hook keeps the scenario
    // without the failing action and reloads the page, which rebuilds the cluster.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        recovery::on_panic(&info.to_string());
    }));
    drop_first_view();
    // The presenter view is the same page in a second window, with no cluster of its own.
    if storage::location_hash() == "#presenter" {
        leptos::mount::mount_to_body(panels::presenter::PresenterView);
    } else {
        leptos::mount::mount_to_body(app::App);
    }
}

/// The first view index.html showed while the wasm loaded (scripts/prerender.mjs): gone
/// in the same task that mounts the live page, so no frame is drawn between the two.
fn drop_first_view() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    while let Ok(Some(el)) = doc.query_selector("[data-first-view]") {
        el.remove();
    }
}
