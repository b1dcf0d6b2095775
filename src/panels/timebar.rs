//! The clock's controls above the drawing: play or pause, the next event, the speed, the
//! simulated time, the command the last button stood for, the timeline (`Scrubber`), and
//! the catch-up bar.

use crate::i18n::Key;
use crate::panels::scrubber::{drawn_memo, Scrubber, TimelineButtons};
use crate::state::Page;
use crate::ticker::Ticker;
use leptos::prelude::*;

#[component]
pub fn TimeBar(page: Page, ticker: Ticker) -> impl IntoView {
    let sim = page.sim;
    let (playing, speed) = (ticker.playing, ticker.speed);
    let d = drawn_memo(page);
    let t = move |k: Key| page.t(k);
    let stamp = move || {
        sim.second.track();
        sim.read(|c| engine::time::rfc3339(c.now()).replace('T', " ").replace('Z', ""))
    };
    // The time of day only: the date is in the tooltip, and the row keeps room for the timeline.
    let clock = move || stamp().split_once(' ').map(|(_, time)| time.to_string()).unwrap_or_default();
    let elapsed = move || {
        sim.second.track();
        sim.read(|c| engine::time::go_duration(c.now() / 1000 * 1000))
    };
    view! {
        <div class="timebar">
            <button data-test="play" on:click=move |_| playing.update(|p| *p = !*p)>{move || if playing.get() { t(Key::Pause) } else { t(Key::Play) }}</button>
            <button
                data-test="step"
                on:click=move |_| {
                    // Rewound, the next event is the recorded one; else the next wake-up.
                    if sim.is_rewound() {
                        sim.step_forward();
                    } else {
                        sim.run("step");
                    }
                }
            >
                {move || t(Key::Step)}
            </button>
            <TimelineButtons page=page d=d />
            <label>
                {move || t(Key::Speed)}
                // Follows the clock's speed: Compare draws a second time bar on the same clock.
                <select data-test="speed" on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(1))>
                    {[1u32, 2, 5, 10, 30, 100].into_iter().map(|s| view! { <option value=s.to_string() selected=s == 1 prop:selected=move || speed.get() == s>{format!("{s}×")}</option> }).collect_view()}
                </select>
            </label>
            <span class="clock" data-test="clock" title=move || format!("{}: {}", t(Key::Time), stamp())>
                {clock}
                " (+"
                <span data-test="elapsed">{elapsed}</span>
                ")"
            </span>
            // In the clock's row, so the timeline takes no height from the drawing.
            <Scrubber page=page d=d />
            <code class="last-command" data-test="last-command">{move || page.last.0.get()}</code>
        </div>
        {move || {
            ticker.behind.get().map(|(owed, most)| {
                view! {
                    <div class="catchup" data-test="catchup">
                        <span>{t(Key::CatchingUp)} " " {engine::time::go_duration(owed / 1000 * 1000)}</span>
                        <progress max=most.to_string() value=(most - owed).to_string()></progress>
                        <button data-test="cancel" on:click=move |_| ticker.cancel()>{t(Key::Cancel)}</button>
                    </div>
                }
            })
        }}
    }
}
