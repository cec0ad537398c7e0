/*
 * kind_pattern.c — `pattern`: a finding for every match of any of the rule's
 * patterns in each scope unit, unless one of its `unless` patterns matches
 * somewhere in the same unit. Matches that overlap (several patterns on the
 * same words) are reported once, on the earliest and longest of them.
 */
#include <stdint.h>
#include <stdlib.h>

#include "rules/kind.h"

typedef struct hit {
    size_t s, e;
} hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    if (x->e != y->e)
        return x->e > y->e ? -1 : 1;
    return 0;
}

/* Collect every match of every pattern in u into *hits. */
static int collect(nl_run *run, const nl_rule *r, nl_unit u, hit **hits, size_t *n, size_t *cap)
{
    const char *t = nl_run_text(run);
    for (size_t k = 0; k < r->npats; k++) {
        size_t from = u.start;
        while (from <= u.end) {
            size_t ms, me;
            int rc = nl_run_find(run, r, r->pats[k], u, from, &ms, &me);
            if (rc == NL_PAT_LIMIT)
                return -1;
            if (rc != NL_PAT_MATCH)
                break;
            if (me > ms) {
                if (*n == *cap) {
                    size_t nc = *cap ? *cap * 2 : 16;
                    hit *nh = realloc(*hits, nc * sizeof *nh);
                    if (!nh)
                        return -1;
                    *hits = nh;
                    *cap = nc;
                }
                (*hits)[(*n)++] = (hit){ms, me};
                from = me;
            } else {
                /* an empty match: step over one code point */
                from = ms + 1;
                while (from < u.end && ((unsigned char)t[from] & 0xC0) == 0x80)
                    from++;
            }
        }
    }
    return 0;
}

/* 1 when a unit [u.start, u.end] may hold a match of one of r's patterns.
   next[k] is where pattern k may next match as searched from from[k]; it
   stands for u as long as from[k] <= u.start <= next[k]. One search of the
   whole text thus replaces a search of each unit up to the next match. */
static int unit_may_match(nl_run *run, const nl_rule *r, nl_unit u, size_t *from, size_t *next)
{
    int maybe = 0;
    for (size_t k = 0; k < r->npats; k++) {
        if (!(from[k] <= u.start && u.start <= next[k])) {
            from[k] = u.start;
            next[k] = nl_run_next_start(run, r->pats[k], u.start);
        }
        maybe |= next[k] <= u.end;
    }
    return maybe;
}

static int run_pattern(nl_run *run, const nl_rule *r, const nl_unit *units, size_t n)
{
    /* most rules match nowhere in a document: then no unit is looked at */
    int any = 0;
    for (size_t k = 0; k < r->npats && !any; k++)
        any = nl_run_may_match(run, r->pats[k]);
    if (!any)
        return 0;
    size_t *from = malloc(2 * r->npats * sizeof *from);
    if (!from)
        return -1;
    size_t *next = from + r->npats;
    for (size_t k = 0; k < r->npats; k++)
        from[k] = next[k] = SIZE_MAX;
    hit *hits = NULL;
    size_t cap = 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t nh = 0;
        if (!unit_may_match(run, r, units[i], from, next))
            continue;
        if (collect(run, r, units[i], &hits, &nh, &cap) != 0) {
            rc = -1;
            break;
        }
        if (nh == 0)
            continue;
        int veto = nl_run_any(run, r, r->unless, r->nunless, units[i]);
        if (veto < 0) {
            rc = -1;
            break;
        }
        if (veto)
            continue;
        if (nh > 1)
            qsort(hits, nh, sizeof *hits, cmp_hit);
        /* a cluster of overlapping hits is reported once, on its first hit */
        size_t reach = 0;
        for (size_t k = 0; k < nh; k++) {
            int overlaps = k > 0 && hits[k].s < reach;
            if (hits[k].e > reach)
                reach = hits[k].e;
            if (overlaps)
                continue;
            if (nl_run_emit(run, r, hits[k].s, hits[k].e) != 0) {
                rc = -1;
                break;
            }
        }
    }
    free(hits);
    free(from);
    return rc;
}

const nl_kind nl_kind_pattern = {"pattern", 1, NULL, NULL, run_pattern};
