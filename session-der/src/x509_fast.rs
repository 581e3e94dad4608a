//! The common case of the certificate check, fast: a DER certificate of the
//! usual shape, checked by straight-line code.
//!
//! It answers only "OpenSSL's `d2i_X509` accepts this" (`true`) or "cannot
//! tell" (`false`); on `false` the template walk of `x509.rs` decides and names
//! the error. So it may bail out on anything unusual (BER, rare string types,
//! odd algorithm parameters), but must never say `true` where the template
//! walk says no — `tests/x509_fast.rs` checks that on every certificate and
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

    #[inline(always)]
    fn next(&mut self, tag: u8) -> Option<Element<'a>> {
        let (e, rest) = read(self.rest).ok()?;
        if e.first != tag {
            return None;
        }
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
    let mut rdns = Seq::new(&n);
    while rdns.peek().is_some() {
        let set = rdns.next(SET)?;
        let mut entries = Seq::new(&set);
        while entries.peek().is_some() {
            let entry = entries.next(SEQUENCE)?;
            let mut e = Seq::new(&entry);
            let oid = e.next(OBJECT)?;
            oid_ok(oid.content).then_some(())?;
            let id = e.peek()?;
            let v = e.next(id)?;
            let c = v.content;
            // The value types taken here, each with `asn1_ex_c2i`'s length
            // rule and what `x509_name_canon` needs of it
            // (`ASN1_STRING_to_UTF8`); the others go to the template walk.
            match id {
                // Read as Latin-1 by the canonicaliser: always converted.
                NUMERICSTRING | PRINTABLESTRING | T61STRING | IA5STRING => {}
                UTF8STRING => utf8_string_check(c).ok()?,
                BMPSTRING => {
                    ex_c2i_check(tag::BMPSTRING, c).ok()?;
                    bmp_string_check(c).ok()?;
                }
                _ => return None,
            }
            e.done()?;
        }
    }
    Some(())
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

    use super::certainly_valid;
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
