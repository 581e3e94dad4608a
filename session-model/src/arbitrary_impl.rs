//! `arbitrary::Arbitrary` for owned sessions: any value the model can hold
//! within OpenSSL's limits, with a protocol version and cipher OpenSSL accepts.

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::cipher::CipherSuite;
use crate::limits::{MAX_MASTER_KEY_LEN, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN};
use crate::protocol::ProtocolVersion;
use crate::session::{Origin, OwnedSession, Session};

fn bytes_up_to(u: &mut Unstructured<'_>, max: usize) -> Result<Vec<u8>> {
    let len = u.int_in_range(0..=max)?;
    Ok(u.bytes(len)?.to_vec())
}

fn opt_bytes(u: &mut Unstructured<'_>) -> Result<Option<Vec<u8>>> {
    if u.arbitrary()? {
        Ok(Some(bytes_up_to(u, 300)?))
    } else {
        Ok(None)
    }
}

/// An opaque DER SEQUENCE (certificate, SubjectPublicKeyInfo): the decoders
/// check that these fields hold one, not what is inside.
fn opt_sequence(u: &mut Unstructured<'_>) -> Result<Option<Vec<u8>>> {
    if !u.arbitrary()? {
        return Ok(None);
    }
    let body = bytes_up_to(u, 200)?;
    let mut der = vec![0x30];
    match u8::try_from(body.len()) {
        Ok(n) if n < 0x80 => der.push(n),
        Ok(n) => der.extend_from_slice(&[0x81, n]),
        Err(_) => return Ok(None),
    }
    der.extend_from_slice(&body);
    Ok(Some(der))
}

impl<'a> Arbitrary<'a> for Session<Vec<u8>> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let version = match u.int_in_range(0u8..=3)? {
            0 => ProtocolVersion(0x0300 | u16::from(u.arbitrary::<u8>()?)),
            1 => ProtocolVersion(0xFE00 | u16::from(u.arbitrary::<u8>()?)),
            2 => ProtocolVersion::DTLS1_BAD,
            _ => *u.choose(&[ProtocolVersion::TLS1_2, ProtocolVersion::TLS1_3])?,
        };
        let ciphers: Vec<u16> = CipherSuite::all_known().map(|c| c.code).collect();
        let cipher = CipherSuite(*u.choose(&ciphers)?);
        let mut s: OwnedSession = if u.arbitrary()? {
            Session::new(version, cipher)
        } else {
            Session::bare(version, cipher)
        };
        let _ = s.set_session_id(bytes_up_to(u, MAX_SESSION_ID_LEN)?);
        let _ = s.set_master_key(bytes_up_to(u, MAX_MASTER_KEY_LEN)?);
        s.set_key_arg(opt_bytes(u)?);
        s.set_time(u.arbitrary()?);
        s.set_timeout(u.arbitrary()?);
        // Certificates are opaque to the model; decoders that check X.509 syntax
        // must be told not to when they read these back.
        s.set_peer_certificate(opt_sequence(u)?);
        let ctx = if u.arbitrary()? {
            Some(bytes_up_to(u, MAX_SID_CTX_LEN)?)
        } else {
            None
        };
        let _ = s.set_sid_ctx(ctx);
        s.set_verify_result(u.arbitrary()?);
        s.set_hostname(opt_bytes(u)?);
        s.set_psk_identity_hint(opt_bytes(u)?);
        s.set_psk_identity(opt_bytes(u)?);
        s.set_ticket_lifetime_hint(u.arbitrary()?);
        s.set_ticket(opt_bytes(u)?);
        s.set_compression_id(u.arbitrary()?);
        s.set_srp_username(opt_bytes(u)?);
        s.set_flags(u.arbitrary()?);
        s.set_ticket_age_add(u.arbitrary()?);
        s.set_max_early_data(u.arbitrary()?);
        s.set_alpn_selected(opt_bytes(u)?);
        s.set_max_fragment_len_mode(u.arbitrary()?);
        s.set_ticket_appdata(opt_bytes(u)?);
        s.set_kex_group(u.arbitrary()?);
        s.set_peer_rpk(opt_sequence(u)?);
        s.set_origin(*u.choose(&[Origin::Decoded, Origin::Built])?);
        Ok(s)
    }
}
