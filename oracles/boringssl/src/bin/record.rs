//! Records sessions from real BoringSSL handshakes into
//! `testdata/boringssl/sessions/`: for each, `NAME.der` (BoringSSL's
//! `SSL_SESSION_to_bytes`) and `NAME.json` (what BoringSSL's getters report
//! for it, what the connection negotiated, and how it was made).
//!
//! `cargo run --bin record` (with test.sh's CARGO_TARGET_DIR); see README.md.

use std::path::Path;

use boring::ssl::SslVersion;
use serde_json::{json, Value};
use sslsession_oracle_boringssl::bssl::{self, Session};
use sslsession_oracle_boringssl::tls::{Options, Server};
use sslsession_oracle_boringssl::{testdata, Result};

/// An OCSP response for the stapling handshakes (BoringSSL staples any bytes).
const OCSP: &[u8] = b"\x30\x03\x0a\x01\x00";
/// A signed-certificate-timestamp list: one 4-byte "SCT" (the list must be
/// well-formed for `SSL_CTX_set_signed_cert_timestamp_list`).
const SCT: &[u8] = b"\x00\x06\x00\x04sct!";

fn save(dir: &Path, name: &str, how: &str, s: &Session, connection: &Value) -> Result<()> {
    let der = s.to_bytes().ok_or("SSL_SESSION_to_bytes failed")?;
    let i2d = s.i2d().ok_or("i2d_SSL_SESSION failed")?;
    if i2d != der {
        return Err(format!("{name}: i2d_SSL_SESSION differs from SSL_SESSION_to_bytes").into());
    }
    // What BoringSSL reads back from the bytes (the tests compare against
    // this, and re-check it live).
    let back = bssl::from_bytes(&der).ok_or("SSL_SESSION_from_bytes refused its own bytes")?;
    let report = back.report();
    if report != s.report() {
        return Err(format!("{name}: the getters differ after a round trip").into());
    }
    let json = json!({
        "how": how,
        "getters": report,
        "connection": connection,
    });
    std::fs::write(dir.join(format!("{name}.der")), &der)?;
    std::fs::write(
        dir.join(format!("{name}.json")),
        serde_json::to_string_pretty(&json)? + "\n",
    )?;
    println!("{name}: {} bytes", der.len());
    Ok(())
}

/// The last session a collector got (TLS 1.3 clients receive several tickets).
fn last(v: &[Session], what: &str) -> Result<Session> {
    v.last()
        .cloned()
        .ok_or_else(|| format!("{what}: no session").into())
}

