/*
 * file.c — reading a whole file (or stream) into memory, with a size cap:
 * the one place the library and the CLI slurp small inputs (baselines,
 * registers, file lists, hooks).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "normlint/core.h"

nl_status nl_read_stream(FILE *f, const char *name, const char *what, size_t max, char **out, size_t *len,
                         nl_error *err)
{
    *out = NULL;
    *len = 0;
    size_t cap = 4096, n = 0, got;
    char *p = malloc(cap);
    while (p && (got = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n > max) {
            free(p);
            return nl_error_set(err, NL_ERR_TOO_LARGE, name, "%s%sis larger than %zu bytes", what ? what : "",
                                what ? " " : "", max);
        }
        if (n == cap - 1 && nl_reserve((void **)&p, &cap, cap + 1, 1, 1) != 0) {
            free(p);
            p = NULL;
        }
    }
    if (!p)
        return nl_error_set(err, NL_ERR_NOMEM, name, "out of memory");
    if (ferror(f)) {
        int e = errno;
        free(p);
        return nl_error_set(err, NL_ERR_IO, name, "cannot read%s%s: %s", what ? " " : "", what ? what : "",
                            strerror(e ? e : EIO));
    }
    p[n] = '\0';
    *out = p;
    *len = n;
    return NL_OK;
}

nl_status nl_read_file(const char *path, const char *what, size_t max, char **out, size_t *len, nl_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return nl_error_set(err, NL_ERR_IO, path, "cannot open%s%s: %s", what ? " " : "", what ? what : "",
                            strerror(errno));
    nl_status st = nl_read_stream(f, path, what, max, out, len, err);
    fclose(f);
    return st;
}
