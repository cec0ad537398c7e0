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
 * The caret line is aligned in display columns (CJK characters are two wide;
 * tabs and other controls are printed as one space); a long source line is
 * shown as a window of about 100 columns around the match, "…" marking a cut
 * end. 位置 is left out when the address is empty, 依据 when the rule cites
 * nothing. Quiet mode keeps only the first line of each finding and the
 * unreadable lines. Colours only when the caller asks (TTY, NO_COLOR and
 * --color are the CLI's business); never an escape code otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
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

/* Controls (tab, form feed from PDF extraction, ESC …) are printed as one
 * space: a raw one would break the alignment or drive the terminal. */
static int is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

/* Width of a code point as this report prints it. The caret line is laid out
 * with this, not with nl_pos.display_column, which counts a tab as 0. */
static size_t shown_width(uint32_t cp) { return is_control(cp) ? 1 : (size_t)nl_cp_width(cp); }

/* Decode the code point at s[i]; an invalid byte (the document is valid
 * UTF-8, but never stall on one) counts as one U+FFFD and sets *bad. */
static size_t next_cp(const char *s, size_t n, size_t i, uint32_t *cp, int *bad)
{
    size_t k = nl_utf8_decode(s + i, n - i, cp);
    *bad = k == 0;
    return k ? k : 1;
}

/* Where the match lies on its source line, in the report's display columns
 * (1-based): `s` under its first character, `e` just after it on this line
 * ((size_t)-1 when it runs past what was measured or onto the next line). */
typedef struct layout {
    size_t s, e;
    size_t width; /* of the line; exact only when `whole` */
    int whole;    /* the line was measured to its end */
} layout;

/* Measure as little of the line as needed — up to one window past the match
 * start — so a finding early in a multi-megabyte line costs a window, not the
 * line. The start is found by its code-point column within the excerpt (the
 * model line it lies on); the end by its byte distance from the start, which
 * also says whether it is on this line at all. */
static layout measure(const char *line, size_t n, const nl_finding *fd)
{
    layout L = {0, (size_t)-1, 0, 0};
    size_t len = fd->end.offset > fd->start.offset ? fd->end.offset - fd->start.offset : 0;
    size_t be = (size_t)-1; /* byte index of the match end within the line, if on it */
    size_t col = 1, cpi = 1, i = 0;
    for (;;) {
        if (!L.s && cpi == fd->start.column) {
            L.s = col;
            if (len <= n - i)
                be = i + len;
        }
        if (i == be)
            L.e = col;
        if (i >= n) {
            L.whole = 1;
            break;
        }
        if (L.s && col > L.s + WINDOW)
            break;
        uint32_t cp;
        int bad;
        i += next_cp(line, n, i, &cp, &bad);
        col += shown_width(cp);
        cpi++;
    }
    L.width = col - 1;
    if (!L.s) /* a column past the line's end: just after it */
        L.s = col;
    return L;
}

static void put_source(nl_report *r, const nl_finding *fd)
{
    FILE *f = r->f;
    const char *line = fd->excerpt;
    size_t n = strlen(line);
    layout L = measure(line, n, fd);

    size_t ws = 1; /* first display column shown */
    if (!(L.whole && L.width <= WINDOW) && L.s > LEAD + 1)
        ws = L.s - LEAD;
    size_t we = ws + WINDOW; /* first column not shown */
    int cut_left = ws > 1, cut_right = 0;

    char gutter[32];
    int gw = snprintf(gutter, sizeof gutter, "%5zu", fd->start.line);
    fprintf(f, "%s | ", gutter);
    if (cut_left)
        fputs("…", f);
    size_t col = 1, shown_end = ws;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int bad;
        size_t k = next_cp(line, n, i, &cp, &bad);
        size_t w = shown_width(cp);
        if (col + w > we) {
            cut_right = 1;
            break;
        }
        if (col >= ws) {
            if (is_control(cp))
                fputc(' ', f);
            else if (bad)
                fputs("\xEF\xBF\xBD", f); /* U+FFFD */
            else
                fwrite(line + i, 1, k, f);
            shown_end = col + w;
        } else if (col + w > ws) {
            /* a wide character cut by the window's left edge: keep its
               visible half as a space so the columns after it stay put */
            for (size_t c = ws; c < col + w; c++)
                fputc(' ', f);
            shown_end = col + w;
        }
        col += w;
        i += k;
    }
    if (cut_right)
        fputs("…", f);
    fputc('\n', f);

    /* caret line: one '^' under the first character, '~' to the end of the
       match on this line (or of what the window shows of it) */
    fprintf(f, "%*s | ", gw, "");
    size_t pad = L.s - ws + (cut_left ? 1 : 0);
    for (size_t i = 0; i < pad; i++)
        fputc(' ', f);
    size_t stop = L.e < shown_end ? L.e : shown_end;
    size_t len = stop > L.s ? stop - L.s : 1;
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
    char *tmp;
    const char *raw = nl_doc_path(doc), *path = nl_utf8_fit(raw, strlen(raw), &tmp, NULL);
    if (!path)
        return NL_ERR_NOMEM;
    /* which rules applied rests on the document's type: say which and why,
       and whether that is a guess from the title */
    if (!r->opts.quiet && nl_result_count(res) > 0) {
        const nl_meta *m = nl_doc_meta(doc);
        fprintf(f, "%s: 文件类型：%s（%s：%s）\n\n", path, nl_doctype_zh(m->type), m->type_guessed ? "推定" : "依据",
                m->type_reason ? m->type_reason : "");
    }
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
        /* word processor files: also the paragraph number Word shows; OFD,
           PDF: the page and the line on it, as their reader counts */
        char where[64] = "";
        if (fd->page)
            snprintf(where, sizeof where, "第%zu页第%zu行", fd->page, fd->page_line);
        else if (strcmp(nl_doc_format(doc), "docx") == 0 || strcmp(nl_doc_format(doc), "odt") == 0)
            snprintf(where, sizeof where, "第%zu段", fd->start.line);
        if (fd->address[0] && where[0])
            fprintf(f, "  位置：%s（%s）\n", fd->address, where);
        else if (fd->address[0] || where[0])
            fprintf(f, "  位置：%s\n", fd->address[0] ? fd->address : where);
        if (nl_rule_basis_count(rule) > 0) {
            fputs("  依据：", f);
            for (size_t k = 0; k < nl_rule_basis_count(rule); k++)
                fprintf(f, "%s%s", k ? "；" : "", nl_rule_basis(rule, k));
            fputc('\n', f);
        }
        const char *advice = nl_rule_advice(rule);
        if (advice && advice[0])
            fprintf(f, "  建议：%s\n", advice);
        fputc('\n', f);
    }
    for (size_t i = 0; r->opts.show_suppressed && i < nl_result_suppressed_count(res); i++) {
        const nl_finding *fd = nl_result_suppressed(res, i);
        fprintf(f, "%s:%zu:%zu: %s[%s]: %s", path, fd->start.line, fd->start.column,
                fd->suppressed == NL_SUPPRESS_BASELINE ? "baselined" : "suppressed", nl_rule_id(fd->rule),
                fd->message);
        if (fd->suppressed == NL_SUPPRESS_BASELINE)
            fputs("（在基线中）\n", f);
        else if (fd->suppress_reason && fd->suppress_reason[0])
            fprintf(f, "（第%zu行注释抑制，理由：%s）\n", fd->suppress_line, fd->suppress_reason);
        else
            fprintf(f, "（第%zu行注释抑制，未写理由）\n", fd->suppress_line);
    }
    free(tmp);
    return ferror(f) ? NL_ERR_IO : NL_OK;
}

