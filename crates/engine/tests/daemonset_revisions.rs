//! A DaemonSet's ControllerRevisions: one per template, named `<ds>-<hash>` with the
//! hash its pods carry, renumbered as the newest when a rollback brings it back, and
//! pruned beyond `revisionHistoryLimit`; `kubectl rollout history|undo` reads them.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::model::{Kind, Object};
use engine::{Cluster, Preset};

fn daemon(image: &str, limit: Option<i64>) -> String {
    let limit = limit.map(|l| format!("  revisionHistoryLimit: {l}\n")).unwrap_or_default();
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n{limit}  selector:\n    matchLabels: {{app: agent}}\n  template:\n    metadata:\n      labels: {{app: agent}}\n    spec:\n      containers:\n      - name: agent\n        image: {image}\n"
    )
}

fn get(c: &mut Cluster, line: &str) -> String {
    c.kubectl(line, &NoFiles).text()
}

/// The DaemonSet's revisions as (name, revision, hash label), oldest first.
fn revisions(c: &Cluster) -> Vec<(String, i64, String)> {
    let mut v: Vec<(String, i64, String)> = c
        .store
        .objects_of(Kind::ControllerRevision, Some("default"))
        .filter_map(|o| match o {
            Object::Written(g) if g.meta.controller().is_some_and(|o| &*o.name == "agent") => Some((
                g.meta.name.clone(),
                engine::model::controllerrevision::revision(g),
                g.meta.labels.get("controller-revision-hash").unwrap_or("").to_string(),
            )),
            _ => None,
        })
        .collect();
    v.sort_by_key(|r| r.1);
    v
}

/// The hash labels of the DaemonSet's live pods, sorted and deduplicated.
fn pod_hashes(c: &Cluster) -> Vec<String> {
    let mut v: Vec<String> = c
        .store
        .pods_in(Some("default"))
        .into_iter()
        .filter_map(|id| c.store.pod(id))
        .filter(|p| p.is_active() && p.meta.deletion.is_none() && p.meta.labels.get("app") == Some("agent"))
        .map(|p| p.meta.labels.get("controller-revision-hash").unwrap_or("").to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn each_template_is_a_revision_whose_hash_labels_the_pods() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(&daemon("nginx:1.27", None), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    let first = revisions(&c);
    assert_eq!(first.len(), 1);
    let (name, number, hash) = first[0].clone();
    assert_eq!((name.clone(), number), (format!("agent-{hash}"), 1));
    assert_eq!(pod_hashes(&c), std::slice::from_ref(&hash));
    c.kubectl("set image ds/agent agent=nginx:1.28", &NoFiles);
    c.advance(120_000);
    let second = revisions(&c);
    assert_eq!(second.iter().map(|r| r.1).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(pod_hashes(&c), [second[1].2.clone()]);
    let out = get(&mut c, "get controllerrevisions");
    assert!(out.contains(&format!("{name}   daemonset.apps/agent   1 ")), "{out}");
    // Undo restores revision 1's template, and that revision becomes number 3.
    assert_eq!(get(&mut c, "rollout undo ds/agent"), "daemonset.apps/agent rolled back\n");
    c.advance(120_000);
    let third = revisions(&c);
    assert_eq!(third, [(second[1].0.clone(), 2, second[1].2.clone()), (name, 3, hash.clone())]);
    assert_eq!(pod_hashes(&c), [hash]);
    let ds = c.store.daemonset("default", "agent").unwrap();
    assert_eq!(ds.spec.template.get("spec").and_then(|s| s.get("containers")).map(|v| v.to_json().contains("nginx:1.27")), Some(true));
    engine::invariants::check(&c).unwrap();
}

#[test]
fn undo_and_history_answer_as_kubectl() {
    let mut c = Cluster::new(Preset::Kind, None, 2);
    c.apply_text(&daemon("nginx:1.27", None), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    assert_eq!(get(&mut c, "rollout undo ds/agent"), "error: no last revision to roll back to\n");
    assert_eq!(
        get(&mut c, "rollout undo ds/agent --to-revision=1"),
        "daemonset.apps/agent skipped rollback (current template already matches revision 1)\n"
    );
    assert_eq!(get(&mut c, "rollout undo ds/agent --to-revision=4"), "error: unable to find specified revision 4 in history\n");
    assert_eq!(get(&mut c, "rollout history ds/agent --revision=4"), "error: unable to find the specified revision\n");
    assert_eq!(get(&mut c, "rollout history ds/agent"), "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n\n");
    let one = get(&mut c, "rollout history ds/agent --revision=1");
    assert!(one.starts_with("daemonset.apps/agent with revision #1\nPod Template:\n  Labels:\tapp=agent\n"), "{one}");
    assert!(one.contains("    Image:\tnginx:1.27\n") && one.ends_with("  Tolerations:\t<none>\n\n"), "{one}");
    assert_eq!(get(&mut c, "rollout resume ds/agent"), "error: daemonsets.apps \"agent\" resuming is not supported\n");
    assert_eq!(get(&mut c, "rollout undo ds/nothing"), "Error from server (NotFound): daemonsets.apps \"nothing\" not found\n");
}

#[test]
fn restart_is_a_new_revision_with_the_restarted_at_annotation() {
    let mut c = Cluster::new(Preset::Kind, None, 3);
    c.apply_text(&daemon("nginx:1.27", None), "ds.yaml", "default", Mode::Apply);
    c.advance(30_000);
    assert_eq!(get(&mut c, "rollout restart ds/agent"), "daemonset.apps/agent restarted\n");
    c.advance(120_000);
    assert_eq!(revisions(&c).len(), 2);
    let ds = c.store.daemonset("default", "agent").unwrap();
    let annotated =
        ds.spec.template.get("metadata").and_then(|m| m.get("annotations")).and_then(|a| a.get("kubectl.kubernetes.io/restartedAt"));
    assert!(annotated.is_some());
    assert_eq!(ds.meta.annotations.get("deprecated.daemonset.template.generation"), Some("2"));
}

#[test]
fn revisions_no_pod_runs_go_beyond_the_history_limit() {
    let mut c = Cluster::new(Preset::Kind, None, 4);
    for (i, image) in ["nginx:1.25", "nginx:1.26", "nginx:1.27", "nginx:1.28"].into_iter().enumerate() {
        c.apply_text(&daemon(image, Some(1)), "ds.yaml", "default", Mode::Apply);
        c.advance(120_000);
        assert_eq!(revisions(&c).last().map(|r| r.1), Some(i as i64 + 1));
    }
    // The current revision and one other.
    assert_eq!(revisions(&c).iter().map(|r| r.1).collect::<Vec<_>>(), [3, 4]);
    // Deleting the DaemonSet takes its revisions with it.
    get(&mut c, "delete ds agent");
    c.advance(60_000);
    assert!(revisions(&c).is_empty());
}
