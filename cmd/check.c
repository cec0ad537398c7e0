/*
 * check.c — `normlint check [PATH...]`: load the rule packs, check every input
 * (or the staged content of a git index with --staged) and report the
 * findings in one or more formats, to standard output or to files written
 * atomically; apply or write a baseline; with --fix, rewrite text files with
 * the mechanical fixes of their findings. Also what `normlint PATH...` runs.
 *
 * Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it
 * (with --fix: that remain unfixed); 3 some input could not be read (it is
 * still reported, the rest are still checked; 3 wins over 1); 2 usage,
 * configuration or rule-pack error, or a file --fix could not rewrite (wins
 * over both).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_OUTPUTS 8

/* One report of the run: a format and where it goes (stdout when path is
 * NULL or "-"; else a file replaced atomically when the run ends). */
typedef struct output {
    const char *format;
    const char *path;
    nl_report *rep;
    nl_atomic *file;
} output;

typedef struct run {
    nl_load_opts lopts;
    nl_check_opts copts;
    const nl_ruleset *rs;
    nl_matcher *m;
    output out[MAX_OUTPUTS];
    size_t nout;
    nl_baseline *baseline;     /* --baseline: findings to set aside */
    nl_baseline *new_baseline; /* --write-baseline: what this run finds */
    nl_severity fail_on;
    const nl_config *cfg;
    int fix;        /* --fix: rewrite text files with their fixes */
    int no_ignore;  /* --no-ignore: check what the config's ignore patterns match */
    const char *stdin_name; /* the name `-` (standard input) is reported under */
    int unreadable, failing, fatal, unfixable;
    size_t docs;    /* checked */
    size_t skipped; /* ignored or not a document to review (each reported) */
    size_t walk_ignored; /* found in folders and ignored by the config (not listed) */
    struct input *inputs;
    size_t ninputs, inputs_cap;
    int jobs;
} run;

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: normlint check [OPTIONS] PATH...   ('-': standard input)\n"
            "       normlint check [OPTIONS] --staged\n"
            "       normlint PATH...\n"
            "\n"
            "Check documents against the rule packs and report the findings.\n"
            "Directories are walked recursively (hidden entries skipped; only\n"
            "supported extensions).\n"
            "\n"
            "Options:\n"
            "  -f, --format FMT[:FILE] report format: %s (default text);\n"
            "                          with :FILE that report goes to FILE; repeatable\n"
            "  -o, --output FILE       write the report (the -f without a FILE) to FILE, not stdout\n"
            "  -j, --jobs N            worker threads that load and check (default: the number of\n"
            "                          cores); the output is the same for every N\n"
            "      --staged            check the staged content of the files staged in git (the\n"
            "                          pre-commit hook); no PATH then\n"
            "      --baseline FILE     do not report the findings recorded in FILE (they are counted)\n"
            "      --write-baseline FILE  record every finding of this run in FILE (they are then\n"
            "                          baselined, so the run passes)\n"
            "      --show-suppressed   text: also list the findings set aside by normlint-disable\n"
            "                          comments or the baseline\n"
            "      --print-config      print the configuration a run would use (config file, profile,\n"
            "                          rule packs, fail-on, baseline, ignore, each rule's severity or off)\n"
            "                          and exit; PATH (optional) says where to look for .normlint.yaml\n"
            "      --stdin-filename NAME  the name a document read from standard input ('-') is\n"
            "                          reported under (and matched against ignore patterns)\n"
            "      --no-ignore         also check the files the ignore patterns of .normlint.yaml match\n"
            "      --fix               rewrite each checked text file in place with the mechanical\n"
            "                          fixes of its reported findings (encoding and line ends kept);\n"
            "                          a diff goes to stderr; the report shows the file as it was\n"
            "  -r, --rules DIR         also load the rule pack DIR (or one YAML file); repeatable\n"
            "      --no-bundled        do not load the bundled rule pack\n"
            "      --fail-on SEV       exit 1 when a finding is at least SEV: error, warning, info\n"
            "                          (default error)\n"
            "      --min-severity SEV  report only findings at least SEV (default info)\n"
            "      --disable ID        turn a rule off (ID, or a family: power.*); repeatable\n"
            "      --enable ID         turn a rule on, also one that is off by default; repeatable\n"
            "  -q, --quiet             text: only the finding lines, no excerpts or summary\n"
            "      --profile NAME      jurisdiction parameters: national (default), a bundled profile\n"
            "                          (normlint profile list) or a file\n"
            "      --as-of DATE        judge citations as of DATE (YYYY-MM-DD) instead of each document's date\n"
            "      --config FILE       project config (default: .normlint.yaml found upward from the input)\n"
            "      --no-config         ignore any .normlint.yaml\n"
            "      --color WHEN        never, always or auto (default; honours NO_COLOR)\n"
            CLI_LOAD_HELP
            "  -h, --help              show this help\n"
            "\n"
            "Suppressions: a comment line '# normlint-disable RULE[,RULE] [reason]' (or //,\n"
            "<!-- --> in XML/HTML, a Word comment in DOCX); -next-line for one line; RULE may\n"
            "be a family (power.*) or *. Suppressed findings are counted in the summary.\n"
            "\n"
            "Exit codes: 0 no finding at or above --fail-on (with --fix: left unfixed),\n"
            "1 findings, 2 usage, configuration or rule-pack error, or a file --fix could\n"
            "not rewrite, 3 some input could not be read.\n",
            nl_report_formats());
}

