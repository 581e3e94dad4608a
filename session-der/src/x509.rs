//! The X.509 certificate syntax OpenSSL 3.0 checks when a session carries a
//! peer certificate: `d2i_SSL_SESSION` decodes `[3]` with the `X509` template
//! (`crypto/x509/x_x509.c`, `x_name.c`, `x_pubkey.c`, `x_algor.c`, `x_exten.c`,
//! `x_val.c`) and fails the whole session if that fails.
//!
//! Only syntax is checked, as OpenSSL does at this point: no signature, no key
//! decoding (OpenSSL tries to decode the key but ignores failure), no validity
//! dates, no extension contents.

use std::borrow::Cow;

use ossl_asn1::der::{
    identifier_len, push_header as header, push_identifier, push_length, tlv_len,
};

use crate::ber::{get_object, LongLength};
use crate::error::{CertificateError, ErrorKind};
use crate::template::{bits, Discard, Engine, Fail, IntRule, Multi, Tagging, Tmpl, Ty};

/// `B_ASN1_PRINTABLE`: the value types an X509_NAME_ENTRY may have.
const B_PRINTABLE: u32 = bits::PRINTABLE;

/// `B_ASN1_TIME`.
const B_TIME: u32 = bits::TIME;

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

/// One element: its identifier (the first octet in low-tag-number form,
/// `0x1F` in its tag bits for a number past 30, and the number), content and
/// whole encoding.
struct Part<'a> {
    first: u8,
    number: u32,
    constructed: bool,
    /// The content; of an indefinite length, without its end-of-contents.
    content: &'a [u8],
    whole: &'a [u8],
}

impl<'a> Part<'a> {
    /// A primitive element that exists only as content (re-encoded).
    fn primitive(first: u8, number: u32, content: &'a [u8]) -> Self {
        Part {
            first,
            number,
            constructed: false,
            content,
            whole: &[],
        }
    }

    /// Whether this is universal tag number `tag`, in either form.
    fn is_universal(&self, tag: u8) -> bool {
        self.first & 0xDF == tag
    }
}

/// Splits the first element off `input`, an indefinite length included
/// (through its end-of-contents marker).
fn part(input: &[u8]) -> Option<(Part<'_>, &[u8])> {
    // Re-reads what a template walk accepted: the more lenient rule (3.6+)
    // reads whatever any version accepted.
    let h = get_object(input, false, LongLength::MayEndData).ok()?;
    // A tag number past 30 has no low-tag-number form: its first octet is
    // marked `0x1F` ("high form") with its class, and the number is kept for
    // writing it back (a universal one is an ANY of that type, which
    // ASN1_put_object writes in the high form again: `primitive`).
    let tag = match u8::try_from(h.tag) {
        Ok(t) if t < 31 => t,
        _ => 0x1F,
    };
    let (content_len, end) = if h.indefinite {
        let n =
            ossl_asn1::find_end_with(input.get(h.header_len..)?, LongLength::MayEndData).ok()?;
        (n.checked_sub(2)?, h.header_len + n)
    } else {
        (h.len, h.header_len + h.len)
    };
    // The identifier in its low-tag-number form (a high form of a small
    // number is read as that tag and written back short).
    let first = h.class | if h.constructed { 0x20 } else { 0 } | tag;
    Some((
        Part {
            first,
            number: h.tag,
            constructed: h.constructed,
            content: input.get(h.header_len..h.header_len + content_len)?,
            whole: input.get(..end)?,
        },
        input.get(end..)?,
    ))
}

/// The elements of `content`, in order.
fn parts(mut content: &[u8]) -> Option<Vec<Part<'_>>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (e, next) = part(content)?;
        out.push(e);
        content = next;
    }
    Some(out)
}

/// The content of a universal string type as d2i holds it: a primitive's
/// content, or a constructed one's segments collected (`asn1_collect`).
fn string_content<'a>(e: &Part<'a>) -> Option<Cow<'a, [u8]>> {
    if !e.constructed {
        return Some(Cow::Borrowed(e.content));
    }
    let engine = Engine::new(e.content, false);
    let mut content = Vec::with_capacity(e.content.len());
    engine
        .collect(0, e.content.len(), false, &mut |s| {
            content.extend_from_slice(s)
        })
        .ok()?;
    Some(Cow::Owned(content))
}

