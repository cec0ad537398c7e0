/*
 * test_rules.c — rule packs and the engine: validation problems with their
 * file/line/column, scopes, `unless` vetoes, `require`, overlapping matches,
 * {match} messages, applies-to, enable/disable, fingerprints, the PCRE2
 * limits, and the examples runner.
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

/* A rule with defaults that the tests override through `extra` lines. */
static char *rule_yaml(const char *id, const char *kind, const char *scope, const char *pattern, const char *extra,
                       const char *bad1, const char *bad2, const char *good1, const char *good2)
{
    static char buf[8192];
    snprintf(buf, sizeof buf,
             "id: %s\n"
             "kind: %s\n"
             "severity: error\n"
             "title: 测试\n"
             "message: 发现“{match}”\n"
             "basis: [\"《某法》\"]\n"
             "advice: 修改。\n"
             "scope: %s\n"
             "pattern: '%s'\n"
             "%s"
             "examples:\n"
             "  bad: [\"%s\", \"%s\"]\n"
             "  good: [\"%s\", \"%s\"]\n",
             id, kind, scope, pattern, extra, bad1, bad2, good1, good2);
    return buf;
}

static nl_ruleset *load_ok(const char *yaml)
{
    nl_ruleset *rs = NULL;
    nl_error err;
    assert_int_equal(nl_ruleset_new(&rs, &err), NL_OK);
    nl_status st = nl_ruleset_load_memory(rs, "t.yaml", yaml, strlen(yaml), &err);
    if (st != NL_OK)
        fprintf(stderr, "unexpected problem: %s:%lu:%lu: %s\n", err.path, err.line, err.column, err.message);
    assert_int_equal(st, NL_OK);
    return rs;
}

/* Load yaml expecting exactly one problem at line:col whose message contains `what`. */
static void load_bad(const char *yaml, unsigned long line, unsigned long col, const char *what)
{
    nl_ruleset *rs = NULL;
    nl_error err;
    assert_int_equal(nl_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "bad.yaml", yaml, strlen(yaml), &err), NL_ERR_RULE);
    assert_string_equal(err.path, "bad.yaml");
    if (!strstr(err.message, what) || err.line != line || err.column != col)
        fprintf(stderr, "got %lu:%lu: %s\n", err.line, err.column, err.message);
    assert_non_null(strstr(err.message, what));
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
    assert_int_equal(nl_ruleset_count(rs), 0);
    nl_ruleset_free(rs);
}

static nl_result *check(nl_ruleset *rs, nl_doc **doc, const char *text)
{
    nl_error err;
    nl_matcher *m = NULL;
    nl_result *res = NULL;
    assert_int_equal(nl_doc_from_utf8(doc, "d.txt", text, strlen(text), &err), NL_OK);
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    assert_int_equal(nl_check(&res, m, rs, *doc, NULL, &err), NL_OK);
    nl_matcher_free(m);
    return res;
}

static const char *span_text(const nl_doc *d, nl_span s)
{
    static char buf[512];
    size_t n = s.end - s.start < 511 ? s.end - s.start : 511;
    memcpy(buf, nl_doc_text(d) + s.start, n);
    buf[n] = '\0';
    return buf;
}

static void test_valid_rule(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(rule_yaml("power.penalty.create", "pattern", "sentence", "处[^。；]{0,10}罚款",
                                       "unless: '不得'\n", "处五百元罚款。", "并处一千元罚款。", "不得处罚款。",
                                       "依法处理。"));
    assert_int_equal(nl_ruleset_count(rs), 1);
    const nl_rule *r = nl_ruleset_find(rs, "power.penalty.create");
    assert_non_null(r);
    assert_string_equal(nl_rule_kind(r), "pattern");
    assert_string_equal(nl_rule_scope(r), "sentence");
    assert_int_equal(nl_rule_severity(r), NL_SEV_ERROR);
    assert_string_equal(nl_rule_applies(r, 0), "all");
    assert_int_equal(nl_rule_example_count(r, 1), 2);
    assert_string_equal(nl_rule_basis(r, 0), "《某法》");
    nl_ruleset_free(rs);
}

