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
 * A document is scanned once for the filters its checks ask about: those
 * of the rules that apply to its type (every filter for a document of
 * unknown type). Each such set (a plan: at most one per document type) has
 * its own databases: a statute is scanned for the dozen filters of the
 * rules that judge statutes, not for the hundreds that judge only normative
 * documents, and a normative document in one pass over the text, not one
 * per set of types the rules name. A plan is made and its databases loaded
 * (or built) the first time a document needs them, so a run that checks
 * nothing loads none.
 *
 * Most filters are chains of words with gaps that stop at 。 or ； (须经
 * [^。；]*(批准|核准)), and Hyperscan runs such a chain as an automaton that
 * stays awake from each common first word (须, 对, 不得) to the end of its
 * sentence: hundreds of them made the scan most of the cost of a check. So
 * a filter whose matches must contain certain literals and cannot hold 。
 * (literals.h) is not compiled as a pattern: the plan's second database
 * holds only those literals, which Hyperscan finds at a small fraction of
 * the cost. Such a filter is "present" (2) when each of its clauses has a
 * literal in the document, and it can then match only inside the segments
 * (the stretches between two 。, or between two of 。 and ； when its
 * matches cannot hold ； either) that hold a literal of every clause
 * (nl_prefilter_segments): the engine searches those few short stretches
 * with PCRE2 instead of the whole text. The other filters stay patterns in
 * the first database, as before.
 *
 * Compiling a plan takes long compared with checking one draft, so each
 * database is cached in the caller's cache folder (nl_ruleset_opts), named
 * by a hash of the Hyperscan version and of the plan's filters and flags; a
 * file is used only when its magic and the checksum of its bytes agree, else
 * it is rebuilt and replaced. Without a folder nothing is cached.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS and MAP_POPULATE (Linux), used when there */
#include <fcntl.h>
#include <limits.h>
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
#include "core/grow.h"
#include "rules/literals.h"
#include "rules/prefilter.h"

#ifdef NL_HAVE_HS
#include <hs/hs.h>

#define MAGIC "NLPF0003"
#define FLAGS (HS_FLAG_PREFILTER | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY)

#define MAX_PLANS 64 /* document types are fewer: past this, documents are not scanned */

/* The filters that documents of one type ask about (a plan), and their
   databases once a document has needed them. */
typedef struct plan {
    unsigned types;        /* the `types` of nl_prefilter_scan this plan serves */
    size_t *index_of;      /* per filter id: its index in the plan, SIZE_MAX when not in it */
    size_t n;              /* filters in the plan */
    const char **src;      /* their sources (in the prefilter's copy) */
    unsigned *ids;         /* their ids in the prefilter */
    atomic_int loaded;     /* the rest is set (under the prefilter's lock) */
    /* the filters without a literal requirement, as patterns */
    hs_database_t *db;     /* NULL when there are none, or Hyperscan refused them all */
    size_t mapped;         /* db lives in a mapping of this many bytes (else HS allocated it) */
    unsigned char *in;     /* in[k]: filter k is in db (the others without a requirement: "may match") */
    /* the filters with one (req[k] != NULL), by their literals */
    nl_litreq **req;       /* per filter */
    hs_database_t *ldb;    /* the distinct literals, ids 0..nlit-1; NULL when none */
    size_t lmapped;
    size_t nlit;
    unsigned *lit_len;     /* bytes of each literal */
    unsigned *cstart;      /* filter k's clauses are cstart[k] .. cstart[k + 1] */
    unsigned *lstart;      /* clause c's literals are clit[lstart[c] .. lstart[c + 1]) */
    unsigned *clit;
} plan;

struct nl_prefilter {
    size_t n;              /* filters (ids 0..n-1) */
    const char **src;      /* their sources (NULL: left out), in text */
    unsigned *types;       /* the document types whose checks ask about each */
    plan g[MAX_PLANS];     /* plans g[0 .. ng) */
    atomic_size_t ng;      /* a plan counts once made (under mu) */
    char *text;            /* the filters' sources, one after another */
    char *cache_dir;       /* where databases are kept (NULL: nowhere) */
    int cached_only;       /* a database the cache lacks is not built */
    pthread_mutex_t mu;    /* making a plan, loading its databases */
};

/* what one literal scan of a plan found in the document */
typedef struct found {
    size_t *off;           /* literal l occurs in the segments seg[v][off[l] .. off[l + 1]) (in text order) */
    uint32_t *seg[2];      /* of each level (v = level - 1, nl_litreq_segments) */
    size_t cap[2];         /* of seg[v] */
    int valid;             /* filled for the document being checked */
} found;

