/*
 * kind_pattern.c — `pattern`: a finding for every match of any of the rule's
 * patterns in each scope unit, unless one of its `unless` patterns matches
 * somewhere in the same unit. Matches that overlap (several patterns on the
 * same words) are reported once, on the earliest and longest of them.
 *
 * Three refinements make a rule read like the concept it stands for rather
 * than one phrasing of it:
 *  - `all`: patterns that must each match somewhere in the same unit too, in
 *    any order (an actor, a binding modal, a place and a tie in one clause);
 *  - a group made by a `capture: local` vocabulary must name a place local to
 *    the issuer (本区, or the issuer's own 余杭区), else the match is passed
 *    over and the search goes on;
 *  - `veto`: a match inside the scope of a veto vocabulary (a prohibition
 *    such as 不得 before it in its sentence, a remedy clause, a restatement
 *    of the upper law) is not a finding. One mechanism for every rule,
 *    instead of a window of characters written into each rule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/utf8.h"
#include "normlint/cnum.h"
#include "normlint/doc.h"

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

#define MAX_OV 32 /* groups looked at for local places: 0..31 */

static size_t next_char(const char *t, size_t at, size_t end)
{
    at++;
    while (at < end && ((unsigned char)t[at] & 0xC0) == 0x80)
        at++;
    return at;
}

/* The next match of p in u at or after `from` whose local-place groups all
   name a place local to the issuer. */
static int find_local(nl_run *run, const nl_rule *r, const nl_pat *p, nl_unit u, size_t from, size_t *ms,
                      size_t *me)
{
    unsigned g[8];
    unsigned ng = nl_pat_named_groups(p, "nlloc", g, 8);
    if (ng == 0)
        return nl_run_find(run, r, p, u, from, ms, me);
    unsigned nov = nl_pat_groups(p) + 1;
    if (nov > MAX_OV)
        nov = MAX_OV;
    const char *t = nl_run_text(run);
    for (;;) {
        size_t ov[2 * MAX_OV];
        int rc = nl_run_find_groups(run, r, p, u, from, ov, nov);
        if (rc != NL_PAT_MATCH)
            return rc;
        int ok = 1;
        for (unsigned k = 0; k < ng && ok; k++)
            if (g[k] < nov && ov[2 * g[k]] != (size_t)-1)
                ok = nl_doc_place_is_local(nl_run_doc(run), t + ov[2 * g[k]], ov[2 * g[k] + 1] - ov[2 * g[k]]);
        if (ok) {
            *ms = ov[0];
            *me = ov[1];
            return rc;
        }
        if (ov[0] >= u.end)
            return NL_PAT_NOMATCH;
        from = next_char(t, ov[0], u.end);
    }
}

/* Collect every match of every pattern in u into *hits. */
static int collect(nl_run *run, const nl_rule *r, nl_unit u, hit **hits, size_t *n, size_t *cap)
{
    const char *t = nl_run_text(run);
    for (size_t k = 0; k < r->npats; k++) {
        size_t from = u.start;
        while (from <= u.end) {
            size_t ms, me;
            int rc = find_local(run, r, r->pats[k], u, from, &ms, &me);
            if (rc == NL_PAT_LIMIT)
                return -1;
            if (rc != NL_PAT_MATCH)
                break;
            if (me > ms) {
                if (nl_grow((void **)hits, cap, *n, sizeof **hits, 16) != 0)
                    return -1;
                (*hits)[(*n)++] = (hit){ms, me};
                from = me;
            } else {
                /* an empty match: step over one code point */
                from = next_char(t, ms, u.end);
            }
        }
    }
    return 0;
}

/* 1 when the line [s, e) opens with a list label: （一） (1) 一、 1. 1、 */
static int labelled(const char *t, size_t s, size_t e)
{
    static const char *const open[] = {"（", "("};
    static const char *const close[] = {"）", ")", "、", ".", "．"};
    size_t i = s;
    while (i < e && (t[i] == ' ' || t[i] == '\t'))
        i++;
    for (int k = 0; k < 2; k++)
        if (e - i > strlen(open[k]) && memcmp(t + i, open[k], strlen(open[k])) == 0) {
            i += strlen(open[k]);
            break;
        }
    size_t n = nl_cnum_parse(t + i, e - i, NULL, NULL);
    if (n == 0)
        return 0;
    i += n;
    for (int k = 0; k < 5; k++)
        if (e - i >= strlen(close[k]) && memcmp(t + i, close[k], strlen(close[k])) == 0)
            return 1;
    return 0;
}

