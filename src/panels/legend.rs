//! The drawing's legend: every pod colour with its glyph, the outlines and the Service
//! lines, in the reader's language. The swatches use the drawing's own classes, so the
//! legend cannot disagree with what it explains.

use crate::i18n::{text, Key};
use crate::state::Page;
use engine::view::Look;
use leptos::prelude::*;

const LOOKS: [(Look, Key); 9] = [
    (Look::Running, Key::LookRunning),
    (Look::Creating, Key::LookCreating),
    (Look::Pending, Key::LookPending),
    (Look::NotReady, Key::LookNotReady),
    (Look::PullError, Key::LookPullError),
    (Look::Crash, Key::LookCrash),
    (Look::Failed, Key::LookFailed),
    (Look::Terminating, Key::LookTerminating),
    (Look::Completed, Key::LookCompleted),
];

/// The large cluster's tiles, shown while it is drawn a tile per node.
const TILES: [(&str, Key); 5] = [
    ("tile-running", Key::TileRunning),
    ("tile-busy", Key::TileBusy),
    ("tile-empty", Key::TileEmpty),
    ("tile-failing", Key::TileFailing),
    ("tile-down", Key::TileDown),
];

/// A small drawing in the legend, 28×20.
fn swatch(inner: impl IntoView) -> impl IntoView {
    view! { <svg class="swatch" viewBox="0 0 28 20" width="28" height="20" aria-hidden="true">{inner}</svg> }
}

#[component]
pub fn Legend(page: Page) -> impl IntoView {
    let Page { lang, sim, .. } = page;
    let items = move || {
        let l = lang.get();
        let tiles = sim.read(|c| engine::view::is_large(c)).then(|| {
            TILES
                .iter()
                .map(|(class, key)| {
                    view! {
                        <li data-test="legend-tile">
                            {swatch(view! { <rect class=format!("tile {class}") x="4" y="2" width="16" height="16"></rect> })}
                            {text(l, *key)}
                        </li>
                    }
                })
                .collect_view()
        });
        let looks = LOOKS
            .iter()
            .map(|(look, key)| {
                view! {
                    <li data-test="legend-look" data-look=look.class()>
                        {swatch(view! {
                            <g class=format!("pod {}", look.class())>
                                <rect x="1" y="1" width="26" height="18" rx="4"></rect>
                                <text class="glyph" x="14" y="15" font-size="14">{look.glyph()}</text>
                            </g>
                        })}
                        {text(l, *key)}
                    </li>
                }
            })
            .collect_view();
        view! {
            {tiles}
            {looks}
            <li>{swatch(view! { <g class="pod owned running" style="--owner: #1d4ed8"><rect x="2" y="2" width="24" height="16" rx="4"></rect></g> })}{text(l, Key::LegendOwner)}</li>
            <li>{swatch(view! { <g class="pod running selected"><rect x="2" y="2" width="24" height="16" rx="4"></rect></g> })}{text(l, Key::LegendSelected)}</li>
            <li>{swatch(view! { <line class="svc-line" x1="0" y1="10" x2="28" y2="10"></line> })}{text(l, Key::LegendReadyLine)}</li>
            <li>{swatch(view! { <line class="svc-line unready" x1="0" y1="10" x2="28" y2="10"></line> })}{text(l, Key::LegendUnreadyLine)}</li>
            <li>{swatch(view! { <line class="config-line" x1="0" y1="10" x2="28" y2="10"></line> })}{text(l, Key::LegendConfigLine)}</li>
            <li>{swatch(view! { <line class="config-line blocked" x1="0" y1="10" x2="28" y2="10"></line> })}{text(l, Key::LegendBlockedLine)}</li>
            <li>{swatch(view! { <g class="node notready"><rect class="node-box" x="2" y="2" width="24" height="16" rx="3"></rect></g> })}{text(l, Key::LegendNodeDown)}</li>
            <li><b class="restart-key">"↻n"</b>" "{text(l, Key::LegendRestarts)}</li>
            {super::network_box::legend(l)}
        }
    };
    view! {
        <details class="legend-panel" data-test="legend" open=true>
            <summary>{move || text(lang.get(), Key::Legend)}</summary>
            <ul class="legend-items">{items}</ul>
        </details>
    }
}
