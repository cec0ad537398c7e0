/*
 * xml.h — a pull reader over XML and HTML held in memory (internal). A thin
 * wrapper so that libxml2's headers stay in lib/load/xml.c. The reader
 * reports element starts and ends (an empty element gives both), text, and
 * the element's line number. It never touches the network, never loads a DTD
 * and never expands entities; nesting deeper than a limit is an error.
 */
#ifndef NL_LOAD_XML_H
#define NL_LOAD_XML_H

#include <stddef.h>
#include "normlint/core.h"

typedef struct nl_xml nl_xml;

typedef enum nl_xml_event {
    NL_XML_EOF = 0,
    NL_XML_START,
    NL_XML_END,
    NL_XML_TEXT,
    NL_XML_COMMENT, /* a comment: nl_xml_text gives its content */
    NL_XML_ERROR
} nl_xml_event;

#define NL_XML_DEFAULT_DEPTH 128

/* Open a reader on data[0..len) (borrowed). `html` selects libxml2's HTML
 * parser. max_depth 0 means NL_XML_DEFAULT_DEPTH. `part` names the member in
 * messages ("word/document.xml"). */
nl_status nl_xml_open(nl_xml **out, const char *path, const char *part, const char *data, size_t len, int html,
                      int max_depth, nl_error *err);
void nl_xml_free(nl_xml *x);

/* The next event. On NL_XML_ERROR, nl_xml_error() fills err. */
nl_xml_event nl_xml_next(nl_xml *x);
nl_status nl_xml_error(const nl_xml *x, nl_error *err);

/* For START/END: the element's local name and namespace URI ("" when none). */
const char *nl_xml_name(const nl_xml *x);
const char *nl_xml_ns(const nl_xml *x);
/* For START: an attribute's value by namespace URI (NULL: no namespace) and
 * local name, or NULL. Valid until the next nl_xml_next(). */
const char *nl_xml_attr(nl_xml *x, const char *ns, const char *name);
/* For TEXT and COMMENT: the text (UTF-8) and its length. */
const char *nl_xml_text(const nl_xml *x, size_t *len);
/* Line of the current node in the source (1-based, 0 if unknown) and depth. */
long nl_xml_line(const nl_xml *x);
int nl_xml_depth(const nl_xml *x);

#endif
