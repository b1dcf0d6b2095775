//! Images as the world has them: the Kubernetes documentation's example images pull from
//! Docker Hub and the public registries and run; a locally built name and a typo fail
//! with the runtime's real words; private repositories need an imagePullSecret; and the
//! containers' scripts run (the exec-liveness example restarts, a busy loop's output is
//! capped, `exit 3` is exit code 3).

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::model::pod::{ContainerState, Phase};
use engine::{Cluster, Preset};

const SECOND: u64 = 1000;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Ends {
    /// Keeps running (a server, or a command that runs for good).
    Running,
    /// Runs to completion (restartPolicy Never).
    Completed,
}

/// A pod running `image`; `command` (YAML flow list) overrides the image's, `env` adds
/// variables.
fn pod(name: &str, image: &str, command: &str, env: &[(&str, &str)], ends: Ends) -> String {
    let mut m = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n");
    if ends == Ends::Completed {
        m.push_str("  restartPolicy: Never\n");
    }
    m.push_str(&format!("  containers:\n  - name: c\n    image: {image}\n"));
    if !command.is_empty() {
        m.push_str(&format!("    command: {command}\n"));
    }
    if !env.is_empty() {
        m.push_str("    env:\n");
        for (k, v) in env {
            m.push_str(&format!("    - name: {k}\n      value: \"{v}\"\n"));
        }
    }
    m
}

