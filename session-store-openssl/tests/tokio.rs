//! The tokio caches with tokio-openssl handshakes over loopback: async
//! stores behind the synchronous OpenSSL callbacks, on multi-thread and
//! current-thread runtimes, and a synchronous store over `Blocking` inside a
//! runtime.

mod common;

use std::collections::HashSet;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use common::{client_builder, config, keys, name, offer_of, server_builder, store_on, VERSIONS};
use openssl::ssl::{Ssl, SslContext, SslRef, SslSession, SslVersion};
use session_store::{
    AsyncSessionStore, AsyncStore, Blocking, MemoryBackend, Offload, PeerKey, ServerKey,
    SessionStore,
};
use session_store_openssl::{
    AsyncClientCache, AsyncServerCache, CacheError, ClientCache, ServerCache,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_openssl::SslStream;

type MemStore = AsyncStore<MemoryBackend>;

fn async_store() -> Arc<MemStore> {
    Arc::new(AsyncStore::with_config(
        MemoryBackend::new(1000),
        keys(),
        config(),
    ))
}

/// A client store with room for `n` tickets per peer.
fn async_store_for(n: usize) -> Arc<MemStore> {
    Arc::new(AsyncStore::with_config(
        MemoryBackend::new(1000),
        keys(),
        config().tickets_per_peer(n),
    ))
}

fn peer() -> PeerKey {
    PeerKey::new("server.test", 443)
}

struct Outcome {
    client_reused: bool,
    server_reused: bool,
    offered: Option<Vec<u8>>,
    session: Option<SslSession>,
}

/// Serves one connection with `ctx`: handshake, 5 bytes, read to the end,
/// close_notify. Whether it resumed.
async fn serve_one(listener: TcpListener, ctx: SslContext) -> bool {
    let (tcp, _) = listener.accept().await.expect("accept");
    let mut stream = SslStream::new(Ssl::new(&ctx).expect("ssl"), tcp).expect("stream");
    Pin::new(&mut stream)
        .accept()
        .await
        .expect("server handshake");
    stream.write_all(b"hello").await.expect("write");
    let reused = stream.ssl().session_reused();
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest).await;
    let _ = stream.shutdown().await;
    reused
}

/// One tokio-openssl handshake: a server task on `server`, a client
/// connection `prepare`d by the async client cache, which is flushed after
/// the connection so its new sessions are stored.
async fn connect(
    server: &SslContext,
    client: &SslContext,
    cache: &AsyncClientCache<impl AsyncSessionStore + 'static>,
) -> Outcome {
    let outcome = connect_with(server, client, async |ssl: &mut SslRef| {
        cache.prepare(ssl, &peer()).await.expect("prepare")
    })
    .await;
    cache.flush().await;
    outcome
}

/// One tokio-openssl handshake with the client connection readied by
/// `prepare` (which says whether it offered a session).
async fn connect_with(
    server: &SslContext,
    client: &SslContext,
    prepare: impl AsyncFnOnce(&mut SslRef) -> bool,
) -> Outcome {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accept = tokio::spawn(serve_one(listener, server.clone()));
    let mut ssl = Ssl::new(client).expect("ssl");
    let prepared = prepare(&mut ssl).await;
    assert_eq!(prepared, ssl.session().is_some());
    let offered = ssl.session().map(offer_of);
    let tcp = TcpStream::connect(addr).await.expect("connect");
    let mut stream = SslStream::new(ssl, tcp).expect("stream");
    Pin::new(&mut stream)
        .connect()
        .await
        .expect("client handshake");
    let mut buf = [0u8; 5];
    stream.read_exact(&mut buf).await.expect("read");
    let client_reused = stream.ssl().session_reused();
    let session = stream.ssl().session().map(ToOwned::to_owned);
    let _ = stream.shutdown().await;
    drop(stream);
    let server_reused = accept.await.expect("server task");
    Outcome {
        client_reused,
        server_reused,
        offered,
        session,
    }
}

fn async_server(
    version: SslVersion,
    cache: &AsyncServerCache<impl AsyncSessionStore + 'static>,
) -> SslContext {
    let mut b = server_builder(version);
    cache.install(&mut b).expect("install");
    b.build()
}

