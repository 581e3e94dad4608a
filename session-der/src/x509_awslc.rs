//! AWS-LC's certificate parser, as `SSL_SESSION_parse` runs it on every
//! certificate of a session (`ssl_crypto_x509_session_cache_objects`,
//! `ssl/ssl_x509.cc` → `X509_parse_from_buffer`, `crypto/x509/x_x509.c`), in
//! the AWS-LC 5.12 that `aws-lc-sys` 0.47 vendors.
//!
//! AWS-LC kept the template decoder (`d2i_X509`, `crypto/asn1/tasn_dec.c`)
//! that BoringSSL replaced, so the walk is OpenSSL's — OPTIONAL fields skipped
//! on a tag mismatch, the last field of a SEQUENCE read while bytes remain,
//! indefinite and non-minimal lengths, constructed strings collected (five
//! levels deep), `ANY` kept by tag — with AWS-LC's own pieces:
//! - headers are read by `ASN1_get_object` over BoringSSL's CBS BER reader:
//!   high tag numbers minimal and at least 31, at most four length octets,
//!   universal tag numbers up to 255, `[UNIVERSAL 0]` allowed;
//! - contents are checked by AWS-LC's `c2i` functions: OIDs minimal, INTEGERs
//!   minimal, BIT STRING unused bits zero, BMP/Universal string lengths, and
//!   UTCTime/GeneralizedTime validated as RFC 5280 times (`asn1_ex_c2i`);
//! - `X509_NAME` values are `ASN1_PRINTABLE` (no VisibleString, OCTET STRING
//!   or times), and the canonical form computed at parse time
//!   (`x509_name_canon`) refuses UTF8/BMP/Universal strings that do not decode
//!   and BMP/Universal strings that start with a byte-order mark;
//! - the `X509` callback's `ASN1_OP_D2I_POST` wants version v1..v3, unique
//!   identifiers only in v2/v3 and extensions only in v3;
//! - the public key is loaded, but failing to is not an error (`pubkey_cb`).
//!
//! Only acceptance is reproduced; the errors name the first rule broken.

use std::borrow::Cow;
use std::cell::Cell;

use crate::cbs::Fail;
use crate::error::{CertificateError as C, ErrorKind};
use crate::x509_boringssl::{
    bit_string_contents, characters, integer_contents, oid_contents, time_string, utf8,
};

/// Identifier classes as `ASN1_get_object` reports them.
const UNIVERSAL: u8 = 0x00;
const CONTEXT: u8 = 0x80;

/// Universal type numbers (`V_ASN1_*`).
const BOOLEAN: u32 = 1;
const INTEGER: u32 = 2;
const BIT_STRING: u32 = 3;
const OCTET_STRING: u32 = 4;
const NULL: u32 = 5;
const OBJECT: u32 = 6;
const ENUMERATED: u32 = 10;
const UTF8_STRING: u32 = 12;
const SEQUENCE: u32 = 16;
const SET: u32 = 17;
const UTC_TIME: u32 = 23;
const GENERALIZED_TIME: u32 = 24;
const UNIVERSAL_STRING: u32 = 28;
const BMP_STRING: u32 = 30;
/// `V_ASN1_OTHER`: an `ANY` whose class is not universal.
const OTHER: u32 = u32::MAX;

/// `B_ASN1_*` (`include/openssl/asn1.h`).
mod bits {
    pub(super) const NUMERIC: u32 = 0x0001;
    pub(super) const PRINTABLE_STRING: u32 = 0x0002;
    pub(super) const T61: u32 = 0x0004;
    pub(super) const VIDEOTEX: u32 = 0x0008;
    pub(super) const IA5: u32 = 0x0010;
    pub(super) const GRAPHIC: u32 = 0x0020;
    pub(super) const ISO64: u32 = 0x0040;
    pub(super) const GENERAL: u32 = 0x0080;
    pub(super) const UNIVERSAL: u32 = 0x0100;
    pub(super) const OCTET: u32 = 0x0200;
    pub(super) const BIT: u32 = 0x0400;
    pub(super) const BMP: u32 = 0x0800;
    pub(super) const UNKNOWN: u32 = 0x1000;
    pub(super) const UTF8: u32 = 0x2000;
    pub(super) const UTCTIME: u32 = 0x4000;
    pub(super) const GENTIME: u32 = 0x8000;
    pub(super) const SEQUENCE: u32 = 0x10000;
    /// `B_ASN1_PRINTABLE`: an `X509_NAME_ENTRY` value.
    pub(super) const PRINTABLE: u32 =
        NUMERIC | PRINTABLE_STRING | T61 | IA5 | BIT | UNIVERSAL | BMP | UTF8 | SEQUENCE | UNKNOWN;
    /// `B_ASN1_TIME`.
    pub(super) const TIME: u32 = UTCTIME | GENTIME;
    /// `ASN1_MASK_CANON` (`x_name.c`): the types `x509_name_canon` converts
    /// to UTF-8.
    pub(super) const CANON: u32 = UTF8 | BMP | UNIVERSAL | PRINTABLE_STRING | T61 | IA5 | ISO64;
}

