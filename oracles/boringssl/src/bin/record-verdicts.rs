//! Records BoringSSL's verdicts on the malformed and borderline sessions made
//! of `testdata/boringssl` (`sslsession_testkit::verdicts::RecordedLibrary::BoringSsl`)
//! into `testdata/boringssl/verdicts.tsv`, which session-der's
//! `tests/recorded_verdicts.rs` replays without BoringSSL. Run it (with
//! test.sh's CARGO_TARGET_DIR) when the generator or the recorded sessions
//! change: `tests/recorded_verdicts.rs` here fails until it is.

fn main() {
    use sslsession_testkit::verdicts::RecordedLibrary;
    println!(
        "{}",
        RecordedLibrary::BoringSsl.record(sslsession_oracle_boringssl::verdicts)
    );
}
