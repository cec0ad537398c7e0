/*
 * xml.c — libxml2's xmlTextReader (and its HTML parser for web pages) behind
 * xml.h. Parse errors are collected through the structured error handler so
 * the library never prints; the first one becomes the document's error.
 *
 * XML that the scanner of xmlscan.h can read (UTF-8, no DTD: every office
 * part) is read by it instead, several times faster; when it meets an error,
 * libxml2 reads the same bytes to give the diagnostic, so a message never
 * depends on which parser ran.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>

#include "load/xml.h"
#include "load/xmlscan.h"

struct nl_xml {
    nl_xs *xs; /* the scanner, when it reads this part (then r is NULL) */
    const char *data;
    size_t len;
    xmlTextReaderPtr r;
    htmlDocPtr hdoc; /* HTML: parsed tree walked by the reader (owned) */
    const char *path, *part;
    int max_depth;
    int pending_end; /* an empty element: report its END next */
    int at_start;    /* libxml2: the last event was a START */
    char errmsg[400];
    long errline;
    int failed;
    xmlChar *attr; /* last attribute value handed out */
};

static void on_error(void *ud, xmlErrorPtr e)
{
    nl_xml *x = ud;
    if (!e || x->errmsg[0] || e->level < XML_ERR_ERROR)
        return;
    snprintf(x->errmsg, sizeof x->errmsg, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(x->errmsg);
    while (n > 0 && (x->errmsg[n - 1] == '\n' || x->errmsg[n - 1] == ' '))
        x->errmsg[--n] = '\0';
    x->errline = e->line;
}

/* libxml2's global state (encoding handlers, ...) is set up once, before any
   worker thread parses: initialised lazily by two threads at once it leaks
   the loser's tables. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Some messages (an input that does not match its declared encoding) go
   to libxml2's generic error handler whatever the parse options say: silence
   it for this thread and, as the default, for threads created later. */
static void xml_init(void)
{
    xmlInitParser();
    xmlThrDefSetGenericErrorFunc(NULL, silent);
    xmlSetGenericErrorFunc(NULL, silent);
}

static nl_xml *new_reader(const char *path, const char *part, int max_depth)
{
    nl_xml *x = calloc(1, sizeof *x);
    if (x) {
        x->path = path;
        x->part = part;
        x->max_depth = max_depth > 0 ? max_depth : NL_XML_DEFAULT_DEPTH;
    }
    return x;
}

nl_status nl_xml_open(nl_xml **out, const char *path, const char *part, const char *data, size_t len, int mode,
                      int max_depth, nl_error *err)
{
    int html = mode == NL_XML_HTML;
    pthread_once(&xml_once, xml_init);
    *out = NULL;
    if (len > 0x7fffffff)
        return nl_error_set(err, NL_ERR_TOO_LARGE, path, "%s is larger than 2 GiB", part);
    nl_xml *x = new_reader(path, part, max_depth);
    if (!x)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    x->data = data;
    x->len = len;
    if (mode == NL_XML_XML && nl_xs_suitable(data, len)) {
        if (!(x->xs = nl_xs_new(data, len, x->max_depth))) {
            free(x);
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        }
        *out = x;
        return NL_OK;
    }
    if (html) {
        x->hdoc = htmlReadMemory(data, (int)len, NULL, NULL,
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
        if (!x->hdoc) {
            free(x);
            return nl_error_set(err, NL_ERR_PARSE, path, "%s cannot be parsed as HTML", part);
        }
        x->r = xmlReaderWalker(x->hdoc);
    } else {
        x->r = xmlReaderForMemory(data, (int)len, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
        if (x->r)
            xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
    }
    if (!x->r) {
        nl_xml_free(x);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    *out = x;
    return NL_OK;
}

void nl_xml_free(nl_xml *x)
{
    if (!x)
        return;
    if (x->attr)
        xmlFree(x->attr);
    nl_xs_free(x->xs);
    if (x->r)
        xmlFreeTextReader(x->r);
    if (x->hdoc)
        xmlFreeDoc(x->hdoc);
    free(x);
}

static nl_xml_event fail(nl_xml *x, const char *msg)
{
    if (!x->errmsg[0]) {
        snprintf(x->errmsg, sizeof x->errmsg, "%s", msg);
        x->errline = xmlTextReaderGetParserLineNumber(x->r);
    }
    x->failed = 1;
    return NL_XML_ERROR;
}

/* The scanner stopped at an error: take libxml2's diagnostic for the same
   bytes, or the scanner's own when it is final or libxml2 has none. (Here
   and below, out of line: nl_xml_next() is called for every event, and its
   scanner path then needs no stack frame.) */
static __attribute__((noinline)) nl_xml_event scanner_error(nl_xml *x)
{
    long line;
    int final;
    const char *msg = nl_xs_error(x->xs, &line, &final);
    if (!final) {
        xmlTextReaderPtr r = xmlReaderForMemory(x->data, (int)x->len, NULL, NULL,
                                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
        if (r) {
            xmlTextReaderSetStructuredErrorHandler(r, on_error, x);
            while (!x->errmsg[0] && xmlTextReaderRead(r) == 1)
                ;
            xmlFreeTextReader(r);
        }
    }
    if (!x->errmsg[0]) {
        snprintf(x->errmsg, sizeof x->errmsg, "%s", msg);
        x->errline = line;
    }
    x->failed = 1;
    return NL_XML_ERROR;
}

/* The next event from libxml2's reader. */
static __attribute__((noinline)) nl_xml_event reader_next(nl_xml *x)
{
    if (x->attr) {
        xmlFree(x->attr);
        x->attr = NULL;
    }
    if (x->pending_end) {
        x->pending_end = 0;
        return NL_XML_END;
    }
    for (;;) {
        int rc = xmlTextReaderRead(x->r);
        if (rc == 0)
            return x->errmsg[0] ? (x->failed = 1, NL_XML_ERROR) : NL_XML_EOF;
        if (rc < 0)
            return fail(x, "malformed XML");
        switch (xmlTextReaderNodeType(x->r)) {
        case XML_READER_TYPE_ELEMENT:
            if (xmlTextReaderDepth(x->r) >= x->max_depth) {
                char msg[100];
                snprintf(msg, sizeof msg, "elements nested deeper than %d levels", x->max_depth);
                return fail(x, msg);
            }
            x->pending_end = xmlTextReaderIsEmptyElement(x->r) == 1;
            return NL_XML_START;
        case XML_READER_TYPE_END_ELEMENT:
            return NL_XML_END;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        case XML_READER_TYPE_WHITESPACE:
            return NL_XML_TEXT;
        case XML_READER_TYPE_COMMENT:
            return NL_XML_COMMENT;
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
        default:
            continue; /* never expanded, never fetched */
        }
    }
}

nl_xml_event nl_xml_next(nl_xml *x)
{
    if (x->failed)
        return NL_XML_ERROR;
    if (!x->xs) {
        nl_xml_event ev = reader_next(x);
        x->at_start = ev == NL_XML_START;
        return ev;
    }
    nl_xml_event ev = nl_xs_next(x->xs);
    return ev == NL_XML_ERROR ? scanner_error(x) : ev;
}

/* libxml2 reads on to the END at the START's depth: the same events, the
   same checks, not handed out. */
nl_xml_event nl_xml_skip(nl_xml *x, nl_xml_keep keep, void *ud)
{
    if (x->failed)
        return NL_XML_ERROR;
    if (x->xs) {
        nl_xml_event ev = nl_xs_skip(x->xs, keep, ud);
        return ev == NL_XML_ERROR ? scanner_error(x) : ev;
    }
    if (keep || !x->at_start)
        return NL_XML_START;
    x->at_start = 0;
    int depth = xmlTextReaderDepth(x->r);
    for (;;) {
        nl_xml_event ev = reader_next(x);
        if (ev == NL_XML_END ? xmlTextReaderDepth(x->r) == depth : ev == NL_XML_ERROR || ev == NL_XML_EOF)
            return ev;
    }
}

nl_status nl_xml_error(const nl_xml *x, nl_error *err)
{
    nl_error_set(err, NL_ERR_PARSE, x->path, "%s is not well-formed XML: %s", x->part,
                 x->errmsg[0] ? x->errmsg : "malformed XML");
    if (err)
        err->line = x->errline > 0 ? (unsigned long)x->errline : 0;
    return NL_ERR_PARSE;
}

const char *nl_xml_name(const nl_xml *x)
{
    if (x->xs)
        return nl_xs_name(x->xs);
    const xmlChar *s = xmlTextReaderConstLocalName(x->r);
    return s ? (const char *)s : "";
}

/* libxml2's local name and its length (out of line, as reader_next()) */
static __attribute__((noinline)) const char *reader_local(const nl_xml *x, size_t *len)
{
    const char *s = nl_xml_name(x);
    *len = strlen(s);
    return s;
}

const char *nl_xml_local(const nl_xml *x, size_t *len)
{
    return x->xs ? nl_xs_local(x->xs, len) : reader_local(x, len);
}

const char *nl_xml_ns(const nl_xml *x)
{
    if (x->xs)
        return nl_xs_ns(x->xs);
    const xmlChar *s = xmlTextReaderConstNamespaceUri(x->r);
    return s ? (const char *)s : "";
}

const char *nl_xml_attr(nl_xml *x, const char *ns, const char *name)
{
    if (x->xs)
        return nl_xs_attr(x->xs, ns, name);
    if (x->attr) {
        xmlFree(x->attr);
        x->attr = NULL;
    }
    x->attr = ns ? xmlTextReaderGetAttributeNs(x->r, (const xmlChar *)name, (const xmlChar *)ns)
                 : xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
    return (const char *)x->attr;
}

const char *nl_xml_text(const nl_xml *x, size_t *len)
{
    if (x->xs)
        return nl_xs_text(x->xs, len);
    const xmlChar *s = xmlTextReaderConstValue(x->r);
    *len = s ? strlen((const char *)s) : 0;
    return s ? (const char *)s : "";
}

const char *nl_xml_chars(const nl_xml *x, size_t *len)
{
    return x->xs ? nl_xs_chars(x->xs, len) : nl_xml_text(x, len);
}

long nl_xml_line(const nl_xml *x)
{
    if (x->xs)
        return nl_xs_line(x->xs);
    xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
    return n ? (long)xmlGetLineNo(n) : 0;
}

int nl_xml_depth(const nl_xml *x) { return x->xs ? nl_xs_depth(x->xs) : xmlTextReaderDepth(x->r); }

/* ---- trees ---- */

struct nl_xtree {
    xmlDocPtr doc;
};

nl_status nl_xtree_parse(nl_xtree **out, const char *path, const char *part, const char *data, size_t len,
                         nl_error *err)
{
    pthread_once(&xml_once, xml_init);
    *out = NULL;
    if (len > 0x7fffffff)
        return nl_error_set(err, NL_ERR_TOO_LARGE, path, "%s is larger than 2 GiB", part);
    nl_xtree *t = calloc(1, sizeof *t);
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!t || !ctx) {
        free(t);
        xmlFreeParserCtxt(ctx);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    /* no network, no DTD, no entity expansion; blanks kept as they are */
    t->doc = xmlCtxtReadMemory(ctx, data, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!t->doc) {
        xmlErrorPtr e = xmlCtxtGetLastError(ctx);
        char msg[300];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "malformed XML");
        size_t n = strlen(msg);
        while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        xmlFreeParserCtxt(ctx);
        free(t);
        return nl_error_set(err, NL_ERR_PARSE, path, "%s is not well-formed XML: %s", part, msg);
    }
    xmlFreeParserCtxt(ctx);
    *out = t;
    return NL_OK;
}

void nl_xtree_free(nl_xtree *t)
{
    if (!t)
        return;
    xmlFreeDoc(t->doc);
    free(t);
}

nl_status nl_xtree_dump(nl_xtree *t, char **out, size_t *len)
{
    xmlChar *buf = NULL;
    int n = 0;
    *out = NULL;
    *len = 0;
    xmlDocDumpMemoryEnc(t->doc, &buf, &n, "UTF-8");
    if (!buf)
        return NL_ERR_NOMEM;
    char *copy = malloc((size_t)n + 1);
    if (copy) {
        memcpy(copy, buf, (size_t)n);
        copy[n] = '\0';
    }
    xmlFree(buf);
    if (!copy)
        return NL_ERR_NOMEM;
    *out = copy;
    *len = (size_t)n;
    return NL_OK;
}

nl_xnode *nl_xtree_root(nl_xtree *t) { return (nl_xnode *)xmlDocGetRootElement(t->doc); }

nl_status nl_xml_open_tree(nl_xml **out, nl_xtree *t, const char *path, const char *part, int max_depth,
                           nl_error *err)
{
    *out = NULL;
    nl_xml *x = new_reader(path, part, max_depth);
    if (!x)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    x->r = xmlReaderWalker(t->doc);
    if (!x->r) {
        free(x);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    *out = x;
    return NL_OK;
}

nl_xnode *nl_xml_node(const nl_xml *x) { return x->r ? (nl_xnode *)xmlTextReaderCurrentNode(x->r) : NULL; }

/* nodes are handed out as opaque pointers; const only promises not to edit */
#define N(n) ((xmlNodePtr)(uintptr_t)(const void *)(n))
#define X(n) ((nl_xnode *)(n))

nl_xnode *nl_xnode_parent(const nl_xnode *n) { return n ? X(N(n)->parent) : NULL; }
nl_xnode *nl_xnode_first(const nl_xnode *n) { return n ? X(N(n)->children) : NULL; }
nl_xnode *nl_xnode_next(const nl_xnode *n) { return n ? X(N(n)->next) : NULL; }
nl_xnode *nl_xnode_prev(const nl_xnode *n) { return n ? X(N(n)->prev) : NULL; }
int nl_xnode_is_element(const nl_xnode *n) { return n && N(n)->type == XML_ELEMENT_NODE; }

int nl_xnode_is(const nl_xnode *n, const char *ns, const char *name)
{
    if (!nl_xnode_is_element(n) || strcmp((const char *)N(n)->name, name) != 0)
        return 0;
    const char *href = N(n)->ns && N(n)->ns->href ? (const char *)N(n)->ns->href : "";
    return !ns || strcmp(href, ns) == 0;
}

const char *nl_xnode_name(const nl_xnode *n)
{
    return nl_xnode_is_element(n) ? (const char *)N(n)->name : "";
}

char *nl_xnode_attr(const nl_xnode *n, const char *ns, const char *name)
{
    xmlChar *v = ns ? xmlGetNsProp(N(n), (const xmlChar *)name, (const xmlChar *)ns)
                    : xmlGetNoNsProp(N(n), (const xmlChar *)name);
    if (!v)
        return NULL;
    char *copy = strdup((const char *)v);
    xmlFree(v);
    return copy;
}

int nl_xnode_set_attr(nl_xnode *n, int own_ns, const char *name, const char *value)
{
    xmlAttrPtr a = own_ns && N(n)->ns ? xmlSetNsProp(N(n), N(n)->ns, (const xmlChar *)name, (const xmlChar *)value)
                                      : xmlSetProp(N(n), (const xmlChar *)name, (const xmlChar *)value);
    return a ? 0 : -1;
}

const char *nl_xnode_text(const nl_xnode *n)
{
    return n && N(n)->type == XML_TEXT_NODE && N(n)->content ? (const char *)N(n)->content : "";
}

int nl_xnode_set_text(nl_xnode *n, const char *s, size_t len)
{
    xmlNodeSetContentLen(N(n), NULL, 0);
    if (len)
        xmlNodeAddContentLen(N(n), (const xmlChar *)s, (int)len);
    return 0;
}

nl_xnode *nl_xnode_new(nl_xtree *t, const nl_xnode *like, const char *name)
{
    return X(xmlNewDocNode(t->doc, like ? N(like)->ns : NULL, (const xmlChar *)name, NULL));
}

nl_xnode *nl_xnode_new_text(nl_xtree *t, const char *s, size_t len)
{
    return X(xmlNewDocTextLen(t->doc, (const xmlChar *)s, (int)len));
}

nl_xnode *nl_xnode_copy(const nl_xnode *n) { return X(xmlCopyNode(N(n), 1)); }
nl_xnode *nl_xnode_copy_shell(const nl_xnode *n) { return X(xmlCopyNode(N(n), 2)); }
void nl_xnode_rename(nl_xnode *n, const char *name) { xmlNodeSetName(N(n), (const xmlChar *)name); }
/* A copied subtree carries its own namespace declarations: once it is in
   place, the ones its new ancestors already make are dropped. */
static void placed(xmlNodePtr n)
{
    if (n->type == XML_ELEMENT_NODE && n->nsDef)
        xmlDOMWrapReconcileNamespaces(NULL, n, 1 /* XML_DOM_RECONNS_REMOVEREDUND, not in the headers */);
}

void nl_xnode_insert_before(nl_xnode *ref, nl_xnode *n)
{
    xmlAddPrevSibling(N(ref), N(n));
    placed(N(n));
}

void nl_xnode_insert_after(nl_xnode *ref, nl_xnode *n)
{
    xmlAddNextSibling(N(ref), N(n));
    placed(N(n));
}

void nl_xnode_append(nl_xnode *parent, nl_xnode *n)
{
    xmlAddChild(N(parent), N(n));
    placed(N(n));
}

void nl_xnode_unlink(nl_xnode *n) { xmlUnlinkNode(N(n)); }

void nl_xnode_remove(nl_xnode *n)
{
    xmlUnlinkNode(N(n));
    xmlFreeNode(N(n));
}
