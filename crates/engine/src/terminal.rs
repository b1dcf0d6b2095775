//! The terminal `kubectl exec -it POD -- sh` opens: an interactive shell in one container,
//! driven a line at a time. It prints the prompt the image's shell prints, keeps the
//! history (Up/Down), takes Ctrl+C (`^C`) and Ctrl+D, and ends on `exit [N]` or when
//! its pod goes. Each command line runs as the `kubectl exec POD -c C -- sh -c 'LINE'`
//! that does the same on a real cluster, so a line that connects is recorded as any
//! exec is, and the session itself is only what a terminal shows: its screen.
//! The page's console and scripts drive it the same way (`Terminal::input`, then
//! `Terminal::after` on the output of the line it asks to run).

use crate::kubectl::exec::{shell_target, KEEPS_RUNNING};
use crate::kubectl::Output;
use crate::model::pod::ContainerState;
use crate::world::World;

/// Which shells an image has, and how their prompts look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Userland {
    /// busybox (busybox, alpine and the images built on them): `sh` and `ash` are
    /// busybox's ash, whose prompt is `\w # ` for root; no bash.
    Busybox,
    /// Debian and Ubuntu (most official images): `sh` is dash (`# `), `bash` prints
    /// Debian's `\u@\h:\w\$ `.
    Debian,
    /// The Red Hat family: `sh` is bash in POSIX mode (`sh-5.1# `), `bash` prints
    /// `[\u@\h \W]\$ `.
    RedHat,
    /// Scratch and distroless images: no shell at all.
    NoShell,
}

/// The image families with no shell, by repository name.
const NO_SHELL: &[&str] = &["pause", "whoami", "http-echo", "metrics-server", "coredns", "hello-world", "hello-app"];
/// Images built on alpine or busybox whatever their tag.
const ON_ALPINE: &[&str] = &["busybox", "alpine", "cirros", "docker", "traefik", "controller", "hello", "curl", "agnhost"];
/// Red Hat family distributions (and images built on them: mysql on Oracle Linux).
const RED_HAT: &[&str] =
    &["centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "photon", "mysql", "percona", "amazoncorretto"];

/// The userland of `image`.
pub fn userland(image: &str) -> Userland {
    let Ok(r) = crate::registry::ImageRef::parse(image) else { return Userland::Debian };
    let name = r.path.rsplit('/').next().unwrap_or(&r.path);
    if r.path.contains("distroless") || NO_SHELL.contains(&name) {
        Userland::NoShell
    } else if r.tag.contains("alpine") || r.tag.contains("busybox") || ON_ALPINE.contains(&name) {
        Userland::Busybox
    } else if RED_HAT.contains(&name) {
        Userland::RedHat
    } else {
        Userland::Debian
    }
}

fn program(argv0: &str) -> &str {
    argv0.rsplit('/').next().unwrap_or(argv0)
}

/// What a line typed into the terminal asks the caller to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Run this kubectl line, then hand its output to `Terminal::after`.
    Run(String),
    /// Nothing to run: the screen already shows what happened.
    Shown,
    /// The session ended: kubectl's last words (an exit code) are on the screen and here.
    End(Output),
}

/// An open interactive shell in a container.
#[derive(Clone, Debug, PartialEq)]
pub struct Terminal {
    pub namespace: String,
    pub pod: String,
    uid: String,
    pub container: String,
    /// The shell as asked for (`sh`, `/bin/bash`).
    shell: String,
    userland: Userland,
    /// `-t`: without a terminal the shell prints no prompt.
    tty: bool,
    cwd: String,
    /// Where the shell started (the image's working directory).
    start: String,
    /// Variables the session exported: they precede every line it runs.
    exports: Vec<(String, String)>,
    history: Vec<String>,
    /// The history entry Up/Down shows, counted from the newest.
    browsing: Option<usize>,
    /// `$?`: the last command's status.
    status: i32,
    /// A command that has not ended (`sleep infinity`, `tail -f`): Ctrl+C stops it.
    running: Option<String>,
    /// Everything the terminal shows, from kubectl's first line to the current prompt.
    screen: String,
    /// Set for the shell `kubectl run -i` started as the container's own process.
    run: Option<Run>,
}

