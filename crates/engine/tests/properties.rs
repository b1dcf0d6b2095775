//! Property tests: invariants that must hold for any input, not just the examples.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::model::{Labels, Selector};
use engine::{Cluster, Preset};
use proptest::prelude::*;

fn label_set() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec(("[a-c]{1,2}", "[x-z]{0,2}"), 0..5)
}

fn labels(pairs: &[(String, String)]) -> Labels {
    let mut l = Labels::default();
    for (k, v) in pairs {
        l.insert(k, v);
    }
    l
}

proptest! {
    /// A selector made of some of an object's own labels always matches it, and stops
    /// matching once it asks for a value the object does not have.
    #[test]
    fn selectors_match_their_own_labels(pairs in label_set(), take in 0usize..5) {
        let l = labels(&pairs);
        let sub: Vec<String> = l.0.iter().take(take).map(|(k, v)| format!("{k}={v}")).collect();
        let sel = Selector::parse(&sub.join(",")).unwrap();
        prop_assert!(sel.matches(&l));
        if let Some((k, v)) = l.0.first() {
            let other = Selector::parse(&format!("{k}={v}q")).unwrap();
            prop_assert!(!other.matches(&l));
            let not = Selector::parse(&format!("{k}!={v}")).unwrap();
            prop_assert!(!not.matches(&l));
        }
    }

    /// Equality selectors from `matchLabels` and from `-l` agree.
    #[test]
    fn match_labels_and_dash_l_agree(sel_pairs in label_set(), obj_pairs in label_set()) {
        let sel_labels = labels(&sel_pairs);
        let obj = labels(&obj_pairs);
        let a = Selector::from_labels(&sel_labels).matches(&obj);
        let b = Selector::parse(&sel_labels.to_selector_string()).unwrap().matches(&obj);
        prop_assert_eq!(a, b);
    }

    /// The imagePullPolicy default depends only on whether the tag is `latest` or absent.
    #[test]
    fn pull_policy_default(name in "[a-z]{1,8}(/[a-z]{1,8})?", tag in prop::option::of("[a-z0-9.]{1,6}")) {
        let image = match &tag { Some(t) => format!("{name}:{t}"), None => name.clone() };
        let want = match tag.as_deref() { None | Some("latest") => "Always", _ => "IfNotPresent" };
        prop_assert_eq!(engine::model::defaults::pull_policy_for(&image), want);
    }

    /// Defaulting twice changes nothing more than defaulting once.
    #[test]
    fn defaulting_is_idempotent(image in "[a-z]{1,6}(:[0-9]{1,2})?", port in 1i64..65535, with_port in any::<bool>()) {
        let ports = if with_port { format!("    ports:\n    - containerPort: {port}\n") } else { String::new() };
        let text = format!("containers:\n  - name: app\n    image: \"{image}\"\n{ports}");
        let node = &engine::yaml::parse_stream(&text).docs[0].root;
        let mut once = engine::model::decode::decode(node, "PodSpec").unwrap();
        engine::model::defaults::pod_spec(&mut once, true);
        let mut twice = once.clone();
        engine::model::defaults::pod_spec(&mut twice, true);
        prop_assert_eq!(once, twice);
    }

    /// Names with a character outside `[a-z0-9-.]` are never valid object names.
    #[test]
    fn bad_characters_make_bad_names(prefix in "[a-z]{1,5}", bad in "[A-Z_ !@#]", suffix in "[a-z]{1,5}") {
        let name = format!("{prefix}{bad}{suffix}");
        prop_assert!(!engine::model::validation::names::dns1123_subdomain(&name).is_empty());
        prop_assert!(!engine::model::validation::names::dns1035_label(&name).is_empty());
    }

    /// Whatever text is applied, the engine answers with output or errors, never a panic,
    /// and every error points inside the text.
    #[test]
    fn any_text_is_answered_not_panicked(text in "[ -~\n\t]{0,300}") {
        let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
        let report = c.apply_text(&text, "x.yaml", "default", Mode::Apply);
        let lines = text.lines().count().max(1) as u32 + 1;
        for e in &report.errors {
            prop_assert!(!e.text.is_empty());
            prop_assert!(e.span.line <= lines, "error at line {} of a {}-line text: {}", e.span.line, lines, e.text);
        }
    }

    /// Mutations of a valid manifest (a line dropped, a word changed) never panic either.
    #[test]
    fn mutated_manifests_are_answered(drop in 0usize..20, word in "[a-zA-Z0-9:\\- ]{0,12}", at in 0usize..20) {
        let base = include_str!("../../../examples/seed/spring-deployment.yaml");
        let mut lines: Vec<String> = base.lines().map(String::from).collect();
        if drop < lines.len() { lines.remove(drop); }
        if at < lines.len() { let l = lines[at].clone(); lines[at] = format!("{l}{word}"); }
        let mut c = Cluster::new(Preset::Kind, None, 1);
        let _ = c.apply_text(&lines.join("\n"), "m.yaml", "default", Mode::Apply);
        c.advance(10_000);
        let _ = c.kubectl("get all -A", &NoFiles);
    }

    /// Scheduling never overcommits a node: requests stay within capacity, pod counts
    /// within maxPods, and every running pod has an address no other pod has.
    #[test]
    fn scheduler_never_overcommits(cpus in prop::collection::vec(0u32..3000, 1..40), nodes in 1usize..4) {
        let mut c = Cluster::new(Preset::Cloud, Some(nodes), 7);
        let mut text = String::new();
        for (i, cpu) in cpus.iter().enumerate() {
            text.push_str(&format!("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests:\n        cpu: {cpu}m\n"));
        }
        let report = c.apply_text(&text, "p.yaml", "default", Mode::Create);
        prop_assert!(report.errors.is_empty(), "{:?}", report.errors);
        c.advance(5_000);
        let mut ips = std::collections::BTreeSet::new();
        for n in c.store.nodes.values() {
            prop_assert!(n.requested_cpu_m <= n.cpu_m);
            prop_assert!(n.pod_count <= n.max_pods);
        }
        for id in c.store.pods_in(None) {
            let p = c.store.pod(id).unwrap();
            if p.is_ready() {
                prop_assert!(ips.insert(p.status.pod_ip.to_string()), "duplicate IP {}", p.status.pod_ip);
            }
        }
    }
}
