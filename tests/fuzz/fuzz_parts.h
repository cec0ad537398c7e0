/*
 * fuzz_parts.h — the input layout of the targets that pack XML parts into
 * a ZIP themselves (fuzz_office.c, fuzz_ofdparts.c): the parts one after
 * the other, separated by NUL bytes, each given the next of a fixed list of
 * member names; an empty or missing part is left out. Header-only, because
 * each target is one translation unit.
 */
#ifndef NL_FUZZ_PARTS_H
#define NL_FUZZ_PARTS_H

#include <stddef.h>
#include <string.h>

/* Split in[pos..size) into at most nnames parts named names[k]: the
   members' names, data and lengths go to zn, zd and zl from index n on.
   Returns the new count of members. */
static inline size_t fuzz_split_parts(const char *in, size_t size, size_t pos, const char *const *names,
                                      size_t nnames, const char **zn, const char **zd, size_t *zl, size_t n)
{
    for (size_t k = 0; k < nnames && pos < size; k++) {
        const char *nul = memchr(in + pos, '\0', size - pos);
        size_t len = nul ? (size_t)(nul - (in + pos)) : size - pos;
        if (len) {
            zn[n] = names[k];
            zd[n] = in + pos;
            zl[n++] = len;
        }
        pos += len + 1;
    }
    return n;
}

#endif
