/* grow.c — see grow.h. */
#include <stdint.h>
#include <stdlib.h>

#include "core/grow.h"

int nl_reserve(void **p, size_t *cap, size_t need, size_t elem, size_t first)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : first ? first : 1;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return -1;
        c *= 2;
    }
    if (c > SIZE_MAX / elem)
        return -1;
    void *np = realloc(*p, c * elem);
    if (!np)
        return -1;
    *p = np;
    *cap = c;
    return 0;
}

int nl_grow(void **p, size_t *cap, size_t n, size_t elem, size_t first)
{
    if (n < *cap)
        return 0;
    if (n == SIZE_MAX)
        return -1;
    return nl_reserve(p, cap, n + 1, elem, first);
}
