/*
 * findings_html.c — `check --format html`: the audit's HTML page for the
 * documents of a check run (a legal advisor's single draft, typically), one
 * review opinion per document with findings, basis, advice and the matched
 * text highlighted.
 */
#include <stdlib.h>

#include "report/html.h"
#include "report/report_int.h"

static nl_status html_begin(nl_report *r)
{
    nl_html_begin(r->f, "合法性审核意见");
    fputs("<h1>合法性审核意见</h1>\n", r->f);
    return NL_OK;
}

static nl_status html_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    nl_record rec;
    nl_status st = nl_record_describe(&rec, nl_doc_path(doc), doc, res);
    if (st == NL_OK)
        nl_html_record(r->f, &rec, res, NULL, 0, r->documents);
    nl_record_clear(&rec);
    if (st != NL_OK)
        return st;
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static nl_status html_unreadable(nl_report *r, const nl_error *e)
{
    nl_record rec;
    nl_record_problem(&rec, e->path, NL_REC_UNREADABLE, e->message);
    nl_html_record(r->f, &rec, NULL, NULL, 0, r->documents);
    nl_record_clear(&rec);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static nl_status html_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    nl_record rec;
    char why_zh[NL_ERROR_MSG_MAX];
    snprintf(why_zh, sizeof why_zh, "%s：%s", why == NL_SKIP_IGNORED ? "已忽略" : "未审查", reason);
    nl_record_problem(&rec, path, NL_REC_NOT_DOCUMENT, why_zh);
    nl_html_record(r->f, &rec, NULL, NULL, 0, r->documents + r->skipped[0] + r->skipped[1]);
    nl_record_clear(&rec);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static nl_status html_end(nl_report *r)
{
    fprintf(r->f, "<p class=\"meta\">检查 %zu 个文件（无法读取 %zu 个）", r->documents, r->unreadable);
    if (r->skipped[NL_SKIP_IGNORED] || r->skipped[NL_SKIP_NOT_DRAFT])
        fprintf(r->f, "，另有 %zu 个按项目配置忽略、%zu 个不是待审查的文件", r->skipped[NL_SKIP_IGNORED],
                r->skipped[NL_SKIP_NOT_DRAFT]);
    fprintf(r->f, "：错误 %zu 项，警告 %zu 项，提示 %zu 项", r->findings[NL_SEV_ERROR], r->findings[NL_SEV_WARNING],
            r->findings[NL_SEV_INFO]);
    if (r->suppressed)
        fprintf(r->f, "；另有 %zu 项已由 normlint-disable 注释抑制", r->suppressed);
    if (r->baselined)
        fprintf(r->f, "；%zu 项在基线中", r->baselined);
    fputs("。</p>\n", r->f);
    nl_html_end(r->f);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

const nl_report_vt nl_report_html = {"html", html_begin, html_doc, html_unreadable, html_skipped, html_end, NULL};