/// A `kubectl run -i … -- sh` session: kubectl attaches once the container runs, and
/// deletes the pod when it ends if `--rm` was given.
#[derive(Clone, Debug, PartialEq)]
struct Run {
    remove: bool,
    restart_always: bool,
    /// Opened by `kubectl attach` (or for a debug container): no pod to remove, no exit
    /// code to wait for.
    attach: bool,
    /// The container is an ephemeral (debug) one, never restarted.
    ephemeral: bool,
    /// Not attached yet: the pod's container has not started.
    waiting: bool,
    /// The shell's exit code once it exited.
    exited: Option<i32>,
}

/// Whether `line` is a kubectl exec of an interactive shell. `None`: it is not; `Err`:
/// kubectl's (or the runtime's) error in place of a session.
pub fn open(c: &World, line: &str) -> Option<Result<Terminal, Output>> {
    let words = crate::words::split(line).ok()?;
    let at = match words.first().map(String::as_str) {
        Some("kubectl" | "k") => 1,
        _ => return None,
    };
    if words.get(at).map(String::as_str) == Some("attach") {
        return attach(c, &words[at + 1..]);
    }
    if words.get(at).map(String::as_str) != Some("exec") {
        return None;
    }
    let t = match shell_target(c, &words[at + 1..])? {
        Ok(t) => t,
        Err(out) => return Some(Err(out)),
    };
    let userland = userland(&t.image);
    let shell = program(&t.shell);
    let has = match userland {
        Userland::Busybox => matches!(shell, "sh" | "ash"),
        Userland::Debian => matches!(shell, "sh" | "dash" | "bash"),
        Userland::RedHat => matches!(shell, "sh" | "bash"),
        Userland::NoShell => false,
    };
    if !has {
        // runc's words: a name is looked up in $PATH, a path is stat'ed.
        let why = if t.shell.starts_with('/') {
            format!("exec: \"{0}\": stat {0}: no such file or directory", t.shell)
        } else {
            format!("exec: \"{}\": executable file not found in $PATH", t.shell)
        };
        let mut out = t.out;
        out.stdout.push_str(&format!("OCI runtime exec failed: exec failed: unable to start container process: {why}: unknown\n"));
        out.stderr.push_str("command terminated with exit code 126\n");
        out.code = 126;
        return Some(Err(out));
    }
    // redis and golang set a WORKDIR; the others start in /.
    let image_name = crate::registry::ImageRef::parse(&t.image).map(|r| r.path).unwrap_or_default();
    let cwd = match image_name.rsplit('/').next().unwrap_or("") {
        "redis" | "valkey" => "/data".to_string(),
        "golang" => "/go".to_string(),
        _ if t.workdir.is_empty() => "/".to_string(),
        _ => t.workdir.clone(),
    };
    let mut term = Terminal {
        namespace: t.namespace,
        pod: t.pod,
        uid: t.uid,
        container: t.container,
        shell: t.shell,
        userland,
        tty: t.tty,
        start: cwd.clone(),
        cwd,
        exports: vec![],
        history: vec![],
        browsing: None,
        status: 0,
        running: None,
        screen: t.out.text(),
        run: None,
    };
    let prompt = term.prompt();
    term.screen.push_str(&prompt);
    Some(Ok(term))
}

