/*
 * markup.c — the XML and HTML loaders. Both walk the markup with the XML
 * pull reader and turn block elements into lines, in document order:
 *
 * - text goes to the nearest enclosing block element; inline elements (b, i,
 *   span, a, Akoma Ntoso ref/term/date, …) only carry text;
 * - a block that starts while its parent block holds text first flushes that
 *   text as a line, so mixed content keeps its order;
 * - skipped subtrees: script, style, head, navigation chrome (nav, header,
 *   footer, aside, and elements whose class or id says nav/menu/footer/…),
 *   Akoma Ntoso meta;
 * - HTML <br> ends a line (government pages often separate articles with
 *   it);
 * - Akoma Ntoso (http://docs.oasis-open.org/legaldocml/ns/akn/3.0): <num> and
 *   <heading> of chapter/section/part become one heading line
 *   (第一章　总则); the <num> of article/paragraph/point starts its first line
 *   (第一条　…, （一）…), so the structure recogniser sees the usual text.
 * Each line's locator is the source line of the element that produced it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "doc/build.h"
#include "load/loader.h"
#include "load/xml.h"

#define AKN_NS "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#define MAX_DEPTH 130

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const html_inline[] = {"a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "label",
                                          "small", "span", "strong", "sub", "sup", "u", "s", "strike", "q",
                                          "time", "mark", "ins", "o:p", "nobr", NULL};
static const char *const html_skip[] = {"script", "style", "head", "nav", "header", "footer", "aside", "noscript",
                                        "form", "button", "select", "iframe", "svg", "template", "object", NULL};
static const char *const chrome_words[] = {"nav", "menu", "footer", "header", "breadcrumb", "crumb", "share",
                                           "copyright", "sidebar", "toolbar", "banner", "topbar", NULL};
static const char *const akn_inline[] = {"ref", "term", "date", "i", "b", "u", "span", "inline", "docProponent",
                                         "docType", "docDate", "organization", "person", "location", "sup", "sub",
                                         "abbr", "def", "mref", "rref", "quantity", NULL};
static const char *const akn_headed[] = {"chapter", "section", "part", "title", "book", "subsection",
                                         "subchapter", "subpart", "subtitle", "division", NULL};
static const char *const akn_numbered[] = {"article", "paragraph", "point", "item", "indent", "subparagraph",
                                           "list", "alinea", "clause", "subclause", "rule", "tome", NULL};
static const char *const xml_inline[] = {"b", "i", "u", "em", "strong", "span", "sup", "sub", NULL};

typedef struct frame {
    int block;    /* 1 if this element collects its own line */
    int skip;     /* inside a skipped subtree */
    int headed;   /* AKN: chapter-like container, num/heading form a line */
    int numbered; /* AKN: article-like container, num prefixes the next line */
    int label;    /* AKN <num> or <heading> being read */
    long line;
} frame;

typedef struct mk {
    nl_doc *doc;
    int html, akn;
    frame st[MAX_DEPTH];
    int depth;
    nl_buf cur;     /* text of the innermost block */
    long cur_line;  /* where that text started */
    nl_buf label;   /* pending AKN num/heading */
    long label_line;
    int label_headed; /* the pending label belongs to a chapter-like container */
    nl_status st_;
    nl_error *err;
} mk;

static void emit(mk *m, const char *s, size_t n, long line)
{
    if (m->st_ != NL_OK)
        return;
    size_t a = 0, b = n;
    nl_utf8_trim(s, &a, &b);
    /* collapse runs of whitespace: markup line breaks are not text */
    nl_buf out = {0};
    int space = 0;
    for (size_t i = a; i < b; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = 1;
            continue;
        }
        if (space && out.n)
            nl_buf_put(&out, " ", 1);
        space = 0;
        nl_buf_put(&out, &c, 1);
    }
    if (out.oom)
        m->st_ = nl_error_set(m->err, NL_ERR_NOMEM, nl_doc_path(m->doc), "out of memory");
    else if (out.n && !nl_utf8_valid(nl_buf_str(&out), out.n, NULL))
        m->st_ = nl_error_set(m->err, NL_ERR_ENCODING, nl_doc_path(m->doc), "text near line %ld is not valid UTF-8", line);
    else if (out.n)
        m->st_ = nl_doc_append_line(m->doc, nl_buf_str(&out), out.n, 0, line > 0 ? (uint32_t)line : 0);
    nl_buf_free(&out);
}

/* Flush the pending text of the current block as a line (with a pending
   article label in front). */
