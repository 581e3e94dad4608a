//! The checks `d2i_SSL_SESSION` makes after the ASN.1 layer, in its order
//! (`ssl/ssl_asn1.c`), and the construction of the session. What differs
//! between OpenSSL versions here is a parameter: the cipher table and the
//! master key limit.

use session_model::{
    Asn1Type, ByteStorage, CipherSuite, Field, OpenSslVersion, ProtocolVersion, Session, SetError,
    FIELDS, MANDATORY_COUNT, MAX_MASTER_KEY_LEN, MAX_SESSION_ID_LEN,
};

use crate::error::{DecodeError, ErrorKind};

/// A value and the offset of the element it came from.
pub(crate) type At<T> = (T, usize);

/// Every element as read, before the session-level checks: OpenSSL's
/// `SSL_SESSION_ASN1` structure, one slot per row of the schema
/// ([`FIELDS`]), each with the offset of its element.
pub(crate) struct Parsed<B> {
    /// INTEGER elements, widened.
    pub ints: [Option<At<i128>>; FIELDS.len()],
    /// OCTET STRING elements and the peer certificate's encoding.
    pub bytes: [Option<At<B>>; FIELDS.len()],
}

impl<B> Default for Parsed<B> {
    fn default() -> Self {
        Parsed {
            ints: [None; FIELDS.len()],
            bytes: std::array::from_fn(|_| None),
        }
    }
}

impl<B> Parsed<B> {
    fn take_int(&mut self, field: Field) -> Option<At<i128>> {
        self.ints.get_mut(field.index()?)?.take()
    }

    fn take_bytes(&mut self, field: Field) -> Option<At<B>> {
        self.bytes.get_mut(field.index()?)?.take()
    }
}

fn required<T>(v: Option<At<T>>, field: Field, end: usize) -> Result<At<T>, DecodeError> {
    v.ok_or(DecodeError::new(ErrorKind::MissingField, field, end))
}

/// The structure version must be 1 (`SSL_R_UNKNOWN_SSL_VERSION` otherwise).
#[inline]
pub(crate) fn structure_version(version: i128, at: usize) -> Result<(), DecodeError> {
    if version == 1 {
        return Ok(());
    }
    let version = u64::try_from(version).unwrap_or(u64::MAX);
    Err(DecodeError::new(
        ErrorKind::UnknownStructureVersion { version },
        Field::Version,
        at,
    ))
}

/// `(ssl_version >> 8)` on an int must be 0x03 or 0xFE, or the version
/// `DTLS1_BAD_VER` (`SSL_R_UNSUPPORTED_SSL_VERSION` otherwise).
#[inline]
pub(crate) fn protocol_version(
    ssl_version: i128,
    at: usize,
) -> Result<ProtocolVersion, DecodeError> {
    let major = ssl_version >> 8;
    let accepted = major == 0x03 || major == 0xFE || ssl_version == 0x0100;
    match u16::try_from(ssl_version) {
        Ok(wire) if accepted => Ok(ProtocolVersion(wire)),
        _ => Err(DecodeError::new(
            ErrorKind::UnsupportedProtocolVersion {
                version: i64::try_from(ssl_version).unwrap_or(i64::MIN),
            },
            Field::ProtocolVersion,
            at,
        )),
    }
}

/// Two bytes (`SSL_R_CIPHER_CODE_WRONG_LENGTH`), in `version`'s table
/// (`ssl3_get_cipher_by_id`; a silent failure otherwise), or in any
/// version's for strict mode (`None`).
#[inline]
pub(crate) fn cipher(
    code: &[u8],
    at: usize,
    version: Option<OpenSslVersion>,
) -> Result<CipherSuite, DecodeError> {
    let &[hi, lo] = code else {
        return Err(DecodeError::new(
            ErrorKind::CipherWrongLength { len: code.len() },
            Field::Cipher,
            at,
        ));
    };
    let suite = CipherSuite(u16::from_be_bytes([hi, lo]));
    let known = match version {
        Some(version) => suite.is_known_to(version),
        None => suite.is_known(),
    };
    if known {
        Ok(suite)
    } else {
        Err(DecodeError::new(
            ErrorKind::UnknownCipher { code: suite.0 },
            Field::Cipher,
            at,
        ))
    }
}

