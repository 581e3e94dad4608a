//! Certificate Transparency: the SCT list extensions (`i2r_SCT_LIST` →
//! `SCT_LIST_print`, `crypto/ct/ct_prn.c`, decoded by `d2i_SCT_LIST` /
//! `o2i_SCT_LIST` / `o2i_SCT`, `crypto/ct/ct_oct.c`) and the precertificate
//! poison (`i2s_poison`, `crypto/ct/ct_x509v3.c`).

use super::super::ber::{self, rejected, Decoded, Parser};
use super::super::time;
use super::super::Unsupported;
use super::Printed;
use super::{decoded, print_i2s};
use crate::dump::hex_string;
use crate::dump::indent;

/// `SCT_VERSION_V1`.
const VERSION_1: u8 = 0;
/// `CT_V1_HASHLEN`: a v1 log ID is a SHA-256 hash.
const LOG_ID_LENGTH: usize = 32;
/// `MAX_SCT_LIST_SIZE`.
const MAX_LIST_SIZE: usize = 65535;

/// One SCT as `o2i_SCT` leaves it.
enum Sct<'a> {
    /// Version 1, taken apart.
    V1 {
        log_id: &'a [u8],
        timestamp: u64,
        extensions: &'a [u8],
        signature_name: &'static str,
        signature: &'a [u8],
    },
    /// Any other version: the whole encoding, version octet included.
    Unknown(&'a [u8]),
}

/// Splits `n` bytes off the front of `bytes`.
fn split(bytes: &[u8], n: usize) -> Decoded<(&[u8], &[u8])> {
    if bytes.len() < n {
        return rejected();
    }
    Ok(bytes.split_at(n))
}

fn u16_at(bytes: &[u8]) -> Decoded<(usize, &[u8])> {
    let (head, rest) = split(bytes, 2)?;
    Ok((usize::from(u16::from_be_bytes([head[0], head[1]])), rest))
}

/// `SCT_get_signature_nid`'s long name: SHA-256 with ECDSA or RSA; any other
/// pair makes `o2i_SCT_signature` fail.
fn signature_name(hash: u8, signature: u8) -> Option<&'static str> {
    match (hash, signature) {
        (4, 3) => Some("ecdsa-with-SHA256"),
        (4, 1) => Some("sha256WithRSAEncryption"),
        _ => None,
    }
}

/// `o2i_SCT` of one list entry (never empty). Bytes after the signature are
/// ignored, as OpenSSL does.
fn sct(bytes: &[u8]) -> Decoded<Sct<'_>> {
    if bytes[0] != VERSION_1 {
        return Ok(Sct::Unknown(bytes));
    }
    if bytes.len() < 43 {
        return rejected();
    }
    let (log_id, rest) = bytes[1..].split_at(LOG_ID_LENGTH);
    let (timestamp, rest) = rest.split_at(8);
    let mut timestamp_bytes = [0; 8];
    timestamp_bytes.copy_from_slice(timestamp);
    let (extensions_length, rest) = u16_at(rest)?;
    let (extensions, rest) = split(rest, extensions_length)?;
    // o2i_SCT_signature: hash, signature algorithm, 2-byte length; an
    // encoding of four bytes or fewer is refused even with an empty signature.
    if rest.len() <= 4 {
        return rejected();
    }
    let Some(signature_name) = signature_name(rest[0], rest[1]) else {
        return rejected();
    };
    let (signature_length, rest) = u16_at(&rest[2..])?;
    let (signature, _ignored) = split(rest, signature_length)?;
    Ok(Sct::V1 {
        log_id,
        timestamp: u64::from_be_bytes(timestamp_bytes),
        extensions,
        signature_name,
        signature,
    })
}

