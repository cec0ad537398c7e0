/*
 * xmlscan.c — the pull scanner of xmlscan.h: UTF-8, DTD-free XML read in
 * one pass over the buffer, with memchr doing most of the walking.
 *
 * Costs: one validation pass over all bytes (eight at a time while they are
 * printable ASCII, which markup mostly is), then one pass that copies only
 * texts and the attribute values asked for. Nothing is allocated per element:
 * the element, attribute and namespace stacks and the text buffer grow once
 * and are reused. Namespace URIs are interned so that consumers may compare
 * them by pointer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "load/xmlscan.h"

#define XML_NS_URI "http://www.w3.org/XML/1998/namespace"
#define MAX_ATTRS 4096 /* per element; more is refused rather than slowly checked */
#define NCACHE 4

typedef struct attr {
    const char *q; /* qualified name in the source */
    size_t qlen, plen; /* plen: prefix length, 0 without one */
    const char *v; /* raw value in the source */
    size_t vlen;
    unsigned char plain; /* the value needs no decoding */
    unsigned char decl;  /* an xmlns declaration */
} attr;

typedef struct bind {
    const char *pfx;
    size_t plen;
    const char *uri; /* interned */
} bind;

typedef struct elem {
    const char *q;
    size_t qlen, plen;
    size_t pos;   /* offset of the '>' ending its start tag */
    size_t nbind; /* bindings in force before it */
    const char *uri;
} elem;

struct nl_xs {
    const char *d;
    size_t len, pos, start; /* start: after a BOM */
    int max_depth;
    elem *el;
    size_t nel, el_cap;
    bind *b;
    size_t nb, b_cap;
    char **uris;
    size_t nuris, uris_cap;
    attr *at;
    size_t nat, at_cap;
    uint16_t *hash; /* duplicate-attribute check of long attribute lists */
    size_t hash_cap;
    nl_buf text, val, name; /* the current text or comment, attribute value, local name */
    const char *cur_uri;
    nl_xml_event ev;
    size_t node_pos;
    size_t line_pos;
    long line;
    int pending_end, pop_pending, root_done;
    unsigned long gen; /* bumped when the bindings change */
    struct {
        char pfx[24];
        size_t plen;
        unsigned long gen;
        const char *uri;
    } cache[NCACHE];
    unsigned ncache_next;
    char err[160];
    size_t err_pos;
    int final;
};

static int is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

/* ASCII name characters: 1 may start a name (not ':', which separates the
   prefix), 2 may continue one; every byte >= 0x80 may do both. */
static const unsigned char name_class[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
};

static int name_start(unsigned char c) { return c >= 0x80 || (name_class[c] & 1); }

/* What a byte is inside a name: 0 ends it, 1 an ASCII name character, 2 the
   colon, 3 a byte of a non-ASCII character (checked as UTF-8 afterwards). */
static const unsigned char in_name[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/* The buffer emptied and terminated ("" even when nothing follows); 0, or
   -1 when out of memory. */
static int sb_clear(nl_buf *b)
{
    b->n = 0;
    if (!nl_buf_reserve(b, 0))
        return -1;
    nl_buf_commit(b, 0);
    return 0;
}

static int sb_put(nl_buf *b, const char *s, size_t n)
{
    char *o = nl_buf_reserve(b, n);
    if (!o)
        return -1;
    memcpy(o, s, n);
    nl_buf_commit(b, n);
    return 0;
}

/* 1 for a code point XML allows as a character */
static int xml_char(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* 1 if every byte sequence is UTF-8 of an XML character; else 0 and *bad. */
static int valid_chars(const unsigned char *s, size_t n, size_t *bad)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            /* no byte >= 0x80 and none below 0x20 */
            if (!((w & high) | ((w - ones * 0x20) & ~w & high))) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                *bad = i;
                return 0;
            }
            i++;
            continue;
        }
        /* three bytes, the common case of Chinese text: decoded here, and
           the run of them stays in this loop */
        while (c >= 0xE0 && c <= 0xEF && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE)
                break;
            i += 3;
            if (i >= n)
                return 1;
            c = s[i];
        }
        if (c < 0x80)
            continue;
        uint32_t cp;
        size_t k = nl_utf8_decode((const char *)s + i, n - i, &cp);
        if (k == 0 || !xml_char(cp)) {
            *bad = i;
            return 0;
        }
        i += k;
    }
    return 1;
}

