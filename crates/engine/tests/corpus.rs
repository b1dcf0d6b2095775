//! The bad-input corpus: what users paste, each with the message it must produce. Every
//! case gives a clear error or a correct apply, never a panic, within bounded time and
//! memory (the limits in `engine::yaml` and the page's "Limits" line).

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

struct Outcome {
    out: Vec<String>,
    errors: Vec<(u32, u32, String)>,
}

fn apply(text: &str) -> (Cluster, Outcome) {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let r = c.apply_text(text, "paste.yaml", "default", Mode::Apply);
    let errors = r.errors.iter().map(|e| (e.span.line, e.span.col, e.text.clone())).collect();
    (c, Outcome { out: r.out, errors })
}

fn pod(name: &str, extra: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n{extra}spec:\n  containers:\n  - name: app\n    image: nginx:1.27\n")
}

/// One error, at `line:col`, whose text contains `needle`.
#[track_caller]
fn one_error(text: &str, line: u32, col: u32, needle: &str) {
    let (_, o) = apply(text);
    assert_eq!(o.errors.len(), 1, "{:?}", o.errors);
    let (l, c, t) = &o.errors[0];
    assert!(t.contains(needle), "expected {needle:?} in {t:?}");
    assert_eq!((*l, *c), (line, col), "{t}");
}

const BAD_PARSE: &str = "error: error parsing paste.yaml: error converting YAML to JSON: yaml: ";

#[test]
fn syntax_errors_point_at_their_line_and_column() {
    one_error(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n",
        5,
        1,
        &format!("{BAD_PARSE}line 5: while parsing a flow sequence, expected ',' or ']'"),
    );
    one_error("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",", 1, 33, "did not find expected node content");
    one_error("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n", 4, 2, "tabs disallowed within this context");
}

/// kubectl's YAML-to-JSON step is not strict: a key written twice keeps its last value,
/// with no word from kubectl. kubeplay notes it beside the editor, never as an error.
#[test]
fn a_duplicate_key_keeps_the_last_value_as_kubectl_does() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  name: q\nspec:\n  containers:\n  - name: app\n    image: busybox\n    image: nginx:1.27\n";
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let r = c.apply_text(text, "paste.yaml", "default", Mode::Apply);
    assert_eq!(r.out, vec!["pod/q created".to_string()], "{:?}", r.errors);
    assert!(r.errors.is_empty() && r.warnings.is_empty(), "{r:?}");
    let notes: Vec<(u32, u32, &str)> = r.notes.iter().map(|n| (n.span.line, n.span.col, n.text.as_str())).collect();
    assert_eq!(
        notes,
        vec![
            (5, 3, "key \"name\" is written twice in this mapping (lines 4 and 5): kubectl keeps the last value and ignores the first"),
            (10, 5, "key \"image\" is written twice in this mapping (lines 9 and 10): kubectl keeps the last value and ignores the first"),
        ]
    );
    let image = c.kubectl("kubectl get pod q -o jsonpath={.spec.containers[0].image}", &NoFiles).stdout;
    assert_eq!(image, "nginx:1.27");
    // Only the kept value is decoded: an overwritten wrong type is no error, and a wrong
    // type that is kept is reported where the kept value is.
    let (_, o) = apply(&pod("r", "").replace("  name: r\n", "  name: 7\n  name: r\n"));
    assert_eq!(o.out, vec!["pod/r created".to_string()], "{:?}", o.errors);
    one_error(
        &pod("s", "").replace("  name: s\n", "  name: s\n  labels: {a: b}\n  labels: [x]\n"),
        6,
        11,
        "cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string",
    );
    // kubectl prints nothing about it either.
    let out = c.kubectl("kubectl apply -f -", &OneFile(text));
    assert_eq!(out.text(), "pod/q unchanged\n");
}

