#!/usr/bin/env bash
# Writes testdata/x509/advanced-extensions.pem: crafted certificates whose
# extensions exercise the printers in
# session-text/src/x509/extensions/advanced/ — certificatePolicies,
# policyConstraints, policyMappings, inhibitAnyPolicy, nameConstraints, the CT
# SCT lists and poison, RFC 3779 address blocks and AS identifiers,
# proxyCertInfo and admission — including malformed values that make
# X509V3_EXT_print fail (OpenSSL then prints the raw bytes).
#
# Certificates are assembled from DER by hand (the signature is filler:
# X509_print does not verify it) around a fresh P-256 key from the openssl CLI.
# Every value here is one OpenSSL 3.0 prints without BER reassembly, so
# sslsess must reproduce each certificate's text exactly. The comment line
# before each PEM block says what the certificate covers.
#
# Run from anywhere: tools/x509/make_advanced_extensions.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec python3 - "$root" <<'PY'
import base64, pathlib, subprocess, sys

root = pathlib.Path(sys.argv[1])
sys.path.insert(0, str(root / "tools/x509"))
from der import integer, oid, oid_content, seq, tlv  # noqa: E402
out_path = root / "testdata/x509/advanced-extensions.pem"


# ---- DER building blocks -------------------------------------------------

def ia5(s):
    return tlv(0x16, s)


def utf8(s):
    return tlv(0x0C, s)


def visible(s):
    return tlv(0x1A, s)


def bmp(s):
    return tlv(0x1E, s.encode("utf-16-be"))


def printable(s):
    return tlv(0x13, s)


def octets(b):
    return tlv(0x04, b)


def bits(data, unused=0):
    return tlv(0x03, bytes([unused]) + data)


NULL = b"\x05\x00"

# ---- extension OIDs -------------------------------------------------------

CERT_POLICIES = "2.5.29.32"
POLICY_CONSTRAINTS = "2.5.29.36"
POLICY_MAPPINGS = "2.5.29.33"
INHIBIT_ANY = "2.5.29.54"
NAME_CONSTRAINTS = "2.5.29.30"
PRECERT_SCTS = "1.3.6.1.4.1.11129.2.4.2"
POISON = "1.3.6.1.4.1.11129.2.4.3"
CERT_SCTS = "1.3.6.1.4.1.11129.2.4.5"
IP_ADDR_BLOCKS = "1.3.6.1.5.5.7.1.7"
AS_IDS = "1.3.6.1.5.5.7.1.8"
PROXY_CERT_INFO = "1.3.6.1.5.5.7.1.14"
ADMISSION = "1.3.36.8.3.3"

ANY_POLICY = "2.5.29.32.0"
CPS = "1.3.6.1.5.5.7.2.1"
UNOTICE = "1.3.6.1.5.5.7.2.2"

# ---- certificate -----------------------------------------------------------

key = subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
                     capture_output=True, check=True).stdout
SPKI = subprocess.run(["openssl", "pkey", "-pubout", "-outform", "DER"], input=key,
                      capture_output=True, check=True).stdout
SHA256_RSA = seq(oid("1.2.840.113549.1.1.11"), NULL)


def name(cn):
    return seq(tlv(0x31, seq(oid("2.5.4.10"), utf8(b"sslsession advanced"))),
               tlv(0x31, seq(oid("2.5.4.3"), utf8(cn))))


def extension(object_id, value, critical=False):
    flag = tlv(0x01, b"\xff") if critical else b""
    return seq(oid(object_id), flag, octets(value))


serial = 0x5A00


def cert(exts):
    global serial
    serial += 1
    tbs = seq(tlv(0xA0, integer(2)), integer(serial), SHA256_RSA, name(b"advanced extensions CA"),
              seq(tlv(0x17, b"260101000000Z"), tlv(0x17, b"360101000000Z")),
              name(b"advanced extensions %d" % (serial - 0x5A00)), SPKI,
              tlv(0xA3, seq(*[extension(*e) for e in exts])))
    return seq(tbs, SHA256_RSA, tlv(0x03, b"\x00" + bytes(range(256))))


bundle = []


def add(comment, exts):
    der = cert(exts)
    b64 = base64.encodebytes(der).decode().replace("\n", "")
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    bundle.append("# %s\n-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n"
                  % (comment, "\n".join(lines)))


