#!/usr/bin/env bash
# Writes testdata/x509/keys.pem: certificates whose subject public keys cover
# every key type X509_print's EVP_PKEY_print_public prints in OpenSSL 3.0 —
# RSA (sizes, odd and tiny moduli, small and large exponents, lenient BIGNUM
# encodings), RSA-PSS (with and without restrictions, every digest libcrypto
# resolves), EC on every built-in curve (named: uncompressed, compressed,
# hybrid; explicit parameters as `-param_enc explicit` writes them, and
# variants libcrypto maps back to the built-in curve), Ed25519, Ed448,
# X25519, X448, DSA (and the OIDs libcrypto aliases to it), PKCS #3 DH and
# X9.42 DH (every named group, custom parameters with j, seed and counter).
#
# Keys come from the openssl CLI; the certificates around them are assembled
# from DER by the Python below (signatures are filler: X509_print does not
# verify), so that edge cases the CLI cannot write are covered too. Every
# certificate's subject CN says what it holds; the comment line before each
# PEM block repeats it. Keys are random, so a re-run changes the bytes but
# not what is covered. Run from anywhere:
#     tools/x509/make_keys.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/spki"

# spki NAME: the SubjectPublicKeyInfo (DER) of the key on stdin.
spki() { openssl pkey -pubout -outform DER -out "$work/spki/$1.der"; }
# genpkey draws progress dots on stderr while it searches for primes.
genpkey() { openssl genpkey "$@" 2>/dev/null; }

for bits in 512 777 1023 1024 2047 2048 3072 4096; do
    genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" | spki "rsa-$bits"
done
genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -pkeyopt rsa_keygen_pubexp:3 | spki rsa-1024-e3
genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:1024 | spki rsa-pss-unrestricted
genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_pss_keygen_md:sha256 \
    -pkeyopt rsa_pss_keygen_mgf1_md:sha256 -pkeyopt rsa_pss_keygen_saltlen:32 | spki rsa-pss-sha256
genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:1536 -pkeyopt rsa_pss_keygen_md:sha512 \
    -pkeyopt rsa_pss_keygen_mgf1_md:sha384 -pkeyopt rsa_pss_keygen_saltlen:48 | spki rsa-pss-sha512

for algorithm in ED25519 ED448 X25519 X448; do
    genpkey -algorithm "$algorithm" | spki "$algorithm"
done

for bits in 1024 2048; do
    genpkey -genparam -algorithm DSA -pkeyopt "dsa_paramgen_bits:$bits" -out "$work/dsa-$bits.params"
    genpkey -paramfile "$work/dsa-$bits.params" | spki "dsa-$bits"
done
genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:3072 -pkeyopt dsa_paramgen_q_bits:256 \
    -out "$work/dsa-3072.params"
genpkey -paramfile "$work/dsa-3072.params" | spki dsa-3072

for group in ffdhe2048 ffdhe3072 ffdhe4096 ffdhe6144 ffdhe8192 modp_1536 modp_2048 modp_3072 \
    modp_4096 modp_6144 modp_8192 dh_1024_160 dh_2048_224 dh_2048_256; do
    genpkey -algorithm DHX -pkeyopt "group:$group" | spki "dhx-$group"
done
genpkey -algorithm DH -pkeyopt group:ffdhe2048 | spki dh-ffdhe2048
genpkey -genparam -algorithm DHX -pkeyopt dh_paramgen_prime_len:1024 \
    -pkeyopt dh_paramgen_subprime_len:160 -out "$work/dhx-1024.params"
genpkey -paramfile "$work/dhx-1024.params" | spki dhx-1024
genpkey -genparam -algorithm DH -pkeyopt dh_paramgen_prime_len:1024 -pkeyopt dh_paramgen_type:0 \
    -out "$work/dh-1024.params"
genpkey -paramfile "$work/dh-1024.params" | spki dh-1024

