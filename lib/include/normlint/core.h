/*
 * core.h — status codes, errors and byte spans shared by every stage.
 *
 * Every fallible library function returns an nl_status (NL_OK == 0) and, when
 * given a non-NULL nl_error, fills it with the reason and the file it concerns.
 * The library never prints and never exits; the CLI turns statuses into exit
 * codes in one place. The numeric values of nl_status never change.
 *
 * Return conventions, public and internal alike (each function's comment
 * says which it follows):
 *   - nl_status for what can fail in more than one way (I/O, input, rules);
 *     out-parameters first, `*out` set to NULL on entry and assigned on
 *     success only; `**out` means the caller frees it with the type's _free
 *     (which accepts NULL).
 *   - int 0 / -1 for an internal step that can fail only for want of memory
 *     or a write (nl_grow, nl_reserve, nl_cache_make_dir): 0 is success, and
 *     -1 leaves the object as it was.
 *   - int 1 / 0 for a predicate or a lookup that finds or does not
 *     (nl_cache_has_mark, nl_doc_place_is_local): 1 is yes, and "no" is never
 *     an error.
 *   - a pointer: a constructor returns NULL only when out of memory; a
 *     returned `const` pointer is borrowed from its parent and lives as long
 *     as it does.
 *   - counts and offsets are size_t; a missing index is (size_t)-1.
 * Writers that cannot fail loudly at every call (nl_buf, the JSON writer)
 * keep the first failure and report it once at the end.
 */
#ifndef NORMLINT_CORE_H
#define NORMLINT_CORE_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NL_VERSION "0.1.0"
/* Where users read about normlint (SARIF informationUri). */
#define NL_INFORMATION_URI "https://normlint.invalid/"

/* U+2028 LINE SEPARATOR: a line break inside a paragraph (Word's w:br, ODT's
 * text:line-break). A model line is a paragraph (one 款, one locator); where
 * its reader sees a line end, the line holds this character. `normlint text`
 * prints it as a line break; excerpts and messages show a space. */
#define NL_LINE_SEPARATOR 0x2028u
#define NL_LINE_SEPARATOR_UTF8 "\xE2\x80\xA8"

typedef enum nl_status {
    NL_OK = 0,
    NL_ERR_NOMEM = 1,       /* allocation failed */
    NL_ERR_IO = 2,          /* cannot open, stat or read a file */
    NL_ERR_TOO_LARGE = 3,   /* input exceeds the size cap */
    NL_ERR_BINARY = 4,      /* input holds NUL bytes: not a text file */
    NL_ERR_ENCODING = 5,    /* bytes are neither valid UTF-8/UTF-16 nor GB18030 */
    NL_ERR_UNSUPPORTED = 6, /* a format normlint does not read */
    NL_ERR_INVALID = 7,     /* a bad argument or option value */
    NL_ERR_PARSE = 8,       /* malformed content (numbers, dates, structures) */
    NL_ERR_RULE = 9,        /* a rule pack is invalid (unknown key, bad pattern, failing example, ...) */
    NL_ERR_LIMIT = 10       /* a pattern hit the match or depth limit */
} nl_status;

/* A short English name of a status ("io", "binary", ...). Never NULL. */
const char *nl_status_name(nl_status st);

#define NL_ERROR_MSG_MAX 512
#define NL_ERROR_PATH_MAX 1024

/* Caller-owned error report. `message` is a complete sentence without the
 * path; `path` names the input it concerns (may be empty). line/column are
 * 1-based when known, 0 otherwise. */
typedef struct nl_error {
    nl_status status;
    char path[NL_ERROR_PATH_MAX];
    char message[NL_ERROR_MSG_MAX];
    unsigned long line, column;
} nl_error;

/* Fill `err` (may be NULL) and return `st`, so callers can write
 * `return nl_error_set(err, NL_ERR_IO, path, "cannot open: %s", strerror(e));`. */
nl_status nl_error_set(nl_error *err, nl_status st, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Reset `err` (may be NULL) to NL_OK with empty strings. */
void nl_error_clear(nl_error *err);

/* A half-open byte range [start, end) into a document's UTF-8 text. */
typedef struct nl_span {
    size_t start, end;
} nl_span;

static inline size_t nl_span_len(nl_span s) { return s.end - s.start; }
static inline int nl_span_empty(nl_span s) { return s.end <= s.start; }

/* Read a whole file (or stream; `name` names it in errors) into *out,
 * NUL-terminated (caller frees), *len its length. NL_ERR_IO when it cannot be
 * opened or read ("cannot open WHAT: reason", `what` such as "the baseline"),
 * NL_ERR_TOO_LARGE beyond `max` bytes, NL_ERR_NOMEM. */
nl_status nl_read_file(const char *path, const char *what, size_t max, char **out, size_t *len, nl_error *err);
nl_status nl_read_stream(FILE *f, const char *name, const char *what, size_t max, char **out, size_t *len,
                         nl_error *err);

/* Writing a file without ever leaving a partial one: the content goes to a
 * temporary file in the same directory, which nl_atomic_commit flushes,
 * fsyncs and renames over `path` (keeping an existing file's permissions,
 * else 0666 less the umask). nl_atomic_abort, or a failed commit, removes the
 * temporary file and leaves `path` as it was. */
typedef struct nl_atomic nl_atomic;
nl_status nl_atomic_open(nl_atomic **out, const char *path, nl_error *err);
FILE *nl_atomic_stream(nl_atomic *a);
/* Give the file `mode` (e.g. 0755 for a git hook) whatever the umask and an
 * existing file's permissions; before the commit. NL_ERR_IO on failure (the
 * caller then aborts). No-op for a device or FIFO target. */
nl_status nl_atomic_set_mode(nl_atomic *a, unsigned mode, nl_error *err);
nl_status nl_atomic_commit(nl_atomic *a, nl_error *err); /* frees `a` */
void nl_atomic_abort(nl_atomic *a);                      /* frees `a`; accepts NULL */

/* Growing arrays: the one way the library and the command line grow them.
 *
 *   if (nl_grow((void **)&a->items, &a->cap, a->n, sizeof *a->items, 16) != 0)
 *       return NL_ERR_NOMEM;
 *   a->items[a->n++] = item;
 *
 * nl_grow makes room for one more element: when n == *cap the array doubles
 * (to `first` elements the first time). nl_reserve makes room for `need`
 * elements, doubling (from `first`) until they fit; new elements are not
 * initialised. Both return 0, or -1 on overflow or when out of memory, with
 * the array and *cap left as they were. */
int nl_grow(void **p, size_t *cap, size_t n, size_t elem, size_t first);
int nl_reserve(void **p, size_t *cap, size_t need, size_t elem, size_t first);

#ifdef __cplusplus
}
#endif
#endif
