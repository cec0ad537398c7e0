/*
 * annotate.h — giving the advisor the draft back: a copy of a DOCX with one
 * Word comment per finding, anchored on exactly the matched text, and (on
 * request) the mechanical fixes as tracked changes.
 *
 * Every part that does not change is copied as it is (compressed bytes and
 * all); word/document.xml, word/comments.xml and, when needed, the document's
 * relationships and [Content_Types].xml are rewritten. Comments of an earlier
 * run by the same author are recognised (author and initials "NL") and
 * replaced, so annotating twice does not duplicate them.
 */
#ifndef NORMLINT_ANNOTATE_H
#define NORMLINT_ANNOTATE_H

#include "core.h"
#include "load.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_annotate_opts {
    const char *author; /* comment and revision author; NULL: "normlint" */
    const char *date;   /* w:date, "2026-11-29T10:00:00Z"; NULL: now */
    int fix;            /* write the fixes of findings that have one as tracked changes */
} nl_annotate_opts;

typedef struct nl_annotate_stats {
    size_t comments;   /* comments written */
    size_t on_text;    /* of them anchored on the matched text (the others on a paragraph) */
    size_t fixes;      /* tracked changes written */
    size_t replaced;   /* comments of an earlier run removed */
} nl_annotate_stats;

/* Check the DOCX data[0..len) (named `path` in messages) with the rules and
 * write the annotated copy to *out (malloc'd, *outlen bytes). *res receives
 * the findings (free with nl_result_free). Suppressed findings get no
 * comment. NL_ERR_UNSUPPORTED when data is not a DOCX; load errors as
 * nl_load_memory gives them. */
nl_status nl_annotate_docx(const unsigned char *data, size_t len, const char *path, const nl_ruleset *rs,
                           nl_matcher *m, const nl_check_opts *copts, const nl_load_opts *lopts,
                           const nl_annotate_opts *opts, unsigned char **out, size_t *outlen, nl_result **res,
                           nl_annotate_stats *stats, nl_error *err);

#ifdef __cplusplus
}
#endif
#endif
