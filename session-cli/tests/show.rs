//! `show` options and OpenSSL's printing quirks, checked against every built
//! version's `openssl sess_id` on sessions edited through the JSON record.

mod common;

use common::{hex, manifest, openssl, oracles, sslsess, sslsess_as, text, upper_hex, Oracle};
use serde_json::Value;

fn first_with_ticket() -> (std::path::PathBuf, Value) {
    let (dir, entries) = manifest();
    let m = entries
        .iter()
        .find(|m| m["has_ticket"] == true && !m["peer"].is_null() && m["protocol_version"] == 772)
        .expect("a TLS 1.3 session with a ticket and a peer certificate");
    (dir.join(m["file"].as_str().expect("file")), m.clone())
}

/// Edits the record of `path` and returns the resulting DER.
fn edited(path: &std::path::Path, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let json = sslsess(
        &["convert", "--to", "json", path.to_str().expect("utf-8")],
        b"",
    );
    let mut record: Value = serde_json::from_slice(&json.stdout).expect("json");
    edit(&mut record);
    let der = sslsess(&["convert", "--to", "der"], record.to_string().as_bytes());
    assert!(der.status.success(), "{}", text(&der.stderr));
    der.stdout
}

/// `edited`, readable by every version: 1.1.1's template ends at `[18]`, so
/// the `[19]` kex_group of a 3.0 session is dropped for it.
fn edited_for(oracle: &Oracle, path: &std::path::Path, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    edited(path, |r| {
        if oracle.version == "1.1.1" {
            r["kex_group"] = Value::Null;
        }
        edit(r);
    })
}

/// `show --openssl V` against that version's `openssl sess_id -text -noout`;
/// returns our stderr.
fn assert_show_equals(oracle: &Oracle, der: &[u8]) -> String {
    let theirs = oracle.run(&["sess_id", "-inform", "DER", "-text", "-noout"], der);
    assert!(
        theirs.status.success(),
        "OpenSSL {} refused the session",
        oracle.version
    );
    let ours = sslsess_as(oracle.version, &["show"], der);
    assert_eq!(
        ours.status.code(),
        theirs.status.code(),
        "{}",
        oracle.version
    );
    assert_eq!(
        text(&ours.stdout),
        text(&theirs.stdout),
        "{}",
        oracle.version
    );
    text(&ours.stderr)
}

/// [`assert_show_equals`] for every built version; returns our stderr (the
/// same for all).
fn assert_show_equals_openssl(path: &std::path::Path, edit: impl Fn(&mut Value)) -> String {
    let mut notes = Vec::new();
    for oracle in oracles() {
        let der = edited_for(&oracle, path, &edit);
        notes.push(assert_show_equals(&oracle, &der));
    }
    notes.dedup();
    assert!(notes.len() <= 1, "{notes:?}");
    notes.pop().unwrap_or_default()
}

#[test]
fn empty_ticket_stops_the_text_where_openssl_stops() {
    let (path, _) = first_with_ticket();
    let note = assert_show_equals_openssl(&path, |r| r["ticket"] = Value::from(""));
    let der = edited(&path, |r| r["ticket"] = Value::from(""));
    let out = sslsess(&["show"], &der);
    assert!(text(&out.stdout).ends_with("    TLS session ticket:\n"));
    assert!(note.contains("the ticket is present but empty"), "{note}");
    // sess_id ignores SSL_SESSION_print's failure, as OpenSSL's does.
    let sess_id = sslsess(&["sess_id", "-inform", "DER", "-text", "-noout"], &der);
    assert!(sess_id.status.success() && sess_id.stderr.is_empty());
}

#[test]
fn empty_and_nul_cut_psk_strings_print_as_openssl() {
    let (path, _) = first_with_ticket();
    // Present but empty: `%s` of "" makes SSL_SESSION_print stop.
    let note = assert_show_equals_openssl(&path, |r| r["psk_identity"] = Value::from(""));
    assert!(
        note.contains("the PSK identity is present but empty"),
        "{note}"
    );
    // Cut at the first NUL, raw bytes otherwise (not UTF-8 here).
    let edit = |r: &mut Value| {
        r["psk_identity_hint"] = Value::from(hex(b"hint\xff\x01"));
        r["srp_username"] = Value::from(hex(b"user\0hidden"));
        r["verify_result"] = Value::from(-5);
        r["compression_id"] = Value::from(7);
        r["ticket_lifetime_hint"] = Value::from(u64::MAX);
        r["max_early_data"] = Value::from(u32::MAX);
        r["flags"] = Value::from(0x1_0000_0001_u64);
    };
    assert!(assert_show_equals_openssl(&path, edit).is_empty());
    let der = edited(&path, edit);
    let shown = text(&sslsess(&["show"], &der).stdout);
    assert!(shown.contains("    SRP username: user\n"), "{shown}");
    assert!(shown.contains("    Verify return code: -5 (unknown certificate verification error)\n"));
    assert!(shown.contains("    TLS session ticket lifetime hint: -1 (seconds)\n"));
    assert!(shown.contains("    Compression: 7\n"));
}

