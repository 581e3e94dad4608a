//! AWS-LC's session codec (`SSL_SESSION_from_bytes`, `d2i_SSL_SESSION`,
//! `SSL_SESSION_to_bytes`, `i2d_SSL_SESSION`) timed by criterion on the
//! bench sessions converted to its dialect: the operations
//! `src/bin/callgrind-op.rs` counts the instructions of, for
//! `benches/compare.sh` (`CRITERION=1`). The bench is
//! `oracles/shared/criterion_codec.rs`, shared with the other CBS library's
//! workspace, as are the operations (`oracles/shared/cbs_ops.rs`).
//!
//! Usage: `cargo bench --bench codec [-- FILTER]`
#![allow(unsafe_code)]

use aws_lc_sys as ffi;
use session_der::session_model::Dialect;

// `Op::from_name` is for the callgrind driver.
#[allow(dead_code)]
#[path = "../../shared/cbs_ops.rs"]
mod ops;

// The seven inputs of the main workspace's benches (`BENCH_INPUTS`);
// `Input::title` and `workspace_root` are for its tables and tests only.
#[allow(dead_code, unused_imports)]
#[path = "../../../benches/src/corpus.rs"]
mod corpus;

#[path = "../../shared/criterion_codec.rs"]
mod bench;

fn main() {
    bench::main(Dialect::AwsLc);
}
