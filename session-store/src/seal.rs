//! Sealing at rest: every entry is encrypted and authenticated with
//! XChaCha20-Poly1305 under a key the application gives, named by a key id so
//! keys can rotate (the current key seals, every key in the ring opens).
//!
//! The sealed form, version 1:
//!
//! | bytes | what |
//! | --- | --- |
//! | 2 | `"SS"` |
//! | 1 | format version, 1 |
//! | 4 | key id, big-endian |
//! | 24 | random nonce |
//! | rest | ciphertext and 16-byte tag |
//!
//! The associated data is the 31-byte header followed by the entry's storage
//! key, so an entry moved to another key (another session id, another peer)
//! fails authentication like a damaged one.

use std::collections::BTreeMap;
use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

const MAGIC: &[u8; 2] = b"SS";
const FORMAT: u8 = 1;
/// Header length: magic, format, key id, nonce.
pub(crate) const HEADER_LEN: usize = 2 + 1 + 4 + NONCE_LEN;
const NONCE_LEN: usize = 24;
/// Poly1305 tag length.
pub(crate) const TAG_LEN: usize = 16;

/// A 256-bit sealing key. Wiped on drop; `Debug` shows nothing of it.
#[derive(Clone)]
pub struct SealingKey(Zeroizing<[u8; 32]>);

impl SealingKey {
    /// A key from its 32 bytes.
    pub fn new(bytes: [u8; 32]) -> Self {
        SealingKey(Zeroizing::new(bytes))
    }

    /// A key from a slice of exactly 32 bytes (e.g. read from a secrets file).
    ///
    /// # Errors
    /// [`SealError::KeyLength`] for any other length.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, SealError> {
        let array: [u8; 32] = bytes
            .try_into()
            .map_err(|_| SealError::KeyLength(bytes.len()))?;
        Ok(SealingKey::new(array))
    }

    /// A fresh random key from the operating system's generator.
    ///
    /// # Errors
    /// [`SealError::Random`] when the generator fails.
    pub fn generate() -> Result<Self, SealError> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(key.as_mut()).map_err(|_| SealError::Random)?;
        Ok(SealingKey(key))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_ref().into())
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealingKey(<redacted>)")
    }
}

/// The keys a store seals and opens with: one current key (seals and opens)
/// and any number of older ones (open only), each under a numeric id.
///
/// Rotation: give every process the new key as current and keep the old one
/// in the ring until the entries it sealed have expired (the longest session
/// timeout in use); then drop it. Entries sealed by a key no longer in the
/// ring are misses, counted as `unknown_key`.
#[derive(Clone)]
pub struct KeyRing {
    current: u32,
    keys: BTreeMap<u32, SealingKey>,
}

impl KeyRing {
    /// A ring whose current key is `key`, id `id`.
    pub fn new(id: u32, key: SealingKey) -> Self {
        KeyRing {
            current: id,
            keys: BTreeMap::from([(id, key)]),
        }
    }

    /// Adds an older key that still opens entries (it never seals).
    ///
    /// # Errors
    /// [`SealError::DuplicateKeyId`] when `id` is already in the ring.
    pub fn with_previous(mut self, id: u32, key: SealingKey) -> Result<Self, SealError> {
        if self.keys.contains_key(&id) {
            return Err(SealError::DuplicateKeyId(id));
        }
        self.keys.insert(id, key);
        Ok(self)
    }

    /// Makes `key` (id `id`) the current key; the former current key stays in
    /// the ring to open what it sealed.
    ///
    /// # Errors
    /// [`SealError::DuplicateKeyId`] when `id` is already in the ring.
    pub fn rotate(&mut self, id: u32, key: SealingKey) -> Result<(), SealError> {
        if self.keys.contains_key(&id) {
            return Err(SealError::DuplicateKeyId(id));
        }
        self.keys.insert(id, key);
        self.current = id;
        Ok(())
    }

    /// Removes an old key (entries it sealed become misses). The current key
    /// cannot be removed.
    pub fn retire(&mut self, id: u32) -> bool {
        id != self.current && self.keys.remove(&id).is_some()
    }

    /// The id of the key that seals.
    pub fn current_id(&self) -> u32 {
        self.current
    }

