//! Object identifiers as OpenSSL names them (`OBJ_obj2txt`, `OBJ_obj2nid`).

use super::oid_table::OBJECTS;

/// One row of [`OBJECTS`]: OID content, NID, short name, long name.
pub(crate) type Object = (
    &'static [u8],
    u16,
    Option<&'static str>,
    Option<&'static str>,
);

/// libcrypto's entry for an OID (by its DER content bytes), if it knows it.
fn lookup(content: &[u8]) -> Option<&'static Object> {
    OBJECTS
        .binary_search_by(|(der, ..)| (*der).cmp(content))
        .ok()
        .map(|i| &OBJECTS[i])
}

/// `OBJ_obj2nid`: libcrypto's number for the OID, if it knows it.
pub(crate) fn nid(content: &[u8]) -> Option<u16> {
    lookup(content).map(|entry| entry.1)
}

/// `OBJ_nid2sn` of the OID, if libcrypto knows it and gives it a short name.
pub(crate) fn short_name(content: &[u8]) -> Option<&'static str> {
    lookup(content).and_then(|entry| entry.2)
}

/// OpenSSL 3.0.19's `OBJ_obj2txt` refuses to spell out an OID whose content
/// is longer than this (the fix for CVE-2023-2650).
const MAX_SPELLED_OID: usize = 586;

/// `i2a_ASN1_OBJECT`: the long name, else the short name, else the dotted
/// number (`OBJ_obj2txt(.., 0)`); `<INVALID>` and a `BIO_dump` of the
/// content when `OBJ_obj2txt` refuses to spell the number.
pub(crate) fn name(content: &[u8]) -> String {
    match lookup(content).and_then(|(_, _, short, long)| long.or(*short)) {
        Some(known) => known.to_string(),
        None if content.len() > MAX_SPELLED_OID => {
            let mut text = b"<INVALID>".to_vec();
            crate::dump::bio_dump(&mut text, content, 0);
            String::from_utf8_lossy(&text).into_owned()
        }
        None => dotted(content),
    }
}

/// `OBJ_obj2txt(buf, buf_len, obj, no_name)` (and `i2t_ASN1_OBJECT`, which
/// is `no_name = 0`): the text left in a buffer of `buf_len` bytes — at most
/// `buf_len - 1` characters, nothing when it refuses the number.
pub(crate) fn obj2txt(content: &[u8], no_name: bool, buf_len: usize) -> Vec<u8> {
    let known = lookup(content).and_then(|(_, _, short, long)| long.or(*short));
    let mut text = match known {
        Some(known) if !no_name => known.as_bytes().to_vec(),
        _ if content.len() > MAX_SPELLED_OID => Vec::new(),
        _ => dotted(content).into_bytes(),
    };
    text.truncate(buf_len.saturating_sub(1));
    text
}

/// `OBJ_nid2ln(OBJ_obj2nid(obj))` as `"%s"` prints it: `undefined` (the long
/// name of `NID_undef`) for an object libcrypto does not know.
pub(crate) fn long_name_or_undefined(content: &[u8]) -> String {
    if nid(content).is_some() {
        name(content)
    } else {
        "undefined".to_string()
    }
}

/// `OBJ_obj2txt(.., no_name = 1)`: the dotted number, arcs of any size
/// (OpenSSL switches to a BIGNUM past `unsigned long`). The first
/// sub-identifier carries two arcs: below 80 it is `40 * a + b`, from 80 on
/// the first arc is 2. Content the decoder let through is well formed; a
/// last byte with its continuation bit set ends the number as if clear.
pub(crate) fn dotted(content: &[u8]) -> String {
    let mut text = String::new();
    let mut first = true;
    let mut groups: Vec<u8> = Vec::new();
    for (i, &byte) in content.iter().enumerate() {
        groups.push(byte & 0x7F);
        if byte & 0x80 != 0 && i + 1 < content.len() {
            continue;
        }
        let mut arc = BigArc::from_base128(&groups);
        groups.clear();
        if first {
            first = false;
            let leading = if arc.at_least(80) {
                arc.subtract_small(80);
                2
            } else {
                let small = arc.small();
                arc = BigArc::from_small(small % 40);
                small / 40
            };
            text.push_str(&leading.to_string());
        }
        text.push('.');
        text.push_str(&arc.to_decimal());
    }
    text
}

/// An arc of any size as little-endian base-2^32 limbs.
struct BigArc {
    limbs: Vec<u32>,
}

