//! One server of a fleet: serves TLS on a loopback port, resuming through a
//! session-store on the backend given, and prints `listening ADDR` once it
//! accepts. It exits when its standard input closes (so it never outlives
//! the test that started it).
//!
//! ```text
//! store_server --backend redis --url redis://127.0.0.1:6379/ \
//!     --cert cert.pem --key key.pem [--port 0] [--timeout-ms 250] \
//!     [--key-id 1 --key-hex <64 hex digits>]
//! ```

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::Arc;
use std::time::Duration;

use session_store::{KeyRing, SealingKey};
use sslsession_store_fleet::{open_store, tls, BackendKind, Error, Protection};

struct Args {
    backend: BackendKind,
    cert: PathBuf,
    key: PathBuf,
    port: u16,
    timeout: Duration,
    keys: KeyRing,
}

fn unhex(s: &str) -> Result<Vec<u8>, Error> {
    if !s.len().is_multiple_of(2) {
        return Err("odd number of hex digits".into());
    }
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(Into::into))
        .collect()
}

fn parse() -> Result<Args, Error> {
    let mut it = std::env::args().skip(1);
    let (mut backend, mut url, mut cert, mut key) = (None, String::new(), None, None);
    let (mut port, mut timeout_ms, mut key_id, mut key_hex) = (0u16, 250u64, 1u32, None);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--backend" => backend = Some(value()?),
            "--url" => url = value()?,
            "--cert" => cert = Some(PathBuf::from(value()?)),
            "--key" => key = Some(PathBuf::from(value()?)),
            "--port" => port = value()?.parse()?,
            "--timeout-ms" => timeout_ms = value()?.parse()?,
            "--key-id" => key_id = value()?.parse()?,
            "--key-hex" => key_hex = Some(value()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let sealing = match key_hex {
        Some(h) => SealingKey::from_slice(&unhex(&h)?)?,
        None => return Err("--key-hex is required (the fleet's shared sealing key)".into()),
    };
    Ok(Args {
        backend: BackendKind::parse(&backend.ok_or("--backend is required")?, &url)?,
        cert: cert.ok_or("--cert is required")?,
        key: key.ok_or("--key is required")?,
        port,
        timeout: Duration::from_millis(timeout_ms),
        keys: KeyRing::new(key_id, sealing),
    })
}

fn main() -> Result<(), Error> {
    let args = parse()?;
    let store = open_store(&args.backend, args.keys, Protection::Sealed, args.timeout)?;
    let ctx = tls::server_context(&args.cert, &args.key, Arc::clone(&store))?;
    let listener = TcpListener::bind(("127.0.0.1", args.port))?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        let (stop, errors) = (AtomicBool::new(false), Arc::new(AtomicU64::new(0)));
        tls::serve(&listener, &ctx, &store, &stop, &errors);
    });
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening {addr}")?;
    out.flush()?;
    drop(out);
    // Until the parent closes our stdin (or dies).
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    Ok(())
}
