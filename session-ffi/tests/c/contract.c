/*
 * Every edge of the C contract of <sslsession/sslsession.h>: d2i/i2d as
 * d2i_SSL_SESSION(3) specifies them, NULL arguments, length <= 0, reuse of
 * *a, reference counting, setters' limits, and the error queue.
 *
 * Expected bytes are OpenSSL 3.0.19's (FORMAT.md Appendix A), not ours.
 */
#include <pthread.h>
#include <stdint.h>
#include <sslsession/sslsession.h>

#include "check.h"

/* Appendix A "det12": SSL_SESSION_new + setters on OpenSSL 3.0.19, 169 bytes. */
static const char DET12[] =
    "3081a6020101020203030402c02f0420a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
    "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf0430000102030405060708090a0b0c0d"
    "0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d"
    "2e2fa10602046553f100a20402021c20a407040570726f6265a503020101a60d"
    "040b6578616d706c652e636f6db00404026832b104020200ffb2090407617070"
    "64617461b303020100";
/* Appendix A "det13": TLS 1.3, empty id, max_early_data 16384, 126 bytes. */
static const char DET13[] =
    "307c020101020203040402130104000420000102030405060708090a0b0c0d0e"
    "0f101112131415161718191a1b1c1d1e1fa10602046553f100a20402021c20a4"
    "07040570726f6265a503020101a60d040b6578616d706c652e636f6daf040202"
    "4000b00404026832b104020200ffb209040761707064617461b303020100";
/* Appendix A "bare": SSL_SESSION_new + cipher 0x1302 + time 1700000000. */
static const char BARE[] =
    "30300201010201000402130204000400a10602046553f100a20402020130a402"
    "0400a503020101b104020200ffb303020100";

#define PACK(lib, reason) (((uint32_t)(lib) << 23) | (uint32_t)(reason))
#define ASN1_R_TOO_SMALL 224
#define SSL_R_UNKNOWN_SSL_VERSION 254
#define SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG 273
#define SSL_R_SSL_SESSION_ID_TOO_LONG 408
#define ERR_R_PASSED_NULL_PARAMETER 258

static long der_len;

static unsigned char *vec(const char *hex)
{
    return unhex(hex, &der_len);
}

