"""DER building and reading shared by the certificate generators in tools/x509/.

Minimal on purpose: definite lengths in their shortest form, single-byte tags,
INTEGERs in their shortest two's complement. Generators that need non-DER
spellings build those bytes themselves.
"""


def length(n):
    """A definite length in its shortest form."""
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def oid_content(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = b""
    for arc in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(chunk)
    return out


def oid(dotted):
    return tlv(0x06, oid_content(dotted))


def int_content(value):
    """The shortest two's complement content of an INTEGER."""
    magnitude = value if value >= 0 else -value - 1
    return value.to_bytes(max(1, (magnitude.bit_length() + 8) // 8), "big", signed=True)


def integer(value, tag=0x02):
    return tlv(tag, int_content(value))


def parse(data, i=0):
    """(tag, content, end) of the DER element at data[i:]."""
    tag, size, j = data[i], data[i + 1], i + 2
    if size & 0x80:
        n = size & 0x7F
        size = int.from_bytes(data[j:j + n], "big")
        j += n
    return tag, data[j:j + size], j + size


def elements(data):
    """The whole encodings of the consecutive elements in data."""
    out, i = [], 0
    while i < len(data):
        start = i
        _, _, i = parse(data, i)
        out.append(data[start:i])
    return out
