//! What survives a reload (localStorage), what survives a reload of this tab only
//! (sessionStorage: the recovery record after a panic) and what a share link carries (the
//! URL hash: `#v1.` then the scenario, deflated and base64url-encoded).

use base64::Engine;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    local()?.get_item(&format!("kubeplay.{key}")).ok().flatten()
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(&format!("kubeplay.{key}"), value);
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn session_load(key: &str) -> Option<String> {
    session()?.get_item(&format!("kubeplay.{key}")).ok().flatten()
}

/// Whether it was written (a full storage refuses).
pub fn session_save(key: &str, value: &str) -> bool {
    session().is_some_and(|s| s.set_item(&format!("kubeplay.{key}"), value).is_ok())
}

pub fn session_remove(key: &str) {
    if let Some(s) = session() {
        let _ = s.remove_item(&format!("kubeplay.{key}"));
    }
}

/// A shareable scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub preset: String,
    pub seed: u64,
    /// Worker nodes; 0 for the preset's default.
    pub workers: usize,
    /// Everything done to the cluster, as the engine's action log in JSON (one line).
    pub actions: String,
    pub text: String,
}

/// `v1.` + base64url(deflate("preset\nseed\nworkers\nactions\ntext")).
pub fn encode(s: &Scenario) -> String {
    let raw = format!("{}\n{}\n{}\n{}\n{}", s.preset, s.seed, s.workers, s.actions.replace('\n', " "), s.text);
    let packed = miniz_oxide::deflate::compress_to_vec(raw.as_bytes(), 9);
    format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed))
}

pub fn decode(hash: &str) -> Option<Scenario> {
    let body = hash.trim_start_matches('#').strip_prefix("v1.")?;
    // A lesson carried after the scenario is `decode_lesson`'s.
    let body = body.split(LESSON_MARK).next()?;
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body).ok()?;
    // Bounded: a link cannot expand past the engine's own input limit.
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, engine::yaml::MAX_INPUT_BYTES).ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let mut parts = raw.splitn(5, '\n');
    Some(Scenario {
        preset: parts.next()?.to_string(),
        seed: parts.next()?.parse().ok()?,
        workers: parts.next()?.parse().ok()?,
        actions: parts.next()?.to_string(),
        text: parts.next().unwrap_or("").to_string(),
    })
}

/// Where a link's lesson part begins, after the scenario (`~` is not in base64url).
const LESSON_MARK: &str = "~lesson.";

/// The lesson a share link opens.
#[derive(Clone, Debug, PartialEq)]
pub enum LessonSource {
    /// A bundled lesson, by its name (`03-self-healing`).
    Bundled(String),
    /// A pasted lesson's whole text.
    Text(String),
}

/// The lesson open when the link was made: which, the step shown, and how many of its
/// steps ran on the linked cluster (so Run step goes on from there).
#[derive(Clone, Debug, PartialEq)]
pub struct LessonLink {
    pub source: LessonSource,
    pub step: usize,
    pub ran: usize,
}

/// `~lesson.` + base64url(deflate("bundled|text\nstep\nran\nname-or-text")), added after
/// the scenario's code. A pasted lesson's text is deflated with the rest, as the
/// scenario's is.
pub fn encode_lesson(l: &LessonLink) -> String {
    let (kind, body) = match &l.source {
        LessonSource::Bundled(id) => ("bundled", id),
        LessonSource::Text(text) => ("text", text),
    };
    let raw = format!("{kind}\n{}\n{}\n{body}", l.step, l.ran);
    let packed = miniz_oxide::deflate::compress_to_vec(raw.as_bytes(), 9);
    format!("{LESSON_MARK}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed))
}

/// The lesson part of a link, if it has one.
pub fn decode_lesson(hash: &str) -> Option<LessonLink> {
    let (_, body) = hash.split_once(LESSON_MARK)?;
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body).ok()?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, engine::yaml::MAX_INPUT_BYTES).ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let mut parts = raw.splitn(4, '\n');
    let kind = parts.next()?;
    let step = parts.next()?.parse().ok()?;
    let ran = parts.next()?.parse().ok()?;
    let body = parts.next()?.to_string();
    let source = match kind {
        "bundled" => LessonSource::Bundled(body),
        "text" => LessonSource::Text(body),
        _ => return None,
    };
    Some(LessonLink { source, step, ran })
}

pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

pub fn page_url_without_hash() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).map(|h| h.split('#').next().unwrap_or("").to_string()).unwrap_or_default()
}

pub fn browser_lang() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into())
}
