//! The boxes of ConfigMaps, Secrets and PersistentVolumeClaims in the drawing's band,
//! and their lines to the pods that use them: a line held red and dashed while the pod
//! cannot start because of the object, with the pod's own reason written in the box
//! (a projector cannot show a tooltip). A pod's row says how it reads the object: the
//! environment once at start, files again at the kubelet's sync.

use super::stage::{text_width, Rect, BOX_H, LABEL_FONT, ROW_H, SUB_FONT};
use crate::i18n::{text, Key, Lang};
use crate::state::Selection;
use engine::view::{ConfigView, FileSync, Use, ViewModel};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A reason's line is cut after about this many characters (at a word), so one long
/// scheduler message does not make the box as wide as the drawing.
const REASON_CHARS: usize = 52;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `ok`, `blocked`, `reason`, `env`, `stale`, `synced` or `pending`: the row's CSS class.
    pub class: &'static str,
    /// `data-test`: `config-row` for a pod, `config-env` for a variable, `config-file` for
    /// the files' sync.
    pub test: &'static str,
    pub glyph: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigBox {
    /// `data-test`: `configmap`, `secret`, `claim`, `pv`.
    pub test: &'static str,
    pub name: String,
    pub sub: String,
    pub missing: bool,
    pub rows: Vec<Row>,
    /// The pods it links to (`namespace/name`) and the reason each is held back.
    pub links: Vec<(String, Option<String>)>,
    /// What a click on it shows in the details panel.
    pub selection: Selection,
}

fn short_kind(kind: &str) -> &'static str {
    match kind {
        "ConfigMap" => "ConfigMap",
        "Secret" => "Secret",
        "PersistentVolume" => "PV",
        _ => "PVC",
    }
}

