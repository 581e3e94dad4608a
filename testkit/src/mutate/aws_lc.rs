//! Malformed and edge-case variants of a real AWS-LC session, each named:
//! truncations, bit flips, elements removed/duplicated/reordered, lengths
//! changed, explicitly encoded defaults, non-minimal integers, BoringSSL-only
//! tags `[31]`-`[33]`, size limits, other protocol versions and cipher codes,
//! and trailing data. The tests feed every one to AWS-LC and to us.

use super::aws_lc_der::{self as der, explicit, Element};
use crate::{tlv, uint};

/// One mutated input.
pub struct Mutant {
    /// What was done, e.g. "flip 17.3" or `explicit default [22] TRUE`.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

fn push(out: &mut Vec<Mutant>, name: impl Into<String>, bytes: Vec<u8>) {
    out.push(Mutant {
        name: name.into(),
        bytes,
    });
}

/// An OCTET STRING of `n` bytes (`fill`).
fn octets(n: usize, fill: u8) -> Vec<u8> {
    tlv(0x04, &vec![fill; n])
}

/// Every variant of `session` (a valid AWS-LC session), named. `exhaustive`
/// adds every truncation and a bit flip at every byte (else every 7th).
pub fn mutants(session: &[u8], exhaustive: bool) -> Vec<Mutant> {
    let mut out = Vec::new();
    let step = if exhaustive { 1 } else { 7 };
    for n in (0..session.len()).step_by(step) {
        push(&mut out, format!("truncate {n}"), session[..n].to_vec());
    }
    for i in (0..session.len()).step_by(step) {
        let mut b = session.to_vec();
        b[i] ^= 1 << (i % 8);
        push(&mut out, format!("flip {i}.{}", i % 8), b);
    }
    // Trailing data after the SEQUENCE (d2i allows it, from_bytes not).
    push(&mut out, "trailing 00", [session, &[0]].concat());
    push(&mut out, "trailing session", [session, session].concat());
    let Some(elements) = der::split(session) else {
        return out;
    };
    structural(&mut out, &elements);
    defaults(&mut out, &elements);
    limits(&mut out, &elements);
    out
}

/// Elements removed, duplicated, swapped; lengths off by one; non-minimal
/// forms; unknown and BoringSSL-only tags.
fn structural(out: &mut Vec<Mutant>, elements: &[Element]) {
    for i in 0..elements.len() {
        let name = tag_name(&elements[i]);
        let mut v = elements.to_vec();
        v.remove(i);
        push(out, format!("remove {name}"), der::join(&v));
        let mut v = elements.to_vec();
        v.insert(i, elements[i].clone());
        push(out, format!("duplicate {name}"), der::join(&v));
        if i + 1 < elements.len() {
            let mut v = elements.to_vec();
            v.swap(i, i + 1);
            push(out, format!("swap {name} with next"), der::join(&v));
        }
        // The element's own length octet one more / one less (short form
        // only), the outer length fixed up: the elements then misalign.
        let e = &elements[i];
        if e.header_len == 2 {
            for (d, what) in [(1i16, "+1"), (-1, "-1")] {
                let l = i16::from(e.bytes[1]) + d;
                if (0..0x80).contains(&l) {
                    let mut v = elements.to_vec();
                    v[i].bytes[1] = u8::try_from(l).unwrap_or(0);
                    push(out, format!("length {what} {name}"), der::join(&v));
                }
            }
            // Non-minimal long-form length (0x81 nn).
            let mut v = elements.to_vec();
            let mut b = vec![e.tag, 0x81];
            b.extend_from_slice(&e.bytes[1..]);
            v[i].bytes = b;
            v[i].header_len = 3;
            push(out, format!("long-form length {name}"), der::join(&v));
        }
        // Integers inside the explicit tags with a leading zero byte.
        if let Some(n) = e.context_number() {
            let c = e.content();
            if c.first() == Some(&0x02) && c.len() >= 2 && usize::from(c[1]) + 2 == c.len() {
                let mut inner = vec![0x02, c[1] + 1, 0x00];
                inner.extend_from_slice(&c[2..]);
                let mut v = elements.to_vec();
                v[i].bytes = explicit(n, &inner);
                push(out, format!("non-minimal integer {name}"), der::join(&v));
            }
        }
    }
    // version and sslVersion with a leading zero; wrong structure version.
    let mut v = elements.to_vec();
    v[0].bytes = vec![0x02, 0x02, 0x00, 0x01];
    push(out, "non-minimal version", der::join(&v));
    let mut v = elements.to_vec();
    v[0].bytes = uint(2);
    push(out, "version 2", der::join(&v));
    // Unknown / historical / BoringSSL-only tags appended at the end.
    let spki = tlv(
        0x30,
        &[
            tlv(0x30, &[0x06, 0x03, 0x2B, 0x65, 0x70]),
            tlv(0x03, &[0; 33]),
        ]
        .concat(),
    );
    for (name, extra) in [
        (
            "[31] resumableAcrossNames TRUE (BoringSSL only)",
            high_tag(31, &[0x01, 0x01, 0xFF]),
        ),
        (
            "[31] resumableAcrossNames FALSE (BoringSSL only)",
            high_tag(31, &[0x01, 0x01, 0x00]),
        ),
        (
            "[32] peerCertType 2 (BoringSSL only)",
            high_tag(32, &uint(2)),
        ),
        (
            "[33] peerRawPublicKey (BoringSSL only)",
            high_tag(33, &spki),
        ),
        ("[20] ticketFlags (historical)", explicit(20, &uint(0))),
        ("[0] keyArg (historical)", explicit(0, &octets(0, 0))),
        (
            "[7] pskIdentityHint (historical)",
            explicit(7, &octets(3, b'h')),
        ),
        (
            "[11] compressionMethod (historical)",
            explicit(11, &octets(1, 0)),
        ),
        (
            "[12] srpUsername (historical)",
            explicit(12, &octets(3, b'u')),
        ),
        ("[30] unknown content", explicit(30, &[0x05, 0x00])),
    ] {
        push(
            out,
            format!("add {name}"),
            der::with_field(elements, extra, false),
        );
    }
    // Bytes after the INTEGER inside [1]/[2] (read without a length check),
    // and inside [3] and [19] (each must be whole certificates).
    for n in [1u8, 2] {
        if let Some(e) = der::field(elements, n) {
            let inner = [e.content(), &[0x05, 0x00][..]].concat();
            push(
                out,
                format!("[{n}] with a NULL after its INTEGER"),
                der::with_field(elements, explicit(n, &inner), true),
            );
        }
    }
    if let Some(leaf) = der::field(elements, 3) {
        let c = leaf.content().to_vec();
        push(
            out,
            "[3] with a byte after the certificate",
            der::with_field(elements, explicit(3, &[&c[..], &[0]].concat()), true),
        );
        push(
            out,
            "[3] holding two certificates",
            der::with_field(elements, explicit(3, &[&c[..], &c[..]].concat()), true),
        );
        push(
            out,
            "[3] empty",
            der::with_field(elements, explicit(3, &[]), true),
        );
        push(
            out,
            "[3] a NULL",
            der::with_field(elements, explicit(3, &[0x05, 0x00]), true),
        );
        if let Some(chain) = der::field(elements, 19) {
            let ch = chain.content().to_vec();
            push(
                out,
                "[19] with a NULL element",
                der::with_field(
                    elements,
                    explicit(19, &[&ch[..], &[0x05, 0x00]].concat()),
                    true,
                ),
            );
            push(
                out,
                "[19] the chain twice",
                der::with_field(elements, explicit(19, &[&ch[..], &ch[..]].concat()), true),
            );
            push(
                out,
                "[19] the leaf",
                der::with_field(elements, explicit(19, &c), true),
            );
            push(
                out,
                "[19] empty",
                der::with_field(elements, explicit(19, &[]), true),
            );
            let e =
                der::split(&der::with_field(elements, explicit(3, &ch), true)).unwrap_or_default();
            push(out, "[3] the intermediate", der::join(&e));
        } else {
            push(
                out,
                "[19] added: the leaf",
                der::with_field(elements, explicit(19, &c), true),
            );
        }
        let v: Vec<Element> = elements
            .iter()
            .filter(|e| e.context_number() != Some(3))
            .cloned()
            .collect();
        push(out, "[3] removed, [19] kept", der::join(&v));
    }
    // [6] hostName: skipped by AWS-LC whatever it holds.
    push(
        out,
        "add [6] hostName",
        der::with_field(elements, explicit(6, &octets(9, b'h')), true),
    );
    push(
        out,
        "add [6] hostName NULL",
        der::with_field(elements, explicit(6, &[0x05, 0x00]), true),
    );
    let mut raw: Vec<Vec<u8>> = elements.iter().map(|e| e.bytes.clone()).collect();
    raw.push(vec![0x05, 0x00]);
    push(
        out,
        "trailing NULL inside the SEQUENCE",
        der::join_raw(&raw),
    );
    // Indefinite-length outer SEQUENCE.
    let body: Vec<u8> = elements.iter().flat_map(|e| e.bytes.clone()).collect();
    push(
        out,
        "indefinite outer length",
        [&[0x30, 0x80][..], &body, &[0, 0]].concat(),
    );
    // High-tag-number form for a low tag ([1] written as 0xBF 0x01).
    let mut v: Vec<Vec<u8>> = elements.iter().map(|e| e.bytes.clone()).collect();
    if let Some(i) = elements.iter().position(|e| e.context_number() == Some(1)) {
        v[i] = high_tag(1, elements[i].content());
        push(out, "high-tag form [1]", der::join_raw(&v));
    }
}

/// `[n]` constructed, in the high-tag-number form (0xBF n), as BoringSSL
/// writes tags above 30.
fn high_tag(n: u8, inner: &[u8]) -> Vec<u8> {
    let mut out = vec![0xBF, n];
    out.extend(crate::len_octets(inner.len()));
    out.extend_from_slice(inner);
    out
}

/// Explicitly encoded default values, and other encodings of the booleans.
fn defaults(out: &mut Vec<Mutant>, elements: &[Element]) {
    let timeout = der::field(elements, 2)
        .map(|e| e.content().to_vec())
        .unwrap_or_default();
    let f = [0x01, 0x01, 0x00];
    let t = [0x01, 0x01, 0xFF];
    for (name, n, inner) in [
        ("[5] verifyResult 0", 5, uint(0)),
        ("[9] ticketLifetimeHint 0", 9, uint(0)),
        ("[17] extendedMasterSecret FALSE", 17, f.to_vec()),
        ("[17] extendedMasterSecret TRUE", 17, t.to_vec()),
        ("[18] groupID 0", 18, uint(0)),
        ("[22] isServer TRUE", 22, t.to_vec()),
        ("[22] isServer FALSE", 22, f.to_vec()),
        ("[22] isServer 0x01", 22, vec![0x01, 0x01, 0x01]),
        ("[22] isServer empty BOOLEAN", 22, vec![0x01, 0x00]),
        ("[23] peerSignatureAlgorithm 0", 23, uint(0)),
        ("[24] ticketMaxEarlyData 0", 24, uint(0)),
        ("[25] authTimeout = timeout", 25, timeout.clone()),
        ("[27] isQuic FALSE", 27, f.to_vec()),
        ("[27] isQuic TRUE", 27, t.to_vec()),
        ("[8] pskIdentity empty", 8, octets(0, 0)),
        ("[8] pskIdentity with NUL", 8, tlv(0x04, b"a\0b")),
        ("[10] ticket empty", 10, octets(0, 0)),
        ("[14] originalHandshakeHash empty", 14, octets(0, 0)),
        ("[26] earlyALPN empty", 26, octets(0, 0)),
        ("[28] quicEarlyDataContext empty", 28, octets(0, 0)),
        ("[4] sid_ctx empty", 4, octets(0, 0)),
        ("[15] SCT list empty", 15, octets(0, 0)),
        ("[16] OCSP empty", 16, octets(0, 0)),
    ] {
        push(
            out,
            format!("explicit {name}"),
            der::with_field(elements, explicit(n, &inner), true),
        );
    }
    // [4] removed entirely (optional on read, always written).
    let v: Vec<Element> = elements
        .iter()
        .filter(|e| e.context_number() != Some(4))
        .cloned()
        .collect();
    push(out, "no [4] sid_ctx", der::join(&v));
    // ALPS: one without the other, both without early ALPN, both with it.
    let local = explicit(29, &octets(2, b'l'));
    let peer = explicit(30, &octets(2, b'p'));
    push(
        out,
        "[29] localALPS alone",
        der::with_field(elements, local.clone(), true),
    );
    let with_both = der::split(&der::with_field(elements, local, true))
        .map(|e| der::with_field(&e, peer.clone(), true))
        .unwrap_or_default();
    push(out, "[29] + [30] ALPS", with_both.clone());
    if let Some(e) = der::split(&with_both) {
        push(
            out,
            "[29] + [30] ALPS with [26] earlyALPN",
            der::with_field(&e, explicit(26, &tlv(0x04, b"\x02h2")), true),
        );
    }
    push(
        out,
        "[30] peerALPS alone",
        der::with_field(elements, peer, true),
    );
}

/// Size and value limits of single fields.
fn limits(out: &mut Vec<Mutant>, elements: &[Element]) {
    let set = |n: u8, inner: Vec<u8>| der::with_field(elements, explicit(n, &inner), true);
    for len in [0usize, 1, 20, 32, 47, 48, 49, 63, 64, 65] {
        push(
            out,
            format!("[14] originalHandshakeHash {len} bytes"),
            set(14, octets(len, 0x5A)),
        );
    }
    for len in [0usize, 31, 32, 33] {
        push(
            out,
            format!("[13] peerSHA256 {len} bytes"),
            set(13, octets(len, 0x11)),
        );
        push(
            out,
            format!("[4] sid_ctx {len} bytes"),
            set(4, octets(len, 0x22)),
        );
    }
    for len in [3usize, 4, 5] {
        push(
            out,
            format!("[21] ticketAgeAdd {len} bytes"),
            set(21, octets(len, 0x33)),
        );
    }
    for (name, n, v) in [
        ("[2] timeout 2^32-1", 2, 0xFFFF_FFFFu64),
        ("[2] timeout 2^32", 2, 1 << 32),
        ("[1] time 2^63", 1, 1 << 63),
        ("[1] time 0", 1, 0),
        ("[5] verifyResult 2^63-1", 5, (1 << 63) - 1),
        ("[5] verifyResult 2^63", 5, 1 << 63),
        ("[9] ticketLifetimeHint 2^32", 9, 1 << 32),
        ("[18] groupID 0xFFFF", 18, 0xFFFF),
        ("[18] groupID 0x10000", 18, 0x1_0000),
        ("[23] peerSignatureAlgorithm 0x10000", 23, 0x1_0000),
        ("[24] ticketMaxEarlyData 2^32-1", 24, 0xFFFF_FFFF),
        ("[24] ticketMaxEarlyData 2^32", 24, 1 << 32),
        ("[25] authTimeout 2^32", 25, 1 << 32),
        ("[25] authTimeout 1", 25, 1),
    ] {
        push(out, format!("value {name}"), set(n, uint(v)));
    }
    // Negative INTEGER in [2].
    push(out, "value [2] timeout -1", set(2, vec![0x02, 0x01, 0xFF]));
    // session ID / secret lengths (positions 3 and 4 of the SEQUENCE).
    for (idx, what, lens) in [
        (3usize, "sessionID", [0usize, 32, 33]),
        (4, "secret", [0, 48, 49]),
    ] {
        for len in lens {
            let mut v = elements.to_vec();
            v[idx].bytes = octets(len, 0x44);
            v[idx].header_len = 2;
            push(out, format!("{what} {len} bytes"), der::join(&v));
        }
    }
    // Protocol versions.
    for v in [
        0x0300u64, 0x0301, 0x0302, 0x0303, 0x0304, 0x0305, 0xFEFF, 0xFEFD, 0xFEFC, 0x7F1C, 0x1_0303,
    ] {
        let mut e = elements.to_vec();
        e[1].bytes = uint(v);
        push(out, format!("sslVersion {v:#06x}"), der::join(&e));
    }
    // Cipher codes where AWS-LC's table and BoringSSL's differ, and a few more.
    for c in [
        0x0002u16, 0x003C, 0xC028, 0xC023, 0x0001, 0x00FF, 0x1304, 0xC02B, 0xCCA9,
    ] {
        let mut e = elements.to_vec();
        e[2].bytes = tlv(0x04, &c.to_be_bytes());
        push(out, format!("cipher {c:#06x}"), der::join(&e));
    }
    let mut e = elements.to_vec();
    e[2].bytes = tlv(0x04, &[0x03, 0x00, 0xC0, 0x2F]);
    push(out, "cipher 4 bytes", der::join(&e));
}

fn tag_name(e: &Element) -> String {
    match e.context_number() {
        Some(n) => format!("[{n}]"),
        None => format!("tag {:#04x}", e.tag),
    }
}

/// A parsed TLV tree (definite lengths), to rewrite one node's encoding and
/// re-serialise with every enclosing length fixed up.
#[derive(Clone)]
struct Node {
    tag: u8,
    /// Content octets (primitive) or children (constructed).
    content: Vec<u8>,
    children: Vec<Node>,
    /// How to write this node: 0 = DER, 1 = long-form length, 2 =
    /// indefinite length, 3 = constructed string with one segment, 4 =
    /// indefinite length without its end-of-contents, 5 = `content` as it
    /// is, a whole element (one whose identifier takes several octets), 6 =
    /// constructed string with one segment, of indefinite length, 7 =
    /// constructed string with one segment and an end-of-contents, of
    /// definite length.
    form: u8,
}

fn parse_node(input: &[u8]) -> Option<(Node, usize)> {
    let (tag, h, t) = der::read_tlv(input)?;
    let body = &input[h..t];
    let mut node = Node {
        tag,
        content: Vec::new(),
        children: Vec::new(),
        form: 0,
    };
    if tag & 0x20 != 0 {
        let mut rest = body;
        while !rest.is_empty() {
            let (child, used) = parse_node(rest)?;
            node.children.push(child);
            rest = &rest[used..];
        }
    } else {
        node.content = body.to_vec();
    }
    Some((node, t))
}

fn write_node(n: &Node) -> Vec<u8> {
    let body: Vec<u8> = if n.tag & 0x20 != 0 {
        n.children.iter().flat_map(write_node).collect()
    } else {
        n.content.clone()
    };
    match n.form {
        1 if body.len() < 0x80 => [
            &[n.tag, 0x81, u8::try_from(body.len()).unwrap_or(0)][..],
            &body,
        ]
        .concat(),
        2 => [&[n.tag, 0x80][..], &body, &[0, 0]].concat(),
        4 => [&[n.tag, 0x80][..], &body].concat(),
        3 => tlv(n.tag | 0x20, &tlv(n.tag, &body)),
        6 => [&[n.tag | 0x20, 0x80][..], &tlv(n.tag, &body), &[0, 0]].concat(),
        7 => tlv(n.tag | 0x20, &[tlv(n.tag, &body), vec![0, 0]].concat()),
        5 => n.content.clone(),
        _ => tlv(n.tag, &body),
    }
}

/// Paths (child indices) of every node.
fn paths(n: &Node, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(prefix.clone());
    for (i, c) in n.children.iter().enumerate() {
        prefix.push(i);
        paths(c, prefix, out);
        prefix.pop();
    }
}

fn node_mut<'a>(n: &'a mut Node, path: &[usize]) -> &'a mut Node {
    match path.split_first() {
        None => n,
        Some((&i, rest)) => node_mut(&mut n.children[i], rest),
    }
}

