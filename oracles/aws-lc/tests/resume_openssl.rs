//! Resumption across libraries with OpenSSL 3.5.5's `s_server` (a separate
//! process) as the server: AWS-LC clients and OpenSSL's `s_client`, TLS 1.2
//! and 1.3, real resumption asserted on both sides of the wire
//! (`SSL_session_reused`, s_client's "Reused,").

use sslsession_oracle_aws_lc::openssl::{aws_lc_connect, binary_or_skip, s_client, SServer};
use sslsession_oracle_aws_lc::{Client, ClientConfig};

fn aws_lc_client() -> Client {
    Client::new(ClientConfig {
        verify: true,
        sni: Some("localhost"),
        ..Default::default()
    })
    .expect("AWS-LC client")
}

/// The setup itself: an AWS-LC client resumes its own session against
/// s_server, and s_client resumes its own. Without these, a failure of the
/// converted sessions below could be the harness.
#[test]
fn each_library_resumes_its_own_session_against_s_server() {
    let Some(bin) = binary_or_skip("each_library_resumes_its_own_session_against_s_server") else {
        return;
    };
    for (version, extra) in [
        ("tls1_2", &[][..]),
        ("tls1_2", &["-no_ticket"][..]),
        ("tls1_3", &[][..]),
    ] {
        let server = SServer::start(&bin, version, extra).expect("s_server");
        let client = aws_lc_client();
        let first = aws_lc_connect(&client, server.port, None).expect("first connection");
        assert!(!first.reused);
        let session = first.sessions.first().expect("AWS-LC got a session");
        let again = aws_lc_connect(&client, server.port, Some(session)).expect("second connection");
        assert!(
            again.reused,
            "{version} {extra:?}: AWS-LC did not resume its own session"
        );

        let dir =
            std::env::temp_dir().join(format!("awslc-sclient-{}-{version}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("sess{}.pem", extra.len()));
        let one = s_client(&bin, server.port, version, None, Some(&file)).expect("s_client");
        assert!(!one.reused, "{}", one.output);
        let two = s_client(&bin, server.port, version, Some(&file), None).expect("s_client");
        assert!(
            two.reused,
            "{version} {extra:?}: s_client did not resume: {}",
            two.output
        );
    }
}
