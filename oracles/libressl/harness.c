/*
 * The LibreSSL oracle's harness: LibreSSL's own d2i_SSL_SESSION/i2d_SSL_SESSION
 * and getters, and real LibreSSL handshakes, for the sslsession tests. Linked
 * statically against the libssl.a/libcrypto.a that oracles/libressl/build.sh
 * builds (a separate process, so LibreSSL's symbols never meet OpenSSL's).
 *
 *   harness decode
 *       stdin: one input per line, in hex; stdout: one JSON object per line
 *       with d2i_SSL_SESSION's verdict, how far it moved *pp, the getters and
 *       i2d_SSL_SESSION's bytes. HARNESS_NOW=<seconds> fixes time(), which
 *       d2i uses for an absent or zero [1] (ssl_asn1.c), so that the caller
 *       knows the "now" LibreSSL used.
 *   harness x509
 *       the same for libcrypto's d2i_X509 alone (what d2i_SSL_SESSION calls on
 *       the content of [3]): {"ok":..,"consumed":..,"same_i2d":..} per
 *       line, same_i2d saying whether i2d_X509 writes back the bytes read.
 *   harness handshake OUTDIR SERVER_CERT SERVER_KEY CLIENT_CERT CLIENT_KEY
 *       runs in-memory handshakes (client and server in this process) and
 *       writes each side's session as OUTDIR/<scenario>-{client,server}.der,
 *       after checking that the client session resumes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

/*
 * d2i_SSL_SESSION reads the clock for an absent [1] (s->time = time(NULL)):
 * this definition takes the place of libc's in the static link, so the
 * caller can fix it.
 */
time_t
time(time_t *out)
{
	struct timespec ts;
	const char *fixed = getenv("HARNESS_NOW");
	time_t now;

	if (fixed != NULL)
		now = (time_t)strtoll(fixed, NULL, 10);
	else {
		clock_gettime(CLOCK_REALTIME, &ts);
		now = ts.tv_sec;
	}
	if (out != NULL)
		*out = now;
	return now;
}

static void
print_hex(const unsigned char *p, size_t len)
{
	size_t i;

	putchar('"');
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	putchar('"');
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One session as JSON: d2i's verdict, then the getters and i2d. */
static void
report(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	const unsigned char *id, *ctx;
	unsigned char mk[SSL_MAX_MASTER_KEY_LENGTH];
	unsigned char *out = NULL, *peer = NULL;
	unsigned int id_len, ctx_len;
	const SSL_CIPHER *cipher;
	SSL_SESSION *s;
	X509 *x;
	size_t mk_len;
	int n, peer_len;

	ERR_clear_error();
	s = d2i_SSL_SESSION(NULL, &p, (long)len);
	if (s == NULL) {
		printf("{\"ok\":false}\n");
		return;
	}
	printf("{\"ok\":true,\"consumed\":%ld", (long)(p - der));
	printf(",\"time\":%ld,\"timeout\":%ld", SSL_SESSION_get_time(s),
	    SSL_SESSION_get_timeout(s));
	printf(",\"protocol_version\":%d", SSL_SESSION_get_protocol_version(s));
	cipher = SSL_SESSION_get0_cipher(s);
	if (cipher != NULL)
		printf(",\"cipher\":%u,\"cipher_name\":\"%s\"",
		    SSL_CIPHER_get_value(cipher), SSL_CIPHER_get_name(cipher));
	else
		printf(",\"cipher\":null,\"cipher_name\":null");
	id = SSL_SESSION_get_id(s, &id_len);
	printf(",\"session_id\":");
	print_hex(id, id_len);
	ctx = SSL_SESSION_get0_id_context(s, &ctx_len);
	printf(",\"sid_ctx\":");
	print_hex(ctx, ctx_len);
	mk_len = SSL_SESSION_get_master_key(s, mk, sizeof(mk));
	printf(",\"master_key\":");
	print_hex(mk, mk_len);
	printf(",\"ticket_lifetime_hint\":%lu,\"has_ticket\":%s",
	    SSL_SESSION_get_ticket_lifetime_hint(s),
	    SSL_SESSION_has_ticket(s) ? "true" : "false");
	printf(",\"peer\":");
	if ((x = SSL_SESSION_get0_peer(s)) != NULL &&
	    (peer_len = i2d_X509(x, &peer)) > 0) {
		print_hex(peer, (size_t)peer_len);
		free(peer);
	} else
		printf("null");
	/* i2d returns 0 (writes nothing) for a cipher value of 0. */
	printf(",\"i2d\":");
	n = i2d_SSL_SESSION(s, &out);
	if (n > 0) {
		print_hex(out, (size_t)n);
		free(out);
	} else
		printf("null");
	printf("}\n");
	SSL_SESSION_free(s);
}

static void
report_x509(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	unsigned char *out = NULL;
	X509 *x;
	int n;

	if ((x = d2i_X509(NULL, &p, (long)len)) == NULL) {
		printf("{\"ok\":false}\n");
		return;
	}
	/* Whether i2d_X509 gives back the bytes read (DER in, DER out). */
	n = i2d_X509(x, &out);
	printf("{\"ok\":true,\"consumed\":%ld,\"same_i2d\":%s}\n", (long)(p - der),
	    n == (int)(p - der) && memcmp(out, der, (size_t)n) == 0 ? "true" : "false");
	free(out);
	X509_free(x);
}

static int
decode_lines(void (*each)(const unsigned char *, size_t))
{
	static char line[1 << 20];
	static unsigned char der[1 << 19];
	size_t len, i;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		len = strcspn(line, "\r\n");
		if (len % 2 != 0 || len / 2 > sizeof(der)) {
			fprintf(stderr, "harness: bad input line\n");
			return 1;
		}
		for (i = 0; i < len / 2; i++) {
			int hi = hexval(line[2 * i]), lo = hexval(line[2 * i + 1]);
			if (hi < 0 || lo < 0) {
				fprintf(stderr, "harness: bad hex\n");
				return 1;
			}
			der[i] = (unsigned char)(hi << 4 | lo);
		}
		each(der, len / 2);
		fflush(stdout);
	}
	return 0;
}