typedef struct occurrence { /* (32 bits: a scanned text is shorter than 4 GiB) */
    uint32_t lit;
    uint32_t end;
} occurrence;

/* The segments of the document: the stretches between two 。/； (or an end).
   Segment j runs from after separator j - 1 to separator j. */
struct nl_prefilter_scratch {
    hs_scratch_t *s;       /* grown for each database this thread has scanned (hs_alloc_scratch) */
    unsigned char *grown;  /* per plan */
    found *f;              /* per plan */
    size_t plan;           /* of the document being checked, MAX_PLANS for none */
    occurrence *occ;       /* the literal scan's matches, in order */
    size_t nocc, capocc;
    int oom;
    size_t len;            /* of the document being checked */
    size_t *sep[2];        /* where its separators stand, by level - 1: 。, and 。 or ； */
    size_t nsep[2], capsep[2];
    int sep_done;          /* (once a plan with literals is scanned) */
    /* nl_prefilter_segments' answers for this document, by filter */
    unsigned gen;          /* the document's number */
    unsigned *id_gen;      /* id_off and id_cnt of filter i hold when id_gen[i] == gen */
    size_t *id_off;
    long *id_cnt;
    size_t *store;         /* the answers' bounds, one after another */
    size_t nstore, capstore;
    size_t *tmp;           /* the segment list being made */
    size_t captmp;
    unsigned *mark;        /* per segment, the stamp of the clauses seen in it */
    size_t capmark;
    unsigned stamp;
};

/* ---- the literal tables of a plan ---- */

typedef struct lit_table {
    const char **s;
    size_t *len;
    size_t n, cap, len_cap; /* cap of s, len_cap of len */
    long *slot;            /* open addressing by content, -1 empty */
    size_t nslot;
} lit_table;

static long lit_id(lit_table *t, const char *s, size_t len)
{
    if (2 * (t->n + 1) > t->nslot) {
        size_t ns = t->nslot ? 2 * t->nslot : 1024;
        long *slot = malloc(ns * sizeof *slot);
        if (!slot)
            return -1;
        for (size_t h = 0; h < ns; h++)
            slot[h] = -1;
        for (size_t i = 0; i < t->n; i++) {
            size_t h = nl_hash64(NL_HASH64_INIT, t->s[i], t->len[i]) & (ns - 1);
            while (slot[h] >= 0)
                h = (h + 1) & (ns - 1);
            slot[h] = (long)i;
        }
        free(t->slot);
        t->slot = slot;
        t->nslot = ns;
    }
    size_t h = nl_hash64(NL_HASH64_INIT, s, len) & (t->nslot - 1);
    while (t->slot[h] >= 0) {
        long i = t->slot[h];
        if (t->len[i] == len && memcmp(t->s[i], s, len) == 0)
            return i;
        h = (h + 1) & (t->nslot - 1);
    }
    if (nl_grow((void **)&t->s, &t->cap, t->n, sizeof *t->s, 256) != 0 ||
        nl_grow((void **)&t->len, &t->len_cap, t->n, sizeof *t->len, 256) != 0)
        return -1;
    t->s[t->n] = s;
    t->len[t->n] = len;
    t->slot[h] = (long)t->n;
    return (long)t->n++;
}

/* Analyse the plan's filters: req, cstart, lstart, clit, lit_len, nlit,
   and the literals themselves in *t (borrowed from req). -1 when out of
   memory (then no filter has a requirement). */