static int bytes_eq(const uint8_t *a, size_t alen, const unsigned char *b, size_t blen)
{
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* i2d into a fresh malloc()ed buffer and compare with `want`. */
static int encodes_to(const sslsession_session *s, const unsigned char *want, long want_len)
{
    uint8_t *out = NULL;
    int n = sslsession_session_i2d(s, &out);
    int ok = n == want_len && out != NULL && memcmp(out, want, (size_t)n) == 0;
    sslsession_der_free(out, n > 0 ? (size_t)n : 0);
    return ok;
}

static void test_version(void)
{
    CHECK(strcmp(sslsession_version(), SSLSESSION_VERSION) == 0);
}

static void test_null_arguments(void)
{
    const uint8_t *nullp = NULL;
    uint8_t *out = NULL;
    unsigned int ulen = 77;
    size_t len = 77;
    const uint8_t *data = (const uint8_t *)"x";
    sslsession_session *s = sslsession_session_new();

    sslsession_err_clear();
    CHECK(sslsession_session_d2i(NULL, NULL, 10) == NULL);
    CHECK(sslsession_err_lib(sslsession_err_peek()) == SSLSESSION_ERR_LIB_SSL);
    CHECK(sslsession_err_reason(sslsession_err_get()) == ERR_R_PASSED_NULL_PARAMETER);
    CHECK(sslsession_session_d2i(NULL, &nullp, 10) == NULL);
    CHECK(nullp == NULL);
    CHECK(sslsession_err_get() != 0);

    CHECK(sslsession_session_i2d(NULL, NULL) == 0);
    CHECK(sslsession_session_i2d(NULL, &out) == 0);
    CHECK(out == NULL);
    sslsession_session_free(NULL);
    sslsession_der_free(NULL, 0);
    CHECK(sslsession_session_up_ref(NULL) == 0);
    CHECK(sslsession_session_dup(NULL) == NULL);

    /* Getters: 0/NULL, out-parameters untouched. */
    CHECK(sslsession_session_get_time(NULL) == 0);
    CHECK(sslsession_session_get_protocol_version(NULL) == 0);
    CHECK(sslsession_session_get0_hostname(NULL) == NULL);
    CHECK(sslsession_session_get_id(NULL, &ulen) == NULL && ulen == 77);
    CHECK(sslsession_session_get0_id_context(NULL, &ulen) == NULL && ulen == 77);
    CHECK(sslsession_session_get_master_key(NULL, out, 0) == 0);
    CHECK(sslsession_session_get_master_key(s, NULL, 10) == 0);
    sslsession_session_get0_alpn_selected(s, NULL, &len);
    CHECK(len == 77);
    sslsession_session_get0_alpn_selected(s, &data, NULL);
    CHECK(data != NULL);
    sslsession_session_get0_ticket(s, NULL, NULL);
    CHECK(sslsession_session_get0_ticket_appdata(s, NULL, &len) == 0 && len == 77);
    CHECK(sslsession_session_get0_peer_certificate(NULL, &len) == NULL && len == 77);

    /* Setters: 0, nothing changed. */
    CHECK(sslsession_session_set1_id(NULL, data, 1) == 0);
    CHECK(sslsession_session_set1_id(s, NULL, 4) == 0);
    CHECK(sslsession_session_set1_master_key(s, NULL, 4) == 0);
    CHECK(sslsession_session_get_master_key(s, NULL, 0) == 0);
    CHECK(sslsession_session_set_time(NULL, 5) == 0);
    CHECK(sslsession_session_set_timeout(NULL, 5) == 0);
    CHECK(sslsession_session_set1_hostname(NULL, "a") == 0);
    /* NULL with a zero length is an empty value, as in OpenSSL. */
    CHECK(sslsession_session_set1_id(s, NULL, 0) == 1);
    CHECK(sslsession_err_get() != 0);
    sslsession_err_clear();
    sslsession_session_free(s);
}

static void test_length_not_positive(void)
{
    unsigned char *der = vec(DET12);
    const uint8_t *p = der;
    long lens[] = {0, -1, -169, (long)(-2147483647L - 1)};
    size_t i;
    sslsession_err_clear();
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        sslsession_session *a = NULL;
        CHECK(sslsession_session_d2i(&a, &p, lens[i]) == NULL);
        CHECK(a == NULL);
        CHECK(p == der);
        /* OpenSSL 3.0 queues ASN1_R_TOO_SMALL for an empty input. */
        CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_ASN1, ASN1_R_TOO_SMALL));
    }
    free(der);
}

static void test_d2i_and_trailing_bytes(void)
{
    unsigned char *der = vec(DET12);
    long n = der_len;
    unsigned char *padded = malloc((size_t)n + 3);
    unsigned char *ber = malloc((size_t)n + 1);
    const uint8_t *p;
    sslsession_session *s;

    /* d2i(NULL, &p, len): allocates, advances p past the SEQUENCE. */
    p = der;
    s = sslsession_session_d2i(NULL, &p, n);
    CHECK(s != NULL);
    CHECK(p == der + n);
    sslsession_session_free(s);

    /* Trailing bytes are left unread. */
    memcpy(padded, der, (size_t)n);
    memcpy(padded + n, "\x01\x02\x03", 3);
    p = padded;
    s = sslsession_session_d2i(NULL, &p, n + 3);
    CHECK(s != NULL && p == padded + n);
    sslsession_session_free(s);
    /* ...unless asked to reject them: then nothing moves. */
    p = padded;
    CHECK(sslsession_session_d2i_ex(NULL, &p, n + 3, SSLSESSION_D2I_NO_TRAILING) == NULL);
    CHECK(p == padded);
    CHECK(sslsession_err_get() != 0);
    /* A truncated input fails without moving p. */
    p = der;
    CHECK(sslsession_session_d2i(NULL, &p, n - 1) == NULL && p == der);
    CHECK(sslsession_err_get() != 0);
    /* Unknown flags fail. */
    p = der;
    CHECK(sslsession_session_d2i_ex(NULL, &p, n, 0x80) == NULL && p == der);
    CHECK(sslsession_err_reason(sslsession_err_get()) == SSLSESSION_R_BAD_FLAGS);

    /* BER (a non-minimal outer length, 30 82 00 a6): OpenSSL mode accepts it,
       strict mode does not. */
    ber[0] = 0x30; ber[1] = 0x82; ber[2] = 0x00; ber[3] = 0xa6;
    memcpy(ber + 4, der + 3, (size_t)n - 3);
    p = ber;
    s = sslsession_session_d2i(NULL, &p, n + 1);
    CHECK(s != NULL && p == ber + n + 1);
    /* ...and re-encodes as DER, as OpenSSL does. */
    CHECK(s != NULL && encodes_to(s, der, n));
    sslsession_session_free(s);
    p = ber;
    CHECK(sslsession_session_d2i_ex(NULL, &p, n + 1, SSLSESSION_D2I_STRICT) == NULL && p == ber);
    CHECK(sslsession_err_get() != 0);
    p = der;
    s = sslsession_session_d2i_ex(NULL, &p, n, SSLSESSION_D2I_STRICT);
    CHECK(s != NULL && p == der + n);
    sslsession_session_free(s);

    free(ber);
    free(padded);
    free(der);
}

