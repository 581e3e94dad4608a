//! The session record: every field OpenSSL 3.x stores.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;

use crate::cipher::CipherSuite;
use crate::field::Field;
use crate::limits::{
    check_len, LimitError, MAX_MASTER_KEY_LEN, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN,
};
use crate::protocol::ProtocolVersion;
use crate::secret::Secret;
use crate::storage::ByteStorage;

/// Where a session came from, which decides how an encoder writes it by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Origin {
    /// Decoded from bytes: by default it is written back exactly as it was read
    /// (explicit zeros, an absent `[4]` or `[19]`, a `[0]` key_arg all kept).
    Decoded,
    /// Built by a program: by default it is written with OpenSSL 3.x's presence
    /// rules (`[4]` and `[19]` always, zero-valued integers omitted).
    Built,
}

/// An OpenSSL `SSL_SESSION`, with byte fields held in `B` (see [`ByteStorage`]).
///
/// Every optional element of the encoding is an `Option`: `None` is *absent*,
/// `Some(empty)` is *present but empty*, and `Some(0)` is an explicitly encoded
/// zero — so anything a decoder accepts can be written back byte for byte. The
/// `effective_*` methods apply OpenSSL's rules for absent values without
/// changing what is stored.
///
/// Setters enforce OpenSSL's limits and return [`LimitError`] instead of truncating.
pub struct Session<B: ByteStorage> {
    origin: Origin,
    protocol_version: ProtocolVersion,
    cipher: CipherSuite,
    session_id: B,
    master_key: Secret<B>,
    key_arg: Option<B>,
    time: Option<i64>,
    timeout: Option<i64>,
    peer_certificate: Option<B>,
    sid_ctx: Option<B>,
    verify_result: Option<i32>,
    hostname: Option<B>,
    psk_identity_hint: Option<B>,
    psk_identity: Option<B>,
    ticket_lifetime_hint: Option<u64>,
    ticket: Option<B>,
    compression_id: Option<u8>,
    srp_username: Option<B>,
    flags: Option<u64>,
    ticket_age_add: Option<u32>,
    max_early_data: Option<u32>,
    alpn_selected: Option<B>,
    max_fragment_len_mode: Option<u32>,
    ticket_appdata: Option<B>,
    kex_group: Option<u32>,
    peer_rpk: Option<B>,
}

/// The zero-copy view a decoder returns: every byte field points into the input.
pub type SessionRef<'a> = Session<&'a [u8]>;
/// An owned session whose fields share one [`Bytes`] buffer.
pub type BytesSession = Session<Bytes>;
/// An ordinary owned session.
pub type OwnedSession = Session<Vec<u8>>;
/// A session that borrows from its input where it can.
pub type CowSession<'a> = Session<Cow<'a, [u8]>>;

/// `SSL_SESS_FLAG_EXTMS`: the session used the extended master secret (RFC 7627).
pub const FLAG_EXTENDED_MASTER_SECRET: u64 = 1;

/// OpenSSL's default timeout for a session whose `[2]` is absent or zero (seconds).
pub const DEFAULT_TIMEOUT: i64 = 3;

