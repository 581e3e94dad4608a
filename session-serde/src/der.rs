//! Sessions as their DER: `#[serde(with = "session_serde::der")]`.
//!
//! Human-readable formats get standard, padded base64 (the body of the PEM
//! form, without line breaks); binary formats get the raw bytes as a byte
//! string. Writing uses `Target::Auto` (a decoded session is written back
//! exactly as read, in its own dialect); reading uses the strict decoder
//! (OpenSSL's encoding) and, when that refuses the bytes, BoringSSL's and
//! then AWS-LC's decoders (`SSL_SESSION_from_bytes`: nothing may follow the
//! session). When none reads them, the strict decoder's error, with field and
//! offset, becomes the deserializer's error.
//!
//! A DER blob does not say which library wrote it: bytes OpenSSL's strict
//! decoder reads come back as an OpenSSL session (LibreSSL's sessions among
//! them: LibreSSL writes only elements OpenSSL has, at OpenSSL's tags), and
//! an AWS-LC session holding only elements BoringSSL shares as BoringSSL's;
//! `Target::Auto` writes them back unchanged either way. LibreSSL's own
//! decoder is not tried: it accepts any cipher code (it does not look the
//! code up), so it would take a corrupted OpenSSL blob for a LibreSSL
//! session. A [`Record`](crate::Record) keeps the dialect by name.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use session_model::OwnedSession;
//!
//! #[derive(Serialize, Deserialize)]
//! struct CacheEntry {
//!     peer: String,
//!     #[serde(with = "session_serde::der")]
//!     session: OwnedSession,
//! }
//! # let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/corpus/openssl-3.0/p00018-tls13-aes128gcm-client-t0.der")).unwrap();
//! # let session = session_der::decode_with::<session_der::OwnedSession>(&der, &Default::default()).unwrap().session;
//! let entry = CacheEntry { peer: "example.com:443".into(), session };
//! let json = serde_json::to_string(&entry).unwrap();
//! let back: CacheEntry = serde_json::from_str(&json).unwrap();
//! assert_eq!(back.session, entry.session);
//! ```

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use session_der::{decode_bytes, decode_with, encode, DecodeError, DecodeOptions, Decoded, Target};
use session_model::{ByteStorage, BytesSession, Dialect, OwnedSession, Session};
use zeroize::{Zeroize, Zeroizing};

/// A session type that can be read from DER by [`deserialize`].
pub trait FromDer: Sized {
    /// Decodes `der` (strict DER, exactly one session, in OpenSSL's,
    /// BoringSSL's or AWS-LC's encoding: see the module documentation).
    ///
    /// # Errors
    /// What every decoder tried rejects (reported as the strict decoder's error).
    fn from_der(der: Zeroizing<Vec<u8>>) -> Result<Self, DecodeError>;
}

/// The other libraries a blob is read as when OpenSSL's strict decoder
/// (what every version of this crate wrote with) refuses it: those whose
/// parsers are strict DER too (BoringSSL's and AWS-LC's CBS readers, as
/// `SSL_SESSION_from_bytes`: nothing may follow the session).
const OTHER_READERS: [Dialect; 2] = [Dialect::BoringSsl, Dialect::AwsLc];

/// OpenSSL's strict decoder, then [`OTHER_READERS`]; the strict decoder's
/// error when none reads the bytes.
fn read_any<S>(
    mut decode: impl FnMut(&DecodeOptions) -> Result<Decoded<S>, DecodeError>,
) -> Result<S, DecodeError> {
    let strict = match decode(&DecodeOptions::strict()) {
        Ok(d) => return Ok(d.session),
        Err(e) => e,
    };
    OTHER_READERS
        .iter()
        .find_map(|&d| decode(&DecodeOptions::dialect(d).allow_trailing(false)).ok())
        .map(|d| d.session)
        .ok_or(strict)
}

impl FromDer for OwnedSession {
    fn from_der(der: Zeroizing<Vec<u8>>) -> Result<Self, DecodeError> {
        read_any(|o| decode_with::<OwnedSession>(&der, o))
    }
}

impl FromDer for BytesSession {
    /// The session's fields share the DER buffer, which is wiped when the last
    /// field referring to it drops.
    fn from_der(mut der: Zeroizing<Vec<u8>>) -> Result<Self, DecodeError> {
        let shared = bytes::Bytes::from_owner(Zeroizing::new(std::mem::take(&mut *der)));
        read_any(|o| decode_bytes(&shared, o))
    }
}

/// Writes `session` as its DER (base64 or bytes, by the format's kind).
///
/// # Errors
/// A session over OpenSSL's limits (which could not be read back), or the
/// serializer's error.
pub fn serialize<B: ByteStorage, S: Serializer>(
    session: &Session<B>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let der = encode(session, Target::Auto).map_err(serde::ser::Error::custom)?;
    if serializer.is_human_readable() {
        let text = Zeroizing::new(STANDARD.encode(der.as_slice()));
        serializer.serialize_str(&text)
    } else {
        serializer.serialize_bytes(&der)
    }
}

/// Reads a session written by [`serialize`].
///
/// # Errors
/// Invalid base64, or a DER the strict decoder rejects (its message names the
/// field and the byte offset).
pub fn deserialize<'de, D: Deserializer<'de>, T: FromDer>(deserializer: D) -> Result<T, D::Error> {
    let der = if deserializer.is_human_readable() {
        deserializer.deserialize_str(DerVisitor)?
    } else {
        deserializer.deserialize_byte_buf(DerVisitor)?
    };
    T::from_der(der).map_err(|e| de::Error::custom(format_args!("session DER: {e}")))
}

struct DerVisitor;

impl<'de> Visitor<'de> for DerVisitor {
    type Value = Zeroizing<Vec<u8>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a session's DER: base64 text or a byte string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Reserve the whole output first so the buffer never reallocates and
        // leaves an unwiped copy of the key behind.
        let mut out = Zeroizing::new(Vec::with_capacity(base64::decoded_len_estimate(v.len())));
        STANDARD
            .decode_vec(v, &mut out)
            .map_err(|e| E::custom(format_args!("session DER: invalid base64: {e}")))?;
        Ok(out)
    }

    fn visit_string<E: de::Error>(self, mut v: String) -> Result<Self::Value, E> {
        let r = self.visit_str(&v);
        v.zeroize();
        r
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(Zeroizing::new(v.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        Ok(Zeroizing::new(v))
    }
}

/// The same for `Option<Session>`: `#[serde(with = "session_serde::der::option")]`.
pub mod option {
    use super::*;

    struct Wrap<'a, B: ByteStorage>(&'a Session<B>);

    impl<B: ByteStorage> Serialize for Wrap<'_, B> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            super::serialize(self.0, s)
        }
    }

    struct Owned<T>(T);

    impl<'de, T: FromDer> Deserialize<'de> for Owned<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize(d).map(Owned)
        }
    }

    /// Writes `None` as the format's null, `Some` as [`serialize`](super::serialize) does.
    ///
    /// # Errors
    /// As [`serialize`](super::serialize).
    pub fn serialize<B: ByteStorage, S: Serializer>(
        session: &Option<Session<B>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match session {
            Some(s) => serializer.serialize_some(&Wrap(s)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads what [`serialize`] wrote.
    ///
    /// # Errors
    /// As [`deserialize`](super::deserialize).
    pub fn deserialize<'de, D: Deserializer<'de>, T: FromDer>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        Ok(Option::<Owned<T>>::deserialize(deserializer)?.map(|o| o.0))
    }
}
