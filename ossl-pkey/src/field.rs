//! Just enough field arithmetic to decide, as `EC_POINT_oct2point` does,
//! whether an encoded point lies on a built-in curve: prime fields
//! (crypto/ec/ecp_oct.c) and binary fields GF(2^m) (crypto/ec/ec2_oct.c).
//! Speed is of no concern (one point per certificate); plain loops keep the
//! code checkable.

use std::cmp::Ordering;

/// The low 64 bits of a double-limb product.
fn low_limb(wide: u128) -> u64 {
    let [b0, b1, b2, b3, b4, b5, b6, b7, ..] = wide.to_le_bytes();
    u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7])
}

/// A non-negative integer as little-endian 64-bit limbs, without high zero
/// limbs (zero is the empty vector).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Uint(Vec<u64>);

impl Uint {
    pub(crate) fn from_be_bytes(bytes: &[u8]) -> Self {
        let mut limbs: Vec<u64> = bytes
            .rchunks(8)
            .map(|chunk| chunk.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
            .collect();
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        Uint(limbs)
    }

    pub(crate) fn one() -> Self {
        Uint(vec![1])
    }

    /// 2^exponent.
    pub(crate) fn power_of_two(exponent: usize) -> Self {
        let mut limbs = vec![0u64; exponent / 64 + 1];
        limbs[exponent / 64] = 1 << (exponent % 64);
        Uint(limbs)
    }

    /// The big-endian bytes without leading zeros.
    pub(crate) fn to_be_bytes(&self) -> Vec<u8> {
        let bytes: Vec<u8> = self.0.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        bytes[start..].to_vec()
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn is_odd(&self) -> bool {
        self.0.first().is_some_and(|&l| l & 1 == 1)
    }

    /// The lowest 64 bits.
    fn low(&self) -> u64 {
        self.0.first().copied().unwrap_or(0)
    }

    /// `BN_num_bits`.
    pub(crate) fn bits(&self) -> usize {
        self.0
            .last()
            .map_or(0, |&top| self.0.len() * 64 - top.leading_zeros() as usize)
    }

    fn trim(mut self) -> Self {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    fn shl(&self, shift: usize) -> Self {
        if self.is_zero() {
            return self.clone();
        }
        let (words, bits) = (shift / 64, shift % 64);
        let mut limbs = vec![0u64; words];
        let mut carry = 0u64;
        for &limb in &self.0 {
            if bits == 0 {
                limbs.push(limb);
            } else {
                limbs.push((limb << bits) | carry);
                carry = limb >> (64 - bits);
            }
        }
        limbs.push(carry);
        Uint(limbs).trim()
    }

    pub(crate) fn shr1(&mut self) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut().rev() {
            let next = *limb & 1;
            *limb = (*limb >> 1) | (carry << 63);
            carry = next;
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// `self -= other`; requires `self >= other`.
    fn sub_assign(&mut self, other: &Uint) {
        let mut borrow = 0u64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let subtrahend = other.0.get(i).copied().unwrap_or(0);
            let (d1, b1) = limb.overflowing_sub(subtrahend);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *limb = d2;
            borrow = u64::from(b1 || b2);
        }
        debug_assert_eq!(borrow, 0, "subtraction below zero");
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    pub(crate) fn add(&self, other: &Uint) -> Uint {
        let len = self.0.len().max(other.0.len());
        let mut limbs = Vec::with_capacity(len + 1);
        let mut carry = 0u64;
        for i in 0..len {
            let a = self.0.get(i).copied().unwrap_or(0);
            let b = other.0.get(i).copied().unwrap_or(0);
            let (s1, c1) = a.overflowing_add(b);
            let (s2, c2) = s1.overflowing_add(carry);
            limbs.push(s2);
            carry = u64::from(c1 || c2);
        }
        limbs.push(carry);
        Uint(limbs).trim()
    }

    fn mul(&self, other: &Uint) -> Uint {
        let mut limbs = vec![0u64; self.0.len() + other.0.len() + 1];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &b) in other.0.iter().enumerate() {
                let wide = u128::from(a) * u128::from(b) + u128::from(limbs[i + j]) + carry;
                limbs[i + j] = low_limb(wide);
                carry = wide >> 64;
            }
            let mut k = i + other.0.len();
            while carry != 0 {
                let wide = u128::from(limbs[k]) + carry;
                limbs[k] = low_limb(wide);
                carry = wide >> 64;
                k += 1;
            }
        }
        Uint(limbs).trim()
    }

    /// `self mod modulus` by shift and subtract; `modulus` is not zero.
    pub(crate) fn rem(&self, modulus: &Uint) -> Uint {
        let mut rest = self.clone();
        if rest < *modulus {
            return rest;
        }
        let shift = rest.bits() - modulus.bits();
        let mut step = modulus.shl(shift);
        for _ in 0..=shift {
            if rest >= step {
                rest.sub_assign(&step);
            }
            step.shr1();
        }
        rest
    }

    /// The quotient `self / divisor` (rounded down); `divisor` is not zero.
    pub(crate) fn div(&self, divisor: &Uint) -> Uint {
        let mut rest = self.clone();
        let mut quotient = Uint(Vec::new());
        if rest < *divisor {
            return quotient;
        }
        let shift = rest.bits() - divisor.bits();
        let mut step = divisor.shl(shift);
        quotient.0 = vec![0u64; shift / 64 + 1];
        for bit in (0..=shift).rev() {
            if rest >= step {
                rest.sub_assign(&step);
                quotient.0[bit / 64] |= 1 << (bit % 64);
            }
            step.shr1();
        }
        quotient.trim()
    }

    /// Bit `i` (0 is the lowest).
    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|l| (l >> (i % 64)) & 1 == 1)
    }

