//! Writing results: stdout or a file, only once the whole result is known.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path`, or to stdout when `path` is `None` or `-`.
///
/// A file is created with mode 0600 on Unix: sessions, PEM, JSON and keylog
/// lines all carry the master secret in clear.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> io::Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let mut options = OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(p)?;
            file.write_all(bytes)?;
            file.flush()
        }
        _ => write_stdout(bytes),
    }
}

/// Writes to stdout and flushes.
pub fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}
