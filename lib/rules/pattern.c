/*
 * pattern.c — PCRE2 (8-bit code units) behind pattern.h.
 *
 * Limits: the match limit bounds the number of internal match() calls (the
 * usual measure of backtracking work; the JIT counts its own way but is held
 * to it too), the depth limit bounds backtracking depth (interpreter only)
 * and the heap limit the memory the interpreter may take for backtracking
 * frames (PCRE2's default is 20 GB). The JIT's stack is capped by the JIT
 * stack of the context (512 KiB). The values let every sane rule run over a
 * 64 MiB document while a catastrophic pattern such as (a+)+$ gives up within
 * milliseconds, with or without the JIT.
 *
 * Substitution (a rule's mechanical fixes) goes through pcre2_substitute with
 * the same options and limits, so a template means exactly what PCRE2's
 * documentation says.
 *
 * Compiled patterns are kept in the cache folder between runs, one store per
 * rule file (pcre2_serialize_encode/decode, looked up by source): the
 * bundled packs' patterns, expanded from their vocabularies, took more time
 * to compile than a draft takes to check.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cache.h"
#include "core/grow.h"
#include "normlint/core.h"
#include "rules/pattern.h"

#define MATCH_LIMIT 1000000u
#define DEPTH_LIMIT 10000u
#define HEAP_LIMIT_KIB 65536u

struct nl_pat {
    pcre2_code *code;
    unsigned groups;
    int local;              /* matches depend on nothing outside the matched text */
    struct nl_pat *relaxed; /* not local: the pattern without its assertions, or NULL */
    atomic_int relaxed_done;  /* relaxed was compiled (on first use: most filters a run never needs) */
    char *filter_src;       /* the source of nl_pat_filter, or NULL */
    char *scan_src;         /* filter_src with its bounded repeats opened, for the prefilter */
    struct nl_pat *seek;    /* nl_pat_seek when it differs from the filter, or NULL */
    atomic_int seek_done;   /* seek was made (on first use, like relaxed) */
    int filter_id;          /* its id in the ruleset's prefilter, -1 for none */
    atomic_int jitted;      /* JIT-compiled on first use (most patterns never run on a draft) */
};

/* JIT compilation happens the first time a pattern is used, once, under a
   lock: a check of one draft then pays only for the patterns it runs (the
   prefilter rules most of them out). Until it is done no thread matches with
   the pattern (every use goes through here first). */
static pthread_mutex_t jit_mu = PTHREAD_MUTEX_INITIALIZER;

static void ensure_jit(const nl_pat *cp)
{
    nl_pat *p = (nl_pat *)(uintptr_t)cp;
    if (atomic_load_explicit(&p->jitted, memory_order_acquire))
        return;
    pthread_mutex_lock(&jit_mu);
    if (!atomic_load_explicit(&p->jitted, memory_order_relaxed)) {
        /* JIT is an optimisation: when unavailable the interpreter runs
           instead. A context may ask for the interpreter (nl_pat_ctx_no_jit):
           for comparing the two, and under valgrind, which cannot follow JIT
           code (PCRE2 built without its valgrind support reports false
           errors there). */
        (void)pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
        atomic_store_explicit(&p->jitted, 1, memory_order_release);
    }
    pthread_mutex_unlock(&jit_mu);
}

int nl_pat_local(const nl_pat *p) { return p->local; }

/* The end of the group opened at s[i] == '(' (the index of its ')'), or 0. */
static size_t group_end(const char *s, size_t i)
{
    int depth = 0, cls = 0;
    for (; s[i]; i++) {
        char c = s[i];
        if (c == '\\') {
            if (!s[++i])
                return 0;
            continue;
        }
        if (cls) {
            cls = c != ']';
            continue;
        }
        if (c == '[') {
            cls = 1;
            if (s[i + 1] == '^')
                i++;
            if (s[i + 1] == ']')
                i++;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return i;
        }
    }
    return 0;
}

/* The end of the escape that starts at s[i] == '\\': past its letter and, for
   \x{…} \p{…} \P{…} \N{…} \o{…} \g{…} \k{…}, past its braces (so that a
   code point's braces are never read as a repeat). */
static size_t escape_end(const char *s, size_t i)
{
    if (!s[i + 1])
        return i + 1;
    size_t e = i + 2;
    if (strchr("xpPNogk", s[i + 1]) && s[e] == '{') {
        while (s[e] && s[e] != '}')
            e++;
        if (s[e])
            e++;
    }
    return e;
}

