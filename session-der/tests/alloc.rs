//! Allocation counts, with a counting global allocator: decoding into a
//! borrowed view allocates nothing, decoding into a shared `Bytes` nothing
//! beyond the buffer it is given, and encoding into a caller's buffer or
//! asking for the length allocates nothing.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use session_der::OpenSslVersion;
use session_der::{
    decode_bytes, decode_with, encode_into, encoded_len, DecodeOptions, SessionRef, Target,
};

/// Runs `f` and counts this thread's heap allocations meanwhile
/// (`allocation-counter` installs the counting global allocator, so this
/// crate needs no `unsafe`).
fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    (out.expect("closure ran"), info.count_total)
}

/// Every corpus session (with and without peer certificates, tickets, every field).
fn corpus() -> Vec<(String, Vec<u8>)> {
    let (dir, _) = common::corpus_dir();
    common::read_jsonl(&dir.join("openssl-3.0/manifest.jsonl"))
        .iter()
        .filter_map(|m| {
            let f = m["file"].as_str()?.to_string();
            std::fs::read(dir.join("openssl-3.0").join(&f))
                .ok()
                .map(|d| (f, d))
        })
        .collect()
}

#[test]
fn borrowed_decode_allocates_nothing() {
    let files = corpus();
    assert!(!files.is_empty());
    for (name, der) in &files {
        for opts in [
            DecodeOptions::strict(),
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        ] {
            let (result, n) = allocations_during(|| {
                decode_with::<SessionRef<'_>>(der, &opts).map(|d| d.consumed)
            });
            assert_eq!(result.unwrap(), der.len(), "{name}");
            assert_eq!(n, 0, "{name} ({:?}): {n} allocations", opts.mode());
        }
    }
}

#[test]
fn bytes_decode_allocates_nothing_beyond_the_shared_buffer() {
    for (name, der) in corpus() {
        // A Bytes made with from_owner is shared from the start; a Bytes made
        // from a Vec would allocate its shared header on the first slice.
        let shared = Bytes::from_owner(der.clone());
        let (result, n) = allocations_during(|| decode_bytes(&shared, &DecodeOptions::strict()));
        let session = result.unwrap().session;
        assert_eq!(n, 0, "{name}: {n} allocations");
        // The fields point into the buffer: no copy was made.
        let range = shared.as_ptr_range();
        assert!(
            range.contains(&session.master_key().expose().as_ptr())
                || session.master_key().is_empty()
        );
    }
}

#[test]
fn length_query_and_encoding_into_a_buffer_allocate_nothing() {
    let mut buf = vec![0u8; 1 << 20];
    for (name, der) in corpus() {
        let session = session_der::decode(&der).unwrap();
        for target in [
            Target::Auto,
            Target::OpenSsl(OpenSslVersion::V3_0),
            Target::OpenSsl(OpenSslVersion::V1_1_1),
        ] {
            let (len, n) = allocations_during(|| encoded_len(&session, target));
            assert_eq!(n, 0, "{name}: encoded_len allocated");
            let (written, n) = allocations_during(|| encode_into(&session, target, &mut buf));
            assert_eq!(n, 0, "{name}: encode_into allocated");
            assert_eq!(
                written, len,
                "{name}: encode_into writes what encoded_len announced"
            );
        }
    }
}

#[test]
fn hostile_inputs_never_make_the_decoder_allocate_more_than_their_size() {
    let (dir, _) = common::corpus_dir();
    let verdicts = common::read_jsonl(&dir.join("malformed/verdicts.jsonl"));
    let mut checked = 0;
    for v in &verdicts {
        let file = v["file"].as_str().unwrap();
        let Ok(input) = std::fs::read(dir.join("malformed").join(file)) else {
            continue;
        };
        for opts in [
            DecodeOptions::strict(),
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        ] {
            let info = allocation_counter::measure(|| {
                let _ = session_der::decode_with::<session_der::CowSession<'_>>(&input, &opts);
            });
            assert!(
                info.bytes_max <= input.len() as u64,
                "{file} ({:?}): {} bytes held at once for a {}-byte input",
                opts.mode(),
                info.bytes_max,
                input.len()
            );
        }
        checked += 1;
    }
    assert!(checked > 0);
}

/// A BER string in segments (a constructed OCTET STRING, which OpenSSL mode
/// reads as `asn1_collect` does) is collected into one buffer, allocated
/// once and exactly: the decoder sizes it before filling it. Here the
/// session id, 32 bytes in two segments of 16 (definite and indefinite
/// length), is the only owned part of the session.
#[test]
fn a_string_in_segments_is_collected_into_one_exact_allocation() {
    let segment = |b: u8| [&[0x04, 0x10][..], &[b; 16]].concat();
    let two = [segment(0x11), segment(0x12)].concat();
    let forms = [
        [&[0x24, u8::try_from(two.len()).unwrap()][..], &two].concat(),
        [&[0x24, 0x80][..], &two, &[0, 0]].concat(),
    ];
    for id in forms {
        let mut body = vec![
            0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xC0, 0x2F,
        ];
        body.extend(&id);
        body.extend([&[0x04, 0x30][..], &[0x22; 48]].concat());
        let input = [&[0x30, u8::try_from(body.len()).unwrap()][..], &body].concat();
        let opts = DecodeOptions::openssl_version(OpenSslVersion::V3_0);
        let mut id_read = Vec::new();
        let info = allocation_counter::measure(|| {
            let d = decode_with::<session_der::CowSession<'_>>(&input, &opts).unwrap();
            id_read = d.session.session_id().to_vec();
        });
        // The collected id, and the copy taken here to look at it.
        assert_eq!(id_read, [[0x11; 16], [0x12; 16]].concat());
        assert_eq!(info.count_total, 2, "{:02x?}", &id[..2]);
        assert_eq!(info.bytes_total, 2 * 32, "{:02x?}", &id[..2]);
    }
}
