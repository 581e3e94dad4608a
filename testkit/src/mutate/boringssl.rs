//! Malformed and borderline variants of a DER session, made by editing its
//! top-level elements: truncations, bit flips, elements removed, duplicated,
//! swapped, lengths changed, non-minimal and indefinite lengths, explicitly
//! encoded defaults, non-minimal integers, fields BoringSSL's parser knows
//! to be historical, size limits, trailing data. Each variant is labelled;
//! the tests run BoringSSL and our decoder on every one.

/// One top-level element of the session SEQUENCE.
#[derive(Clone, Debug)]
pub struct Elem {
    /// Identifier octets (one, or more for a high tag number).
    pub id: Vec<u8>,
    /// Content octets.
    pub content: Vec<u8>,
}

impl Elem {
    /// The context tag number of a `[n]` element, if it is one.
    pub fn ctx_number(&self) -> Option<u32> {
        match self.id.as_slice() {
            [b] if b & 0xc0 == 0x80 => Some(u32::from(b & 0x1f)),
            [b, n] if b & 0xdf == 0x9f => Some(u32::from(*n)),
            _ => None,
        }
    }

    /// The element's DER encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut v = self.id.clone();
        v.extend(len_octets(self.content.len()));
        v.extend(&self.content);
        v
    }
}

use crate::{len_octets, tlv, uint};

/// Reads one DER element: identifier, content, total length.
pub fn read_elem(b: &[u8]) -> Option<(Elem, usize)> {
    let mut i = 1;
    if *b.first()? & 0x1f == 0x1f {
        while b.get(i)? & 0x80 != 0 {
            i += 1;
        }
        i += 1;
    }
    let id = b.get(..i)?.to_vec();
    let l0 = *b.get(i)?;
    i += 1;
    let len = if l0 < 0x80 {
        usize::from(l0)
    } else {
        let n = usize::from(l0 & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for _ in 0..n {
            len = (len << 8) | usize::from(*b.get(i)?);
            i += 1;
        }
        len
    };
    let content = b.get(i..i.checked_add(len)?)?.to_vec();
    Some((Elem { id, content }, i + len))
}

/// The top-level elements of a DER session.
pub fn split(der: &[u8]) -> Option<Vec<Elem>> {
    let (outer, _) = read_elem(der)?;
    let mut rest = outer.content.as_slice();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (e, n) = read_elem(rest)?;
        out.push(e);
        rest = &rest[n..];
    }
    Some(out)
}

/// The elements one after another in `content` (`None` if it is not a
/// whole number of DER elements).
pub fn children(mut content: &[u8]) -> Option<Vec<Elem>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (e, n) = read_elem(content)?;
        out.push(e);
        content = &content[n..];
    }
    Some(out)
}

/// An element `id` whose content is `elems`, encoded.
fn wrap(id: &[u8], elems: &[Elem]) -> Elem {
    Elem {
        id: id.to_vec(),
        content: elems.iter().flat_map(Elem::encode).collect(),
    }
}

/// A DER certificate taken apart for editing.
struct CertParts {
    /// The TBSCertificate's fields.
    fields: Vec<Elem>,
    /// How many fields precede the serial number: 1 when the `[0]` version
    /// is there.
    skip: usize,
    /// The signature algorithm.
    alg: Elem,
    /// The signature.
    sig: Elem,
}

/// `cert`'s parts; `None` unless it is three elements whose first holds at
/// least the fields up to the subject public key.
fn cert_parts(cert: &[u8]) -> Option<CertParts> {
    let (c, _) = read_elem(cert)?;
    let [tbs, alg, sig] = <[Elem; 3]>::try_from(children(&c.content)?).ok()?;
    let fields = children(&tbs.content)?;
    let skip = usize::from(fields.first().is_some_and(|f| f.id == [0xa0]));
    (fields.len() >= skip + 6).then_some(CertParts {
        fields,
        skip,
        alg,
        sig,
    })
}

/// `X509_NAME_MAX` (x509.h): the longest Name content BoringSSL's
/// `x509_parse_name` takes.
const X509_NAME_MAX: usize = 1024 * 1024;

/// The certificate `cert` with a subject Name of exactly `X509_NAME_MAX`
/// content octets (one RDN whose commonName fills it) and one of a single
/// octet more: both sides of `x509_parse_name`'s limit. Made for the leaf
/// (`[3]`) only: each input is a megabyte.
pub fn name_limit_cases(cert: &[u8]) -> Vec<Case> {
    let mut out = Vec::new();
    let Some(CertParts {
        mut fields,
        skip,
        alg,
        sig,
    }) = cert_parts(cert)
    else {
        return out;
    };
    let subject = skip + 4;
    for (label, content_len) in [
        ("at X509_NAME_MAX", X509_NAME_MAX),
        ("one octet past X509_NAME_MAX", X509_NAME_MAX + 1),
    ] {
        let Some(name) = name_of_content_len(content_len) else {
            continue;
        };
        fields[subject] = name;
        let cert = wrap(&[0x30], &[wrap(&[0x30], &fields), alg.clone(), sig.clone()]).encode();
        out.push((format!("certificate subject Name {label}"), cert));
    }
    out
}

/// A Name `SEQUENCE { SET { SEQUENCE { commonName, UTF8String } } }` whose
/// content is `content_len` octets.
fn name_of_content_len(content_len: usize) -> Option<Elem> {
    let common_name = tlv(0x06, &[0x55, 0x04, 0x03]);
    (content_len.saturating_sub(64)..content_len)
        .rev()
        .map(|n| {
            let value = tlv(0x0C, &vec![b'a'; n]);
            let atv = tlv(0x30, &[common_name.clone(), value].concat());
            Elem {
                id: vec![0x30],
                content: tlv(0x31, &atv),
            }
        })
        .find(|name| name.content.len() == content_len)
}

