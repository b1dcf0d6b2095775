//! Served kinds kubeplay stores without acting on them (RBAC, Ingress, NetworkPolicy,
//! APIService, CRDs, …), ServiceAccounts, and the metrics API that metrics-server's
//! components.yaml brings to clusters that ship none.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const METRICS_SERVER: &str = include_str!("../../../examples/metrics-server/components.yaml");

fn apply(c: &mut Cluster, text: &str) -> engine::apply::Report {
    c.apply_text(text, "f.yaml", "default", Mode::Apply)
}

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

const STORED: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  tls:
  - hosts: [a.example.com]
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web, port: {number: 80}}}
  - host: b.example.com
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [front, back]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [\"\"]
  resources: [pods]
  verbs: [get, watch, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
subjects:
- {kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}
- {kind: ServiceAccount, name: default, namespace: default}
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000000
description: urgent
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: leader
spec:
  holderIdentity: pod-a
";

#[test]
fn stored_kinds_apply_list_describe_and_delete_with_the_servers_columns() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let r = apply(&mut c, STORED);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        r.out,
        [
            "ingress.networking.k8s.io/web created",
            "networkpolicy.networking.k8s.io/deny created",
            "role.rbac.authorization.k8s.io/pod-reader created",
            "rolebinding.rbac.authorization.k8s.io/read-pods created",
            "priorityclass.scheduling.k8s.io/high created",
            "lease.coordination.k8s.io/leader created",
        ]
    );
    // One honest sentence per kind, for the page.
    let notes: Vec<&str> = r.notes.iter().map(|n| n.text.as_str()).collect();
    // An Ingress routes once a controller serves it: until then the page says which is missing.
    assert!(
        notes.contains(&"No ingress controller runs in this cluster: an Ingress is only a rule until the controller of IngressClass \"nginx\" (ingress-nginx, for example) is installed, so it has no ADDRESS and routes nothing."),
        "{notes:?}"
    );
    assert!(notes.iter().filter(|n| !n.starts_with("No ingress controller")).all(|n| n.starts_with("kubeplay stores ")), "{notes:?}");
    c.advance(5_000);
    assert_eq!(
        out(&mut c, "kubectl get ingress"),
        "NAME   CLASS   HOSTS                         ADDRESS   PORTS     AGE\nweb    nginx   a.example.com,b.example.com             80, 443   5s\n"
    );
    assert_eq!(out(&mut c, "kubectl get netpol"), "NAME   POD-SELECTOR                   AGE\ndeny   app=web,tier in (back,front)   5s\n");
    assert_eq!(out(&mut c, "kubectl get roles"), "NAME         CREATED AT\npod-reader   2025-05-24T04:48:00Z\n");
    assert_eq!(
        out(&mut c, "kubectl get rolebinding -o wide"),
        "NAME        ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\nread-pods   Role/pod-reader   5s    jane             default/default\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get pc high"),
        "NAME   VALUE     GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\nhigh   1000000   false            5s    PreemptLowerPriority\n"
    );
    assert_eq!(out(&mut c, "kubectl get leases"), "NAME     HOLDER   AGE\nleader   pod-a    5s\n");
    assert_eq!(out(&mut c, "kubectl get ingress,netpol -o name"), "ingress.networking.k8s.io/web\nnetworkpolicy.networking.k8s.io/deny\n");
    let role = out(&mut c, "kubectl describe role pod-reader");
    assert!(role.contains("PolicyRule:\n  Resources  Non-Resource URLs  Resource Names  Verbs\n"), "{role}");
    assert!(role.contains("  pods       []                 []              [get watch list]\n"), "{role}");
    let rb = out(&mut c, "kubectl describe rolebinding read-pods");
    assert!(rb.contains("Role:\n  Kind:  Role\n  Name:  pod-reader\nSubjects:\n"), "{rb}");
    let ing = out(&mut c, "kubectl describe ingress web");
    // kubectl's IngressDescriber: no address without a controller, TLS, each rule's backends.
    assert_eq!(
        ing,
        "Name:             web\nLabels:           <none>\nNamespace:        default\nAddress:          \nIngress Class:    nginx\nDefault backend:  <default>\nTLS:\n  SNI routes a.example.com\nRules:\n  Host           Path  Backends\n  ----           ----  --------\n  a.example.com  \n                 /   web:80 (<error: services \"web\" not found>)\nAnnotations:     <none>\nEvents:          <none>\n"
    );
    // Every field written is kept, and the same text again is unchanged.
    let y = out(&mut c, "kubectl get netpol deny -o yaml");
    assert!(y.contains("  policyTypes:\n  - Ingress\n") && y.contains("generation: 1"), "{y}");
    let again = apply(&mut c, STORED);
    assert!(again.out.iter().all(|l| l.ends_with(" unchanged")), "{:?}", again.out);
    let changed = apply(&mut c, &STORED.replace("holderIdentity: pod-a", "holderIdentity: pod-b"));
    assert!(changed.out.contains(&"lease.coordination.k8s.io/leader configured".to_string()), "{:?}", changed.out);
    assert_eq!(out(&mut c, "kubectl delete ingress web"), "ingress.networking.k8s.io \"web\" deleted\n");
    assert_eq!(out(&mut c, "kubectl get ingress"), "No resources found in default namespace.\n");
}

