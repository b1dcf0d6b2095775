//! The last apply's errors, each with its line and column.

use crate::i18n::{text, Key};
use crate::state::Page;
use leptos::prelude::*;

#[component]
pub fn Diagnostics(page: Page) -> impl IntoView {
    let Page { diagnostics, lang, .. } = page;
    view! {
        <ul class="diagnostics" data-test="diagnostics">
            {move || {
                let list = diagnostics.get();
                let l = lang.get();
                if list.is_empty() {
                    view! { <li class="ok">{text(l, Key::NoErrors)}</li> }.into_any()
                } else {
                    list.into_iter()
                        .map(|d| {
                            view! {
                                <li class="error" data-line=d.span.line.to_string()>
                                    <b>{format!("{} {}:{}", text(l, Key::Line), d.span.line, d.span.col)}</b>
                                    " "
                                    <span>{d.text}</span>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
            }}
        </ul>
    }
}