/// The elements of `session` and its leaf certificate (`[3]`), parsed.
fn leaf_certificate(session: &[u8]) -> Option<(Vec<Element>, Node)> {
    let elements = der::split(session)?;
    let (cert, _) = parse_node(der::field(&elements, 3)?.content())?;
    Some((elements, cert))
}

/// Variants of the leaf certificate (`[3]`) of `session`: every node of the
/// certificate with a non-minimal long-form length, constructed nodes with
/// an indefinite length, strings in constructed form (definite, indefinite,
/// and definite with an end-of-contents inside), and other spellings of
/// the validity times (offsets, no seconds, fractions).
pub fn certificate_mutants(session: &[u8]) -> Vec<Mutant> {
    let mut out = Vec::new();
    let Some((elements, cert)) = leaf_certificate(session) else {
        return out;
    };
    let with_cert = |c: &Node| der::with_field(&elements, explicit(3, &write_node(c)), true);
    cert_mutants(&mut out, "", &cert, &with_cert);
    // The same for the first certificate of the chain ([19]), the rest kept.
    if let Some(chain) = der::field(&elements, 19) {
        if let Some((first, used)) = parse_node(chain.content()) {
            let rest = chain.content()[used..].to_vec();
            let with_first = |c: &Node| {
                let content = [write_node(c), rest.clone()].concat();
                der::with_field(&elements, explicit(19, &content), true)
            };
            cert_mutants(&mut out, "[19] ", &first, &with_first);
        }
    }
    out
}

