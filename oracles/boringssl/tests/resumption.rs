//! Resumption across libraries: OpenSSL 3.5.5's `s_server` (another process)
//! resumes sessions a BoringSSL client and OpenSSL's `s_client` made, each
//! carried over to the other library's dialect by our converter.

use std::path::PathBuf;

use boring::ssl::SslVersion;
use sslsession_oracle_boringssl::openssl::{self, SServer};
use sslsession_oracle_boringssl::pki::pki;
use sslsession_oracle_boringssl::tls::{connect_tcp, Options};

/// A fresh scratch directory with the PKI's PEM files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sslsession-bssl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    pki().write_pem(&dir).expect("PEM files");
    dir
}

fn versions() -> [(SslVersion, &'static str); 2] {
    [(SslVersion::TLS1_2, "-tls1_2"), (SslVersion::TLS1_3, "-tls1_3")]
}

/// The peers themselves: each library resumes its own session against
/// s_server (so a failure of the cross-library tests is the conversion's).
#[test]
fn each_library_resumes_its_own_session() {
    let Some(bin) = openssl::binary("each_library_resumes_its_own_session") else {
        return;
    };
    let dir = scratch("own");
    for (version, flag) in versions() {
        let server = SServer::start(&bin, &dir, &[flag]).expect("s_server");
        let sess = dir.join(format!("own{flag}.pem"));
        let sess = sess.to_str().expect("utf-8");
        let first = openssl::s_client(&bin, &dir, server.addr, &[flag, "-sess_out", sess])
            .expect("s_client");
        assert!(!openssl::reused(&first), "{flag}: first s_client handshake resumed");
        let again = openssl::s_client(&bin, &dir, server.addr, &[flag, "-sess_in", sess])
            .expect("s_client");
        assert!(openssl::reused(&again), "{flag}: s_client did not resume its own session:\n{}",
            String::from_utf8_lossy(&again.stdout));

        let o = Options::new(version);
        let (f, sessions) = connect_tcp(&o, server.addr, None).expect("BoringSSL client");
        assert_eq!(f["session_reused"], false);
        let s = sessions.last().expect("a session from s_server");
        let (f, _) = connect_tcp(&o, server.addr, Some(s)).expect("BoringSSL resumption");
        assert_eq!(f["session_reused"], true, "{flag}: BoringSSL did not resume its own session");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
