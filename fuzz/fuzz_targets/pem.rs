//! See `sslsession_benches::oracle::pem_armour` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_benches::oracle::pem_armour(data, sslsession_benches::oracle::Known::Tolerate);
});
