//! The common case of the certificate check, fast: a DER certificate of the
//! usual shape, checked by straight-line code.
//!
//! It answers only "OpenSSL's `d2i_X509` accepts this" (`true`) or "cannot
//! tell" (`false`); on `false` the template walk of `x509.rs` decides and names
//! the error. So it may bail out on anything unusual (BER, rare string types,
//! odd algorithm parameters), but must never say `true` where the template
//! walk says no — this file's tests check that on every certificate and
//! mutation we have.

use ossl_asn1::ident::{
    BIT_STRING, BMPSTRING, BOOLEAN, GENERALIZEDTIME, IA5STRING, INTEGER, NULL, NUMERICSTRING,
    OBJECT, OCTET_STRING, PRINTABLESTRING, SEQUENCE, SET, T61STRING, UTCTIME, UTF8STRING,
};
use ossl_asn1::{
    bmp_string_check, c2i_bit_string, c2i_ibuf_check, c2i_object, ex_c2i_check, tag,
    time_length_check, utf8_string_check,
};

use crate::der::{read, Element};
use crate::template::X509_NAME_MAX;

/// A cursor over the elements inside one constructed element.
struct Seq<'a> {
    rest: &'a [u8],
}

impl<'a> Seq<'a> {
    #[inline(always)]
    fn new(e: &Element<'a>) -> Self {
        Seq { rest: e.content }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The next element if its identifier octet is `tag` (a tag number
    /// below 31). The tag is compared before the length is read, so a
    /// mismatch (an OPTIONAL field absent) costs one comparison.
    #[inline(always)]
    fn next(&mut self, tag: u8) -> Option<Element<'a>> {
        if self.peek() != Some(tag) {
            return None;
        }
        let (e, rest) = read(self.rest).ok()?;
        self.rest = rest;
        Some(e)
    }

    #[inline(always)]
    fn done(&self) -> Option<()> {
        self.rest.is_empty().then_some(())
    }
}

/// `ossl_c2i_ASN1_OBJECT`'s encoding rules.
#[inline(always)]
fn oid_ok(c: &[u8]) -> bool {
    c2i_object(c).is_ok()
}

/// `c2i_ibuf`: non-empty, no illegal padding (which is also DER's rule).
#[inline(always)]
fn integer_ok(c: &[u8]) -> bool {
    c2i_ibuf_check(c, false).is_ok()
}

/// `ossl_c2i_ASN1_BIT_STRING`, and — as the template walk checks in DER mode
/// — DER's own rule (X.690 §11.2): unused bits zero, none without data.
#[inline(always)]
fn bit_string_ok(c: &[u8]) -> bool {
    c2i_bit_string(c).is_ok_and(|b| b.is_der())
}

/// `X509_ALGOR` with no parameters, NULL, an OID, or a SEQUENCE (as ECDSA,
/// EC keys and RSA-PSS have).
fn algorithm(s: &mut Seq<'_>) -> Option<()> {
    let a = s.next(SEQUENCE)?;
    let mut a = Seq::new(&a);
    let oid = a.next(OBJECT)?;
    if !oid_ok(oid.content) {
        return None;
    }
    match a.peek() {
        None => {}
        Some(NULL) => {
            let n = a.next(NULL)?;
            ex_c2i_check(tag::NULL, n.content).ok()?;
        }
        Some(OBJECT) => {
            let p = a.next(OBJECT)?;
            oid_ok(p.content).then_some(())?;
        }
        Some(SEQUENCE) => {
            a.next(SEQUENCE)?;
        }
        Some(_) => return None,
    }
    a.done()
}

/// `X509_NAME` with the common value types; their characters as
/// `x509_name_canon` converts them.
fn name(s: &mut Seq<'_>) -> Option<()> {
    let n = s.next(SEQUENCE)?;
    // `x509_name_ex_d2i` reads a Name within `X509_NAME_MAX` bytes, header
    // included: a longer one is the template walk's to refuse.
    (n.header_len + n.content.len() <= X509_NAME_MAX).then_some(())?;
    let mut rdns = Seq::new(&n);
    while rdns.peek().is_some() {
        if usual_rdn(&mut rdns)? {
            continue;
        }
        let set = rdns.next(SET)?;
        let mut entries = Seq::new(&set);
        while entries.peek().is_some() {
            let entry = entries.next(SEQUENCE)?;
            let mut e = Seq::new(&entry);
            let oid = e.next(OBJECT)?;
            oid_ok(oid.content).then_some(())?;
            let id = e.peek()?;
            let v = e.next(id)?;
            name_value(id, v.content)?;
            e.done()?;
        }
    }
    Some(())
}

/// The usual RDN, matched as one byte pattern: a SET of one
/// AttributeTypeAndValue whose type is a 3-octet `id-at-*` OID (2.5.4.n,
/// n < 128: CN, O, OU, C, ...) and whose value is short:
///
/// ```text
/// 31 L  30 L-2  06 03 55 04 n  T L-9 value
/// ```
///
/// Such an OID is always valid (`c2i_object`: its last octet is below 0x80
/// and none is 0x80), short lengths are DER, and the lengths nest exactly, so
/// this is the general loop's verdict on it without its five header reads
/// and OID scan (callgrind, p00024's 10 RDNs: ~117 instructions each in the
/// loop besides the value check, ~37 here). `Some(false)` when the RDN has
/// another shape (the general loop reads it), `None` when its value is
/// refused.
#[inline(always)]
fn usual_rdn(rdns: &mut Seq<'_>) -> Option<bool> {
    let [0x31, set_len, 0x30, seq_len, OBJECT, 3, 0x55, 4, n, id, value_len, rest @ ..] = rdns.rest
    else {
        return Some(false);
    };
    let shape = *set_len < 0x80
        && *n < 0x80
        && usize::from(*seq_len) + 2 == usize::from(*set_len)
        && usize::from(*value_len) + 7 == usize::from(*seq_len);
    let Some((value, after)) = rest
        .split_at_checked(usize::from(*value_len))
        .filter(|_| shape)
    else {
        return Some(false);
    };
    name_value(*id, value)?;
    rdns.rest = after;
    Some(true)
}

/// A name's value: the types taken here, each with `asn1_ex_c2i`'s length
/// rule and what `x509_name_canon` needs of it (`ASN1_STRING_to_UTF8`); the
/// others go to the template walk.
#[inline(always)]
fn name_value(id: u8, c: &[u8]) -> Option<()> {
    match id {
        // Read as Latin-1 by the canonicaliser: always converted.
        NUMERICSTRING | PRINTABLESTRING | T61STRING | IA5STRING => Some(()),
        UTF8STRING => utf8_string_check(c).ok(),
        BMPSTRING => {
            ex_c2i_check(tag::BMPSTRING, c).ok()?;
            bmp_string_check(c).ok()
        }
        _ => None,
    }
}

/// A validity time, with the shortest lengths OpenSSL 3.5+ accept (strict
/// mode always applies them; a 3.0 reading of a shorter one is left to the
/// templates).
fn time(s: &mut Seq<'_>) -> Option<()> {
    let (tag, utype) = match s.peek()? {
        UTCTIME => (UTCTIME, ossl_asn1::tag::UTCTIME),
        GENERALIZEDTIME => (GENERALIZEDTIME, ossl_asn1::tag::GENERALIZEDTIME),
        _ => return None,
    };
    let e = s.next(tag)?;
    time_length_check(utype, e.content).ok()
}

fn extensions(s: &mut Seq<'_>) -> Option<()> {
    let wrapper = s.next(0xA3)?;
    let mut w = Seq::new(&wrapper);
    let list = w.next(SEQUENCE)?;
    w.done()?;
    let mut list = Seq::new(&list);
    while list.peek().is_some() {
        if usual_extension(&mut list) {
            continue;
        }
        let ext = list.next(SEQUENCE)?;
        let mut e = Seq::new(&ext);
        let oid = e.next(OBJECT)?;
        oid_ok(oid.content).then_some(())?;
        if e.peek() == Some(BOOLEAN) {
            let b = e.next(BOOLEAN)?;
            ex_c2i_check(tag::BOOLEAN, b.content).ok()?;
        }
        e.next(OCTET_STRING)?;
        e.done()?;
    }
    Some(())
}

/// The usual extension, matched as one byte pattern: a 3-octet `id-ce-*`
/// OID (2.5.29.n, n < 128: basic constraints, key usage, alt names, ...),
/// the critical flag or none, and a short value:
///
/// ```text
/// 30 L  06 03 55 1D n  [01 01 b]  04 V value
/// ```
///
/// As in [`usual_rdn`], such an OID is valid and the short lengths nest
/// exactly, so this is the general loop's verdict without its four header
/// reads and OID scan (callgrind, p00024's 3 extensions: `extensions`
/// went from 352 to 209 instructions). `false` when the extension has
/// another shape: the general loop reads it.
#[inline(always)]
fn usual_extension(list: &mut Seq<'_>) -> bool {
    let [0x30, len @ 0..=0x7F, OBJECT, 3, 0x55, 0x1D, 0..=0x7F, rest @ ..] = list.rest else {
        return false;
    };
    let Some((body, after)) = usize::from(*len)
        .checked_sub(5)
        .and_then(|n| rest.split_at_checked(n))
    else {
        return false;
    };
    // The critical flag: a BOOLEAN must be one octet (`asn1_ex_c2i`).
    let value = match body {
        [BOOLEAN, 1, _, value @ ..] => value,
        value => value,
    };
    let [OCTET_STRING, n @ 0..=0x7F, v @ ..] = value else {
        return false;
    };
    if v.len() != usize::from(*n) {
        return false;
    }
    list.rest = after;
    true
}

/// Whether the DER certificate at `input[start..end]` is certainly one
/// OpenSSL's `d2i_X509` accepts.
pub(crate) fn certainly_valid(input: &[u8], start: usize, end: usize) -> bool {
    let check = || -> Option<()> {
        let mut top = Seq {
            rest: input.get(start..end)?,
        };
        let cert = top.next(SEQUENCE)?;
        top.done()?;
        let mut cert = Seq::new(&cert);
        let tbs = cert.next(SEQUENCE)?;
        let mut t = Seq::new(&tbs);
        if t.peek() == Some(0xA0) {
            let v = t.next(0xA0)?;
            let mut v = Seq::new(&v);
            let n = v.next(INTEGER)?;
            integer_ok(n.content).then_some(())?;
            v.done()?;
        }
        let serial = t.next(INTEGER)?;
        integer_ok(serial.content).then_some(())?;
        algorithm(&mut t)?;
        name(&mut t)?;
        let validity = t.next(SEQUENCE)?;
        let mut v = Seq::new(&validity);
        time(&mut v)?;
        time(&mut v)?;
        v.done()?;
        name(&mut t)?;
        let spki = t.next(SEQUENCE)?;
        let mut k = Seq::new(&spki);
        algorithm(&mut k)?;
        let key = k.next(BIT_STRING)?;
        bit_string_ok(key.content).then_some(())?;
        k.done()?;
        for uid in [0x81, 0x82] {
            if t.peek() == Some(uid) {
                let u = t.next(uid)?;
                bit_string_ok(u.content).then_some(())?;
            }
        }
        if t.peek().is_some() {
            extensions(&mut t)?;
        }
        t.done()?;
        algorithm(&mut cert)?;
        let sig = cert.next(BIT_STRING)?;
        bit_string_ok(sig.content).then_some(())?;
        cert.done()
    };
    check().is_some()
}

#[cfg(test)]
mod tests {
    //! The fast check must never accept what the template walk refuses.
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeSet;
    use std::path::Path;

