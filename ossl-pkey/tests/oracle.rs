//! `load` against the real `d2i_PUBKEY_ex` of each OpenSSL release.
//!
//! For 3.5.5, 3.6.3 and 4.0.3 (built by oracles/openssl/build.sh into
//! `~/.cache/sslsession-oracles/openssl-VERSION`) and the system's 3.0
//! (libssl-dev's static libcrypto), testkit's `d2i` oracle is compiled
//! against that release's static libraries and asked, for every input,
//! whether `d2i_PUBKEY_ex` loads a key. The inputs are the keys that release's own
//! `openssl` generated (tests/data/keys-VERSION.txt, by
//! tests/data/make_keys.sh: every key type, many curves, every point form,
//! explicit parameters), keys with explicit parameters over curves that are
//! not built in (tests/data/make_custom_curves.py), and their mutations: truncations, bit flips, wrong
//! lengths, BER spellings, parameters added or removed, algorithm OIDs
//! swapped, unused bits, trailing bytes, out-of-range ML-KEM coefficients.
//! Every answer of ours must be the oracle's; the only exception allowed is
//! [`RefusalKind::Unsupported`] (explicit EC parameters over a curve that
//! is not built in, under 3.x), which is counted and reported.
//!
//! A release that is not built is skipped (the test prints `SKIPPED`),
//! unless `SSLSESSION_REQUIRE_ORACLES=1`.

use std::path::Path;

use base64::Engine;
use ossl_pkey::{load, RefusalKind, Release};
use sslsession_testkit::openssl_oracle::{self, D2i};

/// The keys `version`'s `openssl` generated.
fn corpus(version: &str) -> Vec<(String, Vec<u8>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/keys-{version}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|line| {
            let (label, b64) = line.split_once(' ').expect("label and key");
            let der = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64");
            (label.to_owned(), der)
        })
        .collect()
}

// --- a small DER toolkit for the mutations (inputs are DER) ---

/// A DER header's parts: tag, content, the rest after the element.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7F);
        let (bytes, rest) = (rest.get(..n)?, rest.get(n..)?);
        (
            bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b)),
            rest,
        )
    };
    Some((tag, rest.get(..len)?, rest.get(len..)?))
}

fn length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        vec![u8::try_from(len).expect("short")]
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        let mut out = vec![0x80 | u8::try_from(bytes.len()).expect("few")];
        out.extend(bytes);
        out
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(length(content.len()));
    out.extend_from_slice(content);
    out
}

/// A header with one length octet more than needed (BER).
fn long_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let bytes: Vec<u8> = content
        .len()
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![tag, 0x81 + u8::try_from(bytes.len()).expect("few"), 0x00];
    out.extend(bytes);
    out.extend_from_slice(content);
    out
}

fn indefinite(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag, 0x80];
    out.extend_from_slice(content);
    out.extend([0x00, 0x00]);
    out
}

/// An SPKI's parts: the algorithm OID's content, the parameters' whole
/// encoding (if any), the BIT STRING's content (unused-bits octet first).
struct Parts {
    oid: Vec<u8>,
    parameters: Option<Vec<u8>>,
    bits: Vec<u8>,
}

fn parts(spki: &[u8]) -> Option<Parts> {
    let (_, content, _) = element(spki)?;
    let (_, algorithm, rest) = element(content)?;
    let (_, bits, _) = element(rest)?;
    let (_, oid, after) = element(algorithm)?;
    Some(Parts {
        oid: oid.to_vec(),
        parameters: (!after.is_empty()).then(|| after.to_vec()),
        bits: bits.to_vec(),
    })
}

fn assemble(oid: &[u8], parameters: Option<&[u8]>, bits: &[u8]) -> Vec<u8> {
    let mut algorithm = tlv(0x06, oid);
    algorithm.extend(parameters.unwrap_or_default());
    tlv(0x30, &[tlv(0x30, &algorithm), tlv(0x03, bits)].concat())
}

/// Algorithm OIDs (content octets) swapped in.
fn oids() -> Vec<Vec<u8>> {
    let mut oids: Vec<Vec<u8>> = vec![
        vec![0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01], // rsaEncryption
        vec![0x55, 0x08, 0x01, 0x01],                               // X.500 rsa
        vec![0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A], // RSASSA-PSS
        vec![0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B], // sha256WithRSAEncryption
        vec![0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01],             // id-ecPublicKey
        vec![0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D],       // SM2 1.2.156.10197.1.301
        vec![0x2B, 0x65, 0x6E],
        vec![0x2B, 0x65, 0x6F],
        vec![0x2B, 0x65, 0x70],
        vec![0x2B, 0x65, 0x71],
        vec![0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01], // dsaEncryption
        vec![0x2B, 0x0E, 0x03, 0x02, 0x0C],             // dsaEncryption-old
        vec![0x2B, 0x0E, 0x03, 0x02, 0x0D],             // dsaWithSHA
        vec![0x2B, 0x0E, 0x03, 0x02, 0x1B],             // dsaWithSHA1-old
        vec![0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x03], // dsaWithSHA1
        vec![0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x03, 0x01], // dhKeyAgreement
        vec![0x2A, 0x86, 0x48, 0xCE, 0x3E, 0x02, 0x01], // dhpublicnumber
    ];
    let nist = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04];
    for (arc, last) in (1..=4).map(|l| (4, l)).chain((16..=32).map(|l| (3, l))) {
        let mut oid = nist.to_vec();
        oid.extend([arc, last]);
        oids.push(oid);
    }
    oids
}

