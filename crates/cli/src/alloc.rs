//! The command line's allocator: mimalloc, with a count of the bytes in use.
//!
//! glibc's malloc and free were a fifth of a large rollout's instructions natively
//! (49 allocations a pod, most of them small and short-lived); mimalloc serves the same
//! calls in fewer. The page keeps Rust's own allocator for wasm, so this is the command
//! line's speed only, and the engine is what `kubeplay bench` measures either way.
//!
//! The count is what `kubeplay bench` reports as heap: the bytes the program asked for and
//! has not given back (an allocator's own headers and rounding not included, which
//! glibc's in-use figure, the measure before, did include). It is a plain load and store,
//! not an atomic add, so counting costs the timed run almost nothing; the command line
//! allocates from one thread, and with more the count would only be approximate.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

pub struct Counted;

static LIVE: AtomicUsize = AtomicUsize::new(0);

/// Bytes allocated through `Counted` and not yet freed (0 where it is not the global
/// allocator, as in the crate's tests).
pub fn live() -> usize {
    LIVE.load(Relaxed)
}

fn grew(by: usize) {
    LIVE.store(LIVE.load(Relaxed).wrapping_add(by), Relaxed);
}

fn shrank(by: usize) {
    LIVE.store(LIVE.load(Relaxed).wrapping_sub(by), Relaxed);
}

// SAFETY: every call is passed on to mimalloc unchanged; the count only reads the layouts.
unsafe impl GlobalAlloc for Counted {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is mimalloc's.
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        // SAFETY: `ptr` came from this allocator with this layout.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `dealloc`, and `new_size` is the caller's to give.
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        p
    }
}
