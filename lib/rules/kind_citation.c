/*
 * kind_citation.c — `citation`: every 《…》 title in the scope units looked
 * up in a dated table (rules/data/repealed-laws.tsv: title, status, date,
 * replaced_by). params.check selects:
 *
 *   repealed      the cited law was repealed, replaced or renamed on or
 *                 before the date the document is judged as of (--as-of,
 *                 else its own date, else today); full and short names
 *                 (《合同法》 for 《中华人民共和国合同法》) both match
 *   title-format  a national law cited by its short name (《合同法》) where
 *                 the full name is 《中华人民共和国合同法》
 *   renumbered    《…》第X条 where a revision in force on the document's date
 *                 moved that provision (table rules/data/renumbered-articles.tsv)
 *
 * params.table names the table, relative to the rule file. `unless`
 * patterns veto a unit (原《…》, 废止, 修改为 … — history, not a basis).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "rules/kind.h"
#include "rules/yaml.h"

#define PRC "中华人民共和国"

typedef struct law {
    char *title, *status, *replaced_by; /* renumbered: status = old article, replaced_by = new article */
    char *subject;                      /* renumbered only */
    nl_date date;
} law;

enum { C_REPEALED, C_TITLE_FORMAT, C_RENUMBERED };

typedef struct cparams {
    int check;
    law *laws;
    size_t n;
} cparams;

static void free_params(void *pv)
{
    cparams *p = pv;
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->laws[i].title);
        free(p->laws[i].status);
        free(p->laws[i].replaced_by);
        free(p->laws[i].subject);
    }
    free(p->laws);
    free(p);
}

/* repealed-laws.tsv: title, status, date, replaced_by.
   renumbered-articles.tsv: law, date, old article, new article, subject. */
static int load_table(nl_rule *r, cparams *p, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[2048];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        nl_rule_depends_on(r, line, strlen(line));
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *cols[5] = {NULL, NULL, NULL, NULL, NULL};
        char *s = line;
        for (int k = 0; k < 5 && s; k++) {
            cols[k] = s;
            s = strchr(s, '\t');
            if (s)
                *s++ = '\0';
        }
        if (!cols[3])
            continue;
        if (nl_grow((void **)&p->laws, &cap, p->n, sizeof *p->laws, 256) != 0) {
            fclose(f);
            return -1;
        }
        law *w = &p->laws[p->n];
        memset(w, 0, sizeof *w);
        int renum = p->check == C_RENUMBERED;
        if (renum && !cols[4])
            continue;
        if (sscanf(cols[renum ? 1 : 2], "%d-%d-%d", &w->date.year, &w->date.month, &w->date.day) != 3)
            continue;
        w->title = strdup(cols[0]);
        w->status = strdup(cols[renum ? 2 : 1]);
        w->replaced_by = strdup(cols[3]);
        w->subject = strdup(renum ? cols[4] : "");
        if (!w->title || !w->status || !w->replaced_by || !w->subject) {
            fclose(f);
            return -1;
        }
        p->n++;
    }
    fclose(f);
    return 0;
}

static int configure(nl_rule *r, const nl_ynode *params, nl_kind_problem_fn problem, void *ctx)
{
    char msg[1400];
    const nl_ynode *c = params ? nl_yaml_get(params, "check") : NULL, *t = params ? nl_yaml_get(params, "table") : NULL;
    if (!c || c->kind != NL_Y_SCALAR || !t || t->kind != NL_Y_SCALAR) {
        problem(ctx, params ? params->line : r->line, params ? params->column : r->column,
                "kind 'citation' needs params.check (repealed, renumbered or title-format) and params.table");
        return -1;
    }
    for (size_t k = 0; k < params->n; k++)
        if (strcmp(params->keys[k]->str, "check") && strcmp(params->keys[k]->str, "table")) {
            snprintf(msg, sizeof msg, "unknown parameter '%s' for kind 'citation' (expected check, table)",
                     params->keys[k]->str);
            problem(ctx, params->keys[k]->line, params->keys[k]->column, msg);
            return -1;
        }
    if (strcmp(c->str, "repealed") && strcmp(c->str, "title-format") && strcmp(c->str, "renumbered")) {
        snprintf(msg, sizeof msg, "unknown check '%s' for kind 'citation' (expected repealed, renumbered, title-format)",
                 c->str);
        problem(ctx, c->line, c->column, msg);
        return -1;
    }
    cparams *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    p->check = strcmp(c->str, "title-format") == 0 ? C_TITLE_FORMAT
               : strcmp(c->str, "renumbered") == 0 ? C_RENUMBERED
                                                   : C_REPEALED;
    char path[1200];
    if (t->str[0] == '/')
        snprintf(path, sizeof path, "%s", t->str);
    else
        snprintf(path, sizeof path, "%s/%s", r->dir ? r->dir : ".", t->str);
    if (load_table(r, p, path) != 0) {
        snprintf(msg, sizeof msg, "cannot read the table %s", path);
        problem(ctx, t->line, t->column, msg);
        free_params(p);
        return -1;
    }
    r->params = p;
    return 0;
}

