//! `check` over directories with several workers: the same verdicts as one
//! `check` per file, OpenSSL 3.0.19's verdicts on the corpus's malformed
//! inputs, in path order whatever the interleaving.

mod common;

use std::path::{Path, PathBuf};

use common::{corpus_dir, manifest, read_jsonl, scratch_dir, sslsess, text};

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A tree of corpus files (sessions, their PEM and text, malformed inputs)
/// in nested directories, and the files in path order.
fn tree(name: &str) -> (PathBuf, Vec<PathBuf>) {
    let root = scratch_dir(name);
    let (dir, entries) = manifest();
    let (corpus, _) = corpus_dir();
    let malformed = corpus.join("malformed");
    let mut copied = Vec::new();
    for (i, e) in entries.iter().take(60).enumerate() {
        let file = e["file"].as_str().expect("file");
        // Three levels, so the walk's order is tested across directories.
        let sub = root.join(format!("d{}", i % 3)).join(format!("e{}", i % 2));
        std::fs::create_dir_all(&sub).expect("mkdir");
        for ext in [".der", ".pem", ".txt"] {
            let from = dir.join(file.replace(".der", ext));
            if from.exists() {
                let to = sub.join(file.replace(".der", ext));
                std::fs::copy(&from, &to).expect("copy");
                copied.push(to);
            }
        }
    }
    for v in read_jsonl(&malformed.join("verdicts.jsonl"))
        .iter()
        .take(40)
    {
        let file = v["file"].as_str().expect("file");
        let to = root.join(file);
        std::fs::copy(malformed.join(file), &to).expect("copy");
        copied.push(to);
    }
    copied.sort();
    (root, copied)
}

