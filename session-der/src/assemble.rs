//! The checks `d2i_SSL_SESSION` makes after the ASN.1 layer, in its order
//! (`ssl/ssl_asn1.c`, OpenSSL 3.0), and the construction of the session.

use session_model::{
    ByteStorage, CipherSuite, Field, ProtocolVersion, Session, MAX_MASTER_KEY_LEN,
    MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN,
};

use crate::error::{DecodeError, ErrorKind};

/// A value and the offset of the element it came from.
pub(crate) type At<T> = (T, usize);

/// Every element as read, before the session-level checks.
pub(crate) struct Parsed<B> {
    pub version: Option<At<i128>>,
    pub ssl_version: Option<At<i128>>,
    pub cipher: Option<At<B>>,
    pub session_id: Option<At<B>>,
    pub master_key: Option<At<B>>,
    pub key_arg: Option<B>,
    pub time: Option<i64>,
    pub timeout: Option<i64>,
    pub peer: Option<B>,
    pub sid_ctx: Option<At<B>>,
    pub verify_result: Option<i32>,
    pub hostname: Option<B>,
    pub psk_identity_hint: Option<B>,
    pub psk_identity: Option<B>,
    pub ticket_lifetime_hint: Option<u64>,
    pub ticket: Option<B>,
    pub compression: Option<At<B>>,
    pub srp_username: Option<B>,
    pub flags: Option<u64>,
    pub ticket_age_add: Option<u32>,
    pub max_early_data: Option<u32>,
    pub alpn_selected: Option<B>,
    pub max_fragment_len_mode: Option<u32>,
    pub ticket_appdata: Option<B>,
    pub kex_group: Option<u32>,
    pub peer_rpk: Option<B>,
}

impl<B> Default for Parsed<B> {
    fn default() -> Self {
        Parsed {
            version: None,
            ssl_version: None,
            cipher: None,
            session_id: None,
            master_key: None,
            key_arg: None,
            time: None,
            timeout: None,
            peer: None,
            sid_ctx: None,
            verify_result: None,
            hostname: None,
            psk_identity_hint: None,
            psk_identity: None,
            ticket_lifetime_hint: None,
            ticket: None,
            compression: None,
            srp_username: None,
            flags: None,
            ticket_age_add: None,
            max_early_data: None,
            alpn_selected: None,
            max_fragment_len_mode: None,
            ticket_appdata: None,
            kex_group: None,
            peer_rpk: None,
        }
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

/// Two bytes (`SSL_R_CIPHER_CODE_WRONG_LENGTH`), in OpenSSL's table
/// (`ssl3_get_cipher_by_id`; a silent failure otherwise).
#[inline]
pub(crate) fn cipher(code: &[u8], at: usize) -> Result<CipherSuite, DecodeError> {
    let &[hi, lo] = code else {
        return Err(DecodeError::new(
            ErrorKind::CipherWrongLength { len: code.len() },
            Field::Cipher,
            at,
        ));
    };
    let suite = CipherSuite(u16::from_be_bytes([hi, lo]));
    if suite.is_known() {
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
pub(crate) fn assemble<B: ByteStorage>(
    p: Parsed<B>,
    end: usize,
) -> Result<Session<B>, DecodeError> {
    let (version, at) = required(p.version, Field::Version, end)?;
    structure_version(version, at)?;
    let (ssl_version, at) = required(p.ssl_version, Field::ProtocolVersion, end)?;
    let protocol = protocol_version(ssl_version, at)?;
    let (code, at) = required(p.cipher, Field::Cipher, end)?;
    let suite = cipher(code.as_ref(), at)?;
    let (session_id, id_at) = required(p.session_id, Field::SessionId, end)?;
    let (master_key, key_at) = required(p.master_key, Field::MasterKey, end)?;
    at_most(
        Field::SessionId,
        session_id.as_ref().len(),
        MAX_SESSION_ID_LEN,
        id_at,
    )?;
    at_most(
        Field::MasterKey,
        master_key.as_ref().len(),
        MAX_MASTER_KEY_LEN,
        key_at,
    )?;
    let mut s = Session::bare(protocol, suite);
    s.set_session_id(session_id)
        .map_err(|e| DecodeError::limit(e, id_at))?;
    s.set_master_key(master_key)
        .map_err(|e| DecodeError::limit(e, key_at))?;
    if let Some((ctx, at)) = p.sid_ctx {
        at_most(Field::SidCtx, ctx.as_ref().len(), MAX_SID_CTX_LEN, at)?;
        s.set_sid_ctx(Some(ctx))
            .map_err(|e| DecodeError::limit(e, at))?;
    }
    let compression_id = match p.compression {
        None => None,
        Some((c, at)) => Some(compression(c.as_ref(), at)?),
    };
    s.set_key_arg(p.key_arg);
    s.set_time(p.time);
    s.set_timeout(p.timeout);
    s.set_peer_certificate(p.peer);
    s.set_verify_result(p.verify_result);
    s.set_hostname(p.hostname);
    s.set_psk_identity_hint(p.psk_identity_hint);
    s.set_psk_identity(p.psk_identity);
    s.set_ticket_lifetime_hint(p.ticket_lifetime_hint);
    s.set_ticket(p.ticket);
    s.set_compression_id(compression_id);
    s.set_srp_username(p.srp_username);
    s.set_flags(p.flags);
    s.set_ticket_age_add(p.ticket_age_add);
    s.set_max_early_data(p.max_early_data);
    s.set_alpn_selected(p.alpn_selected);
    s.set_max_fragment_len_mode(p.max_fragment_len_mode);
    s.set_ticket_appdata(p.ticket_appdata);
    s.set_kex_group(p.kex_group);
    s.set_peer_rpk(p.peer_rpk);
    Ok(s)
}
