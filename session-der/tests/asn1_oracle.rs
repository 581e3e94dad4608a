//! The `asn1` crate (alex/rust-asn1) as an independent DER oracle for strict
//! mode: the schema below is OpenSSL's `SSL_SESSION_ASN1` (3.2, `[0]`–`[20]`)
//! written with the crate's derive. On every input we have — real sessions,
//! malformed ones, arbitrary ones — the crate and our strict decoder must agree
//! on what is DER for the schema; where both accept, on every value. Our
//! decoder may additionally refuse values OpenSSL's checks refuse (structure
//! version, protocol, cipher, lengths, ranges), never DER that the crate refuses.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]
// asn1::ParseError is 136 bytes (CRATES.md); the derive returns it by value.
#![allow(clippy::result_large_err)]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use asn1::BigInt;
use session_der::session_model::{OwnedSession, SessionRef};
use session_der::{decode_with, encode, DecodeOptions, ErrorKind, Target};

#[derive(asn1::Asn1Read)]
struct SessionAsn1<'a> {
    version: BigInt<'a>,
    ssl_version: BigInt<'a>,
    cipher: &'a [u8],
    session_id: &'a [u8],
    master_key: &'a [u8],
    #[implicit(0)]
    key_arg: Option<&'a [u8]>,
    #[explicit(1)]
    time: Option<BigInt<'a>>,
    #[explicit(2)]
    timeout: Option<BigInt<'a>>,
    #[explicit(3)]
    peer: Option<asn1::Sequence<'a>>,
    #[explicit(4)]
    sid_ctx: Option<&'a [u8]>,
    #[explicit(5)]
    verify_result: Option<BigInt<'a>>,
    #[explicit(6)]
    hostname: Option<&'a [u8]>,
    #[explicit(7)]
    psk_identity_hint: Option<&'a [u8]>,
    #[explicit(8)]
    psk_identity: Option<&'a [u8]>,
    #[explicit(9)]
    ticket_lifetime_hint: Option<BigInt<'a>>,
    #[explicit(10)]
    ticket: Option<&'a [u8]>,
    #[explicit(11)]
    compression: Option<&'a [u8]>,
    #[explicit(12)]
    srp_username: Option<&'a [u8]>,
    #[explicit(13)]
    flags: Option<BigInt<'a>>,
    #[explicit(14)]
    ticket_age_add: Option<BigInt<'a>>,
    #[explicit(15)]
    max_early_data: Option<BigInt<'a>>,
    #[explicit(16)]
    alpn_selected: Option<&'a [u8]>,
    #[explicit(17)]
    max_fragment_len_mode: Option<BigInt<'a>>,
    #[explicit(18)]
    ticket_appdata: Option<&'a [u8]>,
    #[explicit(19)]
    kex_group: Option<BigInt<'a>>,
    #[explicit(20)]
    peer_rpk: Option<&'a [u8]>,
}

fn value(b: &BigInt<'_>) -> i128 {
    let bytes = b.as_bytes();
    let init: i128 = if b.is_negative() { -1 } else { 0 };
    bytes.iter().fold(init, |v, &x| (v << 8) | i128::from(x))
}

fn opt(b: &Option<BigInt<'_>>) -> Option<i128> {
    b.as_ref().map(value)
}

/// Our rejections that are about values, not DER: the oracle cannot know them.
fn is_semantic(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::UnknownStructureVersion { .. }
            | ErrorKind::UnsupportedProtocolVersion { .. }
            | ErrorKind::CipherWrongLength { .. }
            | ErrorKind::UnknownCipher { .. }
            | ErrorKind::TooLong { .. }
            | ErrorKind::CompressionWrongLength { .. }
            | ErrorKind::IntegerTooLarge
            | ErrorKind::IntegerTooSmall
            | ErrorKind::NegativeValue
            // [20] must hold a SubjectPublicKeyInfo, which the oracle leaves
            // opaque, and one whose key loads.
            | ErrorKind::UnexpectedTag { .. }
            | ErrorKind::InvalidPublicKey
    )
}

