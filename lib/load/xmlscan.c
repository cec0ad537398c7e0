/*
 * xmlscan.c — the pull scanner of xmlscan.h: UTF-8, DTD-free XML read in
 * one pass over the buffer.
 *
 * Costs: every byte is looked at about once. Markup is checked by its syntax
 * as it is read, a name that was met before by comparing a word or two;
 * character data, attribute values, comments and the bytes of non-ASCII
 * names by scan_to(), a table lookup per ASCII byte and a tight loop over
 * the three-byte characters of Chinese text, which notes on the way
 * whatever needs decoding and finds the end of a text or value. Nothing is copied
 * that needs no decoding: names and most texts are handed out as pointers
 * into the input (NUL-terminated copies are made only for the callers that
 * ask for them), attribute values are decoded only when asked for. Nothing
 * is allocated per element: the element, attribute and namespace stacks and
 * the buffers grow once and are reused. Namespace URIs are interned so that
 * consumers may compare them by pointer.
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
#define NSEEN_BITS 7 /* scan_qname() remembers 1 << NSEEN_BITS names */
#define NTAG_BITS 5  /* nl_xs_skip() remembers 1 << NTAG_BITS start tags */
#define TAG_MAX 160  /* ... of at most this many bytes */

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

/* A name of at most 16 bytes that scan_qname() read, by its first eight
   bytes (with what follows a shorter name): the same bytes met again, and
   the same rest, are the same name. */
typedef struct seen_name {
    uint64_t key;
    uint64_t rest, mask; /* bytes 8..15, and which of them are the name's */
    size_t qlen, plen;   /* qlen 0: an empty slot */
} seen_name;

/* A start tag nl_xs_skip() found well-formed, without namespace declarations,
   while the bindings were those of generation `gen`, and `keep` did not
   want: the same bytes under the same bindings are the same verdict. */
typedef struct seen_tag {
    const char *tag; /* '<' ... '>' in the input; NULL: an empty slot */
    size_t len, qlen, plen;
    int empty;
    const char *uri;
    unsigned long gen;
    nl_xml_keep keep;
    void *ud;
} seen_tag;

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
    size_t name_end;   /* the last byte that ends a name: those begun before it end by it */
    size_t plain_from; /* after the last byte special[] flags */
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
    nl_buf text, val, name; /* decoded or copied text or comment, attribute value, local name */
    const char *lname; /* the current element's local name, in the input */
    size_t lname_len;
    int named;         /* name holds lname, NUL-terminated */
    const char *tp;    /* the current text or comment: in the input, or text.p when held */
    size_t tn;
    int held;          /* text holds tp[0..tn), NUL-terminated */
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
    seen_name seen[1 << NSEEN_BITS];
    seen_tag tags[1 << NTAG_BITS];
    char err[160];
    size_t err_pos;
    int final;
};

/* (most bytes tested are not white space: one comparison says so) */
static int is_ws(unsigned char c) { return c <= ' ' && (c == ' ' || c == '\n' || c == '\t' || c == '\r'); }

/* Name characters: 1 may start a name (not ':', which separates the
   prefix), 2 may continue one; every byte >= 0x80 may do both. */
static const unsigned char name_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
    0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

static int name_start(unsigned char c) { return name_class[c] & 1; }

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

/* What an ASCII byte is to scan_to(): the characters XML does not allow,
   and those that decoding (of a text or an attribute value) has to handle. */
enum { C_BAD = 1, C_TABNL = 2, C_CR = 4, C_AMP = 8, C_LT = 16, C_RSB = 32 };
static const unsigned char ascii_class[128] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* The bytes scan_to() stops at: all but printable ASCII other than '<',
   '&', ']' and the quotes. */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Four and eight bytes as a number whose lowest byte is the first,
   whatever the machine's byte order. */
static uint32_t load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap32(w);
#endif
    return w;
}

static uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* 1 if the four bytes at p begin with a three-byte character XML allows */
static int char3(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    uint32_t w = load32(p);
    if ((w & 0xC0C0F0) != 0x8080E0) /* 1110xxxx 10xxxxxx 10xxxxxx */
        return 0;
    /* E0 80..9F: overlong; ED A0..BF: surrogates; EF BF BE..BF: U+FFFE, U+FFFF */
    if ((0xA001u >> (u[0] & 0x0F)) & 1)
        return u[0] == 0xE0 ? u[1] >= 0xA0 : u[0] == 0xED ? u[1] < 0xA0 : u[1] != 0xBF || u[2] < 0xBE;
    return 1;
}

