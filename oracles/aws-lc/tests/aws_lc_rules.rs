//! What the vendored AWS-LC itself does with session bytes: the evidence for
//! /work/notes/findings-awslc.md and for the AWS-LC dialect's rules. Every
//! expectation here is AWS-LC 5.12.0's `ssl/ssl_asn1.cc` read line by line
//! (cited), checked against the live library.

use sslsession_oracle_aws_lc::der::{self, explicit};
use sslsession_oracle_aws_lc::{recordings, version, Session};
use sslsession_testkit::{len_octets, tlv, uint};

fn base(name: &str) -> Vec<u8> {
    recordings()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} not recorded"))
        .der
}

fn accepts(der: &[u8]) -> bool {
    Session::from_bytes(der).is_some()
}

#[test]
fn the_oracle_is_aws_lc_5_12_0() {
    assert_eq!(version(), "5.12.0");
}

#[test]
fn every_recording_reloads_to_the_same_getters_and_bytes() {
    let all = recordings();
    assert!(all.len() >= 20, "{} recordings", all.len());
    for r in &all {
        let s = Session::from_bytes(&r.der).unwrap_or_else(|| panic!("{}: refused", r.name));
        assert_eq!(s.getters(), r.json["getters"], "{}: getters", r.name);
        assert_eq!(s.to_bytes(), r.der, "{}: SSL_SESSION_to_bytes", r.name);
        assert_eq!(s.i2d(), r.der, "{}: i2d_SSL_SESSION", r.name);
        let (d, used) = Session::d2i(&r.der).unwrap_or_else(|| panic!("{}: d2i refused", r.name));
        assert_eq!(used, r.der.len(), "{}: d2i consumed", r.name);
        assert_eq!(d.to_bytes(), r.der, "{}: d2i then to_bytes", r.name);
    }
    println!("{} recordings reload identically", all.len());
}

/// ssl_asn1.cc:699: after [30] the SEQUENCE must be empty, so BoringSSL's
/// [31] resumableAcrossNames, [32] peerCertType, [33] peerRawPublicKey are
/// refused.
#[test]
fn boringssl_tags_31_to_33_are_refused() {
    let s = base("tls13-ticket-client");
    let e = der::split(&s).expect("split");
    let hi = |n: u8, inner: &[u8]| {
        let mut x = vec![0xBF, n];
        x.extend(len_octets(inner.len()));
        x.extend_from_slice(inner);
        der::with_field(&e, x, false)
    };
    assert!(!accepts(&hi(31, &[1, 1, 0xFF])), "[31] TRUE");
    assert!(!accepts(&hi(31, &[1, 1, 0])), "[31] FALSE");
    assert!(!accepts(&hi(32, &uint(2))), "[32] 2");
    assert!(!accepts(&hi(32, &uint(0))), "[32] 0");
    let spki = tlv(
        0x30,
        &[tlv(0x30, &[6, 3, 0x2B, 0x65, 0x70]), tlv(3, &[0; 33])].concat(),
    );
    assert!(!accepts(&hi(33, &spki)), "[33]");
}

/// original_handshake_hash is `uint8_t[EVP_MAX_MD_SIZE]` (64) in AWS-LC
/// (ssl/internal.h:4449, ssl_asn1.cc:583); BoringSSL's holds SSL_MAX_MD_SIZE
/// (48).
#[test]
fn original_handshake_hash_holds_up_to_64_bytes() {
    let s = base("tls12-ticket-client");
    let e = der::split(&s).expect("split");
    for (len, ok) in [(0, true), (48, true), (49, true), (64, true), (65, false)] {
        let v = der::with_field(&e, explicit(14, &tlv(4, &vec![0x5A; len])), true);
        assert_eq!(accepts(&v), ok, "[14] of {len} bytes");
    }
}

/// ssl_versions.cc:20-41: TLS 1.0-1.3, DTLS 1.0 and 1.2; no DTLS 1.3 (0xfefc,
/// which BoringSSL accepts).
#[test]
fn protocol_versions() {
    let s = base("tls12-ticket-client");
    let e = der::split(&s).expect("split");
    for (v, ok) in [
        (0x0300u64, false),
        (0x0301, true),
        (0x0302, true),
        (0x0303, true),
        (0x0304, true),
        (0x0305, false),
        (0xfeff, true),
        (0xfefd, true),
        (0xfefc, false),
        (0x1_0303, false),
    ] {
        let mut x = e.clone();
        x[1].bytes = uint(v);
        assert_eq!(accepts(&der::join(&x)), ok, "sslVersion {v:#x}");
    }
}