openssl ecparam -list_curves | sed -n 's/^ *\([^ :]*\) *:.*/\1/p' > "$work/curves"
while read -r curve; do
    openssl ecparam -name "$curve" -genkey -noout -out "$work/ec.key"
    for form in uncompressed compressed hybrid; do
        # The two Oakley curves have no OID: only explicit parameters exist.
        openssl ec -in "$work/ec.key" -pubout -outform DER -conv_form "$form" \
            -out "$work/spki/ec-named-$form-$curve.der" 2>/dev/null || true
    done
    openssl ec -in "$work/ec.key" -pubout -outform DER -param_enc explicit \
        -out "$work/spki/ec-explicit-$curve.der" 2>/dev/null
    openssl ec -in "$work/ec.key" -pubout -outform DER -param_enc explicit -conv_form compressed \
        -out "$work/spki/ec-explicit-compressed-$curve.der" 2>/dev/null
done < "$work/curves"

python3 - "$work" "$root/testdata/x509/keys.pem" <<'PYTHON'
import base64, pathlib, sys

work, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
sys.path.insert(0, str(target.resolve().parents[2] / "tools/x509"))
from der import elements, int_content, oid, parse, seq, tlv  # noqa: E402


def content(element):
    return parse(element)[1]


def integer(value):
    """A minimal INTEGER, or the given content bytes as they are."""
    return tlv(0x02, value if isinstance(value, bytes) else int_content(value))


def bit_string(data, unused=0):
    return tlv(0x03, bytes([unused]) + data)


NULL = b"\x05\x00"


def explicit(n, inner):
    return tlv(0xA0 + n, inner)


def spki(algorithm, parameters, key):
    """A SubjectPublicKeyInfo; parameters None leaves them out."""
    return seq(seq(oid(algorithm) + (parameters or b"")), bit_string(key))


def split(spki_der):
    """(algorithm OID element, parameters element or b'', key bytes)."""
    algorithm, key = elements(content(spki_der))
    parts = elements(content(algorithm))
    return parts[0], b"".join(parts[1:]), content(key)[1:]


def respki(spki_der, parameters=None, key=None):
    algorithm, old_parameters, old_key = split(spki_der)
    return seq(seq(algorithm + (old_parameters if parameters is None else parameters)),
               bit_string(old_key if key is None else key))


def load(name):
    return (work / "spki" / f"{name}.der").read_bytes()


SHA256_RSA = seq(oid("1.2.840.113549.1.1.11"), NULL)
# Small names and signature: the bundle is about keys (the PEM comment says
# which); the serial number tells the certificates apart.
NAME = seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, b"key test"))))
VALIDITY = seq(tlv(0x17, b"250101000000Z"), tlv(0x17, b"350101000000Z"))
certificates = []


def add(label, subject_key):
    serial = len(certificates) + 1
    tbs = seq(explicit(0, integer(2)), integer(serial), SHA256_RSA, NAME, VALIDITY, NAME, subject_key)
    der = seq(tbs, SHA256_RSA, bit_string(bytes(range(8))))
    certificates.append((label, der))


RSA, PSS, EC = "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10", "1.2.840.10045.2.1"
DSA, DH, DHX = "1.2.840.10040.4.1", "1.2.840.113549.1.3.1", "1.2.840.10046.2.1"

# RSA: sizes (odd ones too) and exponents.
for bits in (512, 777, 1023, 1024, 2047, 2048, 3072, 4096):
    add(f"RSA {bits} bit", load(f"rsa-{bits}"))
