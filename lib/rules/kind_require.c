/*
 * kind_require.c — `require`: each scope unit must contain a match of one of
 * the rule's patterns. A unit without one gets a finding on its first line
 * (for the document scope: on the title); an `unless` match in the unit
 * excuses it.
 */
#include "rules/kind.h"

static int run_require(nl_run *run, const nl_rule *r, const nl_unit *units, size_t n)
{
    const char *t = nl_run_text(run);
    for (size_t i = 0; i < n; i++) {
        int found = nl_run_any(run, r, r->pats, r->npats, units[i]);
        if (found < 0)
            return -1;
        if (found)
            continue;
        int excused = nl_run_any(run, r, r->unless, r->nunless, units[i]);
        if (excused < 0)
            return -1;
        if (excused)
            continue;
        nl_unit at;
        if (r->scope == NL_SCOPE_DOCUMENT) {
            at = nl_run_document_anchor(run);
        } else {
            at = units[i];
            for (size_t k = at.start; k < at.end; k++)
                if (t[k] == '\n') {
                    at.end = k;
                    break;
                }
        }
        if (nl_run_emit(run, r, at.start, at.end) != 0)
            return -1;
    }
    return 0;
}

const nl_kind nl_kind_require = {"require", 1, NULL, NULL, run_require};
