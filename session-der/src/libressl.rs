//! LibreSSL's session codec (`src/lib/libssl/ssl_asn1.c` rev 1.69, LibreSSL
//! 4.3): `d2i_SSL_SESSION` and `i2d_SSL_SESSION`, written on CBS/CBB since 2016.
//!
//! LibreSSL looks for its elements in a fixed order, each by its first
//! identifier octet, and stops after `[10]`: an element it does not expect
//! makes that field absent, and everything from there to the end of the
//! SEQUENCE is ignored (never an error). Every element it does read is strict
//! DER.

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
use crate::x509;

/// The timeout LibreSSL gives a session whose `[2]` is absent or 0.
pub(crate) const DEFAULT_TIMEOUT: i64 = 3;

/// What [`decode`] read, and whether it stopped before the SEQUENCE's end
/// (elements LibreSSL ignores followed): such a session was not written by
/// LibreSSL, which never writes anything it does not read.
#[allow(dead_code)] // ignored_from: read by detection
pub(crate) struct Read<'a> {
    pub(crate) decoded: Decoded<SessionRef<'a>>,
    pub(crate) ignored_from: Option<usize>,
}

/// `d2i_SSL_SESSION` of LibreSSL.
pub(crate) fn decode(
    input: &[u8],
    allow_trailing: bool,
    check_certificate: bool,
) -> Result<Decoded<SessionRef<'_>>, DecodeError> {
    read(input, allow_trailing, check_certificate).map(|r| r.decoded)
}

/// [`decode`], also saying where LibreSSL stopped reading.
pub(crate) fn read(
    input: &[u8],
    allow_trailing: bool,
    check_certificate: bool,
) -> Result<Read<'_>, DecodeError> {
    use Field as F;
    if input.is_empty() {
        return Err(fail(ErrorKind::Empty, F::Session, 0));
    }
    let mut outer = Cbs::new(input, Flavor::Libre);
    let seq = outer.get(SEQUENCE).map_err(at(F::Session))?;
    let consumed = outer.pos;
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
    // LibreSSL keeps any value up to INT_MAX and checks none; the model's
    // protocol version is the 16-bit wire value.
    if protocol > i32::MAX as u64 {
        return Err(fail(
            ErrorKind::IntegerTooLarge,
            F::ProtocolVersion,
            at_protocol,
        ));
    }
    let protocol = u16::try_from(protocol)
        .map_err(|_| fail(ErrorKind::Unrepresentable, F::ProtocolVersion, at_protocol))?;
    let cipher = s.get(OCTET_STRING).map_err(at(F::Cipher))?;
    // Kept as a value, not looked up: an unknown cipher still decodes.
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
    let mut session: SessionRef<'_> = Session::bare(ProtocolVersion(protocol), CipherSuite(code));
    session.set_dialect(Dialect::LibreSsl);
    session.set_origin(Origin::Decoded);

    let _ = session.set_session_id(s.octets_at_most(MAX_SESSION_ID_LEN, F::SessionId)?);
    let _ = session.set_master_key(s.octets_at_most(MAX_SECRET_LEN, F::MasterKey)?);

    // [1] time: above time_max() (INT64_MAX with a 64-bit time_t) fails;
    // absent or 0 means "now" when read, which the getters apply.
    let at_time = s.pos;
    let time = s.optional_uint64(context(1)).map_err(at(F::Time))?;
    if let Some(t) = time {
        let t = i64::try_from(t).map_err(|_| fail(ErrorKind::IntegerTooLarge, F::Time, at_time))?;
        session.set_time(Some(t));
    }
    // [2] timeout: above LONG_MAX fails; absent or 0 means 3 seconds.
    let at_timeout = s.pos;
    let timeout = s.optional_uint64(context(2)).map_err(at(F::Timeout))?;
    if let Some(t) = timeout {
        let t = i64::try_from(t)
            .map_err(|_| fail(ErrorKind::IntegerTooLarge, F::Timeout, at_timeout))?;
        session.set_timeout(Some(t));
    }
    // [3]: its content goes to d2i_X509 (libcrypto's BER-tolerant templates,
    // with LibreSSL's own rules: Engine::libressl), which reads one
    // certificate; bytes after it inside [3] are not looked at.
    if let Some(p) = s.optional(context(3)).map_err(at(F::PeerCertificate))? {
        let content = p.content;
        let cert_end = if check_certificate {
            let engine = Engine::libressl(input);
            x509::check(&engine, content.pos, content.len())
                .map_err(|f| fail(f.kind, F::PeerCertificate, f.offset))?
        } else if content.is_empty() {
            return Err(fail(ErrorKind::MissingField, F::PeerCertificate, p.start));
        } else {
            content.end
        };
        session.set_peer_certificate(input.get(content.pos..cert_end));
    }
    let at_sid_ctx = s.pos;
    if let Some(ctx) = s.optional_octet_string(context(4)).map_err(at(F::SidCtx))? {
        if ctx.len() > MAX_SID_CTX_LEN {
            return Err(too_long(ctx.len(), MAX_SID_CTX_LEN, F::SidCtx, at_sid_ctx));
        }
        let _ = session.set_sid_ctx(Some(ctx));
    }
    let at_verify = s.pos;
    if let Some(v) = s.optional_uint64(context(5)).map_err(at(F::VerifyResult))? {
        if v > i64::MAX as u64 {
            return Err(fail(ErrorKind::IntegerTooLarge, F::VerifyResult, at_verify));
        }
        let v = i32::try_from(v)
            .map_err(|_| fail(ErrorKind::Unrepresentable, F::VerifyResult, at_verify))?;
        session.set_verify_result(Some(v));
    }
    let at_host = s.pos;
    if let Some(host) = s
        .optional_octet_string(context(6))
        .map_err(at(F::Hostname))?
    {
        if host.contains(&0) {
            return Err(fail(ErrorKind::ContainsNul, F::Hostname, at_host));
        }
        session.set_hostname(Some(host));
    }
    let at_hint = s.pos;
    if let Some(h) = s
        .optional_uint64(context(9))
        .map_err(at(F::TicketLifetimeHint))?
    {
        if h > u64::from(u32::MAX) {
            return Err(fail(
                ErrorKind::IntegerTooLarge,
                F::TicketLifetimeHint,
                at_hint,
            ));
        }
        session.set_ticket_lifetime_hint(Some(h));
    }
    // An empty ticket is no ticket (CBS_stow of nothing leaves it NULL).
    let ticket = s
        .optional_octet_string(context(10))
        .map_err(at(F::Ticket))?;
    session.set_ticket(ticket.filter(|t| !t.is_empty()));

    let ignored_from = (!s.is_empty()).then_some(s.pos);
    Ok(Read {
        decoded: Decoded { session, consumed },
        ignored_from,
    })
}

