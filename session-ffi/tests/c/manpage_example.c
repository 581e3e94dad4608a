/*
 * The example of d2i_SSL_SESSION(3), unchanged, around a session read from a
 * file. It includes <openssl/ssl.h>: the test suite compiles this one source
 * (a) against OpenSSL's real header and links it with -lsslsession (an
 * `openssl-names` build) instead of -lssl, and (b) with a shim <openssl/ssl.h>
 * that includes <sslsession/openssl_compat.h> (for machines without OpenSSL).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    FILE *f;
    unsigned char der[65536];
    const unsigned char *in = der;
    long n;
    SSL_SESSION *sess;

    if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL)
        return 2;
    n = (long)fread(der, 1, sizeof(der), f);
    fclose(f);
    sess = d2i_SSL_SESSION(NULL, &in, n);
    if (sess == NULL)
        return 3;

    /* The man page's example, verbatim. */
    {
    int i,j; char *p, *temp; i = i2d_SSL_SESSION(sess, NULL); p = temp = malloc(i); j = i2d_SSL_SESSION(sess, &temp); assert(i == j); assert(p+i == temp);

    /* And the bytes are the input's (a session OpenSSL wrote). */
    if (i != n || memcmp(p, der, (size_t)i) != 0)
        return 4;
    free(p);
    }
    SSL_SESSION_free(sess);
    printf("man page example: ok\n");
    return 0;
}