add("RSA 1024 bit, exponent 3", load("rsa-1024-e3"))
rsa_modulus = content(elements(content(split(load("rsa-1024"))[2]))[0])
for label, n, e in [
    ("RSA 1-bit modulus", integer(1), integer(3)),
    ("RSA zero modulus and exponent", integer(0), integer(0)),
    ("RSA empty INTEGERs read as zero", integer(b""), integer(b"")),
    ("RSA 64-bit modulus, 64-bit exponent", integer(2**64 - 1), integer(2**64 - 1)),
    ("RSA 65-bit modulus, 65-bit exponent", integer(2**64), integer(2**64 + 1)),
    ("RSA 1024-bit exponent", integer(rsa_modulus), integer(2**1023 + 1)),
    ("RSA negative INTEGERs read unsigned", integer(b"\xff\x01"), integer(-3)),
    ("RSA padded INTEGERs", integer(b"\x00\x00\x00\x05"), integer(b"\x00\x01\x00\x01")),
    ("RSA 15-byte modulus, top bit set", integer(b"\x00" + b"\xc5" * 15), integer(65537)),
    ("RSA 15-byte modulus, top bit clear", integer(b"\x45" * 15), integer(65537)),
    ("RSA 14-byte modulus, top bit set", integer(b"\x00" + b"\xc5" * 14), integer(65537)),
]:
    add(label, spki(RSA, NULL, seq(n, e)))
add("RSA parameters absent", spki(RSA, None, seq(integer(187), integer(3))))
add("RSA parameters not NULL", spki(RSA, integer(5), seq(integer(187), integer(3))))
add("RSA bytes after RSAPublicKey", spki(RSA, NULL, seq(integer(187), integer(3)) + b"junk"))
add("RSA under X.500 rsa OID", spki("2.5.8.1.1", NULL, seq(integer(rsa_modulus), integer(65537))))

# RSA-PSS: generated, then every digest libcrypto resolves and odd values.
add("RSA-PSS no restrictions", load("rsa-pss-unrestricted"))
add("RSA-PSS SHA-256, MGF1 SHA-256, salt 32", load("rsa-pss-sha256"))
add("RSA-PSS SHA-512, MGF1 SHA-384, salt 48", load("rsa-pss-sha512"))
pss_key = seq(integer(rsa_modulus), integer(65537))
small_key = seq(integer(0xC5555), integer(65537))
MGF1 = "1.2.840.113549.1.1.8"
digests = {
    "sha1": "1.3.14.3.2.26", "sha224": "2.16.840.1.101.3.4.2.4", "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2", "sha512": "2.16.840.1.101.3.4.2.3",
    "sha512-224": "2.16.840.1.101.3.4.2.5", "sha512-256": "2.16.840.1.101.3.4.2.6",
    "sha3-256": "2.16.840.1.101.3.4.2.8", "md5": "1.2.840.113549.2.5", "md4": "1.2.840.113549.2.4",
    "ripemd160": "1.3.36.3.2.1", "whirlpool": "1.0.10118.3.0.55", "sm3": "1.2.156.10197.1.401",
    "blake2b512": "1.3.6.1.4.1.1722.12.2.1.16", "shake256": "2.16.840.1.101.3.4.2.12",
    "sha256WithRSAEncryption": "1.2.840.113549.1.1.11", "sha1WithRSA": "1.3.14.3.2.29",
}
add("RSA-PSS empty parameters: all defaults", spki(PSS, seq(), pss_key))
for name, dotted in digests.items():
    add(f"RSA-PSS hash {name}", spki(PSS, seq(explicit(0, seq(oid(dotted), NULL))), small_key))
    add(f"RSA-PSS MGF1 {name}", spki(PSS, seq(explicit(1, seq(oid(MGF1), seq(oid(dotted))))), small_key))
for value in (0, 20, 32, -7, 2**31, 2**32 + 5, 2**63 - 1, 2**70):
    add(f"RSA-PSS salt length {value}", spki(PSS, seq(explicit(2, integer(value))), small_key))
for value in (1, 2, -1, 0xBC, 2**40):
    add(f"RSA-PSS trailer field {value}", spki(PSS, seq(explicit(3, integer(value))), small_key))
add("RSA-PSS hash with odd parameters", spki(PSS, seq(explicit(0, seq(oid(digests["sha256"]), integer(5)))), small_key))
add("RSA-PSS explicit defaults", spki(PSS, seq(
    explicit(0, seq(oid(digests["sha1"]), NULL)), explicit(1, seq(oid(MGF1), seq(oid(digests["sha1"]), NULL))),
    explicit(2, integer(20)), explicit(3, integer(1))), small_key))

