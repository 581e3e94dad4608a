//! ASN.1 INTEGERs as OpenSSL holds them: a sign and a big-endian magnitude
//! (`c2i_ASN1_INTEGER`), read back with `ASN1_INTEGER_get` and printed with
//! `i2s_ASN1_INTEGER`.

/// An INTEGER's sign and minimal magnitude.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Integer {
    pub negative: bool,
    /// Big-endian, without leading zero bytes (empty for zero).
    pub magnitude: Vec<u8>,
}

impl Integer {
    /// From DER content bytes (two's complement). OpenSSL keeps `00` for
    /// zero as a one-byte magnitude; so does this.
    pub fn from_content(content: &[u8]) -> Self {
        let negative = content.first().is_some_and(|&b| b & 0x80 != 0);
        let mut magnitude: Vec<u8> = if negative {
            // Two's complement negation: invert and add one.
            let mut bytes: Vec<u8> = content.iter().map(|b| !b).collect();
            for byte in bytes.iter_mut().rev() {
                let (sum, carry) = byte.overflowing_add(1);
                *byte = sum;
                if !carry {
                    break;
                }
            }
            bytes
        } else {
            content.to_vec()
        };
        let leading = magnitude.iter().take_while(|&&b| b == 0).count();
        let keep_one_zero = leading == magnitude.len() && !magnitude.is_empty();
        magnitude.drain(..leading - usize::from(keep_one_zero));
        Integer {
            negative,
            magnitude,
        }
    }

    /// `ASN1_INTEGER_get`: the value as a C `long`, or -1 when it does not
    /// fit (OpenSSL's error value, indistinguishable from a real -1).
    pub fn get_long(&self) -> i64 {
        if self.magnitude.len() > 8 {
            return -1;
        }
        let value = self
            .magnitude
            .iter()
            .fold(0u64, |n, &b| (n << 8) | u64::from(b));
        if self.negative {
            if value <= 1 << 63 {
                0i64.wrapping_sub_unsigned(value)
            } else {
                -1
            }
        } else {
            i64::try_from(value).unwrap_or(-1)
        }
    }

    /// `i2s_ASN1_INTEGER`: decimal below 128 bits, else `0x` and uppercase
    /// hex (`BN_bn2hex`: whole bytes, no leading zero byte); `-` in front of
    /// either when negative (`-0x…`).
    pub fn to_openssl_string(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        let digits = self
            .magnitude
            .iter()
            .skip_while(|&&b| b == 0)
            .copied()
            .collect::<Vec<u8>>();
        let bits = digits.first().map_or(0, |&top| {
            (digits.len() - 1) * 8 + (8 - top.leading_zeros() as usize)
        });
        if bits < 128 {
            let value = digits.iter().fold(0u128, |n, &b| (n << 8) | u128::from(b));
            // BN_bn2dec prints zero as "0" and never "-0".
            if value == 0 {
                return "0".to_string();
            }
            format!("{sign}{value}")
        } else {
            let hex: String = digits.iter().map(|b| format!("{b:02X}")).collect();
            format!("{sign}0x{hex}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_to_sign_and_magnitude() {
        assert_eq!(Integer::from_content(&[0x00, 0x80]).magnitude, vec![0x80]);
        let minus_256 = Integer::from_content(&[0xFF, 0x00]);
        assert!(minus_256.negative);
        assert_eq!(minus_256.magnitude, vec![0x01, 0x00]);
        assert_eq!(minus_256.get_long(), -256);
        assert_eq!(Integer::from_content(&[0x00]).magnitude, vec![0x00]);
    }

    #[test]
    fn long_range_follows_asn1_integer_get() {
        let mut min = vec![0x80];
        min.extend([0; 7]);
        assert_eq!(Integer::from_content(&min).get_long(), i64::MIN);
        let mut too_big = vec![0x00, 0x80];
        too_big.extend([0; 7]);
        assert_eq!(Integer::from_content(&too_big).get_long(), -1);
    }

    #[test]
    fn i2s_switches_to_hex_at_128_bits() {
        let mut below = vec![0x7F];
        below.extend([0xFF; 15]);
        assert_eq!(
            Integer::from_content(&below).to_openssl_string(),
            u128::MAX.checked_shr(1).unwrap().to_string()
        );
        let mut at = vec![0x00, 0x80];
        at.extend([0x00; 15]);
        assert_eq!(
            Integer::from_content(&at).to_openssl_string(),
            format!("0x80{}", "00".repeat(15))
        );
        assert_eq!(Integer::from_content(&[0xFF]).to_openssl_string(), "-1");
    }
}
