/*
 * literals.c — the literals a pattern's matches must contain (literals.h).
 *
 * A recursive-descent reading of the pattern computes for each part either
 * the exact set of strings it matches (a literal, a small class, an
 * alternation of those, and their concatenations up to MAX_PRODUCT strings)
 * or, when that set is unknown or too large, a conjunction of clauses its
 * matches must satisfy. Concatenation joins exact neighbours and collects
 * the clauses of the rest; an alternation whose branches are not all exact
 * keeps one clause, the union of the best clause of each branch; a part that
 * may repeat zero times requires nothing. This is the classic literal
 * prefilter of regex engines, kept to what the rules need.
 *
 * Everything the reading does not know (look-around, anchors, options,
 * POSIX classes, odd escapes, a brace that is not a quantifier) makes it
 * give up: a missing literal would hide a finding, a surplus only costs a
 * search.
 *
 * All the working sets live in one arena freed at the end; the result is
 * copied into one block.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "rules/literals.h"

#define MAX_PRODUCT 64   /* strings in an exact set made by concatenation */
#define MAX_UNION 4096   /* strings in an exact set made by alternation */
#define MIN_LITERAL 3    /* bytes: one CJK character */
#define MAX_DEPTH 100    /* nested groups */
#define ARENA_LIMIT (16u << 20)

#define SEP_FULL_STOP 0x3002u /* 。 */
#define SEP_SEMICOLON 0xFF1Bu /* ； */
#define HOLDS_STOP 1
#define HOLDS_SEMI 2

typedef struct str {
    const char *p;
    size_t len;
} str;

typedef struct strs { /* a set of strings: an exact set or a clause */
    str *v;
    size_t n, cap;
} strs;

typedef struct cnf { /* clauses, all required */
    strs *v;
    size_t n, cap;
} cnf;

typedef struct info {
    int exact; /* ex is every string the part matches; else req holds */
    strs ex;
    cnf req;
} info;

typedef struct parser {
    const char *s;
    size_t i;
    nl_arena arena; /* every set and clause of one parse */
    size_t total;   /* bytes taken from it, held to ARENA_LIMIT */
    int bad;     /* gave up */
    int crosses; /* what a match may hold: HOLDS_STOP (。), HOLDS_SEMI (；) */
} parser;

struct nl_litreq {
    int level;      /* the segments a match stays in (nl_litreq_segments) */
    size_t n;       /* clauses */
    size_t *start;  /* clause c is lits[start[c] .. start[c + 1]) */
    str *lits;
};

/* ---- the arena ---- */

/* n bytes from the parse's arena; gives up the parse (p->bad) past
   ARENA_LIMIT or when out of memory */
static void *aalloc(parser *p, size_t n)
{
    if (p->total + n > ARENA_LIMIT) {
        p->bad = 1;
        return NULL;
    }
    void *r = nl_arena_alloc(&p->arena, n);
    if (!r)
        p->bad = 1;
    else
        p->total += n;
    return r;
}

/* Room for one more element in the arena array *v of *n elements of `size`
   bytes (doubling; the old copy stays in the arena): 0, or -1 when the parse
   gave up. */
static int agrow(parser *p, void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? 2 * *cap : 4;
    void *w = aalloc(p, ncap * size);
    if (!w)
        return -1;
    if (n)
        memcpy(w, *v, n * size);
    *v = w;
    *cap = ncap;
    return 0;
}

/* ---- sets ---- */

static void push(parser *p, strs *s, str x)
{
    void *v = s->v;
    if (agrow(p, &v, &s->cap, s->n, sizeof *s->v) != 0)
        return;
    s->v = v;
    s->v[s->n++] = x;
}

static strs single(parser *p, const char *bytes, size_t len)
{
    strs s = {NULL, 0, 0};
    char *c = aalloc(p, len ? len : 1);
    if (c) {
        memcpy(c, bytes, len);
        push(p, &s, (str){c, len});
    }
    return s;
}

static strs product(parser *p, const strs *a, const strs *b)
{
    strs r = {NULL, 0, 0};
    for (size_t i = 0; i < a->n && !p->bad; i++)
        for (size_t k = 0; k < b->n && !p->bad; k++) {
            size_t len = a->v[i].len + b->v[k].len;
            char *c = aalloc(p, len ? len : 1);
            if (!c)
                break;
            memcpy(c, a->v[i].p, a->v[i].len);
            memcpy(c + a->v[i].len, b->v[k].p, b->v[k].len);
            push(p, &r, (str){c, len});
        }
    return r;
}

