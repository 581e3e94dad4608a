//! `Asn1Session` (feature `asn1`): real OpenSSL sessions embedded in a
//! structure written with rust-asn1's derive come back out as the bytes
//! OpenSSL wrote, and what the strict decoder refuses, rust-asn1 refuses.
//!
//! `cargo test -p session-der --features asn1 --test asn1_embed`

// rust-asn1's ParseError is 136 bytes by design (its field path); its derive
// returns it from closures, which clippy would have boxed.
#![allow(clippy::result_large_err)]

use session_der::{decode, Asn1Session, SessionRef};
use sslsession_testkit::corpus_sessions;

/// A record of a caller's own: a name, then the session, then a number.
#[derive(Debug, asn1::Asn1Read, asn1::Asn1Write)]
struct Entry<'a> {
    name: asn1::Utf8String<'a>,
    session: Asn1Session<SessionRef<'a>>,
    hits: u64,
}

/// The DER of `Entry` built by hand (X.690): SEQUENCE { UTF8String, the
/// session's own bytes, INTEGER }, so the expectation does not come from
/// our encoder.
fn entry_der(name: &str, session: &[u8], hits: u8) -> Vec<u8> {
    let mut content = vec![0x0C, u8::try_from(name.len()).expect("a short name")];
    content.extend_from_slice(name.as_bytes());
    content.extend_from_slice(session);
    content.extend_from_slice(&[0x02, 0x01, hits]);
    sequence(&content)
}

/// A SEQUENCE of `content` (definite length, at most two length octets).
fn sequence(content: &[u8]) -> Vec<u8> {
    let mut der = vec![0x30];
    let len = content.len();
    let [.., hi, lo] = len.to_be_bytes();
    match len {
        0..=0x7F => der.push(lo),
        0x80..=0xFF => der.extend_from_slice(&[0x81, lo]),
        _ => der.extend_from_slice(&[0x82, hi, lo]),
    }
    der.extend_from_slice(content);
    der
}

#[test]
fn corpus_sessions_embed_and_come_back_byte_for_byte() {
    let sessions = corpus_sessions();
    assert!(!sessions.is_empty());
    for (name, der) in &sessions {
        let session = decode(der).unwrap_or_else(|e| panic!("{name}: {e}"));
        let entry = Entry {
            name: asn1::Utf8String::new("cache"),
            session: Asn1Session(session),
            hits: 7,
        };
        let written = asn1::write_single(&entry).unwrap();
        assert_eq!(written, entry_der("cache", der, 7), "{name}");
        let back = asn1::parse_single::<Entry<'_>>(&written).unwrap();
        assert_eq!(back.session.0, decode(der).unwrap(), "{name}");
        assert_eq!(back.hits, 7);
    }
}

#[test]
fn what_the_strict_decoder_refuses_rust_asn1_refuses() {
    let (_, der) = corpus_sessions().into_iter().next().unwrap();
    // Structure version 2 (byte 4 is the INTEGER's content): d2i_SSL_SESSION's
    // SSL_R_UNKNOWN_SSL_VERSION, a value the strict decoder refuses too.
    let mut bad = der.clone();
    let header = if bad[1] & 0x80 == 0 {
        2
    } else {
        2 + usize::from(bad[1] & 0x7F)
    };
    assert_eq!(&bad[header..header + 3], &[0x02, 0x01, 0x01]);
    bad[header + 2] = 2;
    assert!(decode(&bad).is_err());
    let err = asn1::parse_single::<Entry<'_>>(&entry_der("cache", &bad, 7)).unwrap_err();
    assert_eq!(err.kind(), asn1::ParseErrorKind::InvalidValue);
    // A SET where the session belongs is the wrong tag, not an invalid value.
    let mut set = der;
    set[0] = 0x31;
    let err = asn1::parse_single::<Entry<'_>>(&entry_der("cache", &set, 7)).unwrap_err();
    assert!(
        matches!(err.kind(), asn1::ParseErrorKind::UnexpectedTag { .. }),
        "{err:?}"
    );
}

/// `Entry` holding the session by reference (a caller writing a session it
/// keeps).
#[derive(asn1::Asn1Write)]
struct EntryByRef<'s, 'a> {
    name: asn1::Utf8String<'s>,
    session: Asn1Session<&'s SessionRef<'a>>,
    hits: u64,
}

#[test]
fn corpus_sessions_embed_by_reference_byte_for_byte() {
    for (name, der) in &corpus_sessions() {
        let session = decode(der).unwrap_or_else(|e| panic!("{name}: {e}"));
        let entry = EntryByRef {
            name: asn1::Utf8String::new("cache"),
            session: Asn1Session(&session),
            hits: 7,
        };
        let written = asn1::write_single(&entry).unwrap();
        assert_eq!(written, entry_der("cache", der, 7), "{name}");
    }
}

#[test]
fn a_built_session_writes_as_the_encoder_writes_it() {
    use session_der::session_model::{CipherSuite, OwnedSession, ProtocolVersion, Session};
    let mut s: OwnedSession = Session::new(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));
    s.set_master_key(vec![0x5A; 48]).unwrap();
    let by_value = asn1::write_single(&Asn1Session(s.clone())).unwrap();
    let by_ref = asn1::write_single(&Asn1Session(&s)).unwrap();
    let encoded = session_der::encode(&s, session_der::Target::Auto).unwrap();
    assert_eq!(by_value, encoded.as_slice());
    assert_eq!(by_ref, encoded.as_slice());
}

/// A record whose session is optional: rust-asn1 asks `can_parse` whether
/// the next element is the session (a SEQUENCE) or the field after it.
#[derive(Debug, asn1::Asn1Read)]
struct MaybeEntry<'a> {
    session: Option<Asn1Session<SessionRef<'a>>>,
    hits: u64,
}

#[test]
fn an_optional_session_is_read_when_a_sequence_is_there_and_skipped_when_not() {
    let (name, der) = corpus_sessions().into_iter().next().unwrap();
    // SEQUENCE { session, INTEGER 7 } and SEQUENCE { INTEGER 7 }, by hand.
    let present = sequence(&[der.as_slice(), &[0x02, 0x01, 0x07]].concat());
    let entry = asn1::parse_single::<MaybeEntry<'_>>(&present).unwrap();
    assert_eq!(
        entry.session.map(|s| s.0),
        Some(decode(&der).unwrap()),
        "{name}"
    );
    assert_eq!(entry.hits, 7);
    let absent = [0x30, 0x03, 0x02, 0x01, 0x07];
    let entry = asn1::parse_single::<MaybeEntry<'_>>(&absent).unwrap();
    assert!(entry.session.is_none());
    assert_eq!(entry.hits, 7);
}
