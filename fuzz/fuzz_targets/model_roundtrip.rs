//! See `sslsession_benches::oracle::model_roundtrip` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_benches::oracle::model_roundtrip(data, sslsession_benches::oracle::Known::Tolerate);
});
