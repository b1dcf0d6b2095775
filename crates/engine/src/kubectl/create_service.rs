//! `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`: kubectl
//! builds the Service from its flags (`create_service.go`): the selector and the label are
//! `app: NAME`, each `--tcp=PORT[:TARGET]` a TCP port named after the pair, and the
//! request's failure is wrapped as `failed to create TYPE service: …`.

use super::args::{self, flag, FlagSpec, Parsed};
use super::commands::quote;
use super::Output;
use crate::model::validation::names;
use crate::world::World;

// Each subcommand registers only its own flags.
const CLUSTERIP_FLAGS: &[FlagSpec] =
    &[flag("tcp", None, true), flag("clusterip", None, true), flag("dry-run", None, true), flag("output", Some('o'), true)];
const NODEPORT_FLAGS: &[FlagSpec] =
    &[flag("tcp", None, true), flag("node-port", None, true), flag("dry-run", None, true), flag("output", Some('o'), true)];
const LOADBALANCER_FLAGS: &[FlagSpec] = &[flag("tcp", None, true), flag("dry-run", None, true), flag("output", Some('o'), true)];
const EXTERNALNAME_FLAGS: &[FlagSpec] =
    &[flag("tcp", None, true), flag("external-name", None, true), flag("dry-run", None, true), flag("output", Some('o'), true)];

const HELP: &str = "Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip       Create a ClusterIP service
  externalname    Create an ExternalName service
  loadbalancer    Create a LoadBalancer service
  nodeport        Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use \"kubectl create service <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// `words` follow `create service` (or `svc`): the type, the name and the flags.
pub(super) fn create(c: &mut World, words: &[String]) -> Output {
    let Some(at) = super::commands::subcommand(words) else {
        // cobra's DefaultSubCommandRun: the help on standard error, exit 1.
        return Output { stderr: HELP.to_string(), code: 1, ..Default::default() };
    };
    let (type_name, sub) = match words[at].as_str() {
        "clusterip" => ("ClusterIP", "clusterip"),
        "nodeport" => ("NodePort", "nodeport"),
        "loadbalancer" => ("LoadBalancer", "loadbalancer"),
        "externalname" => ("ExternalName", "externalname"),
        other => return Output::err(format!("error: unknown command \"{other}\"\nSee 'kubectl create service -h' for help and examples")),
    };
    let rest: Vec<String> = words.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, w)| w.clone()).collect();
    let parsed = match sub {
        "clusterip" => args::parse(&rest, CLUSTERIP_FLAGS, "create service clusterip"),
        "nodeport" => args::parse(&rest, NODEPORT_FLAGS, "create service nodeport"),
        "loadbalancer" => args::parse(&rest, LOADBALANCER_FLAGS, "create service loadbalancer"),
        _ => args::parse(&rest, EXTERNALNAME_FLAGS, "create service externalname"),
    };
    let p = match parsed {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    // cobra checks required flags before the command runs, so before the name.
    if sub == "externalname" && !p.has("external-name") {
        return Output::err("error: required flag(s) \"external-name\" not set");
    }
    let [name] = p.positional.as_slice() else {
        return Output::err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create service {sub} -h' for help and examples",
            p.positional.len()
        ));
    };
    let manifest = match manifest(&p, name, type_name) {
        Ok(m) => m,
        Err(e) => return Output::err(format!("error: {e}")),
    };
    if let Some(out) = super::dry_run::client(&rest, &manifest) {
        return out;
    }
    if p.has("output") {
        return Output::err("kubeplay: -o is not simulated yet for kubectl create without --dry-run.");
    }
    let ns = super::namespace(&p);
    super::commands::create_config(c, &manifest, &format!("{type_name} service"), &ns)
}

