//! Decoder and encoder edge cases, one row each. Expected verdicts come from
//! FORMAT.md §5 (OpenSSL 3.0's rules) and DER (X.690).

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

use std::borrow::Cow;

use session_der::session_model::Field;
use session_der::OpenSslVersion;
use session_der::{
    decode, decode_bytes, decode_with, encode, encode_into, encoded_len, pem, CowSession,
    DecodeOptions, EncodeError, ErrorKind, OwnedSession, SessionRef, Target,
};

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Wraps content octets in an outer SEQUENCE (definite, DER length).
fn seq(content: &[u8]) -> Vec<u8> {
    let mut v = vec![0x30];
    if content.len() < 128 {
        v.push(content.len() as u8);
    } else {
        v.extend_from_slice(&[0x81, content.len() as u8]);
    }
    v.extend_from_slice(content);
    v
}

/// version 1, TLS 1.2, cipher C02F, the given id, a 48-byte key.
fn head(id: &[u8]) -> Vec<u8> {
    let mut v = hex("020101 02020303 0402c02f");
    v.push(0x04);
    v.push(id.len() as u8);
    v.extend_from_slice(id);
    v.extend_from_slice(&[0x04, 0x30]);
    v.extend_from_slice(&[0x11; 48]);
    v
}

fn with(id: &[u8], tail: &str) -> Vec<u8> {
    let mut c = head(id);
    c.extend_from_slice(&hex(tail));
    seq(&c)
}

enum Expect {
    Ok,
    Err(ErrorKind, Field),
}
use Expect::{Err as Rejects, Ok as Accepts};

fn check(rows: &[(&str, Vec<u8>, Expect, Expect)]) {
    for (name, input, strict, openssl) in rows {
        for (mode, opts, expect) in [
            ("strict", DecodeOptions::strict(), strict),
            (
                "openssl",
                DecodeOptions::openssl_version(OpenSslVersion::V3_0),
                openssl,
            ),
        ] {
            let got = decode_with::<CowSession<'_>>(input, &opts);
            match (expect, &got) {
                (Accepts, Ok(_)) => {}
                (Rejects(kind, field), Err(e)) if e.kind() == *kind && e.field() == *field => {}
                (_, got) => panic!(
                    "{name} ({mode}): got {:?}",
                    got.as_ref().map(|d| d.consumed)
                ),
            }
        }
    }
}

