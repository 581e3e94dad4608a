//! Where benchmark inputs come from: the full corpus in
//! `../shared/corpus` (beside the workspace) when it is there, else the subset
//! shipped in `testdata/corpus`.

pub use sslsession_testkit::{corpus_dir, workspace_root};

/// The sessions issue 6 names, as `(label, file in openssl-3.0/)`. Every one
/// is also in the shipped subset, so the benchmarks run the same inputs
/// wherever they run.
pub const BENCH_INPUTS: [(&str, &str); 7] = [
    (
        "tls12-server",
        "p00001-tls12-ecdhe-rsa-aes128gcm-server.der",
    ),
    (
        "tls12-psk-client",
        "p00170-tls12-psk-noticket-client-t0.der",
    ),
    ("tls13-server", "p00020-tls13-aes128gcm-server.der"),
    ("tls13-client-cert", "p00024-tls13-chacha-client-t0.der"),
    ("tls13-client-cert2", "p00018-tls13-aes128gcm-client-t0.der"),
    (
        "tls12-rsa4096-clientcert",
        "p00090-tls12-clientcert-rsa4096-server.der",
    ),
    ("allfields", "p01120-tpl-allfields.der"),
];

/// One benchmark input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Short label, e.g. `tls13-server`.
    pub label: &'static str,
    /// The file name in the corpus.
    pub file: &'static str,
    /// The DER bytes.
    pub der: Vec<u8>,
}

impl Input {
    /// `label (N B)`, as the tables print it.
    pub fn title(&self) -> String {
        format!("{} ({} B)", self.label, self.der.len())
    }
}

/// Reads every input of [`BENCH_INPUTS`].
///
/// # Errors
/// A file that cannot be read, with its path.
pub fn bench_inputs() -> Result<Vec<Input>, String> {
    let (dir, _) = corpus_dir();
    BENCH_INPUTS
        .iter()
        .map(|&(label, file)| {
            let path = dir.join("openssl-3.0").join(file);
            let der = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(Input { label, file, der })
        })
        .collect()
}