/// `kubectl attach -i` to a container running a shell on its open stdin (`kubectl run
/// -it`'s pod after its session ended, a debug container).
fn attach(c: &World, rest: &[String]) -> Option<Result<Terminal, Output>> {
    let (t, out) = match crate::kubectl::attach::shell_target(c, rest)? {
        Ok(found) => found,
        Err(out) => return Some(Err(out)),
    };
    let cwd = "/".to_string();
    let mut term = Terminal {
        namespace: t.namespace,
        pod: t.pod,
        uid: t.uid,
        container: t.container,
        shell: t.shell.unwrap_or_else(|| "sh".into()),
        userland: userland(&t.image),
        tty: t.tty,
        start: cwd.clone(),
        cwd,
        exports: vec![],
        history: vec![],
        browsing: None,
        status: 0,
        running: None,
        screen: out.text(),
        run: Some(Run {
            remove: false,
            restart_always: t.restart_always,
            attach: true,
            ephemeral: t.ephemeral,
            waiting: false,
            exited: None,
        }),
    };
    let prompt = term.prompt();
    term.screen.push_str(&prompt);
    Some(Ok(term))
}

/// Whether `line` is a `kubectl run -i` of a shell: it runs as any line (it creates
/// the pod), then `after_run` opens its terminal.
pub fn runs_attached(line: &str) -> bool {
    attached_run(line).is_some() || attached_debug(line).is_some()
}

fn attached_debug(line: &str) -> Option<(String, String, Option<String>, bool)> {
    let words = crate::words::split(line).ok()?;
    if !matches!(words.first().map(String::as_str), Some("kubectl" | "k")) || words.get(1).map(String::as_str) != Some("debug") {
        return None;
    }
    crate::kubectl::debug::attached_target(&words[2..])
}

/// The sentence kubectl's attach prints where this console had no terminal.
const NO_TERMINAL: &str = "kubeplay: this console does not attach a terminal";

/// The terminal of a `kubectl debug POD -it` line that just ran (`out`, its output): its
/// ephemeral container's shell, the debug's lines at the top of the screen. `None` when
/// the container does not run a shell on its stdin (the debug's own output stands).
pub fn after_debug(c: &World, line: &str, out: &Output) -> Option<Terminal> {
    let (ns, pod, container, tty) = attached_debug(line)?;
    if out.code != 0 {
        return None;
    }
    let name = match container {
        Some(n) => n,
        None => {
            out.stdout.lines().find_map(|l| l.strip_prefix("Defaulting debug container name to ")?.strip_suffix('.').map(String::from))?
        }
    };
    let mut rest = vec![pod, "-n".into(), ns, "-c".into(), name, "-i".into(), "-q".into()];
    if tty {
        rest.push("-t".into());
    }
    let mut term = attach(c, &rest)?.ok()?;
    // kubectl's lines before the prompt: the debug's own, without this console's sentence.
    let mut shown = out.clone();
    shown.stderr = shown.stderr.lines().filter(|l| !l.starts_with(NO_TERMINAL)).map(|l| format!("{l}\n")).collect();
    term.screen = format!("{}{}", shown.text(), term.screen);
    Some(term)
}

fn attached_run(line: &str) -> Option<crate::kubectl::run::Attached> {
    let words = crate::words::split(line).ok()?;
    if !matches!(words.first().map(String::as_str), Some("kubectl" | "k")) || words.get(1).map(String::as_str) != Some("run") {
        return None;
    }
    crate::kubectl::run::attached(&words[2..])
}

/// The terminal of a `kubectl run -i … -- sh` line that just ran: it attaches once the
/// pod's container runs (`poll`). `None` when the line is not one, or made no pod.
pub fn after_run(c: &World, line: &str) -> Option<Terminal> {
    let a = attached_run(line)?;
    let pod = c.store.pod_id(&a.namespace, &a.pod).and_then(|id| c.store.pod(id))?;
    let image_name = crate::registry::ImageRef::parse(&a.image).map(|r| r.path).unwrap_or_default();
    let cwd = match image_name.rsplit('/').next().unwrap_or("") {
        "redis" | "valkey" => "/data",
        "golang" => "/go",
        _ => "/",
    }
    .to_string();
    Some(Terminal {
        namespace: a.namespace,
        uid: pod.meta.uid.clone(),
        container: a.pod.clone(),
        pod: a.pod,
        userland: userland(&a.image),
        shell: a.shell,
        tty: a.tty,
        start: cwd.clone(),
        cwd,
        exports: vec![],
        history: vec![],
        browsing: None,
        status: 0,
        running: None,
        screen: String::new(),
        run: Some(Run { remove: a.remove, restart_always: a.restart_always, attach: false, ephemeral: false, waiting: true, exited: None }),
    })
}

