//! ConfigMaps and Secrets: what the API server accepts and refuses, how kubectl shows
//! them, and how pods consume them.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn cluster() -> Cluster {
    Cluster::new(Preset::DockerDesktop, None, 1)
}

fn apply(c: &mut Cluster, text: &str) -> (Vec<String>, Vec<String>) {
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    (r.out, r.errors.into_iter().map(|e| e.text).collect())
}

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

const DB: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\ndata:\n  username: YWRtaW4=\n";

#[test]
fn string_data_is_folded_into_base64_data_and_never_shown() {
    let mut c = cluster();
    assert_eq!(apply(&mut c, DB), (vec!["secret/db created".to_string()], vec![]));
    let yaml = out(&mut c, "kubectl get secret db -o yaml");
    assert!(yaml.contains("data:\n  password: aHVudGVyMg==\n  username: YWRtaW4=\n"), "{yaml}");
    assert!(yaml.contains("\ntype: Opaque\n"), "{yaml}");
    assert!(!yaml.split("metadata:").nth(1).unwrap_or("").contains("\nstringData"), "{yaml}");
    assert!(!yaml.contains("generation:"), "Secrets have no generation: {yaml}");
    assert_eq!(out(&mut c, "kubectl get secrets"), "NAME   TYPE     DATA   AGE\ndb     Opaque   2      0s\n");
    let d = out(&mut c, "kubectl describe secret db");
    assert!(d.ends_with("\nType:  Opaque\n\nData\n====\npassword:  7 bytes\nusername:  5 bytes\n"), "{d}");
}

#[test]
fn config_map_columns_and_describe() {
    let mut c = cluster();
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game\ndata:\n  lives: \"3\"\nbinaryData:\n  logo: iVBORw0KGgo=\n";
    assert_eq!(apply(&mut c, cm).0, vec!["configmap/game created".to_string()]);
    // Beside the namespace's `kube-root-ca.crt`, which every namespace has.
    assert_eq!(
        out(&mut c, "kubectl get cm"),
        "NAME               DATA   AGE\ngame               2      0s\nkube-root-ca.crt   1      60s\n"
    );
    let d = out(&mut c, "kubectl describe configmap game");
    assert!(d.contains("\nData\n====\nlives:\n----\n3\n\nBinaryData\n====\nlogo: 8 bytes\n\nEvents:  <none>\n"), "{d}");
    assert!(!out(&mut c, "kubectl get all").contains("configmap"), "get all does not list them");
    assert_eq!(out(&mut c, "kubectl delete cm game"), "configmap \"game\" deleted\n");
    assert_eq!(out(&mut c, "kubectl get configmaps"), "NAME               DATA   AGE\nkube-root-ca.crt   1      60s\n");
}

#[test]
fn the_api_server_refuses_what_kubernetes_refuses() {
    let mut c = cluster();
    let bad_b64 = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: hunter2\n";
    assert_eq!(
        apply(&mut c, bad_b64).1,
        vec!["Error from server (BadRequest): error when creating \"t.yaml\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 4".to_string()]
    );
    let bad_key = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  bad key: v\n";
    assert_eq!(
        apply(&mut c, bad_key).1,
        vec!["The ConfigMap \"x\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')".to_string()]
    );
    let dup = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\nbinaryData:\n  k: YQ==\n";
    assert_eq!(
        apply(&mut c, dup).1,
        vec!["The ConfigMap \"x\" is invalid: data[k]: Invalid value: \"k\": duplicate of key present in binaryData".to_string()]
    );
    let tls = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\ntype: kubernetes.io/tls\ndata:\n  tls.crt: YQ==\n";
    assert_eq!(apply(&mut c, tls).1, vec!["The Secret \"t\" is invalid: data[tls.key]: Required value".to_string()]);
    let docker = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: d\ntype: kubernetes.io/dockerconfigjson\n";
    assert_eq!(apply(&mut c, docker).1, vec!["The Secret \"d\" is invalid: data[.dockerconfigjson]: Required value".to_string()]);
    let big = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: {}\n", "x".repeat(1024 * 1024 + 1));
    // `kubectl apply` would first hit the annotation limit with its last-applied copy, as
    // for real; `create` reaches the data limit.
    assert!(apply(&mut c, &big).1[0].contains("metadata.annotations: Too long: must have at most 262144 bytes"));
    let r = c.apply_text(&big, "t.yaml", "default", Mode::Create);
    assert_eq!(
        r.errors.into_iter().map(|e| e.text).collect::<Vec<_>>(),
        vec!["The ConfigMap \"big\" is invalid: []: Too long: must have at most 1048576 bytes".to_string()]
    );
    let left = out(&mut c, "kubectl get cm,secrets -o name");
    assert!(c.store.pod_count_in("default") == 0 && left == "configmap/kube-root-ca.crt\n", "{left}");
}

