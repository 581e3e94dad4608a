/*
 * Every field by index (sslsession_field_*, sslsession_session_*_field_*).
 *
 * For every session of the corpus files named in the list file argv[1]
 * (those d2i accepts), walks every field by index and requires the value to
 * be what the field's typed accessor returns (the typed accessors are
 * compared with libssl's getters by differential.c); then writes every
 * optional field back by index into a copy from which it was cleared, and
 * requires the copy to re-encode to the same bytes. Then the error cases:
 * bad index, wrong kind, mandatory fields, out of range, too long, NULL
 * pointers — with outputs untouched and the session unchanged.
 *
 * The walk is by index: a field added to the schema later is walked, and
 * round-tripped, without a change here; only its typed comparison needs a
 * line in TYPED below (a field without one is reported, not failed).
 */
#include <stdint.h>
#include <sslsession/sslsession.h>

#include "check.h"

#define PACK(lib, reason) (((uint32_t)(lib) << 23) | (uint32_t)(reason))
#define SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG 273
#define ERR_R_PASSED_NULL_PARAMETER 258

/* ERR_R_PASSED_NULL_PARAMETER in libssl's library (with OpenSSL 3's flags). */
static int is_null_param(uint32_t code)
{
    return sslsession_err_lib(code) == SSLSESSION_ERR_LIB_SSL &&
           sslsession_err_reason(code) == ERR_R_PASSED_NULL_PARAMETER;
}

static long sessions, values_compared, fields_round_tripped;

/* A field's value read by index. */
struct value {
    int present;
    int kind;
    int64_t i;
    uint64_t u;
    const uint8_t *p;
    size_t n;
};

static struct value get_value(const sslsession_session *s, size_t idx)
{
    struct value v;
    memset(&v, 0, sizeof(v));
    v.kind = sslsession_field_kind(idx);
    switch (v.kind) {
    case SSLSESSION_FIELD_INT:
        v.present = sslsession_session_get_field_int(s, idx, &v.i);
        break;
    case SSLSESSION_FIELD_UINT:
        v.present = sslsession_session_get_field_uint(s, idx, &v.u);
        break;
    case SSLSESSION_FIELD_BYTES:
        v.present = sslsession_session_get0_field_bytes(s, idx, &v.p, &v.n);
        break;
    default:
        CHECK_MSG(0, "field %zu: kind %d", idx, v.kind);
    }
    return v;
}

/* Absent integers read as 0 through the typed getters, as OpenSSL's. */
static int int_is(struct value v, int64_t typed)
{
    return v.kind == SSLSESSION_FIELD_INT && (v.present ? v.i : 0) == typed;
}

static int uint_is(struct value v, uint64_t typed)
{
    return v.kind == SSLSESSION_FIELD_UINT && (v.present ? v.u : 0) == typed;
}

/* Absent bytes are NULL through the typed getters. */
static int bytes_are(struct value v, const uint8_t *p, size_t n)
{
    if (v.kind != SSLSESSION_FIELD_BYTES)
        return 0;
    if (!v.present)
        return p == NULL;
    return p != NULL && v.p != NULL && v.n == n && (n == 0 || memcmp(v.p, p, n) == 0);
}

/* A string field through its NUL-terminated typed getter. */
static int string_is(struct value v, const char *typed)
{
    return bytes_are(v, (const uint8_t *)typed, typed == NULL ? 0 : strlen(typed));
}

typedef int (*compare_fn)(const sslsession_session *s, struct value v);