static void flush(mk *m)
{
    int has_text = 0;
    for (size_t i = 0; i < m->cur.n && !has_text; i++)
        has_text = !(m->cur.p[i] == ' ' || m->cur.p[i] == '\n' || m->cur.p[i] == '\t' || m->cur.p[i] == '\r');
    if (!has_text) {
        m->cur.n = 0;
        return;
    }
    if (m->label.n && !m->label_headed) {
        nl_buf line = {0};
        nl_buf_put(&line, m->label.p, m->label.n);
        /* 第一条　text, but （一）text and 1.text as drafted */
        static const char *const tight[] = {"）", "、", ".", "．", ")"};
        int joined = 0;
        for (size_t k = 0; k < sizeof tight / sizeof tight[0]; k++) {
            size_t tl = strlen(tight[k]);
            joined |= m->label.n >= tl && memcmp(m->label.p + m->label.n - tl, tight[k], tl) == 0;
        }
        if (!joined)
            nl_buf_puts(&line, "　");
        nl_buf_put(&line, m->cur.p, m->cur.n);
        emit(m, nl_buf_str(&line), line.n, m->label_line);
        nl_buf_free(&line);
        m->label.n = 0;
    } else {
        emit(m, m->cur.p, m->cur.n, m->cur_line);
    }
    m->cur.n = 0;
}

static void flush_label(mk *m)
{
    if (m->label.n) {
        emit(m, m->label.p, m->label.n, m->label_line);
        m->label.n = 0;
    }
}

/* <!-- normlint-disable … -->: a suppression directive for the lines after
   it (text before it in the same block is flushed first); other comments
   are not text and are dropped. */
static void on_comment(mk *m, nl_xml *x)
{
    size_t n, a = 0, b;
    const char *t = nl_xml_text(x, &n);
    b = n;
    nl_utf8_trim(t, &a, &b);
    if (m->st_ != NL_OK || b - a < 9 || memcmp(t + a, "normlint-", 9) != 0)
        return;
    flush(m);
    int taken = 0;
    long line = nl_xml_line(x);
    if (nl_doc_add_comment(m->doc, t + a, b - a, line > 0 ? (size_t)line : 0, &taken) != NL_OK)
        m->st_ = nl_error_set(m->err, NL_ERR_NOMEM, nl_doc_path(m->doc), "out of memory");
}

static int has_nocase(const unsigned char *d, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp((const char *)d + i, needle, n) == 0)
            return 1;
    return 0;
}

static int chrome(nl_xml *x)
{
    const char *attrs[] = {"class", "id", "role"};
    for (size_t k = 0; k < 3; k++) {
        const char *v = nl_xml_attr(x, NULL, attrs[k]);
        if (!v)
            continue;
        for (const char *const *w = chrome_words; *w; w++)
            if (has_nocase((const unsigned char *)v, strlen(v), *w))
                return 1;
    }
    return 0;
}

static void on_start(mk *m, nl_xml *x)
{
    const char *name = nl_xml_name(x);
    frame *parent = m->depth > 0 ? &m->st[m->depth - 1] : NULL;
    frame f = {0, parent ? parent->skip : 0, 0, 0, 0, nl_xml_line(x)};
    int akn = m->akn && strcmp(nl_xml_ns(x), AKN_NS) == 0;
    if (!f.skip) {
        if (m->html)
            f.skip = in_list(name, html_skip) || chrome(x);
        else if (akn)
            f.skip = strcmp(name, "meta") == 0;
    }
    if (!f.skip) {
        if (m->html && strcasecmp(name, "br") == 0) {
            flush(m);
        } else if (akn && (strcmp(name, "num") == 0 || strcmp(name, "heading") == 0)) {
            flush(m);
            f.label = 1;
            int headed = parent && parent->headed;
            if (!m->label.n) {
                m->label_line = f.line;
                m->label_headed = headed;
            } else {
                nl_buf_puts(&m->label, "　");
            }
        } else {
            const char *const *inl = m->html ? html_inline : akn ? akn_inline : xml_inline;
            f.block = !in_list(name, inl);
            if (akn) {
                f.headed = in_list(name, akn_headed);
                f.numbered = in_list(name, akn_numbered);
            }
            if (f.block) {
                flush(m);
                /* a chapter heading is a line of its own before its content */
                if (m->label.n && m->label_headed && !f.headed)
                    flush_label(m);
            }
        }
    }
    if (m->depth < MAX_DEPTH)
        m->st[m->depth] = f;
    m->depth++;
}

