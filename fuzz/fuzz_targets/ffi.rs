//! See `sslsession_benches::ffi_oracle::ffi` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_benches::ffi_oracle::ffi(data, sslsession_benches::oracle::Known::Tolerate);
});