#[test]
fn the_api_servers_name_rules_hold_per_kind() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    // RBAC names are path segments: colons are fine, slashes are not.
    let rbac = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: \"system:reader\"\n";
    assert!(apply(&mut c, rbac).errors.is_empty());
    let bad = apply(&mut c, &rbac.replace("system:reader", "a/b"));
    assert_eq!(bad.errors[0].text, "The ClusterRole \"a/b\" is invalid: metadata.name: Invalid value: \"a/b\": may not contain '/'");
    let ing = apply(&mut c, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: Web\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n");
    assert!(
        ing.errors[0]
            .text
            .starts_with("The Ingress \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain"),
        "{:?}",
        ing.errors
    );
    let api = "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: v1.example.com\nspec:\n  group: example.com\n  version: v1beta1\n";
    let e = apply(&mut c, api);
    assert_eq!(
        e.errors[0].text,
        "The APIService \"v1.example.com\" is invalid: metadata.name: Invalid value: \"v1.example.com\": must be `spec.version+\".\"+spec.group`: \"v1beta1.example.com\""
    );
    let crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}\n";
    // A CR applied before its CRD: the real text when the kind is not served yet.
    let early = apply(&mut c, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
    assert!(early.errors[0].text.contains("no matches for kind \"Widget\" in version \"example.com/v1\""), "{:?}", early.errors);
    assert!(early.errors[0].text.ends_with("\nensure CRDs are installed first"), "{:?}", early.errors);
    // v1 CRDs need a schema for every version.
    let schemaless =
        apply(&mut c, &crd.replace(", schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}", ""));
    assert_eq!(
        schemaless.errors[0].text,
        "The CustomResourceDefinition \"widgets.example.com\" is invalid: spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"
    );
    assert!(apply(&mut c, crd).errors.is_empty());
    assert!(apply(&mut c, &crd.replace("name: widgets.example.com", "name: gadgets.example.com")).errors[0]
        .text
        .contains("must be spec.names.plural+\".\"+spec.group"));
    // Once established, the CRD's kind is served: in its versions only.
    let widget = apply(&mut c, "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
    assert_eq!(widget.out, vec!["widget.example.com/w created".to_string()], "{:?}", widget.errors);
    let v2 = apply(&mut c, "apiVersion: example.com/v2\nkind: Widget\nmetadata:\n  name: w\n");
    assert!(v2.errors[0].text.contains("no matches for kind \"Widget\" in version \"example.com/v2\""), "{:?}", v2.errors);
    assert_eq!(out(&mut c, "kubectl get crd"), "NAME                  CREATED AT\nwidgets.example.com   2025-05-24T04:48:00Z\n");
    // Unknown top-level fields are refused by strict decoding, as the API server does.
    let typo = apply(&mut c, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\nsecret: []\n");
    assert!(typo.errors[0].text.contains("strict decoding error: unknown field \"secret\""), "{:?}", typo.errors);
    let ns = apply(&mut c, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n  namespace: nowhere\n");
    assert!(ns.errors[0].text.contains("namespaces \"nowhere\" not found"), "{:?}", ns.errors);
}

#[test]
fn every_namespace_has_its_default_service_account() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    // Made when the cluster booted, a minute before the first command.
    assert_eq!(out(&mut c, "kubectl get sa"), "NAME      SECRETS   AGE\ndefault   0         60s\n");
    c.advance(10_000);
    assert_eq!(out(&mut c, "kubectl create namespace team"), "namespace/team created\n");
    assert_eq!(out(&mut c, "kubectl get sa -n team"), "NAME      SECRETS   AGE\ndefault   0         0s\n");
    assert_eq!(out(&mut c, "kubectl create sa builder -n team"), "serviceaccount/builder created\n");
    assert_eq!(
        out(&mut c, "kubectl create serviceaccount builder -n team"),
        "error: failed to create serviceaccount: serviceaccounts \"builder\" already exists\n"
    );
    let desc = out(&mut c, "kubectl describe sa builder -n team");
    assert!(desc.starts_with("Name:                builder\nNamespace:           team\n"), "{desc}");
    assert!(desc.contains("Mountable secrets:   <none>\nTokens:              <none>\n"), "{desc}");
    // The controller puts `default` back, with a new uid.
    let uid = out(&mut c, "kubectl get sa default -n team -o jsonpath={.metadata.uid}");
    assert_eq!(out(&mut c, "kubectl delete sa default -n team"), "serviceaccount \"default\" deleted\n");
    let again = out(&mut c, "kubectl get sa default -n team -o jsonpath={.metadata.uid}");
    assert!(!again.is_empty() && again != uid, "{uid} {again}");
    // Deleting the namespace takes its accounts with it.
    out(&mut c, "kubectl delete namespace team");
    assert_eq!(
        out(&mut c, "kubectl get sa -A -o name"),
        "serviceaccount/default\nserviceaccount/default\nserviceaccount/default\nserviceaccount/default\n"
    );
}

#[test]
fn a_pod_may_run_only_as_an_account_that_exists() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  serviceAccountName: foo\n  containers:\n  - {name: c, image: nginx:1.27}\n";
    let r = apply(&mut c, pod);
    assert_eq!(
        r.errors[0].text,
        "Error from server (Forbidden): error when creating \"f.yaml\": pods \"x\" is forbidden: error looking up service account default/foo: serviceaccount \"foo\" not found"
    );
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      serviceAccountName: foo\n      containers:\n      - {name: c, image: nginx:1.27}\n";
    assert!(apply(&mut c, deploy).errors.is_empty());
    c.advance(2_000);
    let rs = out(&mut c, "kubectl describe rs");
    assert!(
        rs.contains("FailedCreate")
            && rs.contains("is forbidden: error looking up service account default/foo: serviceaccount \"foo\" not found"),
        "{rs}"
    );
    assert!(out(&mut c, "kubectl get pods").starts_with("No resources found"));
    // Once the account exists the ReplicaSet creates its pod.
    assert_eq!(out(&mut c, "kubectl create sa foo"), "serviceaccount/foo created\n");
    c.advance(10_000);
    assert!(out(&mut c, "kubectl get pods").contains("1/1     Running"), "{}", out(&mut c, "kubectl get pods"));
    assert!(apply(&mut c, pod).errors.is_empty());
}

#[test]
fn metrics_server_brings_the_metrics_api_to_docker_desktop() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    assert_eq!(out(&mut c, "kubectl top nodes"), "error: Metrics API not available\n");
    assert_eq!(out(&mut c, "kubectl get apiservices"), "No resources found\n");
    let r = apply(&mut c, METRICS_SERVER);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        r.out,
        [
            "serviceaccount/metrics-server created",
            "clusterrole.rbac.authorization.k8s.io/system:aggregated-metrics-reader created",
            "clusterrole.rbac.authorization.k8s.io/system:metrics-server created",
            "rolebinding.rbac.authorization.k8s.io/metrics-server-auth-reader created",
            "clusterrolebinding.rbac.authorization.k8s.io/metrics-server:system:auth-delegator created",
            "clusterrolebinding.rbac.authorization.k8s.io/system:metrics-server created",
            "service/metrics-server created",
            "deployment.apps/metrics-server created",
            "apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io created",
        ]
    );
    // Registered but not ready: the aggregator answers 503.
    assert_eq!(
        out(&mut c, "kubectl top pods -A"),
        "Error from server (ServiceUnavailable): the server is currently unable to handle the request (get pods.metrics.k8s.io)\n"
    );
    assert!(out(&mut c, "kubectl get apiservice").contains("kube-system/metrics-server   False (MissingEndpoints)"));
    c.advance(45_000);
    assert!(out(&mut c, "kubectl get pods -n kube-system -l k8s-app=metrics-server").contains("1/1     Running"));
    assert!(out(&mut c, "kubectl get apiservice").contains("kube-system/metrics-server   True        45s"));
    assert!(out(&mut c, "kubectl top nodes").starts_with("NAME             CPU(cores)"), "{}", out(&mut c, "kubectl top nodes"));
    // The same file again changes nothing: the Deployment's revision annotation, written by
    // its controller, is no part of the comparison.
    let again = apply(&mut c, METRICS_SERVER);
    assert!(again.out.iter().all(|l| l.ends_with(" unchanged")), "{:?}", again.out);
    // Without its pod the APIService has no endpoints again.
    out(&mut c, "kubectl delete -n kube-system deployment metrics-server");
    c.advance(40_000);
    assert!(out(&mut c, "kubectl get apiservice").contains("False (MissingEndpoints)"), "{}", out(&mut c, "kubectl get apiservice"));
}

