//! Tag numbers, classes, the `B_ASN1_*` bits and `ASN1_tag2bit`
//! (`include/openssl/asn1.h`, `crypto/asn1/tasn_dec.c`, `crypto/x509/x_name.c`).

/// Universal tag numbers (`V_ASN1_*`).
pub mod tag {
    /// `V_ASN1_EOC`.
    pub const EOC: u32 = 0;
    /// `V_ASN1_BOOLEAN`.
    pub const BOOLEAN: u32 = 1;
    /// `V_ASN1_INTEGER`.
    pub const INTEGER: u32 = 2;
    /// `V_ASN1_BIT_STRING`.
    pub const BIT_STRING: u32 = 3;
    /// `V_ASN1_OCTET_STRING`.
    pub const OCTET_STRING: u32 = 4;
    /// `V_ASN1_NULL`.
    pub const NULL: u32 = 5;
    /// `V_ASN1_OBJECT`.
    pub const OBJECT: u32 = 6;
    /// `V_ASN1_ENUMERATED`.
    pub const ENUMERATED: u32 = 10;
    /// `V_ASN1_UTF8STRING`.
    pub const UTF8STRING: u32 = 12;
    /// `V_ASN1_SEQUENCE`.
    pub const SEQUENCE: u32 = 16;
    /// `V_ASN1_SET`.
    pub const SET: u32 = 17;
    /// `V_ASN1_NUMERICSTRING`.
    pub const NUMERICSTRING: u32 = 18;
    /// `V_ASN1_PRINTABLESTRING`.
    pub const PRINTABLESTRING: u32 = 19;
    /// `V_ASN1_T61STRING`.
    pub const T61STRING: u32 = 20;
    /// `V_ASN1_VIDEOTEXSTRING`.
    pub const VIDEOTEXSTRING: u32 = 21;
    /// `V_ASN1_IA5STRING`.
    pub const IA5STRING: u32 = 22;
    /// `V_ASN1_UTCTIME`.
    pub const UTCTIME: u32 = 23;
    /// `V_ASN1_GENERALIZEDTIME`.
    pub const GENERALIZEDTIME: u32 = 24;
    /// `V_ASN1_GRAPHICSTRING`.
    pub const GRAPHICSTRING: u32 = 25;
    /// `V_ASN1_VISIBLESTRING` (`V_ASN1_ISO64STRING`).
    pub const VISIBLESTRING: u32 = 26;
    /// `V_ASN1_GENERALSTRING`.
    pub const GENERALSTRING: u32 = 27;
    /// `V_ASN1_UNIVERSALSTRING`.
    pub const UNIVERSALSTRING: u32 = 28;
    /// `V_ASN1_BMPSTRING`.
    pub const BMPSTRING: u32 = 30;
}

/// The class bits of the first identifier octet.
pub mod class {
    /// `V_ASN1_UNIVERSAL`.
    pub const UNIVERSAL: u8 = 0x00;
    /// `V_ASN1_APPLICATION`.
    pub const APPLICATION: u8 = 0x40;
    /// `V_ASN1_CONTEXT_SPECIFIC`.
    pub const CONTEXT: u8 = 0x80;
    /// `V_ASN1_PRIVATE`.
    pub const PRIVATE: u8 = 0xC0;
    /// `V_ASN1_CONSTRUCTED`: the constructed bit.
    pub const CONSTRUCTED: u8 = 0x20;
}