fn same_values(o: &SessionAsn1<'_>, s: &SessionRef<'_>) {
    assert_eq!(s.protocol_version().wire() as i128, value(&o.ssl_version));
    assert_eq!(&s.cipher().code().to_be_bytes()[..], o.cipher);
    assert_eq!(s.session_id(), o.session_id);
    assert_eq!(s.master_key().expose(), o.master_key);
    assert_eq!(s.key_arg(), o.key_arg);
    assert_eq!(s.time().map(i128::from), opt(&o.time));
    assert_eq!(s.timeout().map(i128::from), opt(&o.timeout));
    assert_eq!(s.peer_certificate().is_some(), o.peer.is_some());
    assert_eq!(s.sid_ctx(), o.sid_ctx);
    assert_eq!(s.verify_result().map(i128::from), opt(&o.verify_result));
    assert_eq!(s.hostname(), o.hostname);
    assert_eq!(s.psk_identity_hint(), o.psk_identity_hint);
    assert_eq!(s.psk_identity(), o.psk_identity);
    assert_eq!(
        s.ticket_lifetime_hint().map(i128::from),
        opt(&o.ticket_lifetime_hint)
    );
    assert_eq!(s.ticket(), o.ticket);
    assert_eq!(
        s.compression_id().map(|c| vec![c]),
        o.compression.map(<[u8]>::to_vec)
    );
    assert_eq!(s.srp_username(), o.srp_username);
    assert_eq!(s.flags().map(i128::from), opt(&o.flags));
    assert_eq!(s.ticket_age_add().map(i128::from), opt(&o.ticket_age_add));
    assert_eq!(s.max_early_data().map(i128::from), opt(&o.max_early_data));
    assert_eq!(s.alpn_selected(), o.alpn_selected);
    assert_eq!(
        s.max_fragment_len_mode().map(i128::from),
        opt(&o.max_fragment_len_mode)
    );
    assert_eq!(s.ticket_appdata(), o.ticket_appdata);
    assert_eq!(s.kex_group().map(i128::from), opt(&o.kex_group));
    assert_eq!(s.peer_rpk(), o.peer_rpk);
}

/// Checks one input; returns whether the oracle accepted it.
fn agree(name: &str, input: &[u8]) -> bool {
    let oracle = asn1::parse_single::<SessionAsn1<'_>>(input);
    // The oracle checks DER only; leave certificates to their own tests.
    let ours =
        decode_with::<SessionRef<'_>>(input, &DecodeOptions::strict().check_certificate(false));
    match (&oracle, &ours) {
        (Ok(o), Ok(d)) => {
            assert_eq!(value(&o.version), 1, "{name}");
            same_values(o, &d.session);
        }
        (Ok(_), Err(e)) => assert!(
            is_semantic(e.kind()),
            "{name}: DER the oracle accepts, we refuse: {e}"
        ),
        (Err(e), Ok(_)) => panic!("{name}: we accept what the oracle refuses as DER: {e:?}"),
        (Err(_), Err(_)) => {}
    }
    oracle.is_ok()
}

#[test]
fn strict_mode_agrees_with_the_asn1_crate_on_the_corpus() {
    let (dir, _) = common::corpus_dir();
    let mut accepted = 0;
    let mut total = 0;
    for sub in ["openssl-3.0", "malformed"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "der") {
                total += 1;
                if agree(&path.display().to_string(), &std::fs::read(&path).unwrap()) {
                    accepted += 1;
                }
            }
        }
    }
    assert!(accepted > 100 && total > accepted, "{accepted} of {total}");
}

#[test]
fn strict_mode_agrees_with_the_asn1_crate_on_arbitrary_sessions() {
    for seed in 0..500u64 {
        let bytes = common::noise(seed, 4096);
        let Ok(s) = OwnedSession::arbitrary(&mut Unstructured::new(&bytes)) else {
            continue;
        };
        let der = encode(&s, Target::Exact).unwrap();
        assert!(
            agree(&format!("seed {seed}"), &der),
            "seed {seed}: the oracle refuses our encoding"
        );
        // Every one-byte truncation and flip of our encoding, too.
        for i in (0..der.len()).step_by(7) {
            agree(&format!("seed {seed} cut {i}"), &der[..i]);
            let mut flipped = der.to_vec();
            flipped[i] ^= 0x55;
            agree(&format!("seed {seed} flip {i}"), &flipped);
        }
    }
}
