/*
 * findings_ci.c — findings for CI systems: `github` (workflow commands that
 * GitHub Actions turns into annotations) and `junit` (JUnit XML, one testcase
 * per input). Both agree with the exit status: a finding at or above
 * --fail-on is an ::error annotation and a JUnit failure; the others are
 * ::warning or ::notice, and in JUnit the passed case's output. An unreadable
 * input is an error; a skipped one (ignored, not a document to review) a
 * notice and a skipped case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "report/report_int.h"

/* ---- github ---- */

/* Workflow-command escaping: data escapes %, CR, LF; properties also : and ,. */
static void gh_esc(FILE *f, const char *raw, int property)
{
    char *tmp;
    const char *s = nl_utf8_fit(raw, strlen(raw), &tmp, NULL);
    if (!s) {
        fputs("\xEF\xBF\xBD", f);
        return;
    }
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", f); break;
        case '\r': fputs("%0D", f); break;
        case '\n': fputs("%0A", f); break;
        case ':':
            if (property) {
                fputs("%3A", f);
                break;
            }
            fputc(*s, f);
            break;
        case ',':
            if (property) {
                fputs("%2C", f);
                break;
            }
            fputc(*s, f);
            break;
        default: fputc(*s, f);
        }
    }
    free(tmp);
}

static nl_status gh_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    FILE *f = r->f;
    for (size_t i = 0; i < nl_result_count(res); i++) {
        const nl_finding *fd = nl_result_finding(res, i);
        const char *cmd = nl_report_fails(r, fd)                  ? "error"
                          : fd->severity == NL_SEV_WARNING ? "warning"
                                                           : "notice";
        fprintf(f, "::%s file=", cmd);
        gh_esc(f, nl_doc_path(doc), 1);
        fprintf(f, ",line=%zu,col=%zu,endLine=%zu,endColumn=%zu,title=", fd->start.line, fd->start.column, fd->end.line,
                fd->end.column);
        gh_esc(f, nl_rule_id(fd->rule), 1);
        fputs("::", f);
        gh_esc(f, fd->message, 0);
        if (fd->address[0]) {
            fputs("（", f);
            gh_esc(f, fd->address, 0);
            fputs("）", f);
        }
        if (fd->fixed)
            fputs("（已由 --fix 修正）", f);
        fputc('\n', f);
    }
    return ferror(f) ? NL_ERR_IO : NL_OK;
}

