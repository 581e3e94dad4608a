//! A BER certificate as OpenSSL's `d2i_X509` holds it, written back in DER
//! so the printers (which read the certificate's structure as DER) print
//! what `X509_print` prints from that parse.
//!
//! `d2i_X509` reads the certificate with the `X509` templates
//! (`crypto/x509/x_x509.c`, `x_name.c`, `x_pubkey.c`, `x_algor.c`,
//! `x_exten.c`, `x_val.c`) and keeps values, not encodings: headers (long
//! forms, leading zero length octets, high-tag-number forms of low tags,
//! indefinite lengths) are gone, and a constructed (segmented) string is one
//! string (`asn1_collect`). What it keeps as encoded, it keeps as read: an
//! ANY (an algorithm's parameters, a name entry's value) holding a SEQUENCE,
//! a SET or another class. So the skeleton is rewritten with DER headers and
//! collected strings, and those ANY values are copied as they are (a printer
//! that meets BER inside them decides for itself, as it does in extension
//! values). Extension values are OCTET STRINGs: their content is copied, and
//! the extension printers read it with OpenSSL's rules (`ber.rs`).
//!
//! The walk follows the templates' own rules (`asn1_template_noexp_d2i`,
//! `asn1_item_embed_d2i`): tags are compared by class and number; an
//! OPTIONAL field is absent when the tag differs; a SEQUENCE, an EXPLICIT
//! tag and an ANY's SEQUENCE or SET must be constructed, INTEGER, OBJECT and
//! BOOLEAN primitive; a SEQUENCE OF may be either; end-of-contents ends an
//! indefinite length and is an error in a definite one. Whatever does not
//! fit is [`Unsupported`]: OpenSSL would refuse it, or it is not reproduced
//! here.

use ossl_asn1::der::{push_identifier, push_length};
use ossl_asn1::{check_eoc, class, collect, find_end, get_object, tag, Header};

use super::Unsupported;

/// How one element is read and written back.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// A SEQUENCE (`ASN1_ITYPE_SEQUENCE`) with these fields.
    Seq(&'static [Field]),
    /// A SEQUENCE OF or SET OF, each item carrying `item_tag` (class and
    /// number); the constructed bit is not checked.
    Of((u8, u32), &'static Shape),
    /// An EXPLICIT tag around exactly one element.
    Explicit(&'static Shape),
    /// INTEGER, OBJECT IDENTIFIER, BOOLEAN: primitive, content as is.
    Primitive,
    /// A string type: primitive, or constructed and collected.
    String,
    /// An ANY or a multi-string: a universal SEQUENCE or SET and any other
    /// class kept whole as read; other universal types by their tag.
    Any,
    /// An algorithm's parameters: an ANY whose SEQUENCE or SET every reader
    /// parses (`ASN1_TYPE_unpack_sequence`, the key decoders), so its
    /// elements are written back with DER headers — the same elements,
    /// which those readers make the same values of. Where an element would
    /// not read so, the content is kept as read, for the readers to fail on
    /// as OpenSSL's do.
    Parameters,
}

/// One field of a SEQUENCE.
#[derive(Clone, Copy, Debug)]
struct Field {
    /// Class and number; `None` for an ANY or a multi-string.
    tag: Option<(u8, u32)>,
    optional: bool,
    shape: Shape,
}

const fn universal(number: u32, shape: Shape) -> Field {
    Field {
        tag: Some((class::UNIVERSAL, number)),
        optional: false,
        shape,
    }
}

const fn any() -> Field {
    Field {
        tag: None,
        optional: false,
        shape: Shape::Any,
    }
}

const fn context(number: u32, shape: Shape) -> Field {
    Field {
        tag: Some((class::CONTEXT, number)),
        optional: true,
        shape,
    }
}

/// `X509_ALGOR`: algorithm, parameters ANY OPTIONAL.
static ALGOR: [Field; 2] = [
    universal(tag::OBJECT, Shape::Primitive),
    Field {
        tag: None,
        optional: true,
        shape: Shape::Parameters,
    },
];
/// `X509_NAME_ENTRY`: the value is an `ASN1_PRINTABLE` multi-string.
static NAME_ENTRY: [Field; 2] = [universal(tag::OBJECT, Shape::Primitive), any()];
/// `X509_NAME_ENTRIES`: one RDN, a SET OF entries.
static RDN: Shape = Shape::Of((class::UNIVERSAL, tag::SEQUENCE), &Shape::Seq(&NAME_ENTRY));
/// `X509_NAME_INTERNAL`: a SEQUENCE OF RDNs.
static NAME: Shape = Shape::Of((class::UNIVERSAL, tag::SET), &RDN);
/// `X509_VAL`: two `ASN1_TIME` multi-strings.
static VALIDITY: [Field; 2] = [any(), any()];
/// `X509_PUBKEY_INTERNAL`.
static PUBKEY: [Field; 2] = [
    universal(tag::SEQUENCE, Shape::Seq(&ALGOR)),
    universal(tag::BIT_STRING, Shape::String),
];
/// `X509_EXTENSION`.
static EXTENSION: [Field; 3] = [
    universal(tag::OBJECT, Shape::Primitive),
    Field {
        tag: Some((class::UNIVERSAL, tag::BOOLEAN)),
        optional: true,
        shape: Shape::Primitive,
    },
    universal(tag::OCTET_STRING, Shape::String),
];
/// `X509_EXTENSIONS` inside `[3]`.
static EXTENSIONS: Shape = Shape::Of((class::UNIVERSAL, tag::SEQUENCE), &Shape::Seq(&EXTENSION));
/// `X509_CINF`.
static TBS: [Field; 10] = [
    context(0, Shape::Explicit(&Shape::Primitive)),
    universal(tag::INTEGER, Shape::Primitive),
    universal(tag::SEQUENCE, Shape::Seq(&ALGOR)),
    universal(tag::SEQUENCE, NAME),
    universal(tag::SEQUENCE, Shape::Seq(&VALIDITY)),
    universal(tag::SEQUENCE, NAME),
    universal(tag::SEQUENCE, Shape::Seq(&PUBKEY)),
    context(1, Shape::String),
    context(2, Shape::String),
    context(3, Shape::Explicit(&EXTENSIONS)),
];
/// `X509`.
static CERTIFICATE: [Field; 3] = [
    universal(tag::SEQUENCE, Shape::Seq(&TBS)),
    universal(tag::SEQUENCE, Shape::Seq(&ALGOR)),
    universal(tag::BIT_STRING, Shape::String),
];

fn malformed<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported::new(format!(
        "the certificate does not decode as OpenSSL's X509 ({what})"
    )))
}