/// Exactly one byte (`SSL_R_BAD_LENGTH`).
#[inline]
pub(crate) fn compression(id: &[u8], at: usize) -> Result<u8, DecodeError> {
    match id {
        &[id] => Ok(id),
        other => Err(DecodeError::new(
            ErrorKind::CompressionWrongLength { len: other.len() },
            Field::CompressionId,
            at,
        )),
    }
}

/// OpenSSL's silent length limits (session id, master key, sid_ctx).
#[inline]
pub(crate) fn at_most(field: Field, len: usize, max: usize, at: usize) -> Result<(), DecodeError> {
    if len > max {
        Err(DecodeError::new(ErrorKind::TooLong { len, max }, field, at))
    } else {
        Ok(())
    }
}

/// Applies `d2i_SSL_SESSION`'s checks, in its order, and builds the session.
///
/// OpenSSL checks the elements in the order of its structure, which is the
/// schema's row order: the mandatory ones, then `[4]`'s length, then `[11]`'s.
pub(crate) fn assemble<B: ByteStorage>(
    mut p: Parsed<B>,
    end: usize,
    openssl: Option<OpenSslVersion>,
) -> Result<Session<B>, DecodeError> {
    let (version, at) = required(p.take_int(Field::Version), Field::Version, end)?;
    structure_version(version, at)?;
    let (ssl_version, at) = required(
        p.take_int(Field::ProtocolVersion),
        Field::ProtocolVersion,
        end,
    )?;
    let protocol = protocol_version(ssl_version, at)?;
    let (code, at) = required(p.take_bytes(Field::Cipher), Field::Cipher, end)?;
    let suite = cipher(code.as_ref(), at, openssl)?;
    let (session_id, id_at) = required(p.take_bytes(Field::SessionId), Field::SessionId, end)?;
    let (master_key, key_at) = required(p.take_bytes(Field::MasterKey), Field::MasterKey, end)?;
    at_most(
        Field::SessionId,
        session_id.as_ref().len(),
        MAX_SESSION_ID_LEN,
        id_at,
    )?;
    at_most(
        Field::MasterKey,
        master_key.as_ref().len(),
        openssl.map_or(MAX_MASTER_KEY_LEN, OpenSslVersion::max_master_key_len),
        key_at,
    )?;
    let mut s = Session::bare(protocol, suite);
    s.set_session_id(session_id)
        .map_err(|e| DecodeError::limit(e, id_at))?;
    s.set_master_key(master_key)
        .map_err(|e| DecodeError::limit(e, key_at))?;
    for spec in &FIELDS[MANDATORY_COUNT..] {
        let field = spec.field;
        if let Some((n, at)) = p.take_int(field) {
            s.set_int(field, Some(n)).map_err(|e| set_error(e, at))?;
        }
        let Some((b, at)) = p.take_bytes(field) else {
            continue;
        };
        match spec.asn1 {
            Asn1Type::OneOctet => {
                let id = compression(b.as_ref(), at)?;
                s.set_int(field, Some(i128::from(id)))
            }
            _ => {
                if let Some(max) = spec.max_len {
                    at_most(field, b.as_ref().len(), max, at)?;
                }
                s.set_bytes(field, Some(b))
            }
        }
        .map_err(|e| set_error(e, at))?;
    }
    Ok(s)
}

/// A value the template reader let through but the model refuses; the
/// reader applies the same ranges and limits, so this does not happen.
#[cold]
fn set_error(e: SetError, at: usize) -> DecodeError {
    match e {
        SetError::Limit(l) => DecodeError::limit(l, at),
        SetError::OutOfRange { field, .. } | SetError::WrongKind { field } => {
            DecodeError::new(ErrorKind::IntegerTooLarge, field, at)
        }
        _ => DecodeError::new(ErrorKind::IntegerTooLarge, Field::Session, at),
    }
}