fn async_client(
    version: SslVersion,
    cache: &AsyncClientCache<impl AsyncSessionStore + 'static>,
) -> SslContext {
    let mut b = client_builder(version);
    cache.install(&mut b).expect("install");
    b.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tokio_fleet_and_client_resume_through_async_stores() {
    for version in VERSIONS {
        fleet_and_client(version, "memory", async_store(), async_store()).await;
        // SQLite from async code: the sync backend behind Offload.
        let sqlite = || {
            Arc::new(AsyncStore::with_config(
                Offload::new(common::sqlite()),
                keys(),
                config(),
            ))
        };
        fleet_and_client(version, "sqlite", sqlite(), sqlite()).await;
    }
}

async fn fleet_and_client<S: AsyncSessionStore + 'static>(
    version: SslVersion,
    backend: &str,
    server_store: Arc<S>,
    client_store: Arc<S>,
) {
    let what = format!("{backend}, {}", name(version));
    // Two server contexts (a fleet) on one async store.
    let a = async_server(
        version,
        &AsyncServerCache::new(server_store.clone(), b"fleet"),
    );
    let b = async_server(
        version,
        &AsyncServerCache::new(server_store.clone(), b"fleet"),
    );
    let cache = AsyncClientCache::new(client_store.clone());
    let client = async_client(version, &cache);

    let first = connect(&a, &client, &cache).await;
    assert!(first.offered.is_none() && !first.server_reused, "{what}");
    let mut offers = Vec::new();
    for i in 0..10 {
        let server = if i % 2 == 0 { &b } else { &a };
        let o = connect(server, &client, &cache).await;
        assert!(o.client_reused && o.server_reused, "{what}: connection {i}");
        offers.push(o.offered.expect("offered"));
    }
    let distinct: HashSet<&Vec<u8>> = offers.iter().collect();
    if version == SslVersion::TLS1_3 {
        assert_eq!(distinct.len(), offers.len(), "{what}: every ticket once");
    } else {
        assert_eq!(distinct.len(), 1, "{what}: the TLS 1.2 session stays");
    }
    assert_eq!(server_store.stats().hits, 10, "{what}");
    assert!(client_store.stats().stored >= 1, "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_tokio_clients_never_share_a_tls13_ticket() {
    let version = SslVersion::TLS1_3;
    let server = async_server(version, &AsyncServerCache::new(async_store(), b"svc"));
    // Room for 16 tickets: 8 tasks × (one in flight + 2 per full handshake)
    // never clip the stock, so it runs dry only before the first handshakes
    // complete — at most one full handshake per task.
    let cache = Arc::new(AsyncClientCache::new(async_store_for(16)));
    let client = async_client(version, &cache);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (server, client, cache) = (server.clone(), client.clone(), Arc::clone(&cache));
        tasks.spawn(async move {
            let mut outcomes = Vec::new();
            for _ in 0..5 {
                let o = connect(&server, &client, &cache).await;
                outcomes.push((o.offered, o.server_reused));
            }
            outcomes
        });
    }
    let mut offers = Vec::new();
    while let Some(outcomes) = tasks.join_next().await {
        for (offered, reused) in outcomes.expect("task") {
            // The server store hands each ticket out once: an offer that
            // does not resume would be a ticket offered twice.
            assert_eq!(offered.is_some(), reused);
            offers.extend(offered);
        }
    }
    let distinct: HashSet<&Vec<u8>> = offers.iter().collect();
    assert_eq!(distinct.len(), offers.len(), "a ticket offered twice");
    assert!(offers.len() >= 32, "{} of 40 resumed", offers.len());
}

#[test]
fn a_sync_server_cache_over_a_blocking_store_works_inside_tokio() {
    // `Blocking` runs its own runtime, which cannot be entered from a
    // runtime's worker; the server cache leaves the worker first
    // (block_in_place), so a Redis or PostgreSQL store behind Blocking
    // serves a tokio-openssl server. Built and dropped outside the runtime
    // (a runtime cannot be dropped inside another).
    let store = store_on(Blocking::new(MemoryBackend::new(100)).expect("blocking"));
    let dyn_store: Arc<dyn SessionStore> = store.clone();
    let contexts: Vec<(SslVersion, SslContext)> = VERSIONS
        .iter()
        .map(|&v| {
            let mut b = server_builder(v);
            ServerCache::new(Arc::clone(&dyn_store), b"svc")
                .install(&mut b)
                .expect("install");
            (v, b.build())
        })
        .collect();
    // And sync client caches on Blocking stores (one per version: the peer
    // is the same), used from async code.
    let clients: Vec<(ClientCache, SslContext)> = VERSIONS
        .iter()
        .map(|&v| {
            let store = store_on(Blocking::new(MemoryBackend::new(100)).expect("blocking"));
            let cache = ClientCache::new(store);
            let mut b = client_builder(v);
            cache.install(&mut b).expect("install");
            (cache, b.build())
        })
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        // The reason: called directly on the runtime, Blocking panics.
        let direct =
            std::panic::catch_unwind(|| store.get_server(&ServerKey::new(&[1; 32], b"svc"), 0));
        assert!(direct.is_err(), "Blocking inside a runtime");

        for ((version, server), (cache, client)) in contexts.iter().zip(&clients) {
            let prepare = async |ssl: &mut SslRef| cache.prepare(ssl, &peer()).expect("prepare");
            let first = connect_with(server, client, prepare).await;
            assert!(!first.server_reused);
            let second = connect_with(server, client, prepare).await;
            assert!(
                second.server_reused && second.client_reused,
                "{}",
                name(*version)
            );
        }
    });
    drop(runtime);
    assert_eq!(store.stats().hits, 2);
    for (cache, _) in &clients {
        assert_eq!(cache.store().stats().hits, 1);
    }
}

