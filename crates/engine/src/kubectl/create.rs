//! `kubectl create configmap` and `kubectl create secret generic|tls|docker-registry`:
//! kubectl builds the object on the client from literals and files, then creates it.

use super::args::{self, flag, FlagSpec, Parsed};
use super::Files;
use crate::model::base64;
use crate::model::validation::config::config_key;
use crate::value::Value;

const CONFIGMAP_FLAGS: &[FlagSpec] = &[
    flag("from-literal", None, true),
    flag("from-file", None, true),
    flag("from-env-file", None, true),
    flag("append-hash", None, false),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const GENERIC_FLAGS: &[FlagSpec] = &[
    flag("from-literal", None, true),
    flag("from-file", None, true),
    flag("from-env-file", None, true),
    flag("type", None, true),
    flag("append-hash", None, false),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const TLS_FLAGS: &[FlagSpec] = &[
    flag("cert", None, true),
    flag("key", None, true),
    flag("append-hash", None, false),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const DOCKER_FLAGS: &[FlagSpec] = &[
    flag("docker-server", None, true),
    flag("docker-username", None, true),
    flag("docker-password", None, true),
    flag("docker-email", None, true),
    flag("from-file", None, true),
    flag("append-hash", None, false),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

const SECRET_HELP: &str = "Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use \"kubectl create secret <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// What kubectl made of the command line: the object to create, or what it printed.
pub enum Made {
    Object {
        manifest: String,
        namespace: Option<String>,
    },
    /// Help text, printed on stdout.
    Help(String),
    Error(String),
}

fn one_name(p: &Parsed, command: &str) -> Result<String, String> {
    match p.positional.len() {
        1 => Ok(p.positional[0].clone()),
        n => Err(format!("error: exactly one NAME is required, got {n}\nSee 'kubectl {command} -h' for help and examples")),
    }
}

/// `ParseLiteralSource`: `key=value`, split at the first `=`, quotes trimmed off the value.
fn literal(source: &str) -> Result<(String, String), String> {
    match source.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.trim_matches(['"', '\'']).to_string())),
        _ => Err(format!("error: invalid literal source {source}, expected key=value")),
    }
}

/// `ParseFileSource`: `[key=]path`; the key defaults to the file's name.
fn file_source(source: &str) -> Result<(Option<String>, String), String> {
    match source.matches('=').count() {
        0 => Ok((None, source.to_string())),
        1 if source.starts_with('=') => Err(format!("error: key name for file path {} missing", &source[1..])),
        1 if source.ends_with('=') => Err(format!("error: file path for key name {} missing", &source[..source.len() - 1])),
        1 => {
            let (k, p) = source.split_once('=').unwrap_or(("", source));
            Ok((Some(k.to_string()), p.to_string()))
        }
        _ => Err("error: key names or file paths cannot contain '='".into()),
    }
}

fn base_name(path: &str) -> String {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or(path).to_string()
}

/// Reads `--from-file` sources: a file (its name or the given key), or a folder (each
/// file in it, by name).
fn files_of(files: &dyn Files, source: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let (key, path) = file_source(source)?;
    if let Some(entries) = files.list(&path) {
        if key.is_some() {
            return Err("error: cannot give a key name for a directory path".into());
        }
        let mut out = Vec::new();
        for e in entries {
            let p = format!("{}/{e}", path.trim_end_matches('/'));
            if let Ok(bytes) = files.read_bytes(&p) {
                out.push((e, bytes));
            }
        }
        return Ok(out);
    }
    match files.read_bytes(&path) {
        Ok(bytes) => Ok(vec![(key.unwrap_or_else(|| base_name(&path)), bytes)]),
        Err(crate::files::FileError::Missing(_)) => Err(format!("error: error reading {path}: no such file or directory")),
        Err(e) => Err(e.to_string()),
    }
}

const ENV_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnv1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/// `IsEnvVarName`.
pub fn env_var_name(name: &str) -> Vec<String> {
    let b = name.as_bytes();
    let ok = !b.is_empty() && !b[0].is_ascii_digit() && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
    let mut errs = if ok { vec![] } else { vec![ENV_NAME_MSG.to_string()] };
    if name == "." || name == ".." || name.starts_with("..") {
        errs.extend(config_key(name).into_iter().filter(|m| m.starts_with("must not")));
    }
    errs
}

/// `addFromEnvFile`: `KEY=VALUE` lines; blank lines and `#` comments are skipped. A line
/// without `=` takes the variable from kubectl's own environment, which kubeplay does not
/// have: it is empty.
fn env_file(files: &dyn Files, path: &str) -> Result<Vec<(String, String)>, String> {
    let text = match files.read(path) {
        Ok(t) => t,
        Err(crate::files::FileError::Missing(_)) => return Err(format!("error: error reading {path}: no such file or directory")),
        Err(e) => return Err(e.to_string()),
    };
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = if i == 0 { raw.trim_start_matches('\u{feff}') } else { raw };
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let errs = env_var_name(key);
        if !errs.is_empty() {
            return Err(format!("error: {key:?} is not a valid key name: {}", errs.join(";")));
        }
        out.push((key.to_string(), value.to_string()));
    }
    Ok(out)
}

