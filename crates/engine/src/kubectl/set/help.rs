pub(super) fn set() -> String {
    String::new()
}
pub(super) fn subcommand(_s: &str) -> String {
    String::new()
}
