//! `--dialect`, detection, and `show` of BoringSSL sessions, judged by
//! BoringSSL's own data: the seven session vectors of its `ssl_test.cc` (with
//! the verdicts that test requires) and sessions of real BoringSSL handshakes
//! with the values its getters reported; the same for AWS-LC and LibreSSL
//! (the repository's `testdata/{boringssl,aws-lc,libressl}`, see the READMEs
//! there). OpenSSL's verdicts come from the real `openssl` binaries.

mod common;

use std::path::{Path, PathBuf};

use common::{openssl, oracles, sslsess, text};
use serde_json::Value;

/// A directory of the repository's recorded sessions (`testdata/DIR`).
fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
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
        let hex = std::fs::read_to_string(data("boringssl/vectors").join(format!("{name}.hex")))
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

/// A session of a real handshake and what its library reported about it
/// (its getters, and the connection's values for what has no session
/// getter), in one shape for BoringSSL's and AWS-LC's recordings.
struct Reported {
    name: String,
    /// `--dialect`'s name and the library's.
    dialect: &'static str,
    library: &'static str,
    der: Vec<u8>,
    version: String,
    protocol_version: u64,
    cipher: u64,
    session_id: String,
    master_key: String,
    sid_ctx: String,
    time: u64,
    timeout: u64,
    ticket: Option<String>,
    ticket_lifetime_hint: u64,
    peer_certificate: Option<String>,
    /// The certificates after the leaf, concatenated ("" when none).
    cert_chain: String,
    certs_after_leaf: usize,
    peer_sha256: Option<String>,
    /// Absent is "" (BoringSSL's getters report it so).
    ocsp_response: String,
    sct_list: String,
    is_server: bool,
    group: u64,
    peer_signature_algorithm: u64,
    extended_master_secret: bool,
    verify_result: i64,
    alpn: Option<String>,
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or("").to_owned()
}

