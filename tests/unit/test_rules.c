/*
 * test_rules.c — rule packs and the engine: validation problems with their
 * file/line/column, scopes, `unless` vetoes, `require`, overlapping matches,
 * {match} messages, applies-to, enable/disable, fingerprints, the PCRE2
 * limits, the examples runner, and mechanical fixes: substitution, the `fix`
 * key and fixed examples, applying fixes to source text, rewriting a file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "normlint/normlint.h"
#include "core/cache.h"
#include "rules/literals.h"
#include "rules/pattern.h"
#include "rules/prefilter.h"
#include "rules/yaml.h"
#include "support/env.h"

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
    nl_ruleset_opts opts = nl_test_ruleset_opts();
    opts.check_examples = 1; /* a rule's examples are part of it */
    assert_int_equal(nl_ruleset_new_with(&rs, &opts, &err), NL_OK);
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
    nl_ruleset_opts opts = nl_test_ruleset_opts();
    opts.check_examples = 1;
    assert_int_equal(nl_ruleset_new_with(&rs, &opts, &err), NL_OK);
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
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
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
    assert_non_null(strstr(nl_result_warning(res, 0), "rule a.slow skipped on d.txt from line 1 to the end"));
    assert_non_null(strstr(nl_result_warning(res, 0), "the PCRE2 match limit"));
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

/* ---- mechanical fixes ---- */

/* Filters: assertions dropped, bounded repeats opened for the scanner, a
   code point's braces kept; the relaxed pattern compiled on first use. */
static void test_filter_sources(void **state)
{
    (void)state;
    char msg[256];
    size_t off = 0;
    nl_pat *p = nl_pat_compile("甲[^，。；]{0,24}?乙(?=丙)", msg, sizeof msg, &off);
    assert_non_null(p);
    assert_int_equal(nl_pat_local(p), 0);
    assert_string_equal(nl_pat_filter_source(p), "甲[^，。；]*?乙");
    const nl_pat *f = nl_pat_filter(p);
    assert_non_null(f);
    assert_ptr_equal(nl_pat_filter(p), f); /* compiled once */
    nl_pat_ctx *c = nl_pat_ctx_new();
    size_t ov[2];
    const char *t = "甲一二乙丁";
    assert_int_equal(nl_pat_match(f, c, t, strlen(t), 0, ov, 1), NL_PAT_MATCH); /* no 丙: the filter still matches */
    assert_int_equal(nl_pat_match(p, c, t, strlen(t), 0, ov, 1), NL_PAT_NOMATCH);
    nl_pat_free(p);
    p = nl_pat_compile("[\\x{3400}-\\x{9FFF}]{2,4}区\\x{4E00}{3}", msg, sizeof msg, &off);
    assert_non_null(p);
    assert_int_equal(nl_pat_local(p), 1);
    assert_string_equal(nl_pat_filter_source(p), "[\\x{3400}-\\x{9FFF}]{2,}区\\x{4E00}{3}");
    assert_ptr_equal(nl_pat_filter(p), p);
    nl_pat_free(p);

    /* the seek filter drops the repeats that open each alternative (and
       each alternative of an opening group): it matches where what follows
       them starts */
    p = nl_pat_compile("(?<=由)[\\x{3400}-\\x{9FFF}]{2,}?(?:有限公司|银行)|(?:[^，。；]*?指定|本市)的?商户",
                       msg, sizeof msg, &off);
    assert_non_null(p);
    const nl_pat *s = nl_pat_seek(p);
    assert_non_null(s);
    assert_ptr_not_equal(s, nl_pat_filter(p));
    assert_ptr_equal(nl_pat_seek(p), s); /* compiled once */
    t = "交由江州市某某有限公司负责";
    assert_int_equal(nl_pat_match(s, c, t, strlen(t), 0, ov, 1), NL_PAT_MATCH);
    assert_int_equal(ov[0], (size_t)(strstr(t, "有限公司") - t));
    t = "须到县里指定的商户购买";
    assert_int_equal(nl_pat_match(s, c, t, strlen(t), 0, ov, 1), NL_PAT_MATCH);
    assert_int_equal(ov[0], (size_t)(strstr(t, "指定") - t));
    /* what the engine relies on: every match [a, b) of the pattern holds a
       start of the seek filter's next match from a, at or before b */
    static const char *const texts[] = {"交由江州市某某有限公司负责，再由乙银行办理。", "须到县里指定的商户购买，本市商户除外。",
                                        "由甲乙有限公司有限公司承担"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        t = texts[i];
        size_t n = strlen(t), m[2];
        for (size_t from = 0; nl_pat_match(p, c, t, n, from, m, 1) == NL_PAT_MATCH; from = m[1] > m[0] ? m[1] : m[0] + 1) {
            assert_int_equal(nl_pat_match(s, c, t, n, m[0], ov, 1), NL_PAT_MATCH);
            assert_true(ov[0] >= m[0] && ov[0] <= m[1]);
        }
    }
    nl_pat_free(p);
    /* nothing to drop, a repeat with nothing after it, a reference to a
       group: the filter itself */
    static const char *const same[] = {"罚款[^。]*元", "[甲乙]{2,}", "([甲乙])[丙丁]*\\1罚款"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        p = nl_pat_compile(same[i], msg, sizeof msg, &off);
        assert_non_null(p);
        assert_ptr_equal(nl_pat_seek(p), nl_pat_filter(p));
        nl_pat_free(p);
    }
    nl_pat_ctx_free(c);
}

static nl_doc *load_text(const char *text)
{
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(nl_load_memory(&d, "p.txt", text, strlen(text), NULL, &err), NL_OK);
    return d;
}

static int local(const nl_doc *d, const char *place) { return nl_doc_place_is_local(d, place, strlen(place)); }

