/*
 * Many threads sharing sessions, for ThreadSanitizer, helgrind and DRD
 * (session-ffi/race.sh) as much as for its own checks (tests/c_suite.rs runs
 * it plain, under valgrind's memcheck and under AddressSanitizer).
 *
 * What OpenSSL promises for a shared SSL_SESSION (openssl-threads(7), 3.0+):
 * the reference counting functions (SSL_SESSION_up_ref / SSL_SESSION_free)
 * are thread-safe, and so are getters and i2d on a session no thread
 * modifies; setters on a shared session are not. So, for every session
 * named in argv[1] (one line each: path, then the values OpenSSL 3.0 read
 * in it, from the corpus manifest: protocol version, cipher id, time,
 * timeout, master key in hex — all sessions OpenSSL 3.0 re-encodes byte for
 * byte), NTHREADS threads at once:
 *
 *  1. take and drop references to ONE shared session (up_ref / free) while
 *     the others call i2d and every getter on it: i2d gives the file's bytes
 *     back, the getters OpenSSL's values and, for the others, what the main
 *     thread read alone before the threads started. The main thread gives
 *     its own reference away while they run, so the last free — whichever
 *     thread makes it — releases the session (memcheck and ASan check that
 *     nothing leaks);
 *  2. each decode the same bytes into a session of their own (d2i), call
 *     setters on it and read them back, while one of them sets the
 *     process-wide OpenSSL version and dialect (again to 3.0 and openssl;
 *     not with SSLSESSION_THREADS_GLOBALS=0);
 *  3. each fail a d2i and find that error, and only it, in its own error
 *     queue (per thread, as OpenSSL's ERR queue).
 *
 * Beyond OpenSSL's promise, this library locks each session inside (its
 * README: "sessions may be shared between threads"), so a 4th phase has
 * one thread set the time and timeout of a shared session while the others
 * read them and i2d it: each read is one of the values set, each i2d one of
 * the encodings the main thread made alone for those values.
 *
 * Built with -DRACY_SELF_CHECK it also writes, unlocked, into the session id
 * that i2d reads in the other threads: a data race between this program and
 * the library's Rust code, which race.sh requires ThreadSanitizer and
 * helgrind to report (so a detector that sees nothing cannot pass).
 */
/* pthread barriers (POSIX 2008; -std=c11 hides them otherwise). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sslsession/sslsession.h>

#include "check.h"

#define NTHREADS 8

/* Rounds per thread and phase: SSLSESSION_THREADS_ROUNDS, default 10
   (race.sh: 20 under ThreadSanitizer, 3 under helgrind and DRD, which
   serialise the threads and run some 50 times slower). */
static int rounds = 10;

/* Whether one thread sets the process-wide settings in phase 2; not when
   SSLSESSION_THREADS_GLOBALS=0. They are atomics, which on x86-64 an
   acquire load and a release store are plain MOVs: helgrind and DRD cannot
   tell them from unsynchronised accesses and report them (race.sh turns
   this off for those two; ThreadSanitizer checks it). */
static int globals = 1;

/* CHECK from threads: check.h's counters are plain ints. */
static atomic_long thread_checks, thread_failures;
#define TCHECK(cond, ...)                                                     \
    do {                                                                      \
        atomic_fetch_add(&thread_checks, 1);                                  \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__,  \
                    #cond);                                                   \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
            atomic_fetch_add(&thread_failures, 1);                            \
        }                                                                     \
    } while (0)

/* What OpenSSL 3.0 read in a corpus session (its manifest). */
struct expected {
    char path[4096];
    int protocol_version;
    uint32_t cipher_id;
    int64_t time, timeout;
    unsigned char master_key[512];
    size_t master_key_len;
};

/* Every getter's answer, appended to one buffer: two sessions answer alike
   when their fingerprints are equal. */
struct fp {
    unsigned char buf[65536];
    size_t len;
};

static void put(struct fp *f, const void *p, size_t n)
{
    /* The length first, so that adjacent values cannot blur. */
    if (f->len + sizeof(n) + n > sizeof(f->buf)) {
        f->len = sizeof(f->buf) + 1; /* never equal to a real fingerprint */
        return;
    }
    memcpy(f->buf + f->len, &n, sizeof(n));
    memcpy(f->buf + f->len + sizeof(n), p, n);
    f->len += sizeof(n) + n;
}

