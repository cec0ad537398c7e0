/*
 * prefilter.h — which patterns can match in a document, from one scan
 * (internal; Hyperscan in prefilter mode when the build has it, else
 * nothing: nl_prefilter_new returns NULL and every pattern is searched).
 */
#ifndef NL_RULES_PREFILTER_H
#define NL_RULES_PREFILTER_H

#include <stddef.h>
#include "normlint/core.h"

typedef struct nl_prefilter nl_prefilter;
typedef struct nl_prefilter_scratch nl_prefilter_scratch;

/* Filters src[0..n) (local patterns, nl_pat_filter; NULL entries are left
 * out) with ids 0..n-1; types[i] is the set of document types (bit
 * 1u << nl_doctype) whose checks may ask about filter i: a document is
 * scanned only for the filters of its type. NULL when there is no prefilter
 * (no Hyperscan, an unsupported CPU) or out of memory. The databases are
 * loaded or built when first needed, through the cache folder cache_dir
 * (NULL: none); with cached_only a database the cache lacks is not built
 * (its filters then always "may match"). The sources are copied. */
nl_prefilter *nl_prefilter_new(const char *const *src, const unsigned *types, size_t n, const char *cache_dir,
                               int cached_only);
void nl_prefilter_free(nl_prefilter *pf);
size_t nl_prefilter_count(const nl_prefilter *pf);

/* Per-thread scan state. */
nl_prefilter_scratch *nl_prefilter_scratch_new(const nl_prefilter *pf);
void nl_prefilter_scratch_free(nl_prefilter_scratch *s);

/* present[i] (n bytes) = 1 when filter i may match somewhere in text (or
 * was left out of its database, or is not asked about by documents of
 * `types`), 2 when it may match only inside the segments that
 * nl_prefilter_segments lists, 0 when it cannot. `types`: the document's
 * type as a bit (1u << nl_doctype), every bit for a document of unknown
 * type. The scratch keeps what the scan found (for nl_prefilter_segments)
 * while text lives. -1 on a scan error (then nothing is known). */
int nl_prefilter_scan(const nl_prefilter *pf, nl_prefilter_scratch *s, unsigned types, const char *text, size_t len,
                      unsigned char *present);

/* After a scan that set present[id] to 2: the stretches of the text
 * between two 。/； (or its ends) in which alone filter id may match, as
 * bounds[2j] .. bounds[2j + 1] (byte offsets, increasing, distinct); every
 * match of the filter lies inside one of them. Returns their number; -1
 * when that is not known (then the filter may match anywhere). bounds is
 * borrowed from s until its next use. */
long nl_prefilter_segments(const nl_prefilter *pf, nl_prefilter_scratch *s, size_t id, const size_t **bounds);

#endif
