//! The event recorder: Kubernetes Events with the kubelet's and controllers' reasons and
//! messages, aggregated like client-go's correlator (a repeat bumps `count` and
//! `lastTimestamp` instead of adding a row).

use crate::model::ObjectRef;
use crate::time::{Millis, EPOCH_UNIX_SECS};
use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

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
    /// Shared by all of one object's events (a pod keeps its own, `Cluster::pod_ref_shared`).
    pub involved: Rc<ObjectRef>,
    pub kind: EventType,
    pub reason: &'static str,
    /// Read with `Event::message`.
    pub message: Message,
    /// The component (`kubelet`, `default-scheduler`, `deployment-controller`).
    pub source: &'static str,
    /// The node of a kubelet event.
    pub host: Option<Rc<str>>,
    pub first: Millis,
    pub last: Millis,
    pub count: u32,
}

/// How many events are kept; the oldest go first, like the API server's 1h TTL keeps the
/// list bounded.
pub const MAX_EVENTS: usize = 20_000;

/// Events past the limit are hidden from readers at once but freed this many at a time:
/// freeing one reads memory last touched 20,000 events ago, and a run of them lets the
/// processor fetch ahead and overlap the misses (a native 150,000-pod apply spent about 9%
/// of its time freeing events one by one; the page's wasm measured no difference).
const FREE_BATCH: usize = 1024;

/// An event's message as its recorder gave it. The messages every pod of a rollout gets
/// are kept as their parts and written out when read: about 97% of a 150,000-pod
/// rollout's 900,000 events leave the log unread.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    Text(String),
    /// A fixed text, a shared argument (an image, a container name), a fixed text.
    Around(&'static str, Rc<str>, &'static str),
    /// The scheduler's `Successfully assigned <namespace>/<name> to <node>`, about the
    /// event's own pod.
    Assigned(Rc<str>),
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::Text(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::Text(s.to_string())
    }
}

impl Event {
    /// `<object>.<hex timestamp>`, as client-go's recorder names events.
    /// Where the event is kept: its object's namespace, `default` for a cluster-scoped one.
    pub fn namespace(&self) -> &str {
        if self.involved.namespace().is_empty() {
            "default"
        } else {
            self.involved.namespace()
        }
    }

    pub fn name(&self) -> String {
        format!("{}.{:x}", self.involved.name(), self.stamp)
    }

    /// The pieces the message is written from, in order.
    fn message_parts(&self) -> impl Iterator<Item = &str> {
        let (parts, n): ([&str; 6], usize) = match &self.message {
            Message::Text(s) => ([s, "", "", "", "", ""], 1),
            Message::Around(head, arg, tail) => ([head, arg, tail, "", "", ""], 3),
            Message::Assigned(node) => (["Successfully assigned ", self.involved.namespace(), "/", self.involved.name(), " to ", node], 6),
        };
        parts.into_iter().take(n)
    }

    pub fn message(&self) -> Cow<'_, str> {
        match &self.message {
            Message::Text(s) => Cow::Borrowed(s),
            _ => Cow::Owned(self.message_parts().collect()),
        }
    }

    /// Whether a new event repeats this one (client-go's aggregation key, minus what the
    /// log does not keep apart).
    fn repeats(&self, new: &Event) -> bool {
        self.involved.uid() == new.involved.uid()
            && self.reason == new.reason
            && self.source == new.source
            && match (&self.message, &new.message) {
                (Message::Text(a), Message::Text(b)) => a == b,
                (Message::Around(h, a, t), Message::Around(h2, b, t2)) if h == h2 && t == t2 => a == b,
                _ => self.message() == new.message(),
            }
    }
}

#[derive(Clone, Default)]
pub struct EventLog {
    /// The kept events, oldest first, after `hidden` ones past the limit not yet freed.
    events: VecDeque<Event>,
    /// How many events at the front are past the limit: no reader sees them.
    hidden: usize,
    /// How many events were freed from the front: `events[i]` has number `dropped + i`.
    dropped: usize,
    /// Where to find an event to bump its count: its number, by a hash of what makes it
    /// the same (uid, reason, message, source). A hash, not the strings, because this runs
    /// for every event of a 150,000-pod apply; a hit is confirmed against the event.
    /// Entries of dropped events are not removed one by one (each removal is a cache
    /// miss in a table the size of the log) but swept in bulk when they are as many as
    /// the kept ones; a lookup that lands on one sees a number below `dropped`.
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
/// The message is hashed as the text it reads as, whatever parts it is kept in.
fn same_key(e: &Event) -> u64 {
    let mut h = Words::default();
    h.part([e.involved.uid()]);
    h.part([e.reason]);
    h.part(e.message_parts());
    h.part([e.source]);
    h.h
}

#[derive(Default)]
struct Words {
    h: u64,
    word: [u8; 8],
    filled: usize,
}

impl Words {
    fn mix(&mut self, w: u64) {
        self.h = crate::hash::mix(self.h, w);
    }

