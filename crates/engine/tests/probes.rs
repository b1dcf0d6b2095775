//! The kubelet's probe workers (pkg/kubelet/prober/worker.go): a startup probe gates the
//! others and restarts the container when it keeps failing; readiness turns only after
//! `failureThreshold` failures in a row; exec probes run the command, gRPC probes dial.

use engine::apply::Mode;
use engine::{Cluster, Preset};

fn cluster(yaml: &str) -> Cluster {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 5);
    let report = c.apply_text(yaml, "pod.yaml", "default", Mode::Apply);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    c
}

fn ready(c: &Cluster, name: &str) -> bool {
    let id = c.store.pod_id("default", name).expect("created");
    c.store.pod(id).expect("stored").is_ready()
}

fn events(c: &Cluster, name: &str) -> String {
    c.read(&format!("kubectl get events --field-selector involvedObject.name={name}")).stdout
}

#[test]
fn a_startup_probe_holds_the_other_probes_and_readiness_until_it_passes() {
    // The app listens only 8 s after it starts; liveness alone (failureThreshold 1) would
    // kill it first, so the startup probe gives it time.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: slow\nspec:\n  containers:\n  - name: app\n    image: postgres:16\n    env: [{name: POSTGRES_PASSWORD, value: x}]\n    startupProbe:\n      tcpSocket: {port: 5432}\n      periodSeconds: 2\n      failureThreshold: 30\n    livenessProbe:\n      tcpSocket: {port: 5432}\n      periodSeconds: 1\n      failureThreshold: 1\n";
    let mut c = cluster(yaml);
    let mut started_at = None;
    for s in 0..120 {
        c.advance(1_000);
        let pod = c.read("kubectl get pod slow -o jsonpath={.status.containerStatuses[0].state.running.startedAt}").stdout;
        if !pod.is_empty() && started_at.is_none() {
            started_at = Some(s);
            let status = c.read("kubectl get pod slow -o jsonpath={.status.containerStatuses[0].started}").stdout;
            assert_eq!(status, "false", "running, not started: the startup probe has not passed");
            assert!(!ready(&c, "slow"));
        }
    }
    assert!(started_at.is_some());
    assert!(ready(&c, "slow"), "{}", events(&c, "slow"));
    let ev = events(&c, "slow");
    assert!(ev.contains("Startup probe failed: dial tcp"), "{ev}");
    assert!(!ev.contains("Liveness probe failed"), "liveness waits for the startup probe: {ev}");
    assert!(!ev.contains("Killing"), "{ev}");
    let described = c.read("kubectl describe pod slow").stdout;
    assert!(described.contains("Startup:        tcp-socket :5432 delay=0s timeout=1s period=2s #success=1 #failure=30"), "{described}");
    assert!(described.contains("Restart Count:  0"), "{described}");
}

#[test]
fn a_startup_probe_that_keeps_failing_restarts_the_container() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: never\nspec:\n  containers:\n  - name: web\n    image: nginx\n    startupProbe:\n      tcpSocket: {port: 9999}\n      periodSeconds: 5\n      failureThreshold: 3\n";
    let mut c = cluster(yaml);
    c.advance(60_000);
    let ev = events(&c, "never");
    assert!(ev.contains("Container web failed startup probe, will be restarted"), "{ev}");
    assert!(ev.contains("Startup probe failed: dial tcp"), "{ev}");
    let pods = c.read("kubectl get pod never").stdout;
    assert!(!pods.contains(" 0          "), "restarted: {pods}");
    assert!(!ready(&c, "never"));
}

#[test]
fn a_ready_container_stays_ready_until_failure_threshold_failures_in_a_row() {
    // The file goes at 20 s; probes every 5 s; the third failure in a row turns it unready.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: flip\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [sh, -c, 'touch /tmp/ready; sleep 20; rm -f /tmp/ready; sleep 600']\n    readinessProbe:\n      exec: {command: [cat, /tmp/ready]}\n      periodSeconds: 5\n      failureThreshold: 3\n";
    let mut c = cluster(yaml);
    (0..60)
        .find(|_| {
            c.advance(100);
            !c.read("kubectl get pod flip -o jsonpath={.status.containerStatuses[0].state.running.startedAt}").stdout.is_empty()
        })
        .expect("starts");
    c.advance(1_000);
    assert!(ready(&c, "flip"), "{}", events(&c, "flip"));
    // Failures at 20 (or 25) and 25 (or 30) s: still ready.
    c.advance(25_000);
    let ev = events(&c, "flip");
    assert!(ev.contains("Readiness probe failed: cat: can't open '/tmp/ready'"), "{ev}");
    assert!(ready(&c, "flip"), "two failures keep it ready: {ev}");
    c.advance(10_000);
    assert!(!ready(&c, "flip"), "the third turns it: {}", events(&c, "flip"));
}