    /// `self^exponent mod modulus`, square and multiply.
    fn pow_mod(&self, exponent: &Uint, modulus: &Uint) -> Uint {
        let mut result = Uint::one().rem(modulus);
        for i in (0..exponent.bits()).rev() {
            result = result.mod_mul(&result, modulus);
            if exponent.bit(i) {
                result = result.mod_mul(self, modulus);
            }
        }
        result
    }

    fn mod_mul(&self, other: &Uint, modulus: &Uint) -> Uint {
        self.mul(other).rem(modulus)
    }

    fn mod_add(&self, other: &Uint, modulus: &Uint) -> Uint {
        self.add(other).rem(modulus)
    }
}

impl Ord for Uint {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

impl PartialOrd for Uint {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The Jacobi symbol (a | n) for odd n > 0 and a < n: for a prime n, 1 when a
/// is a non-zero square mod n, -1 when it is not a square, 0 when a is 0.
fn jacobi(a: &Uint, n: &Uint) -> i8 {
    let (mut a, mut n) = (a.clone(), n.clone());
    let mut sign = 1i8;
    while !a.is_zero() {
        while !a.is_odd() {
            a.shr1();
            // (2 | n) = -1 exactly when n = 3 or 5 (mod 8).
            if matches!(n.low() & 7, 3 | 5) {
                sign = -sign;
            }
        }
        if a < n {
            // Quadratic reciprocity for odd a and n.
            std::mem::swap(&mut a, &mut n);
            if a.low() & 3 == 3 && n.low() & 3 == 3 {
                sign = -sign;
            }
        }
        // (a | n) = (a - n | n); a - n is even.
        a.sub_assign(&n);
    }
    if n == Uint::one() {
        sign
    } else {
        0
    }
}

/// A curve y² = x³ + ax + b over the prime field of `p`.
pub(crate) struct PrimeCurve {
    pub(crate) p: Uint,
    pub(crate) a: Uint,
    pub(crate) b: Uint,
}

impl PrimeCurve {
    /// x³ + ax + b mod p.
    fn right_side(&self, x: &Uint) -> Uint {
        let p = &self.p;
        let x3 = x.mod_mul(x, p).mod_mul(x, p);
        x3.mod_add(&self.a.mod_mul(x, p), p).mod_add(&self.b, p)
    }