/// The `B_ASN1_*` bits of the multi-string types and the masks built from them.
pub mod bits {
    /// `B_ASN1_NUMERICSTRING`.
    pub const NUMERICSTRING: u32 = 0x0001;
    /// `B_ASN1_PRINTABLESTRING`.
    pub const PRINTABLESTRING: u32 = 0x0002;
    /// `B_ASN1_T61STRING`.
    pub const T61STRING: u32 = 0x0004;
    /// `B_ASN1_VIDEOTEXSTRING`.
    pub const VIDEOTEXSTRING: u32 = 0x0008;
    /// `B_ASN1_IA5STRING`.
    pub const IA5STRING: u32 = 0x0010;
    /// `B_ASN1_GRAPHICSTRING`.
    pub const GRAPHICSTRING: u32 = 0x0020;
    /// `B_ASN1_ISO64STRING` (VisibleString).
    pub const ISO64STRING: u32 = 0x0040;
    /// `B_ASN1_GENERALSTRING`.
    pub const GENERALSTRING: u32 = 0x0080;
    /// `B_ASN1_UNIVERSALSTRING`.
    pub const UNIVERSALSTRING: u32 = 0x0100;
    /// `B_ASN1_OCTET_STRING`.
    pub const OCTET_STRING: u32 = 0x0200;
    /// `B_ASN1_BIT_STRING`.
    pub const BIT_STRING: u32 = 0x0400;
    /// `B_ASN1_BMPSTRING`.
    pub const BMPSTRING: u32 = 0x0800;
    /// `B_ASN1_UNKNOWN`: the types `ASN1_tag2bit` knows no bit for but
    /// still lets through (ObjectDescriptor, EXTERNAL, REAL, EMBEDDED PDV,
    /// RELATIVE-OID, tag 15, CHARACTER STRING).
    pub const UNKNOWN: u32 = 0x1000;
    /// `B_ASN1_UTF8STRING`.
    pub const UTF8STRING: u32 = 0x2000;
    /// `B_ASN1_UTCTIME`.
    pub const UTCTIME: u32 = 0x4000;
    /// `B_ASN1_GENERALIZEDTIME`.
    pub const GENERALIZEDTIME: u32 = 0x8000;
    /// `B_ASN1_SEQUENCE`.
    pub const SEQUENCE: u32 = 0x10000;

    /// `B_ASN1_PRINTABLE` (`ASN1_PRINTABLE`, a name entry's value): not
    /// VisibleString, GeneralString or the times.
    pub const PRINTABLE: u32 = NUMERICSTRING
        | PRINTABLESTRING
        | T61STRING
        | IA5STRING
        | BIT_STRING
        | UNIVERSALSTRING
        | BMPSTRING
        | UTF8STRING
        | SEQUENCE
        | UNKNOWN;
    /// `B_ASN1_DIRECTORYSTRING`.
    pub const DIRECTORYSTRING: u32 =
        PRINTABLESTRING | T61STRING | BMPSTRING | UNIVERSALSTRING | UTF8STRING;
    /// `B_ASN1_DISPLAYTEXT`.
    pub const DISPLAYTEXT: u32 = IA5STRING | ISO64STRING | BMPSTRING | UTF8STRING;
    /// `B_ASN1_TIME`.
    pub const TIME: u32 = UTCTIME | GENERALIZEDTIME;
    /// `ASN1_MASK_CANON` (`crypto/x509/x_name.c`): the name value types
    /// `x509_name_canon` converts to UTF-8, which fails on bad characters.
    pub const MASK_CANON: u32 = UTF8STRING
        | BMPSTRING
        | UNIVERSALSTRING
        | PRINTABLESTRING
        | T61STRING
        | IA5STRING
        | ISO64STRING;
}

/// The one identifier octet of a universal type as DER writes it (and as a
/// DER reader compares it): the tag number, with the constructed bit for
/// SEQUENCE and SET, primitive for everything else (DER forbids constructed
/// strings, X.690 §10.2).
pub mod ident {
    use super::{class, tag};

    /// The identifier octet of universal tag `number` (below 31).
    const fn universal(number: u32, constructed: bool) -> u8 {
        assert!(number < 0x1F, "one-octet identifiers only");
        let [.., low] = number.to_be_bytes();
        if constructed {
            low | class::CONSTRUCTED
        } else {
            low
        }
    }

