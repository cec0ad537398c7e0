/*
 * fuzz_merge.c — libFuzzer target for what `normlint merge` does with a
 * shard output: the JSONL reader (nl_audit_read_jsonl_memory, findings
 * resolved against the bundled rules), the join with the corpus register and
 * every audit report written from the records it read (to /dev/null).
 *
 * The rules (fuzz_bundled.h) and the register are loaded once per process.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_bundled.h"
#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const nl_register *reg(void)
{
    static nl_register *r;
    if (!r) {
        nl_error err;
        if (nl_register_load(&r, NL_FUZZ_ROOT "/corpus/register.csv", &err) != NL_OK) {
            fprintf(stderr, "fuzz_merge: cannot load %s/corpus/register.csv\n", NL_FUZZ_ROOT);
            abort();
        }
    }
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_record *recs = NULL;
    size_t n = 0;
    nl_error err;
    if (nl_audit_read_jsonl_memory("fuzz.jsonl", (const char *)data, size, fuzz_bundled_rules(), &recs, &n, NULL, &err) ==
        NL_OK) {
        /* as merge does: each record streamed before the join, then every
           report, with and without the register */
        for (size_t i = 0; i < n; i++)
            nl_audit_jsonl_record(fuzz_sink(), &recs[i], NULL);
        static const char *const formats[] = {"review", "json", "jsonl", "html"};
        for (size_t k = 0; k < 2 * sizeof formats / sizeof formats[0]; k++) {
            const nl_register *r = k % 2 ? reg() : NULL;
            nl_audit_stats st;
            nl_audit_join(recs, n, r, nl_profile_builtin(), &st);
            nl_audit_report(formats[k / 2], fuzz_sink(), recs, n, r, &st, 0);
        }
    }
    for (size_t i = 0; i < n; i++)
        nl_record_clear(&recs[i]);
    free(recs);
    return 0;
}
