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
use session_der::{decode_with, encode, readable_by, DecodeOptions, Readability, Target, Verdict};
use sslsession_interop::compare::Report;
use sslsession_interop::edges::{time_edge_session, EDGES};
use sslsession_interop::libssl;
use sslsession_testkit::{hex, oracles};

/// The last second 3.2+ can hold as `OSSL_TIME` without wrapping:
/// `u64::MAX` nanoseconds.
const LAST_OSSL_SECOND: i64 = 18_446_744_073;

fn read_as(input: &[u8], v: OpenSslVersion) -> Option<OwnedSession> {
    decode_with::<OwnedSession>(input, &DecodeOptions::openssl_version(v))
        .ok()
        .map(|d| d.session)
}

/// How the linked libssl (the reader) reads `der` compared with how `writer`
/// reads it, observed: `Ok(None)` when it refuses it, `Ok(Some(differences))`
/// otherwise (empty: read the same), in `readable_by`'s terms.
/// What the linked libssl showed about a session another version wrote.
#[derive(Debug)]
struct Observed {
    /// Values it reads differently from the writer (empty: read the same).
    diffs: Vec<String>,
    /// Whether the writer cannot read what this libssl's i2d writes back.
    write_back_refused: bool,
}

fn observe(der: &[u8], writer: OpenSslVersion, reader: OpenSslVersion) -> Option<Observed> {
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
    // The timeout check, asked of the reader's libssl (its cache flush, at
    // chosen moments) around the writer's last second and around the
    // reader's (as OpenSSL mode for the reader, itself checked against this
    // libssl, puts it: it only picks the moments). 1.1.1's flush rule is its
    // resumption rule only without `long` overflow (see oracle_edges.rs): a
    // 1.1.1 reader is asked only there.
    let tb = (g.time, g.timeout);
    let at_reader = read_as(der, reader).and_then(|b| b.openssl_times(reader, g.time).expires_at());
    for at in [ta.expires_at(), at_reader].into_iter().flatten() {
        for now in [at, at.saturating_add(1)] {
            let overflow = tb.0.checked_add(tb.1).is_none() || now.checked_sub(tb.0).is_none();
            // Moments from 2^64 ns on (year 2554) wrap in 3.2+'s
            // ossl_time_from_time_t, so there is no single last second to
            // compare beyond them: readable_by compares last seconds, and
            // is asked only about moments a clock can reach.
            if reader == OpenSslVersion::V1_1_1 && overflow || now == 0 || now > LAST_OSSL_SECOND {
                continue;
            }
            if libssl::expired_at(der, now) != Some(ta.is_expired(now)) {
                diffs.push(format!("expiry at {now}: writer {}", ta.is_expired(now)));
            }
        }
    }
    // What each one's i2d writes back, read by the writer's version: the
    // same values held when the writer's own i2d of both readings is the
    // same (a field the writer holds as 0 when absent, like `[19]`, is then
    // the same either way).
    // Our encoder keeps an absent (or zero) time and timeout absent where
    // OpenSSL's i2d writes its clock and 3 (session-der's documented
    // difference): give both readings OpenSSL's values first.
    let clock = g.time;
    let held = |der: &[u8]| {
        read_as(der, writer).and_then(|mut s| {
            if s.time().unwrap_or(0) == 0 {
                s.set_time(Some(clock));
            }
            if s.timeout().unwrap_or(0) == 0 {
                s.set_timeout(Some(3));
            }
            encode(&s, Target::OpenSsl(writer)).ok()
        })
    };
    let back_a = encode(&a, Target::OpenSsl(writer))
        .ok()
        .and_then(|der| held(&der));
    let back_b = held(&theirs.der);
    // The writer not reading the write-back at all is reported apart
    // (`Readability::write_back_refused_by_writer`), not as a difference.
    let write_back_refused = back_b.is_none();
    if back_a.is_none() || !write_back_refused && back_a != back_b {
        diffs.push(format!(
            "i2d read back by the writer: {:?} vs {:?}",
            back_a.as_ref().map(|b| hex(&b[..])),
            back_b.as_ref().map(|b| hex(&b[..]))
        ));
    }
    Some(Observed {
        diffs,
        write_back_refused,
    })
}