#[test]
fn acceptance_table() {
    let id = [0xAB; 32];
    check(&[
        (
            "minimal 1.1.x session (no [4], no [19])",
            with(&id, ""),
            Accepts,
            Accepts,
        ),
        (
            "3.x session",
            with(&id, "a4020400 b303020100"),
            Accepts,
            Accepts,
        ),
        (
            "[20] not holding a SubjectPublicKeyInfo",
            with(&id, "b4050403020100"),
            Rejects(ErrorKind::UnexpectedTag { found: 0x02 }, Field::PeerRpk),
            Rejects(ErrorKind::UnexpectedField { found: 0xB4 }, Field::Session),
        ),
        ("[0] key_arg", with(&id, "8002aabb"), Accepts, Accepts),
        (
            "explicit zero verify_result",
            with(&id, "a503020100"),
            Accepts,
            Accepts,
        ),
        (
            "zero-length INTEGER (time 0 = now)",
            with(&id, "a1020200"),
            Rejects(ErrorKind::EmptyInteger, Field::Time),
            Accepts,
        ),
        (
            "non-minimal INTEGER",
            with(&id, "a10402020001"),
            Rejects(ErrorKind::NonMinimalInteger, Field::Time),
            Rejects(ErrorKind::NonMinimalInteger, Field::Time),
        ),
        (
            "negative flags",
            with(&id, "ad030201ff"),
            Rejects(ErrorKind::NegativeValue, Field::Flags),
            Rejects(ErrorKind::NegativeValue, Field::Flags),
        ),
        (
            "verify_result 2^31",
            with(&id, "a507020500 80000000"),
            Rejects(ErrorKind::IntegerTooLarge, Field::VerifyResult),
            Rejects(ErrorKind::IntegerTooLarge, Field::VerifyResult),
        ),
        (
            "fields out of order",
            with(&id, "a503020101 a4020400"),
            Rejects(ErrorKind::UnexpectedField { found: 0xA4 }, Field::Session),
            Rejects(ErrorKind::UnexpectedField { found: 0xA4 }, Field::Session),
        ),
        (
            "[20] peer_rpk (3.2+)",
            with(&id, "b42e042c 302a300506032b656e0321000707070707070707070707070707070707070707070707070707070707070707"),
            Accepts,
            Rejects(ErrorKind::UnexpectedField { found: 0xB4 }, Field::Session),
        ),
        (
            // A SubjectPublicKeyInfo whose algorithm (OID 0.0) no OpenSSL
            // loads: d2i_PUBKEY fails, and with it the session.
            "[20] holding a key that does not load",
            with(&id, "b40904 07 3005300306 0100"),
            Rejects(ErrorKind::InvalidPublicKey, Field::PeerRpk),
            Rejects(ErrorKind::UnexpectedField { found: 0xB4 }, Field::Session),
        ),
        (
            "primitive [1]",
            with(&id, "8103020101"),
            Rejects(ErrorKind::NotConstructed, Field::Time),
            Rejects(ErrorKind::NotConstructed, Field::Time),
        ),
        (
            "[2] wrapper holding two elements",
            with(&id, "a206020101020101"),
            Rejects(ErrorKind::ExplicitLengthMismatch, Field::Timeout),
            Rejects(ErrorKind::ExplicitLengthMismatch, Field::Timeout),
        ),
        (
            "session id 33 bytes",
            with(&[1; 33], ""),
            Rejects(ErrorKind::TooLong { len: 33, max: 32 }, Field::SessionId),
            Rejects(ErrorKind::TooLong { len: 33, max: 32 }, Field::SessionId),
        ),
        (
            "compression id of 2 bytes",
            with(&id, "ab0404020101"),
            Rejects(
                ErrorKind::CompressionWrongLength { len: 2 },
                Field::CompressionId,
            ),
            Rejects(
                ErrorKind::CompressionWrongLength { len: 2 },
                Field::CompressionId,
            ),
        ),
    ]);
}

#[test]
fn ber_forms_openssl_accepts_and_strict_names() {
    let id = [7u8; 4];
    let der = with(&id, "a4020400");
    // Indefinite outer length.
    let mut indefinite = vec![0x30, 0x80];
    indefinite.extend_from_slice(&der[2..]);
    indefinite.extend_from_slice(&[0, 0]);
    // Non-minimal outer length.
    let mut long_len = vec![0x30, 0x82, 0x00, der[1]];
    long_len.extend_from_slice(&der[2..]);
    for (name, input, kind) in [
        ("indefinite", &indefinite, ErrorKind::IndefiniteLength),
        ("non-minimal length", &long_len, ErrorKind::NonMinimalLength),
    ] {
        let e = decode(input).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (kind, 0), "{name}");
        // What OpenSSL accepts has no OpenSSL error; `openssl_error_code`
        // documents the template decoder's ASN1_R_WRONG_TAG (168) for it.
        assert_eq!(e.openssl_error_code(), Some(13 << 23 | 168), "{name}");
        let d = decode_with::<CowSession<'_>>(
            input,
            &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        )
        .unwrap();
        assert_eq!(d.consumed, input.len(), "{name}");
        // Re-encoding canonicalises to DER.
        assert_eq!(
            encode(&d.session, Target::Auto).unwrap().as_slice(),
            der.as_slice(),
            "{name}"
        );
    }
}

