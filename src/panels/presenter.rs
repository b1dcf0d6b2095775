//! The presenter view: the teacher's own window (the page opened at `#presenter`, from
//! the lesson panel's button) beside the projected one. It shows the step the projected
//! window shows, that step's presenter notes (which the projected window never draws),
//! the next step's title and the time since the lesson opened; its Back / Run / Next
//! buttons and its keys drive the projected window over the lesson panel's channel. It
//! holds no cluster: the lesson's text comes with each message.

use super::lesson::{prose, Channel};
use crate::i18n::{text, Key, Lang};
use leptos::prelude::*;

/// Where the projected window is, as its last message said.
#[derive(Clone, Debug, Default, PartialEq)]
struct Shown {
    step: usize,
    ran: usize,
    opened_at: f64,
    lang: String,
    text: String,
}

/// A `state` message (`Channel::state`): `Some(None)` when no lesson is open there.
fn parse_state(m: &str) -> Option<Option<Shown>> {
    let rest = m.strip_prefix("state")?;
    if rest.is_empty() {
        return Some(None);
    }
    let mut parts = rest.strip_prefix('\n')?.splitn(5, '\n');
    Some(Some(Shown {
        step: parts.next()?.parse().ok()?,
        ran: parts.next()?.parse().ok()?,
        opened_at: parts.next()?.parse().ok()?,
        lang: parts.next()?.to_string(),
        text: parts.next().unwrap_or("").to_string(),
    }))
}

/// `m:ss`, or `h:mm:ss` from an hour on.
fn clock(ms: f64) -> String {
    let s = (ms / 1000.0).max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[component]
pub fn PresenterView() -> impl IntoView {
    let shown = RwSignal::new(None::<Shown>);
    let now = RwSignal::new(js_sys::Date::now());
    set_interval(move || now.set(js_sys::Date::now()), std::time::Duration::from_millis(500));
    let channel: StoredValue<Option<Channel>, LocalStorage> = StoredValue::new_local(Channel::open(move |m| {
        if let Some(s) = parse_state(&m) {
            shown.set(s);
        }
    }));
    let send = move |m: &str| {
        channel.with_value(|c| {
            if let Some(c) = c {
                c.send(m);
            }
        })
    };
    send("hello");
    let keys = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        // As in the projected window: the arrows always move, and Space on a control the
        // keyboard reached is the control's.
        let m = match ev.key().as_str() {
            "ArrowRight" | "PageDown" => "next",
            "ArrowLeft" | "PageUp" => "back",
            " " if !super::lesson::keyboard_focus(&ev) => "play",
            _ => return,
        };
        ev.prevent_default();
        send(m);
    });
    on_cleanup(move || keys.remove());
    let lang = move || {
        shown.with(|s| s.as_ref().map(|s| Lang::from_code(&s.lang))).unwrap_or_else(|| Lang::from_code(&crate::storage::browser_lang()))
    };
    let t = move |k: Key| text(lang(), k);
    let body = move || {
        let Some(s) = shown.get() else {
            return view! { <p class="hint" data-test="presenter-waiting">{t(Key::PresenterWaiting)}</p> }.into_any();
        };
        let Ok(l) = engine::lesson::parse(&s.text) else {
            return view! { <p class="hint" data-test="presenter-waiting">{t(Key::PresenterWaiting)}</p> }.into_any();
        };
        let total = l.steps.len();
        let k = s.step.min(total.saturating_sub(1));
        let Some(step) = l.steps.get(k).cloned() else { return ().into_any() };
        let next = l.steps.get(k + 1).map(|n| n.title.clone());
        let notes = if step.notes.is_empty() {
            view! { <p class="hint">{t(Key::PresenterNoNotes)}</p> }.into_any()
        } else {
            prose(&step.notes).into_any()
        };
        let ran_here = s.ran > k;
        view! {
            <p class="lesson-title">{l.title.clone()}</p>
            <p class="step-count" data-test="presenter-count">{t(Key::StepOf)} " " {k + 1} " / " {total}</p>
            <h2 class="step-title" data-test="presenter-step">{step.title.clone()}</h2>
            <section class="presenter-notes" data-test="presenter-notes" aria-label=t(Key::PresenterNotes)>
                <h3>{t(Key::PresenterNotes)}</h3>
                {notes}
            </section>
            <div class="step-text">{prose(&step.text)}</div>
            <section class="presenter-next">
                <h3>{t(Key::PresenterNextStep)}</h3>
                <p data-test="presenter-next-step">{next.unwrap_or_else(|| t(Key::PresenterLastStep).to_string())}</p>
            </section>
            <div class="row">
                <button data-test="presenter-back" aria-keyshortcuts="ArrowLeft" disabled={k == 0} on:click=move |_| send("back")>{t(Key::Back)}</button>
                <button class="primary" data-test="presenter-run" on:click=move |_| send("run")>
                    {if ran_here { t(Key::Rerun) } else { t(Key::RunStep) }}
                </button>
                <button data-test="presenter-next" aria-keyshortcuts="ArrowRight" disabled={k + 1 >= total} on:click=move |_| send("next")>{t(Key::Next)}</button>
            </div>
        }
        .into_any()
    };
    let elapsed = move || shown.with(|s| s.as_ref().map(|s| clock(now.get() - s.opened_at))).unwrap_or_default();
    view! {
        <main class="presenter" data-test="presenter">
            <header class="row">
                <h1>{move || t(Key::PresenterView)}</h1>
                <span class="presenter-elapsed" data-test="presenter-elapsed">{move || t(Key::PresenterElapsed)} " " {elapsed}</span>
            </header>
            {body}
        </main>
    }
}