static void add_all(parser *p, strs *dst, const strs *src)
{
    for (size_t k = 0; k < src->n; k++)
        push(p, dst, src->v[k]);
}

/* 1 when s can serve as a clause: not empty, every string long enough */
static int usable(const strs *s)
{
    if (s->n == 0)
        return 0;
    for (size_t k = 0; k < s->n; k++)
        if (s->v[k].len < MIN_LITERAL)
            return 0;
    return 1;
}

static void add_clause(parser *p, cnf *c, const strs *s)
{
    if (!usable(s))
        return;
    void *v = c->v;
    if (agrow(p, &v, &c->cap, c->n, sizeof *c->v) != 0)
        return;
    c->v = v;
    c->v[c->n++] = *s;
}

static size_t shortest(const strs *s)
{
    size_t m = SIZE_MAX;
    for (size_t k = 0; k < s->n; k++)
        if (s->v[k].len < m)
            m = s->v[k].len;
    return m;
}

/* The clause of x that narrows most (longest shortest literal, then fewest
   literals), or NULL when x requires nothing. */
static const strs *best(const info *x)
{
    if (x->exact)
        return usable(&x->ex) ? &x->ex : NULL;
    const strs *b = NULL;
    for (size_t k = 0; k < x->req.n; k++) {
        const strs *c = &x->req.v[k];
        if (!b || shortest(c) > shortest(b) || (shortest(c) == shortest(b) && c->n < b->n))
            b = c;
    }
    return b;
}

static info exact_of(strs s)
{
    info x;
    memset(&x, 0, sizeof x);
    x.exact = 1;
    x.ex = s;
    return x;
}

static info anything(void)
{
    info x;
    memset(&x, 0, sizeof x);
    return x;
}

/* ---- characters ---- */

static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The code point at s[*i] (advanced past it), or -1 for bytes that are not
   UTF-8. */
static long utf8_next(const char *s, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    int n;
    uint32_t cp;
    if (u[0] < 0x80) {
        n = 1;
        cp = u[0];
    } else if ((u[0] & 0xE0) == 0xC0) {
        n = 2;
        cp = u[0] & 0x1F;
    } else if ((u[0] & 0xF0) == 0xE0) {
        n = 3;
        cp = u[0] & 0x0F;
    } else if ((u[0] & 0xF8) == 0xF0) {
        n = 4;
        cp = u[0] & 0x07;
    } else {
        return -1;
    }
    for (int k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (u[k] & 0x3F);
    }
    *i += (size_t)n;
    return (long)cp;
}

/* what a match holding the character cp holds */
static int holds(uint32_t cp) { return cp == SEP_FULL_STOP ? HOLDS_STOP : cp == SEP_SEMICOLON ? HOLDS_SEMI : 0; }

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* An escape's meaning: a code point, or a class of characters. */
enum { ESC_CHAR, ESC_CLASS, ESC_CLASS_WIDE, ESC_BAD };

/* The escape at s[p->i] == '\\' (advanced past it). *cp: the code point of
   ESC_CHAR. ESC_CLASS: a class that holds neither 。 nor ；; ESC_CLASS_WIDE:
   one that may. in_class: inside [...] (where \b is a backspace). */
static int escape(parser *p, int in_class, uint32_t *cp)
{
    const char *s = p->s;
    size_t i = p->i + 1;
    char e = s[i];
    if (!e)
        return ESC_BAD;
    if (e == 'x') {
        uint32_t v = 0;
        i++;
        if (s[i] == '{') {
            size_t k = i + 1;
            int digits = 0;
            while (hexval(s[k]) >= 0 && digits < 8) {
                v = v * 16 + (uint32_t)hexval(s[k++]);
                digits++;
            }
            if (s[k] != '}' || digits == 0 || v > 0x10FFFF)
                return ESC_BAD;
            i = k + 1;
        } else {
            for (int d = 0; d < 2 && hexval(s[i]) >= 0; d++)
                v = v * 16 + (uint32_t)hexval(s[i++]);
        }
        p->i = i;
        *cp = v;
        return ESC_CHAR;
    }
    static const char ctl[] = "ntrfea";
    static const unsigned char ctl_cp[] = {'\n', '\t', '\r', '\f', 0x1B, 0x07};
    const char *c = strchr(ctl, e);
    if (c) {
        p->i = i + 1;
        *cp = ctl_cp[c - ctl];
        return ESC_CHAR;
    }
    if (in_class && e == 'b') {
        p->i = i + 1;
        *cp = 0x08;
        return ESC_CHAR;
    }
    /* \d \s \w \h \v hold no punctuation such as 。 and ； (with UCP too) */
    if (strchr("dswhv", e)) {
        p->i = i + 1;
        return ESC_CLASS;
    }
    if (strchr("DSWHVN", e) || (!in_class && strchr("RX", e))) {
        p->i = i + 1;
        return ESC_CLASS_WIDE;
    }
    if (e == 'p' || e == 'P') {
        size_t k = i + 1;
        int han = 0;
        if (s[k] == '{') {
            const char *close = strchr(s + k, '}');
            if (!close)
                return ESC_BAD;
            han = e == 'p' && (size_t)(close - (s + k)) == 4 && memcmp(s + k + 1, "Han", 3) == 0;
            k = (size_t)(close - s) + 1;
        } else if (s[k]) {
            k++;
        } else {
            return ESC_BAD;
        }
        p->i = k;
        return han ? ESC_CLASS : ESC_CLASS_WIDE;
    }
    if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))
        return ESC_BAD; /* back-references, anchors, \Q…\E, \K, octal: not read */
    /* a backslash before any other character stands for that character */
    size_t k = i;
    long v = utf8_next(s, &k);
    if (v < 0)
        return ESC_BAD;
    p->i = k;
    *cp = (uint32_t)v;
    return ESC_CHAR;
}

