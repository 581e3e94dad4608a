//! OpenSSL mode: what OpenSSL 3.0's `d2i_SSL_SESSION` accepts, and nothing else.
//!
//! The session is walked with OpenSSL's own template (`SSL_SESSION_ASN1` in
//! `ssl/ssl_asn1.c`, 3.0: `[0]` to `[19]`) through the template interpreter, so
//! BER leniencies, the "last field is mandatory" quirk and the certificate
//! syntax check all match OpenSSL's.

use std::borrow::Cow;

use session_model::Field;

use crate::assemble::Parsed;
use crate::ber::{IntType, UNIVERSAL};
use crate::error::{DecodeError, ErrorKind};
use crate::template::{Engine, Fail, IntRule, Sink, Tmpl, Ty, Val};
use crate::x509;

const fn int(t: IntType) -> Ty {
    Ty::Int(IntRule::Session(t))
}

macro_rules! session_template {
    ($name:ident, $peer:expr) => {
        static $name: [Tmpl; 25] = [
            Tmpl::req(int(IntType::U32)),
            Tmpl::req(int(IntType::I32)),
            Tmpl::req(Ty::OctetString),
            Tmpl::req(Ty::OctetString),
            Tmpl::req(Ty::OctetString),
            Tmpl::imp_opt(0, Ty::OctetString),
            Tmpl::exp_opt(1, int(IntType::I64)),
            Tmpl::exp_opt(2, int(IntType::I64)),
            Tmpl::exp_opt(3, $peer),
            Tmpl::exp_opt(4, Ty::OctetString),
            Tmpl::exp_opt(5, int(IntType::I32)),
            Tmpl::exp_opt(6, Ty::OctetString),
            Tmpl::exp_opt(7, Ty::OctetString),
            Tmpl::exp_opt(8, Ty::OctetString),
            Tmpl::exp_opt(9, int(IntType::U64)),
            Tmpl::exp_opt(10, Ty::OctetString),
            Tmpl::exp_opt(11, Ty::OctetString),
            Tmpl::exp_opt(12, Ty::OctetString),
            Tmpl::exp_opt(13, int(IntType::U64)),
            Tmpl::exp_opt(14, int(IntType::U32)),
            Tmpl::exp_opt(15, int(IntType::U32)),
            Tmpl::exp_opt(16, Ty::OctetString),
            Tmpl::exp_opt(17, int(IntType::U32)),
            Tmpl::exp_opt(18, Ty::OctetString),
            Tmpl::exp_opt(19, int(IntType::U32)),
        ];
    };
}

session_template!(SESSION, Ty::Seq(&x509::CERTIFICATE));
session_template!(SESSION_UNCHECKED_PEER, Ty::Opaque);

/// Template index → field.
const FIELDS: [Field; 25] = [
    Field::Version,
    Field::ProtocolVersion,
    Field::Cipher,
    Field::SessionId,
    Field::MasterKey,
    Field::KeyArg,
    Field::Time,
    Field::Timeout,
    Field::PeerCertificate,
    Field::SidCtx,
    Field::VerifyResult,
    Field::Hostname,
    Field::PskIdentityHint,
    Field::PskIdentity,
    Field::TicketLifetimeHint,
    Field::Ticket,
    Field::CompressionId,
    Field::SrpUsername,
    Field::Flags,
    Field::TicketAgeAdd,
    Field::MaxEarlyData,
    Field::AlpnSelected,
    Field::MaxFragmentLenMode,
    Field::TicketAppdata,
    Field::KexGroup,
];

struct SessionSink<'a> {
    input: &'a [u8],
    check_certificate: bool,
    parsed: Parsed<Cow<'a, [u8]>>,
    current: usize,
    current_offset: usize,
}

fn narrow<T: TryFrom<i128>>(v: i128, offset: usize) -> Result<T, Fail> {
    // The interpreter has already applied the field's range; this cannot fail.
    T::try_from(v).map_err(|_| Fail {
        kind: ErrorKind::IntegerTooLarge,
        offset,
    })
}

