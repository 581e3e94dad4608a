//! The measured operations of the BoringSSL and AWS-LC oracle workspaces,
//! shared by both (`#[path]`-included next to `crate::ffi`, the library's
//! binding) and by the two ways they are measured: the `callgrind-op` driver
//! (`callgrind_op.rs`, instructions) and the criterion bench
//! (`criterion_codec.rs`, time), so that both measure exactly the same code,
//! as `benches/src/ops.rs` does for ours and OpenSSL's.
//!
//! A session of the bench corpus (OpenSSL's dialect) is read with our decoder
//! and converted to the library's dialect by our `convert` (the role, which
//! BoringSSL and AWS-LC record and OpenSSL does not, is the side of the
//! session), then written as the library writes it ([`converted`]). The
//! library must read those bytes back both ways and write exactly them
//! ([`Prepared::new`], checked once, outside the measurement: a benchmark of
//! an error path would be meaningless).

use std::hint::black_box;
use std::os::raw::c_long;
use std::ptr;

use session_der::session_model::{Dialect, OwnedSession};
use session_der::{
    convert, decode_with, encode, ConvertError, ConvertOptions, DecodeOptions, Role, Target,
};

use crate::ffi;

/// One measured operation of the library's session codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `SSL_SESSION_from_bytes(der, ctx)`, then `SSL_SESSION_free`.
    FromBytes,
    /// `d2i_SSL_SESSION(NULL, &p, len)`, then `SSL_SESSION_free`.
    D2i,
    /// `SSL_SESSION_to_bytes` into the library's buffer, then `OPENSSL_free`.
    ToBytes,
    /// `i2d_SSL_SESSION` twice, into a new `Vec` (as the `openssl` crate's
    /// `to_der`).
    I2d,
}

impl Op {
    /// Every operation, decoders first.
    pub const ALL: [Op; 4] = [Op::FromBytes, Op::D2i, Op::ToBytes, Op::I2d];

    /// The name the tables use (`benches/compare.sh`, `compare-table.py`).
    pub fn name(self) -> &'static str {
        match self {
            Op::FromBytes => "from-bytes",
            Op::D2i => "d2i",
            Op::ToBytes => "to-bytes",
            Op::I2d => "i2d",
        }
    }

    /// The operation named `name`.
    pub fn from_name(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Whether it reads a session (criterion group `decode`) rather than
    /// writes one (`encode`).
    pub fn is_decode(self) -> bool {
        matches!(self, Op::FromBytes | Op::D2i)
    }
}

/// An `SSL_SESSION` the library made, freed on drop.
struct Session(*mut ffi::SSL_SESSION);

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: we own this reference (SSL_SESSION_free accepts NULL).
        unsafe { ffi::SSL_SESSION_free(self.0) }
    }
}

/// An `SSL_CTX` (never NULL), freed on drop.
struct Ctx(*mut ffi::SSL_CTX);

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: we own this reference.
        unsafe { ffi::SSL_CTX_free(self.0) }
    }
}

/// `SSL_SESSION_from_bytes(der, ctx)` (ssl_asn1.cc): the whole input must be
/// one session, whose certificates go through `ctx`'s X509 method.
fn from_bytes(der: &[u8], ctx: &Ctx) -> Session {
    // SAFETY: der is valid for der.len() bytes; ctx is a live context.
    Session(unsafe { ffi::SSL_SESSION_from_bytes(der.as_ptr(), der.len(), ctx.0) })
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

/// Why there is nothing to measure.
pub enum Refusal {
    /// Our converter refuses: the library cannot hold what resuming needs
    /// (the tables' "n/a").
    CannotHold(String),
    /// Reading the file, our decoding or encoding, or the library failed.
    Failed(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::CannotHold(e) => write!(f, "not in this dialect: {e}"),
            Refusal::Failed(e) => f.write_str(e),
        }
    }
}

/// The session of `der` (OpenSSL's dialect) in `dialect`, as that library
/// writes it.
pub fn converted(der: &[u8], dialect: Dialect, role: Role) -> Result<Vec<u8>, Refusal> {
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

/// A converted session ready to be measured: its bytes, a context for
/// `SSL_SESSION_from_bytes` and the session the library read, for the
/// encoders. (Fields drop in order: the session before its context.)
pub struct Prepared {
    der: Vec<u8>,
    session: Session,
    ctx: Ctx,
}

impl Prepared {
    /// Checks that the library reads `der` (in its dialect, from
    /// [`converted`]) both ways and writes exactly it back.
    pub fn new(der: Vec<u8>) -> Result<Self, Refusal> {
        // SAFETY: TLS_method() is a static method table; SSL_CTX_new returns
        // an owned context or NULL (checked).
        let ctx = unsafe { ffi::SSL_CTX_new(ffi::TLS_method()) };
        if ctx.is_null() {
            return Err(Refusal::Failed("SSL_CTX_new failed".into()));
        }
        let ctx = Ctx(ctx);
        let session = from_bytes(&der, &ctx);
        let by_d2i = d2i(&der);
        if session.0.is_null() || by_d2i.0.is_null() {
            return Err(Refusal::Failed(
                "the library refuses the converted session".into(),
            ));
        }
        if i2d(&session) != der || i2d(&by_d2i) != der || to_bytes(&session) != der.len() {
            return Err(Refusal::Failed(
                "the library does not write back the converted session".into(),
            ));
        }
        Ok(Prepared { der, session, ctx })
    }

    /// The session's bytes in the library's dialect.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// One run of `op`, its result dropped inside the run.
    pub fn run(&self, op: Op) -> Box<dyn FnMut() + '_> {
        match op {
            Op::FromBytes => {
                Box::new(|| drop(black_box(from_bytes(black_box(&self.der), &self.ctx))))
            }
            Op::D2i => Box::new(|| drop(black_box(d2i(black_box(&self.der))))),
            Op::ToBytes => Box::new(|| {
                black_box(to_bytes(black_box(&self.session)));
            }),
            Op::I2d => Box::new(|| drop(black_box(i2d(black_box(&self.session))))),
        }
    }
}