int cli_color(const char *when)
{
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    if (strcmp(when, "auto") == 0) {
        const char *nc = getenv("NO_COLOR");
        return isatty(STDOUT_FILENO) && !(nc && *nc);
    }
    return -1;
}

/* Print the lines a fix changes as a unified diff, one hunk per line. */
static void print_fix_diff(const char *path, const nl_text_fix *t)
{
    fprintf(stderr, "--- a/%s\n+++ b/%s\n", path, path);
    for (size_t i = 0; i < nl_text_fix_line_count(t); i++) {
        const nl_fix_line *l = nl_text_fix_line(t, i);
        fprintf(stderr, "@@ -%zu +%zu @@\n-%.*s\n+%.*s\n", l->line, l->line, (int)l->before_len, l->before,
                (int)l->after_len, l->after);
    }
}

/* --fix: rewrite the document's file with the fixes of its reported
 * findings, and mark in `fixed` (one byte per reported finding) those that
 * went in. A document that is not a text file is left alone, with a word. */
static void fix_doc(run *r, const nl_doc *doc, const nl_result *res, unsigned char *fixed)
{
    size_t n = nl_result_count(res), with_fix = 0;
    for (size_t i = 0; i < n; i++)
        with_fix += nl_result_finding(res, i)->fix != NULL;
    if (!with_fix)
        return;
    const char *path = nl_doc_path(doc);
    if (strcmp(nl_doc_format(doc), "text") != 0) {
        fprintf(stderr, "normlint: %s: --fix rewrites text files only; use normlint annotate --fix for DOCX\n", path);
        return;
    }
    nl_text_fix *t = NULL;
    nl_error err;
    if (nl_text_fix_prepare(&t, doc, res, r->lopts.encoding, r->lopts.max_size, &err) != NL_OK ||
        (t && nl_text_fix_commit(t, &err) != NL_OK)) {
        cli_error(&err);
        r->unfixable = 1;
        nl_text_fix_free(t);
        return;
    }
    if (!t)
        return;
    print_fix_diff(path, t);
    for (size_t i = 0; i < n; i++)
        fixed[i] = (unsigned char)nl_text_fix_applied(t, i);
    fprintf(stderr, "normlint: fixed %zu finding%s in %s\n", nl_text_fix_count(t), nl_text_fix_count(t) == 1 ? "" : "s",
            path);
    nl_text_fix_free(t);
}

/* Say that writing report o failed, and why: the stream's error (ENOSPC,
   EFBIG, EIO ...) is still in errno. A report file is then not committed. */
static void report_failed(const output *o)
{
    const char *why = strerror(errno ? errno : EIO);
    if (o->file)
        fprintf(stderr, "normlint: %s: cannot write the %s report: %s\n", o->path, o->format, why);
    else
        fprintf(stderr, "normlint: cannot write the %s report to standard output: %s\n", o->format, why);
}

/* Check a loaded document (taken) and hand it to every report. */
/* Report a checked document (both taken): warnings, baseline, --fix, the
   exit status, every report. On the calling thread, in input order. */
static int finish_doc(run *r, nl_doc *doc, nl_result *res)
{
    nl_error err;
    for (size_t i = 0; i < nl_result_warning_count(res); i++)
        fprintf(stderr, "normlint: warning: %s\n", nl_result_warning(res, i));
    r->docs++;
    nl_status st = NL_OK;
    if (r->new_baseline) {
        /* everything found now is recorded, and so baselined at once */
        size_t n = nl_result_count(res);
        unsigned char *all = n ? malloc(n) : NULL;
        if (n && !all)
            st = NL_ERR_NOMEM;
        if (st == NL_OK && (st = nl_baseline_add(r->new_baseline, doc, res)) == NL_OK && n) {
            memset(all, 1, n);
            st = nl_result_set_aside(res, all, NL_SUPPRESS_BASELINE);
        }
        free(all);
    } else if (r->baseline) {
        st = nl_baseline_apply(r->baseline, doc, res);
    }
    /* the report is of the document as it was; only what --fix left counts */
    size_t n = nl_result_count(res);
    unsigned char *fixed = st == NL_OK && r->fix && n ? calloc(n, 1) : NULL;
    if (r->fix && n && !fixed)
        st = NL_ERR_NOMEM;
    if (st != NL_OK) {
        nl_error_set(&err, NL_ERR_NOMEM, nl_doc_path(doc), "out of memory");
        cli_error(&err);
        r->fatal = 1;
    } else if (fixed) {
        fix_doc(r, doc, res, fixed);
    }
    for (size_t i = 0; i < n; i++) {
        if (fixed && fixed[i])
            nl_result_mark_fixed(res, i); /* reported, but no longer failing (every format agrees) */
        else if (nl_result_finding(res, i)->severity >= r->fail_on)
            r->failing = 1;
    }
    free(fixed);
    for (size_t i = 0; i < r->nout && !r->fatal; i++)
        if (nl_report_doc(r->out[i].rep, doc, res) != NL_OK) {
            report_failed(&r->out[i]);
            r->fatal = 1;
        }
    nl_result_free(res);
    nl_doc_free(doc);
    return r->fatal;
}

