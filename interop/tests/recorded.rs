//! Real sessions each OpenSSL version made, kept in `testdata/openssl-VERSION/`
//! with what that version's libssl read from them (`.json`, written by
//! `tests/handshakes.rs` linked to that version; `oracles/openssl/snapshot.sh`
//! copies them): OpenSSL mode for that version reads every value its getters
//! reported, and writes back its `i2d` and PEM. Needs no oracle, so it runs on
//! every machine; the oracle runs check the same on every session they make.

// Test code: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use session_der::session_model::{CowSession, OpenSslVersion};
use session_der::{decode_with, DecodeOptions};
use sslsession_interop::compare::Report;
use sslsession_interop::libssl::Read;
use sslsession_testkit::workspace_root;

#[test]
fn recorded_sessions_of_every_version_read_as_their_libssl_read_them() {
    let mut versions = 0;
    for v in OpenSslVersion::ALL {
        let dir = workspace_root().join(format!("testdata/openssl-{v}"));
        let Ok(files) = sslsession_interop::der_files(&dir) else {
            continue;
        };
        assert!(!files.is_empty(), "{}: no sessions", dir.display());
        let mut r = Report::for_version(v);
        for path in &files {
            let der = std::fs::read(path).unwrap();
            let json = std::fs::read_to_string(path.with_extension("json")).unwrap();
            let theirs = Read::from_json(&serde_json::from_str(&json).unwrap())
                .unwrap_or_else(|| panic!("{}: not a record", path.display()));
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            r.count();
            let decoded = decode_with::<CowSession<'_>>(&der, &DecodeOptions::openssl_version(v));
            match decoded {
                Ok(d) => {
                    if d.consumed != theirs.consumed {
                        r.fail(&name, &der, format!("consumed {}", d.consumed));
                    }
                    r.compare_read(&name, &der, &d.session, &theirs);
                }
                Err(e) => r.fail(&name, &der, format!("OpenSSL mode rejects it: {e}")),
            }
        }
        r.finish(&format!("testdata/openssl-{v}"), files.len());
        versions += 1;
    }
    // 1.1.1, 3.5, 3.6 and 4.0 (3.0's sessions are the corpus's).
    assert!(
        versions >= 4,
        "only {versions} versions have recorded sessions"
    );
}