    /// One field, given as the pieces it is written from: the words run across pieces,
    /// so the same text hashes alike however it is cut.
    fn part<'a>(&mut self, pieces: impl IntoIterator<Item = &'a str>) {
        let mut len = 0u64;
        for piece in pieces {
            let mut bytes = piece.as_bytes();
            len += bytes.len() as u64;
            while !bytes.is_empty() {
                if self.filled == 0 && bytes.len() >= 8 {
                    let (w, rest) = bytes.split_at(8);
                    self.mix(u64::from_le_bytes(w.try_into().expect("eight bytes")));
                    bytes = rest;
                    continue;
                }
                let take = (8 - self.filled).min(bytes.len());
                self.word[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
                self.filled += take;
                bytes = &bytes[take..];
                if self.filled == 8 {
                    self.mix(u64::from_le_bytes(self.word));
                    self.filled = 0;
                }
            }
        }
        self.word[self.filled..].fill(0);
        self.mix(u64::from_le_bytes(self.word));
        self.filled = 0;
        self.mix(len);
    }
}

impl EventLog {
    /// Records an event (its `stamp`, `first`, `last` and `count` are filled in here), or
    /// counts a repeat of one already recorded.
    pub fn record(&mut self, mut e: Event) {
        let key = same_key(&e);
        if let Some(&n) = self.index.get(&key) {
            let found = n.checked_sub(self.dropped).filter(|&i| i >= self.hidden).and_then(|i| self.events.get_mut(i));
            if let Some(old) = found {
                if old.repeats(&e) {
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
            // Grown by doubling, the log would end at 32,768 slots for its 21,025.
            let room = self.events.len().max(16).min(MAX_EVENTS + FREE_BATCH + 1 - self.events.len());
            self.events.reserve_exact(room);
        }
        self.events.push_back(e);
        if self.events.len() - self.hidden > MAX_EVENTS {
            self.hidden += 1;
            if self.hidden > FREE_BATCH {
                self.events.drain(..self.hidden);
                self.dropped += self.hidden;
                self.hidden = 0;
                if self.index.len() >= 2 * MAX_EVENTS {
                    let dropped = self.dropped;
                    self.index.retain(|_, n| *n >= dropped);
                }
            }
        }
    }

    /// Every kept event, oldest first.
    pub fn all(&self) -> impl Iterator<Item = &Event> {
        self.events.range(self.hidden..)
    }

    /// The event of this name. Stamps grow with every new event, so the kept events are
    /// sorted by them: a binary search, not a scan, since `kubectl get events` looks up
    /// each of up to 20,000 rows.
    pub fn by_name(&self, name: &str) -> Option<&Event> {
        let (object, hex) = name.rsplit_once('.')?;
        let want = u64::from_str_radix(hex, 16).ok()?;
        let i = self.events.partition_point(|e| e.stamp < want);
        self.events.get(i).filter(|e| i >= self.hidden && e.stamp == want && e.involved.name() == object)
    }

    /// Deletes the event of this name in this namespace (`kubectl delete event`), if it
    /// is kept. Rare, so the repeat index is rebuilt rather than kept in step; a repeat of
    /// a deleted event is then a new event, as the recorder's failed patch makes one.
    pub fn delete(&mut self, namespace: &str, name: &str) -> bool {
        let Some(i) = self.by_name(name).filter(|e| e.namespace() == namespace).map(|e| e.stamp) else { return false };
        let i = self.events.partition_point(|e| e.stamp < i);
        self.events.remove(i);
        let dropped = self.dropped;
        self.index = self.events.iter().enumerate().map(|(i, e)| (same_key(e), dropped + i)).collect();
        true
    }

    /// Events about one object (by uid), oldest first.
    pub fn about<'a>(&'a self, uid: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.all().filter(move |e| e.involved.uid() == uid)
    }

    pub fn len(&self) -> usize {
        self.events.len() - self.hidden
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
            involved: Rc::new(ObjectRef::new(crate::model::Kind::Pod, "default", name, name)),
            kind: EventType::Normal,
            reason: "Pulled",
            message: Message::Text(format!("at {at}")),
            source: "kubelet",
            host: None,
            first: 0,
            last: at,
            count: 0,
        }
    }

