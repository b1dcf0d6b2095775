//! The pull-policy lab: four pods run the seed's local image under Always, IfNotPresent,
//! Never and no policy, without and with the image built; a table beside the drawing
//! says, for each, its policy and who chose it, whether the node has the image, what
//! happened and when the kubelet tries again.

use crate::examples;
use crate::i18n::{text, Key, Lang};
use crate::state::{Page, Sim};
use engine::actions::Action;
use engine::Preset;
use leptos::prelude::*;

/// The lab's pods, in the order of its manifest.
const LAB_PODS: [&str; 4] = ["policy-always", "policy-ifnotpresent", "policy-never", "policy-unset"];

/// One row of the table per lab pod that exists.
fn rows(sim: Sim, l: Lang) -> Vec<[String; 6]> {
    sim.read(|c| {
        LAB_PODS
            .iter()
            .filter_map(|name| {
                let pod = engine::view::pod(c, "default", name)?;
                let story = engine::explain::container_stories(c, "default", name).into_iter().next()?;
                let set_by = if story.policy_defaulted { text(l, Key::LabDefaulted) } else { text(l, Key::LabWritten) };
                let image = if story.on_node { text(l, Key::Yes) } else { text(l, Key::No) };
                let outcome = format!("{} {}", pod.status, crate::i18n::pull_outcome(l, &story));
                let retry = story.retry_in.map(|ms| format!("{}s", ms.div_ceil(1000))).unwrap_or_else(|| "—".into());
                Some([name.to_string(), story.policy.as_str().to_string(), set_by.to_string(), image.to_string(), outcome, retry])
            })
            .collect()
    })
}

#[component]
pub fn PullLab(page: Page) -> impl IntoView {
    let lang = page.lang;
    // Whether the last run removed the seed's image: the lab says so and how to undo it.
    let removed = RwSignal::new(false);
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
        removed.set(!built);
        page.tabs.open_a_manifest();
        page.editor.set(examples::PULL_LAB.to_string());
        page.apply();
    };
    let table = move || {
        page.sim.version.track();
        // The next retry counts down with the clock.
        page.sim.second.track();
        let l = lang.get();
        let rows = rows(page.sim, l);
        (!rows.is_empty()).then(|| {
            // A block of labelled rows per pod: six columns do not fit the left column.
            let labels = [Key::LabPolicy, Key::LabSetBy, Key::LabImage, Key::LabOutcome, Key::LabRetry];
            let fields = ["policy", "set-by", "image", "outcome", "retry"];
            view! {
                <table class="lab-results" data-test="lab-results">
                    <caption>{text(l, Key::PullLab)}</caption>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let [name, rest @ ..] = r;
                            let test_name = name.clone();
                            view! {
                                <tbody data-test="lab-row" data-name=test_name>
                                    <tr>
                                        <th scope="colgroup" colspan="2" class="lab-pod">
                                            {text(l, Key::LabPod)} " " {name}
                                        </th>
                                    </tr>
                                    {rest
                                        .into_iter()
                                        .zip(labels)
                                        .zip(fields)
                                        .map(|((value, label), field)| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{text(l, label)}</th>
                                                    <td data-field=field>{value}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            }
                        })
                        .collect_view()}
                </table>
            }
        })
    };
    view! {
        <details class="pull-lab" open=true>
            <summary>{move || text(lang.get(), Key::PullLab)}</summary>
            <p class="hint">{move || text(lang.get(), Key::PullLabHint)}</p>
            <div class="row">
                <button data-test="lab-without" on:click=move |_| run(false)>{move || text(lang.get(), Key::PullLabWithout)}</button>
                <button data-test="lab-with" on:click=move |_| run(true)>{move || text(lang.get(), Key::PullLabWith)}</button>
            </div>
            {move || removed.get().then(|| view! { <p class="lab-removed" data-test="lab-removed" role="status">{text(lang.get(), Key::LabRemoved)}</p> })}
            {table}
        </details>
    }
}
