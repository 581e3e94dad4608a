//! The decoding entry points.

use std::borrow::Cow;

use bytes::Bytes;
use session_model::{
    openssl_rows, BytesSession, CowSession, Dialect, Field, OpenSslVersion, OwnedSession,
    SessionRef, MANDATORY_COUNT,
};

use crate::assemble::assemble;
use crate::error::{DecodeError, ErrorKind};
use crate::{boringssl, libressl, openssl_mode, strict};

/// Which inputs a decoder accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// DER only: minimal lengths and integers, definite lengths, primitive
    /// strings, fields in ascending tag order, no unknown fields; plus
    /// OpenSSL's semantic checks. Reads what every supported OpenSSL version
    /// writes: `[20]` as 3.2+ reads it, any version's cipher codes.
    Strict,
    /// Exactly what this OpenSSL version's `d2i_SSL_SESSION` accepts, BER
    /// leniencies included (`crypto/asn1/tasn_dec.c`, `ssl/ssl_asn1.c`):
    /// its template's fields, its cipher table, its master key limit, its
    /// `d2i_PUBKEY` for `[20]`.
    OpenSsl(OpenSslVersion),
    /// Exactly what BoringSSL's `SSL_SESSION_parse` accepts (`ssl/ssl_asn1.cc`
    /// of the BoringSSL `boring-sys` 5.4 vendors): its strict-DER CBS reader,
    /// its elements `[1]`–`[33]`, its cipher table and its checks.
    BoringSsl,
    /// Exactly what AWS-LC's `SSL_SESSION_parse` accepts (AWS-LC 5.12, as
    /// `aws-lc-sys` 0.47 vendors it): BoringSSL's rules up to `[30]`, its own
    /// cipher table and `[14]` limit.
    AwsLc,
    /// Exactly what LibreSSL's `d2i_SSL_SESSION` accepts (`ssl_asn1.c` rev
    /// 1.69, LibreSSL 4.3): `[1]`–`[6]`, `[9]`, `[10]`, looked for in order,
    /// and anything after them ignored.
    LibreSsl,
}

impl Mode {
    /// The OpenSSL version this mode reproduces, if any.
    pub const fn openssl_version(self) -> Option<OpenSslVersion> {
        match self {
            Mode::OpenSsl(version) => Some(version),
            _ => None,
        }
    }

    /// The dialect this mode reads: strict mode reads OpenSSL's.
    pub const fn dialect(self) -> Dialect {
        match self {
            Mode::Strict | Mode::OpenSsl(_) => Dialect::OpenSsl,
            Mode::BoringSsl => Dialect::BoringSsl,
            Mode::AwsLc => Dialect::AwsLc,
            Mode::LibreSsl => Dialect::LibreSsl,
        }
    }

    /// The mode that reads `dialect` as its library does (OpenSSL: the
    /// default version, 3.5).
    pub const fn of_dialect(dialect: Dialect) -> Self {
        match dialect {
            Dialect::BoringSsl => Mode::BoringSsl,
            Dialect::AwsLc => Mode::AwsLc,
            Dialect::LibreSsl => Mode::LibreSsl,
            _ => Mode::OpenSsl(OpenSslVersion::LTS),
        }
    }
}

/// Options for a decoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeOptions {
    mode: Mode,
    allow_trailing: bool,
    check_certificate: bool,
}

impl DecodeOptions {
    /// Strict DER, exactly one session, peer certificate syntax checked.
    pub const fn strict() -> Self {
        DecodeOptions {
            mode: Mode::Strict,
            allow_trailing: false,
            check_certificate: true,
        }
    }

    /// The default OpenSSL version's (3.5, the LTS) acceptance:
    /// [`DecodeOptions::openssl_version`] of [`OpenSslVersion::default`].
    pub const fn openssl() -> Self {
        Self::openssl_version(OpenSslVersion::LTS)
    }

    /// `version`'s acceptance, bytes after the session allowed (as `d2i`
    /// reads one SEQUENCE and reports how far it got), certificate checked as
    /// `d2i_X509` would.
    pub const fn openssl_version(version: OpenSslVersion) -> Self {
        DecodeOptions {
            mode: Mode::OpenSsl(version),
            allow_trailing: true,
            check_certificate: true,
        }
    }