    #[test]
    fn a_message_kept_in_parts_reads_hashes_and_aggregates_as_its_text() {
        let image: Rc<str> = "nginx:1.27".into();
        let parts = Event { message: Message::Around("Container image \"", image, "\" already present on machine"), ..event("web", 5) };
        let text = Event { message: Message::Text("Container image \"nginx:1.27\" already present on machine".into()), ..event("web", 9) };
        assert_eq!(parts.message(), text.message());
        assert_eq!(same_key(&parts), same_key(&text));
        assert!(parts.repeats(&text) && text.repeats(&parts));
        let other = Event { message: Message::Text("Container image \"nginx:1.28\" already present on machine".into()), ..event("web", 9) };
        assert_ne!(same_key(&parts), same_key(&other));
        assert!(!parts.repeats(&other));

        let mut log = EventLog::default();
        log.record(parts);
        log.record(text);
        assert_eq!(log.len(), 1);
        assert_eq!(log.all().next().map(|e| (e.count, e.first, e.last)), Some((2, 5, 9)));

        let assigned = Event { message: Message::Assigned("node-1".into()), ..event("web", 1) };
        assert_eq!(assigned.message(), "Successfully assigned default/web to node-1");
    }

    #[test]
    fn entries_of_dropped_events_are_swept_and_never_count_a_repeat() {
        let mut log = EventLog::default();
        for i in 0..(3 * MAX_EVENTS) {
            log.record(event(&format!("web-{i}"), i as Millis));
        }
        assert!(log.index.len() <= 2 * MAX_EVENTS + FREE_BATCH, "swept: {}", log.index.len());
        // The first event is gone: recording it again starts a new row, not a count.
        log.record(event("web-0", 0));
        let last = log.all().last().expect("kept");
        assert_eq!((last.involved.name(), last.count), ("web-0", 1));
        assert_eq!(log.len(), MAX_EVENTS);
    }

    #[test]
    fn events_past_the_limit_are_gone_for_readers_before_they_are_freed() {
        let mut log = EventLog::default();
        let name = |i: usize| format!("web-{i}");
        for i in 0..(MAX_EVENTS + 10) {
            log.record(event(&name(i), i as Millis));
        }
        // Ten past the limit: hidden, not yet freed.
        assert_eq!((log.hidden, log.dropped), (10, 0));
        assert_eq!(log.len(), MAX_EVENTS);
        assert_eq!(log.all().count(), MAX_EVENTS);
        assert_eq!(log.all().next().map(|e| e.involved.name().to_string()), Some(name(10)));
        let hidden = log.events[5].name();
        assert!(log.by_name(&hidden).is_none());
        // A repeat of a hidden event is a new row, as of a freed one.
        log.record(event(&name(5), 5));
        assert_eq!(log.all().last().map(|e| (e.involved.name().to_string(), e.count)), Some((name(5), 1)));
        // That pushed `web-10` past the limit too; a repeat of a kept one still counts.
        assert_eq!(log.all().next().map(|e| e.involved.name().to_string()), Some(name(11)));
        log.record(event(&name(20), 20));
        assert_eq!(log.all().find(|e| e.involved.name() == name(20)).map(|e| e.count), Some(2));
        // Deleting a kept event brings no hidden one back.
        let kept = log.all().nth(3).map(Event::name).expect("kept");
        assert!(log.delete("default", &kept));
        assert_eq!(log.len(), MAX_EVENTS - 1);
        assert_eq!(log.all().next().map(|e| e.involved.name().to_string()), Some(name(11)));
        // Once more than a batch is hidden, they are freed together.
        for i in 0..=FREE_BATCH {
            log.record(event(&format!("more-{i}"), 0));
        }
        assert_eq!((log.dropped, log.hidden), (FREE_BATCH + 1, 10));
        assert_eq!(log.len(), MAX_EVENTS);
        assert_eq!(log.events.len(), MAX_EVENTS + 10);
        assert_eq!(log.all().last().map(|e| e.involved.name().to_string()), Some(format!("more-{FREE_BATCH}")));
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
            assert_eq!(log.by_name(&e.name()).map(|f| f.message()), Some(e.message()));
        }
        assert!(log.by_name("web.1.zz").is_none());
    }
}
