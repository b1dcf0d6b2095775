//! Import a Docker Compose file: the compose text on the left, kompose's manifests on
//! the right, each compose key's mapping (or why it has none) below; Apply puts the
//! manifests in the editor and applies them as the editor's Apply does.

use crate::examples;
use crate::i18n::{text, Key};
use crate::state::Page;
use leptos::prelude::*;

/// The name kompose would be given the pasted text by.
const FILE: &str = "docker-compose.yml";

/// The manifests, kompose's warnings and the mappings, or the error with its line.
type Shown = Result<(String, Vec<String>, Vec<(String, String)>), String>;

fn convert(compose: &str) -> Shown {
    let c = engine::compose::convert(compose, FILE, &engine::compose::default_options(FILE)).map_err(|e| format!("{FILE}: {e}"))?;
    let mappings = c.mappings.iter().map(|m| (format!("{}: {}", m.service, m.compose), m.kubernetes.clone())).collect();
    Ok((engine::compose::to_stream(&c.objects), c.warnings, mappings))
}

#[component]
pub fn ComposePanel(page: Page) -> impl IntoView {
    let lang = page.lang;
    let compose = RwSignal::new(examples::SEED_COMPOSE.to_string());
    // Converted once opened: kompose's converter is in the part of the page fetched on
    // first use (crates/split), and the panel starts closed.
    let open = RwSignal::new(false);
    let shown = Memo::new(move |_| open.get().then(|| convert(&compose.get())));
    let apply = move |_| {
        if let Some(Ok((manifests, _, _))) = shown.get_untracked() {
            page.tabs.open_a_manifest();
            page.editor.set(manifests);
            page.apply();
        }
    };
    view! {
        <details class="compose" data-test="compose" on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary>{move || text(lang.get(), Key::ImportCompose)}</summary>
            <p class="hint">{move || text(lang.get(), Key::ComposeHint)}</p>
            <div class="compose-sides">
                <textarea class="compose-in" data-test="compose-in" aria-label=move || text(lang.get(), Key::ImportCompose) spellcheck="false" prop:value=move || compose.get() on:input=move |ev| compose.set(event_target_value(&ev))></textarea>
                <pre class="compose-out" data-test="compose-out">
                    {move || match shown.get() {
                        Some(Ok((manifests, _, _))) => manifests,
                        Some(Err(e)) => e,
                        None => String::new(),
                    }}
                </pre>
            </div>
            <ul class="compose-map" data-test="compose-map">
                {move || match shown.get() {
                    Some(Ok((_, warnings, mappings))) => {
                        let warnings = warnings.into_iter().map(|w| view! { <li class="warn">{format!("WARN {w}")}</li> }).collect_view();
                        let mappings = mappings.into_iter().map(|(k, v)| view! { <li><code>{k}</code>" → "{v}</li> }).collect_view();
                        view! { {warnings}{mappings} }.into_any()
                    }
                    _ => ().into_any(),
                }}
            </ul>
            <button class="primary" data-test="compose-apply" disabled=move || !matches!(shown.get(), Some(Ok(_))) on:click=apply>{move || text(lang.get(), Key::Apply)}</button>
        </details>
    }
}
