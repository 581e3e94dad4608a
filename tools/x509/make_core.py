#!/usr/bin/env python3
"""Write testdata/x509/core.pem: crafted certificates for the parts of
X509_print that are not keys or extensions — version, serial, names,
validity times, unique IDs, signature algorithms and values.

The certificates are assembled from DER by hand (signatures are filler:
X509_print does not verify). Each one varies one thing; the comment line
before each PEM block says what. Run from the workspace root:
    python3 tools/x509/make_core.py
"""
import base64, pathlib, subprocess, sys

root = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(root / "tools/x509"))
from der import integer, oid, seq, tlv  # noqa: E402


def rdn(*attrs):
    return tlv(0x31, b"".join(seq(oid(o), tlv(t, v)) for o, t, v in attrs))


def name(*rdns):
    return seq(*rdns)


CN, O, OU, C, L, EMAIL = "2.5.4.3", "2.5.4.10", "2.5.4.11", "2.5.4.6", "2.5.4.7", "1.2.840.113549.1.9.1"
UTF8, PRINTABLE, IA5, BMP, T61, GENERAL, UNIVERSAL, VISIBLE, NUMERIC = 0x0C, 0x13, 0x16, 0x1E, 0x14, 0x1B, 0x1C, 0x1A, 0x12

SHA256_RSA = seq(oid("1.2.840.113549.1.1.11"), tlv(0x05, b""))
ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"))

# A real P-256 key (any valid point works; X509_print only prints it).
key = subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
                     capture_output=True, check=True).stdout
SPKI = subprocess.run(["openssl", "pkey", "-pubout", "-outform", "DER"], input=key,
                      capture_output=True, check=True).stdout

DEFAULT_NAME = name(rdn((C, PRINTABLE, b"ZZ")), rdn((O, UTF8, b"sslsession core")), rdn((CN, UTF8, b"core.example")))
UTC = lambda s: tlv(0x17, s.encode())
GEN = lambda s: tlv(0x18, s.encode())
DEFAULT_VALIDITY = seq(UTC("260101000000Z"), UTC("360101000000Z"))
BASIC_CONSTRAINTS = tlv(0xA3, seq(seq(oid("2.5.29.19"), tlv(0x01, b"\xff"), tlv(0x04, seq(tlv(0x01, b"\xff"))))))


def cert(version=integer(2), serial=integer(0x1234), sigalg=SHA256_RSA, issuer=DEFAULT_NAME,
         validity=DEFAULT_VALIDITY, subject=DEFAULT_NAME, spki=SPKI, uids=b"", exts=BASIC_CONSTRAINTS,
         outer_sigalg=None, signature=tlv(0x03, b"\x00" + bytes(range(64)))):
    v = b"" if version is None else tlv(0xA0, version)
    tbs = seq(v, serial, sigalg, issuer, validity, subject, spki, uids, exts)
    return seq(tbs, outer_sigalg if outer_sigalg is not None else sigalg, signature)


cases = []
add = lambda what, der: cases.append((what, der))

add("defaults", cert())
add("version 1 (absent)", cert(version=None, exts=b""))
add("version 1 explicit", cert(version=integer(0)))
add("version 2", cert(version=integer(1)))
add("version unknown 5", cert(version=integer(5)))
add("version negative", cert(version=integer(-3)))
add("version too big for long", cert(version=integer(1 << 70)))
for s in [0, 1, 127, 128, 255, 256, (1 << 63) - 1, 1 << 63, (1 << 64) - 1, 1 << 64, 1 << 159, -1, -2, -128, -129,
          -(1 << 63), -(1 << 63) - 1, -(1 << 80)]:
    add(f"serial {s}", cert(serial=integer(s)))
add("serial 20 bytes", cert(serial=integer(int.from_bytes(bytes(range(1, 21)), "big"))))

# Names
add("empty names", cert(issuer=name(), subject=name()))
add("multi-valued RDN", cert(subject=name(rdn((CN, UTF8, b"a"), (O, UTF8, b"b"), (OU, UTF8, b"c")), rdn((C, PRINTABLE, b"ZZ")))))
add("email and slashes", cert(subject=name(rdn((O, UTF8, b"x/y")), rdn((EMAIL, IA5, b"a@b.example")), rdn((CN, UTF8, b"p+q=r, s")))))
add("unknown attribute OIDs", cert(subject=name(rdn(("1.2.3.4.5.6.7.8.9", UTF8, b"v")), rdn(("2.999.1234567890123456789012345", UTF8, b"w")))))
add("long unknown OID truncated", cert(subject=name(rdn(("1.3." + ".".join(["123456789"] * 10), UTF8, b"long")))))
for what, tag, value in [
    ("BMPString", BMP, "Zoë €".encode("utf-16-be")),
    ("T61String", T61, b"t61 \xe9"),
    ("UniversalString", UNIVERSAL, "ab".encode("utf-32-be")),
    ("NumericString", NUMERIC, b"0123 456"),
    ("IA5String", IA5, b"ia5"),
]:
    add(f"{what} value", cert(subject=name(rdn((CN, tag, value)))))