fn main() -> Result<()> {
    let dir = testdata().join("sessions");
    std::fs::create_dir_all(&dir)?;
    let v12 = SslVersion::TLS1_2;
    let v13 = SslVersion::TLS1_3;

    // TLS 1.2, stateless ticket, ALPN h2, SNI.
    let server = Server::new(Options::new(v12))?;
    let h = server.handshake(None)?;
    let how = "TLS 1.2, session ticket, ALPN h2, SNI server.test";
    save(
        &dir,
        "tls12-ticket-client",
        &format!("{how}; client, new-session callback"),
        &last(&h.client_sessions, "tls12 ticket client")?,
        &h.client_facts,
    )?;
    save(
        &dir,
        "tls12-ticket-server",
        &format!("{how}; server, SSL_get_session"),
        &h.server_session,
        &h.server_facts,
    )?;

    // TLS 1.2, session-id cache, client certificate, both ends send chains.
    let mut o = Options::new(v12);
    o.tickets = false;
    o.client_cert = true;
    o.send_chain = true;
    o.alpn = None;
    let server = Server::new(o)?;
    let h = server.handshake(None)?;
    let how = "TLS 1.2, session-id cache (SSL_OP_NO_TICKET), client certificate, both send leaf + intermediate, no ALPN";
    save(
        &dir,
        "tls12-session-id-client-cert-client",
        &format!("{how}; client, new-session callback"),
        &last(&h.client_sessions, "tls12 sid client")?,
        &h.client_facts,
    )?;
    save(
        &dir,
        "tls12-session-id-client-cert-server",
        &format!("{how}; server, its cache's new-session callback"),
        &last(&h.server_sessions, "tls12 sid server")?,
        &h.server_facts,
    )?;
    // Resume it: the server finds it in its cache.
    let resumed = server.handshake(Some(&last(&h.client_sessions, "tls12 sid client")?))?;
    if resumed.client_facts["session_reused"] != true {
        return Err("tls12 session-id resumption did not resume".into());
    }
    save(
        &dir,
        "tls12-session-id-resumed-client",
        &format!("{how}; resumed; client, SSL_get_session"),
        &resumed.client_session,
        &resumed.client_facts,
    )?;

    // TLS 1.2 with OCSP stapling and SCTs; server keeps only the SHA-256 of
    // the client certificate.
    let mut o = Options::new(v12);
    o.ocsp = Some(OCSP);
    o.sct = Some(SCT);
    o.client_cert = true;
    o.sha256_only = true;
    o.tickets = false;
    let server = Server::new(o)?;
    let h = server.handshake(None)?;
    let how = "TLS 1.2, session-id cache, OCSP stapled, SCT list, client certificate kept as SHA-256 only (SSL_CTX_set_retain_only_sha256_of_client_certs)";
    save(
        &dir,
        "tls12-ocsp-sct-client",
        &format!("{how}; client, new-session callback"),
        &last(&h.client_sessions, "tls12 ocsp client")?,
        &h.client_facts,
    )?;
    save(
        &dir,
        "tls12-sha256-server",
        &format!("{how}; server, its cache's new-session callback"),
        &last(&h.server_sessions, "tls12 sha256 server")?,
        &h.server_facts,
    )?;

    // TLS 1.3, tickets, client certificate, ALPN, early data enabled.
    let mut o = Options::new(v13);
    o.client_cert = true;
    o.early_data = true;
    o.send_chain = true;
    let server = Server::new(o)?;
    let h = server.handshake(None)?;
    let how = "TLS 1.3, session tickets, client certificate, server sends leaf + intermediate, ALPN h2, SNI, early data enabled";
    let ticket = last(&h.client_sessions, "tls13 client")?;
    save(
        &dir,
        "tls13-ticket-client",
        &format!("{how}; client, new-session callback (last ticket)"),
        &ticket,
        &h.client_facts,
    )?;
    save(
        &dir,
        "tls13-ticket-server",
        &format!("{how}; server, SSL_get_session"),
        &h.server_session,
        &h.server_facts,
    )?;
    // SSL_get_session of the TLS 1.3 client: the handshake's own session,
    // which carries no ticket.
    save(
        &dir,
        "tls13-get-session-client",
        &format!("{how}; client, SSL_get_session after the tickets arrived"),
        &h.client_session,
        &h.client_facts,
    )?;
    // Resume the ticket: a PSK handshake, new tickets.
    let resumed = server.handshake(Some(&ticket))?;
    if resumed.client_facts["session_reused"] != true {
        return Err("tls13 resumption did not resume".into());
    }
    save(
        &dir,
        "tls13-resumed-client",
        &format!("{how}; resumed; client, new-session callback"),
        &last(&resumed.client_sessions, "tls13 resumed client")?,
        &resumed.client_facts,
    )?;
    save(
        &dir,
        "tls13-resumed-server",
        &format!("{how}; resumed; server, SSL_get_session"),
        &resumed.server_session,
        &resumed.server_facts,
    )?;

    // The server authenticates with a raw public key (RFC 7250).
    for (version, v) in [(v12, "tls12"), (v13, "tls13")] {
        let mut o = Options::new(version);
        o.server_rpk = true;
        let server = Server::new(o)?;
        let h = server.handshake(None)?;
        let how = format!("{}, session ticket, the server authenticates with a raw public key (SSL_CREDENTIAL_new_raw_public_key), ALPN h2, SNI", if version == v12 { "TLS 1.2" } else { "TLS 1.3" });
        save(
            &dir,
            &format!("{v}-rpk-client"),
            &format!("{how}; client, new-session callback"),
            &last(&h.client_sessions, "rpk client")?,
            &h.client_facts,
        )?;
    }

    // TLS 1.3 with ALPS (application settings) for h2.
    let mut o = Options::new(v13);
    o.alps = true;
    let server = Server::new(o)?;
    let h = server.handshake(None)?;
    if h.client_facts["has_application_settings"] != true {
        return Err("ALPS was not negotiated".into());
    }
    let how =
        "TLS 1.3, session tickets, ALPN h2 with ALPS (SSL_add_application_settings on both ends)";
    save(
        &dir,
        "tls13-alps-client",
        &format!("{how}; client, new-session callback"),
        &last(&h.client_sessions, "alps client")?,
        &h.client_facts,
    )?;
    save(
        &dir,
        "tls13-alps-server",
        &format!("{how}; server, SSL_get_session"),
        &h.server_session,
        &h.server_facts,
    )?;

    // TLS 1.3 without ALPN or SNI, server's session-id cache off (tickets).
    let mut o = Options::new(v13);
    o.alpn = None;
    o.sni = None;
    let server = Server::new(o)?;
    let h = server.handshake(None)?;
    let how = "TLS 1.3, session tickets, no ALPN, no SNI";
    save(
        &dir,
        "tls13-plain-client",
        &format!("{how}; client, new-session callback"),
        &last(&h.client_sessions, "tls13 plain client")?,
        &h.client_facts,
    )?;
    Ok(())
}
