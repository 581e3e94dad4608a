//! Malformed inputs derived from a real session: the cases LibreSSL's
//! `d2i_SSL_SESSION` (`ssl_asn1.c` rev 1.69 on its strict-DER CBS) has rules
//! for, and the edits any decoder must survive. Deterministic: the recorded
//! verdicts in `testdata/libressl/mutations.json` are keyed by position and
//! checked against each input's hash.

use sslsession_testkit::{len_octets, tlv, uint};

/// One top-level element of the session SEQUENCE.
#[derive(Clone, Debug)]
struct Element {
    /// The identifier byte.
    tag: u8,
    /// The whole element (header and content).
    bytes: Vec<u8>,
    /// The length of its header.
    header: usize,
}

impl Element {
    fn content(&self) -> &[u8] {
        &self.bytes[self.header..]
    }

    /// The context tag number of an explicit `[n]`, or 0 for the universal
    /// fields before `[1]`.
    fn number(&self) -> u8 {
        if self.tag & 0xc0 == 0x80 {
            self.tag & 0x1f
        } else {
            0
        }
    }
}

fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

/// `[n] { inner }`.
fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, inner)
}

/// Reads one element's header: (tag, header length, content length). The
/// content length is as written: it may run past the input.
fn header(b: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *b.first()?;
    let first = *b.get(1)?;
    if first < 0x80 {
        return Some((tag, 2, usize::from(first)));
    }
    let n = usize::from(first & 0x7f);
    if n > 8 {
        return None;
    }
    let mut len = 0usize;
    for x in b.get(2..2 + n)? {
        len = len.checked_mul(256)?.checked_add(usize::from(*x))?;
    }
    Some((tag, 2 + n, len))
}

/// The elements of a well-formed session SEQUENCE.
fn elements(der: &[u8]) -> Vec<Element> {
    let Some((_, h, len)) = header(der) else {
        return Vec::new();
    };
    let mut content = &der[h.min(der.len())..h.saturating_add(len).min(der.len())];
    let mut out = Vec::new();
    while let Some((tag, hh, l)) = header(content) {
        let end = hh.saturating_add(l).min(content.len());
        out.push(Element {
            tag,
            bytes: content[..end].to_vec(),
            header: hh,
        });
        content = &content[end..];
    }
    out
}

/// The content of the first top-level `[n]` of a session SEQUENCE.
pub fn explicit_content(der: &[u8], n: u8) -> Option<Vec<u8>> {
    elements(der)
        .into_iter()
        .find(|e| e.tag == 0xa0 | n)
        .map(|e| e.content().to_vec())
}

/// A SEQUENCE of these elements' bytes.
fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn parts(els: &[Element]) -> Vec<Vec<u8>> {
    els.iter().map(|e| e.bytes.clone()).collect()
}

/// Where an element `[n]` goes to keep the tags in order: after the five
/// universal fields, before the first higher tag.
fn slot(els: &[Element], n: u8) -> usize {
    let first = 5.min(els.len());
    els[first..]
        .iter()
        .position(|e| e.number() > n)
        .map_or(els.len(), |i| first + i)
}

/// `els` with element `[n]` set to `bytes` (replacing one, or inserted in order).
fn with_field(els: &[Element], n: u8, bytes: Vec<u8>) -> Vec<u8> {
    let mut p = parts(els);
    match els.iter().position(|e| e.number() == n && n != 0) {
        Some(i) => p[i] = bytes,
        None => p.insert(slot(els, n), bytes),
    }
    seq(&p)
}

/// `els` with universal field `i` (0 version .. 4 master key) replaced.
fn with_universal(els: &[Element], i: usize, bytes: Vec<u8>) -> Vec<u8> {
    let mut p = parts(els);
    if i < p.len() {
        p[i] = bytes;
    }
    seq(&p)
}

