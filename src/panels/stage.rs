//! Where the cluster drawing puts its boxes, in CSS pixels at a zoom of 1. Only geometry:
//! what to draw comes from the engine's view model. The plan is sized from the texts it
//! must hold (pod names whole, labels in boxes as wide as their text, so no two labels
//! can meet) and shaped to the stage it is shown on, so a small cluster fills the panel
//! and its names are large enough to read from the back of a room.

/// Pod names, node, Deployment and Service names: the sizes a projector needs.
pub const NAME_FONT: f64 = 16.0;
pub const LABEL_FONT: f64 = 18.0;
pub const SUB_FONT: f64 = 14.0;
pub const GLYPH_FONT: f64 = 22.0;
pub const NAME_LINE: f64 = 19.0;
/// Names are set in a monospace font: a glyph is 0.6 em wide in the common ones, so a
/// width estimated with a little more cannot be short of the drawn text.
const MONO_EM: f64 = 0.63;
/// Characters per line of a pod's name before it wraps (a ReplicaSet's name, then the
/// pod's suffix), and the lines a name may take before the rest is elided.
const WRAP: usize = 18;
const MAX_LINES: usize = 4;
pub const PAD: f64 = 14.0;
pub const GAP: f64 = 14.0;
const MARGIN: f64 = 12.0;
pub const NODE_HEADER: f64 = 72.0;
pub const NODE_FOOTER: f64 = 30.0;
pub const BOX_H: f64 = 54.0;
/// Each line a workload's box lists under its title (a StatefulSet's ordinals, a
/// DaemonSet's nodes, a CronJob's Jobs).
pub const ROW_H: f64 = 22.0;
/// Room under the band for the Service lines to fan out.
const BAND_GAP: f64 = 32.0;
const PENDING_LABEL: f64 = 30.0;
/// A small cluster is magnified at most this much: an empty node three times its size
/// reads as a mistake, not as a cluster.
pub const MAX_FIT: f64 = 2.2;

/// Width of `text` at `font` px: a wide (Hangul, CJK) glyph is a full em.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(|c| if is_wide(c) { 1.0 } else { MONO_EM }).sum::<f64>() * font
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60)
}

/// `text` cut to `width` px at `font`, with an ellipsis when cut.
pub fn fit_text(text: &str, font: f64, width: f64) -> String {
    if text_width(text, font) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, font) + font > width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// A pod's name in lines of at most `WRAP` characters, broken after a dash where one is:
