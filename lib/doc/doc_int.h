/*
 * doc_int.h — the layout of nl_doc, shared by the model (doc.c), the
 * structure recogniser (structure.c) and type inference (doctype.c).
 * Nothing outside lib/doc/ includes it.
 */
#ifndef NL_DOC_INT_H
#define NL_DOC_INT_H

#include "core/arena.h"
#include "normlint/doc.h"

/* A document or enclosed-document node together with its metadata; the node
 * comes first so that a node pointer of those kinds converts back. */
typedef struct nl_docpart {
    nl_node node;
    nl_meta meta;
} nl_docpart;

struct nl_doc {
    char *path;
    char *format;
    char *props[NL_PROP_COUNT]; /* source metadata (DOCX core properties, ...), NULL when absent */
    const char *encoding;
    const char *eol;
    char *text;
    size_t len, cap;
    nl_line *lines;
    size_t nlines, lines_cap;
    char **parts;
    uint32_t nparts;
    nl_arena arena;
    nl_docpart *root;
};

/* New node of `kind` in the document's arena, zeroed, number -1. NULL on OOM. */
nl_node *nl_doc_node_new(nl_doc *doc, nl_node_kind kind);

/* New document/enclosed part (node + meta). NULL on OOM. */
nl_docpart *nl_doc_part_new(nl_doc *doc, nl_node_kind kind);

/* Append `child` as the last child of `parent`. */
void nl_node_append(nl_node *parent, nl_node *child);

/* Infer the type of a part from its metadata and header; fills meta->type and
 * meta->type_reason. `order_header` is 1 when the part opened with a 令 header,
 * `enclosing` the outer part's metadata when this part is enclosed (else NULL). */
void nl_doctype_infer(const nl_doc *doc, nl_meta *meta, int order_header, const nl_meta *enclosing,
                      const nl_meta *enclosed);

/* End of a title once a trailing （试行）/（2018年修正）/（征求意见稿） is removed:
 * the title proper is text[a, returned). */
size_t nl_title_core_end(const char *text, size_t a, size_t b);

#endif
