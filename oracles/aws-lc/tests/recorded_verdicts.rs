//! `testdata/aws-lc/verdicts.tsv` is what this AWS-LC answers now, on
//! the inputs the generator makes now: the recording session-der's tests
//! replay (`session-der/tests/recorded_verdicts.rs`) stays true. When it
//! fails, run `cargo run --bin record-verdicts` (README.md).

use sslsession_testkit::verdicts::{aws_lc_inputs, Recording};

#[test]
fn the_recorded_verdicts_are_aws_lcs() {
    let path = sslsession_testkit::recorded::aws_lc_dir().join("verdicts.tsv");
    let recorded = Recording::read(&path);
    let inputs = aws_lc_inputs();
    let now = sslsession_oracle_aws_lc::verdicts(&inputs);
    assert_eq!(
        recorded.digest, now.digest,
        "the inputs changed since the recording: run `cargo run --bin record-verdicts`"
    );
    let differ: Vec<String> = inputs
        .iter()
        .zip(recorded.verdicts.iter().zip(&now.verdicts))
        .filter(|(_, (r, n))| r != n)
        .map(|((label, _), (r, n))| format!("{label}: recorded {r:?}, AWS-LC now {n:?}"))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} verdicts differ:\n{}",
        differ.len(),
        inputs.len(),
        differ.join("\n")
    );
}