fn apply(c: &mut Cluster, text: &str) {
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

fn phase(c: &Cluster, name: &str) -> Phase {
    let id = c.store.pod_id("default", name).unwrap_or_else(|| panic!("pod {name}"));
    c.store.pod(id).unwrap().status.phase
}

fn messages(c: &Cluster, name: &str) -> Vec<(u64, String, String)> {
    c.events.all().filter(|e| e.involved.name() == name).map(|e| (e.first, e.reason.to_string(), e.message().into_owned())).collect()
}

fn run(c: &mut Cluster, line: &str) -> String {
    let out = c.run(line, &NoFiles);
    format!("{}{}", out.stdout, out.stderr)
}

/// Image references from the Kubernetes documentation's example manifests and tutorials,
/// across Docker Hub and the public registries, with a command where the example gives one.
const DOC_IMAGES: &[(&str, &str, Ends)] = &[
    ("nginx:1.14.2", "", Ends::Running),
    ("nginx:1.16.1", "", Ends::Running),
    ("nginx", "", Ends::Running),
    ("docker.io/nginx:1.27", "", Ends::Running),
    ("busybox:1.28", "[\"sh\", \"-c\", \"echo The app is running! && sleep 3600\"]", Ends::Running),
    ("busybox", "[\"sh\", \"-c\", \"date; echo Hello from the Kubernetes cluster\"]", Ends::Completed),
    ("registry.k8s.io/busybox:1.27.2", "[\"/bin/sh\", \"-c\", \"touch /tmp/healthy; sleep 3600\"]", Ends::Running),
    ("perl:5.34.0", "[\"perl\", \"-Mbignum=bpi\", \"-wle\", \"print bpi(200)\"]", Ends::Completed),
    ("wordpress:6.2.1-apache", "", Ends::Running),
    ("mysql:8.0", "", Ends::Running),
    ("redis", "", Ends::Running),
    ("redis:5.0.4", "[\"redis-server\", \"/redis-master/redis.conf\"]", Ends::Running),
    ("gcr.io/google-samples/gb-frontend:v5", "", Ends::Running),
    ("gcr.io/google_samples/gb-redis-follower:v2", "", Ends::Running),
    ("registry.k8s.io/nginx-slim:0.21", "", Ends::Running),
    ("registry.k8s.io/hpa-example", "", Ends::Running),
    ("registry.k8s.io/e2e-test-images/agnhost:2.39", "[\"/agnhost\", \"netexec\", \"--http-port=8080\"]", Ends::Running),
    (
        "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10",
        "[\"sh\", \"-c\", \"start-zookeeper --servers=3 --data_dir=/var/lib/zookeeper/data\"]",
        Ends::Running,
    ),
    ("registry.k8s.io/echoserver:1.4", "", Ends::Running),
    ("k8s.gcr.io/echoserver:1.10", "", Ends::Running),
    ("registry.k8s.io/pause:3.10", "", Ends::Running),
    ("registry.k8s.io/fluentd-elasticsearch:1.20", "", Ends::Running),
    ("quay.io/prometheus/prometheus:v2.53.0", "", Ends::Running),
    ("quay.io/coreos/etcd:v3.5.9", "", Ends::Running),
    ("ghcr.io/stefanprodan/podinfo:6.5.4", "", Ends::Running),
    ("mcr.microsoft.com/dotnet/samples:aspnetapp", "", Ends::Running),
    ("mcr.microsoft.com/dotnet/aspnet:8.0", "[\"sleep\", \"infinity\"]", Ends::Running),
    ("public.ecr.aws/nginx/nginx:1.27", "", Ends::Running),
    ("us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0", "", Ends::Running),
    ("fluentd", "", Ends::Running),
    ("fluent/fluentd-kubernetes-daemonset:v1", "", Ends::Running),
    ("cassandra:4.1", "", Ends::Running),
    ("mongo:7.0", "", Ends::Running),
    ("postgres:16", "", Ends::Running),
    ("mariadb:11", "", Ends::Running),
    ("httpd:2.4", "", Ends::Running),
    ("alpine:3.20", "[\"sleep\", \"3600\"]", Ends::Running),
    ("ubuntu:22.04", "[\"bash\", \"-c\", \"echo hello; sleep infinity\"]", Ends::Running),
    ("debian:bookworm", "[\"echo\", \"hi\"]", Ends::Completed),
    ("centos:7", "[\"sleep\", \"3600\"]", Ends::Running),
    ("python:3.12", "[\"python3\", \"-m\", \"http.server\", \"8000\"]", Ends::Running),
    ("python:3.11-slim", "[\"python\", \"-c\", \"print('hi')\"]", Ends::Completed),
    ("node:20", "[\"sh\", \"-c\", \"echo ready; sleep infinity\"]", Ends::Running),
    ("golang:1.22", "[\"sh\", \"-c\", \"echo built\"]", Ends::Completed),
    ("openjdk:17-jdk", "[\"java\", \"-version\"]", Ends::Completed),
    ("eclipse-temurin:21-jre", "[\"sleep\", \"infinity\"]", Ends::Running),
    ("rabbitmq:3-management", "", Ends::Running),
    ("memcached:1.6", "", Ends::Running),
    ("bitnami/redis:7.2", "", Ends::Running),
    ("kindest/kindnetd:v20240513-cd2ac642", "", Ends::Running),
    ("curlimages/curl:8.11.1", "[\"curl\", \"-s\", \"http://example.com\"]", Ends::Completed),
];

#[test]
fn the_documentations_images_pull_and_run() {
    assert!(DOC_IMAGES.len() >= 40);
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let mut names = vec![];
    for (i, (image, command, ends)) in DOC_IMAGES.iter().enumerate() {
        let name = format!("p{i}");
        let env: &[(&str, &str)] = if image.starts_with("mysql") || image.starts_with("mariadb") {
            &[("MYSQL_ROOT_PASSWORD", "secret")]
        } else if image.starts_with("postgres") {
            &[("POSTGRES_PASSWORD", "secret")]
        } else {
            &[]
        };
        apply(&mut c, &pod(&name, image, command, env, *ends));
        names.push(name);
    }
    c.advance(15 * 60 * SECOND);
    for (name, (image, _, ends)) in names.iter().zip(DOC_IMAGES) {
        let want = if *ends == Ends::Running { Phase::Running } else { Phase::Succeeded };
        let events: Vec<String> = messages(&c, name).into_iter().map(|e| format!("{}: {}", e.1, e.2)).collect();
        assert_eq!(phase(&c, name), want, "{image}: {events:#?}");
        let id = c.store.pod_id("default", name).unwrap();
        let restarts = c.store.pod(id).unwrap().status.statuses[0].restart_count;
        assert_eq!(restarts, 0, "{image} keeps running: {events:#?}");
        assert!(events.iter().any(|e| e.starts_with("Pulled: ")), "{image}: {events:#?}");
    }
}

#[test]
fn a_locally_built_name_still_fails_with_the_real_message() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &pod("spring", "spring-server", "", &[], Ends::Running));
    c.advance(30 * SECOND);
    let failed = messages(&c, "spring").into_iter().find(|e| e.1 == "Failed").expect("a failed pull").2;
    assert_eq!(
        failed,
        "Failed to pull image \"spring-server\": rpc error: code = Unknown desc = failed to pull and unpack image \"docker.io/library/spring-server:latest\": failed to resolve reference \"docker.io/library/spring-server:latest\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
    );
    let row = run(&mut c, "kubectl get pod spring --no-headers");
    assert!(row.contains("ErrImagePull") || row.contains("ImagePullBackOff"), "{row}");
}