struct OneFile(&'static str);

impl engine::kubectl::Files for OneFile {
    fn read(&self, _: &str) -> Result<String, engine::files::FileError> {
        Ok(self.0.to_string())
    }
}

#[test]
fn wrong_types_missing_fields_and_unknown_kinds() {
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: three\n  selector:\n    matchLabels: {a: b}\n  template:\n    metadata:\n      labels: {a: b}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    one_error(deploy, 6, 13, "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32");
    one_error(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n",
        5,
        7,
        "The Pod \"p\" is invalid: spec.containers: Required value",
    );
    one_error(
        "apiVersion: v1\nmetadata:\n  name: p\n",
        1,
        11,
        "error: error validating \"paste.yaml\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false",
    );
    one_error("apiVersion: v1\nkind: Pood\nmetadata:\n  name: p\n", 2, 7, "no matches for kind \"Pood\" in version \"v1\"");
    one_error(
        "apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: p\n",
        2,
        7,
        "no matches for kind \"Deployment\" in version \"apps/v2\"",
    );
    one_error("- a\n- b\n", 1, 1, "cannot unmarshal !!seq into Go value of type map[string]interface {}");
    one_error("<html><body>hi</body></html>", 1, 1, "cannot unmarshal !!str into Go value of type map[string]interface {}");
}

#[test]
fn nothing_to_apply_says_so() {
    one_error("", 1, 1, "error: no objects passed to apply");
    one_error("# nothing\n---\n# more\n", 1, 1, "error: no objects passed to apply");
}

#[test]
fn bombs_depth_and_size_are_bounded() {
    let mut bomb = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    let (_, o) = apply(&bomb);
    assert!(o.errors[0].2.contains("document contains excessive aliasing"), "{:?}", o.errors);
    let deep = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {}{}\n", "[".repeat(200), "]".repeat(200));
    let (_, o) = apply(&deep);
    assert!(o.errors[0].2.contains("nesting deeper than 100 levels"), "{:?}", o.errors);
    assert_eq!(o.errors[0].0, 5);
    let huge = "#".repeat(17 << 20);
    one_error(&huge, 1, 1, "the text is 17825792 bytes; kubeplay accepts at most 16777216 bytes");
    let annotated = pod("big", &format!("  annotations:\n    blob: \"{}\"\n", "x".repeat(10 << 20)));
    one_error(&annotated, 6, 9, "metadata.annotations: Too long: must have at most 262144 bytes");
}

#[test]
fn five_thousand_documents_apply_and_schedule_what_fits() {
    let text: Vec<String> = (0..5000).map(|i| pod(&format!("p{i}"), "")).collect();
    let (mut c, o) = apply(&text.join("---\n"));
    assert!(o.errors.is_empty(), "{:?}", &o.errors[..1]);
    assert_eq!(o.out.len(), 5000);
    c.advance(60_000);
    let running = c.store.pods_in(Some("default")).into_iter().filter(|id| !c.store.pod(*id).unwrap().node.is_empty()).count();
    assert_eq!(running, 101, "one node holds 110 pods, nine of them Docker Desktop's system pods");
    let out = c.kubectl("kubectl describe pod p4999", &NoFiles).stdout;
    assert!(out.contains("0/1 nodes are available: 1 Too many pods."), "{out}");
}

#[test]
fn names_and_lookalikes_get_the_api_servers_answer() {
    let long = "a".repeat(300);
    one_error(&pod(&long, ""), 4, 9, "metadata.name: Invalid value: \"aaaa");
    one_error(&pod(&long, ""), 4, 9, "must be no more than 253 characters");
    // A Cyrillic х, not an x.
    one_error(&pod("nginх", ""), 4, 9, "Invalid value: \"nginх\": a lowercase RFC 1123 subdomain");
    one_error(&pod("<script>", ""), 4, 9, "The Pod \"<script>\" is invalid");
    one_error(&pod("p", "  labels:\n    app: \"a\u{202e}b\"\n"), 6, 8, "Invalid value: \"a\\u202eb\"");
}

#[test]
fn markup_in_labels_is_refused_and_in_annotations_kept_as_text() {
    one_error(
        &pod("p", "  labels:\n    app: \"<script>alert(1)</script>\"\n"),
        6,
        8,
        "Invalid value: \"<script>alert(1)</script>\": a valid label",
    );
    let (mut c, o) = apply(&pod("p", "  annotations:\n    x: '\"><img src=x onerror=alert(1)>'\n"));
    assert!(o.errors.is_empty());
    let yaml = c.kubectl("kubectl get pod p -o yaml", &NoFiles).stdout;
    assert!(yaml.contains("x: '\"><img src=x onerror=alert(1)>'"), "{yaml}");
}

#[test]
fn control_characters_stop_their_document_but_not_the_ones_before() {
    let text = format!("{}---\napiVersion: v1\nkind: Pod\u{0}\n", pod("first", ""));
    let (_, o) = apply(&text);
    assert_eq!(o.out, vec!["pod/first created".to_string()]);
    assert_eq!(o.errors.len(), 1);
    assert_eq!((o.errors[0].0, o.errors[0].1), (11, 10), "at the NUL");
    assert!(o.errors[0].2.ends_with("yaml: control characters are not allowed"), "{:?}", o.errors);
}

#[test]
fn json_and_lists_apply() {
    let (_, o) = apply("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"j\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"nginx\"}]}}");
    assert_eq!(o.out, vec!["pod/j created".to_string()]);
    let list = format!("apiVersion: v1\nkind: List\nitems:\n- {}", pod("in-list", "").replace('\n', "\n  "));
    let (_, o) = apply(&list);
    assert_eq!(o.out, vec!["pod/in-list created".to_string()], "{:?}", o.errors);
}

/// Found by `fuzz apply`: a lone CR is a YAML line break but not an editor line; the
/// error pointed past the end of the text.
#[test]
fn a_lone_carriage_return_keeps_positions_inside_the_text() {
    let text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: big-node\n  labels:\n    disktypity:\n      preferredDuringSchedulingIgnoredapi\rersiDuringE";
    let (_, o) = apply(text);
    assert_eq!(o.errors.len(), 1, "{:?}", o.errors);
    let lines = text.replace('\r', "\n").lines().count() as u32;
    assert!(o.errors[0].0 <= lines, "{:?} in {lines} lines", o.errors);
    // CRLF files read as LF ones.
    let (_, o) = apply(&pod("crlf", "").replace('\n', "\r\n"));
    assert_eq!(o.out, vec!["pod/crlf created".to_string()], "{:?}", o.errors);
}

/// Reported by a user: the manifest of an old tutorial (a Service without a selector
/// pointing outside the cluster) crashed the engine, which had no schema for Endpoints.
#[test]
fn hand_written_endpoints_apply_with_the_deprecation_warning() {
    let text =
        "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: ext\nsubsets:\n- addresses:\n  - ip: 192.0.2.42\n  ports:\n  - port: 80\n";
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let r = c.apply_text(text, "ep.yaml", "default", Mode::Apply);
    assert_eq!(r.out, vec!["endpoints/ext created".to_string()], "{:?}", r.errors);
    assert_eq!(r.warnings, vec!["Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice".to_string()]);
    let got = c.kubectl("get endpoints ext", &NoFiles).stdout;
    assert!(got.contains("ext    192.0.2.42:80"), "{got}");
    let slice = "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: s\naddressType: IPv4\nendpoints:\n- addresses: [10.1.2.3]\n";
    let r = c.apply_text(slice, "s.yaml", "default", Mode::Apply);
    assert_eq!(r.out, vec!["endpointslice.discovery.k8s.io/s created".to_string()], "{:?}", r.errors);
    one_error(
        "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: bad\nsubsets:\n- addresses:\n  - ip: 127.0.0.1\n",
        7,
        9,
        "subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
    );
}

/// Found by `fuzz kubectl`: a label change with no resource indexed an empty list.
#[test]
fn kubectl_label_without_a_resource_says_what_kubectl_says() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let out = c.kubectl("kubectl label a=b", &NoFiles);
    assert_eq!(out.stderr, "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n");
    let out = c.kubectl("kubectl label pods a=b", &NoFiles);
    assert_eq!(out.stderr, "error: resource(s) were provided, but no name was specified\n");
}

