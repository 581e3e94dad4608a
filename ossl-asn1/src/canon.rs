//! Name canonicalisation checks: `UTF8_getc` (`crypto/asn1/a_utf8.c`) and
//! whether `ASN1_STRING_to_UTF8` (`crypto/asn1/a_mbstr.c`) converts a value,
//! as `x509_name_canon` (`crypto/x509/x_name.c`) requires of every name entry
//! whose type is in `ASN1_MASK_CANON`.

use crate::error::Error;
use crate::tags::tag;

/// `UTF8_getc`: the first character of `s` and its length in octets, or
/// `None` for a truncated, overlong or surrogate sequence or a first octet
/// no sequence starts with. Four-octet values up to 0x1FFFFF are returned
/// (the caller applies the Unicode range, as OpenSSL's `UTF8_putc` does).
#[inline]
pub fn utf8_getc(s: &[u8]) -> Option<(u32, usize)> {
    let b0 = *s.first()?;
    let cont = |i: usize| {
        s.get(i)
            .filter(|&&b| b & 0xC0 == 0x80)
            .map(|&b| u32::from(b & 0x3F))
    };
    if b0 & 0x80 == 0 {
        Some((u32::from(b0), 1))
    } else if b0 & 0xE0 == 0xC0 {
        let v = (u32::from(b0 & 0x1F) << 6) | cont(1)?;
        (v >= 0x80).then_some((v, 2))
    } else if b0 & 0xF0 == 0xE0 {
        let v = (u32::from(b0 & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?;
        (v >= 0x800 && !(0xD800..=0xDFFF).contains(&v)).then_some((v, 3))
    } else if b0 & 0xF8 == 0xF0 {
        let v = (u32::from(b0 & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?;
        (v >= 0x10000).then_some((v, 4))
    } else {
        None
    }
}

/// Whether `UTF8_putc` writes the value: a Unicode scalar value.
#[inline]
fn is_unicode_valid(v: u32) -> bool {
    v <= 0x10FFFF && !(0xD800..=0xDFFF).contains(&v)
}

/// Whether `x509_name_canon` can canonicalise a name entry value of
/// universal type `utype` with content `s`: types outside
/// `ASN1_MASK_CANON` are copied as they are; the others go through
/// `ASN1_STRING_to_UTF8`, which fails on a UTF8String that does not decode
/// ([`utf8_string_check`]) and on a BMPString or UniversalString character
/// that is not a Unicode scalar value ([`bmp_string_check`],
/// [`universal_string_check`]). Single-octet types are read as Latin-1 and
/// always convert. (The lengths of BMPString and UniversalString were checked
/// on reading, by [`ex_c2i_check`](crate::ex_c2i_check); a trailing partial
/// character is ignored here.)
///
/// Always inlined: it is only the dispatch, so that a caller with a constant
/// `utype` is left with the one check that applies, or none.
///
/// # Errors
/// [`Error::InvalidCharacters`].
#[inline(always)]
pub fn string_to_utf8_check(utype: u32, s: &[u8]) -> Result<(), Error> {
    // Of the `ASN1_MASK_CANON` types only these three can fail (the others
    // are Latin-1), and every type outside the mask is copied: so the match
    // alone is `x509_name_canon`'s test (`tag2bit` checked in the tests).
    match utype {
        tag::UTF8STRING => utf8_string_check(s),
        tag::BMPSTRING => bmp_string_check(s),
        tag::UNIVERSALSTRING => universal_string_check(s),
        _ => Ok(()),
    }
}

/// `ASN1_STRING_to_UTF8` on a UTF8String: every character read by
/// [`utf8_getc`] and a Unicode scalar value (`UTF8_putc` writes it).
///
/// # Errors
/// [`Error::InvalidCharacters`].
#[inline(always)]
pub fn utf8_string_check(s: &[u8]) -> Result<(), Error> {
    // Every ASCII octet is a one-octet `UTF8_getc` character. The usual
    // value is ASCII: a word-at-a-time test, inlined into the caller, keeps
    // it off the octet-by-octet loop.
    if is_ascii(s) {
        Ok(())
    } else {
        utf8_chars_check(s)
    }
}

/// Whether every octet of `s` is below 0x80: `[u8]::is_ascii`'s answer in
/// fewer instructions on the short strings of names. The standard one is an
/// out-of-line call that first aligns its reads (callgrind: ~34
/// instructions on each of the 6–29-octet UTF8String values of the bench
/// certificates, ~20 here); this ORs unaligned 8-octet words, the last one
/// overlapping what came before, and is inlined. (16-octet words measured
/// ~3 instructions more per value.)
#[inline(always)]
fn is_ascii(s: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut acc = 0u64;
    let mut rest = s;
    while let Some((word, after)) = rest.split_first_chunk::<8>() {
        acc |= u64::from_le_bytes(*word);
        rest = after;
    }
    if let Some(last) = s.last_chunk::<8>() {
        acc |= u64::from_le_bytes(*last);
    } else if let (Some(a), Some(b)) = (s.first_chunk::<4>(), s.last_chunk::<4>()) {
        // 4 to 7 octets: two overlapping halves.
        acc = u64::from(u32::from_le_bytes(*a) | u32::from_le_bytes(*b));
    } else {
        acc = s.iter().fold(0, |acc, &b| acc | u64::from(b));
    }
    acc & HIGH == 0
}

/// [`utf8_string_check`] past the ASCII test: character by character.
#[inline(never)]
fn utf8_chars_check(s: &[u8]) -> Result<(), Error> {
    let mut i = 0;
    while let Some(rest) = s.get(i..).filter(|rest| !rest.is_empty()) {
        match utf8_getc(rest) {
            Some((v, n)) if is_unicode_valid(v) => i += n,
            _ => return Err(Error::InvalidCharacters),
        }
    }
    Ok(())
}

/// `ASN1_STRING_to_UTF8` on a BMPString: every 2-octet character a Unicode
/// scalar value (no surrogates).
///
/// # Errors
/// [`Error::InvalidCharacters`].
#[inline]
pub fn bmp_string_check(s: &[u8]) -> Result<(), Error> {
    if s.chunks_exact(2)
        .all(|c| is_unicode_valid(u32::from(c[0]) << 8 | u32::from(c[1])))
    {
        Ok(())
    } else {
        Err(Error::InvalidCharacters)
    }
}

/// `ASN1_STRING_to_UTF8` on a UniversalString: every 4-octet character a
/// Unicode scalar value.
///
/// # Errors
/// [`Error::InvalidCharacters`].
#[inline]
pub fn universal_string_check(s: &[u8]) -> Result<(), Error> {
    if s.chunks_exact(4)
        .all(|c| is_unicode_valid(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
    {
        Ok(())
    } else {
        Err(Error::InvalidCharacters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{bits, tag2bit};

    #[test]
    fn is_ascii_agrees_with_std_at_every_length_and_position() {
        for len in 0..40 {
            let ascii = vec![b'a'; len];
            assert!(is_ascii(&ascii), "{len}");
            for at in 0..len {
                for high in [0x80, 0xC3, 0xFF] {
                    let mut s = ascii.clone();
                    s[at] = high;
                    assert!(!is_ascii(&s), "{len} {at} {high:#x}");
                    assert_eq!(is_ascii(&s), s.is_ascii());
                }
            }
        }
    }

    #[test]
    fn utf8_getc_refuses_overlong_truncated_and_surrogates() {
        assert_eq!(utf8_getc(b"a"), Some((0x61, 1)));
        assert_eq!(utf8_getc("é".as_bytes()), Some((0xE9, 2)));
        assert_eq!(utf8_getc("€".as_bytes()), Some((0x20AC, 3)));
        assert_eq!(utf8_getc("😀".as_bytes()), Some((0x1F600, 4)));
        assert_eq!(utf8_getc(&[0xC1, 0x81]), None); // overlong 'A'
        assert_eq!(utf8_getc(&[0xE0, 0x81, 0x81]), None);
        assert_eq!(utf8_getc(&[0xF0, 0x80, 0x81, 0x81]), None);
        assert_eq!(utf8_getc(&[0xED, 0xA0, 0x80]), None); // U+D800
        assert_eq!(utf8_getc(&[0xC3]), None);
        assert_eq!(utf8_getc(&[0xC3, 0x41]), None);
        assert_eq!(utf8_getc(&[0x80]), None);
        assert_eq!(utf8_getc(&[0xF8, 0x88, 0x80, 0x80, 0x80]), None);
        // Above U+10FFFF: read, then refused by the range check.
        assert_eq!(utf8_getc(&[0xF4, 0x90, 0x80, 0x80]), Some((0x110000, 4)));
    }

    /// The three types that can fail are in `ASN1_MASK_CANON`.
    #[test]
    fn failing_types_are_canonicalised() {
        for t in [tag::UTF8STRING, tag::BMPSTRING, tag::UNIVERSALSTRING] {
            assert_ne!(tag2bit(t) & bits::MASK_CANON, 0);
        }
    }

    #[test]
    fn canonicalisation_by_type() {
        assert!(string_to_utf8_check(tag::UTF8STRING, "Zürich".as_bytes()).is_ok());
        assert!(string_to_utf8_check(tag::UTF8STRING, &[0xFF]).is_err());
        assert!(string_to_utf8_check(tag::UTF8STRING, &[0xF4, 0x90, 0x80, 0x80]).is_err());
        assert!(string_to_utf8_check(tag::BMPSTRING, &[0x00, 0x41]).is_ok());
        assert!(string_to_utf8_check(tag::BMPSTRING, &[0xD8, 0x00]).is_err());
        assert!(string_to_utf8_check(tag::UNIVERSALSTRING, &[0, 0x11, 0, 0]).is_err());
        assert!(string_to_utf8_check(tag::UNIVERSALSTRING, &[0, 0x10, 0xFF, 0xFF]).is_ok());
        // Latin-1 types always convert; types outside the mask are copied.
        assert!(string_to_utf8_check(tag::PRINTABLESTRING, &[0xFF]).is_ok());
        assert!(string_to_utf8_check(tag::GENERALSTRING, &[0xFF]).is_ok());
        assert!(string_to_utf8_check(tag::OCTET_STRING, &[0xFF]).is_ok());
    }
}
