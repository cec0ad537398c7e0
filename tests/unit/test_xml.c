/*
 * test_xml.c — the XML scanner (lib/load/xmlscan.c) against libxml2's reader:
 * on every XML fixture, every part of every DOCX and ODT in corpus/, and on
 * hand-written corner cases, both must give the same events, names,
 * namespaces, texts, attribute values and element lines; on malformed input
 * both must fail, with libxml2's message. With either reader, the unterminated
 * accessors (nl_xml_local, nl_xml_chars) must give the bytes of the
 * terminated ones (nl_xml_name, nl_xml_text). Skipping (nl_xml_skip) is
 * compared with reading: the events that follow a skip, and the verdict on
 * malformed input, must be those of reading the element through.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "load/xmlscan.h"
#include "load/zip.h"
#include "xml_trace.h"

/* one parse, which must not misbehave */
static nl_xml_event trace(const char *data, size_t len, int mode, int depth, nl_buf *out, char *err, size_t errlen)
{
    int ev = xml_trace(data, len, mode, depth, out, err, errlen);
    assert_true(ev >= 0);
    return (nl_xml_event)ev;
}

/* nl_xml_local and nl_xml_chars against nl_xml_name and nl_xml_text, asked
   for before and after them, over one parse in `mode`. */
static void spans_agree(const char *what, const char *data, size_t len, int mode)
{
    nl_xml *x = NULL;
    assert_int_equal(nl_xml_open(&x, "t", "p", data, len, mode, 0, NULL), NL_OK);
    nl_xml_event ev;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        size_t n, m;
        const char *a, *b;
        if (ev == NL_XML_START || ev == NL_XML_END) {
            a = nl_xml_local(x, &n);
            b = nl_xml_name(x);
            m = strlen(b);
        } else {
            a = nl_xml_chars(x, &n);
            b = nl_xml_text(x, &m);
        }
        int ok = n == m && memcmp(a, b, n) == 0;
        if (ev == NL_XML_START || ev == NL_XML_END)
            a = nl_xml_local(x, &n);
        else
            a = nl_xml_chars(x, &n);
        ok = ok && n == m && memcmp(a, b, n) == 0;
        if (!ok)
            fprintf(stderr, "%s (mode %d): event %d: [%.*s] but [%s]\n", what, mode, (int)ev, (int)n, a, b);
        assert_true(ok);
    }
    nl_xml_free(x);
}

static int same(const char *what, const char *data, size_t len, int depth)
{
    spans_agree(what, data, len, NL_XML_XML);
    spans_agree(what, data, len, NL_XML_LIBXML2);
    nl_buf a = {0}, b = {0};
    char ea[600], eb[600];
    nl_xml_event fa = trace(data, len, NL_XML_XML, depth, &a, ea, sizeof ea);
    nl_xml_event fb = trace(data, len, NL_XML_LIBXML2, depth, &b, eb, sizeof eb);
    int ok = fa == fb && strcmp(ea, eb) == 0 && (fa == NL_XML_ERROR || (a.n == b.n && memcmp(a.p, b.p, a.n) == 0));
    if (!ok) {
        size_t i = 0;
        while (i < a.n && i < b.n && a.p[i] == b.p[i])
            i++;
        size_t from = i > 200 ? i - 200 : 0;
        fprintf(stderr, "%s: scanner and libxml2 differ at byte %zu\n  scanner: %.*s\n  libxml2: %.*s\n  errors: [%s] [%s]\n",
                what, i, (int)(a.n - from < 400 ? a.n - from : 400), a.p ? a.p + from : "",
                (int)(b.n - from < 400 ? b.n - from : 400), b.p ? b.p + from : "", ea, eb);
    }
    free(a.p);
    free(b.p);
    return ok;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void test_corpus_xml(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("corpus/*.xml", 0, NULL, &g), 0);
    assert_true(g.gl_pathc > 0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t len;
        char *d = slurp(g.gl_pathv[i], &len);
        assert_true(same(g.gl_pathv[i], d, len, 0));
        free(d);
    }
    globfree(&g);
}

/* fn(what, xml, len) for every part named in parts[] of every corpus DOCX
   and ODT; returns how many parts there were. */