/// Found by the schema generator: a value left empty on the text's last line (no newline
/// after it) was placed on the line after the text, so the error pointed outside it.
#[test]
fn an_empty_value_at_the_end_of_the_text_is_reported_inside_it() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:";
    one_error(text, 5, 6, "The Pod \"p\" is invalid: spec.containers: Required value");
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name:";
    one_error(text, 7, 10, "spec.containers[0].name: Required value");
}

/// Found by the action generator: a kubectl line holding DEL (or a C1 control, U+FFFE)
/// made the whole action log unreadable, so a share link of that session replayed nothing.
#[test]
fn an_action_log_with_control_characters_reads_back() {
    for c in ['\u{1}', '\u{7f}', '\u{85}', '\u{9b}', '\u{2028}', '\u{fffe}', '\u{ffff}'] {
        let log = vec![
            engine::Action::Kubectl {
                line: format!("scale deploy a{c}b --replicas=1"),
                files: vec![(format!("f{c}.yaml"), format!("x{c}"))],
            },
            engine::Action::Advance(1_000),
        ];
        let json = engine::actions::to_json(&log);
        assert_eq!(engine::actions::from_json(&json), Some(log), "{c:?}: {json}");
    }
}

/// Found by the schema generator: a Service whose named targetPort no pod declares has no
/// endpoints (the endpoints controller skips a pod whose port does not resolve), which the
/// invariants checker took for a broken endpoints controller.
#[test]
fn a_named_target_port_no_pod_declares_gives_no_endpoints() {
    let text = format!(
        "{}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {{app: web}}\n  ports:\n  - port: 80\n    targetPort: three\n",
        pod("p", "  labels: {app: web}\n")
    );
    let (mut c, o) = apply(&text);
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    c.advance(60_000);
    let out = c.kubectl("kubectl get endpoints web", &NoFiles).stdout;
    assert!(out.contains("web    <none>"), "{out}");
    assert_eq!(engine::invariants::check(&c), Ok(()));
}

