/*
 * findings_json.c — the JSON report: a stable contract for tools and tests
 * (documented in README.md, "JSON report"). Keys keep the order written here.
 *
 * Each document is written through the streaming writer (json.h) as soon as
 * it arrives, so memory holds one document's text, not the run's. The
 * opening part is written with the first input (or at the end), so a run that
 * fails before any input writes nothing but what finish writes; finish always
 * closes the document, so the output is valid JSON whenever it is called.
 *
 * Strings from outside the document text — paths, error messages, warnings —
 * may be bytes that are not UTF-8 (a GBK file name); they are written with
 * U+FFFD in place of each invalid byte rather than failing the report.
 */
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "report/json.h"
#include "report/report_int.h"

typedef struct jstate {
    nl_jw w;
    int started; /* the opening part is written */
    int had;     /* "documents" had an entry before this one */
} jstate;

static void jspan(nl_jw *w, const nl_doc *doc, nl_span sp)
{
    if (nl_span_empty(sp))
        nl_jw_null(w);
    else
        nl_jw_text(w, nl_doc_text(doc) + sp.start, nl_span_len(sp));
}

/* "text" → "txt"; others as the loader names them. */
static const char *format_id(const char *f) { return strcmp(f, "text") == 0 ? "txt" : f; }

static void lower(nl_jw *w, const char *s)
{
    char buf[64];
    size_t n = 0;
    for (; s[n] && n < sizeof buf - 1; n++)
        buf[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] - 'A' + 'a' : s[n]);
    buf[n] = '\0';
    nl_jw_ctext(w, buf);
}

/* The opening part, up to the "documents" array's bracket. */
static void start(jstate *s)
{
    if (s->started)
        return;
    s->started = 1;
    nl_jw_object(&s->w);
    nl_jw_key(&s->w, "tool");
    nl_jw_object(&s->w);
    nl_jw_kv_text(&s->w, "name", "normlint");
    nl_jw_kv_text(&s->w, "version", NL_VERSION);
    nl_jw_end(&s->w);
    nl_jw_key(&s->w, "documents");
    nl_jw_array(&s->w);
}

/* An entry of "documents" begins: the writer's place, to go back to when
   the entry fails. */
static void begin_entry(jstate *s)
{
    start(s);
    s->had = s->w.items[s->w.depth - 1];
    nl_jw_object(&s->w);
}

/* ... and ends: written out, so that memory holds one document's findings,
   not the run's. An entry that failed (out of memory) is dropped — but for
   what a very large one had already written out — and does not spoil the
   next: the writer's error is reported and cleared. */
static nl_status end_entry(jstate *s)
{
    nl_jw_end(&s->w);
    nl_status st = nl_jw_flush(&s->w);
    if (st != NL_OK) {
        s->w.st = NL_OK;
        s->w.depth = 2; /* inside "documents" again */
        s->w.keyed = 0;
        s->w.items[1] = (unsigned char)s->had;
    }
    return st;
}

static nl_status json_begin(nl_report *r)
{
    jstate *s = calloc(1, sizeof *s);
    if (!s)
        return NL_ERR_NOMEM;
    nl_jw_init(&s->w, r->f, 2, 0);
    r->state = s;
    return NL_OK;
}

void nl_jw_finding_head(nl_jw *w, const nl_finding *fd)
{
    nl_jw_kv_text(w, "rule", nl_rule_id(fd->rule));
    nl_jw_kv_text(w, "severity", nl_severity_name(fd->severity));
    nl_jw_kv_text(w, "message", fd->message);
    nl_jw_kv_int(w, "line", (long long)fd->start.line);
    nl_jw_kv_int(w, "column", (long long)fd->start.column);
    nl_jw_kv_int(w, "end_line", (long long)fd->end.line);
    nl_jw_kv_int(w, "end_column", (long long)fd->end.column);
    if (fd->page) {
        nl_jw_kv_int(w, "page", (long long)fd->page);
        nl_jw_kv_int(w, "page_line", (long long)fd->page_line);
    }
    nl_jw_kv_text(w, "address", fd->address);
    nl_jw_kv_text(w, "excerpt", fd->excerpt);
}

void nl_jw_severity_counts(nl_jw *w, const char *key, const size_t counts[3])
{
    nl_jw_key(w, key);
    nl_jw_object(w);
    nl_jw_kv_int(w, "error", (long long)counts[NL_SEV_ERROR]);
    nl_jw_kv_int(w, "warning", (long long)counts[NL_SEV_WARNING]);
    nl_jw_kv_int(w, "info", (long long)counts[NL_SEV_INFO]);
    nl_jw_end(w);
}

