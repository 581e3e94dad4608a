//! Content rules: `c2i_ibuf` (`crypto/asn1/a_int.c`), the `x_int64.c`
//! integer types, `ossl_c2i_ASN1_OBJECT` (`a_object.c`),
//! `ossl_c2i_ASN1_BIT_STRING` (`a_bitstr.c`) and the length rules of
//! `asn1_ex_c2i` (`tasn_dec.c`).

use crate::error::Error;
use crate::tag;

/// An INTEGER's sign and magnitude, as `c2i_ibuf` computes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntContent {
    /// Whether the value is negative.
    pub negative: bool,
    /// Magnitude octets after the padding octet is removed (0 for an
    /// empty INTEGER).
    pub octets: usize,
    /// The magnitude, valid when `octets <= 16`.
    pub magnitude: u128,
}

/// `c2i_ibuf`: refuses empty content (unless `allow_empty`, for the
/// `x_int64.c` types, which read it as 0) and illegal padding — a `00`
/// before a clear high bit, or an `FF` before a set one unless every octet
/// after it is zero (`FF 00 … 00` is the most negative value of its length,
/// not padding) — and returns the sign and magnitude.
///
/// # Errors
/// [`Error::IllegalZeroContent`], [`Error::IllegalPadding`].
#[inline]
pub fn c2i_ibuf(c: &[u8], allow_empty: bool) -> Result<IntContent, Error> {
    c2i_ibuf_check(c, allow_empty)?;
    let Some(&b0) = c.first() else {
        return Ok(IntContent {
            negative: false,
            octets: 0,
            magnitude: 0,
        });
    };
    let negative = b0 & 0x80 != 0;
    // The check passed, so a leading 00, or an FF with a non-zero octet
    // after it, is a legal padding octet (its successor's high bit differs).
    let pad = c.len() > 1 && (b0 == 0 || (b0 == 0xFF && c[1..].iter().any(|&b| b != 0)));
    let body = if pad { &c[1..] } else { c };
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
    Ok(IntContent {
        negative,
        octets,
        magnitude,
    })
}

/// `c2i_ibuf`'s refusals alone, without the magnitude: empty content
/// (unless `allow_empty`) and illegal padding, a `00` before a clear high bit
/// or an `FF` before a set one. (`c2i_ibuf` also looks for a non-zero octet
/// after an `FF`, but an `FF` followed by a set high bit always has one, so
/// the second octet decides.)
///
/// This is also DER's rule (X.690 §8.3.2: the first nine bits of an INTEGER
/// are neither all ones nor all zeros), so a DER reader needs no variant of
/// its own: what OpenSSL refuses here is exactly what DER forbids.
///
/// # Errors
/// [`Error::IllegalZeroContent`], [`Error::IllegalPadding`].
#[inline(always)]
pub fn c2i_ibuf_check(c: &[u8], allow_empty: bool) -> Result<(), Error> {
    match c {
        [] if allow_empty => Ok(()),
        [] => Err(Error::IllegalZeroContent),
        [0x00, b, ..] if b & 0x80 == 0 => Err(Error::IllegalPadding),
        [0xFF, b, ..] if b & 0x80 != 0 => Err(Error::IllegalPadding),
        _ => Ok(()),
    }
}

/// The integer item types of `crypto/asn1/x_int64.c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntType {
    /// `UINT32` / `ZUINT32`.
    U32,
    /// `INT32` / `ZINT32`.
    I32,
    /// `UINT64` / `ZUINT64`.
    U64,
    /// `INT64` / `ZINT64`.
    I64,
}