#[test]
fn every_protocol_name_and_verify_code_prints_as_openssl() {
    let (path, _) = first_with_ticket();
    for (version, code) in [
        (0x0303, 0),
        (0x0302, 2),
        (0x0301, 10),
        (0x0300, 18),
        (0xFEFF, 20),
        (0xFEFD, 62),
        (0x0100, 1),
        (0x03FF, 79),
        (0xFE00, 1000),
    ] {
        let edit = |r: &mut Value| {
            r["protocol_version"] = Value::from(version);
            r["protocol"] = Value::Null;
            r["verify_result"] = Value::from(code);
        };
        assert!(
            assert_show_equals_openssl(&path, edit).is_empty(),
            "{version:#x}"
        );
    }
}

/// Every verify code any version has a text for (and some none has), as
/// each version's `X509_verify_cert_error_string` prints it: 1.1.1's own
/// wording, the codes 3.5, 3.6 and 4.0 added, 3.6's rewording of 9.
#[test]
fn verify_texts_are_each_versions() {
    let (path, _) = first_with_ticket();
    let oracles = oracles();
    let mut differing = 0;
    for code in (-2..=110).chain([1000, i64::from(i32::MAX), i64::from(i32::MIN)]) {
        let edit = |r: &mut Value| r["verify_result"] = Value::from(code);
        let mut texts = Vec::new();
        for oracle in &oracles {
            let der = edited_for(oracle, &path, edit);
            assert!(assert_show_equals(oracle, &der).is_empty(), "{code}");
            let shown = text(&sslsess_as(oracle.version, &["show"], &der).stdout);
            texts.extend(
                shown
                    .lines()
                    .filter(|l| l.contains("Verify return code"))
                    .map(str::to_owned),
            );
        }
        texts.dedup();
        differing += usize::from(texts.len() > 1);
    }
    // The tables do differ (when more than one version is built).
    assert!(
        oracles.len() < 2 || differing > 10,
        "{differing} codes differ"
    );
}

/// Start Time and Timeout as each version holds them: `time_t` up to 3.0,
/// `OSSL_TIME` from 3.2 (seconds × 10⁹ in a wrapping `uint64_t`), including
/// a time 3.2+ hold as zero (2⁵⁵ s: no Start Time line) and one they hold as
/// a fraction of a second (Start Time: 0).
#[test]
fn start_time_and_timeout_print_as_each_version_holds_them() {
    let (path, _) = first_with_ticket();
    // 1953125 × 2⁹ = 10⁹; its inverse mod 2⁵⁵ makes seconds × 10⁹ ≡ 512 ticks.
    let inverse = (0..55).fold(1_u64, |x, _| {
        x.wrapping_mul(2_u64.wrapping_sub(1_953_125_u64.wrapping_mul(x)))
    }) & ((1 << 55) - 1);
    assert_eq!(inverse.wrapping_mul(1_953_125) & ((1 << 55) - 1), 1);
    for value in [
        -1,
        1,
        1 << 40,
        1 << 55,
        inverse as i64,
        i64::MAX,
        i64::MIN,
        -(1 << 55),
    ] {
        for field in ["time", "timeout"] {
            let edit = |r: &mut Value| r[field] = Value::from(value);
            assert!(
                assert_show_equals_openssl(&path, edit).is_empty(),
                "{field} {value}"
            );
        }
    }
}

#[test]
fn redact_masks_key_ticket_and_psk_identities() {
    let (path, m) = first_with_ticket();
    let der = edited(&path, |r| {
        r["psk_identity"] = Value::from(hex(b"alice"));
        r["psk_identity_hint"] = Value::from(hex(b"the-hint"));
    });
    let out = sslsess(&["show", "--redact"], &der);
    assert!(out.status.success());
    let shown = text(&out.stdout);
    let key = m["master_key_hex"].as_str().expect("key");
    assert!(!shown.to_lowercase().contains(key), "{shown}");
    assert!(shown.contains(&format!(
        "    Resumption PSK: <redacted, {} bytes>\n",
        key.len() / 2
    )));
    assert!(shown.contains("    PSK identity: <redacted, 5 bytes>\n"));
    assert!(shown.contains("    PSK identity hint: <redacted, 8 bytes>\n"));
    assert!(
        !shown.contains("alice") && !shown.contains("0000 - "),
        "{shown}"
    );
    assert!(shown.contains("    TLS session ticket:\n    <redacted, "));
    // The session id is no secret and stays.
    let id = upper_hex(&common_unhex(m["session_id_hex"].as_str().expect("id")));
    assert!(shown.contains(&format!("    Session-ID: {id}\n")));
}