const BIT_STRING: u8 = 0x03;
const SEQUENCE: u8 = 0x10;

/// Content length of a primitive as OpenSSL re-encodes it: a BIT STRING with
/// no data octets comes back as the single octet 0 (`i2c_ASN1_BIT_STRING`).
fn primitive_len(e: &Part<'_>) -> usize {
    if e.first == BIT_STRING && e.content.len() <= 1 {
        1
    } else {
        e.content.len()
    }
}

/// Length of a primitive re-encoded in DER, header included (a tag number
/// past 30 in the high form).
fn primitive_tlv_len(e: &Part<'_>) -> usize {
    identifier_len(e.number) - 1 + tlv_len(primitive_len(e))
}

/// A primitive re-encoded in DER. `c2i_ASN1_BIT_STRING` clears the unused bits
/// of the last octet, so they come back as zeros.
fn primitive(out: &mut Vec<u8>, e: &Part<'_>) {
    push_identifier(out, e.first & 0xE0, e.number);
    push_length(out, primitive_len(e));
    match (e.first, e.content) {
        (BIT_STRING, [] | [_]) => out.push(0),
        (BIT_STRING, [unused, data @ .., last]) => {
            out.push(*unused);
            out.extend_from_slice(data);
            out.push(last & (0xFF << (unused & 7)));
        }
        _ => out.extend_from_slice(e.content),
    }
}

/// How OpenSSL writes back one parameter of an `X509_ALGOR` (an `ASN1_TYPE`).
enum Param<'a> {
    /// SEQUENCE, SET or a non-universal class: kept as its raw encoding.
    Raw(&'a [u8]),
    /// A primitive, re-encoded in DER.
    Primitive(Part<'a>),
    /// A constructed universal string type (identifier octet and tag
    /// number), collected into one primitive.
    Collected(u8, u32, Vec<u8>),
}

impl Param<'_> {
    fn len(&self) -> usize {
        match self {
            Param::Raw(b) => b.len(),
            Param::Primitive(e) => primitive_tlv_len(e),
            Param::Collected(first, number, c) => {
                primitive_tlv_len(&Part::primitive(*first, *number, c))
            }
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Param::Raw(b) => out.extend_from_slice(b),
            Param::Primitive(e) => primitive(out, e),
            Param::Collected(first, number, c) => {
                primitive(out, &Part::primitive(*first, *number, c))
            }
        }
    }
}

