//! The event recorder: Kubernetes Events with the kubelet's and controllers' reasons and
//! messages, aggregated like client-go's correlator (a repeat bumps `count` and
//! `lastTimestamp` instead of adding a row).

use crate::api::Kind;
use crate::time::{Millis, EPOCH_UNIX_SECS};
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

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
    /// The nanosecond timestamp that ends the event's name, unique among events.
    pub stamp: u64,
    /// Shared by the events of one pod sync (Pulled, Created, Started).
    pub involved: Rc<ObjectRef>,
    pub kind: EventType,
    pub reason: &'static str,
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

impl Event {
    /// `<object>.<hex timestamp>`, as client-go's recorder names events.
    pub fn name(&self) -> String {
        format!("{}.{:x}", self.involved.name, self.stamp)
    }
}

#[derive(Default)]
pub struct EventLog {
    /// The kept events, each with its `same_key`.
    events: VecDeque<(Event, u64)>,
    /// How many events were dropped from the front: `events[i]` has number `dropped + i`.
    dropped: usize,
    /// Where to find an event to bump its count: its number, by a hash of what makes it
    /// the same (uid, reason, message, source). A hash, not the strings, because this runs
    /// for every event of a 150,000-pod apply; a hit is confirmed against the event.
    index: HashMap<u64, usize, BuildHasherDefault<KeyHasher>>,
    serial: u64,
}

/// The index's keys are hashes already: they are used as they are.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash of what makes two events the same, eight bytes at a time with FxHash's mix:
/// deterministic on every build, and cheap for the million events of a large rollout.
fn same_key(e: &Event) -> u64 {
    let mut h = 0u64;
    let mut mix = |w: u64| h = (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    for part in [e.involved.uid.as_bytes(), e.reason.as_bytes(), e.message.as_bytes(), e.source.as_bytes()] {
        let mut words = part.chunks_exact(8);
        for w in &mut words {
            mix(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        mix(u64::from_le_bytes(last));
        mix(part.len() as u64);
    }
    h
}

impl EventLog {
    /// Records an event (its `stamp`, `first`, `last` and `count` are filled in here), or
    /// counts a repeat of one already recorded.
    pub fn record(&mut self, mut e: Event) {
        let key = same_key(&e);
        if let Some(&n) = self.index.get(&key) {
            if let Some((old, _)) = n.checked_sub(self.dropped).and_then(|i| self.events.get_mut(i)) {
                if old.involved.uid == e.involved.uid && old.reason == e.reason && old.message == e.message && old.source == e.source {
                    old.count += 1;
                    old.last = e.last;
                    return;
                }
            }
        }
        self.serial += 1;
        e.stamp = (EPOCH_UNIX_SECS as u64) * 1_000_000_000 + e.last * 1_000_000 + self.serial;
        e.first = e.last;
        e.count = 1;
        self.index.insert(key, self.dropped + self.events.len());
        if self.events.len() == self.events.capacity() {
            // Grown by doubling, the log would end at 32,768 slots for its 20,001.
            let room = self.events.len().max(16).min(MAX_EVENTS + 1 - self.events.len());
            self.events.reserve_exact(room);
        }
        self.events.push_back((e, key));
        if self.events.len() > MAX_EVENTS {
            if let Some((_, k)) = self.events.pop_front() {
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
        self.events.iter().map(|(e, _)| e)
    }

    /// The event of this name. Stamps grow with every new event, so the kept events are
    /// sorted by them: a binary search, not a scan, since `kubectl get events` looks up
    /// each of up to 20,000 rows.
    pub fn by_name(&self, name: &str) -> Option<&Event> {
        let (object, hex) = name.rsplit_once('.')?;
        let want = u64::from_str_radix(hex, 16).ok()?;
        let i = self.events.partition_point(|(e, _)| e.stamp < want);
        self.events.get(i).map(|(e, _)| e).filter(|e| e.stamp == want && e.involved.name == object)
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
            stamp: 0,
            involved: Rc::new(ObjectRef { kind: crate::api::Kind::Pod, namespace: "default".into(), name: name.into(), uid: name.into() }),
            kind: EventType::Normal,
            reason: "Pulled",
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
            assert_eq!(log.by_name(&e.name()).map(|f| &f.message), Some(&e.message));
        }
        assert!(log.by_name("web.1.zz").is_none());
    }
}
