//! Our LibreSSL dialect against the live LibreSSL 4.3.2 on inputs it was not
//! written for: every other session the repository holds (OpenSSL's from
//! real handshakes of each version, the corpus and its malformed inputs,
//! which LibreSSL reads in its own way) and seeded random edits of the
//! LibreSSL sessions. Needs the oracle; skips (or fails, see README.md)
//! without it.

use std::path::{Path, PathBuf};

use sslsession_libressl_oracle::{mutate, oracle_or_skip, recorded, Tally};

/// Every `.der` under `dir`, recursively, sorted.
fn der_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            der_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "der") {
            out.push(p);
        }
    }
}

/// Seeded edits of `der`: one to four of flip, overwrite, delete, insert,
/// duplicate a range, truncate.
fn random_edits(der: &[u8], seed: u64) -> Vec<u8> {
    let noise = sslsession_testkit::noise(seed, 64);
    let mut r = noise.iter().copied().map(usize::from);
    let mut next = move || r.next().unwrap_or(0) * 256 + 7;
    let mut b = der.to_vec();
    let ops = 1 + next() % 4;
    for _ in 0..ops {
        if b.is_empty() {
            break;
        }
        let at = (next() * 257 + next()) % b.len();
        match next() % 6 {
            0 => b[at] ^= 1 << (next() % 8),
            1 => b[at] = u8::try_from(next() % 256).unwrap_or(0),
            2 => {
                let end = (at + 1 + next() % 8).min(b.len());
                b.drain(at..end);
            }
            3 => {
                let n = 1 + next() % 4;
                let bytes: Vec<u8> = (0..n)
                    .map(|_| u8::try_from(next() % 256).unwrap_or(0))
                    .collect();
                b.splice(at..at, bytes);
            }
            4 => {
                let end = (at + 1 + next() % 16).min(b.len());
                let copy = b[at..end].to_vec();
                b.splice(at..at, copy);
            }
            _ => b.truncate(at),
        }
    }
    b
}

/// The inputs: every session file but the LibreSSL ones, and seeded edits of
/// those; with each, LibreSSL's summary and whether it is a certificate case
/// (it has a `[3]` whose content LibreSSL's `d2i_X509` does not read as a
/// certificate it writes back unchanged, so that LibreSSL's libcrypto's own
/// certificate rules decide).
fn compared(test: &str) -> Option<(Tally, Tally, usize)> {
    let oracle = oracle_or_skip(test)?;
    let root = sslsession_testkit::workspace_root();
    let mut files = Vec::new();
    der_files(&root.join("testdata"), &mut files);
    let (corpus, full) = sslsession_testkit::corpus_dir();
    if full {
        der_files(&corpus, &mut files);
    }
    files.retain(|p| !p.starts_with(root.join("testdata/libressl")));
    let mut cases: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            let name = p.strip_prefix(&root).unwrap_or(p).display().to_string();
            (name, std::fs::read(p).expect("read .der"))
        })
        .collect();
    let from_files = cases.len();
    for s in recorded() {
        let salt = u64::try_from(s.der.len()).unwrap_or(0) << 32;
        for seed in 0..250u64 {
            let input = random_edits(&s.der, seed ^ salt);
            cases.push((format!("{} edit seed {seed}", s.name), input));
        }
    }
    let inputs: Vec<Vec<u8>> = cases.iter().map(|c| c.1.clone()).collect();
    let live = oracle.decode_all(&inputs);
    let certs: Vec<Option<Vec<u8>>> = inputs
        .iter()
        .map(|i| mutate::explicit_content(i, 3))
        .collect();
    let with_cert: Vec<Vec<u8>> = certs.iter().flatten().cloned().collect();
    let mut plain = oracle.x509_plain_der(&with_cert).into_iter();
    let (mut codec, mut certificate) = (Tally::default(), Tally::default());
    for (((name, input), report), cert) in cases.iter().zip(&live).zip(&certs) {
        let is_cert_case = cert.is_some() && !plain.next().unwrap_or(false);
        let tally = if is_cert_case {
            &mut certificate
        } else {
            &mut codec
        };
        tally.add(name, input, &report.summary());
    }
    Some((codec, certificate, from_files))
}

#[test]
fn other_inputs_agree_with_live_libressl() {
    let Some((codec, certificate, files)) = compared("other_inputs_agree_with_live_libressl")
    else {
        return;
    };
    eprintln!(
        "{files} session files and 3000 edits; session codec, {}; (peer certificate: {} more, \
         tests/differential_live.rs::certificates)",
        codec.counts(),
        certificate.total()
    );
    codec.assert_agree("session codec");
}

#[test]
fn other_inputs_certificates_agree_with_live_libressl() {
    let Some((_, certificate, _)) = compared("other_inputs_certificates_agree_with_live_libressl")
    else {
        return;
    };
    eprintln!("peer certificate, {}", certificate.counts());
    certificate.assert_agree("peer certificate");
}

