//! AWS-LC's own sessions (testdata/aws-lc: what AWS-LC 5.12's
//! `SSL_SESSION_to_bytes` wrote after real handshakes) read in AWS-LC's
//! dialect and written back by every target that means "AWS-LC's writer" —
//! `Auto` and `Exact` for a session read in that dialect, `AwsLc`,
//! `Target::of_dialect` — give AWS-LC's bytes again. Found by cargo-mutants:
//! `Target::of_dialect`'s AWS-LC arm could be deleted without a test failing
//! (the AWS-LC oracle workspace that does check it is not in session-der's
//! mutation test set).

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use session_der::{decode_with, encode, DecodeOptions, Dialect, Mode, OwnedSession, Target};

#[test]
fn aws_lc_sessions_are_written_back_as_aws_lc_wrote_them() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/aws-lc");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{} files", files.len());
    assert_eq!(Target::of_dialect(Dialect::AwsLc), Target::AwsLc);
    for path in files {
        let der = std::fs::read(&path).unwrap();
        let opts = DecodeOptions::dialect(Dialect::AwsLc).allow_trailing(false);
        assert_eq!(opts.mode(), Mode::AwsLc);
        let d = decode_with::<OwnedSession>(&der, &opts)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(d.session.dialect(), Dialect::AwsLc);
        for target in [
            Target::Auto,
            Target::Exact,
            Target::AwsLc,
            Target::of_dialect(Dialect::AwsLc),
        ] {
            let written = encode(&d.session, target)
                .unwrap_or_else(|e| panic!("{} {target:?}: {e}", path.display()));
            assert!(written[..] == der, "{} {target:?}", path.display());
        }
    }
}
