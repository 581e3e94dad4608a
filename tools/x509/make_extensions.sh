#!/usr/bin/env bash
# Writes testdata/x509/extensions.pem: certificates whose extensions exercise
# the common extension printers in session-text/src/x509/extensions/ —
# basicConstraints, keyUsage, extendedKeyUsage, key identifiers, alternative
# names with every GENERAL_NAME form, CRL distribution points, information
# access, privateKeyUsagePeriod, the Netscape extensions, TLS feature, OCSP
# extensions, Strong Extranet ID, signing tools, the CRL extensions — plus
# unknown extensions, critical flags, empty and long lists, and malformed
# values for which X509V3_EXT_print fails and OpenSSL prints the raw bytes.
#
# Most certificates are made by `openssl req -x509` from a configuration: the
# ordinary extension syntax where it can express the value, `DER:<hex>` for
# crafted values (built below in Python). A few certificates whose Extension
# fields themselves are unusual (a critical flag written as FALSE or 0x80, an
# empty extension list) are reassembled in Python from an openssl-made one;
# their signatures no longer verify, which X509_print does not check.
#
# Every value here is one OpenSSL 3.0 decodes without BER reassembly, so
# sslsess must reproduce each certificate's text exactly. The comment line
# before each PEM block says what the certificate covers.
#
# Run from anywhere: tools/x509/make_extensions.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec python3 - "$root" <<'PY'
import base64, pathlib, subprocess, sys, tempfile

root = pathlib.Path(sys.argv[1])
sys.path.insert(0, str(root / "tools/x509"))
from der import integer, oid, oid_content, parse, seq, tlv  # noqa: E402
out_path = root / "testdata/x509/extensions.pem"
work = pathlib.Path(tempfile.mkdtemp(prefix="make_extensions."))


# ---- DER building blocks -------------------------------------------------

def name(*rdns):
    """rdns: lists of (dotted OID, tag, value bytes)."""
    return seq(*[tlv(0x31, b"".join(seq(oid(o), tlv(t, v)) for o, t, v in rdn)) for rdn in rdns])


def other_name(dotted, value):
    return tlv(0xA0, oid(dotted) + tlv(0xA0, value))


CN, O, OU, C = "2.5.4.3", "2.5.4.10", "2.5.4.11", "2.5.4.6"
EMAIL = "1.2.840.113549.1.9.1"
UPN = "1.3.6.1.4.1.311.20.2.3"
SMTP_UTF8 = "1.3.6.1.5.5.7.8.9"
XMPP = "1.3.6.1.5.5.7.8.5"
SRV = "1.3.6.1.5.5.7.8.7"
NAI = "1.3.6.1.5.5.7.8.8"
OCSP = "1.3.6.1.5.5.7.48.1"
CA_ISSUERS = "1.3.6.1.5.5.7.48.2"
LONG_OID = "1.2." + ".".join(["1234567890123"] * 22)  # > 255 characters dotted

SAN, IAN, CRL_DP, FRESHEST, AIA, SIA = (
    "subjectAltName", "issuerAltName", "crlDistributionPoints", "freshestCRL",
    "authorityInfoAccess", "subjectInfoAccess")

# ---- GENERAL_NAMEs -------------------------------------------------------

dns = lambda s: tlv(0x82, s)
email = lambda s: tlv(0x81, s)
uri = lambda s: tlv(0x86, s)
ip = lambda b: tlv(0x87, b)
rid = lambda d: tlv(0x88, oid_content(d))
dirname = lambda n: tlv(0xA4, n)