/// Found by reading the engine's arithmetic after the generators: a ClientIP affinity
/// timeout of -1 was accepted, and the first request through the Service overflowed the
/// proxy's stickiness window (a panic in a debug build). The API server refuses it, and a
/// config without ClientIP affinity, which the page's affinity switch would have used.
#[test]
fn a_client_ip_affinity_timeout_out_of_range_is_refused() {
    let svc = |affinity: &str, timeout: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {{app: a}}\n  sessionAffinity: {affinity}\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: {timeout}\n  ports:\n  - port: 80\n")
    };
    for t in ["-1", "0", "86401", "2147483647"] {
        one_error(
            &svc("ClientIP", t),
            10,
            23,
            &format!("The Service \"s\" is invalid: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: {t}: must be greater than 0 and less than 86400"),
        );
    }
    one_error(
        &svc("None", "60"),
        9,
        13,
        "The Service \"s\" is invalid: spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None",
    );
    let (mut c, o) = apply(&format!("{}---\n{}", svc("ClientIP", "86400"), pod("p", "  labels: {app: a}\n")));
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    c.advance(30_000);
    let served = c.send_requests("default", "s", None, &engine::proxy::Entry::ClusterIp, "10.0.0.1", 3);
    assert_eq!(served.iter().filter(|r| r.outcome == engine::proxy::Outcome::Ok).count(), 3);
}

