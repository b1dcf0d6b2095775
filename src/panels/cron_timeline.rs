//! A CronJob's recent runs drawn on a time axis inside its box: a bar per Job from its
//! scheduled minute as long as it took (green done, red failed, blue running), a hollow
//! mark per slot it let pass (Forbid, or past its deadline), a dashed tick at the next
//! run, and the axis' ends as clock times beside it. Each mark's title says what it was.

use super::stage::{text_width, SUB_FONT};
use super::workload_box::Timeline;
use leptos::prelude::*;

/// The axis' height in the box: one line, the clock times at its ends.
pub const HEIGHT: f64 = 26.0;

/// A bar never thinner than this, so a Job of a few seconds still shows.
const MIN_BAR: f64 = 6.0;

pub fn draw(t: &Timeline, x0: f64, top: f64, w0: f64) -> AnyView {
    let axis_y = top + 14.0;
    // The clock times sit at the axis' ends, on its line.
    let clock_w = text_width(&t.from, SUB_FONT).max(text_width(&t.to, SUB_FONT)) + 6.0;
    let (x, w) = (x0 + clock_w, (w0 - 2.0 * clock_w).max(40.0));
    let marks = t
        .marks
        .iter()
        .map(|m| {
            let mx = x + m.at * w;
            let shape = match m.class {
                "next" => view! {
                    <line class="run-next" x1=mx.to_string() y1=(axis_y - 12.0).to_string() x2=mx.to_string() y2=(axis_y + 8.0).to_string()></line>
                }
                .into_any(),
                "forbidden" | "missed" => view! {
                    <circle class=format!("run-passed {}", m.class) cx=mx.to_string() cy=(axis_y - 2.0).to_string() r="5"></circle>
                }
                .into_any(),
                class => view! {
                    <rect class=format!("run-bar {class}") x=mx.to_string() y=(axis_y - 8.0).to_string()
                        width=(m.width * w).max(MIN_BAR).to_string() height="12" rx="3"></rect>
                }
                .into_any(),
            };
            view! {
                <g class="run" data-test="run" data-class=m.class data-label=m.label.clone()>
                    <title>{m.label.clone()}</title>
                    {shape}
                </g>
            }
        })
        .collect_view();
    view! {
        <g class="cron-timeline" data-test="cron-timeline">
            <line class="run-axis" x1=x.to_string() y1=(axis_y + 4.0).to_string() x2=(x + w).to_string() y2=(axis_y + 4.0).to_string()></line>
            {marks}
            <text class="label run-clock" font-size=SUB_FONT.to_string() x=x0.to_string() y=(axis_y + 5.0).to_string()>{t.from.clone()}</text>
            <text class="label run-clock" font-size=SUB_FONT.to_string() text-anchor="end" x=(x0 + w0).to_string() y=(axis_y + 5.0).to_string()>{t.to.clone()}</text>
        </g>
    }
    .into_any()
}
