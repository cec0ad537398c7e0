/*
 * rule_int.h — the insides of rules and rulesets, shared by the loader, the
 * engine and the rule kinds (internal).
 */
#ifndef NL_RULES_RULE_INT_H
#define NL_RULES_RULE_INT_H

#include <stdint.h>

#include "normlint/rules.h"
#include "rules/pattern.h"

/* Scope units a rule is matched against (see rules/README.md). */
typedef enum nl_scope {
    NL_SCOPE_DOCUMENT = 0,
    NL_SCOPE_TITLE,
    NL_SCOPE_DOC_NUMBER,
    NL_SCOPE_BODY,
    NL_SCOPE_CHAPTER,
    NL_SCOPE_ARTICLE,
    NL_SCOPE_CLAUSE,
    NL_SCOPE_ITEM,
    NL_SCOPE_PARAGRAPH,
    NL_SCOPE_SENTENCE,
    NL_SCOPE_SIGNATURE,
    NL_SCOPE_COUNT
} nl_scope;

const char *nl_scope_name(nl_scope s);
int nl_scope_parse(const char *s, nl_scope *out); /* 1 if known */

typedef struct nl_example {
    char *text;
    unsigned long line, column;
} nl_example;

/* One entry of `fix`: the first entry whose `find` matches a finding's
   matched text rewrites it with `replace` (see nl_pat_substitute). */
typedef struct nl_fix_entry {
    char *find_src, *replace;
    nl_pat *find;
} nl_fix_entry;

/* One pair of `examples.fixed`: BEFORE checked and fixed must read AFTER. */
typedef struct nl_fixed_example {
    char *before, *after;
    unsigned long line, column;
} nl_fixed_example;

typedef struct nl_kind nl_kind;
struct nl_ynode;

/* How far a veto vocabulary's match reaches (see nl_veto_applies). */
typedef enum nl_veto_scope {
    NL_VETO_NONE = 0,
    NL_VETO_BEFORE,  /* from the match to the hit, within the hit's sentence, unless `until` matches between */
    NL_VETO_SENTENCE, /* anywhere in the hit's sentence */
    NL_VETO_PERIOD    /* from the 。 (or line start) before the hit, across ；, to the end of the hit's sentence */
} nl_veto_scope;

/* A named vocabulary (vocab.c): `{{name}}` in a pattern stands for its
   pattern. Defined before use, so references never form a cycle. */
typedef struct nl_vocab {
    char *name, *title, *src, *file; /* src: the pattern as written (a `terms` list joined) */
    unsigned long line, column;
    int capture;          /* 1: `capture: local` (uses are groups nllocN judged by the document) */
    nl_veto_scope scope;  /* `veto-scope`, NL_VETO_NONE when it is no veto */
    char *until_src;      /* `until`: where a NL_VETO_BEFORE scope ends, or NULL */
    nl_pat *pat, *until;  /* compiled expansion (every vocabulary) and `until` */
    char **ex[2];         /* examples: [0] no-match, [1] match */
    size_t nex[2];
} nl_vocab;

const nl_vocab *nl_vocab_find(const nl_ruleset *rs, const char *name, size_t n);
/* Expand every {{name}} of src. 0 with *out malloc'd; -1 with a message (an
   unknown name); -2 out of memory. */
int nl_vocab_expand(const nl_ruleset *rs, const char *src, char **out, char *msg, size_t msgsize);
void nl_vocab_clear(nl_vocab *v);

struct nl_rule {
    char *id, *title, *message, *advice, *file;
    const nl_kind *kind;
    nl_severity severity;
    nl_scope scope;
    char **basis;
    size_t nbasis;
    char **basis_tmpl; /* the basis as written when an entry is {{profile:KEY}} (resolved into basis); else NULL */
    char **applies; /* type ids as written; napplies == 0 means all */
    size_t napplies;
    unsigned types; /* bit (1u << nl_doctype) per type; 0 = all */
    nl_pat **pats;
    char **pat_src; /* the `pattern` entries as written, npats of them (nl_rule_pattern) */
    size_t npats;
    char **pat_written; /* the `pattern` entries before {{vocabulary}} expansion (NULL: none used) */
    nl_pat **unless;
    size_t nunless;
    nl_pat **all; /* `all`: each must also match in the unit (co-occurrence, any order) */
    size_t nall;
    const nl_vocab **veto; /* `veto`: vocabularies whose scope excuses a match */
    size_t nveto;
    /* `unless-issuer` / `only-issuer`: issuer levels (bit 1u << nl_issuer_level)
       and kinds (bit 1u << nl_issuer_kind) the rule stays quiet at / runs only at */
    unsigned unless_level, unless_kind, only_level, only_kind;
    char **defer;           /* `defer-to`: rule ids whose finding on an overlapping span replaces this rule's */
    size_t ndefer;
    unsigned long defer_line, defer_column;
    nl_pat **unless_doc; /* `unless-document`: a match anywhere excuses the whole document */
    size_t nunless_doc;
    nl_pat **anchor; /* `anchor` (require): where in the unit the finding is placed (the 施行 clause) */
    size_t nanchor;
    nl_example *ex[2]; /* [0] good, [1] bad */
    size_t nex[2];
    nl_fix_entry *fixes;
    size_t nfixes;
    nl_fixed_example *fixed;
    size_t nfixed;
    int enabled;
    unsigned long line, column;
    void *params; /* the kind's parameters (see nl_kind.configure) */
    char *dir;    /* folder of the rule file, for data tables named in params */
    uint64_t source; /* hash of the rule's file and of the data it read (nl_rule_depends_on) */
};

/* A kind's configure() reports the bytes of every data file it reads, so
   that a cached verdict on the rule's examples covers them too. */
void nl_rule_depends_on(nl_rule *r, const void *bytes, size_t n);

struct nl_ruleset {
    nl_rule **rules; /* sorted by id once loading is done */
    size_t n, cap;
    nl_error *problems;
    size_t nproblems, pcap;
    nl_vocab *vocab; /* vocabularies, in the order defined */
    size_t nvocab, vcap;
    struct nl_prefilter *pf; /* nl_ruleset_prepare: which patterns can match a document */
    int nofilter;            /* NL_PREFILTER_NONE: search every pattern in every unit */
    char *cache_dir;         /* nl_ruleset_opts, copied */
    char *examples_key;
    int check_examples, no_jit;
};

/* Does rule r apply to documents of type t? (unknown documents: always) */
int nl_rule_applies_to(const nl_rule *r, nl_doctype t);

#endif
