//! The `callgrind-op` driver of the BoringSSL and AWS-LC oracle workspaces,
//! shared by both (`#[path]`-included by each one's `src/bin/callgrind-op.rs`,
//! which names the library as `crate::ffi` and gives its dialect): the peer
//! operations `benches/compare.sh` counts with valgrind, the way
//! `benches/src/bin/callgrind-op.rs` runs ours and OpenSSL's.
//!
//! Usage: `callgrind-op OPERATION FILE N [client|server]`; the operation
//! `size` prints the length of the converted session instead.
//!
//! FILE is a session in OpenSSL's dialect (the bench corpus); it is read with
//! our decoder and converted to the library's dialect by our `convert` (the
//! role, which BoringSSL and AWS-LC record and OpenSSL does not, from the
//! fourth argument; server by default, as `ConvertOptions::new()` has it),
//! then written as the library writes it. The library must read those bytes
//! back and write exactly them (checked once, outside the measurement). The
//! operation then runs once (warm-up) and N times; instructions per
//! operation are `(Ir(N) - Ir(0)) / N` of the whole process.

use std::hint::black_box;
use std::os::raw::c_long;
use std::process::ExitCode;
use std::ptr;

use session_der::session_model::{Dialect, OwnedSession};
use session_der::{
    convert, decode_with, encode, ConvertError, ConvertOptions, DecodeOptions, Role, Target,
};

use crate::ffi;

/// The operations, by the names the tables use.
const OPS: [&str; 4] = ["from-bytes", "d2i", "to-bytes", "i2d"];

/// An `SSL_SESSION` the library made, freed on drop.
struct Session(*mut ffi::SSL_SESSION);

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: we own this reference (SSL_SESSION_free accepts NULL).
        unsafe { ffi::SSL_SESSION_free(self.0) }
    }
}

/// `SSL_SESSION_from_bytes(der, ctx)` (ssl_asn1.cc): the whole input must be
/// one session, whose certificates go through `ctx`'s X509 method.
fn from_bytes(der: &[u8], ctx: *mut ffi::SSL_CTX) -> Session {
    // SAFETY: der is valid for der.len() bytes; ctx is a live context.
    Session(unsafe { ffi::SSL_SESSION_from_bytes(der.as_ptr(), der.len(), ctx) })
}

/// `d2i_SSL_SESSION(NULL, &p, len)` (ssl_x509.cc: the OpenSSL-compatible
/// form, with the library's default X509 method).
fn d2i(der: &[u8]) -> Session {
    let mut p = der.as_ptr();
    let len = c_long::try_from(der.len()).unwrap_or(c_long::MAX);
    // SAFETY: p points to der.len() readable bytes; d2i advances it within them.
    Session(unsafe { ffi::d2i_SSL_SESSION(ptr::null_mut(), &mut p, len) })
}

/// `SSL_SESSION_to_bytes` into a buffer the library allocates, then
/// `OPENSSL_free`: the bytes' length, 0 on failure.
fn to_bytes(s: &Session) -> usize {
    let mut out = ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: s is live; out/len are out-parameters.
    let ok = unsafe { ffi::SSL_SESSION_to_bytes(s.0, &mut out, &mut len) };
    black_box(out);
    // SAFETY: out is NULL or the library's OPENSSL_malloc'ed buffer.
    unsafe { ffi::OPENSSL_free(out.cast()) };
    if ok == 1 {
        len
    } else {
        0
    }
}

/// `i2d_SSL_SESSION` as the `openssl` crate's `to_der` calls OpenSSL's (the
/// `openssl-i2d` operation of the benches): once for the length, then into
/// a new `Vec` of that length.
fn i2d(s: &Session) -> Vec<u8> {
    // SAFETY: a NULL output pointer asks for the length only.
    let n = unsafe { ffi::i2d_SSL_SESSION(s.0, ptr::null_mut()) };
    let mut out = vec![0u8; usize::try_from(n).unwrap_or(0)];
    let mut p = out.as_mut_ptr();
    // SAFETY: out has room for the n bytes i2d reported.
    let m = unsafe { ffi::i2d_SSL_SESSION(s.0, &mut p) };
    out.truncate(usize::try_from(m).unwrap_or(0));
    out
}