/* Reads UTF-8 of XML characters from p up to the first byte `stop` (-1:
   none) or `end`, and returns where it stopped, with *seen the union of the
   classes (C_*) of the ASCII bytes read. A byte that does not begin an
   allowed character stops it too, with *bad set. Plain ASCII is skipped by
   a table lookup a byte, without a bounds check: the last special byte of
   the input stops it, and past that byte nothing needs a look. A run of
   three-byte characters (Chinese text) takes a tight loop of its own. */
static const char *scan_to(const nl_xs *x, const char *p, const char *end, int stop, unsigned *seen, int *bad)
{
    const char *plain = x->d + x->plain_from;
    unsigned f = 0;
    *bad = 0;
    for (;;) {
        if (p >= plain) {
            p = end;
            break;
        }
        while (!special[(unsigned char)*p])
            p++;
        if (p >= end) { /* a bounded scan may look a little past its end */
            p = end;
            break;
        }
        unsigned c = (unsigned char)*p;
        if ((int)c == stop)
            break;
        if (c < 0x80) {
            f |= ascii_class[c];
            if (ascii_class[c] & C_BAD) {
                *bad = 1;
                break;
            }
            p++;
            continue;
        }
        while (end - p >= 4 && char3(p))
            p += 3;
        if (p >= end || (unsigned char)*p < 0x80)
            continue;
        uint32_t cp;
        size_t k = nl_utf8_decode(p, (size_t)(end - p), &cp);
        if (k == 0 || !xml_char(cp)) {
            *bad = 1;
            break;
        }
        p += k;
    }
    *seen = f;
    return p;
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
    x->lname = x->tp = "";
    x->name_end = len;
    while (x->name_end > 0 && in_name[(unsigned char)data[x->name_end - 1]])
        x->name_end--;
    if (x->name_end > 0)
        x->name_end--;
    x->plain_from = len;
    while (x->plain_from > 0 && !special[(unsigned char)data[x->plain_from - 1]])
        x->plain_from--;
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
   characters (*seen: the classes of its ASCII bytes), else the scanner fails
   and 0. */
static int checked(nl_xs *x, const char *p, size_t n, unsigned *seen)
{
    int bad;
    const char *e = scan_to(x, p, p + n, -1, seen, &bad);
    if (!bad)
        return 1;
    fail_at(x, (size_t)(e - x->d), 0, "invalid UTF-8 or a character XML does not allow");
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

static int same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The URI bound to prefix p[0..n) (n 0: the default namespace, "" when
   none), or NULL when the prefix is not bound. */
static const char *resolve(nl_xs *x, const char *p, size_t n)
{
    if (n == 3 && memcmp(p, "xml", 3) == 0) /* bound by definition: xml:space, xml:lang */
        return XML_NS_URI;
    for (unsigned k = 0; k < NCACHE; k++)
        if (x->cache[k].uri && x->cache[k].gen == x->gen && x->cache[k].plen == n && same_bytes(x->cache[k].pfx, p, n))
            return x->cache[k].uri;
    const char *u = NULL;
    for (size_t k = x->nb; k-- > 0;)
        if (x->b[k].plen == n && memcmp(x->b[k].pfx, p, n) == 0) {
            u = x->b[k].uri;
            break;
        }
    if (!u && n == 0)
        u = "";
    if (u && n <= sizeof x->cache[0].pfx) {
        unsigned k = x->ncache_next++ % NCACHE;
        memcpy(x->cache[k].pfx, p, n);
        x->cache[k].plen = n;
        x->cache[k].gen = x->gen;
        x->cache[k].uri = u;
    }
    return u;
}

/* 1 if the n bytes at a and b are the same, both in the input: eight at a
   time while the input goes on that far, which for most names is once. */
static int same_name(const nl_xs *x, const char *a, const char *b, size_t n)
{
    const char *end = x->d + x->len;
    while (n >= 8 || (n && end - a >= 8 && end - b >= 8)) {
        uint64_t u = load64(a), v = load64(b);
        if (n < 8) /* only the first n bytes count: those the mask keeps */
            return !((u ^ v) & (~(uint64_t)0 >> (64 - 8 * n)));
        if (u != v)
            return 0;
        a += 8, b += 8, n -= 8;
    }
    return same_bytes(a, b, n);
}

static seen_name *seen_slot(nl_xs *x, uint64_t key)
{
    return &x->seen[(key * 0x9E3779B97F4A7C15ULL) >> (64 - NSEEN_BITS)]; /* Fibonacci hashing */
}

/* scan_qname() for a name not seen before: read, checked and remembered. */
static int read_qname(nl_xs *x, size_t *i, size_t *plen)
{
    const unsigned char *s = (const unsigned char *)x->d + *i, *p = s, *colon = NULL;
    if (*i >= x->name_end || !name_start(*s))
        return -1;
    unsigned hi = *s >= 0x80;
    for (;;) {
        while (in_name[*++p] == 1)
            ;
        if (in_name[*p] == 0)
            break;
        if (in_name[*p] == 3) {
            hi = 1;
        } else {
            if (colon || !name_start(p[1]))
                return -1;
            colon = p;
        }
    }
    if (hi) { /* a name in Chinese, say: its bytes must be UTF-8 */
        unsigned seen;
        int bad;
        scan_to(x, (const char *)s, (const char *)p, -1, &seen, &bad);
        if (bad)
            return -1;
    }
    size_t n = (size_t)(p - s);
    *plen = colon ? (size_t)(colon - s) : 0;
    if (x->len - *i > 16 && n <= 16) {
        uint64_t key = load64((const char *)s);
        seen_name *m = seen_slot(x, key);
        m->key = key;
        m->mask = n > 8 ? ~(uint64_t)0 >> (64 - 8 * (n - 8)) : 0;
        m->rest = load64((const char *)s + 8) & m->mask;
        m->qlen = n;
        m->plen = *plen;
    }
    *i += n;
    return 0;
}

/* A (possibly prefixed) name at d[*i]; *plen is its prefix length. A name
   that would run to the end of the input is refused at once (where it
   stands, nothing may end the input): so the loop of read_qname() needs no
   bounds check. Office XML repeats a few dozen names: most are found in
   seen[], by a comparison of their bytes and of the byte after them, which
   is cheaper than reading them anew. */
static inline int scan_qname(nl_xs *x, size_t *i, size_t *plen)
{
    if (x->len - *i > 16) {
        const char *s = x->d + *i;
        uint64_t key = load64(s);
        const seen_name *m = seen_slot(x, key);
        if (m->key == key && m->qlen &&
            (m->qlen < 8 || (!((load64(s + 8) & m->mask) ^ m->rest) && !in_name[(unsigned char)s[m->qlen]]))) {
            *plen = m->plen;
            *i += m->qlen;
            return 0;
        }
    }
    return read_qname(x, i, plen);
}

/* The element of the current START or END event is e: its local name. */
static void set_name(nl_xs *x, const elem *e)
{
    const char *l = e->plen ? e->q + e->plen + 1 : e->q;
    if (l != x->lname) { /* not the START of the same element */
        x->lname = l;
        x->lname_len = e->qlen - (size_t)(l - e->q);
        x->named = 0;
    }
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
    if (nl_reserve((void **)&x->hash, &x->hash_cap, cap, sizeof *x->hash, 64) != 0)
        return -1;
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

/* The helpers of start_tag return 0, or -1 once the scanner has failed
   (x->ev is NL_XML_ERROR, the message set). */

/* Read the attribute whose name starts at *pi into *a and move *pi past its
   closing quote. */
static inline int read_attr(nl_xs *x, size_t *pi, attr *a)
{
    const char *d = x->d;
    size_t len = x->len, i = *pi;
    *a = (attr){d + i, 0, 0, NULL, 0, 1, 0};
    if (scan_qname(x, &i, &a->plen) != 0) {
        fail(x, "malformed attribute name");
        return -1;
    }
    a->qlen = i - *pi;
    while (i < len && is_ws((unsigned char)d[i]))
        i++;
    if (i >= len || d[i] != '=') {
        fail(x, "attribute without a value");
        return -1;
    }
    i++;
    while (i < len && is_ws((unsigned char)d[i]))
        i++;
    if (i >= len || (d[i] != '"' && d[i] != '\'')) {
        fail(x, "attribute value not quoted");
        return -1;
    }
    char qc = d[i++];
    unsigned seen;
    int bad;
    const char *ve = scan_to(x, d + i, d + len, (unsigned char)qc, &seen, &bad);
    a->v = d + i;
    a->vlen = (size_t)(ve - a->v);
    if (bad || ve == d + len) { /* the errors in the order of a reader that looks for the quote first */
        const char *q = memchr(ve, qc, (size_t)(d + len - ve));
        if (!q)
            fail(x, "unterminated attribute value");
        else if (memchr(a->v, '<', (size_t)(q - a->v)))
            fail(x, "'<' in an attribute value");
        else
            fail_at(x, (size_t)(ve - d), 0, "invalid UTF-8 or a character XML does not allow");
        return -1;
    }
    if (seen & C_LT) {
        fail(x, "'<' in an attribute value");
        return -1;
    }
    a->plain = !(seen & (C_AMP | C_TABNL | C_CR));
    *pi = (size_t)(ve - d) + 1;
    if (!a->plain) { /* references are checked now, decoded again when asked for */
        int rc = sb_clear(&x->val) != 0 ? -1 : decode(&x->val, a->v, a->vlen, 1);
        if (rc < 0) {
            oom(x);
            return -1;
        }
        if (rc > 0) {
            fail(x, "malformed reference in an attribute value");
            return -1;
        }
    }
    return 0;
}

/* Push the namespace binding that the xmlns attribute a declares. */
static int bind_xmlns(nl_xs *x, attr *a)
{
    int prefixed = a->plen != 0;
    a->decl = 1;
    const char *uri;
    if (a->plain) {
        uri = intern(x, a->v, a->vlen);
    } else {
        if (sb_clear(&x->val) != 0 || decode(&x->val, a->v, a->vlen, 1) != 0) {
            oom(x);
            return -1;
        }
        uri = intern(x, x->val.p, x->val.n);
    }
    if (!uri) {
        oom(x);
        return -1;
    }
    if (prefixed && !*uri) {
        fail(x, "empty namespace name for a prefix");
        return -1;
    }
    if (nl_grow((void **)&x->b, &x->b_cap, x->nb, sizeof *x->b, 16) != 0) {
        oom(x);
        return -1;
    }
    x->b[x->nb++] = (bind){prefixed ? a->q + 6 : a->q, prefixed ? a->qlen - 6 : 0, uri};
    x->gen++;
    return 0;
}

/* Read the attributes of the start tag whose name ends at *pi, up to and past
   its '>' or "/>" (*empty: 1 for "/>"), into x->at. */
static inline int read_attrs(nl_xs *x, size_t *pi, int *empty)
{
    const char *d = x->d;
    size_t len = x->len, i = *pi;
    *empty = 0;
    x->nat = 0;
    for (;;) {
        size_t ws = i;
        while (i < len && is_ws((unsigned char)d[i]))
            i++;
        if (i >= len) {
            fail(x, "unterminated start tag");
            return -1;
        }
        if (d[i] == '>') {
            *pi = i + 1;
            return 0;
        }
        if (d[i] == '/') {
            if (i + 1 < len && d[i + 1] == '>') {
                *pi = i + 2;
                *empty = 1;
                return 0;
            }
            fail(x, "malformed start tag");
            return -1;
        }
        if (i == ws) {
            fail(x, "attributes must be separated by white space");
            return -1;
        }
        attr a;
        if (read_attr(x, &i, &a) != 0)
            return -1;
        if (a.q[0] == 'x' && (a.plen ? a.plen : a.qlen) == 5 && memcmp(a.q, "xmlns", 5) == 0 &&
            bind_xmlns(x, &a) != 0)
            return -1;
        if (x->nat >= MAX_ATTRS) {
            fail_at(x, x->pos, 1, "an element has more than 4096 attributes");
            return -1;
        }
        if (x->nat == x->at_cap && nl_grow((void **)&x->at, &x->at_cap, x->nat, sizeof *x->at, 16) != 0) {
            oom(x);
            return -1;
        }
        x->at[x->nat++] = a;
    }
}

/* Resolve the namespace of element e and of its attributes. */
static int resolve_names(nl_xs *x, elem *e)
{
    /* A child with its parent's prefix that declares none itself is in its
       parent's namespace (the bindings in force are the same): most
       elements of an office part. */
    const elem *up = x->nel ? e - 1 : NULL;
    if (up && x->nb == e->nbind && up->plen == e->plen && same_bytes(up->q, e->q, e->plen))
        e->uri = up->uri;
    else if (!(e->uri = resolve(x, e->q, e->plen))) {
        fail(x, "namespace prefix not defined");
        return -1;
    }
    for (size_t k = 0; k < x->nat; k++) /* w:val on a w: element needs no lookup */
        if (x->at[k].plen && !x->at[k].decl &&
            !(x->at[k].plen == e->plen && same_bytes(x->at[k].q, e->q, e->plen)) &&
            !resolve(x, x->at[k].q, x->at[k].plen)) {
            fail(x, "namespace prefix of an attribute not defined");
            return -1;
        }
    return 0;
}

static inline __attribute__((always_inline)) nl_xml_event start_tag(nl_xs *x)
{
    size_t i = x->pos + 1;
    if (x->root_done && x->nel == 0)
        return fail(x, "content after the root element");
    if (x->nel == x->el_cap && nl_grow((void **)&x->el, &x->el_cap, x->nel, sizeof *x->el, 32) != 0)
        return oom(x);
    elem *e = &x->el[x->nel]; /* filled in place, pushed once the tag is read */
    e->q = x->d + i;
    if (scan_qname(x, &i, &e->plen) != 0)
        return fail(x, "malformed start tag");
    e->qlen = i - x->pos - 1;
    e->nbind = x->nb;
    int empty;
    if (read_attrs(x, &i, &empty) != 0)
        return NL_XML_ERROR;
    int dup = x->nat > 1 ? duplicate_attrs(x) : 0;
    if (dup < 0)
        return oom(x);
    if (dup)
        return fail(x, "attribute redefined");
    if (resolve_names(x, e) != 0)
        return NL_XML_ERROR;
    if (x->nel >= (size_t)x->max_depth) {
        char msg[100];
        snprintf(msg, sizeof msg, "elements nested deeper than %d levels", x->max_depth);
        return fail_at(x, x->pos, 1, msg);
    }
    e->pos = i - 1; /* libxml2 numbers an element by the line its start tag ends on */
    x->nel++;
    set_name(x, e);
    x->cur_uri = e->uri;
    x->node_pos = e->pos;
    x->pos = i;
    x->pending_end = empty;
    return x->ev = NL_XML_START;
}

static inline __attribute__((always_inline)) nl_xml_event end_tag(nl_xs *x)
{
    const char *d = x->d;
    size_t len = x->len, i = x->pos + 2, q0 = i, plen;
    elem *e = x->nel ? &x->el[x->nel - 1] : NULL;
    /* The open element's name and then a byte that cannot continue a name:
       the same name, checked when its start tag was read. Anything else is
       an error, which the full scan below names. */
    if (e && e->qlen < len - i && same_name(x, d + i, e->q, e->qlen) && !in_name[(unsigned char)d[i + e->qlen]]) {
        i += e->qlen;
    } else {
        if (scan_qname(x, &i, &plen) != 0 || !e)
            return fail(x, "malformed end tag");
        if (i - q0 != e->qlen || !same_bytes(d + q0, e->q, e->qlen))
            return fail(x, "end tag does not match the start tag");
    }
    while (i < len && is_ws((unsigned char)d[i]))
        i++;
    if (i >= len || d[i] != '>')
        return fail(x, "malformed end tag");
    set_name(x, e);
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

/* Character data up to the next tag, comment or PI, CDATA sections merged.
   One stretch that needs no decoding (most texts) stays where it is in the
   input; anything else is decoded into the text buffer. */
static nl_xml_event text(nl_xs *x)
{
    const char *d = x->d;
    size_t len = x->len;
    x->node_pos = SIZE_MAX;
    x->tp = "";
    x->tn = 0;
    x->held = 0;
    int pieces = 0;
    while (x->pos < len) {
        const char *p = d + x->pos, *s;
        size_t rest = len - x->pos, n, next;
        int mode, decoded;
        unsigned seen;
        if (*p == '<') {
            if (rest < 9 || memcmp(p, "<![CDATA[", 9) != 0)
                break;
            const char *e = find_str(p + 9, d + len, "]]>");
            if (!e)
                return fail(x, "unterminated CDATA section");
            if (x->node_pos == SIZE_MAX)
                x->node_pos = x->pos;
            s = p + 9;
            n = (size_t)(e - s);
            next = (size_t)(e - d) + 3;
            if (!checked(x, s, n, &seen))
                return NL_XML_ERROR;
            mode = 2;
            decoded = (seen & C_CR) != 0;
        } else {
            int bad;
            const char *lt = scan_to(x, p, d + len, '<', &seen, &bad);
            if (bad)
                return fail_at(x, (size_t)(lt - d), 0, "invalid UTF-8 or a character XML does not allow");
            s = p;
            n = (size_t)(lt - p);
            next = x->pos + n;
            if (x->node_pos == SIZE_MAX)
                for (size_t k = 0; k < n; k++)
                    if (!is_ws((unsigned char)p[k])) {
                        x->node_pos = x->pos + k;
                        break;
                    }
            mode = 0;
            decoded = (seen & (C_AMP | C_CR | C_RSB)) != 0;
        }
        if (!pieces++ && !decoded) {
            x->tp = s;
            x->tn = n;
        } else {
            int rc = 0;
            if (!x->held) { /* what came before, into the buffer */
                rc = sb_clear(&x->text) != 0 || sb_put(&x->text, x->tp, x->tn) != 0 ? -1 : 0;
                x->held = 1;
            }
            if (rc == 0)
                rc = decoded ? decode(&x->text, s, n, mode) : sb_put(&x->text, s, n);
            if (rc < 0)
                return oom(x);
            if (rc > 0)
                return fail(x, "malformed reference or ']]>' in character data");
            x->tp = x->text.p;
            x->tn = x->text.n;
        }
        x->pos = next;
    }
    if (x->node_pos == SIZE_MAX)
        x->node_pos = x->pos;
    return x->ev = NL_XML_TEXT;
}

static nl_xml_event comment(nl_xs *x)
{
    const char *d = x->d, *p = d + x->pos + 4;
    const char *e = find2(p, d + x->len, '-', '-');
    unsigned seen;
    if (!e || e + 2 >= d + x->len || e[2] != '>')
        return fail(x, e ? "'--' inside a comment" : "unterminated comment");
    if (!checked(x, p, (size_t)(e - p), &seen))
        return NL_XML_ERROR;
    if (sb_clear(&x->text) != 0 || decode(&x->text, p, (size_t)(e - p), 2) != 0)
        return oom(x);
    x->tp = x->text.p;
    x->tn = x->text.n;
    x->held = 1;
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
    unsigned seen;
    if (scan_qname(x, &i, &plen) != 0) {
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
    if (!checked(x, d + i, (size_t)(e - d) - i, &seen))
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
        switch (rest >= 2 ? p[1] : 0) {
        case '/':
            return end_tag(x);
        case '?':
            if (pi(x) != 0)
                return NL_XML_ERROR;
            continue;
        case '!':
            if (rest >= 4 && memcmp(p, "<!--", 4) == 0)
                return comment(x);
            if (x->nel && rest >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
                return text(x);
            return fail(x, "markup declaration or CDATA section where none may be");
        default:
            return start_tag(x);
        }
    }
}

static seen_tag *tag_slot(nl_xs *x, const char *p)
{
    uint64_t key = load64(p + 1) ^ (load64(p + 9) * 0x9E3779B97F4A7C15ULL);
    return &x->tags[(key * 0x9E3779B97F4A7C15ULL) >> (64 - NTAG_BITS)];
}

/* Skipping reads what nl_xs_next() reads with the same functions, in the
   same order (a text, comment or instruction by text(), comment() and pi(),
   an end tag by end_tag(), a new start tag by start_tag()), so it accepts and
   refuses exactly what reading does; it saves the consumer's work, the
   events' hand-out, and most of the cost of start tags: an office part
   repeats the same few (<w:rFonts w:eastAsia="..."/>, <w:sz w:val="32"/>)
   thousands of times, and a start tag is well-formed or not by its bytes
   and the bindings in force alone, so one met again under the same
   bindings is compared, not read (the depth limit, which depends on where
   it stands, is checked anew). Going back is cheap because nothing read is
   lost: the input is in memory, the element and binding stacks are only
   overwritten above the skipped element, and the caches stay valid (gen is
   bumped, never restored, so no binding cached meanwhile is taken for a
   later one). */
nl_xml_event nl_xs_skip(nl_xs *x, nl_xml_keep keep, void *ud)
{
    if (x->ev != NL_XML_START)
        return x->ev == NL_XML_ERROR ? NL_XML_ERROR : NL_XML_START;
    if (x->pending_end) { /* an empty element: its END is all there is */
        x->pending_end = 0;
        x->pop_pending = 1;
        return x->ev = NL_XML_END;
    }
    const char *d = x->d;
    size_t len = x->len, base = x->nel, pos0 = x->pos, nb0 = x->nb, node_pos = x->node_pos;
    const char *lname = x->lname, *uri = x->cur_uri;
    size_t lname_len = x->lname_len;
    for (;;) {
        size_t pos = x->pos, rest = len - pos;
        if (pos >= len)
            return fail(x, "the document ends inside an element");
        const char *p = d + pos;
        char c = rest >= 2 && *p == '<' ? p[1] : 0;
        if (*p != '<' || (c == '!' && rest >= 9 && memcmp(p, "<![CDATA[", 9) == 0)) {
            if (text(x) == NL_XML_ERROR)
                return NL_XML_ERROR;
        } else if (c == '/') {
            if (end_tag(x) == NL_XML_ERROR)
                return NL_XML_ERROR;
            if (x->nel == base) /* its own END: the scanner stands as after reading it */
                return NL_XML_END;
            x->pop_pending = 0;
            pop(x);
        } else if (c == '?') {
            if (pi(x) != 0)
                return NL_XML_ERROR;
        } else if (c == '!') {
            if (!(rest >= 4 && memcmp(p, "<!--", 4) == 0))
                return fail(x, "markup declaration or CDATA section where none may be");
            if (comment(x) == NL_XML_ERROR)
                return NL_XML_ERROR;
        } else {
            seen_tag *t = rest > 17 ? tag_slot(x, p) : NULL;
            if (t && t->tag && t->gen == x->gen && t->keep == keep && t->ud == ud && t->len <= rest &&
                memcmp(p, t->tag, t->len) == 0) {
                if (x->nel >= (size_t)x->max_depth) {
                    char msg[100];
                    snprintf(msg, sizeof msg, "elements nested deeper than %d levels", x->max_depth);
                    return fail_at(x, pos, 1, msg);
                }
                if (!t->empty) {
                    if (x->nel == x->el_cap && nl_grow((void **)&x->el, &x->el_cap, x->nel, sizeof *x->el, 32) != 0)
                        return oom(x);
                    x->el[x->nel++] = (elem){p + 1, t->qlen, t->plen, pos + t->len - 1, x->nb, t->uri};
                }
                x->pos = pos + t->len;
                continue;
            }
            if (start_tag(x) == NL_XML_ERROR)
                return NL_XML_ERROR;
            if (keep && keep(ud, x->cur_uri, x->lname, x->lname_len))
                break;
            const elem *e = &x->el[x->nel - 1];
            if (t && x->nb == e->nbind && x->pos - pos <= TAG_MAX)
                *t = (seen_tag){p, x->pos - pos, e->qlen, e->plen, x->pending_end, e->uri, x->gen, keep, ud};
            if (x->pending_end) {
                x->pending_end = 0;
                pop(x);
            }
        }
    }
    x->pos = pos0;
    x->nel = base;
    x->nb = nb0;
    x->gen++;
    x->pending_end = x->pop_pending = 0;
    x->nat = 0;
    x->lname = lname;
    x->lname_len = lname_len;
    x->named = 0;
    x->cur_uri = uri;
    x->node_pos = node_pos;
    return x->ev = NL_XML_START;
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

/* The copies below are made on demand; when one cannot be made the scanner
   fails with "out of memory", which the caller sees at the next event. */
const char *nl_xs_name(nl_xs *x)
{
    if (!x->named) {
        if (sb_clear(&x->name) != 0 || sb_put(&x->name, x->lname, x->lname_len) != 0) {
            oom(x);
            return "";
        }
        x->named = 1;
    }
    return x->name.p;
}

const char *nl_xs_local(const nl_xs *x, size_t *len)
{
    *len = x->lname_len;
    return x->lname;
}

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

const char *nl_xs_text(nl_xs *x, size_t *len)
{
    if (!x->held) {
        if (sb_clear(&x->text) != 0 || sb_put(&x->text, x->tp, x->tn) != 0) {
            oom(x);
            *len = 0;
            return "";
        }
        x->tp = x->text.p;
        x->held = 1;
    }
    *len = x->tn;
    return x->tp;
}

const char *nl_xs_chars(const nl_xs *x, size_t *len)
{
    *len = x->tn;
    return x->tp;
}

long nl_xs_line(nl_xs *x) { return line_at(x, x->node_pos); }

int nl_xs_depth(const nl_xs *x)
{
    if (x->ev == NL_XML_START || x->ev == NL_XML_END)
        return (int)x->nel - 1;
    return (int)x->nel;
}
