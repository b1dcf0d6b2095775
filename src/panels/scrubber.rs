//! The timeline: a thin bar in the clock's row, beside its buttons (so the drawing keeps
//! its height), with every event of the session as a tick (what a user did coloured by
//! kind, kills red; the cluster's own events short, Warnings orange), the marks as flags
//! on it, and the moment shown. A click or a drag on the bar rewinds to
//! that instant, a tick to just before its event; "◀ one event" steps back; Play then
//! follows what was recorded, and a new change discards it.

use crate::i18n::Key;
use crate::state::Page;
use engine::time::Millis;
use engine::timeline::{EventKind, Moment, Timeline};
use leptos::prelude::*;

/// Columns the cluster's own events are gathered into: one short tick each.
const COLUMNS: usize = 400;

/// A user's action as drawn: where (percent), its kind, its words, the moment before it.
#[derive(Clone, PartialEq)]
struct Tick {
    x: f64,
    kind: EventKind,
    label: String,
    before: Moment,
}

/// Everything the bar draws, taken from the timeline at once.
#[derive(Clone, PartialEq, Default)]
pub struct Drawn {
    from: Millis,
    to: Millis,
    cursor: f64,
    rewound: bool,
    ticks: Vec<Tick>,
    normal: String,
    warning: String,
    marks: Vec<(f64, Moment)>,
    shown: Millis,
}

fn kind_name(k: EventKind) -> &'static str {
    match k {
        EventKind::Change => "change",
        EventKind::Kill => "kill",
        EventKind::Restore => "restore",
        EventKind::Normal => "normal",
        EventKind::Warning => "warning",
    }
}

fn drawn(t: &Timeline) -> Drawn {
    let (from, to) = (t.instant(t.first()), t.instant(t.end()).max(t.cluster().now()));
    let span = (to - from).max(1) as f64;
    let x = |at: Millis| (at.saturating_sub(from)) as f64 / span * 100.0;
    let mut columns = [[false; 2]; COLUMNS];
    let mut ticks = vec![];
    for e in t.events() {
        match e.kind {
            EventKind::Normal | EventKind::Warning => {
                let c = ((x(e.at) / 100.0 * COLUMNS as f64) as usize).min(COLUMNS - 1);
                columns[c][usize::from(e.kind == EventKind::Warning)] = true;
            }
            kind => ticks.push(Tick { x: x(e.at), kind, label: e.label, before: e.before }),
        }
    }
    let path = |w: usize| -> String { columns.iter().enumerate().filter(|(_, c)| c[w]).map(|(i, _)| format!("M{}.5 0v10", i)).collect() };
    Drawn {
        from,
        to,
        cursor: x(t.cluster().now()),
        rewound: t.is_rewound(),
        ticks,
        normal: path(0),
        warning: path(1),
        marks: t.marks().iter().map(|m| (x(t.instant(*m)), *m)).collect(),
        shown: t.cluster().now().saturating_sub(from),
    }
}

/// The instant under the mouse on the bar.
fn instant_at(ev: &web_sys::MouseEvent, d: &Drawn) -> Option<Millis> {
    let el: web_sys::Element = wasm_bindgen::JsCast::dyn_into(ev.current_target()?).ok()?;
    let r = el.get_bounding_client_rect();
    let frac = ((f64::from(ev.client_x()) - r.left()) / r.width().max(1.0)).clamp(0.0, 1.0);
    Some(d.from + (frac * (d.to - d.from) as f64).round() as Millis)
}

/// The timeline as drawn, following the cluster: shared by the buttons and the bar.
pub fn drawn_memo(page: Page) -> Memo<Drawn> {
    let sim = page.sim;
    Memo::new(move |_| {
        sim.second.track();
        sim.timeline(drawn)
    })
}