GENERAL_NAMES = [
    dns(b"www.example.com"), dns(b""), dns(b"*.wild.example"), dns(b"\x01\x7f\xff~ tab\tcr\rnl\n"),
    email(b"user@example.com"), uri(b"http://example.com/a?b=c"), uri(b""),
    ip(bytes([192, 0, 2, 1])), ip(bytes(16)), ip(bytes.fromhex("20010db8000000000000ff0000428329")),
    ip(b""), ip(b"\x01"), ip(b"\x01\x02\x03"), ip(bytes(5)), ip(bytes(8)), ip(bytes(15)), ip(bytes(17)), ip(bytes(32)),
    rid("1.2.3.4"), rid("2.5.29.17"), rid(LONG_OID),
    tlv(0xA3, b""), tlv(0xA3, seq(tlv(0x13, b"x400"))),
    tlv(0xA5, tlv(0xA1, tlv(0x13, b"party"))),
    tlv(0xA5, tlv(0xA0, tlv(0x0C, b"assigner")) + tlv(0xA1, tlv(0x1E, "p\u00e9".encode("utf-16-be")))),
    other_name(UPN, tlv(0x0C, b"upn@example.com")),
    other_name(SMTP_UTF8, tlv(0x0C, "j\u00f6rg@example.com".encode())),
    other_name(XMPP, tlv(0x0C, b"juliet@im.example.com")),
    other_name(SRV, tlv(0x16, b"_imap.example.com")),
    other_name(NAI, tlv(0x0C, b"example.com")),
    other_name("1.2.3.4", tlv(0x16, b"ia5 value")),
    other_name("1.2.3.4", tlv(0x0C, b"utf8 value")),
    other_name("1.2.3.4", tlv(0x0C, b"")),
    other_name("1.2.3.4", tlv(0x16, b"nul\x00inside")),
    other_name("1.2.3.4", tlv(0x13, b"printable")),
    other_name("1.2.3.4", seq(integer(1))),
    other_name("1.2.3.4", tlv(0x80, b"context")),
    other_name("1.2.3.4", b"\x00\x00"),
    other_name("1.3.6.1.5.5.7.8.3", tlv(0x0C, b"permanent id")),
    other_name(LONG_OID, tlv(0x0C, b"long type")),
    dirname(name([(CN, 0x0C, b"Dir Name")], [(O, 0x13, b"Org, Inc."), (C, 0x13, b"US")])),
    dirname(name()),
    dirname(name([(CN, 0x13, b"#lead")], [(CN, 0x13, b" spaces ")], [(CN, 0x13, b"#")], [(CN, 0x13, b" ")],
                 [(CN, 0x13, b"a/b+c\\d\"e<f>;g=,")], [(CN, 0x0C, "\u00e9\u00ff\u4e2d".encode())])),
    dirname(name([(CN, 0x14, b"\xe9t61")], [(CN, 0x16, b"\x00\x1f\x7f")], [(CN, 0x1E, "\u20acx".encode("utf-16-be"))],
                 [(CN, 0x1C, "\U0001F600".encode("utf-32-be"))], [(CN, 0x12, b"123 45")])),
    dirname(name([(EMAIL, 0x16, b"a@b"), ("1.2.3.4.5", 0x13, b"unknown type")],
                 [(CN, 0x03, b"\x00\x41"), (OU, 0x30, integer(5)), (CN, 0x09, b"\x01\x02"), (CN, 0x0B, b"")])),
    dirname(name(*[[(CN, 0x13, b"x" * 60)] for _ in range(5)])),  # longer than oneline's 255 bytes
    dirname(name([(LONG_OID, 0x13, b"v")])),
]


def hexs(der):
    return ":".join(f"{b:02X}" for b in der)


def der_ext(ext_name, value, critical=False):
    return f"{ext_name} = {'critical,' if critical else ''}DER:{hexs(value)}"


# ---- the certificates: (comment, [config lines], extra config sections) ----

certs = []


def cert(comment, *lines, sections=""):
    certs.append((comment, list(lines), sections))


