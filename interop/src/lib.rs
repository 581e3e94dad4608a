//! Helpers for live handshakes with the installed OpenSSL.