/// Directory mode prints, for every file beneath the directory and in path
/// order, exactly the line `check` prints for that file alone (text and
/// JSON), and the stderr notes in the same order.
#[test]
fn directory_gives_the_per_file_verdicts_in_path_order() {
    let (root, files) = tree("per-file");
    for json in [false, true] {
        let mut args = vec!["check", "--jobs", "4"];
        if json {
            args.push("--json");
        }
        args.push(s(&root));
        let all = sslsess(&args, b"");
        assert_eq!(all.status.code(), Some(1), "some files are not sessions");
        let mut expected_out = String::new();
        let mut expected_err = String::new();
        for f in &files {
            let mut one_args = args.clone();
            one_args.pop();
            one_args.retain(|a| *a != "--jobs" && *a != "4");
            one_args.push(s(f));
            let one = sslsess(&one_args, b"");
            assert_eq!(text(&one.stdout).lines().count(), 1, "{f:?}");
            expected_out.push_str(&text(&one.stdout));
            expected_err.push_str(&text(&one.stderr));
        }
        assert_eq!(text(&all.stdout), expected_out, "json: {json}");
        assert_eq!(text(&all.stderr), expected_err, "json: {json}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// The output is byte for byte the same with 1, 2, 4 and 7 workers, run
/// after run.
#[test]
fn output_is_deterministic_whatever_the_jobs() {
    let (root, files) = tree("jobs");
    let run = |jobs: &str| sslsess(&["check", "--json", "--jobs", jobs, s(&root)], b"");
    let one = run("1");
    assert_eq!(text(&one.stdout).lines().count(), files.len());
    let named: Vec<String> = text(&one.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["file"].as_str().expect("file").to_owned()
        })
        .collect();
    let sorted: Vec<String> = files.iter().map(|f| s(f).to_owned()).collect();
    assert_eq!(named, sorted, "sorted by path");
    for jobs in ["2", "4", "4", "4", "7"] {
        let again = run(jobs);
        assert_eq!(again.stdout, one.stdout, "--jobs {jobs}");
        assert_eq!(again.status.code(), one.status.code());
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// On the corpus's malformed inputs, checked as a directory with four
/// workers, every verdict is OpenSSL 3.0.19's (`verdicts.jsonl`: accepted and
/// bytes consumed), and the exit status says some were refused.
#[test]
fn malformed_directory_agrees_with_openssl_verdicts() {
    let (corpus, _) = corpus_dir();
    let dir = corpus.join("malformed");
    let verdicts = read_jsonl(&dir.join("verdicts.jsonl"));
    let out = sslsess(
        &[
            "check",
            "--mode",
            "openssl",
            "--openssl",
            "3.0",
            "--json",
            "--jobs",
            "4",
            "--stats",
            s(&dir),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let by_file: std::collections::HashMap<String, &serde_json::Value> = lines
        .iter()
        .map(|l| (l["file"].as_str().expect("file").to_owned(), l))
        .collect();
    let mut rejected = 0;
    for v in &verdicts {
        let file = v["file"].as_str().expect("file");
        let line = by_file
            .get(s(&dir.join(file)))
            .unwrap_or_else(|| panic!("{file}: no verdict"));
        assert_eq!(line["accepted"], v["accepted"], "{file}: {line}");
        assert_eq!(line["consumed"], v["consumed"], "{file}: {line}");
        rejected += usize::from(v["accepted"] == false);
    }
    assert!(rejected > 0);
    // Every file of the directory (the verdicts plus verdicts.jsonl itself,
    // which is no session), in path order.
    let mut listed: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    listed.sort();
    let printed: Vec<&str> = lines
        .iter()
        .map(|l| l["file"].as_str().expect("file"))
        .collect();
    let listed: Vec<&str> = listed.iter().map(|p| s(p)).collect();
    assert_eq!(printed, listed);
    // The summary counts what was printed.
    let accepted = lines.iter().filter(|l| l["accepted"] == true).count();
    let stats = text(&out.stderr);
    let summary = format!(
        "sslsess: stats: {} files, {accepted} valid, {} invalid, ",
        lines.len(),
        lines.len() - accepted
    );
    assert!(stats.starts_with(&summary), "{stats}");
    assert!(
        stats.contains(" sessions/s, 4 jobs, peak memory "),
        "{stats}"
    );
    assert!(stats.trim_end().ends_with(" KiB (VmHWM)"), "{stats}");
}

/// Exit 0 when every file beneath the directories is accepted, 1 as soon as
/// one is not, as for files named one by one; an empty directory is refused.
#[test]
fn exit_status_as_for_files() {
    let root = scratch_dir("exit");
    let (dir, entries) = manifest();
    let good = root.join("good");
    std::fs::create_dir_all(good.join("nested")).expect("mkdir");
    for (i, e) in entries.iter().take(12).enumerate() {
        let file = e["file"].as_str().expect("file");
        let to = if i % 2 == 0 {
            good.join(file)
        } else {
            good.join("nested").join(file)
        };
        std::fs::copy(dir.join(file), to).expect("copy");
    }
    let ok = sslsess(&["check", "--mode", "strict", "--jobs", "4", s(&good)], b"");
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert_eq!(text(&ok.stdout).lines().count(), 12);
    std::fs::write(good.join("nested").join("cut.der"), b"\x30\x03\x02\x01").expect("write");
    let bad = sslsess(&["check", "--mode", "strict", "--jobs", "4", s(&good)], b"");
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        text(&bad.stdout)
            .lines()
            .filter(|l| l.contains(": rejected"))
            .count(),
        1
    );
    let empty = root.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let none = sslsess(&["check", s(&empty)], b"");
    assert_eq!(none.status.code(), Some(1));
    assert!(text(&none.stdout).starts_with(&format!("{}: rejected: ", s(&empty))));
    let _ = std::fs::remove_dir_all(&root);
}

/// The peak memory `--stats` reports, in KiB.
fn peak_kib(stderr: &str) -> u64 {
    stderr
        .split("peak memory ")
        .nth(1)
        .and_then(|r| r.split(" KiB").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {stderr:?}"))
}

/// Memory does not grow with the number of files: 30 000 sessions (30
/// directories of 1 000) peak within 1 MiB of 5 000 (holding every verdict
/// line, ~100 bytes each, would add 2.4 MiB; every file, 2.2 MiB more). The
/// first thousands of files are not the baseline: the peak grows by up to
/// ~1 MiB over them, then stays (measured up to 100 000: +20 KiB from
/// 30 000), as the allocator's and the threads' working sets settle.
#[test]
fn memory_does_not_grow_with_the_files() {
    let root = scratch_dir("memory");
    let (dir, entries) = manifest();
    let der = std::fs::read(dir.join(entries[1]["file"].as_str().expect("file"))).expect("read");
    for d in 0..30 {
        let sub = root.join(format!("{d:02}"));
        std::fs::create_dir_all(&sub).expect("mkdir");
        for f in 0..1000 {
            std::fs::write(sub.join(format!("{f:04}.der")), &der).expect("write");
        }
    }
    let run = |dirs: usize| {
        let paths: Vec<PathBuf> = (0..dirs).map(|d| root.join(format!("{d:02}"))).collect();
        let mut args = vec!["check", "--jobs", "4", "--stats"];
        args.extend(paths.iter().map(|p| s(p)));
        let out = sslsess(&args, b"");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        (text(&out.stdout).lines().count(), peak_kib(&stderr))
    };
    let (some_count, some) = run(5);
    let (all_count, all) = run(30);
    assert_eq!((some_count, all_count), (5000, 30_000));
    assert!(
        all <= some + 1024,
        "5 000 files: {some} KiB, 30 000: {all} KiB"
    );
    eprintln!("peak: 5 000 files {some} KiB, 30 000 files {all} KiB");
    let _ = std::fs::remove_dir_all(&root);
}
