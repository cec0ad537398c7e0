/*
 * pdf.h — reading what pdftotext says about a PDF (internal).
 *
 * The PDF loader (pdf.c) runs poppler's pdftotext as a separate program and
 * reads its `-bbox` output: XHTML listing, page by page, every word with its
 * box in points (origin at the top left). Two stages turn that into the
 * model, and both see only that text, never the PDF, so the fuzz target
 * `pdf` exercises them directly:
 *   pdfwords.c   the XHTML into pages of physical lines: words grouped by
 *                their height on the page, ordered left to right, and
 *                joined with a space only where a space was (CJK glyphs set
 *                apart by layout are joined without one);
 *   pdflayout.c  the lines into paragraphs: running headers, footers and
 *                page numbers dropped, a line that runs to the right margin
 *                continued by the next (also across a page break) unless the
 *                next one is indented, labelled (第五条, （一）, 一、) or set
 *                in another size, and each paragraph located by the page and
 *                the line on that page where it starts.
 */
#ifndef NL_LOAD_PDF_H
#define NL_LOAD_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"
#include "normlint/load.h"

/* One physical line of a page: its box, the height of its tallest word
 * (the font size, more or less), its text in the pages' buffer, and where
 * it stands: page and line on the page, both 1-based. */
typedef struct nl_pdf_line {
    double x0, y0, x1, y1, h;
    double lead; /* width of the Latin letters or digits it opens with (0: it opens with CJK) */
    size_t off, len;
    uint32_t page, no;
    int drop; /* page furniture: a running header or footer, a page number */
} nl_pdf_line;

typedef struct nl_pdf_page {
    double width, height;
    size_t first, n; /* its lines: lines[first .. first + n) */
} nl_pdf_page;

/* The pages of a PDF as lines. `cjk_advance` is the typical advance of a
 * CJK character, in points (the median over the words set in CJK alone),
 * 0 when the text has none. */
typedef struct nl_pdf_pages {
    nl_pdf_page *page;
    size_t npages, pages_cap;
    nl_pdf_line *line;
    size_t nlines, lines_cap;
    nl_buf text;
    double cjk_advance;
    /* what the XHTML head says about the file (pdftotext's -htmlmeta), NUL-terminated, "" when absent */
    char title[256], author[128], created[64], modified[64];
} nl_pdf_pages;

/* Parse pdftotext's -bbox XHTML in xhtml[0..len) into *pages (zeroed by the
 * caller; free with nl_pdf_pages_free even after a failure). The buffer is
 * changed in place: control characters and bytes that are not UTF-8 become
 * spaces, so that one bad glyph name does not make the whole file
 * unreadable. More than `max_pages` pages is NL_ERR_TOO_LARGE; XHTML that
 * is not well-formed, NL_ERR_PARSE; NL_ERR_NOMEM. */
nl_status nl_pdf_read_pages(nl_pdf_pages *pages, const char *path, char *xhtml, size_t len, size_t max_pages,
                            const nl_load_opts *opts, nl_error *err);
void nl_pdf_pages_free(nl_pdf_pages *pages);

/* Mark the page furniture of *pages and build the document from the other
 * lines, one paragraph a model line. NL_ERR_UNSUPPORTED ("no text layer:
 * needs OCR") when no text is left; NL_ERR_NOMEM. */
nl_status nl_pdf_layout(nl_doc **out, const char *path, nl_pdf_pages *pages, nl_error *err);

/* 1 for a character set full-width in Chinese text: CJK ideographs and
 * punctuation, full-width forms, and the quotes, dashes and ellipsis Chinese
 * text sets wide. No space is kept or put next to one. */
int nl_pdf_wide(uint32_t cp);

/* Both: what the loader does with pdftotext's output, and what the fuzz
 * target calls. The buffer is changed as nl_pdf_read_pages says. */
nl_status nl_pdf_build(nl_doc **out, const char *path, char *xhtml, size_t len, const nl_load_opts *opts,
                       nl_error *err);

/* The default limits of a PDF's conversion (--limit pdf-pages, pdf-output, pdf-seconds). */
#define NL_PDF_PAGES 5000
#define NL_PDF_OUTPUT ((size_t)256 << 20)
#define NL_PDF_SECONDS 60
/* The address space pdftotext may take (not a user limit: enough for any
 * real document, a bound for a hostile one). */
#define NL_PDF_MEMORY ((size_t)2 << 30)

#endif
