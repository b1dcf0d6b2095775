//! The top bar: the cluster's preset and worker count, a new cluster, the share link and
//! the language.

use crate::i18n::{text, Key, Lang};
use crate::state::{Page, MAX_WORKERS};
use crate::storage;
use engine::Preset;
use leptos::prelude::*;

#[component]
pub fn Header(page: Page) -> impl IntoView {
    let Page { preset, workers, lang, .. } = page;
    let t = move |k: Key| page.t(k);
    let share = move |_| {
        let code = page.share_code();
        if let Some(why) = crate::panels::import::link_refused(&page, &code) {
            page.apply_out.set(why.to_string());
            return;
        }
        let url = format!("{}#{code}", storage::page_url_without_hash());
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&code);
            let _ = w.navigator().clipboard().write_text(&url);
        }
        page.apply_out.set(format!("{}: {url}", text(lang.get_untracked(), Key::Copied)));
    };
    view! {
        <header class="top">
            <h1>"kubeplay"</h1>
            <span class="tagline">{move || t(Key::Tagline)}</span>
            <label class="preset">
                {move || t(Key::Preset)}
                <select
                    data-test="preset"
                    on:change=move |ev| {
                        if let Some(p) = Preset::parse(&event_target_value(&ev)) {
                            page.reset(p);
                        }
                    }
                    prop:value=move || preset.get().name()
                >
                    <option value="docker-desktop">"docker-desktop (1 node)"</option>
                    <option value="kind">"kind (control plane + 2 workers)"</option>
                    <option value="cloud">"cloud (3 nodes, LoadBalancer)"</option>
                </select>
            </label>
            <label class="workers" class:hidden=move || preset.get() == Preset::DockerDesktop>
                {move || t(Key::Workers)}
                <input
                    data-test="workers"
                    type="number"
                    min="1"
                    max=MAX_WORKERS.to_string()
                    prop:value=move || workers.get().unwrap_or_else(|| preset.get().default_workers()).to_string()
                    on:change=move |ev| {
                        let w = event_target_value(&ev).parse::<usize>().ok().filter(|w| (1..=MAX_WORKERS).contains(w));
                        workers.set(w);
                        storage::save("workers", &w.map(|w| w.to_string()).unwrap_or_default());
                        page.reset(preset.get_untracked());
                    }
                />
            </label>
            <button data-test="reset" on:click=move |_| page.reset(preset.get_untracked())>{move || t(Key::Reset)}</button>
            <button data-test="share" on:click=share>{move || t(Key::Share)}</button>
            <button data-test="lang" on:click=move |_| lang.update(|l| *l = if *l == Lang::En { Lang::Ko } else { Lang::En })>
                {move || t(Key::Language)}
            </button>
        </header>
    }
}
