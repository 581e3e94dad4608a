//! The opaque, reference-counted session object behind `sslsession_session *`.

use std::ffi::CString;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use session_der::{decode_with, encode, DecodeOptions, Dialect, Target};
use session_model::{
    CipherSuite, Field, OpenSslVersion, Origin, OwnedSession, ProtocolVersion, ValueType, FIELDS,
    MAX_FRAGMENT_LENGTH_UNSPECIFIED,
};

use crate::lock::RwLock;

use crate::error::{
    pack, push, push_decode, SSLSESSION_ERR_LIB_USER, SSLSESSION_R_NO_CIPHER,
    SSLSESSION_R_WRONG_DIALECT,
};

/// An SSL/TLS session (`SSL_SESSION`). Opaque: C only ever holds a pointer.
///
/// Reference-counted like OpenSSL's: `sslsession_session_new` and
/// `sslsession_session_d2i` return it with one reference, `…_up_ref` adds
/// one, `…_free` drops one, and the last `…_free` wipes the master key and
/// releases the memory.
#[allow(non_camel_case_types)]
pub struct sslsession_session {
    _opaque: [u8; 0],
}

/// What a `sslsession_session *` points to (the pointer comes from
/// `Box::into_raw`).
///
/// The reference count is this struct's own rather than an `Arc`'s: the last
/// `Arc` drop synchronises through an acquire *fence*, which
/// ThreadSanitizer does not model (std's `Arc` switches to an acquire load
/// only in a std itself built with `-Zsanitizer=thread`, which a stable
/// toolchain cannot build: `race.sh`), so TSan reported the last free from
/// one thread against another thread's earlier getter. `fetch_sub(AcqRel)`
/// is the same `lock xadd` on x86-64 and is what TSan sees.
pub(crate) struct Handle {
    /// References held (`…_up_ref` adds one, `…_free` drops one).
    refs: AtomicUsize,
    state: RwLock<State>,
}

/// The session as one OpenSSL version holds it in memory after
/// `d2i_SSL_SESSION`; or, for a session in another library's dialect
/// (`session.dialect()`), as that library's `d2i_SSL_SESSION` read it.
pub(crate) struct State {
    /// The version whose rules an OpenSSL session follows: the default when
    /// it was read or made (`crate::version`). Its time and timeout are
    /// stored as that version holds them, and `i2d` writes
    /// `Target::OpenSsl(version)`. Unused by the other dialects' sessions.
    pub(crate) version: OpenSslVersion,
    /// Encoded with [`State::target`].
    pub(crate) session: OwnedSession,
    /// OpenSSL's `i2d` refuses a session whose cipher was never set
    /// (`cipher == NULL && cipher_id == 0`), e.g. a bare `SSL_SESSION_new()`.
    pub(crate) has_cipher: bool,
    /// NUL-terminated copies of the string fields, so `get0_hostname` & co can
    /// return `const char *`. Rebuilt only when the field changes, so a
    /// pointer handed out stays valid until the field itself is changed.
    c_strings: [Option<CString>; 4],
}

/// `SSL_SESSION_new()`'s timeout: `60 * 5 + 4` seconds (`ssl/ssl_sess.c`).
const NEW_SESSION_TIMEOUT: i64 = 60 * 5 + 4;
/// `SSL_SESSION_new()`'s verify result: 1, "avoid 0 (= X509_V_OK) just in case".
const NEW_SESSION_VERIFY_RESULT: i32 = 1;

