//! Sessions converted to LibreSSL's dialect are what LibreSSL itself holds
//! and writes: every OpenSSL session of the repository's handshake recordings
//! (testdata/openssl-*) and of the corpus subset (testdata/corpus/openssl-3.0), converted with `session_der::convert`, is read by
//! the live LibreSSL's `d2i_SSL_SESSION` to the converted session's values,
//! and its `i2d_SSL_SESSION` gives back our bytes exactly. Conversions we
//! refuse are counted by reason.

use std::collections::BTreeMap;

use session_der::session_model::{Dialect, OwnedSession};
use session_der::{
    convert, decode_with, encode, ConvertError, ConvertOptions, DecodeOptions, Target,
};
use sslsession_libressl_oracle::{comparable, oracle_or_skip, ours, Report};

#[test]
fn openssl_sessions_converted_to_libressl_are_libressls() {
    let Some(oracle) = oracle_or_skip("openssl_sessions_converted_to_libressl_are_libressls")
    else {
        return;
    };
    let root = sslsession_testkit::workspace_root().join("testdata");
    let mut converted = Vec::new();
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    for dir in [
        "openssl-1.1.1",
        "openssl-3.5",
        "openssl-3.6",
        "openssl-4.0",
        "corpus/openssl-3.0",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "der"))
        {
            files += 1;
            let der = std::fs::read(&path).expect("read");
            let name = format!(
                "{dir}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let Ok(d) = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl()) else {
                continue;
            };
            match convert(&d.session, Dialect::LibreSsl, &ConvertOptions::new()) {
                Ok(c) => {
                    let bytes = encode(&c.session, Target::Auto).expect("encode the conversion");
                    converted.push((name, bytes.to_vec()));
                }
                // Counted by the field named, or by the writer's or reader's
                // own refusal (a master key LibreSSL's 48 bytes cannot hold
                // is the writer's, EncodeError::Invalid).
                Err(ConvertError::CannotResume { field, .. }) => {
                    *refused
                        .entry(format!("cannot resume: {field}"))
                        .or_default() += 1;
                }
                Err(e) => {
                    *refused.entry(e.to_string()).or_default() += 1;
                }
            }
        }
    }
    assert!(
        !converted.is_empty(),
        "no OpenSSL session converted; refused: {refused:?}"
    );

    let inputs: Vec<Vec<u8>> = converted.iter().map(|c| c.1.clone()).collect();
    let reports = oracle.decode_all(&inputs);
    let mut time_left_out = 0;
    for ((name, bytes), report) in converted.iter().zip(&reports) {
        let Report::Accepted(libressl) = report else {
            panic!("{name}: LibreSSL refuses our conversion");
        };
        // A suite LibreSSL does not know (PSK ones) has no cipher getter
        // there; its code is in the i2d bytes. `ours` encodes the session
        // with an absent time set to LibreSSL's clock, as its i2d does.
        let ours = ours(bytes);
        let expected = comparable(&report.summary(), &ours.summary);
        assert_eq!(ours.summary, expected, "{name}: values or i2d bytes");
        if ours.time_left_out {
            // No [1] in our bytes; LibreSSL's i2d writes its clock there.
            time_left_out += 1;
        } else {
            assert_eq!(
                libressl.i2d.as_deref(),
                Some(&bytes[..]),
                "{name}: LibreSSL's i2d of our conversion is not our bytes"
            );
        }
    }
    eprintln!(
        "{files} OpenSSL sessions: {} converted to LibreSSL's dialect, each read by LibreSSL {} \
         with our values and written back byte for byte ({time_left_out} of them without a time, \
         where LibreSSL's i2d adds [1] with its clock); refused: {refused:?}",
        converted.len(),
        sslsession_libressl_oracle::VERSION
    );
}