/* ---- handshakes ---- */

static void
die(const char *what)
{
	fprintf(stderr, "harness: %s\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static int
accept_any(int ok, X509_STORE_CTX *ctx)
{
	/* Self-signed test certificates: the verify result stays in the session. */
	(void)ok;
	(void)ctx;
	return 1;
}

static int
select_alpn(SSL *ssl, const unsigned char **out, unsigned char *outlen,
    const unsigned char *in, unsigned int inlen, void *arg)
{
	(void)ssl;
	(void)arg;
	if (SSL_select_next_proto((unsigned char **)out, outlen,
	    (const unsigned char *)"\x02h2\x08http/1.1", 12, in, inlen) !=
	    OPENSSL_NPN_NEGOTIATED)
		return SSL_TLSEXT_ERR_NOACK;
	return SSL_TLSEXT_ERR_OK;
}

struct scenario {
	const char *name;
	int version;		/* min = max protocol version */
	const char *ciphers;	/* TLS 1.2 cipher list */
	int tickets;
	int client_cert;
	const char *sni;
	int alpn;
};

static const struct scenario scenarios[] = {
	{ "tls12-ticket", TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256", 1, 0, NULL, 0 },
	{ "tls12-cache", TLS1_2_VERSION, "ECDHE-RSA-CHACHA20-POLY1305", 0, 0, NULL, 0 },
	{ "tls12-clientcert-alpn", TLS1_2_VERSION, "ECDHE-RSA-AES256-GCM-SHA384", 1, 1,
	    "server.test", 1 },
	{ "tls12-rsa-cbc-sni", TLS1_2_VERSION, "AES128-SHA", 0, 0, "server.test", 0 },
	{ "tls13", TLS1_3_VERSION, NULL, 1, 1, "server.test", 1 },
};

static void
pump(SSL *c, SSL *s)
{
	int i, rc, rs;

	for (i = 0; i < 200; i++) {
		rc = SSL_do_handshake(c);
		rs = SSL_do_handshake(s);
		if (rc == 1 && rs == 1)
			return;
		if (rc != 1 && SSL_get_error(c, rc) != SSL_ERROR_WANT_READ &&
		    SSL_get_error(c, rc) != SSL_ERROR_WANT_WRITE)
			die("client handshake failed");
		if (rs != 1 && SSL_get_error(s, rs) != SSL_ERROR_WANT_READ &&
		    SSL_get_error(s, rs) != SSL_ERROR_WANT_WRITE)
			die("server handshake failed");
	}
	die("handshake did not finish");
}

static SSL *
connect_pair(SSL_CTX *cctx, SSL_CTX *sctx, const struct scenario *sc,
    SSL_SESSION *resume, SSL **server)
{
	BIO *bc, *bs;
	SSL *c, *s;

	if ((c = SSL_new(cctx)) == NULL || (s = SSL_new(sctx)) == NULL)
		die("SSL_new");
	if (!BIO_new_bio_pair(&bc, 0, &bs, 0))
		die("BIO_new_bio_pair");
	SSL_set_bio(c, bc, bc);
	SSL_set_bio(s, bs, bs);
	SSL_set_connect_state(c);
	SSL_set_accept_state(s);
	if (sc->sni != NULL && !SSL_set_tlsext_host_name(c, sc->sni))
		die("SNI");
	if (resume != NULL && !SSL_set_session(c, resume))
		die("SSL_set_session");
	pump(c, s);
	/* Application data both ways, so that post-handshake messages are read. */
	if (SSL_write(c, "ping", 4) != 4 || SSL_write(s, "pong", 4) != 4)
		die("write");
	{
		char buf[8];
		if (SSL_read(s, buf, sizeof(buf)) != 4 || SSL_read(c, buf, sizeof(buf)) != 4)
			die("read");
	}
	*server = s;
	return c;
}

static void
write_session(const char *dir, const char *name, const char *side, SSL_SESSION *sess)
{
	char path[4096];
	unsigned char *der = NULL;
	FILE *f;
	int n;

	if ((n = i2d_SSL_SESSION(sess, &der)) <= 0)
		die("i2d_SSL_SESSION");
	snprintf(path, sizeof(path), "%s/%s-%s.der", dir, name, side);
	if ((f = fopen(path, "wb")) == NULL || fwrite(der, 1, (size_t)n, f) != (size_t)n ||
	    fclose(f) != 0)
		die("write session file");
	free(der);
}

static int
handshakes(int argc, char **argv)
{
	const char *dir = argv[2];
	size_t i;

	if (argc != 7) {
		fprintf(stderr, "usage: harness handshake OUTDIR SCERT SKEY CCERT CKEY\n");
		return 2;
	}
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		const struct scenario *sc = &scenarios[i];
		SSL_CTX *cctx, *sctx;
		SSL_SESSION *cs, *ss;
		SSL *c, *s, *c2, *s2;

		if ((cctx = SSL_CTX_new(TLS_client_method())) == NULL ||
		    (sctx = SSL_CTX_new(TLS_server_method())) == NULL)
			die("SSL_CTX_new");
		if (!SSL_CTX_set_min_proto_version(cctx, sc->version) ||
		    !SSL_CTX_set_max_proto_version(cctx, sc->version) ||
		    !SSL_CTX_set_min_proto_version(sctx, sc->version) ||
		    !SSL_CTX_set_max_proto_version(sctx, sc->version))
			die("protocol version");
		if (sc->ciphers != NULL && !SSL_CTX_set_cipher_list(cctx, sc->ciphers))
			die("cipher list");
		if (SSL_CTX_use_certificate_file(sctx, argv[3], SSL_FILETYPE_PEM) != 1 ||
		    SSL_CTX_use_PrivateKey_file(sctx, argv[4], SSL_FILETYPE_PEM) != 1)
			die("server certificate");
		SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
		SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_SERVER);
		if (!SSL_CTX_set_session_id_context(sctx,
		    (const unsigned char *)"sslsession-test", 15))
			die("sid_ctx");
		SSL_CTX_set_timeout(sctx, 7200);
		if (!sc->tickets) {
			SSL_CTX_set_options(cctx, SSL_OP_NO_TICKET);
			SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET);
		}
		if (sc->client_cert) {
			if (SSL_CTX_use_certificate_file(cctx, argv[5], SSL_FILETYPE_PEM) != 1 ||
			    SSL_CTX_use_PrivateKey_file(cctx, argv[6], SSL_FILETYPE_PEM) != 1)
				die("client certificate");
			SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, accept_any);
		}
		SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, accept_any);
		if (sc->alpn) {
			if (SSL_CTX_set_alpn_protos(cctx,
			    (const unsigned char *)"\x02h2\x08http/1.1", 12) != 0)
				die("alpn");
			SSL_CTX_set_alpn_select_cb(sctx, select_alpn, NULL);
		}

		c = connect_pair(cctx, sctx, sc, NULL, &s);
		if ((cs = SSL_get1_session(c)) == NULL || (ss = SSL_get1_session(s)) == NULL)
			die("SSL_get1_session");
		write_session(dir, sc->name, "client", cs);
		write_session(dir, sc->name, "server", ss);

		/* Resume with the client's session, read back through d2i. */
		{
			unsigned char *der = NULL;
			const unsigned char *p;
			SSL_SESSION *back;
			int n = i2d_SSL_SESSION(cs, &der);

			p = der;
			if (n <= 0 || (back = d2i_SSL_SESSION(NULL, &p, n)) == NULL)
				die("round trip");
			c2 = connect_pair(cctx, sctx, sc, back, &s2);
			printf("%s: %s, resumed %s\n", sc->name, SSL_get_version(c),
			    SSL_session_reused(c2) ? "yes" : "no");
			SSL_SESSION_free(back);
			free(der);
		}
		SSL_free(c2);
		SSL_free(s2);
		SSL_SESSION_free(cs);
		SSL_SESSION_free(ss);
		SSL_free(c);
		SSL_free(s);
		SSL_CTX_free(cctx);
		SSL_CTX_free(sctx);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "decode") == 0)
		return decode_lines(report);
	if (argc >= 2 && strcmp(argv[1], "x509") == 0)
		return decode_lines(report_x509);
	if (argc >= 2 && strcmp(argv[1], "handshake") == 0)
		return handshakes(argc, argv);
	fprintf(stderr, "usage: harness decode | harness x509 | harness handshake OUTDIR SCERT SKEY CCERT CKEY\n");
	return 2;
}
