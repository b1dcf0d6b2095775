//! The bundled lessons stay true to the simulation: every one is replayed in both
//! languages, each question's `expect:` held to what the engine answers.

use kubeplay::lesson::{check_bundled, check_text, Tally};

#[test]
fn every_bundled_lesson_holds_in_both_languages() {
    let mut out = String::new();
    let mut t = Tally::default();
    check_bundled(&["en", "ko"], false, &mut out, &mut t);
    assert_eq!(t.failed, 0, "{out}");
    assert_eq!(t.lessons, 2 * engine::lesson::BUNDLED.len());
    assert!(engine::lesson::BUNDLED.len() >= 10);
    for b in engine::lesson::BUNDLED {
        for lang in ["en", "ko"] {
            let text = engine::lesson::bundled(b.id, lang).expect("compiled in");
            let l = engine::lesson::parse(text).expect("parses");
            assert!((4..=8).contains(&l.steps.len()), "{}: {} steps", b.id, l.steps.len());
            assert!(l.steps.iter().any(|s| s.question.is_some()), "{}: no question", b.id);
        }
    }
}

#[test]
fn a_wrong_expectation_fails_with_the_engines_answer() {
    let text = "# T\n## Run\n```kubeplay\nkubectl run web --image=nginx:1.27\nsleep 30s\n```\n```question\nkind: status\nprompt: STATUS?\nanswer: kubectl get pod web\ncolumn: STATUS\nexpect: CrashLoopBackOff\n```\n";
    let mut out = String::new();
    let mut t = Tally::default();
    check_text("t.md", text, std::path::PathBuf::new(), false, &mut out, &mut t);
    assert_eq!(t.failed, 1, "{out}");
    assert!(out.contains("expect: CrashLoopBackOff but the engine answers `Running`"), "{out}");
}

#[test]
fn a_line_kubeplay_does_not_understand_fails_the_step() {
    let text = "# T\n## Typo\n```kubeplay\nkubctl get pods\n```\n";
    let mut out = String::new();
    let mut t = Tally::default();
    check_text("t.md", text, std::path::PathBuf::new(), false, &mut out, &mut t);
    assert_eq!(t.failed, 1, "{out}");
    assert!(out.contains("line 4: kubctl get pods: kubeplay: kubctl: command not found"), "{out}");
}

/// The README's example lesson is the one a teacher copies: it must hold, and the line
/// its failure text names must be its second question's.
#[test]
fn the_readme_example_lesson_holds() {
    let readme = include_str!("../../../README.md");
    let start = readme.find("````markdown\n").expect("the README has an example lesson") + "````markdown\n".len();
    let text = &readme[start..start + readme[start..].find("````\n").expect("closed")];
    let mut out = String::new();
    let mut t = Tally::default();
    check_text("example.md", text, std::path::PathBuf::new(), false, &mut out, &mut t);
    assert_eq!((t.steps, t.questions, t.failed), (2, 2, 0), "{out}");
    let wrong = text.replace("expect: 5", "expect: 4");
    let mut out = String::new();
    check_text("example.md", &wrong, std::path::PathBuf::new(), false, &mut out, &mut Tally::default());
    assert!(readme.contains(out.lines().nth(2).expect("the failure")), "{out}");
    assert!(readme.contains(out.lines().nth(3).expect("its line")), "{out}");
}
