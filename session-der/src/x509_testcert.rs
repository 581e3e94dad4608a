//! Test-only: a small v3 certificate assembled field by field, so that the
//! X.509 rule tests of `x509_boringssl` and `x509_awslc` can change one field
//! at a time.

/// A DER TLV with a one-octet tag.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let n = content.len();
    let be = n.to_be_bytes();
    let significant = &be[be.iter().take_while(|&&b| b == 0).count()..];
    let mut out = vec![tag];
    if n < 0x80 {
        out.push(significant.last().copied().unwrap_or(0));
    } else {
        out.push(0x80 | u8::try_from(significant.len()).expect("at most 8 octets"));
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of `parts`.
pub(crate) fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// An OBJECT IDENTIFIER from its content octets.
pub(crate) fn oid(content: &[u8]) -> Vec<u8> {
    tlv(0x06, content)
}

/// ecdsa-with-SHA256 (1.2.840.10045.4.3.2).
pub(crate) const ECDSA_SHA256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];
/// commonName (2.5.4.3).
pub(crate) const CN: &[u8] = &[0x55, 0x04, 0x03];

/// A Name of one RDN holding one attribute: commonName = `value` (a whole
/// element).
pub(crate) fn name(value: &[u8]) -> Vec<u8> {
    seq(&[&tlv(0x31, &seq(&[&oid(CN), value]))])
}

/// The fields of a certificate, each a whole element (or several).
#[derive(Clone)]
pub(crate) struct Cert {
    pub version: Vec<u8>,
    pub serial: Vec<u8>,
    pub tbs_alg: Vec<u8>,
    pub issuer: Vec<u8>,
    pub validity: Vec<u8>,
    pub subject: Vec<u8>,
    pub spki: Vec<u8>,
    /// Whatever follows the SPKI in tbsCertificate (UIDs, extensions).
    pub tail: Vec<u8>,
    pub sig_alg: Vec<u8>,
    pub signature: Vec<u8>,
}

impl Cert {
    /// A v3 certificate with one extension, as OpenSSL and BoringSSL write
    /// them (all DER).
    pub(crate) fn v3() -> Cert {
        let alg = seq(&[&oid(ECDSA_SHA256)]);
        let mut key = vec![0x00, 0x04];
        key.extend([0x11; 64]);
        Cert {
            version: tlv(0xA0, &[0x02, 0x01, 0x02]),
            serial: vec![0x02, 0x02, 0x01, 0x23],
            tbs_alg: alg.clone(),
            issuer: name(&tlv(0x0C, b"issuer")),
            validity: seq(&[&tlv(0x17, b"261203144836Z"), &tlv(0x17, b"361130144836Z")]),
            subject: name(&tlv(0x13, b"subject")),
            spki: seq(&[
                &seq(&[
                    &oid(&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]),
                    &oid(&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]),
                ]),
                &tlv(0x03, &key),
            ]),
            tail: tlv(
                0xA3,
                &seq(&[&seq(&[
                    &oid(&[0x55, 0x1D, 0x13]),
                    &[0x01, 0x01, 0xFF],
                    &tlv(0x04, &seq(&[&[0x01, 0x01, 0xFF]])),
                ])]),
            ),
            sig_alg: alg,
            signature: tlv(
                0x03,
                &[0x00, 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01],
            ),
        }
    }

    /// The tbsCertificate SEQUENCE.
    pub(crate) fn tbs(&self) -> Vec<u8> {
        seq(&[
            &self.version,
            &self.serial,
            &self.tbs_alg,
            &self.issuer,
            &self.validity,
            &self.subject,
            &self.spki,
            &self.tail,
        ])
    }

    /// The whole certificate.
    pub(crate) fn der(&self) -> Vec<u8> {
        seq(&[&self.tbs(), &self.sig_alg, &self.signature])
    }

    /// A copy with `f` applied.
    pub(crate) fn with(&self, f: impl FnOnce(&mut Cert)) -> Cert {
        let mut c = self.clone();
        f(&mut c);
        c
    }
}

/// The validity with `not_before` (a whole time element) first.
pub(crate) fn validity(not_before: &[u8]) -> Vec<u8> {
    seq(&[not_before, &tlv(0x17, b"361130144836Z")])
}

/// Lower-case hex, for assertion messages.
pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The content octets of the one-octet-tag TLV `der` (definite length).
pub(crate) fn content(der: &[u8]) -> &[u8] {
    match der[1] {
        n if n < 0x80 => &der[2..],
        n => &der[2 + usize::from(n & 0x7F)..],
    }
}

/// `tag` and `content` with the length in `octets` long-form octets (a
/// non-minimal BER length when fewer would do).
pub(crate) fn long(tag: u8, content: &[u8], octets: usize) -> Vec<u8> {
    let be = content.len().to_be_bytes();
    let mut out = vec![tag, 0x80 | u8::try_from(octets).expect("a few octets")];
    out.extend(
        (0..octets)
            .rev()
            .map(|i| be.get(be.len() - 1 - i).copied().unwrap_or(0)),
    );
    out.extend_from_slice(content);
    out
}

/// `tag` and `content` with an indefinite length and its end-of-contents.
pub(crate) fn indefinite(tag: u8, content: &[u8]) -> Vec<u8> {
    [&[tag, 0x80][..], content, &[0, 0]].concat()
}