/// Variants of a DER certificate on the points where BoringSSL's
/// `X509_parse_from_buffer` and OpenSSL's `d2i_X509` are known to part:
/// the version, the validity times, Name attribute value tags and forms,
/// the Name's own tag, the serial number, the signature's length form, key
/// contents, unique ids and what follows the TBSCertificate's fields.
pub fn cert_cases(cert: &[u8]) -> Vec<Case> {
    let mut out = Vec::new();
    let Some(CertParts {
        fields,
        skip,
        alg,
        sig,
    }) = cert_parts(cert)
    else {
        return out;
    };
    let (alg, sig) = (&alg, &sig);
    let build = |f: &[Elem], sig: &Elem| {
        wrap(&[0x30], &[wrap(&[0x30], f), alg.clone(), sig.clone()]).encode()
    };
    let mut push = |label: String, f: Vec<Elem>| out.push((label, build(&f, sig)));

    // The version.
    for v in [0u64, 1, 3, 255] {
        let mut f = fields.clone();
        let e = ctx(0, uint(v));
        if skip == 1 {
            f[0] = e;
        } else {
            f.insert(0, e);
        }
        push(format!("certificate version {v}"), f);
    }
    if skip == 1 {
        push("certificate version absent".into(), fields[1..].to_vec());
    }
    // The serial number.
    let serial = skip;
    for (label, content) in [
        ("zero", vec![0u8]),
        ("negative", vec![0xff]),
        (
            "with a leading zero",
            [&[0u8][..], &fields[serial].content].concat(),
        ),
        // Two octets, on both sides of the minimality rule for each sign.
        ("00 80", vec![0x00, 0x80]),
        ("00 7F, not minimal", vec![0x00, 0x7f]),
        ("FF 7F", vec![0xff, 0x7f]),
        ("FF 80, not minimal", vec![0xff, 0x80]),
    ] {
        let mut f = fields.clone();
        f[serial].content = content;
        push(format!("certificate serial {label}"), f);
    }
    // The validity times.
    let validity = skip + 3;
    let times: [(&str, u8, &[u8]); 21] = [
        ("UTCTime month 13", 0x17, b"261303144836Z"),
        ("UTCTime month 0", 0x17, b"260003144836Z"),
        ("UTCTime ending in a letter", 0x17, b"261203144836X"),
        ("UTCTime with a short offset", 0x17, b"261203144836+01"),
        (
            "UTCTime with an offset of 24 hours",
            0x17,
            b"261203144836+2400",
        ),
        ("UTCTime second 60", 0x17, b"261203144860Z"),
        ("UTCTime minute 68", 0x17, b"261203146836Z"),
        ("UTCTime with a letter", 0x17, b"26120314483aZ"),
        ("UTCTime lower-case z", 0x17, b"261203144836z"),
        ("UTCTime without seconds", 0x17, b"2612031448Z"),
        ("UTCTime with an offset", 0x17, b"261203144836+0100"),
        ("GeneralizedTime", 0x18, b"20261203144836Z"),
        (
            "GeneralizedTime with a fraction",
            0x18,
            b"20261203144836.5Z",
        ),
        ("GeneralizedTime without Z", 0x18, b"20261203144836"),
        // The offset's minutes: 69 is out of range, 23:59 the most.
        (
            "UTCTime with an offset of 69 minutes",
            0x17,
            b"261203144836+0069",
        ),
        (
            "UTCTime with an offset of 23:59",
            0x17,
            b"261203144836-2359",
        ),
        // 29 February where the century rule decides: 2000 is a leap year
        // (UTCTime's "00"), 1900 and 2103 are not, nor is 2001.
        ("UTCTime 29 February 2000", 0x17, b"000229144836Z"),
        ("UTCTime 29 February 2001", 0x17, b"010229144836Z"),
        ("GeneralizedTime 29 February 2000", 0x18, b"20000229144836Z"),
        ("GeneralizedTime 29 February 1900", 0x18, b"19000229144836Z"),
        ("GeneralizedTime 29 February 2103", 0x18, b"21030229144836Z"),
    ];
    for (label, tag, value) in times {
        let mut f = fields.clone();
        if let Some(mut v) = children(&f[validity].content) {
            if let Some(first) = v.first_mut() {
                *first = Elem {
                    id: vec![tag],
                    content: value.to_vec(),
                };
            }
            f[validity] = wrap(&[0x30], &v);
            push(format!("certificate notBefore {label}"), f);
        }
    }
    // The subject's first attribute value, and the Name's own tag.
    let subject = skip + 4;
    // (Identifier octets, so that the high-tag-number form's edges are
    // there: CBS's `parse_asn1_tag` reads a number of up to 29 bits in
    // minimal base 128, and BoringSSL keeps a non-universal value whole.)
    let values: &[(&str, &[u8], &[u8])] = &[
        ("[APPLICATION 12]", &[0x4c], b"x"),
        ("[APPLICATION 30] in high-tag form", &[0x5f, 0x1e], b"x"),
        ("[UNIVERSAL 31]", &[0x1f, 0x1f], b"x"),
        ("[UNIVERSAL 255]", &[0x1f, 0x81, 0x7f], b"x"),
        (
            "[UNIVERSAL 256], past V_ASN1_MAX_UNIVERSAL",
            &[0x1f, 0x82, 0x00],
            b"x",
        ),
        ("[APPLICATION 31]", &[0x5f, 0x1f], b"x"),
        (
            "[APPLICATION 31] with a leading 80",
            &[0x5f, 0x80, 0x1f],
            b"x",
        ),
        ("[APPLICATION 128]", &[0x5f, 0x81, 0x00], b"x"),
        ("[APPLICATION 65536]", &[0x5f, 0x84, 0x80, 0x00], b"x"),
        (
            "[APPLICATION 2^29-1]",
            &[0x5f, 0x81, 0xff, 0xff, 0xff, 0x7f],
            b"x",
        ),
        (
            "[APPLICATION 2^29]",
            &[0x5f, 0x82, 0x80, 0x80, 0x80, 0x00],
            b"x",
        ),
        (
            "[APPLICATION 2^70], past 64 bits",
            &[
                0x5f, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
            ],
            b"x",
        ),
        ("OCTET STRING", &[0x04], b"x"),
        ("EXTERNAL, primitive", &[0x08], b"x"),
        ("UTF8String, constructed", &[0x2c], b"\x0c\x01x"),
        ("UTF8String, invalid UTF-8", &[0x0c], b"\xff"),
        // CBS_get_utf8's lead octets: two, three and four octets (é € 😀),
        // and leads it refuses (F9, a continuation octet).
        (
            "UTF8String with 2-, 3- and 4-octet characters",
            &[0x0c],
            "é€😀".as_bytes(),
        ),
        ("UTF8String led by F9", &[0x0c], b"\xf9\x80\x80\x80"),
        ("UTF8String with a surrogate", &[0x0c], b"\xed\xa0\x80"),
        ("UTF8String with an overlong NUL", &[0x0c], b"\xe0\x80\x80"),
        (
            "UTF8String led by a continuation octet",
            &[0x0c],
            b"\x81\x80\x80\x80",
        ),
        ("BMPString of odd length", &[0x1e], b"\x00x\x00"),
        ("PrintableString with '@'", &[0x13], b"a@b"),
        ("IA5String with 0x80", &[0x16], b"\x80"),
        ("BOOLEAN 01", &[0x01], b"\x01"),
        ("NULL with content", &[0x05], b"\x00"),
        // CBS_get_asn1_bool's two values, an empty NULL, and INTEGERs on
        // both sides of CBS_is_valid_asn1_integer's minimality rule.
        ("BOOLEAN FF", &[0x01], b"\xff"),
        ("BOOLEAN 00", &[0x01], b"\x00"),
        ("NULL", &[0x05], b""),
        ("INTEGER 00 80", &[0x02], b"\x00\x80"),
        ("INTEGER 00 7F, not minimal", &[0x02], b"\x00\x7f"),
        ("INTEGER FF 7F", &[0x02], b"\xff\x7f"),
        ("INTEGER FF 80, not minimal", &[0x02], b"\xff\x80"),
        ("BIT STRING empty", &[0x03], b""),
    ];
    for &(label, tag, value) in values {
        let mut f = fields.clone();
        let Some(mut rdns) = children(&f[subject].content) else {
            continue;
        };
        let Some(mut atvs) = rdns.first().and_then(|r| children(&r.content)) else {
            continue;
        };
        let Some(mut atv) = atvs.first().and_then(|a| children(&a.content)) else {
            continue;
        };
        if atv.len() != 2 {
            continue;
        }
        atv[1] = Elem {
            id: tag.to_vec(),
            content: value.to_vec(),
        };
        atvs[0] = wrap(&[0x30], &atv);
        rdns[0] = wrap(&[0x31], &atvs);
        f[subject] = wrap(&[0x30], &rdns);
        push(format!("certificate subject value {label}"), f);
    }
    let mut f = fields.clone();
    f[subject].id = vec![0x10];
    push("certificate subject Name primitive".into(), f);
    let mut f = fields.clone();
    f[subject] = wrap(
        &[0x30],
        &[Elem {
            id: vec![0x31],
            content: Vec::new(),
        }],
    );
    push("certificate subject with an empty RDN".into(), f);
    // The key: its BIT STRING contents made nonsense (an EC point that is
    // not on the curve, an RSA key that does not parse).
    let spki = skip + 5;
    if let Some(mut k) = children(&fields[spki].content) {
        if let Some(bits) = k.get_mut(1) {
            if let Some(last) = bits.content.last_mut() {
                *last ^= 1;
            }
            let mut f = fields.clone();
            f[spki] = wrap(&[0x30], &k);
            push("certificate key contents changed".into(), f);
        }
    }
    // Unique ids and extensions against the version; bytes after the fields.
    let mut f = fields.clone();
    f.insert(
        skip + 6,
        Elem {
            id: vec![0x81],
            content: vec![0, 0xaa],
        },
    );
    push("certificate issuerUniqueID".into(), f);
    let mut f = fields.clone();
    f.push(Elem {
        id: vec![0x05],
        content: Vec::new(),
    });
    push("certificate NULL after the TBSCertificate fields".into(), f);
    // The signature algorithm's parameter: a time, whose form BoringSSL
    // checks inside an ANY too.
    for (label, tag, value) in [
        ("GeneralizedTime", 0x18, &b"20261203144836Z"[..]),
        (
            "GeneralizedTime with an offset",
            0x18,
            &b"20261203144836+0100"[..],
        ),
    ] {
        if let Some(mut a) = children(&alg.content) {
            a.truncate(1);
            a.push(Elem {
                id: vec![tag],
                content: value.to_vec(),
            });
            let alg = wrap(&[0x30], &a);
            out.push((
                format!("certificate signature algorithm parameter {label}"),
                wrap(&[0x30], &[wrap(&[0x30], &fields), alg, sig.clone()]).encode(),
            ));
        }
    }
    // The signature BIT STRING with more than 7 unused bits.
    let mut bad_sig = sig.clone();
    if let Some(first) = bad_sig.content.first_mut() {
        *first = 8;
    }
    out.push((
        "certificate signature with 8 unused bits".into(),
        wrap(&[0x30], &[wrap(&[0x30], &fields), alg.clone(), bad_sig]).encode(),
    ));
    // The signature BIT STRING with a non-minimal length.
    let mut raw = vec![0x03, 0x82];
    raw.extend(u16::try_from(sig.content.len()).unwrap_or(0).to_be_bytes());
    raw.extend(&sig.content);
    let body: Vec<u8> = wrap(&[0x30], &fields)
        .encode()
        .into_iter()
        .chain(alg.encode())
        .chain(raw)
        .collect();
    out.push((
        "certificate signature with a long-form length".into(),
        tlv(0x30, &body),
    ));
    // An element after the signature, inside the certificate.
    let body: Vec<u8> = [
        wrap(&[0x30], &fields).encode(),
        alg.encode(),
        sig.encode(),
        vec![0x05, 0x00],
    ]
    .concat();
    out.push((
        "certificate with a NULL after the signature".into(),
        tlv(0x30, &body),
    ));
    out
}

