//! BoringSSL's and AWS-LC's session codec (`ssl/ssl_asn1.cc`, the same file
//! in both with AWS-LC stopping at `[30]`): `SSL_SESSION_parse` and
//! `SSL_SESSION_to_bytes`, reproduced element by element in their order.
//!
//! Every element is read with the CBS rules of [`crate::cbs`] (strict DER).
//! What the libraries check beyond the syntax is checked here, each with the
//! line's reason; their getters' view of the values is the model's.

use session_model::{
    ByteStorage, CipherSuite, Dialect, Field, LimitError, Origin, ProtocolVersion, Session,
    SessionRef, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN,
};
use zeroize::Zeroizing;

use crate::cbs::{
    at, context, fail, too_long, Cbs, Flavor, MAX_SECRET_LEN, OCTET_STRING, SEQUENCE,
};
use crate::decode::Decoded;
use crate::dialect_writer::Der;
use crate::error::{DecodeError, EncodeError, ErrorKind};
use crate::template::Engine;
use crate::{x509, x509_awslc, x509_boringssl};

/// `[13]` holds a SHA-256.
const PEER_SHA256_LEN: usize = 32;

/// `SSL_get_cipher_by_value`'s table (`kCiphers`, `ssl/ssl_cipher.cc`) of the
/// BoringSSL `boring-sys` 5.4 vendors.
const BORINGSSL_CIPHERS: &[u16] = &[
    0x000A, 0x002F, 0x0035, 0x008C, 0x008D, 0x009C, 0x009D, 0x1301, 0x1302, 0x1303, 0xC009, 0xC00A,
    0xC013, 0xC014, 0xC023, 0xC027, 0xC02B, 0xC02C, 0xC02F, 0xC030, 0xC035, 0xC036, 0xCCA8, 0xCCA9,
    0xCCAC,
];
/// The same table of AWS-LC 5.12 (`aws-lc-sys` 0.47): three suites BoringSSL
/// dropped, and without BoringSSL's 0xC023.
const AWS_LC_CIPHERS: &[u16] = &[
    0x0002, 0x000A, 0x002F, 0x0035, 0x003C, 0x008C, 0x008D, 0x009C, 0x009D, 0x1301, 0x1302, 0x1303,
    0xC009, 0xC00A, 0xC013, 0xC014, 0xC027, 0xC028, 0xC02B, 0xC02C, 0xC02F, 0xC030, 0xC035, 0xC036,
    0xCCA8, 0xCCA9, 0xCCAC,
];

/// Whether `dialect`'s `SSL_get_cipher_by_value` knows `code`.
pub fn knows_cipher(dialect: Dialect, code: u16) -> bool {
    match dialect {
        Dialect::BoringSsl => BORINGSSL_CIPHERS.contains(&code),
        Dialect::AwsLc => AWS_LC_CIPHERS.contains(&code),
        _ => false,
    }
}

/// `ssl_protocol_version_from_wire`: TLS 1.0–1.3, DTLS 1.0 and 1.2, and in
/// BoringSSL DTLS 1.3 (AWS-LC has none). SSL 3.0 is refused.
pub(crate) fn protocol_known(dialect: Dialect, v: u16) -> bool {
    matches!(v, 0x0301..=0x0304 | 0xFEFF | 0xFEFD) || (v == 0xFEFC && dialect == Dialect::BoringSsl)
}

/// `[14]`'s limit: BoringSSL's `InplaceVector<uint8_t, SSL_MAX_MD_SIZE>` (48),
/// AWS-LC's `uint8_t[EVP_MAX_MD_SIZE]` (64).
const fn max_handshake_hash_len(dialect: Dialect) -> usize {
    match dialect {
        Dialect::AwsLc => 64,
        _ => 48,
    }
}

/// The last tag the dialect reads (`[33]` BoringSSL, `[30]` AWS-LC).
const fn has_tags_after_30(dialect: Dialect) -> bool {
    matches!(dialect, Dialect::BoringSsl)
}

/// `TLSEXT_cert_type_rpk`: `[32]`'s only value besides the default X.509 (0).
const CERT_TYPE_RPK: u8 = 2;