/// `[4]` with its tag number in the high-tag-number form (`BF 04`): X.690
/// §8.1.2.2 wants a number up to 30 in the identifier's one octet, so strict
/// mode names the tag; OpenSSL's `ASN1_get_object` reads the number in
/// either form (interop's `ber_errors_are_refused_for_the_linked_versions_reason`
/// checks the linked libssl reads it) and the session is written back in DER.
#[test]
fn a_tag_number_in_the_high_form_is_read_by_openssl_and_named_by_strict() {
    let id = [7u8; 4];
    let der = with(&id, "a4020400");
    let high = with(&id, "bf04020400");
    let at = high.len() - 5;
    let e = decode(&high).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::NonMinimalTag, at));
    let d =
        decode_with::<CowSession<'_>>(&high, &DecodeOptions::openssl_version(OpenSslVersion::V3_0))
            .unwrap();
    assert_eq!(d.consumed, high.len());
    assert_eq!(
        encode(&d.session, Target::Auto).unwrap().as_slice(),
        der.as_slice()
    );
}

#[test]
fn segmented_octet_string_needs_owned_storage_in_a_borrowed_view() {
    // master_key as a constructed OCTET STRING of two segments.
    let mut c = hex("020101 02020303 0402c02f 0400");
    c.extend_from_slice(&hex("2408 0402 0102 0402 0304"));
    let input = seq(&c);
    let d = decode_with::<CowSession<'_>>(
        &input,
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
    )
    .unwrap();
    assert_eq!(d.session.master_key().expose(), &[1, 2, 3, 4]);
    assert!(matches!(d.session.master_key().storage(), Cow::Owned(_)));
    let e = decode_with::<SessionRef<'_>>(
        &input,
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NeedsOwnedStorage);
    assert!(e.to_string().contains("owned storage"), "{e}");
    // So is a BER certificate, which OpenSSL writes back in DER
    // (testdata/ber-certificate: 3.0.19's and 3.5.5's output).
    let ber = std::fs::read(
        sslsession_testkit::workspace_root()
            .join("testdata/ber-certificate/indefinite-certificate.der"),
    )
    .unwrap();
    let e = decode_with::<SessionRef<'_>>(&ber, &DecodeOptions::openssl()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NeedsOwnedStorage);
    let b = decode_bytes(
        &bytes::Bytes::from(input.clone()),
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
    )
    .unwrap();
    assert_eq!(b.session.master_key().expose(), &[1, 2, 3, 4]);
    assert_eq!(
        decode(&input).unwrap_err().kind(),
        ErrorKind::ConstructedString
    );
}

#[test]
fn trailing_bytes_are_reported_or_left_unread() {
    let mut input = with(&[1; 8], "");
    let len = input.len();
    input.extend_from_slice(&[0xFF, 0x00]);
    let e = decode(&input).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::TrailingData { len: 2 }, len)
    );
    let d = decode_with::<SessionRef<'_>>(&input, &DecodeOptions::strict().allow_trailing(true))
        .unwrap();
    assert_eq!(d.consumed, len);
    assert_eq!(
        decode_with::<CowSession<'_>>(
            &input,
            &DecodeOptions::openssl_version(OpenSslVersion::V3_0)
        )
        .unwrap()
        .consumed,
        len
    );
    assert!(decode_with::<CowSession<'_>>(
        &input,
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0).allow_trailing(false)
    )
    .is_err());
}

#[test]
fn errors_name_the_field_and_offset_for_a_person() {
    let input = with(&[1; 33], "");
    let e = decode(&input).unwrap_err();
    // The outer header is 2 bytes, then version (3), ssl_version (4), cipher (4).
    assert_eq!(
        e.to_string(),
        "session_id: 33 bytes, at most 32 allowed (offset 13)"
    );
    assert_eq!(
        e.openssl_error_code(),
        None,
        "OpenSSL fails silently on an over-long id"
    );
    let e = decode(&seq(&hex("020102 02020303 0402c02f 0400 0400"))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "version: structure version 2, expected 1 (offset 2)"
    );
    assert_eq!(e.openssl_error_code(), Some(0x0A00_00FE));
    let e = decode(&seq(&hex("020101 02020303 0402ffff 0400 0400"))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "cipher: cipher 0xFFFF is not in the reading library's cipher table (offset 9)"
    );
    assert_eq!(decode(&[]).unwrap_err().kind(), ErrorKind::Empty);
}

