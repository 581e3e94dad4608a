/* Minimal test helpers shared by the C test programs. */
#ifndef SSLSESSION_TEST_CHECK_H
#define SSLSESSION_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static long check_count;

#define CHECK(cond)                                                           \
    do {                                                                      \
        check_count++;                                                        \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                   \
            check_failures++;                                                 \
        }                                                                     \
    } while (0)

#define CHECK_MSG(cond, ...)                                                  \
    do {                                                                      \
        check_count++;                                                        \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__,  \
                    #cond);                                                   \
            fprintf(stderr, __VA_ARGS__);                                     \
            fputc('\n', stderr);                                              \
            check_failures++;                                                 \
        }                                                                     \
    } while (0)

/* Reads a whole file; NULL on error. Never returns a zero-size allocation. */
static inline unsigned char *read_file(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Decodes a hex string into a malloc()ed buffer. */
static inline unsigned char *unhex(const char *hex, long *len)
{
    size_t n = strlen(hex) / 2, i;
    unsigned char *out = malloc(n + 1);
    for (i = 0; out != NULL && i < n; i++) {
        unsigned int b;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1) {
            free(out);
            return NULL;
        }
        out[i] = (unsigned char)b;
    }
    *len = (long)n;
    return out;
}

/* Calls f(path, bytes, length) for every file named in the list file
   `list`, one path a line (an unreadable file fails a check); returns 0
   when the list cannot be opened. */
static inline int for_each_listed_file(const char *list,
                                       void (*f)(const char *, const unsigned char *, long))
{
    FILE *l = fopen(list, "r");
    char path[4096];
    if (l == NULL)
        return 0;
    while (fgets(path, sizeof(path), l) != NULL) {
        long len = 0;
        unsigned char *buf;
        path[strcspn(path, "\n")] = '\0';
        if (path[0] == '\0')
            continue;
        buf = read_file(path, &len);
        CHECK_MSG(buf != NULL, "%s: unreadable", path);
        if (buf != NULL)
            f(path, buf, len);
        free(buf);
    }
    fclose(l);
    return 1;
}

static inline int check_finish(const char *name)
{
    if (check_failures != 0) {
        fprintf(stderr, "%s: %d of %ld checks FAILED\n", name, check_failures, check_count);
        return 1;
    }
    printf("%s: %ld checks passed\n", name, check_count);
    return 0;
}

#endif
