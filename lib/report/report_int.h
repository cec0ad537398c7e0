/*
 * report_int.h — the reporter interface (internal). Each findings format is
 * one file holding one nl_report_vt; report.c lists them in its registry and
 * keeps the run's counts that every format's summary needs.
 */
#ifndef NL_REPORT_REPORT_INT_H
#define NL_REPORT_REPORT_INT_H

#include "normlint/report.h"

typedef struct nl_report_vt {
    const char *name;
    nl_status (*begin)(nl_report *r);
    nl_status (*doc)(nl_report *r, const nl_doc *doc, const nl_result *res);
    nl_status (*unreadable)(nl_report *r, const nl_error *e);
    nl_status (*skipped)(nl_report *r, const char *path, nl_skip why, const char *reason);
    nl_status (*end)(nl_report *r);
    void (*free_state)(nl_report *r);
} nl_report_vt;

struct nl_report {
    FILE *f;
    const nl_report_vt *vt;
    nl_report_opts opts;
    size_t documents, checked, unreadable;
    size_t skipped[NL_SKIP_COUNT];
    size_t findings[3]; /* by nl_severity */
    size_t failing;     /* findings at or above the fail-on severity */
    size_t suppressed;  /* set aside by normlint-disable directives */
    size_t baselined;   /* set aside by the baseline */
    void *state;        /* the format's own */
};

/* The severity at and above which a finding fails the run. */
nl_severity nl_report_fail_on(const nl_report *r);
/* 1 if the finding fails the run: at or above fail-on, and not fixed by --fix. */
int nl_report_fails(const nl_report *r, const nl_finding *fd);

extern const nl_report_vt nl_report_text;
extern const nl_report_vt nl_report_json;
extern const nl_report_vt nl_report_html;
extern const nl_report_vt nl_report_sarif;
extern const nl_report_vt nl_report_github;
extern const nl_report_vt nl_report_junit;

#endif
