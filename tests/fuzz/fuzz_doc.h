/*
 * fuzz_doc.h — what every fuzz target that ends in a document checks about
 * it: lines and nodes lie inside the text, a paged source's page and line
 * of each line count from 1, and the position, node and legal address of
 * each node's first and last byte can be asked for. A broken
 * invariant aborts, which libFuzzer and the replay driver report as a crash.
 * Header-only, because each target is one translation unit.
 */
#ifndef NL_FUZZ_DOC_H
#define NL_FUZZ_DOC_H

#include <stdlib.h>

#include "normlint/doc.h"

static inline void fuzz_check_span(const nl_doc *doc, nl_span s)
{
    if (s.start > s.end || s.end > nl_doc_len(doc))
        abort();
}

static inline void fuzz_check_doc(const nl_doc *doc)
{
    size_t len = nl_doc_len(doc), nlines = nl_doc_line_count(doc);
    if (nl_doc_text(doc)[len] != '\0')
        abort();
    for (size_t i = 0; i < nlines; i++) {
        const nl_line *l = nl_doc_line(doc, i);
        if (!l || l->start > l->end || l->end > len)
            abort();
        (void)nl_doc_part_name(doc, l->part);
        size_t page, pline; /* a paged source's locators count from 1 */
        if (nl_doc_page_at(doc, l->start, &page, &pline) && (page < 1 || pline < 1))
            abort();
    }
    const nl_meta *m = nl_doc_meta(doc);
    if (m) {
        fuzz_check_span(doc, m->title);
        fuzz_check_span(doc, m->docnum.span);
        fuzz_check_span(doc, m->recipient);
        fuzz_check_span(doc, m->effective_clause);
        fuzz_check_span(doc, m->validity_clause);
    }
    char addr[512];
    for (const nl_node *n = nl_doc_root(doc); n; n = nl_node_next_preorder(n)) {
        fuzz_check_span(doc, n->span);
        fuzz_check_span(doc, n->label);
        fuzz_check_span(doc, n->heading);
        if (n->first_line > n->last_line || (nlines && n->last_line >= nlines))
            abort();
        if ((unsigned)n->kind >= NL_NODE_KIND_COUNT)
            abort();
        const size_t ends[2] = {n->span.start, n->span.end};
        for (int k = 0; k < 2; k++) {
            nl_pos p = nl_doc_position(doc, ends[k]);
            if (p.line < 1 || p.column < 1)
                abort();
            if (!nl_doc_node_at(doc, ends[k]))
                abort();
            if (nl_doc_address(doc, ends[k], addr, sizeof addr) >= sizeof addr)
                abort();
        }
        (void)nl_doc_node_meta(doc, n);
    }
    for (size_t i = 0; i < nl_doc_directive_count(doc); i++)
        fuzz_check_span(doc, nl_doc_directive(doc, i)->span);
}

#endif