/// The session `der` with a `[10]` ticket of 2^24 octets: the first
/// content length that takes four length octets, the most
/// `CBS_get_any_asn1_element` reads (the ticket's OCTET STRING, and the
/// session SEQUENCE around it, both have one). Made for one session only:
/// the input is 16 MiB.
pub fn length_limit_cases(der: &[u8]) -> Vec<Case> {
    let Some(elems) = split(der) else {
        return Vec::new();
    };
    let ticket = ctx(10, octets(&vec![0x5a; 1 << 24]));
    vec![(
        "set [10] ticket of 2^24 octets (four length octets)".into(),
        join(&set(&elems, 10, ticket)),
    )]
}

/// A SEQUENCE of `elems`.
pub fn join(elems: &[Elem]) -> Vec<u8> {
    Elem {
        id: vec![0x30],
        content: elems.iter().flat_map(Elem::encode).collect(),
    }
    .encode()
}

/// The identifier of `[n]` (constructed, context-specific).
pub fn ctx_id(n: u32) -> Vec<u8> {
    if n < 31 {
        vec![0xa0 | u8::try_from(n).unwrap_or(0)]
    } else {
        vec![0xbf, u8::try_from(n).unwrap_or(0)]
    }
}

/// `[n] { inner }`.
pub fn ctx(n: u32, inner: Vec<u8>) -> Elem {
    Elem {
        id: ctx_id(n),
        content: inner,
    }
}

