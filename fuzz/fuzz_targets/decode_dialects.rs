//! See `sslsession_oracles::codec::decode_dialects` for the properties checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    sslsession_oracles::codec::decode_dialects(data, sslsession_oracles::Known::Tolerate);
});
