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

/* How nl_xml_open reads: XML (UTF-8 and DTD-free XML by the scanner of
 * xmlscan.h, anything else and every diagnostic by libxml2), HTML (libxml2's
 * HTML parser), or XML by libxml2 alone (tests compare the two). */
enum { NL_XML_XML = 0, NL_XML_HTML = 1, NL_XML_LIBXML2 = 2 };

/* Open a reader on data[0..len) (borrowed). `mode` is one of the above.
 * max_depth 0 means NL_XML_DEFAULT_DEPTH. `part` names the member in
 * messages ("word/document.xml"). */
nl_status nl_xml_open(nl_xml **out, const char *path, const char *part, const char *data, size_t len, int mode,
                      int max_depth, nl_error *err);
void nl_xml_free(nl_xml *x);

/* The next event. On NL_XML_ERROR, nl_xml_error() fills err. */
nl_xml_event nl_xml_next(nl_xml *x);
nl_status nl_xml_error(const nl_xml *x, nl_error *err);

/* For START/END: the element's local name and namespace URI ("" when none).
 * The name is valid until the next event; so is the text below. */
const char *nl_xml_name(const nl_xml *x);
const char *nl_xml_ns(const nl_xml *x);
/* The local name as *len bytes that need not be NUL-terminated: for a loader
 * that looks at every element, spared the copy nl_xml_name() makes. */
const char *nl_xml_local(const nl_xml *x, size_t *len);
/* For START: an attribute's value by namespace URI (NULL: no namespace) and
 * local name, or NULL. Valid until the next nl_xml_next(). */
const char *nl_xml_attr(nl_xml *x, const char *ns, const char *name);
/* For TEXT and COMMENT: the text (UTF-8, NUL-terminated) and its length. */
const char *nl_xml_text(const nl_xml *x, size_t *len);
/* The same *len bytes, not necessarily NUL-terminated: the scanner hands out
 * a text that needs no decoding where it is in the input, without a copy. */
const char *nl_xml_chars(const nl_xml *x, size_t *len);
/* Line of the current node in the source (1-based, 0 if unknown) and depth. */
long nl_xml_line(const nl_xml *x);
int nl_xml_depth(const nl_xml *x);

/* Asked by nl_xml_skip() about the elements inside the skipped one: its
 * namespace URI (as nl_xml_ns()) and local name name[0..len) (not
 * NUL-terminated). Nonzero: the caller wants its events. The answer must
 * depend on these arguments alone: the reader may ask once for many
 * elements of the same name. */
typedef int (*nl_xml_keep)(void *ud, const char *ns, const char *name, size_t len);

/* Right after NL_XML_START: the element's content and its END consumed
 * without events, for a loader that has no use for them. Everything is
 * checked as reading the events would check it (a subtree that
 * nl_xml_next() would refuse fails here, with the same nl_xml_error()), so
 * skipping changes no verdict, only the cost: the scanner reads a skipped
 * element without handing out names, texts or lines.
 * Returns NL_XML_END when the element was skipped: the reader stands as
 * after its END event (depth, next event), though the accessors tell
 * nothing more about it. When `keep` (NULL: none) returns nonzero for an
 * element inside, nothing is skipped: the reader goes back to where it was
 * and NL_XML_START is returned, the caller reads the events as usual (only
 * the START's attributes are no longer at hand: read them first). libxml2,
 * which cannot go back, skips only without `keep`. NL_XML_ERROR: malformed
 * (or out of memory), as nl_xml_next(). Anywhere but right after a START
 * nothing is skipped (NL_XML_START; NL_XML_ERROR after an error). */
nl_xml_event nl_xml_skip(nl_xml *x, nl_xml_keep keep, void *ud);

/* ---- trees: parts that are rewritten (annotate) ----
 * A part parsed into a tree, walked with the same pull reader (nl_xml_open_tree;
 * nl_xml_node gives the node of the current event) and edited through the
 * node calls below, then serialised. Nodes are borrowed from their tree. */
typedef struct nl_xtree nl_xtree;
typedef struct nl_xnode nl_xnode;

nl_status nl_xtree_parse(nl_xtree **out, const char *path, const char *part, const char *data, size_t len,
                         nl_error *err);
void nl_xtree_free(nl_xtree *t);
/* The tree as UTF-8 XML with its declaration (caller frees *out). */
nl_status nl_xtree_dump(nl_xtree *t, char **out, size_t *len);
nl_xnode *nl_xtree_root(nl_xtree *t);
nl_status nl_xml_open_tree(nl_xml **out, nl_xtree *t, const char *path, const char *part, int max_depth,
                           nl_error *err);
nl_xnode *nl_xml_node(const nl_xml *x);

nl_xnode *nl_xnode_parent(const nl_xnode *n);
nl_xnode *nl_xnode_first(const nl_xnode *n); /* first child */
nl_xnode *nl_xnode_next(const nl_xnode *n);
nl_xnode *nl_xnode_prev(const nl_xnode *n);
int nl_xnode_is_element(const nl_xnode *n);
/* 1 if an element of namespace `ns` named `name` */
int nl_xnode_is(const nl_xnode *n, const char *ns, const char *name);
const char *nl_xnode_name(const nl_xnode *n); /* local name ("" for text) */
/* Attribute value (ns NULL: no namespace), malloc'd (free it), NULL when absent. */
char *nl_xnode_attr(const nl_xnode *n, const char *ns, const char *name);
/* Set an attribute in the namespace of element `n` itself (w:id on a w:
 * element), or without one when `own_ns` is 0. -1 on OOM. */
int nl_xnode_set_attr(nl_xnode *n, int own_ns, const char *name, const char *value);
/* Text of a text node (borrowed, UTF-8) and its replacement. */
const char *nl_xnode_text(const nl_xnode *n);
int nl_xnode_set_text(nl_xnode *n, const char *s, size_t len);
/* New nodes: an element in the namespace of `like` (an element), a text node. */
nl_xnode *nl_xnode_new(nl_xtree *t, const nl_xnode *like, const char *name);
nl_xnode *nl_xnode_new_text(nl_xtree *t, const char *s, size_t len);
nl_xnode *nl_xnode_copy(const nl_xnode *n); /* deep */
nl_xnode *nl_xnode_copy_shell(const nl_xnode *n); /* the element and its attributes, no children */
void nl_xnode_rename(nl_xnode *n, const char *name);
void nl_xnode_insert_before(nl_xnode *ref, nl_xnode *n);
void nl_xnode_insert_after(nl_xnode *ref, nl_xnode *n);
void nl_xnode_append(nl_xnode *parent, nl_xnode *n);
void nl_xnode_remove(nl_xnode *n); /* unlink and free, with its children */
void nl_xnode_unlink(nl_xnode *n); /* take out of the tree (to insert elsewhere) */

#endif
