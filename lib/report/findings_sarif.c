/*
 * findings_sarif.c — SARIF 2.1.0 for code-scanning tools: the driver lists
 * every loaded rule (descriptions, help with basis and advice, default level,
 * category and tags), each result points at the file by a relative URI under
 * %SRCROOT% with a region in code points and a snippet, carries the legal
 * address as a logical location and the stable fingerprint as a partial
 * fingerprint; unreadable inputs become tool execution notifications.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "report/json.h"
#include "report/report_int.h"

#define FP_KEY "normlintFingerprint/v1"

/* results and tool notifications arrive with the documents but come after
   the rules in the log: each is written, laid out for its place, into a
   writer of its own in memory and spliced in at the end */
typedef struct sarif {
    nl_jw results, notes;
    char cwd[PATH_MAX];
} sarif;

/* Percent-encode a path for a URI (RFC 3986 unreserved characters and '/' kept). */
static char *uri_of(const char *path)
{
    nl_buf b = {0};
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '.' || *p == '_' || *p == '~' || *p == '/') {
            nl_buf_put(&b, (const char *)p, 1);
        } else {
            char e[4];
            snprintf(e, sizeof e, "%%%02X", *p);
            nl_buf_puts(&b, e);
        }
    }
    if (b.oom) {
        nl_buf_free(&b);
        return NULL;
    }
    return b.p ? b.p : strdup("");
}

/* The artifact location of a path: relative to the working folder under
   %SRCROOT% when possible. */
static void artifact(nl_jw *w, const sarif *s, const char *key, const char *path)
{
    const char *rel = path;
    size_t cl = strlen(s->cwd);
    if (path[0] == '/' && strncmp(path, s->cwd, cl) == 0 && path[cl] == '/')
        rel = path + cl + 1;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    char *u = uri_of(rel);
    if (!u)
        w->st = NL_ERR_NOMEM;
    nl_jw_key(w, key);
    nl_jw_object(w);
    if (rel[0] == '/') {
        char *full = malloc(strlen(u ? u : "") + 8);
        if (full)
            sprintf(full, "file://%s", u ? u : "");
        else
            w->st = NL_ERR_NOMEM;
        nl_jw_kv_text(w, "uri", full);
        free(full);
    } else {
        nl_jw_kv_text(w, "uri", u);
        nl_jw_kv_text(w, "uriBaseId", "%SRCROOT%");
    }
    nl_jw_end(w);
    free(u);
}

/* "key": {"text": t} */
static void text_obj(nl_jw *w, const char *key, const char *t)
{
    nl_jw_key(w, key);
    nl_jw_object(w);
    nl_jw_kv_text(w, "text", t);
    nl_jw_end(w);
}

static const char *level_of(nl_severity s) { return s == NL_SEV_ERROR ? "error" : s == NL_SEV_WARNING ? "warning" : "note"; }

static nl_status sarif_begin(nl_report *r)
{
    sarif *s = calloc(1, sizeof *s);
    if (!s)
        return NL_ERR_NOMEM;
    /* runs[0].results and runs[0].invocations[0].toolExecutionNotifications */
    nl_jw_init(&s->results, NULL, 2, 3);
    nl_jw_array(&s->results);
    nl_jw_init(&s->notes, NULL, 2, 5);
    nl_jw_array(&s->notes);
    if (!getcwd(s->cwd, sizeof s->cwd))
        strcpy(s->cwd, "/");
    r->state = s;
    return NL_OK;
}

static size_t rule_index(const nl_report *r, const nl_rule *rule)
{
    const nl_ruleset *rs = r->opts.rules;
    for (size_t i = 0; rs && i < nl_ruleset_count(rs); i++)
        if (nl_ruleset_rule(rs, i) == rule)
            return i;
    return (size_t)-1;
}

/* A region of lines and columns. */
static void region(nl_jw *w, const char *key, size_t sl, size_t sc, size_t el, size_t ec)
{
    nl_jw_key(w, key);
    nl_jw_object(w);
    nl_jw_kv_int(w, "startLine", (long long)sl);
    nl_jw_kv_int(w, "startColumn", (long long)sc);
    nl_jw_kv_int(w, "endLine", (long long)el);
    nl_jw_kv_int(w, "endColumn", (long long)ec);
}

/* "locations": the file and region (a point widened to one character) with
   the snippet, and the legal address as a logical location when there is one. */