static const char *find2(const char *p, const char *end, char a, char b)
{
    while (p < end) {
        const char *q = memchr(p, a, (size_t)(end - p));
        if (!q || q + 1 >= end)
            return NULL;
        if (q[1] == b)
            return q;
        p = q + 1;
    }
    return NULL;
}

static const char *find_str(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    while (p < end) {
        const char *q = memchr(p, s[0], (size_t)(end - p));
        if (!q || (size_t)(end - q) < n)
            return NULL;
        if (memcmp(q, s, n) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

/* Where the prolog ends: after an optional declaration, white space,
   comments and processing instructions. Returns 1 if what follows is an
   element (or anything but a DOCTYPE), with the encoding the declaration names
   (or none) being UTF-8. */
int nl_xs_suitable(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    if (p >= end || (size_t)(end - p) < 4 || memchr(p, '\0', 4))
        return 0; /* empty, or UTF-16/32 without a BOM: libxml2 detects those */
    if (*p != '<' && !is_ws((unsigned char)*p))
        return 0;
    if (end - p >= 6 && memcmp(p, "<?xml", 5) == 0 && is_ws((unsigned char)p[5])) {
        const char *q = find2(p, end, '?', '>');
        if (!q)
            return 0;
        const char *e = find_str(p, q, "encoding");
        if (e) {
            e += 8;
            while (e < q && is_ws((unsigned char)*e))
                e++;
            if (e >= q || *e++ != '=')
                return 0;
            while (e < q && is_ws((unsigned char)*e))
                e++;
            if (e >= q || (*e != '"' && *e != '\''))
                return 0;
            const char *v = e + 1, *ve = memchr(v, *e, (size_t)(q - v));
            if (!ve)
                return 0;
            size_t n = (size_t)(ve - v);
            if (!((n == 5 && strncasecmp(v, "UTF-8", 5) == 0) || (n == 4 && strncasecmp(v, "UTF8", 4) == 0)))
                return 0;
        }
        p = q + 2;
    }
    for (;;) {
        while (p < end && is_ws((unsigned char)*p))
            p++;
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *q = find_str(p + 4, end, "-->");
            if (!q)
                return 0;
            p = q + 3;
        } else if (end - p >= 2 && memcmp(p, "<?", 2) == 0) {
            const char *q = find2(p + 2, end, '?', '>');
            if (!q)
                return 0;
            p = q + 2;
        } else {
            return !(end - p >= 2 && memcmp(p, "<!", 2) == 0);
        }
    }
}

nl_xs *nl_xs_new(const char *data, size_t len, int max_depth)
{
    nl_xs *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->d = data;
    x->len = len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        x->start = x->pos = 3;
    x->max_depth = max_depth > 0 ? max_depth : NL_XML_DEFAULT_DEPTH;
    x->line = 1;
    x->cur_uri = "";
    return x;
}

void nl_xs_free(nl_xs *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nuris; i++)
        free(x->uris[i]);
    free(x->uris);
    free(x->el);
    free(x->b);
    free(x->at);
    free(x->hash);
    free(x->text.p);
    free(x->val.p);
    free(x->name.p);
    free(x);
}

static nl_xml_event fail_at(nl_xs *x, size_t pos, int final, const char *msg)
{
    if (x->ev != NL_XML_ERROR) {
        snprintf(x->err, sizeof x->err, "%s", msg);
        x->err_pos = pos;
        x->final = final;
    }
    x->ev = NL_XML_ERROR;
    return NL_XML_ERROR;
}

static nl_xml_event fail(nl_xs *x, const char *msg) { return fail_at(x, x->pos, 0, msg); }

static nl_xml_event oom(nl_xs *x) { return fail_at(x, x->pos, 1, "out of memory"); }

/* Character data, comments and instructions are checked as they are met
   (markup is checked by the syntax itself): 1 if p[0..n) is UTF-8 of XML
   characters, else the scanner fails and 0. */
static int checked(nl_xs *x, const char *p, size_t n)
{
    size_t bad;
    if (valid_chars((const unsigned char *)p, n, &bad))
        return 1;
    fail_at(x, (size_t)(p - x->d) + bad, 0, "invalid UTF-8 or a character XML does not allow");
    return 0;
}

/* Decode s[0..n) into b: mode 0 character data (references, line ends, no
   "]]>"), 1 attribute value (also white space to spaces), 2 raw (comments,
   CDATA: line ends only). 0 on success, -1 out of memory, 1 malformed. */
static int decode(nl_buf *b, const char *s, size_t n, int mode)
{
    char *o0 = nl_buf_reserve(b, n), *o = o0; /* decoding never makes a text longer */
    if (!o0)
        return -1;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\r') {
            *o++ = mode == 1 ? ' ' : '\n';
            i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
            continue;
        }
        if (mode == 1 && (c == '\n' || c == '\t')) {
            *o++ = ' ';
            i++;
            continue;
        }
        if (mode == 0 && c == ']' && i + 2 < n && s[i + 1] == ']' && s[i + 2] == '>')
            return 1;
        if (c != '&' || mode == 2) {
            *o++ = c;
            i++;
            continue;
        }
        const char *r = s + i + 1, *semi = memchr(r, ';', n - i - 1);
        if (!semi)
            return 1;
        size_t rl = (size_t)(semi - r);
        if (rl >= 2 && r[0] == '#') {
            uint32_t cp = 0;
            int hex = r[1] == 'x';
            size_t k = hex ? 2 : 1;
            if (k >= rl)
                return 1;
            for (; k < rl; k++) {
                unsigned d;
                char ch = r[k];
                if (ch >= '0' && ch <= '9')
                    d = (unsigned)(ch - '0');
                else if (hex && ch >= 'a' && ch <= 'f')
                    d = (unsigned)(ch - 'a' + 10);
                else if (hex && ch >= 'A' && ch <= 'F')
                    d = (unsigned)(ch - 'A' + 10);
                else
                    return 1;
                cp = cp * (hex ? 16 : 10) + d;
                if (cp > 0x10FFFF)
                    return 1;
            }
            if (!xml_char(cp))
                return 1;
            o += nl_utf8_encode(cp, o);
        } else if (rl == 2 && memcmp(r, "lt", 2) == 0) {
            *o++ = '<';
        } else if (rl == 2 && memcmp(r, "gt", 2) == 0) {
            *o++ = '>';
        } else if (rl == 3 && memcmp(r, "amp", 3) == 0) {
            *o++ = '&';
        } else if (rl == 4 && memcmp(r, "apos", 4) == 0) {
            *o++ = '\'';
        } else if (rl == 4 && memcmp(r, "quot", 4) == 0) {
            *o++ = '"';
        } else {
            return 1; /* an entity no DTD declares */
        }
        i = (size_t)(semi - s) + 1;
    }
    nl_buf_commit(b, (size_t)(o - o0));
    return 0;
}

