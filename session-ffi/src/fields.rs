//! Every field by index: the schema (`session_model::FIELDS`) at run time
//! for C, and getters and setters that take a field's index, so a C program
//! reaches every optional field — a row added to the schema later included —
//! without a new exported function.
//!
//! The index is the row in `FIELDS` (wire order): the five mandatory fields
//! first, then the optional ones, `[0]` key_arg onwards. The generic getters
//! and setters serve the optional fields; the mandatory ones (version,
//! protocol version, cipher, session id, master key) have typed accessors
//! with OpenSSL's own rules (`access.rs`) and are refused here.
//!
//! Like the typed accessors, every function runs inside the panic boundary,
//! checks its pointers, writes its outputs only on success and queues an
//! error when it fails (the shared helpers of `access.rs`).

use std::ffi::{c_char, c_int, CStr};

use session_model::{
    Asn1Type, Dialect, Field, FieldSpec, FieldValue, LimitError, Placement, SetError, ValueType,
    Written, FIELDS, MANDATORY_COUNT,
};

use crate::access::{bytes_in, bytes_out, check_certificate, read, write, write_out, Failed};
use crate::error::{
    pack, push, push_null, SSLSESSION_ERR_LIB_SSL, SSLSESSION_ERR_LIB_USER,
    SSLSESSION_R_FIELD_TOO_LONG, SSLSESSION_R_UNKNOWN_DIALECT, SSLSESSION_R_UNKNOWN_FIELD,
    SSLSESSION_R_VALUE_OUT_OF_RANGE, SSLSESSION_R_WRONG_FIELD_KIND,
    SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
};
use crate::handle::{sslsession_session, State};
use crate::panic::guard;

/// `sslsession_field_kind`: the field holds bytes (`get0_field_bytes`).
pub const SSLSESSION_FIELD_BYTES: c_int = 1;
/// `sslsession_field_kind`: the field holds a signed integer of at most 64
/// bits (`get_field_int`).
pub const SSLSESSION_FIELD_INT: c_int = 2;
/// `sslsession_field_kind`: the field holds an unsigned integer of at most 64
/// bits (`get_field_uint`).
pub const SSLSESSION_FIELD_UINT: c_int = 3;

// ------------------------------------------------------- the names, for C

/// The bytes of every field name, each followed by a NUL, in `FIELDS` order.
const NAMES_LEN: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        n += FIELDS[i].name.len() + 1;
        i += 1;
    }
    n
};

/// The names as C strings, built at compile time from `FIELDS` itself, so
/// the table cannot drift from the schema (a name with a NUL in it would
/// fail the build).
static NAMES: [u8; NAMES_LEN] = {
    let mut out = [0u8; NAMES_LEN];
    let mut at = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        let name = FIELDS[i].name.as_bytes();
        let mut j = 0;
        while j < name.len() {
            assert!(name[j] != 0, "a field name contains a NUL");
            out[at] = name[j];
            at += 1;
            j += 1;
        }
        // out[at] stays 0: the terminator.
        at += 1;
        i += 1;
    }
    out
};

/// Where each name starts in [`NAMES`].
const NAME_AT: [usize; FIELDS.len()] = {
    let mut out = [0; FIELDS.len()];
    let mut at = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        out[i] = at;
        at += FIELDS[i].name.len() + 1;
        i += 1;
    }
    out
};

/// The name of row `i` as a C string in static storage.
fn c_name(i: usize) -> &'static CStr {
    NAMES
        .get(NAME_AT[i]..)
        .and_then(|rest| CStr::from_bytes_until_nul(rest).ok())
        .unwrap_or(c"")
}

// ------------------------------------------------------- field lookup

/// What the generic accessors call a field's value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bytes,
    Int,
    Uint,
}

impl Kind {
    fn of(v: ValueType) -> Kind {
        if v == ValueType::Bytes {
            Kind::Bytes
        } else if v.is_signed() {
            Kind::Int
        } else {
            Kind::Uint
        }
    }

