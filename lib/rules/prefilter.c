/*
 * prefilter.c — Hyperscan behind prefilter.h (the only file that includes
 * it): one scan of a document tells which of the rules' patterns can match
 * anywhere in it.
 *
 * Each filter is compiled in prefilter mode (HS_FLAG_PREFILTER), which
 * matches at least wherever PCRE2 would: a filter that does not fire in a
 * document cannot match any slice of it (the filters are local patterns, see
 * nl_pat_filter), so its pattern is not searched there. A filter Hyperscan
 * cannot compile is simply left out (its pattern is always searched).
 *
 * The filters are grouped by the document types whose checks ask about them
 * (the types their rules apply to), one database per group: a statute is
 * scanned for the dozen filters of the rules that judge statutes, not for
 * the hundreds that judge only normative documents, and the scan is most of
 * the cost of checking a document. A group's database is loaded (or built)
 * the first time a document needs it, so a run that checks nothing loads
 * none.
 *
 * Compiling a group takes long compared with checking one draft, so each
 * database is cached under $XDG_CACHE_HOME/normlint (else
 * ~/.cache/normlint), named by a hash of the Hyperscan version and of the
 * group's filters and flags; a file is used only when its magic and the
 * checksum of its bytes agree, else it is rebuilt and replaced.
 * NORMLINT_CACHE=off turns the cache off.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS and MAP_POPULATE (Linux), used when there */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "core/cache.h"
#include "rules/prefilter.h"

#ifdef NL_HAVE_HS
#include <hs/hs.h>

#define MAGIC "NLPF0002"
#define FLAGS (HS_FLAG_PREFILTER | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY)

/* The filters that documents of the same types ask about, and their
   database once a document has needed it. */
typedef struct group {
    unsigned types;        /* bit (1u << nl_doctype) per type whose documents scan this group */
    size_t n;              /* filters in the group */
    const char **src;      /* their sources (in the prefilter's copy) */
    unsigned *ids;         /* their ids in the prefilter */
    atomic_int loaded;     /* db, mapped and in are set (under the prefilter's lock) */
    hs_database_t *db;     /* NULL when Hyperscan refused every filter of the group */
    size_t mapped;         /* db lives in a mapping of this many bytes (else HS allocated it) */
    unsigned char *in;     /* in[k]: filter k of the group is in db (the others always "may match") */
} group;

struct nl_prefilter {
    size_t n;              /* filters (ids 0..n-1) */
    group *g;
    size_t ng;
    char *text;            /* the filters' sources, one after another */
    pthread_mutex_t mu;    /* loading a group */
};

struct nl_prefilter_scratch {
    hs_scratch_t *s;       /* grown for each group this thread has scanned (hs_alloc_scratch) */
    unsigned char *grown;  /* per group */
};

/* the cache file for these filters, or 0 when there is no cache */
static int cache_path(const char *const *src, size_t n, char *buf, size_t size, char *dir, size_t dsize)
{
    if (!nl_cache_dir(dir, dsize))
        return 0;
    uint64_t h = NL_HASH64_INIT;
    const char *v = hs_version();
    h = nl_hash64(h, v, strlen(v) + 1);
    unsigned flags = FLAGS;
    h = nl_hash64(h, &flags, sizeof flags);
    for (size_t i = 0; i < n; i++) {
        /* each source by the hash of its words (bytes one at a time cost a
           millisecond a start), delimited by that hash */
        uint64_t w = src[i] ? nl_hash64_words(src[i], strlen(src[i])) : 0;
        h = nl_hash64(h, &w, sizeof w);
    }
    snprintf(buf, size, "%s/prefilter-%016llx.hsdb", dir, (unsigned long long)h);
    return 1;
}

/* The file: MAGIC, a checksum (nl_hash64_words of the rest), the filter count, the
   mask of filters in the database, the serialised database. */
/* The database of a serialised one. Where the system can, it is built in
   memory mapped and filled in one call (*mapped: its size), because taking
   megabytes page by page costs a fault per page, more than the rest of a
   one-draft check; else HS allocates it (*mapped 0). NULL when HS refuses. */
static hs_database_t *deserialize(const char *ser, size_t len, size_t *mapped)
{
    hs_database_t *db = NULL;
    *mapped = 0;
#if defined(MAP_ANONYMOUS) && defined(MAP_POPULATE)
    size_t size;
    if (hs_serialized_database_size(ser, len, &size) == HS_SUCCESS && size > 0) {
        void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (m != MAP_FAILED) {
            if (hs_deserialize_database_at(ser, len, (hs_database_t *)m) == HS_SUCCESS) {
                *mapped = size;
                return (hs_database_t *)m;
            }
            munmap(m, size);
            return NULL;
        }
    }
#endif
    return hs_deserialize_database(ser, len, &db) == HS_SUCCESS ? db : NULL;
}

static void free_database(hs_database_t *db, size_t mapped)
{
    if (mapped)
        munmap(db, mapped);
    else
        hs_free_database(db);
}

