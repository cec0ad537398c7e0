/*
 * rx_rust.h — translate a rule pattern (PCRE2 syntax, as normlint compiles it:
 * UTF and UCP) into the syntax of Rust's regex crate, the default engine of
 * ripgrep, for `normlint rules --export-patterns`.
 *
 * Rust's engine has no look-around, back-references, atomic groups,
 * possessive quantifiers, \K, recursion or backtracking verbs. What can be
 * translated exactly is (\h, \v, \R, \N, octal and control escapes, \Q…\E,
 * POSIX classes under UCP, named groups, branch reset, script names, which
 * PCRE2 matches by script extension). Look-around assertions, \K, atomic
 * groups and possessive quantifiers are dropped: the result then matches
 * everywhere the original does and perhaps more ("widened"). Back-references,
 * recursion, conditionals, \G, \X, \C and backtracking verbs cannot be
 * expressed; neither can a pattern that would match the empty string.
 */
#ifndef NL_CMD_RX_RUST_H
#define NL_CMD_RX_RUST_H

enum {
    CLI_RX_EXACT = 0,       /* same matches */
    CLI_RX_WIDENED = 1,     /* an assertion was dropped: a superset of the matches */
    CLI_RX_UNSUPPORTED = 2, /* cannot be expressed; *why says why */
    CLI_RX_NOMEM = 3
};

/* Translate `src` (a pattern PCRE2 compiled). On CLI_RX_EXACT and
 * CLI_RX_WIDENED *out is the Rust pattern (malloc'd; the caller frees), else
 * NULL; on CLI_RX_UNSUPPORTED *why names the construct (a static string). */
int cli_rx_rust(char **out, const char **why, const char *src);

#endif
