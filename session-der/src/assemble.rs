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

fn too_long(field: Field, len: usize, max: usize, offset: usize) -> Result<(), DecodeError> {
    if len > max {
        Err(DecodeError::new(
            ErrorKind::TooLong { len, max },
            field,
            offset,
        ))
    } else {
        Ok(())
    }
}

/// Applies `d2i_SSL_SESSION`'s checks and builds the session.
pub(crate) fn assemble<B: ByteStorage>(
    p: Parsed<B>,
    end: usize,
) -> Result<Session<B>, DecodeError> {
    let (version, at) = required(p.version, Field::Version, end)?;
    if version != 1 {
        return Err(DecodeError::new(
            ErrorKind::UnknownStructureVersion {
                version: u64::try_from(version).unwrap_or(u64::MAX),
            },
            Field::Version,
            at,
        ));
    }
    let (ssl_version, at) = required(p.ssl_version, Field::ProtocolVersion, end)?;
    // `(ssl_version >> 8)` on an int: 0x03xx and 0xFExx, or DTLS1_BAD_VER.
    let major = ssl_version >> 8;
    let accepted = major == 0x03 || major == 0xFE || ssl_version == 0x0100;
    let Ok(wire) = u16::try_from(ssl_version)
        .ok()
        .filter(|_| accepted)
        .ok_or(())
    else {
        return Err(DecodeError::new(
            ErrorKind::UnsupportedProtocolVersion {
                version: i64::try_from(ssl_version).unwrap_or(i64::MIN),
            },
            Field::ProtocolVersion,
            at,
        ));
    };
    let (cipher, at) = required(p.cipher, Field::Cipher, end)?;
    let code = match cipher.as_ref() {
        &[hi, lo] => u16::from_be_bytes([hi, lo]),
        other => {
            return Err(DecodeError::new(
                ErrorKind::CipherWrongLength { len: other.len() },
                Field::Cipher,
                at,
            ))
        }
    };
    if !CipherSuite(code).is_known() {
        return Err(DecodeError::new(
            ErrorKind::UnknownCipher { code },
            Field::Cipher,
            at,
        ));
    }
    let (session_id, id_at) = required(p.session_id, Field::SessionId, end)?;
    let (master_key, key_at) = required(p.master_key, Field::MasterKey, end)?;
    too_long(
        Field::SessionId,
        session_id.as_ref().len(),
        MAX_SESSION_ID_LEN,
        id_at,
    )?;
    too_long(
        Field::MasterKey,
        master_key.as_ref().len(),
        MAX_MASTER_KEY_LEN,
        key_at,
    )?;
    let mut s = Session::bare(ProtocolVersion(wire), CipherSuite(code));
    s.set_session_id(session_id)
        .map_err(|e| DecodeError::limit(e, id_at))?;
    s.set_master_key(master_key)
        .map_err(|e| DecodeError::limit(e, key_at))?;
    if let Some((ctx, at)) = p.sid_ctx {
        too_long(Field::SidCtx, ctx.as_ref().len(), MAX_SID_CTX_LEN, at)?;
        s.set_sid_ctx(Some(ctx))
            .map_err(|e| DecodeError::limit(e, at))?;
    }
    let compression_id = match p.compression {
        None => None,
        Some((c, at)) => match c.as_ref() {
            &[id] => Some(id),
            other => {
                return Err(DecodeError::new(
                    ErrorKind::CompressionWrongLength { len: other.len() },
                    Field::CompressionId,
                    at,
                ))
            }
        },
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
