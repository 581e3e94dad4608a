//! Malformed and edge-case inputs made from every recorded AWS-LC session
//! (src/mutate.rs: truncations, bit flips, elements removed, duplicated,
//! swapped, lengths changed, explicit defaults, non-minimal integers,
//! BoringSSL-only tags [31]-[33], size and value limits, other versions and
//! cipher codes, trailing data): AWS-LC's verdict against ours, through both
//! of its readers — `SSL_SESSION_from_bytes` (ours with
//! `allow_trailing(false)`) and `d2i_SSL_SESSION` (ours with
//! `DecodeOptions::dialect(Dialect::AwsLc)`, trailing bytes allowed). Where
//! both accept, our encoding must be the bytes AWS-LC writes for what it
//! read, and d2i must stop at the same byte.
//!
//! Two tests: the session codec's mutants, and the certificates' (each node
//! of the leaf and of the first chain certificate re-encoded, field-level
//! variants, and bit flips inside `[3]`/`[19]`), reported apart: our check of
//! the certificates inside AWS-LC sessions reproduces AWS-LC's `d2i_X509`. One named deviation is counted,
//! not failed: `[1]` time ≥ 2^63 and `[5]` verify result > 2^31−1, which
//! AWS-LC holds and we refuse on purpose (`ErrorKind::Unrepresentable`,
//! session-der README "Known differences").

use session_der::{
    decode_with, detect, encode, DecodeOptions, Dialect, ErrorKind, SessionRef, Target,
};

const UNREPRESENTABLE: &str = "refuses: Unrepresentable";
use sslsession_oracle_aws_lc::{der, mutate, recordings, Session};
use std::collections::BTreeMap;

/// One reader's outcome: refused, or (bytes consumed, bytes written back).
type Outcome = Option<(usize, Vec<u8>)>;

fn aws_lc(input: &[u8], d2i: bool) -> Outcome {
    if d2i {
        Session::d2i(input).map(|(s, used)| (used, s.to_bytes()))
    } else {
        Session::from_bytes(input).map(|s| (input.len(), s.to_bytes()))
    }
}

/// Ours; `Err` when we accept and cannot encode. A refusal with
/// `Unrepresentable` is reported as such (the named deviation).
fn ours(input: &[u8], d2i: bool) -> Result<Outcome, String> {
    let opts = DecodeOptions::dialect(Dialect::AwsLc).allow_trailing(d2i);
    match decode_with::<SessionRef<'_>>(input, &opts) {
        Err(e) if e.kind() == ErrorKind::Unrepresentable => Err(UNREPRESENTABLE.into()),
        Err(_) => Ok(None),
        Ok(d) => match encode(&d.session, Target::AwsLc) {
            Ok(b) => Ok(Some((d.consumed, b.to_vec()))),
            Err(e) => Err(format!("accepted but encode failed: {e}")),
        },
    }
}

/// Which top-level element of `session` holds byte `at` ("[3]", "tag 0x04"…).
fn element_at(session: &[u8], at: usize) -> String {
    let Some(elements) = der::split(session) else {
        return "?".into();
    };
    let mut pos = session.len() - elements.iter().map(|e| e.bytes.len()).sum::<usize>();
    if at < pos {
        return "outer header".into();
    }
    for e in &elements {
        if at < pos + e.bytes.len() {
            return match e.context_number() {
                Some(n) => format!("[{n}]"),
                None => format!("tag {:#04x}", e.tag),
            };
        }
        pos += e.bytes.len();
    }
    "after".into()
}

/// The mutant's kind without its numbers, and for byte-level ones the
/// element the byte belongs to.
fn category(session: &[u8], name: &str) -> String {
    let kind: String = name.split_whitespace().next().unwrap_or("").to_string();
    match kind.as_str() {
        "cert" => name.split(" at ").next().unwrap_or(name).to_string(),
        "flip" | "truncate" => {
            let at: usize = name[kind.len() + 1..]
                .split('.')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            format!("{kind} in {}", element_at(session, at))
        }
        _ => name.to_string(),
    }
}

/// Whether mutant `name` of `session` is about the certificates: a
/// certificate-level mutant, or a bit flip inside `[3]`/`[19]`.
fn about_certificates(session: &[u8], name: &str) -> bool {
    let c = category(session, name);
    name.starts_with("cert ") || c == "flip in [3]" || c == "flip in [19]"
}

#[test]
fn codec_mutations_aws_lc_and_we_agree() {
    run("codec", |session, name| !about_certificates(session, name));
}