/// `uint32_c2i` / `uint64_c2i` (`crypto/asn1/x_int64.c`) on what
/// [`c2i_ibuf`] read (with `allow_empty`): the "long_compat" acceptance of an
/// empty INTEGER as 0, at most 8 magnitude octets
/// (`ossl_c2i_uint64_int`), the type's range, and the two's-complement wrap
/// of a negative 64-bit magnitude (`utmp = 0 - utmp`).
///
/// # Errors
/// [`Error::TooLarge`], [`Error::TooSmall`], [`Error::IllegalNegativeValue`].
#[inline]
pub fn x_int64_c2i(v: IntContent, ty: IntType) -> Result<i128, Error> {
    if v.octets == 0 {
        return Ok(0);
    }
    if v.octets > 8 {
        return Err(Error::TooLarge);
    }
    let m = u64::try_from(v.magnitude).map_err(|_| Error::TooLarge)?;
    let signed = matches!(ty, IntType::I32 | IntType::I64);
    if !signed && v.negative {
        return Err(Error::IllegalNegativeValue);
    }
    match ty {
        IntType::U64 => Ok(i128::from(m)),
        IntType::I64 => {
            if !v.negative && m > i64::MAX as u64 {
                return Err(Error::TooLarge);
            }
            let u = if v.negative { 0u64.wrapping_sub(m) } else { m };
            Ok(i128::from(u as i64))
        }
        IntType::U32 => {
            if m > u64::from(u32::MAX) {
                return Err(Error::TooLarge);
            }
            Ok(i128::from(m))
        }
        IntType::I32 => {
            if v.negative {
                if m > 1u64 << 31 {
                    return Err(Error::TooSmall);
                }
                Ok(-i128::from(m))
            } else {
                if m > i32::MAX as u64 {
                    return Err(Error::TooLarge);
                }
                Ok(i128::from(m))
            }
        }
    }
}

/// `ossl_c2i_ASN1_OBJECT`: at least one octet, the last without its high
/// bit, and no sub-identifier starting with `0x80`.
///
/// # Errors
/// [`Error::InvalidObjectEncoding`].
#[inline]
pub fn c2i_object(c: &[u8]) -> Result<(), Error> {
    let ok = c.last().is_some_and(|&b| b & 0x80 == 0)
        && !c
            .iter()
            .enumerate()
            .any(|(i, &b)| b == 0x80 && (i == 0 || c[i - 1] & 0x80 == 0));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidObjectEncoding)
    }
}

/// An `ASN1_BIT_STRING` as `ossl_c2i_ASN1_BIT_STRING` reads it: the
/// unused-bits count and the bytes after it, whose last byte's unused bits
/// OpenSSL clears (here: on access).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BitString<'a> {
    unused: u8,
    bytes: &'a [u8],
}

/// `ossl_c2i_ASN1_BIT_STRING`: an unused-bits octet from 0 to 7, then the bytes.
///
/// # Errors
/// [`Error::InvalidBitString`] for empty content or more than 7 unused bits.
#[inline]
pub fn c2i_bit_string(c: &[u8]) -> Result<BitString<'_>, Error> {
    match c.split_first() {
        Some((&unused, bytes)) if unused < 8 => Ok(BitString { unused, bytes }),
        _ => Err(Error::InvalidBitString),
    }
}

impl<'a> BitString<'a> {
    /// The unused-bits count.
    #[inline]
    pub fn unused(&self) -> u8 {
        self.unused
    }

    /// The bytes after the unused-bits octet, as encoded (unused bits not cleared).
    #[inline]
    pub fn raw_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Whether any of the unused low bits of the last byte is set (OpenSSL
    /// clears them, so its bytes then differ from the encoding's).
    #[inline]
    pub fn unused_bits_set(&self) -> bool {
        self.bytes
            .last()
            .is_some_and(|&last| last & !(0xFFu8 << self.unused) != 0)
    }

    /// Whether the encoding is also DER (X.690 §11.2): unused bits zero, and
    /// no unused bits without bytes.
    #[inline]
    pub fn is_der(&self) -> bool {
        !self.unused_bits_set() && (self.unused == 0 || !self.bytes.is_empty())
    }

    /// The bytes as encoded when none of the unused bits is set (then they
    /// are the bytes OpenSSL keeps), else `None`.
    #[inline]
    pub fn bytes_if_clear(&self) -> Option<&'a [u8]> {
        (!self.unused_bits_set()).then_some(self.bytes)
    }

    /// The bytes OpenSSL keeps: the last one's unused bits cleared.
    pub fn cleared_bytes(&self) -> Vec<u8> {
        let mut bytes = self.bytes.to_vec();
        if let Some(last) = bytes.last_mut() {
            *last &= 0xFF << self.unused;
        }
        bytes
    }

    /// `ASN1_BIT_STRING_get_bit`: bit `n`, counting from the most
    /// significant bit of the first byte; unused bits read as clear.
    pub fn bit(&self, n: usize) -> bool {
        let Some(&byte) = self.bytes.get(n / 8) else {
            return false;
        };
        let byte = if n / 8 + 1 == self.bytes.len() {
            byte & (0xFFu8 << self.unused)
        } else {
            byte
        };
        byte & (0x80 >> (n % 8)) != 0
    }
}

