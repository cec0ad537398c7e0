/*
 * html.c — the HTML report: one self-contained, printable page (inline CSS and
 * SVG, no scripts, no external resources). For an audit: scope, a statistics
 * table, a table of contents, charts of problems by rule and of filing
 * timeliness, then each document's review opinion with its findings, the
 * matched text highlighted in its excerpt. `check --format html` gives the
 * same page for the documents of a check run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "report/html.h"

static void esc(FILE *f, const char *raw, size_t rawlen)
{
    char *tmp;
    size_t n;
    const char *s = nl_utf8_fit(raw, rawlen, &tmp, &n);
    if (!s)
        return; /* out of memory: the stream's error is set by the next write */
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(s[i], f);
        }
    }
    free(tmp);
}

static void escs(FILE *f, const char *s)
{
    if (s)
        esc(f, s, strlen(s));
}

/* Byte offset of code-point column `col` (1-based) in s. */
static size_t col_offset(const char *s, size_t col)
{
    size_t i = 0, n = strlen(s);
    for (size_t c = 1; c < col && i < n; c++) {
        uint32_t cp;
        size_t k = nl_utf8_decode(s + i, n - i, &cp);
        i += k ? k : 1;
    }
    return i;
}

static void excerpt(FILE *f, const nl_finding *fd)
{
    const char *ex = fd->excerpt;
    if (!ex || !*ex)
        return;
    size_t n = strlen(ex);
    size_t a = col_offset(ex, fd->start.column);
    size_t b = fd->end.line == fd->start.line ? col_offset(ex, fd->end.column) : n;
    if (b < a)
        b = a;
    /* at most ~120 characters of context on each side */
    size_t from = a > 360 ? col_offset(ex, fd->start.column - 120) : 0;
    size_t to = n - b > 360 ? b + col_offset(ex + b, 121) : n;
    fputs("<blockquote class=\"ex\">", f);
    if (from)
        fputs("…", f);
    esc(f, ex + from, a - from);
    fputs("<span class=\"hl\">", f);
    esc(f, ex + a, b - a);
    fputs("</span>", f);
    esc(f, ex + b, to - b);
    if (to < n)
        fputs("…", f);
    fputs("</blockquote>\n", f);
}

static const char *sev_class(nl_severity s)
{
    return s == NL_SEV_ERROR ? "e" : s == NL_SEV_WARNING ? "w" : "i";
}

void nl_html_begin(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    escs(f, title);
    fputs("</title>\n<style>\n"
          "body{font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",\"SimSun\",serif;max-width:60em;margin:2em auto;"
          "padding:0 1em;line-height:1.6;color:#222}\n"
          "h1{text-align:center;font-size:1.6em}h2{border-bottom:1px solid #999;margin-top:2em}\n"
          "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #aaa;padding:.2em .6em;text-align:left}\n"
          "th{background:#eee}.n{text-align:right}\n"
          ".doc{border:1px solid #ccc;padding:.5em 1em;margin:1em 0;page-break-inside:avoid}\n"
          ".c-file{color:#1a7f37}.c-amend{color:#9a6700}.c-correct{color:#cf222e}.c-unreviewable{color:#57606a}\n"
          ".f{margin:.6em 0 .6em 1em}.sev{font-weight:bold;padding:0 .3em;border-radius:3px;color:#fff}\n"
          ".sev.e{background:#cf222e}.sev.w{background:#bf8700}.sev.i{background:#0969da}\n"
          "blockquote.ex{margin:.3em 0;padding:.3em .6em;background:#f6f8fa;border-left:3px solid #ccc}\n"
          ".hl{background:#ffe08a}.meta{color:#555;font-size:.9em}.chart{margin:1em 0}\n"
          "@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}\n"
          "</style>\n</head>\n<body>\n",
          f);
}

void nl_html_end(FILE *f) { fputs("</body>\n</html>\n", f); }

