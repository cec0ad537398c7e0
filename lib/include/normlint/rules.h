/*
 * rules.h — rule packs and the engine that runs them over a document.
 *
 * A rule pack is a folder of YAML files (format in rules/README.md). Loading
 * validates every rule — unknown or missing keys, bad values, duplicate ids,
 * patterns that do not compile, examples that do not behave — and records
 * every problem with its file, line and column, so that one run reports all of
 * them. Patterns are compiled (PCRE2, UTF + UCP, JIT) once, when loaded.
 *
 * A loaded ruleset is read-only and may be shared by threads; each thread
 * checks documents through its own nl_matcher (PCRE2 match data, scratch).
 *
 * Findings come out in a deterministic order: offset, then rule id.
 */
#ifndef NORMLINT_RULES_H
#define NORMLINT_RULES_H

#include "core.h"
#include "cnum.h"
#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nl_severity {
    NL_SEV_INFO = 0,    /* 规范: drafting or format norms */
    NL_SEV_WARNING = 1, /* 不当·需人工复核 */
    NL_SEV_ERROR = 2    /* 违法 */
} nl_severity;

/* "info", "warning", "error"; the Chinese label (提示, 警告, 错误). */
const char *nl_severity_name(nl_severity s);
const char *nl_severity_zh(nl_severity s);
/* Parse "error" | "warning" | "info" (also "style" for info). Returns 0 if unknown. */
int nl_severity_parse(const char *s, nl_severity *out);

typedef struct nl_ruleset nl_ruleset;
typedef struct nl_rule nl_rule;

/* What a ruleset may do besides matching: every side effect is the
 * caller's choice, and the library reads no environment variable. A zeroed
 * struct (or NULL) means: no cache (nothing is written), examples not run
 * while loading, PCRE2's JIT on. */
typedef struct nl_ruleset_opts {
    /* A folder for what loading derives from the rule files (parsed trees,
       compiled patterns, prefilter databases, example verdicts), created
       when missing; NULL: nothing is cached and no file is written. */
    const char *cache_dir;
    /* Run every rule's examples as it is loaded; a failing example is a
       problem like a schema error (nl_rule_test_examples runs them later
       anyway). */
    int check_examples;
    /* With check_examples and cache_dir: a verdict is remembered in the
       cache for this key (the caller's identity of the program and of the
       day, as the command line keys it), so a rule that passed is not run
       again; NULL: always run. */
    const char *examples_key;
    int no_jit; /* match with PCRE2's interpreter (for valgrind, and for comparing) */
} nl_ruleset_opts;

/* An empty ruleset. *out owned by the caller (nl_ruleset_free). opts is
 * copied (NULL: defaults). */
nl_status nl_ruleset_new(nl_ruleset **out, nl_error *err);
nl_status nl_ruleset_new_with(nl_ruleset **out, const nl_ruleset_opts *opts, nl_error *err);
void nl_ruleset_free(nl_ruleset *rs);
/* A rule pattern (PCRE2 syntax, UTF and UCP, as normlint compiles it) in the
 * syntax of Rust's regex crate, ripgrep's default engine (rules
 * --export-patterns). Exact where it can be (\h, \v, \R, \N, octal and
 * control escapes, \Q…\E, POSIX classes, named groups, branch reset, script
 * names, which PCRE2 matches by script extension); look-around, \K, atomic
 * groups and possessive quantifiers are dropped, so the result matches at
 * least wherever the pattern does ("widened"); back-references, recursion,
 * conditionals, \G, \X, \C, backtracking verbs and a pattern that would
 * match the empty string cannot be expressed (*why names the construct, a
 * static string). *out is malloc'd for EXACT and WIDENED, else NULL. */
enum { NL_RX_EXACT = 0, NL_RX_WIDENED = 1, NL_RX_UNSUPPORTED = 2, NL_RX_NOMEM = 3 };
int nl_pattern_to_rust(char **out, const char **why, const char *src);

