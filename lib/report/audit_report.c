/*
 * audit_report.c — reports of an audit run: `review` (审查情况报告, Chinese
 * text a reviewer can hand in), `json` (the whole run) and `jsonl` (one line
 * per document as it is done, then a summary line). The formats are the rows
 * of `formats`; the same record and summary writers serve json and jsonl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normlint/report.h"
#include "report/html.h"
#include "core/grow.h"
#include "core/utf8.h"
#include "report/json.h"

/* A path or title in the review text: U+FFFD for bytes that are not UTF-8. */
static void put_fit(FILE *f, const char *s) { nl_utf8_fputs(s, f); }

static void jdate(nl_jw *w, const nl_date *d)
{
    if (!d->year) {
        nl_jw_null(w);
        return;
    }
    char buf[11];
    nl_date_iso(d, buf);
    nl_jw_ctext(w, buf);
}

static void record_json(nl_jw *w, const nl_record *r, const nl_register *reg)
{
    nl_jw_object(w);
    nl_jw_kv_int(w, "index", (long long)r->index);
    nl_jw_kv_text(w, "path", r->path);
    nl_jw_kv_text(w, "status", r->status == NL_REC_CHECKED      ? "checked"
                               : r->status == NL_REC_UNREADABLE ? "unreadable"
                                                                : "not-a-document");
    if (r->status != NL_REC_CHECKED)
        nl_jw_kv_text(w, "error", r->error);
    nl_jw_kv_text(w, "title", r->title);
    nl_jw_kv_text(w, "doc_number", r->doc_number);
    nl_jw_kv_text(w, "doc_type", r->doc_type);
    nl_jw_kv_text(w, "issuer", r->issuer);
    nl_jw_key(w, "date");
    jdate(w, &r->date);
    nl_jw_kv_text(w, "conclusion", nl_conclusion_id(r->conclusion));
    nl_jw_kv_text(w, "conclusion_zh", nl_conclusion_zh(r->conclusion));
    const nl_reg_row *row = r->reg_row >= 0 ? nl_register_row(reg, (size_t)r->reg_row) : NULL;
    if (reg) {
        nl_jw_key(w, "register");
        if (row) {
            nl_jw_object(w);
            nl_jw_kv_int(w, "line", (long long)row->line);
            nl_jw_key(w, "published");
            jdate(w, &row->published);
            nl_jw_key(w, "filed");
            jdate(w, &row->filed);
            long days = nl_reg_filing_days(row);
            nl_jw_key(w, "filing_days");
            if (days >= 0)
                nl_jw_int(w, days);
            else
                nl_jw_null(w);
            nl_jw_end(w);
        } else {
            nl_jw_null(w);
        }
    }
    nl_jw_key(w, "findings");
    nl_jw_array(w);
    for (size_t i = 0; i < nl_result_count(r->result); i++) {
        const nl_finding *f = nl_result_finding(r->result, i);
        nl_jw_object(w);
        nl_jw_finding_head(w, f);
        nl_jw_kv_text(w, "fingerprint", f->fingerprint);
        nl_jw_end(w);
    }
    nl_jw_end(w);
    nl_jw_kv_int(w, "suppressed", (long long)r->suppressed);
    nl_jw_end(w);
}