fn u64_of(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Recorded sessions of `testdata/DIR` (`NAME.der` with its `NAME.json`),
/// by name: the ones these tests were written for, each covering a case
/// (TLS 1.2 and 1.3, client and server, tickets and session ids, client
/// certificates, chains, OCSP and SCTs, the peer's SHA-256, early ALPN).
fn recordings(dir: &str, names: &[&str]) -> Vec<(String, Vec<u8>, Value)> {
    let dir = data(dir);
    names
        .iter()
        .map(|name| {
            let der = std::fs::read(dir.join(format!("{name}.der")))
                .unwrap_or_else(|e| panic!("{}/{name}.der: {e}", dir.display()));
            let json: Value = serde_json::from_slice(
                &std::fs::read(dir.join(format!("{name}.json"))).expect("json"),
            )
            .expect("json");
            ((*name).to_owned(), der, json)
        })
        .collect()
}

/// What the two libraries' recordings keep in different places.
struct Own {
    cert_chain: String,
    certs_after_leaf: usize,
    is_server: bool,
    alpn: Option<String>,
}

/// A recording's values: the getters both libraries report alike, the
/// connection's, and `own`.
fn reported(
    (name, der, json): (String, Vec<u8>, Value),
    (dialect, library): (&'static str, &'static str),
    own: impl FnOnce(&Value) -> Own,
) -> Reported {
    let (g, c) = (&json["getters"], &json["connection"]);
    let own = own(&json);
    Reported {
        name,
        dialect,
        library,
        der,
        version: str_of(&g["version"]),
        protocol_version: u64_of(&g["protocol_version"]),
        cipher: u64_of(&g["cipher"]),
        session_id: str_of(&g["session_id"]),
        master_key: str_of(&g["master_key"]),
        sid_ctx: str_of(&g["sid_ctx"]),
        time: u64_of(&g["time"]),
        timeout: u64_of(&g["timeout"]),
        ticket: g["ticket"].as_str().map(str::to_owned),
        ticket_lifetime_hint: u64_of(&g["ticket_lifetime_hint"]),
        peer_certificate: g["peer_certificate"].as_str().map(str::to_owned),
        cert_chain: own.cert_chain,
        certs_after_leaf: own.certs_after_leaf,
        peer_sha256: g["peer_sha256"].as_str().map(str::to_owned),
        ocsp_response: str_of(&g["ocsp_response"]),
        sct_list: str_of(&g["signed_cert_timestamp_list"]),
        is_server: own.is_server,
        group: u64_of(&c["group_id"]),
        peer_signature_algorithm: u64_of(&c["peer_signature_algorithm"]),
        extended_master_secret: c["extended_master_secret"].as_bool().expect("ems"),
        verify_result: c["verify_result"].as_i64().expect("verify_result"),
        alpn: own.alpn,
    }
}

/// BoringSSL's recordings (`oracles/boringssl`'s `record`): the peer's
/// certificates as a list, the role and ALPN from the connection.
fn boringssl_recorded() -> Vec<Reported> {
    recordings(
        "boringssl/sessions",
        &[
            "tls12-ocsp-sct-client",
            "tls12-session-id-client-cert-server",
            "tls12-sha256-server",
            "tls13-ticket-client",
            "tls13-ticket-server",
        ],
    )
    .into_iter()
    .map(|rec| {
        reported(rec, ("boringssl", "BoringSSL"), |json| {
            let certs: Vec<String> = json["getters"]["peer_certificates"]
                .as_array()
                .map(|a| a.iter().map(str_of).collect())
                .unwrap_or_default();
            let c = &json["connection"];
            Own {
                cert_chain: certs.iter().skip(1).map(String::as_str).collect(),
                certs_after_leaf: certs.len().saturating_sub(1),
                is_server: c["is_server"].as_bool().expect("is_server"),
                alpn: c["alpn"].as_str().map(str::to_owned),
            }
        })
    })
    .collect()
}

/// AWS-LC's recordings (`oracles/aws-lc`'s `record`): the chain after the
/// leaf and the count of certificates, the role beside the getters.
fn aws_lc_recorded() -> Vec<Reported> {
    recordings(
        "aws-lc",
        &[
            "tls12-ocsp-sct-client",
            "tls12-peer-sha256-server",
            "tls12-sessionid-server",
            "tls13-clientcert-client",
            "tls13-early-alpn-client",
        ],
    )
    .into_iter()
    .map(|rec| {
        reported(rec, ("aws-lc", "AWS-LC"), |json| {
            let g = &json["getters"];
            Own {
                cert_chain: str_of(&g["cert_chain"]),
                certs_after_leaf: usize::try_from(u64_of(&g["peer_certificate_count"]))
                    .expect("count")
                    .saturating_sub(1),
                is_server: json["role"] == "server",
                alpn: json["connection"]["alpn_selected"]
                    .as_str()
                    .map(str::to_owned),
            }
        })
    })
    .collect()
}

fn all_recorded() -> Vec<Reported> {
    let mut all = boringssl_recorded();
    all.extend(aws_lc_recorded());
    all
}

#[test]
fn show_json_values_are_the_librarys_getters() {
    for r in all_recorded() {
        let out = sslsess(&["show", "--json", "--dialect", r.dialect, "-"], &r.der);
        let name = &r.name;
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let rec: Value = serde_json::from_slice(&out.stdout).expect("json");
        let bytes = |v: &Value| str_of(v);
        assert_eq!(rec["dialect"], r.dialect, "{name}");
        assert_eq!(rec["protocol_version"], r.protocol_version, "{name}");
        assert_eq!(rec["cipher"]["code"], r.cipher, "{name}");
        assert_eq!(bytes(&rec["session_id"]), r.session_id, "{name}");
        assert_eq!(bytes(&rec["master_key"]), r.master_key, "{name}");
        assert_eq!(bytes(&rec["sid_ctx"]), r.sid_ctx, "{name}");
        assert_eq!(rec["time"], r.time, "{name}");
        assert_eq!(rec["timeout"], r.timeout, "{name}");
        assert_eq!(rec["ticket"].as_str(), r.ticket.as_deref(), "{name}");
        assert_eq!(
            rec["ticket_lifetime_hint"].as_u64().unwrap_or(0),
            r.ticket_lifetime_hint,
            "{name}"
        );
        assert_eq!(
            rec["peer_certificate"].as_str(),
            r.peer_certificate.as_deref(),
            "{name}"
        );
        assert_eq!(
            rec["peer_sha256"].as_str(),
            r.peer_sha256.as_deref(),
            "{name}"
        );
        assert_eq!(bytes(&rec["ocsp_response"]), r.ocsp_response, "{name}");
        assert_eq!(
            bytes(&rec["signed_cert_timestamp_list"]),
            r.sct_list,
            "{name}"
        );
        // `[19]` holds the chain after the leaf, concatenated.
        assert_eq!(bytes(&rec["cert_chain"]), r.cert_chain, "{name}");
        // The values without a public getter, as the connection reported them.
        assert_eq!(
            rec["is_server"].as_bool().unwrap_or(true),
            r.is_server,
            "{name}"
        );
        assert_eq!(rec["kex_group"], r.group, "{name}");
        assert_eq!(
            rec["peer_signature_algorithm"].as_u64().unwrap_or(0),
            r.peer_signature_algorithm,
            "{name}"
        );
        // `SSL_get_extms_support` reports the session's flag in TLS 1.2 and
        // 1 for every TLS 1.3 connection (BoringSSL's `ssl_lib.cc`), whose
        // sessions are left without it.
        if r.protocol_version == 771 {
            assert_eq!(
                rec["extended_master_secret"].as_bool().unwrap_or(false),
                r.extended_master_secret,
                "{name}"
            );
        }
        assert_eq!(
            rec["verify_result"].as_i64().unwrap_or(0),
            r.verify_result,
            "{name}"
        );
    }
}

#[test]
fn show_text_names_the_dialect_and_its_fields() {
    for r in all_recorded() {
        let out = sslsess(&["show", "--dialect", r.dialect, "-"], &r.der);
        let name = &r.name;
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let shown = text(&out.stdout);
        let lines: Vec<&str> = shown.lines().collect();
        let has = |l: &str| lines.contains(&l);
        let first = format!("Dialect: {}", r.library);
        assert_eq!(lines[..2], [first.as_str(), "SSL-Session:"], "{name}");
        assert!(
            has(&format!("    Protocol  : {}", r.version)),
            "{name}\n{shown}"
        );
        assert!(
            has(&format!("    Session-ID: {}", upper(&r.session_id))),
            "{name}\n{shown}"
        );
        let key = upper(&r.master_key);
        assert!(
            has(&format!("    Master-Key: {key}")) || has(&format!("    Resumption PSK: {key}")),
            "{name}\n{shown}"
        );
        assert!(
            has(&format!("    Start Time: {}", r.time)),
            "{name}\n{shown}"
        );
        assert!(
            has(&format!("    Timeout   : {} (sec)", r.timeout)),
            "{name}\n{shown}"
        );
        let verify = format!("    Verify return code: {} (", r.verify_result);
        assert!(
            lines.iter().any(|l| l.starts_with(&verify)),
            "{name}\n{shown}"
        );
        // TLS 1.2 only: see `show_json_values_are_the_librarys_getters`.
        if r.protocol_version == 771 {
            let ems = if r.extended_master_secret {
                "yes"
            } else {
                "no"
            };
            let line = format!("    Extended master secret: {ems}");
            assert!(has(&line), "{name}\n{shown}");
        }
        // Neither library has a PSK identity hint or an SRP user name.
        assert!(
            !shown.contains("PSK identity hint") && !shown.contains("SRP username"),
            "{shown}"
        );
        let server = if r.is_server { "yes" } else { "no" };
        assert!(has(&format!("    Is server: {server}")), "{name}\n{shown}");
        let group = format!("({})", r.group);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("    Group: ") && l.ends_with(&group)),
            "{name}\n{shown}"
        );
        let sigalg = r.peer_signature_algorithm;
        match lines
            .iter()
            .find(|l| l.starts_with("    Peer signature algorithm: "))
        {
            Some(l) => assert!(l.ends_with(&format!("(0x{sigalg:04X})")), "{name}: {l}"),
            None => assert_eq!(sigalg, 0, "{name}\n{shown}"),
        }
        for (label, value) in [
            ("OCSP response", &r.ocsp_response),
            ("Signed certificate timestamps", &r.sct_list),
        ] {
            let n = value.len() / 2;
            let line = format!("    {label}: {n} byte{}", if n == 1 { "" } else { "s" });
            assert_eq!(has(&line), n > 0, "{name}: {line}\n{shown}");
        }
        match &r.peer_sha256 {
            Some(h) => assert!(
                has(&format!("    Peer SHA-256: {}", upper(h))),
                "{name}\n{shown}"
            ),
            None => assert!(!shown.contains("Peer SHA-256"), "{name}"),
        }
        let chain = lines
            .iter()
            .find(|l| l.starts_with("    Peer certificate chain: "));
        if r.certs_after_leaf > 0 {
            let n = r.certs_after_leaf;
            let expected = format!(
                "    Peer certificate chain: {n} certificate{} after the leaf",
                if n == 1 { "" } else { "s" }
            );
            assert_eq!(chain.copied(), Some(expected.as_str()), "{name}\n{shown}");
        } else {
            assert_eq!(chain, None, "{name}");
        }
        if let Some(l) = lines.iter().find(|l| l.starts_with("    Early ALPN: ")) {
            let alpn = r.alpn.as_deref().expect("an ALPN was negotiated");
            let alpn = String::from_utf8(unhex(alpn)).expect("utf-8");
            assert_eq!(*l, format!("    Early ALPN: \"{alpn}\""), "{name}");
        }
    }
}

