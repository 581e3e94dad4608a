//! The LibreSSL dialect against LibreSSL 4.3.2's own answers: the recorded
//! sessions of real LibreSSL handshakes decode to the values its getters
//! report and re-encode to its i2d bytes; on every malformed input derived
//! from them we accept or refuse as its `d2i_SSL_SESSION` does, with the same
//! values. These run from the recording (testdata/libressl/), so without the
//! oracle too; `oracle_live.rs` checks the recording against the live build.

use session_der::session_model::{Dialect, OwnedSession};
use session_der::{decode_with, detect, encode, DecodeOptions, Target};
use sslsession_libressl_oracle::{expected_mutations, recorded, Report, Tally, MUTATION_BASES};

#[test]
fn recorded_sessions_read_and_write_as_libressl() {
    let sessions = recorded();
    for s in &sessions {
        let Report::Accepted(libressl) = &s.report else {
            panic!("{}: LibreSSL refused its own session", s.name);
        };
        let d = decode_with::<OwnedSession>(&s.der, &DecodeOptions::dialect(Dialect::LibreSsl))
            .unwrap_or_else(|e| panic!("{}: {e}", s.name));
        let session = &d.session;
        assert_eq!(session.dialect(), Dialect::LibreSsl, "{}", s.name);
        assert_eq!(d.consumed, libressl.consumed, "{}: consumed", s.name);
        assert_eq!(session.time(), Some(libressl.time), "{}: time", s.name);
        assert_eq!(
            session.timeout(),
            Some(libressl.timeout),
            "{}: timeout",
            s.name
        );
        assert_eq!(
            i64::from(session.protocol_version().wire()),
            libressl.protocol_version,
            "{}: protocol version",
            s.name
        );
        assert_eq!(
            Some(session.cipher().code()),
            libressl.cipher,
            "{}: cipher",
            s.name
        );
        assert_eq!(
            session.session_id(),
            &libressl.session_id[..],
            "{}: id",
            s.name
        );
        assert_eq!(
            session.sid_ctx().unwrap_or_default(),
            &libressl.sid_ctx[..],
            "{}: sid_ctx",
            s.name
        );
        assert_eq!(
            session.master_key().expose(),
            &libressl.master_key[..],
            "{}: master key",
            s.name
        );
        assert_eq!(
            session.ticket_lifetime_hint().unwrap_or(0),
            libressl.ticket_lifetime_hint,
            "{}: lifetime hint",
            s.name
        );
        assert_eq!(
            session.has_ticket(),
            libressl.has_ticket,
            "{}: ticket",
            s.name
        );
        assert_eq!(
            session.peer_certificate(),
            libressl.peer.as_deref(),
            "{}: peer certificate",
            s.name
        );
        let ours = encode(session, Target::LibreSsl).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        assert_eq!(
            Some(&ours[..]),
            libressl.i2d.as_deref(),
            "{}: our Target::LibreSsl bytes are not LibreSSL's i2d",
            s.name
        );
        // The default target of a decoded session is its own dialect's writer.
        let auto = encode(session, Target::Auto).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        assert_eq!(&auto[..], &ours[..], "{}: Target::Auto", s.name);
    }
    eprintln!(
        "{} LibreSSL sessions: getters and i2d bytes equal LibreSSL 4.3.2's",
        sessions.len()
    );
}

#[test]
fn recorded_sessions_are_detected_as_libressl() {
    for s in recorded() {
        let detection = detect(&s.der);
        // LibreSSL writes nothing OpenSSL cannot read, so OpenSSL may read
        // these too; LibreSSL must be a candidate and one that writes the
        // bytes back exactly (it wrote them).
        assert!(
            detection.candidates().contains(&Dialect::LibreSsl),
            "{}: LibreSSL not a candidate: {}",
            s.name,
            detection.reason()
        );
        assert!(
            detection.writers().contains(&Dialect::LibreSsl),
            "{}: LibreSSL does not write it back: {}",
            s.name,
            detection.reason()
        );
    }
}

/// The recorded malformed inputs, split into those about the session codec
/// and those inside the peer certificate (`cert:`), which LibreSSL's own
/// `d2i_X509` reads by its own rules (notes: validity time formats).
fn tally(certificates: bool) -> Tally {
    let mut tally = Tally::default();
    for case in expected_mutations() {
        if case.name.starts_with("cert:") == certificates {
            tally.add(
                &format!("{} {}", case.base, case.name),
                &case.input,
                &case.summary,
            );
        }
    }
    tally
}

#[test]
fn malformed_inputs_agree_with_libressl() {
    let tally = tally(false);
    eprintln!("session codec, {}", tally.counts());
    // The named deviations are what the mutations of ssl_version and the
    // verify result beyond the model's range make: one of each per base.
    assert_eq!(tally.named_deviations, 2 * MUTATION_BASES.len());
    tally.assert_agree("session codec");
}

#[test]
fn malformed_certificates_agree_with_libressl() {
    let tally = tally(true);
    eprintln!("peer certificate, {}", tally.counts());
    tally.assert_agree("peer certificate");
}

/// With the certificate check off, a recorded session's peer certificate
/// is still the one LibreSSL's `SSL_SESSION_get0_peer` gave (`i2d_X509`);
/// an empty `[3]` holds no certificate at all: LibreSSL refuses it (its
/// `d2i_X509` has nothing to read; recorded as `empty:[3]`), and so do we
/// with the check off, which skips X.509 syntax only.
#[test]
fn the_peer_certificate_with_the_check_off_and_an_empty_one_refused() {
    use session_der::session_model::Field;
    let unchecked = DecodeOptions::dialect(Dialect::LibreSsl).check_certificate(false);
    let mut with_peer = 0;
    for s in recorded() {
        let Report::Accepted(a) = &s.report else {
            continue;
        };
        let Some(peer) = &a.peer else { continue };
        with_peer += 1;
        let d = decode_with::<OwnedSession>(&s.der, &unchecked).unwrap();
        assert_eq!(d.session.peer_certificate(), Some(&peer[..]), "{}", s.name);
    }
    assert!(with_peer > 0, "no recorded session has a peer certificate");
    let empty: Vec<_> = expected_mutations()
        .into_iter()
        .filter(|m| m.name == "empty:[3]")
        .collect();
    assert!(!empty.is_empty(), "the recording has no empty:[3]");
    for m in &empty {
        assert_eq!(
            m.summary.get("ok"),
            Some(&serde_json::Value::Bool(false)),
            "{}: LibreSSL read it",
            m.base
        );
        for check in [true, false] {
            let opts = DecodeOptions::dialect(Dialect::LibreSsl).check_certificate(check);
            let e = decode_with::<OwnedSession>(&m.input, &opts).expect_err("we read an empty [3]");
            assert_eq!(e.field(), Field::PeerCertificate, "{}: {e}", m.base);
        }
    }
}