static void stats_json(nl_jw *w, const nl_audit_stats *s, const nl_register *reg)
{
    nl_jw_object(w);
    nl_jw_kv_int(w, "inputs", (long long)s->inputs);
    nl_jw_kv_int(w, "documents", (long long)s->documents);
    nl_jw_kv_int(w, "checked", (long long)s->checked);
    nl_jw_kv_int(w, "unreadable", (long long)s->unreadable);
    nl_jw_kv_int(w, "not_documents", (long long)s->not_documents);
    nl_jw_kv_text(w, "register", reg ? nl_register_path(reg) : NULL);
    nl_jw_kv_int(w, "formulated", (long long)s->formulated);
    nl_jw_kv_int(w, "filed", (long long)s->filed);
    nl_jw_kv_int(w, "on_time", (long long)s->on_time);
    nl_jw_kv_int(w, "late", (long long)s->late);
    nl_jw_kv_int(w, "deadline_days", s->deadline_days);
    nl_jw_kv_int(w, "unregistered", (long long)s->unregistered);
    nl_jw_kv_int(w, "missing_files", (long long)s->missing_files);
    nl_jw_kv_int(w, "duplicate_numbers", (long long)s->duplicate_numbers);
    nl_jw_key(w, "conclusions");
    nl_jw_object(w);
    for (int k = 0; k < 5; k++)
        nl_jw_kv_int(w, nl_conclusion_id((nl_conclusion)k), (long long)s->conclusions[k]);
    nl_jw_end(w);
    nl_jw_severity_counts(w, "findings", s->findings);
    nl_jw_kv_int(w, "suppressed", (long long)s->suppressed);
    if (s->partial) {
        nl_jw_kv_bool(w, "partial", 1);
        nl_jw_kv_int(w, "expected_inputs", (long long)s->expected_inputs);
    }
    nl_jw_end(w);
}

/* One JSONL line: the writer's value and a newline, written out. */
static nl_status end_line(nl_jw *w)
{
    nl_jw_raw(w, "\n", 1);
    return nl_jw_finish(w);
}

nl_status nl_audit_jsonl_record(FILE *f, const nl_record *r, const nl_register *reg)
{
    nl_jw w;
    nl_jw_init(&w, f, 0, 0);
    record_json(&w, r, reg);
    return end_line(&w);
}

nl_status nl_audit_jsonl_header(FILE *f, const nl_shard_info *info)
{
    nl_jw w;
    nl_jw_init(&w, f, 0, 0);
    nl_jw_object(&w);
    nl_jw_key(&w, "shard");
    nl_jw_object(&w);
    nl_jw_kv_int(&w, "k", info->k);
    nl_jw_kv_int(&w, "n", info->n);
    nl_jw_kv_int(&w, "inputs", (long long)info->inputs);
    nl_jw_kv_text(&w, "run", info->run);
    nl_jw_end(&w);
    nl_jw_end(&w);
    return end_line(&w);
}

static nl_status write_jsonl(FILE *f, const nl_record *recs, size_t n, const nl_register *reg,
                             const nl_audit_stats *s, int streamed)
{
    for (size_t i = 0; !streamed && i < n; i++) {
        nl_status st = nl_audit_jsonl_record(f, &recs[i], reg);
        if (st != NL_OK)
            return st;
    }
    nl_jw w;
    nl_jw_init(&w, f, 0, 0);
    nl_jw_object(&w);
    nl_jw_key(&w, "summary");
    stats_json(&w, s, reg);
    nl_jw_end(&w);
    return end_line(&w);
}

static nl_status write_json(FILE *f, const nl_record *recs, size_t n, const nl_register *reg,
                            const nl_audit_stats *s, int streamed)
{
    (void)streamed;
    nl_jw w;
    nl_jw_init(&w, f, 2, 0);
    nl_jw_object(&w);
    nl_jw_key(&w, "tool");
    nl_jw_object(&w);
    nl_jw_kv_text(&w, "name", "normlint");
    nl_jw_kv_text(&w, "version", NL_VERSION);
    nl_jw_end(&w);
    nl_jw_key(&w, "documents");
    nl_jw_array(&w);
    for (size_t i = 0; i < n; i++)
        record_json(&w, &recs[i], reg);
    nl_jw_end(&w);
    nl_jw_key(&w, "summary");
    stats_json(&w, s, reg);
    nl_jw_end(&w);
    return end_line(&w);
}

static void pct(FILE *f, size_t a, size_t b)
{
    if (b)
        fprintf(f, "%.1f%%", 100.0 * (double)a / (double)b);
    else
        fputs("—", f);
}

