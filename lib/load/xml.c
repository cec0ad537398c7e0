/*
 * xml.c — libxml2's xmlTextReader (and its HTML parser for web pages) behind
 * xml.h. Parse errors are collected through the structured error handler so
 * the library never prints; the first one becomes the document's error.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>

#include "load/xml.h"

struct nl_xml {
    xmlTextReaderPtr r;
    htmlDocPtr hdoc; /* HTML: parsed tree walked by the reader */
    const char *path, *part;
    int max_depth;
    int pending_end; /* an empty element: report its END next */
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
static void xml_init(void) { xmlInitParser(); }

nl_status nl_xml_open(nl_xml **out, const char *path, const char *part, const char *data, size_t len, int html,
                      int max_depth, nl_error *err)
{
    pthread_once(&xml_once, xml_init);
    *out = NULL;
    if (len > 0x7fffffff)
        return nl_error_set(err, NL_ERR_TOO_LARGE, path, "%s is larger than 2 GiB", part);
    nl_xml *x = calloc(1, sizeof *x);
    if (!x)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    x->path = path;
    x->part = part;
    x->max_depth = max_depth > 0 ? max_depth : NL_XML_DEFAULT_DEPTH;
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

nl_xml_event nl_xml_next(nl_xml *x)
{
    if (x->failed)
        return NL_XML_ERROR;
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
    const xmlChar *s = xmlTextReaderConstLocalName(x->r);
    return s ? (const char *)s : "";
}

const char *nl_xml_ns(const nl_xml *x)
{
    const xmlChar *s = xmlTextReaderConstNamespaceUri(x->r);
    return s ? (const char *)s : "";
}

const char *nl_xml_attr(nl_xml *x, const char *ns, const char *name)
{
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
    const xmlChar *s = xmlTextReaderConstValue(x->r);
    *len = s ? strlen((const char *)s) : 0;
    return s ? (const char *)s : "";
}

long nl_xml_line(const nl_xml *x)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
    return n ? (long)xmlGetLineNo(n) : 0;
}

int nl_xml_depth(const nl_xml *x) { return xmlTextReaderDepth(x->r); }