#[test]
fn targets_apply_openssl_presence_rules() {
    // A 1.1.x-style session with explicit zeros and a key_arg.
    let input = with(
        &[2; 4],
        "8001aa a103020100 a503020100 a6050403610062 ad03020100",
    );
    let s = decode_with::<CowSession<'_>>(
        &input,
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
    )
    .unwrap()
    .session;
    assert_eq!(
        encode(&s, Target::Exact).unwrap().as_slice(),
        input.as_slice()
    );
    let mut expected = head(&[2; 4]);
    // [4] empty, hostname cut at NUL ("a"), [19] = 0; zeros and key_arg gone.
    expected.extend_from_slice(&hex("a4020400 a603040161 b303020100"));
    assert_eq!(
        encode(&s, Target::OpenSsl(OpenSslVersion::V3_0))
            .unwrap()
            .as_slice(),
        seq(&expected).as_slice()
    );
    let mut old = head(&[2; 4]);
    old.extend_from_slice(&hex("a4020400 a603040161"));
    assert_eq!(
        encode(&s, Target::OpenSsl(OpenSslVersion::V1_1_1))
            .unwrap()
            .as_slice(),
        seq(&old).as_slice()
    );
}

#[test]
fn encode_into_writes_only_when_the_buffer_fits() {
    let input = with(&[3; 16], "a4020400 b30302011d");
    let s = decode(&input).unwrap();
    let len = encoded_len(&s, Target::Auto).unwrap();
    assert_eq!(len, input.len());
    let mut small = vec![0xEE; len - 1];
    assert_eq!(
        encode_into(&s, Target::Auto, &mut small),
        Err(EncodeError::BufferTooSmall { needed: len })
    );
    assert!(
        small.iter().all(|&b| b == 0xEE),
        "nothing written on failure"
    );
    // The message tells the caller how big a buffer to bring.
    let e = encode_into(&s, Target::Auto, &mut small).unwrap_err();
    assert!(e.to_string().contains(&format!("{len} bytes")), "{e}");
    let mut buf = vec![0xEE; len + 10];
    assert_eq!(encode_into(&s, Target::Auto, &mut buf), Ok(len));
    assert_eq!(&buf[..len], input.as_slice());
    assert!(
        buf[len..].iter().all(|&b| b == 0xEE),
        "nothing written past the encoding"
    );
}

