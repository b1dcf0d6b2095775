//! Structure-aware: the fuzzer's bytes choose a sequence of user actions with the same
//! generator as the property tests (generated manifests, kubectl lines from the flag
//! tables, time, node failures, builds, traffic, load). After each, the cluster it leads
//! to settles with its invariants holding; the log survives JSON, and its replay gives
//! the same event log.
#![no_main]

// A fifth of a run was glibc malloc and free, mostly cloning and dropping a booted cluster
// per input; with mimalloc the apply target runs 953 inputs a second instead of 713.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use engine::kubectl::NoFiles;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/engine/tests/support/check.rs"]
mod check;
#[path = "../../crates/engine/tests/support/gen.rs"]
mod gen;

pub struct Bytes<'a, 'b>(pub &'b mut Unstructured<'a>);

impl gen::Choices for Bytes<'_, '_> {
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.0.int_in_range(0..=(n - 1) as u32).map_or(0, |v| v as usize)
    }
}

fuzz_target!(|data: &[u8]| {
    let seed = u64::from(data.first().copied().unwrap_or(0) % 4);
    let mut u = Unstructured::new(data);
    let mut src = Bytes(&mut u);
    let mut g = gen::Gen::new(&mut src);
    let mut c = check::fresh(seed);
    for step in 0..12 {
        let a = g.action(&gen::Live::of(&c));
        c.perform(&a, &NoFiles);
        if let Err(e) = check::settles(seed, c.log()) {
            panic!("after step {step} ({a:?}): {e}");
        }
    }
    let json = engine::actions::to_json(c.log());
    let back = engine::actions::from_json(&json).expect("the log reads back");
    assert_eq!(back, c.log(), "the log survives JSON");
    let mut replay = check::fresh(seed);
    for a in &back {
        replay.perform(a, &NoFiles);
    }
    assert_eq!(c.event_log(), replay.event_log(), "the log replays to the same events");
});
