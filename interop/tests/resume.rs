//! A session that went OpenSSL → our decoder → our encoder → OpenSSL resumes a
//! real handshake, for TLS 1.2 (tickets and session-id cache) and TLS 1.3.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

use openssl::ssl::SslVersion;
use session_der::OpenSslVersion;
use session_der::{decode_with, encode, CowSession, DecodeOptions, Target};
use sslsession_interop::{Options, Server};

fn resume_through_our_codec(options: Options, opts: DecodeOptions, target: Target) {
    let server = Server::new(options.clone()).unwrap();
    let first = server.handshake(None).unwrap();
    assert!(!first.client_reused);
    let decoded = decode_with::<CowSession<'_>>(&first.client_der, &opts).unwrap();
    assert_eq!(decoded.consumed, first.client_der.len());
    let ours = encode(&decoded.session, target).unwrap();
    let second = server.handshake(Some(&ours)).unwrap();
    assert!(
        second.client_reused,
        "{options:?}: client did not resume with our re-encoded session"
    );
    assert!(second.server_reused, "{options:?}: server did not resume");
}

#[test]
fn tls12_ticket_resumes() {
    for target in [
        Target::Auto,
        Target::OpenSsl(OpenSslVersion::V3_0),
        Target::OpenSsl(OpenSslVersion::V1_1_1),
    ] {
        resume_through_our_codec(
            Options::new(SslVersion::TLS1_2),
            DecodeOptions::strict(),
            target,
        );
    }
}

#[test]
fn tls12_session_id_cache_resumes() {
    let mut o = Options::new(SslVersion::TLS1_2);
    o.tickets = false;
    resume_through_our_codec(
        o,
        DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        Target::Auto,
    );
}

#[test]
fn tls13_ticket_resumes() {
    for target in [Target::Auto, Target::OpenSsl(OpenSslVersion::V3_0)] {
        resume_through_our_codec(
            Options::new(SslVersion::TLS1_3),
            DecodeOptions::strict(),
            target,
        );
    }
}

#[test]
fn tls13_with_client_certificate_resumes() {
    let mut o = Options::new(SslVersion::TLS1_3);
    o.client_cert = true;
    resume_through_our_codec(
        o,
        DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        Target::Auto,
    );
}
