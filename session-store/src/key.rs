//! What a session is cached under, and the storage keys the backends see.
//!
//! Every storage key starts with the store's namespace and holds its
//! distinguishing part in braces — a Redis Cluster *hash tag* — so that all
//! keys of one cache slot (a server session, or one peer's list of tickets and
//! its entries) hash to the same cluster slot and one Lua script or
//! transaction may touch them together.

use std::fmt;

/// A server-side cache key: the session id and the session id context, as
/// OpenSSL matches them (`ssl_get_prev_session` looks a session up by id and
/// then refuses it unless its `sid_ctx` equals the connection's).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ServerKey {
    session_id: Vec<u8>,
    sid_ctx: Vec<u8>,
}

impl ServerKey {
    /// The key of a session with `session_id` made under `sid_ctx` (the value
    /// given to `SSL_CTX_set_session_id_context`; empty when none was set).
    pub fn new(session_id: &[u8], sid_ctx: &[u8]) -> Self {
        ServerKey {
            session_id: session_id.to_vec(),
            sid_ctx: sid_ctx.to_vec(),
        }
    }

    /// The session id.
    pub fn session_id(&self) -> &[u8] {
        &self.session_id
    }

    /// The session id context.
    pub fn sid_ctx(&self) -> &[u8] {
        &self.sid_ctx
    }

    /// The storage key in `namespace`: `NS:s:{CTX.ID}` with both in hex.
    pub fn storage_key(&self, namespace: &Namespace) -> String {
        format!(
            "{}:s:{{{}.{}}}",
            namespace.0,
            hex(&self.sid_ctx),
            hex(&self.session_id)
        )
    }
}

impl fmt::Debug for ServerKey {
    // A session id is public (it travels in clear in the handshake), so it is
    // shown; it is no secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ServerKey(ctx {}, id {})",
            hex(&self.sid_ctx),
            hex(&self.session_id)
        )
    }
}

/// A client-side cache key: the peer a client talks to — host, port and the
/// server name it sends (SNI) — under which it keeps several sessions.
///
/// Two connections to the same address with different server names are
/// different peers: a session is only good for the name it was made with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PeerKey {
    host: String,
    port: u16,
    server_name: Option<String>,
}

impl PeerKey {
    /// A peer at `host:port`, sending `host` as its server name when `host`
    /// is a DNS name (no SNI for an IP address, as RFC 6066 §3 requires).
    ///
    /// Names are compared as DNS compares them: ASCII case-insensitively, and
    /// with or without the root's trailing dot (`example.com.` is
    /// `example.com`).
    pub fn new(host: &str, port: u16) -> Self {
        let is_ip = host.parse::<std::net::IpAddr>().is_ok()
            || host.starts_with('[') && host.ends_with(']');
        let host = dns_name(host);
        PeerKey {
            server_name: (!is_ip && !host.is_empty()).then(|| host.clone()),
            host,
            port,
        }
    }

    /// The same peer with another (or no) server name; an empty name is
    /// none (no SNI extension can carry one).
    #[must_use]
    pub fn with_server_name(mut self, server_name: Option<&str>) -> Self {
        self.server_name = server_name.map(dns_name).filter(|n| !n.is_empty());
        self
    }

    /// The host (lowercase).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server name sent (lowercase), if any.
    pub fn server_name(&self) -> Option<&str> {
        self.server_name.as_deref()
    }

    /// The storage key of the peer's list in `namespace`:
    /// `NS:c:{HOST:PORT/SNI}` (host and name percent-encoded where they hold
    /// `{`, `}`, `%`, `/` or control bytes, so no two peers share a key).
    pub fn storage_key(&self, namespace: &Namespace) -> String {
        format!(
            "{}:c:{{{}:{}/{}}}",
            namespace.0,
            escape(&self.host),
            self.port,
            self.server_name.as_deref().map(escape).unwrap_or_default()
        )
    }
}

impl fmt::Display for PeerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.server_name {
            Some(name) if *name == self.host => write!(f, "{}:{}", self.host, self.port),
            Some(name) => write!(f, "{}:{} (SNI {name})", self.host, self.port),
            None => write!(f, "{}:{} (no SNI)", self.host, self.port),
        }
    }
}

/// The prefix of every storage key of a store, so that several caches (or
/// other data) share one database or Redis. Default: `sslsession`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Namespace(String);

impl Namespace {
    /// A namespace; `{`, `}`, `%` and `:`-free names keep the key layout
    /// unambiguous, so other bytes are percent-encoded.
    pub fn new(name: &str) -> Self {
        Namespace(escape(name).replace(':', "%3A"))
    }

    /// The prefix as it appears in keys.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Namespace {
    fn default() -> Self {
        Namespace("sslsession".to_owned())
    }
}

/// A host or server name as DNS compares it: lowercase, without the root's
/// trailing dot.
fn dns_name(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Percent-encodes the bytes that would break the key layout (`{`, `}`
/// delimit the hash tag, `/` separates the server name, `%` is the escape) and
/// every byte outside printable ASCII.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_graphic() && !matches!(b, b'{' | b'}' | b'%' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_keys_hold_context_and_id_in_one_hash_tag() {
        let key = ServerKey::new(&[0xab, 0x01], b"ctx");
        assert_eq!(
            key.storage_key(&Namespace::default()),
            "sslsession:s:{637478.ab01}"
        );
        // Same id, another context: another key (OpenSSL would refuse it).
        assert_ne!(
            key.storage_key(&Namespace::default()),
            ServerKey::new(&[0xab, 0x01], b"").storage_key(&Namespace::default())
        );
    }

    #[test]
    fn peer_keys_separate_server_names_and_escape_the_layout() {
        let ns = Namespace::new("cache");
        let peer = PeerKey::new("Example.COM", 443);
        assert_eq!(
            peer.storage_key(&ns),
            "cache:c:{example.com:443/example.com}"
        );
        assert_eq!(PeerKey::new("192.0.2.7", 443).server_name(), None);
        assert_eq!(PeerKey::new("[2001:db8::1]", 443).server_name(), None);
        let other = peer.clone().with_server_name(Some("a/b}"));
        assert_eq!(other.storage_key(&ns), "cache:c:{example.com:443/a%2Fb%7D}");
        assert_eq!(Namespace::new("a:b{").as_str(), "a%3Ab%7B");
        // DNS names: case and the root's dot do not make another peer; an
        // empty server name is none.
        assert_eq!(
            PeerKey::new("EXAMPLE.com.", 443),
            PeerKey::new("example.com", 443)
        );
        assert_eq!(
            PeerKey::new("example.com", 443)
                .with_server_name(Some(""))
                .server_name(),
            None
        );
    }
}
