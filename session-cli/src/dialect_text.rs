//! `show`'s text for every dialect: OpenSSL's `SSL_SESSION_print` as it is
//! for OpenSSL sessions; for BoringSSL, AWS-LC and LibreSSL sessions a first
//! line naming the library, OpenSSL's layout for the fields they share, then
//! one line per field of their own that the session holds.

use session_der::session_model::{ByteStorage, Session};
use session_der::{Dialect, OpenSslVersion};
use session_text::{self as text, Completion, Redaction};

/// The text of `s` (see the module doc) and where OpenSSL's part stopped.
pub fn session_print<B: ByteStorage>(
    s: &Session<B>,
    version: OpenSslVersion,
    now: i64,
    redaction: Redaction,
) -> (Vec<u8>, Completion) {
    let (printed, completion) = text::session_print(s, version, now, redaction);
    let dialect = s.dialect();
    if dialect == Dialect::OpenSsl {
        return (printed, completion);
    }
    let mut out = format!("Dialect: {}\n", dialect.library()).into_bytes();
    for line in printed.split_inclusive(|&b| b == b'\n') {
        if lacks(dialect, line) {
            continue;
        }
        match line.strip_prefix(b"    Resumption PSK: ".as_slice()) {
            // LibreSSL's own SSL_SESSION_print (ssl_txt.c) calls the key
            // "Master-Key" in TLS 1.3 too; its TLS 1.3 sessions resume nothing.
            Some(key) if dialect == Dialect::LibreSsl => {
                out.extend_from_slice(b"    Master-Key: ");
                out.extend_from_slice(key);
            }
            _ => out.extend_from_slice(line),
        }
    }
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    for line in own_lines(s, dialect) {
        out.extend_from_slice(format!("    {line}\n").as_bytes());
    }
    (out, completion)
}

/// Whether `line` of OpenSSL's text is about a field `dialect` does not
/// have, which OpenSSL would print as absent ("None", "no", 0). BoringSSL
/// and AWS-LC have no `[7]` PSK identity hint or `[12]` SRP user name
/// (`ssl_asn1.cc`); LibreSSL has neither, nor `[8]` PSK identity, an
/// extended-master-secret flag or max early data (`ssl_asn1.c`: `[1]`–`[6]`,
/// `[9]`, `[10]` only; its own `SSL_SESSION_print` stops at the verify code).
fn lacks(dialect: Dialect, line: &[u8]) -> bool {
    let everywhere: &[&[u8]] = &[b"    PSK identity hint: None", b"    SRP username: None"];
    let libressl: &[&[u8]] = &[
        b"    PSK identity: None",
        b"    Extended master secret: no",
        b"    Max Early Data: 0",
    ];
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    everywhere.contains(&line) || (dialect == Dialect::LibreSsl && libressl.contains(&line))
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn byte_count(n: usize) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

/// A protocol name as text when it is printable ASCII, else hex.
fn protocol_name(bytes: &[u8]) -> String {
    if !bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_graphic()) {
        format!("\"{}\"", String::from_utf8_lossy(bytes))
    } else {
        format!("{} (hex)", upper_hex(bytes))
    }
}

/// BoringSSL's names of its groups (`ssl_key_share.cc`, `kNamedGroups`).
fn group_name(id: u32) -> Option<&'static str> {
    Some(match id {
        23 => "P-256",
        24 => "P-384",
        25 => "P-521",
        29 => "X25519",
        0x11ec => "X25519MLKEM768",
        0x0202 => "MLKEM1024",
        _ => return None,
    })
}

/// BoringSSL's names of signature schemes (`ssl_privkey.cc`,
/// `kSignatureAlgorithmNames`).
fn signature_algorithm_name(id: u16) -> Option<&'static str> {
    Some(match id {
        0xff01 => "rsa_pkcs1_md5_sha1",
        0x0201 => "rsa_pkcs1_sha1",
        0x0401 => "rsa_pkcs1_sha256",
        0x0420 => "rsa_pkcs1_sha256_legacy",
        0x0501 => "rsa_pkcs1_sha384",
        0x0601 => "rsa_pkcs1_sha512",
        0x0203 => "ecdsa_sha1",
        0x0403 => "ecdsa_secp256r1_sha256",
        0x0503 => "ecdsa_secp384r1_sha384",
        0x0603 => "ecdsa_secp521r1_sha512",
        0x0804 => "rsa_pss_rsae_sha256",
        0x0805 => "rsa_pss_rsae_sha384",
        0x0806 => "rsa_pss_rsae_sha512",
        0x0807 => "ed25519",
        0x0904 => "mldsa44",
        0x0905 => "mldsa65",
        0x0906 => "mldsa87",
        _ => return None,
    })
}

