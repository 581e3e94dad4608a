//! See `sslsession_benches::oracle::differential_libssl` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_benches::oracle::differential_libssl(
        data,
        sslsession_benches::oracle::Known::Tolerate,
    );
});
