/*
 * cache.c — the cache folder and its markers (see cache.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/cache.h"
#include "normlint/core.h"

uint64_t nl_hash64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

uint64_t nl_hash64_words(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = NL_HASH64_INIT ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    return nl_hash64(h, b + i, n - i);
}

int nl_cache_make_dir(const char *dir)
{
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        mkdir(parent, 0777);
    }
    mkdir(dir, 0777);
    struct stat sb;
    return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) ? 0 : -1;
}

static int mark_path(const char *dir, const char *name, char *path, size_t size)
{
    int n = dir ? snprintf(path, size, "%s/%s", dir, name) : -1;
    return n > 0 && (size_t)n < size;
}

int nl_cache_has_mark(const char *dir, const char *name, const char *body)
{
    char path[4400];
    if (!mark_path(dir, name, path, sizeof path))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t len = strlen(body);
    char buf[512];
    int ok = len < sizeof buf && fread(buf, 1, sizeof buf, f) == len && memcmp(buf, body, len) == 0;
    fclose(f);
    return ok;
}

void nl_cache_mark(const char *dir, const char *name, const char *body)
{
    char path[4400];
    if (!mark_path(dir, name, path, sizeof path) || nl_cache_make_dir(dir) != 0)
        return;
    nl_atomic *a = NULL;
    if (nl_atomic_open(&a, path, NULL) != NL_OK)
        return;
    size_t len = strlen(body);
    if (fwrite(body, 1, len, nl_atomic_stream(a)) == len)
        nl_atomic_commit(a, NULL);
    else
        nl_atomic_abort(a);
}

#define DAY 86400

void nl_cache_prune(const char *dir, const char *prefix, int days)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static const char *done[8];
    static size_t ndone;
    if (!dir)
        return;
    pthread_mutex_lock(&mu);
    int again = 0;
    for (size_t i = 0; i < ndone; i++)
        again |= strcmp(done[i], prefix) == 0;
    if (!again && ndone < sizeof done / sizeof done[0])
        done[ndone++] = prefix;
    pthread_mutex_unlock(&mu);
    DIR *d = again ? NULL : opendir(dir);
    if (!d)
        return;
    time_t cut = time(NULL) - (time_t)days * DAY;
    size_t plen = strlen(prefix);
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat sb;
        if (strncmp(e->d_name, prefix, plen) == 0 && fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(sb.st_mode) && sb.st_mtime < cut)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

void nl_cache_keep(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && sb.st_mtime < time(NULL) - DAY)
        utimensat(AT_FDCWD, path, NULL, 0);
}
