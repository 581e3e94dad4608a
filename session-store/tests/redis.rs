//! The Redis backend keeps every backend rule, on one server and on a
//! 3-master Redis Cluster, natively async and behind `Blocking`; it fails
//! fast and recovers by itself when Redis dies, hangs or restarts; and Redis's
//! `maxmemory` with `volatile-ttl` bounds it, evicting what expires first.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use session_store::redis::{RedisBackend, RedisConfig};
use session_store::{
    conformance, unix_now, AsyncBackend, AsyncSessionStore, AsyncStore, Backend, Entry, KeyRing,
    PeerKey, SealingKey, ServerKey, SessionStore, Store, StoreError,
};
use sslsession_testkit::services::{or_skip, RedisCluster, RedisServer};

/// A connection of the test's own, for what the backend does not offer.
fn admin(redis: &RedisServer) -> ::redis::Connection {
    ::redis::Client::open(redis.url())
        .unwrap()
        .get_connection()
        .unwrap()
}

fn now() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

#[test]
fn redis_backend_keeps_the_backend_rules() {
    let Some(redis) = or_skip(RedisServer::start()) else {
        return;
    };
    conformance::run_all(RedisBackend::blocking(RedisConfig::new(redis.url())).unwrap());
}

#[test]
fn redis_cluster_backend_keeps_the_backend_rules() {
    let Some(cluster) = or_skip(RedisCluster::start(3)) else {
        return;
    };
    // Any one node is enough to find the others.
    let backend =
        RedisBackend::blocking(RedisConfig::cluster(cluster.urls().into_iter().take(1))).unwrap();
    conformance::run_all(backend);
}

#[test]
fn redis_cluster_purge_reaches_every_master() {
    let Some(cluster) = or_skip(RedisCluster::start(3)) else {
        return;
    };
    let b = RedisBackend::blocking(RedisConfig::cluster(cluster.urls())).unwrap();
    let t = now();
    // 60 slots and 20 lists spread over the 16384 hash slots, so over all
    // three masters; half of them expired at `t + 100`.
    for i in 0..60 {
        let life = if i % 2 == 0 { 10 } else { 1000 };
        b.put(
            &format!("purge:s:{{slot{i}}}"),
            &Entry::new(b"v", Some(t + life), false),
        )
        .unwrap();
    }
    for i in 0..20 {
        let list = format!("purge:c:{{peer{i}}}");
        b.push(&list, &Entry::new(b"old", Some(t + 10), true), 8)
            .unwrap();
        b.push(&list, &Entry::new(b"new", Some(t + 1000), true), 8)
            .unwrap();
    }
    let mut per_node = Vec::new();
    for url in cluster.urls() {
        let mut node = ::redis::Client::open(url)
            .unwrap()
            .get_connection()
            .unwrap();
        let keys: u64 = ::redis::cmd("DBSIZE").query(&mut node).unwrap();
        per_node.push(keys);
    }
    assert!(
        per_node.iter().all(|&n| n > 0),
        "the keys landed on every master: {per_node:?}"
    );
    assert_eq!(b.purge_expired(t + 100).unwrap(), 30 + 20);
    for i in 0..60 {
        let found = b.fetch(&format!("purge:s:{{slot{i}}}"), t).unwrap();
        assert_eq!(found.is_some(), i % 2 == 1, "slot {i}");
    }
    for i in 0..20 {
        let list = format!("purge:c:{{peer{i}}}");
        assert_eq!(b.pop(&list, t).unwrap().as_deref(), Some(&b"new"[..]));
        assert_eq!(b.pop(&list, t).unwrap(), None, "the expired member is gone");
    }
}

