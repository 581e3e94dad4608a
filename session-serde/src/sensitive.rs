//! Fields that a redacted record masks: the master key, the ticket, the PSK identities.

use std::fmt;

use serde::de::{self, Deserializer, EnumAccess, MapAccess, VariantAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::octets::{deserialize_bytes, serialize_bytes, to_hex};

/// A field a redacted record may mask: the value, or only its length.
///
/// | form | human-readable (JSON) | binary (CBOR, MessagePack, postcard) |
/// | --- | --- | --- |
/// | value | `"a1b2…"` (lowercase hex) | enum variant `value` holding a byte string |
/// | redacted | `{"redacted": 48}` | enum variant `redacted` holding the length |
///
/// The value is held in a buffer wiped on drop, and `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub enum Sensitive {
    /// The bytes.
    Value(Zeroizing<Vec<u8>>),
    /// Masked: only the length is recorded.
    Redacted {
        /// Length of the masked value in bytes.
        len: u64,
    },
}

impl Sensitive {
    /// Wraps bytes (copied into a buffer that is wiped on drop).
    pub fn value(bytes: &[u8]) -> Self {
        Sensitive::Value(Zeroizing::new(bytes.to_vec()))
    }

    /// The masked form of `bytes`.
    pub fn redacted(bytes: &[u8]) -> Self {
        Sensitive::Redacted {
            len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        }
    }

    /// The bytes, unless masked.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Sensitive::Value(v) => Some(v.as_slice()),
            Sensitive::Redacted { .. } => None,
        }
    }

    /// Whether the value is masked.
    pub fn is_redacted(&self) -> bool {
        matches!(self, Sensitive::Redacted { .. })
    }

    /// The length of the value, masked or not.
    pub fn len(&self) -> u64 {
        match self {
            Sensitive::Value(v) => u64::try_from(v.len()).unwrap_or(u64::MAX),
            Sensitive::Redacted { len } => *len,
        }
    }

    /// Whether the value is empty (zero length), masked or not.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sensitive::Value(v) => write!(f, "Sensitive({} bytes)", v.len()),
            Sensitive::Redacted { len } => write!(f, "Redacted({len} bytes)"),
        }
    }
}

const NAME: &str = "Sensitive";
const VARIANTS: &[&str] = &["value", "redacted"];
const REDACTED_KEY: &str = "redacted";

struct AsBytes<'a>(&'a [u8]);

impl Serialize for AsBytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_bytes(self.0, s)
    }
}

struct ZBytes(Zeroizing<Vec<u8>>);

impl<'de> Deserialize<'de> for ZBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_bytes(d).map(ZBytes)
    }
}

impl Serialize for Sensitive {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            match self {
                Sensitive::Value(v) => s.serialize_str(to_hex(v).as_str()),
                Sensitive::Redacted { len } => {
                    let mut m = s.serialize_map(Some(1))?;
                    m.serialize_entry(REDACTED_KEY, len)?;
                    m.end()
                }
            }
        } else {
            // Binary formats need a shape known before reading (postcard is not
            // self-describing), hence an enum rather than "bytes or map".
            match self {
                Sensitive::Value(v) => s.serialize_newtype_variant(NAME, 0, "value", &AsBytes(v)),
                Sensitive::Redacted { len } => {
                    s.serialize_newtype_variant(NAME, 1, REDACTED_KEY, len)
                }
            }
        }
    }
}

impl<'de> Deserialize<'de> for Sensitive {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            d.deserialize_any(HumanVisitor)
        } else {
            d.deserialize_enum(NAME, VARIANTS, BinaryVisitor)
        }
    }
}

struct HumanVisitor;

impl<'de> Visitor<'de> for HumanVisitor {
    type Value = Sensitive;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a hex string or {"redacted": <length>}"#)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Sensitive, E> {
        crate::octets::from_hex(v)
            .map(Sensitive::Value)
            .map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, mut v: String) -> Result<Sensitive, E> {
        let r = self.visit_str(&v);
        zeroize::Zeroize::zeroize(&mut v);
        r
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sensitive, A::Error> {
        let mut len = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != REDACTED_KEY {
                return Err(de::Error::unknown_field(&key, &[REDACTED_KEY]));
            }
            if len.is_some() {
                return Err(de::Error::duplicate_field(REDACTED_KEY));
            }
            len = Some(map.next_value::<u64>()?);
        }
        let len = len.ok_or_else(|| de::Error::missing_field(REDACTED_KEY))?;
        Ok(Sensitive::Redacted { len })
    }
}

struct BinaryVisitor;

impl<'de> Visitor<'de> for BinaryVisitor {
    type Value = Sensitive;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a `value` (byte string) or `redacted` (length) variant")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Sensitive, A::Error> {
        let (variant, access) = data.variant::<Variant>()?;
        match variant {
            Variant::Value => access
                .newtype_variant::<ZBytes>()
                .map(|z| Sensitive::Value(z.0)),
            Variant::Redacted => access
                .newtype_variant::<u64>()
                .map(|len| Sensitive::Redacted { len }),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Variant {
    Value,
    Redacted,
}
