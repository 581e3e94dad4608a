/*
 * The `openssl-names` build, through OpenSSL's names only: every function
 * <sslsession/openssl_compat.h> declares is called here, so linking proves
 * the library exports them all.
 */
#include <sslsession/openssl_compat.h>

#include "check.h"

int main(int argc, char **argv)
{
    long n = 0;
    unsigned char *der = argc == 2 ? read_file(argv[1], &n) : NULL;
    const unsigned char *p = der, *data;
    SSL_SESSION *s, *d, *fresh;
    const SSL_CIPHER *c;
    unsigned int ulen;
    size_t len;
    void *app;
    unsigned char key[64], *out = NULL;
    int i;

    CHECK(der != NULL);
    s = d2i_SSL_SESSION(NULL, &p, n);
    CHECK(s != NULL && p == der + n);
    c = SSL_SESSION_get0_cipher(s);
    CHECK(c != NULL && SSL_CIPHER_get_id(c) == (0x03000000u | SSL_CIPHER_get_protocol_id(c)));
    CHECK(strcmp(SSL_CIPHER_get_name(NULL), "(NONE)") == 0);
    CHECK(SSL_CIPHER_get_name(c) != NULL && SSL_CIPHER_standard_name(c) != NULL);
    CHECK(SSL_SESSION_get_protocol_version(s) != 0);
    CHECK(SSL_SESSION_get_time(s) > 0 && SSL_SESSION_get_timeout(s) > 0);
    data = SSL_SESSION_get_id(s, &ulen);
    CHECK(data != NULL && ulen <= 32);
    data = SSL_SESSION_get0_id_context(s, &ulen);
    CHECK(data != NULL && ulen <= 32);
    CHECK(SSL_SESSION_get_master_key(s, key, 0) <= sizeof(key));
    (void)SSL_SESSION_get0_hostname(s);
    SSL_SESSION_get0_alpn_selected(s, &data, &len);
    SSL_SESSION_get0_ticket(s, &data, &len);
    CHECK(SSL_SESSION_has_ticket(s) == (len > 0));
    (void)SSL_SESSION_get_ticket_lifetime_hint(s);
    (void)SSL_SESSION_get_max_early_data(s);
    CHECK(SSL_SESSION_get0_ticket_appdata(s, &app, &len) == 1);
    (void)SSL_SESSION_get_max_fragment_length(s);
    (void)SSL_SESSION_get_compress_id(s);
    (void)SSL_SESSION_is_resumable(s);

    /* A copy, changed with every setter, then encoded and decoded again. */
    d = SSL_SESSION_dup(s);
    CHECK(d != NULL && SSL_SESSION_up_ref(d) == 1);
    SSL_SESSION_free(d);
    for (i = 0; i < 64; i++)
        key[i] = (unsigned char)i;
    CHECK(SSL_SESSION_set_time(d, 1700000000L) == 1700000000L);
    CHECK(SSL_SESSION_set_timeout(d, 7200) == 1);
    CHECK(SSL_SESSION_set_timeout(d, -1) == 0);
    CHECK(SSL_SESSION_set_protocol_version(d, 0x0303) == 1);
    CHECK(SSL_SESSION_set1_hostname(d, "example.com") == 1);
    CHECK(SSL_SESSION_set1_alpn_selected(d, (const unsigned char *)"h2", 2) == 1);
    CHECK(SSL_SESSION_set_max_early_data(d, 16384) == 1);
    CHECK(SSL_SESSION_set1_id_context(d, key, 33) == 0);
    CHECK(SSL_SESSION_set1_id_context(d, key, 5) == 1);
    CHECK(SSL_SESSION_set1_id(d, key, 33) == 0);
    CHECK(SSL_SESSION_set1_id(d, key, 32) == 1);
    CHECK(SSL_SESSION_set1_master_key(d, key, 48) == 1);
    CHECK(SSL_SESSION_set1_ticket_appdata(d, "appdata", 7) == 1);
    CHECK(SSL_SESSION_set_cipher(d, c) == 1);
    i = i2d_SSL_SESSION(d, &out);
    CHECK(i > 0 && out != NULL);
    p = out;
    fresh = d2i_SSL_SESSION(NULL, &p, i);
    CHECK(fresh != NULL && p == out + i);
    CHECK(strcmp(SSL_SESSION_get0_hostname(fresh), "example.com") == 0);
    CHECK(SSL_SESSION_get_time(fresh) == 1700000000L && SSL_SESSION_get_timeout(fresh) == 7200);
    CHECK(SSL_SESSION_get_master_key(fresh, NULL, 0) == 48);
    OPENSSL_free(out);
    SSL_SESSION_free(fresh);
    SSL_SESSION_free(d);

    /* SSL_SESSION_new: no cipher, so i2d refuses it, as OpenSSL's does. */
    fresh = SSL_SESSION_new();
    CHECK(fresh != NULL && SSL_SESSION_get0_cipher(fresh) == NULL);
    CHECK(i2d_SSL_SESSION(fresh, NULL) == 0);
    SSL_SESSION_free(fresh);

    SSL_SESSION_free(s);
    free(der);
    return check_finish("openssl-names");
}
