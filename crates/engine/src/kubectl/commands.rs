//! `apply`, `create`, `delete`, `scale`, `cluster-info` and `version`.

use super::args::{self, flag, FlagSpec};
use super::get::resource_args;
use super::{Files, Output, Wait};
use crate::apply::Mode;
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

const APPLY_FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("recursive", Some('R'), false),
    flag("validate", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("server-side", None, false),
    flag("force", None, false),
    flag("save-config", None, false),
];

/// The manifests kubeplay carries for URLs the Kubernetes docs tell readers to apply,
/// with how many of the file's documents the URL serves (the walkthrough's
/// php-apache.yaml is its Deployment and Service; kubeplay's copy adds the HPA).
const BUNDLED_URLS: &[(&str, &str, usize)] = &[
    ("https://k8s.io/examples/application/php-apache.yaml", include_str!("../../../../examples/hpa/php-apache.yaml"), 2),
    (
        "https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml",
        include_str!("../../../../examples/metrics-server/components.yaml"),
        usize::MAX,
    ),
    (
        "https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.7.2/components.yaml",
        include_str!("../../../../examples/metrics-server/components.yaml"),
        usize::MAX,
    ),
    // ingress-nginx as kind's ingress guide and ingress-nginx's own instructions install it.
    (
        "https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml",
        include_str!("../../../../examples/ingress-nginx/kind.yaml"),
        usize::MAX,
    ),
    (
        "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/kind/deploy.yaml",
        include_str!("../../../../examples/ingress-nginx/kind.yaml"),
        usize::MAX,
    ),
    (
        "https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/cloud/deploy.yaml",
        include_str!("../../../../examples/ingress-nginx/cloud.yaml"),
        usize::MAX,
    ),
];

/// `-f URL`: kubectl downloads the manifest. There is no network here; a URL of a
/// bundled example reads the copy kubeplay carries.
fn read_url(url: &str) -> Result<String, String> {
    let plain = url.trim_end_matches('/');
    match BUNDLED_URLS.iter().find(|(u, _, _)| *u == plain || u.replacen("https://", "http://", 1) == plain) {
        Some((_, text, docs)) => Ok(text.split("\n---\n").take(*docs).collect::<Vec<_>>().join("\n---\n")),
        None => Err(format!(
            "kubeplay: kubectl would download {url} and use the manifest it serves; this console has no network, so save that manifest as a file here and name it with -f."
        )),
    }
}

