/*
 * fuzz_bundled.h — what the targets that need the real rules share: the
 * bundled rule packs of the tree, compiled once per process (they take far
 * longer to compile than one input takes to run), and a /dev/null stream for
 * reports. NL_FUZZ_ROOT, the source tree, comes from the Makefile. The
 * objects live until the process ends, as libFuzzer expects of set-up state.
 */
#ifndef NL_FUZZ_BUNDLED_H
#define NL_FUZZ_BUNDLED_H

#include <stdio.h>
#include <stdlib.h>

#include "normlint/normlint.h"

#ifndef NL_FUZZ_ROOT
#define NL_FUZZ_ROOT "."
#endif

static inline const nl_ruleset *fuzz_bundled_rules(void)
{
    static nl_ruleset *rs;
    if (!rs) {
        nl_error err;
        if (nl_ruleset_new(&rs, &err) != NL_OK || nl_ruleset_load_dir(rs, NL_FUZZ_ROOT "/rules", &err) != NL_OK) {
            fprintf(stderr, "fuzz: cannot load the rules in %s/rules\n", NL_FUZZ_ROOT);
            abort();
        }
    }
    return rs;
}

static inline FILE *fuzz_sink(void)
{
    static FILE *f;
    if (!f && !(f = fopen("/dev/null", "w")))
        abort();
    return f;
}

#endif