static void test_i2d_modes(void)
{
    unsigned char *der = vec(DET12);
    long n = der_len;
    const uint8_t *p = der;
    sslsession_session *s = sslsession_session_d2i(NULL, &p, n);
    uint8_t *buf = malloc((size_t)n + 8), *q = buf, *alloc = NULL;

    CHECK(s != NULL);
    CHECK(sslsession_session_i2d(s, NULL) == n);
    /* Writes and advances. */
    memset(buf, 0xEE, (size_t)n + 8);
    CHECK(sslsession_session_i2d(s, &q) == n);
    CHECK(q == buf + n);
    CHECK(memcmp(buf, der, (size_t)n) == 0);
    CHECK(buf[n] == 0xEE); /* not one byte more */
    /* *pp == NULL: allocates, leaves the pointer at the start. */
    CHECK(sslsession_session_i2d(s, &alloc) == n);
    CHECK(alloc != NULL && memcmp(alloc, der, (size_t)n) == 0);
    sslsession_der_free(alloc, (size_t)n);
    /* ...and the allocation is an ordinary malloc(): free() works too. */
    alloc = NULL;
    CHECK(sslsession_session_i2d(s, &alloc) == n);
    free(alloc);

    sslsession_session_free(s);
    free(buf);
    free(der);
}

static void test_invalid_session_i2d(void)
{
    sslsession_session *s = sslsession_session_new();
    uint8_t buf[8] = {0}, *q = buf, *alloc = NULL;
    sslsession_err_clear();
    /* No cipher yet: OpenSSL's i2d returns 0 and does nothing; so do we. */
    CHECK(sslsession_session_i2d(s, NULL) == 0);
    CHECK(sslsession_session_i2d(s, &q) == 0);
    CHECK(q == buf && buf[0] == 0);
    CHECK(sslsession_session_i2d(s, &alloc) == 0);
    CHECK(alloc == NULL);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_NO_CIPHER));
    sslsession_err_clear();
    sslsession_session_free(s);
}

static void test_reuse(void)
{
    unsigned char *d12 = vec(DET12);
    long n12 = der_len;
    unsigned char *d13 = vec(DET13);
    long n13 = der_len;
    sslsession_session *a = NULL, *first, *r;
    const uint8_t *p;

    /* *a == NULL: the new session is stored in *a and returned. */
    p = d13;
    first = sslsession_session_d2i(&a, &p, n13);
    CHECK(first != NULL && a == first && p == d13 + n13);
    CHECK(sslsession_session_get_max_early_data(a) == 16384);

    /* *a != NULL: that object is reused, every field replaced. */
    p = d12;
    r = sslsession_session_d2i(&a, &p, n12);
    CHECK(r == first && a == first && p == d12 + n12);
    CHECK(sslsession_session_get_protocol_version(a) == 0x0303);
    CHECK(sslsession_session_get_max_early_data(a) == 0);
    CHECK(encodes_to(a, d12, n12));

    /* Failure with *a set: NULL returned, *a, the object and p untouched. */
    p = d13;
    CHECK(sslsession_session_d2i(&a, &p, 50) == NULL);
    CHECK(a == first && p == d13);
    CHECK(sslsession_session_get_protocol_version(a) == 0x0303);
    CHECK(encodes_to(a, d12, n12));
    /* A structurally valid session that fails a semantic check (structure
       version 2): OpenSSL may leave a reused object half-modified; we don't. */
    d13[4] = 0x02; /* 30 7c 02 01 [01]: the structure version */
    p = d13;
    CHECK(sslsession_session_d2i(&a, &p, n13) == NULL);
    CHECK(a == first && p == d13 && encodes_to(a, d12, n12));
    d13[4] = 0x01;
    sslsession_err_clear();

    /* Failure with *a == NULL: *a stays NULL. */
    sslsession_session_free(a);
    a = NULL;
    p = d12;
    CHECK(sslsession_session_d2i(&a, &p, 10) == NULL && a == NULL && p == d12);
    sslsession_err_clear();

    free(d12);
    free(d13);
}