/// An OCTET STRING.
pub fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

/// A BOOLEAN with content octet `v`.
pub fn boolean(v: u8) -> Vec<u8> {
    tlv(0x01, &[v])
}

/// `elems` with `e` inserted where its context tag number belongs (after
/// every element with a smaller one, and after the five untagged fields).
pub fn insert_ordered(elems: &[Elem], e: Elem) -> Vec<Elem> {
    let n = e.ctx_number().unwrap_or(u32::MAX);
    let pos = elems
        .iter()
        .rposition(|x| x.ctx_number().is_none_or(|m| m < n))
        .map_or(0, |p| p + 1);
    let mut v = elems.to_vec();
    v.insert(pos, e);
    v
}

/// `elems` with the `[n]` element replaced by `e` (or `e` inserted in
/// order when there is none).
pub fn set(elems: &[Elem], n: u32, e: Elem) -> Vec<Elem> {
    let mut v: Vec<Elem> = elems
        .iter()
        .filter(|x| x.ctx_number() != Some(n))
        .cloned()
        .collect();
    v = insert_ordered(&v, e);
    v
}

/// A labelled variant.
pub type Case = (String, Vec<u8>);

/// Every variant of `der` (a valid DER session): see the module docs.
pub fn cases(der: &[u8]) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    let Some(elems) = split(der) else {
        return out;
    };
    let mut push = |label: String, bytes: Vec<u8>| out.push((label, bytes));

    // Truncations: every length up to 200, then every 37th, and around
    // every element boundary.
    let mut cuts: Vec<usize> = (0..der.len().min(200)).collect();
    cuts.extend((200..der.len()).step_by(37));
    let mut at = der.len() - elems.iter().map(|e| e.encode().len()).sum::<usize>();
    for e in &elems {
        cuts.extend([at.saturating_sub(1), at, at + 1, at + 2]);
        at += e.encode().len();
    }
    cuts.sort_unstable();
    cuts.dedup();
    for c in cuts.into_iter().filter(|c| *c < der.len()) {
        push(format!("truncate to {c}"), der[..c].to_vec());
    }

    // Bit flips: each bit of the first 96 bytes, then one bit of every 11th.
    for i in 0..der.len() {
        const ALL: [u8; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
        let bits: &[u8] = if i < 96 { &ALL } else { &ALL[i % 8..=i % 8] };
        if i >= 96 && i % 11 != 0 {
            continue;
        }
        for &bit in bits {
            let mut v = der.to_vec();
            v[i] ^= 1 << bit;
            push(format!("flip byte {i} bit {bit}"), v);
        }
    }

    // Structural edits of each element.
    for i in 0..elems.len() {
        let name = elem_name(&elems, i);
        let mut v = elems.clone();
        v.remove(i);
        push(format!("remove {name}"), join(&v));
        let mut v = elems.clone();
        v.insert(i, elems[i].clone());
        push(format!("duplicate {name}"), join(&v));
        if i + 1 < elems.len() {
            let mut v = elems.clone();
            v.swap(i, i + 1);
            push(format!("swap {name} with next"), join(&v));
        }
        // Its length one more / one less (the content as is; the outer
        // length fixed up).
        for delta in [1isize, -1] {
            let e = &elems[i];
            let Some(newlen) = e.content.len().checked_add_signed(delta) else {
                continue;
            };
            let mut raw = e.id.clone();
            raw.extend(len_octets(newlen));
            raw.extend(&e.content);
            let body: Vec<u8> = elems[..i]
                .iter()
                .flat_map(Elem::encode)
                .chain(raw)
                .chain(elems[i + 1..].iter().flat_map(Elem::encode))
                .collect();
            push(format!("length of {name} {delta:+}"), tlv(0x30, &body));
        }
        // Non-minimal (long-form) length.
        let e = &elems[i];
        let mut raw = e.id.clone();
        let [hi, lo] = u16::try_from(e.content.len())
            .unwrap_or(u16::MAX)
            .to_be_bytes();
        raw.extend([0x82, hi, lo]);
        raw.extend(&e.content);
        let body: Vec<u8> = elems[..i]
            .iter()
            .flat_map(Elem::encode)
            .chain(raw)
            .chain(elems[i + 1..].iter().flat_map(Elem::encode))
            .collect();
        push(format!("long-form length of {name}"), tlv(0x30, &body));
        // Constructed bit flipped.
        let mut v = elems.clone();
        v[i].id[0] ^= 0x20;
        push(format!("constructed bit of {name} flipped"), join(&v));
        // Indefinite length of an explicit wrapper.
        if e.id[0] & 0x20 != 0 {
            let mut raw = e.id.clone();
            raw.push(0x80);
            raw.extend(&e.content);
            raw.extend([0, 0]);
            let body: Vec<u8> = elems[..i]
                .iter()
                .flat_map(Elem::encode)
                .chain(raw)
                .chain(elems[i + 1..].iter().flat_map(Elem::encode))
                .collect();
            push(format!("indefinite length of {name}"), tlv(0x30, &body));
        }
        // A non-minimal INTEGER inside (a leading zero byte).
        let c = if e.id == [0x02] {
            Some([&[0u8][..], &e.content].concat())
        } else {
            non_minimal_int(&e.content)
        };
        if let Some(c) = c {
            let mut v = elems.clone();
            v[i].content = c;
            push(format!("non-minimal integer in {name}"), join(&v));
        }
        // Bytes after the single element inside an explicit wrapper.
        if e.ctx_number().is_some() && e.ctx_number() != Some(19) && e.ctx_number() != Some(3) {
            let mut v = elems.clone();
            v[i].content.extend([0x05, 0x00]);
            push(format!("extra element inside {name}"), join(&v));
        }
    }

    // The outer SEQUENCE: long-form and indefinite length; trailing data.
    let body: Vec<u8> = elems.iter().flat_map(Elem::encode).collect();
    let mut v = vec![0x30, 0x84];
    v.extend(u32::try_from(body.len()).unwrap_or(0).to_be_bytes());
    v.extend(&body);
    push("outer length in 4 bytes".into(), v);
    let mut v = vec![0x30, 0x80];
    v.extend(&body);
    v.extend([0, 0]);
    push("outer indefinite length".into(), v);
    for (label, extra) in [
        ("trailing 00", vec![0u8]),
        ("trailing 00 00", vec![0, 0]),
        ("trailing NULL", vec![5, 0]),
        ("trailing copy of the session", der.to_vec()),
    ] {
        let mut v = der.to_vec();
        v.extend(extra);
        push(label.into(), v);
    }
    let mut v = body.clone();
    v.extend([0x05, 0x00]);
    push("NULL after the last field".into(), tlv(0x30, &v));

    // Explicit defaults and field values at and past their limits.
    let timeout = elems
        .iter()
        .find(|e| e.ctx_number() == Some(2))
        .and_then(|e| int_value(&e.content))
        .unwrap_or(0);
    let fields: Vec<(&str, u32, Vec<u8>)> = vec![
        ("[5] verifyResult 0", 5, uint(0)),
        ("[5] verifyResult 1", 5, uint(1)),
        ("[5] verifyResult 2^63", 5, uint(1 << 63)),
        ("[6] hostName", 6, octets(b"example.com")),
        ("[6] hostName holding an INTEGER", 6, uint(7)),
        ("[6] hostName empty", 6, vec![]),
        ("[7] pskIdentityHint", 7, octets(b"hint")),
        ("[8] pskIdentity", 8, octets(b"id")),
        ("[8] pskIdentity empty", 8, octets(b"")),
        ("[8] pskIdentity with NUL", 8, octets(b"a\0b")),
        ("[9] ticketLifetimeHint 0", 9, uint(0)),
        ("[9] ticketLifetimeHint 2^32-1", 9, uint(0xffff_ffff)),
        ("[9] ticketLifetimeHint 2^32", 9, uint(1 << 32)),
        ("[10] ticket empty", 10, octets(b"")),
        ("[11] compressionMethod", 11, octets(&[0])),
        ("[12] srpUsername", 12, octets(b"u")),
        ("[13] peerSHA256 of 32", 13, octets(&[0x11; 32])),
        ("[13] peerSHA256 of 31", 13, octets(&[0x11; 31])),
        ("[13] peerSHA256 of 33", 13, octets(&[0x11; 33])),
        ("[14] originalHandshakeHash empty", 14, octets(b"")),
        ("[14] originalHandshakeHash of 48", 14, octets(&[0x22; 48])),
        ("[14] originalHandshakeHash of 49", 14, octets(&[0x22; 49])),
        ("[15] SCT list empty", 15, octets(b"")),
        ("[15] SCT list", 15, octets(&[0, 3, 0, 1, 9])),
        ("[16] OCSP response empty", 16, octets(b"")),
        ("[16] OCSP response", 16, octets(b"ocsp")),
        ("[17] extendedMasterSecret TRUE", 17, boolean(0xff)),
        ("[17] extendedMasterSecret FALSE", 17, boolean(0)),
        ("[17] extendedMasterSecret 01", 17, boolean(1)),
        ("[18] groupID 0", 18, uint(0)),
        ("[18] groupID 29", 18, uint(29)),
        ("[18] groupID 65536", 18, uint(65536)),
        ("[19] certChain empty", 19, vec![]),
        ("[20] ticketFlags", 20, uint(0)),
        ("[21] ticketAgeAdd of 4", 21, octets(&[1, 2, 3, 4])),
        ("[21] ticketAgeAdd of 3", 21, octets(&[1, 2, 3])),
        ("[21] ticketAgeAdd of 5", 21, octets(&[1, 2, 3, 4, 5])),
        ("[22] isServer TRUE", 22, boolean(0xff)),
        ("[22] isServer FALSE", 22, boolean(0)),
        ("[22] isServer 01", 22, boolean(1)),
        ("[23] peerSignatureAlgorithm 0", 23, uint(0)),
        ("[23] peerSignatureAlgorithm 0x0403", 23, uint(0x0403)),
        ("[23] peerSignatureAlgorithm 65536", 23, uint(65536)),
        ("[24] ticketMaxEarlyData 0", 24, uint(0)),
        ("[24] ticketMaxEarlyData 14336", 24, uint(14336)),
        ("[24] ticketMaxEarlyData 2^32", 24, uint(1 << 32)),
        ("[25] authTimeout = timeout", 25, uint(timeout)),
        ("[25] authTimeout 1", 25, uint(1)),
        ("[25] authTimeout 2^32", 25, uint(1 << 32)),
        ("[26] earlyALPN empty", 26, octets(b"")),
        ("[26] earlyALPN h2", 26, octets(b"h2")),
        ("[27] isQuic FALSE", 27, boolean(0)),
        ("[27] isQuic TRUE", 27, boolean(0xff)),
        ("[28] quicEarlyDataContext empty", 28, octets(b"")),
        ("[28] quicEarlyDataContext", 28, octets(b"ctx")),
        ("[29] localALPS alone", 29, octets(b"l")),
        ("[30] peerALPS alone", 30, octets(b"p")),
        ("[31] resumableAcrossNames FALSE", 31, boolean(0)),
        ("[31] resumableAcrossNames TRUE", 31, boolean(0xff)),
        ("[32] peerCertType 0", 32, uint(0)),
        ("[32] peerCertType 1", 32, uint(1)),
        ("[32] peerCertType 2", 32, uint(2)),
        ("[33] peerRawPublicKey alone", 33, tlv(0x30, &[])),
        ("[34] unknown", 34, uint(0)),
        ("[99] unknown", 99, uint(0)),
    ];
    for (label, n, inner) in fields {
        push(format!("set {label}"), join(&set(&elems, n, ctx(n, inner))));
    }
    // ALPS pairs, with and without an early ALPN.
    let alps = set(
        &set(&elems, 29, ctx(29, octets(b"l"))),
        30,
        ctx(30, octets(b"p")),
    );
    push("set [29] and [30]".into(), join(&alps));
    push(
        "set [29] and [30] and [26] h2".into(),
        join(&set(&alps, 26, ctx(26, octets(b"h2")))),
    );
    push(
        "set [29] and [30] empty and [26] h2".into(),
        join(&set(
            &set(
                &set(&elems, 29, ctx(29, octets(b""))),
                30,
                ctx(30, octets(b"")),
            ),
            26,
            ctx(26, octets(b"h2")),
        )),
    );
    // A small tag number in high-tag form ([22] as BF 16).
    let mut v = set(&elems, 22, ctx(22, boolean(0)));
    if let Some(e) = v.iter_mut().find(|e| e.ctx_number() == Some(22)) {
        e.id = vec![0xbf, 22];
    }
    push("[22] in high-tag form".into(), join(&v));

    // The untagged fields' values.
    let untagged: Vec<(&str, usize, Vec<u8>)> = vec![
        ("version 0", 0, uint(0)),
        ("version 2", 0, uint(2)),
        ("version 1 as 00 01", 0, tlv(0x02, &[0, 1])),
        ("sslVersion SSL3", 1, uint(0x0300)),
        ("sslVersion TLS1.0", 1, uint(0x0301)),
        ("sslVersion TLS1.1", 1, uint(0x0302)),
        ("sslVersion TLS1.2", 1, uint(0x0303)),
        ("sslVersion TLS1.3", 1, uint(0x0304)),
        ("sslVersion 0x0305", 1, uint(0x0305)),
        ("sslVersion DTLS1.0", 1, uint(0xfeff)),
        ("sslVersion DTLS1.2", 1, uint(0xfefd)),
        ("sslVersion DTLS1.3", 1, uint(0xfefc)),
        ("sslVersion 0x10303", 1, uint(0x1_0303)),
        ("cipher 0x0004", 2, octets(&[0, 4])),
        ("cipher 0xC02F", 2, octets(&[0xc0, 0x2f])),
        ("cipher 0x1301", 2, octets(&[0x13, 0x01])),
        ("cipher 0xCCA8", 2, octets(&[0xcc, 0xa8])),
        ("cipher 0x00FF", 2, octets(&[0x00, 0xff])),
        ("cipher of 3 bytes", 2, octets(&[0x03, 0xc0, 0x2f])),
        ("cipher of 1 byte", 2, octets(&[0x2f])),
        ("sessionID empty", 3, octets(b"")),
        ("sessionID of 32", 3, octets(&[3; 32])),
        ("sessionID of 33", 3, octets(&[3; 33])),
        ("secret empty", 4, octets(b"")),
        ("secret of 48", 4, octets(&[4; 48])),
        ("secret of 49", 4, octets(&[4; 49])),
    ];
    for (label, i, e) in untagged {
        if i < elems.len() {
            let mut v = elems.clone();
            v[i].content = e[2..].to_vec();
            v[i].id = vec![e[0]];
            push(format!("set {label}"), join(&v));
        }
    }
    // A raw-public-key session ([32] 2, [33] the leaf's SubjectPublicKeyInfo,
    // no [3] or [19]), and its SPKI damaged: BoringSSL parses it with its
    // EVP key parser.
    if let Some(spki) = elems
        .iter()
        .find(|e| e.ctx_number() == Some(3))
        .and_then(|e| leaf_spki(&e.content))
    {
        let bare: Vec<Elem> = elems
            .iter()
            .filter(|e| !matches!(e.ctx_number(), Some(3 | 19 | 13 | 32 | 33)))
            .cloned()
            .collect();
        let rpk = |spki: Vec<u8>| {
            join(&insert_ordered(
                &insert_ordered(&bare, ctx(32, uint(2))),
                ctx(33, spki),
            ))
        };
        push("raw public key session".into(), rpk(spki.clone()));
        push(
            "raw public key session, [32] 0".into(),
            join(&insert_ordered(
                &insert_ordered(&bare, ctx(32, uint(0))),
                ctx(33, spki.clone()),
            )),
        );
        push(
            "raw public key session with [3]".into(),
            join(&insert_ordered(
                &insert_ordered(&elems, ctx(32, uint(2))),
                ctx(33, spki.clone()),
            )),
        );
        // And with only one of the two certificate elements, when the
        // session has both: either one is a certificate.
        let has = |n| elems.iter().any(|e| e.ctx_number() == Some(n));
        if has(3) && has(19) {
            for (label, dropped) in [("[3] only", 19), ("[19] only", 3)] {
                let kept: Vec<Elem> = elems
                    .iter()
                    .filter(|e| e.ctx_number() != Some(dropped))
                    .cloned()
                    .collect();
                push(
                    format!("raw public key session with {label}"),
                    join(&insert_ordered(
                        &insert_ordered(&kept, ctx(32, uint(2))),
                        ctx(33, spki.clone()),
                    )),
                );
            }
        }
        push(
            "[32] 2 without [33]".into(),
            join(&insert_ordered(&bare, ctx(32, uint(2)))),
        );
        for i in 0..spki.len() {
            for bit in [0u8, 7] {
                let mut v = spki.clone();
                v[i] ^= 1 << bit;
                push(format!("raw public key byte {i} bit {bit} flipped"), rpk(v));
            }
        }
        let mut v = spki.clone();
        v.extend([0, 0]);
        push("raw public key with bytes after it".into(), rpk(v));
    }

    // The certificates: each variant of the leaf in [3], and of the first
    // certificate of [19].
    if let Some(i) = elems.iter().position(|e| e.ctx_number() == Some(3)) {
        for (label, cert) in cert_cases(&elems[i].content) {
            let mut v = elems.clone();
            v[i].content = cert;
            push(format!("[3] {label}"), join(&v));
        }
    }
    if let Some(i) = elems.iter().position(|e| e.ctx_number() == Some(3)) {
        for (label, cert) in name_limit_cases(&elems[i].content) {
            let mut v = elems.clone();
            v[i].content = cert;
            push(format!("[3] {label}"), join(&v));
        }
    }
    if let Some(i) = elems.iter().position(|e| e.ctx_number() == Some(19)) {
        if let Some((_, n)) = read_elem(&elems[i].content) {
            let rest = elems[i].content[n..].to_vec();
            for (label, cert) in cert_cases(&elems[i].content[..n]) {
                let mut v = elems.clone();
                v[i].content = [cert, rest.clone()].concat();
                push(format!("[19] {label}"), join(&v));
            }
        }
    }

    let tagged_ints: Vec<(&str, u32, Vec<u8>)> = vec![
        ("[1] time 0", 1, uint(0)),
        ("[1] time 2^63", 1, uint(1 << 63)),
        ("[1] time 2^64-1", 1, uint(u64::MAX)),
        ("[1] time negative", 1, tlv(0x02, &[0xff])),
        ("[2] timeout 0", 2, uint(0)),
        ("[2] timeout 2^32-1", 2, uint(0xffff_ffff)),
        ("[2] timeout 2^32", 2, uint(1 << 32)),
        ("[4] sessionIDContext empty", 4, octets(b"")),
        ("[4] sessionIDContext of 32", 4, octets(&[4; 32])),
        ("[4] sessionIDContext of 33", 4, octets(&[4; 33])),
    ];
    for (label, n, inner) in tagged_ints {
        push(format!("set {label}"), join(&set(&elems, n, ctx(n, inner))));
    }
    out
}