/// Gathers literals, files and env files into (key, text) pairs, refusing what kubectl
/// refuses before anything is sent (`what` is `ConfigMap` or `Secret`).
/// Each value is bytes: a file need not be text.
fn sources(p: &Parsed, files: &dyn Files, what: &str, name: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let env_files = p.all("from-env-file");
    if !env_files.is_empty() && (p.has("from-file") || p.has("from-literal")) {
        return Err("error: from-env-file cannot be combined with from-file or from-literal".into());
    }
    let mut items: Vec<(String, Vec<u8>)> = Vec::new();
    for s in p.all("from-file") {
        items.extend(files_of(files, s)?);
    }
    for s in p.all("from-literal") {
        let (k, v) = literal(s)?;
        items.push((k, v.into_bytes()));
    }
    for path in env_files {
        items.extend(env_file(files, path)?.into_iter().map(|(k, v)| (k, v.into_bytes())));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in &items {
        let errs = config_key(k);
        if !errs.is_empty() {
            return Err(format!("error: {k:?} is not a valid key name for a {what}: {}", errs.join(",")));
        }
        if seen.contains(&k.as_str()) {
            // `validateNewConfigMap` names the map that already holds the key.
            let first = items.iter().find(|(x, _)| x == k).map_or(v, |(_, b)| b);
            let map = if std::str::from_utf8(first).is_ok() { "Data" } else { "BinaryData" };
            return Err(if what == "ConfigMap" {
                format!("error: cannot add key {k:?}, another key by that name already exists in {map} for ConfigMap {name:?}")
            } else {
                format!("error: cannot add key {k}, another key by that name already exists")
            });
        }
        seen.push(k);
    }
    Ok(items)
}

fn object(kind: &str, name: &str, fields: Vec<(String, Value)>) -> String {
    let mut m = vec![
        ("apiVersion".to_string(), Value::str("v1")),
        ("kind".to_string(), Value::str(kind)),
        ("metadata".to_string(), Value::Map(vec![("name".into(), Value::str(name))])),
    ];
    m.extend(fields);
    Value::Map(m).to_json()
}

fn encoded(items: Vec<(String, Vec<u8>)>) -> Value {
    Value::Map(items.into_iter().map(|(k, v)| (k, Value::str(base64::encode(&v)))).collect())
}

fn unsimulated(p: &Parsed) -> Option<String> {
    if p.get("dry-run").is_some_and(|d| d != "none") || p.has("output") {
        return Some("kubeplay: --dry-run and -o are not simulated yet for kubectl create.".into());
    }
    if p.bool("append-hash") {
        return Some("kubeplay: --append-hash is not simulated yet.".into());
    }
    None
}

pub fn configmap(words: &[String], files: &dyn Files) -> Made {
    let p = match args::parse(words, CONFIGMAP_FLAGS, "create configmap") {
        Ok(p) => p,
        Err(e) => return Made::Error(e),
    };
    let name = match one_name(&p, "create configmap") {
        Ok(n) => n,
        Err(e) => return Made::Error(e),
    };
    if let Some(e) = unsimulated(&p) {
        return Made::Error(e);
    }
    let items = match sources(&p, files, "ConfigMap", &name) {
        Ok(i) => i,
        Err(e) => return Made::Error(e),
    };
    // `addKeyFromFileToConfigMap`: UTF-8 goes to `data`, other bytes to `binaryData`.
    let (mut data, mut binary) = (Vec::new(), Vec::new());
    for (k, v) in items {
        match String::from_utf8(v) {
            Ok(text) => data.push((k, Value::str(text))),
            Err(e) => binary.push((k, Value::str(base64::encode(e.as_bytes())))),
        }
    }
    // An empty map is left out of the request, as Go's `omitempty` leaves it.
    let mut fields = Vec::new();
    if !data.is_empty() {
        fields.push(("data".to_string(), Value::Map(data)));
    }
    if !binary.is_empty() {
        fields.push(("binaryData".into(), Value::Map(binary)));
    }
    Made::Object { manifest: object("ConfigMap", &name, fields), namespace: p.get("namespace").map(String::from) }
}

pub fn secret(words: &[String], files: &dyn Files) -> Made {
    let Some(at) = super::commands::subcommand(words) else {
        return Made::Help(SECRET_HELP.into());
    };
    let rest: Vec<String> = words.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, w)| w.clone()).collect();
    match words[at].as_str() {
        "generic" => generic(&rest, files),
        "tls" => tls(&rest, files),
        "docker-registry" => docker_registry(&rest, files),
        _ => {
            let args: Vec<&str> = words.iter().filter(|w| !w.starts_with('-')).map(String::as_str).collect();
            Made::Error(format!("error: unknown command {:?}\nSee 'kubectl create secret -h' for help and examples", args.join(" ")))
        }
    }
}

