//! OpenSSL's text forms of a session, for each version: `SSL_SESSION_print`
//! (`ssl/ssl_txt.c`), `SSL_SESSION_print_keylog` and `BIO_dump_indent`
//! (`crypto/bio/bio_dump.c`).
//!
//! `ssl_txt.c` prints the same lines in 1.1.1w, 3.0, 3.5.5, 3.6.3 and 4.0.3;
//! what differs is what it prints: the start time and timeout as the
//! version holds them (`time_t` up to 3.0, `OSSL_TIME` from 3.2, whose zero
//! test is on nanosecond ticks) and `X509_verify_cert_error_string`'s texts.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use session_model::{ByteStorage, OpenSslVersion, Session};

use crate::dump;
use crate::verify_strings::{UNKNOWN_VERIFY_ERROR, VERIFY_STRINGS};
use crate::verify_strings_versions::VERSION_DIFFERENCES;

/// The outcome of printing: OpenSSL's `SSL_SESSION_print` gives up half-way
/// for two inputs, and `openssl sess_id` prints what it had (and exits 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// Everything was printed.
    Complete,
    /// Stopped after `    TLS session ticket:\n`: the ticket is present but
    /// empty, and `BIO_dump_indent` returns 0 for zero bytes, which
    /// `SSL_SESSION_print` treats as a failure.
    EmptyTicket,
    /// Stopped after the label of a PSK identity, PSK identity hint or SRP
    /// user name that is present but empty (after OpenSSL's cut at the first
    /// NUL): `BIO_printf(bp, "%s", "")` returns 0, again taken as a failure.
    EmptyString(&'static str),
}

/// What to hide when printing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Redaction {
    /// Mask the master key / resumption PSK, the ticket and the PSK identities.
    pub enabled: bool,
}

/// `X509_verify_cert_error_string` of OpenSSL `version`: 3.0.19's table
/// with that version's differences (1.1.1w writes "self signed certificate"
/// and lacks the codes from 76 on but 79; 3.5 adds 95, 3.6 rewords 9 and adds
/// the OCSP codes, ...; `tools/gen_verify_string_versions.py`).
///
/// Every version switches on `(int)n`, so only the low 32 bits of the code
/// count.
pub fn verify_error_string(version: OpenSslVersion, code: i64) -> &'static str {
    // `switch ((int)n)`: the truncation is OpenSSL's.
    #[allow(clippy::cast_possible_truncation)]
    let code = i64::from(code as i32);
    let difference = VERSION_DIFFERENCES
        .iter()
        .find(|&&(v, c, _)| v == version && c == code);
    if let Some(&(_, _, text)) = difference {
        return text.unwrap_or(UNKNOWN_VERIFY_ERROR);
    }
    VERIFY_STRINGS
        .binary_search_by_key(&code, |&(c, _)| c)
        .ok()
        .and_then(|i| VERIFY_STRINGS.get(i))
        .map_or(UNKNOWN_VERIFY_ERROR, |&(_, s)| s)
}

/// Uppercase hex of every byte, no separator (`%02X` in a loop).
fn push_upper_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    bytes.iter().for_each(|&b| dump::push_hex_upper(out, b));
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

fn push_redacted(out: &mut Vec<u8>, len: usize) {
    push_str(out, &format!("<redacted, {len} bytes>"));
}

/// `SSL_SESSION_print` of OpenSSL `version` on the session that version's
/// `d2i_SSL_SESSION` would build from `s`, with `now` standing for OpenSSL's
/// clock (an absent or zero time reads as "now"). Returns the bytes (PSK
/// identities and the SRP user name are printed raw, as OpenSSL's `%s` does)
/// and whether OpenSSL would have stopped early.
///
/// The start time and timeout are what the version's getters report
/// ([`Session::openssl_times`]): a timeout of -1 prints as `-1` in 3.0 and as
/// `18446744072` in 3.5 (`OSSL_TIME` wraps).
///
/// ```
/// use session_model::{CipherSuite, OpenSslVersion, OwnedSession, ProtocolVersion, Session};
/// use session_text::{session_print, Completion, Redaction};
///
/// let mut s: OwnedSession = Session::new(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));
/// s.set_session_id(vec![0xAB; 4])?;
/// s.set_sid_ctx(Some(b"app".to_vec()))?;
/// s.set_master_key(vec![0x11; 8])?;
/// s.set_time(Some(1_700_000_000));
/// s.set_timeout(Some(7200));
/// let (text, completion) = session_print(&s, OpenSslVersion::V3_5, 0, Redaction::default());
/// assert_eq!(completion, Completion::Complete);
/// // `openssl sess_id -text -noout` (OpenSSL 3.5.5) on this session's DER:
/// let expected = "SSL-Session:
///     Protocol  : TLSv1.2
///     Cipher    : ECDHE-RSA-AES128-GCM-SHA256
///     Session-ID: ABABABAB
///     Session-ID-ctx: 617070
///     Master-Key: 1111111111111111
///     PSK identity: None
///     PSK identity hint: None
///     SRP username: None
///     Start Time: 1700000000
///     Timeout   : 7200 (sec)
///     Verify return code: 0 (ok)
///     Extended master secret: no
/// ";
/// assert_eq!(String::from_utf8_lossy(&text), expected);
/// # Ok::<(), session_model::LimitError>(())
/// ```
pub fn session_print<B: ByteStorage>(
    s: &Session<B>,
    version: OpenSslVersion,
    now: i64,
    redaction: Redaction,
) -> (Vec<u8>, Completion) {
    let mut out = Vec::with_capacity(512);
    let completion = print_into(&mut out, s, version, now, redaction);
    (out, completion)
}

