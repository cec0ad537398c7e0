/*
 * literals.h — the literals every match of a pattern must contain (internal;
 * the prefilter's cheap first pass, see prefilter.c).
 *
 * A pattern's requirement is a conjunction of clauses, each a set of
 * literals: every match of the pattern contains, for each clause, at least
 * one of its literals. `须经[^。；]*(批准|核准)` requires {须经} and {批准, 核准}.
 * The analysis understands the pattern syntax the rules' filters use
 * (literals, classes, groups, alternation, quantifiers, \x{…}); anything
 * else makes it give up rather than guess.
 *
 * It also tells whether a match can contain 。 or ；: when none can, every
 * match lies inside one stretch of text between two of them (a segment), so
 * a search of the segments that hold a required literal decides whether the
 * pattern matches anywhere; when a match may hold ； but not 。, the same
 * holds of the stretches between two 。.
 */
#ifndef NL_RULES_LITERALS_H
#define NL_RULES_LITERALS_H

#include <stddef.h>

typedef struct nl_litreq nl_litreq;

/* The requirement of the pattern source src (PCRE2 syntax, compiled with
   UTF and UCP and no other option). NULL when there is none to use: the
   syntax is not understood, no clause has literals of at least 3 bytes, or
   out of memory. Free with nl_litreq_free. */
nl_litreq *nl_litreq_new(const char *src);
void nl_litreq_free(nl_litreq *r);

/* The segments every match of the pattern lies inside: NL_SEG_CLAUSE when
   no match can hold 。 or ； (the text between two of either), else
   NL_SEG_SENTENCE when none can hold 。 (between two 。), else 0. */
enum { NL_SEG_SENTENCE = 1, NL_SEG_CLAUSE = 2 };
int nl_litreq_segments(const nl_litreq *r);

size_t nl_litreq_clauses(const nl_litreq *r);
size_t nl_litreq_clause_size(const nl_litreq *r, size_t c);
/* Literal k of clause c (borrowed from r; not NUL-terminated), its length in
   *len (at least 3 bytes). */
const char *nl_litreq_literal(const nl_litreq *r, size_t c, size_t k, size_t *len);

/* 1 when the UTF-8 bytes t[at..len) open with a character that ends a
   segment of `level`: 。, or for NL_SEG_CLAUSE 。 or ；. */
int nl_litreq_is_separator(const char *t, size_t at, size_t len, int level);

#endif
