//! OpenSSL's BER reading rules, reproduced: the header reader of
//! `ASN1_get_object` (`crypto/asn1/asn1_lib.c`), the end-of-contents test, and the
//! integer content rules of `c2i_ibuf` (`crypto/asn1/a_int.c`).
//!
//! These are what make OpenSSL lenient (indefinite and non-minimal lengths,
//! high-tag-number form) and where it is not (a header must leave room for
//! content, integers must be minimal). With `der` set, the same reader also
//! refuses every BER-only form, so strict callers share one code path.

use crate::error::ErrorKind;

/// Identifier class bits, as in the first identifier octet.
pub(crate) const UNIVERSAL: u8 = 0x00;
pub(crate) const CONTEXT: u8 = 0x80;

/// A parsed element header.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header {
    /// Tag number.
    pub tag: u32,
    /// Class bits (`0x00`, `0x40`, `0x80`, `0xC0`).
    pub class: u8,
    pub constructed: bool,
    pub indefinite: bool,
    /// Content length; for an indefinite length, what is left of the container.
    pub len: usize,
    /// Length of the identifier and length octets.
    pub header_len: usize,
    /// The first identifier octet, for error messages.
    pub first: u8,
}

/// `ASN1_get_object` on `data` (its length is OpenSSL's `omax`).
///
/// Quirks kept on purpose: the tag must be followed by at least one octet; a
/// long-form length needs one octet *beyond* its length octets (`asn1_get_length`:
/// `if (max < i + 1) return 0`); leading zero length octets are skipped before
/// the `sizeof(long)` limit is applied; high-tag numbers are not checked for
/// minimality.
pub(crate) fn get_object(data: &[u8], der: bool) -> Result<Header, ErrorKind> {
    let omax = data.len();
    let first = *data.first().ok_or(ErrorKind::BadHeader)?;
    let constructed = first & 0x20 != 0;
    let class = first & 0xC0;
    let mut p = 1usize;
    let mut max = omax - 1;
    if max == 0 {
        return Err(ErrorKind::BadHeader);
    }
    let tag = if first & 0x1F == 0x1F {
        let mut t: u64 = 0;
        let mut octets = 0;
        loop {
            let b = *data.get(p).ok_or(ErrorKind::BadHeader)?;
            p += 1;
            max -= 1;
            if max == 0 {
                return Err(ErrorKind::BadHeader);
            }
            octets += 1;
            if der && octets == 1 && b == 0x80 {
                return Err(ErrorKind::NonMinimalTag);
            }
            t = (t << 7) | u64::from(b & 0x7F);
            if b & 0x80 == 0 {
                break;
            }
            if t > (i32::MAX as u64 >> 7) {
                return Err(ErrorKind::BadHeader);
            }
        }
        if der && t < 31 {
            return Err(ErrorKind::NonMinimalTag);
        }
        u32::try_from(t).map_err(|_| ErrorKind::BadHeader)?
    } else {
        u32::from(first & 0x1F)
    };
    // asn1_get_length
    let l0 = *data.get(p).ok_or(ErrorKind::BadHeader)?;
    p += 1;
    max -= 1;
    let (len, indefinite) = if l0 == 0x80 {
        if der {
            return Err(ErrorKind::IndefiniteLength);
        }
        (0u64, true)
    } else if l0 & 0x80 != 0 {
        let mut i = usize::from(l0 & 0x7F);
        if max < i + 1 {
            return Err(ErrorKind::BadHeader);
        }
        let declared = i;
        while i > 0 && data.get(p) == Some(&0) {
            p += 1;
            i -= 1;
        }
        if i > 8 {
            return Err(ErrorKind::BadHeader);
        }
        let mut v: u64 = 0;
        for _ in 0..i {
            v = (v << 8) | u64::from(*data.get(p).ok_or(ErrorKind::BadHeader)?);
            p += 1;
        }
        if v > i64::MAX as u64 {
            return Err(ErrorKind::BadHeader);
        }
        if der && (declared != i || v < 0x80) {
            return Err(ErrorKind::NonMinimalLength);
        }
        (v, false)
    } else {
        (u64::from(l0), false)
    };
    if indefinite && !constructed {
        return Err(ErrorKind::BadHeader);
    }
    let available = omax - p;
    if len > available as u64 {
        return Err(ErrorKind::Truncated {
            needed: len,
            available,
        });
    }
    Ok(Header {
        tag,
        class,
        constructed,
        indefinite,
        len: if indefinite {
            available
        } else {
            usize::try_from(len).map_err(|_| ErrorKind::BadHeader)?
        },
        header_len: p,
        first,
    })
}

