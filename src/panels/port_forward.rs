//! The tunnels `kubectl port-forward` opened, under the console: a real one keeps its
//! terminal busy and answers `curl localhost:PORT` from another; here each is a row with
//! that curl as a button, its answer shown beside it (and in the console's log).

use crate::i18n::{text, Key};
use crate::state::Page;
use leptos::prelude::*;

#[component]
pub fn PortForwards(page: Page) -> impl IntoView {
    let Page { lang, sim, .. } = page;
    let forwards = Memo::new(move |_| sim.read(|c| engine::view::port_forwards(c)));
    // The latest answer, by local port.
    let answer = RwSignal::new(None::<(u16, String)>);
    move || {
        let list = forwards.get();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|f| {
                    let line = format!("curl localhost:{}", f.local);
                    let run = line.clone();
                    let local = f.local;
                    view! {
                        <li class="pf" class:ended=!f.open data-test="port-forward" data-local=f.local.to_string()>
                            <code>{format!("localhost:{} → pod/{}:{}", f.local, f.pod, f.remote)}</code>
                            " "
                            <button data-test="port-forward-curl" on:click=move |_| {
                                let out = page.run(run.clone());
                                answer.set(Some((local, out.text())));
                            }>{line}</button>
                            {(!f.open).then(|| view! { " " <span class="pf-ended">{move || text(lang.get(), Key::PortForwardEnded)}</span> })}
                            {move || answer.get().filter(|(p, _)| *p == local).map(|(_, a)| view! { <pre class="pf-answer" data-test="port-forward-answer">{a}</pre> })}
                        </li>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <section class="port-forwards" data-test="port-forwards" aria-label=move || text(lang.get(), Key::PortForwards)>
                    <strong>{move || text(lang.get(), Key::PortForwards)}</strong>
                    <ul>{rows}</ul>
                </section>
            }
        })
    }
}