/// The SubjectPublicKeyInfo element of a DER certificate.
fn leaf_spki(cert: &[u8]) -> Option<Vec<u8>> {
    let (c, _) = read_elem(cert)?;
    let (tbs, _) = read_elem(&c.content)?;
    let mut rest = tbs.content.as_slice();
    let mut fields = Vec::new();
    while !rest.is_empty() {
        let (e, n) = read_elem(rest)?;
        fields.push((e, rest[..n].to_vec()));
        rest = &rest[n..];
    }
    // [0] version (when present), serial, signature, issuer, validity, subject, spki.
    let skip = usize::from(fields.first()?.0.id == [0xa0]);
    fields.get(skip + 5).map(|(_, raw)| raw.clone())
}

/// A name for element `i` of `elems`.
fn elem_name(elems: &[Elem], i: usize) -> String {
    match elems[i].ctx_number() {
        Some(n) => format!("[{n}]"),
        None => format!("element {i}"),
    }
}

/// The value of a `[n] { INTEGER }` content (up to 8 bytes).
fn int_value(content: &[u8]) -> Option<u64> {
    let (e, _) = read_elem(content)?;
    if e.id != [0x02] || e.content.len() > 9 {
        return None;
    }
    Some(e.content.iter().fold(0u64, |a, b| (a << 8) | u64::from(*b)))
}

