/*
 * check.c — `normlint check [PATH...]`: load the rule packs, check every input
 * and report the findings (text or JSON). Also what `normlint PATH...` runs.
 *
 * Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
 * 3 some input could not be read (it is still reported, the rest are still
 * checked; 3 wins over 1); 2 usage, configuration or rule-pack error (wins
 * over both).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_PACKS 64

typedef struct run {
    nl_load_opts lopts;
    nl_check_opts copts;
    const nl_ruleset *rs;
    nl_matcher *m;
    nl_report *rep;
    nl_severity fail_on;
    const nl_config *cfg;
    int unreadable, failing, fatal;
} run;

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: normlint check [OPTIONS] PATH...\n"
            "       normlint PATH...\n"
            "\n"
            "Check documents against the rule packs and report the findings.\n"
            "Directories are walked recursively (hidden entries skipped; only\n"
            "supported extensions).\n"
            "\n"
            "Options:\n"
            "  -f, --format FMT        report format: %s (default text)\n"
            "  -r, --rules DIR         also load the rule pack DIR (or one YAML file); repeatable\n"
            "      --no-bundled        do not load the bundled rule pack\n"
            "      --fail-on SEV       exit 1 when a finding is at least SEV: error, warning, info\n"
            "                          (default error)\n"
            "      --min-severity SEV  report only findings at least SEV (default info)\n"
            "      --disable ID        turn a rule off (ID, or a family: power.*); repeatable\n"
            "      --enable ID         turn a rule on, also one that is off by default; repeatable\n"
            "  -q, --quiet             text: only the finding lines, no excerpts or summary\n"
            "      --profile NAME      jurisdiction parameters: national (default), beijing, shaanxi, or a file\n"
            "      --as-of DATE        judge citations as of DATE (YYYY-MM-DD) instead of each document's date\n"
            "      --config FILE       project config (default: .normlint.yaml found upward from the input)\n"
            "      --no-config         ignore any .normlint.yaml\n"
            "      --color WHEN        never, always or auto (default; honours NO_COLOR)\n"
            CLI_LOAD_HELP
            "  -h, --help              show this help\n"
            "\n"
            "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage,\n"
            "configuration or rule-pack error, 3 some input could not be read.\n",
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

static int on_input(void *ud, const char *path, const nl_error *werr)
{
    run *r = ud;
    nl_error err;
    nl_doc *doc = NULL;
    if (path && r->cfg && nl_config_ignored(r->cfg, path))
        return 0; /* ignored by the project config */
    if (werr) {
        err = *werr;
    } else if (nl_load_path(&doc, path, &r->lopts, &err) == NL_OK) {
        nl_result *res = NULL;
        if (nl_check(&res, r->m, r->rs, doc, &r->copts, &err) != NL_OK) {
            cli_error(&err);
            r->fatal = 1;
            nl_doc_free(doc);
            return 1;
        }
        for (size_t i = 0; i < nl_result_warning_count(res); i++)
            fprintf(stderr, "normlint: warning: %s\n", nl_result_warning(res, i));
        for (int s = (int)r->fail_on; s <= NL_SEV_ERROR; s++)
            if (nl_result_severity_count(res, (nl_severity)s) > 0)
                r->failing = 1;
        if (nl_report_doc(r->rep, doc, res) != NL_OK)
            r->fatal = 1;
        nl_result_free(res);
        nl_doc_free(doc);
        return r->fatal;
    }
    cli_error(&err);
    r->unreadable = 1;
    if (nl_report_unreadable(r->rep, &err) != NL_OK)
        r->fatal = 1;
    return r->fatal;
}

static int parse_severity(const char *opt, const char *v, nl_severity *out)
{
    if (!nl_severity_parse(v, out)) {
        cli_usage_error("check", "%s needs error, warning or info, not '%s'", opt, v);
        return 0;
    }
    return 1;
}