pub(super) fn read_all(files: &dyn Files, names: &[&str]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    // `-f` is a list flag: `-f a.yaml,b.yaml` names two files, as `-f a.yaml -f b.yaml` does.
    for name in names.iter().flat_map(|n| n.split(',')).filter(|n| !n.is_empty()) {
        if name.starts_with("http://") || name.starts_with("https://") {
            out.push((name.to_string(), read_url(name)?));
            continue;
        }
        // A folder: its manifests (`.yaml`, `.yml`, `.json`), in name order.
        if let Some(mut entries) = files.list(name) {
            entries.retain(|n| n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json"));
            entries.sort();
            for e in entries {
                let path = format!("{}/{e}", name.trim_end_matches('/'));
                let text = files.read(&path).map_err(|e| e.to_string())?;
                out.push((path, text));
            }
            continue;
        }
        out.push((name.to_string(), files.read(name).map_err(|e| e.to_string())?));
    }
    Ok(out)
}

/// The manifests `-f` names or `-k` builds, and what kustomize warned on the way (its
/// deprecation notices, printed before anything else).
pub(super) fn manifests(p: &args::Parsed, files: &dyn Files) -> Result<(Vec<(String, String)>, String), String> {
    let names = p.all("filename");
    match p.get("kustomize") {
        Some(_) if !names.is_empty() => Err("error: only one of -f or -k can be specified".into()),
        Some(dir) => crate::kustomize::build(files, dir).map(|b| (vec![(dir.to_string(), b.text)], warning_lines(&b.warnings))),
        None => read_all(files, &names).map(|docs| (docs, String::new())),
    }
}

fn warning_lines(warnings: &[String]) -> String {
    warnings.iter().map(|w| format!("{w}\n")).collect()
}

/// `kubectl kustomize [DIR]`: what `apply -k` would apply.
pub fn kustomize(rest: &[String], files: &dyn Files) -> Output {
    let p = match args::parse(rest, &[], "kustomize") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    match crate::kustomize::build(files, p.positional.first().map_or(".", String::as_str)) {
        Ok(b) => Output { warnings: warning_lines(&b.warnings), ..Output::ok(b.text) },
        Err(e) => Output::err(e),
    }
}

pub fn apply(
    c: &mut World,
    rest: &[String],
    files: &dyn Files,
    mode: Mode,
    user: Option<&crate::apiserver::authorizer::UserInfo>,
) -> Output {
    if mode == Mode::Create {
        if let Some(at) = subcommand(rest) {
            if !rest.iter().any(|a| a == "-f" || a.starts_with("--filename") || a.starts_with("-f=")) {
                return create_generated(c, at, rest, files);
            }
        }
    }
    let cmd = if mode == Mode::Apply { "apply" } else { "create" };
    let p = match args::parse(rest, APPLY_FLAGS, cmd) {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let names = p.all("filename");
    if names.is_empty() && !p.has("kustomize") {
        if mode == Mode::Create && !p.positional.is_empty() {
            return Output::err(format!(
                "kubeplay: \"kubectl create {}\" (imperative create) is not simulated yet; write a manifest and use \"kubectl create -f FILE\".",
                p.positional[0]
            ));
        }
        return Output::err("error: must specify one of -f and -k");
    }
    if let Some(dry) = p.get("dry-run") {
        if dry != "none" {
            return Output::err("kubeplay: --dry-run is not simulated yet.");
        }
    }
    let (docs, kustomize_warnings) = match manifests(&p, files) {
        Ok(d) => d,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let mut out = Output { warnings: kustomize_warnings, ..Output::default() };
    let mut errors = Vec::new();
    // What kubectl's discovery knew when it read the files.
    let crds = crate::apiserver::customresource::served_names(&c.store);
    for (source, text) in docs {
        let report = c.apply_text_as(&text, &source, &ns, mode, user, &crds);
        for w in report.warnings {
            // kubectl's warning handler prints each distinct warning once.
            if !out.warnings.lines().any(|l| l == w) {
                out.warnings.push_str(&w);
                out.warnings.push('\n');
            }
        }
        for line in report.out {
            out.stdout.push_str(&line);
            out.stdout.push('\n');
        }
        errors.extend(report.errors);
    }
    for e in &errors {
        out.stderr.push_str(&e.text);
        out.stderr.push('\n');
    }
    if !errors.is_empty() {
        out.code = 1;
    }
    out.diagnostics = errors;
    out
}

const CREATE_DEPLOYMENT_FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("replicas", Some('r'), true),
    flag("port", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

/// `kubectl create namespace NAME` and `kubectl create deployment NAME --image=IMAGE`:
/// the generated manifest goes through the same create path as a file would.
fn create_generated(c: &mut World, at: usize, rest: &[String], files: &dyn Files) -> Output {
    let sub = rest[at].as_str();
    // Flags may come before the subcommand (`kubectl create -n team configmap …`).
    let words: Vec<String> = rest.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, a)| a.clone()).collect();
    if matches!(sub, "configmap" | "cm" | "secret") {
        let made = if sub == "secret" { super::create::secret(&words, files) } else { super::create::configmap(&words, files) };
        return match made {
            super::create::Made::Object { manifest, namespace } => {
                if let Some(out) = super::dry_run::client(&words, &manifest) {
                    return out;
                }
                let noun = if sub == "secret" { "secret" } else { "configmap" };
                create_config(c, &manifest, noun, namespace.as_deref().unwrap_or("default"))
            }
            super::create::Made::Help(text) => Output { stdout: text, ..Default::default() },
            super::create::Made::Error(e) => Output::err(e),
        };
    }
    if matches!(sub, "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" | "quota" | "resourcequota") {
        return super::create_rbac::create(c, sub, &words);
    }
    if matches!(sub, "service" | "svc") {
        return super::create_service::create(c, &words);
    }
    match sub {
        "ingress" | "ing" => return super::create_ingress::create(c, &words),
        "poddisruptionbudget" | "pdb" => return super::create_pdb::create(c, &words),
        "priorityclass" | "pc" => return super::create_priorityclass::create(c, &words),
        "token" => return super::create_token::create(c, &words),
        _ => {}
    }
    if matches!(sub, "serviceaccount" | "sa") {
        let p = match args::parse(&words, CREATE_SA_FLAGS, "create serviceaccount") {
            Ok(p) => p,
            Err(e) => return Output::err(e),
        };
        let [name] = p.positional.as_slice() else {
            return Output::err(format!(
                "error: exactly one NAME is required, got {}\nSee 'kubectl create serviceaccount -h' for help and examples",
                p.positional.len()
            ));
        };
        let manifest = format!("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {}\n", quote(name));
        if let Some(out) = super::dry_run::client(&words, &manifest) {
            return out;
        }
        return create_config(c, &manifest, "serviceaccount", p.get("namespace").unwrap_or("default"));
    }
    let (manifest, cmd) = match sub {
        "namespace" | "ns" => {
            let p = match args::parse(&words, &[flag("dry-run", None, true), flag("output", Some('o'), true)], "create namespace") {
                Ok(p) => p,
                Err(e) => return Output::err(e),
            };
            let Some(name) = p.positional.first() else {
                return Output::err("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples");
            };
            (format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n", quote(name)), "namespace")
        }
        "deployment" | "deploy" => {
            let p = match args::parse(&words, CREATE_DEPLOYMENT_FLAGS, "create deployment") {
                Ok(p) => p,
                Err(e) => return Output::err(e),
            };
            let Some(name) = p.positional.first() else {
                return Output::err("error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples");
            };
            let images = p.all("image");
            if images.is_empty() {
                return Output::err("error: required flag(s) \"image\" not set");
            }
            let replicas = p.get("replicas").unwrap_or("1");
            if replicas.parse::<i32>().is_err() {
                return Output::err(format!("error: invalid argument \"{replicas}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax"));
            }
            let mut containers = String::new();
            for image in images {
                // kubectl names the container after the image's last path part, without tag.
                let (base, _, _) = crate::model::defaults::split_image(image);
                let cname = base.rsplit('/').next().unwrap_or(base);
                containers.push_str(&format!("      - name: {}\n        image: {}\n        resources: {{}}\n", quote(cname), quote(image)));
                if let Some(port) = p.get("port") {
                    containers.push_str(&format!("        ports:\n        - containerPort: {port}\n"));
                }
            }
            (
                format!(
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {n}\n  labels:\n    app: {n}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {n}\n  strategy: {{}}\n  template:\n    metadata:\n      labels:\n        app: {n}\n    spec:\n      containers:\n{containers}",
                    n = quote(name)
                ),
                "deployment",
            )
        }
        "job" => return create_job(c, &words),
        "cronjob" | "cj" => {
            let p = match args::parse(&words, CREATE_CRONJOB_FLAGS, "create cronjob") {
                Ok(p) => p,
                Err(e) => return Output::err(e),
            };
            let Some(name) = p.positional.first() else {
                return Output::err("error: exactly one NAME is required, got 0\nSee 'kubectl create cronjob -h' for help and examples");
            };
            let missing: Vec<&str> = ["image", "schedule"].into_iter().filter(|f| p.get(f).is_none()).collect();
            if !missing.is_empty() {
                let list: Vec<String> = missing.iter().map(|f| format!("\"{f}\"")).collect();
                return Output::err(format!("error: required flag(s) {} not set", list.join(", ")));
            }
            let container = generated_container(name, p.get("image").unwrap_or(""), &p.positional[1..], "          ");
            (
                format!(
                    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {n}\nspec:\n  schedule: {s}\n  jobTemplate:\n    metadata:\n      name: {n}\n    spec:\n      template:\n        spec:\n          restartPolicy: {r}\n          containers:\n{container}",
                    n = quote(name),
                    s = quote(p.get("schedule").unwrap_or("")),
                    r = quote(p.get("restart").unwrap_or("OnFailure")),
                ),
                "cronjob",
            )
        }
        other => {
            return Output::err(format!(
                "kubeplay: \"kubectl create {other}\" is not simulated yet; write a manifest and use \"kubectl create -f FILE\" (namespace, deployment, job, cronjob, configmap, secret, service, serviceaccount, role, clusterrole, rolebinding, clusterrolebinding, quota, ingress, poddisruptionbudget, priorityclass and token are simulated)."
            ))
        }
    };
    let ns = args::parse(&words, CREATE_ANY_FLAGS, "create")
        .ok()
        .and_then(|p| p.get("namespace").map(String::from))
        .unwrap_or_else(|| "default".into());
    if let Some(out) = super::dry_run::client(&words, &manifest) {
        return out;
    }
    let report = c.apply_text(&manifest, cmd, &ns, Mode::Create);
    let mut out = Output::default();
    for line in report.out {
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    for e in &report.errors {
        // Generated objects have no file: drop the `error when creating "…"` wrapper.
        out.stderr.push_str(&e.text.replace(&format!("error when creating \"{cmd}\": "), ""));
        out.stderr.push('\n');
        out.code = 1;
    }
    out
}

/// Where `kubectl create`'s subcommand is: the first word that is neither a flag nor the
/// value of a global flag written apart from it (`-n team`).
pub(super) fn subcommand(rest: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < rest.len() {
        let a = &rest[i];
        if !a.starts_with('-') {
            return Some(i);
        }
        let spaced = args::GLOBAL
            .iter()
            .any(|f| f.takes_value && (a.strip_prefix("--") == Some(f.long) || f.short.is_some_and(|s| a.len() == 2 && a.ends_with(s))));
        i += if spaced { 2 } else { 1 };
    }
    None
}

/// Creates what `kubectl create configmap|secret` built. kubectl wraps the API server's
/// refusal in its own words (`failed to create configmap: …`, `failed to create secret …`).
pub(super) fn create_config(c: &mut World, manifest: &str, noun: &str, ns: &str) -> Output {
    let report = c.apply_text(manifest, noun, ns, Mode::Create);
    let mut out = Output::default();
    for line in report.out {
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    let wrapper = format!("error when creating \"{noun}\": ");
    for e in &report.errors {
        let mut text = e.text.replace(&wrapper, "");
        if let Some(rest) = text.strip_prefix("Error from server (").and_then(|t| t.split_once("): ")).map(|(_, m)| m.to_string()) {
            text = rest;
        }
        if let Some(rest) = text.strip_prefix("The ") {
            // The status error's own message: several causes as Go prints an aggregate.
            text = match rest.split_once(" \n* ") {
                Some((head, causes)) => format!("{head} [{}]", causes.split("\n* ").collect::<Vec<_>>().join(", ")),
                None => rest.to_string(),
            };
            // `NewInvalid` names the kind with its group (`PriorityClass.scheduling.k8s.io`).
            if let Some((kind, tail)) = text.split_once(' ') {
                if let Some(group) = crate::model::Kind::from_resource_arg(kind).map(|k| k.info().group).filter(|g| !g.is_empty()) {
                    text = format!("{kind}.{group} {tail}");
                }
            }
        }
        let sep = if noun == "secret" { " " } else { ": " };
        out.stderr.push_str(&format!("error: failed to create {noun}{sep}{text}\n"));
        out.code = 1;
    }
    out
}

/// Every flag of the generated creates, to find `-n` whatever the kind.
const CREATE_ANY_FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("replicas", Some('r'), true),
    flag("port", None, true),
    flag("schedule", None, true),
    flag("restart", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];
const CREATE_SA_FLAGS: &[FlagSpec] = &[flag("dry-run", None, true), flag("output", Some('o'), true)];
const CREATE_JOB_FLAGS: &[FlagSpec] =
    &[flag("image", None, true), flag("from", None, true), flag("dry-run", None, true), flag("output", Some('o'), true)];
const CREATE_CRONJOB_FLAGS: &[FlagSpec] = &[
    flag("image", None, true),
    flag("schedule", None, true),
    flag("restart", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
];

/// The one container `create job` and `create cronjob` write: named after the object,
/// with the words after `--` as its command.
fn generated_container(name: &str, image: &str, command: &[String], indent: &str) -> String {
    let mut s = format!("{indent}- name: {}\n{indent}  image: {}\n{indent}  resources: {{}}\n", quote(name), quote(image));
    if !command.is_empty() {
        let words: Vec<String> = command.iter().map(|w| quote(w)).collect();
        s.push_str(&format!("{indent}  command: [{}]\n", words.join(", ")));
    }
    s
}

/// `kubectl create job NAME --image=IMAGE [-- COMMAND…]` and `kubectl create job NAME
/// --from=cronjob/CRONJOB`: the latter copies the CronJob's Job template, marks the Job
/// `cronjob.kubernetes.io/instantiate: manual` and makes the CronJob its controller.
fn create_job(c: &mut World, words: &[String]) -> Output {
    let p = match args::parse(words, CREATE_JOB_FLAGS, "create job") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let Some(name) = p.positional.first() else {
        return Output::err("error: exactly one NAME is required, got 0\nSee 'kubectl create job -h' for help and examples");
    };
    let (image, from) = (p.get("image"), p.get("from"));
    if image.is_some() == from.is_some() {
        return Output::err("error: either --image or --from must be specified");
    }
    let command = &p.positional[1..];
    if from.is_some() && !command.is_empty() {
        return Output::err("error: cannot specify --from and command");
    }
    let ns = p.get("namespace").unwrap_or("default").to_string();
    let (manifest, owner) = match from {
        None => {
            let container = generated_container(name, image.unwrap_or(""), command, "      ");
            (
                format!(
                    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n{container}",
                    quote(name)
                ),
                None,
            )
        }
        Some(from) => {
            let (ty, cron) = from.split_once('/').unwrap_or(("", from));
            if crate::model::Kind::from_resource_arg(ty) != Some(crate::model::Kind::CronJob) {
                return Output::err(format!("error: from must be an existing cronjob: {from}"));
            }
            let Some(cj) = c.store.cronjob(&ns, cron) else {
                return Output::err(format!("Error from server (NotFound): cronjobs.batch \"{cron}\" not found"));
            };
            let tmeta = cj.spec.job_template.get("metadata");
            let mut annotations = Value::Map(vec![("cronjob.kubernetes.io/instantiate".into(), Value::str("manual"))]);
            if let Some(Value::Map(m)) = tmeta.and_then(|m| m.get("annotations")) {
                for (k, v) in m {
                    annotations.set(k, v.clone());
                }
            }
            let mut meta = vec![("name".into(), Value::str(name.as_str())), ("annotations".into(), annotations)];
            if let Some(l) = tmeta.and_then(|m| m.get("labels")) {
                meta.push(("labels".into(), l.clone()));
            }
            let obj = Value::Map(vec![
                ("apiVersion".into(), Value::str("batch/v1")),
                ("kind".into(), Value::str("Job")),
                ("metadata".into(), Value::Map(meta)),
                ("spec".into(), cj.spec.job_spec()),
            ]);
            // JSON is YAML: the manifest goes through the same create path as a file.
            (obj.to_json(), Some((cj.meta.name.clone(), cj.meta.uid.clone())))
        }
    };
    if let Some(out) = super::dry_run::client(words, &manifest) {
        return out;
    }
    let report = c.apply_text(&manifest, "job", &ns, Mode::Create);
    let mut out = Output::default();
    if report.errors.is_empty() {
        if let Some((cron, uid)) = owner {
            let rv = c.api.store.next_rv();
            if let Some(j) = c.api.store.job_mut(&ns, name) {
                let owner = crate::model::OwnerRef {
                    api_version: "batch/v1",
                    kind: "CronJob",
                    name: cron.as_str().into(),
                    uid: uid.as_str().into(),
                    controller: true,
                };
                j.meta.add_owner(owner);
                j.meta.resource_version = rv;
            }
            c.api.mark_dirty(crate::model::Kind::CronJob, &ns, &cron);
            c.settle();
        }
    }
    for line in report.out {
        out.stdout.push_str(&line);
        out.stdout.push('\n');
    }
    for e in &report.errors {
        out.stderr.push_str(&e.text.replace("error when creating \"job\": ", ""));
        out.stderr.push('\n');
        out.code = 1;
    }
    out
}

/// A YAML double-quoted scalar, so user text never changes the manifest's structure.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::new();
    crate::value::json_string(s, &mut out);
    out
}

pub(super) const DELETE_FLAGS: &[FlagSpec] = &[
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("all-namespaces", Some('A'), false),
    flag("grace-period", None, true),
    flag("force", None, false),
    flag("now", None, false),
    flag("wait", None, false),
    flag("cascade", None, true),
    flag("ignore-not-found", None, false),
    flag("timeout", None, true),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
];

pub fn delete(c: &mut World, rest: &[String], files: &dyn Files) -> Output {
    let p = match args::parse(rest, DELETE_FLAGS, "delete") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let force = p.bool("force");
    let mut grace: Option<i64> = match p.get("grace-period") {
        None => None,
        Some(g) => match g.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => return Output::err(format!("error: invalid argument \"{g}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{g}\": invalid syntax\nSee 'kubectl delete --help' for usage.")),
        },
    };
    if p.bool("now") {
        if grace.is_some() {
            return Output::err("error: --now and --grace-period cannot be specified together");
        }
        grace = Some(1);
    }
    if grace == Some(0) && !force {
        // kubectl turns --grace-period=0 into 1 unless --force is given.
        grace = Some(1);
    }
    if force && grace.is_none_or(|g| g < 0) {
        grace = Some(0);
    }
    // A negative period is not sent: the pod's own applies ("Ignored if negative").
    let grace = grace.filter(|g| *g >= 0);
    let wait = p.get("wait") != Some("false");
    let cascade = match p.get("cascade").map(crate::apiserver::cascade::Cascade::parse) {
        None => crate::apiserver::cascade::Cascade::Background,
        Some(Some(c)) => c,
        Some(None) => {
            return Output::err(format!(
                "error: invalid cascade value ({}). Must be \"background\", \"foreground\", or \"orphan\"",
                p.get("cascade").unwrap_or("")
            ))
        }
    };
    let mut targets: Vec<(Kind, String, String)> = Vec::new();
    // Custom resources named by `-f` documents: deleted first, in the file's order.
    let mut custom_targets: Vec<(crate::model::crd::Crd, String, String)> = Vec::new();
    let mut out = Output::default();
    let names = p.all("filename");
    if !names.is_empty() || p.has("kustomize") {
        let (docs, kustomize_warnings) = match manifests(&p, files) {
            Ok(d) => d,
            Err(e) => return Output::err(e),
        };
        out.warnings.push_str(&kustomize_warnings);
        for (_, text) in docs {
            let stream = crate::yaml::parse_stream(&text);
            for doc in &stream.docs {
                let v = crate::model::decode::untyped(&doc.root);
                let kind = Kind::from_manifest(
                    v.get("apiVersion").and_then(Value::as_str).unwrap_or(""),
                    v.get("kind").and_then(Value::as_str).unwrap_or(""),
                );
                let name = v.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("");
                let dns = v.get("metadata").and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or(&ns);
                if let Some(k) = kind {
                    targets.push((k, if k.info().namespaced { dns.to_string() } else { String::new() }, name.to_string()));
                } else if let Some((crd, _)) = crate::apiserver::customresource::by_manifest(
                    &c.store,
                    v.get("apiVersion").and_then(Value::as_str).unwrap_or(""),
                    v.get("kind").and_then(Value::as_str).unwrap_or(""),
                ) {
                    let cns = if crd.namespaced { dns.to_string() } else { String::new() };
                    custom_targets.push((crd, cns, name.to_string()));
                }
            }
        }
    } else {
        if p.positional.is_empty() {
            return Output::err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        if let Some((crd, names)) = super::custom::target(c, &p.positional) {
            return super::custom::delete(c, &p, &crd, &names, &ns);
        }
        let groups = match resource_args(&p.positional) {
            Ok(g) => g,
            Err(e) => return Output::err(e),
        };
        let selector = match groups.first().map(|(kind, _)| p.selector(*kind)).transpose() {
            Ok(s) => s.flatten(),
            Err(e) => return Output::err(e),
        };
        for (kind, names) in groups {
            let tns = if kind.info().namespaced { ns.clone() } else { String::new() };
            if names.is_empty() {
                if selector.is_none() && !p.bool("all") {
                    return Output::err("error: resource(s) were provided, but no name was specified");
                }
                let scope = if p.bool("all-namespaces") || !kind.info().namespaced { None } else { Some(ns.as_str()) };
                for r in super::get::list(c, kind, scope) {
                    if selector.as_ref().is_none_or(|s| s.matches(&super::get::labels_of(c, &r))) {
                        targets.push((kind, r.ns, r.name));
                    }
                }
            } else {
                targets.extend(names.into_iter().map(|n| (kind, tns.clone(), n)));
            }
        }
        if targets.is_empty() {
            out.stderr =
                if p.bool("all-namespaces") { "No resources found\n".into() } else { format!("No resources found in {ns} namespace.\n") };
            return out;
        }
    }
    for w in targets.iter().filter_map(|(k, _, _)| crate::apply::deprecation_warning(*k)) {
        if !out.warnings.lines().any(|l| l == w) {
            out.warnings.push_str(w);
            out.warnings.push('\n');
        }
    }
    if force {
        out.warnings.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    for (crd, tns, name) in custom_targets {
        if crate::apiserver::customresource::delete(&mut c.api, &crd, &tns, &name) {
            out.stdout.push_str(&format!("{} \"{name}\" deleted\n", crd.type_name()));
        } else if !p.bool("ignore-not-found") {
            out.stderr.push_str(&format!(
                "Error from server (NotFound): error when deleting \"{name}\": {} \"{name}\" not found\n",
                crd.resource()
            ));
            out.code = 1;
        }
    }
    let mut waiting = Vec::new();
    let mut held = Vec::new();
    for (kind, tns, name) in targets {
        match crate::apiserver::delete_with(&mut c.api, kind, &tns, &name, grace, cascade) {
            Ok(gone) => {
                let word = if force { "force deleted" } else { "deleted" };
                out.stdout.push_str(&format!("{} \"{name}\" {word}\n", kind.type_name()));
                if !gone && kind == Kind::Pod {
                    waiting.push((tns, name));
                } else if !gone {
                    held.push((kind, tns, name));
                }
            }
            Err(e) if p.bool("ignore-not-found") && matches!(e, crate::apiserver::ApiError::NotFound { .. }) => {}
            Err(e) => {
                out.stderr.push_str(&e.render(None));
                out.stderr.push('\n');
                out.code = 1;
            }
        }
    }
    if wait && !waiting.is_empty() {
        out.wait = Some(Wait::PodsGone(waiting));
    } else if wait && !held.is_empty() {
        out.wait = Some(Wait::ObjectsGone(held));
    }
    out
}

const SCALE_FLAGS: &[FlagSpec] = &[
    flag("replicas", None, true),
    flag("current-replicas", None, true),
    flag("filename", Some('f'), true),
    flag("selector", Some('l'), true),
    flag("all", None, false),
    flag("timeout", None, true),
];

pub fn scale(c: &mut World, rest: &[String]) -> Output {
    let p = match args::parse(rest, SCALE_FLAGS, "scale") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let Some(replicas) = p.get("replicas") else {
        return Output::err("error: required flag(s) \"replicas\" not set");
    };
    let Ok(replicas) = replicas.parse::<i64>() else {
        return Output::err(format!("error: invalid argument \"{replicas}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{replicas}\": invalid syntax\nSee 'kubectl scale --help' for usage."));
    };
    if replicas < 0 {
        return Output::err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    if p.positional.is_empty() {
        return Output::err("error: must provide one or more resources by argument or filename");
    }
    let groups = match resource_args(&p.positional) {
        Ok(g) => g,
        Err(e) => return Output::err(e),
    };
    let ns = super::namespace(&p);
    let mut out = Output::default();
    for (kind, names) in groups {
        if names.is_empty() {
            return Output::err("error: resource(s) were provided, but no name was specified");
        }
        for name in names {
            match crate::apiserver::scale(&mut c.api, kind, &ns, &name, replicas) {
                Ok(()) => out.stdout.push_str(&format!("{}/{name} scaled\n", kind.type_name())),
                Err(e) => {
                    out.stderr.push_str(&e.to_string());
                    out.stderr.push('\n');
                    out.code = 1;
                }
            }
        }
    }
    out
}

pub fn cluster_info(c: &World, rest: &[String]) -> Output {
    if let Err(e) = args::parse(rest, &[], "cluster-info") {
        return Output::err(e);
    }
    if rest.first().map(String::as_str) == Some("dump") {
        return Output::err("kubeplay: \"kubectl cluster-info dump\" is not simulated yet.");
    }
    let url = c.preset().control_plane_url();
    Output::ok(format!(
        "Kubernetes control plane is running at {url}\nCoreDNS is running at {url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    ))
}

pub fn version(_c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, &[flag("client", None, false), flag("output", Some('o'), true)], "version") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let v = crate::K8S_VERSION;
    if p.bool("client") {
        return Output::ok(format!("Client Version: {v}\nKustomize Version: v5.6.0\n"));
    }
    Output::ok(format!("Client Version: {v}\nKustomize Version: v5.6.0\nServer Version: {v}\n"))
}
