//! See `sslsession_oracles::codec::pem_armour` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_oracles::codec::pem_armour(data, sslsession_oracles::Known::Tolerate);
});