/// `text` quoted for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

impl Terminal {
    /// What the terminal shows: kubectl's lines, every prompt, line and output.
    pub fn screen(&self) -> &str {
        &self.screen
    }

    /// Which container the terminal is in: `POD/CONTAINER` (and the namespace when not
    /// `default`).
    pub fn label(&self) -> String {
        match self.namespace.as_str() {
            "default" => format!("{}/{}", self.pod, self.container),
            ns => format!("{ns}/{}/{}", self.pod, self.container),
        }
    }

    /// The screen without the prompt it ends with (which a page shows by its input).
    pub fn screen_above(&self) -> &str {
        let prompt = self.prompt();
        match self.running {
            None => self.screen.strip_suffix(prompt.as_str()).unwrap_or(&self.screen),
            Some(_) => &self.screen,
        }
    }

    /// Whether a command runs (no prompt until it ends or Ctrl+C stops it).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    fn bash(&self) -> bool {
        program(&self.shell) == "bash"
    }

    /// The prompt the shell prints now.
    pub fn prompt(&self) -> String {
        if !self.tty {
            return String::new();
        }
        let host = self.pod.split('.').next().unwrap_or(&self.pod);
        let dir = if self.cwd == "/root" {
            "~".to_string()
        } else if let Some(under) = self.cwd.strip_prefix("/root/") {
            format!("~/{under}")
        } else {
            self.cwd.clone()
        };
        match (self.userland, self.bash()) {
            (Userland::Debian, true) => format!("root@{host}:{dir}# "),
            (Userland::RedHat, true) => {
                let base = if dir == "/" || dir == "~" { dir.clone() } else { program(&dir).to_string() };
                format!("[root@{host} {base}]# ")
            }
            (Userland::RedHat, false) => "sh-5.1# ".to_string(),
            (Userland::Busybox, _) => format!("{dir} # "),
            _ => "# ".to_string(),
        }
    }

    /// The previous line of the history (Up); `None` past the oldest.
    pub fn up(&mut self) -> Option<String> {
        let next = self.browsing.map_or(0, |i| i + 1);
        let line = self.history.iter().rev().nth(next)?.clone();
        self.browsing = Some(next);
        Some(line)
    }

    /// The next line of the history (Down); an empty line past the newest.
    pub fn down(&mut self) -> String {
        match self.browsing {
            Some(0) | None => {
                self.browsing = None;
                String::new()
            }
            Some(i) => {
                self.browsing = Some(i - 1);
                self.history.iter().rev().nth(i - 1).cloned().unwrap_or_default()
            }
        }
    }

    /// Ctrl+C: the running command stops (status 130); at a prompt, the line typed so far
    /// (`typed`) is dropped.
    pub fn interrupt(&mut self, typed: &str) {
        self.browsing = None;
        self.running = None;
        self.status = 130;
        self.screen.push_str(typed);
        self.screen.push_str("^C\n");
        let prompt = self.prompt();
        self.screen.push_str(&prompt);
    }

    /// Ctrl+D at a prompt: the shell reads the end of its input and exits with `$?`.
    pub fn end_of_input(&mut self) -> Output {
        if self.running.is_some() {
            // The running command reads its input, not the shell.
            return Output::default();
        }
        // bash says `exit` right after its prompt; the others leave the line.
        if !self.bash() {
            self.screen.push('\n');
        }
        self.leave(self.status)
    }

    /// The shell exits with `code`: bash says `exit`; kubectl reports a non-zero code.
    fn leave(&mut self, code: i32) -> Output {
        let mut out = Output::default();
        if self.bash() {
            out.stdout.push_str("exit\n");
        }
        if let Some(run) = self.run.as_mut() {
            // The shell was the container's process: kubectl reports its end after the
            // pod's removal (`closed`).
            run.exited = Some(code);
        } else if code != 0 {
            out.stderr.push_str(&format!("command terminated with exit code {code}\n"));
            out.code = code;
        }
        self.screen.push_str(&out.text());
        out
    }

    /// Whether kubectl still waits for the container to run before attaching.
    pub fn is_waiting(&self) -> bool {
        self.run.as_ref().is_some_and(|r| r.waiting)
    }

    /// The kubectl line that ends a `kubectl run --rm` session (the pod's deletion); its
    /// output goes to `closed`.
    pub fn closing_line(&self) -> Option<String> {
        let run = self.run.as_ref().filter(|r| r.remove)?;
        run.exited?;
        let ns = if self.namespace == "default" { String::new() } else { format!(" -n {}", self.namespace) };
        Some(format!("kubectl delete pod {}{ns} --wait=false", self.pod))
    }

    /// kubectl's last lines of a `kubectl run -i` session (`pkg/cmd/run`): attach's
    /// note for a pod that restarts its shell, the deletion's output (`--rm`, deferred
    /// to the end), and for `--restart=Never|OnFailure` a failed exit as its error.
    pub fn closed(&mut self, deleted: Option<Output>) -> Output {
        let Some(run) = self.run.clone() else { return Output::default() };
        let mut out = Output::default();
        if run.restart_always && self.tty && run.ephemeral {
            out.stdout.push_str(&format!(
                "Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach {} -c {} -i -t' if it is still running\n",
                self.pod, self.container
            ));
        } else if run.restart_always && self.tty {
            out.stdout.push_str(&format!(
                "Session ended, resume using 'kubectl attach {} -c {} -i -t' command when the pod is running\n",
                self.pod, self.container
            ));
        }
        if let Some(d) = deleted {
            out.stdout.push_str(&d.text());
        }
        let code = run.exited.unwrap_or(0);
        if !run.attach && !run.restart_always && code != 0 {
            out.stderr.push_str(&format!("pod {}/{} terminated (Error)\n", self.namespace, self.pod));
            out.code = code;
        }
        self.screen.push_str(&out.text());
        out
    }

    /// What changed with the container: a `kubectl run -i` terminal attaches once it
    /// runs; any terminal ends when it goes (`Some`: kubectl's last words).
    pub fn poll(&mut self, c: &World) -> Option<Output> {
        if !self.is_waiting() {
            return self.gone(c);
        }
        let pod = c.store.pod_id(&self.namespace, &self.pod).and_then(|id| c.store.pod(id)).filter(|p| p.meta.uid == self.uid);
        let Some(pod) = pod else {
            let out = Output::err(format!("error: pods \"{}\" not found", self.pod));
            self.screen.push_str(&out.text());
            return Some(out);
        };
        let state = pod.spec.containers.iter().zip(&pod.status.statuses).find(|(ct, _)| ct.name == self.container).map(|(_, s)| &s.state);
        if matches!(state, Some(ContainerState::Running { .. })) {
            if let Some(run) = self.run.as_mut() {
                run.waiting = false;
            }
            if self.tty {
                self.screen.push_str("If you don't see a command prompt, try pressing enter.\n");
            }
            let prompt = self.prompt();
            self.screen.push_str(&prompt);
        }
        None
    }

    /// A typed line (or `^C` / `^D`, as a script writes the keys).
    pub fn input(&mut self, line: &str) -> Step {
        match line.trim() {
            "^C" => {
                self.interrupt("");
                return Step::Shown;
            }
            "^D" => {
                let out = self.end_of_input();
                return if self.running.is_some() { Step::Shown } else { Step::End(out) };
            }
            _ => {}
        }
        self.browsing = None;
        if self.is_waiting() {
            // Nothing reads the terminal before kubectl attaches.
            return Step::Shown;
        }
        self.screen.push_str(line);
        self.screen.push('\n');
        if self.running.is_some() {
            // Typed ahead into the running command, which does not read it.
            return Step::Shown;
        }
        let text = line.trim();
        if text.is_empty() {
            let prompt = self.prompt();
            self.screen.push_str(&prompt);
            return Step::Shown;
        }
        self.history.push(text.to_string());
        let words = match crate::words::split(text) {
            Ok(w) => w,
            Err(e) => {
                let shell = program(&self.shell).to_string();
                self.screen.push_str(&format!("{shell}: syntax error: {e}\n"));
                self.status = 2;
                let prompt = self.prompt();
                self.screen.push_str(&prompt);
                return Step::Shown;
            }
        };
        let simple = !text.contains([';', '&', '|', '>', '<', '$', '`']);
        match words.first().map(String::as_str) {
            Some("exit" | "logout") if simple => {
                let code = match words.get(1) {
                    Some(n) => n.parse::<i32>().map(|n| n.rem_euclid(256)).unwrap_or(2),
                    None => self.status,
                };
                return Step::End(self.leave(code));
            }
            Some("cd") if simple => {
                let to = match words.get(1).map(String::as_str) {
                    None | Some("~") => "/root".to_string(),
                    Some(d) if d.starts_with('/') => d.to_string(),
                    Some(d) => format!("{}/{d}", self.cwd.trim_end_matches('/')),
                };
                self.cwd = normalize(&to);
                self.status = 0;
                let prompt = self.prompt();
                self.screen.push_str(&prompt);
                return Step::Shown;
            }
            Some("export") if simple && words.len() > 1 => {
                for w in &words[1..] {
                    if let Some((k, v)) = w.split_once('=') {
                        self.exports.retain(|(n, _)| n != k);
                        self.exports.push((k.to_string(), v.to_string()));
                    }
                }
                self.status = 0;
                let prompt = self.prompt();
                self.screen.push_str(&prompt);
                return Step::Shown;
            }
            _ => {}
        }
        let mut script = if self.cwd == self.start { String::new() } else { format!("cd {}; ", quote(&self.cwd)) };
        script += &self.exports.iter().map(|(k, v)| format!("export {k}={}; ", quote(v))).collect::<String>();
        script.push_str(text);
        let ns = if self.namespace == "default" { String::new() } else { format!(" -n {}", self.namespace) };
        // On a terminal the line's output goes to one (`ls` in columns).
        let tty = if self.tty { "-it " } else { "" };
        Step::Run(format!("kubectl exec {tty}{}{ns} -c {} -- {} -c {}", self.pod, self.container, self.shell, quote(&script)))
    }

    /// The output of the line `input` asked to run, as the terminal shows it: the
    /// shell's own output, then the next prompt (none while the command runs on).
    pub fn after(&mut self, mut out: Output) -> Output {
        if out.stderr.contains(KEEPS_RUNNING) {
            self.running = self.history.last().cloned();
            out.stderr = String::new();
            out.code = 0;
            self.screen.push_str(&out.text());
            return out;
        }
        // Inside the shell a failing command only sets `$?`.
        let mut status = out.code;
        out.stderr = out
            .stderr
            .lines()
            .filter(|l| match l.strip_prefix("command terminated with exit code ") {
                Some(n) => {
                    status = n.parse().unwrap_or(status);
                    false
                }
                None => true,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        self.status = status;
        out.code = 0;
        // The line ran as `bash -c`; typed at bash's prompt its errors name no line.
        if self.bash() {
            out.stdout = out.stdout.replace("bash: line 1: ", "bash: ");
            out.stderr = out.stderr.replace("bash: line 1: ", "bash: ");
        }
        self.screen.push_str(&out.text());
        let prompt = self.prompt();
        self.screen.push_str(&prompt);
        out
    }

    /// kubectl's end of the session when its container is gone: the runtime kills the
    /// shell with the container (SIGKILL, 137). `None` while the container runs.
    pub fn gone(&mut self, c: &World) -> Option<Output> {
        let pod = c.store.pod_id(&self.namespace, &self.pod).and_then(|id| c.store.pod(id)).filter(|p| p.meta.uid == self.uid);
        let running = pod.is_some_and(|p| {
            let all = p
                .spec
                .containers
                .iter()
                .zip(&p.status.statuses)
                .chain(p.spec.ephemeral_containers.iter().zip(&p.status.ephemeral_statuses));
            all.clone().any(|(ct, s)| ct.name == self.container && matches!(s.state, ContainerState::Running { .. }))
        });
        if running {
            return None;
        }
        let out = Output { stderr: "command terminated with exit code 137\n".into(), code: 137, ..Output::default() };
        self.screen.push('\n');
        self.screen.push_str(&out.text());
        Some(out)
    }
}

/// `/a/b/../c/.` → `/a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_have_the_shells_their_base_has() {
        assert_eq!(userland("busybox"), Userland::Busybox);
        assert_eq!(userland("nginx:alpine"), Userland::Busybox);
        assert_eq!(userland("nginx"), Userland::Debian);
        assert_eq!(userland("rockylinux:9"), Userland::RedHat);
        assert_eq!(userland("gcr.io/distroless/static-debian12"), Userland::NoShell);
        assert_eq!(userland("registry.k8s.io/pause:3.10"), Userland::NoShell);
    }

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize("/a/b/../c/."), "/a/c");
        assert_eq!(normalize("/.."), "/");
    }

    #[test]
    fn quoting_survives_the_shell_split() {
        let q = quote("echo 'it''s' \"x\"");
        assert_eq!(crate::words::split(&q).unwrap(), vec!["echo 'it''s' \"x\"".to_string()]);
    }
}

