//! `kubectl get -w` in the page's console: a live table. A script's watch lets simulated
//! time run until the cluster is quiet; on the page the clock is the page's, so the watch
//! stays open and each change the cluster makes (a pod killed in the drawing, a rollout
//! played on) adds its row under the table, as a terminal's watch does, until Ctrl+C or
//! the next typed line. The rows are the engine's (`kubectl::watch::Watch::poll`).

use crate::state::{LiveWatch, Page};
use engine::kubectl::{Output, Wait};
use leptos::prelude::*;

impl Page {
    /// Keeps the watch `out` asks for open (any other output is left as it is).
    pub fn start_watch(&self, line: &str, out: &Output) {
        let Some(Wait::Watch(w)) = &out.wait else { return };
        let since = self.sim.read_untracked(|c| c.now());
        self.watch.set(Some(LiveWatch { line: line.to_string(), watch: (**w).clone(), since }));
    }

    /// The rows of what changed since the last look, under the console's log; a watch
    /// with `--request-timeout` ends once that much simulated time has passed.
    pub fn poll_watch(&self) {
        let Some(mut live) = self.watch.get_untracked() else { return };
        let (rows, now) = self.sim.read_untracked(|c| (live.watch.poll(c), c.now()));
        if !rows.is_empty() {
            self.console_rows(rows);
        }
        let ended = live.watch.timeout.is_some_and(|t| now.saturating_sub(live.since) >= t);
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