fn common_unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn targets_openssl3_and_openssl111() {
    let (path, _) = first_with_ticket();
    let p = path.to_str().expect("utf-8");
    let v3 = sslsess(&["convert", "--to", "der", "--target", "openssl3", p], b"");
    let v111 = sslsess(
        &["convert", "--to", "der", "--target", "openssl111", p],
        b"",
    );
    assert!(v3.status.success() && v111.status.success());
    // OpenSSL 3 reads both; the 1.1.1 form lacks [19] kex_group (tag 0xB3).
    for der in [&v3.stdout, &v111.stdout] {
        assert!(openssl(&["sess_id", "-inform", "DER", "-noout"], der)
            .status
            .success());
    }
    let record = |der: &[u8]| -> Value {
        serde_json::from_slice(&sslsess(&["show", "--json"], der).stdout).expect("json")
    };
    assert!(record(&v3.stdout)["kex_group"].is_u64());
    assert!(record(&v111.stdout)["kex_group"].is_null());
    // -o writes a file (mode 0600: it holds the key) and nothing on stdout.
    let dir = common::scratch_dir("target-out");
    let out_path = dir.join("s.pem");
    let out = sslsess(
        &[
            "convert",
            "--to",
            "pem",
            "-o",
            out_path.to_str().expect("utf-8"),
            p,
        ],
        b"",
    );
    assert!(out.status.success() && out.stdout.is_empty());
    let pem = std::fs::read(&out_path).expect("written");
    assert!(pem.starts_with(b"-----BEGIN SSL SESSION PARAMETERS-----\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out_path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ber_accepted_by_openssl_is_canonicalised() {
    // A malformed-corpus input OpenSSL accepts but strict DER rejects: convert
    // re-encodes it from its fields, and OpenSSL reads the result the same way.
    let (corpus, _) = common::corpus_dir();
    let dir = corpus.join("malformed");
    let verdicts = common::read_jsonl(&dir.join("verdicts.jsonl"));
    let mut converted = 0;
    let mut in_certificate = 0;
    for v in verdicts
        .iter()
        .filter(|v| v["accepted"] == true && v["der_ok"] == false)
    {
        let path = dir.join(v["file"].as_str().expect("file"));
        let p = path.to_str().expect("utf-8");
        // m03933 is labelled non-DER but its mutation was a no-op (see
        // session-der's README, "Known differences"): skip what strict accepts.
        if sslsess(&["check", "--mode", "strict", p], b"")
            .status
            .success()
        {
            continue;
        }
        let der = sslsess(&["convert", "--openssl", "3.0", "--to", "der", p], b"");
        assert!(der.status.success(), "{p}: {}", text(&der.stderr));
        let strict = sslsess(&["check", "--mode", "strict", "-"], &der.stdout);
        if text(&strict.stdout).contains("rejected: peer_certificate: ") {
            // BER inside the TBSCertificate stays: OpenSSL keeps its encoding
            // as received too (X509_CINF caches it; session-der's README).
            in_certificate += 1;
            continue;
        }
        assert!(strict.status.success(), "{p}: {}", text(&strict.stdout));
        // (`openssl sess_id` itself cannot be the reference for the input:
        // its BIO reader refuses some BER that d2i_SSL_SESSION accepts.)
        // The verdicts and the input's acceptance are OpenSSL 3.0.19's.
        let ours_before = sslsess(&["show", "--openssl", "3.0", "--now", "0", p], b"");
        let theirs_after = openssl(
            &["sess_id", "-inform", "DER", "-text", "-noout"],
            &der.stdout,
        );
        assert!(theirs_after.status.success(), "{p}");
        assert_eq!(text(&ours_before.stdout), text(&theirs_after.stdout), "{p}");
        converted += 1;
    }
    assert!(converted > in_certificate, "{converted} canonicalised");
    eprintln!("{converted} BER inputs canonicalised ({in_certificate} with BER inside the certificate kept)");
}
