//! `convert` at the edges of what each target's format holds, from the
//! libraries' own session readers: BoringSSL and AWS-LC keep the secret in
//! 48 bytes (`SSL_MAX_MASTER_KEY_LENGTH`; `ssl_asn1.cc` refuses a longer
//! one), the ticket lifetime hint in 32 bits (`SSL_SESSION_parse_u32`),
//! the group id in 16 (`SSL_SESSION_parse_u16`) and the verify result as a
//! non-negative INTEGER (`SSL_SESSION_parse_long` reads an unsigned one);
//! of OpenSSL's `[13]` flags only the extended master secret has a place
//! there (`[17]`), and LibreSSL's `ssl_asn1.c` has no field for it at all.
//! What is converted is read back by the target dialect's reader, which
//! `recorded_verdicts.rs` holds to BoringSSL's and AWS-LC's own answers.

// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use session_der::session_model::{Dialect, Field, OwnedSession};
use session_der::{convert, decode, ConvertError, ConvertOptions, DecodeOptions};

/// A real OpenSSL 3.0 TLS 1.2 session with the extended master secret
/// (corpus p00001: flags 0x1).
fn openssl_tls12() -> OwnedSession {
    let (dir, _) = sslsession_testkit::corpus_dir();
    let path = dir.join("openssl-3.0/p00001-tls12-ecdhe-rsa-aes128gcm-server.der");
    let der = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let s = decode(&der)
        .expect("the corpus session reads")
        .to_owned_session();
    assert!(
        s.uses_extended_master_secret(),
        "the corpus session has EMS"
    );
    s
}

fn dropped(c: &session_der::Converted) -> Vec<Field> {
    c.dropped.iter().map(|d| d.field).collect()
}

fn read_back(c: &session_der::Converted, to: Dialect) -> OwnedSession {
    let der = session_der::encode(&c.session, session_der::Target::of_dialect(to)).unwrap();
    session_der::decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(to))
        .unwrap()
        .session
}

#[test]
fn a_secret_longer_than_48_bytes_cannot_go_outside_openssl() {
    let mut s = openssl_tls12();
    s.set_master_key(vec![0x5A; 64]).unwrap();
    for to in [Dialect::BoringSsl, Dialect::AwsLc, Dialect::LibreSsl] {
        match convert(&s, to, &ConvertOptions::new()) {
            Err(ConvertError::CannotResume { field, .. }) => {
                assert_eq!(field, Field::MasterKey, "{to:?}");
            }
            other => panic!("{to:?}: {other:?}"),
        }
    }
    s.set_master_key(vec![0x5A; 48]).unwrap();
    for to in [Dialect::BoringSsl, Dialect::AwsLc] {
        let c = convert(&s, to, &ConvertOptions::new()).unwrap();
        assert_eq!(read_back(&c, to).master_key().expose(), &[0x5A; 48][..]);
    }
}

#[test]
fn the_extended_master_secret_moves_and_other_flags_stay_behind() {
    let mut s = openssl_tls12();
    // SSL_SESS_FLAG_EXTMS (1) and a bit of OpenSSL's own (4).
    s.set_flags(Some(0x5));
    for to in [Dialect::BoringSsl, Dialect::AwsLc] {
        let c = convert(&s, to, &ConvertOptions::new()).unwrap();
        assert_eq!(dropped(&c), [Field::Flags], "{to:?}");
        let back = read_back(&c, to);
        assert_eq!(back.extended_master_secret(), Some(true), "{to:?}");
        assert!(back.uses_extended_master_secret(), "{to:?}");
    }
    // LibreSSL has nowhere to keep it, and a client that negotiated it
    // must not resume without it (RFC 7627 5.3).
    match convert(&s, Dialect::LibreSsl, &ConvertOptions::new()) {
        Err(ConvertError::CannotResume { field, .. }) => {
            assert_eq!(field, Field::ExtendedMasterSecret);
        }
        other => panic!("{other:?}"),
    }
    // Without it, LibreSSL takes the session (the flags dropped).
    s.set_flags(Some(0x4));
    let c = convert(&s, Dialect::LibreSsl, &ConvertOptions::new()).unwrap();
    assert!(dropped(&c).contains(&Field::Flags));
    assert!(!read_back(&c, Dialect::LibreSsl).uses_extended_master_secret());
}

