//! The codec's own properties, in pure Rust: strict and OpenSSL-mode
//! decoding, encoding any model session, PEM. Each function takes raw fuzzer
//! bytes and panics, naming the property and printing the input in hex, when
//! one does not hold.

use arbitrary::{Arbitrary, Unstructured};
use bytes::Bytes;
use session_der::{
    decode, decode_bytes, decode_with, encode, encode_into, encoded_len, pem, CowSession,
    DecodeOptions, EncodeError, ErrorKind, OpenSslVersion, OwnedSession, SessionRef, Target,
};
use sslsession_testkit::hex;

use crate::Known;

/// Strict decoding: never panics; an accepted input re-encodes (`Exact`) to
/// itself; the certificate check only ever narrows what is accepted; and a
/// strict session OpenSSL 3.0 can represent (no `[20]`) is read identically in
/// OpenSSL mode.
pub fn decode_strict(data: &[u8], _known: Known) {
    let checked = decode(data);
    let unchecked =
        decode_with::<SessionRef<'_>>(data, &DecodeOptions::strict().check_certificate(false));
    if let (Ok(_), Err(e)) = (&checked, &unchecked) {
        panic!(
            "strict: accepted with the certificate check, rejected without ({e}); input {}",
            hex(data)
        );
    }
    let Ok(d) = unchecked else { return };
    assert_eq!(
        d.consumed,
        data.len(),
        "strict: consumed; input {}",
        hex(data)
    );
    let view = d.session;
    assert_eq!(
        encoded_len(&view, Target::Exact).ok(),
        Some(data.len()),
        "strict: encoded_len(Exact) differs from the input length; input {}",
        hex(data)
    );
    let der = encode(&view, Target::Exact).unwrap_or_else(|e| {
        panic!(
            "strict: decoded session does not encode ({e}); input {}",
            hex(data)
        )
    });
    assert!(
        der.as_slice() == data,
        "strict: encode(decode(x), Exact) != x\n input  {}\n output {}",
        hex(data),
        hex(&der)
    );
    let auto = encode(&view, Target::Auto).map(|v| v.to_vec()).ok();
    assert_eq!(
        auto.as_deref(),
        Some(data),
        "strict: Auto is not Exact for a decoded session"
    );
    if let Ok(checked) = checked {
        if checked.peer_rpk().is_none() {
            // Strict mode reads what any version writes (its cipher codes are
            // the union of the versions' tables): some version's OpenSSL mode
            // reads it too, the newest first.
            let some_version = OpenSslVersion::ALL.iter().rev().find_map(|&v| {
                decode_with::<CowSession<'_>>(data, &DecodeOptions::openssl_version(v)).ok()
            });
            match some_version.ok_or("no version reads it") {
                Ok(o) => {
                    assert_eq!(
                        o.consumed,
                        data.len(),
                        "strict vs OpenSSL mode: consumed; input {}",
                        hex(data)
                    );
                    assert!(
                        o.session == checked,
                        "strict vs OpenSSL mode: different sessions; input {}",
                        hex(data)
                    );
                }
                Err(e) => panic!(
                    "strict accepts a session OpenSSL mode rejects ({e}, for every version); input {}",
                    hex(data)
                ),
            }
        }
    }
}

/// OpenSSL-mode decoding: never panics; every storage form reads the same
/// session; the session alone (without what follows) reads the same; its
/// `Exact` re-encoding reads back as the same session; its `Target::OpenSsl`
/// re-encoding is readable.
pub fn decode_openssl(data: &[u8], _known: Known) {
    for check in [true, false] {
        let opts = DecodeOptions::openssl().check_certificate(check);
        let Ok(d) = decode_with::<CowSession<'_>>(data, &opts) else {
            continue;
        };
        let ctx = || format!("(check_certificate {check}) input {}", hex(data));
        assert!(
            d.consumed > 0 && d.consumed <= data.len(),
            "consumed out of range {}",
            ctx()
        );
        match decode_with::<SessionRef<'_>>(data, &opts) {
            Ok(r) => assert!(
                r.session == d.session && r.consumed == d.consumed,
                "borrowed view differs {}",
                ctx()
            ),
            Err(e) => assert_eq!(
                e.kind(),
                ErrorKind::NeedsOwnedStorage,
                "borrowed view fails: {e} {}",
                ctx()
            ),
        }
        let shared = Bytes::copy_from_slice(data);
        match decode_bytes(&shared, &opts) {
            Ok(b) => assert!(
                b.session == d.session && b.consumed == d.consumed,
                "Bytes differs {}",
                ctx()
            ),
            Err(e) => panic!("Bytes decode fails: {e} {}", ctx()),
        }
        match decode_with::<OwnedSession>(data, &opts) {
            Ok(o) => assert!(
                o.session == d.session && o.consumed == d.consumed,
                "owned differs {}",
                ctx()
            ),
            Err(e) => panic!("owned decode fails: {e} {}", ctx()),
        }
        let alone = data.get(..d.consumed).unwrap_or(data);
        match decode_with::<CowSession<'_>>(alone, &opts.allow_trailing(false)) {
            Ok(a) => assert!(
                a.session == d.session && a.consumed == alone.len(),
                "prefix differs {}",
                ctx()
            ),
            Err(e) => panic!("the consumed prefix alone is rejected: {e} {}", ctx()),
        }
        let der = encode(&d.session, Target::Exact)
            .unwrap_or_else(|e| panic!("decoded session does not encode: {e} {}", ctx()));
        if rewrote_an_unreadable_certificate(data, &der, &opts) {
            continue;
        }
        match decode_with::<CowSession<'_>>(&der, &opts) {
            Ok(again) => {
                assert!(
                    again.session == d.session,
                    "Exact re-encoding reads back differently {}\n re-encoded {}",
                    ctx(),
                    hex(&der)
                );
                assert_eq!(again.consumed, der.len(), "re-encoding consumed {}", ctx());
            }
            Err(e) => panic!(
                "Exact re-encoding is rejected: {e} {}\n re-encoded {}",
                ctx(),
                hex(&der)
            ),
        }
        let der3 =
            encode(&d.session, Target::OpenSsl(OpenSslVersion::default())).unwrap_or_else(|e| {
                panic!(
                    "decoded session does not encode (default OpenSSL target): {e} {}",
                    ctx()
                )
            });
        if let Err(e) = decode_with::<CowSession<'_>>(&der3, &opts) {
            panic!(
                "OpenSSL re-encoding is rejected: {e} {}\n re-encoded {}",
                ctx(),
                hex(&der3)
            );
        };
    }
}

