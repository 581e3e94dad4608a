//! `testdata/aws-lc/verdicts.tsv` is what this AWS-LC answers now, on
//! the inputs the generator makes now: the recording session-der's tests
//! replay (`session-der/tests/recorded_verdicts.rs`) stays true. When it
//! fails, run `cargo run --bin record-verdicts` (README.md).

use sslsession_testkit::verdicts::RecordedLibrary;

#[test]
fn the_recorded_verdicts_are_aws_lcs() {
    RecordedLibrary::AwsLc.assert_recording_current(sslsession_oracle_aws_lc::verdicts);
}
