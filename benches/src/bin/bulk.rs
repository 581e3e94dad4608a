//! The bulk bench's two programs (`benches/bulk.sh` runs them):
//!
//! - `bulk gen DIR N`: writes N sessions into DIR (1 000 per subdirectory),
//!   each a real session of the corpus (every `openssl-3.0/*.der` the manifest
//!   lists, in turn) with a fresh session id and master key, so the files
//!   have the corpus's shapes (TLS 1.2 and 1.3, tickets, PSK, peer
//!   certificates up to RSA 4096) but no two are the same;
//! - `bulk lib DIR`: our library in one thread, no CLI around it: every file
//!   beneath DIR read and decoded as OpenSSL 3.0's `d2i_SSL_SESSION` reads it
//!   (`session_der::decode_with`), then one line: files, valid, invalid,
//!   seconds, sessions/s, peak memory (VmHWM).
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use session_der::session_model::CowSession;
use session_der::{decode_with, DecodeOptions, OpenSslVersion};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, dir, n] if cmd == "gen" => {
            let n: usize = n.parse().map_err(|e| format!("N: {e}"))?;
            generate(Path::new(dir), n)
        }
        [cmd, dir] if cmd == "lib" => library_loop(Path::new(dir)),
        _ => Err("usage: bulk gen DIR N | bulk lib DIR".to_owned()),
    }
}

/// xorshift64: fresh bytes, reproducibly (the bench needs no secrecy).
struct Noise(u64);

impl Noise {
    fn fill(&mut self, out: &mut [u8]) {
        for b in out {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            *b = self.0.to_le_bytes()[0];
        }
    }
}

/// The header length and content length of the DER element at `der[at..]`
/// (definite lengths only, as OpenSSL's `i2d_SSL_SESSION` writes).
fn element(der: &[u8], at: usize) -> Option<(usize, usize)> {
    let first = *der.get(at + 1)?;
    if first < 0x80 {
        return Some((2, usize::from(first)));
    }
    let n = usize::from(first & 0x7f);
    let mut len = 0usize;
    for i in 0..n {
        len = len.checked_mul(256)? + usize::from(*der.get(at + 2 + i)?);
    }
    Some((2 + n, len))
}

/// Overwrites the contents of the session id (`SEQUENCE`'s 4th element) and
/// the master key (5th), both `OCTET STRING`s, with fresh bytes; the lengths,
/// hence the shape, stay.
fn refresh(der: &mut [u8], noise: &mut Noise) -> Option<()> {
    let (header, _) = element(der, 0)?;
    let mut at = header;
    for index in 0..5 {
        let (h, len) = element(der, at)?;
        if index >= 3 {
            if der[at] != 0x04 {
                return None;
            }
            noise.fill(der.get_mut(at + h..at + h + len)?);
        }
        at += h + len;
    }
    Some(())
}

fn generate(dir: &Path, n: usize) -> Result<(), String> {
    let (corpus, _) = sslsession_benches::corpus::corpus_dir();
    let base = corpus.join("openssl-3.0");
    let manifest = std::fs::read_to_string(base.join("manifest.jsonl"))
        .map_err(|e| format!("{}: {e}", base.display()))?;
    let mut shapes = Vec::new();
    for line in manifest.lines() {
        // `"file":"NAME.der"` is each line's first member.
        let Some(name) = line
            .strip_prefix("{\"file\":\"")
            .and_then(|l| l.split('"').next())
        else {
            continue;
        };
        let der = std::fs::read(base.join(name)).map_err(|e| format!("{name}: {e}"))?;
        // Only sessions OpenSSL 3.0 reads whose id and key can be refreshed.
        let mut probe = der.clone();
        if refresh(&mut probe, &mut Noise(1)).is_some()
            && decode_with::<CowSession<'_>>(&probe, &options()).is_ok()
        {
            shapes.push(der);
        }
    }
    if shapes.is_empty() {
        return Err(format!("no sessions in {}", base.display()));
    }
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let mut bytes = 0usize;
    for i in 0..n {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).map_err(|e| format!("{}: {e}", sub.display()))?;
        }
        let mut der = shapes[i % shapes.len()].clone();
        refresh(&mut der, &mut noise).ok_or("a shape lost its id")?;
        bytes += der.len();
        let path = sub.join(format!("s{i:06}.der"));
        std::fs::write(&path, &der).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!(
        "{n} sessions ({} shapes from {}), {bytes} bytes, in {}",
        shapes.len(),
        base.display(),
        dir.display()
    );
    Ok(())
}

/// OpenSSL 3.0's `d2i_SSL_SESSION` (the installed `openssl`'s).
fn options() -> DecodeOptions {
    DecodeOptions::openssl_version(OpenSslVersion::V3_0)
}

/// Counts what OpenSSL 3.0 accepts of every file beneath `dir`, listed
/// one directory at a time (in path order), read and decoded one at a time.
fn judge_tree(dir: &Path, counts: &mut (usize, usize)) -> Result<(), String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            judge_tree(&p, counts)?;
            continue;
        }
        let der = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let ok = decode_with::<CowSession<'_>>(&der, &options()).is_ok();
        if ok {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    Ok(())
}

fn library_loop(dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let mut counts = (0, 0);
    judge_tree(dir, &mut counts)?;
    let (valid, invalid) = counts;
    let files = valid + invalid;
    let secs = started.elapsed().as_secs_f64();
    // Exact below 2^53 files.
    #[allow(clippy::cast_precision_loss)]
    let rate = files as f64 / secs;
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    println!(
        "library: {files} files, {valid} valid, {invalid} invalid, {secs:.3} s wall, {rate:.0} sessions/s, peak memory {peak} (VmHWM)"
    );
    Ok(())
}
