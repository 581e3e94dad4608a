//! A row added to the schema is reachable from C without a new exported
//! function: the field-by-index functions serve it.
//!
//! Built only with the `schema-test-row` feature, which appends a row to
//! `session_model::session_schema!`: `[21]`, a `u32` named `test_only` that
//! no OpenSSL has. Nothing in this crate names it.
//!
//! `cargo test -p session-ffi --features schema-test-row --test schema_row`
#![allow(unsafe_code)] // Calls the C ABI.

use std::ffi::CStr;

use sslsession::*;

#[test]
fn the_new_row_is_reachable_by_index() {
    // The last of OpenSSL's rows: the other libraries' own fields
    // (`sslsession_field_tag_in(.., "openssl") == -2`) come after them.
    let count = sslsession_field_count();
    let i = (0..count)
        // SAFETY: a NUL-terminated string.
        .rfind(|&i| unsafe { sslsession_field_tag_in(i, c"openssl".as_ptr()) } != -2)
        .expect("OpenSSL's rows");
    // SAFETY: a static NUL-terminated name (the index is in range).
    let name = unsafe { CStr::from_ptr(sslsession_field_name(i)) };
    assert_eq!(name.to_str(), Ok("test_only"));
    // SAFETY: a NUL-terminated string.
    let found = unsafe { sslsession_field_by_name(c"test_only".as_ptr()) };
    assert_eq!(usize::try_from(found), Ok(i));
    assert_eq!(i, 26);
    assert_eq!(sslsession_field_tag(i), 21);
    assert_eq!(sslsession_field_kind(i), SSLSESSION_FIELD_UINT);

    let s = sslsession_session_new();
    let mut v = 0u64;
    // SAFETY: `s` is a live session until the free below; `v` is writable.
    unsafe {
        assert_eq!(sslsession_session_get_field_uint(s, i, &mut v), 0);
        assert_eq!(sslsession_session_set_field_uint(s, i, 42), 1);
        assert_eq!(sslsession_session_get_field_uint(s, i, &mut v), 1);
        assert_eq!(v, 42);
        // A u32: 2^32 is out of range, and the value stays.
        assert_eq!(sslsession_session_set_field_uint(s, i, 1 << 32), 0);
        assert_eq!(
            sslsession_err_get(),
            (SSLSESSION_ERR_LIB_USER << 23) | SSLSESSION_R_VALUE_OUT_OF_RANGE
        );
        assert_eq!(sslsession_session_get_field_uint(s, i, &mut v), 1);
        assert_eq!(v, 42);
        assert_eq!(sslsession_session_set_field_int(s, i, 1), 0);
        assert_eq!(
            sslsession_err_get(),
            (SSLSESSION_ERR_LIB_USER << 23) | SSLSESSION_R_WRONG_FIELD_KIND
        );
        assert_eq!(sslsession_session_clear_field(s, i), 1);
        assert_eq!(sslsession_session_get_field_uint(s, i, &mut v), 0);
        sslsession_session_free(s);
    }
    assert_eq!(sslsession_err_get(), 0);
}
