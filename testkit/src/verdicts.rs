//! A library's recorded verdicts on the inputs [`crate::mutate`] makes of
//! its recorded sessions: `testdata/boringssl/verdicts.tsv` and
//! `testdata/aws-lc/verdicts.tsv`, written by each oracle's
//! `record-verdicts` binary from the real library, checked current by each
//! oracle's tests, and replayed against session-der by its
//! `tests/recorded_verdicts.rs` — so that the main workspace's tests (and
//! the mutation runs that use them) know what BoringSSL and AWS-LC answer
//! without building either.
//!
//! The file: a header line naming the library, the number of inputs and a
//! digest of them all ([`inputs_digest`]: the inputs are not stored, they
//! are made again, and a digest that differs means the generator changed
//! and the recording must be made again); then one line per input, in the
//! order they are made, `FROM_BYTES<TAB>D2I`:
//!
//! - `FROM_BYTES`: `-` when `SSL_SESSION_from_bytes` refuses the input,
//!   else the [`fnv32`] (8 hex digits) of `SSL_SESSION_to_bytes` of what it
//!   read;
//! - `D2I`: `-` when `d2i_SSL_SESSION` refuses it; `=` when it read the
//!   whole input and the session writes the same bytes as
//!   `SSL_SESSION_from_bytes`'s; else `CONSUMED:HASH`, how far it read and
//!   the [`fnv32`] of what the session it read writes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One input's verdicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// `SSL_SESSION_from_bytes`: the [`fnv32`] of the re-encoding of what it
    /// read; `None` when it refuses.
    pub from_bytes: Option<u32>,
    /// `d2i_SSL_SESSION`.
    pub d2i: D2i,
}

/// What `d2i_SSL_SESSION` did with an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum D2i {
    /// It refused it.
    Refused,
    /// It read the whole input, into a session that writes what
    /// `SSL_SESSION_from_bytes`'s writes.
    AsFromBytes,
    /// It read this many bytes, into a session whose re-encoding has this
    /// [`fnv32`].
    Read(usize, u32),
}

impl Verdict {
    /// The verdicts on `input` from what each reader gave: the re-encoding
    /// of what `SSL_SESSION_from_bytes` read, and how far `d2i_SSL_SESSION`
    /// read with the re-encoding of what it read.
    pub fn of(input: &[u8], from_bytes: Option<&[u8]>, d2i: Option<(usize, &[u8])>) -> Verdict {
        let from_bytes = from_bytes.map(fnv32);
        let d2i = match d2i {
            None => D2i::Refused,
            Some((n, bytes)) if n == input.len() && Some(fnv32(bytes)) == from_bytes => {
                D2i::AsFromBytes
            }
            Some((n, bytes)) => D2i::Read(n, fnv32(bytes)),
        };
        Verdict { from_bytes, d2i }
    }
}

/// A recording: its header and the verdicts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recording {
    /// The library and version that answered, e.g. `AWS-LC 5.12.0`.
    pub library: String,
    /// [`inputs_digest`] of the inputs.
    pub digest: u64,
    /// One per input, in order.
    pub verdicts: Vec<Verdict>,
}

/// FNV-1a, 32 bits: enough to tell re-encodings apart in a test (not a
/// cryptographic hash; nothing here is adversarial, and a collision could
/// only hide a wrong re-encoding that also hashes the same).
pub fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// FNV-1a, 64 bits.
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The digest of a sequence of inputs: [`fnv64`] over each input's length
/// (8 octets, little-endian) and [`fnv64`], in order.
pub fn inputs_digest<'a>(inputs: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut all = Vec::new();
    for i in inputs {
        all.extend_from_slice(&(i.len() as u64).to_le_bytes());
        all.extend_from_slice(&fnv64(i).to_le_bytes());
    }
    fnv64(&all)
}

const MAGIC: &str = "# sslsession recorded verdicts v1";

