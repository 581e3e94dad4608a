//! See `sslsession_benches::oracle::decode_strict` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_benches::oracle::decode_strict(data, sslsession_benches::oracle::Known::Tolerate);
});
