/*
 * doc_int.h — the layout of nl_doc, shared by the model (doc.c), the
 * structure recogniser (structure.c), type inference (doctype.c) and the
 * issuer's places (places.c). Nothing outside lib/doc/ includes it.
 */
#ifndef NL_DOC_INT_H
#define NL_DOC_INT_H

#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "normlint/doc.h"

/* ---- byte-range text helpers (s[0..n) need not be NUL-terminated) ---- */

static inline int nl_ends_with(const char *s, size_t n, const char *w, size_t k)
{
    return n >= k && memcmp(s + n - k, w, k) == 0;
}
static inline int nl_has_suffix(const char *s, size_t n, const char *p) { return nl_ends_with(s, n, p, strlen(p)); }
static inline int nl_has_prefix(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && memcmp(s, p, k) == 0;
}
static inline int nl_contains(const char *s, size_t n, const char *needle)
{
    return nl_find(s, n, needle, strlen(needle)) < n;
}

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
    size_t parts_cap;
    nl_arena arena;
    struct nl_page_mark *pages; /* paged sources: where each physical line of each page starts */
    size_t npages, pages_cap;
    nl_docpart *root;
    /* suppression directives; `first_line` is the model line a line-anchored
       one applies from (resolved into spans by nl_doc_resolve_directives) */
    struct nl_directive_slot *directives;
    size_t ndirectives, directives_cap;
    struct nl_node_index *index; /* for nl_doc_node_at; NULL: scan the tree */
    /* the GB/T 2260 codes the issuer's places resolve to (places.c); a name
       two divisions share leaves both */
    uint32_t issuer_div[8];
    size_t nissuer_div;
    size_t notes_from; /* the first line of footnotes and endnotes (nl_doc_begin_notes); 0: none */
    int has_notes;
    /* table rows while building: the open ones, innermost last */
    uint32_t rows, row_stack[16];
    int row_depth;
};

typedef struct nl_page_mark {
    size_t offset; /* in the text */
    uint32_t page, line;
} nl_page_mark;

/* Index the finished tree so that nl_doc_node_at() costs O(depth * log
 * children) instead of a scan of every sibling: without it, a document of
 * 100,000 articles with a finding in each takes minutes. Called once the
 * structure is recognised; a new node drops the index. On OOM there is
 * simply no index. */
void nl_doc_index_nodes(nl_doc *doc);

/* ---- GB/T 2260 divisions (divisions.c) ---- */

/* The codes of the divisions called s[0..n), in full (余杭区) or by short
   form (余杭); at most `max`, returns how many were written. */
size_t nl_divisions_named(const char *s, size_t n, uint32_t *codes, size_t max);
/* 1 when division `inner` lies in (or is) division `outer`. */
int nl_division_within(uint32_t inner, uint32_t outer);
/* The name of a code, NULL when the table has none. */
const char *nl_division_name(uint32_t code);
/* Resolve the issuer's places against the divisions (doc->issuer_div);
   called once the structure is recognised. */
void nl_doc_resolve_issuer_places(nl_doc *doc);

typedef struct nl_directive_slot {
    nl_directive d;
    size_t first_line; /* SIZE_MAX for a range (DOCX comment) */
    int enable;        /* a normlint-enable: closes earlier disables, covers nothing */
} nl_directive_slot;

/* Turn line-anchored directives into spans (nl_doc_recognise calls it). */
void nl_doc_resolve_directives(nl_doc *doc);

/* Called by nl_doc_append_text for each line: if it is a `#`/`//` directive,
 * record it (applying from the next line) and return 1. */
int nl_doc_text_directive(nl_doc *doc, const char *line, size_t len, size_t ordinal, nl_status *st);

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