impl Recording {
    /// The file's text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{MAGIC}\t{}\t{} inputs\tdigest {:016x}\n",
            self.library,
            self.verdicts.len(),
            self.digest
        );
        for v in &self.verdicts {
            match v.from_bytes {
                Some(h) => {
                    let _ = write!(out, "{h:08x}");
                }
                None => out.push('-'),
            }
            out.push('\t');
            match v.d2i {
                D2i::Refused => out.push('-'),
                D2i::AsFromBytes => out.push('='),
                D2i::Read(n, h) => {
                    let _ = write!(out, "{n}:{h:08x}");
                }
            }
            out.push('\n');
        }
        out
    }

    /// Parses a recording.
    ///
    /// # Panics
    /// On anything but what [`Recording::to_text`] writes.
    pub fn from_text(text: &str) -> Recording {
        let mut lines = text.lines();
        let header = lines.next().expect("a header line");
        let fields: Vec<&str> = header.split('\t').collect();
        assert!(
            fields.len() == 4 && fields[0] == MAGIC,
            "not a verdicts file: {header}"
        );
        let count: usize = fields[2]
            .strip_suffix(" inputs")
            .and_then(|n| n.parse().ok())
            .expect("N inputs");
        let digest = fields[3]
            .strip_prefix("digest ")
            .and_then(|d| u64::from_str_radix(d, 16).ok())
            .expect("digest HEX");
        let hash = |s: &str| u32::from_str_radix(s, 16).expect("8 hex digits");
        let verdicts: Vec<Verdict> = lines
            .map(|line| {
                let (f, d) = line.split_once('\t').expect("two columns");
                Verdict {
                    from_bytes: (f != "-").then(|| hash(f)),
                    d2i: match d {
                        "-" => D2i::Refused,
                        "=" => D2i::AsFromBytes,
                        _ => {
                            let (n, h) = d.split_once(':').expect("CONSUMED:HASH");
                            D2i::Read(n.parse().expect("a length"), hash(h))
                        }
                    },
                }
            })
            .collect();
        assert_eq!(verdicts.len(), count, "header says {count} inputs");
        Recording {
            library: fields[1].to_string(),
            digest,
            verdicts,
        }
    }

    /// Reads a recording file.
    ///
    /// # Panics
    /// When it cannot be read or parsed.
    pub fn read(path: &Path) -> Recording {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Recording::from_text(&text)
    }
}

/// The inputs whose BoringSSL verdicts are recorded, labelled: the
/// mutations (`mutate::boringssl::cases`) of every recorded BoringSSL
/// session and good ssl_test.cc vector (the source itself left out), and
/// the raw-public-key sessions of the built keys and a session with a 16 MiB
/// ticket on the first source —
/// what `oracles/boringssl/tests/malformed.rs` asks BoringSSL, less the keys
/// BoringSSL generates anew each run.
pub fn boringssl_inputs() -> Vec<(String, Vec<u8>)> {
    use crate::mutate::boringssl::{cases, length_limit_cases, rpk_cases};
    let mut sources: Vec<(String, Vec<u8>)> = crate::recorded::boringssl_sessions()
        .into_iter()
        .map(|r| (r.name, r.der))
        .collect();
    sources.extend(
        crate::recorded::boringssl_vectors()
            .into_iter()
            .filter(|v| v.good)
            .map(|v| (v.name, v.der)),
    );
    let mut out = Vec::new();
    for (i, (source, der)) in sources.iter().enumerate() {
        // The raw-public-key sessions and the 16 MiB ticket: on the first
        // source only (each is the same test for every source).
        let once = if i == 0 {
            [rpk_cases(der, &[]), length_limit_cases(der)].concat()
        } else {
            Vec::new()
        };
        for (label, input) in cases(der).into_iter().chain(once) {
            if &input != der {
                out.push((format!("{source}: {label}"), input));
            }
        }
    }
    out
}