static void test_refcount(void)
{
    sslsession_session *s = sslsession_session_new();
    CHECK(s != NULL);
    CHECK(sslsession_session_up_ref(s) == 1);
    CHECK(sslsession_session_up_ref(s) == 1);
    sslsession_session_free(s);
    sslsession_session_free(s);
    /* One reference left: still alive. */
    CHECK(sslsession_session_set_time(s, 42) == 42);
    CHECK(sslsession_session_get_time(s) == 42);
    sslsession_session_free(s); /* the last: freed (ASan/valgrind check it) */
}

/* The getters on Appendix A's det12 report what OpenSSL's report. */
static void test_getters(void)
{
    unsigned char *der = vec(DET12);
    long n = der_len;
    const uint8_t *p = der, *data;
    sslsession_session *s = sslsession_session_d2i(NULL, &p, n);
    unsigned int ulen;
    size_t len;
    uint8_t key[64];
    const void *app;
    static const unsigned char id[32] = {
        0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
        0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5,
        0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf};
    int i;

    CHECK(s != NULL);
    CHECK(sslsession_session_get_protocol_version(s) == 0x0303);
    CHECK(sslsession_session_get_cipher_id(s) == 0x0300C02F);
    CHECK(strcmp(sslsession_session_get0_cipher_name(s), "ECDHE-RSA-AES128-GCM-SHA256") == 0);
    CHECK(strcmp(sslsession_session_get0_cipher_standard_name(s),
                 "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") == 0);
    data = sslsession_session_get_id(s, &ulen);
    CHECK(bytes_eq(data, ulen, id, 32));
    data = sslsession_session_get0_id_context(s, &ulen);
    CHECK(bytes_eq(data, ulen, (const unsigned char *)"probe", 5));
    /* Master key: outlen 0 asks for the length; otherwise min(outlen, len). */
    CHECK(sslsession_session_get_master_key(s, key, 0) == 48);
    memset(key, 0xEE, sizeof(key));
    CHECK(sslsession_session_get_master_key(s, key, 10) == 10);
    CHECK(key[9] == 9 && key[10] == 0xEE);
    CHECK(sslsession_session_get_master_key(s, key, sizeof(key)) == 48);
    for (i = 0; i < 48; i++)
        CHECK(key[i] == i);
    CHECK(key[48] == 0xEE);
    CHECK(sslsession_session_get_time(s) == 1700000000);
    CHECK(sslsession_session_get_timeout(s) == 7200);
    CHECK(strcmp(sslsession_session_get0_hostname(s), "example.com") == 0);
    sslsession_session_get0_alpn_selected(s, &data, &len);
    CHECK(bytes_eq(data, len, (const unsigned char *)"h2", 2));
    data = (const uint8_t *)"x";
    sslsession_session_get0_ticket(s, &data, &len);
    CHECK(data == NULL && len == 0);
    CHECK(sslsession_session_has_ticket(s) == 0);
    CHECK(sslsession_session_get0_ticket_appdata(s, &app, &len) == 1);
    CHECK(bytes_eq(app, len, (const unsigned char *)"appdata", 7));
    /* Stored 255 ("unspecified"): OpenSSL's getter reports 0 (disabled). */
    CHECK(sslsession_session_get_max_fragment_length(s) == 0);
    CHECK(sslsession_session_get_verify_result(s) == 1);
    CHECK(sslsession_session_get_kex_group(s) == 0);
    CHECK(sslsession_session_get_flags(s) == 0);
    CHECK(sslsession_session_is_resumable(s) == 1);
    CHECK(sslsession_session_get0_peer_certificate(s, &len) == NULL && len == 0);
    CHECK(sslsession_session_get0_psk_identity(s) == NULL);
    sslsession_session_free(s);
    free(der);
}

