//! `--dialect`, detection, and `show` of BoringSSL sessions, judged by
//! BoringSSL's own data: the seven session vectors of its `ssl_test.cc` (with
//! the verdicts that test requires) and sessions of real BoringSSL handshakes
//! with the values its getters reported (`tests/data/`, see the READMEs
//! there). OpenSSL's verdicts come from the real `openssl` binaries.

mod common;

use std::path::{Path, PathBuf};

use common::{openssl, oracles, sslsess, text};
use serde_json::Value;

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
}

fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).expect("ascii"), 16).expect("hex"))
        .collect()
}

fn upper(hex: &str) -> String {
    hex.to_ascii_uppercase()
}

/// `ssl_test.cc`'s vectors: name, whether `SSLTest.SessionEncoding` requires
/// `SSL_SESSION_from_bytes` to accept it, and the DER.
fn vectors() -> Vec<(&'static str, bool, Vec<u8>)> {
    [
        ("kOpenSSLSession", true),
        ("kCustomSession", true),
        ("kBoringSSLSession", true),
        ("kBadSessionExtraField", false),
        ("kBadSessionVersion", false),
        ("kBadSessionTrailingData", false),
        ("kBadSessionPeerCertTypeDefault", false),
    ]
    .into_iter()
    .map(|(name, good)| {
        let hex = std::fs::read_to_string(data("boringssl-vectors").join(format!("{name}.hex")))
            .expect("vector");
        (name, good, unhex(&hex))
    })
    .collect()
}

/// Whether any OpenSSL (the installed 3.0 and every built version) reads
/// `der` with `sess_id`.
fn some_openssl_reads(der: &[u8]) -> bool {
    let args = ["sess_id", "-inform", "DER", "-noout"];
    openssl(&args, der).status.success()
        || oracles().iter().any(|o| o.run(&args, der).status.success())
}

/// `out` failed with exit status `code`, wrote nothing, and its stderr
/// contains `needle`.
fn assert_fails(out: &std::process::Output, code: i32, needle: &str) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(out.stdout.is_empty(), "{err}");
    assert!(err.contains(needle), "{err}");
}

fn check_json(args: &[&str], der: &[u8]) -> (Value, Option<i32>) {
    let mut all = vec!["check", "--json"];
    all.extend_from_slice(args);
    all.push("-");
    let out = sslsess(&all, der);
    let line: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    (line, out.status.code())
}

#[test]
fn check_gives_boringssl_verdict_on_its_seven_vectors() {
    for (name, good, der) in vectors() {
        // `--dialect boringssl`: exactly what ssl_test.cc requires of
        // SSL_SESSION_from_bytes.
        let (line, code) = check_json(&["--dialect", "boringssl"], &der);
        assert_eq!(line["accepted"], good, "{name}: {line}");
        assert_eq!(code, Some(if good { 0 } else { 1 }), "{name}");
        assert_eq!(line["dialect"], "boringssl", "{name}: {line}");
        assert!(line["openssl"].is_null(), "{name}: {line}");
        assert!(line["candidates"].is_null(), "{name}: no detection: {line}");
        if !good {
            assert!(
                line["error"].is_string() && line["field"].is_string(),
                "{line}"
            );
        }
        let text_out = sslsess(&["check", "--dialect", "boringssl", "-"], &der);
        let verdict = if good {
            "<stdin>: accepted as BoringSSL ("
        } else {
            "<stdin>: rejected as BoringSSL: "
        };
        assert!(
            text(&text_out.stdout).starts_with(verdict),
            "{name}: {}",
            text(&text_out.stdout)
        );

        // Detection: BoringSSL is a candidate exactly when its reader accepts.
        let (line, _) = check_json(&[], &der);
        let candidates: Vec<&str> = line["candidates"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: candidates: {line}"))
            .iter()
            .map(|c| c.as_str().expect("a dialect name"))
            .collect();
        assert_eq!(candidates.contains(&"boringssl"), good, "{name}: {line}");
        assert!(line["reason"].is_string(), "{line}");
        let openssl_reads = some_openssl_reads(&der);
        if !openssl_reads {
            assert!(!candidates.contains(&"openssl"), "{name}: {line}");
        }
        if good && !openssl_reads {
            // BoringSSL reads it and OpenSSL does not: BoringSSL comes first.
            assert_eq!(line["dialect"], "boringssl", "{name}: {line}");
            assert_eq!(line["accepted"], true, "{name}: {line}");
            assert_eq!(line["consumed"], der.len(), "{name}: {line}");
        }
    }
}

/// A recorded BoringSSL session and what BoringSSL reported about it.
struct Recorded {
    name: String,
    der: Vec<u8>,
    getters: Value,
    connection: Value,
}

fn recorded() -> Vec<Recorded> {
    let dir = data("boringssl-sessions");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("boringssl-sessions")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".der").map(str::to_owned)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    names
        .into_iter()
        .map(|name| {
            let der = std::fs::read(dir.join(format!("{name}.der"))).expect("der");
            let json: Value = serde_json::from_slice(
                &std::fs::read(dir.join(format!("{name}.json"))).expect("json"),
            )
            .expect("json");
            Recorded {
                name,
                der,
                getters: json["getters"].clone(),
                connection: json["connection"].clone(),
            }
        })
        .collect()
}

