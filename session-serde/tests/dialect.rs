//! Records carry the session's dialect: BoringSSL's good session vectors
//! (`ssl/ssl_test.cc`; the repository's `testdata/boringssl/vectors`, see
//! its README) go through a record — JSON and postcard — and back to the
//! same DER, which BoringSSL's own test requires to be the vector's bytes;
//! unknown dialect names are refused; a record checks its fields against its
//! dialect.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use session_der::{decode_with, encode, DecodeOptions, Dialect, OwnedSession, Target};
use session_model::Field;
use session_serde::{Record, RecordError, RecordOptions};

/// BoringSSL's three good vectors, each of which its `SessionEncodingTest`
/// decodes with `SSL_SESSION_from_bytes` and writes back byte for byte.
const GOOD: [&str; 3] = ["kOpenSSLSession", "kCustomSession", "kBoringSSLSession"];

fn vector(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/boringssl/vectors")
        .join(format!("{name}.hex"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

/// `SSL_SESSION_from_bytes`: BoringSSL's decoder, nothing after the session.
fn from_bytes(der: &[u8]) -> OwnedSession {
    decode_with::<OwnedSession>(
        der,
        &DecodeOptions::dialect(Dialect::BoringSsl).allow_trailing(false),
    )
    .unwrap()
    .session
}

#[derive(Serialize, Deserialize)]
struct Blob {
    #[serde(with = "session_serde::der")]
    session: OwnedSession,
}

#[test]
fn boringssl_vectors_round_trip_through_records_to_their_own_bytes() {
    for name in GOOD {
        let der = vector(name);
        let session = from_bytes(&der);
        assert_eq!(session.dialect(), Dialect::BoringSsl, "{name}");
        let record = Record::from_session(&session, &RecordOptions::full());
        assert_eq!(record.dialect, Dialect::BoringSsl, "{name}");

        let json = serde_json::to_string(&record).unwrap();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["dialect"], json!("boringssl"), "{name}");
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record, "{name}: JSON");
        let s = back.to_session().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.dialect(), Dialect::BoringSsl, "{name}");
        assert_eq!(
            encode(&s, Target::Auto).unwrap().as_slice(),
            der.as_slice(),
            "{name}: JSON"
        );
        assert_eq!(
            back.to_der().unwrap().as_slice(),
            der.as_slice(),
            "{name}: to_der"
        );

        let pc = postcard::to_allocvec(&record).unwrap();
        let back: Record = postcard::from_bytes(&pc).unwrap();
        assert_eq!(back, record, "{name}: postcard");
        let s = back.to_session().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            encode(&s, Target::Auto).unwrap().as_slice(),
            der.as_slice(),
            "{name}: postcard"
        );

        // The DER-blob helpers write the session's own dialect and read it back.
        let blob = Blob { session };
        for bytes in [
            serde_json::to_vec(&blob).unwrap(),
            postcard::to_allocvec(&blob).unwrap(),
        ] {
            let back: Blob = serde_json::from_slice(&bytes)
                .or_else(|_| postcard::from_bytes(&bytes))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(back.session.dialect(), Dialect::BoringSsl, "{name}");
            assert_eq!(
                encode(&back.session, Target::Auto).unwrap().as_slice(),
                der.as_slice(),
                "{name}: blob"
            );
        }
    }
}

#[test]
fn the_vectors_records_hold_boringssls_own_fields() {
    // kCustomSession carries [13] peerSHA256, [14] originalHandshakeHash,
    // [15] the SCT list and [16] the OCSP response (ssl_test.cc's comment);
    // kBoringSSLSession a [19] certChain.
    let v = serde_json::to_value(Record::from_session(
        &from_bytes(&vector("kCustomSession")),
        &RecordOptions::full(),
    ))
    .unwrap();
    for member in [
        "peer_sha256",
        "original_handshake_hash",
        "signed_cert_timestamp_list",
        "ocsp_response",
    ] {
        assert!(v[member].is_string(), "{member}: {v}");
    }
    let v = serde_json::to_value(Record::from_session(
        &from_bytes(&vector("kBoringSSLSession")),
        &RecordOptions::full(),
    ))
    .unwrap();
    assert!(v["cert_chain"].is_string(), "{v}");
}

#[test]
fn an_unknown_dialect_name_is_refused() {
    let der = vector("kCustomSession");
    let mut v = serde_json::to_value(Record::from_session(
        &from_bytes(&der),
        &RecordOptions::full(),
    ))
    .unwrap();
    for bad in [json!("boring-ssl"), json!("wolfssl"), json!(""), json!(1)] {
        v["dialect"] = bad.clone();
        let e = serde_json::from_value::<Record>(v.clone())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("dialect") || e.contains("invalid type"),
            "{bad}: {e}"
        );
    }
    v["dialect"] = json!("wolfssl");
    let e = serde_json::from_value::<Record>(v.clone())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unknown dialect") && e.contains("wolfssl"),
        "{e}"
    );
    // Through a binary format too.
    let mut cbor = Vec::new();
    ciborium::into_writer(&v, &mut cbor).unwrap();
    let e = ciborium::from_reader::<Record, _>(cbor.as_slice())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unknown dialect") && e.contains("wolfssl"),
        "{e}"
    );
}