static int cmp_key_arg(const sslsession_session *s, struct value v)
{
    /* OpenSSL 1.1.0+ reads [0] and drops it: never held. */
    (void)s;
    return v.kind == SSLSESSION_FIELD_BYTES && !v.present;
}
static int cmp_time(const sslsession_session *s, struct value v)
{
    return int_is(v, sslsession_session_get_time(s));
}
static int cmp_timeout(const sslsession_session *s, struct value v)
{
    return int_is(v, sslsession_session_get_timeout(s));
}
static int cmp_peer_certificate(const sslsession_session *s, struct value v)
{
    size_t n = 0;
    const uint8_t *p = sslsession_session_get0_peer_certificate(s, &n);
    return bytes_are(v, p, n);
}
static int cmp_sid_ctx(const sslsession_session *s, struct value v)
{
    unsigned int n = 0;
    const uint8_t *p = sslsession_session_get0_id_context(s, &n);
    /* The typed getter reads an absent context as empty, as OpenSSL's. */
    return v.present ? bytes_are(v, p, n) : n == 0;
}
static int cmp_verify_result(const sslsession_session *s, struct value v)
{
    return int_is(v, (int64_t)sslsession_session_get_verify_result(s));
}
static int cmp_hostname(const sslsession_session *s, struct value v)
{
    return string_is(v, sslsession_session_get0_hostname(s));
}
static int cmp_psk_identity_hint(const sslsession_session *s, struct value v)
{
    return string_is(v, sslsession_session_get0_psk_identity_hint(s));
}
static int cmp_psk_identity(const sslsession_session *s, struct value v)
{
    return string_is(v, sslsession_session_get0_psk_identity(s));
}
static int cmp_ticket_lifetime_hint(const sslsession_session *s, struct value v)
{
    return uint_is(v, sslsession_session_get_ticket_lifetime_hint(s));
}
static int cmp_ticket(const sslsession_session *s, struct value v)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    sslsession_session_get0_ticket(s, &p, &n);
    return bytes_are(v, p, n) && sslsession_session_has_ticket(s) == (v.present && v.n > 0);
}
static int cmp_compression_id(const sslsession_session *s, struct value v)
{
    return uint_is(v, sslsession_session_get_compress_id(s));
}
static int cmp_srp_username(const sslsession_session *s, struct value v)
{
    return string_is(v, sslsession_session_get0_srp_username(s));
}
static int cmp_flags(const sslsession_session *s, struct value v)
{
    return uint_is(v, sslsession_session_get_flags(s));
}
static int cmp_ticket_age_add(const sslsession_session *s, struct value v)
{
    return uint_is(v, sslsession_session_get_ticket_age_add(s));
}
static int cmp_max_early_data(const sslsession_session *s, struct value v)
{
    return uint_is(v, sslsession_session_get_max_early_data(s));
}
static int cmp_alpn_selected(const sslsession_session *s, struct value v)
{
    const uint8_t *p = NULL;
    size_t n = 0;
    sslsession_session_get0_alpn_selected(s, &p, &n);
    return bytes_are(v, p, n);
}
static int cmp_max_fragment_len_mode(const sslsession_session *s, struct value v)
{
    /* SSL_SESSION_get_max_fragment_length reads the stored 255
       (TLSEXT_max_fragment_length_UNSPECIFIED) as 0. */
    uint64_t stored = v.present ? v.u : 0;
    return v.kind == SSLSESSION_FIELD_UINT &&
           (stored == 255 ? 0 : stored) == sslsession_session_get_max_fragment_length(s);
}
static int cmp_ticket_appdata(const sslsession_session *s, struct value v)
{
    const void *p = NULL;
    size_t n = 0;
    return sslsession_session_get0_ticket_appdata(s, &p, &n) == 1 && bytes_are(v, p, n);
}
static int cmp_kex_group(const sslsession_session *s, struct value v)
{
    return uint_is(v, sslsession_session_get_kex_group(s));
}
static int cmp_peer_rpk(const sslsession_session *s, struct value v)
{
    size_t n = 0;
    const uint8_t *p = sslsession_session_get0_peer_rpk(s, &n);
    return bytes_are(v, p, n);
}

/* The other libraries' own fields: their typed getters say whether the
   session holds the field, as the getters by index do. */