static nl_status gh_unreadable(nl_report *r, const nl_error *e)
{
    fputs("::error file=", r->f);
    gh_esc(r->f, e->path, 1);
    fputs(",title=unreadable::无法读取：", r->f);
    gh_esc(r->f, e->message, 0);
    fputc('\n', r->f);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static nl_status gh_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    fputs("::notice file=", r->f);
    gh_esc(r->f, path, 1);
    fprintf(r->f, ",title=%s::%s：", nl_skip_id(why), why == NL_SKIP_IGNORED ? "已忽略" : "未审查");
    gh_esc(r->f, reason, 0);
    fputc('\n', r->f);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static nl_status gh_end(nl_report *r)
{
    (void)r;
    return NL_OK;
}

const nl_report_vt nl_report_github = {"github", NULL, gh_doc, gh_unreadable, gh_skipped, gh_end, NULL};

/* ---- junit ---- */

static void xml_esc(nl_buf *b, const char *raw)
{
    char *tmp;
    const char *s = nl_utf8_fit(raw, strlen(raw), &tmp, NULL);
    if (!s) {
        b->oom = 1;
        return;
    }
    for (; *s; s++) {
        switch (*s) {
        case '<': nl_buf_puts(b, "&lt;"); break;
        case '>': nl_buf_puts(b, "&gt;"); break;
        case '&': nl_buf_puts(b, "&amp;"); break;
        case '"': nl_buf_puts(b, "&quot;"); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                nl_buf_puts(b, " "); /* not allowed in XML 1.0 */
            else
                nl_buf_put(b, s, 1);
        }
    }
    free(tmp);
}

typedef struct junit {
    nl_buf cases;
    size_t failures, errors;
} junit;

static nl_status ju_begin(nl_report *r)
{
    r->state = calloc(1, sizeof(junit));
    return r->state ? NL_OK : NL_ERR_NOMEM;
}

/* The findings of `res` at (failing) or below (not failing) --fail-on, one
   per line. */
static void ju_findings(nl_buf *b, const nl_report *r, const nl_result *res, int failing)
{
    for (size_t i = 0; i < nl_result_count(res); i++) {
        const nl_finding *fd = nl_result_finding(res, i);
        if (nl_report_fails(r, fd) != failing)
            continue;
        char loc[100];
        snprintf(loc, sizeof loc, "%zu:%zu: %s[", fd->start.line, fd->start.column, nl_severity_name(fd->severity));
        nl_buf_puts(b, "\n");
        nl_buf_puts(b, loc);
        xml_esc(b, nl_rule_id(fd->rule));
        nl_buf_puts(b, "]: ");
        xml_esc(b, fd->message);
        if (fd->address[0]) {
            nl_buf_puts(b, "（");
            xml_esc(b, fd->address);
            nl_buf_puts(b, "）");
        }
        if (fd->fixed)
            nl_buf_puts(b, "（已由 --fix 修正）");
    }
}

static nl_status ju_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    junit *j = r->state;
    nl_buf *b = &j->cases;
    nl_buf_puts(b, "    <testcase classname=\"normlint\" name=\"");
    xml_esc(b, nl_doc_path(doc));
    nl_buf_puts(b, "\"");
    size_t failing = 0, all = nl_result_count(res);
    for (size_t i = 0; i < all; i++)
        failing += (size_t)nl_report_fails(r, nl_result_finding(res, i));
    if (!all) {
        nl_buf_puts(b, "/>\n");
        return b->oom ? NL_ERR_NOMEM : NL_OK;
    }
    nl_buf_puts(b, ">\n");
    if (failing) {
        j->failures++;
        char head[200];
        snprintf(head, sizeof head, "      <failure message=\"%zu 项达到 --fail-on %s\" type=\"%s\">", failing,
                 nl_severity_name(nl_report_fail_on(r)),
                 nl_result_severity_count(res, NL_SEV_ERROR)     ? "error"
                 : nl_result_severity_count(res, NL_SEV_WARNING) ? "warning"
                                                                 : "info");
        nl_buf_puts(b, head);
        ju_findings(b, r, res, 1);
        nl_buf_puts(b, "\n      </failure>\n");
    }
    if (failing < all) {
        /* findings below --fail-on: reported, and the case passes on them */
        nl_buf_puts(b, "      <system-out>");
        ju_findings(b, r, res, 0);
        nl_buf_puts(b, "\n      </system-out>\n");
    }
    nl_buf_puts(b, "    </testcase>\n");
    return b->oom ? NL_ERR_NOMEM : NL_OK;
}

static nl_status ju_unreadable(nl_report *r, const nl_error *e)
{
    junit *j = r->state;
    nl_buf *b = &j->cases;
    j->errors++;
    nl_buf_puts(b, "    <testcase classname=\"normlint\" name=\"");
    xml_esc(b, e->path);
    nl_buf_puts(b, "\">\n      <error message=\"");
    xml_esc(b, e->message);
    nl_buf_puts(b, "\" type=\"unreadable\"/>\n    </testcase>\n");
    return b->oom ? NL_ERR_NOMEM : NL_OK;
}

static nl_status ju_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    junit *j = r->state;
    nl_buf *b = &j->cases;
    nl_buf_puts(b, "    <testcase classname=\"normlint\" name=\"");
    xml_esc(b, path);
    nl_buf_puts(b, why == NL_SKIP_IGNORED ? "\">\n      <skipped message=\"已忽略：" : "\">\n      <skipped message=\"未审查：");
    xml_esc(b, reason);
    nl_buf_puts(b, "\"/>\n    </testcase>\n");
    return b->oom ? NL_ERR_NOMEM : NL_OK;
}

static nl_status ju_end(nl_report *r)
{
    junit *j = r->state;
    size_t skipped = r->skipped[NL_SKIP_IGNORED] + r->skipped[NL_SKIP_NOT_DRAFT];
    fprintf(r->f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"normlint\" tests=\"%zu\" "
            "failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
            r->documents + skipped, j->failures, j->errors, skipped);
    fputs(nl_buf_str(&j->cases), r->f);
    fputs("  </testsuite>\n</testsuites>\n", r->f);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static void ju_free(nl_report *r)
{
    junit *j = r->state;
    if (j) {
        nl_buf_free(&j->cases);
        free(j);
    }
    r->state = NULL;
}

const nl_report_vt nl_report_junit = {"junit", ju_begin, ju_doc, ju_unreadable, ju_skipped, ju_end, ju_free};
