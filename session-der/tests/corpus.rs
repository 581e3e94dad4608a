//! Every session of `corpus/openssl-3.0` (made by real OpenSSL 3.0.19
//! handshakes and setters): decodes in both modes, every value OpenSSL's
//! getters reported equals ours, re-encoding reproduces OpenSSL's bytes, and
//! PEM output equals `openssl sess_id -outform PEM`.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

mod common;

use serde_json::Value;
use session_der::OpenSslVersion;
use session_der::{decode_with, encode, pem, CowSession, DecodeOptions, SessionRef, Target};
use sha2::{Digest, Sha256};

fn hex_field(v: &Value, key: &str) -> Option<String> {
    v[key].as_str().map(str::to_string)
}

fn opt_hex(b: Option<&[u8]>) -> Option<String> {
    b.map(common::hex)
}

/// Compares every manifest field with our decoded session; returns the mismatches.
fn compare(m: &Value, s: &SessionRef<'_>) -> Vec<String> {
    let mut bad = Vec::new();
    let mut check = |name: &str, theirs: Value, ours: Value| {
        if theirs != ours {
            bad.push(format!("{name}: openssl {theirs}, ours {ours}"));
        }
    };
    check(
        "protocol_version",
        m["protocol_version"].clone(),
        s.protocol_version().wire().into(),
    );
    check(
        "cipher_id",
        m["cipher_id"].clone(),
        s.cipher().openssl_id().into(),
    );
    check(
        "cipher_name",
        m["cipher_name"].clone(),
        s.cipher().openssl_name().into(),
    );
    check(
        "cipher_std_name",
        m["cipher_std_name"].clone(),
        s.cipher().iana_name().into(),
    );
    check(
        "session_id_hex",
        m["session_id_hex"].clone(),
        common::hex(s.session_id()).into(),
    );
    // OpenSSL's getter returns an empty context when [4] is absent.
    check(
        "sid_ctx_hex",
        m["sid_ctx_hex"].clone(),
        common::hex(s.sid_ctx().unwrap_or(&[])).into(),
    );
    check(
        "master_key_hex",
        m["master_key_hex"].clone(),
        common::hex(s.master_key().expose()).into(),
    );
    check(
        "master_key_len",
        m["master_key_len"].clone(),
        s.master_key().len().into(),
    );
    // OpenSSL reports its own clock for a defaulted time; use a sentinel "now".
    let now = i64::MIN / 2;
    if m["time_defaulted"].as_bool() == Some(true) {
        check("time (defaulted)", now.into(), s.effective_time(now).into());
    } else {
        check("time", m["time"].clone(), s.effective_time(now).into());
    }
    if m["timeout_defaulted"].as_bool() == Some(true) {
        check(
            "timeout (defaulted)",
            3.into(),
            s.effective_timeout().into(),
        );
    } else {
        check(
            "timeout",
            m["timeout"].clone(),
            s.effective_timeout().into(),
        );
    }
    check(
        "hostname_hex",
        hex_field(m, "hostname_hex").into(),
        opt_hex(s.effective_hostname()).into(),
    );
    check(
        "alpn_hex",
        hex_field(m, "alpn_hex").into(),
        opt_hex(s.alpn_selected()).into(),
    );
    check(
        "max_early_data",
        m["max_early_data"].clone(),
        s.max_early_data().unwrap_or(0).into(),
    );
    check(
        "ticket_lifetime_hint",
        m["ticket_lifetime_hint"].clone(),
        s.ticket_lifetime_hint().unwrap_or(0).into(),
    );
    check("has_ticket", m["has_ticket"].clone(), s.has_ticket().into());
    if m["has_ticket"].as_bool() == Some(true) {
        check(
            "ticket_hex",
            m["ticket_hex"].clone(),
            common::hex(s.ticket().unwrap_or(&[])).into(),
        );
    }
    check(
        "ticket_appdata_hex",
        hex_field(m, "ticket_appdata_hex").into(),
        opt_hex(s.ticket_appdata()).into(),
    );
    check(
        "compress_id",
        m["compress_id"].clone(),
        s.compression_id().unwrap_or(0).into(),
    );
    check(
        "verify_result",
        m["verify_result"].clone(),
        s.effective_verify_result().into(),
    );
    check("flags", m["flags"].clone(), s.effective_flags().into());
    check(
        "tick_age_add",
        m["tick_age_add"].clone(),
        s.ticket_age_add().unwrap_or(0).into(),
    );
    check(
        "kex_group",
        m["kex_group"].clone(),
        s.kex_group().unwrap_or(0).into(),
    );
    check(
        "max_fragment_len_mode_raw",
        m["max_fragment_len_mode_raw"].clone(),
        s.effective_max_fragment_len_mode().into(),
    );
    check(
        "psk_identity_hint_hex",
        hex_field(m, "psk_identity_hint_hex").into(),
        opt_hex(s.effective_psk_identity_hint()).into(),
    );
    check(
        "psk_identity_hex",
        hex_field(m, "psk_identity_hex").into(),
        opt_hex(s.effective_psk_identity()).into(),
    );
    check(
        "srp_username_hex",
        hex_field(m, "srp_username_hex").into(),
        opt_hex(s.effective_srp_username()).into(),
    );
    check(
        "is_resumable",
        m["is_resumable"].clone(),
        s.is_resumable().into(),
    );
    match (&m["peer"], s.peer_certificate()) {
        (Value::Null, None) => {}
        (Value::Object(p), Some(der)) => {
            check("peer.der_len", p["der_len"].clone(), der.len().into());
            check(
                "peer.der_sha256",
                p["der_sha256"].clone(),
                common::hex(&Sha256::digest(der)).into(),
            );
        }
        (theirs, ours) => check("peer", theirs.clone(), ours.map(<[u8]>::len).into()),
    }
    bad
}

