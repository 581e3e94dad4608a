//! Comparing OpenSSL mode for the linked version with that version's libssl,
//! input by input, collecting every disagreement (shared by the per-version
//! tests, `tests/oracle_edges.rs` and `tests/handshakes.rs`).

use session_der::session_model::{CowSession, OpenSslVersion};
use session_der::{decode_with, encode, DecodeOptions, Target};
use session_text::Redaction;
use sslsession_testkit::hex;

use crate::libssl::{self, Read};

/// The version of the linked libssl (`OpenSSL_version_num`), or `None` when
/// it is none of the versions the library reproduces (a machine whose system
/// OpenSSL is, say, 3.2): the caller's test then skips, saying so, or fails
/// when oracles are required (`sslsession_testkit::oracles::skip`).
pub fn linked() -> Option<OpenSslVersion> {
    let number = u64::try_from(openssl::version::number()).unwrap_or(0);
    let v = OpenSslVersion::from_version_number(number);
    if v.is_none() {
        sslsession_testkit::oracles::skip(
            "version-bound test",
            &format!(
                "the linked {} (0x{number:x}) is none of the versions the library reproduces",
                openssl::version::version()
            ),
        );
    }
    v
}

/// Every disagreement of a set of inputs, reported at once.
#[derive(Default)]
pub struct Report {
    v: OpenSslVersion,
    checked: usize,
    failures: Vec<String>,
}

impl Report {
    /// An empty report for the linked version; `None` when the test cannot
    /// run (see [`linked`]).
    pub fn new() -> Option<Self> {
        Some(Report {
            v: linked()?,
            ..Report::default()
        })
    }

    /// An empty report for `v`, which need not be the linked version (for
    /// records a version's libssl made, compared without it).
    pub fn for_version(v: OpenSslVersion) -> Self {
        Report {
            v,
            ..Report::default()
        }
    }

    /// The version under test.
    pub fn version(&self) -> OpenSslVersion {
        self.v
    }

    /// Counts one more input checked outside [`Report::check`].
    pub fn count(&mut self) {
        self.checked += 1;
    }

    /// Records a disagreement about `input`.
    pub fn fail(&mut self, name: &str, input: &[u8], what: String) {
        // Constructed inputs are shown whole; corpus files are named.
        let shown = if input.len() <= 600 {
            hex(input)
        } else {
            format!("({} bytes)", input.len())
        };
        self.failures.push(format!(
            "{name} (OpenSSL {}): {what}\n  input {shown}",
            self.version()
        ));
    }

    /// Decodes `input` with OpenSSL mode for the linked version and with the
    /// linked libssl, and compares verdict, consumed length, getters, the
    /// re-encoding and its PEM. Returns libssl's reading when it accepted.
    pub fn check(&mut self, name: &str, input: &[u8]) -> Option<Read> {
        let v = self.version();
        self.checked += 1;
        let theirs = libssl::d2i(input);
        let ours = decode_with::<CowSession<'_>>(input, &DecodeOptions::openssl_version(v));
        match (&theirs, ours) {
            (None, Err(_)) => {}
            (None, Ok(d)) => self.fail(
                name,
                input,
                format!(
                    "libssl rejects; OpenSSL mode accepts ({} bytes)",
                    d.consumed
                ),
            ),
            (Some(t), Err(e)) => self.fail(
                name,
                input,
                format!(
                    "libssl accepts ({} bytes); OpenSSL mode rejects: {e}",
                    t.consumed
                ),
            ),
            (Some(t), Ok(d)) => {
                if d.consumed != t.consumed {
                    let what = format!("consumed: libssl {}, ours {}", t.consumed, d.consumed);
                    self.fail(name, input, what);
                }
                self.compare_read(name, input, &d.session, t);
            }
        }
        theirs
    }

