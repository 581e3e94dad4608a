/*
 * libsslsession (prefixed names) against the libssl it is linked with (the
 * system's OpenSSL 3.0, or an oracle build of 1.1.1, 3.5, 3.6 or 4.0), in one
 * process: for every file named in the list file argv[1], both decoders must
 * give the same verdict, consume the same length, re-encode to the same
 * bytes and report the same getter values. Then the setters' return
 * conventions and limits are compared on fresh sessions.
 *
 * Our library follows the linked libssl's version: as a drop-in program
 * would, through the environment variable SSLSESSION_OPENSSL_VERSION when it
 * is set, else as a new program does, with sslsession_set_openssl_version.
 * Either way sslsession_get_openssl_version() must then name that version.
 */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sslsession/sslsession.h>

#include "check.h"

/* The linked libssl's version as our library names it ("1.1.1", "3.0",
   "3.5", ...), from OpenSSL_version_num(): 0xMNN00PP0 from 3.0 on,
   0xMNNFFPPS before. */
static const char *libssl_version(void)
{
    static char name[16];
    unsigned long n = OpenSSL_version_num();
    unsigned major = (unsigned)(n >> 28) & 0xF, minor = (unsigned)(n >> 20) & 0xFF;
    if (major < 3)
        snprintf(name, sizeof(name), "%u.%u.%u", major, minor, (unsigned)(n >> 12) & 0xFF);
    else
        snprintf(name, sizeof(name), "%u.%u", major, minor);
    return name;
}

static long compared, accepted, rejected, silent;

static int same_bytes(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    if ((a == NULL) != (b == NULL) || alen != blen)
        return 0;
    return alen == 0 || memcmp(a, b, alen) == 0;
}

