/*
 * atomic.c — files written whole or not at all: a temporary file next to the
 * target (so the rename stays on one file system), fsync, then rename. The
 * directory is fsynced too, so the rename survives a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "normlint/core.h"

struct nl_atomic {
    FILE *f;
    char *path;
    char *tmp; /* NULL: writing straight to a device or FIFO */
};

/* A target that exists and is not a regular file (/dev/stdout, a FIFO, a
   device) cannot be replaced: it is written in place. */
static nl_status open_special(nl_atomic *a, nl_error *err)
{
    if (!(a->f = fopen(a->path, "w"))) {
        int e = errno;
        nl_error_set(err, NL_ERR_IO, a->path, "cannot write: %s", strerror(e));
        free(a->path);
        free(a);
        return NL_ERR_IO;
    }
    return NL_OK;
}

nl_status nl_atomic_open(nl_atomic **out, const char *path, nl_error *err)
{
    *out = NULL;
    nl_atomic *a = calloc(1, sizeof *a);
    size_t n = strlen(path);
    struct stat sb;
    if (a && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if (S_ISDIR(sb.st_mode)) {
            free(a);
            return nl_error_set(err, NL_ERR_IO, path, "cannot write: it is a directory");
        }
        if (!(a->path = strdup(path))) {
            free(a);
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        }
        nl_status st = open_special(a, err);
        if (st == NL_OK)
            *out = a;
        return st;
    }
    if (!a || !(a->path = strdup(path)) || !(a->tmp = malloc(n + 16))) {
        if (a)
            free(a->path);
        free(a);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    /* ".NAME.XXXXXX" in the target's directory: hidden, and never matched by
       a walk for documents */
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(a->tmp, n + 16, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int e = errno;
        nl_error_set(err, NL_ERR_IO, path, "cannot create a file in its directory: %s", strerror(e));
        free(a->tmp);
        free(a->path);
        free(a);
        return NL_ERR_IO;
    }
    mode_t mode;
    if (stat(path, &sb) == 0) {
        mode = sb.st_mode & 07777;
    } else {
        mode_t um = umask(022);
        umask(um);
        mode = 0666 & ~um;
    }
    if (fchmod(fd, mode) != 0 || !(a->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(a->tmp);
        nl_error_set(err, NL_ERR_IO, path, "cannot write: %s", strerror(e));
        free(a->tmp);
        free(a->path);
        free(a);
        return NL_ERR_IO;
    }
    *out = a;
    return NL_OK;
}

FILE *nl_atomic_stream(nl_atomic *a) { return a->f; }

nl_status nl_atomic_set_mode(nl_atomic *a, unsigned mode, nl_error *err)
{
    if (a->tmp && fchmod(fileno(a->f), (mode_t)(mode & 07777)) != 0) {
        int e = errno;
        return nl_error_set(err, NL_ERR_IO, a->path, "cannot write: %s", strerror(e));
    }
    return NL_OK;
}

void nl_atomic_abort(nl_atomic *a)
{
    if (!a)
        return;
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        unlink(a->tmp);
    free(a->tmp);
    free(a->path);
    free(a);
}

static void sync_dir(const char *path)
{
    char *d = strdup(path);
    if (!d)
        return;
    char *slash = strrchr(d, '/');
    const char *dir = ".";
    if (slash == d)
        dir = "/";
    else if (slash) {
        *slash = '\0';
        dir = d;
    }
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(d);
}

nl_status nl_atomic_commit(nl_atomic *a, nl_error *err)
{
    int failed = fflush(a->f) != 0 || ferror(a->f);
    int e = failed ? errno : 0;
    if (!a->tmp) {
        if (fclose(a->f) != 0 && !failed) {
            failed = 1;
            e = errno;
        }
        nl_status st = failed ? nl_error_set(err, NL_ERR_IO, a->path, "cannot write: %s", strerror(e ? e : EIO))
                              : NL_OK;
        free(a->path);
        free(a);
        return st;
    }
    if (!failed && fsync(fileno(a->f)) != 0) {
        failed = 1;
        e = errno;
    }
    if (fclose(a->f) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    a->f = NULL;
    if (!failed && rename(a->tmp, a->path) != 0) {
        failed = 1;
        e = errno;
    }
    nl_status st = NL_OK;
    if (failed) {
        st = nl_error_set(err, NL_ERR_IO, a->path, "cannot write: %s (the file was left as it was)",
                          strerror(e ? e : EIO));
        unlink(a->tmp);
    } else {
        sync_dir(a->path);
    }
    free(a->tmp);
    free(a->path);
    free(a);
    return st;
}
