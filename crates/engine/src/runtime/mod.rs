//! What a container's process does once started: which ports it listens on, how long it
//! takes to be ready, whether and when it exits, what it prints. Decided from the image
//! (its default entrypoint and command) and the container's `command`/`args`, the way the
//! container runtime would run them. Shell scripts run in `sh.rs`.

mod arith;
pub mod network;
mod perl;
mod sh;
pub mod web;

use crate::model::pod::Container;
use crate::model::pod_runtime::{Process, Script};

use crate::registry::Behaviour;
use crate::time::{parse_duration, Millis, SECOND};

/// What the image defines: entrypoint, command, files and the base behaviour.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageConfig {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub exposed: Vec<u16>,
    /// Absolute paths of files the build copied in.
    pub files: Vec<String>,
    pub workdir: String,
    pub behaviour: Behaviour,
}

impl ImageConfig {
    /// The config of an image pulled from a registry.
    pub fn pulled(image: &crate::registry::Image) -> ImageConfig {
        ImageConfig {
            entrypoint: image.entrypoint.iter().map(|w| w.to_string()).collect(),
            cmd: vec![],
            exposed: vec![],
            files: vec![],
            workdir: "/".into(),
            behaviour: image.behaviour.clone(),
        }
    }
}

/// Everything a process's start depends on.
struct Ctx<'a> {
    image: &'a ImageConfig,
    env: &'a [(String, String)],
    started: Millis,
    /// The container's declared ports (what an image nobody knows listens on).
    declared: Vec<u16>,
    /// The files of its mounted volumes: absolute path and text.
    mounted: &'a [(String, String)],
    /// The pod's network, for the tools `kubectl exec` runs.
    net: Option<&'a dyn network::Network>,
    /// Its output goes to a terminal (`kubectl exec -it`): `ls` lays names out in columns.
    tty: bool,
}

fn program(argv0: &str) -> &str {
    argv0.rsplit('/').next().unwrap_or(argv0)
}

fn process_with(exit: Option<(Millis, i32)>, ports: Vec<u16>, startup: Millis, memory: i64, log: Vec<String>) -> Process {
    Process {
        started: 0,
        exit,
        ports: ports.into(),
        startup,
        memory,
        handles_sigterm: false,
        log: log.into(),
        script: None,
        cpu_per_request: 0.0,
        start_error: None,
    }
}

fn serve(ports: Vec<u16>, startup: Millis, memory: i64, cpu: f64, log: Vec<String>) -> Process {
    Process { handles_sigterm: true, cpu_per_request: cpu, ..process_with(None, ports, startup, memory, log) }
}

fn exits(after: Millis, code: i32, log: Vec<String>) -> Process {
    process_with(Some((after, code)), vec![], 0, 1 << 20, log)
}

fn forever(log: Vec<String>) -> Process {
    process_with(None, vec![], 0, 1 << 20, log)
}

/// `sleep 3600`, `sleep 1m`, `sleep infinity`.
fn sleep_time(arg: Option<&String>) -> Option<Millis> {
    let a = arg?;
    if a == "infinity" || a == "inf" {
        return None;
    }
    // Longer than any session (a hundred years): as good as for ever, and never a time
    // past the end of the clock's range.
    const FOR_EVER: Millis = 100 * 365 * 24 * 3_600_000;
    parse_duration(a).or_else(|| a.parse::<f64>().ok().map(|s| (s * 1000.0) as Millis)).filter(|ms| *ms < FOR_EVER)
}

/// The images' entrypoint scripts (`docker-entrypoint.sh` and kin) that wrap the program.
const ENTRYPOINT_SCRIPTS: &[&str] = &["docker-entrypoint.sh", "entrypoint.sh", "docker-php-entrypoint", "__cacert_entrypoint.sh"];

/// `printenv NAME…` prints each value (status 1 if one is unset); `env` and `printenv`
/// alone print every variable: the spec's and those the runtime and kubelet add (PATH,
/// HOSTNAME, HOME, Services' `*_SERVICE_HOST`); the image's own (`NGINX_VERSION`) are not
/// modelled.
fn print_env(names: &[String], env: &[(String, String)]) -> (Vec<String>, i32) {
    if names.is_empty() {
        return (env.iter().map(|(k, v)| format!("{k}={v}")).collect(), 0);
    }
    let mut status = 0;
    let mut out = Vec::new();
    for n in names {
        match env.iter().rev().find(|(k, _)| k == n) {
            Some((_, v)) => out.push(v.clone()),
            None => status = 1,
        }
    }
    (out, status)
}