#define CMP_BYTES(name)                                                      \
    static int cmp_##name(const sslsession_session *s, struct value v)       \
    {                                                                        \
        size_t n = 0;                                                        \
        const uint8_t *p = sslsession_session_get0_##name(s, &n);            \
        return bytes_are(v, p, n);                                           \
    }
#define CMP_OPTIONAL(name, type)                                             \
    static int cmp_##name(const sslsession_session *s, struct value v)       \
    {                                                                        \
        type x = 0;                                                          \
        int present = sslsession_session_get_##name(s, &x);                  \
        return v.kind == SSLSESSION_FIELD_UINT && present == v.present &&    \
               (!present || v.u == (uint64_t)x);                             \
    }
CMP_BYTES(peer_sha256)
CMP_BYTES(original_handshake_hash)
CMP_BYTES(signed_cert_timestamp_list)
CMP_BYTES(ocsp_response)
CMP_OPTIONAL(extended_master_secret, int)
CMP_BYTES(cert_chain)
CMP_OPTIONAL(is_server, int)
CMP_OPTIONAL(peer_signature_algorithm, uint16_t)
CMP_OPTIONAL(auth_timeout, uint32_t)
CMP_OPTIONAL(is_quic, int)
CMP_BYTES(quic_early_data_context)
CMP_BYTES(local_alps)
CMP_BYTES(peer_alps)
CMP_OPTIONAL(resumable_across_names, int)
CMP_OPTIONAL(peer_cert_type, uint8_t)

/* Each optional field's typed accessor, by name. */
static const struct {
    const char *name;
    compare_fn cmp;
} TYPED[] = {
    {"key_arg", cmp_key_arg},
    {"time", cmp_time},
    {"timeout", cmp_timeout},
    {"peer_certificate", cmp_peer_certificate},
    {"sid_ctx", cmp_sid_ctx},
    {"verify_result", cmp_verify_result},
    {"hostname", cmp_hostname},
    {"psk_identity_hint", cmp_psk_identity_hint},
    {"psk_identity", cmp_psk_identity},
    {"ticket_lifetime_hint", cmp_ticket_lifetime_hint},
    {"ticket", cmp_ticket},
    {"compression_id", cmp_compression_id},
    {"srp_username", cmp_srp_username},
    {"flags", cmp_flags},
    {"ticket_age_add", cmp_ticket_age_add},
    {"max_early_data", cmp_max_early_data},
    {"alpn_selected", cmp_alpn_selected},
    {"max_fragment_len_mode", cmp_max_fragment_len_mode},
    {"ticket_appdata", cmp_ticket_appdata},
    {"kex_group", cmp_kex_group},
    {"peer_rpk", cmp_peer_rpk},
    {"peer_sha256", cmp_peer_sha256},
    {"original_handshake_hash", cmp_original_handshake_hash},
    {"signed_cert_timestamp_list", cmp_signed_cert_timestamp_list},
    {"ocsp_response", cmp_ocsp_response},
    {"extended_master_secret", cmp_extended_master_secret},
    {"cert_chain", cmp_cert_chain},
    {"is_server", cmp_is_server},
    {"peer_signature_algorithm", cmp_peer_signature_algorithm},
    {"auth_timeout", cmp_auth_timeout},
    {"is_quic", cmp_is_quic},
    {"quic_early_data_context", cmp_quic_early_data_context},
    {"local_alps", cmp_local_alps},
    {"peer_alps", cmp_peer_alps},
    {"resumable_across_names", cmp_resumable_across_names},
    {"peer_cert_type", cmp_peer_cert_type},
};
#define N_TYPED (sizeof(TYPED) / sizeof(TYPED[0]))

static compare_fn typed_compare(const char *name)
{
    size_t i;
    for (i = 0; i < N_TYPED; i++)
        if (strcmp(TYPED[i].name, name) == 0)
            return TYPED[i].cmp;
    return NULL;
}

