#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

// The template reader and the two structures the key decoders share with
// session-text's certificate printer (extension values, signature
// parameters): one copy, here, where key loading needs them. Not a stable
// API of this crate.
#[doc(hidden)]
pub mod ber;
#[doc(hidden)]
pub mod integer;
#[doc(hidden)]
pub mod pss;

mod boring;
mod ec;
mod ffc;
mod field;
mod oid;
mod pq;
mod rsa;
mod tables;
mod values;

use std::fmt;

pub use ec::{EcGroup, EcKey, ExplicitCurve, FieldKind};
pub use ffc::{DhKey, DsaKey, FfcParams};
pub use pq::{MlDsa, MlKem, SlhDsa};
pub use rsa::{Digest, PssRestrictions, RsaKey};

// For session-text's digest-table test and key printers; not a stable API.
#[doc(hidden)]
pub use rsa::pss_digest;
#[doc(hidden)]
pub use values::num_bits;

use ber::{Decoded, Element, Parser, Undecodable};

/// The OpenSSL releases whose `d2i_PUBKEY` this crate reproduces.
///
/// OpenSSL 1.1.1 is not among them: its sessions have no `[20]`, and its
/// key loading (the `EVP_PKEY_ASN1_METHOD`s alone) is another path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Release {
    /// OpenSSL 3.0.
    V3_0,
    /// OpenSSL 3.5 (LTS): adds ML-KEM, ML-DSA and SLH-DSA keys.
    V3_5,
    /// OpenSSL 3.6: loads what 3.5 loads (its LMS decoder reads only the
    /// XDR form, and LMS is off in a default build).
    V3_6,
    /// OpenSSL 4.0: built without `ec_explicit_curves` by default, so
    /// explicit EC parameters load only when they name a built-in curve.
    V4_0,
}

impl Release {
    /// Every release, oldest first.
    pub const ALL: [Release; 4] = [Release::V3_0, Release::V3_5, Release::V3_6, Release::V4_0];

    /// Whether the default provider has the post-quantum key types (3.5+).
    fn has_post_quantum(self) -> bool {
        self >= Release::V3_5
    }

    /// The algorithm OIDs that load as DSA keys.
    fn dsa_oids(self) -> &'static [&'static [u8]] {
        if self >= Release::V3_5 {
            &oid::DSA[..oid::DSA_SINCE_3_5]
        } else {
            oid::DSA
        }
    }

    /// Whether explicit EC parameters over a curve that is not built in
    /// load (`OPENSSL_NO_EC_EXPLICIT_CURVES` is unset: 3.x; 4.0's
    /// Configure disables `ec_explicit_curves` by default, and
    /// `d2i_ECPKParameters` then refuses a group
    /// `EC_GROUP_check_named_curve` does not find).
    fn loads_explicit_curves(self) -> bool {
        self < Release::V4_0
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Release::V3_0 => "3.0",
            Release::V3_5 => "3.5",
            Release::V3_6 => "3.6",
            Release::V4_0 => "4.0",
        })
    }
}

/// Whose key loading [`load_with`] reproduces: OpenSSL's `d2i_PUBKEY` of a
/// release, or another library's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Loader {
    /// OpenSSL's `d2i_PUBKEY_ex` of this release: [`load`].
    OpenSsl(Release),
    /// BoringSSL's libssl, `ssl_parse_peer_subject_public_key_info`
    /// (ssl/ssl_privkey.cc, the BoringSSL `boring-sys` 5.4.0 vendors): how it
    /// reads a session's `[33]` peer raw public key and a peer's TLS raw
    /// public key. Strict DER; RSA (NULL parameters; n odd, 512 to 16384
    /// bits; e odd, 2 to 33 bits), EC on P-256, P-384 and P-521 (a named
    /// curve; a compressed or uncompressed point on the curve), Ed25519 and
    /// ML-DSA-44/65/87 (no parameters, the exact length); any other
    /// algorithm is refused.
    BoringSslPeer,
}

impl From<Release> for Loader {
    fn from(release: Release) -> Self {
        Loader::OpenSsl(release)
    }
}

impl fmt::Display for Loader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loader::OpenSsl(release) => write!(f, "OpenSSL {release}"),
            Loader::BoringSslPeer => f.write_str("BoringSSL (libssl peer keys)"),
        }
    }
}

/// Why a key is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefusalKind {
    /// libcrypto does not load the key.
    NotLoaded,
    /// libcrypto's answer is not reproduced here (explicit EC parameters
    /// over a curve that is not built in, under 3.x); a caller that must
    /// not disagree with libcrypto refuses such a key.
    Unsupported,
}