cert("a typical TLS server certificate, as openssl writes its extensions",
     "basicConstraints = critical, CA:FALSE",
     "keyUsage = critical, digitalSignature, keyEncipherment",
     "extendedKeyUsage = serverAuth, clientAuth",
     "subjectKeyIdentifier = hash",
     "authorityKeyIdentifier = keyid:always, issuer:always",
     "subjectAltName = DNS:www.example.com, DNS:example.com, IP:192.0.2.10, IP:2001:db8::1",
     "authorityInfoAccess = OCSP;URI:http://ocsp.example.com, caIssuers;URI:http://ca.example.com/ca.crt",
     "crlDistributionPoints = URI:http://crl.example.com/ca.crl")
cert("a CA certificate with Netscape extensions",
     "basicConstraints = critical, CA:TRUE, pathlen:0",
     "keyUsage = critical, keyCertSign, cRLSign",
     "nsCertType = sslCA, emailCA, objCA",
     "nsComment = \"Generated by make_extensions.sh\"",
     "nsBaseUrl = http://ns.example.com/",
     "nsRevocationUrl = revoke?",
     "nsCaRevocationUrl = ca-revoke?",
     "nsRenewalUrl = renew?",
     "nsCaPolicyUrl = policy.html",
     "nsSslServerName = server.example.com",
     "subjectKeyIdentifier = none")
cert("every key usage and Netscape cert type bit; basicConstraints without pathlen",
     "keyUsage = digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign, encipherOnly, decipherOnly",
     "nsCertType = client, server, email, objsign, reserved, sslCA, emailCA, objCA",
     "basicConstraints = CA:TRUE")
cert("extended key usages: known, unknown and one whose name is cut at 79 characters",
     "extendedKeyUsage = serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning, "
     "ipsecIKE, msCodeInd, msSGC, nsSGC, anyExtendedKeyUsage, 1.2.3.4.5, " + LONG_OID)
cert("subjectAltName with the config syntax's forms, issuerAltName",
     "subjectAltName = email:copy, email:alt@example.com, URI:ldap://example.com/cn=x, DNS:a.example, RID:1.2.3.4.5, "
     "IP:0.0.0.0, IP:ffff::, dirName:dir_sect, otherName:1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.com, "
     "otherName:1.2.3.4;IA5STRING:ia5",
     "issuerAltName = email:ca@example.com, URI:http://ca.example.com",
     sections="[dir_sect]\nCN = Directory Name\nO = Example Org\nOU = Unit + sub\nC = GB\n")
for i in range(0, len(GENERAL_NAMES), 12):
    cert(f"GENERAL_NAMEs {i}..{i + 11} in subjectAltName (i2v_GENERAL_NAME), issuerAltName and certificateIssuer",
         der_ext(SAN, seq(*GENERAL_NAMES[i:i + 12])),
         der_ext(IAN, seq(*GENERAL_NAMES[i:i + 12][::-1]), critical=True),
         der_ext("2.5.29.29", seq(*GENERAL_NAMES[i:i + 12])))
    cert(f"GENERAL_NAMEs {i}..{i + 11} in crlDistributionPoints (GENERAL_NAME_print) and authorityInfoAccess",
         der_ext(CRL_DP, seq(*[seq(tlv(0xA0, tlv(0xA0, g))) for g in GENERAL_NAMES[i:i + 12]])),
         der_ext(AIA, seq(*[seq(oid(OCSP if n % 2 else CA_ISSUERS), g) for n, g in enumerate(GENERAL_NAMES[i:i + 12])])))
cert("subjectAltName: an empty list, and a long one",
     der_ext(SAN, seq()),
     der_ext(IAN, seq(*[dns(b"host%d.example.com" % n) for n in range(120)])))
cert("subjectAltName entries for which i2v_GENERAL_NAME fails (a NUL in a string, a special otherName of the wrong type)",
     der_ext(SAN, seq(dns(b"a\x00b"))),
     der_ext(SAN, seq(dns(b"ok"), email(b"x\x00"))),
     der_ext(SAN, seq(other_name(UPN, tlv(0x16, b"ia5 upn")))),
     der_ext(SAN, seq(other_name(SRV, tlv(0x0C, b"utf8 srv")))),
     der_ext(SAN, seq(other_name(UPN, tlv(0x0C, b"nul\x00")))),
     der_ext(AIA, seq(seq(oid(OCSP), uri(b"http://x/\x00")))))