/// Whether `readable_by`'s answer is what the linked libssl showed. A
/// difference of last seconds that are both at or beyond [`LAST_OSSL_SECOND`] is
/// one no clock reaches and no 3.2+ libssl can be asked about: it does not
/// count on either side.
fn agrees(ours: &Readability, observed: Option<&Observed>) -> bool {
    let unreachable =
        |v: &str| v == "never" || v.parse::<i64>().is_ok_and(|s| s >= LAST_OSSL_SECOND);
    let reachable = ours
        .differences
        .iter()
        .filter(|d| !(d.what == "expiry" && unreachable(&d.writer) && unreachable(&d.reader)))
        .count();
    let same_write_back =
        |o: &Observed| o.write_back_refused == ours.write_back_refused_by_writer.is_some();
    match (&ours.verdict, observed) {
        (Verdict::Refused(_), None) => true,
        (Verdict::ReadSame, Some(o)) => o.diffs.is_empty() && same_write_back(o),
        (Verdict::ReadDifferently, Some(o)) => {
            o.diffs.is_empty() == (reachable == 0) && same_write_back(o)
        }
        _ => false,
    }
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
        let Ok(files) = sslsession_interop::der_files(&dir) else {
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
        for path in files {
            let der = std::fs::read(&path).unwrap();
            let name = format!(
                "{} by {writer}",
                path.file_name().unwrap().to_string_lossy()
            );
            r.count();
            let ours = readable_by(&der, writer, reader, now);
            let observed = observe(&der, writer, reader);
            let agree = agrees(&ours, observed.as_ref());
            if !agree {
                r.fail(
                    &name,
                    &der,
                    format!("readable_by: {ours}\n  libssl {reader}: {observed:?}"),
                );
            }
            read += 1;
            *verdicts
                .entry(match ours.verdict {
                    Verdict::ReadSame => "read the same",
                    Verdict::ReadDifferently => "read differently",
                    Verdict::Refused(_) => "refused",
                    _ => "not the writer's",
                })
                .or_insert(0) += 1;
        }
    }
    eprintln!("{read} sessions of other versions read by OpenSSL {reader}: {verdicts:?}");
    r.finish("cross-version", 0);
}

/// Whether 1.1.1's `long` arithmetic overflows for `time` and `timeout` at
/// some moment a clock reaches: `time + timeout`, or `now - time` for a
/// `now` up to [`LAST_OSSL_SECOND`].
fn long_overflows(time: i64, timeout: i64) -> bool {
    time.checked_add(timeout).is_none() || LAST_OSSL_SECOND.checked_sub(time).is_none()
}

/// The edge-time sessions of every other version read by the linked libssl
/// against `readable_by`; `overflowing` picks those where 1.1.1 (writer or
/// reader) computes its timeout check with overflowing `long` arithmetic, or
/// the others.
fn check_edge_times(overflowing: bool) {
    let Some(mut r) = Report::new() else { return };
    let reader = r.version();
    let mut verdicts = std::collections::BTreeMap::new();
    for writer in OpenSslVersion::ALL {
        if writer == reader {
            continue;
        }
        let with_111 = writer == OpenSslVersion::V1_1_1 || reader == OpenSslVersion::V1_1_1;
        // Present, non-zero times only: an absent or zero one is each
        // reader's own clock.
        for time in EDGES.iter().flatten().filter(|&&t| t != 0) {
            for timeout in EDGES.iter().flatten().filter(|&&t| t != 0) {
                if (with_111 && long_overflows(*time, *timeout)) != overflowing {
                    continue;
                }
                // As the writer's i2d writes it (OpenSSL mode's encoding for
                // the writer, checked against that version's i2d on these
                // inputs by its run of oracle_edges.rs): a 3.x session
                // always has [19], a 1.1.1 one never.
                let input = time_edge_session(Some(*time), Some(*timeout));
                let Some(der) =
                    read_as(&input, writer).and_then(|s| encode(&s, Target::OpenSsl(writer)).ok())
                else {
                    continue;
                };
                // The writer may hold a time it cannot write (3.2+ keep
                // times as nanoseconds: 2^62 s is beyond them) and write none;
                // the session's time is then each reader's clock at its d2i,
                // which moves between the two d2i calls compared below.
                if read_as(&der, writer).and_then(|s| s.time()).unwrap_or(0) == 0 {
                    continue;
                }
                let name = format!("time {time}, timeout {timeout} by {writer}");
                r.count();
                let ours = readable_by(&der, writer, reader, 0);
                let observed = observe(&der, writer, reader);
                if !agrees(&ours, observed.as_ref()) {
                    r.fail(
                        &name,
                        &der,
                        format!("readable_by: {ours}\n  libssl {reader}: {observed:?}"),
                    );
                }
                let kind = match ours.verdict {
                    Verdict::ReadSame => "read the same",
                    Verdict::ReadDifferently => "read differently",
                    Verdict::Refused(_) => "refused",
                    _ => "not the writer's",
                };
                *verdicts.entry(kind).or_insert(0) += 1;
            }
        }
    }
    eprintln!("edge sessions of other versions read by OpenSSL {reader}: {verdicts:?}");
    r.finish(
        "cross-version edge times",
        if overflowing { 1 } else { 100 },
    );
}

/// Sessions at the edges of `time_t` and `OSSL_TIME` as written by each other
/// version (its OpenSSL mode, checked against its own libssl by its run of
/// `oracle_edges.rs` on the same inputs), read by the linked libssl, against
/// `readable_by`: where time and timeout are read differently, a rolling
/// upgrade must know.
#[test]
fn edge_times_of_other_versions_are_read_as_readable_by_says() {
    check_edge_times(false);
}

/// The same where 1.1.1's timeout check overflows `long` (time = i64::MIN
/// and the like: time i64::MIN, timeout i64::MAX never expires, as on 3.0;
/// time = timeout = i64::MIN expires from 1 on, as on 3.0), so that
/// `readable_by` reports no expiry difference that no clock shows.
#[test]
fn edge_times_where_111_overflows_are_read_as_readable_by_says() {
    check_edge_times(true);
}
