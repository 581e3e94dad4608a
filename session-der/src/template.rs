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

use ossl_asn1::{
    c2i_bit_string, c2i_object, ex_c2i_check, rfc5280_time_check, string_to_utf8_check, tag,
    tag2bit, time_length_check,
};

use crate::ber::{
    get_object, int_content, is_eoc, session_int, Header, IntType, LongLength, CONTEXT, UNIVERSAL,
};
use crate::error::{CertificateError, ErrorKind};

/// `ASN1_MAX_CONSTRUCTED_NEST`.
const MAX_CONSTRUCTED_NEST: u32 = 30;
/// `X509_NAME_MAX`: `x509_name_ex_d2i` reads a Name within this many bytes.
pub(crate) const X509_NAME_MAX: usize = 1024 * 1024;

/// `V_ASN1_OTHER`: an ANY whose class is not UNIVERSAL.
const V_OTHER: u32 = u32::MAX;

/// Universal tags LibreSSL's `asn1_types.c` also marks primitive only.
const REAL: u32 = 9;
const RELATIVE_OID: u32 = 13;
const TIME: u32 = 14;

/// `B_ASN1_*` bits for the multi-string types (`include/openssl/asn1.h`).
pub(crate) use ossl_asn1::bits;

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
    /// The version's rule for long-form lengths (changed in OpenSSL 3.6).
    long: LongLength,
    /// Whether UTCTime and GeneralizedTime have minimum lengths (OpenSSL
    /// 3.5+'s `asn1_ex_c2i`; always in DER mode, which is stricter).
    time_lengths: bool,
    /// LibreSSL's libcrypto where it differs from OpenSSL's (`Engine::libressl`).
    libressl: bool,
    /// Whether an item of no length is refused before its header is read
    /// (3.0+'s `asn1_item_embed_d2i`: ASN1_R_TOO_SMALL); 1.1.1 reads the
    /// header of nothing (ASN1_R_HEADER_TOO_LONG).
    empty_item_too_small: bool,
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
            long: LongLength::OctetMustFollow,
            time_lengths: der,
            libressl: false,
            empty_item_too_small: true,
            last: Cell::new(None),
        }
    }

    /// The template decoder of LibreSSL's libcrypto (`asn1/tasn_dec.c` 1.89,
    /// `asn1_lib.c`, 4.3), BER like OpenSSL's, with its differences:
    /// lengths by [`LongLength::LibreSsl`] (a length of length 127 refused);
    /// every UTCTime and GeneralizedTime in RFC 5280's form
    /// ([`rfc5280_time_check`]); a constructed string read to the end of
    /// what encloses it ([`ossl_asn1::collect_to_end`]); REAL,
    /// RELATIVE-OID and TIME primitive only (`asn1_must_be_primitive`); no
    /// size clamp on an `X509_NAME` (`x_name.c` has no `X509_NAME_MAX`).
    pub(crate) fn libressl(input: &'a [u8]) -> Self {
        Engine {
            long: LongLength::LibreSsl,
            libressl: true,
            ..Engine::new(input, false)
        }
    }

    /// Reads long-form lengths with `long`'s rule (OpenSSL 3.6 changed it),
    /// checks the lengths of times when `time_lengths` (3.5+), and refuses
    /// an item of no length before reading its header when
    /// `empty_item_too_small` (3.0+).
    pub(crate) fn version_rules(
        mut self,
        long: LongLength,
        time_lengths: bool,
        empty_item_too_small: bool,
    ) -> Self {
        self.long = long;
        self.time_lengths = time_lengths;
        self.empty_item_too_small = empty_item_too_small;
        self
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
        let h = get_object(self.window(pos, len), self.der, self.long)
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
        // Reached with nothing left only for an item's content (the
        // SEQUENCE loop stops at its end first): 3.0+'s
        // `asn1_item_embed_d2i` refuses a zero length with ASN1_R_TOO_SMALL
        // before reading a header; 1.1.1's header read fails instead.
        if len == 0 && self.empty_item_too_small {
            return fail(ErrorKind::Empty, pos);
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
                    _ if matches!(t.multi, Multi::SetOf) => (UNIVERSAL, tag::SET),
                    _ => (UNIVERSAL, tag::SEQUENCE),
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
                tag.unwrap_or((UNIVERSAL, tag::SEQUENCE)),
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
                let len = if self.libressl {
                    len
                } else {
                    len.min(X509_NAME_MAX)
                };
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
            // A universal type of its own: that tag unless IMPLICIT tagging replaces it.
            Ty::Int(_)
            | Ty::OctetString
            | Ty::BitString
            | Ty::Opaque
            | Ty::Object
            | Ty::Boolean => {
                let utype = match ty {
                    Ty::Int(_) => tag::INTEGER,
                    Ty::OctetString => tag::OCTET_STRING,
                    Ty::BitString => tag::BIT_STRING,
                    Ty::Opaque => tag::SEQUENCE,
                    Ty::Object => tag::OBJECT,
                    _ => tag::BOOLEAN,
                };
                (utype, Some(tag.unwrap_or((UNIVERSAL, utype))), opt)
            }
            Ty::Seq(_) | Ty::ItemTemplate(_) | Ty::Name(_) => {
                return fail(ErrorKind::BadHeader, pos)
            }
        };
        let Some(h) = self.check_tlen(pos, len, expected, opt)? else {
            return Ok(None);
        };
        let cpos = pos + h.header_len;
        if utype == tag::SEQUENCE || utype == tag::SET || utype == V_OTHER {
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
                tag::NULL | tag::BOOLEAN | tag::OBJECT | tag::INTEGER | tag::ENUMERATED
            ) || (self.libressl && matches!(utype, REAL | RELATIVE_OID | TIME))
            {
                return fail(ErrorKind::NotPrimitive, pos);
            }
            if self.der {
                return fail(ErrorKind::ConstructedString, pos);
            }
            // LibreSSL hands asn1_collect all that encloses the string.
            let room = if self.libressl {
                len - h.header_len
            } else {
                h.len
            };
            // Two walks: the first sizes the buffer, so it is allocated once
            // and exactly (never more than the input holds).
            let mut total = 0;
            self.collect(cpos, room, h.indefinite, &mut |s| total += s.len())?;
            let mut buf = Vec::with_capacity(total);
            let end = self.collect(cpos, room, h.indefinite, &mut |s| buf.extend_from_slice(s))?;
            (Cow::Owned(buf), end)
        } else {
            (Cow::Borrowed(self.window(cpos, h.len)), cpos + h.len)
        };
        let val = self.c2i(utype, ty, content, pos)?;
        if canon {
            if let Val::Bytes(b) = &val {
                string_to_utf8_check(utype, b).map_err(|e| Fail {
                    kind: e.into(),
                    offset: pos,
                })?;
            }
        }
        Ok(Some((end, val)))
    }

    /// `asn1_ex_c2i`: the content checks per universal type.
    fn c2i(&self, utype: u32, ty: Ty, c: Cow<'a, [u8]>, pos: usize) -> Result<Val<'a>, Fail> {
        let at = |e: ossl_asn1::Error| Fail {
            kind: e.into(),
            offset: pos,
        };
        match utype {
            tag::OBJECT => {
                c2i_object(&c).map_err(at)?;
                Ok(Val::Unit)
            }
            tag::BIT_STRING => match c2i_bit_string(&c) {
                // DER also wants the unused bits zero (X.690 §11.2); OpenSSL
                // only clears them.
                Ok(bits) if !self.der || bits.is_der() => Ok(Val::Bytes(c)),
                _ => Err(at(ossl_asn1::Error::InvalidBitString)),
            },
            tag::INTEGER | tag::ENUMERATED => match ty {
                Ty::Int(IntRule::Session(it)) => {
                    let v = int_content(&c, true).map_err(|kind| Fail { kind, offset: pos })?;
                    let n = session_int(v, it).map_err(|kind| Fail { kind, offset: pos })?;
                    Ok(Val::Int(n))
                }
                _ => {
                    int_content(&c, false).map_err(|_| Fail {
                        kind: ErrorKind::InvalidCertificate(CertificateError::InvalidInteger),
                        offset: pos,
                    })?;
                    Ok(Val::Unit)
                }
            },
            // NULL and BOOLEAN lengths, whole BMPString and UniversalString
            // characters, and from 3.5 the shortest times; no rule for the
            // other types.
            _ => {
                ex_c2i_check(utype, &c).map_err(at)?;
                if self.time_lengths {
                    time_length_check(utype, &c).map_err(at)?;
                }
                if self.libressl {
                    rfc5280_time_check(utype, &c).map_err(at)?;
                }
                Ok(Val::Bytes(c))
            }
        }
    }

    /// `asn1_collect` (in `ossl-asn1`) over `input[pos..pos + len]`: the
    /// primitive segments of a constructed string, in order; returns where
    /// the string ends.
    pub(crate) fn collect<F: FnMut(&'a [u8])>(
        &self,
        pos: usize,
        len: usize,
        indefinite: bool,
        segment: &mut F,
    ) -> Result<usize, Fail> {
        let window = self.window(pos, len);
        if self.libressl {
            ossl_asn1::collect_to_end(window, indefinite, segment)
        } else {
            ossl_asn1::collect_with(window, indefinite, self.long, segment)
        }
        .map(|n| pos + n)
        .map_err(|e| Fail {
            kind: e.error.into(),
            offset: pos + e.offset,
        })
    }

    /// `asn1_find_end`: the end of an indefinite-length element kept encoded.
    fn find_end(&self, pos: usize, len: usize) -> Result<usize, Fail> {
        ossl_asn1::find_end_with(self.window(pos, len), self.long)
            .map(|n| pos + n)
            .map_err(|e| Fail {
                kind: e.error.into(),
                offset: pos + e.offset,
            })
    }
}
