//! What a container's process does once started: which ports it listens on, how long it
//! takes to be ready, whether and when it exits, what it prints. Decided from the image
//! (its default entrypoint and command) and the container's `command`/`args`, the way the
//! container runtime would run them.

use crate::model::pod::Container;
use crate::model::pod_runtime::Process;

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

/// Programs every base image here ships (a busybox/coreutils userland).
const USERLAND: &[&str] = &[
    "sh", "bash", "ash", "sleep", "echo", "printf", "true", "false", "cat", "ls", "env", "printenv", "date", "tail", "yes", "wget", "curl",
    "nslookup", "ping", "top",
];

fn program(argv0: &str) -> &str {
    argv0.rsplit('/').next().unwrap_or(argv0)
}

fn serve(ports: Vec<u16>, startup: Millis, memory: i64, cpu: f64, log: Vec<String>) -> Process {
    Process { exit: None, ports, startup, memory, handles_sigterm: true, log, cpu_per_request: cpu, start_error: None }
}

fn exits(after: Millis, code: i32, log: Vec<String>) -> Process {
    Process {
        exit: Some((after, code)),
        ports: vec![],
        startup: 0,
        memory: 1 << 20,
        handles_sigterm: false,
        log,
        cpu_per_request: 0.0,
        start_error: None,
    }
}

fn forever(log: Vec<String>) -> Process {
    Process { exit: None, ports: vec![], startup: 0, memory: 1 << 20, handles_sigterm: false, log, cpu_per_request: 0.0, start_error: None }
}

/// `sleep 3600`, `sleep 1m`, `sleep infinity`.
fn sleep_time(arg: Option<&String>) -> Option<Millis> {
    let a = arg?;
    if a == "infinity" || a == "inf" {
        return None;
    }
    parse_duration(a).or_else(|| a.parse::<f64>().ok().map(|s| (s * 1000.0) as Millis))
}

/// `$NAME` and `${NAME}` replaced by the variable's value (empty when unset); `$(`
/// (command substitution) and other `$` forms are left as written.
fn shell_vars(script: &str, env: &[(String, String)]) -> String {
    if !script.contains('$') {
        return script.to_string();
    }
    let lookup = |name: &str| env.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(braced) = after.strip_prefix('{') {
            if let Some(end) = braced.find('}').filter(|e| braced[..*e].chars().all(is_name) && *e > 0) {
                out.push_str(lookup(&braced[..end]));
                rest = &braced[end + 1..];
                continue;
            }
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            let end = after.find(|c: char| !is_name(c)).unwrap_or(after.len());
            out.push_str(lookup(&after[..end]));
            rest = &after[end..];
            continue;
        }
        out.push('$');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A small shell: `;`, `&&` and newlines separate statements; `sleep`, `exit`, `echo`,
/// `true`/`false` and endless loops are understood; anything else runs briefly and
/// succeeds.
fn shell_script(script: &str, env: &[(String, String)], started: Millis) -> Process {
    let mut t: Millis = 0;
    let mut log = Vec::new();
    let mut code = 0;
    let lowered = script.replace("&&", ";").replace('\n', ";");
    let endless = ["while true", "while :", "tail -f", "tail -F", "tail --follow", "sleep infinity"];
    if endless.iter().any(|e| lowered.contains(e)) {
        for stmt in lowered.split(';') {
            if let Some(text) = stmt.trim().strip_prefix("echo ") {
                log.push(text.trim_matches(['"', '\'']).to_string());
                break;
            }
        }
        return forever(log);
    }
    for stmt in lowered.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let words: Vec<String> = crate::words::split(stmt).unwrap_or_default();
        match words.first().map(|w| program(w)) {
            Some("exit") => {
                code = words.get(1).and_then(|c| c.parse().ok()).unwrap_or(0);
                return exits(t + 100, code, log);
            }
            Some("sleep") => match sleep_time(words.get(1)) {
                Some(ms) => t += ms,
                None => return forever(log),
            },
            Some("echo") | Some("printf") => {
                log.push(words[1..].join(" "));
                code = 0;
            }
            Some("false") => code = 1,
            Some("env") | Some("printenv") => {
                let (lines, status) = print_env(&words[1..], env);
                log.extend(lines);
                code = status;
            }
            Some("date") => {
                log.push(date_text(started + t));
                code = 0;
            }
            _ => code = 0,
        }
    }
    exits(t + 100, code, log)
}