/// `X509_NAME_MAX` (1 MiB), the most `x509_name_ex_d2i` reads a Name from:
/// the leaf certificate's subject as one common name whose whole Name
/// encoding is 4 KiB, exactly 2^20 octets, and 2^20 + 1. Made for one
/// session only: two inputs are over 1 MiB.
pub fn name_limit_mutants(session: &[u8]) -> Vec<Mutant> {
    let mut out = Vec::new();
    let Some((elements, cert)) = leaf_certificate(session) else {
        return out;
    };
    if cert.children.first().map_or(0, |t| t.children.len()) < 8 {
        return out;
    }
    // SEQUENCE { SET { SEQUENCE { id-at-commonName, UTF8String } } }.
    let name_of = |value_len: usize| Node {
        tag: 0x30,
        content: Vec::new(),
        children: vec![Node {
            tag: 0x31,
            content: Vec::new(),
            children: vec![Node {
                tag: 0x30,
                content: Vec::new(),
                children: vec![
                    prim(0x06, &[0x55, 0x04, 0x03]),
                    prim(0x0C, &vec![b'a'; value_len]),
                ],
                form: 0,
            }],
            form: 0,
        }],
        form: 0,
    };
    for (what, total) in [
        ("4 KiB", 4096usize),
        ("2^20 octets", 1 << 20),
        ("2^20 + 1 octets", (1 << 20) + 1),
    ] {
        // The headers' length octets grow with the value: settle the value's
        // length where the whole encoding is `total`.
        let mut value_len = total;
        for _ in 0..4 {
            let got = write_node(&name_of(value_len)).len();
            value_len = (value_len + total).saturating_sub(got);
        }
        let name = name_of(value_len);
        assert_eq!(write_node(&name).len(), total, "subject Name of {what}");
        let mut c = cert.clone();
        *node_mut(&mut c, &[0, 5]) = name;
        push(
            &mut out,
            format!("cert field subject Name of {what}"),
            der::with_field(&elements, explicit(3, &write_node(&c)), true),
        );
    }
    out
}