/// A getter's bytes as the record writes them: BoringSSL's getters report
/// an absent OCSP response or SCT list as empty.
fn bytes_or_empty(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

#[test]
fn show_json_values_are_boringssls_getters() {
    for r in recorded() {
        let out = sslsess(&["show", "--json", "--dialect", "boringssl", "-"], &r.der);
        assert!(out.status.success(), "{}: {}", r.name, text(&out.stderr));
        let rec: Value = serde_json::from_slice(&out.stdout).expect("json");
        let (g, c, name) = (&r.getters, &r.connection, &r.name);
        assert_eq!(rec["dialect"], "boringssl", "{name}");
        assert_eq!(rec["protocol_version"], g["protocol_version"], "{name}");
        assert_eq!(rec["cipher"]["code"], g["cipher"], "{name}");
        assert_eq!(rec["session_id"], g["session_id"], "{name}");
        assert_eq!(rec["master_key"], g["master_key"], "{name}");
        assert_eq!(rec["sid_ctx"], g["sid_ctx"], "{name}");
        assert_eq!(rec["time"], g["time"], "{name}");
        assert_eq!(rec["timeout"], g["timeout"], "{name}");
        assert_eq!(rec["ticket"], g["ticket"], "{name}");
        assert_eq!(
            rec["ticket_lifetime_hint"].as_u64().unwrap_or(0),
            g["ticket_lifetime_hint"].as_u64().expect("hint"),
            "{name}"
        );
        assert_eq!(rec["peer_certificate"], g["peer_certificate"], "{name}");
        assert_eq!(rec["peer_sha256"], g["peer_sha256"], "{name}");
        assert_eq!(rec["peer_rpk"], g["peer_rpk"], "{name}");
        assert_eq!(
            bytes_or_empty(&rec["ocsp_response"]),
            bytes_or_empty(&g["ocsp_response"]),
            "{name}"
        );
        assert_eq!(
            bytes_or_empty(&rec["signed_cert_timestamp_list"]),
            bytes_or_empty(&g["signed_cert_timestamp_list"]),
            "{name}"
        );
        // `[19]` holds the chain after the leaf, concatenated.
        let chain: Vec<&str> = g["peer_certificates"]
            .as_array()
            .map(|a| a.iter().skip(1).map(|c| c.as_str().expect("hex")).collect())
            .unwrap_or_default();
        assert_eq!(bytes_or_empty(&rec["cert_chain"]), chain.concat(), "{name}");
        // The values without a public getter, as the connection reported them.
        assert_eq!(
            rec["is_server"].as_bool().unwrap_or(true),
            c["is_server"].as_bool().expect("is_server"),
            "{name}"
        );
        assert_eq!(rec["kex_group"], c["group_id"], "{name}");
        assert_eq!(
            rec["peer_signature_algorithm"].as_u64().unwrap_or(0),
            c["peer_signature_algorithm"].as_u64().expect("sigalg"),
            "{name}"
        );
        // `SSL_get_extms_support` reports the session's flag in TLS 1.2 and
        // 1 for every TLS 1.3 connection (`ssl_lib.cc`), whose sessions
        // BoringSSL leaves without it.
        if g["protocol_version"] == 771 {
            assert_eq!(
                rec["extended_master_secret"].as_bool().unwrap_or(false),
                c["extended_master_secret"].as_bool().expect("ems"),
                "{name}"
            );
        }
        assert_eq!(
            rec["verify_result"].as_i64().unwrap_or(0),
            c["verify_result"].as_i64().expect("verify"),
            "{name}"
        );
    }
}

#[test]
fn show_text_of_boringssl_sessions_names_the_dialect_and_its_fields() {
    for r in recorded() {
        let out = sslsess(&["show", "--dialect", "boringssl", "-"], &r.der);
        assert!(out.status.success(), "{}: {}", r.name, text(&out.stderr));
        let shown = text(&out.stdout);
        let lines: Vec<&str> = shown.lines().collect();
        let (g, c, name) = (&r.getters, &r.connection, &r.name);
        let has = |l: &str| lines.contains(&l);
        assert_eq!(lines[..2], ["Dialect: BoringSSL", "SSL-Session:"], "{name}");
        assert!(
            has(&format!(
                "    Protocol  : {}",
                g["version"].as_str().expect("version")
            )),
            "{name}\n{shown}"
        );
        assert!(
            has(&format!(
                "    Session-ID: {}",
                upper(g["session_id"].as_str().expect("id"))
            )),
            "{name}"
        );
        let key = upper(g["master_key"].as_str().expect("key"));
        assert!(
            has(&format!("    Master-Key: {key}")) || has(&format!("    Resumption PSK: {key}")),
            "{name}\n{shown}"
        );
        assert!(
            has(&format!("    Start Time: {}", g["time"])),
            "{name}\n{shown}"
        );
        assert!(
            has(&format!("    Timeout   : {} (sec)", g["timeout"])),
            "{name}\n{shown}"
        );
        assert!(
            lines.iter().any(
                |l| l.starts_with(&format!("    Verify return code: {} (", c["verify_result"]))
            ),
            "{name}\n{shown}"
        );
        // As in `show_json_values_are_boringssls_getters`: TLS 1.2 only.
        if g["protocol_version"] == 771 {
            let ems = if c["extended_master_secret"] == true {
                "yes"
            } else {
                "no"
            };
            assert!(
                has(&format!("    Extended master secret: {ems}")),
                "{name}\n{shown}"
            );
        }
        // BoringSSL has no PSK identity hint or SRP user name: no line for them.
        assert!(
            !shown.contains("PSK identity hint") && !shown.contains("SRP username"),
            "{shown}"
        );
        let server = if c["is_server"] == true { "yes" } else { "no" };
        assert!(has(&format!("    Is server: {server}")), "{name}\n{shown}");
        let group = c["group_id"].as_u64().expect("group");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("    Group: ") && l.ends_with(&format!("({group})"))),
            "{name}\n{shown}"
        );
        let sigalg = c["peer_signature_algorithm"].as_u64().expect("sigalg");
        let sig_line = lines
            .iter()
            .find(|l| l.starts_with("    Peer signature algorithm: "));
        match sig_line {
            Some(l) => assert!(l.ends_with(&format!("(0x{sigalg:04X})")), "{name}: {l}"),
            None => assert_eq!(sigalg, 0, "{name}\n{shown}"),
        }
        let len = |v: &Value| bytes_or_empty(v).len() / 2;
        for (label, value) in [
            ("OCSP response", &g["ocsp_response"]),
            (
                "Signed certificate timestamps",
                &g["signed_cert_timestamp_list"],
            ),
        ] {
            let n = len(value);
            let line = format!("    {label}: {n} byte{}", if n == 1 { "" } else { "s" });
            assert_eq!(has(&line), n > 0, "{name}: {line}\n{shown}");
        }
        match g["peer_sha256"].as_str() {
            Some(h) => assert!(
                has(&format!("    Peer SHA-256: {}", upper(h))),
                "{name}\n{shown}"
            ),
            None => assert!(!shown.contains("Peer SHA-256"), "{name}"),
        }
        let certs = g["peer_certificates"].as_array().map_or(0, Vec::len);
        let chain = lines
            .iter()
            .find(|l| l.starts_with("    Peer certificate chain: "));
        if certs >= 2 {
            let after = certs - 1;
            let expected = format!(
                "    Peer certificate chain: {after} certificate{} after the leaf",
                if after == 1 { "" } else { "s" }
            );
            assert_eq!(chain.copied(), Some(expected.as_str()), "{name}\n{shown}");
        } else {
            assert_eq!(chain, None, "{name}");
        }
        if let Some(l) = lines.iter().find(|l| l.starts_with("    Early ALPN: ")) {
            let alpn =
                String::from_utf8(unhex(c["alpn"].as_str().expect("an ALPN"))).expect("utf-8");
            assert_eq!(*l, format!("    Early ALPN: \"{alpn}\""), "{name}");
        }
    }
}

