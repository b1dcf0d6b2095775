//! Texts many pods carry the same of, shared rather than copied into each: the kubelet's
//! `containers with unready status: [app]` is worded alike for every pod of a rollout,
//! and each pod held its own copies (two conditions, four allocations a pod, all freed
//! again when the pod turned Ready).

use std::rc::Rc;

/// How many different texts are kept at once: a rollout has one, a mixed cluster a few.
const KEPT: usize = 8;

#[derive(Clone, Default)]
pub struct SharedTexts {
    /// Where a text is written to be compared: reused, so a text already kept costs no
    /// allocation.
    scratch: String,
    recent: Vec<Rc<String>>,
}

impl SharedTexts {
    /// The text `write` writes, as a copy kept here when it is one of the last few.
    pub fn share(&mut self, write: impl FnOnce(&mut String)) -> Rc<String> {
        self.scratch.clear();
        write(&mut self.scratch);
        if let Some(kept) = self.recent.iter().find(|t| ***t == self.scratch) {
            return kept.clone();
        }
        let text = Rc::new(self.scratch.clone());
        if self.recent.len() == KEPT {
            self.recent.remove(0);
        }
        self.recent.push(text.clone());
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_one_copy_and_a_different_one_its_own() {
        let mut texts = SharedTexts::default();
        let a = texts.share(|s| s.push_str("containers with unready status: [app]"));
        let b = texts.share(|s| s.push_str("containers with unready status: [app]"));
        assert!(Rc::ptr_eq(&a, &b));
        let c = texts.share(|s| s.push_str("containers with unready status: [app sidecar]"));
        assert_eq!(*c, "containers with unready status: [app sidecar]");
        assert!(!Rc::ptr_eq(&a, &c));
        // Past the few kept, the oldest goes: a text asked for again is a new copy, same words.
        for i in 0..KEPT {
            texts.share(|s| s.push_str(&format!("text {i}")));
        }
        let again = texts.share(|s| s.push_str("containers with unready status: [app]"));
        assert_eq!(again, a);
        assert!(!Rc::ptr_eq(&again, &a));
    }
}
