/*
 * kind.h — the rule-kind interface (internal). A kind decides what a rule does
 * with the scope units of a document; the engine hands it the units and a run
 * through which it matches patterns (with limits accounted for) and emits
 * findings. Each kind is one file and one row in kinds.c.
 */
#ifndef NL_RULES_KIND_H
#define NL_RULES_KIND_H

#include <stddef.h>
#include "rules/rule_int.h"

typedef struct nl_run nl_run;

/* A scope unit: a byte range of the document text. */
typedef struct nl_unit {
    size_t start, end;
} nl_unit;

/* Report a problem in a rule's `params` while loading. */
typedef void (*nl_kind_problem_fn)(void *ctx, unsigned long line, unsigned long column, const char *message);

struct nl_kind {
    const char *name;
    int needs_pattern; /* 1: `pattern` is required (pattern, require); semantic kinds may use it as a precondition */
    /* Read the rule's `params` mapping (NULL when absent) into r->params.
       Returns 0, or -1 after reporting each problem through `problem`. NULL:
       the kind takes no parameters. */
    int (*configure)(nl_rule *r, const struct nl_ynode *params, nl_kind_problem_fn problem, void *ctx);
    void (*free_params)(void *params);
    /* Match rule r over the units. Returns 0, or -1 when the run must stop
       for this rule (a limit was hit: the run has recorded the warning) or
       when out of memory (the run records that too). */
    int (*run)(nl_run *run, const nl_rule *r, const nl_unit *units, size_t n);
};

/* The kind named `name`, or NULL; the names of all kinds for messages. */
const nl_kind *nl_kind_find(const char *name);
const char *nl_kind_names(void);

extern const nl_kind nl_kind_pattern;
extern const nl_kind nl_kind_require;
extern const nl_kind nl_kind_dates;
extern const nl_kind nl_kind_numbering;
extern const nl_kind nl_kind_citation;

/* ---- services of the run for kinds ---- */

const char *nl_run_text(const nl_run *run);
const nl_doc *nl_run_doc(const nl_run *run);
const nl_profile *nl_run_profile(const nl_run *run); /* never NULL (an empty profile when none) */
/* The date citations are judged against: --as-of, else the document's own date
   (成文, 公布 or 施行), else today. */
nl_date nl_run_as_of(const nl_run *run);
/* 0 when nl_run_as_of fell back to today (the document states no date). */
int nl_run_as_of_known(const nl_run *run);
/* Record a finding of r on [start, end) with its own message (NULL: the rule's
   message template with {match} filled) and severity (-1: the rule's). */
int nl_run_emit_msg(nl_run *run, const nl_rule *r, size_t start, size_t end, const char *message, int severity);
/* First match of p in text[u.start, u.end) at or after absolute offset `from`.
   Returns NL_PAT_MATCH (and *ms, *me absolute), NL_PAT_NOMATCH, or NL_PAT_LIMIT
   after recording the warning for rule r. */
int nl_run_find(nl_run *run, const nl_rule *r, const nl_pat *p, nl_unit u, size_t from, size_t *ms, size_t *me);
/* The same with the spans of groups 0..nov-1 in ov[0..2*nov) (absolute
   offsets; (size_t)-1 for a group that did not take part). */
int nl_run_find_groups(nl_run *run, const nl_rule *r, const nl_pat *p, nl_unit u, size_t from, size_t *ov,
                       unsigned nov);
/* 1 if any pattern of list matches in u, 0 if none, -1 on a limit. */
int nl_run_any(nl_run *run, const nl_rule *r, nl_pat *const *list, size_t n, nl_unit u);
/* 0 when pattern p is known to match no slice of the document (the
   prefilter, or the pattern's own whole-document search, says so): a kind
   may then skip its units altogether. */
int nl_run_may_match(nl_run *run, const nl_pat *p);
/* Where the next match of p may lie: an offset at or after `from` (a code
   point boundary) at or before the end of every match of p that starts at or
   after `from` — where p's seek filter (nl_pat_seek) next matches in the
   whole text — or SIZE_MAX when it matches nowhere from there. A unit [s, e]
   that ends before it holds no match of p; without a filter (or on a limit)
   it is `from` itself. */
size_t nl_run_next_start(nl_run *run, const nl_pat *p, size_t from);
/* Record a finding of r on [start, end) (absolute). Returns 0 or -1 (out of memory). */
int nl_run_emit(nl_run *run, const nl_rule *r, size_t start, size_t end);
/* The sentence unit (scope `sentence`) holding [start, end), or the line
   holding start when no sentence unit does (a title, a signature). */
nl_unit nl_run_sentence_of(nl_run *run, size_t start, size_t end);
/* The span a document-level finding is placed on: the title, else the first line. */
nl_unit nl_run_document_anchor(const nl_run *run);

#endif