/// An element's header rewritten with a non-minimal long-form length.
fn long_form(tag: u8, content: &[u8], extra_zero: bool) -> Vec<u8> {
    let mut out = vec![tag];
    let len = len_octets(content.len());
    if len.len() == 1 {
        // 0x81 nn for a length below 128: DER requires the short form.
        out.extend([0x81, len[0]]);
    } else {
        // One leading zero length byte more than needed.
        out.push(len[0] + 1);
        out.push(0);
        out.extend_from_slice(&len[1..]);
    }
    if extra_zero && len.len() == 1 {
        out = vec![tag, 0x82, 0x00, len[0]];
    }
    out.extend_from_slice(content);
    out
}

/// The element's inner INTEGER (explicit `[n] { INTEGER }`) or itself.
fn integer_of(e: &Element) -> Option<Vec<u8>> {
    if e.tag == 0x02 {
        return Some(e.content().to_vec());
    }
    let inner = e.content();
    let (tag, h, l) = header(inner)?;
    (tag == 0x02 && h + l == inner.len()).then(|| inner[h..].to_vec())
}

fn rewrap_integer(e: &Element, value_bytes: &[u8]) -> Vec<u8> {
    let i = tlv(0x02, value_bytes);
    if e.tag == 0x02 {
        i
    } else {
        tlv(e.tag, &i)
    }
}

