//! How a session holds its byte fields: borrowed, shared or owned.

use std::borrow::Cow;

use bytes::Bytes;
use zeroize::Zeroize;

/// A container for a session's byte fields.
///
/// One [`Session`](crate::Session) type serves every storage form through this
/// trait, so the field list is written once:
///
/// | storage | what it is for |
/// | --- | --- |
/// | `&'a [u8]` | the zero-copy view a decoder returns: every field points into the input |
/// | [`Bytes`] | an owned zero-copy session: one shared buffer, no per-field allocation |
/// | `Vec<u8>` | an ordinary owned session, e.g. built from scratch |
/// | `Cow<'a, [u8]>` | borrowed where possible, owned where a BER input had to be reassembled |
pub trait ByteStorage: AsRef<[u8]> + Default {
    /// Overwrites the bytes with zeros where this storage owns them exclusively.
    ///
    /// Borrowed storage cannot be wiped (the caller owns it). A [`Bytes`] is
    /// wiped when it is the only handle to its buffer (a buffer shared with
    /// other handles belongs to them too): make a shared buffer with
    /// `Bytes::from_owner(zeroize::Zeroizing::new(vec))` to have it wiped when
    /// the last handle drops.
    fn wipe(&mut self);
}

impl ByteStorage for &[u8] {
    fn wipe(&mut self) {}
}

impl ByteStorage for Vec<u8> {
    fn wipe(&mut self) {
        self.zeroize();
    }
}

impl ByteStorage for Bytes {
    fn wipe(&mut self) {
        if let Ok(mut unique) = std::mem::take(self).try_into_mut() {
            unique[..].zeroize();
        }
    }
}

impl ByteStorage for Cow<'_, [u8]> {
    fn wipe(&mut self) {
        if let Cow::Owned(v) = self {
            v.zeroize();
        }
    }
}
