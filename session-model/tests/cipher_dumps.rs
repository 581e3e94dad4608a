//! The cipher API against what each OpenSSL version's own table says, code by
//! code: `testdata/ciphers/openssl-VERSION.jsonl` is that version's libssl
//! dumped by `tools/dump_cipher_table.c` (every cipher `d2i_SSL_SESSION`
//! finds with `ssl3_get_cipher_by_id`, with `SSL_CIPHER_get_name`,
//! `SSL_CIPHER_standard_name` and `SSL_CIPHER_get_version`). Every one of the
//! 65 536 codes is asked of every version, so a lookup that answers for the
//! wrong version, row or code fails here (found by cargo-mutants: `info_in`
//! was only ever asked about 1.1.1).

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use session_model::{CipherInfo, CipherSuite, OpenSslVersion};

/// One dumped cipher: OpenSSL name, standard name (null in the dump when
/// OpenSSL has none), minimum protocol.
type Dumped = (String, Option<String>, String);

fn dump(version: OpenSslVersion) -> BTreeMap<u16, Dumped> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/ciphers")
        .join(format!("openssl-{version}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut table = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let code = u16::from_str_radix(v["code_hex"].as_str().unwrap(), 16).unwrap();
        let id = v["cipher_id"].as_u64().unwrap();
        // The dump's own check of the 32-bit id OpenSSL keeps for the code.
        assert_eq!(id, 0x0300_0000 | u64::from(code), "{version} {code:04X}");
        let std_name = v["cipher_std_name"].as_str().map(str::to_owned);
        let row = (
            v["cipher_name"].as_str().unwrap().to_owned(),
            std_name,
            v["version"].as_str().unwrap().to_owned(),
        );
        assert!(
            table.insert(code, row).is_none(),
            "{version}: {code:04X} twice"
        );
    }
    assert!(table.len() > 150, "{version}: {} ciphers", table.len());
    table
}

fn as_dumped(info: CipherInfo) -> Dumped {
    (
        info.openssl_name.to_owned(),
        info.iana_name.map(str::to_owned),
        info.min_protocol.to_owned(),
    )
}

#[test]
fn every_code_of_every_version_is_what_its_dump_says() {
    let dumps = OpenSslVersion::ALL.map(|v| (v, dump(v)));
    for (v, table) in &dumps {
        for code in 0..=u16::MAX {
            let suite = CipherSuite(code);
            let expected = table.get(&code);
            assert_eq!(
                suite.info_in(*v).map(as_dumped).as_ref(),
                expected,
                "{v}: info_in({code:04X})"
            );
            assert_eq!(suite.is_known_to(*v), expected.is_some(), "{v}: {code:04X}");
            assert_eq!(suite.openssl_id(), 0x0300_0000 | u32::from(code));
        }
        let listed: Vec<Dumped> = CipherSuite::all_known_to(*v).map(as_dumped).collect();
        let dumped: Vec<Dumped> = table.values().cloned().collect();
        assert_eq!(listed, dumped, "{v}: all_known_to");
    }
    // Any version: known when some version knows it, named as the newest
    // version that knows it names it.
    for code in 0..=u16::MAX {
        let newest = dumps.iter().rev().find_map(|(_, t)| t.get(&code));
        let suite = CipherSuite(code);
        assert_eq!(suite.is_known(), newest.is_some(), "{code:04X}");
        assert_eq!(
            suite.info().map(as_dumped).as_ref(),
            newest,
            "info({code:04X})"
        );
        assert_eq!(suite.openssl_name(), newest.map(|d| d.0.as_str()));
        assert_eq!(suite.iana_name(), newest.and_then(|d| d.1.as_deref()));
        // Shown by its OpenSSL name, as SSL_SESSION_print's "Cipher" line
        // does (the newest version's name).
        if let Some((name, _, _)) = newest {
            assert_eq!(suite.to_string(), *name);
            // Debug names it too, beside its code.
            let debug = format!("{suite:?}");
            assert!(debug.contains(name.as_str()), "{debug}");
            assert!(debug.contains(&format!("0x{code:04X}")), "{debug}");
        }
    }
    let union: std::collections::BTreeSet<u16> =
        dumps.iter().flat_map(|(_, t)| t.keys().copied()).collect();
    let all: Vec<u16> = CipherSuite::all_known().map(|i| i.code).collect();
    assert_eq!(all, union.into_iter().collect::<Vec<_>>());
}

#[test]
fn names_are_found_in_every_version_that_used_them() {
    for v in OpenSslVersion::ALL {
        for (code, (name, std_name, _)) in dump(v) {
            assert_eq!(
                CipherSuite::from_name(&name),
                Some(CipherSuite(code)),
                "{v} {name}"
            );
            if let Some(std_name) = std_name {
                assert_eq!(
                    CipherSuite::from_name(&std_name),
                    Some(CipherSuite(code)),
                    "{v} {std_name}"
                );
            }
        }
    }
    assert_eq!(CipherSuite::from_name("NO-SUCH-CIPHER"), None);
}