static int encodes_same(const sslsession_session *a, const sslsession_session *b)
{
    uint8_t *ea = NULL, *eb = NULL;
    int na = sslsession_session_i2d(a, &ea);
    int nb = sslsession_session_i2d(b, &eb);
    int same = na > 0 && na == nb && memcmp(ea, eb, (size_t)na) == 0;
    sslsession_der_free(ea, na > 0 ? (size_t)na : 0);
    sslsession_der_free(eb, nb > 0 ? (size_t)nb : 0);
    return same;
}

/* Writes v into field idx of s, by index. */
static int put_value(sslsession_session *s, size_t idx, struct value v)
{
    switch (v.kind) {
    case SSLSESSION_FIELD_INT:
        return sslsession_session_set_field_int(s, idx, v.i);
    case SSLSESSION_FIELD_UINT:
        return sslsession_session_set_field_uint(s, idx, v.u);
    default:
        return sslsession_session_set1_field_bytes(s, idx, v.p, v.n);
    }
}

static void walk(const char *file, const sslsession_session *s)
{
    size_t count = sslsession_field_count(), idx;
    sslsession_session *copy = sslsession_session_dup(s);

    sessions++;
    for (idx = 0; idx < count; idx++) {
        const char *name = sslsession_field_name(idx);
        compare_fn cmp;
        struct value v, back;

        if (sslsession_field_tag_in(idx, "openssl") == -1)
            continue; /* mandatory: typed accessors only (test_errors) */
        v = get_value(s, idx);
        cmp = typed_compare(name);
        if (cmp != NULL) {
            values_compared++;
            CHECK_MSG(cmp(s, v), "%s: field %zu (%s) differs from its typed accessor", file, idx,
                      name);
        }
        /* Clear it in the copy, then write it back by index. */
        CHECK(sslsession_session_clear_field(copy, idx) == 1);
        back = get_value(copy, idx);
        CHECK_MSG(!back.present, "%s: %s still present after clear", file, name);
        if (v.present) {
            CHECK_MSG(put_value(copy, idx, v) == 1, "%s: %s not accepted back", file, name);
            back = get_value(copy, idx);
            CHECK_MSG(back.present && back.i == v.i && back.u == v.u && back.n == v.n &&
                          (v.n == 0 || memcmp(back.p, v.p, v.n) == 0),
                      "%s: %s reads back differently", file, name);
        }
        fields_round_tripped++;
    }
    /* Every field was cleared and written back: the same session. */
    CHECK_MSG(encodes_same(s, copy), "%s: not the same after the round trip by index", file);
    CHECK_MSG(sslsession_err_peek() == 0, "%s: error queued: %08X", file, sslsession_err_peek());
    sslsession_err_clear();
    sslsession_session_free(copy);
}