/// `certificate` as `d2i_X509` holds it, in DER (see the module docs).
/// Bytes after the certificate are refused.
pub(crate) fn as_der(certificate: &[u8]) -> Result<Vec<u8>, Unsupported> {
    let mut out = Vec::with_capacity(certificate.len());
    let used = element(
        certificate,
        (class::UNIVERSAL, tag::SEQUENCE),
        Shape::Seq(&CERTIFICATE),
        &mut out,
    )?;
    if used != certificate.len() {
        return Err(Unsupported::new("unexpected data after the certificate"));
    }
    Ok(out)
}

/// The header at the front of `input`, read as `ASN1_get_object` reads it.
fn header(input: &[u8]) -> Result<Header, Unsupported> {
    get_object(input, false).or_else(|_| malformed("a broken header"))
}

/// Appends a DER element: identifier, length, content.
fn push(out: &mut Vec<u8>, class_bits: u8, number: u32, content: &[u8]) {
    push_identifier(out, class_bits, number);
    push_length(out, content.len());
    out.extend_from_slice(content);
}

/// Reads the element at the front of `input` (which carries `tag`, class
/// and number, or any tag for [`Shape::Any`]) as `shape`, appends its DER
/// form to `out`, and returns how many octets of `input` it took.
fn element(
    input: &[u8],
    (class_bits, number): (u8, u32),
    shape: Shape,
    out: &mut Vec<u8>,
) -> Result<usize, Unsupported> {
    let h = header(input)?;
    // For an indefinite length: everything after the header.
    let body = &input[h.header_len..h.header_len + h.len];
    let constructed = class_bits | class::CONSTRUCTED;
    let used = match shape {
        Shape::Seq(fields) => {
            if !h.constructed {
                return malformed("a SEQUENCE is primitive");
            }
            let mut content = Vec::with_capacity(body.len());
            let used = sequence(body, h.indefinite, fields, &mut content)?;
            push(out, constructed, number, &content);
            used
        }
        Shape::Of(item_tag, item) => {
            let mut content = Vec::with_capacity(body.len());
            let used = items(body, h.indefinite, item_tag, *item, &mut content)?;
            push(out, constructed, number, &content);
            used
        }
        Shape::Explicit(inner) => {
            if !h.constructed {
                return malformed("an EXPLICIT tag is primitive");
            }
            let mut content = Vec::with_capacity(body.len());
            let Some(inner_tag) = inner_tag(*inner, body)? else {
                return malformed("an EXPLICIT tag is empty");
            };
            let mut used = element(body, inner_tag, *inner, &mut content)?;
            if h.indefinite {
                if !check_eoc(&body[used..]) {
                    return malformed("a missing end-of-contents");
                }
                used += 2;
            } else if used != body.len() {
                return malformed("an EXPLICIT tag holds more than one element");
            }
            push(out, constructed, number, &content);
            used
        }
        Shape::Primitive => {
            if h.constructed {
                return malformed("an INTEGER, OBJECT or BOOLEAN is constructed");
            }
            push(out, class_bits, number, body);
            body.len()
        }
        Shape::String => string(&h, body, class_bits, number, out)?,
        Shape::Parameters
            if h.class == class::UNIVERSAL && matches!(h.tag, tag::SEQUENCE | tag::SET) =>
        {
            if !h.constructed {
                return malformed("a SEQUENCE or SET is primitive");
            }
            let mut content = Vec::with_capacity(body.len());
            let used = match elements(body, h.indefinite, &mut content) {
                Ok(used) => used,
                // d2i_X509 keeps the ANY whole, so it only needs its end
                // (asn1_find_end); what no reader takes (a constructed
                // INTEGER, segments nested too deep) is left as read for
                // the readers, which OpenSSL's fail on (`(INVALID PSS
                // PARAMETERS)`, a key that does not load).
                Err(_) if h.indefinite => {
                    let used =
                        find_end(body).or_else(|_| malformed("a missing end-of-contents"))?;
                    content.clear();
                    content.extend_from_slice(&body[..used - 2]);
                    used
                }
                Err(_) => {
                    content.clear();
                    content.extend_from_slice(body);
                    body.len()
                }
            };
            push(out, constructed, number, &content);
            used
        }
        Shape::Any | Shape::Parameters => {
            if h.class != class::UNIVERSAL || matches!(h.tag, tag::SEQUENCE | tag::SET) {
                if h.class == class::UNIVERSAL && !h.constructed {
                    return malformed("a SEQUENCE or SET is primitive");
                }
                let used = if h.indefinite {
                    find_end(body).or_else(|_| malformed("a missing end-of-contents"))?
                } else {
                    body.len()
                };
                // asn1_d2i_ex_primitive keeps these whole, header and all.
                out.extend_from_slice(&input[..h.header_len + used]);
                return Ok(h.header_len + used);
            }
            if is_primitive_type(h.tag) {
                if h.constructed {
                    return malformed("a primitive type is constructed");
                }
                push(out, class::UNIVERSAL, h.tag, body);
                body.len()
            } else {
                string(&h, body, class::UNIVERSAL, h.tag, out)?
            }
        }
    };
    Ok(h.header_len + used)
}

