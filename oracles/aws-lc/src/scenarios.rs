//! The handshakes `testdata/aws-lc/` was recorded from: each one names an
//! AWS-LC server and client setup and whether to resume once after it.

use crate::handshake::{self, Client, ClientConfig, Role, Server, ServerConfig};
use crate::session::Session;
use serde_json::{json, Value};

/// One recorded handshake setup.
pub struct Scenario {
    /// File-name stem.
    pub name: &'static str,
    /// What it exercises.
    pub about: &'static str,
    /// The server.
    pub server: ServerConfig,
    /// The client.
    pub client: ClientConfig,
    /// Resume once with the first client session and record that too.
    pub resume: bool,
}

const H2_HTTP11: &[u8] = b"\x02h2\x08http/1.1";

/// A well-formed SCT list (RFC 6962 `SignedCertificateTimestampList`: a
/// 2-byte length, then 2-byte-length-prefixed SCTs); AWS-LC checks the shape
/// only.
fn sct_list() -> Vec<u8> {
    let sct: Vec<u8> = (0u8..40).collect();
    let mut inner = vec![0, 40];
    inner.extend_from_slice(&sct);
    let mut out = vec![0, 42];
    out.extend(inner);
    out
}

/// Every scenario.
pub fn all() -> Vec<Scenario> {
    let tls12 = 0x0303;
    let verify = ClientConfig {
        verify: true,
        sni: Some("localhost"),
        ..Default::default()
    };
    vec![
        Scenario {
            name: "tls12-ticket",
            about: "TLS 1.2, ECDHE-RSA-AES128-GCM, stateless ticket, ALPN h2, SNI; resumed once",
            server: ServerConfig { max_version: tls12, alpn: true, ..Default::default() },
            client: ClientConfig { alpn: Some(H2_HTTP11.to_vec()), ..verify.clone() },
            resume: true,
        },
        Scenario {
            name: "tls12-sessionid",
            about: "TLS 1.2 with SSL_OP_NO_TICKET: session-ID cache (client and server sessions); resumed once",
            server: ServerConfig { max_version: tls12, tickets: false, ..Default::default() },
            client: verify.clone(),
            resume: true,
        },
        Scenario {
            name: "tls12-clientcert",
            about: "TLS 1.2, client certificate with its intermediate (server session holds leaf + chain)",
            server: ServerConfig {
                max_version: tls12,
                tickets: false,
                client_cert: true,
                ..Default::default()
            },
            client: ClientConfig { client_cert: true, ..verify.clone() },
            resume: false,
        },
        Scenario {
            name: "tls12-peer-sha256",
            about: "TLS 1.2, client certificate, server retains only its SHA-256 ([13])",
            server: ServerConfig {
                max_version: tls12,
                tickets: false,
                client_cert: true,
                sha256_only: true,
                ..Default::default()
            },
            client: ClientConfig { client_cert: true, ..verify.clone() },
            resume: false,
        },
        Scenario {
            name: "tls12-noverify-cbc",
            about: "TLS 1.2, ECDHE-RSA-AES128-SHA (0xC013), P-256, no trust store: verify_result recorded ([5])",
            server: ServerConfig {
                max_version: tls12,
                ciphers: Some("ECDHE-RSA-AES128-SHA"),
                groups: Some("P-256"),
                ..Default::default()
            },
            client: ClientConfig::default(),
            resume: false,
        },
        Scenario {
            name: "tls12-ocsp-sct",
            about: "TLS 1.2, stapled OCSP response and SCT list ([15], [16])",
            server: ServerConfig {
                max_version: tls12,
                ocsp: Some(b"not really an OCSP response".to_vec()),
                sct: Some(sct_list()),
                ..Default::default()
            },
            client: ClientConfig { ocsp_sct: true, ..verify.clone() },
            resume: false,
        },
        Scenario {
            name: "tls12-rsa-kx",
            about: "TLS 1.2, static RSA key exchange AES256-GCM-SHA384 (0x009D): no group",
            server: ServerConfig {
                max_version: tls12,
                ciphers: Some("AES256-GCM-SHA384"),
                ..Default::default()
            },
            client: verify.clone(),
            resume: false,
        },
        Scenario {
            name: "tls12-chacha-x25519",
            about: "TLS 1.2, ECDHE-RSA-CHACHA20-POLY1305, X25519, 60 s timeout",
            server: ServerConfig {
                max_version: tls12,
                ciphers: Some("ECDHE-RSA-CHACHA20-POLY1305"),
                groups: Some("X25519"),
                timeout: Some(60),
                ..Default::default()
            },
            client: verify.clone(),
            resume: false,
        },
        Scenario {
            name: "tls13-ticket",
            about: "TLS 1.3, AWS-LC's default groups, tickets (client: ticket, age add, lifetime hint)",
            server: ServerConfig::default(),
            client: verify.clone(),
            resume: false,
        },
        Scenario {
            name: "tls13-early-alpn",
            about: "TLS 1.3 with 0-RTT enabled and ALPN h2 (max early data, early ALPN); resumed once with 0-RTT",
            server: ServerConfig { early_data: true, alpn: true, ..Default::default() },
            client: ClientConfig { alpn: Some(H2_HTTP11.to_vec()), early_data: true, ..verify.clone() },
            resume: true,
        },
        Scenario {
            name: "tls13-clientcert",
            about: "TLS 1.3, client certificate with chain, P-384",
            server: ServerConfig { client_cert: true, groups: Some("P-384"), ..Default::default() },
            client: ClientConfig { client_cert: true, groups: Some("P-384"), ..verify.clone() },
            resume: false,
        },
        Scenario {
            name: "tls13-psk-dhe-timeout",
            about: "TLS 1.3, timeout 7200 s, PSK-DHE timeout 600 s; resumed once (auth timeout differs: [25])",
            server: ServerConfig { timeout: Some(7200), psk_dhe_timeout: Some(600), ..Default::default() },
            client: verify,
            resume: true,
        },
    ]
}