    fn code(self) -> c_int {
        match self {
            Kind::Bytes => SSLSESSION_FIELD_BYTES,
            Kind::Int => SSLSESSION_FIELD_INT,
            Kind::Uint => SSLSESSION_FIELD_UINT,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::Bytes => "bytes",
            Kind::Int => "a signed integer",
            Kind::Uint => "an unsigned integer",
        }
    }
}

fn push_kind(func: &str, detail: &str) {
    push(
        pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_WRONG_FIELD_KIND),
        func,
        detail,
    );
}

/// Row `index` of the schema, or `None` with `SSLSESSION_R_UNKNOWN_FIELD` queued.
fn row(func: &str, index: usize) -> Option<&'static FieldSpec> {
    let spec = FIELDS.get(index);
    if spec.is_none() {
        push(
            pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD),
            func,
            &format!("index {index}: no such field (there are {})", FIELDS.len()),
        );
    }
    spec
}

/// Row `index` if it is an optional field (of kind `want`, when given), or
/// `None` with the reason queued.
fn optional(func: &str, index: usize, want: Option<Kind>) -> Option<&'static FieldSpec> {
    let spec = row(func, index)?;
    if index < MANDATORY_COUNT {
        push_kind(
            func,
            &format!("{}: a mandatory field; it has its own accessors", spec.name),
        );
        return None;
    }
    let kind = Kind::of(spec.value);
    match want {
        Some(want) if want != kind => {
            push_kind(
                func,
                &format!(
                    "{}: holds {}, not {}",
                    spec.name,
                    kind.describe(),
                    want.describe()
                ),
            );
            None
        }
        _ => Some(spec),
    }
}

/// Row `index` if a setter may store a value of kind `want` in it: an
/// optional field that OpenSSL keeps, or one of the other libraries' own
/// (refused later for a session whose dialect does not store it). `[0]` key_arg is read and dropped by
/// OpenSSL 1.1.0+ (`Written::Never`; `ssl/ssl_asn1.c` never copies it into
/// the `SSL_SESSION`), so a session here never holds it either.
fn settable(func: &str, index: usize, want: Kind) -> Option<&'static FieldSpec> {
    let spec = optional(func, index, Some(want))?;
    // The other libraries' own fields are `Written::Never` for OpenSSL too;
    // whether a session may hold one is its dialect's question (`write`).
    if spec.written == Written::Never && spec.is_in(Dialect::OpenSsl) {
        push_kind(
            func,
            &format!(
                "{}: OpenSSL reads it and drops it; a session never holds it",
                spec.name
            ),
        );
        return None;
    }
    Some(spec)
}

/// The code a setter queues for a value over a field's length limit: the
/// one OpenSSL's own setter queues for the id context
/// (`SSL_SESSION_set1_id_context`), else this library's (OpenSSL has no
/// setter, or one that fails silently).
fn too_long_code(field: Field) -> u32 {
    if field == Field::SidCtx {
        pack(
            SSLSESSION_ERR_LIB_SSL,
            SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
        )
    } else {
        pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_FIELD_TOO_LONG)
    }
}

fn push_out_of_range(func: &str, name: &str, value: i128, why: &str) {
    push(
        pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_VALUE_OUT_OF_RANGE),
        func,
        &format!("{name}: {value} {why}"),
    );
}

/// Queues what `Session::set_int`/`set_bytes` refused, with the codes the
/// typed setters queue for the same value.
fn push_set_error(func: &str, e: SetError) {
    match e {
        SetError::OutOfRange { field, value } => {
            push_out_of_range(func, field.name(), value, "is outside the field's type");
        }
        SetError::Limit(l) => push(
            too_long_code(l.field),
            func,
            &format!(
                "{}: {} bytes, at most {} allowed",
                l.field.name(),
                l.len,
                l.max
            ),
        ),
        other => push_kind(func, &other.to_string()),
    }
}

