//! Sessions from real handshakes made by the linked OpenSSL, whichever
//! version it is (`oracles/openssl/test.sh` links each): TLS 1.2 and 1.3,
//! tickets and the session-id cache, client certificates, PSK, early data,
//! ALPN, SNI, the version's default groups (the ML-KEM hybrid on 3.5+) and
//! raw public keys (3.2+). For each session, client and server side:
//! OpenSSL mode for that version reads every value its getters report, the
//! encoding for that version is its `i2d` byte for byte and its PEM is
//! `PEM_write_bio_SSL_SESSION`'s, and a session we encoded resumes a real
//! handshake on it. Each run leaves its sessions for the cross-version test.

// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

use openssl::ssl::{SslSession, SslVersion};
use session_der::session_model::{CowSession, OpenSslVersion};
use session_der::{decode_with, encode, DecodeOptions, Target};
use sslsession_interop::compare::Report;
use sslsession_interop::libssl;
use sslsession_interop::{Handshake, Options, Server, EARLY_DATA, PSK_HINT, PSK_IDENTITY};
use sslsession_testkit::oracles;

/// `X25519MLKEM768`'s TLS group id (IANA TLS Supported Groups registry).
const X25519MLKEM768: u32 = 0x11EC;

/// A named handshake configuration.
struct Scenario {
    name: String,
    options: Options,
}

fn scenario(name: &str, version: SslVersion, f: impl FnOnce(&mut Options)) -> Scenario {
    let mut options = Options::new(version);
    f(&mut options);
    Scenario {
        name: name.to_string(),
        options,
    }
}

/// The handshakes each version makes.
fn scenarios(v: OpenSslVersion) -> Vec<Scenario> {
    use SslVersion as V;
    let mut all = Vec::new();
    for (tls, version) in [("tls12", V::TLS1_2), ("tls13", V::TLS1_3)] {
        all.push(scenario(&format!("{tls}-ticket"), version, |_| {}));
        all.push(scenario(
            &format!("{tls}-ticket-client-cert"),
            version,
            |o| {
                o.client_cert = true;
            },
        ));
        all.push(scenario(&format!("{tls}-psk"), version, |o| o.psk = true));
        all.push(scenario(&format!("{tls}-no-alpn-no-sni"), version, |o| {
            o.alpn = None;
            o.sni = None;
        }));
        if libssl::HAS_RPK {
            all.push(scenario(&format!("{tls}-server-rpk"), version, |o| {
                o.server_rpk = true;
            }));
            all.push(scenario(&format!("{tls}-both-rpk"), version, |o| {
                o.server_rpk = true;
                o.client_rpk = true;
                o.client_cert = true;
            }));
        }
    }
    // The session-id cache (no tickets) is a TLS 1.2 mechanism: TLS 1.3
    // resumes through tickets only.
    all.push(scenario("tls12-session-id", V::TLS1_2, |o| {
        o.tickets = false
    }));
    all.push(scenario("tls12-session-id-client-cert", V::TLS1_2, |o| {
        o.tickets = false;
        o.client_cert = true;
    }));
    all.push(scenario("tls13-early-data", V::TLS1_3, |o| {
        o.max_early_data = Some(16384);
    }));
    all.push(scenario("tls13-p256", V::TLS1_3, |o| {
        o.groups = Some("P-256")
    }));
    if v >= OpenSslVersion::V3_5 {
        all.push(scenario("tls13-x25519mlkem768", V::TLS1_3, |o| {
            o.groups = Some("X25519MLKEM768");
        }));
    }
    all
}

/// One side's session of a handshake against what its libssl reports for it.
fn check_side(r: &mut Report, label: &str, der: &[u8], session: &SslSession) {
    let v = r.version();
    r.count();
    // The session as a reader gets it: libssl's d2i of the bytes its i2d
    // wrote. The live object says the same, but for `not_resumable`, which
    // is not stored (a 1.1.1 server marks a session that took 0-RTT data
    // single-use): its getters must match the read one's otherwise.
    let Some(theirs) = libssl::d2i(der) else {
        r.fail(label, der, "libssl rejects its own i2d".into());
        return;
    };
    let mut live = libssl::getters(session);
    live.is_resumable = theirs.getters.is_resumable;
    if live != theirs.getters || libssl::pem(session) != theirs.pem || theirs.der != der {
        r.fail(
            label,
            der,
            format!("libssl's live session {live:?} differs from its reading {theirs:?}"),
        );
    }
    match decode_with::<CowSession<'_>>(der, &DecodeOptions::openssl_version(v)) {
        Ok(d) => {
            if d.consumed != der.len() {
                r.fail(
                    label,
                    der,
                    format!("consumed {} of {}", d.consumed, der.len()),
                );
            }
            r.compare_read(label, der, &d.session, &theirs);
            // The bytes the getters cannot show: the peer's certificate and
            // raw public key as libssl's getters hand them out.
            let got = (
                d.session.peer_certificate().map(<[u8]>::to_vec),
                d.session.peer_rpk().map(<[u8]>::to_vec),
            );
            let want = (
                theirs.getters.peer_certificate.clone(),
                theirs.getters.peer_rpk.clone(),
            );
            if got != want {
                r.fail(label, der, format!("peer: libssl {want:?}, ours {got:?}"));
            }
        }
        Err(e) => r.fail(
            label,
            der,
            format!("OpenSSL mode rejects a real session: {e}"),
        ),
    }
}