# Ed25519, Ed448, X25519, X448.
for algorithm in ("ED25519", "ED448", "X25519", "X448"):
    add(algorithm, load(algorithm))
add("ED25519 all-zero key", spki("1.3.101.112", None, bytes(32)))

# DSA: sizes, the OIDs libcrypto aliases to DSA, odd public values.
for bits in (1024, 2048, 3072):
    add(f"DSA {bits} bit", load(f"dsa-{bits}"))
dsa = load("dsa-1024")
_, dsa_parameters, _ = split(dsa)
for label, dotted in [("dsaEncryption-old", "1.3.14.3.2.12"), ("dsaWithSHA", "1.3.14.3.2.13"),
                      ("dsaWithSHA1-old", "1.3.14.3.2.27"), ("dsaWithSHA1", "1.2.840.10040.4.3")]:
    add(f"DSA under {label} OID", spki(dotted, dsa_parameters, integer(7)))
for label, value in [("zero", 0), ("negative", -5), ("negative 9-byte", -(2**70)), ("8-byte", 2**64 - 1)]:
    add(f"DSA {label} public value", respki(dsa, key=integer(value)))
add("DSA bytes after the public INTEGER", respki(dsa, key=integer(5) + b"junk"))
add("DSA tiny parameters", spki(DSA, seq(integer(23), integer(11), integer(4)), integer(7)))
add("DSA empty and padded parameter INTEGERs",
    spki(DSA, seq(integer(b""), integer(b"\x00\x00\x0b"), integer(b"\xff")), integer(7)))

# Diffie-Hellman: every named group (X9.42 form), PKCS #3 forms, custom
# X9.42 parameters with j, validation seed and counter.
for group in ("ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192", "modp_1536", "modp_2048",
              "modp_3072", "modp_4096", "modp_6144", "modp_8192", "dh_1024_160", "dh_2048_224", "dh_2048_256"):
    add(f"X9.42 DH group {group}", load(f"dhx-{group}"))
add("PKCS #3 DH group ffdhe2048", load("dh-ffdhe2048"))
ffdhe = load("dh-ffdhe2048")
p, g = elements(content(split(ffdhe)[1]))
add("PKCS #3 DH ffdhe2048 with privateValueLength 225", respki(ffdhe, parameters=seq(p, g, integer(225))))
add("PKCS #3 DH custom 1024 bit", load("dh-1024"))
dh1024 = load("dh-1024")
p1024, g1024 = elements(content(split(dh1024)[1]))[:2]
for length in (0, -1, 2**31 - 1, b""):
    add(f"PKCS #3 DH privateValueLength {length!r}", respki(dh1024, parameters=seq(p1024, g1024, integer(length))))
add("PKCS #3 DH tiny parameters, zero public value", spki(DH, seq(integer(23), integer(5)), integer(0)))
add("X9.42 DH custom 1024 bit", load("dhx-1024"))
dhx = load("dhx-1024")
P, G, Q = elements(content(split(dhx)[1]))[:3]
add("X9.42 DH with j, seed and counter", respki(dhx, parameters=seq(P, G, Q, integer(12345), seq(bit_string(b"\xab" * 20), integer(77)))))
add("X9.42 DH with j only", respki(dhx, parameters=seq(P, G, Q, integer(2**80))))
add("X9.42 DH seed with unused bits", respki(dhx, parameters=seq(P, G, Q, seq(bit_string(b"\xab\xff", 3), integer(1)))))
add("X9.42 DH empty seed", respki(dhx, parameters=seq(P, G, Q, seq(bit_string(b""), integer(3)))))
for counter in (0, 2**31, 2**32 - 1, 2**40 + 3, 2**64 - 1, 2**80):
    add(f"X9.42 DH counter {counter}", respki(dhx, parameters=seq(P, G, Q, seq(bit_string(b"\x01"), integer(counter))), key=integer(-5)))
