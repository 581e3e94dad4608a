//! The encoder: DER, in OpenSSL's field order, into a caller's buffer or a `Vec`.

use ossl_asn1::der::{length_len, tlv_len};
use session_model::{
    session_schema, ByteStorage, Dialect, Field, FieldSpec, LimitError, OpenSslVersion, Origin,
    Session, Tagging, ValueType, Written, FIELDS, MANDATORY_COUNT,
};
use zeroize::Zeroizing;

use crate::error::EncodeError;

/// What the encoding is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Target {
    /// [`Target::Exact`] for a decoded session; for one built by a program,
    /// [`Target::OpenSsl`] of the default version (3.5, the LTS).
    Auto,
    /// Every element exactly as stored: `encode(decode(x)) == x` for any DER input.
    Exact,
    /// What this OpenSSL version's `i2d_SSL_SESSION` writes for the session
    /// once its `d2i_SSL_SESSION` has read it (`ssl/ssl_asn1.c`): only the
    /// fields its template has (1.1.1: up to `[18]`; 3.0: `[19]`; 3.2+:
    /// `[20]`); `[4]` always, and `[19]` always where it exists; zero
    /// integers and `[0]` key_arg omitted; strings cut at NUL; flags to 32
    /// bits, max fragment length mode to 8; time and timeout as the version
    /// holds them ([`OpenSslVersion::seconds_as_held`]: 3.2+ keep
    /// `OSSL_TIME`). An absent time or timeout stays absent (OpenSSL would
    /// write its clock and 3 s, which mean the same when read back). A master
    /// key longer than the version reads is refused (1.1.1: 256 bytes).
    OpenSsl(OpenSslVersion),
    /// What BoringSSL's `SSL_SESSION_to_bytes` (and `i2d_SSL_SESSION`)
    /// writes for a BoringSSL session it has read: `[4]` always, defaults and
    /// empty strings omitted, `[6]` dropped, `[3]`/`[19]` giving way to `[13]`.
    BoringSsl,
    /// What AWS-LC writes: BoringSSL's rules, up to `[30]`.
    AwsLc,
    /// What LibreSSL's `i2d_SSL_SESSION` writes: `[1]`–`[6]`, `[9]`, `[10]`,
    /// `[2]` as 3 when absent, `[4]` always.
    LibreSsl,
}

impl Target {
    fn resolve<B: ByteStorage>(self, s: &Session<B>) -> Target {
        match (self, s.dialect()) {
            // The other libraries have one writer each: "exact" is theirs.
            (Target::Auto | Target::Exact, d) if d != Dialect::OpenSsl => Target::of_dialect(d),
            (Target::Auto, _) => match s.origin() {
                Origin::Decoded => Target::Exact,
                Origin::Built => Target::OpenSsl(OpenSslVersion::default()),
            },
            (t, _) => t,
        }
    }

    /// The writer of `dialect`'s library (OpenSSL: the default version, 3.5).
    pub const fn of_dialect(dialect: Dialect) -> Self {
        match dialect {
            Dialect::BoringSsl => Target::BoringSsl,
            Dialect::AwsLc => Target::AwsLc,
            Dialect::LibreSsl => Target::LibreSsl,
            _ => Target::OpenSsl(OpenSslVersion::LTS),
        }
    }

    /// The dialect the target writes, `None` for [`Target::Auto`] (the session's own).
    pub const fn dialect(self) -> Option<Dialect> {
        match self {
            Target::Auto => None,
            Target::Exact | Target::OpenSsl(_) => Some(Dialect::OpenSsl),
            Target::BoringSsl => Some(Dialect::BoringSsl),
            Target::AwsLc => Some(Dialect::AwsLc),
            Target::LibreSsl => Some(Dialect::LibreSsl),
        }
    }
}

