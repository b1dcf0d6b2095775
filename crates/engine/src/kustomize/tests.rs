use super::build;
use crate::files::{FileError, Files};
use std::collections::BTreeMap;

struct Mem(BTreeMap<&'static str, &'static str>);

impl Files for Mem {
    fn read(&self, path: &str) -> Result<String, FileError> {
        self.0.get(path).map(|t| t.to_string()).ok_or_else(|| FileError::Missing(path.to_string()))
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        let names: Vec<String> = self.0.keys().filter_map(|k| k.strip_prefix(prefix.as_str())).map(str::to_string).collect();
        (!names.is_empty()).then_some(names)
    }
}

const MYSQL: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: wordpress-mysql\nspec:\n  ports:\n  - port: 3306\n  selector:\n    app: wordpress\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: mysql-pv-claim\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 20Gi\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wordpress-mysql\nspec:\n  selector:\n    matchLabels:\n      app: wordpress\n  template:\n    metadata:\n      labels:\n        app: wordpress\n    spec:\n      containers:\n      - image: mysql:8.0\n        name: mysql\n        env:\n        - name: MYSQL_ROOT_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: mysql-pass\n              key: password\n";

#[test]
fn the_wordpress_tutorials_secret_gets_the_name_kubectl_gives_it() {
    let files = Mem(BTreeMap::from([
        (
            "wp/kustomization.yaml",
            "secretGenerator:\n- name: mysql-pass\n  literals:\n  - password=YOUR_PASSWORD\nresources:\n  - mysql-deployment.yaml\n",
        ),
        ("wp/mysql-deployment.yaml", MYSQL),
    ]));
    let out = build(&files, "wp").unwrap().text;
    // The documentation's own output: `secret/mysql-pass-c57bb4t7mf created`.
    assert!(out.starts_with("apiVersion: v1\ndata:\n  password: WU9VUl9QQVNTV09SRA==\nkind: Secret\nmetadata:\n  name: mysql-pass-c57bb4t7mf\ntype: Opaque\n---\n"), "{out}");
    assert!(out.contains("              name: mysql-pass-c57bb4t7mf\n"), "the reference follows the name: {out}");
    let kinds: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("kind: ")).collect();
    assert_eq!(kinds, ["Secret", "Service", "PersistentVolumeClaim", "Deployment"]);
}

#[test]
fn transformers_rename_label_and_retag() {
    let files = Mem(BTreeMap::from([
        (
            "app/kustomization.yaml",
            "namespace: staging\nnamePrefix: dev-\ncommonLabels:\n  env: dev\nimages:\n- name: mysql\n  newTag: \"8.4\"\nreplicas:\n- name: wordpress-mysql\n  count: 2\nconfigMapGenerator:\n- name: settings\n  literals: [MODE=debug]\n  options:\n    disableNameSuffixHash: true\nresources:\n- base\n",
        ),
        ("app/base/kustomization.yaml", "resources: [mysql.yaml]\n"),
        ("app/base/mysql.yaml", MYSQL),
    ]));
    let out = build(&files, "app").unwrap().text;
    assert!(out.contains("  name: dev-settings\n  namespace: staging\n"), "{out}");
    assert!(out.contains("        image: mysql:8.4\n"), "{out}");
    assert!(out.contains("  replicas: 2\n"), "{out}");
    assert!(out.contains("    matchLabels:\n      app: wordpress\n      env: dev\n"), "{out}");
    assert!(out.contains("name: dev-wordpress-mysql\n"), "{out}");
}

#[test]
fn what_kustomize_refuses_or_kubeplay_does_not_build_is_said() {
    let files = Mem(BTreeMap::from([
        ("a/kustomization.yaml", "resources: [x.yaml]\nfoo: 1\n"),
        ("b/kustomization.yaml", "vars:\n- name: X\n"),
        ("c/kustomization.yaml", "resources: [missing.yaml]\n"),
    ]));
    assert_eq!(build(&files, "a").unwrap_err(), "error: invalid Kustomization: json: unknown field \"foo\"");
    assert!(build(&files, "b").unwrap_err().contains("`vars`"));
    assert!(build(&files, "c").unwrap_err().contains("missing.yaml"));
    assert!(build(&files, "d").unwrap_err().starts_with("error: unable to find one of 'kustomization.yaml'"));
}