static const char *intern(nl_xs *x, const char *s, size_t n)
{
    if (n == 0)
        return "";
    for (size_t i = 0; i < x->nuris; i++)
        if (strncmp(x->uris[i], s, n) == 0 && x->uris[i][n] == '\0')
            return x->uris[i];
    if (nl_grow((void **)&x->uris, &x->uris_cap, x->nuris, sizeof *x->uris, 16) != 0)
        return NULL;
    char *c = malloc(n + 1);
    if (!c)
        return NULL;
    memcpy(c, s, n);
    c[n] = '\0';
    x->uris[x->nuris++] = c;
    return c;
}

/* The URI bound to prefix p[0..n) (n 0: the default namespace, "" when
   none), or NULL when the prefix is not bound. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static const char *resolve(nl_xs *x, const char *p, size_t n)
{
    for (unsigned k = 0; k < NCACHE; k++)
        if (x->cache[k].uri && x->cache[k].gen == x->gen && x->cache[k].plen == n && same_bytes(x->cache[k].pfx, p, n))
            return x->cache[k].uri;
    const char *u = NULL;
    if (n == 3 && memcmp(p, "xml", 3) == 0) {
        u = XML_NS_URI;
    } else {
        for (size_t k = x->nb; k-- > 0;)
            if (x->b[k].plen == n && memcmp(x->b[k].pfx, p, n) == 0) {
                u = x->b[k].uri;
                break;
            }
        if (!u && n == 0)
            u = "";
    }
    if (u && n <= sizeof x->cache[0].pfx) {
        unsigned k = x->ncache_next++ % NCACHE;
        memcpy(x->cache[k].pfx, p, n);
        x->cache[k].plen = n;
        x->cache[k].gen = x->gen;
        x->cache[k].uri = u;
    }
    return u;
}

/* A (possibly prefixed) name at d[*i]; *plen is its prefix length. */
static int scan_qname(const char *d, size_t len, size_t *i, size_t *plen)
{
    const unsigned char *u = (const unsigned char *)d;
    size_t s = *i, k = s, colon = 0;
    unsigned hi = 0;
    if (k >= len || !name_start(u[k]))
        return -1;
    for (k++; k < len; k++) {
        unsigned cls = in_name[u[k]];
        if (cls == 1)
            continue;
        if (cls == 0)
            break;
        if (cls == 3) {
            hi = 1;
        } else {
            if (colon)
                return -1;
            colon = k;
        }
    }
    if (colon && (colon + 1 == k || !name_start(u[colon + 1])))
        return -1;
    size_t bad;
    if ((hi || u[s] >= 0x80) && !valid_chars(u + s, k - s, &bad))
        return -1; /* a name in Chinese, say: its bytes must be UTF-8 */
    *plen = colon ? colon - s : 0;
    *i = k;
    return 0;
}