static int same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static void compare_getters(const char *file, const sslsession_session *ours, SSL_SESSION *theirs)
{
    const unsigned char *a, *b;
    unsigned int alen, blen;
    size_t az, bz;
    const SSL_CIPHER *c = SSL_SESSION_get0_cipher(theirs);
    unsigned char ka[512], kb[512];
    const void *appa;
    void *appb;
    X509 *peer;

    CHECK_MSG(sslsession_session_get_protocol_version(ours) ==
                  SSL_SESSION_get_protocol_version(theirs), "%s", file);
    CHECK_MSG(c != NULL && sslsession_session_get_cipher_id(ours) == SSL_CIPHER_get_id(c), "%s", file);
    CHECK_MSG(c != NULL && same_str(sslsession_session_get0_cipher_name(ours), SSL_CIPHER_get_name(c)),
              "%s", file);
    a = sslsession_session_get_id(ours, &alen);
    b = SSL_SESSION_get_id(theirs, &blen);
    CHECK_MSG(alen == blen && memcmp(a, b, alen) == 0, "%s: id", file);
    a = sslsession_session_get0_id_context(ours, &alen);
    b = SSL_SESSION_get0_id_context(theirs, &blen);
    CHECK_MSG(alen == blen && memcmp(a, b, alen) == 0, "%s: id context", file);
    az = sslsession_session_get_master_key(ours, ka, 0);
    bz = SSL_SESSION_get_master_key(theirs, kb, 0);
    CHECK_MSG(az == bz, "%s: master key length", file);
    if (az == bz && az > 0) {
        CHECK(sslsession_session_get_master_key(ours, ka, sizeof(ka)) == az);
        CHECK(SSL_SESSION_get_master_key(theirs, kb, sizeof(kb)) == bz);
        CHECK_MSG(memcmp(ka, kb, az) == 0, "%s: master key", file);
    }
    CHECK_MSG(sslsession_session_get_time(ours) == SSL_SESSION_get_time(theirs), "%s: time", file);
    CHECK_MSG(sslsession_session_get_timeout(ours) == SSL_SESSION_get_timeout(theirs), "%s: timeout", file);
    CHECK_MSG(same_str(sslsession_session_get0_hostname(ours), SSL_SESSION_get0_hostname(theirs)),
              "%s: hostname", file);
    sslsession_session_get0_alpn_selected(ours, &a, &az);
    SSL_SESSION_get0_alpn_selected(theirs, &b, &bz);
    CHECK_MSG(same_bytes(a, az, b, bz), "%s: alpn", file);
    sslsession_session_get0_ticket(ours, &a, &az);
    SSL_SESSION_get0_ticket(theirs, &b, &bz);
    CHECK_MSG(same_bytes(a, az, b, bz), "%s: ticket", file);
    CHECK_MSG(sslsession_session_has_ticket(ours) == SSL_SESSION_has_ticket(theirs), "%s", file);
    CHECK_MSG(sslsession_session_get_ticket_lifetime_hint(ours) ==
                  SSL_SESSION_get_ticket_lifetime_hint(theirs), "%s: lifetime hint", file);
    CHECK_MSG(sslsession_session_get_max_early_data(ours) == SSL_SESSION_get_max_early_data(theirs),
              "%s: max early data", file);
    CHECK(sslsession_session_get0_ticket_appdata(ours, &appa, &az) == 1);
    CHECK(SSL_SESSION_get0_ticket_appdata(theirs, &appb, &bz) == 1);
    CHECK_MSG(same_bytes(appa, az, appb, bz), "%s: ticket appdata", file);
    CHECK_MSG(sslsession_session_get_max_fragment_length(ours) ==
                  SSL_SESSION_get_max_fragment_length(theirs), "%s: max fragment length", file);
    CHECK_MSG(sslsession_session_get_compress_id(ours) == SSL_SESSION_get_compress_id(theirs),
              "%s: compress id", file);
    CHECK_MSG(sslsession_session_is_resumable(ours) == SSL_SESSION_is_resumable(theirs),
              "%s: resumable", file);
#if OPENSSL_VERSION_NUMBER >= 0x30200000L
    {
        /* [20], the peer's raw public key (3.2+): OpenSSL holds an EVP_PKEY
           and writes it back with i2d_PUBKEY. */
        EVP_PKEY *rpk = SSL_SESSION_get0_peer_rpk(theirs);
        a = sslsession_session_get0_peer_rpk(ours, &az);
        if (rpk == NULL) {
            CHECK_MSG(a == NULL, "%s: peer rpk present only here", file);
        } else {
            unsigned char *der = NULL;
            int n = i2d_PUBKEY(rpk, &der);
            CHECK_MSG(a != NULL && n > 0 && same_bytes(a, az, der, (size_t)n), "%s: peer rpk", file);
            OPENSSL_free(der);
        }
    }
#endif
    peer = SSL_SESSION_get0_peer(theirs);
    a = sslsession_session_get0_peer_certificate(ours, &az);
    if (peer == NULL) {
        CHECK_MSG(a == NULL, "%s: peer present only here", file);
    } else {
        unsigned char *der = NULL;
        int n = i2d_X509(peer, &der);
        CHECK_MSG(a != NULL && n > 0 && same_bytes(a, az, der, (size_t)n), "%s: peer certificate", file);
        OPENSSL_free(der);
    }
}

/* One file; returns 0 when the clock ticked between the two decodes (the
   file has no time and both took "now"): the caller retries, and on its last
   try compares anyway, so a real difference cannot hide behind retries. */
