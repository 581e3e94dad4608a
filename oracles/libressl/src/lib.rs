#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod live;
pub mod mutate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The LibreSSL release `build.sh` builds (also in `common.sh`).
pub const VERSION: &str = "4.3.2";

/// The clock the harness gives LibreSSL's `d2i_SSL_SESSION` (`HARNESS_NOW`):
/// an absent or zero `[1]` becomes this time (`ssl_asn1.c`: `s->time =
/// time(NULL)`). Every recorded verdict was made with it.
pub const NOW: i64 = 1_500_000_000;

/// The variable that makes a missing LibreSSL oracle a failure even where its
/// sources are not on the machine (CI sets [`sslsession_testkit::oracles::REQUIRE_VAR`]).
pub const REQUIRE_LIBRESSL_VAR: &str = "SSLSESSION_REQUIRE_LIBRESSL";

/// A built LibreSSL oracle.
#[derive(Clone, Debug)]
pub struct Oracle {
    dir: PathBuf,
}

impl Oracle {
    /// The oracle, when `build.sh` has completed it in the cache.
    pub fn find() -> Option<Oracle> {
        let dir = sslsession_testkit::oracles::cache_dir().join(format!("libressl-{VERSION}"));
        dir.join(".complete").is_file().then_some(Oracle { dir })
    }

    /// Its `openssl` program (`s_server`, `s_client`, `sess_id`).
    pub fn openssl(&self) -> PathBuf {
        self.dir.join("bin/openssl")
    }

    /// `harness.c` compiled against this oracle's static libraries (once per
    /// test process, into `target/libressl-harness/`).
    ///
    /// # Panics
    /// When the C compiler fails.
    pub fn harness(&self) -> PathBuf {
        static HARNESS: OnceLock<PathBuf> = OnceLock::new();
        HARNESS
            .get_or_init(|| {
                let out_dir = sslsession_testkit::workspace_root().join("target/libressl-harness");
                std::fs::create_dir_all(&out_dir).expect("target/libressl-harness");
                let out = out_dir.join(format!("harness-{}", std::process::id()));
                let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("harness.c");
                let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
                    .args(["-O1", "-Wall", "-Wextra", "-Werror", "-I"])
                    .arg(self.dir.join("include"))
                    .arg("-o")
                    .arg(&out)
                    .arg(&src)
                    .arg(self.dir.join("lib/libssl.a"))
                    .arg(self.dir.join("lib/libcrypto.a"))
                    .arg("-lpthread")
                    .status()
                    .expect("run cc");
                assert!(status.success(), "compiling {} failed", src.display());
                out
            })
            .clone()
    }

    /// LibreSSL's `d2i_SSL_SESSION` (then its getters and `i2d_SSL_SESSION`)
    /// on each input, in one harness process, with its clock at [`NOW`].
    ///
    /// # Panics
    /// When the harness fails or answers with something other than one JSON
    /// object per input.
    pub fn decode_all(&self, inputs: &[Vec<u8>]) -> Vec<Report> {
        self.run("decode", inputs)
            .iter()
            .map(Report::from_json)
            .collect()
    }

    /// LibreSSL's `d2i_X509` on each input (what its `d2i_SSL_SESSION` does
    /// with the content of `[3]`): whether it read the whole input as a
    /// certificate that its `i2d_X509` writes back unchanged.
    ///
    /// # Panics
    /// As [`Oracle::decode_all`].
    pub fn x509_plain_der(&self, inputs: &[Vec<u8>]) -> Vec<bool> {
        self.run("x509", inputs)
            .iter()
            .zip(inputs)
            .map(|(v, input)| {
                v["ok"] == Value::Bool(true)
                    && v["consumed"].as_u64() == u64::try_from(input.len()).ok()
                    && v["same_i2d"] == Value::Bool(true)
            })
            .collect()
    }