/// Every malformed input derived from `der`, with a stable name.
pub fn mutations(der: &[u8]) -> Vec<(String, Vec<u8>)> {
    let els = elements(der);
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: String, bytes: Vec<u8>| out.push((name, bytes));
    let outer_header = header(der).map_or(2, |(_, h, _)| h);
    let content_len = der.len() - outer_header;

    // Truncation: at each element boundary, inside each element, and at the ends.
    let mut cuts = vec![0, 1, outer_header, der.len() - 1];
    let mut at = outer_header;
    for e in &els {
        cuts.extend([at + 1, at + e.header, at + e.bytes.len() / 2]);
        at += e.bytes.len();
        cuts.push(at);
    }
    cuts.sort_unstable();
    cuts.dedup();
    for c in cuts.into_iter().filter(|c| *c < der.len()) {
        add(format!("truncate@{c}"), der[..c].to_vec());
    }

    // Bit flips: every header byte and one content byte of every element.
    let mut flips = vec![(0, 0x01), (0, 0x20), (1, 0x01), (1, 0x80)];
    let mut at = outer_header;
    for e in &els {
        flips.extend([
            (at, 0x01),
            (at, 0x20),
            (at, 0x80),
            (at + 1, 0x01),
            (at + 1, 0x40),
        ]);
        if e.bytes.len() > e.header {
            flips.push((at + e.header + (e.bytes.len() - e.header) / 2, 0x10));
        }
        if e.tag & 0x20 != 0 && e.bytes.len() > e.header + 1 {
            // The inner element's tag and length byte.
            flips.extend([(at + e.header, 0x02), (at + e.header + 1, 0x01)]);
        }
        at += e.bytes.len();
    }
    flips.sort_unstable();
    flips.dedup();
    for (i, bit) in flips.into_iter().filter(|(i, _)| *i < der.len()) {
        let mut b = der.to_vec();
        b[i] ^= bit;
        add(format!("flip@{i}^{bit:02x}"), b);
    }

    // Removed, duplicated and swapped elements.
    for i in 0..els.len() {
        let mut p = parts(&els);
        p.remove(i);
        add(format!("remove#{i}(tag {:02x})", els[i].tag), seq(&p));
        let mut p = parts(&els);
        p.insert(i, els[i].bytes.clone());
        add(format!("duplicate#{i}(tag {:02x})", els[i].tag), seq(&p));
        if i + 1 < els.len() {
            let mut p = parts(&els);
            p.swap(i, i + 1);
            add(format!("swap#{i}-{}", i + 1), seq(&p));
        }
    }

    // BER lengths: indefinite and non-minimal, on the SEQUENCE and on each element.
    let content = &der[outer_header..];
    let mut indef = vec![0x30, 0x80];
    indef.extend_from_slice(content);
    indef.extend([0, 0]);
    add("ber:indefinite-sequence".into(), indef);
    add(
        "ber:long-length-sequence".into(),
        long_form(0x30, content, false),
    );
    let mut five = vec![0x30, 0x85, 0];
    five.extend(u32::try_from(content_len).unwrap_or(0).to_be_bytes());
    five.extend_from_slice(content);
    add("ber:5-byte-length-sequence".into(), five);
    for (i, e) in els.iter().enumerate() {
        let mut p = parts(&els);
        p[i] = long_form(e.tag, e.content(), false);
        add(format!("ber:long-length#{i}"), seq(&p));
        let mut p = parts(&els);
        p[i] = long_form(e.tag, e.content(), true);
        add(format!("ber:long-length-2#{i}"), seq(&p));
        if e.tag & 0x20 != 0 {
            let mut p = parts(&els);
            let mut b = vec![e.tag, 0x80];
            b.extend_from_slice(e.content());
            b.extend([0, 0]);
            p[i] = b;
            add(format!("ber:indefinite#{i}"), seq(&p));
            // The inner element's length too.
            if let Some((itag, ih, _)) = header(e.content()) {
                let mut p = parts(&els);
                p[i] = tlv(e.tag, &long_form(itag, &e.content()[ih..], false));
                add(format!("ber:inner-long-length#{i}"), seq(&p));
            }
        }
    }

    // INTEGERs: a leading zero (non-minimal), negative, empty.
    for (i, e) in els.iter().enumerate() {
        let Some(v) = integer_of(e) else { continue };
        let mut p = parts(&els);
        let mut padded = vec![0];
        padded.extend_from_slice(&v);
        p[i] = rewrap_integer(e, &padded);
        add(format!("int:leading-zero#{i}"), seq(&p));
        let mut p = parts(&els);
        let mut neg = vec![0xff];
        neg.extend_from_slice(&v);
        p[i] = rewrap_integer(e, &neg);
        add(format!("int:negative#{i}"), seq(&p));
        let mut p = parts(&els);
        p[i] = rewrap_integer(e, &[]);
        add(format!("int:empty#{i}"), seq(&p));
    }

    // Tags LibreSSL does not know (OpenSSL's [7], [8], [11]-[20]; BoringSSL's
    // [21]+), at the end and in tag order.
    let other: [(u8, Vec<u8>); 15] = [
        (7, octets(b"hint")),
        (8, octets(b"identity")),
        (11, uint(1)),
        (12, octets(b"srp-user")),
        (13, uint(1)),
        (14, octets(&[0x55; 32])),
        (15, uint(0x10)),
        (16, octets(b"h2")),
        (17, uint(16384)),
        (18, octets(b"appdata")),
        (19, octets(&[0x30, 0x03, 0x02, 0x01, 0x01])),
        (20, uint(0x001d)),
        (21, octets(&[1, 2, 3, 4])),
        (25, uint(300)),
        (31, uint(1)),
    ];
    for (n, inner) in &other {
        let el = explicit(*n, inner);
        let mut p = parts(&els);
        p.push(el.clone());
        add(format!("tag[{n}]:end"), seq(&p));
        let mut p = parts(&els);
        p.insert(slot(&els, *n), el);
        add(format!("tag[{n}]:in-order"), seq(&p));
    }
    // A known tag in the primitive form, and a high-tag-number identifier.
    let mut p = parts(&els);
    p.insert(5.min(p.len()), vec![0x81, 0x01, 0x05]);
    add("tag:primitive-[1]".into(), seq(&p));
    let mut p = parts(&els);
    p.insert(5.min(p.len()), vec![0xbf, 0x1f, 0x03, 0x02, 0x01, 0x01]);
    add("tag:high-number-after-master-key".into(), seq(&p));

    // Explicit defaults and empty values.
    add(
        "default:[1]=0".into(),
        with_field(&els, 1, explicit(1, &uint(0))),
    );
    add(
        "default:[2]=0".into(),
        with_field(&els, 2, explicit(2, &uint(0))),
    );
    add(
        "default:[5]=0".into(),
        with_field(&els, 5, explicit(5, &uint(0))),
    );
    add(
        "default:[9]=0".into(),
        with_field(&els, 9, explicit(9, &uint(0))),
    );
    add(
        "empty:[10]".into(),
        with_field(&els, 10, explicit(10, &octets(&[]))),
    );
    add(
        "empty:[6]".into(),
        with_field(&els, 6, explicit(6, &octets(&[]))),
    );
    add(
        "empty:[4]".into(),
        with_field(&els, 4, explicit(4, &octets(&[]))),
    );
    add("empty:[3]".into(), with_field(&els, 3, explicit(3, &[])));
    add("empty:[1]".into(), with_field(&els, 1, explicit(1, &[])));

    // Limits of each field.
    add("limit:version=2".into(), with_universal(&els, 0, uint(2)));
    add("limit:version=0".into(), with_universal(&els, 0, uint(0)));
    for v in [0, 0x0300, 0xfefd, 0x7fff_ffff, 0x8000_0000] {
        add(
            format!("limit:ssl_version={v:#x}"),
            with_universal(&els, 1, uint(v)),
        );
    }
    for c in [
        &[][..],
        &[0xc0][..],
        &[0x00, 0xc0, 0x2f][..],
        &[0, 0][..],
        &[0xff, 0xff][..],
    ] {
        add(
            format!("limit:cipher={}", crate::hex(c)),
            with_universal(&els, 2, octets(c)),
        );
    }
    for n in [0, 32, 33] {
        add(
            format!("limit:session_id={n}"),
            with_universal(&els, 3, octets(&vec![0x5a; n])),
        );
    }
    for n in [0, 48, 49] {
        add(
            format!("limit:master_key={n}"),
            with_universal(&els, 4, octets(&vec![0xa5; n])),
        );
    }
    for n in [32, 33] {
        add(
            format!("limit:sid_ctx={n}"),
            with_field(&els, 4, explicit(4, &octets(&vec![0x3c; n]))),
        );
    }
    for t in [i64::MAX as u64, 1 << 63, u64::MAX] {
        add(
            format!("limit:time={t}"),
            with_field(&els, 1, explicit(1, &uint(t))),
        );
        add(
            format!("limit:timeout={t}"),
            with_field(&els, 2, explicit(2, &uint(t))),
        );
        add(
            format!("limit:verify_result={t}"),
            with_field(&els, 5, explicit(5, &uint(t))),
        );
    }
    for l in [u64::from(u32::MAX), 1 << 32] {
        add(
            format!("limit:lifetime={l}"),
            with_field(&els, 9, explicit(9, &uint(l))),
        );
    }
    add(
        "limit:hostname-nul".into(),
        with_field(&els, 6, explicit(6, &octets(b"a\0b"))),
    );
    add(
        "limit:hostname-primitive".into(),
        with_field(&els, 6, explicit(6, b"abc")),
    );
    add(
        "limit:sid_ctx-extra-element".into(),
        with_field(&els, 4, explicit(4, &[octets(b"x"), vec![5, 0]].concat())),
    );
    add(
        "limit:time-extra-element".into(),
        with_field(&els, 1, explicit(1, &[uint(5), vec![5, 0]].concat())),
    );
    add(
        "limit:peer-trailing-bytes".into(),
        match els.iter().find(|e| e.tag == 0xa3) {
            Some(e) => with_field(&els, 3, explicit(3, &[e.content(), &[1, 2]].concat())),
            None => with_field(&els, 3, explicit(3, &[1, 2])),
        },
    );
    add(
        "limit:peer-not-a-certificate".into(),
        with_field(&els, 3, explicit(3, &octets(b"cert"))),
    );

    // Inside the peer certificate, which LibreSSL's d2i_X509 reads
    // (libcrypto's templates): its validity times, whose format LibreSSL
    // checks when decoding (asn1/tasn_dec.c, asn1_time_parse_cbs) and
    // OpenSSL does not, and its length octets.
    for (name, bytes) in certificate_mutations(der, &els) {
        add(name, bytes);
    }

    // Data after the SEQUENCE, and inside it after the last element.
    for (name, tail) in [
        ("trailing:zero", vec![0]),
        ("trailing:garbage", b"garbage".to_vec()),
        ("trailing:session", der.to_vec()),
    ] {
        add(name.into(), [der, &tail].concat());
    }
    for (name, tail) in [
        ("inside:zero", vec![0]),
        ("inside:ff-ff-ff", vec![0xff, 0xff, 0xff]),
        ("inside:null", vec![5, 0]),
    ] {
        let mut p = parts(&els);
        p.push(tail);
        add(name.into(), seq(&p));
    }

    // The outer identifier.
    for tag in [0x31, 0x10, 0x20, 0xa0] {
        let mut b = der.to_vec();
        b[0] = tag;
        add(format!("outer-tag={tag:02x}"), b);
    }
    add("empty".into(), Vec::new());
    add("empty-sequence".into(), vec![0x30, 0x00]);
    // An edit that sets a field to the value it has (an empty `[4]` where
    // there is one) is no edit.
    out.retain(|(_, b)| b != der);
    out
}