/// `text` in lines of about `REASON_CHARS`, broken at spaces.
fn wrap_words(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > REASON_CHARS {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

fn uses(l: Lang, uses: &[Use]) -> String {
    let words: Vec<&str> = uses
        .iter()
        .map(|u| match u {
            Use::Env => text(l, Key::UsesEnv),
            Use::File => text(l, Key::UsesFile),
            Use::Claim => text(l, Key::UsesClaim),
        })
        .collect();
    words.join(", ")
}

fn config_box(c: &ConfigView, l: Lang) -> ConfigBox {
    let kind = short_kind(c.kind);
    let sub = if c.exists { format!("{kind} · {}", c.summary) } else { format!("{kind} · {}", text(l, Key::ConfigMissing)) };
    let mut rows = Vec::new();
    for link in &c.links {
        let pod = link.pod.strip_prefix("default/").unwrap_or(&link.pod);
        let blocked = link.blocked.is_some();
        rows.push(Row {
            test: "config-row",
            class: if blocked { "blocked" } else { "ok" },
            glyph: if blocked { "✕" } else { "→" },
            text: format!("{pod} · {}", uses(l, &link.uses)),
        });
        if let Some(why) = &link.blocked {
            rows.extend(wrap_words(why).into_iter().map(|t| Row { class: "reason", test: "config-row", glyph: " ", text: t }));
        }
        rows.extend(freshness_rows(c, link, l));
    }
    ConfigBox {
        test: match c.kind {
            "ConfigMap" => "configmap",
            "Secret" => "secret",
            "PersistentVolume" => "pv",
            _ => "claim",
        },
        name: if c.namespace == "default" || c.namespace.is_empty() { c.name.clone() } else { format!("{}/{}", c.namespace, c.name) },
        sub,
        missing: !c.exists,
        rows,
        links: c.links.iter().map(|k| (k.pod.clone(), k.blocked.clone())).collect(),
        selection: Selection::Config(c.kind, c.namespace.clone(), c.name.clone()),
    }
}

/// A Secret's values stay off the projector.
fn shown(secret: bool, value: &str) -> String {
    if secret {
        "••••".into()
    } else if value.is_empty() {
        "—".into()
    } else if value.chars().count() > 24 {
        format!("{}…", value.chars().take(23).collect::<String>())
    } else {
        value.to_string()
    }
}

/// Under a pod's row: each variable it took from the object (the value it started with,
/// and the object's value now when they differ), and where the object's last change
/// stands in its files.
fn freshness_rows(c: &ConfigView, link: &engine::view::ConfigLink, l: Lang) -> Vec<Row> {
    let secret = c.kind == "Secret";
    let many = link.env.iter().any(|e| e.container != link.env[0].container);
    let mut rows: Vec<Row> = link
        .env
        .iter()
        .map(|e| {
            let var = if many { format!("{}: ${}", e.container, e.var) } else { format!("${}", e.var) };
            if e.stale() {
                let text = format!("{var} = {} → {} · {}", shown(secret, &e.started), shown(secret, &e.now), text(l, Key::EnvStale));
                Row { class: "stale", test: "config-env", glyph: "!", text }
            } else {
                Row { class: "env", test: "config-env", glyph: " ", text: format!("{var} = {}", shown(secret, &e.started)) }
            }
        })
        .collect();
    match link.file {
        Some(FileSync::Updated(at)) => {
            let clock = engine::time::rfc3339(at);
            let text = format!("{} {}", text(l, Key::FilesUpdatedAt), clock.get(11..19).unwrap_or(&clock));
            rows.push(Row { class: "synced", test: "config-file", glyph: "✓", text });
        }
        Some(FileSync::Pending { left, .. }) => {
            let secs = left.div_ceil(1000);
            rows.push(Row { class: "pending", test: "config-file", glyph: "…", text: format!("{}{secs}s", text(l, Key::FilesPending)) });
        }
        Some(FileSync::Current) | None => {}
    }
    rows
}

/// Whether a pod waits for the kubelet to write an object's change into its files.
pub fn sync_pending(vm: &ViewModel) -> bool {
    vm.config.iter().flat_map(|c| &c.links).any(|l| matches!(l.file, Some(FileSync::Pending { .. })))
}

/// The boxes in the band's order: ConfigMaps, Secrets, then claims, each by name.
pub fn boxes(vm: &ViewModel, l: Lang) -> Vec<ConfigBox> {
    vm.config.iter().map(|c| config_box(c, l)).collect()
}

/// As wide as its longest line, a line of `ROW_H` per row.
pub fn size(b: &ConfigBox) -> (f64, f64) {
    let rows = b.rows.iter().map(|r| text_width(&format!("{} {}", r.glyph, r.text), SUB_FONT)).fold(0.0, f64::max);
    let w = text_width(&b.name, LABEL_FONT).max(text_width(&b.sub, SUB_FONT)).max(rows).ceil() + 24.0;
    (w, BOX_H + b.rows.len() as f64 * ROW_H)
}

/// The box at `r` and its lines to the pods drawn at `pods` (centres), each ending on
/// the pod's top edge so it never crosses the pod's name.
pub fn draw<S, H, K>(
    b: &ConfigBox,
    r: Rect,
    pods: &BTreeMap<String, (f64, f64)>,
    pod_h: f64,
    selected: S,
    on_click: H,
    on_keydown: K,
) -> (AnyView, Vec<AnyView>)
where
    S: Fn() -> bool + Send + Sync + 'static,
    H: FnMut(leptos::ev::MouseEvent) + 'static,
    K: Fn(leptos::ev::KeyboardEvent) + 'static,
{
    let from = (r.x + r.w / 2.0, r.y + r.h);
    let lines = b
        .links
        .iter()
        .filter_map(|(pod, why)| {
            let (cx, cy) = *pods.get(pod)?;
            let top = cy - pod_h / 2.0;
            Some(
                view! {
                    <line
                        class="config-line"
                        class:blocked=why.is_some()
                        data-test="config-link"
                        data-from=b.name.clone()
                        data-pod=pod.clone()
                        data-blocked=why.is_some().to_string()
                        data-reason=why.clone().unwrap_or_default()
                        x1=from.0.to_string() y1=from.1.to_string() x2=cx.to_string() y2=top.to_string()
                    ></line>
                }
                .into_any(),
            )
        })
        .collect();
    let rows = b
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = r.y + BOX_H + i as f64 * ROW_H + 12.0;
            view! {
                <text class=format!("row label {}", row.class) data-test=row.test font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=y.to_string()>
                    <tspan class="row-glyph">{row.glyph}</tspan>
                    {format!(" {}", row.text)}
                </text>
            }
        })
        .collect_view();
    let boxed = view! {
        <g class="config" class:missing=b.missing class:selected=selected data-test=b.test data-name=b.name.clone()
            tabindex="0" role="button" aria-roledescription=crate::i18n::box_kind(b.test)
            aria-label=crate::i18n::box_label(crate::i18n::box_kind(b.test), &b.name, &b.sub)
            on:keydown=on_keydown on:click=on_click>
            <rect x=r.x.to_string() y=r.y.to_string() width=r.w.to_string() height=r.h.to_string() rx="8"></rect>
            <text class="box-title label" font-size=LABEL_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 23.0).to_string()>{b.name.clone()}</text>
            <text class="sub label" data-test="sub" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=(r.y + 44.0).to_string()>{b.sub.clone()}</text>
            {rows}
        </g>
    }
    .into_any();
    (boxed, lines)
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    #[test]
    fn a_long_reason_wraps_at_spaces_and_keeps_every_word() {
        let why = "Pending: 0/2 nodes are available: persistentvolumeclaim \"data\" not found. preemption: 0/2 nodes are available";
        let lines = wrap_words(why);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= super::REASON_CHARS), "{lines:?}");
        assert_eq!(lines.join(" "), why);
    }
}
