//! The `drillbook` command line (skeleton).
fn main() {}