static int each_office_part(const char *const *parts, size_t nparts, int (*fn)(const char *, const char *, size_t))
{
    glob_t g;
    assert_int_equal(glob("corpus/*.docx", 0, NULL, &g), 0);
    assert_int_equal(glob("corpus/*.odt", GLOB_APPEND, NULL, &g), 0);
    int count = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t len;
        char *d = slurp(g.gl_pathv[i], &len);
        nl_zip *z = NULL;
        if (nl_zip_open(&z, g.gl_pathv[i], (const unsigned char *)d, len, NULL, NULL) == NL_OK) {
            for (size_t k = 0; k < nparts; k++) {
                char *xml;
                size_t n;
                if (!nl_zip_has(z, parts[k]) || nl_zip_read(z, parts[k], &xml, &n, NULL) != NL_OK)
                    continue;
                char what[300];
                snprintf(what, sizeof what, "%s:%s", g.gl_pathv[i], parts[k]);
                assert_true(fn(what, xml, n));
                count++;
                free(xml);
            }
            nl_zip_close(z);
        }
        free(d);
    }
    globfree(&g);
    return count;
}

static int same_as_libxml2(const char *what, const char *xml, size_t n) { return same(what, xml, n, 0); }

static void test_office_parts(void **state)
{
    (void)state;
    static const char *const parts[] = {"word/document.xml", "word/styles.xml",   "word/numbering.xml",
                                        "word/comments.xml", "docProps/core.xml", "content.xml",
                                        "styles.xml",        "meta.xml"};
    assert_true(each_office_part(parts, sizeof parts / sizeof parts[0], same_as_libxml2) >= 10);
}

static const char *const good[] = {
    "<a/>",
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- c1 -->\n<?pi x?>\n<a>t</a>\n<!-- c2 -->\n",
    "<a>x &amp; y &lt;&gt; &quot;&apos; &#20013;&#x6587; &#x1F600;</a>",
    "<a>one\r\ntwo\rthree\n</a>",
    "<a>before<![CDATA[ <in> & ]] ]]>after</a>",
    "<a><![CDATA[only]]></a>",
    "<a>x<!--c-->y<?p q?>z</a>",
    "<a   b = 'one' a=\"t\tw\no\r\nx &amp; &#9; &#10;\"  ></a >",
    "<x:a xmlns:x=\"urn:x\" xmlns=\"urn:y\"><b x:a=\"1\" a=\"2\"/><x:c xmlns:x=\"urn:y\" x:a=\"3\"/><x:d/></x:a>",
    "<a xmlns=\"urn:y\"><b xmlns=\"\"><c/></b><d/></a>",
    "<a xml:space=\"preserve\">  </a>",
    "<a>\n  <b>\n    text\n  </b>\n  <c/>\n</a>",
    "<?xml version=\"1.0\"?><a><b/></a>",
    "<a>]] > ]></a>",
    "<\xE4\xB8\xAD \xE6\x96\x87=\"\xE5\x80\xBC\">\xE4\xB8\xAD</\xE4\xB8\xAD>",
    "<a>\xC2\x85 \xEF\xBF\xBD</a>",
    "<a>\n<!-- one -->\n  <!--\n two\n -->\n</a>",
    "<a x:a=\"1\" xmlns:x=\"urn:x\"/>",
    /* names met again (the scanner remembers them by their first eight
       bytes): prefixes of each other, of 8 and 16 bytes and longer */
    "<w:b xmlns:w=\"urn:x\"><w:firstLine w:firstLineChars=\"1\" w:firstLine=\"2\" w:firstLin=\"3\"/>"
    "<w:firstLineChars w:firstLineCharsX=\"4\"/><w:firstLin/><w:firstLine w:firstLine=\"5\"/>"
    "<w:firstLineChars/><w:firstLineCharsX/><w:abcdefg/><w:abcdefg/><w:abcdef/></w:b>",
    "<\xE4\xB8\xAD\xE6\x96\x87\xE5\x90\x8D><\xE4\xB8\xAD\xE6\x96\x87\xE5\x90\x8D/>"
    "<\xE4\xB8\xAD\xE6\x96\x87\xE5\x90\x8D/></\xE4\xB8\xAD\xE6\x96\x87\xE5\x90\x8D>",
    /* a text in place, then in pieces (CDATA, references, line ends) */
    "<a><b>plain \xE4\xB8\xAD</b><b>one<![CDATA[two]]>three</b><b><![CDATA[]]>x</b><b>a&lt;b\r\nc</b>"
    "<b>'quoted' \"text\"</b><b/></a>",
    "<a b=\"&#x4E2D;&amp;\" c=\"\xE4\xB8\xAD'\" d='\"' e=\"x]]>y\"/>",
};