static void on_end(mk *m)
{
    if (m->depth == 0)
        return;
    m->depth--;
    if (m->depth >= MAX_DEPTH)
        return;
    frame *f = &m->st[m->depth];
    if (f->skip)
        return;
    if (f->block) {
        flush(m);
        if (f->headed || f->numbered)
            flush_label(m); /* a container that held nothing but its label */
    }
}

static void on_text(mk *m, nl_xml *x)
{
    if (m->depth == 0 || (m->depth <= MAX_DEPTH && m->st[m->depth - 1].skip))
        return;
    size_t n;
    const char *t = nl_xml_text(x, &n);
    if (m->depth <= MAX_DEPTH && m->st[m->depth - 1].label) {
        nl_buf_put(&m->label, t, n);
        return;
    }
    if (m->cur.n == 0)
        m->cur_line = nl_xml_line(x);
    nl_buf_put(&m->cur, t, n);
}

static nl_status load_markup(nl_doc **out, const char *path, const unsigned char *data, size_t len, int html,
                             const nl_load_opts *opts, nl_error *err)
{
    nl_doc *doc = NULL;
    nl_xml *x = NULL;
    *out = NULL;
    nl_status st = nl_doc_new(&doc, path, html ? "html" : "xml", err);
    if (st != NL_OK)
        return st;
    if ((st = nl_xml_open(&x, path, html ? "the page" : "the document", (const char *)data, len, html,
                          opts ? opts->xml_depth : 0, err)) != NL_OK) {
        nl_doc_free(doc);
        return st;
    }
    nl_doc_set_encoding(doc, "UTF-8");
    nl_doc_set_eol(doc, "none");
    mk *m = calloc(1, sizeof *m);
    if (!m) {
        nl_xml_free(x);
        nl_doc_free(doc);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    m->doc = doc;
    m->html = html;
    m->err = err;
    nl_xml_event ev;
    int first = 1;
    while (m->st_ == NL_OK && (ev = nl_xml_next(x)) != NL_XML_EOF) {
        if (ev == NL_XML_ERROR) {
            m->st_ = nl_xml_error(x, err);
            break;
        }
        if (ev == NL_XML_START) {
            if (first && !html)
                m->akn = strcmp(nl_xml_ns(x), AKN_NS) == 0;
            first = 0;
            on_start(m, x);
        } else if (ev == NL_XML_END) {
            on_end(m);
        } else if (ev == NL_XML_COMMENT) {
            on_comment(m, x);
        } else {
            on_text(m, x);
        }
    }
    if (m->st_ == NL_OK) {
        flush(m);
        flush_label(m);
    }
    if (m->st_ == NL_OK && (m->cur.oom || m->label.oom))
        m->st_ = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    st = m->st_;
    nl_buf_free(&m->cur);
    nl_buf_free(&m->label);
    free(m);
    nl_xml_free(x);
    if (st != NL_OK) {
        nl_doc_free(doc);
        return st;
    }
    *out = doc;
    return NL_OK;
}

/* Skip a BOM, whitespace and comments-free prolog; return the first '<'. */
static size_t first_tag(const unsigned char *d, size_t len)
{
    size_t i = 0;
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    return i;
}

static int html_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)path;
    size_t i = first_tag(data, len);
    if (i >= len || data[i] != '<')
        return 0;
    size_t lim = len - i < 2048 ? len - i : 2048;
    return has_nocase(data + i, lim, "<!doctype html") || has_nocase(data + i, lim, "<html");
}

static int xml_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)path;
    size_t i = first_tag(data, len);
    if (i + 1 >= len || data[i] != '<')
        return 0;
    /* <?xml, or an element / comment / doctype */
    unsigned char c = data[i + 1];
    return c == '?' || c == '!' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

static nl_status html_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                           const nl_load_opts *opts, nl_error *err)
{
    return load_markup(out, path, data, len, 1, opts, err);
}

static nl_status xml_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                          const nl_load_opts *opts, nl_error *err)
{
    return load_markup(out, path, data, len, 0, opts, err);
}

static const char *const html_extensions[] = {"html", "htm", "xhtml", "shtml", NULL};
static const char *const xml_extensions[] = {"xml", "akn", NULL};

const nl_loader nl_loader_html = {"html", html_extensions, html_sniff, html_load};
const nl_loader nl_loader_xml = {"xml", xml_extensions, xml_sniff, xml_load};