/* The end of the character class opened at s[i] == '['. */
static size_t class_end(const char *s, size_t i)
{
    i++;
    if (s[i] == '^')
        i++;
    if (s[i] == ']')
        i++;
    while (s[i] && s[i] != ']')
        i = s[i] == '\\' ? escape_end(s, i) : i + 1;
    return s[i] ? i + 1 : i;
}

/* The filter with its bounded repeats opened up: X{0,24} becomes X*, X{2,9}
   becomes X{2,}. It matches wherever the filter does (and more), which is all
   a prefilter needs, and Hyperscan compiles an unbounded repeat of a UTF-8
   class in a fraction of the time a bounded one takes (a rule built from
   vocabularies has many: [^，。；]{0,24}?). NULL when out of memory. */
static char *widen(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '\\' || c == '[') { /* an escape or a class, copied whole */
            size_t e = c == '[' ? class_end(s, i) : escape_end(s, i);
            memcpy(out + w, s + i, e - i);
            w += e - i;
            i = e;
            continue;
        }
        if (c == '{') {
            /* {m,n} with digits: a bounded repeat */
            size_t j = i + 1, m0 = j;
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            size_t m1 = j;
            if (m1 > m0 && j < n && s[j] == ',') {
                size_t k = j + 1;
                while (k < n && s[k] >= '0' && s[k] <= '9')
                    k++;
                if (k > j + 1 && k < n && s[k] == '}') {
                    int zero = m1 - m0 == 1 && s[m0] == '0';
                    if (zero) {
                        out[w++] = '*';
                    } else {
                        memcpy(out + w, s + i, m1 - i + 1); /* "{m," */
                        w += m1 - i + 1;
                        out[w++] = '}';
                    }
                    i = k + 1;
                    continue;
                }
            }
        }
        out[w++] = s[i++];
    }
    out[w] = '\0';
    return out;
}

/* The pattern with its assertions taken out: look-around groups, \b \B
   \A \z \Z and a lone (?m). It matches wherever the pattern matches (and
   more), so where it matches nowhere in a text, the pattern matches no slice
   of it; the same string back means the pattern is local. NULL when that
   cannot be done with confidence, and for ^ and $ (anchored, a pattern fails
   fast in each unit, while unanchored it may be slow on a whole document). */
static char *relax(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\') {
            char e = s[i + 1];
            if (!e || strchr("GKQ", e))
                goto no;
            if (strchr("bBAzZ", e)) {
                i++;
                continue;
            }
        }
        if (c == '\\' || c == '[') { /* an escape or a class, copied whole */
            size_t end = c == '[' ? class_end(s, i) : escape_end(s, i);
            memcpy(out + w, s + i, end - i);
            w += end - i;
            i = end - 1;
            continue;
        }
        if (c == '^' || c == '$')
            goto no; /* anchored patterns fail fast in each unit; unanchored they can be slow */
        if (c == '(' && s[i + 1] == '?') {
            char k = s[i + 2];
            int look = k == '=' || k == '!' || (k == '<' && (s[i + 3] == '=' || s[i + 3] == '!'));
            int opts = k && strchr("imsxn-", k);
            if (look || opts) {
                size_t e = look ? group_end(s, i) : i;
                if (opts) { /* (?m) alone; (?i:...) would change what matches: give up */
                    while (s[e] && s[e] != ')' && s[e] != ':')
                        e++;
                    if (s[e] != ')' || k == 'i' || k == '-')
                        goto no;
                }
                if (!e)
                    goto no;
                i = e;
                continue;
            }
            if (!(k == ':' || (k == '<' && s[i + 3] != '=' && s[i + 3] != '!') || k == 'P' || k == '\''))
                goto no;
        }
        if (c == '(' && s[i + 1] == '*')
            goto no;
        out[w++] = c;
    }
    out[w] = '\0';
    return out;
no:
    free(out);
    return NULL;
}

/* The relaxed pattern is compiled the first time it is asked for, once, under
   the JIT lock: a load then compiles each pattern once instead of twice, and
   a check compiles only the filters of the patterns its prefilter lets
   through. A relaxed source PCRE2 refuses leaves the pattern without one. */