static void test_corner_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char what[40];
        snprintf(what, sizeof what, "good[%zu]", i);
        assert_true(nl_xs_suitable(good[i], strlen(good[i])));
        assert_true(same(what, good[i], strlen(good[i]), 0));
    }
}

static const char *const bad[] = {
    "",
    "<a>",
    "<a></b>",
    "<a><b></a></b>",
    "<a>x</a><b/>",
    "<a>x</a>tail",
    "text<a/>",
    "<a b=c/>",
    "<a b='1' b='2'/>",
    "<a b='1'c='2'/>",
    "<a b='<'/>",
    "<a>&unknown;</a>",
    "<a>&#0;</a>",
    "<a>&#xD800;</a>",
    "<a>&#x110000;</a>",
    "<a>&amp</a>",
    "<a>x ]]> y</a>",
    "<a>\x01</a>",
    "<a>\xC3\x28</a>",
    "<a>\xED\xA0\x80</a>",
    "<a>\xEF\xBF\xBE</a>",
    "<a b='\xC3\x28'/>",
    "<a b='\x01'/>",
    "<a\xC3\x28/>",
    "<a><!-- \xFF --></a>",
    "<a><![CDATA[\x02]]></a>",
    "<a><?pi \xFE?></a>",
    "<a>\xE4\xB8</a>",
    "<a>\xF0\x9F\x98</a>",
    "<x:a/>",
    "<a x:b='1'/>",
    "<a xmlns:x=''/>",
    "<a><!-- x -- y --></a>",
    "<a><!-- open</a>",
    "<a><![CDATA[open</a>",
    "<a>x<?xml version='1.0'?></a>",
    "<a><?pi open</a>",
    "<a>< b/></a>",
    "<a></a >x",
    "<1a/>",
    "<a/><!DOCTYPE a>",
    /* end tags that begin like the open element's name */
    "<abcdefgh></abcdefghi>",
    "<abcdefghi></abcdefgh>",
    "<abc></ab>",
    "<a:b xmlns:a='urn:a'></a:c>",
    /* errors in attribute values, in the order of a reader that looks for the quote first */
    "<a b='x<y\xC3\x28'/>",
    "<a b='\xC3\x28<",
    "<a b='x&amp;",
    /* names that run to the end of the input */
    "<a><bbbbbbbbbbbbbbbbbbbb",
    "<a b",
    "<a></a",
};

static void test_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char what[40];
        snprintf(what, sizeof what, "bad[%zu]", i);
        nl_buf a = {0};
        char ea[600];
        assert_int_equal(trace(bad[i], strlen(bad[i]), NL_XML_XML, 0, &a, ea, sizeof ea), NL_XML_ERROR);
        free(a.p);
        assert_true(same(what, bad[i], strlen(bad[i]), 0));
    }
}

/* ---- skipping ----
   A parse as a list of events (one line of text each, as xml_trace() writes
   them), from which the outcome of skipping is worked out by hand and
   compared with what nl_xml_skip() does. */

typedef struct xev {
    nl_xml_event ev;
    int depth, wanted; /* wanted: a START that keep_some() wants */
    char *line;
} xev;

typedef struct xlist {
    xev *v;
    size_t n;
    nl_xml_event last; /* NL_XML_EOF or NL_XML_ERROR */
    char err[600];
} xlist;

/* which elements the skips with a keep function want: "t" and "p", and any
   of namespace urn:x */
static int keep_some(void *ud, const char *ns, const char *name, size_t len)
{
    (void)ud;
    return (len == 1 && (name[0] == 't' || name[0] == 'p')) || strcmp(ns, "urn:x") == 0;
}