#[test]
fn a_record_without_dialect_is_openssls() {
    let der = common::sample(common::TLS13_CLIENT);
    let s = session_der::decode(&der).unwrap();
    let mut v = serde_json::to_value(Record::from_session(&s, &RecordOptions::full())).unwrap();
    assert_eq!(v["dialect"], json!("openssl"));
    v.as_object_mut().unwrap().remove("dialect");
    let r: Record = serde_json::from_value(v).unwrap();
    assert_eq!(r.dialect, Dialect::OpenSsl);
    assert_eq!(r.to_der().unwrap().as_slice(), der.as_slice());
}

#[test]
fn the_dialect_decides_which_decoder_checks_the_record() {
    let der = vector("kCustomSession");
    let record = Record::from_session(&from_bytes(&der), &RecordOptions::full());

    // The same values read as an OpenSSL record: OpenSSL has no peer_sha256.
    let mut as_openssl = record.clone();
    as_openssl.dialect = Dialect::OpenSsl;
    assert_eq!(
        as_openssl.to_session().unwrap_err(),
        RecordError::NotInDialect {
            field: Field::PeerSha256,
            dialect: Dialect::OpenSsl
        }
    );

    // Options of another dialect are refused, not applied.
    assert_eq!(
        record
            .to_session_with(&DecodeOptions::strict())
            .unwrap_err(),
        RecordError::WrongDialect {
            record: Dialect::BoringSsl,
            options: Dialect::OpenSsl
        }
    );
    assert!(record
        .to_session_with(&DecodeOptions::dialect(Dialect::BoringSsl))
        .is_ok());

    // An OpenSSL-only field in a BoringSSL record ([6] hostname: BoringSSL
    // skips it) is refused rather than silently dropped by its writer.
    let mut v = serde_json::to_value(&record).unwrap();
    v["hostname"] = json!(common::hex(b"example.com"));
    let r: Record = serde_json::from_value(v).unwrap();
    let e = r.to_session().unwrap_err();
    assert_eq!(
        e,
        RecordError::NotInDialect {
            field: Field::Hostname,
            dialect: Dialect::BoringSsl
        }
    );
    assert_eq!(
        e.to_string(),
        "hostname: BoringSSL sessions do not hold this field (record dialect boringssl)"
    );

    // BoringSSL's writer and decoder, not OpenSSL's, check the values: a
    // peer certificate next to [13] peerSHA256 is one BoringSSL never writes
    // (ssl_asn1.cc: `[3]` only when the certificate itself is kept), and an
    // explicit DEFAULT (kBadSessionPeerCertTypeDefault's defect: [32] 0) is
    // one its decoder refuses; neither comes back, so both are refused.
    for (member, value, field) in [
        (
            "peer_certificate",
            json!(common::hex(&[0x30, 0x03, 0x02, 0x01, 0x01])),
            Field::PeerCertificate,
        ),
        ("peer_cert_type", json!(0), Field::PeerCertType),
    ] {
        let mut v = serde_json::to_value(&record).unwrap();
        v[member] = value;
        let r: Record = serde_json::from_value(v).unwrap();
        let e = r.to_session().unwrap_err();
        assert!(
            matches!(e, RecordError::Inconsistent { .. }),
            "{member}: {e}"
        );
        assert_eq!(e.field(), Some(field), "{member}: {e}");
    }
}

#[test]
fn derived_facts_follow_the_sessions_library() {
    // kCustomSession: time 1413692302 ([1] 02 04 54 43 3b 8e), timeout 300
    // ([2] 02 02 01 2c). BoringSSL's `ssl_session_is_time_valid`
    // (ssl/ssl_session.cc): valid while `now >= time` and
    // `timeout > now - time`; no OpenSSL version applies.
    let s = from_bytes(&vector("kCustomSession"));
    let time = 1_413_692_302;
    let at = |now: i64| {
        Record::from_session(&s, &RecordOptions::full().with_now(now))
            .derived
            .unwrap()
    };
    let d = at(time + 299);
    assert_eq!(d.openssl_version, None);
    assert_eq!((d.effective_time, d.effective_timeout), (time, 300));
    assert_eq!(d.expires_at, Some(time + 299));
    assert!(!d.is_expired);
    assert!(at(time + 300).is_expired);
    assert!(at(time - 1).is_expired, "a session from the future");
    assert!(d.is_resumable && d.has_ticket);
    assert_eq!(d.hostname, None);
    // An OpenSSL session keeps OpenSSL's rules (3.5 by default).
    let der = common::sample(common::TLS13_CLIENT);
    let o = session_der::decode(&der).unwrap();
    let d = Record::from_session(&o, &RecordOptions::full().with_now(o.time().unwrap()))
        .derived
        .unwrap();
    assert_eq!(d.openssl_version.as_deref(), Some("3.5"));
}