/// The encoder's rarer shapes: lengths of three octets (64 KiB and more),
/// of one and two, a DTLS version (three content octets), INTEGERs of nine
/// octets and negative ones, and an encoding ending in each kind of element.
#[test]
fn encode_into_writes_every_shape_of_element() {
    use session_der::session_model::{CipherSuite, ProtocolVersion};
    let mut s = OwnedSession::new(ProtocolVersion(0xFEFD), CipherSuite(0xC02F));
    s.set_session_id(vec![7; 32]).unwrap();
    s.set_master_key(vec![9; 48]).unwrap();
    s.set_time(Some(-1));
    s.set_timeout(Some(i64::MIN));
    // One element (not looked into) of 70 000 octets.
    let mut cert = hex("308301116b");
    cert.resize(70_000, 0);
    s.set_peer_certificate(Some(cert));
    s.set_hostname(Some(vec![b'h'; 200]));
    s.set_ticket(Some(vec![5; 130]));
    s.set_flags(Some(u64::MAX));
    s.set_ticket_lifetime_hint(Some(1 << 63));
    let check = |s: &OwnedSession, tail: &[u8]| {
        let der = encode(s, Target::Exact).unwrap();
        assert!(
            der.ends_with(tail),
            "{:02x?}",
            &der[der.len() - tail.len()..]
        );
        let opts = DecodeOptions::strict().check_certificate(false);
        let back = decode_with::<OwnedSession>(&der, &opts).unwrap();
        assert_eq!(&back.session, s);
        let mut buf = vec![0xEE; der.len() + 20];
        assert_eq!(encode_into(s, Target::Exact, &mut buf), Ok(der.len()));
        assert_eq!(&buf[..der.len()], &der[..]);
        assert!(buf[der.len()..].iter().all(|&b| b == 0xEE));
        der
    };
    s.set_kex_group(None);
    let der = check(&s, &hex("ad0b020900ffffffffffffffff"));
    assert_eq!(&der[..2], &[0x30, 0x83]);
    let len = usize::from(der[2]) << 16 | usize::from(der[3]) << 8 | usize::from(der[4]);
    assert_eq!(len, der.len() - 5);
    assert_eq!(&der[5..14], &hex("020101020300fefd04"));
    for element in [
        "a1030201ff",
        "a20a02088000000000000000",
        "a3830111703083",
        "a681cb0481c86868",
        "a90b0209008000000000000000",
        "aa8185048182050505",
    ] {
        let element = hex(element);
        assert!(der.windows(element.len()).any(|w| w == element));
    }
    s.set_flags(None);
    s.set_kex_group(Some(0x11EC));
    check(&s, &[0xB3, 0x04, 0x02, 0x02, 0x11, 0xEC]);
    s.set_kex_group(None);
    s.set_ticket_appdata(Some(vec![1; 3]));
    check(&s, &[0xB2, 0x05, 0x04, 0x03, 1, 1, 1]);
    s.set_ticket_appdata(None);
    s.set_compression_id(Some(1));
    s.set_alpn_selected(Some(vec![]));
    check(&s, &[0xAB, 0x03, 0x04, 0x01, 0x01, 0xB0, 0x02, 0x04, 0x00]);
    let mut small = OwnedSession::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
    small.set_sid_ctx(None).unwrap();
    small.set_kex_group(None);
    assert_eq!(
        check(&small, &[]).as_slice(),
        hex("300f 020101 02020304 04021301 0400 0400")
    );
    // The protocol version's INTEGER in each of its lengths (X.690 8.3.2:
    // minimal two's complement), from `SSL_SESSION_new`'s 0 (which
    // session-ffi's C contract test holds to OpenSSL's own i2d bytes) to
    // DTLS's three octets.
    for (version, element) in [
        (0, "020100"),
        (0x7F, "02017f"),
        (0x80, "02020080"),
        (0x7FFF, "02027fff"),
        (0x8000, "0203008000"),
    ] {
        // (Not `check`: strict decode refuses these versions, as OpenSSL's d2i.)
        let mut s = small.clone();
        s.set_protocol_version(ProtocolVersion(version));
        let der = encode(&s, Target::Exact).unwrap();
        let mut buf = vec![0xEE; der.len() + 20];
        assert_eq!(encode_into(&s, Target::Exact, &mut buf), Ok(der.len()));
        assert_eq!(&buf[..der.len()], &der[..]);
        assert!(buf[der.len()..].iter().all(|&b| b == 0xEE));
        assert_eq!(usize::from(der[1]), der.len() - 2);
        let element = hex(element);
        assert_eq!(&der[2..5], &hex("020101"));
        assert_eq!(&der[5..5 + element.len()], &element[..], "{version:#x}");
        assert_eq!(&der[5 + element.len()..], &hex("04021301 0400 0400"));
    }
}

