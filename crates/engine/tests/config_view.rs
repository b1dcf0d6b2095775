//! What the page draws of ConfigMaps, Secrets and claims: each with the pods that use
//! it, and the reason a pod held back by one reports.

use engine::apply::Mode;
use engine::view::{ConfigView, Use};
use engine::{Cluster, Preset};

fn apply(c: &mut Cluster, text: &str) {
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors.iter().map(|e| e.text.clone()).collect::<Vec<_>>());
}

fn find<'a>(v: &'a [ConfigView], kind: &str, name: &str) -> &'a ConfigView {
    v.iter().find(|o| o.kind == kind && o.name == name).unwrap_or_else(|| panic!("{kind}/{name} drawn: {v:?}"))
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    env:\n    - name: COLOUR\n      valueFrom:\n        configMapKeyRef:\n          name: settings\n          key: colour\n    volumeMounts:\n    - name: conf\n      mountPath: /etc/conf\n  volumes:\n  - name: conf\n    configMap:\n      name: settings\n";
const SETTINGS: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  colour: blue\n";

#[test]
fn a_missing_config_map_is_drawn_with_the_reason_and_clears_when_created() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, POD);
    c.advance(30_000);
    let v = engine::view::of(&c).config;
    let cm = find(&v, "ConfigMap", "settings");
    assert!(!cm.exists);
    assert!(v.iter().all(|o| o.name != "kube-root-ca.crt"), "every namespace's CA bundle is not the learner's: {v:?}");
    assert_eq!(cm.links.len(), 1);
    assert_eq!(cm.links[0].pod, "default/app");
    assert_eq!(cm.links[0].uses, vec![Use::Env, Use::File]);
    let why = cm.links[0].blocked.clone().unwrap_or_default();
    // The volume holds the pod in ContainerCreating before the environment is read.
    assert!(why.contains("configmap \"settings\" not found"), "{why}");
    apply(&mut c, SETTINGS);
    c.advance(120_000);
    let v = engine::view::of(&c).config;
    let cm = find(&v, "ConfigMap", "settings");
    assert!(cm.exists);
    assert_eq!(cm.summary, "DATA 1");
    assert_eq!(cm.links[0].blocked, None, "{v:?}");
}

#[test]
fn a_missing_key_reads_as_the_container_config_error() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  size: big\n");
    apply(&mut c, POD);
    c.advance(60_000);
    let v = engine::view::of(&c).config;
    let why = find(&v, "ConfigMap", "settings").links[0].blocked.clone().unwrap_or_default();
    assert_eq!(why, "CreateContainerConfigError: couldn't find key colour in ConfigMap default/settings");
}

#[test]
fn a_pod_on_a_missing_claim_is_pending_with_the_schedulers_reason() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n  - name: db\n    image: nginx:1.27\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n",
    );
    c.advance(30_000);
    let v = engine::view::of(&c).config;
    let claim = find(&v, "PersistentVolumeClaim", "data");
    assert!(!claim.exists);
    let why = claim.links[0].blocked.clone().unwrap_or_default();
    assert!(why.starts_with("Pending: ") && why.contains("persistentvolumeclaim \"data\" not found"), "{why}");
    apply(&mut c, "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n");
    c.advance(120_000);
    let v = engine::view::of(&c).config;
    let claim = find(&v, "PersistentVolumeClaim", "data");
    assert!(claim.summary.starts_with("Bound · pvc-"), "{v:?}");
    assert_eq!(claim.links[0].blocked, None);
}

#[test]
fn a_statefulsets_claims_are_left_to_its_own_box() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(
        &mut c,
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/workloads/statefulset.yaml")).expect("the example"),
    );
    c.advance(120_000);
    let vm = engine::view::of(&c);
    assert!(vm.statefulsets.iter().any(|s| s.ordinals.iter().any(|o| !o.claims.is_empty())), "{:?}", vm.statefulsets);
    assert!(vm.config.iter().all(|o| o.kind != "PersistentVolumeClaim"), "{:?}", vm.config);
}

/// After an edit, a running pod's variable keeps the value it started with while its
/// mounted file takes the new one at the kubelet's next sync of the pod (each minute
/// from the container's start); the box says which, and when.
#[test]
fn an_edit_leaves_the_environment_stale_and_reaches_the_files_at_the_next_sync() {
    use engine::view::FileSync;
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, SETTINGS);
    apply(&mut c, POD);
    c.advance(40_000);
    let link = find(&engine::view::of(&c).config, "ConfigMap", "settings").links[0].clone();
    assert_eq!(link.env.len(), 1, "{link:?}");
    assert_eq!((link.env[0].var.as_str(), link.env[0].key.as_str(), link.env[0].started.as_str()), ("COLOUR", "colour", "blue"));
    assert!(!link.env[0].stale());
    assert_eq!(link.file, Some(FileSync::Current));
    apply(&mut c, &SETTINGS.replace("blue", "green"));
    let edited = c.now();
    let link = find(&engine::view::of(&c).config, "ConfigMap", "settings").links[0].clone();
    assert_eq!((link.env[0].started.as_str(), link.env[0].now.as_str()), ("blue", "green"));
    assert!(link.env[0].stale());
    let Some(FileSync::Pending { at, left }) = link.file else { panic!("the file waits for the sync: {link:?}") };
    assert!(at > edited && left <= 60_000 && at - left == edited, "{link:?}");
    // What exec shows agrees: the file still old, until the sync.
    let cat = c.kubectl("kubectl exec app -- cat /etc/conf/colour", &engine::kubectl::NoFiles).text();
    assert_eq!(cat.trim(), "blue");
    c.advance(left);
    let link = find(&engine::view::of(&c).config, "ConfigMap", "settings").links[0].clone();
    assert_eq!(link.file, Some(FileSync::Updated(at)));
    assert!(link.env[0].stale(), "the environment waits for a restart");
    let cat = c.kubectl("kubectl exec app -- cat /etc/conf/colour", &engine::kubectl::NoFiles).text();
    assert_eq!(cat.trim(), "green");
    let env = c.kubectl("kubectl exec app -- printenv COLOUR", &engine::kubectl::NoFiles).text();
    assert_eq!(env.trim(), "blue");
}

/// A PersistentVolume is drawn with STATUS, CLAIM and RECLAIM POLICY: Available, Bound to
/// its claim, then Released when the claim goes (Retain keeps it).
#[test]
fn a_volume_shows_its_phase_claim_and_reclaim_policy_through_the_claims_life() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: disk\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n  storageClassName: \"\"\n  hostPath: {path: /data/disk}\n");
    c.advance(5_000);
    let pv = |c: &Cluster| find(&engine::view::of(c).config, "PersistentVolume", "disk").summary.clone();
    assert_eq!(pv(&c), "Available · Retain");
    apply(&mut c, "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: \"\"\n  resources:\n    requests: {storage: 1Gi}\n");
    c.advance(30_000);
    assert_eq!(pv(&c), "Bound · default/data · Retain");
    assert_eq!(find(&engine::view::of(&c).config, "PersistentVolumeClaim", "data").summary, "Bound · disk");
    c.kubectl("kubectl delete pvc data", &engine::kubectl::NoFiles);
    c.advance(30_000);
    assert_eq!(pv(&c), "Released · default/data · Retain");
}
