/*
 * findings_json.c — the JSON report: a stable contract for tools and tests
 * (documented in README.md, "JSON report"). Keys keep the order written here.
 *
 * Each document is built as a small tree and written as soon as it arrives,
 * so memory holds one document's findings, not the run's. The output is
 * byte-for-byte what dumping the whole report at once with two-space
 * indentation would give: a value is dumped at its depth (nl_json_dump_at). The
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
    int started; /* the opening part is written */
    size_t docs; /* entries written to "documents" */
    int ok;      /* 0 once building a value ran out of memory */
} jstate;

static void put(jstate *s, nl_json *obj, const char *key, nl_json *v) { s->ok &= nl_json_set(obj, key, v) == 0; }

static nl_json *jtext_n(const char *p, size_t n) { return nl_json_text(p, n); }

/* NULL gives JSON null. */
static nl_json *jtext(const char *s) { return s ? jtext_n(s, strlen(s)) : nl_json_null(); }

static nl_json *jspan(const nl_doc *doc, nl_span sp)
{
    if (nl_span_empty(sp))
        return nl_json_null();
    return jtext_n(nl_doc_text(doc) + sp.start, nl_span_len(sp));
}

/* "text" → "txt"; others as the loader names them. */
static const char *format_id(const char *f) { return strcmp(f, "text") == 0 ? "txt" : f; }

static nl_json *lower(const char *s)
{
    char buf[64];
    size_t n = 0;
    for (; s[n] && n < sizeof buf - 1; n++)
        buf[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] - 'A' + 'a' : s[n]);
    buf[n] = '\0';
    return jtext(buf);
}

/* The opening part, up to the "documents" array's bracket (literal: it holds
 * only constants, and so cannot fail but for the write). */
static int start(nl_report *r, jstate *s)
{
    if (s->started)
        return 0;
    s->started = 1;
    return fprintf(r->f, "{\n  \"tool\": {\n    \"name\": \"normlint\",\n    \"version\": \"%s\"\n  },\n"
                         "  \"documents\": [",
                   NL_VERSION) < 0 ? -1 : 0;
}

/* Append one entry of "documents" (taking `d`). */
static nl_status write_entry(nl_report *r, nl_json *d)
{
    jstate *s = r->state;
    nl_status st = NL_OK;
    if (!s->ok || !d)
        st = NL_ERR_NOMEM;
    else if (start(r, s) != 0 || fputs(s->docs ? ",\n    " : "\n    ", r->f) == EOF || nl_json_dump_at(d, r->f, 2, 2) != 0)
        st = NL_ERR_IO;
    else
        s->docs++;
    nl_json_free(d);
    s->ok = 1; /* one failed entry does not spoil the next */
    return st;
}

static nl_status json_begin(nl_report *r)
{
    jstate *s = calloc(1, sizeof *s);
    if (!s)
        return NL_ERR_NOMEM;
    s->ok = 1;
    r->state = s;
    return NL_OK;
}

static nl_json *finding(jstate *s, const nl_finding *fd)
{
    nl_json *o = nl_json_object();
    put(s, o, "rule", jtext(nl_rule_id(fd->rule)));
    put(s, o, "severity", nl_json_cstr(nl_severity_name(fd->severity)));
    put(s, o, "message", jtext(fd->message));
    put(s, o, "line", nl_json_int((long long)fd->start.line));
    put(s, o, "column", nl_json_int((long long)fd->start.column));
    put(s, o, "end_line", nl_json_int((long long)fd->end.line));
    put(s, o, "end_column", nl_json_int((long long)fd->end.column));
    put(s, o, "address", jtext(fd->address));
    put(s, o, "excerpt", jtext(fd->excerpt));
    nl_json *basis = nl_json_array();
    for (size_t k = 0; k < nl_rule_basis_count(fd->rule); k++)
        s->ok &= nl_json_push(basis, jtext(nl_rule_basis(fd->rule, k))) == 0;
    put(s, o, "basis", basis);
    put(s, o, "advice", jtext(nl_rule_advice(fd->rule)));
    put(s, o, "fingerprint", nl_json_cstr(fd->fingerprint));
    if (fd->fix)
        put(s, o, "fix", jtext(fd->fix));
    if (fd->suppressed != NL_SUPPRESS_NONE) {
        nl_json *sp = nl_json_object();
        put(s, sp, "kind", nl_json_cstr(fd->suppressed == NL_SUPPRESS_BASELINE ? "baseline" : "comment"));
        if (fd->suppressed == NL_SUPPRESS_SOURCE) {
            put(s, sp, "reason", jtext(fd->suppress_reason ? fd->suppress_reason : ""));
            put(s, sp, "line", nl_json_int((long long)fd->suppress_line));
        }
        put(s, o, "suppression", sp);
    }
    return o;
}

