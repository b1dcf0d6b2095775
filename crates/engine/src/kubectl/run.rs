//! `kubectl run` and `kubectl expose`: the objects kubectl generates (`BasicPod` in
//! `pkg/generate/versioned/run.go`, the Service of `pkg/cmd/expose`), created through the
//! same path as a file, or printed with `--dry-run=client -o yaml`.

use super::args::{self, flag, FlagSpec};
use super::get::{to_value, ObjRef};
use super::{Output, World};
use crate::apply::Mode;
use crate::model::Kind;
use crate::value::Value;

const RUN_FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("port", None, true),
    flag("env", None, true),
    flag("labels", Some('l'), true),
    flag("annotations", None, true),
    flag("restart", None, true),
    flag("command", None, false),
    flag("image-pull-policy", None, true),
    flag("expose", None, false),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("stdin", Some('i'), false),
    flag("tty", Some('t'), false),
    flag("rm", None, false),
    flag("attach", None, false),
    flag("quiet", Some('q'), false),
    flag("overrides", None, true),
    flag("override-type", None, true),
    flag("privileged", None, false),
    flag("pod-running-timeout", None, true),
];

const EXPOSE_FLAGS: &[FlagSpec] = &[
    flag("port", None, true),
    flag("target-port", None, true),
    flag("protocol", None, true),
    flag("name", None, true),
    flag("type", None, true),
    flag("selector", None, true),
    flag("labels", Some('l'), true),
    flag("external-ip", None, true),
    flag("cluster-ip", None, true),
    flag("session-affinity", None, true),
    flag("load-balancer-ip", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("filename", Some('f'), true),
];

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn empty() -> Value {
    Value::Map(Vec::new())
}

/// `a=b,c=d` as kubectl's `--labels` reads it.
fn key_values(text: &str, what: &str) -> Result<Vec<(String, Value)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(format!("error: invalid {what} spec: {part}"));
        };
        out.push((k.to_string(), Value::str(v)));
    }
    Ok(out)
}

/// What `--dry-run` asks for.
#[derive(PartialEq)]
enum DryRun {
    None,
    Client,
}

fn dry_run(p: &args::Parsed) -> Result<DryRun, String> {
    match p.get("dry-run") {
        None | Some("none") => Ok(DryRun::None),
        Some("client") | Some("true") => Ok(DryRun::Client),
        Some("server") => Err("kubeplay: --dry-run=server is not simulated yet; --dry-run=client is.".into()),
        Some(other) => Err(format!("error: Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")),
    }
}

/// Prints a generated object as `-o` asks (`yaml`, `json`, `name`), or its success line.
fn print(obj: &Value, kind: Kind, name: &str, verb: &str, dry: &DryRun, output: Option<&str>) -> Result<String, String> {
    let type_name = kind.type_name();
    match output {
        None | Some("") => Ok(format!("{type_name}/{name} {verb}{}\n", if *dry == DryRun::Client { " (dry run)" } else { "" })),
        Some("name") => Ok(format!("{type_name}/{name}\n")),
        Some("yaml") => Ok(obj.to_yaml()),
        Some("json") => Ok(format!("{}\n", obj.to_json_pretty())),
        Some(other) => {
            Err(format!("error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,name,yaml"))
        }
    }
}

/// Creates a generated object as `kubectl create -f` would; errors lose the file wrapper
/// (there is no file).
pub(super) fn create(c: &mut World, obj: &Value, ns: &str, source: &str) -> Result<(), String> {
    let report = c.apply_text(&obj.to_json(), source, ns, Mode::Create);
    if report.errors.is_empty() {
        return Ok(());
    }
    let text: Vec<String> = report.errors.iter().map(|e| e.text.replace(&format!("error when creating \"{source}\": "), "")).collect();
    Err(text.join("\n"))
}

