//! Records `testdata/aws-lc/`: runs every scenario of
//! `sslsession_oracle_aws_lc::scenarios` against the vendored AWS-LC and
//! writes each session's `SSL_SESSION_to_bytes` (`NAME.der`) and the values
//! AWS-LC's getters report (`NAME.json`).
//!
//! `cargo run --bin record [-- OUTPUT_DIR]` (default: testdata/aws-lc).

use sslsession_oracle_aws_lc::{scenarios, testdata, version};
use std::fs;
use std::path::PathBuf;

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(testdata, PathBuf::from);
    fs::create_dir_all(&dir).expect("output directory");
    let mut n = 0;
    for scenario in scenarios::all() {
        let recorded =
            scenarios::run(&scenario).unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
        for r in recorded {
            fs::write(dir.join(format!("{}.der", r.name)), &r.der).expect("write der");
            let json = serde_json::to_string_pretty(&r.json).expect("json") + "\n";
            fs::write(dir.join(format!("{}.json", r.name)), json).expect("write json");
            println!("{}: {} bytes", r.name, r.der.len());
            n += 1;
        }
    }
    println!(
        "{n} sessions from AWS-LC {} in {}",
        version(),
        dir.display()
    );
}
