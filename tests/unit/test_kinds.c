/*
 * test_kinds.c — the semantic rule kinds (dates, numbering, citation), the
 * profile loader and the project config: exact messages and positions, the
 * not-verified cap, --as-of, vetoes, parameter errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "normlint/normlint.h"
#include "support/env.h"

static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/nlkindsXXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    write_file("laws.tsv", "# test table\n中华人民共和国合同法\treplaced\t2021-01-01\t中华人民共和国民法典\n"
                           "某某暂行条例\trepealed\t2010-05-01\t(none)\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A rule of `kind` with params; examples are skipped by giving trivially
   behaving ones: a bad example is `bad`, good examples are `good`. */
static nl_ruleset *rule(const char *kind, const char *params, const char *extra, const char *bad, const char *good)
{
    char y[4096];
    snprintf(y, sizeof y,
             "id: t.k\nkind: %s\nseverity: error\ntitle: t\nmessage: m\nbasis: []\nadvice: a\nscope: %s\n"
             "params: %s\n%sexamples:\n  bad: [\"%s\", \"%s\"]\n  good: [\"%s\", \"%s\"]\n",
             kind, strcmp(kind, "citation") == 0 ? "sentence" : "document", params, extra, bad, bad, good, good);
    char path[512];
    snprintf(path, sizeof path, "%s/r.yaml", tmpdir);
    write_file("r.yaml", y);
    nl_ruleset *rs = NULL;
    nl_error err;
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
    nl_status st = nl_ruleset_load_file(rs, path, &err);
    if (st != NL_OK)
        fprintf(stderr, "%lu:%lu: %s\n", err.line, err.column, err.message);
    assert_int_equal(st, NL_OK);
    return rs;
}

static nl_result *run(nl_ruleset *rs, const char *text, const nl_check_opts *o, nl_doc **d)
{
    nl_error err;
    nl_matcher *m = NULL;
    nl_result *res = NULL;
    assert_int_equal(nl_doc_from_utf8(d, "d.txt", text, strlen(text), &err), NL_OK);
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    assert_int_equal(nl_check(&res, m, rs, *d, o, &err), NL_OK);
    nl_matcher_free(m);
    return res;
}

static void expect_one(nl_ruleset *rs, const char *text, const nl_check_opts *o, const char *msg, size_t line,
                       nl_severity sev)
{
    nl_doc *d = NULL;
    nl_result *res = run(rs, text, o, &d);
    if (nl_result_count(res) != 1)
        fprintf(stderr, "%zu findings on: %s\n", nl_result_count(res), text);
    assert_int_equal(nl_result_count(res), 1);
    const nl_finding *f = nl_result_finding(res, 0);
    assert_string_equal(f->message, msg);
    assert_int_equal(f->start.line, line);
    assert_int_equal(f->severity, sev);
    nl_result_free(res);
    nl_doc_free(d);
}

static void expect_none(nl_ruleset *rs, const char *text, const nl_check_opts *o)
{
    nl_doc *d = NULL;
    nl_result *res = run(rs, text, o, &d);
    if (nl_result_count(res))
        fprintf(stderr, "unexpected: %s\n", nl_result_finding(res, 0)->message);
    assert_int_equal(nl_result_count(res), 0);
    nl_result_free(res);
    nl_doc_free(d);
}

