//! Replays every input saved from fuzzing (`fuzz/regressions/TARGET/*`)
//! through the oracle of its target, so `cargo test` keeps each finding fixed.
//!
//! `fuzz/regressions/open/TARGET/*` holds findings reported against
//! `session-der` and not fixed yet: those must still violate their property
//! when known findings are reported (so the test fails, and says to move the
//! file, once the fix lands), while the fuzz targets tolerate them.

use std::panic;
use std::path::{Path, PathBuf};

use sslsession_oracles::{by_name, Known, TARGETS};
use sslsession_testkit::workspace_root;

fn regressions() -> PathBuf {
    workspace_root().join("fuzz/regressions")
}

/// `(target, file)` for every file under `dir/TARGET/`.
fn inputs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let Ok(targets) = std::fs::read_dir(dir) else {
        return found;
    };
    for target in targets.flatten() {
        let name = target.file_name().to_string_lossy().into_owned();
        if name == "open" || !target.path().is_dir() {
            continue;
        }
        assert!(
            by_name(&name).is_some(),
            "{}: no fuzz target named {name}",
            target.path().display()
        );
        let mut files: Vec<PathBuf> = std::fs::read_dir(target.path())
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        found.extend(files.into_iter().map(|f| (name.clone(), f)));
    }
    found.sort();
    found
}

/// Whether `file` passes the oracle of `target` (a panic is a violation).
fn holds(target: &str, file: &Path, known: Known) -> bool {
    let oracle = by_name(target).unwrap_or_else(|| panic!("{target}"));
    let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    panic::catch_unwind(|| oracle(&data, known)).is_ok()
}

#[test]
fn every_fixed_finding_stays_fixed() {
    let all = inputs(&regressions());
    for (target, file) in &all {
        assert!(
            holds(target, file, Known::Report),
            "{}: the finding is back (see the panic above)",
            file.display()
        );
    }
    println!("replayed {} fixed findings", all.len());
}

#[test]
fn every_open_finding_still_fails_and_is_tolerated_by_the_fuzz_targets() {
    // Empty while every reported finding is fixed; the workflow stays for the next one.
    let open = inputs(&regressions().join("open"));
    for (target, file) in &open {
        assert!(
            !holds(target, file, Known::Report),
            "{}: fixed in session-der; move it to fuzz/regressions/{target}/ and drop its \
             carve-out in the oracle (oracles/src/)",
            file.display()
        );
        assert!(
            holds(target, file, Known::Tolerate),
            "{}: violates more than the known finding",
            file.display()
        );
    }
    println!("{} open findings", open.len());
}

#[test]
fn target_names_match_the_fuzz_workspace() {
    let dir = workspace_root().join("fuzz/fuzz_targets");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rs"))
                .map(str::to_owned)
        })
        .collect();
    on_disk.sort();
    let mut ours: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    ours.sort();
    assert_eq!(on_disk, ours);
}