/* The issuer's own places and level, read from the title. */
static void test_places(void **state)
{
    (void)state;
    nl_doc *d = load_text("杭州市余杭区人民政府关于促进建筑业发展的意见\n申报企业须在余杭区注册。\n");
    assert_int_equal(local(d, "余杭区"), 1);
    assert_int_equal(local(d, "杭州市余杭区"), 1);
    assert_int_equal(local(d, "余杭"), 1);     /* the short form */
    assert_int_equal(local(d, "杭州市"), 1);   /* a named unit of the issuer */
    assert_int_equal(local(d, "浙江省"), 1);   /* a unit above the issuer's own */
    assert_int_equal(local(d, "本区"), 1);
    assert_int_equal(local(d, "我区"), 1);     /* the drafter's own 我区 is 本区 */
    assert_int_equal(local(d, "滨江区"), 0);   /* a neighbour at the same level */
    assert_int_equal(local(d, "外省"), 0);
    assert_int_equal(local(d, "建立社区"), 0); /* ends like a place, names none */
    assert_int_equal(nl_doc_issuer_level(d), NL_ISSUER_COUNTY);
    assert_int_equal(nl_doc_issuer_kind(d), NL_ISSUER_GOVERNMENT);
    nl_doc_free(d);
    d = load_text("江州市市场监督管理局法规科关于规范检查工作的通知\n一、加强检查。\n");
    assert_int_equal(nl_doc_issuer_kind(d), NL_ISSUER_INTERNAL);
    nl_doc_free(d);
    /* a province's 市场监督管理局 is no city: 市场 starts the agency's name */
    d = load_text("湖南省市场监督管理局关于规范检查工作的通知\n一、加强检查。\n");
    assert_int_equal(nl_doc_issuer_level(d), NL_ISSUER_PROVINCIAL);
    nl_doc_free(d);
    d = load_text("沙市区人民政府关于规范检查工作的通知\n一、加强检查。\n");
    assert_int_equal(nl_doc_issuer_level(d), NL_ISSUER_COUNTY);
    nl_doc_free(d);
    d = load_text("江州市创建文明城市工作领导小组关于开展整治的通知\n一、开展整治。\n");
    assert_int_equal(nl_doc_issuer_kind(d), NL_ISSUER_COORDINATION);
    nl_doc_free(d);
    d = load_text("澜沧拉祜族自治县人民政府关于发展咖啡产业的意见\n乙方应在澜沧县注册。\n");
    assert_int_equal(local(d, "澜沧县"), 1);  /* an autonomous county by its first two characters */
    assert_int_equal(local(d, "沧源县"), 0);
    nl_doc_free(d);
    d = load_text("国务院关于促进综合保税区发展的若干意见\n一、支持企业发展。\n");
    assert_int_equal(nl_doc_issuer_level(d), NL_ISSUER_CENTRAL);
    assert_int_equal(local(d, "上海市"), 0);  /* a national document has no local place */
    nl_doc_free(d);
    d = load_text("申报企业须在余杭区注册。\n"); /* a bare provision: any named place */
    assert_int_equal(local(d, "余杭区"), 1);
    assert_int_equal(local(d, "余杭"), 0);    /* but no bare name */
    assert_int_equal(nl_doc_issuer_level(d), NL_ISSUER_UNKNOWN);
    nl_doc_free(d);
}

/* The issuer's places resolved against the GB/T 2260 divisions: for each
   document, places that are and are not its issuer's. */
static void test_places_divisions(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *place;
        int local;
    } cases[] = {
        /* a district alone: its city and province come from the table */
        {"余杭区人民政府关于促进建筑业发展的意见\n申报企业须在杭州市注册。\n", "杭州市", 1},
        {"余杭区人民政府关于促进建筑业发展的意见\n申报企业须在杭州市注册。\n", "浙江省", 1},
        {"余杭区人民政府关于促进建筑业发展的意见\n申报企业须在杭州市注册。\n", "浙江", 1}, /* short form */
        {"余杭区人民政府关于促进建筑业发展的意见\n申报企业须在杭州市注册。\n", "萧山区", 0}, /* neighbour */
        {"余杭区人民政府关于促进建筑业发展的意见\n申报企业须在杭州市注册。\n", "宁波市", 0}, /* other city */
        {"余杭区人民政府关于促进建筑业发展的意见\n申报企业须在杭州市注册。\n", "江苏省", 0}, /* other province */
        {"余杭区人民政府关于促进建筑业发展的意见\n申报企业须在杭州市注册。\n", "良渚街道", 1}, /* a street of a county */
        /* a city: its districts are its own, another city's are not */
        {"杭州市人民政府关于促进建筑业发展的意见\n申报企业须在萧山区注册。\n", "萧山区", 1},
        {"杭州市人民政府关于促进建筑业发展的意见\n申报企业须在萧山区注册。\n", "萧山", 1},
        {"杭州市人民政府关于促进建筑业发展的意见\n申报企业须在萧山区注册。\n", "鄞州区", 0},
        /* a name two cities share: the city named before it decides */
        {"宁波市江北区人民政府关于促进商贸发展的意见\n申报企业须在江北区注册。\n", "宁波市", 1},
        {"宁波市江北区人民政府关于促进商贸发展的意见\n申报企业须在江北区注册。\n", "重庆市", 0},
        /* an autonomous region by its short form */
        {"广西壮族自治区人民政府关于促进产业发展的意见\n申报企业须在南宁市注册。\n", "南宁市", 1},
        {"广西壮族自治区人民政府关于促进产业发展的意见\n申报企业须在南宁市注册。\n", "广西", 1},
        {"广西壮族自治区人民政府关于促进产业发展的意见\n申报企业须在南宁市注册。\n", "云南省", 0},
        /* no place in the title: the 文号 agency's short form names the issuer,
           and both 江北区 stay candidates */
        {"关于促进建筑业发展的意见\n江北政办发〔2024〕3号\n申报企业须在江北区注册。\n", "江北区", 1},
        {"关于促进建筑业发展的意见\n江北政办发〔2024〕3号\n申报企业须在江北区注册。\n", "重庆市", 1},
        {"关于促进建筑业发展的意见\n江北政办发〔2024〕3号\n申报企业须在江北区注册。\n", "渝中区", 0},
        /* a one-character agency is too ambiguous: a titled document, no place */
        {"关于促进建筑业发展的意见\n杭政办发〔2024〕3号\n申报企业须在杭州市注册。\n", "杭州市", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nl_doc *d = load_text(cases[i].doc);
        if (local(d, cases[i].place) != cases[i].local)
            fail_msg("case %zu: %s in %.30s… should be %s", i, cases[i].place, cases[i].doc,
                     cases[i].local ? "local" : "not local");
        nl_doc_free(d);
    }
}