/* The line of the current event (its attributes probed at a START). */
static char *event_line(nl_xml *x, nl_xml_event ev)
{
    nl_buf b = {0};
    char line[200];
    snprintf(line, sizeof line, "%d d%d ", (int)ev, nl_xml_depth(x));
    nl_buf_puts(&b, line);
    if (ev == NL_XML_START || ev == NL_XML_END) {
        snprintf(line, sizeof line, "{%s}%s L%ld", nl_xml_ns(x), nl_xml_name(x), nl_xml_line(x));
        nl_buf_puts(&b, line);
    }
    if (ev == NL_XML_START)
        for (size_t k = 0; k < sizeof probes / sizeof probes[0]; k++) {
            const char *v = nl_xml_attr(x, probes[k][0], probes[k][1]);
            if (v) {
                nl_buf_puts(&b, " [");
                nl_buf_puts(&b, v);
                nl_buf_puts(&b, "]");
            }
        }
    if (ev == NL_XML_TEXT || ev == NL_XML_COMMENT) {
        size_t n;
        const char *t = nl_xml_text(x, &n);
        nl_buf_puts(&b, "[");
        nl_buf_put(&b, t, n);
        nl_buf_puts(&b, "]");
    }
    nl_buf_put(&b, "", 1);
    assert_false(b.oom);
    return b.p;
}

static void error_text(nl_xml *x, char *err, size_t errlen)
{
    nl_error e;
    nl_xml_error(x, &e);
    snprintf(err, errlen, "%s (line %lu)", e.message, e.line);
}

static xlist read_all(const char *data, size_t len, int mode, int depth)
{
    xlist l = {0};
    nl_xml *x = NULL;
    assert_int_equal(nl_xml_open(&x, "t", "the part", data, len, mode, depth, NULL), NL_OK);
    nl_xml_event ev;
    size_t cap = 0;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        if (l.n == cap) {
            cap = cap ? 2 * cap : 64;
            l.v = realloc(l.v, cap * sizeof *l.v);
            assert_non_null(l.v);
        }
        size_t n;
        const char *name = ev == NL_XML_START ? nl_xml_local(x, &n) : "";
        int wanted = ev == NL_XML_START && keep_some(NULL, nl_xml_ns(x), name, n);
        l.v[l.n++] = (xev){ev, nl_xml_depth(x), wanted, event_line(x, ev)};
    }
    l.last = ev;
    if (ev == NL_XML_ERROR)
        error_text(x, l.err, sizeof l.err);
    nl_xml_free(x);
    return l;
}

static void xlist_free(xlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].line);
    free(l->v);
}

/* Which STARTs are skipped, counted among the STARTs the caller sees:
   number `only` (when >= 0), else every one at depth `from` or deeper. */
typedef struct plan {
    long only;
    int from;
    int keep; /* ask keep_some() */
} plan;

static int chosen(const plan *pl, long count, int depth)
{
    return pl->only >= 0 ? count == pl->only : depth >= pl->from;
}

/* What skipping by `pl` must give, worked out from reading: a skipped
   element's events become one line "skip d<depth>" (the depth after its
   END); one that keep_some() refuses gives "kept" and is read on (its
   elements may be skipped in turn). An error inside a skipped element is
   the parse's error, unless a wanted element comes before it. */
static void expected(const xlist *l, const plan *pl, int scanner, nl_buf *out, nl_xml_event *last)
{
    long count = 0;
    *last = l->last;
    for (size_t i = 0; i < l->n; i++) {
        const xev *e = &l->v[i];
        nl_buf_puts(out, e->line);
        nl_buf_puts(out, "\n");
        if (e->ev != NL_XML_START || !chosen(pl, count++, e->depth))
            continue;
        size_t j = i + 1;
        int wanted = 0;
        for (; j < l->n && !(l->v[j].ev == NL_XML_END && l->v[j].depth == e->depth); j++)
            wanted |= l->v[j].ev == NL_XML_START && l->v[j].wanted;
        if (pl->keep && (wanted || !scanner)) { /* libxml2 skips only without keep */
            nl_buf_puts(out, "kept\n");
            continue;
        }
        if (j == l->n) /* the error comes first */
            return;
        char line[40];
        snprintf(line, sizeof line, "skip d%d\n", l->v[j].depth);
        nl_buf_puts(out, line);
        i = j;
    }
}