static nl_status write_review(FILE *f, const nl_record *recs, size_t n, const nl_register *reg,
                              const nl_audit_stats *s, int streamed)
{
    (void)streamed;
    fputs("行政规范性文件备案审查情况报告\n\n", f);
    if (s->partial)
        fprintf(f, "【部分结果】本报告由不完整的分片合并而成：全部 %zu 件中只含 %zu 件，统计数字只反映这些文件。\n\n",
                s->expected_inputs, s->inputs);
    fputs("一、审查范围\n\n", f);
    fprintf(f, "本次审查共涉及文件 %zu 件", s->inputs);
    if (s->not_documents)
        fprintf(f, "（其中 %zu 件未审查：不是可审查的文件格式、不是待审查的文件或按项目配置忽略，列于附表）",
                s->not_documents);
    fprintf(f, "，可读取并审查 %zu 件，无法读取 %zu 件。", s->checked, s->unreadable);
    if (reg)
        fprintf(f, "登记簿 %s 共登记文件 %zu 件。\n\n", nl_register_path(reg), nl_register_count(reg));
    else
        fputs("未提供登记簿，备案情况不作统计。\n\n", f);
    fputs("二、统计情况\n\n", f);
    fprintf(f, "  制定文件数        %zu\n", s->formulated);
    if (reg) {
        fprintf(f, "  已报备数          %zu\n", s->filed);
        fputs("  备案率            ", f);
        pct(f, s->filed, s->formulated);
        fputc('\n', f);
        if (s->deadline_days > 0)
            fprintf(f, "  按期报备          %zu（期限 %ld 日%s）\n  逾期报备          %zu\n", s->on_time, s->deadline_days,
                    s->deadline_verified ? "" : "，期限未经核实", s->late);
        fprintf(f, "  未登记的文件      %zu\n  有登记无文件      %zu\n  文号重复的登记    %zu\n", s->unregistered,
                s->missing_files, s->duplicate_numbers);
    }
    fprintf(f, "  予以备案          %zu\n  建议修改          %zu\n  应予纠正          %zu\n  无法审查          %zu\n",
            s->conclusions[NL_CONCL_FILE], s->conclusions[NL_CONCL_AMEND], s->conclusions[NL_CONCL_CORRECT],
            s->conclusions[NL_CONCL_UNREVIEWABLE]);
    fputs("  纠错率            ", f);
    pct(f, s->conclusions[NL_CONCL_CORRECT], s->checked);
    fprintf(f, "\n  发现问题          错误 %zu 项，警告 %zu 项，提示 %zu 项\n", s->findings[NL_SEV_ERROR],
            s->findings[NL_SEV_WARNING], s->findings[NL_SEV_INFO]);
    if (s->suppressed)
        fprintf(f, "  注释抑制          %zu 项（文件中的 normlint-disable 注释，见各文件审查意见）\n", s->suppressed);
    fputc('\n', f);

    fputs("三、发现的主要问题（按规则分类）\n\n", f);
    nl_rule_count *c = NULL;
    size_t nc = nl_audit_rule_counts(recs, n, &c);
    if (!nc)
        fputs("未发现错误或警告级别的问题。\n", f);
    for (size_t j = 0; j < nc; j++)
        fprintf(f, "  %-40s %-8s %3zu 处  %s\n", nl_rule_id(c[j].rule), nl_severity_zh(nl_rule_severity(c[j].rule)), c[j].n,
                nl_rule_title(c[j].rule));
    free(c);

    fputs("\n四、逐件审查意见\n", f);
    size_t no = 0;
    for (size_t i = 0; i < n; i++) {
        const nl_record *r = &recs[i];
        if (r->status == NL_REC_NOT_DOCUMENT)
            continue;
        fprintf(f, "\n（%zu）", ++no);
        put_fit(f, r->title ? r->title : r->path);
        fputs("\n    文件：", f);
        put_fit(f, r->path);
        fputc('\n', f);
        if (r->doc_number)
            fprintf(f, "    文号：%s\n", r->doc_number);
        if (reg) {
            const nl_reg_row *row = r->reg_row >= 0 ? nl_register_row(reg, (size_t)r->reg_row) : NULL;
            int must = !r->doc_type || !strcmp(r->doc_type, "normative") || !strcmp(r->doc_type, "rule") ||
                       !strcmp(r->doc_type, "unknown");
            if (!row)
                fputs(must ? "    登记：未在登记簿中登记\n" : "    登记：未登记（非规范性文件，无需备案）\n", f);
            else if (!row->filed.year)
                fprintf(f, "    登记：登记簿第 %lu 行，未报备\n", row->line);
            else {
                long days = nl_reg_filing_days(row);
                fprintf(f, "    登记：登记簿第 %lu 行，公布后 %ld 日报备%s\n", row->line, days,
                        s->deadline_days > 0 && days > s->deadline_days ? "（逾期）" : "");
            }
        }
        fprintf(f, "    审查意见：%s", nl_conclusion_zh(r->conclusion));
        if (r->status == NL_REC_UNREADABLE)
            fprintf(f, "（%s）", r->error);
        if (r->suppressed)
            fprintf(f, "（另有 %zu 项问题被文件中的 normlint-disable 注释抑制，请核实理由）", r->suppressed);
        fputc('\n', f);
        for (size_t k = 0; k < nl_result_count(r->result); k++) {
            const nl_finding *fd = nl_result_finding(r->result, k);
            char where[64];
            if (fd->page)
                snprintf(where, sizeof where, "第%zu页第%zu行", fd->page, fd->page_line);
            else
                snprintf(where, sizeof where, "第%zu行", fd->start.line);
            fprintf(f, "      %zu. 【%s】%s%s%s（%s）\n", k + 1, nl_severity_zh(fd->severity), fd->message,
                    fd->address[0] ? "  位置：" : "", fd->address, where);
            for (size_t b = 0; b < nl_rule_basis_count(fd->rule); b++)
                fprintf(f, "         依据：%s\n", nl_rule_basis(fd->rule, b));
            fprintf(f, "         建议：%s\n", nl_rule_advice(fd->rule));
        }
    }
    if (reg && s->missing_files) {
        fputs("\n五、有登记但未找到文件\n\n", f);
        for (size_t k = 0; k < nl_register_count(reg); k++) {
            int found = 0;
            for (size_t i = 0; i < n && !found; i++)
                found = recs[i].reg_row == (long)k;
            if (!found) {
                const nl_reg_row *row = nl_register_row(reg, k);
                fprintf(f, "  登记簿第 %lu 行：%s %s\n", row->line, row->doc_number, row->title);
            }
        }
    }
    if (s->not_documents) {
        fputs("\n附表：未审查的文件（非文件格式、不是待审查的文件或按项目配置忽略）\n\n", f);
        for (size_t i = 0; i < n; i++) {
            if (recs[i].status != NL_REC_NOT_DOCUMENT)
                continue;
            fputs("  ", f);
            put_fit(f, recs[i].path);
            fprintf(f, "（%s）\n", recs[i].error);
        }
    }
    return ferror(f) ? NL_ERR_IO : NL_OK;
}

