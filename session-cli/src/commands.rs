//! `show`, `check` and `convert`.

use std::path::{Path, PathBuf};

use session_der::pem;
use session_der::session_model::OwnedSession;
use session_der::{
    encode, readable_by as readability, ConvertOptions, Dialect, OpenSslVersion, Target, Verdict,
};
use zeroize::Zeroizing;

use crate::dialect::{Choice, Chosen, Reader};
use crate::input::{self, InputError, Loaded, Source};
use crate::output::{write_output, write_stdout};
use crate::{diagnostic, record, Failure, TargetArg, ToArg};
use session_text::{self as text, Completion, Redaction};

/// The inputs named on the command line; none means stdin.
fn sources(files: &[PathBuf]) -> Vec<Source> {
    if files.is_empty() {
        vec![Source::Stdin]
    } else {
        files.iter().map(|f| Source::from_arg(Some(f))).collect()
    }
}

/// Reads and decodes one input, reporting bytes after the session and a
/// dialect detection did not settle.
fn load(
    source: &Source,
    reader: &Reader,
    allow_json: bool,
    limit: u64,
) -> Result<Loaded, InputError> {
    let bytes = input::read_source(source, limit)?;
    let loaded = input::load(&bytes, reader, allow_json, record::session_from_json)?;
    if let Some(note) = loaded.chosen.note() {
        diagnostic(&format!("{source}: {note}"));
    }
    if loaded.trailing > 0 {
        diagnostic(&format!(
            "{source}: warning: {} bytes after the session were not read \
             ({}'s d2i_SSL_SESSION stops there too)",
            loaded.trailing,
            loaded.chosen.dialect.library()
        ));
    }
    Ok(loaded)
}

/// Options of `show`.
pub struct ShowOptions {
    pub json: bool,
    pub cert: bool,
    pub redact: bool,
    pub reader: Reader,
    pub openssl: OpenSslVersion,
    pub now: i64,
    pub limit: u64,
}

/// `sslsess show`: each file in turn; a failing file is reported and the
/// others still shown.
pub fn show(files: &[PathBuf], opts: ShowOptions) -> Result<(), Failure> {
    let sources = sources(files);
    let several = sources.len() > 1;
    let mut failed = false;
    for (i, source) in sources.iter().enumerate() {
        let session = match load(source, &opts.reader, true, opts.limit) {
            Ok(l) => l.session,
            Err(e) => {
                diagnostic(&format!("{source}: {e}"));
                failed = true;
                continue;
            }
        };
        let mut out = Vec::new();
        if several && !opts.json {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(format!("==> {source} <==\n").as_bytes());
        }
        if opts.json {
            let json = record::to_json(&session, opts.openssl, opts.now, opts.redact, !several)
                .map_err(|e| Failure::Message(format!("{source}: {e}")))?;
            if several {
                // One line per file, labelled, so the output is JSON Lines.
                let file = serde_json::to_string(&source.to_string())
                    .map_err(|e| Failure::Message(e.to_string()))?;
                out.extend_from_slice(format!("{{\"file\":{file},\"session\":").as_bytes());
                out.extend_from_slice(json.as_bytes());
                out.push(b'}');
            } else {
                out.extend_from_slice(json.as_bytes());
            }
            out.push(b'\n');
        } else if opts.cert {
            match session.peer_certificate() {
                Some(der) => out.extend_from_slice(text::certificate_pem(der).as_bytes()),
                None => out.extend_from_slice(text::NO_CERTIFICATE.as_bytes()),
            }
        } else {
            let redaction = Redaction {
                enabled: opts.redact,
            };
            let (printed, completion) =
                crate::dialect_text::session_print(&session, opts.openssl, opts.now, redaction);
            out.extend_from_slice(&printed);
            if let Some(why) = stopped_early(completion) {
                diagnostic(&format!(
                    "{source}: note: the text stops where OpenSSL's SSL_SESSION_print stops: {why}; \
                     `sslsess show --json` shows every field"
                ));
            }
        }
        write_stdout(&out)?;
    }
    if failed {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

/// Why OpenSSL's text stopped early, if it did.
pub fn stopped_early(completion: Completion) -> Option<String> {
    match completion {
        Completion::Complete => None,
        Completion::EmptyTicket => Some("the ticket is present but empty".to_string()),
        Completion::EmptyString(label) => Some(format!("the {label} is present but empty")),
    }
}

/// Options of `check` (without `--readable-by`).
pub struct CheckOptions {
    pub reader: Reader,
    pub openssl: OpenSslVersion,
    pub json: bool,
    pub limit: u64,
    /// Worker threads (`--jobs`).
    pub jobs: usize,
    /// Print the summary line on stderr (`--stats`).
    pub stats: bool,
}

/// `sslsess check`: a verdict per file, directories expanded to every file
/// beneath them (sorted by path); success only if all are accepted.
///
/// `jobs` threads each read and judge one file at a time
/// (`parallel::ordered_map`); the lines are written in input order, so the
/// output is byte for byte the sequential one, and memory holds a bounded
/// window of lines and one file per thread, however many files there are.
pub fn check(files: &[PathBuf], opts: &CheckOptions) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let jobs = opts.jobs.max(1);
    let (mut checked, mut accepted) = (0usize, 0usize);
    // Lines gathered for one write (a write per line would be a system call
    // per file, done while the workers wait).
    let out = std::cell::RefCell::new(Vec::<u8>::new());
    let flush = || -> Result<(), Failure> {
        let mut out = out.borrow_mut();
        if !out.is_empty() {
            write_stdout(&out)?;
            out.clear();
        }
        Ok(())
    };
    let result = crate::parallel::ordered_map(
        crate::walk::Inputs::new(sources(files)),
        jobs,
        |input| judge(&input, opts),
        |v: Checked| {
            checked += 1;
            accepted += usize::from(v.accepted);
            if let Some(note) = &v.note {
                // The note goes out after the lines before it, as sequentially.
                flush()?;
                diagnostic(note);
            }
            let mut buf = out.borrow_mut();
            buf.extend_from_slice(v.line.as_bytes());
            buf.push(b'\n');
            if buf.len() >= 1 << 16 {
                drop(buf);
                flush()?;
            }
            Ok(())
        },
        flush,
    );
    if opts.stats {
        diagnostic(&summary(checked, accepted, jobs, started.elapsed()));
    }
    result?;
    if accepted == checked {
        Ok(())
    } else {
        Err(Failure::Reported)
    }
}

/// The summary line of `--stats`.
fn summary(checked: usize, accepted: usize, jobs: usize, wall: std::time::Duration) -> String {
    let secs = wall.as_secs_f64();
    // usize to f64 is exact below 2^53 files.
    #[allow(clippy::cast_precision_loss)]
    let rate = if secs > 0.0 {
        checked as f64 / secs
    } else {
        0.0
    };
    let peak = match peak_memory_kib() {
        Some(kib) => format!("{kib} KiB"),
        None => "unknown".to_owned(),
    };
    format!(
        "stats: {checked} files, {accepted} valid, {} invalid, {secs:.3} s wall, {rate:.0} sessions/s, \
         {jobs} jobs, peak memory {peak} (VmHWM)",
        checked - accepted
    )
}

/// The process's peak resident set (`VmHWM` of `/proc/self/status`, Linux),
/// in KiB.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
}