/// The universal types that must be primitive (`ASN1_R_TYPE_NOT_PRIMITIVE`).
fn is_primitive_type(number: u32) -> bool {
    matches!(
        number,
        tag::NULL | tag::BOOLEAN | tag::OBJECT | tag::INTEGER | tag::ENUMERATED
    )
}

/// A string element: its content, collected when constructed.
fn string(
    h: &Header,
    body: &[u8],
    class_bits: u8,
    number: u32,
    out: &mut Vec<u8>,
) -> Result<usize, Unsupported> {
    if !h.constructed {
        push(out, class_bits, number, body);
        return Ok(body.len());
    }
    let mut content = Vec::with_capacity(body.len());
    let used = collect(body, h.indefinite, &mut |s: &[u8]| {
        content.extend_from_slice(s)
    })
    .or_else(|_| malformed("a constructed string does not collect"))?;
    push(out, class_bits, number, &content);
    Ok(used)
}

/// The tag an EXPLICIT tag's inner element must carry.
fn inner_tag(inner: Shape, body: &[u8]) -> Result<Option<(u8, u32)>, Unsupported> {
    Ok(match inner {
        Shape::Primitive => Some((class::UNIVERSAL, tag::INTEGER)),
        Shape::Of(..) => Some((class::UNIVERSAL, tag::SEQUENCE)),
        _ if body.is_empty() => None,
        _ => {
            let h = header(body)?;
            Some((h.class, h.tag))
        }
    })
}