static int check_doc(run *r, nl_doc *doc)
{
    nl_error err;
    nl_result *res = NULL;
    if (nl_check(&res, r->m, r->rs, doc, &r->copts, &err) != NL_OK) {
        cli_error(&err);
        r->fatal = 1;
        nl_doc_free(doc);
        return 1;
    }
    return finish_doc(r, doc, res);
}

static int unreadable(run *r, const nl_error *err)
{
    cli_error(err);
    r->unreadable = 1;
    for (size_t i = 0; i < r->nout && !r->fatal; i++)
        if (nl_report_unreadable(r->out[i].rep, err) != NL_OK) {
            report_failed(&r->out[i]);
            r->fatal = 1;
        }
    return r->fatal;
}

/* An input that is not checked, said in every report. */
static int skipped(run *r, const char *path, nl_skip why, const char *reason)
{
    r->skipped++;
    for (size_t i = 0; i < r->nout && !r->fatal; i++)
        if (nl_report_skipped(r->out[i].rep, path, why, reason) != NL_OK) {
            report_failed(&r->out[i]);
            r->fatal = 1;
        }
    return r->fatal;
}

/* The sentence for an input the config's ignore pattern `glob` matches. */
static void ignored_reason(char *buf, size_t size, const run *r, const char *glob)
{
    snprintf(buf, size, "与 %s 的 ignore 模式“%s”匹配，未检查（用 --no-ignore 检查）", nl_config_path(r->cfg), glob);
}

/* ---- inputs: listed first, then loaded and checked by -j workers ---- */

typedef struct input {
    char *path;         /* NULL for a walk error */
    nl_error *werr;     /* the walk error (malloc'd) */
    const char *ignore; /* named, and this ignore pattern of the config matches it */
} input;

typedef struct outcome {
    nl_doc *doc;
    nl_result *res;
    nl_error err;
    const char *not_draft; /* state 3: why it is not a document to review */
    int state; /* 0 checked, 1 unreadable, 2 check failed (out of memory), 3 not a document to review */
} outcome;

/* `operand`: the path as named on the command line (only then is an ignored
   file listed); NULL for what a folder walk finds. */
static int add_input(run *r, const char *path, const nl_error *werr, const char *operand)
{
    const char *glob = path && r->cfg && !r->no_ignore ? nl_config_ignore_match(r->cfg, path) : NULL;
    if (glob && !operand) {
        r->walk_ignored++;
        return 0; /* found in a folder, ignored by the project config */
    }
    if (nl_grow((void **)&r->inputs, &r->inputs_cap, r->ninputs, sizeof *r->inputs, 64) != 0)
        return 1;
    input *in = &r->inputs[r->ninputs];
    in->path = path ? strdup(path) : NULL;
    in->werr = NULL;
    in->ignore = glob;
    if (werr && (in->werr = malloc(sizeof *in->werr)))
        *in->werr = *werr;
    if (path ? !in->path : !in->werr)
        return 1;
    r->ninputs++;
    return 0;
}

typedef struct walking {
    run *r;
    const char *operand;
} walking;

static int on_input(void *ud, const char *path, const nl_error *werr)
{
    walking *w = ud;
    /* the walk hands a named file on as the operand itself */
    return add_input(w->r, path, werr, path && strcmp(path, w->operand) == 0 ? w->operand : NULL);
}

static void *thread_init(void *ud)
{
    run *r = ud;
    nl_matcher *m = NULL;
    return nl_matcher_new(&m, r->rs, NULL) == NL_OK ? m : NULL;
}

static void thread_free(void *ud, void *tls)
{
    (void)ud;
    nl_matcher_free(tls);
}

/* `check -`: the document on standard input, named by --stdin-filename. */
static nl_status load_stdin(const run *r, nl_doc **doc, nl_error *err)
{
    char *data = NULL;
    size_t len = 0;
    size_t max = r->lopts.max_size ? r->lopts.max_size : NL_DEFAULT_MAX_SIZE;
    nl_status st = nl_read_stream(stdin, r->stdin_name, "standard input", max, &data, &len, err);
    if (st == NL_OK)
        st = nl_load_memory(doc, r->stdin_name, data, len, &r->lopts, err);
    free(data);
    return st;
}