/// A key libcrypto does not load, or whose loading is not reproduced, and
/// why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    kind: RefusalKind,
    reason: String,
}

impl Refused {
    pub(crate) fn not_loaded(reason: impl Into<String>) -> Self {
        Refused {
            kind: RefusalKind::NotLoaded,
            reason: reason.into(),
        }
    }

    pub(crate) fn unsupported(reason: impl Into<String>) -> Self {
        Refused {
            kind: RefusalKind::Unsupported,
            reason: reason.into(),
        }
    }

    /// Whether libcrypto certainly refuses the key.
    pub fn kind(&self) -> RefusalKind {
        self.kind
    }

    /// The reason, in words.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Refused {}

/// Turns a failure to decode `what` (read as the `d2i_*` functions key
/// loading calls read it) into the reason the key is refused.
pub(crate) fn undecodable(what: &str) -> impl FnOnce(Undecodable) -> Refused + '_ {
    move |error| match error {
        Undecodable::Rejected => Refused::not_loaded(format!(
            "{what} that libcrypto does not decode; it does not load the key"
        )),
        Undecodable::Unsupported(why) => Refused::unsupported(format!("{what}: {why}")),
    }
}

/// A `BIGNUM` field as `bn_c2i` (crypto/asn1/x_bignum.c) of `release`
/// reads it: up to 3.6 any content is taken as an unsigned magnitude
/// ([`ber::Element::bignum`]); 4.0 refuses empty content and content whose
/// top bit is set ("encodings that imply a negative number").
pub(crate) fn bignum<'a>(element: &Element<'a>, release: Release) -> Decoded<&'a [u8]> {
    let content = element.bignum()?;
    if release >= Release::V4_0 && content.first().is_none_or(|&b| b & 0x80 != 0) {
        return ber::rejected();
    }
    Ok(content)
}

/// One element as an identifier octet and its content: an algorithm's
/// parameters as `X509_ALGOR` keeps them (an `ASN1_TYPE`), for the
/// decoders that read them again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet (low-tag-number form; a number above 30 is
    /// given as `0xFF`, which no decoder wants).
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// The element as `ASN1_TYPE` keeps it: a tag number below 31 written
    /// in the high-tag-number form is that tag.
    pub fn from_element(element: &Element<'a>) -> Self {
        let tag = match u8::try_from(element.number) {
            Ok(number) if number < 31 => {
                element.class | if element.is_constructed() { 0x20 } else { 0 } | number
            }
            _ => 0xFF,
        };
        Tlv {
            tag,
            content: element.content(),
        }
    }
}

/// A public key as libcrypto holds it once loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// rsaEncryption (or X.500's rsa, an alias).
    Rsa(RsaKey),
    /// id-RSASSA-PSS, with the restrictions its parameters set (`None`:
    /// absent parameters, no restrictions).
    RsaPss(RsaKey, Option<PssRestrictions>),
    /// id-ecPublicKey (SM2's curve included).
    Ec(EcKey),
    /// X25519, X448, Ed25519 or Ed448: the key type and the raw key.
    Ecx(EcxKind, Vec<u8>),
    /// DSA (dsaEncryption and the OIDs libcrypto aliases to it).
    Dsa(DsaKey),
    /// PKCS #3 DH (dhKeyAgreement).
    Dh(DhKey),
    /// X9.42 DH (dhpublicnumber).
    Dhx(DhKey),
    /// ML-KEM (FIPS 203), OpenSSL 3.5+.
    MlKem(MlKem, Vec<u8>),
    /// ML-DSA (FIPS 204), OpenSSL 3.5+.
    MlDsa(MlDsa, Vec<u8>),
    /// SLH-DSA (FIPS 205), OpenSSL 3.5+.
    SlhDsa(SlhDsa, Vec<u8>),
}

/// The four keys of crypto/ec/ecx_meth.c.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EcxKind {
    /// X25519 (1.3.101.110), 32 bytes.
    X25519,
    /// X448 (1.3.101.111), 56 bytes.
    X448,
    /// Ed25519 (1.3.101.112), 32 bytes.
    Ed25519,
    /// Ed448 (1.3.101.113), 57 bytes.
    Ed448,
}

impl EcxKind {
    /// The key length `ecx_pub_decode` wants.
    pub fn key_len(self) -> usize {
        match self {
            EcxKind::X25519 | EcxKind::Ed25519 => 32,
            EcxKind::X448 => 56,
            EcxKind::Ed448 => 57,
        }
    }