/// The content-length rules of `asn1_ex_c2i` for a universal type `utype`:
/// a NULL is empty, a BOOLEAN one octet, a BMPString a whole number of
/// 2-octet characters, a UniversalString of 4-octet ones. Other types have
/// no such rule here (INTEGER, OBJECT and BIT STRING have their own `c2i`).
///
/// # Errors
/// [`Error::WrongLength`].
#[inline]
pub fn ex_c2i_check(utype: u32, c: &[u8]) -> Result<(), Error> {
    let ok = match utype {
        tag::NULL => c.is_empty(),
        tag::BOOLEAN => c.len() == 1,
        tag::BMPSTRING => c.len() % 2 == 0,
        tag::UNIVERSALSTRING => c.len() % 4 == 0,
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::WrongLength { tag: utype })
    }
}

/// The time lengths `asn1_ex_c2i` checks from OpenSSL 3.5 on (not in 3.0
/// or 1.1.1): a GeneralizedTime of at least 15 octets
/// (`ASN1_R_GENERALIZEDTIME_IS_TOO_SHORT`), a UTCTime of at least 13
/// (`ASN1_R_UTCTIME_IS_TOO_SHORT`), wherever a template reads one (an
/// X.509 validity time, an ANY holding one). Other types pass.
///
/// # Errors
/// [`Error::WrongLength`].
#[inline]
pub fn time_length_check(utype: u32, c: &[u8]) -> Result<(), Error> {
    let min = match utype {
        tag::GENERALIZEDTIME => 15,
        tag::UTCTIME => 13,
        _ => 0,
    };
    if c.len() >= min {
        Ok(())
    } else {
        Err(Error::WrongLength { tag: utype })
    }
}

