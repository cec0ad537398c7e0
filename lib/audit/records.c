/*
 * records.c — one record per input of an audit run, the join with the
 * register and the statistics of a filing review, and the register's 类型
 * declared on a document before it is checked.
 */
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "core/grow.h"
#include "normlint/audit.h"

const char *nl_conclusion_zh(nl_conclusion c)
{
    switch (c) {
    case NL_CONCL_FILE: return "予以备案";
    case NL_CONCL_AMEND: return "建议修改";
    case NL_CONCL_CORRECT: return "存在违法问题，应予纠正";
    case NL_CONCL_UNREVIEWABLE: return "无法审查";
    case NL_CONCL_NONE: return "非文件";
    }
    return "?";
}

const char *nl_conclusion_id(nl_conclusion c)
{
    switch (c) {
    case NL_CONCL_FILE: return "file";
    case NL_CONCL_AMEND: return "amend";
    case NL_CONCL_CORRECT: return "correct";
    case NL_CONCL_UNREVIEWABLE: return "unreviewable";
    case NL_CONCL_NONE: return "none";
    }
    return "?";
}

static char *dup_span(const nl_doc *doc, nl_span s)
{
    if (nl_span_empty(s))
        return NULL;
    return strndup(nl_doc_text(doc) + s.start, nl_span_len(s));
}

/* The title as the register is matched against: a title set over two lines
   reads as one. NULL when there is none (or no memory). */
static char *doc_title(const nl_doc *doc)
{
    char *t = dup_span(doc, nl_doc_meta(doc)->title);
    if (t) {
        char *w = t;
        for (const char *q = t; *q; q++)
            if (*q != '\n')
                *w++ = *q;
        *w = '\0';
    }
    return t;
}

nl_status nl_record_checked(nl_record *rec, const char *path, const nl_doc *doc, nl_result *res)
{
    nl_status st = nl_record_describe(rec, path, doc, res);
    rec->result = res;
    return st;
}

nl_status nl_record_describe(nl_record *rec, const char *path, const nl_doc *doc, const nl_result *res)
{
    memset(rec, 0, sizeof *rec);
    rec->reg_row = -1;
    rec->path = strdup(path);
    rec->status = NL_REC_CHECKED;
    rec->suppressed = nl_result_suppressed_by(res, NL_SUPPRESS_SOURCE);
    const nl_meta *m = nl_doc_meta(doc);
    rec->title = doc_title(doc);
    rec->doc_number = dup_span(doc, m->docnum.span);
    rec->doc_type = strdup(nl_doctype_id(m->type));
    if (m->signature)
        for (const nl_node *n = m->signature->first_child; n && !rec->issuer; n = n->next)
            if (n->kind == NL_NODE_ISSUER)
                rec->issuer = dup_span(doc, n->span);
    if (!nl_span_empty(m->signed_date.span))
        rec->date = m->signed_date.date;
    else if (!nl_span_empty(m->published.span))
        rec->date = m->published.date;
    if (nl_result_severity_count(res, NL_SEV_ERROR))
        rec->conclusion = NL_CONCL_CORRECT;
    else if (nl_result_severity_count(res, NL_SEV_WARNING))
        rec->conclusion = NL_CONCL_AMEND;
    else
        rec->conclusion = NL_CONCL_FILE;
    return rec->path && rec->doc_type ? NL_OK : NL_ERR_NOMEM;
}

void nl_record_problem(nl_record *rec, const char *path, nl_rec_status st, const char *error)
{
    memset(rec, 0, sizeof *rec);
    rec->reg_row = -1;
    rec->path = strdup(path);
    rec->status = st;
    rec->error = strdup(error ? error : "");
    rec->conclusion = st == NL_REC_UNREADABLE ? NL_CONCL_UNREVIEWABLE : NL_CONCL_NONE;
}

void nl_record_clear(nl_record *rec)
{
    free(rec->path);
    free(rec->error);
    free(rec->title);
    free(rec->doc_number);
    free(rec->doc_type);
    free(rec->issuer);
    nl_result_free(rec->result);
    memset(rec, 0, sizeof *rec);
    rec->reg_row = -1;
}

/* Title without spaces and without a trailing （试行） etc. for matching. */
static void norm_title(const char *s, char *out, size_t size)
{
    size_t k = 0;
    for (; *s && k + 4 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n')
            continue;
        if (c == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) { /* U+3000 */
            s += 2;
            continue;
        }
        out[k++] = *s;
    }
    out[k] = '\0';
}

static int path_matches(const char *path, const char *file)
{
    size_t pl = strlen(path), fl = strlen(file);
    if (!fl || fl > pl)
        return 0;
    if (strcmp(path + pl - fl, file) != 0)
        return 0;
    return pl == fl || path[pl - fl - 1] == '/';
}

/* Does `row` name the document by the key of `pass` (0 文件, 1 文号, 2 标题)?
   Any of path, doc_number, title may be NULL. */
static int row_names(const nl_reg_row *row, int pass, const char *path, const char *doc_number, const char *title)
{
    if (pass == 0)
        return path && path_matches(path, row->file);
    if (pass == 1)
        return doc_number && row->doc_number[0] && strcmp(doc_number, row->doc_number) == 0;
    if (!title || !row->title[0])
        return 0;
    char a[1024], b[1024];
    norm_title(title, a, sizeof a);
    norm_title(row->title, b, sizeof b);
    return strcmp(a, b) == 0;
}