static void put_str(struct fp *f, const char *s)
{
    put(f, s == NULL ? "(null)" : s, s == NULL ? 7 : strlen(s) + 1);
}

#define PUT_VALUE(f, v)                                                       \
    do {                                                                      \
        __typeof__(v) value_ = (v);                                           \
        put((f), &value_, sizeof(value_));                                    \
    } while (0)

/* Calls every getter on s. */
static void fingerprint(const sslsession_session *s, struct fp *f)
{
    const uint8_t *p;
    const void *v;
    unsigned int ulen;
    size_t len, i, n;
    unsigned char key[512];
    int ok, iv;
    uint16_t u16;
    uint32_t u32;
    uint8_t u8;
    int64_t i64;
    uint64_t u64;
    static const uint8_t *(*const blobs[])(const sslsession_session *, size_t *) = {
        sslsession_session_get0_peer_certificate,
        sslsession_session_get0_peer_rpk,
        sslsession_session_get0_peer_sha256,
        sslsession_session_get0_original_handshake_hash,
        sslsession_session_get0_signed_cert_timestamp_list,
        sslsession_session_get0_ocsp_response,
        sslsession_session_get0_cert_chain,
        sslsession_session_get0_quic_early_data_context,
        sslsession_session_get0_local_alps,
        sslsession_session_get0_peer_alps,
    };
    static const char *(*const strings[])(const sslsession_session *) = {
        sslsession_session_get0_cipher_name,
        sslsession_session_get0_cipher_standard_name,
        sslsession_session_get0_hostname,
        sslsession_session_get0_psk_identity_hint,
        sslsession_session_get0_psk_identity,
        sslsession_session_get0_srp_username,
        sslsession_session_get_openssl_version,
        sslsession_session_get_dialect,
    };

    f->len = 0;
    PUT_VALUE(f, sslsession_session_get_protocol_version(s));
    PUT_VALUE(f, sslsession_session_get_cipher_id(s));
    PUT_VALUE(f, sslsession_session_get_time(s));
    PUT_VALUE(f, sslsession_session_get_timeout(s));
    PUT_VALUE(f, sslsession_session_get_verify_result(s));
    PUT_VALUE(f, sslsession_session_get_ticket_lifetime_hint(s));
    PUT_VALUE(f, sslsession_session_get_max_early_data(s));
    PUT_VALUE(f, sslsession_session_get_flags(s));
    PUT_VALUE(f, sslsession_session_get_ticket_age_add(s));
    PUT_VALUE(f, sslsession_session_get_kex_group(s));
    PUT_VALUE(f, sslsession_session_get_max_fragment_length(s));
    PUT_VALUE(f, sslsession_session_get_compress_id(s));
    PUT_VALUE(f, sslsession_session_has_ticket(s));
    PUT_VALUE(f, sslsession_session_is_resumable(s));
    for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        put_str(f, strings[i](s));
    p = sslsession_session_get_id(s, &ulen);
    put(f, p, ulen);
    p = sslsession_session_get0_id_context(s, &ulen);
    put(f, p, ulen);
    len = sslsession_session_get_master_key(s, key, sizeof(key));
    put(f, key, len);
    sslsession_session_get0_alpn_selected(s, &p, &len);
    put(f, p, len);
    sslsession_session_get0_ticket(s, &p, &len);
    put(f, p, len);
    ok = sslsession_session_get0_ticket_appdata(s, &v, &len);
    PUT_VALUE(f, ok);
    if (ok == 1)
        put(f, v, len);
    for (i = 0; i < sizeof(blobs) / sizeof(blobs[0]); i++) {
        len = 0;
        p = blobs[i](s, &len);
        put(f, p == NULL ? (const uint8_t *)"(null)" : p, p == NULL ? 7 : len);
    }
    ok = sslsession_session_get_extended_master_secret(s, &iv);
    PUT_VALUE(f, ok == 1 ? iv : -1);
    ok = sslsession_session_get_is_server(s, &iv);
    PUT_VALUE(f, ok == 1 ? iv : -1);
    ok = sslsession_session_get_is_quic(s, &iv);
    PUT_VALUE(f, ok == 1 ? iv : -1);
    ok = sslsession_session_get_resumable_across_names(s, &iv);
    PUT_VALUE(f, ok == 1 ? iv : -1);
    ok = sslsession_session_get_peer_signature_algorithm(s, &u16);
    PUT_VALUE(f, ok == 1 ? (long)u16 : -1L);
    ok = sslsession_session_get_auth_timeout(s, &u32);
    PUT_VALUE(f, ok == 1 ? (long)u32 : -1L);
    ok = sslsession_session_get_peer_cert_type(s, &u8);
    PUT_VALUE(f, ok == 1 ? (long)u8 : -1L);
    /* Every field by index, too. */
    n = sslsession_field_count();
    for (i = 0; i < n; i++) {
        switch (sslsession_field_kind(i)) {
        case SSLSESSION_FIELD_INT:
            ok = sslsession_session_get_field_int(s, i, &i64);
            PUT_VALUE(f, ok);
            if (ok == 1)
                PUT_VALUE(f, i64);
            break;
        case SSLSESSION_FIELD_UINT:
            ok = sslsession_session_get_field_uint(s, i, &u64);
            PUT_VALUE(f, ok);
            if (ok == 1)
                PUT_VALUE(f, u64);
            break;
        default:
            ok = sslsession_session_get0_field_bytes(s, i, &p, &len);
            PUT_VALUE(f, ok);
            if (ok == 1)
                put(f, p, len);
        }
    }
    /* Absent fields queue no error, but a failed getter would: leave this
       thread's queue as it was found (empty). */
    sslsession_err_clear();
}

