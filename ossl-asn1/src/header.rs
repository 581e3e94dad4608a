//! The header reader of `ASN1_get_object` and `asn1_get_length`
//! (`crypto/asn1/asn1_lib.c`) and `asn1_check_eoc` (`crypto/asn1/tasn_dec.c`).

use crate::error::Error;

/// An element header as `ASN1_get_object` reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The tag number (a high-tag-number form decoded).
    pub tag: u32,
    /// The class bits of the first identifier octet (see [`class`](crate::class)).
    pub class: u8,
    /// Whether the constructed bit is set.
    pub constructed: bool,
    /// Whether the length is indefinite (`0x80`).
    pub indefinite: bool,
    /// The content length; for an indefinite length, every octet after the
    /// header (OpenSSL's `asn1_check_tlen` sets `plen` to that).
    pub len: usize,
    /// The length of the identifier and length octets.
    pub header_len: usize,
    /// The first identifier octet.
    pub first: u8,
}

/// Whether a long-form length's octets may end the data, which changed in
/// OpenSSL 3.6 (`asn1_get_length` in crypto/asn1/asn1_lib.c).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LongLength {
    /// Up to OpenSSL 3.5: `if (max < i + 1) return 0` — at least one octet
    /// must follow the length octets within the data, so `04 81 00` at the
    /// end of the data (or of its enclosing element) is refused.
    #[default]
    OctetMustFollow,
    /// From OpenSSL 3.6: `if (max < i)` — the length octets may end the data,
    /// so `04 81 00` there is an empty OCTET STRING.
    MayEndData,
    /// LibreSSL's `asn1_get_length_cbs` (libcrypto `asn1/asn1_lib.c`, 4.3):
    /// as [`MayEndData`](Self::MayEndData) (the length octets are read
    /// from the data, the content must fit), but a length of length 127 —
    /// first length octet `0xFF`, the value X.690 §8.1.3.5 c) reserves — is
    /// refused, where OpenSSL skips leading zero octets and reads it.
    LibreSsl,
}

/// `ASN1_get_object` on `data`, whose length is OpenSSL's `omax` (what the
/// enclosing data has left), as OpenSSL up to 3.5 reads it: [`get_object_with`]
/// and [`LongLength::OctetMustFollow`].
///
/// # Errors
/// As [`get_object_with`].
#[inline]
pub fn get_object(data: &[u8], der: bool) -> Result<Header, Error> {
    get_object_with(data, der, LongLength::OctetMustFollow)
}