static void *work(void *ud, void *tls, size_t i)
{
    run *r = ud;
    const input *in = &r->inputs[i];
    outcome *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    if (in->werr) {
        o->err = *in->werr;
        o->state = 1;
    } else if (in->ignore) {
        o->state = 4;
    } else if (!tls) {
        nl_error_set(&o->err, NL_ERR_NOMEM, in->path, "out of memory");
        o->state = 2;
    } else if (strcmp(in->path, "-") == 0 ? load_stdin(r, &o->doc, &o->err) != NL_OK
                                          : nl_load_path(&o->doc, in->path, &r->lopts, &o->err) != NL_OK) {
        o->state = 1;
    } else if ((o->not_draft = nl_doc_not_draft(o->doc)) != NULL) {
        o->state = 3;
    } else if (nl_check(&o->res, tls, r->rs, o->doc, &r->copts, &o->err) != NL_OK) {
        o->state = 2;
    }
    return o;
}

static void discard(void *ud, void *result)
{
    (void)ud;
    outcome *o = result;
    if (o) {
        nl_result_free(o->res);
        nl_doc_free(o->doc);
        free(o);
    }
}

static int consume(void *ud, size_t i, void *result)
{
    run *r = ud;
    outcome *o = result;
    int rc;
    if (!o) {
        nl_error err;
        nl_error_set(&err, NL_ERR_NOMEM, r->inputs[i].path ? r->inputs[i].path : "", "out of memory");
        cli_error(&err);
        r->fatal = 1;
        return 1;
    }
    if (o->state == 1) {
        rc = unreadable(r, &o->err);
    } else if (o->state == 3 || o->state == 4) {
        const char *shown = strcmp(r->inputs[i].path, "-") == 0 ? r->stdin_name : r->inputs[i].path;
        char why[NL_ERROR_MSG_MAX];
        if (o->state == 4)
            ignored_reason(why, sizeof why, r, r->inputs[i].ignore);
        rc = o->state == 3 ? skipped(r, shown, NL_SKIP_NOT_DRAFT, o->not_draft)
                           : skipped(r, shown, NL_SKIP_IGNORED, why);
    } else if (o->state == 2) {
        cli_error(&o->err);
        r->fatal = rc = 1;
    } else {
        rc = finish_doc(r, o->doc, o->res);
        o->doc = NULL;
        o->res = NULL;
    }
    discard(ud, o);
    return rc;
}


static int on_staged(void *ud, const char *path, const void *data, size_t len)
{
    run *r = ud;
    nl_error err;
    nl_doc *doc = NULL;
    const char *glob = r->cfg && !r->no_ignore ? nl_config_ignore_match(r->cfg, path) : NULL;
    if (glob) {
        char why[NL_ERROR_MSG_MAX];
        ignored_reason(why, sizeof why, r, glob);
        return skipped(r, path, NL_SKIP_IGNORED, why);
    }
    if (nl_load_memory(&doc, path, data, len, &r->lopts, &err) != NL_OK)
        return unreadable(r, &err);
    const char *not_draft = nl_doc_not_draft(doc);
    if (not_draft) {
        nl_doc_free(doc);
        return skipped(r, path, NL_SKIP_NOT_DRAFT, not_draft);
    }
    return check_doc(r, doc);
}

/* -f FMT or -f FMT:FILE */
static int add_output(run *r, const char *arg)
{
    if (r->nout == MAX_OUTPUTS) {
        cli_usage_error("check", "at most %d --format options", MAX_OUTPUTS);
        return 0;
    }
    output *o = &r->out[r->nout++];
    const char *colon = strchr(arg, ':');
    o->format = arg;
    o->path = NULL;
    if (colon) {
        static char names[MAX_OUTPUTS][32];
        size_t n = (size_t)(colon - arg);
        if (n >= sizeof names[0] || !colon[1]) {
            cli_usage_error("check", "--format needs FMT or FMT:FILE, not '%s'", arg);
            return 0;
        }
        memcpy(names[r->nout - 1], arg, n);
        names[r->nout - 1][n] = '\0';
        o->format = names[r->nout - 1];
        o->path = colon + 1;
    }
    return 1;
}

/* Give each report its stream (stdout, or a temporary file next to its
 * FILE). 0 after a message. */
