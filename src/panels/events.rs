//! The cluster's events, as `kubectl get events -A` prints them (a read: nothing is
//! recorded).

use crate::state::{capped, Page};
use leptos::prelude::*;

#[component]
pub fn Events(page: Page) -> impl IntoView {
    let Page { sim, lang, .. } = page;
    let table = move || {
        let l = lang.get();
        sim.read(|c| capped(c.events_table().text(), l))
    };
    view! { <pre class="table" tabindex="0" data-test="events">{table}</pre> }
}