/// The single-use race natively async: 64 tasks on a multi-threaded runtime
/// over a pool of 4 connections race for each single-use slot and list
/// member; each goes to exactly one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn single_use_entries_go_to_one_of_many_tasks() {
    let Some(redis) = or_skip(RedisServer::start()) else {
        return;
    };
    let backend = Arc::new(
        RedisBackend::connect(RedisConfig::new(redis.url()).pool_size(4))
            .await
            .unwrap(),
    );
    let t = now();
    for round in 0..20 {
        let slot = format!("race:s:{{{round}}}");
        let list = format!("race:c:{{{round}}}");
        backend
            .put(&slot, &Entry::new(b"ticket", Some(t + 100), true))
            .await
            .unwrap();
        for m in 0..16 {
            let sealed = format!("m{m}");
            backend
                .push(
                    &list,
                    &Entry::new(sealed.as_bytes(), Some(t + 100 + m), true),
                    32,
                )
                .await
                .unwrap();
        }
        let slot_hits = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let (backend, slot, list) = (Arc::clone(&backend), slot.clone(), list.clone());
                let slot_hits = Arc::clone(&slot_hits);
                tokio::spawn(async move {
                    if backend.fetch(&slot, t).await.unwrap().is_some() {
                        slot_hits.fetch_add(1, Ordering::SeqCst);
                    }
                    backend.pop(&list, t).await.unwrap()
                })
            })
            .collect();
        let mut handed = Vec::new();
        for task in tasks {
            handed.extend(task.await.unwrap());
        }
        assert_eq!(slot_hits.load(Ordering::SeqCst), 1, "round {round}");
        assert_eq!(handed.len(), 16, "every member handed out (round {round})");
        handed.sort();
        handed.dedup();
        assert_eq!(handed.len(), 16, "none handed out twice (round {round})");
    }
}

/// What an operation did and how long it took.
fn timed<T>(op: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = op();
    (result, started.elapsed())
}

/// One of each operation: the errors, and the longest time one took.
fn every_op(b: &dyn Backend, t: i64) -> (Vec<bool>, Duration) {
    let mut ok = Vec::new();
    let mut longest = Duration::ZERO;
    let mut note = |(r, d): (bool, Duration)| {
        ok.push(r);
        longest = longest.max(d);
    };
    note(timed(|| {
        b.put("restart:s:{a}", &Entry::new(b"v", Some(t + 100), false))
            .is_ok()
    }));
    note(timed(|| b.fetch("restart:s:{a}", t).is_ok()));
    note(timed(|| b.remove("restart:s:{a}").is_ok()));
    note(timed(|| {
        b.push("restart:c:{b}", &Entry::new(b"v", Some(t + 100), true), 4)
            .is_ok()
    }));
    note(timed(|| b.pop("restart:c:{b}", t).is_ok()));
    (ok, longest)
}

