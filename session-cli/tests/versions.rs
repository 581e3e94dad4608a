//! `--openssl VERSION` against that version's own `openssl` binary (the
//! oracles of oracles/openssl/build.sh, and the installed 3.0): sessions from
//! its own handshakes, the corpus as it reads it, what its `i2d` writes, its
//! verdicts, and which versions read which versions' sessions.

mod common;

use common::{manifest, oracles, sslsess, sslsess_as, text, Oracle};

/// `openssl sess_id` flag sets compared with `sslsess sess_id -openssl V`.
const FLAG_SETS: &[&[&str]] = &[
    &[],
    &["-outform", "DER"],
    &["-outform", "PEM", "-text"],
    &["-noout", "-text"],
    &["-cert"],
    &["-cert", "-outform", "DER"],
    &["-outform", "NSS"],
    &["-text", "-cert", "-noout"],
    &["-context", "my-app", "-outform", "DER"],
    &["-context", "0123456789abcdef0123456789abcdef!"],
];

/// Sessions each version's own handshakes make: `show`, `show --cert` and
/// `sess_id` with OpenSSL's flags give that version's output byte for byte
/// (PEM and DER re-encodings included, which are its `i2d`), and the peer
/// certificate as its X509_print writes it. For 1.1.1 and 4.0, whose
/// X509_print is reproduced where it is known (session-text's guards),
/// `-text -cert` on a session with a peer may also be refused cleanly, but
/// never printed differently.
#[test]
fn each_versions_handshakes_print_and_encode_as_that_version() {
    for oracle in oracles() {
        let v = oracle.version;
        let sessions = common::handshake_sessions(&oracle);
        for (name, pem) in &sessions {
            let theirs = oracle.run(&["sess_id", "-text", "-noout"], pem);
            assert!(theirs.status.success(), "{v} {name}");
            let ours = sslsess_as(v, &["show"], pem);
            assert!(ours.status.success(), "{v} {name}: {}", text(&ours.stderr));
            assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{v} {name}");

            let theirs = oracle.run(&["sess_id", "-cert", "-noout"], pem);
            let ours = sslsess_as(v, &["show", "--cert"], pem);
            // `sess_id -cert -noout` prints nothing; the certificate comes with -cert alone.
            assert!(theirs.stdout.is_empty());
            let theirs = oracle.run(&["sess_id", "-cert"], pem);
            assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{v} {name}");

            for flags in FLAG_SETS {
                let mut args = vec!["sess_id"];
                args.extend_from_slice(flags);
                let theirs = oracle.run(&args, pem);
                let ours = sslsess_as(v, &args, pem);
                let x509_text = flags.contains(&"-text") && flags.contains(&"-cert");
                // 1.1.1's and 4.0's X509_print are reproduced only where
                // known: a refusal must be clean.
                if x509_text
                    && matches!(v, "1.1.1" | "4.0")
                    && text(&theirs.stdout).contains("\nCertificate:\n")
                    && !ours.status.success()
                {
                    common::assert_clean_failure(&ours, "cannot print the peer certificate");
                    continue;
                }
                assert_eq!(
                    ours.status.code(),
                    theirs.status.code(),
                    "{v} {name} {flags:?}"
                );
                assert!(
                    ours.stdout == theirs.stdout,
                    "{v} {name} {flags:?}:\n{}\n{}",
                    text(&ours.stdout),
                    text(&theirs.stdout)
                );
            }
        }
        eprintln!(
            "OpenSSL {v}: {} handshake sessions identical",
            sessions.len()
        );
    }
}

/// The corpus input for `oracle`: as is, or, for 1.1.1 (whose template ends
/// at `[18]` and so refuses every 3.0 session), what `convert --target
/// openssl-1.1.1` makes of it.
fn corpus_input(oracle: &Oracle, path: &str, der: &[u8]) -> Option<Vec<u8>> {
    if oracle.version != "1.1.1" {
        return Some(der.to_vec());
    }
    let out = sslsess(
        &["convert", "--to", "der", "--target", "openssl-1.1.1", path],
        b"",
    );
    out.status.success().then_some(out.stdout)
}