#[test]
fn a_typo_of_an_official_name_fails_the_same_way_and_the_story_suggests_the_name() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &pod("typo", "ngnix:1.27", "", &[], Ends::Running));
    c.advance(30 * SECOND);
    assert!(messages(&c, "typo").iter().any(|e| e.2.contains("pull access denied, repository does not exist")));
    let stories = engine::explain::container_stories(&c, "default", "typo");
    assert_eq!(stories[0].suggestion.as_deref(), Some("nginx:1.27"));
    assert!(!stories[0].in_registry);
    let why = run(&mut c, "why typo");
    assert!(why.contains("kubeplay: Docker Hub has no image ngnix; did you mean nginx:1.27?"), "{why}");
    let ok = engine::explain::container_stories(&c, "default", "missing");
    assert!(ok.is_empty());
}

#[test]
fn docker_io_nginx_and_nginx_are_one_image_on_the_node() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    // One worker, so both pods land on the same node.
    let pin = |m: String| m.replace("spec:\n  containers", "spec:\n  nodeName: kind-worker\n  containers");
    apply(&mut c, &pin(pod("a", "docker.io/nginx:1.27", "", &[], Ends::Running)));
    c.advance(60 * SECOND);
    apply(&mut c, &pin(pod("b", "nginx:1.27", "", &[], Ends::Running)));
    c.advance(30 * SECOND);
    let image_id = |n: &str| {
        let id = c.store.pod_id("default", n).unwrap();
        c.store.pod(id).unwrap().status.statuses[0].image_id.to_string()
    };
    assert_eq!(image_id("a"), image_id("b"));
    assert!(image_id("a").starts_with("docker.io/library/nginx@sha256:"), "{}", image_id("a"));
    let b = messages(&c, "b");
    assert!(b.iter().any(|e| e.1 == "Pulled" && e.2 == "Container image \"nginx:1.27\" already present on machine"), "{b:#?}");
    assert!(!b.iter().any(|e| e.1 == "Pulling"), "{b:#?}");
}

#[test]
fn a_private_repository_needs_an_image_pull_secret() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(run(&mut c, "registry private acme").contains("acme is private"));
    // Each pod its own tag: an image already on a node runs for any pod there under
    // IfNotPresent, credentials or not, as on a real node.
    apply(&mut c, &pod("anon", "acme/app:0.9", "", &[], Ends::Running));
    let with_secret =
        pod("authed", "acme/app:1.0", "", &[], Ends::Running).replace("spec:\n", "spec:\n  imagePullSecrets:\n  - name: regcred\n");
    let missing =
        pod("nosecret", "acme/app:0.8", "", &[], Ends::Running).replace("spec:\n", "spec:\n  imagePullSecrets:\n  - name: nope\n");
    run(&mut c, "kubectl create secret docker-registry regcred --docker-username=u --docker-password=p --docker-email=u@example.com");
    apply(&mut c, &with_secret);
    apply(&mut c, &missing);
    c.advance(60 * SECOND);
    assert_eq!(phase(&c, "authed"), Phase::Running);
    assert_eq!(phase(&c, "anon"), Phase::Pending);
    assert!(messages(&c, "anon")
        .iter()
        .any(|e| e.2.contains("pull access denied, repository does not exist or may require authorization")));
    let nosecret = messages(&c, "nosecret");
    assert!(nosecret.iter().any(|e| e.1 == "FailedToRetrieveImagePullSecret"
        && e.2 == "Unable to retrieve some image pull secrets (nope); attempting to pull the image may not succeed."));
    assert_eq!(phase(&c, "nosecret"), Phase::Pending);
    // The `private/` namespace is private on any registry; a public image is not.
    apply(&mut c, &pod("ghcr", "ghcr.io/private/tool:2", "", &[], Ends::Running));
    apply(&mut c, &pod("public", "ghcr.io/acme/app:1.0", "", &[], Ends::Running));
    c.advance(60 * SECOND);
    assert_eq!(phase(&c, "ghcr"), Phase::Pending);
    assert_eq!(phase(&c, "public"), Phase::Running);
    assert!(run(&mut c, "registry private nginx:1.27").contains("usage: registry private"));
}

