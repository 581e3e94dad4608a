//! The Rust peers (`src/peers`) read every benchmark session to the same
//! field values as our decoder, and write back exactly the input's bytes (the
//! corpus DER, which OpenSSL 3.0 wrote): otherwise the benchmark would compare
//! different work.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

use session_der::{decode_with, DecodeOptions, SessionRef};
use sslsession_benches::corpus::bench_inputs;
use sslsession_benches::peers::{self, Fields};

#[test]
fn every_peer_reads_every_bench_session_like_ours_and_writes_its_bytes_back() {
    let inputs = bench_inputs().unwrap();
    assert_eq!(inputs.len(), 7);
    for input in &inputs {
        let der = input.der.as_slice();
        let name = input.file;
        let ours =
            decode_with::<SessionRef<'_>>(der, &DecodeOptions::strict().check_certificate(false))
                .unwrap();
        let expected = Fields::ours(&ours.session);

        let a = peers::rust_asn1::decode(der).unwrap();
        assert_eq!(a.fields(), expected, "asn1: {name}");
        assert_eq!(peers::rust_asn1::encode(&a).unwrap(), der, "asn1: {name}");

        let d = peers::der::decode(der).unwrap();
        assert_eq!(d.fields(), expected, "der: {name}");
        let mut buf = vec![0u8; der.len()];
        assert_eq!(
            peers::der::encode_into(&d, &mut buf).unwrap(),
            der,
            "der: {name}"
        );

        let r = peers::rasn::decode(der).unwrap();
        assert_eq!(r.fields(), expected, "rasn: {name}");
        let mut out = Vec::new();
        peers::rasn::encode_into(&r, &mut out).unwrap();
        assert_eq!(out, der, "rasn: {name}");
    }
}

#[test]
fn what_the_peers_do_with_a_length_that_is_not_der() {
    // The first bench session with its outer length in the long form
    // (`30 81 5b` for `30 5b`): BER, not DER (X.690 10.1); OpenSSL 3.0 reads it.
    let inputs = bench_inputs().unwrap();
    let der = &inputs[0].der;
    assert!(der[1] < 0x80);
    let mut ber = vec![0x30, 0x81];
    ber.extend_from_slice(&der[1..]);
    assert!(peers::rust_asn1::decode(&ber).is_err());
    assert!(peers::der::decode(&ber).is_err());
    // rasn 0.30's DER decoder does not check that a length is in its
    // shortest form: it reads this as DER. A fact about the peer, kept here
    // so that a release that starts checking shows up.
    assert!(peers::rasn::decode(&ber).is_ok());
}