/// The images' entrypoint scripts (`docker-entrypoint.sh` and kin) that wrap the program.
const ENTRYPOINT_SCRIPTS: &[&str] = &["docker-entrypoint.sh", "entrypoint.sh", "docker-php-entrypoint", "__cacert_entrypoint.sh"];

/// `printenv NAME…` prints each value (status 1 if one is unset); `env` and `printenv`
/// alone print the variables the kubelet set from the pod spec. The variables the
/// runtime and kubelet add (PATH, HOSTNAME, Services' `*_SERVICE_HOST`) are not modelled.
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

/// What busybox's `date` prints: `Sat May 24 04:49:00 UTC 2025`.
fn date_text(at: Millis) -> String {
    // From `Sat, 24 May 2025 04:49:00 +0000`.
    let t = crate::time::rfc1123z(at);
    let w: Vec<&str> = t.split(' ').collect();
    match w.as_slice() {
        [dow, day, mon, year, time, _] => {
            format!("{} {mon} {:>2} {time} UTC {year}", dow.trim_end_matches(','), day.trim_start_matches('0'))
        }
        _ => t,
    }
}

/// The process a container runs, with the environment the kubelet resolved for it,
/// started at `started`.
pub fn process(ct: &Container, image: &ImageConfig, env: &[(String, String)], started: Millis) -> Process {
    // Kubernetes: `command` replaces ENTRYPOINT (and drops CMD); `args` replaces CMD.
    // The kubelet expands `$(VAR)` in the container's command and args (not the image's).
    let expanded = |list: &[String]| -> Vec<String> { list.iter().map(|a| crate::model::env::expand(a, env)).collect() };
    let mut argv: Vec<String> = match (ct.command.is_empty(), ct.args.is_empty()) {
        (false, _) => expanded(&ct.command).into_iter().chain(expanded(&ct.args)).collect(),
        (true, false) => image.entrypoint.iter().cloned().chain(expanded(&ct.args)).collect(),
        (true, true) => image.entrypoint.iter().chain(image.cmd.iter()).cloned().collect(),
    };
    // A shell expands `$VAR` and `${VAR}` in its script from the environment.
    if argv.first().is_some_and(|a| matches!(program(a), "sh" | "bash" | "ash")) {
        if let Some(i) = argv.iter().position(|a| a == "-c") {
            if let Some(script) = argv.get_mut(i + 1) {
                *script = shell_vars(script, env);
            }
        }
    }
    let b = &image.behaviour;
    let mut p = run(&argv, image, env, started);
    if p.start_error.is_none() && p.exit.is_none() {
        if let Some(missing) = b.requires_env.iter().find(|k| !env.iter().any(|(n, v)| n == *k && !v.is_empty())) {
            let _ = missing;
            return exits(SECOND / 2, 1, b.missing_env_log.lines().map(String::from).collect());
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

fn run(argv: &[String], image: &ImageConfig, env: &[(String, String)], started: Millis) -> Process {
    let b = &image.behaviour;
    let Some(first) = argv.first() else {
        // No entrypoint or command at all: the image's own program.
        return default_process(b, image);
    };
    let prog = program(first);
    let args = &argv[1..];
    if ENTRYPOINT_SCRIPTS.contains(&prog) {
        // The official images' entrypoint scripts run the image's program when the first
        // argument is a flag (or there is none) and exec anything else.
        return match args.first() {
            Some(a) if !a.starts_with('-') => run(args, image, env, started),
            _ => default_process(b, image),
        };
    }
    let in_image = |path: &str| image.files.iter().any(|f| f == path || program(f) == program(path));
    match prog {
        "sleep" => match sleep_time(args.first()) {
            Some(ms) => exits(ms, 0, vec![]),
            None => forever(vec![]),
        },
        "sh" | "bash" | "ash" => match args.iter().position(|a| a == "-c") {
            Some(i) => shell_script(args.get(i + 1).map(String::as_str).unwrap_or(""), env, started),
            None => exits(100, 0, vec![]),
        },
        "true" => exits(100, 0, vec![]),
        "false" => exits(100, 1, vec![]),
        "echo" | "printf" => exits(100, 0, vec![args.join(" ")]),
        "date" => exits(300, 0, vec![date_text(started)]),
        "env" | "printenv" => {
            let (lines, code) = print_env(args, env);
            exits(100, code, lines)
        }
        "ls" | "cat" | "nslookup" | "wget" | "curl" | "ping" => exits(300, 0, vec![]),
        "tail" if args.iter().any(|a| a == "-f" || a == "-F" || a == "--follow" || a.starts_with("--follow=")) => forever(vec![]),
        "yes" | "top" => forever(vec![]),
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
                serve(image.exposed.clone(), SECOND, 30 << 20, 2.0, vec![])
            }
        }
        "node" if args.is_empty() => exits(100, 0, vec![]),
        "perl" => perl(args),
        // The image's own program (`nginx: master process …` is how nginx's shows in ps).
        _ if b
            .program
            .split_whitespace()
            .next()
            .map(|p| program(p).trim_end_matches(':'))
            .is_some_and(|p| p == prog || prog.starts_with(p)) =>
        {
            default_process(b, image)
        }
        _ if in_image(first) || USERLAND.contains(&prog) => {
            let mut p = serve(image.exposed.clone(), SECOND, 20 << 20, 1.0, vec![]);
            p.handles_sigterm = true;
            p
        }
        _ => Process { start_error: Some(format!("exec: \"{first}\": executable file not found in $PATH")), ..exits(0, 128, vec![]) },
    }
}

/// `perl [-Mmodule…] [-wl…] -e 'print …'`: prints a quoted string, or the digits of
/// pi that `Math::BigFloat`'s `bpi(N)` gives (the Kubernetes documentation's Job), and
/// exits; anything else runs briefly and succeeds.
fn perl(args: &[String]) -> Process {
    let Some(i) = args.iter().position(|a| a.starts_with('-') && !a.starts_with("-M") && a.ends_with('e')) else {
        return exits(100, 0, vec![]);
    };
    let script = args.get(i + 1).map(String::as_str).unwrap_or("").trim();
    let Some(what) = script.strip_prefix("print").map(str::trim) else { return exits(200, 0, vec![]) };
    if let Some(n) = what.strip_prefix("bpi(").and_then(|r| r.strip_suffix(')')).and_then(|n| n.trim().parse::<usize>().ok()) {
        let n = n.clamp(1, MAX_PI_DIGITS);
        // Math::BigFloat takes a while: about five seconds for 2000 digits.
        let ms = 500 + (n as Millis * n as Millis) / 1000;
        return exits(ms, 0, vec![pi_text(n)]);
    }
    let text = what.trim_end_matches(';').trim().trim_matches(['"', '\'']);
    exits(200, 0, vec![text.to_string()])
}

/// The most digits of pi the simulation writes out.
const MAX_PI_DIGITS: usize = 10_000;

/// Pi to `n` significant digits, rounded, as `bpi(n)` prints it: `3.14159…`.
fn pi_text(n: usize) -> String {
    let digits = pi_digits(n + 10);
    let mut kept: Vec<u8> = digits[..n].to_vec();
    if digits[n] >= 5 {
        for d in kept.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                break;
            }
        }
    }
    let mut s = String::with_capacity(n + 1);
    for (i, d) in kept.iter().enumerate() {
        if i == 1 {
            s.push('.');
        }
        s.push(char::from(b'0' + d));
    }
    s
}

