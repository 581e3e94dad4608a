//! Every fuzz oracle on every file of the corpus (real sessions, their PEM
//! forms, and the malformed inputs): the seeds the fuzzers start from must
//! satisfy every property, or the fuzzers would report the corpus itself.

use sslsession_oracles::{by_name, Known, TARGETS};
use sslsession_testkit::{corpus_dir, workspace_root};

#[test]
fn every_oracle_holds_on_every_corpus_file() {
    let (dir, full) = corpus_dir();
    let mut files = Vec::new();
    for sub in ["openssl-3.0", "malformed"] {
        let d = dir.join(sub);
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "der" || x == "pem")),
        );
    }
    files.sort();
    assert!(files.len() > 100, "corpus looks empty: {}", dir.display());
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (name, oracle) in TARGETS {
            let outcome = std::panic::catch_unwind(|| oracle(&data, Known::Tolerate));
            assert!(outcome.is_ok(), "{name} on {}", file.display());
        }
    }
    println!(
        "{} files (full corpus: {full}), {} oracles",
        files.len(),
        TARGETS.len()
    );
}

#[test]
fn every_committed_seed_passes_its_oracle() {
    // fuzz/seeds/TARGET/*: hand-made starting points (e.g. serde records).
    let dir = workspace_root().join("fuzz/seeds");
    let mut count = 0;
    for target in std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
    {
        let name = target.file_name().to_string_lossy().into_owned();
        let oracle = by_name(&name).unwrap_or_else(|| panic!("fuzz/seeds/{name}: no such target"));
        for file in std::fs::read_dir(target.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let data = std::fs::read(file.path()).unwrap_or_else(|e| panic!("{e}"));
            let outcome = std::panic::catch_unwind(|| oracle(&data, Known::Tolerate));
            assert!(outcome.is_ok(), "{name} on {}", file.path().display());
            count += 1;
        }
    }
    assert!(count > 0, "no seeds under {}", dir.display());
}

#[test]
fn every_kept_campaign_input_passes_its_oracle() {
    // fuzz/corpora/TARGET/*: the minimised corpora the fuzz campaign keeps
    // (fuzz/campaign.sh). Each input passed its target when it was merged;
    // replaying them here makes `cargo test` notice a change that breaks
    // one, and runs the library over the inputs that cover the most of it.
    let dir = workspace_root().join("fuzz/corpora");
    let targets = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut count = 0;
    for target in targets.flatten() {
        let name = target.file_name().to_string_lossy().into_owned();
        let oracle =
            by_name(&name).unwrap_or_else(|| panic!("fuzz/corpora/{name}: no such target"));
        let mut files: Vec<_> = std::fs::read_dir(target.path())
            .unwrap_or_else(|e| panic!("{}: {e}", target.path().display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let outcome = std::panic::catch_unwind(|| oracle(&data, Known::Tolerate));
            assert!(outcome.is_ok(), "{name} on {}", file.display());
            count += 1;
        }
    }
    println!("{count} kept inputs replayed");
}
