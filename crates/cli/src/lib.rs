//! The `kubeplay` command line as a library, so its script runner is tested directly.

pub mod alloc;
pub mod bench;
pub mod compose;
pub mod lesson;
pub mod rewind;
pub mod script;
pub mod soak;
