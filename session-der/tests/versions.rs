//! What differs between OpenSSL versions, each fact as the real library of
//! that version showed it (the builds of oracles/openssl/build.sh; the
//! interop crate re-checks them live against each version's libssl).

use std::fs;
use std::path::PathBuf;

use session_der::session_model::{CipherSuite, ProtocolVersion};
use session_der::{
    decode_with, encode, readable_by, DecodeOptions, ErrorKind, OpenSslVersion, OwnedSession,
    Target, Verdict,
};

const NOW: i64 = 1_800_000_000;

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/corpus/openssl-3.0");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("testdata/corpus/openssl-3.0")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let der = fs::read(&p).expect("read");
            (p, der)
        })
        .collect()
}

/// 3.0 always writes `[19]` kex_group, which 1.1.1's template lacks; 1.1.1w
/// refuses all 346 corpus sessions, 3.5.5 reads all of them. 1.1.1w's errors:
/// "wrong tag ... Field=ticket_appdata" (the last-field quirk: `[19]` meets
/// the template of `[18]`), or "sequence length mismatch" when `[18]` is
/// present and `[19]` is left over.
#[test]
fn openssl_3_sessions_are_refused_by_1_1_1_and_read_by_3_5() {
    let sessions = corpus();
    assert_eq!(sessions.len(), 346);
    for (path, der) in &sessions {
        let old = decode_with::<OwnedSession>(der, &OpenSslVersion::V1_1_1.into());
        let e = old.expect_err(&path.display().to_string());
        assert!(
            matches!(
                e.kind(),
                ErrorKind::UnexpectedField { found: 0xB3 } | ErrorKind::SequenceLengthMismatch
            ),
            "{}: {e}",
            path.display()
        );
        let r = readable_by(der, OpenSslVersion::V3_0, OpenSslVersion::V1_1_1, NOW);
        assert!(matches!(r.verdict, Verdict::Refused(_)), "{r}");
        // Asked the other way round, the session is not one 1.1.1 wrote.
        let r = readable_by(der, OpenSslVersion::V1_1_1, OpenSslVersion::V3_5, NOW);
        assert!(matches!(r.verdict, Verdict::NotTheWritersSession(_)), "{r}");
        assert!(r.differences.is_empty(), "{r}");
        let r = readable_by(der, OpenSslVersion::V3_0, OpenSslVersion::V3_5, NOW);
        assert!(
            matches!(r.verdict, Verdict::ReadSame | Verdict::ReadDifferently),
            "{}: {r}",
            path.display()
        );
    }
}

fn session(time: i64, timeout: i64) -> OwnedSession {
    let mut s = OwnedSession::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
    s.set_master_key(vec![7; 48]).expect("48 bytes");
    s.set_session_id(vec![1; 32]).expect("32 bytes");
    s.set_time(Some(time));
    s.set_timeout(Some(timeout));
    s
}

/// A timeout of -1: 3.0.19 reports -1 and writes `[2] -1` back; 3.5.5
/// reports 18446744072 (`OSSL_TIME` wraps) and writes that back.
#[test]
fn a_negative_timeout_is_read_differently_from_3_2_on() {
    // (A version is a target: `From<OpenSslVersion> for Target`.)
    let der = encode(&session(1, -1), OpenSslVersion::V3_0.into()).unwrap();
    let r = readable_by(&der, OpenSslVersion::V3_0, OpenSslVersion::V3_5, NOW);
    assert_eq!(r.verdict, Verdict::ReadDifferently, "{r}");
    let get = r
        .differences
        .iter()
        .find(|d| d.what == "SSL_SESSION_get_timeout")
        .expect("timeout differs");
    assert_eq!(
        (get.writer.as_str(), get.reader.as_str()),
        ("-1", "18446744072")
    );
    assert!(r.differences.iter().any(|d| d.what == "i2d"), "{r}");
    // As 3.5.5's i2d wrote it: a2 07 02 05 04 4b 82 fa 08.
    let written = encode(&session(1, -1), Target::OpenSsl(OpenSslVersion::V3_5)).unwrap();
    let tail = [0xA2, 0x07, 0x02, 0x05, 0x04, 0x4B, 0x82, 0xFA, 0x08];
    assert!(
        written.windows(tail.len()).any(|w| w == tail),
        "{written:02x?}"
    );
    // A timeout of 2^62 is 0 mod 2^64 in ticks: 3.5.5's i2d omits [2].
    let written = encode(&session(1, 1 << 62), Target::OpenSsl(OpenSslVersion::V3_5)).unwrap();
    assert!(!written.contains(&0xA2), "{written:02x?}");
    // Ordinary times read the same.
    let der = encode(
        &session(NOW - 60, 7200),
        Target::OpenSsl(OpenSslVersion::V3_0),
    )
    .unwrap();
    for reader in [
        OpenSslVersion::V3_5,
        OpenSslVersion::V3_6,
        OpenSslVersion::V4_0,
    ] {
        let r = readable_by(&der, OpenSslVersion::V3_0, reader, NOW);
        assert_eq!(r.verdict, Verdict::ReadSame, "{r}");
    }
}