/// Detection on real BoringSSL sessions: BoringSSL's reader is a candidate,
/// and OpenSSL's only if a real OpenSSL reads the session.
#[test]
fn recorded_boringssl_sessions_are_detected() {
    for r in recorded() {
        let (line, code) = check_json(&[], &r.der);
        assert_eq!(code, Some(0), "{}: {line}", r.name);
        let candidates = line["candidates"].as_array().expect("candidates");
        assert!(
            candidates.contains(&Value::from("boringssl")),
            "{}: {line}",
            r.name
        );
        if !some_openssl_reads(&r.der) {
            assert!(
                !candidates.contains(&Value::from("openssl")),
                "{}: {line}",
                r.name
            );
            assert_eq!(line["dialect"], "boringssl", "{}: {line}", r.name);
        }
    }
}

/// `--mode strict` is OpenSSL's reader: with another dialect it is a usage error.
#[test]
fn strict_mode_is_openssls_only() {
    let (_, _, der) = &vectors()[0];
    let out = sslsess(
        &["check", "--dialect", "boringssl", "--mode", "strict", "-"],
        der,
    );
    assert_fails(&out, 1, "--mode strict");
    let out = sslsess(&["check", "--dialect", "wolfssl", "-"], der);
    assert_fails(&out, 2, "unknown dialect");
}