/// The fields of a SEQUENCE; returns the octets of `body` they took.
fn sequence(
    body: &[u8],
    indefinite: bool,
    fields: &[Field],
    out: &mut Vec<u8>,
) -> Result<usize, Unsupported> {
    let mut p = 0;
    for field in fields {
        let rest = &body[p..];
        let at_end = rest.is_empty() || (indefinite && check_eoc(rest));
        if !at_end && check_eoc(rest) {
            return malformed("an unexpected end-of-contents");
        }
        let found = if at_end {
            None
        } else {
            let h = header(rest)?;
            Some((h.class, h.tag))
        };
        let tag = match (field.tag, found) {
            (_, None) if field.optional => continue,
            (_, None) => return malformed("a field is missing"),
            (None, Some(found)) => found,
            (Some(expected), Some(found)) if expected == found => expected,
            (Some(_), Some(_)) if field.optional => continue,
            (Some(_), Some(_)) => return malformed("a field has another tag"),
        };
        p += element(rest, tag, field.shape, out)?;
    }
    end(body, p, indefinite)
}

/// The items of a SEQUENCE OF or SET OF; returns the octets of `body` they took.
fn items(
    body: &[u8],
    indefinite: bool,
    item_tag: (u8, u32),
    item: Shape,
    out: &mut Vec<u8>,
) -> Result<usize, Unsupported> {
    let mut p = 0;
    while p < body.len() && !check_eoc(&body[p..]) {
        let h = header(&body[p..])?;
        if (h.class, h.tag) != item_tag {
            return malformed("an item has another tag");
        }
        p += element(&body[p..], item_tag, item, out)?;
    }
    end(body, p, indefinite)
}

/// Any elements, as read (a constructed element's content taken as more
/// elements), with DER headers; returns the octets of `body` they took. A
/// constructed universal type other than SEQUENCE and SET is a segmented
/// string to every template that reads it (as its string type or as an
/// ANY), so it is collected; the primitive types must be primitive.
fn elements(body: &[u8], indefinite: bool, out: &mut Vec<u8>) -> Result<usize, Unsupported> {
    let mut p = 0;
    while p < body.len() && !(indefinite && check_eoc(&body[p..])) {
        let h = header(&body[p..])?;
        let inner = &body[p + h.header_len..p + h.header_len + h.len];
        let segmented = h.constructed
            && h.class == class::UNIVERSAL
            && !matches!(h.tag, tag::SEQUENCE | tag::SET);
        let used = if segmented {
            if is_primitive_type(h.tag) {
                return malformed("a primitive type is constructed");
            }
            string(&h, inner, class::UNIVERSAL, h.tag, out)?
        } else if h.constructed {
            let mut content = Vec::with_capacity(inner.len());
            let used = elements(inner, h.indefinite, &mut content)?;
            push(out, h.class | class::CONSTRUCTED, h.tag, &content);
            used
        } else {
            push(out, h.class, h.tag, inner);
            inner.len()
        };
        p += h.header_len + used;
    }
    if indefinite {
        return end(body, p, true);
    }
    Ok(p)
}

