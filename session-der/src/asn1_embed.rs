//! A session as an element of rust-asn1 structures (feature `asn1`).
//!
//! rust-asn1 users describe their own records with `#[derive(asn1::Asn1Read,
//! asn1::Asn1Write)]`; [`Asn1Session`] lets such a record hold a session as
//! one of its elements — read by this crate's strict decoder (zero-copy, all
//! of OpenSSL's checks) and written by its encoder, so the session's bytes are
//! exactly what `decode` and `encode` agree on.

use asn1::{Asn1Readable, Asn1Writable, ParseError, ParseErrorKind, SimpleAsn1Readable, Tag};
use session_model::{ByteStorage, Session, SessionRef};

use crate::{decode, encode_into, encoded_len, Target};

/// A session held as a rust-asn1 element.
///
/// Reading takes a [`SessionRef`] (`Asn1Session<SessionRef<'a>>`): the
/// element must be one strict-DER session; rust-asn1's error says only that
/// the value is invalid, so call [`decode`] on the element's bytes for the
/// field and offset. Writing takes a session of any storage, or a reference
/// to one, and writes what [`encode`](crate::encode) with [`Target::Auto`]
/// writes.
///
/// The writer's buffer belongs to rust-asn1 and is not wiped: it holds the
/// master key, so wipe the `Vec` you get back (e.g. with `zeroize`).
///
/// ```
/// use session_der::session_model::{CipherSuite, OwnedSession, ProtocolVersion, Session};
/// use session_der::{Asn1Session, SessionRef};
///
/// /// A cache entry of our own: a key and the session it finds.
/// #[derive(asn1::Asn1Read, asn1::Asn1Write)]
/// struct Entry<'a> {
///     key: &'a [u8],
///     session: Asn1Session<SessionRef<'a>>,
/// }
///
/// let mut built: OwnedSession = Session::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
/// built.set_master_key(vec![7; 48])?;
/// let der = session_der::encode(&built, session_der::Target::Auto)?;
/// let session = session_der::decode(&der)?;
/// let entry = Entry { key: b"host:443", session: Asn1Session(session) };
/// let bytes = asn1::write_single(&entry).expect("a session within its limits");
///
/// let entry = asn1::parse_single::<Entry<'_>>(&bytes).expect("an entry we wrote");
/// assert_eq!(entry.key, b"host:443");
/// assert_eq!(entry.session.0, built);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asn1Session<S>(pub S);

/// The universal SEQUENCE tag, as rust-asn1 names it.
fn sequence_tag() -> Tag {
    <asn1::Sequence<'_> as SimpleAsn1Readable<'_>>::TAG
}

impl<'a> Asn1Readable<'a> for Asn1Session<SessionRef<'a>> {
    fn parse(parser: &mut asn1::Parser<'a>) -> asn1::ParseResult<Self> {
        let tlv = parser.read_element::<asn1::Tlv<'a>>()?;
        if tlv.tag() != sequence_tag() {
            return Err(ParseError::new(ParseErrorKind::UnexpectedTag {
                actual: tlv.tag(),
            }));
        }
        decode(tlv.full_data())
            .map(Asn1Session)
            .map_err(|_| ParseError::new(ParseErrorKind::InvalidValue))
    }

    fn can_parse(tag: Tag) -> bool {
        tag == sequence_tag()
    }
}

/// Writes `session` as one element. A session's setters keep every field
/// within OpenSSL's limits, so the encoder cannot refuse it; rust-asn1's one
/// error (`AllocationError`) stands for that case should it arise.
fn write_session<B: ByteStorage>(
    session: &Session<B>,
    dest: &mut asn1::Writer<'_>,
) -> asn1::WriteResult {
    let failed = |_| asn1::WriteError::AllocationError;
    let len = encoded_len(session, Target::Auto).map_err(failed)?;
    let mut der = zeroize::Zeroizing::new(vec![0u8; len]);
    encode_into(session, Target::Auto, &mut der).map_err(failed)?;
    let tlv =
        asn1::parse_single::<asn1::Tlv<'_>>(&der).map_err(|_| asn1::WriteError::AllocationError)?;
    dest.write_element(&tlv)
}

impl<B: ByteStorage> Asn1Writable for Asn1Session<Session<B>> {
    type Error = asn1::WriteError;

    fn write(&self, dest: &mut asn1::Writer<'_>) -> asn1::WriteResult {
        write_session(&self.0, dest)
    }

    fn encoded_length(&self) -> Option<usize> {
        encoded_len(&self.0, Target::Auto).ok()
    }
}

impl<B: ByteStorage> Asn1Writable for Asn1Session<&Session<B>> {
    type Error = asn1::WriteError;

    fn write(&self, dest: &mut asn1::Writer<'_>) -> asn1::WriteResult {
        write_session(self.0, dest)
    }

    fn encoded_length(&self) -> Option<usize> {
        encoded_len(self.0, Target::Auto).ok()
    }
}
