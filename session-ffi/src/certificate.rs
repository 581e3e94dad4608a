//! The peer certificate as OpenSSL 3.0 writes it back.
//!
//! `d2i_X509` caches the encoding of the `TBSCertificate` only (`X509_CINF`
//! has `ASN1_SEQUENCE_enc`), so `i2d_X509` reproduces the TBS bytes exactly
//! as received — BER included — but re-encodes the outer `Certificate`
//! SEQUENCE, the `signatureAlgorithm` and the `signatureValue` in DER
//! (`crypto/x509/x_x509.c`, `x_algor.c`; FORMAT.md §3 rule 6). Inside the
//! algorithm, OpenSSL's `ASN1_TYPE` keeps a constructed parameter (a
//! SEQUENCE, e.g. RSA-PSS's) as its raw encoding and re-encodes a primitive
//! one. A certificate received in DER is unchanged.

/// One BER element: identifier octet, whether constructed, its content and
/// its whole encoding.
struct Element<'a> {
    tag: u8,
    constructed: bool,
    content: &'a [u8],
    whole: &'a [u8],
}

/// Reads one element with a single-octet tag and a definite length (the
/// only forms OpenSSL's certificate decoder leaves to re-encode here).
fn element(input: &[u8]) -> Option<(Element<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1F == 0x1F {
        return None;
    }
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || rest.len() < n {
            return None; // indefinite or truncated: keep the bytes as they are
        }
        let (octets, after) = rest.split_at(n);
        rest = after;
        octets.iter().try_fold(0usize, |acc, &b| {
            acc.checked_mul(256)?.checked_add(usize::from(b))
        })?
    };
    if rest.len() < len {
        return None;
    }
    let (content, after) = rest.split_at(len);
    let whole_len = input.len() - after.len();
    Some((
        Element {
            tag,
            constructed: tag & 0x20 != 0,
            content,
            whole: input.get(..whole_len)?,
        },
        after,
    ))
}

fn put_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let octets = bytes.get(skip..).unwrap_or(&[]);
        out.push(0x80 | u8::try_from(octets.len()).unwrap_or(0));
        out.extend_from_slice(octets);
    }
}

fn put(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    put_header(out, tag, content.len());
    out.extend_from_slice(content);
}

/// The certificate as OpenSSL's `i2d_X509` writes it after `d2i_X509`, or
/// `None` when its outer structure is not the plain three-element form
/// (then the bytes are kept as received).
pub(crate) fn as_openssl_writes(der: &[u8]) -> Option<Vec<u8>> {
    let (cert, rest) = element(der)?;
    if !rest.is_empty() || cert.tag != 0x30 {
        return None;
    }
    let (tbs, after_tbs) = element(cert.content)?;
    let (alg, after_alg) = element(after_tbs)?;
    let (sig, after_sig) = element(after_alg)?;
    if !after_sig.is_empty() || alg.tag != 0x30 || sig.constructed {
        return None;
    }
    let mut alg_content = Vec::with_capacity(alg.content.len());
    let mut inner = alg.content;
    while !inner.is_empty() {
        let (e, next) = element(inner)?;
        if e.constructed {
            alg_content.extend_from_slice(e.whole);
        } else {
            put(&mut alg_content, e.tag, e.content);
        }
        inner = next;
    }
    let mut body = Vec::with_capacity(cert.content.len());
    body.extend_from_slice(tbs.whole);
    put(&mut body, 0x30, &alg_content);
    put(&mut body, sig.tag, sig.content);
    let mut out = Vec::with_capacity(body.len() + 6);
    put(&mut out, 0x30, &body);
    Some(out)
}