/// Edits of the certificate in `[3]`: same-length rewrites of the first
/// UTCTime (notBefore) and the second (notAfter), and the certificate's own
/// length in other forms.
fn certificate_mutations(der: &[u8], els: &[Element]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Some(peer) = els.iter().find(|e| e.tag == 0xa3) else {
        return out;
    };
    let cert = peer.content();
    // UTCTime, 13 content octets: YYMMDDHHMMSSZ.
    let times: Vec<usize> = (0..der.len().saturating_sub(15))
        .filter(|&i| {
            der[i] == 0x17
                && der[i + 1] == 13
                && der[i + 2..i + 14].iter().all(u8::is_ascii_digit)
                && der[i + 14] == b'Z'
        })
        .collect();
    let edits: [(&str, &[u8]); 14] = [
        ("month-13", b"261301000000Z"),
        ("month-00", b"260001000000Z"),
        ("day-00", b"261200000000Z"),
        ("april-31", b"260431000000Z"),
        ("feb-29-2027", b"270229000000Z"),
        ("feb-29-2028", b"280229000000Z"),
        ("feb-29-2100-as-gentime-year-00", b"000229000000Z"),
        ("hour-24", b"261203240000Z"),
        ("minute-60", b"261203006000Z"),
        ("second-60", b"261203000060Z"),
        ("offset-not-z", b"2612030000+0Z"),
        ("lowercase-z", b"261203000000z"),
        ("letter", b"2612O3000000Z"),
        ("year-49", b"491203000000Z"),
    ];
    for (which, at) in ["notBefore", "notAfter"].iter().zip(&times) {
        for (name, content) in edits {
            let mut b = der.to_vec();
            b[at + 2..at + 15].copy_from_slice(content);
            out.push((format!("cert:{which}:{name}"), b));
        }
        // The same 13 octets as a GeneralizedTime, which needs 15.
        let mut b = der.to_vec();
        b[*at] = 0x18;
        out.push((format!("cert:{which}:utctime-as-gentime"), b));
    }
    // notBefore replaced by a time of another length or type (the
    // enclosing validity, TBSCertificate and Certificate re-encoded).
    let others: [(&str, u8, &[u8]); 11] = [
        ("gentime-2026", 0x18, b"20261203000000Z"),
        ("gentime-2050", 0x18, b"20500101000000Z"),
        ("gentime-1950", 0x18, b"19500101000000Z"),
        ("gentime-fraction", 0x18, b"20261203000000.5Z"),
        ("gentime-no-seconds", 0x18, b"202612030000Z"),
        ("gentime-offset", 0x18, b"20261203000000+0100"),
        ("utctime-no-seconds", 0x17, b"2612030000Z"),
        ("utctime-offset", 0x17, b"261203000000+0100"),
        ("utctime-empty", 0x17, b""),
        ("utctime-14-octets", 0x17, b"2612030000000Z"),
        ("gentime-feb-29-2100", 0x18, b"21000229000000Z"),
    ];
    for (name, tag, content) in others {
        if let Some(new_cert) = with_not_before(cert, &tlv(tag, content)) {
            out.push((
                format!("cert:notBefore:{name}"),
                with_field(els, 3, explicit(3, &new_cert)),
            ));
        }
    }
    // Constructed (segmented) times, which LibreSSL's asn1_collect reads
    // to the end of the enclosing element (tasn_dec.c 1.89 hands it all that
    // follows the header): a definite-length notBefore takes notAfter with
    // it, a definite-length level inside an indefinite one reaches the
    // outer end-of-contents, and a last element's segment lengths are not
    // applied. OpenSSL reads each level by its length.
    let utc: &[u8] = b"261203000000Z";
    let seg = tlv(0x17, utc);
    let constructed: [(&str, usize, Vec<u8>); 5] = [
        ("notBefore:constructed-definite", 0, tlv(0x37, &seg)),
        (
            "notBefore:constructed-indefinite",
            0,
            [&[0x37, 0x80][..], &seg, &[0, 0]].concat(),
        ),
        (
            "notBefore:constructed-definite-in-indefinite",
            0,
            [&[0x37, 0x80][..], &tlv(0x37, &seg), &[0, 0]].concat(),
        ),
        ("notAfter:constructed-definite", 1, tlv(0x37, &seg)),
        (
            "notAfter:constructed-segment-length-short",
            1,
            [&[0x37, 2 + 2 + 13, 0x37, 0x02][..], &seg].concat(),
        ),
    ];
    for (name, index, time) in constructed {
        if let Some(new_cert) = with_time(cert, index, &time) {
            out.push((
                format!("cert:{name}"),
                with_field(els, 3, explicit(3, &new_cert)),
            ));
        }
    }
    // Parameters of the signature algorithm (an ANY): LibreSSL checks a
    // time there too, and takes REAL, RELATIVE-OID and TIME as primitive
    // only (asn1_types.c); OpenSSL reads them in both forms.
    let params: [(&str, Vec<u8>); 6] = [
        ("utctime-valid", seg.clone()),
        ("utctime-invalid", tlv(0x17, b"A")),
        ("real-constructed", tlv(0x29, &tlv(0x04, &[0]))),
        ("relative-oid-constructed", tlv(0x2d, &tlv(0x04, &[1]))),
        ("real-primitive", tlv(0x09, &[0])),
        (
            "octet-string-constructed",
            [&[0x24, 0x80][..], &tlv(0x04, &[0xaa]), &[0, 0]].concat(),
        ),
    ];
    for (name, param) in params {
        if let Some(new_cert) = with_signature_parameter(cert, &param) {
            out.push((
                format!("cert:sigalg-param:{name}"),
                with_field(els, 3, explicit(3, &new_cert)),
            ));
        }
    }
    // Indefinite and constructed forms of the certificate's parts, which
    // i2d_X509 writes back in DER but for the TBSCertificate (cached).
    if let Some((ctag, ch, _)) = header(cert) {
        let parts = children(&cert[ch..]);
        let indefinite = |e: &[u8]| {
            header(e).map(|(tag, h, _)| [&[tag | 0x20, 0x80][..], &e[h..], &[0, 0]].concat())
        };
        for (name, index) in [("tbs-indefinite", 0), ("algorithm-indefinite", 1)] {
            let mut p = parts.clone();
            if let Some(e) = p.get(index).and_then(|e| indefinite(e)) {
                p[index] = e;
                let new_cert = tlv(ctag, &p.concat());
                out.push((
                    format!("cert:{name}"),
                    with_field(els, 3, explicit(3, &new_cert)),
                ));
            }
        }
        if let Some(sig) = parts.get(2) {
            let mut p = parts.clone();
            p[2] = [&[0x23, 0x80][..], sig, &[0, 0]].concat();
            let new_cert = tlv(ctag, &p.concat());
            out.push((
                "cert:signature-constructed".into(),
                with_field(els, 3, explicit(3, &new_cert)),
            ));
        }
    }
    // The certificate SEQUENCE's length: 127 length octets (0xFF, reserved
    // in LibreSSL's asn1_get_length_cbs), 4 with leading zeros (BER), and
    // the indefinite form.
    if let Some((tag, h, len)) = header(cert) {
        let end = h.saturating_add(len).min(cert.len());
        let body = &cert[h.min(end)..end];
        let rest = &cert[end..];
        let len_bytes = u32::try_from(body.len()).unwrap_or(0).to_be_bytes();
        let mut forms: Vec<(&str, Vec<u8>)> = Vec::new();
        let mut ff = vec![tag, 0xff];
        ff.extend(std::iter::repeat_n(0, 127 - 4));
        ff.extend(len_bytes);
        forms.push(("length-127-octets", ff));
        let mut four = vec![tag, 0x84];
        four.extend(len_bytes);
        forms.push(("length-4-octets", four));
        forms.push(("length-indefinite", vec![tag, 0x80]));
        for (name, mut head) in forms {
            head.extend_from_slice(body);
            if name == "length-indefinite" {
                head.extend([0, 0]);
            }
            head.extend_from_slice(rest);
            out.push((
                format!("cert:{name}"),
                with_field(els, 3, explicit(3, &head)),
            ));
        }
    }
    out
}