/// A setter's return value: 1, or 0 with the refusal queued.
fn set_result(func: &str, r: Result<(), SetError>) -> c_int {
    match r {
        Ok(()) => 1,
        Err(e) => {
            push_set_error(func, e);
            0
        }
    }
}

// ------------------------------------------------------- the schema, for C

/// The number of fields, mandatory and optional: valid indexes are
/// `0 .. sslsession_field_count()`, in wire order. The first five are the
/// mandatory fields (tag -1), then OpenSSL's optional ones by context tag,
/// then the fields only the other libraries store (BoringSSL's and AWS-LC's
/// own, OpenSSL tag -1, in BoringSSL's tag order; `sslsession_field_tag_in`
/// says where each library keeps a field).
#[no_mangle]
pub extern "C" fn sslsession_field_count() -> usize {
    FIELDS.len()
}

/// The field's name, e.g. `"hostname"` (the key of the JSON record, the name
/// of its typed accessor), in static storage; NULL for an index out of range.
#[no_mangle]
pub extern "C" fn sslsession_field_name(index: usize) -> *const c_char {
    const F: &str = "sslsession_field_name";
    guard(std::ptr::null(), || {
        row(F, index).map_or(std::ptr::null(), |_| c_name(index).as_ptr())
    })
}

/// The field's context tag (`[n]` on the wire) in OpenSSL's encoding; -1
/// for a mandatory (untagged) field, for a field only the other libraries
/// store (BoringSSL's and AWS-LC's own: `sslsession_field_tag_in` gives
/// their tags) and for an index out of range (then an error is queued).
#[no_mangle]
pub extern "C" fn sslsession_field_tag(index: usize) -> c_int {
    const F: &str = "sslsession_field_tag";
    guard(-1, || {
        row(F, index).map_or(-1, |spec| match spec.placement(Dialect::OpenSsl) {
            Placement::Tagged(n) => c_int::from(n),
            Placement::Untagged | Placement::Absent => -1,
        })
    })
}

/// The field's context tag in `dialect`'s encoding (`"openssl"`,
/// `"boringssl"`, `"aws-lc"`, `"libressl"`): -1 for a mandatory (untagged)
/// field, -2 when that library does not store the field (its sessions read
/// it as absent and setters refuse it with `SSLSESSION_R_WRONG_FIELD_KIND`).
/// The other libraries' tags from `[13]` on mean other things than
/// OpenSSL's of the same number (BoringSSL's `[13]` is peerSHA256,
/// OpenSSL's flags). -1 with an error queued for an index out of range, a
/// NULL or unknown `dialect`.
///
/// # Safety
/// `dialect` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_field_tag_in(index: usize, dialect: *const c_char) -> c_int {
    const F: &str = "sslsession_field_tag_in";
    if dialect.is_null() {
        guard((), || push_null(F, "dialect"));
        return -1;
    }
    // SAFETY: non-NULL and NUL-terminated (contract).
    let name = unsafe { CStr::from_ptr(dialect) }.to_string_lossy();
    guard(-1, || {
        let d = match name.parse::<Dialect>() {
            Ok(d) => d,
            Err(e) => {
                push(
                    pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_DIALECT),
                    F,
                    &e.to_string(),
                );
                return -1;
            }
        };
        row(F, index).map_or(-1, |spec| match spec.placement(d) {
            Placement::Untagged => -1,
            Placement::Tagged(n) => c_int::from(n),
            Placement::Absent => -2,
        })
    })
}

/// What the field holds: `SSLSESSION_FIELD_BYTES`, `SSLSESSION_FIELD_INT` or
/// `SSLSESSION_FIELD_UINT`; 0 for an index out of range.
#[no_mangle]
pub extern "C" fn sslsession_field_kind(index: usize) -> c_int {
    const F: &str = "sslsession_field_kind";
    guard(0, || {
        row(F, index).map_or(0, |spec| Kind::of(spec.value).code())
    })
}