/// An INTEGER given a leading zero: `content` is an INTEGER or a `[n]`
/// holding one.
fn non_minimal_int(content: &[u8]) -> Option<Vec<u8>> {
    let (e, n) = read_elem(content)?;
    if n != content.len() {
        return None;
    }
    if e.id == [0x02] {
        let mut c = vec![0];
        c.extend(&e.content);
        return Some(tlv(0x02, &c));
    }
    None
}

/// Raw-public-key sessions (`[32]` 2, `[33]` a SubjectPublicKeyInfo, no `[3]` or
/// `[19]`) built on `der`, with a SubjectPublicKeyInfo of every algorithm
/// libssl's `ssl_parse_peer_subject_public_key_info` knows (RSA, EC P-256,
/// P-384, P-521, Ed25519, ML-DSA-44/65/87) and some it does not (EC P-224,
/// X25519, ML-KEM-768, RSA-PSS, X.500 rsa), each damaged: bit flips in its
/// header and at the key's ends, the key cut or lengthened, unused bits,
/// parameters removed, added or replaced, EC point forms, RSA integers
/// (negative, non-minimal, even exponent, e = 1, e of 34 bits, modulus of
/// 511 bits), a non-minimal length, bytes after it.
///
/// `generated`: keys a library generated (they differ from run to run, so
/// only the live oracle uses them; the recorded verdicts are of the built
/// keys alone, which every run makes the same).
pub fn rpk_cases(der: &[u8], generated: &[(String, Vec<u8>)]) -> Vec<Case> {
    let Some(elems) = split(der) else {
        return Vec::new();
    };
    let bare: Vec<Elem> = elems
        .iter()
        .filter(|e| !matches!(e.ctx_number(), Some(3 | 19 | 13 | 32 | 33)))
        .cloned()
        .collect();
    let rpk = |spki: Vec<u8>| {
        join(&insert_ordered(
            &insert_ordered(&bare, ctx(32, uint(2))),
            ctx(33, spki),
        ))
    };
    let mut out = Vec::new();
    for (name, spki) in generated.iter().cloned().chain(built_spkis()) {
        for (label, v) in spki_variants(&spki) {
            out.push((format!("raw public key {name}: {label}"), rpk(v)));
        }
    }
    out
}