static int set_name(nl_xs *x, const char *q, size_t qlen, size_t plen)
{
    size_t skip = plen ? plen + 1 : 0;
    return sb_clear(&x->name) != 0 ? -1 : sb_put(&x->name, q + skip, qlen - skip);
}

static int same_attr(const attr *a, const attr *b) { return a->qlen == b->qlen && same_bytes(a->q, b->q, a->qlen); }

/* 1 if two attributes of the current tag have the same name. */
static int duplicate_attrs(nl_xs *x)
{
    size_t n = x->nat;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = 0; j < i; j++)
                if (same_attr(&x->at[i], &x->at[j]))
                    return 1;
        return 0;
    }
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    if (cap > x->hash_cap) {
        uint16_t *h = realloc(x->hash, cap * sizeof *h);
        if (!h)
            return -1;
        x->hash = h;
        x->hash_cap = cap;
    }
    memset(x->hash, 0xff, cap * sizeof *x->hash);
    for (size_t i = 0; i < n; i++) {
        uint32_t h = 2166136261u;
        for (size_t k = 0; k < x->at[i].qlen; k++)
            h = (h ^ (unsigned char)x->at[i].q[k]) * 16777619u;
        for (size_t slot = h & (cap - 1);; slot = (slot + 1) & (cap - 1)) {
            if (x->hash[slot] == 0xffff) {
                x->hash[slot] = (uint16_t)i;
                break;
            }
            if (same_attr(&x->at[x->hash[slot]], &x->at[i]))
                return 1;
        }
    }
    return 0;
}