    /// The name `ecx_to_text` prints.
    pub fn name(self) -> &'static str {
        match self {
            EcxKind::X25519 => "X25519",
            EcxKind::X448 => "X448",
            EcxKind::Ed25519 => "ED25519",
            EcxKind::Ed448 => "ED448",
        }
    }
}

/// `d2i_PUBKEY_ex(NULL, &p, len, libctx, NULL)` of `release` on `spki`:
/// the key libcrypto holds, or why it holds none.
///
/// As `d2i_PUBKEY` does, one SubjectPublicKeyInfo is read (with the
/// template decoder's BER leniencies) and whatever follows it is ignored.
///
/// ```
/// use ossl_pkey::{load, PublicKey, Release};
///
/// // An X25519 key of the right length loads; one byte short, it does not.
/// let mut spki = vec![0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x03, 0x21, 0x00];
/// spki.extend([7u8; 32]);
/// assert!(matches!(load(&spki, Release::V3_5), Ok(PublicKey::Ecx(..))));
/// let short = [&[0x30, 0x29, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x03, 0x20, 0x00][..], &[7u8; 31]].concat();
/// assert!(load(&short, Release::V3_5).is_err());
/// ```
pub fn load(spki: &[u8], release: Release) -> Result<PublicKey, Refused> {
    let (whole, algorithm, parameters, key) =
        read_spki(spki).map_err(undecodable("a SubjectPublicKeyInfo"))?;
    load_key(whole, algorithm, parameters, &key, release)
}

/// Whether `loader`'s library loads the DER SubjectPublicKeyInfo `spki`,
/// and the key it holds: [`load`] for an OpenSSL release, and for
/// [`Loader::BoringSslPeer`] BoringSSL's libssl parser, which wants exactly
/// one DER SubjectPublicKeyInfo (nothing after it).
///
/// ```
/// use ossl_pkey::{load_with, Loader, PublicKey, Release};
///
/// // An Ed25519 key loads in both; an X25519 key only in OpenSSL: X25519
/// // is not in BoringSSL's libssl list.
/// let mut ed = vec![0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];
/// ed.extend([7u8; 32]);
/// assert!(matches!(load_with(&ed, Loader::BoringSslPeer), Ok(PublicKey::Ecx(..))));
/// assert!(load_with(&ed, Release::V3_5.into()).is_ok());
/// let mut x = ed.clone();
/// x[8] = 0x6E;
/// assert!(load_with(&x, Loader::BoringSslPeer).is_err());
/// assert!(load_with(&x, Loader::OpenSsl(Release::V3_5)).is_ok());
/// ```
pub fn load_with(spki: &[u8], loader: Loader) -> Result<PublicKey, Refused> {
    match loader {
        Loader::OpenSsl(release) => load(spki, release),
        Loader::BoringSslPeer => boring::load_peer(spki),
    }
}

/// The SubjectPublicKeyInfo BoringSSL writes for `spki` once its libssl
/// has loaded it (`EVP_marshal_public_key`, which `SSL_SESSION_to_bytes`
/// uses for `[33]`): the same bytes, except that an EC point read in
/// compressed form is written uncompressed. Refused as
/// [`load_with`]`(spki, Loader::BoringSslPeer)` refuses.
///
/// ```
/// use ossl_pkey::marshal_boringssl_peer;
///
/// fn bytes(hex: &str) -> Vec<u8> {
///     (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
/// }
/// // P-256's generator, compressed (03: its y is odd), comes back uncompressed.
/// let spki = bytes(concat!(
///     "3039301306072a8648ce3d020106082a8648ce3d030107032200",
///     "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
/// ));
/// let written = marshal_boringssl_peer(&spki).expect("BoringSSL loads it");
/// assert_eq!(written[..28], bytes("3059301306072a8648ce3d020106082a8648ce3d030107034200046b")[..]);
/// assert!(written.ends_with(&bytes("cbb6406837bf51f5")));
/// ```
pub fn marshal_boringssl_peer(spki: &[u8]) -> Result<Vec<u8>, Refused> {
    let key = boring::load_peer(spki)?;
    boring::marshal(&key).ok_or_else(|| {
        Refused::unsupported("a key libssl loads that BoringSSL's marshal is not reproduced for")
    })
}

/// The parts of a SubjectPublicKeyInfo as `X509_PUBKEY_INTERNAL` decodes
/// them: its whole encoding as read, the algorithm OID, the parameter (an
/// ANY) and the key bits with their unused bits cleared
/// (`c2i_ASN1_BIT_STRING`).
type SpkiParts<'a> = (&'a [u8], &'a [u8], Option<Element<'a>>, Vec<u8>);

