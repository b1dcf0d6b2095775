//! Every command kubectl v1.33 lists in its top-level help either runs here or answers
//! one honest sentence naming what is missing; none is ever "unknown".

use engine::files::NoFiles;
use engine::{Cluster, Preset};

/// `kubectl --help` of v1.33, its commands in its order (Basic, Deploy, Cluster
/// Management, Troubleshooting, Advanced, Settings, Other).
const KUBECTL_COMMANDS: &[&str] = &[
    "create",
    "expose",
    "run",
    "set",
    "explain",
    "get",
    "edit",
    "delete",
    "rollout",
    "scale",
    "autoscale",
    "certificate",
    "cluster-info",
    "top",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "describe",
    "logs",
    "attach",
    "exec",
    "port-forward",
    "proxy",
    "cp",
    "auth",
    "debug",
    "events",
    "diff",
    "apply",
    "patch",
    "replace",
    "wait",
    "kustomize",
    "label",
    "annotate",
    "completion",
    "api-resources",
    "api-versions",
    "config",
    "plugin",
    "version",
];

const HONEST: &str = "is a real kubectl command that this simulator does not run yet";

#[test]
fn every_command_of_kubectls_help_runs_or_says_it_is_not_simulated() {
    let mut c = Cluster::new(Preset::Kind, None, 7);
    let mut not_simulated = vec![];
    for cmd in KUBECTL_COMMANDS {
        let help = c.run(&format!("kubectl {cmd} --help"), &NoFiles);
        let bare = c.run(&format!("kubectl {cmd}"), &NoFiles);
        for (what, out) in [("--help", &help), ("bare", &bare)] {
            let text = out.text();
            assert!(!text.contains("unknown command"), "kubectl {cmd} ({what}): {text}");
            assert!(!text.is_empty(), "kubectl {cmd} ({what}) printed nothing");
        }
        if help.text().contains(HONEST) {
            // Its own sentence, naming it, for the bare command too.
            assert!(help.text().starts_with(&format!("kubeplay: \"kubectl {cmd}\" {HONEST}.")), "{}", help.text());
            assert!(bare.text().contains(HONEST), "kubectl {cmd}: {}", bare.text());
            not_simulated.push(*cmd);
        } else {
            assert_eq!(help.code, 0, "kubectl {cmd} --help: {}", help.text());
            assert!(help.stdout.contains("Usage:"), "kubectl {cmd} --help has no Usage: {}", help.stdout);
        }
    }
    // What is left, said so; a new command moves from here to the others.
    assert_eq!(not_simulated, ["certificate", "proxy", "completion", "plugin"]);
}
