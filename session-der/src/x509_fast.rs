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
    input: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Seq<'a> {
    #[inline(always)]
    fn new(input: &'a [u8], e: &Element) -> Self {
        Seq {
            input,
            pos: e.content,
            end: e.end,
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        if self.pos < self.end {
            self.input.get(self.pos).copied()
        } else {
            None
        }
    }

    #[inline(always)]
    fn next(&mut self, tag: u8) -> Option<Element> {
        let e = read(self.input, self.pos, self.end).ok()?;
        if e.first != tag {
            return None;
        }
        self.pos = e.end;
        Some(e)
    }

    #[inline(always)]
    fn content(&self, e: &Element) -> &'a [u8] {
        self.input.get(e.content..e.end).unwrap_or(&[])
    }

    #[inline(always)]
    fn done(&self) -> Option<()> {
        (self.pos == self.end).then_some(())
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
    let mut a = Seq::new(s.input, &a);
    let oid = a.next(OBJECT)?;
    if !oid_ok(a.content(&oid)) {
        return None;
    }
    match a.peek() {
        None => {}
        Some(NULL) => {
            let n = a.next(NULL)?;
            ex_c2i_check(tag::NULL, a.content(&n)).ok()?;
        }
        Some(OBJECT) => {
            let p = a.next(OBJECT)?;
            oid_ok(a.content(&p)).then_some(())?;
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
    let mut rdns = Seq::new(s.input, &n);
    while rdns.peek().is_some() {
        let set = rdns.next(SET)?;
        let mut entries = Seq::new(s.input, &set);
        while entries.peek().is_some() {
            let entry = entries.next(SEQUENCE)?;
            let mut e = Seq::new(s.input, &entry);
            let oid = e.next(OBJECT)?;
            oid_ok(e.content(&oid)).then_some(())?;
            let id = e.peek()?;
            let v = e.next(id)?;
            let c = e.content(&v);
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
    time_length_check(utype, s.content(&e)).ok()
}

fn extensions(s: &mut Seq<'_>) -> Option<()> {
    let wrapper = s.next(0xA3)?;
    let mut w = Seq::new(s.input, &wrapper);
    let list = w.next(SEQUENCE)?;
    w.done()?;
    let mut list = Seq::new(s.input, &list);
    while list.peek().is_some() {
        let ext = list.next(SEQUENCE)?;
        let mut e = Seq::new(s.input, &ext);
        let oid = e.next(OBJECT)?;
        oid_ok(e.content(&oid)).then_some(())?;
        if e.peek() == Some(BOOLEAN) {
            let b = e.next(BOOLEAN)?;
            ex_c2i_check(tag::BOOLEAN, e.content(&b)).ok()?;
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
            input,
            pos: start,
            end,
        };
        let cert = top.next(SEQUENCE)?;
        top.done()?;
        let mut cert = Seq::new(input, &cert);
        let tbs = cert.next(SEQUENCE)?;
        let mut t = Seq::new(input, &tbs);
        if t.peek() == Some(0xA0) {
            let v = t.next(0xA0)?;
            let mut v = Seq::new(input, &v);
            let n = v.next(INTEGER)?;
            integer_ok(v.content(&n)).then_some(())?;
            v.done()?;
        }
        let serial = t.next(INTEGER)?;
        integer_ok(t.content(&serial)).then_some(())?;
        algorithm(&mut t)?;
        name(&mut t)?;
        let validity = t.next(SEQUENCE)?;
        let mut v = Seq::new(input, &validity);
        time(&mut v)?;
        time(&mut v)?;
        v.done()?;
        name(&mut t)?;
        let spki = t.next(SEQUENCE)?;
        let mut k = Seq::new(input, &spki);
        algorithm(&mut k)?;
        let key = k.next(BIT_STRING)?;
        bit_string_ok(k.content(&key)).then_some(())?;
        k.done()?;
        for uid in [0x81, 0x82] {
            if t.peek() == Some(uid) {
                let u = t.next(uid)?;
                bit_string_ok(t.content(&u)).then_some(())?;
            }
        }
        if t.peek().is_some() {
            extensions(&mut t)?;
        }
        t.done()?;
        algorithm(&mut cert)?;
        let sig = cert.next(BIT_STRING)?;
        bit_string_ok(cert.content(&sig)).then_some(())?;
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