fn read_spki(spki: &[u8]) -> Decoded<SpkiParts<'_>> {
    let element = Parser::new(spki).expect(ber::SEQUENCE)?;
    let whole = element.whole();
    let mut fields = element.sequence()?;
    let (algorithm, parameters) = pss::algorithm(fields.expect(ber::SEQUENCE)?)?;
    let key = fields.expect(ber::BIT_STRING)?.bit_string()?;
    fields.finish()?;
    Ok((whole, algorithm, parameters, key.view().cleared_bytes()))
}

/// The key type the default provider's decoders make of an algorithm OID
/// (`OBJ_obj2txt` names it, and the name map holds the provider's names,
/// the OIDs among them, and the legacy aliases of crypto/*/\*_ameth.c).
fn load_key(
    whole: &[u8],
    algorithm: &[u8],
    parameters: Option<Element<'_>>,
    key: &[u8],
    release: Release,
) -> Result<PublicKey, Refused> {
    let tlv = parameters.as_ref().map(Tlv::from_element);
    match algorithm {
        oid::RSA_ENCRYPTION | oid::RSA_X500 => rsa::load_rsa(key, release).map(PublicKey::Rsa),
        oid::RSASSA_PSS => rsa::load_pss(tlv, key, release).map(|(k, r)| PublicKey::RsaPss(k, r)),
        oid::EC_PUBLIC_KEY => ec::load(tlv, key, release).map(PublicKey::Ec),
        oid::X25519 => load_ecx(EcxKind::X25519, tlv, key),
        oid::X448 => load_ecx(EcxKind::X448, tlv, key),
        oid::ED25519 => load_ecx(EcxKind::Ed25519, tlv, key),
        oid::ED448 => load_ecx(EcxKind::Ed448, tlv, key),
        oid::DH_KEY_AGREEMENT => ffc::load_dh(tlv, key, release).map(PublicKey::Dh),
        oid::DH_PUBLIC_NUMBER => ffc::load_dhx(tlv, key, release).map(PublicKey::Dhx),
        oid::SM2 => ec::load_sm2(tlv, key, release).map(PublicKey::Ec),
        _ if release.dsa_oids().contains(&algorithm) => {
            ffc::load_dsa(tlv, key, release).map(PublicKey::Dsa)
        }
        _ if release.has_post_quantum() => match pq::load(whole, algorithm) {
            Some(loaded) => loaded,
            None => Err(unknown(algorithm)),
        },
        _ => Err(unknown(algorithm)),
    }
}

fn unknown(algorithm: &[u8]) -> Refused {
    Refused::not_loaded(format!(
        "public key algorithm {} has no decoder in libcrypto",
        oid::dotted(algorithm)
    ))
}

/// `ecx_pub_decode` (crypto/ec/ecx_meth.c) wants no parameters and exactly
/// the key length.
fn load_ecx(kind: EcxKind, parameters: Option<Tlv<'_>>, key: &[u8]) -> Result<PublicKey, Refused> {
    let label = kind.name();
    if parameters.is_some() {
        return Err(Refused::not_loaded(format!(
            "{label} key with parameters; libcrypto does not load it"
        )));
    }
    if key.len() != kind.key_len() {
        return Err(Refused::not_loaded(format!(
            "{label} key of {} bytes, not {}; libcrypto does not load it",
            key.len(),
            kind.key_len()
        )));
    }
    Ok(PublicKey::Ecx(kind, key.to_vec()))
}

/// The parts of a certificate's SubjectPublicKeyInfo, already read (as
/// DER), loaded as [`load`] loads the whole: for printers that read the
/// certificate themselves. `parameters` is the algorithm's parameter
/// element, if any.
pub fn load_parts(
    algorithm: &[u8],
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    release: Release,
) -> Result<PublicKey, Refused> {
    // Rebuild the SubjectPublicKeyInfo: the post-quantum decoders compare
    // its encoding with a fixed DER prefix.
    let mut algorithm_der = Vec::new();
    push_tlv(&mut algorithm_der, ber::OBJECT, algorithm);
    if let Some(p) = parameters {
        push_tlv(&mut algorithm_der, p.tag, p.content);
    }
    let mut bits = Vec::with_capacity(key.len() + 1);
    bits.push(0);
    bits.extend_from_slice(key);
    let mut content = Vec::new();
    push_tlv(&mut content, ber::SEQUENCE, &algorithm_der);
    push_tlv(&mut content, ber::BIT_STRING, &bits);
    let mut spki = Vec::new();
    push_tlv(&mut spki, ber::SEQUENCE, &content);
    load(&spki, release)
}

fn push_tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    ossl_asn1::der::push_length(out, content.len());
    out.extend_from_slice(content);
}