/// The rows on which BoringSSL's and AWS-LC's parsers agree by construction,
/// as (what, certificate, accepted): the version rules (`x_x509.cc`'s parser
/// in BoringSSL, `x509_cb`'s `ASN1_OP_D2I_POST` in AWS-LC: v1..v3, an explicit
/// v1 still taken, unique identifiers only in v2/v3, extensions only in v3)
/// and the validity times (`CBS_parse_utc_time` with offsets allowed and
/// `CBS_parse_generalized_time` without, the same code in both).
pub(crate) fn shared_rows() -> Vec<(&'static str, Vec<u8>, bool)> {
    let c = Cert::v3();
    let uid = tlv(0x81, &[0x00, 0xAA]);
    let nb = |t: Vec<u8>| c.with(|c| c.validity = validity(&t)).der();
    vec![
        ("v3 with extensions", c.der(), true),
        (
            "v4",
            c.with(|c| c.version = tlv(0xA0, &[2, 1, 3])).der(),
            false,
        ),
        (
            "version -1",
            c.with(|c| c.version = tlv(0xA0, &[2, 1, 0xFF])).der(),
            false,
        ),
        (
            "version 256",
            c.with(|c| c.version = tlv(0xA0, &[2, 2, 1, 0])).der(),
            false,
        ),
        (
            "version non-minimal",
            c.with(|c| c.version = tlv(0xA0, &[2, 2, 0, 2])).der(),
            false,
        ),
        (
            "version wrapper holds more",
            c.with(|c| c.version = tlv(0xA0, &[2, 1, 2, 5, 0])).der(),
            false,
        ),
        (
            "explicit v1, no extensions",
            c.with(|c| {
                c.version = tlv(0xA0, &[2, 1, 0]);
                c.tail.clear();
            })
            .der(),
            true,
        ),
        (
            "no version, no extensions",
            c.with(|c| {
                c.version.clear();
                c.tail.clear();
            })
            .der(),
            true,
        ),
        (
            "explicit v1 with extensions",
            c.with(|c| c.version = tlv(0xA0, &[2, 1, 0])).der(),
            false,
        ),
        (
            "v2 with extensions",
            c.with(|c| c.version = tlv(0xA0, &[2, 1, 1])).der(),
            false,
        ),
        (
            "no version with extensions",
            c.with(|c| c.version.clear()).der(),
            false,
        ),
        (
            "v1 with issuerUID",
            c.with(|c| {
                c.version.clear();
                c.tail = uid.clone();
            })
            .der(),
            false,
        ),
        (
            "v2 with issuerUID",
            c.with(|c| {
                c.version = tlv(0xA0, &[2, 1, 1]);
                c.tail = uid.clone();
            })
            .der(),
            true,
        ),
        (
            "v2 with subjectUID",
            c.with(|c| {
                c.version = tlv(0xA0, &[2, 1, 1]);
                c.tail = tlv(0x82, &[0x00]);
            })
            .der(),
            true,
        ),
        (
            "v3 with both UIDs and extensions",
            c.with(|c| {
                c.tail = [uid.clone(), tlv(0x82, &[0x00]), c.tail.clone()].concat();
            })
            .der(),
            true,
        ),
        (
            "UID with unused bits set",
            c.with(|c| {
                c.version = tlv(0xA0, &[2, 1, 1]);
                c.tail = tlv(0x81, &[0x01, 0x01]);
            })
            .der(),
            false,
        ),
        (
            "v3, empty extension list",
            c.with(|c| c.tail = tlv(0xA3, &seq(&[]))).der(),
            true,
        ),
        (
            "v2, empty extension list",
            c.with(|c| {
                c.version = tlv(0xA0, &[2, 1, 1]);
                c.tail = tlv(0xA3, &seq(&[]));
            })
            .der(),
            false,
        ),
        ("minute 68", nb(tlv(0x17, b"261203146836Z")), false),
        ("a letter", nb(tlv(0x17, b"2612031448x6Z")), false),
        ("second 60", nb(tlv(0x17, b"991231235960Z")), false),
        ("29 February 2023", nb(tlv(0x17, b"230229000000Z")), false),
        ("29 February 2024", nb(tlv(0x17, b"240229000000Z")), true),
        ("29 February 2100", nb(tlv(0x18, b"21000229000000Z")), false),
        ("29 February 2000", nb(tlv(0x18, b"20000229000000Z")), true),
        ("31 April", nb(tlv(0x17, b"260431000000Z")), false),
        ("month 13", nb(tlv(0x17, b"261303000000Z")), false),
        ("day 0", nb(tlv(0x17, b"261200000000Z")), false),
        (
            "UTCTime with an offset",
            nb(tlv(0x17, b"261203144836+0100")),
            true,
        ),
        (
            "UTCTime with a negative offset",
            nb(tlv(0x17, b"261203144836-2359")),
            true,
        ),
        (
            "UTCTime offset hour 24",
            nb(tlv(0x17, b"261203144836+2400")),
            false,
        ),
        (
            "UTCTime offset minute 60",
            nb(tlv(0x17, b"261203144836+0060")),
            false,
        ),
        ("no seconds", nb(tlv(0x17, b"2612031448Z")), false),
        ("no zone", nb(tlv(0x17, b"261203144836")), false),
        ("lower-case z", nb(tlv(0x17, b"261203144836z")), false),
        ("GeneralizedTime", nb(tlv(0x18, b"20261203144836Z")), true),
        (
            "GeneralizedTime year 0000",
            nb(tlv(0x18, b"00000101000000Z")),
            true,
        ),
        (
            "GeneralizedTime with an offset",
            nb(tlv(0x18, b"20261203144836+0100")),
            false,
        ),
        (
            "GeneralizedTime with a fraction",
            nb(tlv(0x18, b"20261203144836.5Z")),
            false,
        ),
        ("OCTET STRING", nb(tlv(0x04, b"261203144836Z")), false),
        (
            "three times",
            c.with(|c| {
                let t = tlv(0x17, b"261203144836Z");
                c.validity = seq(&[&t, &t, &t]);
            })
            .der(),
            false,
        ),
    ]
}
