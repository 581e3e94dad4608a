//! `sslsess`: inspect, check and convert TLS session blobs of OpenSSL,
//! BoringSSL, AWS-LC and LibreSSL.
//!
//! See the crate README for the commands and the JSON record.
#![forbid(unsafe_code)]

mod commands;
mod dialect;
mod dialect_text;
mod input;
mod output;
mod parallel;
mod record;
mod sess_id;
mod walk;

use std::ffi::OsString;
use std::io;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use session_der::{Dialect, OpenSslVersion};

use crate::dialect::{Choice, Reader};
use crate::input::DEFAULT_MAX_INPUT;

/// Inspect, check and convert TLS session blobs (`i2d_SSL_SESSION` DER or
/// `SSL SESSION PARAMETERS` PEM) of OpenSSL, byte-compatible with `openssl
/// sess_id`, and of BoringSSL, AWS-LC and LibreSSL.
#[derive(Debug, Parser)]
#[command(
    name = "sslsess",
    version,
    propagate_version = true,
    after_help = "Examples:\n  \
        sslsess show session.der\n  \
        sslsess check --openssl 3.0 --json cache/*.der\n  \
        sslsess check --openssl 3.0 --readable-by 3.5 cache/*.der\n  \
        sslsess convert --to pem -o session.pem session.der\n  \
        sslsess sess_id -in session.pem -text -noout"
)]
struct Cli {
    /// Refuse inputs larger than this many bytes (a session is a few KiB).
    #[arg(long, global = true, value_name = "BYTES", default_value_t = DEFAULT_MAX_INPUT)]
    max_input_size: u64,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a session like `openssl sess_id -text -noout` (or as JSON).
    #[command(after_help = "Examples:\n  \
        sslsess show session.der\n  \
        sslsess show --openssl 1.1.1 session.der   # as OpenSSL 1.1.1 prints it\n  \
        sslsess show --json session.pem\n  \
        sslsess show --redact session.der      # safe to paste into a bug report\n  \
        sslsess show --cert session.der > peer.pem\n  \
        cat session.pem | sslsess show -")]
    Show(ShowArgs),

    /// Say whether each file is a session OpenSSL (or a strict DER reader) accepts,
    /// or whether a session of one OpenSSL version is read the same by another.
    #[command(
        after_help = "Exit status: 0 when every file is accepted (with --readable-by: \
        read the same), 1 otherwise.\n\n\
        Examples:\n  \
        sslsess check session.der\n  \
        sslsess check --openssl 1.1.1 --json cache/*.der\n  \
        sslsess check --mode strict --json cache/*.der\n  \
        sslsess check --jobs 8 --stats cache/            # every file beneath cache/, 8 at a time\n  \
        sslsess check --openssl 3.0 --readable-by 3.5 cache/*.der   # before a rolling upgrade"
    )]
    Check(CheckArgs),

    /// Re-encode a session as DER, PEM, the JSON record or an NSS keylog line.
    #[command(
        after_help = "The output is always encoded from the decoded fields, never copied \
        from the input, so BER that OpenSSL accepts comes out as DER.\n\n\
        Examples:\n  \
        sslsess convert --to pem session.der\n  \
        sslsess convert --to der --target openssl-1.1.1 -o old.der session.pem\n  \
        sslsess convert --to json session.der > s.json   # edit, then:\n  \
        sslsess convert --to der -o edited.der s.json\n  \
        sslsess convert --to nss session.der >> keylog.txt\n  \
        sslsess convert --dialect-to boringssl --role client --to der -o boring.der openssl.der"
    )]
    Convert(ConvertArgs),

    /// Run like `openssl sess_id` (same flags: -in -out -inform -outform -text -noout -cert
    /// -context; -openssl VERSION picks the OpenSSL to behave as, default 3.5).
    #[command(
        name = "sess_id",
        disable_help_flag = true,
        after_help = "Examples:\n  \
        sslsess sess_id -in session.pem -text -noout\n  \
        sslsess sess_id -openssl 1.1.1 -in session.pem -text -noout\n  \
        sslsess sess_id -inform DER -in session.der -outform PEM -out session.pem\n  \
        sslsess sess_id -in session.pem -outform NSS\n  \
        sslsess sess_id -in session.pem -text -cert -noout   (the peer certificate as X509_print)"
    )]
    SessId {
        /// `openssl sess_id` arguments (`-help` lists them).
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<OsString>,
    },
}