void nl_html_record(FILE *f, const nl_record *r, const nl_result *res, const nl_register *reg, long deadline,
                    size_t no)
{
    fprintf(f, "<div class=\"doc\" id=\"d%zu\">\n<h3>（%zu）", no, no);
    escs(f, r->title ? r->title : r->path);
    fputs("</h3>\n<p class=\"meta\">文件：", f);
    escs(f, r->path);
    if (r->doc_number) {
        fputs("；文号：", f);
        escs(f, r->doc_number);
    }
    if (r->doc_type) {
        fputs("；类型：", f);
        int ok;
        escs(f, nl_doctype_zh(nl_doctype_from_id(r->doc_type, &ok)));
    }
    if (reg) {
        const nl_reg_row *row = r->reg_row >= 0 ? nl_register_row(reg, (size_t)r->reg_row) : NULL;
        if (!row)
            fputs("；未在登记簿中登记", f);
        else if (!row->filed.year)
            fprintf(f, "；登记簿第 %lu 行，未报备", row->line);
        else {
            long days = nl_reg_filing_days(row);
            fprintf(f, "；登记簿第 %lu 行，公布后 %ld 日报备%s", row->line, days,
                    deadline > 0 && days > deadline ? "（逾期）" : "");
        }
    }
    fprintf(f, "</p>\n<p>审查意见：<strong class=\"c-%s\">%s</strong>", nl_conclusion_id(r->conclusion),
            nl_conclusion_zh(r->conclusion));
    if (r->status == NL_REC_UNREADABLE) {
        fputs("（", f);
        escs(f, r->error);
        fputs("）", f);
    }
    if (r->suppressed)
        fprintf(f, "（另有 %zu 项问题被文件中的 normlint-disable 注释抑制，请核实理由）", r->suppressed);
    fputs("</p>\n", f);
    for (size_t k = 0; k < nl_result_count(res); k++) {
        const nl_finding *fd = nl_result_finding(res, k);
        fprintf(f, "<div class=\"f\"><span class=\"sev %s\">%s</span> ", sev_class(fd->severity),
                nl_severity_zh(fd->severity));
        escs(f, fd->message);
        if (fd->page)
            fprintf(f, " <span class=\"meta\">[%s，第%zu页第%zu行", nl_rule_id(fd->rule), fd->page, fd->page_line);
        else
            fprintf(f, " <span class=\"meta\">[%s，第%zu行", nl_rule_id(fd->rule), fd->start.line);
        if (fd->address[0]) {
            fputs("，", f);
            escs(f, fd->address);
        }
        fputs("]</span>\n", f);
        excerpt(f, fd);
        for (size_t b = 0; b < nl_rule_basis_count(fd->rule); b++) {
            fputs("<div>依据：", f);
            escs(f, nl_rule_basis(fd->rule, b));
            fputs("</div>\n", f);
        }
        fputs("<div>建议：", f);
        escs(f, nl_rule_advice(fd->rule));
        fputs("</div></div>\n", f);
    }
    fputs("</div>\n", f);
}

/* A horizontal bar chart as an SVG image embedded in a data: URL, so the page
   stays self-contained and valid HTML 4 (libxml2's HTML parser knows no
   inline <svg>). */
static void bars(FILE *f, const char *caption, const char *const *labels, const size_t *values, size_t n,
                 const char *const *colors)
{
    char *svg = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&svg, &len);
    if (!m)
        return;
    size_t max = 1;
    for (size_t i = 0; i < n; i++)
        if (values[i] > max)
            max = values[i];
    fprintf(m, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"%zu\">", 24 * n + 10);
    for (size_t i = 0; i < n; i++) {
        size_t w = values[i] * 300 / max;
        fprintf(m, "<text x=\"0\" y=\"%zu\" font-size=\"13\" font-family=\"sans-serif\">", 24 * i + 20);
        esc(m, labels[i], strlen(labels[i]));
        fprintf(m, "</text><rect x=\"300\" y=\"%zu\" width=\"%zu\" height=\"16\" fill=\"%s\"/>"
                   "<text x=\"%zu\" y=\"%zu\" font-size=\"13\" font-family=\"sans-serif\">%zu</text>",
                24 * i + 7, w ? w : 1, colors[i], 306 + w, 24 * i + 20, values[i]);
    }
    fputs("</svg>", m);
    fclose(m);
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    fputs("<div class=\"chart\"><img alt=\"", f);
    escs(f, caption);
    fputs("\" src=\"data:image/svg+xml;base64,", f);
    const unsigned char *u = (const unsigned char *)svg;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)u[i] << 16 | (i + 1 < len ? (unsigned)u[i + 1] << 8 : 0) | (i + 2 < len ? u[i + 2] : 0);
        fputc(b64[v >> 18 & 63], f);
        fputc(b64[v >> 12 & 63], f);
        fputc(i + 1 < len ? b64[v >> 6 & 63] : '=', f);
        fputc(i + 2 < len ? b64[v & 63] : '=', f);
    }
    fputs("\"><p class=\"meta\">", f);
    escs(f, caption);
    fputs("</p></div>\n", f);
    free(svg);
}