fn generic(words: &[String], files: &dyn Files) -> Made {
    let p = match args::parse(words, GENERIC_FLAGS, "create secret generic") {
        Ok(p) => p,
        Err(e) => return Made::Error(e),
    };
    let name = match one_name(&p, "create secret generic") {
        Ok(n) => n,
        Err(e) => return Made::Error(e),
    };
    if let Some(e) = unsimulated(&p) {
        return Made::Error(e);
    }
    let items = match sources(&p, files, "Secret", &name) {
        Ok(i) => i,
        Err(e) => return Made::Error(e),
    };
    let mut fields = vec![("data".to_string(), encoded(items))];
    if let Some(t) = p.get("type") {
        fields.push(("type".into(), Value::str(t)));
    }
    Made::Object { manifest: object("Secret", &name, fields), namespace: p.get("namespace").map(String::from) }
}

fn read(files: &dyn Files, path: &str) -> Result<String, String> {
    match files.read(path) {
        Ok(t) => Ok(t),
        Err(crate::files::FileError::Missing(_)) => Err(format!("error: open {path}: no such file or directory")),
        Err(e) => Err(e.to_string()),
    }
}

/// `kubectl create secret tls`: kubectl checks that both files hold PEM data
/// (`tls.X509KeyPair`). kubeplay looks for the PEM blocks only; it does not parse the
/// certificate or check that the key matches it.
fn tls(words: &[String], files: &dyn Files) -> Made {
    let p = match args::parse(words, TLS_FLAGS, "create secret tls") {
        Ok(p) => p,
        Err(e) => return Made::Error(e),
    };
    let name = match one_name(&p, "create secret tls") {
        Ok(n) => n,
        Err(e) => return Made::Error(e),
    };
    if let Some(e) = unsimulated(&p) {
        return Made::Error(e);
    }
    let (Some(cert_path), Some(key_path)) = (p.get("cert").filter(|s| !s.is_empty()), p.get("key").filter(|s| !s.is_empty())) else {
        return Made::Error("error: key and cert must be specified".into());
    };
    let (cert, key) = match (read(files, cert_path), read(files, key_path)) {
        (Ok(c), Ok(k)) => (c, k),
        (Err(e), _) | (_, Err(e)) => return Made::Error(e),
    };
    if !cert.contains("-----BEGIN CERTIFICATE-----") {
        return Made::Error("error: failed to load key pair tls: failed to find any PEM data in certificate input".into());
    }
    if !(key.contains("-----BEGIN") && key.contains("PRIVATE KEY-----")) {
        return Made::Error("error: failed to load key pair tls: failed to find any PEM data in key input".into());
    }
    let data = encoded(vec![("tls.crt".into(), cert.into_bytes()), ("tls.key".into(), key.into_bytes())]);
    let fields = vec![("data".to_string(), data), ("type".into(), Value::str("kubernetes.io/tls"))];
    Made::Object { manifest: object("Secret", &name, fields), namespace: p.get("namespace").map(String::from) }
}

