//! Serde adapter (in progress).