/// Whether the process `process_on` starts for the container reads its environment: a
/// command or arguments (`$(VAR)` is expanded in them, and they may be a script), an
/// image whose entrypoint checks variables, or an image whose own command is a shell or
/// prints the environment. nginx's own command reads nothing, and resolving the
/// variables of thousands of such pods that take a ConfigMap whole cost more than
/// starting them. `kubectl exec` resolves the environment again, as of the start.
pub fn reads_environment(ct: &Container, image: &ImageConfig) -> bool {
    let reader = |w: &String| w.contains('$') || matches!(program(w), "sh" | "bash" | "ash" | "dash" | "env" | "printenv");
    !ct.command.is_empty()
        || !ct.args.is_empty()
        || !image.behaviour.requires_env.is_empty()
        || image.entrypoint.iter().chain(&image.cmd).any(reader)
}

/// The process a container runs, with the environment the kubelet resolved for it,
/// started at `started`.
pub fn process(ct: &Container, image: &ImageConfig, env: &[(String, String)], started: Millis) -> Process {
    process_with_files(ct, image, env, &[], started)
}

/// `process`, for a container that sees `mounted` (path, text) in its volumes.
pub fn process_with_files(
    ct: &Container,
    image: &ImageConfig,
    env: &[(String, String)],
    mounted: &[(String, String)],
    started: Millis,
) -> Process {
    process_on(ct, image, env, mounted, started, None)
}

/// `process_with_files`, for a script that may look names up in `net`.
pub fn process_on(
    ct: &Container,
    image: &ImageConfig,
    env: &[(String, String)],
    mounted: &[(String, String)],
    started: Millis,
    net: Option<&dyn network::Network>,
) -> Process {
    // Kubernetes: `command` replaces ENTRYPOINT (and drops CMD); `args` replaces CMD.
    // The kubelet expands `$(VAR)` in the container's command and args (not the image's).
    let expanded = |list: &[String]| -> Vec<String> { list.iter().map(|a| crate::model::env::expand(a, env)).collect() };
    let argv: Vec<String> = match (ct.command.is_empty(), ct.args.is_empty()) {
        (false, _) => expanded(&ct.command).into_iter().chain(expanded(&ct.args)).collect(),
        (true, false) => image.entrypoint.iter().cloned().chain(expanded(&ct.args)).collect(),
        (true, true) => image.entrypoint.iter().chain(image.cmd.iter()).cloned().collect(),
    };
    let declared = ct.ports.iter().filter_map(|p| u16::try_from(p.port).ok()).collect();
    let cx = Ctx { image, env, started, declared, mounted, net, tty: false };
    let b = &image.behaviour;
    let mut p = run(&argv, &cx);
    p.started = started;
    if p.start_error.is_none() && p.exit.is_none() && !b.requires_env.is_empty() {
        // The entrypoint checks its variables before it starts the server.
        let set = |k: &&str| env.iter().any(|(n, v)| n == *k && !v.is_empty());
        if !b.requires_env.iter().any(set) {
            let mut failed = exits(SECOND / 2, 1, b.missing_env_log.lines().map(String::from).collect());
            failed.started = started;
            return failed;
        }
    }
    if let Some(limit) = ct.mem_limit {
        if p.start_error.is_none() && p.memory > limit {
            // The kernel's OOM killer ends it as it grows past its limit.
            p.exit = Some((p.startup.max(SECOND) / 2, 137));
        }
    }
    p
}

/// An exec probe's command run in the container `elapsed` after its start: `Err` holds
/// what it printed when it fails. `cat`, `test`/`[` and `ls` of files under /tmp or that
/// the container's script wrote are checked against the script's files, whether or not
/// the program is up yet; any other command asks the program itself, so it fails until
/// the program serves (`pg_isready` and `redis-cli ping` with their own words) and
/// succeeds after.
pub fn exec_probe(cmd: &[String], p: &Process, elapsed: Millis, serving: bool) -> Result<(), String> {
    // `sh -c 'cat /tmp/healthy'` is the command itself.
    let words: Vec<String> = match cmd.first().map(|c| program(c)) {
        Some("sh" | "bash" | "ash") => match cmd.iter().position(|a| a == "-c") {
            Some(i) => crate::words::split(cmd.get(i + 1).map(String::as_str).unwrap_or("")).unwrap_or_default(),
            None => return Ok(()),
        },
        _ => cmd.to_vec(),
    };
    let Some(first) = words.first() else { return Ok(()) };
    let tracked = |path: &str| path.starts_with("/tmp/") || p.files().iter().any(|f| f.path == path);
    let paths: Vec<&String> = words[1..].iter().filter(|a| !a.starts_with('-') && *a != "]" && *a != "!").collect();
    let missing = paths.iter().find(|path| tracked(path) && p.file_at(path, elapsed).is_none());
    match (program(first), missing) {
        ("cat", Some(path)) => Err(format!("cat: can't open '{path}': No such file or directory")),
        ("ls", Some(path)) => Err(format!("ls: {path}: No such file or directory")),
        ("test" | "[", m) if m.is_some() != words.iter().any(|w| w == "!") => Err(String::new()),
        ("cat" | "ls" | "test" | "[", _) => Ok(()),
        _ if serving => Ok(()),
        (prog, _) => Err(not_serving(prog, &words[1..])),
    }
}