/// The inputs whose AWS-LC verdicts are recorded, labelled: every mutant
/// (`mutate::aws_lc::mutants`, exhaustive, and `certificate_mutants`) of
/// every recorded AWS-LC session, and the Names at `X509_NAME_MAX`
/// (`name_limit_mutants`) of the first one with a certificate, each
/// distinct input once — what
/// `oracles/aws-lc/tests/malformed.rs` asks AWS-LC.
pub fn aws_lc_inputs() -> Vec<(String, Vec<u8>)> {
    use crate::mutate::aws_lc::{certificate_mutants, mutants, name_limit_mutants};
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut name_limits_made = false;
    for r in crate::recorded::aws_lc_sessions() {
        let mut all = mutants(&r.der, true);
        all.extend(certificate_mutants(&r.der));
        // The Names past X509_NAME_MAX: on the first session with a
        // certificate only (each is the same test for every session).
        if !name_limits_made {
            let limits = name_limit_mutants(&r.der);
            name_limits_made = !limits.is_empty();
            all.extend(limits);
        }
        for m in all {
            if seen.insert(m.bytes.clone()) {
                out.push((format!("{}: {}", r.name, m.name), m.bytes));
            }
        }
    }
    out
}

/// A library whose verdicts are recorded: where its recording lives, the
/// inputs it was asked, and the two jobs its oracle crate does with them
/// (check the recording current, make it again), so that each oracle passes
/// only its own `verdicts` function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordedLibrary {
    /// BoringSSL: `testdata/boringssl/verdicts.tsv`, [`boringssl_inputs`].
    BoringSsl,
    /// AWS-LC: `testdata/aws-lc/verdicts.tsv`, [`aws_lc_inputs`].
    AwsLc,
}

impl RecordedLibrary {
    /// The library's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            RecordedLibrary::BoringSsl => "BoringSSL",
            RecordedLibrary::AwsLc => "AWS-LC",
        }
    }

    /// The labelled inputs whose verdicts are recorded.
    pub fn inputs(self) -> Vec<(String, Vec<u8>)> {
        match self {
            RecordedLibrary::BoringSsl => boringssl_inputs(),
            RecordedLibrary::AwsLc => aws_lc_inputs(),
        }
    }

    /// The recording file.
    pub fn recording_path(self) -> PathBuf {
        let dir = match self {
            RecordedLibrary::BoringSsl => crate::recorded::boringssl_dir(),
            RecordedLibrary::AwsLc => crate::recorded::aws_lc_dir(),
        };
        dir.join("verdicts.tsv")
    }

    /// Checks that the recording is what the library (`verdicts`: its
    /// oracle's function asking it) answers now, on the inputs the
    /// generator makes now.
    ///
    /// # Panics
    /// When the inputs changed since the recording (their digest differs)
    /// or a verdict did, naming each input whose verdict differs.
    pub fn assert_recording_current(
        self,
        verdicts: impl FnOnce(&[(String, Vec<u8>)]) -> Recording,
    ) {
        let recorded = Recording::read(&self.recording_path());
        let inputs = self.inputs();
        let now = verdicts(&inputs);
        assert_eq!(
            recorded.digest, now.digest,
            "the inputs changed since the recording: run `cargo run --bin record-verdicts`"
        );
        let differ: Vec<String> = inputs
            .iter()
            .zip(recorded.verdicts.iter().zip(&now.verdicts))
            .filter(|(_, (r, n))| r != n)
            .map(|((label, _), (r, n))| {
                format!("{label}: recorded {r:?}, {} now {n:?}", self.name())
            })
            .collect();
        assert!(
            differ.is_empty(),
            "{} of {} verdicts differ:\n{}",
            differ.len(),
            inputs.len(),
            differ.join("\n")
        );
    }

    /// Asks the library (`verdicts`) about every input and writes the
    /// recording; returns a line saying what it wrote.
    ///
    /// # Panics
    /// When the file cannot be written.
    pub fn record(self, verdicts: impl FnOnce(&[(String, Vec<u8>)]) -> Recording) -> String {
        let recording = verdicts(&self.inputs());
        let path = self.recording_path();
        std::fs::write(&path, recording.to_text())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let read = recording
            .verdicts
            .iter()
            .filter(|v| v.from_bytes.is_some())
            .count();
        let d2i = recording
            .verdicts
            .iter()
            .filter(|v| v.d2i != D2i::Refused)
            .count();
        format!(
            "{}: {} inputs ({read} accepted by SSL_SESSION_from_bytes, {d2i} by d2i_SSL_SESSION)",
            path.display(),
            recording.verdicts.len(),
        )
    }
}