# ---- certificatePolicies ----------------------------------------------------

def policy(policy_oid, *qualifiers, with_list=None):
    if qualifiers or with_list is not None:
        return seq(oid(policy_oid), seq(*qualifiers))
    return seq(oid(policy_oid))


def cps(uri):
    return seq(oid(CPS), ia5(uri))


def notice(ref=None, text=None):
    return seq(oid(UNOTICE), seq(ref or b"", text or b""))


def notice_ref(org, *numbers):
    return seq(org, seq(*[integer(n) for n in numbers]))


add("certificatePolicies: policy OIDs, CPS and user notices of every form", [
    (CERT_POLICIES, seq(policy(ANY_POLICY))),
    (CERT_POLICIES, seq(
        policy("1.3.6.1.4.1.44947.1.1.1", cps(b"http://cps.example/cps")),
        policy("2.23.140.1.2.1"),
        policy("1.2.3.4.5", cps(b"https://x.example/a?b=c"),
               notice(notice_ref(visible(b"Example Org"), 1, 2, 3), visible(b"Explicit visible text")),
               notice(notice_ref(utf8(b"UTF8 Org \xc3\xa9"), 7)),
               notice(text=utf8(b"only explicit text \xe2\x82\xac")),
               notice(notice_ref(ia5(b"IA5 Org"), 0, -1, 2**70, -(2**130)), ia5(b"ia5 text")),
               notice()),
    ), True),
    (CERT_POLICIES, seq(policy("1.2.840.113549.1.1.1", cps(b"")),
                        policy("1.2.3", notice(notice_ref(bmp("BMP Org"), 5), bmp("BMP text"))))),
])

add("certificatePolicies: unknown qualifiers with ANY values, empty qualifier lists, strings with NUL and high bytes", [
    (CERT_POLICIES, seq(
        policy("1.2.3.4", seq(oid("1.3.6.1.5.5.7.2.3"), utf8(b"text notice")),
               seq(oid("1.2.3.99"), integer(-5)),
               seq(oid("1.2.3.98"), seq(oid("1.2"), NULL)),
               seq(oid("1.2.3.97"), tlv(0x80, b"ctx")),
               seq(oid("1.2.3.96"), NULL),
               seq(oid("1.2.3.95"), tlv(0x01, b"\x00")),
               seq(oid("1.2.3.94"), bits(b"\xf0", 4)),
               seq(oid("1.2.3.93"), tlv(0x31, b"")),
               seq(oid("1.2.3.92"), oid("2.5.4.3")),
               seq(oid("1.2.3.91"), tlv(0x1C, b"\x00\x00\x00A")),
               seq(oid("1.2.3.90"), tlv(0x40, b"\x01\x02")),
               seq(oid("1.2.3.89"), b"\x00\x01\x41"),
               seq(oid("1.2.3.88"), b"\x1f\x20\x01\x41"),
               seq(oid("1.2.3.87"), b"\x1f\x02\x01\x05"),
               seq(oid("1.2.3.86"), b"\x1f\x81\x00\x00"),
               seq(oid("1.2.3.85"), b"\x0d\x01\x01"),
               seq(oid("1.2.3.84"), b"\x09\x00"),
               seq(oid("1.2.3.83"), b"\x30\x82\x00\x00"),
               cps(b"cps with\x00NUL"), cps(b"high \xff\xfe bytes\r\n"),
               notice(notice_ref(utf8(b"org\x00cut")), utf8(b"text\x00cut")),
               notice(notice_ref(utf8(b""))),
               ),
        policy("1.2.3.5", with_list=True),
        policy(ANY_POLICY, cps(b"after empty")),
    )),
    (CERT_POLICIES, seq()),
])

long_policy = "1." + ".".join(["2"] + ["4095"] * 40)
add("certificatePolicies: long OIDs (586 content bytes prints, 587 does not), trailing bytes ignored, BER lengths", [
    (CERT_POLICIES, seq(seq(tlv(0x06, b"\x2a" * 586)))),
    (CERT_POLICIES, seq(seq(tlv(0x06, b"\x2a" * 587)), policy(long_policy))),
    (CERT_POLICIES, seq(policy(ANY_POLICY)) + b"\x00\x00junk"),
    (CERT_POLICIES, b"\x30\x82\x00\x06" + policy("1.2.3")),
    (CERT_POLICIES, b"\x30\x84\x00\x00\x00\x07" + b"\x30\x81\x04\x06\x02\x2a\x05"),
    (CERT_POLICIES, b"\x10\x06" + policy("1.2.6")),
    (CERT_POLICIES, seq(b"\x3f\x10\x04\x06\x02\x2a\x07")),
    (CERT_POLICIES, seq(seq(b"\x1f\x06\x02\x2a\x08"))),
])