/// The one list of a session's fields for conversions between storages:
/// builds `Ok(Session)` from `$s`, passing each byte field (`$r` is `&` to
/// lend it, empty to move it) through the fallible `$bytes`; `$key` is the
/// converted master key; plain values are copied.
macro_rules! rebuild {
    ($s:ident [$($r:tt)?], $bytes:ident, $key:expr) => {
        Ok(Session {
            origin: $s.origin,
            protocol_version: $s.protocol_version,
            cipher: $s.cipher,
            session_id: $bytes($($r)? $s.session_id)?,
            master_key: Secret::new($key),
            key_arg: match $($r)? $s.key_arg { Some(b) => Some($bytes(b)?), None => None },
            time: $s.time,
            timeout: $s.timeout,
            peer_certificate: match $($r)? $s.peer_certificate { Some(b) => Some($bytes(b)?), None => None },
            sid_ctx: match $($r)? $s.sid_ctx { Some(b) => Some($bytes(b)?), None => None },
            verify_result: $s.verify_result,
            hostname: match $($r)? $s.hostname { Some(b) => Some($bytes(b)?), None => None },
            psk_identity_hint: match $($r)? $s.psk_identity_hint { Some(b) => Some($bytes(b)?), None => None },
            psk_identity: match $($r)? $s.psk_identity { Some(b) => Some($bytes(b)?), None => None },
            ticket_lifetime_hint: $s.ticket_lifetime_hint,
            ticket: match $($r)? $s.ticket { Some(b) => Some($bytes(b)?), None => None },
            compression_id: $s.compression_id,
            srp_username: match $($r)? $s.srp_username { Some(b) => Some($bytes(b)?), None => None },
            flags: $s.flags,
            ticket_age_add: $s.ticket_age_add,
            max_early_data: $s.max_early_data,
            alpn_selected: match $($r)? $s.alpn_selected { Some(b) => Some($bytes(b)?), None => None },
            max_fragment_len_mode: $s.max_fragment_len_mode,
            ticket_appdata: match $($r)? $s.ticket_appdata { Some(b) => Some($bytes(b)?), None => None },
            kex_group: $s.kex_group,
            peer_rpk: match $($r)? $s.peer_rpk { Some(b) => Some($bytes(b)?), None => None },
        })
    };
}