pub fn run(c: &mut World, rest: &[String]) -> Output {
    // After `--`, everything is the container's command or arguments.
    let dash = rest.iter().position(|a| a == "--");
    let (flags, after) = match dash {
        Some(i) => (&rest[..i], rest[i + 1..].to_vec()),
        None => (rest, Vec::new()),
    };
    let p = match args::parse(flags, RUN_FLAGS, "run") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if !p.has("image") {
        // Cobra checks required flags before the command runs.
        return Output::err("error: required flag(s) \"image\" not set");
    }
    let Some(name) = p.positional.first().cloned() else {
        return Output::err("error: NAME is required for run");
    };
    let mut container_args: Vec<String> = p.positional[1..].to_vec();
    container_args.extend(after);
    let image = p.get("image").unwrap_or("");
    if image.is_empty() {
        return Output::err("error: --image is required");
    }
    if crate::registry::ImageRef::parse(image).is_err() {
        return Output::err(format!("error: Invalid image name \"{image}\": invalid reference format"));
    }
    if p.bool("tty") && !p.bool("stdin") {
        return Output::err("error: -i/--stdin is required for containers with -t/--tty=true");
    }
    let attached = p.bool("stdin") || p.bool("attach");
    if attached && p.get("dry-run").is_some_and(|d| d != "none") {
        return Output::err(
            "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
        );
    }
    if attached && shell_of(image, &container_args).is_none() {
        return Output::err(
            "kubeplay: kubectl run -i/--attach opens a terminal only for a shell here (sh, bash, or an image whose command is one, such as busybox); run this command without -i and read its output with kubectl logs.",
        );
    }
    if p.bool("rm") && !attached {
        return Output::err("error: --rm should only be used for attached containers");
    }
    // `--overrides`: a patch over the generated pod, a JSON merge patch unless
    // `--override-type` says otherwise (run.go's `Overrider`).
    let overrides = match p.get("overrides") {
        Some(text) => {
            let ty = p.get("override-type").unwrap_or("merge");
            let Some(ty) = crate::patch::PatchType::parse(ty) else {
                return Output::err(format!("error: invalid override type: {ty}"));
            };
            match super::patch::parse_body(text) {
                Ok(body) => Some((ty, body)),
                Err(e) => return Output::err(e),
            }
        }
        None => None,
    };
    let port = p.get("port");
    if p.bool("expose") && port.is_none() {
        return Output::err("error: --port must be set when exposing a service");
    }
    let restart = p.get("restart").unwrap_or("Always");
    if !["Always", "OnFailure", "Never"].contains(&restart) {
        return Output::err(format!("error: invalid restart policy: {restart}"));
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return Output::err(e),
    };
    let labels = match p.get("labels") {
        Some(l) => match key_values(l, "label") {
            Ok(kv) => kv,
            Err(e) => return Output::err(e),
        },
        None => vec![("run".to_string(), Value::str(&name))],
    };
    let mut annotations = Vec::new();
    for a in p.all("annotations") {
        match a.split_once('=') {
            Some((k, v)) => annotations.push((k.to_string(), Value::str(v))),
            None => return Output::err(format!("error: invalid annotation spec: {a}")),
        }
    }
    let mut ct = vec![("name", Value::str(&name)), ("image", Value::str(image)), ("resources", empty())];
    if attached {
        // `BasicPod`: the container reads the terminal kubectl attaches.
        ct.push(("stdin", Value::Bool(true)));
        ct.push(("stdinOnce", Value::Bool(true)));
        if p.bool("tty") {
            ct.push(("tty", Value::Bool(true)));
        }
    }
    if !container_args.is_empty() {
        let words = Value::Seq(container_args.iter().map(Value::str).collect());
        ct.push((if p.bool("command") { "command" } else { "args" }, words));
    }
    let mut env = Vec::new();
    for e in p.all("env") {
        let Some((k, v)) = e.split_once('=') else {
            return Output::err(format!("error: invalid env: {e}"));
        };
        env.push(map(vec![("name", Value::str(k)), ("value", Value::str(v))]));
    }
    if !env.is_empty() {
        ct.push(("env", Value::Seq(env)));
    }
    if let Some(policy) = p.get("image-pull-policy") {
        ct.push(("imagePullPolicy", Value::str(policy)));
    }
    if let Some(port) = port {
        let Ok(n) = port.parse::<i64>() else {
            return Output::err(format!(
                "error: invalid argument \"{port}\" for \"--port\" flag: strconv.ParseInt: parsing \"{port}\": invalid syntax"
            ));
        };
        ct.push(("ports", Value::Seq(vec![map(vec![("containerPort", Value::Int(n))])])));
    }
    let mut meta = vec![("creationTimestamp", Value::Null), ("labels", Value::Map(labels.clone())), ("name", Value::str(&name))];
    if !annotations.is_empty() {
        meta.push(("annotations", Value::Map(annotations)));
    }
    let pod = map(vec![
        ("apiVersion", Value::str("v1")),
        ("kind", Value::str("Pod")),
        ("metadata", map(meta)),
        (
            "spec",
            map(vec![
                ("containers", Value::Seq(vec![map(ct)])),
                ("dnsPolicy", Value::str("ClusterFirst")),
                ("restartPolicy", Value::str(restart)),
            ]),
        ),
        ("status", empty()),
    ]);
    let pod = match &overrides {
        Some((ty, body)) => match super::patch::apply_patch(*ty, &pod, body) {
            Ok(patched) => patched,
            Err(e) => return Output::err(format!("error: {e}")),
        },
        None => pod,
    };
    let ns = super::namespace(&p);
    // The pod is created first; `--expose` then creates a ClusterIP Service selecting it,
    // and prints it before the pod's line.
    let mut shown = pod.clone();
    if dry == DryRun::None {
        if let Err(e) = create(c, &pod, &ns, "run") {
            return Output::err(e);
        }
        // `-o yaml` shows what the server stored.
        shown = to_value(c, &ObjRef { kind: Kind::Pod, ns: ns.clone(), name: name.clone() });
    }
    let mut out = String::new();
    if p.bool("expose") {
        let port = port.and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
        let ports = vec![map(vec![("port", Value::Int(port)), ("protocol", Value::str("TCP")), ("targetPort", Value::Int(port))])];
        let mut svc = service(&name, Value::Map(vec![]), Value::Map(labels), ports, None);
        if dry == DryRun::None {
            if let Err(e) = create(c, &svc, &ns, "run") {
                return Output::err(e);
            }
            svc = to_value(c, &ObjRef { kind: Kind::Service, ns: ns.clone(), name: name.clone() });
        }
        match print(&svc, Kind::Service, &name, "created", &dry, p.get("output")) {
            Ok(s) => out.push_str(&s),
            Err(e) => return Output::err(e),
        }
        if p.get("output") == Some("yaml") {
            out.push_str("---\n");
        }
    }
    if attached {
        // kubectl attaches instead of printing the pod's line: the terminal opens next.
        return Output::ok(out);
    }
    match print(&shown, Kind::Pod, &name, "created", &dry, p.get("output")) {
        Ok(s) => out.push_str(&s),
        Err(e) => return Output::err(e),
    }
    Output::ok(out)
}