/// kustomize's own fixture (api/krusty/inlinepatch_test.go, extendedpatch_test.go).
const NGINX: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n        volumeMounts:\n        - name: nginx-persistent-storage\n          mountPath: /tmp/ps\n      volumes:\n      - name: nginx-persistent-storage\n        emptyDir: {}\n      - configMap:\n          name: configmap-in-base\n        name: configmap-in-base\n";

/// What TestStrategicMergePatchInline and TestJSONPatchInline expect.
const NGINX_IMAGE1: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: nginx\n  name: nginx\nspec:\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - image: image1\n        name: nginx\n        volumeMounts:\n        - mountPath: /tmp/ps\n          name: nginx-persistent-storage\n      volumes:\n      - emptyDir: {}\n        name: nginx-persistent-storage\n      - configMap:\n          name: configmap-in-base\n        name: configmap-in-base\n";

const SERVICES: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  ports:\n    - port: 80\n  selector:\n    app: nginx\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: busybox\n  labels:\n    app: busybox\nspec:\n  ports:\n  - port: 8080\n  selector:\n    app: busybox\n";

const BUSYBOX: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: busybox\n  labels:\n    app: busybox\nspec:\n  template:\n    metadata:\n      labels:\n        app: busybox\n    spec:\n      containers:\n      - name: busybox\n        image: busybox\n";

#[test]
fn the_deprecated_patch_fields_apply_as_kustomizes_own_tests_expect() {
    let files = Mem(BTreeMap::from([
        ("smp/kustomization.yaml", "resources:\n- deployment.yaml\npatchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: nginx\n  spec:\n    template:\n      spec:\n        containers:\n          - name: nginx\n            image: image1\n"),
        ("smp/deployment.yaml", NGINX),
        ("json/kustomization.yaml", "resources:\n- deployment.yaml\npatchesJson6902:\n- target:\n    group: apps\n    version: v1\n    kind: Deployment\n    name: nginx\n  patch: |-\n    - op: replace\n      path: /spec/template/spec/containers/0/image\n      value: image1\n"),
        ("json/deployment.yaml", NGINX),
    ]));
    let smp = build(&files, "smp").unwrap();
    assert_eq!(smp.text, NGINX_IMAGE1);
    assert_eq!(smp.warnings, ["# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."]);
    let json = build(&files, "json").unwrap();
    assert_eq!(json.text, NGINX_IMAGE1);
    assert!(json.warnings[0].starts_with("# Warning: 'patchesJson6902' is deprecated."), "{:?}", json.warnings);
}

fn docs(text: &str) -> Vec<&str> {
    text.split("---\n").collect()
}

#[test]
fn a_target_picks_by_name_regex_kind_and_labels_and_a_patch_keeps_each_targets_kind() {
    let files = Mem(BTreeMap::from([
        ("base/deployment.yaml", NGINX),
        ("base/busybox.yaml", BUSYBOX),
        ("base/service.yaml", SERVICES),
        ("base/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: busybox\n  annotations:\n    new-key: new-value\n"),
        ("base/kustomization.yaml", "resources:\n- deployment.yaml\n- busybox.yaml\n- service.yaml\npatches:\n- path: patch.yaml\n  target:\n    name: busy.*\n- target:\n    kind: Deployment\n    labelSelector: app=nginx\n  patch: |-\n    - op: add\n      path: /spec/replicas\n      value: 3\n- path: patch.yaml\n  target:\n    name: no-match\n"),
    ]));
    let out = build(&files, "base").unwrap().text;
    let d = docs(&out);
    // Legacy order: the Services, then the Deployments.
    assert!(d[0].contains("name: busybox\n") && d[0].contains("kind: Service\n") && d[0].contains("new-key: new-value"), "{out}");
    assert!(d[1].contains("name: nginx\n") && !d[1].contains("new-key"), "{out}");
    assert!(d[2].starts_with("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    new-key: new-value\n  labels:\n    app: busybox\n  name: busybox\n"), "{out}");
    assert!(d[3].contains("  replicas: 3\n") && !d[2].contains("replicas"), "the JSON patch went to the labelled Deployment only: {out}");
}

