//! A Service's requests per pod to compare, one column per way kube-proxy spread them
//! (iptables, IPVS, ClientIP affinity) since the last Reset; a pod that is gone stays,
//! greyed out, with what it answered.

use crate::i18n::{text, Key};
use crate::state::Page;
use engine::view::ServiceTraffic;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Rows drawn at most: a Deployment of a thousand replicas would otherwise redraw a
/// thousand rows for every request sent; the totals still count every pod.
const ROWS_SHOWN: usize = 40;

/// `now` minus what was counted at the last reset, keeping the columns and rows that
/// have something (and every live pod).
fn since(now: ServiceTraffic, base: Option<&ServiceTraffic>) -> ServiceTraffic {
    let base_rows: BTreeMap<&str, &[u64]> =
        base.map(|b| b.rows.iter().map(|r| (r.pod.as_str(), r.counts.as_slice())).collect()).unwrap_or_default();
    let before = |spread: &str, pod: &str| -> u64 {
        base.and_then(|b| {
            let i = b.spreads.iter().position(|s| *s == spread)?;
            base_rows.get(pod).map(|counts| counts[i])
        })
        .unwrap_or(0)
    };
    let mut rows = now.rows;
    for r in &mut rows {
        for (i, spread) in now.spreads.iter().enumerate() {
            r.counts[i] = r.counts[i].saturating_sub(before(spread, &r.pod));
        }
    }
    let kept: Vec<usize> = (0..now.spreads.len()).filter(|&i| rows.iter().any(|r| r.counts[i] > 0)).collect();
    let spreads = kept.iter().map(|&i| now.spreads[i]).collect();
    let rows = rows
        .into_iter()
        .map(|mut r| {
            r.counts = kept.iter().map(|&i| r.counts[i]).collect();
            r
        })
        .filter(|r| r.alive || r.counts.iter().any(|n| *n > 0))
        .collect();
    ServiceTraffic { spreads, rows }
}

pub fn table(page: Page, service: String) -> impl IntoView {
    let Page { sim, traffic, lang, .. } = page;
    let name = service.clone();
    let reset = move |_| {
        let now = sim.read_untracked(|c| engine::view::service_traffic(c, "default", &name));
        traffic.baseline.update(|b| {
            b.insert(name.clone(), now);
        });
    };
    let body = move || {
        traffic.served.track();
        sim.version.track();
        let l = lang.get();
        let now = sim.read(|c| engine::view::service_traffic(c, "default", &service));
        let t = traffic.baseline.with(|b| since(now, b.get(&service)));
        let totals = t.totals();
        let hidden = t.rows.len().saturating_sub(ROWS_SHOWN);
        let width = (t.spreads.len() + 1).to_string();
        view! {
            <table class="traffic-table" data-test="traffic-table">
                <thead>
                    <tr>
                        <th scope="col">{text(l, Key::LabPod)}</th>
                        {t.spreads.iter().map(|s| view! { <th scope="col" data-test="spread">{*s}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {t
                        .rows
                        .into_iter()
                        .take(ROWS_SHOWN)
                        .map(|r| {
                            let pod = r.pod.clone();
                            view! {
                                <tr class:gone=!r.alive data-test="traffic-row" data-pod=pod data-alive=r.alive.to_string()>
                                    <th scope="row">{r.pod}</th>
                                    {r.counts.into_iter().map(|n| view! { <td>{n.to_string()}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                    {(hidden > 0).then(|| view! { <tr class="more" data-test="traffic-more"><td colspan=width>{text(l, Key::MorePods).replace("{n}", &hidden.to_string())}</td></tr> })}
                    <tr class="total">
                        <th scope="row">{text(l, Key::Total)}</th>
                        {totals.into_iter().map(|n| view! { <td data-test="spread-total">{n.to_string()}</td> }).collect_view()}
                    </tr>
                </tbody>
            </table>
        }
    };
    view! {
        <div class="row">
            <h3>{move || text(lang.get(), Key::Compare)}</h3>
            <button data-test="traffic-reset" on:click=reset>{move || text(lang.get(), Key::ResetCounts)}</button>
        </div>
        {body}
    }
}
