//! `kubectl config`: the kubeconfig the preset's product writes (one cluster, one user,
//! one context). kubeplay keeps no kubeconfig of its own, so commands that would edit it
//! say so.

use super::args::{self, flag, FlagSpec};
use super::tabwriter::table;
use super::{Output, World};

const VIEW_FLAGS: &[FlagSpec] =
    &[flag("minify", None, false), flag("raw", None, false), flag("flatten", None, false), flag("output", Some('o'), true)];

const GET_CONTEXTS_FLAGS: &[FlagSpec] = &[flag("output", Some('o'), true), flag("no-headers", None, false)];

pub fn config(c: &World, rest: &[String]) -> Output {
    let Some(sub) = rest.iter().position(|a| !a.starts_with('-')) else {
        return Output::err("error: Missing or incomplete configuration info.  Please point to an existing, complete config file:\n\n  1. Via the command-line flag --kubeconfig\n  2. Via the KUBECONFIG environment variable\n  3. In your home directory as ~/.kube/config\n\nTo view or setup config directly use the 'config' command.");
    };
    let words: Vec<String> = rest[..sub].iter().chain(&rest[sub + 1..]).cloned().collect();
    let name = c.preset().context_name();
    match rest[sub].as_str() {
        "current-context" => match args::parse(&words, &[], "config current-context") {
            Ok(_) => Output::ok(format!("{name}\n")),
            Err(e) => Output::err(e),
        },
        "get-contexts" => {
            let p = match args::parse(&words, GET_CONTEXTS_FLAGS, "config get-contexts") {
                Ok(p) => p,
                Err(e) => return Output::err(e),
            };
            if let Some(asked) = p.positional.first().filter(|a| a.as_str() != name) {
                return Output::err(format!("error: context {asked} not found"));
            }
            if p.get("output") == Some("name") {
                return Output::ok(format!("{name}\n"));
            }
            let mut rows = Vec::new();
            if !p.bool("no-headers") {
                rows.push(["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"].map(String::from).to_vec());
            }
            rows.push(vec!["*".into(), name.into(), name.into(), name.into(), String::new()]);
            Output::ok(table(&rows))
        }
        "get-clusters" => Output::ok(format!("NAME\n{name}\n")),
        "get-users" => Output::ok(format!("NAME\n{name}\n")),
        "use-context" => match words.first() {
            Some(n) if n == name => Output::ok(format!("Switched to context \"{name}\".\n")),
            Some(n) => Output::err(format!("error: no context exists with the name: \"{n}\"")),
            None => Output::err("error: Unexpected args: []\nSee 'kubectl config use-context -h' for help and examples"),
        },
        "view" => {
            let p = match args::parse(&words, VIEW_FLAGS, "config view") {
                Ok(p) => p,
                Err(e) => return Output::err(e),
            };
            match p.get("output") {
                None | Some("yaml") => {}
                Some(other) => return Output::err(format!("kubeplay: kubectl config view -o {other} is not simulated yet; the YAML view is.")),
            }
            let server = c.preset().control_plane_url();
            Output::ok(format!(
                "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA+OMITTED\n    server: {server}\n  name: {name}\ncontexts:\n- context:\n    cluster: {name}\n    user: {name}\n  name: {name}\ncurrent-context: {name}\nkind: Config\npreferences: {{}}\nusers:\n- name: {name}\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n"
            ))
        }
        other @ ("set-context" | "set-cluster" | "set-credentials" | "set" | "unset" | "delete-context" | "delete-cluster" | "delete-user" | "rename-context") => {
            Output::err(format!(
                "kubeplay: kubectl config {other} edits a kubeconfig, which kubeplay does not keep yet: the context is always {name} in namespace default; pass -n NAMESPACE to each command."
            ))
        }
        other => Output::err(format!("error: unknown command \"{other}\" for \"kubectl config\"\nRun 'kubectl config --help' for usage.")),
    }
}