static void test_substitute(void **state)
{
    (void)state;
    char msg[256], *out = NULL;
    size_t off = 0, n = 0;
    nl_pat *p = nl_pat_compile("(?<y>\\d{4})年0?(\\d+)月", msg, sizeof msg, &off);
    nl_pat_ctx *c = nl_pat_ctx_new();
    assert_non_null(p);
    assert_non_null(c);
    /* every match replaced, the text between kept; named and numbered groups */
    const char *s = "自2024年05月至2025年6月止";
    assert_int_equal(nl_pat_substitute(p, c, s, strlen(s), "${y}.$2", &out, &n, msg, sizeof msg), NL_PAT_MATCH);
    assert_string_equal(out, "自2024.5至2025.6止");
    assert_int_equal(n, strlen(out));
    free(out);
    /* no match: no output */
    assert_int_equal(nl_pat_substitute(p, c, "无日期", 9, "$1", &out, &n, msg, sizeof msg), NL_PAT_NOMATCH);
    assert_null(out);
    /* a result longer than the first guess */
    assert_int_equal(nl_pat_substitute(p, c, "2024年5月", 11, "$1$1$1$1$1$1$1$1$1$1$1$1$1$1", &out, &n, msg,
                                       sizeof msg),
                     NL_PAT_MATCH);
    assert_int_equal(n, 56);
    free(out);
    /* an unset group is empty */
    nl_pat *q = nl_pat_compile("a(x)?b", msg, sizeof msg, &off);
    assert_int_equal(nl_pat_substitute(q, c, "ab", 2, "[$1]", &out, &n, msg, sizeof msg), NL_PAT_MATCH);
    assert_string_equal(out, "[]");
    free(out);
    /* the match limit holds for substitution too */
    nl_pat *slow = nl_pat_compile("(a+)+$", msg, sizeof msg, &off);
    char text[80];
    memset(text, 'a', 60);
    strcpy(text + 60, "!");
    assert_int_equal(nl_pat_substitute(slow, c, text, strlen(text), "x", &out, &n, msg, sizeof msg), NL_PAT_LIMIT);
    assert_null(out);
    /* templates are checked against the pattern's groups */
    assert_int_equal(nl_pat_check_template("(\\d+)号", "第$1号", msg, sizeof msg), 0);
    assert_int_equal(nl_pat_check_template("(?<n>\\d+)号", "${n}", msg, sizeof msg), 0);
    assert_int_equal(nl_pat_check_template("(\\d+)号", "$2号", msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "unknown substring"));
    assert_int_equal(nl_pat_check_template("(\\d+)号", "${n}", msg, sizeof msg), -1);
    assert_int_equal(nl_pat_check_template("x", "${1", msg, sizeof msg), -1);
    nl_pat_free(slow);
    nl_pat_free(q);
    nl_pat_free(p);
    nl_pat_ctx_free(c);
}

/* A rule reporting 编号 with a leading zero, with the fix entries `fix` and
   the `fixed` lines given. Lines 1-9 are fixed; `fix` starts on line 10. */
static const char *fix_rule(const char *fix, const char *fixed)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "id: t.fix\nkind: pattern\nseverity: info\ntitle: t\nmessage: m\nbasis: []\nadvice: a\n"
             "scope: document\npattern: '编号0\\d*号'\n%s"
             "examples:\n  bad: [编号03号。, 编号007号。]\n  good: [编号3号。, 无。]\n%s",
             fix, fixed);
    return buf;
}

static const char fix_entries[] = "fix:\n"
                                  "  - {find: '^编号00(\\d)号$', replace: 'A$1'}\n"
                                  "  - {find: '^编号09号$', replace: '编号09号'}\n"
                                  "  - {find: '^编号0+(?<n>[1-9]\\d*)号$', replace: '编号${n}号'}\n";
static const char fix_pairs[] = "  fixed:\n"
                                "    - [编号03号。, 编号3号。]\n"
                                "    - [编号0号。, 编号0号。]\n";

static void test_fix_findings(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(fix_rule(fix_entries, fix_pairs));
    const nl_rule *r = nl_ruleset_rule(rs, 0);
    assert_int_equal(nl_rule_fix_count(r), 3);
    assert_string_equal(nl_rule_fix_find(r, 2), "^编号0+(?<n>[1-9]\\d*)号$");
    assert_string_equal(nl_rule_fix_replace(r, 2), "编号${n}号");
    assert_null(nl_rule_fix_find(r, 3));
    assert_int_equal(nl_rule_fixed_count(r), 2);
    assert_string_equal(nl_rule_fixed_example(r, 0, 0), "编号03号。");
    assert_string_equal(nl_rule_fixed_example(r, 0, 1), "编号3号。");
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, "编号03号，编号0号，编号001号，编号09号，编号010号。");
    assert_int_equal(nl_result_count(res), 5);
    /* the first entry that matches decides */
    assert_string_equal(nl_result_finding(res, 0)->fix, "编号3号");
    assert_null(nl_result_finding(res, 1)->fix);                /* no entry matches 编号0号 */
    assert_string_equal(nl_result_finding(res, 2)->fix, "A1"); /* entry 1 before entry 3 */
    assert_null(nl_result_finding(res, 3)->fix);                /* entry 2 matches and changes nothing */
    assert_string_equal(nl_result_finding(res, 4)->fix, "编号10号");
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);
}

static void test_fix_problems(void **state)
{
    (void)state;
    /* an unknown key in an entry, at the key */
    load_bad(fix_rule("fix:\n  - {find: 'x', replace: 'y', with: z}\n", fix_pairs), 11, 31,
             "unknown key 'fix.with' (expected find, replace)");
    /* find or replace missing, at the entry */
    load_bad(fix_rule("fix:\n  - {find: 'x'}\n", fix_pairs), 11, 5, "fix entry 1 has no 'replace'");
    load_bad(fix_rule("fix:\n  - replace: 'x'\n", fix_pairs), 11, 5, "fix entry 1 has no 'find'");
    /* not a list of entries */
    load_bad(fix_rule("fix: '编号3号'\n", fix_pairs), 10, 6, "'fix' must be a list of entries");
    /* a pattern that does not compile: PCRE2's message, at the pattern */
    load_bad(fix_rule("fix:\n  - find: '编号(0'\n    replace: x\n", fix_pairs), 11, 11,
             "fix pattern '编号(0' does not compile: missing closing parenthesis at offset 8");
    /* a template naming a group the pattern lacks, at the template */
    load_bad(fix_rule("fix:\n  - find: '编号0(\\d)号'\n    replace: '$2'\n", fix_pairs), 12, 14,
             "fix replacement '$2' is not a valid template for '编号0(\\d)号': unknown substring");
    /* a fix needs a fixed example */
    load_bad(fix_rule(fix_entries, ""), 11, 3, "a rule with 'fix' needs at least one 'examples.fixed' pair");
    /* fixed pairs: the shape, the result, a finding before, nothing left after */
    load_bad(fix_rule(fix_entries, "  fixed:\n    - [编号03号。]\n"), 18, 7, "entry 1 is not a pair of texts");
    load_bad(fix_rule(fix_entries, "  fixed:\n    - [编号03号。, 编号03号。]\n"), 18, 7,
             "rule t.fix, fixed example 1: after the fixes line 1 reads \"编号3号。\", expected \"编号03号。\"");
    load_bad(fix_rule(fix_entries, "  fixed:\n    - [编号3号。, 编号3号。]\n"), 18, 7,
             "rule t.fix, fixed example 1: the text before the fixes produces no finding");
    load_bad(fix_rule("fix:\n  - {find: '^编号0(\\d+)号$', replace: '编号00$1号'}\n",
                      "  fixed:\n    - [编号3号，编号03号。, 编号3号，编号003号。]\n"),
             16, 7, "rule t.fix, fixed example 1: the fixed text still has a fix to make at line 1 column 6");
}

