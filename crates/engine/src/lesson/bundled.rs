//! The lessons kubeplay ships, in both languages. Their titles are always here (the
//! page's picker lists them before anything else loads); their texts are compiled in
//! with the `lesson-texts` feature (the command line, the tests) and fetched by the
//! page on first use from `lessons/LANG/ID.md`, the same files, copied beside it.

/// A bundled lesson: its file name (without the language folder) and its two titles.
pub struct Bundled {
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_ko: &'static str,
}

impl Bundled {
    /// The title in a language (`en` or `ko`).
    pub fn title(&self, lang: &str) -> &'static str {
        if lang == "ko" {
            self.title_ko
        } else {
            self.title_en
        }
    }
}

macro_rules! lesson {
    ($id:literal, $en:literal, $ko:literal) => {
        Bundled { id: $id, title_en: $en, title_ko: $ko }
    };
}

/// Kept equal to the files' `# ` lines by a test (`titles_match_the_texts`).
pub const BUNDLED: &[Bundled] = &[
    lesson!("01-seed", "From a Dockerfile to a self-healing Deployment", "Dockerfile에서 스스로 회복하는 Deployment까지"),
    lesson!("02-pull-policy", "Image pull policies: Always, IfNotPresent, Never", "이미지 풀 정책: Always, IfNotPresent, Never"),
    lesson!(
        "03-self-healing",
        "Self-healing: ReplicaSets, labels, and what a pod's name tells",
        "스스로 회복하기: ReplicaSet, 레이블, 파드 이름이 말해 주는 것"
    ),
    lesson!("04-services", "Services and load balancing", "Service와 부하 분산"),
    lesson!("05-rollout", "Rolling update and rollback", "롤링 업데이트와 롤백"),
    lesson!("06-autoscaling", "Autoscaling under load", "부하에 따른 오토스케일링"),
    lesson!("07-node-dies", "A node dies", "노드가 죽는다"),
    lesson!("08-scheduling", "Scheduling: requests, taints, and why Pending", "스케줄링: 요청량, 테인트, 왜 Pending인가"),
    lesson!("09-config", "ConfigMaps and Secrets", "ConfigMap과 Secret"),
    lesson!("10-jobs", "Jobs and CronJobs", "Job과 CronJob"),
];

/// Where a bundled lesson's text is, relative to the page (and to the repository root).
pub fn path(id: &str, lang: &str) -> String {
    let lang = if lang == "ko" { "ko" } else { "en" };
    format!("lessons/{lang}/{id}.md")
}

/// A bundled lesson's text in a language (`en` or `ko`), when compiled in.
#[cfg(feature = "lesson-texts")]
pub fn bundled(id: &str, lang: &str) -> Option<&'static str> {
    macro_rules! texts {
        ($($id:literal),*) => {
            match (id, lang == "ko") {
                $(($id, false) => include_str!(concat!("../../../../lessons/en/", $id, ".md")),
                  ($id, true) => include_str!(concat!("../../../../lessons/ko/", $id, ".md")),)*
                _ => return None,
            }
        };
    }
    Some(texts!(
        "01-seed",
        "02-pull-policy",
        "03-self-healing",
        "04-services",
        "05-rollout",
        "06-autoscaling",
        "07-node-dies",
        "08-scheduling",
        "09-config",
        "10-jobs"
    ))
}

#[cfg(all(test, feature = "lesson-texts"))]
mod tests {
    use super::*;

    #[test]
    fn titles_match_the_texts() {
        for b in BUNDLED {
            for lang in ["en", "ko"] {
                let text = bundled(b.id, lang).expect("compiled in");
                let parsed = crate::lesson::parse(text).expect("parses");
                assert_eq!(parsed.title, b.title(lang), "{} {lang}", b.id);
            }
        }
        assert_eq!(bundled("nope", "en"), None);
    }

    #[test]
    fn every_lesson_file_is_listed() {
        for lang in ["en", "ko"] {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons/");
            let mut files: Vec<String> = std::fs::read_dir(format!("{dir}{lang}"))
                .expect("lessons folder")
                .map(|e| e.expect("entry").file_name().to_string_lossy().trim_end_matches(".md").to_string())
                .collect();
            files.sort();
            let listed: Vec<&str> = BUNDLED.iter().map(|b| b.id).collect();
            assert_eq!(files, listed, "{lang}");
        }
        assert_eq!(path("01-seed", "ko"), "lessons/ko/01-seed.md");
    }
}
