/*
 * register.c — the register of formulated and filed documents (登记簿): a CSV
 * file, decoded like any text file (UTF-8 or GB18030), parsed with RFC 4180
 * quoting, columns found by their Chinese or English header. A bad date fails
 * the load; an unknown 类型 only loses that cell (the run can do without it)
 * and is kept as a problem for the caller to report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "load/text.h"
#include "normlint/audit.h"

struct nl_register {
    char *path;
    nl_reg_row *rows;
    size_t n, cap;
    nl_error *problems; /* ignored cells, in line order */
    size_t nproblems, problems_cap;
};

void nl_register_free(nl_register *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->rows[i].doc_number);
        free(r->rows[i].title);
        free(r->rows[i].issuer);
        free(r->rows[i].file);
    }
    free(r->rows);
    free(r->problems);
    free(r->path);
    free(r);
}

size_t nl_register_count(const nl_register *r) { return r ? r->n : 0; }
const nl_reg_row *nl_register_row(const nl_register *r, size_t i) { return r && i < r->n ? &r->rows[i] : NULL; }
const char *nl_register_path(const nl_register *r) { return r ? r->path : ""; }
size_t nl_register_problem_count(const nl_register *r) { return r ? r->nproblems : 0; }
const nl_error *nl_register_problem(const nl_register *r, size_t i)
{
    return r && i < r->nproblems ? &r->problems[i] : NULL;
}

enum { COL_NUMBER, COL_TITLE, COL_ISSUER, COL_PUBLISHED, COL_FILED, COL_FILE, COL_TYPE, NCOLS };
static const char *const headers[NCOLS][3] = {
    {"文号", "doc_number", "发文字号"}, {"标题", "title", "文件名称"}, {"制定机关", "issuer", "发文机关"},
    {"公布日期", "published", "发布日期"}, {"报备日期", "filed", "备案日期"}, {"文件", "file", "路径"},
    {"类型", "type", "文件类型"},
};

static void free_cells(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(cells[i]);
    free(cells);
}

/* One CSV record starting at *pos: fields into cells (malloc'd), count in *nc.
   Returns 0 at the end of input, -1 when out of memory (nothing is left in
   *cells then). */
static int read_record(const char *s, size_t len, size_t *pos, char ***cells, size_t *nc, unsigned long *line)
{
    size_t i = *pos;
    if (i >= len)
        return 0;
    size_t cap = 0;
    *cells = NULL;
    *nc = 0;
    /* a cell is unquoted here, sized for the rest of the input, then kept at
       its own size: a line of many short fields must not hold the input's
       size once per field */
    char *cell = malloc(len - i + 1);
    if (!cell)
        return -1;
    for (;;) {
        size_t k = 0;
        if (i < len && s[i] == '"') {
            i++;
            while (i < len) {
                if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
                    cell[k++] = '"';
                    i += 2;
                } else if (s[i] == '"') {
                    i++;
                    break;
                } else {
                    if (s[i] == '\n')
                        (*line)++;
                    cell[k++] = s[i++];
                }
            }
        }
        while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
            cell[k++] = s[i++];
        cell[k] = '\0';
        /* trim ASCII spaces */
        size_t a = 0;
        while (cell[a] == ' ' || cell[a] == '\t')
            a++;
        while (k > a && (cell[k - 1] == ' ' || cell[k - 1] == '\t'))
            cell[--k] = '\0';
        char *kept = malloc(k - a + 1);
        if (!kept || nl_grow((void **)cells, &cap, *nc, sizeof **cells, 8) != 0) {
            free(kept);
            free(cell);
            free_cells(*cells, *nc);
            *cells = NULL;
            *nc = 0;
            return -1;
        }
        memcpy(kept, cell + a, k - a + 1);
        (*cells)[(*nc)++] = kept;
        if (i < len && s[i] == ',') {
            i++;
            continue;
        }
        if (i < len && s[i] == '\r')
            i++;
        if (i < len && s[i] == '\n')
            i++;
        (*line)++;
        break;
    }
    free(cell);
    *pos = i;
    return 1;
}

/* 2024-05-08, 2024/5/8, 2024.5.8, 2024年5月8日; "" is no date. */
static int parse_date(const char *s, nl_date *d)
{
    memset(d, 0, sizeof *d);
    if (!*s)
        return 1;
    nl_date tmp;
    size_t n = nl_date_parse(s, strlen(s), &tmp);
    if (n == strlen(s) && nl_date_valid(tmp.year, tmp.month, tmp.day)) {
        *d = tmp;
        return 1;
    }
    int y, m, dd;
    char c1, c2, extra;
    if (sscanf(s, "%d%c%d%c%d%c", &y, &c1, &m, &c2, &dd, &extra) == 5 && c1 == c2 &&
        (c1 == '-' || c1 == '/' || c1 == '.') && nl_date_valid(y, m, dd)) {
        d->year = y;
        d->month = m;
        d->day = dd;
        return 1;
    }
    return 0;
}

/* A 类型 cell: an id of --doc-type or the Chinese name normlint prints for
   it (nl_doctype_zh), plus the short 规范性文件 registers often write; never
   "unknown" (a register that does not know leaves the cell empty). Sets *t
   (NL_DOCTYPE_UNKNOWN for "") and returns 1, or returns 0 for anything else. */