static void test_problems(void **state)
{
    (void)state;
    /* unknown key with a suggestion, at the key */
    load_bad(rule_yaml("a.b", "pattern", "sentence", "x", "patern: y\n", "x。", "xx。", "y。", "z。"), 10, 1,
             "unknown key 'patern' (did you mean 'pattern'?)");
    /* missing key, at the mapping */
    load_bad("id: a.b\nkind: pattern\nseverity: error\ntitle: t\nmessage: m\nbasis: []\npattern: x\n"
             "examples:\n  bad: [x, xx]\n  good: [y, z]\n",
             1, 1, "missing required key 'advice'");
    /* bad severity, at the value */
    load_bad("id: a.b\nkind: pattern\nseverity: fatal\ntitle: t\nmessage: m\nbasis: []\nadvice: a\npattern: x\n"
             "examples:\n  bad: [x, xx]\n  good: [y, z]\n",
             3, 11, "unknown severity 'fatal'");
    /* a pattern that does not compile: PCRE2's message and the offset */
    load_bad(rule_yaml("a.b", "pattern", "sentence", "处(罚款", "", "x。", "xx。", "y。", "z。"), 9, 10,
             "pattern '处(罚款' does not compile: missing closing parenthesis at offset 10");
    /* unknown scope and kind */
    load_bad(rule_yaml("a.b", "pattern", "page", "x", "", "x。", "xx。", "y。", "z。"), 8, 8, "unknown scope 'page'");
    load_bad(rule_yaml("a.b", "regex", "sentence", "x", "", "x。", "xx。", "y。", "z。"), 2, 7, "unknown kind 'regex'");
    /* a bad example that does not fire, at the example */
    load_bad(rule_yaml("a.b", "pattern", "sentence", "罚款", "", "罚款。", "收费。", "y。", "z。"), 11, 16,
             "rule a.b, bad example 2: bad example produces no finding");
    /* a good example that fires */
    load_bad(rule_yaml("a.b", "pattern", "sentence", "罚款", "", "罚款。", "罚款二。", "y。", "不罚款。"), 12, 16,
             "rule a.b, good example 2: good example produces a finding at line 1 column 2");
    /* too few examples */
    load_bad("id: a.b\nkind: pattern\nseverity: error\ntitle: t\nmessage: m\nbasis: []\nadvice: a\npattern: x\n"
             "examples:\n  bad: [x]\n  good: [y, z]\n",
             10, 3, "'examples.bad' needs at least two examples (it has 1)");
    /* wrong type */
    load_bad("id: a.b\nkind: pattern\nseverity: error\ntitle: [t]\nmessage: m\nbasis: []\nadvice: a\npattern: x\n"
             "examples:\n  bad: [x, xx]\n  good: [y, z]\n",
             4, 8, "'title' must be a string, not a list");
    /* bad id, bad document type */
    load_bad(rule_yaml("Power", "pattern", "sentence", "x", "", "x。", "xx。", "y。", "z。"), 1, 5,
             "id 'Power' must be dotted lower-case words");
    load_bad(rule_yaml("a.b", "pattern", "sentence", "x", "applies-to: [normal]\n", "x。", "xx。", "y。", "z。"), 10,
             14, "unknown document type 'normal'");
    /* aliases are refused (no "billion laughs") */
    load_bad("id: &x a.b\nkind: *x\n", 2, 7, "YAML aliases (*name) are not allowed in rule files");
    /* an empty file, a file that is not a rule */
    load_bad("", 1, 1, "the file holds no rule");
    load_bad("[]\n", 1, 1, "the file holds no rule");
    /* YAML syntax error */
    load_bad("id: a.b\nkind: [pattern\n", 3, 1, "YAML syntax error");
}