/* Building Appendix A's sessions with setters gives OpenSSL's exact bytes. */
static void test_build_like_openssl(void)
{
    unsigned char *det12 = vec(DET12);
    long n12 = der_len;
    unsigned char *bare = vec(BARE);
    long nbare = der_len;
    unsigned char id[32], key[48];
    sslsession_session *s = sslsession_session_new();
    int i;

    for (i = 0; i < 32; i++)
        id[i] = (unsigned char)(0xa0 + i);
    for (i = 0; i < 48; i++)
        key[i] = (unsigned char)i;
    CHECK(sslsession_session_set_protocol_version(s, 0x0303) == 1);
    CHECK(sslsession_session_set_cipher_id(s, 0x0300C02F) == 1);
    CHECK(sslsession_session_set1_id(s, id, 32) == 1);
    CHECK(sslsession_session_set1_master_key(s, key, 48) == 1);
    CHECK(sslsession_session_set1_id_context(s, (const uint8_t *)"probe", 5) == 1);
    CHECK(sslsession_session_set1_hostname(s, "example.com") == 1);
    CHECK(sslsession_session_set1_alpn_selected(s, (const uint8_t *)"h2", 2) == 1);
    CHECK(sslsession_session_set1_ticket_appdata(s, "appdata", 7) == 1);
    CHECK(sslsession_session_set_time(s, 1700000000) == 1700000000);
    CHECK(sslsession_session_set_timeout(s, 7200) == 1);
    CHECK(encodes_to(s, det12, n12));
    sslsession_session_free(s);

    s = sslsession_session_new();
    CHECK(sslsession_session_get_timeout(s) == 304);
    CHECK(sslsession_session_get_verify_result(s) == 1);
    CHECK(sslsession_session_get_cipher_id(s) == 0);
    CHECK(sslsession_session_get0_cipher_name(s) == NULL);
    CHECK(sslsession_session_set_cipher_id(s, 0x03001302) == 1);
    CHECK(sslsession_session_set_time(s, 1700000000) == 1700000000);
    CHECK(encodes_to(s, bare, nbare));
    /* ...which OpenSSL's d2i rejects (protocol version 0); so do we. */
    {
        const uint8_t *p = bare;
        CHECK(sslsession_session_d2i(NULL, &p, nbare) == NULL && p == bare);
        CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_SSL, 259));
    }
    sslsession_session_free(s);
    free(det12);
    free(bare);
}

