//! ReplicationControllers: run by the ReplicaSet controller, with a plain-map selector
//! that defaults to the template's labels.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const RC: &str = "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: nginx\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: {app: nginx}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";

fn live(c: &Cluster) -> usize {
    c.store.pods_in(Some("default")).into_iter().filter_map(|id| c.store.pod(id)).filter(|p| p.is_active()).count()
}

#[test]
fn selector_and_labels_default_to_the_template_and_pods_are_kept_at_replicas() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(RC, "rc.yaml", "default", Mode::Apply);
    c.advance(30_000);
    assert_eq!(live(&c), 3);
    let rc = c.store.replication_controller("default", "nginx").unwrap();
    assert_eq!(rc.raw().get("selector").and_then(|s| s.get("app")).and_then(|v| v.as_str()), Some("nginx"));
    assert_eq!(rc.rs.meta.labels.get("app"), Some("nginx"));
    let out = c.kubectl("get rc", &NoFiles).text();
    assert_eq!(out, "NAME    DESIRED   CURRENT   READY   AGE\nnginx   3         3         3       30s\n");
    let victim = c.store.pod(c.store.pods_in(Some("default"))[0]).unwrap().meta.name.clone();
    c.kubectl(&format!("delete pod {victim} --wait=false"), &NoFiles);
    c.advance(1_000);
    assert_eq!(live(&c), 3, "replaced at once");
    c.kubectl("scale rc nginx --replicas=1", &NoFiles);
    c.advance(60_000);
    assert_eq!(live(&c), 1);
    let events = c.kubectl("get events", &NoFiles).text();
    assert!(events.contains("replicationcontroller/nginx") && events.contains("Created pod: nginx-"), "{events}");
    c.kubectl("delete rc nginx", &NoFiles);
    c.advance(60_000);
    assert_eq!(live(&c), 0, "the pods go with it");
}

#[test]
fn a_selector_that_misses_the_template_is_refused() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let text = RC.replace("  replicas: 3\n", "  replicas: 3\n  selector: {app: other}\n");
    let r = c.apply_text(&text, "rc.yaml", "default", Mode::Apply);
    assert!(format!("{r:?}").contains("selector does not match labels in template"), "{r:?}");
}

/// The classic debugging move: take a pod out of its ReplicaSet by changing a label. The
/// ReplicaSet lets it go (its controller reference is removed), makes a replacement, and
/// takes the pod back (deleting one too many) when the label returns.
#[test]
fn a_relabelled_pod_is_released_and_replaced_then_adopted_back() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    c.kubectl("create deployment web --image=nginx:1.27 --replicas=2", &NoFiles);
    c.advance(20_000);
    let first = c.store.pod(c.store.pods_in(Some("default"))[0]).unwrap().meta.name.clone();
    c.kubectl(&format!("label pod {first} app=debug --overwrite"), &NoFiles);
    c.advance(10_000);
    assert_eq!(live(&c), 3, "a replacement joins the released pod");
    let id = c.store.pod_id("default", &first).unwrap();
    assert!(c.store.pod(id).unwrap().meta.controller().is_none(), "released: no controller reference");
    let rs = c.kubectl("get rs --no-headers", &NoFiles).text();
    let cols: Vec<&str> = rs.split_whitespace().collect();
    assert_eq!(&cols[1..4], ["2", "2", "2"], "the ReplicaSet counts its two own pods: {rs}");
    c.kubectl(&format!("label pod {first} app=web --overwrite"), &NoFiles);
    c.advance(40_000);
    assert_eq!(live(&c), 2, "adopted back, and one too many deleted");
    assert!(c.store.pod_id("default", &first).is_some(), "the older pod stays");
}

#[test]
fn the_pods_of_one_burst_share_one_list_of_owner_references_until_one_is_orphaned() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(RC, "rc.yaml", "default", Mode::Apply);
    c.advance(30_000);
    let ids = c.store.pods_in(Some("default"));
    let lists: Vec<*const engine::model::meta::OwnerRef> = ids.iter().map(|id| c.store.pod(*id).unwrap().meta.owners.as_ptr()).collect();
    assert_eq!(lists.len(), 3);
    assert!(lists.windows(2).all(|w| w[0] == w[1]), "one list for the three");
    // Orphaning one pod (deleting the controller with --cascade=orphan) changes its
    // list, not the others'.
    let out = c.kubectl("delete rc nginx --cascade=orphan", &NoFiles).text();
    assert!(out.contains("deleted"), "{out}");
    c.advance(1_000);
    for id in &ids {
        let p = c.store.pod(*id).unwrap();
        assert!(p.meta.owners.is_empty(), "{} keeps no owner", p.meta.name);
        assert!(c.kubectl(&format!("get pod {} -o yaml", p.meta.name), &NoFiles).text().find("ownerReferences").is_none());
    }
    engine::invariants::check(&c).unwrap();
}
