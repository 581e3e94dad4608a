//! Fresh sessions from real handshakes with the installed OpenSSL 3.0, printed
//! and converted by `sslsess --openssl 3.0` and by the `openssl` command on
//! the same bytes (every other version: `versions.rs`).

mod common;

use common::{openssl, sslsess_as, text};
use openssl::ssl::SslVersion;
use sslsession_interop::{Options, Server};

/// Every kind of session the handshakes give: TLS 1.2 with tickets and with
/// the session-id cache, TLS 1.3, client certificates, resumed sessions; both
/// the client's and the server's copy.
fn live_sessions() -> Vec<(String, Vec<u8>)> {
    let mut cases = Vec::new();
    let mut tls12_id = Options::new(SslVersion::TLS1_2);
    tls12_id.tickets = false;
    let mut tls12_cert = Options::new(SslVersion::TLS1_2);
    tls12_cert.client_cert = true;
    let mut tls13_cert = Options::new(SslVersion::TLS1_3);
    tls13_cert.client_cert = true;
    let mut tls13_bare = Options::new(SslVersion::TLS1_3);
    tls13_bare.alpn = None;
    tls13_bare.sni = None;
    for (name, options) in [
        ("tls12-ticket", Options::new(SslVersion::TLS1_2)),
        ("tls12-session-id", tls12_id),
        ("tls12-client-cert", tls12_cert),
        ("tls13", Options::new(SslVersion::TLS1_3)),
        ("tls13-client-cert", tls13_cert),
        ("tls13-no-alpn-sni", tls13_bare),
    ] {
        let server = Server::new(options).expect("server");
        let first = server.handshake(None).expect("handshake");
        let resumed = server
            .handshake(Some(&first.client_der))
            .expect("resumption");
        cases.push((format!("{name}/client"), first.client_der));
        cases.push((format!("{name}/server"), first.server_der));
        cases.push((format!("{name}/resumed-client"), resumed.client_der));
        cases.push((format!("{name}/resumed-server"), resumed.server_der));
    }
    cases
}

#[test]
fn show_equals_openssl_sess_id_text_on_live_sessions() {
    let mut with_ticket = 0;
    let mut with_peer = 0;
    for (name, der) in live_sessions() {
        let theirs = openssl(&["sess_id", "-inform", "DER", "-text", "-noout"], &der);
        assert!(theirs.status.success(), "{name}: openssl failed");
        let ours = sslsess_as("3.0", &["show", "-"], &der);
        assert!(ours.status.success(), "{name}: {}", text(&ours.stderr));
        // Both read the clock only for sessions without a time; live ones have one.
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{name}");
        let stdout = text(&ours.stdout);
        with_ticket += usize::from(stdout.contains("TLS session ticket:"));
        let ours_cert = sslsess_as("3.0", &["show", "--cert"], &der);
        let theirs_cert = openssl(&["sess_id", "-inform", "DER", "-cert"], &der);
        if theirs_cert.stdout.is_empty() {
            assert_eq!(
                text(&ours_cert.stdout),
                "No certificate present\n",
                "{name}"
            );
        } else {
            with_peer += 1;
            assert_eq!(text(&ours_cert.stdout), text(&theirs_cert.stdout), "{name}");
        }
    }
    assert!(with_ticket >= 4, "{with_ticket} sessions with a ticket");
    assert!(
        with_peer >= 4,
        "{with_peer} sessions with a peer certificate"
    );
}

/// The NSS keylog line, through `sess_id -outform NSS` and `convert --to nss`,
/// equals OpenSSL's; where OpenSSL cannot write one, neither do we.
#[test]
fn nss_keylog_equals_openssl() {
    let mut lines = 0;
    let mut refusals = 0;
    for (name, der) in live_sessions() {
        let theirs = openssl(&["sess_id", "-inform", "DER", "-outform", "NSS"], &der);
        let ours = sslsess_as(
            "3.0",
            &["sess_id", "-inform", "DER", "-outform", "NSS"],
            &der,
        );
        assert_eq!(ours.status.code(), theirs.status.code(), "{name}");
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{name}");
        let converted = sslsess_as("3.0", &["convert", "--to", "nss"], &der);
        if theirs.status.success() {
            lines += 1;
            assert!(text(&theirs.stdout).starts_with("RSA Session-ID:"));
            assert!(converted.status.success(), "{name}");
            assert_eq!(text(&converted.stdout), text(&theirs.stdout), "{name}");
        } else {
            refusals += 1;
            assert!(!converted.status.success(), "{name}");
            assert!(converted.stdout.is_empty());
            assert!(text(&converted.stderr).contains("is empty"), "{name}");
        }
    }
    assert!(lines >= 4, "{lines} keylog lines");
    eprintln!("{lines} keylog lines identical, {refusals} refusals agree");
}