/// A u64 narrowed to the width the library keeps the field in: refused
/// above `max` (which fits `T`) as the library refuses it.
fn narrow<T: TryFrom<u64>>(
    v: Option<u64>,
    max: u64,
    field: Field,
    offset: usize,
) -> Result<Option<T>, DecodeError> {
    match v {
        None => Ok(None),
        Some(v) if v > max => Err(fail(ErrorKind::IntegerTooLarge, field, offset)),
        Some(v) => T::try_from(v)
            .map(Some)
            .map_err(|_| fail(ErrorKind::IntegerTooLarge, field, offset)),
    }
}

/// Checks that `input[start..start + len]` is exactly one certificate, as
/// `dialect`'s `X509_parse_from_buffer` decides.
///
/// The libraries parse every certificate at the end of `SSL_SESSION_parse`
/// (`x509_method->session_cache_objects`, `X509_parse_from_buffer`, the whole
/// buffer consumed) and refuse the session if that fails. BoringSSL's parser
/// is its own CBS code ([`x509_boringssl`]); AWS-LC's is its template
/// `d2i_X509` ([`x509_awslc`]).
fn certificate(
    input: &[u8],
    dialect: Dialect,
    start: usize,
    len: usize,
    field: Field,
) -> Result<(), DecodeError> {
    let end = start + len;
    match dialect {
        Dialect::BoringSsl => x509_boringssl::check(input, start, end).map_err(at(field)),
        Dialect::AwsLc => x509_awslc::check(input, start, end).map_err(at(field)),
        // `decode` reads only those two; anything else gets OpenSSL's
        // d2i_X509 on DER.
        _ => match x509::check(&Engine::new(input, true), start, len) {
            Ok(e) if e == end => Ok(()),
            Ok(e) => Err(fail(ErrorKind::ExplicitLengthMismatch, field, e)),
            Err(f) => Err(fail(f.kind, field, f.offset)),
        },
    }
}

