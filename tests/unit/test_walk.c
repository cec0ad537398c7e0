/*
 * test_walk.c — the input walk: byte order of names, hidden entries skipped,
 * only supported extensions taken from directories, named files always taken,
 * symbolic links to directories not followed, missing named paths passed on.
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

typedef struct seen {
    char lines[32][1100];
    int n, stop_after;
} seen;

static int record(void *ud, const char *path, const nl_error *err)
{
    seen *s = ud;
    if (s->n < 32) {
        if (err)
            snprintf(s->lines[s->n], sizeof s->lines[0], "E %s", err->path);
        else
            snprintf(s->lines[s->n], sizeof s->lines[0], "F %s", path);
        s->n++;
    }
    return s->stop_after && s->n >= s->stop_after;
}

static char root[256];

static void touch(const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("x\n", f);
    fclose(f);
}

static void dir(const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    assert_int_equal(mkdir(p, 0700), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "%s/nlwalkXXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        return -1;
    dir("b");
    dir("a");
    dir(".hidden");
    touch("b/2.txt");
    touch("b/10.txt");
    touch("a/z.text");
    touch("a/notes.md");
    touch(".hidden/x.txt");
    touch(".dot.txt");
    touch("top.TXT");
    char p[512], target[512];
    snprintf(p, sizeof p, "%s/a/loop", root);
    snprintf(target, sizeof target, "%s", root);
    if (symlink(target, p) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *rel(const char *line)
{
    static char buf[1100];
    size_t n = strlen(root);
    if (strncmp(line + 2, root, n) == 0)
        snprintf(buf, sizeof buf, "%c %s", line[0], line + 2 + n + 1);
    else
        snprintf(buf, sizeof buf, "%s", line);
    return buf;
}

static void test_walk_order_and_filters(void **state)
{
    (void)state;
    seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(nl_walk(root, record, &s), NL_OK);
    assert_int_equal(s.n, 4);
    assert_string_equal(rel(s.lines[0]), "F a/z.text");
    assert_string_equal(rel(s.lines[1]), "F b/10.txt");
    assert_string_equal(rel(s.lines[2]), "F b/2.txt");
    assert_string_equal(rel(s.lines[3]), "F top.TXT");
}

static void test_walk_named_file_always_taken(void **state)
{
    (void)state;
    seen s;
    memset(&s, 0, sizeof s);
    char p[512];
    snprintf(p, sizeof p, "%s/a/notes.md", root);
    assert_int_equal(nl_walk(p, record, &s), NL_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(rel(s.lines[0]), "F a/notes.md");
}

/* A named path that does not exist is an error record, never a silent pass. */
static void test_walk_missing_path(void **state)
{
    (void)state;
    seen s;
    memset(&s, 0, sizeof s);
    char p[512];
    snprintf(p, sizeof p, "%s/nope", root);
    assert_int_equal(nl_walk(p, record, &s), NL_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(rel(s.lines[0]), "E nope");
}

/* A folder in which nothing is taken is said, once; an empty rule-pack walk
   (nl_walk_matching) yields nothing. */
static void test_walk_empty_folder(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/empty", root);
    assert_int_equal(mkdir(p, 0755), 0);
    seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(nl_walk(p, record, &s), NL_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(rel(s.lines[0]), "E empty");
    memset(&s, 0, sizeof s);
    assert_int_equal(nl_walk_matching(p, nl_load_supported_name, record, &s), NL_OK);
    assert_int_equal(s.n, 0);
    assert_int_equal(rmdir(p), 0);
}

static void test_walk_stop(void **state)
{
    (void)state;
    seen s;
    memset(&s, 0, sizeof s);
    s.stop_after = 2;
    assert_int_equal(nl_walk(root, record, &s), NL_OK);
    assert_int_equal(s.n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_order_and_filters),
        cmocka_unit_test(test_walk_named_file_always_taken),
        cmocka_unit_test(test_walk_missing_path),
        cmocka_unit_test(test_walk_empty_folder),
        cmocka_unit_test(test_walk_stop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