static nl_xml_event start_tag(nl_xs *x)
{
    const char *d = x->d;
    size_t len = x->len, i = x->pos + 1, q0 = i, plen;
    if (x->root_done && x->nel == 0)
        return fail(x, "content after the root element");
    if (scan_qname(d, len, &i, &plen) != 0)
        return fail(x, "malformed start tag");
    elem e = {d + q0, i - q0, plen, x->pos, x->nb, NULL};
    int empty = 0;
    x->nat = 0;
    for (;;) {
        size_t ws = i;
        while (i < len && is_ws((unsigned char)d[i]))
            i++;
        if (i >= len)
            return fail(x, "unterminated start tag");
        if (d[i] == '>') {
            i++;
            break;
        }
        if (d[i] == '/') {
            if (i + 1 < len && d[i + 1] == '>') {
                i += 2;
                empty = 1;
                break;
            }
            return fail(x, "malformed start tag");
        }
        if (i == ws)
            return fail(x, "attributes must be separated by white space");
        attr a = {d + i, 0, 0, NULL, 0, 1, 0};
        size_t a0 = i;
        if (scan_qname(d, len, &i, &a.plen) != 0)
            return fail(x, "malformed attribute name");
        a.qlen = i - a0;
        while (i < len && is_ws((unsigned char)d[i]))
            i++;
        if (i >= len || d[i] != '=')
            return fail(x, "attribute without a value");
        i++;
        while (i < len && is_ws((unsigned char)d[i]))
            i++;
        if (i >= len || (d[i] != '"' && d[i] != '\''))
            return fail(x, "attribute value not quoted");
        char qc = d[i++];
        const char *ve = memchr(d + i, qc, len - i);
        if (!ve)
            return fail(x, "unterminated attribute value");
        a.v = d + i;
        a.vlen = (size_t)(ve - a.v);
        int odd = 0;
        for (size_t k = 0; k < a.vlen; k++) {
            unsigned char c = (unsigned char)a.v[k];
            if (c == '<')
                return fail(x, "'<' in an attribute value");
            if (c == '&' || c == '\t' || c == '\n' || c == '\r')
                a.plain = 0;
            odd |= c >= 0x80 || c < 0x20;
        }
        size_t bad;
        if (odd && !valid_chars((const unsigned char *)a.v, a.vlen, &bad))
            return fail_at(x, (size_t)(a.v - d) + bad, 0, "invalid UTF-8 or a character XML does not allow");
        i = (size_t)(ve - d) + 1;
        if (!a.plain) { /* references are checked now, decoded again when asked for */
            int rc = sb_clear(&x->val) != 0 ? -1 : decode(&x->val, a.v, a.vlen, 1);
            if (rc < 0)
                return oom(x);
            if (rc > 0)
                return fail(x, "malformed reference in an attribute value");
        }
        int is_default = a.plen == 0 && a.qlen == 5 && memcmp(a.q, "xmlns", 5) == 0;
        int is_prefixed = a.plen == 5 && memcmp(a.q, "xmlns", 5) == 0;
        if (is_default || is_prefixed) {
            a.decl = 1;
            const char *uri;
            if (a.plain) {
                uri = intern(x, a.v, a.vlen);
            } else {
                if (sb_clear(&x->val) != 0 || decode(&x->val, a.v, a.vlen, 1) != 0)
                    return oom(x);
                uri = intern(x, x->val.p, x->val.n);
            }
            if (!uri)
                return oom(x);
            if (is_prefixed && !*uri)
                return fail(x, "empty namespace name for a prefix");
            if (nl_grow((void **)&x->b, &x->b_cap, x->nb, sizeof *x->b, 16) != 0)
                return oom(x);
            x->b[x->nb++] = (bind){is_prefixed ? a.q + 6 : a.q, is_prefixed ? a.qlen - 6 : 0, uri};
            x->gen++;
        }
        if (x->nat >= MAX_ATTRS)
            return fail_at(x, x->pos, 1, "an element has more than 4096 attributes");
        if (nl_grow((void **)&x->at, &x->at_cap, x->nat, sizeof *x->at, 16) != 0)
            return oom(x);
        x->at[x->nat++] = a;
    }
    int dup = duplicate_attrs(x);
    if (dup < 0)
        return oom(x);
    if (dup)
        return fail(x, "attribute redefined");
    e.uri = resolve(x, e.q, e.plen);
    if (!e.uri)
        return fail(x, "namespace prefix not defined");
    for (size_t k = 0; k < x->nat; k++) /* w:val on a w: element needs no lookup */
        if (x->at[k].plen && !x->at[k].decl && !(x->at[k].plen == e.plen && same_bytes(x->at[k].q, e.q, e.plen)) &&
            !resolve(x, x->at[k].q, x->at[k].plen))
            return fail(x, "namespace prefix of an attribute not defined");
    if (x->nel >= (size_t)x->max_depth) {
        char msg[100];
        snprintf(msg, sizeof msg, "elements nested deeper than %d levels", x->max_depth);
        return fail_at(x, x->pos, 1, msg);
    }
    if (nl_grow((void **)&x->el, &x->el_cap, x->nel, sizeof *x->el, 32) != 0 || set_name(x, e.q, e.qlen, e.plen) != 0)
        return oom(x);
    e.pos = i - 1; /* libxml2 numbers an element by the line its start tag ends on */
    x->el[x->nel++] = e;
    x->cur_uri = e.uri;
    x->node_pos = e.pos;
    x->pos = i;
    x->pending_end = empty;
    return x->ev = NL_XML_START;
}