/// `i2d_SSL_SESSION` of LibreSSL for a session in its model: `[4]` always,
/// `[2]` as 3 when absent or 0 (what LibreSSL holds then), `[3]` as
/// `i2d_X509` re-encodes the certificate, zero integers and an empty ticket
/// omitted. An absent or zero `[1]` stays absent: LibreSSL would write the
/// clock it read it at, which reads back the same way.
pub(crate) fn encode<B: ByteStorage>(s: &Session<B>) -> Result<Zeroizing<Vec<u8>>, EncodeError> {
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
    if s.cipher().code() == 0 {
        // i2d_SSL_SESSION returns 0 for a session without a cipher value.
        return Err(unwritable(
            F::Cipher,
            "LibreSSL writes nothing for cipher 0x0000",
        ));
    }
    let mut d = Der::new();
    d.uint(1);
    d.uint(u64::from(s.protocol_version().wire()));
    d.octets(&s.cipher().code().to_be_bytes());
    d.octets(s.session_id());
    d.octets(key);
    if let Some(t) = s.time().filter(|&t| t != 0) {
        let t = u64::try_from(t).map_err(|_| unwritable(F::Time, "negative time"))?;
        d.explicit(1, |d| d.uint(t));
    }
    let timeout = match s.timeout() {
        None | Some(0) => DEFAULT_TIMEOUT,
        Some(t) => t,
    };
    let timeout = u64::try_from(timeout).map_err(|_| unwritable(F::Timeout, "negative timeout"))?;
    d.explicit(2, |d| d.uint(timeout));
    if let Some(cert) = s.peer_certificate() {
        match x509::as_openssl_writes(cert) {
            Some(reencoded) => d.explicit_raw(3, &reencoded),
            None => d.explicit_raw(3, cert),
        }
    }
    d.explicit(4, |d| d.octets(s.sid_ctx().unwrap_or_default()));
    match s.verify_result() {
        None | Some(0) => {}
        Some(v) => {
            let v = u64::try_from(v).map_err(|_| unwritable(F::VerifyResult, "negative"))?;
            d.explicit(5, |d| d.uint(v));
        }
    }
    if let Some(host) = s.hostname() {
        d.explicit(6, |d| d.octets(host));
    }
    if let Some(h) = s.ticket_lifetime_hint().filter(|&h| h > 0) {
        d.explicit(9, |d| d.uint(h));
    }
    if let Some(t) = s.ticket().filter(|t| !t.is_empty()) {
        d.explicit(10, |d| d.octets(t));
    }
    Ok(d.into_sequence())
}
