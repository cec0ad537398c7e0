/*
 * engine.c — running a ruleset over one document.
 *
 * For each enabled rule that applies to the document's type, the engine takes
 * the units of the rule's scope (computed once per scope and document) and
 * hands them to the rule's kind. Kinds emit findings through the run; the
 * engine turns each into positions, a legal address, an excerpt, a message,
 * a fingerprint and, when the rule declares one, a mechanical fix, then sorts
 * them (offset, rule id, end).
 *
 * Strings of a result live in one growing pool per result, so a result is
 * freed with a handful of calls whatever its size.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/cache.h"
#include "core/grow.h"
#include "core/utf8.h"
#include "rules/kind.h"
#include "rules/prefilter.h"
#include "rules/scope.h"

struct nl_matcher {
    nl_pat_ctx *pc;
    const nl_prefilter *pf;   /* the ruleset's, when prepared */
    nl_prefilter_scratch *ps; /* this thread's scan state for it */
    unsigned char *present;   /* per filter, for the document being checked */
    int nofilter;             /* the ruleset says: search every pattern everywhere */
};

nl_status nl_matcher_new(nl_matcher **out, const nl_ruleset *rs, nl_error *err)
{
    *out = NULL;
    nl_matcher *m = calloc(1, sizeof *m);
    if (!m || !(m->pc = nl_pat_ctx_new())) {
        free(m);
        return nl_error_set(err, NL_ERR_NOMEM, "", "out of memory");
    }
    m->nofilter = rs && rs->nofilter;
    if (rs && rs->no_jit)
        nl_pat_ctx_no_jit(m->pc);
    if (rs && rs->pf && (m->ps = nl_prefilter_scratch_new(rs->pf)) &&
        (m->present = malloc(nl_prefilter_count(rs->pf) + 1)))
        m->pf = rs->pf;
    *out = m;
    return NL_OK;
}

void nl_matcher_free(nl_matcher *m)
{
    if (!m)
        return;
    nl_pat_ctx_free(m->pc);
    nl_prefilter_scratch_free(m->ps);
    free(m->present);
    free(m);
}

/* ---- results ---- */

struct nl_result {
    nl_finding *f;
    size_t n, cap;
    nl_finding *sf; /* set aside (suppressed, baselined) */
    size_t ns, scap;
    const char **warnings;
    size_t nwarn, wcap;
    size_t per_sev[3];
    nl_arena pool; /* the findings' texts */
    /* excerpt cache: the line of the previous finding */
    size_t ex_line;
    const char *ex_text;
};

static char *pool_alloc(nl_result *res, size_t n) { return nl_arena_bytes(&res->pool, n); }

static const char *pool_strn(nl_result *res, const char *s, size_t n) { return nl_arena_strn(&res->pool, s, n); }

size_t nl_result_count(const nl_result *res) { return res ? res->n : 0; }
const nl_finding *nl_result_finding(const nl_result *res, size_t i) { return i < res->n ? &res->f[i] : NULL; }
size_t nl_result_suppressed_count(const nl_result *res) { return res ? res->ns : 0; }
const nl_finding *nl_result_suppressed(const nl_result *res, size_t i) { return i < res->ns ? &res->sf[i] : NULL; }

size_t nl_result_suppressed_by(const nl_result *res, nl_suppression why)
{
    size_t k = 0;
    for (size_t i = 0; res && i < res->ns; i++)
        k += res->sf[i].suppressed == why;
    return k;
}

/* Move the findings with mask[i] set to the set-aside array, marked by `why`
 * (the reason and line are filled in by the caller's `mark`, may be NULL). */
static nl_status set_aside(nl_result *res, const unsigned char *mask, nl_suppression why)
{
    size_t k = 0;
    for (size_t i = 0; i < res->n; i++)
        k += mask[i] != 0;
    if (!k)
        return NL_OK;
    if (nl_reserve((void **)&res->sf, &res->scap, res->ns + k, sizeof *res->sf, 8) != 0)
        return NL_ERR_NOMEM;
    size_t w = 0;
    for (size_t i = 0; i < res->n; i++) {
        nl_finding *f = &res->f[i];
        if (!mask[i]) {
            res->f[w++] = *f;
            continue;
        }
        f->suppressed = why;
        if (!f->suppress_reason)
            f->suppress_reason = "";
        res->per_sev[f->severity]--;
        res->sf[res->ns++] = *f;
    }
    res->n = w;
    return NL_OK;
}

nl_status nl_result_set_aside(nl_result *res, const unsigned char *mask, nl_suppression why)
{
    return set_aside(res, mask, why);
}

size_t nl_result_warning_count(const nl_result *res) { return res ? res->nwarn : 0; }
const char *nl_result_warning(const nl_result *res, size_t i) { return i < res->nwarn ? res->warnings[i] : NULL; }
size_t nl_result_severity_count(const nl_result *res, nl_severity s)
{
    return res && (unsigned)s < 3 ? res->per_sev[s] : 0;
}

