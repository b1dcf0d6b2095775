//! Errors point at the line and column the page should mark, and the valid documents of
//! a text still apply.

use engine::apply::Mode;
use engine::{Cluster, Preset};

fn apply(text: &str) -> engine::apply::Report {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    c.apply_text(text, "editor.yaml", "default", Mode::Apply)
}

#[test]
fn wrong_type_points_at_the_value() {
    let r = apply("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n");
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].span.line, r.errors[0].span.col), (6, 13));
    assert!(r.errors[0].text.ends_with("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"));
}

#[test]
fn unknown_field_points_at_its_key_in_a_later_document() {
    let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagePullPolicyy: Always\n";
    let r = apply(text);
    assert_eq!(r.out, vec!["namespace/a created"]);
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].span.line, r.errors[0].span.col), (14, 5));
}

#[test]
fn validation_error_points_at_the_field() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagePullPolicy: Sometimes\n";
    let r = apply(text);
    assert_eq!((r.errors[0].span.line, r.errors[0].span.col), (9, 22));
    assert!(r.errors[0].text.contains("spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\""));
}

#[test]
fn selector_mismatch_points_at_the_template_labels() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels:\n        app: b\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    let r = apply(text);
    assert_eq!(r.errors[0].span.line, 11);
}

#[test]
fn syntax_error_keeps_the_documents_before_it() {
    let text =
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n    labels: x\n";
    let r = apply(text);
    assert_eq!(r.out, vec!["namespace/a created"]);
    assert_eq!(r.errors[0].span.line, 10);
    // kubectl counts lines from the document's start.
    assert!(r.errors[0].text.contains("yaml: line 5:"), "{}", r.errors[0].text);
}

#[test]
fn nodeport_conflict_points_at_the_port() {
    let svc = |name: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30000\n")
    };
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    assert!(c.apply_text(&svc("a"), "a.yaml", "default", Mode::Apply).errors.is_empty());
    let r = c.apply_text(&svc("b"), "b.yaml", "default", Mode::Apply);
    assert_eq!(
        r.errors[0].text,
        "The Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 30000: provided port is already allocated"
    );
    assert_eq!(r.errors[0].span.line, 9);
}