macro_rules! bytes_field {
    ($(#[$doc:meta])* $get:ident, $set:ident, $field:ident) => {
        $(#[$doc])*
        pub fn $get(&self) -> Option<&[u8]> {
            self.$field.as_ref().map(AsRef::as_ref)
        }

        #[doc = concat!("Sets `", stringify!($field), "` (`None` removes it).")]
        pub fn $set(&mut self, value: Option<B>) {
            self.$field = value;
        }
    };
}

macro_rules! int_field {
    ($(#[$doc:meta])* $get:ident, $set:ident, $field:ident, $ty:ty) => {
        $(#[$doc])*
        pub fn $get(&self) -> Option<$ty> {
            self.$field
        }

        #[doc = concat!("Sets `", stringify!($field), "`: `None` omits it, `Some(0)` writes an explicit zero.")]
        pub fn $set(&mut self, value: Option<$ty>) {
            self.$field = value;
        }
    };
}

impl<B: ByteStorage> Session<B> {
    /// A session built from scratch, as `SSL_SESSION_new()` plus
    /// `SSL_SESSION_set_protocol_version` and `SSL_SESSION_set_cipher` leave it
    /// once a handshake has run: an empty id and key, an empty `[4]` and
    /// `kex_group` 0 (both always written by OpenSSL 3.x), everything else absent.
    pub fn new(protocol_version: ProtocolVersion, cipher: CipherSuite) -> Self {
        Session {
            origin: Origin::Built,
            protocol_version,
            cipher,
            session_id: B::default(),
            master_key: Secret::new(B::default()),
            key_arg: None,
            time: None,
            timeout: None,
            peer_certificate: None,
            sid_ctx: Some(B::default()),
            verify_result: None,
            hostname: None,
            psk_identity_hint: None,
            psk_identity: None,
            ticket_lifetime_hint: None,
            ticket: None,
            compression_id: None,
            srp_username: None,
            flags: None,
            ticket_age_add: None,
            max_early_data: None,
            alpn_selected: None,
            max_fragment_len_mode: None,
            ticket_appdata: None,
            kex_group: Some(0),
            peer_rpk: None,
        }
    }

    /// A session with only the five mandatory elements, as a decoder starts it.
    /// Its origin is [`Origin::Decoded`]: nothing optional is present.
    pub fn bare(protocol_version: ProtocolVersion, cipher: CipherSuite) -> Self {
        let mut s = Self::new(protocol_version, cipher);
        s.origin = Origin::Decoded;
        s.sid_ctx = None;
        s.kex_group = None;
        s
    }

    /// Where the session came from; decides the default encoding (see [`Origin`]).
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Changes the origin, e.g. to write a decoded session with OpenSSL's presence rules.
    pub fn set_origin(&mut self, origin: Origin) {
        self.origin = origin;
    }

    /// The protocol version (`SSL_SESSION_get_protocol_version`).
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.protocol_version
    }

    /// Sets the protocol version. Any value is stored; OpenSSL only reads back
    /// those of [`ProtocolVersion::is_accepted_by_openssl`].
    pub fn set_protocol_version(&mut self, v: ProtocolVersion) {
        self.protocol_version = v;
    }

    /// The cipher suite.
    pub fn cipher(&self) -> CipherSuite {
        self.cipher
    }

    /// Sets the cipher suite.
    pub fn set_cipher(&mut self, c: CipherSuite) {
        self.cipher = c;
    }

    /// The session id (`SSL_SESSION_get_id`).
    pub fn session_id(&self) -> &[u8] {
        self.session_id.as_ref()
    }

    /// Sets the session id (`SSL_SESSION_set1_id`).
    ///
    /// # Errors
    /// More than 32 bytes.
    pub fn set_session_id(&mut self, id: B) -> Result<(), LimitError> {
        check_len(Field::SessionId, id.as_ref(), MAX_SESSION_ID_LEN)?;
        self.session_id = id;
        Ok(())
    }

    /// The master key (TLS ≤ 1.2) or resumption PSK (TLS 1.3).
    pub fn master_key(&self) -> &Secret<B> {
        &self.master_key
    }

    /// Sets the master key (`SSL_SESSION_set1_master_key`).
    ///
    /// # Errors
    /// More than 512 bytes (`TLS13_MAX_RESUMPTION_PSK_LENGTH` in OpenSSL 3.x).
    pub fn set_master_key(&mut self, key: B) -> Result<(), LimitError> {
        check_len(Field::MasterKey, key.as_ref(), MAX_MASTER_KEY_LEN)?;
        self.master_key = Secret::new(key);
        Ok(())
    }

    bytes_field!(
        /// `[0]` key_arg: an SSLv2 relic that OpenSSL 1.1.0+ reads and drops.
        key_arg, set_key_arg, key_arg
    );

    int_field!(
        /// `[1]` the time the session was made, in seconds since the epoch, as stored.
        time, set_time, time, i64
    );

    int_field!(
        /// `[2]` the lifetime in seconds, as stored.
        timeout, set_timeout, timeout, i64
    );

    bytes_field!(
        /// `[3]` the peer's leaf certificate, DER, as it was received.
        peer_certificate, set_peer_certificate, peer_certificate
    );

    /// `[4]` the session id context. OpenSSL 3.x always writes it, empty or not.
    pub fn sid_ctx(&self) -> Option<&[u8]> {
        self.sid_ctx.as_ref().map(AsRef::as_ref)
    }

    /// Sets the session id context (`SSL_SESSION_set1_id_context`); `None` omits `[4]`,
    /// which only a pre-1.1.0 writer did.
    ///
    /// # Errors
    /// More than 32 bytes.
    pub fn set_sid_ctx(&mut self, ctx: Option<B>) -> Result<(), LimitError> {
        if let Some(c) = &ctx {
            check_len(Field::SidCtx, c.as_ref(), MAX_SID_CTX_LEN)?;
        }
        self.sid_ctx = ctx;
        Ok(())
    }

    int_field!(
        /// `[5]` the certificate verification result (`X509_V_OK` = 0 when absent).
        verify_result, set_verify_result, verify_result, i32
    );

    bytes_field!(
        /// `[6]` the SNI host name, as stored (OpenSSL cuts it at the first NUL when it reads it).
        hostname, set_hostname, hostname
    );

    bytes_field!(
        /// `[7]` the PSK identity hint.
        psk_identity_hint, set_psk_identity_hint, psk_identity_hint
    );

    bytes_field!(
        /// `[8]` the PSK identity.
        psk_identity, set_psk_identity, psk_identity
    );

    int_field!(
        /// `[9]` the ticket lifetime hint in seconds.
        ticket_lifetime_hint, set_ticket_lifetime_hint, ticket_lifetime_hint, u64
    );

    bytes_field!(
        /// `[10]` the session ticket (present but empty is possible).
        ticket, set_ticket, ticket
    );

    int_field!(
        /// `[11]` the compression method id (one byte).
        compression_id, set_compression_id, compression_id, u8
    );

    bytes_field!(
        /// `[12]` the SRP user name.
        srp_username, set_srp_username, srp_username
    );

    int_field!(
        /// `[13]` flags as stored (OpenSSL keeps only the low 32 bits when it reads them).
        flags, set_flags, flags, u64
    );

    int_field!(
        /// `[14]` the TLS 1.3 ticket age add.
        ticket_age_add, set_ticket_age_add, ticket_age_add, u32
    );

    int_field!(
        /// `[15]` the TLS 1.3 max early data.
        max_early_data, set_max_early_data, max_early_data, u32
    );

    bytes_field!(
        /// `[16]` the selected ALPN protocol.
        alpn_selected, set_alpn_selected, alpn_selected
    );

    int_field!(
        /// `[17]` the max fragment length mode as stored (OpenSSL keeps it mod 256).
        max_fragment_len_mode, set_max_fragment_len_mode, max_fragment_len_mode, u32
    );

    bytes_field!(
        /// `[18]` application data carried in the ticket.
        ticket_appdata, set_ticket_appdata, ticket_appdata
    );

    int_field!(
        /// `[19]` the key exchange group (a TLS group id, e.g. 0x1d for x25519).
        kex_group, set_kex_group, kex_group, u32
    );

    bytes_field!(
        /// `[20]` the peer's raw public key, DER SubjectPublicKeyInfo (OpenSSL 3.2+, RFC 7250).
        peer_rpk, set_peer_rpk, peer_rpk
    );

    /// Checks the limits a setter would check, for a session whose fields came
    /// from elsewhere.
    ///
    /// # Errors
    /// The first field over its limit.
    pub fn check_limits(&self) -> Result<(), LimitError> {
        check_len(Field::SessionId, self.session_id(), MAX_SESSION_ID_LEN)?;
        check_len(
            Field::MasterKey,
            self.master_key.expose(),
            MAX_MASTER_KEY_LEN,
        )?;
        if let Some(c) = self.sid_ctx() {
            check_len(Field::SidCtx, c, MAX_SID_CTX_LEN)?;
        }
        Ok(())
    }

    /// Converts every byte field with `f`, keeping all other values.
    ///
    /// `f` sees the storage by reference so that `self` still wipes its own key
    /// when dropped. This is how a borrowed view becomes an owned session:
    /// `view.convert(|b| b.to_vec())`.
    pub fn convert<'s, C: ByteStorage>(&'s self, mut f: impl FnMut(&'s B) -> C) -> Session<C> {
        match self.map_storage(|b| Ok::<C, std::convert::Infallible>(f(b))) {
            Ok(s) => s,
            Err(never) => match never {},
        }
    }

    /// Like [`Session::convert`], but `f` may refuse a field (returning `None`).
    pub fn try_convert<'s, C: ByteStorage>(
        &'s self,
        mut f: impl FnMut(&'s B) -> Option<C>,
    ) -> Option<Session<C>> {
        self.map_storage(|b| f(b).ok_or(())).ok()
    }

    fn map_storage<'s, C: ByteStorage, E>(
        &'s self,
        mut f: impl FnMut(&'s B) -> Result<C, E>,
    ) -> Result<Session<C>, E> {
        rebuild!(self [&], f, f(self.master_key.storage())?)
    }

    /// Converts every byte field with `f`, consuming the session: storage that
    /// `f` can reuse (a reassembled buffer, say) moves instead of being copied.
    pub fn into_storage<C: ByteStorage>(mut self, mut f: impl FnMut(B) -> C) -> Session<C> {
        let key = std::mem::replace(&mut self.master_key, Secret::new(B::default())).into_inner();
        let mut f = |b: B| Ok::<C, std::convert::Infallible>(f(b));
        let rebuilt: Result<Session<C>, std::convert::Infallible> =
            (|| rebuild!(self [], f, f(key)?))();
        match rebuilt {
            Ok(s) => s,
            Err(never) => match never {},
        }
    }

    /// An owned copy of this session.
    pub fn to_owned_session(&self) -> OwnedSession {
        self.convert(|b| b.as_ref().to_vec())
    }

    /// A borrowed view of this session.
    pub fn as_view(&self) -> SessionRef<'_> {
        self.convert(|b| b.as_ref())
    }
}

impl<B: ByteStorage + Clone> Clone for Session<B> {
    fn clone(&self) -> Self {
        self.convert(Clone::clone)
    }
}

/// Sessions are equal when every stored value is equal, whatever the storage.
impl<B: ByteStorage, C: ByteStorage> PartialEq<Session<C>> for Session<B> {
    fn eq(&self, o: &Session<C>) -> bool {
        fn ob<B: AsRef<[u8]>, C: AsRef<[u8]>>(a: &Option<B>, b: &Option<C>) -> bool {
            a.as_ref().map(AsRef::as_ref) == b.as_ref().map(AsRef::as_ref)
        }
        self.protocol_version == o.protocol_version
            && self.cipher == o.cipher
            && self.session_id.as_ref() == o.session_id.as_ref()
            && self.master_key.expose() == o.master_key.expose()
            && ob(&self.key_arg, &o.key_arg)
            && self.time == o.time
            && self.timeout == o.timeout
            && ob(&self.peer_certificate, &o.peer_certificate)
            && ob(&self.sid_ctx, &o.sid_ctx)
            && self.verify_result == o.verify_result
            && ob(&self.hostname, &o.hostname)
            && ob(&self.psk_identity_hint, &o.psk_identity_hint)
            && ob(&self.psk_identity, &o.psk_identity)
            && self.ticket_lifetime_hint == o.ticket_lifetime_hint
            && ob(&self.ticket, &o.ticket)
            && self.compression_id == o.compression_id
            && ob(&self.srp_username, &o.srp_username)
            && self.flags == o.flags
            && self.ticket_age_add == o.ticket_age_add
            && self.max_early_data == o.max_early_data
            && ob(&self.alpn_selected, &o.alpn_selected)
            && self.max_fragment_len_mode == o.max_fragment_len_mode
            && ob(&self.ticket_appdata, &o.ticket_appdata)
            && self.kex_group == o.kex_group
            && ob(&self.peer_rpk, &o.peer_rpk)
    }
}

impl<B: ByteStorage> Eq for Session<B> {}

struct Hex<'a>(&'a [u8]);

impl fmt::Debug for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Long values (certificates, tickets) would drown the rest; their length is what helps.
        if self.0.len() > 64 {
            return write!(f, "<{} bytes>", self.0.len());
        }
        f.write_str("\"")?;
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        f.write_str("\"")
    }
}

