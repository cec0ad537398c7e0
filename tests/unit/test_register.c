/*
 * test_register.c — the register (登记簿) CSV: the 类型 column under each of
 * its headers, with the ids of --doc-type and the Chinese names; an unknown
 * type kept as a problem naming the file, the line and the value while the
 * rest of the register loads; and the type declared on the document a row
 * names (by 文件, else 文号, else 标题), as strong evidence.
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

static nl_register *load_reg(const char *name, const char *csv)
{
    nl_register *r = NULL;
    nl_error err;
    assert_int_equal(nl_register_load_memory(&r, name, csv, strlen(csv), &err), NL_OK);
    assert_non_null(r);
    return r;
}

/* Every row's type is the one expected, and nothing was a problem. */
static void assert_types(const nl_register *r, const nl_doctype *want, size_t n)
{
    assert_int_equal(nl_register_count(r), n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nl_register_row(r, i)->type, want[i]);
    assert_int_equal(nl_register_problem_count(r), 0);
}

static void test_type_chinese_names(void **state)
{
    (void)state;
    nl_register *r = load_reg("zh.csv", "文号,标题,类型\n"
                                        "A1,甲,行政规范性文件\n"
                                        "A2,乙,规范性文件\n"
                                        "A3,丙,规章\n"
                                        "A4,丁,地方性法规\n"
                                        "A5,戊,行政法规\n"
                                        "A6,己,法律\n"
                                        "A7,庚,司法解释\n"
                                        "A8,辛,其他公文\n"
                                        "A9,壬,\n"
                                        "A10,癸\n");
    static const nl_doctype want[] = {NL_DOCTYPE_NORMATIVE, NL_DOCTYPE_NORMATIVE,      NL_DOCTYPE_RULE,
                                      NL_DOCTYPE_LOCAL_REGULATION, NL_DOCTYPE_ADMIN_REGULATION, NL_DOCTYPE_LAW,
                                      NL_DOCTYPE_JUDICIAL,  NL_DOCTYPE_OTHER,          NL_DOCTYPE_UNKNOWN,
                                      NL_DOCTYPE_UNKNOWN};
    assert_types(r, want, 10);
    assert_null(nl_register_problem(r, 0));
    nl_register_free(r);
}

static void test_type_english_ids(void **state)
{
    (void)state;
    nl_register *r = load_reg("en.csv", "doc_number,title,type\n"
                                        "B1,a,normative\n"
                                        "B2,b,rule\n"
                                        "B3,c,local-regulation\n"
                                        "B4,d,admin-regulation\n"
                                        "B5,e,law\n"
                                        "B6,f,judicial\n"
                                        "B7,g, other \n");
    static const nl_doctype want[] = {NL_DOCTYPE_NORMATIVE,        NL_DOCTYPE_RULE, NL_DOCTYPE_LOCAL_REGULATION,
                                      NL_DOCTYPE_ADMIN_REGULATION, NL_DOCTYPE_LAW,  NL_DOCTYPE_JUDICIAL,
                                      NL_DOCTYPE_OTHER};
    assert_types(r, want, 7);
    nl_register_free(r);

    /* the third header, 文件类型, and the column in any position */
    r = load_reg("alt.csv", "文件类型,文号\n规章,C1\n");
    assert_int_equal(nl_register_row(r, 0)->type, NL_DOCTYPE_RULE);
    assert_string_equal(nl_register_row(r, 0)->doc_number, "C1");
    nl_register_free(r);

    /* without the column every row is untyped */
    r = load_reg("none.csv", "文号,标题\nD1,甲\n");
    assert_int_equal(nl_register_row(r, 0)->type, NL_DOCTYPE_UNKNOWN);
    nl_register_free(r);
}

static void test_type_unknown_is_a_problem(void **state)
{
    (void)state;
    /* the quoted title spans lines 3 and 4, so the bad rows are on CSV lines 5 to 7 */
    nl_register *r = load_reg("reg/bad.csv", "文号,标题,类型,报备日期\n"
                                             "E1,甲,规章,2024-05-08\n"
                                             "E2,\"乙\n（续）\",规章,\n"
                                             "E3,丙,条例草案,2024-06-01\n"
                                             "E4,丁,unknown,\n"
                                             "E5,戊,Rule,\n");
    /* every row is still there, with its other cells */
    assert_int_equal(nl_register_count(r), 5);
    assert_int_equal(nl_register_row(r, 2)->type, NL_DOCTYPE_UNKNOWN);
    assert_string_equal(nl_register_row(r, 2)->doc_number, "E3");
    assert_int_equal(nl_register_row(r, 2)->filed.month, 6);
    assert_int_equal(nl_register_row(r, 1)->type, NL_DOCTYPE_RULE);

    assert_int_equal(nl_register_problem_count(r), 3);
    const nl_error *p = nl_register_problem(r, 0);
    assert_non_null(p);
    assert_int_equal(p->status, NL_ERR_PARSE);
    assert_string_equal(p->path, "reg/bad.csv");
    assert_int_equal(p->line, 5);
    assert_non_null(strstr(p->message, "line 5:"));
    assert_non_null(strstr(p->message, "'条例草案'"));
    assert_non_null(strstr(p->message, "规章"));
    p = nl_register_problem(r, 1);
    assert_int_equal(p->line, 6);
    assert_non_null(strstr(p->message, "'unknown'")); /* a register that does not know leaves the cell empty */
    p = nl_register_problem(r, 2);
    assert_int_equal(p->line, 7);
    assert_non_null(strstr(p->message, "'Rule'")); /* ids are exact, as for --doc-type */
    assert_null(nl_register_problem(r, 3));
    nl_register_free(r);

    /* a long value is cut, still valid UTF-8 (a 3-byte character straddles byte 60) */
    char csv[512] = "类型\n";
    strcat(csv, "x");
    for (int i = 0; i < 40; i++)
        strcat(csv, "规");
    strcat(csv, "\n");
    r = load_reg("long.csv", csv);
    p = nl_register_problem(r, 0);
    assert_non_null(p);
    assert_non_null(strstr(p->message, "'x规规"));
    assert_non_null(strstr(p->message, "规…'")); /* cut before the character, not inside it */
    nl_register_free(r);

    /* a bad date still fails the whole load, as before */
    nl_register *bad = NULL;
    nl_error err;
    const char *dates = "文号,类型,公布日期\nF1,xx,2024-13-40\n";
    assert_int_equal(nl_register_load_memory(&bad, "d.csv", dates, strlen(dates), &err), NL_ERR_PARSE);
    assert_null(bad);
    assert_int_equal(err.line, 2);
}