/// `asn1_check_eoc`: two zero octets.
pub(crate) fn is_eoc(data: &[u8]) -> bool {
    data.len() >= 2 && data[0] == 0 && data[1] == 0
}

/// An INTEGER's sign and magnitude, as `c2i_ibuf` computes them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IntValue {
    pub negative: bool,
    /// Magnitude octets after padding removal (0 for an empty INTEGER).
    pub octets: usize,
    /// The magnitude, valid when `octets <= 16`.
    pub magnitude: u128,
}

/// `c2i_ibuf`: rejects empty content (when `allow_empty` is false) and illegal
/// padding, and returns the magnitude.
pub(crate) fn int_content(c: &[u8], allow_empty: bool) -> Result<IntValue, ErrorKind> {
    let Some(&b0) = c.first() else {
        return if allow_empty {
            Ok(IntValue {
                negative: false,
                octets: 0,
                magnitude: 0,
            })
        } else {
            Err(ErrorKind::EmptyInteger)
        };
    };
    let negative = b0 & 0x80 != 0;
    let mut body = c;
    if c.len() > 1 {
        let pad = if b0 == 0 {
            true
        } else if b0 == 0xFF {
            // The minimal negative for its length (FF 00 … 00) is not padding.
            c[1..].iter().any(|&b| b != 0)
        } else {
            false
        };
        if pad {
            if negative == (c[1] & 0x80 != 0) {
                return Err(ErrorKind::NonMinimalInteger);
            }
            body = &c[1..];
        }
    }
    let octets = body.len();
    let mut magnitude: u128 = 0;
    if octets <= 16 {
        let mut raw: u128 = 0;
        for &b in body {
            raw = (raw << 8) | u128::from(b);
        }
        // A negative value's magnitude is 2^(8·octets) − raw, which is below
        // 2^(8·octets) (the top bit of raw is set), so masking the wrapped
        // negation to `octets` bytes gives it exactly.
        let mask = u128::MAX >> (8 * (16 - octets));
        magnitude = if negative {
            raw.wrapping_neg() & mask
        } else {
            raw
        };
    }
    Ok(IntValue {
        negative,
        octets,
        magnitude,
    })
}

/// The x_int64.c integer types OpenSSL's session template uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntType {
    /// `UINT32` / `ZUINT32`.
    U32,
    /// `INT32` / `ZINT32`.
    I32,
    /// `UINT64` / `ZUINT64`.
    U64,
    /// `INT64` / `ZINT64`.
    I64,
}

/// `uint32_c2i` / `uint64_c2i` from `crypto/asn1/x_int64.c`, including the
/// "long_compat" acceptance of an empty INTEGER as 0 and the two's-complement
/// wrap of a negative 64-bit magnitude (`utmp = 0 - utmp`).
pub(crate) fn session_int(v: IntValue, ty: IntType) -> Result<i128, ErrorKind> {
    if v.octets == 0 {
        return Ok(0);
    }
    // ossl_c2i_uint64_int: at most 8 magnitude octets.
    if v.octets > 8 {
        return Err(ErrorKind::IntegerTooLarge);
    }
    let m = u64::try_from(v.magnitude).map_err(|_| ErrorKind::IntegerTooLarge)?;
    let signed = matches!(ty, IntType::I32 | IntType::I64);
    if !signed && v.negative {
        return Err(ErrorKind::NegativeValue);
    }
    match ty {
        IntType::U64 => Ok(i128::from(m)),
        IntType::I64 => {
            if !v.negative && m > i64::MAX as u64 {
                return Err(ErrorKind::IntegerTooLarge);
            }
            let u = if v.negative { 0u64.wrapping_sub(m) } else { m };
            Ok(i128::from(u as i64))
        }
        IntType::U32 => {
            if m > u64::from(u32::MAX) {
                return Err(ErrorKind::IntegerTooLarge);
            }
            Ok(i128::from(m))
        }
        IntType::I32 => {
            if v.negative {
                if m > 1u64 << 31 {
                    return Err(ErrorKind::IntegerTooSmall);
                }
                Ok(-i128::from(m))
            } else {
                if m > i32::MAX as u64 {
                    return Err(ErrorKind::IntegerTooLarge);
                }
                Ok(i128::from(m))
            }
        }
    }
}