/// `kubectl create secret docker-registry`: a `.dockerconfigjson` with one entry under
/// `auths`, as kubectl's `DockerConfigJSON` marshals it.
fn docker_registry(words: &[String], files: &dyn Files) -> Made {
    let p = match args::parse(words, DOCKER_FLAGS, "create secret docker-registry") {
        Ok(p) => p,
        Err(e) => return Made::Error(e),
    };
    let name = match one_name(&p, "create secret docker-registry") {
        Ok(n) => n,
        Err(e) => return Made::Error(e),
    };
    if let Some(e) = unsimulated(&p) {
        return Made::Error(e);
    }
    let fields = if p.has("from-file") {
        let mut items = Vec::new();
        for s in p.all("from-file") {
            match files_of(files, s) {
                Ok(i) => items.extend(i),
                Err(e) => return Made::Error(e),
            }
        }
        vec![("data".to_string(), encoded(items))]
    } else {
        let (Some(user), Some(password)) =
            (p.get("docker-username").filter(|u| !u.is_empty()), p.get("docker-password").filter(|p| !p.is_empty()))
        else {
            return Made::Error(
                "error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required"
                    .into(),
            );
        };
        let server = p.get("docker-server").unwrap_or("https://index.docker.io/v1/");
        // Go marshals the struct's fields in their declared order, empty ones left out.
        let mut entry = Vec::new();
        let auth = base64::encode(format!("{user}:{password}").as_bytes());
        for (k, v) in [("username", user), ("password", password), ("email", p.get("docker-email").unwrap_or("")), ("auth", &auth)] {
            if !v.is_empty() {
                let mut field = String::new();
                crate::value::json_string(k, &mut field);
                field.push(':');
                crate::value::json_string(v, &mut field);
                entry.push(field);
            }
        }
        let mut config = String::from("{\"auths\":{");
        crate::value::json_string(server, &mut config);
        config.push_str(&format!(":{{{}}}}}}}", entry.join(",")));
        vec![("data".to_string(), encoded(vec![(".dockerconfigjson".into(), config.into_bytes())]))]
    };
    let mut fields = fields;
    fields.push(("type".into(), Value::str("kubernetes.io/dockerconfigjson")));
    Made::Object { manifest: object("Secret", &name, fields), namespace: p.get("namespace").map(String::from) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse_as_kubectl_parses_them() {
        assert_eq!(literal("greeting=\"hi=there\""), Ok(("greeting".into(), "hi=there".into())));
        assert!(literal("=x").is_err() && literal("novalue").is_err());
        assert_eq!(file_source("app.conf"), Ok((None, "app.conf".into())));
        assert_eq!(file_source("k=conf/app.conf"), Ok((Some("k".into()), "conf/app.conf".into())));
        assert_eq!(file_source("=a"), Err("error: key name for file path a missing".into()));
        assert_eq!(file_source("a=b=c"), Err("error: key names or file paths cannot contain '='".into()));
        assert!(env_var_name("1X")[0].starts_with("a valid environment variable name"));
        assert!(env_var_name("LOG_LEVEL").is_empty());
    }
}
