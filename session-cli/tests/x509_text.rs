//! `sslsess sess_id -openssl 3.0 -text -cert` against the installed `openssl
//! sess_id` (3.0.19) on sessions carrying real certificates: OpenSSL's
//! `X509_print` text must come out byte for byte.
mod common;

use common::{openssl, sslsess_as, text};
use session_der::session_model::{CipherSuite, OwnedSession, ProtocolVersion};
use session_der::OpenSslVersion;
use session_der::{encode, Target};

/// Every certificate in a PEM file (any number of them).
fn pem_certificates(pem: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    let mut certs = Vec::new();
    let mut body: Option<String> = None;
    for line in pem.lines() {
        match line.trim() {
            "-----BEGIN CERTIFICATE-----" => body = Some(String::new()),
            "-----END CERTIFICATE-----" => {
                let b64 = body.take().expect("END without BEGIN");
                certs.push(
                    base64::engine::general_purpose::STANDARD
                        .decode(b64)
                        .expect("base64"),
                );
            }
            other => {
                if let Some(b) = body.as_mut() {
                    b.push_str(other);
                }
            }
        }
    }
    certs
}

/// A TLS 1.3 session whose peer is `cert`, as OpenSSL 3.0 would write it.
fn session_with_peer(cert: &[u8]) -> Vec<u8> {
    let cipher = CipherSuite::from_name("TLS_AES_128_GCM_SHA256").expect("known cipher");
    let mut session = OwnedSession::new(ProtocolVersion::TLS1_3, cipher);
    session.set_session_id(vec![0x5A; 32]).expect("32-byte id");
    session.set_master_key(vec![0xA5; 48]).expect("48-byte key");
    session.set_time(Some(1_700_000_000));
    session.set_timeout(Some(7200));
    session.set_peer_certificate(Some(cert.to_vec()));
    encode(&session, Target::OpenSsl(OpenSslVersion::V3_0))
        .expect("a session with a peer certificate encodes")
        .to_vec()
}

/// [`session_with_peer`] as version `v` reads it: for 1.1.1 without the
/// `[19]` kex_group its template lacks.
fn session_for(v: &str, cert: &[u8]) -> Vec<u8> {
    let session = session_with_peer(cert);
    if v != "1.1.1" {
        return session;
    }
    common::sslsess(
        &["convert", "--to", "der", "--target", "openssl-1.1.1"],
        &session,
    )
    .stdout
}

/// Runs both tools on one session; `Err` says how ours differed.
fn compare(session_der: &[u8]) -> Result<(), String> {
    let args = ["sess_id", "-inform", "DER", "-text", "-cert", "-noout"];
    let theirs = openssl(&args, session_der);
    assert!(
        theirs.status.success(),
        "openssl failed: {}",
        text(&theirs.stderr)
    );
    let ours = sslsess_as("3.0", &args, session_der);
    if !ours.status.success() {
        return Err(format!("refused: {}", text(&ours.stderr).trim_end()));
    }
    if ours.stdout != theirs.stdout {
        let first = text(&theirs.stdout)
            .lines()
            .zip(text(&ours.stdout).lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("openssl: {a:?}\nsslsess: {b:?}"))
            .unwrap_or_else(|| "lengths differ".to_string());
        return Err(format!("differs:\n{first}"));
    }
    Ok(())
}

