/*
 * strbuf.h — a growable byte buffer (internal). Appends never fail loudly:
 * an allocation failure sets `oom` and later appends do nothing, so a
 * builder checks once at the end.
 */
#ifndef NL_CORE_STRBUF_H
#define NL_CORE_STRBUF_H

#include <stddef.h>

typedef struct nl_buf {
    char *p; /* NUL-terminated once anything was appended; NULL before */
    size_t n, cap;
    int oom;
} nl_buf;

void nl_buf_put(nl_buf *b, const char *s, size_t n);
/* Writing in place: room for `more` bytes after the contents (and the NUL),
 * returned as where to write them, NULL (oom set) when out of memory; then
 * nl_buf_commit(b, k) with the k <= more bytes written. */
char *nl_buf_grow(nl_buf *b, size_t more); /* the slow path of nl_buf_reserve */
static inline char *nl_buf_reserve(nl_buf *b, size_t more)
{
    return !b->oom && b->n + more < b->cap ? b->p + b->n : nl_buf_grow(b, more);
}
static inline void nl_buf_commit(nl_buf *b, size_t k)
{
    b->n += k;
    b->p[b->n] = '\0';
}
void nl_buf_puts(nl_buf *b, const char *s);
/* The contents ("" when empty). */
const char *nl_buf_str(const nl_buf *b);
void nl_buf_free(nl_buf *b);

#endif