static int parse_type(const char *s, nl_doctype *t)
{
    *t = NL_DOCTYPE_UNKNOWN;
    if (!*s)
        return 1;
    if (strcmp(s, "规范性文件") == 0) {
        *t = NL_DOCTYPE_NORMATIVE;
        return 1;
    }
    int ok = 0;
    nl_doctype id = nl_doctype_from_id(s, &ok);
    if (ok && id != NL_DOCTYPE_UNKNOWN) {
        *t = id;
        return 1;
    }
    for (int k = NL_DOCTYPE_UNKNOWN + 1; k <= NL_DOCTYPE_OTHER; k++)
        if (strcmp(s, nl_doctype_zh((nl_doctype)k)) == 0) {
            *t = (nl_doctype)k;
            return 1;
        }
    return 0;
}

/* Keep a problem about the cell on `line`; out of memory drops it (the cell
   is ignored either way). */
static void add_problem(nl_register *r, unsigned long line, const char *value)
{
    if (nl_grow((void **)&r->problems, &r->problems_cap, r->nproblems, sizeof *r->problems, 8) != 0)
        return;
    nl_error *p = &r->problems[r->nproblems++];
    /* a long cell is cut at a character boundary, so the message stays UTF-8 */
    size_t n = strlen(value), cut = n > 60 ? 60 : n;
    while (cut < n && ((unsigned char)value[cut] & 0xC0) == 0x80)
        cut--;
    nl_error_set(p, NL_ERR_PARSE, r->path,
                 "line %lu: the 类型 '%.*s%s' is not a document type (行政规范性文件 or 规范性文件, 规章, 地方性法规, "
                 "行政法规, 法律, 司法解释, 其他公文, or normative, rule, local-regulation, admin-regulation, law, "
                 "judicial, other); the cell is ignored",
                 line, (int)cut, value, cut < n ? "…" : "");
    p->line = line;
}

nl_status nl_register_load(nl_register **out, const char *path, nl_error *err)
{
    *out = NULL;
    char *raw = NULL;
    size_t len = 0;
    nl_status st = nl_read_file(path, "the register", (size_t)64 << 20, &raw, &len, err);
    if (st != NL_OK)
        return st;
    st = nl_register_load_memory(out, path, raw, len, err);
    free(raw);
    return st;
}

nl_status nl_register_load_memory(nl_register **out, const char *path, const char *data, size_t len,
                                  nl_error *err)
{
    *out = NULL;
    char *text = NULL;
    size_t tlen = 0;
    const char *enc = NULL;
    nl_status st = nl_text_decode((const unsigned char *)data, len, NULL, path, &text, &tlen, &enc, err);
    if (st != NL_OK)
        return st;
    nl_register *r = calloc(1, sizeof *r);
    r->path = strdup(path);
    size_t pos = 0;
    unsigned long line = 1;
    char **cells = NULL;
    size_t nc = 0;
    int col[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        col[c] = -1;
    int got = read_record(text, tlen, &pos, &cells, &nc, &line);
    if (got <= 0) {
        free(text);
        nl_register_free(r);
        if (got < 0)
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        return nl_error_set(err, NL_ERR_PARSE, path, "the register is empty");
    }
    int known = 0;
    for (size_t i = 0; i < nc; i++)
        for (int c = 0; c < NCOLS; c++)
            for (int k = 0; k < 3; k++)
                if (strcmp(cells[i], headers[c][k]) == 0 && col[c] < 0) {
                    col[c] = (int)i;
                    known++;
                }
    free_cells(cells, nc);
    if (!known) {
        free(text);
        nl_register_free(r);
        st = nl_error_set(err, NL_ERR_PARSE, path,
                          "the first line names no known column (文号/doc_number, 标题/title, 制定机关/issuer, "
                          "公布日期/published, 报备日期/filed, 文件/file, 类型/type)");
        if (err)
            err->line = 1;
        return st;
    }
    for (;;) {
        unsigned long at = line;
        got = read_record(text, tlen, &pos, &cells, &nc, &line);
        if (got == 0)
            break;
        if (got < 0) {
            free(text);
            nl_register_free(r);
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        }
        int empty = 1;
        for (size_t i = 0; i < nc; i++)
            empty &= cells[i][0] == '\0';
        if (empty) {
            free_cells(cells, nc);
            continue;
        }
        if (nl_grow((void **)&r->rows, &r->cap, r->n, sizeof *r->rows, 64) != 0) {
            free_cells(cells, nc);
            free(text);
            nl_register_free(r);
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        }
        nl_reg_row *row = &r->rows[r->n];
        memset(row, 0, sizeof *row);
        row->line = at;
        const char *v[NCOLS];
        for (int c = 0; c < NCOLS; c++)
            v[c] = col[c] >= 0 && (size_t)col[c] < nc ? cells[col[c]] : "";
        row->doc_number = strdup(v[COL_NUMBER]);
        row->title = strdup(v[COL_TITLE]);
        row->issuer = strdup(v[COL_ISSUER]);
        row->file = strdup(v[COL_FILE]);
        if (!parse_type(v[COL_TYPE], &row->type))
            add_problem(r, at, v[COL_TYPE]);
        r->n++;
        if (!parse_date(v[COL_PUBLISHED], &row->published) || !parse_date(v[COL_FILED], &row->filed)) {
            st = nl_error_set(err, NL_ERR_PARSE, path, "line %lu: a date is not in a known form (2024-05-08, 2024年5月8日)",
                              at);
            if (err)
                err->line = at;
            free_cells(cells, nc);
            free(text);
            nl_register_free(r);
            return st;
        }
        free_cells(cells, nc);
    }
    free(text);
    *out = r;
    return NL_OK;
}

long nl_reg_filing_days(const nl_reg_row *row)
{
    if (!row->published.year || !row->filed.year)
        return -1;
    return nl_date_days(&row->filed) - nl_date_days(&row->published);
}