/* ---- the reading ---- */

static info parse_alt(parser *p, int depth);

/* A literal character of a class at s[p->i] into *cp: 1, or 0 (p->bad set) */
static int class_literal(parser *p, uint32_t *cp)
{
    long v = utf8_next(p->s, &p->i);
    if (v < 0) {
        p->bad = 1;
        return 0;
    }
    *cp = (uint32_t)v;
    return 1;
}

/* One member of a class at s[p->i]: 1 for a character *lo (= *hi), 2 for a
   range [*lo, *hi]; 0 for an escape that stands for a class (*wide: one that may hold 。 or ；);
   -1 when it cannot be read (p->bad set). */
static int class_item(parser *p, uint32_t *lo, uint32_t *hi, int *wide)
{
    const char *s = p->s;
    if (s[p->i] == '[' && (s[p->i + 1] == ':' || s[p->i + 1] == '.' || s[p->i + 1] == '=')) {
        p->bad = 1; /* POSIX classes: not read */
        return -1;
    }
    if (s[p->i] == '\\') {
        int k = escape(p, 1, lo);
        if (k == ESC_BAD) {
            p->bad = 1;
            return -1;
        }
        if (k != ESC_CHAR) {
            *wide = k == ESC_CLASS_WIDE;
            return 0;
        }
    } else if (!class_literal(p, lo)) {
        return -1;
    }
    *hi = *lo;
    if (s[p->i] == '-' && s[p->i + 1] && s[p->i + 1] != ']') {
        p->i++;
        if (s[p->i] == '\\' ? escape(p, 1, hi) != ESC_CHAR : !class_literal(p, hi))
            p->bad = 1;
        else if (*hi < *lo)
            p->bad = 1;
        if (p->bad)
            return -1;
        return 2;
    }
    return 1;
}

/* [...] at s[p->i] */
static info parse_class(parser *p)
{
    const char *s = p->s;
    p->i++;
    int neg = 0;
    if (s[p->i] == '^') {
        neg = 1;
        p->i++;
    }
    uint32_t chars[16];
    size_t nchars = 0;
    int many = 0;      /* not a short list of single characters */
    int seps = 0;      /* HOLDS_STOP, HOLDS_SEMI: lists 。, ； */
    int wide = 0;      /* holds a class that may hold either */
    int first = 1;
    while (!p->bad) {
        char c = s[p->i];
        if (!c) {
            p->bad = 1;
            break;
        }
        if (c == ']' && !first) {
            p->i++;
            break;
        }
        first = 0;
        uint32_t lo, hi;
        int w = 0, k = class_item(p, &lo, &hi, &w);
        if (k < 0)
            break;
        if (k == 0) {
            many = 1;
            wide |= w;
            continue;
        }
        many |= k == 2;
        if (lo <= SEP_FULL_STOP && SEP_FULL_STOP <= hi)
            seps |= HOLDS_STOP;
        if (lo <= SEP_SEMICOLON && SEP_SEMICOLON <= hi)
            seps |= HOLDS_SEMI;
        if (lo == hi && nchars < 16)
            chars[nchars++] = lo;
        else
            many = 1;
    }
    if (p->bad)
        return anything();
    if (neg) {
        /* matches anything not listed */
        p->crosses |= ~seps & (HOLDS_STOP | HOLDS_SEMI);
        return anything();
    }
    p->crosses |= wide ? HOLDS_STOP | HOLDS_SEMI : seps;
    if (many || nchars == 0)
        return anything();
    strs set = {NULL, 0, 0};
    for (size_t k = 0; k < nchars; k++) {
        char b[4];
        strs one = single(p, b, utf8_encode(chars[k], b));
        add_all(p, &set, &one);
    }
    return exact_of(set);
}

