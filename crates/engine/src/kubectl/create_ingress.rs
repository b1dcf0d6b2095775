//! `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]] …`
//! (`create_ingress.go`): each rule is checked against kubectl's rule pattern, paths are
//! grouped under their host, a trailing `*` makes a path `Prefix` (else `Exact`), and the
//! rules marked `tls` become TLS entries grouped by secret, each host once.

use super::args::{self, flag, FlagSpec, Parsed};
use super::create_common::{map, name_of, send, Sent};
use super::Output;
use crate::value::Value;
use crate::world::World;

const FLAGS: &[FlagSpec] = &[
    flag("rule", None, true),
    flag("class", None, true),
    flag("default-backend", None, true),
    flag("annotation", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("save-config", None, false),
    flag("validate", None, true),
    flag("field-manager", None, true),
    flag("allow-missing-template-keys", None, false),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
];

pub(super) fn create(c: &mut World, words: &[String]) -> Output {
    let p = match args::parse(words, FLAGS, "create ingress") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let name = match name_of(&p, "ingress") {
        Ok(n) => n,
        Err(o) => return *o,
    };
    if let Err(e) = validate(&p) {
        return Output::err(format!("error: {e}"));
    }
    let ns = super::namespace(&p);
    send(c, words, &p, &manifest(&p, &name), &Sent { noun: "ingress", ns: &ns })
}

/// `CreateIngressOptions.Validate`.
fn validate(p: &Parsed) -> Result<(), String> {
    let backend = p.get("default-backend").unwrap_or("");
    let rules = p.all("rule");
    if backend.is_empty() && rules.is_empty() {
        return Err("not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)".into());
    }
    if let Some(rule) = rules.iter().find(|r| !rule_matches(r)) {
        return Err(format!("rule {rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]"));
    }
    if let Some(a) = p.all("annotation").iter().find(|a| !a.contains('=')) {
        return Err(format!("annotation {a} is invalid and should be in format key=[value]"));
    }
    if !backend.is_empty() && backend.split(':').count() != 2 {
        return Err("default-backend should be in format servicename:serviceport".into());
    }
    Ok(())
}

/// Go's `\w`: ASCII letters, digits and `_`.
fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// kubectl's `ruleRegex`, `^(host)(/path)=(svcname):(svcport)(,tls=?(secret)?)?$`, read
/// by hand: the host cannot hold a `/`, so the path starts at the first one.
fn rule_matches(rule: &str) -> bool {
    let b = rule.as_bytes();
    let Some(slash) = rule.find('/') else { return false };
    if !b[..slash].iter().all(|&c| word(c) || matches!(c, b'*' | b'-' | b'.')) {
        return false;
    }
    // The path runs to the `=` (it may hold neither `,` nor `=` nor a newline).
    let Some(eq) = rule[slash..].find(['=', ',', '\n']).map(|i| slash + i) else { return false };
    if b[eq] != b'=' {
        return false;
    }
    let service = |c: u8| word(c) || c == b'-';
    let rest = &b[eq + 1..];
    let name_len = rest.iter().take_while(|&&c| service(c)).count();
    if name_len == 0 || rest.get(name_len) != Some(&b':') {
        return false;
    }
    let rest = &rest[name_len + 1..];
    let port_len = rest.iter().take_while(|&&c| service(c)).count();
    if port_len == 0 {
        return false;
    }
    let Some(tls) = rest[port_len..].strip_prefix(b",tls") else { return port_len == rest.len() };
    let tls = tls.strip_prefix(b"=").unwrap_or(tls);
    tls.iter().all(|&c| service(c))
}

/// `createIngress`: annotations, class, default backend, TLS and rules.
fn manifest(p: &Parsed, name: &str) -> String {
    let mut meta = vec![("name", Value::str(name))];
    let annotations: Vec<(String, Value)> =
        p.all("annotation").iter().filter_map(|a| a.split_once('=')).fold(Vec::new(), |mut acc, (k, v)| {
            // A map: a later value for the same key replaces the earlier one.
            acc.retain(|(key, _): &(String, Value)| key != k);
            acc.push((k.to_string(), Value::str(v)));
            acc
        });
    if !annotations.is_empty() {
        meta.push(("annotations", Value::Map(annotations)));
    }
    let rules = p.all("rule");
    let mut spec = Vec::new();
    if let Some(class) = p.get("class").filter(|c| !c.is_empty()) {
        spec.push(("ingressClassName", Value::str(class)));
    }
    if let Some(backend) = p.get("default-backend").filter(|b| !b.is_empty()) {
        spec.push(("defaultBackend", backend_of(backend)));
    }
    let tls = tls_of(&rules);
    if !tls.is_empty() {
        spec.push(("tls", Value::Seq(tls)));
    }
    let rules = rules_of(&rules);
    if !rules.is_empty() {
        spec.push(("rules", Value::Seq(rules)));
    }
    map(vec![
        ("apiVersion", Value::str("networking.k8s.io/v1")),
        ("kind", Value::str("Ingress")),
        ("metadata", map(meta)),
        ("spec", map(spec)),
    ])
    .to_yaml()
}

/// `buildTLSRules`: a rule with `,tls[=secret]` adds its host to the entry of its secret;
/// a host already placed is not placed again, and an entry with neither host nor secret
/// is left out.
fn tls_of(rules: &[&str]) -> Vec<Value> {
    let mut entries: Vec<(Vec<String>, String)> = Vec::new();
    let mut placed: Vec<&str> = Vec::new();
    for rule in rules {
        let parts: Vec<&str> = rule.split(',').collect();
        if parts.len() != 2 {
            continue;
        }
        let host = rule.split('/').next().unwrap_or("");
        let secret = parts[1].split('=').nth(1).unwrap_or("").to_string();
        if placed.contains(&host) {
            continue;
        }
        placed.push(host);
        if let Some(e) = entries.iter_mut().find(|(_, s)| *s == secret) {
            e.0.push(host.to_string());
            continue;
        }
        let hosts = if host.is_empty() { vec![] } else { vec![host.to_string()] };
        if !secret.is_empty() || !hosts.is_empty() {
            entries.push((hosts, secret));
        }
    }
    entries
        .into_iter()
        .map(|(hosts, secret)| {
            let mut e = Vec::new();
            if !hosts.is_empty() {
                e.push(("hosts", Value::Seq(hosts.into_iter().map(Value::Str).collect())));
            }
            if !secret.is_empty() {
                e.push(("secretName", Value::Str(secret)));
            }
            map(e)
        })
        .collect()
}

/// `buildIngressRules`: one rule per host, its paths in the order given.
fn rules_of(rules: &[&str]) -> Vec<Value> {
    let mut by_host: Vec<(String, Vec<Value>)> = Vec::new();
    for rule in rules {
        let without_tls = rule.split(',').next().unwrap_or("");
        let (host, path) = without_tls.split_once('/').unwrap_or((without_tls, ""));
        let path = path_of(path);
        match by_host.iter_mut().find(|(h, _)| h == host) {
            Some((_, paths)) => paths.push(path),
            None => by_host.push((host.to_string(), vec![path])),
        }
    }
    by_host
        .into_iter()
        .map(|(host, paths)| {
            let mut r = Vec::new();
            if !host.is_empty() {
                r.push(("host", Value::Str(host)));
            }
            r.push(("http", map(vec![("paths", Value::Seq(paths))])));
            map(r)
        })
        .collect()
}

/// `buildHTTPIngressPath`: the part after the host's `/`, up to `=`, is the path.
fn path_of(path_service: &str) -> Value {
    let (path, service) = path_service.split_once('=').unwrap_or((path_service, ""));
    let mut path = format!("/{path}");
    let mut path_type = "Exact";
    if path.ends_with('*') {
        path_type = "Prefix";
        path.pop();
    }
    map(vec![("path", Value::Str(path)), ("pathType", Value::str(path_type)), ("backend", backend_of(service))])
}

/// `buildIngressBackendSvc`: `name:port`, the port a number when it reads as one
/// (`intstr.Parse`), else a port name; a zero or empty port is left out.
fn backend_of(service: &str) -> Value {
    let mut parts = service.split(':');
    let name = parts.next().unwrap_or("");
    let port = parts.next().unwrap_or("");
    let port = match super::create_common::atoi(port) {
        Some(0) => map(vec![]),
        Some(n) => map(vec![("number", Value::Int(n))]),
        None if port.is_empty() => map(vec![]),
        None => map(vec![("name", Value::str(port))]),
    };
    map(vec![("service", map(vec![("name", Value::str(name)), ("port", port)]))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_kubectls_pattern() {
        for ok in ["foo.com/bar=svc1:8080,tls=my-cert", "/path=svc:port", "foo.com/=svc:https,tls", "*.foo.com/a/b*=s:80,tls="] {
            assert!(rule_matches(ok), "{ok}");
        }
        for bad in ["foo.com=svc:80", "foo.com/bar=svc", "foo.com/bar=svc:", "foo/bar=svc:80,ssl", "a:b/x=s:80", "x/y=s:80,tls=a,b"] {
            assert!(!rule_matches(bad), "{bad}");
        }
    }

    #[test]
    fn tls_entries_group_by_secret_and_place_a_host_once() {
        let tls = tls_of(&["a.com/=s:80,tls=one", "b.com/=s:80,tls=one", "a.com/x=s:80,tls=two", "/y=s:80,tls"]);
        assert_eq!(tls.len(), 1);
        assert_eq!(tls[0].get("hosts").map(|h| h.as_seq().len()), Some(2));
        assert_eq!(tls[0].get("secretName").and_then(Value::as_str), Some("one"));
    }

    #[test]
    fn paths_group_under_their_host() {
        let rules = rules_of(&["foo.com/=svc:port", "foo.com/admin/*=svcadmin:8080", "/x=s:0"]);
        assert_eq!(rules.len(), 2);
        let paths = rules[0].get("http").and_then(|h| h.get("paths")).map(Value::as_seq).unwrap_or(&[]);
        assert_eq!(paths[1].get("path").and_then(Value::as_str), Some("/admin/"));
        assert_eq!(paths[1].get("pathType").and_then(Value::as_str), Some("Prefix"));
        assert_eq!(rules[1].get("host"), None);
    }
}
