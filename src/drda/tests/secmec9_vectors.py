#!/usr/bin/env python3
"""Generates the SECMEC 9 (EUSRIDPWD) test vectors in secmec9_test.cc. Not run by CI.

It is independent of our C++ code: Diffie-Hellman with Python integers, DES-CBC with the
`cryptography` package (TripleDES with key K|K|K is single DES) and, as a second opinion,
`openssl enc -des-cbc` from OpenSSL's legacy provider, which is a real single-DES implementation.
The protocol facts follow Derby's EncryptionManager (client) and DecryptionManager (server):
DES key = shared secret bytes 12..19, IV = server public key bytes 12..19, PKCS#5 padding.

    pip install cryptography && python3 src/drda/tests/secmec9_vectors.py
"""

import subprocess

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, modes

try:  # cryptography >= 43 moved TripleDES here
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES

P = 0xC62112D73EE613F0947AB31F0F6846A1BFF5B3A4CA0D60BC1E4C7A0D8C16B3E3
G = 0x4690FA1F7B9E1D4442C86C9114603FDECF071EDCEC5F626E21E256AED9EA34E4

USER = "db2inst1"
PASSWORD = "s3cr3t-Pässword"


def be32(n):
    return n.to_bytes(32, "big")


def des_cbc_pkcs5(key, iv, plaintext):
    padder = padding.PKCS7(64).padder()
    padded = padder.update(plaintext) + padder.finalize()
    # K|K|K makes 3DES-EDE single DES; the legacy-provider run below checks that on real DES.
    encryptor = Cipher(TripleDES(key * 3), modes.CBC(iv)).encryptor()
    ciphertext = encryptor.update(padded) + encryptor.finalize()
    openssl = subprocess.run(
        ["openssl", "enc", "-des-cbc", "-provider", "legacy", "-provider", "default",
         "-K", key.hex(), "-iv", iv.hex()],
        input=plaintext, capture_output=True, check=True).stdout
    assert openssl == ciphertext, "cryptography and OpenSSL single DES disagree"
    return ciphertext


def odd_parity(key):
    # What Derby does to the key before handing it to JCE; DES ignores those bits.
    return bytes(b ^ (0 if bin(b).count("1") % 2 else 1) for b in key)


def cpp_bytes(name, data):
    rows = [", ".join(f"0x{b:02X}" for b in data[i:i + 12]) for i in range(0, len(data), 12)]
    body = ",\n    ".join(rows)
    return f"constexpr uint8_t {name}[] = {{\n    {body},\n}};"


def vector(prefix, x, y):
    client_public = be32(pow(G, x, P))
    server_public = be32(pow(G, y, P))
    shared = be32(pow(int.from_bytes(server_public, "big"), x, P))
    assert shared == be32(pow(int.from_bytes(client_public, "big"), y, P))
    key, iv = shared[12:20], server_public[12:20]
    out = [
        f"// {prefix}: x = client private key, y = server private key (only to make Y).",
        cpp_bytes(f"k{prefix}ClientPrivate", be32(x)),
        cpp_bytes(f"k{prefix}ClientPublic", client_public),
        cpp_bytes(f"k{prefix}ServerPublic", server_public),
        cpp_bytes(f"k{prefix}SharedSecret", shared),
        cpp_bytes(f"k{prefix}DesKey", key),
    ]
    plaintexts = {
        "User": USER.encode("utf-8"),
        "PasswordUtf8": PASSWORD.encode("utf-8"),  # Derby with UNICODEMGR 1208
        "PasswordEbcdic": PASSWORD.encode("cp500"),  # Db2 before the switch to UTF-8
    }
    for name, plaintext in plaintexts.items():
        ciphertext = des_cbc_pkcs5(key, iv, plaintext)
        assert des_cbc_pkcs5(odd_parity(key), iv, plaintext) == ciphertext
        out.append(cpp_bytes(f"k{prefix}{name}Cipher", ciphertext))
    return "\n".join(out)


def first_with_leading_zero(start, value_of):
    n = start
    while value_of(n) >> 248:
        n += 1
    return n


def main():
    # Fixed, arbitrary keys for the main vector.
    x = 0x1D3F5A7C9E0B2D4F61839AB5C7D9EB0F21436587A9CBED0F1325476B8D9FA1C3
    y = 0x5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D
    print(vector("Main", x, y))
    print()
    # Keys whose public key and shared secret start with a zero byte, to pin the left-padding.
    x2 = first_with_leading_zero(0x1000, lambda n: pow(G, n, P))
    y2 = first_with_leading_zero(0x2000, lambda n: pow(pow(G, n, P), x2, P))
    print(vector("Padded", x2, y2))


if __name__ == "__main__":
    main()
