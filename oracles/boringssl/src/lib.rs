#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod bssl;
pub mod differential;
pub mod openssl;
pub mod ours;
pub mod pki;
pub mod tls;

/// The malformed and borderline sessions made of the recorded ones (shared
/// with the main workspace's replay of BoringSSL's verdicts).
pub use sslsession_testkit::mutate::boringssl as mutate;
pub use sslsession_testkit::recorded::{Recorded, Vector};

use std::path::PathBuf;

/// Result type of the helpers.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Lower-case hex.
pub fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut s, x| {
            let _ = write!(s, "{x:02x}");
            s
        })
}

/// `testdata/boringssl/` of the repository.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/boringssl")
}

/// The seven vectors, from `testdata/boringssl/vectors/`.
///
/// # Errors
/// None: the committed files are read or the call panics (kept a `Result`
/// for the tests that call it).
pub fn vectors() -> Result<Vec<Vector>> {
    Ok(sslsession_testkit::recorded::boringssl_vectors())
}

/// Every recorded session of `testdata/boringssl/sessions/`, sorted by name.
///
/// # Errors
/// As [`vectors`].
pub fn recorded() -> Result<Vec<Recorded>> {
    Ok(sslsession_testkit::recorded::boringssl_sessions())
}

/// SubjectPublicKeyInfos of keys BoringSSL generates (EC P-256, P-384,
/// P-521, P-224, RSA-1024, Ed25519, X25519), new each call: the
/// `generated` keys of [`mutate::rpk_cases`].
pub fn generated_spkis() -> Vec<(String, Vec<u8>)> {
    use boring::ec::{EcGroup, EcKey};
    use boring::nid::Nid;
    use boring::pkey::{Id, PKey};
    use boring::rsa::Rsa;

    let mut out = Vec::new();
    let mut add = |name: &str, der: std::result::Result<Vec<u8>, boring::error::ErrorStack>| {
        out.push((name.to_string(), der.expect("a generated key")));
    };
    for (name, nid) in [
        ("P-256", Nid::X9_62_PRIME256V1),
        ("P-384", Nid::SECP384R1),
        ("P-521", Nid::SECP521R1),
        ("P-224", Nid::SECP224R1),
    ] {
        add(
            name,
            EcGroup::from_curve_name(nid)
                .and_then(|g| EcKey::generate(&g))
                .and_then(PKey::from_ec_key)
                .and_then(|k| k.public_key_to_der()),
        );
    }
    add(
        "RSA-1024",
        Rsa::generate(1024)
            .and_then(PKey::from_rsa)
            .and_then(|k| k.public_key_to_der()),
    );
    add(
        "Ed25519",
        PKey::generate(Id::ED25519).and_then(|k| k.public_key_to_der()),
    );
    add(
        "X25519",
        PKey::generate(Id::X25519).and_then(|k| k.public_key_to_der()),
    );
    out
}

/// BoringSSL's verdicts on `inputs` (`SSL_SESSION_from_bytes` and
/// `d2i_SSL_SESSION`, each with what `SSL_SESSION_to_bytes` writes for the
/// session read), as `testdata/boringssl/verdicts.tsv` records them
/// (`sslsession_testkit::verdicts`).
pub fn verdicts(inputs: &[(String, Vec<u8>)]) -> sslsession_testkit::verdicts::Recording {
    use sslsession_testkit::verdicts::{inputs_digest, Recording, Verdict};
    let rewrite = |s: &bssl::Session| s.to_bytes().unwrap_or_default();
    Recording {
        library: "BoringSSL (boring-sys 5.4.0)".into(),
        digest: inputs_digest(inputs.iter().map(|(_, i)| i.as_slice())),
        verdicts: inputs
            .iter()
            .map(|(_, input)| {
                let whole = bssl::from_bytes(input).map(|s| rewrite(&s));
                let d2i = bssl::d2i(input).map(|(s, n)| (n, rewrite(&s)));
                Verdict::of(
                    input,
                    whole.as_deref(),
                    d2i.as_ref().map(|(n, b)| (*n, b.as_slice())),
                )
            })
            .collect(),
    }
}
