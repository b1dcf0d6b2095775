//! Surviving a panic. The page's wasm aborts on a panic, so the instance is dead and
//! recovery is a reload. Before every change the page notes what it is about to do, and
//! after it keeps a copy of the cluster's log (incrementally: a log only grows at its end,
//! where the last time step may grow). The panic hook writes the scenario (preset, seed,
//! workers, the log without the failing action, the editor's text) and the failing input
//! to sessionStorage and reloads; on load the record is taken (deleted) and the cluster
//! rebuilt from it. A panic while rebuilding falls back to a fresh cluster with the text
//! kept; a panic while starting that fresh cluster only shows a message. So a panic never
//! reloads the page in a loop.

use crate::i18n::{text, Key, Lang};
use crate::storage::{self, Scenario};
use engine::Action;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

/// What the page is about to do to the cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Action(Action),
    /// A line typed into the console or stood for by a button.
    Line(String),
}

/// What the page shows after it reloaded from a panic.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// The log could not be replayed either: the cluster is a fresh one.
    pub fresh: bool,
    /// The input that failed, to report; empty when the panic was in no change.
    pub input: String,
    /// The panic's own words.
    pub message: String,
}

/// A recovery record, taken on load.
pub struct Record {
    /// `None` when the scenario did not survive (too large to store or to read back).
    pub scenario: Option<Scenario>,
    pub recovered: Recovered,
}

#[derive(Default)]
struct Journal {
    preset: String,
    seed: u64,
    workers: usize,
    text: String,
    log: Vec<Action>,
    pending: Option<Pending>,
    /// What failed before this page was loaded, carried into a fallback.
    earlier: Option<Recovered>,
}

thread_local! {
    static JOURNAL: RefCell<Journal> = RefCell::new(Journal::default());
}

/// Set once the hook has run: a dead instance may be called again before the reload.
static PANICKED: AtomicBool = AtomicBool::new(false);
/// Set by the test-only trigger: the next change panics.
static FAIL_NEXT: AtomicBool = AtomicBool::new(false);

/// The longest failing input kept for the report, in bytes.
const INPUT_CAP: usize = 4_000;

/// sessionStorage keys.
const RECORD: &str = "recovery";
const RECORD_SCENARIO: &str = "recovery.scenario";
const RECORD_INPUT: &str = "recovery.input";
const RECORD_MESSAGE: &str = "recovery.message";
/// Present while a page rebuilds from a record, until it has run a moment.
const REBUILDING: &str = "recovering";

fn with<R>(f: impl FnOnce(&mut Journal) -> R) -> Option<R> {
    JOURNAL.try_with(|j| j.try_borrow_mut().ok().map(|mut j| f(&mut j))).ok().flatten()
}

/// A new cluster: its scenario, and an empty log.
pub fn start(preset: &str, seed: u64, workers: usize) {
    with(|j| {
        j.preset = preset.to_string();
        j.seed = seed;
        j.workers = workers;
        j.log.clear();
        j.pending = None;
    });
}

/// The editor's text, as it would be shared.
pub fn set_text(text: &str) {
    with(|j| text.clone_into(&mut j.text));
}

/// Notes the change about to be made.
pub fn before(p: Pending) {
    with(|j| j.pending = Some(p));
}

/// The change was made: the copy catches up with the cluster's log.
pub fn after(log: &[Action]) {
    with(|j| {
        sync(&mut j.log, log);
        j.pending = None;
    });
}

/// Brings `copy` up to `log`, which is `copy` grown at its end (its last time step may
/// have grown too): only what is new is cloned.
pub fn sync(copy: &mut Vec<Action>, log: &[Action]) {
    let n = copy.len();
    if log.len() < n {
        *copy = log.to_vec();
        return;
    }
    if let (Some(Action::Advance(mine)), Some(Action::Advance(theirs))) = (copy.last_mut(), n.checked_sub(1).map(|i| &log[i])) {
        *mine = *theirs;
    }
    copy.extend_from_slice(&log[n..]);
}

/// The test-only trigger: the page's next change (`Sim::perform` or `Sim::run`) panics.
/// No input reaches it; a browser test calls it through the page's wasm bindings.
#[wasm_bindgen]
pub fn kubeplay_fail_next_action() {
    FAIL_NEXT.store(true, Ordering::SeqCst);
}

