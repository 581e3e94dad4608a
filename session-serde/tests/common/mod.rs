//! The corpus (see `sslsession-testkit`) and two named samples.
#![allow(dead_code, unused_imports, clippy::unwrap_used)]

pub use sslsession_testkit::{corpus_dir, corpus_sessions, hex};

/// One real TLS 1.3 and one TLS 1.2 session of the corpus (present in the subset too).
pub fn sample(name: &str) -> Vec<u8> {
    let p = corpus_dir().0.join("openssl-3.0").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A real TLS 1.3 client session with a ticket (in the subset too).
pub const TLS13_CLIENT: &str = "p00018-tls13-aes128gcm-client-t0.der";
/// A real TLS 1.2 client session with a ticket (in the subset too).
pub const TLS12_CLIENT: &str = "p00000-tls12-ecdhe-rsa-aes128gcm-client-t0.der";