/// The other libraries' writers, after checking the session is in the
/// target's dialect; `None` for OpenSSL's targets, which this module writes.
fn other_dialect<B: ByteStorage>(
    s: &Session<B>,
    target: Target,
) -> Result<Option<Zeroizing<Vec<u8>>>, EncodeError> {
    let Some(dialect) = target.dialect() else {
        return Ok(None);
    };
    if dialect != s.dialect() {
        return Err(EncodeError::WrongDialect {
            session: s.dialect(),
            target: dialect,
        });
    }
    match dialect {
        Dialect::BoringSsl | Dialect::AwsLc => crate::boringssl::encode(s, dialect).map(Some),
        Dialect::LibreSsl => crate::libressl::encode(s).map(Some),
        _ => Ok(None),
    }
}

impl From<OpenSslVersion> for Target {
    fn from(version: OpenSslVersion) -> Self {
        Target::OpenSsl(version)
    }
}

/// One element's content.
enum Content<'s> {
    Int(i128),
    Octets(&'s [u8]),
    /// A short OCTET STRING held by value (the cipher code, the compression id).
    Inline([u8; 2], usize),
    /// An already-encoded element (the peer certificate).
    Encoded(&'s [u8]),
}

impl Content<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        match self {
            Content::Int(v) => int_len(*v),
            Content::Octets(b) | Content::Encoded(b) => b.len(),
            Content::Inline(_, n) => *n,
        }
    }
}

fn cut_at_nul(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(i) => b.get(..i).unwrap_or(b),
        None => b,
    }
}

/// What a stored value becomes on the wire for a target, by its row of the
/// schema: [`Written`] says what OpenSSL's `i2d` writes for a session it has
/// read; a version has no element newer than its template.
#[inline(always)]
fn written<'s>(
    spec: &FieldSpec,
    value: Option<Content<'s>>,
    target: Target,
) -> Option<Content<'s>> {
    use Content::{Int, Octets};
    let Target::OpenSsl(version) = target else {
        return value;
    };
    if !version.is_at_least(spec.openssl_since) {
        return None;
    }
    match (spec.written, value) {
        (Written::Never, _) => None,
        (Written::CutAtNul, Some(Octets(b))) => Some(Octets(cut_at_nul(b))),
        (Written::UnlessZero, Some(Int(0))) => None,
        (Written::HeldSecondsUnlessZero, Some(Int(v))) => {
            // The schema's seconds fields are i64: no truncation.
            #[allow(clippy::cast_possible_truncation)]
            let held = version.seconds_as_held(v as i64);
            (held != 0).then_some(Int(i128::from(held)))
        }
        (Written::UnlessZero, Some(Content::Inline([0, _], 1))) => None,
        (Written::LowBitsUnlessZero(bits), Some(Int(v))) => {
            let low = v & ((1i128 << bits) - 1);
            (low != 0).then_some(Int(low))
        }
        (Written::Always, None) => Some(match spec.value {
            ValueType::Bytes => Octets(&[]),
            _ => Int(0),
        }),
        (_, value) => value,
    }
}

/// A stored optional value as element content, by its type in the schema.
macro_rules! content {
    ($s:ident.$name:ident, bytes, Certificate) => {
        $s.$name().map(Content::Encoded)
    };
    ($s:ident.$name:ident, bytes, $asn1:ident) => {
        $s.$name().map(Content::Octets)
    };
    ($s:ident.$name:ident, u8, OneOctet) => {
        $s.$name().map(|c| Content::Inline([c, 0], 1))
    };
    ($s:ident.$name:ident, $int:ident, Integer) => {
        $s.$name().map(|v| Content::Int(i128::from(v)))
    };
}