/* The schema as C sees it. */
static void test_schema(void)
{
    size_t count = sslsession_field_count(), idx, i;
    int first_optional = -1, others = 0;

    CHECK(count >= 26); /* 5 mandatory + [0]..[20] */
    for (idx = 0; idx < count; idx++) {
        const char *name = sslsession_field_name(idx);
        int tag = sslsession_field_tag(idx);
        int kind = sslsession_field_kind(idx);
        CHECK_MSG(name != NULL && name[0] != '\0', "field %zu", idx);
        if (name == NULL)
            continue;
        CHECK_MSG(sslsession_field_by_name(name) == (int)idx, "%s", name);
        CHECK(kind == SSLSESSION_FIELD_BYTES || kind == SSLSESSION_FIELD_INT ||
              kind == SSLSESSION_FIELD_UINT);
        if (tag >= 0 && first_optional < 0)
            first_optional = (int)idx;
        if (sslsession_field_tag_in(idx, "openssl") == -2) {
            /* Last, the fields only the other libraries store, by
               BoringSSL's tag ([13] peerSHA256 onwards). */
            others++;
            CHECK_MSG(tag == -1 && sslsession_field_tag_in(idx, "boringssl") >= 13, "%s: tag %d",
                      name, tag);
            continue;
        }
        /* Mandatory first, then OpenSSL's optional fields by tag. */
        CHECK_MSG(others == 0, "%s after the other libraries' fields", name);
        CHECK_MSG(tag == (first_optional < 0 ? -1 : (int)idx - first_optional), "%s: tag %d",
                  name, tag);
        CHECK_MSG(tag == sslsession_field_tag_in(idx, "openssl"), "%s: tag %d", name, tag);
    }
    CHECK(first_optional == 5);
    CHECK(others > 0);
    /* Where each library keeps a field: OpenSSL's [13] is flags, BoringSSL's
       [13] peerSHA256 (ssl/ssl_asn1.cc); LibreSSL keeps neither. */
    CHECK(sslsession_field_tag_in((size_t)sslsession_field_by_name("flags"), "openssl") == 13);
    CHECK(sslsession_field_tag_in((size_t)sslsession_field_by_name("flags"), "boringssl") == -2);
    CHECK(sslsession_field_tag_in((size_t)sslsession_field_by_name("peer_sha256"), "aws-lc") == 13);
    CHECK(sslsession_field_tag_in((size_t)sslsession_field_by_name("peer_sha256"), "libressl") == -2);
    CHECK(sslsession_field_tag_in((size_t)sslsession_field_by_name("ticket"), "libressl") == 10);
    CHECK(sslsession_field_tag_in(0, "boringssl") == -1);
    CHECK(sslsession_err_peek() == 0);
    CHECK(sslsession_field_tag_in(0, "wolfssl") == -1);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_DIALECT));
    CHECK(sslsession_field_tag_in(0, NULL) == -1);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_field_tag_in(count, "openssl") == -1);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    /* The wire order of OpenSSL's SSL_SESSION_ASN1 (ssl/ssl_asn1.c). */
    CHECK(strcmp(sslsession_field_name(0), "version") == 0);
    CHECK(strcmp(sslsession_field_name(4), "master_key") == 0);
    CHECK(sslsession_field_tag((size_t)sslsession_field_by_name("hostname")) == 6);
    CHECK(sslsession_field_tag((size_t)sslsession_field_by_name("kex_group")) == 19);
    CHECK(sslsession_field_kind((size_t)sslsession_field_by_name("time")) == SSLSESSION_FIELD_INT);
    CHECK(sslsession_field_kind((size_t)sslsession_field_by_name("flags")) == SSLSESSION_FIELD_UINT);
    CHECK(sslsession_field_kind((size_t)sslsession_field_by_name("ticket")) == SSLSESSION_FIELD_BYTES);
    CHECK(sslsession_field_is_secret((size_t)sslsession_field_by_name("master_key")) == 1);
    CHECK(sslsession_field_is_secret((size_t)sslsession_field_by_name("ticket")) == 1);
    CHECK(sslsession_field_is_secret((size_t)sslsession_field_by_name("hostname")) == 0);
    /* Every typed comparison names a field of the schema. */
    for (i = 0; i < N_TYPED; i++)
        CHECK_MSG(sslsession_field_by_name(TYPED[i].name) >= 5, "%s", TYPED[i].name);
    CHECK(sslsession_err_peek() == 0);

    /* Unknown names: -1, nothing queued; NULL: -1, queued. */
    CHECK(sslsession_field_by_name("no_such_field") == -1);
    CHECK(sslsession_field_by_name("") == -1);
    CHECK(sslsession_field_by_name("tlsext_hostname") == -1);
    CHECK(sslsession_err_peek() == 0);
    CHECK(sslsession_field_by_name(NULL) == -1);
    CHECK(is_null_param(sslsession_err_get()));

    /* An index past the end. */
    CHECK(sslsession_field_name(count) == NULL);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    CHECK(sslsession_field_tag(count) == -1);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    CHECK(sslsession_field_kind((size_t)-1) == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    CHECK(sslsession_field_is_secret(count) == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    CHECK(sslsession_err_peek() == 0);
}

static size_t field(const char *name)
{
    int i = sslsession_field_by_name(name);
    CHECK_MSG(i >= 0, "%s", name);
    return i < 0 ? 0 : (size_t)i;
}

#define WRONG_KIND PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_WRONG_FIELD_KIND)
#define OUT_OF_RANGE PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_VALUE_OUT_OF_RANGE)

static void test_errors(void)
{
    sslsession_session *s = sslsession_session_new();
    size_t count = sslsession_field_count();
    size_t time = field("time"), flags = field("flags"), host = field("hostname");
    size_t ctx = field("sid_ctx"), comp = field("compression_id"), vr = field("verify_result");
    size_t mfl = field("max_fragment_len_mode"), cert = field("peer_certificate");
    int64_t i = 77;
    uint64_t u = 77;
    const uint8_t *p = (const uint8_t *)"x";
    size_t n = 77;
    unsigned char big[40];
    uint8_t *before = NULL;
    int before_len, k;

    memset(big, 'a', sizeof(big));
    CHECK(sslsession_session_set_cipher_id(s, 0x03001301) == 1);
    before_len = sslsession_session_i2d(s, &before);
    sslsession_err_clear();

    /* Bad index: 0, error queued, outputs untouched. */
    CHECK(sslsession_session_get_field_int(s, count, &i) == 0 && i == 77);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    CHECK(sslsession_session_get0_field_bytes(s, (size_t)-1, &p, &n) == 0 && n == 77);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    CHECK(sslsession_session_set_field_uint(s, count, 1) == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));
    CHECK(sslsession_session_clear_field(s, count) == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_FIELD));

    /* Wrong kind. */
    CHECK(sslsession_session_get_field_uint(s, time, &u) == 0 && u == 77);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_get_field_int(s, flags, &i) == 0 && i == 77);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_get_field_int(s, host, &i) == 0 && i == 77);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_get0_field_bytes(s, time, &p, &n) == 0 && n == 77);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_set_field_int(s, flags, 1) == 0);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_set_field_uint(s, time, 1) == 0);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_set1_field_bytes(s, time, big, 1) == 0);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_set_field_uint(s, host, 1) == 0);
    CHECK(sslsession_err_get() == WRONG_KIND);

    /* Mandatory fields: their typed accessors only. */
    for (k = 0; k < 5; k++) {
        CHECK(sslsession_session_get_field_int(s, (size_t)k, &i) == 0 && i == 77);
        CHECK(sslsession_err_get() == WRONG_KIND);
        CHECK(sslsession_session_get_field_uint(s, (size_t)k, &u) == 0 && u == 77);
        CHECK(sslsession_err_get() == WRONG_KIND);
        CHECK(sslsession_session_get0_field_bytes(s, (size_t)k, &p, &n) == 0 && n == 77);
        CHECK(sslsession_err_get() == WRONG_KIND);
        CHECK(sslsession_session_clear_field(s, (size_t)k) == 0);
        CHECK(sslsession_err_get() == WRONG_KIND);
    }
    CHECK(sslsession_session_set1_field_bytes(s, field("session_id"), big, 1) == 0);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_set_field_uint(s, field("cipher"), 0x1302) == 0);
    CHECK(sslsession_err_get() == WRONG_KIND);
    /* key_arg: OpenSSL reads it and drops it, so it cannot be set. */
    CHECK(sslsession_session_set1_field_bytes(s, field("key_arg"), big, 8) == 0);
    CHECK(sslsession_err_get() == WRONG_KIND);
    CHECK(sslsession_session_clear_field(s, field("key_arg")) == 1);

    /* Out of range, as the typed setters (which take the narrower C type). */
    CHECK(sslsession_session_set_field_uint(s, comp, 256) == 0);
    CHECK(sslsession_err_get() == OUT_OF_RANGE);
    CHECK(sslsession_session_set_compress_id(s, 256) == 0);
    CHECK(sslsession_err_get() == OUT_OF_RANGE);
    CHECK(sslsession_session_set_field_int(s, vr, (int64_t)INT32_MAX + 1) == 0);
    CHECK(sslsession_err_get() == OUT_OF_RANGE);
    CHECK(sslsession_session_set_field_int(s, vr, (int64_t)INT32_MIN - 1) == 0);
    CHECK(sslsession_err_get() == OUT_OF_RANGE);
    /* OpenSSL keeps 32 bits of the flags and 8 of the fragment length mode. */
    CHECK(sslsession_session_set_field_uint(s, flags, (uint64_t)UINT32_MAX + 1) == 0);
    CHECK(sslsession_err_get() == OUT_OF_RANGE);
    CHECK(sslsession_session_set_field_uint(s, mfl, 256) == 0);
    CHECK(sslsession_err_get() == OUT_OF_RANGE);
    CHECK(sslsession_session_set_field_uint(s, field("kex_group"), (uint64_t)UINT32_MAX + 1) == 0);
    CHECK(sslsession_err_get() == OUT_OF_RANGE);

    /* Too long: the code OpenSSL's SSL_SESSION_set1_id_context queues. */
    CHECK(sslsession_session_set1_field_bytes(s, ctx, big, 33) == 0);
    CHECK(sslsession_err_get() == PACK(SSLSESSION_ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG));
    /* Not a certificate: what d2i_X509 would reject on reading it back. */
    CHECK(sslsession_session_set1_field_bytes(s, cert, big, 10) == 0);
    CHECK(sslsession_err_get() != 0);

    /* NULL pointers. */
    CHECK(sslsession_session_get_field_int(NULL, time, &i) == 0 && i == 77);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_get_field_int(s, time, NULL) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_get_field_uint(s, flags, NULL) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_get0_field_bytes(s, ctx, NULL, &n) == 0 && n == 77);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_get0_field_bytes(s, ctx, &p, NULL) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_set_field_int(NULL, time, 1) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_set_field_uint(NULL, flags, 1) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_set1_field_bytes(NULL, host, big, 1) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_set1_field_bytes(s, host, NULL, 1) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_session_clear_field(NULL, host) == 0);
    CHECK(is_null_param(sslsession_err_get()));
    CHECK(sslsession_err_peek() == 0);

    /* Nothing above changed the session. */
    {
        uint8_t *after = NULL;
        int after_len = sslsession_session_i2d(s, &after);
        CHECK(before_len > 0 && after_len == before_len &&
              memcmp(before, after, (size_t)before_len) == 0);
        sslsession_der_free(after, after_len > 0 ? (size_t)after_len : 0);
    }

    /* The edges that are accepted. */
    CHECK(sslsession_session_set_field_uint(s, comp, 255) == 1);
    CHECK(sslsession_session_get_compress_id(s) == 255);
    CHECK(sslsession_session_set_field_int(s, vr, INT32_MIN) == 1);
    CHECK(sslsession_session_get_verify_result(s) == INT32_MIN);
    CHECK(sslsession_session_set_field_uint(s, flags, UINT32_MAX) == 1);
    CHECK(sslsession_session_get_flags(s) == UINT32_MAX);
    CHECK(sslsession_session_set_field_uint(s, mfl, 4) == 1);
    CHECK(sslsession_session_get_max_fragment_length(s) == 4);
    CHECK(sslsession_session_set_field_int(s, time, INT64_MIN) == 1);
    {
        /* Held as the session's OpenSSL version holds it: a time_t up to 3.0;
           from 3.2 an OSSL_TIME, (uint64_t)t * 10^9, which wraps INT64_MIN
           to 0 (what OpenSSL 3.5.5, 3.6.3 and 4.0.3 report for it). */
        const char *v = sslsession_session_get_openssl_version(s);
        int time_t_held = strcmp(v, "1.1.1") == 0 || strcmp(v, "3.0") == 0;
        CHECK(sslsession_session_get_time(s) == (time_t_held ? INT64_MIN : 0));
    }
    CHECK(sslsession_session_set_field_uint(s, field("ticket_lifetime_hint"), UINT64_MAX) == 1);
    CHECK(sslsession_session_get_ticket_lifetime_hint(s) == UINT64_MAX);
    CHECK(sslsession_session_set1_field_bytes(s, ctx, big, 32) == 1);
    {
        unsigned int len = 0;
        const uint8_t *c = sslsession_session_get0_id_context(s, &len);
        CHECK(len == 32 && memcmp(c, big, 32) == 0);
    }
    /* A string field keeps what precedes the first NUL, as OpenSSL's strndup. */
    CHECK(sslsession_session_set1_field_bytes(s, host, (const uint8_t *)"ab\0cd", 5) == 1);
    CHECK(strcmp(sslsession_session_get0_hostname(s), "ab") == 0);
    CHECK(sslsession_session_get0_field_bytes(s, host, &p, &n) == 1 && n == 2 &&
          memcmp(p, "ab", 2) == 0);
    /* Present but empty: a non-NULL pointer, length 0; NULL data is fine then. */
    CHECK(sslsession_session_set1_field_bytes(s, field("ticket"), NULL, 0) == 1);
    p = NULL;
    CHECK(sslsession_session_get0_field_bytes(s, field("ticket"), &p, &n) == 1 && p != NULL && n == 0);
    CHECK(sslsession_session_has_ticket(s) == 0);
    /* Cleared: absent, outputs untouched, nothing queued. */
    CHECK(sslsession_session_clear_field(s, field("ticket")) == 1);
    n = 77;
    CHECK(sslsession_session_get0_field_bytes(s, field("ticket"), &p, &n) == 0 && n == 77);
    CHECK(sslsession_session_clear_field(s, time) == 1);
    i = 77;
    CHECK(sslsession_session_get_field_int(s, time, &i) == 0 && i == 77);
    CHECK(sslsession_err_peek() == 0);

    sslsession_der_free(before, before_len > 0 ? (size_t)before_len : 0);
    sslsession_session_free(s);
}

