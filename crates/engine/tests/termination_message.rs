//! What a terminated container reports: the documentation's termination-demo
//! (tasks/debug/debug-application/determine-reason-pod-failure) and
//! `terminationMessagePolicy: FallbackToLogsOnError`.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn pod(name: &str, script: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: {name}-container\n    image: debian\n    command: [\"/bin/sh\"]\n    args: [\"-c\", \"{script}\"]\n{extra}"
    )
}

fn run(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

#[test]
fn the_file_at_the_message_path_is_the_terminated_state_s_message() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    let yaml = pod("termination-demo", "sleep 10 && echo Sleep expired > /dev/termination-log", "");
    assert!(c.apply_text(&yaml, "termination.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(40_000);
    let message = run(
        &mut c,
        "kubectl get pod termination-demo -o go-template='{{range .status.containerStatuses}}{{.lastState.terminated.message}}{{end}}'",
    );
    assert_eq!(message, "Sleep expired\n");
    let describe = run(&mut c, "kubectl describe pod termination-demo");
    // The message's own newline ends the line and leaves an empty one, which ends
    // tabwriter's column block as in kubectl.
    assert!(
        describe
            .contains("    Last State:  Terminated\n      Reason:    Completed\n      Message:   Sleep expired\n\n      Exit Code:    0\n"),
        "{describe}"
    );
}

#[test]
fn a_terminated_state_names_the_container_that_ended() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    let yaml = pod("ends", "sleep 5; exit 3", "");
    assert!(c.apply_text(&yaml, "ends.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(30_000);
    let ids = run(
        &mut c,
        "kubectl get pod ends -o jsonpath='{.status.containerStatuses[0].containerID} {.status.containerStatuses[0].lastState.terminated.containerID}'",
    );
    let (now, before) = ids.split_once(' ').expect("two IDs");
    assert!(now.starts_with("docker://") && before.starts_with("docker://"), "{ids}");
    assert_ne!(now, before, "a restarted container has a new ID; the last state keeps the old one");
}

#[test]
fn fallback_to_logs_on_error_reports_the_log_s_tail_after_a_failure() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    let policy = "    terminationMessagePolicy: FallbackToLogsOnError\n";
    let failing = pod("fails", "echo connecting; echo giving up; exit 1", policy);
    let ok = pod("succeeds", "echo done; exit 0", policy);
    let file = pod("plain", "echo giving up; exit 1", "");
    for (yaml, name) in [(failing, "fails.yaml"), (ok, "ok.yaml"), (file, "plain.yaml")] {
        assert!(c.apply_text(&yaml, name, "default", Mode::Apply).errors.is_empty());
    }
    c.advance(30_000);
    let message = |c: &mut Cluster, pod: &str| {
        run(c, &format!("kubectl get pod {pod} -o jsonpath='{{.status.containerStatuses[0].lastState.terminated.message}}'"))
    };
    assert_eq!(message(&mut c, "fails"), "connecting\ngiving up\n");
    // Only after a failure, and only with that policy.
    assert_eq!(message(&mut c, "succeeds"), "");
    assert_eq!(message(&mut c, "plain"), "");
}

#[test]
fn a_message_path_of_its_own_is_read_there() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    let yaml = pod("own-path", "echo done > /tmp/why; exit 2", "    terminationMessagePath: /tmp/why\n");
    assert!(c.apply_text(&yaml, "own.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(30_000);
    let message = run(&mut c, "kubectl get pod own-path -o jsonpath='{.status.containerStatuses[0].lastState.terminated.message}'");
    assert_eq!(message, "done\n");
    assert_eq!(run(&mut c, "kubectl get pod own-path -o jsonpath='{.spec.containers[0].terminationMessagePath}'"), "/tmp/why");
}
