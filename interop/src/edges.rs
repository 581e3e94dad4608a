//! Constructed sessions aimed at where OpenSSL versions differ, shared by
//! the per-version tests (`tests/oracle_edges.rs`, `tests/cross_version.rs`).

/// A DER TLV with a one-byte tag and a minimal definite length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A DER INTEGER: minimal two's complement.
pub fn int(v: i128) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < bytes.len() - 1 {
        let (b, next) = (bytes[start], bytes[start + 1]);
        if (b == 0 && next & 0x80 == 0) || (b == 0xFF && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    tlv(0x02, &bytes[start..])
}

/// The fields every constructed session has: version 1, TLS 1.2,
/// ECDHE-RSA-AES128-GCM-SHA256, a 32-byte session id, a 48-byte master key.
pub fn head(cipher: [u8; 2], session_id_len: usize, master_key_len: usize) -> Vec<u8> {
    let mut body = int(1);
    body.extend(int(0x0303));
    body.extend(tlv(0x04, &cipher));
    body.extend(tlv(0x04, &vec![0x11; session_id_len]));
    body.extend(tlv(0x04, &vec![0x22; master_key_len]));
    body
}

/// A session with `[1]` time 1700000000, `[2]` timeout 7200 and `extra` after them.
pub fn session(extra: &[u8]) -> Vec<u8> {
    let mut body = head([0xC0, 0x2F], 32, 48);
    body.extend(tlv(0xA1, &int(1_700_000_000)));
    body.extend(tlv(0xA2, &int(7200)));
    body.extend_from_slice(extra);
    tlv(0x30, &body)
}

/// The edge values of `[1]` time and `[2]` timeout.
pub const EDGES: [Option<i64>; 10] = [
    None,
    Some(0),
    Some(1),
    Some(-1),
    Some(1 << 31),
    Some(18_000_000_000),
    Some(1 << 62),
    Some(i64::MAX),
    Some(i64::MIN),
    Some(-(1 << 40)),
];

/// A session with the given `[1]` time and `[2]` timeout (absent for `None`).
pub fn time_edge_session(time: Option<i64>, timeout: Option<i64>) -> Vec<u8> {
    let mut body = head([0xC0, 0x2F], 32, 48);
    if let Some(t) = time {
        body.extend(tlv(0xA1, &int(i128::from(t))));
    }
    if let Some(t) = timeout {
        body.extend(tlv(0xA2, &int(i128::from(t))));
    }
    tlv(0x30, &body)
}