/// `SSL_SESSION_parse` of `dialect` (BoringSSL or AWS-LC).
pub(crate) fn decode<'a>(
    input: &'a [u8],
    dialect: Dialect,
    allow_trailing: bool,
    check_certificate: bool,
) -> Result<Decoded<SessionRef<'a>>, DecodeError> {
    use Field as F;
    if input.is_empty() {
        return Err(fail(ErrorKind::Empty, F::Session, 0));
    }
    let mut outer = Cbs::new(input, Flavor::Boring);
    let seq = outer.get(SEQUENCE).map_err(at(F::Session))?;
    let consumed = outer.pos;
    // SSL_SESSION_from_bytes refuses what follows; d2i_SSL_SESSION leaves it.
    if !allow_trailing && !outer.is_empty() {
        return Err(crate::decode::trailing(input, consumed));
    }
    let mut s = seq.content;

    let at_version = s.pos;
    let version = s.uint64().map_err(at(F::Version))?;
    if version != 1 {
        return Err(fail(
            ErrorKind::UnknownStructureVersion { version },
            F::Version,
            at_version,
        ));
    }
    let at_protocol = s.pos;
    let protocol = s.uint64().map_err(at(F::ProtocolVersion))?;
    let protocol = match u16::try_from(protocol) {
        Ok(p) if protocol_known(dialect, p) => p,
        _ => {
            return Err(fail(
                ErrorKind::UnsupportedProtocolVersion {
                    version: i64::try_from(protocol).unwrap_or(i64::MAX),
                },
                F::ProtocolVersion,
                at_protocol,
            ))
        }
    };
    let cipher = s.get(OCTET_STRING).map_err(at(F::Cipher))?;
    let code = match cipher.content.bytes() {
        &[hi, lo] => u16::from_be_bytes([hi, lo]),
        other => {
            return Err(fail(
                ErrorKind::CipherWrongLength { len: other.len() },
                F::Cipher,
                cipher.start,
            ))
        }
    };
    if !knows_cipher(dialect, code) {
        return Err(fail(
            ErrorKind::UnknownCipher { code },
            F::Cipher,
            cipher.start,
        ));
    }
    // protocol ≤ 0xFFFF.
    let mut session: SessionRef<'a> = Session::bare(ProtocolVersion(protocol), CipherSuite(code));
    session.set_dialect(dialect);
    session.set_origin(Origin::Decoded);

    let _ = session.set_session_id(s.octets_at_most(MAX_SESSION_ID_LEN, F::SessionId)?);
    let _ = session.set_master_key(s.octets_at_most(MAX_SECRET_LEN, F::MasterKey)?);

    // [1] and [2] are required. Their INTEGER is read from the wrapper without
    // checking that nothing follows it inside (`CBS_get_asn1_uint64(&child)`
    // alone): bytes after it within [1] or [2] are ignored.
    let time = s.get(context(1)).map_err(at(F::Time))?;
    let mut inner = time.content;
    let at_time = inner.pos;
    let t = inner.uint64().map_err(at(F::Time))?;
    // The model holds time as an i64; no clock reaches 2^63 seconds.
    let t = i64::try_from(t).map_err(|_| fail(ErrorKind::Unrepresentable, F::Time, at_time))?;
    session.set_time(Some(t));
    let timeout = s.get(context(2)).map_err(at(F::Timeout))?;
    let mut inner = timeout.content;
    let at_timeout = inner.pos;
    let t = inner.uint64().map_err(at(F::Timeout))?;
    let t: Option<u32> = narrow(Some(t), u64::from(u32::MAX), F::Timeout, at_timeout)?;
    session.set_timeout(t.map(i64::from));

    let peer = s.optional(context(3)).map_err(at(F::PeerCertificate))?;
    if let Some(p) = &peer {
        if p.content.is_empty() {
            return Err(fail(ErrorKind::MissingField, F::PeerCertificate, p.start));
        }
        session.set_peer_certificate(Some(p.content.bytes()));
    }

    let at_sid_ctx = s.pos;
    if let Some(ctx) = s.optional_octet_string(context(4)).map_err(at(F::SidCtx))? {
        if ctx.len() > MAX_SID_CTX_LEN {
            return Err(too_long(ctx.len(), MAX_SID_CTX_LEN, F::SidCtx, at_sid_ctx));
        }
        let _ = session.set_sid_ctx(Some(ctx));
    }
    let at_verify = s.pos;
    let verify = s.optional_uint64(context(5)).map_err(at(F::VerifyResult))?;
    // verify_result is a long (≤ LONG_MAX); the model keeps OpenSSL's int.
    if let Some(v) = narrow::<u64>(verify, i64::MAX.unsigned_abs(), F::VerifyResult, at_verify)? {
        let v = i32::try_from(v)
            .map_err(|_| fail(ErrorKind::Unrepresentable, F::VerifyResult, at_verify))?;
        session.set_verify_result(Some(v));
    }
    // The historical hostName: skipped whatever it holds, and not kept.
    s.optional(context(6)).map_err(at(F::Hostname))?;

    let at_psk = s.pos;
    if let Some(id) = s
        .optional_octet_string(context(8))
        .map_err(at(F::PskIdentity))?
    {
        // Kept as a C string: a NUL inside would cut it.
        if id.contains(&0) {
            return Err(fail(ErrorKind::ContainsNul, F::PskIdentity, at_psk));
        }
        session.set_psk_identity(Some(id));
    }
    let at_hint = s.pos;
    let hint = s
        .optional_uint64(context(9))
        .map_err(at(F::TicketLifetimeHint))?;
    session.set_ticket_lifetime_hint(narrow(
        hint,
        u64::from(u32::MAX),
        F::TicketLifetimeHint,
        at_hint,
    )?);
    session.set_ticket(
        s.optional_octet_string(context(10))
            .map_err(at(F::Ticket))?,
    );

    let at_sha = s.pos;
    if let Some(sha) = s
        .optional_octet_string(context(13))
        .map_err(at(F::PeerSha256))?
    {
        if sha.len() != PEER_SHA256_LEN {
            return Err(fail(
                ErrorKind::WrongLength {
                    len: sha.len(),
                    expected: PEER_SHA256_LEN,
                },
                F::PeerSha256,
                at_sha,
            ));
        }
        session.set_peer_sha256(Some(sha));
    }
    let at_hash = s.pos;
    if let Some(h) = s
        .optional_octet_string(context(14))
        .map_err(at(F::OriginalHandshakeHash))?
    {
        let max = max_handshake_hash_len(dialect);
        if h.len() > max {
            return Err(too_long(h.len(), max, F::OriginalHandshakeHash, at_hash));
        }
        session.set_original_handshake_hash(Some(h));
    }
    session.set_signed_cert_timestamp_list(
        s.optional_octet_string(context(15))
            .map_err(at(F::SignedCertTimestampList))?,
    );
    session.set_ocsp_response(
        s.optional_octet_string(context(16))
            .map_err(at(F::OcspResponse))?,
    );
    session.set_extended_master_secret(
        s.optional_bool(context(17))
            .map_err(at(F::ExtendedMasterSecret))?,
    );
    let at_group = s.pos;
    let group = s.optional_uint64(context(18)).map_err(at(F::KexGroup))?;
    session.set_kex_group(narrow(group, 0xFFFF, F::KexGroup, at_group)?);

    let chain = s.optional(context(19)).map_err(at(F::CertChain))?;
    if let Some(c) = &chain {
        if c.content.is_empty() {
            return Err(fail(ErrorKind::MissingField, F::CertChain, c.start));
        }
        if peer.is_none() {
            // A chain without its leaf.
            return Err(fail(ErrorKind::Inconsistent, F::CertChain, c.start));
        }
        session.set_cert_chain(Some(c.content.bytes()));
    }

    let at_age = s.pos;
    if let Some(age) = s
        .optional_octet_string(context(21))
        .map_err(at(F::TicketAgeAdd))?
    {
        let bytes: [u8; 4] = age.try_into().map_err(|_| {
            fail(
                ErrorKind::WrongLength {
                    len: age.len(),
                    expected: 4,
                },
                F::TicketAgeAdd,
                at_age,
            )
        })?;
        session.set_ticket_age_add(Some(u32::from_be_bytes(bytes)));
    }
    session.set_is_server(s.optional_bool(context(22)).map_err(at(F::IsServer))?);
    let at_sigalg = s.pos;
    let sigalg = s
        .optional_uint64(context(23))
        .map_err(at(F::PeerSignatureAlgorithm))?;
    session.set_peer_signature_algorithm(narrow(
        sigalg,
        0xFFFF,
        F::PeerSignatureAlgorithm,
        at_sigalg,
    )?);
    let at_early = s.pos;
    let early = s
        .optional_uint64(context(24))
        .map_err(at(F::MaxEarlyData))?;
    session.set_max_early_data(narrow(
        early,
        u64::from(u32::MAX),
        F::MaxEarlyData,
        at_early,
    )?);
    let at_auth = s.pos;
    let auth = s.optional_uint64(context(25)).map_err(at(F::AuthTimeout))?;
    session.set_auth_timeout(narrow(auth, u64::from(u32::MAX), F::AuthTimeout, at_auth)?);
    session.set_alpn_selected(
        s.optional_octet_string(context(26))
            .map_err(at(F::AlpnSelected))?,
    );
    session.set_is_quic(s.optional_bool(context(27)).map_err(at(F::IsQuic))?);
    session.set_quic_early_data_context(
        s.optional_octet_string(context(28))
            .map_err(at(F::QuicEarlyDataContext))?,
    );
    let at_alps = s.pos;
    let local_alps = s
        .optional_octet_string(context(29))
        .map_err(at(F::LocalAlps))?;
    let peer_alps = s
        .optional_octet_string(context(30))
        .map_err(at(F::PeerAlps))?;
    session.set_local_alps(local_alps);
    session.set_peer_alps(peer_alps);

    if has_tags_after_30(dialect) {
        session.set_resumable_across_names(
            s.optional_bool(context(31))
                .map_err(at(F::ResumableAcrossNames))?,
        );
        let at_type = s.pos;
        if let Some(t) = s
            .optional_uint64(context(32))
            .map_err(at(F::PeerCertType))?
        {
            // The default (X.509) written out is an error here, and so is
            // any type BoringSSL does not know: only a raw public key.
            if t != u64::from(CERT_TYPE_RPK) {
                return Err(fail(ErrorKind::InvalidValue, F::PeerCertType, at_type));
            }
            session.set_peer_cert_type(Some(CERT_TYPE_RPK));
            // [33] is looked for only after [32].
            if let Some(k) = s.optional(context(33)).map_err(at(F::PeerRpk))? {
                let mut spki = k.content;
                let key = spki.get(SEQUENCE).map_err(at(F::PeerRpk))?;
                spki.must_be_empty().map_err(at(F::PeerRpk))?;
                crate::peer_rpk::check_peer_rpk_boringssl(key.whole())
                    .map_err(|kind| fail(kind, F::PeerRpk, key.start))?;
                if peer.is_some() || chain.is_some() {
                    return Err(fail(ErrorKind::Inconsistent, F::PeerRpk, k.start));
                }
                session.set_peer_rpk(Some(key.whole()));
            }
        }
    }

    // End of fields: anything left is an element the dialect does not have
    // here (unknown, repeated or out of order).
    if !s.is_empty() {
        return Err(fail(
            ErrorKind::UnexpectedField {
                found: input[s.pos],
            },
            F::Session,
            s.pos,
        ));
    }
    if session.peer_cert_type().is_some() && (peer.is_some() || chain.is_some()) {
        return Err(fail(ErrorKind::Inconsistent, F::PeerCertType, seq.start));
    }
    // Both ALPS values or neither, and with them a non-empty early ALPN.
    if local_alps.is_some() != peer_alps.is_some()
        || (local_alps.is_some() && session.alpn_selected().is_none_or(<[u8]>::is_empty))
    {
        return Err(fail(ErrorKind::Inconsistent, F::LocalAlps, at_alps));
    }
    // x509_method->session_cache_objects: every certificate must parse.
    if let (Some(p), true) = (&peer, check_certificate) {
        certificate(
            input,
            dialect,
            p.content.pos,
            p.content.len(),
            F::PeerCertificate,
        )?;
    }
    if let Some(c) = &chain {
        // The chain is split into elements whatever their tag (strict DER
        // headers), then each is parsed as a certificate.
        let mut certs = c.content;
        while !certs.is_empty() {
            let cert = certs.any().map_err(at(F::CertChain))?;
            if check_certificate {
                certificate(
                    input,
                    dialect,
                    cert.start,
                    cert.content.end - cert.start,
                    F::CertChain,
                )?;
            }
        }
    }
    Ok(Decoded { session, consumed })
}