/// `ServiceOptions.Validate` then `createService`.
fn manifest(p: &Parsed, name: &str, type_name: &str) -> Result<String, String> {
    let tcp: Vec<&str> = p.all("tcp").into_iter().flat_map(|v| v.split(',')).filter(|v| !v.is_empty()).collect();
    let cluster_ip = p.get("clusterip").unwrap_or("");
    if cluster_ip != "None" && tcp.is_empty() && type_name != "ExternalName" {
        return Err("at least one tcp port specifier must be provided".into());
    }
    let external = p.get("external-name").unwrap_or("");
    if type_name == "ExternalName" && !names::dns1123_subdomain(external).is_empty() {
        return Err(format!("invalid service external name {external}"));
    }
    let node_port = match p.get("node-port") {
        None => 0,
        Some(v) => v
            .parse::<i32>()
            .map_err(|_| format!("invalid argument \"{v}\" for \"--node-port\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"))?,
    };
    let mut ports = String::new();
    for pair in &tcp {
        let (port, target) = ports_of(pair)?;
        ports.push_str(&format!(
            "  - name: {}\n    port: {port}\n    protocol: TCP\n    targetPort: {target}\n",
            quote(&pair.replace(':', "-"))
        ));
        if node_port != 0 {
            ports.push_str(&format!("    nodePort: {node_port}\n"));
        }
    }
    let mut spec = format!("  type: {type_name}\n  selector:\n    app: {}\n", quote(name));
    if !ports.is_empty() {
        spec.push_str(&format!("  ports:\n{ports}"));
    }
    if !external.is_empty() {
        spec.push_str(&format!("  externalName: {}\n", quote(external)));
    }
    if !cluster_ip.is_empty() {
        spec.push_str(&format!("  clusterIP: {}\n", quote(cluster_ip)));
    }
    Ok(format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {n}\n  labels:\n    app: {n}\nspec:\n{spec}", n = quote(name)))
}

/// `parsePorts`: the port as `utilsnet.ParsePort` reads it (zero allowed), the target a
/// number or a port name.
fn ports_of(pair: &str) -> Result<(u16, String), String> {
    let mut parts = pair.split(':');
    let first = parts.next().unwrap_or("");
    // ParseUint takes digits only (no sign); more than 16 bits is out of range.
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.ParseUint: parsing {}: invalid syntax", quote(first)));
    }
    let port = match first.trim_start_matches('0').len() {
        0 => Some(0),
        1..=5 => u16::try_from(first.parse::<u32>().unwrap_or(u32::MAX)).ok(),
        _ => None,
    };
    let Some(port) = port else {
        return Err(format!("strconv.ParseUint: parsing {}: value out of range", quote(first)));
    };
    let Some(target) = parts.next() else { return Ok((port, port.to_string())) };
    match target.parse::<i64>() {
        Ok(n) => {
            let errs = names::port_number(n);
            if !errs.is_empty() {
                return Err(errs.join(","));
            }
            Ok((port, n.to_string()))
        }
        Err(_) => {
            let errs = names::port_name(target);
            if !errs.is_empty() {
                return Err(errs.join(","));
            }
            Ok((port, quote(target)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ports_of;

    #[test]
    fn ports_parse_as_kubectl_parses_them() {
        assert_eq!(ports_of("5678:8080"), Ok((5678, "8080".into())));
        assert_eq!(ports_of("80"), Ok((80, "80".into())));
        assert_eq!(ports_of("80:http"), Ok((80, "\"http\"".into())));
        assert_eq!(ports_of("0"), Ok((0, "0".into())));
        assert_eq!(ports_of("x:80"), Err("strconv.ParseUint: parsing \"x\": invalid syntax".into()));
        assert_eq!(ports_of("+80"), Err("strconv.ParseUint: parsing \"+80\": invalid syntax".into()));
        assert_eq!(
            ports_of("123456789012345678901"),
            Err("strconv.ParseUint: parsing \"123456789012345678901\": value out of range".into())
        );
        assert_eq!(ports_of("70000"), Err("strconv.ParseUint: parsing \"70000\": value out of range".into()));
        assert_eq!(ports_of("80:0"), Err("must be between 1 and 65535, inclusive".into()));
        assert_eq!(ports_of("80:8080a-"), Err("must not begin or end with a hyphen".into()));
    }
}