/// Emits every optional element, one statement per row of the schema.
macro_rules! optional_elements {
    (
        $s:ident, $target:ident, $emit:ident
        mandatory: $([$($mandatory:tt)*])*
        optional: $([$tag:literal, $v:ident, $name:ident, $set:ident, $ty:ident, $asn1:ident,
                     $($rest:tt)*])*
        // OpenSSL has none of the other dialects' own fields.
        extended: $($extended:tt)*
    ) => {
        // Exact, the common case for a decoded session, writes what is
        // stored: one test of the target, not one per field.
        if $target == Target::Exact {
            $(
                if let Some(c) = content!($s.$name, $ty, $asn1) {
                    $emit.emit(FIELDS[MANDATORY_COUNT + $tag].tagging, c);
                }
            )*
        } else {
            $(
                let value = written(
                    &FIELDS[MANDATORY_COUNT + $tag],
                    content!($s.$name, $ty, $asn1),
                    $target,
                );
                if let Some(c) = value {
                    $emit.emit(FIELDS[MANDATORY_COUNT + $tag].tagging, c);
                }
            )*
        }
    };
}

/// What is done with each element: counted ([`Length`]) or written ([`Out`]).
trait Emit<'s> {
    fn emit(&mut self, tagging: Tagging, c: Content<'s>);
}

/// Calls `emit` with every element in wire order, as `target` wants them.
/// Inlined with the emitter's, so that each field's code is specialised to
/// its tagging and type (a constant of the schema): through one shared
/// call per element, the encoder took ~30% more instructions (callgrind).
#[inline(always)]
fn elements<'s, B: ByteStorage>(s: &'s Session<B>, target: Target, emit: &mut impl Emit<'s>) {
    use Content::{Inline, Int, Octets};
    use Tagging::Untagged;
    emit.emit(Untagged, Int(1));
    emit.emit(Untagged, Int(i128::from(s.protocol_version().wire())));
    emit.emit(Untagged, Inline(s.cipher().code().to_be_bytes(), 2));
    emit.emit(Untagged, Octets(s.session_id()));
    emit.emit(Untagged, Octets(s.master_key().expose()));
    session_schema!(optional_elements, s, target, emit);
}

/// Content length of a minimal two's-complement INTEGER: the significant
/// bits plus a sign bit, in whole octets (at least one).
#[inline]
fn int_len(v: i128) -> usize {
    let redundant = if v < 0 {
        v.leading_ones()
    } else {
        v.leading_zeros()
    };
    (136 - redundant as usize) / 8
}

#[inline(always)]
fn element_len(tagging: Tagging, c: &Content<'_>) -> usize {
    let inner = match c {
        Content::Encoded(b) => b.len(),
        _ => tlv_len(c.len()),
    };
    match tagging {
        Tagging::Untagged | Tagging::Implicit(_) => inner,
        Tagging::Explicit(_) => tlv_len(inner),
    }
}

/// The octets of one element that precede its borrowed content: its
/// identifier and length octets (and an EXPLICIT wrapper's), then a short
/// content held by value (an INTEGER, the cipher code, the compression id).
/// At most 2 × (1 + 9) header octets and 9 content octets.
struct Head {
    octets: [u8; HEAD],
    len: usize,
}

/// [`Head`]'s capacity.
const HEAD: usize = 32;

impl Head {
    #[inline(always)]
    fn byte(&mut self, b: u8) {
        if let Some(slot) = self.octets.get_mut(self.len) {
            *slot = b;
        }
        self.len += 1;
    }

    #[inline(always)]
    fn header(&mut self, tag: u8, len: usize) {
        self.byte(tag);
        // ossl_asn1::der::write_length's octets, written out here: through a
        // closure the encoder measured 1.7% more instructions (callgrind).
        if let Ok(short @ 0..=0x7F) = u8::try_from(len) {
            self.byte(short);
        } else {
            let n = length_len(len) - 1;
            // n ≤ size_of::<usize>(), so it fits the low 7 bits.
            self.byte(0x80 | u8::try_from(n).unwrap_or(0x7F));
            for &b in &len.to_be_bytes()[size_of::<usize>() - n..] {
                self.byte(b);
            }
        }
    }

    #[inline(always)]
    fn extend(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }
}

