//! Resumption across libraries with real programs: a LibreSSL 4.3.2 client
//! session, converted to OpenSSL's dialect, resumes from OpenSSL 3.5's
//! `s_client` against the same LibreSSL `s_server`; an OpenSSL 3.5 client
//! session, converted to LibreSSL's, resumes from LibreSSL's `s_client`
//! against the same OpenSSL `s_server`. TLS 1.2, with a ticket and with the
//! session-id cache. LibreSSL has no TLS 1.3 resumption; the last test shows
//! that LibreSSL does not resume its own TLS 1.3 session either, and that we
//! say it is not resumable.

use std::path::Path;

use session_der::session_model::{Dialect, Field, OwnedSession};
use session_der::{
    convert, decode_with, encode, pem, ConvertError, ConvertOptions, DecodeOptions, Role, Target,
};
use sslsession_libressl_oracle::live::{client, server_certificate, Server, TempDir};
use sslsession_libressl_oracle::{oracle_or_skip, Oracle};

/// Both programs, or `None` after saying why the test skips.
fn programs(test: &str) -> Option<(Oracle, std::path::PathBuf)> {
    let libressl = oracle_or_skip(test)?;
    let openssl = sslsession_testkit::openssl_cli("3.5")?;
    Some((libressl, openssl))
}

/// Reads a PEM session file in `dialect`.
fn read_session(path: &Path, dialect: Dialect) -> OwnedSession {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let der = pem::from_pem(&text).expect("PEM");
    let d = decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(dialect))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    d.session
}

/// Converts `s` to `to` as a client's session and writes it as PEM.
fn write_converted(s: &OwnedSession, to: Dialect, path: &Path) {
    let c = convert(s, to, &ConvertOptions::new().role(Role::Client))
        .unwrap_or_else(|e| panic!("convert to {to}: {e}"));
    assert_eq!(c.session.dialect(), to);
    let der = encode(&c.session, Target::Auto).expect("encode");
    std::fs::write(path, pem::to_pem(&der).as_bytes()).expect("write PEM");
}

#[test]
fn libressl_client_session_resumes_in_openssl_client() {
    let Some((libressl, openssl)) = programs("libressl_client_session_resumes_in_openssl_client")
    else {
        return;
    };
    let dir = TempDir::new("l2o");
    let (cert, key) = server_certificate(&libressl.openssl(), dir.path());
    for (variant, server_args) in [("ticket", &[][..]), ("session id", &["-no_ticket"][..])] {
        let mut args = vec!["-tls1_2"];
        args.extend_from_slice(server_args);
        let server = Server::start(&libressl.openssl(), &cert, &key, &args);
        let made = dir.path().join("libressl.pem");
        let first = client(
            &libressl.openssl(),
            server.port(),
            &["-tls1_2", "-sess_out", made.to_str().expect("path")],
        );
        assert!(
            first.new_session(),
            "{variant}: first handshake:\n{}",
            first.output
        );
        let session = read_session(&made, Dialect::LibreSsl);
        assert_eq!(
            session.has_ticket(),
            variant == "ticket",
            "{variant}: ticket"
        );

        let converted = dir.path().join("openssl.pem");
        write_converted(&session, Dialect::OpenSsl, &converted);
        let resumed = client(
            &openssl,
            server.port(),
            &["-tls1_2", "-sess_in", converted.to_str().expect("path")],
        );
        assert!(
            resumed.reused(),
            "{variant}: OpenSSL 3.5 did not resume the converted LibreSSL session:\n{}",
            resumed.output
        );
        eprintln!("LibreSSL client session ({variant}) -> OpenSSL dialect: resumed by OpenSSL 3.5");
    }
}

