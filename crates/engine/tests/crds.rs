//! CustomResourceDefinitions serve their kinds: names and scope, printer columns, the
//! structural schema's pruning, defaults and validation, and the cleanup when a CRD or a
//! namespace goes.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn apply(c: &mut Cluster, text: &str) -> engine::apply::Report {
    c.apply_text(text, "f.yaml", "default", Mode::Apply)
}

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}{}", o.warnings, o.stdout, o.stderr)
}

const WIDGETS: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    kind: Widget
    shortNames: [wd]
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Color, type: string, jsonPath: .spec.color, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
              color: {type: string, enum: [red, blue], default: red}
              name: {type: string, maxLength: 5, minLength: 2}
              parts:
                type: array
                maxItems: 2
                items:
                  type: object
                  properties:
                    id: {type: string}
              labels:
                type: object
                additionalProperties: {type: string}
              free:
                type: object
                x-kubernetes-preserve-unknown-fields: true
";

fn widget(name: &str, spec: &str) -> String {
    format!("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: {name}\nspec:\n{spec}")
}

fn cluster_with_widgets() -> Cluster {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let r = apply(&mut c, WIDGETS);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c
}

#[test]
fn printer_columns_short_names_and_wide_output() {
    let mut c = cluster_with_widgets();
    assert!(apply(&mut c, &widget("a", "  size: 3\n")).errors.is_empty());
    c.advance(90_000);
    assert!(apply(&mut c, &widget("b", "  size: 4\n  color: blue\n")).errors.is_empty());
    assert_eq!(out(&mut c, "kubectl get wd"), "NAME   SIZE   AGE\na      3      90s\nb      4      0s\n");
    assert_eq!(
        out(&mut c, "kubectl get widgets -o wide"),
        "NAME   SIZE   COLOR   AGE\na      3      red     90s\nb      4      blue    0s\n"
    );
    assert_eq!(out(&mut c, "kubectl get widget.example.com/b -o name"), "widget.example.com/b\n");
    assert_eq!(out(&mut c, "kubectl get widgets.v1.example.com -A --no-headers"), "default   a     3     90s\ndefault   b     4     0s\n");
    assert_eq!(out(&mut c, "kubectl get wd -n kube-system"), "No resources found in kube-system namespace.\n");
    assert_eq!(out(&mut c, "kubectl get wd b -o jsonpath={.spec.color}"), "blue");
    assert_eq!(out(&mut c, "kubectl delete wd a"), "widget.example.com \"a\" deleted\n");
    assert_eq!(out(&mut c, "kubectl get wd a"), "Error from server (NotFound): widgets.example.com \"a\" not found\n");
}