/// After the last field or item at `p`: the end-of-contents of an
/// indefinite length, or the end of a definite one.
fn end(body: &[u8], p: usize, indefinite: bool) -> Result<usize, Unsupported> {
    let rest = &body[p..];
    match (indefinite, check_eoc(rest)) {
        (true, true) => Ok(p + 2),
        (true, false) => malformed("a missing end-of-contents"),
        (false, _) if rest.is_empty() => Ok(p),
        (false, true) => malformed("an unexpected end-of-contents"),
        (false, false) => malformed("data left in a SEQUENCE"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The DER certificates of the test bundles come back unchanged.
    #[test]
    fn der_is_kept() {
        for bundle in ["core.pem", "extensions.pem", "keys.pem"] {
            for certificate in super::super::bundle_certificates(bundle) {
                assert_eq!(as_der(&certificate).as_ref(), Ok(&certificate), "{bundle}");
            }
        }
    }

    #[test]
    fn headers_and_strings_become_der() {
        // SEQUENCE { INTEGER 5 } in two BER spellings.
        static FIELDS: [Field; 1] = [universal(tag::INTEGER, Shape::Primitive)];
        let shape = Shape::Seq(&FIELDS);
        let seq = (class::UNIVERSAL, tag::SEQUENCE);
        let der = [0x30, 0x03, 0x02, 0x01, 0x05];
        for ber in [
            &[0x30, 0x81, 0x03, 0x02, 0x01, 0x05][..],
            &[0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00],
        ] {
            let mut out = Vec::new();
            assert_eq!(element(ber, seq, shape, &mut out), Ok(ber.len()));
            assert_eq!(out, der);
        }
        // A high-tag-number INTEGER with a long-form length.
        let ber = [0x30, 0x06, 0x1F, 0x02, 0x82, 0x00, 0x01, 0x05];
        let mut out = Vec::new();
        assert_eq!(element(&ber, seq, shape, &mut out), Ok(ber.len()));
        assert_eq!(out, der);
        // A segmented OCTET STRING is one string.
        let mut out = Vec::new();
        let segmented = [0x24, 0x80, 0x04, 0x01, 0x61, 0x04, 0x01, 0x62, 0x00, 0x00];
        let octets = (class::UNIVERSAL, tag::OCTET_STRING);
        assert_eq!(element(&segmented, octets, Shape::String, &mut out), Ok(10));
        assert_eq!(out, [0x04, 0x02, 0x61, 0x62]);
    }

    #[test]
    fn any_keeps_sequences_as_read() {
        let seq = (class::UNIVERSAL, tag::SEQUENCE);
        // A name entry whose value is an indefinite SEQUENCE: kept as read.
        let ber = [
            0x30, 0x80, 0x06, 0x01, 0x2A, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        let mut out = Vec::new();
        let entry = Shape::Seq(&NAME_ENTRY);
        assert_eq!(element(&ber, seq, entry, &mut out), Ok(ber.len()));
        assert_eq!(
            out,
            [0x30, 0x09, 0x06, 0x01, 0x2A, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00]
        );
        // As an algorithm's parameters, its elements get DER headers, and a
        // segmented OCTET STRING inside is collected.
        let ber = [
            0x30, 0x80, 0x06, 0x01, 0x2A, 0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 0x61, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        let mut out = Vec::new();
        let algorithm = Shape::Seq(&ALGOR);
        assert_eq!(element(&ber, seq, algorithm, &mut out), Ok(ber.len()));
        assert_eq!(
            out,
            [0x30, 0x08, 0x06, 0x01, 0x2A, 0x30, 0x03, 0x04, 0x01, 0x61]
        );
        // A BOOLEAN with a long-form length is written back in DER ...
        let ber = [0x30, 0x07, 0x06, 0x01, 0x2A, 0x01, 0x81, 0x01, 0xFF];
        let mut out = Vec::new();
        assert_eq!(element(&ber, seq, algorithm, &mut out), Ok(ber.len()));
        assert_eq!(out, [0x30, 0x06, 0x06, 0x01, 0x2A, 0x01, 0x01, 0xFF]);
        // ... but a long form needs an octet after it (asn1_get_length).
        let ber = [0x30, 0x06, 0x06, 0x01, 0x2A, 0x05, 0x81, 0x00];
        assert!(element(&ber, seq, algorithm, &mut Vec::new()).is_err());
        // A constructed INTEGER in parameters is kept as read (OpenSSL
        // prints PSS parameters holding one as `(INVALID PSS PARAMETERS)`:
        // `ber_pss_parameters_print_as_openssl_prints_them`).
        let ber = [0x30, 0x07, 0x06, 0x01, 0x2A, 0x30, 0x02, 0x22, 0x00];
        let mut out = Vec::new();
        assert_eq!(element(&ber, seq, algorithm, &mut out), Ok(ber.len()));
        assert_eq!(out, ber);
    }

    #[test]
    fn what_the_templates_refuse() {
        let seq = (class::UNIVERSAL, tag::SEQUENCE);
        let shape = Shape::Seq(&ALGOR);
        let mut out = Vec::new();
        for bad in [
            &[0x30, 0x05, 0x26, 0x03, 0x06, 0x01, 0x2A][..], // constructed OBJECT
            &[0x10, 0x03, 0x06, 0x01, 0x2A],                 // primitive SEQUENCE
            &[0x30, 0x05, 0x06, 0x01, 0x2A, 0x00, 0x00],     // EOC in a definite length
            &[0x30, 0x80, 0x06, 0x01, 0x2A],                 // no EOC
            &[0x30, 0x00],                                   // algorithm missing
            &[0x30, 0x05, 0x06, 0x01, 0x2A, 0x10, 0x00],     // primitive SEQUENCE in ANY
        ] {
            assert!(element(bad, seq, shape, &mut out).is_err(), "{bad:02x?}");
        }
    }
}