/// Which decoder to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Exactly what the --openssl version's d2i_SSL_SESSION accepts (BER leniencies, bytes after the session).
    Openssl,
    /// DER only, exactly one session.
    Strict,
}

impl ModeArg {
    /// The decoder mode, with the version `--openssl` names.
    pub fn with(self, version: OpenSslVersion) -> session_der::Mode {
        match self {
            ModeArg::Openssl => session_der::Mode::OpenSsl(version),
            ModeArg::Strict => session_der::Mode::Strict,
        }
    }
}

/// `--openssl VERSION`: the OpenSSL whose behaviour to reproduce.
#[derive(Debug, Args)]
struct OpenSslArg {
    /// The OpenSSL version to behave as: its d2i_SSL_SESSION's acceptance, its
    /// getters' times, its sess_id text, its i2d (1.1.1, 3.0, 3.5, 3.6, 4.0)
    /// [default: 3.5]. Without --dialect it means --dialect openssl.
    #[arg(long = "openssl", value_name = "VERSION")]
    openssl: Option<OpenSslVersion>,
}

impl OpenSslArg {
    /// The version, the LTS unless given.
    fn version(&self) -> OpenSslVersion {
        self.openssl.unwrap_or(OpenSslVersion::LTS)
    }
}

/// `--dialect` and the OpenSSL reader's flags: which library's reader reads the input.
#[derive(Debug, Args)]
struct ReaderArgs {
    /// The library whose session format to read: openssl, boringssl, aws-lc or
    /// libressl. Without it (and without --openssl or --mode, which mean
    /// openssl) the dialect is detected: the libraries whose reader accepts
    /// the input, the first of them if several.
    #[arg(long, value_name = "DIALECT", value_parser = dialect::parse_dialect)]
    dialect: Option<Dialect>,
    /// Which inputs OpenSSL's reader accepts [default: openssl]. Without
    /// --dialect it means --dialect openssl.
    #[arg(long, value_enum)]
    mode: Option<ModeArg>,
    #[command(flatten)]
    openssl: OpenSslArg,
}

impl ReaderArgs {
    /// The reader: `--dialect`, else OpenSSL when `--openssl` or `--mode`
    /// says so, else detection.
    fn reader(&self) -> Result<Reader, Failure> {
        let openssl_mode = self
            .mode
            .unwrap_or(ModeArg::Openssl)
            .with(self.openssl.version());
        let choice = match self.dialect {
            Some(d) => {
                if d != Dialect::OpenSsl && self.mode == Some(ModeArg::Strict) {
                    return Err(Failure::Message(format!(
                        "--mode strict is OpenSSL's strict DER reader; it cannot read --dialect {d}"
                    )));
                }
                Choice::Given(d)
            }
            None if self.mode.is_some() || self.openssl.openssl.is_some() => Choice::OpenSslImplied,
            None => Choice::Detect,
        };
        Ok(Reader {
            choice,
            openssl_mode,
        })
    }
}