/* one atom: a character, an escape, a class, a group, or . */
static info parse_atom(parser *p, int depth)
{
    const char *s = p->s;
    char c = s[p->i];
    if (c == '(') {
        if (depth >= MAX_DEPTH) {
            p->bad = 1;
            return anything();
        }
        size_t i = p->i + 1;
        if (s[i] == '*') {
            p->bad = 1;
            return anything();
        }
        if (s[i] == '?') {
            char k = s[i + 1];
            if (k == ':' || k == '|') {
                i += 2;
            } else if ((k == '<' && s[i + 2] != '=' && s[i + 2] != '!') || (k == 'P' && s[i + 2] == '<') ||
                       k == '\'') {
                const char *close = strchr(s + i + 2, k == '\'' ? '\'' : '>');
                if (!close) {
                    p->bad = 1;
                    return anything();
                }
                i = (size_t)(close - s) + 1;
            } else {
                p->bad = 1; /* look-around, options, comments, recursion: not read */
                return anything();
            }
        }
        p->i = i;
        info x = parse_alt(p, depth + 1);
        if (s[p->i] != ')') {
            p->bad = 1;
            return anything();
        }
        p->i++;
        return x;
    }
    if (c == '[')
        return parse_class(p);
    if (c == '.') {
        p->i++;
        p->crosses |= HOLDS_STOP | HOLDS_SEMI;
        return anything();
    }
    if (c == '\\') {
        uint32_t cp;
        int k = escape(p, 0, &cp);
        if (k == ESC_BAD) {
            p->bad = 1;
            return anything();
        }
        if (k != ESC_CHAR) {
            if (k == ESC_CLASS_WIDE)
                p->crosses |= HOLDS_STOP | HOLDS_SEMI;
            return anything();
        }
        p->crosses |= holds(cp);
        char b[4];
        return exact_of(single(p, b, utf8_encode(cp, b)));
    }
    if (strchr("^$*+?{", c)) {
        p->bad = 1;
        return anything();
    }
    size_t start = p->i;
    long v = utf8_next(s, &p->i);
    if (v < 0) {
        p->bad = 1;
        return anything();
    }
    p->crosses |= holds((uint32_t)v);
    return exact_of(single(p, s + start, p->i - start));
}

/* the quantifier after an atom, if any, applied to x */
static info quantify(parser *p, info x)
{
    const char *s = p->s;
    char c = s[p->i];
    unsigned long lo, hi;
    if (c == '*' || c == '+' || c == '?') {
        lo = c == '+';
        hi = c == '?' ? 1 : ULONG_MAX;
        p->i++;
    } else if (c == '{') {
        size_t k = p->i + 1;
        if (s[k] < '0' || s[k] > '9') {
            p->bad = 1; /* a brace that is not a quantifier: not read */
            return x;
        }
        lo = strtoul(s + k, NULL, 10);
        while (s[k] >= '0' && s[k] <= '9')
            k++;
        hi = lo;
        if (s[k] == ',') {
            k++;
            hi = ULONG_MAX;
            if (s[k] >= '0' && s[k] <= '9') {
                hi = strtoul(s + k, NULL, 10);
                while (s[k] >= '0' && s[k] <= '9')
                    k++;
            }
        }
        if (s[k] != '}' || hi < lo) {
            p->bad = 1;
            return x;
        }
        p->i = k + 1;
    } else {
        return x;
    }
    if (s[p->i] == '?' || s[p->i] == '+')
        p->i++;
    if (s[p->i] && strchr("*+?{", s[p->i])) {
        p->bad = 1;
        return x;
    }
    if (lo == 0) {
        if (x.exact && hi == 1) {
            push(p, &x.ex, (str){"", 0});
            return x;
        }
        return anything();
    }
    if (lo == 1 && hi == 1)
        return x;
    /* repeated: each match holds one copy at least */
    info r = anything();
    if (x.exact)
        add_clause(p, &r.req, &x.ex);
    else
        r.req = x.req;
    return r;
}