/* A zeroed slot for the next finding (counted once the caller fills it). */
static nl_finding *new_finding(nl_result *res)
{
    if (nl_grow((void **)&res->f, &res->cap, res->n, sizeof *res->f, 16) != 0)
        return NULL;
    nl_finding *f = &res->f[res->n];
    memset(f, 0, sizeof *f);
    return f;
}

nl_status nl_result_new(nl_result **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? NL_OK : NL_ERR_NOMEM;
}

nl_status nl_result_add(nl_result *res, const nl_rule *rule, nl_severity sev, const char *message, size_t line,
                        size_t column, const char *address, const char *fingerprint)
{
    nl_finding *f = new_finding(res);
    if (!f)
        return NL_ERR_NOMEM;
    f->rule = rule;
    f->severity = sev;
    f->message = pool_strn(res, message, strlen(message));
    f->address = pool_strn(res, address, strlen(address));
    f->excerpt = "";
    f->start.line = f->end.line = line;
    f->start.column = f->end.column = column;
    snprintf(f->fingerprint, sizeof f->fingerprint, "%s", fingerprint);
    if (!f->message || !f->address)
        return NL_ERR_NOMEM;
    res->per_sev[sev]++;
    res->n++;
    return NL_OK;
}

nl_status nl_result_set_extent(nl_result *res, size_t end_line, size_t end_column, const char *excerpt)
{
    if (!res->n)
        return NL_ERR_INVALID;
    nl_finding *f = &res->f[res->n - 1];
    f->end.line = end_line ? end_line : f->start.line;
    f->end.column = end_column ? end_column : f->start.column;
    f->excerpt = pool_strn(res, excerpt, strlen(excerpt));
    return f->excerpt ? NL_OK : NL_ERR_NOMEM;
}

void nl_result_set_page(nl_result *res, size_t page, size_t page_line)
{
    if (res && res->n) {
        res->f[res->n - 1].page = page;
        res->f[res->n - 1].page_line = page_line;
    }
}

void nl_result_mark_fixed(nl_result *res, size_t i)
{
    if (res && i < res->n)
        res->f[i].fixed = 1;
}

void nl_result_free(nl_result *res)
{
    if (!res)
        return;
    nl_arena_free(&res->pool);
    free((void *)res->warnings);
    free(res->f);
    free(res->sf);
    free(res);
}

/* ---- the run ---- */

#define PRESENCE_SLOTS 1024

struct nl_run {
    const nl_doc *doc;
    const char *text;
    nl_matcher *m;
    nl_result *res;
    nl_severity min;
    const nl_profile *profile;
    nl_date as_of;
    int oom;
    /* units per scope, computed on first use */
    nl_unit *units[NL_SCOPE_COUNT];
    size_t nunits[NL_SCOPE_COUNT];
    unsigned char have[NL_SCOPE_COUNT];
    /* whether a local pattern (nl_pat_local) matches anywhere in the
       document, found on first use: an open-addressing table by pattern */
    const nl_pat *seen_pat[PRESENCE_SLOTS];
    unsigned char seen_state[PRESENCE_SLOTS]; /* 1 somewhere, 2 nowhere */
    const unsigned char *present; /* the prefilter's verdicts for this document, or NULL */
    int nofilter;                 /* search every pattern in every unit (NORMLINT_PREFILTER=none) */
    int guessed;                  /* the document's type rests on a guess (nl_meta.type_guessed) */
};

const char *nl_run_text(const nl_run *run) { return run->text; }
const nl_doc *nl_run_doc(const nl_run *run) { return run->doc; }
const nl_profile *nl_run_profile(const nl_run *run) { return run->profile; }

int nl_run_as_of_known(const nl_run *run)
{
    if (run->as_of.year)
        return 1;
    const nl_meta *m = nl_doc_meta(run->doc);
    return m && ((!nl_span_empty(m->signed_date.span) && m->signed_date.date.year) ||
                 (!nl_span_empty(m->published.span) && m->published.date.year) ||
                 (m->effective_kind == NL_EFFECTIVE_DATE && m->effective.date.year));
}

nl_date nl_run_as_of(const nl_run *run)
{
    if (run->as_of.year)
        return run->as_of;
    const nl_meta *m = nl_doc_meta(run->doc);
    if (m) {
        if (!nl_span_empty(m->signed_date.span) && m->signed_date.date.year)
            return m->signed_date.date;
        if (!nl_span_empty(m->published.span) && m->published.date.year)
            return m->published.date;
        if (m->effective_kind == NL_EFFECTIVE_DATE && m->effective.date.year)
            return m->effective.date;
    }
    nl_date today;
    memset(&today, 0, sizeof today);
    time_t now = time(NULL);
    struct tm tmv;
    if (gmtime_r(&now, &tmv)) {
        today.year = tmv.tm_year + 1900;
        today.month = tmv.tm_mon + 1;
        today.day = tmv.tm_mday;
    }
    return today;
}

static void warn(nl_run *run, const char *fmt, ...)
{
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    nl_result *res = run->res;
    if (nl_grow((void **)&res->warnings, &res->wcap, res->nwarn, sizeof *res->warnings, 4) != 0) {
        run->oom = 1;
        return;
    }
    const char *s = pool_strn(res, buf, strlen(buf));
    if (!s) {
        run->oom = 1;
        return;
    }
    res->warnings[res->nwarn++] = s;
}

