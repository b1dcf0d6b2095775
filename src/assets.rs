//! What the page fetches when first used instead of carrying it in its wasm: files that
//! index.html copies beside the page (the bundled lessons' texts, `lessons/LANG/ID.md`).
//! Paths are relative to the page, so it works from any sub-path, and stay on its origin
//! (the Content-Security-Policy's `connect-src 'self'`). Each file is fetched once and kept
//! for the page's life; the browser's cache keeps it across visits.

use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where a fetched file is.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    /// Asked for, not arrived yet.
    Loading,
    Ready(String),
    /// Why it could not be fetched (offline, a server without the file).
    Failed(String),
}

/// The fetched files, by path.
#[derive(Clone, Copy)]
pub struct Assets {
    files: RwSignal<BTreeMap<String, Loaded>>,
    /// Paths whose fetch has started: kept apart from `files` so asking twice in one
    /// render fetches once without writing a signal while it is read.
    asked: StoredValue<BTreeSet<String>, LocalStorage>,
}

impl Assets {
    pub fn new() -> Assets {
        Assets { files: RwSignal::new(BTreeMap::new()), asked: StoredValue::new_local(BTreeSet::new()) }
    }

    /// The file at `path` (relative to the page), fetched on the first ask. Tracked: a
    /// reactive caller runs again when it arrives.
    pub fn get(&self, path: &str) -> Loaded {
        self.ask(path);
        self.files.with(|f| f.get(path).cloned()).unwrap_or(Loaded::Loading)
    }

    pub fn get_untracked(&self, path: &str) -> Loaded {
        self.ask(path);
        self.files.with_untracked(|f| f.get(path).cloned()).unwrap_or(Loaded::Loading)
    }

    fn ask(&self, path: &str) {
        let first = self.asked.try_update_value(|a| a.insert(path.to_string())).unwrap_or(false);
        if !first {
            return;
        }
        let files = self.files;
        let path = path.to_string();
        leptos::task::spawn_local(async move {
            let loaded = match fetch_text(&path).await {
                Ok(text) => Loaded::Ready(text),
                Err(e) => Loaded::Failed(e),
            };
            files.update(|f| {
                f.insert(path, loaded);
            });
        });
    }
}

fn js_error(e: wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the request failed".to_string())
}

async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path)).await.map_err(js_error)?.dyn_into().map_err(js_error)?;
    if !response.ok() {
        return Err(format!("{path}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?;
    text.as_string().ok_or_else(|| format!("{path}: not text"))
}
