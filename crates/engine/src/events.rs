//! The event recorder: Kubernetes Events with the kubelet's and controllers' reasons and
//! messages, aggregated like client-go's correlator (a repeat bumps `count` and
//! `lastTimestamp` instead of adding a row).

use crate::api::Kind;
use crate::time::{Millis, EPOCH_UNIX_SECS};
use std::collections::{HashMap, VecDeque};

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectRef {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    pub uid: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub name: String,
    pub involved: ObjectRef,
    pub kind: EventType,
    pub reason: String,
    pub message: String,
    /// The component (`kubelet`, `default-scheduler`, `deployment-controller`).
    pub source: &'static str,
    /// The node of a kubelet event.
    pub host: String,
    pub first: Millis,
    pub last: Millis,
    pub count: u32,
}

/// How many events are kept; the oldest go first, like the API server's 1h TTL keeps the
/// list bounded.
pub const MAX_EVENTS: usize = 20_000;

#[derive(Default)]
pub struct EventLog {
    events: VecDeque<Event>,
    /// How many events were dropped from the front: `events[i]` has number `dropped + i`.
    dropped: usize,
    /// Where to find an event to bump its count: its number, by a hash of what makes it
    /// the same (uid, reason, message, source). A hash, not the strings, because this runs
    /// for every event of a 150,000-pod apply; a hit is confirmed against the event.
    index: HashMap<u64, usize>,
    serial: u64,
}

/// FNV-1a over what makes two events the same: deterministic on every build.
fn same_key(e: &Event) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for part in [e.involved.uid.as_bytes(), e.reason.as_bytes(), e.message.as_bytes(), e.source.as_bytes()] {
        for b in part.iter().chain(&[0xff]) {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl EventLog {
    /// Records an event (its `name`, `first`, `last` and `count` are filled in here), or
    /// counts a repeat of one already recorded.
    pub fn record(&mut self, mut e: Event) {
        let key = same_key(&e);
        if let Some(&n) = self.index.get(&key) {
            if let Some(old) = n.checked_sub(self.dropped).and_then(|i| self.events.get_mut(i)) {
                if old.involved.uid == e.involved.uid && old.reason == e.reason && old.message == e.message && old.source == e.source {
                    old.count += 1;
                    old.last = e.last;
                    return;
                }
            }
        }
        self.serial += 1;
        let nanos = (EPOCH_UNIX_SECS as u64) * 1_000_000_000 + e.last * 1_000_000 + self.serial;
        e.name = format!("{}.{:x}", e.involved.name, nanos);
        e.first = e.last;
        e.count = 1;
        self.index.insert(key, self.dropped + self.events.len());
        self.events.push_back(e);
        if self.events.len() > MAX_EVENTS {
            if let Some(old) = self.events.pop_front() {
                let k = same_key(&old);
                // Only if the index still points at this event (a collision may have moved it).
                if self.index.get(&k) == Some(&self.dropped) {
                    self.index.remove(&k);
                }
            }
            self.dropped += 1;
        }
    }

    /// Every kept event, oldest first.
    pub fn all(&self) -> impl Iterator<Item = &Event> {
        self.events.iter()
    }

    /// The event of this name. Names end in a hex timestamp that grows with every new
    /// event, so the kept events are sorted by it: a binary search, not a scan, since
    /// `kubectl get events` looks up each of up to 20,000 rows.
    pub fn by_name(&self, name: &str) -> Option<&Event> {
        let stamp = |n: &str| n.rsplit('.').next().and_then(|h| u64::from_str_radix(h, 16).ok());
        let want = stamp(name)?;
        let i = self.events.partition_point(|e| stamp(&e.name).is_some_and(|s| s < want));
        self.events.range(i..).take_while(|e| stamp(&e.name) == Some(want)).find(|e| e.name == name)
    }

    /// Events about one object (by uid), oldest first.
    pub fn about<'a>(&'a self, uid: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.all().filter(move |e| e.involved.uid == uid)
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, at: Millis) -> Event {
        Event {
            name: String::new(),
            involved: ObjectRef { kind: crate::api::Kind::Pod, namespace: "default".into(), name: name.into(), uid: name.into() },
            kind: EventType::Normal,
            reason: "Pulled".into(),
            message: format!("at {at}"),
            source: "kubelet",
            host: String::new(),
            first: 0,
            last: at,
            count: 0,
        }
    }

    #[test]
    fn every_kept_event_is_found_by_its_name_and_a_dropped_one_is_not() {
        let mut log = EventLog::default();
        for i in 0..(MAX_EVENTS + 50) {
            log.record(event(&format!("web.{}", i % 7), i as Millis / 3));
        }
        let first_dropped = format!("web.0.{:x}", (EPOCH_UNIX_SECS as u64) * 1_000_000_000 + 1);
        assert!(log.by_name(&first_dropped).is_none());
        for e in log.all() {
            assert_eq!(log.by_name(&e.name).map(|f| &f.message), Some(&e.message));
        }
        assert!(log.by_name("web.1.zz").is_none());
    }
}
