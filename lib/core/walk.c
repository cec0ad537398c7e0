/*
 * walk.c — recursive directory walking: the inputs of check, parse and audit,
 * and the files of a rule pack.
 *
 * Entries are sorted by name so output order never depends on the file
 * system. Directories are recognised with lstat, so a symbolic link to a
 * directory is never entered (this rules out link loops); a link to a file is
 * read like the file. Which names count is the caller's `accept`: documents
 * are the loaders' business (nl_walk in load.c), rule packs walk for their
 * own names.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/grow.h"
#include "normlint/walk.h"

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int report(nl_walk_fn fn, void *ud, const char *path, int e, const char *what)
{
    nl_error err;
    nl_error_set(&err, NL_ERR_IO, path, "%s: %s", what, strerror(e));
    return fn(ud, NULL, &err);
}

static nl_status walk_dir(const char *path, nl_walk_accept_fn accept, nl_walk_fn fn, void *ud, int *stop, int depth)
{
    if (depth > 64) {
        nl_error err;
        nl_error_set(&err, NL_ERR_IO, path, "directory nesting deeper than 64 levels; not entered");
        *stop = fn(ud, NULL, &err);
        return NL_OK;
    }
    DIR *d = opendir(path);
    if (!d) {
        *stop = report(fn, ud, path, errno, "cannot open directory");
        return NL_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    nl_status st = NL_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (nl_grow((void **)&names, &cap, n, sizeof *names, 32) != 0) {
            st = NL_ERR_NOMEM;
            goto done;
        }
        size_t plen = strlen(path), len = strlen(de->d_name);
        char *full = malloc(plen + len + 2);
        if (!full) {
            st = NL_ERR_NOMEM;
            goto done;
        }
        memcpy(full, path, plen);
        size_t k = plen;
        if (k == 0 || full[k - 1] != '/')
            full[k++] = '/';
        memcpy(full + k, de->d_name, len + 1);
        names[n++] = full;
    }
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && !*stop && st == NL_OK; i++) {
        struct stat sb;
        if (lstat(names[i], &sb) != 0) {
            *stop = report(fn, ud, names[i], errno, "cannot stat");
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            st = walk_dir(names[i], accept, fn, ud, stop, depth + 1);
        } else if (accept(names[i])) {
            *stop = fn(ud, names[i], NULL);
        }
    }
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return st;
}

nl_status nl_walk_matching(const char *path, nl_walk_accept_fn accept, nl_walk_fn fn, void *ud)
{
    struct stat sb;
    int stop = 0;
    if (stat(path, &sb) != 0) {
        /* a missing path is an input that cannot be read, not a silent pass
           (lstat: a dangling link is the loader's to report) */
        if (lstat(path, &sb) != 0)
            report(fn, ud, path, errno, "cannot open");
        else
            fn(ud, path, NULL);
        return NL_OK;
    }
    if (S_ISDIR(sb.st_mode))
        return walk_dir(path, accept, fn, ud, &stop, 0);
    /* a named file, whatever its name */
    fn(ud, path, NULL);
    return NL_OK;
}

/* Counts what a walk hands on, so an operand that yields nothing is said. */
typedef struct counted {
    nl_walk_fn fn;
    void *ud;
    size_t n;
} counted;

static int count_one(void *ud, const char *path, const nl_error *err)
{
    counted *c = ud;
    c->n++;
    return c->fn(c->ud, path, err);
}

nl_status nl_walk_operand(const char *path, nl_walk_accept_fn accept, nl_walk_fn fn, void *ud)
{
    counted c = {fn, ud, 0};
    nl_status st = nl_walk_matching(path, accept, count_one, &c);
    if (st == NL_OK && c.n == 0) {
        nl_error err;
        nl_error_set(&err, NL_ERR_IO, path, "no file to check in this folder");
        fn(ud, NULL, &err);
    }
    return st;
}
