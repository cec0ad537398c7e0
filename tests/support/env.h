/*
 * env.h — test support: unit tests follow the command line's switches for
 * the matching engines, so that `make valgrind` (which sets NORMLINT_JIT=off
 * and NORMLINT_PREFILTER=off, as memcheck follows neither PCRE2's JIT code
 * nor Hyperscan) runs them without those. The library reads no environment
 * (issue 19): the tests, like cmd/, pass what they read as options.
 */
#ifndef NL_TESTS_ENV_H
#define NL_TESTS_ENV_H

#include <stdlib.h>
#include <string.h>

#include "normlint/rules.h"

static inline int nl_test_env_off(const char *name)
{
    const char *v = getenv(name);
    return v && strcmp(v, "off") == 0;
}

/* Options as the environment asks (JIT off under valgrind), else defaults. */
static inline nl_ruleset_opts nl_test_ruleset_opts(void)
{
    nl_ruleset_opts o;
    memset(&o, 0, sizeof o);
    o.no_jit = nl_test_env_off("NORMLINT_JIT");
    return o;
}

static inline nl_status nl_test_ruleset_new(nl_ruleset **out, nl_error *err)
{
    nl_ruleset_opts o = nl_test_ruleset_opts();
    return nl_ruleset_new_with(out, &o, err);
}

/* `want`, or no Hyperscan when the environment says so. */
static inline nl_prefilter_mode nl_test_prefilter(nl_prefilter_mode want)
{
    return nl_test_env_off("NORMLINT_PREFILTER") && want != NL_PREFILTER_NONE ? NL_PREFILTER_OFF : want;
}

#endif
