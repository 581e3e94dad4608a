//! BoringSSL's session codec (`SSL_SESSION_from_bytes`, `d2i_SSL_SESSION`,
//! `SSL_SESSION_to_bytes`, `i2d_SSL_SESSION`) run N times on a bench session
//! converted to its dialect, for `benches/compare.sh` (valgrind callgrind).
//! The driver is `oracles/shared/callgrind_op.rs` and its operations
//! `oracles/shared/cbs_ops.rs` (which the criterion bench `benches/codec.rs`
//! times), shared with the other CBS library's workspace; this workspace
//! only links the library, so nothing of the main workspace builds it.
//!
//! Usage: `callgrind-op OPERATION FILE N [client|server]`
#![allow(unsafe_code)]

use std::process::ExitCode;

use boring_sys as ffi;
use session_der::session_model::Dialect;

// `Op::is_decode` and `Prepared::der` are for the criterion bench.
#[allow(dead_code)]
#[path = "../../../shared/cbs_ops.rs"]
mod ops;

#[path = "../../../shared/callgrind_op.rs"]
mod driver;

fn main() -> ExitCode {
    driver::main(Dialect::BoringSsl)
}