    /// `dialect`'s library's acceptance: [`DecodeOptions::openssl`] for
    /// OpenSSL, else that library's `d2i_SSL_SESSION` (bytes after the
    /// session allowed; [`DecodeOptions::allow_trailing`]`(false)` gives
    /// BoringSSL's and AWS-LC's `SSL_SESSION_from_bytes`).
    pub const fn dialect(dialect: Dialect) -> Self {
        match dialect {
            Dialect::BoringSsl | Dialect::AwsLc | Dialect::LibreSsl => DecodeOptions {
                mode: Mode::of_dialect(dialect),
                allow_trailing: true,
                check_certificate: true,
            },
            _ => Self::openssl(),
        }
    }

    /// Whether bytes may follow the session (the result's `consumed` says
    /// where it ends).
    pub const fn allow_trailing(mut self, allow: bool) -> Self {
        self.allow_trailing = allow;
        self
    }

    /// Whether to check the peer certificate's X.509 syntax as OpenSSL's
    /// `d2i_X509` does. Turning it off is faster and accepts certificates
    /// OpenSSL would refuse; the bytes are kept as they are either way.
    pub const fn check_certificate(mut self, check: bool) -> Self {
        self.check_certificate = check;
        self
    }

    /// The mode.
    pub const fn mode(&self) -> Mode {
        self.mode
    }

    pub(crate) const fn trailing_allowed(&self) -> bool {
        self.allow_trailing
    }

    pub(crate) const fn check_certificate_enabled(&self) -> bool {
        self.check_certificate
    }
}

/// A mode's own defaults: [`DecodeOptions::strict`] or [`DecodeOptions::openssl_version`].
impl From<Mode> for DecodeOptions {
    fn from(mode: Mode) -> Self {
        match mode {
            Mode::Strict => Self::strict(),
            Mode::OpenSsl(version) => Self::openssl_version(version),
            other => Self::dialect(other.dialect()),
        }
    }
}

/// That version's defaults ([`DecodeOptions::openssl_version`]).
impl From<OpenSslVersion> for DecodeOptions {
    fn from(version: OpenSslVersion) -> Self {
        Self::openssl_version(version)
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self::strict()
    }
}

/// A decoded session and the length of the encoding it came from (what
/// `d2i_SSL_SESSION` advances `*pp` by).
#[derive(Debug)]
pub struct Decoded<S> {
    /// The session.
    pub session: S,
    /// Bytes of input the session occupied; any bytes after it were not read.
    pub consumed: usize,
}

/// Bytes follow the session at `consumed`.
#[cold]
pub(crate) fn trailing(input: &[u8], consumed: usize) -> DecodeError {
    DecodeError::new(
        ErrorKind::TrailingData {
            len: input.len() - consumed,
        },
        Field::Session,
        consumed,
    )
}

fn check_trailing(input: &[u8], consumed: usize, opts: &DecodeOptions) -> Result<(), DecodeError> {
    if !opts.allow_trailing && consumed != input.len() {
        return Err(trailing(input, consumed));
    }
    Ok(())
}

/// Decodes exactly one strict-DER session into a zero-copy view: the common case.
///
/// # Errors
/// Anything [`Mode::Strict`] rejects, and bytes after the session.
#[inline]
pub fn decode(input: &[u8]) -> Result<SessionRef<'_>, DecodeError> {
    strict::decode(input, &DecodeOptions::strict()).map(|d| d.session)
}

/// Decodes with `opts` into the session type the caller names, which picks
/// the storage of its byte fields:
///
/// | `S` | fields | allocates |
/// | --- | --- | --- |
/// | [`SessionRef<'a>`] | point into `input` | nothing; [`ErrorKind::NeedsOwnedStorage`] for a segmented BER string, which no view can hold |
/// | [`CowSession<'a>`] | point into `input`, owned where BER had to be reassembled | only for reassembled strings |
/// | [`OwnedSession`] | copied | one buffer per field |
///
/// For a session that shares an owned buffer without copying, see [`decode_bytes`].
///
/// ```
/// use session_der::{decode_with, DecodeOptions};
/// use session_der::session_model::OwnedSession;
///
/// # let der = session_der::encode(&session_der::session_model::OwnedSession::new(
/// #     session_der::session_model::ProtocolVersion::TLS1_3,
/// #     session_der::session_model::CipherSuite(0x1301)), session_der::Target::Auto)?;
/// // Read the way OpenSSL's d2i_SSL_SESSION does, keeping an owned copy.
/// let d = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl())?;
/// assert_eq!(d.consumed, der.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// What the options reject.
#[inline]
pub fn decode_with<'a, S: FromInput<'a>>(
    input: &'a [u8],
    opts: &DecodeOptions,
) -> Result<Decoded<S>, DecodeError> {
    S::decode_from(input, opts)
}

