//! The cluster's one source of randomness: a PCG-XSH-RR 32-bit generator seeded by the
//! user. Everything random (uids, generated name suffixes, NodePort and ClusterIP picks,
//! iptables endpoint choice) draws from it in a deterministic order.

#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
    inc: u64,
}

const MULTIPLIER: u64 = 6_364_136_223_846_793_005;

/// PCG's output permutation (XSH RR) of a state.
#[inline(always)]
fn output(old: u64) -> u32 {
    let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
    let rot = (old >> 59) as u32;
    xorshifted.rotate_right(rot)
}

/// The alphabet of `utilrand.String` and `SafeEncodeString` (no vowels, no 0, 1 or 3).
pub const K8S_ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut rng = Rng { state: 0, inc: (0xda3e_39cb_94b9_5bdb << 1) | 1 };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    #[inline(always)]
    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(MULTIPLIER).wrapping_add(self.inc);
        output(old)
    }

    pub fn next_u64(&mut self) -> u64 {
        (u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())
    }

    /// Uniform in `0..n` (Lemire's method without bias); `n` must be > 0.
    #[inline(always)]
    pub fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        let mut m = u64::from(self.next_u32()) * u64::from(n);
        // The threshold is below `n`: only a low part under `n` needs it, and its division
        // (the scheduler draws once per tied node) is skipped otherwise. Same draws.
        if (m as u32) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u32) < threshold {
                m = u64::from(self.next_u32()) * u64::from(n);
            }
        }
        (m >> 32) as u32
    }

    /// `below(first)`, `below(first + 1)`, … `count` draws in all, as `selectHost` draws
    /// for a run of nodes tied with its best: which of them (counting from 0) was the last
    /// to come out 0. A function of its own, so that its loop keeps the state in
    /// registers rather than sharing them with the scheduler's search it would be inlined
    /// into; written out rather than calling `below` on a copy, which measured 13% more
    /// instructions for these draws (a test pins the two as one).
    #[inline(never)]
    pub fn last_zero_below(&mut self, first: u32, count: u32) -> Option<u32> {
        let (mut state, inc) = (self.state, self.inc);
        let mut last = None;
        for k in 0..count {
            let n = first + k;
            let mut m = u64::from(output(state)) * u64::from(n);
            state = state.wrapping_mul(MULTIPLIER).wrapping_add(inc);
            // `below`'s rejection, as there: only a low part under `n` may need a redraw.
            if (m as u32) < n {
                let threshold = n.wrapping_neg() % n;
                while (m as u32) < threshold {
                    m = u64::from(output(state)) * u64::from(n);
                    state = state.wrapping_mul(MULTIPLIER).wrapping_add(inc);
                }
            }
            if m >> 32 == 0 {
                last = Some(k);
            }
        }
        self.state = state;
        last
    }

    /// A uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        f64::from(self.next_u32() >> 8) / f64::from(1u32 << 24)
    }

    /// `utilrand.String(n)`: the suffix of generated names (`web-7f8897b78c-gvfh7`).
    pub fn k8s_string(&mut self, n: usize) -> String {
        let mut s = String::with_capacity(n);
        self.push_k8s_string(&mut s, n);
        s
    }

    /// `k8s_string` written onto the end of `out` (a generated name's suffix).
    pub fn push_k8s_string(&mut self, out: &mut String, n: usize) {
        for _ in 0..n {
            out.push(K8S_ALPHANUMS[self.below(K8S_ALPHANUMS.len() as u32) as usize] as char);
        }
    }

    /// A version-4-shaped uid, as the API server assigns.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        let a = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
        // `{:08x}-{:04x}-{:04x}-{:04x}-{:012x}`, written by hand into bytes: every object
        // gets one, the formatter costs ten times as much, and at the page's opt-level each
        // `String::push` is a call.
        let mut out = [b'-'; 36];
        let mut at = 0;
        for (v, digits) in [(a >> 32, 8), ((a >> 16) & 0xffff, 4), (a & 0xffff, 4), (b >> 48, 4), (b & 0xffff_ffff_ffff, 12)] {
            for i in (0..digits).rev() {
                out[at] = b"0123456789abcdef"[((v >> (4 * i)) & 0xf) as usize];
                at += 1;
            }
            at += 1;
        }
        std::str::from_utf8(&out).map(String::from).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_outputs_are_pinned() {
        // Pinned so that a change of generator (which would change every generated name
        // and every recorded transcript) is a deliberate decision.
        let mut r = Rng::new(42);
        let first: Vec<u32> = (0..4).map(|_| r.next_u32()).collect();
        assert_eq!(first, vec![1_898_997_482, 1_014_631_766, 4_096_008_554, 633_901_381]);
    }

    #[test]
    fn a_run_of_tie_draws_is_the_draws_one_by_one() {
        let (mut run, mut one) = (Rng::new(9), Rng::new(9));
        // Bounds just above 2^31 redraw about half the time; near 2^32, rarely.
        for first in [1, 2, 3, 40, 1_000, 0x8000_0001 - 10, u32::MAX - 70] {
            for count in [0, 1, 2, 31, 64] {
                let last = (0..count).fold(None, |last, k| if one.below(first + k) == 0 { Some(k) } else { last });
                assert_eq!(run.last_zero_below(first, count), last, "from {first}, {count} draws");
                assert_eq!(run.next_u32(), one.next_u32(), "from {first}, {count} draws: the state differs");
            }
        }
    }

    #[test]
    fn below_draws_exactly_as_lemires_method_with_its_threshold_up_front() {
        fn reference(r: &mut Rng, n: u32) -> u32 {
            let threshold = n.wrapping_neg() % n;
            loop {
                let m = u64::from(r.next_u32()) * u64::from(n);
                if (m as u32) >= threshold {
                    return (m >> 32) as u32;
                }
            }
        }
        let (mut fast, mut slow) = (Rng::new(3), Rng::new(3));
        for i in 0..100_000u32 {
            // Small, large and awkward bounds, where rejections happen.
            let n = [1, 2, 3, 7, 500, 4_999, 0x8000_0001, u32::MAX][(i % 8) as usize];
            assert_eq!(fast.below(n), reference(&mut slow, n), "draw {i} below {n}");
        }
        assert_eq!(fast.next_u32(), slow.next_u32(), "the same number of draws");
    }

    #[test]
    fn same_seed_same_stream_other_seed_other_stream() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let mut c = Rng::new(8);
        let xa: Vec<u32> = (0..16).map(|_| a.next_u32()).collect();
        let xb: Vec<u32> = (0..16).map(|_| b.next_u32()).collect();
        let xc: Vec<u32> = (0..16).map(|_| c.next_u32()).collect();
        assert_eq!(xa, xb);
        assert_ne!(xa, xc);
    }

    #[test]
    fn names_use_the_kubernetes_alphabet() {
        let mut r = Rng::new(1);
        for _ in 0..200 {
            let s = r.k8s_string(5);
            assert_eq!(s.len(), 5);
            assert!(s.bytes().all(|b| K8S_ALPHANUMS.contains(&b)), "{s}");
        }
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::new(3);
        let mut seen = [false; 7];
        for _ in 0..500 {
            let v = r.below(7);
            assert!(v < 7);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn uuid_has_the_v4_shape() {
        let mut r = Rng::new(9);
        let u = r.uuid();
        let mut again = Rng::new(9);
        let (a, b) = (again.next_u64(), again.next_u64());
        let (a, b) = ((a & 0xffff_ffff_ffff_0fff) | 0x4000, (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000);
        let by_format =
            format!("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xffff, b >> 48, b & 0xffff_ffff_ffff);
        assert_eq!(u, by_format, "written by hand as the formatter would");
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), vec![8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('4'));
    }
}