/// One session a scenario produced, ready to be written.
pub struct Recorded {
    /// File-name stem.
    pub name: String,
    /// `SSL_SESSION_to_bytes`.
    pub der: Vec<u8>,
    /// The JSON record (getters, connection values, provenance).
    pub json: Value,
}

fn record(
    out: &mut Vec<Recorded>,
    scenario: &Scenario,
    name: String,
    role: Role,
    source: &str,
    session: &Session,
    connection: &Value,
) {
    let der = session.to_bytes();
    if der == b"NOT RESUMABLE" {
        return;
    }
    out.push(Recorded {
        json: json!({
            "aws_lc": crate::version(),
            "scenario": scenario.name,
            "about": scenario.about,
            "role": role.name(),
            "source": source,
            "getters": session.getters(),
            "connection": connection,
        }),
        name,
        der,
    });
}

/// Runs `scenario` (and its resumption) and returns what to record: the
/// first session each side's callback received, the server's established
/// session, and from the resumption the same again.
pub fn run(scenario: &Scenario) -> Result<Vec<Recorded>, String> {
    let server = Server::new(scenario.server.clone())?;
    let client = Client::new(scenario.client.clone())?;
    let first = handshake::run(&client, &server, None)?;
    let mut out = Vec::new();
    collect(&mut out, scenario, "", &first);
    if scenario.resume {
        let offered = first
            .sessions
            .iter()
            .find(|(r, _)| *r == Role::Client)
            .map(|(_, s)| s)
            .ok_or("no client session to resume")?;
        let again = handshake::run(&client, &server, Some(offered))?;
        if !again.reused {
            return Err(format!("{}: resumption was not reused", scenario.name));
        }
        collect(&mut out, scenario, "-resumed", &again);
    }
    Ok(out)
}

fn collect(out: &mut Vec<Recorded>, scenario: &Scenario, suffix: &str, h: &handshake::Handshake) {
    for role in [Role::Client, Role::Server] {
        let conn = if role == Role::Client {
            &h.client
        } else {
            &h.server
        };
        if let Some((_, s)) = h.sessions.iter().find(|(r, _)| *r == role) {
            let name = format!("{}{suffix}-{}", scenario.name, role.name());
            record(out, scenario, name, role, "new_session_cb", s, conn);
        }
    }
    if let Some((_, s)) = h.established.iter().find(|(r, _)| *r == Role::Server) {
        let name = format!("{}{suffix}-server-established", scenario.name);
        // The server's established session is the one the callback got when
        // it caches by ID: record it once.
        if !out.iter().any(|r| r.der == s.to_bytes()) {
            record(
                out,
                scenario,
                name,
                Role::Server,
                "SSL_get1_session",
                s,
                &h.server,
            );
        }
    }
}
