/*
 * html.h — the HTML page writer shared by the audit report and the check
 * report (internal).
 */
#ifndef NL_REPORT_HTML_H
#define NL_REPORT_HTML_H

#include <stdio.h>
#include "normlint/report.h"

void nl_html_begin(FILE *f, const char *title);
void nl_html_end(FILE *f);
/* One document's review opinion (numbered `no`, anchored #dNO). */
/* One document's review opinion; `res` its findings (NULL: none). */
void nl_html_record(FILE *f, const nl_record *r, const nl_result *res, const nl_register *reg, long deadline,
                    size_t no);
nl_status nl_html_audit(FILE *f, const nl_record *recs, size_t n, const nl_register *reg, const nl_audit_stats *s);

#endif