/* 1 unless the local pattern p (a filter, nl_pat_filter) is known to match
   nowhere in the document.
   Most patterns match nowhere in most documents: one search of the whole
   text then replaces a search of every unit. */
static int may_match(nl_run *run, const nl_pat *p)
{
    size_t h = ((uintptr_t)p >> 4) % PRESENCE_SLOTS;
    for (size_t k = 0; k < PRESENCE_SLOTS; k++, h = (h + 1) % PRESENCE_SLOTS) {
        if (run->seen_pat[h] == p)
            return run->seen_state[h] == 1;
        if (!run->seen_pat[h]) {
            size_t ov[2];
            int rc = nl_pat_match(p, run->m->pc, run->text, nl_doc_len(run->doc), 0, ov, 1);
            run->seen_pat[h] = p;
            run->seen_state[h] = rc == NL_PAT_NOMATCH ? 2 : 1; /* a limit: search the units */
            return run->seen_state[h] == 1;
        }
    }
    return 1; /* the table is full */
}

int nl_run_may_match(nl_run *run, const nl_pat *p)
{
    int id = nl_pat_filter_id(p);
    if (id >= 0 && run->present) {
        if (run->present[id] != 2)
            return run->present[id];
        /* it may match in its segments: the searches of units and the seeks
           look only there (segments() below), which costs less than making
           sure first with a search of each segment */
        const size_t *b;
        long n = nl_prefilter_segments(run->m->pf, run->m->ps, (size_t)id, &b);
        if (n >= 0)
            return n > 0;
    }
    if (run->nofilter)
        return 1;
    const nl_pat *f = nl_pat_filter(p);
    return !f || may_match(run, f);
}

/* The segments p can match in (nl_prefilter_segments), as bounds; their
   number, or -1 when p may match anywhere. */
static long segments(nl_run *run, const nl_pat *p, const size_t **b)
{
    int id = nl_pat_filter_id(p);
    *b = NULL;
    return id >= 0 && run->present && run->present[id] == 2
               ? nl_prefilter_segments(run->m->pf, run->m->ps, (size_t)id, b)
               : -1;
}