/* A ruleset with t.fix and a second rule whose fix overlaps it. */
static nl_ruleset *overlapping_rules(void)
{
    char y[8192];
    snprintf(y, sizeof y, "- %s",
             fix_rule("fix:\n  - {find: '^编号0+([1-9]\\d*)号$', replace: '编号$1号'}\n", fix_pairs));
    /* indent the first rule's lines as a list item */
    char z[12288];
    size_t k = 0;
    for (const char *p = y; *p; p++) {
        z[k++] = *p;
        if (*p == '\n' && p[1])
            z[k++] = ' ', z[k++] = ' ';
    }
    snprintf(z + k, sizeof z - k,
             "- id: t.wide\n  kind: pattern\n  severity: info\n  title: t\n  message: m\n  basis: []\n  advice: a\n"
             "  scope: document\n  pattern: '3号，编号'\n  fix: [{find: '，', replace: '；'}]\n"
             "  examples:\n    bad: [编号3号，编号3号。, 3号，编号。]\n    good: [编号。, 无。]\n"
             "    fixed: [[编号3号，编号。, 编号3号；编号。]]\n");
    return load_ok(z);
}

static void test_fix_apply(void **state)
{
    (void)state;
    nl_ruleset *rs = overlapping_rules();
    assert_int_equal(nl_ruleset_count(rs), 2);
    /* CRLF line ends, a directive line the model empties, fixes on the lines after it */
    static const char src[] = "某办法\r\n# normlint-disable other.rule 不相干\r\n编号03号，编号3号，编号7号。\r\n"
                              "编号05号\r\n";
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, src);
    assert_int_equal(nl_result_count(res), 4);
    char *out = NULL;
    size_t n = 0, applied_n = 0;
    unsigned char applied[4];
    nl_error err;
    assert_int_equal(nl_fix_apply(&out, &n, &applied_n, d, res, src, strlen(src), applied, &err), NL_OK);
    /* 编号03号 (t.fix, earlier) wins over 3号，编号 (t.wide, overlapping); 3号，编号 later
       on the line overlaps nothing taken and is applied */
    assert_string_equal(out, "某办法\r\n# normlint-disable other.rule 不相干\r\n编号3号，编号3号；编号7号。\r\n"
                             "编号5号\r\n");
    assert_int_equal(n, strlen(out));
    assert_int_equal(applied_n, 3);
    assert_int_equal(applied[1], 0); /* the overlapping one */
    size_t taken = 0;
    for (size_t i = 0; i < 4; i++)
        taken += applied[i];
    assert_int_equal(taken, 3);
    free(out);
    /* source that is not the checked text */
    static const char changed[] = "某办法\r\n# normlint-disable other.rule 不相干\r\n编号04号，编号3号，编号7号。\r\n"
                                  "编号05号\r\n";
    assert_int_equal(nl_fix_apply(&out, &n, &applied_n, d, res, changed, strlen(changed), applied, &err),
                     NL_ERR_INVALID);
    assert_null(out);
    assert_non_null(strstr(err.message, "line 3 differs"));
    assert_int_equal(applied[0] + applied[1] + applied[2] + applied[3], 0);
    assert_int_equal(nl_fix_apply(&out, &n, &applied_n, d, res, "某办法\n", 10, NULL, &err), NL_ERR_INVALID);
    assert_non_null(strstr(err.message, "it has 1 lines, not 4"));
    nl_result_free(res);
    nl_doc_free(d);
    nl_ruleset_free(rs);
}

/* Replace the file (the way an editor saving it would: a new inode). */
static void write_file(const char *path, const char *data, size_t n)
{
    nl_atomic *a = NULL;
    assert_int_equal(nl_atomic_open(&a, path, NULL), NL_OK);
    assert_int_equal(fwrite(data, 1, n, nl_atomic_stream(a)), n);
    assert_int_equal(nl_atomic_commit(a, NULL), NL_OK);
}

static char *slurp(const char *path, size_t *n)
{
    char *p = NULL;
    assert_int_equal(nl_read_file(path, NULL, 1 << 20, &p, n, NULL), NL_OK);
    return p;
}

static void test_text_fix_file(void **state)
{
    (void)state;
    nl_ruleset *rs = load_ok(fix_rule(fix_entries, fix_pairs));
    nl_matcher *m = NULL;
    nl_error err;
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    char dir[] = "/tmp/normlint-fix-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/d.txt", dir);
    /* UTF-8 with a byte-order mark: kept */
    static const char bom[] = "\xEF\xBB\xBF某办法\n编号03号。\n";
    write_file(path, bom, sizeof bom - 1);
    assert_int_equal(chmod(path, 0640), 0);
    nl_doc *d = NULL;
    nl_result *res = NULL;
    assert_int_equal(nl_load_path(&d, path, NULL, &err), NL_OK);
    assert_int_equal(nl_check(&res, m, rs, d, NULL, &err), NL_OK);
    nl_text_fix *t = NULL;
    assert_int_equal(nl_text_fix_prepare(&t, d, res, NULL, 0, &err), NL_OK);
    assert_non_null(t);
    assert_int_equal(nl_text_fix_count(t), 1);
    assert_int_equal(nl_text_fix_applied(t, 0), 1);
    assert_int_equal(nl_text_fix_line_count(t), 1);
    const nl_fix_line *l = nl_text_fix_line(t, 0);
    assert_int_equal(l->line, 2);
    assert_int_equal(l->before_len, strlen("编号03号。"));
    assert_memory_equal(l->after, "编号3号。", l->after_len);
    /* the file changes between prepare and commit: not rewritten */
    static const char other[] = "\xEF\xBB\xBF某办法\n编号03号。\n编号04号。\n";
    write_file(path, other, sizeof other - 1);
    assert_int_equal(nl_text_fix_commit(t, &err), NL_ERR_IO);
    assert_non_null(strstr(err.message, "changed while it was being fixed"));
    size_t n = 0;
    char *now = slurp(path, &n);
    assert_int_equal(n, sizeof other - 1);
    assert_memory_equal(now, other, n);
    free(now);
    nl_text_fix_free(t);
    /* ... and changed since it was checked: refused at prepare */
    assert_int_equal(nl_text_fix_prepare(&t, d, res, NULL, 0, &err), NL_ERR_INVALID);
    assert_null(t);
    assert_non_null(strstr(err.message, "changed since it was checked"));
    /* as it was: rewritten, BOM and permissions kept */
    write_file(path, bom, sizeof bom - 1);
    assert_int_equal(nl_text_fix_prepare(&t, d, res, NULL, 0, &err), NL_OK);
    assert_int_equal(nl_text_fix_commit(t, &err), NL_OK);
    nl_text_fix_free(t);
    now = slurp(path, &n);
    assert_string_equal(now, "\xEF\xBB\xBF某办法\n编号3号。\n");
    free(now);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0640);
    nl_result_free(res);
    nl_doc_free(d);
    /* nothing to fix: no rewrite prepared */
    assert_int_equal(nl_load_path(&d, path, NULL, &err), NL_OK);
    assert_int_equal(nl_check(&res, m, rs, d, NULL, &err), NL_OK);
    assert_int_equal(nl_text_fix_prepare(&t, d, res, NULL, 0, &err), NL_OK);
    assert_null(t);
    nl_result_free(res);
    nl_doc_free(d);
    /* through a symlink: the file it names is rewritten, the link stays */
    char link[300];
    snprintf(link, sizeof link, "%s/link.txt", dir);
    write_file(path, "编号08号。", strlen("编号08号。"));
    assert_int_equal(symlink("d.txt", link), 0);
    assert_int_equal(nl_load_path(&d, link, NULL, &err), NL_OK);
    assert_int_equal(nl_check(&res, m, rs, d, NULL, &err), NL_OK);
    assert_int_equal(nl_text_fix_prepare(&t, d, res, NULL, 0, &err), NL_OK);
    assert_int_equal(nl_text_fix_commit(t, &err), NL_OK);
    nl_text_fix_free(t);
    nl_result_free(res);
    nl_doc_free(d);
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    now = slurp(path, &n);
    assert_string_equal(now, "编号8号。");
    free(now);
    unlink(link);
    unlink(path);
    rmdir(dir);
    nl_matcher_free(m);
    nl_ruleset_free(rs);
}