static int compare_file(const char *file, const unsigned char *buf, long len, int last_try)
{
    const uint8_t *p1 = buf;
    const unsigned char *p2 = buf;
    sslsession_session *ours;
    SSL_SESSION *theirs;
    unsigned long theirs_err;
    uint32_t ours_err;

    ERR_clear_error();
    sslsession_err_clear();
    ours = sslsession_session_d2i(NULL, &p1, len);
    theirs = d2i_SSL_SESSION(NULL, &p2, len);
    theirs_err = ERR_peek_error();
    ours_err = sslsession_err_peek();
    /* Under valgrind the two decodes of a time-less file can be seconds
       apart, so any small difference retries (a real one persists to the
       last try, which compares anyway). */
    if (!last_try && ours != NULL && theirs != NULL &&
        sslsession_session_get_time(ours) != SSL_SESSION_get_time(theirs) &&
        sslsession_session_get_time(ours) + 60 >= SSL_SESSION_get_time(theirs) &&
        SSL_SESSION_get_time(theirs) + 60 >= sslsession_session_get_time(ours)) {
        sslsession_session_free(ours);
        SSL_SESSION_free(theirs);
        return 0;
    }
    compared++;
    CHECK_MSG((ours != NULL) == (theirs != NULL), "%s: verdict ours=%s openssl=%s", file,
              ours ? "accept" : "reject", theirs ? "accept" : "reject");
    CHECK_MSG(p1 - buf == p2 - buf, "%s: consumed ours=%ld openssl=%ld", file, (long)(p1 - buf),
              (long)(p2 - buf));
    if (ours == NULL && theirs == NULL) {
        rejected++;
        /* Where OpenSSL fails silently, our code is ERR_LIB_USER; where it
           queues an error, so do we, in its library. */
        CHECK_MSG(ours_err != 0, "%s: no error queued", file);
        if (theirs_err == 0) {
            silent++;
            CHECK_MSG(sslsession_err_lib(ours_err) == SSLSESSION_ERR_LIB_USER, "%s: %08X", file, ours_err);
        } else {
            CHECK_MSG(sslsession_err_lib(ours_err) != SSLSESSION_ERR_LIB_USER,
                      "%s: ours %08X, openssl %08lX", file, ours_err, theirs_err);
            /* The first error OpenSSL queued, reason and library, except for
               a certificate d2i_X509 refuses, reported as
               ERR_R_NESTED_ASN1_ERROR (OpenSSL 3's 266), and a raw public key
               d2i_PUBKEY_ex refuses, reported as EVP_R_DECODE_ERROR (6, 114),
               whatever their inner reasons. */
            /* The library named in our error's text is OpenSSL's name for it
               ("error:XXXXXXXX:<library>:..."). */
            if (sslsession_err_lib(ours_err) == (uint32_t)ERR_GET_LIB(theirs_err)) {
                char text[1024];
                const char *lib = ERR_lib_error_string(theirs_err);
                size_t n = lib != NULL ? strlen(lib) : 0;
                CHECK(sslsession_err_string(text, sizeof(text)) > 15);
                CHECK_MSG(lib != NULL && strncmp(text + 15, lib, n) == 0 && text[15 + n] == ':',
                          "%s: ours \"%s\", openssl's library \"%s\"", file, text,
                          lib != NULL ? lib : "(none)");
            }
            if (sslsession_err_reason(ours_err) != 266 &&
                !(sslsession_err_lib(ours_err) == 6 && sslsession_err_reason(ours_err) == 114)) {
                CHECK_MSG(sslsession_err_lib(ours_err) == (uint32_t)ERR_GET_LIB(theirs_err) &&
                              sslsession_err_reason(ours_err) == (uint32_t)ERR_GET_REASON(theirs_err),
                          "%s: first error ours %08X, openssl %08lX", file, ours_err, theirs_err);
            }
        }
    }
    if (ours != NULL && theirs != NULL) {
        int n1 = sslsession_session_i2d(ours, NULL);
        int n2 = i2d_SSL_SESSION(theirs, NULL);
        uint8_t *e1 = NULL;
        unsigned char *e2 = NULL;
        accepted++;
        CHECK_MSG(n1 == n2, "%s: i2d length ours=%d openssl=%d", file, n1, n2);
        CHECK(sslsession_session_i2d(ours, &e1) == n1);
        CHECK(i2d_SSL_SESSION(theirs, &e2) == n2);
        CHECK_MSG(n1 == n2 && e1 != NULL && e2 != NULL && memcmp(e1, e2, (size_t)n1) == 0,
                  "%s: i2d bytes differ", file);
        sslsession_der_free(e1, (size_t)n1);
        OPENSSL_free(e2);
        compare_getters(file, ours, theirs);
    }
    sslsession_session_free(ours);
    SSL_SESSION_free(theirs);
    return 1;
}

