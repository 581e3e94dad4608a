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
#[inline(always)]
fn other_dialect<B: ByteStorage>(
    s: &Session<B>,
    target: Target,
) -> Result<Option<Zeroizing<Vec<u8>>>, EncodeError> {
    // An OpenSSL session to an OpenSSL target, the common case, decided
    // here: through the call and its returned `Result` in memory it took
    // 39 of tls12-server's 874 instructions (callgrind).
    if s.dialect() == Dialect::OpenSsl && target.dialect() == Some(Dialect::OpenSsl) {
        return Ok(None);
    }
    other_library(s, target)
}

#[inline(never)]
fn other_library<B: ByteStorage>(
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

/// An INTEGER's value: its 64 bits and whether they are a negative `i64`
/// (otherwise a `u64`). Every integer of the schema fits; they were `i128`,
/// whose shifts and leading-zero counts take two registers and several
/// instructions each.
#[derive(Clone, Copy)]
struct Int {
    bits: u64,
    negative: bool,
    /// Whether it may take 9 octets: only a `u64` can (2⁶³ and more). A
    /// constant of the field's type, so that the others' code leaves that
    /// case out.
    may_take_9: bool,
}

impl Int {
    const ZERO: Int = Int {
        bits: 0,
        negative: false,
        may_take_9: false,
    };

    /// Content length of its minimal two's complement: the significant bits
    /// plus a sign bit, in whole octets (1 to 9).
    #[inline(always)]
    fn len(self) -> usize {
        let magnitude = if self.negative { !self.bits } else { self.bits };
        (72 - magnitude.leading_zeros() as usize) / 8
    }
}

macro_rules! int_from {
    ($($unsigned:ty),*; $($signed:ty),*) => {
        $(impl From<$unsigned> for Int {
            #[inline(always)]
            fn from(v: $unsigned) -> Int {
                Int { bits: u64::from(v), negative: false, may_take_9: <$unsigned>::BITS == 64 }
            }
        })*
        $(impl From<$signed> for Int {
            #[inline(always)]
            fn from(v: $signed) -> Int {
                let v = i64::from(v);
                // Two's complement, read back as such by `len` and the writer.
                #[allow(clippy::cast_sign_loss)]
                Int { bits: v as u64, negative: v < 0, may_take_9: false }
            }
        })*
    };
}
int_from!(u8, u16, u32, u64; i32, i64);

/// One element's content.
enum Content<'s> {
    Int(Int),
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
            Content::Int(v) => v.len(),
            Content::Octets(b) | Content::Encoded(b) => b.len(),
            Content::Inline(_, n) => *n,
        }
    }

    /// The identifier octet of its own universal type; `None` for an
    /// element already encoded.
    #[inline(always)]
    fn universal(&self) -> Option<u8> {
        match self {
            Content::Int(_) => Some(0x02),
            Content::Octets(_) | Content::Inline(..) => Some(0x04),
            Content::Encoded(_) => None,
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
    use Content::{Int as I, Octets};
    let Target::OpenSsl(version) = target else {
        return value;
    };
    if !version.is_at_least(spec.openssl_since) {
        return None;
    }
    match (spec.written, value) {
        (Written::Never, _) => None,
        (Written::CutAtNul, Some(Octets(b))) => Some(Octets(cut_at_nul(b))),
        // Zero is the one value whose bits are all zero.
        (Written::UnlessZero, Some(I(v))) if v.bits == 0 => None,
        (Written::HeldSecondsUnlessZero, Some(I(v))) => {
            // The schema's seconds fields are i64: the bits are the value.
            #[allow(clippy::cast_possible_wrap)]
            let held = version.seconds_as_held(v.bits as i64);
            (held != 0).then_some(I(Int::from(held)))
        }
        (Written::UnlessZero, Some(Content::Inline([0, _], 1))) => None,
        (Written::LowBitsUnlessZero(bits), Some(I(v))) => {
            // The low bits of its two's complement (bits ≤ 32 in the schema).
            let mask = 1u64.checked_shl(bits).map_or(u64::MAX, |m| m - 1);
            let low = v.bits & mask;
            (low != 0).then_some(I(Int::from(low)))
        }
        (Written::Always, None) => Some(match spec.value {
            ValueType::Bytes => Octets(&[]),
            _ => I(Int::ZERO),
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
        $s.$name().map(|v| Content::Int(Int::from(v)))
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
    use Content::Inline;
    use Tagging::Untagged;
    emit.emit(Untagged, Content::Int(Int::from(1u8)));
    emit.emit(
        Untagged,
        Content::Int(Int::from(s.protocol_version().wire())),
    );
    emit.emit(Untagged, Inline(s.cipher().code().to_be_bytes(), 2));
    later_elements(s, target, emit);
}

/// [`elements`] after the first three ([`Out::start`] writes those).
#[inline(always)]
fn later_elements<'s, B: ByteStorage>(s: &'s Session<B>, target: Target, emit: &mut impl Emit<'s>) {
    use Content::Octets;
    use Tagging::Untagged;
    emit.emit(Untagged, Octets(s.session_id()));
    emit.emit(Untagged, Octets(s.master_key().expose()));
    session_schema!(optional_elements, s, target, emit);
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

/// The identifier and length octets before an element's content of `len`
/// octets: an EXPLICIT wrapper's, then its own (`own`: its universal or
/// IMPLICIT tag; `None` for an element already encoded), left-aligned in a
/// `u64`, and their count; `None` past two length octets.
#[inline(always)]
fn head_word(tagging: Tagging, own: Option<u8>, len: usize) -> Option<(u64, usize)> {
    match (tagging, own) {
        // One header: inline whatever the length (the certificate's, out
        // of line, took ~50 instructions).
        (Tagging::Explicit(n), None) => header_word(0xA0 | n, len),
        (Tagging::Untagged | Tagging::Implicit(_), Some(t)) => header_word(t, len),
        (Tagging::Untagged | Tagging::Implicit(_), None) => Some((0, 0)),
        // Two. Below 126 octets of content (every length octet short, the
        // wrapper's included), the schema's constants with the lengths
        // added in at once, as l × (1 + 2¹⁶) at the right place (one
        // multiplication for what took six instructions); longer ones
        // (tickets) out of line.
        (Tagging::Explicit(n), Some(t)) => match u8::try_from(len) {
            Ok(l @ 0..=0x7D) => {
                let l = u64::from(l);
                let constant = u64::from(0xA0 | n) << 56 | 2 << 48 | u64::from(t) << 40;
                Some((constant + ((l * 0x1_0001) << 32), 4))
            }
            _ => long_head_word(0xA0 | n, t, len),
        },
    }
}

/// [`head_word`] for an EXPLICIT wrapper (`wrap`) around an element of its
/// own (`own`) of 126 octets of content or more.
#[inline(never)]
fn long_head_word(wrap: u8, own: u8, len: usize) -> Option<(u64, usize)> {
    let (head, head_len) = header_word(wrap, tlv_len(len))?;
    let (h, hl) = header_word(own, len)?;
    Some((head | h >> (8 * head_len), head_len + hl))
}

/// One identifier octet and the length octets of `len`, left-aligned in a
/// `u64`, and their count; `None` past two length octets.
#[inline(always)]
fn header_word(tag: u8, len: usize) -> Option<(u64, usize)> {
    let tag = u64::from(tag) << 56;
    match u16::try_from(len) {
        Ok(l @ 0..=0x7F) => Some((tag | u64::from(l) << 48, 2)),
        // 0x81 and one octet, or 0x82 and two, computed rather than
        // chosen (as a choice, it compiled to a chain of conditional moves).
        Ok(l) => {
            let two = u8::from(l > 0xFF);
            let octets = tag | u64::from(0x81 + two) << 48 | u64::from(l) << (40 - 8 * two);
            Some((octets, 3 + usize::from(two)))
        }
        Err(_) => None,
    }
}

/// The octets of one element that precede its borrowed content, one by
/// one: its identifier and length octets (and an EXPLICIT wrapper's).
/// Only for lengths of 64 KiB or more, which [`head_word`] leaves out.
struct Head {
    octets: [u8; HEAD],
    len: usize,
}

/// [`Head`]'s capacity: 2 × (1 + 9) octets.
const HEAD: usize = 20;

impl Head {
    /// The head of an element of `len` octets of content, as [`head_word`].
    #[inline(never)]
    fn of(tagging: Tagging, own: Option<u8>, len: usize) -> Head {
        let mut head = Head {
            octets: [0; HEAD],
            len: 0,
        };
        if let Tagging::Explicit(n) = tagging {
            head.header(0xA0 | n, if own.is_some() { tlv_len(len) } else { len });
        }
        if let Some(tag) = own {
            head.header(tag, len);
        }
        head
    }

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
}

/// A cursor over the encoding in the caller's buffer: `buf` is exactly as
/// long as the encoding (its length was computed, and checked against the
/// buffer, first), `pos` where the next octet goes.
///
/// Heads are stored as 16-octet words ([`Out::word`]), the octets past the
/// element overwritten by the ones that follow. In the encoding's last 15
/// octets such a word does not fit, and only the element's own octets are
/// copied, so nothing is written past the encoding. (Callgrind,
/// tls12-server: writing those last octets one by one took ~30% more
/// instructions; merging each word with the octets already written before
/// it, ~7% more; keeping them aside to copy at the end, ~2% more.)
struct Out<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl Out<'_> {
    /// Borrowed content, copied. Empty ones (the session id of a session
    /// resumed by ticket, `[4]` nearly always) skip the call to `memcpy`.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if let Some(dst) = self.buf.get_mut(self.pos..self.pos + bytes.len()) {
            copy(dst, bytes);
        }
        self.pos += bytes.len();
    }

    /// `head_len` (≤ 5) octets of `head`, then `small_len` (≤ 8) of
    /// `small`, both left-aligned, stored as one 16-octet word.
    #[inline(always)]
    fn head(&mut self, head: u64, head_len: usize, small: u64, small_len: usize) {
        let octets = u128::from(head) << 64 | u128::from(small) << (64 - 8 * head_len);
        self.word(octets, head_len + small_len);
    }

    /// The first `n` (≤ 16) octets of `octets` (left-aligned), stored as
    /// one 16-octet word where it fits.
    #[inline(always)]
    fn word(&mut self, octets: u128, n: usize) {
        let octets = octets.to_be_bytes();
        if let Some(block) = self.buf.get_mut(self.pos..self.pos + 16) {
            block.copy_from_slice(&octets);
        } else if let (Some(dst), Some(src)) =
            (self.buf.get_mut(self.pos..self.pos + n), octets.get(..n))
        {
            copy(dst, src);
        }
        self.pos += n;
    }

    /// The SEQUENCE's header and the first three elements: version 1, the
    /// protocol version, the cipher. For TLS (a protocol version from 0x80 to
    /// 0x7FFF: two content octets) those are 11 octets of one shape, written
    /// with the header as one word rather than as four. Any other version —
    /// DTLS's three octets, or the one octet of `SSL_SESSION_new`'s 0 — is
    /// written element by element.
    #[inline(always)]
    fn start(&mut self, content: usize, protocol: u16, cipher: u16) {
        /// `02 01 01  02 02 __ __  04 02 __ __`, left-aligned.
        const FIRST_THREE: u128 = 0x02_01_01_02_02_00_00_04_02_00_00 << 40;
        match header_word(0x30, content) {
            Some((header, header_len)) if (0x80..0x8000).contains(&protocol) => {
                let first = FIRST_THREE | u128::from(protocol) << 72 | u128::from(cipher) << 40;
                self.word(
                    u128::from(header) << 64 | first >> (8 * header_len),
                    header_len + 11,
                );
            }
            header => {
                match header {
                    Some((header, header_len)) => self.head(header, header_len, 0, 0),
                    None => {
                        let head = Head::of(Tagging::Untagged, Some(0x30), content);
                        self.put(head.octets.get(..head.len).unwrap_or(&[]));
                    }
                }
                self.element(Tagging::Untagged, &Content::Int(Int::from(1u8)));
                self.element(Tagging::Untagged, &Content::Int(Int::from(protocol)));
                self.element(Tagging::Untagged, &Content::Inline(cipher.to_be_bytes(), 2));
            }
        }
    }

    /// One element: its head (with a content held by value), then its
    /// borrowed content.
    #[inline(always)]
    fn element(&mut self, tagging: Tagging, c: &Content<'_>) {
        let len = c.len();
        let own = match tagging {
            Tagging::Implicit(n) => Some(0x80 | n),
            _ => c.universal(),
        };
        let Some((head, head_len)) = head_word(tagging, own, len) else {
            let head = Head::of(tagging, own, len);
            self.put(head.octets.get(..head.len).unwrap_or(&[]));
            if let Content::Octets(b) | Content::Encoded(b) = c {
                self.put(b);
            }
            return;
        };
        match *c {
            // 9 octets, a u64 of 2⁶³ or more: its leading 0x00 is one more
            // octet of the head (whose word is zero past it).
            Content::Int(v) if v.may_take_9 && len == 9 => self.head(head, head_len + 1, v.bits, 8),
            // The value's `len` low octets, moved to the top.
            Content::Int(v) => self.head(head, head_len, v.bits << (64 - 8 * len), len),
            Content::Inline(b, n) => {
                self.head(head, head_len, u64::from(u16::from_be_bytes(b)) << 48, n);
            }
            Content::Octets(b) | Content::Encoded(b) => {
                self.head(head, head_len, 0, 0);
                self.put(b);
            }
        }
    }
}

/// `dst.copy_from_slice(src)` (of the same length), without a call to
/// `memcpy` (~20 instructions each, callgrind) for the common lengths:
/// 32 and 48 octets (session ids, SHA-256 and SHA-384 sized keys and
/// PSKs) as arrays, 4 to 16 (names, identities) as two overlapping words.
#[inline(always)]
fn copy(dst: &mut [u8], src: &[u8]) {
    /// The first `N` octets.
    #[inline(always)]
    fn first<const N: usize>(dst: &mut [u8], src: &[u8]) {
        if let (Some(d), Some(s)) = (dst.first_chunk_mut::<N>(), src.first_chunk::<N>()) {
            *d = *s;
        }
    }
    /// The first `N` octets and the last `N` (N to 2N octets in all).
    #[inline(always)]
    fn ends<const N: usize>(dst: &mut [u8], src: &[u8]) {
        first::<N>(dst, src);
        if let (Some(d), Some(s)) = (dst.last_chunk_mut::<N>(), src.last_chunk::<N>()) {
            *d = *s;
        }
    }
    match src.len() {
        32 => first::<32>(dst, src),
        48 => first::<48>(dst, src),
        8..=16 => ends::<8>(dst, src),
        4..=7 => ends::<4>(dst, src),
        _ => dst.copy_from_slice(src),
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
    let Some(buf) = buf.get_mut(..total) else {
        return Err(EncodeError::BufferTooSmall { needed: total });
    };
    let mut out = Out { buf, pos: 0 };
    out.start(content, s.protocol_version().wire(), s.cipher().code());
    later_elements(s, target, &mut out);
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