/* ---- the cache of parsed YAML trees (lib/rules/yaml.c) ---- */

/* Two trees are the same: kinds, values, plain flags, lines and columns. */
static int same_tree(const nl_ynode *a, const nl_ynode *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->plain != b->plain || a->line != b->line || a->column != b->column || a->n != b->n)
        return 0;
    if (a->kind == NL_Y_SCALAR)
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0 && !a->str[a->len];
    for (size_t i = 0; i < a->n; i++)
        if ((a->kind == NL_Y_MAP && !same_tree(a->keys[i], b->keys[i])) || !same_tree(a->items[i], b->items[i]))
            return 0;
    return 1;
}

static void test_yaml_tree_cache(void **state)
{
    (void)state;
    char dir[] = "/tmp/nl-yaml-cache-XXXXXX", cdir[4200];
    assert_non_null(mkdtemp(dir));
    snprintf(cdir, sizeof cdir, "%s/normlint", dir);
    static const char text[] = "- id: a.b\n  kind: pattern\n  pattern: '甲|乙'\n  tags: [x, \"y\", '']\n"
                               "  nested: {k: v, n: ~}\n- plain: 12\n  empty:\n";
    nl_ynode *parsed = NULL, *cached = NULL, *t = NULL;
    nl_error err;
    assert_int_equal(nl_yaml_parse(&parsed, "t.yaml", text, sizeof text - 1, &err), NL_OK);
    /* the first call parses and stores, the second reads the tree back */
    assert_int_equal(nl_yaml_parse_cached(&t, cdir, "t.yaml", text, sizeof text - 1, &err), NL_OK);
    assert_true(same_tree(parsed, t));
    nl_yaml_free(t);
    assert_int_equal(nl_yaml_parse_cached(&cached, cdir, "t.yaml", text, sizeof text - 1, &err), NL_OK);
    assert_true(same_tree(parsed, cached));
    nl_yaml_free(cached);
    /* the stored file: its payload mutated byte by byte, every checksum made
       right again, is read or refused but never crashes or leaks (ASan) */
    char path[4200];
    uint64_t h = nl_hash64(nl_hash64_words(text, sizeof text - 1), "NLYT0001", 8);
    snprintf(path, sizeof path, "%s/normlint/yaml-%016llx", dir, (unsigned long long)h);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char good[4096];
    size_t n = fread(good, 1, sizeof good, f);
    fclose(f);
    assert_true(n > 24 && n < sizeof good);
    unsigned char bad[4096];
    for (size_t i = 24; i < n; i++)
        for (int v = 0; v < 3; v++) {
            memcpy(bad, good, n);
            bad[i] = v == 0 ? 0xFF : v == 1 ? (unsigned char)(bad[i] + 1) : 0x7F;
            uint64_t sum = nl_hash64_words(bad + 24, n - 24);
            for (int k = 0; k < 8; k++)
                bad[16 + k] = (unsigned char)(sum >> (8 * k));
            f = fopen(path, "wb");
            assert_non_null(f);
            assert_int_equal(fwrite(bad, 1, n, f), n);
            fclose(f);
            t = NULL;
            assert_int_equal(nl_yaml_parse_cached(&t, cdir, "t.yaml", text, sizeof text - 1, &err), NL_OK);
            nl_yaml_free(t);
        }
    /* a tree cut short is refused: the text is parsed again, the tree rewritten */
    f = fopen(path, "wb");
    assert_int_equal(fwrite(good, 1, n / 2, f), n / 2);
    fclose(f);
    assert_int_equal(nl_yaml_parse_cached(&t, cdir, "t.yaml", text, sizeof text - 1, &err), NL_OK);
    assert_true(same_tree(parsed, t));
    nl_yaml_free(t);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal((size_t)sb.st_size, n);
    nl_yaml_free(parsed);
    unlink(path);
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/normlint", dir);
    rmdir(sub);
    rmdir(dir);
}

/* The findings of rs on text, as "rule@offset" lines, and the document's type. */
static void findings_of(nl_ruleset *rs, const char *text, char *out, size_t size, nl_doctype *type)
{
    nl_doc *d = NULL;
    nl_result *res = check(rs, &d, text);
    *type = nl_doc_meta(d)->type;
    size_t w = 0;
    out[0] = '\0';
    for (size_t i = 0; i < nl_result_count(res); i++) {
        const nl_finding *f = nl_result_finding(res, i);
        w += (size_t)snprintf(out + w, size - w, "%s@%zu\n", nl_rule_id(f->rule), f->span.start);
        assert_true(w < size);
    }
    nl_result_free(res);
    nl_doc_free(d);
}

/* The prefilter scans a document only for the filters of the rules that
   apply to its type (one database per set of types): the findings are those
   of a check without any filtering, for a statute, a normative document, a
   document of another type and one of unknown type, with a filter shared by
   rules of different types. */
