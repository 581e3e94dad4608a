//! Records AWS-LC's verdicts on the malformed and borderline sessions made
//! of `testdata/aws-lc` (`sslsession_testkit::verdicts::aws_lc_inputs`)
//! into `testdata/aws-lc/verdicts.tsv`, which session-der's
//! `tests/recorded_verdicts.rs` replays without AWS-LC. Run it (with
//! test.sh's CARGO_TARGET_DIR) when the generator or the recorded sessions
//! change: `tests/recorded_verdicts.rs` here fails until it is.

fn main() {
    let inputs = sslsession_testkit::verdicts::aws_lc_inputs();
    let recording = sslsession_oracle_aws_lc::verdicts(&inputs);
    let path = sslsession_testkit::recorded::aws_lc_dir().join("verdicts.tsv");
    std::fs::write(&path, recording.to_text()).expect("write verdicts.tsv");
    println!(
        "{}: {} inputs ({} accepted by SSL_SESSION_from_bytes, {} by d2i_SSL_SESSION)",
        path.display(),
        recording.verdicts.len(),
        recording
            .verdicts
            .iter()
            .filter(|v| v.from_bytes.is_some())
            .count(),
        recording
            .verdicts
            .iter()
            .filter(|v| v.d2i != sslsession_testkit::verdicts::D2i::Refused)
            .count()
    );
}
