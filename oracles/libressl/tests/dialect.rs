//! The LibreSSL dialect against LibreSSL 4.3.2's own answers: the recorded
//! sessions of real LibreSSL handshakes decode to the values its getters
//! report and re-encode to its i2d bytes; on every malformed input derived
//! from them we accept or refuse as its `d2i_SSL_SESSION` does, with the same
//! values. These run from the recording (testdata/libressl/), so without the
//! oracle too; `oracle_live.rs` checks the recording against the live build.

use serde_json::Value;
use session_der::session_model::{Dialect, OwnedSession};
use session_der::{decode_with, detect, encode, DecodeOptions, Target};
use sslsession_libressl_oracle::{comparable, expected_mutations, ours, recorded, Report};

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

#[test]
fn malformed_inputs_agree_with_libressl() {
    let cases = expected_mutations();
    let (mut accepted, mut rejected, mut time_left_out) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for case in &cases {
        let ours = ours(&case.input);
        let libressl = comparable(&case.summary, &ours.summary);
        if ours.summary == libressl {
            if libressl["ok"] == Value::Bool(true) {
                accepted += 1;
                time_left_out += usize::from(ours.time_left_out);
            } else {
                rejected += 1;
            }
        } else {
            disagreements.push(format!(
                "{} {}: LibreSSL {}\n    ours {}",
                case.base,
                case.name,
                Value::Object(libressl),
                Value::Object(ours.summary)
            ));
        }
    }
    eprintln!(
        "{} malformed inputs: {} agree with LibreSSL 4.3.2 ({accepted} accepted with equal \
         values and i2d bytes, {rejected} refused by both), {} disagree; {time_left_out} of the \
         accepted have no [1] in our plain encoding where LibreSSL's i2d writes its clock",
        cases.len(),
        accepted + rejected,
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