/// The buttons, in the clock's row: one event back, mark, back to now.
#[component]
pub fn TimelineButtons(page: Page, d: Memo<Drawn>) -> impl IntoView {
    let sim = page.sim;
    let t = move |k: Key| page.t(k);
    view! {
        <button data-test="step-back" title=move || t(Key::StepBackHint) on:click=move |_| sim.step_back()>
            {move || t(Key::StepBack)}
        </button>
        <button class="glyph" data-test="mark" title=move || t(Key::AddMark) aria-label=move || t(Key::AddMark) on:click=move |_| sim.mark()>
            "⚑"
        </button>
        <button
            class="glyph"
            data-test="to-now"
            title=move || t(Key::ToNow)
            aria-label=move || t(Key::ToNow)
            disabled=move || !d.get().rewound
            on:click=move |_| sim.go_to_end()
        >
            "▶▶"
        </button>
    }
}

/// The bar itself, in the clock's row (between the clock and the last command).
#[component]
pub fn Scrubber(page: Page, d: Memo<Drawn>) -> impl IntoView {
    let sim = page.sim;
    let t = move |k: Key| page.t(k);
    let dragging = RwSignal::new(false);
    let seek = move |ev: &web_sys::MouseEvent| {
        if let Some(at) = instant_at(ev, &d.get_untracked()) {
            sim.rewind_to_instant(at);
        }
    };
    let ticks = move || {
        d.get()
            .ticks
            .into_iter()
            .map(|tick| {
                let before = tick.before;
                view! {
                    <button
                        class=format!("tick {}", kind_name(tick.kind))
                        data-test="tick"
                        data-kind=kind_name(tick.kind)
                        style=format!("left:{:.3}%", tick.x)
                        title=tick.label.clone()
                        aria-label=tick.label
                        on:mousedown=|ev| ev.stop_propagation()
                        on:click=move |ev| {
                            ev.stop_propagation();
                            sim.rewind_to(before);
                        }
                    ></button>
                }
            })
            .collect_view()
    };
    let marks = move || {
        d.get()
            .marks
            .into_iter()
            .map(|(x, m)| {
                view! {
                    <button
                        class="mark-flag"
                        data-test="mark-flag"
                        style=format!("left:{x:.3}%")
                        title=move || t(Key::JumpToMark)
                        on:mousedown=|ev| ev.stop_propagation()
                        on:click=move |ev| {
                            ev.stop_propagation();
                            sim.rewind_to(m);
                        }
                    >
                        "⚑"
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="timeline" data-test="timeline" class:rewound=move || d.get().rewound>
            <div
                class="track"
                data-test="scrubber"
                title=move || t(Key::TimelineHint)
                on:mousedown=move |ev| {
                    dragging.set(true);
                    seek(&ev);
                }
                on:mousemove=move |ev| {
                    if dragging.get_untracked() && ev.buttons() & 1 == 1 {
                        seek(&ev);
                    }
                }
                on:mouseup=move |_| dragging.set(false)
                on:mouseleave=move |_| dragging.set(false)
            >
                <svg class="cluster-events" viewBox=format!("0 0 {COLUMNS} 10") preserveAspectRatio="none" aria-hidden="true">
                    <path class="normal" d=move || d.get().normal vector-effect="non-scaling-stroke" />
                    <path class="warning" d=move || d.get().warning vector-effect="non-scaling-stroke" />
                </svg>
                <div class="future" style=move || format!("left:{:.3}%", d.get().cursor)></div>
                {ticks}
                {marks}
                <div class="cursor" data-test="cursor" style=move || format!("left:{:.3}%", d.get().cursor)></div>
                <span class="where" data-test="timeline-where">
                    {move || {
                        let d = d.get();
                        if d.rewound {
                            let at = engine::time::go_duration(d.shown / 1000 * 1000);
                            format!("{} {at} / {}", t(Key::Rewound), engine::time::go_duration((d.to - d.from) / 1000 * 1000))
                        } else {
                            String::new()
                        }
                    }}
                </span>
            </div>
        </div>
    }
}
