/*
 * The `d2i` oracle of the test suites (testkit's `openssl_oracle`): the
 * d2i function of the libssl/libcrypto this is linked with, on one
 * hex-encoded input per stdin line; writes "1" (decoded) or "0" per line.
 *
 *   d2i pubkey    d2i_PUBKEY_ex(NULL, &p, len, NULL, NULL), as
 *                 ssl/ssl_asn1.c of 3.2+ reads a session's [20]
 *   d2i session   d2i_SSL_SESSION(NULL, &p, len)
 *
 * Builds against 1.1.1 too, for `session` only (1.1.1 has no d2i_PUBKEY_ex).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
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

static int decodes(int session, const unsigned char *der, size_t len)
{
    const unsigned char *p = der;

    if (session) {
        SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, (long)len);

        SSL_SESSION_free(s);
        return s != NULL;
    } else {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
        EVP_PKEY *key = d2i_PUBKEY_ex(NULL, &p, (long)len, NULL, NULL);

        EVP_PKEY_free(key);
        return key != NULL;
#else
        /* 1.1.1 has no d2i_PUBKEY_ex (nor a session [20]): only "session". */
        exit(5);
#endif
    }
}

int main(int argc, char **argv)
{
    size_t cap = 1 << 20;
    char *line = malloc(cap);
    unsigned char *der = malloc(cap / 2);
    int session;

    if (argc != 2 || (strcmp(argv[1], "pubkey") != 0 && strcmp(argv[1], "session") != 0))
        return 4;
    session = strcmp(argv[1], "session") == 0;
    if (line == NULL || der == NULL)
        return 2;
    while (fgets(line, (int)cap, stdin) != NULL) {
        size_t n = strcspn(line, "\r\n"), len = 0, i;

        for (i = 0; i + 1 < n; i += 2) {
            int hi = nibble(line[i]), lo = nibble(line[i + 1]);

            if (hi < 0 || lo < 0)
                return 3;
            der[len++] = (unsigned char)(hi << 4 | lo);
        }
        printf("%d\n", decodes(session, der, len));
        ERR_clear_error();
    }
    fflush(stdout);
    return 0;
}
