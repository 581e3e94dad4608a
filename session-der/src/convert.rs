//! Moving a session from one library's dialect to another's.
//!
//! Fields are matched by meaning, as the schema's `dialects(..)` column
//! places them: BoringSSL's `[21]` ticketAgeAdd is OpenSSL's `[14]`, its
//! `[17]` extendedMasterSecret OpenSSL's `SSL_SESS_FLAG_EXTMS` bit of
//! `[13]` flags, and so on. What the target does not store is listed; what
//! a resumption needs and the target cannot hold refuses the conversion.
//! The result is checked by the target's own decoder before it is returned.

use std::fmt;

use session_model::{
    ByteStorage, Dialect, Field, FieldValue, OpenSslVersion, Origin, OwnedSession, Placement,
    Session, FIELDS, FLAG_EXTENDED_MASTER_SECRET, MANDATORY_COUNT,
};

use crate::decode::{decode_with, DecodeOptions};
use crate::encode::{encode, Target};
use crate::error::{DecodeError, EncodeError};

/// Which side of the connection the session belongs to. OpenSSL and LibreSSL
/// do not record it; BoringSSL and AWS-LC do (`[22]` isServer, DEFAULT TRUE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// A client's session (written as `[22] FALSE` by BoringSSL and AWS-LC).
    Client,
    /// A server's session.
    Server,
}

/// Options for [`convert`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConvertOptions {
    role: Option<Role>,
}

impl ConvertOptions {
    /// The defaults: the role is taken from the session where it says
    /// (BoringSSL, AWS-LC), else a server's (BoringSSL's default).
    pub const fn new() -> Self {
        ConvertOptions { role: None }
    }

    /// Whose session it is, for a target that records it.
    pub const fn role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }
}

/// A field [`convert`] could not carry over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// The field.
    pub field: Field,
    /// Why.
    pub why: &'static str,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.field, self.why)
    }
}

/// A converted session and what it lost.
#[derive(Debug)]
pub struct Converted {
    /// The session, in the target's dialect (written by its library's rules:
    /// [`Target::Auto`] encodes it as the target writes it).
    pub session: OwnedSession,
    /// The fields the target does not store, in schema order.
    pub dropped: Vec<Dropped>,
}

/// Why [`convert`] refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConvertError {
    /// A field a resumption needs cannot be carried to the target.
    CannotResume {
        /// The field.
        field: Field,
        /// Why.
        why: &'static str,
    },
    /// The target's writer refuses the converted session.
    Unwritable(EncodeError),
    /// The target's own decoder refuses the converted session.
    Unreadable(DecodeError),
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvertError::CannotResume { field, why } => {
                write!(f, "cannot carry {field}, which resuming needs: {why}")
            }
            ConvertError::Unwritable(e) => write!(f, "{e}"),
            ConvertError::Unreadable(e) => write!(f, "the target would refuse the result: {e}"),
        }
    }
}

impl std::error::Error for ConvertError {}

fn refuse(field: Field, why: &'static str) -> ConvertError {
    ConvertError::CannotResume { field, why }
}

/// Whether `to`'s library reads sessions of cipher `code`.
fn knows_cipher(to: Dialect, code: u16) -> bool {
    match to {
        Dialect::BoringSsl | Dialect::AwsLc => crate::boringssl::knows_cipher(to, code),
        // LibreSSL keeps the value without looking it up.
        Dialect::LibreSsl => true,
        _ => session_model::CipherSuite(code).is_known_to(OpenSslVersion::LTS),
    }
}

