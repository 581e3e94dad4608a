//! Every recorded BoringSSL session, converted to OpenSSL's dialect by our
//! converter, is read by the real OpenSSL 3.5.5 (`openssl sess_id`, another
//! process): it reports the same session id, master key, protocol and
//! cipher, and writes back exactly the bytes our OpenSSL 3.5 writer made.

use std::process::Command;

use session_der::session_model::{Dialect, OpenSslVersion, OwnedSession};
use session_der::{convert, decode_with, encode, ConvertOptions, DecodeOptions, Decoded, Target};
use sslsession_oracle_boringssl::{hex, openssl, recorded};

/// The value after `label` on a line of `sess_id -text` output.
fn field<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .map(str::trim)
}

#[test]
fn openssl_reads_every_converted_recording() {
    let Some(bin) = openssl::binary("openssl_reads_every_converted_recording") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("sslsession-bssl-conv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let mut converted_count = 0;
    for r in recorded().expect("recorded sessions") {
        let d: Decoded<OwnedSession> =
            decode_with(&r.der, &DecodeOptions::dialect(Dialect::BoringSsl)).expect("our decode");
        let c = match convert(&d.session, Dialect::OpenSsl, &ConvertOptions::new()) {
            Ok(c) => c,
            Err(e) => {
                println!("{}: not converted: {e}", r.name);
                continue;
            }
        };
        converted_count += 1;
        let ours = encode(&c.session, Target::OpenSsl(OpenSslVersion::LTS)).expect("encode");
        let input = dir.join(format!("{}.der", r.name));
        let back = dir.join(format!("{}.back.der", r.name));
        std::fs::write(&input, &ours[..]).expect("write");
        // One run prints the text, one writes the DER (sess_id sends both
        // to the same output).
        let run = |args: &[&str]| {
            Command::new(&bin)
                .args(["sess_id", "-inform", "DER"])
                .args(args)
                .arg("-in")
                .arg(&input)
                .output()
                .expect("openssl sess_id")
        };
        let out = run(&["-noout", "-text"]);
        assert!(
            out.status.success(),
            "{}: OpenSSL 3.5.5 refused the converted session {}:\n{}",
            r.name,
            hex(&ours),
            String::from_utf8_lossy(&out.stderr)
        );
        let der_out = run(&["-outform", "DER", "-out", back.to_str().expect("utf-8")]);
        assert!(der_out.status.success(), "{}: sess_id -outform DER", r.name);
        let text = String::from_utf8_lossy(&out.stdout);
        let g = &r.json["getters"];
        let upper = |k: &str| g[k].as_str().unwrap_or_default().to_uppercase();
        assert_eq!(
            field(&text, "Session-ID:"),
            Some(upper("session_id").as_str()),
            "{}",
            r.name
        );
        // SSL_SESSION_print calls a TLS 1.3 secret the resumption PSK.
        let key = field(&text, "Master-Key:").or_else(|| field(&text, "Resumption PSK:"));
        assert_eq!(key, Some(upper("master_key").as_str()), "{}", r.name);
        assert_eq!(
            field(&text, "Protocol  :"),
            g["version"].as_str(),
            "{}: protocol",
            r.name
        );
        let written = std::fs::read(&back).expect("sess_id output");
        assert_eq!(
            hex(&written),
            hex(&ours),
            "{}: OpenSSL 3.5.5 writes it back",
            r.name
        );
    }
    println!(
        "{converted_count} recordings converted and read by OpenSSL {}",
        openssl::RELEASE
    );
    assert!(converted_count >= 10, "only {converted_count} converted");
    let _ = std::fs::remove_dir_all(&dir);
}
