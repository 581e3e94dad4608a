//! Rolling upgrades: sessions made by real handshakes of every other OpenSSL
//! version (left by its run of `tests/handshakes.rs` in
//! `$SSLSESSION_ORACLE_SESSIONS/<version>/`), read by the linked one, against
//! `session_der::readable_by(input, writer, linked, now)`.
//!
//! The reader's side is the linked libssl itself: whether its `d2i` takes the
//! session, its getters, its timeout check, and its `i2d`. The writer's side
//! is OpenSSL mode for the writer, which the writer's own run checked against
//! its libssl (`tests/oracle_edges.rs`, `tests/handshakes.rs`).
//! `oracles/openssl/test.sh` runs this after every version's handshakes.

// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

use session_der::session_model::{OpenSslVersion, OwnedSession};
use session_der::{decode_with, encode, readable_by, DecodeOptions, Target, Verdict};
use sslsession_interop::compare::Report;
use sslsession_interop::libssl;
use sslsession_testkit::oracles;

fn read_as(input: &[u8], v: OpenSslVersion) -> Option<OwnedSession> {
    decode_with::<OwnedSession>(input, &DecodeOptions::openssl_version(v))
        .ok()
        .map(|d| d.session)
}

/// How the linked libssl (the reader) reads `der` compared with how `writer`
/// reads it, observed: `Ok(None)` when it refuses it, `Ok(Some(differences))`
/// otherwise (empty: read the same), in `readable_by`'s terms.
fn observe(der: &[u8], writer: OpenSslVersion) -> Option<Vec<String>> {
    let theirs = libssl::d2i(der)?;
    let g = &theirs.getters;
    let mut diffs = Vec::new();
    let a = read_as(der, writer).expect("a session its writer made");
    // The writer's times; an absent time would be the clock (none here:
    // real sessions carry theirs).
    let ta = a.openssl_times(writer, g.time);
    if ta.time != g.time {
        diffs.push(format!("time: writer {}, reader {}", ta.time, g.time));
    }
    if ta.timeout != g.timeout {
        diffs.push(format!(
            "timeout: writer {}, reader {}",
            ta.timeout, g.timeout
        ));
    }
    // The writer's last second, asked of the reader's timeout check.
    if let Some(at) = ta.expires_at() {
        for now in [at, at.saturating_add(1)] {
            if now != 0 && libssl::expired_at(der, now) != Some(ta.is_expired(now)) {
                diffs.push(format!("expiry at {now}: writer {}", ta.is_expired(now)));
            }
        }
    }
    // What each one's i2d writes back, read by the writer's version.
    let back_a = encode(&a, Target::OpenSsl(writer))
        .ok()
        .and_then(|der| read_as(&der, writer));
    let back_b = read_as(&theirs.der, writer);
    match (back_a, back_b) {
        (Some(x), Some(y)) if x == y => {}
        (x, y) => diffs.push(format!("i2d read back by the writer: {x:?} vs {y:?}")),
    }
    Some(diffs)
}

#[test]
fn sessions_of_other_versions_are_read_as_readable_by_says() {
    let Some(mut r) = Report::new() else { return };
    let reader = r.version();
    // Only an absent time would need the clock; real sessions carry theirs.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let mut read = 0;
    let mut verdicts = std::collections::BTreeMap::new();
    for oracle in oracles::ORACLES {
        let writer: OpenSslVersion = oracle.version.parse().unwrap();
        if writer == reader {
            continue;
        }
        let dir = oracle.sessions_dir();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            oracles::skip(
                "cross_version",
                &format!(
                    "no sessions of OpenSSL {writer} in {} (its run of tests/handshakes.rs \
                     leaves them there)",
                    dir.display()
                ),
            );
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files {
            let der = std::fs::read(&path).unwrap();
            let name = format!(
                "{} by {writer}",
                path.file_name().unwrap().to_string_lossy()
            );
            r.count();
            let ours = readable_by(&der, writer, reader, now);
            let observed = observe(&der, writer);
            let agree = match (&ours.verdict, &observed) {
                (Verdict::Refused(_), None) => true,
                (Verdict::ReadSame, Some(d)) => d.is_empty(),
                (Verdict::ReadDifferently, Some(d)) => !d.is_empty(),
                _ => false,
            };
            if !agree {
                r.fail(
                    &name,
                    &der,
                    format!("readable_by: {ours}\n  libssl {reader}: {observed:?}"),
                );
            }
            read += 1;
            *verdicts
                .entry(format!("{:?}", std::mem::discriminant(&ours.verdict)))
                .or_insert(0) += 1;
        }
    }
    eprintln!("{read} sessions of other versions read by OpenSSL {reader}: {verdicts:?}");
    r.finish("cross-version", 0);
}