static void test_duplicate_ids(void **state)
{
    (void)state;
    nl_ruleset *rs = NULL;
    nl_error err;
    const char *y = rule_yaml("a.b", "pattern", "sentence", "罚款", "", "罚款。", "罚款二。", "y。", "z。");
    char *copy = strdup(y);
    assert_int_equal(nl_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "one.yaml", copy, strlen(copy), &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "two.yaml", copy, strlen(copy), &err), NL_ERR_RULE);
    assert_string_equal(err.path, "two.yaml");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 5);
    assert_string_equal(err.message, "duplicate rule id 'a.b' (first defined at one.yaml:1)");
    assert_int_equal(nl_ruleset_count(rs), 1);
    free(copy);
    nl_ruleset_free(rs);
}

static const char *const draft = "江州市停车管理办法\n"
                                 "第一条　为了规范停车，制定本办法。\n"
                                 "第二条　违反本办法的，处五百元罚款；不得擅自罚款。\n"
                                 "依照《中华人民共和国道路交通安全法》的规定，处二百元罚款。\n"
                                 "第三条　本办法自2024年1月1日起施行。\n";

static void test_sentence_scope_and_unless(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(rule_yaml("power.penalty.create", "pattern", "sentence", "处[^。；]{0,10}罚款",
                                       "unless: ['不得', '依照《']\n", "处五百元罚款。", "并处一千元罚款。",
                                       "不得处罚款。", "依照《某法》处罚款。"));
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, draft);
    /* the second sentence of 第二条 holds 不得 but the veto is per sentence */
    assert_int_equal(nl_result_count(res), 1);
    const nl_finding *f = nl_result_finding(res, 0);
    assert_string_equal(span_text(d, f->span), "处五百元罚款");
    assert_int_equal(f->start.line, 3);
    assert_int_equal(f->start.column, 12);
    assert_int_equal(f->end.column, 18);
    assert_string_equal(f->address, "第二条第一款");
    assert_string_equal(f->message, "发现“处五百元罚款”");
    assert_string_equal(f->excerpt, "第二条　违反本办法的，处五百元罚款；不得擅自罚款。");
    assert_int_equal(strlen(f->fingerprint), 16);
    assert_int_equal(nl_result_severity_count(res, NL_SEV_ERROR), 1);
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);
}

static void test_article_scope_veto(void **state)
{
    (void)state;
    /* the same rule at article scope: 不得 anywhere in 第二条 vetoes it */
    nl_ruleset *rs = load_ok(rule_yaml("power.penalty.create", "pattern", "article", "处[^。；]{0,10}罚款",
                                       "unless: '不得'\n", "第一条　处五百元罚款。", "第一条　并处一千元罚款。",
                                       "第一条　不得处罚款。", "第一条　依法处理。"));
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, draft);
    assert_int_equal(nl_result_count(res), 0);
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);
}

static void test_require(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(rule_yaml("time.validity.missing", "require", "document", "有效期",
                                       "applies-to: [normative]\n", "某某管理办法\\n第一条　甲。",
                                       "某某实施细则\\n第一条　乙。", "某某管理办法\\n第一条　有效期五年。",
                                       "关于某事的批复\\n某区：\\n同意。"));
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, draft);
    assert_int_equal(nl_result_count(res), 1);
    const nl_finding *f = nl_result_finding(res, 0);
    assert_string_equal(span_text(d, f->span), "江州市停车管理办法");
    assert_string_equal(f->address, "标题");
    assert_int_equal(f->start.line, 1);
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);
}