static nl_xml_event skipping(const char *data, size_t len, int mode, int depth, const plan *pl, nl_buf *out, char *err,
                             size_t errlen)
{
    nl_xml *x = NULL;
    assert_int_equal(nl_xml_open(&x, "t", "the part", data, len, mode, depth, NULL), NL_OK);
    nl_xml_event ev;
    long count = 0;
    err[0] = '\0';
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        char *line = event_line(x, ev);
        nl_buf_puts(out, line);
        nl_buf_puts(out, "\n");
        free(line);
        if (ev != NL_XML_START || !chosen(pl, count++, nl_xml_depth(x)))
            continue;
        ev = nl_xml_skip(x, pl->keep ? keep_some : NULL, NULL);
        if (ev == NL_XML_ERROR)
            break;
        assert_true(ev == NL_XML_START || ev == NL_XML_END);
        char l2[40];
        if (ev == NL_XML_END)
            snprintf(l2, sizeof l2, "skip d%d\n", nl_xml_depth(x));
        else
            snprintf(l2, sizeof l2, "kept\n");
        nl_buf_puts(out, l2);
        /* not after a START: nothing happens */
        if (ev == NL_XML_END)
            assert_int_equal(nl_xml_skip(x, NULL, NULL), NL_XML_START);
    }
    if (ev == NL_XML_ERROR) {
        error_text(x, err, errlen);
        assert_int_equal(nl_xml_skip(x, NULL, NULL), NL_XML_ERROR);
    }
    nl_xml_free(x);
    return ev;
}

/* One plan over both readers: skipping as worked out from reading. */
static int skip_agrees(const char *what, const char *data, size_t len, int depth, const xlist *read, int mode,
                       const plan *pl)
{
    nl_buf a = {0}, b = {0};
    nl_xml_event fa, fb;
    char ea[600];
    expected(read, pl, mode == NL_XML_XML && nl_xs_suitable(data, len), &a, &fa);
    fb = skipping(data, len, mode, depth, pl, &b, ea, sizeof ea);
    int ok = fa == fb && strcmp(fa == NL_XML_ERROR ? read->err : "", ea) == 0 && a.n == b.n &&
             (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
    if (!ok)
        fprintf(stderr, "%s (mode %d, skip %ld/from %d, keep %d): skipping differs\n  read:%s\n%.*s\n  skip:%s\n%.*s\n",
                what, mode, pl->only, pl->from, pl->keep, fa == NL_XML_ERROR ? read->err : "", (int)a.n,
                a.p ? a.p : "", ea, (int)b.n, b.p ? b.p : "");
    free(a.p);
    free(b.p);
    return ok;
}

/* Skipping at each START (at most `most` of them, spread out), and at every
   START from each depth, with and without keep, in both readers. */
static int skips_agree(const char *what, const char *data, size_t len, int depth, long most)
{
    int ok = 1;
    for (int mode = NL_XML_XML; mode <= NL_XML_LIBXML2; mode += NL_XML_LIBXML2) {
        xlist l = read_all(data, len, mode, depth);
        long starts = 0;
        int deepest = 0;
        for (size_t i = 0; i < l.n; i++)
            if (l.v[i].ev == NL_XML_START) {
                starts++;
                deepest = l.v[i].depth > deepest ? l.v[i].depth : deepest;
            }
        long step = starts > most ? starts / most : 1;
        for (int keep = 0; keep < 2; keep++) {
            for (long k = 0; k < starts; k += step) {
                plan pl = {k, 0, keep};
                ok &= skip_agrees(what, data, len, depth, &l, mode, &pl);
            }
            for (int from = 0; from <= deepest; from++) {
                plan pl = {-1, from, keep};
                ok &= skip_agrees(what, data, len, depth, &l, mode, &pl);
            }
        }
        xlist_free(&l);
    }
    return ok;
}

static void test_skip_good(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char what[40];
        snprintf(what, sizeof what, "good[%zu]", i);
        assert_true(skips_agree(what, good[i], strlen(good[i]), 0, 1000));
    }
    /* tags met again: under other bindings, at another depth, wanted */
    static const char *const again[] = {
        "<r xmlns:x='urn:y'><a><x:b c='1'/><x:b c='1'></x:b></a><s xmlns:x='urn:x'><a><x:b c='1'/></a></s>"
        "<a><x:b c='1'/></a></r>",
        "<r><p><s/><s/><t/></p><q><s/><t/><s/></q><q><s/></q></r>",
    };
    for (size_t i = 0; i < sizeof again / sizeof again[0]; i++)
        assert_true(skips_agree("again", again[i], strlen(again[i]), 0, 1000));
}

static void test_skip_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char what[40];
        snprintf(what, sizeof what, "bad[%zu]", i);
        assert_true(skips_agree(what, bad[i], strlen(bad[i]), 0, 1000));
    }
}