add("certificatePolicies: values OpenSSL cannot decode (raw fallback)", [
    (CERT_POLICIES, b""),
    (CERT_POLICIES, b"\x30"),
    (CERT_POLICIES, seq(policy("1.2.3"), b"\x00\x00")),
    (CERT_POLICIES, seq(b"\x10\x04\x06\x02\x2a\x03")),
    (CERT_POLICIES, seq(seq(tlv(0x06, b"")))),
    (CERT_POLICIES, seq(seq(tlv(0x06, b"\x2a\x83")))),
    (CERT_POLICIES, seq(seq(tlv(0x06, b"\x2a\x80\x01")))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid(CPS), utf8(b"not ia5"))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"))))),
    (CERT_POLICIES, seq(policy("1.2.3", notice(seq(tlv(0x1E, b"\x00"), seq(integer(1))))))),
    (CERT_POLICIES, seq(policy("1.2.3", notice(text=tlv(0x1E, b"\x00\x41\x00"))))),
    (CERT_POLICIES, seq(policy("1.2.3", notice(seq(visible(b"org"), seq(tlv(0x02, b"\x00\x01"))))))),
    (CERT_POLICIES, seq(policy("1.2.3", notice(seq(visible(b"org")))))),
    (CERT_POLICIES, seq(policy("1.2.3", notice(text=printable(b"wrong type"))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), tlv(0x05, b"\x00"))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), tlv(0x02, b""))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), tlv(0x10, b""))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), tlv(0x01, b"\x00\x00"))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), tlv(0x21, b""))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), tlv(0x03, b"\x08"))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), tlv(0x1C, b"\x00\x00\x41"))))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), b"\x1f\x02\x02\x00\x05")))),
    (CERT_POLICIES, seq(policy("1.2.3", seq(oid("1.2.9"), b"\x0a\x02\x00\x01")))),
    (CERT_POLICIES, seq(policy("1.2.3", notice(text=tlv(0x14, b"t61"))))),
    (CERT_POLICIES, seq(policy("1.2.3", notice(text=tlv(0x8C, b"tagged"))))),
    (CERT_POLICIES, seq(policy("1.2.3"), b"\x30\x81\x00")),
    (CERT_POLICIES, seq(tlv(0x30, oid("1.2.3") + b"\x04\x00"))),
    (CERT_POLICIES, seq(b"\x30\x03\x06\x05\x2a")),
    (CERT_POLICIES, b"\x31\x00"),
])

# ---- policyConstraints, policyMappings, inhibitAnyPolicy --------------------------

add("policyConstraints, policyMappings and inhibitAnyPolicy", [
    (POLICY_CONSTRAINTS, seq(integer(0, 0x80), integer(1, 0x81)), True),
    (POLICY_CONSTRAINTS, seq(integer(5, 0x80))),
    (POLICY_CONSTRAINTS, seq(integer(-3, 0x81))),
    (POLICY_CONSTRAINTS, seq(integer(2**200, 0x80))),
    (POLICY_MAPPINGS, seq(seq(oid("1.2.3.4"), oid("1.2.3.5"))), True),
    (POLICY_MAPPINGS, seq(seq(oid(ANY_POLICY), oid("2.5.4.3")),
                          seq(oid(long_policy), oid("1.2.840.113549.1.9.1")),
                          seq(tlv(0x06, b"\x2a" * 587), oid("1.2")))),
    (INHIBIT_ANY, integer(0), True),
    (INHIBIT_ANY, integer(5)),
    (INHIBIT_ANY, integer(-1)),
    (INHIBIT_ANY, integer(2**127 - 1)),
    (INHIBIT_ANY, integer(2**127)),
    (INHIBIT_ANY, integer(-(2**150))),
])

