//! The algorithm OIDs (content octets) the default provider's
//! SubjectPublicKeyInfo decoders answer to, and dotted text for messages.

/// rsaEncryption, 1.2.840.113549.1.1.1.
pub(crate) const RSA_ENCRYPTION: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
/// X.500's rsa, 2.5.8.1.1: libcrypto registers it as an alias of RSA.
pub(crate) const RSA_X500: &[u8] = &[0x55, 0x08, 0x01, 0x01];
/// id-RSASSA-PSS, 1.2.840.113549.1.1.10.
pub(crate) const RSASSA_PSS: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A];
/// id-ecPublicKey, 1.2.840.10045.2.1.
pub(crate) const EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
/// X25519, X448, Ed25519, Ed448: 1.3.101.110 to 113.
pub(crate) const X25519: &[u8] = &[0x2B, 0x65, 0x6E];
pub(crate) const X448: &[u8] = &[0x2B, 0x65, 0x6F];
pub(crate) const ED25519: &[u8] = &[0x2B, 0x65, 0x70];
pub(crate) const ED448: &[u8] = &[0x2B, 0x65, 0x71];
/// dsaEncryption, 1.2.840.10040.4.1, and the OIDs libcrypto aliases to DSA
/// (dsa_ameth.c): dsaEncryption-old 1.3.14.3.2.12, then dsaWithSHA
/// 1.3.14.3.2.13, dsaWithSHA1-old 1.3.14.3.2.27 and dsaWithSHA1
/// 1.2.840.10040.4.3, which only 3.0 loads as DSA keys (3.5, 3.6 and 4.0
/// refuse them: their DSA key manager answers to the first two alone, as
/// `openssl list -key-managers` shows; found with each release's
/// `d2i_PUBKEY`, tests/oracle.rs).
pub(crate) const DSA: &[&[u8]] = &[
    &[0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01],
    &[0x2B, 0x0E, 0x03, 0x02, 0x0C],
    &[0x2B, 0x0E, 0x03, 0x02, 0x0D],
    &[0x2B, 0x0E, 0x03, 0x02, 0x1B],
    &[0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x03],
];
/// How many of [`DSA`]'s OIDs 3.5 and later load.
pub(crate) const DSA_SINCE_3_5: usize = 2;
/// SM2, 1.2.156.10197.1.301: an algorithm OID of its own for EC keys on
/// the SM2 curve (the SM2 key manager's name).
pub(crate) const SM2: &[u8] = &[0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D];
/// dhKeyAgreement (PKCS #3), 1.2.840.113549.1.3.1.
pub(crate) const DH_KEY_AGREEMENT: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x03, 0x01];
/// dhpublicnumber (X9.42 DH), 1.2.840.10046.2.1.
pub(crate) const DH_PUBLIC_NUMBER: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3E, 0x02, 0x01];
/// The NIST algorithm arc 2.16.840.1.101.3.4 (content octets), under which
/// sigAlgs (.3) and kems (.4) hold the post-quantum OIDs.
pub(crate) const NIST_ALGORITHMS: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04];

/// The dotted form of an OID's content octets (`OBJ_obj2txt` with
/// `no_name`), or a note when the content is not a valid OID.
pub(crate) fn dotted(content: &[u8]) -> String {
    let mut arcs: Vec<u128> = Vec::new();
    let mut value: u128 = 0;
    for &byte in content {
        if value > u128::MAX >> 7 {
            return "an OID with an arc too large to show".to_owned();
        }
        value = (value << 7) | u128::from(byte & 0x7F);
        if byte & 0x80 == 0 {
            arcs.push(value);
            value = 0;
        }
    }
    let Some((&first, rest)) = arcs.split_first() else {
        return "an empty OID".to_owned();
    };
    let (a, b) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut text = format!("{a}.{b}");
    for arc in rest {
        text.push_str(&format!(".{arc}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_forms() {
        assert_eq!(dotted(RSA_ENCRYPTION), "1.2.840.113549.1.1.1");
        assert_eq!(
            dotted(&[0x2A, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x01]),
            "1.2.3.4.5.6.7.8.9.1"
        );
        assert_eq!(dotted(&[0x88, 0x37, 0x03]), "2.999.3");
    }
}
