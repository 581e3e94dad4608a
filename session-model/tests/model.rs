//! The model's rules, checked against OpenSSL's documented behaviour
//! (FORMAT.md §2, §5.3; `ssl/ssl_sess.c`).

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

use std::cell::Cell;
use std::rc::Rc;

use session_model::{
    ByteStorage, CipherSuite, Field, LimitError, OpenSslTimes, OpenSslVersion, OwnedSession,
    ProtocolVersion, Secret, Session, DEFAULT_TIMEOUT, LAST_SECOND,
};

fn tls13() -> OwnedSession {
    Session::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301))
}

#[test]
fn setters_refuse_what_openssl_cannot_hold() {
    let mut s = tls13();
    assert_eq!(
        s.set_session_id(vec![0; 33]),
        Err(LimitError {
            field: Field::SessionId,
            len: 33,
            max: 32
        })
    );
    assert_eq!(s.set_sid_ctx(Some(vec![0; 33])).unwrap_err().max, 32);
    assert_eq!(s.set_master_key(vec![0; 513]).unwrap_err().max, 512);
    assert!(
        s.set_master_key(vec![0; 512]).is_ok(),
        "512 is OpenSSL 3.0's limit, inclusive"
    );
    assert!(s.set_session_id(vec![0; 32]).is_ok());
    assert_eq!(
        s.session_id().len(),
        32,
        "a refused value leaves the old one"
    );
    assert_eq!(
        LimitError {
            field: Field::SessionId,
            len: 33,
            max: 32
        }
        .to_string(),
        "session_id: 33 bytes, at most 32 allowed"
    );
}

#[test]
fn built_sessions_start_as_openssl_leaves_them() {
    let s = tls13();
    // OpenSSL 3.x always writes [4] and [19]; nothing else is present.
    assert_eq!(s.sid_ctx(), Some(&[][..]));
    assert_eq!(s.kex_group(), Some(0));
    assert_eq!((s.time(), s.timeout(), s.ticket()), (None, None, None));
    let bare: OwnedSession = Session::bare(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));
    assert_eq!((bare.sid_ctx(), bare.kex_group()), (None, None));
}

#[test]
fn absent_and_zero_time_and_timeout_take_openssls_defaults() {
    let mut s = tls13();
    assert_eq!(s.effective_time(1234), 1234, "absent time is now");
    s.set_time(Some(0));
    assert_eq!(s.effective_time(1234), 1234, "zero time is now");
    assert_eq!(s.time(), Some(0), "the stored value is kept");
    assert_eq!(s.effective_timeout(), DEFAULT_TIMEOUT);
    assert_eq!(DEFAULT_TIMEOUT, 3);
    // ssl_asn1.c: `if (as->timeout != 0) ... else ret->timeout = 3`.
    s.set_timeout(Some(0));
    assert_eq!(
        s.effective_timeout(),
        DEFAULT_TIMEOUT,
        "zero timeout is 3 s"
    );
    s.set_time(Some(1000));
    s.set_timeout(Some(300));
    for v in OpenSslVersion::ALL {
        let t = s.openssl_times(v, 0);
        assert_eq!((t.time, t.timeout), (1000, 300), "{v}");
        assert_eq!(t.expires_at(), Some(1300), "{v}");
        assert!(
            !t.is_expired(1300),
            "{v}: sess_timedout is now > time + timeout"
        );
        assert!(t.is_expired(1301), "{v}");
    }
    assert_eq!(s.expires_at(0), Some(1300), "the default version's");
    assert!(
        !s.is_expired(1300) && s.is_expired(1301),
        "the default version's"
    );
}