/// What the connection reported against the session it made.
fn check_facts(r: &mut Report, label: &str, h: &Handshake, s: &Scenario, v: OpenSslVersion) {
    for (side, der, facts, peer_expected) in [
        ("client", &h.client_der, &h.client_facts, true),
        (
            "server",
            &h.server_der,
            &h.server_facts,
            s.options.client_cert,
        ),
    ] {
        let label = format!("{label} {side}");
        let ours = session_der::decode(der).unwrap();
        if ours.cipher().0 != facts.cipher {
            r.fail(
                &label,
                der,
                format!("cipher: connection {:04x}", facts.cipher),
            );
        }
        // A TLS 1.3 external-PSK handshake's client session is the one the PSK
        // callback made (ssl/statem/extensions_clnt.c): no ALPN, no host name.
        let external_psk = s.options.psk && s.options.version == SslVersion::TLS1_3;
        if !external_psk && ours.alpn_selected() != facts.alpn.as_deref() {
            r.fail(&label, der, format!("ALPN: connection {:?}", facts.alpn));
        }
        let rpk =
            s.options.server_rpk && side == "client" || s.options.client_rpk && side == "server";
        if rpk {
            if ours.peer_rpk() != facts.peer_rpk.as_deref() || ours.peer_rpk().is_none() {
                r.fail(
                    &label,
                    der,
                    format!("peer rpk: connection {:?}", facts.peer_rpk),
                );
            }
        } else if peer_expected
            && !s.options.psk
            && ours.peer_certificate() != facts.peer_certificate.as_deref()
        {
            r.fail(
                &label,
                der,
                "peer certificate differs from the connection's".into(),
            );
        }
        // The PSK identity: in a TLS 1.2 PSK session, both ends; a TLS 1.3
        // external-PSK session keeps none. The hint: the client's session.
        if s.options.psk {
            let tls12 = s.options.version == SslVersion::TLS1_2;
            let identity = ours.effective_psk_identity();
            if identity != tls12.then_some(PSK_IDENTITY) {
                r.fail(&label, der, format!("PSK identity {identity:?}"));
            }
            let hint = ours.effective_psk_identity_hint();
            if tls12 && side == "client" && hint != Some(PSK_HINT) {
                r.fail(&label, der, format!("PSK identity hint {hint:?}"));
            }
        }
        // SNI, acknowledged by the server, is in both ends' sessions.
        if let Some(sni) = s.options.sni.filter(|_| !external_psk) {
            if ours.effective_hostname() != Some(sni.as_bytes()) {
                r.fail(
                    &label,
                    der,
                    format!("SNI: connection {:?}", facts.servername),
                );
            }
        }
        if let Some(n) = s.options.max_early_data {
            if ours.max_early_data() != Some(n) {
                r.fail(&label, der, format!("max early data: want {n}"));
            }
        }
        // The group: 3.5+ offer and pick the ML-KEM hybrid by default.
        let hybrid = s.options.version == SslVersion::TLS1_3
            && !s.options.psk
            && v >= OpenSslVersion::V3_5
            && matches!(s.options.groups, None | Some("X25519MLKEM768"));
        if hybrid
            && (facts.group.as_deref() != Some("X25519MLKEM768")
                || ours.kex_group() != Some(X25519MLKEM768))
        {
            r.fail(
                &label,
                der,
                format!(
                    "group: connection {:?}, session {:?}",
                    facts.group,
                    ours.kex_group()
                ),
            );
        }
    }
}

/// Saves a session for the cross-version test (`SSLSESSION_ORACLE_SESSIONS`),
/// with what this libssl read from it (`oracles/openssl/snapshot.sh` copies
/// a few into `testdata/openssl-VERSION/`).
fn save(v: OpenSslVersion, name: &str, der: &[u8]) {
    let dir = oracles::oracle(v.name()).map(|o| o.sessions_dir()).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.der")), der).unwrap();
    if let Some(read) = libssl::d2i(der) {
        let json = serde_json::to_string_pretty(&read.to_json()).unwrap();
        std::fs::write(dir.join(format!("{name}.json")), json + "\n").unwrap();
    }
}

