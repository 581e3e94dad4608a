//! Our LibreSSL dialect against the live LibreSSL 4.3.2 on inputs it was not
//! written for: every other session the repository holds (OpenSSL's from
//! real handshakes of each version, the corpus and its malformed inputs,
//! which LibreSSL reads in its own way) and seeded random edits of the
//! LibreSSL sessions. Needs the oracle; skips (or fails, see README.md)
//! without it.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sslsession_libressl_oracle::{comparable, oracle_or_skip, ours, recorded};

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

#[test]
fn other_inputs_agree_with_live_libressl() {
    let Some(oracle) = oracle_or_skip("other_inputs_agree_with_live_libressl") else {
        return;
    };
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
        for seed in 0..250u64 {
            let input = random_edits(&s.der, seed ^ (s.der.len() as u64) << 32);
            cases.push((format!("{} edit seed {seed}", s.name), input));
        }
    }

    let inputs: Vec<Vec<u8>> = cases.iter().map(|c| c.1.clone()).collect();
    let live = oracle.decode_all(&inputs);
    let (mut accepted, mut rejected) = (0, 0);
    let mut disagreements = Vec::new();
    for ((name, input), report) in cases.iter().zip(&live) {
        let ours = ours(input);
        let libressl = comparable(&report.summary(), &ours.summary);
        if ours.summary == libressl {
            if libressl["ok"] == Value::Bool(true) {
                accepted += 1;
            } else {
                rejected += 1;
            }
        } else {
            disagreements.push(format!(
                "{name} ({}): LibreSSL {}\n    ours {}",
                sslsession_testkit::hex(input),
                Value::Object(libressl),
                Value::Object(ours.summary)
            ));
        }
    }
    eprintln!(
        "{} inputs ({from_files} session files, {} random edits): {accepted} accepted with equal \
         values and i2d bytes, {rejected} refused by both, {} disagree with LibreSSL 4.3.2",
        cases.len(),
        cases.len() - from_files,
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