/// A SubjectPublicKeyInfo of an AlgorithmIdentifier content and BIT STRING
/// content.
fn spki_of(algorithm: &[u8], bits: &[u8]) -> Vec<u8> {
    tlv(0x30, &[tlv(0x30, algorithm), tlv(0x03, bits)].concat())
}

const NULL: [u8; 2] = [0x05, 0x00];
const RSA_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const RSA_PSS_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];

/// An RSA SubjectPublicKeyInfo of INTEGER encodings.
fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
    let key = tlv(0x30, &[n, e].concat());
    spki_of(
        &[tlv(0x06, RSA_OID), NULL.to_vec()].concat(),
        &[&[0u8][..], &key].concat(),
    )
}

/// The keys built rather than generated: ML-DSA and ML-KEM (any bytes of
/// the right length are a key) and RSA keys that break
/// `rsa_check_public_key`'s rules.
fn built_spkis() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let nist =
        |arc: u8, last: u8| tlv(0x06, &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, arc, last]);
    for (name, arc, last, len) in [
        ("ML-DSA-44", 3, 17, 1312usize),
        ("ML-DSA-65", 3, 18, 1952),
        ("ML-DSA-87", 3, 19, 2592),
        ("ML-KEM-768", 4, 2, 1184),
    ] {
        let key: Vec<u8> = (0..len)
            .map(|i| u8::try_from((i * 7 + 3) % 256).unwrap_or(0))
            .collect();
        out.push((
            name.to_string(),
            spki_of(&nist(arc, last), &[&[0u8][..], &key].concat()),
        ));
    }
    // RSA keys BoringSSL's rsa_check_public_key judges (n is not checked
    // for primality): a 512-bit odd n with e = 3, and the rule breakers.
    let n512 = {
        let mut n = vec![0u8; 65];
        n[1] = 0x80;
        n[64] = 1;
        tlv(0x02, &n)
    };
    let n511 = {
        let mut n = vec![0u8; 64];
        n[0] = 0x40;
        n[63] = 1;
        tlv(0x02, &n)
    };
    let negative = tlv(0x02, n512.get(3..).unwrap_or_default());
    out.push(("RSA n 512 bits, e 3".into(), rsa_spki(&n512, &uint(3))));
    out.push(("RSA n 511 bits".into(), rsa_spki(&n511, &uint(3))));
    out.push(("RSA n negative".into(), rsa_spki(&negative, &uint(3))));
    out.push(("RSA e 1".into(), rsa_spki(&n512, &uint(1))));
    out.push(("RSA e even".into(), rsa_spki(&n512, &uint(65536))));
    out.push((
        "RSA e 33 bits".into(),
        rsa_spki(&n512, &uint((1 << 32) + 1)),
    ));
    out.push((
        "RSA e 34 bits".into(),
        rsa_spki(&n512, &uint((1 << 33) + 1)),
    ));
    out.push((
        "RSA e non-minimal".into(),
        rsa_spki(&n512, &tlv(0x02, &[0, 3])),
    ));
    out.push(("RSA e empty".into(), rsa_spki(&n512, &tlv(0x02, &[]))));
    out
}