#[test]
fn a_dead_or_hung_redis_fails_fast_and_a_restarted_one_is_used_again() {
    let Some(mut redis) = or_skip(RedisServer::start()) else {
        return;
    };
    let timeout = Duration::from_millis(200);
    // Scheduling on a loaded 2-core machine may add to the timeout, never
    // seconds of it.
    let bound = timeout + Duration::from_millis(300);
    let b = RedisBackend::blocking(RedisConfig::new(redis.url()).timeout(timeout)).unwrap();
    let t = now();
    b.put(
        "restart:s:{x}",
        &Entry::new(b"before", Some(t + 100), false),
    )
    .unwrap();

    // Killed: refused connections, every operation fails within the bound.
    redis.stop();
    let mut longest = Duration::ZERO;
    for _ in 0..5 {
        let (ok, took) = every_op(&b, t);
        assert!(ok.iter().all(|ok| !ok), "Redis is down: {ok:?}");
        longest = longest.max(took);
    }
    assert!(longest <= bound, "a failing operation took {longest:?}");
    let _ = writeln!(
        std::io::stderr(),
        "redis down: slowest failing operation {longest:?} (timeout {timeout:?})"
    );

    // Started again on the same port: the same backend recovers by itself.
    redis.start_again().unwrap();
    let started = Instant::now();
    while b.fetch("restart:s:{x}", t).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "no recovery within 5 s of the restart"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let recovered = started.elapsed();
    let _ = writeln!(
        std::io::stderr(),
        "redis restarted: first success after {recovered:?}"
    );
    // The data went with the old process (no persistence); the scripts are
    // loaded again on their first NOSCRIPT.
    assert_eq!(b.fetch("restart:s:{x}", t).unwrap(), None);
    for _ in 0..20 {
        let (ok, _) = every_op(&b, t);
        assert!(ok.iter().all(|ok| *ok), "after recovery: {ok:?}");
    }
    b.put("restart:s:{x}", &Entry::new(b"after", Some(t + 100), true))
        .unwrap();
    assert_eq!(
        b.fetch("restart:s:{x}", t).unwrap().as_deref(),
        Some(&b"after"[..])
    );

    // Hung (SIGSTOP: connections open, no answer): the timeout alone bounds
    // each operation.
    redis.pause().unwrap();
    let (ok, took) = every_op(&b, t);
    redis.resume().unwrap();
    assert!(ok.iter().all(|ok| !ok), "Redis is hung: {ok:?}");
    assert!(
        took >= timeout && took <= bound,
        "a hung operation took {took:?}"
    );
    let _ = writeln!(
        std::io::stderr(),
        "redis hung: slowest operation {took:?} (timeout {timeout:?})"
    );
    let started = Instant::now();
    while !every_op(&b, t).0.iter().all(|ok| *ok) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "no recovery within 5 s of SIGCONT"
        );
    }
}

