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
    /// Where to find an event to bump its count: its number, by what makes it the same.
    index: HashMap<(String, String, String, &'static str), usize>,
    serial: u64,
}

impl EventLog {
    /// Records an event (its `name`, `first`, `last` and `count` are filled in here), or
    /// counts a repeat of one already recorded.
    pub fn record(&mut self, mut e: Event) {
        let key = (e.involved.uid.clone(), e.reason.clone(), e.message.clone(), e.source);
        if let Some(&n) = self.index.get(&key) {
            if let Some(old) = n.checked_sub(self.dropped).and_then(|i| self.events.get_mut(i)) {
                old.count += 1;
                old.last = e.last;
                return;
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
                self.index.remove(&(old.involved.uid, old.reason, old.message, old.source));
            }
            self.dropped += 1;
        }
    }

    /// Every kept event, oldest first.
    pub fn all(&self) -> impl Iterator<Item = &Event> {
        self.events.iter()
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
