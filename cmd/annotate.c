/*
 * annotate.c — `normlint annotate IN.docx [-o OUT.docx]`: check a Word draft
 * and write a copy with one comment per finding (and, with --fix, the
 * mechanical fixes as tracked changes). The input is never modified; OUT is
 * written to a temporary file next to it and renamed, and an existing OUT is
 * replaced only with --force.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("Usage: normlint annotate [OPTIONS] IN.docx\n"
          "\n"
          "Check a DOCX draft and write a copy with one Word comment per finding,\n"
          "anchored on the matched text (author normlint, with severity, title,\n"
          "message, 依据 and 建议). Comments of an earlier run are replaced, so\n"
          "annotating the result again does not duplicate them. Every part of the\n"
          "document that does not change is copied as it is.\n"
          "\n"
          "Options:\n"
          "  -o, --output FILE       the copy to write (default IN.reviewed.docx)\n"
          "      --force             replace FILE when it exists\n"
          "      --fix               also write the fixes of rules that declare one (文号\n"
          "                          brackets, 成文日期, half-width punctuation) as tracked\n"
          "                          changes to accept or reject in Word\n"
          "      --author NAME       author of the comments and changes (default normlint)\n"
          "  -r, --rules DIR         also load the rule pack DIR (or one YAML file); repeatable\n"
          "      --no-bundled        do not load the bundled rule pack\n"
          "      --disable ID        turn a rule off (ID, or a family: power.*); repeatable\n"
          "      --enable ID         turn a rule on; repeatable\n"
          "      --min-severity SEV  annotate only findings at least SEV (default info)\n"
          "      --profile NAME      jurisdiction parameters: national (default), a bundled profile\n"
            "                          (normlint profile list) or a file\n"
          "      --config FILE       project config (default: .normlint.yaml found upward from IN)\n"
          "      --no-config         ignore any .normlint.yaml\n" CLI_LOAD_HELP
          "  -h, --help              show this help\n"
          "\n"
          "The comment date is the current time (SOURCE_DATE_EPOCH when set).\n"
          "\n"
          "Exit codes: 0 written, no finding; 1 written, with findings; 2 usage error,\n"
          "rule-pack error, or the copy cannot be written; 3 IN cannot be read.\n",
          f);
}

/* IN.docx -> IN.reviewed.docx */
static void default_output(const char *in, char *buf, size_t size)
{
    size_t n = strlen(in);
    const char *dot = strrchr(in, '.'), *slash = strrchr(in, '/');
    if (dot && (!slash || dot > slash))
        n = (size_t)(dot - in);
    snprintf(buf, size, "%.*s.reviewed%s", (int)n, in, dot && (!slash || dot > slash) ? dot : ".docx");
}

/* What the command line says. */
typedef struct annotate_args {
    const char *in;     /* IN.docx */
    const char *output; /* -o, else outbuf */
    char outbuf[4096];  /* the default copy, IN.reviewed.docx */
    char date[32];      /* the comments' date from SOURCE_DATE_EPOCH */
    int force;
    cli_rule_opts ro;
    nl_load_opts lopts;
    nl_check_opts copts;
    nl_annotate_opts aopts;
} annotate_args;

enum { O_FORCE = 256, O_FIX, O_AUTHOR, O_MIN_SEV };
static const struct option annotate_longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"force", no_argument, NULL, O_FORCE},
    {"fix", no_argument, NULL, O_FIX},
    {"author", required_argument, NULL, O_AUTHOR},
    {"min-severity", required_argument, NULL, O_MIN_SEV},
    CLI_RULE_LONGOPTS,
    CLI_LOAD_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Read the options into a; the operands are left from optind on. -1 to go
   on, else the exit code to return at once (after a usage error, or after
   --help). */
static int read_options(annotate_args *a, int argc, char **argv)
{
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:r:h", annotate_longopts, NULL)) != -1) {
        int took = cli_load_option("annotate", c, optarg, &a->lopts);
        if (!took)
            took = cli_rule_option("annotate", c, optarg, &a->ro);
        if (took < 0)
            return NL_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case 'o': a->output = optarg; break;
        case O_FORCE: a->force = 1; break;
        case O_FIX: a->aopts.fix = 1; break;
        case O_AUTHOR: a->aopts.author = optarg; break;
        case O_MIN_SEV:
            if (!nl_severity_parse(optarg, &a->copts.min_severity)) {
                cli_usage_error("annotate", "--min-severity needs error, warning or info, not '%s'", optarg);
                return NL_EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            return cli_bad_option("annotate", argv);
        }
    }
    return -1;
}

/* Read the command line into a (set up here): one DOCX, and a copy to
   write that is not the input and, without --force, does not exist. -1 to
   go on, else the exit code to return at once (nothing is held yet). */
