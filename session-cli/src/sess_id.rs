//! `sslsess sess_id`: the flags and behaviour of `openssl sess_id` (`apps/sess_id.c`),
//! so scripts keep working when only the program name changes. `-openssl
//! VERSION` picks the OpenSSL it behaves as (default 3.5): the app is the same
//! in 1.1.1w, 3.0, 3.5.5, 3.6.3 and 4.0.3 (only its help layout and its
//! messages on stderr moved); what differs is the library under it.
//!
//! The arguments are parsed here rather than by clap because OpenSSL's options
//! are single-dash words (`-in`, `-noout`), which clap reads as bundles of
//! one-letter flags.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use session_der::pem;
use session_der::session_model::OwnedSession;
use session_der::{encode, Mode, OpenSslVersion, Target};

use crate::input::{self, InputError, Source};
use crate::output::write_output;
use crate::{diagnostic_raw, system_now, Failure};
use session_text::{self as text, Redaction};

const HELP: &str = "\
Usage: sslsess sess_id [options]

Reads and writes SSL session parameters, like `openssl sess_id`.

General options:
 -help               Display this summary
 -context val        Set the session ID context (at most 32 bytes)
 -openssl version    The OpenSSL to behave as: 1.1.1, 3.0, 3.5, 3.6 or 4.0
                     (default 3.5; not a flag of `openssl sess_id`)

Input options:
 -in infile          Input file - default stdin
 -inform format      Input format - DER or PEM (default PEM)

Output options:
 -out outfile        Output file - default stdout
 -outform format     Output format - DER, PEM or NSS (default PEM)
 -text               Print ssl session id details
 -cert               Output certificate
 -noout              Don't output the encoded session info

Examples:
  sslsess sess_id -in session.pem -text -noout
  sslsess sess_id -inform DER -in session.der -outform PEM -out session.pem
  sslsess sess_id -in session.pem -outform NSS
  sslsess sess_id -in session.pem -text -cert -noout   (the peer certificate as X509_print)
  sslsess sess_id -openssl 1.1.1 -in session.pem -text -noout
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Der,
    Pem,
    Nss,
}

#[derive(Debug, Default)]
struct Options {
    infile: Option<PathBuf>,
    outfile: Option<PathBuf>,
    informat: Option<Form>,
    outformat: Option<Form>,
    text: bool,
    cert: bool,
    noout: bool,
    context: Option<OsString>,
    openssl: OpenSslVersion,
}

/// OpenSSL's `opt_format`: a format is recognised by its first letter (`D…`
/// for DER, `P`/`PEM`, `NSS`), in either case.
fn parse_format(value: &OsStr, allow_nss: bool) -> Option<Form> {
    let s = value.to_str()?;
    match s.as_bytes().first()? {
        b'D' | b'd' => Some(Form::Der),
        b'P' | b'p' if matches!(s, "P" | "p" | "PEM" | "pem") => Some(Form::Pem),
        b'N' | b'n' if allow_nss && matches!(s, "NSS" | "nss") => Some(Form::Nss),
        _ => None,
    }
}

fn usage_error(message: String) -> Failure {
    diagnostic_raw(&format!("sess_id: {message}"));
    diagnostic_raw("sess_id: Use -help for summary.");
    Failure::Reported
}

enum Parsed {
    Run(Options),
    Help,
}

fn parse(args: &[OsString]) -> Result<Parsed, Failure> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let Some(name) = arg.to_str() else {
            return Err(usage_error(format!(
                "Unknown option: {}",
                arg.to_string_lossy()
            )));
        };
        // OpenSSL accepts `-opt` and `--opt` alike.
        let flag = name.strip_prefix("--").or_else(|| name.strip_prefix('-'));
        let Some(flag) = flag.filter(|f| !f.is_empty()) else {
            return Err(usage_error(format!("Unknown option: {name}")));
        };
        let mut value = || {
            it.next()
                .ok_or_else(|| usage_error(format!("Option -{flag} needs a value")))
        };
        match flag {
            "help" | "h" => return Ok(Parsed::Help),
            "in" => o.infile = Some(PathBuf::from(value()?)),
            "out" => o.outfile = Some(PathBuf::from(value()?)),
            "inform" => {
                let v = value()?;
                o.informat = Some(parse_format(v, false).ok_or_else(|| {
                    usage_error(format!("Bad format \"{}\"", v.to_string_lossy()))
                })?);
            }
            "outform" => {
                let v = value()?;
                o.outformat = Some(parse_format(v, true).ok_or_else(|| {
                    usage_error(format!("Bad format \"{}\"", v.to_string_lossy()))
                })?);
            }
            "text" => o.text = true,
            "cert" => o.cert = true,
            "noout" => o.noout = true,
            "context" => o.context = Some(value()?.clone()),
            "openssl" => {
                let v = value()?;
                o.openssl = v.to_str().and_then(|s| s.parse().ok()).ok_or_else(|| {
                    usage_error(format!(
                        "Unknown OpenSSL version \"{}\" (1.1.1, 3.0, 3.5, 3.6, 4.0)",
                        v.to_string_lossy()
                    ))
                })?;
            }
            _ => return Err(usage_error(format!("Unknown option: {name}"))),
        }
    }
    Ok(Parsed::Run(o))
}