static int open_outputs(run *r, const char *output_path, nl_report_opts ropts, const char *color)
{
    if (r->nout == 0)
        r->out[r->nout++] = (output){"text", NULL, NULL, NULL};
    size_t to_stdout = 0, took = 0;
    for (size_t i = 0; i < r->nout; i++) {
        if (!r->out[i].path) {
            r->out[i].path = output_path;
            took = 1;
        }
        if (!r->out[i].path || strcmp(r->out[i].path, "-") == 0)
            to_stdout++;
        for (size_t j = 0; j < i; j++)
            if (r->out[i].path && r->out[j].path && strcmp(r->out[i].path, r->out[j].path) == 0 &&
                strcmp(r->out[i].path, "-") != 0) {
                cli_usage_error("check", "two reports would be written to %s", r->out[i].path);
                return 0;
            }
    }
    if (output_path && !took) {
        cli_usage_error("check", "--output %s has no report to take: every --format names its FILE", output_path);
        return 0;
    }
    if (to_stdout > 1) {
        cli_usage_error("check", "%zu reports would go to standard output: give each format its FILE "
                        "(-f sarif:normlint.sarif)", to_stdout);
        return 0;
    }
    nl_error err;
    for (size_t i = 0; i < r->nout; i++) {
        output *o = &r->out[i];
        FILE *f = stdout;
        nl_report_opts ro = ropts;
        if (o->path && strcmp(o->path, "-") != 0) {
            ro.color = strcmp(color, "always") == 0;
            if (nl_atomic_open(&o->file, o->path, &err) != NL_OK) {
                cli_error(&err);
                return 0;
            }
            f = nl_atomic_stream(o->file);
        }
        if (nl_report_new(&o->rep, o->format, f, &ro, &err) != NL_OK) {
            cli_usage_error("check", "%s", err.message);
            return 0;
        }
    }
    return 1;
}

/* Finish every report; commit the files when all went well, else remove the
 * temporary files (an existing FILE is then left as it was). */
static int close_outputs(run *r, int keep)
{
    int ok = 1;
    nl_error err;
    for (size_t i = 0; i < r->nout; i++) {
        output *o = &r->out[i];
        if (!keep) {
            nl_report_discard(o->rep);
        } else if (o->rep && nl_report_finish(o->rep) != NL_OK) {
            report_failed(o);
            ok = 0;
        }
        o->rep = NULL;
    }
    for (size_t i = 0; i < r->nout; i++) {
        output *o = &r->out[i];
        if (!o->file)
            continue;
        if (ok && keep) {
            if (nl_atomic_commit(o->file, &err) != NL_OK) {
                cli_error(&err);
                ok = 0;
            }
        } else {
            nl_atomic_abort(o->file);
        }
        o->file = NULL;
    }
    return ok;
}

static int write_baseline(const nl_baseline *b, const char *path, size_t docs)
{
    cli_out out;
    FILE *f = cli_out_open(&out, path);
    if (!f)
        return 0;
    if (nl_baseline_write(b, f) != NL_OK) {
        int e = errno ? errno : EIO;
        cli_out_close(&out, 0);
        fprintf(stderr, "normlint: %s: cannot write the baseline: %s\n", path, strerror(e));
        return 0;
    }
    if (!cli_out_close(&out, 1))
        return 0;
    fprintf(stderr, "normlint: wrote %s: %zu finding%s of %zu document%s\n", path, nl_baseline_count(b),
            nl_baseline_count(b) == 1 ? "" : "s", docs, docs == 1 ? "" : "s");
    return 1;
}

/* --print-config: what a run from here would use, as YAML, and why. */
static int print_config(const nl_config *cfg, const nl_profile *profile, const nl_ruleset *rs, const cli_rule_opts *ro,
                        nl_severity fail_on, int fail_on_given, const char *baseline, const char *write_baseline)
{
    char bundled[4096];
    printf("# the configuration normlint check uses here (--print-config)\n");
    printf("config: %s\n", cfg ? nl_config_path(cfg) : "null  # no .normlint.yaml found");
    printf("profile: %s  # %s\n", profile ? nl_profile_name(profile) : "builtin",
           profile ? nl_profile_title(profile) : "built-in defaults");
    printf("rule-packs:\n");
    if (!ro->no_bundled && cli_bundled_rules(bundled, sizeof bundled))
        printf("  - %s  # bundled\n", bundled);
    for (size_t i = 0; i < ro->npacks; i++)
        printf("  - %s\n", ro->packs[i]);
    printf("fail-on: %s  # %s\n", nl_severity_name(fail_on),
           fail_on_given ? "--fail-on" : cfg && nl_config_fail_on(cfg, &(nl_severity){0}) ? ".normlint.yaml" : "default");
    if (write_baseline)
        printf("write-baseline: %s  # --write-baseline\n", write_baseline);
    else if (baseline)
        printf("baseline: %s  # %s\n", baseline, cfg && baseline == nl_config_baseline(cfg) ? ".normlint.yaml" : "--baseline");
    else
        printf("baseline: null\n");
    printf("ignore:%s\n", cfg && nl_config_ignore_count(cfg) ? "" : " []");
    for (size_t i = 0; cfg && i < nl_config_ignore_count(cfg); i++)
        printf("  - '%s'\n", nl_config_ignore(cfg, i));
    printf("rules:  # %zu loaded: the severity of each, or off\n", nl_ruleset_count(rs));
    for (size_t i = 0; i < nl_ruleset_count(rs); i++) {
        const nl_rule *rule = nl_ruleset_rule(rs, i);
        printf("  %s: %s\n", nl_rule_id(rule), nl_rule_enabled(rule) ? nl_severity_name(nl_rule_severity(rule)) : "off");
    }
    return fflush(stdout) == 0 && !ferror(stdout) ? NL_EXIT_OK : NL_EXIT_USAGE;
}