/// Any session the model can hold: `encode` (every target) agrees with
/// `encoded_len` and `encode_into`; `Exact` reads back as the same session
/// (strict, certificate unchecked: arbitrary certificates are opaque bytes).
pub fn model_roundtrip(data: &[u8], _known: Known) {
    let Ok(model) = OwnedSession::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    for target in [
        Target::Auto,
        Target::Exact,
        Target::OpenSsl(OpenSslVersion::V1_1_1),
        Target::OpenSsl(OpenSslVersion::V3_0),
        Target::OpenSsl(OpenSslVersion::V3_5),
        Target::OpenSsl(OpenSslVersion::V4_0),
    ] {
        let len = encoded_len(&model, target);
        let der = encode(&model, target);
        let (len, der) = match (len, der) {
            (Ok(len), Ok(der)) => (len, der),
            (Err(a), Err(b)) if a == b => continue,
            (a, b) => panic!(
                "{target:?}: encoded_len {a:?} vs encode {:?}; model {model:?}",
                b.map(|v| v.len())
            ),
        };
        assert_eq!(
            len,
            der.len(),
            "{target:?}: encoded_len vs encode; model {model:?}"
        );
        let mut exact = vec![0xA5u8; len];
        assert_eq!(encode_into(&model, target, &mut exact).ok(), Some(len));
        assert!(exact == der.as_slice(), "{target:?}: encode_into vs encode");
        if len > 0 {
            let mut short = vec![0xA5u8; len - 1];
            assert!(
                matches!(encode_into(&model, target, &mut short), Err(EncodeError::BufferTooSmall { needed }) if needed == len),
                "{target:?}: a buffer one byte short must be refused"
            );
            assert!(
                short.iter().all(|&b| b == 0xA5),
                "{target:?}: refused encode_into wrote into the buffer"
            );
        }
    }
    let der = encode(&model, Target::Exact)
        .unwrap_or_else(|e| panic!("model within limits does not encode: {e}; model {model:?}"));
    let opts = DecodeOptions::strict().check_certificate(false);
    match decode_with::<SessionRef<'_>>(&der, &opts) {
        Ok(back) => assert!(
            back.session == model,
            "decode(encode(model)) != model\n model {model:?}\n back  {:?}\n der {}",
            back.session,
            hex(&der)
        ),
        Err(e) => panic!(
            "encode(model, Exact) is rejected by strict decoding: {e}\n model {model:?}\n der {}",
            hex(&der)
        ),
    };
}

/// PEM: any bytes armour and read back unchanged; `from_pem` never panics,
/// and what it returns armours and reads back unchanged.
pub fn pem_armour(data: &[u8], _known: Known) {
    let text = pem::to_pem(data);
    assert!(
        pem::is_pem(text.as_bytes()),
        "to_pem output is not recognised as PEM"
    );
    match pem::from_pem(text.as_bytes()) {
        Ok(back) => assert!(
            back.as_slice() == data,
            "from_pem(to_pem(x)) != x; x {}",
            hex(data)
        ),
        Err(e) => panic!("from_pem(to_pem(x)) fails: {e}; x {}", hex(data)),
    }
    let _ = pem::is_pem(data);
    if let Ok(der) = pem::from_pem(data) {
        let again = pem::to_pem(&der);
        assert!(
            pem::from_pem(again.as_bytes()).ok().as_deref() == Some(&der),
            "from_pem output does not survive to_pem/from_pem; input {}",
            hex(data)
        );
        let _ = decode_with::<CowSession<'_>>(&der, &DecodeOptions::openssl());
    }
}