/* Walks the session in one corpus file, if d2i accepts it. */
static void walk_file(const char *file, const unsigned char *buf, long len)
{
    const uint8_t *p = buf;
    sslsession_session *s = sslsession_session_d2i(NULL, &p, len);
    if (s != NULL)
        walk(file, s);
    sslsession_session_free(s);
    sslsession_err_clear();
}

int main(int argc, char **argv)
{
    size_t idx, untyped = 0;

    test_schema();
    test_errors();
    long openssl_sessions;

    if (argc != 3 || !for_each_listed_file(argv[1], walk_file)) {
        fprintf(stderr, "usage: fields LIST BORINGSSL_LIST\n");
        return 2;
    }
    /* BoringSSL's sessions (its good ssl_test.cc vectors), in its dialect:
       the other libraries' fields hold values there. */
    openssl_sessions = sessions;
    CHECK(sslsession_set_dialect("boringssl") == 1);
    CHECK(for_each_listed_file(argv[2], walk_file));
    CHECK_MSG(sessions - openssl_sessions == 3, "%ld BoringSSL sessions walked",
              sessions - openssl_sessions);
    CHECK(sslsession_set_dialect("openssl") == 1);
    for (idx = 0; idx < sslsession_field_count(); idx++)
        if (sslsession_field_tag_in(idx, "openssl") != -1 &&
            typed_compare(sslsession_field_name(idx)) == NULL) {
            printf("fields: %s has no typed accessor to compare with\n", sslsession_field_name(idx));
            untyped++;
        }
    printf("fields: %ld sessions walked (%ld values compared with typed accessors, %ld fields "
           "round-tripped by index, %zu fields without a typed accessor)\n",
           sessions, values_compared, fields_round_tripped, untyped);
    return check_finish("fields");
}
