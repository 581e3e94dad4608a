//! Allocation counts, measured with a counting global allocator
//! (`allocation-counter`, which counts the current thread only, so parallel
//! tests do not disturb each other).
//!
//! * The zero-allocation claims of `session-der` on every real session of the
//!   corpus: borrowed decode (strict and OpenSSL mode, certificate checked or
//!   not), `Bytes` decode over a shared buffer, `encode_into`, `encoded_len`.
//! * "Decoding never allocates more than the input's size", on the worst
//!   inputs we could construct: deep BER nesting, many tiny fields, huge
//!   declared lengths, segmented strings.

use allocation_counter::{measure, AllocationInfo};
use bytes::Bytes;
use session_der::OpenSslVersion;
use session_der::{
    decode_bytes, decode_with, encode, encode_into, encoded_len, CowSession, DecodeOptions,
    OwnedSession, SessionRef, Target,
};
use sslsession_benches::corpus::{bench_inputs, corpus_dir};
use sslsession_oracles::libssl;
use sslsession_testkit::hex;

/// Every `.der` of the real-session corpus (full when present, else the subset).
fn real_sessions() -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir().0.join("openssl-3.0");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "corpus looks empty: {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let der = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), der)
        })
        .collect()
}

fn assert_no_allocation(what: &str, file: &str, info: AllocationInfo) {
    assert_eq!(info.count_total, 0, "{what} allocated on {file}: {info:?}");
}

#[test]
fn the_counter_counts() {
    // Guards every zero below: the counting allocator is really installed.
    let info = measure(|| {
        std::hint::black_box(vec![0u8; 100]);
    });
    assert_eq!(info.count_total, 1);
    assert_eq!(info.bytes_total, 100);
}

#[test]
fn borrowed_decode_allocates_nothing() {
    let options = [
        ("strict", DecodeOptions::strict()),
        (
            "strict, no cert check",
            DecodeOptions::strict().check_certificate(false),
        ),
        (
            "OpenSSL mode",
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        ),
        (
            "OpenSSL mode, no cert check",
            DecodeOptions::openssl_version(OpenSslVersion::V3_0).check_certificate(false),
        ),
    ];
    for (file, der) in real_sessions() {
        for (what, opts) in &options {
            let info = measure(|| {
                let d = decode_with::<SessionRef<'_>>(&der, opts);
                assert!(d.is_ok(), "{what}: {file} does not decode");
            });
            assert_no_allocation(&format!("decode_with::<SessionRef> ({what})"), &file, info);
            // decode_with (Cow) on DER input borrows every field too.
            let info = measure(|| {
                let d = decode_with::<CowSession<'_>>(&der, opts);
                assert!(d.is_ok(), "{what}: {file} does not decode");
            });
            assert_no_allocation(&format!("decode_with ({what})"), &file, info);
        }
    }
}

#[test]
fn bytes_decode_of_a_shared_buffer_allocates_nothing() {
    for (file, der) in real_sessions() {
        // `from_owner` makes the shared header at once; slicing then only
        // bumps its count.
        let shared = Bytes::from_owner(der.clone());
        for opts in [
            DecodeOptions::strict(),
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        ] {
            let info = measure(|| {
                let d = decode_bytes(&shared, &opts);
                assert!(d.is_ok(), "{file} does not decode");
            });
            assert_no_allocation("decode_bytes", &file, info);
        }
    }
}

#[test]
fn encoding_into_a_buffer_and_the_length_query_allocate_nothing() {
    for (file, der) in real_sessions() {
        let Ok(view) = decode_with::<SessionRef<'_>>(&der, &DecodeOptions::strict()) else {
            panic!("{file} does not decode");
        };
        let view = view.session;
        let mut buf = vec![0u8; der.len() + 64];
        for target in [
            Target::Auto,
            Target::Exact,
            Target::OpenSsl(OpenSslVersion::V3_0),
            Target::OpenSsl(OpenSslVersion::V1_1_1),
        ] {
            let info = measure(|| {
                // OpenSsl111 refuses keys over 256 bytes: an error path, still no allocation.
                let _ = std::hint::black_box(encoded_len(&view, target));
            });
            assert_no_allocation("encoded_len", &file, info);
            let info = measure(|| {
                // OpenSsl111 refuses keys over 256 bytes: an error path, still no allocation.
                let _ = encode_into(&view, target, &mut buf);
            });
            assert_no_allocation("encode_into", &file, info);
        }
        // `encode` allocates its output, once and of the exact size.
        let info = measure(|| {
            let v = encode(&view, Target::Auto);
            assert_eq!(v.map(|v| v.len()).ok(), Some(der.len()));
        });
        assert_eq!(
            (info.count_total, info.bytes_total),
            (1, der.len() as u64),
            "{file}"
        );
    }
}

#[test]
fn the_benchmark_inputs_are_in_the_corpus_used_here() {
    let inputs = bench_inputs().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(inputs.len(), 7);
}

// ---------------------------------------------------------------------------
// Worst cases for "never allocates more than the input's size".

