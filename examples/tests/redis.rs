//! The `redis_fleet` example's claims, proven: two TLS terminators, each with
//! its own `Store` and connection on one private `redis-server`, resume each
//! other's sessions through `session_store_openssl::ServerCache` (real
//! OpenSSL handshakes, TLS 1.2 and 1.3), and a TLS 1.3 session resumes once.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::sync::Arc;

use session_store::redis::RedisBackend;
use session_store::{KeyRing, SealingKey, SessionStore, Store};
use sslsession_testkit::services::{or_skip, RedisServer};

fn store(url: &str) -> Arc<dyn SessionStore> {
    Arc::new(Store::new(
        RedisBackend::blocking(url).unwrap(),
        KeyRing::new(1, SealingKey::new([0x42; 32])),
    ))
}

#[test]
fn two_terminators_share_sessions_through_redis() {
    let Some(redis) = or_skip(RedisServer::start()) else {
        return;
    };
    common::prove_fleet("redis", store(&redis.url()), store(&redis.url()));
}