/// The inputs made of one generated key.
fn mutations(label: &str, spki: &[u8], oids: &[Vec<u8>]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![(label.to_owned(), spki.to_vec())];
    let mut add = |what: String, der: Vec<u8>| out.push((format!("{label} {what}"), der));
    let len = spki.len();
    // Truncations.
    let mut cuts: Vec<usize> = (0..len.min(32)).collect();
    cuts.extend([len / 2, len.saturating_sub(2), len.saturating_sub(1)]);
    for cut in cuts {
        add(format!("cut {cut}"), spki[..cut].to_vec());
    }
    // Bit flips: every byte of small keys, the headers and a spread of the
    // rest of large ones.
    let positions: Vec<usize> = if len <= 400 {
        (0..len).collect()
    } else {
        (0..48)
            .chain((48..len).step_by(len / 40))
            .chain(len - 8..len)
            .collect()
    };
    for at in positions {
        for mask in [0x01u8, 0x80] {
            let mut changed = spki.to_vec();
            changed[at] ^= mask;
            add(format!("flip {at}^{mask:02x}"), changed);
        }
    }
    // Trailing bytes: d2i_PUBKEY ignores them.
    add("trailing 00".into(), [spki, &[0x00]].concat());
    add("trailing 3000".into(), [spki, &[0x30, 0x00]].concat());
    let Some(p) = parts(spki) else {
        return out;
    };
    let params = p.parameters.as_deref();
    let (_, outer, _) = element(spki).expect("outer");
    let (_, algorithm, rest) = element(outer).expect("algorithm");
    let algorithm_der = tlv(0x30, algorithm);
    // BER spellings.
    add("long outer".into(), long_tlv(0x30, outer));
    add("indefinite outer".into(), indefinite(0x30, outer));
    add(
        "indefinite algorithm".into(),
        tlv(0x30, &[indefinite(0x30, algorithm), rest.to_vec()].concat()),
    );
    add(
        "long algorithm".into(),
        tlv(0x30, &[long_tlv(0x30, algorithm), rest.to_vec()].concat()),
    );
    add(
        "long bit string".into(),
        tlv(
            0x30,
            &[algorithm_der.clone(), long_tlv(0x03, &p.bits)].concat(),
        ),
    );
    if p.bits.len() > 2 {
        // A constructed BIT STRING of two segments.
        let split = p.bits.len() / 2;
        let first = [&[0u8][..], &p.bits[1..split]].concat();
        let second = [&p.bits[..1], &p.bits[split..]].concat();
        let segmented = tlv(0x23, &[tlv(0x03, &first), tlv(0x03, &second)].concat());
        add(
            "segmented bit string".into(),
            tlv(0x30, &[algorithm_der.clone(), segmented].concat()),
        );
    }
    add("high-tag OID".into(), {
        let mut a = vec![0x1F, 0x06];
        a.extend(length(p.oid.len()));
        a.extend(&p.oid);
        a.extend(params.unwrap_or_default());
        tlv(0x30, &[tlv(0x30, &a), tlv(0x03, &p.bits)].concat())
    });
    // Parameters added, removed, replaced.
    match params {
        None => add(
            "NULL parameters".into(),
            assemble(&p.oid, Some(&[0x05, 0x00]), &p.bits),
        ),
        Some(_) => {
            add("no parameters".into(), assemble(&p.oid, None, &p.bits));
            add(
                "NULL parameters".into(),
                assemble(&p.oid, Some(&[0x05, 0x00]), &p.bits),
            );
            add(
                "empty SEQUENCE parameters".into(),
                assemble(&p.oid, Some(&[0x30, 0x00]), &p.bits),
            );
        }
    }
    // Key lengths, unused bits.
    add(
        "key +1".into(),
        assemble(&p.oid, params, &[p.bits.as_slice(), &[0x00]].concat()),
    );
    add(
        "key -1".into(),
        assemble(
            &p.oid,
            params,
            &p.bits[..p.bits.len().saturating_sub(1).max(1)],
        ),
    );
    for unused in [1u8, 7, 8] {
        let mut bits = p.bits.clone();
        bits[0] = unused;
        add(format!("unused {unused}"), assemble(&p.oid, params, &bits));
    }
    // Other algorithms over the same parameters and key.
    for oid in oids {
        if *oid != p.oid {
            add(format!("oid {oid:02x?}"), assemble(oid, params, &p.bits));
            add(format!("oid {oid:02x?} bare"), assemble(oid, None, &p.bits));
        }
    }
    // ML-KEM: the first coefficient of t at q - 1 and at q.
    if label.starts_with("ML-KEM") {
        for (b0, b1, what) in [
            (0x00u8, 0x0Du8, "t0=3328"),
            (0x01, 0x0D, "t0=3329"),
            (0xFF, 0x0F, "t0=4095"),
        ] {
            let mut bits = p.bits.clone();
            bits[1] = b0;
            bits[2] = (bits[2] & 0xF0) | b1;
            add(what.into(), assemble(&p.oid, params, &bits));
        }
        let mut bits = p.bits.clone();
        let last_t = bits.len() - 33;
        bits[last_t] = 0xFF;
        add(
            "last t coefficient 4095".into(),
            assemble(&p.oid, params, &bits),
        );
    }
    out
}