/// 1.1.1 resumes while `timeout >= (long)(time(NULL) - time)`
/// (`ssl/ssl_sess.c`, `ssl_get_prev_session`): the difference wraps in a
/// 64-bit `long`. With time = `LONG_MIN`, `now - time` wraps to
/// `now - 2^63` for every clock from 0 on, so timeout `LONG_MIN + 1000`
/// expires the session exactly when `now > 1000`, a deadline only the
/// wrapped difference gives (unwrapped, `time + timeout` is below −2^64).
#[test]
fn v1_1_1_deadline_past_the_wrap_of_now_minus_time() {
    let mut s = tls13();
    s.set_time(Some(i64::MIN));
    s.set_timeout(Some(i64::MIN + 1000));
    let t = s.openssl_times(OpenSslVersion::V1_1_1, 0);
    assert_eq!(t.expires_at(), Some(1000));
    assert!(!t.is_expired(1000) && t.is_expired(1001));
    // A timeout 2^62 later: past the last second a clock reaches.
    s.set_timeout(Some(i64::MIN + (1 << 62)));
    let t = s.openssl_times(OpenSslVersion::V1_1_1, 0);
    assert_eq!(t.expires_at(), None);
}

/// Edge cases, each as the real library reported it: SSL_SESSION_get_time /
/// get_timeout, and whether SSL_CTX_flush_sessions(ctx, now) dropped the
/// session (tools/dump_cipher_table.c's sibling probe, run against 3.0.19,
/// 3.5.5 and 1.1.1w; the interop crate checks them live per version).
#[test]
fn edge_times_are_each_versions() {
    let mut s = tls13();
    // time 1, timeout -1: 3.0 and 1.1.1 keep the -1 and time the session
    // out at 1; 3.5 holds (uint64_t)-1 * 10^9 ticks, which saturates the
    // deadline: never within a time_t's seconds as it converts them.
    s.set_time(Some(1));
    s.set_timeout(Some(-1));
    let old = s.openssl_times(OpenSslVersion::V3_0, 0);
    assert_eq!((old.time, old.timeout), (1, -1));
    assert!(old.is_expired(1));
    assert!(s.openssl_times(OpenSslVersion::V1_1_1, 0).is_expired(1));
    let new = s.openssl_times(OpenSslVersion::V3_5, 0);
    assert_eq!((new.time, new.timeout), (1, 18_446_744_072));
    assert!(!new.is_expired(1) && !new.is_expired(4_000_000_000));
    // time -1: 3.0's CALCULATE_TIMEOUT sees an overflow (timeout_ovf): never.
    s.set_time(Some(-1));
    s.set_timeout(Some(1));
    assert_eq!(s.openssl_times(OpenSslVersion::V3_0, 0).expires_at(), None);
    assert!(!s
        .openssl_times(OpenSslVersion::V3_0, 0)
        .is_expired(i64::MAX));
    // ... while 1.1.1 compares timeout < now - time: gone at 1.
    assert!(s.openssl_times(OpenSslVersion::V1_1_1, 0).is_expired(1));
    assert_eq!(
        s.openssl_times(OpenSslVersion::V3_5, 0).time,
        18_446_744_072
    );
    // timeout 2^62: 2^62 * 10^9 is 0 mod 2^64, so 3.5 reports 0 (and its
    // i2d omits [2]); 3.0 and 1.1.1 report it as stored.
    s.set_time(Some(1));
    s.set_timeout(Some(1 << 62));
    assert_eq!(s.openssl_times(OpenSslVersion::V3_5, 0).timeout, 0);
    assert_eq!(s.openssl_times(OpenSslVersion::V3_0, 0).timeout, 1 << 62);
    assert_eq!(s.openssl_times(OpenSslVersion::V1_1_1, 0).timeout, 1 << 62);
    s.set_time(Some(i64::MAX - 10));
    s.set_timeout(Some(100));
    assert_eq!(
        s.openssl_times(OpenSslVersion::V3_0, 0).expires_at(),
        None,
        "overflow: OpenSSL 3.0 never times it out"
    );
    assert!(!s
        .openssl_times(OpenSslVersion::V3_0, 0)
        .is_expired(i64::MAX));
}

#[test]
fn resumability_and_tickets_follow_openssl() {
    let mut s = tls13();
    assert!(!s.is_resumable(), "no id, no ticket");
    s.set_ticket(Some(Vec::new()));
    assert!(
        !s.has_ticket() && !s.is_resumable(),
        "an empty ticket is no ticket"
    );
    s.set_ticket(Some(vec![1]));
    assert!(s.has_ticket() && s.is_resumable());
    s.set_ticket(None);
    s.set_session_id(vec![9]).unwrap();
    assert!(s.is_resumable());
}

