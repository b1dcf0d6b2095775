//! FxHash (rustc's hasher) for the engine's lookup-only hash maps: node and pod names,
//! interned strings. Short, trusted keys; deterministic on every build. A map that uses it
//! is never iterated, so its order cannot reach an output.

use std::hash::{BuildHasherDefault, Hasher};

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A string's first eight bytes as a big-endian word, zero-padded: ordering by (word,
/// string) is ordering by string, and two different words settle a comparison without
/// reading the strings (names that share no eight-byte prefix, uids).
#[inline]
pub fn prefix_word(s: &str) -> u64 {
    let b = s.as_bytes();
    match b.first_chunk::<8>() {
        Some(w) => u64::from_be_bytes(*w),
        None => {
            let mut w = [0u8; 8];
            w[..b.len()].copy_from_slice(b);
            u64::from_be_bytes(w)
        }
    }
}

#[derive(Default)]
pub struct FxHasher(u64);

/// FxHash's step: one word into the running hash.
#[inline(always)]
pub fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
}

impl FxHasher {
    fn mix(&mut self, w: u64) {
        self.0 = mix(self.0, w);
    }
}

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    /// Eight bytes at a time, the tail zero-padded.
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        self.mix(u64::from_le_bytes(last));
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn the_same_text_hashes_alike_and_a_neighbour_does_not() {
        let b = FxBuild::default();
        assert_eq!(b.hash_one("web-7d4b9c8f5-abcde"), b.hash_one(String::from("web-7d4b9c8f5-abcde")));
        assert_ne!(b.hash_one("web-7d4b9c8f5-abcde"), b.hash_one("web-7d4b9c8f5-abcdf"));
        assert_ne!(b.hash_one("node-1"), b.hash_one("node-10"));
    }

    #[test]
    fn ordering_by_prefix_word_then_string_is_ordering_by_string() {
        let mut all = ["", "a", "ab", "abcdefgh", "abcdefg", "abcdefgh-1", "abcdefgi", "b", "web-1", "web-10", "web-1-x", "z\u{e9}"]
            .map(String::from)
            .to_vec();
        all.sort();
        let mut by_word = all.clone();
        by_word.sort_by(|a, b| (prefix_word(a), a).cmp(&(prefix_word(b), b)));
        assert_eq!(by_word, all);
    }
}
