//! StorageClasses, PersistentVolumes and PersistentVolumeClaims: each preset's class,
//! static binding, dynamic provisioning, the scheduler's VolumeBinding verdicts, reclaim
//! and the protection finalizers.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn apply(c: &mut Cluster, text: &str) -> Vec<String> {
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    r.errors.into_iter().map(|e| e.text).collect()
}

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

const PV: &str = "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: small\nspec:\n  storageClassName: manual\n  capacity: {storage: 2Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/small}\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: big\nspec:\n  storageClassName: manual\n  capacity: {storage: 20Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/big}\n";

fn claim(name: &str, class: Option<&str>, size: &str) -> String {
    let class = class.map_or(String::new(), |c| format!("  storageClassName: \"{c}\"\n"));
    format!("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n{class}  accessModes: [ReadWriteOnce]\n  resources:\n    requests: {{storage: {size}}}\n")
}

fn pod(name: &str, claim: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  volumes:\n  - name: data\n    persistentVolumeClaim: {{claimName: {claim}}}\n  containers:\n  - name: app\n    image: nginx:1.27\n    volumeMounts:\n    - {{name: data, mountPath: /data}}\n")
}

fn column(c: &mut Cluster, line: &str, row: &str, col: usize) -> String {
    out(c, line).lines().find(|l| l.starts_with(row)).and_then(|l| l.split_whitespace().nth(col)).unwrap_or("").to_string()
}

#[test]
fn each_preset_ships_its_products_default_class() {
    let mut kind = Cluster::new(Preset::Kind, None, 1);
    assert_eq!(
        out(&mut kind, "kubectl get sc"),
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\nstandard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  60s\n"
    );
    let mut dd = Cluster::new(Preset::DockerDesktop, None, 1);
    assert!(out(&mut dd, "kubectl get storageclass")
        .contains("\nhostpath (default)   docker.io/hostpath   Delete          Immediate           false"));
    let mut cloud = Cluster::new(Preset::Cloud, None, 1);
    assert!(out(&mut cloud, "kubectl get sc").contains("standard (default)"));
}

#[test]
fn a_claim_binds_to_the_smallest_volume_that_fits() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, PV).is_empty());
    assert_eq!(column(&mut c, "kubectl get pv", "small", 4), "Available");
    assert!(apply(&mut c, &claim("data", Some("manual"), "1Gi")).is_empty());
    assert_eq!(column(&mut c, "kubectl get pvc", "data", 2), "small");
    assert_eq!(column(&mut c, "kubectl get pvc", "data", 3), "2Gi", "capacity is the volume's");
    assert_eq!(column(&mut c, "kubectl get pv", "small", 5), "default/data");
    assert_eq!(column(&mut c, "kubectl get pv", "big", 4), "Available");
    let d = out(&mut c, "kubectl describe pvc data");
    assert!(d.contains("Annotations:   pv.kubernetes.io/bind-completed: yes\n               pv.kubernetes.io/bound-by-controller: yes\nFinalizers:    [kubernetes.io/pvc-protection]\n"), "{d}");
    // Too big for any volume: it waits, and says why.
    assert!(apply(&mut c, &claim("huge", Some("manual"), "50Gi")).is_empty());
    assert_eq!(column(&mut c, "kubectl get pvc", "huge", 1), "Pending");
}

#[test]
fn a_claim_without_a_class_gets_the_default_one() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    assert!(apply(&mut c, &claim("notes", None, "1Gi")).is_empty());
    let yaml = out(&mut c, "kubectl get pvc notes -o yaml");
    assert!(yaml.contains("storageClassName: hostpath\n"), "{yaml}");
    // Docker Desktop binds at once (Immediate).
    let pv = column(&mut c, "kubectl get pvc", "notes", 2);
    assert!(pv.starts_with("pvc-") && pv.len() == 40, "{pv}");
    let d = out(&mut c, &format!("kubectl describe pv {pv}"));
    assert!(d.contains("Reclaim Policy:  Delete\n") && d.contains("Path:          /var/lib/k8s-pvs/notes/"), "{d}");
    let events = out(&mut c, "kubectl describe pvc notes");
    assert!(events.contains("ExternalProvisioning") && events.contains("Successfully provisioned volume pvc-"), "{events}");
    // An explicit empty class asks for none: no provisioning.
    assert!(apply(&mut c, &claim("plain", Some(""), "1Gi")).is_empty());
    assert!(
        out(&mut c, "kubectl describe pvc plain").contains("no persistent volumes available for this claim and no storage class is set")
    );
}

#[test]
fn wait_for_first_consumer_provisions_on_the_scheduled_node_and_pins_the_pod() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, &claim("notes", None, "1Gi")).is_empty());
    assert_eq!(column(&mut c, "kubectl get pvc", "notes", 1), "Pending");
    assert!(out(&mut c, "kubectl describe pvc notes").contains("waiting for first consumer to be created before binding"));
    assert!(apply(&mut c, &pod("writer", "notes")).is_empty());
    c.advance(10_000);
    let node = column(&mut c, "kubectl get pod writer -o wide", "writer", 6);
    assert!(node.starts_with("kind-worker"), "{node}");
    assert_eq!(column(&mut c, "kubectl get pvc", "notes", 1), "Bound");
    let pv = column(&mut c, "kubectl get pvc", "notes", 2);
    let d = out(&mut c, &format!("kubectl describe pv {pv}"));
    assert!(d.contains(&format!("Term 0:        kubernetes.io/hostname in [{node}]")), "{d}");
    // The node dies: the pod's replacement cannot go anywhere else.
    c.run(&format!("node kill {node}"), &NoFiles);
    c.run("kubectl delete pod writer --force --grace-period=0", &NoFiles);
    assert!(apply(&mut c, &pod("writer", "notes")).is_empty());
    c.advance(1_000);
    assert_eq!(column(&mut c, "kubectl get pod writer", "writer", 2), "Pending");
    let why = c.read("why writer").stdout;
    assert!(why.contains("node(s) had volume node affinity conflict"), "{why}");
}

