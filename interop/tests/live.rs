//! Live interoperability with the installed OpenSSL 3.0: sessions from real
//! handshakes decode with our codec to the values OpenSSL reports and
//! re-encode byte for byte; sessions we build from scratch are read by
//! OpenSSL with the same values.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

use openssl::ssl::{SslSession, SslVersion};
use session_der::session_model::{CipherSuite, OwnedSession, ProtocolVersion, Session, SessionRef};
use session_der::OpenSslVersion;
use session_der::{decode_with, encode, encoded_len, DecodeOptions, Target};
use sslsession_interop::{Facts, Options, Server};
use sslsession_testkit::noise;

/// The handshakes of the matrix: every combination a deployment meets.
fn matrix() -> Vec<Options> {
    let mut all = Vec::new();
    for version in [SslVersion::TLS1_2, SslVersion::TLS1_3] {
        for tickets in [true, false] {
            for client_cert in [false, true] {
                let mut o = Options::new(version);
                o.tickets = tickets;
                o.client_cert = client_cert;
                if !tickets {
                    o.alpn = None;
                }
                all.push(o);
            }
        }
    }
    all
}

/// Checks a decoded session against OpenSSL's getters and the connection it came from.
fn check_against_openssl(
    label: &str,
    ours: &SessionRef<'_>,
    theirs: &SslSession,
    facts: &Facts,
    peer_expected: bool,
) {
    assert_eq!(ours.session_id(), theirs.id(), "{label}: session id");
    let mut key = vec![0u8; theirs.master_key_len()];
    theirs.master_key(&mut key);
    assert_eq!(
        ours.master_key().expose(),
        key.as_slice(),
        "{label}: master key"
    );
    assert_eq!(ours.effective_time(0), theirs.time(), "{label}: time");
    assert_eq!(
        ours.effective_timeout(),
        theirs.timeout(),
        "{label}: timeout"
    );
    assert_eq!(
        ours.protocol_version().wire(),
        facts.version,
        "{label}: protocol version"
    );
    let openssl_version = match theirs.protocol_version() {
        v if v == SslVersion::TLS1_3 => 0x0304,
        v if v == SslVersion::TLS1_2 => 0x0303,
        _ => 0,
    };
    assert_eq!(
        ours.protocol_version().wire(),
        openssl_version,
        "{label}: SSL_SESSION_get_protocol_version"
    );
    assert_eq!(
        ours.max_early_data().unwrap_or(0),
        theirs.max_early_data(),
        "{label}: max early data"
    );
    assert_eq!(ours.cipher(), CipherSuite(facts.cipher), "{label}: cipher");
    assert!(
        ours.cipher().openssl_name().is_some(),
        "{label}: cipher name"
    );
    assert_eq!(ours.alpn_selected(), facts.alpn.as_deref(), "{label}: ALPN");
    if peer_expected {
        assert_eq!(
            ours.peer_certificate(),
            facts.peer_certificate.as_deref(),
            "{label}: peer certificate"
        );
    } else {
        assert_eq!(ours.peer_certificate(), None, "{label}: peer certificate");
    }
    if let (Some(host), Some(sni)) = (ours.hostname(), facts.servername.as_deref()) {
        assert_eq!(host, sni.as_bytes(), "{label}: host name");
    }
    if label.starts_with("client") {
        assert!(
            ours.is_resumable(),
            "{label}: a client session from a full handshake is resumable"
        );
    }
}

#[test]
fn real_sessions_decode_to_openssl_values_and_reencode_exactly() {
    for options in matrix() {
        let server = Server::new(options.clone()).unwrap();
        let h = server.handshake(None).unwrap();
        for (side, der, session, facts, peer_expected) in [
            (
                "client",
                &h.client_der,
                &h.client_session,
                &h.client_facts,
                true,
            ),
            (
                "server",
                &h.server_der,
                &h.server_session,
                &h.server_facts,
                options.client_cert,
            ),
        ] {
            let label = format!("{side} {options:?}");
            for opts in [
                DecodeOptions::strict(),
                DecodeOptions::openssl_version(OpenSslVersion::V3_0),
            ] {
                let d = decode_with::<SessionRef<'_>>(der, &opts)
                    .unwrap_or_else(|e| panic!("{label}: {e}"));
                assert_eq!(d.consumed, der.len());
                check_against_openssl(&label, &d.session, session, facts, peer_expected);
                assert_eq!(encoded_len(&d.session, Target::Auto).unwrap(), der.len());
                assert_eq!(
                    encode(&d.session, Target::Auto).unwrap().as_slice(),
                    der.as_slice(),
                    "{label}"
                );
                assert_eq!(
                    encode(&d.session, Target::OpenSsl(OpenSslVersion::V3_0))
                        .unwrap()
                        .as_slice(),
                    der.as_slice(),
                    "{label}"
                );
            }
        }
        if options.version == SslVersion::TLS1_2 {
            let s = session_der::decode(&h.client_der).unwrap();
            assert!(
                s.uses_extended_master_secret(),
                "OpenSSL 3.0 negotiates EMS on TLS 1.2"
            );
        }
    }
}

