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

#[test]
fn a_stray_context_element_is_refused_by_asn1_and_der() {
    // tls12-server with a second `[1]` time (`a1 03 02 01 05`) after its
    // `[2]` timeout: not the schema. rust-asn1 and der 0.8 both refuse it
    // (der's optional fields do not skip an element of a lower tag number;
    // it is left over as trailing data).
    let inputs = bench_inputs().unwrap();
    let der = &inputs[0].der;
    assert!(der[0] == 0x30 && der[1] < 0x80);
    // Walk the top-level elements (all short-form lengths here) to the end
    // of `[2]`.
    let mut pos = 2;
    while der[pos] != 0xa2 {
        pos += 2 + usize::from(der[pos + 1]);
    }
    pos += 2 + usize::from(der[pos + 1]);
    let stray = [0xa1, 0x03, 0x02, 0x01, 0x05];
    let mut odd = vec![0x30, der[1] + 5];
    odd.extend_from_slice(&der[2..pos]);
    odd.extend_from_slice(&stray);
    odd.extend_from_slice(&der[pos..]);

    assert!(peers::rust_asn1::decode(&odd).is_err());
    assert!(peers::der::decode(&odd).is_err());
}