/* 1 when the labelled line [s, e) is a short heading naming conditions
   (二、报名条件, （三）申报要求): the items under it are those conditions. */
static int conditions_heading(const char *t, size_t s, size_t e)
{
    static const char *const ends[] = {"条件", "要求", "资格"};
    if (e - s > 36) /* a label and at most eight characters or so: items run longer */
        return 0;
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t n = strlen(ends[k]);
        if (e - s >= n && memcmp(t + e - n, ends[k], n) == 0)
            return 1;
    }
    return 0;
}

/* The lead-in of a list item: when the line holding `at` opens with a list
   label, the nearest line above it that ends with a colon (申报单位应当具备
   下列条件：) or is a short heading naming conditions (二、报名条件), passing
   over the sibling items between. An item reads as the end of that sentence:
   在本县注册登记 under 应当具备下列条件 is a condition. Empty when none. */
static nl_unit lead_in(nl_run *run, size_t at)
{
    nl_unit none = {0, 0};
    const nl_doc *doc = nl_run_doc(run);
    const char *t = nl_run_text(run);
    size_t li = nl_doc_line_of(doc, at);
    const nl_line *l = nl_doc_line(doc, li);
    if (!l || !labelled(t, l->start, l->end))
        return none;
    for (size_t k = 1; k <= 30 && k <= li; k++) {
        const nl_line *p = nl_doc_line(doc, li - k);
        if (!p || p->end == p->start)
            continue;
        size_t e = p->end;
        while (e > p->start && (t[e - 1] == ' ' || t[e - 1] == '\t'))
            e--;
        if ((e - p->start >= 3 && memcmp(t + e - 3, "：", 3) == 0) || (e > p->start && t[e - 1] == ':')) {
            nl_unit u = {p->start, e};
            return u;
        }
        if (!labelled(t, p->start, p->end))
            return none; /* plain text without a colon: no lead-in */
        if (conditions_heading(t, p->start, e)) {
            nl_unit u = {p->start, e};
            return u;
        }
        /* a sibling item above: keep looking */
    }
    return none;
}

/* 1 when every `all` pattern matches somewhere in u (or in the lead-in of
   the item u belongs to), 0 when one does not, -1 on a limit. */
static int all_present(nl_run *run, const nl_rule *r, nl_unit u)
{
    nl_unit li = {0, 0};
    int have_li = 0;
    for (size_t k = 0; k < r->nall; k++) {
        size_t ms, me;
        int rc = find_local(run, r, r->all[k], u, u.start, &ms, &me);
        if (rc == NL_PAT_LIMIT)
            return -1;
        if (rc == NL_PAT_MATCH)
            continue;
        if (!have_li) {
            li = lead_in(run, u.start);
            have_li = 1;
        }
        if (li.end == li.start)
            return 0;
        rc = find_local(run, r, r->all[k], li, li.start, &ms, &me);
        if (rc == NL_PAT_LIMIT)
            return -1;
        if (rc != NL_PAT_MATCH)
            return 0;
    }
    return 1;
}