/* The first of the n segments b that ends after `from` (n when none). */
static long first_after(const size_t *b, long n, size_t from)
{
    long lo = 0, hi = n;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (b[2 * mid + 1] <= from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t nl_run_next_start(nl_run *run, const nl_pat *p, size_t from)
{
    if (!nl_run_may_match(run, p))
        return SIZE_MAX;
    const nl_pat *f = run->nofilter ? NULL : nl_pat_seek(p);
    size_t ov[2];
    if (!f)
        return from;
    const size_t *b;
    long n = segments(run, p, &b);
    if (n >= 0) {
        /* p matches only inside these segments, and a seek match that stands
           for a match of p lies inside the same segment: search them alone */
        for (long j = first_after(b, n, from); j < n; j++) {
            size_t s = b[2 * j] > from ? b[2 * j] : from;
            int rc = nl_pat_match(f, run->m->pc, run->text, b[2 * j + 1], s, ov, 1);
            if (rc == NL_PAT_MATCH)
                return ov[0];
            if (rc != NL_PAT_NOMATCH)
                return s; /* a limit: nothing from here on is skipped */
        }
        return SIZE_MAX;
    }
    int rc = nl_pat_match(f, run->m->pc, run->text, nl_doc_len(run->doc), from, ov, 1);
    if (rc == NL_PAT_NOMATCH)
        return SIZE_MAX;
    /* a filter has no \K (relax refuses it), so ov[0] is where the match begins */
    return rc == NL_PAT_MATCH ? ov[0] : from; /* a limit: nothing is skipped */
}

int nl_run_find(nl_run *run, const nl_rule *r, const nl_pat *p, nl_unit u, size_t from, size_t *ms, size_t *me)
{
    size_t ov[2];
    int rc = nl_run_find_groups(run, r, p, u, from, ov, 1);
    if (rc == NL_PAT_MATCH) {
        *ms = ov[0];
        *me = ov[1];
    }
    return rc;
}

int nl_run_find_groups(nl_run *run, const nl_rule *r, const nl_pat *p, nl_unit u, size_t from, size_t *ov,
                       unsigned nov)
{
    if (from > u.end || !nl_run_may_match(run, p))
        return NL_PAT_NOMATCH;
    /* a match of p lies inside one of its segments (when it has them): none
       starts before the first segment that ends after `from`, and none at
       all when that one starts past the unit */
    const size_t *b;
    long n = segments(run, p, &b);
    if (n >= 0) {
        long j = first_after(b, n, from);
        if (j == n || b[2 * j] >= u.end)
            return NL_PAT_NOMATCH;
        if (b[2 * j] > from)
            from = b[2 * j];
    }
    int rc = nl_pat_match(p, run->m->pc, run->text + u.start, u.end - u.start, from - u.start, ov, nov);
    if (rc == NL_PAT_MATCH) {
        for (unsigned k = 0; k < 2 * nov; k++)
            if (ov[k] != (size_t)-1)
                ov[k] += u.start;
        return rc;
    }
    if (rc == NL_PAT_LIMIT || rc == NL_PAT_ERROR) {
        /* The rule stops here for this document: one limit costs up to a
           few milliseconds, and a pattern that hits it once is likely to on
           every similar line. Its findings before this unit stand. */
        nl_pos pos = nl_doc_position(run->doc, u.start);
        if (rc == NL_PAT_LIMIT)
            warn(run,
                 "rule %s skipped on %s from line %zu to the end: a pattern hit the PCRE2 %s "
                 "(catastrophic backtracking: rewrite the pattern)",
                 r->id, nl_doc_path(run->doc), pos.line, nl_pat_ctx_limit(run->m->pc));
        else
            warn(run, "rule %s skipped on %s from line %zu to the end: a pattern failed to match", r->id,
                 nl_doc_path(run->doc), pos.line);
        return NL_PAT_LIMIT;
    }
    return NL_PAT_NOMATCH;
}

int nl_run_any(nl_run *run, const nl_rule *r, nl_pat *const *list, size_t n, nl_unit u)
{
    for (size_t i = 0; i < n; i++) {
        size_t ms, me;
        int rc = nl_run_find(run, r, list[i], u, u.start, &ms, &me);
        if (rc == NL_PAT_LIMIT)
            return -1;
        if (rc == NL_PAT_MATCH)
            return 1;
    }
    return 0;
}

nl_unit nl_run_document_anchor(const nl_run *run)
{
    const nl_meta *m = nl_doc_meta(run->doc);
    if (m && !nl_span_empty(m->title)) {
        /* a two-line title: its first line */
        nl_unit u = {m->title.start, m->title.end};
        const char *nl = memchr(run->text + u.start, '\n', u.end - u.start);
        if (nl)
            u.end = (size_t)(nl - run->text);
        return u;
    }
    const nl_line *l = nl_doc_line(run->doc, 0);
    nl_unit u = {0, 0};
    if (l) {
        u.start = l->start;
        u.end = l->end;
        nl_utf8_trim(run->text, &u.start, &u.end);
    }
    return u;
}

/* The rule's message with {match} replaced by the matched text (at most 60
   code points of it, with … when cut). */
/* Copy src[0, n) to dst (n + 1 bytes) with each line break inside a
   paragraph (NL_LINE_SEPARATOR) as a space, as an excerpt or a message shows
   it: one character for one, so columns stay true. */
static void copy_flat(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (n - i >= 3 && memcmp(src + i, NL_LINE_SEPARATOR_UTF8, 3) == 0) {
            *dst++ = ' ';
            i += 3;
        } else {
            *dst++ = src[i++];
        }
    }
    *dst = '\0';
}

/* The excerpt of a finding: its line, flat */
static const char *pool_line(nl_result *res, const char *s, size_t n)
{
    char *m = pool_alloc(res, n + 1);
    if (m)
        copy_flat(m, s, n);
    return m;
}

static const char *format_message(nl_result *res, const nl_rule *r, const char *t, size_t s, size_t e)
{
    const char *tpl = r->message;
    const char *at = strstr(tpl, "{match}");
    if (!at)
        return tpl;
    size_t mlen = e - s, cut = 0, cps = 0;
    while (cut < mlen && cps < 60) {
        uint32_t cp;
        size_t k = nl_utf8_decode(t + s + cut, mlen - cut, &cp);
        cut += k ? k : 1;
        cps++;
    }
    int ell = cut < mlen;
    /* count occurrences to size the buffer */
    size_t occ = 0;
    for (const char *p = tpl; (p = strstr(p, "{match}")) != NULL; p += 7)
        occ++;
    size_t size = strlen(tpl) + occ * (cut + 3) + 1;
    char *out = pool_alloc(res, size);
    if (!out)
        return NULL;
    char *w = out;
    for (const char *p = tpl;;) {
        const char *q = strstr(p, "{match}");
        if (!q) {
            strcpy(w, p);
            break;
        }
        memcpy(w, p, (size_t)(q - p));
        w += q - p;
        copy_flat(w, t + s, cut);
        w += strlen(w);
        if (ell) {
            memcpy(w, "…", 3);
            w += 3;
        }
        p = q + 7;
    }
    return out;
}

/* FNV-1a over rule id, address and the matched text without whitespace. */
static void fingerprint(char out[17], const char *id, const char *addr, const char *t, size_t s, size_t e)
{
    uint64_t h = nl_hash64(NL_HASH64_INIT, id, strlen(id) + 1); /* the NUL separates the parts */
    h = nl_hash64(h, addr, strlen(addr) + 1);
    for (size_t i = s; i < e;) {
        uint32_t cp;
        size_t k = nl_utf8_decode(t + i, e - i, &cp);
        if (!k)
            k = 1;
        if (!nl_cp_is_space(cp) && cp != '\n' && cp != '\r')
            h = nl_hash64(h, t + i, k);
        i += k;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The rule's fix for the matched text [s, e): the substitution of the first
   `fix` entry whose `find` matches it; NULL when none matches, or when the
   result is the text itself. 0, or -1 when out of memory. */
static int propose_fix(nl_run *run, const nl_rule *r, size_t s, size_t e, const char **fix)
{
    *fix = NULL;
    for (size_t i = 0; i < r->nfixes && e > s; i++) {
        char *out = NULL, msg[256];
        size_t n = 0;
        int rc = nl_pat_substitute(r->fixes[i].find, run->m->pc, run->text + s, e - s, r->fixes[i].replace, &out, &n,
                                   msg, sizeof msg);
        if (rc == NL_PAT_NOMATCH)
            continue;
        if (rc != NL_PAT_MATCH) {
            nl_pos pos = nl_doc_position(run->doc, s);
            warn(run, "rule %s proposes no fix on %s near line %zu: %s%s", r->id, nl_doc_path(run->doc), pos.line,
                 rc == NL_PAT_LIMIT ? "the fix pattern hit the PCRE2 " : "",
                 rc == NL_PAT_LIMIT ? nl_pat_ctx_limit(run->m->pc) : msg);
            return run->oom ? -1 : 0;
        }
        if (n == e - s && memcmp(out, run->text + s, n) == 0) {
            free(out); /* a fix that changes nothing is none */
            return 0;
        }
        *fix = pool_strn(run->res, out, n);
        free(out);
        return *fix ? 0 : -1;
    }
    return 0;
}

int nl_run_emit(nl_run *run, const nl_rule *r, size_t start, size_t end)
{
    return nl_run_emit_msg(run, r, start, end, NULL, -1);
}

int nl_run_emit_msg(nl_run *run, const nl_rule *r, size_t start, size_t end, const char *message, int severity)
{
    nl_result *res = run->res;
    nl_severity sev = severity >= 0 ? (nl_severity)severity : r->severity;
    /* A rule that holds only for a normative document (not for a 规章, which
       may set what it forbids) cannot be sure on a document whose type is a
       guess from its title: at most a warning, saying the assumption. */
    int assumed = 0;
    if (sev == NL_SEV_ERROR && run->guessed && r->types && !(r->types & (1u << NL_DOCTYPE_RULE)) &&
        (r->types & (1u << NL_DOCTYPE_NORMATIVE))) {
        sev = NL_SEV_WARNING;
        assumed = 1;
    }
    if (sev < run->min)
        return 0;
    nl_finding *f = new_finding(res);
    if (!f) {
        run->oom = 1;
        return -1;
    }
    f->rule = r;
    f->severity = sev;
    f->span.start = start;
    f->span.end = end;
    f->start = nl_doc_position(run->doc, start);
    f->end = nl_doc_position(run->doc, end);
    /* report the source's own line: the physical line of a text file, the
       paragraph ordinal of a DOCX (model lines skip hidden paragraphs) */
    const nl_line *ls = nl_doc_line(run->doc, f->start.line - 1), *le = nl_doc_line(run->doc, f->end.line - 1);
    if (ls && ls->ordinal)
        f->start.line = ls->ordinal;
    if (le && le->ordinal)
        f->end.line = le->ordinal;
    nl_doc_page_at(run->doc, start, &f->page, &f->page_line);

    char addr[256];
    nl_doc_address(run->doc, start, addr, sizeof addr);
    f->address = pool_strn(res, addr, strlen(addr));
    f->message = message ? pool_strn(res, message, strlen(message)) : format_message(res, r, run->text, start, end);
    if (assumed && f->message) {
        static const char note[] = "（文件类型系按标题推定，本项按行政规范性文件审查；如属规章等，请复核）";
        size_t ml = strlen(f->message);
        char *m = pool_alloc(res, ml + sizeof note);
        if (m) {
            memcpy(m, f->message, ml);
            memcpy(m + ml, note, sizeof note);
        }
        f->message = m;
    }

    size_t li = nl_doc_line_of(run->doc, start);
    if (res->ex_text && res->ex_line == li) {
        f->excerpt = res->ex_text;
    } else {
        const nl_line *l = nl_doc_line(run->doc, li);
        f->excerpt = l ? pool_line(res, run->text + l->start, l->end - l->start) : "";
        res->ex_line = li;
        res->ex_text = f->excerpt;
    }
    if (!f->address || !f->message || !f->excerpt) {
        run->oom = 1;
        return -1;
    }
    fingerprint(f->fingerprint, r->id, f->address, run->text, start, end);
    if (propose_fix(run, r, start, end, &f->fix) != 0) {
        run->oom = 1;
        return -1;
    }
    res->per_sev[sev]++;
    res->n++;
    return 0;
}

/* `defer-to`: a finding of a general rule whose span overlaps a finding of
   a rule it defers to says nothing more, and is dropped. */
/* 0 when the rule's `unless-issuer` names the document issuer's level or
   kind, or its `only-issuer` names neither; *level and *kind (-1: not yet
   read) cache the issuer's for the other rules of the run. */
static int issuer_allows(const nl_rule *r, const nl_doc *doc, int *level, int *kind)
{
    if (*level < 0) {
        *level = (int)nl_doc_issuer_level(doc);
        *kind = (int)nl_doc_issuer_kind(doc);
    }
    unsigned lb = 1u << *level, kb = 1u << *kind;
    if ((r->unless_level & lb) || (r->unless_kind & kb))
        return 0;
    if ((r->only_level | r->only_kind) && !(r->only_level & lb) && !(r->only_kind & kb))
        return 0;
    return 1;
}

static void drop_deferred(nl_result *res)
{
    size_t kept = 0;
    for (size_t i = 0; i < res->n; i++) {
        const nl_finding *f = &res->f[i];
        int drop = 0;
        for (size_t k = 0; k < f->rule->ndefer && !drop; k++)
            for (size_t j = 0; j < res->n && !drop; j++) {
                const nl_finding *g = &res->f[j];
                drop = j != i && strcmp(g->rule->id, f->rule->defer[k]) == 0 && g->span.start < f->span.end &&
                       f->span.start < g->span.end;
            }
        if (drop)
            res->per_sev[f->severity]--;
        else
            res->f[kept++] = res->f[i];
    }
    res->n = kept;
}

static int cmp_finding(const void *a, const void *b)
{
    const nl_finding *x = a, *y = b;
    if (x->span.start != y->span.start)
        return x->span.start < y->span.start ? -1 : 1;
    int c = strcmp(x->rule->id, y->rule->id);
    if (c)
        return c;
    if (x->span.end != y->span.end)
        return x->span.end < y->span.end ? -1 : 1;
    return 0;
}

static const nl_unit *units_of(nl_run *run, nl_scope sc, size_t *n)
{
    if (!run->have[sc]) {
        if (nl_scope_units(run->doc, sc, &run->units[sc], &run->nunits[sc]) != NL_OK) {
            run->oom = 1;
            *n = 0;
            return NULL;
        }
        run->have[sc] = 1;
    }
    *n = run->nunits[sc];
    return run->units[sc];
}

nl_unit nl_run_sentence_of(nl_run *run, size_t start, size_t end)
{
    size_t n = 0;
    const nl_unit *u = units_of(run, NL_SCOPE_SENTENCE, &n);
    /* the last unit starting at or before start (units are in text order) */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u[mid].start <= start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && u[lo - 1].end >= end)
        return u[lo - 1];
    const nl_line *l = nl_doc_line(run->doc, nl_doc_line_of(run->doc, start));
    nl_unit line = {l ? l->start : start, l ? l->end : end};
    return line;
}

/* Run the rules [rules, rules + n) (only enabled ones, and only at the
   issuers they name, unless `force`: a rule's examples). */
static nl_status run_rules(nl_result **out, nl_matcher *m, nl_rule *const *rules, size_t n, int force,
                           const nl_doc *doc, const nl_check_opts *opts, nl_error *err)
{
    *out = NULL;
    nl_result *res = calloc(1, sizeof *res);
    if (!res)
        return nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(doc), "out of memory");
    nl_run run;
    memset(&run, 0, sizeof run);
    run.doc = doc;
    run.text = nl_doc_text(doc);
    run.m = m;
    run.nofilter = m->nofilter;
    const nl_meta *meta = nl_doc_meta(doc);
    nl_doctype type = meta ? meta->type : NL_DOCTYPE_UNKNOWN;
    /* one scan says which patterns can match this document at all (of
       those whose rules apply to its type: every rule to an unknown one) */
    unsigned types = type == NL_DOCTYPE_UNKNOWN ? ~0u : 1u << type;
    if (m->pf && nl_prefilter_scan(m->pf, m->ps, types, run.text, nl_doc_len(doc), m->present) == 0)
        run.present = m->present;
    run.res = res;
    run.min = opts ? opts->min_severity : NL_SEV_INFO;
    run.profile = opts && opts->profile ? opts->profile : nl_profile_builtin();
    if (opts)
        run.as_of = opts->as_of;
    run.guessed = meta ? meta->type_guessed : 1;
    int level = -1, kind = -1; /* the issuer's level and kind, found when a rule asks */
    for (size_t i = 0; i < n && !run.oom; i++) {
        const nl_rule *r = rules[i];
        if ((!r->enabled && !force) || !nl_rule_applies_to(r, type) || r->severity < run.min)
            continue;
        /* a rule's examples are judged as if its issuer condition held */
        if (!force && (r->unless_level | r->unless_kind | r->only_level | r->only_kind) &&
            !issuer_allows(r, doc, &level, &kind))
            continue;
        if (r->nunless_doc) {
            size_t nd;
            const nl_unit *d = units_of(&run, NL_SCOPE_DOCUMENT, &nd);
            if (nd && nl_run_any(&run, r, r->unless_doc, r->nunless_doc, d[0]) != 0)
                continue; /* excused (or a limit was hit: the warning is recorded) */
        }
        size_t nu;
        const nl_unit *u = units_of(&run, r->scope, &nu);
        if (nu == 0)
            continue;
        r->kind->run(&run, r, u, nu);
    }
    for (int s = 0; s < NL_SCOPE_COUNT; s++)
        free(run.units[s]);
    if (run.oom) {
        nl_result_free(res);
        return nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(doc), "out of memory");
    }
    drop_deferred(res);
    if (res->n > 1)
        qsort(res->f, res->n, sizeof *res->f, cmp_finding);
    *out = res;
    return NL_OK;
}