/// `sess_id` with OpenSSL's flags: same stdout and exit code as `openssl sess_id`.
#[test]
fn sess_id_flags_equal_openssl() {
    let sessions = live_sessions();
    let flag_sets: &[&[&str]] = &[
        &[],
        &["-outform", "DER"],
        &["-outform", "PEM", "-text"],
        &["-noout"],
        &["-cert"],
        &["-cert", "-outform", "DER"],
        &["-cert", "-outform", "NSS"],
        // X509_print of the peer certificate (or "No certificate present").
        &["-text", "-cert"],
        &["-text", "-cert", "-noout"],
        &["-text", "-cert", "-outform", "DER"],
        &["-context", "my-app", "-text", "-noout"],
        &["-context", "my-app", "-outform", "DER"],
        &["-context", "0123456789abcdef0123456789abcdef!"],
        &["-text", "-outform", "NSS"],
        &["-no-such-flag"],
        &["-outform", "XML"],
    ];
    for (name, der) in sessions.iter().step_by(3) {
        for flags in flag_sets {
            let mut args = vec!["sess_id", "-inform", "DER"];
            args.extend_from_slice(flags);
            let ours = sslsess_as("3.0", &args, der);
            let theirs = openssl(&args, der);
            assert_eq!(ours.status.code(), theirs.status.code(), "{name} {flags:?}");
            assert!(ours.stdout == theirs.stdout, "{name} {flags:?}");
            if !theirs.status.success() {
                assert!(!ours.stderr.is_empty(), "{name} {flags:?}");
            }
        }
        // PEM is the default input format, as in OpenSSL.
        let pem = openssl(&["sess_id", "-inform", "DER"], der).stdout;
        let ours = sslsess_as("3.0", &["sess_id", "-text", "-noout"], &pem);
        let theirs = openssl(&["sess_id", "-text", "-noout"], &pem);
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{name}");
        // ... and DER given as PEM fails in both.
        let ours = sslsess_as("3.0", &["sess_id"], der);
        assert_eq!(ours.status.code(), Some(1));
        assert!(text(&ours.stderr).starts_with("unable to load SSL_SESSION\n"));
        assert_eq!(openssl(&["sess_id"], der).status.code(), Some(1));
    }
}

/// `-in` and `-out` files, as `openssl sess_id` uses them.
#[test]
fn sess_id_in_and_out_files() {
    let dir = common::scratch_dir("sess-id-files");
    let (_, der) = live_sessions().swap_remove(0);
    let input = dir.join("in.der");
    std::fs::write(&input, &der).expect("write");
    let ours_path = dir.join("ours.pem");
    let theirs_path = dir.join("theirs.pem");
    let input = input.to_str().expect("utf-8");
    let ours = sslsess_as(
        "3.0",
        &[
            "sess_id",
            "-inform",
            "DER",
            "-in",
            input,
            "-out",
            ours_path.to_str().expect("utf-8"),
        ],
        b"",
    );
    assert!(ours.status.success() && ours.stdout.is_empty());
    let theirs = openssl(
        &[
            "sess_id",
            "-inform",
            "DER",
            "-in",
            input,
            "-out",
            theirs_path.to_str().expect("utf-8"),
        ],
        b"",
    );
    assert!(theirs.status.success());
    assert_eq!(
        std::fs::read(&ours_path).expect("ours"),
        std::fs::read(&theirs_path).expect("theirs")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sess_id -text -cert` on every fresh session: the session text and the
/// peer certificate as `X509_print` writes it, byte for byte.
#[test]
fn sess_id_text_cert_equals_openssl() {
    let mut with_peer = 0;
    for (name, der) in live_sessions() {
        let args = ["sess_id", "-inform", "DER", "-text", "-cert", "-noout"];
        let ours = sslsess_as("3.0", &args, &der);
        let theirs = openssl(&args, &der);
        assert!(theirs.status.success(), "{name}");
        assert!(ours.status.success(), "{name}: {}", text(&ours.stderr));
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{name}");
        if text(&theirs.stdout).contains("\nCertificate:\n") {
            with_peer += 1;
        }
    }
    assert!(
        with_peer >= 4,
        "{with_peer} sessions with a peer certificate"
    );
}
