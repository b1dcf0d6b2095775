//! The page's clock. Each animation frame advances simulated time by real time × speed,
//! but runs the engine for at most `BUDGET_MS` of real time: what does not fit is owed
//! to the next frames, shown as a catch-up bar that can be cancelled. A 150,000-pod
//! rollout or a fast-forward at 100× never freezes the tab.

use crate::state::{real_now, Sim, Traffic, DOT_MS};
use leptos::prelude::*;

/// Real milliseconds of engine work per frame: half a 60 Hz frame, the rest is drawing.
pub const BUDGET_MS: f64 = 8.0;
/// A large cluster is redrawn at most this often (real ms): its drawing and tables are
/// counts and snapshots, and redrawing them every frame would eat the engine's budget.
const LARGE_REDRAW_MS: f64 = 250.0;
/// Owing more simulated time than this (ms) shows the catch-up bar.
const SHOW_BEHIND_MS: u64 = 2_000;
/// How often a steady rate of requests is sent, at most, per simulated second.
const RATE_BATCHES_PER_SECOND: f64 = 10.0;

#[derive(Clone, Copy)]
pub struct Ticker {
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<u32>,
    /// Simulated ms still owed and the most owed in this spell, while catching up.
    pub behind: RwSignal<Option<(u64, u64)>>,
    owed: StoredValue<u64, LocalStorage>,
    last_frame: StoredValue<Option<f64>, LocalStorage>,
    last_redraw: StoredValue<f64, LocalStorage>,
    undrawn: StoredValue<bool, LocalStorage>,
}

impl Ticker {
    /// A clock, playing or paused.
    pub fn new(playing: bool) -> Ticker {
        Ticker {
            playing: RwSignal::new(playing),
            speed: RwSignal::new(1),
            behind: RwSignal::new(None),
            owed: StoredValue::new_local(0),
            last_frame: StoredValue::new_local(None),
            last_redraw: StoredValue::new_local(0.0),
            undrawn: StoredValue::new_local(false),
        }
    }

    /// Drops the simulated time still owed and pauses, giving the teacher the page back.
    pub fn cancel(&self) {
        self.owed.set_value(0);
        self.behind.set(None);
        self.playing.set(false);
    }

    /// Runs one frame, then asks for the next.
    pub fn run(self, sim: Sim, traffic: Traffic) {
        request_animation_frame(move || {
            self.frame(sim, traffic);
            self.run(sim, traffic);
        });
    }

    fn frame(&self, sim: Sim, traffic: Traffic) {
        let now = real_now();
        // Dots move in real time; the finished ones go.
        if !traffic.dots.with_untracked(Vec::is_empty) {
            traffic.clock.set(now);
            if traffic.dots.with_untracked(|d| d.iter().any(|x| now - x.born > DOT_MS)) {
                traffic.dots.update(|d| d.retain(|x| now - x.born <= DOT_MS));
            }
        }
        let prev = self.last_frame.get_value().unwrap_or(now);
        self.last_frame.set_value(Some(now));
        if !self.playing.get_untracked() {
            self.redraw_if_due(sim, now, false);
            return;
        }
        // A frame held back by a hidden tab never asks for more than a second.
        let real = (now - prev).clamp(0.0, 1000.0);
        let want = self.owed.get_value() + (real * f64::from(self.speed.get_untracked())) as u64;
        let deadline = now + BUDGET_MS;
        let step = sim.advance_sliced(want, || real_now() > deadline);
        let (advanced, changed, second, large) = (step.ms, step.changed, step.second, step.large);
        let owed = want - advanced;
        self.owed.set_value(owed);
        if owed > SHOW_BEHIND_MS {
            let most = self.behind.get_untracked().map_or(owed, |(_, m)| m.max(owed));
            self.behind.set(Some((owed, most)));
        } else if self.behind.get_untracked().is_some() {
            self.behind.set(None);
        }
        if changed {
            self.undrawn.set_value(true);
        }
        self.redraw_if_due(sim, now, large);
        if second != sim.second.get_untracked() {
            sim.second.set(second);
        }
        // A steady rate sends its requests as simulated time passes, a tenth of a
        // second's worth at a time: sent every frame, 200 a second were 60 actions, 60
        // endpoint lookups and 60 redraws of the histogram a second, for the same counts.
        if let Some((service, per_second)) = traffic.rate.get_untracked() {
            let due = traffic.owed.get_value() + per_second * advanced as f64 / 1000.0;
            let n = if due >= (per_second / RATE_BATCHES_PER_SECOND).max(1.0) { due.floor() as usize } else { 0 };
            traffic.owed.set_value(due - n as f64);
            if n > 0 {
                traffic.send(sim, &service, n.min(10_000));
            }
        }
    }

    /// Tells the drawing and tables of a change: at once for a small cluster, a few
    /// times a second for a large one.
    fn redraw_if_due(&self, sim: Sim, now: f64, large: bool) {
        if self.undrawn.get_value() && (!large || now - self.last_redraw.get_value() >= LARGE_REDRAW_MS) {
            self.undrawn.set_value(false);
            self.last_redraw.set_value(now);
            sim.redraw();
        }
    }
}
