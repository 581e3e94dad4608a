//! The runnable, tested examples of the sslsession workspace (see README.md):
//! [`session-store`](session_store) as OpenSSL's session cache, on SQLite,
//! Redis and PostgreSQL, proven with real handshakes that resume.
//!
//! This library holds only the plumbing the examples and their tests share
//! ([`tls`]: a certificate, TLS terminators on loopback, a client with its
//! own session cache); the caches themselves are set up in the examples.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod tls;