/* Once every pack is loaded, before the first check: the multi-pattern
 * prefilter that lets a check skip the patterns that cannot match a document
 * (Hyperscan; its databases are built when first needed, through the cache
 * folder). Optional: without it each pattern's own presence search runs.
 * Findings are the same in every mode. Commands that list or show rules
 * need none. */
typedef enum nl_prefilter_mode {
    NL_PREFILTER_BUILD = 0, /* read the databases from the cache, else build (and cache) them */
    NL_PREFILTER_CACHED,    /* only databases the cache holds: building costs more than a small run */
    NL_PREFILTER_OFF,       /* no Hyperscan */
    NL_PREFILTER_NONE       /* no filtering at all: every pattern searched in every unit (for comparing) */
} nl_prefilter_mode;
void nl_ruleset_prepare(nl_ruleset *rs, nl_prefilter_mode mode);

/* Load every *.yaml / *.yml file under `dir` (recursively, in name order,
 * hidden entries skipped), or one file. Problems are recorded in the ruleset
 * (nl_ruleset_problem) and the call returns NL_ERR_RULE if there were any; the
 * first problem is also copied to `err`. I/O errors on the folder itself
 * return NL_ERR_IO. Rules with problems are not kept. */
nl_status nl_ruleset_load_dir(nl_ruleset *rs, const char *dir, nl_error *err);
nl_status nl_ruleset_load_file(nl_ruleset *rs, const char *path, nl_error *err);
/* The same from memory; `name` is used in messages. */
nl_status nl_ruleset_load_memory(nl_ruleset *rs, const char *name, const char *text, size_t len, nl_error *err);

/* Problems recorded while loading, in the order found. */
size_t nl_ruleset_problem_count(const nl_ruleset *rs);
const nl_error *nl_ruleset_problem(const nl_ruleset *rs, size_t i);

size_t nl_ruleset_count(const nl_ruleset *rs);
/* 16 hex digits naming the loaded rules: each rule's id, file and data
 * content, severity and whether it is on (two runs with the same identity
 * judge alike). */
void nl_ruleset_identity(const nl_ruleset *rs, char out[17]);

const nl_rule *nl_ruleset_rule(const nl_ruleset *rs, size_t i); /* sorted by id */
const nl_rule *nl_ruleset_find(const nl_ruleset *rs, const char *id);

/* Turn a rule on or off for this run (--enable / --disable). `id` may also be
 * a prefix ending in '.' or '*' (power.* / power.) that selects a family.
 * NL_ERR_INVALID if nothing matches. */
nl_status nl_ruleset_set_enabled(nl_ruleset *rs, const char *id, int enabled, nl_error *err);

/* Override the severity of a rule or a family (same selectors as
 * nl_ruleset_set_enabled). NL_ERR_INVALID if nothing matches. */
nl_status nl_ruleset_set_severity(nl_ruleset *rs, const char *id, nl_severity sev, nl_error *err);

/* ---- project configuration (.normlint.yaml) ---- */

typedef struct nl_config nl_config;

/* Look for .normlint.yaml in `dir` and its parents; on success writes its
 * path to buf and returns 1. */
int nl_config_find(const char *dir, char *buf, size_t size);
/* Load a config file:
 *   profile: beijing
 *   rules: [extra-rules/]          # folders, relative to the config file
 *   enable: [form.title-genre]     # ids or families (competition.*)
 *   disable: ['competition.*']
 *   severity: {rights.obligation: info}
 *   ignore: [old-drafts]            # fnmatch globs, e.g. old/ followed by *.docx
 *   baseline: .normlint-baseline.json # relative to the config file
 *   fail-on: warning
 * Unknown keys and bad values are NL_ERR_RULE with line and column. */
