//! `EVP_PKEY_print_public(bp, pkey, 16, NULL)` as `X509_print` calls it in
//! OpenSSL 3.0: the subject key after its "Public Key Algorithm" line.
//!
//! libcrypto first loads the key (the SubjectPublicKeyInfo decoders of the
//! default provider, which use the `*_pub_decode` functions of
//! crypto/*/\*_ameth.c; reproduced by the `ossl-pkey` crate, as OpenSSL 3.0
//! loads keys), then prints it with the provider's text encoder
//! (providers/implementations/encode_decode/encode_key2text.c) through a
//! prefix BIO that indents every line. A key that fails to load makes
//! `X509_print` print "Unable to load Public Key" and libcrypto's error
//! queue, which names the process; every such key, and every key whose
//! loading is not reproduced exactly, is [`Unsupported`].

mod text;

use ossl_pkey::{
    num_bits, DhKey, EcGroup, EcKey, ExplicitCurve, FfcParams, FieldKind, PublicKey, Release,
    RsaKey, Tlv,
};

use self::text::{labeled_bignum, labeled_buf};
use super::Unsupported;
use crate::dump::{indent, HexLayout};
use session_model::OpenSslVersion;

/// Prints the subject public key as `X509_print` does at `indent`, or says
/// why that text cannot be reproduced. Nothing is written on error.
/// Loading is `ossl-pkey`'s, as `openssl` loads keys (1.1.1's RSA, EC and
/// ECX keys as 3.0 loads them: the same `*_pub_decode` functions).
pub(crate) fn print(
    out: &mut Vec<u8>,
    algorithm: &[u8],
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    indent_width: usize,
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let release = match openssl {
        OpenSslVersion::V3_5 => Release::V3_5,
        OpenSslVersion::V3_6 => Release::V3_6,
        v if v >= OpenSslVersion::V4_0 => Release::V4_0,
        _ => Release::V3_0,
    };
    let loaded = ossl_pkey::load_parts(algorithm, parameters, key, release)
        .map_err(|refused| Unsupported::new(refused.reason().to_owned()))?;
    let hex = HexLayout::of(openssl);
    let mut text = Vec::with_capacity(1024);
    if openssl < OpenSslVersion::V3_0 {
        // 1.1.1 prints keys with the legacy methods (crypto/*/*_ameth.c of
        // 1.1.1w): pkey_rsa_print writes "RSA " before 3.0's "Public-Key:
        // (%d bit)" and the same ASN1_bn_print lines; do_EC_KEY_print the
        // text 3.0's provider writes for a named curve, ecx_key_print that
        // of X25519, X448 and EdDSA keys. The other key types' legacy texts
        // are not reproduced.
        match &loaded {
            PublicKey::Rsa(rsa) => {
                text.extend_from_slice(b"RSA ");
                print_rsa(&mut text, rsa, hex);
            }
            PublicKey::Ec(ec) => {
                // 1.1.1's EC_POINT_point2oct encodes the point at infinity
                // as one 00 octet and prints it; explicit parameters and
                // SM2 (which 1.1.1 may treat as SM2 keys) are not compared.
                let named = matches!(&ec.group, EcGroup::Named { name, .. } if *name != "SM2");
                if !named || ec.point.is_none() {
                    return Err(Unsupported::new(format!(
                        "OpenSSL {openssl}'s text of this EC key is not reproduced"
                    )));
                }
                print_ec(&mut text, ec, openssl);
            }
            PublicKey::Ecx(kind, key) => {
                text.extend_from_slice(format!("{} Public-Key:\n", kind.name()).as_bytes());
                labeled_buf(&mut text, "pub:", key, hex);
            }
            _ => {
                return Err(Unsupported::new(format!(
                    "OpenSSL {openssl}'s text of a {} key is not reproduced",
                    super::oid::name(algorithm)
                )))
            }
        }
        for line in text.split_inclusive(|&b| b == b'\n') {
            indent(out, indent_width);
            out.extend_from_slice(line);
        }
        return Ok(());
    }
    match &loaded {
        PublicKey::Rsa(rsa) => print_rsa(&mut text, rsa, hex),
        PublicKey::RsaPss(rsa, restrictions) => {
            print_rsa(&mut text, rsa, hex);
            print_pss(&mut text, restrictions.as_ref(), openssl);
        }
        PublicKey::Ec(ec) => print_ec(&mut text, ec, openssl),
        PublicKey::Ecx(kind, key) => {
            text.extend_from_slice(format!("{} Public-Key:\n", kind.name()).as_bytes());
            labeled_buf(&mut text, "pub:", key, hex);
        }
        PublicKey::Dsa(dsa) => {
            text.extend_from_slice(
                format!("Public-Key: ({} bit)\n", num_bits(&dsa.params.p)).as_bytes(),
            );
            labeled_bignum(&mut text, "pub: ", dsa.negative, &dsa.public, hex);
            print_ffc(&mut text, &dsa.params, None, hex);
        }
        PublicKey::Dh(dh) => {
            print_dh(&mut text, dh, hex);
            // DH_get_length: printed only when positive.
            if dh.length > 0 {
                text.extend_from_slice(
                    format!("recommended-private-length: {} bits\n", dh.length).as_bytes(),
                );
            }
        }
        PublicKey::Dhx(dh) => print_dh(&mut text, dh, hex),
        _ => {
            return Err(Unsupported::new(
                "a public key type OpenSSL 3.0 does not load",
            ))
        }
    }
    // BIO_f_prefix indents each line as it starts; every line ends in '\n'.
    for line in text.split_inclusive(|&b| b == b'\n') {
        indent(out, indent_width);
        out.extend_from_slice(line);
    }
    Ok(())
}

