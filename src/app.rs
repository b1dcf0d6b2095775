//! The page: its panels, composed. State and the cluster's door are in `crate::state`;
//! each panel is a module of `crate::panels`.
//!
//! On a wide screen the page is one screen high: the manifests on the left, the drawing
//! in the middle with the events under it, the details on the right, each column
//! scrolling by itself, so opening a lab, docker build or the autoscaling panel never
//! moves the drawing. Either side column and the events fold away to give the drawing
//! the room (a projector's 1280×720 has little).

use crate::i18n::Key;
use crate::panels::autoscale::AutoscalePanel;
use crate::panels::cluster_view::ClusterView;
use crate::panels::compare::ComparePanel;
use crate::panels::console::Console;
use crate::panels::details::Details;
use crate::panels::events::Events;
use crate::panels::header::Header;
use crate::panels::legend::Legend;
use crate::panels::lesson::LessonPanel;
use crate::panels::manifests::Manifests;
use crate::panels::recovered::Recovered;
use crate::panels::tables::Tables;
use crate::panels::timebar::TimeBar;
use crate::state::{self, Page};
use crate::ticker::Ticker;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let page = Page::load();
    // After a panic the clock waits, so the restored cluster can be looked at first.
    let ticker = Ticker::new(page.recovered.get_untracked().is_none());
    ticker.run(page.sim, page.traffic);
    set_timeout(state::warm_up, std::time::Duration::from_millis(300));
    let tab = RwSignal::new("events");
    let folded_left = RwSignal::new(false);
    let folded_right = RwSignal::new(false);
    let folded_bottom = RwSignal::new(false);
    let t = move |k: Key| page.t(k);
    let show = move |name: &'static str| {
        tab.set(name);
        folded_bottom.set(false);
    };
    let fold = move |folded: RwSignal<bool>, label: Key, test: &'static str, marks: (&'static str, &'static str)| {
        view! {
            <button
                class="fold"
                data-test=test
                aria-expanded=move || (!folded.get()).to_string()
                title=move || if folded.get() { t(label) } else { t(Key::HideColumn) }
                on:click=move |_| folded.update(|f| *f = !*f)
            >
                <span class="fold-mark">{move || if folded.get() { marks.1 } else { marks.0 }}</span>
                <span class="fold-label">{move || t(label)}</span>
            </button>
        }
    };
    view! {
        <div class="page" class:projector=move || page.projector.get() class:comparing=move || page.compare.with(Option::is_some)>
        <Header page=page />
        <Recovered page=page />
        <main class="layout" class:fold-left=folded_left class:fold-right=folded_right>
            <div class="column left" class:folded=folded_left>
                {fold(folded_left, Key::Manifests, "fold-left", ("«", "»"))}
                <LessonPanel page=page ticker=ticker />
                <Manifests page=page />
            </div>
            <div class="column center">
                <section class="cluster-panel">
                    <TimeBar page=page ticker=ticker />
                    <ClusterView page=page />
                </section>
                <section class="bottom" class:folded=folded_bottom>
                    <div class="tabs">
                        <button data-test="events-tab" class:active=move || tab.get() == "events" on:click=move |_| show("events")>{move || t(Key::Events)}</button>
                        <button data-test="tables-tab" class:active=move || tab.get() == "tables" on:click=move |_| show("tables")>{move || t(Key::Tables)}</button>
                        <button data-test="console-tab" class:active=move || tab.get() == "console" on:click=move |_| show("console")>{move || t(Key::Console)}</button>
                        <button class="fold-bottom" data-test="fold-bottom" class:hidden=folded_bottom on:click=move |_| folded_bottom.set(true)>{move || t(Key::HideBottom)}</button>
                    </div>
                    <div class="tab-body" tabindex="0">
                        {move || match tab.get() {
                            "events" => view! { <Events page=page /> }.into_any(),
                            "tables" => view! { <Tables page=page /> }.into_any(),
                            _ => view! { <Console page=page /> }.into_any(),
                        }}
                    </div>
                </section>
            </div>
            <div class="column right" class:folded=folded_right>
                {fold(folded_right, Key::Details, "fold-right", ("»", "«"))}
                <aside class="side-panel">
                    <Details page=page />
                    <AutoscalePanel page=page />
                    <Legend page=page />
                    <p class="simplified">{move || t(Key::Simplified)}</p>
                </aside>
            </div>
        </main>
        <ComparePanel page=page ticker=ticker />
        </div>
    }
}