/// `spki` as is and damaged.
fn spki_variants(spki: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("as is".to_string(), spki.to_vec())];
    let Some((outer, _)) = read_elem(spki) else {
        return out;
    };
    let Some((alg, alg_len)) = read_elem(&outer.content) else {
        return out;
    };
    let Some((bits, _)) = read_elem(&outer.content[alg_len..]) else {
        return out;
    };
    let Some((oid, oid_len)) = read_elem(&alg.content) else {
        return out;
    };
    let oid_der = alg.content[..oid_len].to_vec();
    let params = alg.content[oid_len..].to_vec();
    let key = bits.content.get(1..).unwrap_or_default().to_vec();
    let with = |alg: &[u8], key: &[u8]| spki_of(alg, &[&[0u8][..], key].concat());
    let mut push = |label: &str, v: Vec<u8>| out.push((label.to_string(), v));

    // Header bits and the key's first and last bytes.
    let header = spki.len() - key.len();
    for i in (0..header + 4).chain(spki.len().saturating_sub(2)..spki.len()) {
        for bit in [0u8, 7] {
            let mut v = spki.to_vec();
            if let Some(b) = v.get_mut(i) {
                *b ^= 1 << bit;
                push(&format!("byte {i} bit {bit} flipped"), v);
            }
        }
    }
    push(
        "key one byte short",
        with(&alg.content, &key[..key.len().saturating_sub(1)]),
    );
    push(
        "key one byte long",
        with(&alg.content, &[key.clone(), vec![0]].concat()),
    );
    push("empty BIT STRING", spki_of(&alg.content, &[]));
    push(
        "unused bits 1",
        spki_of(&alg.content, &[&[1u8][..], &key].concat()),
    );
    push("parameters removed", with(&oid_der, &key));
    push(
        "NULL added",
        with(&[alg.content.clone(), NULL.to_vec()].concat(), &key),
    );
    push(
        "parameters NULL",
        with(&[oid_der.clone(), NULL.to_vec()].concat(), &key),
    );
    push("bytes after it", [spki.to_vec(), vec![0, 0]].concat());
    if spki.len() < 0x80 + 2 {
        push(
            "non-minimal length",
            [&[0x30, 0x81][..], &spki[1..]].concat(),
        );
    } else {
        let mut v = vec![0x30, 0x83, 0x00];
        v.extend(&spki[2..]);
        push("non-minimal length", v);
    }
    if oid.content == RSA_OID {
        push(
            "as RSA-PSS",
            with(&[tlv(0x06, RSA_PSS_OID), NULL.to_vec()].concat(), &key),
        );
        push(
            "as RSA-PSS without parameters",
            with(&tlv(0x06, RSA_PSS_OID), &key),
        );
        push(
            "as X.500 rsa",
            with(
                &[tlv(0x06, &[0x55, 0x08, 0x01, 0x01]), NULL.to_vec()].concat(),
                &key,
            ),
        );
        push(
            "NULL with content",
            with(&[oid_der.clone(), vec![0x05, 0x01, 0x00]].concat(), &key),
        );
    }
    if let ([0x04, coords @ ..], Some((curve, _))) = (key.as_slice(), read_elem(&params)) {
        let width = coords.len() / 2;
        let x = &coords[..width];
        let y_odd = coords.last().is_some_and(|b| b & 1 == 1);
        for (label, form) in [
            ("compressed, y bit right", 2 | u8::from(y_odd)),
            ("compressed, y bit wrong", 2 | u8::from(!y_odd)),
        ] {
            push(label, with(&alg.content, &[&[form][..], x].concat()));
        }
        push(
            "hybrid, right bit",
            with(&alg.content, &[&[6 | u8::from(y_odd)][..], coords].concat()),
        );
        push(
            "hybrid, wrong bit",
            with(
                &alg.content,
                &[&[6 | u8::from(!y_odd)][..], coords].concat(),
            ),
        );
        push("point at infinity", with(&alg.content, &[0]));
        push(
            "x = p + small (all ones)",
            with(&alg.content, &[&[2u8][..], &vec![0xFF; width]].concat()),
        );
        // Another curve's OID over this point (P-256 <-> P-384), and the
        // curve OID followed by a NULL.
        let p256 = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
        let other: &[u8] = if curve.content == p256 {
            &[0x2b, 0x81, 0x04, 0x00, 0x22]
        } else {
            &p256
        };
        push(
            "another curve's OID",
            with(&[oid_der.clone(), tlv(0x06, other)].concat(), &key),
        );
        push(
            "curve OID then NULL",
            with(&[alg.content.clone(), NULL.to_vec()].concat(), &key),
        );
        push(
            "secp256k1 OID",
            with(
                &[oid_der.clone(), tlv(0x06, &[0x2b, 0x81, 0x04, 0x00, 0x0a])].concat(),
                &key,
            ),
        );
    }
    out
}