/// `rsa_to_text` (encode_key2text.c) up to the PSS restrictions.
fn print_rsa(out: &mut Vec<u8>, key: &RsaKey, hex: HexLayout) {
    out.extend_from_slice(format!("Public-Key: ({} bit)\n", num_bits(&key.modulus)).as_bytes());
    labeled_bignum(out, "Modulus:", false, &key.modulus, hex);
    labeled_bignum(out, "Exponent:", false, &key.exponent, hex);
}

/// `rsa_to_text`'s PSS restrictions, from the `RSA_PSS_PARAMS_30` the
/// parameters resolve to.
fn print_pss(
    out: &mut Vec<u8>,
    restrictions: Option<&ossl_pkey::PssRestrictions>,
    openssl: OpenSslVersion,
) {
    let Some(r) = restrictions else {
        out.extend_from_slice(b"No PSS parameter restrictions\n");
        return;
    };
    let default = |yes: bool| if yes { " (default)" } else { "" };
    // Up to 3.6 BIO_printf prints a NULL "%s" argument as "<NULL>"
    // (crypto/bio/bio_print.c); 4.0's BIO_printf is the C library's
    // vsnprintf, and glibc's prints "(null)".
    let null = if openssl >= OpenSslVersion::V4_0 {
        "(null)"
    } else {
        "<NULL>"
    };
    let printed = |d: ossl_pkey::Digest| d.name.unwrap_or(null);
    let text = format!(
        "PSS parameter restrictions:\n  Hash Algorithm: {}{}\n  Mask Algorithm: MGF1 with {}{}\n  Minimum Salt Length: {}{}\n  Trailer Field: 0x{:x}{}\n",
        printed(r.hash),
        default(r.hash.sha1),
        printed(r.mask_hash),
        default(r.mask_hash.sha1),
        r.salt_length,
        default(r.salt_length == 20),
        r.trailer_field,
        default(r.trailer_field == 1),
    );
    out.extend_from_slice(text.as_bytes());
}