static void test_dates(void **state)
{
    (void)state;
    nl_ruleset *rs = rule("dates", "{check: effective-past}", "",
                          "某办法\\n第一条　本办法自2024年1月1日起施行。\\n江州市人民政府\\n2024年3月1日",
                          "某办法\\n第一条　本办法自2024年5月1日起施行。\\n江州市人民政府\\n2024年3月1日");
    expect_one(rs, "某办法\n第一条　本办法自2024年1月1日起施行。\n江州市人民政府\n2024年3月1日\n", NULL,
               "施行日期2024年1月1日早于成文（公布）日期2024年3月1日，文件溯及既往。", 2, NL_SEV_ERROR);
    nl_ruleset_free(rs);

    /* too long, with a profile; a not-verified parameter caps the severity at warning */
    rs = rule("dates", "{check: validity-too-long}", "", "某办法\\n第一条　本办法自2024年5月1日起施行，有效期10年。",
              "某办法\\n第一条　本办法自2024年5月1日起施行，有效期5年。");
    const char *ten = "某办法\n第一条　本办法自2024年5月1日起施行，有效期8年。\n";
    expect_one(rs, ten, NULL, "有效期8年，超过5年的上限。", 2, NL_SEV_ERROR);
    write_file("p3.yaml", "name: p3\nparameters:\n  validity.max-years: {value: 3, status: not-verified}\n");
    char path[512];
    snprintf(path, sizeof path, "%s/p3.yaml", tmpdir);
    nl_profile *p = NULL;
    nl_error err;
    assert_int_equal(nl_profile_load(&p, path, &err), NL_OK);
    assert_string_equal(nl_profile_name(p), "p3");
    nl_check_opts o = {NL_SEV_INFO, p, {0, 0, 0, NL_DATE_NONE, 0}};
    expect_one(rs, "某办法\n第一条　本办法自2024年5月1日起施行，有效期4年。\n", &o, "有效期4年，超过3年的上限。", 2,
               NL_SEV_WARNING);
    expect_none(rs, "某办法\n第一条　本办法自2024年5月1日起施行，有效期4年。\n", NULL);
    nl_profile_free(p);
    nl_ruleset_free(rs);

    /* immediate effect: only where the precondition pattern matches, unless excused */
    rs = rule("dates", "{check: effective-immediate}", "pattern: '企业'\nunless: '应急'\n",
              "某办法\\n第一条　企业应当登记。\\n第二条　本办法自印发之日起施行。",
              "某办法\\n第一条　居民应当登记。\\n第二条　本办法自印发之日起施行。");
    expect_one(rs, "某办法\n第一条　企业应当登记。\n第二条　本办法自印发之日起施行。\n", NULL,
               "涉及市场主体的文件自印发（公布）之日起施行，未为市场主体留出适应调整期（一般不少于三十日）。", 3,
               NL_SEV_ERROR);
    expect_none(rs, "某办法\n第一条　企业应当做好应急值守。\n第二条　本办法自印发之日起施行。\n", NULL);
    nl_ruleset_free(rs);
}

static void test_numbering(void **state)
{
    (void)state;
    nl_ruleset *rs = rule("numbering", "{check: cross-references}", "",
                          "某办法\\n第一条　违反本办法第九条的，责令改正。", "某办法\\n第一条　违反本办法第一条的，责令改正。");
    expect_one(rs, "某办法\n第一条　甲。\n第二条　违反本办法第十二条规定的，责令改正。\n", NULL,
               "引用的“本办法第十二条”不存在：本文件共2条。", 3, NL_SEV_ERROR);
    nl_ruleset_free(rs);
    rs = rule("numbering", "{check: outline}", "", "某通知\\n一、甲\\n1.乙。", "某通知\\n一、甲\\n二、乙");
    expect_one(rs, "某通知\n一、总体要求\n1.加强领导。\n", NULL, "层级标题“1.”跳级：缺少“（一）”一级。", 3, NL_SEV_ERROR);
    nl_ruleset_free(rs);
    rs = rule("numbering", "{check: articles}", "", "某办法\\n第一条　甲。\\n第三条　乙。",
              "某办法\\n第一条　甲。\\n第二条　乙。");
    expect_one(rs, "某办法\n第一条　甲。\n第二条　乙：\n(一)丙；\n(二)丁。\n", NULL,
               "项的序号“(一)”形式不规范，应使用中文数字加全角括号（如“（一）”）；同一列表不再逐项提示。", 4,
               NL_SEV_ERROR);
    nl_ruleset_free(rs);
}

static void test_citation(void **state)
{
    (void)state;
    nl_ruleset *rs = rule("citation", "{check: repealed, table: laws.tsv}", "unless: '原《'\n",
                          "某办法\\n第一条　依照《合同法》处理。\\n某局\\n2022年1月1日",
                          "某办法\\n第一条　依照《合同法》处理。\\n某局\\n2020年1月1日");
    const char *doc = "某办法\n第一条　依照《中华人民共和国合同法》处理。\n某局\n2022年1月1日\n";
    expect_one(rs, doc, NULL, "引用的《中华人民共和国合同法》已于2021年1月1日被《中华人民共和国民法典》取代，不能再作为依据。",
               2, NL_SEV_ERROR);
    /* --as-of before the change: nothing */
    nl_check_opts o = {NL_SEV_INFO, NULL, {2020, 6, 1, NL_DATE_CN_ARABIC, 0}};
    expect_none(rs, doc, &o);
    /* history is not a basis */
    expect_none(rs, "某办法\n第一条　原《中华人民共和国合同法》的规定不再适用。\n某局\n2022年1月1日\n", NULL);
    /* no date in the document: judged as of today, lowered to a warning */
    expect_one(rs, "某办法\n第一条　依照《某某暂行条例》处理。\n", NULL,
               "引用的《某某暂行条例》已于2010年5月1日废止，不能再作为依据。（文件未载明日期，按检查当日判断。）", 2,
               NL_SEV_WARNING);
    nl_ruleset_free(rs);
}