static int parse_args(annotate_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->copts.min_severity = NL_SEV_INFO;
    int rc = read_options(a, argc, argv);
    if (rc >= 0)
        return rc;
    if (optind + 1 != argc) {
        cli_usage_error("annotate", optind >= argc ? "name the DOCX to annotate" : "annotate takes one DOCX at a time");
        return NL_EXIT_USAGE;
    }
    a->in = argv[optind];
    if (!a->output) {
        default_output(a->in, a->outbuf, sizeof a->outbuf);
        a->output = a->outbuf;
    }
    struct stat si, so;
    if (stat(a->in, &si) == 0 && stat(a->output, &so) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
        cli_usage_error("annotate", "the copy would replace the input %s; name another --output", a->in);
        return NL_EXIT_USAGE;
    }
    if (!a->force && stat(a->output, &so) == 0) {
        fprintf(stderr, "normlint: %s exists; use --force to replace it\n", a->output);
        return NL_EXIT_USAGE;
    }
    return -1;
}

/* Reproducible builds' convention: SOURCE_DATE_EPOCH, when set and valid,
   as the comments' date in buf; returns buf, or NULL (the current time). */
static const char *source_date(char *buf, size_t size)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde)
        return NULL;
    char *end;
    long long v = strtoll(sde, &end, 10);
    struct tm tm;
    time_t t = (time_t)v;
    if (!*end && v >= 0 && gmtime_r(&t, &tm) && strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return buf;
    return NULL;
}

/* Write the annotated copy to `output` through a temporary file renamed
   over it. 0 after a message (the temporary file removed). */
static int write_copy(const char *output, const unsigned char *data, size_t len)
{
    nl_error err;
    nl_atomic *af = NULL;
    if (nl_atomic_open(&af, output, &err) != NL_OK) {
        cli_error(&err);
        return 0;
    }
    if (fwrite(data, 1, len, nl_atomic_stream(af)) != len) {
        int e = errno ? errno : EIO;
        nl_atomic_abort(af);
        fprintf(stderr, "normlint: %s: cannot write the annotated copy: %s\n", output, strerror(e));
        return 0;
    }
    if (nl_atomic_commit(af, &err) != NL_OK) {
        cli_error(&err);
        return 0;
    }
    return 1;
}

/* The line saying what the copy holds: comments, fixes, comments replaced. */
static void print_summary(const char *output, const nl_annotate_stats *st, int fix)
{
    printf("%s: %zu 条批注", output, st->comments);
    if (st->comments)
        printf("（%zu 条标在相应文字上）", st->on_text);
    if (fix)
        printf("，%zu 处修订", st->fixes);
    if (st->replaced)
        printf("，替换了上次的 %zu 条批注", st->replaced);
    printf("。\n");
}

int cmd_annotate(int argc, char **argv)
{
    annotate_args a;
    int rc = parse_args(&a, argc, argv);
    if (rc >= 0)
        return rc;
    rc = NL_EXIT_USAGE;
    nl_error err;
    nl_config *cfg = NULL;
    nl_profile *profile = NULL;
    nl_ruleset *rs = NULL;
    nl_matcher *m = NULL;
    nl_result *res = NULL;
    char *data = NULL;
    unsigned char *outdata = NULL;
    size_t len = 0, outlen = 0;
    if (cli_rule_setup("annotate", &a.ro, a.in, &cfg, &profile, &rs) != NL_EXIT_OK)
        goto done;
    a.copts.profile = profile;
    a.aopts.date = source_date(a.date, sizeof a.date);
    cli_prepare_rules(rs, 1);
    if (nl_matcher_new(&m, rs, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    nl_annotate_stats st;
    size_t max = a.lopts.max_size ? a.lopts.max_size : NL_DEFAULT_MAX_SIZE;
    if (nl_read_file(a.in, NULL, max, &data, &len, &err) != NL_OK ||
        nl_annotate_docx((const unsigned char *)data, len, a.in, rs, m, &a.copts, &a.lopts, &a.aopts, &outdata,
                         &outlen, &res, &st, &err) != NL_OK) {
        cli_error(&err);
        rc = err.status == NL_ERR_NOMEM ? NL_EXIT_USAGE : NL_EXIT_UNREADABLE;
        goto done;
    }
    for (size_t i = 0; i < nl_result_warning_count(res); i++)
        fprintf(stderr, "normlint: warning: %s\n", nl_result_warning(res, i));
    if (!write_copy(a.output, outdata, outlen))
        goto done;
    print_summary(a.output, &st, a.aopts.fix);
    rc = nl_result_count(res) ? NL_EXIT_FINDINGS : NL_EXIT_OK;
done:
    free(data);
    free(outdata);
    nl_result_free(res);
    nl_matcher_free(m);
    nl_ruleset_free(rs);
    nl_profile_free(profile);
    nl_config_free(cfg);
    return rc;
}