/* The folder a baseline's paths are relative to: the top of the git work
   tree its file is in, else the file's folder (which may not exist: writing
   the baseline then says why). */
static void baseline_root(const char *file, char *buf, size_t size)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        snprintf(buf, size, ".");
    else if (slash == file)
        snprintf(buf, size, "/");
    else
        snprintf(buf, size, "%.*s", (int)(slash - file), file);
    struct stat sb;
    if (stat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return;
    char *top = NULL, why[256];
    size_t tlen = 0;
    char *const git_top[] = {"git", "-C", buf, "rev-parse", "--show-toplevel", NULL};
    if (cli_git(&top, &tlen, git_top, why, sizeof why) == 0 && tlen > 1) {
        top[strcspn(top, "\n")] = '\0';
        snprintf(buf, size, "%s", top);
    }
    free(top);
}

static int parse_severity(const char *opt, const char *v, nl_severity *out)
{
    if (!nl_severity_parse(v, out)) {
        cli_usage_error("check", "%s needs error, warning or info, not '%s'", opt, v);
        return 0;
    }
    return 1;
}

/* What the command line says beyond what the run itself keeps (run). */
typedef struct check_args {
    const char *output_path;         /* -o: where the report without a FILE goes */
    const char *baseline_path;       /* --baseline, else the config's */
    const char *write_baseline_path; /* --write-baseline */
    const char *color;               /* --color: never, always or auto */
    int staged, fail_on_given, print_config_only;
    cli_rule_opts ro;
    nl_report_opts ropts;
    char **paths; /* the PATH operands, npaths of them */
    int npaths;
} check_args;

enum { O_FAIL_ON = 256, O_MIN_SEV, O_COLOR, O_AS_OF, O_STAGED, O_BASELINE, O_WRITE_BASELINE,
       O_SHOW_SUPPRESSED, O_FIX, O_NO_IGNORE, O_STDIN_FILENAME, O_PRINT_CONFIG };
static const struct option check_longopts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"staged", no_argument, NULL, O_STAGED},
    {"baseline", required_argument, NULL, O_BASELINE},
    {"write-baseline", required_argument, NULL, O_WRITE_BASELINE},
    {"show-suppressed", no_argument, NULL, O_SHOW_SUPPRESSED},
    {"fix", no_argument, NULL, O_FIX},
    {"no-ignore", no_argument, NULL, O_NO_IGNORE},
    {"stdin-filename", required_argument, NULL, O_STDIN_FILENAME},
    {"print-config", no_argument, NULL, O_PRINT_CONFIG},
    {"jobs", required_argument, NULL, 'j'},
    {"fail-on", required_argument, NULL, O_FAIL_ON},
    {"min-severity", required_argument, NULL, O_MIN_SEV},
    {"quiet", no_argument, NULL, 'q'},
    {"color", required_argument, NULL, O_COLOR},
    {"colour", required_argument, NULL, O_COLOR},
    {"as-of", required_argument, NULL, O_AS_OF},
    CLI_RULE_LONGOPTS,
    CLI_LOAD_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Read the options into r and a; the operands are left from optind on.
   -1 to go on, else the exit code to return at once (after a usage error,
   or after --help). */
static int read_options(run *r, check_args *a, int argc, char **argv)
{
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:o:r:j:qh", check_longopts, NULL)) != -1) {
        int took = cli_load_option("check", c, optarg, &r->lopts);
        if (!took)
            took = cli_rule_option("check", c, optarg, &a->ro);
        if (took < 0)
            return NL_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case 'f':
            if (!add_output(r, optarg))
                return NL_EXIT_USAGE;
            break;
        case 'o': a->output_path = optarg; break;
        case O_STAGED: a->staged = 1; break;
        case O_BASELINE: a->baseline_path = optarg; break;
        case O_WRITE_BASELINE: a->write_baseline_path = optarg; break;
        case O_SHOW_SUPPRESSED: a->ropts.show_suppressed = 1; break;
        case O_FIX: r->fix = 1; break;
        case O_NO_IGNORE: r->no_ignore = 1; break;
        case O_STDIN_FILENAME: r->stdin_name = optarg; break;
        case O_PRINT_CONFIG: a->print_config_only = 1; break;
        case 'j':
            if (!cli_parse_jobs("check", optarg, &r->jobs))
                return NL_EXIT_USAGE;
            break;
        case O_FAIL_ON:
            if (!parse_severity("--fail-on", optarg, &r->fail_on))
                return NL_EXIT_USAGE;
            a->fail_on_given = 1;
            break;
        case O_MIN_SEV:
            if (!parse_severity("--min-severity", optarg, &r->copts.min_severity))
                return NL_EXIT_USAGE;
            break;
        case 'q': a->ropts.quiet = 1; break;
        case O_AS_OF:
            if (!cli_parse_as_of("check", optarg, &r->copts.as_of))
                return NL_EXIT_USAGE;
            break;
        case O_COLOR: a->color = optarg; break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            return cli_bad_option("check", argv);
        }
    }
    return -1;
}