    /// Whether (x, y), both below p, is on the curve.
    pub(crate) fn contains(&self, x: &Uint, y: &Uint) -> bool {
        y.mod_mul(y, &self.p) == self.right_side(x)
    }

    /// The y of the compressed point (x, `y_odd`), x below p, for a prime
    /// p = 3 (mod 4) (P-256, P-384, P-521): the square root
    /// (x³ + ax + b)^((p+1)/4) with the wanted parity, as BoringSSL's
    /// `ec_point_set_compressed_coordinates` computes it when it reads a
    /// compressed point (and `EVP_marshal_public_key` writes it back
    /// uncompressed). `None` when there is no square root, or p is not
    /// 3 mod 4.
    pub(crate) fn decompress(&self, x: &Uint, y_odd: bool) -> Option<Uint> {
        let p = &self.p;
        if p.low() & 3 != 3 {
            return None;
        }
        let square = self.right_side(x);
        let mut exponent = p.add(&Uint::one());
        exponent.shr1();
        exponent.shr1();
        let y = square.pow_mod(&exponent, p);
        if y.mod_mul(&y, p) != square {
            return None;
        }
        if y.is_odd() == y_odd || y.is_zero() {
            return Some(y);
        }
        let mut negated = p.clone();
        negated.sub_assign(&y);
        Some(negated)
    }

    /// Whether a compressed point with this x (below p) and y parity
    /// decompresses: `BN_mod_sqrt` of x³ + ax + b must exist, and a y of zero
    /// cannot be odd (`EC_R_INVALID_COMPRESSION_BIT`).
    pub(crate) fn decompresses(&self, x: &Uint, y_odd: bool) -> bool {
        let square = self.right_side(x);
        if square.is_zero() {
            return !y_odd;
        }
        jacobi(&square, &self.p) == 1
    }
}

/// An element of GF(2)\[t\] as little-endian 64-bit words of coefficient bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Poly(Vec<u64>);

impl Poly {
    pub(crate) fn from_be_bytes(bytes: &[u8]) -> Self {
        Poly(Uint::from_be_bytes(bytes).0)
    }

    /// A polynomial with exactly these exponents set.
    pub(crate) fn from_exponents(exponents: &[u32]) -> Self {
        let mut poly = Poly(Vec::new());
        for &e in exponents {
            poly.flip(e as usize);
        }
        poly.trim();
        poly
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    fn is_one(&self) -> bool {
        self.0.first() == Some(&1) && self.0.iter().skip(1).all(|&w| w == 0)
    }

    /// The lowest coefficient (`BN_is_odd`).
    pub(crate) fn is_odd(&self) -> bool {
        self.0.first().is_some_and(|&w| w & 1 == 1)
    }

    /// The number of coefficients up to the highest set one (`BN_num_bits`).
    pub(crate) fn bits(&self) -> usize {
        self.0
            .iter()
            .rposition(|&w| w != 0)
            .map_or(0, |i| i * 64 + 64 - self.0[i].leading_zeros() as usize)
    }

    /// The big-endian bytes without leading zeros.
    pub(crate) fn to_be_bytes(&self) -> Vec<u8> {
        let bytes: Vec<u8> = self.0.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        bytes[start..].to_vec()
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn bit(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|&w| (w >> (i % 64)) & 1 == 1)
    }

    fn flip(&mut self, i: usize) {
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        self.0[i / 64] ^= 1 << (i % 64);
    }

    fn add(&self, other: &Poly) -> Poly {
        let len = self.0.len().max(other.0.len());
        let mut sum = Poly(
            (0..len)
                .map(|i| self.0.get(i).copied().unwrap_or(0) ^ other.0.get(i).copied().unwrap_or(0))
                .collect(),
        );
        sum.trim();
        sum
    }

    fn shl(&self, shift: usize) -> Poly {
        let (words, bits) = (shift / 64, shift % 64);
        let mut shifted = vec![0u64; self.0.len() + words + 1];
        for (i, &w) in self.0.iter().enumerate() {
            shifted[i + words] ^= w << bits;
            if bits > 0 {
                shifted[i + words + 1] ^= w >> (64 - bits);
            }
        }
        let mut shifted = Poly(shifted);
        shifted.trim();
        shifted
    }

    /// The carry-less product.
    fn mul(&self, other: &Poly) -> Poly {
        let mut product = vec![0u64; self.0.len() + other.0.len() + 1];
        for (i, &word) in self.0.iter().enumerate() {
            for bit in 0..64 {
                if (word >> bit) & 1 == 0 {
                    continue;
                }
                for (j, &o) in other.0.iter().enumerate() {
                    product[i + j] ^= o << bit;
                    if bit > 0 {
                        product[i + j + 1] ^= o >> (64 - bit);
                    }
                }
            }
        }
        let mut product = Poly(product);
        product.trim();
        product
    }
}

/// GF(2^m) with the reduction polynomial t^m + Σ t^k + 1 (a trinomial or
/// pentanomial basis).
pub(crate) struct BinaryField {
    pub(crate) m: usize,
    /// The middle exponents of the reduction polynomial.
    pub(crate) middle: Vec<usize>,
}

impl BinaryField {
    pub(crate) fn reduce(&self, mut value: Poly) -> Poly {
        let mut top = value.bits();
        while top > self.m {
            let i = top - 1;
            if value.bit(i) {
                let offset = i - self.m;
                value.flip(i);
                value.flip(offset);
                for &k in &self.middle {
                    value.flip(offset + k);
                }
            }
            top -= 1;
        }
        value.trim();
        value
    }

