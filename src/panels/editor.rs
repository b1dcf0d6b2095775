//! The manifest editor: a textarea over a highlighted copy of its text, with a gutter of
//! line numbers that marks the lines with errors.
//!
//! Chrome lays out every line of a textarea (a text node and a `<br>` each) whenever its
//! value changes: 260 ms for a 22,000-line file, more than the whole apply. So a long text
//! that arrives whole (a paste, an example, the saved text) is shown through a window of
//! the lines in view, with its gutter and error marks, until the user clicks into it (or
//! tabs to it) to edit; the textarea holds the text all along, hidden.

use crate::i18n::{text as label, Key, Lang};
use engine::apply::Diagnostic;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const LINE_PX: usize = 18;
const PAD_PX: usize = 6;
/// Past this many lines one element per line costs the tab its frame budget on every
/// keystroke: the gutter becomes one text block with markers on the bad lines only,
/// and the text is shown unhighlighted.
const PLAIN_ABOVE: usize = 1500;
/// Past this many lines a text that arrives whole is shown through a window.
const WINDOW_ABOVE: usize = 3000;
/// Lines drawn above and below those in view, so a scroll shows text before its redraw.
const MARGIN_LINES: usize = 40;
/// The lines the editor box shows at once (its CSS height is 420 px).
const BOX_LINES: usize = 420 / LINE_PX + 1;

fn no_scroll() -> web_sys::FocusOptions {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    options
}

fn count_lines(t: &str) -> usize {
    t.bytes().filter(|b| *b == b'\n').count() + 1
}

/// `22,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Whether an input event put in text whole (a paste, a drop, a script setting the value)
/// rather than typed or deleted it.
fn arrived_whole(ev: &web_sys::Event) -> bool {
    ev.dyn_ref::<web_sys::InputEvent>().is_none_or(|e| e.input_type().starts_with("insertFrom"))
}

/// The caret offset (in UTF-16 units, as the textarea counts) of the start of line `line`.
fn line_start_utf16(t: &str, line: usize) -> u32 {
    t.split('\n').take(line).map(|l| l.encode_utf16().count() as u32 + 1).sum::<u32>().min(t.encode_utf16().count() as u32)
}

/// One line of YAML as highlighted pieces: (CSS class, text).
fn highlight_line(line: &str) -> Vec<(&'static str, &str)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return vec![("comment", line)];
    }
    if trimmed.starts_with("---") || trimmed.starts_with("...") {
        return vec![("separator", line)];
    }
    let mut out = Vec::new();
    // A comment starts at " #" outside quotes.
    let (code, comment) = match line.find(" #") {
        Some(i) if !line[..i].contains(['"', '\'']) => (&line[..i], Some(&line[i..])),
        _ => (line, None),
    };
    let lead = code.len() - code.trim_start_matches([' ', '-']).len();
    out.push(("plain", &code[..lead]));
    let rest = &code[lead..];
    match rest.find(':').filter(|i| rest[i + 1..].is_empty() || rest[i + 1..].starts_with(' ')) {
        Some(i) if !rest.starts_with(['"', '\'', '[', '{']) => {
            out.push(("key", &rest[..i]));
            out.push(("plain", ":"));
            out.push(("value", &rest[i + 1..]));
        }
        _ => out.push(("value", rest)),
    }
    if let Some(c) = comment {
        out.push(("comment", c));
    }
    out
}

/// Text as HTML text: the editor's text is the user's, never markup.
fn escape_into(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
}

/// The highlighted copy of the text, one `hl-line` per line, as one HTML string: the
/// browser parses it in one call, where building each span from wasm costs a call per
/// attribute and child (5 ms for the seed's 44 lines, on every keystroke).
fn highlighted_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for line in text.split('\n') {
        out.push_str("<div class=\"hl-line\">");
        for (class, piece) in highlight_line(line) {
            out.push_str("<span class=\"");
            out.push_str(class);
            out.push_str("\">");
            escape_into(&mut out, piece);
            out.push_str("</span>");
        }
        out.push_str(" </div>");
    }
    out
}

/// The gutter's numbers, one `gutter-line` each, the lines in `bad` marked.
fn gutter_html(lines: usize, bad: &[u32]) -> String {
    let mut out = String::with_capacity(lines * 48);
    for n in 1..=lines {
        let class = if bad.contains(&(n as u32)) { "gutter-line error" } else { "gutter-line" };
        out.push_str(&format!("<div class=\"{class}\" data-line=\"{n}\">{n}</div>"));
    }
    out
}

