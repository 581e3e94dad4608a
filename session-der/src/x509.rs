//! The X.509 certificate syntax OpenSSL 3.0 checks when a session carries a
//! peer certificate: `d2i_SSL_SESSION` decodes `[3]` with the `X509` template
//! (`crypto/x509/x_x509.c`, `x_name.c`, `x_pubkey.c`, `x_algor.c`, `x_exten.c`,
//! `x_val.c`) and fails the whole session if that fails.
//!
//! Only syntax is checked, as OpenSSL does at this point: no signature, no key
//! decoding (OpenSSL tries to decode the key but ignores failure), no validity
//! dates, no extension contents.

use crate::error::{CertificateError, ErrorKind};
use crate::template::{bits, Discard, Engine, Fail, IntRule, Multi, Tagging, Tmpl, Ty};

/// `B_ASN1_PRINTABLE`: the value types an X509_NAME_ENTRY may have.
const B_PRINTABLE: u32 = bits::NUMERICSTRING
    | bits::PRINTABLESTRING
    | bits::T61STRING
    | bits::IA5STRING
    | bits::BIT_STRING
    | bits::UNIVERSALSTRING
    | bits::BMPSTRING
    | bits::UTF8STRING
    | bits::SEQUENCE
    | bits::UNKNOWN;

/// `B_ASN1_TIME`.
const B_TIME: u32 = bits::UTCTIME | bits::GENERALIZEDTIME;

/// `X509_ALGOR`: algorithm OBJECT, parameters ANY OPTIONAL.
static ALGOR: [Tmpl; 2] = [Tmpl::req(Ty::Object), Tmpl::opt(Ty::Any)];

/// `X509_VAL`.
static VALIDITY: [Tmpl; 2] = [
    Tmpl::req(Ty::MString(B_TIME, false)),
    Tmpl::req(Ty::MString(B_TIME, false)),
];

/// `X509_EXTENSION`: the value OCTET STRING is not parsed at decode time.
static EXTENSION: [Tmpl; 3] = [
    Tmpl::req(Ty::Object),
    Tmpl::opt(Ty::Boolean),
    Tmpl::req(Ty::OctetString),
];

/// `X509_NAME_ENTRY`.
static NAME_ENTRY: [Tmpl; 2] = [
    Tmpl::req(Ty::Object),
    Tmpl::req(Ty::MString(B_PRINTABLE, true)),
];

/// `X509_NAME_ENTRIES`: SET OF X509_NAME_ENTRY (one RDN).
static RDN: Tmpl = Tmpl {
    tagging: Tagging::None,
    multi: Multi::SetOf,
    optional: false,
    ty: Ty::Seq(&NAME_ENTRY),
};

/// `X509_NAME_INTERNAL`: SEQUENCE OF RDN.
static NAME_INTERNAL: Tmpl = Tmpl {
    tagging: Tagging::None,
    multi: Multi::SeqOf,
    optional: false,
    ty: Ty::ItemTemplate(&RDN),
};

/// `X509_PUBKEY_INTERNAL`.
static PUBKEY: [Tmpl; 2] = [Tmpl::req(Ty::Seq(&ALGOR)), Tmpl::req(Ty::BitString)];

/// `X509_CINF`.
static TBS: [Tmpl; 10] = [
    Tmpl::exp_opt(0, Ty::Int(IntRule::Asn1)),
    Tmpl::req(Ty::Int(IntRule::Asn1)),
    Tmpl::req(Ty::Seq(&ALGOR)),
    Tmpl::req(Ty::Name(&NAME_INTERNAL)),
    Tmpl::req(Ty::Seq(&VALIDITY)),
    Tmpl::req(Ty::Name(&NAME_INTERNAL)),
    Tmpl::req(Ty::Seq(&PUBKEY)),
    Tmpl::imp_opt(1, Ty::BitString),
    Tmpl::imp_opt(2, Ty::BitString),
    Tmpl {
        tagging: Tagging::Explicit(3),
        multi: Multi::SeqOf,
        optional: true,
        ty: Ty::Seq(&EXTENSION),
    },
];

/// `X509`.
pub(crate) static CERTIFICATE: [Tmpl; 3] = [
    Tmpl::req(Ty::Seq(&TBS)),
    Tmpl::req(Ty::Seq(&ALGOR)),
    Tmpl::req(Ty::BitString),
];

/// Turns any failure inside a certificate into `InvalidCertificate`.
pub(crate) fn as_certificate_error(f: Fail) -> Fail {
    match f.kind {
        ErrorKind::InvalidCertificate(_) => f,
        _ => Fail {
            kind: ErrorKind::InvalidCertificate(CertificateError::Structure),
            offset: f.offset,
        },
    }
}

/// Checks that `input[pos..pos + len]` starts with a certificate OpenSSL's
/// `d2i_X509` accepts, and returns where it ends.
pub(crate) fn check(engine: &Engine<'_>, pos: usize, len: usize) -> Result<usize, Fail> {
    if engine.is_der() && crate::x509_fast::certainly_valid(engine.input(), pos, pos + len) {
        return Ok(pos + len);
    }
    check_with_templates(engine, pos, len)
}

/// The certificate check by OpenSSL's templates alone.
pub(crate) fn check_with_templates(
    engine: &Engine<'_>,
    pos: usize,
    len: usize,
) -> Result<usize, Fail> {
    match engine.seq(pos, len, (0, 16), false, &CERTIFICATE, &mut Discard, 0) {
        Ok(Some((end, _))) => Ok(end),
        Ok(None) => Err(Fail {
            kind: ErrorKind::InvalidCertificate(CertificateError::Structure),
            offset: pos,
        }),
        Err(f) => Err(as_certificate_error(f)),
    }
}
