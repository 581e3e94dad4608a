//! `asn1_collect` (`crypto/asn1/tasn_dec.c`): the reassembly of a
//! constructed (segmented) string; and `asn1_find_end`: the end of an
//! indefinite-length element kept encoded.

use crate::error::{Error, ErrorAt};
use crate::header::{check_eoc, get_object_with, LongLength};

/// `ASN1_MAX_STRING_NEST`: how deep constructed segments may nest.
pub const MAX_STRING_NEST: u32 = 5;

/// `asn1_collect`: walks the content of a constructed string (`data`, all of
/// it for a definite length; everything after the header for an indefinite
/// one), handing each primitive segment's content to `segment` in order, and
/// returns how many octets of `data` the string's content took (its
/// end-of-contents marker included).
///
/// As OpenSSL does: the segments' tags are not checked (it passes tag -1);
/// an end-of-contents marker inside a definite length is an error, as is a
/// missing one at the end of an indefinite length; constructed segments may
/// nest [`MAX_STRING_NEST`] deep. Headers are read as BER
/// ([`get_object`](crate::get_object)).
///
/// # Errors
/// The first problem, at its offset in `data`.
pub fn collect<'a, F: FnMut(&'a [u8])>(
    data: &'a [u8],
    indefinite: bool,
    segment: &mut F,
) -> Result<usize, ErrorAt> {
    collect_with(data, indefinite, LongLength::OctetMustFollow, segment)
}

/// [`collect`] with `long`'s rule for the segments' long-form lengths.
///
/// # Errors
/// As [`collect`].
pub fn collect_with<'a, F: FnMut(&'a [u8])>(
    data: &'a [u8],
    indefinite: bool,
    long: LongLength,
    segment: &mut F,
) -> Result<usize, ErrorAt> {
    walk(data, indefinite, 0, long, Bounds::Lengths, segment)
}

/// LibreSSL's `asn1_collect` (libcrypto `asn1/tasn_dec.c` 1.89, 4.3), where
/// it differs from OpenSSL's: the definite lengths of the string and of its
/// constructed segments are not applied — each constructed level reads
/// segments until its end-of-contents marker (indefinite) or the end of
/// `data` (definite) — so `data` is everything the enclosing element has
/// left after the string's header, and a definite-length string takes all
/// of it. Headers are read with [`LongLength::LibreSsl`].
///
/// # Errors
/// As [`collect`]; also [`Error::UnexpectedEoc`] when a definite-length
/// level reaches an end-of-contents marker (e.g. the one of an enclosing
/// indefinite length).
pub fn collect_to_end<'a, F: FnMut(&'a [u8])>(
    data: &'a [u8],
    indefinite: bool,
    segment: &mut F,
) -> Result<usize, ErrorAt> {
    walk(
        data,
        indefinite,
        0,
        LongLength::LibreSsl,
        Bounds::EndOfData,
        segment,
    )
}

/// What a constructed level of a string reads up to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bounds {
    /// Its own length (OpenSSL).
    Lengths,
    /// The end of the data, or its end-of-contents marker (LibreSSL).
    EndOfData,
}

fn walk<'a, F: FnMut(&'a [u8])>(
    data: &'a [u8],
    indefinite: bool,
    depth: u32,
    long: LongLength,
    bounds: Bounds,
    segment: &mut F,
) -> Result<usize, ErrorAt> {
    let at = |error, offset| ErrorAt { error, offset };
    let mut p = 0;
    let mut inf = indefinite;
    while let Some(rest) = data.get(p..).filter(|rest| !rest.is_empty()) {
        if check_eoc(rest) {
            if !inf {
                return Err(at(Error::UnexpectedEoc, p));
            }
            p += 2;
            inf = false;
            break;
        }
        let h = get_object_with(rest, false, long).map_err(|e| at(e, p))?;
        let cp = p + h.header_len;
        let content = data.get(cp..cp + h.len).unwrap_or_default();
        p = if h.constructed {
            if depth >= MAX_STRING_NEST {
                return Err(at(Error::NestedTooDeep, p));
            }
            let inner_data = match bounds {
                Bounds::Lengths => content,
                Bounds::EndOfData => data.get(cp..).unwrap_or_default(),
            };
            let inner = walk(inner_data, h.indefinite, depth + 1, long, bounds, segment)
                .map_err(|e| at(e.error, cp + e.offset))?;
            cp + inner
        } else {
            segment(content);
            cp + h.len
        };
    }
    if inf {
        return Err(at(Error::MissingEoc, p));
    }
    Ok(p)
}

/// `asn1_find_end`: the end of an indefinite-length element OpenSSL keeps
/// in its encoded form (an ANY holding a SEQUENCE, a SET or another class):
/// `data` is everything after the element's header; returns how many of its
/// octets the content takes, the final end-of-contents marker included.
/// Nested definite-length elements are skipped whole, nested indefinite ones
/// counted.
///
/// # Errors
/// A broken header, or [`Error::MissingEoc`] when `data` ends first, at its
/// offset in `data`.
pub fn find_end(data: &[u8]) -> Result<usize, ErrorAt> {
    find_end_with(data, LongLength::OctetMustFollow)
}