cert("names OpenSSL's decoder rejects: a VisibleString, invalid UTF-8, a surrogate, a bad tag, truncation",
     der_ext(SAN, seq(dirname(name([(CN, 0x1A, b"visible")])))),
     der_ext(SAN, seq(dirname(name([(CN, 0x0C, b"\xc3\x28")])))),
     der_ext(SAN, seq(dirname(name([(CN, 0x1E, b"\xd8\x00")])))),
     der_ext(SAN, seq(dirname(name([(CN, 0x02, b"\x01")])))),
     der_ext(SAN, seq(tlv(0x89, b"x"))),
     der_ext(SAN, seq(tlv(0x83, b""))),
     der_ext(SAN, seq(tlv(0x88, b"\x2a\x86"))),
     der_ext(SAN, seq(dns(b"abc"))[:-1]),
     der_ext(SAN, tlv(0x31, dns(b"set"))),
     der_ext(SAN, seq(other_name("1.2.3", tlv(0x0C, b"x") + tlv(0x0C, b"y")))))
cert("a primitive SEQUENCE OF (the template decoder does not check) and trailing bytes after the value",
     der_ext(SAN, tlv(0x10, dns(b"primitive.example"))),
     der_ext(SAN, seq(dns(b"trailing.example")) + b"\x00\x01garbage"))

# CRL distribution points and freshest CRL.
rel = lambda *entries: tlv(0xA0, tlv(0xA1, b"".join(seq(oid(o), tlv(t, v)) for o, t, v in entries)))
full = lambda *names: tlv(0xA0, tlv(0xA0, b"".join(names)))
cert("CRL distribution points from the config syntax: sections with names, reasons, CRL issuers",
     "crlDistributionPoints = URI:http://a.example/a.crl, dp1, dp2",
     "freshestCRL = URI:http://delta.example/d.crl",
     sections="[dp1]\nfullname = URI:http://b.example/b.crl, URI:ldap://b.example/cn=crl\nreasons = keyCompromise, CACompromise\n"
              "CRLissuer = dirName:issuer_sect\n[dp2]\nrelativename = dp2_rel\n"
              "reasons = unused, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, AACompromise\n"
              "[dp2_rel]\nCN = Relative\n[issuer_sect]\nC = US\nO = CRL Issuer\n")
cert("crafted distribution points: relative names, empty parts, every field",
     der_ext(CRL_DP, seq()),
     der_ext(CRL_DP, seq(seq())),
     der_ext(CRL_DP, seq(seq(full()))),
     der_ext(CRL_DP, seq(seq(rel()))),
     der_ext(CRL_DP, seq(seq(rel((CN, 0x13, b"a"), (O, 0x0C, b"b,c"), ("1.2.3.4", 0x13, b"x"))))),
     der_ext(FRESHEST, seq(seq(full(uri(b"http://x/1"), dns(b"x")), tlv(0x81, b"\x07\x80"), tlv(0xA2, email(b"i@x") + ip(b"\x7f\x00\x00\x01"))),
                           seq(tlv(0x81, b"\x00")), seq(tlv(0x81, b"\x07\xff\x80")), seq(tlv(0xA2, b""))), critical=True),
     der_ext(CRL_DP, seq(seq(rel((CN, 0x0C, b"\xff\xfe"), (CN, 0x1E, b"\xd8\x00\x00A"), (O, 0x13, b"not printed"))),
                         tlv(0x81, b"\x07\x80"))),
     der_ext(CRL_DP, seq(seq(rel((CN, 0x1A, b"visible in a relative name"))))))