static void result_locations(nl_jw *w, const sarif *s, const nl_doc *doc, const nl_finding *fd)
{
    nl_jw_key(w, "locations");
    nl_jw_array(w);
    nl_jw_object(w);
    nl_jw_key(w, "physicalLocation");
    nl_jw_object(w);
    artifact(w, s, "artifactLocation", nl_doc_path(doc));
    size_t el = fd->end.line, ec = fd->end.column;
    if (el < fd->start.line || (el == fd->start.line && ec <= fd->start.column)) {
        el = fd->start.line; /* a point: a one-character region */
        ec = fd->start.column + 1;
    }
    region(w, "region", fd->start.line, fd->start.column, el, ec);
    if (fd->excerpt && fd->excerpt[0])
        text_obj(w, "snippet", fd->excerpt);
    if (fd->page) { /* a paged source (OFD): where the match was printed */
        nl_jw_key(w, "properties");
        nl_jw_object(w);
        nl_jw_kv_int(w, "page", (long long)fd->page);
        nl_jw_kv_int(w, "pageLine", (long long)fd->page_line);
        nl_jw_end(w);
    }
    nl_jw_end(w); /* region */
    nl_jw_end(w); /* physicalLocation */
    if (fd->address[0]) {
        nl_jw_key(w, "logicalLocations");
        nl_jw_array(w);
        nl_jw_object(w);
        nl_jw_kv_text(w, "name", fd->address);
        nl_jw_kv_text(w, "kind", "member");
        nl_jw_end(w);
        nl_jw_end(w);
    }
    nl_jw_end(w); /* the location */
    nl_jw_end(w); /* locations */
}

/* "fixes" of a finding with a mechanical fix: the matched region replaced. */
static void result_fix(nl_jw *w, const sarif *s, const nl_doc *doc, const nl_finding *fd)
{
    nl_jw_key(w, "fixes");
    nl_jw_array(w);
    nl_jw_object(w);
    char desc[600];
    snprintf(desc, sizeof desc, "改为“%s”", fd->fix);
    text_obj(w, "description", desc);
    nl_jw_key(w, "artifactChanges");
    nl_jw_array(w);
    nl_jw_object(w);
    artifact(w, s, "artifactLocation", nl_doc_path(doc));
    nl_jw_key(w, "replacements");
    nl_jw_array(w);
    nl_jw_object(w);
    region(w, "deletedRegion", fd->start.line, fd->start.column, fd->end.line, fd->end.column);
    nl_jw_end(w);
    text_obj(w, "insertedContent", fd->fix);
    nl_jw_end(w); /* replacement */
    nl_jw_end(w); /* replacements */
    nl_jw_end(w); /* change */
    nl_jw_end(w); /* artifactChanges */
    nl_jw_end(w); /* fix */
    nl_jw_end(w); /* fixes */
}

/* "suppressions" of a finding set aside: inSource for a normlint-disable
   comment with its line and reason, external for the baseline. */
static void result_suppression(nl_jw *w, const nl_finding *fd)
{
    int src = fd->suppressed == NL_SUPPRESS_SOURCE;
    char just[600];
    if (src)
        snprintf(just, sizeof just, "第%zu行 normlint-disable 注释%s%s", fd->suppress_line,
                 fd->suppress_reason && fd->suppress_reason[0] ? "：" : "",
                 fd->suppress_reason ? fd->suppress_reason : "");
    else
        snprintf(just, sizeof just, "在基线中");
    nl_jw_key(w, "suppressions");
    nl_jw_array(w);
    nl_jw_object(w);
    nl_jw_kv_text(w, "kind", src ? "inSource" : "external");
    nl_jw_kv_text(w, "justification", just);
    nl_jw_end(w);
    nl_jw_end(w);
}

/* One result; a finding set aside carries its suppression (inSource for a
   normlint-disable comment with its reason, external for the baseline). */
