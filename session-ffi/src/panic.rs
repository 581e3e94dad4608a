//! The panic boundary every exported function runs inside.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{pack, push, R_INTERNAL_ERROR, SSLSESSION_ERR_LIB_SSL};

/// Runs `f`; if it panics, queues `ERR_R_INTERNAL_ERROR` and returns `default`
/// instead of unwinding into C (which is undefined behaviour).
///
/// `AssertUnwindSafe` is sound here: after a caught panic nothing observes a
/// half-updated value — sessions sit behind a lock (`lock.rs`) that a panic
/// unlocks while unwinding, and their writers replace or re-read whole
/// fields.
pub(crate) fn guard<T>(default: T, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(_) => {
            push(
                pack(SSLSESSION_ERR_LIB_SSL, R_INTERNAL_ERROR),
                "sslsession",
                "internal error (a panic was caught at the C boundary)",
            );
            default
        }
    }
}
