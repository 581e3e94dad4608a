/*
 * Every dialect through the C library: d2i with the contract of
 * d2i_SSL_SESSION(3) for BoringSSL's seven session vectors (ssl/ssl_test.cc,
 * the repository's testdata/boringssl/vectors), and i2d writing each
 * session's own dialect.
 *
 * Usage: dialect VECTOR_DIR OPENSSL_SESSION
 *
 * The process's dialect starts as the environment variable
 * SSLSESSION_DIALECT names it (read once, at first use; "openssl" when unset
 * or unknown), so a program written for one library reads another's
 * sessions without a code change; then sslsession_set_dialect changes it.
 *
 * Expectations are the vendored BoringSSL's (boring-sys 5.4.0, its
 * d2i_SSL_SESSION, SSL_SESSION_from_bytes and i2d_SSL_SESSION on the same
 * bytes): the good vectors are read to their end and written back byte for
 * byte; of the bad ones d2i accepts only kBadSessionTrailingData (378 of its
 * 381 bytes, written back as kCustomSession: its [6] host name is dropped)
 * and SSL_SESSION_from_bytes (our SSLSESSION_D2I_NO_TRAILING) none; it
 * refuses OpenSSL 3.0's sessions.
 */
#include <ctype.h>
#include <stdint.h>
#include <strings.h>

#include <sslsession/sslsession.h>

#include "check.h"

#define PACK(lib, reason) (((uint32_t)(lib) << 23) | (uint32_t)(reason))

static const char *const GOOD[] = {"kOpenSSLSession", "kCustomSession", "kBoringSSLSession"};
static const char *const BAD[] = {"kBadSessionExtraField", "kBadSessionVersion",
                                  "kBadSessionTrailingData", "kBadSessionPeerCertTypeDefault"};
#define N_GOOD (sizeof(GOOD) / sizeof(GOOD[0]))
#define N_BAD (sizeof(BAD) / sizeof(BAD[0]))

/* A vector's bytes: the hex digits of DIR/NAME.hex. */
static unsigned char *vector(const char *dir, const char *name, long *len)
{
    char path[4096], *digits;
    long n = 0, i, k = 0;
    unsigned char *text, *out;
    snprintf(path, sizeof(path), "%s/%s.hex", dir, name);
    text = read_file(path, &n);
    CHECK_MSG(text != NULL, "%s: unreadable", path);
    if (text == NULL)
        return NULL;
    digits = malloc((size_t)n + 1);
    for (i = 0; digits != NULL && i < n; i++)
        if (isxdigit(text[i]))
            digits[k++] = (char)text[i];
    free(text);
    if (digits == NULL)
        return NULL;
    digits[k] = '\0';
    out = unhex(digits, len);
    free(digits);
    return out;
}

/* i2d three ways (length, caller's buffer, allocated): 1 when all three
   give exactly `want`. */
static int writes(const sslsession_session *s, const unsigned char *want, long want_len)
{
    int n = sslsession_session_i2d(s, NULL), ok;
    unsigned char *buf, *p, *alloc = NULL;
    if (n <= 0 || n != want_len)
        return 0;
    buf = malloc((size_t)n);
    p = buf;
    ok = buf != NULL && sslsession_session_i2d(s, &p) == n && p == buf + n &&
         memcmp(buf, want, (size_t)n) == 0;
    ok = ok && sslsession_session_i2d(s, &alloc) == n && memcmp(alloc, want, (size_t)n) == 0;
    sslsession_der_free(alloc, alloc != NULL ? (size_t)n : 0);
    free(buf);
    return ok;
}

/* The default the environment chose. */
static const char *expected_default(void)
{
    static const char *const NAMES[] = {"openssl", "boringssl", "aws-lc", "libressl", "auto"};
    const char *env = getenv("SSLSESSION_DIALECT");
    size_t i;
    for (i = 0; env != NULL && i < sizeof(NAMES) / sizeof(NAMES[0]); i++)
        if (strcasecmp(env, NAMES[i]) == 0)
            return NAMES[i];
    return "openssl";
}

/* The good vectors with plain d2i in the current dialect: read when
   `readable`, else refused as d2i must refuse. */
static void good_vectors(const char *dir, int readable)
{
    size_t i;
    for (i = 0; i < N_GOOD; i++) {
        long len = 0;
        unsigned char *der = vector(dir, GOOD[i], &len);
        const unsigned char *p = der;
        sslsession_session *s;
        if (der == NULL)
            continue;
        s = sslsession_session_d2i(NULL, &p, len);
        if (readable) {
            CHECK_MSG(s != NULL, "%s: refused", GOOD[i]);
            CHECK_MSG(p == der + len, "%s: not read to its end", GOOD[i]);
            CHECK_MSG(s != NULL && strcmp(sslsession_session_get_dialect(s), "boringssl") == 0,
                      "%s", GOOD[i]);
            CHECK_MSG(s != NULL && writes(s, der, len), "%s: i2d differs", GOOD[i]);
        } else {
            CHECK_MSG(s == NULL, "%s: accepted in %s", GOOD[i], sslsession_get_dialect());
            CHECK_MSG(p == der, "%s: *pp moved", GOOD[i]);
            CHECK(sslsession_err_peek() != 0);
        }
        sslsession_err_clear();
        sslsession_session_free(s);
        free(der);
    }
}

/* The bad vectors: refused with the contract (NULL, *pp and *a unchanged,
   an error queued), except kBadSessionTrailingData for plain d2i. */
