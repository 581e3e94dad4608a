//! A small interpreter for OpenSSL's ASN.1 templates, with the acceptance rules
//! of `crypto/asn1/tasn_dec.c` (OpenSSL 3.0).
//!
//! OpenSSL's template decoder decides what `d2i_SSL_SESSION` accepts, including
//! inside the peer certificate, which it parses as an `X509`. Matching its
//! verdicts means walking the same templates with the same rules: OPTIONAL
//! fields skipped on a tag mismatch, the last field of a SEQUENCE made
//! mandatory while bytes remain, BER lengths, constructed strings collected
//! (nested at most 5 deep), EXPLICIT wrappers that must hold exactly one
//! element. The templates themselves are in `openssl_mode.rs` and `x509.rs`.

use std::borrow::Cow;
use std::cell::Cell;

use crate::ber::{
    get_object, int_content, is_eoc, session_int, Header, IntType, CONTEXT, UNIVERSAL,
};
use crate::error::{CertificateError, ErrorKind};

/// `ASN1_MAX_CONSTRUCTED_NEST`.
const MAX_CONSTRUCTED_NEST: u32 = 30;
/// `ASN1_MAX_STRING_NEST`.
const MAX_STRING_NEST: u32 = 5;
/// `X509_NAME_MAX`.
const X509_NAME_MAX: usize = 1024 * 1024;

const V_NULL: u32 = 5;
const V_BOOLEAN: u32 = 1;
const V_INTEGER: u32 = 2;
const V_BIT_STRING: u32 = 3;
const V_OCTET_STRING: u32 = 4;
const V_OBJECT: u32 = 6;
const V_ENUMERATED: u32 = 10;
const V_UTF8STRING: u32 = 12;
const V_SEQUENCE: u32 = 16;
const V_SET: u32 = 17;
const V_UNIVERSALSTRING: u32 = 28;
const V_BMPSTRING: u32 = 30;
/// `V_ASN1_OTHER`: an ANY whose class is not UNIVERSAL.
const V_OTHER: u32 = u32::MAX;

/// `B_ASN1_*` bits for the multi-string types (`include/openssl/asn1.h`).
pub(crate) mod bits {
    pub const NUMERICSTRING: u32 = 0x0001;
    pub const PRINTABLESTRING: u32 = 0x0002;
    pub const T61STRING: u32 = 0x0004;
    pub const VIDEOTEXSTRING: u32 = 0x0008;
    pub const IA5STRING: u32 = 0x0010;
    pub const GRAPHICSTRING: u32 = 0x0020;
    pub const ISO64STRING: u32 = 0x0040;
    pub const GENERALSTRING: u32 = 0x0080;
    pub const UNIVERSALSTRING: u32 = 0x0100;
    pub const OCTET_STRING: u32 = 0x0200;
    pub const BIT_STRING: u32 = 0x0400;
    pub const BMPSTRING: u32 = 0x0800;
    pub const UNKNOWN: u32 = 0x1000;
    pub const UTF8STRING: u32 = 0x2000;
    pub const UTCTIME: u32 = 0x4000;
    pub const GENERALIZEDTIME: u32 = 0x8000;
    pub const SEQUENCE: u32 = 0x10000;
}

/// `ASN1_tag2bit` (`crypto/asn1/tasn_dec.c`).
fn tag2bit(tag: u32) -> u32 {
    use bits::*;
    const T: [u32; 31] = [
        0,
        0,
        0,
        BIT_STRING,
        OCTET_STRING,
        0,
        0,
        UNKNOWN,
        UNKNOWN,
        UNKNOWN,
        0,
        UNKNOWN,
        UTF8STRING,
        UNKNOWN,
        UNKNOWN,
        UNKNOWN,
        SEQUENCE,
        0,
        NUMERICSTRING,
        PRINTABLESTRING,
        T61STRING,
        VIDEOTEXSTRING,
        IA5STRING,
        UTCTIME,
        GENERALIZEDTIME,
        GRAPHICSTRING,
        ISO64STRING,
        GENERALSTRING,
        UNIVERSALSTRING,
        UNKNOWN,
        BMPSTRING,
    ];
    T.get(tag as usize).copied().unwrap_or(0)
}