/// Runs `sess_id` with OpenSSL's arguments.
pub fn run(args: &[OsString], limit: u64) -> Result<(), Failure> {
    let o = match parse(args)? {
        Parsed::Help => {
            crate::output::write_stdout(HELP.as_bytes())?;
            return Ok(());
        }
        Parsed::Run(o) => o,
    };
    let informat = o.informat.unwrap_or(Form::Pem);
    let outformat = o.outformat.unwrap_or(Form::Pem);

    let openssl = o.openssl;
    let source = Source::from_arg(o.infile.as_deref());
    let mut session = load(&source, informat, openssl, limit).map_err(|e| {
        diagnostic_raw("unable to load SSL_SESSION");
        Failure::Message(format!("{source}: {e}"))
    })?;
    // What OpenSSL's d2i did to the session when it read it: an absent or zero
    // time becomes its clock, an absent or zero timeout 3 s. `-text` and the
    // re-encoding then show those values.
    let now = system_now();
    session.set_time(Some(session.effective_time(now)));
    session.set_timeout(Some(session.effective_timeout()));

    if let Some(context) = &o.context {
        // `strlen(context)` is compared with SSL_MAX_SID_CTX_LENGTH (32).
        let bytes = context.as_encoded_bytes();
        if bytes.len() > session_der::session_model::MAX_SID_CTX_LEN {
            return Err(Failure::Message("Context too long".to_string()));
        }
        session
            .set_sid_ctx(Some(bytes.to_vec()))
            .map_err(|e| Failure::Message(format!("Error setting id context: {e}")))?;
    }

    let peer = session.peer_certificate().map(<[u8]>::to_vec);
    // X509_print's text is built before anything is written, so a
    // certificate it cannot reproduce fails the command with nothing printed.
    let certificate_text = match (&peer, o.text && o.cert) {
        (Some(cert), true) => Some(session_text::x509_print(cert, openssl).map_err(|e| {
            // 3.0's X509_print is reproduced in full, the other versions'
            // where their text is known (session_text::x509_print).
            let other = if openssl == OpenSslVersion::V3_0 {
                ""
            } else {
                " (`-openssl 3.0` prints OpenSSL 3.0's text)"
            };
            Failure::Message(format!(
                "sess_id: cannot print the peer certificate as OpenSSL's X509_print does: {e}; \
                 use `-cert` without `-text` for the PEM certificate (e.g. piped into \
                 `openssl x509 -text`){other}"
            ))
        })?),
        _ => None,
    };

    let mut out = Vec::new();
    let mut failure = None;
    if o.text {
        // `SSL_SESSION_print`'s result is ignored by sess_id: a print that stops
        // early (empty ticket or PSK string) still exits 0.
        let (printed, _) = text::session_print(&session, openssl, now, Redaction::default());
        out.extend_from_slice(&printed);
        if o.cert {
            match &certificate_text {
                Some(printed) => out.extend_from_slice(printed),
                None => out.extend_from_slice(text::NO_CERTIFICATE.as_bytes()),
            }
        }
    }
    if !o.noout && !o.cert {
        match outformat {
            Form::Der | Form::Pem => {
                let der = encode(&session, Target::OpenSsl(openssl)).map_err(|e| {
                    diagnostic_raw("unable to write SSL_SESSION");
                    Failure::Message(e.to_string())
                })?;
                if outformat == Form::Der {
                    out.extend_from_slice(&der);
                } else {
                    out.extend_from_slice(pem::to_pem(&der).as_bytes());
                }
            }
            Form::Nss => match text::keylog_line(&session) {
                Ok(line) => out.extend_from_slice(&line),
                Err(e) => {
                    diagnostic_raw("unable to write SSL_SESSION");
                    failure = Some(Failure::Message(e.to_string()));
                }
            },
        }
    } else if !o.noout {
        if let Some(peer) = &peer {
            match outformat {
                Form::Der => out.extend_from_slice(peer),
                Form::Pem => out.extend_from_slice(text::certificate_pem(peer).as_bytes()),
                Form::Nss => {
                    return Err(Failure::Message(
                        "bad output format specified for outfile".to_string(),
                    ))
                }
            }
        }
    }
    // OpenSSL opens (and so creates) the output whenever it has something to
    // write, and keeps what it wrote before a failure.
    if !o.noout || o.text {
        write_output(o.outfile.as_deref(), &out).map_err(|e| match &o.outfile {
            Some(p) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Failure::Message(format!("{}: {e}", p.display()))
            }
            _ => Failure::from(e),
        })?;
    }
    match failure {
        Some(f) => Err(f),
        None => Ok(()),
    }
}

/// `load_sess_id`: DER through `d2i_SSL_SESSION_bio`, PEM through
/// `PEM_read_bio_SSL_SESSION`; the format is the one given, not guessed.
fn load(
    source: &Source,
    informat: Form,
    openssl: OpenSslVersion,
    limit: u64,
) -> Result<OwnedSession, InputError> {
    let bytes = input::read_source(source, limit)?;
    let format = match informat {
        Form::Pem => input::Format::Pem,
        Form::Der | Form::Nss => input::Format::Der,
    };
    let der = input::der_of(&bytes, format)?;
    let decoded = input::decode(
        &der,
        &crate::dialect::Chosen::openssl(Mode::OpenSsl(openssl)),
    )?;
    Ok(decoded.session.to_owned_session())
}
