//! `arbitrary::Arbitrary` for owned sessions: any value the model can hold
//! within OpenSSL's limits, with a protocol version and cipher OpenSSL accepts.

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::cipher::CipherSuite;
use crate::limits::{MAX_MASTER_KEY_LEN, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN};
use crate::protocol::ProtocolVersion;
use crate::session::{Origin, OwnedSession, Session};
use crate::session_schema;

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

/// An opaque DER SEQUENCE (a certificate): the decoders check that the
/// field holds one, not what is inside.
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

/// A SubjectPublicKeyInfo every OpenSSL that reads `[20]` loads (the
/// decoders check that the key loads): an X25519, X448, Ed25519 or Ed448
/// key, any bytes of the right length.
fn opt_public_key(u: &mut Unstructured<'_>) -> Result<Option<Vec<u8>>> {
    if !u.arbitrary()? {
        return Ok(None);
    }
    // RFC 8410's OIDs 1.3.101.110 to 113 and key lengths.
    let (last_arc, len): (u8, u8) = *u.choose(&[(110, 32), (111, 56), (112, 32), (113, 57)])?;
    let mut der = vec![0x30, len + 10, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, last_arc];
    der.extend_from_slice(&[0x03, len + 1, 0x00]);
    for _ in 0..len {
        der.push(u.arbitrary()?);
    }
    Ok(Some(der))
}

/// Sets one optional field to an arbitrary value, by its type, ASN.1 type and limit.
macro_rules! arbitrary_field {
    ($s:ident.$set:ident, $u:ident, bytes, Certificate, none) => {
        $s.$set(opt_sequence($u)?)
    };
    ($s:ident.$set:ident, $u:ident, bytes, PublicKey, none) => {
        $s.$set(opt_public_key($u)?)
    };
    ($s:ident.$set:ident, $u:ident, bytes, $asn1:ident, none) => {
        $s.$set(opt_bytes($u)?)
    };
    ($s:ident.$set:ident, $u:ident, bytes, $asn1:ident, $limit:ident) => {
        // Within the limit, so the setter cannot fail.
        let _ = $s.$set(if $u.arbitrary()? {
            Some(bytes_up_to($u, $limit)?)
        } else {
            None
        });
    };
    ($s:ident.$set:ident, $u:ident, $int:ident, $asn1:ident, $limit:ident) => {
        $s.$set($u.arbitrary()?)
    };
}

/// Sets every optional field of the schema to an arbitrary value.
macro_rules! arbitrary_optional_fields {
    (
        $s:ident, $u:ident
        mandatory: $([$($mandatory:tt)*])*
        optional: $([$tag:literal, $v:ident, $name:ident, $set:ident, $ty:ident, $asn1:ident,
                     $limit:ident, $($rest:tt)*])*
        // OpenSSL has none of the other dialects' own fields.
        extended: $($extended:tt)*
    ) => {
        $( arbitrary_field!($s.$set, $u, $ty, $asn1, $limit); )*
    };
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
        session_schema!(arbitrary_optional_fields, s, u);
        s.set_origin(*u.choose(&[Origin::Decoded, Origin::Built])?);
        Ok(s)
    }
}