#[test]
fn exec_probes_run_before_the_program_serves_and_grpc_probes_dial() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: conf\nspec:\n  containers:\n  - name: web\n    image: nginx\n    readinessProbe:\n      exec: {command: [cat, /etc/nginx/nginx.conf]}\n      periodSeconds: 2\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pg\nspec:\n  containers:\n  - name: pg\n    image: postgres:16\n    env: [{name: POSTGRES_PASSWORD, value: x}]\n    readinessProbe:\n      exec: {command: [pg_isready, -U, postgres]}\n      periodSeconds: 2\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: grpc\nspec:\n  containers:\n  - name: web\n    image: nginx\n    readinessProbe:\n      grpc: {port: 2379}\n      timeoutSeconds: 2\n";
    let mut c = cluster(yaml);
    c.advance(60_000);
    assert!(ready(&c, "conf"));
    assert!(!events(&c, "conf").contains("Unhealthy"), "a file of the image is there from the start: {}", events(&c, "conf"));
    assert!(ready(&c, "pg"));
    let pg = events(&c, "pg");
    assert!(pg.contains("Readiness probe failed: /var/run/postgresql:5432 - no response"), "{pg}");
    assert!(!ready(&c, "grpc"));
    let grpc = events(&c, "grpc");
    assert!(grpc.contains("Readiness probe failed: timeout: failed to connect service \"10."), "{grpc}");
    assert!(grpc.contains(":2379\" within 2s: context deadline exceeded"), "{grpc}");
    let described = c.read("kubectl describe pod grpc").stdout;
    assert!(described.contains("Readiness:      grpc <pod>:2379  delay=0s timeout=2s period=10s #success=1 #failure=3"), "{described}");
}

#[test]
fn probes_are_validated_as_the_api_server_does() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 5);
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  initContainers:\n  - name: init\n    image: busybox\n    readinessProbe:\n      exec: {command: [\"true\"]}\n  containers:\n  - name: web\n    image: nginx\n    livenessProbe:\n      successThreshold: 2\n      periodSeconds: -1\n    readinessProbe:\n      exec:\n        command: []\n      httpGet:\n        port: 80\n";
    let report = c.apply_text(yaml, "pod.yaml", "default", Mode::Apply);
    let errors: String = report.errors.iter().map(|d| d.text.as_str()).collect();
    for want in [
        "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        "spec.containers[0].readinessProbe.exec.command: Required value",
        "spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
        "spec.containers[0].livenessProbe: Required value: must specify a handler type",
        "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
    ] {
        assert!(errors.contains(want), "{want}: {errors}");
    }
    assert!(c.store.pod_id("default", "bad").is_none());
}

#[test]
fn the_documentations_http_liveness_pod_answers_500_after_ten_seconds_and_is_restarted() {
    // content/en/examples/pods/probe/http-liveness.yaml, and agnhost's netexec beside it.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    test: liveness\n  name: liveness-http\nspec:\n  containers:\n  - name: liveness\n    image: registry.k8s.io/e2e-test-images/agnhost:2.40\n    args:\n    - liveness\n    livenessProbe:\n      httpGet:\n        path: /healthz\n        port: 8080\n        httpHeaders:\n        - name: Custom-Header\n          value: Awesome\n      initialDelaySeconds: 3\n      periodSeconds: 3\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: netexec\nspec:\n  containers:\n  - name: netexec\n    image: registry.k8s.io/e2e-test-images/agnhost:2.40\n    args: [netexec, --http-port=8081]\n    readinessProbe:\n      httpGet: {path: /, port: 8081}\n";
    let mut c = cluster(yaml);
    c.advance(12_000);
    assert!(!events(&c, "liveness-http").contains("Unhealthy"), "healthy for its first 10 s: {}", events(&c, "liveness-http"));
    c.advance(20_000);
    let ev = events(&c, "liveness-http");
    assert!(ev.contains("Liveness probe failed: HTTP probe failed with statuscode: 500"), "{ev}");
    assert!(ev.contains("Container liveness failed liveness probe, will be restarted"), "{ev}");
    assert!(ready(&c, "netexec"), "{}", events(&c, "netexec"));
}
