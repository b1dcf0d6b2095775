//! A container's environment beyond its spec: HOSTNAME, PATH and HOME from the runtime,
//! and the Services' variables the kubelet adds (`envvars.FromServices`) for the Services
//! that existed when the container started.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

#[test]
fn the_documentations_command_demo_prints_its_hostname_and_the_api_servers_port() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 2);
    // content/en/examples/pods/commands.yaml
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: command-demo\n  labels:\n    purpose: demonstrate-command\nspec:\n  containers:\n  - name: command-demo-container\n    image: debian\n    command: [\"printenv\"]\n    args: [\"HOSTNAME\", \"KUBERNETES_PORT\"]\n  restartPolicy: OnFailure\n";
    assert!(c.apply_text(yaml, "commands.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(30_000);
    assert_eq!(out(&mut c, "kubectl logs command-demo"), "command-demo\ntcp://10.96.0.1:443\n");
    assert!(out(&mut c, "kubectl get pod command-demo").contains("Completed"));
}

#[test]
fn a_service_is_in_the_environment_of_containers_started_after_it() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 2);
    out(&mut c, "kubectl run before --image=nginx");
    // What counts is when the container starts, after its image's pull.
    c.advance(30_000);
    out(&mut c, "kubectl create service clusterip my-web --tcp=80:80");
    out(&mut c, "kubectl create service clusterip headless --clusterip=None");
    out(&mut c, "kubectl run after --image=nginx --env=MY_WEB_SERVICE_PORT=8080");
    let quiet = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: quiet\nspec:\n  enableServiceLinks: false\n  containers:\n  - name: c\n    image: nginx\n";
    assert!(c.apply_text(quiet, "quiet.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(30_000);
    let before = out(&mut c, "kubectl exec before -- env");
    assert!(before.contains("HOSTNAME=before\n") && before.contains("KUBERNETES_SERVICE_HOST=10.96.0.1\n"), "{before}");
    assert!(!before.contains("MY_WEB"), "made after the container started: {before}");
    let after = out(&mut c, "kubectl exec after -- env");
    let ip = out(&mut c, "kubectl get svc my-web -o jsonpath={.spec.clusterIP}");
    for line in [
        format!("MY_WEB_SERVICE_HOST={ip}"),
        "MY_WEB_SERVICE_PORT_80_80=80".to_string(),
        format!("MY_WEB_PORT=tcp://{ip}:80"),
        format!("MY_WEB_PORT_80_TCP_ADDR={ip}"),
    ] {
        assert!(after.lines().any(|l| l == line), "{line}: {after}");
    }
    // The container's own variable wins; a headless Service has none.
    assert_eq!(out(&mut c, "kubectl exec after -- printenv MY_WEB_SERVICE_PORT"), "8080\n");
    assert!(!after.contains("HEADLESS_"), "{after}");
    let quiet = out(&mut c, "kubectl exec quiet -- env");
    assert!(quiet.contains("KUBERNETES_PORT=tcp://10.96.0.1:443\n") && !quiet.contains("MY_WEB"), "{quiet}");
}

#[test]
fn a_script_reads_the_variables_it_did_not_declare_and_its_own() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 2);
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: vars\nspec:\n  containers:\n  - name: c\n    image: busybox\n    env: [{name: GREETING, value: hi}]\n    command: [sh, -c, 'echo $(GREETING) $HOSTNAME $KUBERNETES_SERVICE_HOST; sleep 3600']\n";
    assert!(c.apply_text(yaml, "vars.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(20_000);
    assert_eq!(out(&mut c, "kubectl logs vars"), "hi vars 10.96.0.1\n");
}
