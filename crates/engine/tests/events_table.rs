//! The page's Events tab prints `kubectl get events -A` without the kubectl interpreter
//! (which the page fetches on first use): the same bytes as the command, at every step.

use engine::apply::Mode;
use engine::{Cluster, Preset};

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:no-such-tag\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"exit 1\"]\n";

fn same(c: &Cluster) {
    let table = c.events_table();
    let kubectl = c.read("kubectl get events -A");
    assert_eq!((table.stdout.as_str(), table.stderr.as_str()), (kubectl.stdout.as_str(), kubectl.stderr.as_str()));
}

#[test]
fn the_events_tab_prints_what_kubectl_get_events_all_namespaces_prints() {
    let mut c = Cluster::new(Preset::Kind, None, 7);
    same(&c);
    c.kubectl("create namespace shop", &engine::files::NoFiles);
    c.apply_text(WEB, "web.yaml", "default", Mode::Apply);
    for _ in 0..12 {
        c.advance(10_000);
        same(&c);
    }
    let table = c.events_table().stdout;
    assert!(table.starts_with("NAMESPACE"), "{table}");
    assert!(table.contains("shop ") && table.contains("BackOff"), "{table}");
}