    /// The harness in `mode` on each input: one JSON object per input.
    fn run(&self, mode: &str, inputs: &[Vec<u8>]) -> Vec<Value> {
        let mut child = Command::new(self.harness())
            .arg(mode)
            .env("HARNESS_NOW", NOW.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the LibreSSL harness");
        let mut stdin = child.stdin.take().expect("stdin");
        let lines: String = inputs.iter().map(|i| hex(i) + "\n").collect();
        // A thread writes while this one reads, so that neither pipe fills.
        let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
        let output = child.wait_with_output().expect("harness output");
        writer.join().expect("writer").expect("write to harness");
        assert!(output.status.success(), "harness failed");
        let reports: Vec<Value> = String::from_utf8(output.stdout)
            .expect("utf-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("harness JSON"))
            .collect();
        assert_eq!(reports.len(), inputs.len(), "one report per input");
        reports
    }
}

/// Whether the LibreSSL sources `build.sh` builds from are on this machine.
pub fn sources_present() -> bool {
    let var = |name: &str, default: &str| {
        std::env::var_os(name).map_or_else(|| PathBuf::from(default), PathBuf::from)
    };
    var(
        "LIBRESSL_PORTABLE_GIT",
        "/work/.mirror/libressl+portable/repo",
    )
    .join("HEAD")
    .is_file()
        && var(
            "LIBRESSL_OPENBSD_GIT",
            "/work/.mirror/libressl+openbsd/repo",
        )
        .join("HEAD")
        .is_file()
}

/// The oracle, or `None` after saying why the test `test` skips.
///
/// A missing oracle fails the test when oracles are required
/// (`SSLSESSION_REQUIRE_ORACLES=1`) and it could have been built here (its
/// sources are on the machine), or when [`REQUIRE_LIBRESSL_VAR`] is `1`. No
/// package registry ships LibreSSL's sources (README.md), so on a machine
/// without them the test skips, saying so, even in CI.
///
/// # Panics
/// As said.
pub fn oracle_or_skip(test: &str) -> Option<Oracle> {
    if let Some(oracle) = Oracle::find() {
        return Some(oracle);
    }
    let required_anyway = std::env::var(REQUIRE_LIBRESSL_VAR).is_ok_and(|v| v == "1");
    let why = if sources_present() {
        format!("LibreSSL {VERSION} is not built; run oracles/libressl/build.sh")
    } else {
        format!(
            "LibreSSL sources not on this machine (no registry ships them), so LibreSSL \
             {VERSION} cannot be built (oracles/libressl/README.md)"
        )
    };
    assert!(
        !(required_anyway || (sslsession_testkit::oracles::required() && sources_present())),
        "{test}: {why} (a missing oracle is a failure here)"
    );
    let _ = writeln!(std::io::stderr(), "\nSKIPPED: {test}: {why}");
    None
}

/// What LibreSSL's `d2i_SSL_SESSION` did with one input, and what its getters
/// and `i2d_SSL_SESSION` said about the result (`harness.c`, `report`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// d2i returned NULL.
    Rejected,
    /// d2i returned a session.
    Accepted(Box<Accepted>),
}

/// The getters of an accepted session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// How far d2i moved `*pp`.
    pub consumed: usize,
    /// `SSL_SESSION_get_time`.
    pub time: i64,
    /// `SSL_SESSION_get_timeout`.
    pub timeout: i64,
    /// `SSL_SESSION_get_protocol_version`.
    pub protocol_version: i64,
    /// `SSL_CIPHER_get_value(SSL_SESSION_get0_cipher)`; `None` when LibreSSL
    /// knows no such suite.
    pub cipher: Option<u16>,
    /// `SSL_SESSION_get_id`.
    pub session_id: Vec<u8>,
    /// `SSL_SESSION_get0_id_context`.
    pub sid_ctx: Vec<u8>,
    /// `SSL_SESSION_get_master_key`.
    pub master_key: Vec<u8>,
    /// `SSL_SESSION_get_ticket_lifetime_hint`.
    pub ticket_lifetime_hint: u64,
    /// `SSL_SESSION_has_ticket`.
    pub has_ticket: bool,
    /// `i2d_X509(SSL_SESSION_get0_peer)`.
    pub peer: Option<Vec<u8>>,
    /// `i2d_SSL_SESSION`; `None` when it wrote nothing (cipher value 0).
    pub i2d: Option<Vec<u8>>,
}