static nl_doc *load_doc(const char *name, const char *text)
{
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(nl_load_memory(&d, name, text, strlen(text), NULL, &err), NL_OK);
    return d;
}

static const char measures[] = "江州市测试办法\n第一条　单位应当登记。\n第二条　本办法自2025年1月1日起施行。\n";
static const char notice[] = "江州市人民政府关于加强测试工作的通知\n江州府发〔2024〕11号\n\n各区人民政府：\n"
                             "一、加强测试。\n\n江州市人民政府\n2024年7月26日\n";

/* Declare the type the register gives the document PATH (TEXT); check the
   return, the type and whether it is still a guess. */
static void declared(const char *path, const char *text, const char *csv, int rc, nl_doctype type, int guessed)
{
    nl_doc *d = load_doc(path, text);
    nl_register *r = load_reg("r.csv", csv);
    assert_int_equal(nl_register_declare_type(r, d), rc);
    assert_int_equal(nl_doc_meta(d)->type, type);
    assert_int_equal(nl_doc_meta(d)->type_guessed, guessed);
    if (rc)
        assert_string_equal(nl_doc_meta(d)->type_reason, "由登记簿的类型列指定");
    nl_register_free(r);
    nl_doc_free(d);
}

static void test_declare_type(void **state)
{
    (void)state;
    /* without a register the measures are a guessed normative document */
    nl_doc *d = load_doc("archive/m.txt", measures);
    assert_int_equal(nl_doc_meta(d)->type, NL_DOCTYPE_NORMATIVE);
    assert_int_equal(nl_doc_meta(d)->type_guessed, 1);
    nl_doc_free(d);
    /* by file: the guess becomes a 规章, as strong evidence */
    declared("archive/m.txt", measures, "文件,类型\nother.txt,法律\nm.txt,规章\n", 1, NL_DOCTYPE_RULE, 0);
    /* a file name matches whole path components only */
    declared("archive/xm.txt", measures, "文件,类型\nm.txt,规章\n", 0, NL_DOCTYPE_NORMATIVE, 1);
    /* by 文号, English headers (the notice alone is of type other) */
    declared("n.txt", notice, "doc_number,type\n江州府发〔2024〕12号,law\n江州府发〔2024〕11号,normative\n", 1,
             NL_DOCTYPE_NORMATIVE, 0);
    /* by 标题, spaces ignored */
    declared("m.txt", measures, "标题,类型\n江州市 测试办法,地方性法规\n", 1, NL_DOCTYPE_LOCAL_REGULATION, 0);

    /* the row naming the file decides, even when it has no type and a row
       with the same title has one (the keys of the join, in its order) */
    d = load_doc("m.txt", measures);
    nl_register *r = load_reg("r.csv", "文件,标题,类型\n,江州市测试办法,规章\nm.txt,江州市测试办法,\n");
    assert_int_equal(nl_register_declare_type(r, d), 0);
    assert_int_equal(nl_doc_meta(d)->type, NL_DOCTYPE_NORMATIVE);
    assert_int_equal(nl_doc_meta(d)->type_guessed, 1);
    nl_register_free(r);

    /* an ignored (unknown) type declares nothing; no register neither */
    r = load_reg("r.csv", "文件,类型\nm.txt,部门文件\n");
    assert_int_equal(nl_register_problem_count(r), 1);
    assert_int_equal(nl_register_declare_type(r, d), 0);
    assert_int_equal(nl_register_declare_type(NULL, d), 0);
    assert_int_equal(nl_doc_meta(d)->type_guessed, 1);
    nl_register_free(r);
    nl_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_chinese_names),
        cmocka_unit_test(test_type_english_ids),
        cmocka_unit_test(test_type_unknown_is_a_problem),
        cmocka_unit_test(test_declare_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
