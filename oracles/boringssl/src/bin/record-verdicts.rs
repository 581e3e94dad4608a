//! Records BoringSSL's verdicts on the malformed and borderline sessions made
//! of `testdata/boringssl` (`sslsession_testkit::verdicts::boringssl_inputs`)
//! into `testdata/boringssl/verdicts.tsv`, which session-der's
//! `tests/recorded_verdicts.rs` replays without BoringSSL. Run it (with
//! test.sh's CARGO_TARGET_DIR) when the generator or the recorded sessions
//! change: `tests/recorded_verdicts.rs` here fails until it is.

fn main() {
    let inputs = sslsession_testkit::verdicts::boringssl_inputs();
    let recording = sslsession_oracle_boringssl::verdicts(&inputs);
    let path = sslsession_testkit::recorded::boringssl_dir().join("verdicts.tsv");
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
