//! The master key / resumption PSK wrapper.

use std::fmt;

use crate::storage::ByteStorage;

/// Secret key material: wiped when dropped, never shown by `Debug`.
///
/// `Debug` prints only the length, so a session can be logged without leaking
/// its key. The bytes are reachable only through [`Secret::expose`], which makes
/// every read of the key visible in the code that does it.
pub struct Secret<B: ByteStorage>(B);

impl<B: ByteStorage> Secret<B> {
    /// Wraps key material.
    pub fn new(bytes: B) -> Self {
        Secret(bytes)
    }

    /// The key bytes.
    pub fn expose(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// The underlying storage (for conversions between storage forms).
    pub fn storage(&self) -> &B {
        &self.0
    }

    /// Takes the storage out, leaving an empty one to be wiped (for moving key
    /// material between storage forms without leaving a copy behind).
    pub fn into_inner(mut self) -> B {
        std::mem::take(&mut self.0)
    }

    /// The length of the key in bytes.
    pub fn len(&self) -> usize {
        self.0.as_ref().len()
    }

    /// Whether the key is empty (OpenSSL accepts an empty master key).
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_empty()
    }
}

impl<B: ByteStorage> Drop for Secret<B> {
    fn drop(&mut self) {
        self.0.wipe();
    }
}

impl<B: ByteStorage> fmt::Debug for Secret<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes, redacted)", self.len())
    }
}

impl<B: ByteStorage + Clone> Clone for Secret<B> {
    fn clone(&self) -> Self {
        Secret(self.0.clone())
    }
}

/// Constant-time comparison would be pointless for a value that is compared only in
/// tests and storage round-trips; plain equality is what callers expect here.
impl<B: ByteStorage> PartialEq for Secret<B> {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl<B: ByteStorage> Eq for Secret<B> {}