#[test]
fn real_sessions_read_encode_and_resume_as_the_linked_version() {
    let Some(mut r) = Report::new() else { return };
    let v = r.version();
    let mut sessions = 0;
    for s in scenarios(v) {
        let label = format!("{} ({v})", s.name);
        let server = match Server::new(s.options.clone()) {
            Ok(server) => server,
            Err(e) => {
                r.fail(&label, &[], format!("server setup: {e}"));
                continue;
            }
        };
        let first = match server.handshake(None) {
            Ok(h) => h,
            Err(e) => {
                r.fail(&label, &[], format!("handshake: {e}"));
                continue;
            }
        };
        check_side(
            &mut r,
            &format!("{label} client"),
            &first.client_der,
            &first.client_session,
        );
        check_side(
            &mut r,
            &format!("{label} server"),
            &first.server_der,
            &first.server_session,
        );
        check_facts(&mut r, &label, &first, &s, v);
        save(v, &format!("{}-client", s.name), &first.client_der);
        save(v, &format!("{}-server", s.name), &first.server_der);
        sessions += 2;
        // The client's session, read by OpenSSL mode and written for this
        // version, resumes a real handshake (with 0-RTT data when allowed).
        let decoded =
            decode_with::<CowSession<'_>>(&first.client_der, &DecodeOptions::openssl_version(v));
        let Ok(decoded) = decoded else { continue };
        let ours = encode(&decoded.session, Target::OpenSsl(v)).unwrap();
        match server.handshake(Some(&ours)) {
            Ok(second) => {
                if !second.client_reused || !second.server_reused {
                    r.fail(
                        &label,
                        &ours,
                        format!(
                            "our encoding did not resume (client {}, server {})",
                            second.client_reused, second.server_reused
                        ),
                    );
                }
                if s.options.max_early_data.is_some()
                    && second.early_data.as_deref() != Some(EARLY_DATA)
                {
                    r.fail(
                        &label,
                        &ours,
                        format!("early data not accepted: {:?}", second.early_data),
                    );
                }
                check_side(
                    &mut r,
                    &format!("{label} resumed client"),
                    &second.client_der,
                    &second.client_session,
                );
                check_side(
                    &mut r,
                    &format!("{label} resumed server"),
                    &second.server_der,
                    &second.server_session,
                );
                save(v, &format!("{}-resumed-client", s.name), &second.client_der);
                sessions += 2;
            }
            Err(e) => r.fail(&label, &ours, format!("resuming our encoding: {e}")),
        }
    }
    r.finish("real sessions", sessions);
}

fn unix_now() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(d.as_secs()).unwrap()
}

/// The timeout check a real resumption runs (`ssl_get_prev_session` on the
/// server's session-id cache, at the real clock) against `OpenSslTimes`:
/// the server's cached session gets an edge time and timeout (our encoding
/// for this version, read by its `d2i`), and the client tries to resume it.
#[test]
fn resumption_refuses_exactly_the_sessions_the_linked_version_times_out() {
    let Some(mut r) = Report::new() else { return };
    let v = r.version();
    let mut o = Options::new(SslVersion::TLS1_2);
    o.tickets = false;
    let server = Server::new(o).unwrap();
    let first = server.handshake(None).unwrap();
    let now = unix_now();
    let cases: [(i64, i64); 12] = [
        (now - 100, 50),
        (now - 100, 200),
        (-1, 3),
        (-(1 << 40), 3),
        (i64::MIN, 3),
        (now, -1),
        (now, i64::MAX),
        (now, i64::MIN),
        (i64::MAX, 1),
        (1, 1),
        (1 << 62, 1),
        (now - 100, 1 << 62),
    ];
    let mut outcomes = [0, 0];
    for (time, timeout) in cases {
        let mut s = session_der::decode(&first.server_der).unwrap();
        s.set_time(Some(time));
        s.set_timeout(Some(timeout));
        let der = encode(&s, Target::OpenSsl(v)).unwrap();
        let label = format!("time {time}, timeout {timeout}");
        r.count();
        server.cache(&der).unwrap();
        let before = unix_now();
        let second = server.handshake(Some(&first.client_der)).unwrap();
        let after = unix_now();
        // What libssl read is what it checks; the rule is ours.
        let read = session_der::decode(&der).unwrap();
        let expired = |at| read.openssl_times(v, at).is_expired(at);
        if expired(before) != expired(after) {
            continue; // the clock crossed the deadline during the handshake
        }
        outcomes[usize::from(second.server_reused)] += 1;
        if second.server_reused == expired(before) {
            r.fail(
                &label,
                &der,
                format!(
                    "libssl {} it at {before}; OpenSslTimes::is_expired says {}",
                    if second.server_reused {
                        "resumed"
                    } else {
                        "refused"
                    },
                    expired(before)
                ),
            );
        }
    }
    // Both answers occur on every version (e.g. time = now - 100, timeout 50
    // is refused, timeout 200 resumed), so the check is exercised both ways.
    assert!(
        outcomes[0] > 0 && outcomes[1] > 0,
        "refused/resumed: {outcomes:?}"
    );
    r.finish("resumption timeout check", cases.len());
}