/// Found by reading the engine's arithmetic after the generators: a grace period is any
/// int64 of seconds, and the kubelet's deletion deadline (now + grace × 1000) overflowed
/// for a huge one (terminationGracePeriodSeconds, kubectl delete --grace-period, the taint
/// manager's eviction) and for a negative one; a panic in a debug build.
#[test]
fn a_grace_period_of_any_int64_terminates_the_pod() {
    let huge = pod("p", "").replace("spec:\n", "spec:\n  terminationGracePeriodSeconds: 9223372036854775807\n  nodeName: kind-worker\n");
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let r = c.apply_text(&huge, "p.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(10_000);
    c.kill_node("kind-worker").unwrap();
    c.advance(400_000);
    let describe = c.kubectl("kubectl describe pod p", &NoFiles).stdout;
    assert!(describe.contains("Termination Grace Period:  9223372036854775807s"), "{describe}");
    c.restore_node("kind-worker").unwrap();
    c.advance(60_000);
    assert_eq!(c.kubectl("kubectl get pods", &NoFiles).stderr, "No resources found in default namespace.\n");
    for grace in ["9223372036854775807", "-9223372036854775808"] {
        let (mut c, _) = apply(&pod("p", ""));
        c.advance(10_000);
        let out = c.kubectl(&format!("kubectl delete pod p --wait=false --grace-period={grace}"), &NoFiles);
        assert_eq!(out.text(), "pod \"p\" deleted\n");
        c.advance(60_000);
        assert_eq!(c.kubectl("kubectl get pods", &NoFiles).stderr, "No resources found in default namespace.\n", "{grace}");
    }
}

/// kubectl sends no grace period when --grace-period is negative (its default is -1):
/// the pod's own terminationGracePeriodSeconds applies.
#[test]
fn kubectl_delete_ignores_a_negative_grace_period() {
    let (mut c, _) = apply(&pod("p", "").replace("spec:\n", "spec:\n  terminationGracePeriodSeconds: 45\n"));
    c.advance(10_000);
    c.kubectl("kubectl delete pod p --wait=false --grace-period=-5", &NoFiles);
    let yaml = c.kubectl("kubectl get pod p -o yaml", &NoFiles).stdout;
    assert!(yaml.contains("deletionGracePeriodSeconds: 45"), "{yaml}");
}

/// Found by the action generator (invariants after the cluster settles): a ReplicaSet
/// creates 500 pods a sync and came back for more only when one of its pods changed, so a
/// scale-up beyond what the nodes hold stopped for good once the running pods were ready
/// and the rest stayed Pending (7,000 of 65,535). Its own creations bring it back now, as
/// the pods' add events bring back a real one.
#[test]
fn a_scale_up_beyond_what_fits_goes_on_while_pods_stay_pending() {
    let deploy = |replicas: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n")
    };
    let (mut c, o) = apply(&deploy("3000"));
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    c.advance(60_000);
    assert_eq!(c.store.pod_count_in("default"), 3000);
    assert_eq!(engine::invariants::check(&c), Ok(()));
    // At kubeplay's pod limit the ReplicaSet stops, as a quota stops it.
    let (mut c, _) = apply(&deploy("2147483647"));
    c.advance(60_000);
    assert_eq!(c.store.pod_count(), engine::apiserver::MAX_PODS);
    let events = c.kubectl("kubectl get events --field-selector reason=FailedCreate", &NoFiles).stdout;
    assert!(events.contains("Error creating: pods \"web-67c4b4b48c-\" is forbidden: kubeplay holds at most 200000 pods"), "{events}");
    assert_eq!(engine::invariants::check(&c), Ok(()));
    let r = c.apply_text(&pod("one-more", ""), "p.yaml", "default", Mode::Apply);
    assert_eq!(
        r.errors[0].text,
        "Error from server (Forbidden): error when creating \"p.yaml\": pods \"one-more\" is forbidden: kubeplay holds at most 200000 pods"
    );
}

/// Found by the action generator: a Node written with `pods: "-1"` in its capacity (and a
/// container asking for a negative CPU) was accepted; the node then held fewer than no
/// pods and a negative request made room on its node for others. The API server refuses
/// negative resource quantities.
#[test]
fn negative_resource_quantities_are_refused() {
    one_error(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: big\nstatus:\n  capacity: {cpu: \"4\", pods: \"-1\"}\n",
        6,
        30,
        "The Node \"big\" is invalid: status.capacity.pods: Invalid value: \"-1\": must be greater than or equal to 0",
    );
    one_error(
        &pod("p", "").replace("    image: nginx:1.27\n", "    image: nginx:1.27\n    resources:\n      requests: {cpu: -100m}\n"),
        10,
        23,
        "The Pod \"p\" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: \"-100m\": must be greater than or equal to 0",
    );
}

/// Found by the kubectl generator: `kubectl scale --replicas=2147483648` set a Deployment
/// to more replicas than its int32 field holds, and the cluster filled with pods. The scale
/// subresource refuses the number as its decoder does.
#[test]
fn kubectl_scale_beyond_int32_is_refused() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n";
    let (mut c, _) = apply(text);
    let out = c.kubectl("kubectl scale deployment web --replicas=2147483648", &NoFiles);
    assert_eq!(
        out.stderr,
        "Error from server (BadRequest): json: cannot unmarshal number 2147483648 into Go struct field ScaleSpec.spec.replicas of type int32\n"
    );
    assert_eq!(out.code, 1);
    let out = c.kubectl("kubectl scale deployment web --replicas=2147483647", &NoFiles);
    assert_eq!(out.stdout, "deployment.apps/web scaled\n");
}

