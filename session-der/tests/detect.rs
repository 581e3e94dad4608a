//! `detect` against what the libraries did. Every session a library wrote
//! in a real handshake (`testdata/<library>/`) names that library among
//! the writers; every malformed corpus file OpenSSL 3.0 read whole (its
//! verdict) names OpenSSL among the readers, as does the session with a
//! BER certificate that OpenSSL 3.0.19 and 3.5.5 read and wrote back in DER
//! (`testdata/ber-certificate/`), which OpenSSL therefore does not write back
//! byte for byte. The summary follows the lists: one reader or one writer
//! is the dialect; more than one of each, and it stays ambiguous.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use session_der::session_model::Dialect;
use session_der::{detect, Detection};

/// The `.der` files directly in `dir`, sorted.
fn sessions(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// What the summary methods must say, given the two lists.
fn summary_follows_the_lists(name: &str, d: &Detection) {
    let (readers, writers) = (d.candidates(), d.writers());
    let expected = match (readers, writers) {
        ([one], _) | (_, [one]) => Some(*one),
        _ => None,
    };
    assert_eq!(d.dialect(), expected, "{name}: {}", d.reason());
    assert_eq!(
        d.is_ambiguous(),
        expected.is_none() && readers.len() > 1,
        "{name}"
    );
    assert_eq!(d.best(), readers.first().copied(), "{name}");
    assert!(
        writers.iter().all(|w| readers.contains(w)),
        "{name}: a writer that does not read it"
    );
    // Writers first among the readers.
    assert_eq!(&readers[..writers.len()], writers, "{name}");
    for r in readers {
        assert!(d.reason().contains(r.library()), "{name}: {}", d.reason());
    }
    // With one reader, the reason gives each other decoder's refusal
    // (LibreSSL's reader may instead stop early, which is no refusal).
    if let [_] = readers {
        for other in Dialect::ALL {
            if !readers.contains(&other) && other != Dialect::LibreSsl {
                let refusal = format!("{}: ", other.library());
                assert!(d.reason().contains(&refusal), "{name}: {}", d.reason());
            }
        }
    }
}

#[test]
fn each_library_is_a_writer_of_the_sessions_it_wrote() {
    let root = sslsession_testkit::workspace_root().join("testdata");
    let by_library = [
        ("openssl-1.1.1", Dialect::OpenSsl),
        ("openssl-3.5", Dialect::OpenSsl),
        ("openssl-3.6", Dialect::OpenSsl),
        ("openssl-4.0", Dialect::OpenSsl),
        ("corpus/openssl-3.0", Dialect::OpenSsl),
        ("boringssl/sessions", Dialect::BoringSsl),
        ("aws-lc", Dialect::AwsLc),
        ("libressl", Dialect::LibreSsl),
    ];
    let mut ambiguous = 0;
    for (dir, library) in by_library {
        let files = sessions(&root.join(dir));
        assert!(!files.is_empty(), "{dir}");
        for (name, der) in &files {
            let d = detect(der);
            assert!(
                d.writers().contains(&library),
                "{name}: {library} wrote it; detect: {:?} ({})",
                d.writers(),
                d.reason()
            );
            summary_follows_the_lists(name, &d);
            ambiguous += usize::from(d.is_ambiguous());
        }
    }
    // BoringSSL's and AWS-LC's sessions are read and written back by both.
    assert!(ambiguous > 0);
}

#[test]
fn openssl_reads_the_malformed_files_openssl_3_0_read_whole() {
    let (dir, _) = common::corpus_dir();
    let verdicts = common::read_jsonl(&dir.join("malformed/verdicts.jsonl"));
    let mut read_whole = 0;
    for v in &verdicts {
        let file = v["file"].as_str().unwrap();
        let Ok(input) = std::fs::read(dir.join("malformed").join(file)) else {
            continue;
        };
        let accepted_whole = v["accepted"].as_bool().unwrap()
            && v["consumed"].as_u64() == u64::try_from(input.len()).ok();
        if !accepted_whole {
            continue;
        }
        read_whole += 1;
        let d = detect(&input);
        assert!(
            d.candidates().contains(&Dialect::OpenSsl),
            "{file}: OpenSSL 3.0 read it whole; detect: {}",
            d.reason()
        );
        summary_follows_the_lists(file, &d);
    }
    assert!(read_whole > 100, "only {read_whole}");
}

#[test]
fn a_ber_certificate_is_read_by_openssl_which_does_not_write_it_back() {
    let dir = sslsession_testkit::workspace_root().join("testdata/ber-certificate");
    let input = std::fs::read(dir.join("indefinite-certificate.der")).unwrap();
    for written in [
        "indefinite-certificate.openssl-3.0.19.der",
        "indefinite-certificate.openssl-3.5.5.der",
    ] {
        assert_ne!(std::fs::read(dir.join(written)).unwrap(), input);
    }
    let d = detect(&input);
    assert!(d.candidates().contains(&Dialect::OpenSsl), "{}", d.reason());
    assert!(!d.writers().contains(&Dialect::OpenSsl), "{}", d.reason());
    summary_follows_the_lists("indefinite-certificate.der", &d);
}

/// Where OpenSSL writes a session back only in some versions, the reason
/// names them. LibreSSL's sessions hold no `[19]` and `[20]`, which OpenSSL
/// 3.x's `i2d_SSL_SESSION` always adds (`ssl_asn1.c`: the key exchange group
/// from 3.0 on): of OpenSSL's versions, only 1.1.1 writes them back.
#[test]
fn the_reason_names_the_openssl_versions_that_write_it_back() {
    let dir = sslsession_testkit::workspace_root().join("testdata/libressl");
    let mut named = 0;
    for (name, der) in sessions(&dir) {
        let d = detect(&der);
        if d.writers().contains(&Dialect::OpenSsl) {
            named += 1;
            let writers: Vec<&str> = d
                .writers()
                .iter()
                .map(|&w| match w {
                    Dialect::OpenSsl => "OpenSSL 1.1.1",
                    other => other.library(),
                })
                .collect();
            let said = format!("; {} write it back", writers.join(", "));
            assert!(d.reason().contains(&said), "{name}: {}", d.reason());
        }
    }
    assert!(named > 0);
}