/// Panics if the trigger asked for it; called inside a change, where an engine panic is.
pub fn fail_if_asked() {
    if FAIL_NEXT.swap(false, Ordering::SeqCst) {
        panic!("kubeplay_fail_next_action: a panic asked for by a test");
    }
}

/// The failing input as a person would report it: the line, or the action as JSON.
fn describe(p: &Pending) -> String {
    let mut s = match p {
        Pending::Line(line) | Pending::Action(Action::Kubectl { line, .. }) => line.clone(),
        Pending::Action(a) => engine::actions::to_json(std::slice::from_ref(a)),
    };
    if s.len() > INPUT_CAP {
        let mut end = INPUT_CAP;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push('…');
    }
    s
}

/// The panic hook's part: keep what can be kept and reload, once.
pub fn on_panic(message: &str) {
    if PANICKED.swap(true, Ordering::SeqCst) {
        return;
    }
    let fresh = match storage::session_load(REBUILDING).as_deref() {
        None => false,
        // The replay of a record panicked: a fresh cluster next time.
        Some("restore") => true,
        // Even a fresh cluster panicked: no more reloads.
        Some(_) => {
            storage::session_remove(REBUILDING);
            show_panic(message);
            return;
        }
    };
    let written = with(|j| {
        let (input, message) = match (&j.earlier, fresh) {
            (Some(e), true) => (e.input.clone(), e.message.clone()),
            _ => (j.pending.as_ref().map(describe).unwrap_or_default(), message.to_string()),
        };
        let scenario = Scenario {
            preset: j.preset.clone(),
            seed: j.seed,
            workers: j.workers,
            actions: if fresh { "[]".to_string() } else { engine::actions::to_json(&j.log) },
            text: std::mem::take(&mut j.text),
        };
        storage::session_save(RECORD_INPUT, &input)
            && storage::session_save(RECORD_MESSAGE, &message)
            && storage::session_save(RECORD_SCENARIO, &storage::encode(&scenario))
            && storage::session_save(RECORD, if fresh { "fresh" } else { "restore" })
    });
    storage::session_remove(REBUILDING);
    match (written, web_sys::window()) {
        (Some(true), Some(w)) => {
            let _ = w.location().reload();
        }
        _ => {
            for key in [RECORD, RECORD_SCENARIO, RECORD_INPUT, RECORD_MESSAGE] {
                storage::session_remove(key);
            }
            show_panic(message);
        }
    }
}

/// The record a panic left, deleted as it is read. While the page rebuilds from it, a
/// mark says so, until `settled`.
pub fn take() -> Option<Record> {
    let Some(kind) = storage::session_load(RECORD) else {
        // A mark left by a page reloaded before it settled is stale.
        settled();
        return None;
    };
    let scenario = storage::session_load(RECORD_SCENARIO).and_then(|s| storage::decode(&s));
    let input = storage::session_load(RECORD_INPUT).unwrap_or_default();
    let message = storage::session_load(RECORD_MESSAGE).unwrap_or_default();
    for key in [RECORD, RECORD_SCENARIO, RECORD_INPUT, RECORD_MESSAGE] {
        storage::session_remove(key);
    }
    let fresh = kind != "restore" || scenario.is_none();
    let recovered = Recovered { fresh, input, message };
    storage::session_save(REBUILDING, if fresh { "fresh" } else { "restore" });
    with(|j| j.earlier = Some(recovered.clone()));
    Some(Record { scenario, recovered })
}

/// The page rebuilt from a record has run a moment: a later panic is a new one.
pub fn settled() {
    storage::session_remove(REBUILDING);
}

/// The last resort, when nothing could be kept: a message over a dead page.
pub fn show_panic(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let lang = Lang::from_code(&storage::load("lang").unwrap_or_else(storage::browser_lang));
    if let Some(body) = doc.body() {
        let Ok(div) = doc.create_element("div") else { return };
        div.set_class_name("panic");
        // Text only, never HTML: the message may quote user input.
        div.set_text_content(Some(&format!("{}\n{}\n\n{message}", text(lang, Key::PanicTitle), text(lang, Key::PanicBody))));
        let _ = body.append_child(&div);
    }
}

/// The journal's copy of the log, for tests.
#[cfg(all(test, target_arch = "wasm32"))]
pub fn log_copy() -> Vec<Action> {
    with(|j| j.log.clone()).unwrap_or_default()
}
