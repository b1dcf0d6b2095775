//! The lessons kubeplay ships, in both languages, compiled in so the page has them.

/// A bundled lesson: its file name (without the language folder) and its two texts.
pub struct Bundled {
    pub id: &'static str,
    pub en: &'static str,
    pub ko: &'static str,
}

macro_rules! lesson {
    ($id:literal) => {
        Bundled {
            id: $id,
            en: include_str!(concat!("../../../../lessons/en/", $id, ".md")),
            ko: include_str!(concat!("../../../../lessons/ko/", $id, ".md")),
        }
    };
}

pub const BUNDLED: &[Bundled] = &[
    lesson!("01-seed"),
    lesson!("02-pull-policy"),
    lesson!("03-self-healing"),
    lesson!("04-services"),
    lesson!("05-rollout"),
    lesson!("06-autoscaling"),
    lesson!("07-node-dies"),
    lesson!("08-scheduling"),
    lesson!("09-config"),
    lesson!("10-jobs"),
    lesson!("11-statefulsets"),
    lesson!("12-network-policy"),
];

/// A bundled lesson's text in a language (`en` or `ko`).
pub fn bundled(id: &str, lang: &str) -> Option<&'static str> {
    let b = BUNDLED.iter().find(|b| b.id == id)?;
    Some(if lang == "ko" { b.ko } else { b.en })
}