static nl_status write_html(FILE *f, const nl_record *recs, size_t n, const nl_register *reg,
                            const nl_audit_stats *s, int streamed)
{
    (void)streamed;
    return nl_html_audit(f, recs, n, reg, s);
}

static const struct {
    const char *name;
    int streams; /* writes each record as it is done */
    nl_status (*finish)(FILE *f, const nl_record *recs, size_t n, const nl_register *reg, const nl_audit_stats *s,
                        int streamed);
} formats[] = {
    {"review", 0, write_review},
    {"json", 0, write_json},
    {"jsonl", 1, write_jsonl},
    {"html", 0, write_html},
};

int nl_audit_format_known(const char *name, int *streams)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, name) == 0) {
            if (streams)
                *streams = formats[i].streams;
            return 1;
        }
    return 0;
}

const char *nl_audit_formats(void) { return "review, json, jsonl, html"; }

nl_status nl_audit_report(const char *format, FILE *f, const nl_record *recs, size_t n, const nl_register *reg,
                          const nl_audit_stats *s, int streamed)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, format) == 0) {
            nl_status st = formats[i].finish(f, recs, n, reg, s, streamed);
            return fflush(f) == 0 && st == NL_OK ? NL_OK : NL_ERR_IO;
        }
    return NL_ERR_INVALID;
}