static hs_database_t *cache_load(const char *path, size_t n, unsigned char *in, size_t *mapped)
{
    /* Mapped, not read: the file is megabytes, and a read into fresh memory
       costs a page fault per page where a mapping is filled many pages at
       a time. (Cache files are replaced by rename, never rewritten in place.) */
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat sb;
    hs_database_t *db = NULL;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 24 + (off_t)n && sb.st_size < (off_t)256 << 20) {
        size_t size = (size_t)sb.st_size;
        const char *f = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (f != MAP_FAILED) {
            const char *bytes = f + 16;
            size_t len = size - 16;
            uint64_t sum, count;
            memcpy(&sum, f + 8, 8);
            memcpy(&count, bytes, 8);
            if (memcmp(f, MAGIC, 8) == 0 && nl_hash64_words(bytes, len) == sum && count == n) {
                memcpy(in, bytes + 8, n);
                db = deserialize(bytes + 8 + n, len - 8 - n, mapped);
            }
            munmap((void *)(uintptr_t)f, size);
        }
    }
    close(fd);
    return db;
}

static void cache_store(const char *dir, const char *path, const hs_database_t *db, size_t n, const unsigned char *in)
{
    char *ser = NULL;
    size_t slen = 0;
    if (hs_serialize_database(db, &ser, &slen) != HS_SUCCESS)
        return;
    size_t len = 8 + n + slen;
    char *bytes = malloc(len);
    if (!bytes) {
        free(ser);
        return;
    }
    uint64_t count = n;
    memcpy(bytes, &count, 8);
    memcpy(bytes + 8, in, n);
    memcpy(bytes + 8 + n, ser, slen);
    free(ser);
    /* the folder (and its parent ~/.cache) may not exist yet */
    nl_atomic *a = NULL;
    if (nl_cache_make_dir(dir) == 0 && nl_atomic_open(&a, path, NULL) == NL_OK) {
        uint64_t sum = nl_hash64_words(bytes, len);
        FILE *f = nl_atomic_stream(a);
        if (fwrite(MAGIC, 1, 8, f) == 8 && fwrite(&sum, 1, 8, f) == 8 && fwrite(bytes, 1, len, f) == len)
            nl_atomic_commit(a, NULL);
        else
            nl_atomic_abort(a);
    }
    free(bytes);
}

/* Compile the filters, leaving out those Hyperscan refuses (one at a time);
   in[i] says which are in. */
static hs_database_t *build(const char *const *src, size_t n, unsigned char *in)
{
    const char **exprs = malloc((n ? n : 1) * sizeof *exprs);
    unsigned *flags = malloc((n ? n : 1) * sizeof *flags), *ids = malloc((n ? n : 1) * sizeof *ids);
    hs_database_t *db = NULL;
    size_t m = 0;
    if (exprs && flags && ids) {
        for (size_t i = 0; i < n; i++)
            if (src[i]) {
                exprs[m] = src[i];
                flags[m] = FLAGS;
                ids[m++] = (unsigned)i;
            }
        while (m > 0) {
            hs_compile_error_t *e = NULL;
            if (hs_compile_multi(exprs, flags, ids, (unsigned)m, HS_MODE_BLOCK, NULL, &db, &e) == HS_SUCCESS)
                break;
            int bad = e ? e->expression : -1;
            hs_free_compile_error(e);
            db = NULL;
            if (bad < 0 || (size_t)bad >= m)
                break; /* not one expression's fault: no prefilter */
            memmove(&exprs[bad], &exprs[bad + 1], (m - (size_t)bad - 1) * sizeof *exprs);
            memmove(&flags[bad], &flags[bad + 1], (m - (size_t)bad - 1) * sizeof *flags);
            memmove(&ids[bad], &ids[bad + 1], (m - (size_t)bad - 1) * sizeof *ids);
            m--;
        }
    }
    memset(in, 0, n);
    for (size_t i = 0; db && i < m; i++)
        in[ids[i]] = 1;
    free(exprs);
    free(flags);
    free(ids);
    return db;
}

nl_prefilter *nl_prefilter_new(const char *const *src, const unsigned *types, size_t n)
{
    if (n == 0 || hs_valid_platform() != HS_SUCCESS)
        return NULL;
    nl_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    pthread_mutex_init(&pf->mu, NULL);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += src[i] ? strlen(src[i]) + 1 : 0;
    if (!(pf->g = calloc(n, sizeof *pf->g)) || !(pf->text = malloc(bytes ? bytes : 1)))
        goto fail;
    pf->n = n;
    /* one group per distinct set of types, in the order first seen */
    char *w = pf->text;
    for (size_t i = 0; i < n; i++) {
        if (!src[i])
            continue;
        size_t k = 0;
        while (k < pf->ng && pf->g[k].types != types[i])
            k++;
        group *g = &pf->g[k];
        if (k == pf->ng) {
            pf->ng++;
            g->types = types[i];
            atomic_init(&g->loaded, 0);
            if (!(g->src = malloc(n * sizeof *g->src)) || !(g->ids = malloc(n * sizeof *g->ids)))
                goto fail;
        }
        size_t len = strlen(src[i]) + 1;
        memcpy(w, src[i], len);
        g->src[g->n] = w;
        g->ids[g->n++] = (unsigned)i;
        w += len;
    }
    return pf;
fail:
    nl_prefilter_free(pf);
    return NULL;
}

