/*
 * fuzz_rules.c — libFuzzer target for the rule-pack loader: any bytes as a
 * YAML rule file; problems are expected, crashes and hangs are not.
 */
#include <stddef.h>
#include <stdint.h>

#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_ruleset *rs = NULL;
    nl_error err;
    if (nl_ruleset_new(&rs, &err) != NL_OK)
        return 0;
    nl_ruleset_load_memory(rs, "fuzz.yaml", (const char *)data, size, &err);
    nl_ruleset_free(rs);
    return 0;
}
