/* test_grow.c — core/grow: room for one more element, room for `need`; core/arena. */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/grow.h"

static void test_grow_doubles(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 100; n++) {
        assert_int_equal(nl_grow((void **)&a, &cap, n, sizeof *a, 4), 0);
        assert_true(cap > n);
        a[n] = (int)n;
    }
    assert_int_equal(cap, 128); /* 4, 8, …, 128 */
    for (size_t n = 0; n < 100; n++)
        assert_int_equal(a[n], (int)n);
    free(a);
}

static void test_reserve(void **state)
{
    (void)state;
    int *a = NULL;
    size_t cap = 0;
    assert_int_equal(nl_reserve((void **)&a, &cap, 0, sizeof *a, 16), 0);
    assert_null(a); /* nothing needed, nothing allocated */
    assert_int_equal(nl_reserve((void **)&a, &cap, 100, sizeof *a, 16), 0);
    assert_int_equal(cap, 128); /* 16 doubled until it holds 100 */
    a[99] = 7;
    assert_int_equal(nl_reserve((void **)&a, &cap, 50, sizeof *a, 16), 0);
    assert_int_equal(cap, 128); /* never shrinks */
    assert_int_equal(a[99], 7);
    size_t big = cap;
    assert_int_equal(nl_reserve((void **)&a, &big, SIZE_MAX / 2, sizeof *a, 16), -1);
    assert_int_equal(big, 128); /* an impossible size leaves the array as it was */
    free(a);
    char *b = NULL;
    size_t bc = 0;
    assert_int_equal(nl_reserve((void **)&b, &bc, 3, 1, 0), 0); /* a first of 0 starts at 1 */
    assert_int_equal(bc, 4);
    free(b);
}

/* The arena: objects aligned and zeroed after text packed unaligned; text
   copied with its terminator; a request larger than a chunk served; every
   chunk released by one call. */
static void test_arena(void **state)
{
    (void)state;
    nl_arena a = {0};
    const char *s = nl_arena_strn(&a, "abc", 3);
    assert_string_equal(s, "abc");
    char *b = nl_arena_bytes(&a, 5);
    assert_non_null(b);
    assert_ptr_equal(b, s + 4); /* packed right after */
    long double *o = nl_arena_alloc(&a, sizeof *o * 3);
    assert_non_null(o);
    assert_int_equal((uintptr_t)o % alignof(max_align_t), 0);
    assert_true(o[0] == 0 && o[2] == 0);
    char *big = nl_arena_bytes(&a, 200000);
    assert_non_null(big);
    memset(big, 'x', 200000);
    const char *t = nl_arena_strn(&a, "中文", 6);
    assert_string_equal(t, "中文");
    assert_string_equal(s, "abc"); /* earlier text untouched */
    nl_arena_free(&a);
    assert_null(a.head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_doubles),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
