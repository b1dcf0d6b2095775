//! The lesson panel: a bundled lesson step by step beside the cluster. A step with a
//! question asks first; answering runs the step, and the reveal compares the answer with
//! what the engine then reads (`engine::lesson::answer`) and explains. The panel holds no
//! cluster logic: parsing, running and judging are the engine's; it only keeps which
//! step is shown and how many have run on the current cluster.
//!
//! The lessons' texts are not in the page's wasm: the one opened is fetched then
//! (`crate::assets`), and the panel says it is loading until it arrives.
//!
//! Also the projector mode's switch and the keyboard shortcuts (space, arrows, K), a
//! pasted lesson, the lesson a share link opens (`Page::lesson`), and the channel to the
//! presenter view (`presenter.rs`): this window tells it the lesson and the step, it
//! sends Next / Back / Run / play back. The notes are only ever drawn there.

use crate::assets::{Assets, Loaded};
use crate::i18n::Key;
use crate::state::{Page, Selection};
use crate::storage::{LessonLink, LessonSource};
use crate::ticker::Ticker;
use engine::lesson::{self, Lesson, LessonFiles, QuestionKind, Target};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The id a pasted lesson is open under (no bundled lesson has it).
const PASTED: &str = "pasted";

#[wasm_bindgen]
extern "C" {
    /// The browser's BroadcastChannel: messages between windows of the same page.
    pub type BroadcastChannel;
    #[wasm_bindgen(constructor, catch)]
    fn new(name: &str) -> Result<BroadcastChannel, JsValue>;
    #[wasm_bindgen(method, js_name = postMessage)]
    fn post_message(this: &BroadcastChannel, message: &str);
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &BroadcastChannel, f: &js_sys::Function);
}

/// The projected window and the presenter view talk on this channel, in strings: the
/// presenter sends `hello`, `next`, `back`, `run` and `play`; the lesson window answers
/// with `state` lines (`Channel::state`).
#[derive(Clone)]
pub struct Channel(std::rc::Rc<BroadcastChannel>);

impl Channel {
    /// Opens the channel; `on` gets every message (kept for the page's life).
    pub fn open(on: impl Fn(String) + 'static) -> Option<Channel> {
        let c = BroadcastChannel::new("kubeplay-presenter").ok()?;
        let f = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
            if let Some(text) = js_sys::Reflect::get(&e, &"data".into()).ok().and_then(|d| d.as_string()) {
                on(text);
            }
        });
        c.set_onmessage(f.as_ref().unchecked_ref());
        f.forget();
        Some(Channel(std::rc::Rc::new(c)))
    }

    pub fn send(&self, message: &str) {
        self.0.post_message(message);
    }

    /// `state`, the step shown, the steps run, when the lesson opened (ms since the epoch),
    /// the language, then the lesson's text; `state` alone when none is open.
    pub fn state(step: usize, ran: usize, opened_at: f64, lang: &str, text: &str) -> String {
        format!("state\n{step}\n{ran}\n{opened_at}\n{lang}\n{text}")
    }
}

/// What the reveal shows after a question's step ran.
#[derive(Clone, Debug, PartialEq)]
struct Reveal {
    /// `None` when the step ran without an answer.
    right: Option<bool>,
    truth: String,
    explain: String,
    /// The `show:` reads and what they printed.
    shown: Vec<(String, String)>,
}

/// The lesson open, where it is, and what its current step did.
#[derive(Clone, Copy)]
struct Progress {
    id: RwSignal<Option<&'static str>>,
    step: RwSignal<usize>,
    /// Steps run, in order, on the current cluster.
    ran: RwSignal<usize>,
    given: RwSignal<String>,
    reveal: RwSignal<Option<Reveal>>,
    transcript: RwSignal<String>,
    /// Opened before its text arrived: its cluster starts when the text does.
    waiting: RwSignal<bool>,
    assets: Assets,
    /// A pasted lesson's text (open under the id `PASTED`).
    pasted: RwSignal<Option<String>>,
    /// When the lesson was opened (the wall clock's ms), for the presenter's elapsed time.
    opened_at: RwSignal<f64>,
}