/// `convert --dialect-to openssl` of BoringSSL's good vectors and recorded
/// sessions: OpenSSL's reader accepts the result (`check --dialect openssl`
/// and every real `openssl sess_id`), and each field OpenSSL does not store
/// is named on stderr.
#[test]
fn boringssl_sessions_convert_to_what_openssl_reads() {
    let mut inputs: Vec<(String, Vec<u8>)> = vectors()
        .into_iter()
        .filter(|(_, good, _)| *good)
        .map(|(name, _, der)| (name.to_owned(), der))
        .collect();
    inputs.extend(recorded().into_iter().map(|r| (r.name, r.der)));
    // `convert --dialect boringssl [--openssl V] --dialect-to openssl`.
    let to_openssl = |version: Option<&str>, der: &[u8]| {
        let mut args = vec!["convert", "--dialect", "boringssl"];
        if let Some(v) = version {
            args.extend(["--openssl", v]);
        }
        args.extend(["--dialect-to", "openssl", "--to", "der", "-"]);
        sslsess(&args, der)
    };
    for (name, der) in &inputs {
        let out = to_openssl(None, der);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let converted = out.stdout;
        let check = sslsess(&["check", "--dialect", "openssl", "-"], &converted);
        assert!(check.status.success(), "{name}: {}", text(&check.stdout));
        let args = ["sess_id", "-inform", "DER", "-noout"];
        assert!(
            openssl(&args, &converted).status.success(),
            "{name}: OpenSSL 3.0 refuses it"
        );
        // Written for each version (`--openssl V`: its i2d), read by it.
        for oracle in oracles() {
            let v = oracle.version;
            let out = to_openssl(Some(v), der);
            assert!(out.status.success(), "{name} {v}: {}", text(&out.stderr));
            assert!(
                oracle.run(&args, &out.stdout).status.success(),
                "{name}: OpenSSL {v} refuses it"
            );
        }
        for line in text(&out.stderr).lines() {
            assert!(
                line.starts_with("sslsess: <stdin>: not carried over: "),
                "{name}: {line}"
            );
        }
        if name == "kCustomSession" {
            // ssl_test.cc: it carries [13] peerSHA256, [14], [15] and [16],
            // none of which OpenSSL stores.
            let err = text(&out.stderr);
            for field in [
                "peer_sha256",
                "original_handshake_hash",
                "signed_cert_timestamp_list",
                "ocsp_response",
            ] {
                assert!(
                    err.contains(&format!("not carried over: {field} (")),
                    "{err}"
                );
            }
        }
    }
}