static void test_setter_limits(void)
{
    unsigned char big[600];
    unsigned int ulen;
    const uint8_t *data;
    size_t len;
    const char *h1;
    sslsession_session *s = sslsession_session_new(), *d;

    memset(big, 7, sizeof(big));
    sslsession_err_clear();
    CHECK(sslsession_session_set1_id(s, big, 32) == 1);
    CHECK(sslsession_session_set1_id(s, big, 33) == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_TOO_LONG));
    CHECK(sslsession_session_get_id(s, &ulen) != NULL && ulen == 32);
    CHECK(sslsession_session_set1_id_context(s, big, 33) == 0);
    CHECK(sslsession_err_get() ==
          PACK(SSLSESSION_ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG));
    CHECK(sslsession_session_get0_id_context(s, &ulen) != NULL && ulen == 0);
    CHECK(sslsession_session_set1_master_key(s, big, 512) == 1);
    CHECK(sslsession_session_set1_master_key(s, big, 513) == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_FIELD_TOO_LONG));
    CHECK(sslsession_session_get_master_key(s, NULL, 0) == 512);
    CHECK(sslsession_session_set_timeout(s, -1) == 0);
    CHECK(sslsession_session_get_timeout(s) == 304);
    CHECK(sslsession_session_set_protocol_version(s, 0x10000) == 0);
    CHECK(sslsession_session_set_cipher_id(s, 0x03000005) == 0); /* RC4-SHA: not built */
    CHECK(sslsession_err_get() != 0);
    CHECK(sslsession_session_set_cipher_id(s, 0x0200C02F) == 0);
    CHECK(sslsession_session_set_compress_id(s, 256) == 0);
    CHECK(sslsession_session_set_verify_result(s, 2147483648L) == 0);
    CHECK(sslsession_session_set1_peer_certificate(s, big, 10) == 0);
    sslsession_err_clear();
    CHECK(sslsession_session_set1_peer_certificate(s, NULL, 0) == 1);
    /* ALPN: NULL or length 0 removes it, as OpenSSL. */
    CHECK(sslsession_session_set1_alpn_selected(s, big, 3) == 1);
    CHECK(sslsession_session_set1_alpn_selected(s, big, 0) == 1);
    sslsession_session_get0_alpn_selected(s, &data, &len);
    CHECK(data == NULL && len == 0);
    /* Ticket: present but empty is a ticket for i2d, not for has_ticket. */
    CHECK(sslsession_session_set1_ticket(s, big, 0) == 1);
    sslsession_session_get0_ticket(s, &data, &len);
    CHECK(data != NULL && len == 0 && sslsession_session_has_ticket(s) == 0);
    CHECK(sslsession_session_set1_ticket(s, big, 4) == 1 && sslsession_session_has_ticket(s) == 1);
    /* Host name: a returned pointer stays valid while the name is unchanged. */
    CHECK(sslsession_session_set1_hostname(s, "a.example") == 1);
    h1 = sslsession_session_get0_hostname(s);
    CHECK(sslsession_session_set_time(s, 1) == 1);
    CHECK(sslsession_session_set1_psk_identity(s, "id") == 1);
    CHECK(sslsession_session_get0_hostname(s) == h1 && strcmp(h1, "a.example") == 0);
    CHECK(sslsession_session_set1_hostname(s, NULL) == 1);
    CHECK(sslsession_session_get0_hostname(s) == NULL);
    /* dup is deep. */
    CHECK(sslsession_session_set_cipher_id(s, 0x03001301) == 1);
    d = sslsession_session_dup(s);
    CHECK(d != NULL && d != s);
    CHECK(sslsession_session_set_time(d, 99) == 99);
    CHECK(sslsession_session_get_time(s) == 1);
    CHECK(strcmp(sslsession_session_get0_psk_identity(d), "id") == 0);
    CHECK(sslsession_session_i2d(d, NULL) == sslsession_session_i2d(s, NULL));
    sslsession_session_free(d);
    sslsession_err_clear();
    sslsession_session_free(s);
}

static void *other_thread(void *arg)
{
    (void)arg;
    /* The queue is per thread: the main thread's errors are not here. */
    return (void *)(uintptr_t)(sslsession_err_peek() == 0 &&
                               sslsession_session_i2d(NULL, NULL) == 0 &&
                               sslsession_err_get() != 0 && sslsession_err_get() == 0);
}

static void test_error_queue(void)
{
    unsigned char *der = vec(DET12);
    long n = der_len;
    const uint8_t *p;
    char small[8], text[512];
    size_t need;
    uint32_t first;
    int i;
    pthread_t t;
    void *ok = NULL;

    sslsession_err_clear();
    CHECK(sslsession_err_peek() == 0 && sslsession_err_get() == 0);
    CHECK(sslsession_err_string(text, sizeof(text)) == 0);

    /* Structure version 2: SSL_R_UNKNOWN_SSL_VERSION, at offset 3. */
    der[5] = 0x02;
    p = der;
    CHECK(sslsession_session_d2i(NULL, &p, n) == NULL);
    /* Then a second error. */
    CHECK(sslsession_session_set1_id(NULL, NULL, 0) == 0);

    first = sslsession_err_peek();
    CHECK(first == PACK(SSLSESSION_ERR_LIB_SSL, SSL_R_UNKNOWN_SSL_VERSION));
    CHECK(first == 0x0A0000FE);
    need = sslsession_err_string(NULL, 0);
    CHECK(need > 1);
    memset(small, 'X', sizeof(small));
    CHECK(sslsession_err_string(small, sizeof(small)) == need);
    CHECK(small[0] == 'X'); /* too small: nothing written */
    CHECK(sslsession_err_string(text, sizeof(text)) == need);
    CHECK(strlen(text) + 1 == need);
    CHECK_MSG(strstr(text, "error:0A0000FE:") == text, "%s", text);
    CHECK_MSG(strstr(text, "version") != NULL && strstr(text, "offset 3") != NULL, "%s", text);
    CHECK(sslsession_err_get() == first);
    CHECK(sslsession_err_lib(sslsession_err_peek()) == SSLSESSION_ERR_LIB_SSL);
    CHECK(sslsession_err_reason(sslsession_err_get()) == ERR_R_PASSED_NULL_PARAMETER);
    CHECK(sslsession_err_get() == 0);

    /* Bounded like OpenSSL's (16): the oldest entries are dropped. */
    for (i = 0; i < 20; i++)
        CHECK(sslsession_session_get_time(NULL) == 0);
    for (i = 0; i < 16; i++)
        CHECK(sslsession_err_get() != 0);
    CHECK(sslsession_err_get() == 0);

    /* Per thread. */
    CHECK(sslsession_session_i2d(NULL, NULL) == 0);
    CHECK(pthread_create(&t, NULL, other_thread, NULL) == 0);
    CHECK(pthread_join(t, &ok) == 0);
    CHECK(ok == (void *)1);
    CHECK(sslsession_err_get() != 0 && sslsession_err_get() == 0);
    free(der);
}

