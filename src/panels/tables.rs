//! `kubectl get` of the cluster's workloads, Services and nodes (reads: nothing is
//! recorded).

use crate::state::{capped, Page};
use leptos::prelude::*;

#[component]
pub fn Tables(page: Page) -> impl IntoView {
    let Page { sim, lang, .. } = page;
    let tables = move || {
        let l = lang.get();
        sim.read(|c| {
            // A large cluster's pod and endpoint lists are too long to redraw: the console has them.
            let commands: &[&str] = if engine::view::is_large(c) {
                &["get deployments", "get replicasets", "get services", "get nodes"]
            } else {
                &["get deployments", "get replicasets", "get pods -o wide", "get services", "get endpoints", "get nodes"]
            };
            commands
                .iter()
                .map(|cmd| format!("$ kubectl {cmd}\n{}", capped(c.read(&format!("kubectl {cmd}")).text(), l)))
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    view! { <pre class="table" tabindex="0" data-test="tables">{tables}</pre> }
}