// Limb arithmetic: every `as u32` keeps the low half of a u64 on purpose,
// the high half being carried.
#[allow(clippy::cast_possible_truncation)]
impl BigArc {
    fn from_small(value: u32) -> Self {
        BigArc { limbs: vec![value] }
    }

    fn from_base128(groups: &[u8]) -> Self {
        let mut arc = BigArc { limbs: vec![0] };
        for &group in groups {
            let mut carry = u64::from(group);
            for limb in &mut arc.limbs {
                let wide = (u64::from(*limb) << 7) | carry;
                *limb = wide as u32;
                carry = wide >> 32;
            }
            if carry != 0 {
                arc.limbs.push(carry as u32);
            }
        }
        arc
    }

    fn at_least(&self, value: u32) -> bool {
        self.limbs.iter().skip(1).any(|&l| l != 0) || self.limbs[0] >= value
    }

    /// The value when it is below 80 (only used for the first arc).
    fn small(&self) -> u32 {
        self.limbs[0]
    }

    fn subtract_small(&mut self, value: u32) {
        let mut borrow = u64::from(value);
        for limb in &mut self.limbs {
            let current = u64::from(*limb);
            if current >= borrow {
                *limb = (current - borrow) as u32;
                return;
            }
            *limb = (current + (1 << 32) - borrow) as u32;
            borrow = 1;
        }
    }

    fn to_decimal(&self) -> String {
        let mut limbs = self.limbs.clone();
        let mut digits = Vec::new();
        loop {
            let mut remainder = 0u64;
            for limb in limbs.iter_mut().rev() {
                let wide = (remainder << 32) | u64::from(*limb);
                *limb = (wide / 10) as u32;
                remainder = wide % 10;
            }
            digits.push(b'0' + remainder as u8);
            while limbs.len() > 1 && limbs.last() == Some(&0) {
                limbs.pop();
            }
            if limbs == [0] {
                break;
            }
        }
        digits.iter().rev().map(|&d| char::from(d)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_objects_use_the_long_name() {
        assert_eq!(name(&[0x55, 0x1D, 0x13]), "X509v3 Basic Constraints");
        assert_eq!(short_name(&[0x55, 0x04, 0x03]), Some("CN"));
    }

    /// The generated table agrees with the libcrypto the tests run against:
    /// each OID maps to the NID and names libcrypto gives it.
    #[test]
    fn table_matches_the_installed_libcrypto() {
        use openssl::asn1::Asn1Object;
        use openssl::nid::Nid;
        assert!(OBJECTS.len() > 1000, "{} objects", OBJECTS.len());
        assert!(
            OBJECTS.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, unique"
        );
        for (content, nid, short, long) in OBJECTS {
            let text = dotted(content);
            let object = Asn1Object::from_str(&text).expect("libcrypto parses the OID");
            assert_eq!(object.nid().as_raw(), i32::from(*nid), "{text}");
            let libcrypto = Nid::from_raw(i32::from(*nid));
            assert_eq!(libcrypto.short_name().ok(), *short, "{text}");
            assert_eq!(libcrypto.long_name().ok(), *long, "{text}");
            // OBJ_obj2txt(.., 1) of the object is our dotted form.
            assert_eq!(
                object.to_string(),
                long.or(*short).unwrap_or(&text),
                "{text}"
            );
        }
    }

    #[test]
    fn unknown_objects_are_dotted_with_arcs_of_any_size() {
        // 1.2.3.4.99999
        assert_eq!(name(&[0x2A, 0x03, 0x04, 0x86, 0x8D, 0x1F]), "1.2.3.4.99999");
        // 2.999: first sub-identifier 1079 = 80 + 999
        assert_eq!(dotted(&[0x88, 0x37]), "2.999");
        // a first sub-identifier of 2**70 + 40: arc 2, then 2**70 + 40 - 80
        let mut big = vec![0x81];
        big.extend([0x80; 9]);
        big.push(0x28);
        assert_eq!(dotted(&big), "2.1180591620717411303384");
    }

    #[test]
    fn obj2txt_truncates_to_the_buffer() {
        // 1.2.3
        assert_eq!(obj2txt(&[0x2A, 0x03], true, 4), b"1.2");
        assert_eq!(obj2txt(&[0x2A, 0x03], true, 80), b"1.2.3");
        assert_eq!(obj2txt(&[0x2A; 587], true, 80), b"");
    }
}