/* skipping on about 20 STARTs of a part agrees with reading it */
static int skip_sampled(const char *what, const char *xml, size_t n) { return skips_agree(what, xml, n, 0, 20); }

static void test_skip_corpus(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("corpus/*.xml", 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t len;
        char *d = slurp(g.gl_pathv[i], &len);
        assert_true(skips_agree(g.gl_pathv[i], d, len, 0, 20));
        free(d);
    }
    globfree(&g);
    static const char *const parts[] = {"word/document.xml", "word/styles.xml", "word/numbering.xml", "content.xml"};
    assert_true(each_office_part(parts, sizeof parts / sizeof parts[0], skip_sampled) > 0);
}

/* Whatever is wrong inside a skipped element is still an error: the root's
   first child is skipped (with and without keep), and every document fails
   as it does when read. Some tags come once well-formed, to be met again
   where they are not (the scanner remembers tags it has checked). */
static void test_skip_still_checks(void **state)
{
    (void)state;
    static const char *const inside[] = {
        "<r><s><a b=c/></s></r>",                       /* attribute syntax */
        "<r><s><a b='1' b='2'/></s></r>",               /* uniqueness */
        "<r><s><a b='1'c='2'/></s></r>",
        "<r><s><a b='<'/></s></r>",
        "<r><s><a b='&bad;'/></s></r>",                 /* references */
        "<r><s>&#0;</s></r>",
        "<r><s>x ]]> y</s></r>",
        "<r><s><x:a/></s></r>",                         /* prefixes bound */
        "<r><s><a x:b='1'/></s></r>",
        "<r><s>\xC3\x28</s></r>",                       /* characters */
        "<r><s><a b='\x01'/></s></r>",
        "<r><s><!-- \xFF --></s></r>",
        "<r><s><![CDATA[\x02]]></s></r>",
        "<r><s><?pi \xFE?></s></r>",
        "<r><s><a></b></s></r>",                        /* balance */
        "<r><s><a>",
        "<r><s><!DOCTYPE a></s></r>",
        "<r><s><!-- a -- b --></s></r>",
        "<r><s><1a/></s></r>",                          /* names */
        "<r><s><a\xC3\x28/></s></r>",
        /* met again: out of its binding's scope, past the depth limit */
        "<r><s xmlns:x='urn:x'><x:a b='1'/></s><s><x:a b='1'/></s></r>",
        "<r><s><a x:b='1' xmlns:x='urn:x'/></s><s><a x:b='1'/></s></r>",
        "<r><s><a c='1'/><b><b><b><b><a c='1'/></b></b></b></b></s></r>",
    };
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        const char *d = inside[i];
        size_t len = strlen(d);
        char what[40];
        snprintf(what, sizeof what, "inside[%zu]", i);
        /* the first s; the second s (or nothing); everything below r */
        static const plan plans[] = {{1, 0, 0}, {3, 0, 0}, {-1, 1, 0}, {1, 0, 1}, {3, 0, 1}, {-1, 1, 1}};
        for (size_t k = 0; k < sizeof plans / sizeof plans[0]; k++) {
            nl_buf out = {0};
            char err[600];
            xlist l = read_all(d, len, NL_XML_XML, 5);
            assert_int_equal(l.last, NL_XML_ERROR);
            assert_int_equal(skipping(d, len, NL_XML_XML, 5, &plans[k], &out, err, sizeof err), NL_XML_ERROR);
            if (strcmp(err, l.err) != 0)
                fprintf(stderr, "%s: [%s] but [%s]\n", what, err, l.err);
            assert_string_equal(err, l.err);
            xlist_free(&l);
            free(out.p);
        }
        assert_true(skips_agree(what, d, len, 5, 1000));
    }
    /* the depth limit holds inside a skipped element, with the same message
       and line (one element a line: where it is found shows) */
    nl_buf doc = {0};
    for (int i = 0; i < 40; i++)
        nl_buf_puts(&doc, "<a>\n");
    for (int i = 0; i < 40; i++)
        nl_buf_puts(&doc, "</a>");
    plan pl = {1, 0, 0};
    nl_buf out = {0};
    char err[600];
    assert_int_equal(skipping(doc.p, doc.n, NL_XML_XML, 32, &pl, &out, err, sizeof err), NL_XML_ERROR);
    assert_string_equal(err, "the part is not well-formed XML: elements nested deeper than 32 levels (line 33)");
    assert_true(skips_agree("depth", doc.p, doc.n, 32, 1000));
    free(out.p);
    free(doc.p);
}