#[test]
fn values_past_boringssls_integer_widths_are_dropped() {
    let mut s = openssl_tls12();
    s.set_ticket_lifetime_hint(Some(u64::from(u32::MAX) + 1));
    s.set_kex_group(Some(0x1_0000));
    s.set_verify_result(Some(-1));
    for to in [Dialect::BoringSsl, Dialect::AwsLc] {
        let c = convert(&s, to, &ConvertOptions::new()).unwrap();
        let d = dropped(&c);
        for f in [
            Field::TicketLifetimeHint,
            Field::KexGroup,
            Field::VerifyResult,
        ] {
            assert!(d.contains(&f), "{to:?}: {f:?} not dropped ({d:?})");
        }
        let back = read_back(&c, to);
        assert_eq!(back.ticket_lifetime_hint(), None, "{to:?}");
        assert_eq!(back.kex_group(), None, "{to:?}");
        assert_eq!(back.verify_result(), None, "{to:?}");
    }
    // At the widths' last values, each is carried.
    s.set_ticket_lifetime_hint(Some(u64::from(u32::MAX)));
    s.set_kex_group(Some(0xFFFF));
    s.set_verify_result(Some(0));
    for to in [Dialect::BoringSsl, Dialect::AwsLc] {
        let c = convert(&s, to, &ConvertOptions::new()).unwrap();
        let back = read_back(&c, to);
        assert_eq!(
            back.ticket_lifetime_hint(),
            Some(u64::from(u32::MAX)),
            "{to:?}"
        );
        assert_eq!(back.kex_group(), Some(0xFFFF), "{to:?}");
    }
    // The hint past 32 bits is LibreSSL's limit too (it reads it as a u32).
    s.set_ticket_lifetime_hint(Some(u64::from(u32::MAX) + 1));
    s.set_flags(None);
    let c = convert(&s, Dialect::LibreSsl, &ConvertOptions::new()).unwrap();
    assert!(dropped(&c).contains(&Field::TicketLifetimeHint));
    assert_eq!(
        read_back(&c, Dialect::LibreSsl).ticket_lifetime_hint(),
        None
    );
}

/// The writers of the 48-byte formats refuse a longer secret (a session
/// built in their dialect, not converted): `SSL_MAX_MASTER_KEY_LENGTH`.
#[test]
fn the_48_byte_writers_refuse_a_longer_secret() {
    use session_der::session_model::{CipherSuite, LimitError, ProtocolVersion};
    use session_der::{encode, EncodeError, Target};
    for to in [Dialect::BoringSsl, Dialect::AwsLc, Dialect::LibreSsl] {
        let mut s = OwnedSession::bare(ProtocolVersion(0x0303), CipherSuite(0xC02F));
        s.set_dialect(to);
        s.set_time(Some(1_700_000_000));
        s.set_timeout(Some(7200));
        s.set_master_key(vec![1; 49]).unwrap();
        assert_eq!(
            encode(&s, Target::of_dialect(to)).map(|_| ()),
            Err(EncodeError::Invalid(LimitError {
                field: Field::MasterKey,
                len: 49,
                max: 48
            })),
            "{to:?}"
        );
        s.set_master_key(vec![1; 48]).unwrap();
        let ok = encode(&s, Target::of_dialect(to)).map(|_| ());
        assert_eq!(ok, Ok(()), "{to:?}");
    }
}

