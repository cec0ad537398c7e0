/*
 * fuzz_register.c — libFuzzer target for the register CSV reader
 * (nl_register_load_memory: encoding detection, RFC 4180 quoting, header
 * lookup, dates), then the register side of the audit join (filing days,
 * deadlines, duplicate 文号) over the rows it read.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normlint/normlint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nl_register *reg = NULL;
    nl_error err;
    if (nl_register_load_memory(&reg, "fuzz.csv", (const char *)data, size, &err) != NL_OK)
        return 0;
    size_t bytes = 0;
    for (size_t i = 0; i < nl_register_count(reg); i++) {
        const nl_reg_row *row = nl_register_row(reg, i);
        bytes += strlen(row->doc_number) + strlen(row->title) + strlen(row->issuer) + strlen(row->file);
        (void)nl_reg_filing_days(row);
        if ((unsigned)row->type > (unsigned)NL_DOCTYPE_OTHER)
            abort();
    }
    /* an ignored 类型 cell names a line of the register */
    for (size_t i = 0; i < nl_register_problem_count(reg); i++)
        if (nl_register_problem(reg, i)->line == 0 || !nl_register_problem(reg, i)->message[0])
            abort();
    if (bytes > size * 4 + 64) /* cells are copies of input bytes (at most doubled by GB18030 → UTF-8) */
        abort();
    nl_audit_stats st;
    nl_audit_join(NULL, 0, reg, nl_profile_builtin(), &st);
    nl_register_free(reg);
    return 0;
}
