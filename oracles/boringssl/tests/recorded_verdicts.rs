//! `testdata/boringssl/verdicts.tsv` is what this BoringSSL answers now, on
//! the inputs the generator makes now: the recording session-der's tests
//! replay (`session-der/tests/recorded_verdicts.rs`) stays true. When it
//! fails, run `cargo run --bin record-verdicts` (README.md).

use sslsession_testkit::verdicts::RecordedLibrary;

#[test]
fn the_recorded_verdicts_are_boringssls() {
    RecordedLibrary::BoringSsl.assert_recording_current(sslsession_oracle_boringssl::verdicts);
}
