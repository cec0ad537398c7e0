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

typedef struct sarif {
    nl_json *results, *notes;
    char cwd[PATH_MAX];
    int ok;
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
static nl_json *artifact(sarif *s, const char *path)
{
    nl_json *a = nl_json_object();
    const char *rel = path;
    size_t cl = strlen(s->cwd);
    if (path[0] == '/' && strncmp(path, s->cwd, cl) == 0 && path[cl] == '/')
        rel = path + cl + 1;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    char *u = uri_of(rel);
    s->ok &= u != NULL;
    if (rel[0] == '/') {
        char *full = malloc(strlen(u ? u : "") + 8);
        if (full)
            sprintf(full, "file://%s", u ? u : "");
        s->ok &= nl_json_set(a, "uri", nl_json_cstr(full)) == 0;
        free(full);
    } else {
        s->ok &= nl_json_set(a, "uri", nl_json_cstr(u)) == 0;
        s->ok &= nl_json_set(a, "uriBaseId", nl_json_cstr("%SRCROOT%")) == 0;
    }
    free(u);
    return a;
}

static nl_json *text_obj(const char *t)
{
    nl_json *o = nl_json_object();
    nl_json_set(o, "text", nl_json_cstr(t));
    return o;
}

static const char *level_of(nl_severity s) { return s == NL_SEV_ERROR ? "error" : s == NL_SEV_WARNING ? "warning" : "note"; }

static nl_status sarif_begin(nl_report *r)
{
    sarif *s = calloc(1, sizeof *s);
    if (!s)
        return NL_ERR_NOMEM;
    s->results = nl_json_array();
    s->notes = nl_json_array();
    s->ok = s->results && s->notes;
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

/* One result; a finding set aside carries its suppression (inSource for a
   normlint-disable comment with its reason, external for the baseline). */
static void add_result(nl_report *r, const nl_doc *doc, const nl_finding *fd)
{
    sarif *s = r->state;
    {
        nl_json *o = nl_json_object();
        s->ok &= nl_json_set(o, "ruleId", nl_json_cstr(nl_rule_id(fd->rule))) == 0;
        size_t idx = rule_index(r, fd->rule);
        if (idx != (size_t)-1)
            s->ok &= nl_json_set(o, "ruleIndex", nl_json_int((long long)idx)) == 0;
        s->ok &= nl_json_set(o, "level", nl_json_cstr(level_of(fd->severity))) == 0;
        s->ok &= nl_json_set(o, "message", text_obj(fd->message)) == 0;
        nl_json *loc = nl_json_object();
        nl_json *phys = nl_json_object();
        s->ok &= nl_json_set(phys, "artifactLocation", artifact(s, nl_doc_path(doc))) == 0;
        nl_json *region = nl_json_object();
        size_t el = fd->end.line, ec = fd->end.column;
        if (el < fd->start.line || (el == fd->start.line && ec <= fd->start.column)) {
            el = fd->start.line; /* a point: a one-character region */
            ec = fd->start.column + 1;
        }
        s->ok &= nl_json_set(region, "startLine", nl_json_int((long long)fd->start.line)) == 0;
        s->ok &= nl_json_set(region, "startColumn", nl_json_int((long long)fd->start.column)) == 0;
        s->ok &= nl_json_set(region, "endLine", nl_json_int((long long)el)) == 0;
        s->ok &= nl_json_set(region, "endColumn", nl_json_int((long long)ec)) == 0;
        if (fd->excerpt && fd->excerpt[0])
            s->ok &= nl_json_set(region, "snippet", text_obj(fd->excerpt)) == 0;
        s->ok &= nl_json_set(phys, "region", region) == 0;
        s->ok &= nl_json_set(loc, "physicalLocation", phys) == 0;
        if (fd->address[0]) {
            nl_json *ll = nl_json_array();
            nl_json *l = nl_json_object();
            nl_json_set(l, "name", nl_json_cstr(fd->address));
            nl_json_set(l, "kind", nl_json_cstr("member"));
            s->ok &= nl_json_push(ll, l) == 0;
            s->ok &= nl_json_set(loc, "logicalLocations", ll) == 0;
        }
        nl_json *locs = nl_json_array();
        s->ok &= nl_json_push(locs, loc) == 0;
        s->ok &= nl_json_set(o, "locations", locs) == 0;
        nl_json *fp = nl_json_object();
        s->ok &= nl_json_set(fp, FP_KEY, nl_json_cstr(fd->fingerprint)) == 0;
        s->ok &= nl_json_set(o, "partialFingerprints", fp) == 0;
        if (fd->fix) {
            /* the mechanical fix: the matched region replaced */
            nl_json *fix = nl_json_object(), *fixes = nl_json_array(), *changes = nl_json_array();
            nl_json *change = nl_json_object(), *reps = nl_json_array(), *rep = nl_json_object();
            nl_json *del = nl_json_object();
            s->ok &= nl_json_set(del, "startLine", nl_json_int((long long)fd->start.line)) == 0;
            s->ok &= nl_json_set(del, "startColumn", nl_json_int((long long)fd->start.column)) == 0;
            s->ok &= nl_json_set(del, "endLine", nl_json_int((long long)fd->end.line)) == 0;
            s->ok &= nl_json_set(del, "endColumn", nl_json_int((long long)fd->end.column)) == 0;
            s->ok &= nl_json_set(rep, "deletedRegion", del) == 0;
            s->ok &= nl_json_set(rep, "insertedContent", text_obj(fd->fix)) == 0;
            s->ok &= nl_json_push(reps, rep) == 0;
            s->ok &= nl_json_set(change, "artifactLocation", artifact(s, nl_doc_path(doc))) == 0;
            s->ok &= nl_json_set(change, "replacements", reps) == 0;
            s->ok &= nl_json_push(changes, change) == 0;
            char desc[600];
            snprintf(desc, sizeof desc, "改为“%s”", fd->fix);
            s->ok &= nl_json_set(fix, "description", text_obj(desc)) == 0;
            s->ok &= nl_json_set(fix, "artifactChanges", changes) == 0;
            s->ok &= nl_json_push(fixes, fix) == 0;
            s->ok &= nl_json_set(o, "fixes", fixes) == 0;
        }
        if (fd->suppressed != NL_SUPPRESS_NONE) {
            nl_json *sp = nl_json_object(), *sps = nl_json_array();
            int src = fd->suppressed == NL_SUPPRESS_SOURCE;
            s->ok &= nl_json_set(sp, "kind", nl_json_cstr(src ? "inSource" : "external")) == 0;
            char just[600];
            if (src)
                snprintf(just, sizeof just, "第%zu行 normlint-disable 注释%s%s", fd->suppress_line,
                         fd->suppress_reason && fd->suppress_reason[0] ? "：" : "",
                         fd->suppress_reason ? fd->suppress_reason : "");
            else
                snprintf(just, sizeof just, "在基线中");
            s->ok &= nl_json_set(sp, "justification", nl_json_cstr(just)) == 0;
            s->ok &= nl_json_push(sps, sp) == 0;
            s->ok &= nl_json_set(o, "suppressions", sps) == 0;
        }
        s->ok &= nl_json_push(s->results, o) == 0;
    }
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
    for (size_t i = 0; i < nl_result_warning_count(res); i++) {
        nl_json *n = nl_json_object();
        s->ok &= nl_json_set(n, "level", nl_json_cstr("warning")) == 0;
        s->ok &= nl_json_set(n, "message", text_obj(nl_result_warning(res, i))) == 0;
        nl_json *loc = nl_json_object(), *phys = nl_json_object(), *locs = nl_json_array();
        s->ok &= nl_json_set(phys, "artifactLocation", artifact(s, nl_doc_path(doc))) == 0;
        s->ok &= nl_json_set(loc, "physicalLocation", phys) == 0;
        s->ok &= nl_json_push(locs, loc) == 0;
        s->ok &= nl_json_set(n, "locations", locs) == 0;
        s->ok &= nl_json_push(s->notes, n) == 0;
    }
    return s->ok ? NL_OK : NL_ERR_NOMEM;
}

/* A tool execution notification about the input at `path`. */
static nl_status notify(sarif *s, const char *level, const char *lead, const char *path, const char *why)
{
    nl_json *n = nl_json_object();
    char msg[NL_ERROR_MSG_MAX + 64];
    snprintf(msg, sizeof msg, "%s：%s", lead, why);
    s->ok &= nl_json_set(n, "level", nl_json_cstr(level)) == 0;
    s->ok &= nl_json_set(n, "message", text_obj(msg)) == 0;
    nl_json *loc = nl_json_object(), *phys = nl_json_object(), *locs = nl_json_array();
    s->ok &= nl_json_set(phys, "artifactLocation", artifact(s, path)) == 0;
    s->ok &= nl_json_set(loc, "physicalLocation", phys) == 0;
    s->ok &= nl_json_push(locs, loc) == 0;
    s->ok &= nl_json_set(n, "locations", locs) == 0;
    s->ok &= nl_json_push(s->notes, n) == 0;
    return s->ok ? NL_OK : NL_ERR_NOMEM;
}

static nl_status sarif_unreadable(nl_report *r, const nl_error *e)
{
    return notify(r->state, "error", "无法读取", e->path, e->message);
}

static nl_status sarif_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    return notify(r->state, "note", why == NL_SKIP_IGNORED ? "已忽略" : "未审查", path, reason);
}

static nl_json *rule_json(const nl_rule *rule)
{
    nl_json *o = nl_json_object();
    const char *id = nl_rule_id(rule);
    nl_json_set(o, "id", nl_json_cstr(id));
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
    nl_json_set(o, "name", nl_json_cstr(name));
    nl_json_set(o, "shortDescription", text_obj(nl_rule_title(rule)));
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
    nl_json_set(o, "fullDescription", text_obj(nl_buf_str(&full)));
    nl_buf_free(&full);
    nl_buf help = {0};
    for (size_t i = 0; i < nl_rule_basis_count(rule); i++) {
        nl_buf_puts(&help, "依据：");
        nl_buf_puts(&help, nl_rule_basis(rule, i));
        nl_buf_puts(&help, "\n");
    }
    nl_buf_puts(&help, "建议：");
    nl_buf_puts(&help, nl_rule_advice(rule));
    nl_json *h = nl_json_object();
    nl_json_set(h, "text", nl_json_cstr(nl_buf_str(&help)));
    nl_json_set(h, "markdown", nl_json_cstr(nl_buf_str(&help)));
    nl_buf_free(&help);
    nl_json_set(o, "help", h);
    nl_json *dc = nl_json_object();
    nl_json_set(dc, "level", nl_json_cstr(level_of(nl_rule_severity(rule))));
    nl_json_set(dc, "enabled", nl_json_bool(nl_rule_enabled(rule)));
    nl_json_set(o, "defaultConfiguration", dc);
    nl_json *props = nl_json_object();
    char cat[64];
    snprintf(cat, sizeof cat, "%s", id);
    char *dot = strchr(cat, '.');
    if (dot)
        *dot = '\0';
    nl_json_set(props, "category", nl_json_cstr(cat));
    nl_json *tags = nl_json_array();
    nl_json_push(tags, nl_json_cstr(cat));
    nl_json_push(tags, nl_json_cstr("legality"));
    nl_json_set(props, "tags", tags);
    nl_json_set(o, "properties", props);
    return o;
}

static nl_status sarif_end(nl_report *r)
{
    sarif *s = r->state;
    nl_json *root = nl_json_object();
    nl_json_set(root, "$schema", nl_json_cstr("https://json.schemastore.org/sarif-2.1.0.json"));
    nl_json_set(root, "version", nl_json_cstr("2.1.0"));
    nl_json *run = nl_json_object();
    nl_json *tool = nl_json_object(), *driver = nl_json_object();
    nl_json_set(driver, "name", nl_json_cstr("normlint"));
    nl_json_set(driver, "version", nl_json_cstr(NL_VERSION));
    nl_json_set(driver, "semanticVersion", nl_json_cstr(NL_VERSION));
    nl_json_set(driver, "informationUri", nl_json_cstr(NL_INFORMATION_URI));
    nl_json *rules = nl_json_array();
    for (size_t i = 0; r->opts.rules && i < nl_ruleset_count(r->opts.rules); i++)
        s->ok &= nl_json_push(rules, rule_json(nl_ruleset_rule(r->opts.rules, i))) == 0;
    nl_json_set(driver, "rules", rules);
    nl_json_set(tool, "driver", driver);
    nl_json_set(run, "tool", tool);
    nl_json *inv = nl_json_object();
    nl_json_set(inv, "executionSuccessful", nl_json_bool(r->unreadable == 0));
    nl_json_set(inv, "toolExecutionNotifications", s->notes);
    s->notes = NULL;
    nl_json *invs = nl_json_array();
    nl_json_push(invs, inv);
    nl_json_set(run, "invocations", invs);
    nl_json *base = nl_json_object(), *src = nl_json_object();
    char *cwd_uri = uri_of(s->cwd);
    nl_buf u = {0};
    nl_buf_puts(&u, "file://");
    nl_buf_puts(&u, cwd_uri ? cwd_uri : "/");
    if (u.n == 0 || u.p[u.n - 1] != '/')
        nl_buf_puts(&u, "/");
    free(cwd_uri);
    nl_json_set(src, "uri", nl_json_cstr(nl_buf_str(&u)));
    nl_buf_free(&u);
    nl_json_set(base, "%SRCROOT%", src);
    nl_json_set(run, "originalUriBaseIds", base);
    nl_json_set(run, "results", s->results);
    s->results = NULL;
    nl_json_set(run, "columnKind", nl_json_cstr("unicodeCodePoints"));
    nl_json *runs = nl_json_array();
    nl_json_push(runs, run);
    nl_json_set(root, "runs", runs);
    nl_status st = s->ok && nl_json_dump(root, r->f, 2) == 0 && fputc('\n', r->f) != EOF ? NL_OK : NL_ERR_IO;
    nl_json_free(root);
    return st;
}

static void sarif_free(nl_report *r)
{
    sarif *s = r->state;
    if (s) {
        nl_json_free(s->results);
        nl_json_free(s->notes);
        free(s);
    }
    r->state = NULL;
}

const nl_report_vt nl_report_sarif = {"sarif", sarif_begin, sarif_doc, sarif_unreadable, sarif_skipped, sarif_end, sarif_free};