static void bad_vectors(const char *dir)
{
    long good_len = 0;
    unsigned char *good = vector(dir, "kCustomSession", &good_len);
    const unsigned char *gp = good;
    sslsession_session *kept = good ? sslsession_session_d2i(NULL, &gp, good_len) : NULL;
    size_t i;
    int flags;

    CHECK(kept != NULL);
    for (i = 0; kept != NULL && i < N_BAD; i++) {
        long len = 0;
        unsigned char *der = vector(dir, BAD[i], &len);
        if (der == NULL)
            continue;
        for (flags = 0; flags <= (int)SSLSESSION_D2I_NO_TRAILING; flags += (int)SSLSESSION_D2I_NO_TRAILING) {
            sslsession_session *a = kept, *r;
            const unsigned char *p = der;
            r = sslsession_session_d2i_ex(&a, &p, len, (uint32_t)flags);
            if (flags == 0 && strcmp(BAD[i], "kBadSessionTrailingData") == 0) {
                CHECK(r == kept && a == kept);
                CHECK_MSG(p == der + 378, "read %ld bytes", (long)(p - der));
                CHECK_MSG(writes(kept, good, good_len), "%s: i2d is not kCustomSession", BAD[i]);
                continue;
            }
            CHECK_MSG(r == NULL, "%s (flags %d): accepted", BAD[i], flags);
            CHECK_MSG(p == der, "%s: *pp moved", BAD[i]);
            CHECK_MSG(a == kept, "%s: *a changed", BAD[i]);
            CHECK_MSG(writes(kept, good, good_len), "%s: the reused session changed", BAD[i]);
            CHECK_MSG(sslsession_err_peek() != 0, "%s: no error queued", BAD[i]);
            sslsession_err_clear();
        }
        free(der);
    }
    sslsession_session_free(kept);
    free(good);
}

int main(int argc, char **argv)
{
    const char *dir;
    unsigned char *ossl;
    long ossl_len = 0;
    const char *def;

    if (argc != 3) {
        fprintf(stderr, "usage: dialect VECTOR_DIR OPENSSL_SESSION\n");
        return 2;
    }
    dir = argv[1];

    /* The environment's choice, with no code change. */
    def = expected_default();
    CHECK_MSG(strcmp(sslsession_get_dialect(), def) == 0, "default %s, expected %s",
              sslsession_get_dialect(), def);
    /* (AWS-LC's and LibreSSL's verdicts on BoringSSL's vectors are not
       this program's subject.) */
    if (strcmp(def, "openssl") == 0 || strcmp(def, "boringssl") == 0 || strcmp(def, "auto") == 0)
        good_vectors(dir, strcmp(def, "openssl") != 0);

    /* OpenSSL's dialect refuses all seven, as OpenSSL does (issue 11). */
    CHECK(sslsession_set_dialect("openssl") == 1);
    good_vectors(dir, 0);

    /* BoringSSL's. */
    CHECK(sslsession_set_dialect("boringssl") == 1);
    CHECK(strcmp(sslsession_get_dialect(), "boringssl") == 0);
    good_vectors(dir, 1);
    bad_vectors(dir);

    /* An OpenSSL session in BoringSSL's dialect: refused, *pp unchanged. */
    ossl = read_file(argv[2], &ossl_len);
    CHECK(ossl != NULL);
    if (ossl != NULL) {
        const unsigned char *p = ossl;
        sslsession_session *s = sslsession_session_d2i(NULL, &p, ossl_len);
        CHECK(s == NULL && p == ossl);
        CHECK(sslsession_err_peek() != 0);
        sslsession_err_clear();
        sslsession_session_free(s);
        /* ... and read in OpenSSL's, where it stays OpenSSL's. */
        CHECK(sslsession_set_dialect("auto") == 1);
        s = sslsession_session_d2i(NULL, &p, ossl_len);
        CHECK(s != NULL && p == ossl + ossl_len);
        CHECK(s != NULL && strcmp(sslsession_session_get_dialect(s), "openssl") == 0);
        CHECK(s != NULL && sslsession_session_get_openssl_version(s) != NULL);
        sslsession_session_free(s);
        free(ossl);
    }

    /* A BoringSSL session has no OpenSSL version and no OpenSSL-only field. */
    {
        long len = 0;
        unsigned char *der = vector(dir, "kBoringSSLSession", &len);
        const unsigned char *p = der;
        sslsession_session *s = der ? sslsession_session_d2i(NULL, &p, len) : NULL;
        CHECK(s != NULL);
        if (s != NULL) {
            CHECK(sslsession_session_get_openssl_version(s) == NULL);
            CHECK(sslsession_err_get() ==
                  PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_WRONG_DIALECT));
            CHECK(sslsession_session_get0_hostname(s) == NULL);
            CHECK(sslsession_session_set1_hostname(s, "example.com") == 0);
            CHECK(sslsession_err_get() ==
                  PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_WRONG_FIELD_KIND));
            CHECK(sslsession_session_get0_hostname(s) == NULL);
            CHECK(sslsession_session_get_protocol_version(s) == 0x0303);
            {
                /* [3] peer: the leaf (the vector's [19] holds the rest). */
                size_t n = 0;
                const uint8_t *cert = sslsession_session_get0_peer_certificate(s, &n);
                CHECK(cert != NULL && n > 4 && cert[0] == 0x30);
            }
            CHECK(writes(s, der, len));
        }
        sslsession_session_free(s);
        free(der);
    }

    /* Unknown names: 0, queued, default unchanged. */
    CHECK(sslsession_set_dialect("wolfssl") == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_DIALECT));
    CHECK(strcmp(sslsession_get_dialect(), "auto") == 0);
    CHECK(sslsession_err_peek() == 0);
    return check_finish("dialect");
}