nl_status nl_config_load(nl_config **out, const char *path, nl_error *err);
void nl_config_free(nl_config *c);
const char *nl_config_path(const nl_config *c);
const char *nl_config_profile(const nl_config *c); /* NULL when not set */
/* ignore: the patterns, as written */
size_t nl_config_ignore_count(const nl_config *c);
const char *nl_config_ignore(const nl_config *c, size_t i);
/* baseline: the baseline file, resolved against the config's folder (NULL when not set) */
const char *nl_config_baseline(const nl_config *c);
/* fail-on: 1 and *out set when the config sets it */
int nl_config_fail_on(const nl_config *c, nl_severity *out);
size_t nl_config_rules_count(const nl_config *c);
const char *nl_config_rules(const nl_config *c, size_t i); /* resolved against the config's folder */
/* Apply enable/disable/severity to a loaded ruleset. */
nl_status nl_config_apply(const nl_config *c, nl_ruleset *rs, nl_error *err);
/* 1 if `path` matches an ignore glob (matched against the path as given and
 * against its part below the config's folder). */
int nl_config_ignored(const nl_config *c, const char *path);
/* The ignore pattern that matches `path` (as nl_config_ignored), or NULL. */
const char *nl_config_ignore_match(const nl_config *c, const char *path);

/* ---- rule accessors (strings borrowed from the ruleset) ---- */
const char *nl_rule_id(const nl_rule *r);
const char *nl_rule_kind(const nl_rule *r);   /* "pattern", "require", ... */
nl_severity nl_rule_severity(const nl_rule *r);
const char *nl_rule_title(const nl_rule *r);
const char *nl_rule_message(const nl_rule *r); /* template: may contain {match} */
const char *nl_rule_advice(const nl_rule *r);
size_t nl_rule_basis_count(const nl_rule *r);
const char *nl_rule_basis(const nl_rule *r, size_t i);
const char *nl_rule_scope(const nl_rule *r);  /* "sentence", "article", ... */
/* Document types the rule applies to, as ids (normative, rule, ...); "all" when unrestricted. */
size_t nl_rule_applies_count(const nl_rule *r);
const char *nl_rule_applies(const nl_rule *r, size_t i);
int nl_rule_enabled(const nl_rule *r);
size_t nl_rule_example_count(const nl_rule *r, int bad);
const char *nl_rule_example(const nl_rule *r, int bad, size_t i);
const char *nl_rule_file(const nl_rule *r); /* the YAML file it came from */
unsigned long nl_rule_line(const nl_rule *r);
/* The issuers the rule is conditioned on: with only == 0 those of
 * `unless-issuer` (the rule stays quiet there), with only == 1 those of
 * `only-issuer` (it runs only there; none: everywhere). Bit 1u << L for an
 * nl_issuer_level L, and bit 1u << K for an nl_issuer_kind K. */
unsigned nl_rule_issuer_levels(const nl_rule *r, int only);
unsigned nl_rule_issuer_kinds(const nl_rule *r, int only);
/* The rule's `pattern` entries as written (PCRE2 syntax), in order; 0 when
 * the rule has none. For `pattern` and `require` they are what makes a
 * finding; for the semantic kinds a precondition. */
size_t nl_rule_pattern_count(const nl_rule *r);
const char *nl_rule_pattern(const nl_rule *r, size_t i); /* with {{vocabularies}} expanded */
const char *nl_rule_pattern_written(const nl_rule *r, size_t i); /* as in the rule file */
/* The pack's named vocabularies ({{name}} in a pattern), in the order defined:
 * name, title (Chinese) and pattern as written. */
size_t nl_ruleset_vocab_count(const nl_ruleset *rs);
const char *nl_ruleset_vocab_name(const nl_ruleset *rs, size_t i);
const char *nl_ruleset_vocab_title(const nl_ruleset *rs, size_t i);
const char *nl_ruleset_vocab_source(const nl_ruleset *rs, size_t i);
/* The rule's mechanical fix (key `fix`), entry by entry in order: `find` (a
 * PCRE2 pattern) and `replace` (a PCRE2 substitution template). 0 entries
 * when the rule has no fix. */
size_t nl_rule_fix_count(const nl_rule *r);
const char *nl_rule_fix_find(const nl_rule *r, size_t i);
const char *nl_rule_fix_replace(const nl_rule *r, size_t i);
/* The pairs of `examples.fixed`: the text before (after == 0) and after its fixes. */
size_t nl_rule_fixed_count(const nl_rule *r);
const char *nl_rule_fixed_example(const nl_rule *r, size_t i, int after);

