/*
 * The oracle of tests/oracle.rs: d2i_PUBKEY_ex of the libcrypto this is
 * linked with, as ssl/ssl_asn1.c's d2i_SSL_SESSION calls it for [20]
 * (OpenSSL 3.2+). Reads one hex-encoded input per line on stdin and writes
 * "1" (a key loaded) or "0" per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

static int nibble(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int main(void)
{
    size_t cap = 1 << 20;
    char *line = malloc(cap);
    unsigned char *der = malloc(cap / 2);

    if (line == NULL || der == NULL)
        return 2;
    while (fgets(line, (int)cap, stdin) != NULL) {
        size_t n = strcspn(line, "\r\n"), len = 0, i;
        const unsigned char *p = der;
        EVP_PKEY *key;

        for (i = 0; i + 1 < n; i += 2) {
            int hi = nibble(line[i]), lo = nibble(line[i + 1]);

            if (hi < 0 || lo < 0)
                return 3;
            der[len++] = (unsigned char)(hi << 4 | lo);
        }
        key = d2i_PUBKEY_ex(NULL, &p, (long)len, NULL, NULL);
        printf("%d\n", key != NULL);
        EVP_PKEY_free(key);
        ERR_clear_error();
    }
    fflush(stdout);
    return 0;
}
