//! See `sslsession_oracles::codec::model_roundtrip` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_oracles::codec::model_roundtrip(data, sslsession_oracles::Known::Tolerate);
});
