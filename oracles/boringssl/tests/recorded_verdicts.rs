//! `testdata/boringssl/verdicts.tsv` is what this BoringSSL answers now, on
//! the inputs the generator makes now: the recording session-der's tests
//! replay (`session-der/tests/recorded_verdicts.rs`) stays true. When it
//! fails, run `cargo run --bin record-verdicts` (README.md).

use sslsession_testkit::verdicts::{boringssl_inputs, Recording};

#[test]
fn the_recorded_verdicts_are_boringssls() {
    let path = sslsession_testkit::recorded::boringssl_dir().join("verdicts.tsv");
    let recorded = Recording::read(&path);
    let inputs = boringssl_inputs();
    let now = sslsession_oracle_boringssl::verdicts(&inputs);
    assert_eq!(
        recorded.digest, now.digest,
        "the inputs changed since the recording: run `cargo run --bin record-verdicts`"
    );
    let differ: Vec<String> = inputs
        .iter()
        .zip(recorded.verdicts.iter().zip(&now.verdicts))
        .filter(|(_, (r, n))| r != n)
        .map(|((label, _), (r, n))| format!("{label}: recorded {r:?}, BoringSSL now {n:?}"))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} verdicts differ:\n{}",
        differ.len(),
        inputs.len(),
        differ.join("\n")
    );
}