/// SSL_get_cipher_by_value over AWS-LC's kCiphers (ssl/ssl_cipher.cc): the
/// exact set of two-byte codes a session may carry.
#[test]
fn cipher_codes_aws_lc_knows() {
    let s = base("tls12-ticket-client");
    let mut e = der::split(&s).expect("split");
    let mut known = Vec::new();
    for c in 0..=u16::MAX {
        e[2].bytes = tlv(4, &c.to_be_bytes());
        if accepts(&der::join(&e)) {
            known.push(c);
        }
    }
    assert_eq!(
        known,
        [
            0x0002, 0x000A, 0x002F, 0x0035, 0x003C, 0x008C, 0x008D, 0x009C, 0x009D, 0x1301, 0x1302,
            0x1303, 0xC009, 0xC00A, 0xC013, 0xC014, 0xC027, 0xC028, 0xC02B, 0xC02C, 0xC02F, 0xC030,
            0xC035, 0xC036, 0xCCA8, 0xCCA9, 0xCCAC
        ]
    );
}

/// Explicitly encoded defaults are read (CBS_get_optional_asn1_* take any
/// present value) and not written back: the round trip is not byte-exact.
#[test]
fn explicit_defaults_are_accepted_and_dropped() {
    let s = base("tls12-ticket-client");
    let e = der::split(&s).expect("split");
    let timeout = der::field(&e, 2).expect("[2]").content().to_vec();
    for (n, inner) in [
        (5u8, uint(0)),
        (17, vec![1, 1, 0]),
        (18, uint(0)),
        (23, uint(0)),
        (24, uint(0)),
        (25, timeout),
        (27, vec![1, 1, 0]),
        (14, tlv(4, &[])),
        (26, tlv(4, &[])),
        (28, tlv(4, &[])),
    ] {
        let v = der::with_field(&e, explicit(n, &inner), true);
        let sess = Session::from_bytes(&v).unwrap_or_else(|| panic!("[{n}] default refused"));
        let written = der::split(&sess.to_bytes()).expect("split");
        assert!(
            der::field(&written, n).is_none(),
            "[{n}] default written back"
        );
    }
    // [22] isServer TRUE on a client session makes it a server session: not
    // written back ([22] is written only as FALSE).
    let v = der::with_field(&e, explicit(22, &[1, 1, 0xFF]), true);
    let w = Session::from_bytes(&v).expect("[22] TRUE").to_bytes();
    assert!(der::field(&der::split(&w).unwrap(), 22).is_none());
    // BOOLEAN must be 0x00 or 0xFF (cbs.c CBS_get_optional_asn1_bool).
    let v = der::with_field(&e, explicit(22, &[1, 1, 1]), true);
    assert!(!accepts(&v));
}

/// d2i_SSL_SESSION (ssl_x509.cc:1186) reads one SEQUENCE and leaves what
/// follows; SSL_SESSION_from_bytes (ssl_asn1.cc:786) refuses trailing bytes.
#[test]
fn trailing_bytes_d2i_vs_from_bytes() {
    let s = base("tls13-ticket-client");
    let t = [&s[..], &[0, 1, 2]].concat();
    assert!(!accepts(&t));
    let (_, used) = Session::d2i(&t).expect("d2i with trailing bytes");
    assert_eq!(used, s.len());
}

/// The fixed limits: session ID ≤ 32, secret ≤ 48 (none below), sid_ctx ≤ 32,
/// [13] exactly 32, [21] exactly 4.
#[test]
fn length_limits() {
    let s = base("tls12-peer-sha256-server");
    let e = der::split(&s).expect("split");
    for (idx, len, ok) in [
        (3usize, 0usize, true),
        (3, 32, true),
        (3, 33, false),
        (4, 0, true),
        (4, 48, true),
        (4, 49, false),
    ] {
        let mut x = e.clone();
        x[idx].bytes = tlv(4, &vec![7; len]);
        x[idx].header_len = 2;
        assert_eq!(accepts(&der::join(&x)), ok, "element {idx} of {len} bytes");
    }
    for (n, len, ok) in [
        (4u8, 32usize, true),
        (4, 33, false),
        (13, 31, false),
        (13, 32, true),
        (13, 33, false),
        (21, 3, false),
        (21, 4, true),
        (21, 5, false),
    ] {
        let v = der::with_field(&e, explicit(n, &tlv(4, &vec![7; len])), true);
        assert_eq!(accepts(&v), ok, "[{n}] of {len} bytes");
    }
}