/// The time rule of LibreSSL's template decoder (libcrypto
/// `asn1/tasn_dec.c` 1.89 calls `asn1_time_parse_cbs`, `asn1/a_time_tm.c`,
/// for every UTCTime and GeneralizedTime it reads — an X.509 validity time,
/// an ANY holding one; OpenSSL stores any octets there): a UTCTime must be
/// `YYMMDDHHMMSSZ` with a year before 2050 (YY < 50 is 20YY), a
/// GeneralizedTime `YYYYMMDDHHMMSSZ`; digits only, a real calendar date
/// (February 29 in Gregorian leap years), hour <= 23, minute and second
/// <= 59, `Z` and nothing after it. Other types pass.
///
/// # Errors
/// [`Error::InvalidTimeFormat`].
pub fn rfc5280_time_check(utype: u32, c: &[u8]) -> Result<(), Error> {
    let digits = |i: usize| -> Option<u32> {
        match c.get(i..i + 2)? {
            [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
                Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            }
            _ => None,
        }
    };
    let parsed = || -> Option<()> {
        let (year, at) = match utype {
            tag::GENERALIZEDTIME => (digits(0)? * 100 + digits(2)?, 4),
            tag::UTCTIME => {
                let yy = digits(0)?;
                (if yy < 50 { 2000 + yy } else { 1900 + yy }, 2)
            }
            _ => return Some(()),
        };
        let (month, day) = (digits(at)?, digits(at + 2)?);
        let (hour, minute, second) = (digits(at + 4)?, digits(at + 6)?, digits(at + 8)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1..=days).contains(&day)
            && hour <= 23
            && minute <= 59
            && second <= 59
            && c.get(at + 10..) == Some(b"Z");
        valid.then_some(())
    };
    parsed().ok_or(Error::InvalidTimeFormat)
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_times_are_refused() {
        use super::{tag, time_length_check};
        assert!(time_length_check(tag::GENERALIZEDTIME, b"20260101000000Z").is_ok());
        assert!(time_length_check(tag::GENERALIZEDTIME, b"2026010100000Z").is_err());
        assert!(time_length_check(tag::UTCTIME, b"260101000000Z").is_ok());
        assert!(time_length_check(tag::UTCTIME, b"2601010000Z").is_err());
        assert!(time_length_check(tag::OCTET_STRING, b"").is_ok());
    }

    use super::*;

    #[test]
    fn libressl_times() {
        // From asn1_time_parse_cbs (LibreSSL 4.3 a_time_tm.c) and the
        // verdicts recorded from LibreSSL 4.3.2 (testdata/libressl).
        let ok = |t: u32, s: &str| rfc5280_time_check(t, s.as_bytes()).is_ok();
        let (utc, gen) = (tag::UTCTIME, tag::GENERALIZEDTIME);
        assert!(ok(utc, "261203000000Z"));
        assert!(ok(utc, "000229000000Z")); // 2000 is a leap year
        assert!(ok(utc, "491231235959Z")); // 2049
        assert!(ok(gen, "20280229000000Z"));
        assert!(ok(gen, "19500101000000Z"));
        assert!(ok(gen, "20000229000000Z"));
        for bad in [
            "261303000000Z",
            "260003000000Z",
            "261200000000Z",
            "260431000000Z",
            "270229000000Z",
            "261203240000Z",
            "261203006000Z",
            "261203000060Z",
            "261203000000z",
            "2612030000Z",
            "261203000000+0100",
            "26120300000OZ",
            "",
            "2612030000000Z",
        ] {
            assert!(!ok(utc, bad), "{bad}");
        }
        for bad in [
            "21000229000000Z",
            "20261203000000.5Z",
            "202612030000Z",
            "20261203000000+0100",
            "261203000000Z",
        ] {
            assert!(!ok(gen, bad), "{bad}");
        }
        assert!(ok(tag::OCTET_STRING, "x"));
    }

    #[test]
    fn c2i_ibuf_refuses_padding_and_empty_content() {
        assert_eq!(c2i_ibuf(&[], false), Err(Error::IllegalZeroContent));
        assert_eq!(c2i_ibuf(&[], true).unwrap().octets, 0);
        assert_eq!(c2i_ibuf(&[0x00, 0x7F], false), Err(Error::IllegalPadding));
        assert_eq!(c2i_ibuf(&[0xFF, 0x80], false), Err(Error::IllegalPadding));
        assert_eq!(
            c2i_ibuf(&[0xFF, 0x80, 0x00], false),
            Err(Error::IllegalPadding)
        );
        assert!(c2i_ibuf(&[0xFF, 0x00], false).is_ok());
        assert!(c2i_ibuf(&[0x00, 0x80], false).is_ok());
        assert!(c2i_ibuf(&[0x00], false).is_ok());
    }

    /// The check alone refuses exactly what `c2i_ibuf` refuses.
    #[test]
    fn c2i_ibuf_check_agrees_with_c2i_ibuf() {
        let mut inputs: Vec<Vec<u8>> = vec![vec![]];
        for a in 0..=255u8 {
            inputs.push(vec![a]);
            for b in 0..=255u8 {
                inputs.push(vec![a, b]);
                if matches!(a, 0x00 | 0xFF) {
                    for c in [0x00, 0x01, 0x7F, 0x80, 0xFF] {
                        inputs.push(vec![a, b, c]);
                    }
                }
            }
        }
        for c in &inputs {
            for allow_empty in [false, true] {
                assert_eq!(
                    c2i_ibuf_check(c, allow_empty),
                    c2i_ibuf(c, allow_empty).map(drop),
                    "{c:02X?}"
                );
            }
        }
        // X.690 §8.3.2: the first nine bits neither all zero nor all one.
        assert_eq!(
            c2i_ibuf_check(&[0x00, 0x7F], false),
            Err(Error::IllegalPadding)
        );
        assert_eq!(
            c2i_ibuf_check(&[0xFF, 0x80], false),
            Err(Error::IllegalPadding)
        );
        assert!(c2i_ibuf_check(&[0xFF, 0x7F], false).is_ok());
        assert!(c2i_ibuf_check(&[0x00, 0x80], false).is_ok());
    }

    #[test]
    fn c2i_ibuf_magnitudes() {
        let v = c2i_ibuf(&[0x00, 0x80], false).unwrap();
        assert_eq!((v.negative, v.octets, v.magnitude), (false, 1, 0x80));
        let v = c2i_ibuf(&[0xFF, 0x00], false).unwrap();
        assert_eq!((v.negative, v.octets, v.magnitude), (true, 2, 0x100));
        let v = c2i_ibuf(&[0xFF, 0x7F], false).unwrap();
        assert_eq!((v.negative, v.octets, v.magnitude), (true, 1, 0x81));
        let v = c2i_ibuf(&[0x80], false).unwrap();
        assert_eq!((v.negative, v.magnitude), (true, 0x80));
        let v = c2i_ibuf(&[0x01; 17], false).unwrap();
        assert_eq!((v.octets, v.magnitude), (17, 0));
    }

    fn int(c: &[u8], ty: IntType) -> Result<i128, Error> {
        x_int64_c2i(c2i_ibuf(c, true)?, ty)
    }

    #[test]
    fn x_int64_ranges() {
        assert_eq!(int(&[], IntType::I32), Ok(0));
        assert_eq!(
            int(&[0x7F, 0xFF, 0xFF, 0xFF], IntType::I32),
            Ok(2_147_483_647)
        );
        assert_eq!(int(&[0x80, 0, 0, 0], IntType::I32), Ok(-2_147_483_648));
        assert_eq!(
            int(&[0xFF, 0x7F, 0xFF, 0xFF, 0xFF], IntType::I32),
            Err(Error::TooSmall)
        );
        assert_eq!(
            int(&[0x00, 0x80, 0, 0, 0], IntType::I32),
            Err(Error::TooLarge)
        );
        assert_eq!(int(&[0x00, 0x80, 0, 0, 0], IntType::U32), Ok(0x8000_0000));
        assert_eq!(int(&[0xFF], IntType::U32), Err(Error::IllegalNegativeValue));
        assert_eq!(int(&[0x01, 0, 0, 0, 0], IntType::U32), Err(Error::TooLarge));
        let u64max = [0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        assert_eq!(int(&u64max, IntType::U64), Ok(i128::from(u64::MAX)));
        assert_eq!(int(&u64max, IntType::I64), Err(Error::TooLarge));
        assert_eq!(int(&[0x01; 9], IntType::U64), Err(Error::TooLarge));
        // utmp = 0 - utmp: the most negative value and beyond wrap.
        assert_eq!(
            int(&[0x80, 0, 0, 0, 0, 0, 0, 0], IntType::I64),
            Ok(i128::from(i64::MIN))
        );
        // -(2^63 + 1) wraps to i64::MAX.
        let below_min = [0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        assert_eq!(int(&below_min, IntType::I64), Ok(i128::from(i64::MAX)));
        // FF 00 … 00 is not padding: nine magnitude octets.
        let nine = [0xFF, 0x00, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(int(&nine, IntType::I64), Err(Error::TooLarge));
    }

    #[test]
    fn objects_follow_c2i_asn1_object() {
        assert!(c2i_object(&[]).is_err());
        assert!(c2i_object(&[0x2A, 0x86]).is_err());
        assert!(c2i_object(&[0x2A, 0x80, 0x01]).is_err());
        assert!(c2i_object(&[0x80, 0x01]).is_err());
        assert!(c2i_object(&[0x2A, 0x81, 0x80, 0x01]).is_ok());
        assert!(c2i_object(&[0x2A]).is_ok());
    }

    #[test]
    fn bit_string_clears_unused_bits() {
        let bits = c2i_bit_string(&[0x07, 0x81]).unwrap();
        assert!(bits.bit(0));
        assert!(!bits.bit(7));
        assert!(!bits.bit(8));
        assert_eq!(bits.cleared_bytes(), [0x80]);
        assert_eq!(bits.bytes_if_clear(), None);
        assert!(!bits.is_der());
        assert_eq!(
            c2i_bit_string(&[0x05]).unwrap().bytes_if_clear(),
            Some(&[][..])
        );
        assert!(!c2i_bit_string(&[0x05]).unwrap().is_der());
        assert!(c2i_bit_string(&[0x00]).unwrap().is_der());
        assert_eq!(
            c2i_bit_string(&[0x01, 0xFE]).unwrap().bytes_if_clear(),
            Some(&[0xFE][..])
        );
        assert_eq!(c2i_bit_string(&[0x08, 0x00]), Err(Error::InvalidBitString));
        assert_eq!(c2i_bit_string(&[]), Err(Error::InvalidBitString));
    }

    #[test]
    fn ex_c2i_lengths() {
        assert!(ex_c2i_check(tag::NULL, &[]).is_ok());
        assert_eq!(
            ex_c2i_check(tag::NULL, &[0]),
            Err(Error::WrongLength { tag: tag::NULL })
        );
        assert!(ex_c2i_check(tag::BOOLEAN, &[0xFF]).is_ok());
        assert!(ex_c2i_check(tag::BOOLEAN, &[]).is_err());
        assert!(ex_c2i_check(tag::BOOLEAN, &[0, 0]).is_err());
        assert!(ex_c2i_check(tag::BMPSTRING, &[0]).is_err());
        assert!(ex_c2i_check(tag::BMPSTRING, &[0, 0x41]).is_ok());
        assert!(ex_c2i_check(tag::UNIVERSALSTRING, &[0, 0]).is_err());
        assert!(ex_c2i_check(tag::UNIVERSALSTRING, &[0, 0, 0, 0x41]).is_ok());
        assert!(ex_c2i_check(tag::OCTET_STRING, &[0]).is_ok());
    }
}