/// `ASN1_MASK_CANON` (`crypto/x509/x_name.c`): the name value types OpenSSL
/// converts to UTF-8 when it canonicalises a name, which fails on bad characters.
const MASK_CANON: u32 = bits::UTF8STRING
    | bits::BMPSTRING
    | bits::UNIVERSALSTRING
    | bits::PRINTABLESTRING
    | bits::T61STRING
    | bits::IA5STRING
    | bits::ISO64STRING;

/// How an INTEGER's content is read.
#[derive(Clone, Copy, Debug)]
pub(crate) enum IntRule {
    /// The session's `x_int64.c` types (empty INTEGER read as 0, range checks).
    Session(IntType),
    /// `ASN1_INTEGER` (`c2i_ASN1_INTEGER`: no empty content, no padding, any size).
    Asn1,
}

/// An item type.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ty {
    Int(IntRule),
    OctetString,
    BitString,
    Object,
    Boolean,
    Any,
    /// A multi-string: allowed types as `B_ASN1_*` bits, and whether the value is
    /// canonicalised as part of an X509_NAME.
    MString(u32, bool),
    Seq(&'static [Tmpl]),
    /// A universal SEQUENCE kept in its encoded form, not looked into.
    Opaque,
    /// An item that is itself a template (`ASN1_ITEM_TEMPLATE`).
    ItemTemplate(&'static Tmpl),
    /// `X509_NAME` (`x509_name_ex_d2i`): a length clamp around its template.
    Name(&'static Tmpl),
}

/// Tagging of a template.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Tagging {
    None,
    Explicit(u32),
    Implicit(u32),
}

/// SEQUENCE OF / SET OF.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Multi {
    One,
    SeqOf,
    SetOf,
}

/// One `ASN1_TEMPLATE`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tmpl {
    pub tagging: Tagging,
    pub multi: Multi,
    pub optional: bool,
    pub ty: Ty,
}

impl Tmpl {
    pub(crate) const fn req(ty: Ty) -> Tmpl {
        Tmpl {
            tagging: Tagging::None,
            multi: Multi::One,
            optional: false,
            ty,
        }
    }
    pub(crate) const fn opt(ty: Ty) -> Tmpl {
        Tmpl {
            tagging: Tagging::None,
            multi: Multi::One,
            optional: true,
            ty,
        }
    }
    pub(crate) const fn exp_opt(tag: u32, ty: Ty) -> Tmpl {
        Tmpl {
            tagging: Tagging::Explicit(tag),
            multi: Multi::One,
            optional: true,
            ty,
        }
    }
    pub(crate) const fn imp_opt(tag: u32, ty: Ty) -> Tmpl {
        Tmpl {
            tagging: Tagging::Implicit(tag),
            multi: Multi::One,
            optional: true,
            ty,
        }
    }
}

/// A decoded value, where the caller wants one.
#[derive(Debug)]
pub(crate) enum Val<'a> {
    Unit,
    Int(i128),
    Bytes(Cow<'a, [u8]>),
    /// An element kept in its encoded form: `input[start..end]`.
    Raw(usize, usize),
}

/// A failure at a byte offset.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fail {
    pub kind: ErrorKind,
    pub offset: usize,
}

fn fail<T>(kind: ErrorKind, offset: usize) -> Result<T, Fail> {
    Err(Fail { kind, offset })
}

/// Receives the fields of a SEQUENCE as they are decoded.
pub(crate) trait Sink<'a> {
    fn begin(&mut self, _index: usize, _offset: usize) {}
    fn field(&mut self, _index: usize, _val: Val<'a>, _offset: usize) -> Result<(), Fail> {
        Ok(())
    }
}

/// A sink that keeps nothing (certificate internals).
pub(crate) struct Discard;
impl Sink<'_> for Discard {}