/// The shell an attached `run` starts: the command given when it is a shell with no
/// script, else the image's own command when that is a shell (busybox's `sh`).
fn shell_of(image: &str, args: &[String]) -> Option<String> {
    let is_shell = |w: &str| matches!(w.rsplit('/').next().unwrap_or(w), "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh");
    match args.first() {
        Some(first) => (is_shell(first) && !args.iter().any(|a| a == "-c")).then(|| first.clone()),
        None => {
            let r = crate::registry::ImageRef::parse(image).ok()?;
            let program = crate::registry::lookup(&r).ok()?.behaviour.program;
            is_shell(program).then(|| program.to_string())
        }
    }
}

/// A `kubectl run -i` of a shell: the pod the terminal attaches to once it runs.
pub struct Attached {
    pub namespace: String,
    pub pod: String,
    pub image: String,
    pub shell: String,
    pub tty: bool,
    /// `--rm`: the pod is deleted when the session ends.
    pub remove: bool,
    /// `--restart=Always` (run's default): kubectl does not wait for an exit code.
    pub restart_always: bool,
}

/// `Some` when `rest` (after `run`) asks kubectl to attach to a shell.
pub fn attached(rest: &[String]) -> Option<Attached> {
    let dash = rest.iter().position(|a| a == "--");
    let (flags, after) = match dash {
        Some(i) => (&rest[..i], rest[i + 1..].to_vec()),
        None => (rest, Vec::new()),
    };
    let p = args::parse(flags, RUN_FLAGS, "run").ok()?;
    if !(p.bool("stdin") || p.bool("attach")) || p.get("dry-run").is_some_and(|d| d != "none") {
        return None;
    }
    let pod = p.positional.first()?.clone();
    let mut args: Vec<String> = p.positional[1..].to_vec();
    args.extend(after);
    let image = p.get("image")?.to_string();
    let shell = shell_of(&image, &args)?;
    Some(Attached {
        namespace: super::namespace(&p),
        pod,
        image,
        shell,
        tty: p.bool("tty"),
        remove: p.bool("rm"),
        restart_always: p.get("restart").is_none_or(|r| r == "Always"),
    })
}