/// A real OpenSSL 3.5 client session whose peer sent a raw public key
/// (testdata/openssl-3.5/tls12-server-rpk-client.der, `[20]`): to BoringSSL
/// the key goes with its certificate type, `[32]` = 2 (TLSEXT_cert_type_rpk),
/// without which `ssl_asn1.cc` does not read `[33]`; back to OpenSSL, where
/// the type is implied by `[20]` itself. AWS-LC stores no raw public key.
#[test]
fn a_raw_public_key_goes_with_its_certificate_type() {
    let path = sslsession_testkit::workspace_root()
        .join("testdata/openssl-3.5/tls12-server-rpk-client.der");
    let der = std::fs::read(&path).unwrap();
    let s = session_der::decode_with::<OwnedSession>(
        &der,
        &DecodeOptions::openssl_version(session_der::OpenSslVersion::V3_5),
    )
    .unwrap()
    .session;
    let rpk = s
        .peer_rpk()
        .expect("the recorded session has a raw public key")
        .to_vec();
    let c = convert(&s, Dialect::BoringSsl, &ConvertOptions::new()).unwrap();
    let back = read_back(&c, Dialect::BoringSsl);
    assert_eq!(back.peer_rpk(), Some(&rpk[..]));
    assert_eq!(back.peer_cert_type(), Some(2));
    let again = convert(&back, Dialect::OpenSsl, &ConvertOptions::new()).unwrap();
    assert!(!dropped(&again).contains(&Field::PeerCertType));
    assert_eq!(again.session.peer_rpk(), Some(&rpk[..]));
    // AWS-LC's session format has no raw public key: dropped, said so.
    let c = convert(&s, Dialect::AwsLc, &ConvertOptions::new()).unwrap();
    assert!(dropped(&c).contains(&Field::PeerRpk));
    assert_eq!(read_back(&c, Dialect::AwsLc).peer_rpk(), None);
}

/// The role BoringSSL recorded (`[27]` is_server, written only for a
/// client: ssl_asn1.cc) stays with the session between BoringSSL and AWS-LC,
/// for a real server session and a real client session.
#[test]
fn the_role_boringssl_recorded_stays_between_boringssl_and_aws_lc() {
    let dir = sslsession_testkit::workspace_root().join("testdata/boringssl/sessions");
    for (name, server) in [
        ("tls12-sha256-server.der", true),
        ("tls12-rpk-client.der", false),
    ] {
        let der = std::fs::read(dir.join(name)).unwrap();
        let s = session_der::decode_with::<OwnedSession>(
            &der,
            &DecodeOptions::dialect(Dialect::BoringSsl),
        )
        .unwrap()
        .session;
        assert_eq!(s.is_server().unwrap_or(true), server, "{name}");
        let c = convert(&s, Dialect::AwsLc, &ConvertOptions::new()).unwrap();
        let back = read_back(&c, Dialect::AwsLc);
        assert_eq!(back.is_server().unwrap_or(true), server, "{name}");
    }
}

/// A session that names its role as server explicitly (`[27]` TRUE, which
/// ssl_asn1.cc reads with `SSL_SESSION_parse_bool` but never writes: the
/// field's DEFAULT is TRUE, written only for a client) converts as the
/// server it is: AWS-LC's session gets no `[27]`, and its reader reads a
/// server.
#[test]
fn an_explicit_server_role_converts_as_a_server() {
    let dir = sslsession_testkit::workspace_root().join("testdata/boringssl/sessions");
    let der = std::fs::read(dir.join("tls12-sha256-server.der")).unwrap();
    let mut s =
        session_der::decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(Dialect::BoringSsl))
            .unwrap()
            .session;
    s.set_is_server(Some(true));
    let c = convert(&s, Dialect::AwsLc, &ConvertOptions::new()).unwrap();
    assert_eq!(c.session.is_server(), None, "[27] is not written");
    let back = read_back(&c, Dialect::AwsLc);
    assert_ne!(back.is_server(), Some(false), "read back as a server");
}