    /// BOOLEAN.
    pub const BOOLEAN: u8 = universal(tag::BOOLEAN, false);
    /// INTEGER.
    pub const INTEGER: u8 = universal(tag::INTEGER, false);
    /// BIT STRING.
    pub const BIT_STRING: u8 = universal(tag::BIT_STRING, false);
    /// OCTET STRING.
    pub const OCTET_STRING: u8 = universal(tag::OCTET_STRING, false);
    /// NULL.
    pub const NULL: u8 = universal(tag::NULL, false);
    /// OBJECT IDENTIFIER.
    pub const OBJECT: u8 = universal(tag::OBJECT, false);
    /// UTF8String.
    pub const UTF8STRING: u8 = universal(tag::UTF8STRING, false);
    /// NumericString.
    pub const NUMERICSTRING: u8 = universal(tag::NUMERICSTRING, false);
    /// PrintableString.
    pub const PRINTABLESTRING: u8 = universal(tag::PRINTABLESTRING, false);
    /// T61String (TeletexString).
    pub const T61STRING: u8 = universal(tag::T61STRING, false);
    /// IA5String.
    pub const IA5STRING: u8 = universal(tag::IA5STRING, false);
    /// UTCTime.
    pub const UTCTIME: u8 = universal(tag::UTCTIME, false);
    /// GeneralizedTime.
    pub const GENERALIZEDTIME: u8 = universal(tag::GENERALIZEDTIME, false);
    /// BMPString.
    pub const BMPSTRING: u8 = universal(tag::BMPSTRING, false);
    /// SEQUENCE (constructed).
    pub const SEQUENCE: u8 = universal(tag::SEQUENCE, true);
    /// SET (constructed).
    pub const SET: u8 = universal(tag::SET, true);
}

/// `ASN1_tag2bit`: the `B_ASN1_*` bit of a universal tag number; 0 for the
/// numbers no multi-string accepts, and for every number above 30.
#[inline]
pub fn tag2bit(tag: u32) -> u32 {
    use bits::*;
    const TAG2BIT: [u32; 31] = [
        0,
        0,
        0,
        BIT_STRING,
        OCTET_STRING,
        0,
        0,
        UNKNOWN,
        UNKNOWN,
        UNKNOWN,
        0,
        UNKNOWN,
        UTF8STRING,
        UNKNOWN,
        UNKNOWN,
        UNKNOWN,
        SEQUENCE,
        0,
        NUMERICSTRING,
        PRINTABLESTRING,
        T61STRING,
        VIDEOTEXSTRING,
        IA5STRING,
        UTCTIME,
        GENERALIZEDTIME,
        GRAPHICSTRING,
        ISO64STRING,
        GENERALSTRING,
        UNIVERSALSTRING,
        UNKNOWN,
        BMPSTRING,
    ];
    usize::try_from(tag)
        .ok()
        .and_then(|t| TAG2BIT.get(t))
        .copied()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `include/openssl/asn1.h` (OpenSSL 3.0).
    #[test]
    fn masks_have_openssl_values() {
        assert_eq!(bits::PRINTABLE, 0x0001_3D17);
        assert_eq!(bits::DIRECTORYSTRING, 0x0000_2906);
        assert_eq!(bits::DISPLAYTEXT, 0x0000_2850);
        assert_eq!(bits::TIME, 0x0000_C000);
        assert_eq!(bits::MASK_CANON, 0x0000_2956);
    }

    #[test]
    fn tag2bit_follows_the_table() {
        assert_eq!(tag2bit(tag::PRINTABLESTRING), bits::PRINTABLESTRING);
        assert_eq!(tag2bit(tag::SEQUENCE), bits::SEQUENCE);
        assert_eq!(tag2bit(tag::SET), 0);
        assert_eq!(tag2bit(tag::BMPSTRING), bits::BMPSTRING);
        assert_eq!(tag2bit(29), bits::UNKNOWN);
        assert_eq!(tag2bit(tag::VISIBLESTRING), bits::ISO64STRING);
        assert_eq!(tag2bit(31), 0);
        assert_eq!(tag2bit(u32::MAX), 0);
        // What the multi-strings accept.
        assert_eq!(tag2bit(tag::IA5STRING) & bits::DIRECTORYSTRING, 0);
        assert_eq!(tag2bit(tag::VISIBLESTRING) & bits::PRINTABLE, 0);
        assert_ne!(tag2bit(tag::VISIBLESTRING) & bits::DISPLAYTEXT, 0);
    }

    /// The identifier octets as X.690 §8.1.2 lays them out.
    #[test]
    fn identifier_octets() {
        assert_eq!(ident::INTEGER, 0x02);
        assert_eq!(ident::OBJECT, 0x06);
        assert_eq!(ident::UTF8STRING, 0x0C);
        assert_eq!(ident::BMPSTRING, 0x1E);
        assert_eq!(ident::SEQUENCE, 0x30);
        assert_eq!(ident::SET, 0x31);
        assert_eq!(ident::GENERALIZEDTIME, 0x18);
    }
}
