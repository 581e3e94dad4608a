//! The caches against the `openssl` binary: our client cache resuming with
//! `openssl s_server`, and `openssl s_client` resuming with our server cache
//! (a fleet of two contexts on one store).

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use common::{backends, client_builder, identity, name, offer_of, server_builder, VERSIONS};
use openssl::ssl::{Ssl, SslContext, SslVersion};
use session_store::{PeerKey, SessionStore};
use session_store_openssl::{ClientCache, ServerCache};

/// The `openssl` binary, or why not (a skip unless oracles are required).
fn openssl_binary() -> Option<&'static str> {
    let found = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("SSLSESSION_REQUIRE_ORACLES").is_none_or(|v| v != "1"),
            "the openssl binary is required (SSLSESSION_REQUIRE_ORACLES=1)"
        );
        println!("SKIPPED: no openssl binary");
    }
    found.then_some("openssl")
}

fn flag(version: SslVersion) -> &'static str {
    if version == SslVersion::TLS1_3 {
        "-tls1_3"
    } else {
        "-tls1_2"
    }
}

/// The test identity as PEM files in a directory of this test run.
fn pem_files(tag: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "session-store-openssl-{tag}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let (cert, key) = identity();
    let (c, k) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&c, cert.to_pem().expect("pem")).expect("write");
    std::fs::write(&k, key.private_key_to_pem_pkcs8().expect("pem")).expect("write");
    (dir, c, k)
}

/// `openssl s_server` killed on drop.
struct SServer(Child);

impl Drop for SServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// One HTTP/1.0 request to `s_server -www` through a connection prepared by
/// `cache`: (what was offered, whether the client resumed, the page, whose
/// "New"/"Reused" line is the server's view).
fn fetch_page(
    port: u16,
    client: &SslContext,
    cache: &ClientCache,
) -> (Option<Vec<u8>>, bool, String) {
    let mut ssl = Ssl::new(client).expect("ssl");
    cache
        .prepare(&mut ssl, &PeerKey::new("server.test", port))
        .expect("prepare");
    let offered = ssl.session().map(offer_of);
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut stream = ssl.connect(tcp).expect("handshake");
    stream.write_all(b"GET / HTTP/1.0\r\n\r\n").expect("write");
    let mut page = Vec::new();
    let _ = stream.read_to_end(&mut page);
    let reused = stream.ssl().session_reused();
    let _ = stream.shutdown();
    (offered, reused, String::from_utf8_lossy(&page).into_owned())
}

#[test]
fn the_client_cache_resumes_with_openssl_s_server() {
    let Some(openssl) = openssl_binary() else {
        return;
    };
    let (_dir, cert, key) = pem_files("s_server");
    for version in VERSIONS {
        for (backend, store) in backends() {
            let what = format!("{backend}, {}", name(version));
            let port = free_port();
            let _server = SServer(
                Command::new(openssl)
                    .args(["s_server", "-www", "-quiet", flag(version), "-accept"])
                    .arg(format!("127.0.0.1:{port}"))
                    .arg("-cert")
                    .arg(&cert)
                    .arg("-key")
                    .arg(&key)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("s_server"),
            );
            let deadline = Instant::now() + Duration::from_secs(10);
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "{what}: s_server did not start");
                thread::sleep(Duration::from_millis(20));
            }
            let cache = ClientCache::new(Arc::clone(&store));
            let mut b = client_builder(version);
            cache.install(&mut b).expect("install");
            let client = b.build();

            let mut offers = Vec::new();
            for i in 0..6 {
                let (offered, reused, page) = fetch_page(port, &client, &cache);
                // s_server's own report (print_connection_info in -www mode).
                let server_says_reused = page.contains("Reused, ");
                assert!(
                    page.contains("New, ") || server_says_reused,
                    "{what}: page {page}"
                );
                assert_eq!(reused, server_says_reused, "{what}: connection {i}");
                assert_eq!(reused, i > 0, "{what}: connection {i}");
                offers.extend(offered);
            }
            let distinct: HashSet<&Vec<u8>> = offers.iter().collect();
            let expected = if version == SslVersion::TLS1_3 { 5 } else { 1 };
            assert_eq!(distinct.len(), expected, "{what}");
        }
    }
}

/// Serves `n` connections with `ctx`, each: handshake, 5 bytes,
/// close_notify; whether each resumed.
fn serve(listener: TcpListener, ctx: SslContext, n: usize) -> thread::JoinHandle<Vec<bool>> {
    thread::spawn(move || {
        (0..n)
            .map(|_| {
                let (tcp, _) = listener.accept().expect("accept");
                let mut stream = Ssl::new(&ctx).expect("ssl").accept(tcp).expect("handshake");
                stream.write_all(b"hello").expect("write");
                let reused = stream.ssl().session_reused();
                let _ = stream.shutdown();
                let mut rest = Vec::new();
                let _ = stream.read_to_end(&mut rest);
                reused
            })
            .collect()
    })
}

/// `openssl s_client` with a session file: its "New"/"Reused" line.
fn s_client(
    openssl: &str,
    port: u16,
    version: SslVersion,
    sess_in: Option<&PathBuf>,
    sess_out: &PathBuf,
) -> String {
    let mut cmd = Command::new(openssl);
    cmd.args(["s_client", "-ign_eof", flag(version), "-connect"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-sess_out")
        .arg(sess_out)
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    if let Some(file) = sess_in {
        cmd.arg("-sess_in").arg(file);
    }
    let out = cmd.output().expect("s_client");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find(|l| l.starts_with("New, ") || l.starts_with("Reused, "))
        .unwrap_or_else(|| panic!("no New/Reused line in {text}"))
        .to_owned()
}

#[test]
fn openssl_s_client_resumes_with_a_fleet_sharing_the_server_cache() {
    let Some(openssl) = openssl_binary() else {
        return;
    };
    let (dir, _, _) = pem_files("s_client");
    for version in VERSIONS {
        for (backend, store) in backends() {
            let what = format!("{backend}, {}", name(version));
            let server = |store: &Arc<dyn SessionStore>| {
                let mut b = server_builder(version);
                ServerCache::new(Arc::clone(store), b"fleet")
                    .install(&mut b)
                    .expect("install");
                b.build()
            };
            let (a, b) = (server(&store), server(&store));
            let (la, lb) = (
                TcpListener::bind("127.0.0.1:0").expect("bind"),
                TcpListener::bind("127.0.0.1:0").expect("bind"),
            );
            let (pa, pb) = (
                la.local_addr().expect("addr").port(),
                lb.local_addr().expect("addr").port(),
            );
            let on_a = serve(la, a, 2);
            let on_b = serve(lb, b, 1);
            let (s1, s2, s3) = (dir.join("1.pem"), dir.join("2.pem"), dir.join("3.pem"));

            let first = s_client(openssl, pa, version, None, &s1);
            assert!(first.starts_with("New, "), "{what}: {first}");
            // B resumes the session A made.
            let second = s_client(openssl, pb, version, Some(&s1), &s2);
            assert!(second.starts_with("Reused, "), "{what}: {second}");
            // The same session again, on A: TLS 1.2 resumes; the TLS 1.3
            // ticket was spent on B.
            let third = s_client(openssl, pa, version, Some(&s1), &s3);
            let again = version == SslVersion::TLS1_2;
            assert_eq!(third.starts_with("Reused, "), again, "{what}: {third}");

            assert_eq!(on_a.join().expect("A"), [false, again], "{what}");
            assert_eq!(on_b.join().expect("B"), [true], "{what}");
        }
    }
}