const nl_pat *nl_pat_filter(const nl_pat *cp)
{
    if (cp->local)
        return cp;
    if (!cp->filter_src)
        return NULL;
    nl_pat *p = (nl_pat *)(uintptr_t)cp;
    if (!atomic_load_explicit(&p->relaxed_done, memory_order_acquire)) {
        pthread_mutex_lock(&jit_mu);
        if (!atomic_load_explicit(&p->relaxed_done, memory_order_relaxed)) {
            char m[8];
            size_t o;
            p->relaxed = nl_pat_compile(p->filter_src, m, sizeof m, &o);
            atomic_store_explicit(&p->relaxed_done, 1, memory_order_release);
        }
        pthread_mutex_unlock(&jit_mu);
    }
    return p->relaxed;
}
/* ---- the seek filter ----

   A unit is searched for a pattern only when the pattern may match in it:
   the engine looks for the next match of a local pattern in the whole text
   and passes over the units before it (nl_run_next_start). The filter
   serves, but one that opens with a repeat (the two or more characters
   of a firm's name before 有限公司, [^，。；]*? before a keyword) makes
   PCRE2 try every length of the repeat at every position: a search costs
   the square of each run of Chinese text. Any match of the filter ends
   with a match of what follows such a leading repeat, which starts inside
   it; so the filter without its leading repeats (in each alternative, and
   in each alternative of a leading group) finds, for every match [a, b) of
   the pattern, a match starting in [a, b], which is all the engine needs:
   a unit holding a match of the pattern ends at or after it. */


/* The end of the quantifier at s[i] (i when there is none): * + ? {m}
   {m,} {m,n}, lazy or possessive. */
static size_t quant_end(const char *s, size_t i)
{
    size_t j = i;
    if (s[j] == '*' || s[j] == '+' || s[j] == '?') {
        j++;
    } else if (s[j] == '{') {
        size_t k = j + 1;
        while (s[k] >= '0' && s[k] <= '9')
            k++;
        if (k == j + 1)
            return i;
        if (s[k] == ',')
            for (k++; s[k] >= '0' && s[k] <= '9'; k++)
                ;
        if (s[k] != '}')
            return i;
        j = k + 1;
    } else {
        return i;
    }
    if (s[j] == '?' || s[j] == '+')
        j++;
    return j;
}

/* The end of the opener of the group at s[i] == '(' ("(", "(?:", "(?<n>",
   "(?P<n>", "(?'n'"), or 0 for any other group. */
static size_t opener_end(const char *s, size_t i)
{
    if (s[i + 1] != '?')
        return s[i + 1] == '*' ? 0 : i + 1;
    char k = s[i + 2];
    if (k == ':')
        return i + 3;
    if ((k == '<' && s[i + 3] != '=' && s[i + 3] != '!') || (k == 'P' && s[i + 3] == '<') || k == '\'') {
        const char *e = strchr(s + i + 3, k == '\'' ? '\'' : '>');
        return e ? (size_t)(e - s) + 1 : 0;
    }
    return 0;
}

static int trim_alts(const char *s, size_t i, size_t n, char *out, size_t *w);

/* One alternative s[i..n) without its leading repeats, into out. */
static int trim_seq(const char *s, size_t i, size_t n, char *out, size_t *w)
{
    while (i < n) {
        char c = s[i];
        size_t e;
        int group = 0;
        if (c == '(') {
            size_t close = group_end(s, i);
            if (!close || close >= n)
                return -1;
            e = close + 1;
            group = 1;
        } else if (c == '[') {
            e = class_end(s, i);
        } else if (c == '.') {
            e = i + 1;
        } else if (c == '\\' && s[i + 1] && strchr("dDwWsShHvVpPXRN", s[i + 1])) {
            e = escape_end(s, i);
        } else {
            break; /* a literal: searched for as it is */
        }
        if (e > n)
            return -1;
        size_t q = quant_end(s, e);
        if (q > e && q <= n) {
            if (q == n)
                return -1; /* nothing would be left to search for */
            i = q; /* a repeat: dropped */
            continue;
        }
        if (!group)
            break;
        /* a group that is not repeated: its alternatives lose their leading
           repeats, and what follows it is kept */
        size_t open = opener_end(s, i), close = e - 1;
        if (!open || open > close)
            return -1;
        memcpy(out + *w, s + i, open - i);
        *w += open - i;
        if (trim_alts(s, open, close, out, w) != 0)
            return -1;
        i = close;
        break;
    }
    memcpy(out + *w, s + i, n - i);
    *w += n - i;
    return 0;
}