/// A program's option value, as getopt and Go's flag package read it: `--name=V` or
/// `--name V` for a long name (Go's `-name=V` and `-name V` too), `-xV` or `-x V` for a
/// one-letter one.
pub(super) fn option<'a>(args: &'a [String], names: &[&str]) -> Option<&'a str> {
    args.iter().enumerate().find_map(|(i, a)| {
        names.iter().find_map(|n| match a.strip_prefix(n) {
            Some("") => args.get(i + 1).map(String::as_str),
            // `--name=V`, and Go's `-name=V`; only a one-letter flag takes `-xV`.
            Some(v) if n.starts_with("--") || n.len() > 2 => v.strip_prefix('='),
            Some(v) => Some(v),
            None => None,
        })
    })
}

/// What a client of the container's own program prints before the program listens.
fn not_serving(prog: &str, args: &[String]) -> String {
    match prog {
        "pg_isready" => {
            let host = option(args, &["--host", "-h"]).unwrap_or("/var/run/postgresql");
            let port = option(args, &["--port", "-p"]).unwrap_or("5432");
            format!("{host}:{port} - no response")
        }
        "redis-cli" => {
            let host = option(args, &["-h"]).unwrap_or("127.0.0.1");
            let port = option(args, &["-p"]).unwrap_or("6379");
            format!("Could not connect to Redis at {host}:{port}: Connection refused")
        }
        _ => String::new(),
    }
}

/// A command run in a running container (`kubectl exec`), at `now`, with the
/// container's environment, the files of its volumes (and of its own script) as (path,
/// text), and the pod's network: what it prints and how it ends, as for its main process.
/// `tty`: its output goes to a terminal (`kubectl exec -it`).
pub fn exec(
    argv: &[String],
    image: &ImageConfig,
    env: &[(String, String)],
    files: &[(String, String)],
    now: Millis,
    net: Option<&dyn network::Network>,
    tty: bool,
) -> Process {
    let cx = Ctx { image, env, started: now, declared: Vec::new(), mounted: files, net, tty };
    run(argv, &cx)
}

/// The process `argv` starts, as the container's PID 1.
fn run(argv: &[String], cx: &Ctx) -> Process {
    let b = &cx.image.behaviour;
    let Some(first) = argv.first() else {
        // No entrypoint or command at all: the image's own program.
        return default_process(b, cx);
    };
    let prog = program(first);
    let args = &argv[1..];
    if ENTRYPOINT_SCRIPTS.contains(&prog) {
        // The official images' entrypoint scripts run the image's program when the first
        // argument is a flag (or there is none) and exec anything else.
        return match args.first() {
            Some(a) if !a.starts_with('-') => run(args, cx),
            _ => default_process(b, cx),
        };
    }
    match prog {
        "sh" | "bash" | "ash" | "dash" => match args.iter().position(|a| a == "-c") {
            Some(i) => sh::script(args.get(i + 1).map(String::as_str).unwrap_or(""), cx, prog == "bash"),
            // A shell with no script and no terminal reads nothing and exits.
            None => exits(100, 0, vec![]),
        },
        _ => sh::command(argv, cx),
    }
}