impl Report {
    /// From the harness's (or a recorded `.json`'s) JSON.
    ///
    /// # Panics
    /// On a malformed report.
    pub fn from_json(v: &Value) -> Report {
        if v["ok"] == Value::Bool(false) {
            return Report::Rejected;
        }
        let int = |k: &str| v[k].as_i64().unwrap_or_else(|| panic!("{k} in {v}"));
        let bytes = |k: &str| unhex(v[k].as_str().unwrap_or_else(|| panic!("{k} in {v}")));
        let opt_bytes = |k: &str| v[k].as_str().map(unhex);
        Report::Accepted(Box::new(Accepted {
            consumed: usize::try_from(int("consumed")).expect("consumed"),
            time: int("time"),
            timeout: int("timeout"),
            protocol_version: int("protocol_version"),
            cipher: v["cipher"]
                .as_u64()
                .map(|c| u16::try_from(c).expect("cipher")),
            session_id: bytes("session_id"),
            sid_ctx: bytes("sid_ctx"),
            master_key: bytes("master_key"),
            ticket_lifetime_hint: v["ticket_lifetime_hint"].as_u64().expect("lifetime"),
            has_ticket: v["has_ticket"].as_bool().expect("has_ticket"),
            peer: opt_bytes("peer"),
            i2d: opt_bytes("i2d"),
        }))
    }

    /// The report as a flat summary that can be stored compactly: every
    /// getter, with the certificate and the `i2d` bytes as SHA-256.
    pub fn summary(&self) -> Map<String, Value> {
        let mut m = Map::new();
        match self {
            Report::Rejected => {
                m.insert("ok".into(), false.into());
            }
            Report::Accepted(a) => {
                m.insert("ok".into(), true.into());
                m.insert("consumed".into(), a.consumed.into());
                m.insert("time".into(), a.time.into());
                m.insert("timeout".into(), a.timeout.into());
                m.insert("protocol_version".into(), a.protocol_version.into());
                m.insert("cipher".into(), a.cipher.map_or(Value::Null, Value::from));
                m.insert("session_id".into(), hex(&a.session_id).into());
                m.insert("sid_ctx".into(), hex(&a.sid_ctx).into());
                m.insert("master_key".into(), hex(&a.master_key).into());
                m.insert("ticket_lifetime_hint".into(), a.ticket_lifetime_hint.into());
                m.insert("has_ticket".into(), a.has_ticket.into());
                m.insert("peer_sha256".into(), opt_sha256(a.peer.as_deref()));
                m.insert("i2d_sha256".into(), opt_sha256(a.i2d.as_deref()));
            }
        }
        m
    }
}

