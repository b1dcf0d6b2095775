//! Structure-aware: the fuzzer's bytes are the choices of the schema generator
//! (`crates/engine/tests/support/gen.rs`, the same one the property tests use), so every
//! input is a manifest of served or unknown kinds with right and wrong fields, types and
//! values. The same checks as the property test: no panic, errors inside the text, a
//! minute of simulation, `get all`, `describe` of each written object, the page's view and
//! the cluster's invariants.
#![no_main]

// A fifth of a run was glibc malloc and free, mostly cloning and dropping a booted cluster
// per input; with mimalloc the apply target runs 953 inputs a second instead of 713.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

#[path = "../../crates/engine/tests/support/check.rs"]
mod check;
#[path = "../../crates/engine/tests/support/gen.rs"]
mod gen;

/// The generator's choices, read from the fuzzer's bytes; 0 once they run out.
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
    let mut u = Unstructured::new(data);
    let mut src = Bytes(&mut u);
    let text = gen::Gen::new(&mut src).manifest();
    if let Err(e) = check::manifest(&text) {
        panic!("{e}\n--- text ---\n{text}");
    }
});