    /// Compares a session OpenSSL mode decoded with what libssl reports
    /// for the same session: getters, `i2d` and PEM.
    pub fn compare_read(&mut self, name: &str, input: &[u8], ours: &CowSession<'_>, t: &Read) {
        let v = self.version();
        let g = &t.getters;
        // An absent or zero [1] is libssl's clock at d2i: read it back from libssl.
        let times = ours.openssl_times(v, g.time);
        let mut diffs = Vec::new();
        let mut same = |what: &str, a: String, b: String| {
            if a != b {
                diffs.push(format!("{what}: libssl {a}, ours {b}"));
            }
        };
        same(
            "protocol version",
            g.protocol_version.to_string(),
            i32::from(ours.protocol_version().wire()).to_string(),
        );
        same("cipher", g.cipher.to_string(), ours.cipher().0.to_string());
        same("session id", hex(&g.session_id), hex(ours.session_id()));
        same(
            "master key",
            hex(&g.master_key),
            hex(ours.master_key().expose()),
        );
        same(
            "sid_ctx",
            hex(&g.sid_ctx),
            hex(ours.sid_ctx().unwrap_or_default()),
        );
        same("time", g.time.to_string(), times.time.to_string());
        if let Some(time_ex) = g.time_ex {
            same("time_ex", time_ex.to_string(), times.time.to_string());
        }
        same("timeout", g.timeout.to_string(), times.timeout.to_string());
        same(
            "hostname",
            format!("{:?}", g.hostname.as_deref().map(hex)),
            format!("{:?}", ours.effective_hostname().map(hex)),
        );
        let nonempty = |b: Option<&[u8]>| b.filter(|b| !b.is_empty()).map(hex);
        same(
            "alpn",
            format!("{:?}", g.alpn_selected.as_deref().map(hex)),
            format!("{:?}", nonempty(ours.alpn_selected())),
        );
        same(
            "ticket",
            format!("{:?}", g.ticket.as_deref().map(hex)),
            format!("{:?}", nonempty(ours.ticket())),
        );
        same(
            "ticket lifetime hint",
            g.ticket_lifetime_hint.to_string(),
            ours.ticket_lifetime_hint().unwrap_or(0).to_string(),
        );
        same(
            "ticket appdata",
            format!("{:?}", g.ticket_appdata.as_deref().map(hex)),
            format!("{:?}", nonempty(ours.ticket_appdata())),
        );
        same(
            "max early data",
            g.max_early_data.to_string(),
            ours.max_early_data().unwrap_or(0).to_string(),
        );
        same(
            "max fragment length",
            g.max_fragment_length.to_string(),
            ours.openssl_max_fragment_length(v).to_string(),
        );
        same(
            "is resumable",
            g.is_resumable.to_string(),
            ours.is_resumable().to_string(),
        );
        same(
            "peer certificate present",
            g.peer_certificate.is_some().to_string(),
            ours.peer_certificate().is_some().to_string(),
        );
        same(
            "peer rpk present",
            g.peer_rpk.is_some().to_string(),
            ours.peer_rpk().is_some().to_string(),
        );
        // What libssl's i2d writes back. It writes its clock for an absent or
        // zero time and 3 for an absent or zero timeout, where Target::OpenSsl
        // keeps them absent (session-der's documented difference): give ours
        // the same values first; every other byte is compared as is.
        let mut owned = ours.to_owned_session();
        if ours.time().unwrap_or(0) == 0 {
            owned.set_time(Some(g.time));
        }
        if ours.timeout().unwrap_or(0) == 0 {
            owned.set_timeout(Some(3));
        }
        // `openssl sess_id -text -noout` (SSL_SESSION_print) as that version
        // prints what it read: session-text's per-version printer.
        let (text, _) = session_text::session_print(&owned, v, g.time, Redaction::default());
        if text != t.text {
            diffs.push(format!(
                "SSL_SESSION_print:\n--- libssl\n{}--- ours\n{}",
                String::from_utf8_lossy(&t.text),
                String::from_utf8_lossy(&text)
            ));
        }
        match encode(&owned, Target::OpenSsl(v)) {
            Ok(der) => {
                if der.as_slice() != t.der.as_slice() {
                    diffs.push(format!(
                        "i2d: libssl {}\n       ours   {}",
                        hex(&t.der),
                        hex(&der)
                    ));
                } else if session_der::pem::to_pem(&der).as_str() != t.pem {
                    diffs.push(format!(
                        "PEM: libssl {:?}, ours {:?}",
                        t.pem,
                        session_der::pem::to_pem(&der).as_str()
                    ));
                }
            }
            Err(e) => diffs.push(format!("encode(Target::OpenSsl({v})): {e}")),
        }
        for d in diffs {
            self.fail(name, input, d);
        }
    }

    /// Asserts that at least `min_checked` inputs were checked and none disagreed.
    ///
    /// # Panics
    /// On any disagreement, listing them all.
    pub fn finish(self, what: &str, min_checked: usize) {
        assert!(
            self.checked >= min_checked,
            "{what}: only {} inputs checked",
            self.checked
        );
        assert!(
            self.failures.is_empty(),
            "{what}: {} of {} inputs disagree with OpenSSL {}:\n{}",
            self.failures.len(),
            self.checked,
            self.version(),
            self.failures.join("\n")
        );
    }
}
