//! The boxes of ConfigMaps, Secrets and PersistentVolumeClaims in the drawing's band,
//! and their lines to the pods that use them: a line held red and dashed while the pod
//! cannot start because of the object, with the pod's own reason written in the box
//! (a projector cannot show a tooltip). A pod's row says how it reads the object: the
//! environment once at start, files again at the kubelet's sync.

use super::stage::{text_width, Rect, BOX_H, LABEL_FONT, ROW_H, SUB_FONT};
use crate::i18n::{text, Key, Lang};
use engine::view::{ConfigView, Use, ViewModel};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A reason's line is cut after about this many characters (at a word), so one long
/// scheduler message does not make the box as wide as the drawing.
const REASON_CHARS: usize = 52;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// `ok`, `blocked` or `reason`: the row's CSS class.
    pub class: &'static str,
    pub glyph: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConfigBox {
    /// `data-test`: `configmap`, `secret`, `claim`.
    pub test: &'static str,
    pub name: String,
    pub sub: String,
    pub missing: bool,
    pub rows: Vec<Row>,
    /// The pods it links to (`namespace/name`) and the reason each is held back.
    pub links: Vec<(String, Option<String>)>,
}

fn short_kind(kind: &str) -> &'static str {
    match kind {
        "ConfigMap" => "ConfigMap",
        "Secret" => "Secret",
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
            class: if blocked { "blocked" } else { "ok" },
            glyph: if blocked { "✕" } else { "→" },
            text: format!("{pod} · {}", uses(l, &link.uses)),
        });
        if let Some(why) = &link.blocked {
            rows.extend(wrap_words(why).into_iter().map(|t| Row { class: "reason", glyph: " ", text: t }));
        }
    }
    ConfigBox {
        test: match c.kind {
            "ConfigMap" => "configmap",
            "Secret" => "secret",
            _ => "claim",
        },
        name: if c.namespace == "default" { c.name.clone() } else { format!("{}/{}", c.namespace, c.name) },
        sub,
        missing: !c.exists,
        rows,
        links: c.links.iter().map(|k| (k.pod.clone(), k.blocked.clone())).collect(),
    }
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
pub fn draw(b: &ConfigBox, r: Rect, pods: &BTreeMap<String, (f64, f64)>, pod_h: f64) -> (AnyView, Vec<AnyView>) {
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
                <text class=format!("row label {}", row.class) data-test="config-row" font-size=SUB_FONT.to_string() x=(r.x + 12.0).to_string() y=y.to_string()>
                    <tspan class="row-glyph">{row.glyph}</tspan>
                    {format!(" {}", row.text)}
                </text>
            }
        })
        .collect_view();
    let boxed = view! {
        <g class="config" class:missing=b.missing data-test=b.test data-name=b.name.clone()
            tabindex="0" role="group" aria-label=crate::i18n::box_label(crate::i18n::box_kind(b.test), &b.name, &b.sub)>
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
