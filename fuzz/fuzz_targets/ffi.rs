//! See `sslsession_oracles::ffi::ffi` for the properties checked. Needs the
//! `libssl` feature.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_oracles::ffi::ffi(data, sslsession_oracles::Known::Tolerate);
});