/// The first `n` decimal digits of pi (3, 1, 4, 1, 5, …), by Rabinowitz and Wagon's
/// spigot. Kept once computed: a parallel Job's pods all ask for the same digits.
fn pi_digits(n: usize) -> Vec<u8> {
    thread_local! {
        static KEPT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(d) = KEPT.with(|k| (k.borrow().len() >= n).then(|| k.borrow()[..n].to_vec())) {
        return d;
    }
    let len = n * 10 / 3 + 2;
    let mut a = vec![2u64; len + 1];
    let mut out: Vec<u8> = Vec::with_capacity(n + 2);
    let (mut nines, mut predigit) = (0usize, None::<u8>);
    while out.len() + nines < n + 1 {
        let mut q: u64 = 0;
        for i in (1..=len as u64).rev() {
            let x = 10 * a[i as usize] + q * i;
            a[i as usize] = x % (2 * i - 1);
            q = x / (2 * i - 1);
        }
        a[1] = q % 10;
        q /= 10;
        match q {
            9 => nines += 1,
            10 => {
                out.push(predigit.map_or(1, |p| p + 1));
                out.extend(std::iter::repeat_n(0, nines));
                predigit = Some(0);
                nines = 0;
            }
            d => {
                if let Some(p) = predigit {
                    out.push(p);
                }
                out.extend(std::iter::repeat_n(9, nines));
                predigit = Some(d as u8);
                nines = 0;
            }
        }
    }
    if let Some(p) = predigit {
        out.push(p);
    }
    out.truncate(n);
    KEPT.with(|k| {
        if k.borrow().len() < out.len() {
            *k.borrow_mut() = out.clone();
        }
    });
    out
}

fn default_process(b: &Behaviour, image: &ImageConfig) -> Process {
    match b.exits {
        Some(code) => exits(100, code, vec![]),
        None => {
            let mut ports: Vec<u16> = b.ports.to_vec();
            ports.extend(image.exposed.iter().filter(|p| !b.ports.contains(p)));
            serve(ports, b.startup, b.memory, b.cpu_per_request, vec![])
        }
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
            ports: vec![],
            env: vec![],
            env_from: vec![],
            mounts: vec![],
            cpu_request_m: None,
            mem_request: None,
            cpu_limit_m: None,
            mem_limit: None,
            sidecar: false,
            readiness: None,
            liveness: None,
        }
    }

    fn image(name: &str) -> ImageConfig {
        let e = crate::registry::lookup(&crate::registry::ImageRef::parse(name).unwrap()).unwrap();
        let entrypoint = crate::registry::entrypoint(e).iter().map(|w| w.to_string()).collect();
        ImageConfig { entrypoint, cmd: vec![], exposed: vec![], files: vec![], workdir: "/".into(), behaviour: e.behaviour.clone() }
    }

    #[test]
    fn date_prints_the_time_the_script_reaches_it() {
        let p = process(
            &ct(&["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"], &[]),
            &image("busybox:1.28"),
            &[],
            crate::time::BOOT + 60_000,
        );
        assert_eq!(p.log, ["Sat May 24 04:49:00 UTC 2025", "Hello from the Kubernetes cluster"]);
        let p = process(&ct(&["sh", "-c", "sleep 10; date"], &[]), &image("busybox"), &[], crate::time::BOOT + 8 * 86_400_000);
        assert_eq!(p.log, ["Sun Jun  1 04:48:10 UTC 2025"]);
    }

    #[test]
    fn the_documentations_pi_job_prints_two_thousand_digits() {
        let args: Vec<String> = ["-Mbignum=bpi", "-wle", "print bpi(2000)"].iter().map(|s| s.to_string()).collect();
        let p = perl(&args);
        assert_eq!(p.exit.map(|e| e.1), Some(0));
        let line = &p.log[0];
        assert!(line.starts_with("3.14159265358979323846264338327950288419716939937510"), "{line}");
        assert_eq!(line.len(), 2001, "2000 significant digits and the point");
        // The Feynman point: six nines from the 762nd decimal.
        assert_eq!(&line[763..769], "999999");
        assert_eq!(pi_text(5), "3.1416", "rounded, not cut");
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
        assert_eq!(process(&ct(&["sh", "-c", "sleep 5; exit 1"], &[]), &image("busybox"), &[], 0).exit, Some((5_100, 1)));
        assert_eq!(process(&ct(&["sh", "-c", "while true; do echo hi; sleep 1; done"], &[]), &image("busybox"), &[], 0).exit, None);
        assert_eq!(process(&ct(&["/bin/sh"], &["-c", "exit 3"]), &image("busybox"), &[], 0).exit.map(|e| e.1), Some(3));
    }

    #[test]
    fn nginx_serves_on_80() {
        let p = process(&ct(&[], &[]), &image("nginx:1.27"), &[], 0);
        assert_eq!(p.exit, None);
        assert_eq!(p.ports, vec![80]);
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
        assert_eq!(process(&ct(&["java", "-jar", "/app.jar"], &[]), &img, &[], 0).ports, vec![8080]);
        let p = process(&ct(&["java", "-jar", "/app-jar"], &[]), &img, &[], 0);
        assert_eq!(p.exit.map(|e| e.1), Some(1));
        assert_eq!(p.log, vec!["Error: Unable to access jarfile /app-jar".to_string()]);
    }

    #[test]
    fn the_environment_reaches_commands_and_shell_scripts() {
        let env = vec![("LEVEL".to_string(), "debug".to_string())];
        let p = process(&ct(&["sh", "-c", "echo level=$LEVEL ${LEVEL} $(LEVEL) $MISSING. ; sleep 3600"], &[]), &image("busybox"), &env, 0);
        assert_eq!(p.log, vec!["level=debug debug debug ."]);
        let p = process(&ct(&["echo"], &["$(LEVEL)", "$$(LEVEL)"]), &image("busybox"), &env, 0);
        assert_eq!(p.log, vec!["debug $(LEVEL)"]);
    }

    #[test]
    fn args_follow_the_images_entrypoint() {
        let echo = process(&ct(&[], &["-text=hello"]), &image("hashicorp/http-echo"), &[], 0);
        assert_eq!((echo.exit, echo.ports.clone()), (None, vec![5678]), "{echo:?}");
        let redis = process(&ct(&[], &["--appendonly", "yes"]), &image("redis:7"), &[], 0);
        assert_eq!((redis.exit, redis.ports.clone()), (None, vec![6379]));
        let nginx = process(&ct(&[], &["nginx", "-g", "daemon off;"]), &image("nginx:1.27"), &[], 0);
        assert_eq!((nginx.exit, nginx.start_error.clone()), (None, None));
        let shell = process(&ct(&[], &["sh", "-c", "exit 3"]), &image("redis:7"), &[], 0);
        assert_eq!(shell.exit.map(|e| e.1), Some(3), "the entrypoint script execs anything else");
    }

    #[test]
    fn tail_follows_and_printenv_prints() {
        assert_eq!(process(&ct(&["tail", "-F", "/dev/null"], &[]), &image("busybox"), &[], 0).exit, None);
        let env = vec![("A".to_string(), "1".to_string())];
        let p = process(&ct(&["printenv", "A"], &[]), &image("debian"), &env, 0);
        assert_eq!((p.exit.map(|e| e.1), p.log.clone()), (Some(0), vec!["1".to_string()]));
        let missing = process(&ct(&["printenv", "NOPE"], &[]), &image("debian"), &env, 0);
        assert_eq!(missing.exit.map(|e| e.1), Some(1));
    }
}