#[test]
fn pem_reading_is_lenient_about_text_and_strict_about_the_body() {
    let der = with(&[4; 4], "a4020400");
    let text = pem::to_pem(&der);
    assert!(text.starts_with("-----BEGIN SSL SESSION PARAMETERS-----\n"));
    let noisy = format!(
        "some text\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n{}",
        text.as_str()
    );
    assert_eq!(
        pem::from_pem(noisy.as_bytes()).unwrap().as_slice(),
        der.as_slice()
    );
    assert!(pem::is_pem(b"  \n-----BEGIN X"));
    assert!(!pem::is_pem(&der));
    assert_eq!(pem::from_pem(b"hello"), Err(pem::PemError::NoPemBlock));
    assert_eq!(
        pem::from_pem(b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"),
        Err(pem::PemError::WrongLabel("CERTIFICATE".into()))
    );
    let broken =
        "-----BEGIN SSL SESSION PARAMETERS-----\nMIG*\n-----END SSL SESSION PARAMETERS-----\n";
    assert_eq!(
        pem::from_pem(broken.as_bytes()),
        Err(pem::PemError::BadBase64 { line: 2 })
    );
    let cut = "-----BEGIN SSL SESSION PARAMETERS-----\nMIGm\n";
    assert_eq!(
        pem::from_pem(cut.as_bytes()),
        Err(pem::PemError::MissingEnd)
    );
    // The messages say what was expected: OpenSSL's label
    // (`PEM_STRING_SSL_SESSION`), the label found, the line.
    let label = "SSL SESSION PARAMETERS";
    for (e, says) in [
        (
            pem::PemError::NoPemBlock,
            format!("-----BEGIN {label}-----"),
        ),
        (
            pem::PemError::WrongLabel("CERTIFICATE".into()),
            "\"CERTIFICATE\"".into(),
        ),
        (pem::PemError::MissingEnd, format!("-----END {label}-----")),
        (pem::PemError::BadBase64 { line: 2 }, "line 2".into()),
    ] {
        assert!(e.to_string().contains(&says), "{e}");
    }
    assert!(pem::PemError::WrongLabel("X".into())
        .to_string()
        .contains(label));
}

#[test]
fn owned_sessions_wipe_and_hide_the_key() {
    let input = with(&[5; 4], "");
    let s = decode_with::<OwnedSession>(&input, &DecodeOptions::strict())
        .unwrap()
        .session;
    let debug = format!("{s:?}");
    assert!(debug.contains("Secret(48 bytes, redacted)"), "{debug}");
    assert!(!debug.contains("111111"), "{debug}");
}

/// `EncodeError::WrongDialect`'s contract: a session is written only in its
/// own dialect ("convert it first"), whichever way round — a BoringSSL
/// session (a real one, `testdata/boringssl`) to an OpenSSL target, and an
/// OpenSSL session (the corpus) to BoringSSL's.
#[test]
fn a_session_is_written_only_in_its_own_dialect() {
    use session_der::session_model::Dialect;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata");
    let boring = std::fs::read(format!(
        "{root}/boringssl/sessions/tls12-ocsp-sct-client.der"
    ))
    .unwrap();
    let boring = decode_with::<OwnedSession>(&boring, &DecodeOptions::dialect(Dialect::BoringSsl))
        .unwrap()
        .session;
    let openssl = std::fs::read(format!(
        "{root}/corpus/openssl-3.0/p00001-tls12-ecdhe-rsa-aes128gcm-server.der"
    ))
    .unwrap();
    let openssl = decode(&openssl).unwrap();
    let wrong = |session, target| Err(EncodeError::WrongDialect { session, target });
    let mut buf = vec![0; 4096];
    // (`Target::Exact` and `Auto` are the session's own dialect.)
    for version in [OpenSslVersion::V1_1_1, OpenSslVersion::LTS] {
        let target = Target::OpenSsl(version);
        let expect = wrong(Dialect::BoringSsl, Dialect::OpenSsl);
        assert_eq!(encode_into(&boring, target, &mut buf), expect, "{target:?}");
        assert_eq!(encoded_len(&boring, target), expect, "{target:?}");
    }
    // The message names both libraries, so a caller knows what to convert.
    let e = encoded_len(&boring, Target::OpenSsl(OpenSslVersion::LTS)).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains("BoringSSL") && message.contains("OpenSSL"),
        "{message}"
    );
    for target in [Target::BoringSsl, Target::AwsLc, Target::LibreSsl] {
        let expect = wrong(Dialect::OpenSsl, target.dialect().unwrap());
        assert_eq!(
            encode_into(&openssl, target, &mut buf),
            expect,
            "{target:?}"
        );
        assert_eq!(encoded_len(&openssl, target), expect, "{target:?}");
    }
}