static void test_prefilter_types(void **state)
{
    (void)state;
    char yaml[16384];
    size_t w = 0;
    static const struct {
        const char *id, *pattern, *extra, *bad;
    } rules[] = {
        {"t.law", "罚款", "applies-to: [law]\n", "罚款。"},
        {"t.all", "罚款|摆摊", "", "摆摊。"},
        {"t.norm", "禁止", "applies-to: [normative]\n", "禁止。"},
        {"t.shared", "罚款", "applies-to: [normative, other]\n", "罚款。"},
        {"t.other", "摆摊", "applies-to: [other]\n", "摆摊。"},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const char *r = rule_yaml(rules[i].id, "pattern", "sentence", rules[i].pattern, rules[i].extra, rules[i].bad,
                                  rules[i].bad, "y。", "z。");
        /* one list of the rules */
        w += (size_t)snprintf(yaml + w, sizeof yaml - w, "- ");
        for (const char *q = r; *q; q++) {
            yaml[w++] = *q;
            if (*q == '\n' && q[1])
                w += (size_t)snprintf(yaml + w, sizeof yaml - w, "  ");
        }
        assert_true(w < sizeof yaml - 100);
    }
    yaml[w] = '\0';
    nl_ruleset *filtered = load_ok(yaml), *plain = load_ok(yaml);
    nl_ruleset_prepare(filtered, nl_test_prefilter(NL_PREFILTER_BUILD));
    nl_ruleset_prepare(plain, NL_PREFILTER_NONE);
    static const struct {
        const char *text;
        nl_doctype type;
        const char *want;
    } docs[] = {
        {"中华人民共和国测试法\n第一条　违反本法的，处罚款。禁止摆摊。\n", NL_DOCTYPE_LAW, "t.all@"},
        {"江州市停车管理办法\n第一条　违反本办法的，处罚款。禁止摆摊。\n", NL_DOCTYPE_NORMATIVE, "t.norm@"},
        {"国务院办公厅关于同意某事的复函\n某某省人民政府：\n违反规定的，处罚款。禁止摆摊。\n", NL_DOCTYPE_OTHER,
         "t.other@"},
        {"违反规定的，处罚款。禁止摆摊。\n", NL_DOCTYPE_UNKNOWN, "t.law@"},
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char got[2048], want[2048];
        nl_doctype t1, t2;
        findings_of(filtered, docs[i].text, got, sizeof got, &t1);
        findings_of(plain, docs[i].text, want, sizeof want, &t2);
        assert_int_equal(t1, docs[i].type);
        assert_int_equal(t2, docs[i].type);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "document %zu: with the prefilter:\n%swithout:\n%s", i, got, want);
        assert_string_equal(got, want);
        assert_non_null(strstr(got, docs[i].want)); /* a rule of that type did report */
    }
    nl_ruleset_free(filtered);
    nl_ruleset_free(plain);
}

/* The clauses of a pattern's requirement as text: "{a,b}{c}" and the
   segment level after a slash; "-" when it has none. */
static void requirement(const char *src, char *out, size_t size)
{
    nl_litreq *r = nl_litreq_new(src);
    if (!r) {
        snprintf(out, size, "-");
        return;
    }
    size_t w = 0;
    for (size_t c = 0; c < nl_litreq_clauses(r); c++) {
        w += (size_t)snprintf(out + w, size - w, "{");
        for (size_t k = 0; k < nl_litreq_clause_size(r, c); k++) {
            size_t len;
            const char *l = nl_litreq_literal(r, c, k, &len);
            w += (size_t)snprintf(out + w, size - w, "%s%.*s", k ? "," : "", (int)len, l);
        }
        w += (size_t)snprintf(out + w, size - w, "}");
        assert_true(w < size);
    }
    snprintf(out + w, size - w, "/%d", nl_litreq_segments(r));
    nl_litreq_free(r);
}

/* The literals a pattern's matches must hold, and the segments they stay in
   (2: between two of 。；, 1: between two 。, 0: anywhere); what the reading
   does not understand has no requirement rather than a wrong one. */
static void test_literal_requirements(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"须经[^。；]*(批准|核准)", "{须经}{批准,核准}/2"},
        {"(须|应当)经[^。；]*?(?:批准|审批)", "{须经,应当经}{批准,审批}/2"},
        {"(?:罚款)?处理", "{罚款处理,处理}/2"},
        {"[甲乙]方", "{甲方,乙方}/2"},
        {"\\x{6CD5}律", "{法律}/2"},
        {"罚{2,}款", "{罚}{款}/2"},
        {"(?<nlloc1>本市|本县)企业", "{本市企业,本县企业}/2"},
        {"本地[^。]*?外地", "{本地}{外地}/1"},
        {"第[^，]*条。", "{第}{条。}/0"},
        {"《[^》]+》", "{《}{》}/0"},
        {"违法.*行为", "{违法}{行为}/0"},
        {"\\d+元", "{元}/2"},
        {"\\D元", "{元}/0"},
        {"a|b", "-"},          /* literals too short to look for */
        {"(?:违法)*", "-"},    /* nothing required */
        {"(?=违法)违法行为", "-"}, /* look-around: not read */
        {"违法{,3}", "-"},     /* a brace PCRE2 versions read differently */
        {"\\b违法", "-"},
        {"[[:alpha:]]违法", "-"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[512];
        requirement(cases[i][0], got, sizeof got);
        if (strcmp(got, cases[i][1]) != 0)
            fprintf(stderr, "%s: got %s, want %s\n", cases[i][0], got, cases[i][1]);
        assert_string_equal(got, cases[i][1]);
    }
}

/* Every match PCRE2 finds holds a literal of each clause, and no separator
   of its segment level: patterns of the shapes the rules use, over texts
   built to hold near misses. */
static void test_literal_soundness(void **state)
{
    (void)state;
    static const char *const pats[] = {
        "须经[^。；]*(批准|核准)",
        "(?:不得|严禁)[^，。；]*?(?:收取|摊派)(?:费用)?",
        "本地[^。]*?(?:外地|外来)(?:企业)?",
        "(?:每人|每户)(?:[^，。；]*?)(?:收费|收取)|免收(?:其他)?一切[^，。；]*?费",
        "(?:(?:[\\x{4E00}-\\x{9FFF}]){2,}?(?:有限公司|集团))[^。；]*?(?:指定|定点)",
        "[甲乙丙]方[^。；]{0,10}(?:承担|负责)",
    };
    static const char *const texts[] = {
        "本项目须经市政府批准。须经审查；另行核准。须经，核准",
        "各单位不得向企业收取费用。严禁摊派；不得。收取。不得摊派",
        "本地企业；外地企业同等对待。本地。外地。本地外来企业",
        "每人每月收费十元。每户，收取。免收其他一切行政事业性收费",
        "江州建设有限公司为指定单位。有限公司。指定。江州集团；定点",
        "甲方负责。乙方；承担。丙方在三十日内承担费用",
    };
    char m[256];
    size_t off;
    nl_pat_ctx *c = nl_pat_ctx_new();
    assert_non_null(c);
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        nl_pat *p = nl_pat_compile(pats[i], m, sizeof m, &off);
        nl_litreq *r = nl_litreq_new(pats[i]);
        assert_non_null(p);
        assert_non_null(r);
        int level = nl_litreq_segments(r);
        assert_true(level > 0);
        size_t found = 0;
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            const char *s = texts[t];
            size_t len = strlen(s), ov[2];
            for (size_t from = 0; from < len && nl_pat_match(p, c, s, len, from, ov, 1) == NL_PAT_MATCH;) {
                found++;
                for (size_t cl = 0; cl < nl_litreq_clauses(r); cl++) {
                    int any = 0;
                    for (size_t k = 0; k < nl_litreq_clause_size(r, cl) && !any; k++) {
                        size_t ll;
                        const char *l = nl_litreq_literal(r, cl, k, &ll);
                        for (size_t a = ov[0]; a + ll <= ov[1] && !any; a++)
                            any = memcmp(s + a, l, ll) == 0;
                    }
                    if (!any)
                        fprintf(stderr, "%s: the match at %zu holds no literal of clause %zu\n", pats[i], ov[0], cl);
                    assert_true(any);
                }
                for (size_t a = ov[0]; a < ov[1]; a++)
                    assert_false(nl_litreq_is_separator(s, a, ov[1], level));
                from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            }
        }
        assert_true(found > 0); /* the texts do exercise the pattern */
        nl_litreq_free(r);
        nl_pat_free(p);
    }
    nl_pat_ctx_free(c);
}

