#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
// Without `libssl` nothing here calls C: the pure-Rust build has no unsafe code at all.
#![cfg_attr(not(feature = "libssl"), forbid(unsafe_code))]

pub mod codec;
#[cfg(feature = "libssl")]
pub mod differential;
#[cfg(feature = "libssl")]
pub mod ffi;
#[cfg(feature = "libssl")]
pub mod libssl;
pub mod record;

/// What to do about a finding already reported against `session-der` and
/// not fixed yet (each listed in `fuzz/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// Let it pass, so that fuzzing goes on finding new things (the fuzz targets).
    Tolerate,
    /// Treat it as the violation it is (`fuzz/regressions/open/` replays inputs
    /// this way and expects the panic, so a fix is noticed).
    Report,
}

/// An oracle: the fuzzer's bytes, and what to do about known findings.
pub type Oracle = fn(&[u8], Known);

/// The oracles by fuzz target name (the file names in `fuzz/fuzz_targets/`
/// and the folders in `fuzz/regressions/`): those of this build, so the three
/// that call libssl only with the `libssl` feature.
pub const TARGETS: &[(&str, Oracle)] = &[
    ("decode_strict", codec::decode_strict),
    ("decode_openssl", codec::decode_openssl),
    ("model_roundtrip", codec::model_roundtrip),
    ("decode_dialects", codec::decode_dialects),
    ("pem", codec::pem_armour),
    ("serde_record", record::serde_record),
    #[cfg(feature = "libssl")]
    ("differential_libssl", differential::differential_libssl),
    #[cfg(feature = "libssl")]
    ("encode_libssl", differential::encode_libssl),
    #[cfg(feature = "libssl")]
    ("ffi", ffi::ffi),
];

/// The oracle for a target name.
pub fn by_name(name: &str) -> Option<Oracle> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}