#[derive(Debug, Args)]
struct ShowArgs {
    /// Session files (DER, PEM or a JSON record); `-` or none reads stdin.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print the whole session as one JSON object (the session-serde record).
    #[arg(long, conflicts_with = "cert")]
    json: bool,
    /// Print the peer certificate as PEM (or "No certificate present").
    #[arg(long)]
    cert: bool,
    /// Mask the master key, ticket and PSK identities.
    #[arg(long)]
    redact: bool,
    #[command(flatten)]
    reader: ReaderArgs,
    /// The clock, in seconds since the epoch, for sessions without a time and
    /// for expiry (default: the system clock).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Session files (DER or PEM) or directories (every file beneath them,
    /// in path order); `-` or none reads stdin.
    #[arg(value_name = "FILE|DIR")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    reader: ReaderArgs,
    /// Say instead whether OpenSSL VERSION reads each session, written by the
    /// --openssl version, and reads it the same (acceptance, time, timeout,
    /// expiry, what its i2d writes back). OpenSSL sessions only.
    #[arg(long, value_name = "VERSION", conflicts_with_all = ["mode", "dialect"])]
    readable_by: Option<OpenSslVersion>,
    /// The clock, in seconds since the epoch, for --readable-by's times and
    /// expiry (default: the system clock).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
    /// One JSON object per line: {"file","accepted","consumed","error","field","offset","openssl","dialect","candidates","reason"}
    /// (with --readable-by: {"file","written_by","read_by","verdict","error","differences","write_back_refused_by_writer"}).
    #[arg(long)]
    json: bool,
    /// Check this many files at once [default: the available parallelism].
    /// The output is the same, in the same order, for any number.
    #[arg(long, short = 'j', value_name = "N", conflicts_with = "readable_by")]
    jobs: Option<NonZeroUsize>,
    /// After the verdicts, print on stderr a summary line: files, valid and
    /// invalid counts, wall time, sessions/s, jobs and peak memory (VmHWM).
    #[arg(long, conflicts_with = "readable_by")]
    stats: bool,
}

/// `--jobs` when not given: every core the process may use.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Output encodings of `convert`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ToArg {
    /// Binary DER (`i2d_SSL_SESSION`).
    Der,
    /// `-----BEGIN SSL SESSION PARAMETERS-----`, as `openssl sess_id -outform PEM`.
    Pem,
    /// The JSON record (as `show --json`).
    Json,
    /// `RSA Session-ID:<HEX> Master-Key:<HEX>`, as `openssl sess_id -outform NSS`.
    Nss,
}

/// Encoding targets: `auto`, `exact`, `openssl` (the `--openssl` version),
/// `openssl-VERSION`, and the names of sslsess 0.3 (`openssl3` = `openssl-3.0`,
/// the version it was checked against; `openssl111` = `openssl-1.1.1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetArg {
    /// Exact for decoded sessions (re-encodes DER byte for byte).
    Auto,
    /// Every element as stored.
    Exact,
    /// What that version's i2d_SSL_SESSION writes after its d2i read the
    /// session; `None` for the `--openssl` version.
    OpenSsl(Option<OpenSslVersion>),
}

impl TargetArg {
    /// The encoder's target, `openssl` resolved to the `--openssl` version.
    pub fn with(self, version: OpenSslVersion) -> session_der::Target {
        match self {
            TargetArg::Auto => session_der::Target::Auto,
            TargetArg::Exact => session_der::Target::Exact,
            TargetArg::OpenSsl(v) => session_der::Target::OpenSsl(v.unwrap_or(version)),
        }
    }
}

impl std::str::FromStr for TargetArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(TargetArg::Auto),
            "exact" => Ok(TargetArg::Exact),
            "openssl" => Ok(TargetArg::OpenSsl(None)),
            "openssl3" => Ok(TargetArg::OpenSsl(Some(OpenSslVersion::V3_0))),
            "openssl111" => Ok(TargetArg::OpenSsl(Some(OpenSslVersion::V1_1_1))),
            _ => match s.strip_prefix("openssl-").map(str::parse::<OpenSslVersion>) {
                Some(Ok(v)) => Ok(TargetArg::OpenSsl(Some(v))),
                Some(Err(e)) => Err(e.to_string()),
                None => Err(format!(
                    "unknown target {s:?} (auto, exact, openssl, openssl-1.1.1, openssl-3.0, \
                     openssl-3.5, openssl-3.6, openssl-4.0)"
                )),
            },
        }
    }
}

