/*
 * strbuf.c — the growable byte buffer of strbuf.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

char *nl_buf_grow(nl_buf *b, size_t more)
{
    if (b->oom)
        return NULL;
    if (b->n + more + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + more + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return NULL;
        }
        b->p = np;
        b->cap = cap;
    }
    return b->p + b->n;
}

void nl_buf_put(nl_buf *b, const char *s, size_t n)
{
    char *o = nl_buf_reserve(b, n);
    if (!o)
        return;
    memcpy(o, s, n);
    nl_buf_commit(b, n);
}

void nl_buf_puts(nl_buf *b, const char *s) { nl_buf_put(b, s, strlen(s)); }

const char *nl_buf_str(const nl_buf *b) { return b->p ? b->p : ""; }

void nl_buf_free(nl_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    b->oom = 0;
}
