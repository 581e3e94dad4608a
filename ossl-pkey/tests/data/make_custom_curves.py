#!/usr/bin/env python3
"""Writes keys-custom.txt: EC keys with explicit parameters over prime-field
curves that are not built into libcrypto (OpenSSL 3.x loads these by its own
arithmetic, 4.0 refuses them), for tests/oracle.rs. Only inputs are made
here; whether each loads is asked of each release's d2i_PUBKEY.

    python3 tests/data/make_custom_curves.py > tests/data/keys-custom.txt
"""
import base64
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../tools/x509"))
from der import tlv  # noqa: E402  (tools/x509/der.py)

rng = random.Random(20261203)
P256 = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF


def integer(n):
    b = n.to_bytes(n.bit_length() // 8 + 1, "big") if n else b"\x00"
    return tlv(0x02, b)


def point(p, x, y, form):
    w = (p.bit_length() + 7) // 8
    if form == "compressed":
        return bytes([2 | (y & 1)]) + x.to_bytes(w, "big")
    first = 4 if form == "uncompressed" else 6 | (y & 1)
    return bytes([first]) + x.to_bytes(w, "big") + y.to_bytes(w, "big")


def spki(p, a, b, gen, order, key, cofactor=1):
    w = (p.bit_length() + 7) // 8
    field = tlv(0x30, tlv(0x06, bytes.fromhex("2a8648ce3d0101")) + integer(p))
    curve = tlv(0x30, tlv(0x04, (a % p).to_bytes(w, "big")) + tlv(0x04, (b % p).to_bytes(w, "big")))
    params = integer(1) + field + curve + tlv(0x04, gen) + integer(order)
    if cofactor is not None:
        params += integer(cofactor)
    algorithm = tlv(0x06, bytes.fromhex("2a8648ce3d0201")) + tlv(0x30, params)
    return tlv(0x30, tlv(0x30, algorithm) + tlv(0x03, b"\x00" + key))


def curve_through(p, a, x, y):
    """b such that (x, y) is on y^2 = x^3 + ax + b mod p."""
    return (y * y - x * x * x - a * x) % p


def emit(label, der):
    print(label, base64.b64encode(der).decode())


def family(label, p, a, forms=("uncompressed", "hybrid", "compressed")):
    x, y = rng.randrange(p), rng.randrange(p)
    b = curve_through(p, a, x, y)
    order = rng.randrange(1 << (p.bit_length() - 1), 1 << p.bit_length())
    for gform in forms:
        for kform in forms:
            g = point(p, x, y, gform)
            k = point(p, x, y, kform)
            emit(f"custom-{label}-g-{gform}-key-{kform}", spki(p, a, b, g, order, k))
    g = point(p, x, y, "uncompressed")
    emit(f"custom-{label}-no-cofactor", spki(p, a, b, g, order, g, cofactor=None))
    emit(f"custom-{label}-key-infinity", spki(p, a, b, g, order, b"\x00"))
    emit(f"custom-{label}-g-infinity", spki(p, a, b, b"\x00", order, g))
    emit(f"custom-{label}-order-too-long", spki(p, a, b, g, 1 << (p.bit_length() + 1), g))
    emit(f"custom-{label}-off-curve", spki(p, a, b + 1, g, order, g))


family("p256-a5", P256, 5)
family("p256-a0", P256, 0)
family("composite-256", (1 << 255) + 95, 3)
family("composite-9", 511, 1, forms=("uncompressed", "hybrid"))
family("p7", 7, 1, forms=("uncompressed",))
family("661-bits", (1 << 660) + 1, 2, forms=("uncompressed",))
family("662-bits", (1 << 661) + 1, 2, forms=("uncompressed",))
family("even", (1 << 200) + 2, 2, forms=("uncompressed",))
family("p3", 3, 1, forms=("uncompressed",))