static void finding(nl_jw *w, const nl_finding *fd)
{
    nl_jw_object(w);
    nl_jw_finding_head(w, fd);
    nl_jw_key(w, "basis");
    nl_jw_array(w);
    for (size_t k = 0; k < nl_rule_basis_count(fd->rule); k++)
        nl_jw_ctext(w, nl_rule_basis(fd->rule, k));
    nl_jw_end(w);
    nl_jw_kv_text(w, "advice", nl_rule_advice(fd->rule));
    nl_jw_kv_text(w, "fingerprint", fd->fingerprint);
    if (fd->fix)
        nl_jw_kv_text(w, "fix", fd->fix);
    if (fd->suppressed != NL_SUPPRESS_NONE) {
        nl_jw_key(w, "suppression");
        nl_jw_object(w);
        nl_jw_kv_text(w, "kind", fd->suppressed == NL_SUPPRESS_BASELINE ? "baseline" : "comment");
        if (fd->suppressed == NL_SUPPRESS_SOURCE) {
            nl_jw_kv_text(w, "reason", fd->suppress_reason ? fd->suppress_reason : "");
            nl_jw_kv_int(w, "line", (long long)fd->suppress_line);
        }
        nl_jw_end(w);
    }
    nl_jw_end(w);
}

/* The three lists every entry ends with; empty for an input not checked. */
static void empty_lists(nl_jw *w)
{
    static const char *const keys[] = {"findings", "suppressed", "warnings"};
    for (size_t i = 0; i < 3; i++) {
        nl_jw_key(w, keys[i]);
        nl_jw_array(w);
        nl_jw_end(w);
    }
}

static nl_status json_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    jstate *s = r->state;
    nl_jw *w = &s->w;
    const nl_meta *m = nl_doc_meta(doc);
    begin_entry(s);
    nl_jw_kv_text(w, "path", nl_doc_path(doc));
    nl_jw_kv_text(w, "format", format_id(nl_doc_format(doc)));
    nl_jw_key(w, "encoding");
    lower(w, nl_doc_encoding(doc));
    nl_jw_kv_text(w, "status", "checked");
    nl_jw_key(w, "title");
    jspan(w, doc, m->title);
    nl_jw_key(w, "doc_number");
    jspan(w, doc, m->docnum.span);
    nl_jw_kv_text(w, "doc_type", nl_doctype_id(m->type));
    nl_jw_kv_text(w, "doc_type_reason", m->type_reason);
    nl_jw_kv_bool(w, "doc_type_guessed", m->type_guessed);
    nl_jw_key(w, "issuer");
    jspan(w, doc, nl_doc_issuer(doc));
    nl_jw_kv_text(w, "issuer_kind", nl_issuer_kind_id(nl_doc_issuer_kind(doc)));
    nl_jw_kv_text(w, "issuer_level", nl_issuer_level_id(nl_doc_issuer_level(doc)));
    nl_jw_key(w, "findings");
    nl_jw_array(w);
    for (size_t i = 0; i < nl_result_count(res); i++)
        finding(w, nl_result_finding(res, i));
    nl_jw_end(w);
    nl_jw_key(w, "suppressed");
    nl_jw_array(w);
    for (size_t i = 0; i < nl_result_suppressed_count(res); i++)
        finding(w, nl_result_suppressed(res, i));
    nl_jw_end(w);
    nl_jw_key(w, "warnings");
    nl_jw_array(w);
    for (size_t i = 0; i < nl_result_warning_count(res); i++)
        nl_jw_ctext(w, nl_result_warning(res, i));
    nl_jw_end(w);
    return end_entry(s);
}

static nl_status json_unreadable(nl_report *r, const nl_error *e)
{
    jstate *s = r->state;
    begin_entry(s);
    nl_jw_kv_text(&s->w, "path", e->path);
    nl_jw_kv_text(&s->w, "status", "unreadable");
    nl_jw_kv_text(&s->w, "error", e->message);
    empty_lists(&s->w);
    return end_entry(s);
}

static nl_status json_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    jstate *s = r->state;
    begin_entry(s);
    nl_jw_kv_text(&s->w, "path", path);
    nl_jw_kv_text(&s->w, "status", nl_skip_id(why));
    nl_jw_kv_text(&s->w, "reason", reason);
    empty_lists(&s->w);
    return end_entry(s);
}

static nl_status json_end(nl_report *r)
{
    jstate *s = r->state;
    nl_jw *w = &s->w;
    start(s);
    nl_jw_end(w); /* documents */
    nl_jw_key(w, "summary");
    nl_jw_object(w);
    nl_jw_kv_int(w, "documents", (long long)r->documents);
    nl_jw_kv_int(w, "checked", (long long)r->checked);
    nl_jw_kv_int(w, "unreadable", (long long)r->unreadable);
    nl_jw_kv_int(w, "ignored", (long long)r->skipped[NL_SKIP_IGNORED]);
    nl_jw_kv_int(w, "not_reviewed", (long long)r->skipped[NL_SKIP_NOT_DRAFT]);
    nl_jw_severity_counts(w, "findings", r->findings);
    nl_jw_kv_int(w, "suppressed", (long long)r->suppressed);
    nl_jw_kv_int(w, "baselined", (long long)r->baselined);
    nl_jw_kv_text(w, "fail_on", nl_severity_name(nl_report_fail_on(r)));
    nl_jw_kv_int(w, "failing", (long long)r->failing);
    nl_jw_end(w);
    nl_jw_end(w);
    nl_jw_raw(w, "\n", 1);
    return nl_jw_finish(w);
}

static void json_free(nl_report *r)
{
    jstate *s = r->state;
    if (s)
        free(s->w.buf);
    free(s);
    r->state = NULL;
}

const nl_report_vt nl_report_json = {"json", json_begin, json_doc, json_unreadable, json_skipped, json_end, json_free};