/* 1 when a sentence-ending mark (。！？ or a line break) ends at t[i]. */
static int period_end_at(const char *t, size_t i)
{
    if (t[i] == '\n')
        return 1;
    static const char *const marks[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"}; /* 。！？ */
    for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
        if (i >= 2 && memcmp(t + i - 2, marks[k], 3) == 0)
            return 1;
    return 0;
}

/* The period holding sent: from after the 。 (or line break) before it to
   the end of the 。 after it, across the ；-clauses a sentence unit stops at
   (依照《…》规定，责令改正；拒不改正的，责令停产停业。 is one restatement).
   A NL_VETO_PERIOD vocabulary is searched from the period's start to the
   end of the hit's sentence. */
static nl_unit period_of(nl_run *run, nl_unit sent)
{
    const char *t = nl_run_text(run);
    size_t len = nl_doc_len(nl_run_doc(run));
    nl_unit p = sent;
    while (p.start > 0 && !period_end_at(t, p.start - 1))
        p.start--;
    while (p.end > p.start && p.end < len && !period_end_at(t, p.end - 1))
        p.end++;
    return p;
}

/* 1 when v's `until` matches in [from, to): the scope of a trigger ending
   at from is closed before to; 0 when not (or v has no `until`), -1 on a
   limit. */
static int scope_closed(nl_run *run, const nl_rule *r, const nl_vocab *v, size_t from, size_t to)
{
    if (!v->until || from >= to)
        return 0;
    size_t us, ue;
    nl_unit gap = {from, to};
    int rc = nl_run_find(run, r, v->until, gap, from, &us, &ue);
    if (rc == NL_PAT_LIMIT)
        return -1;
    return rc == NL_PAT_MATCH;
}

/* The hit a veto's triggers are judged against: [s, e) in sentence sent. */
typedef struct veto_hit {
    nl_unit sent;
    size_t s, e;
} veto_hit;

/* What one trigger [ms, me) of a veto says of the hit: -1 a limit, 0 look
   at the next trigger, 1 the trigger governs the hit, 2 no later one can. */
typedef int (*judge_fn)(nl_run *run, const nl_rule *r, const nl_vocab *v, size_t ms, size_t me, const veto_hit *h);

/* Walk the triggers of v in `in` that start before `stop`, in order: 1 when
   judge finds one that governs the hit, 0 when none does, -1 on a limit. */
static int any_trigger(nl_run *run, const nl_rule *r, const nl_vocab *v, nl_unit in, size_t stop, judge_fn judge,
                       const veto_hit *h)
{
    size_t ms, me;
    for (size_t from = in.start; from < stop;) {
        int rc = nl_run_find(run, r, v->pat, in, from, &ms, &me);
        if (rc == NL_PAT_LIMIT)
            return -1;
        if (rc != NL_PAT_MATCH)
            break;
        int j = judge(run, r, v, ms, me, h);
        if (j != 0)
            return j == 2 ? 0 : j;
        from = me > ms ? me : next_char(nl_run_text(run), ms, in.end);
    }
    return 0;
}

/* A trigger governs unless `until` closes its scope before the hit ends:
   the judge of NL_VETO_BEFORE (a trigger before the hit) and of a lead-in in
   an earlier ；-clause. */
static int open_scope(nl_run *run, const nl_rule *r, const nl_vocab *v, size_t me, size_t e)
{
    int closed = scope_closed(run, r, v, me, e);
    return closed < 0 ? -1 : !closed;
}

static int judge_in_sentence(nl_run *run, const nl_rule *r, const nl_vocab *v, size_t ms, size_t me,
                             const veto_hit *h)
{
    (void)ms;
    return me <= h->sent.start ? open_scope(run, r, v, me, h->e) : 1;
}

/* NL_VETO_SENTENCE and NL_VETO_PERIOD: 1 when a trigger of v in the hit's
   sentence sent (for a period-wide v, from the period's start) governs the
   hit ending at e, 0 when none does, -1 on a limit. */
static int trigger_in_sentence(nl_run *run, const nl_rule *r, const nl_vocab *v, nl_unit sent, size_t e)
{
    nl_unit in = sent;
    if (v->scope == NL_VETO_PERIOD) /* a lead-in reaches forward, not back */
        in.start = period_of(run, sent).start;
    /* a lead-in in an earlier ；-clause reaches the hit's clause
       unless `until` closes it in between (……的规定处理；同时将其
       曝光 adds a measure the lead-in does not cover) */
    veto_hit h = {sent, 0, e};
    return any_trigger(run, r, v, in, in.end, judge_in_sentence, &h);
}

/* The lead-in of the list item holding s when it announces the list (has
   下列), else an empty unit: a 通告如下： heading announces no list. */
static nl_unit announcing_lead_in(nl_run *run, size_t s)
{
    nl_unit li = lead_in(run, s);
    const char *lt = nl_run_text(run) + li.start;
    if (li.end > li.start && nl_find(lt, li.end - li.start, "下列", 6) >= li.end - li.start)
        li.end = li.start; /* a heading that announces no list */
    return li;
}

/* NL_VETO_PERIOD: 1 when a trigger of v lies in the announcing lead-in li
   of the hit's list item, 0 when not (or li is empty), -1 on a limit. */
static int trigger_in_lead_in(nl_run *run, const nl_rule *r, const nl_vocab *v, nl_unit li)
{
    size_t ms, me;
    if (li.end > li.start) {
        int rc = nl_run_find(run, r, v->pat, li, li.start, &ms, &me);
        if (rc == NL_PAT_LIMIT)
            return -1;
        if (rc == NL_PAT_MATCH)
            return 1;
    }
    return 0;
}

static int judge_before(nl_run *run, const nl_rule *r, const nl_vocab *v, size_t ms, size_t me, const veto_hit *h)
{
    (void)ms;
    return me <= h->s ? open_scope(run, r, v, me, h->e) : 0;
}

static int judge_fused(nl_run *run, const nl_rule *r, const nl_vocab *v, size_t ms, size_t me, const veto_hit *h)
{
    (void)run, (void)r, (void)v;
    if (ms >= h->s)
        return 2;
    return me > h->s;
}

/* NL_VETO_BEFORE: 1 when a trigger of v between the sentence's start and
   the hit [s, e) is not closed by `until` before the hit ends (严禁搭建灵棚
   治丧，所有丧事一律在殡仪馆进行: the second clause binds again, and its
   binding word may lie in the hit), or when one is fused with the hit's
   first word (不公开 before the hit 公开个人信息: it starts before the hit
   and ends inside it); 0 when none is, -1 on a limit. */
static int trigger_before(nl_run *run, const nl_rule *r, const nl_vocab *v, nl_unit sent, size_t s, size_t e)
{
    veto_hit h = {sent, s, e};
    int rc = any_trigger(run, r, v, (nl_unit){sent.start, s}, s, judge_before, &h);
    if (rc == 0)
        rc = any_trigger(run, r, v, (nl_unit){sent.start, e}, s, judge_fused, &h);
    return rc;
}

/* 1 when the hit [s, e) lies in the scope of one of r's veto vocabularies,
   0 when not, -1 on a limit. */
static int vetoed(nl_run *run, const nl_rule *r, size_t s, size_t e)
{
    if (r->nveto == 0)
        return 0;
    nl_unit sent = nl_run_sentence_of(run, s, e);
    nl_unit li = {0, 0}; /* the announcing lead-in of the hit's list item, once looked up */
    int have_li = 0;
    for (size_t k = 0; k < r->nveto; k++) {
        const nl_vocab *v = r->veto[k];
        int rc;
        if (v->scope == NL_VETO_SENTENCE || v->scope == NL_VETO_PERIOD) {
            rc = trigger_in_sentence(run, r, v, sent, e);
            /* a period-wide lead-in also governs the items of the list it
               opens when it announces them (不得有下列行为： over （二）要求
               经营者在本市注册……) */
            if (rc == 0 && v->scope == NL_VETO_PERIOD) {
                if (!have_li) {
                    li = announcing_lead_in(run, s);
                    have_li = 1;
                }
                rc = trigger_in_lead_in(run, r, v, li);
            }
        } else {
            /* NL_VETO_BEFORE */
            rc = trigger_before(run, r, v, sent, s, e);
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* 1 when a unit [u.start, u.end] may hold a match of one of r's patterns.
   next[k] is where pattern k may next match as searched from from[k] (no
   match of it from there ends before next[k]); it stands for u as long as
   from[k] <= u.start <= next[k]. One search of the whole text thus replaces
   a search of each unit up to the next match. */
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
        if (!unit_may_match(run, r, units[i], from, next)) {
            /* no pattern can match before the nearest next[k]: the units
               that follow in document order and end before it need no look
               (for them unit_may_match would say the same, and change
               nothing) */
            size_t m = SIZE_MAX;
            for (size_t k = 0; k < r->npats; k++)
                if (next[k] < m)
                    m = next[k];
            while (i + 1 < n && units[i + 1].end < m && units[i + 1].start >= units[i].start)
                i++;
            continue;
        }
        if (collect(run, r, units[i], &hits, &nh, &cap) != 0) {
            rc = -1;
            break;
        }
        if (nh == 0)
            continue;
        int veto = nl_run_any(run, r, r->unless, r->nunless, units[i]);
        if (veto == 0 && r->nall) {
            int all = all_present(run, r, units[i]);
            veto = all < 0 ? -1 : !all;
        }
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
            int v = vetoed(run, r, hits[k].s, hits[k].e);
            if (v < 0) {
                rc = -1;
                break;
            }
            if (v)
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