fn print_into<B: ByteStorage>(
    out: &mut Vec<u8>,
    s: &Session<B>,
    version: OpenSslVersion,
    now: i64,
    redaction: Redaction,
) -> Completion {
    let tls13 = s.protocol_version().is_tls13();
    push_str(out, "SSL-Session:\n");
    push_str(
        out,
        &format!("    Protocol  : {}\n", s.protocol_version().openssl_name()),
    );
    // After d2i the cipher is always one the version knows, named as its
    // table names it (1.1.1 calls 0xFF85 "GOST2012-GOST8912-GOST8912", later
    // versions "LEGACY-GOST2012-GOST8912-GOST8912"). A session it would not
    // have read (shown in strict mode) gets the newest name; the fallback is
    // `ssl_txt.c`'s `%04lX` of the id for a session built without one.
    let cipher = s.cipher();
    let name = cipher
        .info_in(version)
        .or_else(|| cipher.info())
        .map(|i| i.openssl_name);
    match name {
        Some(name) => push_str(out, &format!("    Cipher    : {name}\n")),
        None => push_str(out, &format!("    Cipher    : {:04X}\n", s.cipher().code())),
    }
    push_str(out, "    Session-ID: ");
    push_upper_hex(out, s.session_id());
    push_str(out, "\n    Session-ID-ctx: ");
    push_upper_hex(out, s.sid_ctx().unwrap_or_default());
    push_str(
        out,
        if tls13 {
            "\n    Resumption PSK: "
        } else {
            "\n    Master-Key: "
        },
    );
    let key = s.master_key().expose();
    if redaction.enabled {
        push_redacted(out, key.len());
    } else {
        push_upper_hex(out, key);
    }

    // OpenSSL holds these as C strings (cut at the first NUL) and prints "None"
    // for an absent one.
    let strings: [(&'static str, Option<&[u8]>, bool); 3] = [
        (
            "PSK identity",
            s.effective_psk_identity(),
            redaction.enabled,
        ),
        (
            "PSK identity hint",
            s.effective_psk_identity_hint(),
            redaction.enabled,
        ),
        ("SRP username", s.effective_srp_username(), false),
    ];
    for (label, value, redact) in strings {
        push_str(out, &format!("\n    {label}: "));
        match value {
            None => push_str(out, "None"),
            Some([]) => return Completion::EmptyString(label),
            Some(v) if redact => push_redacted(out, v.len()),
            Some(v) => out.extend_from_slice(v),
        }
    }

    // `unsigned long` printed with `%ld`.
    if let Some(hint) = s.ticket_lifetime_hint().filter(|&h| h != 0) {
        push_str(
            out,
            &format!(
                "\n    TLS session ticket lifetime hint: {} (seconds)",
                hint as i64
            ),
        );
    }
    if let Some(ticket) = s.ticket() {
        push_str(out, "\n    TLS session ticket:\n");
        if ticket.is_empty() {
            return Completion::EmptyTicket;
        }
        if redaction.enabled {
            push_str(out, "    ");
            push_redacted(out, ticket.len());
            out.push(b'\n');
        } else {
            dump::bio_dump(out, ticket, 4);
        }
    }
    // This OpenSSL build has no compression methods loaded, so
    // `ssl_cipher_get_evp` finds none and only the number is printed.
    if let Some(id) = s.compression_id().filter(|&c| c != 0) {
        push_str(out, &format!("\n    Compression: {id}"));
    }
    // `SSL_SESSION_get_time` / `SSL_SESSION_get_timeout`'s values, each
    // printed unless the version holds it as zero.
    let times = s.openssl_times(version, now);
    if !times.time_held_as_zero {
        push_str(out, &format!("\n    Start Time: {}", times.time));
    }
    if !times.timeout_held_as_zero {
        push_str(out, &format!("\n    Timeout   : {} (sec)", times.timeout));
    }
    push_str(out, "\n");
    let verify = i64::from(s.effective_verify_result());
    push_str(
        out,
        &format!(
            "    Verify return code: {verify} ({})\n",
            verify_error_string(version, verify)
        ),
    );
    push_str(
        out,
        &format!(
            "    Extended master secret: {}\n",
            if s.uses_extended_master_secret() {
                "yes"
            } else {
                "no"
            }
        ),
    );
    if tls13 {
        push_str(
            out,
            &format!("    Max Early Data: {}\n", s.max_early_data().unwrap_or(0)),
        );
    }
    Completion::Complete
}

/// Why no NSS keylog line can be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeylogError {
    /// The session id is empty (a TLS 1.3 or ticket-only session).
    EmptySessionId,
    /// The master key is empty.
    EmptyMasterKey,
}

