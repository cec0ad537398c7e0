/*
 * audit.h — the filing-review audit (备案审查): a register of documents
 * formulated and filed (登记簿, CSV), the records of an archive run (one per
 * input: checked, unreadable, or not a document format), the join between
 * them and the statistics a filing-review report states: 备案率, timeliness,
 * review conclusions and 纠错率.
 */
#ifndef NORMLINT_AUDIT_H
#define NORMLINT_AUDIT_H

#include <stddef.h>
#include "core.h"
#include "cnum.h"
#include "doc.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the register ---- */

typedef struct nl_reg_row {
    char *doc_number, *title, *issuer, *file; /* "" when the column is absent or empty */
    nl_date published, filed;                 /* year 0 when empty */
    nl_doctype type;                          /* the 类型 column; NL_DOCTYPE_UNKNOWN when absent, empty
                                                 or not a known type (see nl_register_problem) */
    unsigned long line;                       /* line in the CSV */
} nl_reg_row;

typedef struct nl_register nl_register;

/* Read a register CSV (UTF-8 or GB18030; RFC 4180 quoting). Headers in
 * Chinese or English: 文号/doc_number, 标题/title, 制定机关/issuer,
 * 公布日期/published, 报备日期/filed, 文件/file, 类型/type (also 文件类型;
 * other columns are ignored). Dates as 2024-05-08, 2024/5/8, 2024.5.8 or
 * 2024年5月8日. A type is an id of --doc-type (normative, rule, ...) or its
 * Chinese name (行政规范性文件 or 规范性文件, 规章, 地方性法规, 行政法规, 法律,
 * 司法解释, 其他公文). A malformed date or a header without any known column is
 * NL_ERR_PARSE with the line. An unknown type does not fail the load: the
 * cell is ignored and the register keeps a problem naming the line and the
 * value (nl_register_problem). */
nl_status nl_register_load(nl_register **out, const char *path, nl_error *err);
/* The same for the bytes of a register held in memory; `name` stands for the
 * path in messages and in nl_register_path(). */
nl_status nl_register_load_memory(nl_register **out, const char *name, const char *data, size_t len,
                                  nl_error *err);
void nl_register_free(nl_register *r);
size_t nl_register_count(const nl_register *r);
const nl_reg_row *nl_register_row(const nl_register *r, size_t i);
const char *nl_register_path(const nl_register *r);
/* Cells the load ignored (an unknown 类型), in line order: each an error with
 * the register's path, the line, and a message naming the line and the value.
 * Borrowed from r; NULL when i is out of range. */
size_t nl_register_problem_count(const nl_register *r);
const nl_error *nl_register_problem(const nl_register *r, size_t i);

/* The reason a document typed by the register gives (nl_meta.type_reason). */
#define NL_REGISTER_TYPE_REASON "由登记簿的类型列指定"

/* Declare the type the register gives a loaded document, before it is
 * checked: the row naming the document (by 文件, else 文号, else 标题 — the
 * keys of nl_audit_join, taken here without regard to rows other documents
 * paired with, so the result does not depend on the order or the sharding of
 * the run) decides, when its 类型 is set. Like --doc-type, the type is then
 * strong evidence (type_guessed 0, reason NL_REGISTER_TYPE_REASON). Returns 1
 * when a type was declared, 0 otherwise (no such row, no type, reg NULL). */
int nl_register_declare_type(const nl_register *reg, nl_doc *doc);

/* ---- records of an audit run ---- */

typedef enum nl_rec_status {
    NL_REC_CHECKED = 0,
    NL_REC_UNREADABLE,  /* a document that could not be read (reason in error) */
    NL_REC_NOT_DOCUMENT /* a file whose name no loader claims: listed, not read */
} nl_rec_status;

typedef enum nl_conclusion {
    NL_CONCL_FILE = 0,   /* 予以备案: no findings at warning or error */
    NL_CONCL_AMEND,      /* 建议修改: warnings only */
    NL_CONCL_CORRECT,    /* 存在违法问题·应予纠正: errors */
    NL_CONCL_UNREVIEWABLE, /* 无法审查: unreadable */
    NL_CONCL_NONE        /* not a document */
} nl_conclusion;
const char *nl_conclusion_zh(nl_conclusion c);
const char *nl_conclusion_id(nl_conclusion c); /* "file", "amend", "correct", "unreviewable", "none" */

typedef struct nl_record {
    size_t index;                    /* position among all inputs of the run (shards keep it) */
    char *path;
    nl_rec_status status;
    char *error;                     /* unreadable / not a document: why */
    char *title, *doc_number, *doc_type, *issuer; /* from the recogniser; NULL when none */
    nl_date date;                    /* 成文 (else 公布) date, year 0 when none */
    nl_result *result;               /* owned; NULL unless checked */
    size_t suppressed;               /* findings set aside by normlint-disable comments of the document */
    nl_conclusion conclusion;
    long reg_row;                    /* index of the matching register row, -1 when none */
} nl_record;

/* Fill a record from a checked document (takes ownership of res). */
nl_status nl_record_checked(nl_record *rec, const char *path, const nl_doc *doc, nl_result *res);
/* The same description of a checked document without taking its result
 * (rec->result stays NULL; the conclusion is still read from res). */
nl_status nl_record_describe(nl_record *rec, const char *path, const nl_doc *doc, const nl_result *res);
void nl_record_problem(nl_record *rec, const char *path, nl_rec_status st, const char *error);
void nl_record_clear(nl_record *rec);

/* ---- the join and the statistics ---- */

typedef struct nl_audit_stats {
    size_t inputs, documents, checked, unreadable, not_documents;
    size_t formulated;        /* register rows, else documents */
    size_t filed;             /* register rows with a 报备日期 */
    size_t on_time, late;     /* filed within / after the deadline */
    long deadline_days;       /* from the profile (filing.deadline-days), 0 when unknown */
    int deadline_verified;
    size_t unregistered;      /* normative documents and 规章 (or unreadable ones) with no register row */
    size_t missing_files;     /* register rows with no document */
    size_t duplicate_numbers; /* register rows whose 文号 another row also has */
    size_t conclusions[5];    /* by nl_conclusion */
    size_t findings[3];       /* by severity */
    size_t suppressed;        /* findings set aside by normlint-disable comments */
    size_t expected_inputs;   /* merge: the inputs of the whole run (0: a run of its own) */
    int partial;              /* merge --allow-partial: shards are missing, the counts are of those given */
} nl_audit_stats;

/* The shard (0 .. shards-1) of an input, from its path below the folder
 * being walked: the same on every machine (audit --shard K/N). */
unsigned nl_audit_shard(const char *path_below_root, unsigned shards);

/* Join records to register rows (by file path, else 文号, else normalised
 * title) and compute the statistics. `reg` may be NULL. */
void nl_audit_join(nl_record *recs, size_t n, const nl_register *reg, const nl_profile *profile,
                   nl_audit_stats *stats);
/* Problems by rule: findings at warning or error per rule, sorted by rule id.
 * *out is malloc'd (free it); returns the number of rules. */
typedef struct nl_rule_count {
    const nl_rule *rule;
    size_t n;
} nl_rule_count;
size_t nl_audit_rule_counts(const nl_record *recs, size_t n, nl_rule_count **out);

/* Days between publication and filing of a register row (−1 when unknown). */
long nl_reg_filing_days(const nl_reg_row *row);

#ifdef __cplusplus
}
#endif
#endif