static int analyse(plan *g, lit_table *t)
{
    memset(t, 0, sizeof *t);
    size_t nclause = 0, nref = 0;
    if (!(g->req = calloc(g->n ? g->n : 1, sizeof *g->req)))
        return -1;
    for (size_t k = 0; k < g->n; k++) {
        /* only a filter that matches inside segments: the others, searched
           through the whole text wherever their literals are (those are
           common), cost more than their automata */
        g->req[k] = nl_litreq_new(g->src[k]);
        if (g->req[k] && !nl_litreq_segments(g->req[k])) {
            nl_litreq_free(g->req[k]);
            g->req[k] = NULL;
        }
        if (!g->req[k])
            continue;
        nclause += nl_litreq_clauses(g->req[k]);
        for (size_t c = 0; c < nl_litreq_clauses(g->req[k]); c++)
            nref += nl_litreq_clause_size(g->req[k], c);
    }
    g->cstart = malloc((g->n + 1) * sizeof *g->cstart);
    g->lstart = malloc((nclause + 1) * sizeof *g->lstart);
    g->clit = malloc((nref ? nref : 1) * sizeof *g->clit);
    if (!g->cstart || !g->lstart || !g->clit)
        goto fail;
    size_t c = 0, l = 0;
    for (size_t k = 0; k < g->n; k++) {
        g->cstart[k] = (unsigned)c;
        for (size_t q = 0; g->req[k] && q < nl_litreq_clauses(g->req[k]); q++) {
            g->lstart[c++] = (unsigned)l;
            for (size_t j = 0; j < nl_litreq_clause_size(g->req[k], q); j++) {
                size_t len;
                const char *s = nl_litreq_literal(g->req[k], q, j, &len);
                long id = lit_id(t, s, len);
                if (id < 0)
                    goto fail;
                g->clit[l++] = (unsigned)id;
            }
        }
    }
    g->cstart[g->n] = (unsigned)c;
    g->lstart[c] = (unsigned)l;
    g->nlit = t->n;
    if (!(g->lit_len = malloc((t->n ? t->n : 1) * sizeof *g->lit_len)))
        goto fail;
    for (size_t i = 0; i < t->n; i++)
        g->lit_len[i] = (unsigned)t->len[i];
    return 0;
fail:
    for (size_t k = 0; k < g->n; k++) {
        nl_litreq_free(g->req[k]);
        g->req[k] = NULL;
    }
    g->nlit = 0;
    return -1;
}

static void lit_table_free(lit_table *t)
{
    free(t->s);
    free(t->len);
    free(t->slot);
}

/* the cache file for this plan, or 0 when there is no cache: named by
   the filters and by what the analysis made of them */
static int cache_path(const char *dir, const plan *g, const lit_table *t, char *buf, size_t size)
{
    if (!dir)
        return 0;
    uint64_t h = NL_HASH64_INIT;
    const char *v = hs_version();
    h = nl_hash64(h, v, strlen(v) + 1);
    unsigned flags = FLAGS;
    h = nl_hash64(h, &flags, sizeof flags);
    for (size_t i = 0; i < g->n; i++) {
        /* each source by the hash of its words (bytes one at a time cost a
           millisecond a start), delimited by that hash */
        uint64_t w = g->src[i] ? nl_hash64_words(g->src[i], strlen(g->src[i])) : 0;
        h = nl_hash64(h, &w, sizeof w);
        uint64_t nc = g->req && g->req[i] ? g->cstart[i + 1] - g->cstart[i] : 0;
        h = nl_hash64(h, &nc, sizeof nc);
    }
    for (size_t i = 0; i < t->n; i++) {
        uint64_t w = nl_hash64_words(t->s[i], t->len[i]) ^ t->len[i];
        h = nl_hash64(h, &w, sizeof w);
    }
    uint64_t nref = g->req ? g->lstart[g->cstart[g->n]] : 0;
    if (nref)
        h = nl_hash64(h, g->clit, nref * sizeof *g->clit);
    int n = snprintf(buf, size, "%s/prefilter-%016llx.hsdb", dir, (unsigned long long)h);
    return n > 0 && (size_t)n < size;
}

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
    if (!db)
        return;
    if (mapped)
        munmap(db, mapped);
    else
        hs_free_database(db);
}

/* The file: MAGIC, a checksum (nl_hash64_words of the rest), the filter
   count, the mask of filters in the pattern database, the size of that
   database serialised, it, and the literal database serialised (to the
   end; either may be empty). 1 when both databases that should be there
   were loaded. */
static int cache_load(const char *path, plan *g, int want_db, int want_ldb)
{
    /* Mapped, not read: the file is megabytes, and a read into fresh memory
       costs a page fault per page where a mapping is filled many pages at
       a time. (Cache files are replaced by rename, never rewritten in place.) */
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    struct stat sb;
    int ok = 0;
    size_t n = g->n;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 32 + (off_t)n && sb.st_size < (off_t)256 << 20) {
        size_t size = (size_t)sb.st_size;
        const char *f = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (f != MAP_FAILED) {
            const char *bytes = f + 16;
            size_t len = size - 16;
            uint64_t sum, count, rlen;
            memcpy(&sum, f + 8, 8);
            memcpy(&count, bytes, 8);
            memcpy(&rlen, bytes + 8 + n, 8);
            if (memcmp(f, MAGIC, 8) == 0 && nl_hash64_words(bytes, len) == sum && count == n &&
                rlen <= len - 16 - n) {
                const char *ser = bytes + 16 + n;
                size_t llen = len - 16 - n - rlen;
                memcpy(g->in, bytes + 8, n);
                if (want_db && rlen)
                    g->db = deserialize(ser, rlen, &g->mapped);
                if (want_ldb && llen)
                    g->ldb = deserialize(ser + rlen, llen, &g->lmapped);
                ok = (!want_db || g->db) && (!want_ldb || g->ldb);
                if (!ok) {
                    free_database(g->db, g->mapped);
                    free_database(g->ldb, g->lmapped);
                    g->db = g->ldb = NULL;
                }
            }
            munmap((void *)(uintptr_t)f, size);
        }
    }
    close(fd);
    return ok;
}