fn hexdecode(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// FORMAT.md Appendix A, `det12`: `SSL_SESSION_new` plus public setters on
/// OpenSSL 3.0.19, i2d output as OpenSSL printed it.
const DET12: &str = "3081a6020101020203030402c02f0420a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
b0b1b2b3b4b5b6b7b8b9babbbcbdbebf0430000102030405060708090a0b0c0d
0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d
2e2fa10602046553f100a20402021c20a407040570726f6265a503020101a60d
040b6578616d706c652e636f6db00404026832b104020200ffb2090407617070
64617461b303020100";

/// `det13` from the same appendix.
const DET13: &str = "307c020101020203040402130104000420000102030405060708090a0b0c0d0e
0f101112131415161718191a1b1c1d1e1fa10602046553f100a20402021c20a4
07040570726f6265a503020101a60d040b6578616d706c652e636f6daf040202
4000b00404026832b104020200ffb209040761707064617461b303020100";

/// A session as `SSL_SESSION_new()` + the public setters leave it: OpenSSL's
/// defaults are verify_result 1 and max_fragment_len_mode 255.
fn built(version: ProtocolVersion, cipher: u16, id: Vec<u8>, key: Vec<u8>) -> OwnedSession {
    let mut s: OwnedSession = Session::new(version, CipherSuite(cipher));
    s.set_session_id(id).unwrap();
    s.set_master_key(key).unwrap();
    s.set_time(Some(1_700_000_000));
    s.set_timeout(Some(7200));
    s.set_sid_ctx(Some(b"probe".to_vec())).unwrap();
    s.set_verify_result(Some(1));
    s.set_hostname(Some(b"example.com".to_vec()));
    s.set_alpn_selected(Some(b"h2".to_vec()));
    s.set_max_fragment_len_mode(Some(255));
    s.set_ticket_appdata(Some(b"appdata".to_vec()));
    s
}

#[test]
fn sessions_built_from_scratch_match_openssl_bytes_and_values() {
    let det12 = built(
        ProtocolVersion::TLS1_2,
        0xC02F,
        (0xA0..=0xBF).collect(),
        (0x00..=0x2F).collect(),
    );
    let mut det13 = built(
        ProtocolVersion::TLS1_3,
        0x1301,
        Vec::new(),
        (0x00..=0x1F).collect(),
    );
    det13.set_max_early_data(Some(16384));
    for (name, session, expected) in [("det12", &det12, DET12), ("det13", &det13, DET13)] {
        let ours = encode(session, Target::Auto).unwrap();
        assert_eq!(
            ours.as_slice(),
            hexdecode(expected).as_slice(),
            "{name}: OpenSSL's i2d of the same setters"
        );
        let theirs = SslSession::from_der(&ours).unwrap();
        assert_eq!(theirs.id(), session.session_id(), "{name}");
        assert_eq!(theirs.time(), 1_700_000_000, "{name}");
        assert_eq!(theirs.timeout(), 7200, "{name}");
        assert_eq!(
            theirs.max_early_data(),
            session.max_early_data().unwrap_or(0),
            "{name}"
        );
        // OpenSSL's own i2d of what it read back is our encoding: every field read the same.
        assert_eq!(theirs.to_der().unwrap(), ours.as_slice(), "{name}");
    }
}

#[test]
fn arbitrary_sessions_in_openssl3_form_are_read_back_identically_by_openssl() {
    use arbitrary::{Arbitrary, Unstructured};
    let mut checked = 0;
    for seed in 0..400u64 {
        let bytes = noise(seed, 4096);
        let Ok(mut s) = OwnedSession::arbitrary(&mut Unstructured::new(&bytes)) else {
            continue;
        };
        // Fields OpenSSL 3.0 cannot hold exactly: a certificate must parse as
        // X.509 (ours are opaque bytes), [20] is 3.2+, and an absent or zero
        // time/timeout is replaced by its clock and 3 s.
        s.set_peer_certificate(None);
        s.set_peer_rpk(None);
        // A cipher code only later versions know (0xC0B4, 0x00C6) is
        // rejected by 3.0; the model generates any version's.
        if !s.cipher().is_known_to(OpenSslVersion::V3_0) {
            continue;
        }
        s.set_time(Some(s.time().filter(|&t| t != 0).unwrap_or(1)));
        s.set_timeout(Some(s.timeout().filter(|&t| t > 0).unwrap_or(300)));
        let ours = encode(&s, Target::OpenSsl(OpenSslVersion::V3_0)).unwrap();
        let theirs = SslSession::from_der(&ours)
            .unwrap_or_else(|e| panic!("seed {seed}: OpenSSL rejected our encoding: {e}\n{s:?}"));
        assert_eq!(
            theirs.to_der().unwrap(),
            ours.as_slice(),
            "seed {seed}: {s:?}"
        );
        checked += 1;
    }
    assert!(checked > 300, "only {checked} sessions generated");
}