/* Which OpenSSL version the library follows: the process-wide default (the
 * environment variable SSLSESSION_OPENSSL_VERSION, read once at first use,
 * else 3.5; then sslsession_set_openssl_version), the version each session
 * remembers, and what changes with it. Values that differ by version are
 * the real builds' (1.1.1w, 3.0.19, 3.5.5, 4.0.3: their ssl/ssl_sess.c,
 * ssl/s3_lib.c cipher tables and probes of their getters). */
static void test_openssl_versions(void)
{
    const char *env = getenv("SSLSESSION_OPENSSL_VERSION");
    const char *want = "3.5";
    const unsigned char *p;
    unsigned char *der = vec(DET12);
    long len = der_len;
    unsigned char key[257];
    sslsession_session *v30, *v35, *v111, *dup, *s;

    if (env != NULL && (strcmp(env, "1.1.1") == 0 || strcmp(env, "3.0") == 0 ||
                        strcmp(env, "3.6") == 0 || strcmp(env, "4.0") == 0))
        want = env;
    /* The environment's choice (or 3.5 when it names no version). */
    CHECK_MSG(strcmp(sslsession_get_openssl_version(), want) == 0, "default %s, want %s",
              sslsession_get_openssl_version(), want);

    /* Unknown names and NULL are refused and change nothing. */
    sslsession_err_clear();
    CHECK(sslsession_set_openssl_version("3.1") == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_OPENSSL_VERSION));
    CHECK(sslsession_set_openssl_version(NULL) == 0);
    CHECK(sslsession_err_reason(sslsession_err_get()) == ERR_R_PASSED_NULL_PARAMETER);
    CHECK(strcmp(sslsession_get_openssl_version(), want) == 0);
    CHECK(sslsession_session_get_openssl_version(NULL) == NULL);
    sslsession_err_clear();

    /* Each session keeps the version it was read or made with. */
    CHECK(sslsession_set_openssl_version("3.0.19") == 1);
    CHECK(strcmp(sslsession_get_openssl_version(), "3.0") == 0);
    p = der;
    v30 = sslsession_session_d2i(NULL, &p, len);
    CHECK(v30 != NULL && strcmp(sslsession_session_get_openssl_version(v30), "3.0") == 0);
    CHECK(sslsession_set_openssl_version("3.5") == 1);
    p = der;
    v35 = sslsession_session_d2i(NULL, &p, len);
    CHECK(v35 != NULL && strcmp(sslsession_session_get_openssl_version(v35), "3.5") == 0);
    CHECK(strcmp(sslsession_session_get_openssl_version(v30), "3.0") == 0);
    dup = sslsession_session_dup(v30);
    CHECK(dup != NULL && strcmp(sslsession_session_get_openssl_version(dup), "3.0") == 0);
    CHECK(sslsession_set_openssl_version("1.1.1w") == 1);
    v111 = sslsession_session_new();
    CHECK(v111 != NULL && strcmp(sslsession_session_get_openssl_version(v111), "1.1.1") == 0);

    /* A negative time: 3.0 keeps a time_t, 3.2+ an OSSL_TIME,
       (uint64_t)-5 * 10^9 / 10^9 = 18446744068. */
    CHECK(sslsession_session_set_time(v30, -5) == -5);
    CHECK(sslsession_session_get_time(v30) == -5);
    CHECK(sslsession_session_set_time(v35, -5) == -5);
    CHECK(sslsession_session_get_time(v35) == INT64_C(18446744068));
    /* Moving the 3.0 session to 3.5: what 3.5 reads from what 3.0 writes. */
    CHECK(sslsession_session_set_openssl_version(dup, "4.0") == 1);
    CHECK(strcmp(sslsession_session_get_openssl_version(dup), "4.0") == 0);
    CHECK(sslsession_session_set_time(dup, 1700000000) == 1700000000);
    CHECK(sslsession_session_set_openssl_version(v30, "3.5") == 1);
    CHECK(sslsession_session_get_time(v30) == INT64_C(18446744068));
    CHECK(sslsession_session_set_openssl_version(v30, "2.0") == 0);
    sslsession_err_clear();

    /* SSL_SESSION_set_timeout: 1.1.1 stores a negative timeout, 3.0+ refuse it. */
    CHECK(sslsession_session_set_timeout(v111, -1) == 1);
    CHECK(sslsession_session_get_timeout(v111) == -1);
    CHECK(sslsession_session_set_timeout(v35, -1) == 0);
    sslsession_err_clear();

    /* The master key: 256 bytes in 1.1.1 (TLS13_MAX_RESUMPTION_PSK_LENGTH), 512 after. */
    memset(key, 7, sizeof(key));
    CHECK(sslsession_session_set1_master_key(v111, key, 257) == 0);
    CHECK(sslsession_session_set1_master_key(v111, key, 256) == 1);
    CHECK(sslsession_session_set1_master_key(v35, key, 257) == 1);
    sslsession_err_clear();

    /* Cipher tables: the GOST 2012 suite 0xC100 arrived in 3.0, the TLS 1.3
       SM4 suite 0x00C6 in 4.0; 1.1.1 has no max fragment length
       "unspecified" (its SSL_SESSION_new leaves 0). */
    CHECK(sslsession_session_set_cipher_id(v111, 0x0300C100) == 0);
    CHECK(sslsession_session_set_cipher_id(v35, 0x0300C100) == 1);
    CHECK(sslsession_session_set_cipher_id(v35, 0x030000C6) == 0);
    CHECK(sslsession_session_set_cipher_id(dup, 0x030000C6) == 1);
    CHECK(sslsession_session_get_max_fragment_length(v111) == 0);
    sslsession_err_clear();

    /* 1.1.1 writes no [19] (its template ends at [18]). */
    CHECK(sslsession_session_set_cipher_id(v111, 0x03001301) == 1);
    CHECK(sslsession_session_set_protocol_version(v111, 0x0304) == 1);
    {
        uint8_t *out = NULL;
        int n = sslsession_session_i2d(v111, &out);
        CHECK(n > 5 && memcmp(out + n - 5, "\xb3\x03\x02\x01\x00", 5) != 0);
        sslsession_der_free(out, n > 0 ? (size_t)n : 0);
        s = sslsession_session_new();
        CHECK(s != NULL && strcmp(sslsession_session_get_openssl_version(s), "1.1.1") == 0);
        sslsession_session_free(s);
    }

    sslsession_session_free(v30);
    sslsession_session_free(v35);
    sslsession_session_free(v111);
    sslsession_session_free(dup);
    free(der);
    /* Back to what the rest of the suite expects. */
    CHECK(sslsession_set_openssl_version(want) == 1);
}

/* `contract versions` runs only test_openssl_versions: the others read
   OpenSSL 3 sessions, which the default version the environment may have
   chosen (1.1.1) refuses. */
int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "versions") == 0) {
        test_openssl_versions();
        return check_finish("contract versions");
    }
    test_version();
    test_null_arguments();
    test_length_not_positive();
    test_d2i_and_trailing_bytes();
    test_i2d_modes();
    test_invalid_session_i2d();
    test_reuse();
    test_refcount();
    test_getters();
    test_build_like_openssl();
    test_setter_limits();
    test_error_queue();
    test_openssl_versions();
    return check_finish("contract");
}