/// 1 when the field's value grants resumption or identifies a PSK user (the
/// master key, the ticket, the PSK identity and hint), which a program should
/// not log; 0 otherwise, and for an index out of range.
#[no_mangle]
pub extern "C" fn sslsession_field_is_secret(index: usize) -> c_int {
    const F: &str = "sslsession_field_is_secret";
    guard(0, || {
        row(F, index).map_or(0, |spec| c_int::from(spec.secret))
    })
}

/// The index of the field named `name` (as `sslsession_field_name` spells
/// it), or -1 when no field has that name (nothing queued, as OpenSSL's
/// `OBJ_sn2nid`) or `name` is NULL (`ERR_R_PASSED_NULL_PARAMETER`).
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_field_by_name(name: *const c_char) -> c_int {
    const F: &str = "sslsession_field_by_name";
    if name.is_null() {
        guard((), || push_null(F, "name"));
        return -1;
    }
    // SAFETY: non-NULL and NUL-terminated (contract).
    let name = unsafe { CStr::from_ptr(name) }.to_bytes();
    guard(-1, || {
        FIELDS
            .iter()
            .position(|spec| spec.name.as_bytes() == name)
            .and_then(|i| c_int::try_from(i).ok())
            .unwrap_or(-1)
    })
}

// ------------------------------------------------------- getters

/// Reads optional field `index` (of kind `kind`) and hands its value to
/// `out`, which writes the caller's outputs: 1 when present, 0 when absent
/// or on error (queued). `outs` names the required output pointers that are
/// NULL, checked first.
///
/// # Safety
/// `s` is NULL or a live session.
unsafe fn get_field<T: Failed>(
    s: *const sslsession_session,
    func: &str,
    (index, kind): (usize, Kind),
    null_out: Option<&str>,
    out: impl FnOnce(FieldValue<'_>) -> T,
) -> T {
    if let Some(arg) = null_out {
        guard((), || push_null(func, arg));
        return T::FAILED;
    }
    let value = |st: &State| {
        let Some(spec) = optional(func, index, Some(kind)) else {
            return T::FAILED;
        };
        st.session.get(spec.field).map_or(T::FAILED, out)
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { read(s, func, value) }
}

/// [`get_field`] for an integer field, into `*out` (required). The value
/// always fits: signed fields are at most `i64`, unsigned ones `u64`
/// (`ValueType`).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
unsafe fn get_field_integer<T: TryFrom<i128>>(
    s: *const sslsession_session,
    func: &str,
    field: (usize, Kind),
    out: *mut T,
) -> c_int {
    let store = |v: FieldValue<'_>| match v {
        FieldValue::Int(v) => T::try_from(v).map_or(0, |v| {
            // SAFETY: `out` is non-NULL (checked) and writable (contract).
            unsafe { write_out(out, v) };
            1
        }),
        _ => 0,
    };
    let null = out.is_null().then_some("out");
    // SAFETY: forwarded contract.
    unsafe { get_field(s, func, field, null, store) }
}

/// Reads optional field `index`, which holds a signed integer
/// (`SSLSESSION_FIELD_INT`: time, timeout, verify result, …), into `*out`.
/// Returns 1 when the field is present; 0 when it is absent (nothing
/// queued) or on error: NULL `s` or `out`, an index out of range, a field of
/// another kind or a mandatory field (error queued). `*out` is written only
/// when 1 is returned.
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_field_int(
    s: *const sslsession_session,
    index: usize,
    out: *mut i64,
) -> c_int {
    const F: &str = "sslsession_session_get_field_int";
    // SAFETY: forwarded contract.
    unsafe { get_field_integer(s, F, (index, Kind::Int), out) }
}

/// Reads optional field `index`, which holds an unsigned integer
/// (`SSLSESSION_FIELD_UINT`: flags, kex group, …), into `*out`; returns as
/// `sslsession_session_get_field_int` does.
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_field_uint(
    s: *const sslsession_session,
    index: usize,
    out: *mut u64,
) -> c_int {
    const F: &str = "sslsession_session_get_field_uint";
    // SAFETY: forwarded contract.
    unsafe { get_field_integer(s, F, (index, Kind::Uint), out) }
}

/// Reads optional field `index`, which holds bytes (`SSLSESSION_FIELD_BYTES`),
/// as `get0` accessors do: `*data` points into the session (valid until that
/// field is changed or the session freed; not NUL-terminated, never NULL,
/// also when the value is present but empty) and `*len` is its length.
/// Returns 1 when present; 0 when absent or on error, as
/// `sslsession_session_get_field_int`. Both outputs are required and written
/// only when 1 is returned.
///
/// # Safety
/// `s` is NULL or a live session; `data`, `len` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_field_bytes(
    s: *const sslsession_session,
    index: usize,
    data: *mut *const u8,
    len: *mut usize,
) -> c_int {
    const F: &str = "sslsession_session_get0_field_bytes";
    let store = |v: FieldValue<'_>| match v {
        FieldValue::Bytes(b) => {
            // SAFETY: both are non-NULL (checked) and writable (contract).
            unsafe {
                write_out(data, bytes_out(b));
                write_out(len, b.len());
            }
            1
        }
        _ => 0,
    };
    let null = if data.is_null() {
        Some("data")
    } else if len.is_null() {
        Some("len")
    } else {
        None
    };
    // SAFETY: forwarded contract.
    unsafe { get_field(s, F, (index, Kind::Bytes), null, store) }
}