fn parsed(loaded: Loaded) -> Option<Lesson> {
    match loaded {
        Loaded::Ready(text) => lesson::parse(&text).ok(),
        _ => None,
    }
}

impl Progress {
    /// The open lesson's text in the page's language, fetched on the first ask.
    fn text(&self, page: Page) -> Option<Loaded> {
        let id = self.id.get()?;
        if let Some(text) = self.pasted.get().filter(|_| id == PASTED) {
            return Some(Loaded::Ready(text));
        }
        Some(self.assets.get(&lesson::path(id, page.lang.get().code())))
    }

    fn lesson(&self, page: Page) -> Option<Lesson> {
        parsed(self.text(page)?)
    }

    fn lesson_untracked(&self, page: Page) -> Option<Lesson> {
        let id = self.id.get_untracked()?;
        if let Some(text) = self.pasted.get_untracked().filter(|_| id == PASTED) {
            return lesson::parse(&text).ok();
        }
        parsed(self.assets.get_untracked(&lesson::path(id, page.lang.get_untracked().code())))
    }

    fn clear_step(&self) {
        self.given.set(String::new());
        self.reveal.set(None);
        self.transcript.set(String::new());
    }

    fn fresh_cluster(&self, page: Page, l: &Lesson) {
        let preset = l.cluster.preset.unwrap_or(engine::Preset::DockerDesktop);
        page.preset.set(preset);
        page.selection.set(None);
        page.sim.start(preset, l.cluster.seed.unwrap_or(1), l.cluster.nodes);
        self.ran.set(0);
    }

    fn open(&self, page: Page, ticker: Ticker, id: &'static str) {
        self.pasted.set(None);
        self.opened_at.set(js_sys::Date::now());
        self.id.set(Some(id));
        self.step.set(0);
        self.clear_step();
        // The lesson's steps move time themselves (its sleeps); the clock waits for them.
        ticker.playing.set(false);
        // Both languages at once, so switching the page's language mid-lesson is instant.
        for lang in ["en", "ko"] {
            self.assets.get_untracked(&lesson::path(id, lang));
        }
        let l = self.lesson_untracked(page);
        self.waiting.set(l.is_none());
        if let Some(l) = l {
            self.fresh_cluster(page, &l);
        }
    }

    /// Opens a pasted lesson's text, or says on which line it is wrong.
    fn open_pasted(&self, page: Page, ticker: Ticker, text: String) -> Result<(), String> {
        let l = lesson::parse(&text).map_err(|e| e.to_string())?;
        self.pasted.set(Some(text));
        self.opened_at.set(js_sys::Date::now());
        self.id.set(Some(PASTED));
        self.step.set(0);
        self.clear_step();
        ticker.playing.set(false);
        self.waiting.set(false);
        self.fresh_cluster(page, &l);
        Ok(())
    }

    /// Opens the lesson a share link carried, at its step, on the cluster the link
    /// rebuilt (not a fresh one: the steps it ran are in the link's actions).
    fn open_linked(&self, link: &LessonLink) {
        let id = match &link.source {
            LessonSource::Bundled(name) => match lesson::BUNDLED.iter().find(|b| b.id == name) {
                Some(b) => b.id,
                None => return,
            },
            LessonSource::Text(text) => {
                if lesson::parse(text).is_err() {
                    return;
                }
                self.pasted.set(Some(text.clone()));
                PASTED
            }
        };
        if id != PASTED {
            for lang in ["en", "ko"] {
                self.assets.get_untracked(&lesson::path(id, lang));
            }
        }
        self.opened_at.set(js_sys::Date::now());
        self.id.set(Some(id));
        self.step.set(link.step);
        self.ran.set(link.ran);
        self.waiting.set(false);
    }