/* The table row a cited title names: the full title, or the title without
   中华人民共和国. *short_form set when the citation omitted it. */
static const law *lookup(const cparams *p, const char *s, size_t n, int *short_form)
{
    size_t pl = strlen(PRC);
    for (size_t i = 0; i < p->n; i++) {
        const char *t = p->laws[i].title;
        size_t tl = strlen(t);
        if (tl == n && memcmp(t, s, n) == 0) {
            *short_form = 0;
            return &p->laws[i];
        }
        if (tl > pl && memcmp(t, PRC, pl) == 0 && tl - pl == n && memcmp(t + pl, s, n) == 0) {
            *short_form = 1;
            return &p->laws[i];
        }
    }
    return NULL;
}

/* One scope unit being scanned for citations. */
typedef struct cite_scan {
    nl_run *run;
    const nl_rule *r;
    const cparams *p;
    const char *t;    /* the document text */
    const nl_unit *u; /* the unit */
    long as_of_days;  /* the date the document is judged as of */
    int vetoed;       /* the unit's `unless` veto: -2 until asked */
} cite_scan;

/* Whether the rule's `unless` patterns veto the unit, asked at most once per
   unit and only when a citation would be reported: 1 vetoed, 0 not, -1 when
   the run must stop. */
static int unit_vetoed(cite_scan *sc)
{
    if (sc->vetoed == -2)
        sc->vetoed = nl_run_any(sc->run, sc->r, sc->r->unless, sc->r->nunless, *sc->u);
    return sc->vetoed;
}

/* renumbered: 《…》第X条 right after the title [a, b) of law w, where a
   revision in force on the document's date moved that article. 0, or -1
   when the run must stop. */
static int check_renumbered(cite_scan *sc, size_t a, size_t b, const law *w)
{
    const cparams *p = sc->p;
    const char *t = sc->t;
    size_t end = sc->u->end;
    size_t j = b + 3;
    if (j + 3 > end || memcmp(t + j, "第", 3) != 0)
        return 0;
    size_t e = j + 3;
    while (e + 3 <= end && memcmp(t + e, "条", 3) != 0 && e - j < 40)
        e++;
    if (e + 3 > end || memcmp(t + e, "条", 3) != 0)
        return 0;
    e += 3;
    const law *hit = NULL;
    for (size_t q = 0; q < p->n && !hit; q++)
        if (strcmp(p->laws[q].title, w->title) == 0 && strlen(p->laws[q].status) == e - j &&
            memcmp(p->laws[q].status, t + j, e - j) == 0)
            hit = &p->laws[q];
    if (!hit || nl_date_days(&hit->date) > sc->as_of_days)
        return 0;
    int vetoed = unit_vetoed(sc);
    if (vetoed < 0)
        return -1;
    if (vetoed)
        return 0;
    char msg[800];
    snprintf(msg, sizeof msg, "《%.*s》%s是修订前的条文序号：自%d年%d月%d日起，“%s”规定在%s。", (int)(b - a), t + a,
             hit->status, hit->date.year, hit->date.month, hit->date.day, hit->subject, hit->replaced_by);
    if (nl_run_emit_msg(sc->run, sc->r, a - 3, e, msg, -1) != 0)
        return -1;
    return 0;
}

/* The message for law w, no longer in force, cited as 《cited》 (n bytes):
   repealed, renamed, or replaced by another law. */