/* Rules whose filters go by literals and segments find what they find
   without any filtering: matches inside one segment, near misses across a
   separator, a pattern that may hold ； (sentence segments), one that may
   hold 。 (searched as a pattern), and several units of one segment. */
static void test_prefilter_segments(void **state)
{
    (void)state;
    static const char *const yaml =
        "- id: s.approve\n  kind: pattern\n  severity: error\n  title: 测试\n  message: m\n"
        "  basis: [\"《某法》\"]\n  advice: a\n  scope: sentence\n  pattern: '须经[^。；]*(?:批准|核准)'\n"
        "  unless: ['依法[^。；]*批准']\n  examples: {bad: ['须经批准。', '须经审查后核准。'], good: ['须经，。批准。', '须经。核准。']}\n"
        "- id: s.local\n  kind: pattern\n  severity: error\n  title: 测试\n  message: m\n"
        "  basis: [\"《某法》\"]\n  advice: a\n  scope: paragraph\n  pattern: '本地[^。]*?外地'\n"
        "  examples: {bad: ['本地企业；外地企业。', '本地外地。'], good: ['本地。外地。', '外地本地。']}\n"
        "- id: s.quote\n  kind: pattern\n  severity: error\n  title: 测试\n  message: m\n"
        "  basis: [\"《某法》\"]\n  advice: a\n  scope: document\n  pattern: '“[^”]+”平台'\n"
        "  examples: {bad: ['“某。某”平台', '“某”平台'], good: ['“某”。平台。', '平台。']}\n"
        "- id: s.sent\n  kind: pattern\n  severity: error\n  title: 测试\n  message: m\n"
        "  basis: [\"《某法》\"]\n  advice: a\n  scope: sentence\n  pattern: '不得[^，。；]*收取'\n"
        "  examples: {bad: ['不得收取费用。', '不得向其收取。'], good: ['不得，收取。', '收取。']}\n";
    static const char *const docs[] = {
        "江州市管理办法\n第一条　项目须经市政府批准。须经审查；另行核准。\n"
        "第二条　本地企业；外地企业同等对待。本地企业。外地企业。\n"
        "第三条　“某。某”平台，“某”。平台。不得向企业收取费用，不得，收取。\n",
        "须经，核准。依法须经批准。须经审查后核准；\n本地\n外地。不得收取不得收取。\n",
        "没有任何要找的词。\n",
    };
    nl_ruleset *filtered = load_ok(yaml), *plain = load_ok(yaml);
    nl_ruleset_prepare(filtered, nl_test_prefilter(NL_PREFILTER_BUILD));
    nl_ruleset_prepare(plain, NL_PREFILTER_NONE);
    size_t total = 0;
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char got[2048], want[2048];
        nl_doctype t1, t2;
        findings_of(filtered, docs[i], got, sizeof got, &t1);
        findings_of(plain, docs[i], want, sizeof want, &t2);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "document %zu: with the prefilter:\n%swithout:\n%s", i, got, want);
        assert_string_equal(got, want);
        for (const char *q = got; (q = strchr(q, '\n')); q++)
            total++;
    }
    assert_true(total >= 6); /* the documents do hold findings */
    nl_ruleset_free(filtered);
    nl_ruleset_free(plain);
}

/* The path of the one file named prefix* in dir (into buf), or 0. */
static int cached_file(const char *dir, const char *prefix, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    int found = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            int k = snprintf(buf, size, "%s/%s", dir, e->d_name);
            found += k > 0 && (size_t)k < size;
        }
    if (d)
        closedir(d);
    return found == 1;
}

static nl_ruleset *load_file_ok(const char *path, const char *cache)
{
    nl_ruleset *rs = NULL;
    nl_error err;
    nl_ruleset_opts opts = nl_test_ruleset_opts();
    opts.cache_dir = cache;
    opts.check_examples = 1;
    opts.examples_key = "test";
    assert_int_equal(nl_ruleset_new_with(&rs, &opts, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_file(rs, path, &err), NL_OK);
    return rs;
}

/* Files under dir whose name starts with prefix. */
static int count_files(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.' && strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

/* Remove the files of dir (not hidden ones) and dir itself. */
static void rm_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            char p[4600];
            int k = snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (k > 0 && (size_t)k < sizeof p)
                unlink(p);
        }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* A rule file at `file` with one rule, a.fine: a fine of N yuan, unless the
   sentence cites a law. */
static void write_fine_rule(const char *file)
{
    const char *yaml = rule_yaml("a.fine", "pattern", "sentence", "(?<n>[一二三四五六七八九十百]+)元罚款",
                                 "unless: ['依照《[^》]+》']\n", "处五百元罚款。", "处二百元罚款。", "罚款。", "y。");
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(yaml, 1, strlen(yaml), f), strlen(yaml));
    fclose(f);
}

/* Compiled patterns are stored per rule file and read back: the same
   findings from a fresh compile, from the store, and from a store that is
   damaged (refused, rebuilt) or cut short; a store never serves a pattern
   whose source changed (a different rule file is a different store, a
   different source a different entry). */