    /// The lesson open as a share link carries it.
    fn link(&self) -> Option<LessonLink> {
        let id = self.id.get()?;
        let source = match self.pasted.get().filter(|_| id == PASTED) {
            Some(text) => LessonSource::Text(text),
            None => LessonSource::Bundled(id.to_string()),
        };
        Some(LessonLink { source, step: self.step.get(), ran: self.ran.get() })
    }

    /// What the presenter view is told: the lesson's text in this window's language.
    fn state(&self, page: Page) -> String {
        match self.text(page) {
            Some(Loaded::Ready(text)) => {
                Channel::state(self.step.get(), self.ran.get(), self.opened_at.get(), page.lang.get().code(), &text)
            }
            _ => "state".into(),
        }
    }

    /// Starts the cluster of a lesson opened before its text arrived, once it has.
    fn start_when_loaded(&self, page: Page) {
        let progress = *self;
        Effect::new(move |_| {
            if let Some(l) = progress.lesson(page) {
                if progress.waiting.get_untracked() {
                    progress.waiting.set(false);
                    progress.fresh_cluster(page, &l);
                }
            }
        });
    }

    fn go(&self, page: Page, delta: isize) {
        // Both languages have the same steps (`lesson::same_runs`).
        let count = self.lesson_untracked(page).map_or(0, |l| l.steps.len());
        let next = self.step.get_untracked() as isize + delta;
        if next >= 0 && (next as usize) < count {
            self.step.set(next as usize);
            self.clear_step();
        }
    }

    /// Runs the current step: on a cluster that ran exactly the steps before it, rebuilt
    /// from the lesson's start when it did not (a re-run, or a step skipped to).
    fn run(&self, page: Page) {
        let Some(l) = self.lesson_untracked(page) else { return };
        let k = self.step.get_untracked();
        let Some(step) = l.steps.get(k) else { return };
        let files = LessonFiles::new(&l.files);
        if self.ran.get_untracked() != k {
            self.fresh_cluster(page, &l);
            for s in &l.steps[..k] {
                page.sim.lesson_step(s, &files);
            }
        }
        let out = page.sim.lesson_step(step, &files);
        self.ran.set(k + 1);
        page.console.update(|log| log.push((format!("# {}", step.title), out.clone())));
        self.transcript.set(out);
        if let Some(q) = &step.question {
            let given = self.given.get_untracked();
            let reveal = page.sim.read_untracked(|c| match lesson::answer(c, q) {
                Ok(truth) => Reveal {
                    right: (!given.trim().is_empty()).then(|| lesson::judge(q, &truth, &given)),
                    explain: q.explain.clone(),
                    shown: lesson::reveal(c, q),
                    truth,
                },
                Err(e) => Reveal { right: None, truth: String::new(), explain: e, shown: vec![] },
            });
            self.reveal.set(Some(reveal));
        }
        if let Some(h) = &step.highlight {
            match page.sim.read_untracked(|c| lesson::target(c, h)) {
                Some(Target::Pod(name)) => page.selection.set(Some(Selection::Pod("default".into(), name))),
                Some(Target::Node(name)) => page.selection.set(Some(Selection::Node(name))),
                None => {}
            }
        }
    }

    fn answer(&self, page: Page, given: String) {
        self.given.set(given);
        self.run(page);
    }
}

/// A paragraph whose `backticked` words are code.
fn inline(text: &str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { view! { <code>{part.to_string()}</code> }.into_any() } else { part.to_string().into_any() })
        .collect_view()
}

