//! Download for kind: the session (its preset, nodes, manifests and the actions taken) as
//! the folder `kubeplay --export` writes, in one `.tar` the browser saves.

use crate::i18n::{text, Key};
use crate::state::Page;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The archive's folder, and its file name with `.tar`.
const FOLDER: &str = "kubeplay-scenario";

/// Hands `bytes` to the browser as a download named `name`.
fn save(name: &str, bytes: &[u8]) -> Option<()> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/x-tar");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let a: web_sys::HtmlAnchorElement = web_sys::window()?.document()?.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The browser has taken the file once the click is handled.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(10));
    Some(())
}

#[component]
pub fn KindDownload(page: Page) -> impl IntoView {
    let lang = page.lang;
    let download = move |_| {
        let tar = page.sim.read_untracked(|c| engine::export::to_real_cluster(c).to_tar(FOLDER));
        save(&format!("{FOLDER}.tar"), &tar);
        page.last.0.set(format!("kubeplay --export {FOLDER}"));
    };
    view! {
        <div class="kind-download">
            <button data-test="download-kind" on:click=download>{move || text(lang.get(), Key::DownloadKind)}</button>
            <span class="hint">{move || text(lang.get(), Key::DownloadKindHint)}</span>
        </div>
    }
}