/* ---- reading jsonl back (merging shards) ---- */

static char *dupj(const nl_json *o, const char *key)
{
    const char *s = nl_json_string(nl_json_get(o, key));
    return s ? strdup(s) : NULL;
}

static int read_record(const nl_json *o, const nl_ruleset *rs, nl_record *r, char *why, size_t whysize)
{
    memset(r, 0, sizeof *r);
    r->reg_row = -1;
    long long v;
    if (!nl_json_integer(nl_json_get(o, "index"), &v) || v < 0) {
        snprintf(why, whysize, "a record without its index (written by an older normlint?)");
        return -1;
    }
    r->index = (size_t)v;
    const char *status = nl_json_string(nl_json_get(o, "status"));
    r->status = !status || !strcmp(status, "checked") ? NL_REC_CHECKED
                : !strcmp(status, "unreadable")      ? NL_REC_UNREADABLE
                                                     : NL_REC_NOT_DOCUMENT;
    r->path = dupj(o, "path");
    r->error = dupj(o, "error");
    r->title = dupj(o, "title");
    r->doc_number = dupj(o, "doc_number");
    r->doc_type = dupj(o, "doc_type");
    r->issuer = dupj(o, "issuer");
    const char *d = nl_json_string(nl_json_get(o, "date"));
    if (d && sscanf(d, "%d-%d-%d", &r->date.year, &r->date.month, &r->date.day) == 3)
        r->date.form = NL_DATE_CN_ARABIC;
    const char *c = nl_json_string(nl_json_get(o, "conclusion"));
    for (int k = 0; k < 5; k++)
        if (c && !strcmp(c, nl_conclusion_id((nl_conclusion)k)))
            r->conclusion = (nl_conclusion)k;
    if (!r->path) {
        snprintf(why, whysize, "a record without a path");
        return -1;
    }
    if (r->status != NL_REC_CHECKED)
        return 0;
    long long sup = 0;
    if (nl_json_integer(nl_json_get(o, "suppressed"), &sup) && sup > 0)
        r->suppressed = (size_t)sup;
    if (nl_result_new(&r->result) != NL_OK)
        return -1;
    const nl_json *fs = nl_json_get(o, "findings");
    for (size_t i = 0; i < nl_json_size(fs); i++) {
        const nl_json *f = nl_json_at(fs, i);
        const char *id = nl_json_string(nl_json_get(f, "rule"));
        const nl_rule *rule = id ? nl_ruleset_find(rs, id) : NULL;
        nl_severity sev;
        long long line = 0, col = 0, eline = 0, ecol = 0;
        const char *sv = nl_json_string(nl_json_get(f, "severity"));
        if (!rule) {
            snprintf(why, whysize, "finding of rule '%s', which is not loaded (merge with the same --rules)", id ? id : "?");
            return -1;
        }
        if (!sv || !nl_severity_parse(sv, &sev) || !nl_json_integer(nl_json_get(f, "line"), &line) ||
            !nl_json_integer(nl_json_get(f, "column"), &col)) {
            snprintf(why, whysize, "a malformed finding");
            return -1;
        }
        const char *msg = nl_json_string(nl_json_get(f, "message")), *addr = nl_json_string(nl_json_get(f, "address")),
                   *fp = nl_json_string(nl_json_get(f, "fingerprint"));
        nl_json_integer(nl_json_get(f, "end_line"), &eline);
        nl_json_integer(nl_json_get(f, "end_column"), &ecol);
        const char *ex = nl_json_string(nl_json_get(f, "excerpt"));
        long long page = 0, page_line = 0;
        nl_json_integer(nl_json_get(f, "page"), &page);
        nl_json_integer(nl_json_get(f, "page_line"), &page_line);
        if (nl_result_add(r->result, rule, sev, msg ? msg : "", (size_t)line, (size_t)col, addr ? addr : "",
                          fp ? fp : "") != NL_OK ||
            nl_result_set_extent(r->result, (size_t)eline, (size_t)ecol, ex ? ex : "") != NL_OK)
            return -1;
        if (page > 0 && page_line >= 0)
            nl_result_set_page(r->result, (size_t)page, (size_t)page_line);
    }
    return 0;
}

