//! The pull-policy lab: four pods run the seed's local image under Always, IfNotPresent,
//! Never and no policy, without and with the image built.

use crate::examples;
use crate::i18n::{text, Key};
use crate::state::Page;
use engine::actions::Action;
use engine::Preset;
use leptos::prelude::*;

#[component]
pub fn PullLab(page: Page) -> impl IntoView {
    let lang = page.lang;
    let run = move |built: bool| {
        let sim = page.sim;
        sim.run(
            "kubectl delete pod policy-always policy-ifnotpresent policy-never policy-unset --force --grace-period=0 --ignore-not-found",
        );
        if built {
            sim.perform(&Action::Build { dockerfile: examples::SEED_DOCKERFILE_FIXED.to_string(), tag: "spring-server".into() });
            if page.preset.get_untracked() == Preset::Kind {
                sim.perform(&Action::KindLoad("spring-server".into()));
            }
        } else {
            sim.perform(&Action::RemoveImage("spring-server".into()));
        }
        page.editor.set(examples::PULL_LAB.to_string());
        page.apply();
    };
    view! {
        <details class="pull-lab" open=true>
            <summary>{move || text(lang.get(), Key::PullLab)}</summary>
            <p class="hint">{move || text(lang.get(), Key::PullLabHint)}</p>
            <div class="row">
                <button data-test="lab-without" on:click=move |_| run(false)>{move || text(lang.get(), Key::PullLabWithout)}</button>
                <button data-test="lab-with" on:click=move |_| run(true)>{move || text(lang.get(), Key::PullLabWith)}</button>
            </div>
        </details>
    }
}