/// A definite-length TLV (DER length octets).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    let be = n.to_be_bytes();
    let skip = be.iter().take_while(|&&b| b == 0).count();
    match u8::try_from(n) {
        Ok(short) if short < 0x80 => out.push(short),
        _ => {
            let octets = &be[skip..];
            // A usize has at most 8 octets, so this is 0x81..=0x88.
            out.push(0x80 | u8::try_from(octets.len()).unwrap_or(8));
            out.extend_from_slice(octets);
        }
    }
    out.extend_from_slice(content);
    out
}

/// An indefinite-length constructed element: `tag 80 parts… 00 00`.
fn indefinite(tag: u8, parts: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![tag, 0x80];
    for p in parts {
        out.extend_from_slice(p);
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// A BER segmented OCTET STRING: one primitive segment per slice.
fn segmented(segments: &[&[u8]]) -> Vec<u8> {
    let parts: Vec<Vec<u8>> = segments.iter().map(|s| tlv(0x04, s)).collect();
    indefinite(0x24, &parts)
}

/// A segmented OCTET STRING nested `depth` constructed levels deep
/// (OpenSSL allows 5), holding `content` in its innermost segment.
fn nested_segments(depth: usize, content: &[u8]) -> Vec<u8> {
    let mut e = tlv(0x04, content);
    for _ in 0..depth {
        e = indefinite(0x24, &[e]);
    }
    e
}

/// A TLS 1.2 session in BER (indefinite outer length) with `master_key` and
/// `extra` elements (already encoded) after the five mandatory ones.
fn session(master_key: Vec<u8>, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut parts = vec![
        tlv(0x02, &[1]),
        tlv(0x02, &[3, 3]),
        tlv(0x04, &[0xC0, 0x2F]),
        tlv(0x04, &[0xAB; 32]),
        master_key,
    ];
    parts.extend_from_slice(extra);
    indefinite(0x30, &parts)
}

/// `[n] EXPLICIT` around an element, indefinite length.
fn explicit(n: u8, inner: Vec<u8>) -> Vec<u8> {
    indefinite(0xA0 | n, &[inner])
}

/// Peak and total heap use of the three decoders that own their result's
/// storage in part or whole; the input must decode in OpenSSL mode.
fn heap_use(input: &[u8]) -> [(&'static str, AllocationInfo); 3] {
    let opts = DecodeOptions::openssl_version(OpenSslVersion::V3_0);
    let shared = Bytes::from_owner(input.to_vec());
    let cow = measure(|| {
        assert!(
            decode_with::<CowSession<'_>>(input, &opts).is_ok(),
            "{}",
            hex(input)
        )
    });
    let bytes = measure(|| assert!(decode_bytes(&shared, &opts).is_ok()));
    let owned = measure(|| assert!(decode_with::<OwnedSession>(input, &opts).is_ok()));
    [
        ("decode_with", cow),
        ("decode_bytes", bytes),
        ("decode_with::<OwnedSession>", owned),
    ]
}

fn assert_within_input(name: &str, input: &[u8]) {
    let mut over = Vec::new();
    for (decoder, info) in heap_use(input) {
        println!(
            "| {name} | {decoder} | {} | {} | {} | {} |",
            input.len(),
            info.bytes_max,
            info.bytes_total,
            info.count_total
        );
        if info.bytes_max > input.len() as u64 {
            over.push(decoder);
        }
    }
    assert!(
        over.is_empty(),
        "{name}: {over:?} held more than the {} B input at their peak",
        input.len()
    );
}

/// The worst inputs we could construct, by name. Each decodes in OpenSSL mode
/// (so the segmented fields are really assembled).
fn worst_cases() -> Vec<(&'static str, Vec<u8>)> {
    let tiny: Vec<&[u8]> = vec![&[0x42]; 500];
    let big_then_tiny: [&[u8]; 2] = [&[0x11; 480], &[0x22]];
    let ticket_big: Vec<u8> = vec![0x33; 3000];
    let ticket_segments: Vec<&[u8]> = vec![&ticket_big[..2000], &ticket_big[2000..2001]];
    vec![
        (
            "master key in 500 one-byte segments",
            session(segmented(&tiny), &[]),
        ),
        (
            "master key as one big and one tiny segment",
            session(segmented(&big_then_tiny), &[]),
        ),
        (
            "master key nested 5 segments deep",
            session(nested_segments(5, &[0x44; 500]), &[]),
        ),
        (
            "every string field segmented, big then tiny",
            session(
                segmented(&[&[0x55; 200], &[1]]),
                &[
                    explicit(4, segmented(&[&[0x66; 31], &[1]])),
                    explicit(6, segmented(&[&[0x77; 200], &[1]])),
                    explicit(7, segmented(&[&[0x78; 200], &[1]])),
                    explicit(8, segmented(&[&[0x79; 200], &[1]])),
                    explicit(10, segmented(&ticket_segments)),
                    explicit(12, segmented(&[&[0x7A; 200], &[1]])),
                    explicit(16, segmented(&[&[0x7B; 200], &[1]])),
                    explicit(18, segmented(&[&[0x7C; 200], &[1]])),
                ],
            ),
        ),
        (
            "many tiny fields, each a segmented string",
            session(
                segmented(&[&[1], &[2]]),
                &[
                    explicit(6, segmented(&[&[1], &[2], &[3]])),
                    explicit(7, segmented(&[&[1], &[2], &[3]])),
                    explicit(8, segmented(&[&[1], &[2], &[3]])),
                    explicit(10, segmented(&[&[1], &[2], &[3]])),
                    explicit(12, segmented(&[&[1], &[2], &[3]])),
                    explicit(16, segmented(&[&[1], &[2], &[3]])),
                    explicit(18, segmented(&[&[1], &[2], &[3]])),
                ],
            ),
        ),
    ]
}

#[test]
fn worst_case_inputs_are_accepted_by_openssl_too() {
    // The cases are only worth something if they are inputs OpenSSL reads.
    for (name, input) in worst_cases() {
        let t = libssl::d2i(&input);
        assert_eq!(
            t.map(|t| t.consumed),
            Some(input.len()),
            "{name}: OpenSSL does not read it whole: {}",
            hex(&input)
        );
    }
}

/// Worst cases that `session-der` does not keep within the input size yet
/// (reported; see the README's "Memory" section for the causes and the fix).
/// Once fixed, the test below fails until the case is removed from here.
const OPEN_OVER_INPUT_SIZE: [&str; 0] = [];

#[test]
fn decoding_never_holds_more_than_the_input_size() {
    let mut over = Vec::new();
    for (name, input) in worst_cases() {
        if std::panic::catch_unwind(|| assert_within_input(name, &input)).is_err() {
            over.push(name);
        }
    }
    let fixed: Vec<_> = OPEN_OVER_INPUT_SIZE
        .iter()
        .filter(|n| !over.contains(n))
        .collect();
    assert!(
        fixed.is_empty(),
        "fixed in session-der, remove from OPEN_OVER_INPUT_SIZE: {fixed:?}"
    );
    let new: Vec<_> = over
        .iter()
        .filter(|n| !OPEN_OVER_INPUT_SIZE.contains(n))
        .collect();
    assert!(new.is_empty(), "over the input size: {new:?}");
}

#[test]
fn huge_declared_lengths_allocate_nothing() {
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "outer SEQUENCE of 2^62 bytes",
            vec![0x30, 0x88, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x02],
        ),
        (
            "outer SEQUENCE of 2^32 - 1 bytes",
            vec![0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x01],
        ),
        (
            "9 length octets",
            vec![0x30, 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ),
    ];
    // A segment claiming far more than is left, inside a segmented master key.
    let mut claim = session(
        indefinite(0x24, &[vec![0x04, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 1]]),
        &[],
    );
    cases.push(("segment of 2^31 bytes", std::mem::take(&mut claim)));
    for (name, input) in &cases {
        for opts in [
            DecodeOptions::strict(),
            DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        ] {
            let info = measure(|| {
                assert!(
                    decode_with::<CowSession<'_>>(input, &opts).is_err(),
                    "{name} decodes"
                );
            });
            assert_eq!(info.count_total, 0, "{name}: {info:?}");
        }
    }
}

#[test]
fn deep_nesting_is_bounded_and_allocates_nothing_when_rejected() {
    // Constructed strings nested deeper than OpenSSL allows (asn1_collect:
    // the outer one at depth 0, `depth > ASN1_MAX_STRING_NEST` (5) refused,
    // so 6 constructed levels read and 7 do not), and indefinite certificate
    // contents nested far past ASN1_MAX_CONSTRUCTED_NEST (30).
    let six = session(nested_segments(6, &[0x44; 48]), &[]);
    assert_eq!(libssl::d2i(&six).map(|t| t.consumed), Some(six.len()));
    assert!(decode_with::<CowSession<'_>>(
        &six,
        &DecodeOptions::openssl_version(OpenSslVersion::V3_0)
    )
    .is_ok());
    let too_deep = session(nested_segments(7, &[0x44; 48]), &[]);
    let mut cert = vec![0x05, 0x00];
    for _ in 0..10_000 {
        cert = indefinite(0x30, &[cert]);
    }
    let deep_cert = session(tlv(0x04, &[0x44; 48]), &[explicit(3, cert)]);
    for (name, input) in [
        ("strings 6 deep", too_deep),
        ("certificate 10000 deep", deep_cert),
    ] {
        for (opts, rejected) in [
            (DecodeOptions::strict(), true),
            (DecodeOptions::openssl_version(OpenSslVersion::V3_0), true),
            // An unchecked certificate is any SEQUENCE: the 10000 levels are
            // skipped iteratively (asn1_find_end), not recursed into.
            (
                DecodeOptions::openssl_version(OpenSslVersion::V3_0).check_certificate(false),
                name.starts_with("strings"),
            ),
        ] {
            let info = measure(|| {
                let r = decode_with::<CowSession<'_>>(&input, &opts);
                assert_eq!(r.is_err(), rejected, "{name} with {opts:?}");
            });
            assert!(
                info.bytes_max <= input.len() as u64,
                "{name} ({opts:?}): {info:?}"
            );
        }
        assert!(libssl::d2i(&input).is_none(), "OpenSSL reads {name}");
    }
}