impl std::fmt::Display for KeylogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeylogError::EmptySessionId => {
                "session id is empty, so no NSS keylog line can name the session \
                 (a ticket-only session; OpenSSL's SSL_SESSION_print_keylog fails too)"
            }
            KeylogError::EmptyMasterKey => {
                "master key is empty, so there is no secret to log \
                 (OpenSSL's SSL_SESSION_print_keylog fails too)"
            }
        })
    }
}

/// `SSL_SESSION_print_keylog`: `RSA Session-ID:<HEX> Master-Key:<HEX>\n`, the
/// NSS key log line Wireshark reads ("RSA" is part of the format whatever the
/// key exchange).
///
/// # Errors
/// An empty session id or master key, which OpenSSL refuses as well.
pub fn keylog_line<B: ByteStorage>(s: &Session<B>) -> Result<Vec<u8>, KeylogError> {
    if s.session_id().is_empty() {
        return Err(KeylogError::EmptySessionId);
    }
    let key = s.master_key().expose();
    if key.is_empty() {
        return Err(KeylogError::EmptyMasterKey);
    }
    let mut out = Vec::with_capacity(40 + 2 * (s.session_id().len() + key.len()));
    push_str(&mut out, "RSA Session-ID:");
    push_upper_hex(&mut out, s.session_id());
    push_str(&mut out, " Master-Key:");
    push_upper_hex(&mut out, key);
    out.push(b'\n');
    Ok(out)
}

/// A certificate as `PEM_write_bio_X509` writes it.
pub fn certificate_pem(der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 64);
    out.push_str("-----BEGIN CERTIFICATE-----\n");
    let mut rest = b64.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// What `sess_id -cert` prints when the session has no peer certificate.
pub const NO_CERTIFICATE: &str = "No certificate present\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dump_matches_format_md_example() {
        // FORMAT.md §10.1's example row from OpenSSL 3.0.19.
        let data = [
            0x1c, 0x14, 0x42, 0xfa, 0x1e, 0x3a, 0x4d, 0x0a, 0x83, 0x7e, 0x92, 0x61, 0x37, 0x0b,
            0x12, 0x45,
        ];
        let mut out = Vec::new();
        dump::bio_dump(&mut out, &data, 4);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "    0000 - 1c 14 42 fa 1e 3a 4d 0a-83 7e 92 61 37 0b 12 45   ..B..:M..~.a7..E\n"
        );
    }

    #[test]
    fn dump_pads_a_short_last_row() {
        let mut out = Vec::new();
        dump::bio_dump(&mut out, b"AB", 4);
        assert_eq!(
            String::from_utf8_lossy(&out),
            format!("    0000 - 41 42{}  AB\n", " ".repeat(3 * 14 + 1))
        );
    }

    #[test]
    fn verify_strings_of_openssl_3() {
        let v = OpenSslVersion::V3_0;
        assert_eq!(verify_error_string(v, 0), "ok");
        assert_eq!(verify_error_string(v, 18), "self-signed certificate");
        assert_eq!(verify_error_string(v, -5), UNKNOWN_VERIFY_ERROR);
        assert_eq!(verify_error_string(v, i64::MAX), UNKNOWN_VERIFY_ERROR);
    }
}
