//! The manifests column: the examples, the editor and Apply, the last apply's errors and
//! output, docker build, the compose import and the pull-policy lab.

use super::compose::ComposePanel;
use super::diagnostics::Diagnostics;
use super::docker::DockerPanel;
use super::editor::Editor;
use super::file_tabs::FileTabs;
use super::import::ImportPanel;
use super::pull_lab::PullLab;
use crate::examples;
use crate::i18n::{Key, Lang};
use crate::state::Page;
use leptos::prelude::*;

#[component]
pub fn Manifests(page: Page) -> impl IntoView {
    let Page { lang, editor, diagnostics, apply_out, editing, tabs, .. } = page;
    let t = move |k: Key| page.t(k);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
            ev.prevent_default();
            if editing.get_untracked().is_some() {
                page.save_edit();
            } else {
                page.apply();
            }
        }
    };
    let pick_example = move |id: String| {
        tabs.open_a_manifest();
        editor.set(examples::text_of(&id));
        diagnostics.set(vec![]);
    };
    view! {
        <section class="editor-panel">
            <h2>{move || t(Key::Manifests)}</h2>
            <div class="row">
                <select data-test="examples" aria-label=move || t(Key::Examples) on:change=move |ev| pick_example(event_target_value(&ev))>
                    <option value="" disabled=true selected=true>{move || t(Key::Examples)}</option>
                    {move || {
                        let l = lang.get();
                        examples::all().into_iter().map(|e| view! { <option value=e.id>{if l == Lang::Ko { e.ko } else { e.en }}</option> }).collect_view()
                    }}
                </select>
                <Show
                    when=move || editing.with(Option::is_some)
                    fallback=move || view! { <button class="primary" data-test="apply" on:click=move |_| page.apply()>{move || t(Key::Apply)}</button> }
                >
                    <button class="primary" data-test="edit-save" on:click=move |_| page.save_edit()>{move || t(Key::EditSave)}</button>
                    <button data-test="edit-cancel" on:click=move |_| page.cancel_edit()>{move || t(Key::EditCancel)}</button>
                </Show>
            </div>
            <FileTabs page=page />
            <div role="tabpanel" id="file-panel" data-test="file-panel" aria-labelledby=move || format!("file-tab-{}", tabs.open.get())>
                <Editor text=editor diagnostics=diagnostics lang=lang on_key=on_key />
            </div>
            <p class="hint">{move || if editing.with(Option::is_some) { t(Key::EditHint) } else { t(Key::ApplyHint) }}</p>
            <p class="hint limits" data-test="limits">{move || t(Key::Limits)}</p>
            <Diagnostics page=page />
            <pre class="apply-out" data-test="apply-out" tabindex="0">{move || apply_out.get()}</pre>
            <DockerPanel page=page />
            <ComposePanel page=page />
            <ImportPanel page=page />
            <PullLab page=page />
        </section>
    }
}