static void cache_store(const char *dir, const char *path, const plan *g)
{
    char *ser = NULL, *lser = NULL;
    size_t slen = 0, lslen = 0;
    if ((g->db && hs_serialize_database(g->db, &ser, &slen) != HS_SUCCESS) ||
        (g->ldb && hs_serialize_database(g->ldb, &lser, &lslen) != HS_SUCCESS)) {
        free(ser);
        return;
    }
    size_t n = g->n, len = 16 + n + slen + lslen;
    char *bytes = malloc(len);
    if (!bytes) {
        free(ser);
        free(lser);
        return;
    }
    uint64_t count = n, rlen = slen;
    memcpy(bytes, &count, 8);
    memcpy(bytes + 8, g->in, n);
    memcpy(bytes + 8 + n, &rlen, 8);
    if (slen)
        memcpy(bytes + 16 + n, ser, slen);
    if (lslen)
        memcpy(bytes + 16 + n + slen, lser, lslen);
    free(ser);
    free(lser);
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

/* The literal database of the table: every occurrence of every literal is
   reported (the segments need them all). NULL when Hyperscan refuses. */
static hs_database_t *build_literals(const lit_table *t)
{
    unsigned *flags = calloc(t->n ? t->n : 1, sizeof *flags), *ids = malloc((t->n ? t->n : 1) * sizeof *ids);
    hs_database_t *db = NULL;
    if (flags && ids && t->n) {
        for (size_t i = 0; i < t->n; i++)
            ids[i] = (unsigned)i;
        hs_compile_error_t *e = NULL;
        if (hs_compile_lit_multi(t->s, flags, ids, t->len, (unsigned)t->n, HS_MODE_BLOCK, NULL, &db, &e) !=
            HS_SUCCESS) {
            hs_free_compile_error(e);
            db = NULL;
        }
    }
    free(flags);
    free(ids);
    return db;
}

static void drop_requirements(plan *g)
{
    for (size_t k = 0; g->req && k < g->n; k++) {
        nl_litreq_free(g->req[k]);
        g->req[k] = NULL;
    }
    g->nlit = 0;
}

nl_prefilter *nl_prefilter_new(const char *const *src, const unsigned *types, size_t n, const char *cache_dir,
                               int cached_only)
{
    if (n == 0 || hs_valid_platform() != HS_SUCCESS)
        return NULL;
    nl_prefilter *pf = calloc(1, sizeof *pf);
    if (!pf)
        return NULL;
    pthread_mutex_init(&pf->mu, NULL);
    atomic_init(&pf->ng, 0);
    pf->cached_only = cached_only;
    if (cache_dir && !(pf->cache_dir = strdup(cache_dir)))
        goto fail;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += src[i] ? strlen(src[i]) + 1 : 0;
    if (!(pf->src = calloc(n, sizeof *pf->src)) || !(pf->types = malloc(n * sizeof *pf->types)) ||
        !(pf->text = malloc(bytes ? bytes : 1)))
        goto fail;
    pf->n = n;
    char *w = pf->text;
    for (size_t i = 0; i < n; i++) {
        pf->types[i] = types[i];
        if (!src[i])
            continue;
        size_t len = strlen(src[i]) + 1;
        memcpy(w, src[i], len);
        pf->src[i] = w;
        w += len;
    }
    return pf;
fail:
    nl_prefilter_free(pf);
    return NULL;
}

/* The plan for documents of `types`, made the first time one is checked;
   NULL when out of memory or plans. */
static plan *plan_for(const nl_prefilter *cpf, unsigned types, size_t *k)
{
    nl_prefilter *pf = (nl_prefilter *)(uintptr_t)cpf;
    size_t ng = atomic_load_explicit(&pf->ng, memory_order_acquire);
    for (*k = 0; *k < ng; (*k)++)
        if (pf->g[*k].types == types)
            return &pf->g[*k];
    plan *hit = NULL;
    pthread_mutex_lock(&pf->mu);
    ng = atomic_load_explicit(&pf->ng, memory_order_relaxed);
    for (*k = 0; *k < ng && !hit; (*k)++)
        if (pf->g[*k].types == types)
            hit = &pf->g[*k];
    if (hit) {
        (*k)--;
    } else if (ng < MAX_PLANS) {
        plan *g = &pf->g[ng];
        memset(g, 0, sizeof *g);
        g->types = types;
        atomic_init(&g->loaded, 0);
        g->src = malloc(pf->n * sizeof *g->src);
        g->ids = malloc(pf->n * sizeof *g->ids);
        g->index_of = malloc(pf->n * sizeof *g->index_of);
        if (g->src && g->ids && g->index_of) {
            for (size_t i = 0; i < pf->n; i++) {
                g->index_of[i] = SIZE_MAX;
                if (pf->src[i] && (pf->types[i] & types)) {
                    g->index_of[i] = g->n;
                    g->src[g->n] = pf->src[i];
                    g->ids[g->n++] = (unsigned)i;
                }
            }
            hit = g;
            *k = ng;
            atomic_store_explicit(&pf->ng, ng + 1, memory_order_release);
        } else {
            free(g->src);
            free(g->ids);
            free(g->index_of);
        }
    }
    pthread_mutex_unlock(&pf->mu);
    return hit;
}

/* Load or build the databases of plan k (once, under the prefilter's
   lock). Filters without a database always "may match". */
static const plan *load(const nl_prefilter *cpf, size_t k)
{
    nl_prefilter *pf = (nl_prefilter *)(uintptr_t)cpf;
    plan *g = &pf->g[k];
    if (atomic_load_explicit(&g->loaded, memory_order_acquire))
        return g;
    pthread_mutex_lock(&pf->mu);
    if (!atomic_load_explicit(&g->loaded, memory_order_relaxed)) {
        char path[4200];
        lit_table t;
        const char **rest = malloc((g->n ? g->n : 1) * sizeof *rest);
        g->in = calloc(g->n ? g->n : 1, 1);
        if (rest && g->in && analyse(g, &t) == 0) {
            /* the pattern database holds the filters without a requirement */
            int want_db = 0;
            for (size_t i = 0; i < g->n; i++) {
                rest[i] = g->req[i] ? NULL : g->src[i];
                want_db |= rest[i] != NULL;
            }
            int want_ldb = t.n > 0;
            int cached = cache_path(pf->cache_dir, g, &t, path, sizeof path);
            if (cached && cache_load(path, g, want_db, want_ldb)) {
                nl_cache_keep(path);
            } else if (pf->cached_only) {
                /* not built: every filter of the plan may match */
            } else {
                g->db = want_db ? build(rest, g->n, g->in) : NULL;
                g->ldb = want_ldb ? build_literals(&t) : NULL;
                if (want_ldb && !g->ldb) {
                    /* no literal database: every filter is a pattern */
                    drop_requirements(g);
                    free_database(g->db, 0);
                    g->db = build(g->src, g->n, g->in);
                    cached = 0; /* the name says literals */
                }
                if ((g->db || g->ldb) && cached) {
                    cache_store(pf->cache_dir, path, g);
                    nl_cache_prune(pf->cache_dir, "prefilter-", 30); /* databases of rules no run has used for a month */
                }
            }
            lit_table_free(&t);
        } else if (g->in && g->req) {
            lit_table_free(&t);
            g->db = build(g->src, g->n, g->in);
        }
        free(rest);
        atomic_store_explicit(&g->loaded, 1, memory_order_release);
    }
    pthread_mutex_unlock(&pf->mu);
    return g;
}

void nl_prefilter_free(nl_prefilter *pf)
{
    if (!pf)
        return;
    size_t ng = atomic_load(&pf->ng);
    for (size_t k = 0; k < ng; k++) {
        plan *g = &pf->g[k];
        free_database(g->db, g->mapped);
        free_database(g->ldb, g->lmapped);
        drop_requirements(g);
        free(g->req);
        free(g->lit_len);
        free(g->cstart);
        free(g->lstart);
        free(g->clit);
        free(g->in);
        free(g->src);
        free(g->ids);
        free(g->index_of);
    }
    pthread_mutex_destroy(&pf->mu);
    free(pf->src);
    free(pf->types);
    free(pf->text);
    free(pf->cache_dir);
    free(pf);
}

size_t nl_prefilter_count(const nl_prefilter *pf) { return pf ? pf->n : 0; }

nl_prefilter_scratch *nl_prefilter_scratch_new(const nl_prefilter *pf)
{
    if (!pf)
        return NULL;
    nl_prefilter_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->plan = MAX_PLANS;
    if (!(s->grown = calloc(MAX_PLANS, 1)) || !(s->f = calloc(MAX_PLANS, sizeof *s->f)) ||
        !(s->id_gen = calloc(pf->n, sizeof *s->id_gen)) || !(s->id_off = malloc(pf->n * sizeof *s->id_off)) ||
        !(s->id_cnt = malloc(pf->n * sizeof *s->id_cnt))) {
        nl_prefilter_scratch_free(s);
        return NULL;
    }
    return s;
}

void nl_prefilter_scratch_free(nl_prefilter_scratch *s)
{
    if (!s)
        return;
    hs_free_scratch(s->s);
    for (size_t k = 0; s->f && k < MAX_PLANS; k++) {
        free(s->f[k].off);
        free(s->f[k].seg[0]);
        free(s->f[k].seg[1]);
    }
    free(s->f);
    free(s->grown);
    free(s->occ);
    free(s->sep[0]);
    free(s->sep[1]);
    free(s->id_gen);
    free(s->id_off);
    free(s->id_cnt);
    free(s->store);
    free(s->tmp);
    free(s->mark);
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

static int on_literal(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from;
    (void)flags;
    nl_prefilter_scratch *s = ctx;
    if (s->nocc == s->capocc && nl_grow((void **)&s->occ, &s->capocc, s->nocc, sizeof *s->occ, 1024) != 0) {
        s->oom = 1;
        return 1; /* stops the scan */
    }
    s->occ[s->nocc++] = (occurrence){id, (uint32_t)to};
    return 0;
}

/* where the text's 。 and ； stand (once per document) */
static int find_separators(nl_prefilter_scratch *s, const char *text)
{
    if (s->sep_done)
        return 0;
    s->nsep[0] = s->nsep[1] = 0;
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = 0; i + 3 <= s->len; i++) {
        if ((t[i] != 0xE3 && t[i] != 0xEF) || !nl_litreq_is_separator(text, i, s->len, NL_SEG_CLAUSE))
            continue;
        for (int v = t[i] == 0xE3 ? 0 : 1; v < 2; v++) { /* 。 ends segments of both levels */
            if (s->nsep[v] == s->capsep[v] &&
                nl_grow((void **)&s->sep[v], &s->capsep[v], s->nsep[v], sizeof *s->sep[v], 256) != 0)
                return -1;
            s->sep[v][s->nsep[v]++] = i;
        }
        i += 2;
    }
    s->sep_done = 1;
    return 0;
}

/* the segment of level v + 1 that holds byte `at` (a separator's bytes
   count to the next) */
static size_t segment_of(const nl_prefilter_scratch *s, int v, size_t at)
{
    size_t lo = 0, hi = s->nsep[v];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->sep[v][mid] < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The literals of plan g in the text: fills f (by literal, as the
   segments they start in) from s->occ. -1 when out of memory. */
static int sort_found(const plan *g, nl_prefilter_scratch *s, found *f)
{
    if (!f->off && !(f->off = malloc((g->nlit + 1) * sizeof *f->off)))
        return -1;
    for (int v = 0; v < 2; v++)
        if (nl_reserve((void **)&f->seg[v], &f->cap[v], s->nocc, sizeof *f->seg[v], 64) != 0)
            return -1;
    memset(f->off, 0, (g->nlit + 1) * sizeof *f->off);
    for (size_t i = 0; i < s->nocc; i++)
        f->off[s->occ[i].lit + 1]++;
    for (size_t l = 0; l < g->nlit; l++)
        f->off[l + 1] += f->off[l];
    /* placed in scan order, so each literal's segments do not decrease;
       a literal holds no separator, so its segment is the one its end
       reaches, found by walking the separators along (matches come in
       order of their ends; one that does not is looked up) */
    size_t c[2] = {0, 0}, last = 0;
    for (size_t i = 0; i < s->nocc; i++) {
        size_t end = s->occ[i].end, j[2];
        for (int v = 0; v < 2; v++) {
            if (end >= last) {
                while (c[v] < s->nsep[v] && s->sep[v][c[v]] < end)
                    c[v]++;
                j[v] = c[v];
            } else {
                j[v] = segment_of(s, v, end - g->lit_len[s->occ[i].lit]);
            }
        }
        if (end > last)
            last = end;
        size_t *slot = &f->off[s->occ[i].lit];
        f->seg[0][*slot] = (uint32_t)j[0];
        f->seg[1][(*slot)++] = (uint32_t)j[1];
    }
    for (size_t l = g->nlit; l > 0; l--)
        f->off[l] = f->off[l - 1];
    f->off[0] = 0;
    return 0;
}

static size_t occurrences(const found *f, size_t lit) { return f->off[lit + 1] - f->off[lit]; }

int nl_prefilter_scan(const nl_prefilter *pf, nl_prefilter_scratch *s, unsigned types, const char *text, size_t len,
                      unsigned char *present)
{
    memset(present, 1, pf->n); /* filters not scanned for: may match */
    s->len = len;
    s->sep_done = 0;
    s->nstore = 0;
    if (++s->gen == 0) { /* wrapped: forget every answer */
        memset(s->id_gen, 0, pf->n * sizeof *s->id_gen);
        s->gen = 1;
    }
    if (s->plan < MAX_PLANS)
        s->f[s->plan].valid = 0;
    s->plan = MAX_PLANS;
    if (len > 0xffffffffu)
        return -1;
    size_t k;
    const plan *g = plan_for(pf, types, &k);
    if (!g)
        return 0; /* every filter may match */
    s->plan = k;
    g = load(pf, k);
    if (!s->grown[k]) {
        if ((g->db && hs_alloc_scratch(g->db, &s->s) != HS_SUCCESS) ||
            (g->ldb && hs_alloc_scratch(g->ldb, &s->s) != HS_SUCCESS))
            return 0; /* unscanned: every filter may match */
        s->grown[k] = 1;
    }
    if (g->db) {
        for (size_t i = 0; i < g->n; i++)
            if (!g->req || !g->req[i])
                present[g->ids[i]] = !g->in[i]; /* left out of the database: may match */
        hits h = {present, g->ids};
        if (hs_scan(g->db, text, (unsigned)len, 0, s->s, on_match, &h) != HS_SUCCESS)
            return -1;
    }
    if (!g->ldb)
        return 0;
    s->nocc = 0;
    s->oom = 0;
    found *f = &s->f[k];
    hs_error_t rc = hs_scan(g->ldb, text, (unsigned)len, 0, s->s, on_literal, s);
    if (s->oom || find_separators(s, text) != 0 || sort_found(g, s, f) != 0)
        return 0; /* the filters with literals may match (anywhere) */
    if (rc != HS_SUCCESS)
        return -1;
    f->valid = 1;
    /* a filter with a requirement may match (only in its segments) when
       each of its clauses has a literal in the text */
    for (size_t i = 0; i < g->n; i++) {
        if (!g->req[i])
            continue;
        int all = 1;
        for (unsigned c = g->cstart[i]; c < g->cstart[i + 1] && all; c++) {
            int any = 0;
            for (unsigned j = g->lstart[c]; j < g->lstart[c + 1] && !any; j++)
                any = occurrences(f, g->clit[j]) > 0;
            all = any;
        }
        present[g->ids[i]] = all ? 2 : 0;
    }
    return 0;
}

/* segment stamps: mark has a slot per segment of the document */
static int reserve_marks(nl_prefilter_scratch *s)
{
    size_t need = (s->nsep[0] > s->nsep[1] ? s->nsep[0] : s->nsep[1]) + 1;
    size_t old = s->capmark;
    void *m = s->mark;
    if (nl_reserve(&m, &s->capmark, need, sizeof *s->mark, 256) != 0)
        return -1;
    s->mark = m;
    memset(s->mark + old, 0, (s->capmark - old) * sizeof *s->mark); /* 0 is no stamp */
    return 0;
}

/* Room for `need` more stamps: near the end of their range the old ones
   are cleared and the count starts again (never in the middle of a use). */
static void stamps_for(nl_prefilter_scratch *s, size_t need)
{
    if (s->stamp > UINT_MAX - need - 1) {
        memset(s->mark, 0, s->capmark * sizeof *s->mark);
        s->stamp = 0;
    }
}

static unsigned next_stamp(nl_prefilter_scratch *s) { return ++s->stamp; }

static int reserve(size_t **p, size_t *cap, size_t n)
{
    void *v = *p;
    int rc = nl_reserve(&v, cap, n, sizeof **p, 64);
    *p = v;
    return rc;
}

/* Stamp mark[j] = to for each segment j that holds a literal of clause c
   and is stamped `from` (every segment when from is 0); the number
   stamped. */
static size_t stamp_clause(const plan *g, const found *f, int v, unsigned c, unsigned *mark, unsigned from,
                           unsigned to)
{
    size_t n = 0;
    for (unsigned j = g->lstart[c]; j < g->lstart[c + 1]; j++) {
        unsigned lit = g->clit[j];
        for (size_t o = f->off[lit]; o < f->off[lit + 1]; o++) {
            unsigned *m = &mark[f->seg[v][o]];
            if (*m != to && (from == 0 || *m == from)) {
                *m = to;
                n++;
            }
        }
    }
    return n;
}

/* The segments that hold a literal of each clause of filter i of plan g
   (every match lies in one segment and holds one of each), in order, into
   s->tmp: their number, or -1 out of memory. */
static long common_segments(nl_prefilter_scratch *s, const plan *g, const found *f, size_t i, int v)
{
    /* start from the clause with the fewest occurrences */
    unsigned first = g->cstart[i];
    size_t fewest = SIZE_MAX;
    for (unsigned c = g->cstart[i]; c < g->cstart[i + 1]; c++) {
        size_t n = 0;
        for (unsigned j = g->lstart[c]; j < g->lstart[c + 1]; j++)
            n += occurrences(f, g->clit[j]);
        if (n < fewest) {
            fewest = n;
            first = c;
        }
    }
    /* the segments of the first clause that have a literal of each
       other clause too, by stamps (no sorting) */
    if (reserve_marks(s) != 0)
        return -1;
    stamps_for(s, g->cstart[i + 1] - g->cstart[i] + 1);
    unsigned st = next_stamp(s);
    size_t live = stamp_clause(g, f, v, first, s->mark, 0, st);
    for (unsigned c = g->cstart[i]; c < g->cstart[i + 1] && live > 0; c++) {
        if (c == first)
            continue;
        unsigned to = next_stamp(s);
        live = stamp_clause(g, f, v, c, s->mark, st, to);
        st = to;
    }
    /* collected in order of segment from the first clause's literals */
    if (reserve(&s->tmp, &s->captmp, live ? live : 1) != 0)
        return -1;
    size_t w = 0;
    unsigned done = next_stamp(s);
    for (unsigned j = g->lstart[first]; j < g->lstart[first + 1] && w < live; j++) {
        unsigned lit = g->clit[j];
        for (size_t o = f->off[lit]; o < f->off[lit + 1]; o++) {
            size_t seg = f->seg[v][o];
            if (s->mark[seg] != st)
                continue;
            s->mark[seg] = done;
            size_t q = w++; /* insertion: the list is short */
            while (q > 0 && s->tmp[q - 1] > seg) {
                s->tmp[q] = s->tmp[q - 1];
                q--;
            }
            s->tmp[q] = seg;
        }
    }
    return (long)w;
}

long nl_prefilter_segments(const nl_prefilter *pf, nl_prefilter_scratch *s, size_t id, const size_t **bounds)
{
    *bounds = NULL;
    if (id >= pf->n || s->plan >= MAX_PLANS || pf->g[s->plan].index_of[id] == SIZE_MAX)
        return -1;
    if (s->id_gen[id] == s->gen) {
        *bounds = s->store + s->id_off[id];
        return s->id_cnt[id];
    }
    size_t k = s->plan;
    const plan *g = &pf->g[k];
    size_t i = g->index_of[id];
    const found *f = &s->f[k];
    long m = -1;
    int v = g->req && g->req[i] ? nl_litreq_segments(g->req[i]) - 1 : 0;
    if (f->valid && g->req && g->req[i])
        m = common_segments(s, g, f, i, v);
    if (m >= 0 && reserve(&s->store, &s->capstore, s->nstore + 2 * (size_t)m + 1) != 0)
        m = -1;
    if (m < 0)
        return -1; /* not remembered: asked again, it is worked out again */
    size_t *out = s->store + s->nstore;
    for (long q = 0; q < m; q++) {
        size_t j = s->tmp[q];
        out[2 * q] = j == 0 ? 0 : s->sep[v][j - 1] + 3;
        out[2 * q + 1] = j == s->nsep[v] ? s->len : s->sep[v][j];
    }
    s->id_gen[id] = s->gen;
    s->id_off[id] = s->nstore;
    s->id_cnt[id] = m;
    s->nstore += 2 * (size_t)m;
    *bounds = out;
    return m;
}

#else /* without Hyperscan: no prefilter; every pattern is searched */

nl_prefilter *nl_prefilter_new(const char *const *src, const unsigned *types, size_t n, const char *cache_dir,
                               int cached_only)
{
    (void)src;
    (void)types;
    (void)n;
    (void)cache_dir;
    (void)cached_only;
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
long nl_prefilter_segments(const nl_prefilter *pf, nl_prefilter_scratch *s, size_t id, const size_t **bounds)
{
    (void)pf;
    (void)s;
    (void)id;
    *bounds = NULL;
    return -1;
}
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