/* The alternatives of s[i..n) each without its leading repeats, into out. */
static int trim_alts(const char *s, size_t i, size_t n, char *out, size_t *w)
{
    int depth = 0;
    size_t start = i;
    for (size_t j = i; j <= n;) {
        if (j == n || (s[j] == '|' && depth == 0)) {
            if (trim_seq(s, start, j, out, w) != 0)
                return -1;
            if (j == n)
                break;
            out[(*w)++] = '|';
            start = ++j;
            continue;
        }
        if (s[j] == '\\')
            j = escape_end(s, j);
        else if (s[j] == '[')
            j = class_end(s, j);
        else {
            depth += s[j] == '(' ? 1 : s[j] == ')' ? -1 : 0;
            j++;
        }
        if (j > n)
            return -1;
    }
    return 0;
}

/* The seek source of a filter source, malloc'd; NULL when there is none
   that differs (nothing to drop, or a reference to a group that dropping
   could renumber or remove). */
static char *seek_source(const char *f)
{
    for (const char *q = f; *q; q++)
        if ((q[0] == '\\' && q[1] && strchr("123456789gk", q[1])) ||
            (q[0] == '(' && q[1] == '?' && q[2] && strchr("P&R0123456789+-", q[2])))
            return NULL;
    size_t n = strlen(f), w = 0;
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    if (trim_alts(f, 0, n, out, &w) != 0 || (w == n && memcmp(out, f, n) == 0)) {
        free(out);
        return NULL;
    }
    out[w] = '\0';
    return out;
}

const nl_pat *nl_pat_seek(const nl_pat *cp)
{
    const nl_pat *f = nl_pat_filter(cp);
    if (!f)
        return NULL;
    nl_pat *p = (nl_pat *)(uintptr_t)cp;
    if (!atomic_load_explicit(&p->seek_done, memory_order_acquire)) {
        pthread_mutex_lock(&jit_mu);
        if (!atomic_load_explicit(&p->seek_done, memory_order_relaxed)) {
            char *src = seek_source(p->filter_src), m[8];
            size_t o;
            p->seek = src ? nl_pat_compile(src, m, sizeof m, &o) : NULL;
            free(src);
            atomic_store_explicit(&p->seek_done, 1, memory_order_release);
        }
        pthread_mutex_unlock(&jit_mu);
    }
    return p->seek ? p->seek : f;
}

const char *nl_pat_filter_source(const nl_pat *p) { return p->scan_src; }
int nl_pat_filter_id(const nl_pat *p) { return p->filter_id; }
void nl_pat_set_filter_id(nl_pat *p, int id) { p->filter_id = id; }

struct nl_pat_ctx {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *js;
    int last_limit; /* the PCRE2 error of the last NL_PAT_LIMIT */
    int nojit; /* match with the interpreter (nl_pat_ctx_no_jit) */
};

/* NL_PAT_LIMIT for the PCRE2 errors that mean a limit was hit (remembered
   in c for nl_pat_ctx_limit), else 0. */
static int limit_hit(nl_pat_ctx *c, int rc)
{
    if (rc != PCRE2_ERROR_MATCHLIMIT && rc != PCRE2_ERROR_DEPTHLIMIT && rc != PCRE2_ERROR_HEAPLIMIT &&
        rc != PCRE2_ERROR_JIT_STACKLIMIT)
        return 0;
    c->last_limit = rc;
    return NL_PAT_LIMIT;
}

const char *nl_pat_ctx_limit(const nl_pat_ctx *c)
{
    switch (c->last_limit) {
    case PCRE2_ERROR_DEPTHLIMIT: return "depth limit";
    case PCRE2_ERROR_HEAPLIMIT: return "heap limit";
    case PCRE2_ERROR_JIT_STACKLIMIT: return "JIT stack limit";
    default: return "match limit";
    }
}

static void error_message(int code, char *msg, size_t msgsize)
{
    PCRE2_UCHAR buf[256];
    if (pcre2_get_error_message(code, buf, sizeof buf) < 0)
        strcpy((char *)buf, "unknown error");
    snprintf(msg, msgsize, "%s", (const char *)buf);
}