static void test_overlaps_and_order(void **state)
{
    (void)state;
    /* two patterns matching overlapping text report once; findings sorted by offset */
    nl_ruleset *rs = load_ok(rule_yaml("a.fine", "pattern", "document", "罚款",
                                       "", "罚款。", "罚款二。", "y。", "z。"));
    nl_ruleset_free(rs);
    const char *y = "id: a.fine\nkind: pattern\nseverity: warning\ntitle: t\nmessage: m\nbasis: []\nadvice: a\n"
                    "scope: document\npattern: ['五百元罚款', '罚款', '处五百元']\n"
                    "examples:\n  bad: [罚款, 二罚款]\n  good: [y, z]\n";
    rs = load_ok(y);
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, draft);
    /* 处五百元罚款: 处五百元, 五百元罚款 and 罚款 overlap → one finding; then 擅自罚款 and line 4 */
    assert_int_equal(nl_result_count(res), 3);
    assert_string_equal(span_text(d, nl_result_finding(res, 0)->span), "处五百元");
    assert_string_equal(span_text(d, nl_result_finding(res, 1)->span), "罚款");
    assert_int_equal(nl_result_finding(res, 1)->start.line, 3);
    assert_int_equal(nl_result_finding(res, 2)->start.line, 4);
    assert_string_equal(nl_result_finding(res, 0)->message, "m");
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);
}

static void test_applies_and_toggles(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(rule_yaml("a.fine", "pattern", "sentence", "罚款", "applies-to: [other]\n", "罚款。",
                                       "罚款二。", "y。", "z。"));
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, draft); /* a 办法: normative, not other */
    assert_int_equal(nl_result_count(res), 0);
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);

    rs = load_ok(rule_yaml("a.fine", "pattern", "sentence", "罚款", "enabled: false\n", "罚款。", "罚款二。", "y。",
                           "z。"));
    res = check(rs, &d, draft);
    assert_int_equal(nl_result_count(res), 0);
    nl_result_free(res);
    nl_doc_free(d);
    nl_error err;
    assert_int_equal(nl_ruleset_set_enabled(rs, "a.*", 1, &err), NL_OK);
    res = check(rs, &d, draft);
    assert_int_equal(nl_result_count(res), 3);
    nl_result_free(res);
    nl_doc_free(d);
    assert_int_equal(nl_ruleset_set_enabled(rs, "b.c", 1, &err), NL_ERR_INVALID);
    assert_string_equal(err.message, "no rule 'b.c' is loaded");
    nl_ruleset_free(rs);
}

static void test_fingerprint_stable(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(rule_yaml("a.fine", "pattern", "sentence", "处[^。；]{0,10}罚款", "", "处罚款。",
                                       "处一元罚款。", "y。", "z。"));
    nl_doc *d1 = NULL, *d2 = NULL;
    nl_result *r1 = check(rs, &d1, "某办法\n第一条　甲。\n第二条　处五百元罚款。\n");
    nl_result *r2 = check(rs, &d2, "某办法\n前言一段。\n\n第一条　甲乙丙。\n第二条　处五百元 罚款。\n");
    assert_int_equal(nl_result_count(r1), 1);
    assert_int_equal(nl_result_count(r2), 1);
    assert_string_equal(nl_result_finding(r1, 0)->fingerprint, nl_result_finding(r2, 0)->fingerprint);
    assert_int_not_equal(nl_result_finding(r1, 0)->start.line, nl_result_finding(r2, 0)->start.line);
    nl_result_free(r1);
    nl_result_free(r2);
    nl_doc_free(d1);
    nl_doc_free(d2);
    nl_ruleset_free(rs);
}

static void test_match_limit(void **state)
{
    (void)state;
    /* catastrophic backtracking: skipped with a warning, not hung on */
    nl_ruleset *rs = load_ok(rule_yaml("a.slow", "pattern", "document", "(a+)+$", "", "a", "aa", "b", "c"));
    char text[200];
    memset(text, 'a', 60);
    strcpy(text + 60, "!\n");
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, text);
    assert_int_equal(nl_result_count(res), 0);
    assert_int_equal(nl_result_warning_count(res), 1);
    assert_non_null(strstr(nl_result_warning(res, 0), "rule a.slow skipped on d.txt"));
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);
}

