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

/// The field OpenSSL 3.0 names in its error data (`Field=NAME,
/// Type=SSL_SESSION_ASN1`, from `ERR_add_error_data` in
/// `asn1_item_embed_d2i`) is the one OpenSSL mode's error names, by its
/// `SSL_SESSION_ASN1` member name (`Field::openssl_name`), for every
/// malformed file where OpenSSL names one. One difference is by design: an
/// element no template takes (unknown, duplicated, out of order) OpenSSL
/// charges to its last template field, `kex_group` (which may not be
/// omitted while data is left), and we to the session itself
/// (`ErrorKind::UnexpectedField`, naming the element's tag).
#[test]
fn openssl_mode_names_the_field_openssl_names() {
    use session_der::ErrorKind;
    let (dir, full) = common::corpus_dir();
    let verdicts = common::read_jsonl(&dir.join("malformed/verdicts.jsonl"));
    let (mut checked, mut unexpected) = (0, 0);
    let mut disagreements = Vec::new();
    for v in &verdicts {
        let Some(name) = v["errors"].as_array().unwrap().iter().find_map(|e| {
            e.as_str()?
                .split("Field=")
                .nth(1)?
                .strip_suffix(", Type=SSL_SESSION_ASN1")
        }) else {
            continue;
        };
        let file = v["file"].as_str().unwrap();
        let Some(e) = refusal_3_0(&dir, full, file) else {
            continue;
        };
        checked += 1;
        let ours = e.field().openssl_name();
        if matches!(e.kind(), ErrorKind::UnexpectedField { .. }) && name == "kex_group" {
            assert_eq!(ours, "SSL_SESSION_ASN1", "{file}");
            unexpected += 1;
        } else if ours != name {
            disagreements.push(format!(
                "{file} ({}): OpenSSL names {name}, ours {ours} ({e})",
                v["mutation"].as_str().unwrap_or("")
            ));
        }
    }
    assert!(checked > 100, "only {checked} files name a field");
    assert!(unexpected > 0);
    assert!(
        disagreements.is_empty(),
        "{} of {checked} disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// A session that ends before one of its five required fields (version,
/// ssl_version, cipher, session_id, master_key: untagged, not OPTIONAL in
/// `SSL_SESSION_ASN1`) is refused with `MissingField` naming that field, in
/// OpenSSL mode and strict mode.
#[test]
fn a_session_cut_before_a_required_field_names_it() {
    use session_der::session_model::Field;
    use session_der::ErrorKind;
    let required = [
        (Field::Version, vec![0x02, 0x01, 0x01]),
        (Field::ProtocolVersion, vec![0x02, 0x02, 0x03, 0x03]),
        (Field::Cipher, vec![0x04, 0x02, 0xC0, 0x2F]),
        (Field::SessionId, [&[0x04, 0x20][..], &[0x11; 32]].concat()),
        (Field::MasterKey, [&[0x04, 0x30][..], &[0x22; 48]].concat()),
    ];
    for cut in 0..required.len() {
        let body: Vec<u8> = required[..cut]
            .iter()
            .flat_map(|(_, e)| e.clone())
            .collect();
        let input = [&[0x30, u8::try_from(body.len()).unwrap()][..], &body].concat();
        for opts in [
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
            DecodeOptions::strict(),
        ] {
            let e = decode_with::<CowSession<'_>>(&input, &opts).unwrap_err();
            assert_eq!(
                (e.kind(), e.field()),
                (ErrorKind::MissingField, required[cut].0),
                "cut before {:?} ({opts:?})",
                required[cut].0
            );
        }
    }
}

/// An error inside a string in segments (BER: a constructed OCTET STRING,
/// which OpenSSL mode collects as `asn1_collect` does) names the offset of
/// the segment at fault, not of the string: here the session id's second
/// segment claims more bytes than there are.
#[test]
fn an_error_inside_a_string_in_segments_names_the_segment() {
    use session_der::session_model::Field;
    let first = [&[0x04, 0x10][..], &[0x11; 16]].concat();
    // 04 7F: 127 bytes claimed, 3 there, then the outer end-of-contents.
    let second = [0x04, 0x7F, 0xAA, 0xBB, 0xCC];
    let id = [&[0x24, 0x80][..], &first, &second, &[0, 0]].concat();
    let mut body = vec![
        0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xC0, 0x2F,
    ];
    let id_at = 2 + body.len();
    body.extend(&id);
    body.extend([&[0x04, 0x30][..], &[0x22; 48]].concat());
    let input = [&[0x30, 0x80][..], &body, &[0, 0]].concat();
    let second_at = id_at + 2 + first.len();
    assert_eq!(input[second_at..second_at + 2], [0x04, 0x7F]);
    let e = decode_with::<CowSession<'_>>(
        &input,
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
    )
    .unwrap_err();
    assert_eq!(
        (e.field(), e.offset()),
        (Field::SessionId, second_at),
        "{e}"
    );
}

/// An error inside an indefinite-length element kept encoded (here the peer
/// certificate, unread: `check_certificate(false)`, so its end is found as
/// `asn1_find_end` finds it) names the offset of the element at fault: an
/// OCTET STRING inside claims more bytes than there are.
#[test]
fn an_error_inside_an_element_kept_encoded_names_the_element() {
    use session_der::session_model::Field;
    let mut body = vec![
        0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xC0, 0x2F,
    ];
    body.extend([&[0x04, 0x20][..], &[0x11; 32]].concat());
    body.extend([&[0x04, 0x30][..], &[0x22; 48]].concat());
    let bad_at = 2 + body.len() + 6;
    // [3] { SEQUENCE { NULL, OCTET STRING claiming 127 bytes, 2 there } },
    // all indefinite.
    body.extend([
        0xA3, 0x80, 0x30, 0x80, 0x05, 0x00, 0x04, 0x7F, 0xAA, 0xBB, 0, 0, 0, 0,
    ]);
    let input = [&[0x30, 0x80][..], &body, &[0, 0]].concat();
    assert_eq!(input[bad_at..bad_at + 2], [0x04, 0x7F]);
    let opts = DecodeOptions::openssl_version(OpenSslVersion::V3_0).check_certificate(false);
    let e = decode_with::<CowSession<'_>>(&input, &opts).unwrap_err();
    assert_eq!(
        (e.field(), e.offset()),
        (Field::PeerCertificate, bad_at),
        "{e}"
    );
}

/// The master key's emptiness as read: OpenSSL takes an empty one (`04 00`).
#[test]
fn an_empty_master_key_is_read_as_empty() {
    for (key, empty) in [
        (vec![0x04, 0x00], true),
        ([&[0x04, 0x30][..], &[0x22; 48]].concat(), false),
    ] {
        let mut body = vec![
            0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xC0, 0x2F,
        ];
        body.extend([&[0x04, 0x20][..], &[0x11; 32]].concat());
        body.extend(&key);
        let input = [&[0x30, u8::try_from(body.len()).unwrap()][..], &body].concat();
        let d = decode_with::<CowSession<'_>>(
            &input,
            &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        )
        .unwrap();
        assert_eq!(d.session.master_key().is_empty(), empty);
        assert_eq!(d.session.master_key().len(), key.len() - 2);
    }
}