static void add_result(nl_report *r, const nl_doc *doc, const nl_finding *fd)
{
    sarif *s = r->state;
    nl_jw *w = &s->results;
    nl_jw_object(w);
    nl_jw_kv_text(w, "ruleId", nl_rule_id(fd->rule));
    size_t idx = rule_index(r, fd->rule);
    if (idx != (size_t)-1)
        nl_jw_kv_int(w, "ruleIndex", (long long)idx);
    nl_jw_kv_text(w, "level", level_of(fd->severity));
    text_obj(w, "message", fd->message);
    result_locations(w, s, doc, fd);
    nl_jw_key(w, "partialFingerprints");
    nl_jw_object(w);
    nl_jw_kv_text(w, FP_KEY, fd->fingerprint);
    nl_jw_end(w);
    if (fd->fix)
        result_fix(w, s, doc, fd);
    if (fd->suppressed != NL_SUPPRESS_NONE)
        result_suppression(w, fd);
    nl_jw_end(w);
}

/* A tool execution notification: level, message and the input's location. */
static nl_status note(sarif *s, const char *level, const char *msg, const char *path)
{
    nl_jw *w = &s->notes;
    nl_jw_object(w);
    nl_jw_kv_text(w, "level", level);
    text_obj(w, "message", msg);
    nl_jw_key(w, "locations");
    nl_jw_array(w);
    nl_jw_object(w);
    nl_jw_key(w, "physicalLocation");
    nl_jw_object(w);
    artifact(w, s, "artifactLocation", path);
    nl_jw_end(w);
    nl_jw_end(w);
    nl_jw_end(w);
    nl_jw_end(w);
    return nl_jw_status(w);
}

static nl_status sarif_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    sarif *s = r->state;
    for (size_t i = 0; i < nl_result_count(res); i++)
        add_result(r, doc, nl_result_finding(res, i));
    for (size_t i = 0; i < nl_result_suppressed_count(res); i++)
        add_result(r, doc, nl_result_suppressed(res, i));
    /* a rule skipped on the document (a pattern limit) or a directive naming
       no rule: a warning notification, as the JSON report's `warnings` */
    for (size_t i = 0; i < nl_result_warning_count(res); i++)
        note(s, "warning", nl_result_warning(res, i), nl_doc_path(doc));
    return nl_jw_status(&s->results) != NL_OK ? nl_jw_status(&s->results) : nl_jw_status(&s->notes);
}

/* A tool execution notification about the input at `path`. */
static nl_status notify(sarif *s, const char *level, const char *lead, const char *path, const char *why)
{
    char msg[NL_ERROR_MSG_MAX + 64];
    snprintf(msg, sizeof msg, "%s：%s", lead, why);
    return note(s, level, msg, path);
}

static nl_status sarif_unreadable(nl_report *r, const nl_error *e)
{
    return notify(r->state, "error", "无法读取", e->path, e->message);
}

static nl_status sarif_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    return notify(r->state, "note", why == NL_SKIP_IGNORED ? "已忽略" : "未审查", path, reason);
}