/// Detection on real sessions: their library's reader is a candidate, and
/// OpenSSL's only if a real OpenSSL reads the session.
#[test]
fn recorded_sessions_are_detected() {
    for r in all_recorded() {
        let (line, code) = check_json(&[], &r.der);
        let name = &r.name;
        assert_eq!(code, Some(0), "{name}: {line}");
        let candidates = line["candidates"].as_array().expect("candidates");
        assert!(
            candidates.contains(&Value::from(r.dialect)),
            "{name}: {line}"
        );
        if !some_openssl_reads(&r.der) {
            assert!(
                !candidates.contains(&Value::from("openssl")),
                "{name}: {line}"
            );
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

/// `convert --dialect-to openssl` of BoringSSL's good vectors and of the
/// recorded BoringSSL and AWS-LC sessions: OpenSSL's reader accepts the
/// result (`check --dialect openssl` and every real `openssl sess_id`), and
/// each field OpenSSL does not store is named on stderr.
#[test]
fn boringssl_and_aws_lc_sessions_convert_to_what_openssl_reads() {
    let mut inputs: Vec<(String, &str, Vec<u8>)> = vectors()
        .into_iter()
        .filter(|(_, good, _)| *good)
        .map(|(name, _, der)| (name.to_owned(), "boringssl", der))
        .collect();
    inputs.extend(
        all_recorded()
            .into_iter()
            .map(|r| (r.name, r.dialect, r.der)),
    );
    // `convert --dialect D [--openssl V] --dialect-to openssl`.
    let to_openssl = |dialect: &str, version: Option<&str>, der: &[u8]| {
        let mut args = vec!["convert", "--dialect", dialect];
        if let Some(v) = version {
            args.extend(["--openssl", v]);
        }
        args.extend(["--dialect-to", "openssl", "--to", "der", "-"]);
        sslsess(&args, der)
    };
    for (name, dialect, der) in &inputs {
        let out = to_openssl(dialect, None, der);
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
            let out = to_openssl(dialect, Some(v), der);
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
    let r = boringssl_recorded()
        .into_iter()
        .find(|r| r.protocol_version == 772 && r.ticket.is_some())
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

/// Sessions of real LibreSSL 4.3.2 handshakes, with LibreSSL's own report
/// (`oracles/libressl/harness.c`): its getters, its `i2d_SSL_SESSION`, and
/// its `openssl sess_id` PEM and `-text -noout`.
#[test]
fn libressl_sessions_show_and_convert_as_libressl_reports_them() {
    // A line of BIO_dump_indent's ticket dump: LibreSSL's drops trailing
    // spaces and NULs (`<SPACES/NULS>`), OpenSSL's does not.
    let dump = |l: &&str| {
        l.strip_prefix("    ").is_some_and(|r| {
            r.len() > 7 && r.as_bytes()[..4].iter().all(u8::is_ascii_hexdigit) && &r[4..7] == " - "
        })
    };
    for (name, der, l) in recordings(
        "libressl",
        &[
            "tls12-cache-client",
            "tls12-clientcert-alpn-server",
            "tls12-rsa-cbc-sni-server",
            "tls12-ticket-client",
            "tls13-client",
        ],
    ) {
        let shown = sslsess(&["show", "--dialect", "libressl", "-"], &der);
        assert!(shown.status.success(), "{name}: {}", text(&shown.stderr));
        let shown = text(&shown.stdout);
        let mut ours: Vec<&str> = shown.lines().collect();
        assert_eq!(ours.first(), Some(&"Dialect: LibreSSL"), "{name}");
        ours.remove(0);
        // `[6]`, which LibreSSL's text leaves out.
        ours.retain(|l| !l.starts_with("    SNI host name: ") && !dump(l));
        let theirs: Vec<&str> = l["text"]
            .as_str()
            .expect("text")
            .lines()
            .filter(|l| !dump(l))
            .collect();
        assert_eq!(ours.len(), theirs.len(), "{name}\n{shown}");
        for (o, t) in ours.iter().zip(&theirs) {
            // The verify code's words are those of the --openssl version's table.
            match (o.split_once(" ("), t.split_once(" (")) {
                (Some((o, _)), Some((t, _))) if t.starts_with("    Verify return code: ") => {
                    assert_eq!(o, t, "{name}");
                }
                _ => assert_eq!(o, t, "{name}"),
            }
        }

        let json = sslsess(&["show", "--json", "--dialect", "libressl", "-"], &der);
        let rec: Value = serde_json::from_slice(&json.stdout).expect("json");
        assert_eq!(rec["dialect"], "libressl", "{name}");
        assert_eq!(rec["protocol_version"], l["protocol_version"], "{name}");
        assert_eq!(rec["cipher"]["code"], l["cipher"], "{name}");
        assert_eq!(rec["session_id"], l["session_id"], "{name}");
        assert_eq!(rec["master_key"], l["master_key"], "{name}");
        assert_eq!(rec["sid_ctx"], l["sid_ctx"], "{name}");
        assert_eq!(rec["time"], l["time"], "{name}");
        assert_eq!(rec["timeout"], l["timeout"], "{name}");
        assert_eq!(
            rec["ticket_lifetime_hint"].as_u64().unwrap_or(0),
            u64_of(&l["ticket_lifetime_hint"]),
            "{name}"
        );
        assert_eq!(rec["peer_certificate"], l["peer"], "{name}");
        assert_eq!(!rec["ticket"].is_null(), l["has_ticket"] == true, "{name}");

        // What LibreSSL's i2d_SSL_SESSION and `sess_id -outform PEM` write.
        let out = sslsess(
            &["convert", "--dialect", "libressl", "--to", "der", "-"],
            &der,
        );
        assert_eq!(
            common::hex(&out.stdout),
            str_of(&l["i2d"]),
            "{name}: {}",
            text(&out.stderr)
        );
        let out = sslsess(
            &["convert", "--dialect", "libressl", "--to", "pem", "-"],
            &der,
        );
        assert_eq!(text(&out.stdout), str_of(&l["pem"]), "{name}");

        let (line, code) = check_json(&[], &der);
        assert_eq!(code, Some(0), "{name}: {line}");
        let candidates = line["candidates"].as_array().expect("candidates");
        assert!(
            candidates.contains(&Value::from("libressl")),
            "{name}: {line}"
        );
    }
}

/// `--openssl V` without `--dialect` is OpenSSL's reader, as in sslsess
/// 0.4: a BoringSSL vector no real OpenSSL reads is refused, and the
/// refusal says that BoringSSL reads it (ssl_test.cc).
#[test]
fn openssl_flag_means_openssl_and_points_to_the_reader() {
    let (name, _, der) = vectors()
        .into_iter()
        .find(|(name, _, _)| *name == "kCustomSession")
        .expect("kCustomSession");
    assert!(!some_openssl_reads(&der), "{name}: an OpenSSL reads it");
    let out = sslsess(&["check", "--openssl", "3.5", "-"], &der);
    assert_eq!(out.status.code(), Some(1), "{name}");
    assert!(
        text(&out.stdout).ends_with("; BoringSSL reads it (--dialect boringssl)\n"),
        "{}",
        text(&out.stdout)
    );
    let (line, _) = check_json(&["--openssl", "3.5"], &der);
    assert_eq!(line["accepted"], false, "{line}");
    assert_eq!(line["dialect"], "openssl", "{line}");
    assert!(line["candidates"].is_null(), "{line}");
    let out = sslsess(&["show", "--mode", "openssl", "-"], &der);
    assert_fails(&out, 1, "BoringSSL reads it (--dialect boringssl)");
}
