//! Same-length edits inside the peer certificate of every recorded LibreSSL
//! session that has one: one to three octets overwritten or flipped, so
//! lengths mostly hold and LibreSSL's libcrypto content rules decide (times,
//! strings, tags, integers, bit strings, object identifiers, constructed
//! forms). Our LibreSSL dialect against the live LibreSSL 4.3.2; needs the
//! oracle, skips (or fails, see README.md) without it.

use sslsession_libressl_oracle::{mutate, oracle_or_skip, recorded, Tally};

/// Seeded edits of `der` between `start` and `end` (the certificate).
fn edit(der: &[u8], start: usize, end: usize, seed: u64) -> Vec<u8> {
    let noise = sslsession_testkit::noise(seed, 16);
    let mut r = noise.iter().copied().map(usize::from);
    let mut next = move || r.next().unwrap_or(0);
    let mut b = der.to_vec();
    let span = end - start;
    for _ in 0..1 + next() % 3 {
        let at = start + (next() * 256 + next()) % span;
        if next() % 2 == 0 {
            b[at] ^= 1 << (next() % 8);
        } else {
            b[at] = u8::try_from(next()).unwrap_or(0);
        }
    }
    b
}

#[test]
fn certificate_edits_agree_with_live_libressl() {
    let Some(oracle) = oracle_or_skip("certificate_edits_agree_with_live_libressl") else {
        return;
    };
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for s in recorded() {
        let Some(cert) = mutate::explicit_content(&s.der, 3) else {
            continue;
        };
        let Some(start) = s.der.windows(cert.len()).position(|w| w == cert) else {
            continue;
        };
        for seed in 0..600u64 {
            let input = edit(&s.der, start, start + cert.len(), seed);
            if input != s.der {
                cases.push((format!("{} cert edit seed {seed}", s.name), input));
            }
        }
    }
    assert!(cases.len() > 1000, "only {} inputs", cases.len());
    let inputs: Vec<Vec<u8>> = cases.iter().map(|c| c.1.clone()).collect();
    let live = oracle.decode_all(&inputs);
    let mut tally = Tally::default();
    for ((name, input), report) in cases.iter().zip(&live) {
        tally.add(name, input, &report.summary());
    }
    eprintln!("certificate edits, {}", tally.counts());
    tally.assert_agree("certificate edits");
}