/// Seconds since the epoch as `version`'s `d2i_SSL_SESSION` and
/// `SSL_SESSION_new` read the clock. 1.1.1 and 3.0 call `time(NULL)`
/// (`ssl/ssl_asn1.c`, `ssl/ssl_sess.c`), which glibc answers from the
/// clock's last tick: for up to a tick after a second begins it still says
/// the previous second. 3.2+ call `ossl_time_now()` (`gettimeofday`, the
/// precise clock). Reading the other clock made a time-less session read
/// through our library and through OpenSSL 3.0 at the same instant get
/// times a second apart (seen by the C differential test under load).
pub(crate) fn now(version: OpenSslVersion) -> i64 {
    if version <= OpenSslVersion::V3_0 {
        // SAFETY: `time` with a null pointer only returns the time; it
        // writes nothing.
        let t = unsafe { libc::time(std::ptr::null_mut()) };
        // `time_t` is 64 bits on every target the C suite runs on.
        #[allow(clippy::useless_conversion)]
        return i64::from(t);
    }
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn cut_at_nul(v: &mut Option<Vec<u8>>) {
    if let Some(b) = v {
        if let Some(i) = b.iter().position(|&c| c == 0) {
            b.truncate(i);
        }
    }
}

/// Which string field a C-string slot mirrors.
#[derive(Clone, Copy)]
pub(crate) enum StrField {
    Hostname = 0,
    PskIdentityHint = 1,
    PskIdentity = 2,
    SrpUsername = 3,
}

impl State {
    /// `SSL_SESSION_new()` of `version`: protocol version 0, no cipher, empty
    /// id and key, time now, timeout 304 s, verify result 1, max fragment
    /// length mode 255 (3.0+; `ssl/ssl_sess.c`, 1.1.1w leaves it 0); `[4]`
    /// and `[19]` present (OpenSSL 3 always writes them; the encoder leaves
    /// `[19]` out for 1.1.1, whose template has no `[19]`).
    pub(crate) fn new_like_openssl(version: OpenSslVersion) -> State {
        let mut s = OwnedSession::new(ProtocolVersion(0), CipherSuite(0));
        s.set_time(Some(version.seconds_as_held(now(version))));
        s.set_timeout(Some(version.seconds_as_held(NEW_SESSION_TIMEOUT)));
        s.set_verify_result(Some(NEW_SESSION_VERIFY_RESULT));
        // What `SSL_SESSION_new()` stores from 3.0 on (FORMAT.md §2.2;
        // 1.1.1w's leaves the zeroed 0).
        if version != OpenSslVersion::V1_1_1 {
            s.set_max_fragment_len_mode(Some(u32::from(MAX_FRAGMENT_LENGTH_UNSPECIFIED)));
        }
        State::with(version, s, false)
    }

    /// The object `version`'s `d2i_SSL_SESSION` builds from a session it
    /// decoded (`ssl/ssl_asn1.c`, FORMAT.md §5.3), so that getters and `i2d`
    /// answer what that version's would:
    /// absent or zero time ⇒ now, timeout ⇒ 3 s, both then held as the
    /// version holds them (`OpenSslTimes`: 3.2+ keep `OSSL_TIME`, whose
    /// conversion wraps); `[0]` key_arg dropped;
    /// strings cut at the first NUL (`OPENSSL_strndup`); flags kept as 32
    /// bits (`(int32_t)as->flags`); max fragment length mode as 8 bits
    /// (`uint8_t`); an absent `[4]` is an empty id context and an absent
    /// `[19]` group 0, both written back by `i2d`; the peer certificate's
    /// outer parts in DER, as `i2d_X509` writes them.
    ///
    /// A session of another dialect is kept as its library's decoder read
    /// it: its `i2d` is that library's writer (`Target::Auto`), which
    /// already writes what the library writes for a session it has read.
    pub(crate) fn from_decoded(d: OwnedSession, version: OpenSslVersion) -> State {
        if d.dialect() != Dialect::OpenSsl {
            return State::with(version, d, true);
        }
        let mut s = d;
        let times = s.openssl_times(version, now(version));
        s.set_time(Some(times.time));
        s.set_timeout(Some(times.timeout));
        s.set_key_arg(None);
        let mut strings = [
            s.hostname().map(<[u8]>::to_vec),
            s.psk_identity_hint().map(<[u8]>::to_vec),
            s.psk_identity().map(<[u8]>::to_vec),
            s.srp_username().map(<[u8]>::to_vec),
        ];
        strings.iter_mut().for_each(cut_at_nul);
        let [hostname, hint, identity, srp] = strings;
        s.set_hostname(hostname);
        s.set_psk_identity_hint(hint);
        s.set_psk_identity(identity);
        s.set_srp_username(srp);
        s.set_flags(Some(u64::from(s.effective_flags())));
        s.set_max_fragment_len_mode(Some(u32::from(s.effective_max_fragment_len_mode())));
        s.set_verify_result(Some(s.effective_verify_result()));
        if s.sid_ctx().is_none() {
            // Cannot fail: the empty context is within every limit.
            let _ = s.set_sid_ctx(Some(Vec::new()));
        }
        // 1.1.1 has no `[19]` (its d2i refuses one, so `d2i` never gives one).
        if s.kex_group().is_none() && version != OpenSslVersion::V1_1_1 {
            s.set_kex_group(Some(0));
        }
        s.set_origin(Origin::Built);
        State::with(version, s, true)
    }

    /// The session as `version` reads what this one's version writes
    /// (`sslsession_session_set_openssl_version`); `None` with an error
    /// queued when there is nothing to write (no cipher) or `version`
    /// refuses it.
    pub(crate) fn reread(&self, version: OpenSslVersion, func: &str) -> Option<State> {
        if self.session.dialect() != Dialect::OpenSsl {
            push(
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_WRONG_DIALECT),
                func,
                &format!(
                    "session: a {} session follows no OpenSSL version",
                    self.session.dialect().library()
                ),
            );
            return None;
        }
        if !self.has_cipher {
            push(
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_NO_CIPHER),
                func,
                "session: no cipher set, nothing to move",
            );
            return None;
        }
        let der = match encode(&self.session, Target::OpenSsl(self.version)) {
            Ok(der) => der,
            Err(e) => {
                push(
                    pack(
                        SSLSESSION_ERR_LIB_USER,
                        crate::error::SSLSESSION_R_VALUE_OUT_OF_RANGE,
                    ),
                    func,
                    &e.to_string(),
                );
                return None;
            }
        };
        match decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(version)) {
            Ok(d) => Some(State::from_decoded(d.session, version)),
            Err(e) => {
                push_decode(func, &e);
                None
            }
        }
    }

    /// What `i2d` writes: the session's OpenSSL version's `i2d_SSL_SESSION`,
    /// or for another dialect its library's writer (`Target::Auto` of a
    /// session in that dialect).
    pub(crate) fn target(&self) -> Target {
        if self.session.dialect() == Dialect::OpenSsl {
            Target::OpenSsl(self.version)
        } else {
            Target::Auto
        }
    }

    /// Seconds as the session holds them: as its OpenSSL version does
    /// (`OpenSslVersion::seconds_as_held`), as given for another dialect.
    pub(crate) fn held(&self, seconds: i64) -> i64 {
        if self.session.dialect() == Dialect::OpenSsl {
            self.version.seconds_as_held(seconds)
        } else {
            seconds
        }
    }

    /// The first field that holds a value its dialect does not store (a
    /// setter just gave it one), which is then removed again; `None` when
    /// every value is one the dialect keeps.
    pub(crate) fn drop_foreign_field(&mut self) -> Option<Field> {
        let dialect = self.session.dialect();
        let spec = FIELDS
            .iter()
            .find(|spec| !spec.is_in(dialect) && self.session.get(spec.field).is_some())?;
        // Removing a value cannot fail for an optional field of the right kind.
        let _ = if spec.value == ValueType::Bytes {
            self.session.set_bytes(spec.field, None)
        } else {
            self.session.set_int(spec.field, None)
        };
        Some(spec.field)
    }

    fn with(version: OpenSslVersion, session: OwnedSession, has_cipher: bool) -> State {
        let mut st = State {
            version,
            session,
            has_cipher,
            c_strings: [None, None, None, None],
        };
        st.sync_c_strings();
        st
    }

    /// A deep copy (`SSL_SESSION_dup`).
    pub(crate) fn duplicate(&self) -> State {
        State::with(self.version, self.session.clone(), self.has_cipher)
    }

    fn field(&self, f: StrField) -> Option<&[u8]> {
        match f {
            StrField::Hostname => self.session.hostname(),
            StrField::PskIdentityHint => self.session.psk_identity_hint(),
            StrField::PskIdentity => self.session.psk_identity(),
            StrField::SrpUsername => self.session.srp_username(),
        }
    }

    /// Brings the C-string copies in line with the fields, touching only the
    /// ones whose bytes changed.
    pub(crate) fn sync_c_strings(&mut self) {
        for f in [
            StrField::Hostname,
            StrField::PskIdentityHint,
            StrField::PskIdentity,
            StrField::SrpUsername,
        ] {
            let wanted = self.field(f).map(|b| {
                let cut = b.iter().position(|&c| c == 0).map_or(b, |i| &b[..i]);
                cut.to_vec()
            });
            let slot = &mut self.c_strings[f as usize];
            let current = slot.as_ref().map(|c| c.as_bytes());
            if current != wanted.as_deref() {
                // `wanted` has no NUL (cut above), so `CString::new` cannot fail.
                *slot = wanted.and_then(|w| CString::new(w).ok());
            }
        }
    }

    /// The NUL-terminated copy of a string field.
    pub(crate) fn c_string(&self, f: StrField) -> Option<&CString> {
        self.c_strings[f as usize].as_ref()
    }
}

