/*
 * findings_text.c — the compiler-style text report, for people at a terminal:
 *
 *   PATH:LINE:COL: error[RULE]: MESSAGE
 *       LINE | source line
 *            |        ^~~~~~
 *     位置：第二章第七条第一款
 *     依据：…
 *     建议：…
 *
 * The caret line is aligned in display columns (CJK characters are two wide);
 * a long source line is shown as a window of about 100 columns around the
 * match. Colours only when the caller asks (TTY, NO_COLOR and --color are the
 * CLI's business).
 */
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "report/report_int.h"

#define WINDOW 100 /* display columns of source shown */
#define LEAD 30    /* columns kept before the match when the line is cut */

static const char *sev_color(nl_severity s)
{
    switch (s) {
    case NL_SEV_ERROR: return "\033[1;31m";
    case NL_SEV_WARNING: return "\033[1;33m";
    case NL_SEV_INFO: return "\033[1;36m";
    }
    return "";
}

static void put_source(nl_report *r, const nl_finding *fd)
{
    FILE *f = r->f;
    const char *line = fd->excerpt;
    size_t n = strlen(line);
    size_t start_dc = fd->start.display_column;
    size_t end_dc = fd->end.line == fd->start.line ? fd->end.display_column : (size_t)-1;

    /* total display width of the line */
    size_t width = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = nl_utf8_decode(line + i, n - i, &cp);
        i += k ? k : 1;
        width += cp == '\t' ? 1 : (size_t)nl_cp_width(cp);
    }
    size_t ws = 1; /* first display column shown */
    if (width > WINDOW && start_dc > LEAD + 1)
        ws = start_dc - LEAD;
    size_t we = ws + WINDOW; /* first column not shown */
    int cut_left = ws > 1, cut_right = 0;

    char gutter[32];
    int gw = snprintf(gutter, sizeof gutter, "%5zu", fd->start.line);
    fprintf(f, "%s | ", gutter);
    if (cut_left)
        fputs("…", f);
    size_t col = 1;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = nl_utf8_decode(line + i, n - i, &cp);
        size_t w = cp == '\t' ? 1 : (size_t)nl_cp_width(cp);
        if (col + w > we) {
            cut_right = 1;
            break;
        }
        if (col >= ws) {
            if (cp == '\t' || !k)
                fputc(' ', f);
            else
                fwrite(line + i, 1, k, f);
        }
        col += w;
        i += k ? k : 1;
    }
    if (cut_right)
        fputs("…", f);
    fputc('\n', f);

    /* caret line */
    fprintf(f, "%*s | ", gw, "");
    size_t pad = start_dc - ws + (cut_left ? 1 : 0);
    for (size_t i = 0; i < pad; i++)
        fputc(' ', f);
    size_t stop = end_dc < we ? end_dc : (width + 1 < we ? width + 1 : we);
    size_t len = stop > start_dc ? stop - start_dc : 1;
    if (r->opts.color)
        fputs("\033[1;32m", f);
    fputc('^', f);
    for (size_t i = 1; i < len; i++)
        fputc('~', f);
    if (r->opts.color)
        fputs("\033[0m", f);
    fputc('\n', f);
}

static nl_status text_doc(nl_report *r, const nl_doc *doc, const nl_result *res)
{
    FILE *f = r->f;
    const char *path = nl_doc_path(doc);
    for (size_t i = 0; i < nl_result_count(res); i++) {
        const nl_finding *fd = nl_result_finding(res, i);
        const nl_rule *rule = fd->rule;
        if (r->opts.color)
            fprintf(f, "\033[1m%s:%zu:%zu:\033[0m %s%s\033[0m[%s]: %s\n", path, fd->start.line, fd->start.column,
                    sev_color(fd->severity), nl_severity_name(fd->severity), nl_rule_id(rule), fd->message);
        else
            fprintf(f, "%s:%zu:%zu: %s[%s]: %s\n", path, fd->start.line, fd->start.column,
                    nl_severity_name(fd->severity), nl_rule_id(rule), fd->message);
        if (r->opts.quiet)
            continue;
        put_source(r, fd);
        /* word processor files: also the paragraph number Word shows */
        int para = strcmp(nl_doc_format(doc), "docx") == 0 || strcmp(nl_doc_format(doc), "odt") == 0;
        if (fd->address[0] && para)
            fprintf(f, "  位置：%s（第%zu段）\n", fd->address, fd->start.line);
        else if (fd->address[0])
            fprintf(f, "  位置：%s\n", fd->address);
        else if (para)
            fprintf(f, "  位置：第%zu段\n", fd->start.line);
        if (nl_rule_basis_count(rule) > 0) {
            fputs("  依据：", f);
            for (size_t k = 0; k < nl_rule_basis_count(rule); k++)
                fprintf(f, "%s%s", k ? "；" : "", nl_rule_basis(rule, k));
            fputc('\n', f);
        }
        fprintf(f, "  建议：%s\n\n", nl_rule_advice(rule));
    }
    return ferror(f) ? NL_ERR_IO : NL_OK;
}

static nl_status text_unreadable(nl_report *r, const nl_error *e)
{
    fprintf(r->f, "%s: 无法读取：%s\n", e->path, e->message);
    if (!r->opts.quiet)
        fputc('\n', r->f);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static nl_status text_end(nl_report *r)
{
    FILE *f = r->f;
    if (r->opts.quiet)
        return NL_OK;
    fprintf(f, "检查 %zu 个文件", r->documents);
    if (r->unreadable)
        fprintf(f, "（无法读取 %zu 个）", r->unreadable);
    size_t e = r->findings[NL_SEV_ERROR], w = r->findings[NL_SEV_WARNING], i = r->findings[NL_SEV_INFO];
    if (e + w + i == 0)
        fputs("：未发现问题。\n", f);
    else
        fprintf(f, "：错误 %zu 项，警告 %zu 项，提示 %zu 项。\n", e, w, i);
    return ferror(f) ? NL_ERR_IO : NL_OK;
}

const nl_report_vt nl_report_text = {"text", NULL, text_doc, text_unreadable, text_end, NULL};