/// What our LibreSSL dialect says about `input`, as the [`Report::summary`]
/// LibreSSL's harness would give: `decode_with(.., DecodeOptions::dialect(
/// Dialect::LibreSsl))`, the getters as LibreSSL holds them once read at
/// [`NOW`] (an absent or zero time is now, an absent or zero timeout 3), and
/// `encode(.., Target::LibreSsl)`.
///
/// LibreSSL's i2d writes `[1]` with the clock d2i read when the input had no
/// (or a zero) `[1]`; our encoder leaves `[1]` out there (session-der's
/// `libressl::encode`), which LibreSSL reads back as the same "now". So
/// `i2d_sha256` is of our encoding of the session with its time set to
/// [`NOW`], and [`Ours::time_left_out`] says when that differs from our
/// plain encoding.
pub fn ours(input: &[u8]) -> Ours {
    use session_der::session_model::{Dialect, OwnedSession};
    use session_der::{decode_with, encode, DecodeOptions, Target};

    let mut m = Map::new();
    let d = match decode_with::<OwnedSession>(input, &DecodeOptions::dialect(Dialect::LibreSsl)) {
        Ok(d) => d,
        Err(e) => {
            m.insert("ok".into(), false.into());
            return Ours {
                summary: m,
                time_left_out: false,
                error: Some(e),
            };
        }
    };
    let s = d.session;
    let time = s.effective_time(NOW);
    let mut held = s.clone();
    held.set_time(Some(time));
    let plain = encode(&s, Target::LibreSsl).ok();
    let i2d = encode(&held, Target::LibreSsl).ok();
    // The certificate as LibreSSL holds it: i2d_X509 of what d2i_X509 read,
    // which is what our encoding carries in [3].
    let peer = match (&i2d, s.peer_certificate()) {
        (Some(der), Some(_)) => mutate::explicit_content(der, 3),
        (None, Some(raw)) => Some(raw.to_vec()),
        (_, None) => None,
    };
    m.insert("ok".into(), true.into());
    m.insert("consumed".into(), d.consumed.into());
    m.insert("time".into(), time.into());
    m.insert("timeout".into(), s.effective_timeout().into());
    m.insert(
        "protocol_version".into(),
        s.protocol_version().wire().into(),
    );
    m.insert("cipher".into(), s.cipher().code().into());
    m.insert("session_id".into(), hex(s.session_id()).into());
    m.insert(
        "sid_ctx".into(),
        hex(s.sid_ctx().unwrap_or_default()).into(),
    );
    m.insert("master_key".into(), hex(s.master_key().expose()).into());
    m.insert(
        "ticket_lifetime_hint".into(),
        s.ticket_lifetime_hint().unwrap_or(0).into(),
    );
    m.insert("has_ticket".into(), s.has_ticket().into());
    m.insert("peer_sha256".into(), opt_sha256(peer.as_deref()));
    m.insert(
        "i2d_sha256".into(),
        opt_sha256(i2d.as_deref().map(|v| v.as_slice())),
    );
    Ours {
        time_left_out: plain.as_deref() != i2d.as_deref(),
        summary: m,
        error: None,
    }
}

/// [`ours`]'s answer.
#[derive(Clone, Debug)]
pub struct Ours {
    /// As [`Report::summary`].
    pub summary: Map<String, Value>,
    /// Whether our plain `Target::LibreSsl` encoding leaves out the `[1]`
    /// LibreSSL writes with its clock (see [`ours`]).
    pub time_left_out: bool,
    /// Why we refused, when we did.
    pub error: Option<session_der::DecodeError>,
}

impl Ours {
    /// A refusal that is one of session-der's named deviations from
    /// LibreSSL (its README, "Known differences"): LibreSSL keeps an
    /// `ssl_version` up to `INT_MAX` and a verify result up to `LONG_MAX`,
    /// which the model's 16-bit protocol version and 32-bit verify result
    /// cannot hold, so we refuse them as `ErrorKind::Unrepresentable`.
    pub fn is_named_deviation(&self) -> bool {
        use session_der::session_model::Field;
        self.error.as_ref().is_some_and(|e| {
            matches!(e.kind(), session_der::ErrorKind::Unrepresentable)
                && matches!(e.field(), Field::ProtocolVersion | Field::VerifyResult)
        })
    }
}

/// LibreSSL's summary made comparable with [`ours`]: LibreSSL reports no
/// cipher for a suite it does not know (`SSL_SESSION_get0_cipher` is NULL),
/// where the model keeps the code; the code is in `i2d` either way, so an
/// unknown suite compares as the code our side read.
pub fn comparable(libressl: &Map<String, Value>, ours: &Map<String, Value>) -> Map<String, Value> {
    let mut m = libressl.clone();
    if m.get("cipher") == Some(&Value::Null) {
        if let Some(c) = ours.get("cipher") {
            m.insert("cipher".into(), c.clone());
        }
    }
    m
}

fn opt_sha256(b: Option<&[u8]>) -> Value {
    b.map_or(Value::Null, |b| sha256(b).into())
}