/* 1 if some rule of the set is named by `name` (an id, a family "x.*", "*") */
static int names_a_rule(const nl_ruleset *rs, const char *name, size_t n)
{
    if (n == 1 && name[0] == '*')
        return 1;
    for (size_t i = 0; i < rs->n; i++) {
        const char *id = rs->rules[i]->id;
        size_t idn = strlen(id);
        if ((idn == n && memcmp(id, name, n) == 0) ||
            (n >= 2 && name[n - 1] == '*' && name[n - 2] == '.' && idn > n - 1 && memcmp(id, name, n - 1) == 0))
            return 1;
    }
    return 0;
}

/* 1 if a rule that directive d names is loaded and on. */
static int names_an_enabled_rule(const nl_ruleset *rs, const nl_directive *d)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->rules[i]->enabled && nl_directive_names(d, rs->rules[i]->id))
            return 1;
    return 0;
}

/* Apply the document's normlint-disable directives: covered findings are set
 * aside with the directive's reason; directives naming no known rule or no
 * rule at all, and directives that set nothing aside (when every finding was
 * kept: no --min-severity), are reported as warnings. */
static nl_status suppress(nl_result *res, const nl_ruleset *rs, const nl_doc *doc, const nl_check_opts *opts)
{
    size_t nd = nl_doc_directive_count(doc);
    if (!nd)
        return NL_OK;
    nl_run run;
    memset(&run, 0, sizeof run);
    run.res = res;
    for (size_t k = 0; k < nd; k++) {
        const nl_directive *d = nl_doc_directive(doc, k);
        if (!*d->rules)
            warn(&run, "%s: line %zu: normlint-%s names no rule (write a rule id, a family such as power.*, or *)",
                 nl_doc_path(doc), d->line, d->form);
        for (const char *p = d->rules; *p;) {
            size_t n = strcspn(p, ",");
            if (!names_a_rule(rs, p, n))
                warn(&run, "%s: line %zu: normlint-%s names '%.*s', which is no loaded rule", nl_doc_path(doc),
                     d->line, d->form, (int)n, p);
            p += n + (p[n] == ',');
        }
    }
    unsigned char *mask = calloc(res->n ? res->n : 1, 1), *used = calloc(nd, 1);
    if (!mask || !used) {
        free(mask);
        free(used);
        return NL_ERR_NOMEM;
    }
    for (size_t i = 0; i < res->n; i++) {
        nl_finding *f = &res->f[i];
        for (size_t k = 0; k < nd; k++) {
            const nl_directive *d = nl_doc_directive(doc, k);
            if (nl_directive_names(d, f->rule->id) && nl_directive_covers(d, f->span)) {
                mask[i] = used[k] = 1;
                f->suppress_reason = pool_strn(res, d->reason, strlen(d->reason));
                f->suppress_line = d->line;
                break;
            }
        }
    }
    /* an exception that excuses nothing any more is stale: say so */
    for (size_t k = 0; (!opts || opts->min_severity == NL_SEV_INFO) && k < nd; k++) {
        const nl_directive *d = nl_doc_directive(doc, k);
        if (!used[k] && *d->rules && names_an_enabled_rule(rs, d))
            warn(&run, "%s: line %zu: normlint-%s %s suppresses no finding; remove it if the exception is no longer "
                       "needed", nl_doc_path(doc), d->line, d->form, d->rules);
    }
    nl_status st = res->n ? set_aside(res, mask, NL_SUPPRESS_SOURCE) : NL_OK;
    free(mask);
    free(used);
    return run.oom ? NL_ERR_NOMEM : st;
}