/* ---- checking ---- */

/* Per-thread matching state. Owned by the caller (nl_matcher_free). */
typedef struct nl_matcher nl_matcher;
nl_status nl_matcher_new(nl_matcher **out, const nl_ruleset *rs, nl_error *err);
void nl_matcher_free(nl_matcher *m);

typedef enum nl_suppression {
    NL_SUPPRESS_NONE = 0,
    NL_SUPPRESS_SOURCE,   /* a normlint-disable comment in the document */
    NL_SUPPRESS_BASELINE  /* recorded in the baseline (--baseline) */
} nl_suppression;

typedef struct nl_finding {
    const nl_rule *rule;     /* borrowed from the ruleset */
    nl_severity severity;
    const char *message;     /* the rule's message with {match} filled in */
    nl_span span;            /* the matched text (empty span: a point, e.g. a missing clause) */
    nl_pos start, end;       /* end is the position just after the match; .line is the source's
                                line (text: physical line; DOCX, OFD, PDF: paragraph ordinal) */
    size_t page, page_line;  /* OFD, PDF: the page and the line on it where the match starts
                                (1-based, nl_doc_page_at); 0 for a source without pages */
    const char *address;     /* 第三章第十二条第二款, 标题, 落款, "" when none */
    const char *excerpt;     /* the source line containing the start of the match */
    char fingerprint[17];    /* 16 hex digits: rule + address + normalised matched text */
    const char *fix;         /* the replacement for the matched text when the rule declares a
                                mechanical fix that applies (rule key `fix`), else NULL */
    /* set-aside findings only (nl_result_suppressed): why it is not reported */
    nl_suppression suppressed;   /* NL_SUPPRESS_NONE for a reported finding */
    const char *suppress_reason; /* the directive's 理由 ("" when none); NULL when not suppressed */
    size_t suppress_line;        /* the directive's line (0 for a baseline) */
    int fixed;                   /* 1: `check --fix` wrote its fix into the file (it no longer fails the run) */
} nl_finding;

/* ---- profiles: jurisdiction parameters (rules/profiles/NAME.yaml) ---- */

typedef struct nl_profile nl_profile;

/* Load a profile file. Unknown keys and malformed values are errors with file,
 * line and column (NL_ERR_RULE). *out owned by the caller. */
nl_status nl_profile_load(nl_profile **out, const char *path, nl_error *err);
void nl_profile_free(nl_profile *p);
const char *nl_profile_name(const nl_profile *p);
const char *nl_profile_title(const nl_profile *p);
/* A numeric parameter: 1 and *value when set; *verified is 0 for a parameter
 * marked not-verified (findings that rest on it are never errors). */
int nl_profile_number(const nl_profile *p, const char *key, long *value, int *verified);
/* The built-in defaults (validity 5 years, trial 2 years, 30 days before 施行):
 * used for rule examples and when no profile is given. Static; never freed
 * (nl_profile_free ignores it). */
const nl_profile *nl_profile_builtin(void);
/* The profile a profile inherits the parameters it does not set from: its
 * `extends:`, else "national" (NULL for national itself and the built-in). */
const char *nl_profile_extends(const nl_profile *p);
/* Take every parameter of `parent` that `p` does not set (they keep the name
 * of the profile that set them). */
nl_status nl_profile_inherit(nl_profile *p, const nl_profile *parent);
/* The parameters, for `profile show`: i from 0 to nl_profile_count - 1. */
typedef struct nl_profile_value {
    const char *key;
    long value;
    const char *status; /* verified, secondary, not-verified */
    const char *source; /* what the value rests on */
    const char *basis;  /* the citation findings show */
    const char *from;   /* the profile that set it */
} nl_profile_value;
size_t nl_profile_count(const nl_profile *p);
int nl_profile_param(const nl_profile *p, size_t i, nl_profile_value *out);
/* 1 if `key` is a parameter profiles may set (validity.max-years, ...). */
int nl_profile_key_known(const char *key);
/* The citation of parameter `key` (its basis:, else its source), or NULL. */
const char *nl_profile_basis(const nl_profile *p, const char *key);
/* Cite the profile in force: a basis entry written {{profile:KEY}} becomes
 * what `profile` (NULL: the built-in defaults, as at load) cites for KEY. */