/// AWS-LC's and LibreSSL's sessions from real handshakes (the repository's
/// `testdata/{aws-lc,libressl}`): through a record (JSON and postcard) and
/// back to the bytes the library writes for them (AWS-LC: what its
/// `SSL_SESSION_to_bytes` wrote; LibreSSL: its recorded `i2d`), the record
/// naming the dialect.
#[test]
fn aws_lc_and_libressl_sessions_round_trip_through_records() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    for (dialect, path) in [
        (Dialect::AwsLc, "aws-lc/tls13-ticket-client"),
        (Dialect::LibreSsl, "libressl/tls12-ticket-client"),
    ] {
        let der = std::fs::read(dir.join(format!("{path}.der"))).unwrap();
        let json: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{path}.json"))).unwrap(),
        )
        .unwrap();
        let written = json["i2d"].as_str().map_or_else(
            || der.clone(),
            |h| {
                let digits = h.as_bytes();
                digits
                    .chunks(2)
                    .map(|d| u8::from_str_radix(std::str::from_utf8(d).unwrap(), 16).unwrap())
                    .collect()
            },
        );
        let session = decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(dialect))
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .session;
        let record = Record::from_session(&session, &RecordOptions::full());
        let text = serde_json::to_string(&record).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["dialect"], json!(dialect.name()), "{path}");
        let back: Record = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back.to_der().unwrap().as_slice(),
            written.as_slice(),
            "{path}: JSON"
        );
        let back: Record = postcard::from_bytes(&postcard::to_allocvec(&record).unwrap()).unwrap();
        assert_eq!(
            back.to_der().unwrap().as_slice(),
            written.as_slice(),
            "{path}: postcard"
        );
        // As a DER blob: the same bytes back. The blob does not name its
        // library: a LibreSSL session's come back as an OpenSSL session
        // (OpenSSL's strict decoder reads them), an AWS-LC session holding
        // only elements BoringSSL shares as BoringSSL's (`detect`: both read
        // it and write it back byte for byte).
        let blob = Blob { session };
        let back: Blob = serde_json::from_slice(&serde_json::to_vec(&blob).unwrap())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            encode(&back.session, Target::Auto).unwrap().as_slice(),
            written.as_slice(),
            "{path}: blob"
        );
        let expected = if dialect == Dialect::LibreSsl {
            Dialect::OpenSsl
        } else {
            Dialect::BoringSsl
        };
        assert_eq!(back.session.dialect(), expected, "{path}: blob");
    }
}

/// A LibreSSL session's derived facts are LibreSSL's whatever OpenSSL
/// version is asked for: LibreSSL keeps `time` and `timeout` as `time_t`
/// seconds (`ssl_asn1.c`) and its `ssl_get_prev_session` (`ssl_sess.c`)
/// refuses a session only when `timeout < now - time`, while OpenSSL 3.2+
/// holds times as nanoseconds in 64 bits, which wrap past the year 2554.
/// A real LibreSSL session (`testdata/libressl`, timeout 7200) given a start
/// time in 2603 keeps that time, and lasts 7200 s from it.
#[test]
fn a_libressl_sessions_times_are_libressls_whatever_the_openssl_version() {
    use session_der::OpenSslVersion;
    use session_serde::Derived;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    let der = std::fs::read(dir.join("libressl/tls12-ticket-client.der")).unwrap();
    let mut session = decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(Dialect::LibreSsl))
        .unwrap()
        .session;
    let time = 20_000_000_000;
    session.set_time(Some(time));
    for version in [OpenSslVersion::V3_0, OpenSslVersion::V3_5] {
        let d = Derived::compute(&session, version, 1_800_000_000);
        assert_eq!(d.effective_time, time, "{version:?}");
        assert_eq!(d.effective_timeout, 7200, "{version:?}");
        // (`expires_at` speaks for clocks up to `LAST_SECOND`, in 2554.)
        assert_eq!(d.expires_at, None, "{version:?}");
        assert!(!d.is_expired, "{version:?}: a session from the future");
        assert!(
            Derived::compute(&session, version, time + 7201).is_expired,
            "{version:?}: past its timeout"
        );
        assert!(
            !Derived::compute(&session, version, time + 7200).is_expired,
            "{version:?}: at its last second"
        );
    }
}
