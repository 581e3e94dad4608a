//! The measured operations, shared by the criterion benchmarks and the
//! callgrind driver so that both measure exactly the same code.

use std::hint::black_box;

use bytes::Bytes;
use openssl::ssl::SslSession;
use session_der::OpenSslVersion;

use crate::peers;
use session_der::{
    decode, decode_bytes, decode_with, encode, encode_into, encoded_len, CowSession, DecodeOptions,
    SessionRef, Target,
};

/// One measured operation on one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `decode_with::<SessionRef<'_>>(x, &DecodeOptions::strict())`: borrowed view, certificate checked.
    DecodeStrict,
    /// The same with `check_certificate(false)`.
    DecodeStrictNoCert,
    /// `decode_with::<CowSession<'_>>(x, &DecodeOptions::openssl_version(OpenSslVersion::V3_0))`: OpenSSL 3.0's acceptance, `Cow` storage.
    DecodeOpenSsl,
    /// The same with `check_certificate(false)`.
    DecodeOpenSslNoCert,
    /// `decode_bytes(&shared, &DecodeOptions::strict())`: an owned `Bytes` session over
    /// a buffer already shared (`Bytes::from_owner`).
    DecodeBytes,
    /// The same with `check_certificate(false)`.
    DecodeBytesNoCert,
    /// OpenSSL 3.0: `SslSession::from_der` (`d2i_SSL_SESSION`), then `SSL_SESSION_free`.
    DecodeLibssl,
    /// The floor: copy the input into a buffer that already exists (`memcpy`).
    Copy,
    /// The floor with an allocation: `input.to_vec()` and its drop.
    CopyVec,
    /// `encode_into(&view, Target::Auto, &mut buf)` (Exact for a decoded session).
    EncodeInto,
    /// `encode(&view, Target::Auto)`: a new `Vec`, wiped on drop.
    EncodeVec,
    /// `encoded_len(&view, Target::Auto)`, the length query.
    EncodedLen,
    /// OpenSSL 3.0: `SslSession::to_der` (`i2d_SSL_SESSION` twice, into a new `Vec`).
    EncodeLibssl,
    /// The schema with rust-asn1's derive: `asn1::parse_single` into
    /// [`peers::rust_asn1::Session`] (borrowed, certificate raw).
    PeerAsn1Decode,
    /// The schema with RustCrypto's `der` derive: `Decode::from_der` into
    /// [`peers::der::Session`] (borrowed, certificate raw).
    PeerDerDecode,
    /// The schema with `rasn`'s derive: `rasn::der::decode` into
    /// [`peers::rasn::Session`] (owned: every string copied).
    PeerRasnDecode,
    /// `asn1::write_single` of a decoded [`peers::rust_asn1::Session`]: a new `Vec`
    /// (the crate cannot write into a caller's buffer).
    PeerAsn1Encode,
    /// `Encode::encode_to_slice` of a decoded [`peers::der::Session`] into a buffer.
    PeerDerEncode,
    /// `rasn::der::encode_buf` of a decoded [`peers::rasn::Session`] into a
    /// reused `Vec` (the crate cannot write into a slice).
    PeerRasnEncode,
}

impl Op {
    /// Every operation.
    pub const ALL: [Op; 19] = [
        Op::DecodeStrict,
        Op::DecodeStrictNoCert,
        Op::DecodeOpenSsl,
        Op::DecodeOpenSslNoCert,
        Op::DecodeBytes,
        Op::DecodeBytesNoCert,
        Op::DecodeLibssl,
        Op::Copy,
        Op::CopyVec,
        Op::EncodeInto,
        Op::EncodeVec,
        Op::EncodedLen,
        Op::EncodeLibssl,
        Op::PeerAsn1Decode,
        Op::PeerDerDecode,
        Op::PeerRasnDecode,
        Op::PeerAsn1Encode,
        Op::PeerDerEncode,
        Op::PeerRasnEncode,
    ];

