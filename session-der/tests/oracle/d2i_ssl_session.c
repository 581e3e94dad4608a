/*
 * The oracle of tests/peer_rpk.rs: d2i_SSL_SESSION of the libssl this is
 * linked with. Reads one hex-encoded session per line on stdin and writes
 * "1" (the session decoded) or "0" per line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

static int nibble(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
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
        SSL_SESSION *s;

        for (i = 0; i + 1 < n; i += 2) {
            int hi = nibble(line[i]), lo = nibble(line[i + 1]);

            if (hi < 0 || lo < 0)
                return 3;
            der[len++] = (unsigned char)(hi << 4 | lo);
        }
        s = d2i_SSL_SESSION(NULL, &p, (long)len);
        printf("%d\n", s != NULL);
        SSL_SESSION_free(s);
        ERR_clear_error();
    }
    fflush(stdout);
    return 0;
}
