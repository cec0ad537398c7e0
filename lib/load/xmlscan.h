/*
 * xmlscan.h — a pull scanner for the plain XML that office parts are made of
 * (internal; used only by lib/load/xml.c, behind nl_xml).
 *
 * Why it exists: on the DOCX benchmark libxml2's reader took about half of
 * the run (dictionary lookups, a tree node built and freed for every element,
 * per-character decoding). Office parts use a small subset of XML: UTF-8, no
 * DTD, no entities beyond the five predefined ones. This scanner reads exactly
 * that subset and nothing else:
 *   - nl_xs_suitable() says whether a buffer is in the subset's reach (UTF-8
 *     by BOM or declaration or by default, no DOCTYPE in the prolog); anything
 *     else (UTF-16, GB18030 declarations, DTDs) stays with libxml2;
 *   - it checks well-formedness as it goes (UTF-8 and XML characters, tag
 *     balance, attribute syntax and uniqueness, references, bound prefixes,
 *     one root) and stops at the first error; xml.c then asks libxml2 for its
 *     diagnostic so that messages are the same whichever parser ran.
 * Events, names, namespaces, texts and element lines are the ones libxml2's
 * reader gives with XML_PARSE_NOCDATA (CDATA merged into text, predefined
 * entities and character references decoded, line ends normalised);
 * tests/unit/test_xml.c compares the two on every fixture. One difference on
 * purpose: a text's line is that of its first character other than white
 * space, where libxml2 gives the line it had read up to.
 */
#ifndef NL_LOAD_XMLSCAN_H
#define NL_LOAD_XMLSCAN_H

#include <stddef.h>

#include "load/xml.h"

typedef struct nl_xs nl_xs;

/* 1 if data[0..len) is for the scanner (see above), 0 if for libxml2. */
int nl_xs_suitable(const char *data, size_t len);

/* A scanner over data[0..len) (borrowed; must outlive it); NULL on OOM.
 * Elements nested max_depth deep (the root is depth 0) are an error. */
nl_xs *nl_xs_new(const char *data, size_t len, int max_depth);
void nl_xs_free(nl_xs *x);

/* Next event, as nl_xml_next(). After NL_XML_ERROR every call returns it. */
nl_xml_event nl_xs_next(nl_xs *x);
/* After an error: its message and line (1-based). *final is 1 when the message
 * is the scanner's own verdict (nesting limit), 0 when libxml2 should be asked
 * for the diagnostic. */
const char *nl_xs_error(nl_xs *x, long *line, int *final);

/* As the nl_xml_* accessors. URIs are interned (equal URIs have equal
 * pointers) and valid until the scanner is freed; names and texts until the
 * next event; attribute values until the next nl_xs_attr() or nl_xs_next().
 * nl_xs_local() and nl_xs_chars() point into the input where they can (the
 * element's name always; a text that needs no decoding), without the
 * terminating NUL and so without the copy that nl_xs_name() and nl_xs_text()
 * make on their first call for an event. */
const char *nl_xs_name(nl_xs *x);
const char *nl_xs_local(const nl_xs *x, size_t *len);
const char *nl_xs_ns(const nl_xs *x);
const char *nl_xs_attr(nl_xs *x, const char *ns, const char *name);
const char *nl_xs_text(nl_xs *x, size_t *len);
const char *nl_xs_chars(const nl_xs *x, size_t *len);
long nl_xs_line(nl_xs *x);
int nl_xs_depth(const nl_xs *x);

/* nl_xml_skip() over the scanner: the element of the current START, its
 * content and its END read and checked as nl_xs_next() would, without
 * events. Returns NL_XML_END when it was skipped (the scanner then stands
 * as after that END), NL_XML_START when `keep` wanted an element inside (the
 * scanner went back to where it was; the START's attributes are gone), or
 * NL_XML_ERROR. Not after a START: nothing happens, NL_XML_START (or
 * NL_XML_ERROR after an error). */
nl_xml_event nl_xs_skip(nl_xs *x, nl_xml_keep keep, void *ud);

#endif