/// The interpreter over one input buffer.
pub(crate) struct Engine<'a> {
    input: &'a [u8],
    /// Refuse BER-only forms as well (strict mode's certificate check).
    der: bool,
    /// The last header read, by position and window: OpenSSL's `ASN1_TLC`
    /// cache. Each OPTIONAL template that does not match re-reads the same
    /// header; this makes that a lookup.
    last: Cell<Option<(usize, usize, Header)>>,
}

type Step<'a> = Result<Option<(usize, Val<'a>)>, Fail>;

impl<'a> Engine<'a> {
    pub(crate) fn new(input: &'a [u8], der: bool) -> Self {
        Engine {
            input,
            der,
            last: Cell::new(None),
        }
    }

    pub(crate) fn input(&self) -> &'a [u8] {
        self.input
    }

    pub(crate) fn is_der(&self) -> bool {
        self.der
    }

    /// `ASN1_get_object` at `pos` with `len` bytes available, cached.
    #[inline]
    fn header(&self, pos: usize, len: usize) -> Result<Header, Fail> {
        if let Some((p, l, h)) = self.last.get() {
            if p == pos && l == len {
                return Ok(h);
            }
        }
        let h = get_object(self.window(pos, len), self.der)
            .map_err(|kind| Fail { kind, offset: pos })?;
        self.last.set(Some((pos, len, h)));
        Ok(h)
    }

    fn window(&self, pos: usize, len: usize) -> &'a [u8] {
        self.input.get(pos..pos.saturating_add(len)).unwrap_or(&[])
    }

    /// `asn1_check_tlen`: read a header, match the expected tag, or report the
    /// OPTIONAL field absent.
    fn check_tlen(
        &self,
        pos: usize,
        len: usize,
        expected: Option<(u8, u32)>,
        opt: bool,
    ) -> Result<Option<Header>, Fail> {
        if len == 0 {
            return fail(ErrorKind::MissingField, pos);
        }
        let h = self.header(pos, len)?;
        if let Some((class, tag)) = expected {
            if h.tag != tag || h.class != class {
                if opt {
                    return Ok(None);
                }
                return fail(ErrorKind::UnexpectedTag { found: h.first }, pos);
            }
        }
        Ok(Some(h))
    }

    /// Decodes a SEQUENCE item (`ASN1_ITYPE_SEQUENCE` in `asn1_item_embed_d2i`).
    pub(crate) fn seq(
        &self,
        pos: usize,
        len: usize,
        tag: (u8, u32),
        opt: bool,
        tmpls: &'static [Tmpl],
        sink: &mut dyn Sink<'a>,
        depth: u32,
    ) -> Step<'a> {
        let Some(h) = self.check_tlen(pos, len, Some(tag), opt)? else {
            return Ok(None);
        };
        if !h.constructed {
            return fail(ErrorKind::NotConstructed, pos);
        }
        let mut p = pos + h.header_len;
        let mut l = h.len;
        let mut eoc = h.indefinite;
        let no_length_check = h.indefinite;
        let mut i = 0;
        while i < tmpls.len() {
            if l == 0 {
                break;
            }
            if is_eoc(self.window(p, l)) {
                if !eoc {
                    return fail(ErrorKind::UnexpectedEoc, p);
                }
                p += 2;
                l -= 2;
                eoc = false;
                break;
            }
            // "The field cannot be omitted if it is the last of a SEQUENCE and
            // there is still data to be read."
            let is_opt = i + 1 != tmpls.len() && tmpls[i].optional;
            sink.begin(i, p);
            if let Some((np, val)) = self.template(p, l, &tmpls[i], is_opt, depth)? {
                sink.field(i, val, p)?;
                l -= np - p;
                p = np;
            }
            i += 1;
        }
        if eoc {
            if !is_eoc(self.window(p, l)) {
                return fail(ErrorKind::MissingEoc, p);
            }
            p += 2;
            l -= 2;
        }
        if !no_length_check && l != 0 {
            return fail(ErrorKind::SequenceLengthMismatch, p);
        }
        if let Some(missing) = tmpls
            .get(i..)
            .and_then(|rest| rest.iter().position(|t| !t.optional))
        {
            sink.begin(i + missing, p);
            return fail(ErrorKind::MissingField, p);
        }
        Ok(Some((p, Val::Raw(pos, p))))
    }

    /// `asn1_template_ex_d2i`: EXPLICIT tagging around `template_noexp`.
    pub(crate) fn template(
        &self,
        pos: usize,
        len: usize,
        t: &'static Tmpl,
        opt: bool,
        depth: u32,
    ) -> Step<'a> {
        let Tagging::Explicit(tag) = t.tagging else {
            return self.template_noexp(pos, len, t, opt, depth);
        };
        let Some(h) = self.check_tlen(pos, len, Some((CONTEXT, tag)), opt)? else {
            return Ok(None);
        };
        if !h.constructed {
            return fail(ErrorKind::NotConstructed, pos);
        }
        let ip = pos + h.header_len;
        let Some((np, val)) = self.template_noexp(ip, h.len, t, false, depth)? else {
            return fail(ErrorKind::MissingField, ip);
        };
        let rest = h.len - (np - ip);
        if h.indefinite {
            if !is_eoc(self.window(np, rest)) {
                return fail(ErrorKind::MissingEoc, np);
            }
            Ok(Some((np + 2, val)))
        } else if rest != 0 {
            fail(ErrorKind::ExplicitLengthMismatch, np)
        } else {
            Ok(Some((np, val)))
        }
    }

    /// `asn1_template_noexp_d2i`.
    fn template_noexp(
        &self,
        pos: usize,
        len: usize,
        t: &'static Tmpl,
        opt: bool,
        depth: u32,
    ) -> Step<'a> {
        match t.multi {
            Multi::SeqOf | Multi::SetOf => {
                let expected = match t.tagging {
                    Tagging::Implicit(n) => (CONTEXT, n),
                    _ if matches!(t.multi, Multi::SetOf) => (UNIVERSAL, V_SET),
                    _ => (UNIVERSAL, V_SEQUENCE),
                };
                // OpenSSL does not ask whether a SET OF / SEQUENCE OF is constructed.
                let Some(h) = self.check_tlen(pos, len, Some(expected), opt)? else {
                    return Ok(None);
                };
                let mut p = pos + h.header_len;
                let mut l = h.len;
                let mut eoc = h.indefinite;
                while l > 0 {
                    if is_eoc(self.window(p, l)) {
                        if !eoc {
                            return fail(ErrorKind::UnexpectedEoc, p);
                        }
                        p += 2;
                        eoc = false;
                        break;
                    }
                    let Some((np, _)) = self.item(p, l, t.ty, None, false, depth)? else {
                        return fail(ErrorKind::MissingField, p);
                    };
                    l -= np - p;
                    p = np;
                }
                if eoc {
                    return fail(ErrorKind::MissingEoc, p);
                }
                Ok(Some((p, Val::Unit)))
            }
            Multi::One => {
                let tag = match t.tagging {
                    Tagging::Implicit(n) => Some((CONTEXT, n)),
                    _ => None,
                };
                self.item(pos, len, t.ty, tag, opt, depth)
            }
        }
    }

    /// `asn1_item_embed_d2i`.
    fn item(
        &self,
        pos: usize,
        len: usize,
        ty: Ty,
        tag: Option<(u8, u32)>,
        opt: bool,
        depth: u32,
    ) -> Step<'a> {
        let depth = depth + 1;
        if depth > MAX_CONSTRUCTED_NEST {
            return fail(ErrorKind::NestedTooDeep, pos);
        }
        match ty {
            Ty::Seq(tmpls) => self.seq(
                pos,
                len,
                tag.unwrap_or((UNIVERSAL, V_SEQUENCE)),
                opt,
                tmpls,
                &mut Discard,
                depth,
            ),
            Ty::ItemTemplate(t) => {
                if tag.is_some() || opt {
                    // ASN1_R_ILLEGAL_OPTIONS_ON_ITEM_TEMPLATE; no OpenSSL template does this.
                    return fail(ErrorKind::BadHeader, pos);
                }
                self.template(pos, len, t, opt, depth)
            }
            Ty::Name(t) => {
                // x509_name_ex_d2i decodes its internal form with a fresh depth.
                let len = len.min(X509_NAME_MAX);
                let _ = tag;
                self.item(pos, len, Ty::ItemTemplate(t), None, opt, 0)
            }
            _ => self.primitive(pos, len, ty, tag, opt),
        }
    }

    /// `asn1_d2i_ex_primitive` and the MSTRING / ANY dispatch before it.
    fn primitive(
        &self,
        pos: usize,
        len: usize,
        ty: Ty,
        tag: Option<(u8, u32)>,
        opt: bool,
    ) -> Step<'a> {
        let mut canon = false;
        let (utype, expected, opt) = match ty {
            Ty::MString(mask, is_name) => {
                let Some(h) = self.check_tlen(pos, len, None, true)? else {
                    return Ok(None);
                };
                if h.class != UNIVERSAL || tag2bit(h.tag) & mask == 0 {
                    if opt {
                        return Ok(None);
                    }
                    return fail(ErrorKind::UnexpectedTag { found: h.first }, pos);
                }
                canon = is_name;
                (h.tag, Some((UNIVERSAL, h.tag)), false)
            }
            Ty::Any => {
                if tag.is_some() || opt {
                    // ASN1_R_ILLEGAL_TAGGED_ANY / ILLEGAL_OPTIONAL_ANY.
                    return fail(ErrorKind::BadHeader, pos);
                }
                let h = self.header(pos, len)?;
                if h.class != UNIVERSAL {
                    (V_OTHER, None, false)
                } else {
                    (h.tag, Some((UNIVERSAL, h.tag)), false)
                }
            }
            Ty::Int(_) => (V_INTEGER, Some(tag.unwrap_or((UNIVERSAL, V_INTEGER))), opt),
            Ty::OctetString => (
                V_OCTET_STRING,
                Some(tag.unwrap_or((UNIVERSAL, V_OCTET_STRING))),
                opt,
            ),
            Ty::BitString => (
                V_BIT_STRING,
                Some(tag.unwrap_or((UNIVERSAL, V_BIT_STRING))),
                opt,
            ),
            Ty::Opaque => (
                V_SEQUENCE,
                Some(tag.unwrap_or((UNIVERSAL, V_SEQUENCE))),
                opt,
            ),
            Ty::Object => (V_OBJECT, Some(tag.unwrap_or((UNIVERSAL, V_OBJECT))), opt),
            Ty::Boolean => (V_BOOLEAN, Some(tag.unwrap_or((UNIVERSAL, V_BOOLEAN))), opt),
            Ty::Seq(_) | Ty::ItemTemplate(_) | Ty::Name(_) => {
                return fail(ErrorKind::BadHeader, pos)
            }
        };
        let Some(h) = self.check_tlen(pos, len, expected, opt)? else {
            return Ok(None);
        };
        let cpos = pos + h.header_len;
        if utype == V_SEQUENCE || utype == V_SET || utype == V_OTHER {
            if utype != V_OTHER && !h.constructed {
                return fail(ErrorKind::NotConstructed, pos);
            }
            let end = if h.indefinite {
                self.find_end(cpos, h.len)?
            } else {
                cpos + h.len
            };
            return Ok(Some((end, Val::Raw(pos, end))));
        }
        let (content, end): (Cow<'a, [u8]>, usize) = if h.constructed {
            if matches!(
                utype,
                V_NULL | V_BOOLEAN | V_OBJECT | V_INTEGER | V_ENUMERATED
            ) {
                return fail(ErrorKind::NotPrimitive, pos);
            }
            if self.der {
                return fail(ErrorKind::ConstructedString, pos);
            }
            // Two walks: the first sizes the buffer, so it is allocated once
            // and exactly (never more than the input holds).
            let mut total = 0;
            self.collect(cpos, h.len, h.indefinite, 0, &mut |s| total += s.len())?;
            let mut buf = Vec::with_capacity(total);
            let end = self.collect(cpos, h.len, h.indefinite, 0, &mut |s| {
                buf.extend_from_slice(s)
            })?;
            (Cow::Owned(buf), end)
        } else {
            (Cow::Borrowed(self.window(cpos, h.len)), cpos + h.len)
        };
        let val = self.c2i(utype, ty, content, pos)?;
        if canon {
            if let Val::Bytes(b) = &val {
                check_canon(utype, b).map_err(|k| Fail {
                    kind: ErrorKind::InvalidCertificate(k),
                    offset: pos,
                })?;
            }
        }
        Ok(Some((end, val)))
    }

    /// `asn1_ex_c2i`: the content checks per universal type.
    fn c2i(&self, utype: u32, ty: Ty, c: Cow<'a, [u8]>, pos: usize) -> Result<Val<'a>, Fail> {
        let cert = |k: CertificateError| Fail {
            kind: ErrorKind::InvalidCertificate(k),
            offset: pos,
        };
        match utype {
            V_OBJECT => {
                // ossl_c2i_ASN1_OBJECT: non-empty, last octet ends a subidentifier,
                // no subidentifier starts with 0x80.
                let ok = c.last().is_some_and(|&b| b & 0x80 == 0)
                    && !c
                        .iter()
                        .enumerate()
                        .any(|(i, &b)| b == 0x80 && (i == 0 || c[i - 1] & 0x80 == 0));
                if !ok {
                    return Err(cert(CertificateError::InvalidObject));
                }
                Ok(Val::Unit)
            }
            V_NULL if !c.is_empty() => Err(cert(CertificateError::InvalidPrimitive)),
            V_BOOLEAN if c.len() != 1 => Err(cert(CertificateError::InvalidPrimitive)),
            V_BIT_STRING => match (c.first(), c.last()) {
                // DER also wants the unused bits zero (X.690 §11.2); OpenSSL
                // only clears them.
                (Some(&unused), Some(&last))
                    if unused <= 7
                        && (!self.der
                            || (last & !(0xFF << unused) == 0 && (unused == 0 || c.len() > 1))) =>
                {
                    Ok(Val::Bytes(c))
                }
                _ => Err(cert(CertificateError::InvalidBitString)),
            },
            V_INTEGER | V_ENUMERATED => match ty {
                Ty::Int(IntRule::Session(it)) => {
                    let v = int_content(&c, true).map_err(|kind| Fail { kind, offset: pos })?;
                    let n = session_int(v, it).map_err(|kind| Fail { kind, offset: pos })?;
                    Ok(Val::Int(n))
                }
                _ => {
                    int_content(&c, false).map_err(|_| cert(CertificateError::InvalidInteger))?;
                    Ok(Val::Unit)
                }
            },
            V_BMPSTRING if c.len() % 2 != 0 => Err(cert(CertificateError::InvalidString)),
            V_UNIVERSALSTRING if c.len() % 4 != 0 => Err(cert(CertificateError::InvalidString)),
            _ => Ok(Val::Bytes(c)),
        }
    }

    /// `asn1_collect`: concatenate the primitive segments of a constructed string.
    /// Segment tags are not checked (OpenSSL passes tag -1).
    pub(crate) fn collect(
        &self,
        pos: usize,
        len: usize,
        indefinite: bool,
        depth: u32,
        segment: &mut dyn FnMut(&'a [u8]),
    ) -> Result<usize, Fail> {
        let mut p = pos;
        let mut l = len;
        let mut inf = indefinite;
        while l > 0 {
            if is_eoc(self.window(p, l)) {
                if !inf {
                    return fail(ErrorKind::UnexpectedEoc, p);
                }
                p += 2;
                inf = false;
                break;
            }
            let Some(h) = self.check_tlen(p, l, None, false)? else {
                return fail(ErrorKind::MissingField, p);
            };
            let cp = p + h.header_len;
            let np = if h.constructed {
                if depth >= MAX_STRING_NEST {
                    return fail(ErrorKind::NestedTooDeep, p);
                }
                self.collect(cp, h.len, h.indefinite, depth + 1, segment)?
            } else {
                segment(self.window(cp, h.len));
                cp + h.len
            };
            l -= np - p;
            p = np;
        }
        if inf {
            return fail(ErrorKind::MissingEoc, p);
        }
        Ok(p)
    }

    /// `asn1_find_end`: the end of an indefinite-length element kept encoded.
    fn find_end(&self, pos: usize, len: usize) -> Result<usize, Fail> {
        let mut expected: u32 = 1;
        let mut p = pos;
        let mut l = len;
        while l > 0 {
            if is_eoc(self.window(p, l)) {
                expected -= 1;
                p += 2;
                if expected == 0 {
                    break;
                }
                l -= 2;
                continue;
            }
            let Some(h) = self.check_tlen(p, l, None, false)? else {
                return fail(ErrorKind::MissingField, p);
            };
            let q = p;
            p += h.header_len;
            if h.indefinite {
                expected = expected.checked_add(1).ok_or(Fail {
                    kind: ErrorKind::NestedTooDeep,
                    offset: q,
                })?;
            } else {
                p += h.len;
            }
            l -= p - q;
        }
        if expected != 0 {
            return fail(ErrorKind::MissingEoc, p);
        }
        Ok(p)
    }
}

/// What `ASN1_STRING_to_UTF8` refuses when `x509_name_canon` converts a name value.
fn check_canon(utype: u32, s: &[u8]) -> Result<(), CertificateError> {
    if tag2bit(utype) & MASK_CANON == 0 {
        return Ok(());
    }
    let valid = |v: u32| v <= 0x10FFFF && !(0xD800..=0xDFFF).contains(&v);
    match utype {
        V_UTF8STRING => {
            let mut i = 0;
            while i < s.len() {
                let (v, n) = utf8_getc(&s[i..]).ok_or(CertificateError::InvalidString)?;
                if !valid(v) {
                    return Err(CertificateError::InvalidString);
                }
                i += n;
            }
            Ok(())
        }
        V_BMPSTRING => {
            if s.chunks_exact(2)
                .all(|c| valid(u32::from(c[0]) << 8 | u32::from(c[1])))
            {
                Ok(())
            } else {
                Err(CertificateError::InvalidString)
            }
        }
        V_UNIVERSALSTRING => {
            if s.chunks_exact(4)
                .all(|c| valid(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
            {
                Ok(())
            } else {
                Err(CertificateError::InvalidString)
            }
        }
        // Single-byte types are read as Latin-1 and always convert.
        _ => Ok(()),
    }
}

/// `UTF8_getc` (`crypto/asn1/a_utf8.c`): rejects truncated, overlong and
/// surrogate sequences; accepts 4-byte values up to 0x1FFFFF (the caller
/// applies the Unicode range).
fn utf8_getc(s: &[u8]) -> Option<(u32, usize)> {
    let b0 = *s.first()?;
    let cont = |i: usize| {
        s.get(i)
            .filter(|&&b| b & 0xC0 == 0x80)
            .map(|&b| u32::from(b & 0x3F))
    };
    if b0 & 0x80 == 0 {
        Some((u32::from(b0), 1))
    } else if b0 & 0xE0 == 0xC0 {
        let v = (u32::from(b0 & 0x1F) << 6) | cont(1)?;
        (v >= 0x80).then_some((v, 2))
    } else if b0 & 0xF0 == 0xE0 {
        let v = (u32::from(b0 & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?;
        (v >= 0x800 && !(0xD800..=0xDFFF).contains(&v)).then_some((v, 3))
    } else if b0 & 0xF8 == 0xF0 {
        let v = (u32::from(b0 & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?;
        (v >= 0x10000).then_some((v, 4))
    } else {
        None
    }
}