nl_status nl_audit_read_jsonl(const char *path, const nl_ruleset *rs, nl_record **recs, size_t *n,
                              nl_shard_info *info, nl_error *err)
{
    char *data = NULL;
    size_t len = 0;
    nl_status st = nl_read_file(path, "the shard output", (size_t)1 << 30, &data, &len, err);
    if (st != NL_OK)
        return st;
    st = nl_audit_read_jsonl_memory(path, data, len, rs, recs, n, info, err);
    free(data);
    return st;
}

/* The shard line into *info; -1 when it is malformed. */
static int read_shard(const nl_json *sh, nl_shard_info *info)
{
    long long k = 0, n = 0, inputs = -1;
    const char *run = nl_json_string(nl_json_get(sh, "run"));
    if (!nl_json_integer(nl_json_get(sh, "k"), &k) || !nl_json_integer(nl_json_get(sh, "n"), &n) ||
        !nl_json_integer(nl_json_get(sh, "inputs"), &inputs) || !run || n < 1 || k < 1 || k > n || n > 100000 ||
        inputs < 0)
        return -1;
    if (info) {
        info->present = 1;
        info->k = (unsigned)k;
        info->n = (unsigned)n;
        info->inputs = (size_t)inputs;
        snprintf(info->run, sizeof info->run, "%s", run);
    }
    return 0;
}

nl_status nl_audit_read_jsonl_memory(const char *path, const char *data, size_t len, const nl_ruleset *rs,
                                     nl_record **recs, size_t *n, nl_shard_info *info, nl_error *err)
{
    if (info)
        memset(info, 0, sizeof *info);
    unsigned long lineno = 0;
    nl_status st = NL_OK;
    size_t cap = *n; /* *recs holds at least *n records; its real capacity is the caller's */
    for (size_t pos = 0; st == NL_OK && pos < len;) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t llen = nl ? (size_t)(nl - line) + 1 : len - pos;
        pos += llen;
        lineno++;
        char why[300] = "";
        nl_json *o = nl_json_parse(line, llen, why, sizeof why);
        if (!o) {
            st = nl_error_set(err, NL_ERR_PARSE, path, "line %lu is not JSON: %s", lineno, why);
            break;
        }
        if (nl_json_get(o, "summary")) {
            nl_json_free(o);
            continue;
        }
        const nl_json *sh = nl_json_get(o, "shard");
        if (sh) {
            int bad = lineno != 1 || read_shard(sh, info) != 0;
            nl_json_free(o);
            if (bad) {
                st = nl_error_set(err, NL_ERR_PARSE, path, "line %lu: a malformed shard line", lineno);
                break;
            }
            continue;
        }
        if (nl_grow((void **)recs, &cap, *n, sizeof **recs, 16) != 0) {
            nl_json_free(o);
            st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
            break;
        }
        nl_record *nr = *recs;
        if (read_record(o, rs, &nr[*n], why, sizeof why) != 0) {
            nl_record_clear(&nr[*n]);
            st = nl_error_set(err, NL_ERR_PARSE, path, "line %lu: %s", lineno, why[0] ? why : "out of memory");
        } else {
            (*n)++;
        }
        nl_json_free(o);
    }
    return st;
}
