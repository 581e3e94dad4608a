//! What BoringSSL and AWS-LC answered on ~88 000 malformed and borderline
//! sessions made of their own recorded sessions, replayed here without
//! either library: `testdata/boringssl/verdicts.tsv` and
//! `testdata/aws-lc/verdicts.tsv` (`sslsession_testkit::verdicts`; recorded
//! by each oracle's `record-verdicts` binary from the real library, and
//! checked current by each oracle's own tests). For every input, the
//! dialect's two readers must do what the library's did —
//! `SSL_SESSION_from_bytes` (no trailing bytes) and `d2i_SSL_SESSION`
//! (trailing bytes allowed, and where it stopped) — and where the library
//! accepted, our encoder must write the bytes its `SSL_SESSION_to_bytes`
//! wrote; `detect` (asked about every eighth input) must name the library
//! as a reader exactly when `SSL_SESSION_from_bytes` accepted, and as a
//! writer exactly when the library wrote the input back unchanged.
//!
//! One deviation is counted, not failed (session-der README, "Known
//! differences"): the library accepts a value our model cannot hold
//! (`[1]` time ≥ 2^63, AWS-LC's `[5]` verify result > 2^31−1) and we refuse
//! it as `Unrepresentable`.
//!
//! These are the same inputs and verdicts as the oracles' `malformed.rs`;
//! here they also serve the mutation runs (scripts/mutants.sh), which do not
//! build the oracle workspaces.

// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use session_der::{
    decode_with, detect, encode, DecodeOptions, Dialect, ErrorKind, SessionRef, Target,
};
use sslsession_testkit::verdicts::{inputs_digest, RecordedLibrary, Recording, Verdict};

/// `detect` is asked about every this-many-th input.
const DETECT_EVERY: usize = 8;

/// What one of our readers did with an input: `Ok(None)` refused, `Ok(Some)`
/// bytes read and what our encoder writes for the session; `Err` for the
/// named deviation or an encoder failure.
type Outcome = Result<Option<(usize, Vec<u8>)>, String>;

fn ours(input: &[u8], dialect: Dialect, trailing: bool) -> Outcome {
    let opts = DecodeOptions::dialect(dialect).allow_trailing(trailing);
    match decode_with::<SessionRef<'_>>(input, &opts) {
        Err(e) if e.kind() == ErrorKind::Unrepresentable => Err("Unrepresentable".into()),
        Err(_) => Ok(None),
        Ok(d) => match encode(&d.session, Target::of_dialect(dialect)) {
            Ok(b) => Ok(Some((d.consumed, b.to_vec()))),
            Err(e) => Err(format!("accepted, but the encoder refuses: {e}")),
        },
    }
}

fn replay(dialect: Dialect, library: RecordedLibrary) {
    let inputs = &library.inputs();
    let recording = Recording::read(&library.recording_path());
    assert_eq!(
        recording.digest,
        inputs_digest(inputs.iter().map(|(_, i)| i.as_slice())),
        "the inputs are not those the recording was made of: run the oracle's \
         `cargo run --bin record-verdicts` (oracles/*/README.md)"
    );
    let (mut accepted, mut deviations) = (0usize, 0usize);
    let mut failures = Vec::new();
    let mut detected = 0usize;
    for (index, ((label, input), recorded)) in inputs.iter().zip(&recording.verdicts).enumerate() {
        let whole = ours(input, dialect, false);
        let with_trailing = ours(input, dialect, true);
        let unrepresentable = |o: &Outcome| matches!(o, Err(e) if e == "Unrepresentable");
        if recorded.from_bytes.is_some()
            && unrepresentable(&whole)
            && unrepresentable(&with_trailing)
        {
            deviations += 1;
            continue;
        }
        let mine = match (&whole, &with_trailing) {
            (Ok(w), Ok(t)) => Verdict::of(
                input,
                w.as_ref().map(|(_, b)| b.as_slice()),
                t.as_ref().map(|(n, b)| (*n, b.as_slice())),
            ),
            (Err(e), _) | (_, Err(e)) => {
                failures.push(format!("{label}: ours: {e}"));
                continue;
            }
        };
        if mine != *recorded {
            failures.push(format!(
                "{label}: {} {recorded:x?}, ours {mine:x?}",
                recording.library
            ));
        }
        accepted += usize::from(recorded.from_bytes.is_some());
        // `detect` tries every dialect on the input, ten times the two
        // decodes above in a debug build: every eighth input is asked (the
        // oracles' `malformed` tests ask it about every one, live).
        if index % DETECT_EVERY != 0 {
            continue;
        }
        detected += 1;
        let found = detect(input);
        let reads = found.candidates().contains(&dialect);
        let writes = found.writers().contains(&dialect);
        let writes_back = whole
            .as_ref()
            .is_ok_and(|w| w.as_ref().is_some_and(|(_, b)| b == input));
        if reads != recorded.from_bytes.is_some() || writes != writes_back {
            failures.push(format!(
                "{label}: detect: reader {reads}, writer {writes}; {} reads it: {}, writes it back: {writes_back}",
                recording.library,
                recorded.from_bytes.is_some()
            ));
        }
    }
    println!(
        "{dialect}: {} inputs, {accepted} accepted by SSL_SESSION_from_bytes, {deviations} named \
         deviations, {detected} asked of detect, {} disagreements",
        inputs.len(),
        failures.len()
    );
    assert!(inputs.len() > 10_000, "only {} inputs", inputs.len());
    assert!(
        failures.is_empty(),
        "{} of {} inputs: we disagree with the recorded {}:\n{}",
        failures.len(),
        inputs.len(),
        recording.library,
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn boringssl_dialect_agrees_with_boringssls_recorded_verdicts() {
    replay(Dialect::BoringSsl, RecordedLibrary::BoringSsl);
}

#[test]
fn aws_lc_dialect_agrees_with_aws_lcs_recorded_verdicts() {
    replay(Dialect::AwsLc, RecordedLibrary::AwsLc);
}