/// Where OpenSSL 3.0 refuses a session because a BIT STRING inside its peer
/// certificate has a bad bits-left octet (first error:
/// `ossl_c2i_ASN1_BIT_STRING`, "invalid bit string bits left"), OpenSSL
/// mode and strict mode refuse it as `InvalidCertificate(InvalidBitString)`,
/// not as a generic structure error.
#[test]
fn a_bad_bit_string_in_the_certificate_is_named_as_such() {
    use session_der::{CertificateError, ErrorKind};
    let (dir, _) = common::corpus_dir();
    let verdicts = common::read_jsonl(&dir.join("malformed/verdicts.jsonl"));
    let mut checked = 0;
    for v in &verdicts {
        if v["error"]["reason"].as_str() != Some("invalid bit string bits left") {
            continue;
        }
        let file = v["file"].as_str().unwrap();
        let Ok(input) = std::fs::read(dir.join("malformed").join(file)) else {
            continue;
        };
        for opts in [
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
            DecodeOptions::strict(),
        ] {
            let e = decode_with::<CowSession<'_>>(&input, &opts).unwrap_err();
            assert_eq!(
                e.kind(),
                ErrorKind::InvalidCertificate(CertificateError::InvalidBitString),
                "{file} ({:?})",
                opts.mode()
            );
        }
        checked += 1;
    }
    assert!(checked > 0);
}

