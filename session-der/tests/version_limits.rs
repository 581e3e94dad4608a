//! Each version's limits on a DER session, as that version's own
//! `d2i_SSL_SESSION` draws them (testkit/oracle/d2i.c linked to its libssl):
//! the master key's length (`TLS13_MAX_RESUMPTION_PSK_LENGTH`, which
//! `ssl_asn1.c` checks) at and around each version's limit. OpenSSL mode reads
//! DER through the strict reader and checks these per-version limits itself;
//! cargo-mutants showed no test held it to them (a `>` turned into `==` there
//! went unnoticed).

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use session_der::{decode_with, DecodeOptions, OpenSslVersion, OwnedSession};
use sslsession_testkit::openssl_oracle::{self, D2i};
use sslsession_testkit::tlv;

/// The oracle builds (1.1.1w and 3.5.5 from oracles/openssl/build.sh; "3.0"
/// is the system's libssl).
const VERSIONS: [(&str, OpenSslVersion); 3] = [
    ("1.1.1w", OpenSslVersion::V1_1_1),
    ("3.0", OpenSslVersion::V3_0),
    ("3.5.5", OpenSslVersion::V3_5),
];

/// A DER TLS 1.2 session (ECDHE-RSA-AES128-GCM-SHA256, a 16-byte id) with a
/// master key of `len` bytes and nothing else.
fn session(master_key_len: usize) -> Vec<u8> {
    let mut content = vec![0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03];
    content.extend(tlv(0x04, &[0xC0, 0x2F]));
    content.extend(tlv(0x04, &[0xAB; 16]));
    content.extend(tlv(0x04, &vec![0x11; master_key_len]));
    tlv(0x30, &content)
}

#[test]
fn master_key_lengths_are_read_as_each_version_reads_them() {
    let lengths = [1, 48, 255, 256, 257, 300, 511, 512, 513, 600];
    let sessions: Vec<Vec<u8>> = lengths.iter().map(|&n| session(n)).collect();
    for (version, v) in VERSIONS {
        let Some(program) =
            openssl_oracle::build_or_skip(version, Path::new(env!("CARGO_TARGET_TMPDIR")))
        else {
            continue;
        };
        let answers = openssl_oracle::ask(&program, D2i::Session, &sessions);
        // Each version accepts some of these and refuses others: the
        // comparison below is not vacuous.
        assert!(
            answers.contains(&true) && answers.contains(&false),
            "{version}: {answers:?}"
        );
        for ((len, der), theirs) in lengths.iter().zip(&sessions).zip(answers) {
            let ours = decode_with::<OwnedSession>(der, &DecodeOptions::openssl_version(v));
            assert_eq!(
                ours.is_ok(),
                theirs,
                "OpenSSL {version}, a {len}-byte master key: {:?}",
                ours.map(|d| d.consumed)
            );
        }
    }
}