/// How `mutations.json` names an input: the first 8 bytes of its SHA-256,
/// in hex (enough to notice a changed generator).
pub fn input_hash(b: &[u8]) -> String {
    sha256(b)[..16].to_owned()
}

/// SHA-256 in hex.
pub fn sha256(b: &[u8]) -> String {
    hex(&Sha256::digest(b))
}

/// Lower-case hex.
pub fn hex(b: &[u8]) -> String {
    sslsession_testkit::hex(b)
}

/// Bytes from hex.
///
/// # Panics
/// On bad hex.
pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `testdata/libressl/`.
pub fn testdata_dir() -> PathBuf {
    sslsession_testkit::workspace_root().join("testdata/libressl")
}

/// One recorded session: its bytes and LibreSSL's report.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The file name without `.der`.
    pub name: String,
    /// The session as LibreSSL's `i2d_SSL_SESSION` wrote it.
    pub der: Vec<u8>,
    /// The recorded `NAME.json`, whole.
    pub json: Value,
    /// LibreSSL's report on `der`.
    pub report: Report,
}

/// Every session of `testdata/libressl/`, sorted by name.
///
/// # Panics
/// When the directory cannot be read or holds no session.
pub fn recorded() -> Vec<Recorded> {
    let dir = testdata_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".der").map(str::to_owned)
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no sessions in {}", dir.display());
    names
        .into_iter()
        .map(|name| {
            let der = std::fs::read(dir.join(format!("{name}.der"))).expect("read .der");
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect(".json");
            let json: Value = serde_json::from_str(&text).expect("JSON");
            let report = Report::from_json(&json);
            Recorded {
                name,
                der,
                json,
                report,
            }
        })
        .collect()
}

/// The sessions the malformed inputs are derived from (names in
/// `testdata/libressl/`): a client's with certificate, ticket and `[6]`, a
/// server's with the client certificate, `[5]` and `[6]`, a small server one
/// and a TLS 1.3 one (empty master key).
pub const MUTATION_BASES: [&str; 4] = [
    "tls12-ticket-client",
    "tls12-clientcert-alpn-server",
    "tls12-cache-server",
    "tls13-client",
];

/// `testdata/libressl/mutations.json`: LibreSSL's verdict on each malformed
/// input, stored as the difference from its base session's summary.
pub fn mutations_file() -> PathBuf {
    testdata_dir().join("mutations.json")
}

/// One malformed input and LibreSSL's full summary of it.
#[derive(Clone, Debug)]
pub struct Expected {
    /// The base session's name.
    pub base: String,
    /// The mutation's name ([`mutate::mutations`]).
    pub name: String,
    /// The input.
    pub input: Vec<u8>,
    /// LibreSSL's summary ([`Report::summary`]).
    pub summary: Map<String, Value>,
}

/// The malformed inputs with LibreSSL's recorded verdicts: the base sessions'
/// mutations, each checked against the recording's input hash, its summary
/// rebuilt from the base's.
///
/// # Panics
/// When the recording is missing or does not match the inputs the generator
/// makes now (re-record with `RECORD=1`, see README.md).
pub fn expected_mutations() -> Vec<Expected> {
    let path = mutations_file();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let recorded: Value = serde_json::from_str(&text).expect("mutations.json");
    assert_eq!(
        recorded["now"].as_i64(),
        Some(NOW),
        "recorded with another clock"
    );
    let entries = recorded["entries"].as_array().expect("entries");
    let sessions = recorded_by_name();
    let mut out = Vec::new();
    let mut i = 0;
    for base in MUTATION_BASES {
        let session = &sessions[base];
        let base_summary = session.report.summary();
        for (name, input) in mutate::mutations(&session.der) {
            let entry = entries
                .get(i)
                .unwrap_or_else(|| panic!("{}: fewer entries than inputs", path.display()));
            i += 1;
            assert_eq!(entry["base"].as_str(), Some(base), "entry {i}: base");
            assert_eq!(
                entry["name"].as_str(),
                Some(name.as_str()),
                "entry {i}: name"
            );
            assert_eq!(
                entry["input"].as_str(),
                Some(input_hash(&input).as_str()),
                "{base} {name}: the generator's input differs from the recorded one"
            );
            let mut summary = if entry["diff"]["ok"] == Value::Bool(false) {
                Map::new()
            } else {
                base_summary.clone()
            };
            for (k, v) in entry["diff"].as_object().expect("diff") {
                summary.insert(k.clone(), v.clone());
            }
            out.push(Expected {
                base: base.to_owned(),
                name,
                input,
                summary,
            });
        }
    }
    assert_eq!(
        i,
        entries.len(),
        "{}: more entries than inputs",
        path.display()
    );
    out
}

