//! See `sslsession_oracles::record::serde_record` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_oracles::record::serde_record(data, sslsession_oracles::Known::Tolerate);
});