mod sealed {
    pub trait Sealed {}
}

/// A session type [`decode_with`] can fill from an input borrowed for `'a`:
/// [`SessionRef<'a>`], [`CowSession<'a>`] or [`OwnedSession`].
pub trait FromInput<'a>: Sized + sealed::Sealed {
    /// Decodes one session from `input` with `opts`.
    ///
    /// # Errors
    /// What the options reject.
    fn decode_from(input: &'a [u8], opts: &DecodeOptions) -> Result<Decoded<Self>, DecodeError>;
}

impl sealed::Sealed for SessionRef<'_> {}
impl sealed::Sealed for CowSession<'_> {}
impl sealed::Sealed for OwnedSession {}

impl<'a> FromInput<'a> for SessionRef<'a> {
    #[inline]
    fn decode_from(input: &'a [u8], opts: &DecodeOptions) -> Result<Decoded<Self>, DecodeError> {
        decode_ref(input, opts)
    }
}

impl<'a> FromInput<'a> for CowSession<'a> {
    #[inline]
    fn decode_from(input: &'a [u8], opts: &DecodeOptions) -> Result<Decoded<Self>, DecodeError> {
        decode_cow(input, opts)
    }
}

impl<'a> FromInput<'a> for OwnedSession {
    fn decode_from(input: &'a [u8], opts: &DecodeOptions) -> Result<Decoded<Self>, DecodeError> {
        let d = decode_cow(input, opts)?;
        Ok(Decoded {
            session: d.session.into_storage(Cow::into_owned),
            consumed: d.consumed,
        })
    }
}

/// Decodes into a view that borrows from `input` wherever it can.
///
/// Only a BER segmented OCTET STRING (OpenSSL mode) makes a field owned.
#[inline]
fn decode_cow<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
) -> Result<Decoded<CowSession<'a>>, DecodeError> {
    match opts.mode {
        Mode::Strict => strict::decode(input, opts).map(|d| Decoded {
            session: d.session.convert(|b| Cow::Borrowed(*b)),
            consumed: d.consumed,
        }),
        Mode::BoringSsl | Mode::AwsLc | Mode::LibreSsl => {
            other_dialect(input, opts).map(|d| Decoded {
                session: d.session.convert(|b| Cow::Borrowed(*b)),
                consumed: d.consumed,
            })
        }
        Mode::OpenSsl(version) => {
            if let Some(d) = der_fast_path_out_of_line(input, opts, version)? {
                return Ok(Decoded {
                    session: d.session.convert(|b| Cow::Borrowed(*b)),
                    consumed: d.consumed,
                });
            }
            decode_templates(input, opts, version)
        }
    }
}

/// OpenSSL mode by OpenSSL's own templates: BER input, or anything the DER
/// fast path leaves to them (a field newer than the version, or a value only
/// the version refuses), which they refuse with the exact error.
fn decode_templates<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
    version: OpenSslVersion,
) -> Result<Decoded<CowSession<'a>>, DecodeError> {
    let (parsed, consumed) = openssl_mode::parse(input, opts.check_certificate, version)?;
    check_trailing(input, consumed, opts)?;
    let session = assemble(parsed, consumed, Some(version))?;
    Ok(Decoded { session, consumed })
}

/// The number of context tags `version`'s template has (1.1.1: `[0]`–`[18]`,
/// 3.0: `[19]`, 3.2+: `[20]`): its `d2i` rejects a session holding a later
/// one. (Fewer than 32 tags: no truncation.)
#[allow(clippy::cast_possible_truncation)]
const fn count_tags(version: OpenSslVersion) -> u8 {
    (openssl_rows(version.release()) - MANDATORY_COUNT) as u8
}

/// [`count_tags`] of every version, computed once: a lookup on the fast path.
const TAGS: [u8; OpenSslVersion::ALL.len()] = {
    let mut tags = [0; OpenSslVersion::ALL.len()];
    let mut i = 0;
    while i < tags.len() {
        tags[i] = count_tags(OpenSslVersion::ALL[i]);
        i += 1;
    }
    tags
};

#[inline(always)]
fn tags_of(version: OpenSslVersion) -> u8 {
    TAGS[version.index()]
}

