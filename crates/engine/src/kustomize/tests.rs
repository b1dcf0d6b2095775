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
    let out = build(&files, "wp").unwrap();
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
    let out = build(&files, "app").unwrap();
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
        ("b/kustomization.yaml", "patches:\n- path: p.yaml\n"),
        ("c/kustomization.yaml", "resources: [missing.yaml]\n"),
    ]));
    assert_eq!(build(&files, "a").unwrap_err(), "error: invalid Kustomization: json: unknown field \"foo\"");
    assert!(build(&files, "b").unwrap_err().contains("`patches`"));
    assert!(build(&files, "c").unwrap_err().contains("missing.yaml"));
    assert!(build(&files, "d").unwrap_err().starts_with("error: unable to find one of 'kustomization.yaml'"));
}
