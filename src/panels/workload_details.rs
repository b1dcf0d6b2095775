//! The details of a StatefulSet (scale it, delete one of its pods and watch the same
//! name come back), a CronJob (suspend or resume it, run a Job from it now), a Job or a
//! DaemonSet, each with `kubectl describe`. Every button runs the kubectl line it shows.

use crate::i18n::Key;
use crate::state::{Page, Selection};
use leptos::prelude::*;

/// `kubectl create job NAME --from=cronjob/CRON`: the next `CRON-manual-N` not taken.
fn manual_job_name(cron: &str, taken: &[String]) -> String {
    (1..).map(|n| format!("{cron}-manual-{n}")).find(|name| !taken.contains(name)).expect("an unbounded range")
}

pub fn panel(page: Page, sel: Selection) -> AnyView {
    let Page { sim, .. } = page;
    let t = move |k: Key| page.t(k);
    let describe = move |cmd: String| sim.read_untracked(|c| c.read(&format!("kubectl {cmd}")).text());
    let run = move |line: String| {
        page.run(line);
    };
    match sel {
        Selection::StatefulSet(name) => {
            let set = sim.read(|c| engine::view::of(c).statefulsets.into_iter().find(|s| s.name == name));
            let replicas = set.as_ref().map_or(0, |s| s.replicas);
            let d = describe(format!("describe statefulset {name}"));
            let (n1, n2) = (name.clone(), name.clone());
            let ordinals = set
                .map(|s| s.ordinals)
                .unwrap_or_default()
                .into_iter()
                .map(|o| {
                    let pod = o.pod.clone();
                    let claims = o.claims.iter().map(|c| format!("{} ({})", c.name, c.phase)).collect::<Vec<_>>().join(", ");
                    let state = match o.look {
                        Some(look) => look.glyph().to_string(),
                        None => format!("– {}", t(Key::NoPod)),
                    };
                    view! {
                        <li data-test="ordinal" data-name=o.pod.clone()>
                            <b>{o.pod.clone()}</b>
                            {format!(" {state} · {claims} ")}
                            {o.look.is_some().then(|| view! {
                                <button class="danger" data-test="delete-ordinal" data-name=pod.clone() on:click=move |_| run(format!("kubectl delete pod {pod} --wait=false"))>
                                    {t(Key::DeletePod)}
                                </button>
                            })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="actions scale">
                    <span>{t(Key::Scale)}</span>
                    <button data-test="sts-scale-down" on:click=move |_| run(format!("kubectl scale statefulset {n1} --replicas={}", (replicas - 1).max(0)))>"−"</button>
                    <b data-test="sts-replicas">{replicas.to_string()}</b>
                    <button data-test="sts-scale-up" on:click=move |_| run(format!("kubectl scale statefulset {n2} --replicas={}", replicas + 1))>"+"</button>
                </div>
                <h3>{t(Key::Ordinals)}</h3>
                <ul class="ordinals" data-test="ordinals">{ordinals}</ul>
                <pre class="describe" tabindex="0">{d}</pre>
            }
            .into_any()
        }
        Selection::CronJob(name) => {
            let (suspended, taken) = sim.read(|c| {
                let vm = engine::view::of(c);
                let suspended = vm.cronjobs.iter().find(|j| j.name == name).is_some_and(|j| j.suspend);
                (suspended, vm.jobs.into_iter().map(|j| j.name).collect::<Vec<_>>())
            });
            let d = describe(format!("describe cronjob {name}"));
            let suspend_line = format!("kubectl patch cronjob {name} -p '{{\"spec\":{{\"suspend\":{}}}}}'", !suspended);
            let trigger_line = format!("kubectl create job {} --from=cronjob/{name}", manual_job_name(&name, &taken));
            view! {
                <div class="actions">
                    <button data-test="cron-suspend" title=suspend_line.clone() on:click=move |_| run(suspend_line.clone())>
                        {if suspended { t(Key::Resume) } else { t(Key::Suspend) }}
                    </button>
                    <button data-test="cron-trigger" title=trigger_line.clone() on:click=move |_| run(trigger_line.clone())>{t(Key::TriggerJob)}</button>
                </div>
                <pre class="describe" tabindex="0">{d}</pre>
            }
            .into_any()
        }
        Selection::Job(name) => view! { <pre class="describe" tabindex="0">{describe(format!("describe job {name}"))}</pre> }.into_any(),
        Selection::DaemonSet(name) => {
            let nodes =
                sim.read(|c| engine::view::of(c).daemonsets.into_iter().find(|d| d.name == name).map(|d| d.nodes).unwrap_or_default());
            let rows = nodes
                .into_iter()
                .map(|n| {
                    let what = match (n.pod, n.excluded) {
                        (Some(pod), _) => format!("{} {pod}", n.look.map_or("–", |l| l.glyph())),
                        (None, Some(why)) => format!("✕ {why}"),
                        (None, None) => format!("… {}", t(Key::NotMadeYet)),
                    };
                    view! { <li data-test="daemon-node" data-name=n.node.clone()><b>{n.node.clone()}</b>{format!(": {what}")}</li> }
                })
                .collect_view();
            view! {
                <h3>{t(Key::DaemonNodes)}</h3>
                <ul class="ordinals">{rows}</ul>
                <pre class="describe" tabindex="0">{describe(format!("describe daemonset {name}"))}</pre>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}
