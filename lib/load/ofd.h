/*
 * ofd.h — the OFD loader's two halves (internal): ofd.c finds the documents
 * and their pages in the package; ofdpage.c reads one page's content into
 * runs of text for the layout (layout.h).
 */
#ifndef NL_LOAD_OFD_H
#define NL_LOAD_OFD_H

#include <stddef.h>

#include "load/layout.h"

/* The OFD namespace of GB/T 33190-2016. Producers also write others (an
   older "http://www.ofdspec.org", none at all), so the loader matches
   elements by local name and never by namespace. */
#define NL_OFD_NS "http://www.ofdspec.org/2016"

/* A box "x y w h" (ST_Box). 1 if s holds four finite numbers. */
int nl_ofd_box(const char *s, double box[4]);

/* Read the page content `part` (xml[0..len), from the file `path`) and add
   the runs of its text objects to the layout; nothing is placed yet.
   *height is set to the height of the page's own PhysicalBox when it has one
   (left alone otherwise). `depth` is the XML nesting limit (0: default).
   The failures are those of the XML reader (malformed, too deep) and
   NL_ERR_NOMEM. */
nl_status nl_ofd_read_page(nl_layout *l, const char *path, const char *part, const char *xml, size_t len, int depth,
                           double *height, nl_error *err);

#endif