/// One file's verdict: its output line, the note for stderr, and whether it
/// was accepted.
struct Checked {
    line: String,
    note: Option<String>,
    accepted: bool,
}

/// The verdict on one input, as the line `check` prints for it.
fn judge(input: &crate::walk::Input, opts: &CheckOptions) -> Checked {
    let (source, (verdict, chosen)) = match input {
        crate::walk::Input::Read(source) => (source, check_one(source, &opts.reader, opts.limit)),
        crate::walk::Input::Failed(source, e) => {
            (source, (Err(CheckError::Input(e.to_string())), None))
        }
    };
    let (reader, openssl, json) = (&opts.reader, opts.openssl, opts.json);
    // The OpenSSL version whose d2i gave the verdict (none for strict DER
    // or another library's reader).
    let judge = match &chosen {
        Some(c) if c.dialect == Dialect::OpenSsl => {
            c.options.mode().openssl_version().map(|_| openssl.name())
        }
        Some(_) => None,
        // Nothing was decoded: the reader that would have judged.
        None => match reader.choice {
            Choice::Given(d) if d != Dialect::OpenSsl => None,
            _ => reader
                .openssl_mode
                .openssl_version()
                .map(|_| openssl.name()),
        },
    };
    let note = if json {
        None
    } else {
        chosen
            .as_ref()
            .and_then(Chosen::note)
            .map(|note| format!("{source}: {note}"))
    };
    let line = if json {
        let (accepted, consumed, error, field, offset) = match &verdict {
            Ok(v) => (true, Some(v.consumed), None, None, None),
            // d2i leaves `*pp` where it was when it fails: 0 bytes consumed.
            Err(CheckError::Decode(e) | CheckError::Elsewhere(e, _)) => (
                false,
                Some(0),
                Some(e.to_string()),
                Some(e.field().name()),
                Some(e.offset()),
            ),
            // Nothing was decoded at all (unreadable file, broken PEM).
            Err(CheckError::Input(e)) => (false, None, Some(e.to_string()), None, None),
        };
        let dialect = chosen.as_ref().map(|c| c.dialect.name());
        let detection = chosen.as_ref().and_then(|c| c.detection.as_ref());
        let candidates = detection.map(|d| {
            d.candidates()
                .iter()
                .map(|c| serde_json::Value::from(c.name()))
                .collect::<Vec<_>>()
        });
        let reason = detection.map(|d| d.reason().to_owned());
        // Keys in the documented order (a `serde_json::Value` would sort them).
        let json = |v: serde_json::Value| v.to_string();
        format!(
            "{{\"file\":{},\"accepted\":{},\"consumed\":{},\"error\":{},\"field\":{},\"offset\":{},\"openssl\":{},\"dialect\":{},\"candidates\":{},\"reason\":{}}}",
            json(source.to_string().into()),
            json(accepted.into()),
            json(consumed.into()),
            json(error.into()),
            json(field.into()),
            json(offset.into()),
            json(judge.into()),
            json(dialect.into()),
            json(candidates.into()),
            json(reason.into()),
        )
    } else {
        // Another library than OpenSSL is named after the verdict.
        let by = match chosen.as_ref().map(|c| c.dialect) {
            Some(d) if d != Dialect::OpenSsl => format!(" as {}", d.library()),
            _ => String::new(),
        };
        match &verdict {
            Ok(v) => format!(
                "{source}: accepted{by} ({} bytes{}; {} {})",
                v.consumed,
                if v.trailing > 0 {
                    format!(", {} more bytes after it not read", v.trailing)
                } else {
                    String::new()
                },
                v.protocol,
                v.cipher
            ),
            Err(CheckError::Decode(e)) => format!("{source}: rejected{by}: {e}"),
            Err(CheckError::Elsewhere(e, d)) => format!(
                "{source}: rejected: {e}; {} reads it (--dialect {d})",
                d.library()
            ),
            Err(CheckError::Input(e)) => format!("{source}: rejected: {e}"),
        }
    };
    Checked {
        line,
        note,
        accepted: verdict.is_ok(),
    }
}