/// `ec_to_text`: named curves print `ASN1 OID:` (and `NIST CURVE:`),
/// explicit parameters `ec_param_explicit_to_text`. The point at infinity
/// loads, but `ec_to_text` cannot encode it (`EC_POINT_point2oct` rejects
/// its form 0) and prints nothing.
fn print_ec(out: &mut Vec<u8>, key: &EcKey, openssl: OpenSslVersion) {
    let hex = HexLayout::of(openssl);
    let Some(point) = &key.point else {
        return;
    };
    if openssl >= OpenSslVersion::V4_0 {
        // 4.0's ec_to_text: "(%d bit field, %d bit security level)" with
        // EC_GROUP_get_degree and EC_GROUP_security_bits (crypto/ec/ec_lib.c).
        let text = format!(
            "Public-Key: ({} bit field, {} bit security level)\n",
            key.degree,
            security_bits(key.order_bits)
        );
        out.extend_from_slice(text.as_bytes());
    } else {
        out.extend_from_slice(format!("Public-Key: ({} bit)\n", key.order_bits).as_bytes());
    }
    labeled_buf(out, "pub:", point, hex);
    match &key.group {
        EcGroup::Named { name, nist } => {
            out.extend_from_slice(format!("ASN1 OID: {name}\n").as_bytes());
            if let Some(nist) = nist {
                out.extend_from_slice(format!("NIST CURVE: {nist}\n").as_bytes());
            }
        }
        EcGroup::Explicit(curve) => print_explicit(out, curve, hex),
    }
}

/// `EC_GROUP_security_bits` (OpenSSL 4.0, crypto/ec/ec_lib.c): NIST SP
/// 800-57's levels by order bits, half the bits below 160.
fn security_bits(order_bits: usize) -> usize {
    match order_bits {
        512.. => 256,
        384.. => 192,
        256.. => 128,
        224.. => 112,
        160.. => 80,
        _ => order_bits / 2,
    }
}

/// `ec_param_explicit_to_text`.
fn print_explicit(out: &mut Vec<u8>, curve: &ExplicitCurve, hex: HexLayout) {
    match curve.field {
        FieldKind::Prime => {
            out.extend_from_slice(b"Field Type: prime-field\n");
            labeled_bignum(out, "Prime:", false, &curve.modulus, hex);
        }
        FieldKind::Binary { pentanomial } => {
            out.extend_from_slice(b"Field Type: characteristic-two-field\n");
            let basis = if pentanomial { "ppBasis" } else { "tpBasis" };
            out.extend_from_slice(format!("Basis Type: {basis}\n").as_bytes());
            labeled_bignum(out, "Polynomial:", false, &curve.modulus, hex);
        }
    }
    labeled_bignum(out, "A:   ", false, &curve.a, hex);
    labeled_bignum(out, "B:   ", false, &curve.b, hex);
    labeled_buf(out, curve.generator_label, &curve.generator, hex);
    labeled_bignum(out, "Order: ", false, &curve.order, hex);
    labeled_bignum(out, "Cofactor: ", false, &curve.cofactor, hex);
    if let Some(seed) = &curve.seed {
        labeled_buf(out, "Seed:", seed, hex);
    }
}

/// `dh_to_text` up to the parameters.
fn print_dh(out: &mut Vec<u8>, key: &DhKey, hex: HexLayout) {
    out.extend_from_slice(format!("DH Public-Key: ({} bit)\n", num_bits(&key.params.p)).as_bytes());
    labeled_bignum(out, "public-key:", key.negative, &key.public, hex);
    print_ffc(out, &key.params, key.group, hex);
}

