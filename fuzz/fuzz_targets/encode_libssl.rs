//! See `sslsession_oracles::differential::encode_libssl` for the properties
//! checked. Needs the `libssl` feature.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_oracles::differential::encode_libssl(data, sslsession_oracles::Known::Tolerate);
});