/// A fuzz finding (`fuzz/regressions/decode_dialects/`): a certificate whose
/// signature algorithm has a constructed universal tag 0 parameter (`20 00`).
/// LibreSSL's `d2i_X509` collects it as an empty string of type 0, which
/// its `i2d_X509` writes as `00 00`, end-of-contents octets its own reader
/// then refuses: LibreSSL reads the session, writes bytes it does not read
/// back, and we write the same bytes and refuse them too (the fuzz oracle
/// excuses exactly this, `rewrote_an_unreadable_certificate`).
#[test]
fn libressl_writes_a_certificate_it_does_not_read_back() {
    use session_der::session_model::Field;
    use session_der::session_model::{Dialect, OwnedSession};
    use session_der::{decode_with, DecodeOptions};
    use sslsession_libressl_oracle::{comparable, ours, Report};

    let Some(oracle) = oracle_or_skip("libressl_writes_a_certificate_it_does_not_read_back") else {
        return;
    };
    let input = std::fs::read(
        sslsession_testkit::workspace_root()
            .join("fuzz/regressions/decode_dialects/libressl-writes-an-unreadable-certificate.der"),
    )
    .expect("the regression file");
    let live = oracle.decode_all(std::slice::from_ref(&input));
    let Report::Accepted(read) = &live[0] else {
        panic!("LibreSSL refuses the input; the finding no longer holds");
    };
    let ours = ours(&input);
    assert_eq!(
        comparable(&live[0].summary(), &ours.summary),
        ours.summary,
        "we read and write it as LibreSSL does"
    );
    let written = read.i2d.clone().expect("LibreSSL wrote it");
    assert!(
        !written.windows(2).any(|w| w == [0x20, 0x00])
            && input.windows(2).any(|w| w == [0x20, 0x00]),
        "the constructed tag 0 parameter is rewritten"
    );
    let again = oracle.decode_all(std::slice::from_ref(&written));
    assert_eq!(
        again[0],
        Report::Rejected,
        "LibreSSL reads back its own writing"
    );
    let e = decode_with::<OwnedSession>(&written, &DecodeOptions::dialect(Dialect::LibreSsl))
        .expect_err("we read back what LibreSSL refuses");
    assert_eq!(e.field(), Field::PeerCertificate, "{e}");
}

/// A BER (indefinite-length) certificate whose signature algorithm's
/// parameter is of universal tag 31, 200 or 48 (no low-tag-number form): the
/// live LibreSSL reads each as an ANY of that type and writes the
/// certificate back in DER, the parameter in the high form; we
/// read and write each as it does (interop's `oracle_edges` checks the same
/// against OpenSSL 1.1.1w … 4.0.3).
#[test]
fn a_universal_high_tag_parameter_in_a_ber_certificate_is_written_as_libressl_writes_it() {
    use sslsession_libressl_oracle::{comparable, ours, Report};
    use sslsession_testkit::mutate::boringssl::{children, join, read_elem, split, Elem};
    use sslsession_testkit::tlv;

    let Some(oracle) = oracle_or_skip(
        "a_universal_high_tag_parameter_in_a_ber_certificate_is_written_as_libressl_writes_it",
    ) else {
        return;
    };
    let session = recorded()
        .into_iter()
        .find(|r| r.name == "tls12-cache-client")
        .expect("the recorded LibreSSL client session");
    let mut elems = split(&session.der).expect("a session");
    let i = elems
        .iter()
        .position(|e| e.ctx_number() == Some(3))
        .expect("the client session holds the server's certificate");
    let (cert, _) = read_elem(&elems[i].content).expect("a certificate");
    let [tbs, alg, sig] =
        <[Elem; 3]>::try_from(children(&cert.content).expect("its parts")).expect("three parts");
    let oid = children(&alg.content).expect("the algorithm")[0].encode();
    // (parameter, as LibreSSL writes it)
    for (parameter, written_as) in [
        (&[0x1F, 0x1F, 0x01, 0x05][..], &[0x1F, 0x1F, 0x01, 0x05][..]),
        (
            &[0x1F, 0x81, 0x48, 0x01, 0x05],
            &[0x1F, 0x81, 0x48, 0x01, 0x05],
        ),
        // Tag 48, whose low bits would read as SEQUENCE's in a one-octet
        // identifier, with a long-form length LibreSSL writes short.
        (&[0x1F, 0x30, 0x81, 0x01, 0x05], &[0x1F, 0x30, 0x01, 0x05]),
    ] {
        let alg = tlv(0x30, &[oid.clone(), parameter.to_vec()].concat());
        let body = [tbs.encode(), alg, sig.encode()].concat();
        // The certificate in indefinite form, so that LibreSSL's i2d_X509
        // writes it differently from what it read.
        elems[i].content = [&[0x30, 0x80][..], &body, &[0, 0]].concat();
        let input = join(&elems);
        let live = oracle.decode_all(std::slice::from_ref(&input));
        let Report::Accepted(read) = &live[0] else {
            panic!("LibreSSL refuses the parameter {parameter:02x?}");
        };
        let written = read.i2d.clone().expect("LibreSSL wrote it");
        assert!(
            written.windows(written_as.len()).any(|w| w == written_as)
                && !written.windows(2).any(|w| w == [0x30, 0x80]),
            "LibreSSL keeps the parameter and writes the certificate in DER"
        );
        let ours = ours(&input);
        assert_eq!(
            comparable(&live[0].summary(), &ours.summary),
            ours.summary,
            "{parameter:02x?}: we read and write it as LibreSSL does"
        );
    }
}