#[derive(Debug, Args)]
struct ConvertArgs {
    /// Session file (DER, PEM or a JSON record); `-` or none reads stdin.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// Output encoding.
    #[arg(long, value_enum)]
    to: ToArg,
    /// Encoding target for der and pem: auto (exact for a decoded session),
    /// exact, openssl (what the --openssl version's i2d writes) or
    /// openssl-VERSION (openssl-1.1.1, openssl-3.0, openssl-3.5, openssl-3.6,
    /// openssl-4.0; openssl3 and openssl111 are the older names of
    /// openssl-3.0 and openssl-1.1.1).
    #[arg(long, value_name = "TARGET", default_value = "auto")]
    target: TargetArg,
    /// Write here instead of stdout (created with mode 0600).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    reader: ReaderArgs,
    /// Convert the session to this library's dialect first (openssl,
    /// boringssl, aws-lc, libressl): fields matched by meaning, each one the
    /// target does not store named on stderr; refused (exit 1, the field
    /// named) when one a resumption needs cannot be carried. DER and PEM are
    /// then written as that library writes them.
    #[arg(long, value_name = "DIALECT", value_parser = dialect::parse_dialect)]
    dialect_to: Option<Dialect>,
    /// Whose session it is, for BoringSSL and AWS-LC, which record it
    /// (`[22]` isServer): client or server [default: what the session
    /// says, else server, BoringSSL's default].
    #[arg(long, value_enum, requires = "dialect_to")]
    role: Option<RoleArg>,
}

/// `--role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// A client's session.
    Client,
    /// A server's session.
    Server,
}

impl From<RoleArg> for session_der::Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Client => session_der::Role::Client,
            RoleArg::Server => session_der::Role::Server,
        }
    }
}

/// A failure already reported on stderr, or one to report: the process exits non-zero.
#[derive(Debug)]
pub enum Failure {
    /// Print this line (prefixed with `sslsess: `) and exit 1.
    Message(String),
    /// Everything was already said; exit 1.
    Reported,
    /// stdout was closed (e.g. `| head`): exit quietly.
    BrokenPipe,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(format!("cannot write output: {e}"))
        }
    }
}

/// Prints one diagnostic line on stderr. A failing stderr is ignored: there is
/// nowhere left to report it.
pub fn diagnostic(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(io::stderr().lock(), "sslsess: {message}");
}

/// Prints a line on stderr as it is, for the messages `sess_id` copies from OpenSSL.
pub fn diagnostic_raw(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(io::stderr().lock(), "{message}");
}

/// The system clock in seconds since the epoch (OpenSSL's `time(NULL)`).
pub fn system_now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let limit = cli.max_input_size;
    let result = match cli.command {
        Command::Show(a) => a.reader.reader().and_then(|reader| {
            commands::show(
                &a.files,
                commands::ShowOptions {
                    json: a.json,
                    cert: a.cert,
                    redact: a.redact,
                    reader,
                    openssl: a.reader.openssl.version(),
                    now: a.now.unwrap_or_else(system_now),
                    limit,
                },
            )
        }),
        Command::Check(a) => match a.readable_by {
            Some(reader) => commands::readable_by(
                &a.files,
                a.reader.openssl.version(),
                reader,
                a.now.unwrap_or_else(system_now),
                a.json,
                limit,
            ),
            None => a.reader.reader().and_then(|reader| {
                commands::check(
                    &a.files,
                    &commands::CheckOptions {
                        reader,
                        openssl: a.reader.openssl.version(),
                        json: a.json,
                        limit,
                        jobs: a.jobs.map_or_else(default_jobs, NonZeroUsize::get),
                        stats: a.stats,
                    },
                )
            }),
        },
        Command::Convert(a) => a.reader.reader().and_then(|reader| {
            let mut convert_options = session_der::ConvertOptions::new();
            if let Some(role) = a.role {
                convert_options = convert_options.role(role.into());
            }
            commands::convert(
                a.file.as_deref(),
                commands::ConvertTo {
                    to: a.to,
                    target: a.target,
                    dialect: a.dialect_to,
                    options: convert_options,
                },
                a.output.as_deref(),
                &reader,
                a.reader.openssl.version(),
                limit,
            )
        }),
        Command::SessId { args } => sess_id::run(&args, limit),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Message(m)) => {
            diagnostic(&m);
            ExitCode::FAILURE
        }
        Err(Failure::Reported) | Err(Failure::BrokenPipe) => ExitCode::FAILURE,
    }
}
