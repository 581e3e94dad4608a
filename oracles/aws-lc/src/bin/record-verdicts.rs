//! Records AWS-LC's verdicts on the malformed and borderline sessions made
//! of `testdata/aws-lc` (`sslsession_testkit::verdicts::RecordedLibrary::AwsLc`)
//! into `testdata/aws-lc/verdicts.tsv`, which session-der's
//! `tests/recorded_verdicts.rs` replays without AWS-LC. Run it (with
//! test.sh's CARGO_TARGET_DIR) when the generator or the recorded sessions
//! change: `tests/recorded_verdicts.rs` here fails until it is.

fn main() {
    use sslsession_testkit::verdicts::RecordedLibrary;
    println!(
        "{}",
        RecordedLibrary::AwsLc.record(sslsession_oracle_aws_lc::verdicts)
    );
}
