/*
 * kind_dates.c — `dates`: judgements on the dates a document states about
 * itself, from the metadata the recogniser extracted (成文日期, 公布日期,
 * 施行日期, 有效期). params.check selects one:
 *
 *   effective-past        施行日期 earlier than 成文/公布日期 (retroactive)
 *   effective-immediate   自印发之日起施行, or fewer days than the profile's
 *                         effective.min-delay-days, in a document whose text
 *                         matches the rule's `pattern` (business-related);
 *                         `unless` (国家安全, 紧急 …) excuses it
 *   validity-too-long     有效期 longer than validity.max-years
 *   trial-too-long        暂行/试行 with 有效期 longer than validity.max-years-trial
 *   validity-inconsistent 有效期至 a date before 施行, or 有效期N年 contradicted
 *                         by 有效期至
 *   signed-date-form      成文日期 not written as GB/T 9704-2012 asks (Arabic
 *                         numerals, year in full, no leading zeros), for
 *                         documents dated on or after 2012-07-01 when the
 *                         standard took effect
 *
 * Each document part is judged on its own (a notice and the 办法 it issues);
 * an enclosed part without its own 成文日期 takes the notice's. A finding
 * that rests on a profile parameter marked not-verified is at most a warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/kind.h"
#include "rules/yaml.h"

enum { C_PAST, C_IMMEDIATE, C_TOO_LONG, C_TRIAL, C_INCONSISTENT, C_FORM };
static const char *const checks[] = {"effective-past", "effective-immediate", "validity-too-long", "trial-too-long",
                                     "validity-inconsistent", "signed-date-form"};

typedef struct dparams {
    int check;
} dparams;

static int configure(nl_rule *r, const nl_ynode *params, nl_kind_problem_fn problem, void *ctx)
{
    const nl_ynode *c = params ? nl_yaml_get(params, "check") : NULL;
    if (!c || c->kind != NL_Y_SCALAR) {
        problem(ctx, params ? params->line : r->line, params ? params->column : r->column,
                "kind 'dates' needs params.check: effective-past, effective-immediate, validity-too-long, "
                "trial-too-long, validity-inconsistent or signed-date-form");
        return -1;
    }
    for (size_t k = 0; k < params->n; k++)
        if (strcmp(params->keys[k]->str, "check") != 0) {
            char msg[200];
            snprintf(msg, sizeof msg, "unknown parameter '%s' for kind 'dates' (expected check)", params->keys[k]->str);
            problem(ctx, params->keys[k]->line, params->keys[k]->column, msg);
            return -1;
        }
    for (int i = 0; i < (int)(sizeof checks / sizeof checks[0]); i++)
        if (strcmp(c->str, checks[i]) == 0) {
            dparams *p = malloc(sizeof *p);
            if (!p)
                return -1;
            p->check = i;
            r->params = p;
            return 0;
        }
    char msg[300];
    snprintf(msg, sizeof msg,
             "unknown check '%s' for kind 'dates' (expected effective-past, effective-immediate, validity-too-long, "
             "trial-too-long, validity-inconsistent, signed-date-form)",
             c->str);
    problem(ctx, c->line, c->column, msg);
    return -1;
}

static void cn_date(const nl_date *d, char *buf, size_t size)
{
    snprintf(buf, size, "%d年%d月%d日", d->year, d->month, d->day);
}

/* A whole date to compare with: a day that does not exist (2月30日) is
   reported by the form check and compared with nothing. */
static int has_date(const nl_docdate *d)
{
    return !nl_span_empty(d->span) && d->date.year > 0 && d->date.day > 0 && !(d->date.flags & NL_DATEF_INVALID);
}

/* Where a finding goes: the clause it rests on, else the document's title
   (or first line). */
static nl_unit anchor(nl_run *run, nl_span clause)
{
    if (!nl_span_empty(clause))
        return (nl_unit){clause.start, clause.end};
    return nl_run_document_anchor(run);
}

/* The date part m was issued on: its 成文日期, else its 公布日期, else those
   of the notice enclosing it (outer, may be NULL); NULL when none is known. */
static const nl_docdate *issue_date(const nl_meta *m, const nl_meta *outer)
{
    return has_date(&m->signed_date) ? &m->signed_date
           : has_date(&m->published) ? &m->published
           : outer && has_date(&outer->signed_date) ? &outer->signed_date
           : outer && has_date(&outer->published) ? &outer->published
                                                    : NULL;
}

/* effective-past: 施行日期 before the issue date. Like each check below,
   returns 0, or -1 when a finding could not be recorded. */
static int judge_past(nl_run *run, const nl_rule *r, const nl_meta *m, const nl_docdate *issued)
{
    char msg[600], a[40], b[40];
    if (m->effective_kind == NL_EFFECTIVE_DATE && has_date(&m->effective) && issued &&
        nl_date_days(&m->effective.date) < nl_date_days(&issued->date)) {
        cn_date(&m->effective.date, a, sizeof a);
        cn_date(&issued->date, b, sizeof b);
        snprintf(msg, sizeof msg, "施行日期%s早于成文（公布）日期%s，文件溯及既往。", a, b);
        nl_unit u = anchor(run, m->effective.span);
        return nl_run_emit_msg(run, r, u.start, u.end, msg, -1);
    }
    return 0;
}

