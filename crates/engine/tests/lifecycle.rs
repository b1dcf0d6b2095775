//! Container lifecycle hooks: the documentation's lifecycle-demo (tasks/configure-pod-
//! container/attach-handler-lifecycle-event) writes a file from its postStart handler.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

#[test]
fn a_post_start_handler_writes_into_the_container() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lifecycle-demo\nspec:\n  containers:\n  - name: lifecycle-demo-container\n    image: nginx\n    lifecycle:\n      postStart:\n        exec:\n          command: [\"/bin/sh\", \"-c\", \"echo Hello from the postStart handler > /usr/share/message\"]\n      preStop:\n        exec:\n          command: [\"/bin/sh\",\"-c\",\"nginx -s quit; while killall -0 nginx; do sleep 1; done\"]\n";
    assert!(c.apply_text(yaml, "lifecycle-events.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(30_000);
    let read = |c: &mut Cluster| {
        let o = c.kubectl("kubectl exec lifecycle-demo -- cat /usr/share/message", &NoFiles);
        format!("{}{}", o.stdout, o.stderr)
    };
    assert_eq!(read(&mut c), "Hello from the postStart handler\n");
    // Without the handler the file is not there.
    let plain = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: plain\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
    assert!(c.apply_text(plain, "plain.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(30_000);
    let o = c.kubectl("kubectl exec plain -- cat /usr/share/message", &NoFiles);
    assert!(o.stdout.contains("No such file or directory") && o.code == 1, "{o:?}");
}

#[test]
fn a_file_kubectl_exec_writes_stays_in_the_container() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    c.kubectl("kubectl run box --image=busybox -- sleep 3600", &NoFiles);
    c.advance(20_000);
    let line = "kubectl exec box -- sh -c 'echo hi > /tmp/x'";
    assert!(!engine::kubectl::reads_only(line), "a write is a change, recorded and replayed");
    assert!(engine::kubectl::reads_only("kubectl exec box -- cat /tmp/x"));
    c.kubectl(line, &NoFiles);
    let o = c.kubectl("kubectl exec box -- cat /tmp/x", &NoFiles);
    assert_eq!((o.stdout.as_str(), o.code), ("hi\n", 0));
}