    fn mul(&self, a: &Poly, b: &Poly) -> Poly {
        self.reduce(a.mul(b))
    }

    fn modulus(&self) -> Poly {
        let mut exponents: Vec<u32> = Vec::new();
        for &e in [self.m, 0].iter().chain(&self.middle) {
            exponents.push(u32::try_from(e).unwrap_or(u32::MAX));
        }
        Poly::from_exponents(&exponents)
    }

    /// The inverse of a non-zero reduced element, by the extended Euclidean
    /// algorithm over GF(2)\[t\] (the modulus of a built-in curve is
    /// irreducible).
    fn inverse(&self, a: &Poly) -> Poly {
        let (mut u, mut v) = (a.clone(), self.modulus());
        let (mut g1, mut g2) = (Poly::from_exponents(&[0]), Poly(Vec::new()));
        while !u.is_one() {
            if u.is_zero() {
                // Only reachable for a reducible modulus; no inverse.
                return Poly(Vec::new());
            }
            let (du, dv) = (u.bits(), v.bits());
            if du < dv {
                std::mem::swap(&mut u, &mut v);
                std::mem::swap(&mut g1, &mut g2);
            }
            let shift = u.bits() - v.bits();
            u = u.add(&v.shl(shift));
            g1 = g1.add(&g2.shl(shift));
        }
        self.reduce(g1)
    }

    /// The absolute trace Σ c^(2^i), i < m: 0 or 1.
    fn trace(&self, c: &Poly) -> bool {
        let mut power = c.clone();
        let mut sum = c.clone();
        for _ in 1..self.m {
            power = self.mul(&power, &power);
            sum = sum.add(&power);
        }
        sum.is_one()
    }
}

/// A curve y² + xy = x³ + ax² + b over GF(2^m).
pub(crate) struct BinaryCurve {
    pub(crate) field: BinaryField,
    pub(crate) a: Poly,
    pub(crate) b: Poly,
}

impl BinaryCurve {
    /// Whether (x, y), both of degree below m, is on the curve.
    pub(crate) fn contains(&self, x: &Poly, y: &Poly) -> bool {
        let f = &self.field;
        let left = f.mul(y, y).add(&f.mul(x, y));
        let x2 = f.mul(x, x);
        let right = f.mul(&x2, x).add(&f.mul(&self.a, &x2)).add(&self.b);
        left == right
    }