    /// The ids in the ring, ascending.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.keys.keys().copied()
    }

    /// Seals `plaintext` for storage under `storage_key`.
    pub(crate) fn seal(&self, storage_key: &str, plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        let key = self
            .keys
            .get(&self.current)
            .ok_or(SealError::UnknownKey(self.current))?;
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::getrandom(&mut nonce).map_err(|_| SealError::Random)?;
        let mut sealed = Vec::with_capacity(HEADER_LEN + plaintext.len() + TAG_LEN);
        sealed.extend_from_slice(MAGIC);
        sealed.push(FORMAT);
        sealed.extend_from_slice(&self.current.to_be_bytes());
        sealed.extend_from_slice(&nonce);
        let aad = associated_data(&sealed, storage_key);
        let ciphertext = key
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Cipher)?;
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    /// Opens an entry read from `storage_key`: its plaintext and its nonce
    /// (unique per sealing, the entry's identity), or why it cannot be trusted.
    pub(crate) fn open(
        &self,
        storage_key: &str,
        sealed: &[u8],
    ) -> Result<(Zeroizing<Vec<u8>>, [u8; NONCE_LEN]), OpenError> {
        if sealed.len() < HEADER_LEN + TAG_LEN {
            return Err(OpenError::Malformed("shorter than a sealed entry"));
        }
        let (header, ciphertext) = sealed.split_at(HEADER_LEN);
        if &header[..2] != MAGIC {
            return Err(OpenError::Malformed("not a sealed entry (magic)"));
        }
        if header[2] != FORMAT {
            return Err(OpenError::Malformed("unknown sealed format version"));
        }
        let id = u32::from_be_bytes([header[3], header[4], header[5], header[6]]);
        let key = self.keys.get(&id).ok_or(OpenError::UnknownKey(id))?;
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&header[7..HEADER_LEN]);
        let aad = associated_data(header, storage_key);
        let plaintext = key
            .cipher()
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| OpenError::Unauthentic)?;
        Ok((Zeroizing::new(plaintext), nonce))
    }
}

fn associated_data(header: &[u8], storage_key: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(HEADER_LEN + storage_key.len());
    aad.extend_from_slice(header);
    aad.extend_from_slice(storage_key.as_bytes());
    aad
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyRing")
            .field("current", &self.current)
            .field("ids", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// A key ring could not be built or used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SealError {
    /// A key must be 32 bytes; this many were given.
    KeyLength(usize),
    /// The id is already in the ring.
    DuplicateKeyId(u32),
    /// The current key id has no key (cannot happen through the public API).
    UnknownKey(u32),
    /// The operating system's random generator failed.
    Random,
    /// The cipher refused (input too long).
    Cipher,
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SealError::KeyLength(n) => write!(f, "a sealing key is 32 bytes, not {n}"),
            SealError::DuplicateKeyId(id) => write!(f, "key id {id} is already in the ring"),
            SealError::UnknownKey(id) => write!(f, "no key with id {id}"),
            SealError::Random => f.write_str("the system's random generator failed"),
            SealError::Cipher => f.write_str("the cipher refused the input"),
        }
    }
}

impl std::error::Error for SealError {}

/// Why a stored entry is not trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpenError {
    /// Too short, wrong magic or format.
    Malformed(&'static str),
    /// Sealed by a key id the ring does not hold (rotated out).
    UnknownKey(u32),
    /// Authentication failed: damaged, altered, or moved from another key.
    Unauthentic,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring() -> KeyRing {
        KeyRing::new(7, SealingKey::new([1; 32]))
    }

    #[test]
    fn sealed_entries_open_only_under_their_key_and_storage_key() {
        let r = ring();
        let sealed = r.seal("ns:s:{a}", b"secret session").expect("seal");
        assert_eq!(sealed.len(), HEADER_LEN + 14 + TAG_LEN);
        assert!(
            !sealed.windows(6).any(|w| w == b"secret"),
            "no plaintext in the entry"
        );
        let (plain, _) = r.open("ns:s:{a}", &sealed).expect("open");
        assert_eq!(plain.as_slice(), b"secret session");
        assert_eq!(
            r.open("ns:s:{b}", &sealed),
            Err(OpenError::Unauthentic),
            "moved to another key"
        );
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert!(
                r.open("ns:s:{a}", &bad).is_err(),
                "a flipped bit at {i} is caught"
            );
        }
        for len in 0..sealed.len() {
            assert!(
                r.open("ns:s:{a}", &sealed[..len]).is_err(),
                "truncated to {len}"
            );
        }
    }

    #[test]
    fn rotation_keeps_old_entries_readable_until_the_old_key_is_retired() {
        let mut r = ring();
        let old = r.seal("k", b"old").expect("seal");
        r.rotate(8, SealingKey::new([2; 32])).expect("rotate");
        let new = r.seal("k", b"new").expect("seal");
        assert_eq!(&new[3..7], &8u32.to_be_bytes(), "the new key seals");
        assert_eq!(r.open("k", &old).expect("old opens").0.as_slice(), b"old");
        assert!(r.retire(7));
        assert!(!r.retire(8), "the current key stays");
        assert_eq!(r.open("k", &old), Err(OpenError::UnknownKey(7)));
        // A ring with another key under the same id: unauthentic, not garbage.
        let other = KeyRing::new(8, SealingKey::new([3; 32]));
        assert_eq!(other.open("k", &new), Err(OpenError::Unauthentic));
    }

    #[test]
    fn keys_never_reach_debug() {
        let r = ring()
            .with_previous(3, SealingKey::new([0xAB; 32]))
            .expect("ring");
        let shown = format!("{r:?} {:?}", SealingKey::new([0xAB; 32]));
        assert!(
            !shown.contains("171") && !shown.to_lowercase().contains("ab, "),
            "{shown}"
        );
        assert_eq!(format!("{r:?}"), "KeyRing { current: 7, ids: [3, 7] }");
        assert_eq!(
            SealingKey::from_slice(&[0; 31]).err(),
            Some(SealError::KeyLength(31))
        );
    }
}