static nl_xml_event end_tag(nl_xs *x)
{
    const char *d = x->d;
    size_t len = x->len, i = x->pos + 2, q0 = i, plen;
    if (scan_qname(d, len, &i, &plen) != 0 || x->nel == 0)
        return fail(x, "malformed end tag");
    elem *e = &x->el[x->nel - 1];
    if (i - q0 != e->qlen || !same_bytes(d + q0, e->q, e->qlen))
        return fail(x, "end tag does not match the start tag");
    while (i < len && is_ws((unsigned char)d[i]))
        i++;
    if (i >= len || d[i] != '>')
        return fail(x, "malformed end tag");
    if (set_name(x, e->q, e->qlen, e->plen) != 0)
        return oom(x);
    x->cur_uri = e->uri;
    x->node_pos = e->pos;
    x->pos = i + 1;
    x->pop_pending = 1;
    return x->ev = NL_XML_END;
}

static void pop(nl_xs *x)
{
    elem *e = &x->el[--x->nel];
    if (x->nb != e->nbind) {
        x->nb = e->nbind;
        x->gen++;
    }
    if (x->nel == 0)
        x->root_done = 1;
}

/* Character data up to the next tag, comment or PI, CDATA sections merged. */
static nl_xml_event text(nl_xs *x)
{
    const char *d = x->d;
    size_t len = x->len;
    if (sb_clear(&x->text) != 0)
        return oom(x);
    x->node_pos = SIZE_MAX;
    while (x->pos < len) {
        const char *p = d + x->pos;
        size_t rest = len - x->pos;
        if (*p == '<') {
            if (rest < 9 || memcmp(p, "<![CDATA[", 9) != 0)
                break;
            const char *e = find_str(p + 9, d + len, "]]>");
            if (!e)
                return fail(x, "unterminated CDATA section");
            if (x->node_pos == SIZE_MAX)
                x->node_pos = x->pos;
            if (!checked(x, p + 9, (size_t)(e - p - 9)))
                return NL_XML_ERROR;
            int rc = decode(&x->text, p + 9, (size_t)(e - p - 9), 2);
            if (rc)
                return oom(x);
            x->pos = (size_t)(e - d) + 3;
            continue;
        }
        const char *lt = memchr(p, '<', rest);
        size_t n = lt ? (size_t)(lt - p) : rest;
        if (x->node_pos == SIZE_MAX)
            for (size_t k = 0; k < n; k++)
                if (!is_ws((unsigned char)p[k])) {
                    x->node_pos = x->pos + k;
                    break;
                }
        if (!checked(x, p, n))
            return NL_XML_ERROR;
        int rc;
        if (memchr(p, '&', n) || memchr(p, '\r', n) || memchr(p, ']', n))
            rc = decode(&x->text, p, n, 0);
        else
            rc = sb_put(&x->text, p, n);
        if (rc < 0)
            return oom(x);
        if (rc > 0)
            return fail(x, "malformed reference or ']]>' in character data");
        x->pos += n;
    }
    if (x->node_pos == SIZE_MAX)
        x->node_pos = x->pos;
    return x->ev = NL_XML_TEXT;
}

static nl_xml_event comment(nl_xs *x)
{
    const char *d = x->d, *p = d + x->pos + 4;
    const char *e = find2(p, d + x->len, '-', '-');
    if (!e || e + 2 >= d + x->len || e[2] != '>')
        return fail(x, e ? "'--' inside a comment" : "unterminated comment");
    if (!checked(x, p, (size_t)(e - p)))
        return NL_XML_ERROR;
    if (sb_clear(&x->text) != 0 || decode(&x->text, p, (size_t)(e - p), 2) != 0)
        return oom(x);
    x->node_pos = (size_t)(e - d); /* as libxml2: the line the comment ends on */
    x->pos = (size_t)(e - d) + 3;
    return x->ev = NL_XML_COMMENT;
}

