//! Resumption across libraries with OpenSSL 3.5.5's `s_server` (a separate
//! process) as the server: AWS-LC clients and OpenSSL's `s_client`, TLS 1.2
//! and 1.3, real resumption asserted on both sides of the wire
//! (`SSL_session_reused`, s_client's "Reused,").

use sslsession_oracle_aws_lc::openssl::{aws_lc_connect, binary_or_skip, s_client, SServer};
use sslsession_oracle_aws_lc::{Client, ClientConfig};

fn aws_lc_client() -> Client {
    aws_lc_client_with(None)
}

/// An AWS-LC client offering only `suite` in TLS 1.3 (AWS-LC resumes a TLS
/// 1.3 session only under its own cipher, ssl_session.cc
/// `ssl_session_is_resumable`; OpenSSL's server takes a PSK only with the
/// hash of the cipher it picks).
fn aws_lc_client_with(suite: Option<String>) -> Client {
    Client::new(ClientConfig {
        verify: true,
        sni: Some("localhost"),
        tls13_suites: suite,
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
        let one = s_client(&bin, server.port, version, None, Some(&file), &[]).expect("s_client");
        assert!(!one.reused, "{}", one.output);
        let two = s_client(&bin, server.port, version, Some(&file), None, &[]).expect("s_client");
        assert!(
            two.reused,
            "{version} {extra:?}: s_client did not resume: {}",
            two.output
        );
    }
}

use session_der::pem::{from_pem, to_pem};
use session_der::{convert, ConvertOptions, Role};
use session_der::{decode_with, encode, DecodeOptions, Dialect, SessionRef, Target};
use sslsession_oracle_aws_lc::Session;

/// The three ways OpenSSL's server resumes: TLS 1.2 tickets, TLS 1.2
/// session-ID cache, TLS 1.3 tickets.
const SETUPS: [(&str, &[&str]); 3] = [
    ("tls1_2", &[]),
    ("tls1_2", &["-no_ticket"]),
    ("tls1_3", &[]),
];

/// (i) A session `openssl s_client -sess_out` saved, converted with
/// `convert(.., Dialect::AwsLc, ..)`, resumes a real handshake of an
/// AWS-LC client against the same OpenSSL server.
#[test]
fn openssl_client_session_converted_to_aws_lc_resumes_from_an_aws_lc_client() {
    let test = "openssl_client_session_converted_to_aws_lc_resumes_from_an_aws_lc_client";
    let Some(bin) = binary_or_skip(test) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("awslc-conv-i-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, (version, extra)) in SETUPS.iter().enumerate() {
        let server = SServer::start(&bin, version, extra).expect("s_server");
        let file = dir.join(format!("openssl-{i}.pem"));
        let saved = s_client(&bin, server.port, version, None, Some(&file), &[]).expect("s_client");
        assert!(!saved.reused);
        let der = from_pem(&std::fs::read(&file).unwrap()).expect("s_client wrote a PEM session");
        let theirs = decode_with::<SessionRef<'_>>(&der, &DecodeOptions::openssl())
            .expect("OpenSSL session");
        assert_eq!(theirs.session.dialect(), Dialect::OpenSsl);
        let converted = convert(
            &theirs.session,
            Dialect::AwsLc,
            &ConvertOptions::new().role(Role::Client),
        )
        .unwrap_or_else(|e| panic!("{version} {extra:?}: convert to AWS-LC: {e}"));
        let bytes = encode(&converted.session, Target::AwsLc).expect("AWS-LC bytes");
        let session = Session::from_bytes(&bytes)
            .unwrap_or_else(|| panic!("{version} {extra:?}: AWS-LC refuses the converted session"));
        println!(
            "{version} {extra:?}: OpenSSL {} bytes -> AWS-LC {} bytes, dropped: {}",
            der.len(),
            bytes.len(),
            converted
                .dropped
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        // Resumed later, as a stored session is (see the reverse test).
        std::thread::sleep(std::time::Duration::from_secs(3));
        let suite = session.getters()["cipher_name"].as_str().map(str::to_owned);
        let client = aws_lc_client_with(suite.filter(|_| *version == "tls1_3"));
        let resumed =
            aws_lc_connect(&client, server.port, Some(&session)).expect("AWS-LC connects");
        assert!(
            resumed.reused,
            "{version} {extra:?}: the AWS-LC client did not resume"
        );
    }
}

/// (ii) An AWS-LC client's session, converted to OpenSSL's dialect, resumes
/// with `openssl s_client -sess_in`.
#[test]
fn aws_lc_client_session_converted_to_openssl_resumes_with_s_client() {
    let test = "aws_lc_client_session_converted_to_openssl_resumes_with_s_client";
    let Some(bin) = binary_or_skip(test) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("awslc-conv-ii-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, (version, extra)) in SETUPS.iter().enumerate() {
        let server = SServer::start(&bin, version, extra).expect("s_server");
        let client = aws_lc_client();
        let first = aws_lc_connect(&client, server.port, None).expect("AWS-LC connects");
        let session = first.sessions.first().expect("AWS-LC got a session");
        let der = session.to_bytes();
        let ours = decode_with::<SessionRef<'_>>(&der, &DecodeOptions::dialect(Dialect::AwsLc))
            .unwrap_or_else(|e| panic!("{version} {extra:?}: our AWS-LC decode: {e}"));
        let converted = convert(
            &ours.session,
            Dialect::OpenSsl,
            &ConvertOptions::new().role(Role::Client),
        )
        .unwrap_or_else(|e| panic!("{version} {extra:?}: convert to OpenSSL: {e}"));
        let bytes = encode(&converted.session, Target::Auto).expect("OpenSSL bytes");
        println!(
            "{version} {extra:?}: AWS-LC {} bytes -> OpenSSL {} bytes, dropped: {}",
            der.len(),
            bytes.len(),
            converted
                .dropped
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let file = dir.join(format!("converted-{i}.pem"));
        std::fs::write(&file, to_pem(&bytes).as_bytes()).unwrap();
        // A stored session is used later, not within the second: OpenSSL's
        // client drops a TLS 1.3 ticket older than its lifetime hint
        // (statem/extensions_clnt.c:1140 in 3.5.5, age rounded down by 1 s).
        std::thread::sleep(std::time::Duration::from_secs(3));
        let suite = session.getters()["cipher_name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut args = vec![];
        if *version == "tls1_3" {
            args = vec!["-ciphersuites", suite.as_str()];
        }
        let run = s_client(&bin, server.port, version, Some(&file), None, &args).expect("s_client");
        assert!(
            run.reused,
            "{version} {extra:?}: s_client did not resume the converted session:\n{}",
            run.output
        );
    }
}

/// 0-RTT across libraries: a TLS 1.3 session `s_client` got from an
/// `s_server -early_data`, converted to AWS-LC, lets an AWS-LC client send
/// its request as early data, and the OpenSSL server accepts it.
#[test]
fn openssl_early_data_session_converted_to_aws_lc_sends_0rtt() {
    let test = "openssl_early_data_session_converted_to_aws_lc_sends_0rtt";
    let Some(bin) = binary_or_skip(test) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("awslc-conv-0rtt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let server = SServer::start(&bin, "tls1_3", &["-early_data"]).expect("s_server");
    let file = dir.join("openssl-0rtt.pem");
    s_client(&bin, server.port, "tls1_3", None, Some(&file), &[]).expect("s_client");
    let der = from_pem(&std::fs::read(&file).unwrap()).expect("PEM session");
    let theirs =
        decode_with::<SessionRef<'_>>(&der, &DecodeOptions::openssl()).expect("OpenSSL session");
    assert!(
        theirs.session.max_early_data().unwrap_or(0) > 0,
        "s_server -early_data allows 0-RTT"
    );
    let converted = convert(
        &theirs.session,
        Dialect::AwsLc,
        &ConvertOptions::new().role(Role::Client),
    )
    .expect("convert to AWS-LC");
    let bytes = encode(&converted.session, Target::AwsLc).expect("AWS-LC bytes");
    let session = Session::from_bytes(&bytes).expect("AWS-LC reads the converted session");
    assert_eq!(
        session.getters()["early_data_capable"],
        true,
        "AWS-LC sees a 0-RTT session"
    );
    std::thread::sleep(std::time::Duration::from_secs(3));
    let client = Client::new(ClientConfig {
        verify: true,
        sni: Some("localhost"),
        early_data: true,
        tls13_suites: session.getters()["cipher_name"].as_str().map(str::to_owned),
        ..Default::default()
    })
    .expect("AWS-LC client");
    let resumed = aws_lc_connect(&client, server.port, Some(&session)).expect("AWS-LC connects");
    assert!(resumed.reused, "the AWS-LC client did not resume");
    assert!(
        resumed.early_data_accepted,
        "OpenSSL did not accept the AWS-LC client's 0-RTT data"
    );
}

/// 0-RTT the other way: an AWS-LC client's session from `s_server
/// -early_data`, converted to OpenSSL's dialect, lets `s_client -sess_in
/// -early_data` send early data that the server accepts.
#[test]
fn aws_lc_early_data_session_converted_to_openssl_sends_0rtt() {
    let test = "aws_lc_early_data_session_converted_to_openssl_sends_0rtt";
    let Some(bin) = binary_or_skip(test) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("awslc-conv-0rtt-ii-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let server = SServer::start(&bin, "tls1_3", &["-early_data"]).expect("s_server");
    let client = Client::new(ClientConfig {
        verify: true,
        sni: Some("localhost"),
        early_data: true,
        ..Default::default()
    })
    .expect("AWS-LC client");
    let first = aws_lc_connect(&client, server.port, None).expect("AWS-LC connects");
    let session = first.sessions.first().expect("AWS-LC got a session");
    assert_eq!(
        session.getters()["early_data_capable"],
        true,
        "a 0-RTT ticket"
    );
    let der = session.to_bytes();
    let ours = decode_with::<SessionRef<'_>>(&der, &DecodeOptions::dialect(Dialect::AwsLc))
        .expect("decode");
    let converted = convert(
        &ours.session,
        Dialect::OpenSsl,
        &ConvertOptions::new().role(Role::Client),
    )
    .expect("convert to OpenSSL");
    let bytes = encode(&converted.session, Target::Auto).expect("OpenSSL bytes");
    let file = dir.join("converted.pem");
    std::fs::write(&file, to_pem(&bytes).as_bytes()).unwrap();
    let early = dir.join("early.txt");
    std::fs::write(&early, b"GET / HTTP/1.0\r\n\r\n").unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    let suite = session.getters()["cipher_name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let early_arg = early.to_str().unwrap().to_owned();
    let run = s_client(
        &bin,
        server.port,
        "tls1_3",
        Some(&file),
        None,
        &["-ciphersuites", &suite, "-early_data", &early_arg],
    )
    .expect("s_client");
    assert!(run.reused, "s_client did not resume:\n{}", run.output);
    assert!(
        run.output.contains("Early data was accepted"),
        "OpenSSL's client did not get its 0-RTT data accepted:\n{}",
        run.output
    );
}