add("policyConstraints, policyMappings and inhibitAnyPolicy that fail", [
    (POLICY_CONSTRAINTS, seq()),
    (POLICY_CONSTRAINTS, seq(integer(1, 0x81), integer(0, 0x80))),
    (POLICY_CONSTRAINTS, seq(tlv(0xA0, integer(1)))),
    (POLICY_CONSTRAINTS, seq(tlv(0x80, b"\x00\x01"))),
    (POLICY_CONSTRAINTS, seq(integer(1, 0x82))),
    (POLICY_MAPPINGS, seq()),
    (POLICY_MAPPINGS, seq(seq(oid("1.2.3")))),
    (POLICY_MAPPINGS, seq(seq(oid("1.2.3"), oid("1.2.4"), NULL))),
    (INHIBIT_ANY, b""),
    (INHIBIT_ANY, tlv(0x02, b"")),
    (INHIBIT_ANY, tlv(0x02, b"\xff\xff")),
    (INHIBIT_ANY, tlv(0x22, integer(1))),
    (INHIBIT_ANY, tlv(0x0A, b"\x01")),
    (INHIBIT_ANY, integer(3) + b"trailing"),
])

# ---- nameConstraints --------------------------------------------------------

def subtree(base, minimum=None, maximum=None):
    parts = [base]
    if minimum is not None:
        parts.append(integer(minimum, 0x80))
    if maximum is not None:
        parts.append(integer(maximum, 0x81))
    return seq(*parts)


def dirname(*attrs):
    return tlv(0xA4, seq(*[tlv(0x31, seq(oid(o), v)) for o, v in attrs]))


dns = lambda s: tlv(0x82, s)
email = lambda s: tlv(0x81, s)
uri = lambda s: tlv(0x86, s)
ip = lambda b: tlv(0x87, b)
V6 = bytes.fromhex("20010db8000000000000000000000000")
V6_MASK = bytes.fromhex("ffffffffffffffff0000000000000000")

add("nameConstraints: every GENERAL_NAME form, IPv4 and IPv6 masks, odd IP lengths", [
    (NAME_CONSTRAINTS, seq(tlv(0xA0, subtree(dns(b".example.com")) + subtree(email(b"@example.com"))
                               + subtree(uri(b".example.org")) + subtree(ip(bytes([10, 0, 0, 0, 255, 0, 0, 0])))
                               + subtree(ip(V6 + V6_MASK), 0, 5)
                               + subtree(dirname(("2.5.4.6", printable(b"ZZ")), ("2.5.4.10", utf8(b"Org"))))),
                           tlv(0xA1, subtree(dns(b"bad.example.com")) + subtree(ip(bytes(8)))
                               + subtree(ip(b"")) + subtree(ip(bytes([1, 2, 3, 4, 5])))
                               + subtree(ip(bytes(range(20)))) + subtree(ip(bytes(range(40))))
                               + subtree(ip(bytes([1, 2, 3]))) + subtree(ip(bytes(range(4))))
                               + subtree(ip(bytes(range(16)))))), True),
    (NAME_CONSTRAINTS, seq(tlv(0xA1, subtree(tlv(0x88, oid_content("1.2.3.4")))
                               + subtree(tlv(0xA0, oid(("1.3.6.1.4.1.311.20.2.3")) + tlv(0xA0, utf8(b"upn@example"))))
                               + subtree(tlv(0xA3, b"")) + subtree(tlv(0xA5, tlv(0xA1, utf8(b"party"))))
                               + subtree(dns(b"nul\x00dns")) + subtree(email(b"\xff@x"))))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, b""), tlv(0xA1, subtree(dns(b"excluded.only"))))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, subtree(dns(b"permitted.only"))), tlv(0xA1, b""))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, b""))),
    (NAME_CONSTRAINTS, seq()),
    (NAME_CONSTRAINTS, seq(tlv(0x80, subtree(dns(b"primitive.tag"))))),
])

add("nameConstraints that fail to decode", [
    (NAME_CONSTRAINTS, seq(tlv(0xA1, b""), tlv(0xA0, b""))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, subtree(dns(b"x"), maximum=1) + b"\x02\x01\x00"))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, seq(dns(b"x"), tlv(0xA0, integer(0)))))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, seq(dns(b"x"), tlv(0x80, b""))))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, seq(tlv(0x89, b"x"))))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, seq(ia5(b"x"))))),
    (NAME_CONSTRAINTS, seq(tlv(0xA0, seq()))),
    (NAME_CONSTRAINTS, seq(tlv(0xA2, b""))),
])