cert("crafted distribution points OpenSSL rejects: no choice, both choices, a primitive [0]",
     der_ext(CRL_DP, seq(seq(tlv(0xA0, tlv(0xA2, b""))))),
     der_ext(CRL_DP, seq(seq(tlv(0xA0, tlv(0xA0, dns(b"x")) + tlv(0xA1, b""))))),
     der_ext(CRL_DP, seq(seq(tlv(0x80, dns(b"x"))))),
     der_ext(CRL_DP, seq(seq(tlv(0x81, b"\x08\x00")))))
cert("issuing distribution point from the config syntax, and crafted ones",
     "issuingDistributionPoint = critical, @idp_sect",
     der_ext("issuingDistributionPoint", seq()),
     der_ext("issuingDistributionPoint", seq(rel((CN, 0x13, b"relative"), (O, 0x13, b"same set")))),
     der_ext("issuingDistributionPoint", seq(tlv(0x81, b"\x00"), tlv(0x82, b"\x00"), tlv(0x84, b"\x80"), tlv(0x85, b"\x01"))),
     der_ext("issuingDistributionPoint", seq(tlv(0x83, b"\x00"))),
     der_ext("issuingDistributionPoint", seq(tlv(0x81, b"\x00\x00"))),
     sections="[idp_sect]\nfullname = URI:http://idp.example/crl\nonlyuser = TRUE\nonlyCA = TRUE\nonlyAA = TRUE\n"
              "indirectCRL = TRUE\nonlysomereasons = keyCompromise, superseded\n")

# Information access.
cert("information access: subjectInfoAccess, an empty list, unknown and long methods, every name form",
     "subjectInfoAccess = caRepository;URI:http://repo.example/, 1.2.3.4;email:sia@example.com",
     der_ext(AIA, seq()),
     der_ext(SIA, seq(seq(oid(LONG_OID), dns(b"long.method")), seq(oid("1.3.6.1.5.5.7.48.5"), dirname(name([(CN, 0x13, b"d")]))))),
     der_ext(AIA, seq(seq(oid(OCSP), dns(b"x"), dns(b"extra")))))

# Key identifiers.
cert("key identifiers: the config syntax and crafted authority key identifiers",
     "subjectKeyIdentifier = 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15",
     der_ext("authorityKeyIdentifier", seq(tlv(0x80, bytes(range(20))))),
     der_ext("authorityKeyIdentifier", seq(tlv(0x80, b""))),
     der_ext("authorityKeyIdentifier", seq()),
     der_ext("authorityKeyIdentifier", seq(tlv(0x80, b"\xaa"), tlv(0xA1, b""))),
     der_ext("authorityKeyIdentifier", seq(tlv(0xA1, dirname(name([(CN, 0x13, b"AKID issuer")])) + dns(b"x")), tlv(0x82, b"\xff\x00"))),
     der_ext("authorityKeyIdentifier", seq(tlv(0x82, b"\x00"))),
     der_ext("authorityKeyIdentifier", seq(tlv(0x82, b"\x00\x01"))),
     der_ext("authorityKeyIdentifier", seq(tlv(0xA1, dns(b"nul\x00")))),
     der_ext("subjectKeyIdentifier", tlv(0x04, b"")))
cert("a subject key identifier that is not an OCTET STRING, one cut short",
     der_ext("subjectKeyIdentifier", tlv(0x16, b"\x01")),
     der_ext("subjectKeyIdentifier", tlv(0x04, b"\x01\x02")[:-1]))

