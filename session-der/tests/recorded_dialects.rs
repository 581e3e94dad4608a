//! AWS-LC's own sessions (testdata/aws-lc: what AWS-LC 5.12's
//! `SSL_SESSION_to_bytes` wrote after real handshakes) read in AWS-LC's
//! dialect and written back by every target that means "AWS-LC's writer" —
//! `Auto` and `Exact` for a session read in that dialect, `AwsLc`,
//! `Target::of_dialect` — give AWS-LC's bytes again. Found by cargo-mutants:
//! `Target::of_dialect`'s AWS-LC arm could be deleted without a test failing
//! (the AWS-LC oracle workspace that does check it is not in session-der's
//! mutation test set).

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use session_der::{decode_with, encode, DecodeOptions, Dialect, Mode, OwnedSession, Target};

#[test]
fn aws_lc_sessions_are_written_back_as_aws_lc_wrote_them() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/aws-lc");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{} files", files.len());
    assert_eq!(Target::of_dialect(Dialect::AwsLc), Target::AwsLc);
    for path in files {
        let der = std::fs::read(&path).unwrap();
        let opts = DecodeOptions::dialect(Dialect::AwsLc).allow_trailing(false);
        assert_eq!(opts.mode(), Mode::AwsLc);
        let d = decode_with::<OwnedSession>(&der, &opts)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(d.session.dialect(), Dialect::AwsLc);
        for target in [
            Target::Auto,
            Target::Exact,
            Target::AwsLc,
            Target::of_dialect(Dialect::AwsLc),
        ] {
            let written = encode(&d.session, target)
                .unwrap_or_else(|e| panic!("{} {target:?}: {e}", path.display()));
            assert!(written[..] == der, "{} {target:?}", path.display());
        }
    }
}

/// BoringSSL's TLS 1.3 clients keep the server's ticket lifetime as the
/// session's timeout and never set the ticket lifetime hint (every recorded
/// TLS 1.3 client session with a ticket: hint 0, timeout 172800, as
/// BoringSSL's getters reported); OpenSSL's TLS 1.3 client drops a ticket
/// whose hint is below its age (`extensions_clnt.c`), so converted to
/// OpenSSL's dialect the session carries its timeout as the hint. TLS 1.2
/// tickets have no such check: a TLS 1.2 session keeps a zero hint.
#[test]
fn boringssl_tls13_client_sessions_take_their_timeout_as_the_hint_in_openssl() {
    use session_der::{convert, ConvertOptions, Role};
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/boringssl/sessions");
    let mut tls13 = 0;
    for name in [
        "tls13-ticket-client",
        "tls13-plain-client",
        "tls13-alps-client",
    ] {
        let der = std::fs::read(dir.join(format!("{name}.der"))).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.json"))).unwrap())
                .unwrap();
        let getters = &json["getters"];
        assert_eq!(getters["protocol_version"], 0x0304, "{name}");
        assert_eq!(getters["ticket_lifetime_hint"], 0, "{name}");
        let timeout = getters["timeout"].as_u64().unwrap();
        let d =
            decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(Dialect::BoringSsl)).unwrap();
        let c = convert(
            &d.session,
            Dialect::OpenSsl,
            &ConvertOptions::new().role(Role::Client),
        )
        .unwrap();
        assert_eq!(c.session.ticket_lifetime_hint(), Some(timeout), "{name}");
        tls13 += 1;
    }
    assert_eq!(tls13, 3);
    // The recorded TLS 1.2 ticket session with its hint taken out.
    let der = std::fs::read(dir.join("tls12-ticket-client.der")).unwrap();
    let mut s = decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(Dialect::BoringSsl))
        .unwrap()
        .session;
    assert!(s.ticket().is_some_and(|t| !t.is_empty()));
    s.set_ticket_lifetime_hint(None);
    let c = convert(
        &s,
        Dialect::OpenSsl,
        &ConvertOptions::new().role(Role::Client),
    )
    .unwrap();
    assert_eq!(c.session.ticket_lifetime_hint().unwrap_or(0), 0);
}