    /// The lowest coefficient of y/x for x ≠ 0 (the y bit of the compressed
    /// and hybrid forms).
    pub(crate) fn y_bit(&self, x: &Poly, y: &Poly) -> bool {
        self.field.mul(y, &self.field.inverse(x)).is_odd()
    }

    /// Whether a compressed x (of degree below m) decompresses: for x = 0
    /// always (y = √b); otherwise z² + z = x + a + b/x² must be solvable
    /// (`BN_GF2m_mod_solve_quad_arr`), which holds exactly when the
    /// right-hand side has trace 0.
    pub(crate) fn decompresses(&self, x: &Poly) -> bool {
        if x.is_zero() {
            return true;
        }
        let f = &self.field;
        let x2_inverse = f.inverse(&f.mul(x, x));
        let c = x.add(&self.a).add(&f.mul(&self.b, &x2_inverse));
        !f.trace(&c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uint(hex: &str) -> Uint {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        Uint::from_be_bytes(&bytes)
    }

    #[test]
    fn arithmetic_agrees_with_u128() {
        let values = [
            0u128,
            1,
            2,
            0xFFFF_FFFF_FFFF_FFFF,
            0x1_0000_0000_0000_0001,
            12345678901234567890123,
        ];
        for &a in &values {
            for &b in &values {
                let (ua, ub) = (
                    Uint::from_be_bytes(&a.to_be_bytes()),
                    Uint::from_be_bytes(&b.to_be_bytes()),
                );
                assert_eq!(ua.cmp(&ub), a.cmp(&b));
                if let Some(product) = a.checked_mul(b) {
                    assert_eq!(ua.mul(&ub), Uint::from_be_bytes(&product.to_be_bytes()));
                }
                if b != 0 {
                    assert_eq!(
                        ua.rem(&ub),
                        Uint::from_be_bytes(&(a % b).to_be_bytes()),
                        "{a} % {b}"
                    );
                    assert_eq!(
                        ua.div(&ub),
                        Uint::from_be_bytes(&(a / b).to_be_bytes()),
                        "{a} / {b}"
                    );
                }
                assert_eq!(
                    ua.to_be_bytes(),
                    a.to_be_bytes()[(a.leading_zeros() / 8) as usize..]
                );
            }
        }
    }

    #[test]
    fn jacobi_finds_the_squares_mod_a_small_prime() {
        let p = Uint::from_be_bytes(&[23]);
        let squares: Vec<u8> = (1u8..23)
            .map(|x| (u16::from(x) * u16::from(x) % 23) as u8)
            .collect();
        for a in 0u8..23 {
            let expected = if a == 0 {
                0
            } else if squares.contains(&a) {
                1
            } else {
                -1
            };
            assert_eq!(jacobi(&Uint::from_be_bytes(&[a]), &p), expected, "{a}");
        }
    }

    #[test]
    fn p256_generator_is_on_the_curve() {
        let curve = PrimeCurve {
            p: uint("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
            a: uint("ffffffff00000001000000000000000000000000fffffffffffffffffffffffc"),
            b: uint("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
        };
        let x = uint("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
        let y = uint("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        assert!(curve.contains(&x, &y));
        assert!(!curve.contains(&x, &x));
        // The generator's y is odd; x decompresses with that parity.
        assert!(curve.decompresses(&x, true));
    }

    #[test]
    fn binary_inverse_and_trace() {
        // GF(2^3) with t^3 + t + 1: t * (t^2 + 1) = t^3 + t = 1.
        let field = BinaryField {
            m: 3,
            middle: vec![1],
        };
        let t = Poly::from_exponents(&[1]);
        assert_eq!(field.inverse(&t), Poly::from_exponents(&[2, 0]));
        // Tr(1) = m mod 2 = 1; Tr(t) = 0 in this field.
        assert!(field.trace(&Poly::from_exponents(&[0])));
        assert!(!field.trace(&t));
    }
}