/// `ASN1_get_object` on `data`, whose length is OpenSSL's `omax` (what the
/// enclosing data has left), with `long`'s rule for long-form lengths.
///
/// OpenSSL's quirks are kept: the identifier must be followed by at least one
/// octet; up to 3.5 a long-form length needs one octet *beyond* its length
/// octets (`asn1_get_length`: `if (max < i + 1) return 0`), so `30 81 00` at
/// the end of the data is refused and `30 81 00 FF` is read; leading zero length
/// octets are skipped before the `sizeof(long)` limit is applied; a tag
/// number is given up on once it passes `INT_MAX >> 7` before another octet
/// is shifted in; a high tag number below 31 is that tag.
///
/// With `der`, the BER-only forms are refused as well: indefinite lengths
/// ([`Error::IndefiniteLength`]), non-minimal lengths
/// ([`Error::NonMinimalLength`]) and non-minimal tag numbers
/// ([`Error::NonMinimalTag`]).
///
/// # Errors
/// [`Error::HeaderTooLong`] for a broken header, [`Error::TooLong`] when the
/// length runs past `data`, and the DER errors above.
#[inline]
pub fn get_object_with(data: &[u8], der: bool, long: LongLength) -> Result<Header, Error> {
    let omax = data.len();
    let first = *data.first().ok_or(Error::HeaderTooLong)?;
    let constructed = first & 0x20 != 0;
    let class = first & 0xC0;
    let mut p = 1usize;
    // `if (--max == 0) goto err` after every identifier octet.
    let mut max = omax - 1;
    if max == 0 {
        return Err(Error::HeaderTooLong);
    }
    let tag = if first & 0x1F == 0x1F {
        let mut t: u64 = 0;
        let mut octets = 0;
        loop {
            let b = *data.get(p).ok_or(Error::HeaderTooLong)?;
            p += 1;
            max -= 1;
            if max == 0 {
                return Err(Error::HeaderTooLong);
            }
            octets += 1;
            if der && octets == 1 && b == 0x80 {
                return Err(Error::NonMinimalTag);
            }
            t = (t << 7) | u64::from(b & 0x7F);
            if b & 0x80 == 0 {
                break;
            }
            if t > (i32::MAX as u64 >> 7) {
                return Err(Error::HeaderTooLong);
            }
        }
        if der && t < 31 {
            return Err(Error::NonMinimalTag);
        }
        u32::try_from(t).map_err(|_| Error::HeaderTooLong)?
    } else {
        u32::from(first & 0x1F)
    };
    // asn1_get_length
    let l0 = *data.get(p).ok_or(Error::HeaderTooLong)?;
    p += 1;
    max -= 1;
    let (len, indefinite) = if l0 == 0x80 {
        if der {
            return Err(Error::IndefiniteLength);
        }
        (0u64, true)
    } else if l0 & 0x80 != 0 {
        let mut i = usize::from(l0 & 0x7F);
        if i == 0x7F && long == LongLength::LibreSsl {
            return Err(Error::HeaderTooLong);
        }
        let room = match long {
            LongLength::OctetMustFollow => i + 1,
            LongLength::MayEndData | LongLength::LibreSsl => i,
        };
        if max < room {
            return Err(Error::HeaderTooLong);
        }
        let declared = i;
        while i > 0 && data.get(p) == Some(&0) {
            p += 1;
            i -= 1;
        }
        if i > 8 {
            return Err(Error::HeaderTooLong);
        }
        let mut v: u64 = 0;
        for _ in 0..i {
            v = (v << 8) | u64::from(*data.get(p).ok_or(Error::HeaderTooLong)?);
            p += 1;
        }
        if v > i64::MAX as u64 {
            return Err(Error::HeaderTooLong);
        }
        if der && (declared != i || v < 0x80) {
            return Err(Error::NonMinimalLength);
        }
        (v, false)
    } else {
        (u64::from(l0), false)
    };
    if indefinite && !constructed {
        return Err(Error::HeaderTooLong);
    }
    let available = omax - p;
    if len > available as u64 {
        return Err(Error::TooLong {
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
            usize::try_from(len).map_err(|_| Error::HeaderTooLong)?
        },
        header_len: p,
        first,
    })
}

/// The common DER headers, read straight: a one-octet identifier (tag
/// number below 31) and a short length or a minimal one- or two-octet long
/// form (`81 80`..`81 FF`, `82 01 00`..`82 FF FF`), the content within
/// `data`. `None` for everything else — other forms, DER violations,
/// truncation — which [`get_object`] with `der` then reads or refuses.
///
/// Where it returns a header it is the one `get_object(data, true)` returns
/// (the tests check every identifier octet against every length shape), so
/// a DER reader can try it first and keep `get_object` off its hot path.
#[inline(always)]
pub fn get_object_der_common(data: &[u8]) -> Option<Header> {
    let (first, header_len, content, _) = split_der_common(data)?;
    Some(Header {
        tag: u32::from(first & 0x1F),
        class: first & 0xC0,
        constructed: first & 0x20 != 0,
        indefinite: false,
        len: content.len(),
        header_len,
        first,
    })
}

/// [`get_object_der_common`] as slices, for a reader that walks its input
/// by splitting it: the identifier octet, the length of the header, the
/// content, and the octets after the element. (One bounds check per
/// element; a reader that re-slices by offsets makes two or three.)
#[inline(always)]
pub fn split_der_common(data: &[u8]) -> Option<(u8, usize, &[u8], &[u8])> {
    let (&first, rest) = data.split_first()?;
    if first & 0x1F == 0x1F {
        return None;
    }
    let (&l0, rest) = rest.split_first()?;
    // DER's minimal lengths (X.690 §10.1): a long form only from 0x80, with
    // no leading zero octet.
    let (len, header_len, rest) = match (l0, rest) {
        (0..=0x7F, _) => (usize::from(l0), 2, rest),
        (0x81, [l @ 0x80..=0xFF, rest @ ..]) => (usize::from(*l), 3, rest),
        (0x82, [a @ 1..=0xFF, b, rest @ ..]) => (usize::from(*a) << 8 | usize::from(*b), 4, rest),
        _ => return None,
    };
    let (content, after) = rest.split_at_checked(len)?;
    Some((first, header_len, content, after))
}