/* OpenSSL's own values (the manifest), read in s. */
static int matches_openssl(const sslsession_session *s, const struct expected *e)
{
    unsigned char key[512];
    size_t len = sslsession_session_get_master_key(s, key, sizeof(key));
    return sslsession_session_get_protocol_version(s) == e->protocol_version &&
           sslsession_session_get_cipher_id(s) == e->cipher_id &&
           sslsession_session_get_time(s) == e->time &&
           sslsession_session_get_timeout(s) == e->timeout && len == e->master_key_len &&
           memcmp(key, e->master_key, len) == 0;
}

/* i2d(s) is exactly want[0..want_len]. */
static int encodes_to(const sslsession_session *s, const unsigned char *want, long want_len)
{
    uint8_t *out = NULL;
    int len = sslsession_session_i2d(s, &out);
    int same = len == want_len && out != NULL && memcmp(out, want, (size_t)len) == 0;
    if (len > 0)
        sslsession_der_free(out, (size_t)len);
    return same;
}

/* What every thread shares for one session. */
struct shared {
    const struct expected *e;
    const unsigned char *der;
    long der_len;
    sslsession_session *session; /* phase 1: one reference per thread */
    const struct fp *alone;      /* its fingerprint, read by main alone */
    pthread_barrier_t start;
    pthread_barrier_t racy_start, racy_end; /* RACY_SELF_CHECK only */
    /* Phase 4: the session one thread sets, its two states' encodings. */
    sslsession_session *writable;
    int64_t times[2], timeouts[2];
    unsigned char *enc[2][2];
    int enc_len[2][2];
};

static void phase_shared_reads(struct shared *sh, struct fp *f)
{
    int r;
    for (r = 0; r < rounds; r++) {
        /* A reference of this round's own, on top of the thread's. */
        TCHECK(sslsession_session_up_ref(sh->session) == 1, "%s", sh->e->path);
        TCHECK(encodes_to(sh->session, sh->der, sh->der_len), "%s: i2d", sh->e->path);
        TCHECK(matches_openssl(sh->session, sh->e), "%s: getters", sh->e->path);
        fingerprint(sh->session, f);
        TCHECK(f->len == sh->alone->len && memcmp(f->buf, sh->alone->buf, f->len) == 0,
               "%s: a getter answered otherwise than to the main thread alone", sh->e->path);
        sslsession_session_free(sh->session);
    }
}