/// `d2i_SCT_LIST`: an OCTET STRING holding a TLS-encoded list of SCTs
/// (`list`, its content).
fn sct_list(list: &[u8]) -> Decoded<Vec<Sct<'_>>> {
    if list.len() < 2 || list.len() > MAX_LIST_SIZE {
        return rejected();
    }
    let (length, mut rest) = u16_at(list)?;
    if length != list.len() - 2 {
        return rejected();
    }
    let mut scts = Vec::new();
    while !rest.is_empty() {
        let (length, after) = u16_at(rest)?;
        if length == 0 {
            return rejected();
        }
        let (bytes, after) = split(after, length)?;
        scts.push(sct(bytes)?);
        rest = after;
    }
    Ok(scts)
}

/// CT Precertificate SCTs / CT Certificate SCTs (`SCT_LIST_print` with a
/// newline between SCTs and no log store).
pub(super) fn print_sct_list(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let list = Parser::new(value)
        .expect(ber::OCTET_STRING)
        .and_then(|element| element.string());
    let Some(list) = decoded(list)? else {
        return Ok(Printed::Failed);
    };
    let Some(scts) = decoded(sct_list(&list))? else {
        return Ok(Printed::Failed);
    };
    for (i, sct) in scts.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        print_sct(out, sct, width);
    }
    Ok(Printed::Done)
}

/// `SCT_print`.
fn print_sct(out: &mut Vec<u8>, sct: &Sct<'_>, width: usize) {
    indent(out, width);
    out.extend_from_slice(b"Signed Certificate Timestamp:\n");
    indent(out, width + 4);
    out.extend_from_slice(b"Version   : ");
    let (log_id, timestamp, extensions, signature_name, signature) = match *sct {
        Sct::Unknown(bytes) => {
            out.extend_from_slice(b"unknown\n");
            indent(out, width + 16);
            hex_string(out, width + 16, 16, bytes);
            return;
        }
        Sct::V1 {
            log_id,
            timestamp,
            extensions,
            signature_name,
            signature,
        } => (log_id, timestamp, extensions, signature_name, signature),
    };
    out.extend_from_slice(b"v1 (0x0)\n");
    indent(out, width + 4);
    out.extend_from_slice(b"Log ID    : ");
    hex_string(out, width + 16, 16, log_id);
    out.push(b'\n');
    indent(out, width + 4);
    out.extend_from_slice(b"Timestamp : ");
    print_timestamp(out, timestamp);
    out.push(b'\n');
    indent(out, width + 4);
    out.extend_from_slice(b"Extensions: ");
    if extensions.is_empty() {
        out.extend_from_slice(b"none");
    } else {
        hex_string(out, width + 16, 16, extensions);
    }
    out.push(b'\n');
    indent(out, width + 4);
    out.extend_from_slice(b"Signature : ");
    out.extend_from_slice(signature_name.as_bytes());
    out.push(b'\n');
    indent(out, width + 16);
    hex_string(out, width + 16, 16, signature);
}

/// `timestamp_print`: the milliseconds since 1970 as a GeneralizedTime with
/// a three-digit fraction, printed by `ASN1_GENERALIZEDTIME_print`. The day
/// count goes through a C `int` and `OPENSSL_gmtime_adj` only knows years
/// 1900 to 9999; outside that nothing is printed.
fn print_timestamp(out: &mut Vec<u8>, timestamp: u64) {
    // `(int)(timestamp / 86400000)`: the low 32 bits, as two's complement.
    let low_bits = u32::try_from((timestamp / 86_400_000) & 0xFFFF_FFFF).unwrap_or(0);
    let days = i64::from(i32::from_ne_bytes(low_bits.to_ne_bytes()));
    let seconds = (timestamp % 86_400_000) / 1000;
    let Some((year, month, day)) = time::date_of_epoch_day(days) else {
        return;
    };
    let text = format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}.{:03}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        timestamp % 1000
    );
    time::print_time(out, text.as_bytes(), true);
}

/// CT Precertificate Poison: a NULL, printed as `NULL`.
pub(super) fn print_poison(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let read = Parser::new(value)
        .expect(ber::NULL)
        .and_then(|element| element.null());
    if decoded(read)?.is_none() {
        return Ok(Printed::Failed);
    }
    Ok(print_i2s(out, Some(b"NULL"), width))
}
