//! OpenSSL mode: what a version's `d2i_SSL_SESSION` accepts, and nothing else.
//!
//! The session is walked with OpenSSL's own template (`SSL_SESSION_ASN1` in
//! `ssl/ssl_asn1.c`: `[0]` to `[18]` in 1.1.1, `[19]` in 3.0, `[20]` from 3.2)
//! through the template interpreter, so BER leniencies, the "last field is
//! mandatory" quirk and the certificate syntax check all match OpenSSL's.
//! Every version's template is the schema's leading rows, so one template
//! of all the rows serves them all, cut to the version's length.

use std::borrow::Cow;

use session_model::{
    openssl_rows, Asn1Type, Field, OpenSslRelease, OpenSslVersion, Tagging, ValueType, FIELDS,
};

use crate::assemble::Parsed;
use crate::ber::{IntType, LongLength, UNIVERSAL};
use crate::error::{DecodeError, ErrorKind};
use crate::peer_rpk;
use crate::template::{Engine, Fail, IntRule, Sink, Tmpl, Ty, Val};
use crate::x509;

/// The `x_int64.c` type OpenSSL reads an INTEGER field with.
const fn int_type(value: ValueType) -> IntType {
    match value {
        ValueType::I64 => IntType::I64,
        ValueType::U64 => IntType::U64,
        ValueType::I32 => IntType::I32,
        _ => IntType::U32,
    }
}

/// An `SSL_SESSION_ASN1` template of the schema's first `N` rows (a
/// release's rows: [`openssl_rows`]), with `peer` as the certificate's item.
const fn session_template<const N: usize>(peer: Ty) -> [Tmpl; N] {
    let mut out = [Tmpl::req(Ty::Opaque); N];
    let mut i = 0;
    while i < N {
        let spec = &FIELDS[i];
        let ty = match spec.asn1 {
            Asn1Type::Integer => Ty::Int(IntRule::Session(int_type(spec.value))),
            Asn1Type::Certificate => peer,
            _ => Ty::OctetString,
        };
        out[i] = match spec.tagging {
            Tagging::Untagged => Tmpl::req(ty),
            Tagging::Implicit(n) => Tmpl::imp_opt(n as u32, ty),
            Tagging::Explicit(n) => Tmpl::exp_opt(n as u32, ty),
        };
        i += 1;
    }
    out
}

static SESSION: [Tmpl; FIELDS.len()] = session_template(Ty::Seq(&x509::CERTIFICATE));
static SESSION_UNCHECKED_PEER: [Tmpl; FIELDS.len()] = session_template(Ty::Opaque);

struct SessionSink<'a> {
    input: &'a [u8],
    check_certificate: bool,
    parsed: Parsed<Cow<'a, [u8]>>,
    current: usize,
    current_offset: usize,
    /// The release whose `d2i_PUBKEY` reads `[20]`.
    rpk_release: Option<ossl_pkey::Release>,
}

impl<'a> Sink<'a> for SessionSink<'a> {
    fn begin(&mut self, index: usize, offset: usize) {
        self.current = index;
        self.current_offset = offset;
    }

    fn field(&mut self, index: usize, val: Val<'a>, at: usize) -> Result<(), Fail> {
        let p = &mut self.parsed;
        match val {
            Val::Int(n) => {
                if let Some(slot) = p.ints.get_mut(index) {
                    *slot = Some((n, at));
                }
            }
            Val::Bytes(b) => {
                let is_public_key =
                    FIELDS.get(index).map(|spec| spec.asn1) == Some(Asn1Type::PublicKey);
                let b = if is_public_key {
                    if let Some(release) = self.rpk_release {
                        peer_rpk::check_peer_rpk(&b, release)
                            .map_err(|kind| Fail { kind, offset: at })?;
                    }
                    as_i2d_pubkey_writes(b)
                } else {
                    b
                };
                if let Some(slot) = p.bytes.get_mut(index) {
                    *slot = Some((b, at));
                }
            }
            Val::Raw(start, end) => {
                let is_certificate =
                    FIELDS.get(index).map(|spec| spec.asn1) == Some(Asn1Type::Certificate);
                if let (true, Some(slot)) = (is_certificate, p.bytes.get_mut(index)) {
                    // OpenSSL holds the certificate as an X509, whose i2d
                    // differs from BER input in its outer parts.
                    // Unchecked, it is kept as an element whose header
                    // is made DER, so any container can hold it again.
                    *slot = self.input.get(start..end).map(|cert| {
                        let reencoded = if self.check_certificate {
                            x509::as_openssl_writes(cert)
                        } else {
                            x509::with_der_header(
                                self.input.get(start..).unwrap_or(cert),
                                cert.len(),
                            )
                        };
                        (reencoded.map_or(Cow::Borrowed(cert), Cow::Owned), at)
                    });
                }
            }
            Val::Unit => {}
        }
        Ok(())
    }
}

