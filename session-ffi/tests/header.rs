//! The committed C header is exactly what cbindgen (the pinned version)
//! generates from the sources, and names this crate's version.

use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn header_is_up_to_date() {
    let dir = crate_dir();
    let config =
        cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml parses");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let committed =
        std::fs::read(dir.join("include/sslsession/sslsession.h")).expect("committed header");
    assert!(
        generated == committed,
        "include/sslsession/sslsession.h is stale: run\n  cbindgen --config cbindgen.toml --output include/sslsession/sslsession.h\n(in session-ffi/, with cbindgen 0.29.4)"
    );
}

#[test]
fn header_version_matches_cargo_toml() {
    let header = std::fs::read_to_string(crate_dir().join("include/sslsession/sslsession.h"))
        .expect("committed header");
    let version = header
        .lines()
        .find_map(|l| l.strip_prefix("#define SSLSESSION_VERSION "))
        .map(|v| v.trim().trim_matches('"'))
        .expect("SSLSESSION_VERSION in the header");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
}