/* effective-immediate: in force on issue, or sooner than the profile's
   effective.min-delay-days after it. */
static int judge_immediate(nl_run *run, const nl_rule *r, const nl_meta *m, const nl_docdate *issued)
{
    char msg[600];
    long min = 0;
    int verified = 1;
    if (!nl_profile_number(nl_run_profile(run), "effective.min-delay-days", &min, &verified))
        min = 0;
    if (m->effective_kind == NL_EFFECTIVE_ON_ISSUE) {
        snprintf(msg, sizeof msg, "涉及市场主体的文件自印发（公布）之日起施行，未为市场主体留出适应调整期%s。",
                 min > 0 ? "（一般不少于三十日）" : "");
        if (min > 0 && min != 30)
            snprintf(msg, sizeof msg, "涉及市场主体的文件自印发（公布）之日起施行，未留出%ld日的适应调整期。", min);
        nl_unit u = anchor(run, m->effective_clause);
        return nl_run_emit_msg(run, r, u.start, u.end, msg, verified ? -1 : (int)NL_SEV_WARNING);
    }
    if (min > 0 && m->effective_kind == NL_EFFECTIVE_DATE && has_date(&m->effective) && issued) {
        long gap = nl_date_days(&m->effective.date) - nl_date_days(&issued->date);
        if (gap >= 0 && gap < min) {
            snprintf(msg, sizeof msg, "施行日期距成文（公布）日期仅%ld日，少于%ld日的适应调整期。", gap, min);
            nl_unit u = anchor(run, m->effective.span);
            return nl_run_emit_msg(run, r, u.start, u.end, msg, verified ? -1 : (int)NL_SEV_WARNING);
        }
    }
    return 0;
}

/* validity-too-long (trial 0) and trial-too-long (trial 1): 有效期 longer than
   the profile's limit; a 暂行/试行 document is judged by the trial limit only. */
static int judge_validity_length(nl_run *run, const nl_rule *r, const nl_meta *m, const nl_docdate *issued, int trial)
{
    char msg[600];
    if (trial && !m->trial)
        return 0;
    if (!trial && m->trial)
        return 0; /* judged by the trial limit */
    long max = 0;
    int verified = 1;
    const char *key = trial ? "validity.max-years-trial" : "validity.max-years";
    if (!nl_profile_number(nl_run_profile(run), key, &max, &verified) || max <= 0)
        return 0;
    long years_x12 = 0; /* months */
    if (m->valid_years > 0)
        years_x12 = (long)m->valid_years * 12;
    else if (has_date(&m->valid_until)) {
        const nl_date *from = m->effective_kind == NL_EFFECTIVE_DATE && has_date(&m->effective) ? &m->effective.date
                              : issued ? &issued->date
                                       : NULL;
        if (!from)
            return 0;
        years_x12 = (long)(m->valid_until.date.year - from->year) * 12 + (m->valid_until.date.month - from->month);
    }
    if (years_x12 <= max * 12)
        return 0;
    if (m->valid_years > 0)
        snprintf(msg, sizeof msg, "%s有效期%d年，超过%ld年的上限。", trial ? "暂行（试行）文件" : "", m->valid_years,
                 max);
    else
        snprintf(msg, sizeof msg, "%s有效期约%ld个月，超过%ld年的上限。", trial ? "暂行（试行）文件" : "", years_x12,
                 max);
    nl_unit u = anchor(run, m->validity_clause);
    return nl_run_emit_msg(run, r, u.start, u.end, msg, verified ? -1 : (int)NL_SEV_WARNING);
}

/* What is wrong with the form of a 成文日期 dated on or after 2012-07-01
   (GB/T 9704-2012), or NULL when nothing is. */
static const char *signed_form_fault(const nl_date *d)
{
    static const nl_date cutoff = {2012, 7, 1, NL_DATE_CN_ARABIC, 0};
    if (nl_date_days(d) < nl_date_days(&cutoff))
        return NULL; /* GB/T 9704-1999 wrote dates in Chinese numerals */
    if (d->flags & NL_DATEF_INVALID)
        return "是不存在的日期";
    if (d->flags & NL_DATEF_MIXED)
        return "混用汉字数字和阿拉伯数字";
    if (d->form == NL_DATE_CN_HANZI)
        return "用汉字数字书写";
    if (d->form == NL_DATE_DOT || d->form == NL_DATE_DASH || d->form == NL_DATE_SLASH)
        return "用分隔符代替年、月、日";
    if (d->flags & NL_DATEF_ZERO_PADDED)
        return "月、日编了虚位";
    if (d->flags & NL_DATEF_FULLWIDTH)
        return "使用全角数字";
    if (d->flags & NL_DATEF_YEAR_MONTH)
        return "缺少日";
    return NULL;
}