fn service(name: &str, labels: Value, selector: Value, ports: Vec<Value>, ty: Option<&str>) -> Value {
    let mut meta = vec![("creationTimestamp", Value::Null), ("name", Value::str(name))];
    if matches!(&labels, Value::Map(m) if !m.is_empty()) {
        meta.push(("labels", labels));
    }
    let mut spec = vec![("ports", Value::Seq(ports)), ("selector", selector)];
    if let Some(t) = ty {
        spec.push(("type", Value::str(t)));
    }
    map(vec![
        ("apiVersion", Value::str("v1")),
        ("kind", Value::str("Service")),
        ("metadata", map(meta)),
        ("spec", map(spec)),
        ("status", map(vec![("loadBalancer", empty())])),
    ])
}

/// The labels a Service for this object selects (`MapBasedSelectorForObject`).
fn selector_of(kind: Kind, obj: &Value) -> Result<Vec<(String, Value)>, String> {
    let labels = |v: Option<&Value>| match v {
        Some(Value::Map(m)) => m.clone(),
        _ => Vec::new(),
    };
    match kind {
        Kind::Pod => {
            let l = labels(obj.get("metadata").and_then(|m| m.get("labels")));
            if l.is_empty() {
                return Err("the pod has no labels and cannot be exposed".into());
            }
            Ok(l)
        }
        Kind::Service => Ok(labels(obj.get("spec").and_then(|s| s.get("selector")))),
        _ => {
            let sel = obj.get("spec").and_then(|s| s.get("selector"));
            if sel.and_then(|s| s.get("matchExpressions")).is_some_and(|e| !e.as_seq().is_empty()) {
                return Err("couldn't convert expressions to map-based selector format".into());
            }
            Ok(labels(sel.and_then(|s| s.get("matchLabels"))))
        }
    }
}

/// The ports an object offers (`PortsForObject`/`ProtocolsForObject`): its containers',
/// or a Service's.
fn ports_of(kind: Kind, obj: &Value) -> Vec<(i64, String)> {
    let spec = obj.get("spec");
    let entry = |p: &Value, key: &str| {
        (p.get(key).and_then(Value::as_i64).unwrap_or(0), p.get("protocol").and_then(Value::as_str).unwrap_or("TCP").to_string())
    };
    match kind {
        Kind::Service => spec.and_then(|s| s.get("ports")).map(Value::as_seq).unwrap_or(&[]).iter().map(|p| entry(p, "port")).collect(),
        _ => {
            let pod_spec = if kind == Kind::Pod { spec } else { spec.and_then(|s| s.get("template")).and_then(|t| t.get("spec")) };
            pod_spec
                .and_then(|s| s.get("containers"))
                .map(Value::as_seq)
                .unwrap_or(&[])
                .iter()
                .flat_map(|c| {
                    c.get("ports").map(Value::as_seq).unwrap_or(&[]).iter().map(|p| entry(p, "containerPort")).collect::<Vec<_>>()
                })
                .collect()
        }
    }
}