/// The protocol versions each target's reader takes. BoringSSL's and
/// AWS-LC's `ssl_protocol_version_from_wire` refuse SSL 3.0, and AWS-LC has
/// no DTLS 1.3 (their recorded verdicts on `set sslVersion SSL3` and `…
/// DTLS1.3`, `testdata/{boringssl,aws-lc}/verdicts.tsv`); LibreSSL's
/// `ssl_asn1.c` keeps any value up to `INT_MAX` without checking it.
#[test]
fn a_target_takes_only_the_protocol_versions_its_reader_reads() {
    use session_der::session_model::ProtocolVersion;
    let refused = |s: &OwnedSession, to| match convert(s, to, &ConvertOptions::new()) {
        Err(ConvertError::CannotResume { field, .. }) => field == Field::ProtocolVersion,
        _ => false,
    };
    let mut s = openssl_tls12();
    s.set_protocol_version(ProtocolVersion(0x0300));
    assert!(refused(&s, Dialect::BoringSsl) && refused(&s, Dialect::AwsLc));
    s.set_protocol_version(ProtocolVersion(0xFEFC));
    assert!(refused(&s, Dialect::AwsLc));
    let c = convert(&s, Dialect::BoringSsl, &ConvertOptions::new()).unwrap();
    assert_eq!(
        read_back(&c, Dialect::BoringSsl).protocol_version().wire(),
        0xFEFC
    );
    s.set_protocol_version(ProtocolVersion(0x0200));
    s.set_flags(None); // LibreSSL has no place for the extended master secret.
    let c = convert(&s, Dialect::LibreSsl, &ConvertOptions::new()).unwrap();
    assert_eq!(
        read_back(&c, Dialect::LibreSsl).protocol_version().wire(),
        0x0200
    );
}

/// The ciphers each target's reader takes: BoringSSL's and AWS-LC's
/// `SSL_get_cipher_by_value` tables have no DHE suite (DHE-RSA-AES128-GCM-
/// SHA256, 0x009E, is in OpenSSL's), and LibreSSL keeps the cipher's value
/// without looking it up (`ssl_asn1.c`), so a value OpenSSL's table does not
/// have (0x7701) goes there as it is.
#[test]
fn a_target_takes_only_the_ciphers_its_reader_reads() {
    use session_der::session_model::CipherSuite;
    let mut s = openssl_tls12();
    s.set_cipher(CipherSuite(0x009E));
    for to in [Dialect::BoringSsl, Dialect::AwsLc] {
        match convert(&s, to, &ConvertOptions::new()) {
            Err(ConvertError::CannotResume { field, .. }) => assert_eq!(field, Field::Cipher),
            other => panic!("{to:?}: {other:?}"),
        }
    }
    s.set_cipher(CipherSuite(0x7701));
    s.set_flags(None); // LibreSSL has no place for the extended master secret.
    assert!(!CipherSuite(0x7701).is_known_to(session_der::OpenSslVersion::LTS));
    let c = convert(&s, Dialect::LibreSsl, &ConvertOptions::new()).unwrap();
    assert_eq!(read_back(&c, Dialect::LibreSsl).cipher().code(), 0x7701);
}

/// Flags that hold only the extended master secret are not lost: the
/// secret moves to `[17]`, and nothing is reported dropped.
#[test]
fn flags_of_only_the_extended_master_secret_are_not_reported_dropped() {
    let s = openssl_tls12();
    assert_eq!(s.flags(), Some(1), "SSL_SESS_FLAG_EXTMS alone");
    for to in [Dialect::BoringSsl, Dialect::AwsLc] {
        let c = convert(&s, to, &ConvertOptions::new()).unwrap();
        assert!(
            !dropped(&c).contains(&Field::Flags),
            "{to:?}: {:?}",
            c.dropped
        );
        assert!(read_back(&c, to).uses_extended_master_secret(), "{to:?}");
    }
}

