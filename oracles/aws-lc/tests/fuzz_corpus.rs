//! Every input of the differential fuzz target's kept corpus
//! (fuzz/corpora/differential_aws_lc/, minimised and grown by
//! fuzz/campaign.sh), replayed through the same property: AWS-LC's
//! `SSL_SESSION_from_bytes` and `d2i_SSL_SESSION` agree with us on it (each
//! input did when it was merged), the named deviation aside.

use sslsession_oracle_aws_lc::differential::{compare, Outcome};

#[test]
fn every_kept_fuzz_input_agrees() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpora/differential_aws_lc");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/corpora/differential_aws_lc")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for f in &files {
        let input = std::fs::read(f).expect("kept input");
        for (reader, outcome) in ["SSL_SESSION_from_bytes", "d2i_SSL_SESSION"]
            .iter()
            .zip(compare(&input))
        {
            if let Outcome::Disagree(why) = outcome {
                failures.push(format!(
                    "{}: {reader}: {why}\n  input {}",
                    f.display(),
                    hex::encode(&input)
                ));
            }
        }
    }
    println!(
        "{} kept inputs, {} disagreements",
        files.len(),
        failures.len()
    );
    assert!(!files.is_empty(), "empty: {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