#[test]
fn a_strategic_merge_patch_without_a_target_must_name_one_resource() {
    let files = Mem(BTreeMap::from([
        ("a/deployment.yaml", NGINX),
        ("a/kustomization.yaml", "resources:\n- deployment.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      replicas: 2\n"),
        ("b/kustomization.yaml", "patches:\n- patch: |-\n    spec:\n      replicas: 2\n"),
        ("c/kustomization.yaml", "patches:\n- patch: |-\n    - op: remove\n      path: /spec\n"),
    ]));
    assert_eq!(
        build(&files, "a").unwrap_err(),
        "error: no resource matches strategic merge patch \"Deployment.v1.apps/web.[noNs]\": no matches for Id Deployment.v1.apps/web.[noNs]; failed to find unique target for patch Deployment.v1.apps/web.[noNs]"
    );
    assert!(build(&files, "b").unwrap_err().ends_with("unable to parse SM or JSON patch from [patch: \"spec:\\n  replicas: 2\"]"));
    assert_eq!(build(&files, "c").unwrap_err(), "error: must specify a target for JSON patch [patch: \"- op: remove\\n  path: /spec\"]");
}

#[test]
fn patches_run_before_the_name_prefix_and_images_and_json_patches_after_the_labels() {
    let files = Mem(BTreeMap::from([
        ("app/deployment.yaml", NGINX),
        ("app/kustomization.yaml", "resources:\n- deployment.yaml\nnamePrefix: dev-\ncommonLabels:\n  env: dev\nimages:\n- name: redis\n  newTag: \"7\"\nconfigMapGenerator:\n- name: settings\n  literals: [MODE=debug]\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nginx\n    spec:\n      template:\n        spec:\n          containers:\n          - name: cache\n            image: redis\n            envFrom:\n            - configMapRef:\n                name: settings\npatchesJson6902:\n- target:\n    kind: Deployment\n    name: nginx\n  patch: |-\n    - op: replace\n      path: /metadata/labels\n      value: {team: web}\n"),
    ]));
    let out = build(&files, "app").unwrap().text;
    assert!(out.contains("  name: dev-settings-"), "{out}");
    let deployment = docs(&out)[1];
    assert!(deployment.contains("        image: redis:7\n"), "images ran after the patch: {deployment}");
    assert!(deployment.contains("            name: dev-settings-"), "the patch's reference follows the generated name: {deployment}");
    assert!(
        deployment.contains("metadata:\n  labels:\n    team: web\n  name: dev-nginx\n"),
        "the JSON patch ran after commonLabels: {deployment}"
    );
    assert!(deployment.contains("      labels:\n        app: nginx\n        env: dev\n"), "{deployment}");
}

#[test]
fn an_overlay_patches_a_base_resource_by_the_name_it_was_written_with() {
    let files = Mem(BTreeMap::from([
        ("base/deployment.yaml", NGINX),
        ("base/kustomization.yaml", "resources:\n- deployment.yaml\nnamePrefix: base-\n"),
        ("prod/kustomization.yaml", "resources:\n- ../base\nnamespace: prod\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nginx\n    spec:\n      replicas: 5\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: base-nginx\n    $patch: delete\n"),
        ("keep/kustomization.yaml", "resources:\n- ../base\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nginx\n    spec:\n      replicas: 5\n"),
    ]));
    let out = build(&files, "keep").unwrap().text;
    assert!(out.contains("  name: base-nginx\nspec:\n  replicas: 5\n"), "{out}");
    assert_eq!(build(&files, "prod").unwrap().text, "", "`$patch: delete` drops the resource");
}

#[test]
fn a_components_patches_and_transformers_reach_its_parents_resources() {
    let files = Mem(BTreeMap::from([
        ("app/base/kustomization.yaml", "resources:\n- deployment.yaml\n"),
        ("app/base/deployment.yaml", NGINX),
        (
            "app/debug/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  debug: \"on\"\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /spec/template/spec/containers/0/args\n      value: [\"--debug\"]\n",
        ),
        ("app/dev/kustomization.yaml", "resources:\n- ../base\ncomponents:\n- ../debug\nnamePrefix: dev-\n"),
        ("app/wrong/kustomization.yaml", "resources:\n- ../base\ncomponents:\n- ../base\n"),
        ("app/misused/kustomization.yaml", "resources:\n- ../debug\n"),
    ]));
    let out = build(&files, "app/dev").unwrap().text;
    assert!(out.contains("  annotations:\n    debug: \"on\"\n"), "{out}");
    assert!(out.contains("      - args:\n        - --debug\n"), "{out}");
    assert!(out.contains("  name: dev-nginx\n"), "{out}");
    assert_eq!(
        build(&files, "app/wrong").unwrap_err(),
        "error: accumulating components: accumulateDirectory: \"expected kind 'Component' for path 'app/base' but got 'Kustomization'\""
    );
    assert!(build(&files, "app/misused").unwrap_err().contains("expected kind != 'Component' for path 'app/debug'"));
}