/// Converts `session` to `to`'s dialect.
///
/// ```
/// use session_der::session_model::{CipherSuite, OwnedSession, ProtocolVersion};
/// use session_der::{convert, encode, ConvertOptions, Dialect, Role, Target};
///
/// let mut s = OwnedSession::new(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));
/// s.set_time(Some(1_700_000_000));
/// s.set_timeout(Some(7200));
/// s.set_flags(Some(1)); // SSL_SESS_FLAG_EXTMS
/// let c = convert(&s, Dialect::BoringSsl, &ConvertOptions::new().role(Role::Client))?;
/// assert_eq!(c.session.extended_master_secret(), Some(true));
/// let der = encode(&c.session, Target::Auto)?; // as BoringSSL writes it
/// # let _ = der;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ConvertError::CannotResume`] names the field a resumption needs that
/// the target cannot hold (the cipher it does not know, a TLS 1.3 ticket's
/// age add LibreSSL does not store, …); the target's writer or reader
/// refusing the result is reported as theirs.
pub fn convert<B: ByteStorage>(
    session: &Session<B>,
    to: Dialect,
    opts: &ConvertOptions,
) -> Result<Converted, ConvertError> {
    use Field as F;
    let from = session.dialect();
    let mut out = session.to_owned_session();
    if from == to {
        return Ok(Converted {
            session: out,
            dropped: Vec::new(),
        });
    }
    out = OwnedSession::bare(session.protocol_version(), session.cipher());
    out.set_dialect(to);
    out.set_origin(Origin::Built);
    let pv = session.protocol_version();
    let protocol_ok = match to {
        Dialect::BoringSsl | Dialect::AwsLc => crate::boringssl::protocol_known(to, pv.wire()),
        // LibreSSL keeps the value without checking it (ssl_asn1.c).
        Dialect::LibreSsl => true,
        _ => pv.is_accepted_by_openssl(),
    };
    if !protocol_ok {
        return Err(refuse(
            F::ProtocolVersion,
            "the target does not resume this protocol version",
        ));
    }
    if !knows_cipher(to, session.cipher().code()) {
        return Err(refuse(
            F::Cipher,
            "the target's cipher table lacks this suite",
        ));
    }
    out.set_session_id(session.session_id().to_vec())
        .map_err(|_| refuse(F::SessionId, "longer than the target holds"))?;
    out.set_master_key(session.master_key().expose().to_vec())
        .map_err(|_| refuse(F::MasterKey, "longer than the target holds"))?;
    // BoringSSL, AWS-LC and LibreSSL keep the secret in 48 bytes
    // (SSL_MAX_MASTER_KEY_LENGTH); OpenSSL's limit is the model's.
    if to != Dialect::OpenSsl && session.master_key().len() > crate::cbs::MAX_SECRET_LEN {
        return Err(refuse(F::MasterKey, "longer than the target's 48 bytes"));
    }

    let mut dropped = Vec::new();
    let ems = session.uses_extended_master_secret();
    for spec in &FIELDS[MANDATORY_COUNT..] {
        let field = spec.field;
        let Some(value) = session.get(field) else {
            continue;
        };
        match field {
            // The extended master secret moves between OpenSSL's flag bit and
            // BoringSSL's [17] below; the other flag bits have no place
            // outside OpenSSL.
            F::Flags | F::ExtendedMasterSecret => {
                let other_bits = matches!(value, FieldValue::Int(v) if field == F::Flags
                    && v & !i128::from(FLAG_EXTENDED_MASTER_SECRET) != 0);
                if other_bits && to != Dialect::OpenSsl {
                    dropped.push(Dropped {
                        field,
                        why: "flags other than the extended master secret are OpenSSL's own",
                    });
                }
                continue;
            }
            // Implied by the raw public key's presence.
            F::PeerCertType => continue,
            F::IsServer => {
                if !to.is_boringssl_family() {
                    dropped.push(Dropped {
                        field,
                        why: "the target does not record the role",
                    });
                }
                continue;
            }
            _ => {}
        }
        if matches!(spec.placement(to), Placement::Absent) {
            dropped.push(Dropped {
                field,
                why: "the target does not store it",
            });
            continue;
        }
        let set = match value {
            FieldValue::Bytes(b) => out.set_bytes(field, Some(b.to_vec())).is_ok(),
            FieldValue::Int(v) => out.set_int(field, Some(v)).is_ok(),
            _ => false,
        };
        if !set {
            dropped.push(Dropped {
                field,
                why: "the value is outside what the target holds",
            });
        }
    }

    // What a resumption needs, by the target's rules.
    if ems {
        match to {
            Dialect::OpenSsl => {
                let flags = out.flags().unwrap_or(0) | FLAG_EXTENDED_MASTER_SECRET;
                out.set_flags(Some(flags));
            }
            Dialect::BoringSsl | Dialect::AwsLc => out.set_extended_master_secret(Some(true)),
            _ => {
                return Err(refuse(
                    F::ExtendedMasterSecret,
                    "LibreSSL does not record the extended master secret (RFC 7627), \
                     without which the session would not resume",
                ))
            }
        }
    }
    if pv.is_tls13() && session.ticket_age_add().is_some() && out.ticket_age_add().is_none() {
        return Err(refuse(
            F::TicketAgeAdd,
            "a TLS 1.3 ticket is offered with its obfuscated age, which needs the age add",
        ));
    }
    // OpenSSL keeps the ticket lifetime hint in 64 bits, the others in 32.
    if to != Dialect::OpenSsl
        && out
            .ticket_lifetime_hint()
            .is_some_and(|h| h > u64::from(u32::MAX))
    {
        out.set_ticket_lifetime_hint(None);
        dropped.push(Dropped {
            field: F::TicketLifetimeHint,
            why: "above the target's 32 bits",
        });
    }
    if from.is_boringssl_family()
        && !to.is_boringssl_family()
        && pv.is_tls13()
        && out.ticket().is_some_and(|t| !t.is_empty())
        && out.ticket_lifetime_hint().unwrap_or(0) == 0
    {
        // BoringSSL's and AWS-LC's TLS 1.3 clients keep the server's ticket
        // lifetime as the session's timeout and never set the hint
        // (tls13_client.cc); OpenSSL's client drops a TLS 1.3 ticket whose
        // hint is below its age (extensions_clnt.c), so it needs the hint.
        if let Some(t) = out.timeout().and_then(|t| u64::try_from(t).ok()) {
            out.set_ticket_lifetime_hint(Some(t));
        }
    }
    if to.is_boringssl_family() {
        // BoringSSL's group is a u16 and its verify result unsigned.
        if out.kex_group().is_some_and(|g| g > 0xFFFF) {
            out.set_kex_group(None);
            dropped.push(Dropped {
                field: F::KexGroup,
                why: "above BoringSSL's 16-bit group ids",
            });
        }
        if out.verify_result().is_some_and(|v| v < 0) {
            out.set_verify_result(None);
            dropped.push(Dropped {
                field: F::VerifyResult,
                why: "negative, which BoringSSL cannot write",
            });
        }
        if out.time().is_none() {
            return Err(refuse(
                F::Time,
                "BoringSSL and AWS-LC require the session's time",
            ));
        }
        if out.timeout().is_none() {
            // OpenSSL and LibreSSL read an absent timeout as 3 seconds.
            out.set_timeout(Some(session_model::DEFAULT_TIMEOUT));
        }
        let role = opts.role.or(match session.is_server() {
            Some(false) => Some(Role::Client),
            Some(true) => Some(Role::Server),
            None => None,
        });
        out.set_is_server((role == Some(Role::Client)).then_some(false));
        if out.peer_rpk().is_some() {
            // TLSEXT_cert_type_rpk: BoringSSL reads [33] only after [32] = 2.
            out.set_peer_cert_type(Some(2));
        }
    }

    // The target's own writer and reader decide.
    let der = encode(&out, Target::of_dialect(to)).map_err(ConvertError::Unwritable)?;
    decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(to).allow_trailing(false))
        .map_err(ConvertError::Unreadable)?;
    Ok(Converted {
        session: out,
        dropped,
    })
}