// ------------------------------------------------------- setters

/// Stores integer `v` in optional field `index` of kind `kind`: 1, or 0
/// with the reason queued.
///
/// # Safety
/// `s` is NULL or a live session.
unsafe fn set_field_int(
    s: *mut sslsession_session,
    func: &str,
    (index, kind): (usize, Kind),
    v: i128,
) -> c_int {
    let store = |st: &mut State| {
        let Some(spec) = settable(func, index, kind) else {
            return 0;
        };
        // OpenSSL holds these in fewer bits than the wire allows
        // (`(int32_t)as->flags`, `(uint8_t)as->tlsext_max_fragment_len_mode`
        // in `ssl/ssl_asn1.c`), and the typed setters take that width: a
        // wider value is refused rather than cut.
        if let Written::LowBitsUnlessZero(bits) = spec.written {
            if bits < 64 && v >= 1i128 << bits {
                push_out_of_range(
                    func,
                    spec.name,
                    v,
                    &format!("is over the {bits} bits OpenSSL keeps"),
                );
                return 0;
            }
        }
        // Time and timeout are held as the session's OpenSSL version holds
        // them (3.2+: `OSSL_TIME`, wrapping), as `set_time`/`set_timeout` do.
        let v = match (spec.written, i64::try_from(v)) {
            (Written::HeldSecondsUnlessZero, Ok(seconds)) => i128::from(st.held(seconds)),
            _ => v,
        };
        set_result(func, st.session.set_int(spec.field, Some(v)))
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { write(s, func, store) }
}

/// Sets optional field `index`, which holds a signed integer
/// (`SSLSESSION_FIELD_INT`), to `v`. Returns 1; 0 for a value outside the
/// field's type (`SSLSESSION_R_VALUE_OUT_OF_RANGE`; e.g. the 32-bit
/// verify result), a NULL session, an index out of range, a field of
/// another kind or a mandatory field (error queued, session unchanged).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_field_int(
    s: *mut sslsession_session,
    index: usize,
    v: i64,
) -> c_int {
    const F: &str = "sslsession_session_set_field_int";
    // SAFETY: forwarded contract.
    unsafe { set_field_int(s, F, (index, Kind::Int), i128::from(v)) }
}

