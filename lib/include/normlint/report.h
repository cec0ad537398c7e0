/*
 * report.h — writing findings. One reporter per format behind one interface,
 * chosen by name from a registry ("text", "json"; more formats are new rows).
 *
 * A reporter receives the inputs of a run in order — each one either checked
 * (the document and its findings) or unreadable (the load error) — and then
 * finishes with the run's summary. Reporters only format: they never load,
 * match or decide exit codes.
 */
#ifndef NORMLINT_REPORT_H
#define NORMLINT_REPORT_H

#include <stdio.h>
#include "core.h"
#include "doc.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nl_report_opts {
    int color; /* 1: ANSI colours (the caller decides: TTY, NO_COLOR, --color) */
    int quiet; /* 1: only the finding lines, no excerpt, 依据/建议 or summary (text) */
    const nl_ruleset *rules; /* the loaded rules (sarif lists them all); may be NULL */
    int show_suppressed;     /* text: also list the findings set aside (suppressed, baselined) */
    int fail_on_set;         /* 1: fail_on is given; else findings at error fail the run */
    nl_severity fail_on;     /* findings at or above it fail the run (--fail-on): JUnit lists them as
                                failures, GitHub as ::error annotations, the others as passed */
} nl_report_opts;

typedef struct nl_report nl_report;

/* Open a reporter of `format` writing to `f` (borrowed, not closed).
 * NL_ERR_INVALID for an unknown format, naming the known ones. */
nl_status nl_report_new(nl_report **out, const char *format, FILE *f, const nl_report_opts *opts, nl_error *err);

/* One checked document and its findings (in result order). */
nl_status nl_report_doc(nl_report *r, const nl_doc *doc, const nl_result *res);

/* One input that could not be read; `e->path` names it, `e->message` says why. */
nl_status nl_report_unreadable(nl_report *r, const nl_error *e);

/* Why an input was deliberately not checked. */
typedef enum nl_skip {
    NL_SKIP_IGNORED = 0, /* an ignore pattern of the project config matches it */
    NL_SKIP_NOT_DRAFT,   /* not a document to review (nl_doc_not_draft) */
    NL_SKIP_COUNT
} nl_skip;
const char *nl_skip_id(nl_skip why); /* "ignored", "not-reviewed" */

/* One input that was not checked, and why (`reason`: a Chinese sentence).
 * Every format lists it, so that no input passes without a word. */
nl_status nl_report_skipped(nl_report *r, const char *path, nl_skip why, const char *reason);

/* Write the summary and closing part, flush, and free the reporter (accepts
 * NULL). NL_ERR_IO if any write failed. */
nl_status nl_report_finish(nl_report *r);

/* Free the reporter without writing its closing part (a run that failed
 * before it could report anything). Accepts NULL. */
void nl_report_discard(nl_report *r);

/* Comma-separated names of the formats, for --help. */
const char *nl_report_formats(void);

/* The loaded rules as a JSON array (rules list --format json): id,
 * severity, kind, scope, enabled, title, message, basis, advice, applies_to,
 * file. NL_ERR_IO when a write fails. */
nl_status nl_rules_write_json(FILE *f, const nl_ruleset *rs);

/* ---- baselines (--baseline, --write-baseline) ----
 * A baseline records findings to accept for now: per document path, the rule,
 * the fingerprint (rule + legal address + matched text) and the matched text.
 * Applying it sets aside (NL_SUPPRESS_BASELINE) the findings it holds: first
 * those with the same fingerprint, then, among the rest, those with the same
 * rule and matched text (the same defect, now under another address because
 * articles or clauses were renumbered). Each recorded finding accepts at most
 * one finding, so a second copy of a baselined defect is still reported, and
 * line numbers never matter. */
typedef struct nl_baseline nl_baseline;
/* Document paths are keyed relative to `root` (a folder; the caller picks the
 * top of the git work tree the baseline file is in, else the file's folder),
 * so a baseline matches from any working directory, with absolute paths and
 * with the paths --staged names; a relative document path starts from `base`
 * (NULL: the current directory). */
nl_status nl_baseline_new(nl_baseline **out, const char *root, const char *base);
/* Read a baseline file written by nl_baseline_write (NL_ERR_PARSE names the
 * file and the reason, NL_ERR_IO when it cannot be read); root and base as for
 * nl_baseline_new (a version 1 file's paths, written as typed, start from base). */
nl_status nl_baseline_load(nl_baseline **out, const char *path, const char *root, const char *base,
                           nl_error *err);
void nl_baseline_free(nl_baseline *b);
size_t nl_baseline_count(const nl_baseline *b);
/* Record the reported findings of a document. */
nl_status nl_baseline_add(nl_baseline *b, const nl_doc *doc, const nl_result *res);
/* Write it as JSON (entries by path in the order added, then document order). */
nl_status nl_baseline_write(const nl_baseline *b, FILE *f);
/* Set aside the findings of `res` (for `doc`) that the baseline holds. */
nl_status nl_baseline_apply(nl_baseline *b, const nl_doc *doc, nl_result *res);

/* ---- audit reports (audit.h): review, json, jsonl ---- */
#include "audit.h"
/* 1 if `name` is an audit format; *streams set when it writes each record as
 * it is done (jsonl: call nl_audit_jsonl_record in input order). */
int nl_audit_format_known(const char *name, int *streams);
const char *nl_audit_formats(void);
nl_status nl_audit_jsonl_record(FILE *f, const nl_record *r, const nl_register *reg);
/* What a jsonl output says of its run, on its first line: shard K of N
 * (1 of 1 for an unsharded run), the inputs of the whole run before
 * sharding, and the run's identity (normlint version, rule set, profile and
 * the options that change findings), which merge compares. */
typedef struct nl_shard_info {
    int present; /* 0: the output has no such line (an older normlint) */
    unsigned k, n;
    size_t inputs;
    char run[512];
} nl_shard_info;
nl_status nl_audit_jsonl_header(FILE *f, const nl_shard_info *info);
/* Read the records of a jsonl output (a shard, at most 1 GiB) back, appending
 * to *recs (records read before an error stay there, for the caller to clear);
 * findings are resolved against the loaded rules. NL_ERR_PARSE names the line. */
nl_status nl_audit_read_jsonl(const char *path, const nl_ruleset *rs, nl_record **recs, size_t *n,
                              nl_shard_info *info, nl_error *err);
/* The same for a shard output held in memory (`path` names it in messages). */
nl_status nl_audit_read_jsonl_memory(const char *path, const char *data, size_t len, const nl_ruleset *rs,
                                     nl_record **recs, size_t *n, nl_shard_info *info, nl_error *err);
/* Write the report (for a streaming format: the closing summary, records
 * already written when `streamed`). NL_ERR_IO on a write error. */
nl_status nl_audit_report(const char *format, FILE *f, const nl_record *recs, size_t n, const nl_register *reg,
                          const nl_audit_stats *s, int streamed);

#ifdef __cplusplus
}
#endif
#endif