/* A processing instruction (or the declaration, at the start): skipped. */
static int pi(nl_xs *x)
{
    const char *d = x->d;
    size_t i = x->pos + 2, plen;
    size_t t0 = i;
    if (scan_qname(d, x->len, &i, &plen) != 0) {
        fail(x, "malformed processing instruction");
        return -1;
    }
    if (i - t0 == 3 && strncasecmp(d + t0, "xml", 3) == 0 && x->pos != x->start) {
        fail(x, "XML declaration not at the start");
        return -1;
    }
    const char *e = find2(d + i, d + x->len, '?', '>');
    if (!e) {
        fail(x, "unterminated processing instruction");
        return -1;
    }
    if (!checked(x, d + i, (size_t)(e - d) - i))
        return -1;
    x->pos = (size_t)(e - d) + 2;
    return 0;
}

nl_xml_event nl_xs_next(nl_xs *x)
{
    if (x->ev == NL_XML_ERROR)
        return NL_XML_ERROR;
    if (x->pending_end) {
        x->pending_end = 0;
        x->pop_pending = 1;
        return x->ev = NL_XML_END;
    }
    if (x->pop_pending) {
        x->pop_pending = 0;
        pop(x);
    }
    for (;;) {
        if (x->pos >= x->len) {
            if (x->nel)
                return fail(x, "the document ends inside an element");
            if (!x->root_done)
                return fail(x, "no root element");
            return x->ev = NL_XML_EOF;
        }
        const char *p = x->d + x->pos;
        size_t rest = x->len - x->pos;
        if (*p != '<') {
            if (x->nel)
                return text(x);
            while (x->pos < x->len && is_ws((unsigned char)x->d[x->pos]))
                x->pos++;
            if (x->pos < x->len && x->d[x->pos] != '<')
                return fail(x, "text outside the root element");
            continue;
        }
        if (rest >= 2 && p[1] == '/')
            return end_tag(x);
        if (rest >= 2 && p[1] == '?') {
            if (pi(x) != 0)
                return NL_XML_ERROR;
            continue;
        }
        if (rest >= 4 && memcmp(p, "<!--", 4) == 0)
            return comment(x);
        if (rest >= 2 && p[1] == '!') {
            if (x->nel && rest >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
                return text(x);
            return fail(x, "markup declaration or CDATA section where none may be");
        }
        return start_tag(x);
    }
}

static long line_at(nl_xs *x, size_t pos)
{
    const char *d = x->d;
    if (pos > x->len)
        pos = x->len;
    if (pos >= x->line_pos) {
        for (const char *p = d + x->line_pos, *e = d + pos; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
            x->line++;
    } else {
        for (const char *p = d + pos, *e = d + x->line_pos; (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
            x->line--;
    }
    x->line_pos = pos;
    return x->line;
}

const char *nl_xs_error(nl_xs *x, long *line, int *final)
{
    *line = line_at(x, x->err_pos);
    *final = x->final;
    return x->err[0] ? x->err : "malformed XML";
}

const char *nl_xs_name(const nl_xs *x) { return x->name.p ? x->name.p : ""; }

const char *nl_xs_ns(const nl_xs *x) { return x->cur_uri ? x->cur_uri : ""; }

const char *nl_xs_attr(nl_xs *x, const char *ns, const char *name)
{
    if (x->ev != NL_XML_START)
        return NULL;
    size_t n = strlen(name);
    for (size_t k = 0; k < x->nat; k++) {
        const attr *a = &x->at[k];
        if (a->decl)
            continue;
        if (!ns) {
            if (a->qlen != n || memcmp(a->q, name, n) != 0)
                continue;
        } else {
            if (!a->plen || a->qlen - a->plen - 1 != n || memcmp(a->q + a->plen + 1, name, n) != 0)
                continue;
            const char *u = resolve(x, a->q, a->plen);
            if (!u || strcmp(u, ns) != 0)
                continue;
        }
        if (sb_clear(&x->val) != 0 || (a->plain ? sb_put(&x->val, a->v, a->vlen) : decode(&x->val, a->v, a->vlen, 1)) != 0)
            return NULL;
        return x->val.p;
    }
    return NULL;
}

const char *nl_xs_text(const nl_xs *x, size_t *len)
{
    *len = x->text.n;
    return x->text.p ? x->text.p : "";
}

long nl_xs_line(nl_xs *x) { return line_at(x, x->node_pos); }

int nl_xs_depth(const nl_xs *x)
{
    if (x->ev == NL_XML_START || x->ev == NL_XML_END)
        return (int)x->nel - 1;
    return (int)x->nel;
}