/// `SSL_SESSION_to_bytes` (and `i2d_SSL_SESSION`, the same bytes) of
/// `dialect` for a session in its model: what the library writes for the
/// session once it has read it. Explicitly encoded defaults, an empty
/// `[10]`/`[14]`/`[26]`/`[28]` and `[6]` are not written; `[4]` always is;
/// `[3]` and `[19]` give way to `[13]`.
pub(crate) fn encode<B: ByteStorage>(
    s: &Session<B>,
    dialect: Dialect,
) -> Result<Zeroizing<Vec<u8>>, EncodeError> {
    use Field as F;
    let unwritable = |field, reason| EncodeError::Unwritable { field, reason };
    let key = s.master_key().expose();
    if key.len() > MAX_SECRET_LEN {
        return Err(EncodeError::Invalid(LimitError {
            field: F::MasterKey,
            len: key.len(),
            max: MAX_SECRET_LEN,
        }));
    }
    s.check_limits().map_err(EncodeError::Invalid)?;
    let time = s
        .time()
        .ok_or(unwritable(F::Time, "BoringSSL requires [1] time"))?;
    let time = u64::try_from(time).map_err(|_| unwritable(F::Time, "negative time"))?;
    let timeout = s
        .timeout()
        .ok_or(unwritable(F::Timeout, "BoringSSL requires [2] timeout"))?;
    let timeout = u32::try_from(timeout)
        .map_err(|_| unwritable(F::Timeout, "timeout outside 0..=2^32-1 seconds"))?;
    let sha = s.peer_sha256();

    let mut d = Der::new();
    d.uint(1);
    d.uint(u64::from(s.protocol_version().wire()));
    d.octets(&s.cipher().code().to_be_bytes());
    d.octets(s.session_id());
    d.octets(key);
    d.explicit(1, |d| d.uint(time));
    d.explicit(2, |d| d.uint(u64::from(timeout)));
    if let (Some(cert), None) = (s.peer_certificate(), sha) {
        d.explicit_raw(3, cert);
    }
    // "Although it is OPTIONAL and usually empty, OpenSSL has historically
    // always encoded the sid_ctx."
    d.explicit(4, |d| d.octets(s.sid_ctx().unwrap_or_default()));
    match s.verify_result() {
        Some(0) | None => {}
        Some(v) => {
            let v = u64::try_from(v).map_err(|_| unwritable(F::VerifyResult, "negative"))?;
            d.explicit(5, |d| d.uint(v));
        }
    }
    if let Some(id) = s.psk_identity() {
        d.explicit(8, |d| d.octets(id));
    }
    if let Some(h) = s.ticket_lifetime_hint().filter(|&h| h > 0) {
        d.explicit(9, |d| d.uint(h));
    }
    if let Some(t) = s.ticket().filter(|t| !t.is_empty()) {
        d.explicit(10, |d| d.octets(t));
    }
    if let Some(sha) = sha {
        d.explicit(13, |d| d.octets(sha));
    }
    if let Some(h) = s.original_handshake_hash().filter(|h| !h.is_empty()) {
        d.explicit(14, |d| d.octets(h));
    }
    if let Some(l) = s.signed_cert_timestamp_list() {
        d.explicit(15, |d| d.octets(l));
    }
    if let Some(r) = s.ocsp_response() {
        d.explicit(16, |d| d.octets(r));
    }
    if s.extended_master_secret() == Some(true) {
        d.explicit(17, |d| d.boolean(true));
    }
    if let Some(g) = s.kex_group().filter(|&g| g > 0) {
        let g = u16::try_from(g).map_err(|_| unwritable(F::KexGroup, "group above 0xFFFF"))?;
        d.explicit(18, |d| d.uint(u64::from(g)));
    }
    if let (Some(chain), None, Some(_)) = (s.cert_chain(), sha, s.peer_certificate()) {
        if !chain.is_empty() {
            d.explicit_raw(19, chain);
        }
    }
    if let Some(a) = s.ticket_age_add() {
        d.explicit(21, |d| d.octets(&a.to_be_bytes()));
    }
    if s.is_server() == Some(false) {
        d.explicit(22, |d| d.boolean(false));
    }
    if let Some(a) = s.peer_signature_algorithm().filter(|&a| a != 0) {
        d.explicit(23, |d| d.uint(u64::from(a)));
    }
    if let Some(e) = s.max_early_data().filter(|&e| e != 0) {
        d.explicit(24, |d| d.uint(u64::from(e)));
    }
    if let Some(a) = s.auth_timeout().filter(|&a| a != timeout) {
        d.explicit(25, |d| d.uint(u64::from(a)));
    }
    if let Some(a) = s.alpn_selected().filter(|a| !a.is_empty()) {
        d.explicit(26, |d| d.octets(a));
    }
    if s.is_quic() == Some(true) {
        d.explicit(27, |d| d.boolean(true));
    }
    if let Some(c) = s.quic_early_data_context().filter(|c| !c.is_empty()) {
        d.explicit(28, |d| d.octets(c));
    }
    // has_application_settings: both written, or neither.
    if let (Some(local), Some(peer)) = (s.local_alps(), s.peer_alps()) {
        d.explicit(29, |d| d.octets(local));
        d.explicit(30, |d| d.octets(peer));
    }
    if has_tags_after_30(dialect) {
        if s.resumable_across_names() == Some(true) {
            d.explicit(31, |d| d.boolean(true));
        }
        if let Some(t) = s.peer_cert_type().filter(|&t| t != 0) {
            d.explicit(32, |d| d.uint(u64::from(t)));
        }
        if let (Some(key), None) = (s.peer_rpk(), sha) {
            d.explicit_raw(33, &crate::peer_rpk::boringssl_written(key));
        }
    }
    Ok(d.into_sequence())
}