struct Outcome {
    keys: usize,
    inputs: usize,
    agreed: usize,
    loaded: usize,
    unsupported: usize,
    unsupported_loaded: usize,
    disagreements: Vec<String>,
}

fn compare(release: Release, program: &Path, keys: &[(String, Vec<u8>)]) -> Outcome {
    let oids = oids();
    let inputs: Vec<(String, Vec<u8>)> = keys
        .iter()
        .flat_map(|(label, der)| mutations(label, der, &oids))
        .collect();
    let ders: Vec<Vec<u8>> = inputs.iter().map(|(_, der)| der.clone()).collect();
    let answers = openssl_oracle::ask(program, D2i::PublicKey, &ders);
    let mut outcome = Outcome {
        keys: keys.len(),
        inputs: inputs.len(),
        agreed: 0,
        loaded: 0,
        unsupported: 0,
        unsupported_loaded: 0,
        disagreements: Vec::new(),
    };
    for ((label, der), &theirs) in inputs.iter().zip(&answers) {
        outcome.loaded += usize::from(theirs);
        match load(der, release) {
            Err(refused) if refused.kind() == RefusalKind::Unsupported => {
                outcome.unsupported += 1;
                outcome.unsupported_loaded += usize::from(theirs);
            }
            ours => {
                let ours_loads = ours.is_ok();
                if ours_loads == theirs {
                    outcome.agreed += 1;
                } else {
                    outcome.disagreements.push(format!(
                        "{label}: OpenSSL {}, ours {} ({})",
                        if theirs { "loads" } else { "refuses" },
                        if ours_loads { "loads" } else { "refuses" },
                        ours.err().map(|e| e.to_string()).unwrap_or_default()
                    ));
                }
            }
        }
    }
    outcome
}

fn check(version: &str, release: Release, corpus_version: &str) {
    let Some(program) =
        openssl_oracle::build_or_skip(version, Path::new(env!("CARGO_TARGET_TMPDIR")))
    else {
        return;
    };
    let mut keys = corpus(corpus_version);
    // Explicit parameters over curves that are not built in
    // (tests/data/make_custom_curves.py), the same for every release.
    keys.extend(corpus("custom"));
    let o = compare(release, &program, &keys);
    println!(
        "OpenSSL {version}: {} keys (of {corpus_version}, and custom curves), {} inputs, {} loaded by OpenSSL; \
         {} answers equal, {} disagree, {} unsupported ({} of which OpenSSL loads)",
        o.keys,
        o.inputs,
        o.loaded,
        o.agreed,
        o.disagreements.len(),
        o.unsupported,
        o.unsupported_loaded
    );
    let shown: Vec<&String> = o.disagreements.iter().take(40).collect();
    assert!(
        o.disagreements.is_empty(),
        "{} disagreements with OpenSSL {version}:\n{}",
        o.disagreements.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn openssl_3_5_5() {
    check("3.5.5", Release::V3_5, "3.5.5");
}

#[test]
fn openssl_3_6_3() {
    check("3.6.3", Release::V3_6, "3.6.3");
}

#[test]
fn openssl_4_0_3() {
    check("4.0.3", Release::V4_0, "4.0.3");
}

/// 3.0 (the system's libcrypto) on the 3.5.5 keys: it has no post-quantum
/// keys, and loads the rest as 3.5 does.
#[test]
fn openssl_3_0() {
    check("3.0", Release::V3_0, "3.5.5");
}
