//! See `sslsession_benches::serde_oracle::serde_record` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_benches::serde_oracle::serde_record(
        data,
        sslsession_benches::oracle::Known::Tolerate,
    );
});