pub fn expose(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, EXPOSE_FLAGS, "expose") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if p.has("filename") {
        return Output::err("kubeplay: kubectl expose -f is not simulated yet; name the object (kubectl expose deployment NAME).");
    }
    let (kind_arg, name) = match p.positional.as_slice() {
        [one] if one.contains('/') => match one.split_once('/') {
            Some((k, n)) => (k.to_string(), n.to_string()),
            None => (one.clone(), String::new()),
        },
        [k, n, ..] => (k.clone(), n.clone()),
        _ => {
            return Output::err(
                "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
            )
        }
    };
    let kind = match Kind::from_resource_arg(&kind_arg) {
        Some(k @ (Kind::Pod | Kind::Service | Kind::Deployment | Kind::ReplicaSet)) => k,
        Some(k) => {
            let i = k.info();
            let gk = if i.group.is_empty() { i.name.to_string() } else { format!("{}.{}", i.name, i.group) };
            return Output::err(format!("error: cannot expose a {gk}"));
        }
        None => {
            return match crate::model::served::by_resource_arg(&kind_arg) {
                Some(r) if ["replicationcontrollers", "statefulsets", "daemonsets", "jobs"].contains(&r.plural) => {
                    let group = r.api_version.rsplit_once('/').map(|(g, _)| format!(".{g}")).unwrap_or_default();
                    if r.plural == "replicationcontrollers" {
                        Output::err(crate::model::served::not_modelled(r))
                    } else {
                        Output::err(format!("error: cannot expose a {}{group}", r.kind))
                    }
                }
                _ => Output::err(crate::model::served::unknown_resource_type(&kind_arg)),
            }
        }
    };
    let ns = super::namespace(&p);
    let r = ObjRef { kind, ns: ns.clone(), name: name.clone() };
    let obj = to_value(c, &r);
    if obj.is_null() {
        return Output::err(format!("Error from server (NotFound): {} \"{name}\" not found", kind.resource_name()));
    }
    let selector = match p.get("selector") {
        Some(s) => match key_values(s, "selector") {
            Ok(kv) => kv,
            Err(e) => return Output::err(e),
        },
        None => match selector_of(kind, &obj) {
            Ok(s) => s,
            Err(e) => return Output::err(format!("error: couldn't retrieve selectors via --selector flag or introspection: {e}")),
        },
    };
    let found = ports_of(kind, &obj);
    let protocol = p.get("protocol");
    let mut wanted: Vec<(i64, String)> = match p.get("port") {
        Some(port) => match port.parse::<i64>() {
            Ok(n) => vec![(n, protocol.map(String::from).unwrap_or_else(|| found.first().map(|f| f.1.clone()).unwrap_or("TCP".into())))],
            Err(_) => {
                return Output::err(format!(
                    "error: invalid argument \"{port}\" for \"--port\" flag: strconv.ParseInt: parsing \"{port}\": invalid syntax"
                ))
            }
        },
        None => found,
    };
    if wanted.is_empty() {
        return Output::err("error: couldn't find port via --port flag or introspection");
    }
    if let Some(pr) = protocol {
        for w in &mut wanted {
            w.1 = pr.to_string();
        }
    }
    let target = p.get("target-port").map(|t| t.parse::<i64>().map(Value::Int).unwrap_or_else(|_| Value::str(t)));
    let many = wanted.len() > 1;
    let ports: Vec<Value> = wanted
        .iter()
        .enumerate()
        .map(|(i, (port, proto))| {
            let mut fields = Vec::new();
            if many {
                fields.push(("name", Value::str(format!("port-{}", i + 1))));
            }
            fields.push(("port", Value::Int(*port)));
            fields.push(("protocol", Value::str(proto)));
            fields.push(("targetPort", target.clone().unwrap_or(Value::Int(*port))));
            map(fields)
        })
        .collect();
    let svc_name = p.get("name").unwrap_or(&name).to_string();
    let labels = match p.get("labels") {
        Some(l) => match key_values(l, "label") {
            Ok(kv) => Value::Map(kv),
            Err(e) => return Output::err(e),
        },
        None => obj.get("metadata").and_then(|m| m.get("labels")).cloned().unwrap_or(Value::Map(vec![])),
    };
    let mut svc = service(&svc_name, labels, Value::Map(selector), ports, p.get("type"));
    if let Some(spec) = svc.get_mut("spec") {
        if let Some(ip) = p.get("cluster-ip") {
            spec.set("clusterIP", Value::str(ip));
        }
        if let Some(ip) = p.get("external-ip") {
            spec.set("externalIPs", Value::Seq(vec![Value::str(ip)]));
        }
        if let Some(a) = p.get("session-affinity") {
            spec.set("sessionAffinity", Value::str(a));
        }
        if let Some(ip) = p.get("load-balancer-ip") {
            spec.set("loadBalancerIP", Value::str(ip));
        }
    }
    let dry = match dry_run(&p) {
        Ok(d) => d,
        Err(e) => return Output::err(e),
    };
    if dry == DryRun::None {
        if let Err(e) = create(c, &svc, &ns, "expose") {
            return Output::err(e);
        }
        svc = to_value(c, &ObjRef { kind: Kind::Service, ns: ns.clone(), name: svc_name.clone() });
    }
    match print(&svc, Kind::Service, &svc_name, "exposed", &dry, p.get("output")) {
        Ok(s) => Output::ok(s),
        Err(e) => Output::err(e),
    }
}
