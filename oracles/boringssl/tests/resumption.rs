//! Resumption across libraries: OpenSSL 3.5.5's `s_server` (another process)
//! resumes sessions a BoringSSL client and OpenSSL's `s_client` made, each
//! carried over to the other library's dialect by our converter.

use std::path::PathBuf;

use boring::ssl::SslVersion;
use sslsession_oracle_boringssl::openssl::{self, SServer};
use sslsession_oracle_boringssl::pki::pki;
use sslsession_oracle_boringssl::tls::{connect_tcp, Options};
use sslsession_oracle_boringssl::{hex, ours};

/// A fresh scratch directory with the PKI's PEM files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sslsession-bssl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    pki().write_pem(&dir).expect("PEM files");
    dir
}

/// TLS 1.2 with tickets, TLS 1.2 with the server's session-id cache
/// (`-no_ticket`), TLS 1.3; the s_server flag, and the BoringSSL client's options.
fn versions() -> [(Options, &'static str, &'static [&'static str]); 3] {
    let mut id = Options::new(SslVersion::TLS1_2);
    id.tickets = false;
    [
        (Options::new(SslVersion::TLS1_2), "-tls1_2", &[]),
        (id, "-tls1_2", &["-no_ticket"]),
        (Options::new(SslVersion::TLS1_3), "-tls1_3", &[]),
    ]
}

/// The peers themselves: each library resumes its own session against
/// s_server (so a failure of the cross-library tests is the conversion's).
#[test]
fn each_library_resumes_its_own_session() {
    let Some(bin) = openssl::binary("each_library_resumes_its_own_session") else {
        return;
    };
    let dir = scratch("own");
    for (o, flag, server_flags) in versions() {
        let server =
            SServer::start(&bin, &dir, &[&[flag][..], server_flags].concat()).expect("s_server");
        let sess = dir.join(format!("own{flag}{}.pem", server_flags.concat()));
        let sess = sess.to_str().expect("utf-8");
        let first = openssl::s_client(&bin, &dir, server.addr, &[flag, "-sess_out", sess])
            .expect("s_client");
        assert!(
            !openssl::reused(&first),
            "{flag}: first s_client handshake resumed"
        );
        let again = openssl::s_client(&bin, &dir, server.addr, &[flag, "-sess_in", sess])
            .expect("s_client");
        assert!(
            openssl::reused(&again),
            "{flag}: s_client did not resume its own session:\n{}",
            String::from_utf8_lossy(&again.stdout)
        );

        let (f, sessions) = connect_tcp(&o, server.addr, None).expect("BoringSSL client");
        assert_eq!(f["session_reused"], false);
        let s = sessions.last().expect("a session from s_server");
        let (f, _) = connect_tcp(&o, server.addr, Some(s)).expect("BoringSSL resumption");
        assert_eq!(
            f["session_reused"], true,
            "{flag}: BoringSSL did not resume its own session"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

use session_der::session_model::{Dialect, OwnedSession};
use session_der::{
    convert, decode_with, encode, ConvertOptions, DecodeOptions, Decoded, Role, Target,
};
use sslsession_oracle_boringssl::bssl;

/// (i) A client session OpenSSL made (`s_client -sess_out`), converted to
/// BoringSSL's dialect by our converter and encoded as BoringSSL writes it,
/// is read by BoringSSL (`SSL_SESSION_from_bytes`) and resumes a real
/// handshake from a BoringSSL client against the same s_server.
#[test]
fn an_openssl_client_session_resumes_in_boringssl() {
    let Some(bin) = openssl::binary("an_openssl_client_session_resumes_in_boringssl") else {
        return;
    };
    let dir = scratch("o2b");
    for (o, flag, server_flags) in versions() {
        let server =
            SServer::start(&bin, &dir, &[&[flag][..], server_flags].concat()).expect("s_server");
        let pem_path = dir.join(format!("openssl{flag}{}.pem", server_flags.concat()));
        let out = openssl::s_client(
            &bin,
            &dir,
            server.addr,
            &[flag, "-sess_out", pem_path.to_str().expect("utf-8")],
        )
        .expect("s_client");
        assert!(!openssl::reused(&out), "{flag}: first handshake resumed");
        let der = session_der::pem::from_pem(&std::fs::read(&pem_path).expect("sess_out file"))
            .expect("OpenSSL's PEM");
        let theirs: Decoded<OwnedSession> =
            decode_with(&der, &DecodeOptions::dialect(Dialect::OpenSsl))
                .expect("our OpenSSL decode");
        let converted = convert(
            &theirs.session,
            Dialect::BoringSsl,
            &ConvertOptions::new().role(Role::Client),
        )
        .unwrap_or_else(|e| panic!("{flag}: convert to BoringSSL: {e}"));
        let bytes = encode(&converted.session, Target::BoringSsl).expect("encode as BoringSSL");
        let session = bssl::from_bytes(&bytes).unwrap_or_else(|| {
            panic!(
                "{flag}: BoringSSL refused the converted session {}",
                hex(&bytes)
            )
        });
        let r = session.report();
        assert_eq!(
            r["master_key"],
            hex(theirs.session.master_key().expose()),
            "{flag}"
        );
        // Every value BoringSSL has a getter for (time, timeout, ids, secret,
        // ticket, hint, peer certificate, ...) is what OpenSSL's session held.
        assert_eq!(
            ours::comparable(&r),
            ours::values(&theirs.session),
            "{flag}: BoringSSL's getters against the OpenSSL session's values"
        );
        let (f, _) = connect_tcp(&o, server.addr, Some(&session))
            .unwrap_or_else(|e| panic!("{flag}: BoringSSL client: {e}"));
        assert_eq!(
            f["session_reused"], true,
            "{flag}: BoringSSL did not resume OpenSSL's session (dropped: {:?})",
            converted.dropped
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// (ii) A client session BoringSSL made against s_server, converted to
/// OpenSSL's dialect by our converter and given to `s_client -sess_in`,
/// resumes (s_client prints `Reused,`).
#[test]
fn a_boringssl_client_session_resumes_in_openssl() {
    let Some(bin) = openssl::binary("a_boringssl_client_session_resumes_in_openssl") else {
        return;
    };
    let dir = scratch("b2o");
    for (o, flag, server_flags) in versions() {
        let server =
            SServer::start(&bin, &dir, &[&[flag][..], server_flags].concat()).expect("s_server");
        let (f, sessions) = connect_tcp(&o, server.addr, None).expect("BoringSSL client");
        assert_eq!(f["session_reused"], false);
        let der = sessions
            .last()
            .expect("a session")
            .to_bytes()
            .expect("SSL_SESSION_to_bytes");
        let ours: Decoded<OwnedSession> =
            decode_with(&der, &DecodeOptions::dialect(Dialect::BoringSsl))
                .expect("our BoringSSL decode");
        let converted = convert(
            &ours.session,
            Dialect::OpenSsl,
            &ConvertOptions::new().role(Role::Client),
        )
        .unwrap_or_else(|e| panic!("{flag}: convert to OpenSSL: {e}"));
        let bytes = encode(&converted.session, Target::Auto).expect("encode as OpenSSL");
        let pem_path = dir.join(format!("boringssl{flag}{}.pem", server_flags.concat()));
        std::fs::write(&pem_path, session_der::pem::to_pem(&bytes).as_bytes()).expect("write PEM");
        let out = openssl::s_client(
            &bin,
            &dir,
            server.addr,
            &[flag, "-sess_in", pem_path.to_str().expect("utf-8")],
        )
        .expect("s_client");
        assert!(
            openssl::reused(&out),
            "{flag}: s_client did not resume BoringSSL's session (dropped: {:?}):\n{}\n{}",
            converted.dropped,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Why the role matters: the same OpenSSL client session converted as a
/// server's (no `[22] FALSE`, so BoringSSL's default is_server TRUE) is not
/// offered by a BoringSSL client (handshake_client.cc drops a session whose
/// `is_server` is set), so the handshake is a full one.
#[test]
fn a_session_converted_as_a_servers_is_not_offered_by_a_boringssl_client() {
    let Some(bin) = openssl::binary("a_session_converted_as_a_servers_is_not_offered") else {
        return;
    };
    let dir = scratch("role");
    let (o, flag, _) = versions().into_iter().next().expect("TLS 1.2");
    let server = SServer::start(&bin, &dir, &[flag]).expect("s_server");
    let pem_path = dir.join("role.pem");
    openssl::s_client(
        &bin,
        &dir,
        server.addr,
        &[flag, "-sess_out", pem_path.to_str().expect("utf-8")],
    )
    .expect("s_client");
    let der = session_der::pem::from_pem(&std::fs::read(&pem_path).expect("sess_out file"))
        .expect("OpenSSL's PEM");
    let theirs: Decoded<OwnedSession> =
        decode_with(&der, &DecodeOptions::dialect(Dialect::OpenSsl)).expect("our OpenSSL decode");
    let mut reused = Vec::new();
    for role in [Role::Server, Role::Client] {
        let converted = convert(
            &theirs.session,
            Dialect::BoringSsl,
            &ConvertOptions::new().role(role),
        )
        .expect("convert");
        let bytes = encode(&converted.session, Target::BoringSsl).expect("encode");
        let session = bssl::from_bytes(&bytes).expect("BoringSSL reads it");
        let (f, _) = connect_tcp(&o, server.addr, Some(&session)).expect("BoringSSL client");
        reused.push(f["session_reused"] == true);
    }
    assert_eq!(reused, [false, true], "resumed as [server's, client's]");
    let _ = std::fs::remove_dir_all(&dir);
}