nl_status nl_ruleset_apply_profile(nl_ruleset *rs, const nl_profile *profile);

typedef struct nl_check_opts {
    nl_severity min_severity; /* findings below are dropped (default info: keep all) */
    const nl_profile *profile; /* jurisdiction parameters; NULL: none (rules that need one stay quiet) */
    nl_date as_of;             /* year 0: judge each document as of its own date, else today */
} nl_check_opts;

/* Findings of one document. Strings live as long as the result. */
typedef struct nl_result nl_result;

/* Run every enabled rule that applies to the document's type. A rule whose
 * pattern hits a PCRE2 limit (match, depth, heap, JIT stack) is skipped from
 * that scope unit to the end of the document (its findings before stand) and
 * a warning naming the rule, the document, the line and the limit is
 * recorded (nl_result_warning); that is not an error. Returns NL_ERR_NOMEM only. */
nl_status nl_check(nl_result **out, nl_matcher *m, const nl_ruleset *rs, const nl_doc *doc,
                   const nl_check_opts *opts, nl_error *err);
size_t nl_result_count(const nl_result *res);
const nl_finding *nl_result_finding(const nl_result *res, size_t i);
/* Findings set aside: suppressed by a normlint-disable directive of the
 * document (nl_check does this) or baselined (nl_result_set_aside). They are
 * not in nl_result_finding nor in the severity counts, but reporters count
 * them. In document order within each kind. */
size_t nl_result_suppressed_count(const nl_result *res);
const nl_finding *nl_result_suppressed(const nl_result *res, size_t i);
/* Number of set-aside findings of one kind. */
size_t nl_result_suppressed_by(const nl_result *res, nl_suppression why);
/* Move the reported findings i with mask[i] nonzero (mask has
 * nl_result_count entries) to the set-aside ones, as `why`. */
nl_status nl_result_set_aside(nl_result *res, const unsigned char *mask, nl_suppression why);
/* Record that the fix of reported finding i went into the file (check --fix):
 * the finding is still reported, but no longer fails the run. */
void nl_result_mark_fixed(nl_result *res, size_t i);
size_t nl_result_warning_count(const nl_result *res);
const char *nl_result_warning(const nl_result *res, size_t i); /* English sentence */
/* A result rebuilt from a report (merging shard outputs): findings carry
 * positions, address, message and fingerprint, but no span or excerpt. */
nl_status nl_result_new(nl_result **out);
nl_status nl_result_add(nl_result *res, const nl_rule *rule, nl_severity sev, const char *message, size_t line,
                        size_t column, const char *address, const char *fingerprint);
/* Set the end position and the excerpt of the finding added last. */
nl_status nl_result_set_extent(nl_result *res, size_t end_line, size_t end_column, const char *excerpt);
/* Set the page locator (nl_finding.page, .page_line) of the finding added last. */
void nl_result_set_page(nl_result *res, size_t page, size_t page_line);
/* Findings per severity (index by nl_severity). */
size_t nl_result_severity_count(const nl_result *res, nl_severity s);
void nl_result_free(nl_result *res);

/* Run one rule's examples: every bad example must fire it, no good one may,
 * and every fixed pair must produce a finding and turn into its AFTER text
 * with the fixes applied (nl_fix_apply), leaving nothing more to fix.
 * Each failure calls `fail` with which example it was (NL_EXAMPLE_BAD, 0 for
 * a good one, NL_EXAMPLE_FIXED), its index and a reason (English). Returns
 * the number of failures. */