/// The number of DER elements in `bytes` (the certificates of `[19]`, one
/// after the other), or `None` if they do not end exactly at its end.
fn count_elements(mut bytes: &[u8]) -> Option<usize> {
    let mut n = 0;
    while !bytes.is_empty() {
        // One identifier octet (a certificate's is 0x30), then the length.
        let (_, rest) = bytes.split_first()?;
        let (&len0, rest) = rest.split_first()?;
        let (len, rest) = if len0 < 0x80 {
            (usize::from(len0), rest)
        } else {
            let k = usize::from(len0 & 0x7f);
            if k == 0 || k > std::mem::size_of::<usize>() || rest.len() < k {
                return None;
            }
            let len = rest[..k]
                .iter()
                .fold(0usize, |a, &b| (a << 8) | usize::from(b));
            (len, &rest[k..])
        };
        bytes = rest.get(len..)?;
        n += 1;
    }
    Some(n)
}

/// One line per field of the dialect's own (or one OpenSSL's text leaves out)
/// that the session holds, in the order of the library's tags.
fn own_lines<B: ByteStorage>(s: &Session<B>, dialect: Dialect) -> Vec<String> {
    let mut lines = Vec::new();
    if dialect == Dialect::LibreSsl {
        // `[6]`, which OpenSSL's text leaves out too; LibreSSL reads it as a
        // C string, like OpenSSL.
        if let Some(h) = s.effective_hostname() {
            lines.push(format!("SNI host name: {}", String::from_utf8_lossy(h)));
        }
        return lines;
    }
    if let Some(v) = s.peer_sha256() {
        lines.push(format!("Peer SHA-256: {}", upper_hex(v)));
    }
    if let Some(v) = s.original_handshake_hash() {
        lines.push(format!("Original handshake hash: {}", upper_hex(v)));
    }
    if let Some(v) = s.signed_cert_timestamp_list() {
        lines.push(format!(
            "Signed certificate timestamps: {}",
            byte_count(v.len())
        ));
    }
    if let Some(v) = s.ocsp_response() {
        lines.push(format!("OCSP response: {}", byte_count(v.len())));
    }
    if let Some(g) = s.kex_group() {
        lines.push(match group_name(g) {
            Some(name) => format!("Group: {name} ({g})"),
            None => format!("Group: {g}"),
        });
    }
    if let Some(v) = s.cert_chain() {
        lines.push(match count_elements(v) {
            Some(1) => "Peer certificate chain: 1 certificate after the leaf".to_string(),
            Some(n) => format!("Peer certificate chain: {n} certificates after the leaf"),
            None => format!("Peer certificate chain: {}", byte_count(v.len())),
        });
    }
    if let Some(v) = s.ticket_age_add() {
        lines.push(format!("Ticket age add: {v}"));
    }
    // `[22]` isServer is DEFAULT TRUE: absent means a server's session.
    lines.push(format!(
        "Is server: {}",
        yes_no(s.is_server().unwrap_or(true))
    ));
    if let Some(v) = s.peer_signature_algorithm() {
        lines.push(match signature_algorithm_name(v) {
            Some(name) => format!("Peer signature algorithm: {name} (0x{v:04X})"),
            None => format!("Peer signature algorithm: 0x{v:04X}"),
        });
    }
    if let Some(v) = s.auth_timeout() {
        lines.push(format!("Auth timeout: {v} (sec)"));
    }
    if let Some(v) = s.alpn_selected() {
        lines.push(format!("Early ALPN: {}", protocol_name(v)));
    }
    if let Some(v) = s.is_quic() {
        lines.push(format!("QUIC: {}", yes_no(v)));
    }
    if let Some(v) = s.quic_early_data_context() {
        lines.push(format!("QUIC early data context: {}", byte_count(v.len())));
    }
    if let Some(v) = s.local_alps() {
        lines.push(format!("Local ALPS: {}", byte_count(v.len())));
    }
    if let Some(v) = s.peer_alps() {
        lines.push(format!("Peer ALPS: {}", byte_count(v.len())));
    }
    if let Some(v) = s.resumable_across_names() {
        lines.push(format!("Resumable across names: {}", yes_no(v)));
    }
    if let Some(v) = s.peer_cert_type() {
        // RFC 7250's certificate types, as BoringSSL's `TLSEXT_cert_type_*`.
        let name = match v {
            0 => " (X.509)",
            2 => " (raw public key)",
            _ => "",
        };
        lines.push(format!("Peer certificate type: {v}{name}"));
    }
    if let Some(v) = s.peer_rpk() {
        lines.push(format!("Peer raw public key: {}", byte_count(v.len())));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_counted() {
        assert_eq!(count_elements(&[]), Some(0));
        assert_eq!(count_elements(&[0x30, 0x00, 0x30, 0x01, 0x05]), Some(2));
        let long = [&[0x30, 0x81, 0x80][..], &[0u8; 0x80]].concat();
        assert_eq!(count_elements(&long), Some(1));
        assert_eq!(count_elements(&[0x30, 0x02, 0x00]), None);
        assert_eq!(count_elements(&[0x30]), None);
    }
}
