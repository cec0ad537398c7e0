/*
 * test_records.c — audit records (lib/audit/records.c): a record describes a
 * checked document (title, 文号, type, issuer, date, conclusion from its
 * findings) with or without taking its result; an unreadable input and a file
 * that is not a document get their conclusions; the statistics of a run
 * without a register count them; the shard of a path is the same on every
 * machine (fixed values of the hash).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normlint/normlint.h"
#include "support/packs.h"
#include "support/env.h"


static const char *const draft = "江州市某某管理办法\n江府规〔2024〕5号\n第一条　违反的，处五百元罚款。\n"
                                 "第二条　本办法自2024年8月1日起施行，有效期5年。\n江州市人民政府\n2024年6月1日\n";
static const char *const clean = "江州市某某管理办法\n第一条　依法处理。\n江州市人民政府\n2024年6月1日\n";

/* A record of `text` checked by the one-rule pack; `take`: the record owns the result. */
static void record_of(nl_record *rec, const char *path, const char *text, int take)
{
    nl_ruleset *rs = NULL;
    nl_matcher *m = NULL;
    nl_doc *doc = NULL;
    nl_result *res = NULL;
    nl_error err;
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "p.yaml", nl_test_fine_pack, strlen(nl_test_fine_pack), &err), NL_OK);
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    assert_int_equal(nl_doc_from_utf8(&doc, path, text, strlen(text), &err), NL_OK);
    assert_int_equal(nl_check(&res, m, rs, doc, NULL, &err), NL_OK);
    if (take) {
        assert_int_equal(nl_record_checked(rec, path, doc, res), NL_OK);
        assert_ptr_equal(rec->result, res);
    } else {
        assert_int_equal(nl_record_describe(rec, path, doc, res), NL_OK);
        assert_null(rec->result);
        nl_result_free(res);
    }
    nl_doc_free(doc);
    nl_matcher_free(m);
    nl_ruleset_free(rs);
}

static void test_checked(void **state)
{
    (void)state;
    nl_record r;
    record_of(&r, "a.txt", draft, 1);
    assert_string_equal(r.path, "a.txt");
    assert_int_equal(r.status, NL_REC_CHECKED);
    assert_string_equal(r.title, "江州市某某管理办法");
    assert_string_equal(r.doc_number, "江府规〔2024〕5号");
    assert_string_equal(r.doc_type, "normative");
    assert_string_equal(r.issuer, "江州市人民政府");
    assert_int_equal(r.date.year, 2024);
    assert_int_equal(r.date.month, 6);
    assert_int_equal(r.conclusion, NL_CONCL_CORRECT);
    assert_int_equal(nl_result_count(r.result), 1);
    nl_record_clear(&r);
    assert_null(r.path);
    assert_int_equal(r.reg_row, -1);
}

static void test_described_without_the_result(void **state)
{
    (void)state;
    nl_record r;
    record_of(&r, "b.txt", clean, 0);
    assert_int_equal(r.conclusion, NL_CONCL_FILE);
    assert_null(r.doc_number);
    nl_record_clear(&r);
}

static void test_problems_and_statistics(void **state)
{
    (void)state;
    nl_record recs[4];
    record_of(&recs[0], "a.txt", draft, 1);
    record_of(&recs[1], "b.txt", clean, 1);
    nl_record_problem(&recs[2], "c.txt", NL_REC_UNREADABLE, "cannot open: No such file or directory");
    nl_record_problem(&recs[3], "d.pdf", NL_REC_NOT_DOCUMENT, "不是 normlint 读取的文件格式（.pdf），未审查");
    assert_int_equal(recs[2].conclusion, NL_CONCL_UNREVIEWABLE);
    assert_int_equal(recs[3].conclusion, NL_CONCL_NONE);
    assert_string_equal(recs[2].error, "cannot open: No such file or directory");
    nl_audit_stats st;
    nl_audit_join(recs, 4, NULL, nl_profile_builtin(), &st);
    assert_int_equal(st.inputs, 4);
    assert_int_equal(st.checked, 2);
    assert_int_equal(st.unreadable, 1);
    assert_int_equal(st.not_documents, 1);
    assert_int_equal(st.conclusions[NL_CONCL_CORRECT], 1);
    assert_int_equal(st.conclusions[NL_CONCL_FILE], 1);
    assert_int_equal(st.findings[NL_SEV_ERROR], 1);
    assert_int_equal(st.partial, 0);
    for (int i = 0; i < 4; i++)
        nl_record_clear(&recs[i]);
}

/* FNV-1a of the path below the walked folder; leading slashes do not count */
static void test_shard_is_stable(void **state)
{
    (void)state;
    assert_int_equal(nl_audit_shard("a/b.txt", 4), 1);
    assert_int_equal(nl_audit_shard("/a/b.txt", 4), 1);
    assert_int_equal(nl_audit_shard("a/b.txt", 7), 4);
    assert_int_equal(nl_audit_shard("政策/江州市办法.docx", 4), 3);
    assert_int_equal(nl_audit_shard("x", 7), 3);
    assert_int_equal(nl_audit_shard("x", 1), 0);
    assert_int_equal(nl_audit_shard("x", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checked),
        cmocka_unit_test(test_described_without_the_result),
        cmocka_unit_test(test_problems_and_statistics),
        cmocka_unit_test(test_shard_is_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
