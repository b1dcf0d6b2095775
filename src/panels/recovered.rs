//! What the page says after it reloaded from a panic: what happened, what was restored,
//! and the input that failed, to report. Everything is text, never markup: the input is
//! the user's.

use crate::i18n::{text, Key};
use crate::state::Page;
use leptos::prelude::*;

#[component]
pub fn Recovered(page: Page) -> impl IntoView {
    let Page { recovered, lang, .. } = page;
    move || {
        let r = recovered.get()?;
        let l = lang.get();
        let restored = if r.fresh { text(l, Key::RecoveredFresh) } else { text(l, Key::RecoveredRestored) };
        let input = if r.input.is_empty() { None } else { Some(r.input) };
        Some(view! {
            <div class="recovered" role="alert" data-test="recovered">
                <p>
                    <b>{text(l, Key::RecoveredTitle)}</b>
                    " "
                    {restored}
                </p>
                {match input {
                    Some(input) => {
                        view! {
                            <p>{text(l, Key::RecoveredInput)}</p>
                            <pre data-test="recovered-input">{input}</pre>
                        }
                            .into_any()
                    }
                    None => view! { <p>{text(l, Key::RecoveredNoInput)}</p> }.into_any(),
                }}
                <details>
                    <summary>{text(l, Key::RecoveredMessage)}</summary>
                    <pre data-test="recovered-message">{r.message}</pre>
                </details>
                <button data-test="recovered-close" on:click=move |_| recovered.set(None)>{text(l, Key::Close)}</button>
            </div>
        })
    }
}