static void phase_private(struct shared *sh, struct fp *f, int id)
{
    static const uint8_t ctx[] = "threads.c";
    char host[32];
    int r;
    for (r = 0; r < rounds; r++) {
        const uint8_t *p = sh->der;
        sslsession_session *s;
        /* The process-wide settings, set again (to what they are) by one
           thread while the others' d2i reads them. */
        if (id == 0 && globals) {
            TCHECK(sslsession_set_openssl_version("3.0") == 1, "%d", r);
            TCHECK(sslsession_set_dialect("openssl") == 1, "%d", r);
        }
        TCHECK(strcmp(sslsession_get_openssl_version(), "3.0") == 0, "%d", id);
        TCHECK(strcmp(sslsession_get_dialect(), "openssl") == 0, "%d", id);
        s = sslsession_session_d2i(NULL, &p, sh->der_len);
        TCHECK(s != NULL && p == sh->der + sh->der_len, "%s: d2i", sh->e->path);
        if (s == NULL)
            continue;
        TCHECK(matches_openssl(s, sh->e), "%s: getters", sh->e->path);
        fingerprint(s, f);
        TCHECK(f->len == sh->alone->len && memcmp(f->buf, sh->alone->buf, f->len) == 0,
               "%s: own d2i", sh->e->path);
        TCHECK(encodes_to(s, sh->der, sh->der_len), "%s: own i2d", sh->e->path);
        /* Setters on this thread's own session; the shared one is intact. */
        snprintf(host, sizeof(host), "t%d-r%d.example", id, r);
        TCHECK(sslsession_session_set1_hostname(s, host) == 1, "%s", host);
        TCHECK(sslsession_session_set_time(s, 1000 + id) == 1000 + id, "%d", id);
        TCHECK(sslsession_session_set_timeout(s, 60 + r) == 1, "%d", r);
        TCHECK(sslsession_session_set1_id_context(s, ctx, sizeof(ctx) - 1) == 1, "%d", id);
        TCHECK(sslsession_session_get0_hostname(s) != NULL &&
                   strcmp(sslsession_session_get0_hostname(s), host) == 0, "%s", host);
        TCHECK(sslsession_session_get_time(s) == 1000 + id, "%d", id);
        TCHECK(sslsession_session_get_timeout(s) == 60 + r, "%d", r);
        TCHECK(!encodes_to(s, sh->der, sh->der_len), "%s: setters changed nothing", host);
        sslsession_session_free(s);
    }
}

static void phase_errors(struct shared *sh, int id)
{
    int r, n;
    for (r = 0; r < rounds; r++) {
        /* Cut short by a thread-dependent amount: d2i fails, and queues. */
        long cut = 1 + (id + r) % (sh->der_len - 1);
        const uint8_t *p = sh->der;
        uint32_t code;
        TCHECK(sslsession_err_peek() == 0, "thread %d: another thread's error", id);
        TCHECK(sslsession_session_d2i(NULL, &p, sh->der_len - cut) == NULL, "cut %ld", cut);
        TCHECK(p == sh->der, "cut %ld", cut);
        code = sslsession_err_get();
        TCHECK(code != 0, "thread %d: its error is not in its queue", id);
        /* The queue holds at most ERR_NUM_ERRORS (16) entries: a drain
         * that goes on past that is a broken queue, which fails here
         * instead of spinning. */
        for (n = 0; n < 16 && sslsession_err_get() != 0; n++)
            ;
        TCHECK(sslsession_err_peek() == 0, "thread %d: its queue never empties", id);
    }
}

