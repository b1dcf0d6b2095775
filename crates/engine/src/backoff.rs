//! client-go's `flowcontrol.Backoff` for one key: the window starts at the initial period,
//! doubles on each `next` up to the maximum, and is forgotten after twice the maximum
//! without an update (so 10 minutes of clean running reset a 5-minute cap).

use crate::time::Millis;

/// One key's entry: boxed, as most keys never have one (every container of every pod
/// holds two back-offs, and a pod a third for its mounts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backoff(Option<Box<Entry>>);

#[derive(Clone, Debug, Default, PartialEq)]
struct Entry {
    period: Millis,
    last_update: Millis,
}

impl Backoff {
    /// The current window; 0 when there is no entry.
    pub fn period(&self) -> Millis {
        self.0.as_ref().map_or(0, |e| e.period)
    }

    pub fn last_update(&self) -> Millis {
        self.0.as_ref().map_or(0, |e| e.last_update)
    }

    fn expired(&self, now: Millis, max: Millis) -> bool {
        self.period() == 0 || now.saturating_sub(self.last_update()) > 2 * max
    }

    /// `Next`: starts at `initial` (no entry, or an expired one), else doubles up to `max`.
    pub fn next(&mut self, at: Millis, initial: Millis, max: Millis) {
        let period = if self.expired(at, max) { initial } else { (self.period() * 2).min(max) };
        self.0 = Some(Box::new(Entry { period, last_update: at }));
    }

    /// `IsInBackOffSince(since)`: `now - since < period` for a live entry.
    pub fn in_backoff_since(&self, since: Millis, now: Millis, max: Millis) -> bool {
        !self.expired(now, max) && now.saturating_sub(since) < self.period()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Millis = 1000;

    #[test]
    fn doubles_to_the_cap_and_resets_after_ten_minutes() {
        let mut b = Backoff::default();
        let mut periods = vec![];
        let mut t = 0;
        for _ in 0..8 {
            b.next(t, 10 * S, 300 * S);
            periods.push(b.period() / S);
            t += b.period();
        }
        assert_eq!(periods, vec![10, 20, 40, 80, 160, 300, 300, 300]);
        assert!(b.in_backoff_since(t, t + 299 * S, 300 * S));
        b.next(t + 601 * S, 10 * S, 300 * S);
        assert_eq!(b.period(), 10 * S);
        assert_eq!(std::mem::size_of::<Backoff>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn no_entry_is_not_in_backoff() {
        let b = Backoff::default();
        assert!(!b.in_backoff_since(0, 1, 300 * S));
    }
}