static void test_param_errors(void **state)
{
    (void)state;
    const char *y = "id: t.k\nkind: dates\nseverity: error\ntitle: t\nmessage: m\nbasis: []\nadvice: a\n"
                    "params: {check: soon}\nexamples:\n  bad: [x。, y。]\n  good: [x。, y。]\n";
    nl_ruleset *rs = NULL;
    nl_error err;
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "p.yaml", y, strlen(y), &err), NL_ERR_RULE);
    assert_int_equal(err.line, 8);
    assert_int_equal(err.column, 17);
    assert_string_equal(err.message, "unknown check 'soon' for kind 'dates' (expected effective-past, effective-immediate, "
                                     "validity-too-long, trial-too-long, validity-inconsistent, signed-date-form)");
    nl_ruleset_free(rs);
    const char *z = "id: t.k\nkind: pattern\nseverity: error\ntitle: t\nmessage: m\nbasis: []\nadvice: a\npattern: x\n"
                    "params: {a: 1}\nexamples:\n  bad: [x。, x。]\n  good: [y。, y。]\n";
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "p.yaml", z, strlen(z), &err), NL_ERR_RULE);
    assert_string_equal(err.message, "kind 'pattern' takes no 'params'");
    nl_ruleset_free(rs);
}

static void test_config(void **state)
{
    (void)state;
    write_file(".normlint.yaml", "profile: beijing\nrules: [extra]\ndisable: ['t.*']\nseverity: {t.k: info}\n"
                                 "ignore: ['old/*']\n");
    char sub[512], found[1024];
    snprintf(sub, sizeof sub, "%s/a", tmpdir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(nl_config_find(sub, found, sizeof found), 1);
    assert_non_null(strstr(found, "/.normlint.yaml"));
    nl_config *c = NULL;
    nl_error err;
    assert_int_equal(nl_config_load(&c, found, &err), NL_OK);
    assert_string_equal(nl_config_profile(c), "beijing");
    assert_int_equal(nl_config_rules_count(c), 1);
    assert_non_null(strstr(nl_config_rules(c, 0), "/extra"));
    char old[600];
    snprintf(old, sizeof old, "%s/old", tmpdir);
    assert_int_equal(mkdir(old, 0700), 0);
    write_file("old/x.txt", "x");
    write_file("a/y.txt", "y");
    snprintf(old, sizeof old, "%s/old/x.txt", tmpdir);
    snprintf(sub, sizeof sub, "%s/a/y.txt", tmpdir);
    assert_int_equal(nl_config_ignored(c, old), 1);
    assert_int_equal(nl_config_ignored(c, sub), 0);
    nl_ruleset *rs = rule("dates", "{check: effective-past}", "",
                          "某办法\\n第一条　本办法自2024年1月1日起施行。\\n江州市人民政府\\n2024年3月1日",
                          "某办法\\n第一条　本办法自2024年5月1日起施行。\\n江州市人民政府\\n2024年3月1日");
    assert_int_equal(nl_config_apply(c, rs, &err), NL_OK);
    assert_false(nl_rule_enabled(nl_ruleset_find(rs, "t.k")));
    assert_int_equal(nl_rule_severity(nl_ruleset_find(rs, "t.k")), NL_SEV_INFO);
    nl_ruleset_free(rs);
    nl_config_free(c);
    write_file(".normlint.yaml", "severity: {t.k: fatal}\n");
    assert_int_equal(nl_config_load(&c, found, &err), NL_ERR_RULE);
    assert_string_equal(err.message, "severity of 't.k' must be error, warning or info");
    assert_int_equal(err.line, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),        cmocka_unit_test(test_numbering), cmocka_unit_test(test_citation),
        cmocka_unit_test(test_param_errors), cmocka_unit_test(test_config),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
