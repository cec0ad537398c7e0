/*
 * strbuf.c — the growable byte buffer of strbuf.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

void nl_buf_put(nl_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
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