/// Sets optional field `index`, which holds an unsigned integer
/// (`SSLSESSION_FIELD_UINT`), to `v`. Returns 1; 0 for a value outside the
/// field's type or over the bits OpenSSL keeps of it (flags: 32, max
/// fragment length mode: 8; `SSLSESSION_R_VALUE_OUT_OF_RANGE`), and as
/// `sslsession_session_set_field_int` otherwise.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_field_uint(
    s: *mut sslsession_session,
    index: usize,
    v: u64,
) -> c_int {
    const F: &str = "sslsession_session_set_field_uint";
    // SAFETY: forwarded contract.
    unsafe { set_field_int(s, F, (index, Kind::Uint), i128::from(v)) }
}

/// Stores a copy of the `len` bytes at `data` in optional field `index`,
/// which holds bytes (`SSLSESSION_FIELD_BYTES`); `len == 0` stores a
/// present-but-empty value (`data` may then be NULL). Fields OpenSSL holds
/// as C strings (host name, PSK identity and hint, SRP user name) keep the
/// bytes before the first NUL, as `d2i_SSL_SESSION`'s `OPENSSL_strndup`
/// does; a certificate must pass the X.509 check `d2i_X509` makes when
/// OpenSSL reads the session back. Returns 1; 0, error queued and session
/// unchanged, for a value over OpenSSL's limit (id context: 32 bytes,
/// `SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG` as `set1_id_context`), a
/// rejected certificate, NULL `data` with `len > 0`, a NULL session, an
/// index out of range, a field of another kind, a mandatory field or
/// `key_arg` (which OpenSSL never keeps).
///
/// # Safety
/// `s` is NULL or a live session; `data` is NULL or points to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_field_bytes(
    s: *mut sslsession_session,
    index: usize,
    data: *const u8,
    len: usize,
) -> c_int {
    const F: &str = "sslsession_session_set1_field_bytes";
    let store = |st: &mut State| {
        let Some(spec) = settable(F, index, Kind::Bytes) else {
            return 0;
        };
        // Refused before the bytes are read or copied.
        if let Some(max) = spec.max_len.filter(|&max| len > max) {
            push_set_error(
                F,
                SetError::Limit(LimitError {
                    field: spec.field,
                    len,
                    max,
                }),
            );
            return 0;
        }
        // SAFETY: `data` points to `len` bytes (contract).
        let Some(mut b) = (unsafe { bytes_in(data, len, F, "data") }) else {
            return 0;
        };
        if spec.written == Written::CutAtNul {
            b = b.iter().position(|&c| c == 0).map_or(b, |i| &b[..i]);
        }
        if spec.asn1 == Asn1Type::Certificate && !check_certificate(F, spec.name, b) {
            return 0;
        }
        set_result(F, st.session.set_bytes(spec.field, Some(b.to_vec())))
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { write(s, F, store) }
}

/// Removes optional field `index` (any kind): it reads as absent and `i2d`
/// writes what OpenSSL 3 writes for it absent — nothing, or its default
/// for the id context and the kex group, which OpenSSL always writes.
/// Returns 1; 0 (error queued) for a NULL session, an index out of range or
/// a mandatory field.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_clear_field(
    s: *mut sslsession_session,
    index: usize,
) -> c_int {
    const F: &str = "sslsession_session_clear_field";
    let clear = |st: &mut State| {
        let Some(spec) = optional(F, index, None) else {
            return 0;
        };
        let done = match Kind::of(spec.value) {
            Kind::Bytes => st.session.set_bytes(spec.field, None),
            Kind::Int | Kind::Uint => st.session.set_int(spec.field, None),
        };
        set_result(F, done)
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { write(s, F, clear) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_the_schema_name() {
        assert_eq!(NAMES.iter().filter(|&&b| b == 0).count(), FIELDS.len());
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(c_name(i).to_str(), Ok(spec.name));
        }
    }
}