static nl_status json_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    jstate *s = r->state;
    const nl_meta *m = nl_doc_meta(doc);
    nl_json *d = nl_json_object();
    put(s, d, "path", jtext(nl_doc_path(doc)));
    put(s, d, "format", jtext(format_id(nl_doc_format(doc))));
    put(s, d, "encoding", lower(nl_doc_encoding(doc)));
    put(s, d, "status", nl_json_cstr("checked"));
    put(s, d, "title", jspan(doc, m->title));
    put(s, d, "doc_number", jspan(doc, m->docnum.span));
    put(s, d, "doc_type", nl_json_cstr(nl_doctype_id(m->type)));
    put(s, d, "doc_type_reason", nl_json_cstr(m->type_reason));
    put(s, d, "doc_type_guessed", nl_json_bool(m->type_guessed));
    put(s, d, "issuer", jspan(doc, nl_doc_issuer(doc)));
    put(s, d, "issuer_kind", nl_json_cstr(nl_issuer_kind_id(nl_doc_issuer_kind(doc))));
    put(s, d, "issuer_level", nl_json_cstr(nl_issuer_level_id(nl_doc_issuer_level(doc))));
    nl_json *fs = nl_json_array();
    for (size_t i = 0; i < nl_result_count(res); i++)
        s->ok &= nl_json_push(fs, finding(s, nl_result_finding(res, i))) == 0;
    put(s, d, "findings", fs);
    nl_json *ss = nl_json_array();
    for (size_t i = 0; i < nl_result_suppressed_count(res); i++)
        s->ok &= nl_json_push(ss, finding(s, nl_result_suppressed(res, i))) == 0;
    put(s, d, "suppressed", ss);
    nl_json *ws = nl_json_array();
    for (size_t i = 0; i < nl_result_warning_count(res); i++)
        s->ok &= nl_json_push(ws, jtext(nl_result_warning(res, i))) == 0;
    put(s, d, "warnings", ws);
    return write_entry(r, d);
}

static nl_status json_unreadable(nl_report *r, const nl_error *e)
{
    jstate *s = r->state;
    nl_json *d = nl_json_object();
    put(s, d, "path", jtext(e->path));
    put(s, d, "status", nl_json_cstr("unreadable"));
    put(s, d, "error", jtext(e->message));
    put(s, d, "findings", nl_json_array());
    put(s, d, "suppressed", nl_json_array());
    put(s, d, "warnings", nl_json_array());
    return write_entry(r, d);
}

static nl_status json_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    jstate *s = r->state;
    nl_json *d = nl_json_object();
    put(s, d, "path", jtext(path));
    put(s, d, "status", nl_json_cstr(nl_skip_id(why)));
    put(s, d, "reason", jtext(reason));
    put(s, d, "findings", nl_json_array());
    put(s, d, "suppressed", nl_json_array());
    put(s, d, "warnings", nl_json_array());
    return write_entry(r, d);
}

static nl_status json_end(nl_report *r)
{
    jstate *s = r->state;
    nl_status st = NL_OK;
    if (start(r, s) != 0 || fputs(s->docs ? "\n  ],\n  \"summary\": " : "],\n  \"summary\": ", r->f) == EOF)
        st = NL_ERR_IO;
    nl_json *sum = nl_json_object();
    put(s, sum, "documents", nl_json_int((long long)r->documents));
    put(s, sum, "checked", nl_json_int((long long)r->checked));
    put(s, sum, "unreadable", nl_json_int((long long)r->unreadable));
    put(s, sum, "ignored", nl_json_int((long long)r->skipped[NL_SKIP_IGNORED]));
    put(s, sum, "not_reviewed", nl_json_int((long long)r->skipped[NL_SKIP_NOT_DRAFT]));
    nl_json *fc = nl_json_object();
    put(s, fc, "error", nl_json_int((long long)r->findings[NL_SEV_ERROR]));
    put(s, fc, "warning", nl_json_int((long long)r->findings[NL_SEV_WARNING]));
    put(s, fc, "info", nl_json_int((long long)r->findings[NL_SEV_INFO]));
    put(s, sum, "findings", fc);
    put(s, sum, "suppressed", nl_json_int((long long)r->suppressed));
    put(s, sum, "baselined", nl_json_int((long long)r->baselined));
    put(s, sum, "fail_on", nl_json_cstr(nl_severity_name(nl_report_fail_on(r))));
    put(s, sum, "failing", nl_json_int((long long)r->failing));
    if (!s->ok) {
        /* keep the output valid even so */
        if (fputs("null", r->f) == EOF)
            st = NL_ERR_IO;
        else if (st == NL_OK)
            st = NL_ERR_NOMEM;
    } else if (nl_json_dump_at(sum, r->f, 2, 1) != 0) {
        st = NL_ERR_IO;
    }
    if (fputs("\n}\n", r->f) == EOF)
        st = NL_ERR_IO;
    nl_json_free(sum);
    return st;
}

static void json_free(nl_report *r)
{
    free(r->state);
    r->state = NULL;
}

const nl_report_vt nl_report_json = {"json", json_begin, json_doc, json_unreadable, json_skipped, json_end, json_free};