# ---- Certificate Transparency -----------------------------------------------

def sct(version=0, log_id=None, timestamp=1700000000123, ext=b"", hash_alg=4, sig_alg=3,
        signature=None, trailing=b""):
    if version != 0:
        return bytes([version]) + (log_id or b"")
    log_id = log_id if log_id is not None else bytes(range(0xA0, 0xC0))
    signature = signature if signature is not None else bytes(range(70))
    return (bytes([0]) + log_id + timestamp.to_bytes(8, "big") + len(ext).to_bytes(2, "big") + ext
            + bytes([hash_alg, sig_alg]) + len(signature).to_bytes(2, "big") + signature + trailing)


def sct_list(*scts, extra=b""):
    body = b"".join(len(s).to_bytes(2, "big") + s for s in scts)
    return octets(len(body).to_bytes(2, "big") + body + extra)


add("CT: SCT lists with several SCTs, RSA and ECDSA, extensions, unknown versions; poison", [
    (PRECERT_SCTS, sct_list(sct(), sct(log_id=bytes(32), timestamp=1, sig_alg=1, signature=bytes(range(256))),
                            sct(ext=bytes(range(5)), timestamp=999),
                            sct(ext=bytes(range(33)), timestamp=1_000, signature=b"\x30"))),
    (CERT_SCTS, sct_list(sct(version=1, log_id=b"\x01\x02\x03"), sct(version=0xFF, log_id=bytes(range(40))),
                         sct(version=7))),
    (PRECERT_SCTS, sct_list()),
    (POISON, NULL, True),
    (POISON, NULL + b"trailing"),
])

add("CT: SCT timestamps at the edges of what OPENSSL_gmtime_adj handles", [
    (PRECERT_SCTS, sct_list(*[sct(timestamp=t) for t in (
        0, 86_399_999, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000,
        (2**32 - 1) * 86_400_000, (2**32 - 25_567) * 86_400_000 + 5, (2**32 - 25_568) * 86_400_000,
        2**31 * 86_400_000, (2**31 - 1) * 86_400_000, 2**63, 2**64 - 1)])),
])

add("CT: SCTs with signatures of zero length and trailing bytes; lists that fail", [
    (PRECERT_SCTS, sct_list(sct(signature=b"", trailing=b"\x00"), sct(signature=b"\x01", trailing=b"ignored"))),
    (PRECERT_SCTS, sct_list(sct(signature=b""))),
    (PRECERT_SCTS, sct_list(sct(hash_alg=2))),
    (PRECERT_SCTS, sct_list(sct(sig_alg=2))),
    (PRECERT_SCTS, sct_list(sct()[:42])),
    (PRECERT_SCTS, sct_list(sct(), extra=b"\x00")),
    (PRECERT_SCTS, octets(b"\x00\x02\x00\x00")),
    (PRECERT_SCTS, octets(b"\x00")),
    (PRECERT_SCTS, octets(b"")),
    (PRECERT_SCTS, octets(b"\x00\x05\x00\x02\x00")),
    (PRECERT_SCTS, sct_list(sct(ext=b"\x01")[:43] + b"\x00\x02")),
    (PRECERT_SCTS, sct_list(sct(signature=bytes(10))[:-5])),
    (PRECERT_SCTS, sct_list(sct()) + b"trailing"),
    (PRECERT_SCTS, sct_list(sct())[2:]),
    (CERT_SCTS, tlv(0x16, sct_list(sct())[2:])),
    (POISON, b"\x05\x01\x00"),
    (POISON, b"\x25\x00"),
    (POISON, b""),
    (POISON, octets(b"")),
])

# ---- RFC 3779 ---------------------------------------------------------------

def family(afi, choice):
    return seq(octets(afi), choice)


def prefix(data, unused=0):
    return bits(data, unused)


def address_range(low, high):
    return seq(low, high)


V4, V6AFI = b"\x00\x01", b"\x00\x02"

