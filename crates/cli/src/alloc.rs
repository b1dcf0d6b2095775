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

// mimalloc's options, from the library the `mimalloc` crate builds and links (v3).
unsafe extern "C" {
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_t`: how long freed memory is kept
/// before it goes back to the system, in milliseconds (1,000 by default; -1, never).
const PURGE_DELAY: std::ffi::c_int = 15;

/// The freed memory mimalloc holds, as the operating system would have it back later.
// `c_long` is 64 bits here and 32 on some systems.
#[allow(clippy::useless_conversion)]
pub fn purge_delay_ms() -> i64 {
    // SAFETY: reads one option; the command line runs its benchmarks on one thread.
    i64::from(unsafe { mi_option_get(PURGE_DELAY) })
}

/// Keeps what is freed for the process's later allocations, never giving it back: what
/// `kubeplay bench` asks for, so that each run after the first reuses the memory the
/// first one touched, as the page's wasm memory (which never shrinks) does. Given back,
/// a later run had the kernel zero it again on first touch: 0.25 s of a 1.2 s run, at
/// times, on the virtual machines measured, and none at others.
pub fn keep_freed_memory() {
    // SAFETY: sets one option before the benchmark's runs, on the only thread.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The option's number is mimalloc's purge delay: its default (or what the bench's
    /// own test, in the same process, set already), then what is set.
    #[test]
    fn the_purge_delay_is_the_option_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert!(matches!(purge_delay_ms(), 1000 | -1), "mimalloc v3's default purge delay: {}", purge_delay_ms());
        }
        keep_freed_memory();
        assert_eq!(purge_delay_ms(), -1);
    }
}