#[test]
fn contexts_holding_blocking_stores_can_be_dropped_inside_tokio() {
    // A certificate reload or a shutdown in `async fn main` drops the last
    // `SslContext` inside async code; the store over `Blocking` goes with it,
    // in OpenSSL's C ex_data free callback. Tokio panics when a runtime is
    // dropped inside async code, and a panic there aborts the process: the
    // wrapper shuts its runtime down without blocking instead (review B1).
    let store: Arc<dyn SessionStore> =
        store_on(Blocking::new(MemoryBackend::new(100)).expect("blocking"));
    let mut builder = server_builder(SslVersion::TLS1_3);
    ServerCache::new(Arc::clone(&store), b"svc")
        .install(&mut builder)
        .expect("install");
    let context = builder.build();
    drop(store);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        tokio::spawn(async move { drop(context) })
            .await
            .expect("the context drops in a task without a panic");
    });
    // And a store dropped directly on a worker.
    let store = store_on(Blocking::new(MemoryBackend::new(100)).expect("blocking"));
    runtime.block_on(async move {
        tokio::spawn(async move { drop(store) })
            .await
            .expect("the store drops in a task without a panic");
    });
}

#[test]
fn an_async_server_cache_on_a_current_thread_runtime_makes_full_handshakes() {
    // A current-thread runtime's one thread cannot block on the store: every
    // lookup and store is a miss, reported, and the handshakes complete.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let seen: Arc<Mutex<Vec<bool>>> = Arc::default();
    let log = Arc::clone(&seen);
    runtime.block_on(async {
        let server_store = async_store();
        let server = async_server(
            SslVersion::TLS1_2,
            &AsyncServerCache::new(server_store.clone(), b"svc").on_error(move |e: &CacheError| {
                log.lock()
                    .expect("log")
                    .push(matches!(e, CacheError::NoRuntime));
            }),
        );
        // The client cache only spawns a task: it works here.
        let cache = AsyncClientCache::new(async_store());
        let client = async_client(SslVersion::TLS1_2, &cache);
        let first = connect(&server, &client, &cache).await;
        let session = first.session.expect("session");
        assert!(!session.id().is_empty());
        let second = connect(&server, &client, &cache).await;
        assert!(second.offered.is_some(), "the client cache offered");
        assert!(!second.server_reused, "the server could not look it up");
        assert_eq!(server_store.stats().lookups(), 0);
    });
    let seen = seen.lock().expect("log");
    assert!(!seen.is_empty() && seen.iter().all(|&no_runtime| no_runtime));
}

#[test]
fn an_async_server_cache_drives_its_runtime_from_plain_threads() {
    // A synchronous OpenSSL server on plain threads with an async store:
    // the callbacks run the store's futures on the runtime the cache was
    // made in.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let store = async_store();
    let cache = {
        let _in_runtime = runtime.enter();
        AsyncServerCache::new(store.clone(), b"svc")
    };
    for version in VERSIONS {
        let server = async_server(version, &cache);
        let client = client_builder(version).build();
        let first = common::handshake(&server, &client, |_| {});
        let session = first.session.expect("session");
        let second = common::handshake(&server, &client, |ssl| {
            common::offer_session(ssl, &session);
        });
        assert!(second.server_reused, "{}", name(version));
    }
    assert_eq!(store.stats().hits, 2);
    drop(cache);
    drop(runtime);
}