/// The variants of one certificate `cert`, each put back by `with_cert`,
/// named with `prefix`.
fn cert_mutants(
    out: &mut Vec<Mutant>,
    prefix: &str,
    cert: &Node,
    with_cert: &dyn Fn(&Node) -> Vec<u8>,
) {
    let mut local = Vec::new();
    cert_mutants_into(&mut local, cert, with_cert);
    out.extend(local.into_iter().map(|m| Mutant {
        name: m.name.replacen("cert ", &format!("cert {prefix}"), 1),
        bytes: m.bytes,
    }));
}

fn cert_mutants_into(out: &mut Vec<Mutant>, cert: &Node, with_cert: &dyn Fn(&Node) -> Vec<u8>) {
    let mut all = Vec::new();
    paths(cert, &mut Vec::new(), &mut all);
    for p in &all {
        let here = node_mut(&mut cert.clone(), p).clone();
        let at = format!("{p:?} tag {:#04x}", here.tag);
        let mut forms = vec![(1u8, "long-form length")];
        if here.tag & 0x20 != 0 {
            forms.push((2, "indefinite length"));
            forms.push((4, "indefinite length without end-of-contents"));
            // This node and every constructed one inside it indefinite.
            let mut c = cert.clone();
            set_form_throughout(node_mut(&mut c, p), 2);
            push(
                out,
                format!("cert indefinite throughout at {at}"),
                with_cert(&c),
            );
        } else if matches!(here.tag, 0x03 | 0x04 | 0x0C | 0x13 | 0x16 | 0x17 | 0x18) {
            forms.push((3, "constructed string"));
            forms.push((6, "constructed string of indefinite length"));
            forms.push((
                7,
                "constructed string with end-of-contents in a definite length",
            ));
        }
        for (form, what) in forms {
            let mut c = cert.clone();
            node_mut(&mut c, p).form = form;
            push(out, format!("cert {what} at {at}"), with_cert(&c));
        }
        if matches!(here.tag, 0x17 | 0x18) {
            let utc = here.tag == 0x17;
            let spellings: &[&[u8]] = if utc {
                &[
                    b"261203144441+0100",
                    b"2612031444Z",
                    b"261203144441.5Z",
                    b"261203144441z",
                    b"261203144441",
                    b"991231235960Z",
                ]
            } else {
                &[
                    b"21261109144441+0100",
                    b"21261109144441.5Z",
                    b"212611091444Z",
                    b"21261109144441",
                    b"20500101000000Z",
                ]
            };
            for s in spellings {
                let mut c = cert.clone();
                node_mut(&mut c, p).content = s.to_vec();
                let text = String::from_utf8_lossy(s);
                push(out, format!("cert time {text} at {at}"), with_cert(&c));
            }
        }
    }
    // The version: absent (v1 with extensions), 0, 1, 2, 3 explicit.
    if let Some(v) = cert.children.first().and_then(|t| t.children.first()) {
        if v.tag == 0xA0 {
            for version in [0u64, 1, 2, 3] {
                let mut c = cert.clone();
                node_mut(&mut c, &[0, 0]).children = vec![parse_node(&uint(version))
                    .map(|x| x.0)
                    .unwrap_or_else(|| v.clone())];
                push(out, format!("cert version {version}"), with_cert(&c));
            }
            // No version at all (v1) with extensions present.
            let mut c = cert.clone();
            node_mut(&mut c, &[0]).children.remove(0);
            push(out, "cert version absent", with_cert(&c));
            field_mutants(out, cert, with_cert);
        }
    }
}