/// The exec-liveness example of "Configure Liveness, Readiness and Startup Probes".
const EXEC_LIVENESS: &str = "apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
";

#[test]
fn the_exec_liveness_example_restarts_once_the_file_is_gone() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, EXEC_LIVENESS);
    c.advance(75 * SECOND);
    let events = messages(&c, "liveness-exec");
    let started = events.iter().find(|e| e.1 == "Started").expect("started").0;
    let unhealthy: Vec<u64> = events.iter().filter(|e| e.1 == "Unhealthy").map(|e| e.0 - started).collect();
    assert!(
        events.iter().any(|e| e.2 == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"),
        "{events:#?}"
    );
    assert_eq!(unhealthy.first().copied(), Some(35 * SECOND), "the first failing probe comes 5 s after the file goes: {events:#?}");
    let killed = events.iter().find(|e| e.1 == "Killing").expect("killed");
    assert_eq!(killed.2, "Container liveness failed liveness probe, will be restarted");
    assert_eq!(killed.0 - started, 45 * SECOND, "three failures in a row (35, 40, 45 s)");
    let id = c.store.pod_id("default", "liveness-exec").unwrap();
    assert_eq!(c.store.pod(id).unwrap().status.statuses[0].restart_count, 1);
    let describe = run(&mut c, "kubectl describe pod liveness-exec");
    assert!(describe.contains("Liveness:       exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3"), "{describe}");
}

#[test]
fn a_busy_loop_prints_capped_output_and_says_so() {
    // The cloud preset ships metrics-server, which `kubectl top` needs.
    let mut c = Cluster::new(Preset::Cloud, None, 1);
    apply(&mut c, &pod("loop", "busybox", "[\"sh\", \"-c\", \"while true; do echo hi; done\"]", &[], Ends::Running));
    c.advance(30 * SECOND);
    assert_eq!(phase(&c, "loop"), Phase::Running);
    assert_eq!(run(&mut c, "kubectl logs loop --tail=3"), "hi\nhi\nhi\n");
    let all = run(&mut c, "kubectl logs loop");
    assert_eq!(all.lines().filter(|l| l.starts_with("kubeplay:")).count(), 1, "said once");
    assert_eq!(all.lines().filter(|l| *l == "hi").count(), engine::model::pod_runtime::LOG_CAP);
    let top = run(&mut c, "kubectl top pod loop --no-headers");
    assert!(top.split_whitespace().nth(1).is_some_and(|cpu| cpu.starts_with("100")), "a whole core: {top}");
    // A loop that sleeps prints as time goes by.
    apply(&mut c, &pod("tick", "busybox", "[\"sh\", \"-c\", \"i=0; while true; do echo tick; sleep 10; done\"]", &[], Ends::Running));
    c.advance(10 * SECOND);
    let early = run(&mut c, "kubectl logs tick").lines().count();
    c.advance(60 * SECOND);
    let later = run(&mut c, "kubectl logs tick").lines().count();
    assert!(later >= early + 5, "{early} then {later}");
}

#[test]
fn a_script_exits_with_its_code_and_says_what_it_does_not_run() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &pod("three", "busybox", "[\"sh\", \"-c\", \"echo hello; exit 3\"]", &[], Ends::Completed));
    apply(
        &mut c,
        &pod(
            "awk",
            "busybox",
            "[\"sh\", \"-c\", \"echo a b | awk '{print $2}'; awk 'BEGIN{}'; frobnicate; echo done\"]",
            &[],
            Ends::Completed,
        ),
    );
    c.advance(60 * SECOND);
    assert_eq!(phase(&c, "three"), Phase::Failed);
    let id = c.store.pod_id("default", "three").unwrap();
    match &c.store.pod(id).unwrap().status.statuses[0].state {
        ContainerState::Terminated(t) => assert_eq!((t.exit_code, t.reason.as_str()), (3, "Error")),
        other => panic!("{other:?}"),
    }
    let describe = run(&mut c, "kubectl describe pod three");
    assert!(describe.contains("      Exit Code:    3\n"), "{describe}");
    assert_eq!(run(&mut c, "kubectl logs three"), "hello\n");
    let logs = run(&mut c, "kubectl logs awk");
    assert_eq!(
        logs,
        "kubeplay: the simulated shell does not run pipelines ('|') yet; it ran only 'echo a b'\na b\nkubeplay: the simulated shell does not run 'awk' yet\nsh: frobnicate: not found\ndone\n"
    );
}
