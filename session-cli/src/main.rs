//! `sslsess`: inspect, check and convert OpenSSL TLS session blobs.
//!
//! See the crate README for the commands and the JSON record.
#![forbid(unsafe_code)]

mod commands;
mod input;
mod output;
mod record;
mod sess_id;

use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::input::DEFAULT_MAX_INPUT;

/// Inspect, check and convert OpenSSL TLS session blobs (`i2d_SSL_SESSION`
/// DER or `SSL SESSION PARAMETERS` PEM), byte-compatible with `openssl sess_id`.
#[derive(Debug, Parser)]
#[command(
    name = "sslsess",
    version,
    propagate_version = true,
    after_help = "Examples:\n  \
        sslsess show session.der\n  \
        sslsess check --mode openssl --json cache/*.der\n  \
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
        sslsess show --json session.pem\n  \
        sslsess show --redact session.der      # safe to paste into a bug report\n  \
        sslsess show --cert session.der > peer.pem\n  \
        cat session.pem | sslsess show -")]
    Show(ShowArgs),

    /// Say whether each file is a session OpenSSL (or a strict DER reader) accepts.
    #[command(
        after_help = "Exit status: 0 when every file is accepted, 1 otherwise.\n\n\
        Examples:\n  \
        sslsess check session.der\n  \
        sslsess check --mode strict --json cache/*.der"
    )]
    Check(CheckArgs),

    /// Re-encode a session as DER, PEM, the JSON record or an NSS keylog line.
    #[command(
        after_help = "The output is always encoded from the decoded fields, never copied \
        from the input, so BER that OpenSSL accepts comes out as DER.\n\n\
        Examples:\n  \
        sslsess convert --to pem session.der\n  \
        sslsess convert --to der --target openssl111 -o old.der session.pem\n  \
        sslsess convert --to json session.der > s.json   # edit, then:\n  \
        sslsess convert --to der -o edited.der s.json\n  \
        sslsess convert --to nss session.der >> keylog.txt"
    )]
    Convert(ConvertArgs),

    /// Run like `openssl sess_id` (same flags: -in -out -inform -outform -text -noout -cert -context).
    #[command(
        name = "sess_id",
        disable_help_flag = true,
        after_help = "Examples:\n  \
        sslsess sess_id -in session.pem -text -noout\n  \
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
    /// Exactly what OpenSSL 3.0's d2i_SSL_SESSION accepts (BER leniencies, bytes after the session).
    Openssl,
    /// DER only, exactly one session.
    Strict,
}

impl From<ModeArg> for session_der::Mode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Openssl => session_der::Mode::OpenSsl(session_der::OpenSslVersion::V3_0),
            ModeArg::Strict => session_der::Mode::Strict,
        }
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
    /// Which inputs to accept.
    #[arg(long, value_enum, default_value_t = ModeArg::Openssl)]
    mode: ModeArg,
    /// The clock, in seconds since the epoch, for sessions without a time and
    /// for expiry (default: the system clock).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Session files (DER or PEM); `-` or none reads stdin.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Which decoder's verdict to give.
    #[arg(long, value_enum, default_value_t = ModeArg::Openssl)]
    mode: ModeArg,
    /// One JSON object per line: {"file","accepted","consumed","error","field","offset"}.
    #[arg(long)]
    json: bool,
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

/// Encoding targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// Exact for decoded sessions (re-encodes DER byte for byte), openssl3 for JSON-built ones.
    Auto,
    /// Every element as stored.
    Exact,
    /// What OpenSSL 3.x's i2d_SSL_SESSION writes after reading the session.
    Openssl3,
    /// Readable by OpenSSL 1.1.1 (without the kex_group and peer_rpk elements).
    Openssl111,
}

impl From<TargetArg> for session_der::Target {
    fn from(t: TargetArg) -> Self {
        match t {
            TargetArg::Auto => session_der::Target::Auto,
            TargetArg::Exact => session_der::Target::Exact,
            TargetArg::Openssl3 => session_der::Target::OpenSsl(session_der::OpenSslVersion::V3_0),
            TargetArg::Openssl111 => {
                session_der::Target::OpenSsl(session_der::OpenSslVersion::V1_1_1)
            }
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
    /// Encoding target for der and pem.
    #[arg(long, value_enum, default_value_t = TargetArg::Auto)]
    target: TargetArg,
    /// Write here instead of stdout (created with mode 0600).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// Which inputs to accept.
    #[arg(long, value_enum, default_value_t = ModeArg::Openssl)]
    mode: ModeArg,
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
        Command::Show(a) => commands::show(
            &a.files,
            commands::ShowOptions {
                json: a.json,
                cert: a.cert,
                redact: a.redact,
                mode: a.mode.into(),
                now: a.now.unwrap_or_else(system_now),
                limit,
            },
        ),
        Command::Check(a) => commands::check(&a.files, a.mode.into(), a.json, limit),
        Command::Convert(a) => commands::convert(
            a.file.as_deref(),
            a.to,
            a.target.into(),
            a.output.as_deref(),
            a.mode.into(),
            limit,
        ),
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