#[cfg(test)]
mod session {
    use super::*;
    use crate::files::NoFiles;
    use crate::{Cluster, Preset};

    fn running_box() -> Cluster {
        let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
        c.run("kubectl run box --image=busybox -- sleep 3600", &NoFiles);
        c.run("sleep 30s", &NoFiles);
        c
    }

    #[test]
    fn lines_run_in_the_container_and_history_comes_back() {
        let mut c = running_box();
        let mut t = open(&c, "kubectl exec -it box -- sh").expect("an exec").expect("a session");
        assert_eq!(t.screen(), "/ # ");
        let Step::Run(line) = t.input("hostname") else { panic!("hostname runs") };
        assert_eq!(line, "kubectl exec -it box -c box -- sh -c 'hostname'");
        let out = c.run(&line, &NoFiles);
        t.after(out);
        assert_eq!(t.screen(), "/ # hostname\nbox\n/ # ");
        assert_eq!(t.input("cd /tmp"), Step::Shown);
        assert_eq!(t.up().as_deref(), Some("cd /tmp"));
        assert_eq!(t.up().as_deref(), Some("hostname"));
        assert_eq!(t.up(), None);
        assert_eq!(t.down(), "cd /tmp");
        assert_eq!(t.down(), "");
        t.interrupt("ech");
        assert!(t.screen().ends_with("/tmp # ech^C\n/tmp # "), "{}", t.screen());
        let Step::End(out) = t.input("exit 4") else { panic!("exit ends the session") };
        assert_eq!((out.code, out.stderr.as_str()), (4, "command terminated with exit code 4\n"));
    }

    #[test]
    fn the_session_ends_when_its_pod_is_deleted() {
        let mut c = running_box();
        let mut t = open(&c, "kubectl exec -it box -- sh").expect("an exec").expect("a session");
        assert!(t.gone(&c).is_none());
        c.run("kubectl delete pod box --now", &NoFiles);
        c.run("sleep 10s", &NoFiles);
        let out = t.gone(&c).expect("the pod is gone");
        assert_eq!((out.code, out.stderr.as_str()), (137, "command terminated with exit code 137\n"));
    }
}
