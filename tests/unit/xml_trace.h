/*
 * xml_trace.h — the events of one nl_xml parse as text, one line each, with
 * the attribute values a fixed list of probes finds: what test_xml.c and the
 * fuzz target fuzz_xmlscan.c compare between the scanner and libxml2.
 * (Included by one file of each program: the definitions are static.)
 */
#ifndef NL_TESTS_XML_TRACE_H
#define NL_TESTS_XML_TRACE_H

#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"
#include "load/xml.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* attributes asked for at every start: (namespace, local name) */
static const char *const probes[][2] = {
    {W_NS, "val"}, {W_NS, "id"}, {W_NS, "type"}, {W_NS, "char"}, {NULL, "class"}, {NULL, "id"},
    {NULL, "a"},   {NULL, "b"},  {"urn:x", "a"}, {"urn:y", "a"}, {NULL, "x:a"},
    {"urn:oasis:names:tc:opendocument:xmlns:text:1.0", "style-name"},
    {"http://www.w3.org/XML/1998/namespace", "space"},
};

/* The events of one parse into out; returns the final event, or -1 when the
   reader itself misbehaves (cannot open, a text whose length is wrong). */
static int xml_trace(const char *data, size_t len, int mode, int depth, nl_buf *out, char *err, size_t errlen)
{
    nl_xml *x = NULL;
    nl_error e;
    if (nl_xml_open(&x, "t", "the part", data, len, mode, depth, &e) != NL_OK)
        return -1;
    nl_xml_event ev;
    char line[200];
    while ((ev = nl_xml_next(x)) != NL_XML_EOF && ev != NL_XML_ERROR) {
        snprintf(line, sizeof line, "%d d%d ", (int)ev, nl_xml_depth(x));
        nl_buf_puts(out, line);
        if (ev == NL_XML_START || ev == NL_XML_END) {
            snprintf(line, sizeof line, "{%s}%s L%ld", nl_xml_ns(x), nl_xml_name(x), nl_xml_line(x));
            nl_buf_puts(out, line);
        }
        if (ev == NL_XML_START)
            for (size_t k = 0; k < sizeof probes / sizeof probes[0]; k++) {
                const char *v = nl_xml_attr(x, probes[k][0], probes[k][1]);
                if (v) {
                    snprintf(line, sizeof line, " %s=[", probes[k][1]);
                    nl_buf_puts(out, line);
                    nl_buf_puts(out, v);
                    nl_buf_puts(out, "]");
                }
            }
        if (ev == NL_XML_TEXT || ev == NL_XML_COMMENT) {
            size_t n;
            const char *t = nl_xml_text(x, &n);
            if (strlen(t) != n) {
                nl_xml_free(x);
                return -1;
            }
            if (ev == NL_XML_COMMENT) { /* a directive's line */
                snprintf(line, sizeof line, "L%ld ", nl_xml_line(x));
                nl_buf_puts(out, line);
            }
            nl_buf_puts(out, "[");
            nl_buf_put(out, t, n);
            nl_buf_puts(out, "]");
        }
        nl_buf_puts(out, "\n");
    }
    if (ev == NL_XML_ERROR) {
        nl_xml_error(x, &e);
        snprintf(err, errlen, "%s (line %lu)", e.message, e.line);
    } else {
        err[0] = '\0';
    }
    nl_xml_free(x);
    return (int)ev;
}

#endif
