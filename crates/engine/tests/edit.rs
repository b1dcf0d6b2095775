//! kubectl patch and edit over whole clusters: the page's edit path (open, save as a
//! recorded line, replay), and patches on kinds with their own write rules.

use engine::actions::{Action, Outcome};
use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";

fn cluster() -> Cluster {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    assert!(c.apply_text(WEB, "web.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(20_000);
    c
}

fn out(c: &mut Cluster, line: &str) -> String {
    c.kubectl(line, &NoFiles).text()
}

#[test]
fn the_pages_edit_is_a_recorded_line_that_replays() {
    let mut c = cluster();
    let buffer = engine::kubectl::edit::buffer(&c, "kubectl edit deploy/web").expect("an edit line").expect("opens");
    assert!(buffer.text.starts_with(engine::kubectl::edit::HEADER));
    assert!(buffer.text.contains("\nkind: Deployment\n") && buffer.text.contains("\n  replicas: 1\n"), "{}", buffer.text);
    let edited = buffer.text.replace("\n  replicas: 1\n", "\n  replicas: 3\n");
    let (line, files) = buffer.save_line(&edited);
    assert_eq!(line, "KUBE_EDITOR=\"cp kubectl-edit-web.yaml\" kubectl edit deployment.apps/web -n default");
    let Outcome::Kubectl(o) = c.perform(&Action::Kubectl { line, files }, &NoFiles) else { panic!("kubectl outcome") };
    assert_eq!(o.text(), "deployment.apps/web edited\n");
    c.advance(20_000);
    let replicas = out(&mut c, "kubectl get deploy web -o jsonpath={.status.readyReplicas}");
    assert_eq!(replicas, "3");
    // The log carries the saved text: a replay without any file gets the same cluster.
    let mut again = Cluster::new(Preset::DockerDesktop, None, 1);
    for a in c.log().to_vec() {
        again.perform(&a, &NoFiles);
    }
    assert_eq!(out(&mut again, "kubectl get deploy web -o yaml"), out(&mut c, "kubectl get deploy web -o yaml"));
    assert!(engine::kubectl::edit::buffer(&c, "kubectl get pods").is_none());
    let missing = engine::kubectl::edit::buffer(&c, "kubectl edit deploy/nope").expect("an edit line").expect_err("missing");
    assert_eq!(missing.text(), "Error from server (NotFound): deployments.apps \"nope\" not found\n");
}

#[test]
fn patches_follow_each_kinds_write_rules() {
    let mut c = cluster();
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n    targetPort: 80\n";
    assert!(c.apply_text(svc, "svc.yaml", "default", Mode::Apply).errors.is_empty());
    // Service ports merge on `port`: 80 is changed in place, 443 added.
    let o = out(&mut c, r#"kubectl patch svc web -p '{"spec":{"ports":[{"port":80,"targetPort":8080},{"name":"https","port":443}]}}'"#);
    assert_eq!(o, "service/web patched\n");
    let ports = out(&mut c, "kubectl get svc web -o jsonpath={.spec.ports[*].targetPort}");
    assert_eq!(ports, "8080 443");
    // A pod's spec takes only image changes.
    let pod = c.store.pods().map(|(_, p)| p).find(|p| p.meta.namespace == "default").map(|p| p.meta.name.clone()).expect("a pod");
    let o = out(&mut c, &format!(r#"kubectl patch pod {pod} -p '{{"spec":{{"containers":[{{"name":"nginx","image":"nginx:1.28"}}]}}}}'"#));
    assert_eq!(o, format!("pod/{pod} patched\n"));
    let o = out(&mut c, &format!(r#"kubectl patch pod {pod} -p '{{"spec":{{"containers":[{{"name":"nginx","workingDir":"/srv"}}]}}}}'"#));
    assert!(o.starts_with(&format!("The Pod \"{pod}\" is invalid: spec: Forbidden: pod updates may not change fields")), "{o}");
    // A JSON pointer escapes `/` as `~1`; a selector is immutable.
    let o = out(
        &mut c,
        r#"kubectl patch deploy web --type json -p '[{"op":"add","path":"/metadata/labels","value":{}},{"op":"add","path":"/metadata/labels/example.com~1team","value":"blue"}]'"#,
    );
    assert_eq!(o, "deployment.apps/web patched\n");
    assert_eq!(out(&mut c, "kubectl get deploy web -o jsonpath={.metadata.labels}"), r#"{"example.com/team":"blue"}"#);
    let o = out(
        &mut c,
        r#"kubectl patch deploy web --type merge -p '{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}'"#,
    );
    assert!(o.contains("spec.selector: Invalid value:") && o.contains("field is immutable"), "{o}");
}

#[test]
fn a_pods_own_manifest_applied_back_is_accepted_and_a_changed_field_still_refused() {
    let mut c = cluster();
    let pod = c.store.pods().map(|(_, p)| p).find(|p| p.meta.namespace == "default").map(|p| p.meta.name.clone()).expect("a pod");
    // `get -o yaml` names the binding (`nodeName`) and the token volume, and orders
    // keys its own way: none of it is a change.
    let yaml = out(&mut c, &format!("kubectl get pod {pod} -o yaml"));
    let r = c.apply_text(&yaml, "pod.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(out(&mut c, &format!("kubectl get pod {pod} -o jsonpath={{.spec.nodeName}}")), "docker-desktop");
    // A ReplicaSet made the pod, so kubectl warns that it has no last-applied
    // configuration, and writes one: the next apply has nothing to warn of.
    let warning = format!("Warning: resource pods/{pod} is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.");
    assert_eq!(r.warnings, vec![warning]);
    assert!(c.apply_text(&yaml, "pod.yaml", "default", Mode::Apply).warnings.is_empty());
    // A pod written with its node names it in its spec: applied again, it is unchanged.
    let pinned = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pinned\nspec:\n  nodeName: docker-desktop\n  containers:\n  - name: app\n    image: nginx:1.27\n";
    assert!(c.apply_text(pinned, "pinned.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(5_000);
    let again = c.apply_text(pinned, "pinned.yaml", "default", Mode::Apply);
    assert_eq!((again.out, again.errors), (vec!["pod/pinned unchanged".to_string()], vec![]));
    let changed = yaml.replacen("dnsPolicy: ClusterFirst", "dnsPolicy: Default", 1);
    assert_ne!(changed, yaml);
    let r = c.apply_text(&changed, "pod.yaml", "default", Mode::Apply);
    assert!(r.errors.iter().any(|e| e.text.contains("Forbidden: pod updates may not change fields")), "{:?}", r.errors);
}