/// [`find_end`] with `long`'s rule for the long-form lengths it skips.
///
/// # Errors
/// As [`find_end`].
pub fn find_end_with(data: &[u8], long: LongLength) -> Result<usize, ErrorAt> {
    let at = |error, offset| ErrorAt { error, offset };
    let mut expected: u32 = 1;
    let mut p = 0;
    while let Some(rest) = data.get(p..).filter(|rest| !rest.is_empty()) {
        if check_eoc(rest) {
            expected -= 1;
            p += 2;
            if expected == 0 {
                break;
            }
            continue;
        }
        let h = get_object_with(rest, false, long).map_err(|e| at(e, p))?;
        if h.indefinite {
            // OpenSSL: `expected_eoc == UINT32_MAX` is ERR_R_NESTED_ASN1_ERROR.
            expected = expected.checked_add(1).ok_or(at(Error::NestedTooDeep, p))?;
            p += h.header_len;
        } else {
            p += h.header_len + h.len;
        }
    }
    if expected != 0 {
        return Err(at(Error::MissingEoc, p));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collected(data: &[u8], indefinite: bool) -> Result<(Vec<u8>, usize), ErrorAt> {
        let mut out = Vec::new();
        let n = collect(data, indefinite, &mut |s: &[u8]| out.extend_from_slice(s))?;
        Ok((out, n))
    }

    #[test]
    fn libressl_reads_constructed_levels_to_the_end() {
        let to_end = |data: &[u8], indefinite| {
            let mut out = Vec::new();
            collect_to_end(data, indefinite, &mut |s: &[u8]| out.extend_from_slice(s))
                .map(|n| (out, n))
        };
        // A segment whose definite length is too short for its content:
        // OpenSSL reads the segment by its length and fails, LibreSSL reads on.
        let short = [0x24, 0x02, 0x04, 0x01, 0x61];
        assert!(collected(&short, false).is_err());
        assert_eq!(to_end(&short, false), Ok((b"a".to_vec(), 5)));
        // A definite-length level inside an indefinite one reaches the
        // outer end-of-contents marker.
        let nested = [0x24, 0x03, 0x04, 0x01, 0x61, 0x00, 0x00];
        assert_eq!(collected(&nested, true), Ok((b"a".to_vec(), 7)));
        assert_eq!(
            to_end(&nested, true).map_err(|e| e.error),
            Err(Error::UnexpectedEoc)
        );
        // An indefinite level stops at its own marker.
        let inner = [0x24, 0x80, 0x04, 0x01, 0x61, 0x00, 0x00, 0x04, 0x01, 0x62];
        assert_eq!(to_end(&inner, false), Ok((b"ab".to_vec(), 10)));
    }

    #[test]
    fn segments_in_order() {
        // 04 01 61, 24 03 (04 01 62), 04 00
        let data = [0x04, 0x01, 0x61, 0x24, 0x03, 0x04, 0x01, 0x62, 0x04, 0x00];
        assert_eq!(collected(&data, false), Ok((b"ab".to_vec(), data.len())));
        // Segment tags are not checked.
        assert_eq!(collected(&[0x0C, 0x01, 0x61], false).unwrap().0, b"a");
    }

    #[test]
    fn end_of_contents() {
        assert_eq!(
            collected(&[0x04, 0x01, 0x61, 0x00, 0x00], false),
            Err(ErrorAt {
                error: Error::UnexpectedEoc,
                offset: 3
            })
        );
        // Indefinite: stops at the marker, whatever follows it.
        assert_eq!(
            collected(&[0x04, 0x01, 0x61, 0x00, 0x00, 0xFF], true),
            Ok((b"a".to_vec(), 5))
        );
        assert_eq!(
            collected(&[0x04, 0x01, 0x61], true),
            Err(ErrorAt {
                error: Error::MissingEoc,
                offset: 3
            })
        );
        // A nested indefinite segment.
        let data = [0x24, 0x80, 0x04, 0x01, 0x61, 0x00, 0x00, 0x04, 0x01, 0x62];
        assert_eq!(collected(&data, false), Ok((b"ab".to_vec(), 10)));
    }

    #[test]
    fn broken_segments_at_their_offset() {
        assert_eq!(
            collected(&[0x04, 0x01, 0x61, 0x24, 0x03, 0x04, 0x05], false),
            Err(ErrorAt {
                error: Error::TooLong {
                    needed: 3,
                    available: 2
                },
                offset: 3
            })
        );
        assert_eq!(
            collected(&[0x24, 0x02, 0x04, 0x01], false),
            Err(ErrorAt {
                error: Error::TooLong {
                    needed: 1,
                    available: 0
                },
                offset: 2
            })
        );
    }

    #[test]
    fn find_end_counts_nested_indefinite_lengths() {
        // 02 01 05, 30 80 (04 00, 00 00), 00 00, then data after the end.
        let data = [
            0x02, 0x01, 0x05, 0x30, 0x80, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF,
        ];
        assert_eq!(find_end(&data), Ok(11));
        assert_eq!(find_end(&[0x00, 0x00]), Ok(2));
        assert_eq!(
            find_end(&data[..9]),
            Err(ErrorAt {
                error: Error::MissingEoc,
                offset: 9
            })
        );
        assert_eq!(
            find_end(&[0x02, 0x05, 0x00]).unwrap_err().error,
            Error::TooLong {
                needed: 5,
                available: 1
            }
        );
    }

    /// A subjectKeyIdentifier of `04 01 61` inside `wrappers` constructed
    /// OCTET STRINGs prints `61` up to six wrappers and raw from seven
    /// (`openssl x509 -text`): the value's own constructed string is depth
    /// 0, and its segments may nest five deeper.
    #[test]
    fn segments_nest_five_deep() {
        let nested = |wrappers: usize| {
            let mut value = vec![0x04, 0x01, 0x61];
            for _ in 0..wrappers {
                value.splice(0..0, [0x24, u8::try_from(value.len()).unwrap()]);
            }
            value
        };
        // The content of the outermost of six wrappers: five nested levels.
        let six = nested(6);
        assert_eq!(collected(&six[2..], false).unwrap().0, b"a");
        let seven = nested(7);
        assert_eq!(
            collected(&seven[2..], false).unwrap_err().error,
            Error::NestedTooDeep
        );
    }
}