static void test_empty_and_examples_runner(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(rule_yaml("a.fine", "pattern", "sentence", "罚款", "", "罚款。", "罚款二。", "y。", "z。"));
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, "");
    assert_int_equal(nl_result_count(res), 0);
    nl_result_free(res);
    nl_doc_free(d);
    nl_matcher *m = NULL;
    nl_error err;
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    assert_int_equal(nl_rule_test_examples(rs, nl_ruleset_rule(rs, 0), m, NULL, NULL), 0);
    nl_matcher_free(m);
    nl_ruleset_free(rs);
}

/* Every scope: a rule matching the first character of each unit reports one
   finding per unit, so the counts are the units of each scope. */
static void test_every_scope(void **state)
{
    (void)state;
    static const char *const text = "江州市停车管理办法\n"
                                    "江州府规〔2024〕3号\n"
                                    "各区人民政府：\n"
                                    "第一章　总则\n"
                                    "第一条　为了规范停车，制定本办法。本办法适用于本市。\n"
                                    "第二条　经营者应当遵守下列规定：\n"
                                    "（一）公示收费标准；\n"
                                    "（二）建立管理制度。\n"
                                    "违反前款规定的，责令改正。\n"
                                    "第二章　附则\n"
                                    "第三条　本办法自2024年5月1日起施行。\n"
                                    "江州市人民政府\n"
                                    "2024年3月15日\n";
    static const struct {
        const char *scope;
        size_t units;
        const char *first; /* address of the first finding */
    } want[] = {
        {"document", 1, "标题"},   {"title", 1, "标题"},      {"doc-number", 1, "文号"},
        {"body", 1, "第一章"},     {"chapter", 2, "第一章"},  {"article", 3, "第一章第一条"},
        {"clause", 4, "第一章第一条"}, {"item", 2, "第一章第二条第一款第（一）项"},
        {"paragraph", 8, "第一章"}, {"sentence", 9, "第一章"}, {"signature", 1, "落款"},
    };
    /* the text as a YAML double-quoted scalar, for the bad examples */
    char esc[2048];
    size_t k = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            esc[k++] = '\\';
            esc[k++] = 'n';
        } else {
            esc[k++] = *p;
        }
    }
    esc[k] = '\0';
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char y[8192];
        snprintf(y, sizeof y,
                 "id: t.scope\nkind: pattern\nseverity: info\ntitle: t\nmessage: m\nbasis: []\nadvice: a\n"
                 "scope: %s\npattern: '^.'\nexamples:\n  bad: [\"%s\", \"%s\"]\n  good: [\" \", \"　\"]\n",
                 want[i].scope, esc, esc);
        nl_ruleset *rs = load_ok(y);
        nl_doc *d = NULL;
        nl_result *res = check(rs, &d, text);
        if (nl_result_count(res) != want[i].units)
            fprintf(stderr, "scope %s: %zu units\n", want[i].scope, nl_result_count(res));
        assert_int_equal(nl_result_count(res), want[i].units);
        assert_string_equal(nl_result_finding(res, 0)->address, want[i].first);
        nl_result_free(res);
        nl_doc_free(d);
        nl_ruleset_free(rs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_rule),           cmocka_unit_test(test_problems),
        cmocka_unit_test(test_duplicate_ids),        cmocka_unit_test(test_sentence_scope_and_unless),
        cmocka_unit_test(test_article_scope_veto),   cmocka_unit_test(test_require),
        cmocka_unit_test(test_overlaps_and_order),   cmocka_unit_test(test_applies_and_toggles),
        cmocka_unit_test(test_fingerprint_stable),   cmocka_unit_test(test_match_limit),
        cmocka_unit_test(test_empty_and_examples_runner), cmocka_unit_test(test_every_scope),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