/// Every corpus session, through each version's `openssl sess_id -text
/// -noout`: `show --openssl V` prints the same, and refuses what it refuses.
/// Sessions without a time get OpenSSL's clock, passed on with `--now`.
#[test]
fn the_corpus_shows_as_each_version_prints_it() {
    let (dir, entries) = manifest();
    for oracle in oracles() {
        let v = oracle.version;
        let (mut compared, mut refused) = (0, 0);
        for e in &entries {
            let file = e["file"].as_str().expect("file");
            let path = dir.join(file);
            let p = path.to_str().expect("utf-8");
            let Some(der) = corpus_input(&oracle, p, &std::fs::read(&path).expect("read")) else {
                continue;
            };
            let theirs = oracle.run(&["sess_id", "-inform", "DER", "-text", "-noout"], &der);
            if !theirs.status.success() {
                let ours = sslsess_as(v, &["check", "-"], &der);
                assert!(
                    !ours.status.success(),
                    "{v} {file}: OpenSSL refuses it, sslsess accepts"
                );
                refused += 1;
                continue;
            }
            let shown = text(&theirs.stdout);
            let mut args = vec!["show"];
            let now;
            if e["time_defaulted"] == true {
                now = shown
                    .lines()
                    .find_map(|l| l.strip_prefix("    Start Time: ").map(str::to_owned))
                    .expect("a Start Time line");
                args.extend(["--now", now.as_str()]);
            }
            args.push("-");
            let ours = sslsess_as(v, &args, &der);
            assert!(ours.status.success(), "{v} {file}: {}", text(&ours.stderr));
            assert_eq!(text(&ours.stdout), shown, "{v} {file}");
            compared += 1;
        }
        assert!(compared >= 300, "{v}: only {compared} compared");
        eprintln!("OpenSSL {v}: {compared} corpus texts identical, {refused} refused by both");
    }
}

/// `convert --target openssl-V` writes what version V's `i2d_SSL_SESSION`
/// writes after its `d2i_SSL_SESSION` read the session: the bytes of its
/// `openssl sess_id -inform DER -outform DER` (and `-outform PEM`), on every
/// corpus session it reads whose time and timeout are stored (OpenSSL writes
/// its clock and 3 s into the others).
#[test]
fn convert_target_openssl_v_writes_what_v_writes() {
    let (dir, entries) = manifest();
    for oracle in oracles() {
        let v = oracle.version;
        let target = format!("openssl-{v}");
        let mut compared = 0;
        for e in &entries {
            if e["time_defaulted"] == true || e["timeout_defaulted"] == true {
                continue;
            }
            let file = e["file"].as_str().expect("file");
            let path = dir.join(file);
            let p = path.to_str().expect("utf-8");
            let Some(der) = corpus_input(&oracle, p, &std::fs::read(&path).expect("read")) else {
                continue;
            };
            let theirs = oracle.run(&["sess_id", "-inform", "DER", "-outform", "DER"], &der);
            if !theirs.status.success() {
                continue;
            }
            let ours = sslsess_as(
                v,
                &["convert", "--to", "der", "--target", &target, "-"],
                &der,
            );
            assert!(ours.status.success(), "{v} {file}: {}", text(&ours.stderr));
            assert!(ours.stdout == theirs.stdout, "{v} {file}: DER differs");
            let theirs = oracle.run(&["sess_id", "-inform", "DER"], &der);
            let ours = sslsess_as(
                v,
                &["convert", "--to", "pem", "--target", &target, "-"],
                &der,
            );
            assert_eq!(
                text(&ours.stdout),
                text(&theirs.stdout),
                "{v} {file}: PEM differs"
            );
            // `--target openssl` is the --openssl version's.
            let plain = sslsess_as(
                v,
                &["convert", "--to", "pem", "--target", "openssl", "-"],
                &der,
            );
            assert!(plain.stdout == ours.stdout, "{v} {file}");
            compared += 1;
        }
        assert!(compared >= 250, "{v}: only {compared} compared");
        eprintln!("OpenSSL {v}: {compared} i2d encodings identical (DER and PEM)");
    }
}