#[test]
fn immutable_objects_keep_their_data_and_secrets_their_type() {
    let mut c = cluster();
    let frozen = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f\nimmutable: true\ndata:\n  a: \"1\"\n";
    apply(&mut c, frozen);
    assert_eq!(
        apply(&mut c, &frozen.replace("\"1\"", "\"2\"")).1,
        vec!["The ConfigMap \"f\" is invalid: data: Forbidden: field is immutable when `immutable` is set".to_string()]
    );
    let (ok, errs) = apply(&mut c, &frozen.replace("name: f", "name: f\n  labels: {tier: x}"));
    assert!(errs.is_empty() && ok == vec!["configmap/f configured".to_string()], "metadata may change: {errs:?}");
    apply(&mut c, DB);
    let retyped = DB.replace("stringData:", "type: kubernetes.io/basic-auth\nstringData:");
    assert_eq!(
        apply(&mut c, &retyped).1,
        vec!["The Secret \"db\" is invalid: type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable".to_string()]
    );
}

fn status(c: &Cluster, name: &str) -> String {
    c.store.pod(c.store.pod_id("default", name).unwrap()).unwrap().summary(c.now()).status
}

/// (reason, count) of the pod's events whose message contains `needle`.
fn events(c: &mut Cluster, pod: &str, needle: &str) -> Vec<(String, String)> {
    let d = out(c, &format!("kubectl describe pod {pod}"));
    d.lines().filter(|l| l.contains(needle)).map(|l| (l.split_whitespace().nth(1).unwrap_or("").to_string(), l.to_string())).collect()
}

const ENV_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"echo pw=$DB_PASSWORD; sleep 3600\"]\n    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef: {name: db, key: password}\n";

#[test]
fn a_pod_waiting_on_a_missing_secret_starts_within_the_kubelets_retry() {
    let mut c = cluster();
    apply(&mut c, ENV_POD);
    c.advance(60_000);
    assert_eq!(status(&c, "app"), "CreateContainerConfigError");
    let p = c.store.pod(c.store.pod_id("default", "app").unwrap()).unwrap();
    assert_eq!(p.status.phase.as_str(), "Pending");
    let failed = events(&mut c, "app", "Error: secret \"db\" not found");
    assert_eq!(failed.len(), 1, "one aggregated event: {failed:?}");
    // A retry every 10-15 s after the first attempt (at ~2 s, after the pull).
    let count: u32 = failed[0].1.split("(x").nth(1).and_then(|s| s.split(' ').next()).and_then(|n| n.parse().ok()).unwrap_or(1);
    assert!((4..=7).contains(&count), "{failed:?}");
    assert!(!events(&mut c, "app", "already present on machine").is_empty(), "each retry checks the image first");
    apply(&mut c, DB);
    let created = c.now();
    while status(&c, "app") != "Running" {
        assert!(c.now() - created <= 15_000, "started within one retry: {}", status(&c, "app"));
        c.advance(100);
    }
    assert_eq!(out(&mut c, "kubectl logs app"), "pw=hunter2\n");
    // The environment was read at start: a later edit does not reach the running process.
    apply(&mut c, &DB.replace("hunter2", "changed"));
    c.advance(60_000);
    assert_eq!(out(&mut c, "kubectl logs app"), "pw=hunter2\n");
}

