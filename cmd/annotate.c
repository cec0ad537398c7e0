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

int cmd_annotate(int argc, char **argv)
{
    enum { O_FORCE = 256, O_FIX, O_AUTHOR, O_MIN_SEV };
    static const struct option longopts[] = {
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
    const char *output = NULL;
    int force = 0, c;
    cli_rule_opts ro;
    memset(&ro, 0, sizeof ro);
    nl_load_opts lopts;
    nl_check_opts copts;
    nl_annotate_opts aopts = {NULL, NULL, 0};
    memset(&lopts, 0, sizeof lopts);
    memset(&copts, 0, sizeof copts);
    copts.min_severity = NL_SEV_INFO;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:r:h", longopts, NULL)) != -1) {
        int took = cli_load_option("annotate", c, optarg, &lopts);
        if (!took)
            took = cli_rule_option("annotate", c, optarg, &ro);
        if (took < 0)
            return NL_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case 'o': output = optarg; break;
        case O_FORCE: force = 1; break;
        case O_FIX: aopts.fix = 1; break;
        case O_AUTHOR: aopts.author = optarg; break;
        case O_MIN_SEV:
            if (!nl_severity_parse(optarg, &copts.min_severity)) {
                cli_usage_error("annotate", "--min-severity needs error, warning or info, not '%s'", optarg);
                return NL_EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            if (optopt)
                cli_usage_error("annotate", "option '-%c' is unknown or needs a value", optopt);
            else
                cli_usage_error("annotate", "unknown or incomplete option '%s'", argv[optind - 1]);
            return NL_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        cli_usage_error("annotate", optind >= argc ? "name the DOCX to annotate" : "annotate takes one DOCX at a time");
        return NL_EXIT_USAGE;
    }
    const char *in = argv[optind];
    char outbuf[4096];
    if (!output) {
        default_output(in, outbuf, sizeof outbuf);
        output = outbuf;
    }
    struct stat si, so;
    if (stat(in, &si) == 0 && stat(output, &so) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
        cli_usage_error("annotate", "the copy would replace the input %s; name another --output", in);
        return NL_EXIT_USAGE;
    }
    if (!force && stat(output, &so) == 0) {
        fprintf(stderr, "normlint: %s exists; use --force to replace it\n", output);
        return NL_EXIT_USAGE;
    }

    int rc = NL_EXIT_USAGE;
    nl_error err;
    nl_config *cfg = NULL;
    nl_profile *profile = NULL;
    nl_ruleset *rs = NULL;
    nl_matcher *m = NULL;
    nl_result *res = NULL;
    char *data = NULL;
    unsigned char *outdata = NULL;
    size_t len = 0, outlen = 0;
    if (cli_rule_setup("annotate", &ro, in, &cfg, &profile, &rs) != NL_EXIT_OK)
        goto done;
    copts.profile = profile;
    /* reproducible builds' convention: the comments' date, when set */
    char sde_date[32];
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        struct tm tm;
        time_t t = (time_t)v;
        if (!*end && v >= 0 && gmtime_r(&t, &tm) && strftime(sde_date, sizeof sde_date, "%Y-%m-%dT%H:%M:%SZ", &tm))
            aopts.date = sde_date;
    }
    cli_prepare_rules(rs, 1);
    if (nl_matcher_new(&m, rs, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    nl_annotate_stats st;
    if (nl_read_file(in, NULL, lopts.max_size ? lopts.max_size : NL_DEFAULT_MAX_SIZE, &data, &len, &err) != NL_OK ||
        nl_annotate_docx((const unsigned char *)data, len, in, rs, m, &copts, &lopts, &aopts, &outdata, &outlen, &res,
                         &st, &err) != NL_OK) {
        cli_error(&err);
        rc = err.status == NL_ERR_NOMEM ? NL_EXIT_USAGE : NL_EXIT_UNREADABLE;
        goto done;
    }
    for (size_t i = 0; i < nl_result_warning_count(res); i++)
        fprintf(stderr, "normlint: warning: %s\n", nl_result_warning(res, i));
    nl_atomic *af = NULL;
    if (nl_atomic_open(&af, output, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    if (fwrite(outdata, 1, outlen, nl_atomic_stream(af)) != outlen) {
        int e = errno ? errno : EIO;
        nl_atomic_abort(af);
        fprintf(stderr, "normlint: %s: cannot write the annotated copy: %s\n", output, strerror(e));
        goto done;
    }
    if (nl_atomic_commit(af, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    printf("%s: %zu 条批注", output, st.comments);
    if (st.comments)
        printf("（%zu 条标在相应文字上）", st.on_text);
    if (aopts.fix)
        printf("，%zu 处修订", st.fixes);
    if (st.replaced)
        printf("，替换了上次的 %zu 条批注", st.replaced);
    printf("。\n");
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