/// `ASN1_tag2bit`'s table (`tasn_dec.c`).
fn tag2bit(tag: u32) -> u32 {
    use bits::*;
    match tag {
        3 => BIT,
        4 => OCTET,
        7..=11 | 13..=15 | 29 => UNKNOWN,
        12 => UTF8,
        16 => SEQUENCE,
        18 => NUMERIC,
        19 => PRINTABLE_STRING,
        20 => T61,
        21 => VIDEOTEX,
        22 => IA5,
        23 => UTCTIME,
        24 => GENTIME,
        25 => GRAPHIC,
        26 => ISO64,
        27 => GENERAL,
        28 => bits::UNIVERSAL,
        30 => BMP,
        _ => 0,
    }
}

/// `ASN1_MAX_STRING_NEST`.
const MAX_STRING_NEST: u32 = 5;
/// `X509_NAME_MAX`: `x509_name_ex_d2i` reads a name from at most this much.
const NAME_MAX: usize = 1024 * 1024;
/// `CBS_ASN1_TAG_NUMBER_MASK`.
const NUMBER_MASK: u64 = (1 << 29) - 1;
/// `V_ASN1_MAX_UNIVERSAL`.
const MAX_UNIVERSAL: u32 = 0xFF;

fn bad<T>(e: C, at: usize) -> Result<T, Fail> {
    Err((ErrorKind::InvalidCertificate(e), at))
}

fn err<T>(kind: ErrorKind, at: usize) -> Result<T, Fail> {
    Err((kind, at))
}

/// One header as `asn1_check_tlen` returns it.
#[derive(Clone, Copy, Debug)]
struct Header {
    class: u8,
    number: u32,
    constructed: bool,
    indefinite: bool,
    header_len: usize,
    /// The content length; for an indefinite length, all that is left.
    len: usize,
}

/// A decoded item's end, and its content octets (collected if constructed)
/// where a caller looks at them; `None` = an OPTIONAL item that is absent.
type Step<'a> = Result<Option<(usize, Cow<'a, [u8]>)>, Fail>;

/// A field of a SEQUENCE: whether it is OPTIONAL, and how to read it.
type Field<'f, 'a> = (bool, &'f dyn Fn(usize, usize, bool) -> Step<'a>);

struct Decoder<'a> {
    input: &'a [u8],
    /// What `x509_cb`'s `ASN1_OP_D2I_POST` looks at.
    version: Cell<Option<u64>>,
    has_uid: Cell<bool>,
    has_extensions: Cell<bool>,
}

/// `X509_parse_from_buffer` on `input[start..end]`: `Ok` where AWS-LC returns
/// a certificate (`d2i_X509` succeeds and reads the whole buffer).
pub(crate) fn check(input: &[u8], start: usize, end: usize) -> Result<(), Fail> {
    let d = Decoder {
        input,
        version: Cell::new(None),
        has_uid: Cell::new(false),
        has_extensions: Cell::new(false),
    };
    let len = end.saturating_sub(start);
    let (p, _) = d.x509(start, len)?;
    if p != end {
        return err(ErrorKind::ExplicitLengthMismatch, p);
    }
    Ok(())
}