#[component]
pub fn Editor(
    text: RwSignal<String>,
    diagnostics: RwSignal<Vec<Diagnostic>>,
    lang: RwSignal<Lang>,
    on_key: impl Fn(leptos::ev::KeyboardEvent) + Copy + 'static,
) -> impl IntoView {
    let lines = Memo::new(move |_| text.with(|t| count_lines(t)));
    let plain = move || lines.get() > PLAIN_ABOVE;
    // Shown through a window (the textarea hidden) until the user edits.
    let windowed = RwSignal::new(lines.get_untracked() > WINDOW_ABOVE);
    // Whether the last change was typed into the textarea, not set whole.
    let typed = StoredValue::new(false);
    let area = NodeRef::<html::Textarea>::new();
    let code = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        text.track();
        if lines.get() <= WINDOW_ABOVE {
            windowed.set(false);
        } else if !typed.get_value() && !windowed.get_untracked() {
            windowed.set(true);
            // A paste into the textarea hides it: its keys (Ctrl+Enter) go to the window.
            let focused = area
                .get_untracked()
                .is_some_and(|a| document().active_element().is_some_and(|e| &e == AsRef::<web_sys::Element>::as_ref(&a)));
            if let (true, Some(c)) = (focused, code.get_untracked()) {
                let _ = c.focus_with_options(&no_scroll());
            }
        }
        typed.set_value(false);
    });
    let scroll = RwSignal::new(0usize);
    let first = Memo::new(move |_| (scroll.get() / LINE_PX).saturating_sub(MARGIN_LINES));
    let shown = BOX_LINES + 2 * MARGIN_LINES;

    // To editing, with the caret at the start of line `line` (or all selected) and the
    // view where it was.
    let edit_at = move |line: usize, all: bool| {
        windowed.set(false);
        let (at, end) = text.with_untracked(|t| {
            let end = t.encode_utf16().count() as u32;
            if all {
                (0, end)
            } else {
                let at = line_start_utf16(t, line);
                (at, at)
            }
        });
        request_animation_frame(move || {
            if let Some(a) = area.get_untracked() {
                let _ = a.focus_with_options(&no_scroll());
                let _ = a.set_selection_range(at, end);
            }
        });
    };
    // In the window, keys that move the view scroll it; a key that edits opens the editor
    // at the top line in view (Ctrl+A: with all selected); Ctrl+Enter applies.
    let on_window_key = move |ev: leptos::ev::KeyboardEvent| {
        if !windowed.get_untracked() {
            return;
        }
        let key = ev.key();
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if ctrl && key == "Enter" {
            on_key(ev);
            return;
        }
        let moves = matches!(
            key.as_str(),
            "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "PageUp" | "PageDown" | "Home" | "End" | "Tab" | "Escape"
        );
        let modifier = matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta" | "CapsLock");
        if moves || modifier || (ctrl && !matches!(key.as_str(), "a" | "v" | "x")) {
            return;
        }
        ev.prevent_default();
        edit_at(scroll.get_untracked() / LINE_PX, ctrl && key == "a");
    };
    // On press, not click: the press would first focus the window, which edits at the top.
    let on_press = move |ev: leptos::ev::MouseEvent| {
        if !windowed.get_untracked() {
            return;
        }
        ev.prevent_default();
        let top = code.get_untracked().map_or(0.0, |c| c.get_bounding_client_rect().top());
        let y = (f64::from(ev.client_y()) - top - PAD_PX as f64).max(0.0);
        edit_at((y / LINE_PX as f64) as usize, false);
    };

    let gutter = move || {
        let bad: Vec<u32> = diagnostics.with(|d| d.iter().map(|d| d.span.line).collect());
        let n = lines.get();
        let marks = move |bad: Vec<u32>| {
            bad.into_iter()
                .map(|l| {
                    let top = format!("top: {}px", (l.max(1) - 1) as usize * LINE_PX + PAD_PX);
                    view! { <div class="gutter-line error mark" style=top data-line=l.to_string()>{l.to_string()}</div> }
                })
                .collect_view()
        };
        if windowed.get() {
            let f = first.get();
            let numbers = (f + 1..=(f + shown).min(n)).map(|i| i.to_string()).collect::<Vec<_>>().join("\n");
            let at = format!("top: {}px", f * LINE_PX + PAD_PX);
            return view! { <pre class="gutter-numbers window" style=at>{numbers}</pre> {marks(bad)} }.into_any();
        }
        if n > PLAIN_ABOVE {
            // Numbers every 100 lines only: a column of tens of thousands of numbers is laid
            // out on every paste, and costs more than the text itself.
            let numbers =
                (1..=n).map(|i| if i % 100 == 0 || i == 1 { i.to_string() } else { String::new() }).collect::<Vec<_>>().join("\n");
            return view! { <pre class="gutter-numbers">{numbers}</pre> {marks(bad)} }.into_any();
        }
        view! { <div inner_html=gutter_html(n, &bad)></div> }.into_any()
    };
    let highlighted = move || {
        if windowed.get() {
            let f = first.get();
            let window = text.with(|t| t.split('\n').skip(f).take(shown).collect::<Vec<_>>().join("\n"));
            let at = format!("top: {}px", f * LINE_PX + PAD_PX);
            return view! { <pre class="window" data-test="editor-window" style=at>{window}</pre> }.into_any();
        }
        // Plain text is the textarea's own: a copy behind it would be laid out twice.
        if plain() {
            return ().into_any();
        }
        view! { <div inner_html=text.with(|t| highlighted_html(t))></div> }.into_any()
    };
    // The textarea grows with its text, so the editor box scrolls both together.
    let height = move || format!("height: {}px", lines.get() * LINE_PX + 2 * PAD_PX + 2);
    // Wide enough for the longest number when only some are drawn.
    let gutter_width = move || format!("min-width: calc({}ch + 8px)", lines.get().to_string().len().max(3));
    view! {
        <div class="editor" class:plain=plain class:windowed=move || windowed.get() on:scroll=move |ev| {
            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                scroll.set(el.scroll_top().max(0) as usize);
            }
        }>
            <div class="gutter" aria-hidden="true" style=gutter_width>{gutter}</div>
            <div
                class="code"
                style=height
                node_ref=code
                tabindex=move || if windowed.get() { "0" } else { "-1" }
                on:mousedown=on_press
                on:keydown=on_window_key
            >
                <div class="hl" aria-hidden="true">{highlighted}</div>
                <textarea
                    data-test="editor"
                    aria-label=move || label(lang.get(), Key::Manifests)
                    node_ref=area
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        typed.set_value(!arrived_whole(&ev));
                        text.set(event_target_value(&ev));
                    }
                    on:keydown=on_key
                ></textarea>
            </div>
        </div>
        <p class="hint" data-test="editor-windowed" hidden=move || !windowed.get()>
            {move || format!("{} {}", thousands(lines.get()), label(lang.get(), Key::WindowedText))}
        </p>
    }
}