#[test]
fn the_schema_prunes_defaults_and_validates_with_the_api_servers_texts() {
    let mut c = cluster_with_widgets();
    let r = apply(&mut c, &widget("w", "  size: 2\n  free: {anything: [1, 2]}\n  labels: {a: b}\n"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let yaml = out(&mut c, "kubectl get wd w -o yaml");
    assert!(yaml.contains("  color: red\n"), "the default is written:\n{yaml}");
    assert!(yaml.contains("    anything:\n    - 1\n"), "preserved fields stay:\n{yaml}");
    let refused = |c: &mut Cluster, spec: &str| apply(c, &widget("x", spec)).errors.iter().map(|e| e.text.clone()).collect::<Vec<_>>();
    assert_eq!(
        refused(&mut c, "  size: 0\n"),
        vec!["The Widget \"x\" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"]
    );
    assert_eq!(refused(&mut c, "  color: red\n"), vec!["The Widget \"x\" is invalid: spec.size: Required value"]);
    assert_eq!(
        refused(&mut c, "  size: 1\n  name: toolong\n"),
        vec!["The Widget \"x\" is invalid: spec.name: Too long: may not be more than 5 bytes"]
    );
    assert_eq!(
        refused(&mut c, "  size: 1\n  name: a\n"),
        vec!["The Widget \"x\" is invalid: spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long"]
    );
    assert_eq!(
        refused(&mut c, "  size: 1\n  parts: [{id: a}, {id: b}, {id: c}]\n"),
        vec!["The Widget \"x\" is invalid: spec.parts: Too many: 3: must have at most 2 items"]
    );
    assert_eq!(
        refused(&mut c, "  size: \"3\"\n  labels: {a: 1}\n"),
        vec!["The Widget \"x\" is invalid: \n* spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"\n* spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\""]
    );
    assert_eq!(
        refused(&mut c, "  size: 1\n  parts: [{id: a, extra: 1}]\n  colour: red\n"),
        vec!["Error from server (BadRequest): error when creating \"f.yaml\": Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.colour\", unknown field \"spec.parts[0].extra\""]
    );
    assert_eq!(out(&mut c, "kubectl get wd x"), "Error from server (NotFound): widgets.example.com \"x\" not found\n");
    // A change is a new generation; the same text again is unchanged.
    assert_eq!(apply(&mut c, &widget("w", "  size: 5\n")).out, vec!["widget.example.com/w configured"]);
    assert_eq!(apply(&mut c, &widget("w", "  size: 5\n")).out, vec!["widget.example.com/w unchanged"]);
    assert_eq!(out(&mut c, "kubectl get wd w -o jsonpath={.metadata.generation}"), "2");
}

#[test]
fn scope_namespaces_and_the_crd_going_take_the_resources_with_them() {
    let mut c = cluster_with_widgets();
    assert_eq!(out(&mut c, "kubectl create namespace team"), "namespace/team created\n");
    let r = c.apply_text(&widget("t", "  size: 1\n"), "f.yaml", "team", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let r = c.apply_text(&widget("t", "  size: 1\n"), "f.yaml", "nowhere", Mode::Apply);
    assert_eq!(r.errors[0].text, "Error from server (NotFound): error when creating \"f.yaml\": namespaces \"nowhere\" not found");
    assert!(apply(&mut c, &widget("d", "  size: 1\n")).errors.is_empty());
    assert_eq!(out(&mut c, "kubectl get wd -A -o name"), "widget.example.com/d\nwidget.example.com/t\n");
    assert_eq!(out(&mut c, "kubectl delete namespace team"), "namespace \"team\" deleted\n");
    assert_eq!(out(&mut c, "kubectl get wd -A -o name"), "widget.example.com/d\n");
    assert_eq!(
        out(&mut c, "kubectl delete crd widgets.example.com"),
        "customresourcedefinition.apiextensions.k8s.io \"widgets.example.com\" deleted\n"
    );
    assert_eq!(out(&mut c, "kubectl get wd"), "error: the server doesn't have a resource type \"wd\"\n");
    // Applied again, the kind is served again, and the old resources are gone for good.
    assert!(apply(&mut c, WIDGETS).errors.is_empty());
    assert_eq!(out(&mut c, "kubectl get wd"), "No resources found in default namespace.\n");
}

#[test]
fn a_kind_taken_by_another_crd_of_the_group_is_not_established() {
    let mut c = cluster_with_widgets();
    let gadgets = WIDGETS.replace("widgets.example.com", "gadgets.example.com").replace("plural: widgets", "plural: gadgets");
    assert!(apply(&mut c, &gadgets).errors.is_empty());
    assert_eq!(
        out(
            &mut c,
            "kubectl get crd gadgets.example.com -o jsonpath='{range .status.conditions[*]}{.type}={.status}:{.reason}:{.message};{end}'"
        ),
        "NamesAccepted=False:KindConflict:\"Widget\" is already in use;Established=False:NotAccepted:not all names are accepted;"
    );
    assert_eq!(out(&mut c, "kubectl get gadgets"), "error: the server doesn't have a resource type \"gadgets\"\n");
    assert!(out(&mut c, "kubectl api-resources --api-group=example.com").contains("widgets   wd "));
    assert!(!out(&mut c, "kubectl api-resources --api-group=example.com").contains("gadgets"));
}

#[test]
fn cluster_scoped_kinds_and_commands_not_simulated_for_them() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let crd = WIDGETS.replace("scope: Namespaced", "scope: Cluster");
    assert!(apply(&mut c, &crd).errors.is_empty());
    assert!(apply(&mut c, &widget("g", "  size: 1\n")).errors.is_empty());
    assert_eq!(out(&mut c, "kubectl get wd -n team -o name"), "widget.example.com/g\n");
    let yaml = out(&mut c, "kubectl get wd g -o yaml");
    assert!(!yaml.contains("namespace:"), "{yaml}");
    let d = out(&mut c, "kubectl describe wd g");
    assert!(d.starts_with("Name:         g\nLabels:       <none>\n"), "{d}");
    assert!(d.contains("Spec:\n  Color:  red\n  Size:   1\n"), "{d}");
    // A cluster-scoped custom resource is labelled whatever namespace is current.
    assert_eq!(out(&mut c, "kubectl label wd g tier=web -n team"), "widget.example.com/g labeled\n");
    assert_eq!(out(&mut c, "kubectl get wd -l tier=web -o name"), "widget.example.com/g\n");
    let patch = out(&mut c, "kubectl patch wd g -p '{\"spec\":{\"size\":2}}'");
    assert!(patch.starts_with("kubeplay: kubectl patch is not simulated for custom resources yet"), "{patch}");
    let mixed = out(&mut c, "kubectl get wd,pods");
    assert!(mixed.starts_with("kubeplay: kubectl get of several types at once is not simulated"), "{mixed}");
    let explain = out(&mut c, "kubectl explain wd.spec.size");
    assert!(explain.starts_with("kubeplay: kubectl explain is not simulated for custom resources yet (wd)"), "{explain}");
    let watch = out(&mut c, "kubectl get wd -w");
    assert!(watch.starts_with("kubeplay: kubectl get --watch of custom resources (widgets.example.com) is not simulated yet"), "{watch}");
}

#[test]
fn bad_crds_get_the_api_servers_texts() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let bad = WIDGETS.replace("scope: Namespaced", "scope: Global").replace("storage: true", "storage: false");
    let r = apply(&mut c, &bad);
    assert_eq!(
        r.errors[0].text,
        "The CustomResourceDefinition \"widgets.example.com\" is invalid: \n* spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"\n* spec.versions: Invalid value: must have exactly one version marked as storage version"
    );
    let untyped = WIDGETS.replace("      openAPIV3Schema:\n        type: object\n", "      openAPIV3Schema:\n");
    let r = apply(&mut c, &untyped);
    assert_eq!(
        r.errors[0].text,
        "The CustomResourceDefinition \"widgets.example.com\" is invalid: spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root"
    );
}

#[test]
fn a_custom_resource_beside_its_crd_in_one_command_is_not_mapped_yet() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let both = format!("{WIDGETS}---\n{}", widget("w", "  size: 1\n"));
    let r = apply(&mut c, &both);
    assert_eq!(r.out, vec!["customresourcedefinition.apiextensions.k8s.io/widgets.example.com created"]);
    assert_eq!(
        r.errors[0].text,
        "error: resource mapping not found for name: \"w\" namespace: \"\" from \"f.yaml\": no matches for kind \"Widget\" in version \"example.com/v1\"\nensure CRDs are installed first"
    );
    let again = apply(&mut c, &both);
    assert_eq!(
        again.out,
        vec!["customresourcedefinition.apiextensions.k8s.io/widgets.example.com unchanged", "widget.example.com/w created"]
    );
}

#[test]
fn the_same_actions_give_the_same_custom_resources() {
    let run = || {
        let mut c = cluster_with_widgets();
        apply(&mut c, &widget("a", "  size: 3\n"));
        out(&mut c, "kubectl get wd a -o json")
    };
    assert_eq!(run(), run());
}