add("utf8 and control bytes", cert(subject=name(rdn((CN, UTF8, "Kø 東京 \x01\x7f".encode())))))
add("lowercase-looking separators", cert(subject=name(rdn((CN, UTF8, b"a/B=c/DE=f/GHI=j")))))
add("rfc2253 specials", cert(subject=name(rdn((CN, UTF8, b" lead")), rdn((CN, UTF8, b"trail ")), rdn((CN, UTF8, b"#hash")),
                                          rdn((CN, UTF8, b'q"uo\\te#')), rdn((O, UTF8, b"")), rdn((OU, PRINTABLE, b"a;b<c>d=e")))))
add("sequence-valued attribute", cert(subject=name(rdn(("1.2.3.4", 0x30, tlv(0x02, b"\x05") + tlv(0x0C, b"x"))), rdn((CN, UTF8, b"n")))))
add("nul in value", cert(subject=name(rdn((CN, UTF8, b"a\x00b")))))

# Times
for nb, na in [("491231235959Z", "500101000000Z"), ("2601011200Z", "3601011200Z"), ("260101000000+0130", "260101000000-0130"),
               ("991231233000-0100", "000101000000+0100"), ("260101000000+0000", "260101000000-0000"), ("260230000000Z", "bad"), ("26010100000Z", "2601010000000Z")]:
    add(f"utc {nb} {na}", cert(validity=seq(UTC(nb), UTC(na))))
for nb, na in [("20260101000000Z", "99991231235959Z"), ("20260101000000.123Z", "20260101000000.Z"),
               ("20260101000000.5+0100", "202601010000Z"), ("20240229120000Z", "20230229120000Z"),
               ("19000101000000+0100", "00000101000000Z"), ("20260101000000", "2026010100Z")]:
    add(f"generalized {nb} {na}", cert(validity=seq(GEN(nb), GEN(na))))

# Unique IDs
add("issuer and subject unique ids", cert(uids=tlv(0x81, b"\x00" + bytes(range(20))) + tlv(0x82, b"\x00" + bytes(range(40)))))
add("empty unique id", cert(uids=tlv(0x81, b"\x00")))

# Signature algorithms and values
add("ecdsa", cert(sigalg=ECDSA_SHA256))
add("unknown signature OID with parameter", cert(sigalg=seq(oid("1.2.3.4.5"), tlv(0x04, b"xyz"))))
add("different outer algorithm", cert(outer_sigalg=ECDSA_SHA256))
add("empty signature", cert(signature=tlv(0x03, b"\x00")))
add("long signature", cert(signature=tlv(0x03, b"\x00" + bytes(range(256)) * 2)))
PSS = "1.2.840.113549.1.1.10"
SHA256 = seq(oid("2.16.840.1.101.3.4.2.1"), tlv(0x05, b""))
MGF1_SHA256 = seq(oid("1.2.840.113549.1.1.8"), SHA256)
for what, params in [
    ("absent", b""),
    ("empty", seq()),
    ("full", seq(tlv(0xA0, SHA256), tlv(0xA1, MGF1_SHA256), tlv(0xA2, integer(32)), tlv(0xA3, integer(1)))),
    ("salt only", seq(tlv(0xA2, integer(20)))),
    ("negative salt", seq(tlv(0xA2, integer(-5)))),
    ("huge salt", seq(tlv(0xA2, integer(1 << 300)))),
    ("mgf other", seq(tlv(0xA1, seq(oid("1.2.3"), SHA256)))),
    ("mgf1 without hash", seq(tlv(0xA1, seq(oid("1.2.840.113549.1.1.8"))))),
    ("null parameter", tlv(0x05, b"")),
    ("wrong tag inside", seq(tlv(0xA5, integer(1)))),
    # found by the mutation test: c2i_ASN1_OBJECT rejects a last byte with
    # its continuation bit set, so the whole parameter block is invalid
    ("hash OID not well formed", seq(tlv(0xA0, seq(tlv(0x06, bytes.fromhex("608648016503040280")), tlv(0x05, b""))))),
    ("mgf1 parameter not a sequence", seq(tlv(0xA1, seq(oid("1.2.840.113549.1.1.8"), tlv(0x05, b""))))),
    ("hash with parameter", seq(tlv(0xA0, seq(oid("2.16.840.1.101.3.4.2.1"), integer(7))))),
]:
    alg = seq(oid(PSS), params)
    add(f"rsassa-pss {what}", cert(sigalg=alg))
DSA_SHA256 = seq(oid("2.16.840.1.101.3.4.3.2"))
add("dsa signature", cert(sigalg=DSA_SHA256, signature=tlv(0x03, b"\x00" + seq(integer(12345), integer(1 << 200)))))
add("dsa signature zero", cert(sigalg=DSA_SHA256, signature=tlv(0x03, b"\x00" + seq(integer(0), integer(1 << 63)))))
add("dsa signature not a sequence", cert(sigalg=DSA_SHA256))
add("dsa signature trailing", cert(sigalg=DSA_SHA256, signature=tlv(0x03, b"\x00" + seq(integer(5), integer(7)) + b"\x01\x02")))

out = []
for what, der in cases:
    b64 = base64.b64encode(der).decode()
    out.append(f"# {what}\n-----BEGIN CERTIFICATE-----\n"
               + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
               + "\n-----END CERTIFICATE-----\n")
(root / "testdata/x509/core.pem").write_text("".join(out))
print(len(cases), "certificates")