#[test]
fn missing_and_unbound_claims_keep_a_pod_pending_with_the_schedulers_text() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    assert!(apply(&mut c, &pod("orphan", "mysql-pv-claim")).is_empty());
    let d = out(&mut c, "kubectl describe pod orphan");
    assert!(d.contains("0/1 nodes are available: persistentvolumeclaim \"mysql-pv-claim\" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."), "{d}");
    assert!(apply(&mut c, &claim("plain", Some(""), "1Gi")).is_empty());
    assert!(apply(&mut c, &pod("waits", "plain")).is_empty());
    let d = out(&mut c, "kubectl describe pod waits");
    assert!(d.contains("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption:"), "{d}");
    // The claim appears: the first pod is placed at once.
    assert!(apply(&mut c, &claim("mysql-pv-claim", None, "1Gi")).is_empty());
    c.advance(10_000);
    assert_eq!(column(&mut c, "kubectl get pod orphan", "orphan", 2), "Running");
}

#[test]
fn a_claim_in_use_stays_terminating_and_its_volume_is_reclaimed_by_policy() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, PV).is_empty());
    assert!(apply(&mut c, &claim("data", Some("manual"), "1Gi")).is_empty());
    assert!(apply(&mut c, &pod("user", "data")).is_empty());
    c.advance(10_000);
    assert_eq!(out(&mut c, "kubectl delete pvc data --wait=false"), "persistentvolumeclaim \"data\" deleted\n");
    assert_eq!(column(&mut c, "kubectl get pvc", "data", 1), "Terminating");
    assert!(out(&mut c, "kubectl describe pvc data").contains("Status:        Terminating (lasts 0s)\n"));
    c.run("kubectl delete pod user", &NoFiles);
    c.advance(40_000);
    assert_eq!(out(&mut c, "kubectl get pvc"), "No resources found in default namespace.\n");
    // Retain: the volume stays, Released, still naming its old claim.
    assert_eq!(column(&mut c, "kubectl get pv", "small", 4), "Released");
    // Delete: a provisioned volume goes with its claim.
    assert!(apply(&mut c, &claim("notes", None, "1Gi")).is_empty());
    assert!(apply(&mut c, &pod("writer", "notes")).is_empty());
    c.advance(10_000);
    let pv = column(&mut c, "kubectl get pvc", "notes", 2);
    c.run("kubectl delete pod writer", &NoFiles);
    c.advance(40_000);
    c.run("kubectl delete pvc notes", &NoFiles);
    assert!(!out(&mut c, "kubectl get pv").contains(&pv));
}

#[test]
fn the_api_server_refuses_what_kubernetes_refuses() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let bad = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: bad\nspec:\n  resources: {}\n";
    assert_eq!(
        apply(&mut c, bad),
        vec!["The PersistentVolumeClaim \"bad\" is invalid: \n* spec.accessModes: Required value: at least 1 access mode is required\n* spec.resources[storage]: Required value".to_string()]
    );
    let pv =
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: p\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n";
    assert_eq!(
        apply(&mut c, pv),
        vec!["The PersistentVolume \"p\" is invalid: spec: Required value: must specify a volume type".to_string()]
    );
    let sc = "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: s\nprovisioner: x\nreclaimPolicy: Keep\n";
    assert_eq!(
        apply(&mut c, sc),
        vec!["The StorageClass \"s\" is invalid: reclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\""
            .to_string()]
    );
}

#[test]
fn applying_the_same_claim_again_is_unchanged() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let text = claim("notes", None, "1Gi");
    assert!(apply(&mut c, &text).is_empty());
    let r = c.apply_text(&text, "t.yaml", "default", Mode::Apply);
    assert_eq!(r.out, vec!["persistentvolumeclaim/notes unchanged".to_string()]);
    assert_eq!(column(&mut c, "kubectl get pvc", "notes", 1), "Bound");
}

#[test]
fn a_pod_bound_by_node_name_waits_in_container_creating_for_its_claim() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let text = pod("direct", "later").replace("spec:\n  volumes:", "spec:\n  nodeName: docker-desktop\n  volumes:");
    assert!(apply(&mut c, &text).is_empty());
    c.advance(30_000);
    assert_eq!(column(&mut c, "kubectl get pod direct", "direct", 2), "ContainerCreating");
    assert!(!out(&mut c, "kubectl describe pod direct").contains("FailedMount"), "v1.33's kubelet records no event for it");
    assert!(apply(&mut c, &claim("later", None, "1Gi")).is_empty());
    c.advance(15_000);
    assert_eq!(column(&mut c, "kubectl get pod direct", "direct", 2), "Running");
}

#[test]
fn the_beta_class_annotation_still_names_the_class() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, PV).is_empty());
    let text = claim("old", None, "1Gi")
        .replace("  name: old\n", "  name: old\n  annotations:\n    volume.beta.kubernetes.io/storage-class: manual\n");
    assert!(apply(&mut c, &text).is_empty());
    assert_eq!(column(&mut c, "kubectl get pvc", "old", 2), "small");
    assert!(!out(&mut c, "kubectl get pvc old -o yaml").contains("storageClassName"), "admission leaves it alone");
}