/// The role a BoringSSL session records is dropped, as the role, going to
/// OpenSSL and LibreSSL (whose formats do not record it), and kept going to
/// AWS-LC; what is dropped says which field and why.
#[test]
fn the_role_is_dropped_only_where_the_format_has_no_place_for_it() {
    let dir = sslsession_testkit::workspace_root().join("testdata/boringssl/sessions");
    let der = std::fs::read(dir.join("tls12-rpk-client.der")).unwrap();
    let mut s =
        session_der::decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(Dialect::BoringSsl))
            .unwrap()
            .session;
    assert_eq!(s.is_server(), Some(false), "a client's session");
    // (LibreSSL has no place for the extended master secret.)
    s.set_extended_master_secret(None);
    let c = convert(&s, Dialect::AwsLc, &ConvertOptions::new()).unwrap();
    assert!(!dropped(&c).contains(&Field::IsServer), "{:?}", c.dropped);
    for to in [Dialect::OpenSsl, Dialect::LibreSsl] {
        let c = convert(&s, to, &ConvertOptions::new()).unwrap();
        let role = c
            .dropped
            .iter()
            .find(|d| d.field == Field::IsServer)
            .unwrap_or_else(|| panic!("{to:?}: {:?}", c.dropped));
        assert!(role.why.contains("role"), "{to:?}: {role}");
        let text = role.to_string();
        assert!(
            text.contains(Field::IsServer.name()) && text.contains(role.why),
            "{text}"
        );
    }
}

/// A refusal says which field could not be carried and why.
#[test]
fn a_refusal_names_the_field_and_the_reason() {
    let mut s = openssl_tls12();
    s.set_master_key(vec![0x5A; 64]).unwrap();
    let e = convert(&s, Dialect::BoringSsl, &ConvertOptions::new()).unwrap_err();
    let ConvertError::CannotResume { field, why } = &e else {
        panic!("{e:?}");
    };
    let text = e.to_string();
    assert!(text.contains(field.name()) && text.contains(why), "{text}");
}

/// A real BoringSSL session that used the extended master secret (`[17]`
/// TRUE) reaches OpenSSL with it, as OpenSSL keeps it: the
/// `SSL_SESS_FLAG_EXTMS` bit of `[13]` flags (RFC 7627 5.3: a session
/// without it would not resume).
#[test]
fn the_extended_master_secret_reaches_openssl_as_its_flag() {
    let dir = sslsession_testkit::workspace_root().join("testdata/boringssl/sessions");
    let der = std::fs::read(dir.join("tls12-rpk-client.der")).unwrap();
    let s =
        session_der::decode_with::<OwnedSession>(&der, &DecodeOptions::dialect(Dialect::BoringSsl))
            .unwrap()
            .session;
    assert_eq!(s.extended_master_secret(), Some(true));
    let c = convert(&s, Dialect::OpenSsl, &ConvertOptions::new()).unwrap();
    let back = read_back(&c, Dialect::OpenSsl);
    assert_eq!(back.flags(), Some(1), "SSL_SESS_FLAG_EXTMS");
    assert!(back.uses_extended_master_secret());
}

/// A verify result of 0 (`X509_V_OK`) goes to BoringSSL and AWS-LC as it
/// is: only a negative one is past what their `SSL_SESSION_parse_long`
/// reads.
#[test]
fn a_verify_result_of_0_is_kept() {
    let mut s = openssl_tls12();
    s.set_verify_result(Some(0));
    for to in [Dialect::BoringSsl, Dialect::AwsLc] {
        let c = convert(&s, to, &ConvertOptions::new()).unwrap();
        assert!(
            !dropped(&c).contains(&Field::VerifyResult),
            "{to:?}: {:?}",
            c.dropped
        );
        assert_eq!(c.session.verify_result(), Some(0), "{to:?}");
    }
}