/// joined, the lines are the name.
pub fn wrap(name: &str) -> Vec<String> {
    let mut chunks: Vec<String> = Vec::new();
    for part in name.split_inclusive('-') {
        let chars: Vec<char> = part.chars().collect();
        chunks.extend(chars.chunks(WRAP).map(|c| c.iter().collect::<String>()));
    }
    let mut lines: Vec<String> = Vec::new();
    for chunk in chunks {
        match lines.last_mut() {
            Some(last) if last.chars().count() + chunk.chars().count() <= WRAP => last.push_str(&chunk),
            _ => lines.push(chunk),
        }
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        let last = lines.last_mut().expect("MAX_LINES > 0");
        last.pop();
        last.push('…');
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// What must fit: counts and the widths of the texts that set the boxes' sizes.
#[derive(Clone, Debug, Default)]
pub struct Demand {
    pub nodes: usize,
    /// The most pods on any node.
    pub max_pods: usize,
    pub pending: usize,
    /// The most lines, and the longest line in characters, of any pod's name.
    pub name_lines: usize,
    pub name_chars: usize,
    /// The widest node label.
    pub node_label: f64,
    /// The width and height of each box of the band (the workloads, then Services).
    pub band: Vec<(f64, f64)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The status glyph beside the name rather than above it: lower pods, for a cluster
    /// that is short of height (a lab's seven pods at 720 px).
    pub glyph_beside: bool,
    pub pod_w: f64,
    pub pod_h: f64,
    pub node_w: f64,
    pub node_h: f64,
    pub node_cols: usize,
    pub pod_cols: usize,
    pub band: Vec<Rect>,
    pub nodes_top: f64,
    pub pending_top: f64,
    pub width: f64,
    pub height: f64,
}

impl Plan {
    pub fn node(&self, i: usize) -> (f64, f64) {
        let (row, col) = (i / self.node_cols, i % self.node_cols);
        (MARGIN + col as f64 * (self.node_w + GAP), self.nodes_top + row as f64 * (self.node_h + GAP))
    }

    pub fn pod(&self, node: (f64, f64), j: usize) -> (f64, f64) {
        let (row, col) = (j / self.pod_cols, j % self.pod_cols);
        (node.0 + PAD + col as f64 * (self.pod_w + GAP), node.1 + NODE_HEADER + row as f64 * (self.pod_h + GAP))
    }

    /// Pods not yet on a node, in rows across the drawing under the nodes.
    pub fn pending(&self, j: usize) -> (f64, f64) {
        let per_row = (((self.width - 2.0 * MARGIN + GAP) / (self.pod_w + GAP)).floor() as usize).max(1);
        let (row, col) = (j / per_row, j % per_row);
        (MARGIN + col as f64 * (self.pod_w + GAP), self.pending_top + PENDING_LABEL + row as f64 * (self.pod_h + GAP))
    }

    pub fn pending_label_y(&self) -> f64 {
        self.pending_top + PENDING_LABEL - 10.0
    }

    /// Where a pod at `(px, py)` draws its glyph (centre, baseline) and its restarts
    /// (right end, baseline).
    pub fn glyph_at(&self, (px, py): (f64, f64)) -> ((f64, f64), (f64, f64)) {
        if self.glyph_beside {
            let x = px + 4.0 + GLYPH_COL / 2.0;
            ((x, py + 6.0 + GLYPH_FONT * 0.9), (x + 14.0, py + self.pod_h - 8.0))
        } else {
            ((px + self.pod_w / 2.0, py + 8.0 + GLYPH_FONT * 0.9), (px + self.pod_w - 6.0, py + 20.0))
        }
    }

    /// Where a pod at `(px, py)` with a name of `lines` lines centres them, and the first
    /// line's baseline.
    pub fn name_at(&self, (px, py): (f64, f64), lines: usize) -> (f64, f64) {
        if self.glyph_beside {
            let block = lines as f64 * NAME_LINE;
            (px + GLYPH_COL + (self.pod_w - GLYPH_COL) / 2.0, py + (self.pod_h - block) / 2.0 + NAME_LINE * 0.78)
        } else {
            (px + self.pod_w / 2.0, py + 10.0 + GLYPH_FONT + NAME_LINE - 4.0)
        }
    }
}

/// The width of the glyph's column when it stands beside the name.
const GLYPH_COL: f64 = GLYPH_FONT + 12.0;

/// The layout with `node_cols` nodes and `pod_cols` pods a row, and the band's boxes
/// side by side or `stacked` one a row.
fn arrange(d: &Demand, node_cols: usize, pod_cols: usize, stacked: bool, glyph_beside: bool) -> Plan {
    let name_w = d.name_chars.max(8) as f64 * NAME_FONT * MONO_EM + 2.0 * 8.0;
    let name_h = d.name_lines.max(1) as f64 * NAME_LINE;
    let (pod_w, pod_h) = if glyph_beside {
        // Two lines at least: the glyph and the restarts stand one above the other.
        ((name_w + GLYPH_COL).ceil(), name_h.max(2.0 * NAME_LINE) + 16.0)
    } else {
        (name_w.ceil(), 10.0 + GLYPH_FONT + name_h + 6.0)
    };
    let pod_rows = d.max_pods.div_ceil(pod_cols).max(1);
    // The header holds the name and three bars, each as wide as "pods 100%".
    let header_w = (d.node_label + 2.0 * PAD).max(3.0 * (text_width("pods 100%", SUB_FONT) + 12.0) + 2.0 * PAD);
    let node_w = (pod_cols as f64 * (pod_w + GAP) - GAP + 2.0 * PAD).max(header_w).ceil();
    let node_h = NODE_HEADER + pod_rows as f64 * (pod_h + GAP) - GAP + NODE_FOOTER;
    let node_rows = d.nodes.div_ceil(node_cols).max(1);
    let grid_w = node_cols.min(d.nodes.max(1)) as f64 * (node_w + GAP) - GAP;
    let widest_box = d.band.iter().map(|b| b.0).fold(0.0, f64::max);
    let width = grid_w.max(widest_box).max(pod_w) + 2.0 * MARGIN;
    // The band: boxes in rows, as many as the drawing's width holds, each row as high
    // as its tallest box.
    let mut band = Vec::with_capacity(d.band.len());
    let (mut x, mut y, mut row_h) = (MARGIN, MARGIN, 0.0f64);
    for &(w, h) in &d.band {
        if x > MARGIN && (stacked || x + w > width - MARGIN) {
            x = MARGIN;
            y += row_h + GAP;
            row_h = 0.0;
        }
        band.push(Rect { x, y, w, h });
        row_h = row_h.max(h);
        x += w + GAP;
    }
    let nodes_top = if band.is_empty() { MARGIN } else { y + row_h + BAND_GAP };
    let pending_top = nodes_top + node_rows as f64 * (node_h + GAP) - GAP;
    let mut plan =
        Plan { glyph_beside, pod_w, pod_h, node_w, node_h, node_cols, pod_cols, band, nodes_top, pending_top, width, height: 0.0 };
    plan.height = if d.pending == 0 { pending_top + MARGIN } else { plan.pending(d.pending - 1).1 + pod_h + MARGIN };
    plan
}

/// The scale at which `plan` fits a stage of `stage` px.
pub fn fit_scale(plan: &Plan, stage: (f64, f64)) -> f64 {
    (stage.0 / plan.width).min(stage.1 / plan.height)
}

/// The plan that shows everything largest on a stage of `stage` px; of plans as large,
/// the one that covers most of the stage (a band stacked into room left over).
pub fn plan(d: &Demand, stage: (f64, f64)) -> Plan {
    let mut plans = Vec::new();
    for node_cols in 1..=d.nodes.clamp(1, 16) {
        for pod_cols in 1..=d.max_pods.clamp(1, 12) {
            for stacked in [false, true] {
                for beside in [false, true] {
                    let p = arrange(d, node_cols, pod_cols, stacked, beside);
                    plans.push((fit_scale(&p, stage), p));
                }
            }
        }
    }
    // The glyph above the name is the usual look: it stands beside only to gain 5%.
    let best_of = |beside: bool| plans.iter().filter(|(_, p)| p.glyph_beside == beside).map(|(s, _)| *s).fold(0.0, f64::max);
    let beside = best_of(true) > best_of(false) * 1.05;
    let best = best_of(beside);
    plans
        .into_iter()
        .filter(|(s, p)| p.glyph_beside == beside && *s >= best * 0.99)
        .map(|(s, p)| (s * s * p.width * p.height, p))
        .fold(None::<(f64, Plan)>, |acc, (area, p)| match acc {
            Some((a, _)) if a >= area => acc,
            _ => Some((area, p)),
        })
        .map(|(_, p)| p)
        .unwrap_or_else(|| arrange(d, 1, 1, false, false))
}