/* Setters on fresh sessions: same return values, same resulting encoding. */
static void compare_setters(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    static const unsigned char code[2] = {0x13, 0x02};
    const SSL_CIPHER *cipher = SSL_CIPHER_find(ssl, code);
    unsigned char big[600];
    long timeouts[] = {0, 1, 7200, -1, -7200};
    long times[] = {0, 1, 1700000000L, -5};
    unsigned int lens[] = {0, 1, 32, 33, 255};
    size_t keylens[] = {0, 48, 512, 513};
    size_t i;
    sslsession_session *ours = sslsession_session_new();
    SSL_SESSION *theirs = SSL_SESSION_new();
    int n1, n2;
    uint8_t *e1 = NULL;
    unsigned char *e2 = NULL;

    memset(big, 0x5a, sizeof(big));
    CHECK(cipher != NULL);
    CHECK(sslsession_session_i2d(ours, NULL) == i2d_SSL_SESSION(theirs, NULL)); /* both 0 */
    CHECK(sslsession_session_get_timeout(ours) == SSL_SESSION_get_timeout(theirs));
    CHECK(sslsession_session_get_max_fragment_length(ours) ==
          SSL_SESSION_get_max_fragment_length(theirs));
    CHECK(sslsession_session_get_protocol_version(ours) == SSL_SESSION_get_protocol_version(theirs));
    CHECK(sslsession_session_set_cipher_id(ours, SSL_CIPHER_get_id(cipher)) ==
          SSL_SESSION_set_cipher(theirs, cipher));
    for (i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
        CHECK_MSG(sslsession_session_set_timeout(ours, timeouts[i]) ==
                      SSL_SESSION_set_timeout(theirs, timeouts[i]), "timeout %ld", timeouts[i]);
        CHECK(sslsession_session_get_timeout(ours) == SSL_SESSION_get_timeout(theirs));
    }
    for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        CHECK(sslsession_session_set_time(ours, times[i]) == SSL_SESSION_set_time(theirs, times[i]));
        CHECK(sslsession_session_get_time(ours) == SSL_SESSION_get_time(theirs));
    }
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        unsigned int la, lb;
        CHECK_MSG(sslsession_session_set1_id(ours, big, lens[i]) ==
                      SSL_SESSION_set1_id(theirs, big, lens[i]), "id %u", lens[i]);
        CHECK_MSG(sslsession_session_set1_id_context(ours, big, lens[i]) ==
                      SSL_SESSION_set1_id_context(theirs, big, lens[i]), "ctx %u", lens[i]);
        sslsession_session_get_id(ours, &la);
        SSL_SESSION_get_id(theirs, &lb);
        CHECK(la == lb);
        sslsession_session_get0_id_context(ours, &la);
        SSL_SESSION_get0_id_context(theirs, &lb);
        CHECK(la == lb);
    }
    for (i = 0; i < sizeof(keylens) / sizeof(keylens[0]); i++) {
        CHECK_MSG(sslsession_session_set1_master_key(ours, big, keylens[i]) ==
                      SSL_SESSION_set1_master_key(theirs, big, keylens[i]), "key %zu", keylens[i]);
        CHECK(sslsession_session_get_master_key(ours, NULL, 0) ==
              SSL_SESSION_get_master_key(theirs, NULL, 0));
    }
    CHECK(sslsession_session_set_protocol_version(ours, 0x0304) ==
          SSL_SESSION_set_protocol_version(theirs, 0x0304));
    CHECK(sslsession_session_set1_hostname(ours, "") == SSL_SESSION_set1_hostname(theirs, ""));
    CHECK(sslsession_session_set1_alpn_selected(ours, big, 0) ==
          SSL_SESSION_set1_alpn_selected(theirs, big, 0));
    CHECK(sslsession_session_set1_ticket_appdata(ours, big, 3) ==
          SSL_SESSION_set1_ticket_appdata(theirs, big, 3));
    CHECK(sslsession_session_set_max_early_data(ours, 0x80000000u) ==
          SSL_SESSION_set_max_early_data(theirs, 0x80000000u));
    CHECK(sslsession_session_is_resumable(ours) == SSL_SESSION_is_resumable(theirs));
    n1 = sslsession_session_i2d(ours, &e1);
    n2 = i2d_SSL_SESSION(theirs, &e2);
    CHECK_MSG(n1 == n2 && n1 > 0 && memcmp(e1, e2, (size_t)n1) == 0, "setters: %d vs %d", n1, n2);
    sslsession_der_free(e1, n1 > 0 ? (size_t)n1 : 0);
    OPENSSL_free(e2);
    sslsession_session_free(ours);
    SSL_SESSION_free(theirs);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    sslsession_err_clear();
    ERR_clear_error();
}

