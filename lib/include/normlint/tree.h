/*
 * tree.h — writing what the model holds: the structure tree and metadata of
 * documents, as `normlint parse` shows them. One writer per format behind one
 * interface: "text" (indented, for people), "json" (one JSON array of
 * documents, for machines and golden tests) and "summary" (one tab-separated
 * line per document: path, type, style, article count, numbering verdict).
 */
#ifndef NORMLINT_TREE_H
#define NORMLINT_TREE_H

#include <stdio.h>
#include "core.h"
#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_tree_out nl_tree_out;

/* Open a writer of `format` on `f` (borrowed; not closed). NL_ERR_INVALID for
 * an unknown format, with the known ones named in the message. */
nl_status nl_tree_out_new(nl_tree_out **out, FILE *f, const char *format, nl_error *err);

/* Limit the text tree to `depth` levels below the document (0 = metadata
 * only, -1 = unlimited, the default). Other formats ignore it. */
void nl_tree_out_set_depth(nl_tree_out *o, int depth);

/* Write one document / one unreadable input. Returns NL_ERR_IO on a write error. */
nl_status nl_tree_out_doc(nl_tree_out *o, const nl_doc *doc);
nl_status nl_tree_out_error(nl_tree_out *o, const nl_error *e);

/* Write the closing part, flush, and free the writer (accepts NULL). */
nl_status nl_tree_out_finish(nl_tree_out *o);

/* Comma-separated names of the formats, for --help. */
const char *nl_tree_formats(void);


#ifdef __cplusplus
}
#endif
#endif
