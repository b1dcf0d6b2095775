//! `kubectl get -w` in the page's console: a live table. A script's watch lets simulated
//! time run until the cluster is quiet; on the page the clock is the page's, so the watch
//! stays open and each change the cluster makes (a pod killed in the drawing, a rollout
//! played on) adds its row under the table, as a terminal's watch does, until Ctrl+C or
//! the next typed line. The rows are the engine's (`kubectl::watch::Watch::poll`). A
//! `kubectl rollout status` that waits is followed the same way: each new line of its
//! progress, until the rollout is over; and `kubectl logs -f`: each line the container
//! writes, until its process ends. A redirected one (`> FILE`) writes its later lines
//! into the file, after the first ones.

use crate::state::{Follow, LiveWatch, Page};
use crate::tabs::PageFiles;
use engine::kubectl::{Output, Wait};
use leptos::prelude::*;

impl Page {
    /// Keeps a watch or a rollout's wait that `out` asks for open (any other output is
    /// left as it is).
    pub fn start_watch(&self, line: &str, out: &Output) {
        let (since, follow) = self.sim.read_untracked(|c| {
            let follow = match &out.wait {
                Some(Wait::Watch(w)) => Some(Follow::Watch((**w).clone())),
                Some(Wait::Logs(f)) => Some(Follow::Logs((**f).clone())),
                Some(w @ (Wait::Rollout(..) | Wait::DaemonSetRollout(..) | Wait::StatefulSetRollout(..) | Wait::Timed(..))) => {
                    c.rollout_progress(w).filter(|(_, done)| done.is_none()).map(|(last, _)| Follow::Rollout(w.clone(), last))
                }
                _ => None,
            };
            (c.now(), follow)
        });
        if let Some(follow) = follow {
            self.watch.set(Some(LiveWatch { line: line.to_string(), follow, since }));
        }
    }

    /// What changed since the last look, under the console's log: a watch's rows, a
    /// rollout's new line. A watch with `--request-timeout` ends once that much simulated
    /// time has passed; a rollout's wait once it is over (or its object gone).
    pub fn poll_watch(&self) {
        let Some(mut live) = self.watch.get_untracked() else { return };
        let now = self.sim.read_untracked(|c| c.now());
        let (rows, ended) = match &mut live.follow {
            Follow::Watch(w) => {
                let rows = self.sim.read_untracked(|c| w.poll(c));
                (rows, w.timeout.is_some_and(|t| now.saturating_sub(live.since) >= t))
            }
            Follow::Logs(f) => self.sim.read_untracked(|c| f.poll(c)),
            Follow::Rollout(wait, last) => match self.sim.read_untracked(|c| c.rollout_progress(wait)) {
                Some((line, done)) => {
                    let mut rows = if line != *last { format!("{line}\n") } else { String::new() };
                    *last = line;
                    // `--timeout` of simulated time without the rollout's end: kubectl gives up.
                    let timed_out = matches!(wait, Wait::Timed(_, t) if done.is_none() && now.saturating_sub(live.since) >= *t);
                    if timed_out {
                        rows.push_str(engine::TIMED_OUT);
                    }
                    (rows, done.is_some() || timed_out)
                }
                None => (String::new(), true),
            },
        };
        if !rows.is_empty() {
            match engine::words::redirect(&live.line) {
                // `kubectl get pods -w > pods.txt`: the later rows go where the first went,
                // after them, as a shell's redirection keeps writing.
                Some((_, to)) => {
                    let to = engine::words::Redirect { path: to.path, append: true };
                    let out = engine::shell::redirected(Output { stdout: rows, ..Output::default() }, &to, &PageFiles(Some(self.tabs)));
                    let shown = out.stdout + &out.stderr;
                    if !shown.is_empty() {
                        self.console_rows(shown);
                    }
                }
                None => self.console_rows(rows),
            }
        }
        self.watch.set(if ended { None } else { Some(live) });
    }

    /// Ctrl+C: the watch ends as kubectl's does, `^C` under its rows.
    pub fn stop_watch(&self) -> bool {
        if self.watch.get_untracked().is_none() {
            return false;
        }
        self.poll_watch();
        self.watch.set(None);
        self.console_rows("^C\n".into());
        true
    }

    /// Text a running command prints after its line: an entry without a line of its own,
    /// joined to the previous one when that is also such text.
    fn console_rows(&self, rows: String) {
        self.console.update(|log| match log.last_mut() {
            Some((line, out)) if line.is_empty() => out.push_str(&rows),
            _ => log.push((String::new(), rows)),
        });
    }
}
