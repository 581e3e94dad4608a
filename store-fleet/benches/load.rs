//! The load bench (written next).
fn main() {}