#[test]
fn on_kind_metrics_server_needs_kubelet_insecure_tls() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, METRICS_SERVER).errors.is_empty());
    c.advance(60_000);
    let pods = out(&mut c, "kubectl get pods -n kube-system -l k8s-app=metrics-server");
    assert!(pods.contains("0/1     Running"), "{pods}");
    let d = out(&mut c, "kubectl describe pods -n kube-system -l k8s-app=metrics-server");
    assert!(d.contains("Readiness probe failed: HTTP probe failed with statuscode: 500"), "{d}");
    assert_eq!(
        out(&mut c, "kubectl top nodes"),
        "Error from server (ServiceUnavailable): the server is currently unable to handle the request (get nodes.metrics.k8s.io)\n"
    );
    let fixed = METRICS_SERVER
        .replace("        - --metric-resolution=15s\n", "        - --metric-resolution=15s\n        - --kubelet-insecure-tls\n");
    assert!(apply(&mut c, &fixed).out.contains(&"deployment.apps/metrics-server configured".to_string()));
    c.advance(60_000);
    assert!(out(&mut c, "kubectl top nodes").starts_with("NAME                 CPU(cores)"), "{}", out(&mut c, "kubectl top nodes"));
}

#[test]
fn every_cluster_has_the_system_priority_classes() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    // Ten minutes after the first command, eleven after the cluster booted.
    c.advance(600_000);
    assert_eq!(
        out(&mut c, "kubectl get priorityclasses"),
        "NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\n\
         system-cluster-critical   2000000000   false            11m   PreemptLowerPriority\n\
         system-node-critical      2000001000   false            11m   PreemptLowerPriority\n"
    );
}

#[test]
fn the_cloud_preset_keeps_its_metrics() {
    let mut c = Cluster::new(Preset::Cloud, None, 1);
    c.advance(30_000);
    assert!(out(&mut c, "kubectl top nodes").starts_with("NAME"), "{}", out(&mut c, "kubectl top nodes"));
}