/// Seen in the kubectl generator's lines: a global flag before the command that takes a
/// value (`-v 9`, `--request-timeout 1m`) had its value read as the command.
#[test]
fn global_flags_before_the_command_take_their_values() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    for line in ["kubectl -v 9 get nodes", "kubectl --request-timeout 1m get nodes", "kubectl -n default get nodes"] {
        let out = c.kubectl(line, &NoFiles);
        assert!(out.stdout.starts_with("NAME "), "{line}: {}", out.text());
    }
}

#[test]
fn config_maps_and_secrets_point_at_what_is_wrong() {
    let secret = |body: &str| format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n{body}");
    let cm = |body: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n{body}");
    one_error(&secret("data:\n  password: hunter2\n"), 6, 13, "cannot be handled as a Secret: illegal base64 data at input byte 4");
    one_error(&secret("data:\n  password: \"YQ=\"\n"), 6, 13, "illegal base64 data at input byte 3");
    one_error(&secret("data:\n  n: 1234\n"), 6, 6, "json: cannot unmarshal number into Go struct field Secret.data of type []uint8");
    one_error(
        &secret("stringData:\n  port: 5432\n"),
        6,
        9,
        "json: cannot unmarshal number into Go struct field Secret.stringData of type string",
    );
    // Validated after stringData is folded into data, as the API server does: named as data.
    let (_, o) = apply(&secret("stringData:\n  bad key: x\n"));
    assert!(
        o.errors.len() == 1 && o.errors[0].2.starts_with("The Secret \"s\" is invalid: data[bad key]: Invalid value: \"bad key\""),
        "{:?}",
        o.errors
    );
    one_error(&cm("data:\n  lives: 3\n"), 6, 10, "json: cannot unmarshal number into Go struct field ConfigMap.data of type string");
    one_error(&cm("data:\n  bad key: x\n"), 6, 12, "data[bad key]: Invalid value: \"bad key\": a valid config key");
    one_error(&cm("data:\n  ..data: x\n"), 6, 9, "data[..data]: Invalid value: \"..data\": must not start with '..'");
    one_error(&cm("binaryData: [a]\n"), 5, 13, "ConfigMap.binaryData of type map[string][]uint8");
    one_error(&cm("immutable: \"yes\"\n"), 5, 12, "json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool");
    one_error(&cm("data:\n  a: b\n").replace("name: c", "name: Caps"), 4, 9, "metadata.name: Invalid value: \"Caps\"");
    one_error(&cm("spec:\n  a: b\n"), 5, 1, "strict decoding error: unknown field \"spec\"");
    // Null values and an empty object are valid; `stringData: {}` stores nothing.
    let (mut c, o) = apply(&format!("{}---\n{}", secret("data:\n  empty:\nstringData: {}\n"), cm("data:\n  k:\n")));
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    assert_eq!(c.kubectl("kubectl get secret s -o jsonpath={.data}", &NoFiles).stdout, "{\"empty\":\"\"}");
    assert_eq!(c.kubectl("kubectl get cm c -o jsonpath={.data}", &NoFiles).stdout, "{\"k\":\"\"}");
}

/// kubectl checks `apiVersion` and `kind` before decoding, and a document that fails
/// ends the file: those before it apply, those after it are not read.
#[test]
fn a_document_without_its_type_stops_the_file() {
    let text = format!("{}---\nkind: Pod\nmetadata:\n  name: b\n---\n{}", pod("a", ""), pod("c", ""));
    let (_, o) = apply(&text);
    assert_eq!(o.out, vec!["pod/a created".to_string()]);
    assert_eq!(o.errors.len(), 1, "{:?}", o.errors);
    assert!(
        o.errors[0].2.starts_with("error: error validating \"paste.yaml\": error validating data: apiVersion not set; if you choose"),
        "{:?}",
        o.errors
    );
    let (_, o) = apply("metadata:\n  name: x\n");
    assert!(o.errors[0].2.contains("error validating data: [apiVersion not set, kind not set];"), "{:?}", o.errors);
    let (_, o) = apply("apiVersion: [v1]\nkind: 7\nmetadata:\n  name: x\n");
    assert!(o.errors[0].2.contains("error validating data: [apiVersion isn't string type, kind isn't string type];"), "{:?}", o.errors);
    let (_, o) = apply("apiVersion: a/b/c\nkind: Pod\nmetadata:\n  name: x\n");
    assert!(o.errors[0].2.contains("error validating data: unexpected GroupVersion string: a/b/c;"), "{:?}", o.errors);
}