/* a sequence of quantified atoms, up to | or ) or the end */
static info parse_seq(parser *p, int depth)
{
    const char *s = p->s;
    strs run = single(p, "", 0); /* the exact strings of the atoms since the last flush */
    cnf req = {NULL, 0, 0};
    int exact = 1;
    while (!p->bad && s[p->i] && s[p->i] != '|' && s[p->i] != ')') {
        info x = quantify(p, parse_atom(p, depth));
        if (p->bad)
            break;
        if (x.exact) {
            if (run.n * x.ex.n <= MAX_PRODUCT) {
                run = product(p, &run, &x.ex);
            } else {
                add_clause(p, &req, &run);
                run = x.ex;
                exact = 0;
            }
        } else {
            add_clause(p, &req, &run);
            run = single(p, "", 0);
            for (size_t k = 0; k < x.req.n; k++)
                add_clause(p, &req, &x.req.v[k]);
            exact = 0;
        }
    }
    if (exact)
        return exact_of(run);
    add_clause(p, &req, &run);
    info r = anything();
    r.req = req;
    return r;
}

/* alternatives separated by |, up to ) or the end */
static info parse_alt(parser *p, int depth)
{
    info acc = parse_seq(p, depth);
    while (!p->bad && p->s[p->i] == '|') {
        p->i++;
        info b = parse_seq(p, depth);
        if (p->bad)
            break;
        if (acc.exact && b.exact && acc.ex.n + b.ex.n <= MAX_UNION) {
            add_all(p, &acc.ex, &b.ex);
            continue;
        }
        /* a match of either: one clause, the union of a clause of each */
        const strs *ca = best(&acc), *cb = best(&b);
        info r = anything();
        if (ca && cb) {
            strs u = {NULL, 0, 0};
            add_all(p, &u, ca);
            add_all(p, &u, cb);
            add_clause(p, &r.req, &u);
        }
        acc = r;
    }
    return acc;
}

nl_litreq *nl_litreq_new(const char *src)
{
    parser p = {src, 0, {NULL}, 0, 0, 0};
    info x = parse_alt(&p, 0);
    if (src[p.i] != '\0')
        p.bad = 1; /* an unmatched ) */
    cnf req = {NULL, 0, 0};
    if (!p.bad) {
        if (x.exact)
            add_clause(&p, &req, &x.ex);
        else
            req = x.req;
    }
    nl_litreq *r = NULL;
    if (!p.bad && req.n > 0) {
        size_t nlit = 0, bytes = 0;
        for (size_t c = 0; c < req.n; c++) {
            nlit += req.v[c].n;
            for (size_t k = 0; k < req.v[c].n; k++)
                bytes += req.v[c].v[k].len;
        }
        /* one block: the struct, the clause starts, the literals, their bytes */
        size_t head = sizeof *r, starts = (req.n + 1) * sizeof(size_t), lits = nlit * sizeof(str);
        r = malloc(head + starts + lits + bytes);
        if (r) {
            r->level = !(p.crosses & HOLDS_STOP) ? !(p.crosses & HOLDS_SEMI) ? NL_SEG_CLAUSE : NL_SEG_SENTENCE : 0;
            r->n = req.n;
            r->start = (size_t *)(void *)((char *)r + head);
            r->lits = (str *)(void *)((char *)r + head + starts);
            char *w = (char *)r + head + starts + lits;
            size_t l = 0;
            for (size_t c = 0; c < req.n; c++) {
                r->start[c] = l;
                for (size_t k = 0; k < req.v[c].n; k++) {
                    memcpy(w, req.v[c].v[k].p, req.v[c].v[k].len);
                    r->lits[l++] = (str){w, req.v[c].v[k].len};
                    w += req.v[c].v[k].len;
                }
            }
            r->start[req.n] = l;
        }
    }
    nl_arena_free(&p.arena);
    return r;
}

void nl_litreq_free(nl_litreq *r) { free(r); }

int nl_litreq_segments(const nl_litreq *r) { return r->level; }

size_t nl_litreq_clauses(const nl_litreq *r) { return r->n; }

size_t nl_litreq_clause_size(const nl_litreq *r, size_t c) { return r->start[c + 1] - r->start[c]; }

const char *nl_litreq_literal(const nl_litreq *r, size_t c, size_t k, size_t *len)
{
    const str *s = &r->lits[r->start[c] + k];
    *len = s->len;
    return s->p;
}

int nl_litreq_is_separator(const char *t, size_t at, size_t len, int level)
{
    /* 。 is E3 80 82, ； is EF BC 9B */
    if (at + 3 > len)
        return 0;
    const unsigned char *u = (const unsigned char *)t + at;
    return (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x82) ||
           (level == NL_SEG_CLAUSE && u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x9B);
}
