//! The page: its panels, composed. State and the cluster's door are in `crate::state`;
//! each panel is a module of `crate::panels`.

use crate::i18n::Key;
use crate::panels::autoscale::AutoscalePanel;
use crate::panels::cluster_view::ClusterView;
use crate::panels::console::Console;
use crate::panels::details::Details;
use crate::panels::events::Events;
use crate::panels::header::Header;
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
    let t = move |k: Key| page.t(k);
    view! {
        <Header page=page />
        <Recovered page=page />
        <main class="layout">
            <Manifests page=page />
            <section class="cluster-panel">
                <TimeBar page=page ticker=ticker />
                <ClusterView page=page />
                <p class="simplified">{move || t(Key::Simplified)}</p>
            </section>
            <aside class="side-panel">
                <Details page=page />
                <AutoscalePanel page=page />
            </aside>
        </main>
        <section class="bottom">
            <div class="tabs">
                <button data-test="events-tab" class:active=move || tab.get() == "events" on:click=move |_| tab.set("events")>{move || t(Key::Events)}</button>
                <button data-test="tables-tab" class:active=move || tab.get() == "tables" on:click=move |_| tab.set("tables")>{move || t(Key::Tables)}</button>
                <button data-test="console-tab" class:active=move || tab.get() == "console" on:click=move |_| tab.set("console")>{move || t(Key::Console)}</button>
            </div>
            {move || match tab.get() {
                "events" => view! { <Events page=page /> }.into_any(),
                "tables" => view! { <Tables page=page /> }.into_any(),
                _ => view! { <Console page=page /> }.into_any(),
            }}
        </section>
    }
}
