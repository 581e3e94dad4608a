//! Our codec against the linked libssl (the system's OpenSSL 3.0, or the
//! oracle build `fuzz/versions.sh` links): `d2i_SSL_SESSION`
//! and `i2d_SSL_SESSION` on the same bytes, through [`crate::libssl`].

use arbitrary::{Arbitrary, Unstructured};
use session_der::session_model::OwnedSession;
use session_der::{decode_with, encode, CowSession, DecodeOptions, OpenSslVersion, Target};
use sslsession_testkit::hex;

use crate::{libssl, Known};

/// OpenSSL mode against libssl's `d2i_SSL_SESSION` on the same bytes: the same
/// verdict, the same length consumed, and — where both accept — OpenSSL's
/// `i2d` of its session equals our `Target::OpenSsl` encoding for its version of ours, byte for byte
/// (after the one documented difference: OpenSSL's clock and 3 s for a
/// missing or zero time/timeout, which we apply on use, not on decode).
pub fn differential_libssl(data: &[u8], _known: Known) {
    let ours =
        decode_with::<CowSession<'_>>(data, &DecodeOptions::openssl_version(libssl::version()));
    let theirs = libssl::d2i(data);
    let (d, t) = match (ours, theirs) {
        (Err(_), None) => return,
        (Ok(d), Some(t)) => (d, t),
        (Ok(d), None) => panic!(
            "disagreement: OpenSSL mode accepts (consumed {}), OpenSSL {} rejects; input {}",
            d.consumed,
            libssl::version(),
            hex(data)
        ),
        (Err(e), Some(t)) => panic!(
            "disagreement: OpenSSL {} accepts (consumed {}), OpenSSL mode rejects: {e}; input {}",
            libssl::version(),
            t.consumed,
            hex(data)
        ),
    };
    assert_eq!(
        d.consumed,
        t.consumed,
        "disagreement on bytes consumed (ours vs OpenSSL); input {}",
        hex(data)
    );
    let mut session = d.session.to_owned_session();
    // OpenSSL replaces a missing or zero time/timeout when it reads (FORMAT.md §5).
    if session.time().unwrap_or(0) == 0 {
        session.set_time(Some(t.time));
    }
    if session.timeout().unwrap_or(0) == 0 {
        session.set_timeout(Some(t.timeout));
    }
    // No allowance for the certificate: OpenSSL mode holds a BER certificate
    // as OpenSSL's X509 re-encodes it (session-der's README), so OpenSSL's
    // i2d and our encoding for its version agree byte for byte.
    let ours = encode(&session, Target::OpenSsl(libssl::version())).map(|v| v.to_vec());
    match ours {
        Ok(ours) => assert!(
            ours == t.reencoded,
            "disagreement on the re-encoding (i2d vs ours for its version); input {}\n OpenSSL {}\n ours    {}",
            hex(data),
            hex(&t.reencoded),
            hex(&ours)
        ),
        Err(e) => panic!("OpenSSL re-encodes, we cannot ({e}); input {}", hex(data)),
    }
}

/// Our encoder against libssl, whatever version it is: what
/// `Target::OpenSsl(v)` writes for any model session OpenSSL can hold (no
/// opaque certificate, no `[20]`), for `v` libssl's version or an older one
/// (a version reads what older ones write, not what newer ones write: 1.1.1
/// refuses 3.0's `[19]`), is read whole by `d2i_SSL_SESSION` when libssl's
/// cipher table has the session's suite — and refused (silently, as
/// `ssl3_get_cipher_by_id` finds nothing) when it does not; libssl writes the
/// encoding for its own version back byte for byte (time and timeout set,
/// since OpenSSL replaces missing ones).
pub fn encode_libssl(data: &[u8], _known: Known) {
    let Ok(mut model) = OwnedSession::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    model.set_peer_certificate(None);
    model.set_peer_rpk(None);
    let linked = libssl::version();
    // A time or timeout libssl holds as 0 is not written (our encoder leaves
    // it out as OpenSSL's i2d does), and libssl reads its absence as its
    // clock / 3 s: 3.2+ hold `(uint64_t)t * 10^9`, which wraps to 0 for
    // some values (2^56, i64::MIN, …).
    if linked.seconds_as_held(model.time().unwrap_or(0)) == 0 {
        model.set_time(Some(1_700_000_000));
    }
    if model.timeout().unwrap_or(0) <= 0
        || linked.seconds_as_held(model.timeout().unwrap_or(0)) == 0
    {
        model.set_timeout(Some(7200));
    }
    let known = model.cipher().is_known_to(linked);
    for version in OpenSslVersion::ALL.into_iter().filter(|&v| v <= linked) {
        let target = Target::OpenSsl(version);
        let Ok(der) = encode(&model, target) else {
            // 1.1.1 refuses keys over 256 bytes.
            continue;
        };
        match libssl::d2i(&der) {
            None if !known => {}
            None => panic!(
                "OpenSSL {linked} rejects our {target:?} encoding {}\n model {model:?}",
                hex(&der)
            ),
            Some(_) if !known => panic!(
                "OpenSSL {linked} accepts our {target:?} encoding of a cipher suite our table for it lacks {}\n model {model:?}",
                hex(&der)
            ),
            Some(t) => {
                assert_eq!(
                    t.consumed,
                    der.len(),
                    "{target:?}: OpenSSL {linked} consumed; der {}",
                    hex(&der)
                );
                if version == linked {
                    assert!(
                        t.reencoded == der.as_slice(),
                        "OpenSSL {linked} writes our encoding for its version back differently\n ours    {}\n OpenSSL {}\n model {model:?}",
                        hex(&der),
                        hex(&t.reencoded)
                    );
                }
            }
        }
    }
}