/* signed-date-form: a 施行日期 that does not exist, and a 成文日期 not written
   as GB/T 9704-2012 asks. */
static int judge_form(nl_run *run, const nl_rule *r, const nl_meta *m)
{
    char msg[600];
    /* an effective date that does not exist (2月30日起施行) */
    const nl_docdate *e = &m->effective;
    if (m->effective_kind == NL_EFFECTIVE_DATE && !nl_span_empty(e->span) && (e->date.flags & NL_DATEF_INVALID)) {
        snprintf(msg, sizeof msg, "施行日期“%.*s”是不存在的日期，应当核对后改正。", (int)nl_span_len(e->span),
                 nl_run_text(run) + e->span.start);
        if (nl_run_emit_msg(run, r, e->span.start, e->span.end, msg, -1) != 0)
            return -1;
    }
    const nl_docdate *d = &m->signed_date;
    if (nl_span_empty(d->span) || !d->date.year)
        return 0;
    const char *why = signed_form_fault(&d->date);
    if (!why)
        return 0;
    if (d->date.flags & NL_DATEF_INVALID)
        snprintf(msg, sizeof msg, "成文日期“%.*s”%s，应当核对后改正。", (int)nl_span_len(d->span),
                 nl_run_text(run) + d->span.start, why);
    else
        snprintf(msg, sizeof msg,
                 "成文日期“%.*s”%s；应当用阿拉伯数字将年、月、日标全，月、日不编虚位（如“%d年%d月%d日”）。",
                 (int)nl_span_len(d->span), nl_run_text(run) + d->span.start, why, d->date.year, d->date.month,
                 d->date.day ? d->date.day : 1);
    return nl_run_emit_msg(run, r, d->span.start, d->span.end, msg, -1);
}

/* validity-inconsistent: 有效期至 before 施行, or 有效期N年 that the two dates
   contradict (by more than 40 days). */
static int judge_inconsistent(nl_run *run, const nl_rule *r, const nl_meta *m)
{
    char msg[600], a[40], b[40];
    if (has_date(&m->valid_until) && m->effective_kind == NL_EFFECTIVE_DATE && has_date(&m->effective)) {
        long until = nl_date_days(&m->valid_until.date), from = nl_date_days(&m->effective.date);
        cn_date(&m->valid_until.date, a, sizeof a);
        cn_date(&m->effective.date, b, sizeof b);
        if (until < from) {
            snprintf(msg, sizeof msg, "有效期截止日%s早于施行日期%s。", a, b);
            nl_unit u = anchor(run, m->validity_clause);
            return nl_run_emit_msg(run, r, u.start, u.end, msg, -1);
        }
        if (m->valid_years > 0 && labs((until - from) - (long)m->valid_years * 365) > 40) {
            snprintf(msg, sizeof msg, "有效期写作%d年，但自施行日期%s至%s约%ld日，二者不一致。", m->valid_years, b, a,
                     until - from);
            nl_unit u = anchor(run, m->validity_clause);
            return nl_run_emit_msg(run, r, u.start, u.end, msg, -1);
        }
    }
    return 0;
}

/* Part m (enclosed in the notice outer, or NULL) judged by the rule's check:
   0, or -1 when a finding could not be recorded. */
static int judge(nl_run *run, const nl_rule *r, const nl_meta *m, const nl_meta *outer, const dparams *p)
{
    const nl_docdate *issued = issue_date(m, outer);
    switch (p->check) {
    case C_PAST:
        return judge_past(run, r, m, issued);
    case C_IMMEDIATE:
        return judge_immediate(run, r, m, issued);
    case C_TOO_LONG:
    case C_TRIAL:
        return judge_validity_length(run, r, m, issued, p->check == C_TRIAL);
    case C_FORM:
        return judge_form(run, r, m);
    case C_INCONSISTENT:
        return judge_inconsistent(run, r, m);
    }
    return 0;
}

static int run_dates(nl_run *run, const nl_rule *r, const nl_unit *units, size_t n)
{
    const dparams *p = r->params;
    const nl_doc *doc = nl_run_doc(run);
    /* preconditions: `pattern` must match somewhere; `unless` excuses */
    if (n > 0 && r->npats > 0) {
        int found = nl_run_any(run, r, r->pats, r->npats, units[0]);
        if (found <= 0)
            return found;
    }
    if (n > 0 && r->nunless > 0) {
        int veto = nl_run_any(run, r, r->unless, r->nunless, units[0]);
        if (veto != 0)
            return veto < 0 ? -1 : 0;
    }
    const nl_node *root = nl_doc_root(doc);
    const nl_meta *outer = nl_doc_meta(doc);
    if (!root || !outer)
        return 0;
    if (judge(run, r, outer, NULL, p) != 0)
        return -1;
    for (const nl_node *c = root->first_child; c; c = c->next)
        if (c->kind == NL_NODE_ENCLOSED && judge(run, r, nl_doc_node_meta(doc, c), outer, p) != 0)
            return -1;
    return 0;
}

const nl_kind nl_kind_dates = {"dates", 0, configure, free, run_dates};
