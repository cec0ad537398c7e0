/*
 * cli.h — what the subcommands of the normlint program share: the exit codes
 * (the only place they are defined), the subcommand table row and the error
 * printer. Subcommands use only the public library API.
 */
#ifndef NL_CMD_CLI_H
#define NL_CMD_CLI_H

#include "normlint/normlint.h"

/* Exit codes; their numbers never change. */
enum {
    NL_EXIT_OK = 0,         /* nothing at or above --fail-on */
    NL_EXIT_FINDINGS = 1,   /* findings at or above --fail-on */
    NL_EXIT_USAGE = 2,      /* usage, configuration or rule error */
    NL_EXIT_UNREADABLE = 3  /* some input could not be read (others were still processed) */
};

typedef struct nl_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} nl_command;

/* "normlint: PATH: MESSAGE" (or "normlint: MESSAGE" without a path) on stderr. */
void cli_error(const nl_error *err);
void cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The usage error for the option getopt just refused (optopt, or the word at
 * argv[optind - 1]); returns NL_EXIT_USAGE. */
int cli_bad_option(const char *cmd, char **argv);

int cmd_parse(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_test_rules(int argc, char **argv);
int cmd_text(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_install_hook(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_formats(int argc, char **argv);

/* -o FILE (output.c): cli_out_open gives the stream the report is written to
 * (standard output when path is NULL or "-", else a temporary file next to
 * FILE), NULL after a message; cli_out_close(o, 1) renames it over FILE
 * (0 after a message when that or a write failed), cli_out_close(o, 0)
 * drops it and leaves FILE as it was. */
typedef struct cli_out {
    nl_atomic *a;
    FILE *f;
} cli_out;
FILE *cli_out_open(cli_out *o, const char *path);
int cli_out_close(cli_out *o, int keep);
#define CLI_OUTPUT_HELP "  -o, --output FILE       write the report to FILE (replaced whole when the run ends)\n"

/* Edit distance of two short words (capped at 9), for "did you mean". */
int cli_distance(const char *a, const char *b);

/* Options shared by the subcommands that read documents (loadopts.c). Put
 * CLI_LOAD_LONGOPTS in the getopt_long table and hand every option to
 * cli_load_option first: it returns 1 when it took the option, 0 when the
 * option is not one of these, -1 after printing a usage error. */
enum { CLI_O_MAX_SIZE = 1000, CLI_O_ENCODING, CLI_O_REVISIONS, CLI_O_NOTES, CLI_O_DOC_CONVERTER, CLI_O_LIMIT, CLI_O_DOC_TYPE };
#define CLI_LOAD_LONGOPTS                                                                                           \
    {"max-size", required_argument, NULL, CLI_O_MAX_SIZE}, {"encoding", required_argument, NULL, CLI_O_ENCODING}, \
        {"revisions", required_argument, NULL, CLI_O_REVISIONS}, {"limit", required_argument, NULL, CLI_O_LIMIT}, \
        {"doc-type", required_argument, NULL, CLI_O_DOC_TYPE}, {"notes", no_argument, NULL, CLI_O_NOTES},                \
        {"doc-converter", required_argument, NULL, CLI_O_DOC_CONVERTER}
#define CLI_LOAD_HELP                                                                                     \
    "      --max-size SIZE     refuse inputs larger than SIZE (default 64M; k, M, G suffixes)\n"            \
    "      --encoding ENC      read text files as ENC (UTF-8, GB18030, UTF-16LE, ...) instead of detecting\n" \
    "      --revisions R       DOCX, ODT: current (default) or original (the text before tracked changes)\n"      \
    "      --notes             DOCX, ODT: also read footnotes and endnotes (after the body)\n"                    \
    "      --doc-converter C   legacy .doc/.wps through libreoffice, catdoc or auto (default: LibreOffice,\n"    \
    "                          else catdoc)\n"                                                                   \
    "      --doc-type TYPE     the documents are of TYPE (normative, rule, local-regulation,\n"              \
    "                          admin-regulation, law, judicial, other) instead of inferring it\n"           \
    "      --limit NAME=VALUE  raise or lower a limit against hostile files: zip-entries (10000),\n"          \
    "                          zip-entry (256M), zip-total (512M), zip-ratio (200), xml-depth (128),\n"    \
    "                          pdf-pages (5000), pdf-output (256M of pdftotext output), pdf-seconds (60)\n"
int cli_load_option(const char *cmd, int opt, const char *arg, nl_load_opts *o);

/* The rule options check and annotate share (ruleopts.c): put
 * CLI_RULE_LONGOPTS in the getopt_long table ('r' in the short options) and
 * hand each option to cli_rule_option (1 taken, 0 not one of these, -1 after
 * a usage error); then cli_rule_setup loads the project config (found
 * upward from `start` unless given), the profile and the packs, and applies
 * the config and the --enable/--disable options in order. Free what it sets
 * (also on failure). */
enum { CLI_O_NO_BUNDLED = 1100, CLI_O_DISABLE, CLI_O_ENABLE, CLI_O_PROFILE, CLI_O_CONFIG, CLI_O_NO_CONFIG };
#define CLI_MAX_PACKS 64
#define CLI_MAX_TOGGLES 256
typedef struct cli_rule_opts {
    const char *packs[CLI_MAX_PACKS];
    size_t npacks;
    int no_bundled;
    const char *toggles[CLI_MAX_TOGGLES];
    int toggle_on[CLI_MAX_TOGGLES];
    size_t ntoggles;
    const char *profile, *config;
    int no_config;
} cli_rule_opts;
#define CLI_RULE_LONGOPTS                                                                                          \
    {"rules", required_argument, NULL, 'r'}, {"no-bundled", no_argument, NULL, CLI_O_NO_BUNDLED},                \
        {"disable", required_argument, NULL, CLI_O_DISABLE}, {"enable", required_argument, NULL, CLI_O_ENABLE},  \
        {"profile", required_argument, NULL, CLI_O_PROFILE}, {"config", required_argument, NULL, CLI_O_CONFIG}, \
        {"no-config", no_argument, NULL, CLI_O_NO_CONFIG}
int cli_rule_option(const char *cmd, int opt, const char *arg, cli_rule_opts *o);
int cli_rule_setup(const char *cmd, cli_rule_opts *o, const char *start, nl_config **cfg, nl_profile **profile,
                   nl_ruleset **rs);

/* Jobs 0..n-1 on `threads` worker threads (1: on the calling thread, no
 * threads), results taken in order on the calling thread (pool.c). work()
 * runs in a worker with that worker's state from thread_init (a matcher);
 * consume() gets each result in job order and returns nonzero to stop;
 * discard() frees results never consumed after a stop; tick(done, final) is
 * called about every 0.2 s and at the end (progress; may be NULL). Workers
 * run at most `window` jobs ahead of the consumer (0: no bound). Returns the
 * first nonzero consume() value, -1 when no thread could start, else 0. */
typedef struct cli_pool_spec {
    size_t n;
    int threads;
    size_t window;
    void *ud;
    void *(*thread_init)(void *ud);
    void (*thread_free)(void *ud, void *tls);
    void *(*work)(void *ud, void *tls, size_t i);
    int (*consume)(void *ud, size_t i, void *result);
    void (*discard)(void *ud, void *result);
    void (*tick)(void *ud, size_t done, int final);
} cli_pool_spec;
int cli_pool_run(const cli_pool_spec *s);

/* The default number of worker threads: the online cores (at least 1). */
int cli_default_jobs(void);

/* Where the bundled rule pack is (see rulepacks.c); 0 if not found (buf then
 * holds the last place tried). */
int cli_bundled_rules(char *buf, size_t size);

/* Load the bundled pack (if `bundled`) and every folder or file of dirs into a
 * new ruleset (*out, always set; free it). Returns NL_EXIT_OK, or NL_EXIT_USAGE
 * when a pack has problems (printed to stderr when `print`) or cannot be read. */
int cli_load_rules(nl_ruleset **out, const char *const *dirs, size_t ndirs, int bundled, int print);

/* Before the first check of a run of `inputs` documents: the prefilter (see
 * rulepacks.c). Commands that only list or show rules skip it. */
void cli_prepare_rules(nl_ruleset *rs, size_t inputs);

/* The options of a command whose only option is --help (formats, profile):
 * -1 to go on with the operands from optind, else the exit code (after the
 * help or a usage error naming cmd). */
int cli_help_only(const char *cmd, int argc, char **argv, void (*help)(FILE *));

/* --jobs N (1..1024) and --as-of YYYY-MM-DD (a valid date) of command cmd;
 * 0 after a usage error naming cmd. */
int cli_parse_jobs(const char *cmd, const char *v, int *jobs);
int cli_parse_as_of(const char *cmd, const char *v, nl_date *d);

/* The cache folder into dir (size bytes): $XDG_CACHE_HOME/normlint, else
 * ~/.cache/normlint; 0 when NORMLINT_CACHE=off or there is none. */
int cli_cache_dir(char *dir, size_t size);

/* Load the profile `name` (a bundled profile name, or a file path); NULL
 * means the default, national, when the bundled pack has it (else *out stays
 * NULL and the built-in defaults apply). NL_EXIT_USAGE after a message. */
int cli_load_profile(const char *name, nl_profile **out);

/* Parse --color never|always|auto for stdout (auto: a TTY and NO_COLOR unset).
 * Returns -1 for an unknown value. */
int cli_color(const char *when);

/* The staged (index) content of the files staged for commit in the git
 * repository around the current directory: added, copied, modified or renamed
 * files whose names normlint supports (nl_load_supported_name), in git's
 * order. fn gets the path as git names it (relative to the top of the work
 * tree), the blob's bytes and their length; it returns nonzero to stop.
 * Returns NL_EXIT_OK, or NL_EXIT_USAGE after printing a message (not in a git
 * repository, git missing or failing). */
typedef int (*cli_staged_fn)(void *ud, const char *path, const void *data, size_t len);
int cli_staged_inputs(cli_staged_fn fn, void *ud);

/* Run git with argv (argv[0] "git", NULL-terminated; no shell), stdin from
 * /dev/null (staged.c; install-hook uses it too). *out gets its standard
 * output, NUL-terminated (caller frees; *outlen its length). git's reason for
 * failing (its first "fatal:" or "error:" line) goes to why, which also says
 * why git could not be run. Returns git's exit status (0 is success), or -1
 * when git could not be run or read (*out then NULL). */
int cli_git(char **out, size_t *outlen, char *const argv[], char *why, size_t whysize);

#endif