/// Our check of `[3]`/`[19]` is AWS-LC's template `d2i_X509` (BER taken,
/// RFC 5280 times and the X.509 version rules of its `x509_cb`).
#[test]
fn certificate_mutations_aws_lc_and_we_agree() {
    run("certificate", about_certificates);
}

fn run(label: &str, select: fn(&[u8], &str) -> bool) {
    let exhaustive = std::env::var("AWS_LC_MUTATE_SAMPLED").is_err();
    let mut deviations = 0usize;
    let mut detections = 0usize;
    let (mut total, mut both_accept, mut both_refuse) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    let mut by_category: BTreeMap<String, usize> = BTreeMap::new();
    let mut distinct = std::collections::HashSet::new();
    let mut name_limits_made = false;
    for r in recordings() {
        let mut all = mutate::mutants(&r.der, exhaustive);
        all.extend(mutate::certificate_mutants(&r.der));
        // As recorded (testkit's aws_lc_inputs): the Names at X509_NAME_MAX
        // on the first session with a certificate.
        if !name_limits_made {
            let limits = mutate::name_limit_mutants(&r.der);
            name_limits_made = !limits.is_empty();
            all.extend(limits);
        }
        for m in all {
            if !select(&r.der, &m.name) || !distinct.insert(m.bytes.clone()) {
                continue;
            }
            for d2i in [false, true] {
                total += 1;
                let theirs = aws_lc(&m.bytes, d2i);
                let mine = ours(&m.bytes, d2i);
                if !d2i && !matches!(&mine, Err(e) if e == UNREPRESENTABLE) {
                    // detect() (which reads as from_bytes does) names AWS-LC
                    // as a reader exactly when AWS-LC reads the blob, and as a
                    // writer exactly when it writes the same bytes back.
                    let found = detect(&m.bytes);
                    let reads = found.candidates().contains(&Dialect::AwsLc);
                    let writes = found.writers().contains(&Dialect::AwsLc);
                    let really_writes = theirs.as_ref().is_some_and(|(_, b)| *b == m.bytes);
                    detections += 1;
                    if reads != theirs.is_some() || writes != really_writes {
                        *by_category
                            .entry(format!(
                                "detect: {} (AWS-LC reads {}, writes back {}; detect says {reads}, {writes})",
                                category(&r.der, &m.name),
                                theirs.is_some(),
                                really_writes
                            ))
                            .or_default() += 1;
                        disagreements.push(format!(
                            "{} / {} / detect: {}\n  input {}",
                            r.name,
                            m.name,
                            found.reason(),
                            hex::encode(&m.bytes)
                        ));
                    }
                }
                match (&theirs, &mine) {
                    (None, Ok(None)) => both_refuse += 1,
                    // The named deviation: AWS-LC holds the value, we refuse it
                    // as Unrepresentable (and nothing else may differ).
                    (Some(_), Err(e)) if e == UNREPRESENTABLE => deviations += 1,
                    (Some(t), Ok(Some(o))) if t == o => both_accept += 1,
                    _ => {
                        let verdict = |a: bool| if a { "accepts" } else { "refuses" };
                        let line = format!(
                            "{} / {} / {}: AWS-LC {}, ours {}",
                            r.name,
                            m.name,
                            if d2i { "d2i" } else { "from_bytes" },
                            verdict(theirs.is_some()),
                            match &mine {
                                Ok(o) => verdict(o.is_some()).to_string(),
                                Err(e) => e.clone(),
                            },
                        );
                        *by_category
                            .entry(format!(
                                "{} (AWS-LC {}, ours {})",
                                category(&r.der, &m.name),
                                verdict(theirs.is_some()),
                                verdict(matches!(mine, Ok(Some(_)))),
                            ))
                            .or_default() += 1;
                        disagreements.push(format!("{line}\n  input {}", hex::encode(&m.bytes)));
                    }
                }
            }
        }
    }
    println!(
        "{label}: {total} verdicts on {} distinct inputs: {both_accept} both accept (same bytes), \
         {both_refuse} both refuse, {deviations} named deviations (AWS-LC accepts, we refuse as \
         Unrepresentable: [1] time >= 2^63, [5] verify result > 2^31-1), {detections} detect() \
         checks, {} disagree",
        distinct.len(),
        disagreements.len()
    );
    for (c, n) in &by_category {
        println!("DISAGREE {n:6} x {c}");
    }
    if !disagreements.is_empty() {
        let file = std::env::temp_dir().join(format!("aws-lc-malformed-{label}-disagreements.txt"));
        let _ = std::fs::write(&file, disagreements.join("\n"));
        println!("every disagreement with its input: {}", file.display());
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements (by kind above)",
        disagreements.len()
    );
}
