//! `[20]` peer_rpk (OpenSSL 3.2+): `d2i_SSL_SESSION` reads the OCTET
//! STRING's content with `d2i_PUBKEY_ex` (ssl/ssl_asn1.c) and fails when
//! no key loads — a malformed SubjectPublicKeyInfo, and as much a key the
//! release's libcrypto refuses (an EC point off its curve, an ML-KEM
//! coefficient not below q, an algorithm it has no decoder for). Whether a
//! key loads, release by release, is the `ossl-pkey` crate's.

use ossl_pkey::{load, load_with, marshal_boringssl_peer, Loader, Release};
use session_model::OpenSslVersion;

use crate::error::ErrorKind;

/// The releases whose `d2i_PUBKEY` a strict decode must satisfy: every
/// supported one that reads `[20]`.
const READERS_OF_20: [Release; 3] = [Release::V3_5, Release::V3_6, Release::V4_0];

/// The `ossl-pkey` release of an OpenSSL version; `None` for 1.1.1, whose
/// key loading is not reproduced (it has no `[20]` to read).
pub(crate) fn release(version: OpenSslVersion) -> Option<Release> {
    Some(match version {
        OpenSslVersion::V1_1_1 => return None,
        OpenSslVersion::V3_0 => Release::V3_0,
        OpenSslVersion::V3_5 => Release::V3_5,
        OpenSslVersion::V3_6 => Release::V3_6,
        // 4.0 and any later version: the newest rules known.
        _ => Release::V4_0,
    })
}

/// `d2i_PUBKEY_ex` of `release` on `[20]`'s content. A key whose loading
/// `ossl-pkey` does not reproduce (explicit EC parameters over a curve that
/// is not built in, which 3.x loads or not by its own arithmetic) is
/// refused too: the decoder never accepts what the release may refuse.
pub(crate) fn check_peer_rpk(content: &[u8], release: Release) -> Result<(), ErrorKind> {
    load(content, release)
        .map(drop)
        .map_err(|_| ErrorKind::InvalidPublicKey)
}

/// Strict mode: the key must load in every release that reads `[20]`, so
/// that a session strict mode accepts is one all of them accept, and be in
/// DER throughout, as their `i2d_PUBKEY` writes it back: BER inside (an
/// indefinite or long-form length, a segmented BIT STRING) would not
/// survive OpenSSL's round trip.
pub(crate) fn check_peer_rpk_everywhere(content: &[u8]) -> Result<(), ErrorKind> {
    READERS_OF_20
        .iter()
        .try_for_each(|&release| check_peer_rpk(content, release))?;
    if crate::x509::spki_as_openssl_writes(content).as_deref() != Some(content) {
        return Err(ErrorKind::InvalidPublicKey);
    }
    Ok(())
}

/// BoringSSL's `[33]` peerRawPublicKey: `SSL_SESSION_parse` (ssl/ssl_asn1.cc)
/// reads it with `ssl_parse_peer_subject_public_key_info`, libssl's own
/// key parser (strict DER; RSA, EC P-256/P-384/P-521, Ed25519, ML-DSA
/// only), not OpenSSL's `d2i_PUBKEY`: `ossl-pkey`'s
/// [`Loader::BoringSslPeer`].
pub(crate) fn check_peer_rpk_boringssl(spki: &[u8]) -> Result<(), ErrorKind> {
    load_with(spki, Loader::BoringSslPeer)
        .map(drop)
        .map_err(|_| ErrorKind::InvalidPublicKey)
}

/// What BoringSSL's `SSL_SESSION_to_bytes` writes as `[33]` for a key it
/// read: `EVP_marshal_public_key` of the loaded key (an EC point read
/// compressed is written uncompressed). A key BoringSSL would not load (a
/// session built, not read) is written as it is, and the BoringSSL reader
/// then refuses the result.
pub(crate) fn boringssl_written(spki: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match marshal_boringssl_peer(spki) {
        Ok(written) => written.into(),
        Err(_) => spki.into(),
    }
}