/// OpenSSL mode on DER input — everything OpenSSL itself writes — reads the
/// same as strict mode, which is several times cheaper than walking OpenSSL's
/// templates: DER is BER without the leniencies, and the two modes share the
/// semantic checks and the certificate rules. Strict mode reads what any
/// version writes, so what only some versions accept is checked here: fields
/// newer than `version` and its master key limit (the strict reader looks the
/// cipher up in the version's table). `None`
/// means "not DER, or not this version's: use the templates".
///
/// Inlined into [`decode_ref`] beside its strict arm: under callgrind both
/// modes took fewer instructions than with a call.
#[inline(always)]
fn der_fast_path<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
    version: OpenSslVersion,
) -> Result<Option<Decoded<SessionRef<'a>>>, DecodeError> {
    // Trailing bytes are judged after the mode is settled, as for the templates.
    let mut tags = 0;
    let Ok(d) = strict::decode_with_tags(input, &opts.allow_trailing(true), &mut tags) else {
        return Ok(None);
    };
    // (The cipher was looked up in the version's table as it was read.)
    if tags > tags_of(version) || d.session.master_key().len() > version.max_master_key_len() {
        return Ok(None);
    }
    check_trailing(input, d.consumed, opts)?;
    Ok(Some(d))
}

/// [`der_fast_path`] as a function of its own, for [`decode_cow`]: inlined
/// there beside the strict arm, OpenSSL mode took more instructions under
/// callgrind.
#[inline(never)]
fn der_fast_path_out_of_line<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
    version: OpenSslVersion,
) -> Result<Option<Decoded<SessionRef<'a>>>, DecodeError> {
    der_fast_path(input, opts, version)
}

/// Decodes into a zero-copy view: every byte field points into `input`, and
/// nothing is allocated.
#[inline]
fn decode_ref<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
) -> Result<Decoded<SessionRef<'a>>, DecodeError> {
    match opts.mode {
        Mode::Strict => strict::decode(input, opts),
        Mode::OpenSsl(version) => {
            if let Some(d) = der_fast_path(input, opts, version)? {
                return Ok(d);
            }
            decode_ref_from_templates(input, opts, version)
        }
        Mode::BoringSsl | Mode::AwsLc | Mode::LibreSsl => other_dialect(input, opts),
    }
}

/// The decoders of the other libraries, which never reassemble a string:
/// every field is a slice of `input`.
#[inline(never)]
fn other_dialect<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
) -> Result<Decoded<SessionRef<'a>>, DecodeError> {
    let dialect = opts.mode.dialect();
    match dialect {
        Dialect::LibreSsl => libressl::decode(input, opts.allow_trailing, opts.check_certificate),
        _ => boringssl::decode(input, dialect, opts.allow_trailing, opts.check_certificate),
    }
}

/// OpenSSL mode on BER input into a view (the DER fast path has already
/// declined it): refused where a segmented string had to be reassembled.
/// Kept out of line, off the DER path.
#[inline(never)]
fn decode_ref_from_templates<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
    version: OpenSslVersion,
) -> Result<Decoded<SessionRef<'a>>, DecodeError> {
    let d = decode_templates(input, opts, version)?;
    let session = d
        .session
        .try_convert(|c| match c {
            Cow::Borrowed(b) => Some(*b),
            Cow::Owned(_) => None,
        })
        .ok_or(DecodeError::new(
            ErrorKind::NeedsOwnedStorage,
            Field::Session,
            0,
        ))?;
    Ok(Decoded {
        session,
        consumed: d.consumed,
    })
}

/// Decodes into a session whose fields are slices of `input`'s shared buffer:
/// no copy and no allocation once `input` is shared (a `Bytes` made from a
/// `Vec` allocates its shared header on the first slice).
///
/// To have the buffer wiped when the last field referring to it drops, make
/// it with `Bytes::from_owner(zeroize::Zeroizing::new(vec))`.
///
/// # Errors
/// What the options reject.
pub fn decode_bytes(
    input: &Bytes,
    opts: &DecodeOptions,
) -> Result<Decoded<BytesSession>, DecodeError> {
    // Strict mode never reassembles a string: no `Cow` in between.
    if opts.mode == Mode::Strict {
        let d = strict::decode(input.as_ref(), opts)?;
        return Ok(Decoded {
            session: d.session.into_storage(|b| input.slice_ref(b)),
            consumed: d.consumed,
        });
    }
    let d = decode_cow(input.as_ref(), opts)?;
    let session = d.session.into_storage(|c| match c {
        Cow::Borrowed(b) => input.slice_ref(b),
        // A reassembled segmented string moves into a Bytes of its own, with
        // no allocation; being its only handle, a master key is wiped on drop.
        Cow::Owned(v) => Bytes::from(v),
    });
    Ok(Decoded {
        session,
        consumed: d.consumed,
    })
}