/* How every pattern is compiled (part of the key of a store of compiled
   patterns, below). */
#define COMPILE_OPTIONS (PCRE2_UTF | PCRE2_UCP)

static pcre2_code *compile_code(const char *src, char *msg, size_t msgsize, size_t *off)
{
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, COMPILE_OPTIONS, &ec, &eo, NULL);
    if (!code) {
        error_message(ec, msg, msgsize);
        *off = (size_t)eo;
    }
    return code;
}

/* The pattern of src around its compiled code (which it then owns; freed
   here on failure). */
static nl_pat *wrap(pcre2_code *code, const char *src, char *msg, size_t msgsize, size_t *off)
{
    nl_pat *p = malloc(sizeof *p);
    if (!p) {
        pcre2_code_free(code);
        snprintf(msg, msgsize, "out of memory");
        *off = 0;
        return NULL;
    }
    atomic_init(&p->jitted, 0);
    /* a pattern that relaxing leaves as it is has no assertion: it is local
       (a match in a slice of a text is a match in the whole text) */
    char *r = relax(src);
    p->local = r && strcmp(r, src) == 0;
    p->relaxed = NULL;
    atomic_init(&p->relaxed_done, 0);
    p->seek = NULL;
    atomic_init(&p->seek_done, 0);
    p->filter_src = r; /* the relaxed pattern itself is compiled on first use */
    p->scan_src = r ? widen(r) : NULL;
    if (r && !p->scan_src) {
        pcre2_code_free(code);
        free(r);
        free(p);
        snprintf(msg, msgsize, "out of memory");
        *off = 0;
        return NULL;
    }
    p->filter_id = -1;
    uint32_t n = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
    p->code = code;
    p->groups = n;
    return p;
}

nl_pat *nl_pat_compile(const char *src, char *msg, size_t msgsize, size_t *off)
{
    pcre2_code *code = compile_code(src, msg, msgsize, off);
    return code ? wrap(code, src, msg, msgsize, off) : NULL;
}

/* ---- the store of compiled patterns ----

   File: STORE_MAGIC, a checksum (nl_hash64_words of the rest), the number of
   patterns, each source (its length, its bytes), then the patterns as
   pcre2_serialize_encode wrote them (the same order). */

#define STORE_MAGIC "NLPS0001"

typedef struct known {
    const char *src; /* in the file read, or `owned` */
    size_t len;
    pcre2_code *code; /* the file's code, until handed out */
    char *owned; /* the copy src points to, for a pattern compiled by this load (freed with the store) */
    int used; /* this load asked for it */
} known;

struct nl_pat_store {
    char dir[4096], path[4200];
    unsigned char *map; /* the file read (mapped), or NULL */
    size_t mapsize;
    known *k;
    size_t n, cap;
    size_t *order; /* the entries this load asked for, in the order asked */
    size_t nused, order_cap;
    int dirty; /* a pattern was compiled afresh: the file is rewritten */
};

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void put_u64(FILE *f, uint64_t v, int *ok)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    *ok &= fwrite(b, 1, 8, f) == 8;
}

static int add_known(nl_pat_store *s, known k)
{
    /* order holds at most one entry per known: it has room for as many */
    if (nl_grow((void **)&s->k, &s->cap, s->n, sizeof *s->k, 64) != 0 ||
        nl_grow((void **)&s->order, &s->order_cap, s->n, sizeof *s->order, 64) != 0)
        return -1;
    s->k[s->n++] = k;
    return 0;
}

/* Read the store's file: its sources and decoded codes into s->k. Nothing
   when the file is missing, damaged or from another PCRE2. */
static void store_read(nl_pat_store *s)
{
    int fd = open(s->path, O_RDONLY);
    if (fd < 0)
        return;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 24 || sb.st_size > (off_t)256 << 20) {
        close(fd);
        return;
    }
    size_t size = (size_t)sb.st_size;
    void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return;
    const unsigned char *b = m, *end = b + size, *p = b + 24;
    uint64_t n = get_u64(b + 16);
    if (memcmp(b, STORE_MAGIC, 8) != 0 || get_u64(b + 8) != nl_hash64_words(b + 16, size - 16) ||
        n > (size - 24) / 8 || n > INT32_MAX)
        goto bad;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t len = end - p >= 8 ? get_u64(p) : UINT64_MAX;
        if (len > (uint64_t)(end - p) - 8 ||
            add_known(s, (known){(const char *)p + 8, (size_t)len, NULL, NULL, 0}) != 0)
            goto bad;
        p += 8 + len;
    }
    pcre2_code **codes = calloc(n ? n : 1, sizeof *codes);
    if (!codes)
        goto bad;
    if (n && pcre2_serialize_decode(codes, (int32_t)n, p, NULL) != (int32_t)n) {
        free(codes);
        goto bad;
    }
    for (size_t i = 0; i < n; i++)
        s->k[i].code = codes[i];
    free(codes);
    s->map = m;
    s->mapsize = size;
    return;