static void rule_json(nl_jw *w, const nl_rule *rule)
{
    const char *id = nl_rule_id(rule);
    nl_jw_object(w);
    nl_jw_kv_text(w, "id", id);
    /* a PascalCase name from the id: power.penalty.create -> PowerPenaltyCreate */
    char name[128];
    size_t k = 0;
    int up = 1;
    for (const char *p = id; *p && k + 1 < sizeof name; p++) {
        if (*p == '.' || *p == '-') {
            up = 1;
            continue;
        }
        name[k++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        up = 0;
    }
    name[k] = '\0';
    nl_jw_kv_text(w, "name", name);
    text_obj(w, "shortDescription", nl_rule_title(rule));
    /* the full description: the title and the message, {match} shown as …… */
    nl_buf full = {0};
    nl_buf_puts(&full, nl_rule_title(rule));
    nl_buf_puts(&full, "：");
    for (const char *m = nl_rule_message(rule); *m;) {
        const char *ph = strstr(m, "{match}");
        size_t n = ph ? (size_t)(ph - m) : strlen(m);
        nl_buf_put(&full, m, n);
        if (!ph)
            break;
        nl_buf_puts(&full, "……");
        m = ph + 7;
    }
    if (full.oom)
        w->st = NL_ERR_NOMEM;
    text_obj(w, "fullDescription", nl_buf_str(&full));
    nl_buf_free(&full);
    nl_buf help = {0};
    for (size_t i = 0; i < nl_rule_basis_count(rule); i++) {
        nl_buf_puts(&help, "依据：");
        nl_buf_puts(&help, nl_rule_basis(rule, i));
        nl_buf_puts(&help, "\n");
    }
    nl_buf_puts(&help, "建议：");
    nl_buf_puts(&help, nl_rule_advice(rule));
    if (help.oom)
        w->st = NL_ERR_NOMEM;
    nl_jw_key(w, "help");
    nl_jw_object(w);
    nl_jw_kv_text(w, "text", nl_buf_str(&help));
    nl_jw_kv_text(w, "markdown", nl_buf_str(&help));
    nl_jw_end(w);
    nl_buf_free(&help);
    nl_jw_key(w, "defaultConfiguration");
    nl_jw_object(w);
    nl_jw_kv_text(w, "level", level_of(nl_rule_severity(rule)));
    nl_jw_kv_bool(w, "enabled", nl_rule_enabled(rule));
    nl_jw_end(w);
    char cat[64];
    snprintf(cat, sizeof cat, "%s", id);
    char *dot = strchr(cat, '.');
    if (dot)
        *dot = '\0';
    nl_jw_key(w, "properties");
    nl_jw_object(w);
    nl_jw_kv_text(w, "category", cat);
    nl_jw_key(w, "tags");
    nl_jw_array(w);
    nl_jw_ctext(w, cat);
    nl_jw_ctext(w, "legality");
    nl_jw_end(w);
    nl_jw_end(w);
    nl_jw_end(w);
}

static nl_status sarif_end(nl_report *r)
{
    sarif *s = r->state;
    nl_jw_end(&s->results);
    nl_jw_end(&s->notes);
    nl_jw w;
    nl_jw_init(&w, r->f, 2, 0);
    nl_jw_object(&w);
    nl_jw_kv_text(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    nl_jw_kv_text(&w, "version", "2.1.0");
    nl_jw_key(&w, "runs");
    nl_jw_array(&w);
    nl_jw_object(&w);
    nl_jw_key(&w, "tool");
    nl_jw_object(&w);
    nl_jw_key(&w, "driver");
    nl_jw_object(&w);
    nl_jw_kv_text(&w, "name", "normlint");
    nl_jw_kv_text(&w, "version", NL_VERSION);
    nl_jw_kv_text(&w, "semanticVersion", NL_VERSION);
    nl_jw_kv_text(&w, "informationUri", NL_INFORMATION_URI);
    nl_jw_key(&w, "rules");
    nl_jw_array(&w);
    for (size_t i = 0; r->opts.rules && i < nl_ruleset_count(r->opts.rules); i++)
        rule_json(&w, nl_ruleset_rule(r->opts.rules, i));
    nl_jw_end(&w); /* rules */
    nl_jw_end(&w); /* driver */
    nl_jw_end(&w); /* tool */
    nl_jw_key(&w, "invocations");
    nl_jw_array(&w);
    nl_jw_object(&w);
    nl_jw_kv_bool(&w, "executionSuccessful", r->unreadable == 0);
    nl_jw_key(&w, "toolExecutionNotifications");
    nl_jw_splice(&w, &s->notes);
    nl_jw_end(&w);
    nl_jw_end(&w);
    char *cwd_uri = uri_of(s->cwd);
    nl_buf u = {0};
    nl_buf_puts(&u, "file://");
    nl_buf_puts(&u, cwd_uri ? cwd_uri : "/");
    if (u.n == 0 || u.p[u.n - 1] != '/')
        nl_buf_puts(&u, "/");
    free(cwd_uri);
    nl_jw_key(&w, "originalUriBaseIds");
    nl_jw_object(&w);
    nl_jw_key(&w, "%SRCROOT%");
    nl_jw_object(&w);
    nl_jw_kv_text(&w, "uri", nl_buf_str(&u));
    nl_jw_end(&w);
    nl_jw_end(&w);
    nl_buf_free(&u);
    nl_jw_key(&w, "results");
    nl_jw_splice(&w, &s->results);
    nl_jw_kv_text(&w, "columnKind", "unicodeCodePoints");
    nl_jw_end(&w); /* run */
    nl_jw_end(&w); /* runs */
    nl_jw_end(&w);
    nl_jw_raw(&w, "\n", 1);
    return nl_jw_finish(&w);
}

static void sarif_free(nl_report *r)
{
    sarif *s = r->state;
    if (s) {
        nl_jw_finish(&s->results);
        nl_jw_finish(&s->notes);
        free(s);
    }
    r->state = NULL;
}

const nl_report_vt nl_report_sarif = {"sarif", sarif_begin, sarif_doc, sarif_unreadable, sarif_skipped, sarif_end, sarif_free};
