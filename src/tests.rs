//! Component tests: the app mounted in a real browser page (wasm-bindgen-test in headless
//! Chromium), and the page's own pure pieces.

use crate::i18n::{text, Key, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).expect("timer");
    });
    wasm_bindgen_futures::JsFuture::from(p).await.expect("timer fires");
}

fn doc() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

fn count(selector: &str) -> u32 {
    doc().query_selector_all(selector).expect("selector").length()
}

fn click(selector: &str) {
    doc().query_selector(selector).expect("selector").expect("element").unchecked_into::<web_sys::HtmlElement>().click();
}

fn mount() -> web_sys::HtmlElement {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
    let root: web_sys::HtmlElement = doc().create_element("div").expect("div").unchecked_into();
    doc().body().expect("body").append_child(&root).expect("append");
    root
}

#[wasm_bindgen_test]
async fn the_page_opens_on_the_seed_and_apply_draws_its_pods() {
    let root = mount();
    let handle = leptos::mount::mount_to(root.clone(), crate::app::App);
    sleep(50).await;
    let editor: web_sys::HtmlTextAreaElement = doc().query_selector("[data-test=editor]").unwrap().unwrap().unchecked_into();
    assert!(editor.value().contains("name: spring-deployment"), "{}", editor.value());
    assert_eq!(count("[data-test=pod]"), 0);
    click("[data-test=apply]");
    sleep(50).await;
    assert_eq!(count("[data-test=pod]"), 3, "the seed Deployment's three pods are drawn at once");
    assert_eq!(count("[data-test=service]"), 1);
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_yaml_error_marks_its_line_in_the_gutter() {
    let root = mount();
    let handle = leptos::mount::mount_to(root.clone(), crate::app::App);
    sleep(50).await;
    let editor: web_sys::HtmlTextAreaElement = doc().query_selector("[data-test=editor]").unwrap().unwrap().unchecked_into();
    editor.set_value("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n    ports:\n    - containerPort: eighty\n");
    editor.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    click("[data-test=apply]");
    sleep(50).await;
    let marked = doc().query_selector(".gutter-line.error").unwrap().expect("a marked line");
    assert_eq!(marked.get_attribute("data-line").as_deref(), Some("10"));
    assert!(editor.value().contains("eighty"), "the text is kept");
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_highlighted_copy_shows_markup_as_text_and_colours_keys() {
    let root = mount();
    let handle = leptos::mount::mount_to(root.clone(), crate::app::App);
    sleep(50).await;
    let editor: web_sys::HtmlTextAreaElement = doc().query_selector("[data-test=editor]").unwrap().unwrap().unchecked_into();
    let text = "metadata:\n  name: <img src=x onerror=\"window.__pwned=1\"> & co\n# a <b>comment</b>\n";
    editor.set_value(text);
    editor.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    sleep(50).await;
    assert_eq!(count(".hl img") + count(".hl b"), 0, "no markup from the text");
    assert_eq!(count(".hl .hl-line"), 4);
    let hl = doc().query_selector(".hl").unwrap().expect("highlighted copy");
    let shown = hl.text_content().unwrap_or_default();
    assert!(shown.contains("<img src=x onerror=\"window.__pwned=1\"> & co"), "{shown}");
    let key = doc().query_selector(".hl .key").unwrap().expect("a key");
    assert_eq!(key.text_content().as_deref(), Some("metadata"));
    assert_eq!(doc().query_selector(".hl .comment").unwrap().and_then(|c| c.text_content()).as_deref(), Some("# a <b>comment</b>"));
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
fn every_label_exists_in_both_languages() {
    let keys = [
        Key::Apply,
        Key::Manifests,
        Key::KillPod,
        Key::KillReplacement,
        Key::NothingToKill,
        Key::FilesLabel,
        Key::NewTab,
        Key::RenameTab,
        Key::CloseTab,
        Key::TabNameBad,
        Key::TabNameTaken,
        Key::PullLab,
        Key::PullFails,
        Key::RetryIn,
        Key::DidYouMean,
        Key::Language,
        Key::RecoveredTitle,
        Key::RecoveredRestored,
        Key::RecoveredFresh,
        Key::RecoveredInput,
        Key::RecoveredNoInput,
        Key::RecoveredMessage,
        Key::Close,
    ];
    for k in keys {
        let (en, ko) = (text(Lang::En, k), text(Lang::Ko, k));
        assert!(!en.is_empty() && !ko.is_empty());
        assert_ne!(en, ko, "{k:?}");
    }
    assert_eq!(Lang::from_code("ko-KR"), Lang::Ko);
    assert_eq!(Lang::from_code("en-US"), Lang::En);
}

#[wasm_bindgen_test]
fn share_links_round_trip_and_refuse_garbage() {
    let s = crate::storage::Scenario {
        preset: "kind".into(),
        seed: 7,
        workers: 3,
        actions: "[{\"a\":\"advance\",\"ms\":1000}]".into(),
        text: "apiVersion: v1\nkind: Pod\n# 한국어 주석\n".into(),
    };
    let code = crate::storage::encode(&s);
    assert!(code.starts_with("v1."));
    assert_eq!(crate::storage::decode(&format!("#{code}")), Some(s));
    assert_eq!(crate::storage::decode("#v1.@@@"), None);
    assert_eq!(crate::storage::decode("#v2.abc"), None);
}

#[wasm_bindgen_test]
fn a_link_carries_a_lesson_and_its_step() {
    use crate::storage::{LessonLink, LessonSource};
    let s = crate::storage::Scenario { preset: "kind".into(), seed: 3, workers: 2, actions: "[]".into(), text: "kind: Pod\n".into() };
    for source in [LessonSource::Bundled("03-self-healing".into()), LessonSource::Text("# T\n## S\n```notes\nhi\n```\n".into())] {
        let l = LessonLink { source, step: 2, ran: 1 };
        let hash = format!("#{}{}", crate::storage::encode(&s), crate::storage::encode_lesson(&l));
        assert_eq!(crate::storage::decode(&hash), Some(s.clone()), "the scenario still reads");
        assert_eq!(crate::storage::decode_lesson(&hash), Some(l));
    }
    assert_eq!(crate::storage::decode_lesson(&format!("#{}", crate::storage::encode(&s))), None);
    assert_eq!(crate::storage::decode_lesson("#v1.abc~lesson.@@"), None);
}

#[wasm_bindgen_test]
fn every_example_applies_without_an_error() {
    for e in crate::examples::all() {
        let text = crate::examples::text_of(e.id);
        let mut c = engine::Cluster::new(engine::Preset::DockerDesktop, None, 1);
        let report = c.apply_text(&text, "example.yaml", "default", engine::apply::Mode::Apply);
        assert!(report.errors.is_empty(), "{}: {:?}", e.id, report.errors);
        assert!(!report.out.is_empty(), "{} applies something", e.id);
    }
}

/// The native engine tests assert the same value (`crates/engine/tests/determinism.rs`).
#[wasm_bindgen_test]
fn wasm_simulates_the_same_bytes_as_native() {
    assert_eq!(engine::soak::fingerprint(), 0x6a02_2c38_0c56_8856);
}

#[wasm_bindgen_test]
fn the_stated_limits_are_the_engines() {
    let limits = text(Lang::En, Key::Limits);
    assert!(limits.contains(&format!("{} MiB", engine::yaml::MAX_INPUT_BYTES >> 20)), "{limits}");
    assert!(limits.contains(&format!("{} levels", engine::yaml::MAX_DEPTH)), "{limits}");
    assert!(limits.contains("2,000,000") && engine::yaml::MAX_NODES == 2_000_000, "{limits}");
    assert!(limits.contains("200,000 pods") && engine::apiserver::MAX_PODS == 200_000, "{limits}");
}

#[wasm_bindgen_test]
fn a_click_on_the_aggregated_drawing_finds_the_tile_under_it() {
    use crate::panels::cluster_tiles::{tile_at, LEFT, PITCH, TOP};
    assert_eq!(tile_at(LEFT + 1.0, TOP + 1.0, 10), Some(0));
    assert_eq!(tile_at(LEFT + PITCH * 3.5, TOP + PITCH * 2.5, 5_000), Some(203));
    assert_eq!(tile_at(LEFT + PITCH * 3.5, TOP + PITCH * 2.5, 200), None);
    assert_eq!(tile_at(1.0, TOP + 1.0, 10), None);
}

#[wasm_bindgen_test]
fn the_journal_copies_only_what_is_new_and_follows_a_growing_time_step() {
    use crate::recovery::sync;
    use engine::Action;
    let kill = Action::KillNode("n".into());
    let mut copy = vec![];
    sync(&mut copy, &[Action::Advance(5)]);
    assert_eq!(copy, [Action::Advance(5)]);
    sync(&mut copy, &[Action::Advance(9)]);
    assert_eq!(copy, [Action::Advance(9)], "the last time step grew");
    sync(&mut copy, &[Action::Advance(9), kill.clone(), Action::Advance(1)]);
    assert_eq!(copy, [Action::Advance(9), kill.clone(), Action::Advance(1)]);
    sync(&mut copy, &[]);
    assert!(copy.is_empty(), "a new cluster starts a new copy");
}

#[wasm_bindgen_test]
fn every_door_to_the_cluster_keeps_the_journal_equal_to_its_log() {
    mount();
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        let page = crate::state::Page::load();
        let sim = page.sim;
        let same = || assert_eq!(crate::recovery::log_copy(), sim.read_untracked(|c| c.log().to_vec()));
        same();
        page.apply();
        same();
        sim.advance_sliced(3_000, || false);
        sim.advance_sliced(2_000, || false);
        same();
        page.run("kubectl scale deployment spring-deployment --replicas=4".into());
        page.run("kubectl get pods".into());
        page.run("node kill docker-desktop".into());
        sim.advance_sliced(1_000, || false);
        same();
        // The timeline's doors: the journal follows the cluster shown, and a change while
        // rewound leaves the log that leads to it.
        sim.step_back();
        same();
        sim.rewind_to_instant(sim.read_untracked(|c| c.now()) - 4_000);
        same();
        sim.step_forward();
        same();
        sim.mark();
        sim.go_to_end();
        same();
        sim.back();
        same();
        sim.advance_sliced(500, || false);
        same();
        page.run("kubectl scale deployment spring-deployment --replicas=2".into());
        same();
        assert!(!sim.is_rewound());
        page.traffic.send(sim, "spring-service", 5);
        page.reset(engine::Preset::Kind);
        same();
        assert_eq!(sim.read_untracked(|c| c.log().len()), 2, "a new kind cluster: the seed's image built and loaded");
    });
}

#[wasm_bindgen_test]
fn a_pod_name_wraps_into_lines_that_are_the_name() {
    use crate::panels::stage::wrap;
    for name in ["spring-deployment-7d9f8c6b5-x2k4q", "policy-ifnotpresent", "a", "php-apache-78c9f8cbf-abcde", "x-y-z"] {
        let lines = wrap(name);
        assert_eq!(lines.concat(), name);
        assert!(lines.iter().all(|l| l.chars().count() <= 18), "{lines:?}");
    }
    assert_eq!(wrap("spring-deployment-7d9f8c6b5-x2k4q"), ["spring-deployment-", "7d9f8c6b5-x2k4q"]);
    assert!(wrap(&"a".repeat(300)).concat().ends_with('…'));
}

#[wasm_bindgen_test]
fn the_boxes_of_the_band_never_meet() {
    use crate::panels::stage::{plan, Demand};
    let d = Demand {
        nodes: 2,
        max_pods: 3,
        name_lines: 2,
        name_chars: 18,
        node_label: 200.0,
        // Boxes of different heights: a StatefulSet's lists its ordinals.
        band: vec![(300.0, 54.0), (250.0, 120.0), (400.0, 54.0), (120.0, 98.0)],
        ..Demand::default()
    };
    let p = plan(&d, (600.0, 400.0));
    for (i, a) in p.band.iter().enumerate() {
        for b in &p.band[i + 1..] {
            assert!(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, "{a:?} {b:?}");
        }
        assert!(a.x + a.w <= p.width);
    }
}
