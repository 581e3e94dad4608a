//! `corpus/malformed`: OpenSSL mode must agree with OpenSSL 3.0's verdict on
//! every file (accepted and consumed); strict mode must reject every file that
//! is not valid DER for the schema.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

mod common;

use session_der::OpenSslVersion;
use session_der::{decode_with, CowSession, DecodeOptions};

#[test]
fn openssl_mode_agrees_with_openssl_verdicts() {
    let (dir, full) = common::corpus_dir();
    let verdicts = common::read_jsonl(&dir.join("malformed/verdicts.jsonl"));
    let mut disagreements = Vec::new();
    let mut checked = 0;
    for v in &verdicts {
        let file = v["file"].as_str().unwrap();
        let path = dir.join("malformed").join(file);
        let Ok(input) = std::fs::read(&path) else {
            assert!(!full, "{file} listed but missing");
            continue;
        };
        checked += 1;
        let accepted = v["accepted"].as_bool().unwrap();
        let consumed = usize::try_from(v["consumed"].as_u64().unwrap()).unwrap();
        let ours = decode_with::<CowSession<'_>>(
            &input,
            &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        );
        let (our_accepted, our_consumed) = match &ours {
            Ok(d) => (true, d.consumed),
            Err(_) => (false, 0),
        };
        if our_accepted != accepted || our_consumed != consumed {
            disagreements.push(format!(
                "{file} ({}): openssl accepted={accepted} consumed={consumed}, ours {:?}",
                v["mutation"].as_str().unwrap_or(""),
                ours.map(|d| d.consumed).map_err(|e| e.to_string())
            ));
        }
    }
    assert!(checked > 0);
    assert!(
        disagreements.is_empty(),
        "{} of {checked} disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// A "mutation" that left its source untouched is the source itself: valid
/// DER, whatever its label says (m03933: re-writing a 2-octet length as 2
/// octets). Such files are recognised by content, not by name.
fn is_unmodified_source(input: &[u8], source: &str, dir: &std::path::Path) -> bool {
    std::fs::read(dir.join("openssl-3.0").join(source)).is_ok_and(|src| src == input)
}

#[test]
fn strict_mode_rejects_every_non_der_file() {
    let (dir, _) = common::corpus_dir();
    let verdicts = common::read_jsonl(&dir.join("malformed/verdicts.jsonl"));
    let mut wrongly_accepted = Vec::new();
    let mut checked = 0;
    for v in &verdicts {
        if v["der_ok"].as_bool() != Some(false) {
            continue;
        }
        let file = v["file"].as_str().unwrap();
        let Ok(input) = std::fs::read(dir.join("malformed").join(file)) else {
            continue;
        };
        if is_unmodified_source(&input, v["source"].as_str().unwrap_or(""), &dir) {
            continue;
        }
        checked += 1;
        if decode_with::<CowSession<'_>>(&input, &DecodeOptions::strict()).is_ok() {
            wrongly_accepted.push(format!("{file}: {}", v["mutation"].as_str().unwrap_or("")));
        }
    }
    assert!(checked > 0);
    assert!(
        wrongly_accepted.is_empty(),
        "strict accepted:\n{}",
        wrongly_accepted.join("\n")
    );
}