impl Handle {
    /// A new object with one reference, as a C pointer.
    pub(crate) fn into_raw(state: State) -> *mut sslsession_session {
        Box::into_raw(Box::new(Handle {
            refs: AtomicUsize::new(1),
            state: RwLock::new(state),
        }))
        .cast()
    }

    /// Reads the state, under the session's read lock.
    pub(crate) fn read(&self) -> impl Deref<Target = State> + '_ {
        self.state.read()
    }

    /// Writes the state, under the session's write lock. A panic while it is
    /// held unlocks it; every writer replaces whole values, so the state is
    /// never half-updated.
    pub(crate) fn write(&self) -> impl DerefMut<Target = State> + '_ {
        self.state.write()
    }
}

/// Borrows the object behind a C pointer; `None` for NULL.
///
/// # Safety
/// `p` is NULL or a pointer returned by this library whose reference the
/// caller still holds, for the whole lifetime `'a`.
pub(crate) unsafe fn handle<'a>(p: *const sslsession_session) -> Option<&'a Handle> {
    // SAFETY: non-NULL pointers come from `Handle::into_raw` (`Box::into_raw`)
    // and stay valid while the caller holds a reference (the contract above).
    unsafe { p.cast::<Handle>().as_ref() }
}

/// Adds a reference.
///
/// # Safety
/// As for [`handle`], non-NULL.
pub(crate) unsafe fn up_ref(p: *const sslsession_session) {
    // SAFETY: `p` came from `Box::into_raw` and the caller holds a reference,
    // so the session is alive.
    let h = unsafe { &*p.cast::<Handle>() };
    // Relaxed, as `Arc::clone`: a new reference comes from an existing one,
    // which already orders it after the session's creation.
    let old = h.refs.fetch_add(1, Ordering::Relaxed);
    // As `Arc`: a count this high means references are leaked in a loop;
    // wrapping to 0 would free a session still in use.
    if old > isize::MAX as usize {
        std::process::abort();
    }
}

/// Drops a reference; the last one drops the session, whose `Secret` wipes
/// the master key.
///
/// # Safety
/// As for [`handle`], non-NULL; the caller gives up its reference.
pub(crate) unsafe fn release(p: *const sslsession_session) {
    let h = p.cast::<Handle>().cast_mut();
    // SAFETY: `p` came from `Box::into_raw` and the caller still holds its
    // reference until the decrement below.
    let refs = unsafe { &(*h).refs };
    // AcqRel: the release half orders this thread's use of the session before
    // the decrement; the acquire half makes the last decrement see every
    // other thread's (OpenSSL's `CRYPTO_DOWN_REF` uses a release decrement and
    // an acquire fence, as `Arc` does).
    if refs.fetch_sub(1, Ordering::AcqRel) == 1 {
        // SAFETY: that was the last reference: no other thread can reach the
        // session any more, and it came from `Box::into_raw`.
        let boxed = unsafe { Box::from_raw(h) };
        // Taken and released once before the drop: every other thread's
        // access was under this lock, so the drop is ordered after them for
        // detectors that know only the lock (helgrind and DRD ignore atomic
        // counters).
        drop(boxed.state.write());
        drop(boxed);
    }
}