impl<'a> Sink<'a> for SessionSink<'a> {
    fn begin(&mut self, index: usize, offset: usize) {
        self.current = index;
        self.current_offset = offset;
    }

    fn field(&mut self, index: usize, val: Val<'a>, at: usize) -> Result<(), Fail> {
        let p = &mut self.parsed;
        match val {
            Val::Int(n) => match index {
                0 => p.version = Some((n, at)),
                1 => p.ssl_version = Some((n, at)),
                6 => p.time = Some(narrow(n, at)?),
                7 => p.timeout = Some(narrow(n, at)?),
                10 => p.verify_result = Some(narrow(n, at)?),
                14 => p.ticket_lifetime_hint = Some(narrow(n, at)?),
                18 => p.flags = Some(narrow(n, at)?),
                19 => p.ticket_age_add = Some(narrow(n, at)?),
                20 => p.max_early_data = Some(narrow(n, at)?),
                22 => p.max_fragment_len_mode = Some(narrow(n, at)?),
                24 => p.kex_group = Some(narrow(n, at)?),
                _ => {}
            },
            Val::Bytes(b) => match index {
                2 => p.cipher = Some((b, at)),
                3 => p.session_id = Some((b, at)),
                4 => p.master_key = Some((b, at)),
                5 => p.key_arg = Some(b),
                9 => p.sid_ctx = Some((b, at)),
                11 => p.hostname = Some(b),
                12 => p.psk_identity_hint = Some(b),
                13 => p.psk_identity = Some(b),
                15 => p.ticket = Some(b),
                16 => p.compression = Some((b, at)),
                17 => p.srp_username = Some(b),
                21 => p.alpn_selected = Some(b),
                23 => p.ticket_appdata = Some(b),
                _ => {}
            },
            Val::Raw(start, end) => {
                if index == 8 {
                    // OpenSSL holds the certificate as an X509, whose i2d
                    // differs from BER input in its outer parts.
                    // Unchecked, it is kept as an element whose header
                    // is made DER, so any container can hold it again.
                    p.peer = self.input.get(start..end).map(|cert| {
                        let reencoded = if self.check_certificate {
                            x509::as_openssl_writes(cert)
                        } else {
                            x509::with_der_header(
                                self.input.get(start..).unwrap_or(cert),
                                cert.len(),
                            )
                        };
                        reencoded.map_or(Cow::Borrowed(cert), Cow::Owned)
                    });
                }
            }
            Val::Unit => {}
        }
        Ok(())
    }
}

/// The fields and the consumed length.
type ParsedSession<'a> = (Parsed<Cow<'a, [u8]>>, usize);

/// Decodes one session the way OpenSSL 3.0 does; returns the fields and how
/// many bytes `d2i` would consume.
pub(crate) fn parse(
    input: &[u8],
    check_certificate: bool,
) -> Result<ParsedSession<'_>, DecodeError> {
    if input.is_empty() {
        return Err(DecodeError::new(ErrorKind::Empty, Field::Session, 0));
    }
    let engine = Engine::new(input, false);
    let mut sink = SessionSink {
        input,
        check_certificate,
        parsed: Parsed::default(),
        current: usize::MAX,
        current_offset: 0,
    };
    let template: &'static [Tmpl] = if check_certificate {
        &SESSION
    } else {
        &SESSION_UNCHECKED_PEER
    };
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
            let field = FIELDS.get(sink.current).copied().unwrap_or(Field::Session);
            let kind = match (field, f.kind) {
                // A stray element reaches the last template, which OpenSSL then
                // treats as mandatory: it is an unexpected field, not a bad kex_group.
                (Field::KexGroup, ErrorKind::UnexpectedTag { found })
                    if f.offset == sink.current_offset =>
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