/// The other libraries' dialects (BoringSSL, AWS-LC, LibreSSL): decoding
/// never panics and agrees across storages; what a dialect accepts its
/// writer writes (LibreSSL's cipher 0 aside, for which its `i2d` writes
/// nothing), `encoded_len` and `encode_into` agree with `encode`, the
/// output reads back in the same dialect and writes back the same bytes (the
/// writer is idempotent, as the library's is); `detect` lists the dialect of
/// a blob it reads whole; `convert` to every other dialect either refuses or
/// gives a session the target reads (checked inside `convert`).
pub fn decode_dialects(data: &[u8], _known: Known) {
    use session_der::{convert, detect, ConvertOptions, Dialect};
    let detected = detect(data);
    for dialect in [Dialect::BoringSsl, Dialect::AwsLc, Dialect::LibreSsl] {
        let opts = DecodeOptions::dialect(dialect);
        let borrowed = decode_with::<SessionRef<'_>>(data, &opts);
        let owned = decode_with::<OwnedSession>(data, &opts);
        let shared = decode_bytes(&Bytes::copy_from_slice(data), &opts);
        let Ok(d) = borrowed else {
            assert!(
                owned.is_err() && shared.is_err(),
                "{dialect}: storages disagree"
            );
            assert!(
                !detected.candidates().contains(&dialect),
                "detect lists {dialect}, whose reader refuses it; input {}",
                hex(data)
            );
            continue;
        };
        let owned = owned.expect("owned storage refused what the view read");
        assert!(d.session == owned.session, "{dialect}: view vs owned");
        assert!(
            d.session == shared.expect("Bytes refused").session,
            "{dialect}: view vs Bytes"
        );
        assert_eq!(d.session.dialect(), dialect);
        // (LibreSSL reads sessions it ignores part of, which detect does
        // not count as LibreSSL's.)
        if d.consumed == data.len() && dialect != Dialect::LibreSsl {
            assert!(
                detected.candidates().contains(&dialect),
                "{dialect} reads it whole but detect says {:?}; input {}",
                detected.candidates(),
                hex(data)
            );
        }
        let first = match encode(&d.session, Target::Auto) {
            Ok(der) => der,
            Err(EncodeError::Unwritable { .. })
                if dialect == Dialect::LibreSsl && d.session.cipher().code() == 0 =>
            {
                continue
            }
            Err(e) => panic!(
                "{dialect}: accepted but not written ({e}); input {}",
                hex(data)
            ),
        };
        assert_eq!(
            encoded_len(&d.session, Target::Auto).ok(),
            Some(first.len())
        );
        let mut buf = vec![0u8; first.len()];
        assert_eq!(
            encode_into(&d.session, Target::Auto, &mut buf).ok(),
            Some(first.len())
        );
        assert!(buf == *first, "{dialect}: encode_into vs encode");
        if rewrote_an_unreadable_certificate(data, &first, &opts) {
            continue;
        }
        let again = decode_with::<SessionRef<'_>>(&first, &opts.allow_trailing(false))
            .unwrap_or_else(|e| {
                panic!(
                    "{dialect}: refuses its own writing ({e}); input {}",
                    hex(data)
                )
            });
        let second = encode(&again.session, Target::Auto).expect("re-encode");
        assert!(
            second == first,
            "{dialect}: writer not idempotent; input {}",
            hex(data)
        );
        for to in Dialect::ALL {
            let _ = convert(&d.session, to, &ConvertOptions::new());
        }
    }
}

/// Whether the re-encoding `der` of a session read from `data` is refused
/// only because its peer certificate is the one the library's `i2d_X509`
/// writes for the input's, and the library's own `d2i_X509` refuses that:
/// the certificate was rewritten (`der`'s differs from `data`'s) and the
/// refusal is at it. OpenSSL and LibreSSL do this themselves (both parse
/// `[3]` and write it back; BoringSSL and AWS-LC keep its bytes, so they
/// never get here): an ANY parameter of universal tag 0
/// in constructed form (`20 00`) comes back as `00 00`, end-of-contents
/// octets, which no reader takes (fuzz findings,
/// `fuzz/regressions/decode_openssl/openssl-writes-an-unreadable-certificate.der`
/// and `fuzz/regressions/decode_dialects/libressl-writes-an-unreadable-certificate.der`;
/// libssl 3.0 writes the same bytes and refuses them: interop's
/// `oracle_edges`; so does LibreSSL 4.3.2: the LibreSSL oracle's
/// `differential_live`). Reproducing the library's bytes is the contract, so
/// this is not a violation.
fn rewrote_an_unreadable_certificate(data: &[u8], der: &[u8], opts: &DecodeOptions) -> bool {
    let Err(e) = decode_with::<CowSession<'_>>(der, opts) else {
        return false;
    };
    let certificate = |blob: &[u8]| {
        decode_with::<CowSession<'_>>(blob, &opts.check_certificate(false))
            .ok()
            .and_then(|d| d.session.peer_certificate().map(<[u8]>::to_vec))
    };
    let written = certificate(der);
    e.field() == session_der::session_model::Field::PeerCertificate
        && written.is_some()
        && written != certificate(data)
}