# Basic constraints, key usage and friends, crafted.
cert("basic constraints, crafted",
     der_ext("basicConstraints", seq()),
     der_ext("basicConstraints", seq(tlv(0x01, b"\x00"))),
     der_ext("basicConstraints", seq(tlv(0x01, b"\x01"), integer(0))),
     der_ext("basicConstraints", seq(integer(5))),
     der_ext("basicConstraints", seq(tlv(0x01, b"\xff"), integer(-3))),
     der_ext("basicConstraints", seq(tlv(0x01, b"\xff"), tlv(0x02, b"\x7f" + b"\xff" * 20))),
     der_ext("basicConstraints", seq(integer(1), tlv(0x01, b"\xff"))),
     der_ext("basicConstraints", seq(tlv(0x01, b""))),
     der_ext("basicConstraints", tlv(0x04, b"")))
cert("key usage and Netscape cert type bit strings: no bit set, unused bits, too many unused bits",
     der_ext("keyUsage", tlv(0x03, b"\x00")),
     der_ext("keyUsage", tlv(0x03, b"\x00\x00")),
     der_ext("keyUsage", tlv(0x03, b"\x07\xff\x80")),
     der_ext("keyUsage", tlv(0x03, b"\x07\x01")),
     der_ext("keyUsage", tlv(0x03, b"\x08\x80")),
     der_ext("keyUsage", tlv(0x03, b"")),
     der_ext("nsCertType", tlv(0x03, b"\x00\x00\x80")),
     der_ext("nsCertType", tlv(0x03, b"\x01\x03")))
cert("extended key usage: empty, a malformed OID",
     der_ext("extendedKeyUsage", seq()),
     der_ext("extendedKeyUsage", seq(tlv(0x06, b"\x80\x01"))),
     der_ext("extendedKeyUsage", seq(oid("1.3.6.1.5.5.7.3.1"), tlv(0x06, b""))))
cert("Netscape strings: empty, a NUL inside, control bytes, the wrong type",
     der_ext("nsComment", tlv(0x16, b"")),
     der_ext("nsComment", tlv(0x16, b"before\x00after")),
     der_ext("nsComment", tlv(0x16, b"\xe9 tab\t cr\r nl\n done")),
     der_ext("nsBaseUrl", tlv(0x0C, b"utf8")),
     der_ext("nsSslServerName", tlv(0x16, b"x" * 300)))
cert("TLS feature: crafted lists",
     der_ext("tlsfeature", seq()),
     der_ext("tlsfeature", seq(integer(17), integer(5), integer(-1), integer(0), integer(2 ** 80))),
     der_ext("tlsfeature", seq(tlv(0x02, b"\x00\x05"))))
cert("private key usage period: both, one, none, an unreadable time",
     der_ext("privateKeyUsagePeriod", seq(tlv(0x80, b"20240101000000Z"), tlv(0x81, b"20341231235959Z"))),
     der_ext("privateKeyUsagePeriod", seq(tlv(0x81, b"20300615120000.5Z"))),
     der_ext("privateKeyUsagePeriod", seq(tlv(0x80, b"20240101000000Z"))),
     der_ext("privateKeyUsagePeriod", seq()),
     der_ext("privateKeyUsagePeriod", seq(tlv(0x80, b"not a time"), tlv(0x81, b"2024"))),
     der_ext("privateKeyUsagePeriod", seq(tlv(0x81, b"20300101000000Z"), tlv(0x80, b"20240101000000Z"))))

# CRL and CRL-entry extensions in a certificate.
cert("CRL extensions: numbers, reasons, times, hold instruction",
     der_ext("crlNumber", integer(0)),
     der_ext("deltaCRL", integer(-5)),
     der_ext("crlNumber", integer(2 ** 130)),
     der_ext("crlNumber", tlv(0x02, b"")),
     der_ext("CRLReason", integer(1, 0x0A)),
     der_ext("CRLReason", integer(7, 0x0A)),
     der_ext("CRLReason", integer(8, 0x0A)),
     der_ext("CRLReason", integer(10, 0x0A)),
     der_ext("CRLReason", integer(11, 0x0A)),
     der_ext("CRLReason", integer(-1, 0x0A)),
     der_ext("CRLReason", integer(2 ** 70, 0x0A)),
     der_ext("CRLReason", integer(1)),
     der_ext("invalidityDate", tlv(0x18, b"20240229120000Z")),
     der_ext("invalidityDate", tlv(0x18, b"20241301000000Z")),
     der_ext("invalidityDate", tlv(0x17, b"240101000000Z")),
     der_ext("holdInstructionCode", oid("1.2.840.10040.2.2")),
     der_ext("holdInstructionCode", oid("1.2.3.4.5.6")))
