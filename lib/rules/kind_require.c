/*
 * kind_require.c — `require`: each scope unit must contain a match of one of
 * the rule's patterns. A unit without one gets a finding on its first line
 * (for the document scope: on the title), or on the first match of an
 * `anchor` pattern where the missing text belongs (no 有效期: on the 施行
 * clause); an `unless` match in the unit excuses it.
 */
#include "rules/kind.h"

/* The earliest match of r's anchors in u: 1 found, 0 none, -1 a limit. */
static int find_anchor(nl_run *run, const nl_rule *r, nl_unit u, nl_unit *at)
{
    int found = 0;
    for (size_t k = 0; k < r->nanchor; k++) {
        size_t ms, me;
        int rc = nl_run_find(run, r, r->anchor[k], u, u.start, &ms, &me);
        if (rc == NL_PAT_LIMIT)
            return -1;
        if (rc == NL_PAT_MATCH && (!found || ms < at->start)) {
            at->start = ms;
            at->end = me;
            found = 1;
        }
    }
    return found;
}

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
        nl_unit at = {0, 0};
        int anchored = find_anchor(run, r, units[i], &at);
        if (anchored < 0)
            return -1;
        if (!anchored && r->scope == NL_SCOPE_DOCUMENT) {
            at = nl_run_document_anchor(run);
        } else if (!anchored) {
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