#[test]
fn a_missing_key_and_optional_references() {
    let mut c = cluster();
    apply(&mut c, &DB.replace("password: hunter2", "passwd: hunter2"));
    apply(&mut c, ENV_POD);
    c.advance(30_000);
    let p = c.store.pod(c.store.pod_id("default", "app").unwrap()).unwrap();
    match &p.status.statuses[0].state {
        engine::model::pod::ContainerState::Waiting { reason, message } => {
            assert_eq!(
                (reason.as_str(), message.as_str()),
                ("CreateContainerConfigError", "couldn't find key password in Secret default/db")
            )
        }
        s => panic!("{s:?}"),
    }
    let optional = ENV_POD.replace("name: app\nspec", "name: opt\nspec").replace("key: password}", "key: password, optional: true}")
        + "    envFrom:\n    - configMapRef: {name: nowhere, optional: true}\n";
    apply(&mut c, &optional);
    c.advance(30_000);
    assert_eq!(status(&c, "opt"), "Running", "optional references that are missing are skipped");
    assert_eq!(out(&mut c, "kubectl logs opt"), "pw=\n");
}

/// nginx's own command reads no variable: its environment is checked, not made, at
/// start; what is missing still holds it, and `exec` sees the values once it runs.
#[test]
fn an_image_that_reads_no_variable_still_waits_for_its_references() {
    let mut c = cluster();
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    envFrom:\n    - configMapRef: {name: web-config}\n    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef: {name: db, key: password}\n";
    apply(&mut c, pod);
    c.advance(30_000);
    assert_eq!(status(&c, "web"), "CreateContainerConfigError");
    assert_eq!(events(&mut c, "web", "Error: configmap \"web-config\" not found").len(), 1);
    apply(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: info\n");
    apply(&mut c, &DB.replace("password: hunter2", "passwd: hunter2"));
    c.advance(30_000);
    assert_eq!(status(&c, "web"), "CreateContainerConfigError", "the key is still missing");
    assert_eq!(events(&mut c, "web", "Error: couldn't find key password in Secret default/db").len(), 1);
    apply(&mut c, DB);
    c.advance(30_000);
    assert_eq!(status(&c, "web"), "Running");
    let env = out(&mut c, "kubectl exec web -- env");
    assert!(env.contains("\nLOG_LEVEL=info\n") && env.contains("\nDB_PASSWORD=hunter2\n"), "{env}");
}

const VOL_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    volumeMounts:\n    - {name: config, mountPath: /etc/config}\n  volumes:\n  - name: config\n    configMap: {name: app-config}\n";

#[test]
fn a_missing_volume_source_keeps_the_pod_creating_with_failed_mount_events() {
    let mut c = cluster();
    apply(&mut c, VOL_POD);
    c.advance(15 * 60_000);
    assert_eq!(status(&c, "web"), "ContainerCreating");
    let p = c.store.pod(c.store.pod_id("default", "web").unwrap()).unwrap();
    assert!(p.status.pod_ip.is_empty(), "no sandbox before the volumes are mounted");
    let mounts = events(&mut c, "web", "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found");
    // 0.5 s doubling to 2m2s: 9 attempts in the first 2 min, then one every 2m2s (a
    // real cluster shows `(x15 over 15m)` a little later).
    assert!(mounts.len() == 1 && mounts[0].1.contains("(x15 over 14m)"), "{mounts:?}");
    let yaml = out(&mut c, "kubectl get pod web -o yaml");
    assert!(yaml.contains("  - configMap:\n      defaultMode: 420\n      name: app-config\n    name: config\n"), "{yaml}");
    apply(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: b\n");
    let created = c.now();
    while status(&c, "web") != "Running" {
        assert!(c.now() - created <= 122_000 + 10_000, "mounted at the next retry, then pulled: {}", status(&c, "web"));
        c.advance(500);
    }
}

#[test]
fn the_same_seed_gives_the_same_events() {
    let run = || {
        let mut c = cluster();
        apply(&mut c, ENV_POD);
        apply(&mut c, VOL_POD);
        c.advance(90_000);
        apply(&mut c, DB);
        c.advance(30_000);
        out(&mut c, "kubectl get events")
    };
    assert_eq!(run(), run());
}

struct Folder;

impl engine::files::Files for Folder {
    fn read(&self, path: &str) -> Result<String, engine::files::FileError> {
        match path {
            "conf/app.properties" => Ok("color=purple\n".into()),
            "conf/db.properties" => Ok("pool=5\n".into()),
            "app.env" => Ok("LOG_LEVEL=debug\n# comment\n\nREGION=eu\n".into()),
            "logo.bin" => Err(engine::files::FileError::NotText(path.into())),
            p => Err(engine::files::FileError::Missing(p.into())),
        }
    }

    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, engine::files::FileError> {
        match path {
            "logo.bin" => Ok(vec![0x89, b'P', b'N', b'G', 0xff]),
            p => self.read(p).map(String::into_bytes),
        }
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        (path.trim_end_matches('/') == "conf").then(|| vec!["app.properties".into(), "db.properties".into()])
    }
}

#[test]
fn imperative_creates_replay_from_the_log_without_the_files() {
    let mut c = cluster();
    for line in [
        "kubectl create configmap conf --from-file=conf --from-literal=mode=dark",
        "kubectl create configmap env --from-env-file=app.env",
        "kubectl create secret generic s --from-file=key=conf/db.properties",
        "kubectl create configmap logo --from-file=logo.bin",
        "kubectl create secret generic logo --from-file=logo.bin",
    ] {
        let o = c.run(line, &Folder);
        assert_eq!(o.code, 0, "{line}: {}", o.stderr);
    }
    let shown = |c: &mut Cluster| out(c, "kubectl get cm,secrets -o yaml");
    let want = shown(&mut c);
    assert!(
        want.contains("  data:\n    app.properties: |\n      color=purple\n    db.properties: |\n      pool=5\n    mode: dark\n"),
        "{want}"
    );
    assert!(want.contains("    LOG_LEVEL: debug\n    REGION: eu\n"), "{want}");
    assert!(want.contains("    key: cG9vbD01Cg==\n"), "{want}");
    // Bytes that are not UTF-8 go to a ConfigMap's binaryData, as kubectl puts them, and
    // replay from the log as they were read.
    assert!(want.contains("- apiVersion: v1\n  binaryData:\n    logo.bin: iVBOR/8=\n  kind: ConfigMap\n"), "{want}");
    assert!(want.contains("  data:\n    logo.bin: iVBOR/8=\n  kind: Secret\n"), "{want}");
    let mut replayed = cluster();
    for a in c.log().to_vec() {
        replayed.perform(&a, &NoFiles);
    }
    assert_eq!(shown(&mut replayed), want);
}

/// A ConfigMap deleted under running pods leaves them running (their volume is set up),
/// but a replacement cannot mount it until it exists again.
#[test]
fn a_replacement_made_after_its_configmap_is_deleted_cannot_mount_it() {
    let mut c = cluster();
    let web = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        volumeMounts:\n        - {name: config, mountPath: /etc/web}\n      volumes:\n      - name: config\n        configMap: {name: app-config}\n";
    apply(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: b\n");
    apply(&mut c, web);
    c.advance(60_000);
    let running = out(&mut c, "kubectl get pods --no-headers");
    assert_eq!(running.lines().filter(|l| l.contains("Running")).count(), 2, "{running}");
    out(&mut c, "kubectl delete configmap app-config");
    // A replacement is made from the same parsed template as the pod it replaces.
    let first = running.split_whitespace().next().expect("a pod").to_string();
    out(&mut c, &format!("kubectl delete pod {first} --wait=false"));
    c.advance(60_000);
    let pods = out(&mut c, "kubectl get pods --no-headers");
    assert_eq!(pods.lines().filter(|l| l.contains("ContainerCreating")).count(), 1, "{pods}");
    let failed = out(&mut c, "kubectl get events --field-selector reason=FailedMount");
    assert!(failed.contains("MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found"), "{failed}");
    apply(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: b\n");
    c.advance(180_000);
    let pods = out(&mut c, "kubectl get pods --no-headers");
    assert_eq!(pods.lines().filter(|l| l.contains("Running")).count(), 2, "{pods}");
}