/// The difference of `summary` from `base` (the keys whose values differ;
/// just `ok: false` for a rejection).
pub fn diff(base: &Map<String, Value>, summary: &Map<String, Value>) -> Map<String, Value> {
    if summary.get("ok") == Some(&Value::Bool(false)) {
        return summary.clone();
    }
    summary
        .iter()
        .filter(|(k, v)| base.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The recorded sessions by name.
pub fn recorded_by_name() -> std::collections::BTreeMap<String, Recorded> {
    recorded()
        .into_iter()
        .map(|r| (r.name.clone(), r))
        .collect()
}

/// The comparisons of many inputs, counted.
#[derive(Debug, Default)]
pub struct Tally {
    /// Accepted by both, with equal values and i2d bytes.
    pub accepted: usize,
    /// Refused by both.
    pub refused: usize,
    /// Of `accepted`: our plain encoding has no `[1]` where LibreSSL's has
    /// its clock (see [`ours`]).
    pub time_left_out: usize,
    /// LibreSSL accepts, we refuse as a named deviation
    /// ([`Ours::is_named_deviation`]).
    pub named_deviations: usize,
    /// The other disagreements, described.
    pub disagreements: Vec<String>,
}

impl Tally {
    /// Compares our answer on `input` with LibreSSL's summary of it.
    pub fn add(&mut self, name: &str, input: &[u8], libressl: &Map<String, Value>) {
        let ours = ours(input);
        let libressl = comparable(libressl, &ours.summary);
        let libressl_accepts = libressl.get("ok") == Some(&Value::Bool(true));
        if ours.summary == libressl {
            if libressl_accepts {
                self.accepted += 1;
                self.time_left_out += usize::from(ours.time_left_out);
            } else {
                self.refused += 1;
            }
        } else if libressl_accepts && ours.is_named_deviation() {
            self.named_deviations += 1;
        } else {
            let why = ours
                .error
                .as_ref()
                .map_or_else(String::new, |e| format!(" ({e})"));
            self.disagreements.push(format!(
                "{name}: LibreSSL {}\n    ours {}{why}\n    input {}",
                Value::Object(libressl),
                Value::Object(ours.summary),
                hex(input)
            ));
        }
    }

    /// How many inputs were compared.
    pub fn total(&self) -> usize {
        self.accepted + self.refused + self.named_deviations + self.disagreements.len()
    }

    /// One line of counts.
    pub fn counts(&self) -> String {
        format!(
            "{} inputs: {} agree with LibreSSL {VERSION} ({} accepted with equal values and i2d \
             bytes, {} refused by both; {} of the accepted have no [1] in our plain encoding \
             where LibreSSL's i2d writes its clock), {} named deviations (we refuse as \
             Unrepresentable what LibreSSL accepts), {} disagree",
            self.total(),
            self.accepted + self.refused,
            self.accepted,
            self.refused,
            self.time_left_out,
            self.named_deviations,
            self.disagreements.len()
        )
    }

    /// Fails, listing them, when there are disagreements.
    ///
    /// # Panics
    /// As said.
    pub fn assert_agree(&self, what: &str) {
        assert!(
            self.disagreements.is_empty(),
            "{what}: {} disagreements with LibreSSL {VERSION}:\n{}",
            self.disagreements.len(),
            self.disagreements.join("\n")
        );
    }
}