/// `check --openssl V --json` names the version and agrees with V's
/// `openssl sess_id` on whether each corpus session is read; strict mode
/// names none.
#[test]
fn check_json_names_the_version_and_agrees_with_it() {
    let (dir, entries) = manifest();
    let files: Vec<String> = entries
        .iter()
        .map(|e| {
            dir.join(e["file"].as_str().expect("file"))
                .to_str()
                .expect("utf-8")
                .to_owned()
        })
        .collect();
    for oracle in oracles() {
        let v = oracle.version;
        let mut args = vec!["check", "--json"];
        args.extend(files.iter().map(String::as_str));
        let out = sslsess_as(v, &args, b"");
        let lines: Vec<serde_json::Value> = text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(lines.len(), files.len());
        let mut accepted = 0;
        for (line, file) in lines.iter().zip(&files) {
            assert_eq!(line["openssl"], v, "{line}");
            let theirs = oracle.run(&["sess_id", "-inform", "DER", "-noout", "-in", file], b"");
            assert_eq!(
                line["accepted"],
                theirs.status.success(),
                "{v} {file}: {line}"
            );
            accepted += usize::from(theirs.status.success());
        }
        // 1.1.1 reads none of the 3.0 sessions, the others read them.
        assert_eq!(accepted == 0, v == "1.1.1", "{v}: {accepted} accepted");
        assert_eq!(out.status.success(), accepted == files.len(), "{v}");
    }
    let strict = sslsess(&["check", "--mode", "strict", "--json", &files[0]], b"");
    let line: serde_json::Value = serde_json::from_slice(&strict.stdout).expect("json");
    assert!(line["openssl"].is_null(), "{line}");
    // The default is the LTS.
    let default = sslsess(&["check", "--json", &files[0]], b"");
    let line: serde_json::Value = serde_json::from_slice(&default.stdout).expect("json");
    assert_eq!(line["openssl"], "3.5", "{line}");
}

/// The lines of `openssl sess_id -text` that carry what the getters report.
fn times(shown: &str) -> Vec<String> {
    shown
        .lines()
        .filter(|l| l.starts_with("    Start Time:") || l.starts_with("    Timeout   :"))
        .map(str::to_owned)
        .collect()
}