/// The Kubernetes docs write long commands as a flow sequence over several lines, the
/// closing bracket back at the key's column; kubectl reads it.
#[test]
fn a_flow_sequence_over_several_lines_applies() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: f\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [\n    \"sh\", \"-c\",\n    \"sleep 3600\"\n    ]\n";
    let (mut c, o) = apply(text);
    assert_eq!(o.out, vec!["pod/f created".to_string()], "{:?}", o.errors);
    let cmd = c.kubectl("kubectl get pod f -o jsonpath={.spec.containers[0].command}", &NoFiles).stdout;
    assert_eq!(cmd, r#"["sh","-c","sleep 3600"]"#);
}

/// A pod bound by hand to a node that does not exist stays Pending, shows the node it
/// names, and the pod garbage collector deletes it once the node has stayed missing for
/// its quarantine (40 s, on its 20 s passes).
#[test]
fn a_pod_bound_to_a_missing_node_is_collected() {
    let (mut c, o) = apply(&pod("pinned", "").replace("spec:\n", "spec:\n  nodeName: no-such-node\n"));
    assert_eq!(o.out, vec!["pod/pinned created".to_string()], "{:?}", o.errors);
    c.run("sleep 5s", &NoFiles);
    let wide = c.kubectl("kubectl get pod pinned -o wide", &NoFiles).stdout;
    assert!(wide.contains("Pending") && wide.contains("no-such-node"), "{wide}");
    assert!(c.kubectl("kubectl describe pod pinned", &NoFiles).stdout.contains("Node:             no-such-node/\n"));
    c.run("sleep 30s", &NoFiles);
    assert!(c.kubectl("kubectl get pod pinned", &NoFiles).stdout.contains("Pending"), "still there before the quarantine ends");
    c.run("sleep 10s", &NoFiles);
    let gone = c.kubectl("kubectl get pod pinned", &NoFiles);
    assert!(gone.stderr.contains("pods \"pinned\" not found"), "{gone:?}");
}

/// Fields a v1.33 API server refuses on these clusters.
#[test]
fn what_the_server_refuses_on_create() {
    let eph = pod("dbg", "").replace("spec:\n", "spec:\n  ephemeralContainers:\n  - name: debugger\n    image: busybox:1.36\n");
    one_error(&eph, 7, 5, "The Pod \"dbg\" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create");
    let svc = |extra: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {{app: web}}\n  ports:\n  - port: 80\n{extra}")
    };
    let (_, o) = apply(&svc("  ipFamilies: [IPv6]\n"));
    assert!(
        o.errors[0].2.contains("The Service \"s\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster"),
        "{:?}",
        o.errors
    );
    let (_, o) = apply(&svc("  ipFamilyPolicy: RequireDualStack\n"));
    assert!(
        o.errors[0]
            .2
            .contains("spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"),
        "{:?}",
        o.errors
    );
    let (_, o) = apply(&svc("  ipFamilies: [IPv4]\n  ipFamilyPolicy: SingleStack\n"));
    assert_eq!(o.out, vec!["service/s created".to_string()], "{:?}", o.errors);
}

/// Found by `fuzz kubectl` (a stack overflow, then out of memory with a larger stack): `-w`
/// inside a group of shorthand flags (`-wA`) was left in the arguments the watch lists
/// with, so listing started the watch again, without end.
#[test]
fn a_watch_flag_in_a_shorthand_group_watches_once() {
    for (grouped, spelled) in [
        ("get pods -wA --request-timeout=5s", "get pods -w -A --request-timeout=5s"),
        ("get pods -wn kube-system --request-timeout=5s", "get pods -w -n kube-system --request-timeout=5s"),
        ("get pods -Awowide --request-timeout=5s", "get pods -A -w -o wide --request-timeout=5s"),
        ("get pods -wnodes --request-timeout=5s", "get pods -w -n odes --request-timeout=5s"),
    ] {
        let a = Cluster::new(Preset::Kind, None, 1).kubectl(grouped, &NoFiles);
        let b = Cluster::new(Preset::Kind, None, 1).kubectl(spelled, &NoFiles);
        assert_eq!((a.code, &a.stdout, &a.stderr), (b.code, &b.stdout, &b.stderr), "{grouped}");
    }
    let out = Cluster::new(Preset::Kind, None, 1).kubectl("get pods -wA --request-timeout=5s", &NoFiles);
    assert!(out.stdout.contains("kube-system"), "{}", out.stdout);
}