#[test]
fn openssl_client_session_resumes_in_libressl_client() {
    let Some((libressl, openssl)) = programs("openssl_client_session_resumes_in_libressl_client")
    else {
        return;
    };
    let dir = TempDir::new("o2l");
    let (cert, key) = server_certificate(&libressl.openssl(), dir.path());
    // Without the extended master secret: LibreSSL has none (see
    // `extended_master_secret_cannot_go_to_libressl`).
    for (variant, server_args) in [
        ("ticket", &["-no_ems"][..]),
        ("session id", &["-no_ems", "-no_ticket"][..]),
    ] {
        let mut args = vec!["-tls1_2"];
        args.extend_from_slice(server_args);
        let server = Server::start(&openssl, &cert, &key, &args);
        let made = dir.path().join("openssl.pem");
        let first = client(
            &openssl,
            server.port(),
            &[
                "-tls1_2",
                "-no_ems",
                "-sess_out",
                made.to_str().expect("path"),
            ],
        );
        assert!(
            first.new_session(),
            "{variant}: first handshake:\n{}",
            first.output
        );
        let session = read_session(&made, Dialect::OpenSsl);
        assert!(!session.uses_extended_master_secret(), "{variant}: EMS");

        let converted = dir.path().join("libressl.pem");
        write_converted(&session, Dialect::LibreSsl, &converted);
        let resumed = client(
            &libressl.openssl(),
            server.port(),
            &["-tls1_2", "-sess_in", converted.to_str().expect("path")],
        );
        assert!(
            resumed.reused(),
            "{variant}: LibreSSL did not resume the converted OpenSSL session:\n{}",
            resumed.output
        );
        eprintln!(
            "OpenSSL 3.5 client session ({variant}) -> LibreSSL dialect: resumed by LibreSSL"
        );
    }
}

#[test]
fn extended_master_secret_cannot_go_to_libressl() {
    let Some((libressl, openssl)) = programs("extended_master_secret_cannot_go_to_libressl") else {
        return;
    };
    let dir = TempDir::new("ems");
    let (cert, key) = server_certificate(&libressl.openssl(), dir.path());
    let server = Server::start(&openssl, &cert, &key, &["-tls1_2"]);
    let made = dir.path().join("openssl.pem");
    let first = client(
        &openssl,
        server.port(),
        &["-tls1_2", "-sess_out", made.to_str().expect("path")],
    );
    assert!(first.new_session(), "first handshake:\n{}", first.output);
    let session = read_session(&made, Dialect::OpenSsl);
    assert!(
        session.uses_extended_master_secret(),
        "OpenSSL 3.5 negotiates EMS by default"
    );

    // We refuse, naming the field.
    match convert(
        &session,
        Dialect::LibreSsl,
        &ConvertOptions::new().role(Role::Client),
    ) {
        Err(ConvertError::CannotResume { field, .. }) => {
            assert_eq!(field, Field::ExtendedMasterSecret);
        }
        other => panic!("converting an EMS session to LibreSSL: {other:?}"),
    }
    // And that is what the libraries do: LibreSSL's d2i reads OpenSSL's
    // bytes as they are (ignoring [11] on), but it never sends the extension,
    // and the OpenSSL server then aborts the abbreviated handshake
    // (ssl_get_prev_session: "inconsistent extms").
    let attempt = client(
        &libressl.openssl(),
        server.port(),
        &["-tls1_2", "-sess_in", made.to_str().expect("path")],
    );
    assert!(
        !attempt.reused(),
        "LibreSSL resumed an EMS session against OpenSSL 3.5:\n{}",
        attempt.output
    );
}

#[test]
fn libressl_tls13_sessions_do_not_resume() {
    let Some(libressl) = oracle_or_skip("libressl_tls13_sessions_do_not_resume") else {
        return;
    };
    let dir = TempDir::new("tls13");
    let (cert, key) = server_certificate(&libressl.openssl(), dir.path());
    let server = Server::start(&libressl.openssl(), &cert, &key, &["-tls1_3"]);
    let made = dir.path().join("libressl13.pem");
    let first = client(
        &libressl.openssl(),
        server.port(),
        &["-tls1_3", "-sess_out", made.to_str().expect("path")],
    );
    assert!(first.new_session(), "first handshake:\n{}", first.output);
    let session = read_session(&made, Dialect::LibreSsl);
    assert!(session.protocol_version().is_tls13());
    assert!(
        !session.is_resumable(),
        "a LibreSSL TLS 1.3 session has no id and no ticket"
    );
    let again = client(
        &libressl.openssl(),
        server.port(),
        &["-tls1_3", "-sess_in", made.to_str().expect("path")],
    );
    assert!(
        again.new_session() && !again.reused(),
        "LibreSSL resumed TLS 1.3:\n{}",
        again.output
    );
}