/// A cursor over the caller's buffer, whose first `total` octets will hold
/// the encoding (checked before writing).
struct Out<'b> {
    buf: &'b mut [u8],
    pos: usize,
    total: usize,
}

impl Out<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if let Some(dst) = self.buf.get_mut(self.pos..self.pos + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
        self.pos += bytes.len();
    }

    /// One element: its head, then its borrowed content.
    #[inline(always)]
    fn element(&mut self, tagging: Tagging, c: &Content<'_>) {
        if !self.short_element(tagging, c) {
            self.element_general(tagging, c);
        }
    }

    /// The common shape: every length short (below 128). Its header octets
    /// are written as one block of 4 at fixed offsets and a content held by
    /// value as one block of 16 where the encoding has room for them (the
    /// octets past the element are overwritten by the ones that follow;
    /// nothing is written past the encoding's end), octet by octet where it
    /// has not. `false` when the shape does not apply.
    #[inline(always)]
    fn short_element(&mut self, tagging: Tagging, c: &Content<'_>) -> bool {
        let len = c.len();
        // The EXPLICIT wrapper's length is 2 more.
        let Ok(l @ 0..=0x7D) = u8::try_from(len) else {
            return false;
        };
        if self.pos + 4 > self.total {
            return false;
        }
        let Some(Ok(block)) = self
            .buf
            .get_mut(self.pos..self.pos + 4)
            .map(<&mut [u8; 4]>::try_from)
        else {
            return false;
        };
        let universal = match c {
            Content::Int(_) => Some(0x02),
            Content::Octets(_) | Content::Inline(..) => Some(0x04),
            Content::Encoded(_) => None,
        };
        self.pos += match (tagging, universal) {
            (Tagging::Explicit(n), Some(u)) => {
                *block = [0xA0 | n, l + 2, u, l];
                4
            }
            (Tagging::Explicit(n), None) => {
                *block = [0xA0 | n, l, 0, 0];
                2
            }
            (Tagging::Implicit(n), _) => {
                *block = [0x80 | n, l, 0, 0];
                2
            }
            (Tagging::Untagged, Some(u)) => {
                *block = [u, l, 0, 0];
                2
            }
            (Tagging::Untagged, None) => 0,
        };
        // A content held by value, as the first `len` octets of 16: an
        // INTEGER's two's complement shifted to the top, which at most 9
        // octets (u64::MAX with its sign octet) leave room for.
        let small = match c {
            Content::Int(v) => v << (8 * (16 - len)),
            Content::Inline(b, _) => i128::from(u16::from_be_bytes(*b)) << 112,
            Content::Octets(b) | Content::Encoded(b) => {
                self.put(b);
                return true;
            }
        };
        let octets = small.to_be_bytes();
        if self.pos + 16 <= self.total {
            if let Some(dst) = self.buf.get_mut(self.pos..self.pos + 16) {
                dst.copy_from_slice(&octets);
            }
        } else if let Some(dst) = self.buf.get_mut(self.pos..self.pos + len) {
            for (d, &s) in dst.iter_mut().zip(&octets) {
                *d = s;
            }
        }
        self.pos += len;
        true
    }

    /// Any element, octet by octet into a [`Head`].
    #[inline(never)]
    fn element_general(&mut self, tagging: Tagging, c: &Content<'_>) {
        let mut head = Head {
            octets: [0; HEAD],
            len: 0,
        };
        match tagging {
            Tagging::Explicit(n) => head.header(0xA0 | n, element_len(Tagging::Untagged, c)),
            Tagging::Implicit(n) => head.header(0x80 | n, c.len()),
            Tagging::Untagged => {}
        }
        let universal = match c {
            Content::Int(_) => Some(0x02),
            Content::Octets(_) | Content::Inline(..) => Some(0x04),
            Content::Encoded(_) => None,
        };
        if let (Some(tag), false) = (universal, matches!(tagging, Tagging::Implicit(_))) {
            head.header(tag, c.len());
        }
        let body = match c {
            Content::Int(v) => {
                head.extend(&v.to_be_bytes()[16 - int_len(*v)..]);
                &[]
            }
            Content::Inline(b, n) => {
                head.extend(b.get(..*n).unwrap_or(&[]));
                &[]
            }
            Content::Octets(b) | Content::Encoded(b) => *b,
        };
        self.put(head.octets.get(..head.len).unwrap_or(&[]));
        self.put(body);
    }
}