bad:
    s->n = 0;
    munmap(m, size);
}

nl_pat_store *nl_pat_store_open(const char *dir, uint64_t key)
{
    if (!dir || strlen(dir) >= sizeof ((nl_pat_store *)0)->dir)
        return NULL;
    nl_pat_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    /* codes are PCRE2's own bytes, compiled with these options: only the
       same version and options read them */
    char version[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, version);
    uint32_t options = COMPILE_OPTIONS;
    uint64_t h = nl_hash64(nl_hash64(key, STORE_MAGIC, 8), version, strlen(version));
    h = nl_hash64(h, &options, sizeof options);
    snprintf(s->path, sizeof s->path, "%s/patterns-%016llx", s->dir, (unsigned long long)h);
    store_read(s);
    return s;
}

nl_pat *nl_pat_store_compile(nl_pat_store *s, const char *src, char *msg, size_t msgsize, size_t *off)
{
    if (!s)
        return nl_pat_compile(src, msg, msgsize, off);
    size_t len = strlen(src), i = 0;
    while (i < s->n && !(s->k[i].len == len && memcmp(s->k[i].src, src, len) == 0))
        i++;
    if (i < s->n && !s->k[i].used)
        s->order[s->nused++] = i;
    if (i < s->n && s->k[i].code) {
        pcre2_code *code = s->k[i].code;
        s->k[i].code = NULL;
        s->k[i].used = 1;
        return wrap(code, src, msg, msgsize, off);
    }
    /* not in the file (or asked for twice): compiled here */
    nl_pat *p = nl_pat_compile(src, msg, msgsize, off);
    if (i < s->n) {
        s->k[i].used = 1;
    } else if (p) {
        char *copy = malloc(len + 1);
        if (copy && add_known(s, (known){copy, len, NULL, copy, 1}) == 0) {
            memcpy(copy, src, len + 1);
            s->order[s->nused++] = s->n - 1;
            s->dirty = 1;
        } else {
            free(copy);
        }
    }
    return p;
}

/* Write the patterns this load asked for. The codes are compiled again:
   codes decoded from a file and codes compiled here use different character
   tables, which one serialisation cannot mix, and a store is written only
   after an edit of the rules. */
static void store_write(nl_pat_store *s)
{
    pcre2_code **codes = calloc(s->nused ? s->nused : 1, sizeof *codes);
    size_t m = 0;
    uint8_t *bytes = NULL;
    PCRE2_SIZE nbytes = 0;
    if (!codes)
        return;
    for (size_t j = 0; j < s->nused; j++) {
        char msg[8];
        size_t off;
        known *k = &s->k[s->order[j]];
        char *z = malloc(k->len + 1);
        if (!z)
            goto done;
        memcpy(z, k->src, k->len);
        z[k->len] = '\0';
        codes[m] = compile_code(z, msg, sizeof msg, &off);
        free(z);
        if (!codes[m])
            goto done;
        s->order[m++] = s->order[j];
    }
    if (pcre2_serialize_encode((const pcre2_code **)(void *)codes, (int32_t)m, &bytes, &nbytes, NULL) < 0)
        goto done;
    nl_atomic *a = NULL;
    if (nl_cache_make_dir(s->dir) == 0 && nl_atomic_open(&a, s->path, NULL) == NL_OK) {
        /* the checksum covers everything after it: computed over the same bytes in memory */
        size_t total = 8;
        for (size_t j = 0; j < m; j++)
            total += 8 + s->k[s->order[j]].len;
        total += nbytes;
        unsigned char *body = malloc(total), *w = body;
        if (body) {
            for (int i = 0; i < 8; i++)
                w[i] = (unsigned char)((uint64_t)m >> (8 * i));
            w += 8;
            for (size_t j = 0; j < m; j++) {
                const known *k = &s->k[s->order[j]];
                for (int i = 0; i < 8; i++)
                    w[i] = (unsigned char)((uint64_t)k->len >> (8 * i));
                memcpy(w + 8, k->src, k->len);
                w += 8 + k->len;
            }
            memcpy(w, bytes, nbytes);
        }
        FILE *f = nl_atomic_stream(a);
        int ok = body != NULL;
        if (ok) {
            ok &= fwrite(STORE_MAGIC, 1, 8, f) == 8;
            put_u64(f, nl_hash64_words(body, total), &ok);
            ok &= fwrite(body, 1, total, f) == total;
        }
        free(body);
        if (ok)
            nl_atomic_commit(a, NULL);
        else
            nl_atomic_abort(a);
        nl_cache_prune(s->dir, "patterns-", 30); /* stores of rule files no run has read for a month */
    }
done:
    pcre2_serialize_free(bytes);
    for (size_t j = 0; j < m; j++)
        pcre2_code_free(codes[j]);
    free(codes);
}

