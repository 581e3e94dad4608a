//! See `sslsession_benches::oracle::decode_openssl` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_benches::oracle::decode_openssl(data, sslsession_benches::oracle::Known::Tolerate);
});
