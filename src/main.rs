//! The kubeplay page: Leptos components that draw the engine's view model and send it
//! actions. No cluster logic lives here.

mod app;
mod autoscale;
mod bench;
mod cluster_tiles;
mod cluster_view;
mod editor;
mod examples;
mod i18n;
mod storage;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
mod ticker;

fn main() {
    // A panic must never take the user's text with it: the text is saved on every edit,
    // and the hook shows a readable message instead of a dead page.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        app::show_panic(&info.to_string());
    }));
    leptos::mount::mount_to_body(app::App);
}