int nl_register_declare_type(const nl_register *reg, nl_doc *doc)
{
    size_t nrows = nl_register_count(reg);
    size_t typed = 0;
    for (size_t k = 0; k < nrows && !typed; k++)
        typed = nl_register_row(reg, k)->type != NL_DOCTYPE_UNKNOWN;
    if (!typed)
        return 0; /* no 类型 column (the usual register): no need to read the keys */
    char *number = dup_span(doc, nl_doc_meta(doc)->docnum.span);
    char *title = doc_title(doc);
    const nl_reg_row *hit = NULL;
    for (int pass = 0; pass < 3 && !hit; pass++)
        for (size_t k = 0; k < nrows && !hit; k++)
            if (row_names(nl_register_row(reg, k), pass, nl_doc_path(doc), number, title))
                hit = nl_register_row(reg, k);
    free(number);
    free(title);
    if (!hit || hit->type == NL_DOCTYPE_UNKNOWN)
        return 0;
    nl_doc_declare_type(doc, hit->type, NL_REGISTER_TYPE_REASON);
    return 1;
}

void nl_audit_join(nl_record *recs, size_t n, const nl_register *reg, const nl_profile *profile,
                   nl_audit_stats *st)
{
    memset(st, 0, sizeof *st);
    size_t nrows = nl_register_count(reg);
    char *used = calloc(nrows ? nrows : 1, 1);
    st->inputs = n;
    for (size_t i = 0; i < n; i++) {
        nl_record *r = &recs[i];
        r->reg_row = -1;
        st->conclusions[r->conclusion]++;
        if (r->status == NL_REC_NOT_DOCUMENT) {
            st->not_documents++;
            continue;
        }
        st->documents++;
        if (r->status == NL_REC_CHECKED) {
            st->checked++;
            for (int s = 0; s < 3; s++)
                st->findings[s] += nl_result_severity_count(r->result, (nl_severity)s);
            st->suppressed += r->suppressed;
        } else {
            st->unreadable++;
        }
        /* by file, else 文号, else title */
        for (int pass = 0; pass < 3 && r->reg_row < 0; pass++)
            for (size_t k = 0; k < nrows && r->reg_row < 0; k++) {
                const nl_reg_row *row = nl_register_row(reg, k);
                if (used[k])
                    continue;
                if (row_names(row, pass, r->path, r->doc_number, r->title)) {
                    r->reg_row = (long)k;
                    used[k] = 1;
                }
            }
        /* only what must be filed counts as unregistered: normative documents and 规章 */
        if (reg && r->reg_row < 0 &&
            (!r->doc_type || !strcmp(r->doc_type, "normative") || !strcmp(r->doc_type, "rule") ||
             !strcmp(r->doc_type, "unknown")))
            st->unregistered++;
    }
    long deadline = 0;
    int verified = 0;
    if (profile && nl_profile_number(profile, "filing.deadline-days", &deadline, &verified)) {
        st->deadline_days = deadline;
        st->deadline_verified = verified;
    }
    st->formulated = reg ? nrows : st->documents;
    for (size_t k = 0; k < nrows; k++) {
        const nl_reg_row *row = nl_register_row(reg, k);
        if (!used[k])
            st->missing_files++;
        if (row->filed.year) {
            st->filed++;
            long days = nl_reg_filing_days(row);
            if (deadline > 0 && days >= 0) {
                if (days > deadline)
                    st->late++;
                else
                    st->on_time++;
            }
        }
        if (row->doc_number[0])
            for (size_t j = 0; j < nrows; j++)
                if (j != k && strcmp(nl_register_row(reg, j)->doc_number, row->doc_number) == 0) {
                    st->duplicate_numbers++;
                    break;
                }
    }
    free(used);
}

static int by_rule_id(const void *a, const void *b)
{
    return strcmp(nl_rule_id(((const nl_rule_count *)a)->rule), nl_rule_id(((const nl_rule_count *)b)->rule));
}

size_t nl_audit_rule_counts(const nl_record *recs, size_t n, nl_rule_count **out)
{
    nl_rule_count *c = NULL;
    size_t nc = 0, cap = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nl_result_count(recs[i].result); k++) {
            const nl_finding *fd = nl_result_finding(recs[i].result, k);
            if (fd->severity == NL_SEV_INFO)
                continue;
            size_t j = 0;
            while (j < nc && c[j].rule != fd->rule)
                j++;
            if (j == nc) {
                if (nl_grow((void **)&c, &cap, nc, sizeof *c, 16) != 0)
                    continue;
                c[nc++] = (nl_rule_count){fd->rule, 0};
            }
            c[j].n++;
        }
    if (nc > 1)
        qsort(c, nc, sizeof *c, by_rule_id);
    *out = c;
    return nc;
}

unsigned nl_audit_shard(const char *rel, unsigned shards)
{
    while (*rel == '/')
        rel++;
    return shards ? (unsigned)(nl_hash64(NL_HASH64_INIT, rel, strlen(rel)) % shards) : 0;
}