static void pct(FILE *f, size_t a, size_t b)
{
    if (b)
        fprintf(f, "%.1f%%", 100.0 * (double)a / (double)b);
    else
        fputs("—", f);
}

/* The table of contents: the four parts, and under the last one each
   document (not the non-document files) with its conclusion. */
static void audit_toc(FILE *f, const nl_record *recs, size_t n)
{
    fputs("<div class=\"toc\"><h2>目录</h2><ol><li><a href=\"#scope\">审查范围</a></li><li><a href=\"#stats\">统计情况</a></li>"
          "<li><a href=\"#problems\">发现的主要问题</a></li><li><a href=\"#docs\">逐件审查意见</a><ol>\n",
          f);
    size_t no = 0;
    for (size_t i = 0; i < n; i++) {
        if (recs[i].status == NL_REC_NOT_DOCUMENT)
            continue;
        fprintf(f, "<li><a href=\"#d%zu\">", ++no);
        escs(f, recs[i].title ? recs[i].title : recs[i].path);
        fprintf(f, "</a> — <span class=\"c-%s\">%s</span></li>\n", nl_conclusion_id(recs[i].conclusion),
                nl_conclusion_zh(recs[i].conclusion));
    }
    fputs("</ol></li></ol></div>\n", f);
}

/* Part one, the scope: what was read, and the register when there is one. */
static void audit_scope(FILE *f, const nl_register *reg, const nl_audit_stats *s)
{
    fprintf(f, "<h2 id=\"scope\">一、审查范围</h2>\n<p>本次审查共涉及文件 %zu 件，可读取并审查 %zu 件，无法读取 %zu 件，"
               "非文件格式 %zu 件。",
            s->inputs, s->checked, s->unreadable, s->not_documents);
    if (reg) {
        fputs("登记簿 ", f);
        escs(f, nl_register_path(reg));
        fprintf(f, " 共登记文件 %zu 件。", nl_register_count(reg));
    }
    fputs("</p>\n", f);
}

/* Part two, the statistics table (the filing figures only with a register)
   and, with a register, the chart of filing timeliness. */
static void audit_stats(FILE *f, const nl_register *reg, const nl_audit_stats *s)
{
    fputs("<h2 id=\"stats\">二、统计情况</h2>\n<table>\n", f);
    fprintf(f, "<tr><th>制定文件数</th><td class=\"n\">%zu</td></tr>\n", s->formulated);
    if (reg) {
        fprintf(f, "<tr><th>已报备数</th><td class=\"n\">%zu</td></tr>\n<tr><th>备案率</th><td class=\"n\">", s->filed);
        pct(f, s->filed, s->formulated);
        fprintf(f, "</td></tr>\n<tr><th>按期报备（期限 %ld 日）</th><td class=\"n\">%zu</td></tr>\n"
                   "<tr><th>逾期报备</th><td class=\"n\">%zu</td></tr>\n<tr><th>未登记的文件</th><td class=\"n\">%zu</td></tr>\n"
                   "<tr><th>有登记无文件</th><td class=\"n\">%zu</td></tr>\n<tr><th>文号重复的登记</th><td class=\"n\">%zu</td></tr>\n",
                s->deadline_days, s->on_time, s->late, s->unregistered, s->missing_files, s->duplicate_numbers);
    }
    fprintf(f, "<tr><th>予以备案</th><td class=\"n\">%zu</td></tr>\n<tr><th>建议修改</th><td class=\"n\">%zu</td></tr>\n"
               "<tr><th>应予纠正</th><td class=\"n\">%zu</td></tr>\n<tr><th>无法审查</th><td class=\"n\">%zu</td></tr>\n"
               "<tr><th>纠错率</th><td class=\"n\">",
            s->conclusions[NL_CONCL_FILE], s->conclusions[NL_CONCL_AMEND], s->conclusions[NL_CONCL_CORRECT],
            s->conclusions[NL_CONCL_UNREVIEWABLE]);
    pct(f, s->conclusions[NL_CONCL_CORRECT], s->checked);
    fputs("</td></tr>\n", f);
    if (s->suppressed)
        fprintf(f, "<tr><th>注释抑制的问题</th><td class=\"n\">%zu</td></tr>\n", s->suppressed);
    fputs("</table>\n", f);
    if (reg) {
        const char *labels[] = {"按期报备", "逾期报备", "未报备"};
        size_t values[] = {s->on_time, s->late, s->formulated - s->filed};
        static const char *const tcolors[] = {"#1a7f37", "#cf222e", "#57606a"};
        bars(f, "报备及时性：按期、逾期、未报备", labels, values, 3, tcolors);
    }
}

