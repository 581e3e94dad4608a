//! `[20]` peer_rpk against the real `d2i_SSL_SESSION` of OpenSSL 3.5.5,
//! 3.6.3 and 4.0.3, which read the key with `d2i_PUBKEY_ex` and fail the
//! session when it does not load.
//!
//! testkit's `d2i` oracle is compiled against each release's static
//! libssl and libcrypto (oracles/openssl/build.sh builds them into
//! `~/.cache/sslsession-oracles/openssl-VERSION`). The sessions carry, in
//! `[20]`, the keys that release generated (ossl-pkey's test corpus:
//! every key type, many curves and point forms, explicit parameters) and
//! mutations of them. OpenSSL mode of that version must accept exactly the
//! sessions the release accepts, and strict mode only sessions every
//! release accepts. A release that is not built is skipped (`SKIPPED`),
//! unless `SSLSESSION_REQUIRE_ORACLES=1`.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

use std::path::Path;

use base64::Engine;
use session_der::{decode_with, DecodeOptions, ErrorKind, OpenSslVersion, OwnedSession};
use sslsession_testkit::openssl_oracle::{self, D2i};
use sslsession_testkit::tlv;

const VERSIONS: [(&str, OpenSslVersion); 3] = [
    ("3.5.5", OpenSslVersion::V3_5),
    ("3.6.3", OpenSslVersion::V3_6),
    ("4.0.3", OpenSslVersion::V4_0),
];

/// A TLS 1.2 session (cipher C02F, a session id, a 48-byte master key)
/// with `rpk` as `[20]`'s OCTET STRING content.
fn session(rpk: &[u8]) -> Vec<u8> {
    let mut content = vec![
        0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xC0, 0x2F,
    ];
    content.extend(tlv(0x04, &[0xAB; 16]));
    content.extend(tlv(0x04, &[0x11; 48]));
    content.extend(tlv(0xB4, &tlv(0x04, rpk)));
    tlv(0x30, &content)
}

/// The keys ossl-pkey's corpus holds for `version`, and mutations of them.
fn keys(version: &str) -> Vec<(String, Vec<u8>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../ossl-pkey/tests/data/keys-{version}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for line in text.lines() {
        let (label, b64) = line.split_once(' ').unwrap();
        let spki = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        let len = spki.len();
        out.push((label.to_owned(), spki.clone()));
        out.push((format!("{label} cut"), spki[..len - 1].to_vec()));
        out.push((format!("{label} trailing"), [&spki[..], &[0]].concat()));
        let positions = (0..24).chain([len / 3, len / 2, len - 9, len - 2, len - 1]);
        for at in positions.filter(|&at| at < len) {
            let mut flipped = spki.clone();
            flipped[at] ^= if at % 2 == 0 { 0x01 } else { 0x80 };
            out.push((format!("{label} flip {at}"), flipped));
        }
    }
    out
}

#[test]
fn peer_rpk_is_read_as_each_release_reads_it() {
    for (version, v) in VERSIONS {
        let Some(program) =
            openssl_oracle::build_or_skip(version, Path::new(env!("CARGO_TARGET_TMPDIR")))
        else {
            continue;
        };
        let keys = keys(version);
        let sessions: Vec<Vec<u8>> = keys.iter().map(|(_, k)| session(k)).collect();
        let answers = openssl_oracle::ask(&program, D2i::Session, &sessions);
        let (mut agreed, mut accepted, mut disagreements) = (0, 0, Vec::new());
        for (((label, _), der), &theirs) in keys.iter().zip(&sessions).zip(&answers) {
            accepted += usize::from(theirs);
            let ours = decode_with::<OwnedSession>(der, &DecodeOptions::openssl_version(v));
            if let Err(e) = &ours {
                // A refusal names [20] (or, for a key the session's own
                // header cannot hold, nothing else).
                assert!(
                    e.kind() == ErrorKind::InvalidPublicKey
                        || matches!(e.kind(), ErrorKind::UnexpectedTag { .. }),
                    "{version} {label}: {e}"
                );
                // EVP_R_DECODE_ERROR, libssl's first error for a key whose
                // SPKI parses and does not load (interop's oracle_edges
                // checks it against 3.5.5, 3.6.3 and 4.0.3; for one that
                // does not parse, libssl's is the parse's: README).
                if e.kind() == ErrorKind::InvalidPublicKey {
                    assert_eq!(e.openssl_error_code(), Some(6 << 23 | 114), "{label}");
                }
            }
            if ours.is_ok() == theirs {
                agreed += 1;
            } else {
                disagreements.push(format!(
                    "{label}: OpenSSL {version} {}, ours {:?}",
                    if theirs { "accepts" } else { "refuses" },
                    ours.as_ref().map(|d| d.consumed)
                ));
            }
            // Strict mode accepts only what every release accepts.
            if decode_with::<OwnedSession>(der, &DecodeOptions::strict()).is_ok() {
                assert!(
                    theirs,
                    "strict accepts {label}, OpenSSL {version} refuses it"
                );
            }
        }
        println!(
            "OpenSSL {version}: {} sessions, {accepted} accepted by d2i_SSL_SESSION, {agreed} verdicts equal",
            sessions.len()
        );
        assert!(
            disagreements.is_empty(),
            "{}",
            disagreements
                .iter()
                .take(30)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// A DER key in a session read through OpenSSL's templates (its outer
/// length in a non-minimal long form, which only BER allows) stays borrowed:
/// `i2d_PUBKEY` would write it back as it is, so there is nothing to own.
#[test]
fn a_der_key_in_a_ber_session_reads_into_a_borrowed_view() {
    use session_der::SessionRef;
    let (label, spki) = keys("3.5.5")
        .into_iter()
        .find(|(label, k)| {
            !label.contains(' ')
                && decode_with::<OwnedSession>(
                    &session(k),
                    &DecodeOptions::openssl_version(OpenSslVersion::V3_5),
                )
                .is_ok()
        })
        .unwrap();
    let der = session(&spki);
    let content = &der[if der[1] < 0x80 {
        2
    } else {
        2 + usize::from(der[1] & 0x7F)
    }..];
    let len = u16::try_from(content.len()).unwrap().to_be_bytes();
    let ber = [&[0x30, 0x84, 0, 0][..], &len, content].concat();
    let d =
        decode_with::<SessionRef<'_>>(&ber, &DecodeOptions::openssl_version(OpenSslVersion::V3_5))
            .unwrap_or_else(|e| panic!("{label}: {e}"));
    assert_eq!(d.session.peer_rpk(), Some(&spki[..]), "{label}");
}
