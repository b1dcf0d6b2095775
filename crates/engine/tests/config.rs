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
    assert_eq!(out(&mut c, "kubectl get cm"), "NAME   DATA   AGE\ngame   2      0s\n");
    let d = out(&mut c, "kubectl describe configmap game");
    assert!(d.contains("\nData\n====\nlives:\n----\n3\n\n\nBinaryData\n====\nlogo: 8 bytes\n\nEvents:  <none>\n"), "{d}");
    assert!(!out(&mut c, "kubectl get all").contains("configmap"), "get all does not list them");
    assert_eq!(out(&mut c, "kubectl delete cm game"), "configmap \"game\" deleted\n");
    assert_eq!(out(&mut c, "kubectl get configmaps"), "No resources found in default namespace.\n");
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
    assert!(c.store.pod_count() == 0 && out(&mut c, "kubectl get cm,secrets").starts_with("No resources found"));
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