void nl_pat_store_close(nl_pat_store *s)
{
    if (!s)
        return;
    if (s->dirty)
        store_write(s);
    else if (s->map)
        nl_cache_keep(s->path);
    for (size_t i = 0; i < s->n; i++) {
        pcre2_code_free(s->k[i].code);
        free(s->k[i].owned);
    }
    if (s->map)
        munmap(s->map, s->mapsize);
    free(s->k);
    free(s->order);
    free(s);
}

void nl_pat_free(nl_pat *p)
{
    if (!p)
        return;
    pcre2_code_free(p->code);
    nl_pat_free(p->relaxed);
    nl_pat_free(p->seek);
    free(p->filter_src);
    free(p->scan_src);
    free(p);
}

unsigned nl_pat_groups(const nl_pat *p) { return p->groups; }

unsigned nl_pat_named_groups(const nl_pat *p, const char *prefix, unsigned *out, unsigned max)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMETABLE, &table);
    size_t k = strlen(prefix);
    unsigned n = 0;
    for (uint32_t i = 0; i < count && table; i++) {
        const unsigned char *e = table + (size_t)i * size;
        if (strncmp((const char *)e + 2, prefix, k) == 0 && n < max)
            out[n++] = ((unsigned)e[0] << 8) | e[1];
    }
    return n;
}

void nl_pat_ctx_no_jit(nl_pat_ctx *c) { c->nojit = 1; }

nl_pat_ctx *nl_pat_ctx_new(void)
{
    nl_pat_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->md = pcre2_match_data_create(32, NULL);
    c->mc = pcre2_match_context_create(NULL);
    c->js = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (!c->md || !c->mc || !c->js) {
        nl_pat_ctx_free(c);
        return NULL;
    }
    pcre2_set_match_limit(c->mc, MATCH_LIMIT);
    pcre2_set_depth_limit(c->mc, DEPTH_LIMIT);
    pcre2_set_heap_limit(c->mc, HEAP_LIMIT_KIB);
    pcre2_jit_stack_assign(c->mc, NULL, c->js);
    return c;
}

void nl_pat_ctx_free(nl_pat_ctx *c)
{
    if (!c)
        return;
    pcre2_match_data_free(c->md);
    pcre2_match_context_free(c->mc);
    pcre2_jit_stack_free(c->js);
    free(c);
}