/* Part three, the problems: findings per rule (the first 256 rules) as a
   chart, red for errors and yellow otherwise, and as a table. */
static void audit_problems(FILE *f, const nl_record *recs, size_t n)
{
    static const char *const colors[] = {"#cf222e", "#bf8700", "#0969da"};
    fputs("<h2 id=\"problems\">三、发现的主要问题</h2>\n", f);
    nl_rule_count *rc = NULL;
    size_t nr = nl_audit_rule_counts(recs, n, &rc);
    const nl_rule *rules[256];
    size_t counts[256];
    if (nr > 256)
        nr = 256;
    for (size_t j = 0; j < nr; j++) {
        rules[j] = rc[j].rule;
        counts[j] = rc[j].n;
    }
    free(rc);
    if (!nr) {
        fputs("<p>未发现错误或警告级别的问题。</p>\n", f);
        return;
    }
    const char *labels[256];
    const char *cols[256];
    for (size_t j = 0; j < nr; j++) {
        labels[j] = nl_rule_title(rules[j]);
        cols[j] = colors[nl_rule_severity(rules[j]) == NL_SEV_ERROR ? 0 : 1];
    }
    bars(f, "问题分类（红：违法；黄：不当）", labels, counts, nr, cols);
    fputs("<table><tr><th>规则</th><th>级别</th><th>问题</th><th class=\"n\">处数</th></tr>\n", f);
    for (size_t j = 0; j < nr; j++) {
        fputs("<tr><td>", f);
        escs(f, nl_rule_id(rules[j]));
        fprintf(f, "</td><td>%s</td><td>", nl_severity_zh(nl_rule_severity(rules[j])));
        escs(f, nl_rule_title(rules[j]));
        fprintf(f, "</td><td class=\"n\">%zu</td></tr>\n", counts[j]);
    }
    fputs("</table>\n", f);
}

/* Part four, each document's review opinion, then the appendix listing the
   files that were not documents, when there are any. */
static void audit_opinions(FILE *f, const nl_record *recs, size_t n, const nl_register *reg, const nl_audit_stats *s)
{
    fputs("<h2 id=\"docs\">四、逐件审查意见</h2>\n", f);
    size_t no = 0;
    for (size_t i = 0; i < n; i++)
        if (recs[i].status != NL_REC_NOT_DOCUMENT)
            nl_html_record(f, &recs[i], recs[i].result, reg, s->deadline_days, ++no);
    if (s->not_documents) {
        fputs("<h2>附表：未审查的非文件格式</h2>\n<ul>\n", f);
        for (size_t i = 0; i < n; i++)
            if (recs[i].status == NL_REC_NOT_DOCUMENT) {
                fputs("<li>", f);
                escs(f, recs[i].path);
                fputs("</li>\n", f);
            }
        fputs("</ul>\n", f);
    }
}

nl_status nl_html_audit(FILE *f, const nl_record *recs, size_t n, const nl_register *reg, const nl_audit_stats *s)
{
    nl_html_begin(f, "行政规范性文件备案审查情况报告");
    fputs("<h1>行政规范性文件备案审查情况报告</h1>\n", f);
    audit_toc(f, recs, n);
    audit_scope(f, reg, s);
    audit_stats(f, reg, s);
    audit_problems(f, recs, n);
    audit_opinions(f, recs, n, reg, s);
    nl_html_end(f);
    return ferror(f) ? NL_ERR_IO : NL_OK;
}
