/*
 * test_xml.c — the XML scanner (lib/load/xmlscan.c) against libxml2's reader:
 * on every XML fixture, every part of every DOCX and ODT in corpus/, and on
 * hand-written corner cases, both must give the same events, names,
 * namespaces, texts, attribute values and element lines; on malformed input
 * both must fail, with libxml2's message. With either reader, the unterminated
 * accessors (nl_xml_local, nl_xml_chars) must give the bytes of the
 * terminated ones (nl_xml_name, nl_xml_text).
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

static void test_office_parts(void **state)
{
    (void)state;
    static const char *const parts[] = {"word/document.xml", "word/styles.xml",   "word/numbering.xml",
                                        "word/comments.xml", "docProps/core.xml", "content.xml",
                                        "styles.xml",        "meta.xml"};
    glob_t g;
    assert_int_equal(glob("corpus/*.docx", 0, NULL, &g), 0);
    assert_int_equal(glob("corpus/*.odt", GLOB_APPEND, NULL, &g), 0);
    int compared = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        size_t len;
        char *d = slurp(g.gl_pathv[i], &len);
        nl_zip *z = NULL;
        if (nl_zip_open(&z, g.gl_pathv[i], (const unsigned char *)d, len, NULL, NULL) == NL_OK) {
            for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
                char *xml;
                size_t n;
                if (!nl_zip_has(z, parts[k]) || nl_zip_read(z, parts[k], &xml, &n, NULL) != NL_OK)
                    continue;
                char what[300];
                snprintf(what, sizeof what, "%s:%s", g.gl_pathv[i], parts[k]);
                assert_true(same(what, xml, n, 0));
                compared++;
                free(xml);
            }
            nl_zip_close(z);
        }
        free(d);
    }
    globfree(&g);
    assert_true(compared >= 10);
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
        cmocka_unit_test(test_interned_uris), cmocka_unit_test(test_text_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