int nl_pat_match(const nl_pat *p, nl_pat_ctx *c, const char *subject, size_t len, size_t start, size_t *ov,
                 unsigned nov)
{
    /* The document text is valid UTF-8 by construction; skip the check (it
       would cost a pass over the subject per call). */
    if (!c->nojit)
        ensure_jit(p);
    int rc = pcre2_match(p->code, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK | (c->nojit ? PCRE2_NO_JIT : 0),
                         c->md, c->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return NL_PAT_NOMATCH;
    if (limit_hit(c, rc))
        return NL_PAT_LIMIT;
    if (rc < 0)
        return NL_PAT_ERROR;
    PCRE2_SIZE *v = pcre2_get_ovector_pointer(c->md);
    uint32_t have = pcre2_get_ovector_count(c->md);
    for (unsigned i = 0; i < nov; i++) {
        if (i < have && i < (unsigned)rc) {
            ov[2 * i] = v[2 * i] == PCRE2_UNSET ? (size_t)-1 : (size_t)v[2 * i];
            ov[2 * i + 1] = v[2 * i + 1] == PCRE2_UNSET ? (size_t)-1 : (size_t)v[2 * i + 1];
        } else {
            ov[2 * i] = ov[2 * i + 1] = (size_t)-1;
        }
    }
    return NL_PAT_MATCH;
}

int nl_pat_test(const nl_pat *p, nl_pat_ctx *c, const char *subject, size_t len)
{
    int rc = pcre2_match(p->code, (PCRE2_SPTR)subject, len, 0, PCRE2_NO_JIT, c->md, c->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return NL_PAT_NOMATCH;
    if (limit_hit(c, rc))
        return NL_PAT_LIMIT;
    return rc < 0 ? NL_PAT_ERROR : NL_PAT_MATCH;
}

/* pcre2_substitute into a malloc'd buffer, retrying once with the length it
 * asks for. Returns the number of substitutions or a PCRE2 error code. */
static int substitute(const pcre2_code *code, pcre2_match_data *md, pcre2_match_context *mc, uint32_t options,
                      const char *subject, size_t len, const char *tpl, char **out, size_t *outlen)
{
    PCRE2_SIZE cap = len + strlen(tpl) + 16;
    *out = NULL;
    options |= PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_UNSET_EMPTY | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
    for (int attempt = 0; attempt < 2; attempt++) {
        char *buf = malloc(cap);
        if (!buf)
            return PCRE2_ERROR_NOMEMORY;
        PCRE2_SIZE n = cap;
        int rc = pcre2_substitute(code, (PCRE2_SPTR)subject, len, 0, options, md, mc, (PCRE2_SPTR)tpl,
                                  PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)buf, &n);
        if (rc == PCRE2_ERROR_NOMEMORY && attempt == 0) {
            free(buf); /* n is now the length needed, the terminating zero included */
            cap = n;
            continue;
        }
        if (rc <= 0) {
            free(buf);
            return rc;
        }
        *out = buf;
        *outlen = (size_t)n;
        return rc;
    }
    return PCRE2_ERROR_NOMEMORY;
}

int nl_pat_substitute(const nl_pat *p, nl_pat_ctx *c, const char *subject, size_t len, const char *tpl, char **out,
                      size_t *outlen, char *msg, size_t msgsize)
{
    /* The subject is model text (valid UTF-8) and the template was checked
       when the rule was loaded. */
    if (!c->nojit)
        ensure_jit(p);
    int rc = substitute(p->code, c->md, c->mc, PCRE2_NO_UTF_CHECK | (c->nojit ? PCRE2_NO_JIT : 0), subject, len, tpl,
                        out, outlen);
    if (rc > 0)
        return NL_PAT_MATCH;
    if (rc == 0 || rc == PCRE2_ERROR_NOMATCH)
        return NL_PAT_NOMATCH;
    if (limit_hit(c, rc))
        return NL_PAT_LIMIT;
    error_message(rc, msg, msgsize);
    return NL_PAT_ERROR;
}

int nl_pat_check_template(const char *src, const char *tpl, char *msg, size_t msgsize)
{
    /* A template is only read when something matches. "(?:SRC)|" keeps the
       groups of SRC and matches the empty subject, so substituting into ""
       reads the whole template; groups left unset count as empty. A source
       that cannot be wrapped (a leading (*VERB)) is not judged here: the
       rule's fixed examples still are. */
    size_t n = strlen(src);
    char *wrapped = malloc(n + 8);
    if (!wrapped)
        return 0;
    memcpy(wrapped, "(?:", 3);
    memcpy(wrapped + 3, src, n);
    memcpy(wrapped + 3 + n, ")|", 3);
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)wrapped, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &ec, &eo,
                                     NULL);
    free(wrapped);
    if (!code)
        return 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int verdict = 0;
    if (md) {
        char *out = NULL;
        size_t outlen = 0;
        int rc = substitute(code, md, NULL, 0, "", 0, tpl, &out, &outlen);
        free(out);
        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && rc != PCRE2_ERROR_NOMEMORY) {
            error_message(rc, msg, msgsize);
            verdict = -1;
        }
    }
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return verdict;
}
