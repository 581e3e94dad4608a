//! Byte fields: lowercase hex in human-readable formats, byte strings in binary ones.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

/// The bytes of a non-secret binary field of a [`Record`](crate::record::Record).
///
/// Serialised as a lowercase hex string when the format is human-readable
/// (`serde_json`, …) and as a byte string otherwise (CBOR, MessagePack,
/// postcard) — never as an array of integers. Hex input may use either case.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Octets(pub Vec<u8>);

impl Octets {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Octets {
    fn from(v: Vec<u8>) -> Self {
        Octets(v)
    }
}

impl From<&[u8]> for Octets {
    fn from(v: &[u8]) -> Self {
        Octets(v.to_vec())
    }
}

impl AsRef<[u8]> for Octets {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Octets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", to_hex(&self.0).as_str())
    }
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex, in a buffer wiped on drop (it may spell out a key).
pub(crate) fn to_hex(bytes: &[u8]) -> Zeroizing<String> {
    let mut s = Zeroizing::new(String::with_capacity(bytes.len().saturating_mul(2)));
    for &b in bytes {
        s.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        s.push(char::from(HEX_DIGITS[usize::from(b & 0x0F)]));
    }
    s
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Why a hex string was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HexError {
    OddLength(usize),
    BadDigit(usize),
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HexError::OddLength(n) => write!(f, "hex string has an odd length ({n} digits)"),
            HexError::BadDigit(at) => write!(f, "not a hex digit at position {at}"),
        }
    }
}

/// Decodes hex into a buffer wiped on drop, also when decoding fails half-way.
pub(crate) fn from_hex(s: &str) -> Result<Zeroizing<Vec<u8>>, HexError> {
    let digits = s.as_bytes();
    if digits.len() % 2 != 0 {
        return Err(HexError::OddLength(digits.len()));
    }
    let mut out = Zeroizing::new(Vec::with_capacity(digits.len() / 2));
    for (i, pair) in digits.chunks_exact(2).enumerate() {
        let hi = nibble(pair[0]).ok_or(HexError::BadDigit(2 * i))?;
        let lo = nibble(pair[1]).ok_or(HexError::BadDigit(2 * i + 1))?;
        out.push(hi << 4 | lo);
    }
    Ok(out)
}

/// Writes bytes as hex or as a byte string, by the format's kind.
pub(crate) fn serialize_bytes<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        s.serialize_str(to_hex(bytes).as_str())
    } else {
        s.serialize_bytes(bytes)
    }
}

/// Reads what [`serialize_bytes`] wrote, into a buffer wiped on drop.
pub(crate) fn deserialize_bytes<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Zeroizing<Vec<u8>>, D::Error> {
    if d.is_human_readable() {
        d.deserialize_str(BytesVisitor)
    } else {
        // `byte_buf`, not `bytes`: ciborium reads only short byte strings (≤ its
        // scratch buffer) through `deserialize_bytes`.
        d.deserialize_byte_buf(BytesVisitor)
    }
}

struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Zeroizing<Vec<u8>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a hex string (human-readable formats) or a byte string (binary formats)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        from_hex(v).map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, mut v: String) -> Result<Self::Value, E> {
        let r = from_hex(&v).map_err(E::custom);
        // The string may spell out a master key: wipe it before it is freed.
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

impl Serialize for Octets {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_bytes(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Octets {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut z = deserialize_bytes(d)?;
        // Not secret: move the bytes out of the wiping wrapper.
        Ok(Octets(std::mem::take(&mut *z)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_rejects_garbage() {
        let all: Vec<u8> = (0..=255).collect();
        let h = to_hex(&all);
        assert!(h.starts_with("000102"));
        assert!(h.ends_with("fdfeff"));
        assert_eq!(from_hex(&h).unwrap().as_slice(), all.as_slice());
        assert_eq!(from_hex("ABcd").unwrap().as_slice(), &[0xAB, 0xCD]);
        assert_eq!(from_hex("abc"), Err(HexError::OddLength(3)));
        assert_eq!(from_hex("0g"), Err(HexError::BadDigit(1)));
        assert_eq!(from_hex("é").map(|v| v.len()), Err(HexError::BadDigit(0)));
    }
}