#[test]
fn every_session_decodes_and_matches_openssl_getters() {
    let (dir, _) = common::corpus_dir();
    let manifest = common::read_jsonl(&dir.join("openssl-3.0/manifest.jsonl"));
    let mut failures = Vec::new();
    let mut count = 0;
    for m in &manifest {
        let file = m["file"].as_str().unwrap();
        let Ok(der) = std::fs::read(dir.join("openssl-3.0").join(file)) else {
            continue;
        };
        count += 1;
        assert_eq!(der.len() as u64, m["len"].as_u64().unwrap(), "{file}");
        for opts in [
            DecodeOptions::strict(),
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        ] {
            match decode_with::<SessionRef<'_>>(&der, &opts) {
                Ok(d) => {
                    assert_eq!(d.consumed, der.len(), "{file}");
                    let bad = compare(m, &d.session);
                    if !bad.is_empty() {
                        failures.push(format!("{file} ({:?}): {}", opts.mode(), bad.join("; ")));
                    }
                }
                Err(e) => failures.push(format!("{file} ({:?}): {e}", opts.mode())),
            }
        }
    }
    assert!(count > 0, "no corpus files found");
    assert!(
        failures.is_empty(),
        "{} failures of {count}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn reencoding_reproduces_openssl_bytes() {
    let (dir, _) = common::corpus_dir();
    let manifest = common::read_jsonl(&dir.join("openssl-3.0/manifest.jsonl"));
    let mut failures = Vec::new();
    let mut identical = 0;
    for m in &manifest {
        let file = m["file"].as_str().unwrap();
        let Ok(der) = std::fs::read(dir.join("openssl-3.0").join(file)) else {
            continue;
        };
        let s = decode_with::<CowSession<'_>>(
            &der,
            &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        )
        .unwrap()
        .session;
        // Exact re-encoding is the identity on every DER input.
        if encode(&s, Target::Auto).unwrap().as_slice() != der.as_slice() {
            failures.push(format!("{file}: exact re-encoding differs"));
        }
        if m["reencode_identical"].as_bool() == Some(true) {
            identical += 1;
            // OpenSSL's own i2d(d2i(x)) == x here, so the OpenSSL 3 target must agree.
            if encode(&s, Target::OpenSsl(OpenSslVersion::V3_0))
                .unwrap()
                .as_slice()
                != der.as_slice()
            {
                failures.push(format!(
                    "{file}: OpenSSL 3 target differs from OpenSSL's re-encoding"
                ));
            }
        }
    }
    assert!(identical > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pem_output_equals_openssl_sess_id() {
    let (dir, _) = common::corpus_dir();
    let manifest = common::read_jsonl(&dir.join("openssl-3.0/manifest.jsonl"));
    let mut compared = 0;
    for m in &manifest {
        let file = m["file"].as_str().unwrap();
        let pem_path = dir.join("openssl-3.0").join(file.replace(".der", ".pem"));
        let (Ok(der), Ok(expected)) = (
            std::fs::read(dir.join("openssl-3.0").join(file)),
            std::fs::read_to_string(&pem_path),
        ) else {
            continue;
        };
        // PEM of a defaulted file carries OpenSSL's clock; its DER round trip is still checked.
        let defaulted = m["time_defaulted"].as_bool() == Some(true)
            || m["timeout_defaulted"].as_bool() == Some(true);
        let back = pem::from_pem(expected.as_bytes()).unwrap();
        let s = decode_with::<CowSession<'_>>(
            &back,
            &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        )
        .unwrap()
        .session;
        if defaulted {
            continue;
        }
        assert_eq!(
            back.as_slice(),
            der.as_slice(),
            "{file}: PEM body is not the DER"
        );
        let ours = pem::to_pem(&encode(&s, Target::Auto).unwrap());
        assert_eq!(ours.as_str(), expected, "{file}");
        compared += 1;
    }
    assert!(compared > 0);
}

/// A session's protocol version prints (`Display`, and `Debug` for a known
/// one) as OpenSSL named the version it negotiated (`SSL_get_version`, the
/// manifest's `negotiated_version`).
#[test]
fn protocol_versions_print_as_openssl_names_them() {
    let (dir, _) = common::corpus_dir();
    let manifest = common::read_jsonl(&dir.join("openssl-3.0/manifest.jsonl"));
    let mut names = std::collections::BTreeSet::new();
    for m in &manifest {
        let (Some(wire), Some(name)) = (
            m["protocol_version"].as_u64(),
            m["negotiated_version"].as_str(),
        ) else {
            continue;
        };
        let v = session_der::session_model::ProtocolVersion(u16::try_from(wire).unwrap());
        assert_eq!(v.to_string(), name, "{wire:#06x}");
        assert_eq!(format!("{v:?}"), name, "{wire:#06x}");
        names.insert(name.to_string());
    }
    assert!(names.len() >= 2, "only {names:?}");
}