fn param(e: Part<'_>) -> Option<Param<'_>> {
    // `ASN1_TYPE` holds a SEQUENCE, a SET or an element of another class
    // (`V_ASN1_OTHER`) as its whole encoding, written back as it came, a
    // high-tag-number form or a long-form length included; any other
    // universal type as its content, written back in DER.
    let kept_whole = e.first & 0xC0 != 0 || matches!(e.first & 0x1F, 16 | 17);
    Some(match (kept_whole, e.constructed) {
        (true, _) => Param::Raw(e.whole),
        (false, false) => Param::Primitive(e),
        // asn1_collect, as d2i did it: the segments' contents in order.
        (false, true) => {
            Param::Collected(e.first & !0x20, e.number, string_content(&e)?.into_owned())
        }
    })
}

/// The certificate as OpenSSL's (and LibreSSL's) `i2d_X509` writes it after
/// `d2i_X509`.
///
/// `X509_CINF` caches its encoding (`ASN1_SEQUENCE_enc`), so the
/// TBSCertificate comes back exactly as received, BER included (an
/// indefinite length too); the outer SEQUENCE, the signature algorithm and
/// the signature are re-encoded in DER (`crypto/x509/x_x509.c`, `x_algor.c`;
/// FORMAT.md §3 rule 6): indefinite lengths become definite, a constructed
/// signature BIT STRING primitive (checked against OpenSSL 3.0 and 3.5 by
/// interop's `oracle_edges`). Inside the algorithm, `ASN1_TYPE` keeps a
/// SEQUENCE, SET or other-class parameter as its raw encoding and writes any
/// other type back primitive. `None` when nothing would change or the bytes
/// are not a certificate's three elements (kept as received).
pub(crate) fn as_openssl_writes(cert: &[u8]) -> Option<Vec<u8>> {
    let (outer, rest) = part(cert)?;
    if !rest.is_empty() || !outer.is_universal(SEQUENCE) {
        return None;
    }
    let [tbs, alg, sig] = <[Part<'_>; 3]>::try_from(parts(outer.content)?).ok()?;
    let out = sequence_as_openssl_writes(tbs.whole, &alg, &sig)?;
    (out != cert).then_some(out)
}

/// The SubjectPublicKeyInfo at the start of `spki` as OpenSSL 3.2+'s
/// `i2d_PUBKEY` writes it back after `d2i_PUBKEY` read it, as far as the
/// SPKI's own structure goes: `X509_PUBKEY_INTERNAL` is read with the
/// BER-tolerant templates and written in DER, so indefinite and long-form
/// lengths become definite and minimal, the algorithm's parameter comes
/// back as `ASN1_TYPE` writes it (as in a certificate's algorithm) and the
/// key BIT STRING primitive (checked against 3.5.5, 3.6.3 and 4.0.3 by
/// interop's `oracle_edges`). `None` when it is not those two elements.
pub(crate) fn spki_as_openssl_writes(spki: &[u8]) -> Option<Vec<u8>> {
    let (outer, _) = part(spki)?;
    if !outer.is_universal(SEQUENCE) {
        return None;
    }
    let [alg, key] = <[Part<'_>; 2]>::try_from(parts(outer.content)?).ok()?;
    sequence_as_openssl_writes(&[], &alg, &key)
}

/// The shape a certificate and a SubjectPublicKeyInfo share, as OpenSSL
/// writes it back: a SEQUENCE of `kept` (the certificate's cached
/// TBSCertificate; nothing for an SPKI), an `X509_ALGOR` (its parameter as
/// `ASN1_TYPE` writes it: `param`) and an `ASN1_BIT_STRING` (primitive,
/// unused bits cleared: `primitive`), every header in DER. `None` when `alg`
/// is not a SEQUENCE or `bits` not a BIT STRING.
fn sequence_as_openssl_writes(kept: &[u8], alg: &Part<'_>, bits: &Part<'_>) -> Option<Vec<u8>> {
    if !alg.is_universal(SEQUENCE) || !bits.is_universal(BIT_STRING) {
        return None;
    }
    let bits_content = string_content(bits)?;
    let bits = Part::primitive(BIT_STRING, BIT_STRING.into(), &bits_content);
    let params = parts(alg.content)?
        .into_iter()
        .map(param)
        .collect::<Option<Vec<_>>>()?;
    // Lengths first, so the result is one allocation.
    let alg_len: usize = params.iter().map(Param::len).sum();
    let body_len = kept.len() + tlv_len(alg_len) + primitive_tlv_len(&bits);
    let mut out = Vec::with_capacity(tlv_len(body_len));
    header(&mut out, 0x30, body_len);
    out.extend_from_slice(kept);
    header(&mut out, 0x30, alg_len);
    params.iter().for_each(|p| p.write(&mut out));
    primitive(&mut out, &bits);
    Some(out)
}

/// An element kept unparsed (the certificate when its check is off) with its
/// header in DER, so that writing it back gives bytes OpenSSL's header reader
/// takes in any container. `window` is what its container had left from the
/// element on (OpenSSL's reader needs the room to read some long-form
/// headers), `len` the element's length. `None` when the header already is
/// DER or the length is indefinite.
pub(crate) fn with_der_header(window: &[u8], len: usize) -> Option<Vec<u8>> {
    let h = get_object(window, false, LongLength::MayEndData).ok()?;
    if h.indefinite || h.header_len + h.len != len || len == tlv_len(h.len) {
        return None;
    }
    let mut out = Vec::with_capacity(tlv_len(h.len));
    header(&mut out, h.first, h.len);
    out.extend_from_slice(window.get(h.header_len..len)?);
    Some(out)
}