/// `form` on `n` and every constructed node inside it.
fn set_form_throughout(n: &mut Node, form: u8) {
    if n.tag & 0x20 != 0 {
        n.form = form;
        n.children
            .iter_mut()
            .for_each(|c| set_form_throughout(c, form));
    }
}

fn prim(tag: u8, content: &[u8]) -> Node {
    Node {
        tag,
        content: content.to_vec(),
        children: Vec::new(),
        form: 0,
    }
}

/// Field-level certificate variants for a v3 certificate whose
/// tbsCertificate is `[0] version, serial, signature, issuer, validity,
/// subject, spki, [3] extensions`: serial numbers, name strings, extensions,
/// BIT STRING padding, time types.
fn field_mutants(out: &mut Vec<Mutant>, cert: &Node, with_cert: &dyn Fn(&Node) -> Vec<u8>) {
    let tbs = &cert.children[0];
    if tbs.children.len() < 8 {
        return;
    }
    let mut one = |name: &str, edit: &dyn Fn(&mut Node)| {
        let mut c = cert.clone();
        edit(&mut c);
        push(out, format!("cert field {name}"), with_cert(&c));
    };
    // Serial number [0, 1].
    for (what, bytes) in [
        ("serial 0", &[0x00][..]),
        ("serial -1", &[0xFF][..]),
        ("serial -128", &[0x80][..]),
        ("serial non-minimal 00 03", &[0x00, 0x03][..]),
        ("serial 20 bytes", &[0x01; 20][..]),
        ("serial 21 bytes", &[0x01; 21][..]),
        ("serial empty", &[][..]),
    ] {
        one(what, &|c| node_mut(c, &[0, 1]).content = bytes.to_vec());
    }
    // The subject's string value [0, 5, 0 (RDN SET), 0 (ATV), 1 (value)].
    for (what, tag, bytes) in [
        ("subject UTF8String invalid UTF-8", 0x0C, &b"ab\xffcd"[..]),
        ("subject PrintableString with '*'", 0x13, &b"a*b"[..]),
        ("subject PrintableString with '@'", 0x13, &b"a@b"[..]),
        ("subject IA5String with 0x80", 0x16, &b"a\x80b"[..]),
        ("subject BMPString odd length", 0x1E, &b"\x00a\x00"[..]),
        ("subject BMPString", 0x1E, &b"\x00a\x00b"[..]),
        (
            "subject UniversalString",
            0x1C,
            &b"\x00\x00\x00a\x00\x00\x00b"[..],
        ),
        (
            "subject UniversalString of 6 bytes",
            0x1C,
            &b"\x00\x00\x00a\x00\x00"[..],
        ),
        ("subject T61String", 0x14, &b"abc"[..]),
        ("subject GeneralString", 0x1B, &b"abc"[..]),
        ("subject empty UTF8String", 0x0C, &b""[..]),
        ("subject INTEGER value", 0x02, &b"\x01"[..]),
    ] {
        one(what, &|c| *node_mut(c, &[0, 5, 0, 0, 1]) = prim(tag, bytes));
    }
    one("subject RDN SET empty", &|c| {
        node_mut(c, &[0, 5, 0]).children.clear()
    });
    one("subject Name empty", &|c| {
        node_mut(c, &[0, 5]).children.clear()
    });
    // Extensions [0, 7]: the list empty, the first one twice, critical FALSE
    // written out, critical TRUE.
    one("extensions [3] with an empty list", &|c| {
        node_mut(c, &[0, 7, 0]).children.clear()
    });
    one("extensions: the first one twice", &|c| {
        let first = node_mut(c, &[0, 7, 0, 0]).clone();
        node_mut(c, &[0, 7, 0]).children.insert(0, first);
    });
    one("extension critical FALSE explicit", &|c| {
        let ext = node_mut(c, &[0, 7, 0, 0]);
        if ext.children.len() == 2 {
            ext.children.insert(1, prim(0x01, &[0x00]));
        }
    });
    one("extension critical 0x01", &|c| {
        let ext = node_mut(c, &[0, 7, 0, 0]);
        if ext.children.len() == 2 {
            ext.children.insert(1, prim(0x01, &[0x01]));
        } else if ext.children.len() == 3 {
            ext.children[1] = prim(0x01, &[0x01]);
        }
    });
    one("extension value not DER inside (SKI as NULL)", &|c| {
        let last = node_mut(c, &[0, 7, 0]).children.len() - 1;
        let ext = node_mut(c, &[0, 7, 0, last]);
        let n = ext.children.len() - 1;
        ext.children[n] = prim(0x04, &[0x05, 0x00]);
    });
    // The signature BIT STRING [2]: unused-bits byte 7, and 8.
    for (what, unused) in [
        ("signature BIT STRING 7 unused bits", 7u8),
        ("signature BIT STRING 8 unused bits", 8),
    ] {
        one(what, &|c| {
            let sig = node_mut(c, &[2]);
            if let Some(b) = sig.content.first_mut() {
                *b = unused;
            }
        });
    }
    // signatureAlgorithm with NULL parameters added (ECDSA has none).
    one("signature algorithm with NULL parameters", &|c| {
        node_mut(c, &[1]).children.push(prim(0x05, &[]))
    });
    // A constructed parameter in indefinite form with an indefinite element
    // inside: ASN1_ANY keeps a SEQUENCE whole, and asn1_find_end counts the
    // nested end-of-contents to find where it stops.
    one(
        "signature algorithm with a nested indefinite SEQUENCE parameter",
        &|c| {
            let nested = Node {
                tag: 0x30,
                content: Vec::new(),
                children: vec![prim(0x05, &[])],
                form: 2,
            };
            let alg = node_mut(c, &[1]);
            alg.children.truncate(1);
            alg.children.push(Node {
                tag: 0x30,
                content: Vec::new(),
                children: vec![nested, prim(0x02, &[0x01])],
                form: 2,
            });
        },
    );
    // A parameter in the high-tag-number form, at the form's edges:
    // ASN1_ANY keeps a non-universal element whole (V_ASN1_OTHER) once its
    // header parses, and the header reader takes a tag number of at most
    // 29 bits, at least 31, in minimal base 128, within 64 bits as it reads.
    for (what, id) in [
        ("[APPLICATION 30] in high-tag form", &[0x5f, 0x1e][..]),
        // Universal tags past 30, up to and past V_ASN1_MAX_UNIVERSAL (255).
        ("[UNIVERSAL 31]", &[0x1f, 0x1f][..]),
        ("[UNIVERSAL 255]", &[0x1f, 0x81, 0x7f][..]),
        ("[UNIVERSAL 256]", &[0x1f, 0x82, 0x00][..]),
        ("[APPLICATION 31]", &[0x5f, 0x1f][..]),
        (
            "[APPLICATION 31] with a leading 80",
            &[0x5f, 0x80, 0x1f][..],
        ),
        ("[APPLICATION 128]", &[0x5f, 0x81, 0x00][..]),
        ("[APPLICATION 65536]", &[0x5f, 0x84, 0x80, 0x00][..]),
        (
            "[APPLICATION 2^29-1]",
            &[0x5f, 0x81, 0xff, 0xff, 0xff, 0x7f][..],
        ),
        (
            "[APPLICATION 2^29]",
            &[0x5f, 0x82, 0x80, 0x80, 0x80, 0x00][..],
        ),
        (
            "[APPLICATION 2^70], past 64 bits",
            &[
                0x5f, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00,
            ][..],
        ),
    ] {
        one(&format!("signature algorithm parameter {what}"), &|c| {
            let alg = node_mut(c, &[1]);
            alg.children.truncate(1);
            alg.children.push(Node {
                tag: 0,
                content: [id, &[0x01, b'x'][..]].concat(),
                children: Vec::new(),
                form: 5,
            });
        });
    }
    // A universal parameter is read by its own type (ASN1_ANY): asn1_ex_c2i's
    // content checks apply, each on both sides of its rule.
    for (what, tag, content) in [
        ("BMPString of 2 octets", 0x1E, &[0x00, 0x61][..]),
        ("BMPString of 3 octets", 0x1E, &[0x00, 0x61, 0x00][..]),
        ("UniversalString of 4 octets", 0x1C, &[0, 0, 0, 0x61][..]),
        (
            "UniversalString of 6 octets",
            0x1C,
            &[0, 0, 0, 0x61, 0, 0][..],
        ),
        ("NULL with a content octet", 0x05, &[0x00][..]),
        ("BOOLEAN of 2 octets", 0x01, &[0x00, 0xff][..]),
    ] {
        one(&format!("signature algorithm parameter {what}"), &|c| {
            let alg = node_mut(c, &[1]);
            alg.children.truncate(1);
            alg.children.push(prim(tag, content));
        });
    }
    // Validity as GeneralizedTime for a year < 2050 (DER wants UTCTime), and
    // as UTCTime for 2126 is impossible: both ways.
    one("notBefore as GeneralizedTime 2026", &|c| {
        *node_mut(c, &[0, 4, 0]) = prim(0x18, b"20261203144441Z");
    });
    one("notAfter as UTCTime", &|c| {
        *node_mut(c, &[0, 4, 1]) = prim(0x17, b"261109144441Z");
    });
    // Outer signature algorithm different from the inner one.
    one("outer signature algorithm sha384", &|c| {
        *node_mut(c, &[1]) = Node {
            tag: 0x30,
            content: Vec::new(),
            children: vec![prim(
                0x06,
                &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03],
            )],
            form: 0,
        };
    });
    // The public key: an unknown algorithm OID, and a truncated key.
    one("spki unknown algorithm", &|c| {
        *node_mut(c, &[0, 6, 0]) = Node {
            tag: 0x30,
            content: Vec::new(),
            children: vec![prim(0x06, &[0x2A, 0x03, 0x04])],
            form: 0,
        };
    });
    one("spki key truncated", &|c| {
        let key = node_mut(c, &[0, 6, 1]);
        let n = key.content.len() / 2;
        key.content.truncate(n);
    });
}