cert("CRL extensions from the config syntax: certificate issuer",
     der_ext("certificateIssuer", seq(dirname(name([(CN, 0x13, b"Indirect Issuer")])))))

# OCSP extensions.
cert("OCSP extensions: no-check (config syntax and crafted), nonce, CRL ID, archive cutoff, service locator, acceptable responses",
     "noCheck = ignored",
     der_ext("1.3.6.1.5.5.7.48.1.5", tlv(0x05, b"\x00")),
     der_ext("1.3.6.1.5.5.7.48.1.2", tlv(0x04, bytes(range(40)))),
     der_ext("1.3.6.1.5.5.7.48.1.3", seq(tlv(0xA0, tlv(0x16, b"http://crl.example/")), tlv(0xA1, integer(-300)),
                                         tlv(0xA2, tlv(0x18, b"20240101000000Z")))),
     der_ext("1.3.6.1.5.5.7.48.1.3", seq(tlv(0xA1, tlv(0x02, b"\x01" + bytes(40))))),
     der_ext("1.3.6.1.5.5.7.48.1.3", seq(tlv(0xA1, integer(0)))),
     der_ext("1.3.6.1.5.5.7.48.1.3", seq()),
     der_ext("1.3.6.1.5.5.7.48.1.3", seq(tlv(0xA0, tlv(0x16, b"http://crl.example/")), tlv(0xA2, tlv(0x18, b"2024010100000Z")))),
     der_ext("1.3.6.1.5.5.7.48.1.6", tlv(0x18, b"20200101000000Z")),
     der_ext("1.3.6.1.5.5.7.48.1.4", seq(oid("1.3.6.1.5.5.7.48.1.1"), oid("1.2.3"))),
     der_ext("1.3.6.1.5.5.7.48.1.7", seq(name([(CN, 0x13, b"Issuer")], [(O, 0x0C, b"a+b")]),
                                         seq(seq(oid(OCSP), uri(b"http://ocsp.example/")), seq(oid("1.2.3"), dirname(name([(CN, 0x13, b"d")])))))),
     der_ext("1.3.6.1.5.5.7.48.1.7", seq(name([(CN, 0x13, b"No locator")]))),
     der_ext("1.3.6.1.5.5.7.48.1.7", seq(name(), seq(seq(oid(OCSP), dns(b"x"))))))

# Strong Extranet ID and signing tools.
cert("Strong Extranet ID and signing tools from the config syntax",
     "SXNetID = 1:user one, 2:other",
     "subjectSignTool = \"tool v1.0\"",
     "issuerSignTool = signTool:st, cATool:ca, signToolCert:stc, cAToolCert:catc")
cert("Strong Extranet ID and signing tools, crafted",
     der_ext("SXNetID", seq(integer(-1), seq(seq(integer(2 ** 140), tlv(0x04, b"user\x00\xff"))))),
     der_ext("SXNetID", seq(integer(2 ** 63 - 1), seq())),
     der_ext("SXNetID", seq(integer(2 ** 63 - 2), seq())),
     der_ext("SXNetID", seq(integer(-2 ** 63), seq())),
     der_ext("SXNetID", seq(integer(2 ** 64), seq())),
     der_ext("SXNetID", seq(integer(0))),
     der_ext("subjectSignTool", tlv(0x0C, b"")),
     der_ext("subjectSignTool", tlv(0x0C, b"a\x00b")),
     der_ext("issuerSignTool", seq(tlv(0x0C, b"st"), tlv(0x0C, b"ca\x00t"), tlv(0x0C, b""), tlv(0x0C, b"cat cert"))),
     der_ext("issuerSignTool", seq(tlv(0x0C, b"three"), tlv(0x0C, b"fields"), tlv(0x0C, b"only"))))