static void phase_shared_writes(struct shared *sh, int id)
{
    int r;
    for (r = 0; r < rounds; r++) {
        if (id == 0) {
            /* The only writer. */
            int k = (r + 1) % 2;
            TCHECK(sslsession_session_set_time(sh->writable, sh->times[k]) == sh->times[k], "%d", r);
            TCHECK(sslsession_session_set_timeout(sh->writable, sh->timeouts[k]) == 1, "%d", r);
        } else {
            int64_t t = sslsession_session_get_time(sh->writable);
            int64_t to = sslsession_session_get_timeout(sh->writable);
            uint8_t *out = NULL;
            int len = sslsession_session_i2d(sh->writable, &out), a, b, found = 0;
            TCHECK(t == sh->times[0] || t == sh->times[1], "time %lld", (long long)t);
            TCHECK(to == sh->timeouts[0] || to == sh->timeouts[1], "timeout %lld", (long long)to);
            for (a = 0; a < 2; a++)
                for (b = 0; b < 2; b++)
                    found |= len == sh->enc_len[a][b] &&
                             memcmp(out, sh->enc[a][b], (size_t)len) == 0;
            TCHECK(found, "%s: i2d of a session being set is none of its states", sh->e->path);
            if (len > 0)
                sslsession_der_free(out, (size_t)len);
        }
    }
}

#ifdef RACY_SELF_CHECK
/* Thread 1 writes the session id of the shared session without any lock,
   while the other threads' i2d reads it: the race a detector must see. */
static void phase_racy(struct shared *sh, int id)
{
    int r;
    unsigned int len;
    volatile uint8_t *id_bytes = (volatile uint8_t *)sslsession_session_get_id(sh->session, &len);
    for (r = 0; r < rounds; r++) {
        if (id == 1 && len > 0)
            id_bytes[r % len] = id_bytes[r % len]; /* a write that changes nothing */
        else
            TCHECK(encodes_to(sh->session, sh->der, sh->der_len), "%s: i2d", sh->e->path);
    }
}
#endif

struct worker {
    struct shared *sh;
    int id;
    pthread_t thread;
    struct fp f;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    pthread_barrier_wait(&sh->start);
    phase_shared_reads(sh, &w->f);
    phase_private(sh, &w->f, w->id);
    phase_errors(sh, w->id);
    phase_shared_writes(sh, w->id);
#ifdef RACY_SELF_CHECK
    /* Between two barriers, so that in every schedule the write and the
       reads are unordered: otherwise the writer could finish first and
       its last free (a release) be acquired by a slower thread's free in
       phase 1, ordering that thread's reads after the write — no race in
       that execution, and TSan rightly reported none (seen under load).
       Two barriers, not one waited twice: TSan models a barrier as a
       release and an acquire on its address, so a thread leaving the
       first wait late would acquire what the writer released entering the
       second. */
    pthread_barrier_wait(&sh->racy_start);
    phase_racy(sh, w->id);
    pthread_barrier_wait(&sh->racy_end);
#endif
    /* The thread's reference: the last of these frees the session. */
    sslsession_session_free(sh->session);
    return NULL;
}

static int parse_line(char *line, struct expected *e)
{
    char hex[1100];
    long long t, to;
    unsigned long cid;
    size_t i;
    if (sscanf(line, "%4095s %d %lu %lld %lld %1099s", e->path, &e->protocol_version, &cid, &t,
               &to, hex) != 6)
        return 0;
    e->cipher_id = (uint32_t)cid;
    e->time = t;
    e->timeout = to;
    e->master_key_len = strlen(hex) / 2;
    for (i = 0; i < e->master_key_len && i < sizeof(e->master_key); i++) {
        unsigned int b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1)
            return 0;
        e->master_key[i] = (unsigned char)b;
    }
    return 1;
}