#[test]
fn openssl_truncations_are_views_not_changes() {
    let mut s = tls13();
    s.set_flags(Some(0x1_0000_0001));
    assert_eq!(s.effective_flags(), 1, "(int32_t)as->flags");
    assert!(s.uses_extended_master_secret());
    s.set_max_fragment_len_mode(Some(300));
    assert_eq!(
        s.effective_max_fragment_len_mode(),
        44,
        "stored in a uint8_t"
    );
    s.set_hostname(Some(b"a\0b".to_vec()));
    assert_eq!(
        s.effective_hostname(),
        Some(&b"a"[..]),
        "strndup stops at NUL"
    );
    assert_eq!(s.hostname(), Some(&b"a\0b"[..]));
    assert_eq!(s.effective_verify_result(), 0, "absent is X509_V_OK");
}

#[test]
fn protocol_versions_have_openssls_names_and_acceptance() {
    let names = [
        (0x0304, "TLSv1.3"),
        (0x0303, "TLSv1.2"),
        (0x0302, "TLSv1.1"),
        (0x0301, "TLSv1"),
        (0x0300, "SSLv3"),
        (0x0100, "DTLSv0.9"),
        (0xFEFF, "DTLSv1"),
        (0xFEFD, "DTLSv1.2"),
    ];
    for (wire, name) in names {
        assert_eq!(ProtocolVersion(wire).openssl_name(), name);
        assert_eq!(
            ProtocolVersion::from_name(name),
            Some(ProtocolVersion(wire))
        );
        assert!(ProtocolVersion(wire).is_accepted_by_openssl());
    }
    assert_eq!(ProtocolVersion(0x0305).openssl_name(), "unknown");
    // FORMAT.md §5.3: 0x03FF and 0xFE00 accepted, 0x0200 and 0xFF00 rejected.
    assert!(ProtocolVersion(0x03FF).is_accepted_by_openssl());
    assert!(ProtocolVersion(0xFE00).is_accepted_by_openssl());
    assert!(!ProtocolVersion(0x0200).is_accepted_by_openssl());
    assert!(!ProtocolVersion(0xFF00).is_accepted_by_openssl());
}