/// Prose as paragraphs, with fenced code shown as code.
pub fn prose(text: &str) -> impl IntoView {
    let mut blocks: Vec<AnyView> = Vec::new();
    let mut para = String::new();
    let mut code: Option<String> = None;
    let flush = |para: &mut String, blocks: &mut Vec<AnyView>| {
        if !para.trim().is_empty() {
            blocks.push(view! { <p>{inline(para.trim())}</p> }.into_any());
        }
        para.clear();
    };
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            match code.take() {
                Some(c) => blocks.push(view! { <pre>{c}</pre> }.into_any()),
                None => {
                    flush(&mut para, &mut blocks);
                    code = Some(String::new());
                }
            }
            continue;
        }
        match &mut code {
            Some(c) => {
                c.push_str(line);
                c.push('\n');
            }
            None if line.trim().is_empty() => flush(&mut para, &mut blocks),
            None => {
                para.push_str(line.trim());
                para.push(' ');
            }
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

/// What a step runs, as the lines a terminal would show.
fn commands(step: &lesson::Step) -> String {
    let mut out = String::new();
    for b in &step.blocks {
        match b {
            lesson::Block::Apply { text, .. } => {
                let kinds: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("kind: ")).collect();
                out.push_str(&format!("kubectl apply -f -   # {}\n", kinds.join(", ")));
            }
            lesson::Block::Script { lines } => {
                for (_, l) in lines {
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Whether the key went to a control (a button, a link, a shape of the drawing) that
/// the keyboard focused: the browser's `:focus-visible`, which a click does not set.
pub fn keyboard_focus(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|e| e.closest("button, a, summary, [tabindex]").ok().flatten())
        .is_some_and(|e| e.matches(":focus-visible").unwrap_or(false))
}

/// Clicks the enabled button that shows this shortcut, if one is on the page.
fn press(key: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(Some(el)) = doc.query_selector(&format!("button[aria-keyshortcuts=\"{key}\"]:not([disabled])")) {
        if let Ok(button) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            button.click();
        }
    }
}

/// The keyboard of projector mode (and of any time): space plays or pauses the clock,
/// the arrows move through the lesson's steps, K kills the selected pod (or node), R
/// rewinds (to the last mark before the moment shown, else one event back), and S and B
/// press the buttons that show them. Keys typed into a field are the field's.
fn shortcuts(page: Page, ticker: Ticker, progress: Progress) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return;
        }
        // Space on a control reached by keyboard is the control's (a button, a pod in the
        // drawing): a keyboard user presses it. One focused by a click leaves Space to
        // the clock, as a projector's presenter expects.
        let on_control = keyboard_focus(&ev);
        match ev.key().as_str() {
            " " if on_control => {}
            " " => {
                ev.prevent_default();
                ticker.playing.update(|p| *p = !*p);
            }
            "ArrowRight" | "PageDown" if progress.id.get_untracked().is_some() => {
                ev.prevent_default();
                progress.go(page, 1);
            }
            "ArrowLeft" | "PageUp" if progress.id.get_untracked().is_some() => {
                ev.prevent_default();
                progress.go(page, -1);
            }
            "r" | "R" => page.sim.back(),
            "k" | "K" => {
                if let Some(Selection::Pod(ns, name)) = page.selection.get_untracked() {
                    // A pod already gone: its replacement, or nothing (the button says why).
                    super::details::kill_selected(page, &ns, &name, |t| format!("kill pod {t}"));
                } else {
                    press("K");
                }
            }
            // The other letters a button shows (`aria-keyshortcuts`): send one request or
            // a burst.
            "s" | "S" | "b" | "B" => {
                press(&ev.key().to_ascii_uppercase());
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn LessonPanel(page: Page, ticker: Ticker) -> impl IntoView {
    let t = move |k: Key| page.t(k);
    let progress = Progress {
        id: RwSignal::new(None),
        step: RwSignal::new(0),
        ran: RwSignal::new(0),
        given: RwSignal::new(String::new()),
        reveal: RwSignal::new(None),
        transcript: RwSignal::new(String::new()),
        waiting: RwSignal::new(false),
        assets: Assets::new(),
        pasted: RwSignal::new(None),
        opened_at: RwSignal::new(0.0),
    };
    shortcuts(page, ticker, progress);
    progress.start_when_loaded(page);
    if let Some(link) = page.lesson.get_untracked() {
        progress.open_linked(&link);
    }
    // The share link follows the lesson and the step.
    Effect::new(move |_| page.lesson.set(progress.link()));
    // The presenter view drives this window and is told where it is: on every change,
    // and when a presenter view opens (its `hello`).
    let last = StoredValue::new(String::new());
    let channel: StoredValue<Option<Channel>, LocalStorage> = StoredValue::new_local(None);
    let opened = Channel::open(move |message| match message.as_str() {
        "next" => progress.go(page, 1),
        "back" => progress.go(page, -1),
        "run" => progress.run(page),
        "play" => ticker.playing.update(|p| *p = !*p),
        "hello" => channel.with_value(|c| {
            if let Some(c) = c {
                c.send(&last.get_value());
            }
        }),
        _ => {}
    });
    channel.set_value(opened);
    Effect::new(move |_| {
        let state = progress.state(page);
        last.set_value(state.clone());
        channel.with_value(|c| {
            if let Some(c) = c {
                c.send(&state);
            }
        });
    });
    let paste_open = RwSignal::new(false);
    let paste_text = RwSignal::new(String::new());
    let paste_error = RwSignal::new(String::new());
    let present = move |_| {
        if let Some(w) = web_sys::window() {
            let url = format!("{}#presenter", crate::storage::page_url_without_hash());
            let _ = w.open_with_url_and_target(&url, "kubeplay-presenter");
        }
    };
    let titles = move || {
        let code = page.lang.get().code();
        lesson::BUNDLED.iter().map(|b| view! { <option value=b.id>{b.title(code)}</option> }).collect_view()
    };
    let body = move || {
        let l = match progress.text(page)? {
            Loaded::Ready(text) => lesson::parse(&text).ok()?,
            Loaded::Loading => return Some(view! { <p class="hint" data-test="lesson-loading">{t(Key::LessonLoading)}</p> }.into_any()),
            Loaded::Failed(e) => {
                return Some(view! { <p class="hint" data-test="lesson-failed">{t(Key::LessonFailed)} " (" {e} ")"</p> }.into_any())
            }
        };
        let k = progress.step.get().min(l.steps.len().saturating_sub(1));
        let step = l.steps.get(k)?.clone();
        let total = l.steps.len();
        let ran_here = progress.ran.get() > k;
        let question = step.question.clone().map(|q| {
            let answered = progress.reveal.with(Option::is_some);
            let choices = if q.kind == QuestionKind::Choice {
                q.options
                    .iter()
                    .map(|o| {
                        let o = o.clone();
                        let chosen = o.clone();
                        let given = move || progress.given.get() == chosen;
                        view! {
                            <button
                                class="choice"
                                class:given=given
                                data-test="choice"
                                disabled=answered
                                on:click={
                                    let o = o.clone();
                                    move |_| progress.answer(page, o.clone())
                                }
                            >
                                {o.clone()}
                            </button>
                        }
                    })
                    .collect_view()
                    .into_any()
            } else {
                view! {
                    <input
                        data-test="answer-input"
                        aria-label=move || t(Key::Answer)
                        prop:value=move || progress.given.get()
                        on:input=move |ev| progress.given.set(event_target_value(&ev))
                        disabled=answered
                    />
                    <button data-test="answer" disabled=answered on:click=move |_| progress.answer(page, progress.given.get_untracked())>
                        {move || t(Key::Answer)}
                    </button>
                }
                .into_any()
            };
            view! {
                <div class="question" data-test="question">
                    <p class="hint">{move || t(Key::Predict)}</p>
                    <p class="prompt">{inline(&q.prompt)}</p>
                    <div class="row choices">{choices}</div>
                </div>
            }
        });
        let reveal = move || {
            progress.reveal.get().map(|r| {
                let verdict = match r.right {
                    Some(true) => t(Key::Right),
                    Some(false) => t(Key::Wrong),
                    None => t(Key::NoAnswer),
                };
                view! {
                    <div class="reveal" class:right={r.right == Some(true)} class:wrong={r.right == Some(false)} data-test="reveal">
                        <p class="verdict" data-test="verdict">{verdict}</p>
                        <p>{t(Key::TheClusterSays)} " " <strong data-test="truth">{r.truth.clone()}</strong></p>
                        <p class="explain" data-test="explain">{inline(&r.explain)}</p>
                        {r.shown.iter().map(|(line, out)| view! { <pre class="shown">{format!("$ {line}\n{out}")}</pre> }).collect_view()}
                    </div>
                }
            })
        };
        let cmds = commands(&step);
        Some(view! {
            <h3 class="lesson-title">{l.title.clone()}</h3>
            <p class="step-count" data-test="step-count">{move || t(Key::StepOf)} " " {k + 1} " / " {total}</p>
            <h2 class="step-title" data-test="step-title">{step.title.clone()}</h2>
            <div class="step-text">{prose(&step.text)}</div>
            {question}
            <details class="commands">
                <summary>{move || t(Key::Commands)}</summary>
                <pre>{cmds}</pre>
            </details>
            <div class="row">
                <button data-test="lesson-back" disabled={k == 0} on:click=move |_| progress.go(page, -1)>{move || t(Key::Back)}</button>
                <button class="primary" data-test="run-step" on:click=move |_| progress.run(page)>
                    {move || if ran_here { t(Key::Rerun) } else { t(Key::RunStep) }}
                </button>
                <button data-test="lesson-next" disabled={k + 1 >= total} on:click=move |_| progress.go(page, 1)>{move || t(Key::Next)}</button>
            </div>
            {reveal}
            {move || {
                let out = progress.transcript.get();
                (!out.is_empty()).then(|| view! {
                    <details class="transcript" open=true>
                        <summary>{t(Key::Transcript)}</summary>
                        <pre data-test="transcript">{out}</pre>
                    </details>
                })
            }}
        }
        .into_any())
    };
    view! {
        <section class="lesson-panel" data-test="lesson-panel">
            <div class="row">
                <h2>{move || t(Key::Lesson)}</h2>
                <select
                    data-test="lesson-pick"
                    aria-label=move || t(Key::Lesson)
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        paste_open.set(v == PASTED);
                        match lesson::BUNDLED.iter().find(|b| b.id == v) {
                            Some(b) => progress.open(page, ticker, b.id),
                            None if v == PASTED => {}
                            None => progress.id.set(None),
                        }
                    }
                    prop:value=move || progress.id.get().unwrap_or("")
                >
                    <option value="">{move || t(Key::PickLesson)}</option>
                    {titles}
                    <option value=PASTED>{move || t(Key::PasteLesson)}</option>
                </select>
                <button data-test="presenter-open" title=move || t(Key::PresenterHint) on:click=present>{move || t(Key::PresenterView)}</button>
                <label class="projector-toggle">
                    <input type="checkbox" data-test="projector" prop:checked=move || page.projector.get() on:change=move |ev| page.projector.set(event_target_checked(&ev)) />
                    {move || t(Key::Projector)}
                </label>
            </div>
            {move || paste_open.get().then(|| view! {
                <div class="paste-lesson">
                    <textarea
                        data-test="paste-lesson"
                        aria-label=move || t(Key::PasteLesson)
                        rows="8"
                        prop:value=move || paste_text.get()
                        on:input=move |ev| paste_text.set(event_target_value(&ev))
                    ></textarea>
                    <button
                        data-test="paste-open"
                        on:click=move |_| match progress.open_pasted(page, ticker, paste_text.get_untracked()) {
                            Ok(()) => {
                                paste_error.set(String::new());
                                paste_open.set(false);
                            }
                            Err(e) => paste_error.set(e),
                        }
                    >
                        {move || t(Key::OpenLesson)}
                    </button>
                    <p class="error" data-test="paste-error" role="alert">{move || paste_error.get()}</p>
                </div>
            })}
            {move || progress.id.get().is_none().then(|| view! { <p class="hint">{t(Key::LessonHint)}</p> })}
            {move || page.projector.get().then(|| view! { <p class="hint">{t(Key::ProjectorHint)}</p> })}
            {body}
        </section>
    }
}
