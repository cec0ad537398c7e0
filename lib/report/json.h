/*
 * json.h — JSON (internal): the one writer of every JSON and JSONL output
 * (nl_jw, streaming), and a reader of JSON texts (a merged shard, a
 * baseline), jansson behind a small interface so that its header stays in
 * lib/report/json.c. Output is byte-for-byte reproducible (golden files
 * depend on it).
 */
#ifndef NL_REPORT_JSON_H
#define NL_REPORT_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "normlint/core.h"

typedef struct nl_json nl_json;

void nl_json_free(nl_json *v);

/* ---- the streaming writer: every JSON and JSONL output goes through it ----
 *
 * Values are written as they are given (with an indent: one member or
 * element per line, "key": value, empty containers as {} and []; indent 0:
 * compact, one line). Strings escape ", \ and the
 * control characters, and a byte that is not UTF-8 becomes U+FFFD (the one
 * place the reports do this, nl_utf8_fit), so no value is ever dropped.
 * Calls never fail loudly: the first write error or allocation failure is
 * kept, later calls do nothing, and nl_jw_status says which. Text is
 * buffered and written out once 64 KiB are pending (checked as a value
 * ends), and by nl_jw_flush and nl_jw_finish.
 */
#define NL_JW_MAX_DEPTH 32
typedef struct nl_jw {
    FILE *f;
    int indent;
    int base;                                /* the depth of the outermost value */
    int depth;                               /* containers open */
    unsigned char kind[NL_JW_MAX_DEPTH];     /* '{' or '[' */
    unsigned char items[NL_JW_MAX_DEPTH];    /* has the container a member yet */
    int keyed;                               /* a key was written, its value is next */
    nl_status st;                            /* NL_OK, or the first failure */
    char *buf;                               /* pending output */
    size_t n, cap;
} nl_jw;

/* A writer to f: indent spaces per level (0: compact); the value written
   is laid out as if `depth` levels deep in an indented document. With f
   NULL the text stays in memory (for nl_jw_splice; flushing keeps it). */
void nl_jw_init(nl_jw *w, FILE *f, int indent, int depth);
void nl_jw_object(nl_jw *w);
void nl_jw_array(nl_jw *w);
void nl_jw_end(nl_jw *w); /* closes the innermost object or array */
/* The key of the next member (an ASCII constant). */
void nl_jw_key(nl_jw *w, const char *key);
void nl_jw_text(nl_jw *w, const char *s, size_t n);
void nl_jw_ctext(nl_jw *w, const char *s); /* NULL gives null */
void nl_jw_int(nl_jw *w, long long v);
void nl_jw_bool(nl_jw *w, int v);
void nl_jw_null(nl_jw *w);
/* A value read with nl_json_parse (a merged shard, a baseline). */
void nl_jw_value(nl_jw *w, const nl_json *v);
/* Raw bytes written as they are (a newline between JSONL records). */
void nl_jw_raw(nl_jw *w, const char *s, size_t n);
/* The text another writer made (in memory: nl_jw_init with f NULL, laid
   out for this place) as the next value. */
void nl_jw_splice(nl_jw *w, const nl_jw *part);
/* Members in one call: key and value. */
void nl_jw_kv_text(nl_jw *w, const char *key, const char *s); /* NULL gives null */
void nl_jw_kv_int(nl_jw *w, const char *key, long long v);
void nl_jw_kv_bool(nl_jw *w, const char *key, int v);
/* Write out what is buffered; returns nl_jw_status. */
nl_status nl_jw_flush(nl_jw *w);
/* NL_OK, NL_ERR_IO after a failed write, NL_ERR_NOMEM. */
nl_status nl_jw_status(const nl_jw *w);
/* Flush and free the buffer; returns the status. */
nl_status nl_jw_finish(nl_jw *w);

/* The members every JSON report gives a finding first, in this order: rule,
   severity, message, line, column, end_line, end_column, address, excerpt
   (findings_json.c; the audit's records share them). */
struct nl_finding;
void nl_jw_finding_head(nl_jw *w, const struct nl_finding *fd);
/* "key": {"error": N, "warning": N, "info": N} of counts indexed by nl_severity. */
void nl_jw_severity_counts(nl_jw *w, const char *key, const size_t counts[3]);

/* Reading: parse one JSON text (NULL on error, with the reason in errbuf);
 * accessors return NULL / 0 when the value is absent or of another type. */
nl_json *nl_json_parse(const char *text, size_t len, char *errbuf, size_t errsize);
const nl_json *nl_json_get(const nl_json *obj, const char *key);
const char *nl_json_string(const nl_json *v);
int nl_json_integer(const nl_json *v, long long *out);
size_t nl_json_size(const nl_json *arr);
const nl_json *nl_json_at(const nl_json *arr, size_t i);

#endif