/// Each version's cipher table as its build's d2i accepts it: the TLS 1.3
/// integrity-only suite 0xC0B4 from 3.4 (so 3.5), SM4 0x00C6 from 4.0.
#[test]
fn cipher_codes_only_newer_versions_know_are_refused_by_older_ones() {
    for (code, first) in [
        (0xC0B4, OpenSslVersion::V3_5),
        (0x00C6, OpenSslVersion::V4_0),
    ] {
        let mut s = session(NOW, 300);
        s.set_cipher(CipherSuite(code));
        let der = encode(&s, Target::OpenSsl(first)).unwrap();
        for v in OpenSslVersion::ALL {
            let got = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(v));
            match got {
                Ok(_) => assert!(v >= first, "{v} accepted {code:04X}"),
                Err(e) if v >= OpenSslVersion::V3_0 => {
                    assert!(v < first, "{v}: {e}");
                    assert_eq!(e.kind(), ErrorKind::UnknownCipher { code }, "{v}");
                }
                // 1.1.1 stops earlier, at [19].
                Err(_) => assert_eq!(v, OpenSslVersion::V1_1_1),
            }
        }
    }
}

/// OpenSSL 3.6 changed `asn1_get_length` (`max < i + 1` became `max < i`):
/// a long-form length whose octets end their window. The corpus file
/// m03867 (`[4]` holding `04 82 00 00`, ending the element) is refused by
/// 1.1.1w, 3.0.19 and 3.5.5 ("header too long") and read whole (95 bytes)
/// by 3.6.3 and 4.0.3.
#[test]
fn a_long_form_length_may_end_its_element_from_3_6() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/corpus/malformed/m03867-nonminimal-length.der");
    let der = fs::read(path).expect("corpus file");
    for v in OpenSslVersion::ALL {
        let got = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(v));
        if v >= OpenSslVersion::V3_6 {
            let d = got.unwrap_or_else(|e| panic!("{v}: {e}"));
            assert_eq!(d.consumed, 95, "{v}");
            assert_eq!(d.session.sid_ctx(), Some(&[][..]), "{v}");
        } else {
            assert!(got.is_err(), "{v}");
        }
    }
}

/// An Ed25519 SubjectPublicKeyInfo (RFC 8410's example key).
const ED25519_SPKI: [u8; 44] = [
    0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00, 0x19, 0xBF, 0x44, 0x09,
    0x69, 0x84, 0xCD, 0xFE, 0x85, 0x41, 0xBA, 0xC1, 0x67, 0xDC, 0x3B, 0x96, 0xC8, 0x50, 0x86, 0xAA,
    0x30, 0xB6, 0xB6, 0xCB, 0x0C, 0x5C, 0x38, 0xAD, 0x70, 0x31, 0x66, 0xE1,
];

/// `[20]` as 3.5.5, 3.6.3 and 4.0.3 read it: 3.0 and 1.1.1 refuse it; 3.2+'s
/// `i2d` writes `i2d_PUBKEY` of the key, so bytes after the SPKI inside the
/// OCTET STRING are dropped and a non-minimal SPKI length is made minimal.
#[test]
fn peer_rpk_is_refused_before_3_2_and_written_back_as_i2d_pubkey_after() {
    let mut trailing = ED25519_SPKI.to_vec();
    trailing.push(0x00);
    let mut long_form = vec![0x30, 0x81, 0x2A];
    long_form.extend_from_slice(&ED25519_SPKI[2..]);
    for stored in [ED25519_SPKI.to_vec(), trailing, long_form] {
        let mut s = session(NOW, 300);
        s.set_peer_rpk(Some(stored.clone()));
        let der = encode(&s, Target::Exact).unwrap();
        for v in [OpenSslVersion::V1_1_1, OpenSslVersion::V3_0] {
            let got = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(v));
            assert!(got.is_err(), "{v} reads [20]");
        }
        for v in [
            OpenSslVersion::V3_5,
            OpenSslVersion::V3_6,
            OpenSslVersion::V4_0,
        ] {
            let d = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(v))
                .unwrap_or_else(|e| panic!("{v}: {e}"));
            assert_eq!(d.consumed, der.len(), "{v}");
            assert_eq!(d.session.peer_rpk(), Some(&ED25519_SPKI[..]), "{v}");
            let back = encode(&d.session, Target::OpenSsl(v)).unwrap();
            assert!(back.ends_with(&ED25519_SPKI), "{v}: {back:02x?}");
        }
    }
}

