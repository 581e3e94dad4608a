//! The real binary on every file of the corpus, against what OpenSSL 3.0.19 wrote.

mod common;

use common::{corpus_dir, manifest, read_jsonl, sslsess, text};

fn path_str(p: &std::path::Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `show` prints exactly `openssl sess_id -text -noout` for every `.txt`.
/// Sessions without a time show OpenSSL's clock at generation time; for them
/// the clock is set to that value with `--now`, so they are compared too.
#[test]
fn show_equals_sess_id_text() {
    let (dir, entries) = manifest();
    let mut compared = 0;
    let mut defaulted = 0;
    for e in &entries {
        let file = e["file"].as_str().expect("file");
        let txt_path = dir.join(file.replace(".der", ".txt"));
        let Ok(expected) = std::fs::read(&txt_path) else {
            continue;
        };
        let der = dir.join(file);
        // The .txt files are OpenSSL 3.0.19's.
        let mut args = vec!["show", "--openssl", "3.0"];
        let now;
        if e["time_defaulted"] == true {
            // `    Start Time: <clock>` is the one line that depends on the clock.
            now = text(&expected)
                .lines()
                .find_map(|l| l.strip_prefix("    Start Time: ").map(str::to_string))
                .expect("a Start Time line");
            args.extend(["--now", now.as_str()]);
            defaulted += 1;
        }
        args.push(path_str(&der));
        let out = sslsess(&args, b"");
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), text(&expected), "{file}");
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} .txt files");
    eprintln!("{compared} .txt files identical ({defaulted} with --now)");
}

/// `convert --to der` re-encodes from the fields and gives back OpenSSL's bytes
/// wherever OpenSSL itself round-trips (`reencode_identical`).
#[test]
fn convert_to_der_reproduces_the_input() {
    let (dir, entries) = manifest();
    let mut compared = 0;
    for e in entries.iter().filter(|e| e["reencode_identical"] == true) {
        let file = e["file"].as_str().expect("file");
        let path = dir.join(file);
        let input = std::fs::read(&path).expect("read .der");
        let out = sslsess(&["convert", "--to", "der", path_str(&path)], b"");
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert!(out.stdout == input, "{file}: DER differs");
        compared += 1;
    }
    assert!(compared >= 20);
    eprintln!("{compared} DER re-encodings identical");
}

/// `convert --to pem` equals `openssl sess_id -outform PEM` (not for the
/// `*_defaulted` files, into which OpenSSL wrote its clock and 3 s).
#[test]
fn convert_to_pem_equals_sess_id_pem() {
    let (dir, entries) = manifest();
    let mut compared = 0;
    for e in &entries {
        if e["time_defaulted"] == true || e["timeout_defaulted"] == true {
            continue;
        }
        let file = e["file"].as_str().expect("file");
        let Ok(expected) = std::fs::read(dir.join(file.replace(".der", ".pem"))) else {
            continue;
        };
        let path = dir.join(file);
        let out = sslsess(&["convert", "--to", "pem", path_str(&path)], b"");
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout), text(&expected), "{file}");
        // And back: PEM in, DER out, the original bytes.
        let back = sslsess(&["convert", "--to", "der", "-"], &expected);
        assert!(back.status.success(), "{file}: {}", text(&back.stderr));
        assert!(back.stdout == std::fs::read(&path).expect("der"), "{file}");
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} .pem files");
    eprintln!("{compared} PEM files identical");
}

/// `check --mode openssl --json` agrees with OpenSSL's verdict on every
/// malformed input, on `accepted` and on `consumed`.
#[test]
fn check_agrees_with_openssl_verdicts() {
    let (corpus, _) = corpus_dir();
    let dir = corpus.join("malformed");
    let verdicts = read_jsonl(&dir.join("verdicts.jsonl"));
    let paths: Vec<String> = verdicts
        .iter()
        .map(|v| path_str(&dir.join(v["file"].as_str().expect("file"))).to_string())
        .collect();
    // The verdicts are OpenSSL 3.0.19's d2i_SSL_SESSION's.
    let mut args = vec!["check", "--mode", "openssl", "--openssl", "3.0", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let out = sslsess(&args, b"");
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), verdicts.len());
    let mut rejected = 0;
    for ((v, line), path) in verdicts.iter().zip(&lines).zip(&paths) {
        let file = v["file"].as_str().expect("file");
        assert_eq!(line["file"], path.as_str());
        assert_eq!(line["openssl"], "3.0");
        assert_eq!(line["accepted"], v["accepted"], "{file}: {line}");
        assert_eq!(line["consumed"], v["consumed"], "{file}: {line}");
        if v["accepted"] == false {
            rejected += 1;
            // A rejection names the field and the byte offset.
            let error = line["error"].as_str().expect("error text");
            let offset = line["offset"].as_u64().expect("offset");
            assert!(
                error.ends_with(&format!("(offset {offset})")),
                "{file}: {error}"
            );
            assert!(
                error.starts_with(line["field"].as_str().expect("field")),
                "{error}"
            );
        } else {
            assert!(line["error"].is_null());
        }
    }
    assert!(rejected > 0);
    // Exit 0 only if every file is accepted.
    assert_eq!(out.status.code(), Some(1));
    eprintln!("{} verdicts agree ({rejected} rejections)", verdicts.len());
}

/// `check` exits 0 when every file is accepted, and its text names the verdict.
#[test]
fn check_accepts_valid_sessions() {
    let (dir, entries) = manifest();
    let files: Vec<String> = entries
        .iter()
        .take(5)
        .map(|e| path_str(&dir.join(e["file"].as_str().expect("file"))).to_string())
        .collect();
    let mut args = vec!["check", "--mode", "strict"];
    args.extend(files.iter().map(String::as_str));
    let out = sslsess(&args, b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 5);
    for (line, f) in stdout.lines().zip(&files) {
        assert!(line.starts_with(&format!("{f}: accepted (")), "{line}");
    }
}