/* Load or build the database of group g (once, under the prefilter's lock).
   A group Hyperscan refuses has no database: its filters always "may match". */
static const group *load(const nl_prefilter *cpf, size_t k)
{
    nl_prefilter *pf = (nl_prefilter *)(uintptr_t)cpf;
    group *g = &pf->g[k];
    if (atomic_load_explicit(&g->loaded, memory_order_acquire))
        return g;
    pthread_mutex_lock(&pf->mu);
    if (!atomic_load_explicit(&g->loaded, memory_order_relaxed)) {
        char path[4200], dir[4096];
        g->in = malloc(g->n);
        if (g->in) {
            int cached = cache_path((const char *const *)g->src, g->n, path, sizeof path, dir, sizeof dir);
            g->db = cached ? cache_load(path, g->n, g->in, &g->mapped) : NULL;
            if (g->db) {
                nl_cache_keep(path);
            } else {
                g->db = build((const char *const *)g->src, g->n, g->in);
                if (g->db && cached) {
                    cache_store(dir, path, g->db, g->n, g->in);
                    nl_cache_prune("prefilter-", 30); /* databases of rules no run has used for a month */
                }
            }
        }
        atomic_store_explicit(&g->loaded, 1, memory_order_release);
    }
    pthread_mutex_unlock(&pf->mu);
    return g;
}

void nl_prefilter_free(nl_prefilter *pf)
{
    if (!pf)
        return;
    for (size_t k = 0; k < pf->ng; k++) {
        group *g = &pf->g[k];
        if (g->db)
            free_database(g->db, g->mapped);
        free(g->in);
        free(g->src);
        free(g->ids);
    }
    pthread_mutex_destroy(&pf->mu);
    free(pf->g);
    free(pf->text);
    free(pf);
}

size_t nl_prefilter_count(const nl_prefilter *pf) { return pf ? pf->n : 0; }

nl_prefilter_scratch *nl_prefilter_scratch_new(const nl_prefilter *pf)
{
    if (!pf)
        return NULL;
    nl_prefilter_scratch *s = calloc(1, sizeof *s);
    if (s && !(s->grown = calloc(pf->ng ? pf->ng : 1, 1))) {
        free(s);
        s = NULL;
    }
    return s;
}

void nl_prefilter_scratch_free(nl_prefilter_scratch *s)
{
    if (!s)
        return;
    hs_free_scratch(s->s);
    free(s->grown);
    free(s);
}

typedef struct hits {
    unsigned char *present;
    const unsigned *ids;
} hits;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from;
    (void)to;
    (void)flags;
    hits *h = ctx;
    h->present[h->ids[id]] = 1;
    return 0;
}

int nl_prefilter_scan(const nl_prefilter *pf, nl_prefilter_scratch *s, unsigned types, const char *text, size_t len,
                      unsigned char *present)
{
    memset(present, 1, pf->n); /* filters of the groups not scanned: may match */
    if (len > 0xffffffffu)
        return -1;
    for (size_t k = 0; k < pf->ng; k++) {
        if (!(pf->g[k].types & types))
            continue;
        const group *g = load(pf, k);
        if (!g->db)
            continue;
        if (!s->grown[k]) {
            if (hs_alloc_scratch(g->db, &s->s) != HS_SUCCESS)
                continue; /* unscanned: its filters may match */
            s->grown[k] = 1;
        }
        for (size_t i = 0; i < g->n; i++)
            present[g->ids[i]] = !g->in[i]; /* left out of the database: may match */
        hits h = {present, g->ids};
        if (hs_scan(g->db, text, (unsigned)len, 0, s->s, on_match, &h) != HS_SUCCESS)
            return -1;
    }
    return 0;
}

#else /* without Hyperscan: no prefilter; every pattern is searched */

nl_prefilter *nl_prefilter_new(const char *const *src, const unsigned *types, size_t n)
{
    (void)src;
    (void)types;
    (void)n;
    return NULL;
}
void nl_prefilter_free(nl_prefilter *pf) { (void)pf; }
size_t nl_prefilter_count(const nl_prefilter *pf)
{
    (void)pf;
    return 0;
}
nl_prefilter_scratch *nl_prefilter_scratch_new(const nl_prefilter *pf)
{
    (void)pf;
    return NULL;
}
void nl_prefilter_scratch_free(nl_prefilter_scratch *s) { (void)s; }
int nl_prefilter_scan(const nl_prefilter *pf, nl_prefilter_scratch *s, unsigned types, const char *text, size_t len,
                      unsigned char *present)
{
    (void)pf;
    (void)s;
    (void)types;
    (void)text;
    (void)len;
    (void)present;
    return -1;
}
#endif