/// A 1.1.1 session (no `[19]`) is read the same by 3.x, but 3.x's `i2d`
/// always adds `[19]`, which 1.1.1 then refuses (1.1.1w and 3.0.19 on the
/// corpus sessions without their `[19]`): a write-back problem for a shared
/// cache, reported apart from the values.
#[test]
fn a_1_1_1_session_is_read_the_same_by_3_x_but_not_written_back_for_1_1_1() {
    let der = encode(
        &session(NOW - 60, 7200),
        Target::OpenSsl(OpenSslVersion::V1_1_1),
    )
    .unwrap();
    assert!(!der.contains(&0xB3), "1.1.1 writes no [19]: {der:02x?}");
    for reader in [
        OpenSslVersion::V3_0,
        OpenSslVersion::V3_5,
        OpenSslVersion::V4_0,
    ] {
        let r = readable_by(&der, OpenSslVersion::V1_1_1, reader, NOW);
        assert_eq!(r.verdict, Verdict::ReadSame, "{r}");
        let e = r.write_back_refused_by_writer.expect("1.1.1 refuses [19]");
        assert_eq!(
            e.kind(),
            ErrorKind::UnexpectedField { found: 0xB3 },
            "{reader}"
        );
    }
    let same = readable_by(&der, OpenSslVersion::V1_1_1, OpenSslVersion::V1_1_1, NOW);
    assert_eq!(
        (same.verdict, same.write_back_refused_by_writer),
        (Verdict::ReadSame, None)
    );
}

/// OpenSSL 3.5+'s `asn1_ex_c2i` refuses a GeneralizedTime shorter than 15
/// octets (`generalizedtime is too short`), 3.0 reads it: a corpus session
/// whose certificate's notAfter was cut to 13 octets, found by the 3.5
/// differential fuzzing; 3.0.19 accepts it whole (864 bytes), 3.5.5, 3.6.3
/// and 4.0.3 refuse it.
#[test]
fn short_certificate_times_are_refused_from_3_5() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions/differential_libssl/cert-generalizedtime-13-octets.der");
    let der = fs::read(path).expect("regression input");
    let old =
        decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(OpenSslVersion::V3_0))
            .expect("3.0 reads it");
    assert_eq!(old.consumed, 864);
    for v in [
        OpenSslVersion::V3_5,
        OpenSslVersion::V3_6,
        OpenSslVersion::V4_0,
    ] {
        let got = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(v));
        assert!(got.is_err(), "{v} reads a 13-octet GeneralizedTime");
    }
    assert!(
        session_der::decode(&der).is_err(),
        "strict mode is stricter"
    );
}

/// `Target::dialect`: the dialect each writer writes, none for `Auto`
/// (which writes the session's own).
#[test]
fn each_target_names_the_dialect_it_writes() {
    use session_der::{session_model::OpenSslVersion, Dialect, Target};
    assert_eq!(Target::Auto.dialect(), None);
    assert_eq!(Target::Exact.dialect(), Some(Dialect::OpenSsl));
    assert_eq!(
        Target::OpenSsl(OpenSslVersion::LTS).dialect(),
        Some(Dialect::OpenSsl)
    );
    for dialect in [Dialect::BoringSsl, Dialect::AwsLc, Dialect::LibreSsl] {
        assert_eq!(Target::of_dialect(dialect).dialect(), Some(dialect));
    }
}

/// The identifier octets of a session's elements (testkit's DER splitter).
fn top_level_tags(der: &[u8]) -> Vec<u8> {
    sslsession_testkit::mutate::boringssl::split(der)
        .expect("a DER SEQUENCE")
        .iter()
        .map(|e| e.id[0])
        .collect()
}

/// `Target::Auto` follows the session's origin: a session read from bytes
/// is written back as it was read, one marked built (`set_origin`) with
/// OpenSSL 3.x's presence rules. On a session 1.1.1w wrote (no `[19]`:
/// its template ends at `[18]`), Auto writes exactly 1.1.1w's own `i2d`
/// (the recording's `i2d`); once marked built, it carries `[19]`, which
/// every 3.x `i2d` writes (`kex_group`, 0 when unknown) and 1.1.1 refuses.
#[test]
fn auto_writes_a_decoded_session_as_read_and_a_built_one_as_3_x_does() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/openssl-1.1.1");
    let der = fs::read(dir.join("tls12-ticket-client.der")).expect("recording");
    let json = fs::read_to_string(dir.join("tls12-ticket-client.json")).expect("recording");
    let i2d_1_1_1 = json
        .split("\"i2d\": \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the recording's i2d");
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();

    let mut s = decode_with::<OwnedSession>(
        &der,
        &DecodeOptions::openssl_version(OpenSslVersion::V1_1_1),
    )
    .expect("1.1.1w's session")
    .session;
    assert_eq!(s.origin(), session_der::session_model::Origin::Decoded);
    let as_read = encode(&s, Target::Auto).unwrap();
    assert_eq!(hex(&as_read), i2d_1_1_1);
    assert!(!top_level_tags(&as_read).contains(&0xB3));

    s.set_origin(session_der::session_model::Origin::Built);
    assert_eq!(s.origin(), session_der::session_model::Origin::Built);
    let as_built = encode(&s, Target::Auto).unwrap();
    assert!(top_level_tags(&as_built).contains(&0xB3), "{as_built:02x?}");
    let e = decode_with::<OwnedSession>(
        &as_built,
        &DecodeOptions::openssl_version(OpenSslVersion::V1_1_1),
    )
    .expect_err("1.1.1 has no [19]");
    assert_eq!(e.kind(), ErrorKind::UnexpectedField { found: 0xB3 });
}
