//! `docker build` of a Dockerfile (the seed post's, typos included) into the local Docker.

use crate::examples;
use crate::i18n::{text, Key};
use crate::state::Page;
use engine::actions::{Action, Outcome};
use engine::Preset;
use leptos::prelude::*;

#[component]
pub fn DockerPanel(page: Page) -> impl IntoView {
    let lang = page.lang;
    let dockerfile = RwSignal::new(examples::SEED_DOCKERFILE.to_string());
    let tag = RwSignal::new("spring-server".to_string());
    let out = RwSignal::new(String::new());
    let build = move |_| {
        let tg = tag.get_untracked();
        let line = format!("docker build -t {tg} .");
        let a = Action::Build { dockerfile: dockerfile.get_untracked(), tag: tg.clone() };
        let o = match page.perform(&a, line.clone()) {
            Outcome::Text(t) => t,
            _ => String::new(),
        };
        // kind's nodes do not share the local Docker: the image is loaded into them.
        if page.preset.get_untracked() == Preset::Kind && !o.contains("ERROR") {
            page.sim.perform(&Action::KindLoad(tg));
        }
        page.console.update(|l| l.push((line, o.clone())));
        out.set(o);
    };
    view! {
        <details class="docker">
            <summary>{move || text(lang.get(), Key::DockerBuild)}</summary>
            <textarea class="dockerfile" data-test="dockerfile" aria-label="Dockerfile" prop:value=move || dockerfile.get() on:input=move |ev| dockerfile.set(event_target_value(&ev))></textarea>
            <div class="row">
                <label>
                    {move || text(lang.get(), Key::Tag)}
                    <input prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev)) />
                </label>
                <button data-test="build" on:click=build>{move || text(lang.get(), Key::Build)}</button>
            </div>
            <pre class="build-out" data-test="build-out">{move || out.get()}</pre>
        </details>
    }
}