# Unknown extensions and extensions without a method.
cert("extensions without a method: unknown OIDs, known objects libcrypto has no printer for, a long OID",
     "1.2.3.4.5.6 = ASN1:UTF8String:hello",
     "1.2.3.4.5.7 = critical, DER:00:01:FF:7F:0A:0D:41",
     "2.5.29.9 = DER:30:00",
     "1.3.6.1.5.5.7.1.3 = DER:30:03:02:01:01",
     der_ext(LONG_OID, b"long OID"))

# Everything else in PEM order.
pem_blocks = []
(work / "key.pem").write_bytes(subprocess.run(
    ["openssl", "genpkey", "-algorithm", "ed25519"], check=True, capture_output=True).stdout)
for index, (comment, lines, sections) in enumerate(certs):
    config = "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = extensions %d\n[ext]\n%s\n%s" % (
        index, "\n".join(lines), sections)
    (work / "ext.cnf").write_text(config)
    pem = subprocess.run(
        ["openssl", "req", "-x509", "-new", "-key", str(work / "key.pem"), "-config", str(work / "ext.cnf"),
         "-extensions", "ext", "-days", "3650", "-set_serial", str(1000 + index)],
        check=True, capture_output=True, text=True).stdout
    pem_blocks.append((comment, pem))


# ---- certificates with unusual Extension fields, reassembled ------------

def reassemble(pem, extensions):
    """The certificate with its extension list replaced by `extensions`."""
    der = base64.b64decode("".join(pem.strip().splitlines()[1:-1]))
    _, cert_body, _ = parse(der)
    _, tbs, after_tbs = parse(cert_body)
    rest = cert_body[after_tbs:]
    fields = []
    at = 0
    while at < len(tbs):
        start = at
        tag, _, at = parse(tbs, at)
        fields.append((tag, tbs[start:at]))
    fields = [f for tag, f in fields if tag != 0xA3]
    new_tbs = seq(*fields, tlv(0xA3, seq(*extensions)))
    new = seq(new_tbs, rest)
    body = base64.b64encode(new).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64)) + "\n-----END CERTIFICATE-----\n"


def extension(dotted, value, critical=None):
    flag = b"" if critical is None else tlv(0x01, bytes([critical]))
    return seq(oid(dotted) + flag + tlv(0x04, value))


base_pem = pem_blocks[0][1]
pem_blocks.append(("an empty extension list: X509_print prints no extensions header", reassemble(base_pem, [])))
pem_blocks.append(("critical flags written as FALSE (0x00) and as 0x80; the same extension twice", reassemble(base_pem, [
    extension("2.5.29.19", seq(tlv(0x01, b"\xff")), 0x00),
    extension("2.5.29.15", tlv(0x03, b"\x07\x80"), 0x80),
    extension("2.5.29.15", tlv(0x03, b"\x07\x80"), 0x01),
    extension("1.2.3.4", b"\x00", 0xFF),
])))
pem_blocks.append(("empty extension values (the config syntax cannot write them): a nonce, an unknown OID, ones that do not decode",
                   reassemble(base_pem, [
    extension("1.3.6.1.5.5.7.48.1.2", b""),
    extension("1.2.3.4", b""),
    extension("2.5.29.17", b""),
    extension("2.5.29.15", b"", 0xFF),
    extension("1.3.6.1.5.5.7.48.1.5", b""),
])))

with open(out_path, "w") as out:
    for comment, pem in pem_blocks:
        out.write("# " + comment + "\n" + pem)
print(f"{out_path}: {len(pem_blocks)} certificates, {out_path.stat().st_size} bytes")
PY
