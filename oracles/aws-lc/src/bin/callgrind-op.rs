//! AWS-LC's session codec (`SSL_SESSION_from_bytes`, `d2i_SSL_SESSION`,
//! `SSL_SESSION_to_bytes`, `i2d_SSL_SESSION`) run N times on a bench session
//! converted to its dialect, for `benches/compare.sh` (valgrind callgrind).
//! The driver is `oracles/shared/callgrind_op.rs`, shared with the
//! other CBS library's workspace; this workspace only links the library, so
//! nothing of the main workspace builds it.
//!
//! Usage: `callgrind-op OPERATION FILE N [client|server]`
#![allow(unsafe_code)]

use std::process::ExitCode;

use aws_lc_sys as ffi;
use session_der::session_model::Dialect;

#[path = "../../../shared/callgrind_op.rs"]
mod driver;

fn main() -> ExitCode {
    driver::main(Dialect::AwsLc)
}