/* Read the command line into r and a (both set up here) and check that its
   options go together. -1 to go on, else the exit code to return at once
   (nothing is held yet). */
static int parse_args(run *r, check_args *a, int argc, char **argv)
{
    memset(r, 0, sizeof *r);
    r->fail_on = NL_SEV_ERROR;
    r->jobs = cli_default_jobs();
    r->copts.min_severity = NL_SEV_INFO;
    memset(a, 0, sizeof *a);
    a->color = "auto";
    int rc = read_options(r, a, argc, argv);
    if (rc >= 0)
        return rc;
    a->paths = argv + optind;
    a->npaths = argc - optind;
    if (!r->stdin_name)
        r->stdin_name = "<stdin>";
    a->ropts.fail_on_set = 1;
    a->ropts.fail_on = r->fail_on;
    if ((a->ropts.color = cli_color(a->color)) < 0) {
        cli_usage_error("check", "--color needs never, always or auto, not '%s'", a->color);
        return NL_EXIT_USAGE;
    }
    if (a->staged && r->fix) {
        cli_usage_error("check", "--fix rewrites files in the work tree, not the staged content: drop --staged");
        return NL_EXIT_USAGE;
    }
    for (int i = 0; r->fix && i < a->npaths; i++)
        if (strcmp(a->paths[i], "-") == 0) {
            cli_usage_error("check", "--fix rewrites files; standard input ('-') has none to rewrite");
            return NL_EXIT_USAGE;
        }
    if (a->staged && a->npaths > 0) {
        cli_usage_error("check", "--staged checks the git index: name no PATH with it");
        return NL_EXIT_USAGE;
    }
    if (!a->staged && a->npaths == 0 && !a->print_config_only) {
        cli_usage_error("check", "no input: name at least one file or directory");
        return NL_EXIT_USAGE;
    }
    return -1;
}

/* Where the project config is looked for (upward), into start: from the
   first input; for standard input, from the folder of the name it is given;
   for the staged files, from the top of the work tree (their paths are
   relative to it). */
static void config_start(const run *r, const check_args *a, char *start, size_t size)
{
    snprintf(start, size, "%s", a->staged || a->npaths == 0 ? "." : a->paths[0]);
    if (!a->staged && strcmp(start, "-") == 0) {
        /* standard input: the config around the name it is given, else here */
        const char *slash = r->stdin_name ? strrchr(r->stdin_name, '/') : NULL;
        if (slash)
            snprintf(start, size, "%.*s", (int)(slash - r->stdin_name), r->stdin_name);
        else
            snprintf(start, size, ".");
    }
    if (a->staged) {
        char *top = NULL, why[256];
        size_t tlen = 0;
        char *const git_top[] = {"git", "rev-parse", "--show-toplevel", NULL};
        if (cli_git(&top, &tlen, git_top, why, sizeof why) == 0 && tlen > 1) {
            top[strcspn(top, "\n")] = '\0';
            snprintf(start, size, "%s", top);
        }
        free(top);
    }
}

/* --baseline: load it into r->baseline; --write-baseline: start
   r->new_baseline (both freed with the run). Baseline paths are relative to
   the repository (or the baseline's folder); the staged paths git names
   start from the top of the tree, `start`. 0 after a message. */
static int open_baselines(run *r, const check_args *a, const char *start)
{
    nl_error err;
    char bl_root[4096];
    if (a->baseline_path)
        baseline_root(a->baseline_path, bl_root, sizeof bl_root);
    if (a->baseline_path &&
        nl_baseline_load(&r->baseline, a->baseline_path, bl_root, a->staged ? start : NULL, &err) != NL_OK) {
        cli_error(&err);
        return 0;
    }
    if (a->write_baseline_path)
        baseline_root(a->write_baseline_path, bl_root, sizeof bl_root);
    if (a->write_baseline_path && nl_baseline_new(&r->new_baseline, bl_root, a->staged ? start : NULL) != NL_OK) {
        fprintf(stderr, "normlint: out of memory\n");
        return 0;
    }
    return 1;
}

/* --staged: check the staged files as git hands them over, here, with the
   matcher r->m (freed with the run). 0 after a message when there is no
   matcher; a failure of git or of a report sets r->fatal. */
static int check_staged(run *r, nl_ruleset *rs)
{
    nl_error err;
    cli_prepare_rules(rs, 0);
    if (nl_matcher_new(&r->m, rs, &err) != NL_OK) {
        cli_error(&err);
        return 0;
    }
    if (cli_staged_inputs(on_staged, r) != NL_EXIT_OK)
        r->fatal = 1;
    return 1;
}

/* List the operands as r->inputs: standard input ('-', named at most once)
   as one document, every other operand walked. 0 after a usage error; out
   of memory sets r->fatal, after a message. */
