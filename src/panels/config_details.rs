//! The details of a ConfigMap, Secret or claim: which pods read it and how (each
//! variable with the key it comes from, the value the container started with and the
//! object's value now; the mounted files' last sync), then `kubectl describe`.

use crate::i18n::Key;
use crate::state::Page;
use engine::view::{ConfigLink, FileSync, Use};
use leptos::prelude::*;

fn resource(kind: &str) -> &'static str {
    match kind {
        "ConfigMap" => "configmap",
        "Secret" => "secret",
        "PersistentVolume" => "persistentvolume",
        _ => "persistentvolumeclaim",
    }
}

/// One line per variable, and one for the files.
fn reads(page: Page, secret: bool, link: &ConfigLink) -> Vec<String> {
    let t = move |k: Key| page.t(k);
    let value = |v: &str| if secret { "••••".to_string() } else { format!("\"{v}\"") };
    let mut out: Vec<String> = link
        .env
        .iter()
        .map(|e| {
            let from = format!("{}: ${} ← {} {}", e.container, e.var, t(Key::FromDataItem), e.key);
            if e.stale() {
                format!("{from} = {} → {} ({})", value(&e.started), value(&e.now), t(Key::EnvStale))
            } else {
                format!("{from} = {}", value(&e.started))
            }
        })
        .collect();
    match link.file {
        Some(FileSync::Updated(at)) => {
            let clock = engine::time::rfc3339(at);
            out.push(format!("{} {}", t(Key::FilesUpdatedAt), clock.get(11..19).unwrap_or(&clock)));
        }
        Some(FileSync::Pending { left, .. }) => out.push(format!("{}{}s", t(Key::FilesPending), left.div_ceil(1000))),
        Some(FileSync::Current) | None => {}
    }
    out
}

pub fn panel(page: Page, kind: &'static str, ns: &str, name: &str) -> AnyView {
    let Page { sim, .. } = page;
    let t = move |k: Key| page.t(k);
    let view_of = sim.read(|c| engine::view::of(c).config.into_iter().find(|o| o.kind == kind && o.namespace == ns && o.name == name));
    let scope = if ns.is_empty() { String::new() } else { format!(" -n {ns}") };
    let d = sim.read_untracked(|c| c.read(&format!("kubectl describe {} {name}{scope}", resource(kind))).text());
    let secret = kind == "Secret";
    let readers = view_of
        .map(|o| o.links)
        .unwrap_or_default()
        .into_iter()
        .map(|link| {
            let uses: Vec<&str> = link
                .uses
                .iter()
                .map(|u| match u {
                    Use::Env => t(Key::UsesEnv),
                    Use::File => t(Key::UsesFile),
                    Use::Claim => t(Key::UsesClaim),
                })
                .collect();
            let lines = reads(page, secret, &link).into_iter().map(|l| view! { <li>{l}</li> }).collect_view();
            view! {
                <li data-test="config-reader" data-pod=link.pod.clone()>
                    <b>{link.pod.clone()}</b>
                    {format!(" · {}", uses.join(", "))}
                    {link.blocked.clone().map(|why| view! { <div class="blocked">{why}</div> })}
                    <ul>{lines}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{format!("{kind} {name}")}</h3>
        <h4>{t(Key::ReadBy)}</h4>
        <ul class="config-readers" data-test="config-readers">{readers}</ul>
        <pre class="describe">{d}</pre>
    }
    .into_any()
}
