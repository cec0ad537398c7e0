/*
 * pattern.h — compiled patterns (internal). A thin wrapper so that pcre2.h
 * stays in lib/rules/pattern.c. Patterns are compiled once with UTF and UCP and
 * JIT-compiled when the platform supports it; matching goes through a
 * per-thread nl_pat_ctx that owns the match data and carries the match and
 * depth limits, so a pathological pattern fails fast instead of hanging.
 */
#ifndef NL_RULES_PATTERN_H
#define NL_RULES_PATTERN_H

#include <stddef.h>
#include <stdint.h>

typedef struct nl_pat nl_pat;
typedef struct nl_pat_ctx nl_pat_ctx;

/* Compile `src` (NUL-terminated UTF-8). On failure returns NULL and writes
 * PCRE2's message to msg and the offending offset (in bytes of src) to *off. */
nl_pat *nl_pat_compile(const char *src, char *msg, size_t msgsize, size_t *off);
void nl_pat_free(nl_pat *p);

/* A store of compiled patterns in the cache folder (cache.h), one per rule
 * file: compiling the bundled packs' patterns took more time than checking a
 * draft, on every start. nl_pat_store_open(dir, key) reads the store in
 * the cache folder dir named by key (a hash of the rule file) and the PCRE2
 * version; NULL when dir is NULL (no cache) or out of memory, which nl_pat_store_compile takes as "compile". A
 * pattern is looked up by its source, so one whose vocabulary changed is
 * compiled afresh; nl_pat_store_close then rewrites the store with the
 * patterns this load asked for (a missing or damaged file is rebuilt, never
 * trusted) and frees it (NULL accepted). nl_pat_store_compile returns what
 * nl_pat_compile would. */
typedef struct nl_pat_store nl_pat_store;
nl_pat_store *nl_pat_store_open(const char *dir, uint64_t key);
nl_pat *nl_pat_store_compile(nl_pat_store *s, const char *src, char *msg, size_t msgsize, size_t *off);
void nl_pat_store_close(nl_pat_store *s);
/* Number of capturing groups. */
unsigned nl_pat_groups(const nl_pat *p);
/* The numbers of the named groups whose name starts with `prefix` (at most
   max of them, into out); returns how many. */
unsigned nl_pat_named_groups(const nl_pat *p, const char *prefix, unsigned *out, unsigned max);
/* 1 when whether the pattern matches a text never depends on what lies
   outside the match (no anchors, word boundaries or look-around): a search of
   a whole document then decides whether any slice of it can match. */
int nl_pat_local(const nl_pat *p);
/* A local pattern that matches wherever p matches a slice of a text: p
   itself when local, else p without its assertions (look-around, anchors,
   word boundaries) when that can be made; NULL when there is none. A search
   of a whole document with it decides that p matches no slice of it. */
const nl_pat *nl_pat_filter(const nl_pat *p);
/* The filter's source for the ruleset's prefilter (NULL when there is
   none): with its bounded repeats opened (X{0,24} becomes X*, X{2,9} X{2,}),
   which matches wherever the filter does and which Hyperscan compiles in a
   fraction of the time. And the filter's id in the prefilter (-1 when it has
   none). */
const char *nl_pat_filter_source(const nl_pat *p);
/* A local pattern that, for every match [a, b) of p in a text, matches
   somewhere starting in [a, b]: p's filter without the repeats that open
   its alternatives, which PCRE2 searches for without trying each length of
   the repeat at each position (the filter itself when nothing is dropped);
   NULL when p has no filter. Compiled on first use. A unit that ends before
   the next match of it holds no match of p. */
const nl_pat *nl_pat_seek(const nl_pat *p);
int nl_pat_filter_id(const nl_pat *p);
void nl_pat_set_filter_id(nl_pat *p, int id);

/* Matching state for one thread. NULL when out of memory. */
nl_pat_ctx *nl_pat_ctx_new(void);
void nl_pat_ctx_free(nl_pat_ctx *c);
/* Match through c with PCRE2's interpreter, never JIT-compiling. */
void nl_pat_ctx_no_jit(nl_pat_ctx *c);

enum { NL_PAT_MATCH = 1, NL_PAT_NOMATCH = 0, NL_PAT_LIMIT = -1, NL_PAT_ERROR = -2 };

/* After NL_PAT_LIMIT: which limit the last match on c hit, as words for a
 * message ("match limit", "depth limit", "heap limit", "JIT stack limit"). */
const char *nl_pat_ctx_limit(const nl_pat_ctx *c);

/* Search subject[0..len) from byte `start` (the subject is the scope unit, so
 * ^ and $ anchor at its ends). On a match stores the group spans (offsets into
 * subject) in ov[0..2*nov): ov[0], ov[1] is the whole match; unset groups get
 * (size_t)-1. Returns NL_PAT_MATCH, NL_PAT_NOMATCH, NL_PAT_LIMIT (match, depth,
 * heap or JIT stack limit hit) or NL_PAT_ERROR (e.g. invalid UTF-8, which the model never holds). */
int nl_pat_match(const nl_pat *p, nl_pat_ctx *c, const char *subject, size_t len, size_t start, size_t *ov,
                 unsigned nov);

/* Whether p matches somewhere in subject[0..len), found by PCRE2's
 * interpreter: for a one-off match of a short text (a vocabulary's examples,
 * tested on every load), where compiling the pattern to machine code would
 * cost many times the match. Returns NL_PAT_MATCH, NL_PAT_NOMATCH,
 * NL_PAT_LIMIT or NL_PAT_ERROR (e.g. invalid UTF-8, which is checked). */
int nl_pat_test(const nl_pat *p, nl_pat_ctx *c, const char *subject, size_t len);

/* Replace every match of p in subject[0..len) by the template `tpl` (PCRE2
 * substitution syntax: $1, ${2}, ${name}, $$; a group that did not take part
 * in the match is empty), keeping the text between matches. Returns
 * NL_PAT_MATCH with *out a malloc'd NUL-terminated result the caller frees
 * and *outlen its length; NL_PAT_NOMATCH (*out NULL) when p does not match;
 * NL_PAT_LIMIT on the match or depth limit; NL_PAT_ERROR with PCRE2's message
 * in msg for a template PCRE2 rejects, or when out of memory. */
int nl_pat_substitute(const nl_pat *p, nl_pat_ctx *c, const char *subject, size_t len, const char *tpl, char **out,
                      size_t *outlen, char *msg, size_t msgsize);

/* Check a template against the pattern source it will be used with (group
 * numbers and names that exist, escapes): 0 when it is sound or cannot be
 * judged without a match, -1 with PCRE2's message in msg. */
int nl_pat_check_template(const char *src, const char *tpl, char *msg, size_t msgsize);

#endif