/// Found by `fuzz kubectl` (a hang): a wait told to last 23 years simulated them, instant
/// by instant, while the page waited. A wait runs at most an hour of simulated time and
/// says so when that, not its own timeout, ended it.
#[test]
fn a_wait_of_years_ends_after_an_hour_and_says_why() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.kubectl("run stuck --image=nginx:no-such-tag", &NoFiles);
    let start = c.now();
    let out = c.kubectl("wait --for=condition=Ready pod/stuck --timeout=745659079s", &NoFiles);
    assert_eq!(c.now() - start, 60 * 60_000, "simulated an hour");
    assert!(out.stderr.starts_with("error: timed out waiting for the condition on pods/stuck\n"), "{}", out.stderr);
    assert!(out.stderr.contains("at most an hour of simulated time"), "{}", out.stderr);
    // A timeout within the hour is kept as given, with no remark.
    let out = c.kubectl("wait --for=condition=Ready pod/stuck --timeout=20s", &NoFiles);
    assert_eq!(out.stderr, "error: timed out waiting for the condition on pods/stuck\n");
}

const SETUP: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        resources:\n          requests: {cpu: 100m}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n  - port: 80\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 5\n";

/// As the `kubectl` fuzz target runs its input: the seed's Deployment and Service plus an
/// HPA thirty seconds in, then each line with a second after it.
fn kubectl_target(text: &str) -> Cluster {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    c.apply_text(SETUP, "setup.yaml", "default", Mode::Apply);
    c.advance(30_000);
    for line in text.lines().take(8) {
        c.kubectl(line, &NoFiles);
        c.advance(1_000);
    }
    c
}

/// Found by the `kubectl` fuzz target (771,403 runs in): a container script's `sleep` of a
/// hundred digits overflowed the shell's clock on the loop's second turn. A sleep longer
/// than a hundred years is now for ever, as good as.
#[test]
fn a_sleep_of_a_hundred_digits_beside_another_pod_logged_by_label() {
    let text = concat!(
        "run a --image=busybox -l app=x -- sh -c \"while true; do echo tick; sleep 20; done\"\n",
        "run b --image=busybox -l app=x -- sh -c \"while true; do echo tock; sleep 205555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555555; done\"\n",
        "logs -l app=x\n",
        "logs -l app=x --tail=0 --px -l app=x -- sh -c \"while true; do echo tock; sleep 20; done\"\n",
        "logs -l app=x\n",
        "logs -l app=x --tail=0 --prefix\n",
        "logs -l app=nope\n",
        "logs a -l app=x\n",
    );
    let mut c = kubectl_target(text);
    let out = c.kubectl("logs b", &NoFiles);
    assert_eq!(out.stdout, "tock\n", "{out:?}");
}

/// Found by the `apply` fuzz target (an out-of-memory at 271,127 runs and a timeout at
/// 429,357, both from pasted `kubectl get -o yaml` output): a Deployment whose selector and
/// template carry a `pod-template-hash` of their own. The controller compared its template
/// with its ReplicaSet's with the hash label taken off one side only, never found the
/// ReplicaSet it had just made, and made another at the same instant, a hundred times
/// over: 49,861 pods before a minute had passed. `EqualIgnoreHash` takes it off both.
#[test]
fn a_deployment_with_its_own_template_hash_finds_its_replica_set() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web, pod-template-hash: 7d9c5b8f4d}\n  template:\n    metadata:\n      labels: {app: web, pod-template-hash: 7d9c5b8f4d}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let r = c.apply_text(text, "paste.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c.advance(60_000);
    let rs = c.kubectl("get rs --no-headers", &NoFiles).stdout;
    assert_eq!(rs.lines().count(), 1, "{rs}");
    let pods = c.kubectl("get pods --no-headers", &NoFiles).stdout;
    assert_eq!(pods.lines().count(), 3, "{pods}");
    let d = c.kubectl("get deployment web -o jsonpath={.status.collisionCount}", &NoFiles).stdout;
    assert_eq!(d, "", "no collision was counted");
}