nl_status nl_check(nl_result **out, nl_matcher *m, const nl_ruleset *rs, const nl_doc *doc,
                   const nl_check_opts *opts, nl_error *err)
{
    nl_status st = run_rules(out, m, rs->rules, rs->n, 0, doc, opts, err);
    if (st == NL_OK && suppress(*out, rs, doc, opts) != NL_OK) {
        nl_result_free(*out);
        *out = NULL;
        return nl_error_set(err, NL_ERR_NOMEM, nl_doc_path(doc), "out of memory");
    }
    return st;
}

/* Make a document of an example text and run rule r alone over it, with the
   built-in example profile (the national defaults). 0, or -1 with a reason. */
static int run_example(nl_matcher *m, const nl_rule *r, const char *text, nl_doc **doc, nl_result **res,
                       char *reason, size_t size)
{
    nl_check_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.min_severity = NL_SEV_INFO;
    eo.profile = nl_profile_builtin();
    nl_rule *one[1] = {(nl_rule *)(uintptr_t)r};
    nl_error e;
    *doc = NULL;
    *res = NULL;
    if (nl_doc_from_utf8(doc, "example", text, strlen(text), &e) != NL_OK)
        snprintf(reason, size, "the example cannot be read: %s", e.message);
    else if (run_rules(res, m, one, 1, 1, *doc, &eo, &e) != NL_OK)
        snprintf(reason, size, "%s", e.message);
    else if ((*res)->nwarn > 0)
        snprintf(reason, size, "%s", (*res)->warnings[0]);
    else
        return 0;
    return -1;
}