static void test_pattern_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/nl-pattern-store-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[4200], cache[4200], store[4200];
    snprintf(file, sizeof file, "%s/r.yaml", dir);
    snprintf(cache, sizeof cache, "%s/normlint", dir);
    write_fine_rule(file);
    FILE *f;
    const char *yaml;
    char first[4096], again[4096];
    nl_doctype t;
    nl_ruleset *rs = load_file_ok(file, cache); /* compiles and stores */
    findings_of(rs, draft, first, sizeof first, &t);
    nl_ruleset_free(rs);
    assert_true(strstr(first, "a.fine@") != NULL);
    assert_true(cached_file(cache, "patterns-", store, sizeof store));
    struct stat sb;
    assert_int_equal(stat(store, &sb), 0);
    size_t n = (size_t)sb.st_size;
    unsigned char good[65536];
    f = fopen(store, "rb");
    assert_non_null(f);
    assert_int_equal(fread(good, 1, sizeof good, f), n);
    fclose(f);
    rs = load_file_ok(file, cache); /* reads the store */
    findings_of(rs, draft, again, sizeof again, &t);
    nl_ruleset_free(rs);
    assert_string_equal(first, again);
    /* damage: a flipped byte (the checksum no longer agrees), a count or a
       length made wrong with the checksum made right, the file cut short:
       each is refused, the patterns compiled again and the store rewritten
       as it was */
    for (int k = 0; k < 4; k++) {
        unsigned char bad[65536];
        size_t len = n;
        memcpy(bad, good, n);
        if (k == 0)
            bad[n - 5] ^= 0x20;
        if (k == 1 || k == 2) {
            bad[k == 1 ? 16 : 24] += 7; /* the number of patterns, the first source's length */
            uint64_t sum = nl_hash64_words(bad + 16, n - 16);
            for (int i = 0; i < 8; i++)
                bad[8 + i] = (unsigned char)(sum >> (8 * i));
        }
        if (k == 3)
            len = n / 2;
        f = fopen(store, "wb");
        assert_int_equal(fwrite(bad, 1, len, f), len);
        fclose(f);
        rs = load_file_ok(file, cache);
        findings_of(rs, draft, again, sizeof again, &t);
        nl_ruleset_free(rs);
        assert_string_equal(first, again);
        unsigned char now[65536];
        f = fopen(store, "rb");
        assert_non_null(f);
        assert_int_equal(fread(now, 1, sizeof now, f), n);
        fclose(f);
        assert_memory_equal(now, good, n);
    }
    /* an edited rule file is another store: its own pattern, its own findings */
    yaml = rule_yaml("a.fine", "pattern", "sentence", "二百元罚款", "", "处二百元罚款。", "二百元罚款。", "罚款。", "y。");
    f = fopen(file, "wb");
    assert_int_equal(fwrite(yaml, 1, strlen(yaml), f), strlen(yaml));
    fclose(f);
    rs = load_file_ok(file, cache);
    findings_of(rs, draft, again, sizeof again, &t);
    nl_ruleset_free(rs);
    char want[64];
    snprintf(want, sizeof want, "a.fine@%zu\n", (size_t)(strstr(draft, "二百元罚款") - draft));
    assert_string_equal(again, want);
    /* clean up the folder (markers, trees and stores) */
    rm_files(cache);
    unlink(file);
    rmdir(dir);
}

/* The findings of the rule file on the draft, with the prefilter's
   databases taken only from the cache folder. */
static const char *cached_findings(const char *file, const char *cache, char *out, size_t size)
{
    nl_doctype t;
    nl_ruleset *rs = load_file_ok(file, cache);
    nl_ruleset_prepare(rs, nl_test_prefilter(NL_PREFILTER_CACHED));
    findings_of(rs, draft, out, size, &t);
    nl_ruleset_free(rs);
    return out;
}

/* The library is pure: with no cache folder named it writes nothing, even
   with HOME and XDG_CACHE_HOME pointing somewhere writable (it reads no
   environment); with one, it caches there and only there. The prefilter
   that may use only cached databases builds none, and every mode finds the
   same. */
static void test_pure_library(void **state)
{
    (void)state;
    char dir[] = "/tmp/nl-pure-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[4200], cache[4200], cache2[4200], xdg[4200];
    snprintf(file, sizeof file, "%s/r.yaml", dir);
    snprintf(cache, sizeof cache, "%s/cache", dir);
    snprintf(cache2, sizeof cache2, "%s/cache2", dir);
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    write_fine_rule(file);
    char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("HOME", dir, 1);
    setenv("XDG_CACHE_HOME", xdg, 1);

    /* defaults: nothing written anywhere */
    nl_ruleset *rs = NULL;
    nl_error err;
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_file(rs, file, &err), NL_OK);
    nl_ruleset_prepare(rs, nl_test_prefilter(NL_PREFILTER_BUILD));
    char plain[4096], got[4096];
    nl_doctype t;
    findings_of(rs, draft, plain, sizeof plain, &t);
    nl_ruleset_free(rs);
    assert_non_null(strstr(plain, "a.fine@"));
    assert_int_equal(count_files(dir, ""), 1); /* r.yaml alone */

    /* a cache folder: trees, patterns, example verdicts, and databases once built */
    rs = load_file_ok(file, cache);
    nl_ruleset_prepare(rs, nl_test_prefilter(NL_PREFILTER_BUILD));
    findings_of(rs, draft, got, sizeof got, &t);
    nl_ruleset_free(rs);
    assert_string_equal(got, plain);
    assert_int_equal(count_files(cache, "yaml-"), 1);
    assert_int_equal(count_files(cache, "patterns-"), 1);
    assert_int_equal(count_files(cache, "examples-"), 1);
    /* a database exactly where a prefilter can be made (Hyperscan built in,
       a CPU it runs on) and the tests do not turn it off */
    const char *probe = "a";
    unsigned all_types = ~0u;
    nl_prefilter *pf = nl_prefilter_new(&probe, &all_types, 1, NULL, 0);
    int with_hs = pf && nl_test_prefilter(NL_PREFILTER_BUILD) == NL_PREFILTER_BUILD;
    nl_prefilter_free(pf);
    assert_int_equal(count_files(cache, "prefilter-"), with_hs);
    assert_int_equal(count_files(dir, ""), 2); /* r.yaml and cache/ */

    /* cached databases only: an empty folder gets none, the same findings */
    assert_string_equal(cached_findings(file, cache2, got, sizeof got), plain);
    assert_int_equal(count_files(cache2, "prefilter-"), 0);
    /* ... and one that has them uses them */
    assert_string_equal(cached_findings(file, cache, got, sizeof got), plain);
    assert_int_equal(count_files(cache, "prefilter-"), with_hs);

    /* the interpreter instead of JIT, and no filtering: the same findings */
    nl_ruleset_opts opts = nl_test_ruleset_opts();
    opts.no_jit = 1;
    assert_int_equal(nl_ruleset_new_with(&rs, &opts, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_file(rs, file, &err), NL_OK);
    nl_ruleset_prepare(rs, NL_PREFILTER_NONE);
    findings_of(rs, draft, got, sizeof got, &t);
    nl_ruleset_free(rs);
    assert_string_equal(got, plain);

    if (old_home)
        setenv("HOME", old_home, 1);
    else
        unsetenv("HOME");
    free(old_home);
    unsetenv("XDG_CACHE_HOME");
    rm_files(cache);
    rm_files(cache2);
    unlink(file);
    assert_int_equal(count_files(dir, ""), 0);
    rmdir(dir);
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
        cmocka_unit_test(test_substitute),           cmocka_unit_test(test_fix_findings),
        cmocka_unit_test(test_fix_problems),         cmocka_unit_test(test_fix_apply),
        cmocka_unit_test(test_text_fix_file),        cmocka_unit_test(test_yaml_tree_cache),
        cmocka_unit_test(test_filter_sources),       cmocka_unit_test(test_places), cmocka_unit_test(test_places_divisions),
        cmocka_unit_test(test_prefilter_types),      cmocka_unit_test(test_literal_requirements),
        cmocka_unit_test(test_literal_soundness),    cmocka_unit_test(test_prefilter_segments),      cmocka_unit_test(test_pattern_store), cmocka_unit_test(test_pure_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