/// The global bound: Redis's `maxmemory` with `volatile-ttl` keeps the cache
/// within its memory, evicting the entries that expire first.
#[test]
fn maxmemory_with_volatile_ttl_evicts_what_expires_first() {
    let Some(redis) = or_skip(RedisServer::start()) else {
        return;
    };
    let mut conn = admin(&redis);
    let info = |admin: &mut ::redis::Connection, field: &str| -> u64 {
        let text: String = ::redis::cmd("INFO").query(admin).unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let baseline = info(&mut conn, "used_memory");
    let max = baseline + 4 * 1024 * 1024;
    for (k, v) in [
        ("maxmemory", max.to_string()),
        ("maxmemory-policy", "volatile-ttl".to_owned()),
        ("maxmemory-samples", "10".to_owned()),
    ] {
        let () = ::redis::cmd("CONFIG")
            .arg("SET")
            .arg(k)
            .arg(v)
            .query(&mut conn)
            .unwrap();
    }
    let b = RedisBackend::blocking(redis.url()).unwrap();
    let t = now();
    // 20,000 entries of 500 bytes (about 10 MB of payload, 2.5 times the
    // room), each expiring a second after the previous; every 10th a list
    // member, the rest slots.
    let sealed = vec![0x5a; 500];
    let n = 20_000;
    for i in 0..n {
        let e = Entry::new(&sealed, Some(t + 1000 + i), false);
        if i % 10 == 0 {
            b.push(&format!("bound:c:{{{i}}}"), &e, 4).unwrap();
        } else {
            b.put(&format!("bound:s:{{{i}}}"), &e).unwrap();
        }
    }
    let used = info(&mut conn, "used_memory");
    let evicted = info(&mut conn, "evicted_keys");
    // Redis evicts before it runs a write, so the last writes may overshoot
    // by about their own size.
    assert!(
        used <= max + 64 * 1024,
        "used_memory {used} > maxmemory {max}"
    );
    assert!(evicted > 0, "Redis evicted nothing");
    let present = |i: i64| {
        if i % 10 == 0 {
            b.pop(&format!("bound:c:{{{i}}}"), t).unwrap().is_some()
        } else {
            b.fetch(&format!("bound:s:{{{i}}}"), t).unwrap().is_some()
        }
    };
    let kept: Vec<i64> = (0..n).filter(|&i| present(i)).collect();
    let count = |range: std::ops::Range<i64>| {
        i64::try_from(kept.iter().filter(|i| range.contains(i)).count()).unwrap()
    };
    let first_quarter = count(0..n / 4);
    let last_tenth = count(n - n / 10..n);
    let _ = writeln!(
        std::io::stderr(),
        "maxmemory {max}: used {used}, {evicted} evicted, {} of {n} kept, {first_quarter} of \
         the first quarter, {last_tenth} of the last tenth",
        kept.len()
    );
    // volatile-ttl samples keys (maxmemory-samples) rather than sorting
    // them all, so the order is approximate: nearly none of the earliest,
    // nearly all of the latest.
    assert!(
        first_quarter * 100 <= n / 4,
        "{first_quarter} of the entries expiring first survived"
    );
    assert!(
        last_tenth * 100 >= n / 10 * 99,
        "only {last_tenth} of the entries expiring last were kept"
    );
}

/// The key layout's TTLs: a slot lives in Redis until one second after its
/// `expires_at`, a list until one second after its member expiring last,
/// entries that never expire for `max_ttl` (or without a TTL); and purge and
/// fetch leave data of other formats alone.
#[test]
fn keys_carry_ttls_from_expiry_and_other_data_is_left_alone() {
    let Some(redis) = or_skip(RedisServer::start()) else {
        return;
    };
    let mut conn = admin(&redis);
    let mut ttl = |key: &str| -> i64 { ::redis::cmd("PTTL").arg(key).query(&mut conn).unwrap() };
    let day = Duration::from_secs(86_400);
    let b = RedisBackend::blocking(RedisConfig::new(redis.url()).max_ttl(Some(day))).unwrap();
    let t = now();
    let ms = |s: i64| s * 1000;

    b.put("ttl:s:{a}", &Entry::new(b"x", Some(t + 100), false))
        .unwrap();
    let left = ttl("ttl:s:{a}");
    assert!(
        (ms(99)..=ms(101)).contains(&left),
        "to the end of the second expires_at: {left} ms"
    );
    b.put("ttl:s:{never}", &Entry::new(b"x", None, false))
        .unwrap();
    let left = ttl("ttl:s:{never}");
    assert!(
        (ms(86_399)..=ms(86_400)).contains(&left),
        "max_ttl: {left} ms"
    );

    b.push("ttl:c:{l}", &Entry::new(b"a", Some(t + 100), true), 4)
        .unwrap();
    b.push("ttl:c:{l}", &Entry::new(b"b", Some(t + 300), true), 4)
        .unwrap();
    b.push("ttl:c:{l}", &Entry::new(b"c", Some(t + 200), false), 4)
        .unwrap();
    let left = ttl("ttl:c:{l}");
    assert!(
        (ms(299)..=ms(301)).contains(&left),
        "the list lives as long as its last member: {left} ms"
    );
    assert_eq!(b.pop("ttl:c:{l}", t).unwrap().as_deref(), Some(&b"b"[..]));
    let left = ttl("ttl:c:{l}");
    assert!(
        (ms(199)..=ms(201)).contains(&left),
        "then as long as the next: {left} ms"
    );
    b.push("ttl:c:{l}", &Entry::new(b"d", None, true), 4)
        .unwrap();
    let left = ttl("ttl:c:{l}");
    assert!(
        (ms(86_399)..=ms(86_400)).contains(&left),
        "a member that never expires: max_ttl ({left} ms)"
    );
    // Expiry beyond year 9999 is "never" for Redis's clock.
    b.put("ttl:s:{far}", &Entry::new(b"x", Some(i64::MAX), false))
        .unwrap();
    assert!(ttl("ttl:s:{far}") > ms(86_399));
    assert!(b.fetch("ttl:s:{far}", t).unwrap().is_some());

    let forever = RedisBackend::blocking(RedisConfig::new(redis.url()).max_ttl(None)).unwrap();
    forever
        .put("ttl:s:{forever}", &Entry::new(b"x", None, false))
        .unwrap();
    assert_eq!(ttl("ttl:s:{forever}"), -1, "no TTL without max_ttl");

    // Keys of other namespaces: an entry of another store (expired at 5), and
    // another application's data that happens to match the key layout.
    let () = ::redis::cmd("SET")
        .arg("other:s:{x}")
        .arg("1:0:5:not ours")
        .arg("PX")
        .arg(60_000)
        .query(&mut conn)
        .unwrap();
    let () = ::redis::cmd("SET")
        .arg("other:s:{y}")
        .arg("plain text")
        .query(&mut conn)
        .unwrap();
    let _: u64 = ::redis::cmd("ZADD")
        .arg("other:c:{z}")
        .arg(1)
        .arg("member")
        .query(&mut conn)
        .unwrap();
    assert!(
        b.fetch("other:s:{y}", t).is_err(),
        "a value of another format is an error, not an entry"
    );
    // Only `ttl:s:{a}` (expires_at t + 100) and the slot in another format
    // that looks like ours (expires_at 5) are expired at t + 1000 among the
    // slots; of the list, `a` and `c` are.
    let purged = b.purge_expired(t + 1000).unwrap();
    assert_eq!(purged, 1 + 1 + 2);
    let exists = |admin: &mut ::redis::Connection, key: &str| -> bool {
        ::redis::cmd("EXISTS").arg(key).query(admin).unwrap()
    };
    assert!(exists(&mut conn, "other:s:{y}"), "plain text is left alone");
    assert!(exists(&mut conn, "other:c:{z}"), "a foreign sorted set too");
    let scoped = RedisBackend::blocking(
        RedisConfig::new(redis.url()).purge_scope(&session_store::Namespace::new("ttl")),
    )
    .unwrap();
    b.put("other:s:{old}", &Entry::new(b"x", Some(t + 10), false))
        .unwrap();
    assert_eq!(
        scoped.purge_expired(t + 1000).unwrap(),
        0,
        "outside the scope"
    );
    assert_eq!(b.purge_expired(t + 1000).unwrap(), 1);
}

/// A cluster node killed mid-run: operations on its slots fail within the
/// timeout while the other masters keep serving theirs; once it is back
/// (same port, same cluster identity, empty), the same backend uses it
/// again.
#[test]
fn a_cluster_node_restart_fails_fast_and_recovers_by_itself() {
    let Some(mut cluster) = or_skip(RedisCluster::start(3)) else {
        return;
    };
    let timeout = Duration::from_millis(200);
    let bound = timeout + Duration::from_millis(300);
    let b = RedisBackend::blocking(RedisConfig::cluster(cluster.urls()).timeout(timeout)).unwrap();
    let t = now();
    let keys: Vec<String> = (0..12).map(|i| format!("node:s:{{k{i}}}")).collect();
    for key in &keys {
        b.put(key, &Entry::new(b"v", Some(t + 100), false)).unwrap();
    }

    cluster.stop_node(0);
    let (mut served, mut failed, mut longest) = (0, 0, Duration::ZERO);
    for key in &keys {
        let (result, took) = timed(|| b.fetch(key, t));
        longest = longest.max(took);
        match result {
            Ok(found) => {
                assert!(found.is_some(), "{key} on a live master");
                served += 1;
            }
            Err(_) => failed += 1,
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "cluster node down: {served} served, {failed} failed, slowest {longest:?}"
    );
    assert!(longest <= bound, "an operation took {longest:?}");
    assert!(failed > 0, "some of 12 keys live on the killed master");
    assert!(served > 0, "the other masters kept serving");

    cluster.start_node(0).unwrap();
    let started = Instant::now();
    while !keys.iter().all(|key| b.fetch(key, t).is_ok()) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no recovery within 10 s of the node's return"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = writeln!(
        std::io::stderr(),
        "cluster node restarted: every key answered after {:?}",
        started.elapsed()
    );
    for key in &keys {
        b.put(key, &Entry::new(b"again", Some(t + 100), true))
            .unwrap();
        assert_eq!(b.fetch(key, t).unwrap().as_deref(), Some(&b"again"[..]));
    }
}

/// A session made now, as `i2d_SSL_SESSION` would write it: TLS 1.3 (single
/// use) or TLS 1.2, session id `[id; 32]`, a master key of 0xA5 bytes, good
/// for 300 s.
fn session_now(tls13: bool, id: u8, now: i64) -> Vec<u8> {
    use session_der::session_model::{CipherSuite, OwnedSession, ProtocolVersion, Session};
    let (version, suite) = if tls13 {
        (ProtocolVersion::TLS1_3, 0x1301)
    } else {
        (ProtocolVersion::TLS1_2, 0xC02F)
    };
    let mut s: OwnedSession = Session::new(version, CipherSuite(suite));
    s.set_session_id(vec![id; 32]).unwrap();
    s.set_master_key(vec![0xA5; 48]).unwrap();
    s.set_time(Some(now));
    s.set_timeout(Some(300));
    session_der::encode(&s, session_der::Target::Auto)
        .unwrap()
        .as_slice()
        .to_vec()
}

fn ring() -> KeyRing {
    KeyRing::new(1, SealingKey::new([0x42; 32]))
}

/// Two servers of a fleet, each with its own store on the same Redis: a TLS
/// 1.2 session one stored resumes on the other as often as asked, a TLS 1.3
/// one once in the whole fleet; Redis holds only sealed bytes; a dead Redis is
/// an error the store counts, not a hang.
#[test]
fn a_fleet_shares_sessions_through_redis() {
    let Some(mut redis) = or_skip(RedisServer::start()) else {
        return;
    };
    let config = RedisConfig::new(redis.url()).timeout(Duration::from_millis(200));
    let a = Store::new(RedisBackend::blocking(config.clone()).unwrap(), ring());
    let b = Store::new(RedisBackend::blocking(config).unwrap(), ring());
    let t = unix_now();

    let der12 = session_now(false, 1, t);
    let key12 = ServerKey::new(&[1; 32], b"");
    a.put_server_der(&key12, &der12, t).unwrap();
    let der13 = session_now(true, 2, t);
    let key13 = ServerKey::new(&[2; 32], b"");
    a.put_server_der(&key13, &der13, t).unwrap();

    // At rest: no key or value in Redis holds the master key.
    let mut conn = admin(&redis);
    let keys: Vec<String> = ::redis::cmd("KEYS").arg("*").query(&mut conn).unwrap();
    assert_eq!(keys.len(), 2, "{keys:?}");
    for key in keys {
        let ty: String = ::redis::cmd("TYPE").arg(&key).query(&mut conn).unwrap();
        let values: Vec<Vec<u8>> = match ty.as_str() {
            "string" => vec![::redis::cmd("GET").arg(&key).query(&mut conn).unwrap()],
            _ => ::redis::cmd("ZRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query(&mut conn)
                .unwrap(),
        };
        for v in values {
            assert!(
                !v.windows(48).any(|w| w == [0xA5; 48]),
                "{key} holds the master key in clear"
            );
        }
    }

    for _ in 0..3 {
        let got = b
            .get_server(&key12, t + 10)
            .unwrap()
            .expect("TLS 1.2 resumes");
        assert_eq!(got.der(), der12.as_slice());
    }
    assert!(
        b.get_server(&key12, t + 301).unwrap().is_none(),
        "expired after time + timeout"
    );

    let got = b
        .get_server(&key13, t)
        .unwrap()
        .expect("TLS 1.3 resumes once");
    assert_eq!(got.der(), der13.as_slice());
    assert!(a.get_server(&key13, t).unwrap().is_none(), "and only once");
    assert!(b.get_server(&key13, t).unwrap().is_none());

    redis.stop();
    let (result, took) = timed(|| a.get_server(&key12, t));
    assert!(matches!(result, Err(StoreError::Backend(_))), "{result:?}");
    assert!(took <= Duration::from_millis(500), "took {took:?}");
    assert_eq!(a.stats().backend_errors, 1);
}

/// A client on tokio keeps several tickets per peer in Redis: each TLS 1.3
/// ticket is taken once, newest-expiring first; a TLS 1.2 session stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_async_client_takes_each_ticket_once() {
    let Some(redis) = or_skip(RedisServer::start()) else {
        return;
    };
    let backend = RedisBackend::connect(RedisConfig::new(redis.url()))
        .await
        .unwrap();
    let store = AsyncStore::new(backend, ring());
    let peer = PeerKey::new("example.com", 443);
    let t = unix_now();
    let tickets: Vec<Vec<u8>> = (0..3u8)
        .map(|i| session_now(true, 10 + i, t + i64::from(i)))
        .collect();
    for der in &tickets {
        store.put_client_der(&peer, der, t + 2).await.unwrap();
    }
    for want in tickets.iter().rev() {
        let got = store
            .take_client(&peer, t + 2)
            .await
            .unwrap()
            .expect("a ticket");
        assert_eq!(got.der(), want.as_slice(), "the one expiring last first");
    }
    assert!(store.take_client(&peer, t + 2).await.unwrap().is_none());

    let other = PeerKey::new("example.org", 443);
    let der12 = session_now(false, 20, t);
    store.put_client_der(&other, &der12, t).await.unwrap();
    for _ in 0..2 {
        let got = store.take_client(&other, t).await.unwrap().expect("stays");
        assert_eq!(got.der(), der12.as_slice());
    }
}

/// Usability follows the caller's clock only: a caller whose `now` is years
/// behind this host's (a test's fixed clock, a skewed host) reads its entries
/// as its clock says, and Redis keeps them `min_ttl` long.
#[test]
fn a_caller_with_another_clock_keeps_its_entries() {
    let Some(redis) = or_skip(RedisServer::start()) else {
        return;
    };
    let mut conn = admin(&redis);
    let mut ttl = |key: &str| -> i64 { ::redis::cmd("PTTL").arg(key).query(&mut conn).unwrap() };
    let b = RedisBackend::blocking(RedisConfig::new(redis.url()).min_ttl(Duration::from_secs(30)))
        .unwrap();
    let past = 1_500_000_000; // 2017-07-14
    b.put("clock:s:{a}", &Entry::new(b"x", Some(past + 10), false))
        .unwrap();
    assert!(b.fetch("clock:s:{a}", past + 10).unwrap().is_some());
    assert_eq!(b.fetch("clock:s:{a}", past + 11).unwrap(), None);
    b.put("clock:s:{b}", &Entry::new(b"y", Some(past + 10), false))
        .unwrap();
    let left = ttl("clock:s:{b}");
    assert!((29_000..=30_000).contains(&left), "min_ttl: {left} ms");

    b.push(
        "clock:c:{l}",
        &Entry::new(b"early", Some(past + 5), true),
        4,
    )
    .unwrap();
    b.push(
        "clock:c:{l}",
        &Entry::new(b"late", Some(past + 300), true),
        4,
    )
    .unwrap();
    let left = ttl("clock:c:{l}");
    assert!((29_000..=30_000).contains(&left), "min_ttl: {left} ms");
    assert_eq!(
        b.pop("clock:c:{l}", past).unwrap().as_deref(),
        Some(&b"late"[..])
    );
    assert_eq!(
        b.pop("clock:c:{l}", past + 6).unwrap(),
        None,
        "early expired"
    );
}