impl<'a> Decoder<'a> {
    fn window(&self, pos: usize, len: usize) -> &'a [u8] {
        self.input.get(pos..pos.saturating_add(len)).unwrap_or(&[])
    }

    fn is_eoc(&self, pos: usize, len: usize) -> bool {
        len >= 2 && self.window(pos, 2) == [0, 0]
    }

    /// `ASN1_get_object` (`crypto/asn1/asn1_lib.c`): BoringSSL's
    /// `cbs_get_any_asn1_element` with BER allowed and `[UNIVERSAL 0]` taken.
    fn header(&self, pos: usize, len: usize) -> Result<Header, Fail> {
        let data = self.window(pos, len);
        let bad_header = || (ErrorKind::BadHeader, pos);
        let first = *data.first().ok_or_else(bad_header)?;
        let mut i = 1usize;
        let mut number = u32::from(first & 0x1F);
        if number == 0x1F {
            // parse_base128_integer: minimal, within 64 bits; then the tag
            // number must be at least 31 and fit CBS_ASN1_TAG_NUMBER_MASK.
            let mut v: u64 = 0;
            loop {
                let b = *data.get(i).ok_or_else(bad_header)?;
                i += 1;
                if v >> 57 != 0 || (v == 0 && b == 0x80) {
                    return Err(bad_header());
                }
                v = (v << 7) | u64::from(b & 0x7F);
                if b & 0x80 == 0 {
                    break;
                }
            }
            if !(0x1F..=NUMBER_MASK).contains(&v) {
                return Err((ErrorKind::NonMinimalTag, pos));
            }
            number = u32::try_from(v).map_err(|_| bad_header())?;
        }
        let class = first & 0xC0;
        let constructed = first & 0x20 != 0;
        let length = *data.get(i).ok_or_else(bad_header)?;
        i += 1;
        let (content, indefinite) = if length & 0x80 == 0 {
            (usize::from(length), false)
        } else {
            let n = usize::from(length & 0x7F);
            if constructed && n == 0 {
                (data.len() - i, true)
            } else {
                if n == 0 || n > 4 {
                    return Err(bad_header());
                }
                // Non-minimal lengths are BER, and taken.
                let octets = data.get(i..i + n).ok_or_else(bad_header)?;
                i += n;
                let v = octets.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b));
                (usize::try_from(v).map_err(|_| bad_header())?, false)
            }
        };
        if !indefinite && content > data.len() - i {
            return Err((
                ErrorKind::Truncated {
                    needed: content as u64,
                    available: data.len() - i,
                },
                pos,
            ));
        }
        // The length bound (INT_MAX / 2; an indefinite length's body is
        // empty) and, against V_ASN1_NEG, universal tag numbers up to
        // V_ASN1_MAX_UNIVERSAL.
        if (!indefinite && content > (i32::MAX / 2) as usize)
            || (class == UNIVERSAL && number > MAX_UNIVERSAL)
        {
            return Err(bad_header());
        }
        Ok(Header {
            class,
            number,
            constructed: constructed || indefinite,
            indefinite,
            header_len: i,
            len: content,
        })
    }

    /// `asn1_check_tlen`: a header, and whether it has the expected tag
    /// (`None` when it does not and the field is OPTIONAL).
    fn check_tlen(
        &self,
        pos: usize,
        len: usize,
        expected: Option<(u8, u32)>,
        opt: bool,
    ) -> Result<Option<Header>, Fail> {
        let h = self.header(pos, len)?;
        match expected {
            Some((class, number)) if h.class != class || h.number != number => {
                if opt {
                    Ok(None)
                } else {
                    let found = self.input.get(pos).copied().unwrap_or(0);
                    err(ErrorKind::UnexpectedTag { found }, pos)
                }
            }
            _ => Ok(Some(h)),
        }
    }

    /// `ASN1_ITYPE_SEQUENCE` in `asn1_item_ex_d2i`.
    fn seq(&self, pos: usize, len: usize, opt: bool, fields: &[Field<'_, 'a>]) -> Step<'a> {
        let Some(h) = self.check_tlen(pos, len, Some((UNIVERSAL, SEQUENCE)), opt)? else {
            return Ok(None);
        };
        if !h.constructed {
            return err(ErrorKind::NotConstructed, pos);
        }
        let mut p = pos + h.header_len;
        let mut l = h.len;
        let mut eoc = h.indefinite;
        let mut i = 0;
        while i < fields.len() {
            if l == 0 {
                break;
            }
            if self.is_eoc(p, l) {
                if !eoc {
                    return err(ErrorKind::UnexpectedEoc, p);
                }
                p += 2;
                l -= 2;
                eoc = false;
                break;
            }
            // "The field cannot be omitted if it is the last of a SEQUENCE
            // and there is still data to be read."
            let (optional, read) = fields[i];
            let is_opt = i + 1 != fields.len() && optional;
            if let Some((np, _)) = read(p, l, is_opt)? {
                l = l.saturating_sub(np - p);
                p = np;
            }
            i += 1;
        }
        if eoc {
            if !self.is_eoc(p, l) {
                return err(ErrorKind::MissingEoc, p);
            }
            p += 2;
            l -= 2;
        }
        if !h.indefinite && l != 0 {
            return err(ErrorKind::SequenceLengthMismatch, p);
        }
        if fields.get(i..).unwrap_or(&[]).iter().any(|f| !f.0) {
            return err(ErrorKind::MissingField, p);
        }
        Ok(Some((p, Cow::Borrowed(&[]))))
    }

    /// `asn1_template_ex_d2i` with an EXPLICIT context tag around `inner`.
    fn explicit(
        &self,
        pos: usize,
        len: usize,
        tag: u32,
        opt: bool,
        inner: &dyn Fn(usize, usize, bool) -> Step<'a>,
    ) -> Step<'a> {
        let Some(h) = self.check_tlen(pos, len, Some((CONTEXT, tag)), opt)? else {
            return Ok(None);
        };
        if !h.constructed {
            return err(ErrorKind::NotConstructed, pos);
        }
        let q = pos + h.header_len;
        let Some((mut p, val)) = inner(q, h.len, false)? else {
            return err(ErrorKind::MissingField, q);
        };
        let l = h.len.saturating_sub(p - q);
        if h.indefinite {
            if !self.is_eoc(p, l) {
                return err(ErrorKind::MissingEoc, p);
            }
            p += 2;
        } else if l != 0 {
            return err(ErrorKind::ExplicitLengthMismatch, p);
        }
        Ok(Some((p, val)))
    }

    /// `asn1_template_noexp_d2i`'s SET OF / SEQUENCE OF (the constructed bit
    /// is not checked there).
    fn list(
        &self,
        pos: usize,
        len: usize,
        tag: u32,
        opt: bool,
        item: &dyn Fn(usize, usize, bool) -> Step<'a>,
    ) -> Step<'a> {
        let Some(h) = self.check_tlen(pos, len, Some((UNIVERSAL, tag)), opt)? else {
            return Ok(None);
        };
        let mut p = pos + h.header_len;
        let mut l = h.len;
        let mut eoc = h.indefinite;
        while l > 0 {
            if self.is_eoc(p, l) {
                if !eoc {
                    return err(ErrorKind::UnexpectedEoc, p);
                }
                p += 2;
                eoc = false;
                break;
            }
            let Some((np, _)) = item(p, l, false)? else {
                return err(ErrorKind::MissingField, p);
            };
            l = l.saturating_sub(np - p);
            p = np;
        }
        if eoc {
            return err(ErrorKind::MissingEoc, p);
        }
        Ok(Some((p, Cow::Borrowed(&[]))))
    }

    /// `asn1_d2i_ex_primitive` + `asn1_ex_c2i` for universal type `utype`
    /// (or [`OTHER`]), read with the tag `tag` (`None`: any tag).
    fn primitive(
        &self,
        pos: usize,
        len: usize,
        utype: u32,
        tag: Option<(u8, u32)>,
        opt: bool,
    ) -> Step<'a> {
        let Some(h) = self.check_tlen(pos, len, tag, opt)? else {
            return Ok(None);
        };
        let p = pos + h.header_len;
        // SEQUENCE, SET and "OTHER" are kept in their encoded form.
        if matches!(utype, SEQUENCE | SET | OTHER) {
            if utype != OTHER && !h.constructed {
                return err(ErrorKind::NotConstructed, pos);
            }
            let end = if h.indefinite {
                self.find_end(p, h.len)?
            } else {
                p + h.len
            };
            return Ok(Some((end, Cow::Borrowed(self.window(pos, end - pos)))));
        }
        let (content, end) = if h.constructed {
            if matches!(utype, NULL | BOOLEAN | OBJECT | INTEGER | ENUMERATED) {
                return err(ErrorKind::NotPrimitive, pos);
            }
            // Constructed strings: the segments' contents, whatever their tags.
            let mut buf = Vec::new();
            let end = self.collect(&mut buf, p, h.len, h.indefinite, 0)?;
            (Cow::Owned(buf), end)
        } else {
            (Cow::Borrowed(self.window(p, h.len)), p + h.len)
        };
        c2i(utype, &content, p)?;
        Ok(Some((end, content)))
    }

    /// `ASN1_ANY`: the type from the tag, `V_ASN1_OTHER` outside the
    /// universal class. An OPTIONAL `ANY` is a template error.
    fn any(&self, pos: usize, len: usize, opt: bool) -> Step<'a> {
        if opt {
            return bad(C::Structure, pos);
        }
        let h = self.header(pos, len)?;
        if h.class == UNIVERSAL {
            self.primitive(pos, len, h.number, Some((UNIVERSAL, h.number)), false)
        } else {
            self.primitive(pos, len, OTHER, None, false)
        }
    }

    /// `ASN1_ITYPE_MSTRING`: a universal tag among `mask`'s types.
    fn mstring(&self, pos: usize, len: usize, mask: u32, opt: bool) -> Step<'a> {
        let h = self.header(pos, len)?;
        if h.class != UNIVERSAL || tag2bit(h.number) & mask == 0 {
            if opt {
                return Ok(None);
            }
            return bad(C::InvalidStringType, pos);
        }
        self.primitive(pos, len, h.number, Some((UNIVERSAL, h.number)), false)
    }

    /// `asn1_find_end`: the end of an indefinite-length element, counting
    /// nested indefinite headers.
    fn find_end(&self, mut p: usize, mut l: usize) -> Result<usize, Fail> {
        let mut expected: u32 = 1;
        while l > 0 {
            if self.is_eoc(p, l) {
                expected -= 1;
                p += 2;
                if expected == 0 {
                    break;
                }
                l -= 2;
                continue;
            }
            let q = p;
            let h = self.header(p, l)?;
            p += h.header_len;
            if h.indefinite {
                expected = expected.checked_add(1).ok_or((ErrorKind::BadHeader, q))?;
            } else {
                p += h.len;
            }
            l = l.saturating_sub(p - q);
        }
        if expected != 0 {
            return err(ErrorKind::MissingEoc, p);
        }
        Ok(p)
    }

    /// `asn1_collect`: the contents of a constructed string's segments.
    fn collect(
        &self,
        buf: &mut Vec<u8>,
        mut p: usize,
        mut l: usize,
        mut inf: bool,
        depth: u32,
    ) -> Result<usize, Fail> {
        while l > 0 {
            let q = p;
            if self.is_eoc(p, l) {
                if !inf {
                    return err(ErrorKind::UnexpectedEoc, p);
                }
                p += 2;
                inf = false;
                break;
            }
            let h = self.header(p, l)?;
            p += h.header_len;
            if h.constructed {
                if depth >= MAX_STRING_NEST {
                    return err(ErrorKind::NestedTooDeep, q);
                }
                p = self.collect(buf, p, h.len, h.indefinite, depth + 1)?;
            } else {
                buf.extend_from_slice(self.window(p, h.len));
                p += h.len;
            }
            l = l.saturating_sub(p - q);
        }
        if inf {
            return err(ErrorKind::MissingEoc, p);
        }
        Ok(p)
    }

    fn universal(&self, pos: usize, len: usize, utype: u32, opt: bool) -> Step<'a> {
        self.primitive(pos, len, utype, Some((UNIVERSAL, utype)), opt)
    }

    /// `X509` (`x_x509.c`): SEQUENCE { X509_CINF, X509_ALGOR, BIT STRING },
    /// then `x509_cb`'s `ASN1_OP_D2I_POST`.
    fn x509(&self, pos: usize, len: usize) -> Result<(usize, Cow<'a, [u8]>), Fail> {
        let cinf = |p, l, o| self.cinf(p, l, o);
        let algor = |p, l, o| self.algorithm(p, l, o);
        let signature = |p, l, o| self.universal(p, l, BIT_STRING, o);
        let done = self
            .seq(
                pos,
                len,
                false,
                &[(false, &cinf), (false, &algor), (false, &signature)],
            )?
            .ok_or((ErrorKind::MissingField, pos))?;
        // The version must be v1 (0), v2 (1) or v3 (2); an explicit v1 is
        // still allowed (crbug.com/boringssl/364).
        let version = self.version.get().unwrap_or(0);
        if version > 2 {
            return bad(C::InvalidInteger, pos);
        }
        // RFC 5280 4.1.2.8 and 4.1.2.9: X509_R_INVALID_FIELD_FOR_VERSION.
        if (version == 0 && self.has_uid.get()) || (version != 2 && self.has_extensions.get()) {
            return bad(C::Structure, pos);
        }
        Ok(done)
    }

    /// `X509_CINF`.
    fn cinf(&self, pos: usize, len: usize, opt: bool) -> Step<'a> {
        let version_int = |p, l, o| {
            let r = self.universal(p, l, INTEGER, o)?;
            if let Some((_, c)) = &r {
                // ASN1_INTEGER_get: negative or too large for a long is
                // refused by the range check as well.
                let v = match c.as_ref() {
                    [b] if *b < 0x80 => u64::from(*b),
                    _ => u64::MAX,
                };
                self.version.set(Some(v));
            }
            Ok(r)
        };
        let version = |p, l, o| self.explicit(p, l, 0, o, &version_int);
        let serial = |p, l, o| self.universal(p, l, INTEGER, o);
        let algor = |p, l, o| self.algorithm(p, l, o);
        let name = |p, l, o| self.name(p, l, o);
        let time = |p, l, o| self.mstring(p, l, bits::TIME, o);
        let validity = |p, l, o| self.seq(p, l, o, &[(false, &time), (false, &time)]);
        let key = |p, l, o| self.public_key(p, l, o);
        let uid = |tag: u32| {
            move |p, l, o| {
                let r = self.primitive(p, l, BIT_STRING, Some((CONTEXT, tag)), o)?;
                if r.is_some() {
                    self.has_uid.set(true);
                }
                Ok(r)
            }
        };
        let (issuer_uid, subject_uid) = (uid(1), uid(2));
        let extension = |p, l, o| self.extension(p, l, o);
        let list = |p, l, o| self.list(p, l, SEQUENCE, o, &extension);
        let extensions = |p, l, o| {
            let r = self.explicit(p, l, 3, o, &list)?;
            if r.is_some() {
                self.has_extensions.set(true);
            }
            Ok(r)
        };
        self.seq(
            pos,
            len,
            opt,
            &[
                (true, &version),
                (false, &serial),
                (false, &algor),
                (false, &name),
                (false, &validity),
                (false, &name),
                (false, &key),
                (true, &issuer_uid),
                (true, &subject_uid),
                (true, &extensions),
            ],
        )
    }

    /// `X509_ALGOR`: SEQUENCE { OBJECT, ANY OPTIONAL }.
    fn algorithm(&self, pos: usize, len: usize, opt: bool) -> Step<'a> {
        let object = |p, l, o| self.universal(p, l, OBJECT, o);
        let parameter = |p, l, o| self.any(p, l, o);
        self.seq(pos, len, opt, &[(false, &object), (true, &parameter)])
    }

    /// `X509_PUBKEY`: SEQUENCE { X509_ALGOR, BIT STRING }; `pubkey_cb` then
    /// loads the key and clears the error if it does not load.
    fn public_key(&self, pos: usize, len: usize, opt: bool) -> Step<'a> {
        let algor = |p, l, o| self.algorithm(p, l, o);
        let key = |p, l, o| self.universal(p, l, BIT_STRING, o);
        self.seq(pos, len, opt, &[(false, &algor), (false, &key)])
    }

    /// `X509_EXTENSION`: SEQUENCE { OBJECT, BOOLEAN OPTIONAL, OCTET STRING };
    /// the BOOLEAN needs one content octet of any value, the value is not
    /// parsed.
    fn extension(&self, pos: usize, len: usize, opt: bool) -> Step<'a> {
        let object = |p, l, o| self.universal(p, l, OBJECT, o);
        let critical = |p, l, o| self.universal(p, l, BOOLEAN, o);
        let value = |p, l, o| self.universal(p, l, OCTET_STRING, o);
        self.seq(
            pos,
            len,
            opt,
            &[(false, &object), (true, &critical), (false, &value)],
        )
    }

    /// `X509_NAME` (`x509_name_ex_d2i`): SEQUENCE OF SET OF SEQUENCE { OBJECT,
    /// ASN1_PRINTABLE } read from at most `X509_NAME_MAX` octets, then
    /// `x509_name_canon`.
    fn name(&self, pos: usize, len: usize, opt: bool) -> Step<'a> {
        let object = |p, l, o| self.universal(p, l, OBJECT, o);
        // x509_name_canon runs once the whole name is read; as it only
        // refuses, each value is checked as soon as it is read.
        let value = |p, l, o| {
            let r = self.mstring(p, l, bits::PRINTABLE, o)?;
            if let Some((_, c)) = &r {
                canon(self.header(p, l)?.number, c, p)?;
            }
            Ok(r)
        };
        let entry = |p, l, o| self.seq(p, l, o, &[(false, &object), (false, &value)]);
        let rdn = |p, l, o| self.list(p, l, SET, o, &entry);
        self.list(pos, len.min(NAME_MAX), SEQUENCE, opt, &rdn)
    }
}