static int collect_inputs(run *r, const check_args *a)
{
    nl_error err;
    int stdins = 0;
    for (int i = 0; i < a->npaths; i++)
        stdins += strcmp(a->paths[i], "-") == 0;
    if (stdins > 1) {
        cli_usage_error("check", "standard input ('-') can be named once");
        return 0;
    }
    for (int i = 0; i < a->npaths && !r->fatal; i++)
        if (strcmp(a->paths[i], "-") == 0) {
            /* standard input: one document, named by --stdin-filename */
            const char *glob = r->cfg && !r->no_ignore ? nl_config_ignore_match(r->cfg, r->stdin_name) : NULL;
            if (add_input(r, "-", NULL, "-") != 0) {
                fprintf(stderr, "normlint: out of memory\n");
                r->fatal = 1;
            } else if (glob) {
                r->inputs[r->ninputs - 1].ignore = glob;
            }
        } else if (nl_walk(a->paths[i], on_input, &(walking){r, a->paths[i]}) != NL_OK) {
            nl_error_set(&err, NL_ERR_NOMEM, a->paths[i], "out of memory while listing inputs");
            cli_error(&err);
            r->fatal = 1;
        }
    return 1;
}

/* Load and check r->inputs on r->jobs workers; reports, baseline and fixes
   happen here, in input order, so every -j gives the same output. Sets
   r->fatal when the threads cannot start. */
static void check_inputs(run *r, nl_ruleset *rs)
{
    cli_prepare_rules(rs, r->ninputs);
    cli_pool_spec ps = {.n = r->ninputs, .threads = r->jobs, .window = 4 * (size_t)r->jobs, .ud = r,
                        .thread_init = thread_init, .thread_free = thread_free, .work = work,
                        .consume = consume, .discard = discard};
    if (cli_pool_run(&ps) < 0) {
        fprintf(stderr, "normlint: cannot start the worker threads\n");
        r->fatal = 1;
    }
}

/* The end of a run: a word when no document was checked, the new baseline
   written, the reports finished (their files committed only when all went
   well). Returns the exit code. */
static int finish_run(run *r, const check_args *a)
{
    if (!r->fatal && r->docs == 0 && !r->unreadable && (!a->staged || r->skipped))
        fprintf(stderr, "normlint: no document was checked (%zu not checked, %zu ignored in folders)\n", r->skipped,
                r->walk_ignored);
    if (a->write_baseline_path && !r->fatal) {
        if (!write_baseline(r->new_baseline, a->write_baseline_path, r->docs))
            r->fatal = 1;
    }
    if (!close_outputs(r, !r->fatal))
        r->fatal = 1;
    return r->fatal || r->unfixable ? NL_EXIT_USAGE
           : r->unreadable          ? NL_EXIT_UNREADABLE
           : r->failing             ? NL_EXIT_FINDINGS
                                    : NL_EXIT_OK;
}

/* Free what the run holds: the inputs, the reports not finished (their
   temporary files removed), the baselines and the staged files' matcher. */
static void free_run(run *r)
{
    for (size_t i = 0; i < r->ninputs; i++) {
        free(r->inputs[i].path);
        free(r->inputs[i].werr);
    }
    free(r->inputs);
    close_outputs(r, 0);
    nl_baseline_free(r->baseline);
    nl_baseline_free(r->new_baseline);
    nl_matcher_free(r->m);
}

int cmd_check(int argc, char **argv)
{
    run r;
    check_args a;
    int rc = parse_args(&r, &a, argc, argv);
    if (rc >= 0)
        return rc;
    rc = NL_EXIT_USAGE;
    nl_ruleset *rs = NULL;
    nl_config *cfg = NULL;
    nl_profile *profile = NULL;
    char start[4096];
    config_start(&r, &a, start, sizeof start);
    if (cli_rule_setup("check", &a.ro, start, &cfg, &profile, &rs) != NL_EXIT_OK)
        goto done;
    r.copts.profile = profile;
    a.ropts.rules = rs;
    /* the config's baseline and fail-on, unless the command line says */
    if (cfg && !a.baseline_path && !a.write_baseline_path)
        a.baseline_path = nl_config_baseline(cfg);
    if (cfg && !a.fail_on_given)
        nl_config_fail_on(cfg, &r.fail_on);
    a.ropts.fail_on = r.fail_on;
    if (a.print_config_only) {
        rc = print_config(cfg, profile, rs, &a.ro, r.fail_on, a.fail_on_given, a.baseline_path,
                          a.write_baseline_path);
        goto done;
    }
    if (!open_baselines(&r, &a, start) || !open_outputs(&r, a.output_path, a.ropts, a.color))
        goto done;
    r.rs = rs;
    r.cfg = cfg;
    if (a.staged && !check_staged(&r, rs))
        goto done;
    if (!collect_inputs(&r, &a))
        goto done;
    if (!r.fatal)
        check_inputs(&r, rs);
    rc = finish_run(&r, &a);
done:
    free_run(&r);
    nl_ruleset_free(rs);
    nl_profile_free(profile);
    nl_config_free(cfg);
    return rc;
}
