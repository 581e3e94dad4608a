//! See `sslsession_oracles::codec::decode_openssl` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_oracles::codec::decode_openssl(data, sslsession_oracles::Known::Tolerate);
});
