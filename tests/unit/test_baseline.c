/*
 * test_baseline.c — baselines (report.h): findings are keyed by the document
 * path relative to the baseline's root, so a baseline written from one
 * folder matches from another, with an absolute path and with the paths
 * --staged names; a recorded finding accepts one finding only; a version 1
 * file (paths as typed) is read relative to the base folder; a path outside
 * the root is kept absolute. Documents are made from strings and checked by
 * a one-rule pack loaded from memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normlint/normlint.h"
#include "support/packs.h"
#include "support/env.h"


static const char *const one = "江州市某某办法\n第一条　违反的，处五百元罚款。\n";
static const char *const two = "江州市某某办法\n第一条　违反的，处五百元罚款。\n第二条　再犯的，处五百元罚款。\n";

static char root[256];
static nl_ruleset *rs;
static nl_matcher *m;

static int setup(void **state)
{
    (void)state;
    nl_error err;
    snprintf(root, sizeof root, "/tmp/nl-baseline-XXXXXX");
    if (!mkdtemp(root) || nl_test_ruleset_new(&rs, &err) != NL_OK ||
        nl_ruleset_load_memory(rs, "p.yaml", nl_test_fine_pack, strlen(nl_test_fine_pack), &err) != NL_OK ||
        nl_matcher_new(&m, rs, &err) != NL_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nl_matcher_free(m);
    nl_ruleset_free(rs);
    return rmdir(root);
}

/* Check `text` as the document at `path`; *res gets its result. */
static nl_doc *checked(const char *path, const char *text, nl_result **res)
{
    nl_doc *doc = NULL;
    nl_error err;
    assert_int_equal(nl_doc_from_utf8(&doc, path, text, strlen(text), &err), NL_OK);
    assert_int_equal(nl_check(res, m, rs, doc, NULL, &err), NL_OK);
    return doc;
}

/* The baseline b as written, in a string (caller frees). */
static char *written(const nl_baseline *b)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(nl_baseline_write(b, f), NL_OK);
    fclose(f);
    return buf;
}

/* How many findings of `text` at `path` the baseline leaves reported. */
static size_t reported(nl_baseline *b, const char *path, const char *text)
{
    nl_result *res = NULL;
    nl_doc *doc = checked(path, text, &res);
    assert_int_equal(nl_baseline_apply(b, doc, res), NL_OK);
    size_t n = nl_result_count(res);
    nl_result_free(res);
    nl_doc_free(doc);
    return n;
}

/* Written with base root/sub from "a.txt", the key is sub/a.txt. */
static nl_baseline *recorded(void)
{
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub", root);
    nl_baseline *b = NULL;
    assert_int_equal(nl_baseline_new(&b, root, sub), NL_OK);
    nl_result *res = NULL;
    nl_doc *doc = checked("a.txt", one, &res);
    assert_int_equal(nl_result_count(res), 1);
    assert_int_equal(nl_baseline_add(b, doc, res), NL_OK);
    nl_result_free(res);
    nl_doc_free(doc);
    return b;
}

static void test_keys_relative_to_root(void **state)
{
    (void)state;
    nl_baseline *b = recorded();
    char *s = written(b);
    assert_non_null(strstr(s, "\"baseline\": 2"));
    assert_non_null(strstr(s, "\"path\": \"sub/a.txt\""));
    free(s);
    nl_baseline_free(b);
}

static void test_matches_from_anywhere(void **state)
{
    (void)state;
    char abs[300];
    snprintf(abs, sizeof abs, "%s/sub/./a.txt", root);
    /* from the root, as --staged names it */
    nl_baseline *b = recorded();
    nl_baseline *from_root = NULL;
    char *s = written(b);
    char file[300];
    snprintf(file, sizeof file, "%s/bl.json", root);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
    free(s);
    nl_error err;
    assert_int_equal(nl_baseline_load(&from_root, file, root, root, &err), NL_OK);
    assert_int_equal(reported(from_root, "sub/a.txt", one), 0);
    nl_baseline_free(from_root);
    /* an absolute path, with a ./ in it */
    assert_int_equal(nl_baseline_load(&from_root, file, root, "/", &err), NL_OK);
    assert_int_equal(reported(from_root, abs, one), 0);
    nl_baseline_free(from_root);
    /* another file is not accepted by it */
    assert_int_equal(nl_baseline_load(&from_root, file, root, root, &err), NL_OK);
    assert_int_equal(reported(from_root, "sub/b.txt", one), 1);
    nl_baseline_free(from_root);
    unlink(file);
    nl_baseline_free(b);
}

static void test_one_finding_per_record(void **state)
{
    (void)state;
    nl_baseline *b = recorded();
    char sub[300];
    snprintf(sub, sizeof sub, "%s/sub/a.txt", root);
    /* the recorded defect is accepted; a second copy of it is still reported */
    assert_int_equal(reported(b, sub, two), 1);
    nl_baseline_free(b);
}

static void test_version_1_and_outside_root(void **state)
{
    (void)state;
    char file[300], outside[300];
    snprintf(file, sizeof file, "%s/v1.json", root);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    /* the fingerprint does not match: the rule and matched text do */
    fputs("{\"tool\": \"normlint\", \"baseline\": 1, \"findings\": [{\"path\": \"./sub//a.txt\", \"rule\": \"test.fine\", "
          "\"fingerprint\": \"0000000000000000\", \"text\": \"处五百元罚款\"}]}\n",
          f);
    fclose(f);
    nl_baseline *b = NULL;
    nl_error err;
    assert_int_equal(nl_baseline_load(&b, file, root, root, &err), NL_OK);
    assert_int_equal(nl_baseline_count(b), 1);
    assert_int_equal(reported(b, "sub/a.txt", one), 0);
    nl_baseline_free(b);
    unlink(file);
    /* a document outside the root keeps its absolute path as its key */
    nl_baseline *o = NULL;
    assert_int_equal(nl_baseline_new(&o, root, root), NL_OK);
    nl_result *res = NULL;
    snprintf(outside, sizeof outside, "/elsewhere/x/../a.txt");
    nl_doc *doc = checked(outside, one, &res);
    assert_int_equal(nl_baseline_add(o, doc, res), NL_OK);
    char *s = written(o);
    assert_non_null(strstr(s, "\"path\": \"/elsewhere/a.txt\""));
    free(s);
    nl_result_free(res);
    nl_doc_free(doc);
    nl_baseline_free(o);
}

static void test_bad_files(void **state)
{
    (void)state;
    char file[300];
    snprintf(file, sizeof file, "%s/bad.json", root);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("{\"tool\": \"other\"}", f);
    fclose(f);
    nl_baseline *b = NULL;
    nl_error err;
    assert_int_equal(nl_baseline_load(&b, file, root, NULL, &err), NL_ERR_PARSE);
    assert_null(b);
    assert_string_equal(err.message, "not a normlint baseline (write one with check --write-baseline)");
    unlink(file);
    assert_int_equal(nl_baseline_load(&b, file, root, NULL, &err), NL_ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_relative_to_root),
        cmocka_unit_test(test_matches_from_anywhere),
        cmocka_unit_test(test_one_finding_per_record),
        cmocka_unit_test(test_version_1_and_outside_root),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