ffdhe_x = load("dhx-ffdhe2048")
Pf, Gf, Qf = elements(content(split(ffdhe_x)[1]))
add("X9.42 DH ffdhe2048 with j and seed (group wins)", respki(ffdhe_x, parameters=seq(Pf, Gf, Qf, integer(3), seq(bit_string(b"\x01"), integer(1)))))
add("X9.42 DH ffdhe2048 p and g, other q", respki(ffdhe_x, parameters=seq(Pf, Gf, integer(11))))

# EC: every built-in curve, named (three point forms) and explicit.
curves = (work / "curves").read_text().split()
for curve in curves:
    for form in ("uncompressed", "compressed", "hybrid"):
        path = work / "spki" / f"ec-named-{form}-{curve}.der"
        # Hybrid points on every fourth curve keep the bundle small.
        if path.exists() and (form != "hybrid" or curves.index(curve) % 4 == 0):
            add(f"EC {curve}, {form} point", path.read_bytes())
    add(f"EC {curve}, explicit parameters", load(f"ec-explicit-{curve}"))
    if curves.index(curve) % 6 == 0:
        add(f"EC {curve}, explicit parameters, compressed generator and point", load(f"ec-explicit-compressed-{curve}"))
# Explicit parameters libcrypto maps back to a built-in curve, whatever
# the seed, cofactor, version and generator form say.
# (wtls4 equals sect113r1, an earlier curve, which then supplies the seed.)
for curve in ("prime256v1", "sect163k1", "wap-wsg-idm-ecid-wtls4", "Oakley-EC2N-3", "SM2"):
    key = load(f"ec-explicit-{curve}")
    version, field, curve_fields, base, order, *cofactor = elements(content(split(key)[1]))
    a, b, *seed = elements(content(curve_fields))

    def variant(label, **change):
        parts = dict(version=version, field=field, curve=curve_fields, base=base, order=order, cofactor=cofactor)
        parts.update(change)
        parameters = seq(parts["version"], parts["field"], parts["curve"], parts["base"], parts["order"], *parts["cofactor"])
        add(f"EC {curve}, explicit parameters, {label}", respki(key, parameters=parameters))

    variant("no seed", curve=seq(a, b))
    variant("another seed", curve=seq(a, b, bit_string(b"\x42" * 5)))
    variant("no cofactor", cofactor=[])
    variant("cofactor 0", cofactor=[integer(0)])
    variant("wrong cofactor 7", cofactor=[integer(7)])
    variant("version 2", version=integer(2))
    variant("padded a", curve=seq(tlv(0x04, b"\x00\x00" + content(a)), b, *seed))
    compressed_base = elements(content(split(load(f"ec-explicit-compressed-{curve}"))[1]))[3]
    y_bit = content(compressed_base)[0] & 1
    variant("hybrid generator", base=tlv(0x04, bytes([6 | y_bit]) + content(base)[1:]))
    variant("compressed generator", base=compressed_base)
# Points libcrypto loads but writes back differently or not at all.
k163 = load("ec-named-uncompressed-sect163k1")
add("EC sect163k1, compressed x = 0 with y bit 1 (written back as 02)", respki(k163, key=b"\x03" + bytes(21)))
add("EC sect163k1, uncompressed x = 0", respki(k163, key=b"\x04" + bytes(21) + bytes(20) + b"\x01"))
add("EC sect163k1, hybrid x = 0", respki(k163, key=b"\x06" + bytes(21) + bytes(20) + b"\x01"))
for curve in ("prime256v1", "sect233r1", "secp112r1"):
    add(f"EC {curve}, point at infinity (prints no key)", respki(load(f"ec-named-uncompressed-{curve}"), key=b"\x00"))

lines = []
for label, der in certificates:
    text = base64.b64encode(der).decode()
    lines.append(f"# {label}")
    lines.append("-----BEGIN CERTIFICATE-----")
    lines += [text[i:i + 64] for i in range(0, len(text), 64)]
    lines.append("-----END CERTIFICATE-----")
target.write_text("\n".join(lines) + "\n")
print(f"{target}: {len(certificates)} certificates, {target.stat().st_size} bytes", file=sys.stderr)
PYTHON
