//! What `readable_by`'s answer says, in words: which version reads what
//! which version wrote, the verdict, each difference and a write-back the
//! writer cannot read. The verdicts themselves are held to the real
//! libssl of each version by interop's `cross_version.rs`; here, that the
//! text tells them.

// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use session_der::{encode, readable_by, DecodeOptions, OpenSslVersion as V, Target, Verdict};

fn testdata(path: &str) -> Vec<u8> {
    std::fs::read(
        sslsession_testkit::workspace_root()
            .join("testdata")
            .join(path),
    )
    .unwrap()
}

const NOW: i64 = 1_800_000_000;

/// A 3.5 session carries `[19]`, which 1.1.1's template lacks: refused, and
/// the text says by which version, and why.
#[test]
fn a_refusal_names_the_reader_and_its_error() {
    let r = readable_by(
        &testdata("openssl-3.5/tls12-ticket-client.der"),
        V::V3_5,
        V::V1_1_1,
        NOW,
    );
    let Verdict::Refused(e) = &r.verdict else {
        panic!("{r}");
    };
    let text = r.to_string();
    assert!(
        text.starts_with("OpenSSL 1.1.1 refuses it") && text.contains(&e.to_string()),
        "{text}"
    );
}

/// A 1.1.1 session is read alike by 3.0, whose `i2d` then adds `[19]`, which
/// 1.1.1 cannot read back: the text says both.
#[test]
fn a_write_back_the_writer_cannot_read_is_told() {
    let r = readable_by(
        &testdata("openssl-1.1.1/tls12-ticket-client.der"),
        V::V1_1_1,
        V::V3_0,
        NOW,
    );
    assert!(matches!(r.verdict, Verdict::ReadSame), "{r}");
    let e = r
        .write_back_refused_by_writer
        .as_ref()
        .expect("1.1.1 refuses [19]");
    let text = r.to_string();
    assert!(
        text.starts_with("OpenSSL 3.0 reads it as OpenSSL 1.1.1 does"),
        "{text}"
    );
    assert!(
        text.contains("OpenSSL 1.1.1 cannot read what OpenSSL 3.0's i2d writes back")
            && text.contains(&e.to_string()),
        "{text}"
    );
}

/// A negative timeout, as 3.0 stores it, is read by 3.5, which holds times
/// as unsigned `OSSL_TIME` ticks: read differently, and every difference is
/// in the text with its field, what differs and both values.
#[test]
fn each_difference_is_told_with_both_values() {
    let corpus = testdata("corpus/openssl-3.0/p00001-tls12-ecdhe-rsa-aes128gcm-server.der");
    let mut s = session_der::decode_with::<session_der::OwnedSession>(
        &corpus,
        &DecodeOptions::openssl_version(V::V3_0),
    )
    .unwrap()
    .session;
    s.set_timeout(Some(-5));
    let der = encode(&s, Target::OpenSsl(V::V3_0)).unwrap();
    let r = readable_by(&der, V::V3_0, V::V3_5, NOW);
    assert!(matches!(r.verdict, Verdict::ReadDifferently), "{r}");
    assert!(!r.differences.is_empty());
    let text = r.to_string();
    assert!(
        text.starts_with("OpenSSL 3.5 reads it differently from OpenSSL 3.0:"),
        "{text}"
    );
    for d in &r.differences {
        let line = d.to_string();
        assert!(text.contains(&format!("\n  {line}")), "{text}");
        for part in [
            d.field.to_string(),
            d.what.to_owned(),
            d.writer.clone(),
            d.reader.clone(),
        ] {
            assert!(line.contains(&part), "{line} lacks {part}");
        }
    }
}
