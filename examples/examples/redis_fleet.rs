//! Two TLS terminators share one Redis cache: one stores the session, the
//! other resumes it. Redis expires entries itself (`SET … EX`).
//!
//! `REDIS_URL=redis://127.0.0.1:6379/ cargo run -p sslsession-examples --example redis_fleet`
//! (without `REDIS_URL`, a private `redis-server` is started on a free port).

use openssl::ssl::SslVersion;
use sslsession_examples::{unix_now, Key, RedisStore, SessionStore};
use sslsession_interop::{Options, Server};
use sslsession_testkit::services::RedisServer;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let private;
    let url = match std::env::var("REDIS_URL") {
        Ok(url) => url,
        Err(_) => {
            private = RedisServer::start()?;
            println!("started a private redis-server at {}", private.url());
            private.url()
        }
    };
    let mut terminator_a = RedisStore::connect_with_prefix(&url, "sslsession-example:")?;
    let mut terminator_b = RedisStore::connect_with_prefix(&url, "sslsession-example:")?;
    let server = Server::new(Options::new(SslVersion::TLS1_3))?;
    let key = Key::Peer("server.test:443".into());

    let first = server.handshake(None)?;
    terminator_a.put(&key, &session_der::decode(&first.client_der)?, unix_now())?;
    let ttl: i64 = redis::cmd("TTL")
        .arg(terminator_a.redis_key(&key))
        .query(terminator_a.connection())?;
    println!("terminator A stored the session; Redis will expire it in {ttl} s");

    let session = terminator_b
        .get(&key, unix_now())?
        .ok_or("not in the cache")?;
    let der = session_der::encode(&session, session_der::Target::Auto)?;
    let second = server.handshake(Some(&der))?;
    println!(
        "terminator B resumed: client {}, server {}",
        second.client_reused, second.server_reused
    );
    terminator_b.remove(&key)?;
    if second.client_reused && second.server_reused {
        Ok(())
    } else {
        Err("not resumed".into())
    }
}