/// `asn1_check_eoc`: whether `data` starts with an end-of-contents marker
/// (two zero octets).
#[inline]
pub fn check_eoc(data: &[u8]) -> bool {
    data.len() >= 2 && data[0] == 0 && data[1] == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ber(data: &[u8]) -> Result<Header, Error> {
        get_object(data, false)
    }

    /// The content an element's header points at.
    fn content(data: &[u8]) -> &[u8] {
        let h = ber(data).unwrap();
        &data[h.header_len..h.header_len + h.len]
    }

    #[test]
    fn long_forms_with_leading_zeros_are_read() {
        assert_eq!(content(&[0x04, 0x82, 0x00, 0x01, 0xAA, 0xBB]), [0xAA]);
        assert_eq!(content(&[0x04, 0x81, 0x01, 0xAA]), [0xAA]);
        // Nine length octets of which one is significant: zeros skipped
        // before the sizeof(long) limit.
        let mut nine = vec![0x04, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xCC];
        assert_eq!(content(&nine), [0xCC]);
        nine[2] = 1;
        assert_eq!(ber(&nine), Err(Error::HeaderTooLong));
        // Above LONG_MAX.
        let big = [0x04, 0x88, 0x80, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(ber(&big), Err(Error::HeaderTooLong));
    }

    #[test]
    fn a_long_form_needs_an_octet_after_it() {
        // asn1_get_length's `max < i + 1`, up to 3.5; `max < i` from 3.6.
        assert_eq!(ber(&[0x30, 0x81, 0x00]), Err(Error::HeaderTooLong));
        let from_3_6 = |d: &[u8]| get_object_with(d, false, LongLength::MayEndData);
        assert_eq!(
            from_3_6(&[0x04, 0x81, 0x00]).map(|h| (h.len, h.header_len)),
            Ok((0, 3))
        );
        assert_eq!(from_3_6(&[0x04, 0x82, 0x00, 0x00]).map(|h| h.len), Ok(0));
        assert_eq!(from_3_6(&[0x04, 0x82, 0x00]), Err(Error::HeaderTooLong));
        assert_eq!(content(&[0x30, 0x81, 0x00, 0xFF]), [] as [u8; 0]);
    }

    #[test]
    fn libressl_refuses_a_length_of_length_127() {
        // 0xFF: 127 length octets, 126 of them leading zeros. OpenSSL skips
        // the zeros; LibreSSL's asn1_get_length_cbs refuses the reserved
        // value (X.690 §8.1.3.5 c)).
        let mut reserved = vec![0x04, 0xFF];
        reserved.extend_from_slice(&[0; 126]);
        reserved.extend_from_slice(&[0x01, 0xAA]);
        assert_eq!(content(&reserved), [0xAA]);
        let libressl = |d: &[u8]| get_object_with(d, false, LongLength::LibreSsl);
        assert_eq!(libressl(&reserved), Err(Error::HeaderTooLong));
        // 126 length octets are read, and the length octets may end the data.
        let mut ok = vec![0x04, 0xFE];
        ok.extend_from_slice(&[0; 125]);
        ok.extend_from_slice(&[0x01, 0xAA]);
        assert_eq!(libressl(&ok).map(|h| h.len), Ok(1));
        assert_eq!(libressl(&[0x04, 0x81, 0x00]).map(|h| h.len), Ok(0));
    }

    #[test]
    fn cut_short_and_too_long() {
        assert_eq!(ber(&[]), Err(Error::HeaderTooLong));
        assert_eq!(ber(&[0x04]), Err(Error::HeaderTooLong));
        assert_eq!(
            ber(&[0x04, 0x05, 0x00]),
            Err(Error::TooLong {
                needed: 5,
                available: 1
            })
        );
    }

    #[test]
    fn high_tag_numbers() {
        let h = ber(&[0x9F, 0x81, 0x00, 0x00]).unwrap();
        assert_eq!((h.tag, h.class, h.header_len), (128, 0x80, 4));
        // A number below 31 in the high form is that tag; DER refuses it.
        assert_eq!(ber(&[0x9F, 0x02, 0x01, 0x61]).unwrap().tag, 2);
        assert_eq!(ber(&[0x9F, 0x80, 0x02, 0x01, 0x61]).unwrap().tag, 2);
        assert_eq!(
            get_object(&[0x9F, 0x02, 0x01, 0x61], true),
            Err(Error::NonMinimalTag)
        );
        assert_eq!(
            get_object(&[0x9F, 0x80, 0x2A, 0x01, 0x61], true),
            Err(Error::NonMinimalTag)
        );
        assert_eq!(get_object(&[0x9F, 0x2A, 0x00], true).unwrap().tag, 42);
        assert_eq!(ber(&[0x1F, 0x81]), Err(Error::HeaderTooLong));
        // Past INT_MAX >> 7 before the last octet.
        assert_eq!(
            ber(&[0x1F, 0x88, 0x80, 0x80, 0x80, 0x00, 0x00]),
            Err(Error::HeaderTooLong)
        );
        assert_eq!(
            ber(&[0x1F, 0x87, 0xFF, 0xFF, 0xFF, 0x7F, 0x00])
                .unwrap()
                .tag,
            i32::MAX as u32
        );
    }

    #[test]
    fn indefinite_lengths() {
        assert_eq!(ber(&[0x04, 0x80, 0x00, 0x00]), Err(Error::HeaderTooLong));
        let h = ber(&[0x30, 0x80, 0x00, 0x00]).unwrap();
        assert!(h.indefinite);
        assert_eq!((h.header_len, h.len), (2, 2));
        assert_eq!(
            get_object(&[0x30, 0x80, 0x00, 0x00], true),
            Err(Error::IndefiniteLength)
        );
    }

    #[test]
    fn der_refuses_non_minimal_lengths() {
        assert_eq!(
            get_object(&[0x04, 0x81, 0x01, 0xAA], true),
            Err(Error::NonMinimalLength)
        );
        assert_eq!(
            get_object(&[0x04, 0x82, 0x00, 0x80, 0xAA], true),
            Err(Error::NonMinimalLength)
        );
        let mut long = vec![0x04, 0x81, 0x80];
        long.resize(3 + 0x80, 0);
        assert_eq!(get_object(&long, true).unwrap().len, 0x80);
    }

    /// The fast DER reader returns what `get_object` in DER mode returns,
    /// for every identifier octet and every length shape, cut anywhere.
    #[test]
    fn der_common_agrees_with_get_object() {
        let lengths: &[&[u8]] = &[
            &[0x00],
            &[0x05],
            &[0x7F],
            &[0x80],
            &[0x81, 0x00],
            &[0x81, 0x7F],
            &[0x81, 0x80],
            &[0x81, 0xFF],
            &[0x82, 0x00, 0x80],
            &[0x82, 0x00, 0xFF],
            &[0x82, 0x01, 0x00],
            &[0x82, 0x01, 0x01],
            &[0x83, 0x01, 0x00, 0x00],
            &[0x84, 0x00, 0x00, 0x01, 0x00],
            &[0xFF],
        ];
        let mut taken = 0;
        for first in 0..=255u8 {
            for len in lengths {
                let mut data = vec![first];
                data.extend_from_slice(len);
                data.extend(std::iter::repeat_n(0x5A, 0x102));
                for cut in [
                    1,
                    2,
                    3,
                    4,
                    5,
                    7,
                    0x81,
                    0x83,
                    0x102,
                    0x103,
                    0x104,
                    data.len(),
                ] {
                    let d = &data[..cut.min(data.len())];
                    if let Some(h) = get_object_der_common(d) {
                        taken += 1;
                        assert_eq!(get_object(d, true), Ok(h), "{:02X?}", &d[..d.len().min(5)]);
                        let end = h.header_len + h.len;
                        assert_eq!(
                            split_der_common(d),
                            Some((h.first, h.header_len, &d[h.header_len..end], &d[end..]))
                        );
                    }
                }
            }
        }
        // Every low-tag identifier with short and minimal long forms.
        assert!(taken > 31 * 8 * 8, "{taken}");
        assert_eq!(get_object_der_common(&[0x04, 0x81, 0x01, 0xAA]), None);
        assert_eq!(get_object_der_common(&[0x04, 0x82, 0x00, 0x80]), None);
        assert_eq!(get_object_der_common(&[0x30, 0x80, 0x00, 0x00]), None);
        assert_eq!(get_object_der_common(&[0x1F, 0x2A, 0x00]), None);
        assert_eq!(get_object_der_common(&[0x04, 0x02, 0x00]), None);
    }

    #[test]
    fn end_of_contents() {
        assert!(check_eoc(&[0, 0]));
        assert!(check_eoc(&[0, 0, 5]));
        assert!(!check_eoc(&[0]));
        assert!(!check_eoc(&[0, 1]));
    }
}