    /// The name used on command lines and in benchmark ids.
    pub const fn name(self) -> &'static str {
        match self {
            Op::DecodeStrict => "ours-strict",
            Op::DecodeStrictNoCert => "ours-strict-nocert",
            Op::DecodeOpenSsl => "ours-opensslmode",
            Op::DecodeOpenSslNoCert => "ours-opensslmode-nocert",
            Op::DecodeBytes => "ours-bytes",
            Op::DecodeBytesNoCert => "ours-bytes-nocert",
            Op::DecodeLibssl => "openssl-d2i",
            Op::Copy => "copy",
            Op::CopyVec => "copy-vec",
            Op::EncodeInto => "ours-encode-into",
            Op::EncodeVec => "ours-encode-vec",
            Op::EncodedLen => "ours-encoded-len",
            Op::EncodeLibssl => "openssl-i2d",
            Op::PeerAsn1Decode => "peer-asn1-decode",
            Op::PeerDerDecode => "peer-der-decode",
            Op::PeerRasnDecode => "peer-rasn-decode",
            Op::PeerAsn1Encode => "peer-asn1-encode",
            Op::PeerDerEncode => "peer-der-encode",
            Op::PeerRasnEncode => "peer-rasn-encode",
        }
    }

    /// The operation with this [`Op::name`].
    pub fn from_name(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Whether this is a decode-side operation (else encode-side; the copies are both).
    pub const fn is_decode(self) -> bool {
        matches!(
            self,
            Op::DecodeStrict
                | Op::DecodeStrictNoCert
                | Op::DecodeOpenSsl
                | Op::DecodeOpenSslNoCert
                | Op::DecodeBytes
                | Op::DecodeBytesNoCert
                | Op::DecodeLibssl
                | Op::PeerAsn1Decode
                | Op::PeerDerDecode
                | Op::PeerRasnDecode
        )
    }

    /// Prepares everything the operation needs from `der` (decoded sessions,
    /// buffers, the shared `Bytes`), runs it once, and returns a closure that
    /// runs it again each time it is called. Only the closure is measured.
    ///
    /// # Errors
    /// The input does not decode (by us or by OpenSSL).
    pub fn prepare(self, der: &[u8]) -> Result<Box<dyn FnMut() + '_>, String> {
        let strict = DecodeOptions::strict();
        let strict_nocert = DecodeOptions::strict().check_certificate(false);
        let openssl_mode = DecodeOptions::openssl_version(OpenSslVersion::V3_0);
        let openssl_nocert =
            DecodeOptions::openssl_version(OpenSslVersion::V3_0).check_certificate(false);
        let mut run: Box<dyn FnMut() + '_> = match self {
            Op::DecodeStrict => Box::new(move || {
                let _ = black_box(decode_with::<SessionRef<'_>>(black_box(der), &strict));
            }),
            Op::DecodeStrictNoCert => Box::new(move || {
                let _ = black_box(decode_with::<SessionRef<'_>>(
                    black_box(der),
                    &strict_nocert,
                ));
            }),
            Op::DecodeOpenSsl => Box::new(move || {
                let _ = black_box(decode_with::<CowSession<'_>>(black_box(der), &openssl_mode));
            }),
            Op::DecodeOpenSslNoCert => Box::new(move || {
                let _ = black_box(decode_with::<CowSession<'_>>(
                    black_box(der),
                    &openssl_nocert,
                ));
            }),
            Op::DecodeBytes | Op::DecodeBytesNoCert => {
                let opts = if self == Op::DecodeBytes {
                    strict
                } else {
                    strict_nocert
                };
                // A buffer that is already shared: slicing it only bumps a count.
                let shared = Bytes::from_owner(der.to_vec());
                Box::new(move || {
                    let _ = black_box(decode_bytes(black_box(&shared), &opts));
                })
            }
            Op::DecodeLibssl => Box::new(move || {
                let _ = black_box(SslSession::from_der(black_box(der)));
            }),
            Op::Copy => {
                let mut buf = vec![0u8; der.len()];
                Box::new(move || {
                    buf.copy_from_slice(black_box(der));
                    black_box(&mut buf);
                })
            }
            Op::CopyVec => Box::new(move || {
                black_box(black_box(der).to_vec());
            }),
            Op::EncodeInto | Op::EncodeVec | Op::EncodedLen => {
                let view = decode(der).map_err(|e| e.to_string())?;
                let mut buf = vec![0u8; der.len()];
                match self {
                    Op::EncodeInto => Box::new(move || {
                        let _ = black_box(encode_into(black_box(&view), Target::Auto, &mut buf));
                    }),
                    Op::EncodeVec => Box::new(move || {
                        let _ = black_box(encode(black_box(&view), Target::Auto));
                    }),
                    _ => Box::new(move || {
                        let _ = black_box(encoded_len(black_box(&view), Target::Auto));
                    }),
                }
            }
            Op::EncodeLibssl => {
                let session = SslSession::from_der(der).map_err(|e| e.to_string())?;
                Box::new(move || {
                    let _ = black_box(black_box(&session).to_der());
                })
            }
            Op::PeerAsn1Decode => Box::new(move || {
                let _ = black_box(peers::rust_asn1::decode(black_box(der)));
            }),
            Op::PeerDerDecode => Box::new(move || {
                let _ = black_box(peers::der::decode(black_box(der)));
            }),
            Op::PeerRasnDecode => Box::new(move || {
                let _ = black_box(peers::rasn::decode(black_box(der)));
            }),
            Op::PeerAsn1Encode => {
                let session = peers::rust_asn1::decode(der).map_err(|e| format!("{e:?}"))?;
                Box::new(move || {
                    let _ = black_box(peers::rust_asn1::encode(black_box(&session)));
                })
            }
            Op::PeerDerEncode => {
                let session = peers::der::decode(der).map_err(|e| e.to_string())?;
                let mut buf = vec![0u8; der.len()];
                Box::new(move || {
                    let _ = black_box(peers::der::encode_into(black_box(&session), &mut buf));
                })
            }
            Op::PeerRasnEncode => {
                let session = peers::rasn::decode(der).map_err(|e| e.to_string())?;
                let mut buf = Vec::with_capacity(der.len());
                Box::new(move || {
                    let _ = black_box(peers::rasn::encode_into(black_box(&session), &mut buf));
                })
            }
        };
        // Check once, outside any measurement, that the operation succeeds on
        // this input: a benchmark of an error path would be meaningless.
        let works = match self {
            Op::DecodeStrict => decode_with::<SessionRef<'_>>(der, &strict).is_ok(),
            Op::DecodeStrictNoCert | Op::DecodeBytesNoCert => {
                decode_with::<SessionRef<'_>>(der, &strict_nocert).is_ok()
            }
            Op::DecodeBytes => decode_with::<SessionRef<'_>>(der, &strict).is_ok(),
            Op::DecodeOpenSsl => decode_with::<CowSession<'_>>(der, &openssl_mode).is_ok(),
            Op::DecodeOpenSslNoCert => decode_with::<CowSession<'_>>(der, &openssl_nocert).is_ok(),
            Op::DecodeLibssl => SslSession::from_der(der).is_ok(),
            Op::PeerAsn1Decode => peers::rust_asn1::decode(der).is_ok(),
            Op::PeerDerDecode => peers::der::decode(der).is_ok(),
            Op::PeerRasnDecode => peers::rasn::decode(der).is_ok(),
            _ => true,
        };
        if !works {
            return Err(format!("{}: the input does not decode", self.name()));
        }
        run();
        Ok(run)
    }
}
