/*
 * findings_json.c — the JSON report: a stable contract for tools and tests
 * (documented in README.md, "JSON report"). The whole report is built in
 * memory and written at the end, so the output is one valid JSON document
 * even when the run stops early. Keys keep the order written here.
 */
#include <stdlib.h>
#include <string.h>

#include "report/json.h"
#include "report/report_int.h"

typedef struct jstate {
    nl_json *docs;
    int ok;
} jstate;

static void put(jstate *s, nl_json *obj, const char *key, nl_json *v) { s->ok &= nl_json_set(obj, key, v) == 0; }

static nl_json *jspan(const nl_doc *doc, nl_span sp)
{
    if (nl_span_empty(sp))
        return nl_json_null();
    return nl_json_str(nl_doc_text(doc) + sp.start, nl_span_len(sp));
}

static nl_status json_begin(nl_report *r)
{
    jstate *s = calloc(1, sizeof *s);
    if (!s || !(s->docs = nl_json_array())) {
        free(s);
        return NL_ERR_NOMEM;
    }
    s->ok = 1;
    r->state = s;
    return NL_OK;
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
    return nl_json_cstr(buf);
}

static nl_status json_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    jstate *s = r->state;
    const nl_meta *m = nl_doc_meta(doc);
    nl_json *d = nl_json_object();
    put(s, d, "path", nl_json_cstr(nl_doc_path(doc)));
    put(s, d, "format", nl_json_cstr(format_id(nl_doc_format(doc))));
    put(s, d, "encoding", lower(nl_doc_encoding(doc)));
    put(s, d, "status", nl_json_cstr("checked"));
    put(s, d, "title", jspan(doc, m->title));
    put(s, d, "doc_number", jspan(doc, m->docnum.span));
    put(s, d, "doc_type", nl_json_cstr(nl_doctype_id(m->type)));
    nl_json *fs = nl_json_array();
    for (size_t i = 0; i < nl_result_count(res); i++) {
        const nl_finding *fd = nl_result_finding(res, i);
        nl_json *o = nl_json_object();
        put(s, o, "rule", nl_json_cstr(nl_rule_id(fd->rule)));
        put(s, o, "severity", nl_json_cstr(nl_severity_name(fd->severity)));
        put(s, o, "message", nl_json_cstr(fd->message));
        put(s, o, "line", nl_json_int((long long)fd->start.line));
        put(s, o, "column", nl_json_int((long long)fd->start.column));
        put(s, o, "end_line", nl_json_int((long long)fd->end.line));
        put(s, o, "end_column", nl_json_int((long long)fd->end.column));
        put(s, o, "address", nl_json_cstr(fd->address));
        put(s, o, "excerpt", nl_json_cstr(fd->excerpt));
        nl_json *basis = nl_json_array();
        for (size_t k = 0; k < nl_rule_basis_count(fd->rule); k++)
            s->ok &= nl_json_push(basis, nl_json_cstr(nl_rule_basis(fd->rule, k))) == 0;
        put(s, o, "basis", basis);
        put(s, o, "advice", nl_json_cstr(nl_rule_advice(fd->rule)));
        put(s, o, "fingerprint", nl_json_cstr(fd->fingerprint));
        s->ok &= nl_json_push(fs, o) == 0;
    }
    put(s, d, "findings", fs);
    nl_json *ws = nl_json_array();
    for (size_t i = 0; i < nl_result_warning_count(res); i++)
        s->ok &= nl_json_push(ws, nl_json_cstr(nl_result_warning(res, i))) == 0;
    put(s, d, "warnings", ws);
    s->ok &= nl_json_push(s->docs, d) == 0;
    return s->ok ? NL_OK : NL_ERR_NOMEM;
}

static nl_status json_unreadable(nl_report *r, const nl_error *e)
{
    jstate *s = r->state;
    nl_json *d = nl_json_object();
    put(s, d, "path", nl_json_cstr(e->path));
    put(s, d, "status", nl_json_cstr("unreadable"));
    put(s, d, "error", nl_json_cstr(e->message));
    put(s, d, "findings", nl_json_array());
    put(s, d, "warnings", nl_json_array());
    s->ok &= nl_json_push(s->docs, d) == 0;
    return s->ok ? NL_OK : NL_ERR_NOMEM;
}

static nl_status json_end(nl_report *r)
{
    jstate *s = r->state;
    nl_json *root = nl_json_object();
    nl_json *tool = nl_json_object();
    put(s, tool, "name", nl_json_cstr("normlint"));
    put(s, tool, "version", nl_json_cstr(NL_VERSION));
    put(s, root, "tool", tool);
    put(s, root, "documents", s->docs);
    s->docs = NULL; /* owned by root now */
    nl_json *sum = nl_json_object();
    put(s, sum, "documents", nl_json_int((long long)r->documents));
    put(s, sum, "checked", nl_json_int((long long)r->checked));
    put(s, sum, "unreadable", nl_json_int((long long)r->unreadable));
    nl_json *fc = nl_json_object();
    put(s, fc, "error", nl_json_int((long long)r->findings[NL_SEV_ERROR]));
    put(s, fc, "warning", nl_json_int((long long)r->findings[NL_SEV_WARNING]));
    put(s, fc, "info", nl_json_int((long long)r->findings[NL_SEV_INFO]));
    put(s, sum, "findings", fc);
    put(s, root, "summary", sum);
    nl_status st = NL_OK;
    if (!s->ok)
        st = NL_ERR_NOMEM;
    else if (nl_json_dump(root, r->f, 2) != 0 || fputc('\n', r->f) == EOF)
        st = NL_ERR_IO;
    nl_json_free(root);
    return st;
}

static void json_free(nl_report *r)
{
    jstate *s = r->state;
    if (!s)
        return;
    nl_json_free(s->docs);
    free(s);
    r->state = NULL;
}

const nl_report_vt nl_report_json = {"json", json_begin, json_doc, json_unreadable, json_end, json_free};
