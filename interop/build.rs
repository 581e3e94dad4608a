//! Which libssl this crate is linked to, as `cfg`s: the functions the `openssl`
//! crate does not bind are declared in `src/libssl.rs` only when the linked
//! version has them (a static link against a version without one would fail).
//! `openssl-sys` (a direct dependency, `links = "openssl"`) hands the linked
//! `OPENSSL_VERSION_NUMBER` to this script as `DEP_OPENSSL_VERSION_NUMBER`.

fn main() {
    // Each cfg: first release that has the functions it gates.
    const CFGS: &[(&str, u64)] = &[
        // SSL_SESSION_get0_peer_rpk, SSL_{CTX_,}set1_{client,server}_cert_type,
        // SSL_get0_peer_rpk, SSL_get0_group_name (3.2).
        ("ossl320", 0x3020_0000),
        // SSL_SESSION_get_time_ex (3.3).
        ("ossl330", 0x3030_0000),
        // SSL_CTX_flush_sessions_ex (3.4).
        ("ossl340", 0x3040_0000),
    ];
    println!("cargo::rerun-if-env-changed=DEP_OPENSSL_VERSION_NUMBER");
    let number = std::env::var("DEP_OPENSSL_VERSION_NUMBER")
        .ok()
        .and_then(|v| u64::from_str_radix(&v, 16).ok())
        .unwrap_or(0);
    for (cfg, since) in CFGS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if number >= *since {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