fn validate<B: ByteStorage>(s: &Session<B>, target: Target) -> Result<(), EncodeError> {
    s.check_limits().map_err(EncodeError::Invalid)?;
    let key = s.master_key().len();
    if let Target::OpenSsl(version) = target {
        let max = version.max_master_key_len();
        if key > max {
            return Err(EncodeError::Invalid(LimitError {
                field: Field::MasterKey,
                len: key,
                max,
            }));
        }
    }
    Ok(())
}

/// The sum of the elements' lengths.
struct Length(usize);

impl Emit<'_> for Length {
    #[inline(always)]
    fn emit(&mut self, tagging: Tagging, c: Content<'_>) {
        self.0 += element_len(tagging, &c);
    }
}

impl<'s> Emit<'s> for Out<'_> {
    #[inline(always)]
    fn emit(&mut self, tagging: Tagging, c: Content<'s>) {
        self.element(tagging, &c);
    }
}

#[inline(always)]
fn content_len<B: ByteStorage>(s: &Session<B>, target: Target) -> usize {
    let mut total = Length(0);
    elements(s, target, &mut total);
    total.0
}

/// The length of the encoding, without writing or allocating anything (like
/// `i2d_SSL_SESSION(s, NULL)`).
///
/// # Errors
/// A field over OpenSSL's limits.
pub fn encoded_len<B: ByteStorage>(s: &Session<B>, target: Target) -> Result<usize, EncodeError> {
    let target = target.resolve(s);
    if let Some(der) = other_dialect(s, target)? {
        return Ok(der.len());
    }
    validate(s, target)?;
    Ok(tlv_len(content_len(s, target)))
}

/// Encodes into `buf` and returns the length written. Allocates nothing for
/// OpenSSL's targets (the other libraries' writers build the encoding first).
///
/// # Errors
/// [`EncodeError::BufferTooSmall`] (nothing written), or a field over OpenSSL's limits.
pub fn encode_into<B: ByteStorage>(
    s: &Session<B>,
    target: Target,
    buf: &mut [u8],
) -> Result<usize, EncodeError> {
    let target = target.resolve(s);
    if let Some(der) = other_dialect(s, target)? {
        let dst = buf
            .get_mut(..der.len())
            .ok_or(EncodeError::BufferTooSmall { needed: der.len() })?;
        dst.copy_from_slice(&der);
        return Ok(der.len());
    }
    validate(s, target)?;
    let content = content_len(s, target);
    let total = tlv_len(content);
    if buf.len() < total {
        return Err(EncodeError::BufferTooSmall { needed: total });
    }
    let mut out = Out { buf, pos: 0, total };
    let mut head = Head {
        octets: [0; HEAD],
        len: 0,
    };
    head.header(0x30, content);
    out.put(head.octets.get(..head.len).unwrap_or(&[]));
    elements(s, target, &mut out);
    debug_assert_eq!(out.pos, total);
    Ok(total)
}

/// Encodes into a new buffer, wiped when dropped (it holds the master key).
///
/// # Errors
/// A field over OpenSSL's limits.
pub fn encode<B: ByteStorage>(
    s: &Session<B>,
    target: Target,
) -> Result<Zeroizing<Vec<u8>>, EncodeError> {
    if let Some(der) = other_dialect(s, target.resolve(s))? {
        return Ok(der);
    }
    let len = encoded_len(s, target)?;
    let mut v = Zeroizing::new(vec![0u8; len]);
    encode_into(s, target, &mut v)?;
    Ok(v)
}