    use super::{certainly_valid, usual_extension, usual_rdn, Seq};
    use crate::template::Engine;
    use crate::x509;

    /// Distinct DER certificates from the corpus sessions.
    fn certificates() -> BTreeSet<Vec<u8>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let shared = root.join("../shared/corpus/openssl-3.0");
        let dir = if shared.exists() {
            shared
        } else {
            root.join("testdata/corpus/openssl-3.0")
        };
        let mut certs = BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "der") {
                let der = std::fs::read(&path).unwrap();
                let cert = crate::decode(&der)
                    .ok()
                    .and_then(|s| s.peer_certificate().map(<[u8]>::to_vec));
                certs.extend(cert);
            }
        }
        certs
    }

    #[test]
    fn usual_shapes_are_matched_and_nothing_else() {
        // CN=ab, a UTF8String.
        let rdn = [
            0x31, 0x0B, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0C, 0x02, b'a', b'b',
        ];
        let mut s = Seq { rest: &rdn };
        assert_eq!(usual_rdn(&mut s), Some(true));
        assert!(s.rest.is_empty());
        // Lengths that do not nest, a long form, a longer OID: the general loop's.
        for (at, value) in [(3, 0x08), (1, 0x81), (5, 0x04)] {
            let mut other = rdn;
            other[at] = value;
            assert_eq!(usual_rdn(&mut Seq { rest: &other }), Some(false));
        }
        // A value the canonicaliser refuses.
        let mut refused = rdn;
        refused[11] = 0xFF;
        assert_eq!(usual_rdn(&mut Seq { rest: &refused }), None);

        // Critical basic constraints.
        let ext = [
            0x30, 0x0C, 0x06, 0x03, 0x55, 0x1D, 0x13, 0x01, 0x01, 0xFF, 0x04, 0x02, 0x30, 0x00,
        ];
        let mut s = Seq { rest: &ext };
        assert!(usual_extension(&mut s));
        assert!(s.rest.is_empty());
        // A two-octet BOOLEAN, an element after the value: the general loop's.
        let two_octet_flag = [
            0x30, 0x0D, 0x06, 0x03, 0x55, 0x1D, 0x13, 0x01, 0x02, 0xFF, 0xFF, 0x04, 0x02, 0x30,
            0x00,
        ];
        assert!(!usual_extension(&mut Seq {
            rest: &two_octet_flag
        }));
        let trailing = [
            0x30, 0x0B, 0x06, 0x03, 0x55, 0x1D, 0x13, 0x04, 0x02, 0x30, 0x00, 0x05, 0x00,
        ];
        assert!(!usual_extension(&mut Seq { rest: &trailing }));
    }

    fn template_walk_accepts(cert: &[u8]) -> bool {
        let engine = Engine::new(cert, true);
        x509::check_with_templates(&engine, 0, cert.len()).is_ok_and(|end| end == cert.len())
    }

    #[test]
    fn never_accepts_what_the_templates_refuse() {
        let certs = certificates();
        assert!(certs.len() >= 5, "{} certificates", certs.len());
        let mut fast_accepted = 0;
        for cert in &certs {
            assert!(
                certainly_valid(cert, 0, cert.len()),
                "the fast path must cover real certificates"
            );
            assert!(template_walk_accepts(cert));
            for i in 0..cert.len() {
                for mask in [0x01u8, 0x55, 0x80, 0xFF] {
                    let mut m = cert.clone();
                    m[i] ^= mask;
                    if certainly_valid(&m, 0, m.len()) {
                        fast_accepted += 1;
                        assert!(
                            template_walk_accepts(&m),
                            "byte {i} ^ {mask:#04x}: fast accepts, templates refuse"
                        );
                    }
                }
                if certainly_valid(&cert[..i], 0, i) {
                    assert!(template_walk_accepts(&cert[..i]), "cut at {i}");
                }
            }
        }
        assert!(
            fast_accepted > 1000,
            "{fast_accepted} mutations taken by the fast path"
        );
    }
}
