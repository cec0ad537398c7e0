/*
 * layout.h — text placed on pages, read back as lines and paragraphs
 * (internal).
 *
 * A fixed-layout format (OFD) says where each glyph is drawn, never where a
 * line or a paragraph ends. Its loader hands every page's runs of glyphs to
 * a layout, page by page, and the layout appends the paragraphs it rebuilds
 * to the document (one model line each), with the page and the printed line
 * of every stretch of text (nl_doc_add_page_mark). layout.c explains the
 * heuristics and their thresholds.
 *
 * Lengths are in any unit (OFD: millimetres), the same for every run of a
 * layout; y grows downwards (the baseline of a lower line is larger).
 */
#ifndef NL_LOAD_LAYOUT_H
#define NL_LOAD_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "normlint/doc.h"

typedef struct nl_layout nl_layout;

/* A run: glyphs drawn left to right on one baseline, with no large gap. */
typedef struct nl_run {
    double x0;   /* left edge of the first glyph */
    double x1;   /* right edge of the last glyph (estimated by the loader) */
    double y;    /* the baseline */
    double size; /* the font size: one em */
} nl_run;

/* A layout appending to `doc` (borrowed), its lines under source part
 * `part`. NL_ERR_NOMEM only. */
nl_status nl_layout_new(nl_layout **out, nl_doc *doc, uint32_t part);
void nl_layout_free(nl_layout *l);

/* Add a run to the current page: text[0..len) is valid UTF-8 (copied; line
 * breaks and other control characters become spaces). A run with a
 * coordinate that is not finite, or a size that is not positive, is left
 * out. NL_ERR_NOMEM only. */
nl_status nl_layout_add(nl_layout *l, const nl_run *r, const char *text, size_t len);

/* The current page is complete: place its runs into lines and paragraphs
 * and append the paragraphs it finishes. The last one stays open, since it
 * may continue on the next page. `height` is the page's height (0: not
 * known), which tells the top and the bottom of the page where page numbers
 * stand. Pages are numbered from 1 in the order they end. NL_ERR_NOMEM only. */
nl_status nl_layout_end_page(nl_layout *l, double height);

/* Close the open paragraph (the end of a document: nothing continues it),
 * then take the lines that follow under source part `part`. NL_ERR_NOMEM only. */
nl_status nl_layout_flush(nl_layout *l, uint32_t part);

/* Pages ended so far. */
uint32_t nl_layout_pages(const nl_layout *l);

/* 1 if text[0..len) (a whole printed line) is a page number: 3, -3-, — 3 —,
 * 第3页, 第3页 共5页, 3/5, Page 3 of 5 (spaces and full-width digits allowed). */
int nl_layout_is_page_number(const char *text, size_t len);

#endif
