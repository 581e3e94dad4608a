/*
 * sslsession: OpenSSL-compatible names for the session codec.
 *
 * Declares, with the exact signatures of OpenSSL 3.0's <openssl/ssl.h>, the
 * SSL_SESSION functions that libsslsession exports when built with the
 * `openssl-names` feature. A program that uses only these can include this
 * header (or keep including <openssl/ssl.h>) and link with -lsslsession
 * instead of -lssl -lcrypto, without source changes.
 *
 * Which OpenSSL version these functions reproduce (1.1.1, 3.0, 3.5, 3.6,
 * 4.0; 3.5 by default): the environment variable SSLSESSION_OPENSSL_VERSION,
 * read once at first use, chooses it without a code change, e.g.
 * SSLSESSION_OPENSSL_VERSION=3.0 ./program; a program may also call
 * sslsession_set_openssl_version() (<sslsession/sslsession.h>).
 *
 * Never link an `openssl-names` build together with libssl: the symbols
 * would collide. To use both, link the default build and call the
 * sslsession_* functions of <sslsession/sslsession.h>.
 *
 * Differences from OpenSSL, all on paths where OpenSSL crashes or is silent:
 *  - NULL arguments return 0/NULL (and queue an error) instead of crashing;
 *  - a failed d2i_SSL_SESSION leaves *a completely unchanged;
 *  - errors go to the sslsession_err_* queue (<sslsession/sslsession.h>),
 *    with OpenSSL's packed codes, not to ERR_get_error();
 *  - i2d's allocated buffer comes from malloc(): free() and OPENSSL_free()
 *    (defined below when <openssl/crypto.h> is absent) release it.
 *
 * Hand-written (cbindgen cannot spell `struct ssl_session_st`); the test
 * suite compiles it together with the real <openssl/ssl.h>, so any signature
 * that differs from OpenSSL's is a compile error.
 */
#ifndef SSLSESSION_OPENSSL_COMPAT_H
#define SSLSESSION_OPENSSL_COMPAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ssl_session_st SSL_SESSION;
typedef struct ssl_cipher_st SSL_CIPHER;

SSL_SESSION *d2i_SSL_SESSION(SSL_SESSION **a, const unsigned char **pp,
    long length);
int i2d_SSL_SESSION(const SSL_SESSION *in, unsigned char **pp);

SSL_SESSION *SSL_SESSION_new(void);
SSL_SESSION *SSL_SESSION_dup(const SSL_SESSION *src);
int SSL_SESSION_up_ref(SSL_SESSION *ses);
void SSL_SESSION_free(SSL_SESSION *ses);

long SSL_SESSION_get_time(const SSL_SESSION *s);
long SSL_SESSION_set_time(SSL_SESSION *s, long t);
long SSL_SESSION_get_timeout(const SSL_SESSION *s);
long SSL_SESSION_set_timeout(SSL_SESSION *s, long t);
int SSL_SESSION_get_protocol_version(const SSL_SESSION *s);
int SSL_SESSION_set_protocol_version(SSL_SESSION *s, int version);

const char *SSL_SESSION_get0_hostname(const SSL_SESSION *s);
int SSL_SESSION_set1_hostname(SSL_SESSION *s, const char *hostname);
void SSL_SESSION_get0_alpn_selected(const SSL_SESSION *s,
    const unsigned char **alpn,
    size_t *len);
int SSL_SESSION_set1_alpn_selected(SSL_SESSION *s,
    const unsigned char *alpn,
    size_t len);
const SSL_CIPHER *SSL_SESSION_get0_cipher(const SSL_SESSION *s);
int SSL_SESSION_set_cipher(SSL_SESSION *s, const SSL_CIPHER *cipher);
int SSL_SESSION_has_ticket(const SSL_SESSION *s);
unsigned long SSL_SESSION_get_ticket_lifetime_hint(const SSL_SESSION *s);
void SSL_SESSION_get0_ticket(const SSL_SESSION *s, const unsigned char **tick,
    size_t *len);
uint32_t SSL_SESSION_get_max_early_data(const SSL_SESSION *s);
int SSL_SESSION_set_max_early_data(SSL_SESSION *s,
    uint32_t max_early_data);
int SSL_SESSION_set1_id_context(SSL_SESSION *s,
    const unsigned char *sid_ctx,
    unsigned int sid_ctx_len);
int SSL_SESSION_set1_id(SSL_SESSION *s, const unsigned char *sid,
    unsigned int sid_len);
int SSL_SESSION_is_resumable(const SSL_SESSION *s);
const unsigned char *SSL_SESSION_get_id(const SSL_SESSION *s,
    unsigned int *len);
const unsigned char *SSL_SESSION_get0_id_context(const SSL_SESSION *s,
    unsigned int *len);
unsigned int SSL_SESSION_get_compress_id(const SSL_SESSION *s);
size_t SSL_SESSION_get_master_key(const SSL_SESSION *sess,
    unsigned char *out, size_t outlen);
int SSL_SESSION_set1_master_key(SSL_SESSION *sess,
    const unsigned char *in, size_t len);
uint8_t SSL_SESSION_get_max_fragment_length(const SSL_SESSION *sess);
int SSL_SESSION_set1_ticket_appdata(SSL_SESSION *ss, const void *data, size_t len);
int SSL_SESSION_get0_ticket_appdata(SSL_SESSION *ss, void **data, size_t *len);

const char *SSL_CIPHER_get_name(const SSL_CIPHER *c);
const char *SSL_CIPHER_standard_name(const SSL_CIPHER *c);
uint32_t SSL_CIPHER_get_id(const SSL_CIPHER *c);
uint16_t SSL_CIPHER_get_protocol_id(const SSL_CIPHER *c);

#ifndef OPENSSL_free
/* i2d_SSL_SESSION's buffer is malloc()ed. */
# define OPENSSL_free(addr) free(addr)
#endif

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* SSLSESSION_OPENSSL_COMPAT_H */