/// The children of a constructed DER element's content.
fn children(content: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some((_, h, l)) = header(rest) {
        let end = h.saturating_add(l).min(rest.len());
        out.push(rest[..end].to_vec());
        rest = &rest[end..];
    }
    out
}

/// `cert` (a DER Certificate) with its validity's notBefore replaced by
/// `time` (a whole element), every enclosing length re-encoded.
fn with_not_before(cert: &[u8], time: &[u8]) -> Option<Vec<u8>> {
    with_time(cert, 0, time)
}

/// `cert` (a DER Certificate) with time `index` of its validity (0
/// notBefore, 1 notAfter) replaced by `time` (a whole element), every
/// enclosing length re-encoded.
fn with_time(cert: &[u8], index: usize, time: &[u8]) -> Option<Vec<u8>> {
    let (ctag, ch, _) = header(cert)?;
    let mut parts = children(&cert[ch..]);
    let tbs = parts.first()?.clone();
    let (ttag, th, _) = header(&tbs)?;
    let mut fields = children(&tbs[th..]);
    let vi = fields.iter().position(|f| {
        f.first() == Some(&0x30)
            && header(f).is_some_and(|(_, h, _)| matches!(f.get(h), Some(0x17 | 0x18)))
    })?;
    let (vtag, vh, _) = header(&fields[vi])?;
    let mut times = children(&fields[vi][vh..]);
    *times.get_mut(index)? = time.to_vec();
    fields[vi] = tlv(vtag, &times.concat());
    parts[0] = tlv(ttag, &fields.concat());
    Some(tlv(ctag, &parts.concat()))
}

