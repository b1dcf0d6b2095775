//! Import a real cluster: its dump (`kubectl get nodes,all,cm,secret,pvc,pv,ingress -A -o
//! yaml`) pasted, opened or dropped here, read by the engine (`engine::import`), and after
//! a confirmation made the page's cluster; then what was imported and what was left out,
//! as the engine lists it. A dump the engine refuses changes nothing and keeps the text.
//! The sample dump is fetched on first use, not carried in the wasm.

use crate::assets::{Assets, Loaded};
use crate::i18n::{text, Key};
use crate::panels::kind_download::KindDownload;
use crate::state::Page;
use engine::import::{Dump, Summary};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The sample dump, beside the page (index.html copies `examples/import`).
const SAMPLE: &str = "import/three-nodes.yaml";

/// The longest share link an imported cluster is carried by, in characters.
pub const LINK_MAX: usize = 100_000;

/// Where the panel is.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Idle,
    /// Read by the engine; the user is asked before the cluster is replaced.
    Asking(Box<Dump>),
    Imported(Box<Summary>),
    /// The engine's message: nothing changed.
    Refused(String),
}

/// Why the share link does not carry this session, when it is an imported cluster too
/// large for a link.
pub fn link_refused(page: &Page, code: &str) -> Option<&'static str> {
    let imported = page.sim.read_untracked(|c| engine::import::split(c.log()).is_some());
    (imported && code.len() > LINK_MAX).then(|| text(page.lang.get_untracked(), Key::LinkTooLarge))
}

/// Puts a file's text in `into`, or the engine's refusal when it is too large to read.
fn read_file(file: web_sys::File, into: RwSignal<String>, stage: RwSignal<Stage>) {
    if let Some(e) = engine::import::too_large(file.size() as usize) {
        stage.set(Stage::Refused(format!("{}: {e}", file.name())));
        return;
    }
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
            Some(t) => {
                into.set(t);
                stage.set(Stage::Idle);
            }
            None => stage.set(Stage::Refused(format!("{}: the file could not be read as text", file.name()))),
        }
    });
}

/// The nodes as kubectl prints a table: a header and columns padded to their widest cell.
fn nodes_table(s: &Summary) -> String {
    let mut rows = vec![["NAME".to_string(), "CPU".into(), "MEMORY".into(), "PODS".into(), "TAINTS".into()]];
    for n in &s.nodes {
        let taints = if n.taints.is_empty() { "<none>".to_string() } else { n.taints.join(",") };
        rows.push([n.name.clone(), n.cpu.clone(), n.memory.clone(), n.pods.clone(), taints]);
    }
    let widths: Vec<usize> = (0..5).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        out.push_str(line.join("   ").trim_end());
        out.push('\n');
    }
    out
}

fn summary_view(s: &Summary, l: crate::i18n::Lang) -> impl IntoView {
    let kinds = s.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ");
    let mut left: Vec<String> = s.left_out.iter().map(|(what, why)| format!("{what}: {why}")).collect();
    if left.is_empty() {
        left.push(text(l, Key::NothingLeftOut).to_string());
    }
    let dropped = (s.secrets_dropped > 0).then(|| format!("{} {}", text(l, Key::SecretValuesDropped), s.secrets_dropped));
    view! {
        <div class="import-report" data-test="import-report">
            <h4>{text(l, Key::Imported)}</h4>
            <p data-test="import-kinds">{kinds}</p>
            <h4>{text(l, Key::ImportedNodes)}</h4>
            <pre class="import-nodes" data-test="import-nodes">{nodes_table(s)}</pre>
            <p>{dropped}</p>
            <h4>{text(l, Key::LeftOut)}</h4>
            <ul class="compose-map" data-test="import-left">{left.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
        </div>
    }
}

#[component]
pub fn ImportPanel(page: Page) -> impl IntoView {
    let lang = page.lang;
    let t = move |k: Key| text(lang.get(), k);
    let dump = RwSignal::new(String::new());
    let drop_secrets = RwSignal::new(true);
    let stage = RwSignal::new(Stage::Idle);
    let assets = Assets::new();
    let sample_asked = RwSignal::new(false);
    // The sample arrives once fetched: put in the text box, then forgotten.
    Effect::new(move |_| {
        if !sample_asked.get() {
            return;
        }
        match assets.get(SAMPLE) {
            Loaded::Loading => {}
            Loaded::Ready(text) => {
                sample_asked.set(false);
                dump.set(text);
                stage.set(Stage::Idle);
            }
            Loaded::Failed(e) => {
                sample_asked.set(false);
                stage.set(Stage::Refused(e));
            }
        }
    });
    let read = move |_| {
        stage.set(match engine::import::read(&dump.get_untracked(), !drop_secrets.get_untracked()) {
            Ok(d) => Stage::Asking(Box::new(d)),
            Err(e) => Stage::Refused(e),
        });
    };
    let replace = move |_| {
        let Stage::Asking(d) = stage.get_untracked() else { return };
        stage.set(match page.import(&d.text) {
            Ok(()) => Stage::Imported(Box::new(d.summary)),
            Err(e) => Stage::Refused(e),
        });
    };
    let opened = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|f| f.get(0)) {
            read_file(file, dump, stage);
        }
        // The same file chosen again is read again.
        if let Some(i) = input {
            i.set_value("");
        }
    };
    let dropped = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            read_file(file, dump, stage);
        }
    };
    view! {
        <details class="compose import" data-test="import" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=dropped>
            <summary>{move || t(Key::ImportCluster)}</summary>
            <KindDownload page=page />
            <p class="hint">{move || t(Key::ImportHint)}</p>
            <div class="import-tools">
                <label class="import-open">
                    {move || t(Key::ImportOpen)}
                    <input type="file" accept=".yaml,.yml,.json,.txt" data-test="import-file" on:change=opened />
                </label>
                <button data-test="import-sample" on:click=move |_| sample_asked.set(true)>{move || t(Key::ImportSample)}</button>
                <label>
                    <input type="checkbox" data-test="import-drop-secrets" prop:checked=move || drop_secrets.get() on:change=move |ev| drop_secrets.set(event_target_checked(&ev)) />
                    {move || t(Key::DropSecretValues)}
                </label>
            </div>
            <textarea class="compose-in import-in" data-test="import-in" aria-label=move || t(Key::ImportCluster) spellcheck="false"
                prop:value=move || dump.get() on:input=move |ev| dump.set(event_target_value(&ev))></textarea>
            <button class="primary" data-test="import-apply" disabled=move || dump.with(|d| d.trim().is_empty()) on:click=read>{move || t(Key::ImportButton)}</button>
            {move || match stage.get() {
                Stage::Idle => ().into_any(),
                Stage::Asking(_) => view! {
                    <div class="import-ask" role="alertdialog" data-test="import-ask">
                        <p>{t(Key::ImportConfirm)}</p>
                        <button class="primary" data-test="import-replace" on:click=replace>{t(Key::ImportReplace)}</button>
                        <button data-test="import-cancel" on:click=move |_| stage.set(Stage::Idle)>{t(Key::ImportCancel)}</button>
                    </div>
                }.into_any(),
                Stage::Imported(s) => summary_view(&s, lang.get()).into_any(),
                Stage::Refused(e) => view! { <pre class="import-error" role="alert" data-test="import-error">{e}</pre> }.into_any(),
            }}
        </details>
    }
}