/* At most `max` bytes of s[0..n), not cutting a character. */
static int cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* Say where `got` and `want` first differ, line by line. */
static void describe_difference(const char *got, const char *want, char *reason, size_t size)
{
    size_t line = 1;
    for (;;) {
        size_t a = strcspn(got, "\n"), b = strcspn(want, "\n");
        if (a != b || memcmp(got, want, a) != 0 || !got[a] != !want[b]) {
            snprintf(reason, size, "after the fixes line %zu reads \"%.*s\", expected \"%.*s\"", line,
                     cut(got, a, 200), got, cut(want, b, 200), want);
            return;
        }
        if (!got[a])
            break;
        got += a + 1;
        want += b + 1;
        line++;
    }
    snprintf(reason, size, "after the fixes the text differs from the expected one");
}

/* A fixed pair: BEFORE has findings, their fixes turn it into AFTER, and
   AFTER has nothing left to fix. */
static void test_fixed(nl_matcher *m, const nl_rule *r, const nl_fixed_example *x, char *reason, size_t size)
{
    nl_doc *doc = NULL;
    nl_result *res = NULL;
    char *out = NULL;
    size_t outlen = 0, napplied = 0;
    nl_error e;
    if (run_example(m, r, x->before, &doc, &res, reason, size) != 0)
        goto done;
    if (res->n == 0) {
        snprintf(reason, size, "the text before the fixes produces no finding");
    } else if (nl_fix_apply(&out, &outlen, &napplied, doc, res, x->before, strlen(x->before), NULL, &e) != NL_OK) {
        snprintf(reason, size, "%s", e.message);
    } else if (strcmp(out, x->after) != 0) {
        describe_difference(out, x->after, reason, size);
    } else {
        nl_result_free(res);
        nl_doc_free(doc);
        if (run_example(m, r, x->after, &doc, &res, reason, size) != 0)
            goto done;
        for (size_t i = 0; i < res->n; i++) {
            const nl_finding *f = &res->f[i];
            if (!f->fix)
                continue;
            snprintf(reason, size, "the fixed text still has a fix to make at line %zu column %zu: \"%.*s\" -> \"%s\"",
                     f->start.line, f->start.column, cut(nl_doc_text(doc) + f->span.start, nl_span_len(f->span), 200),
                     nl_doc_text(doc) + f->span.start, f->fix);
            break;
        }
    }
done:
    free(out);
    nl_result_free(res);
    nl_doc_free(doc);
}