/// A program that is not a shell builtin or utility: the image's own program, a
/// language runtime, or anything an image nobody knows may hold. `None`: no such program.
fn external(argv: &[String], cx: &Ctx) -> Option<Process> {
    let image = cx.image;
    let b = &image.behaviour;
    let first = argv.first()?;
    let prog = program(first);
    let args = &argv[1..];
    let in_image = |path: &str| image.files.iter().any(|f| f == path || program(f) == program(path));
    Some(match prog {
        "java" => java(args, image),
        "python" | "python3" => {
            if let Some(i) = args.iter().position(|a| a == "http.server") {
                let port = args.get(i + 1).and_then(|p| p.parse().ok()).unwrap_or(8000);
                serve(vec![port], 300, 15 << 20, 1.0, vec![format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...")])
            } else if args.is_empty() {
                exits(100, 0, vec![])
            } else if args.first().is_some_and(|a| a == "-c") {
                exits(200, 0, vec![])
            } else {
                serve(listening(image.exposed.clone(), cx), SECOND, 30 << 20, 2.0, vec![])
            }
        }
        "node" => match args.first() {
            None => exits(100, 0, vec![]),
            // `node -e …`, `node --version`: kubeplay does not run JavaScript; it ends.
            Some(a) if a.starts_with('-') => exits(200, 0, vec![]),
            Some(script) => {
                let path =
                    if script.starts_with('/') { script.clone() } else { format!("{}/{script}", image.workdir.trim_end_matches('/')) };
                if in_image(&path) || b.open {
                    serve(listening(image.exposed.clone(), cx), SECOND, 40 << 20, 2.0, vec![])
                } else {
                    exits(300, 1, vec![format!("Error: Cannot find module '{path}'")])
                }
            }
        },
        "perl" => perl::perl(args),
        "stress" => stress(args),
        "agnhost" if b.program.starts_with("/agnhost") => agnhost(args, b, cx),
        // The image's own program (`nginx: master process …` is how nginx's shows in ps).
        _ if b
            .program
            .split_whitespace()
            .next()
            .map(|p| program(p).trim_end_matches(':'))
            .is_some_and(|p| !p.is_empty() && (p == prog || prog.starts_with(p))) =>
        {
            default_process(b, cx)
        }
        _ if in_image(first) || b.open => {
            let mut p = serve(listening(image.exposed.clone(), cx), SECOND, 20 << 20, 1.0, vec![]);
            p.handles_sigterm = true;
            p
        }
        _ => return None,
    })
}

/// Whether `argv0` is the image's own program (or a file its build copied in), which
/// runs before any shell utility of the same name (`/whoami` is not `whoami`).
fn own_program(argv0: &str, cx: &Ctx) -> bool {
    let prog = program(argv0);
    let image = cx.image;
    let own = image.behaviour.program.split_whitespace().next().map(|p| program(p).trim_end_matches(':'));
    own.is_some_and(|p| !p.is_empty() && !matches!(p, "sh" | "bash") && (p == prog || prog.starts_with(p)))
        || image.files.iter().any(|f| f == argv0 || program(f) == prog)
}

/// The ports a program of unknown behaviour listens on: what the image exposes, else
/// what the container declares.
fn listening(exposed: Vec<u16>, cx: &Ctx) -> Vec<u16> {
    if exposed.is_empty() {
        cx.declared.clone()
    } else {
        exposed
    }
}

fn default_process(b: &Behaviour, cx: &Ctx) -> Process {
    let image = cx.image;
    match b.exits {
        Some(code) => exits(100, code, vec![]),
        None => {
            let mut ports: Vec<u16> = b.ports.to_vec();
            ports.extend(image.exposed.iter().filter(|p| !b.ports.contains(p)));
            if b.serves_declared {
                ports.extend(cx.declared.iter().filter(|p| !b.ports.contains(p) && !image.exposed.contains(p)));
            }
            serve(ports, b.startup, b.memory, b.cpu_per_request, vec![])
        }
    }
}

/// `stress` (polinux/stress, the documentation's memory examples): `--vm N` workers
/// holding `--vm-bytes` each (256M by default; k, m and g are powers of 1024) for good,
/// or until `--timeout`. A container whose limit is below that is OOMKilled as it grows.
fn stress(args: &[String]) -> Process {
    let bytes = |text: &str| {
        let (digits, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
        let n: i64 = digits.parse().unwrap_or(0);
        let scale = match unit.to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" => 1 << 10,
            "m" => 1 << 20,
            "g" => 1 << 30,
            _ => 0,
        };
        n.saturating_mul(scale)
    };
    let workers: i64 = option(args, &["--vm", "-m"]).and_then(|v| v.parse().ok()).unwrap_or(0);
    let each = option(args, &["--vm-bytes"]).map_or(256 << 20, bytes);
    // polinux/stress's `--cpu N`; vish/stress's `-cpus N` and `-mem-total QUANTITY`.
    let cores: u32 = option(args, &["--cpu", "-cpus", "-c"]).and_then(|v| v.parse().ok()).unwrap_or(0);
    let total = option(args, &["-mem-total"]).and_then(crate::quantity::bytes).unwrap_or(0);
    let vish = args.iter().any(|a| a == "-cpus" || a == "-mem-total" || a == "-logtostderr");
    let log = if vish { vec![] } else { vec![format!("stress: info: [1] dispatching hogs: {cores} cpu, 0 io, {workers} vm, 0 hdd")] };
    let mut p = match option(args, &["--timeout", "-t"]).and_then(|t| t.trim_end_matches('s').parse::<Millis>().ok()) {
        Some(secs) => process_with(Some((secs * SECOND, 0)), vec![], 0, 1 << 20, log),
        None => forever(log),
    };
    p.memory = (1 << 20) + workers.saturating_mul(each) + total;
    if cores > 0 {
        p.script = Some(Box::new(Script { cores, ..Script::default() }));
    }
    p
}

/// The e2e test image's subcommands the documentation's examples run: `liveness` (a
/// server on 8080 whose `/healthz` answers 500 once it has run 10 s), `netexec` and
/// `serve-hostname` on their ports, `pause`.
fn agnhost(args: &[String], b: &Behaviour, cx: &Ctx) -> Process {
    let port = |name: &str, default: u16| option(args, &[name]).and_then(|v| v.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("liveness") => {
            let mut p = serve(vec![8080], 300, 10 << 20, 1.0, vec![]);
            p.script = Some(Box::new(Script { unhealthy_after: Some(10 * SECOND), ..Default::default() }));
            p
        }
        Some("netexec") => serve(vec![port("--http-port", 8080)], 300, 10 << 20, 1.0, vec![]),
        Some("serve-hostname") => serve(vec![port("--port", 9376)], 300, 10 << 20, 1.0, vec![]),
        Some("pause") => forever(vec![]),
        _ => default_process(b, cx),
    }
}

/// `java -jar X`: a Spring Boot style server on 8080 when the jar is in the image;
/// the launcher's own error when it is not.
fn java(args: &[String], image: &ImageConfig) -> Process {
    match args.iter().position(|a| a == "-jar") {
        Some(i) => {
            let jar = args.get(i + 1).cloned().unwrap_or_default();
            let path = if jar.starts_with('/') { jar.clone() } else { format!("{}/{jar}", image.workdir.trim_end_matches('/')) };
            if image.files.contains(&path) {
                let mut ports = image.exposed.clone();
                if ports.is_empty() {
                    ports.push(8080);
                }
                serve(
                    ports,
                    8 * SECOND,
                    250 << 20,
                    20.0,
                    vec![
                        "  .   ____          _            __ _ _".into(),
                        " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\".into(),
                        "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\".into(),
                        " \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )".into(),
                        "  '  |____| .__|_| |_|_| |_\\__, | / / / /".into(),
                        " =========|_|==============|___/=/_/_/_/".into(),
                        "Tomcat started on port 8080 (http) with context path '/'".into(),
                    ],
                )
            } else {
                exits(300, 1, vec![format!("Error: Unable to access jarfile {jar}")])
            }
        }
        None if args.iter().any(|a| a == "-version" || a == "--version") => {
            exits(200, 0, vec!["openjdk version \"17.0.2\" 2022-01-18".into()])
        }
        None => exits(200, 1, vec!["Usage: java [options] <mainclass> [args...]".into()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pod::{Container, PullPolicy};

    fn ct(command: &[&str], args: &[&str]) -> Container {
        Container {
            name: "c".into(),
            image: "x".into(),
            pull_policy: PullPolicy::IfNotPresent,
            command: command.iter().map(|s| s.to_string()).collect(),
            args: args.iter().map(|s| s.to_string()).collect(),
            ports: Default::default(),
            env: vec![],
            env_from: vec![],
            mounts: vec![],
            cpu_request_m: None,
            mem_request: None,
            cpu_limit_m: None,
            mem_limit: None,
            sidecar: false,
            stdin: false,
            readiness: None,
            liveness: None,
            startup: None,
            post_start: None,
            termination_path: None,
            fallback_to_logs: false,
        }
    }

    fn image(name: &str) -> ImageConfig {
        ImageConfig::pulled(&crate::registry::lookup(&crate::registry::ImageRef::parse(name).unwrap()).unwrap())
    }

    #[test]
    fn output_sent_to_dev_null_is_dropped() {
        let script = "echo one > /dev/null; echo two >/dev/null 2>&1; echo three 2>/dev/null; echo four >> /dev/null; echo five";
        let p = process(&ct(&["sh", "-c", script], &[]), &image("busybox:1.36"), &[], 0);
        assert_eq!(*p.log, ["three", "five"]);
    }

    #[test]
    fn date_prints_the_time_the_script_reaches_it() {
        let p = process(
            &ct(&["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"], &[]),
            &image("busybox:1.28"),
            &[],
            crate::time::BOOT + 60_000,
        );
        assert_eq!(*p.log, ["Sat May 24 04:49:00 UTC 2025", "Hello from the Kubernetes cluster"]);
        let p = process(&ct(&["sh", "-c", "sleep 10; date"], &[]), &image("busybox"), &[], crate::time::BOOT + 8 * 86_400_000);
        assert!(p.output(9_999).is_empty(), "nothing before the sleep ends");
        assert_eq!(p.output(10_000), ["Sun Jun  1 04:48:10 UTC 2025"]);
    }

    #[test]
    fn the_documentations_pi_job_prints_two_thousand_digits() {
        let args: Vec<String> = ["-Mbignum=bpi", "-wle", "print bpi(2000)"].iter().map(|s| s.to_string()).collect();
        let p = perl::perl(&args);
        assert_eq!(p.exit.map(|e| e.1), Some(0));
        let line = &p.log[0];
        assert!(line.starts_with("3.14159265358979323846264338327950288419716939937510"), "{line}");
        assert_eq!(line.len(), 2001, "2000 significant digits and the point");
        // The Feynman point: six nines from the 762nd decimal.
        assert_eq!(&line[763..769], "999999");
        assert_eq!(perl::pi_text(5), "3.1416", "rounded, not cut");
    }

    #[test]
    fn the_documentations_counter_pod_counts_and_dates_every_line() {
        // https://k8s.io/examples/debug/counter-pod.yaml
        let script = r#"i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done"#;
        let p = process(&ct(&[], &["/bin/sh", "-c", script]), &image("busybox:1.28"), &[], crate::time::BOOT);
        let lines = p.output(10_500);
        assert_eq!(lines.len(), 11, "{lines:?}");
        assert_eq!(lines[0], "0: Sat May 24 04:48:00 UTC 2025");
        assert_eq!(lines[1], "1: Sat May 24 04:48:01 UTC 2025");
        assert_eq!(lines[10], "10: Sat May 24 04:48:10 UTC 2025");
        // Far on, as kubectl logs reads it after a day.
        let day = p.output(86_400_000);
        assert_eq!(day.last().map(String::as_str), Some("86400: Sun May 25 04:48:00 UTC 2025"));
    }

    #[test]
    fn arithmetic_and_command_substitution_expand_in_place() {
        let script = "n=6; echo $((n * 7)) $(echo inner) `echo back`; echo $((1/0)); echo after";
        let p = process(&ct(&["sh", "-c", script], &[]), &image("busybox"), &[], 0);
        assert_eq!(*p.log, ["42 inner back", "sh: divide by zero", "", "after"]);
        // Nested without end, from a fuzzer or a typo: cut off, not a stack overflow.
        let deep = format!("echo {}1{}", "$((".repeat(5_000), "))".repeat(5_000));
        let p = process(&ct(&["sh", "-c", &deep], &[]), &image("busybox"), &[], 0);
        assert!(p.log.iter().any(|l| l.contains("stops nesting")), "{:?}", p.log);
        let deep = format!("echo {}x{}", "$(echo ".repeat(5_000), ")".repeat(5_000));
        let p = process(&ct(&["sh", "-c", &deep], &[]), &image("busybox"), &[], 0);
        assert!(p.log.iter().any(|l| l.contains("stops nesting")), "{:?}", p.log);
    }

    #[test]
    fn a_loop_whose_lines_change_otherwise_repeats_its_last_turn_and_says_so() {
        // `$RANDOM` is not modelled: three turns that differ but not by a step or a date.
        let script = "i=1; while true; do echo $i; i=$((i*2)); sleep 1; done";
        let p = process(&ct(&["sh", "-c", script], &[]), &image("busybox"), &[], 0);
        let lines = p.output(5_500);
        assert!(lines.iter().any(|l| l.contains("change from turn to turn")), "{lines:?}");
        assert_eq!(&lines[..3], ["1", "2", "4"]);
    }

    #[test]
    fn busybox_without_a_command_exits_at_once() {
        let p = process(&ct(&[], &[]), &image("busybox:1.36"), &[], 0);
        assert_eq!(p.exit.map(|e| e.1), Some(0));
    }

    #[test]
    fn sleep_and_exit() {
        assert_eq!(process(&ct(&["sleep", "3600"], &[]), &image("busybox"), &[], 0).exit, Some((3_600_000, 0)));
        assert_eq!(process(&ct(&["sleep", "infinity"], &[]), &image("busybox"), &[], 0).exit, None);
        // Beyond a hundred years: for ever, not an overflow of the clock.
        assert_eq!(process(&ct(&["sleep", "99999999999999999999999"], &[]), &image("busybox"), &[], 0).exit, None);
        assert_eq!(process(&ct(&["sh", "-c", "sleep 5; exit 1"], &[]), &image("busybox"), &[], 0).exit, Some((5_100, 1)));
        assert_eq!(process(&ct(&["sh", "-c", "while true; do echo hi; sleep 1; done"], &[]), &image("busybox"), &[], 0).exit, None);
        assert_eq!(process(&ct(&["/bin/sh"], &["-c", "exit 3"]), &image("busybox"), &[], 0).exit.map(|e| e.1), Some(3));
    }

    #[test]
    fn nginx_serves_on_80() {
        let p = process(&ct(&[], &[]), &image("nginx:1.27"), &[], 0);
        assert_eq!(p.exit, None);
        assert_eq!(p.ports.to_vec(), vec![80]);
    }

    #[test]
    fn postgres_needs_its_password() {
        let p = process(&ct(&[], &[]), &image("postgres:16"), &[], 0);
        assert_eq!(p.exit.map(|e| e.1), Some(1));
        let c = ct(&[], &[]);
        assert_eq!(process(&c, &image("postgres:16"), &[("POSTGRES_PASSWORD".into(), "pw".into())], 0).exit, None);
    }

    #[test]
    fn unknown_program_cannot_start() {
        let p = process(&ct(&["frobnicate"], &[]), &image("nginx"), &[], 0);
        assert!(p.start_error.unwrap().contains("executable file not found"));
    }

    #[test]
    fn memory_limit_below_use_is_oom() {
        let mut c = ct(&[], &[]);
        c.mem_limit = Some(4 << 20);
        assert_eq!(process(&c, &image("nginx"), &[], 0).exit.map(|e| e.1), Some(137));
    }

    #[test]
    fn java_jar_runs_only_if_the_jar_is_there() {
        let mut img = image("openjdk:17-jdk");
        img.files.push("/app.jar".into());
        assert_eq!(process(&ct(&["java", "-jar", "/app.jar"], &[]), &img, &[], 0).ports.to_vec(), vec![8080]);
        let p = process(&ct(&["java", "-jar", "/app-jar"], &[]), &img, &[], 0);
        assert_eq!(p.exit.map(|e| e.1), Some(1));
        assert_eq!(*p.log, vec!["Error: Unable to access jarfile /app-jar".to_string()]);
    }

    #[test]
    fn the_environment_reaches_commands_and_shell_scripts() {
        let env = vec![("LEVEL".to_string(), "debug".to_string())];
        let p = process(&ct(&["sh", "-c", "echo level=$LEVEL ${LEVEL} $(LEVEL) $MISSING. ; sleep 3600"], &[]), &image("busybox"), &env, 0);
        assert_eq!(*p.log, vec!["level=debug debug debug ."]);
        let p = process(&ct(&["echo"], &["$(LEVEL)", "$$(LEVEL)"]), &image("busybox"), &env, 0);
        assert_eq!(*p.log, vec!["debug $(LEVEL)"]);
    }

    #[test]
    fn args_follow_the_images_entrypoint() {
        let echo = process(&ct(&[], &["-text=hello"]), &image("hashicorp/http-echo"), &[], 0);
        assert_eq!((echo.exit, echo.ports.to_vec()), (None, vec![5678]), "{echo:?}");
        let redis = process(&ct(&[], &["--appendonly", "yes"]), &image("redis:7"), &[], 0);
        assert_eq!((redis.exit, redis.ports.to_vec()), (None, vec![6379]));
        let nginx = process(&ct(&[], &["nginx", "-g", "daemon off;"]), &image("nginx:1.27"), &[], 0);
        assert_eq!((nginx.exit, nginx.start_error.clone()), (None, None));
        let shell = process(&ct(&[], &["sh", "-c", "exit 3"]), &image("redis:7"), &[], 0);
        assert_eq!(shell.exit.map(|e| e.1), Some(3), "the entrypoint script execs anything else");
    }

    #[test]
    fn the_shell_runs_loops_conditions_and_files() {
        let sh = |script: &str| process(&ct(&["sh", "-c", script], &[]), &image("busybox"), &[], 0);
        let p = sh("for i in 1 2 3; do echo n=$i; sleep 1; done; exit 4");
        assert_eq!(
            (p.log.to_vec(), p.later().to_vec(), p.exit),
            (vec!["n=1".to_string()], vec![(1_000, "n=2".into()), (2_000, "n=3".into())], Some((3_100, 4)))
        );
        let p = sh("if [ -f /tmp/x ]; then echo yes; elif [ 1 -lt 2 ]; then echo elif; else echo no; fi");
        assert_eq!(*p.log, ["elif"]);
        let p = sh("echo saved > /tmp/f && cat /tmp/f; cat /tmp/missing || echo status=$?; rm /tmp/none");
        assert_eq!(
            *p.log,
            [
                "saved",
                "cat: can't open '/tmp/missing': No such file or directory",
                "status=1",
                "rm: can't remove '/tmp/none': No such file or directory"
            ]
        );
        assert_eq!(p.exit.map(|e| e.1), Some(1));
        let p = sh("X=5; export Y=6; echo $X$Y; false && echo never; true || echo never; printf '%s-%s\\n' a b");
        assert_eq!(*p.log, ["56", "a-b"]);
        let p = sh("echo start; exec sleep infinity");
        assert_eq!((p.log.to_vec(), p.exit), (vec!["start".to_string()], None));
        let p = sh("while [ ! -f /tmp/ready ]; do touch /tmp/ready; done; echo ready");
        assert_eq!(p.output(1_000), ["ready"]);
    }

    #[test]
    fn a_loop_that_sleeps_prints_as_time_goes_by_and_a_busy_one_is_capped() {
        let p = process(&ct(&["sh", "-c", "while true; do echo tick; sleep 10; done"], &[]), &image("busybox"), &[], 0);
        assert_eq!(p.exit, None);
        assert_eq!(p.output(0).len(), 1);
        assert_eq!(p.output(35_000).len(), 4);
        assert_eq!(p.output(1_000_000_000).len(), 1 + crate::model::pod_runtime::LOG_CAP, "the first turn and the loop's last lines");
        let busy = process(&ct(&["sh", "-c", "while :; do echo hi; done"], &[]), &image("busybox"), &[], 0);
        let out = busy.output(5);
        assert!(out[0].starts_with("kubeplay: this loop never waits"), "{out:?}");
        assert_eq!(out.len(), 1 + crate::model::pod_runtime::LOG_CAP);
    }

    #[test]
    fn echo_ends_its_line_unless_told_not_to() {
        let p = process(&ct(&["sh", "-c", "echo -en '\\n'; echo a; echo -n; echo; echo -e 'b\\nc'"], &[]), &image("busybox"), &[], 0);
        assert_eq!(p.output(1_000), ["", "a", "", "b", "c"]);
    }

    #[test]
    fn bash_arrays_give_their_elements() {
        let script = "a=(x yy z); i=2; echo ${a[1]} ${#a[@]} ${a[@]} ${a[-1]} ${a[$i]} ${a[i]} $a ${#a[1]}";
        let p = process(&ct(&["bash", "-c", script], &[]), &image("bash"), &[], 0);
        assert_eq!(p.output(1_000), ["yy 3 x yy z z z z x 2"]);
    }

    /// The output is a stream: a line without its newline (a downward API file, `echo -n`)
    /// goes on with what is written next, as the documentation's dapi-volume log shows.
    #[test]
    fn output_goes_on_with_a_line_left_open() {
        let labels = [("/etc/podinfo/labels".to_string(), "cluster=\"c1\"\nzone=\"z\"".to_string())];
        let script = "while true; do echo -en '\\n\\n'; cat /etc/podinfo/labels; sleep 5; done";
        let p = process_with_files(&ct(&["sh", "-c", script], &[]), &image("busybox"), &[], &labels, 0);
        assert_eq!(
            p.output(12_000),
            ["", "", "cluster=\"c1\"", "zone=\"z\"", "", "cluster=\"c1\"", "zone=\"z\"", "", "cluster=\"c1\"", "zone=\"z\""]
        );
        let p = process(&ct(&["sh", "-c", "echo -n a; echo b; printf 'c'; printf 'd\\n'; echo -n e > /tmp/f; cat /tmp/f /tmp/f; echo; x=$(echo -n y); echo \"[$x]\""], &[]), &image("busybox"), &[], 0);
        assert_eq!(p.output(1_000), ["ab", "cd", "ee", "[y]"]);
    }

    #[test]
    fn exec_probes_see_the_scripts_files() {
        let p = process(&ct(&["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"], &[]), &image("busybox"), &[], 0);
        let cat: Vec<String> = ["cat", "/tmp/healthy"].iter().map(|s| s.to_string()).collect();
        assert_eq!(exec_probe(&cat, &p, 30_000, true), Ok(()));
        assert_eq!(exec_probe(&cat, &p, 35_000, true), Err("cat: can't open '/tmp/healthy': No such file or directory".into()));
        // Files do not wait for the program: the first probe, before it serves, reads them.
        assert_eq!(exec_probe(&cat, &p, 0, false), Ok(()));
        let conf: Vec<String> = ["cat", "/etc/nginx/nginx.conf"].iter().map(|s| s.to_string()).collect();
        assert_eq!(exec_probe(&conf, &p, 0, false), Ok(()));
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        assert_eq!(exec_probe(&words(&["pg_isready"]), &p, 35_000, true), Ok(()));
        assert_eq!(exec_probe(&words(&["pg_isready"]), &p, 0, false), Err("/var/run/postgresql:5432 - no response".into()));
        assert_eq!(
            exec_probe(&words(&["pg_isready", "-h", "localhost", "-U", "app"]), &p, 0, false),
            Err("localhost:5432 - no response".into())
        );
        let redis = words(&["sh", "-c", "redis-cli -p 6380 ping"]);
        assert_eq!(exec_probe(&redis, &p, 0, false), Err("Could not connect to Redis at 127.0.0.1:6380: Connection refused".into()));
        assert_eq!(exec_probe(&words(&["/bin/healthcheck"]), &p, 0, false), Err(String::new()));
    }

    #[test]
    fn images_nobody_knows_run_what_they_are_given() {
        let zk = image("registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10");
        let p = process(&ct(&["sh", "-c", "start-zookeeper --servers=3"], &[]), &zk, &[], 0);
        assert_eq!((p.exit, p.start_error.clone()), (None, None));
        let mut c = ct(&[], &[]);
        c.ports.push(crate::model::pod::ContainerPort { name: String::new(), port: 9898, protocol: "TCP".into() });
        let p = process(&c, &image("ghcr.io/stefanprodan/podinfo:6.5.4"), &[], 0);
        assert_eq!((p.exit, p.ports.to_vec()), (None, vec![9898]));
        let p = process(&ct(&[], &[]), &image("mariadb:11"), &[], 0);
        assert_eq!(p.exit.map(|e| e.1), Some(1));
        assert!(p.log[0].contains("Database is uninitialized"));
        let p = process(&ct(&["sh", "-c", "frobnicate"], &[]), &image("busybox"), &[], 0);
        assert_eq!((p.log.to_vec(), p.exit.map(|e| e.1)), (vec!["sh: frobnicate: not found".to_string()], Some(127)));
    }

    #[test]
    fn tail_follows_and_printenv_prints() {
        assert_eq!(process(&ct(&["tail", "-F", "/dev/null"], &[]), &image("busybox"), &[], 0).exit, None);
        let env = vec![("A".to_string(), "1".to_string())];
        let p = process(&ct(&["printenv", "A"], &[]), &image("debian"), &env, 0);
        assert_eq!((p.exit.map(|e| e.1), p.log.to_vec()), (Some(0), vec!["1".to_string()]));
        let missing = process(&ct(&["printenv", "NOPE"], &[]), &image("debian"), &env, 0);
        assert_eq!(missing.exit.map(|e| e.1), Some(1));
    }
}