/// What OpenSSL 3.0 queued for each refused file: whether it queued anything
/// (`DecodeError::openssl_queues_error`: it does not for an unknown cipher
/// or an over-long session id, master key or sid_ctx), and the first error
/// it queued, as `DecodeError::openssl_error_code` packs it (`lib << 23 |
/// reason`). A certificate `d2i_X509` refuses is reported as
/// `ERR_R_NESTED_ASN1_ERROR` whatever its inner reason, so only whether an
/// error is queued is compared for those.
#[test]
fn openssl_error_codes_are_the_first_error_openssl_queued() {
    use session_der::ErrorKind;
    let (dir, full) = common::corpus_dir();
    let verdicts = common::read_jsonl(&dir.join("malformed/verdicts.jsonl"));
    let mut disagreements = Vec::new();
    let (mut refused, mut codes) = (0, 0);
    for v in &verdicts {
        if v["accepted"].as_bool().unwrap() {
            continue;
        }
        let file = v["file"].as_str().unwrap();
        let Some(e) = refusal_3_0(&dir, full, file) else {
            continue;
        };
        refused += 1;
        let theirs = v["error"].as_object().map(|err| {
            let lib = match err["lib"].as_str().unwrap() {
                "asn1 encoding routines" => 13u32,
                "SSL routines" => 20,
                other => panic!("{file}: library {other}"),
            };
            lib << 23 | u32::try_from(err["reason_code"].as_u64().unwrap()).unwrap()
        });
        if e.openssl_queues_error() != theirs.is_some() {
            disagreements.push(format!("{file}: OpenSSL queued {theirs:x?}; ours: {e}"));
            continue;
        }
        if matches!(e.kind(), ErrorKind::InvalidCertificate(_)) {
            continue;
        }
        if let Some(theirs) = theirs {
            codes += 1;
            if e.openssl_error_code() != Some(theirs) {
                disagreements.push(format!(
                    "{file}: OpenSSL {theirs:#x}, ours {:x?} ({e})",
                    e.openssl_error_code()
                ));
            }
        }
    }
    assert!(!full || refused > 1000, "only {refused} refused files");
    assert!(
        disagreements.is_empty(),
        "{} of {refused} refused files ({codes} codes compared) disagree:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// No input at all: OpenSSL 3.0 queues ASN1_R_TOO_SMALL (corpus m00003,
/// `asn1_item_embed_d2i`'s zero-length check); 1.1.1w, which has no such
/// check, reads the header of nothing and queues ASN1_R_HEADER_TOO_LONG
/// first (its first error on m00003 in the C differential suite against
/// 1.1.1w: 0x0D07207B, reason 123).
#[test]
fn no_input_is_refused_with_each_versions_first_error() {
    use session_der::ErrorKind;
    for (version, kind, code) in [
        (OpenSslVersion::V3_0, ErrorKind::Empty, 13 << 23 | 224),
        (OpenSslVersion::V1_1_1, ErrorKind::BadHeader, 13 << 23 | 123),
    ] {
        let e = decode_with::<CowSession<'_>>(&[], &DecodeOptions::openssl_version(version))
            .expect_err("no input");
        assert_eq!((e.kind(), e.offset()), (kind, 0), "{version}");
        assert_eq!(e.openssl_error_code(), Some(code), "{version}");
    }
}

/// An EXPLICIT wrapper with nothing in it (`[1] time` as `A1 00`, corpus
/// m03447): 3.0 queues ASN1_R_TOO_SMALL first (its verdict in the corpus);
/// 1.1.1w ASN1_R_HEADER_TOO_LONG (interop's BER-error test against it).
#[test]
fn an_empty_explicit_wrapper_is_refused_with_each_versions_first_error() {
    use session_der::session_model::Field;
    use session_der::ErrorKind;
    let (dir, full) = common::corpus_dir();
    let Ok(input) = std::fs::read(dir.join("malformed/m03447-length.der")) else {
        assert!(!full, "m03447 missing");
        return;
    };
    for (version, kind, code) in [
        (OpenSslVersion::V3_0, ErrorKind::Empty, 13 << 23 | 224),
        (OpenSslVersion::V1_1_1, ErrorKind::BadHeader, 13 << 23 | 123),
    ] {
        let e = decode_with::<CowSession<'_>>(&input, &DecodeOptions::openssl_version(version))
            .expect_err("[1] holds nothing");
        assert_eq!((e.kind(), e.field()), (kind, Field::Time), "{version}");
        assert_eq!(e.openssl_error_code(), Some(code), "{version}");
    }
}

/// OpenSSL mode (3.0)'s error on the malformed corpus file `file`, which
/// OpenSSL 3.0 refused (its verdict); `None` when the file is absent from a
/// partial corpus (a full one must have it).
fn refusal_3_0(dir: &std::path::Path, full: bool, file: &str) -> Option<session_der::DecodeError> {
    let Ok(input) = std::fs::read(dir.join("malformed").join(file)) else {
        assert!(!full, "{file} listed but missing");
        return None;
    };
    let ours = decode_with::<CowSession<'_>>(
        &input,
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
    );
    Some(
        ours.err()
            .unwrap_or_else(|| panic!("{file}: OpenSSL 3.0 refuses it; ours accepts")),
    )
}