/// Compares every certificate of a PEM bundle and reports all differences.
fn assert_bundle_prints_like_openssl(path: &std::path::Path) {
    let pem = std::fs::read_to_string(path).expect("read bundle");
    let certs = pem_certificates(&pem);
    assert!(!certs.is_empty(), "{} has no certificate", path.display());
    let failures: Vec<String> = certs
        .iter()
        .enumerate()
        .filter_map(|(i, cert)| {
            compare(&session_with_peer(cert))
                .err()
                .map(|e| format!("{} #{i}: {e}", path.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} certificates differ:\n{}",
        failures.len(),
        certs.len(),
        failures.join("\n")
    );
}

#[test]
fn ca_roots_print_like_openssl() {
    assert_bundle_prints_like_openssl(&common::workspace_root().join("testdata/x509/ca-roots.pem"));
}

#[test]
fn core_parts_print_like_openssl() {
    // Versions, serials, names, times, unique IDs, signature algorithms and
    // values (tools/x509/make_core.py).
    assert_bundle_prints_like_openssl(&common::workspace_root().join("testdata/x509/core.pem"));
}

#[test]
fn corpus_sessions_print_their_peer_like_openssl() {
    let (_, manifest) = common::manifest();
    let with_peer: std::collections::HashSet<String> = manifest
        .iter()
        .filter(|m| !m["peer"].is_null())
        .filter_map(|m| m["file"].as_str().map(str::to_string))
        .collect();
    let mut compared = 0;
    let mut failures = Vec::new();
    for (name, der) in sslsession_testkit::corpus_sessions() {
        if !with_peer.contains(&name) {
            continue;
        }
        compared += 1;
        if let Err(e) = compare(&der) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(compared >= 5, "only {compared} corpus sessions with a peer");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Byte flips anywhere in real certificates: whenever OpenSSL loads the
/// session, sslsess prints the same text or refuses cleanly — never a
/// different text, never a panic. The flips land in extension values, key
/// bits, names and times that OpenSSL's d2i_X509 does not look into.
/// `SSLSESS_X509_MUTATIONS` raises the number of mutants per certificate
/// (default 8) for a long run, `SSLSESS_X509_FIRST_ROUND` moves the run to
/// other mutants; a failure names its seed (certificate index << 32 | round).
#[test]
fn mutated_certificates_print_like_openssl_or_are_refused() {
    let installed = common::Oracle {
        version: "3.0",
        bin: "openssl".into(),
    };
    mutations_print_as(&installed, 8);
}

/// [`mutated_certificates_print_like_openssl_or_are_refused`] for 1.1.1,
/// 3.5, 3.6 and 4.0, whose text is reproduced where it is known to be 3.0's
/// or printed their way (2 mutants per certificate by default).
#[test]
fn mutated_certificates_print_like_each_version_or_are_refused() {
    for oracle in common::oracles() {
        if oracle.version != "3.0" {
            mutations_print_as(&oracle, 2);
        }
    }
}

fn mutations_print_as(oracle: &common::Oracle, default_rounds: u64) {
    let v = oracle.version;
    let root = common::workspace_root().join("testdata/x509");
    let mut bundles: Vec<_> = std::fs::read_dir(&root)
        .expect("testdata/x509")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "pem"))
        .collect();
    // Sorted, so a failing seed names the same mutant on every machine.
    bundles.sort();
    let mut bases = Vec::new();
    for path in bundles {
        let certs = pem_certificates(&std::fs::read_to_string(&path).expect("bundle"));
        // A spread of each bundle, not all of it: the flips matter more.
        bases.extend(certs.into_iter().step_by(7));
    }
    let args = ["sess_id", "-inform", "DER", "-text", "-cert", "-noout"];
    let rounds: u64 = std::env::var("SSLSESS_X509_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_rounds);
    let first_round: u64 = std::env::var("SSLSESS_X509_FIRST_ROUND")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let (mut loaded, mut printed, mut refused, mut unloadable) = (0, 0, 0, 0);
    let mut acceptance_differs = 0;
    let mut failures = Vec::new();
    for (i, base) in bases.iter().enumerate() {
        for round in first_round..first_round + rounds {
            let seed = (i as u64) << 32 | round;
            let noise = sslsession_testkit::noise(seed, 6);
            let mut cert = base.clone();
            let at = usize::from(u16::from_be_bytes([noise[0], noise[1]])) % cert.len();
            cert[at] ^= noise[2] | 1;
            if noise[3] & 1 == 1 {
                let second = usize::from(u16::from_be_bytes([noise[4], noise[5]])) % cert.len();
                cert[second] ^= noise[3];
            }
            let session = session_for(v, &cert);
            let theirs = oracle.run(&args, &session);
            let ours = sslsess_as(v, &args, &session);
            if !theirs.status.success() {
                if ours.status.success() && v == "3.0" {
                    failures.push(format!(
                        "seed {seed}: OpenSSL {v} refused the session, sslsess printed it"
                    ));
                } else if ours.status.success() {
                    // Acceptance, not printing: from 3.5 d2i_X509 refuses a
                    // UTCTime under 13 bytes (asn1_ex_c2i), which
                    // session-der's OpenSSL mode does not reproduce yet.
                    // Counted and shown, for session-der's tests to take up.
                    eprintln!("seed {seed}: OpenSSL {v} refused the session, sslsess read it");
                    acceptance_differs += 1;
                }
                continue;
            }
            loaded += 1;
            // A key libcrypto cannot load: OpenSSL prints its error queue
            // (process-specific), which sslsess must refuse to imitate.
            if text(&theirs.stdout).contains("Unable to load Public Key") {
                unloadable += 1;
            }
            if ours.status.success() {
                printed += 1;
                if ours.stdout != theirs.stdout {
                    failures.push(format!(
                        "seed {seed}: differs\nopenssl:\n{}\nsslsess:\n{}",
                        text(&theirs.stdout),
                        text(&ours.stdout)
                    ));
                }
            } else {
                refused += 1;
                let err = text(&ours.stderr);
                if !err.contains("cannot print the peer certificate") || !ours.stdout.is_empty() {
                    failures.push(format!("seed {seed}: unclean refusal: {err}"));
                }
            }
        }
    }
    eprintln!(
        "OpenSSL {v}: {loaded} loadable sessions: {printed} printed identically, {refused} \
         refused ({unloadable} with a key libcrypto could not load); {acceptance_differs} \
         refused by OpenSSL but read by sslsess"
    );
    assert!(failures.is_empty(), "{v}: {}", failures.join("\n\n"));
    // Every other mutant should print: a printer that refused everything
    // would pass the checks above. A few refusals (BER OpenSSL may read
    // differently) are expected; more for the later versions, where what is
    // not known to print as 3.0 does is refused (about 10% of the test
    // certificates; for 4.0 also explicit EC parameters that are no built-in
    // curve's, which the flips often make; for 1.1.1 every key but RSA and
    // named-curve EC and most extensions).
    let printable = loaded - unloadable;
    let share = match v {
        "3.0" => 95,
        "1.1.1" => 25,
        "4.0" => 60,
        _ => 75,
    };
    assert!(
        printed * 100 >= printable * share,
        "{v}: {printed} of {printable} mutants with a loadable key printed, {refused} refused"
    );
}

/// A key libcrypto cannot load makes OpenSSL print its error queue (which
/// names the process): sslsess refuses cleanly instead of guessing.
#[test]
fn unloadable_key_is_refused_cleanly() {
    let pem = std::fs::read_to_string(common::workspace_root().join("testdata/x509/core.pem"))
        .expect("core bundle");
    let mut cert = pem_certificates(&pem).swap_remove(0);
    let ec_public_key = [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
    let unknown = [0x06, 0x07, 0x2A, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
    let at = cert
        .windows(ec_public_key.len())
        .position(|w| w == ec_public_key)
        .expect("an EC key");
    cert[at..at + unknown.len()].copy_from_slice(&unknown);
    let session = session_with_peer(&cert);
    let args = ["sess_id", "-inform", "DER", "-text", "-cert", "-noout"];
    let theirs = openssl(&args, &session);
    assert!(text(&theirs.stdout).contains("Unable to load Public Key"));
    let ours = sslsess_as("3.0", &args, &session);
    common::assert_clean_failure(&ours, "cannot print the peer certificate");
    assert!(
        text(&ours.stderr).contains("1.2.3.4.5.6.7.8"),
        "{}",
        text(&ours.stderr)
    );
}

#[test]
fn advanced_extensions_print_like_openssl() {
    assert_bundle_prints_like_openssl(
        &common::workspace_root().join("testdata/x509/advanced-extensions.pem"),
    );
}

#[test]
fn extensions_print_like_openssl() {
    assert_bundle_prints_like_openssl(
        &common::workspace_root().join("testdata/x509/extensions.pem"),
    );
}

#[test]
fn keys_print_like_openssl() {
    assert_bundle_prints_like_openssl(&common::workspace_root().join("testdata/x509/keys.pem"));
}

/// Every test certificate through each other version's `openssl sess_id
/// -text -cert`: with `-openssl 1.1.1`, `3.5`, `3.6` and `4.0` sslsess
/// prints the same text or refuses cleanly (what it does not reproduce of
/// theirs), never a different text; most certificates print (for 1.1.1, whose
/// text is reproduced for RSA and named-curve EC keys and a few extensions,
/// a good share).
#[test]
fn test_certificates_print_as_each_version_or_are_refused() {
    let root = common::workspace_root().join("testdata/x509");
    let mut bundles: Vec<_> = std::fs::read_dir(&root)
        .expect("testdata/x509")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "pem"))
        .collect();
    bundles.sort();
    let certs: Vec<Vec<u8>> = bundles
        .iter()
        .flat_map(|path| pem_certificates(&std::fs::read_to_string(path).expect("bundle")))
        .collect();
    let args = ["sess_id", "-inform", "DER", "-text", "-cert", "-noout"];
    for oracle in common::oracles().iter().filter(|o| o.version != "3.0") {
        let v = oracle.version;
        let (mut loaded, mut printed, mut failures) = (0, 0, Vec::new());
        for (i, cert) in certs.iter().enumerate() {
            let session = session_for(v, cert);
            let theirs = oracle.run(&args, &session);
            if !theirs.status.success() {
                continue;
            }
            loaded += 1;
            let ours = sslsess_as(v, &args, &session);
            if !ours.status.success() {
                let err = text(&ours.stderr);
                if !err.contains("cannot print the peer certificate") || !ours.stdout.is_empty() {
                    failures.push(format!("#{i}: unclean refusal: {err}"));
                }
            } else if ours.stdout != theirs.stdout {
                failures.push(format!(
                    "#{i}: differs\nopenssl:\n{}\nsslsess:\n{}",
                    text(&theirs.stdout),
                    text(&ours.stdout)
                ));
            } else {
                printed += 1;
            }
        }
        eprintln!(
            "OpenSSL {v}: {} certificates, {loaded} loaded, {printed} printed identically, {} \
             refused",
            certs.len(),
            loaded - printed
        );
        assert!(
            failures.is_empty(),
            "OpenSSL {v}:\n{}",
            failures.join("\n\n")
        );
        assert!(loaded > 0, "{v}");
        let share = if v == "1.1.1" { 45 } else { 80 };
        assert!(
            printed * 100 >= loaded * share,
            "{v}: {printed} of {loaded} printed"
        );
    }
}
