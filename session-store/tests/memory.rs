//! The memory backend keeps every backend rule.

use session_store::{conformance, MemoryBackend};

#[test]
fn memory_backend_keeps_the_backend_rules() {
    conformance::run_all(MemoryBackend::new(1024));
}

#[test]
fn memory_backend_stays_within_its_bound() {
    conformance::bounded(&MemoryBackend::new(20), 20);
}