/* Left to libxml2: other encodings, UTF-16, DTDs. */
static void test_not_suitable(void **state)
{
    (void)state;
    static const char *const others[] = {
        "<?xml version=\"1.0\" encoding=\"GB18030\"?><a/>",
        "<?xml version='1.0' encoding='ISO-8859-1'?><a/>",
        "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
        "<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE a><a/>",
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_false(nl_xs_suitable(others[i], strlen(others[i])));
    assert_false(nl_xs_suitable("<\0a\0/\0>\0", 8));
    assert_false(nl_xs_suitable("\xFF\xFE<\0a\0/\0>\0", 10));
    assert_false(nl_xs_suitable("", 0));
    /* and the documents still read the same, through libxml2 */
    assert_true(same("dtd", others[2], strlen(others[2]), 0));
}

static void test_depth_limit(void **state)
{
    (void)state;
    nl_buf doc = {0};
    for (int i = 0; i < 40; i++)
        nl_buf_puts(&doc, "<a>");
    for (int i = 0; i < 40; i++)
        nl_buf_puts(&doc, "</a>");
    assert_true(same("depth 40 of 64", doc.p, doc.n, 64));
    nl_buf a = {0};
    char ea[600];
    assert_int_equal(trace(doc.p, doc.n, NL_XML_XML, 32, &a, ea, sizeof ea), NL_XML_ERROR);
    assert_string_equal(ea, "the part is not well-formed XML: elements nested deeper than 32 levels (line 1)");
    free(a.p);
    free(doc.p);
}

/* A text's line is that of its first character other than white space (of
   its end when it is all white space); libxml2 gives the line it had read to
   when it made the node, which for text after a line break is a later one. */
static void test_text_lines(void **state)
{
    (void)state;
    const char *d = "<a>\n  <b>\n    text\n  </b>x<!-- c\n -->\n  \n</a>";
    nl_xml *x = NULL;
    assert_int_equal(nl_xml_open(&x, "t", "p", d, strlen(d), NL_XML_XML, 0, NULL), NL_OK);
    nl_buf out = {0};
    char line[40];
    nl_xml_event ev;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF) {
        assert_int_not_equal(ev, NL_XML_ERROR);
        snprintf(line, sizeof line, "%d:%ld ", (int)ev, nl_xml_line(x));
        nl_buf_puts(&out, line);
    }
    nl_buf_put(&out, "", 1);
    assert_string_equal(out.p, "1:1 3:2 1:2 3:3 2:2 3:4 4:5 3:7 2:1 ");
    free(out.p);
    nl_xml_free(x);
}

/* Equal namespace URIs come back as the same pointer (docx.c relies on it). */
static void test_interned_uris(void **state)
{
    (void)state;
    const char *d = "<x:a xmlns:x=\"urn:x\"><x:b/><c xmlns=\"urn:x\"/></x:a>";
    nl_xml *x = NULL;
    assert_int_equal(nl_xml_open(&x, "t", "p", d, strlen(d), NL_XML_XML, 0, NULL), NL_OK);
    const char *seen[3];
    int n = 0;
    nl_xml_event ev;
    while ((ev = nl_xml_next(x)) != NL_XML_EOF) {
        assert_int_not_equal(ev, NL_XML_ERROR);
        if (ev == NL_XML_START)
            seen[n++] = nl_xml_ns(x);
    }
    assert_int_equal(n, 3);
    assert_string_equal(seen[0], "urn:x");
    assert_ptr_equal(seen[0], seen[1]);
    assert_ptr_equal(seen[0], seen[2]);
    nl_xml_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_xml),   cmocka_unit_test(test_office_parts), cmocka_unit_test(test_corner_cases),
        cmocka_unit_test(test_malformed),    cmocka_unit_test(test_not_suitable), cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_interned_uris), cmocka_unit_test(test_text_lines),   cmocka_unit_test(test_skip_good),
        cmocka_unit_test(test_skip_malformed), cmocka_unit_test(test_skip_corpus), cmocka_unit_test(test_skip_still_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
