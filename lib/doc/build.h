/*
 * build.h — how loaders build a document (internal).
 *
 * A loader creates an empty document, appends its lines (UTF-8 without the
 * line terminator, each with its source locator), sets the encoding and
 * end-of-line description, and finishes it. The structure is recognised later
 * by nl_doc_recognise().
 */
#ifndef NL_DOC_BUILD_H
#define NL_DOC_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include "normlint/doc.h"

/* New empty document. `path` and `format` are copied. */
nl_status nl_doc_new(nl_doc **out, const char *path, const char *format, nl_error *err);

/* Register a source part name (e.g. "word/document.xml"); part 0 is "" and
 * exists from the start. Stores the index in *idx. */
nl_status nl_doc_add_part(nl_doc *doc, const char *name, uint32_t *idx);

/* Append one line (must be valid UTF-8 without "\n"; the caller guarantees it). */
nl_status nl_doc_append_line(nl_doc *doc, const char *utf8, size_t len, uint32_t part,
                             uint32_t ordinal);
/* The lines appended from now on are footnotes and endnotes, not body text:
 * the recogniser makes each a note of its own (脚注). */
void nl_doc_begin_notes(nl_doc *doc);
/* A table row begins (nested tables: inside the open one) or ends: the lines
 * appended in between are its cells' paragraphs (nl_line.row). */
void nl_doc_begin_row(nl_doc *doc);
void nl_doc_end_row(nl_doc *doc);
/* Append valid UTF-8 (without "\n") to the end of the last line, which keeps
 * its locator: a paragraph joined to the one before (its mark deleted by a
 * tracked change). With no line yet, the same as nl_doc_append_line with
 * part 0 and ordinal 1. */
nl_status nl_doc_extend_line(nl_doc *doc, const char *utf8, size_t len);

/* A paged source (OFD, PDF): the text of the line appended last, from byte `at`
 * of it on, stands on page `page` at line `line` of it (both 1-based), up to
 * the next mark. Marks come in text order. NL_ERR_NOMEM only. */
nl_status nl_doc_add_page_mark(nl_doc *doc, size_t at, uint32_t page, uint32_t line);

/* Split valid UTF-8 text on "\r\n", "\r" and "\n" and append each line with
 * part 0 and ordinals 1, 2, …; records the end-of-line style found
 * ("LF", "CRLF", "CR", "mixed" or "none"). A final line terminator does not
 * produce an extra empty line. */
nl_status nl_doc_append_text(nl_doc *doc, const char *utf8, size_t len);

/* Directives (doc.h). `comment` is the text of a comment with the format's
 * comment syntax removed ("normlint-disable power.fee 理由"). If it is a
 * directive, *taken is set to 1 and the directive is recorded: it applies to
 * the lines appended after it (nl_doc_add_comment), or to the byte range
 * [start, end) of the text (nl_doc_add_range_comment, for DOCX comments,
 * `line` being the paragraph ordinal). Anything else is left alone. Text files
 * need no call: nl_doc_append_text takes `#` and `//` directive lines itself
 * (each becomes an empty line, so line numbers stay true). */
nl_status nl_doc_add_comment(nl_doc *doc, const char *comment, size_t len, size_t line, int *taken);
nl_status nl_doc_add_range_comment(nl_doc *doc, const char *comment, size_t len, size_t start, size_t end,
                                   size_t line, int *taken);

/* Record a metadata property (copied, trimmed; empty or invalid UTF-8 is
 * ignored). NL_ERR_NOMEM only. */
nl_status nl_doc_set_property(nl_doc *doc, nl_prop p, const char *utf8, size_t len);

/* The format the document is said to have (nl_doc_format): a loader that
 * reads a file through another one's (a legacy .doc converted to DOCX) says
 * what the file was. NL_ERR_NOMEM only. */
nl_status nl_doc_set_format(nl_doc *doc, const char *format);
/* Static strings describing the source. */
void nl_doc_set_encoding(nl_doc *doc, const char *encoding);
void nl_doc_set_eol(nl_doc *doc, const char *eol);

#endif