/// `asn1_ex_c2i` of AWS-LC: the content checks by type.
fn c2i(utype: u32, c: &[u8], at: usize) -> Result<(), Fail> {
    match utype {
        OBJECT => oid_contents(c, at),
        NULL if !c.is_empty() => bad(C::InvalidPrimitive, at),
        BOOLEAN if c.len() != 1 => bad(C::InvalidPrimitive, at),
        BIT_STRING => bit_string_contents(c, at),
        INTEGER | ENUMERATED => integer_contents(c, at),
        BMP_STRING if c.len() % 2 != 0 => bad(C::InvalidString, at),
        UNIVERSAL_STRING if c.len() % 4 != 0 => bad(C::InvalidString, at),
        UTC_TIME => time_string(c, at, false, true),
        GENERALIZED_TIME => time_string(c, at, true, false),
        _ => Ok(()),
    }
}

/// `asn1_string_canon`'s `ASN1_STRING_to_UTF8` (`ASN1_mbstring_copy`): the
/// UTF-8, BMP and Universal strings of a name must decode (the CBS decoders:
/// valid, non-surrogate, non-noncharacter code points), and a BMP or
/// Universal string must not start with a byte-order mark. Latin-1 types
/// always convert; types outside `ASN1_MASK_CANON` are copied.
fn canon(number: u32, c: &[u8], at: usize) -> Result<(), Fail> {
    if tag2bit(number) & bits::CANON == 0 {
        return Ok(());
    }
    match number {
        UTF8_STRING => utf8(c, at),
        BMP_STRING | UNIVERSAL_STRING => {
            let width = if number == BMP_STRING { 2 } else { 4 };
            characters(c, at, width)?;
            let bom = c.get(..width).is_some_and(|first| {
                first.iter().fold(0u32, |v, &b| (v << 8) | u32::from(b)) == 0xFEFF
            });
            if bom {
                return bad(C::InvalidString, at);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    //! Each rule of AWS-LC 5.12's `d2i_X509` (aws-lc-sys 0.47's tasn_dec.c,
    //! x_x509.c, x_name.c, a_*.c), one field changed at a time from a DER v3
    //! certificate. The live comparison with AWS-LC is
    //! `oracles/aws-lc/tests/malformed.rs`.
    //!
    //! Every row's expectation was also confirmed against the real AWS-LC
    //! (aws-lc-sys 0.47.0's `SSL_SESSION_from_bytes`, the certificate as a recorded
    //! session's `[3]`): 95 of 95 rows agree.
    use super::check;
    use crate::x509_testcert::{
        content, hex, indefinite, long, name, oid, seq, tlv, validity, Cert, CN, ECDSA_SHA256,
    };

    fn accepts(der: &[u8]) -> bool {
        check(der, 0, der.len()).is_ok()
    }

    #[track_caller]
    fn table(rows: &[(&str, Vec<u8>, bool)]) {
        for (what, der, expected) in rows {
            assert_eq!(accepts(der), *expected, "{what}: {}", hex(der));
        }
    }

    /// `tag` in constructed form around one primitive OCTET STRING segment,
    /// `layers` constructed levels deep in all.
    fn constructed(tag: u8, content: &[u8], layers: usize) -> Vec<u8> {
        let mut v = tlv(0x04, content);
        for i in 0..layers {
            v = tlv(if i + 1 == layers { tag | 0x20 } else { 0x24 }, &v);
        }
        v
    }

    #[test]
    fn version_rules_and_validity_times() {
        table(&crate::x509_testcert::shared_rows());
    }

    #[test]
    fn ber_is_read_inside_certificates() {
        let c = Cert::v3();
        let der = c.der();
        let tbs = c.tbs();
        let bc = oid(&[0x55, 0x1D, 0x13]);
        let ext = |value: Vec<u8>| {
            c.with(|c| c.tail = tlv(0xA3, &seq(&[&seq(&[&bc, &value])])))
                .der()
        };
        table(&[
            (
                "indefinite outer SEQUENCE",
                indefinite(0x30, content(&der)),
                true,
            ),
            (
                "indefinite without its EOC",
                [&[0x30, 0x80][..], content(&der)].concat(),
                false,
            ),
            (
                "indefinite tbsCertificate",
                seq(&[&indefinite(0x30, content(&tbs)), &c.sig_alg, &c.signature]),
                true,
            ),
            (
                "tbsCertificate length in three octets",
                seq(&[&long(0x30, content(&tbs), 3), &c.sig_alg, &c.signature]),
                true,
            ),
            (
                "name length 0x81 below 128",
                c.with(|c| c.issuer = long(0x30, content(&c.issuer), 1))
                    .der(),
                true,
            ),
            (
                "length in four octets",
                c.with(|c| c.signature = long(0x03, content(&c.signature), 4))
                    .der(),
                true,
            ),
            (
                "length in five octets",
                c.with(|c| c.signature = long(0x03, content(&c.signature), 5))
                    .der(),
                false,
            ),
            (
                "constructed OCTET STRING value",
                ext(constructed(0x04, &[0x30, 0x00], 2)),
                true,
            ),
            (
                "five nested constructed levels",
                ext(constructed(0x04, b"", 6)),
                true,
            ),
            (
                "six nested constructed levels",
                ext(constructed(0x04, b"", 7)),
                false,
            ),
            (
                "constructed UTF8String name",
                c.with(|c| c.issuer = name(&constructed(0x0C, b"x", 1)))
                    .der(),
                true,
            ),
            (
                "constructed INTEGER serial",
                c.with(|c| c.serial = tlv(0x22, &[2, 1, 1])).der(),
                false,
            ),
            (
                "constructed time",
                c.with(|c| c.validity = validity(&constructed(0x17, b"261203144836Z", 1)))
                    .der(),
                true,
            ),
            (
                "constructed invalid time",
                c.with(|c| c.validity = validity(&constructed(0x17, b"261203146836Z", 1)))
                    .der(),
                false,
            ),
            (
                "EOC in a definite SEQUENCE",
                c.with(|c| c.tbs_alg = seq(&[&oid(ECDSA_SHA256), &[0, 0]]))
                    .der(),
                false,
            ),
            (
                "non-minimal high tag number",
                c.with(|c| c.issuer = name(&[0x1F, 0x01, 0x00])).der(),
                false,
            ),
            ("trailing octet", [der.clone(), vec![0]].concat(), false),
        ]);
    }

    #[test]
    fn names_are_asn1_printable_and_canonicalise() {
        let c = Cert::v3();
        let value = |v: Vec<u8>| c.with(|c| c.issuer = name(&v)).der();
        table(&[
            ("UTF8String", value(tlv(0x0C, b"x")), true),
            (
                "PrintableString of any octets",
                value(tlv(0x13, &[0xFF, 0x00])),
                true,
            ),
            ("NumericString", value(tlv(0x12, b"x")), true),
            ("T61String", value(tlv(0x14, &[0xE0])), true),
            ("IA5String", value(tlv(0x16, b"x")), true),
            ("BIT STRING", value(tlv(0x03, &[0x00])), true),
            ("SEQUENCE", value(seq(&[&[0x05, 0x00]])), true),
            (
                "ENUMERATED (B_ASN1_UNKNOWN)",
                value(vec![0x0A, 0x01, 0x01]),
                true,
            ),
            ("VisibleString", value(tlv(0x1A, b"x")), false),
            ("OCTET STRING", value(tlv(0x04, b"x")), false),
            ("UTCTime", value(tlv(0x17, b"261203144836Z")), false),
            ("[APPLICATION 12]", value(tlv(0x4C, b"x")), false),
            ("NULL", value(vec![0x05, 0x00]), false),
            ("invalid UTF-8", value(tlv(0x0C, &[0xC0, 0x80])), false),
            (
                "UTF-8 noncharacter",
                value(tlv(0x0C, &[0xEF, 0xBF, 0xBE])),
                false,
            ),
            ("BMPString", value(tlv(0x1E, &[0x00, 0x41])), true),
            (
                "BMPString odd length",
                value(tlv(0x1E, &[0x00, 0x41, 0x00])),
                false,
            ),
            (
                "BMPString with a byte-order mark",
                value(tlv(0x1E, &[0xFE, 0xFF, 0x00, 0x41])),
                false,
            ),
            (
                "BMPString with FEFF later",
                value(tlv(0x1E, &[0x00, 0x41, 0xFE, 0xFF])),
                true,
            ),
            (
                "UniversalString with a byte-order mark",
                value(tlv(0x1C, &[0, 0, 0xFE, 0xFF])),
                false,
            ),
            (
                "UniversalString surrogate",
                value(tlv(0x1C, &[0, 0, 0xD8, 0])),
                false,
            ),
            (
                "empty RDN",
                c.with(|c| c.issuer = seq(&[&[0x31, 0x00]])).der(),
                true,
            ),
            ("empty name", c.with(|c| c.issuer = seq(&[])).der(), true),
            (
                "attribute with a third element",
                c.with(|c| {
                    c.issuer = seq(&[&tlv(
                        0x31,
                        &seq(&[&oid(CN), &tlv(0x0C, b"x"), &[0x05, 0x00]]),
                    )]);
                })
                .der(),
                false,
            ),
        ]);
    }

    #[test]
    fn contents_are_checked_by_type() {
        let c = Cert::v3();
        let alg = |p: &[u8]| c.with(|c| c.tbs_alg = seq(&[&oid(ECDSA_SHA256), p])).der();
        let bc = oid(&[0x55, 0x1D, 0x13]);
        let ext = |inner: Vec<u8>| c.with(|c| c.tail = tlv(0xA3, &seq(&[&inner]))).der();
        table(&[
            (
                "serial negative",
                c.with(|c| c.serial = vec![2, 1, 0x80]).der(),
                true,
            ),
            (
                "serial non-minimal",
                c.with(|c| c.serial = vec![2, 2, 0xFF, 0x80]).der(),
                false,
            ),
            (
                "key with unused bits set",
                c.with(|c| {
                    c.spki = seq(&[&seq(&[&oid(&[0x2A, 0x03])]), &tlv(0x03, &[0x01, 0x01])]);
                })
                .der(),
                false,
            ),
            (
                "a key that does not load",
                c.with(|c| {
                    c.spki = seq(&[&seq(&[&oid(&[0x2A, 0x03])]), &tlv(0x03, &[0x00, 0x01])]);
                })
                .der(),
                true,
            ),
            ("parameter BOOLEAN 0x01", alg(&[0x01, 0x01, 0x01]), true),
            (
                "parameter NULL with content",
                alg(&[0x05, 0x01, 0x00]),
                false,
            ),
            ("parameter [5] primitive", alg(&[0x85, 0x01, 0x00]), true),
            ("parameter primitive SEQUENCE", alg(&[0x10, 0x00]), false),
            ("two parameters", alg(&[0x05, 0x00, 0x05, 0x00]), false),
            (
                "algorithm OID with 0x80",
                c.with(|c| c.tbs_alg = seq(&[&oid(&[0x2A, 0x80, 0x01])]))
                    .der(),
                false,
            ),
            (
                "critical 0x01",
                ext(seq(&[&bc, &[0x01, 0x01, 0x01], &tlv(0x04, b"")])),
                true,
            ),
            (
                "critical of two octets",
                ext(seq(&[&bc, &[0x01, 0x02, 0xFF, 0xFF], &tlv(0x04, b"")])),
                false,
            ),
            ("no value", ext(seq(&[&bc])), false),
        ]);
    }
}