static void repealed_message(char *msg, size_t size, const law *w, const char *cited, int n)
{
    if (strncmp(w->replaced_by, "(none)", 6) == 0 || strcmp(w->status, "repealed") == 0)
        snprintf(msg, size, "引用的《%.*s》已于%d年%d月%d日废止，不能再作为依据。", n, cited, w->date.year,
                 w->date.month, w->date.day);
    else if (strcmp(w->status, "renamed") == 0)
        snprintf(msg, size, "引用的《%.*s》已于%d年%d月%d日更名为《%s》，应当引用新名称。", n, cited, w->date.year,
                 w->date.month, w->date.day, w->replaced_by);
    else
        snprintf(msg, size, "引用的《%.*s》已于%d年%d月%d日被《%s》取代，不能再作为依据。", n, cited, w->date.year,
                 w->date.month, w->date.day, w->replaced_by);
}

/* The check on one cited title [a, b) that names law w in the table
   (short_form: without 中华人民共和国). 0, or -1 when the run must stop. */
static int check_citation(cite_scan *sc, size_t a, size_t b, const law *w, int short_form)
{
    const cparams *p = sc->p;
    const char *t = sc->t;
    if (p->check == C_RENUMBERED)
        return check_renumbered(sc, a, b, w);
    char msg[800];
    if (p->check == C_TITLE_FORMAT) {
        if (!short_form || strncmp(w->title, PRC, strlen(PRC)) != 0)
            return 0;
        snprintf(msg, sizeof msg, "法律名称应使用全称《%s》，不宜简称《%.*s》。", w->title, (int)(b - a), t + a);
    } else {
        if (nl_date_days(&w->date) > sc->as_of_days)
            return 0; /* still in force on the document's date */
        int vetoed = unit_vetoed(sc);
        if (vetoed < 0)
            return -1;
        if (vetoed)
            return 0;
        repealed_message(msg, sizeof msg, w, t + a, (int)(b - a));
    }
    int sev = -1;
    if (p->check == C_REPEALED && !nl_run_as_of_known(sc->run)) {
        /* no date in the document: judged as of today, which is a guess */
        size_t len = strlen(msg);
        snprintf(msg + len, sizeof msg - len, "（文件未载明日期，按检查当日判断。）");
        if (sc->r->severity > NL_SEV_WARNING)
            sev = NL_SEV_WARNING;
    }
    if (nl_run_emit_msg(sc->run, sc->r, a - 3, b + 3, msg, sev) != 0)
        return -1;
    return 0;
}

/* Every 《…》 title in the unit that the table knows, checked. 0, or -1 when
   the run must stop. */
static int scan_unit(cite_scan *sc)
{
    const char *t = sc->t;
    size_t end = sc->u->end;
    for (size_t k = sc->u->start; k + 3 <= end; k++) {
        /* to the next 《 (E3 80 8A): memchr for its first byte */
        const char *lead = memchr(t + k, 0xE3, end - k);
        if (!lead)
            break;
        k = (size_t)(lead - t);
        if (k + 3 > end || memcmp(t + k, "《", 3) != 0)
            continue;
        size_t a = k + 3, b = a;
        while (b + 3 <= end && memcmp(t + b, "》", 3) != 0 && memcmp(t + b, "《", 3) != 0 && b - a < 300)
            b++;
        if (b + 3 > end || memcmp(t + b, "》", 3) != 0)
            continue;
        int short_form = 0;
        const law *w = lookup(sc->p, t + a, b - a, &short_form);
        k = b + 2;
        if (w && check_citation(sc, a, b, w, short_form) != 0)
            return -1;
    }
    return 0;
}

static int run_citation(nl_run *run, const nl_rule *r, const nl_unit *units, size_t n)
{
    cite_scan sc = {run, r, r->params, nl_run_text(run), NULL, 0, -2};
    nl_date as_of = nl_run_as_of(run);
    sc.as_of_days = nl_date_days(&as_of);
    for (size_t i = 0; i < n; i++) {
        sc.u = &units[i];
        sc.vetoed = -2;
        if (scan_unit(&sc) != 0)
            return -1;
    }
    return 0;
}

const nl_kind nl_kind_citation = {"citation", 0, configure, free_params, run_citation};