struct Accepted {
    consumed: usize,
    trailing: usize,
    protocol: &'static str,
    cipher: String,
}

enum CheckError {
    Decode(session_der::DecodeError),
    /// OpenSSL's implied reader refused what this library reads.
    Elsewhere(session_der::DecodeError, Dialect),
    /// Nothing was decoded (unreadable file, broken PEM): the message.
    Input(String),
}

/// The verdict on one input and the reader that gave it (none when the
/// input could not be read at all).
fn check_one(
    source: &Source,
    reader: &Reader,
    limit: u64,
) -> (Result<Accepted, CheckError>, Option<Chosen>) {
    let der = match input::read_source(source, limit).and_then(|bytes| {
        let format = input::detect_format(&bytes);
        input::der_of(&bytes, format)
    }) {
        Ok(der) => der,
        Err(e) => return (Err(CheckError::Input(e.to_string())), None),
    };
    let chosen = reader.choose(&der);
    let verdict = match crate::dialect::decode(&der, &chosen) {
        Ok(d) => Ok(Accepted {
            consumed: d.consumed,
            trailing: der.len() - d.consumed,
            protocol: d.session.protocol_version().openssl_name(),
            cipher: d.session.cipher().to_string(),
        }),
        Err(e) => match crate::dialect::other_reader(&der, reader) {
            Some(d) => Err(CheckError::Elsewhere(e, d)),
            None => Err(CheckError::Decode(e)),
        },
    };
    (verdict, Some(chosen))
}

/// `sslsess check --readable-by`: for each file, whether OpenSSL `reader`
/// reads the session `writer` wrote, and reads it the same
/// (`session_der::readable_by`); success only if every one is read the same.
pub fn readable_by(
    files: &[PathBuf],
    writer: OpenSslVersion,
    reader: OpenSslVersion,
    now: i64,
    json: bool,
    limit: u64,
) -> Result<(), Failure> {
    let mut all_same = true;
    for source in sources(files) {
        let der = input::read_source(&source, limit).and_then(|bytes| {
            let format = input::detect_format(&bytes);
            input::der_of(&bytes, format)
        });
        let line = match der {
            Ok(der) => {
                let r = readability(&der, writer, reader, now);
                all_same &= r.verdict == Verdict::ReadSame;
                if json {
                    readability_json(&source, &r)
                } else {
                    // The first line names the file; differences follow indented.
                    format!("{source}: {r}")
                }
            }
            Err(e) => {
                all_same = false;
                if json {
                    let j = |v: serde_json::Value| v.to_string();
                    format!(
                        "{{\"file\":{},\"written_by\":{},\"read_by\":{},\"verdict\":null,\"error\":{},\"differences\":[]}}",
                        j(source.to_string().into()),
                        j(writer.name().into()),
                        j(reader.name().into()),
                        j(e.to_string().into()),
                    )
                } else {
                    format!("{source}: unreadable: {e}")
                }
            }
        };
        write_stdout(format!("{line}\n").as_bytes())?;
    }
    if all_same {
        Ok(())
    } else {
        Err(Failure::Reported)
    }
}