/// `check --openssl A --readable-by B`, against the binaries: B's `openssl
/// sess_id` refuses exactly the sessions said to be refused; for the others,
/// "read the same" holds exactly when B's getters print the times A's print
/// and what B's `i2d` writes back is, read by A, what A's own `i2d` writes
/// (up to the expiry, which `sess_id` does not show).
/// The sessions are what each A writes: its handshakes, and a handshake
/// session with edge times (negative, 2⁴⁰, 2⁵⁵ seconds) after A's `i2d`.
#[test]
fn readable_by_agrees_with_the_binaries() {
    let oracles = oracles();
    let mut verdicts = std::collections::BTreeMap::<String, usize>::new();
    for writer in &oracles {
        let a = writer.version;
        let mut sessions = common::handshake_sessions(writer);
        let (_, base) = sessions.first().cloned().expect("a session");
        for (field, value) in [("timeout", -1_i64), ("time", 1 << 40), ("timeout", 1 << 55)] {
            let json = sslsess_as(a, &["convert", "--to", "json", "-"], &base);
            let mut record: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
            record[field] = value.into();
            let der = sslsess_as(
                a,
                &["convert", "--to", "der"],
                record.to_string().as_bytes(),
            );
            assert!(der.status.success(), "{}", text(&der.stderr));
            let written = writer.run(
                &["sess_id", "-inform", "DER", "-outform", "DER"],
                &der.stdout,
            );
            assert!(written.status.success(), "{a}: {field} {value}");
            sessions.push((format!("{field}={value}"), written.stdout));
        }
        for (name, session) in &sessions {
            let form = if session.starts_with(b"-----") {
                "PEM"
            } else {
                "DER"
            };
            let a_text = writer.run(&["sess_id", "-inform", form, "-text", "-noout"], session);
            let a_i2d = writer.run(&["sess_id", "-inform", form, "-outform", "DER"], session);
            assert!(
                a_text.status.success() && a_i2d.status.success(),
                "{a} {name}"
            );
            for reader in &oracles {
                let b = reader.version;
                let out = sslsess_as(a, &["check", "--readable-by", b, "--json", "-"], session);
                let line: serde_json::Value =
                    serde_json::from_slice(&out.stdout).expect("one JSON line");
                let verdict = line["verdict"].as_str().expect("verdict").to_owned();
                assert_eq!(line["written_by"], a);
                assert_eq!(line["read_by"], b);
                assert_eq!(out.status.success(), verdict == "read_same", "{line}");
                let ctx = format!("{a} -> {b} {name}: {line}");
                let b_text = reader.run(&["sess_id", "-inform", form, "-text", "-noout"], session);
                if !b_text.status.success() {
                    assert_eq!(verdict, "refused", "{ctx}");
                    *verdicts.entry(verdict).or_default() += 1;
                    continue;
                }
                let b_i2d = reader.run(&["sess_id", "-inform", form, "-outform", "DER"], session);
                let back = writer.run(
                    &["sess_id", "-inform", "DER", "-outform", "DER"],
                    &b_i2d.stdout,
                );
                let same_times = times(&text(&a_text.stdout)) == times(&text(&b_text.stdout));
                // What B writes back that A cannot read is reported apart
                // from the values (A's error), the verdict then on the times.
                let write_back_refused = !back.status.success();
                assert_eq!(
                    line["write_back_refused_by_writer"].is_null(),
                    !write_back_refused,
                    "{ctx}"
                );
                let same = same_times && (write_back_refused || back.stdout == a_i2d.stdout);
                // The expiry (the timeout check of each version) is not in
                // `sess_id`'s output: session-der's tests check it against
                // each libssl. Here, when the binaries see the same session,
                // the verdict is "read the same" or names the expiry alone.
                let expiry_only = line["differences"]
                    .as_array()
                    .is_some_and(|d| d.iter().all(|d| d["what"] == "expiry"));
                if same {
                    assert!(verdict == "read_same" || expiry_only, "{ctx}");
                } else {
                    assert_eq!(verdict, "read_differently", "{ctx}");
                    assert!(!expiry_only, "{ctx}");
                }
                *verdicts.entry(verdict).or_default() += 1;
            }
        }
    }
    eprintln!("verdicts: {verdicts:?}");
    if oracles.len() == 5 {
        for kind in ["read_same", "read_differently", "refused"] {
            assert!(verdicts.contains_key(kind), "no {kind} among {verdicts:?}");
        }
    }
}

/// Each built version's cipher suites as its `openssl ciphers -V
/// ALL:COMPLEMENTOFALL` lists them (Camellia, SEED and IDEA included, as
/// distributions build them) are in that version's table in the model, with
/// the same OpenSSL name: the oracles are built with the ciphers people run,
/// and the tables `tools/dump_cipher_table.c` took from their `d2i` agree.
#[test]
fn each_versions_cipher_list_is_in_its_table() {
    for oracle in oracles() {
        let v: session_model::OpenSslVersion = oracle.version.parse().expect("a version");
        let out = oracle.run(&["ciphers", "-V", "ALL:COMPLEMENTOFALL"], b"");
        assert!(out.status.success(), "{v}");
        let listed = text(&out.stdout);
        let mut camellia_seed_idea = 0;
        for line in listed.lines() {
            // `0xC0,0x2F - ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH ...`
            let mut words = line.split_whitespace();
            let (Some(code), Some("-"), Some(name)) = (words.next(), words.next(), words.next())
            else {
                panic!("{v}: unexpected line {line:?}");
            };
            let hex: String = code
                .split(',')
                .map(|b| b.trim_start_matches("0x"))
                .collect();
            let code = u16::from_str_radix(&hex, 16).expect("a two-byte code");
            let info = session_model::CipherSuite(code)
                .info_in(v)
                .unwrap_or_else(|| panic!("{v}: {code:04X} {name} not in its table"));
            assert_eq!(info.openssl_name, name, "{v} {code:04X}");
            if ["CAMELLIA", "SEED", "IDEA"]
                .iter()
                .any(|c| name.contains(c))
            {
                camellia_seed_idea += 1;
            }
        }
        assert!(
            camellia_seed_idea >= 28,
            "{v}: {camellia_seed_idea} Camellia/SEED/IDEA suites"
        );
    }
}