/* A path as the report shows it: U+FFFD for bytes that are not UTF-8. */
static void put_path(FILE *f, const char *path) { nl_utf8_fputs(path, f); }

static nl_status text_unreadable(nl_report *r, const nl_error *e)
{
    put_path(r->f, e->path);
    fprintf(r->f, ": 无法读取：%s\n", e->message);
    if (!r->opts.quiet)
        fputc('\n', r->f);
    return ferror(r->f) ? NL_ERR_IO : NL_OK;
}

static nl_status text_skipped(nl_report *r, const char *path, nl_skip why, const char *reason)
{
    put_path(r->f, path);
    fprintf(r->f, ": %s：%s\n", why == NL_SKIP_IGNORED ? "已忽略" : "未审查", reason);
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
    if (r->skipped[NL_SKIP_IGNORED] || r->skipped[NL_SKIP_NOT_DRAFT]) {
        fputs("，另有", f);
        if (r->skipped[NL_SKIP_IGNORED])
            fprintf(f, " %zu 个按项目配置忽略", r->skipped[NL_SKIP_IGNORED]);
        if (r->skipped[NL_SKIP_NOT_DRAFT])
            fprintf(f, "%s %zu 个不是待审查的文件", r->skipped[NL_SKIP_IGNORED] ? "，" : "",
                    r->skipped[NL_SKIP_NOT_DRAFT]);
    }
    if (r->checked == 0 && r->unreadable == 0) {
        fputs("：未审查任何文件。\n", f);
        return ferror(f) ? NL_ERR_IO : NL_OK;
    }
    size_t e = r->findings[NL_SEV_ERROR], w = r->findings[NL_SEV_WARNING], i = r->findings[NL_SEV_INFO];
    if (e + w + i == 0)
        fputs("：未发现问题", f);
    else
        fprintf(f, "：错误 %zu 项，警告 %zu 项，提示 %zu 项", e, w, i);
    if (r->suppressed)
        fprintf(f, "；另有 %zu 项已由 normlint-disable 注释抑制", r->suppressed);
    if (r->baselined)
        fprintf(f, "%s %zu 项在基线中%s", r->suppressed ? "，" : "；另有", r->baselined,
                r->opts.show_suppressed ? "" : "，未列出");
    fputs("。\n", f);
    return ferror(f) ? NL_ERR_IO : NL_OK;
}

const nl_report_vt nl_report_text = {"text", NULL, text_doc, text_unreadable, text_skipped, text_end, NULL};
