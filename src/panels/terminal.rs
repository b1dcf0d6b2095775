//! The console's terminal: `kubectl exec -it POD -- sh` switches the console into the
//! container's shell. The session (prompt, history, Ctrl+C, exit) is the engine's
//! `Terminal`; this file only passes it the typed lines and keys, runs the kubectl line
//! it asks for through `Sim::run` (so a line that connects is recorded as any exec), and
//! moves the finished session into the console's log. `Page::run` opens it.

use crate::state::{Page, TerminalSession as Session};
use engine::kubectl::Output;
use engine::terminal::Step;
use leptos::prelude::*;

/// A key the terminal takes besides the typed line.
pub enum Key {
    /// Ctrl+C, with what was typed so far.
    Interrupt(String),
    /// Ctrl+D.
    EndOfInput,
    Up,
    Down,
}

impl Page {
    /// A line typed into the open terminal.
    pub fn terminal_input(&self, typed: &str) -> Output {
        let Some(mut s) = self.terminal.get_untracked() else { return Output::default() };
        if let Some(out) = self.sim.read_untracked(|c| s.term.poll(c)) {
            self.close_terminal(s);
            return out;
        }
        match s.term.input(typed) {
            Step::Run(kubectl) => {
                let out = self.sim.run(&kubectl);
                self.last.0.set(kubectl);
                let out = s.term.after(out);
                self.terminal.set(Some(s));
                out
            }
            Step::Shown => {
                self.terminal.set(Some(s));
                Output::default()
            }
            Step::End(out) => {
                self.end_terminal(s);
                out
            }
        }
    }

    /// A key pressed in the terminal: the line the input shows after it (history), if any.
    pub fn terminal_key(&self, key: Key) -> Option<String> {
        let mut s = self.terminal.get_untracked()?;
        let shown = match key {
            Key::Interrupt(typed) => {
                s.term.interrupt(&typed);
                Some(String::new())
            }
            Key::EndOfInput => {
                let was_running = s.term.is_running();
                s.term.end_of_input();
                if !was_running {
                    self.end_terminal(s);
                    return Some(String::new());
                }
                None
            }
            Key::Up => s.term.up(),
            Key::Down => Some(s.term.down()),
        };
        self.terminal.set(Some(s));
        shown
    }

    /// Follows the container: a `kubectl run -i` terminal attaches once it runs, and any
    /// session ends if it goes (the pod deleted or killed).
    pub fn check_terminal(&self) {
        let Some(mut s) = self.terminal.get_untracked() else { return };
        let before = s.term.clone();
        if self.sim.read_untracked(|c| s.term.poll(c)).is_some() {
            self.close_terminal(s);
        } else if s.term != before {
            self.terminal.set(Some(s));
        }
    }

    /// The shell exited: a `kubectl run --rm` pod is deleted (a recorded line, as kubectl
    /// sends it), then kubectl's last lines.
    fn end_terminal(&self, mut s: Session) {
        let deleted = s.term.closing_line().map(|l| {
            let out = self.sim.run(&l);
            self.last.0.set(l);
            out
        });
        s.term.closed(deleted);
        self.close_terminal(s);
    }

    /// The session's whole screen goes into the console's log under the line that opened it.
    fn close_terminal(&self, s: Session) {
        let screen = s.term.screen().to_string();
        self.console.update(|log| log.push((s.line, screen)));
        self.terminal.set(None);
    }
}