/// Why there is nothing to measure: the session cannot be put in the
/// library's dialect (exit status 3, which `benches/compare.sh` shows as
/// "n/a"), or something failed (status 1).
enum Refusal {
    /// Our converter refuses: the library cannot hold what resuming needs.
    CannotHold(String),
    /// Reading the file or our decoding or encoding failed.
    Failed(String),
}

/// The session of `der` (OpenSSL's dialect) in `dialect`, as that library
/// writes it.
fn converted(der: &[u8], dialect: Dialect, role: Role) -> Result<Vec<u8>, Refusal> {
    let failed = |e: &dyn std::fmt::Display| Refusal::Failed(e.to_string());
    let d = decode_with::<OwnedSession>(der, &DecodeOptions::strict()).map_err(|e| failed(&e))?;
    let c =
        convert(&d.session, dialect, &ConvertOptions::new().role(role)).map_err(|e| match e {
            ConvertError::CannotResume { .. } => Refusal::CannotHold(e.to_string()),
            e => failed(&e),
        })?;
    Ok(encode(&c.session, Target::Auto)
        .map_err(|e| failed(&e))?
        .to_vec())
}

/// Runs the driver for the library `crate::ffi` binds, whose dialect is
/// `dialect`.
pub fn main(dialect: Dialect) -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (op, file, n, role) = match args.as_slice() {
        [_, op, file, n] => (op, file, n, "server"),
        [_, op, file, n, role] => (op, file, n, role.as_str()),
        _ => {
            eprintln!(
                "usage: callgrind-op OPERATION FILE N [client|server]\noperations: {}",
                OPS.join(" ")
            );
            return ExitCode::from(2);
        }
    };
    let role = match role {
        "client" => Role::Client,
        "server" => Role::Server,
        _ => {
            eprintln!("the role is client or server, not {role}");
            return ExitCode::from(2);
        }
    };
    if !OPS.contains(&op.as_str()) && op != "size" {
        eprintln!("unknown operation {op}; operations: {}", OPS.join(" "));
        return ExitCode::from(2);
    }
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("N must be a number, not {n}");
        return ExitCode::from(2);
    };
    let der = match std::fs::read(file)
        .map_err(|e| Refusal::Failed(e.to_string()))
        .and_then(|der| converted(&der, dialect, role))
    {
        Ok(der) => der,
        Err(Refusal::CannotHold(e)) => {
            eprintln!("{file}: not in this dialect: {e}");
            return ExitCode::from(3);
        }
        Err(Refusal::Failed(e)) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if op == "size" {
        println!("{}", der.len());
        return ExitCode::SUCCESS;
    }
    // SAFETY: TLS_method() is a static method table; SSL_CTX_new returns an
    // owned context or NULL (checked below). It lives until the process ends.
    let ctx = unsafe { ffi::SSL_CTX_new(ffi::TLS_method()) };
    if ctx.is_null() {
        eprintln!("SSL_CTX_new failed");
        return ExitCode::FAILURE;
    }
    // Check once, outside the measurement, that the library reads the
    // converted bytes both ways and writes exactly them back: a benchmark of
    // an error path would be meaningless.
    let session = from_bytes(&der, ctx);
    let by_d2i = d2i(&der);
    if session.0.is_null() || by_d2i.0.is_null() {
        eprintln!("{file}: the library refuses the converted session");
        return ExitCode::FAILURE;
    }
    if i2d(&session) != der || i2d(&by_d2i) != der || to_bytes(&session) != der.len() {
        eprintln!("{file}: the library does not write back the converted session");
        return ExitCode::FAILURE;
    }
    let mut run: Box<dyn FnMut()> = match op.as_str() {
        "from-bytes" => Box::new(|| drop(black_box(from_bytes(black_box(&der), ctx)))),
        "d2i" => Box::new(|| drop(black_box(d2i(black_box(&der))))),
        "to-bytes" => Box::new(|| {
            black_box(to_bytes(black_box(&session)));
        }),
        _ => Box::new(|| drop(black_box(i2d(black_box(&session))))),
    };
    run();
    for _ in 0..n {
        run();
    }
    ExitCode::SUCCESS
}