/// `cert` (a DER Certificate) with its signature algorithm's parameters
/// replaced by `param` (a whole element).
fn with_signature_parameter(cert: &[u8], param: &[u8]) -> Option<Vec<u8>> {
    let (ctag, ch, _) = header(cert)?;
    let mut parts = children(&cert[ch..]);
    let (atag, ah, _) = header(parts.get(1)?)?;
    let oid = children(&parts[1][ah..]).into_iter().next()?;
    parts[1] = tlv(atag, &[oid, param.to_vec()].concat());
    Some(tlv(ctag, &parts.concat()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The edits rebuild what they do not change byte for byte: a session
    /// re-assembled from its elements, a certificate whose notBefore is
    /// replaced by itself.
    #[test]
    fn rebuilding_changes_nothing_else() {
        for s in crate::recorded() {
            let els = elements(&s.der);
            assert_eq!(seq(&parts(&els)), s.der, "{}", s.name);
            let Some(cert) = explicit_content(&s.der, 3) else {
                continue;
            };
            let (_, h, _) = header(&cert).expect("certificate header");
            let tbs = children(&cert[h..]).remove(0);
            let (_, th, _) = header(&tbs).expect("tbs header");
            let validity = children(&tbs[th..])
                .into_iter()
                .find(|f| f.first() == Some(&0x30) && matches!(f.get(2), Some(0x17 | 0x18)))
                .expect("validity");
            let not_before = children(&validity[2..]).remove(0);
            assert_eq!(
                with_not_before(&cert, &not_before),
                Some(cert.clone()),
                "{}",
                s.name
            );
        }
    }

    /// Every input has its own name, and no input is the base itself.
    #[test]
    fn names_are_distinct() {
        for s in crate::recorded() {
            let all = mutations(&s.der);
            let mut names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n, "{}: duplicate names", s.name);
            assert!(
                all.iter().all(|(_, b)| *b != s.der),
                "{}: an unchanged input",
                s.name
            );
        }
    }
}