/* Our packed codes are OpenSSL 3's, flags included: a NULL argument queues
   ERR_PACK(ERR_LIB_SSL, 0, ERR_R_PASSED_NULL_PARAMETER), whose reason
   carries ERR_R_FATAL (ERR_RFLAG_FATAL | ERR_RFLAG_COMMON). (1.1.1 packs
   its codes otherwise: our library follows 3.x there.) */
static void compare_error_codes(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    uint32_t code;
    sslsession_err_clear();
    CHECK(sslsession_session_up_ref(NULL) == 0);
    code = sslsession_err_get();
    CHECK_MSG(code == (uint32_t)ERR_PACK(ERR_LIB_SSL, 0, ERR_R_PASSED_NULL_PARAMETER),
              "NULL argument: ours %08X, openssl %08lX", code,
              (unsigned long)ERR_PACK(ERR_LIB_SSL, 0, ERR_R_PASSED_NULL_PARAMETER));
#endif
}

/* One file, retried while the clock ticks between the two decodes. An
   empty file is length 0: both must refuse it. */
static void compare_retrying(const char *file, const unsigned char *buf, long len)
{
    int attempt;
    for (attempt = 0; attempt < 5 && !compare_file(file, buf, len, attempt == 4); attempt++)
        ;
}

int main(int argc, char **argv)
{
    const char *version = libssl_version();
    const char *from = "sslsession_set_openssl_version";

    if (getenv("SSLSESSION_OPENSSL_VERSION") != NULL)
        from = "SSLSESSION_OPENSSL_VERSION";
    else
        CHECK(sslsession_set_openssl_version(version) == 1);
    CHECK_MSG(strcmp(sslsession_get_openssl_version(), version) == 0,
              "our version %s, libssl's %s", sslsession_get_openssl_version(), version);
    printf("libssl %s (%s), ours %s through %s\n", version,
           OpenSSL_version(OPENSSL_VERSION), sslsession_get_openssl_version(), from);
    if (argc != 2 || !for_each_listed_file(argv[1], compare_retrying)) {
        fprintf(stderr, "usage: differential LIST\n");
        return 2;
    }
    {
        /* length < 0 as well. */
        static const unsigned char one[1] = {0x30};
        const uint8_t *p1 = one;
        const unsigned char *p2 = one;
        sslsession_session *o = sslsession_session_d2i(NULL, &p1, -1);
        SSL_SESSION *t = d2i_SSL_SESSION(NULL, &p2, -1);
        CHECK(o == NULL && t == NULL && p1 == one && p2 == one);
        sslsession_err_clear();
        ERR_clear_error();
    }
    compare_setters();
    compare_error_codes();
    printf("differential: %ld files compared (%ld accepted by both, %ld rejected by both, "
           "%ld of those silently by OpenSSL)\n", compared, accepted, rejected, silent);
    return check_finish("differential");
}