int cmd_check(int argc, char **argv)
{
    enum { O_NO_BUNDLED = 256, O_FAIL_ON, O_MIN_SEV, O_DISABLE, O_ENABLE, O_COLOR, O_PROFILE, O_AS_OF, O_CONFIG,
           O_NO_CONFIG };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"rules", required_argument, NULL, 'r'},
        {"no-bundled", no_argument, NULL, O_NO_BUNDLED},
        {"fail-on", required_argument, NULL, O_FAIL_ON},
        {"min-severity", required_argument, NULL, O_MIN_SEV},
        {"disable", required_argument, NULL, O_DISABLE},
        {"enable", required_argument, NULL, O_ENABLE},
        {"quiet", no_argument, NULL, 'q'},
        {"color", required_argument, NULL, O_COLOR},
        {"colour", required_argument, NULL, O_COLOR},
        {"profile", required_argument, NULL, O_PROFILE},
        {"as-of", required_argument, NULL, O_AS_OF},
        {"config", required_argument, NULL, O_CONFIG},
        {"no-config", no_argument, NULL, O_NO_CONFIG},
        CLI_LOAD_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    run r;
    memset(&r, 0, sizeof r);
    r.fail_on = NL_SEV_ERROR;
    r.copts.min_severity = NL_SEV_INFO;
    const char *format = "text";
    const char *packs[MAX_PACKS];
    size_t npacks = 0;
    /* --enable/--disable in command-line order */
    const char *toggles[256];
    int toggle_on[256];
    size_t ntoggles = 0;
    int bundled = 1;
    nl_report_opts ropts = {.color = 0, .quiet = 0};
    const char *color = "auto";
    int c, rc = NL_EXIT_USAGE;
    nl_error err;
    nl_ruleset *rs = NULL;
    const char *profile_name = NULL, *config_path = NULL;
    int no_config = 0;
    nl_config *cfg = NULL;
    nl_profile *profile = NULL;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:r:qh", longopts, NULL)) != -1) {
        int took = cli_load_option("check", c, optarg, &r.lopts);
        if (took < 0)
            return NL_EXIT_USAGE;
        if (took)
            continue;
        switch (c) {
        case 'f': format = optarg; break;
        case 'r':
            if (npacks == MAX_PACKS) {
                cli_usage_error("check", "at most %d --rules options", MAX_PACKS);
                return NL_EXIT_USAGE;
            }
            packs[npacks++] = optarg;
            break;
        case O_NO_BUNDLED: bundled = 0; break;
        case O_FAIL_ON:
            if (!parse_severity("--fail-on", optarg, &r.fail_on))
                return NL_EXIT_USAGE;
            break;
        case O_MIN_SEV:
            if (!parse_severity("--min-severity", optarg, &r.copts.min_severity))
                return NL_EXIT_USAGE;
            break;
        case O_DISABLE:
        case O_ENABLE:
            if (ntoggles == sizeof toggles / sizeof toggles[0]) {
                cli_usage_error("check", "too many --enable/--disable options");
                return NL_EXIT_USAGE;
            }
            toggles[ntoggles] = optarg;
            toggle_on[ntoggles++] = c == O_ENABLE;
            break;
        case 'q': ropts.quiet = 1; break;
        case O_PROFILE: profile_name = optarg; break;
        case O_CONFIG: config_path = optarg; break;
        case O_NO_CONFIG: no_config = 1; break;
        case O_AS_OF: {
            nl_date *d = &r.copts.as_of;
            char extra;
            memset(d, 0, sizeof *d);
            if (sscanf(optarg, "%d-%d-%d%c", &d->year, &d->month, &d->day, &extra) != 3 ||
                !nl_date_valid(d->year, d->month, d->day)) {
                cli_usage_error("check", "--as-of needs a date such as 2024-06-30, not '%s'", optarg);
                return NL_EXIT_USAGE;
            }
            break;
        }
        case O_COLOR: color = optarg; break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            if (optopt)
                cli_usage_error("check", "option '-%c' is unknown or needs a value", optopt);
            else
                cli_usage_error("check", "unknown or incomplete option '%s'", argv[optind - 1]);
            return NL_EXIT_USAGE;
        }
    }
    if ((ropts.color = cli_color(color)) < 0) {
        cli_usage_error("check", "--color needs never, always or auto, not '%s'", color);
        return NL_EXIT_USAGE;
    }
    if (optind >= argc) {
        cli_usage_error("check", "no input: name at least one file or directory");
        return NL_EXIT_USAGE;
    }
    if (!bundled && npacks == 0) {
        cli_usage_error("check", "--no-bundled needs at least one --rules DIR");
        return NL_EXIT_USAGE;
    }
    /* the project config: --config, else .normlint.yaml upward from the first input */
    char found[4096];
    if (!no_config && !config_path) {
        char start[4096];
        snprintf(start, sizeof start, "%s", argv[optind]);
        struct stat sb;
        if (stat(start, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            char *slash = strrchr(start, '/');
            if (slash)
                *slash = '\0';
            else
                strcpy(start, ".");
        }
        if (nl_config_find(start, found, sizeof found))
            config_path = found;
    }
    if (config_path && !no_config && nl_config_load(&cfg, config_path, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    if (cfg) {
        for (size_t i = 0; i < nl_config_rules_count(cfg) && npacks < MAX_PACKS; i++)
            packs[npacks++] = nl_config_rules(cfg, i);
        if (!profile_name)
            profile_name = nl_config_profile(cfg);
    }
    if (cli_load_profile(profile_name, &profile) != NL_EXIT_OK)
        goto done;
    r.copts.profile = profile;
    if (cli_load_rules(&rs, packs, npacks, bundled, 1) != NL_EXIT_OK) {
        fprintf(stderr, "normlint: the rule packs have errors; nothing was checked\n");
        goto done;
    }
    if (cfg && nl_config_apply(cfg, rs, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    for (size_t i = 0; i < ntoggles; i++)
        if (nl_ruleset_set_enabled(rs, toggles[i], toggle_on[i], &err) != NL_OK) {
            cli_usage_error("check", "%s %s: %s", toggle_on[i] ? "--enable" : "--disable", toggles[i],
                            err.message);
            goto done;
        }
    ropts.rules = rs;
    if (nl_report_new(&r.rep, format, stdout, &ropts, &err) != NL_OK) {
        cli_usage_error("check", "%s", err.message);
        goto done;
    }
    if (nl_matcher_new(&r.m, rs, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    r.rs = rs;
    r.cfg = cfg;
    for (int i = optind; i < argc && !r.fatal; i++)
        if (nl_walk(argv[i], on_input, &r) != NL_OK) {
            nl_error_set(&err, NL_ERR_NOMEM, argv[i], "out of memory while listing inputs");
            cli_error(&err);
            r.fatal = 1;
        }
    if (nl_report_finish(r.rep) != NL_OK) {
        fprintf(stderr, "normlint: cannot write the report\n");
        r.fatal = 1;
    }
    r.rep = NULL;
    rc = r.fatal ? NL_EXIT_USAGE : r.unreadable ? NL_EXIT_UNREADABLE : r.failing ? NL_EXIT_FINDINGS : NL_EXIT_OK;
done:
    nl_report_finish(r.rep);
    nl_matcher_free(r.m);
    nl_ruleset_free(rs);
    nl_profile_free(profile);
    nl_config_free(cfg);
    return rc;
}