/// `ffc_params_to_text` (gindex and h are never set by decoding).
fn print_ffc(out: &mut Vec<u8>, params: &FfcParams, named: Option<&str>, hex: HexLayout) {
    if let Some(group) = named {
        out.extend_from_slice(format!("GROUP: {group}\n").as_bytes());
        return;
    }
    labeled_bignum(out, "P:   ", false, &params.p, hex);
    if let Some(q) = &params.q {
        labeled_bignum(out, "Q:   ", false, q, hex);
    }
    labeled_bignum(out, "G:   ", false, &params.g, hex);
    if let Some(j) = &params.j {
        labeled_bignum(out, "J:   ", false, j, hex);
    }
    if !params.seed.is_empty() {
        labeled_buf(out, "SEED:", &params.seed, hex);
    }
    if params.counter != -1 {
        out.extend_from_slice(format!("pcounter: {}\n", params.counter).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    //! Expected texts are OpenSSL 3.0.19's (`openssl x509 -noout -text` of a
    //! certificate around each SubjectPublicKeyInfo); the bundle
    //! testdata/x509/keys.pem compares hundreds more against the live
    //! binary.
    use super::*;
    use crate::x509::der::{self, Reader};

    fn bytes(hex: &str) -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Prints a SubjectPublicKeyInfo as X509_print's key part does.
    fn print_spki(spki: &[u8]) -> Result<String, Unsupported> {
        let mut outer = Reader::new(spki);
        let mut fields = Reader::new(outer.read_tag(der::SEQUENCE)?);
        let mut algorithm = Reader::new(fields.read_tag(der::SEQUENCE)?);
        let key = crate::x509::bit_string_bytes(fields.read_tag(der::BIT_STRING)?)?;
        let oid = algorithm.read_tag(der::OID)?;
        let parameters = if algorithm.is_empty() {
            None
        } else {
            Some(algorithm.read()?)
        };
        let mut out = Vec::new();
        print(&mut out, oid, parameters, key, 16, OpenSslVersion::V3_0)?;
        Ok(String::from_utf8(out).unwrap())
    }

    /// Each line of `text` indented by 16 spaces, as the prefix BIO does.
    fn indented(text: &str) -> String {
        text.lines()
            .map(|line| format!("{:16}{line}\n", ""))
            .collect()
    }

    #[track_caller]
    fn assert_prints(spki_hex: &str, expected: &str) {
        assert_eq!(print_spki(&bytes(spki_hex)), Ok(indented(expected)));
    }

    #[test]
    fn rsa_bignums_are_read_unsigned() {
        // Modulus 02 02 ff 01 and exponent -3 (02 01 fd).
        assert_prints(
            "301b300d06092a864886f70d0101010500030a0030070202ff010201fd",
            "Public-Key: (16 bit)\nModulus: 65281 (0xff01)\nExponent: 253 (0xfd)",
        );
    }

    #[test]
    fn rsa_pss_restrictions_name_unlisted_digests_null() {
        assert_prints(
            "3033302206092a864886f70d01010a3015a00e300c06082a864886f70d02050500a2030201f9030d00300a02030c55550203010001",
            "Public-Key: (20 bit)\nModulus: 808277 (0xc5555)\nExponent: 65537 (0x10001)\n\
             PSS parameter restrictions:\n  Hash Algorithm: <NULL>\n  Mask Algorithm: MGF1 with SHA1 (default)\n\
             \x20 Minimum Salt Length: -7\n  Trailer Field: 0x1 (default)",
        );
    }

    /// The key's own structures are read as the template decoder reads
    /// them: a long-form length and a high-tag-number INTEGER in the
    /// RSAPublicKey, a universal tag 0 element as the RSA-PSS hash's
    /// parameter (an ANY) — all load in `openssl x509 -text`.
    #[test]
    fn key_structures_follow_the_template_decoder() {
        let rsa = "2a864886f70d010101";
        let text = "Public-Key: (1 bit)\nModulus: 1 (0x1)\nExponent: 3 (0x3)";
        for key in ["308106020101020103", "30091f0201010282000103"] {
            assert_eq!(
                print_spki(&spki(rsa, Some("0500"), &bytes(key))),
                Ok(indented(text))
            );
        }
        let sha256_with_tag_0 = "3012a010300e0609608648016503040201000161";
        assert_eq!(
            print_spki(&spki(
                "2a864886f70d01010a",
                Some(sha256_with_tag_0),
                &bytes("300a02030c55550203010001")
            )),
            Ok(indented(
                "Public-Key: (20 bit)\nModulus: 808277 (0xc5555)\nExponent: 65537 (0x10001)\n\
                 PSS parameter restrictions:\n  Hash Algorithm: SHA2-256\n  Mask Algorithm: MGF1 with SHA1 (default)\n\
                 \x20 Minimum Salt Length: 20 (default)\n  Trailer Field: 0x1 (default)"
            ))
        );
    }

    #[test]
    fn dsa_public_value_keeps_its_sign() {
        assert_prints(
            "301c301406072a8648ce380401300902011702010b0201040304000201f9",
            "Public-Key: (5 bit)\npub:  -7 (-0x7)\nP:    23 (0x17)\nQ:    11 (0xb)\nG:    4 (0x4)",
        );
    }

    #[test]
    fn x942_dh_prints_j_seed_and_counter() {
        // Seed ab ff with 3 unused bits reads ab f8; counter 2^40 + 3 is
        // cut to a C int.
        assert_prints(
            "302e302606072a8648ce3e0201301b02011702010502010b020103300d030303abff0206010000000003030400020109",
            "DH Public-Key: (5 bit)\npublic-key: 9 (0x9)\nP:    23 (0x17)\nQ:    11 (0xb)\nG:    5 (0x5)\n\
             J:    3 (0x3)\nSEED:\n    ab:f8\npcounter: 3",
        );
    }

    #[test]
    fn x448_prints_the_raw_key() {
        let key: String = (0u8..56).map(|b| format!("{b:02x}")).collect();
        let lines: Vec<String> = (0u8..56)
            .collect::<Vec<_>>()
            .chunks(15)
            .map(|c| {
                format!(
                    "    {}",
                    c.iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<Vec<_>>()
                        .join(":")
                )
            })
            .collect();
        assert_prints(
            &format!("3042300506032b656f0339{}{key}", "00"),
            &format!("X448 Public-Key:\npub:\n{}", lines.join(":\n")),
        );
    }

    #[test]
    fn named_curve_with_compressed_point() {
        assert_prints(
            "3024301006072a8648ce3d020106052b810400060310000209487239995a5ee76b55f9c2f098",
            "Public-Key: (112 bit)\npub:\n    02:09:48:72:39:99:5a:5e:e7:6b:55:f9:c2:f0:98\nASN1 OID: secp112r1",
        );
    }

    #[test]
    fn explicit_parameters_with_their_own_order_keep_their_values() {
        // secp112r1's field and generator (compressed), order 0x1234567 too
        // small for a cofactor guess, a seed of its own.
        assert_prints(
            "30818b306906072a8648ce3d0201305e020101301a06072a8648ce3d0101020f00db7c2abf62e35e668076bead208b3026040edb7c2abf62e35e668076bead2088040e659ef8ba043916eede8911702b22030400112233040f0209487239995a5ee76b55f9c2f098020401234567031e000409487239995a5ee76b55f9c2f098a89ce5af8724c0a23e0e0ff77500",
            "Public-Key: (25 bit)\npub:\n    04:09:48:72:39:99:5a:5e:e7:6b:55:f9:c2:f0:98:\n    a8:9c:e5:af:87:24:c0:a2:3e:0e:0f:f7:75:00\n\
             Field Type: prime-field\nPrime:\n    00:db:7c:2a:bf:62:e3:5e:66:80:76:be:ad:20:8b\n\
             A:   \n    00:db:7c:2a:bf:62:e3:5e:66:80:76:be:ad:20:88\nB:   \n    65:9e:f8:ba:04:39:16:ee:de:89:11:70:2b:22\n\
             Generator (compressed):\n    02:09:48:72:39:99:5a:5e:e7:6b:55:f9:c2:f0:98\n\
             Order:  19088743 (0x1234567)\nCofactor:  0\nSeed:\n    11:22:33",
        );
    }

    #[test]
    fn explicit_binary_parameters_guess_the_cofactor() {
        // sect113r1 with a hybrid generator and an order that is no longer
        // the curve's: the cofactor is guessed as round((2^113 + 1) / n).
        assert_prints(
            "30819830818206072a8648ce3d02013077020101301c06072a8648ce3d0102301102017106092a8648ce3d010203020201093022040f003088250ca6e7c7fe649ce85820f7040f00e8bee4d3e2260744188be0e9c723041f07009d73616f35f4ab1407d73562c10f00a52830277958ee84d1315ed31886020f0100000000000000d9ccec8a39e56d03110003009d73616f35f4ab1407d73562c10f",
            "Public-Key: (113 bit)\npub:\n    03:00:9d:73:61:6f:35:f4:ab:14:07:d7:35:62:c1:\n    0f\n\
             Field Type: characteristic-two-field\nBasis Type: tpBasis\n\
             Polynomial:\n    02:00:00:00:00:00:00:00:00:00:00:00:00:02:01\n\
             A:   \n    30:88:25:0c:a6:e7:c7:fe:64:9c:e8:58:20:f7\nB:   \n    00:e8:be:e4:d3:e2:26:07:44:18:8b:e0:e9:c7:23\n\
             Generator (hybrid):\n    07:00:9d:73:61:6f:35:f4:ab:14:07:d7:35:62:c1:\n    0f:00:a5:28:30:27:79:58:ee:84:d1:31:5e:d3:18:\n    86\n\
             Order: \n    01:00:00:00:00:00:00:00:d9:cc:ec:8a:39:e5:6d\nCofactor:  2 (0x2)",
        );
    }

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(u8::try_from(content.len()).unwrap());
        } else {
            out.extend([0x81, u8::try_from(content.len()).unwrap()]);
        }
        out.extend_from_slice(content);
        out
    }

    /// A SubjectPublicKeyInfo from the algorithm OID's content (hex), the
    /// parameters' whole encoding (hex) if any, and the key bits.
    fn spki(oid_hex: &str, parameters_hex: Option<&str>, key: &[u8]) -> Vec<u8> {
        let mut algorithm = tlv(der::OID, &bytes(oid_hex));
        algorithm.extend(parameters_hex.map(bytes).unwrap_or_default());
        let mut bits = vec![0];
        bits.extend_from_slice(key);
        tlv(
            der::SEQUENCE,
            &[tlv(der::SEQUENCE, &algorithm), tlv(der::BIT_STRING, &bits)].concat(),
        )
    }

    const SECP112R1: &str = "06052b81040006";

    #[test]
    fn point_at_infinity_prints_no_key() {
        let ec = "2a8648ce3d0201";
        assert_eq!(
            print_spki(&spki(ec, Some(SECP112R1), &[0x00])),
            Ok(String::new())
        );
        // Only the single 00 octet is the point at infinity.
        assert!(print_spki(&spki(ec, Some(SECP112R1), &[0x00, 0x00])).is_err());
    }

    /// Keys libcrypto does not load (OpenSSL then prints its error queue) or
    /// whose loading is not reproduced here; the message says why.
    #[test]
    fn unloadable_keys_are_refused() {
        let rsa = "2a864886f70d010101";
        let pss = "2a864886f70d01010a";
        let rsa_key = bytes("300a02030c55550203010001");
        let md5 = "a00e300c06082a864886f70d02050500";
        let unknown_digest = "a00b300906072a03040506070805";
        let x25519 = "2b656e";
        let dsa = "2a8648ce380401";
        let dsa_parameters = "300902011702010b020104";
        let dhx = "2a8648ce3e0201";
        let ec = "2a8648ce3d0201";
        let mut off_curve = vec![0x04];
        off_curve.extend([0x11; 28]);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (spki(rsa, Some("0500"), &bytes("020105")), "RSAPublicKey"),
            (
                spki(rsa, Some("0500"), &bytes("300502030c5555")),
                "RSAPublicKey",
            ),
            (spki(pss, Some("0500"), &rsa_key), "not a SEQUENCE"),
            (
                spki(
                    pss,
                    Some("3016a114301206032a0304300b0609608648016503040201"),
                    &rsa_key,
                ),
                "RSA-PSS parameters that libcrypto does not decode",
            ),
            (
                spki(pss, Some(&format!("300d{unknown_digest}")), &rsa_key),
                "1.2.3.4.5.6.7.8",
            ),
            (
                spki(
                    pss,
                    Some("3011a10f300d06092a864886f70d0101080500"),
                    &rsa_key,
                ),
                "RSA-PSS parameters that libcrypto does not decode",
            ),
            (spki(x25519, None, &[1; 31]), "31 bytes"),
            (spki(x25519, Some("0500"), &[1; 32]), "parameters"),
            (spki(dsa, None, &bytes("020107")), "not a SEQUENCE"),
            (spki(dsa, Some("0500"), &bytes("020107")), "not a SEQUENCE"),
            (
                spki(dsa, Some(dsa_parameters), &bytes("02020007")),
                "INTEGER",
            ),
            (spki(dsa, Some(dsa_parameters), &bytes("0200")), "INTEGER"),
            (
                spki(dhx, Some("3006020117020105"), &bytes("020109")),
                "X9.42 DH parameters that libcrypto does not decode",
            ),
            (spki(ec, None, &off_curve), "no curve parameters"),
            (spki(ec, Some("0500"), &off_curve), "neither"),
            (
                spki(ec, Some("06032a0304"), &off_curve),
                "not built into libcrypto",
            ),
            (spki(ec, Some(SECP112R1), &off_curve), "EC point"),
            (spki(ec, Some(SECP112R1), &[0x05; 29]), "EC point"),
            (
                spki("2a0304050607080901", None, &[1, 2]),
                "1.2.3.4.5.6.7.8.9.1",
            ),
        ];
        assert!(print_spki(&spki(pss, Some(&format!("3010{md5}")), &rsa_key)).is_ok());
        for (spki, reason) in cases {
            let error = print_spki(&spki).expect_err(reason).to_string();
            assert!(error.contains(reason), "{reason}: {error}");
        }
    }

    /// The RSA-PSS digest table (ossl-pkey's) is what the installed
    /// libcrypto does: among all the objects it knows, exactly these
    /// resolve to a digest (EVP_get_digestbyobj is EVP_get_digestbynid of
    /// the OID's NID), and the digest's own NID decides the name.
    #[test]
    fn digest_table_matches_libcrypto() {
        use openssl::hash::MessageDigest;
        use openssl::nid::Nid;
        let names = [
            (64, "SHA1"),
            (675, "SHA2-224"),
            (672, "SHA2-256"),
            (673, "SHA2-384"),
            (674, "SHA2-512"),
            (1094, "SHA2-512/224"),
            (1095, "SHA2-512/256"),
        ];
        for (content, nid, ..) in crate::x509::oid_table::OBJECTS {
            let digest = MessageDigest::from_nid(Nid::from_raw(i32::from(*nid)));
            let ours = ossl_pkey::pss_digest(content);
            let dotted = crate::x509::oid::dotted(content);
            match (digest, ours) {
                (None, None) => {}
                (Some(digest), Some(ours)) => {
                    let type_nid = digest.type_().as_raw();
                    let expected = names.iter().find(|(n, _)| *n == type_nid).map(|(_, s)| *s);
                    assert_eq!(ours.name, expected, "{dotted}");
                    assert_eq!(ours.sha1, type_nid == 64, "{dotted}");
                }
                (digest, ours) => panic!(
                    "{dotted}: libcrypto {}, table {}",
                    digest.is_some(),
                    ours.is_some()
                ),
            }
        }
    }

    /// Keys with explicit parameters over curves that are not built in
    /// (ossl-pkey's tests/data/keys-custom.txt), put in a test certificate
    /// in place of its key: what prints is what OpenSSL 3.0's `openssl
    /// x509 -text` prints.
    #[test]
    fn custom_curves_print_as_openssl_prints_them() {
        use base64::Engine;
        use ossl_asn1::der::push_length;
        let path = format!(
            "{}/../ossl-pkey/tests/data/keys-custom.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        let keys = std::fs::read_to_string(&path).unwrap();
        let template = crate::x509::bundle_certificates("core.pem").remove(0);
        // The certificate's elements: TBS, then its fields.
        let elements = |bytes: &[u8]| -> Vec<(u8, Vec<u8>)> {
            let mut reader = Reader::new(bytes);
            let mut out = Vec::new();
            while !reader.is_empty() {
                let tlv = reader.read().unwrap();
                out.push((tlv.tag, tlv.content.to_vec()));
            }
            out
        };
        let encode = |tag: u8, content: &[u8]| {
            let mut out = vec![tag];
            push_length(&mut out, content.len());
            out.extend_from_slice(content);
            out
        };
        let cert = elements(&template);
        let cert = elements(&cert[0].1);
        let (mut printed, mut compared) = (0usize, 0usize);
        for line in keys.lines() {
            let (label, b64) = line.split_once(' ').unwrap();
            let spki = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            let tbs = elements(&cert[0].1);
            // The SubjectPublicKeyInfo is the 7th field of a v3 TBS.
            let mut content = Vec::new();
            for (i, (tag, value)) in tbs.iter().enumerate() {
                if i == 6 {
                    content.extend_from_slice(&spki);
                } else {
                    content.extend(encode(*tag, value));
                }
            }
            let mut whole = encode(der::SEQUENCE, &content);
            for (tag, value) in &cert[1..] {
                whole.extend(encode(*tag, value));
            }
            let certificate = encode(der::SEQUENCE, &whole);
            let theirs = crate::x509::ber_certificates::openssl_text(&certificate);
            if let Ok(ours) =
                crate::x509::x509_print(&certificate, session_model::OpenSslVersion::V3_0)
            {
                printed += 1;
                let theirs = theirs.unwrap_or_else(|| panic!("{label}: OpenSSL refuses it"));
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "{label}"
                );
            }
            compared += 1;
        }
        assert!(printed > compared / 3, "{printed} of {compared} printed");
    }

    /// Truncations and byte flips of every key type never panic; whatever
    /// prints still ends each line with a newline.
    #[test]
    fn hostile_variants_never_panic() {
        let samples = [
            "301b300d06092a864886f70d0101010500030a0030070202ff010201fd",
            "3033302206092a864886f70d01010a3015a00e300c06082a864886f70d02050500a2030201f9030d00300a02030c55550203010001",
            "301c301406072a8648ce380401300902011702010b0201040304000201f9",
            "302e302606072a8648ce3e0201301b02011702010502010b020103300d030303abff0206010000000003030400020109",
            "3024301006072a8648ce3d020106052b810400060310000209487239995a5ee76b55f9c2f098",
            "30818b306906072a8648ce3d0201305e020101301a06072a8648ce3d0101020f00db7c2abf62e35e668076bead208b3026040edb7c2abf62e35e668076bead2088040e659ef8ba043916eede8911702b22030400112233040f0209487239995a5ee76b55f9c2f098020401234567031e000409487239995a5ee76b55f9c2f098a89ce5af8724c0a23e0e0ff77500",
            "30819830818206072a8648ce3d02013077020101301c06072a8648ce3d0102301102017106092a8648ce3d010203020201093022040f003088250ca6e7c7fe649ce85820f7040f00e8bee4d3e2260744188be0e9c723041f07009d73616f35f4ab1407d73562c10f00a52830277958ee84d1315ed31886020f0100000000000000d9ccec8a39e56d03110003009d73616f35f4ab1407d73562c10f",
        ];
        for sample in samples {
            let spki = bytes(sample);
            let mut variants = Vec::new();
            for cut in 0..spki.len() {
                variants.push(spki[..cut].to_vec());
            }
            for at in 0..spki.len() {
                for flip in [0x01, 0x80, 0xFF] {
                    let mut changed = spki.clone();
                    changed[at] ^= flip;
                    variants.push(changed);
                }
            }
            for variant in variants {
                if let Ok(text) = print_spki(&variant) {
                    assert!(text.is_empty() || text.ends_with('\n'), "{text:?}");
                }
            }
        }
    }
}
