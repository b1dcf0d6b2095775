//! The editor's tabs: one per file the console's commands read (`kubectl apply -f
//! spring-pod.yaml`, `docker build .`). A tablist as WAI-ARIA describes it: the open tab is
//! the one Tab reaches, the arrows, Home and End move between tabs; a new file, a rename
//! (F2 or double click) and a close of the open tab (Delete) each have a button. Tabs hold still while
//! a `kubectl edit` is open in the editor.

use crate::i18n::{text, Key};
use crate::state::Page;
use leptos::html;
use leptos::prelude::*;

/// A name being typed: for a new tab, or for tab `i`.
#[derive(Clone, Copy, PartialEq)]
enum Naming {
    New,
    Rename(usize),
}

fn focus_tab(i: usize) {
    if let Ok(Some(el)) = document().query_selector(&format!("[data-test=\"file-tab\"][data-index=\"{i}\"]")) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}

#[component]
pub fn FileTabs(page: Page) -> impl IntoView {
    let Page { tabs, lang, editing, diagnostics, .. } = page;
    let t = move |k: Key| text(lang.get(), k);
    let naming = RwSignal::new(None::<Naming>);
    let problem = RwSignal::new(None::<Key>);
    let input = NodeRef::<html::Input>::new();
    let locked = move || editing.with(Option::is_some);
    let open = move |i: usize| {
        if !locked() {
            tabs.switch(i);
            diagnostics.set(vec![]);
        }
    };
    let start_naming = move |n: Naming| {
        if locked() {
            return;
        }
        problem.set(None);
        naming.set(Some(n));
        request_animation_frame(move || {
            if let Some(i) = input.get_untracked() {
                let _ = i.focus();
                i.select();
            }
        });
    };
    let finish = move |name: String| {
        let done = match naming.get_untracked() {
            Some(Naming::New) => tabs.add(&name),
            Some(Naming::Rename(i)) => tabs.rename(i, &name),
            None => Ok(()),
        };
        match done {
            Ok(()) => {
                naming.set(None);
                problem.set(None);
                let i = tabs.open.get_untracked();
                request_animation_frame(move || focus_tab(i));
            }
            Err(k) => problem.set(Some(k)),
        }
    };
    let close = move |i: usize| {
        if !locked() && tabs.files.with_untracked(Vec::len) > 1 {
            tabs.close(i);
            diagnostics.set(vec![]);
            let i = tabs.open.get_untracked();
            request_animation_frame(move || focus_tab(i));
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent, i: usize| {
        let len = tabs.files.with_untracked(Vec::len);
        let to = match ev.key().as_str() {
            "ArrowRight" => Some((i + 1) % len),
            "ArrowLeft" => Some((i + len - 1) % len),
            "Home" => Some(0),
            "End" => Some(len - 1),
            "F2" => {
                ev.prevent_default();
                start_naming(Naming::Rename(i));
                None
            }
            "Delete" => {
                ev.prevent_default();
                close(i);
                None
            }
            _ => None,
        };
        if let Some(to) = to {
            ev.prevent_default();
            open(to);
            focus_tab(to);
        }
    };
    let tab_list = move || {
        let current = tabs.open.get();
        tabs.files
            .with(|f| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>())
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                let selected = i == current;
                view! {
                    <button
                        role="tab"
                        class="file-tab"
                        class:open=selected
                        id=format!("file-tab-{i}")
                        data-test="file-tab"
                        data-index=i.to_string()
                        data-name=name.clone()
                        aria-selected=selected.to_string()
                        aria-controls="file-panel"
                        tabindex=if selected { "0" } else { "-1" }
                        aria-disabled=move || locked().to_string()
                        on:click=move |_| open(i)
                        on:dblclick=move |_| start_naming(Naming::Rename(i))
                        on:keydown=move |ev| on_key(ev, i)
                    >
                        {name.clone()}
                    </button>
                }
            })
            .collect_view()
    };
    let editor_name = move || {
        naming.get().map(|n| {
            let value = match n {
                Naming::New => "new.yaml".to_string(),
                Naming::Rename(i) => tabs.files.with_untracked(|f| f.get(i).map(|(n, _)| n.clone()).unwrap_or_default()),
            };
            let label = if n == Naming::New { t(Key::NewTab) } else { t(Key::RenameTab) };
            view! {
                <span class="file-tab-name">
                    <input
                        node_ref=input
                        data-test="file-tab-name"
                        aria-label=label
                        aria-invalid=move || problem.with(Option::is_some).to_string()
                        aria-describedby="file-tab-problem"
                        prop:value=value
                        spellcheck="false"
                        autocomplete="off"
                        on:keydown=move |ev| match ev.key().as_str() {
                            "Enter" => {
                                ev.prevent_default();
                                finish(event_target_value(&ev));
                            }
                            "Escape" => {
                                ev.prevent_default();
                                naming.set(None);
                                problem.set(None);
                                let i = tabs.open.get_untracked();
                                request_animation_frame(move || focus_tab(i));
                            }
                            _ => {}
                        }
                    />
                    <button data-test="file-tab-ok" on:click=move |_| {
                        if let Some(i) = input.get_untracked() {
                            finish(i.value());
                        }
                    }>"OK"</button>
                </span>
            }
        })
    };
    view! {
        <div class="file-tabs">
            <div role="tablist" aria-label=move || t(Key::FilesLabel) data-test="file-tabs">{tab_list}</div>
            {editor_name}
            <button class="file-tab-add" data-test="file-tab-add" disabled=locked aria-label=move || t(Key::NewTab) title=move || t(Key::NewTab) on:click=move |_| start_naming(Naming::New)>
                "+"
            </button>
            <button data-test="file-tab-rename" disabled=locked title="F2" on:click=move |_| start_naming(Naming::Rename(tabs.open.get_untracked()))>
                {move || t(Key::RenameTab)}
            </button>
            // Outside the tablist (a tablist holds tabs only), for the open tab.
            <button
                data-test="file-tab-close"
                title="Delete"
                disabled=move || locked() || tabs.files.with(Vec::len) < 2
                on:click=move |_| close(tabs.open.get_untracked())
            >
                {move || format!("{} {}", t(Key::CloseTab), tabs.open_name())}
            </button>
        </div>
        <p class="hint error" id="file-tab-problem" role="alert" data-test="file-tab-problem">{move || problem.get().map(t)}</p>
    }
}