size_t nl_rule_test_examples(const nl_ruleset *rs, const nl_rule *r, nl_matcher *m, nl_example_fail_fn fail,
                             void *ud)
{
    (void)rs;
    size_t failures = 0;
    char reason[700];
    for (int bad = 1; bad >= 0; bad--) {
        for (size_t i = 0; i < r->nex[bad]; i++) {
            nl_doc *doc = NULL;
            nl_result *res = NULL;
            reason[0] = '\0';
            if (run_example(m, r, r->ex[bad][i].text, &doc, &res, reason, sizeof reason) != 0) {
                /* the reason is said */
            } else if (bad && res->n == 0) {
                const nl_meta *meta = nl_doc_meta(doc);
                if (!nl_rule_applies_to(r, meta->type))
                    snprintf(reason, sizeof reason,
                             "bad example produces no finding: it is recognised as a document of type '%s', "
                             "which the rule does not apply to",
                             nl_doctype_id(meta->type));
                else
                    snprintf(reason, sizeof reason, "bad example produces no finding");
            } else if (!bad && res->n > 0) {
                const nl_finding *f = &res->f[0];
                snprintf(reason, sizeof reason, "good example produces a finding at line %zu column %zu: %.*s",
                         f->start.line, f->start.column,
                         cut(nl_doc_text(doc) + f->span.start, nl_span_len(f->span), 200),
                         nl_doc_text(doc) + f->span.start);
            }
            nl_result_free(res);
            nl_doc_free(doc);
            if (reason[0]) {
                failures++;
                if (fail)
                    fail(ud, r, bad ? NL_EXAMPLE_BAD : NL_EXAMPLE_GOOD, i, reason);
            }
        }
    }
    for (size_t i = 0; i < r->nfixed; i++) {
        reason[0] = '\0';
        test_fixed(m, r, &r->fixed[i], reason, sizeof reason);
        if (reason[0]) {
            failures++;
            if (fail)
                fail(ud, r, NL_EXAMPLE_FIXED, i, reason);
        }
    }
    return failures;
}