add("RFC 3779 IP address blocks: prefixes, ranges, inherit, SAFIs, unknown AFIs", [
    (IP_ADDR_BLOCKS, seq(
        family(V4, seq(prefix(b""), prefix(b"\x0a"), prefix(b"\xc0\xa8\x00"), prefix(b"\x0a\x00\x00\x01"),
                       prefix(b"\xac\x10", 4), prefix(b"\xac\x1f", 4),
                       address_range(prefix(b"\x0a\x00\x00\x05"), prefix(b"\x0a\x00\x00\x09")),
                       address_range(prefix(b"\x0a\x01"), prefix(b"\x0a\x02", 1)),
                       address_range(prefix(b"\x0a\x03\x00\x00", 3), prefix(b"\x0b", 7)))),
        family(V6AFI, seq(prefix(b""), prefix(b"\x20\x01\x0d\xb8"), prefix(b"\x20\x01\x0d\xb8\x00\x01", 4),
                          prefix(bytes(range(1, 17))), prefix(b"\x00\x01"), prefix(bytes(15) + b"\x01"),
                          address_range(prefix(b"\x20\x01\x0d\xb8"), prefix(b"\x20\x01\x0d\xb8\x00\x0f", 3)),
                          address_range(prefix(b"\x00"), prefix(b"")))),
    ), True),
    (IP_ADDR_BLOCKS, seq(
        family(V4 + b"\x01", NULL), family(V6AFI + b"\x02", NULL), family(V4 + b"\x03", seq()),
        family(V4 + b"\x04", NULL), family(V4 + b"\x40", NULL), family(V4 + b"\x41", NULL),
        family(V4 + b"\x42", NULL), family(V4 + b"\x80", NULL), family(V4 + b"\x07extra", NULL),
        family(b"\x00\x03", seq(prefix(b"\x01\x02\x03", 5),
                                address_range(prefix(b"\xaa"), prefix(bytes(range(20)), 7)))),
        family(b"\x01", NULL), family(b"", seq(prefix(b"\x01"))), family(b"\xff\xff\x00", NULL),
        family(V4, seq(prefix(b"", 3))),
    )),
    (IP_ADDR_BLOCKS, seq()),
])

add("RFC 3779 IP address blocks that fail (before or while printing)", [
    (IP_ADDR_BLOCKS, seq(family(V4, seq(prefix(b"\x0a"), prefix(b"\x01\x02\x03\x04\x05"), prefix(b"\x0b"))))),
    (IP_ADDR_BLOCKS, seq(family(V4, NULL), family(V6AFI, seq(address_range(prefix(b"\x20"), prefix(bytes(17))))))),
    (IP_ADDR_BLOCKS, seq(family(V4, seq(address_range(prefix(bytes(5)), prefix(b"")))))),
    (IP_ADDR_BLOCKS, seq(family(V4, tlv(0x05, b"\x00")))),
    (IP_ADDR_BLOCKS, seq(family(V4, integer(1)))),
    (IP_ADDR_BLOCKS, seq(family(V4, seq(prefix(b"\x01", 8))))),
    (IP_ADDR_BLOCKS, seq(family(V4, seq(tlv(0x03, b""))))),
    (IP_ADDR_BLOCKS, seq(family(V4, seq(address_range(prefix(b"\x01"), b"")))),),
    (IP_ADDR_BLOCKS, seq(seq(octets(V4)))),
    (IP_ADDR_BLOCKS, seq(seq(ia5(V4), NULL))),
])


def as_choice(tag, choice):
    return tlv(0xA0 | tag, choice)


add("RFC 3779 AS identifiers: ids, ranges, inherit, routing domains", [
    (AS_IDS, seq(as_choice(0, seq(integer(64496), seq(integer(64500), integer(64511)), integer(0),
                                 integer(2**32 - 1), integer(2**130), integer(-7))),
                 as_choice(1, seq(integer(1), seq(integer(5), integer(3))))), True),
    (AS_IDS, seq(as_choice(0, NULL))),
    (AS_IDS, seq(as_choice(1, NULL))),
    (AS_IDS, seq(as_choice(0, seq()))),
    (AS_IDS, seq()),
])

add("RFC 3779 AS identifiers that fail", [
    (AS_IDS, seq(as_choice(0, seq(integer(1)) + NULL))),
    (AS_IDS, seq(as_choice(1, NULL), as_choice(0, NULL))),
    (AS_IDS, seq(tlv(0x80, NULL))),
    (AS_IDS, seq(as_choice(0, seq(seq(integer(1)))))),
    (AS_IDS, seq(as_choice(0, seq(tlv(0x02, b"\x00\x05"))))),
    (AS_IDS, seq(as_choice(0, ia5(b"x")))),
    (AS_IDS, seq(as_choice(0, b""))),
])