/// One `--readable-by --json` line, keys in the documented order.
fn readability_json(source: &Source, r: &session_der::Readability) -> String {
    let j = |v: serde_json::Value| v.to_string();
    let (verdict, error) = match &r.verdict {
        Verdict::ReadSame => ("read_same", None),
        Verdict::ReadDifferently => ("read_differently", None),
        Verdict::Refused(e) => ("refused", Some(e.to_string())),
        Verdict::NotTheWritersSession(e) => ("not_the_writers_session", Some(e.to_string())),
        // A verdict added later: its text says what it is.
        _ => ("other", Some(r.to_string())),
    };
    let differences: Vec<String> = r
        .differences
        .iter()
        .map(|d| {
            format!(
                "{{\"field\":{},\"what\":{},\"writer\":{},\"reader\":{}}}",
                j(d.field.name().into()),
                j(d.what.into()),
                j(d.writer.clone().into()),
                j(d.reader.clone().into()),
            )
        })
        .collect();
    let write_back = r
        .write_back_refused_by_writer
        .as_ref()
        .map(ToString::to_string);
    format!(
        "{{\"file\":{},\"written_by\":{},\"read_by\":{},\"verdict\":{},\"error\":{},\"differences\":[{}],\"write_back_refused_by_writer\":{}}}",
        j(source.to_string().into()),
        j(r.written_by.name().into()),
        j(r.read_by.name().into()),
        j(verdict.into()),
        j(error.into()),
        differences.join(","),
        j(write_back.into()),
    )
}

/// What `convert` writes: the encoding, the target, and the dialect to
/// convert to first.
pub struct ConvertTo {
    pub to: ToArg,
    pub target: TargetArg,
    pub dialect: Option<Dialect>,
    pub options: ConvertOptions,
}

/// `sslsess convert`.
pub fn convert(
    file: Option<&Path>,
    how: ConvertTo,
    output: Option<&Path>,
    reader: &Reader,
    openssl: OpenSslVersion,
    limit: u64,
) -> Result<(), Failure> {
    let source = Source::from_arg(file);
    let mut session = load(&source, reader, true, limit)
        .map_err(|e| Failure::Message(format!("{source}: {e}")))?
        .session;
    let mut target = how.target.with(openssl);
    if let Some(to) = how.dialect {
        let converted = session_der::convert(&session, to, &how.options).map_err(|e| {
            Failure::Message(format!(
                "{source}: cannot convert to {}'s dialect: {e}",
                to.library()
            ))
        })?;
        for dropped in &converted.dropped {
            diagnostic(&format!("{source}: not carried over: {dropped}"));
        }
        session = converted.session;
        // The target library's writer, OpenSSL's of the --openssl version.
        if how.target == TargetArg::Auto {
            target = match to {
                Dialect::OpenSsl => Target::OpenSsl(openssl),
                other => Target::of_dialect(other),
            };
        }
    }
    let bytes = render(&session, how.to, target, openssl)
        .map_err(|e| Failure::Message(format!("{source}: {e}")))?;
    write_output(output, &bytes).map_err(|e| match output {
        Some(p) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Failure::Message(format!("{}: {e}", p.display()))
        }
        _ => Failure::from(e),
    })
}

/// The bytes of a session in an output encoding.
/// Every result carries the master key, so it is wiped once written.
fn render(
    session: &OwnedSession,
    to: ToArg,
    target: Target,
    openssl: OpenSslVersion,
) -> Result<Zeroizing<Vec<u8>>, String> {
    match to {
        ToArg::Der => encode(session, target).map_err(|e| e.to_string()),
        ToArg::Pem => {
            let der = encode(session, target).map_err(|e| e.to_string())?;
            Ok(Zeroizing::new(pem::to_pem(&der).as_bytes().to_vec()))
        }
        ToArg::Json => {
            let json = record::to_json(session, openssl, crate::system_now(), false, true)?;
            let mut bytes = Zeroizing::new(Vec::with_capacity(json.len() + 1));
            bytes.extend_from_slice(json.as_bytes());
            bytes.push(b'\n');
            Ok(bytes)
        }
        ToArg::Nss => {
            let line = text::keylog_line(session)
                .map_err(|e| format!("cannot write an NSS keylog line: {e}"))?;
            if session.protocol_version().is_tls13() {
                // OpenSSL writes the line anyway; Wireshark would take the PSK for a master secret.
                diagnostic(
                    "warning: this is a TLS 1.3 session: the \"Master-Key\" is its resumption PSK, \
                     which Wireshark cannot use to decrypt the connection",
                );
            }
            Ok(Zeroizing::new(line))
        }
    }
}
