//! The common case of the certificate check, fast: a DER certificate of the
//! usual shape, checked by straight-line code.
//!
//! It answers only "OpenSSL's `d2i_X509` accepts this" (`true`) or "cannot
//! tell" (`false`); on `false` the template walk of `x509.rs` decides and names
//! the error. So it may bail out on anything unusual (BER, rare string types,
//! odd algorithm parameters), but must never say `true` where the template
//! walk says no — `tests/x509_fast.rs` checks that on every certificate and
//! mutation we have.

use crate::der::{read, Element};

const BOOLEAN: u8 = 0x01;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;

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
#[inline]
fn oid_ok(c: &[u8]) -> bool {
    c.last().is_some_and(|&b| b & 0x80 == 0)
        && !c
            .iter()
            .enumerate()
            .any(|(i, &b)| b == 0x80 && (i == 0 || c[i - 1] & 0x80 == 0))
}

/// `c2i_ibuf`: non-empty, no redundant leading octet.
#[inline]
fn integer_ok(c: &[u8]) -> bool {
    match c {
        [] => false,
        [0x00, b, ..] => b & 0x80 != 0,
        [0xFF, b, ..] => b & 0x80 == 0 || c[1..].iter().all(|&x| x == 0),
        _ => true,
    }
}

/// At most 7 unused bits, and — DER (X.690 §11.2) — zero ones, none without data.
#[inline]
fn bit_string_ok(c: &[u8]) -> bool {
    match c {
        [0] => true,
        [unused, .., last] => *unused <= 7 && last & !(0xFF << unused) == 0,
        _ => false,
    }
}

/// `X509_ALGOR` with no parameters, NULL, an OID, or a SEQUENCE (as ECDSA,
/// EC keys and RSA-PSS have).
fn algorithm(s: &mut Seq<'_>) -> Option<()> {
    let a = s.next(SEQUENCE)?;
    let mut a = Seq::new(s.input, &a);
    let oid = a.next(OID)?;
    if !oid_ok(a.content(&oid)) {
        return None;
    }
    match a.peek() {
        None => {}
        Some(NULL) => {
            let n = a.next(NULL)?;
            (n.content == n.end).then_some(())?;
        }
        Some(OID) => {
            let p = a.next(OID)?;
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
            let oid = e.next(OID)?;
            oid_ok(e.content(&oid)).then_some(())?;
            let tag = e.peek()?;
            let v = e.next(tag)?;
            let c = e.content(&v);
            let ok = match tag {
                // NumericString, PrintableString, T61String, IA5String: read
                // as Latin-1 by the canonicaliser, always convertible.
                0x12 | 0x13 | 0x14 | 0x16 => true,
                // Rust's UTF-8 rules are UTF8_getc's plus is_unicode_valid:
                // no overlong forms, no surrogates, nothing above U+10FFFF.
                0x0C => c.is_ascii() || std::str::from_utf8(c).is_ok(),
                0x1E => {
                    c.len() % 2 == 0 && c.chunks_exact(2).all(|u| !(0xD8..=0xDF).contains(&u[0]))
                }
                _ => false,
            };
            ok.then_some(())?;
            e.done()?;
        }
    }
    Some(())
}

fn time(s: &mut Seq<'_>) -> Option<()> {
    match s.peek()? {
        0x17 => s.next(0x17).map(drop),
        0x18 => s.next(0x18).map(drop),
        _ => None,
    }
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
        let oid = e.next(OID)?;
        oid_ok(e.content(&oid)).then_some(())?;
        if e.peek() == Some(BOOLEAN) {
            let b = e.next(BOOLEAN)?;
            (b.end - b.content == 1).then_some(())?;
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