/// A TLS 1.3 ticket needs its age add (RFC 8446 4.6.1), which LibreSSL does
/// not store (`ssl_asn1.c`: `[1]`–`[6]`, `[9]`, `[10]`): converting a
/// BoringSSL TLS 1.3 client session to LibreSSL's dialect is refused, naming it.
#[test]
fn a_refused_conversion_names_the_field() {
    let r = recorded()
        .into_iter()
        .find(|r| r.getters["protocol_version"] == 772 && !r.getters["ticket"].is_null())
        .expect("a TLS 1.3 session with a ticket");
    let out = sslsess(
        &[
            "convert",
            "--dialect",
            "boringssl",
            "--dialect-to",
            "libressl",
            "--to",
            "der",
            "-",
        ],
        &r.der,
    );
    assert_fails(&out, 1, "ticket_age_add");
}

/// An OpenSSL client session (the corpus, with OpenSSL's getters in its
/// manifest) converted to BoringSSL's dialect as a client's: BoringSSL's
/// reader accepts it, and it holds OpenSSL's values, the extended master
/// secret as BoringSSL's `[17]` and the role as `[22]`.
#[test]
fn openssl_sessions_convert_to_boringssl_with_their_role() {
    let (dir, entries) = common::manifest();
    let e = entries
        .iter()
        .find(|e| {
            e["side"] == "client"
                && e["cipher_name"] == "ECDHE-RSA-AES128-GCM-SHA256"
                && e["has_ticket"] == true
                && e["flags"] == 1
        })
        .expect("a TLS 1.2 client session with a ticket and EMS");
    let path = dir.join(e["file"].as_str().expect("file"));
    let p = path.to_str().expect("utf-8");
    for (role, is_server) in [("client", false), ("server", true)] {
        let out = sslsess(
            &[
                "convert",
                "--dialect-to",
                "boringssl",
                "--role",
                role,
                "--to",
                "der",
                p,
            ],
            b"",
        );
        assert!(out.status.success(), "{role}: {}", text(&out.stderr));
        let check = sslsess(&["check", "--dialect", "boringssl", "-"], &out.stdout);
        assert!(check.status.success(), "{role}: {}", text(&check.stdout));
        let json = sslsess(
            &["show", "--json", "--dialect", "boringssl", "-"],
            &out.stdout,
        );
        let rec: Value = serde_json::from_slice(&json.stdout).expect("json");
        assert_eq!(rec["dialect"], "boringssl");
        assert_eq!(
            rec["is_server"].as_bool().unwrap_or(true),
            is_server,
            "{role}"
        );
        assert_eq!(rec["session_id"], e["session_id_hex"]);
        assert_eq!(rec["master_key"], e["master_key_hex"]);
        assert_eq!(rec["time"], e["time"]);
        assert_eq!(rec["timeout"], e["timeout"]);
        assert_eq!(rec["ticket"], e["ticket_hex"]);
        assert_eq!(rec["ticket_lifetime_hint"], e["ticket_lifetime_hint"]);
        assert_eq!(rec["kex_group"], e["kex_group"]);
        assert_eq!(rec["verify_result"], e["verify_result"]);
        assert_eq!(rec["extended_master_secret"], true);
    }
    // --role needs --dialect-to.
    let out = sslsess(&["convert", "--role", "client", "--to", "der", p], b"");
    assert_eq!(out.status.code(), Some(2));
}

/// The JSON record of a BoringSSL session, read back: either BoringSSL's
/// bytes again (ssl_test.cc: its writer gives the vector back byte for byte)
/// or refused naming a member that would be lost, never another session.
#[test]
fn a_boringssl_record_comes_back_whole_or_not_at_all() {
    for (name, good, der) in vectors() {
        if !good {
            continue;
        }
        let json = sslsess(&["show", "--json", "--dialect", "boringssl", "-"], &der);
        assert!(json.status.success(), "{name}: {}", text(&json.stderr));
        let back = sslsess(&["convert", "--to", "der", "-"], &json.stdout);
        if back.status.success() {
            assert!(back.stdout == der, "{name}: other bytes back");
        } else {
            // The refusal names one of BoringSSL's own members the record holds.
            let record: Value = serde_json::from_slice(&json.stdout).expect("json");
            let err = text(&back.stderr);
            let own = [
                "peer_sha256",
                "original_handshake_hash",
                "signed_cert_timestamp_list",
                "ocsp_response",
                "extended_master_secret",
                "cert_chain",
                "is_server",
                "peer_signature_algorithm",
                "auth_timeout",
            ];
            assert!(
                own.iter().any(|m| !record[*m].is_null() && err.contains(m)),
                "{name}: {err}"
            );
            assert!(back.stdout.is_empty());
        }
    }
}