enum { NL_EXAMPLE_GOOD = 0, NL_EXAMPLE_BAD = 1, NL_EXAMPLE_FIXED = 2 };
typedef void (*nl_example_fail_fn)(void *ud, const nl_rule *r, int bad, size_t index, const char *reason);
size_t nl_rule_test_examples(const nl_ruleset *rs, const nl_rule *r, nl_matcher *m, nl_example_fail_fn fail,
                             void *ud);

/* ---- mechanical fixes ----
 *
 * A finding's `fix` replaces its matched text. The fixes of one document are
 * applied together: in order of their spans, skipping one that overlaps a fix
 * already taken (the earlier, then the longer, wins), one whose span is empty
 * or crosses a line end, and one whose replacement holds a line break; so
 * lines are never added or removed. */

/* Apply the fixes of the reported findings of `res` (nl_result_finding; spans
 * into doc's text) to `src`: the text `doc` was made from, decoded to UTF-8
 * but otherwise as in its file — its own line ends (LF, CRLF, CR) and its
 * normlint-disable lines, which the model keeps as empty lines. Model line i
 * is source line i, so each fix lands at the same byte offset of the same
 * line. On success *out (malloc'd, NUL-terminated; the caller frees) and
 * *outlen are the new text, *napplied the number of fixes applied, and
 * `applied` (may be NULL; nl_result_count(res) entries) 1 for each finding
 * whose fix went in. NL_ERR_INVALID when `src` does not hold the document's
 * text (a non-empty model line differs, or the line count); NL_ERR_NOMEM. */
nl_status nl_fix_apply(char **out, size_t *outlen, size_t *napplied, const nl_doc *doc, const nl_result *res,
                       const char *src, size_t srclen, unsigned char *applied, nl_error *err);

/* Rewriting a plain-text file with its fixes (check --fix). */
typedef struct nl_text_fix nl_text_fix;

/* Prepare the rewrite of the file of `doc`, a document loaded from a
 * plain-text file (nl_doc_format "text"; else NL_ERR_UNSUPPORTED): read the
 * file again (at most max_size bytes, 0: NL_DEFAULT_MAX_SIZE), decode it as
 * the loader did (`encoding`: the forced encoding it was loaded with, or NULL),
 * apply the fixes of the reported findings of `res` (nl_fix_apply), encode
 * the result as the file was — same encoding, same byte-order mark, same line
 * ends — and decode that again to check it. Nothing is written. *out (free
 * with nl_text_fix_free) is NULL when no fix applies. Fails with NL_ERR_IO
 * (gone, unreadable, not a regular file), NL_ERR_INVALID (the file no longer
 * holds the checked text), NL_ERR_ENCODING (its encoding cannot hold a fix,
 * or re-encoding its text would not give back its bytes), NL_ERR_TOO_LARGE,
 * NL_ERR_NOMEM; the message names the file. */
nl_status nl_text_fix_prepare(nl_text_fix **out, const nl_doc *doc, const nl_result *res, const char *encoding,
                              size_t max_size, nl_error *err);
/* Number of fixes applied; whether reported finding i of the result was fixed. */
size_t nl_text_fix_count(const nl_text_fix *t);
int nl_text_fix_applied(const nl_text_fix *t, size_t i);
/* The lines the fixes change, in order: 1-based line number and the UTF-8
 * text before and after (without the line end; not NUL-terminated). Borrowed
 * from t. */
typedef struct nl_fix_line {
    size_t line;
    const char *before;
    size_t before_len;
    const char *after;
    size_t after_len;
} nl_fix_line;
size_t nl_text_fix_line_count(const nl_text_fix *t);
const nl_fix_line *nl_text_fix_line(const nl_text_fix *t, size_t i);
/* Replace the file with the fixed content: a temporary file in its
 * directory, fsync, rename (nl_atomic_*; its permissions are kept; a symlink
 * is followed). Refused with NL_ERR_IO, the file untouched, when it changed
 * (inode, size or modification time) since nl_text_fix_prepare read it. */
nl_status nl_text_fix_commit(nl_text_fix *t, nl_error *err);
void nl_text_fix_free(nl_text_fix *t); /* accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