/// `asn1_get_length`'s rule in `version` (OpenSSL 3.6 lets a long-form
/// length's octets end the data). (The other rule that changed, the
/// shortest times `asn1_ex_c2i` takes, applies from 3.5: `parse`.)
const fn long_length(version: OpenSslVersion) -> LongLength {
    if version.is_at_least(OpenSslRelease::new(3, 6)) {
        LongLength::MayEndData
    } else {
        LongLength::OctetMustFollow
    }
}

/// `[20]` as 3.2+'s `i2d_SSL_SESSION` writes it back: `i2d_PUBKEY` of the
/// key `d2i_PUBKEY` read, i.e. the first element of the OCTET STRING (bytes
/// after it are ignored by `d2i` and dropped) in DER
/// (`x509::spki_as_openssl_writes`). Kept as is when it is no
/// SubjectPublicKeyInfo (the key check refuses it).
fn as_i2d_pubkey_writes(content: Cow<'_, [u8]>) -> Cow<'_, [u8]> {
    match x509::spki_as_openssl_writes(&content) {
        Some(der) if der != *content => Cow::Owned(der),
        _ => content,
    }
}

/// The fields and the consumed length.
type ParsedSession<'a> = (Parsed<Cow<'a, [u8]>>, usize);

/// Decodes one session the way `version` does; returns the fields and how
/// many bytes `d2i` would consume.
pub(crate) fn parse(
    input: &[u8],
    check_certificate: bool,
    version: OpenSslVersion,
) -> Result<ParsedSession<'_>, DecodeError> {
    // 3.0+'s asn1_item_embed_d2i refuses an item of no length, the session
    // included, as too small; 1.1.1 reads the header of nothing
    // (ASN1_R_HEADER_TOO_LONG).
    let empty_item_too_small = version.is_at_least(OpenSslRelease::new(3, 0));
    if input.is_empty() {
        let kind = if empty_item_too_small {
            ErrorKind::Empty
        } else {
            ErrorKind::BadHeader
        };
        return Err(DecodeError::new(kind, Field::Session, 0));
    }
    let engine = Engine::new(input, false).version_rules(
        long_length(version),
        version.is_at_least(OpenSslRelease::new(3, 5)),
        empty_item_too_small,
    );
    let mut sink = SessionSink {
        input,
        check_certificate,
        parsed: Parsed::default(),
        current: usize::MAX,
        current_offset: 0,
        rpk_release: peer_rpk::release(version),
    };
    let rows = openssl_rows(version.release());
    let all: &'static [Tmpl] = if check_certificate {
        &SESSION
    } else {
        &SESSION_UNCHECKED_PEER
    };
    let template = all.get(..rows).unwrap_or(all);
    match engine.seq(
        0,
        input.len(),
        (UNIVERSAL, 16),
        false,
        template,
        &mut sink,
        0,
    ) {
        Ok(Some((end, _))) => Ok((sink.parsed, end)),
        Ok(None) => Err(DecodeError::new(ErrorKind::BadHeader, Field::Session, 0)),
        Err(f) => {
            let field = FIELDS
                .get(sink.current)
                .map_or(Field::Session, |spec| spec.field);
            let last_row = rows.checked_sub(1) == Some(sink.current);
            let kind = match (field, f.kind) {
                // A stray element reaches the last template, which OpenSSL then
                // treats as mandatory: it is an unexpected field, not a bad
                // value of the version's last field.
                (_, ErrorKind::UnexpectedTag { found })
                    if last_row && f.offset == sink.current_offset =>
                {
                    return Err(DecodeError::new(
                        ErrorKind::UnexpectedField { found },
                        Field::Session,
                        f.offset,
                    ));
                }
                (Field::PeerCertificate, k)
                    if check_certificate
                        && f.offset > sink.current_offset
                        && k != ErrorKind::ExplicitLengthMismatch =>
                {
                    x509::as_certificate_error(f).kind
                }
                (_, k) => k,
            };
            // Left-over bytes belong to no field: OpenSSL reports them on the type.
            let field = if kind == ErrorKind::SequenceLengthMismatch {
                Field::Session
            } else {
                field
            };
            Err(DecodeError::new(kind, field, f.offset))
        }
    }
}