# ---- proxyCertInfo -------------------------------------------------------------

add("proxyCertInfo: path lengths, policy languages, policy texts", [
    (PROXY_CERT_INFO, seq(integer(0), seq(oid("1.3.6.1.5.5.7.21.1"))), True),
    (PROXY_CERT_INFO, seq(seq(oid("1.3.6.1.5.5.7.21.0"), octets(b"policy text\x00after NUL")))),
    (PROXY_CERT_INFO, seq(integer(10), seq(oid("1.3.6.1.5.5.7.21.2"), octets(b"")))),
    (PROXY_CERT_INFO, seq(integer(-129), seq(oid("1.2.3.4.5"), octets(b"\xff\x01text")))),
    (PROXY_CERT_INFO, seq(integer(2**300 + 1), seq(oid("1.2.3")))),
    (PROXY_CERT_INFO, seq(integer(1), seq(oid("1.2.3"), octets(b"x")), NULL)),
    (PROXY_CERT_INFO, seq(seq())),
    (PROXY_CERT_INFO, seq(integer(1))),
    (PROXY_CERT_INFO, seq(seq(oid("1.2.3"), ia5(b"x")))),
])

# ---- admission ------------------------------------------------------------------

def naming_authority(object_id=None, url=None, text=None):
    return seq(oid(object_id) if object_id else b"", ia5(url) if url is not None else b"", text or b"")


def profession_info(items, oids=None, registration=None, naming=None, extra=None):
    return seq(tlv(0xA0, naming) if naming is not None else b"", seq(*items),
               seq(*[oid(o) for o in oids]) if oids is not None else b"",
               printable(registration) if registration is not None else b"",
               octets(extra) if extra is not None else b"")


def admissions(infos, authority=None, naming=None):
    return seq(tlv(0xA0, authority) if authority is not None else b"",
               tlv(0xA1, naming) if naming is not None else b"", seq(*infos))


add("admission: authorities, naming authorities, profession infos", [
    (ADMISSION, seq(dirname(("2.5.4.6", printable(b"DE")), ("2.5.4.10", utf8(b"Kammer"))), seq(
        admissions([profession_info([utf8(b"Apotheker"), bmp("Arzt"), printable(b"Notar")],
                                    oids=["1.3.36.8.3.3", "1.2.3.4.5"], registration=b"123-456",
                                    naming=naming_authority("1.2.3", b"http://na.example", utf8(b"NA text")),
                                    extra=b"\x01\x02")],
                   authority=uri(b"http://authority.example"),
                   naming=naming_authority("2.5.4.3", b"", printable(b"text only"))),
        admissions([profession_info([]), profession_info([tlv(0x14, b"t61 \xe9")], oids=[])],
                   naming=naming_authority(url=b"http://url.only")),
        admissions([profession_info([tlv(0x1C, b"\x00\x00\x00A")], oids=[long_policy])],
                   naming=naming_authority(object_id="1.2.3.4")),
    ))),
    (ADMISSION, seq(seq())),
    (ADMISSION, seq(ip(bytes([192, 0, 2, 1])), seq(admissions([])))),
])

add("admission: values that fail (an empty naming authority fails while printing), an empty addProfessionInfo", [
    (ADMISSION, seq(seq(admissions([profession_info([utf8(b"x")])], naming=seq())))),
    (ADMISSION, seq(seq(admissions([profession_info([utf8(b"x")]), profession_info([utf8(b"y")], naming=seq())])))),
    (ADMISSION, seq(seq(admissions([profession_info([utf8(b"x")])], authority=dns(b"a") + dns(b"b"))))),
    (ADMISSION, seq(seq(admissions([profession_info([ia5(b"not a directory string")])])))),
    (ADMISSION, seq(seq(admissions([profession_info([utf8(b"x")], registration=b"1", extra=b"", oids=["1.2"])])))),
    (ADMISSION, seq(dns(b"no contents"))),
    (ADMISSION, seq(tlv(0x89, b""), seq())),
    (ADMISSION, seq(seq(seq(seq(seq(utf8(b"x")), octets(b""), printable(b"1")))))),
])

text = "".join(bundle)
out_path.write_text(text)
print("%s: %d certificates, %d bytes" % (out_path.relative_to(root), len(bundle), len(text)))
PY
