//! Every input the differential fuzz target kept (fuzz/regressions/, and the
//! campaign's minimised corpus fuzz/corpora/differential_boringssl/, grown by
//! fuzz/campaign.sh), replayed through the same property: BoringSSL and we
//! agree on it.

use sslsession_oracle_boringssl::{differential, hex};

#[test]
fn every_kept_fuzz_input_agrees() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/regressions")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    // The campaign's corpus: every input agreed when it was merged.
    let kept = dir.with_file_name("corpora/differential_boringssl");
    files.extend(
        std::fs::read_dir(&kept)
            .expect("fuzz/corpora/differential_boringssl")
            .filter_map(|e| e.ok().map(|e| e.path())),
    );
    files.sort();
    let mut failures = Vec::new();
    for f in &files {
        let input = std::fs::read(f).expect("regression input");
        if let Err(e) = differential::check(&input) {
            failures.push(format!("{}: {e}\n  input {}", f.display(), hex(&input)));
        }
    }
    println!(
        "{} kept inputs, {} disagreements",
        files.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