impl<B: ByteStorage> fmt::Debug for Session<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn h<B: AsRef<[u8]>>(o: &Option<B>) -> Option<Hex<'_>> {
            o.as_ref().map(|b| Hex(b.as_ref()))
        }
        f.debug_struct("Session")
            .field("origin", &self.origin)
            .field("protocol_version", &self.protocol_version)
            .field("cipher", &self.cipher)
            .field("session_id", &Hex(self.session_id.as_ref()))
            .field("master_key", &self.master_key)
            .field("key_arg", &h(&self.key_arg))
            .field("time", &self.time)
            .field("timeout", &self.timeout)
            .field("peer_certificate", &h(&self.peer_certificate))
            .field("sid_ctx", &h(&self.sid_ctx))
            .field("verify_result", &self.verify_result)
            .field("hostname", &h(&self.hostname))
            .field("psk_identity_hint", &h(&self.psk_identity_hint))
            .field("psk_identity", &h(&self.psk_identity))
            .field("ticket_lifetime_hint", &self.ticket_lifetime_hint)
            .field("ticket", &h(&self.ticket))
            .field("compression_id", &self.compression_id)
            .field("srp_username", &h(&self.srp_username))
            .field("flags", &self.flags)
            .field("ticket_age_add", &self.ticket_age_add)
            .field("max_early_data", &self.max_early_data)
            .field("alpn_selected", &h(&self.alpn_selected))
            .field("max_fragment_len_mode", &self.max_fragment_len_mode)
            .field("ticket_appdata", &h(&self.ticket_appdata))
            .field("kex_group", &self.kex_group)
            .field("peer_rpk", &h(&self.peer_rpk))
            .finish()
    }
}