static void one_session(const struct expected *e, const unsigned char *der, long der_len)
{
    static struct worker workers[NTHREADS];
    static struct fp alone;
    struct shared sh;
    const uint8_t *p = der;
    int i, a, b;

    memset(&sh, 0, sizeof(sh));
    sh.e = e;
    sh.der = der;
    sh.der_len = der_len;
    sh.session = sslsession_session_d2i(NULL, &p, der_len);
    CHECK_MSG(sh.session != NULL, "%s: d2i", e->path);
    if (sh.session == NULL)
        return;
    CHECK_MSG(matches_openssl(sh.session, e), "%s: getters against OpenSSL's", e->path);
    CHECK_MSG(encodes_to(sh.session, der, der_len), "%s: i2d against the file", e->path);
    fingerprint(sh.session, &alone);
    sh.alone = &alone;

    /* Phase 4's session and the encodings of its four possible states. */
    sh.writable = sslsession_session_dup(sh.session);
    CHECK(sh.writable != NULL);
    sh.times[0] = e->time;
    sh.times[1] = e->time + 12345;
    sh.timeouts[0] = e->timeout;
    sh.timeouts[1] = e->timeout + 777;
    for (a = 0; a < 2; a++)
        for (b = 0; b < 2; b++) {
            CHECK(sslsession_session_set_time(sh.writable, sh.times[a]) == sh.times[a]);
            CHECK(sslsession_session_set_timeout(sh.writable, sh.timeouts[b]) == 1);
            sh.enc[a][b] = NULL;
            sh.enc_len[a][b] = sslsession_session_i2d(sh.writable, &sh.enc[a][b]);
            CHECK(sh.enc_len[a][b] > 0);
        }
    CHECK(sh.enc_len[0][0] == der_len && memcmp(sh.enc[0][0], der, (size_t)der_len) == 0);
    CHECK(sslsession_session_set_time(sh.writable, sh.times[0]) == sh.times[0]);
    CHECK(sslsession_session_set_timeout(sh.writable, sh.timeouts[0]) == 1);

    CHECK(pthread_barrier_init(&sh.start, NULL, NTHREADS + 1) == 0);
    CHECK(pthread_barrier_init(&sh.racy_start, NULL, NTHREADS) == 0);
    CHECK(pthread_barrier_init(&sh.racy_end, NULL, NTHREADS) == 0);
    for (i = 0; i < NTHREADS; i++) {
        /* One reference per thread, taken here and dropped by the thread. */
        CHECK(sslsession_session_up_ref(sh.session) == 1);
        workers[i].sh = &sh;
        workers[i].id = i;
        CHECK(pthread_create(&workers[i].thread, NULL, work, &workers[i]) == 0);
    }
    pthread_barrier_wait(&sh.start);
    /* The main thread's reference goes while the threads run: the last
       thread to finish frees the session. */
    sslsession_session_free(sh.session);
    for (i = 0; i < NTHREADS; i++)
        CHECK(pthread_join(workers[i].thread, NULL) == 0);
    CHECK(pthread_barrier_destroy(&sh.start) == 0);
    CHECK(pthread_barrier_destroy(&sh.racy_start) == 0);
    CHECK(pthread_barrier_destroy(&sh.racy_end) == 0);

    sslsession_session_free(sh.writable);
    for (a = 0; a < 2; a++)
        for (b = 0; b < 2; b++)
            if (sh.enc_len[a][b] > 0)
                sslsession_der_free(sh.enc[a][b], (size_t)sh.enc_len[a][b]);
}

int main(int argc, char **argv)
{
    FILE *list;
    char line[8192];
    long sessions = 0;
    const char *env = getenv("SSLSESSION_THREADS_ROUNDS");

    if (argc != 2 || (list = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: threads EXPECTATIONS\n");
        return 2;
    }
    if (env != NULL && atoi(env) > 0)
        rounds = atoi(env);
    env = getenv("SSLSESSION_THREADS_GLOBALS");
    if (env != NULL && strcmp(env, "0") == 0)
        globals = 0;
    /* The manifest's values are OpenSSL 3.0's, of OpenSSL's own sessions. */
    CHECK(sslsession_set_openssl_version("3.0") == 1);
    CHECK(sslsession_set_dialect("openssl") == 1);
    while (fgets(line, sizeof(line), list) != NULL) {
        struct expected e;
        unsigned char *der;
        long len = 0;
        if (!parse_line(line, &e))
            continue;
        der = read_file(e.path, &len);
        CHECK_MSG(der != NULL && len > 1, "%s: unreadable", e.path);
        if (der != NULL && len > 1) {
            one_session(&e, der, len);
            sessions++;
        }
        free(der);
    }
    fclose(list);
    CHECK_MSG(sessions > 0, "no session in %s", argv[1]);
    check_count += atomic_load(&thread_checks);
    check_failures += (int)atomic_load(&thread_failures);
    printf("threads: %ld sessions, %d threads, %d rounds\n", sessions, NTHREADS, rounds);
    return check_finish("threads");
}
