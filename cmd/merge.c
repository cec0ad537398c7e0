/*
 * merge.c — `normlint merge SHARD.jsonl...`: combine the jsonl outputs of
 * `audit --shard K/N` runs into the report a single run gives. Records are put
 * back in input order by their index, joined with the register and counted
 * again, so the review and json reports are byte-identical to a single run
 * with the same options.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int by_index(const void *a, const void *b)
{
    size_t x = ((const nl_record *)a)->index, y = ((const nl_record *)b)->index;
    return x < y ? -1 : x > y;
}

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: normlint merge [OPTIONS] SHARD.jsonl...\n"
            "\n"
            "Combine the outputs of 'normlint audit --format jsonl --shard K/N' into the\n"
            "report one run over all inputs would give. Use the same --register, --rules\n"
            "and --profile as the shards.\n"
            "\n"
            "Options:\n"
            "  -f, --format FMT     %s (default review)\n"
            "      --register FILE  the register the audit is joined with\n"
            "  -r, --rules DIR      rule packs the shards used besides the bundled one\n"
            "      --no-bundled     the shards did not use the bundled pack\n"
            "      --profile NAME   jurisdiction parameters (the filing deadline)\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit codes as for audit.\n",
            nl_audit_formats());
}

int cmd_merge(int argc, char **argv)
{
    enum { O_REGISTER = 256, O_NO_BUNDLED, O_PROFILE };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},   {"register", required_argument, NULL, O_REGISTER},
        {"rules", required_argument, NULL, 'r'},    {"no-bundled", no_argument, NULL, O_NO_BUNDLED},
        {"profile", required_argument, NULL, O_PROFILE}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *format = "review", *register_path = NULL, *profile_name = NULL, *packs[64];
    size_t npacks = 0;
    int bundled = 1, c, rc = NL_EXIT_USAGE;
    nl_error err;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "f:r:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case O_REGISTER: register_path = optarg; break;
        case 'r':
            if (npacks < 64)
                packs[npacks++] = optarg;
            break;
        case O_NO_BUNDLED: bundled = 0; break;
        case O_PROFILE: profile_name = optarg; break;
        case 'h': usage(stdout); return NL_EXIT_OK;
        default:
            cli_usage_error("merge", "unknown or incomplete option '%s'", argv[optind - 1]);
            return NL_EXIT_USAGE;
        }
    }
    int streams;
    if (!nl_audit_format_known(format, &streams)) {
        cli_usage_error("merge", "unknown format '%s' (known: %s)", format, nl_audit_formats());
        return NL_EXIT_USAGE;
    }
    if (optind >= argc) {
        cli_usage_error("merge", "name at least one shard output (jsonl)");
        return NL_EXIT_USAGE;
    }
    nl_ruleset *rs = NULL;
    nl_register *reg = NULL;
    nl_profile *profile = NULL;
    nl_record *recs = NULL;
    size_t n = 0;
    if (cli_load_rules(&rs, packs, npacks, bundled, 1) != NL_EXIT_OK)
        goto done;
    if (register_path && nl_register_load(&reg, register_path, &err) != NL_OK) {
        cli_error(&err);
        goto done;
    }
    if (cli_load_profile(profile_name, &profile) != NL_EXIT_OK)
        goto done;
    for (int i = optind; i < argc; i++)
        if (nl_audit_read_jsonl(argv[i], rs, &recs, &n, &err) != NL_OK) {
            cli_error(&err);
            goto done;
        }
    if (n > 1)
        qsort(recs, n, sizeof *recs, by_index);
    for (size_t i = 1; i < n; i++)
        if (recs[i].index == recs[i - 1].index) {
            fprintf(stderr, "normlint: input %zu (%s) appears in two shard outputs\n", recs[i].index, recs[i].path);
            goto done;
        }
    if (streams)
        for (size_t i = 0; i < n; i++)
            if (nl_audit_jsonl_record(stdout, &recs[i], NULL) != NL_OK)
                goto done;
    nl_audit_stats st;
    nl_audit_join(recs, n, reg, profile ? profile : nl_profile_builtin(), &st);
    if (nl_audit_report(format, stdout, recs, n, reg, &st, streams) != NL_OK) {
        fprintf(stderr, "normlint: cannot write the report\n");
        goto done;
    }
    rc = st.unreadable ? NL_EXIT_UNREADABLE : st.conclusions[NL_CONCL_CORRECT] ? NL_EXIT_FINDINGS : NL_EXIT_OK;
done:
    for (size_t i = 0; i < n; i++)
        nl_record_clear(&recs[i]);
    free(recs);
    nl_ruleset_free(rs);
    nl_register_free(reg);
    nl_profile_free(profile);
    return rc;
}
