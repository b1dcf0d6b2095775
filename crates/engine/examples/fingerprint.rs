//! Prints the determinism fingerprint (`engine::soak::fingerprint`), the value the native
//! and the browser tests both assert.
fn main() {
    println!("{:#x}", engine::soak::fingerprint());
}