#[test]
fn cipher_table_is_openssls() {
    let c = CipherSuite(0xC02F);
    assert_eq!(c.openssl_name(), Some("ECDHE-RSA-AES128-GCM-SHA256"));
    assert_eq!(c.iana_name(), Some("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    assert_eq!(c.openssl_id(), 0x0300_C02F);
    assert_eq!(
        CipherSuite::from_name("TLS_AES_256_GCM_SHA384"),
        Some(CipherSuite(0x1302))
    );
    // The SCSVs are in OpenSSL's table; RC4 is not built into Debian's 3.0.19.
    assert!(CipherSuite::EMPTY_RENEGOTIATION_INFO_SCSV.is_known());
    assert!(CipherSuite::FALLBACK_SCSV.is_known());
    assert!(!CipherSuite(0x0004).is_known());
    assert_eq!(CipherSuite::all_known_to(OpenSslVersion::V3_0).count(), 174);
}

/// Each version's table as its real build's `d2i_SSL_SESSION` accepts it
/// (testdata/ciphers/, dumped by tools/dump_cipher_table.c).
#[test]
fn cipher_tables_differ_by_version() {
    let count = |v| CipherSuite::all_known_to(v).count();
    assert_eq!(
        OpenSslVersion::ALL.map(count),
        [171, 174, 176, 176, 178],
        "1.1.1, 3.0, 3.5, 3.6, 4.0"
    );
    let gost = CipherSuite(0xC100);
    assert!(!gost.is_known_to(OpenSslVersion::V1_1_1) && gost.is_known_to(OpenSslVersion::V3_0));
    let integrity_only = CipherSuite(0xC0B4);
    assert!(!integrity_only.is_known_to(OpenSslVersion::V3_0));
    assert!(integrity_only.is_known_to(OpenSslVersion::V3_5));
    let sm4 = CipherSuite(0x00C6);
    assert!(!sm4.is_known_to(OpenSslVersion::V3_6) && sm4.is_known_to(OpenSslVersion::V4_0));
    let renamed = CipherSuite(0xFF85);
    assert_eq!(
        renamed
            .info_in(OpenSslVersion::V1_1_1)
            .map(|i| i.openssl_name),
        Some("GOST2012-GOST8912-GOST8912")
    );
    assert_eq!(
        renamed.openssl_name(),
        Some("LEGACY-GOST2012-GOST8912-GOST8912")
    );
    assert_eq!(CipherSuite::all_known().count(), 178);
}

/// Storage that records whether it was wiped.
#[derive(Default)]
struct Spy(Vec<u8>, Rc<Cell<bool>>);
impl AsRef<[u8]> for Spy {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
impl ByteStorage for Spy {
    fn wipe(&mut self) {
        self.1.set(true);
    }
}

#[test]
fn the_master_key_is_wiped_on_drop_and_never_shown() {
    let wiped = Rc::new(Cell::new(false));
    drop(Secret::new(Spy(vec![0x5A; 48], wiped.clone())));
    assert!(wiped.get(), "Secret::drop wipes its storage");

    let mut v = vec![0x5Au8; 48];
    v.wipe();
    assert!(v.iter().all(|&b| b == 0), "owned storage is zeroed");

    let mut s = tls13();
    s.set_master_key(vec![0xA5; 48]).unwrap();
    let shown = format!("{s:?}");
    assert!(shown.contains("Secret(48 bytes, redacted)"));
    assert!(!shown.to_lowercase().contains("a5a5"), "{shown}");
}

#[test]
fn storages_convert_and_compare_by_value() {
    let mut s = tls13();
    s.set_ticket(Some(vec![1, 2, 3]));
    let view = s.as_view();
    assert_eq!(view, s);
    let shared = view.convert(|b| bytes::Bytes::copy_from_slice(b));
    assert_eq!(shared, s);
    assert_eq!(shared.to_owned_session(), s);
    let none: Option<Session<&[u8]>> = s.try_convert(|b| (!b.is_empty()).then_some(b.as_slice()));
    assert!(
        none.is_none(),
        "an empty field refused by the closure refuses the session"
    );
}

/// `expires_at` describes `is_expired` on every clock it speaks for (0 to
/// `LAST_SECOND`), for every version, on times at the edges of `time_t` and
/// `OSSL_TIME` (where it says there is one last second).
#[test]
fn expires_at_describes_is_expired() {
    let edges = [
        i64::MIN,
        i64::MIN + 1,
        -(1 << 40),
        -1,
        1,
        2,
        300,
        1 << 31,
        LAST_SECOND - 1,
        LAST_SECOND,
        1 << 55,
        1 << 62,
        i64::MAX - 10,
        i64::MAX,
    ];
    let nows = [0, 1, 2, 301, 302, 1 << 31, LAST_SECOND - 1, LAST_SECOND];
    for v in OpenSslVersion::ALL {
        for time in edges {
            for timeout in edges {
                let t = OpenSslTimes::new(v, time, timeout);
                // 1.1.1 with a time whose `now - time` wraps in range may
                // expire and un-expire: no single last second (documented).
                let wraps = v == OpenSslVersion::V1_1_1 && time < LAST_SECOND - i64::MAX;
                if wraps {
                    continue;
                }
                for now in nows {
                    let expected = t.expires_at().is_some_and(|at| now > at);
                    assert_eq!(t.is_expired(now), expected, "{v} {time} {timeout} at {now}");
                }
            }
        }
    }
}

/// The dialects' names as documented (`Dialect::name`: the names command
/// lines and records use) and their parsing back, aliases included; the
/// libraries' names; which are BoringSSL's family. Found by cargo-mutants:
/// `name`, `library` and `is_boringssl_family` could return anything
/// without a test failing.
#[test]
fn dialect_names_are_the_documented_ones_and_parse_back() {
    use session_model::Dialect;
    let documented = [
        (Dialect::OpenSsl, "openssl", "OpenSSL"),
        (Dialect::BoringSsl, "boringssl", "BoringSSL"),
        (Dialect::AwsLc, "aws-lc", "AWS-LC"),
        (Dialect::LibreSsl, "libressl", "LibreSSL"),
    ];
    assert_eq!(
        Dialect::ALL.map(|d| d.name()),
        documented.map(|(_, n, _)| n)
    );
    for (d, name, library) in documented {
        assert_eq!(d.name(), name);
        assert_eq!(d.to_string(), name);
        assert_eq!(d.library(), library);
        assert_eq!(name.parse::<Dialect>(), Ok(d));
        assert_eq!(library.parse::<Dialect>(), Ok(d), "case-insensitive");
    }
    for (alias, d) in [
        ("boring", Dialect::BoringSsl),
        ("awslc", Dialect::AwsLc),
        ("aws_lc", Dialect::AwsLc),
    ] {
        assert_eq!(alias.parse::<Dialect>(), Ok(d));
    }
    // The refusal names what was asked and what is known.
    let e = "gnutls".parse::<Dialect>().unwrap_err();
    let message = e.to_string();
    assert!(message.contains("\"gnutls\""), "{message}");
    for (_, name, _) in documented {
        assert!(message.contains(name), "{message}");
    }
    // "BoringSSL or its fork AWS-LC, which share one parser and one layout".
    assert_eq!(
        Dialect::ALL.map(Dialect::is_boringssl_family),
        [false, true, true, false]
    );
}

/// Each value type's integer range is its Rust type's (the getters' and
/// setters' types: `i64` for `INT64`/`ZINT64`, `u32` for `UINT32`, `u16`
/// and `u8` for BoringSSL's narrow fields, 0 and 1 for a BOOLEAN), and bytes
/// have none.
#[test]
fn value_type_ranges_are_their_rust_types() {
    use session_model::ValueType;
    let cases: [(ValueType, Option<(i128, i128)>); 8] = [
        (ValueType::I64, Some((i64::MIN.into(), i64::MAX.into()))),
        (ValueType::U64, Some((0, u64::MAX.into()))),
        (ValueType::I32, Some((i32::MIN.into(), i32::MAX.into()))),
        (ValueType::U32, Some((0, u32::MAX.into()))),
        (ValueType::U16, Some((0, u16::MAX.into()))),
        (ValueType::U8, Some((0, u8::MAX.into()))),
        (ValueType::Bool, Some((0, 1))),
        (ValueType::Bytes, None),
    ];
    for (ty, range) in cases {
        assert_eq!(ty.int_range(), range, "{ty:?}");
        // Signed exactly when the range reaches below zero.
        assert_eq!(
            ty.is_signed(),
            range.is_some_and(|(lo, _)| lo < 0),
            "{ty:?}"
        );
    }
}

/// Which dialects store a field (`FieldSpec::is_in`), for fields whose home
/// the libraries' templates settle: the session id and master key in every
/// dialect; `[18]` ticket_appdata in OpenSSL's `SSL_SESSION_ASN1` only; the
/// peer's certificate digest (`peerSHA256`, BoringSSL's `[13]`) in
/// BoringSSL's `SSL_SESSION_parse` and AWS-LC's only.
#[test]
fn fields_are_in_the_dialects_whose_templates_hold_them() {
    use session_model::{Dialect, Field};
    let all = [
        Dialect::OpenSsl,
        Dialect::BoringSsl,
        Dialect::AwsLc,
        Dialect::LibreSsl,
    ];
    let stored_in = |field: Field| -> Vec<Dialect> {
        let spec = field.spec().expect("a schema row");
        all.into_iter().filter(|d| spec.is_in(*d)).collect()
    };
    assert_eq!(stored_in(Field::SessionId), all);
    assert_eq!(stored_in(Field::MasterKey), all);
    assert_eq!(stored_in(Field::TicketAppdata), [Dialect::OpenSsl]);
    assert_eq!(
        stored_in(Field::PeerSha256),
        [Dialect::BoringSsl, Dialect::AwsLc]
    );
}

/// Two secrets are equal exactly when their bytes are (the master keys of
/// two sessions compared, or a key read back from storage).
#[test]
fn secrets_are_equal_exactly_when_their_bytes_are() {
    use session_model::Secret;
    let key = vec![0x22u8; 48];
    assert_eq!(Secret::new(key.clone()), Secret::new(key.clone()));
    let mut other = key.clone();
    other[47] ^= 1;
    assert_ne!(Secret::new(key.clone()), Secret::new(other));
    assert_ne!(Secret::new(key), Secret::new(vec![0x22u8; 47]));
    assert_eq!(Secret::new(Vec::new()), Secret::new(Vec::new()));
}

/// `openssl_rows(release)` is the number of rows whose `openssl_since` the
/// release is at least — the leading rows, OpenSSL appending new members at
/// the end — up to every row for a release at least all of them (the
/// `extended` rows' `NEVER` is `u8::MAX.u8::MAX`).
#[test]
fn openssl_rows_counts_the_rows_a_release_has() {
    use session_model::{openssl_rows, OpenSslRelease, FIELDS};
    for (major, minor) in [(1, 0), (1, 1), (3, 0), (3, 5), (4, 0), (u8::MAX, u8::MAX)] {
        let release = OpenSslRelease::new(major, minor);
        let has = FIELDS
            .iter()
            .filter(|f| release.is_at_least(f.openssl_since))
            .count();
        assert_eq!(openssl_rows(release), has, "{major}.{minor}");
    }
    assert_eq!(
        openssl_rows(OpenSslRelease::new(u8::MAX, u8::MAX)),
        FIELDS.len()
    );
}

/// The schema's OpenSSL rows against OpenSSL 3.x's `SSL_SESSION_ASN1`
/// template (`ssl/ssl_asn1.c`, 3.0 to 4.0 alike), transcribed here member
/// by member: the member, its tagging and the template's type, which fixes
/// the value range (`INT32`/`ZINT32`: i32; `UINT32`/`ZUINT32`: u32;
/// `ZINT64`: i64; `ZUINT64`: u64; `ASN1_OCTET_STRING`: bytes, of which
/// `cipher` is the two-octet code and `comp_id` the one-octet method id;
/// `X509`: a certificate).
#[test]
fn openssl_rows_follow_the_ssl_session_asn1_template() {
    use session_model::{openssl_rows, Tagging, ValueType, FIELDS};
    let template: [(&str, Tagging, ValueType); 26] = [
        ("version", Tagging::Untagged, ValueType::U32),
        ("ssl_version", Tagging::Untagged, ValueType::I32),
        ("cipher", Tagging::Untagged, ValueType::U16),
        ("session_id", Tagging::Untagged, ValueType::Bytes),
        ("master_key", Tagging::Untagged, ValueType::Bytes),
        ("key_arg", Tagging::Implicit(0), ValueType::Bytes),
        ("time", Tagging::Explicit(1), ValueType::I64),
        ("timeout", Tagging::Explicit(2), ValueType::I64),
        ("peer", Tagging::Explicit(3), ValueType::Bytes),
        ("session_id_context", Tagging::Explicit(4), ValueType::Bytes),
        ("verify_result", Tagging::Explicit(5), ValueType::I32),
        ("tlsext_hostname", Tagging::Explicit(6), ValueType::Bytes),
        ("psk_identity_hint", Tagging::Explicit(7), ValueType::Bytes),
        ("psk_identity", Tagging::Explicit(8), ValueType::Bytes),
        (
            "tlsext_tick_lifetime_hint",
            Tagging::Explicit(9),
            ValueType::U64,
        ),
        ("tlsext_tick", Tagging::Explicit(10), ValueType::Bytes),
        ("comp_id", Tagging::Explicit(11), ValueType::U8),
        ("srp_username", Tagging::Explicit(12), ValueType::Bytes),
        ("flags", Tagging::Explicit(13), ValueType::U64),
        ("tlsext_tick_age_add", Tagging::Explicit(14), ValueType::U32),
        ("max_early_data", Tagging::Explicit(15), ValueType::U32),
        ("alpn_selected", Tagging::Explicit(16), ValueType::Bytes),
        (
            "tlsext_max_fragment_len_mode",
            Tagging::Explicit(17),
            ValueType::U32,
        ),
        ("ticket_appdata", Tagging::Explicit(18), ValueType::Bytes),
        ("kex_group", Tagging::Explicit(19), ValueType::U32),
        ("peer_rpk", Tagging::Explicit(20), ValueType::Bytes),
    ];
    let rows = &FIELDS[..openssl_rows(OpenSslVersion::V4_0.release())];
    let ours: Vec<(&str, Tagging, ValueType)> = rows
        .iter()
        .map(|r| (r.openssl_member, r.tagging, r.value))
        .collect();
    assert_eq!(ours, template);
}

/// `SSL_SESSION_get_max_fragment_length` per version: the byte OpenSSL
/// holds, except that from 3.0 on 255 (`TLSEXT_max_fragment_length_UNSPECIFIED`,
/// what their `SSL_SESSION_new()` stores) reads as 0 (`ssl/t1_lib.c`);
/// 1.1.1 returns 255 as it is.
#[test]
fn max_fragment_length_reads_as_each_version_reports_it() {
    let mut s = tls13();
    s.set_max_fragment_len_mode(Some(255));
    for v in OpenSslVersion::ALL {
        let expected = if v == OpenSslVersion::V1_1_1 { 255 } else { 0 };
        assert_eq!(s.openssl_max_fragment_length(v), expected, "{v}");
    }
    s.set_max_fragment_len_mode(Some(2));
    for v in OpenSslVersion::ALL {
        assert_eq!(s.openssl_max_fragment_length(v), 2, "{v}");
    }
}

/// A refused `set_int`/`set_bytes` says which field and why: the field's
/// name in each message; the value offered when it is outside the field's
/// type (`[17]` max_fragment_len_mode is `uint32_t` in OpenSSL); the length
/// and OpenSSL's limit when the bytes are too long (`sid_ctx`:
/// `SSL_MAX_SID_CTX_LENGTH`, 32).
#[test]
fn a_refused_value_names_its_field_and_what_is_wrong() {
    use session_model::{CipherSuite, Field, OwnedSession, ProtocolVersion, SetError};
    let mut s = OwnedSession::new(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));

    let wrong_kind = s.set_int(Field::SidCtx, Some(1)).unwrap_err();
    assert_eq!(
        wrong_kind,
        SetError::WrongKind {
            field: Field::SidCtx
        }
    );
    let out_of_range = s
        .set_int(Field::MaxFragmentLenMode, Some(1 << 32))
        .unwrap_err();
    assert!(matches!(out_of_range, SetError::OutOfRange { .. }));
    let too_long = s.set_bytes(Field::SidCtx, Some(vec![0; 33])).unwrap_err();
    assert!(matches!(too_long, SetError::Limit(_)));

    let sid_ctx = Field::SidCtx.to_string();
    let messages = [wrong_kind, out_of_range, too_long].map(|e| e.to_string());
    assert!(messages[0].contains(&sid_ctx), "{}", messages[0]);
    assert!(
        messages[1].contains(&Field::MaxFragmentLenMode.to_string())
            && messages[1].contains("4294967296"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains(&sid_ctx) && messages[2].contains("33") && messages[2].contains("32"),
        "{}",
        messages[2]
    );
    assert_ne!(messages[0], messages[2]);
}

/// Wiping leaves a storage without the secret where it owns the bytes, and
/// never touches bytes it does not own: `Vec` and an owned `Cow` are
/// zeroed and emptied (zeroize's `Vec` rule); a `Bytes` handle lets go of
/// its buffer (zeroed when it was the only handle), and another handle to a
/// shared buffer still reads its bytes; borrowed storage is the caller's.
#[test]
fn wiping_empties_owned_storage_and_spares_what_others_hold() {
    use std::borrow::Cow;

    let secret = [0x5Au8; 48];
    let mut v = secret.to_vec();
    v.wipe();
    assert!(v.is_empty());

    let mut owned: Cow<'_, [u8]> = Cow::Owned(secret.to_vec());
    owned.wipe();
    assert!(owned.is_empty());
    let mut borrowed: Cow<'_, [u8]> = Cow::Borrowed(&secret);
    borrowed.wipe();
    assert_eq!(&*borrowed, &secret[..]);
    let mut slice: &[u8] = &secret;
    slice.wipe();
    assert_eq!(slice, &secret[..]);

    let mut unique = bytes::Bytes::from(secret.to_vec());
    unique.wipe();
    assert!(unique.is_empty());
    let mut shared = bytes::Bytes::from(secret.to_vec());
    let other = shared.clone();
    shared.wipe();
    assert!(shared.is_empty());
    assert_eq!(
        &other[..],
        &secret[..],
        "the other handle's bytes are its own"
    );
}

/// Storage whose length the test changes after a setter checked it: the
/// "fields that came from elsewhere" `check_limits` is for.
#[derive(Default)]
struct Stretchy(Vec<u8>, Rc<Cell<usize>>);
impl AsRef<[u8]> for Stretchy {
    fn as_ref(&self) -> &[u8] {
        &self.0[..self.1.get().min(self.0.len())]
    }
}
impl ByteStorage for Stretchy {
    fn wipe(&mut self) {}
}

/// `check_limits` refuses the first field over OpenSSL's limit, in the
/// order the setters check them: the session id (`SSL_MAX_SSL_SESSION_ID_LENGTH`,
/// 32), the master key (512, 3.0's `TLS13_MAX_RESUMPTION_PSK_LENGTH`), the
/// session-id context (`SSL_MAX_SID_CTX_LENGTH`, 32).
#[test]
fn check_limits_refuses_fields_grown_past_openssls_limits() {
    let lens = [32usize, 512, 32].map(|n| Rc::new(Cell::new(n)));
    let storage = |len: &Rc<Cell<usize>>| Stretchy(vec![7; 600], len.clone());
    let mut s: Session<Stretchy> = Session::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
    s.set_session_id(storage(&lens[0])).unwrap();
    s.set_master_key(storage(&lens[1])).unwrap();
    s.set_sid_ctx(Some(storage(&lens[2]))).unwrap();
    assert_eq!(s.check_limits(), Ok(()), "at every limit");

    for len in &lens {
        len.set(len.get() + 1);
    }
    let refused = |field, len, max| Err(LimitError { field, len, max });
    assert_eq!(s.check_limits(), refused(Field::SessionId, 33, 32));
    lens[0].set(32);
    assert_eq!(s.check_limits(), refused(Field::MasterKey, 513, 512));
    lens[1].set(512);
    assert_eq!(s.check_limits(), refused(Field::SidCtx, 33, 32));
    lens[2].set(32);
    assert_eq!(s.check_limits(), Ok(()));
}

/// `Debug` shows a byte field of up to 64 octets in hex, and only the
/// length of a longer one (a certificate or ticket would drown the rest).
#[test]
fn debug_shows_short_byte_fields_in_hex_and_long_ones_by_length() {
    let mut s = tls13();
    s.set_ticket(Some(vec![0xAB; 64]));
    let shown = format!("{s:?}");
    assert!(
        shown.contains(&format!("\"{}\"", "ab".repeat(64))),
        "{shown}"
    );
    s.set_ticket(Some(vec![0xAB; 65]));
    let shown = format!("{s:?}");
    assert!(shown.contains("<65 bytes>"), "{shown}");
    assert!(!shown.contains("abab"), "{shown}");
    s.set_ticket(Some(vec![0xAB; 3]));
    assert!(format!("{s:?}").contains("\"ababab\""));
}

/// An unknown version name is refused with the name given and the names
/// known.
#[test]
fn an_unknown_openssl_version_names_itself_and_the_known_ones() {
    let e = "2.0".parse::<OpenSslVersion>().unwrap_err();
    let message = e.to_string();
    assert!(message.contains("\"2.0\""), "{message}");
    for v in OpenSslVersion::ALL {
        assert!(message.contains(&v.to_string()), "{message}: {v}");
    }
}
